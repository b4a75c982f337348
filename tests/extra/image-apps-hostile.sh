#!/usr/bin/env bash
# Hostile application files in images (issue 17): each refused with a
# warning naming the file and the ceiling, in bounded memory and time, and
# never at the cost of the image's other packages. Two OCI layouts packed
# with umoci from root filesystems written here (the big files generated
# here, never committed):
#   big:     a 100 MB package-lock.json (a real lock file, 380,000 entries)
#            beside installed npm and Python packages; peak RSS must stay
#            under 64 MiB, less than the file: it is never buffered;
#   hostile: Go binaries cut short at four places (built with /usr/bin/go
#            when it is there) and an ELF header made here that points past
#            its file; a zip-bomb jar (a 1 GiB manifest deflated), a jar whose
#            nested jars inflate to more than 256 MiB in all, jars nested
#            deeper than PKG_APP_MAX_NESTING (4); plus one sound jar and an
#            installed npm package, which must still be listed; beside it, a
#            root filesystem with a 1.2 GB ELF (over the 1 GiB vakt looks
#            into) and a 1.2 GB executable that is no ELF (passed over
#            silently), sparse files refused before a byte is read;
#   stream:  executables over the 24 MiB vakt reads whole, streamed instead:
#            a Go service requiring a module from a file:// proxy, made 30 MiB
#            by a //go:embed asset (built when /usr/bin/go is there), and a
#            100 MB ELF that is no Go binary (Node.js's node when installed,
#            else a copy of ls grown with zeros); the service's modules and
#            toolchain are listed, nothing is said of the other, and peak RSS
#            stays under 64 MiB, less than either file.
# Prints TAP.
set -u
here=$(cd "$(dirname "$0")/../.." && pwd)
: "${VAKT:=$here/build/vakt}"
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
nok() { n=$((n + 1)); echo "not ok $n - $1"; }
skip() { n=$((n + 1)); echo "ok $n - $1 # SKIP $2"; }
check() { if eval "$1"; then ok "$2"; else nok "$2"; fi; }

for tool in umoci zip python3 /usr/bin/time; do
	if ! command -v $tool >/dev/null 2>&1; then
		skip "hostile application files in images" "$tool is not installed"
		echo "1..$n"
		exit 0
	fi
done

# pack DIR NAME: an OCI layout $t/NAME with DIR as its one layer.
pack() {
	umoci init --layout "$t/$2" &&
		umoci new --image "$t/$2:latest" &&
		umoci unpack --rootless --image "$t/$2:latest" "$t/$2.bundle" >/dev/null &&
		cp -a "$1/." "$t/$2.bundle/rootfs/" &&
		umoci repack --image "$t/$2:latest" "$t/$2.bundle" &&
		rm -rf "$t/$2.bundle"
}

# run NAME ARGS...: vakt image on $t/NAME, stdout to $t/NAME.out, stderr to
# $t/NAME.err, peak RSS (KiB) to $t/NAME.rss; the exit status in $rc.
run() {
	local name=$1
	shift
	# Under AddressSanitizer (make check's second pass), freed memory is held in
	# quarantine: keep none, so that the peak is what the program holds.
	ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=0 \
		timeout 300 /usr/bin/time -f '%M' -o "$t/$name.rss" "$VAKT" image --no-progress --no-config \
		"$@" "$t/$name:latest" >"$t/$name.out" 2>"$t/$name.err"
	rc=$?
}

# pkg FILE TYPE NAME [FOUND_IN]: whether the package list FILE (json) holds it.
pkg() {
	python3 - "$@" <<'PY'
import json, sys
f, t, name = sys.argv[1:4]
where = sys.argv[4] if len(sys.argv) > 4 else None
d = json.load(open(f))
sys.exit(not any(p["type"] == t and p["name"] == name and
                 (where is None or p.get("found_in") == where) for p in d["packages"]))
PY
}

common() {
	mkdir -p "$1/etc" "$1/app/node_modules/express" \
		"$1/usr/lib/python3/dist-packages/requests-2.31.0.dist-info"
	printf 'ID=debian\nVERSION_ID="12"\n' >"$1/etc/os-release"
	printf '{\n  "name": "express",\n  "version": "4.18.2",\n  "license": "MIT"\n}\n' \
		>"$1/app/node_modules/express/package.json"
	printf 'Metadata-Version: 2.1\nName: requests\nVersion: 2.31.0\n\nHTTP.\n' \
		>"$1/usr/lib/python3/dist-packages/requests-2.31.0.dist-info/METADATA"
}

# --- a 100 MB package-lock.json ----------------------------------------------------
big=$t/big.root
common "$big"
python3 - "$big/app/package-lock.json" <<'PY'
import sys
# npm's v3 layout, one package per entry, written as npm writes it (two-space indent).
with open(sys.argv[1], "w") as f:
    f.write('{\n  "name": "shop",\n  "version": "1.0.0",\n  "lockfileVersion": 3,\n'
            '  "requires": true,\n  "packages": {\n    "": {\n      "name": "shop",\n'
            '      "version": "1.0.0"\n    }')
    i = 0
    while f.tell() < 100 * 1000 * 1000:
        f.write(',\n    "node_modules/pkg-%d": {\n      "version": "1.%d.%d",\n'
                '      "resolved": "https://registry.npmjs.org/pkg-%d/-/pkg-%d-1.%d.%d.tgz",\n'
                '      "integrity": "sha512-%064x"\n    }' % (i, i % 97, i % 13, i, i, i % 97, i % 13, i))
        i += 1
    f.write('\n  }\n}\n')
PY
size=$(stat -c %s "$big/app/package-lock.json")
if ! pack "$big" big >"$t/pack.log" 2>&1; then
	nok "umoci packs the image with a 100 MB package-lock.json"
	sed 's/^/# /' "$t/pack.log" | tail -n 5
else
	rm -rf "$big"
	run big --list-packages --format json
	check '[ $rc -eq 0 ]' "a 100 MB package-lock.json: vakt image --list-packages exits 0 (got $rc)"
	check "grep -q \"app/package-lock.json: $size bytes, more than the 67108864 vakt reads for application packages\" '$t/big.err'" \
		"the lock file is refused with a warning naming it, its size and the limit"
	check "pkg '$t/big.out' npm express app/node_modules/express/package.json && pkg '$t/big.out' pypi requests" \
		"the image's other packages are still listed"
	check "! pkg '$t/big.out' npm pkg-1" "nothing of the refused lock file is listed"
	rss=$(tail -n 1 "$t/big.rss")
	check "[ '${rss:-999999}' -lt 65536 ]" "peak RSS ${rss:-?} KiB, under 64 MiB: the file is not buffered"
	run big --no-vulns --format json -o "$t/big.report.json"
	check '[ $rc -le 1 ] && grep -q "app/package-lock.json: $size bytes" "$t/big.err"' \
		"the report (secrets read too) says the same and ends (exit $rc)"
fi

# --- truncated ELF files, zip bombs, deep jars, executables over the limit ----------
h=$t/hostile.root
common "$h"
mkdir -p "$h/usr/local/bin" "$h/opt/app/lib" "$t/jar"
# An ELF header (64-bit, little-endian, ET_EXEC) whose program and section
# header tables lie past the end of its 4 KiB file.
python3 - "$h/usr/local/bin/liar" <<'PY'
import struct, sys
hdr = b"\x7fELF\x02\x01\x01" + b"\0" * 9 + struct.pack(
    "<HHIQQQIHHHHHH", 2, 62, 1, 0x401000, 1 << 40, 1 << 41, 0, 64, 56, 9, 64, 30, 29)
open(sys.argv[1], "wb").write(hdr + b"\0" * (4096 - len(hdr)))
PY
chmod 755 "$h/usr/local/bin/liar"
have_go=0
if command -v go >/dev/null 2>&1; then
	mkdir -p "$t/go"
	printf 'module example.com/hello\n\ngo 1.19\n' >"$t/go/go.mod"
	printf 'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println("hello") }\n' >"$t/go/main.go"
	if (cd "$t/go" && env GOPATH="$t/gopath" GOCACHE="$t/gocache" GOPROXY=off GOFLAGS=-mod=mod \
		CGO_ENABLED=0 go build -o "$h/usr/local/bin/hello" .) >"$t/go.log" 2>&1; then
		have_go=1
		gsize=$(stat -c %s "$h/usr/local/bin/hello")
		# Cut after the headers, in the middle, before the section headers, one byte short.
		for cut in 4096 $((gsize / 2)) $((gsize - 4096)) $((gsize - 1)); do
			head -c "$cut" "$h/usr/local/bin/hello" >"$h/usr/local/bin/hello-cut-$cut"
			chmod 755 "$h/usr/local/bin/hello-cut-$cut"
		done
	fi
	rm -rf "$t/gopath" "$t/gocache"
fi
# A zip bomb: a 1 GiB manifest deflates to about 1 MiB.
mkdir -p "$t/jar/bomb/META-INF"
head -c 1073741824 /dev/zero >"$t/jar/bomb/META-INF/MANIFEST.MF"
(cd "$t/jar/bomb" && zip -q -X "$h/opt/app/lib/bomb-1.0.jar" META-INF/MANIFEST.MF)
rm -rf "$t/jar/bomb"
# Nested jars that each stay under the member ceiling (15 MiB manifests) but
# inflate to 300 MiB in all.
mkdir -p "$t/jar/inner/META-INF" "$t/jar/outer/BOOT-INF/lib"
head -c 15728640 /dev/zero >"$t/jar/inner/META-INF/MANIFEST.MF"
(cd "$t/jar/inner" && zip -q -X "$t/jar/inner.jar" META-INF/MANIFEST.MF)
for i in $(seq 1 20); do cp "$t/jar/inner.jar" "$t/jar/outer/BOOT-INF/lib/part-$i.jar"; done
(cd "$t/jar/outer" && zip -q -X -r "$h/opt/app/lib/fat-1.0.jar" BOOT-INF)
# Six levels of jars, each with its pom.properties: deeper than 4.
prev=
for lvl in 6 5 4 3 2 1; do
	d=$t/jar/deep$lvl
	mkdir -p "$d/META-INF/maven/org.example/deep$lvl"
	printf 'groupId=org.example\nartifactId=deep%d\nversion=1.0.%d\n' "$lvl" "$lvl" \
		>"$d/META-INF/maven/org.example/deep$lvl/pom.properties"
	[ -n "$prev" ] && mkdir -p "$d/lib" && cp "$prev" "$d/lib/"
	(cd "$d" && zip -q -X -r "$t/jar/deep$lvl.jar" .)
	prev=$t/jar/deep$lvl.jar
done
cp "$prev" "$h/opt/app/lib/deep1.jar"
# A sound jar beside them.
mkdir -p "$t/jar/good/META-INF/maven/org.apache.commons/commons-text"
printf 'groupId=org.apache.commons\nartifactId=commons-text\nversion=1.10.0\n' \
	>"$t/jar/good/META-INF/maven/org.apache.commons/commons-text/pom.properties"
(cd "$t/jar/good" && zip -q -X -r "$h/opt/app/lib/commons-text-1.10.0.jar" META-INF)
# Executables over 1 GiB, in a root filesystem (sparse files, refused before a
# byte is read): an ELF (a header, then zeros) and a shell archive.
u=$t/huge.root
common "$u"
mkdir -p "$u/usr/local/bin"
head -c 64 "$h/usr/local/bin/liar" >"$u/usr/local/bin/huge"
truncate -s 1200000000 "$u/usr/local/bin/huge"
printf '#!/bin/sh\n# a self-extracting installer: the payload follows\nexit 0\n' \
	>"$u/usr/local/bin/installer.run"
truncate -s 1200000000 "$u/usr/local/bin/installer.run"
chmod 755 "$u/usr/local/bin/huge" "$u/usr/local/bin/installer.run"

if ! pack "$h" hostile >"$t/pack.log" 2>&1; then
	nok "umoci packs the image of hostile files"
	sed 's/^/# /' "$t/pack.log" | tail -n 5
	echo "1..$n"
	exit 1
fi
rm -rf "$h" "$t/jar"
run hostile --list-packages --format json
check '[ $rc -eq 0 ]' "hostile files: vakt image --list-packages exits 0 (got $rc)"
check "pkg '$t/hostile.out' npm express && pkg '$t/hostile.out' pypi requests && pkg '$t/hostile.out' maven commons-text" \
	"the image's other packages are listed (npm, PyPI, the sound jar)"
check "grep -q 'opt/app/lib/bomb-1.0.jar!/META-INF/MANIFEST.MF: .*member larger than 16777216 bytes once inflated' '$t/hostile.err'" \
	"the zip bomb stops at the member ceiling, with a warning naming the member"
check "grep -q 'opt/app/lib/fat-1.0.jar!/BOOT-INF/lib/part-[0-9]*.jar.*: archive inflates to more than 268435456 bytes in all' '$t/hostile.err'" \
	"the nested jars stop at the archive's total ceiling, with a warning naming the member"
check "grep -q 'opt/app/lib/deep1.jar!/lib/deep2.jar!/lib/deep3.jar!/lib/deep4.jar!/lib/deep5.jar.*: archives nested deeper than 4 levels' '$t/hostile.err'" \
	"jars nested deeper than 4 levels: a warning naming the too-deep member"
check "! pkg '$t/hostile.out' maven deep1" "the jar that breaks the nesting ceiling lists nothing"
timeout 300 "$VAKT" image --no-progress --no-config --list-packages --format json "$u" \
	>"$t/huge.out" 2>"$t/huge.err"
check "grep -q 'usr/local/bin/huge: 1200000000 bytes, more than the 1073741824 vakt reads' '$t/huge.err'" \
	"an ELF over 1 GiB is refused with a warning naming it and the limit"
check "! grep -q installer.run '$t/huge.err'" \
	"an executable over 1 GiB that is no ELF is passed over without a word"
rm -rf "$u"
check "! grep -q usr/local/bin/liar '$t/hostile.out'" \
	"an ELF header pointing past its file: a warning or nothing, no package"
if [ $have_go -eq 1 ]; then
	check "pkg '$t/hostile.out' golang stdlib usr/local/bin/hello" \
		"the intact Go binary's toolchain is listed (stdlib)"
	# A cut binary must never invent a package: what it yields, the intact one has.
	check "python3 -c '
import json, sys
ps = json.load(open(sys.argv[1]))[\"packages\"]
whole = {(p[\"name\"], p[\"version\"]) for p in ps if p.get(\"found_in\") == \"usr/local/bin/hello\"}
cut = {(p[\"name\"], p[\"version\"]) for p in ps if \"hello-cut\" in (p.get(\"found_in\") or \"\")}
sys.exit(not cut <= whole)' '$t/hostile.out'" \
		"Go binaries cut short at 4 places: a warning or nothing, never a package the intact one lacks"
else
	skip "Go binaries cut short" "go is not installed (apt-get install golang-go)"
	skip "the intact Go binary" "go is not installed"
fi
rss=$(tail -n 1 "$t/hostile.rss")
check "[ '${rss:-999999}' -lt 131072 ]" \
	"peak RSS ${rss:-?} KiB, under 128 MiB (bombs of 1 GiB and 300 MiB)"
grep -i -E 'sanitizer|segmentation|core dumped' "$t/hostile.err" | head -n 3 | sed 's/^/# /'
# --pkg-types os: no application file is read, so none is refused either.
run hostile --list-packages --format json --pkg-types os
check "[ $rc -eq 0 ] && ! grep -q -E 'usr/local/bin|opt/app/lib' '$t/hostile.err'" \
	"--pkg-types os: no application file read, no warning (exit $rc)"
check "! pkg '$t/hostile.out' npm express" "--pkg-types os: no application package"
# --- executables over 24 MiB, streamed ----------------------------------------------
s=$t/stream.root
common "$s"
mkdir -p "$s/usr/local/bin"
if [ -x /usr/bin/node ] && [ "$(stat -c %s /usr/bin/node)" -ge 90000000 ]; then
	cp /usr/bin/node "$s/usr/local/bin/node"
else
	# An ELF that stays one: ls, grown with zeros (its headers all before them).
	cp /bin/ls "$s/usr/local/bin/node"
	truncate -s 100000000 "$s/usr/local/bin/node"
fi
chmod 755 "$s/usr/local/bin/node"
nsize=$(stat -c %s "$s/usr/local/bin/node")
go_big=0
if command -v go >/dev/null 2>&1; then
	m=$t/mod/example.com/greet@v1.4.2 p=$t/proxy/example.com/greet/@v
	mkdir -p "$m" "$p" "$t/big"
	printf 'module example.com/greet\n\ngo 1.19\n' >"$m/go.mod"
	printf 'package greet\n\nfunc Hello() string { return "hello" }\n' >"$m/greet.go"
	(cd "$t/mod" && zip -q -X -r "$p/v1.4.2.zip" example.com/greet@v1.4.2)
	cp "$m/go.mod" "$p/v1.4.2.mod"
	printf '{"Version":"v1.4.2","Time":"2024-01-02T03:04:05Z"}\n' >"$p/v1.4.2.info"
	printf 'v1.4.2\n' >"$p/list"
	printf 'module example.com/assets\n\ngo 1.19\n\nrequire example.com/greet v1.4.2\n' \
		>"$t/big/go.mod"
	# The web assets a service embeds: 30 MiB.
	head -c 31457280 /dev/zero >"$t/big/assets.bin"
	cat >"$t/big/main.go" <<'GO'
package main

import (
	_ "embed"
	"fmt"

	"example.com/greet"
)

//go:embed assets.bin
var assets []byte

func main() { fmt.Println(greet.Hello(), len(assets)) }
GO
	if (cd "$t/big" && env GOPATH="$t/gopath" GOCACHE="$t/gocache" GOPROXY="file://$t/proxy" \
		GOSUMDB=off GOFLAGS=-mod=mod CGO_ENABLED=0 go build -o "$s/usr/local/bin/assets" .) \
		>"$t/go.log" 2>&1; then
		go_big=1
		bsize=$(stat -c %s "$s/usr/local/bin/assets")
	fi
	env GOPATH="$t/gopath" GOCACHE="$t/gocache" go clean -modcache >/dev/null 2>&1 || true
	rm -rf "$t/gopath" "$t/gocache" "$t/big" "$t/mod" "$t/proxy"
fi
if ! pack "$s" stream >"$t/pack.log" 2>&1; then
	nok "umoci packs the image of big executables"
	sed 's/^/# /' "$t/pack.log" | tail -n 5
else
	rm -rf "$s"
	run stream --list-packages --format json
	check '[ $rc -eq 0 ]' "big executables: vakt image --list-packages exits 0 (got $rc)"
	check "! grep -q usr/local/bin/node '$t/stream.err'" \
		"a $nsize-byte ELF that is no Go binary: streamed, nothing said"
	check "pkg '$t/stream.out' npm express && pkg '$t/stream.out' pypi requests" \
		"the image's other packages are listed"
	if [ $go_big -eq 1 ]; then
		check "[ $bsize -gt 25165824 ] && pkg '$t/stream.out' golang example.com/greet usr/local/bin/assets && pkg '$t/stream.out' golang stdlib usr/local/bin/assets" \
			"a $bsize-byte Go binary (over 24 MiB): its module and toolchain are listed, found in it"
		check "! grep -q usr/local/bin/assets '$t/stream.err'" "and nothing is said of it"
	else
		skip "a Go binary over 24 MiB" "go is not installed or the build failed (apt-get install golang-go)"
		skip "and nothing is said of it" "no Go binary"
	fi
	rss=$(tail -n 1 "$t/stream.rss")
	check "[ '${rss:-999999}' -lt 65536 ]" \
		"peak RSS ${rss:-?} KiB, under 64 MiB: executables over 24 MiB are never buffered whole"
	run stream --no-vulns --format json -o "$t/stream.report.json"
	rss=$(tail -n 1 "$t/stream.rss")
	check "[ $rc -le 1 ] && [ '${rss:-999999}' -lt 65536 ]" \
		"the report (secrets read too): exit $rc, peak RSS ${rss:-?} KiB, under 64 MiB"
fi
echo "1..$n"
