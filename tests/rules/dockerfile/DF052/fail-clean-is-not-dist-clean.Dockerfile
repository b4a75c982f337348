# apt-get clean keeps the lists; a dist-clean before the update does not count.
# expect: DF052:5
# expect: DF052:6
FROM debian:13-slim
RUN apt-get update && apt-get install -y --no-install-recommends x && apt-get clean
RUN apt-get dist-clean && apt-get update && apt-get install -y --no-install-recommends y
USER 10001
