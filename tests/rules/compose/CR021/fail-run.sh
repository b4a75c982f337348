#!/bin/sh
# expect: CR021:4
# A throwaway test database, still open to anything on the host's networks.
docker run -d --name pg -e POSTGRES_HOST_AUTH_METHOD=trust -p 5432:5432 postgres:16.4
