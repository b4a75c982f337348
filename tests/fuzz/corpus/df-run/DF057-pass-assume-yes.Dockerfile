# Every spelling of yes, and apk, which never asks.
FROM debian:12
RUN apt-get install -y --no-install-recommends curl && apt-get -qq install --no-install-recommends git
RUN apt-get install --assume-yes --no-install-recommends make && apt-get -o APT::Get::Assume-Yes=true install gcc
RUN yes | apt-get install --no-install-recommends vim
FROM rockylinux:9
RUN yum -y install httpd && dnf install --assumeyes git && microdnf install -y tar && yum clean all
FROM opensuse/leap:15.6
RUN zypper -n install curl && zypper install -y git && zypper --non-interactive in make && zypper clean
FROM alpine:3.20
RUN apk add --no-cache curl
USER 10001
