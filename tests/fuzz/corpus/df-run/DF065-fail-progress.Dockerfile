# wget printing its progress bar.
# expect: DF065:5
# expect: DF065:6
FROM debian:12
RUN wget https://example.com/a.tgz
RUN wget -O /tmp/b.tgz \
    https://example.com/b.tgz
USER 10001
