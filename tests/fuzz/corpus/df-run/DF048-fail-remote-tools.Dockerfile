# sudo, an SSH server and netcat in the final image.
# expect: DF048:7
# expect: DF048:8
# expect: DF048:8
FROM debian:12
RUN apt-get update && apt-get install -y --no-install-recommends \
    sudo \
    openssh-server netcat-openbsd
USER 10001
