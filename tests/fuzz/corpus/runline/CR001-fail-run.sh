#!/bin/sh
# expect: CR001:4
# expect: CR001:6
docker run -d --privileged --name dind docker:27-dind
podman run --rm \
  --privileged=true \
  alpine:3.20 true
