#!/usr/bin/env bash
# docs/rules.md is generated from the rule registry (make docs); fail when it
# is stale, so the registry and the page can never say different things.
set -u
: "${VAKT:?}"
here=$(cd "$(dirname "$0")/../.." && pwd)
if "$VAKT" rules --format markdown | cmp -s - "$here/docs/rules.md"; then
	echo "ok 1 - docs/rules.md matches the rule registry"
else
	echo "not ok 1 - docs/rules.md is out of date: run 'make docs'"
	"$VAKT" rules --format markdown | diff -u "$here/docs/rules.md" - | head -n 20 | sed 's/^/#   /'
fi
# The README's tour is what vakt prints today (scripts/gen-tour.sh, make docs).
if "$here/scripts/gen-tour.sh" --check "$VAKT" 2>"${TMPDIR:-/tmp}/vakt-tour.$$"; then
	echo "ok 2 - README.md's tour is the binary's own output"
else
	echo "not ok 2 - README.md's tour is out of date: run 'make docs'"
	sed 's/^/#   /' "${TMPDIR:-/tmp}/vakt-tour.$$" | head -n 20
fi
rm -f "${TMPDIR:-/tmp}/vakt-tour.$$"
# Words a user reads cite what a user can look up: no rule text (every field of
# 'vakt rules --format json') and no page of the documentation or the examples
# may point at the unpublished notes the project started from.
internal='seed 20|seed article|articles behind|project brief|two articles|Post-Schrems II World|front door open in Oslo'
hits=$({
	"$VAKT" rules --format json | grep -n -i -E "$internal" | sed 's/^/vakt rules --format json:/'
	grep -n -i -E "$internal" "$here/README.md" "$here"/docs/*.md "$here"/examples/*/README.md
} | sed "s|$here/||")
if [ -z "$hits" ]; then
	echo "ok 3 - rule texts and docs cite public sources, not internal notes"
else
	echo "not ok 3 - rule texts or docs mention internal notes; cite a public source instead"
	printf '%s\n' "$hits" | head -n 20 | sed 's/^/#   /'
fi
# Every rule in the registry is explained by 'vakt rules ID' and has fixtures.
n=3
while read -r id _; do
	n=$((n + 1))
	domain=$("$VAKT" rules --format json "$id" | sed -n 's/.*"domain": "\(.*\)".*/\1/p' | head -n 1)
	# A domain that vakt scan does not read keeps its fixtures with its own runner (tests/image/rules/).
	if "$VAKT" rules "$id" >/dev/null && { [ -d "$here/tests/rules/$domain/$id" ] || [ -d "$here/tests/$domain/rules/$id" ]; }; then
		echo "ok $n - $id is explained and has rule fixtures"
	else
		echo "not ok $n - $id: 'vakt rules $id' failed or tests/rules/<domain>/$id/ is missing"
	fi
done < <("$VAKT" rules | grep -E '^[A-Z]+[0-9]+ ')
echo "1..$n"
