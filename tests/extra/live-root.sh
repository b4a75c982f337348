#!/usr/bin/env bash
# `vakt image DIR` on a live root: kernel pseudo filesystems mounted inside
# (proc, sysfs) are left out of the walk and said so, and the rest is read.
# Mounting needs root and a private mount namespace (unshare); without them
# the case is skipped with the reason.
set -u
: "${VAKT:?}"
n=0 bad=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
nok() { n=$((n + 1)); bad=$((bad + 1)); echo "not ok $n - $1"; }
skip() { n=$((n + 1)); echo "ok $n - $1 # SKIP $2"; }

if [ "$(id -u)" != 0 ] || ! command -v unshare >/dev/null 2>&1 ||
	! unshare -m true 2>/dev/null; then
	skip "live root with proc and sysfs" "needs root and unshare -m to mount proc and sysfs"
	echo "1..$n"
	exit 0
fi
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
mkdir -p "$t/root/etc" "$t/root/proc" "$t/root/sys" "$t/root/usr/bin" "$t/root/var/lib/dpkg"
printf 'ID=debian\nVERSION_ID="12"\nPRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\n' \
	>"$t/root/etc/os-release"
printf 'Package: bash\nStatus: install ok installed\nVersion: 5.2.15-2+b2\nArchitecture: amd64\n\n' \
	>"$t/root/var/lib/dpkg/status"
# In a mount namespace of its own, so nothing outlives the test.
unshare -m bash -c '
	mount -t proc proc "$1/root/proc" && mount -t sysfs sysfs "$1/root/sys" &&
	timeout 120 "$2" image "$1/root" --list-packages >"$1/out" 2>"$1/err"
	echo $? >"$1/rc"' _ "$t" "$VAKT"
rc=$(cat "$t/rc" 2>/dev/null || echo none)
if [ "$rc" = 0 ] && grep -q '^bash  *5.2.15-2+b2' "$t/out"; then
	ok "live root: the packages are read"
else
	nok "live root: exit $rc, packages not listed"
	sed 's/^/#   /' "$t/err" "$t/out" | head -n 8
fi
if grep -q "left out kernel pseudo filesystems, whose files are the kernel's state: proc (proc), sys (sysfs)" "$t/err"; then
	ok "live root: proc and sysfs left out, and said so"
else
	nok "live root: no warning about proc and sysfs"
	sed 's/^/#   /' "$t/err" | head -n 5
fi
echo "1..$n"
[ $bad -eq 0 ]
