# dnf and yum aliases and group installs prompt without -y too.
# expect: DF057:8
# expect: DF057:9
# expect: DF057:10
# expect: DF057:11
# expect: DF057:12
FROM fedora:40
RUN dnf in vim-enhanced && dnf clean all
RUN dnf rei tar && dnf clean all
RUN dnf group install "Development Tools" && dnf clean all
RUN microdnf up && microdnf clean all
RUN yum upgrade-minimal && yum clean all
USER 10001
