#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Live scenarios of `vakt watch`: each scenario file performs real actions
on this machine while vakt watches with the eBPF probe, and names the alerts
those actions must raise (and those they must not). TAP output.

    tests/runtime/live.py [SCENARIO.yaml...]     (VAKT, SHARED from the environment)

A scenario (tests/runtime/scenarios/*.yaml):

    name: a shell reads /etc/shadow
    rules: falco          # falco (the conformance copy of Falco's default
                          # rules), vakt (rules/vakt_rules.yaml) or a path
    container: false      # true: the steps run in new pid, mount, uts and
                          # ipc namespaces and a hand-made docker-style
                          # cgroup, as a container would (podman and crun
                          # cannot start containers on these machines)
    setup: [...]          # shell commands run first, on the host, unwatched
    steps: [...]          # shell commands run while vakt watches
    expect:               # each must match one alert: rule, priority, and
      - rule: Read sensitive file untrusted   # every field given (a value
        priority: Warning                     # starting with ~ is a
        fields: {fd.name: /etc/shadow}        # substring of the field)
    quiet: true           # no alert may name $WORK (every step's command
                          # line does)
    absent: [Rule name]   # no alert of these rules may carry the fields of
                          # the first expect (or of `match` when given)
    match: {proc.cwd: ...}

$WORK names a scratch directory made for the scenario (the steps run in it),
$CID the container id (64 hex) of a container scenario; both are expanded
in the steps and in the expected field values. Two runs of the suite at once
(make check's two halves) would see each other's actions: tests/extra's
wrapper runs them one after the other, and a scenario that expects no alert
matches on its own $WORK. Needs root and BPF: otherwise every
scenario is skipped with the reason `vakt watch --check` gives.
"""
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
VAKT = os.environ.get("VAKT", os.path.join(ROOT, "build", "vakt"))
SHARED = os.environ.get("SHARED", os.path.join(ROOT, "..", "shared"))
RULES = {
    "falco": os.path.join(SHARED, "conformance", "falco", "falco_rules.yaml"),
    "vakt": os.path.join(ROOT, "rules", "vakt_rules.yaml"),
}
READY_TIMEOUT = 30.0
# --record-to DIR: keep each passing scenario's own events as a replay case.
RECORD_TO = None
SETTLE = 0.5


def preflight():
    """None when live scenarios can run here, else the reason they cannot."""
    if os.geteuid() != 0:
        return "not root: live scenarios load the eBPF probe"
    r = subprocess.run([VAKT, "watch", "--check"], capture_output=True, text=True)
    if r.returncode != 0:
        lines = [l for l in (r.stdout + r.stderr).splitlines() if "missing" in l or "error" in l]
        return "vakt watch --check failed: " + ("; ".join(lines) or "exit %d" % r.returncode)
    return None


class Container:
    """Namespaces plus docker-style v1 and v2 cgroups for one scenario."""

    def __init__(self):
        self.cid = secrets.token_hex(32)
        mem = ""
        with open("/proc/self/cgroup") as f:
            for line in f:
                parts = line.rstrip("\n").split(":", 2)
                if len(parts) == 3 and "memory" in parts[1].split(","):
                    mem = parts[2].rstrip("/")
        self.dirs = []
        v1 = "/sys/fs/cgroup/memory%s/docker/%s" % (mem, self.cid)
        v2root = "/sys/fs/cgroup/unified"
        if os.path.isdir("/sys/fs/cgroup/memory"):
            self.dirs.append(v1)
        if os.path.isfile(os.path.join(v2root, "cgroup.procs")):
            self.dirs.append("%s/vakt-test.slice/docker-%s.scope" % (v2root, self.cid))
        elif os.path.isfile("/sys/fs/cgroup/cgroup.procs"):
            self.dirs.append("/sys/fs/cgroup/vakt-test.slice/docker-%s.scope" % self.cid)
        for d in self.dirs:
            os.makedirs(d, exist_ok=True)

    def wrap(self, cmd):
        joins = " && ".join('echo $$ > "%s/cgroup.procs"' % d for d in self.dirs)
        inner = "%s && exec sh -c %s" % (joins or "true", shlex_quote(cmd))
        return ["unshare", "--fork", "--pid", "--mount-proc", "--uts", "--ipc", "--mount",
                "sh", "-c", inner]

    def remove(self):
        for d in reversed(self.dirs):
            for _ in range(50):
                try:
                    os.rmdir(d)
                    break
                except OSError:
                    time.sleep(0.1)
        for d in self.dirs:
            parent = os.path.dirname(d)
            if parent.endswith("vakt-test.slice") or parent.endswith("/docker"):
                try:
                    os.rmdir(parent)
                except OSError:
                    pass


def shlex_quote(s):
    return "'" + s.replace("'", "'\\''") + "'"


def field_ok(want, got):
    if got is None:
        return want is None
    got = str(got).lower() if isinstance(got, bool) else str(got)
    want = str(want).lower() if isinstance(want, bool) else str(want)
    if want.startswith("~"):
        return want[1:] in got
    return want == got


def alert_matches(alert, rule, priority, fields):
    if rule is not None and alert.get("rule") != rule:
        return False
    if priority is not None and alert.get("priority", "").lower() != str(priority).lower():
        return False
    of = alert.get("output_fields", {})
    return all(field_ok(v, of.get(k)) for k, v in (fields or {}).items())


def run_scenario(path, n):
    with open(path) as f:
        sc = yaml.safe_load(f)
    name = "%s: %s" % (os.path.basename(path), sc.get("name", ""))
    rules = RULES.get(sc.get("rules", "vakt"), sc.get("rules"))
    if not os.path.isabs(rules) and not os.path.exists(rules):
        rules = os.path.join(os.path.dirname(path), rules)
    work = tempfile.mkdtemp(prefix="vakt-live-")
    out = os.path.join(work, "alerts.json")
    ctr = Container() if sc.get("container") else None
    env = dict(os.environ, WORK=work, CID=ctr.cid if ctr else "")
    watch = None
    try:
        for cmd in sc.get("setup", []):
            subprocess.run(["sh", "-c", cmd], env=env, check=True, capture_output=True)
        argv = [VAKT, "watch", "--rules", rules, "--format", "json", "-o", out, "--duration", "120"]
        rec = os.path.join(work, "events.jsonl") if RECORD_TO else None
        if rec:
            argv += ["--record", rec]
        watch = subprocess.Popen(argv,
                                 stderr=subprocess.PIPE, text=True, env=env)
        deadline = time.time() + READY_TIMEOUT
        ready, log = False, []
        while time.time() < deadline:
            line = watch.stderr.readline()
            if not line:
                break
            log.append(line)
            if "watching" in line:
                ready = True
                break
        if not ready:
            watch.kill()
            print("not ok %d - %s # vakt watch did not start: %s" % (n, name, "".join(log)[-400:]))
            return False
        for cmd in sc.get("steps", []):
            argv = ctr.wrap(cmd) if ctr else ["sh", "-c", cmd]
            try:
                subprocess.run(argv, env=env, cwd=work, capture_output=True, timeout=60)
            except subprocess.TimeoutExpired:
                # A step that hangs fails its scenario; the others still run.
                watch.kill()
                watch.wait()
                print("not ok %d - %s # step did not finish within 60 s: %s" % (n, name, cmd))
                return False
        time.sleep(SETTLE)
        watch.send_signal(signal.SIGINT)
        try:
            watch.wait(timeout=30)
        except subprocess.TimeoutExpired:
            watch.kill()
            print("not ok %d - %s # vakt watch did not stop on SIGINT" % (n, name))
            return False
        alerts = []
        if os.path.exists(out):
            with open(out) as f:
                for line in f:
                    if line.strip():
                        alerts.append(json.loads(line))
        problems = []

        def expand(fields):
            # $WORK and $CID name this run's own scratch directory and container.
            return {k: (v.replace("$WORK", work).replace("$CID", env["CID"])
                        if isinstance(v, str) else v) for k, v in (fields or {}).items()}

        for e in sc.get("expect", []):
            fields = expand(e.get("fields"))
            if not any(alert_matches(a, e.get("rule"), e.get("priority"), fields) for a in alerts):
                problems.append("no alert '%s' (%s) with %s" % (e.get("rule"), e.get("priority"),
                                                                 fields))
        match = expand(sc.get("match") or (sc.get("expect") or [{}])[0].get("fields"))
        for r in sc.get("absent", []):
            hits = [a for a in alerts if alert_matches(a, r, None, match)]
            if hits:
                problems.append("unexpected alert '%s': %s" % (r, hits[0].get("output")))
        if sc.get("quiet"):
            # Every step names $WORK on its command line: no alert may.
            for a in alerts:
                if work in a.get("output", ""):
                    problems.append("unexpected alert '%s': %s" % (a.get("rule"), a.get("output")))
        if problems:
            print("not ok %d - %s" % (n, name))
            for p in problems:
                print("# " + p)
            rel = [a.get("rule") + ": " + a.get("output", "") for a in alerts][:20]
            for a in rel:
                print("#   got " + a)
            return False
        if rec:
            save_replay(path, sc, rec, work)
        print("ok %d - %s" % (n, name))
        return True
    finally:
        if watch and watch.poll() is None:
            watch.kill()
        if ctr:
            ctr.remove()
        shutil.rmtree(work, ignore_errors=True)


def save_replay(path, sc, rec, work):
    """Keep the scenario's own events (the steps' process trees) as a replay case:
    RECORD_TO/<scenario>/{events.jsonl, rules, cmd}; tests/runtime/replay.sh
    writes the expected alerts."""
    me = os.getpid()
    parent, procs, other, events = {}, {}, [], []
    with open(rec) as f:
        header = f.readline()
        for line in f:
            o = json.loads(line)
            if "proc" in o:
                procs[o["proc"]["tid"]] = line
                parent[o["proc"]["tid"]] = o["proc"].get("ptid", 0)
            elif "end" in o:
                continue
            elif "type" in o:
                events.append((o, line))
            else:
                other.append(line)
    # Threads born during the watch: clone/fork events name the child's parent.
    for o, _ in events:
        if o["type"] in ("clone", "clone3", "fork", "vfork") and o.get("res") == 0:
            for a in o.get("args", []):
                if a.get("name") == "ptid":
                    parent.setdefault(o["tid"], a.get("int"))

    def mine(tid):
        for _ in range(64):
            if tid == me:
                return True
            tid = parent.get(tid)
            if not tid:
                return False
        return False

    kept = [line for o, line in events if mine(o["tid"]) and o["tid"] != me]
    ancestors = set()
    t = me
    while t and t in procs and t not in ancestors:
        ancestors.add(t)
        t = parent.get(t)
    name = os.path.splitext(os.path.basename(path))[0]
    out = os.path.join(RECORD_TO, name)
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "events.jsonl"), "w") as f:
        f.write(header)
        for t in sorted(ancestors):
            f.write(procs[t])
        for line in other:
            f.write(line)
        for line in kept:
            f.write(line)
        f.write(json.dumps({"end": {"events": len(kept), "drops": 0}}) + "\n")
    rules = sc.get("rules", "vakt")
    if rules not in RULES:
        # A scenario's own rules file travels with its replay case.
        src = rules if os.path.isabs(rules) else os.path.join(os.path.dirname(path), rules)
        shutil.copyfile(src, os.path.join(out, os.path.basename(rules)))
        rules = os.path.basename(rules)
    with open(os.path.join(out, "rules"), "w") as f:
        f.write(rules + "\n")


def main():
    global RECORD_TO
    args = sys.argv[1:]
    if args[:1] == ["--record-to"]:
        RECORD_TO = os.path.abspath(args[1])
        args = args[2:]
    sys.argv[1:] = args
    paths = sys.argv[1:] or sorted(
        os.path.join(HERE, "scenarios", p) for p in os.listdir(os.path.join(HERE, "scenarios"))
        if p.endswith(".yaml"))
    print("1..%d" % len(paths))
    why = preflight()
    failed = 0
    for i, p in enumerate(paths, 1):
        if why:
            print("ok %d - %s # SKIP %s" % (i, os.path.basename(p), why))
            continue
        if not run_scenario(p, i):
            failed += 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
