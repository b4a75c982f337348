#!/usr/bin/env bash
# deploy/: the Helm chart deploy/helm/vakt, the renderer that stands in for
# `helm template` (scripts/render-chart.py: Helm is not in Debian), and the
# plain manifests deploy/manifests/vakt.yaml rendered from the chart.
#  - the manifests are exactly what the renderer makes of the chart today;
#  - the chart renders, with its defaults and with other values, into valid
#    YAML objects of the expected kinds, labelled the Kubernetes way;
#  - the Helm hooks (the uninstall Job and its RBAC) render with the chart
#    and stay out of the plain manifests;
#  - every rendering passes `vakt scan --pss restricted` (and the hardened
#    profile, always on) with nothing above low; only the watcher DaemonSet
#    carries suppressions, each of its suppressed rules is one it triggers,
#    and without the suppressions nothing but the DaemonSet is above low;
#  - bad values and template syntax outside the renderer's subset fail
#    loudly, and the subset renders as Go's text/template and Helm do;
#  - every value of values.yaml is described in docs/deploy.md;
#  - `vakt scan deploy/` reads the manifests, not the templates.
set -u
: "${VAKT:?}"
root=$(cd "$(dirname "$0")/../.." && pwd)
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
bad() {
	n=$((n + 1))
	echo "not ok $n - $1"
	[ -n "${2:-}" ] && printf '%s\n' "$2" | head -n 20 | sed 's/^/#   /'
}

if ! python3 -c 'import yaml' 2>/dev/null; then
	echo "ok 1 # SKIP python3-yaml is not installed"
	echo "1..1"
	exit 0
fi
render=("python3" "$root/scripts/render-chart.py")
chart=$root/deploy/helm/vakt

# 1. The manifests are the chart's rendering (make manifests).
if "${render[@]}" --manifests >"$t/manifests.yaml" 2>"$t/err" &&
	cmp -s "$t/manifests.yaml" "$root/deploy/manifests/vakt.yaml"; then
	ok "deploy/manifests/vakt.yaml is what the chart renders (make manifests)"
else
	bad "deploy/manifests/vakt.yaml is stale: run 'make manifests'" \
		"$(cat "$t/err"; diff -u "$root/deploy/manifests/vakt.yaml" "$t/manifests.yaml" | head -n 30)"
fi

# 2. Other values: each file here is rendered and checked like the manifests.
# Release names and namespaces differ from the defaults on purpose.
cat >"$t/values-deny.yaml" <<'EOF'
# A production set-up: deny, fail closed, certificate from an existing
# Secret, image scans, tuned watcher.
fullnameOverride: guard
namespace:
  create: true
commonLabels:
  team: platform
image:
  digest: sha256:4f3c2b1a09876543210fedcba98765434f3c2b1a09876543210fedcba9876543
imagePullSecrets: [mirror-pull]
webhook:
  mode: deny
  pss: restricted:v1.30
  hardened: high
  failurePolicy: Fail
  timeoutSeconds: 3
  exemptNamespaces: [ci-runners]
  exemptUsers: ["system:serviceaccount:ci:deployer"]
  exemptRuntimeClasses: [kata]
  namespaceSelector:
    excludeNamespaces: [kube-system, cert-manager, security]
    matchExpressions:
      - {key: vakt.io/admission, operator: NotIn, values: [disabled]}
    matchLabels:
      environment: production
  objectSelector:
    matchExpressions:
      - {key: vakt.io/skip, operator: DoesNotExist}
  config:
    trusted-registries: [registry.example.com]
    ignore:
      - rule: KS041
  extraArgs: [--threads=4]
  priorityClassName: system-cluster-critical
  podAnnotations:
    prometheus.io/scrape: "true"
  podLabels:
    tier: security
  tolerations:
    - {key: dedicated, operator: Equal, value: security, effect: NoSchedule}
tls:
  certManager:
    enabled: false
  existingSecret: vakt-serving-cert
  caBundle: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUJlekNDQVNHZ0F3SUJBZ0lVYQ==
watcher:
  priority: warning
  rules:
    vakt_rules.yaml: |
      - list: vakt_shells
        items: [bash, sh]
    local.yaml: |
      - macro: user_known_vakt_ptrace_activities
        condition: (proc.name in (gdb, strace))
        override:
          condition: replace
  extraArgs: ["--stats", "300"]
  runtimeStateDirs:
    - /var/lib/containers/storage/overlay-containers
  extraCapabilities: [SYS_RESOURCE]
  seccompProfile:
    type: Localhost
    localhostProfile: profiles/vakt-watch.json
  appArmorUnconfined: true
  priorityClassName: system-node-critical
imageScan:
  enabled: true
  timeZone: Etc/UTC
  format: json
  images:
    - {name: web, archive: shop/web-1.4.2.tar}
    - {name: api, archive: shop/images.tar, tag: "api:2.0"}
  vulnDb:
    volume:
      persistentVolumeClaim:
        claimName: vakt-vuln-db
    url: https://osv-mirror.example.internal
EOF
cat >"$t/values-webhook-only.yaml" <<'EOF'
# The webhook alone, in a namespace that can then enforce restricted; no
# Namespace watch (no token, no ClusterRole), no uninstall hook.
namespace:
  create: true
watcher:
  enabled: false
webhook:
  removeOnUninstall: false
  mode: audit
  pss: ""
  watchNamespaces: false
  podDisruptionBudget:
    enabled: false
  affinity:
    nodeAffinity:
      requiredDuringSchedulingIgnoredDuringExecution:
        nodeSelectorTerms:
          - matchExpressions:
              - {key: node-role.kubernetes.io/control-plane, operator: DoesNotExist}
EOF
cat >"$t/values-scan-only.yaml" <<'EOF'
# Image scans alone.
webhook:
  enabled: false
watcher:
  enabled: false
imageScan:
  enabled: true
  images:
    - {name: base, archive: base.tar}
EOF
declare -A args=(
	[default]="--manifests"
	[hooks]="--set namespace.create=true $chart"
	[deny]="-f $t/values-deny.yaml --name guard --namespace security $chart"
	[webhook-only]="-f $t/values-webhook-only.yaml --name shield --namespace admission $chart"
	[scan-only]="-f $t/values-scan-only.yaml --name nightly --namespace scans $chart"
)
# The kinds each rendering must hold, with their counts.
declare -A kinds=(
	[default]="Certificatex2 ClusterRole ClusterRoleBinding DaemonSet Deployment Issuerx2 Namespace NetworkPolicyx2 PodDisruptionBudget Service ServiceAccountx2 ValidatingWebhookConfiguration"
	[hooks]="Certificatex2 ClusterRolex2 ClusterRoleBindingx2 DaemonSet Deployment Issuerx2 Job Namespace NetworkPolicyx2 PodDisruptionBudget Service ServiceAccountx3 ValidatingWebhookConfiguration"
	[deny]="ClusterRolex2 ClusterRoleBindingx2 ConfigMapx2 CronJob DaemonSet Deployment Job Namespace NetworkPolicyx2 PodDisruptionBudget Service ServiceAccountx4 ValidatingWebhookConfiguration"
	[webhook-only]="Certificatex2 Deployment Issuerx2 Namespace NetworkPolicyx2 Service ServiceAccount ValidatingWebhookConfiguration"
	[scan-only]="CronJob NetworkPolicy ServiceAccount"
)
for set in default hooks deny webhook-only scan-only; do
	# shellcheck disable=SC2086 # the arguments are words
	if ! "${render[@]}" ${args[$set]} >"$t/$set.yaml" 2>"$t/err"; then
		bad "$set values: the chart does not render" "$(cat "$t/err")"
		continue
	fi
	ok "$set values: the chart renders"

	# Valid YAML, the expected kinds, names, labels and namespaces.
	if out=$(python3 - "$t/$set.yaml" "${kinds[$set]}" 2>&1 <<'PY'
import collections, sys, yaml
docs = [d for d in yaml.safe_load_all(open(sys.argv[1])) if d is not None]
want = collections.Counter()
for w in sys.argv[2].split():
    k, _, c = w.partition("x")
    want[k] += int(c or 1)
got = collections.Counter(d["kind"] for d in docs)
assert got == want, f"kinds {dict(got)}, expected {dict(want)}"
cluster = {"Namespace", "ClusterRole", "ClusterRoleBinding", "ValidatingWebhookConfiguration"}
ns = {d["metadata"]["namespace"] for d in docs if d["kind"] not in cluster}
assert len(ns) == 1, f"objects in several namespaces: {ns}"
for d in docs:
    assert isinstance(d.get("apiVersion"), str) and d["metadata"].get("name"), d
    labels = d["metadata"].get("labels") or {}
    for k in ("app.kubernetes.io/name", "app.kubernetes.io/instance",
              "app.kubernetes.io/version", "app.kubernetes.io/managed-by", "helm.sh/chart"):
        assert k in labels, f"{d['kind']}/{d['metadata']['name']} has no label {k}"
    assert len(d["metadata"]["name"]) <= 63, d["metadata"]["name"]
print(f"{len(docs)} objects")
PY
	); then
		ok "$set values: $out, valid YAML, the expected kinds and labels"
	else
		bad "$set values: objects" "$out"
	fi

	# The scans: nothing above low, suppressed or not, except on the DaemonSet.
	for pss in restricted baseline; do
		"$VAKT" scan --no-config --pss $pss --show-suppressed --format json "$t/$set.yaml" \
			>"$t/$set-$pss.json" 2>"$t/err"
		"$VAKT" scan --no-config --no-inline-ignores --pss $pss --format json "$t/$set.yaml" \
			>"$t/$set-$pss-strict.json" 2>>"$t/err"
		if out=$(python3 - "$t/$set-$pss.json" "$t/$set-$pss-strict.json" 2>&1 <<'PY'
import json, sys
above = {"medium", "high", "critical"}
scan, strict = (json.load(open(p)) for p in sys.argv[1:3])
for r in (scan, strict):
    assert not r["errors"], f"errors: {r['errors']}"
loud = [f"{f['rule_id']} {f['severity']} {f['location'].get('object')}: {f['message']}"
        for f in scan["findings"] if not f["suppressed"] and f["severity"] in above]
assert not loud, "findings above low:\n" + "\n".join(loud)
elsewhere = [f"{f['rule_id']} {f['location'].get('object')}" for f in strict["findings"]
             if f["severity"] in above and not f["location"].get("object", "").startswith("DaemonSet/")]
assert not elsewhere, "above low without suppressions, not on the DaemonSet:\n" + "\n".join(elsewhere)
n = sum(f["suppressed"] for f in scan["findings"])
print(f"{len(scan['findings']) - n} findings at low or info, {n} suppressed")
PY
		); then
			ok "$set values: vakt scan --pss $pss: nothing above low ($out)"
		else
			bad "$set values: vakt scan --pss $pss" "$(cat "$t/err"; echo "$out")"
		fi
	done
done

# 3. Suppressions: on the watcher DaemonSet only, each with a reason, each
# rule one the DaemonSet triggers at some level with some values; no other
# object, pod template or comment suppresses anything.
if out=$(python3 - "$t" "$chart/templates" 2>&1 <<'PY'
import glob, json, os, re, sys, yaml
t, tdir = sys.argv[1], sys.argv[2]
peer = re.compile(r"^(vakt\.io/ignore|ignore-check\.kube-linter\.io/|kube-linter\.io/ignore-all"
                  r"|polaris\.fairwinds\.com/|checkov\.io/skip)")
listed, used = set(), set()
for s in ("default", "hooks", "deny", "webhook-only", "scan-only"):
    text = open(f"{t}/{s}.yaml").read()
    assert not re.search(r"#\s*vakt\s+ignore", text), f"{s}: a '# vakt ignore' pragma"
    for d in yaml.safe_load_all(text):
        if d is None:
            continue
        metas = [("object", d["metadata"])]
        spec = d.get("spec") or {}
        tmpl = spec.get("template") or ((spec.get("jobTemplate") or {}).get("spec") or {}).get("template")
        if tmpl:
            metas.append(("pod template", tmpl.get("metadata") or {}))
        for where, m in metas:
            keys = [k for k in (m.get("annotations") or {}) if peer.match(k)]
            name = f"{s}: {d['kind']}/{d['metadata']['name']} ({where})"
            if d["kind"] == "DaemonSet" and where == "object":
                assert sorted(keys) == ["vakt.io/ignore", "vakt.io/ignore-reason"], f"{name}: {keys}"
                assert len(m["annotations"]["vakt.io/ignore-reason"]) > 40, f"{name}: no reason"
                listed |= {x.strip() for x in m["annotations"]["vakt.io/ignore"].split(",")}
            else:
                assert not keys, f"{name} carries {keys}"
    for pss in ("restricted", "baseline"):
        for f in json.load(open(f"{t}/{s}-{pss}.json"))["findings"]:
            if f["suppressed"]:
                assert f["location"]["object"].startswith("DaemonSet/"), f
                used.add(f["rule_id"])
for p in glob.glob(os.path.join(tdir, "*")):
    assert not re.search(r"#\s*vakt\s+ignore", open(p).read()), f"{p}: a '# vakt ignore' pragma"
assert "all" not in listed, "vakt.io/ignore: all"
assert listed == used, f"listed but never triggered: {sorted(listed - used)}; triggered: {sorted(used - listed)}"
print(", ".join(sorted(listed)))
PY
); then
	ok "suppressions only on the DaemonSet, each triggered there: $out"
else
	bad "suppressions" "$out"
fi

# 4. What the renderings say, beyond the scans: the webhook's fail-safe
# defaults, the non-default values reaching the objects.
if out=$(python3 - "$t" 2>&1 <<'PY'
import sys, yaml
t = sys.argv[1]
def objs(s):
    return {(d["kind"], d["metadata"]["name"]): d for d in yaml.safe_load_all(open(f"{t}/{s}.yaml")) if d}
d = objs("default")
w = d[("ValidatingWebhookConfiguration", "vakt")]
h = w["webhooks"][0]
assert h["failurePolicy"] == "Ignore" and h["timeoutSeconds"] == 5 and h["sideEffects"] == "None"
assert h["admissionReviewVersions"] == ["v1"] and h["clientConfig"]["service"]["path"] == "/validate"
assert h["namespaceSelector"]["matchExpressions"] == [{"key": "kubernetes.io/metadata.name",
    "operator": "NotIn", "values": ["vakt-system", "kube-system"]}], h["namespaceSelector"]
assert w["metadata"]["annotations"]["cert-manager.io/inject-ca-from"] == "vakt-system/vakt-webhook"
res = {(g, r) for rule in h["rules"] for g in rule["apiGroups"] for r in rule["resources"]}
for g, r in [("", "pods"), ("", "namespaces"), ("", "replicationcontrollers"), ("", "podtemplates"),
             ("apps", "deployments"), ("apps", "statefulsets"), ("apps", "daemonsets"),
             ("apps", "replicasets"), ("batch", "jobs"), ("batch", "cronjobs")]:
    assert (g, r) in res, (g, r)
assert all(rule["operations"] == ["CREATE", "UPDATE"] for rule in h["rules"])
dep = d[("Deployment", "vakt-webhook")]
pod = dep["spec"]["template"]["spec"]
c = pod["containers"][0]
assert dep["spec"]["replicas"] == 2 and c["args"][0] == "serve" and "--mode=warn" in c["args"]
assert c["readinessProbe"]["httpGet"] == {"path": "/readyz", "port": "https", "scheme": "HTTPS"}
assert c["livenessProbe"]["httpGet"] == {"path": "/healthz", "port": "https", "scheme": "HTTPS"}
assert c["ports"][0]["containerPort"] == 8443
dep_image = c["image"]
assert pod["automountServiceAccountToken"] is False and any(v["name"] == "api-access" for v in pod["volumes"])
assert pod["affinity"]["podAntiAffinity"]["preferredDuringSchedulingIgnoredDuringExecution"]
sc = c["securityContext"]
assert sc["readOnlyRootFilesystem"] and sc["runAsNonRoot"] and sc["capabilities"]["drop"] == ["ALL"]
assert d[("PodDisruptionBudget", "vakt-webhook")]["spec"]["minAvailable"] == 1
svc = d[("Service", "vakt-webhook")]["spec"]["ports"][0]
assert svc["port"] == 443 and svc["targetPort"] == "https"
role = d[("ClusterRole", "vakt-webhook")]["rules"]
assert role == [{"apiGroups": [""], "resources": ["namespaces"], "verbs": ["get", "list", "watch"]},
                {"apiGroups": [""], "resources": ["pods"], "verbs": ["list"]}], role
for sa in ("vakt-webhook", "vakt-watcher"):
    assert d[("ServiceAccount", sa)]["automountServiceAccountToken"] is False
ds = d[("DaemonSet", "vakt-watcher")]["spec"]["template"]["spec"]
wc = ds["containers"][0]
assert ds["hostPID"] is True and ds["automountServiceAccountToken"] is False
assert wc["args"][:2] == ["watch", "--format=json"]
assert wc["securityContext"]["capabilities"] == {"drop": ["ALL"], "add": ["BPF", "PERFMON", "SYS_PTRACE", "DAC_READ_SEARCH"]}
assert all(m["readOnly"] for m in wc["volumeMounts"])
assert {v["hostPath"]["path"] for v in ds["volumes"]} == {"/sys/kernel/btf", "/run/containerd/io.containerd.runtime.v2.task/k8s.io"}
assert ds["tolerations"] == [{"operator": "Exists"}] and wc["resources"]["limits"]
ns = d[("Namespace", "vakt-system")]["metadata"]["labels"]
assert ns["pod-security.kubernetes.io/enforce"] == "privileged" and ns["pod-security.kubernetes.io/warn"] == "restricted"

assert not [k for k in d if (d[k]["metadata"].get("annotations") or {}).get("helm.sh/hook")], \
    "a Helm hook in the plain manifests"

# The uninstall hooks: the Job deletes this release's webhook configuration,
# as vakt's user with no privilege, after its ServiceAccount and RBAC.
h = objs("hooks")
hooks = {k: v for k, v in h.items() if (v["metadata"].get("annotations") or {}).get("helm.sh/hook")}
assert sorted(hooks) == [("ClusterRole", "vakt-uninstall"), ("ClusterRoleBinding", "vakt-uninstall"),
                         ("Job", "vakt-uninstall"), ("ServiceAccount", "vakt-uninstall")], sorted(hooks)
for k, v in hooks.items():
    a = v["metadata"]["annotations"]
    assert a["helm.sh/hook"] == "pre-delete", (k, a)
    assert a["helm.sh/hook-delete-policy"] == "before-hook-creation,hook-succeeded", (k, a)
    assert int(a["helm.sh/hook-weight"]) == (0 if k[0] == "Job" else -10), (k, a)
assert set(h) - set(hooks) == set(d), "the chart's other objects are the manifests'"
text = open(f"{t}/hooks.yaml").read()
assert text.index("kind: Job") > text.index("kind: ValidatingWebhookConfiguration"), "hooks come last"
assert hooks[("ClusterRole", "vakt-uninstall")]["rules"] == [{"apiGroups": ["admissionregistration.k8s.io"],
    "resources": ["validatingwebhookconfigurations"], "resourceNames": ["vakt"], "verbs": ["delete"]}]
crb = hooks[("ClusterRoleBinding", "vakt-uninstall")]
assert crb["roleRef"]["name"] == "vakt-uninstall" and crb["subjects"] == [
    {"kind": "ServiceAccount", "name": "vakt-uninstall", "namespace": "vakt-system"}]
assert hooks[("ServiceAccount", "vakt-uninstall")]["automountServiceAccountToken"] is False
job = hooks[("Job", "vakt-uninstall")]["spec"]
pod = job["template"]["spec"]
c = pod["containers"][0]
assert c["args"] == ["serve", "--remove-webhook=vakt", "--log-level=info"], c["args"]
assert c["image"] == dep_image and pod["serviceAccountName"] == "vakt-uninstall"
assert pod["restartPolicy"] == "Never" and pod["automountServiceAccountToken"] is False
assert [m["mountPath"] for m in c["volumeMounts"]] == ["/var/run/secrets/kubernetes.io/serviceaccount"]
assert pod["securityContext"]["runAsUser"] == 65532 and pod["securityContext"]["seccompProfile"] == {"type": "RuntimeDefault"}
assert c["securityContext"]["readOnlyRootFilesystem"] and c["securityContext"]["capabilities"]["drop"] == ["ALL"]
assert c["resources"]["limits"] and job["activeDeadlineSeconds"] <= 300

d = objs("deny")
job = d[("Job", "guard-uninstall")]["spec"]["template"]["spec"]
assert job["containers"][0]["args"][1] == "--remove-webhook=guard" and job["imagePullSecrets"] == [{"name": "mirror-pull"}]
assert d[("ClusterRole", "guard-uninstall")]["rules"][0]["resourceNames"] == ["guard"]
assert job["tolerations"] == d[("Deployment", "guard-webhook")]["spec"]["template"]["spec"]["tolerations"]
h = d[("ValidatingWebhookConfiguration", "guard")]["webhooks"][0]
assert h["failurePolicy"] == "Fail" and h["timeoutSeconds"] == 3
assert h["clientConfig"]["caBundle"].startswith("LS0t") and "annotations" not in d[("ValidatingWebhookConfiguration", "guard")]["metadata"]
assert h["namespaceSelector"]["matchExpressions"][0]["values"] == ["security", "kube-system", "cert-manager"]
assert h["namespaceSelector"]["matchLabels"] == {"environment": "production"} and h["objectSelector"]
dep = d[("Deployment", "guard-webhook")]["spec"]["template"]["spec"]
a = dep["containers"][0]["args"]
for want in ("--mode=deny", "--pss=restricted:v1.30", "--hardened=high", "--config=/etc/vakt/config/vakt.yaml",
             "--exempt-namespace=ci-runners", "--exempt-user=system:serviceaccount:ci:deployer",
             "--exempt-runtime-class=kata", "--threads=4"):
    assert want in a, (want, a)
assert "--no-config" not in a and "--no-watch" not in a
assert dep["volumes"][0]["secret"]["secretName"] == "vakt-serving-cert"
assert dep["containers"][0]["image"].startswith("ghcr.io/vakt-dev/vakt@sha256:")
cm = yaml.safe_load(d[("ConfigMap", "guard-webhook")]["data"]["vakt.yaml"])
assert cm == {"trusted-registries": ["registry.example.com"], "ignore": [{"rule": "KS041"}]}, cm
ds = d[("DaemonSet", "guard-watcher")]["spec"]["template"]["spec"]
a = ds["containers"][0]["args"]
assert a[a.index("--rules=/etc/vakt/rules/local.yaml") + 1] == "--rules=/etc/vakt/rules/vakt_rules.yaml", a
assert ds["containers"][0]["securityContext"]["appArmorProfile"] == {"type": "Unconfined"}
assert ds["securityContext"]["seccompProfile"] == {"type": "Localhost", "localhostProfile": "profiles/vakt-watch.json"}
cj = d[("CronJob", "guard-image-scan")]["spec"]
cs = cj["jobTemplate"]["spec"]["template"]["spec"]["containers"]
assert [c["name"] for c in cs] == ["scan-web", "scan-api"]
assert "--tag=api:2.0" in cs[1]["args"] and "--output=/reports/api.json" in cs[1]["args"]
assert "--db=/var/lib/vakt/vuln.db" in cs[0]["args"] and "--exit-code=0" in cs[0]["args"]
assert cj["concurrencyPolicy"] == "Forbid" and cj["timeZone"] == "Etc/UTC"
ic = cj["jobTemplate"]["spec"]["template"]["spec"]["initContainers"]
assert ic[0]["args"] == ["db", "update", "--db=/var/lib/vakt/vuln.db", "--url=https://osv-mirror.example.internal"], ic

d = objs("webhook-only")
assert d[("Namespace", "admission")]["metadata"]["labels"]["pod-security.kubernetes.io/enforce"] == "restricted"
dep = d[("Deployment", "shield-vakt-webhook")]["spec"]["template"]["spec"]
assert "--no-watch" in dep["containers"][0]["args"] and not any(x.startswith("--pss") for x in dep["containers"][0]["args"])
assert "api-access" not in {v["name"] for v in dep["volumes"]} and "nodeAffinity" in dep["affinity"]
assert "Job" not in {k for k, _ in d}, "webhook.removeOnUninstall false: no uninstall hook"
d = objs("scan-only")
cs = d[("CronJob", "nightly-vakt-image-scan")]["spec"]["jobTemplate"]["spec"]["template"]["spec"]["containers"]
assert "--no-vulns" in cs[0]["args"] and "--format=sarif" in cs[0]["args"]
assert "initContainers" not in d[("CronJob", "nightly-vakt-image-scan")]["spec"]["jobTemplate"]["spec"]["template"]["spec"]
print("ok")
PY
); then
	ok "the renderings hold the fail-safe defaults and the values given"
else
	bad "what the renderings hold" "$out"
fi

# 5. Values the chart refuses, with a message that names them.
refuse() { # DESCRIPTION EXPECTED-MESSAGE RENDER-ARGS...
	local d=$1 want=$2
	shift 2
	if "${render[@]}" "$@" "$chart" >/dev/null 2>"$t/err"; then
		bad "refused: $d (it rendered)"
	elif grep -q -- "$want" "$t/err"; then
		ok "refused: $d"
	else
		bad "refused: $d: the message does not say '$want'" "$(cat "$t/err")"
	fi
}
refuse "a mode that is not deny, warn or audit" "webhook.mode must be deny, warn or audit" --set webhook.mode=block
refuse "a failurePolicy that is not Ignore or Fail" "webhook.failurePolicy must be Ignore or Fail" --set webhook.failurePolicy=Never
refuse "no cert-manager and no existing Secret" "tls.existingSecret is required" --set tls.certManager.enabled=false
refuse "an existing Secret without its CA" "tls.caBundle" --set tls.certManager.enabled=false --set tls.existingSecret=s
refuse "image scans without images" "needs at least one entry in imageScan.images" --set imageScan.enabled=true

# 6. The renderer: the subset renders as Go's text/template and Helm do, and
# anything outside it is an error with the template's name and line. Numbers
# of values files are float64 in Helm (read through JSON): printed as Go
# prints them, written whole by toYaml, not comparable with an integer.
mini=$t/mini
mkdir -p "$mini/templates"
printf 'apiVersion: v2\nname: mini\nversion: 1.2.3\nappVersion: "9.9"\n' >"$mini/Chart.yaml"
cat >"$mini/values.yaml" <<'EOF'
name: web
port: 8080
enabled: true
off: false
empty: ""
list: [b, a]
map: {z: 1, a: 2}
nested: {inner: {deep: x}}
obj: {l: [1, 2], k: v}
nolist: []
big: 12345678
EOF
cat >"$mini/templates/_helpers.tpl" <<'EOF'
{{/* A comment outside any template. */}}
{{- define "mini.hello" -}}
hello {{ .name }}
{{- end -}}
EOF
cat >"$mini/templates/cm.yaml" <<'EOF'
{{- if .Values.enabled }}
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Release.Name }}-{{ .Chart.Name }}
  namespace: {{ .Release.Namespace }}
data:
  version: {{ .Chart.AppVersion | quote }}
  {{- /* a comment */}}
  port: {{ .Values.port | quote }}
  hello: {{ include "mini.hello" .Values | quote }}
  and: {{ and .Values.enabled .Values.name | quote }}
  or: {{ or .Values.empty .Values.off "fallback" | quote }}
  not: {{ not .Values.enabled | quote }}
  default: {{ .Values.empty | default "d" | quote }}
  eq: {{ if eq .Values.name "x" "web" }}"yes"{{ else }}"no"{{ end }}
  ne: {{ if ne .Values.name "web" }}"yes"{{ else }}"no"{{ end }}
  elseif: {{ if .Values.off }}"a"{{ else if .Values.enabled }}"b"{{ else }}"c"{{ end }}
  with: {{ with .Values.empty }}"set"{{ else }}"unset"{{ end }}
  withdot: {{ with .Values.nested.inner }}{{ .deep | quote }}{{ end }}
  list: "{{ range $i, $v := .Values.list }}{{ $i }}={{ $v }};{{ end }}"
  map: "{{ range $k, $v := .Values.map }}{{ $k }}={{ $v }};{{ end }}"
  root: "{{ range .Values.list }}{{ $.Release.Name }}/{{ . }};{{ end }}"
  none: "{{ range .Values.nolist }}x{{ else }}none{{ end }}{{ range .Values.nope }}x{{ else }}/nil{{ end }}"
  suffix: {{ "name-" | trimSuffix "-" | quote }}
  printf: {{ printf "%s:%v:%d" .Values.name .Values.port 3 | quote }}
  trunc: {{ "abcdef" | trunc 3 | quote }}
  big: {{ .Values.big | quote }}
  bigyaml: {{ toYaml .Values.big }}
  sha: {{ "" | sha256sum | trunc 8 | quote }}
  var: {{ $x := "v1" }}{{ $x = "v2" }}{{ $x | quote }}
  paren: {{ (printf "%s-%s" .Values.name "x") | quote }}
  yaml: |
    {{- toYaml .Values.obj | nindent 4 }}
  indent: |
{{ toYaml .Values.list | indent 4 }}
  trim: "a
  {{- "b" -}}
  c"
{{- end }}
---
{{- if .Values.off }}
apiVersion: v1
kind: Secret
{{- end }}
EOF
cat >"$t/mini-want.yaml" <<'EOF'
---
# Source: mini/templates/cm.yaml
apiVersion: v1
kind: ConfigMap
metadata:
  name: rel-mini
  namespace: ns1
data:
  version: "9.9"
  port: "8080"
  hello: "hello web"
  and: "web"
  or: "fallback"
  not: "false"
  default: "d"
  eq: "yes"
  ne: "no"
  elseif: "b"
  with: "unset"
  withdot: "x"
  list: "0=b;1=a;"
  map: "a=2;z=1;"
  root: "rel/b;rel/a;"
  none: "none/nil"
  suffix: "name"
  printf: "web:8080:3"
  trunc: "abc"
  big: "1.2345678e+07"
  bigyaml: 12345678
  sha: "e3b0c442"
  var: "v2"
  paren: "web-x"
  yaml: |
    k: v
    l:
    - 1
    - 2
  indent: |
    - b
    - a
  trim: "abc"
EOF
if "${render[@]}" --name rel --namespace ns1 "$mini" >"$t/mini-got.yaml" 2>"$t/err" &&
	cmp -s "$t/mini-want.yaml" "$t/mini-got.yaml"; then
	ok "the renderer: the template subset renders as Go and Helm render it"
else
	bad "the renderer: the subset" "$(cat "$t/err"; diff -u "$t/mini-want.yaml" "$t/mini-got.yaml")"
fi
cp "$mini/templates/cm.yaml" "$t/cm.yaml"
outside() { # DESCRIPTION EXPECTED-MESSAGE LINE-OF-TEMPLATE
	printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  a: %s\n' "$3" >"$mini/templates/cm.yaml"
	if "${render[@]}" "$mini" >/dev/null 2>"$t/err"; then
		bad "the renderer refuses $1 (it rendered)"
	elif grep -q -- "mini/templates/cm.yaml:6: .*$2" "$t/err"; then
		ok "the renderer refuses $1"
	else
		bad "the renderer refuses $1: the message does not say 'cm.yaml:6: ... $2'" "$(cat "$t/err")"
	fi
}
outside "a function outside the subset" "function 'lower' is not in the renderer's subset" '{{ lower .Values.name }}'
outside "'template'" "'template' is not in the renderer's subset" '{{ template "mini.hello" . }}'
outside "Helm's .Files" "nil pointer evaluating .Glob" '{{ .Files.Glob }}'
outside "printing a missing value" "the value is nil" '{{ .Values.nope }}'
outside "printing a list" "cannot print a list" '{{ .Values.list }}'
outside "comparing a number with a string" "incompatible types for comparison" '{{ eq .Values.port "8080" }}'
outside "comparing a number of values.yaml (a float64 in Helm) with an integer" "incompatible types for comparison" '{{ eq .Values.port 8080 }}'
outside "printf %d of a number of values.yaml" "printf %d of a non-integer" '{{ printf "%d" .Values.port }}'
outside "an unclosed if" "unclosed 'if'" '{{ if .Values.enabled }}x'
outside "an unknown template" "no template named 'mini.nope'" '{{ include "mini.nope" . }}'
outside "a bad trim marker" "unexpected '='\\|unsupported syntax" '{{- = }}'
cp "$t/cm.yaml" "$mini/templates/cm.yaml"

# 7. NOTES.txt renders, and says how to uninstall: the hook deletes the
# webhook configuration first, or without it, the user does.
if "${render[@]}" --notes "$chart" >"$t/notes" 2>"$t/err" &&
	grep -q 'a pre-delete hook deletes the webhook configuration first' "$t/notes" &&
	! grep -q 'kubectl delete validatingwebhookconfiguration' "$t/notes" &&
	"${render[@]}" --notes --set webhook.removeOnUninstall=false "$chart" >"$t/notes-nohook" 2>"$t/err" &&
	grep -q 'kubectl delete validatingwebhookconfiguration vakt' "$t/notes-nohook"; then
	ok "NOTES.txt renders and puts the webhook configuration first on uninstall"
else
	bad "NOTES.txt" "$(cat "$t/err" "$t/notes" "$t/notes-nohook")"
fi

# 8. Every value of values.yaml is described in docs/deploy.md (itself, or
# a parent of at least two components, as for webhook.resources).
if out=$(python3 - "$chart/values.yaml" "$root/docs/deploy.md" "$chart/Chart.yaml" 2>&1 <<'PY'
import sys, yaml
values = yaml.safe_load(open(sys.argv[1]))
doc = open(sys.argv[2]).read()
assert yaml.safe_load(open(sys.argv[3]))["apiVersion"] == "v2"
def leaves(v, path):
    if isinstance(v, dict) and v:
        for k, x in v.items():
            yield from leaves(x, path + [k])
    else:
        yield path
missing = []
for p in leaves(values, []):
    cands = [".".join(p[:i]) for i in range(min(2, len(p)), len(p) + 1)]
    if not any(f"`{c}`" in doc for c in cands):
        missing.append(".".join(p))
assert not missing, "not in docs/deploy.md: " + ", ".join(missing)
print(sum(1 for _ in leaves(values, [])))
PY
); then
	ok "docs/deploy.md describes all $out values of values.yaml"
else
	bad "values documentation" "$out"
fi

# 9. vakt scan deploy/ reads the manifests and leaves the templates, which
# are not YAML until rendered, to the checks above (deploy/.vakt.yaml).
"$VAKT" scan --format json "$root/deploy" >"$t/deploy.json" 2>"$t/err"
rc=$?
if out=$(python3 - "$t/deploy.json" 2>&1 <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
assert not r["errors"], r["errors"]
files = {f["location"]["file"] for f in r["findings"]}
assert files and all(f.endswith("/deploy/manifests/vakt.yaml") for f in files), files
loud = [f["rule_id"] for f in r["findings"] if not f["suppressed"] and f["severity"] in ("medium", "high", "critical")]
assert not loud, loud
PY
) && [ $rc -le 1 ]; then
	ok "vakt scan deploy/: the manifests only, no error, nothing above low"
else
	bad "vakt scan deploy/ (exit $rc)" "$(cat "$t/err"; echo "$out")"
fi
echo "1..$n"
