# apt-get and apt-cache, and apt as an argument.
FROM debian:12
RUN apt-get update && apt-cache policy curl && echo apt && apt-get install -y --no-install-recommends apt-utils
USER 10001
