# apt-get -q=2 (like -qq) implies --assume-yes.
FROM debian:12
RUN apt-get update -q=2 && apt-get install -q=2 --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
RUN apt-get update --quiet=2 && apt-get --quiet=2 install --no-install-recommends git && rm -rf /var/lib/apt/lists/*
RUN apt-get -q -q install --no-install-recommends make && rm -rf /var/lib/apt/lists/*
USER 10001
