# Index refreshed in a RUN of its own.
# expect: DF060:6
# expect: DF060:9
# expect: DF060:11
FROM debian:12
RUN apt-get update
RUN apt-get install -y --no-install-recommends curl
FROM alpine:3.20
RUN apk update
FROM opensuse/leap:15.6
RUN zypper refresh && echo refreshed
USER 10001
