#!/bin/sh
# A local image with --user: nothing to report.
docker build -t billing .
docker run --rm --user 10001:10001 billing ./check
