#!/usr/bin/env bash
# Add up the per-build summaries written by tests/run.sh into one closing line.
pass=0 fail=0 skip=0
for f in "$@"; do
	if [ -r "$f" ]; then
		read -r p x s <"$f"
		pass=$((pass + p)) fail=$((fail + x)) skip=$((skip + s))
	else
		echo "missing test summary $f (the build or the run failed)"
		fail=$((fail + 1))
	fi
done
echo "$pass passed, $fail failed, $skip skipped"
