#!/usr/bin/env bash
# Golden tests: every directory under tests/golden/ that holds a `cmd` file is
# one case. `cmd` is one line of arguments to vakt, run by bash in the case
# directory (so globs and quotes work); `stdin`, when present, is fed to it.
# The case passes when stdout, stderr and the exit code equal `stdout`,
# `stderr` (only compared when the file exists) and `exit`.
# Elapsed times (" in 0.012s") are normalised to " in X.XXXs". The default
# vulnerability database is one that does not exist (XDG_CACHE_HOME), so that
# a database on the machine running the tests changes nothing.
#
#   tests/golden/run.sh [--update] [CASE-DIR...]
# --update rewrites the expectations for review with git diff.
set -u
here=$(cd "$(dirname "$0")" && pwd)
: "${VAKT:=$here/../../build/vakt}"
update=0
if [ "${1:-}" = --update ]; then
	update=1
	shift
fi
if [ $# -gt 0 ]; then
	cases=("$@")
else
	mapfile -t cases < <(find "$here" -name cmd -type f -printf '%h\n' | sort)
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0 bad=0
norm() { sed -E 's/ in [0-9]+\.[0-9]+s/ in X.XXXs/g'; }
for c in "${cases[@]}"; do
	c=${c%/}
	name=${c#"$here"/}
	n=$((n + 1))
	args=$(head -n 1 "$c/cmd")
	in=/dev/null
	[ -f "$c/stdin" ] && in="$c/stdin"
	(cd "$c" && NO_COLOR=1 COLUMNS=100 TZ=UTC LC_ALL=C XDG_CACHE_HOME=/nonexistent/vakt-test-cache eval "\"\$VAKT\" $args") \
		<"$in" >"$tmp/stdout.raw" 2>"$tmp/stderr.raw"
	echo $? >"$tmp/exit"
	norm <"$tmp/stdout.raw" >"$tmp/stdout"
	norm <"$tmp/stderr.raw" >"$tmp/stderr"
	if [ $update -eq 1 ]; then
		cp "$tmp/stdout" "$c/stdout"
		cp "$tmp/exit" "$c/exit"
		if [ -s "$tmp/stderr" ] || [ -f "$c/stderr" ]; then cp "$tmp/stderr" "$c/stderr"; fi
		echo "ok $n - $name (updated)"
		continue
	fi
	ok=1
	for f in stdout exit stderr; do
		[ "$f" = stderr ] && [ ! -f "$c/stderr" ] && continue
		if [ ! -f "$c/$f" ]; then
			echo "# $name: missing expected file '$f' (run with --update)"
			ok=0
		elif ! cmp -s "$c/$f" "$tmp/$f"; then
			echo "# $name: $f differs:"
			diff -u "$c/$f" "$tmp/$f" | head -n 40 | sed 's/^/#   /'
			ok=0
		fi
	done
	if [ $ok -eq 1 ]; then
		echo "ok $n - $name"
	else
		echo "not ok $n - $name"
		bad=$((bad + 1))
	fi
done
echo "1..$n"
[ $bad -eq 0 ]
