#!/bin/sh
# memcached and kong start as their own users.
docker run -d --name cache --restart unless-stopped memcached:1.6 memcached -m 64
docker run -d --name kong -e KONG_DATABASE=off kong:3.7
