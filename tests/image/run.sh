#!/usr/bin/env bash
# The image suite: builds the fixture images into "$BUILD/image-fixtures",
# then runs the rule fixtures and the golden cases of `vakt image`. TAP out.
#
#   tests/image/run.sh [--update]      (VAKT and BUILD from the environment)
#
# Fixtures:
#   specs/NAME.json      hand-made images (mkimage.py): hostile, multi-image, every format
#   build-fixtures.sh    images written by real producers (umoci, skopeo) under umoci/;
#                        cases that need them are skipped, with the reason, without those tools
# Rule fixtures: rules/<ID>/<case>.json. Either a mkimage spec (built for the case) or
#   {"fixture": "NAME[:TAG]"} naming a built fixture; plus
#   "expect": [OBJECT, ...]   the objects of <ID>'s findings, as a multiset ([] for a pass case)
#   "args": "..."             extra arguments for vakt image (run in the fixture directory:
#                             vuln.db is the database of the vuln/ images)
#   Each rule needs at least one fail and one pass case.
# Golden cases: cases/<case>/cmd (arguments to vakt, run by bash in the fixture
#   directory, $CASE naming the case directory), stdout, exit, stderr (compared
#   when present); a file `needs-umoci`
#   skips the case without the producer fixtures. --update rewrites expectations.
set -u
shopt -s nullglob
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
: "${VAKT:=$root/build/vakt}" "${BUILD:=$root/build}"
update=0
[ "${1:-}" = --update ] && update=1
fix=$BUILD/image-fixtures
n=0 bad=0
ok() { n=$((n + 1)); echo "ok $n - $*"; }
notok() { n=$((n + 1)); bad=$((bad + 1)); echo "not ok $n - $*"; }
skip() { n=$((n + 1)); echo "ok $n - $1 # SKIP $2"; }

if ! command -v python3 >/dev/null 2>&1; then
	skip "image suite" "python3 is not installed"
	echo "1..$n"
	exit 0
fi
mkdir -p "$fix"

# 1. Hand-made images.
for s in "$here"/specs/*.json; do
	name=$(basename "$s" .json)
	if python3 "$here/mkimage.py" "$s" "$fix/$name" 2>"$fix/$name.log"; then
		ok "build specs/$name"
	else
		notok "build specs/$name: $(tail -n 1 "$fix/$name.log")"
	fi
done

# 2. Images from real producers.
umoci_reason=$("$here/build-fixtures.sh" "$fix/umoci" 2>"$fix/umoci.log")
rc=$?
if [ $rc -eq 0 ]; then
	umoci_ok=1
	ok "build umoci/skopeo fixtures"
elif [ $rc -eq 77 ]; then
	umoci_ok=0
	skip "build umoci/skopeo fixtures" "$umoci_reason"
else
	umoci_ok=0
	notok "build umoci/skopeo fixtures: $(tail -n 3 "$fix/umoci.log" | tr '\n' ' ')"
fi

# 2b. Images with old packages and the OSV records that name them (IM020),
#     imported into $fix/vuln.db.
vuln_reason=$("$root/tests/vuln/images/build.sh" "$fix/vuln" 2>"$fix/vuln.log")
rc=$?
vuln_ok=0
if [ $rc -eq 0 ] && "$VAKT" db import --db "$fix/vuln.db.new" "$root/tests/vuln/images/osv" \
	>>"$fix/vuln.log" 2>&1 && mv "$fix/vuln.db.new" "$fix/vuln.db"; then
	vuln_ok=1
	ok "build vulnerability fixtures"
elif [ $rc -eq 77 ]; then
	skip "build vulnerability fixtures" "$vuln_reason"
else
	notok "build vulnerability fixtures: $(tail -n 3 "$fix/vuln.log" | tr '\n' ' ')"
fi

# 3. Rule fixtures.
# Print "input<TAB>args<TAB>expect..." for a case; builds its image when it is a spec.
case_info() { # case.json outdir
	python3 - "$1" "$2" "$here/mkimage.py" <<'EOF'
import json, subprocess, sys
spec = json.load(open(sys.argv[1]))
inp = spec.get("fixture")
if not inp:
    inp = sys.argv[2]
    subprocess.run([sys.executable, sys.argv[3], sys.argv[1], inp], check=True)
print(inp + "\x1e" + spec.get("args", "") + "\x1e" + "\x1f".join(sorted(spec.get("expect", []))))
EOF
}
objects_of() { # rule < json report
	python3 -c '
import json, sys
rule = sys.argv[1]
try:
    d = json.load(sys.stdin)
except ValueError:
    print("<no JSON report>")
    sys.exit(0)
print("\x1f".join(sorted(f["location"]["object"] or "" for f in d["findings"] if f["rule_id"] == rule)))
' "$1"
}
for rdir in "$here"/rules/*/; do
	rdir=${rdir%/}
	rule=${rdir##*/}
	nfail=0 npass=0
	for c in "$rdir"/*.json; do
		cname=$(basename "$c" .json)
		name="rules/$rule/$cname"
		mkdir -p "$fix/rules/$rule"
		if ! info=$(case_info "$c" "$fix/rules/$rule/$cname" 2>&1); then
			notok "$name: cannot build: $info"
			continue
		fi
		IFS=$'\x1e' read -r input args want <<<"$info"
		if [ -n "$want" ]; then nfail=$((nfail + 1)); else npass=$((npass + 1)); fi
		if [ "${input#umoci/}" != "$input" ] && [ $umoci_ok -eq 0 ]; then
			skip "$name" "needs the umoci/skopeo fixtures: ${umoci_reason:-not built}"
			continue
		fi
		if [ "${input#vuln/}" != "$input" ] && [ $vuln_ok -eq 0 ]; then
			skip "$name" "needs the vulnerability fixtures: ${vuln_reason:-not built}"
			continue
		fi
		# shellcheck disable=SC2086
		got=$(cd "$fix" && "$VAKT" image "$input" --format json --no-config --no-progress \
			$args 2>/dev/null | objects_of "$rule")
		if [ "$want" = "$got" ]; then
			ok "$name"
		else
			notok "$name: expected $rule at [${want//$'\x1f'/, }], got [${got//$'\x1f'/, }]"
		fi
	done
	if [ $nfail -eq 0 ] || [ $npass -eq 0 ]; then
		notok "rules/$rule: needs at least one fail and one pass case"
	fi
done

# 4. Golden cases.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# Timings vary, and a case's own files are named by where the checkout is: both normalised.
norm() { sed -E -e 's/ in [0-9]+\.[0-9]+s/ in X.XXXs/g' -e "s|$c/|\$CASE/|g"; }
for c in "$here"/cases/*/; do
	c=${c%/}
	name=cases/${c##*/}
	if [ -f "$c/needs-umoci" ] && [ $umoci_ok -eq 0 ]; then
		skip "$name" "needs the umoci/skopeo fixtures: ${umoci_reason:-not built}"
		continue
	fi
	args=$(head -n 1 "$c/cmd")
	(cd "$fix" && CASE=$c NO_COLOR=1 COLUMNS=100 TZ=UTC LC_ALL=C SOURCE_DATE_EPOCH=1700000000 \
		XDG_CACHE_HOME=/nonexistent/vakt-test-cache \
		eval "\"\$VAKT\" $args") </dev/null >"$tmp/stdout.raw" 2>"$tmp/stderr.raw"
	echo $? >"$tmp/exit"
	norm <"$tmp/stdout.raw" >"$tmp/stdout"
	norm <"$tmp/stderr.raw" >"$tmp/stderr"
	if [ $update -eq 1 ]; then
		cp "$tmp/stdout" "$c/stdout"
		cp "$tmp/exit" "$c/exit"
		if [ -s "$tmp/stderr" ] || [ -f "$c/stderr" ]; then cp "$tmp/stderr" "$c/stderr"; fi
		ok "$name (updated)"
		continue
	fi
	good=1
	for f in stdout exit stderr; do
		[ "$f" = stderr ] && [ ! -f "$c/stderr" ] && continue
		if [ ! -f "$c/$f" ]; then
			echo "# $name: missing expected file '$f' (run with --update)"
			good=0
		elif ! cmp -s "$c/$f" "$tmp/$f"; then
			echo "# $name: $f differs:"
			diff -u "$c/$f" "$tmp/$f" | head -n 40 | sed 's/^/#   /'
			good=0
		fi
	done
	if [ $good -eq 1 ]; then ok "$name"; else notok "$name"; fi
done
# 5. `vakt image --format cyclonedx` against the official CycloneDX 1.5 schema
#    (the validator tests/tools.sh installs; tests/extra/sbom.sh covers SPDX).
cdx_inputs=(distroless legacy-docker good whiteouts)
[ $umoci_ok -eq 1 ] && cdx_inputs+=(umoci/real:bad umoci/real-docker.tar umoci/rootfs)
if reason=$("$root/tests/tools.sh" cyclonedx); then
	files=()
	for i in "${cdx_inputs[@]}"; do
		f=$tmp/$(echo "$i" | tr '/:' '__').cdx.json
		(cd "$fix" && "$VAKT" image "$i" --no-config --format cyclonedx -o "$f") 2>/dev/null
		files+=("$f")
	done
	NODE_PATH=$root/tests/.tools/node_modules node - "${files[@]}" >"$tmp/cdx.result" 2>&1 <<'EOF2'
const fs = require("fs");
const CDX = require("@cyclonedx/cyclonedx-library");
const validator = new CDX.Validation.JsonStrictValidator(CDX.Spec.Version.v1dot5);
(async () => {
	for (const f of process.argv.slice(2)) {
		let msg;
		try {
			const errors = await validator.validate(fs.readFileSync(f, "utf8"));
			if (errors)
				msg = errors.slice(0, 3).map((e) => `${e.instancePath || "/"} ${e.message}`).join("; ");
		} catch (e) {
			msg = String(e.message).split("\n")[0];
		}
		console.log(`${f}\t${msg ? "error: " + msg : "ok"}`);
	}
})();
EOF2
	for k in "${!files[@]}"; do
		line=$(grep -F "${files[$k]}	" "$tmp/cdx.result" | head -n 1)
		if [ "${line##*	}" = ok ]; then
			ok "cyclonedx 1.5 schema: ${cdx_inputs[$k]}"
		else
			notok "cyclonedx 1.5 schema: ${cdx_inputs[$k]}: ${line##*	}"
			sed 's/^/#   /' "$tmp/cdx.result" | tail -n 3
		fi
	done
else
	skip "cyclonedx 1.5 schema validation" "${reason:-test tools unavailable}"
fi
echo "1..$n"
[ $bad -eq 0 ]
