#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The application content of bench/image-apps.sh's image, deterministic:

  OUT/rootfs/app/                 package.json, package-lock.json (v3) and
                                  node_modules with NPM installed packages
                                  (scoped ones, a few nested copies), each
                                  with its package.json, README, LICENSE and
                                  JavaScript, as npm installs them
  OUT/rootfs/usr/local/lib/python3.11/site-packages/
                                  PY distributions: NAME-VERSION.dist-info
                                  (METADATA, RECORD, WHEEL, INSTALLER,
                                  top_level.txt, LICENSE) beside the module
  OUT/jars/NAME/                  JARS jar trees (META-INF/MANIFEST.MF,
                                  META-INF/maven/GROUP/ARTIFACT/pom.properties
                                  and pom.xml, classes) for `zip` to pack
  OUT/go/proxy/                   a GOPROXY=file:// module proxy of MODS
                                  modules (.info, .mod, .zip, list)
  OUT/go/src/cmdN/                GO main modules requiring some of them,
                                  each importing a different part of the
                                  standard library, for `go build`

Usage: gen-apps.py OUT [NPM PY JARS GO]   (defaults 2000 300 50 20)"""
import json
import os
import random
import sys
import zipfile

out = sys.argv[1]
n_npm, n_py, n_jar, n_go = (int(x) for x in (sys.argv[2:6] or [2000, 300, 50, 20]))
rnd = random.Random(17)
WORDS = ("data stream parse format buffer event cache fetch retry token queue path "
         "color logger config schema merge deep clone debounce mime glob minimatch "
         "semver yaml json http proxy agent cookie crypto hash uuid async pool").split()
FILLER = ("function {n}(opts, cb) {{\n  if (typeof opts === 'function') {{ cb = opts; "
          "opts = {{}}; }}\n  const out = Object.assign({{}}, defaults, opts);\n  for (const k "
          "of Object.keys(out)) {{\n    if (out[k] === undefined) delete out[k];\n  }}\n  "
          "return cb ? process.nextTick(cb, null, out) : out;\n}}\n\n")
LICENSE = ("MIT License\n\nCopyright (c) {y} {a}\n\nPermission is hereby granted, free of "
           "charge, to any person obtaining a copy\nof this software and associated "
           "documentation files (the \"Software\"), to deal\nin the Software without "
           "restriction, including without limitation the rights\nto use, copy, modify, "
           "merge, publish, distribute, sublicense, and/or sell\ncopies of the Software.\n\n"
           "THE SOFTWARE IS PROVIDED \"AS IS\", WITHOUT WARRANTY OF ANY KIND.\n")


def write(path, data, mode=0o644):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data.encode() if isinstance(data, str) else data)
    os.chmod(path, mode)


def js(size):
    body, k = [], 0
    while sum(map(len, body)) < size:
        body.append(FILLER.format(n="%s%d" % (rnd.choice(WORDS), k)))
        k += 1
    return "'use strict';\n\nconst defaults = {};\n\n" + "".join(body) + "module.exports = {};\n"


def version():
    return "%d.%d.%d" % (rnd.choice([0, 1, 1, 2, 3, 4, 5, 7]), rnd.randrange(30), rnd.randrange(20))


# --- npm ---------------------------------------------------------------------------
app = os.path.join(out, "rootfs", "app")
names, seen = [], set()
while len(names) < n_npm:
    base = "-".join(rnd.sample(WORDS, rnd.choice([1, 2, 2, 3])))
    name = ("@%s/%s" % (rnd.choice(["types", "babel", "aws-sdk", "smithy", "octokit"]), base)
            if rnd.random() < 0.15 else base)
    if name not in seen:
        seen.add(name)
        names.append(name)
lock = {"": {"name": "shop", "version": "1.0.0", "license": "UNLICENSED",
             "dependencies": {}, "devDependencies": {}}}
for i, name in enumerate(names):
    v = version()
    # About one in twenty is a second version nested under a dependent, as npm does.
    where = "node_modules/" + name
    if i % 20 == 19:
        where = "node_modules/%s/node_modules/%s" % (names[i - 1], names[i - 7])
        name = names[i - 7]
    deps = {d: "^" + version() for d in rnd.sample(names, rnd.randrange(4))}
    pj = {"name": name, "version": v,
          "description": "Small %s helpers for %s" % (rnd.choice(WORDS), rnd.choice(WORDS)),
          "main": "index.js", "types": "index.d.ts", "license": "MIT",
          "author": "Jane Doe <jane@example.org>",
          "repository": {"type": "git", "url": "git+https://github.com/example/%s.git" %
                         name.replace("@", "").replace("/", "-")},
          "keywords": rnd.sample(WORDS, 4), "engines": {"node": ">=14"},
          "scripts": {"test": "tap test/*.js"}, "dependencies": deps,
          "files": ["index.js", "lib/"]}
    d = os.path.join(app, where)
    write(os.path.join(d, "package.json"), json.dumps(pj, indent=2) + "\n")
    write(os.path.join(d, "README.md"), "# %s\n\n" % name + "Usage notes. " * rnd.randrange(50, 400))
    write(os.path.join(d, "LICENSE"), LICENSE.format(y=2015 + i % 9, a="Jane Doe"))
    write(os.path.join(d, "index.js"), js(rnd.randrange(500, 6000)))
    write(os.path.join(d, "index.d.ts"), "export declare function main(opts?: object): void;\n")
    for k in range(rnd.randrange(0, 6)):
        write(os.path.join(d, "lib", "part%d.js" % k), js(rnd.randrange(1000, 20000)))
    entry = {"version": v,
             "resolved": "https://registry.npmjs.org/%s/-/%s-%s.tgz" % (name, name.split("/")[-1], v),
             "integrity": "sha512-" + "%064x" % rnd.getrandbits(256), "license": "MIT"}
    if deps:
        entry["dependencies"] = deps
    if i % 9 == 0:
        entry["dev"] = True
    lock[where] = entry
    if "/node_modules/" not in where[13:]:
        (lock[""]["devDependencies"] if i % 9 == 0 else lock[""]["dependencies"])[name] = "^" + v
write(os.path.join(app, "package.json"),
      json.dumps({k: lock[""][k] for k in ("name", "version", "dependencies", "devDependencies")},
                 indent=2) + "\n")
write(os.path.join(app, "package-lock.json"),
      json.dumps({"name": "shop", "version": "1.0.0", "lockfileVersion": 3, "requires": True,
                  "packages": lock}, indent=2) + "\n")
for k in range(30):
    write(os.path.join(app, "src", "route%d.js" % k), js(rnd.randrange(2000, 9000)))

# --- Python ------------------------------------------------------------------------
site = os.path.join(out, "rootfs", "usr", "local", "lib", "python3.11", "site-packages")
pnames = set()
while len(pnames) < n_py:
    pnames.add("-".join(rnd.sample(WORDS, rnd.choice([1, 2]))))
for i, name in enumerate(sorted(pnames)):
    v = version()
    mod = name.replace("-", "_")
    di = os.path.join(site, "%s-%s.dist-info" % (mod, v))
    reqs = "".join("Requires-Dist: %s (>=%s)\n" % (r, version())
                   for r in rnd.sample(sorted(pnames), rnd.randrange(4)))
    write(os.path.join(di, "METADATA"),
          "Metadata-Version: 2.1\nName: %s\nVersion: %s\nSummary: %s tools\n"
          "Home-page: https://github.com/example/%s\nAuthor: Jane Doe\n"
          "Author-email: jane@example.org\nLicense: BSD-3-Clause\n"
          "Classifier: Programming Language :: Python :: 3\n"
          "Classifier: License :: OSI Approved :: BSD License\n"
          "Requires-Python: >=3.8\n%sDescription-Content-Type: text/markdown\n\n# %s\n\n%s"
          % (name, v, rnd.choice(WORDS), name, reqs, name,
             "Long description paragraph. " * rnd.randrange(20, 300)))
    files = ["__init__.py"] + ["m%d.py" % k for k in range(rnd.randrange(1, 8))]
    record = []
    for fn in files:
        body = "".join("def f%d(x):\n    return x * %d\n\n" % (k, k)
                       for k in range(rnd.randrange(20, 400)))
        write(os.path.join(site, mod, fn), body)
        record.append("%s/%s,sha256=%043x,%d" % (mod, fn, rnd.getrandbits(172), len(body)))
    write(os.path.join(di, "WHEEL"), "Wheel-Version: 1.0\nGenerator: bdist_wheel (0.41.2)\n"
          "Root-Is-Purelib: true\nTag: py3-none-any\n")
    write(os.path.join(di, "INSTALLER"), "pip\n")
    write(os.path.join(di, "top_level.txt"), mod + "\n")
    write(os.path.join(di, "LICENSE"), LICENSE.format(y=2020, a="Jane Doe"))
    write(os.path.join(di, "RECORD"), "\n".join(record + ["%s-%s.dist-info/METADATA,," % (mod, v)]) + "\n")

# --- jars --------------------------------------------------------------------------
for i in range(n_jar):
    group = "org.%s.%s" % (rnd.choice(["apache", "eclipse", "example", "springframework"]),
                           rnd.choice(WORDS))
    art = "%s-%s" % (rnd.choice(WORDS), rnd.choice(["core", "api", "impl", "util"]))
    v = version()
    d = os.path.join(out, "jars", "%s-%s" % (art, v))
    write(os.path.join(d, "META-INF", "MANIFEST.MF"),
          "Manifest-Version: 1.0\r\nCreated-By: Maven JAR Plugin 3.3.0\r\n"
          "Implementation-Title: %s\r\nImplementation-Version: %s\r\n\r\n" % (art, v))
    mdir = os.path.join(d, "META-INF", "maven", group, art)
    write(os.path.join(mdir, "pom.properties"),
          "#Created by Apache Maven 3.9.6\ngroupId=%s\nartifactId=%s\nversion=%s\n" % (group, art, v))
    write(os.path.join(mdir, "pom.xml"),
          "<project><modelVersion>4.0.0</modelVersion><groupId>%s</groupId>"
          "<artifactId>%s</artifactId><version>%s</version></project>\n" % (group, art, v))
    pkg = os.path.join(d, *group.split("."))
    for k in range(rnd.randrange(20, 200)):
        # A class file: the magic, then a constant pool that compresses like real ones (about 2:1).
        body = b"\xca\xfe\xba\xbe\x00\x00\x00\x34" + b"".join(
            rnd.choice([rnd.randbytes(16), b"java/lang/Object", b"()V", b"Code"])
            for _ in range(rnd.randrange(40, 300)))
        write(os.path.join(pkg, "C%d.class" % k), body)

# --- Go ----------------------------------------------------------------------------
proxy = os.path.join(out, "go", "proxy")
mods = []
for i in range(24):
    path = "example.com/%s/%s" % (rnd.choice(["acme", "blue", "corp", "tools"]), "mod%d" % i)
    v = "v%d.%d.%d" % (rnd.randrange(2), rnd.randrange(30), rnd.randrange(20))
    mods.append((path, v, "mod%d" % i))
    ed = os.path.join(proxy, path, "@v")
    gomod = "module %s\n\ngo 1.19\n" % path
    write(os.path.join(ed, "list"), v + "\n")
    write(os.path.join(ed, v + ".info"), json.dumps({"Version": v, "Time": "2024-01-02T03:04:05Z"}))
    write(os.path.join(ed, v + ".mod"), gomod)
    os.makedirs(ed, exist_ok=True)
    with zipfile.ZipFile(os.path.join(ed, v + ".zip"), "w") as z:
        z.writestr("%s@%s/go.mod" % (path, v), gomod)
        z.writestr("%s@%s/lib.go" % (path, v),
                   "package mod%d\n\nfunc Name() string { return \"%s\" }\n" % (i, path))
STD = [("net/http", "http.StatusText(200)"), ("encoding/json", "json.Valid(nil)"),
       ("crypto/tls", "tls.VersionTLS13"), ("compress/gzip", "gzip.BestSpeed"),
       ("regexp", "regexp.QuoteMeta(\"a\")"), ("encoding/xml", "xml.Header"),
       ("text/template", "template.HTMLEscapeString(\"<\")"), ("os/exec", "exec.ErrNotFound"),
       ("database/sql", "sql.Drivers()"), ("archive/tar", "tar.TypeReg")]
for i in range(n_go):
    deps = rnd.sample(mods, rnd.randrange(2, 10))
    std = rnd.sample(STD, rnd.randrange(1, 4))
    d = os.path.join(out, "go", "src", "cmd%d" % i)
    write(os.path.join(d, "go.mod"),
          "module example.com/svc/cmd%d\n\ngo 1.19\n\nrequire (\n%s)\n" %
          (i, "".join("\t%s %s\n" % (p, v) for p, v, _ in deps)))
    write(os.path.join(d, "main.go"),
          "package main\n\nimport (\n\t\"fmt\"\n%s%s)\n\nfunc main() {\n\tfmt.Println(%s)\n}\n" %
          ("".join("\t\"%s\"\n" % s for s, _ in std),
           "".join("\t\"%s\"\n" % p for p, _, _ in deps),
           ", ".join([e for _, e in std] + ["%s.Name()" % a for _, _, a in deps])))
