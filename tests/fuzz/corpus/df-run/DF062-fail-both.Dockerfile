# curl and wget in the same stage: one finding, at the second tool.
# expect: DF062:5
FROM debian:12
RUN curl -fsSLo /tmp/a https://example.com/a
RUN wget -q https://example.com/b && wget -q https://example.com/c
USER 10001
