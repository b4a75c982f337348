#!/bin/sh
# Local images may be named like official ones: they are built here, not pulled.
docker build -t nodejs -f docker/node.Dockerfile .
docker build -t rabbit -f docker/rabbit.Dockerfile .
docker run --rm nodejs npm test
docker run -d --name mq rabbit
