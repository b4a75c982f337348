# Installs, upgrades and removals that wait for a confirmation.
# expect: DF057:8
# expect: DF057:9
# expect: DF057:11
# expect: DF057:12
# expect: DF057:15
FROM debian:12
RUN apt-get update && apt-get install --no-install-recommends curl
RUN apt-get -q remove git
FROM rockylinux:9
RUN yum install httpd && yum clean all
RUN dnf install \
    git && dnf clean all
FROM opensuse/leap:15.6
RUN zypper install curl && zypper clean
USER 10001
