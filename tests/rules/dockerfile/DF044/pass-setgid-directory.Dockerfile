# setgid on a directory makes new files inherit its group: nothing runs with
# it. Directories made by the same command, earlier in the file, by WORKDIR,
# written with a trailing '/', or given the sticky bit too (meaningless on a file).
FROM debian:12
RUN mkdir -p /var/run/postgresql && chown -R postgres:postgres /var/run/postgresql \
	&& chmod 3777 /var/run/postgresql
RUN mkdir -p /app/shared && chgrp app /app/shared && chmod g+s /app/shared
RUN install -d -m 2775 -o app -g app /srv/uploads && install -d -m 3777 /srv/spool
RUN mkdir -m 2775 /srv/team
WORKDIR /data
RUN chmod 2770 /data && chmod g+s /opt/cache/
RUN chmod 3775 /srv/any
USER 10001
