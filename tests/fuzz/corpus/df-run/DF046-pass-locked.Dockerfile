# Users without passwords, and locking an account.
FROM debian:12
RUN useradd -r -u 10001 -s /usr/sbin/nologin app && usermod -p '!' root && passwd -l root
FROM alpine:3.20
RUN adduser -D -u 10001 app
USER 10001
