#!/usr/bin/env bash
# Application packages in an image (vakt image --list-packages): a two-layer
# OCI image whose first layer installs npm, Python, Ruby and PHP packages, a
# lock file and a jar, and whose second layer upgrades one package and
# deletes another; only what the final image holds is listed, each package
# with the layer that wrote it, the file that declares it and its purl.
# Prints TAP.
set -u
here=$(cd "$(dirname "$0")/../.." && pwd)
: "${VAKT:=$here/build/vakt}"
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
n=0
ok() { n=$((n + 1)); echo "ok - $1"; }
nok() { n=$((n + 1)); echo "not ok - $1"; }

jar_b64=""
if command -v zip >/dev/null 2>&1; then
	mkdir -p "$t/jar/META-INF/maven/org.apache.logging.log4j/log4j-core"
	printf 'groupId=org.apache.logging.log4j\nartifactId=log4j-core\nversion=2.14.1\n' \
		>"$t/jar/META-INF/maven/org.apache.logging.log4j/log4j-core/pom.properties"
	(cd "$t/jar" && zip -qr "$t/log4j-core-2.14.1.jar" META-INF)
	jar_b64=$(base64 -w0 "$t/log4j-core-2.14.1.jar")
fi

python3 - "$t/spec.json" "$jar_b64" <<'PY'
import json, sys, base64
spec_path, jar = sys.argv[1], sys.argv[2]
def f(path, content):
    return {"path": path, "type": "file", "mode": "0644", "content": content}
layer1 = [
    {"path": "etc", "type": "dir", "mode": "0755"},
    f("etc/os-release", 'ID=debian\nVERSION_ID="12"\n'),
    f("app/node_modules/express/package.json",
      '{"name": "express", "version": "4.17.1", "license": "MIT"}\n'),
    f("app/node_modules/@babel/core/package.json",
      '{"name": "@babel/core", "version": "7.24.0"}\n'),
    f("app/package-lock.json", json.dumps({
        "name": "shop", "version": "1.0.0", "lockfileVersion": 3,
        "packages": {"": {"name": "shop", "dependencies": {"express": "^4.17.1"}},
                     "node_modules/express": {"version": "4.17.1"}}}, indent=2) + "\n"),
    f("usr/lib/python3/dist-packages/requests-2.31.0.dist-info/METADATA",
      "Metadata-Version: 2.1\nName: requests\nVersion: 2.31.0\nLicense: Apache 2.0\n\nHTTP.\n"),
    f("usr/lib/python3/dist-packages/six-1.16.0.dist-info/METADATA",
      "Metadata-Version: 2.1\nName: six\nVersion: 1.16.0\n\n"),
    f("usr/local/bundle/specifications/rack-3.0.9.gemspec",
      '# -*- encoding: utf-8 -*-\nGem::Specification.new do |s|\n  s.name = "rack".freeze\n'
      '  s.version = "3.0.9".freeze\nend\n'),
    f("srv/vendor/composer/installed.json",
      '{"packages": [{"name": "monolog/monolog", "version": "3.5.0"}], "dev": false}\n'),
]
if jar:
    layer1.append({"path": "opt/app/lib/log4j-core-2.14.1.jar", "type": "file", "mode": "0644",
                   "content_b64": jar})
layer2 = [
    f("app/node_modules/express/package.json",
      '{"name": "express", "version": "4.18.2", "license": "MIT"}\n'),
    {"path": "usr/lib/python3/dist-packages/.wh.six-1.16.0.dist-info", "type": "file",
     "mode": "0644", "content": ""},
]
spec = {"format": "oci-archive", "config": {"User": "0"},
        "layers": [{"created_by": "RUN install", "entries": layer1},
                   {"created_by": "RUN upgrade", "entries": layer2}]}
json.dump(spec, open(spec_path, "w"))
PY
if ! python3 "$here/tests/image/mkimage.py" "$t/spec.json" "$t/img.tar" >"$t/mk.out" 2>&1; then
	nok "the test image builds"
	sed 's/^/# /' "$t/mk.out"
	echo "1..$n"
	exit 1
fi
"$VAKT" image "$t/img.tar" --list-packages --format json >"$t/list.json" 2>"$t/err"
rc=$?
[ $rc -eq 0 ] && ok "vakt image --list-packages exits 0" ||
	{ nok "vakt image --list-packages exits 0 (got $rc)"; sed 's/^/# /' "$t/err"; }
python3 - "$t/list.json" "$jar_b64" >"$t/py.tap" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
have_jar = bool(sys.argv[2])
pk = {(p["type"], p["name"]): p for p in d["packages"]}
n = 0
def check(cond, what):
    global n
    n += 1
    print(("ok" if cond else "not ok") + " - %s" % what)
def get(t, name):
    return pk.get((t, name)) or {}
e = [p for p in d["packages"] if p["type"] == "npm" and p["name"] == "express"]
check(len([p for p in e if p.get("found_in", "").endswith("node_modules/express/package.json")]) == 1,
      "express listed once from node_modules (the upgraded file only)")
inst = [p for p in e if p.get("found_in", "").endswith("package.json")][0]
check(inst["version"] == "4.18.2" and inst["layer"] == 2, "express is 4.18.2 from layer 2")
lock = [p for p in e if p.get("found_in") == "app/package-lock.json"]
check(len(lock) == 1 and lock[0]["version"] == "4.17.1" and lock[0]["scope"] == "direct",
      "the lock file's express is listed with its own version, direct")
b = get("npm", "@babel/core")
check(b.get("purl") == "pkg:npm/%40babel/core@7.24.0" and b.get("layer") == 1,
      "@babel/core: scoped purl, layer 1")
r = get("pypi", "requests")
check(r.get("purl") == "pkg:pypi/requests@2.31.0" and r.get("license") == "Apache 2.0",
      "requests from its METADATA, with purl and licence")
check(("pypi", "six") not in pk, "six, deleted by layer 2, is gone")
g = get("gem", "rack")
check(g.get("purl") == "pkg:gem/rack@3.0.9", "rack from its gemspec")
m = get("composer", "monolog/monolog")
check(m.get("purl") == "pkg:composer/monolog/monolog@3.5.0", "monolog from installed.json")
if have_jar:
    j = get("maven", "log4j-core")
    check(j.get("group") == "org.apache.logging.log4j" and
          j.get("purl") == "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1" and
          "log4j-core-2.14.1.jar!/META-INF/maven/" in j.get("found_in", ""),
          "log4j-core from the jar's pom.properties, its path inside the jar")
else:
    print("ok - log4j-core from a jar # SKIP zip is not installed")
    n += 1
deb = [p for p in d["packages"] if p["type"] == "dpkg"]
check(not deb, "no OS packages invented")
PY
cat "$t/py.tap"
n=$((n + $(grep -cE '^(not )?ok' "$t/py.tap")))
"$VAKT" image "$t/img.tar" --list-packages >"$t/list.txt" 2>&1
if grep -q 'npm: app/node_modules/express/package.json' "$t/list.txt"; then
	ok "the text table names the declaring file"
else
	nok "the text table names the declaring file"
	sed 's/^/# /' "$t/list.txt" | head -20
fi
# --pkg-types (Trivy's spelling): os reads no application file, library is the default here
# (the image has no OS package database), a word of neither is a usage error.
"$VAKT" image "$t/img.tar" --list-packages --format json --pkg-types os >"$t/os.json" 2>"$t/err"
rc=$?
if [ $rc -eq 0 ] && python3 -c 'import json, sys; sys.exit(len(json.load(open(sys.argv[1]))["packages"]) != 0)' "$t/os.json"; then
	ok "--pkg-types os lists no application package"
else
	nok "--pkg-types os lists no application package (exit $rc)"
	sed 's/^/# /' "$t/err"
fi
"$VAKT" image "$t/img.tar" --list-packages --format json --pkg-types LIBRARY >"$t/lib.json" 2>"$t/err"
if cmp -s "$t/lib.json" "$t/list.json"; then
	ok "--pkg-types LIBRARY lists what the default lists when there is no OS package"
else
	nok "--pkg-types LIBRARY lists what the default lists when there is no OS package"
	diff "$t/list.json" "$t/lib.json" | head -n 10 | sed 's/^/# /'
fi
"$VAKT" image "$t/img.tar" --list-packages --pkg-types os,npm >"$t/out" 2>"$t/err"
rc=$?
if [ $rc -eq 2 ] && grep -q "invalid --pkg-types 'os,npm' (expected os, library or os,library)" "$t/err"; then
	ok "--pkg-types os,npm is a usage error naming the choices"
else
	nok "--pkg-types os,npm is a usage error naming the choices (exit $rc)"
	sed 's/^/# /' "$t/err"
fi
for bad in "" "os," ",library"; do
	"$VAKT" image "$t/img.tar" --list-packages --pkg-types "$bad" >"$t/out" 2>"$t/err"
	rc=$?
	[ $rc -eq 2 ] && ok "--pkg-types '$bad' is a usage error" ||
		nok "--pkg-types '$bad' is a usage error (exit $rc)"
done
echo "1..$n"
