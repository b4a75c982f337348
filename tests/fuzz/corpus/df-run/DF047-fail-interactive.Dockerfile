# Daemons, process control and interactive tools in RUN.
# expect: DF047:8
# expect: DF047:9
# expect: DF047:10
# expect: DF047:11
# expect: DF047:12
FROM debian:12
RUN service nginx start
RUN systemctl start nginx
RUN ssh deploy@build.example.com true
RUN kill -HUP 1 || true
ONBUILD RUN shutdown -h now
USER 10001
