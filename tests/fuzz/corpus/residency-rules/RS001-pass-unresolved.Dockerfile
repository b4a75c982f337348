# A registry that is not known at scan time is not judged.
ARG REGISTRY
FROM ${REGISTRY}/app:1
USER 10001
