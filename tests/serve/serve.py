#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""vakt serve, end to end: a throwaway CA (openssl), the server started on
127.0.0.1 with a free port, real AdmissionReview requests over TLS, a fake
API server of our own for the namespace watch. TAP output.

    tests/serve/serve.py            (VAKT and SHARED from the environment)

What it checks: the verdicts of every mode; the official Pod Security
Admission fixtures sent as admission requests get exactly PSA's allow/deny;
the same object gets the same findings from vakt scan and vakt serve (every
Kubernetes fixture of tests/rules and tests/golden); malformed JSON, wrong
kinds, huge bodies, slow clients and TLS garbage get a clean answer and the
server keeps serving; certificate reload; the drain on SIGTERM; metrics and
JSON logs; the namespace watch against a fake API server.
"""
import glob
import http.client
import http.server
import json
import os
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
VAKT = os.environ.get("VAKT", os.path.join(ROOT, "build", "vakt"))
SHARED = os.environ.get("SHARED", os.environ.get("VAKT_SHARED", os.path.join(ROOT, "..", "shared")))
WORK = tempfile.mkdtemp(prefix="vakt-serve-")

n = 0
failed = 0


def ok(cond, what, detail=""):
    global n, failed
    n += 1
    if cond:
        print("ok %d - %s" % (n, what))
    else:
        failed += 1
        print("not ok %d - %s" % (n, what))
        for line in str(detail).splitlines()[:30]:
            print("# " + line)
    sys.stdout.flush()
    return cond


def skip(what, why):
    global n
    n += 1
    print("ok %d - %s # SKIP %s" % (n, what, why))


# --- certificates -----------------------------------------------------------

def openssl(*args):
    subprocess.run(["openssl"] + list(args), check=True, capture_output=True, cwd=WORK)


def make_ca():
    openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", "ca.key", "-out", "ca.crt", "-days", "2", "-subj", "/CN=vakt-test-ca")


def make_cert(name, cn):
    """A server certificate for 127.0.0.1 signed by the CA: WORK/name.crt, name.key."""
    with open(os.path.join(WORK, "ext"), "w") as f:
        f.write("subjectAltName=DNS:localhost,IP:127.0.0.1\n")
    openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", name + ".key", "-out", name + ".csr", "-subj", "/CN=" + cn)
    openssl("x509", "-req", "-in", name + ".csr", "-CA", "ca.crt", "-CAkey", "ca.key",
            "-CAcreateserial", "-out", name + ".crt", "-days", "2", "-extfile", "ext")


# --- the server ---------------------------------------------------------------

class Server:
    def __init__(self, *args, cert="tls", name="s"):
        self.port_file = os.path.join(WORK, name + ".port")
        self.log_path = os.path.join(WORK, name + ".log")
        if os.path.exists(self.port_file):
            os.unlink(self.port_file)
        self.cert = os.path.join(WORK, cert + ".crt")
        self.key = os.path.join(WORK, cert + ".key")
        self.log = open(self.log_path, "w")
        argv = [VAKT, "serve", "--tls-cert", self.cert, "--tls-key", self.key,
                "--listen", "127.0.0.1:0", "--port-file", self.port_file, "--no-config"]
        if "--kube-api" not in args:
            argv.append("--no-watch")
        self.proc = subprocess.Popen(argv + list(args), stdout=self.log, stderr=self.log,
                                     cwd=WORK)
        deadline = time.time() + 30
        while not os.path.exists(self.port_file):
            if self.proc.poll() is not None or time.time() > deadline:
                raise RuntimeError("vakt serve did not start: " + self.logs())
            time.sleep(0.02)
        with open(self.port_file) as f:
            self.port = int(f.read())
        self.ctx = ssl.create_default_context(cafile=os.path.join(WORK, "ca.crt"))
        self.conn = None

    def logs(self):
        if not self.log.closed:
            self.log.flush()
        with open(self.log_path) as f:
            return f.read()

    def connect(self, timeout=30):
        return http.client.HTTPSConnection("127.0.0.1", self.port, context=self.ctx,
                                           timeout=timeout)

    def request(self, method, path, body=None, headers=None):
        """One request on a kept-alive connection: (status, headers, body bytes)."""
        for attempt in (0, 1):
            if self.conn is None:
                self.conn = self.connect()
            try:
                self.conn.request(method, path, body=body, headers=headers or {})
                r = self.conn.getresponse()
                return r.status, dict(r.getheaders()), r.read()
            except (http.client.HTTPException, ConnectionError, ssl.SSLError, OSError):
                self.conn.close()
                self.conn = None
                if attempt:
                    raise
        raise AssertionError("unreachable")

    def review(self, doc):
        status, _, body = self.request("POST", "/validate", json.dumps(doc).encode(),
                                       {"Content-Type": "application/json"})
        if status != 200:
            raise RuntimeError("status %d: %s" % (status, body[:300]))
        return json.loads(body)["response"]

    def stop(self, sig=signal.SIGTERM):
        if self.conn:
            self.conn.close()
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()
        return self.proc.returncode


UID = [0]


def review_of(obj, kind=None, group=None, namespace=None, operation="CREATE", user="alice",
              dry_run=False, old=None, api="admission.k8s.io/v1", sub=None):
    UID[0] += 1
    kind = kind or obj.get("kind")
    if group is None:
        av = obj.get("apiVersion", "v1")
        group = av.split("/")[0] if "/" in av else ""
    meta = obj.get("metadata") or {}
    req = {
        "uid": "00000000-0000-4000-8000-%012d" % UID[0],
        "kind": {"group": group, "version": "v1", "kind": kind},
        "resource": {"group": group, "version": "v1", "resource": kind.lower() + "s"},
        "name": meta.get("name", ""),
        "namespace": namespace if namespace is not None else meta.get("namespace", "default"),
        "operation": operation,
        "userInfo": {"username": user, "groups": ["system:authenticated"]},
        "object": obj,
        "oldObject": old,
        "dryRun": dry_run,
        "options": {"apiVersion": "meta.k8s.io/v1", "kind": "CreateOptions"},
    }
    if sub:
        req["subResource"] = sub
    return {"apiVersion": api, "kind": "AdmissionReview", "request": req}


def pod(name="web", ns="apps", sc=None, pod_sc=None, runtime_class=None):
    spec = {"containers": [{"name": "app", "image": "registry.example.com/app:1.0",
                            "securityContext": sc or {}}]}
    if pod_sc is not None:
        spec["securityContext"] = pod_sc
    if runtime_class:
        spec["runtimeClassName"] = runtime_class
    return {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name, "namespace": ns},
            "spec": spec}


RESTRICTED_SC = {"runAsNonRoot": True, "allowPrivilegeEscalation": False,
                 "capabilities": {"drop": ["ALL"]}, "seccompProfile": {"type": "RuntimeDefault"},
                 "readOnlyRootFilesystem": True}


def namespace(name, labels):
    return {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": name, "labels": labels}}


# --- the tests ----------------------------------------------------------------

def test_basics():
    s = Server()
    try:
        st, _, body = s.request("GET", "/healthz")
        ok(st == 200 and body == b"ok\n", "GET /healthz answers 200 ok", (st, body))
        st, _, body = s.request("GET", "/readyz")
        ok(st == 200, "GET /readyz answers 200 without a watch", (st, body))

        r = s.review(review_of(pod(sc={"privileged": True})))
        ok(r["uid"] == "00000000-0000-4000-8000-%012d" % UID[0], "the response echoes the uid", r)
        ok(r["allowed"] is False and r["status"]["code"] == 403 and
           r["status"]["reason"] == "Forbidden", "a privileged pod is refused (403 Forbidden)", r)
        msg = r["status"]["message"]
        lines = msg.split("\n")
        ok(lines[0] == 'Pod "web" violates PodSecurity "baseline:latest" and vakt\'s hardened '
           'profile:' and any(l.endswith("[PS002]") for l in lines[1:]) and
           any(l.endswith("[KS010]") for l in lines[1:]),
           "the refusal names the policy, then one line per finding (PSS first)", msg)
        ok(lines[1].endswith("[PS002]"), "the PSS control comes first", msg)
        ok(r["auditAnnotations"]["verdict"] == "deny" and
           set(r["auditAnnotations"]["findings"].split(",")) == {"PS002", "KS010"} and
           r["auditAnnotations"]["pss"] == "baseline:latest",
           "audit annotations: verdict, the rules behind it, the policy", r)
        ok(all(w.endswith("]") and len(w.encode()) <= 512 for w in r.get("warnings", [])) and
           any("[KS012]" in w for w in r.get("warnings", [])),
           "lower findings come back as warnings, one per finding", r.get("warnings"))

        r = s.review(review_of(pod(sc=RESTRICTED_SC)))
        ok(r["allowed"] is True and "status" not in r, "a hardened pod is allowed", r)

        # The same over curl, as an operator would try it.
        body = os.path.join(WORK, "review.json")
        with open(body, "w") as f:
            json.dump(review_of(pod(sc={"privileged": True})), f)
        c = subprocess.run(["curl", "-sS", "--fail", "--cacert", os.path.join(WORK, "ca.crt"),
                            "-H", "Content-Type: application/json", "--data-binary", "@" + body,
                            "https://127.0.0.1:%d/validate" % s.port],
                           capture_output=True, text=True, timeout=60)
        try:
            cr = json.loads(c.stdout)["response"]
        except ValueError:
            cr = {}
        ok(c.returncode == 0 and cr.get("allowed") is False and
           cr.get("uid") == "00000000-0000-4000-8000-%012d" % UID[0],
           "curl over TLS with the test's CA gets the refusal", (c.returncode, c.stderr, c.stdout[:300]))

        p = pod(sc=RESTRICTED_SC)
        p["metadata"]["annotations"] = {"huge": "x" * (1100 * 1024)}
        r = s.review(review_of(p))
        ok(r["allowed"] is False and r["status"]["message"].startswith('Pod "web" cannot be judged:')
           and "could not read the object" in r["status"]["message"] and
           r["auditAnnotations"]["findings"] == "unreadable",
           "an object vakt cannot read (a 1.1 MB annotation) is refused, not let by",
           r.get("status"))

        p = pod(sc={"privileged": True})
        del p["metadata"]["name"]
        p["metadata"]["generateName"] = "web-7d9c4-"
        r = s.review(review_of(p))
        ok(r["status"]["message"].startswith('Pod "web-7d9c4-" violates'),
           "a pod created with generateName is named by its prefix", r["status"]["message"])

        doc = review_of(pod(sc={"privileged": True}), api="admission.k8s.io/v1beta1")
        st, _, body = s.request("POST", "/validate", json.dumps(doc).encode(),
                                {"Content-Type": "application/json"})
        ok(st == 200 and json.loads(body)["apiVersion"] == "admission.k8s.io/v1beta1",
           "a v1beta1 review is answered in v1beta1", body[:200])

        # Kinds: each workload kind is judged through its pod template.
        tmpl = {"metadata": {"labels": {"app": "x"}},
                "spec": {"containers": [{"name": "app", "image": "x:1",
                                         "securityContext": {"privileged": True}}]}}
        kinds = [
            ("apps/v1", "Deployment", {"selector": {}, "template": tmpl}),
            ("apps/v1", "StatefulSet", {"selector": {}, "serviceName": "x", "template": tmpl}),
            ("apps/v1", "DaemonSet", {"selector": {}, "template": tmpl}),
            ("apps/v1", "ReplicaSet", {"selector": {}, "template": tmpl}),
            ("batch/v1", "Job", {"template": tmpl}),
            ("batch/v1", "CronJob", {"schedule": "* * * * *",
                                     "jobTemplate": {"spec": {"template": tmpl}}}),
            ("v1", "ReplicationController", {"template": tmpl}),
        ]
        for av, kind, spec in kinds:
            obj = {"apiVersion": av, "kind": kind, "metadata": {"name": "w", "namespace": "apps"},
                   "spec": spec}
            r = s.review(review_of(obj))
            ok(r["allowed"] is False and "[PS002]" in r["status"]["message"],
               "a privileged %s is refused" % kind, r)
        obj = {"apiVersion": "apps.kruise.io/v1alpha1", "kind": "CloneSet",
               "metadata": {"name": "c", "namespace": "apps"}, "spec": {"template": tmpl}}
        r = s.review(review_of(obj))
        ok(r["allowed"] is False and "[PS002]" in r["status"]["message"],
           "another kind with a pod template (OpenKruise's CloneSet) is judged too", r)
        obj = {"apiVersion": "v1", "kind": "PodTemplate",
               "metadata": {"name": "t", "namespace": "apps"}, "template": tmpl}
        r = s.review(review_of(obj))
        ok(r["allowed"] is False, "a privileged PodTemplate is refused", r)

        r = s.review(review_of({"apiVersion": "v1", "kind": "ConfigMap",
                                "metadata": {"name": "c"}, "data": {"a": "b"}}))
        ok(r["allowed"] is True and "auditAnnotations" not in r, "a ConfigMap is allowed unjudged", r)
        doc = review_of(pod(sc={"privileged": True}), operation="DELETE")
        doc["request"]["object"] = None
        doc["request"]["oldObject"] = pod(sc={"privileged": True})
        r = s.review(doc)
        ok(r["allowed"] is True, "a DELETE is allowed unjudged", r)
        r = s.review(review_of(pod(sc={"privileged": True}), sub="status", operation="UPDATE",
                               old=pod(sc={"privileged": True})))
        ok(r["allowed"] is True, "a status update is allowed unjudged", r)
        old = pod(sc={"privileged": True})
        new = pod(sc={"privileged": True})
        new["metadata"]["labels"] = {"x": "y"}
        r = s.review(review_of(new, operation="UPDATE", old=old))
        ok(r["allowed"] is True, "a pod update that changes only labels is let by (as PSA does)", r)
        new = pod(sc={"privileged": True})
        r = s.review(review_of(new, operation="UPDATE", old=pod(sc=RESTRICTED_SC)))
        ok(r["allowed"] is False, "a pod update that changes the spec is judged", r)

        dep = {"apiVersion": "apps/v1", "kind": "Deployment",
               "metadata": {"name": "old", "namespace": "apps"},
               "spec": {"replicas": 3, "selector": {}, "template": tmpl}}
        scaled = json.loads(json.dumps(dep))
        scaled["spec"]["replicas"] = 0
        r = s.review(review_of(scaled, operation="UPDATE", old=dep))
        ok(r["allowed"] is True,
           "scaling a controller whose template fails is let by (the template is unchanged)", r)
        changed = json.loads(json.dumps(dep))
        changed["spec"]["template"]["metadata"]["annotations"] = {"x": "y"}
        r = s.review(review_of(changed, operation="UPDATE", old=dep))
        ok(r["allowed"] is False, "a controller update that changes its template is judged", r)

        # Dry run: the same verdict.
        r = s.review(review_of(pod(sc={"privileged": True}), dry_run=True))
        ok(r["allowed"] is False, "a dry run gets the same verdict", r)

        # Namespace labels.
        r = s.review(review_of(namespace("bad", {"pod-security.kubernetes.io/enforce": "strict"}),
                               namespace=""))
        ok(r["allowed"] is False and r["status"]["code"] == 422 and
           "pod-security.kubernetes.io/enforce=strict" in r["status"]["message"],
           "a Namespace with an invalid enforce level is refused (422), as PSA does", r)
        r = s.review(review_of(namespace("bad2", {"pod-security.kubernetes.io/warn-version": "1.30"}),
                               namespace=""))
        ok(r["allowed"] is False and "warn-version=1.30" in r["status"]["message"],
           "an invalid version label is refused too", r)
        r = s.review(review_of(namespace("strict", {
            "pod-security.kubernetes.io/enforce": "restricted",
            "pod-security.kubernetes.io/enforce-version": "v1.30"}), namespace=""))
        ok(r["allowed"] is True, "a Namespace with valid labels is allowed", r)
        r = s.review(review_of(pod(ns="strict", sc={"runAsNonRoot": True})))
        ok(r["allowed"] is False and r["auditAnnotations"]["pss"] == "restricted:v1.30" and
           'violates PodSecurity "restricted:v1.30"' in r["status"]["message"],
           "a pod in it is judged at the namespace's level (learnt from the Namespace request)", r)
        r = s.review(review_of(namespace("drystrict", {
            "pod-security.kubernetes.io/enforce": "restricted"}), namespace="", dry_run=True))
        r = s.review(review_of(pod(ns="drystrict", sc={"runAsNonRoot": True})))
        ok(r["allowed"] is True and r["auditAnnotations"]["pss"] == "baseline:latest",
           "a dry-run Namespace teaches nothing", r)
        r = s.review(review_of(namespace("fallback", {
            "pod-security.kubernetes.io/enforce": "restricted",
            "pod-security.kubernetes.io/enforce-version": "v1.25"}), namespace=""))
        r = s.review(review_of(pod(ns="fallback", sc=RESTRICTED_SC)))
        ok(r["allowed"] is True and r["auditAnnotations"]["pss"] == "restricted:v1.25",
           "a restricted pod passes its namespace's restricted level", r)

        # Metrics after all this.
        st, hdr, body = s.request("GET", "/metrics")
        text = body.decode()
        ok(st == 200 and 'vakt_admission_requests_total{kind="Pod",operation="CREATE",verdict="deny"}'
           in text and 'vakt_admission_denials_total{rule="PS002"}' in text and
           "vakt_admission_duration_seconds_bucket{le=\"+Inf\"}" in text and
           'vakt_build_info{version="' in text,
           "/metrics counts requests by verdict, denials by rule, and latency", text[:2000])
        deny_line = [l for l in text.splitlines()
                     if l.startswith('vakt_admission_denials_total{rule="PS002"}')]
        # Refused PS002: the first privileged pod, curl's, the generateName pod, v1beta1,
        # 7 kinds, CloneSet, PodTemplate, the pod's spec update, the template update (the
        # dry run is not counted).
        ok(deny_line and deny_line[0].endswith(" 15"),
           "denials count every refusal but the dry run", deny_line)
        ok(hdr.get("Content-Type", "").startswith("text/plain; version=0.0.4"),
           "/metrics has Prometheus' content type", hdr)

        # Characters JSON carries raw and YAML refuses or folds (DEL, C1, NEL, U+2028, BOM,
        # U+FFFE) in an annotation: the object is still read, and the privileged pod refused
        # (written as JSON text, a DEL made the object unreadable, and the pod was allowed).
        for ch in ("\x7f", "\x85", "\x9b", "\u2028", "\ufeff", "\ufffe", "\x1b"):
            p = pod(sc={"privileged": True})
            p["metadata"]["annotations"] = {"note": "a" + ch + "b", "k" + ch: "v"}
            r = s.review(review_of(p))
            ok(r["allowed"] is False and "PS002" in r["auditAnnotations"].get("findings", "") and
               not any("could not read" in w for w in r.get("warnings", [])),
               "a privileged pod with U+%04X in an annotation is read and refused" % ord(ch), r)
    finally:
        rc = s.stop()
    ok(rc == 0, "SIGTERM stops the server with status 0", rc)
    logs = s.logs().splitlines()
    parsed = []
    for l in logs:
        try:
            parsed.append(json.loads(l))
        except ValueError:
            parsed.append(None)
    ok(logs and all(p is not None and {"time", "level", "msg"} <= set(p) for p in parsed),
       "every log line is a JSON object with time, level and msg", "\n".join(logs[:5]))
    adm = [p for p in parsed if p and p.get("msg") == "admission"]
    ok(any(p.get("verdict") == "deny" and p.get("dryRun") is True for p in adm) and
       any(p.get("rules") == ["KS010", "PS002"] or set(p.get("rules", [])) == {"KS010", "PS002"}
           for p in adm),
       "each admission is logged with its verdict, rules and dryRun", adm[:3])


def test_modes():
    for mode in ("warn", "audit"):
        s = Server("--mode", mode, name="m" + mode)
        try:
            r = s.review(review_of(pod(sc={"privileged": True})))
            ws = r.get("warnings", [])
            ok(r["allowed"] is True and r["auditAnnotations"]["verdict"] == "warn" and
               "PS002" in r["auditAnnotations"]["findings"],
               "--mode %s allows a failing pod and records the verdict" % mode, r)
            if mode == "warn":
                ok(ws and ws[0].endswith("[PS002]") or ws[0].endswith("[KS010]"),
                   "--mode warn: what would refuse comes first among the warnings", ws)
            else:
                ok(not ws, "--mode audit returns no warnings", ws)
        finally:
            s.stop()
    s = Server("--hardened", "high", "--warn-severity", "high", "--pss", "privileged", name="hard")
    try:
        r = s.review(review_of(pod(sc={})))
        ok(r["allowed"] is False and "[PS" not in r["status"]["message"] and
           "[KS001]" in r["status"]["message"] and
           r["status"]["message"].startswith('Pod "web" violates vakt\'s hardened profile:'),
           "--hardened high refuses high hardened findings; --pss privileged runs no PSS control", r)
        ok(all(("[KS0" in w) for w in r.get("warnings", [])) and
           not any("[KS070]" in w for w in r.get("warnings", [])),
           "--warn-severity high keeps medium findings out of the warnings", r.get("warnings"))
    finally:
        s.stop()
    s = Server("--hardened", "none", "--pss", "restricted:v1.30", "--exempt-namespace", "infra",
               "--exempt-user", "system:serviceaccount:kube-system:ds",
               "--exempt-runtime-class", "kata", name="ex")
    try:
        r = s.review(review_of(pod(sc={"privileged": True})))
        ok(r["allowed"] is False and "[KS" not in r["status"]["message"] and
           'violates PodSecurity "restricted:v1.30":' in r["status"]["message"],
           "--hardened none: only the PSS controls refuse; --pss sets the default level", r)
        r = s.review(review_of(pod(ns="infra", sc={"privileged": True}), namespace="infra"))
        ok(r["allowed"] is True and r["auditAnnotations"] == {"verdict": "exempt",
                                                              "exempt": "namespace"},
           "an exempt namespace is allowed unjudged, and says why", r)
        r = s.review(review_of(pod(sc={"privileged": True}),
                               user="system:serviceaccount:kube-system:ds"))
        ok(r["allowed"] is True and r["auditAnnotations"].get("exempt") == "user",
           "an exempt user is allowed unjudged", r)
        r = s.review(review_of(pod(sc={"privileged": True}, runtime_class="kata")))
        ok(r["allowed"] is True and r["auditAnnotations"].get("exempt") == "runtimeClass",
           "an exempt runtime class is allowed unjudged", r)
    finally:
        s.stop()
    # Suppression annotations and .vakt.yaml apply as in vakt scan.
    cfg = os.path.join(WORK, "vakt.yaml")
    with open(cfg, "w") as f:
        f.write("pss: restricted\nignore:\n  - rule: KS010\n    reason: the test says so\n")
    s = Server("--config", cfg, name="cfg")
    try:
        r = s.review(review_of(pod(sc={"privileged": True})))
        ok(r["allowed"] is False and "[KS010]" not in r["status"]["message"] and
           r["auditAnnotations"]["pss"] == "restricted:latest",
           ".vakt.yaml's ignores and pss: apply", r)
        p = pod(sc={"privileged": True})
        p["metadata"]["annotations"] = {
            "vakt.io/ignore": "PS002, PS014, PS015, PS016, PS017",
            "vakt.io/ignore-reason": "a test of the annotation"}
        r = s.review(review_of(p))
        ok(r["allowed"] is True and r["auditAnnotations"]["verdict"] == "allow",
           "vakt's suppression annotations apply", r)
    finally:
        s.stop()


def test_conformance():
    root = os.path.join(SHARED, "conformance", "pss")
    tsv = os.path.join(root, "expected.tsv")
    if not os.path.exists(tsv):
        skip("the official PSS fixtures as admission requests", "no fixtures at " + root)
        return
    rows = []
    with open(tsv) as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            level, version, expected, path = line.rstrip("\n").split("\t")[:4]
            rows.append((level, version, expected, path))
    s = Server("--hardened", "none", "--pss", "privileged", name="conf")
    bad = []
    try:
        seen = set()
        for level, version, expected, path in rows:
            ns = ("%s-%s" % (level, version)).replace(".", "-")
            if ns not in seen:
                seen.add(ns)
                r = s.review(review_of(namespace(ns, {
                    "pod-security.kubernetes.io/enforce": level,
                    "pod-security.kubernetes.io/enforce-version": version}), namespace=""))
                if not r["allowed"]:
                    bad.append("namespace %s refused: %s" % (ns, r))
            with open(os.path.join(root, path)) as f:
                obj = yaml.safe_load(f)
            obj.setdefault("metadata", {})["namespace"] = ns
            r = s.review(review_of(obj, namespace=ns))
            if r["allowed"] != (expected == "pass"):
                bad.append("%s: expected %s, got allowed=%s %s" %
                           (path, expected, r["allowed"], r.get("status", {}).get("message", "")))
    finally:
        s.stop()
    ok(not bad, "all %d official PSS fixtures, sent as admission requests in namespaces labelled "
       "with their level and version, get PSA's allow/deny" % len(rows), "\n".join(bad[:20]))


def objects_of(path):
    try:
        with open(path) as f:
            docs = list(yaml.safe_load_all(f))
    except Exception:
        return []
    out = []
    for d in docs:
        if isinstance(d, dict) and d.get("kind") in (
                "Pod", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob",
                "ReplicationController", "PodTemplate") and isinstance(d.get("metadata"), dict):
            out.append(d)
    return out


def clip(s, limit):
    b = s.encode()
    if len(b) <= limit:
        return s
    cut = limit - 3
    while cut > 0 and (b[cut] & 0xC0) == 0x80:
        cut -= 1
    return b[:cut].decode() + "..."


def test_parity():
    files = sorted(glob.glob(os.path.join(ROOT, "tests", "rules", "kubernetes", "**", "*.yaml"),
                             recursive=True) +
                   glob.glob(os.path.join(ROOT, "tests", "golden", "kubernetes", "**", "*.yaml"),
                             recursive=True) +
                   glob.glob(os.path.join(ROOT, "examples", "**", "*.yaml"), recursive=True))
    s = Server("--pss", "restricted", "--warn-severity", "info", "--hardened", "critical",
               name="parity")
    compared = 0
    bad = []
    scratch = os.path.join(WORK, "parity")
    os.makedirs(scratch, exist_ok=True)
    try:
        for path in files:
            for i, obj in enumerate(objects_of(path)):
                # The API server always names the namespace: so does the object scanned.
                ns = obj["metadata"].get("namespace") or "default"
                obj["metadata"]["namespace"] = ns
                one = os.path.join(scratch, "object.json")
                with open(one, "w") as f:
                    json.dump(obj, f)
                p = subprocess.run([VAKT, "scan", "--no-config", "--pss", "restricted",
                                    "--format", "json", one], capture_output=True, text=True)
                if p.returncode not in (0, 1):
                    continue  # vakt scan could not read it (a fixture of a parse error)
                rep = json.loads(p.stdout)
                want = sorted(clip("%s [%s]" % (f["message"], f["rule_id"]), 512)
                              for f in rep.get("findings", [])
                              if not f.get("suppressed") and not f["rule_id"].startswith("KN"))
                r = s.review(review_of(obj, namespace=ns))
                got = []
                if not r["allowed"]:
                    got += r["status"]["message"].split("\n")[1:]
                got += r.get("warnings", [])
                got = sorted(clip(g, 512) for g in got)
                want_deny = any(w.endswith(("[PS%03d]" % k)) for w in want for k in range(1, 40)) \
                    or any(f["severity"] == "critical" and f["rule_id"].startswith("KS")
                           for f in rep.get("findings", []) if not f.get("suppressed"))
                name = "%s#%d" % (os.path.relpath(path, ROOT), i)
                if r["allowed"] == want_deny:
                    bad.append("%s: vakt scan %s, vakt serve allowed=%s" %
                               (name, "refuses" if want_deny else "allows", r["allowed"]))
                if len(got) >= 32 or len("\n".join(got)) > 3500:
                    # The response is capped: every finding served is one vakt scan reports.
                    extra = set(g for g in got if not g.startswith("... and")) - set(want)
                    if extra:
                        bad.append("%s: served findings vakt scan does not report: %s" %
                                   (name, sorted(extra)))
                elif got != want:
                    bad.append("%s:\n  only scan:  %s\n  only serve: %s" %
                               (name, sorted(set(want) - set(got)), sorted(set(got) - set(want))))
                compared += 1
    finally:
        s.stop()
    ok(compared > 100 and not bad,
       "vakt scan and vakt serve give the same verdict and messages for the %d objects of the "
       "Kubernetes fixtures" % compared, "\n".join(bad[:10]))


def test_bad_input():
    s = Server("--body-limit", "64K", "--timeout", "2", name="bad")
    try:
        def post(body, ctype="application/json"):
            return s.request("POST", "/validate", body, {"Content-Type": ctype})

        st, _, body = post(b"{not json")
        ok(st == 400 and "not JSON" in json.loads(body)["error"], "malformed JSON: 400 with why", body)
        st, _, body = post(json.dumps({"apiVersion": "v1", "kind": "Pod"}).encode())
        ok(st == 400 and "expected AdmissionReview" in json.loads(body)["error"],
           "a Pod instead of a review: 400", body)
        st, _, body = post(json.dumps({"apiVersion": "admission.k8s.io/v2",
                                       "kind": "AdmissionReview", "request": {}}).encode())
        ok(st == 400 and "apiVersion" in json.loads(body)["error"], "an unknown apiVersion: 400", body)
        st, _, body = post(json.dumps({"apiVersion": "admission.k8s.io/v1",
                                       "kind": "AdmissionReview"}).encode())
        ok(st == 400 and "no request" in json.loads(body)["error"], "no request: 400", body)
        doc = review_of(pod())
        doc["request"]["object"] = "a string"
        st, _, body = post(json.dumps(doc).encode())
        ok(st == 400 and "request.object" in json.loads(body)["error"],
           "an object of the wrong type: 400", body)
        doc = review_of(pod())
        doc["request"]["uid"] = 42
        st, _, body = post(json.dumps(doc).encode())
        ok(st == 400 and "uid" in json.loads(body)["error"], "a uid of the wrong type: 400", body)
        st, _, body = post(b"[" * 5000 + b"]" * 5000)
        ok(st == 400 and "nests deeper" in json.loads(body)["error"],
           "deep nesting: 400, without recursing", body)
        st, _, body = post(b'{"a": "' + b"x" * 100000 + b'"}')
        ok(st == 413, "a body over --body-limit: 413", (st, body[:200]))
        st, _, body = s.request("GET", "/validate")
        ok(st == 405, "GET /validate: 405", st)
        st, _, body = s.request("GET", "/nothing")
        ok(st == 404, "an unknown path: 404", st)
        st, _, body = s.request("DELETE", "/metrics")
        ok(st == 405, "DELETE /metrics: 405", st)
        # TLS garbage on a raw socket.
        with socket.create_connection(("127.0.0.1", s.port), timeout=5) as raw:
            raw.sendall(os.urandom(4096))
            try:
                raw.recv(100)
            except OSError:
                pass
        # Plain HTTP on the TLS port.
        with socket.create_connection(("127.0.0.1", s.port), timeout=5) as raw:
            raw.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
            try:
                raw.recv(100)
            except OSError:
                pass
        # A slow client: TLS done, half a request, then nothing.
        slow = s.ctx.wrap_socket(socket.create_connection(("127.0.0.1", s.port), timeout=10),
                                 server_hostname="127.0.0.1")
        slow.sendall(b"POST /validate HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n{")
        r = s.review(review_of(pod(sc=RESTRICTED_SC)))
        ok(r["allowed"] is True, "while a slow client holds a connection, others are served", r)
        t0 = time.time()
        try:
            closed = slow.recv(100) == b""
        except (OSError, ssl.SSLError):
            closed = True
        ok(closed and time.time() - t0 < 9, "the slow client is dropped after --timeout", time.time() - t0)
        slow.close()
        st, _, body = s.request("GET", "/healthz")
        ok(st == 200, "after all that the server still serves", st)
        st, _, body = s.request("GET", "/metrics")
        text = body.decode()
        ok('vakt_admission_errors_total{reason="bad_request"} 7' in text and
           'vakt_admission_errors_total{reason="too_large"} 1' in text,
           "errors are counted by reason", text[:1500])
    finally:
        rc = s.stop()
    ok(rc == 0, "and stops cleanly", rc)


def test_reload():
    make_cert("tls2", "second")
    make_cert("live", "first")
    s = Server(cert="live", name="reload")

    def served_cn():
        with socket.create_connection(("127.0.0.1", s.port), timeout=5) as raw:
            with s.ctx.wrap_socket(raw, server_hostname="127.0.0.1") as t:
                subj = dict(x[0] for x in t.getpeercert()["subject"])
                return subj.get("commonName")

    try:
        ok(served_cn() == "first", "the certificate given is served")
        # Replaced as the kubelet does: new files, renamed into place.
        for ext in ("crt", "key"):
            with open(os.path.join(WORK, "tls2." + ext), "rb") as f:
                data = f.read()
            tmp = os.path.join(WORK, "live." + ext + ".new")
            with open(tmp, "wb") as f:
                f.write(data)
            os.rename(tmp, os.path.join(WORK, "live." + ext))
        deadline = time.time() + 15
        while time.time() < deadline and served_cn() != "second":
            time.sleep(0.2)
        ok(served_cn() == "second", "a replaced certificate is served without a restart")
        with open(os.path.join(WORK, "live.crt"), "w") as f:
            f.write("-----BEGIN CERTIFICATE-----\nbroken\n-----END CERTIFICATE-----\n")
        deadline = time.time() + 15
        text = ""
        while time.time() < deadline and 'vakt_tls_reloads_total{result="error"} 1' not in text:
            time.sleep(0.2)
            text = s.request("GET", "/metrics")[2].decode()
        ok('vakt_tls_reloads_total{result="error"} 1' in text and
           'vakt_tls_reloads_total{result="ok"} 1' in text and served_cn() == "second",
           "a broken replacement is refused and the previous certificate stays", text[-600:])
    finally:
        s.stop()
    ok('"certificate reload failed' in s.logs(), "a failed reload is logged")


def test_drain():
    s = Server("--drain", "10", name="drain")
    body = json.dumps(review_of(pod(sc=RESTRICTED_SC))).encode()
    conn = s.ctx.wrap_socket(socket.create_connection(("127.0.0.1", s.port), timeout=20),
                             server_hostname="127.0.0.1")
    conn.sendall(b"POST /validate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                 b"Content-Length: %d\r\n\r\n" % len(body) + body[:100])
    time.sleep(0.3)
    s.proc.send_signal(signal.SIGTERM)
    time.sleep(0.5)
    ok(s.proc.poll() is None, "on SIGTERM the server waits for the request in flight")
    refused = False
    try:
        socket.create_connection(("127.0.0.1", s.port), timeout=2).close()
    except OSError:
        refused = True
    ok(refused, "and accepts no new connection")
    conn.sendall(body[100:])
    data = b""
    while b"\r\n\r\n" not in data or len(data.split(b"\r\n\r\n", 1)[1]) < 10:
        chunk = conn.recv(65536)
        if not chunk:
            break
        data += chunk
    conn.close()
    ok(data.startswith(b"HTTP/1.1 200") and b'"allowed":true' in data,
       "the request in flight is answered", data[:300])
    try:
        rc = s.proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        rc = None
    ok(rc == 0, "then the server exits 0", rc)
    s.log.close()
    ok('"msg":"stopped","unfinished":0' in s.logs(), "its log says nothing was left unfinished",
       s.logs()[-500:])


class FakeAPI(http.server.BaseHTTPRequestHandler):
    """The API server's namespace list and watch, as the test scripts them."""
    protocol_version = "HTTP/1.1"
    state = None

    def log_message(self, *a):
        pass

    def do_GET(self):
        st = FakeAPI.state
        st["auth"].append(self.headers.get("Authorization"))
        url = urllib.parse.urlsplit(self.path)
        parts = url.path.split("/")
        if len(parts) == 6 and parts[:4] == ["", "api", "v1", "namespaces"] and parts[5] == "pods":
            self.pod_list(st, parts[4], urllib.parse.parse_qs(url.query))
            return
        if not self.path.startswith("/api/v1/namespaces"):
            self.send_error(404)
            return
        if "watch=" not in self.path:
            st["lists"] += 1
            st["list_gate"].wait(30)
            body = json.dumps({"kind": "NamespaceList", "apiVersion": "v1",
                               "metadata": {"resourceVersion": "100"},
                               "items": st["items"]}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        while not st["stop"]:
            try:
                ev = st["events"].pop(0)
            except IndexError:
                time.sleep(0.05)
                continue
            line = json.dumps(ev).encode() + b"\n"
            self.wfile.write(b"%x\r\n%s\r\n" % (len(line), line))
            self.wfile.flush()
        self.wfile.write(b"0\r\n\r\n")

    def pod_list(self, st, ns, query):
        """A namespace's pods, paged as the API server pages them (limit, continue)."""
        st.setdefault("pod_requests", []).append((ns, query))
        if st.get("pods_status"):
            code, doc = st["pods_status"]
        else:
            pods = st.get("pods", {}).get(ns, [])
            limit = int(query.get("limit", ["0"])[0]) or len(pods)
            start = int(query.get("continue", ["c0"])[0][1:])
            page = pods[start:start + limit]
            meta = {"resourceVersion": "700"}
            if start + limit < len(pods):
                meta["continue"] = "c%d" % (start + limit)
                meta["remainingItemCount"] = len(pods) - start - limit
            code, doc = 200, {"kind": "PodList", "apiVersion": "v1", "metadata": meta,
                              "items": page}
        body = json.dumps(doc).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_DELETE(self):
        """vakt serve --remove-webhook: the answers st["deletes"] scripts, in order."""
        st = FakeAPI.state
        st["auth"].append(self.headers.get("Authorization"))
        st["paths"].append(self.path)
        status, doc = st["deletes"].pop(0) if st["deletes"] else (404, {})
        body = json.dumps(doc).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def status_doc(code, reason, message):
    return {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
            "message": message, "reason": reason,
            "details": {"name": "vakt", "group": "admissionregistration.k8s.io",
                        "kind": "validatingwebhookconfigurations"}, "code": code}


def test_remove_webhook():
    """vakt serve --remove-webhook NAME, as the chart's pre-delete hook runs it."""
    vwc_path = "/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations/vakt"
    token = os.path.join(WORK, "remove-token")
    with open(token, "w") as f:
        f.write("hook-token-7\n")

    def run(port, timeout=60):
        return subprocess.run([VAKT, "serve", "--remove-webhook", "vakt", "--kube-api",
                               "http://127.0.0.1:%d" % port, "--kube-token-file", token,
                               "--kube-ca", ""], capture_output=True, text=True,
                              timeout=timeout)

    def start(deletes, port=0):
        st = {"auth": [], "paths": [], "deletes": list(deletes)}
        FakeAPI.state = st
        httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), FakeAPI)
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        return st, httpd

    deleted = {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Success",
               "details": {"name": "vakt", "group": "admissionregistration.k8s.io",
                           "kind": "validatingwebhookconfigurations", "uid": "4e0b"}}
    st, httpd = start([(200, deleted)])
    try:
        r = run(httpd.server_address[1])
    finally:
        httpd.shutdown()
    ok(r.returncode == 0 and r.stdout == 'validatingwebhookconfiguration "vakt" deleted\n',
       "--remove-webhook: a 200 is a deletion, exit 0", (r.returncode, r.stdout, r.stderr))
    ok(st["paths"] == [vwc_path] and st["auth"] == ["Bearer hook-token-7"],
       "one DELETE of the webhook configuration's path, with the token file's token",
       (st["paths"], st["auth"]))

    st, httpd = start([(404, status_doc(404, "NotFound", 'validatingwebhookconfigurations.'
                                        'admissionregistration.k8s.io "vakt" not found'))])
    try:
        r = run(httpd.server_address[1])
    finally:
        httpd.shutdown()
    ok(r.returncode == 0 and "not found: nothing to delete" in r.stdout and len(st["paths"]) == 1,
       "--remove-webhook: a 404 (already gone) exits 0, without retrying", (r.returncode, r.stdout, r.stderr))

    forbidden = ('validatingwebhookconfigurations.admissionregistration.k8s.io "vakt" is forbidden: '
                 'User "system:serviceaccount:vakt-system:vakt-uninstall" cannot delete resource '
                 '"validatingwebhookconfigurations" in API group "admissionregistration.k8s.io" '
                 'at the cluster scope')
    st, httpd = start([(403, status_doc(403, "Forbidden", forbidden))])
    try:
        r = run(httpd.server_address[1])
    finally:
        httpd.shutdown()
    ok(r.returncode == 4 and len(st["paths"]) == 1 and
       "cannot delete validatingwebhookconfiguration 'vakt': HTTP 403: " in r.stderr and
       "is forbidden" in r.stderr,
       "--remove-webhook: a 403 exits 4 at once, quoting the API server", (r.returncode, r.stderr))

    st, httpd = start([(503, status_doc(503, "ServiceUnavailable", "the server is currently "
                                        "unable to handle the request")), (200, deleted)])
    try:
        r = run(httpd.server_address[1])
    finally:
        httpd.shutdown()
    ok(r.returncode == 0 and len(st["paths"]) == 2 and
       '"msg":"remove webhook: request failed"' in r.stderr and "HTTP 503" in r.stderr,
       "--remove-webhook: a 503 is retried (and logged), then the deletion", (r.returncode, r.stderr))

    # An API server that is not there yet: refused connections are retried.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    proc = subprocess.Popen([VAKT, "serve", "--remove-webhook", "vakt", "--kube-api",
                             "http://127.0.0.1:%d" % port, "--kube-token-file", token,
                             "--kube-ca", ""], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    time.sleep(1.2)
    st, httpd = start([(200, deleted)], port=port)
    try:
        out, errs = proc.communicate(timeout=40)
    finally:
        httpd.shutdown()
    ok(proc.returncode == 0 and "deleted" in out and "Couldn't connect" in errs,
       "--remove-webhook: connection failures are retried until the API server answers",
       (proc.returncode, out, errs))


def test_namespace_pods():
    """PSA's warnings about the existing pods of a namespace whose enforce label tightens."""
    def running(p):
        p["metadata"]["uid"] = "7c1d%08x" % (hash(p["metadata"]["name"]) & 0xffffffff)
        p["status"] = {"phase": "Running", "podIP": "10.244.1.7"}
        return p
    web = [running(pod("web-7f9c6d-%s" % x, ns="shop")) for x in ("x2k4p", "b8n1q")]
    priv = running(pod("metrics-0", ns="shop", sc={"privileged": True}))
    good = running(pod("api-0", ns="shop", sc=RESTRICTED_SC, pod_sc={"seccompProfile": {"type": "RuntimeDefault"}}))
    kata = running(pod("sandboxed", ns="shop", sc={"privileged": True}, runtime_class="kata"))
    many = [running(pod("batch-%04d" % i, ns="big")) for i in range(3100)]
    st = {"auth": [], "lists": 0, "list_gate": threading.Event(), "stop": False,
          "items": [namespace("shop", {}), namespace("big", {})], "events": [],
          "pods": {"shop": web + [priv, good, kata], "big": many}}
    st["list_gate"].set()
    FakeAPI.state = st
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), FakeAPI)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    s = Server("--kube-api", "http://127.0.0.1:%d" % httpd.server_address[1],
               "--kube-token-file", "", "--kube-ca", "", "--exempt-runtime-class", "kata",
               name="nspods")

    def relabel(name, old, new, **kw):
        return s.review(review_of(namespace(name, new), operation="UPDATE", namespace="",
                                  old=namespace(name, old), **kw))
    try:
        deadline = time.time() + 15
        while time.time() < deadline and s.request("GET", "/readyz")[0] != 200:
            time.sleep(0.1)
        r = relabel("shop", {}, {"pod-security.kubernetes.io/enforce": "restricted"})
        want = ['existing pods in namespace "shop" violate the new PodSecurity enforce level "restricted:latest"',
                "metrics-0: privileged, allowPrivilegeEscalation != false, unrestricted capabilities, "
                "runAsNonRoot != true, seccompProfile",
                "web-7f9c6d-b8n1q (and 1 other pod): allowPrivilegeEscalation != false, "
                "unrestricted capabilities, runAsNonRoot != true, seccompProfile"]
        ok(r["allowed"] is True and r.get("warnings") == want,
           "tightening a namespace to restricted: allowed, with PSA's warnings about its pods "
           "(grouped, sorted, the exempt runtime class left out)", r)
        ok(st["pod_requests"][-1] == ("shop", {"limit": ["500"]}), "the pods are listed by page",
           st["pod_requests"])
        n = len(st["pod_requests"])
        r = relabel("shop", {"pod-security.kubernetes.io/enforce": "restricted"},
                    {"pod-security.kubernetes.io/enforce": "baseline"})
        ok(r["allowed"] is True and not r.get("warnings") and len(st["pod_requests"]) == n,
           "relaxing it lists nothing and warns of nothing", r)
        r = relabel("shop", {"pod-security.kubernetes.io/enforce": "restricted"},
                    {"pod-security.kubernetes.io/enforce": "restricted", "team": "payments"})
        ok(r["allowed"] is True and not r.get("warnings") and len(st["pod_requests"]) == n,
           "another label changing lists nothing", r)
        r = relabel("shop", {}, {"pod-security.kubernetes.io/enforce": "baseline",
                                 "pod-security.kubernetes.io/enforce-version": "v1.25"})
        ok(r["allowed"] is True and r.get("warnings") == [
            'existing pods in namespace "shop" violate the new PodSecurity enforce level "baseline:v1.25"',
            "metrics-0: privileged"], "a version change at baseline: the baseline checks only", r)
        r = relabel("big", {}, {"pod-security.kubernetes.io/enforce": "restricted"})
        w = r.get("warnings") or []
        pages = [q for ns, q in st["pod_requests"] if ns == "big"]
        ok(r["allowed"] is True and len(w) == 3 and
           w[0] == "new PodSecurity enforce level only checked against the first 3000 of 3100 existing pods" and
           w[2].startswith("batch-0000 (and 2999 other pods): allowPrivilegeEscalation != false"),
           "3,100 pods: 3,000 checked (PSA's ceiling), counted under the first name", w)
        ok(len(pages) == 6 and pages[1] == {"limit": ["500"], "continue": ["c500"]},
           "six pages of 500, each from the previous one's continue token", pages)
        st["pods_status"] = (403, status_doc(403, "Forbidden", 'pods is forbidden: User '
                                             '"system:serviceaccount:vakt-system:vakt-webhook" '
                                             'cannot list resource "pods"'))
        r = relabel("shop", {}, {"pod-security.kubernetes.io/enforce": "restricted"})
        ok(r["allowed"] is True and r.get("warnings") ==
           ["failed to list pods while checking new PodSecurity enforce level"],
           "pods that cannot be listed: allowed, with PSA's warning", r)
        ok('"msg":"namespace pods: cannot list them"' in s.logs() and "HTTP 403: pods is forbidden" in s.logs(),
           "and the reason is logged", s.logs()[-1500:])
    finally:
        st["stop"] = True
        s.stop()
        httpd.shutdown()


def test_watch():
    try:
        probe = subprocess.run([VAKT, "serve", "--help"], capture_output=True, text=True)
        if "--kube-api" not in probe.stdout:
            skip("the namespace watch", "this vakt has no --kube-api")
            return
    except OSError as e:
        skip("the namespace watch", str(e))
        return
    st = {"auth": [], "lists": 0, "list_gate": threading.Event(), "stop": False,
          "items": [namespace("team-a", {"pod-security.kubernetes.io/enforce": "restricted"}),
                    namespace("team-b", {})],
          "events": []}
    FakeAPI.state = st
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), FakeAPI)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    token = os.path.join(WORK, "token")
    with open(token, "w") as f:
        f.write("secret-token-1\n")
    s = Server("--kube-api", "http://127.0.0.1:%d" % httpd.server_address[1],
               "--kube-token-file", token, "--kube-ca", "", name="watch")
    try:
        time.sleep(0.5)
        code = s.request("GET", "/readyz")[0]
        ok(code == 503, "not ready before the Namespaces are listed", code)
        st["list_gate"].set()
        deadline = time.time() + 15
        while time.time() < deadline and s.request("GET", "/readyz")[0] != 200:
            time.sleep(0.1)
        ok(s.request("GET", "/readyz")[0] == 200, "ready once they are")
        ok("Bearer secret-token-1" in st["auth"], "the token file's token is sent", st["auth"])
        r = s.review(review_of(pod(ns="team-a", sc={"runAsNonRoot": True}), namespace="team-a"))
        ok(r["allowed"] is False and r["auditAnnotations"]["pss"] == "restricted:latest",
           "a pod in a namespace labelled restricted (listed) is judged at restricted", r)
        r = s.review(review_of(pod(ns="team-b", sc={"runAsNonRoot": True}), namespace="team-b"))
        ok(r["allowed"] is True and r["auditAnnotations"]["pss"] == "baseline:latest",
           "an unlabelled namespace gets the default level", r)
        st["events"].append({"type": "MODIFIED", "object": namespace(
            "team-b", {"pod-security.kubernetes.io/enforce": "restricted",
                       "pod-security.kubernetes.io/enforce-version": "v1.29"})})
        deadline = time.time() + 10
        while time.time() < deadline:
            r = s.review(review_of(pod(ns="team-b", sc={"runAsNonRoot": True}), namespace="team-b"))
            if r["auditAnnotations"]["pss"] != "baseline:latest":
                break
            time.sleep(0.1)
        ok(r["allowed"] is False and r["auditAnnotations"]["pss"] == "restricted:v1.29",
           "a label changed in a watch event applies to the next request", r)
        st["events"].append({"type": "DELETED", "object": namespace(
            "team-a", {"pod-security.kubernetes.io/enforce": "restricted"})})
        deadline = time.time() + 10
        while time.time() < deadline:
            r = s.review(review_of(pod(ns="team-a", sc={"runAsNonRoot": True}), namespace="team-a"))
            if r["allowed"]:
                break
            time.sleep(0.1)
        ok(r["allowed"] is True, "a deleted namespace is forgotten", r)
        text = s.request("GET", "/metrics")[2].decode()
        ok("vakt_namespace_watch_synced 1" in text and "vakt_namespaces_known 1" in text,
           "/metrics shows the watch synced and the namespaces known", text[-800:])
    finally:
        st["stop"] = True
        rc = s.stop()
        httpd.shutdown()
    ok(rc == 0, "the server with a watch stops cleanly on SIGTERM", rc)


def main():
    if not os.path.exists(VAKT):
        print("1..0 # SKIP no vakt binary at " + VAKT)
        return 0
    try:
        make_ca()
        make_cert("tls", "localhost")
    except (OSError, subprocess.CalledProcessError) as e:
        print("1..0 # SKIP openssl cannot make a test CA: %s" % e)
        return 0
    for t in (test_basics, test_modes, test_bad_input, test_reload, test_drain, test_watch,
              test_remove_webhook, test_namespace_pods,
              test_conformance, test_parity):
        try:
            t()
        except Exception as e:  # a broken step fails its group, the others still run
            ok(False, "%s ran to the end" % t.__name__, repr(e))
    print("1..%d" % n)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
