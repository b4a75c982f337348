docker run --user 10001 acme/api:1.2.0
# official images are CR003, not CR004
docker run alpine:3.20 true
