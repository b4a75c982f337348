# setuid and setgid, octal and symbolic.
# expect: DF044:8
# expect: DF044:9
# expect: DF044:9
# expect: DF044:10
# expect: DF044:11
FROM debian:12
RUN chmod u+s /usr/local/bin/helper
RUN chmod 4755 /usr/local/bin/helper && chmod 2755 /usr/local/bin/other
RUN chmod +s /bin/tool \
    && chmod g+s /srv/shared
USER 10001
