#!/usr/bin/env bash
# Images built or tagged earlier in the same script are local, not pulls.
set -euo pipefail

docker build -t billing-dev -f Dockerfile.dev .
docker run --rm -v "$PWD":/app billing-dev ./manage.py migrate
docker run --rm billing-dev:latest ./manage.py check

docker buildx build --load --tag acme/e2e-runner -f e2e/Dockerfile .
docker run --rm -e BASE_URL=http://localhost:3000 acme/e2e-runner

docker tag billing-dev registry.example.com/billing
docker run --rm registry.example.com/billing:latest true

podman build --tag=localhost/tools .
podman run --rm localhost/tools shellcheck ./*.sh

buildah bud -t docs-builder docs/
podman run --rm docs-builder make html
