docker run --read-only --tmpfs /tmp registry.example.com/api:1.0
docker run --read-only --mount type=tmpfs,destination=/tmp registry.example.com/api:1.0
