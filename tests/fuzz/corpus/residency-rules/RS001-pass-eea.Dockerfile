# Registries in the EEA, and registries whose name tells no region.
FROM eu.gcr.io/acme/base:1 AS a
FROM europe-west4-docker.pkg.dev/acme/r/base:1 AS b
FROM europe-docker.pkg.dev/acme/r/base:1 AS c
FROM 123456789012.dkr.ecr.eu-north-1.amazonaws.com/base:1 AS d
FROM myregistry.westeurope.data.azurecr.io/base:1 AS e
FROM myregistry.azurecr.io/base:1 AS f
FROM ghcr.io/acme/base:1 AS g
FROM public.ecr.aws/docker/library/alpine:3.20 AS h
FROM quay.io/acme/base:1 AS i
FROM alpine:3.20 AS j
COPY --from=b /x /x
FROM scratch
COPY --from=j /x /x
USER 10001
