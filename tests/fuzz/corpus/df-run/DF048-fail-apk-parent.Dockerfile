# socat and nmap in the stage the final stage is built on; curl is DF041.
# expect: DF048:5
# expect: DF048:5
FROM alpine:3.20 AS base
RUN apk add --no-cache socat nmap curl
FROM base
USER 10001
