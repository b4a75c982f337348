# The short spellings upgrade everything too.
# expect: DF050:5
# expect: DF050:6
FROM fedora:40
RUN dnf up -y && dnf clean all
RUN microdnf up-min -y && microdnf clean all
USER 10001
