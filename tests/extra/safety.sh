#!/usr/bin/env bash
# Never lose a user's file, never hang, answer honestly on empty input, and
# let the user raise a limit: the report file is written only when complete
# and never over an input; each file is scanned once; pipes and devices never
# block; nothing recognisable is an error, not a pass; every "too large"
# error says how to raise its limit. Inputs are generated on the fly.
set -u
: "${VAKT:?}"
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
n=0 bad=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
nok() { n=$((n + 1)); bad=$((bad + 1)); echo "not ok $n - $1"; }

# run NAME WANT_EXIT STDERR_REGEX ARGS...: vakt in $t/w with a hang guard.
run() {
	local name=$1 want=$2 re=$3
	shift 3
	(cd "$t/w" && timeout 60 "$VAKT" "$@" >"$t/out" 2>"$t/err" </dev/null)
	local rc=$?
	if [ $rc -ne "$want" ]; then
		nok "$name: exit $rc, expected $want"
		sed 's/^/#   /' "$t/err" | head -n 5
		return 1
	elif [ -n "$re" ] && ! grep -Eq "$re" "$t/err"; then
		nok "$name: stderr does not match /$re/"
		sed 's/^/#   /' "$t/err" | head -n 5
		return 1
	fi
	ok "$name"
}
# same NAME FILE SUM: the file still has the checksum taken before.
same() {
	if [ "$(sha256sum <"$2")" = "$3" ]; then ok "$1"; else nok "$1"; fi
}
sum() { sha256sum <"$1"; }

mkdir -p "$t/w/app" "$t/w/k8s"
cd "$t/w" || exit 1
cat >app/Dockerfile <<'EOF'
FROM node:latest
RUN curl -fsSL https://example.com/install.sh | sh
EOF
printf 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n    image: nginx\n' >k8s/pod.yaml
df_sum=$(sum app/Dockerfile)

# --- data safety: the report never replaces an input ------------------------------
run "-o naming the scanned Dockerfile is refused" 2 "refusing to write the report to 'app/Dockerfile': it is an input" \
	scan app -o app/Dockerfile
same "... and the Dockerfile is untouched" app/Dockerfile "$df_sum"
run "-o naming a file given on the command line is refused" 2 "it is an input of this scan" \
	scan app/Dockerfile -o ./app/../app/Dockerfile
same "... and it is untouched" app/Dockerfile "$df_sum"
run "-o of a JSON report the next scan would read as a manifest is refused" 2 \
	"the next scan of '.' would read it as an input" scan . -f json -o vakt.json
[ ! -e vakt.json ] && ok "... and nothing is created" || nok "... and nothing is created"
printf 'exclude:\n  - vakt.json\n' >.vakt.yaml
run "... unless the configuration excludes it" 1 "" scan . -f json -o vakt.json
grep -q '"schema_version"' vakt.json && ok "... and the report is written" || nok "... and the report is written"
rm -f .vakt.yaml vakt.json
run "-o of a SARIF file in the scanned tree is fine (nothing reads .sarif)" 1 "" scan . -f sarif -o vakt.sarif
mkdir -p node_modules
run "-o under node_modules (never walked) is fine" 1 "" scan . -f json -o node_modules/out.json

# The report replaces the old file only once complete.
echo "old report" >report.txt
chmod 640 report.txt
old=$(sum report.txt)
run "a usage error leaves the old report untouched" 2 "invalid severity" scan app -o report.txt --severity bogus
same "... byte for byte" report.txt "$old"
(cd "$t/w" && { sleep 30 | timeout 60 "$VAKT" scan - -o report.txt >/dev/null 2>&1 & echo $! >"$t/pid"; })
sleep 1
pkill -TERM -P "$(cat "$t/pid")" -x vakt 2>/dev/null || pkill -TERM -f "$VAKT scan - -o report.txt"
wait 2>/dev/null
sleep 0.2
same "a run killed while reading leaves the old report untouched" report.txt "$old"
leftovers=$(find . -name '.report.txt.vakt-*' | wc -l)
[ "$leftovers" -eq 0 ] && ok "... and leaves no temporary file" || nok "... and leaves no temporary file ($leftovers)"
run "a complete run replaces the report" 1 "" scan app -o report.txt
grep -q DF001 report.txt && ok "... with the new report" || nok "... with the new report"
[ "$(stat -c %a report.txt)" = 640 ] && ok "... keeping the file's mode" || nok "... keeping the file's mode ($(stat -c %a report.txt))"
ln -s report.txt link.txt
run "-o through a symbolic link writes the link's target" 1 "" scan app -f gnu -o link.txt
[ -L link.txt ] && grep -q 'DF001' report.txt && ok "... and the link stays a link" || nok "... and the link stays a link"
run "-o /dev/null writes the device, no rename" 1 "" scan app -o /dev/null
run "-o - writes standard output" 1 "" scan app -f gnu -o -
grep -q 'DF001' "$t/out" && ok "... the report is on stdout" || nok "... the report is on stdout"
run "-o in a missing directory fails before reading anything" 4 "no directory" scan app -o nope/out.txt

# Images.
mkdir -p rootfs/etc rootfs/usr/bin
printf 'ID=alpine\nVERSION_ID=3.20.0\n' >rootfs/etc/os-release
printf '#!/bin/sh\n' >rootfs/usr/bin/sh && chmod 4755 rootfs/usr/bin/sh
tar -C rootfs -cf img.tar .
img_sum=$(sum img.tar)
run "vakt image -o naming the image is refused" 2 "it is the image being read" image img.tar -f cyclonedx -o img.tar
same "... and the image is untouched" img.tar "$img_sum"
run "vakt image -o inside the image directory is refused" 2 "inside the image directory" image rootfs -o rootfs/sbom.json
[ ! -e rootfs/sbom.json ] && ok "... and nothing is created" || nok "... and nothing is created"
run "vakt image writes an SBOM beside it" 0 "" image img.tar -f cyclonedx -o sbom.json
grep -q CycloneDX sbom.json && ok "... which is complete" || nok "... which is complete"

# --- each file once ----------------------------------------------------------------
run "a directory and a file inside it: each file once" 1 "" scan app app/Dockerfile ./app/Dockerfile app/
grep -Eq 'in 1 file in' "$t/out" && ok "... counted once" || nok "... counted once: $(tail -n 1 "$t/out")"
[ "$(grep -c 'DF001' "$t/out")" -eq 1 ] && ok "... reported once" || nok "... reported once"
ln -s app/Dockerfile Dockerfile.link
run "a link to a file scanned already: once" 1 "" scan app/Dockerfile Dockerfile.link --format gnu
[ "$(grep -c 'DF001' "$t/out")" -eq 1 ] && ok "... reported once" || nok "... reported once"
rm Dockerfile.link

# --- never hang, never block ------------------------------------------------------
mkfifo fifo.tar Dockerfile.fifo
run "vakt image of a FIFO is refused, not blocked on" 3 "neither a file nor a directory" image fifo.tar
run "vakt scan of a FIFO is refused" 3 "not a regular file" scan Dockerfile.fifo
run "vakt netpol of a FIFO is refused" 3 "not a regular file" netpol fifo.tar
run "--config naming a FIFO is refused" 2 "not a regular file" scan app --config fifo.tar
mkdir -p oci && mkfifo oci/index.json
run "an image directory whose index.json is a FIFO does not block" 3 "" image oci
rm -rf oci fifo.tar Dockerfile.fifo
(cd "$t/w" && timeout 60 "$VAKT" image - <img.tar >"$t/out" 2>"$t/err")
[ $? -eq 1 ] && grep -q "1 file" "$t/out" && ok "vakt image - reads an archive redirected from a file" || nok "vakt image - reads an archive redirected from a file"
(cd "$t/w" && cat img.tar | timeout 60 "$VAKT" image - --format json >"$t/out" 2>"$t/err")
[ $? -eq 1 ] && grep -q '"<stdin>"' "$t/out" && ok "docker save ... | vakt image - reads a piped archive" || nok "docker save ... | vakt image - reads a piped archive"
(cd "$t/w" && gzip -c img.tar | timeout 60 "$VAKT" image - >"$t/out" 2>"$t/err")
[ $? -eq 1 ] && ok "... gzip-compressed too" || nok "... gzip-compressed too"
(cd "$t/w" && head -c 100000 /dev/urandom | timeout 60 "$VAKT" image - --limit image-stdin-size=64K >"$t/out" 2>"$t/err")
[ $? -eq 3 ] && grep -q "image-stdin-size=SIZE" "$t/err" && ok "... bounded by image-stdin-size, which the error names" || nok "... bounded by image-stdin-size"
run "vakt image - with nothing on stdin is an error" 3 "is empty" image -

# --- honest answers on empty and unrecognised input --------------------------------
mkdir -p empty/df empty/comments empty/none empty/ignore
: >empty/df/Dockerfile
printf '# syntax=docker/dockerfile:1\n# nothing else\n\n' >empty/comments/Dockerfile
printf 'hello\n' >empty/none/README.md
run "an empty Dockerfile is an error (docker build refuses it)" 3 "Dockerfile: no instructions \(the file is empty" scan empty/df
run "a Dockerfile of comments only is an error" 3 "empty but for comments" scan empty/comments
run "a tree with nothing vakt reads says so and exits 3" 3 "nothing to scan: found no Dockerfile" scan empty/none
grep -q "nothing scanned" "$t/out" && ok "... and does not claim 'no findings'" || nok "... and does not claim 'no findings'"
printf 'FROM alpine:3.20\nUSER 10001\nCOPY . /app\n' >empty/ignore/Dockerfile
printf '.git\n' >empty/ignore/Dockerfile.dockerignore
run "Dockerfile.dockerignore is not parsed as a Dockerfile" 1 "" scan empty/ignore --format gnu --fail-on info
grep -q 'dockerignore:' "$t/out" && nok "... no finding in it" || ok "... no finding in it"
grep -q 'DF023' "$t/out" && nok "... and it counts as the .dockerignore (DF023 quiet)" || ok "... and it counts as the .dockerignore (DF023 quiet)"
tar -cf empty.tar -T /dev/null
run "an empty tar is not a clean image" 3 "is empty: no image" image empty.tar
run "a directory that is neither an image nor a root filesystem" 3 "is not an image" image empty/none

# --- UTF-16 with a byte-order mark is text (Windows editors write it) ----------------
mkdir -p u16
printf 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n    image: nginx\n' |
	iconv -f utf-8 -t utf-16 >u16/pod.yaml
{ printf '\xfe\xff'; printf 'FROM alpine:3.20\nUSER root\n' | iconv -f utf-8 -t utf-16be; } >u16/Dockerfile
run "a UTF-16 manifest and a UTF-16BE Dockerfile with a BOM are read" 1 "" scan u16 --format gnu
grep -q 'pod.yaml:7:.*\[KS001\]' "$t/out" && grep -q 'Dockerfile:2:6:.*\[DF002\]' "$t/out" &&
	ok "... with findings at the right lines" || nok "... with findings at the right lines"
printf '\xff\xfe\x00\xd8a\x00' >u16/bad.yaml
run "an unpaired surrogate is an error naming the offset" 3 "bad.yaml: invalid UTF-16: unpaired surrogate at byte offset 2" scan u16/bad.yaml

# --- limits that a user can raise --------------------------------------------------
mkdir -p big && { echo 'FROM alpine:3.20'; head -c 17000000 /dev/zero | tr '\0' '\n'; } >big/Dockerfile
run "a file over 16 MiB is refused and the error says how to raise the limit" 3 \
	"file too large.*--limit file-size=SIZE.*limits: \{file-size: SIZE\}" scan big
run "--limit file-size=32M reads it" 1 "" scan big --limit file-size=32M
printf 'limits:\n  file-size: 32M\n' >big/.vakt.yaml
run "limits: file-size in .vakt.yaml reads it" 1 "" scan big
run "--limit wins over the configuration" 3 "file too large" scan big --limit file-size=1M
rm big/.vakt.yaml
{ echo 'FROM alpine:3.20'; printf 'LABEL a="'; head -c 1100000 /dev/zero | tr '\0' x; printf '"\n'; } >big/Dockerfile
run "a line over 1 MiB is refused, naming the line-length limit" 3 "line too long.*line-length" scan big
run "--limit line-length=2M reads it" 1 "" scan big --limit line-length=2M
mkdir -p deep/a/b/c/d && printf 'FROM alpine\n' >deep/a/b/c/d/Dockerfile
run "walk-depth: a shallower walk reports the deeper directory" 3 "nesting too deep.*walk-depth" scan deep --limit walk-depth=2
run "an unknown limit lists the known ones" 2 "unknown limit 'files' \(expected one of file-size, line-length" scan app --limit files=3
run "a bad limit value says what is expected" 2 "invalid value '1.5G' for limit 'file-size'" scan app --limit file-size=1.5G
printf 'limits:\n  file-sise: 3M\n' >app/.vakt.yaml
run "an unknown limit in .vakt.yaml names the line" 2 "\.vakt\.yaml:2:3: unknown limit 'file-sise'" scan app
rm app/.vakt.yaml

echo "1..$n"
[ $bad -eq 0 ]
