#!/usr/bin/env bash
# vakt fix over every Dockerfile fixture of the tree (tests/ and examples/):
# on a copy, `vakt fix --in-place`, then
#   - the result still parses (vakt scan reads it without an input error);
#   - the rescan reports no finding of a rule the run fixed at a line it
#     fixed... simpler and stricter: no more findings of the fixable rules
#     than before, and none of a rule whose every finding the run fixed;
#   - a second run changes nothing (idempotence: empty diff, --check exits 0).
# Prints TAP, one line per fixture.
set -u
here=$(cd "$(dirname "$0")/../.." && pwd)
: "${VAKT:=$here/build/vakt}"
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
fixable=$("$VAKT" rules --fixable | awk '$1 ~ /^[A-Z]+[0-9]+$/ {print $1}' |
	paste -sd'|')
n=0
count() { # FILE -> "RULE" lines of the unsuppressed findings of the fixable rules
	"$VAKT" scan --no-config --format gnu "$1" 2>/dev/null | grep -oE "\[($fixable)\]$" | sort
}
check() { # FILE NAME
	local f=$1 name=$2 d base before after nb na fixed left r rc rc2
	n=$((n + 1))
	d="$t/$n"
	mkdir -p "$d"
	base=$(basename "$f")
	cp "$f" "$d/$base"
	before=$(count "$d/$base")
	"$VAKT" fix --no-config --in-place "$d/$base" >"$t/out" 2>"$t/err"
	rc=$?
	if [ $rc -ne 0 ] && [ $rc -ne 3 ]; then
		echo "not ok $n - $name: vakt fix --in-place exited $rc"
		sed 's/^/# /' "$t/err"
		return
	fi
	if [ $rc -eq 3 ]; then
		# An input vakt scan refuses as well (a fixture of a parse error): left alone.
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
	after=$(count "$d/$base")
	nb=$(grep -c . <<<"$before")
	na=$(grep -c . <<<"$after")
	fixed=$(grep -oE ": ($fixable): " "$t/err" | tr -d ': ' | sort -u)
	left=""
	for r in $fixed; do
		# A rule fixed everywhere it fired must be gone (not-fixed notes keep it).
		if ! grep -q " $r not fixed" "$t/err" && grep -qx "\[$r\]" <<<"$after"; then
			left="$left $r"
		fi
	done
	"$VAKT" fix --no-config --check "$d/$base" >"$t/out2" 2>"$t/err2"
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
done < <(find "$here/tests" "$here/examples" -type f \( -name 'Dockerfile*' -o -name '*.dockerfile' \
	-o -name '*.Dockerfile' -o -name 'Containerfile*' \) ! -name '*.dockerignore' \
	! -path '*/fuzz/*' ! -path '*/.tools/*' | sort)
# Hostile shapes, generated: a RUN continued over 5,000 lines (5,000 installs to
# fix in one instruction), 5,000 ADDs, CRLF with tabs and a BOM, comments and
# blank lines inside a continuation.
g="$t/gen"
mkdir -p "$g"
{
	printf 'FROM debian:12\nRUN apt-get update \\\n'
	for i in $(seq 5000); do printf '    && apt-get install -y pkg%d \\\n' "$i"; done
	printf '    && true\n'
} >"$g/long-chain.Dockerfile"
{
	printf 'FROM alpine:3.20\n'
	for i in $(seq 5000); do printf 'ADD f%d /f%d\n' "$i" "$i"; done
} >"$g/many-add.Dockerfile"
printf '\xef\xbb\xbfFROM ubuntu:24.04\r\nRUN\tapt-get update \\\r\n\t&& apt-get install -y curl\r\nADD\ta.txt /a\r\nCMD\t./run --port 80\r\n' \
	>"$g/crlf-tabs-bom.Dockerfile"
printf 'FROM debian:12\nRUN apt-get update \\\n# a comment inside\n\n    && apt-get install -y git \\\n    # another\n    && make\n' \
	>"$g/comments-in-continuation.Dockerfile"
for f in "$g"/*; do
	check "$f" "generated/${f##*/}"
done
# --in-place through a symbolic link with --backup: the target is written, the
# link stays a link, the backup holds the old bytes, the mode is kept.
n=$((n + 1))
w="$t/inplace"
mkdir -p "$w"
printf 'FROM alpine:3.20\nADD app /app\nUSER 10001\n' >"$w/Dockerfile.real"
chmod 0640 "$w/Dockerfile.real"
ln -s Dockerfile.real "$w/Dockerfile"
if "$VAKT" fix --no-config --in-place --backup .orig "$w/Dockerfile" >"$t/out" 2>"$t/err" &&
	[ -L "$w/Dockerfile" ] && grep -q '^COPY app /app$' "$w/Dockerfile.real" &&
	grep -q '^ADD app /app$' "$w/Dockerfile.real.orig" &&
	[ "$(stat -c %a "$w/Dockerfile.real")" = 640 ] && [ ! -s "$t/out" ] &&
	[ -z "$(find "$w" -name '.*vakt-fix*')" ]; then
	echo "ok $n - --in-place --backup through a link: target written, link, backup and mode kept"
else
	echo "not ok $n - --in-place --backup through a link"
	ls -la "$w" | sed 's/^/# /'
	sed 's/^/# /' "$t/err"
fi
echo "1..$n"
