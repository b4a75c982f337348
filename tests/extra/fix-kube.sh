#!/usr/bin/env bash
# vakt fix over Kubernetes manifests as properties: tests/extra/fix-kube.py.
exec python3 "$(dirname "$0")/fix-kube.py" "$@"
