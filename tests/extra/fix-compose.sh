#!/usr/bin/env bash
# vakt fix over every compose fixture of the tree (tests/ and examples/), as
# tests/extra/fix.sh does for Dockerfiles: on a copy, `vakt fix --in-place
# --unsafe` (every compose fix made), then
#   - the result still parses (vakt scan reads it without an input error);
#   - every comment line of the original is still there;
#   - its data equals the original's but where a compose fix writes (keys
#     added only from the fixes' set, lists only appended to, key order
#     kept: tests/extra/yaml-fixdiff.py);
#   - no more findings of the fixable rules than before, and none of a rule
#     the run fixed everywhere it fired (a "not fixed" line keeps the rule);
#   - a second run changes nothing (--check exits 0, empty diff).
# Then generated shapes: many services merging one anchor, CRLF with a BOM.
# Prints TAP, one line per fixture.
set -u
here=$(cd "$(dirname "$0")/../.." && pwd)
: "${VAKT:=$here/build/vakt}"
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
fixable=$("$VAKT" rules --fixable | awk '$1 ~ /^CR[0-9]+$/ {print $1}' | paste -sd'|')
n=0
count() { # FILE -> "[RULE]" lines of the unsuppressed findings of the fixable rules
	"$VAKT" scan --no-config --format gnu "$1" 2>/dev/null | grep -oE "\[($fixable)\]$" | sort
}
comments() { # FILE -> its comment lines, trimmed, sorted
	sed -nE 's/\r$//; s/^[[:space:]]*(#.*)$/\1/p' "$1" | sort
}
check() { # FILE NAME
	local f=$1 name=$2 d base before after nb na fixed left r rc rc2
	n=$((n + 1))
	d="$t/$n"
	mkdir -p "$d"
	base=$(basename "$f")
	cp "$f" "$d/$base"
	before=$(count "$d/$base")
	"$VAKT" fix --no-config --unsafe --in-place "$d/$base" >"$t/out" 2>"$t/err"
	rc=$?
	if [ $rc -ne 0 ] && [ $rc -ne 3 ]; then
		echo "not ok $n - $name: vakt fix --in-place exited $rc"
		sed 's/^/# /' "$t/err"
		return
	fi
	if [ $rc -eq 3 ]; then
		if cmp -s "$f" "$d/$base"; then
			echo "ok $n - $name: not read, left alone"
		else
			echo "not ok $n - $name: changed although it could not be read"
		fi
		return
	fi
	if "$VAKT" scan --no-config "$d/$base" >/dev/null 2>"$t/scan-err"; [ $? -ge 3 ]; then
		echo "not ok $n - $name: the fixed file no longer scans"
		sed 's/^/# /' "$t/scan-err"
		return
	fi
	if ! cmp -s <(comments "$f") <(comments "$d/$base"); then
		echo "not ok $n - $name: comments lost"
		diff <(comments "$f") <(comments "$d/$base") | sed 's/^/# /'
		return
	fi
	python3 "$here/tests/extra/yaml-fixdiff.py" "$f" "$d/$base" \
		--new user,read_only,tmpfs,cap_drop,security_opt \
		--set user,read_only,privileged,image --append tmpfs,cap_drop,security_opt \
		>"$t/data" 2>&1
	r=$?
	if [ $r -eq 1 ]; then
		echo "not ok $n - $name: the data changed beyond the fixes"
		sed 's/^/# /' "$t/data"
		return
	fi
	after=$(count "$d/$base")
	nb=$(grep -c . <<<"$before")
	na=$(grep -c . <<<"$after")
	fixed=$(grep -oE ": ($fixable): " "$t/err" | tr -d ': ' | sort -u)
	left=""
	for r in $fixed; do
		if ! grep -q " $r not fixed" "$t/err" && grep -qx "\[$r\]" <<<"$after"; then
			left="$left $r"
		fi
	done
	"$VAKT" fix --no-config --unsafe --check "$d/$base" >"$t/out2" 2>"$t/err2"
	rc2=$?
	if [ "$na" -gt "$nb" ]; then
		echo "not ok $n - $name: more findings of fixable rules after the fix ($nb -> $na)"
	elif [ -n "$left" ]; then
		echo "not ok $n - $name: still reported after their fix:$left"
		"$VAKT" scan --no-config --format gnu "$d/$base" | sed 's/^/# /'
	elif [ $rc2 -ne 0 ] || [ -s "$t/out2" ]; then
		echo "not ok $n - $name: a second run changes something (exit $rc2)"
		sed 's/^/# /' "$t/out2"
	else
		echo "ok $n - $name ($nb -> $na findings of fixable rules)"
	fi
}
while IFS= read -r f; do
	check "$f" "${f#"$here"/}"
done < <(find "$here/tests" "$here/examples" -type f \( -name 'docker-compose*.y*ml' \
	-o -name 'compose.y*ml' -o -name 'compose[-_.]*.y*ml' -o -name 'podman-compose*.y*ml' \) \
	! -path '*/fuzz/*' ! -path '*/.tools/*' | sort)
# Generated: 2,000 services merging one anchor, and a CRLF file with a BOM.
g="$t/gen"
mkdir -p "$g/many" "$g/crlf"
{
	printf 'x-common: &common\n  restart: always\n  cap_drop: [NET_RAW]\nservices:\n'
	for i in $(seq 2000); do
		printf '  svc%d:\n    <<: *common\n    image: ghcr.io/acme/svc%d:1.0.%d\n' "$i" "$i" "$i"
	done
} >"$g/many/docker-compose.yml"
printf '\xef\xbb\xbfservices:\r\n  web:\r\n    image: nginx:1.27.3 # front\r\n    tmpfs: /run\r\n    user: root\r\n' \
	>"$g/crlf/compose.yaml"
check "$g/many/docker-compose.yml" "generated/many-merges"
check "$g/crlf/compose.yaml" "generated/crlf-bom"
echo "1..$n"
