# One finding per RUN, at the first unpinned package.
# expect: DF055:10
# expect: DF055:12
# expect: DF055:13
# expect: DF055:15
# expect: DF055:17
FROM debian:12
RUN apt-get update && apt-get install -y --no-install-recommends \
    ca-certificates=20230311 \
    curl \
    git
RUN pip install --no-cache-dir flask requests==2.32.3
RUN npm install -g typescript@latest && gem install rails && go install golang.org/x/tools/gopls@latest
FROM alpine:3.20
RUN apk add --no-cache curl=8.9.1-r0 git
FROM rockylinux:9
RUN yum install -y httpd java-11-openjdk && yum clean all
USER 10001
