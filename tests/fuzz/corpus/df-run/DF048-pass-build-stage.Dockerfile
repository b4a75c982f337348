# Network tools in a build stage only; curl is DF041, not DF048.
FROM alpine:3.20 AS probe
RUN apk add --no-cache nmap socat
FROM alpine:3.20
RUN apk add --no-cache curl
USER 10001
