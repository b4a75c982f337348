# expect: CR010:3
docker run --rm \
  --mount type=bind,source=/var/run/docker.sock,target=/var/run/docker.sock \
  registry.example.com/ci-tool:1.0
