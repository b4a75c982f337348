/* SPDX-License-Identifier: MIT */
/*
 * vakt fix for namespaces (docs/fix.md): the Pod Security enforce label on
 * a Namespace (KN001), and default-deny NetworkPolicies written to a new
 * file beside the namespace's manifests (KN101, KN102).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/scan.h"
#include "core/util.h"
#include "kube-fix.h"

static struct vakt_yedit *ed(const struct vakt_fix_ctx *ctx)
{
	return ((const struct kube_fix *)ctx->model)->ed;
}

/* KN001: pod-security.kubernetes.io/enforce (fix.pss, else baseline); warn and audit restricted. */
void kube_fix_ns_labels(struct vakt_fix_ctx *ctx, const struct vakt_finding *f)
{
	static const char prefix[] = "metadata.labels.pod-security\\.kubernetes\\.io/";
	const struct kube_object *o;
	const struct kube_container *c;
	const struct vakt_config *cfg = ctx->opts->config;
	const char *level = cfg && cfg->fix_pss ? cfg->fix_pss : "baseline";
	const struct vakt_yaml_node *labels;
	struct vakt_error *err = NULL;
	char *path, *note;
	bool ok;

	if (!kube_fix_locate(ctx, f, &o, &c))
		return;
	if (o->kind != KUBE_KIND_NAMESPACE) {
		vakt_fix_skip(ctx, f, "the finding is not on a Namespace");
		return;
	}
	path = vakt_xasprintf("%senforce", prefix);
	note = vakt_xasprintf("pod-security.kubernetes.io/enforce: %s%s", level,
	                      cfg && cfg->fix_pss ? " (fix.pss)"
	                                          : " (the default; set fix.pss in .vakt.yaml; "
	                                            "workloads it rejects are KN003's findings)");
	ok = kube_fix_ok(
	    ctx, f, vakt_yedit_ensure_path(ed(ctx), o->node, path, level, ctx->rule, note, &err),
	    &err);
	free(path);
	free(note);
	if (!ok || !strcmp(level, "restricted"))
		return;
	/* Warnings and audit at restricted tell what the next step would break, and change nothing.
	 */
	labels = vakt_yaml_get(o->metadata, "labels");
	for (int i = 0; i < 2; i++) {
		const char *mode = i ? "audit" : "warn";
		char key[64];

		snprintf(key, sizeof(key), "pod-security.kubernetes.io/%s", mode);
		if (vakt_yaml_get_pair(labels, key))
			continue;
		err = NULL;
		path = vakt_xasprintf("%s%s", prefix, mode);
		note = vakt_xasprintf("pod-security.kubernetes.io/%s: restricted", mode);
		ok = kube_fix_ok(ctx, f,
		                 vakt_yedit_ensure_path(ed(ctx), o->node, path, "restricted",
		                                        ctx->rule, note, &err),
		                 &err);
		free(path);
		free(note);
		if (!ok)
			return;
	}
}

/* Whether s is a DNS-1123 label (a namespace name). */
static bool dns_label(const char *s)
{
	size_t n = strlen(s);

	return n && n <= 63 && strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789-") == n &&
	       s[0] != '-' && s[n - 1] != '-';
}

/* Whether directory dir holds a kustomization file. */
static bool has_kustomization(const char *dir)
{
	static const char *const names[] = {"kustomization.yaml", "kustomization.yml",
	                                    "Kustomization"};
	struct stat st;

	for (size_t i = 0; i < VAKT_ARRAY_SIZE(names); i++) {
		char *p = vakt_xasprintf("%s/%s", dir, names[i]);
		bool hit = stat(p, &st) == 0;

		free(p);
		if (hit)
			return true;
	}
	return false;
}

static void policy_head(struct vakt_buf *b, const char *name, const char *ns)
{
	vakt_buf_addf(b,
	              "apiVersion: networking.k8s.io/v1\n"
	              "kind: NetworkPolicy\n"
	              "metadata:\n"
	              "  name: %s\n",
	              name);
	if (ns)
		vakt_buf_addf(b, "  namespace: %s\n", ns);
}

/* KN101, KN102: a default-deny policy (egress: with DNS allowed) in NS-default-deny.yaml. */
void kube_fix_default_deny(struct vakt_fix_ctx *ctx, const struct vakt_finding *f)
{
	const struct kube_object *o;
	const struct kube_container *c;
	bool egress = !strcmp(ctx->rule->id, "KN102");
	const char *ns, *slash;
	struct vakt_buf b = VAKT_BUF_INIT;
	char *dir, *path;
	bool kust;

	if (!kube_fix_locate(ctx, f, &o, &c))
		return;
	/* The policy goes where the namespace's objects go: named only when they name it. */
	ns = o->kind == KUBE_KIND_NAMESPACE ? o->name : o->ns;
	if ((ns && !dns_label(ns)) || (o->kind == KUBE_KIND_NAMESPACE && !ns)) {
		vakt_fix_skip(ctx, f, "the namespace's name is not a DNS label");
		return;
	}
	slash = strrchr(ctx->src->path, '/');
	if (!slash)
		dir = vakt_xstrdup(".");
	else if (slash == ctx->src->path)
		dir = vakt_xstrdup("/");
	else
		dir = vakt_xstrndup(ctx->src->path, (size_t)(slash - ctx->src->path));
	path = vakt_xasprintf("%s%s%s%sdefault-deny.yaml", slash ? dir : "",
	                      slash && strcmp(dir, "/") ? "/" : "", ns ? ns : "", ns ? "-" : "");
	kust = has_kustomization(dir);
	if (egress) {
		vakt_buf_addf(&b,
		              "# Written by vakt fix (KN102): no pod of namespace '%s' may connect "
		              "anywhere\n# but DNS until a policy allows it.\n",
		              ns ? ns : "default");
		policy_head(&b, "default-deny-egress", ns);
		vakt_buf_adds(&b, "spec:\n"
		                  "  podSelector: {}\n"
		                  "  policyTypes:\n"
		                  "    - Egress\n"
		                  "---\n"
		                  "# DNS stays open (KN106): cluster DNS in kube-system.\n");
		policy_head(&b, "allow-dns-egress", ns);
		vakt_buf_adds(&b, "spec:\n"
		                  "  podSelector: {}\n"
		                  "  policyTypes:\n"
		                  "    - Egress\n"
		                  "  egress:\n"
		                  "    - to:\n"
		                  "        - namespaceSelector:\n"
		                  "            matchLabels:\n"
		                  "              kubernetes.io/metadata.name: kube-system\n"
		                  "          podSelector:\n"
		                  "            matchLabels:\n"
		                  "              k8s-app: kube-dns\n"
		                  "      ports:\n"
		                  "        - protocol: UDP\n"
		                  "          port: 53\n"
		                  "        - protocol: TCP\n"
		                  "          port: 53\n");
	} else {
		vakt_buf_addf(&b,
		              "# Written by vakt fix (KN101): no pod of namespace '%s' accepts "
		              "connections\n# until a policy allows them.\n",
		              ns ? ns : "default");
		policy_head(&b, "default-deny-ingress", ns);
		vakt_buf_adds(&b, "spec:\n"
		                  "  podSelector: {}\n"
		                  "  policyTypes:\n"
		                  "    - Ingress\n");
	}
	if (vakt_fix_create(ctx, path, vakt_buf_str(&b),
	                    "default-deny %s NetworkPolicy for namespace '%s'%s%s",
	                    egress ? "egress (DNS allowed)" : "ingress", ns ? ns : "default",
	                    egress ? ": add policies for the other egress each workload needs (the "
	                             "Kubernetes API, databases, external services)"
	                           : ": add policies for the traffic each workload needs",
	                    kust ? "; list the file in kustomization.yaml's resources" : "") < 0)
		vakt_fix_skip(ctx, f, "new files are not written here");
	vakt_buf_release(&b);
	free(path);
	free(dir);
}
