#!/bin/sh
# Install the Debian packages vakt needs to build and test, only those that are
# missing. Idempotent and silent when everything is present.
set -eu

# Build and library dependencies (pkg-config names are checked by the Makefile).
PKGS="make gcc clang llvm libclang-rt-14-dev pkg-config
libyaml-dev libjansson-dev libpcre2-dev libcmocka-dev libsqlite3-dev
libarchive-dev zlib1g-dev libzstd-dev libssl-dev umoci skopeo
clang-format clang-tidy cppcheck"

missing=""
for p in $PKGS; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
		missing="$missing $p"
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
