# expect: DF022:5
# expect: DF022:6
# expect: DF022:7
FROM alpine:3.20
COPY .git /app/.git
COPY .aws/credentials /root/.aws/credentials
COPY .docker/config.json /root/.docker/config.json
