# setgid on what may be a program, recursively on a tree, or setuid on a
# directory made here: still reported.
# expect: DF044:8
# expect: DF044:9
# expect: DF044:10
# expect: DF044:11
FROM debian:12
RUN chmod g+s /usr/local/bin/tool
RUN mkdir -p /srv/shared && chmod -R g+s /srv/shared
RUN mkdir -p /srv/x && chmod 6775 /srv/x
RUN chmod 2755 /usr/bin/other && mkdir /usr/bin/other
USER 10001
