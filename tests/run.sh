#!/usr/bin/env bash
# Run every test against the binaries of one build and summarise.
# Environment: VAKT (the binary), BUILD (its build directory), LABEL (a name
# for this run, e.g. "plain" or "asan+ubsan"). Writes "$BUILD/.summary-$LABEL"
# with "passed failed skipped" and prints "LABEL: N passed, N failed".
set -u
here=$(cd "$(dirname "$0")" && pwd)
: "${VAKT:?VAKT must name the vakt binary}" "${BUILD:?}" "${LABEL:=plain}"
export VAKT BUILD
# Hermetic: no test reads a vulnerability database (or anything cached) of the
# user who runs the suite. Tests that need one make their own.
export XDG_CACHE_HOME="$BUILD/test-cache-$LABEL"
rm -rf "$XDG_CACHE_HOME"
pass=0 fail=0 skip=0
log="$BUILD/test-$LABEL.log"
: >"$log"

# Count TAP lines from a test program's output; a crash without "not ok" is a
# failure. Callers pass $? straight from the run, with no command substitution
# before it on the line: one would reset $? to its own status.
tally() { # name, rc, output-file
	local p f s
	# A skip is "ok N - x # SKIP why" in TAP; cmocka 1.1 writes "not ok N # SKIP".
	s=$(grep -cE '^(not )?ok .*# *SKIP' "$3")
	p=$(grep -E '^ok ' "$3" | grep -cvE '# *SKIP')
	f=$(grep -E '^not ok ' "$3" | grep -cvE '# *SKIP')
	if [ "$2" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1
		echo "not ok - $1 exited with status $2" >>"$3"
	fi
	pass=$((pass + p)) fail=$((fail + f)) skip=$((skip + s))
	grep -E '^(not ok|ok .*# *SKIP)' "$3" | sed "s|^|[$LABEL] $1: |"
	# A test program that prints its own diagnostics on failure: show them.
	[ "$f" -gt 0 ] && grep -E '^#' "$3" | head -n 40 | sed "s|^|[$LABEL] $1: |"
	cat "$3" >>"$log"
}

out=$(mktemp)
trap 'rm -f "$out"' EXIT

# A test program or script that hangs (an exponential blow-up, a deadlock, a
# comparator that never ends) fails instead of stalling CI: tests assert
# results, never elapsed time, and this is their only clock. Generous, so that a loaded machine under ASan never trips it.
: "${VAKT_TEST_TIMEOUT:=1200}"
run_unit() { # program, args...
	timeout -k 10 "$VAKT_TEST_TIMEOUT" "$@"
	local rc=$?
	[ $rc -eq 124 ] && echo "not ok - $1 did not finish within ${VAKT_TEST_TIMEOUT}s (hang?)"
	return $rc
}

for t in "$BUILD"/tests/test-*; do
	[ -x "$t" ] || continue
	# A binary left in the build tree by a test since renamed or removed is not run.
	[ -f "$here/unit/${t##*/}.c" ] || continue
	CMOCKA_MESSAGE_OUTPUT=TAP run_unit "$t" >"$out" 2>&1
	tally "${t##*/}" $? "$out"
done

for t in "$BUILD"/tests/replay-fuzz-*; do
	[ -x "$t" ] || continue
	name=${t##*/replay-fuzz-}
	[ -f "$here/fuzz/fuzz-$name.c" ] || continue
	run_unit "$t" "$here/fuzz/corpus/$name" >"$out" 2>&1
	tally "fuzz-$name" $? "$out"
done

for r in "$here"/rules/run.sh "$here"/golden/run.sh "$here"/extra/*.sh; do
	[ -x "$r" ] || continue
	run_unit "$r" >"$out" 2>&1
	rc=$?
	tally "${r#"$here"/}" $rc "$out"
done

echo "$pass $fail $skip" >"$BUILD/.summary-$LABEL"
echo "$LABEL: $pass passed, $fail failed, $skip skipped (log: $log)"
[ "$fail" -eq 0 ]
