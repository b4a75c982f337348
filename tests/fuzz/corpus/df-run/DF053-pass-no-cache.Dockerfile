# The flag, a cache mount, or removing the cache in the same RUN.
FROM alpine:3.20
RUN apk add --no-cache curl
RUN apk --no-cache add git
RUN --mount=type=cache,target=/var/cache/apk apk add make
RUN apk add gcc && rm -rf /var/cache/apk/*
USER 10001
