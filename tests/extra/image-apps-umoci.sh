#!/usr/bin/env bash
# Application packages in an image built with umoci (issue 17): three
# layers packed with `umoci init/new/unpack/repack` from root filesystems
# written here: a Debian base (os-release, a dpkg status), then a
# node_modules tree (a scoped and a plain package) and a Python
# site-packages, then a Go binary (built here with /usr/bin/go against a
# file:// module proxy, so that its build information names a module
# dependency; skipped with the reason when go is missing) and a jar made
# with `zip`. Checks that `vakt image --list-packages --format json` lists
# each ecosystem with the file that declares it and the layer that wrote
# it, that --pkg-types picks the kinds, and that `--format cyclonedx`
# carries the purls, valid against the CycloneDX 1.5 schema (the validator
# tests/tools.sh installs; skipped with the reason when it cannot be had).
# Prints TAP.
set -u
here=$(cd "$(dirname "$0")/../.." && pwd)
: "${VAKT:=$here/build/vakt}"
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
nok() { n=$((n + 1)); echo "not ok $n - $1"; }
skip() { n=$((n + 1)); echo "ok $n - $1 # SKIP $2"; }

for tool in umoci zip python3; do
	if ! command -v $tool >/dev/null 2>&1; then
		skip "an image built with umoci" "$tool is not installed"
		echo "1..$n"
		exit 0
	fi
done

# --- the layers' files ----------------------------------------------------------------
l1=$t/l1 l2=$t/l2 l3=$t/l3
mkdir -p "$l1/etc" "$l1/var/lib/dpkg" "$l2/app/node_modules/@acme/widgets" \
	"$l2/app/node_modules/left-pad" \
	"$l2/usr/local/lib/python3.11/site-packages/PyYAML-6.0.1.dist-info" \
	"$l2/usr/local/lib/python3.11/site-packages/yaml" "$l3/usr/local/bin" "$l3/opt/app/lib"
cat >"$l1/etc/os-release" <<'EOF'
PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
NAME="Debian GNU/Linux"
VERSION_ID="12"
VERSION="12 (bookworm)"
VERSION_CODENAME=bookworm
ID=debian
EOF
cat >"$l1/var/lib/dpkg/status" <<'EOF'
Package: base-files
Essential: yes
Status: install ok installed
Priority: required
Section: admin
Installed-Size: 341
Maintainer: Santiago Vila <sanvila@debian.org>
Architecture: amd64
Multi-Arch: foreign
Version: 12.4+deb12u5
Replaces: base, dpkg (<= 1.15.0), miscutils
Provides: base
Conffiles:
 /etc/debian_version 6cd52d8cb2ab4ab6e6e2a8b3c1a4b3a5
Description: Debian base system miscellaneous files
 This package contains the basic filesystem hierarchy of a Debian system.

Package: zlib1g
Status: install ok installed
Priority: optional
Section: libs
Installed-Size: 168
Maintainer: Mark Brown <broonie@debian.org>
Architecture: amd64
Multi-Arch: same
Source: zlib
Version: 1:1.2.13.dfsg-1
Depends: libc6 (>= 2.14)
Description: compression library - runtime
 zlib is a library implementing the deflate compression method found
 in gzip and PKZIP.

EOF
cat >"$l2/app/node_modules/@acme/widgets/package.json" <<'EOF'
{
  "name": "@acme/widgets",
  "version": "2.1.0",
  "description": "Widgets for the shop front",
  "main": "index.js",
  "license": "Apache-2.0",
  "dependencies": {
    "left-pad": "^1.3.0"
  }
}
EOF
cat >"$l2/app/node_modules/left-pad/package.json" <<'EOF'
{
  "name": "left-pad",
  "version": "1.3.0",
  "description": "String left pad",
  "main": "index.js",
  "license": "WTFPL"
}
EOF
printf "module.exports = leftPad;\nfunction leftPad(s, n, c) { return String(s).padStart(n, c || ' '); }\n" \
	>"$l2/app/node_modules/left-pad/index.js"
cat >"$l2/usr/local/lib/python3.11/site-packages/PyYAML-6.0.1.dist-info/METADATA" <<'EOF'
Metadata-Version: 2.1
Name: PyYAML
Version: 6.0.1
Summary: YAML parser and emitter for Python
Home-page: https://pyyaml.org/
Author: Kirill Simonov
Author-email: xi@resolvent.net
License: MIT
Platform: Any
Classifier: Development Status :: 5 - Production/Stable
Classifier: License :: OSI Approved :: MIT License
Requires-Python: >=3.6
License-File: LICENSE

YAML is a data serialization format designed for human readability.
EOF
printf 'pip\n' >"$l2/usr/local/lib/python3.11/site-packages/PyYAML-6.0.1.dist-info/INSTALLER"
printf 'from .loader import *\n' >"$l2/usr/local/lib/python3.11/site-packages/yaml/__init__.py"

# A jar as Maven builds it: manifest, pom.properties, classes.
j=$t/jar
mkdir -p "$j/META-INF/maven/org.apache.commons/commons-lang3" "$j/org/apache/commons/lang3"
printf 'Manifest-Version: 1.0\r\nImplementation-Title: Apache Commons Lang\r\nImplementation-Version: 3.12.0\r\n\r\n' \
	>"$j/META-INF/MANIFEST.MF"
printf '#Created by Apache Maven 3.6.3\ngroupId=org.apache.commons\nartifactId=commons-lang3\nversion=3.12.0\n' \
	>"$j/META-INF/maven/org.apache.commons/commons-lang3/pom.properties"
printf '\xca\xfe\xba\xbe\x00\x00\x00\x34' >"$j/org/apache/commons/lang3/StringUtils.class"
(cd "$j" && zip -q -X -r "$l3/opt/app/lib/commons-lang3-3.12.0.jar" META-INF org)

# A Go service requiring example.com/greet v1.4.2 from a file:// proxy.
go_reason=
if ! command -v go >/dev/null 2>&1; then
	go_reason="go is not installed (apt-get install golang-go)"
else
	m=$t/mod/example.com/greet@v1.4.2 p=$t/proxy/example.com/greet/@v
	mkdir -p "$m" "$p" "$t/svc"
	printf 'module example.com/greet\n\ngo 1.19\n' >"$m/go.mod"
	printf 'package greet\n\nfunc Hello() string { return "hello" }\n' >"$m/greet.go"
	(cd "$t/mod" && zip -q -X -r "$p/v1.4.2.zip" example.com/greet@v1.4.2)
	cp "$m/go.mod" "$p/v1.4.2.mod"
	printf '{"Version":"v1.4.2","Time":"2024-01-02T03:04:05Z"}\n' >"$p/v1.4.2.info"
	printf 'v1.4.2\n' >"$p/list"
	printf 'module example.com/svc\n\ngo 1.19\n\nrequire example.com/greet v1.4.2\n' >"$t/svc/go.mod"
	printf 'package main\n\nimport (\n\t"fmt"\n\n\t"example.com/greet"\n)\n\nfunc main() { fmt.Println(greet.Hello()) }\n' \
		>"$t/svc/main.go"
	if ! (cd "$t/svc" && env GOPATH="$t/gopath" GOCACHE="$t/gocache" GOPROXY="file://$t/proxy" \
		GOSUMDB=off GOFLAGS=-mod=mod CGO_ENABLED=0 go build -o "$l3/usr/local/bin/svc" .) \
		>"$t/go.log" 2>&1; then
		go_reason="go build failed: $(tail -n 1 "$t/go.log")"
	fi
	# The module cache is read-only: go removes it (this one only, by GOPATH).
	env GOPATH="$t/gopath" GOCACHE="$t/gocache" go clean -modcache >/dev/null 2>&1 || true
	rm -rf "$t/gopath" "$t/gocache"
fi

# --- the image: umoci init, new, then unpack/repack once per layer ---------------------
img=$t/oci
if ! {
	umoci init --layout "$img" &&
		umoci new --image "$img:app" &&
		umoci unpack --image "$img:app" "$t/bundle" &&
		cp -a "$l1/." "$t/bundle/rootfs/" &&
		umoci repack --refresh-bundle --image "$img:app" --history.created_by 'debian base' "$t/bundle" &&
		cp -a "$l2/." "$t/bundle/rootfs/" &&
		umoci repack --refresh-bundle --image "$img:app" \
			--history.created_by 'RUN npm ci && pip install PyYAML==6.0.1' "$t/bundle" &&
		cp -a "$l3/." "$t/bundle/rootfs/" &&
		umoci repack --image "$img:app" --history.created_by 'COPY svc lib/ /' "$t/bundle"
} >"$t/umoci.log" 2>&1; then
	nok "umoci builds the three-layer image"
	sed 's/^/# /' "$t/umoci.log" | tail -n 5
	echo "1..$n"
	exit 1
fi
ok "umoci builds the three-layer image"

"$VAKT" image --no-progress --no-config --list-packages --format json "$img:app" \
	>"$t/all.json" 2>"$t/err"
rc=$?
if [ $rc -eq 0 ]; then
	ok "vakt image --list-packages --format json exits 0"
else
	nok "vakt image --list-packages --format json exits 0 (got $rc)"
	sed 's/^/# /' "$t/err"
fi
for p in os library; do
	"$VAKT" image --no-progress --no-config --list-packages --format json --pkg-types $p "$img:app" \
		>"$t/$p.json" 2>>"$t/err"
done
"$VAKT" image --no-progress --no-config --format cyclonedx "$img:app" >"$t/bom.cdx.json" 2>>"$t/err"
rc=$?
if [ $rc -eq 0 ]; then
	ok "vakt image --format cyclonedx exits 0"
else
	nok "vakt image --format cyclonedx exits 0 (got $rc)"
	sed 's/^/# /' "$t/err"
fi

python3 - "$t" "$go_reason" >"$t/py.tap" <<'PY'
import json, sys
t, go_reason = sys.argv[1], sys.argv[2]
load = lambda f: json.load(open("%s/%s" % (t, f)))
pk = load("all.json")["packages"]
n = 0
def check(cond, what):
    global n
    n += 1
    print(("ok" if cond else "not ok") + " - %s" % what)
def skip(what, why):
    global n
    n += 1
    print("ok - %s # SKIP %s" % (what, why))
def one(t_, name):
    m = [p for p in pk if p["type"] == t_ and p["name"] == name]
    return m[0] if len(m) == 1 else {}
def has(p, **want):
    return all(p.get(k) == v for k, v in want.items())

check(has(one("dpkg", "zlib1g"), version="1:1.2.13.dfsg-1", layer=1),
      "dpkg: zlib1g from layer 1")
check(has(one("npm", "@acme/widgets"), version="2.1.0", layer=2,
          found_in="app/node_modules/@acme/widgets/package.json",
          purl="pkg:npm/%40acme/widgets@2.1.0", license="Apache-2.0"),
      "npm: @acme/widgets, found_in its package.json, layer 2, scoped purl")
check(has(one("npm", "left-pad"), version="1.3.0", layer=2,
          found_in="app/node_modules/left-pad/package.json", purl="pkg:npm/left-pad@1.3.0"),
      "npm: left-pad, layer 2")
check(has(one("pypi", "PyYAML"), version="6.0.1", layer=2, license="MIT",
          found_in="usr/local/lib/python3.11/site-packages/PyYAML-6.0.1.dist-info/METADATA",
          purl="pkg:pypi/pyyaml@6.0.1"),
      "pypi: PyYAML from its METADATA, layer 2, purl with the PEP 503 name")
check(has(one("maven", "commons-lang3"), version="3.12.0", layer=3, group="org.apache.commons",
          found_in="opt/app/lib/commons-lang3-3.12.0.jar!/META-INF/maven/org.apache.commons/"
                   "commons-lang3/pom.properties",
          purl="pkg:maven/org.apache.commons/commons-lang3@3.12.0"),
      "maven: commons-lang3 from the jar's pom.properties, layer 3")
if go_reason:
    skip("golang: example.com/greet from the Go binary's build information", go_reason)
else:
    g = one("golang", "example.com/greet")
    check(has(g, version="v1.4.2", layer=3, found_in="usr/local/bin/svc",
              purl="pkg:golang/example.com/greet@v1.4.2"),
          "golang: example.com/greet v1.4.2 from usr/local/bin/svc, layer 3")
    s = one("golang", "stdlib")
    check(has(s, layer=3, found_in="usr/local/bin/svc") and s.get("version", "").startswith("v1."),
          "golang: the toolchain as stdlib, from usr/local/bin/svc")
    check(not one("golang", "example.com/svc"),
          "golang: the main module built from a work tree, (devel), is not a package")

types = lambda f: sorted({p["type"] for p in load(f)["packages"]})
check(types("os.json") == ["dpkg"], "--pkg-types os: the dpkg packages only")
check("dpkg" not in types("library.json") and
      len(load("library.json")["packages"]) == len(pk) - 2,
      "--pkg-types library: every package but the dpkg ones")

bom = load("bom.cdx.json")
purls = set()
def walk(cs):
    for c in cs or []:
        if c.get("purl"):
            purls.add(c["purl"])
        walk(c.get("components"))
walk(bom.get("components"))
want = ["pkg:npm/%40acme/widgets@2.1.0", "pkg:npm/left-pad@1.3.0", "pkg:pypi/pyyaml@6.0.1",
        "pkg:maven/org.apache.commons/commons-lang3@3.12.0"]
if not go_reason:
    want.append("pkg:golang/example.com/greet@v1.4.2")
missing = [p for p in want if p not in purls]
check(not missing, "cyclonedx: the components carry the purls of every ecosystem%s" %
      (" (missing: %s)" % ", ".join(missing) if missing else ""))
check(any(p.startswith("pkg:deb/debian/zlib1g@") for p in purls), "cyclonedx: and the dpkg ones")
PY
cat "$t/py.tap"
n=$((n + $(grep -cE '^(not )?ok' "$t/py.tap")))

# The SBOM against the CycloneDX 1.5 schema (as tests/extra/sbom.sh validates).
reason=$("$here/tests/tools.sh" cyclonedx 2>&1)
trc=$?
if [ $trc -ne 0 ]; then
	skip "cyclonedx 1.5 schema: the umoci image's SBOM" "${reason:-test tools unavailable (status $trc)}"
else
	res=$(NODE_PATH=$here/tests/.tools/node_modules node - "$t/bom.cdx.json" 2>&1 <<'EOF'
const fs = require("fs");
const CDX = require("@cyclonedx/cyclonedx-library");
const validator = new CDX.Validation.JsonStrictValidator(CDX.Spec.Version.v1dot5);
(async () => {
	const text = fs.readFileSync(process.argv[2], "utf8");
	const errors = await validator.validate(text);
	console.log(errors ? "error: " + JSON.stringify(errors).slice(0, 300) : "ok");
})();
EOF
	)
	if [ "$res" = ok ]; then
		ok "cyclonedx 1.5 schema: the umoci image's SBOM is valid"
	else
		nok "cyclonedx 1.5 schema: the umoci image's SBOM: $res"
	fi
fi
echo "1..$n"
