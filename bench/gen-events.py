#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""A deterministic recording in vakt's event format for bench/watch-replay.sh:
N events of a busy host (processes opening, reading and closing files,
connecting, starting programs), in the mix a build or web server makes,
with a few events that match rules. Usage: gen-events.py N OUT"""
import json
import random
import sys

n, out = int(sys.argv[1]), sys.argv[2]
rnd = random.Random(11)
T0 = 1700000000000000000
procs = []
with open(out, "w") as f:
    w = f.write
    w(json.dumps({"format": "vakt-events", "version": 1, "host": "bench",
                  "start_ns": T0, "boot_ns": T0 - 10**13, "clock": "realtime"}) + "\n")
    w(json.dumps({"proc": {"tid": 1, "pid": 1, "ptid": 0, "sid": 1, "comm": "systemd",
                           "exe": "/sbin/init", "exepath": "/usr/lib/systemd/systemd",
                           "args": "", "nargs": 0, "cwd": "/", "uid": 0, "gid": 0,
                           "mntns": 4026531841}}) + "\n")
    names = ["nginx", "python3", "make", "cc1", "bash", "node", "java", "sshd", "postgres", "redis-server"]
    for i in range(200):
        tid = 1000 + i
        comm = names[i % len(names)]
        cg = ["memory=/docker/%064x" % (i // 20)] if i % 3 else ["memory=/system.slice/x.service"]
        procs.append(tid)
        w(json.dumps({"proc": {"tid": tid, "pid": tid, "ptid": 1 if i < 10 else 1000 + i % 10,
                               "sid": tid, "comm": comm, "exe": comm, "exepath": "/usr/bin/" + comm,
                               "args": "--serve /srv/app", "nargs": 2, "cwd": "/srv/app/",
                               "cgroups": cg, "uid": 1000 if i % 4 else 0, "gid": 1000,
                               "mntns": 4026531841,
                               "fds": [{"fd": 0, "type": "file", "name": "/dev/null", "flags": 2}]}}) + "\n")
    paths = ["/srv/app/index.html", "/usr/lib/x86_64-linux-gnu/libc.so.6", "/etc/ld.so.cache",
             "/proc/self/status", "/tmp/build/obj%d.o", "/var/log/app.log", "/etc/hosts",
             "/srv/app/static/%d.css", "/etc/passwd", "/home/user/.cache/x%d"]
    ts = T0
    fdn = {}
    for k in range(n):
        ts += 1000
        tid = procs[rnd.randrange(len(procs))]
        r = rnd.random()
        if r < 0.40:
            fd = fdn.get(tid, 3)
            fdn[tid] = fd + 1 if fd < 60 else 3
            p = paths[rnd.randrange(len(paths))]
            if "%d" in p:
                p = p % rnd.randrange(1000)
            flags = 0 if rnd.random() < 0.8 else 577
            if k % 50000 == 7:
                p = "/etc/shadow"
            ev = {"ts": ts, "type": "openat", "cpu": k & 1, "tid": tid, "pid": tid, "res": fd,
                  "args": [{"name": "fd", "int": fd, "flags": "fd"},
                           {"name": "dirfd", "int": -100, "flags": "fd"},
                           {"name": "name", "str": p},
                           {"name": "flags", "uint": flags, "flags": "open"},
                           {"name": "mode", "uint": 0, "flags": "mode"}]}
        elif r < 0.78:
            ev = {"ts": ts, "type": "close", "cpu": k & 1, "tid": tid, "pid": tid, "res": 0,
                  "args": [{"name": "res", "int": 0, "flags": "errno"},
                           {"name": "fd", "int": rnd.randrange(3, 60), "flags": "fd"}]}
        elif r < 0.88:
            fd = 70
            ev = {"ts": ts, "type": "connect", "cpu": k & 1, "tid": tid, "pid": tid, "res": 0,
                  "args": [{"name": "res", "int": 0, "flags": "errno"},
                           {"name": "tuple", "tuple": {"local": {"family": "inet", "addr": "10.0.0.5", "port": 40000 + k % 20000},
                                                       "peer": {"family": "inet", "addr": "10.0.%d.%d" % (k % 7, k % 200), "port": 443 if k % 3 else 5432},
                                                       "l4proto": 6}},
                           {"name": "fd", "int": fd, "flags": "fd"}]}
        elif r < 0.96:
            ev = {"ts": ts, "type": "socket", "cpu": k & 1, "tid": tid, "pid": tid, "res": 70,
                  "args": [{"name": "fd", "int": 70, "flags": "fd"},
                           {"name": "domain", "uint": 2, "flags": "sockdomain"},
                           {"name": "type", "uint": 1, "flags": "socktype"},
                           {"name": "proto", "uint": 0}]}
        else:
            comm = ["cc1", "as", "ld", "sh", "git", "cat", "sed"][k % 7]
            ev = {"ts": ts, "type": "execve", "cpu": k & 1, "tid": tid, "pid": tid, "res": 0,
                  "args": [{"name": "res", "int": 0, "flags": "errno"},
                           {"name": "exe", "str": comm},
                           {"name": "args", "list": ["-o", "/tmp/build/x.o", "x.c"]},
                           {"name": "tid", "int": tid}, {"name": "pid", "int": tid},
                           {"name": "cwd", "str": "/srv/app"}, {"name": "comm", "str": comm},
                           {"name": "filename", "str": "/usr/bin/" + comm},
                           {"name": "tty", "uint": 0}, {"name": "uid", "uint": 1000},
                           {"name": "loginuid", "int": -1}]}
        w(json.dumps(ev, separators=(",", ":")) + "\n")
    w(json.dumps({"end": {"events": n, "drops": 0}}) + "\n")
