# Clean commands, removing the cache directory, or a cache mount.
FROM rockylinux:9
RUN yum install -y httpd && yum clean all
RUN dnf install -y git && rm -rf /var/cache/dnf
RUN --mount=type=cache,target=/var/cache/dnf dnf install -y make
RUN dnf install -y gcc && microdnf clean all
FROM opensuse/leap:15.6
RUN zypper -n install curl && zypper clean --all
RUN zypper -n in git && zypper cc -a
USER 10001
