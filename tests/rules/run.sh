#!/usr/bin/env bash
# Rule fixtures: tests/rules/<domain>/<RULE-ID>/<fixture>, where a fixture is
# a file (e.g. fail-latest.Dockerfile) or a directory holding the input and
# its neighbours (e.g. fail-no-dockerignore/Dockerfile), a GitHub Actions
# workflow at DIR/.github/workflows/NAME.yml, or a requirements file
# (DIR/requirements*.txt, or DIR/requirements/NAME.txt). A fixture's own
# comment lines declare what it expects of the rule named by its directory:
#
#   # expect: DF012:5        a finding of DF012 at line 5 (repeat for more)
#   # args: --build-arg X=y  extra arguments for vakt scan (optional)
#
# A fixture without `expect:` lines must produce no finding of the rule
# (a pass case). Only that rule's findings are compared, as a multiset of
# lines; each rule directory must hold at least one fail and one pass case.
# A directory fixture's input may also be a Cargo.lock, yarn.lock or
# poetry.lock (lock formats with '#' comments).
set -u
here=$(cd "$(dirname "$0")" && pwd)
: "${VAKT:=$here/../../build/vakt}"
n=0 bad=0
# Rules that match packages against vulnerability records (DP002) read the
# records of tests/vuln/apps, imported here: fixtures name it as $VULN_DB
# in their args. Without one, no vakt scan here reads a database.
dbdir=$(mktemp -d)
trap 'rm -rf "$dbdir"' EXIT
export VULN_DB=$dbdir/vuln.db XDG_CACHE_HOME=$dbdir/cache
"$VAKT" db import --db "$VULN_DB" "$here/../vuln/apps/osv" >/dev/null 2>&1 ||
	echo "# vakt db import of tests/vuln/apps/osv failed: the DP002 fixtures will fail"
for rdir in "$here"/*/*/; do
	rdir=${rdir%/}
	rule=${rdir##*/}
	domain=$(basename "$(dirname "$rdir")")
	nfail=0 npass=0
	for fx in "$rdir"/*; do
		name="$domain/$rule/${fx##*/}"
		if [ -d "$fx" ]; then
			input=$(find "$fx" -maxdepth 1 -type f \( -name 'Dockerfile*' -o -name '*.Dockerfile' \
				-o -name '*.yaml' -o -name '*.yml' -o -name 'Containerfile*' -o -name '*.sh' \
				-o -name 'requirements*.txt' -o -name Cargo.lock -o -name yarn.lock \
				-o -name poetry.lock \) | sort | head -n 1)
			# A GitHub Actions workflow is recognised by its place in the tree,
			# and so is the .txt file of a requirements/ directory.
			[ -n "$input" ] || input=$(find "$fx/.github/workflows" -maxdepth 1 -type f \
				\( -name '*.yml' -o -name '*.yaml' \) 2>/dev/null | sort | head -n 1)
			[ -n "$input" ] || input=$(find "$fx/requirements" -maxdepth 1 -type f \
				-name '*.txt' 2>/dev/null | sort | head -n 1)
			dir=$fx
		else
			input=$fx
			dir=$rdir
		fi
		[ -n "$input" ] || { echo "not ok - $name: no input file"; bad=$((bad+1)); continue; }
		n=$((n + 1))
		want=$(grep -oE '^[[:space:]]*#[[:space:]]*expect:[[:space:]]*[A-Za-z0-9_-]+:[0-9]+' "$input" \
			| sed -E 's/.*expect:[[:space:]]*//' | grep "^$rule:" | sed 's/.*://' | sort -n | tr '\n' ' ')
		args=$(grep -oE '^[[:space:]]*#[[:space:]]*args:.*' "$input" | head -n 1 | sed -E 's/.*args:[[:space:]]*//')
		if [ -n "$want" ]; then nfail=$((nfail + 1)); else npass=$((npass + 1)); fi
		got=$(cd "$dir" && eval "\"\$VAKT\" scan --format gnu --no-color $args \"\$input\"" 2>/dev/null \
			| grep -E "\[$rule( [^]]*)?\]\$" | cut -d: -f2 | sort -n | tr '\n' ' ')
		if [ "$want" = "$got" ]; then
			echo "ok $n - $name"
		else
			echo "not ok $n - $name: expected $rule at lines [${want% }], got [${got% }]"
			bad=$((bad + 1))
		fi
	done
	if [ $nfail -eq 0 ] || [ $npass -eq 0 ]; then
		n=$((n + 1))
		echo "not ok $n - $domain/$rule: needs at least one fail and one pass fixture"
		bad=$((bad + 1))
	fi
done
echo "1..$n"
[ $bad -eq 0 ]
