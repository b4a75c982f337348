# Every way of quieting wget.
FROM debian:12
RUN wget -q https://example.com/a && wget -nv https://example.com/b && wget --progress=dot:giga https://example.com/c
RUN wget -qO- https://example.com/d > /tmp/d && wget -o /tmp/log https://example.com/e && wget --no-verbose https://example.com/f
USER 10001
