# Octal and symbolic world-writable modes, through chmod, mkdir -m and install -m.
# expect: DF043:9
# expect: DF043:10
# expect: DF043:10
# expect: DF043:11
# expect: DF043:12
# expect: DF043:14
FROM debian:12
RUN chmod 777 /app
RUN chmod -R a+rwx /data && chmod o+w /etc/app.conf
RUN mkdir -p -m 0777 /shared
RUN install -m 666 app.conf /etc/app.conf
RUN <<EOF
chmod u=rwx,go=rwx /srv
EOF
USER 10001
