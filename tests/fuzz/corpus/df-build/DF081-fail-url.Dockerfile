# expect: DF081:7
# expect: DF081:8
# expect: DF081:9
# expect: DF081:9
# expect: DF081:11
FROM alpine:3.20
ADD https://example.com/tool.tar.gz /opt/
ADD http://example.com/plain.txt /opt/
ADD HTTPS://example.com/a https://example.com/b /opt/
ARG VERSION=1.2.3
ADD https://example.com/${VERSION}/tool /usr/local/bin/tool
