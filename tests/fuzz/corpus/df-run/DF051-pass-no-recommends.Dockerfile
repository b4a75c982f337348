# The flag, the -o setting, or an apt.conf.d file written earlier in the stage or its parent.
FROM debian:12 AS base
RUN apt-get install -y --no-install-recommends curl
RUN apt-get -o APT::Install-Recommends=false install -y git
RUN echo 'APT::Install-Recommends "false";' > /etc/apt/apt.conf.d/99norecommends
RUN apt-get install -y make
FROM base
RUN apt-get install -y gcc
USER 10001
