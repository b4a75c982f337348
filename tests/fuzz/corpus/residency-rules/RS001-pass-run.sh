#!/bin/sh
# EEA registries, Docker Hub, an unresolved registry, and a pragma.
docker run -d europe-west4-docker.pkg.dev/acme/r/app:1
docker run --rm alpine:3.20 echo us.gcr.io/acme/app:1
docker run --rm "$REGISTRY/app:1"
# vakt ignore=RS001 -- mirror only
docker run --rm us.gcr.io/acme/mirror:1
