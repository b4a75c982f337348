# expect: DF084:4
FROM alpine:3.20
ENV APP_DIR=app
WORKDIR ${APP_DIR}
