#!/usr/bin/env bash
# Live scenarios of vakt watch (tests/runtime/live.py): real actions on this
# machine while the eBPF probe watches. They skip, with the reason, where the
# probe cannot load (not root, no BTF, BPF not allowed). The two halves of
# make check run at the same time and would see each other's actions, so
# they take turns.
set -u
here=$(cd "$(dirname "$0")/.." && pwd)
: "${VAKT:?}"
command -v python3 >/dev/null || { echo "1..0 # SKIP python3 is not installed"; exit 0; }
python3 -c 'import yaml' 2>/dev/null || { echo "1..0 # SKIP python3-yaml is not installed"; exit 0; }
exec flock /tmp/vakt-runtime-live.lock python3 "$here/runtime/live.py"
