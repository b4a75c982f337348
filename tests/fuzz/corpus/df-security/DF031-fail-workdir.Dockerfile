# expect: DF031:4
# expect: DF031:5
FROM alpine:3.20
WORKDIR /proc/self
WORKDIR /boot
