#!/usr/bin/env bash
# Known vulnerabilities of application packages, end to end: an image
# carrying npm, PyPI, Go, Maven, Cargo, RubyGems and Composer packages (and
# a Debian package whose Built-Using names the Go toolchain and a Go
# library it was compiled with), against the hand-written OSV records of
# tests/vuln/apps/osv, imported with `vakt db import`. Every finding must be
# one of the expected lines below and every line must be reported; each
# names the file that declares the package. Prints TAP.
set -u
here=$(cd "$(dirname "$0")/../.." && pwd)
: "${VAKT:=$here/build/vakt}"
n=0 bad=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
nok() { n=$((n + 1)); bad=$((bad + 1)); echo "not ok $n - $1"; }
skip() { n=$((n + 1)); echo "ok $n - $1 # SKIP $2"; }
t=$(mktemp -d)
trap '[ -n "${KEEP:-}" ] || rm -rf "$t"' EXIT

reason=$("$here/tests/vuln/apps/build.sh" "$t" 2>"$t/build.log")
rc=$?
if [ $rc -eq 77 ]; then
	skip "application package vulnerabilities" "$reason"
	echo "1..$n"
	exit 0
elif [ $rc -ne 0 ]; then
	nok "the test image builds: $(tail -n 3 "$t/build.log" | tr '\n' ' ')"
	echo "1..$n"
	exit 1
fi
gobin="" go_version=$(cat "$t/go-version")
[ -n "$go_version" ] && gobin=yes

# Every ecosystem but Maven's first: its absence must be said, not silent.
mkdir -p "$t/osv-part"
for f in "$here"/tests/vuln/apps/osv/*.json; do
	grep -q '"Maven"' "$f" || cp "$f" "$t/osv-part/"
done
"$VAKT" db import --db "$t/part.db" "$t/osv-part" >"$t/import.out" 2>&1 ||
	nok "import the OSV records (all but Maven's): $(tail -n 2 "$t/import.out" | tr '\n' ' ')"
"$VAKT" image "$t/img.tar" --db "$t/part.db" --no-config --no-progress --format json \
	-o "$t/part.json" 2>"$t/part.err"
if grep -q "holds no records for Maven" "$t/part.err" &&
	grep -q "vakt db update --ecosystem Maven" "$t/part.err"; then
	ok "a database without Maven records says so, with the command that fetches them"
else
	nok "a database without Maven records says so"
	sed 's/^/# /' "$t/part.err"
fi

if "$VAKT" db import --db "$t/vuln.db" "$here/tests/vuln/apps/osv" >"$t/import.out" 2>&1; then
	ok "import the OSV records"
else
	nok "import the OSV records: $(tail -n 3 "$t/import.out" | tr '\n' ' ')"
fi
"$VAKT" image "$t/img.tar" --db "$t/vuln.db" --no-config --no-progress --format json \
	-o "$t/img.json" 2>"$t/img.err"
rc=$?
if [ $rc -eq 1 ]; then
	ok "vakt image reports findings (exit 1)"
else
	nok "vakt image reports findings (exit 1, got $rc)"
	sed 's/^/# /' "$t/img.err"
fi
if grep -q "not checked\|holds no records" "$t/img.err"; then
	nok "every ecosystem is checked"
	sed 's/^/# /' "$t/img.err"
else
	ok "every ecosystem is checked"
fi

# One line per finding: PACKAGE VERSION ID FIXED ECOSYSTEM MATCHED-NAME DECLARED-IN...
python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
for f in d["findings"]:
    if f["rule_id"] != "IM020":
        continue
    x = f["details"]
    print(x["package"], x["installed_version"], f["id"], x.get("fixed_version") or "-",
          x["ecosystem"], x["matched_name"], *x.get("declared_in", ["-"]))
' "$t/img.json" | sort >"$t/got"
{
	cat <<'EOF'
express 4.17.1 CVE-2024-29041 4.19.2 npm express app/node_modules/express/package.json app/package-lock.json
@babel/traverse 7.22.0 CVE-2023-45133 7.23.2 npm @babel/traverse app/package-lock.json
PyYAML 5.3 CVE-2020-14343 5.4 PyPI pyyaml usr/lib/python3/dist-packages/PyYAML-5.3.dist-info/METADATA
golang.org/x/net v0.7.0 CVE-2023-39325 0.17.0 Go golang.org/x/net srv/api/go.mod
log4j-core 2.14.1 CVE-2021-44228 2.15.0 Maven org.apache.logging.log4j:log4j-core opt/app/lib/log4j-core-2.14.1.jar!/META-INF/maven/org.apache.logging.log4j/log4j-core/pom.properties
smallvec 1.6.0 CVE-2021-25900 1.6.1 crates.io smallvec srv/rs/Cargo.lock
rack 3.0.9 CVE-2024-26141 3.0.9.1 RubyGems rack usr/local/bundle/specifications/rack-3.0.9.gemspec
symfony/twig-bridge v6.4.0 CVE-2023-46734 6.4.1 Packagist symfony/twig-bridge srv/php/composer.lock
docker.io 20.10.24+dfsg1-1+b3 CVE-2023-29406 - Debian:12 golang-1.19 -
docker.io 20.10.24+dfsg1-1+b3 CVE-2023-39326 1:0.7.0+dfsg-1+deb12u1 Debian:12 golang-golang-x-net -
EOF
	[ -n "$gobin" ] && case $go_version in
	go1.19.* | go1.20.[0-9] | go1.20 | go1.21.[0-2] | go1.21.0)
		echo "stdlib v${go_version#go} CVE-2023-39325 $(case $go_version in go1.21*) echo 1.21.3 ;; *) echo 1.20.10 ;; esac) Go stdlib usr/local/bin/hello" ;;
	esac
} | sort >"$t/want"
missing=$(comm -13 "$t/got" "$t/want")
extra=$(comm -23 "$t/got" "$t/want")
if [ -z "$missing" ]; then
	ok "every expected finding is reported"
else
	nok "every expected finding is reported"
	printf '%s\n' "$missing" | sed 's/^/# missing: /'
fi
if [ -z "$extra" ]; then
	ok "nothing else is reported"
else
	nok "nothing else is reported"
	printf '%s\n' "$extra" | sed 's/^/# extra: /'
fi
if [ -z "$gobin" ]; then
	skip "the Go toolchain of a binary is matched as stdlib" \
		"go is not installed or could not build (scripts/deps.sh installs golang-go)"
fi

# The text report says where to bump the package.
"$VAKT" image "$t/img.tar" --db "$t/vuln.db" --no-config --no-progress >"$t/img.txt" 2>&1
if grep -q "express 4.17.1, declared in app/node_modules/express/package.json and app/package-lock.json" "$t/img.txt" &&
	grep -q "smallvec 1.6.0, declared in srv/rs/Cargo.lock" "$t/img.txt" &&
	grep -q "docker.io 20.10.24+dfsg1-1+b3, built with golang-1.19 1.19.8-2" "$t/img.txt"; then
	ok "the text report names the declaring file and the Built-Using source"
else
	nok "the text report names the declaring file and the Built-Using source"
	grep IM020 -A3 "$t/img.txt" | sed 's/^/# /' | head -40
fi
# --- vakt scan of a source tree: the same records, DP002 at the declaring file ---
tree=$t/tree
mkdir -p "$tree/web" "$tree/admin" "$tree/api" "$tree/worker" "$tree/cli"
cat >"$tree/web/package-lock.json" <<'EOF'
{
  "name": "web",
  "version": "1.0.0",
  "lockfileVersion": 3,
  "requires": true,
  "packages": {
    "": {"name": "web", "version": "1.0.0", "dependencies": {"express": "^4.17.1"}},
    "node_modules/express": {"version": "4.17.1", "license": "MIT"}
  }
}
EOF
cp "$tree/web/package-lock.json" "$tree/admin/package-lock.json"
printf 'module example.com/api\n\ngo 1.21\n\nrequire golang.org/x/net v0.7.0\n' >"$tree/api/go.mod"
# A module from before Go 1.17: its indirect requirements are in go.sum alone.
mkdir -p "$tree/legacy"
printf 'module example.com/legacy\n\ngo 1.16\n\nrequire github.com/gorilla/websocket v1.4.2\n' \
	>"$tree/legacy/go.mod"
cat >"$tree/legacy/go.sum" <<'EOF'
github.com/gorilla/websocket v1.4.2 h1:+/TMaTYc4QFitKJxsQ7Yye35DkWvkdLcvGKqM+x0Ufc=
github.com/gorilla/websocket v1.4.2/go.mod h1:YR8l580nyteQvAITg2hZ9XVh4b55+EU/adAjf1fMHhE=
golang.org/x/net v0.0.0-20190404232315-eb5bcb51f2a3/go.mod h1:t9HGtf8HONx5eT2rtn7q6eTqICYqUVnKs3thJo3Qplg=
golang.org/x/net v0.7.0 h1:rJrUqqhjsgNp7KqAIc25s9pZnjU7TUcSY7HcVZjdn1g=
golang.org/x/net v0.7.0/go.mod h1:2Tu9+aMcznHK/AK1HMvgo6xiTLG5rD5rZLDS+rp2Bjs=
EOF
printf '# pinned by pip-compile\nPyYAML==5.3\nrequests==2.31.0\n' >"$tree/worker/requirements.txt"
printf 'version = 3\n\n[[package]]\nname = "smallvec"\nversion = "1.6.0"\nsource = "registry+https://github.com/rust-lang/crates.io-index"\n' \
	>"$tree/cli/Cargo.lock"
(cd "$tree" && "$VAKT" scan . --db "$t/vuln.db" --no-config --format json -o "$t/tree.json" \
	2>"$t/tree.err")
rc=$?
if [ $rc -eq 1 ]; then
	ok "vakt scan of the tree reports findings (exit 1)"
else
	nok "vakt scan of the tree reports findings (exit 1, got $rc)"
	sed 's/^/# /' "$t/tree.err"
fi
python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
for f in d["findings"]:
    if f["rule_id"] != "DP002":
        continue
    x, l = f["details"], f["location"]
    print(l["file"], l["line"], f["severity"], x["package"], x["installed_version"], f["id"],
          x.get("fixed_version") or "-", *x.get("declared_in", []))
' "$t/tree.json" | sort >"$t/tree.got"
cat >"$t/tree.want" <<'EOF'
admin/package-lock.json 8 medium express 4.17.1 CVE-2024-29041 4.19.2 admin/package-lock.json
web/package-lock.json 8 medium express 4.17.1 CVE-2024-29041 4.19.2 web/package-lock.json
api/go.mod 3 info stdlib v1.21.0 CVE-2023-39325 1.21.3 api/go.mod
api/go.mod 5 high golang.org/x/net v0.7.0 CVE-2023-39325 0.17.0 api/go.mod
cli/Cargo.lock 3 medium smallvec 1.6.0 CVE-2021-25900 1.6.1 cli/Cargo.lock
legacy/go.sum 4 high golang.org/x/net v0.7.0 CVE-2023-39325 0.17.0 legacy/go.sum
worker/requirements.txt 2 critical PyYAML 5.3 CVE-2020-14343 5.4 worker/requirements.txt
EOF
sort -o "$t/tree.want" "$t/tree.want"
if cmp -s "$t/tree.got" "$t/tree.want"; then
	ok "DP002: each vulnerable pin at its file and line (two projects pinning one version: a finding each; go.sum of a go 1.16 module), go.mod's go line at info"
else
	nok "DP002: each vulnerable pin at its file and line"
	diff "$t/tree.want" "$t/tree.got" | sed 's/^/# /'
fi
(cd "$tree" && "$VAKT" scan . --db "$t/vuln.db" --no-config --no-vulns >"$t/novulns.out" 2>&1)
if [ $? -eq 0 ] && ! grep -q DP002 "$t/novulns.out"; then
	ok "vakt scan --no-vulns leaves the lock files' packages alone"
else
	nok "vakt scan --no-vulns leaves the lock files' packages alone"
	sed 's/^/# /' "$t/novulns.out" | head
fi
(cd "$tree" && XDG_CACHE_HOME=$t/empty-cache "$VAKT" scan . --no-config >"$t/nodb.out" 2>&1)
if [ $? -eq 0 ] && grep -q "no vulnerability database at '$t/empty-cache/vakt/vuln.db'" "$t/nodb.out"; then
	ok "vakt scan without a database says the lock files were not checked, and passes"
else
	nok "vakt scan without a database says the lock files were not checked"
	sed 's/^/# /' "$t/nodb.out" | head
fi
printf 'vulnerabilities:\n  - id: CVE-2020-14343\n    statement: yaml.load is never called on untrusted input\n' \
	>"$tree/.vaktignore"
(cd "$tree" && "$VAKT" scan . --db "$t/vuln.db" --no-config --show-suppressed --format json \
	-o "$t/ign.json" 2>"$t/ign.err")
if python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
sup = [f for f in d["findings"] if f.get("id") == "CVE-2020-14343"]
sys.exit(0 if sup and all(f["suppressed"] for f in sup) else 1)' "$t/ign.json"; then
	ok "a .vaktignore entry suppresses a source tree's vulnerability"
else
	nok "a .vaktignore entry suppresses a source tree's vulnerability"
fi
echo "1..$n"
[ $bad -eq 0 ]
