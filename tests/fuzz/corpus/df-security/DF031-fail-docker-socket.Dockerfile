# expect: DF031:3
FROM docker:27-cli
VOLUME ["/var/run/docker.sock"]
