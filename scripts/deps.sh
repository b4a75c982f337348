#!/bin/sh
# Install the Debian packages vakt needs to build and test, only those that are
# missing. Idempotent and silent when everything is present.
set -eu

# Build and library dependencies (the Makefile runs this script once per build
# directory, before the first compile). libelf-dev also reads Go and cargo
# build information in binaries (src/pkg/pkg-app-elf.c). libbpf-dev, bpftool and libelf-dev
# build the eBPF probe (scripts/gen-probe.sh compiles it out without them).
PKGS="make gcc clang llvm libclang-rt-14-dev pkg-config python3-yaml
libyaml-dev libjansson-dev libpcre2-dev libcmocka-dev libsqlite3-dev
libarchive-dev zlib1g-dev libzstd-dev libisal-dev libssl-dev libcurl4-openssl-dev
libbpf-dev bpftool libelf-dev
libmicrohttpd-dev libgnutls28-dev umoci skopeo
clang-format clang-tidy cppcheck"

# Tools the tests run, as "command:package". A tool counts as present when its
# command is on PATH, whoever installed it (nodejs from NodeSource ships npm
# itself and conflicts with Debian's npm package). Without them the suites skip:
#   rpm, rpmbuild  test-pkg-rpm's real rpmdb.sqlite (package rpm has both)
#   python3        tests/image (mkimage.py builds the hand-made images)
#   node, npm      tests/tools.sh: SARIF, JSON Schema and CycloneDX validators
#   debootstrap    make bench: the Debian image bench/image.sh builds once
#   iptables, nft  tests/firewall: dumps made by the real tools in a throwaway
#                  network namespace (vakt host runs them live, when present)
#   openssl, curl  tests/serve: a throwaway CA, and AdmissionReview requests
#                  sent to vakt serve over TLS
#   wrk            make bench: vakt serve under load
#   go             test-pkg-app-bin: Go binaries built offline, their build
#                  information read back (golang-go: 63 MB download, 335 MB)
#   zip            test-pkg-app-bin: jars and wars made in the test
TOOLS="rpm:rpm rpmbuild:rpm python3:python3 node:nodejs npm:npm debootstrap:debootstrap
iptables-save:iptables nft:nftables openssl:openssl curl:curl wrk:wrk go:golang-go zip:zip"

missing=""
for p in $PKGS; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
		missing="$missing $p"
	fi
done
for t in $TOOLS; do
	if ! command -v "${t%%:*}" >/dev/null 2>&1; then
		case " $missing " in
		*" ${t#*:} "*) ;;
		*) missing="$missing ${t#*:}" ;;
		esac
	fi
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
	SUDO=sudo
else
	SUDO=
fi
echo "vakt: installing missing Debian packages:$missing" >&2
export DEBIAN_FRONTEND=noninteractive
# An old or empty package list makes apt-get install fail; refresh it once.
$SUDO apt-get update -qq >/dev/null
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
