# expect: DF099:5
FROM debian:12-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && echo fetched # now clean up \
    && rm -rf /var/lib/apt/lists/*
