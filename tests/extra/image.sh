#!/usr/bin/env bash
# The image suite lives in tests/image/ (fixture images built into $BUILD,
# rule fixtures and golden cases of `vakt image`); tests/run.sh finds suites here.
exec "$(cd "$(dirname "$0")/.." && pwd)/image/run.sh" "$@"
