# Pipes under the default shell and under a SHELL without pipefail; one finding per RUN.
# expect: DF061:5
# expect: DF061:8
FROM debian:12
RUN curl -fsSL https://example.com/x.tgz | tar -xz && echo a | cat
SHELL ["/bin/bash", "-c"]
RUN set -e; \
    wget -qO- https://example.com/x.tgz | tar -xz
USER 10001
