#!/usr/bin/env bash
# The test runner itself (tests/run.sh): a test program or script that crashes
# or exits non-zero without printing "not ok" still counts as a failure, a
# skip counts as a skip, and the run's own status says whether anything
# failed. Runs a copy of run.sh over a small tree of fake tests.
set -u
here=$(cd "$(dirname "$0")/.." && pwd)
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
nok() { n=$((n + 1)); echo "not ok $n - $1"; }
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT

# fake: a layout like tests/ with one unit test program and scripts
# whose behaviour is given, built into $t/build.
fake() { # tree, unit-test-body, script-body...
	local d=$1 unit=$2 i=0
	shift 2
	mkdir -p "$d/tests/unit" "$d/tests/extra" "$d/build/tests"
	cp "$here/run.sh" "$d/tests/run.sh"
	: >"$d/tests/unit/test-fake.c"
	printf '#!/bin/sh\n%s\n' "$unit" >"$d/build/tests/test-fake"
	chmod +x "$d/build/tests/test-fake"
	for body in "$@"; do
		i=$((i + 1))
		printf '#!/usr/bin/env bash\n%s\n' "$body" >"$d/tests/extra/s$i.sh"
		chmod +x "$d/tests/extra/s$i.sh"
	done
}
# run: run the copy; sets out (its output), rc and summary ("pass fail skip").
run() { # tree
	out=$(VAKT=/bin/true BUILD="$1/build" LABEL=self "$1/tests/run.sh" 2>&1)
	rc=$?
	summary=$(cat "$1/build/.summary-self" 2>/dev/null)
}

fake "$t/a" 'echo "ok 1 - fine"' 'echo "ok 1 - a"; echo "ok 2 - b # SKIP no reason"'
run "$t/a"
if [ "$rc" -eq 0 ] && [ "$summary" = "2 0 1" ]; then
	ok "passing tests and a skip: status 0, counted 2 passed, 1 skipped"
else
	nok "passing tests and a skip: status $rc, summary '$summary': $out"
fi

# A script that crashes after passing lines (a Python traceback, exit 1).
fake "$t/b" 'echo "ok 1 - fine"' 'echo "ok 1 - a"; echo "Traceback (most recent call last):" >&2; exit 1'
run "$t/b"
if [ "$rc" -ne 0 ] && [ "$summary" = "2 1 0" ] && grep -q 'extra/s1.sh exited with status 1' <<<"$out"; then
	ok "a script that exits 1 without 'not ok' counts as one failure, named"
else
	nok "a crashing script: status $rc, summary '$summary': $out"
fi

# A unit test program killed by a signal after its passing lines.
fake "$t/c" 'echo "ok 1 - fine"; kill -SEGV $$' 'echo "ok 1 - a"'
run "$t/c"
if [ "$rc" -ne 0 ] && [ "$summary" = "2 1 0" ] && grep -q 'test-fake exited with status 139' <<<"$out"; then
	ok "a test program killed by SIGSEGV counts as one failure, named"
else
	nok "a crashing test program: status $rc, summary '$summary': $out"
fi

# Its own "not ok" lines are counted, not one more for the status.
fake "$t/d" 'echo "ok 1 - fine"' 'echo "not ok 1 - a"; echo "not ok 2 - b"; exit 1'
run "$t/d"
if [ "$rc" -ne 0 ] && [ "$summary" = "1 2 0" ]; then
	ok "a script's own 'not ok' lines are the failures counted"
else
	nok "a failing script: status $rc, summary '$summary': $out"
fi

# A test program whose source is gone (renamed since the build) is not run.
fake "$t/e" 'echo "not ok 1 - stale"' 'echo "ok 1 - a"'
rm "$t/e/tests/unit/test-fake.c"
run "$t/e"
if [ "$rc" -eq 0 ] && [ "$summary" = "1 0 0" ]; then
	ok "a stale test program without its source is not run"
else
	nok "a stale test program: status $rc, summary '$summary': $out"
fi
echo "1..$n"
