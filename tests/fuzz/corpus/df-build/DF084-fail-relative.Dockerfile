# expect: DF084:4
# expect: DF084:8
FROM alpine:3.20
WORKDIR app
WORKDIR /srv
WORKDIR data
FROM debian:12-slim AS two
WORKDIR "relative/dir"
