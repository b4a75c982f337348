#!/bin/sh
# expect: CR013:4
# expect: CR013:5
docker run -d -p "$PG_PORT:5432" postgres:16
docker run -d -p "${REDIS_PORT:-6379}:6379" redis:7
docker run -d -p "127.0.0.1:$PORT:5432" postgres:16
