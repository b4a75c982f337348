# Enabling a unit and mentioning a command name are fine.
FROM debian:12
RUN systemctl enable nginx && echo service && ls /etc/ssh
USER 10001
