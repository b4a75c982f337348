#!/usr/bin/env bash
# vakt's SBOMs against their published schemas, offline.
#
# CycloneDX 1.5: the official JSON schema as the CycloneDX JavaScript library
# ships it (bom-1.5.SNAPSHOT.schema.json with the SPDX licence-id and JSF
# schemas it references), checked by the library's own validator
# (Validation.JsonStrictValidator: ajv with ajv-formats). Installed by
# tests/tools.sh, skipped with the reason when it cannot be.
#
# SPDX 2.3: no npm package ships the SPDX 2.3 JSON schema (see tests/tools.sh),
# so SPDX documents are checked structurally against what that schema and the
# specification require, by test-pkg-sbom --check-spdx (tests/unit/test-pkg-sbom.c).
#
# Inputs: the sample BOMs test-pkg-sbom --write-samples writes (every licence
# shape, odd bytes, duplicates, no OS, no packages, this machine's own dpkg
# database) and the one test-pkg-sbom-vulns --write-samples writes (every
# shape of vulnerability entry); when `vakt image` exists, its --format
# cyclonedx and --format spdx-json output for a root filesystem made here,
# `vakt scan`'s for the lock files of tests/golden/deps/list-packages,
# and its CycloneDX SBOMs with vulnerabilities of the test images of
# tests/vuln/images against their OSV records (imported as
# tests/extra/vulns.sh does; with an ignore file, a configuration ignore and
# VEX statements of every status, suppressed entries shown), each written
# twice to show the same scan gives the same bytes. A broken BOM is
# validated too, to show the validator rejects what it should. One TAP line
# per document.
#
#   VAKT=build/vakt BUILD=build tests/extra/sbom.sh
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
: "${BUILD:=$root/build}" "${VAKT:=$BUILD/vakt}"
gen=$BUILD/tests/test-pkg-sbom
gen_vulns=$BUILD/tests/test-pkg-sbom-vulns

reason=$("$root/tests/tools.sh" cyclonedx)
rc=$?
if [ $rc -eq 77 ]; then
	echo "ok 1 - cyclonedx schema validation # SKIP ${reason:-test tools unavailable}"
	cdx=0
elif [ $rc -ne 0 ]; then
	echo "not ok 1 - cyclonedx schema validation: tests/tools.sh failed with status $rc: $reason"
	exit 1
else
	cdx=1
fi

n=$((1 - cdx)) bad=0
ok() { n=$((n + 1)); echo "ok $n - $*"; }
not_ok() { n=$((n + 1)) bad=$((bad + 1)); echo "not ok $n - $*"; }
skip() { n=$((n + 1)); echo "ok $n - $1 # SKIP $2"; }

for g in "$gen" "$gen_vulns"; do
	if [ ! -x "$g" ]; then
		not_ok "sbom samples: $g is missing (make $g)"
		echo "1..$n"
		exit 1
	fi
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/boms"
for g in "$gen" "$gen_vulns"; do
	if ! "$g" --write-samples "$tmp/boms" 2>"$tmp/gen.err"; then
		not_ok "sbom samples: ${g##*/} --write-samples failed: $(head -n 3 "$tmp/gen.err")"
	fi
done

# A root filesystem with this machine's package database, for `vakt image`.
image_boms() {
	local rootfs=$tmp/rootfs fmt ext status
	if ! "$VAKT" image --help >/dev/null 2>&1; then
		skip "vakt image SBOMs" "vakt image is not available in $VAKT"
		return
	fi
	mkdir -p "$rootfs/etc" "$rootfs/var/lib/dpkg"
	printf 'ID=debian\nVERSION_ID="12"\nVERSION_CODENAME=bookworm\nPRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\n' \
		>"$rootfs/etc/os-release"
	if [ -r /var/lib/dpkg/status ]; then
		cp /var/lib/dpkg/status "$rootfs/var/lib/dpkg/status"
	else
		printf 'Package: bash\nStatus: install ok installed\nArchitecture: amd64\nVersion: 5.2.15-2+b13\nSource: bash (5.2.15-2)\n' \
			>"$rootfs/var/lib/dpkg/status"
	fi
	for fmt in cyclonedx spdx-json; do
		ext=${fmt%-json}
		ext=${ext/cyclonedx/cdx}
		timeout 300 "$VAKT" image --format "$fmt" --no-color "$rootfs" \
			>"$tmp/boms/vakt-image.$ext.json" 2>"$tmp/image.err" </dev/null
		status=$?
		case $status in
		0 | 1) ;;
		2)
			rm -f "$tmp/boms/vakt-image.$ext.json"
			skip "vakt image --format $fmt" "not supported yet: $(head -n 1 "$tmp/image.err")"
			;;
		*)
			rm -f "$tmp/boms/vakt-image.$ext.json"
			not_ok "vakt image --format $fmt exited with status $status: $(head -n 1 "$tmp/image.err")"
			;;
		esac
	done
}
image_boms

# vakt scan's SBOMs of a source tree: the lock files of tests/golden/deps/list-packages,
# written twice (the same bytes with SOURCE_DATE_EPOCH), then read for what a source
# tree's BOM must say: an application, no operating system, every package's file.
scan_boms() {
	local tree=$root/tests/golden/deps/list-packages/repo fmt ext status facts
	for fmt in cyclonedx spdx-json; do
		ext=${fmt%-json}
		ext=${ext/cyclonedx/cdx}
		for k in 1 2; do
			(cd "$tree" && SOURCE_DATE_EPOCH=1700000000 timeout 300 "$VAKT" scan --no-config \
				--format "$fmt" . >"$tmp/scan.$k.json" 2>"$tmp/scan.err" </dev/null)
			status=$?
		done
		if [ $status -ne 0 ] || [ ! -s "$tmp/scan.1.json" ]; then
			not_ok "vakt scan --format $fmt exited with status $status: $(head -n 1 "$tmp/scan.err")"
			continue
		fi
		if cmp -s "$tmp/scan.1.json" "$tmp/scan.2.json"; then
			ok "vakt scan --format $fmt: the same bytes twice"
		else
			not_ok "vakt scan --format $fmt: two scans wrote different SBOMs"
		fi
		facts=$(python3 - "$fmt" "$tmp/scan.1.json" <<'PY' 2>&1
import json, sys
fmt, doc = sys.argv[1], json.load(open(sys.argv[2]))
if fmt == "cyclonedx":
    top = doc["metadata"]["component"]
    comps = doc["components"]
    files = sorted(p["value"] for c in comps for p in c.get("properties", [])
                   if p["name"] == "vakt:package:found-in")
    kinds = {c["type"] for c in comps}
    print(top["type"], top["name"], len(comps), ",".join(sorted(kinds)), len(files),
          len([f for f in files if f.endswith("requirements.txt")]))
else:
    pk = doc["packages"]
    files = [p.get("sourceInfo", "") for p in pk[1:]]
    print(pk[0]["primaryPackagePurpose"], pk[0]["name"], len(pk) - 1,
          ",".join(sorted({p["primaryPackagePurpose"] for p in pk[1:]})),
          len([f for f in files if f.startswith("declared in ")]),
          len([f for f in files if f.endswith("requirements.txt")]))
PY
)
		# 9 packages (pydantic twice, from two files), 5 of them Python ones.
		case $fmt:$facts in
		"cyclonedx:application . 9 library 9 5" | "spdx-json:SOURCE . 9 LIBRARY 9 5")
			ok "vakt scan --format $fmt: a source tree's BOM ($facts)" ;;
		*) not_ok "vakt scan --format $fmt: unexpected BOM: $facts" ;;
		esac
		mv "$tmp/scan.1.json" "$tmp/boms/vakt-scan.$ext.json"
	done
}
scan_boms

# CycloneDX SBOMs with vulnerabilities: the images and records of tests/vuln/images.
vuln_boms() {
	local vin=$root/tests/vuln/images case=$root/tests/image/cases/vuln-cyclonedx-vex spec img \
		reason rc count status
	if ! "$VAKT" image --help >/dev/null 2>&1; then
		skip "vakt image SBOMs with vulnerabilities" "vakt image is not available in $VAKT"
		return
	fi
	if ! command -v python3 >/dev/null 2>&1; then
		skip "vakt image SBOMs with vulnerabilities" "python3 is not installed"
		return
	fi
	reason=$("$vin/build.sh" "$tmp/vimg" 2>"$tmp/vimg.log")
	rc=$?
	if [ $rc -eq 77 ]; then
		skip "vakt image SBOMs with vulnerabilities" "$reason"
		return
	elif [ $rc -ne 0 ]; then
		not_ok "build the vulnerability test images: $(tail -n 3 "$tmp/vimg.log" | tr '\n' ' ')"
		return
	fi
	if ! "$VAKT" db import --db "$tmp/vuln.db" "$vin/osv" >"$tmp/import.out" 2>&1; then
		not_ok "import the OSV records: $(tail -n 3 "$tmp/import.out" | tr '\n' ' ')"
		return
	fi
	for spec in debian:12 alma:9 alpine:3.19; do
		img=${spec%%:*}
		status=0
		for k in 1 2; do
			timeout 300 "$VAKT" image "$tmp/vimg/$spec" --db "$tmp/vuln.db" --no-progress \
				--config "$case/vakt.yaml" --ignorefile "$case/vaktignore" --vex "$case/vex.json" \
				--show-suppressed --format cyclonedx -o "$tmp/vuln-$img.$k.json" \
				2>"$tmp/vuln-$img.err" </dev/null || status=$?
		done
		# An SBOM once written is exit 0 (a sanitizer's report is not).
		if [ $status -ne 0 ] || [ ! -s "$tmp/vuln-$img.1.json" ]; then
			not_ok "vakt image $img --format cyclonedx with a database: status $status: $(head -n 2 "$tmp/vuln-$img.err" | tr '\n' ' ')"
			continue
		fi
		count=$(python3 -c 'import json, sys; print(len(json.load(open(sys.argv[1])).get("vulnerabilities", [])))' \
			"$tmp/vuln-$img.1.json" 2>&1)
		if [ "$count" -gt 0 ] 2>/dev/null; then
			ok "vakt image $img --format cyclonedx carries $count vulnerabilities"
		else
			not_ok "vakt image $img --format cyclonedx carries no vulnerabilities ($count)"
		fi
		if cmp -s "$tmp/vuln-$img.1.json" "$tmp/vuln-$img.2.json"; then
			ok "vakt image $img --format cyclonedx: the same bytes twice"
		else
			not_ok "vakt image $img --format cyclonedx: two scans wrote different SBOMs"
		fi
		mv "$tmp/vuln-$img.1.json" "$tmp/boms/vakt-image-vulns-$img.cdx.json"
	done
}
vuln_boms

# The application packages' image (tests/vuln/apps): npm, PyPI, Go, Maven,
# crates.io, RubyGems and Packagist components and vulnerabilities.
app_boms() {
	local vin=$root/tests/vuln/apps reason rc count
	reason=$("$vin/build.sh" "$tmp/aimg" 2>"$tmp/aimg.log")
	rc=$?
	if [ $rc -eq 77 ]; then
		skip "vakt image SBOM of application packages" "$reason"
		return
	elif [ $rc -ne 0 ]; then
		not_ok "build the application package image: $(tail -n 3 "$tmp/aimg.log" | tr '\n' ' ')"
		return
	fi
	if ! "$VAKT" db import --db "$tmp/apps.db" "$vin/osv" >"$tmp/import.out" 2>&1; then
		not_ok "import the application OSV records: $(tail -n 3 "$tmp/import.out" | tr '\n' ' ')"
		return
	fi
	timeout 300 "$VAKT" image "$tmp/aimg/img.tar" --db "$tmp/apps.db" --no-progress --no-config \
		--format cyclonedx -o "$tmp/boms/vakt-image-apps.cdx.json" 2>"$tmp/apps.err" </dev/null
	count=$(python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
purls = {c.get("purl", "").split("@")[0] for c in d.get("components", [])}
want = {"pkg:npm/express", "pkg:npm/%40babel/traverse", "pkg:pypi/pyyaml", "pkg:golang/golang.org/x/net",
        "pkg:maven/org.apache.logging.log4j/log4j-core", "pkg:cargo/smallvec", "pkg:gem/rack",
        "pkg:composer/symfony/twig-bridge"}
missing = want - purls
print(len(d.get("vulnerabilities", [])) if not missing else "missing " + " ".join(sorted(missing)))
' "$tmp/boms/vakt-image-apps.cdx.json" 2>&1)
	if [ "$count" -gt 0 ] 2>/dev/null; then
		ok "vakt image --format cyclonedx of application packages: every ecosystem's purl, $count vulnerabilities"
	else
		not_ok "vakt image --format cyclonedx of application packages: $count $(head -n 2 "$tmp/apps.err" | tr '\n' ' ')"
	fi
}
command -v python3 >/dev/null 2>&1 && app_boms

# A BOM the schema must refuse: a licence id that is not an SPDX id.
cat >"$tmp/broken.cdx.json" <<'EOF'
{"bomFormat":"CycloneDX","specVersion":"1.5","version":1,
 "components":[{"type":"library","name":"x","licenses":[{"license":{"id":"GPL-2+"}}]}]}
EOF

if [ $cdx -eq 1 ]; then
	NODE_PATH=$root/tests/.tools/node_modules node - "$tmp/broken.cdx.json" "$tmp"/boms/*.cdx.json \
		>"$tmp/cdx.result" 2>&1 <<'EOF'
const fs = require("fs");
const CDX = require("@cyclonedx/cyclonedx-library");
const validator = new CDX.Validation.JsonStrictValidator(CDX.Spec.Version.v1dot5);
(async () => {
	for (const f of process.argv.slice(2)) {
		let msg;
		try {
			const text = fs.readFileSync(f, "utf8");
			const doc = JSON.parse(text);
			if (doc.specVersion !== "1.5") {
				msg = `specVersion is ${doc.specVersion}, not 1.5`;
			} else {
				const errors = await validator.validate(text);
				if (errors)
					msg = errors.slice(0, 3)
						.map((e) => `${e.instancePath || "/"} ${e.message}`).join("; ");
			}
		} catch (e) {
			msg = String(e.message).split("\n")[0];
		}
		console.log(`${f}\t${msg ? "error: " + msg : "ok"}`);
	}
})();
EOF
	vrc=$?
	for f in "$tmp/broken.cdx.json" "$tmp"/boms/*.cdx.json; do
		[ -e "$f" ] || continue
		name="cyclonedx 1.5 schema: ${f##*/}"
		line=$(grep -F "$f	" "$tmp/cdx.result" | head -n 1)
		if [ $vrc -ne 0 ] || [ -z "$line" ]; then
			not_ok "$name: the validator failed (status $vrc)"
			sed 's/^/#   /' "$tmp/cdx.result" | tail -n 5
		elif [ "$f" = "$tmp/broken.cdx.json" ]; then
			case ${line#*	} in
			error:*) ok "cyclonedx 1.5 schema rejects a licence id that is not SPDX" ;;
			*) not_ok "cyclonedx 1.5 schema: the validator accepted a broken BOM" ;;
			esac
		elif [ "${line#*	}" != ok ]; then
			not_ok "$name: ${line#*	}"
		else
			ok "$name"
		fi
	done
fi

"$gen" --check-spdx "$tmp"/boms/*.spdx.json >"$tmp/spdx.result" 2>&1
for f in "$tmp"/boms/*.spdx.json; do
	[ -e "$f" ] || continue
	name="spdx 2.3 structure: ${f##*/}"
	line=$(grep -F "$f	" "$tmp/spdx.result" | head -n 1)
	if [ -z "$line" ]; then
		not_ok "$name: the checker printed nothing"
	elif [ "${line#*	}" != ok ]; then
		not_ok "$name: ${line#*	}"
	else
		ok "$name"
	fi
done

echo "1..$n"
[ $bad -eq 0 ]
