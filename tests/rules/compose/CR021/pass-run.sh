#!/bin/sh
docker run -d --name pg -e POSTGRES_PASSWORD_FILE=/run/secrets/pg -e POSTGRES_HOST_AUTH_METHOD postgres:16.4
