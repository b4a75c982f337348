/* SPDX-License-Identifier: MIT */
/*
 * Generate a deterministic corpus of Kubernetes manifests (and compose files)
 * for `make bench`:
 *   gen-manifests DIR COUNT [COMPOSE_COUNT]
 * COUNT manifest files go to DIR/manifests/NNNN/ (100 per directory) and
 * COMPOSE_COUNT compose files (default 0) to DIR/compose/NNN/. The manifests
 * mix every workload kind with Services, ServiceAccounts, ConfigMaps,
 * Namespaces, NetworkPolicies and Lists; about a third of the files hold
 * several documents, some are JSON, some use anchors and merge keys. Settings
 * range from hardened to everything-the-articles-warn-about, and objects are
 * spread over namespaces (some labelled for Pod Security, some with a default
 * deny) so that the cross-file pass has real work. Same seed, same corpus.
 */
#define _POSIX_C_SOURCE 200809L /* open_memstream */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Namespaces the objects are spread over; "default" is used too. */
#define NAMESPACES 120

/* File shapes by share of 100: a lone workload below SHAPE_BUNDLE, and so on. */
#define SHAPE_BUNDLE    40 /* workload, Service, maybe ServiceAccount, ConfigMap, policy */
#define SHAPE_ANCHORS   70 /* a Deployment with anchors and merge keys, and its Service */
#define SHAPE_LIST      76 /* a List holding a Deployment and its Service */
#define SHAPE_JSON      81 /* a Deployment in JSON */
#define SHAPE_NAMESPACE 87 /* a Namespace and its baseline policies */
#define SHAPE_CONFIG    93 /* a ConfigMap and a ServiceAccount */
#define SHAPE_POLICY    98 /* up to 100: a lone NetworkPolicy */

#define GEN_SEED 0x2545f4914f6cdd1dull
#include "gen-rand.h"

static const char *const images[] = {
    "registry.example.com/team/api:1.4.2",
    "registry.example.com/team/worker:2.0",
    ("registry.example.eu/shop/payments:3.0.1@sha256:"
     "9f8e7d6c5b4a39281706f5e4d3c2b1a09f8e7d6c5b4a39281706f5e4d3c2b1a0"),
    "nginx:1.25",
    "nginx",
    "ngnix:1.25",
    "redis:latest",
    "postgres:16",
    "us.gcr.io/shop-analytics/report:2.1",
    "quay.io/prometheus/node-exporter:v1.7.0",
    "docker.io/library/busybox:1.36",
    "gcr.io/distroless/static-debian12:nonroot",
    "myregistry.azurecr.io/app/frontend:5.2.0",
    "123456789012.dkr.ecr.us-east-1.amazonaws.com/batch:0.9",
    "alpine",
    "python:3.12-slim",
};
static const char *const tiers[] = {"frontend", "backend", "db", "cache", "batch", "ops"};
static const char *const secret_env[] = {"DB_PASSWORD", "API_TOKEN", "AWS_SECRET_ACCESS_KEY",
                                         "STRIPE_KEY", "REDIS_PASSWORD"};
static const char *const plain_env[] = {"LOG_LEVEL", "PORT", "NODE_ENV", "REGION", "FEATURES"};
static const char *const caps[] = {"NET_BIND_SERVICE", "SYS_ADMIN", "NET_ADMIN",
                                   "SYS_PTRACE",       "CHOWN",     "NET_RAW"};
static const char *const workloads[] = {"Deployment",  "Deployment", "Deployment",
                                        "StatefulSet", "DaemonSet",  "Job",
                                        "CronJob",     "Pod",        "ReplicaSet"};

/* One generated object's identity, shared by the documents of a file. */
struct ident {
	char name[64];
	char ns[32]; /* empty: no metadata.namespace (the default namespace) */
	unsigned ns_index;
	const char *tier;
	bool hardened;
};

static void line(FILE *f, int ind, const char *fmt, ...)
{
	va_list ap;

	fprintf(f, "%*s", ind, "");
	va_start(ap, fmt);
	vfprintf(f, fmt, ap);
	va_end(ap);
	fputc('\n', f);
}

static void pick_ident(struct ident *id, unsigned i)
{
	unsigned ns = rnd(NAMESPACES);

	snprintf(id->name, sizeof(id->name), "svc-%u", i);
	id->ns_index = ns;
	if (rnd(12) == 0)
		id->ns[0] = '\0';
	else
		snprintf(id->ns, sizeof(id->ns), "team-%03u", ns);
	id->tier = PICK(tiers);
	id->hardened = rnd(3) == 0;
}

static void metadata(FILE *f, int ind, const struct ident *id, const char *suffix, bool labels)
{
	line(f, ind, "metadata:");
	line(f, ind + 2, "name: %s%s", id->name, suffix);
	if (id->ns[0])
		line(f, ind + 2, "namespace: %s", id->ns);
	if (labels) {
		line(f, ind + 2, "labels:");
		line(f, ind + 4, "app: %s", id->name);
		line(f, ind + 4, "tier: %s", id->tier);
		line(f, ind + 4, "app.kubernetes.io/part-of: shop");
	}
	if (rnd(10) == 0) {
		line(f, ind + 2, "annotations:");
		line(f, ind + 4, "vakt.io/ignore: \"KS071,KS072\"");
		line(f, ind + 4, "vakt.io/ignore-reason: \"probes and requests set by the mesh\"");
	}
}

static void security_context(FILE *f, int ind, bool hardened)
{
	if (hardened) {
		line(f, ind, "securityContext:");
		line(f, ind + 2, "allowPrivilegeEscalation: false");
		line(f, ind + 2, "readOnlyRootFilesystem: true");
		line(f, ind + 2, "capabilities:");
		line(f, ind + 4, "drop: [\"ALL\"]");
		if (rnd(4) == 0)
			line(f, ind + 4, "add: [\"NET_BIND_SERVICE\"]");
		return;
	}
	switch (rnd(6)) {
	case 0:
		return; /* nothing at all */
	case 1:
		line(f, ind, "securityContext:");
		line(f, ind + 2, "privileged: true");
		return;
	case 2:
		line(f, ind, "securityContext:");
		line(f, ind + 2, "runAsUser: 0");
		line(f, ind + 2, "capabilities:");
		line(f, ind + 4, "add: [\"%s\", \"%s\"]", PICK(caps), PICK(caps));
		return;
	case 3:
		line(f, ind, "securityContext:");
		line(f, ind + 2, "allowPrivilegeEscalation: true");
		line(f, ind + 2, "procMount: Unmasked");
		line(f, ind + 2, "seccompProfile:");
		line(f, ind + 4, "type: Unconfined");
		return;
	case 4:
		line(f, ind, "securityContext:");
		line(f, ind + 2, "runAsNonRoot: true");
		line(f, ind + 2, "runAsUser: %u", 1000 + rnd(9000));
		line(f, ind + 2, "readOnlyRootFilesystem: true");
		return;
	default:
		line(f, ind, "securityContext:");
		line(f, ind + 2, "allowPrivilegeEscalation: false");
		line(f, ind + 2, "capabilities:");
		line(f, ind + 4, "drop: [\"NET_RAW\"]");
		line(f, ind + 2, "appArmorProfile:");
		line(f, ind + 4, "type: %s", rnd(2) ? "RuntimeDefault" : "Unconfined");
		return;
	}
}

static void container(FILE *f, int ind, const struct ident *id, unsigned n, bool init)
{
	bool hardened = id->hardened;

	line(f, ind, "- name: %s%s", init ? "init-" : "c", n ? "1" : "0");
	line(f, ind + 2, "image: %s", hardened ? images[rnd(3)] : PICK(images));
	if (!init && rnd(4))
		line(f, ind + 2, "imagePullPolicy: %s", rnd(2) ? "IfNotPresent" : "Always");
	if (init) {
		line(f, ind + 2,
		     "command: [\"sh\", \"-c\", \"until nc -z db 5432; do sleep 1; done\"]");
	} else {
		line(f, ind + 2, "args: [\"--port=8080\", \"--log-format=json\"]");
		line(f, ind + 2, "ports:");
		line(f, ind + 4, "- name: http");
		line(f, ind + 6, "containerPort: 8080");
		if (!hardened && rnd(8) == 0)
			line(f, ind + 6, "hostPort: 8080");
		if (rnd(3) == 0) {
			line(f, ind + 4, "- name: metrics");
			line(f, ind + 6, "containerPort: 9090");
			line(f, ind + 6, "protocol: TCP");
		}
	}
	line(f, ind + 2, "env:");
	for (unsigned e = 0, ne = 1 + rnd(4); e < ne; e++) {
		if (rnd(3) == 0) {
			line(f, ind + 4, "- name: %s", PICK(secret_env));
			if (hardened || rnd(2)) {
				line(f, ind + 6, "valueFrom:");
				line(f, ind + 8, "secretKeyRef:");
				line(f, ind + 10, "name: %s-secrets", id->name);
				line(f, ind + 10, "key: password");
			} else {
				line(f, ind + 6, "value: \"hunter2-%u\"", rnd(1000));
			}
		} else {
			line(f, ind + 4, "- name: %s", PICK(plain_env));
			line(f, ind + 6, "value: \"%u\"", rnd(10000));
		}
	}
	security_context(f, ind + 2, hardened);
	if (hardened || rnd(2)) {
		line(f, ind + 2, "resources:");
		line(f, ind + 4, "requests:");
		line(f, ind + 6, "cpu: %um", 50 + 50 * rnd(10));
		line(f, ind + 6, "memory: %uMi", 64 << rnd(4));
		if (hardened || rnd(2)) {
			line(f, ind + 4, "limits:");
			line(f, ind + 6, "cpu: \"%u\"", 1 + rnd(2));
			line(f, ind + 6, "memory: %uMi", 256 << rnd(3));
		}
	}
	if (!init && (hardened || rnd(2))) {
		line(f, ind + 2, "readinessProbe:");
		line(f, ind + 4, "httpGet:");
		line(f, ind + 6, "path: /healthz");
		line(f, ind + 6, "port: http");
		line(f, ind + 4, "periodSeconds: 10");
		line(f, ind + 2, "livenessProbe:");
		line(f, ind + 4, "tcpSocket:");
		line(f, ind + 6, "port: 8080");
	}
	line(f, ind + 2, "volumeMounts:");
	line(f, ind + 4, "- name: tmp");
	line(f, ind + 6, "mountPath: /tmp");
	if (!hardened && rnd(6) == 0) {
		line(f, ind + 4, "- name: docker");
		line(f, ind + 6, "mountPath: /var/run/docker.sock");
	}
}

/* A pod spec at indentation ind (the keys of the spec mapping). */
static void pod_spec(FILE *f, int ind, const struct ident *id, bool job)
{
	bool sock = false;

	if (job)
		line(f, ind, "restartPolicy: %s", rnd(2) ? "OnFailure" : "Never");
	if (rnd(3) == 0)
		line(f, ind, "serviceAccountName: %s", id->name);
	if (id->hardened) {
		line(f, ind, "automountServiceAccountToken: false");
		line(f, ind, "securityContext:");
		line(f, ind + 2, "runAsNonRoot: true");
		line(f, ind + 2, "runAsUser: %u", 10000 + rnd(50000));
		line(f, ind + 2, "runAsGroup: %u", 10000 + rnd(50000));
		line(f, ind + 2, "fsGroup: 2000");
		line(f, ind + 2, "seccompProfile:");
		line(f, ind + 4, "type: RuntimeDefault");
	} else {
		switch (rnd(5)) {
		case 0:
			line(f, ind, "hostNetwork: true");
			line(f, ind, "dnsPolicy: ClusterFirstWithHostNet");
			break;
		case 1:
			line(f, ind, "hostPID: true");
			line(f, ind, "hostIPC: true");
			break;
		case 2:
			line(f, ind, "securityContext:");
			line(f, ind + 2, "sysctls:");
			line(f, ind + 4, "- name: net.core.somaxconn");
			line(f, ind + 6, "value: \"1024\"");
			if (rnd(2)) {
				line(f, ind + 4, "- name: kernel.msgmax");
				line(f, ind + 6, "value: \"65536\"");
			}
			break;
		default:
			break;
		}
	}
	if (rnd(5) == 0) {
		line(f, ind, "initContainers:");
		container(f, ind + 2, id, 0, true);
	}
	line(f, ind, "containers:");
	for (unsigned c = 0, nc = 1 + (rnd(4) == 0); c < nc; c++)
		container(f, ind + 2, id, c, false);
	if (!id->hardened && rnd(6) == 0)
		sock = true;
	line(f, ind, "volumes:");
	line(f, ind + 2, "- name: tmp");
	line(f, ind + 4, "emptyDir: {}");
	if (sock || !id->hardened) {
		line(f, ind + 2, "- name: docker");
		line(f, ind + 4, "hostPath:");
		line(f, ind + 6, "path: /var/run/docker.sock");
	}
	if (rnd(4) == 0) {
		line(f, ind + 2, "- name: config");
		line(f, ind + 4, "configMap:");
		line(f, ind + 6, "name: %s-config", id->name);
	}
	if (rnd(5) == 0) {
		line(f, ind, "nodeSelector:");
		line(f, ind + 2, "kubernetes.io/os: linux");
		line(f, ind, "tolerations:");
		line(f, ind + 2, "- key: dedicated");
		line(f, ind + 4, "operator: Equal");
		line(f, ind + 4, "value: %s", id->tier);
		line(f, ind + 4, "effect: NoSchedule");
	}
}

/* A pod template (metadata and spec) at indentation ind. */
static void template(FILE *f, int ind, const struct ident *id, bool job)
{
	line(f, ind, "template:");
	line(f, ind + 2, "metadata:");
	line(f, ind + 4, "labels:");
	line(f, ind + 6, "app: %s", id->name);
	line(f, ind + 6, "tier: %s", id->tier);
	if (rnd(8) == 0) {
		line(f, ind + 4, "annotations:");
		line(f, ind + 6, "container.apparmor.security.beta.kubernetes.io/c0: unconfined");
	}
	line(f, ind + 2, "spec:");
	pod_spec(f, ind + 4, id, job);
}

static void workload(FILE *f, int ind, const struct ident *id, const char *kind)
{
	bool apps = strcmp(kind, "Job") && strcmp(kind, "CronJob") && strcmp(kind, "Pod");

	line(f, ind, "apiVersion: %s", apps ? "apps/v1" : !strcmp(kind, "Pod") ? "v1" : "batch/v1");
	line(f, ind, "kind: %s", kind);
	metadata(f, ind, id, "", true);
	line(f, ind, "spec:");
	if (!strcmp(kind, "Pod")) {
		pod_spec(f, ind + 2, id, false);
		return;
	}
	if (!strcmp(kind, "CronJob")) {
		line(f, ind + 2, "schedule: \"%u %u * * *\"", rnd(60), rnd(24));
		line(f, ind + 2, "concurrencyPolicy: Forbid");
		line(f, ind + 2, "jobTemplate:");
		line(f, ind + 4, "spec:");
		line(f, ind + 6, "backoffLimit: 2");
		template(f, ind + 6, id, true);
		return;
	}
	if (!strcmp(kind, "Job")) {
		line(f, ind + 2, "backoffLimit: 4");
		template(f, ind + 2, id, true);
		return;
	}
	if (strcmp(kind, "DaemonSet"))
		line(f, ind + 2, "replicas: %u", 1 + rnd(5));
	if (!strcmp(kind, "StatefulSet"))
		line(f, ind + 2, "serviceName: %s", id->name);
	line(f, ind + 2, "selector:");
	line(f, ind + 4, "matchLabels:");
	line(f, ind + 6, "app: %s", id->name);
	template(f, ind + 2, id, false);
}

/* The same workload written with anchors and merge keys, as teams do. */
static void workload_anchored(FILE *f, const struct ident *id)
{
	line(f, 0, "apiVersion: apps/v1");
	line(f, 0, "kind: Deployment");
	line(f, 0, "metadata:");
	line(f, 2, "name: %s", id->name);
	if (id->ns[0])
		line(f, 2, "namespace: %s", id->ns);
	line(f, 2, "labels: &labels");
	line(f, 4, "app: %s", id->name);
	line(f, 4, "tier: %s", id->tier);
	line(f, 0, "spec:");
	line(f, 2, "replicas: 3");
	line(f, 2, "selector:");
	line(f, 4, "matchLabels: *labels");
	line(f, 2, "template:");
	line(f, 4, "metadata:");
	line(f, 6, "labels: *labels");
	line(f, 4, "spec:");
	line(f, 6, "automountServiceAccountToken: %s", id->hardened ? "false" : "true");
	line(f, 6, "containers:");
	line(f, 8, "- &main");
	line(f, 10, "name: main");
	line(f, 10, "image: %s", PICK(images));
	line(f, 10, "securityContext: &sc");
	line(f, 12, "runAsNonRoot: true");
	line(f, 12, "runAsUser: 10001");
	line(f, 12, "allowPrivilegeEscalation: %s", id->hardened ? "false" : "true");
	line(f, 12, "capabilities: {drop: [ALL]}");
	line(f, 10, "resources: &res");
	line(f, 12, "limits: {cpu: 500m, memory: 256Mi}");
	line(f, 12, "requests: {cpu: 100m, memory: 128Mi}");
	line(f, 8, "- <<: *main");
	line(f, 10, "name: sidecar");
	line(f, 10, "image: registry.example.com/ops/envoy:1.29");
	line(f, 10, "securityContext:");
	line(f, 12, "<<: *sc");
	line(f, 12, "readOnlyRootFilesystem: true");
}

static void service(FILE *f, const struct ident *id)
{
	line(f, 0, "apiVersion: v1");
	line(f, 0, "kind: Service");
	metadata(f, 0, id, "", true);
	line(f, 0, "spec:");
	line(f, 2, "type: %s", rnd(5) ? "ClusterIP" : "LoadBalancer");
	line(f, 2, "selector:");
	line(f, 4, "app: %s", id->name);
	line(f, 2, "ports:");
	line(f, 4, "- name: http");
	line(f, 6, "port: 80");
	line(f, 6, "targetPort: http");
}

static void service_account(FILE *f, const struct ident *id)
{
	line(f, 0, "apiVersion: v1");
	line(f, 0, "kind: ServiceAccount");
	metadata(f, 0, id, "", false);
	if (rnd(2))
		line(f, 0, "automountServiceAccountToken: false");
}

static void config_map(FILE *f, const struct ident *id)
{
	line(f, 0, "apiVersion: v1");
	line(f, 0, "kind: ConfigMap");
	metadata(f, 0, id, "-config", false);
	line(f, 0, "data:");
	line(f, 2, "LOG_LEVEL: info");
	line(f, 2, "app.properties: |");
	for (unsigned k = 0, nk = 2 + rnd(8); k < nk; k++)
		line(f, 4, "feature.%u.enabled=%s", k, rnd(2) ? "true" : "false");
}

static void netpol(FILE *f, const struct ident *id, unsigned variant)
{
	line(f, 0, "apiVersion: networking.k8s.io/v1");
	line(f, 0, "kind: NetworkPolicy");
	line(f, 0, "metadata:");
	switch (variant % 5) {
	case 0: /* default deny, both directions */
		line(f, 2, "name: default-deny-%s", id->name);
		if (id->ns[0])
			line(f, 2, "namespace: %s", id->ns);
		line(f, 0, "spec:");
		line(f, 2, "podSelector: {}");
		line(f, 2, "policyTypes: [\"Ingress\", \"Egress\"]");
		return;
	case 1: /* ingress only, no policyTypes */
		line(f, 2, "name: deny-ingress-%s", id->name);
		if (id->ns[0])
			line(f, 2, "namespace: %s", id->ns);
		line(f, 0, "spec:");
		line(f, 2, "podSelector: {}");
		return;
	case 2: /* allow from the frontend tier to this app */
		line(f, 2, "name: %s-from-frontend", id->name);
		if (id->ns[0])
			line(f, 2, "namespace: %s", id->ns);
		line(f, 0, "spec:");
		line(f, 2, "podSelector:");
		line(f, 4, "matchLabels:");
		line(f, 6, "app: %s", id->name);
		line(f, 2, "ingress:");
		line(f, 4, "- from:");
		line(f, 8, "- podSelector:");
		line(f, 12, "matchLabels: {tier: frontend}");
		line(f, 8, "- namespaceSelector:");
		line(f, 12, "matchLabels:");
		line(f, 14, "kubernetes.io/metadata.name: ingress-nginx");
		line(f, 6, "ports:");
		line(f, 8, "- port: http");
		line(f, 8, "- port: 9090");
		line(f, 10, "protocol: TCP");
		return;
	case 3: /* egress to the database tier and DNS */
		line(f, 2, "name: %s-egress", id->name);
		if (id->ns[0])
			line(f, 2, "namespace: %s", id->ns);
		line(f, 0, "spec:");
		line(f, 2, "podSelector:");
		line(f, 4, "matchExpressions:");
		line(f, 6, "- key: tier");
		line(f, 8, "operator: In");
		line(f, 8, "values: [backend, batch]");
		line(f, 2, "policyTypes: [Egress]");
		line(f, 2, "egress:");
		line(f, 4, "- to:");
		line(f, 8, "- podSelector:");
		line(f, 12, "matchLabels: {tier: db}");
		line(f, 8, "- ipBlock:");
		line(f, 12, "cidr: 10.0.0.0/8");
		line(f, 12, "except: [10.96.0.0/12]");
		if (rnd(2)) {
			line(f, 4, "- to:");
			line(f, 8, "- namespaceSelector:");
			line(f, 12, "matchLabels:");
			line(f, 14, "kubernetes.io/metadata.name: kube-system");
			line(f, 10, "podSelector:");
			line(f, 12, "matchLabels: {k8s-app: kube-dns}");
			line(f, 6, "ports:");
			line(f, 8, "- {port: 53, protocol: UDP}");
		}
		return;
	default: /* a typo: selects nothing */
		line(f, 2, "name: %s-typo", id->name);
		if (id->ns[0])
			line(f, 2, "namespace: %s", id->ns);
		line(f, 0, "spec:");
		line(f, 2, "podSelector:");
		line(f, 4, "matchLabels: {app: %s-api}", id->name);
		line(f, 2, "ingress:");
		line(f, 4, "- {}");
		return;
	}
}

static void namespace(FILE *f, unsigned ns)
{
	static const char *const levels[] = {"restricted", "baseline", "privileged", "strict"};

	line(f, 0, "apiVersion: v1");
	line(f, 0, "kind: Namespace");
	line(f, 0, "metadata:");
	line(f, 2, "name: team-%03u", ns);
	if (ns % 3) {
		line(f, 2, "labels:");
		line(f, 4, "pod-security.kubernetes.io/enforce: %s", levels[ns % 4]);
		if (ns % 2)
			line(f, 4, "pod-security.kubernetes.io/enforce-version: v1.%u",
			     20 + ns % 15);
		line(f, 4, "pod-security.kubernetes.io/warn: restricted");
	}
}

static void doc_sep(FILE *f)
{
	fputs("---\n", f);
}

/* A List of a workload and its Service, as `kubectl get -o yaml` writes. */
static void list(FILE *f, const struct ident *id)
{
	line(f, 0, "apiVersion: v1");
	line(f, 0, "kind: List");
	line(f, 0, "items:");
	{
		/* The first key shares the sequence entry's line: "  - apiVersion". */
		char *buf = NULL;
		size_t len = 0;
		FILE *m = open_memstream(&buf, &len);

		if (!m)
			abort();
		workload(m, 4, id, "Deployment");
		if (fclose(m) != 0 || len < 4)
			abort();
		memcpy(buf, "  - ", 4);
		fwrite(buf, 1, len, f);
		free(buf);
	}
	line(f, 2, "- apiVersion: v1");
	line(f, 4, "kind: Service");
	metadata(f, 4, id, "", false);
	line(f, 4, "spec:");
	line(f, 6, "selector: {app: %s}", id->name);
	line(f, 6, "ports: [{port: 80, targetPort: 8080}]");
}

static void json(FILE *f, const struct ident *id)
{
	fprintf(f,
	        "{\n  \"apiVersion\": \"apps/v1\",\n  \"kind\": \"Deployment\",\n"
	        "  \"metadata\": {\n    \"name\": \"%s\",\n",
	        id->name);
	if (id->ns[0])
		fprintf(f, "    \"namespace\": \"%s\",\n", id->ns);
	fprintf(f,
	        "    \"labels\": {\"app\": \"%s\", \"tier\": \"%s\"}\n  },\n"
	        "  \"spec\": {\n    \"replicas\": %u,\n"
	        "    \"selector\": {\"matchLabels\": {\"app\": \"%s\"}},\n"
	        "    \"template\": {\n"
	        "      \"metadata\": {\"labels\": {\"app\": \"%s\", \"tier\": \"%s\"}},\n"
	        "      \"spec\": {\n",
	        id->name, id->tier, 1 + rnd(4), id->name, id->name, id->tier);
	if (id->hardened)
		fputs("        \"automountServiceAccountToken\": false,\n"
		      "        \"securityContext\": {\"runAsNonRoot\": true, \"runAsUser\": 10001, "
		      "\"seccompProfile\": {\"type\": \"RuntimeDefault\"}},\n",
		      f);
	else if (rnd(2))
		fputs("        \"hostNetwork\": true,\n", f);
	fprintf(f,
	        "        \"containers\": [\n          {\n            \"name\": \"app\",\n"
	        "            \"image\": \"%s\",\n"
	        "            \"ports\": [{\"name\": \"http\", \"containerPort\": 8080}],\n"
	        "            \"env\": [{\"name\": \"%s\", \"value\": \"s3cr3t-%u\"}],\n",
	        PICK(images), PICK(secret_env), rnd(1000));
	if (id->hardened)
		fputs(
		    "            \"securityContext\": {\"allowPrivilegeEscalation\": false, "
		    "\"readOnlyRootFilesystem\": true, \"capabilities\": {\"drop\": [\"ALL\"]}},\n"
		    "            \"volumeMounts\": [{\"name\": \"tmp\", \"mountPath\": "
		    "\"/tmp\"}],\n",
		    f);
	else
		fputs("            \"securityContext\": {\"privileged\": true},\n", f);
	fputs("            \"resources\": {\"limits\": {\"cpu\": \"1\", \"memory\": \"512Mi\"}}\n"
	      "          }\n        ],\n"
	      "        \"volumes\": [{\"name\": \"tmp\", \"emptyDir\": {}}]\n"
	      "      }\n    }\n  }\n}\n",
	      f);
}

/* One manifest file of the given shape (0-99); returns the number of documents. */
static unsigned gen_manifest(FILE *f, struct ident *id, unsigned shape)
{
	unsigned docs = 1;

	if (shape >= SHAPE_JSON && shape < SHAPE_NAMESPACE) {
		json(f, id);
		return docs;
	}
	fprintf(f, "# %s: generated by bench/gen-manifests.c\n", id->name);
	if (shape < SHAPE_BUNDLE) {
		workload(f, 0, id, PICK(workloads));
	} else if (shape < SHAPE_ANCHORS) {
		workload(f, 0, id, PICK(workloads));
		doc_sep(f);
		service(f, id);
		docs++;
		if (rnd(2)) {
			doc_sep(f);
			service_account(f, id);
			docs++;
		}
		if (rnd(3) == 0) {
			doc_sep(f);
			config_map(f, id);
			docs++;
		}
		if (rnd(2)) {
			doc_sep(f);
			netpol(f, id, 2 + rnd(3));
			docs++;
		}
	} else if (shape < SHAPE_LIST) {
		workload_anchored(f, id);
		doc_sep(f);
		service(f, id);
		docs++;
	} else if (shape < SHAPE_JSON) {
		list(f, id);
	} else if (shape < SHAPE_CONFIG) {
		/* Two thirds of the namespaces are declared, once each; the rest are only used. */
		static unsigned declared;
		bool declared_here = declared < NAMESPACES * 2 / 3;

		if (declared_here) {
			id->ns_index = declared++;
			snprintf(id->ns, sizeof(id->ns), "team-%03u", id->ns_index);
			namespace(f, id->ns_index);
		} else {
			config_map(f, id);
		}
		for (unsigned p = 0, np = rnd(3); p < np; p++) {
			doc_sep(f);
			netpol(f, id, p == 0 && declared_here ? rnd(2) : 2 + rnd(3));
			docs++;
		}
	} else if (shape < SHAPE_POLICY) {
		config_map(f, id);
		doc_sep(f);
		service_account(f, id);
		docs++;
	} else {
		netpol(f, id, 2 + rnd(3));
	}
	return docs;
}

static void gen_compose(FILE *f, unsigned i)
{
	unsigned n = 2 + rnd(4);

	fprintf(f, "# stack %u: generated by bench/gen-manifests.c\n", i);
	if (rnd(2))
		fputs("version: \"3.8\"\n", f);
	fputs("services:\n", f);
	for (unsigned s = 0; s < n; s++) {
		bool hard = rnd(3) == 0;

		fprintf(f, "  svc%u:\n    image: %s\n", s, PICK(images));
		if (hard) {
			fputs(
			    "    user: \"10001:10001\"\n    read_only: true\n"
			    "    cap_drop: [ALL]\n    security_opt: [\"no-new-privileges:true\"]\n"
			    "    tmpfs: [/tmp]\n",
			    f);
		} else {
			switch (rnd(5)) {
			case 0:
				fputs("    privileged: true\n", f);
				break;
			case 1:
				fputs("    network_mode: host\n    pid: host\n", f);
				break;
			case 2:
				fprintf(f, "    cap_add: [%s]\n", PICK(caps));
				break;
			case 3:
				fputs("    user: root\n", f);
				break;
			default:
				break;
			}
		}
		fprintf(f, "    ports:\n      - \"%s%u:8080\"\n", rnd(2) ? "127.0.0.1:" : "",
		        8000 + s);
		fputs("    environment:\n", f);
		fprintf(f, "      %s: %s\n", PICK(secret_env), rnd(2) ? "hunter2" : "${SECRET}");
		fprintf(f, "      %s: \"%u\"\n", PICK(plain_env), rnd(100));
		if (!hard && rnd(5) == 0)
			fputs("    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock\n",
			      f);
	}
}

static int make_dir(const char *path)
{
	if (mkdir(path, 0755) < 0 && errno != EEXIST) {
		perror(path);
		return -1;
	}
	return 0;
}

static const char *const manifest_names[] = {"deployment.yaml", "app.yml",      "workload.yaml",
                                             "k8s.yaml",        "release.yaml", "manifest.yml"};

int main(int argc, char **argv)
{
	char path[4096];
	unsigned count, compose = 0, docs = 0;

	if (argc != 3 && argc != 4) {
		fprintf(stderr, "usage: gen-manifests DIR COUNT [COMPOSE_COUNT]\n");
		return 2;
	}
	count = (unsigned)strtoul(argv[2], NULL, 10);
	if (argc == 4)
		compose = (unsigned)strtoul(argv[3], NULL, 10);
	snprintf(path, sizeof(path), "%s/manifests", argv[1]);
	if (make_dir(argv[1]) || make_dir(path))
		return 1;
	for (unsigned i = 0; i < count; i++) {
		struct ident id;
		unsigned shape;
		FILE *f;

		snprintf(path, sizeof(path), "%s/manifests/%04u", argv[1], i / 100);
		if (make_dir(path))
			return 1;
		pick_ident(&id, i);
		shape = rnd(100);
		/* Vary the names the discovery must recognise. */
		if (shape >= SHAPE_JSON && shape < SHAPE_NAMESPACE)
			snprintf(path, sizeof(path), "%s/manifests/%04u/svc-%u.json", argv[1],
			         i / 100, i);
		else if (i % 10 == 0)
			snprintf(path, sizeof(path), "%s/manifests/%04u/svc-%u-%s", argv[1],
			         i / 100, i, manifest_names[(i / 10) % 6]);
		else
			snprintf(path, sizeof(path), "%s/manifests/%04u/svc-%u.yaml", argv[1],
			         i / 100, i);
		f = fopen(path, "w");
		if (!f) {
			perror(path);
			return 1;
		}
		docs += gen_manifest(f, &id, shape);
		if (fclose(f) != 0) {
			perror(path);
			return 1;
		}
	}
	if (compose) {
		snprintf(path, sizeof(path), "%s/compose", argv[1]);
		if (make_dir(path))
			return 1;
	}
	for (unsigned i = 0; i < compose; i++) {
		FILE *f;

		snprintf(path, sizeof(path), "%s/compose/%03u", argv[1], i);
		if (make_dir(path))
			return 1;
		snprintf(path, sizeof(path), "%s/compose/%03u/docker-compose.yml", argv[1], i);
		f = fopen(path, "w");
		if (!f) {
			perror(path);
			return 1;
		}
		gen_compose(f, i);
		if (fclose(f) != 0) {
			perror(path);
			return 1;
		}
	}
	printf("%u manifest files, %u documents, %u compose files\n", count, docs, compose);
	return 0;
}
