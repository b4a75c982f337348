# SHELL instead; links from /bin/sh elsewhere are fine.
FROM debian:12
SHELL ["/bin/bash", "-c"]
RUN ln -s /bin/sh /usr/local/bin/posix-sh
USER 10001
