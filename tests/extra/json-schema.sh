#!/usr/bin/env bash
# The JSON report against its published schema, docs/report.schema.json
# (JSON Schema draft 2020-12, checked with ajv in strict mode; installed by
# tests/tools.sh, skipped with the reason when it cannot be).
#
# Runs `vakt scan --format json --show-suppressed` on the rule fixtures (one
# report per tests/rules/<domain>/), the golden cases (one per
# tests/golden/<domain>/), each example and each tests/extra/sarif-inputs/
# directory, and validates every report. One TAP line per report.
#
#   VAKT=build/vakt tests/extra/json-schema.sh
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
: "${VAKT:=$root/build/vakt}"
schema=$root/docs/report.schema.json

reason=$("$root/tests/tools.sh")
rc=$?
if [ $rc -eq 77 ]; then
	echo "ok 1 - json schema validation # SKIP ${reason:-test tools unavailable}"
	exit 0
elif [ $rc -ne 0 ]; then
	echo "not ok 1 - json schema validation: tests/tools.sh failed with status $rc: $reason"
	exit 1
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0 bad=0
names=() files=() ran=()

# report NAME ARGS...: vakt scan --format json with ARGS into the next report file.
report() {
	local name=$1 i=$((${#files[@]} + 1)) rc
	shift
	timeout 300 "$VAKT" scan --format json --no-color --show-suppressed "$@" \
		>"$tmp/$i.json" 2>"$tmp/$i.err" </dev/null
	rc=$?
	names+=("$name") files+=("$tmp/$i.json") ran+=("$rc")
}

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
	[ ${#fx[@]} -gt 0 ] && report "${d%/} (${#fx[@]} fixtures)" "${fx[@]}"
done
for d in tests/golden/*/ examples/*/ tests/extra/sarif-inputs/*/; do
	[ -d "$d" ] && report "${d%/}" "${d%/}"
done

# vakt image's report with advisories (IM020: id, aliases, links, details), when
# the test images can be built here.
if "$root/tests/vuln/images/build.sh" "$tmp/vimg" >/dev/null 2>&1 &&
	"$VAKT" db import --db "$tmp/vuln.db" tests/vuln/images/osv >/dev/null 2>&1; then
	for img in debian:12 alma:9 alpine:3.19; do
		i=$((${#files[@]} + 1))
		timeout 300 "$VAKT" image "$tmp/vimg/$img" --db "$tmp/vuln.db" --no-config \
			--format json --show-suppressed >"$tmp/$i.json" 2>"$tmp/$i.err" </dev/null
		rc=$?
		names+=("vakt image vuln/$img") files+=("$tmp/$i.json") ran+=("$rc")
	done
fi

# The application packages' image (tests/vuln/apps): advisories with declared_in lists.
if "$root/tests/vuln/apps/build.sh" "$tmp/aimg" >/dev/null 2>&1 &&
	"$VAKT" db import --db "$tmp/apps.db" tests/vuln/apps/osv >/dev/null 2>&1; then
	i=$((${#files[@]} + 1))
	timeout 300 "$VAKT" image "$tmp/aimg/img.tar" --db "$tmp/apps.db" --no-config \
		--format json --show-suppressed >"$tmp/$i.json" 2>"$tmp/$i.err" </dev/null
	rc=$?
	names+=("vakt image vuln/apps") files+=("$tmp/$i.json") ran+=("$rc")
fi
# vakt host's report (the environment before the findings) on fake roots,
# with recorded firewall dumps and container-engine files.
for r in tests/host/roots/fw-docker-node tests/host/roots/lxc-proxmox tests/host/engine/tcp; do
	i=$((${#files[@]} + 1))
	timeout 300 "$VAKT" host --root "$r" --no-config --format json --show-suppressed \
		>"$tmp/$i.json" 2>"$tmp/$i.err" </dev/null
	rc=$?
	names+=("vakt host --root $r") files+=("$tmp/$i.json") ran+=("$rc")
done

# Validate them all in one node process: "FILE<TAB>ok" or "FILE<TAB>error: ...".
NODE_PATH=$root/tests/.tools/node_modules node - "$schema" "${files[@]}" >"$tmp/result" 2>&1 <<'EOF'
const fs = require("fs");
const Ajv2020 = require("ajv/dist/2020");
const [schemaPath, ...files] = process.argv.slice(2);
const ajv = new Ajv2020({ strict: true, allErrors: true });
const validate = ajv.compile(JSON.parse(fs.readFileSync(schemaPath, "utf8")));
for (const f of files) {
	let msg;
	try {
		const text = fs.readFileSync(f, "utf8");
		if (!text.length) {
			msg = "empty output";
		} else if (!validate(JSON.parse(text))) {
			msg = validate.errors.slice(0, 5)
				.map((e) => `${e.instancePath || "/"} ${e.message}`).join("; ");
		}
	} catch (e) {
		msg = String(e.message).split("\n")[0];
	}
	console.log(`${f}\t${msg ? "error: " + msg : "ok"}`);
}
EOF
vrc=$?

for k in "${!files[@]}"; do
	n=$((n + 1))
	name="json schema: ${names[$k]}"
	case ${ran[$k]} in
	0 | 1 | 3) ;;
	*)
		bad=$((bad + 1))
		echo "not ok $n - $name: vakt exited with status ${ran[$k]}"
		sed 's/^/#   /' "$tmp/$((k + 1)).err" | head -n 5
		continue
		;;
	esac
	line=$(grep -F "${files[$k]}	" "$tmp/result" | head -n 1)
	if [ $vrc -ne 0 ] || [ -z "$line" ]; then
		bad=$((bad + 1))
		echo "not ok $n - $name: the validator failed (status $vrc)"
		sed 's/^/#   /' "$tmp/result" | tail -n 5
	elif [ "${line#*	}" != ok ]; then
		bad=$((bad + 1))
		echo "not ok $n - $name: ${line#*	}"
	else
		echo "ok $n - $name"
	fi
done
echo "1..$n"
[ $bad -eq 0 ]
