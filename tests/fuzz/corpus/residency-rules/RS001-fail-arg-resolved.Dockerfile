# The registry comes from a global ARG: the resolved image is judged.
# expect: RS001:5
ARG REGISTRY=us-central1-docker.pkg.dev/acme/base
ARG TAG=1.4
FROM ${REGISTRY}/app:${TAG}
USER 10001
