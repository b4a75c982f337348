#!/usr/bin/env bash
# Replay cases of vakt watch (tests/runtime/replay.sh): recordings of the
# live scenarios replayed without the kernel; they always run.
here=$(cd "$(dirname "$0")/.." && pwd)
: "${VAKT:?}"
exec bash "$here/runtime/replay.sh"
