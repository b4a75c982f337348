#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""vakt fix over Kubernetes manifests, as properties (TAP).

Corpora: every manifest fixture under tests/ (one directory per source
directory, so that cross-file rules see what vakt scan sees), the generated
bench corpus (bench/gen-manifests.c) and hostile inputs made here (anchors
shared between containers, flow style, CRLF, tabs, a BOM, a 10 MB List).
Each corpus is copied, fixed with `vakt fix --in-place` under a config that
turns on every fix (pss: restricted, fix.resources, fix.images), and then:

  - every fixed file parses (PyYAML) and its tree equals the original's as
    data except where a fix may write: keys added only from the fixes' set,
    values changed only at the settings the fixes set, lists only appended
    to (capabilities.drop, volumes, volumeMounts); key order kept;
  - every comment of the original is still there;
  - a file vakt could not read is unchanged;
  - a rescan reports, in each file, no finding of a rule the run fixed there
    without saying it left one alone;
  - a second run changes nothing (`vakt fix --check` exits 0, no diff).
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
VAKT = os.environ.get("VAKT", os.path.join(ROOT, "build", "vakt"))

CONFIG = """pss: restricted
fix:
  uid: 10001
  pss: baseline
  resources:
    limits: {cpu: 500m, memory: 256Mi}
    requests: {cpu: 100m, memory: 128Mi}
  images:
    "nginx:1.27": "nginx:1.27@sha256:%s"
""" % ("ab" * 32)

# Keys a fix may add (anywhere below a pod spec, a container or metadata).
NEW_KEYS = {
    "securityContext", "runAsNonRoot", "runAsUser", "runAsGroup", "seccompProfile",
    "type", "allowPrivilegeEscalation", "readOnlyRootFilesystem", "capabilities",
    "drop", "volumes", "volumeMounts", "automountServiceAccountToken", "resources",
    "limits", "requests", "cpu", "memory", "labels",
    "pod-security.kubernetes.io/enforce", "pod-security.kubernetes.io/warn",
    "pod-security.kubernetes.io/audit",
}
# Scalars a fix may change.
SET_KEYS = {
    "runAsNonRoot", "runAsUser", "runAsGroup", "fsGroup", "privileged",
    "allowPrivilegeEscalation", "readOnlyRootFilesystem", "type", "image",
    "automountServiceAccountToken",
}
# Lists a fix may append to.
APPEND_KEYS = {"drop", "volumes", "volumeMounts"}

n = 0
failed = 0


def tap(ok, name, detail=""):
    global n, failed
    n += 1
    if not ok:
        failed += 1
    print("%s %d - %s" % ("ok" if ok else "not ok", n, name))
    if not ok and detail:
        for line in str(detail).splitlines()[:30]:
            print("#   " + line)
    sys.stdout.flush()


class Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    pass


# Timestamps and the like stay strings: vakt reads them as text.
for ch, resolvers in list(Loader.yaml_implicit_resolvers.items()):
    Loader.yaml_implicit_resolvers[ch] = [
        (tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"
    ]


def load_all(text):
    return list(yaml.load_all(text, Loader=Loader))


def compare(a, b, path):
    """None when b is a with only the changes fixes may make; else why not."""
    last = path[-1] if path else ""
    if isinstance(a, dict):
        if not isinstance(b, dict):
            return "%s: a mapping became %r" % ("/".join(path), type(b).__name__)
        keys_b = [k for k in b if k in a]
        if keys_b != [k for k in a if k in b]:
            return "%s: key order changed" % "/".join(path)
        for k in a:
            if k not in b:
                return "%s: key %r lost" % ("/".join(path), k)
            why = compare(a[k], b[k], path + [str(k)])
            if why:
                return why
        for k in b:
            if k not in a and k not in NEW_KEYS:
                return "%s: key %r added" % ("/".join(path), k)
        return None
    if isinstance(a, list):
        if not isinstance(b, list):
            return "%s: a list became %r" % ("/".join(path), type(b).__name__)
        if len(b) < len(a) or (len(b) > len(a) and last not in APPEND_KEYS):
            return "%s: list of %d items became %d" % ("/".join(path), len(a), len(b))
        for i, item in enumerate(a):
            why = compare(item, b[i], path + [str(i)])
            if why:
                return why
        return None
    if a is None and b is not None and last in NEW_KEYS:
        return None  # `key:` with no value, given one
    if a != b or type(a) is not type(b):
        if last in SET_KEYS and not isinstance(b, (dict, list)):
            return None
        return "%s: %r became %r" % ("/".join(path), a, b)
    return None


COMMENT = re.compile(r"(?:^|\s)(#.*)$")


def comments(text):
    out = {}
    for line in text.splitlines():
        m = COMMENT.search(line)
        if m:
            c = m.group(1).rstrip()
            out[c] = out.get(c, 0) + 1
    return out


def vakt(args, cwd=None):
    return subprocess.run([VAKT] + args, cwd=cwd, capture_output=True, text=True,
                          errors="replace")


def manifests(d):
    for dp, _, fs in os.walk(d):
        for f in sorted(fs):
            if f.endswith((".yaml", ".yml", ".json")) and f != ".vakt.yaml":
                yield os.path.relpath(os.path.join(dp, f), d)


# The names vakt reads as compose files (compose_match_basename()).
COMPOSE_NAME = re.compile(r"^(docker-compose|podman-compose|container-compose|compose[-._]).*"
                          r"\.ya?ml$|^compose\.ya?ml$")
LINE = re.compile(r"^(.*?):(\d+)?:? ?([A-Z]{2}\d{3})(:| not fixed| not applied)")


def run_corpus(name, src, extra_args=()):
    """Copy src, fix it in place, check the properties. src: a directory."""
    t = tempfile.mkdtemp(prefix="vakt-fix-kube-")
    try:
        work = os.path.join(t, "c")
        shutil.copytree(src, work, symlinks=True)
        for f in manifests(work):
            # The fixtures' own configs would pick other choices: ours decide.
            pass
        cfg = os.path.join(t, "vakt.yaml")
        with open(cfg, "w") as fh:
            fh.write(CONFIG)
        before = {}
        for f in manifests(work):
            with open(os.path.join(work, f), "rb") as fh:
                before[f] = fh.read()
        r = vakt(["fix", "--config", cfg, "--in-place"] + list(extra_args) + ["."], cwd=work)
        if r.returncode not in (0, 3):
            tap(False, "%s: vakt fix exited %d" % (name, r.returncode), r.stderr[-3000:])
            return
        fixed_in, skipped_in = {}, {}
        for line in r.stderr.splitlines():
            m = LINE.match(line)
            if not m:
                continue
            file, rule, how = m.group(1), m.group(3), m.group(4)
            (fixed_in if how == ":" else skipped_in).setdefault(file, set()).add(rule)
        unread = set()
        for line in r.stderr.splitlines():
            m = re.match(r"^(?:vakt: )?(?:error: )?([^:]+):\d+:\d+: ", line)
            if m:
                unread.add(m.group(1))
        # Each original file: tree, comments, unreadable ones unchanged.
        bad = []
        compared = changed = 0
        for f, old in before.items():
            with open(os.path.join(work, f), "rb") as fh:
                new = fh.read()
            if new == old:
                continue
            changed += 1
            if f in unread:
                bad.append("%s: changed although vakt could not read it" % f)
                continue
            ot, nt = old.decode("utf-8", "replace"), new.decode("utf-8", "replace")
            try:
                a = load_all(ot.lstrip("\ufeff"))
            except Exception:
                continue  # PyYAML reads less than libyaml (tabs, ...): nothing to compare
            try:
                b = load_all(nt.lstrip("\ufeff"))
            except Exception as e:
                bad.append("%s: the fixed file does not parse: %s" % (f, e))
                continue
            compared += 1
            try:
                json.loads(ot)
                was_json = True
            except ValueError:
                was_json = False
            if was_json:
                try:
                    json.loads(nt)
                except ValueError as e:
                    bad.append("%s: JSON no longer: %s" % (f, e))
            if len(a) != len(b):
                bad.append("%s: %d documents became %d" % (f, len(a), len(b)))
                continue
            for i, (x, y) in enumerate(zip(a, b)):
                why = compare(x, y, ["doc%d" % i])
                if why:
                    bad.append("%s: %s" % (f, why))
                    break
            oc, nc = comments(ot), comments(nt)
            lost = [c for c in oc if nc.get(c, 0) < oc[c]]
            if lost:
                bad.append("%s: comments lost: %r" % (f, lost[:3]))
            if b"\r\n" in old and re.search(rb"[^\r]\n", new):
                bad.append("%s: CRLF file got LF-only lines" % f)
        tap(not bad, "%s: %d files changed, %d compared as data, comments kept" %
            (name, changed, compared), "\n".join(bad))
        # New files (default-deny policies) parse as NetworkPolicies.
        news = [f for f in manifests(work) if f not in before]
        badnew = []
        for f in news:
            try:
                docs = load_all(open(os.path.join(work, f)).read())
                if not docs or any(d.get("kind") != "NetworkPolicy" for d in docs):
                    badnew.append("%s: not NetworkPolicies" % f)
            except Exception as e:
                badnew.append("%s: %s" % (f, e))
        tap(not badnew, "%s: %d policy files written, each NetworkPolicies" % (name, len(news)),
            "\n".join(badnew))
        # Rescan: a rule fixed in a file without a "not fixed" there is gone from it.
        s = vakt(["scan", "--config", cfg, "--format", "gnu", "."], cwd=work)
        left = []
        for line in s.stdout.splitlines():
            m = re.match(r"^(.*?):\d+(?:\.\d+)?(?:-[\d.]+)?: .*\[([A-Z]{2}\d{3})\]$", line)
            if not m:
                continue
            f, rule = m.group(1), m.group(2)
            if rule in fixed_in.get(f, ()) and rule not in skipped_in.get(f, ()):
                left.append(line)
        tap(not left, "%s: the rescan has no finding of a rule fixed in its file" % name,
            "\n".join(left[:20]))
        # Idempotence.
        c = vakt(["fix", "--config", cfg, "--check"] + list(extra_args) + ["."], cwd=work)
        tap(c.returncode in (0, 3) and not c.stdout,
            "%s: a second run changes nothing" % name,
            "exit %d\n%s" % (c.returncode, c.stdout[:3000]))
    finally:
        shutil.rmtree(t, ignore_errors=True)


def hostile(d):
    """Inputs that stress the editor, written the way people write them."""
    os.makedirs(d, exist_ok=True)
    files = {
        # One securityContext shared by two containers through an alias.
        "anchors.yaml": """apiVersion: apps/v1
kind: Deployment
metadata:
  name: anchors
  namespace: edge
spec:
  template:
    spec:
      containers:
        - name: a
          image: nginx:1.27
          securityContext: &sc
            runAsUser: 1000
        - name: b
          image: nginx:1.27
          securityContext: *sc
""",
        "merge.yaml": """x-base: &base
  image: nginx:1.27
  imagePullPolicy: Always
apiVersion: v1
kind: Pod
metadata: {name: merged, namespace: edge}
spec:
  containers:
    - <<: *base
      name: app
""",
        "flow.yaml": """apiVersion: v1
kind: Pod
metadata: {name: flow, namespace: edge, labels: {app: flow}}
spec: {containers: [{name: app, image: "nginx:1.27", securityContext: {runAsUser: 0}}]}
""",
        "crlf.yaml": ("apiVersion: v1\r\nkind: Pod\r\nmetadata:\r\n  name: crlf\r\n"
                      "  namespace: edge\r\nspec:\r\n  # the app\r\n  containers:\r\n"
                      "  - name: app\r\n    image: nginx:1.27\r\n"),
        "pod.json": """{
  "apiVersion": "v1",
  "kind": "Pod",
  "metadata": {"name": "json", "namespace": "edge"},
  "spec": {
    "containers": [
      {"name": "app", "image": "nginx:1.27", "securityContext": {"runAsUser": 0}}
    ]
  }
}
""",
        "bom.yaml": ("\ufeffapiVersion: v1\nkind: Pod\nmetadata:\n  name: bom\n"
                     "  namespace: edge\nspec:\n  containers:\n    - name: app\n"
                     "      image: nginx:1.27  # pinned later\n"),
        "tabs.yaml": ("apiVersion: v1\nkind: Pod\nmetadata:\n  name: tabs\n"
                      "  namespace: edge\nspec:\n  containers:\n    - name: app\t# tab\n"
                      "      image:\tnginx:1.27\n"),
        "multi.yaml": """# a namespace and its workloads
apiVersion: v1
kind: Namespace
metadata:
  name: edge
---
apiVersion: batch/v1
kind: CronJob
metadata:
  name: nightly
  namespace: edge
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          initContainers:
          - name: wait
            image: busybox:1.36
          containers:
          - name: job
            image: 'nginx:1.27'
            env:
            - {name: TMPDIR, value: /scratch}
...
""",
    }
    for f, text in files.items():
        with open(os.path.join(d, f), "w", newline="") as fh:
            fh.write(text)


def big_list(d, count):
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "list.yaml"), "w") as fh:
        fh.write("apiVersion: v1\nkind: List\nitems:\n")
        for i in range(count):
            fh.write("""  - apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: app-%d
      namespace: big
      labels: {app: app-%d, tier: backend}
    spec:
      replicas: 2
      selector:
        matchLabels: {app: app-%d}
      template:
        metadata:
          labels: {app: app-%d}
        spec:
          containers:
            - name: app
              image: registry.example.com/team/app-%d:1.%d.0
              ports:
                - containerPort: 8080
              env:
                - name: LOG_LEVEL
                  value: info
""" % (i, i, i, i, i, i))


def main():
    if not os.access(VAKT, os.X_OK):
        print("1..0 # SKIP no vakt binary at %s" % VAKT)
        return 0
    # Under AddressSanitizer vakt runs some ten times slower: smaller generated corpora.
    asan = bool(os.environ.get("ASAN_OPTIONS"))
    dirs = set()
    for top in ("tests/rules/kubernetes", "tests/golden/kubernetes", "tests/golden/netpol",
                "tests/golden/fix", "tests/serve", "examples"):
        for dp, _, fs in os.walk(os.path.join(ROOT, top)):
            if any(f.endswith((".yaml", ".yml", ".json")) for f in fs):
                dirs.add(dp)
    work = tempfile.mkdtemp(prefix="vakt-fix-kube-src-")
    try:
        # One corpus of every fixture directory (each a directory of the copy).
        fx = os.path.join(work, "fixtures")
        for dp in sorted(dirs):
            dst = os.path.join(fx, os.path.relpath(dp, ROOT).replace("/", "__"))
            os.makedirs(dst)
            for f in os.listdir(dp):
                p = os.path.join(dp, f)
                # Compose files are fixed too, by other rules: tests/extra/fix-compose.sh.
                if os.path.isfile(p) and f.endswith((".yaml", ".yml", ".json")) and \
                        f != ".vakt.yaml" and not COMPOSE_NAME.match(f):
                    shutil.copy(p, dst)
        run_corpus("fixtures (%d directories)" % len(dirs), fx)
        run_corpus("fixtures with --unsafe", fx, ["--unsafe"])
        # The bench corpus, smaller.
        gen = os.path.join(work, "gen-manifests")
        cc = subprocess.run(["cc", "-O2", "-o", gen, os.path.join(ROOT, "bench",
                                                                    "gen-manifests.c")],
                            capture_output=True, text=True)
        if cc.returncode == 0:
            count = "100" if asan else "400"
            subprocess.run([gen, os.path.join(work, "bench"), count, "0"], check=True,
                           capture_output=True)
            run_corpus("bench corpus (%s files)" % count,
                       os.path.join(work, "bench", "manifests"))
        else:
            tap(False, "bench/gen-manifests.c builds", cc.stderr)
        hostile(os.path.join(work, "hostile"))
        run_corpus("hostile inputs", os.path.join(work, "hostile"))
        big_list(os.path.join(work, "big"),
                 int(os.environ.get("BIG_LIST", "3000" if asan else "19000")))
        size = os.path.getsize(os.path.join(work, "big", "list.yaml"))
        run_corpus("a List of %.1f MB" % (size / 1e6), os.path.join(work, "big"))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print("1..%d" % n)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
