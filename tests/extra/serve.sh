#!/usr/bin/env bash
# vakt serve end to end (tests/serve/serve.py): the webhook over TLS on
# 127.0.0.1 with a throwaway CA, the official PSS fixtures as admission
# requests, parity with vakt scan, bad input, certificate reload, the drain on
# SIGTERM and the namespace watch against a fake API server.
set -u
here=$(cd "$(dirname "$0")/.." && pwd)
: "${VAKT:?}"
command -v python3 >/dev/null || { echo "1..0 # SKIP python3 is not installed"; exit 0; }
python3 -c 'import yaml' 2>/dev/null || { echo "1..0 # SKIP python3-yaml is not installed"; exit 0; }
command -v openssl >/dev/null || { echo "1..0 # SKIP openssl is not installed (scripts/deps.sh)"; exit 0; }
exec python3 "$here/serve/serve.py"
