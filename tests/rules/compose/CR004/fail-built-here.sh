#!/bin/sh
# A local image without --user runs as its Dockerfile's USER: still reported.
# expect: CR004:5
docker build -t billing .
docker run --rm billing ./check
