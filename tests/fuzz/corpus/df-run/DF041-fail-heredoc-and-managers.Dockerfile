# Heredoc RUN and the RPM and zypper managers.
# expect: DF041:8
# expect: DF041:11
# expect: DF041:11
# expect: DF041:12
FROM registry.access.redhat.com/ubi9/ubi-minimal:9.4
RUN <<EOF
microdnf install -y tcpdump
microdnf clean all
EOF
RUN dnf install -y vim-enhanced gcc-c++ && dnf clean all
RUN zypper -n install make
USER 10001
