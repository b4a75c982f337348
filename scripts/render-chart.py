#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Render vakt's Helm chart without Helm (Helm is not packaged in Debian).

    scripts/render-chart.py [-f VALUES.yaml]... [--set KEY=VALUE]...
        [--name RELEASE] [--namespace NS] [-o FILE] CHART_DIR
    scripts/render-chart.py --notes ... CHART_DIR    (render NOTES.txt instead)
    scripts/render-chart.py --no-hooks ... CHART_DIR (leave out Helm hooks)
    scripts/render-chart.py --manifests [-o FILE]      (deploy/manifests/vakt.yaml)

The output is what `helm template RELEASE CHART_DIR -n NS` prints for this
chart: every template under templates/ (files starting with '_' only define
named templates), split into YAML documents, each headed by
'# Source: CHART/templates/FILE', in Helm's install order of kinds (kinds
Helm does not know come last, by name), empty documents left out; Helm
hooks (objects annotated helm.sh/hook) after the rest, as helm template
prints them. The plain manifests (--manifests) have no hooks: kubectl would
apply them as ordinary objects, and a pre-delete Job would run at install.

Only the subset of Go's text/template and of Helm's functions that the chart
uses is implemented, and anything else is an error naming the file and line:
  - actions {{ }}, trim markers {{- and -}}, comments {{/* */}};
  - if / else if / else / end, range (lists; maps in key order; one or two
    variables; else), with (else), define and end in any template file;
  - pipelines with |, parentheses, variables ($, $x, $x := ..., $x = ...),
    fields (.a.b, $x.a), strings ("..." and `...`), integers, true, false;
  - functions: and or not eq ne empty default quote toYaml indent nindent
    include trimSuffix trunc printf (%s %d %v) sha256sum required fail.
Missing map keys give nil, as in Go; a field of nil, printing nil, a list or
a map, and comparing values of different types are errors (Helm would print
an empty string for nil: the chart never relies on that). Numbers read from
values files are floating point, as Helm reads them (through JSON): they
print as Go prints a float64 (8080, 1.2345678e+07), toYaml writes whole ones
as integers, and comparing one with an integer literal is an error, as in
Helm. Numbers given with --set stay integers, as Helm's --set keeps them.
"""

import argparse
import decimal
import hashlib
import json
import os
import re
import sys

import yaml


class TemplateError(Exception):
    pass


# --- lexing --------------------------------------------------------------

SPACE = " \t\r\n"


def lex(text, name):
    """Split a template into ('text', str, line) and ('action', str, line) items."""
    items = []
    pos = 0
    trim_next = False
    while True:
        start = text.find("{{", pos)
        chunk = text[pos:] if start < 0 else text[pos:start]
        if trim_next:
            chunk = chunk.lstrip(SPACE)
        line = text.count("\n", 0, start if start >= 0 else len(text)) + 1
        if start < 0:
            if chunk:
                items.append(("text", chunk, line))
            return items
        inner_start = start + 2
        if text.startswith("-", inner_start) and text[inner_start + 1:inner_start + 2] in (" ", "\t", "\r", "\n"):
            chunk = chunk.rstrip(SPACE)
            inner_start += 2
        if chunk:
            items.append(("text", chunk, line))
        body_start = inner_start
        while body_start < len(text) and text[body_start] in SPACE:
            body_start += 1
        if text.startswith("/*", body_start):
            close = text.find("*/", body_start)
            if close < 0:
                raise TemplateError(f"{name}:{line}: unclosed comment")
            end = close + 2
            m = re.match(r"(?:[ \t\r\n]+(-))?}}", text[end:])
            if not m:
                raise TemplateError(f"{name}:{line}: a comment must end with '*/}}}}' or '*/ -}}}}'")
            trim_next = bool(m.group(1))
            pos = end + m.end()
            continue
        # Find the closing }} outside string literals.
        i = inner_start
        while True:
            if i >= len(text):
                raise TemplateError(f"{name}:{line}: unclosed action")
            c = text[i]
            if c == '"':
                i += 1
                while i < len(text) and text[i] != '"':
                    if text[i] == "\\":
                        i += 1
                    if text[i] == "\n":
                        raise TemplateError(f"{name}:{line}: newline in a string")
                    i += 1
                i += 1
                continue
            if c == "`":
                j = text.find("`", i + 1)
                if j < 0:
                    raise TemplateError(f"{name}:{line}: unclosed raw string")
                i = j + 1
                continue
            if text.startswith("}}", i):
                break
            i += 1
        body = text[inner_start:i]
        trim_next = False
        if len(body) >= 2 and body[-1] == "-" and body[-2] in SPACE:
            body = body[:-1]
            trim_next = True
        items.append(("action", body.strip(SPACE), line))
        pos = i + 2


TOKEN_RE = re.compile(r"""
    (?P<ws>[ \t\r\n]+)
  | (?P<str>"(?:[^"\\\n]|\\.)*")
  | (?P<raw>`[^`]*`)
  | (?P<num>-?[0-9]+(?![0-9A-Za-z_.]))
  | (?P<decl>:=)
  | (?P<assign>=)
  | (?P<pipe>\|)
  | (?P<lp>\()
  | (?P<rp>\))
  | (?P<comma>,)
  | (?P<var>\$[A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)
  | (?P<field>(?:\.[A-Za-z_][A-Za-z0-9_]*)+|\.)
  | (?P<ident>[A-Za-z_][A-Za-z0-9_]*)
""", re.X)


def tokenize(body, where):
    toks = []
    pos = 0
    while pos < len(body):
        m = TOKEN_RE.match(body, pos)
        if not m:
            raise TemplateError(f"{where}: unsupported syntax at {body[pos:pos + 20]!r}")
        pos = m.end()
        kind = m.lastgroup
        if kind == "ws":
            continue
        toks.append((kind, m.group(kind)))
    return toks


# --- parsing -------------------------------------------------------------
# A pipeline is {'decl': [names], 'assign': bool, 'cmds': [[operand...]]}.
# An operand is ('field', [names]), ('var', name, [names]), ('lit', value),
# ('ident', name) or ('sub', pipeline).

class TokStream:
    def __init__(self, toks, where):
        self.toks, self.i, self.where = toks, 0, where

    def peek(self):
        return self.toks[self.i] if self.i < len(self.toks) else (None, None)

    def next(self):
        t = self.peek()
        self.i += 1
        return t

    def error(self, msg):
        raise TemplateError(f"{self.where}: {msg}")


def parse_string(kind, text):
    if kind == "raw":
        return text[1:-1]
    return json.loads(text)


def parse_pipeline(ts, in_paren=False):
    pipe = {"decl": [], "assign": False, "cmds": []}
    # Declarations: $x := ... or $k, $v := ... or $x = ...
    save = ts.i
    names = []
    while ts.peek()[0] == "var" and "." not in ts.peek()[1]:
        names.append(ts.next()[1])
        if ts.peek()[0] == "comma":
            ts.next()
            continue
        break
    if names and ts.peek()[0] in ("decl", "assign"):
        pipe["assign"] = ts.next()[0] == "assign"
        pipe["decl"] = names
    else:
        ts.i = save
    cmd = []
    while True:
        kind, text = ts.peek()
        if kind is None or (kind == "rp" and in_paren):
            break
        ts.next()
        if kind == "pipe":
            if not cmd:
                ts.error("empty command before '|'")
            pipe["cmds"].append(cmd)
            cmd = []
        elif kind == "field":
            cmd.append(("field", [] if text == "." else text[1:].split(".")))
        elif kind == "var":
            parts = text.split(".")
            cmd.append(("var", parts[0], parts[1:]))
        elif kind in ("str", "raw"):
            cmd.append(("lit", parse_string(kind, text)))
        elif kind == "num":
            cmd.append(("lit", int(text)))
        elif kind == "ident":
            if text in ("true", "false"):
                cmd.append(("lit", text == "true"))
            elif text in FUNCS:
                cmd.append(("ident", text))
            else:
                ts.error(f"function '{text}' is not in the renderer's subset")
        elif kind == "lp":
            sub = parse_pipeline(ts, in_paren=True)
            if ts.next()[0] != "rp":
                ts.error("missing ')'")
            if ts.peek()[0] == "field" and ts.peek()[1] != ".":
                ts.error("a field after a parenthesised pipeline is not in the subset")
            cmd.append(("sub", sub))
        else:
            ts.error(f"unexpected '{text}'")
    if not cmd:
        ts.error("empty pipeline" if not pipe["cmds"] else "empty command after '|'")
    pipe["cmds"].append(cmd)
    return pipe


def parse(text, name):
    """Parse a template: (top-level node list, {define name: node list})."""
    items = lex(text, name)
    defines = {}
    root = []
    # Stack of (kind, node, list being filled).
    stack = [("root", None, root, name)]
    for kind, body, line in items:
        where = f"{name}:{line}"
        cur = stack[-1][2]
        if kind == "text":
            cur.append(("text", body))
            continue
        toks = tokenize(body, where)
        if not toks:
            raise TemplateError(f"{where}: empty action")
        ts = TokStream(toks, where)
        head = toks[0]
        word = head[1] if head[0] == "ident" else None
        if word in ("if", "range", "with"):
            ts.next()
            pipe = parse_pipeline(ts)
            if word == "if":
                node = {"type": "if", "branches": [(pipe, [])], "else": None, "where": where}
                stack.append(("if", node, node["branches"][0][1], where))
            else:
                node = {"type": word, "pipe": pipe, "body": [], "else": None, "where": where}
                if word == "with" and pipe["decl"]:
                    ts.error("variables in 'with' are not in the subset")
                if word == "range" and len(pipe["decl"]) > 2:
                    ts.error("range takes at most two variables")
                stack.append((word, node, node["body"], where))
            cur.append(("node", node))
        elif word == "else":
            ts.next()
            top_kind, node, _, opened = stack[-1]
            if top_kind not in ("if", "range", "with") or (node["else"] is not None and top_kind != "if"):
                ts.error("'else' outside if/range/with")
            if ts.peek()[0] == "ident" and ts.peek()[1] == "if":
                if top_kind != "if" or node.get("closed"):
                    ts.error("'else if' outside if")
                ts.next()
                pipe = parse_pipeline(ts)
                node["branches"].append((pipe, []))
                stack[-1] = ("if", node, node["branches"][-1][1], opened)
            else:
                if ts.peek()[0] is not None:
                    ts.error("'else' takes nothing here")
                if node.get("closed"):
                    ts.error("a second 'else'")
                node["else"] = []
                node["closed"] = True
                stack[-1] = (top_kind, node, node["else"], opened)
        elif word == "end":
            if len(toks) != 1 or len(stack) == 1:
                ts.error("unexpected 'end'")
            top_kind, node, _, _ = stack.pop()
            if top_kind == "define":
                defines[node["name"]] = node["body"]
        elif word == "define":
            ts.next()
            k, t = ts.next()
            if k not in ("str", "raw") or ts.peek()[0] is not None or len(stack) != 1:
                ts.error("define takes one name, at the top level")
            node = {"type": "define", "name": parse_string(k, t), "body": []}
            stack.append(("define", node, node["body"], where))
        elif word in ("template", "block", "break", "continue", "nil"):
            ts.error(f"'{word}' is not in the renderer's subset")
        else:
            pipe = parse_pipeline(ts)
            if ts.peek()[0] is not None:
                ts.error("unexpected ')'")
            cur.append(("action", pipe, where))
    if len(stack) != 1:
        raise TemplateError(f"{stack[-1][3]}: unclosed '{stack[-1][0]}'")
    return root, defines


# --- values and functions ------------------------------------------------

def truth(v):
    if v is None or v is False:
        return False
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return v != 0
    if isinstance(v, (str, list, dict)):
        return len(v) > 0
    return True


def go_float(v):
    """A float64 as Go's fmt prints it with %v (strconv's 'g', shortest)."""
    if v != v:
        return "NaN"
    if v in (float("inf"), float("-inf")):
        return "+Inf" if v > 0 else "-Inf"
    sign = "-" if str(v).startswith("-") else ""
    if v == 0:
        return sign + "0"
    t = decimal.Decimal(repr(abs(v))).normalize().as_tuple()
    digits = "".join(map(str, t.digits))
    dp = len(digits) + t.exponent
    exp = dp - 1
    if exp < -4 or exp >= 6:
        mant = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
        return f"{sign}{mant}e{'-' if exp < 0 else '+'}{abs(exp):02d}"
    if dp <= 0:
        return sign + "0." + "0" * -dp + digits
    if dp >= len(digits):
        return sign + digits + "0" * (dp - len(digits))
    return sign + digits[:dp] + "." + digits[dp:]


def helm_numbers(v):
    """Values as Helm holds them: every number a float64."""
    if isinstance(v, dict):
        return {k: helm_numbers(x) for k, x in v.items()}
    if isinstance(v, list):
        return [helm_numbers(x) for x in v]
    if isinstance(v, int) and not isinstance(v, bool):
        return float(v)
    return v


def yaml_numbers(v):
    """What sigs.k8s.io/yaml writes for a float64: a whole one as an integer."""
    if isinstance(v, dict):
        return {k: yaml_numbers(x) for k, x in v.items()}
    if isinstance(v, list):
        return [yaml_numbers(x) for x in v]
    if isinstance(v, float) and v == v and abs(v) < 2 ** 53 and v == int(v):
        return int(v)
    return v


def to_text(v, where):
    if v is None:
        raise TemplateError(f"{where}: the value is nil (a missing key?)")
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return go_float(v)
    if isinstance(v, (int, str)):
        return str(v)
    raise TemplateError(f"{where}: cannot print a {type(v).__name__} (use toYaml)")


def comparable(a, b, where):
    def cls(v):
        if isinstance(v, bool):
            return "bool"
        if isinstance(v, int):
            return "int"
        if isinstance(v, str):
            return "string"
        if isinstance(v, float):
            return "float"
        raise TemplateError(f"{where}: cannot compare a {type(v).__name__}")
    if cls(a) != cls(b):
        raise TemplateError(f"{where}: incompatible types for comparison ({a!r}, {b!r})")


def fn_eq(where, a, *bs):
    if not bs:
        raise TemplateError(f"{where}: eq needs two arguments")
    for b in bs:
        comparable(a, b, where)
        if a == b:
            return True
    return False


def fn_ne(where, a, b):
    comparable(a, b, where)
    return a != b


def fn_default(where, d, *given):
    if len(given) > 1:
        raise TemplateError(f"{where}: default takes two arguments")
    if not given or not truth(given[0]):
        return d
    return given[0]


def fn_quote(where, *args):
    return " ".join(json.dumps(to_text(a, where), ensure_ascii=False) for a in args)


def to_yaml(where, v):
    if v is None:
        return "null"
    text = yaml.safe_dump(yaml_numbers(v), default_flow_style=False, sort_keys=True,
                          width=1 << 16, allow_unicode=True)
    # PyYAML ends a lone scalar with a document end marker; Helm does not.
    if text.endswith("\n...\n"):
        text = text[:-4]
    return text.rstrip("\n")


def fn_indent(where, n, s):
    if not isinstance(n, int) or not isinstance(s, str):
        raise TemplateError(f"{where}: indent takes a number and a string")
    pad = " " * n
    return pad + s.replace("\n", "\n" + pad)


def fn_nindent(where, n, s):
    return "\n" + fn_indent(where, n, s)


def fn_trim_suffix(where, suffix, s):
    if not isinstance(s, str) or not isinstance(suffix, str):
        raise TemplateError(f"{where}: trimSuffix takes two strings")
    return s[:-len(suffix)] if suffix and s.endswith(suffix) else s


def fn_trunc(where, n, s):
    if not isinstance(n, int) or n < 0 or not isinstance(s, str):
        raise TemplateError(f"{where}: trunc takes a non-negative number and a string")
    return s[:n]


def fn_printf(where, fmt, *args):
    out, ai, i = [], 0, 0
    while i < len(fmt):
        c = fmt[i]
        if c != "%":
            out.append(c)
            i += 1
            continue
        verb = fmt[i + 1:i + 2]
        i += 2
        if verb == "%":
            out.append("%")
            continue
        if verb not in ("s", "d", "v") or ai >= len(args):
            raise TemplateError(f"{where}: printf supports %s, %d and %v with one argument each")
        a = args[ai]
        ai += 1
        if verb == "d" and (not isinstance(a, int) or isinstance(a, bool)):
            raise TemplateError(f"{where}: printf %d of a non-integer")
        out.append(to_text(a, where))
    if ai != len(args):
        raise TemplateError(f"{where}: printf has more arguments than verbs")
    return "".join(out)


def fn_sha256sum(where, s):
    if not isinstance(s, str):
        raise TemplateError(f"{where}: sha256sum takes a string")
    return hashlib.sha256(s.encode()).hexdigest()


def fn_required(where, msg, v):
    if v is None or v == "":
        raise TemplateError(f"{where}: {msg}")
    return v


def fn_fail(where, msg):
    raise TemplateError(f"{where}: {msg}")


def fn_empty(where, v):
    return not truth(v)


def fn_not(where, v):
    return not truth(v)


# and, or and include are evaluated by the engine (short-circuit, context).
FUNCS = {
    "and": None, "or": None, "include": None,
    "not": fn_not, "eq": fn_eq, "ne": fn_ne, "empty": fn_empty, "default": fn_default,
    "quote": fn_quote, "toYaml": to_yaml, "indent": fn_indent, "nindent": fn_nindent,
    "trimSuffix": fn_trim_suffix, "trunc": fn_trunc, "printf": fn_printf,
    "sha256sum": fn_sha256sum, "required": fn_required, "fail": fn_fail,
}


# --- evaluation ----------------------------------------------------------

class Engine:
    def __init__(self, defines):
        self.defines = defines
        self.depth = 0

    def field(self, v, names, where):
        for n in names:
            if v is None:
                raise TemplateError(f"{where}: nil pointer evaluating .{n}")
            if not isinstance(v, dict):
                raise TemplateError(f"{where}: can't evaluate field {n} in a {type(v).__name__}")
            v = v.get(n)
        return v

    def operand(self, op, dot, scope, where):
        kind = op[0]
        if kind == "field":
            return self.field(dot, op[1], where)
        if kind == "var":
            for frame in reversed(scope):
                if op[1] in frame:
                    return self.field(frame[op[1]], op[2], where)
            raise TemplateError(f"{where}: undefined variable {op[1]}")
        if kind == "lit":
            return op[1]
        if kind == "sub":
            return self.pipeline(op[1], dot, scope, where)
        raise TemplateError(f"{where}: function '{op[1]}' used as a value")

    def command(self, cmd, dot, scope, where, piped, has_piped):
        first = cmd[0]
        if first[0] != "ident":
            if len(cmd) > 1 or has_piped:
                raise TemplateError(f"{where}: can't give arguments to a non-function")
            return self.operand(first, dot, scope, where)
        name = first[1]
        args = cmd[1:]
        if name in ("and", "or"):
            thunks = [lambda a=a: self.operand(a, dot, scope, where) for a in args]
            if has_piped:
                thunks.append(lambda: piped)
            if len(thunks) < 2:
                raise TemplateError(f"{where}: {name} needs two arguments")
            v = None
            for t in thunks:
                v = t()
                if truth(v) != (name == "and"):
                    return v
            return v
        vals = [self.operand(a, dot, scope, where) for a in args]
        if has_piped:
            vals.append(piped)
        if name == "include":
            if len(vals) != 2 or not isinstance(vals[0], str):
                raise TemplateError(f"{where}: include takes a template name and a context")
            return self.include(vals[0], vals[1], where)
        try:
            return FUNCS[name](where, *vals)
        except TypeError:
            raise TemplateError(f"{where}: wrong number of arguments to {name}") from None

    def pipeline(self, pipe, dot, scope, where):
        v, has = None, False
        for cmd in pipe["cmds"]:
            v = self.command(cmd, dot, scope, where, v, has)
            has = True
        if pipe["decl"]:
            if len(pipe["decl"]) != 1:
                raise TemplateError(f"{where}: two variables outside range")
            name = pipe["decl"][0]
            if pipe["assign"]:
                for frame in reversed(scope):
                    if name in frame:
                        frame[name] = v
                        break
                else:
                    raise TemplateError(f"{where}: undefined variable {name}")
            else:
                scope[-1][name] = v
        return v

    def include(self, name, ctx, where):
        if name not in self.defines:
            raise TemplateError(f"{where}: no template named {name!r}")
        self.depth += 1
        if self.depth > 50:
            raise TemplateError(f"{where}: include nested too deeply")
        out = []
        self.run(self.defines[name], ctx, [{"$": ctx}], out)
        self.depth -= 1
        return "".join(out)

    def run(self, nodes, dot, scope, out):
        for n in nodes:
            if n[0] == "text":
                out.append(n[1])
            elif n[0] == "action":
                pipe, where = n[1], n[2]
                v = self.pipeline(pipe, dot, scope, where)
                if not pipe["decl"]:
                    out.append(to_text(v, where))
            else:
                self.control(n[1], dot, scope, out)

    def control(self, node, dot, scope, out):
        where = node["where"]
        if node["type"] == "if":
            for pipe, body in node["branches"]:
                scope.append({})
                v = self.pipeline(pipe, dot, scope, where)
                if truth(v):
                    self.run(body, dot, scope, out)
                    scope.pop()
                    return
                scope.pop()
            if node["else"] is not None:
                self.run(node["else"], dot, scope + [{}], out)
            return
        scope.append({})
        pipe = node["pipe"]
        if node["type"] == "with":
            v = self.pipeline(pipe, dot, scope, where)
            if truth(v):
                self.run(node["body"], v, scope, out)
            elif node["else"] is not None:
                self.run(node["else"], dot, scope, out)
            scope.pop()
            return
        bare = dict(pipe, decl=[])
        v = self.pipeline(bare, dot, scope, where)
        if v is None or (isinstance(v, (list, dict)) and not v):
            if node["else"] is not None:
                self.run(node["else"], dot, scope, out)
            scope.pop()
            return
        if isinstance(v, list):
            pairs = list(enumerate(v))
        elif isinstance(v, dict):
            pairs = [(k, v[k]) for k in sorted(v)]
        else:
            raise TemplateError(f"{where}: range over a {type(v).__name__}")
        for k, elem in pairs:
            frame = {}
            if len(pipe["decl"]) == 1:
                frame[pipe["decl"][0]] = elem
            elif len(pipe["decl"]) == 2:
                frame[pipe["decl"][0]] = k
                frame[pipe["decl"][1]] = elem
            self.run(node["body"], elem, scope + [frame], out)
        scope.pop()


# --- the chart -----------------------------------------------------------

# Helm's install order (pkg/releaseutil/kind_sorter.go); other kinds come
# after these, by name.
INSTALL_ORDER = [
    "PriorityClass", "Namespace", "NetworkPolicy", "ResourceQuota", "LimitRange",
    "PodSecurityPolicy", "PodDisruptionBudget", "ServiceAccount", "Secret", "SecretList",
    "ConfigMap", "StorageClass", "PersistentVolume", "PersistentVolumeClaim",
    "CustomResourceDefinition", "ClusterRole", "ClusterRoleList", "ClusterRoleBinding",
    "ClusterRoleBindingList", "Role", "RoleList", "RoleBinding", "RoleBindingList", "Service",
    "DaemonSet", "Pod", "ReplicationController", "ReplicaSet", "Deployment",
    "HorizontalPodAutoscaler", "StatefulSet", "Job", "CronJob", "IngressClass", "Ingress",
    "APIService",
]


def merge(base, over):
    """Helm's coalescing of values: maps merge key by key, anything else replaces."""
    for k, v in over.items():
        if isinstance(v, dict) and isinstance(base.get(k), dict):
            merge(base[k], v)
        else:
            base[k] = v
    return base


def set_value(values, spec):
    if "=" not in spec:
        raise TemplateError(f"--set {spec!r}: expected KEY=VALUE")
    key, raw = spec.split("=", 1)
    if re.fullmatch(r"-?[0-9]+", raw):
        val = int(raw)
    elif raw in ("true", "false"):
        val = raw == "true"
    elif raw == "null":
        val = None
    else:
        val = raw
    parts = key.split(".")
    if not all(re.fullmatch(r"[A-Za-z0-9_-]+", p) for p in parts):
        raise TemplateError(f"--set {spec!r}: only dotted keys are supported")
    cur = values
    for p in parts[:-1]:
        if not isinstance(cur.get(p), dict):
            cur[p] = {}
        cur = cur[p]
    cur[parts[-1]] = val


def load_yaml_map(path):
    with open(path, encoding="utf-8") as f:
        v = yaml.safe_load(f)
    if v is None:
        return {}
    if not isinstance(v, dict):
        raise TemplateError(f"{path}: not a mapping")
    return v


def render(chart_dir, release, namespace, value_files, sets, notes=False, hooks=True):
    meta = load_yaml_map(os.path.join(chart_dir, "Chart.yaml"))
    if meta.get("apiVersion") != "v2":
        raise TemplateError(f"{chart_dir}/Chart.yaml: apiVersion must be v2")
    values = helm_numbers(load_yaml_map(os.path.join(chart_dir, "values.yaml")))
    for vf in value_files:
        merge(values, helm_numbers(load_yaml_map(vf)))
    for s in sets:
        set_value(values, s)
    chart = {k[:1].upper() + k[1:]: v for k, v in meta.items()}
    name = meta["name"]
    tdir = os.path.join(chart_dir, "templates")
    files = sorted(f for f in os.listdir(tdir) if os.path.isfile(os.path.join(tdir, f)))
    parsed, defines = {}, {}
    for f in files:
        if not (f.endswith((".yaml", ".yml", ".tpl")) or f == "NOTES.txt"):
            raise TemplateError(f"{tdir}/{f}: not a template Helm would read")
        with open(os.path.join(tdir, f), encoding="utf-8") as fh:
            root, defs = parse(fh.read(), f"{name}/templates/{f}")
        for d in defs:
            if d in defines:
                raise TemplateError(f"{name}/templates/{f}: template {d!r} defined twice")
        defines.update(defs)
        parsed[f] = root
    engine = Engine(defines)
    ctx = {
        "Values": values,
        "Release": {"Name": release, "Namespace": namespace, "Service": "Helm",
                    "IsInstall": True, "IsUpgrade": False, "Revision": 1},
        "Chart": chart,
    }

    def run(f):
        out = []
        c = dict(ctx, Template={"Name": f"{name}/templates/{f}", "BasePath": f"{name}/templates"})
        engine.run(parsed[f], c, [{"$": c}], out)
        return "".join(out)

    if notes:
        return run("NOTES.txt") if "NOTES.txt" in parsed else ""
    docs, hook_docs = [], []
    for f in files:
        if f.startswith("_") or f == "NOTES.txt":
            continue
        text = run(f)
        for doc in re.split(r"(?m)^---[ \t]*\n", text):
            obj = yaml.safe_load(doc)
            if obj is None:
                continue
            if not isinstance(obj, dict) or "kind" not in obj:
                raise TemplateError(f"{name}/templates/{f}: a document that is not an object")
            annotations = (obj.get("metadata") or {}).get("annotations") or {}
            if "helm.sh/hook" in annotations:
                if hooks:
                    hook_docs.append((obj["kind"], f, doc.strip("\n")))
                continue
            docs.append((obj["kind"], f, doc.strip("\n")))

    def order(d):
        kind = d[0]
        if kind in INSTALL_ORDER:
            return (0, INSTALL_ORDER.index(kind), "")
        return (1, 0, kind)

    # Stable: file order within a kind. Hooks come after the release's
    # objects, in the same order, as `helm template` prints them (Helm runs
    # them by helm.sh/hook-weight, then kind, then name).
    docs.sort(key=order)
    hook_docs.sort(key=order)
    return "".join(f"---\n# Source: {name}/templates/{f}\n{doc}\n" for _, f, doc in docs + hook_docs)


# What `make manifests` writes to deploy/manifests/vakt.yaml (and
# tests/extra/deploy.sh compares): the chart with its default values, plus
# the Namespace with its Pod Security labels, without the Helm hooks.
MANIFESTS_CHART = "deploy/helm/vakt"
MANIFESTS_RELEASE = ("vakt", "vakt-system")
MANIFESTS_SETS = ["namespace.create=true"]
MANIFESTS_HEADER = """\
# vakt's plain manifests, for clusters without Helm: deploy/helm/vakt rendered
# with its default values as release "vakt" in namespace "vakt-system", plus
# the Namespace with its Pod Security labels, without Helm's hooks (the
# uninstall Job: kubectl runs no hooks). Generated by `make manifests`
# (scripts/render-chart.py --manifests): do not edit, change the chart.
# tests/extra/deploy.sh fails when this file is not what the chart renders.
#
#   kubectl apply -f deploy/manifests/vakt.yaml      (cert-manager must be installed)
#
# Uninstall: delete the ValidatingWebhookConfiguration first (docs/deploy.md):
#   kubectl delete validatingwebhookconfiguration vakt
#   kubectl delete -f deploy/manifests/vakt.yaml
"""


def main():
    ap = argparse.ArgumentParser(description="Render vakt's Helm chart (a subset of helm template).")
    ap.add_argument("chart", nargs="?")
    ap.add_argument("--name", default="vakt", help="release name (default vakt)")
    ap.add_argument("--namespace", "-n", default="vakt-system", help="release namespace")
    ap.add_argument("-f", "--values", action="append", default=[], help="a values file (repeatable)")
    ap.add_argument("--set", action="append", default=[], help="KEY=VALUE (dotted key; repeatable)")
    ap.add_argument("--notes", action="store_true", help="render NOTES.txt instead of the manifests")
    ap.add_argument("--no-hooks", action="store_true",
                    help="leave out Helm hooks (objects annotated helm.sh/hook), as helm template --no-hooks")
    ap.add_argument("--manifests", action="store_true",
                    help="render deploy/manifests/vakt.yaml (the chart's defaults; no other option but -o)")
    ap.add_argument("-o", "--output", help="write here instead of standard output")
    a = ap.parse_args()
    header = ""
    if a.manifests:
        if a.chart or a.values or a.set or a.notes or a.no_hooks:
            ap.error("--manifests takes no chart, values, --notes or --no-hooks")
        root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
        a.chart = os.path.join(root, MANIFESTS_CHART)
        a.name, a.namespace = MANIFESTS_RELEASE
        a.set = MANIFESTS_SETS
        a.no_hooks = True  # kubectl runs no hooks: they would be applied as objects
        header = MANIFESTS_HEADER
    elif not a.chart:
        ap.error("a chart directory is required")
    try:
        text = header + render(a.chart, a.name, a.namespace, a.values, a.set, a.notes,
                               not a.no_hooks)
    except (TemplateError, OSError, yaml.YAMLError) as e:
        print(f"render-chart: {e}", file=sys.stderr)
        return 1
    if a.output:
        tmp = a.output + ".tmp"
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, a.output)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
