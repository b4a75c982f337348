#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Whether a file vakt fix changed equals the original as data, but for the
changes its fixes may make (used by tests/extra/fix-compose.sh).

    yaml-fixdiff.py ORIGINAL FIXED --new K,K,... --set K,K,... --append K,K,...

--new: keys that may be added; --set: scalars that may change; --append:
lists that may grow at their end (a scalar there may become a list that
starts with it, as `tmpfs: /run` becomes `[/run, /tmp]`; an item starting
with `no-new-privileges` may change). Key order must be kept. Exit 0 when
equal so, 1 with the first difference on stdout, 2 when ORIGINAL does not
parse (nothing to compare).
"""
import argparse
import sys

import yaml

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("orig")
    ap.add_argument("fixed")
    ap.add_argument("--new", default="")
    ap.add_argument("--set", default="")
    ap.add_argument("--append", default="")
    a = ap.parse_args()
    new, sets, app = (set(filter(None, x.split(","))) for x in (a.new, a.set, a.append))

    def load(p):
        with open(p, encoding="utf-8-sig", errors="replace") as f:
            return list(yaml.load_all(f, Loader=Loader))

    def cmp(x, y, path):
        last = path[-1] if path else ""
        where = "/".join(path)
        if isinstance(x, dict):
            if not isinstance(y, dict):
                return "%s: a mapping became %s" % (where, type(y).__name__)
            if [k for k in y if k in x] != [k for k in x if k in y]:
                return "%s: key order changed" % where
            for k in x:
                if k not in y:
                    return "%s: key %r lost" % (where, k)
                why = cmp(x[k], y[k], path + [str(k)])
                if why:
                    return why
            for k in y:
                if k not in x and k not in new:
                    return "%s: key %r added" % (where, k)
            return None
        if isinstance(x, list):
            if not isinstance(y, list):
                return "%s: a list became %s" % (where, type(y).__name__)
            if len(y) < len(x) or (len(y) > len(x) and last not in app):
                return "%s: %d items became %d" % (where, len(x), len(y))
            for i, item in enumerate(x):
                if last in app and isinstance(item, str) and \
                        item.startswith("no-new-privileges"):
                    continue
                why = cmp(item, y[i], path + [str(i)])
                if why:
                    return why
            return None
        if last in app and isinstance(y, list) and y and y[0] == x:
            return None  # a scalar became a list starting with it
        if x is None and y is not None and last in new:
            return None
        if x != y or type(x) is not type(y):
            if last in sets and not isinstance(y, (dict, list)):
                return None
            return "%s: %r became %r" % (where, x, y)
        return None

    try:
        a_docs = load(a.orig)
    except yaml.YAMLError:
        return 2
    try:
        b_docs = load(a.fixed)
    except yaml.YAMLError as e:
        print("the fixed file does not parse: %s" % e)
        return 1
    if len(a_docs) != len(b_docs):
        print("%d documents became %d" % (len(a_docs), len(b_docs)))
        return 1
    for i, (x, y) in enumerate(zip(a_docs, b_docs)):
        why = cmp(x, y, ["doc%d" % i])
        if why:
            print(why)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
