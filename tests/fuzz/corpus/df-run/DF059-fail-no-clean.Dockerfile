# yum, dnf, microdnf and zypper installs without a clean in the same RUN.
# expect: DF059:7
# expect: DF059:8
# expect: DF059:10
# expect: DF059:12
FROM rockylinux:9
RUN yum install -y httpd
RUN dnf install -y git && dnf clean all && dnf install -y make
FROM registry.access.redhat.com/ubi9/ubi-minimal:9.4
RUN microdnf install -y tar
FROM opensuse/leap:15.6
RUN zypper -n install curl
USER 10001
