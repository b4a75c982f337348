# Update followed by an install or upgrade in the same RUN.
FROM debian:12
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
RUN apt-get update && apt-get upgrade -y
FROM alpine:3.20
RUN apk update && apk add curl
USER 10001
