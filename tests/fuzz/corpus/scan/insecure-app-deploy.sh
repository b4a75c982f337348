#!/bin/sh
# The deploy script as we found it: the same faults as docker-compose.yml,
# written as docker run lines (vakt reads both the same way).
set -e

docker build -t payment-api .

docker run -d --name payment-api --restart always \
  -p 3000:3000 \
  -e DB_PASSWORD=hunter2 \
  -v /var/run/docker.sock:/var/run/docker.sock \
  payment-api

docker run -d --name db --privileged -p 5432:5432 \
  -e POSTGRES_PASSWORD=hunter2 postgres

docker run -dit --net=host --name proxy ngnix:1.25
