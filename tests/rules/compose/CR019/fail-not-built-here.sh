#!/bin/sh
# nodejs is built; pythn is not, so it would be pulled from Docker Hub.
# expect: CR019:6
docker build -t nodejs -f docker/node.Dockerfile .
docker run --rm nodejs npm test
docker run --rm pythn -m pytest
