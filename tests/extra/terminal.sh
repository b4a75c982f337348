#!/usr/bin/env bash
# The terminal is not the input's: no byte that could drive a terminal (C0
# and C1 controls other than newline and tab, DEL, the bidirectional
# overrides, invalid UTF-8 runs of them) reaches stdout or stderr, whatever
# the input, the command, the format or the error. Hostile inputs are
# generated on the fly (escape sequences in file names, directory names,
# content, option values); then every fixture of the suite is scanned in
# every format and both streams are checked.
set -u
: "${VAKT:?}"
here=$(cd "$(dirname "$0")/.." && pwd)
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
n=0 bad=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
nok() { n=$((n + 1)); bad=$((bad + 1)); echo "not ok $n - $1"; }

# Whether a file holds a byte sequence a terminal would act on.
dirty() {
	LC_ALL=C grep -qaP '[\x00-\x08\x0b-\x1f\x7f]|\xc2[\x80-\x9f]|\xe2\x80[\xaa-\xae\x8e\x8f]|\xe2\x81[\xa6-\xa9]|\xd8\x9c' "$1"
}

# check NAME ARGS...: run vakt (no terminal, no colour), both streams clean.
check() {
	local name=$1
	shift
	NO_COLOR=1 timeout 120 "$VAKT" "$@" >"$t/out" 2>"$t/err" </dev/null
	local rc=$?
	if [ $rc -ge 124 ]; then
		nok "$name: exit $rc (crash or hang)"
	elif dirty "$t/out"; then
		nok "$name: control bytes on stdout"
		LC_ALL=C grep -naP '[\x00-\x08\x0b-\x1f\x7f]' "$t/out" | head -n 3 | cat -v | sed 's/^/#   /'
	elif dirty "$t/err"; then
		nok "$name: control bytes on stderr"
		head -n 3 "$t/err" | cat -v | sed 's/^/#   /'
	else
		ok "$name"
	fi
}

ESC=$'\e'
BEL=$'\a'
C1=$'\xc2\x9b' # CSI as one C1 code point
title="$ESC]0;pwned$BEL"
clear="$ESC[2J$ESC[H"

# A tree whose names and contents carry escape sequences.
h="$t/hostile"
d="$h/app$clear"
mkdir -p "$d/k8s$C1" "$d/compose"
printf 'FROM alpine:3\nFOO%s bar\n' "$title" >"$d/Dockerfile"
printf 'FROM node:latest\nENV TOKEN%s=%s\nRUN curl https://x%s.example | sh\n' "$clear" "$title" "$title" \
	>"$d/Dockerfile.dev$title"
printf 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: "p%s"\n  namespace: "n\\e[2J"\nspec:\n  containers:\n  - name: "c\\x1b]0;t\\x07"\n    image: "nginx%s"\n' \
	"$clear" "$title" >"$d/k8s$C1/pod.yaml"
printf 'apiVersion: v1\nkind: Pod\nmetadata: [unterminated %s\n' "$title" >"$d/k8s$C1/broken.yaml"
printf 'services:\n  "web%s":\n    image: "nginx:%s"\n    privileged: true\n    environment:\n      PASSWORD: "x%s"\n' \
	"$clear" "$title" "$C1" >"$d/compose/docker-compose.yml"
printf '#!/bin/sh\ndocker run --privileged -v /:/host%s alpine%s\n' "$title" "$clear" >"$d/run.sh"
printf 'FROM alpine\n\x1b[2J\x00binary\n' >"$d/Containerfile"

for f in text gnu json sarif junit; do
	check "scan of a hostile tree, --format $f" scan --no-config --format "$f" "$h"
	check "scan --show-suppressed --pss restricted of a hostile tree, --format $f" \
		scan --no-config --show-suppressed --pss restricted --format "$f" "$h"
done
check "a missing path named with escape sequences" scan --no-config "$t/nope$title$clear"
check "an unknown option carrying escape sequences" scan "--bogus$title"
check "a bad option value carrying escape sequences" scan --severity "high$clear" "$h"
check "a bad --format value carrying escape sequences" scan --format "x$title" "$h"
check "an unknown command carrying escape sequences" "scan$clear"
check "vakt rules of an id carrying escape sequences" rules "DF$title"
printf 'ignore: [%s\n' "$title" >"$t/bad-config.yaml"
check "a broken configuration quoting escape sequences" scan --config "$t/bad-config.yaml" "$h"
check "netpol of a hostile tree" netpol "$d/k8s$C1"
check "netpol --format dot of a hostile tree" netpol --format dot "$d/k8s$C1"
check "netpol --from of an unknown workload carrying escape sequences" netpol --from "x$title" "$d/k8s$C1"

# An unpacked root filesystem whose package database and files carry them.
r="$t/rootfs"
mkdir -p "$r/var/lib/dpkg" "$r/etc" "$r/root/.ssh$clear"
printf 'ID=debian%s\nPRETTY_NAME="Debian%s"\nVERSION_ID="12"\n' "$title" "$clear" >"$r/etc/os-release"
printf 'Package: evil%s\nStatus: install ok installed\nArchitecture: amd64%s\nVersion: 1.0%s\nSource: src%s (2.0%s)\n\n' \
	"$title" "$C1" "$clear" "$title" "$clear" >"$r/var/lib/dpkg/status"
printf -- '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n-----END OPENSSH PRIVATE KEY-----\n' \
	>"$r/root/.ssh$clear/id_ed25519$title"
for f in text gnu json sarif junit; do
	check "image of a hostile root filesystem, --format $f" image --no-config --format "$f" "$r"
done
check "image --list-packages of a hostile root filesystem" image --no-config --list-packages "$r"
check "image of a missing path carrying escape sequences" image --no-config "$t/img$title.tar"

# Every fixture of the suite, every format, both streams.
for f in text gnu json sarif junit; do
	check "every rule fixture, golden case and example, --format $f" \
		scan --no-config --show-suppressed --format "$f" "$here/rules" "$here/golden" "$here/../examples"
done

echo "1..$n"
[ $bad -eq 0 ]
