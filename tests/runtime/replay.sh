#!/usr/bin/env bash
# Replay cases of vakt watch: each tests/runtime/replay/<case>/ holds a
# recording of a live scenario's own events (events.jsonl, kept by
# `tests/runtime/live.py --record-to`), the rules it ran with (rules: falco
# or vakt) and the alerts a replay must give (alerts.json, Falco's JSON
# shape, one a line) with its stderr summary (stderr). Needs no kernel
# support and no root: these always run. TAP out.
#
#   tests/runtime/replay.sh [--update]     (VAKT, SHARED from the environment)
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
: "${VAKT:=$root/build/vakt}" "${SHARED:=$root/../shared}"
update=0
[ "${1:-}" = --update ] && update=1
cases=("$here"/replay/*/)
echo "1..${#cases[@]}"
n=0 bad=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for c in "${cases[@]}"; do
	c=${c%/} n=$((n + 1)) name=${c##*/}
	rules=()
	case $(cat "$c/rules") in
	falco) rules=(--rules "$SHARED/conformance/falco/falco_rules.yaml") ;;
	vakt) ;;
	*) rules=(--rules "$c/$(cat "$c/rules")") ;;
	esac
	"$VAKT" watch --replay "$c/events.jsonl" "${rules[@]}" --format json \
		>"$tmp/alerts.json" 2>"$tmp/stderr"
	echo "exit $?" >>"$tmp/stderr"
	if [ $update -eq 1 ]; then
		cp "$tmp/alerts.json" "$c/alerts.json"
		cp "$tmp/stderr" "$c/stderr"
		echo "ok $n - $name (updated)"
		continue
	fi
	if ! diff -u "$c/alerts.json" "$tmp/alerts.json" >"$tmp/diff" ||
		! diff -u "$c/stderr" "$tmp/stderr" >>"$tmp/diff"; then
		echo "not ok $n - $name"
		sed 's/^/# /' "$tmp/diff" | head -n 30
		bad=$((bad + 1))
	else
		echo "ok $n - $name"
	fi
done
[ $bad -eq 0 ]
