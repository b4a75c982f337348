#!/usr/bin/env bash
# The floors of src/ hold (docs/HACKING.md, "Layout"): no folder includes a
# header of a folder beside or above it. The script make lint runs, run on
# the tree and on a copy with one planted violation (so the check can fail).
set -u
here=$(cd "$(dirname "$0")/../.." && pwd)
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
nok() { n=$((n + 1)); echo "not ok $n - $1"; }
if out=$("$here/scripts/check-layers.sh" 2>&1); then
	ok "no folder of src/ includes a header from beside or above it"
else
	nok "floor violations:"
	sed 's/^/# /' <<<"$out"
fi
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
mkdir -p "$t/scripts" "$t/src"
cp "$here/scripts/check-layers.sh" "$t/scripts/"
cp -r "$here/src/." "$t/src/"
printf '#include "kube/kube-model.h"\n' >>"$t/src/dockerfile/df-model.h"
if out=$("$t/scripts/check-layers.sh" 2>&1); then
	nok "a Dockerfile header including a Kubernetes one is not caught"
elif grep -q "df-model.h:.*dockerfile includes kube" <<<"$out"; then
	ok "a domain including another domain's header is caught, with file and line"
else
	nok "unexpected report for a planted violation:"
	sed 's/^/# /' <<<"$out"
fi
echo "1..$n"
