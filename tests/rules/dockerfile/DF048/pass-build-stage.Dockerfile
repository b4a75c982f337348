# Network tools in a build stage only (the final stage copies from it); curl is
# DF041, not DF048.
FROM alpine:3.20 AS probe
RUN apk add --no-cache nmap socat
FROM alpine:3.20
RUN apk add --no-cache curl
COPY --from=probe /etc/os-release /probe-os-release
USER 10001
