# Verification turned off by command-line options.
# expect: DF045:16
# expect: DF045:17
# expect: DF045:17
# expect: DF045:18
# expect: DF045:19
# expect: DF045:20
# expect: DF045:21
# expect: DF045:22
# expect: DF045:22
# expect: DF045:24
# expect: DF045:25
# expect: DF045:26
# expect: DF045:28
FROM debian:12
RUN curl -fsSLk https://example.com -o /tmp/x
RUN curl --insecure https://example.com && wget --no-check-certificate https://example.com
RUN pip install --trusted-host pypi.org flask==3.0.3
RUN apt-get -o Acquire::https::Verify-Peer=false update
RUN apt-get install -y --allow-unauthenticated --no-install-recommends foo
RUN git config --global http.sslVerify false
RUN npm config set strict-ssl false && yarn config set strict-ssl false
FROM fedora:40
RUN dnf install -y --nogpgcheck foo && dnf clean all
RUN rpm -i --nosignature /tmp/foo.rpm
RUN dnf config-manager --setopt=*.sslverify=0 --save
FROM alpine:3.20
RUN apk add --no-cache --allow-untrusted /tmp/foo.apk
USER 10001
