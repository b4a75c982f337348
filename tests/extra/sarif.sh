#!/usr/bin/env bash
# SARIF validation with Microsoft's official SARIF multitool (installed by
# tests/tools.sh into tests/.tools/; skipped with the reason when it cannot be).
#
# Runs `vakt scan --format sarif --show-suppressed` on the rule fixtures
# (one report per tests/rules/<domain>/), the golden cases (one per
# tests/golden/<domain>/), each example and each tests/extra/sarif-inputs/
# directory, then validates all the reports in one multitool run (it takes
# about a second to start and half a second per file). One TAP line per report: it fails when vakt crashed or
# printed nothing, or when the validator reports any `: error ` for it (the
# multitool exits 0 even for invalid files, so its output is what counts).
#
#   VAKT=build/vakt tests/extra/sarif.sh
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
: "${VAKT:=$root/build/vakt}"
multitool=$root/tests/.tools/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool
export DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

reason=$("$root/tests/tools.sh")
rc=$?
if [ $rc -eq 77 ]; then
	echo "ok 1 - sarif validation # SKIP ${reason:-test tools unavailable}"
	exit 0
elif [ $rc -ne 0 ]; then
	echo "not ok 1 - sarif validation: tests/tools.sh failed with status $rc: $reason"
	exit 1
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0 bad=0
names=() files=() ran=()

# report NAME ARGS...: run vakt scan --format sarif with ARGS into the next
# report file. Paths are relative to the repository root, so that SARIF URIs
# are relative and take %SRCROOT%.
report() {
	local name=$1 i=$((${#files[@]} + 1)) rc
	shift
	timeout 300 "$VAKT" scan --format sarif --no-color "$@" \
		>"$tmp/$i.sarif" 2>"$tmp/$i.err" </dev/null
	rc=$?
	names+=("$name") files+=("$tmp/$i.sarif") ran+=("$rc")
}

# The multitool takes about half a second per file, so each domain's rule
# fixtures go into one report: every fixture's input named on one command line
# (the input of a directory fixture found as tests/rules/run.sh finds it).
cd "$root" || exit 1
for d in tests/rules/*/; do
	[ -d "$d" ] || continue
	fx=()
	for f in "$d"*/*; do
		if [ -d "$f" ]; then
			f=$(find "$f" -maxdepth 1 -type f \( -name 'Dockerfile*' -o -name '*.Dockerfile' \
				-o -name '*.yaml' -o -name '*.yml' -o -name 'Containerfile*' -o -name '*.sh' \) |
				sort | head -n 1)
		fi
		[ -f "$f" ] && fx+=("$f")
	done
	[ ${#fx[@]} -gt 0 ] && report "${d%/} (${#fx[@]} fixtures)" --show-suppressed "${fx[@]}"
done
for d in tests/golden/*/ examples/*/ tests/extra/sarif-inputs/*/; do
	[ -d "$d" ] && report "${d%/}" --show-suppressed "${d%/}"
done
# An absolute path, for file:// URIs.
report "absolute path: tests/extra/sarif-inputs/insecure" "$root/tests/extra/sarif-inputs/insecure"
# vakt image with advisories (IM020): one rule per vulnerability, when the test images build here.
if "$root/tests/vuln/images/build.sh" "$tmp/vimg" >/dev/null 2>&1 &&
	"$VAKT" db import --db "$tmp/vuln.db" tests/vuln/images/osv >/dev/null 2>&1; then
	for img in debian:12 alma:9; do
		i=$((${#files[@]} + 1))
		timeout 300 "$VAKT" image "$tmp/vimg/$img" --db "$tmp/vuln.db" --no-config \
			--format sarif --show-suppressed >"$tmp/$i.sarif" 2>"$tmp/$i.err" </dev/null
		rc=$?
		names+=("vakt image vuln/$img") files+=("$tmp/$i.sarif") ran+=("$rc")
	done
fi
# The application packages' image (tests/vuln/apps): advisories with declared_in lists.
if "$root/tests/vuln/apps/build.sh" "$tmp/aimg" >/dev/null 2>&1 &&
	"$VAKT" db import --db "$tmp/apps.db" tests/vuln/apps/osv >/dev/null 2>&1; then
	i=$((${#files[@]} + 1))
	timeout 300 "$VAKT" image "$tmp/aimg/img.tar" --db "$tmp/apps.db" --no-config \
		--format sarif --show-suppressed >"$tmp/$i.sarif" 2>"$tmp/$i.err" </dev/null
	rc=$?
	names+=("vakt image vuln/apps") files+=("$tmp/$i.sarif") ran+=("$rc")
fi
# vakt host's report (the environment before the findings) on fake roots,
# with recorded firewall dumps and container-engine files.
for r in tests/host/roots/fw-docker-node tests/host/roots/lxc-proxmox tests/host/engine/tcp; do
	i=$((${#files[@]} + 1))
	timeout 300 "$VAKT" host --root "$r" --no-config --format sarif --show-suppressed \
		>"$tmp/$i.sarif" 2>"$tmp/$i.err" </dev/null
	rc=$?
	names+=("vakt host --root $r") files+=("$tmp/$i.sarif") ran+=("$rc")
done


# Validate the reports vakt wrote, all in one process (it takes a second to start).
valid=()
for k in "${!files[@]}"; do
	[ -s "${files[$k]}" ] && valid+=("${files[$k]}")
done
log="$tmp/validate.log"
if [ ${#valid[@]} -gt 0 ]; then
	timeout 600 "$multitool" validate "${valid[@]}" >"$log" 2>&1
	vrc=$?
else
	vrc=0
	: >"$log"
fi
done_ok=0
grep -q 'Analysis completed successfully' "$log" && done_ok=1

for k in "${!files[@]}"; do
	n=$((n + 1))
	name="sarif: ${names[$k]}"
	f=${files[$k]}
	# vakt's exit codes: 0 clean, 1 findings, 3 input errors; anything else is wrong.
	case ${ran[$k]} in
	0 | 1 | 3) ;;
	*)
		bad=$((bad + 1))
		echo "not ok $n - $name: vakt exited with status ${ran[$k]}"
		sed 's/^/#   /' "$tmp/$((k + 1)).err" | head -n 5
		continue
		;;
	esac
	if [ ! -s "$f" ]; then
		bad=$((bad + 1))
		echo "not ok $n - $name: no SARIF output"
		continue
	fi
	if [ $vrc -ne 0 ] || [ $done_ok -ne 1 ]; then
		bad=$((bad + 1))
		echo "not ok $n - $name: the validator failed (status $vrc)"
		sed 's/^/#   /' "$log" | tail -n 5
		continue
	fi
	errs=$(grep -F "$f(" "$log" | grep -F ': error ')
	if [ -n "$errs" ]; then
		bad=$((bad + 1))
		echo "not ok $n - $name: invalid SARIF"
		printf '%s\n' "$errs" | sed "s|$f|#   SARIF|" | head -n 10
	else
		echo "ok $n - $name"
	fi
done
# GitHub code scanning's limit: at most 25,000 results per run. A scan with
# more keeps the most severe and says in one more result how many were left
# out; fingerprints stay distinct even for identical lines.
big=$tmp/big
mkdir -p "$big"
{
	echo 'FROM alpine:3.20'
	for i in $(seq 1 26000); do echo "ENV DB_PASSWORD_$i=hunter2"; done
	# Three identical lines, each a critical finding (the key is built from pieces).
	for i in 1 2 3; do echo "RUN echo AKIA""Z3MSJV4WWNKX5Q7P"; done
	echo 'USER 10001'
} >"$big/Dockerfile"
timeout 300 "$VAKT" scan --no-config --format sarif "$big" >"$big/out.sarif" 2>/dev/null
n=$((n + 1))
if python3 - "$big/out.sarif" <<'PY'; then
import json, sys
run = json.load(open(sys.argv[1]))["runs"][0]
res = run["results"]
ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
last = res[-1]
fps = [r["partialFingerprints"]["vaktFindingHash/v1"] for r in res[:-1]]
assert len(res) == 25000, len(res)
assert last["ruleId"] == "vakt-results-left-out" and ids[last["ruleIndex"]] == last["ruleId"]
assert last["message"]["text"].startswith("1006 more findings were left out"), last["message"]
assert all(r["properties"]["severity"] in ("critical", "high") for r in res[:-1]), "the most severe are kept"
assert sum(r["properties"]["severity"] == "critical" for r in res[:-1]) == 3
assert len(set(fps)) == len(fps), "fingerprints collide"
assert any(f.endswith(":3") for f in fps), "identical lines are numbered"
PY
	echo "ok $n - sarif: 26,000+ findings: 24,999 most severe kept, one result counts the rest, distinct fingerprints"
else
	bad=$((bad + 1))
	echo "not ok $n - sarif: the 25,000-result limit"
fi
echo "1..$n"
[ $bad -eq 0 ]
