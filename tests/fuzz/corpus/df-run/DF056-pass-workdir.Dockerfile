# WORKDIR, make -C, and cd inside sh -c are fine.
FROM debian:12
WORKDIR /src
RUN make -C /src && sh -c 'cd /tmp && ls' && echo cd
USER 10001
