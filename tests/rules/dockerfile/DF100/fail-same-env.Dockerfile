# A value that reads a variable set earlier in the same ENV gets its old value.
# expect: DF100:6
# expect: DF100:7
# expect: DF100:9
FROM alpine:3.20
ENV NODE_VERSION=20.15.1 NODE_URL=https://nodejs.org/dist/v${NODE_VERSION}/node.tar.xz
ENV APP_HOME=/srv/app PATH="$APP_HOME/bin:$PATH"
ENV PATH=/opt/a:${PATH} \
    PATH=/opt/b:${PATH}
USER 10001
