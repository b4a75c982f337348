#!/usr/bin/env bash
# vakt's version ordering against the package managers themselves, on the
# real versions of this machine: every Version of its apt lists
# (/var/lib/apt/lists/*_Packages, plain or lz4/gz/xz) and of
# /var/lib/dpkg/status. The comparator is called through the unit test's
# driver (build/tests/test-pkg-version --compare / --sort), so vakt has no
# command for it.
#
#   1. dpkg --compare-versions confirms vakt's answer on VAKT_VERSION_PAIRS
#      (1000) pairs: neighbours in vakt's order of all the versions (the
#      closest calls there are), versions of one package in different lists
#      (the upgrades and security fixes a matcher decides), and random pairs.
#      One dpkg process per pair, two at a time.
#   2. Dpkg::Version (dpkg's Perl implementation, libdpkg-perl) on every
#      neighbour of that order and the same random pairs, in one process:
#      if each neighbour agrees, the whole order does.
#   3. rpm's own comparison (rpm.vercmp() in rpm's Lua) on the same strings,
#      read as rpm EVRs, in one process.
#
# Each check is skipped with the reason when its tool or the lists are
# missing; a driver, Perl or Lua that fails or answers short fails it. One
# TAP line per check.
#
#   BUILD=build tests/extra/versions.sh
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
: "${BUILD:=$root/build}" "${VAKT_VERSION_PAIRS:=1000}"
drv=$BUILD/tests/test-pkg-version

n=0 bad=0
ok() { n=$((n + 1)); echo "ok $n - $*"; }
not_ok() { n=$((n + 1)) bad=$((bad + 1)); echo "not ok $n - $*"; }
skip() { n=$((n + 1)); echo "ok $n - $1 # SKIP $2"; }
finish() { echo "1..$n"; [ "$bad" -eq 0 ]; exit $?; }

if [ ! -x "$drv" ]; then
	not_ok "version ordering: $drv is missing (make $drv)"
	finish
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The driver's answers to the lines of `in` in `out`, one a line. A driver
# that fails or answers short is the named check's "not ok" (return 1),
# never an order compared short or a skip.
drive() { # --compare|--sort, scheme, in, out, check
	local rc
	"$drv" "$1" "$2" <"$3" >"$4" 2>"$tmp/drv.err"
	rc=$?
	[ "$rc" -eq 0 ] && [ "$(wc -l <"$4")" -eq "$(wc -l <"$3")" ] && return 0
	not_ok "$5: test-pkg-version $1 $2 exited with status $rc after" \
		"$(wc -l <"$4") answers to $(wc -l <"$3") lines"
	head -n 3 "$tmp/drv.err" | sed 's/^/# /'
	return 1
}

# "A B" for each two successive lines of a file.
neighbours() {
	paste -d' ' <(sed '$d' "$1") <(sed 1d "$1")
}

# "package<TAB>version" from one list or status file.
read_list() {
	case $1 in
	*.lz4) command -v lz4 >/dev/null && lz4 -dc "$1" ;;
	*.gz) gzip -dc "$1" ;;
	*.xz) command -v xz >/dev/null && xz -dc "$1" ;;
	*) cat "$1" ;;
	esac 2>/dev/null | awk '/^Package: /{p=$2} /^Version: /{print p "\t" $2}'
}
lists=0
for f in /var/lib/apt/lists/*_Packages /var/lib/apt/lists/*_Packages.lz4 \
	/var/lib/apt/lists/*_Packages.gz /var/lib/apt/lists/*_Packages.xz /var/lib/dpkg/status; do
	[ -f "$f" ] || continue
	read_list "$f" >"$tmp/list" && [ -s "$tmp/list" ] || continue
	lists=$((lists + 1))
	# The list's number, so that one package's versions in two lists can be paired.
	sed "s/^/$lists\t/" "$tmp/list" >>"$tmp/pkgs"
done
if [ "$lists" -eq 0 ] || [ "$(cut -f3 "$tmp/pkgs" | sort -u | wc -l)" -lt 100 ]; then
	why="no apt lists or dpkg status with 100 versions (or no lz4 for *.lz4 lists)"
	skip "dpkg --compare-versions on real versions" "$why"
	skip "Dpkg::Version on real versions" "$why"
	skip "rpm.vercmp on real versions" "$why"
	finish
fi
cut -f3 "$tmp/pkgs" | LC_ALL=C sort -u >"$tmp/versions"
total=$(wc -l <"$tmp/versions")

# vakt's order of every version, and its neighbours.
drive --sort deb "$tmp/versions" "$tmp/sorted" "version ordering of real versions" || finish
neighbours "$tmp/sorted" >"$tmp/neighbours"
# One package's distinct versions in different lists: each against the first.
sort -t"$(printf '\t')" -k2,2 -k1,1n "$tmp/pkgs" | awk -F'\t' '
	$2 != pkg { pkg = $2; first = $3; next }
	$3 != first { print first " " $3 }' | LC_ALL=C sort -u >"$tmp/upgrades"
# Random pairs, the same on every run.
awk 'BEGIN { srand(12) } { v[NR] = $0 } END {
	for (i = 0; i < 2000 && NR > 1; i++) print v[int(rand() * NR) + 1] " " v[int(rand() * NR) + 1] }' \
	"$tmp/versions" >"$tmp/random"
cat "$tmp/neighbours" "$tmp/upgrades" "$tmp/random" >"$tmp/all"

# Spread `want` lines evenly over a file.
spread() { # file, want
	awk -v want="$2" -v all="$(wc -l <"$1")" \
		'all <= want || (NR - 1) % int(all / want) == 0 { if (k++ < want) print }' "$1"
}

# --- 1. dpkg --compare-versions --------------------------------------------
# Versions dpkg refuses are left out: the lists hold none, and dpkg's answer
# for them is an error, not an order.
want=$VAKT_VERSION_PAIRS
{
	spread "$tmp/neighbours" $((want * 6 / 10))
	spread "$tmp/upgrades" $((want * 3 / 10))
	spread "$tmp/random" $((want - want * 6 / 10 - want * 3 / 10))
} >"$tmp/pairs"
if ! command -v dpkg >/dev/null; then
	skip "dpkg --compare-versions on real versions" "dpkg is not installed"
elif drive --compare deb "$tmp/pairs" "$tmp/ops" "dpkg --compare-versions on real versions"; then
	# dpkg confirms vakt's answer: "A lt B" when vakt says A < B, and so on.
	paste -d' ' "$tmp/pairs" "$tmp/ops" |
		awk '{ op = $3 == "<" ? "lt" : $3 == ">" ? "gt" : "eq"; print $1; print op; print $2 }' \
			>"$tmp/claims"
	count=$(wc -l <"$tmp/pairs")
	if xargs -d '\n' -n 3 -P 2 dpkg --compare-versions <"$tmp/claims" 2>"$tmp/dpkg.err"; then
		ok "dpkg --compare-versions agrees with vakt on $count pairs of real versions" \
			"($total versions from $lists lists; $(wc -l <"$tmp/upgrades") cross-list upgrades)"
	else
		# Find which, one at a time (only when something disagreed).
		while read -r a op b; do
			dpkg --compare-versions "$a" "$op" "$b" 2>/dev/null || echo "# vakt: $a $op $b; dpkg: no"
		done < <(paste -d' ' - - - <"$tmp/claims") | head -n 20 >"$tmp/diff"
		not_ok "dpkg --compare-versions disagrees with vakt on $count pairs of real versions" \
			"($(grep -c . "$tmp/diff") shown)"
		cat "$tmp/diff"
		head -n 5 "$tmp/dpkg.err" | sed 's/^/# /'
	fi
fi

# --- 2. Dpkg::Version -----------------------------------------------------
if ! perl -MDpkg::Version -e 1 2>/dev/null; then
	skip "Dpkg::Version on real versions" "perl's Dpkg::Version (libdpkg-perl) is not installed"
elif drive --compare deb "$tmp/all" "$tmp/ops" "Dpkg::Version on real versions"; then
	count=$(wc -l <"$tmp/all")
	# Perl dies on a version it refuses: that fails the check, not passes it.
	if ! paste -d' ' "$tmp/all" "$tmp/ops" | perl -MDpkg::Version -ne '
		my ($a, $b, $op) = split;
		my $r = version_compare($a, $b);
		my $p = $r < 0 ? "<" : $r > 0 ? ">" : "=";
		print "# vakt: $a $op $b; Dpkg::Version: $a $p $b\n" if $p ne $op;' \
		>"$tmp/diff" 2>"$tmp/perl.err"; then
		not_ok "Dpkg::Version on real versions: perl failed: $(head -n 1 "$tmp/perl.err")"
	elif [ -s "$tmp/diff" ]; then
		not_ok "Dpkg::Version disagrees with vakt on $(wc -l <"$tmp/diff") of $count pairs"
		head -n 20 "$tmp/diff"
	else
		ok "Dpkg::Version agrees with vakt on $count pairs (every neighbour of $total sorted versions)"
	fi
fi

# --- 3. rpm ---------------------------------------------------------------
name="rpm.vercmp on real versions"
if ! command -v rpm >/dev/null; then
	skip "$name" "rpm is not installed"
elif [ "$(rpm --eval '%{lua: print("lua")}' 2>/dev/null)" != lua ]; then
	skip "$name" "rpm --eval has no Lua"
elif drive --sort rpm "$tmp/versions" "$tmp/rsorted" "$name" &&
	{ neighbours "$tmp/rsorted" && cat "$tmp/random"; } >"$tmp/rall" &&
	drive --compare rpm "$tmp/rall" "$tmp/rops" "$name"; then
	paste -d' ' "$tmp/rall" "$tmp/rops" >"$tmp/rclaims"
	rpm --eval "%{lua:
		for l in io.lines('$tmp/rclaims') do
			local a, b, op = l:match('(%S+) (%S+) (%S+)')
			local r = rpm.vercmp(a, b)
			local p = r < 0 and '<' or (r > 0 and '>' or '=')
			if p ~= op then print('# vakt: '..a..' '..op..' '..b..'; rpm: '..p..'\\n') end
		end
		print('done\\n')}" >"$tmp/rdiff" 2>"$tmp/rerr"
	count=$(wc -l <"$tmp/rall")
	if ! grep -q '^done' "$tmp/rdiff"; then
		not_ok "$name: the Lua comparison failed: $(head -n 1 "$tmp/rerr")"
	elif grep -q '^#' "$tmp/rdiff"; then
		not_ok "rpm.vercmp disagrees with vakt on $(grep -c '^#' "$tmp/rdiff") of $count pairs"
		grep '^#' "$tmp/rdiff" | head -n 20
	else
		ok "rpm.vercmp agrees with vakt's rpm order on $count pairs (every neighbour of $total sorted strings)"
	fi
fi
finish
