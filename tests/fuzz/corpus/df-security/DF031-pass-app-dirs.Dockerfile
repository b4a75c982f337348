FROM alpine:3.20
WORKDIR /app
WORKDIR /devices
VOLUME /data /var/lib/app /system
