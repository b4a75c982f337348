# apk add without --no-cache.
# expect: DF053:5
# expect: DF053:6
FROM alpine:3.20
RUN apk update && apk add curl
RUN apk --update add \
    git
USER 10001
