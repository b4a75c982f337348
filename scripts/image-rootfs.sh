#!/bin/sh
# Assemble the root filesystem of vakt's own image (docs/container.md):
#
#   scripts/image-rootfs.sh BINARY OUTDIR SONAME...
#
# BINARY is the vakt to ship, OUTDIR the directory to (re)create, SONAME the
# libraries vakt loads with dlopen (src/core/dl.h; the Makefile passes the
# sonames the loaders were compiled with). Both ways of building the image
# run this script: `make image` on this machine and the Dockerfile's build
# stage, so they ship the same files.
#
# What goes in, and nothing else (no shell, no package manager):
#   usr/bin/vakt                         the binary, debug info stripped
#   the ELF interpreter and every shared library the binary and the dlopen'ed
#   libraries need, as ldd resolves them here, at their Debian paths
#   etc/ssl/certs/ca-certificates.crt    for `vakt db update` over HTTPS
#   etc/passwd, etc/group                root and nonroot (65532), no login shell
#   home/nonroot                         HOME of 65532, where the database goes
#   tmp (1777)                           SQLite's temporary files: without a
#                                        writable /tmp, /var/tmp or working
#                                        directory, `vakt db import` and
#                                        `vakt db update` fail with "disk I/O error"
#   etc/os-release, var/lib/dpkg/status.d/PKG, usr/share/doc/PKG/copyright
#                                        the Debian packages the libraries come
#                                        from, as distroless records them, so
#                                        that image scanners see their versions
set -eu

IMAGE_UID=65532
IMAGE_USER=nonroot

die() {
	echo "image-rootfs: $*" >&2
	exit 1
}

[ $# -ge 2 ] || die "usage: image-rootfs.sh BINARY OUTDIR [SONAME...]"
bin=$1 out=$2
shift 2
[ -x "$bin" ] || die "'$bin' is not an executable"
for t in ldd readelf dpkg-query; do
	command -v "$t" >/dev/null 2>&1 || die "'$t' is needed (Debian package libc-bin, binutils, dpkg)"
done
# An ASan build maps its runtime and cannot run without it: not for an image.
if readelf -Ws "$bin" | grep -q '__asan_init'; then
	die "'$bin' is built with AddressSanitizer: build the image from a plain build"
fi
multiarch=$(dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null || gcc -print-multiarch 2>/dev/null || true)
[ -n "$multiarch" ] || die "cannot tell the multiarch directory (dpkg-dev or gcc is needed)"

rm -rf "$out"
mkdir -p "$out/usr/bin" "$out/etc/ssl/certs" "$out/var/lib/dpkg/status.d" "$out/home/$IMAGE_USER"
libs=$(mktemp)
trap 'rm -f "$libs"' EXIT

# The file a soname resolves to here, through the linker cache.
resolve() {
	ldconfig -p | awk -v s="$1" -v m="$multiarch" \
		'$1 == s && index($NF, "/" m "/") { print $NF; exit }'
}

# Every library path ldd prints for $1 (the interpreter line has no "=>").
ldd_paths() {
	ldd "$1" | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }'
}

ldd_paths "$bin" >>"$libs"
for s in "$@"; do
	p=$(resolve "$s")
	[ -n "$p" ] || die "the dlopen'ed library '$s' is not installed"
	echo "$p" >>"$libs"
	ldd_paths "$p" >>"$libs"
done

# Copy each library under its soname at its Debian (merged /usr) path; the
# interpreter goes where the binary's PT_INTERP names it. Real files, no links:
# the image has nothing to resolve them with and needs none.
interp=$(readelf -l "$bin" | sed -n 's/.*Requesting program interpreter: \(.*\)\]/\1/p')
[ -n "$interp" ] || die "'$bin' names no ELF interpreter (a static binary needs no libraries)"
sort -u "$libs" | while read -r p; do
	real=$(readlink -f "$p")
	if [ "$(basename "$p")" = "$(basename "$interp")" ]; then
		dest=$interp
	else
		dest=/usr/lib/$multiarch/$(basename "$p")
	fi
	mkdir -p "$out$(dirname "$dest")"
	cp "$real" "$out$dest"
	chmod 0755 "$out$dest"
	echo "$real" >>"$libs.real"
done
[ -s "$out$interp" ] || die "ldd did not report the interpreter '$interp'"

# The binary without its debug sections (they are half its size).
if command -v objcopy >/dev/null 2>&1; then
	objcopy --strip-debug "$bin" "$out/usr/bin/vakt"
else
	cp "$bin" "$out/usr/bin/vakt"
fi
chmod 0755 "$out/usr/bin/vakt"

ca=/etc/ssl/certs/ca-certificates.crt
[ -s "$ca" ] || die "'$ca' is missing (Debian package ca-certificates)"
cp "$ca" "$out$ca"
chmod 0644 "$out$ca"

# No login shell: /usr/sbin/nologin is not in the image either, so nothing
# can log in; the runtime starts the entrypoint directly.
cat >"$out/etc/passwd" <<EOF
root:x:0:0:root:/root:/usr/sbin/nologin
$IMAGE_USER:x:$IMAGE_UID:$IMAGE_UID:$IMAGE_USER:/home/$IMAGE_USER:/usr/sbin/nologin
EOF
cat >"$out/etc/group" <<EOF
root:x:0:
$IMAGE_USER:x:$IMAGE_UID:
EOF
chmod 0644 "$out/etc/passwd" "$out/etc/group"
chmod 0700 "$out/home/$IMAGE_USER"
# Root (the Dockerfile's build stage) can give the home to its user; `make
# image` sets the owners in the layer instead (scripts/image-build.sh).
[ "$(id -u)" -ne 0 ] || chown "$IMAGE_UID:$IMAGE_UID" "$out/home/$IMAGE_USER"

# The packages the libraries belong to, for scanners and licences.
cp "$(readlink -f /etc/os-release)" "$out/etc/os-release"
chmod 0644 "$out/etc/os-release"
pkgs=$(sort -u "$libs.real" | while read -r f; do
	# dpkg knows the path it installed, before or after the /usr merge.
	dpkg-query -S "$f" 2>/dev/null || dpkg-query -S "${f#/usr}" 2>/dev/null || true
done | sed 's/: .*//; s/, /\n/g' | sort -u)
rm -f "$libs.real"
[ -n "$pkgs" ] || die "dpkg knows none of the libraries"
for pk in $pkgs; do
	name=${pk%%:*}
	dpkg-query -s "$pk" | grep -v '^Conffiles:\|^ /.* [0-9a-f]\{32\}' >"$out/var/lib/dpkg/status.d/$name"
	if [ -f "/usr/share/doc/$name/copyright" ]; then
		mkdir -p "$out/usr/share/doc/$name"
		cp "/usr/share/doc/$name/copyright" "$out/usr/share/doc/$name/copyright"
	fi
done
find "$out" -type d -exec chmod 0755 {} +
chmod 0700 "$out/home/$IMAGE_USER"
mkdir -p "$out/tmp"
chmod 1777 "$out/tmp"
