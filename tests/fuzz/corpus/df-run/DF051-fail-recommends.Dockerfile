# apt-get and apt install without --no-install-recommends.
# expect: DF051:6
# expect: DF051:8
# expect: DF051:9
FROM debian:12
RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*
RUN DEBIAN_FRONTEND=noninteractive \
    apt-get -y install tzdata
ONBUILD RUN apt-get install -y make
USER 10001
