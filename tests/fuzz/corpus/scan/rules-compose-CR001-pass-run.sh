#!/bin/sh
docker run --privileged=false alpine:3.20 true
echo "never: docker run --privileged"
# vakt ignore=CR001 -- the lab VM only, reviewed by security
docker run --privileged alpine:3.20 true
