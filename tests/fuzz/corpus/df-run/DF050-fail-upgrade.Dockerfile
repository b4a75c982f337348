# Upgrading everything, in every OS family.
# expect: DF050:9
# expect: DF050:9
# expect: DF050:11
# expect: DF050:13
# expect: DF050:13
# expect: DF050:15
FROM debian:12
RUN apt-get update && apt-get upgrade -y && apt-get dist-upgrade -y
FROM alpine:3.20
RUN apk upgrade --no-cache
FROM rockylinux:9
RUN yum update -y && dnf upgrade -y && dnf clean all
FROM opensuse/leap:15.6
RUN zypper -n dup
USER 10001
