#!/usr/bin/env bash
# Build the images of the vulnerability-matching test, whose packages are
# older (or newer) than the fixed versions of the hand-written OSV records
# in osv/. The package databases are written by the package managers
# themselves: dpkg installs small .deb files built here with dpkg-deb, rpm
# records small packages built with rpmbuild (--justdb); Alpine's
# lib/apk/db/installed is written by hand, in apk's own format, as apk-tools
# cannot run here. umoci packs each root into an OCI layout.
#
#   tests/vuln/images/build.sh OUTDIR
#
# Exit status 77 with the reason on stdout when a tool is missing.
#
# OUTDIR/debian/   OCI layout, tag "12": Debian 12 with the packages of debs()
#        alma/     OCI layout, tag "9": AlmaLinux 9 with the packages of rpms()
#        alpine/   OCI layout, tag "3.19": Alpine 3.19.1, lib/apk/db/installed
#        ubuntu/   OCI layout, tag "24.04": Ubuntu 24.04 (no records cover it)
set -eu
out=${1:?usage: build.sh OUTDIR}
for t in umoci dpkg dpkg-deb rpm rpmbuild; do
	command -v "$t" >/dev/null 2>&1 || { echo "$t is not installed (scripts/deps.sh installs it)"; exit 77; }
done
rm -rf "$out"
mkdir -p "$out/work"
out=$(cd "$out" && pwd)
w=$out/work

# pack ROOT LAYOUT TAG CREATED_BY: an OCI layout holding ROOT as one layer.
pack() {
	umoci init --layout "$out/$2"
	umoci new --image "$out/$2:$3"
	umoci unpack --rootless --image "$out/$2:$3" "$w/b" >/dev/null
	cp -a "$1/." "$w/b/rootfs/"
	# Fixed times, so that the layers (and the sizes the reports quote) are the same every build.
	find "$w/b/rootfs" -exec touch -h -d @1700000000 {} +
	umoci repack --image "$out/$2:$3" --history.created_by "$4" "$w/b"
	rm -rf "$w/b"
}

os_release() { # ROOT ID VERSION_ID PRETTY [CODENAME]
	mkdir -p "$1/usr/lib" "$1/etc"
	{
		echo "PRETTY_NAME=\"$4\""
		echo "ID=$2"
		echo "VERSION_ID=\"$3\""
		[ -n "${5:-}" ] && echo "VERSION_CODENAME=$5"
	} >"$1/usr/lib/os-release"
	ln -s ../usr/lib/os-release "$1/etc/os-release"
}

# deb NAME VERSION [SOURCE]: build and install one package into $root.
deb() {
	local d=$w/deb-$1
	mkdir -p "$d/DEBIAN" "$d/usr/share/doc/$1"
	{
		echo "Package: $1"
		echo "Version: $2"
		[ -n "${3:-}" ] && echo "Source: $3"
		echo "Architecture: amd64"
		echo "Maintainer: vakt tests <tests@vakt.invalid>"
		echo "Description: vakt test package $1"
	} >"$d/DEBIAN/control"
	echo "$1 $2" >"$d/usr/share/doc/$1/version"
	dpkg-deb --root-owner-group -b "$d" "$w/$1.deb" >/dev/null
	dpkg --root="$root" --force-script-chrootless --force-not-root --force-depends \
		--log=/dev/null -i "$w/$1.deb" >/dev/null
}

# --- Debian 12 ---------------------------------------------------------------
root=$w/debian
mkdir -p "$root/var/lib/dpkg/info" "$root/var/lib/dpkg/updates"
: >"$root/var/lib/dpkg/status"
os_release "$root" debian 12 "Debian GNU/Linux 12 (bookworm)" bookworm
echo 12.5 >"$root/etc/debian_version"
deb bsdutils 1:2.38.1-5 "util-linux (2.38.1-5)" # binary epoch, source without
deb libssl3 3.0.11-1~deb12u2 openssl           # a tilde backport
deb libc6 2.36-9+deb12u9 glibc                   # deb12u9 < deb12u10
deb zlib1g 1:1.2.13.dfsg-1 zlib                  # the source version keeps the epoch
deb bash 5.2.15-2+b2 "bash (5.2.15-2)"           # binNMU: source version 5.2.15-2
deb tar 1.34+dfsg-1.2+deb12u1                    # no Source: the binary is the source
deb coreutils 9.1-1                              # no record names it
pack "$root" debian 12 "ADD debian-12.tar /"

# --- AlmaLinux 9 ---------------------------------------------------------------
# rpmpkg NAME EPOCH VERSION RELEASE: build and record one package.
rpmpkg() {
	mkdir -p "$w/rpm"
	cat >"$w/rpm/$1.spec" <<SPEC
Name: $1
$( [ "$2" != - ] && echo "Epoch: $2" )
Version: $3
Release: $4
Summary: vakt test package $1
License: MIT
BuildArch: noarch
%description
vakt test package
%files
SPEC
	(cd "$w/rpm" && rpmbuild --define "_topdir $w/rpm/top" -bb "$1.spec" >"$w/rpm/log" 2>&1)
	rpm --root "$root" --dbpath /var/lib/rpm -i --nodeps --justdb \
		"$w/rpm/top/RPMS/noarch/$1-$3-$4.noarch.rpm" >>"$w/rpm/log" 2>&1
}
root=$w/alma
mkdir -p "$root"
os_release "$root" almalinux 9.3 "AlmaLinux 9.3 (Shamrock Pampas Cat)"
echo "AlmaLinux release 9.3 (Shamrock Pampas Cat)" >"$root/etc/redhat-release"
rpm --root "$root" --dbpath /var/lib/rpm --initdb
rpmpkg openssl-libs 1 3.0.7 24.el9 # epoch 1
rpmpkg bash - 5.1.8 6.el9_1
rpmpkg curl - 7.76.1 26.el9_3.2
pack "$root" alma 9 "ADD alma-9.tar /"

# --- Alpine 3.19 ---------------------------------------------------------------
root=$w/alpine
mkdir -p "$root/lib/apk/db"
os_release "$root" alpine 3.19.1 "Alpine Linux v3.19"
echo 3.19.1 >"$root/etc/alpine-release"
apk_pkg() { # NAME VERSION ORIGIN
	printf 'C:Q1%s=\nP:%s\nV:%s\nA:x86_64\nS:1000\nI:4000\nT:vakt test package\nL:MIT\no:%s\n\n' \
		"$(printf '%s' "$1" | sha1sum | cut -c1-27)" "$1" "$2" "$3"
}
{
	apk_pkg musl 1.2.4_git20230717-r4 musl
	apk_pkg busybox 1.36.1-r15 busybox
	apk_pkg libcrypto3 3.1.4-r2 openssl # matched by origin
	apk_pkg libssl3 3.1.4-r2 openssl
	apk_pkg zlib 1.3.1-r0 zlib
} >"$root/lib/apk/db/installed"
pack "$root" alpine 3.19 "ADD alpine-minirootfs-3.19.1-x86_64.tar.gz /"

# --- Ubuntu 24.04: no record covers it ---------------------------------------------
root=$w/ubuntu
mkdir -p "$root/var/lib/dpkg/info" "$root/var/lib/dpkg/updates"
: >"$root/var/lib/dpkg/status"
os_release "$root" ubuntu 24.04 "Ubuntu 24.04.1 LTS" noble
deb libssl3t64 3.0.13-0ubuntu3.1 openssl
pack "$root" ubuntu 24.04 "ADD ubuntu-24.04.tar /"

rm -rf "$w"
