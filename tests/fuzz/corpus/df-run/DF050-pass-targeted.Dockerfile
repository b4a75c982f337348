# Updating named packages, refreshing indexes and language managers are fine.
FROM rockylinux:9
RUN yum update -y openssl && yum clean all
FROM debian:12
RUN apt-get update && apt-get install -y --no-install-recommends --only-upgrade openssl && rm -rf /var/lib/apt/lists/*
RUN npm update -g npm
USER 10001
