#!/bin/sh
# The image of docker run and podman run lines.
# expect: RS001:6
# expect: RS001:7
docker run -d --read-only -u 10001 \
  us.gcr.io/acme/app:1 --serve
podman run --rm 123456789012.dkr.ecr.ap-southeast-2.amazonaws.com/tool:3
