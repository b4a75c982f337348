#!/usr/bin/env bash
# Known vulnerabilities end to end: the test images of tests/vuln/images
# (package databases written by dpkg and rpm, apk's by hand) against the
# hand-written OSV records beside them, imported with `vakt db import`; every
# finding `vakt image` reports must be one of expect.txt and every line of
# expect.txt must be reported (ids, versions, fixes), and the Ubuntu image,
# which no record covers, must say so.
set -u
: "${VAKT:?}"
here=$(cd "$(dirname "$0")/../vuln/images" && pwd)
n=0 bad=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
nok() { n=$((n + 1)); bad=$((bad + 1)); echo "not ok $n - $1"; }
skip() { n=$((n + 1)); echo "ok $n - $1 # SKIP $2"; }

if ! command -v python3 >/dev/null 2>&1; then
	skip "vulnerability matching" "python3 is not installed"
	echo "1..$n"
	exit 0
fi
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
reason=$("$here/build.sh" "$t/img" 2>"$t/build.log")
rc=$?
if [ $rc -eq 77 ]; then
	skip "vulnerability matching" "$reason"
	echo "1..$n"
	exit 0
elif [ $rc -ne 0 ]; then
	nok "build the test images: $(tail -n 3 "$t/build.log" | tr '\n' ' ')"
	echo "1..$n"
	exit 1
fi
if "$VAKT" db import --db "$t/vuln.db" "$here/osv" >"$t/import.out" 2>&1; then
	ok "import the OSV records"
else
	nok "import the OSV records: $(tail -n 3 "$t/import.out" | tr '\n' ' ')"
fi

# What vakt reports for one image, as expect.txt writes it.
report() {
	python3 -c '
import json, sys
image = sys.argv[1]
d = json.load(open(sys.argv[2]))
for f in d["findings"]:
    if f["rule_id"] != "IM020":
        continue
    x = f["details"]
    fixed = x.get("fixed_version") or "-"
    print(image, x["package"], x["installed_version"], f["id"], fixed, "also:", *sorted(f["aliases"]))
' "$1" "$2" | sort
}

for spec in debian:12 alma:9 alpine:3.19 ubuntu:24.04; do
	img=${spec%%:*}
	"$VAKT" image "$t/img/$spec" --db "$t/vuln.db" --no-config --no-progress --format json \
		-o "$t/$img.json" 2>"$t/$img.err"
	python3 -c '
import sys
for line in open(sys.argv[2]):
    w = line.split()
    if w and w[0] == sys.argv[1]:
        print(*w[:5], "also:", *sorted(w[6:]))
' "$img" "$here/expect.txt" | sort >"$t/$img.want"
	if [ ! -s "$t/$img.json" ]; then
		nok "$img: no JSON report: $(head -n 3 "$t/$img.err" | tr '\n' ' ')"
		continue
	fi
	report "$img" "$t/$img.json" >"$t/$img.got"
	if cmp -s "$t/$img.want" "$t/$img.got"; then
		ok "$img: $(wc -l <"$t/$img.want") findings, as expected"
	else
		nok "$img: the findings differ from expect.txt (- expected, + reported)"
		diff "$t/$img.want" "$t/$img.got" | grep '^[<>]' | sed 's/^</#   -/; s/^>/#   +/'
	fi
done
if grep -q "Ubuntu:24.04:LTS" "$t/ubuntu.err"; then
	ok "ubuntu: the scan says the database holds no records for Ubuntu:24.04:LTS"
else
	nok "ubuntu: no word that Ubuntu:24.04:LTS is not covered"
	sed 's/^/#   /' "$t/ubuntu.err" | head -n 5
fi
echo "1..$n"
[ $bad -eq 0 ]
