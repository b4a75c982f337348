#!/bin/sh
# Deploy the payment API hardened: the 2020 article's docker run line,
# completed with a read-only root filesystem, a writable /tmp,
# no-new-privileges and a loopback-only port. Secrets come from a file
# only root can read, not from the command line.
set -eu

IMAGE="registry.example.com/shop/payment-api:${VERSION:?set VERSION}"

docker build -t "$IMAGE" .

docker run -d --name payment-api --restart on-failure:5 \
  --user 10001:10001 \
  --cap-drop=ALL \
  --read-only --tmpfs /tmp \
  --security-opt no-new-privileges \
  -p 127.0.0.1:3000:3000 \
  --env-file /etc/payment-api/env \
  "$IMAGE"
