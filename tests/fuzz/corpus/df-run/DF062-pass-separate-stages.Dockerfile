# One tool per stage.
FROM debian:12 AS a
RUN curl -fsSLo /tmp/a https://example.com/a
FROM debian:12
RUN wget -q https://example.com/b
USER 10001
