FROM debian:12
RUN set -eux; \
    # a comment inside the continuation
    apt-get update; \

    apt-get install -y --no-install-recommends \
        ca-certificates \   
        curl \
    ; \
    rm -rf /var/lib/apt/lists/*
RUN echo trailing backslash literal \\
CMD ["bash"]
