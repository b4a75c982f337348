# expect: DF031:3
FROM alpine:3.20
VOLUME /proc
