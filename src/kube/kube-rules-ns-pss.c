/* SPDX-License-Identifier: MIT */
/*
 * Namespace Pod Security labels (KN001-KN003), decided over every object of
 * the scan: Namespaces without an enforce label, labels Pod Security
 * Admission cannot parse (it falls back silently), and workloads that their
 * own namespace's enforce level would reject. Always on; the evaluation is
 * the same as --pss (kube-pss.c), at the namespace's level and version.
 */
#include "core/util.h"
#include "kube-model.h"
#include "kube-pss.h"
#include "kube-fix.h"
#include "kube-rules.h"

#define PSA_PREFIX "pod-security.kubernetes.io/"
#define DOC_PSS    "https://kubernetes.io/docs/concepts/security/pod-security-standards/"
#define DOC_PSA    "https://kubernetes.io/docs/concepts/security/pod-security-admission/"
#define DOC_LABELS                                                                                 \
	"https://kubernetes.io/docs/tasks/configure-pod-container/enforce-standards-namespace-"    \
	"labels/"
#define PSA_API_SRC                                                                                \
	"https://github.com/kubernetes/pod-security-admission/blob/master/api/helpers.go"

#define REFS(...)  ((const char *const[]){__VA_ARGS__, NULL})
#define PEERS(...) ((const char *const[]){__VA_ARGS__, NULL})
#define NO_PEERS   ((const char *const[]){NULL})

/* The three modes and what PSA does with a level it cannot parse. */
static const struct kn_mode {
	const char *name;
	const char *fallback;
	const char *effect;
} kn_modes[] = {
    {"enforce", "restricted", "every pod of the namespace is then held to restricted"},
    {"audit", "privileged", "so nothing is audited"},
    {"warn", "privileged", "so nobody is warned"},
};

static const struct vakt_yaml_node *kn_labels(const struct kube_object *o)
{
	const struct vakt_yaml_node *l = vakt_yaml_get(o->metadata, "labels");

	return vakt_yaml_is_map(l) ? l : NULL;
}

/* A label's value as the API server holds it: "" for null, NULL when not a scalar. */
static const char *kn_value(const struct vakt_yaml_node *v)
{
	if (!v || v->kind != VAKT_YAML_SCALAR)
		return NULL;
	return vakt_yaml_is_null(v) ? "" : v->str;
}

/* Where to report about the labels of a Namespace: the labels key, metadata, or the object. */
static const struct vakt_yaml_node *kn_labels_where(const struct kube_object *o)
{
	const struct vakt_yaml_pair *p = vakt_yaml_get_pair(o->metadata, "labels");

	if (p)
		return p->key;
	p = vakt_yaml_get_pair(o->node, "metadata");
	return p ? p->key : o->node;
}

/* KN001: a Namespace without pod-security.kubernetes.io/enforce. */
static void kn_no_enforce(struct vakt_check_ctx *ctx)
{
	const struct kube_check_model *m = ctx->model;

	for (size_t i = 0; m && m->set && i < m->set->n; i++) {
		const struct kube_object *o = &m->set->objs[i];
		const struct vakt_yaml_node *labels;
		bool soft;

		if (o->kind != KUBE_KIND_NAMESPACE)
			continue;
		labels = kn_labels(o);
		if (vakt_yaml_get_pair(labels, PSA_PREFIX "enforce"))
			continue;
		soft = vakt_yaml_get_pair(labels, PSA_PREFIX "audit") ||
		       vakt_yaml_get_pair(labels, PSA_PREFIX "warn");
		kube_emit(ctx, o, NULL, kn_labels_where(o),
		          "namespace \"%.*s\" has no " PSA_PREFIX
		          "enforce label: its pods are admitted at the cluster's default level "
		          "(privileged unless the admission configuration sets another)%s",
		          KUBE_PSS_TEXT_MAX, o->name,
		          soft ? "; its audit and warn labels only report, they never reject a pod"
		               : "");
	}
}

/* KN002: one label of a Namespace that PSA cannot use. */
static void kn_check_label(struct vakt_check_ctx *ctx, const struct kube_object *o,
                           const struct vakt_yaml_pair *p)
{
	const char *key = p->key->str + strlen(PSA_PREFIX);
	const char *val = kn_value(p->value);
	struct kube_pss_policy pol;
	enum kube_pss_level level;

	for (size_t i = 0; i < VAKT_ARRAY_SIZE(kn_modes); i++) {
		const struct kn_mode *md = &kn_modes[i];
		size_t n = strlen(md->name);

		if (strncmp(key, md->name, n))
			continue;
		if (!key[n]) {
			if (val && !kube_pss_parse_level(val, &level))
				return;
			kube_emit(
			    ctx, o, NULL, p->key,
			    "label %.*s: \"%.*s\" is not a Pod Security level (privileged, "
			    "baseline or restricted, lower case): Pod Security Admission falls "
			    "back to %s, %s",
			    KUBE_PSS_TEXT_MAX, p->key->str, KUBE_PSS_TEXT_MAX,
			    val ? val : "<not a string>", md->fallback, md->effect);
			return;
		}
		if (!strcmp(key + n, "-version")) {
			if (val && !kube_pss_parse_version(val, &pol))
				return;
			kube_emit(
			    ctx, o, NULL, p->key,
			    "label %.*s: \"%.*s\" is not a policy version (latest or v1.N, e.g. "
			    "v1.%d): Pod Security Admission falls back to latest",
			    KUBE_PSS_TEXT_MAX, p->key->str, KUBE_PSS_TEXT_MAX,
			    val ? val : "<not a string>", KUBE_PSS_NEWEST_MINOR);
			return;
		}
	}
	kube_emit(ctx, o, NULL, p->key,
	          "label %.*s is not a Pod Security Admission label (enforce, audit, warn and "
	          "their -version): it is ignored",
	          KUBE_PSS_TEXT_MAX, p->key->str);
}

static void kn_invalid_labels(struct vakt_check_ctx *ctx)
{
	const struct kube_check_model *m = ctx->model;

	for (size_t i = 0; m && m->set && i < m->set->n; i++) {
		const struct kube_object *o = &m->set->objs[i];
		const struct vakt_yaml_node *labels;

		if (o->kind != KUBE_KIND_NAMESPACE || !(labels = kn_labels(o)))
			continue;
		for (size_t k = 0; k < labels->n; k++) {
			const struct vakt_yaml_pair *p = &labels->pairs[k];

			if (p->key->kind == VAKT_YAML_SCALAR &&
			    vakt_starts_with(p->key->str, PSA_PREFIX))
				kn_check_label(ctx, o, p);
		}
	}
}

/*
 * The enforce policy of a Namespace as PSA derives it from the labels, and
 * the enforce label's key; NULL when there is none (the cluster default
 * applies, which a manifest cannot tell).
 */
static const struct vakt_yaml_node *kn_enforce_policy(const struct kube_object *ns,
                                                      struct kube_pss_policy *p)
{
	const struct vakt_yaml_node *labels = kn_labels(ns);
	const struct vakt_yaml_pair *lv = vakt_yaml_get_pair(labels, PSA_PREFIX "enforce");
	const struct vakt_yaml_pair *ver = vakt_yaml_get_pair(labels, PSA_PREFIX "enforce-version");
	const char *s;

	if (!lv)
		return NULL;
	s = kn_value(lv->value);
	if (!s || kube_pss_parse_level(s, &p->level) < 0)
		p->level = KUBE_PSS_RESTRICTED;
	s = ver ? kn_value(ver->value) : "latest";
	if (!s || kube_pss_parse_version(s, p) < 0)
		kube_pss_parse_version("latest", p);
	return lv->key;
}

struct kn_ns {
	const char *name;
	const struct kube_object *o;
	size_t order;
};

static int kn_ns_cmp(const void *a, const void *b)
{
	const struct kn_ns *x = a, *y = b;
	int r = strcmp(x->name, y->name);

	if (r)
		return r;
	return x->order < y->order ? -1 : x->order > y->order;
}

/* The first Namespace object named name, or NULL. */
static const struct kube_object *kn_ns_find(const struct kn_ns *v, size_t n, const char *name)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(v[mid].name, name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && !strcmp(v[lo].name, name) ? v[lo].o : NULL;
}

/* "runAsNonRoot, allowPrivilegeEscalation": the failing checks, for the message. Caller frees. */
static char *kn_check_names(const struct kube_pss_result *r)
{
	struct vakt_buf b = VAKT_BUF_INIT;

	for (size_t i = 0; i < r->n; i++)
		vakt_buf_addf(&b, "%s%s", i ? ", " : "", kube_pss_check_name(r->v[i].check));
	return vakt_buf_detach(&b);
}

/* A workload KN003 evaluates: its namespace, the enforce label and its policy. */
struct kn_pending {
	const struct kube_object *o, *ns;
	const struct vakt_yaml_node *label;
	struct kube_pss_policy p;
};

struct kn_eval {
	struct vakt_check_ctx *ctx;
	const struct kn_pending *v;
	size_t n, next;
};

/* KN003 on one workload: kept is the scan's object, whole the same with its whole pod. */
static void kn_evaluate(const struct kube_object *kept, const struct kube_object *whole, void *data)
{
	struct kn_eval *e = data;
	const struct kn_pending *w;
	const struct kube_object *o = kept;
	struct kube_pss_result r = {0};
	const struct kube_pss_item *first;
	char *checks, *why;

	while (e->next < e->n && e->v[e->next].o != kept)
		e->next++;
	if (e->next == e->n)
		return;
	w = &e->v[e->next++];
	kube_pss_evaluate(&w->p, whole->pod_meta, whole->pod_spec, &r);
	if (!r.n)
		return;
	first = &r.v[0].items[0];
	checks = kn_check_names(&r);
	why = kube_pss_result_message(&r);
	if (o->kind == KUBE_KIND_POD)
		kube_emit(e->ctx, o, NULL, first->at,
		          "namespace \"%.*s\" enforces Pod Security \"%s:%s\" (%s:%d): this "
		          "Pod is rejected for %s: %s",
		          KUBE_PSS_TEXT_MAX, o->ns, kube_pss_level_name(w->p.level), w->p.version,
		          w->ns->file, w->label->line, checks, why);
	else
		kube_emit(e->ctx, o, NULL, first->at,
		          "namespace \"%.*s\" enforces Pod Security \"%s:%s\" (%s:%d): "
		          "applying the %s only warns, but every pod it creates is rejected "
		          "for %s: %s",
		          KUBE_PSS_TEXT_MAX, o->ns, kube_pss_level_name(w->p.level), w->p.version,
		          w->ns->file, w->label->line, o->kind_name, checks, why);
	free(checks);
	free(why);
	kube_pss_result_release(&r);
}

/* The workloads KN003 evaluates and the objects to load again (the same, in that order). */
struct kn_work {
	const struct kn_pending *pend;
	const struct kube_object **objs;
};

/* KN003 on pending workloads [lo, hi) (kube_check_split()). */
static void kn_evaluate_part(struct vakt_check_ctx *ctx, size_t lo, size_t hi, void *data)
{
	const struct kn_work *w = data;
	struct kn_eval e = {ctx, w->pend + lo, hi - lo, 0};

	kube_set_reload(w->objs + lo, hi - lo, kn_evaluate, &e);
}

/* Where the second half of pend starts: the file boundary nearest its middle (n: none). */
static size_t kn_split_point(const struct kn_pending *pend, size_t n)
{
	for (size_t d = 0; d <= n / 2; d++) {
		size_t up = n / 2 + d, down = n / 2 - d;

		if (up > 0 && up < n && pend[up].o->src != pend[up - 1].o->src)
			return up;
		if (down > 0 && pend[down].o->src != pend[down - 1].o->src)
			return down;
	}
	return n;
}

/*
 * KN003: a workload its own namespace's enforce label rejects. A scan keeps
 * only part of a pod (kube_object.trimmed): the workloads to evaluate are
 * loaded again, each file once, half the files on a second thread.
 */
static void kn_rejected(struct vakt_check_ctx *ctx)
{
	const struct kube_check_model *m = ctx->model;
	struct kn_ns *nss = NULL;
	struct kn_pending *pend = NULL;
	const struct kube_object **objs = NULL;
	size_t n_ns = 0, cap = 0, n_pend = 0, cap_pend = 0;

	if (!m || !m->set)
		return;
	for (size_t i = 0; i < m->set->n; i++) {
		const struct kube_object *o = &m->set->objs[i];

		if (o->kind != KUBE_KIND_NAMESPACE || !*o->name)
			continue;
		nss = vakt_grow(nss, sizeof(*nss), n_ns + 1, &cap);
		nss[n_ns] = (struct kn_ns){o->name, o, n_ns};
		n_ns++;
	}
	if (n_ns > 1)
		qsort(nss, n_ns, sizeof(*nss), kn_ns_cmp);
	for (size_t i = 0; n_ns && i < m->set->n; i++) {
		const struct kube_object *o = &m->set->objs[i], *ns;
		const struct vakt_yaml_node *label;
		struct kube_pss_policy p;

		if (!kube_kind_has_pod(o->kind) || !o->pod_spec || !o->ns)
			continue;
		if (!(ns = kn_ns_find(nss, n_ns, o->ns)) || !(label = kn_enforce_policy(ns, &p)))
			continue;
		/* Privileged runs no check: nothing to load again. */
		if (p.level == KUBE_PSS_PRIVILEGED)
			continue;
		pend = vakt_grow(pend, sizeof(*pend), n_pend + 1, &cap_pend);
		pend[n_pend++] = (struct kn_pending){o, ns, label, p};
	}
	if (n_pend) {
		struct kn_work w = {pend, NULL};

		objs = vakt_xcalloc(n_pend, sizeof(*objs));
		for (size_t i = 0; i < n_pend; i++)
			objs[i] = pend[i].o;
		w.objs = objs;
		kube_check_split(ctx, n_pend, kn_split_point(pend, n_pend), kn_evaluate_part, &w);
	}
	free(objs);
	free(pend);
	free(nss);
}

const struct vakt_rule kube_rules_ns_pss[] = {
    {
        .id = "KN001",
        .fix = kube_fix_ns_labels,
        .fix_summary = "pod-security.kubernetes.io/enforce: fix.pss (baseline), with warn and "
                       "audit at restricted",
        .slug = "namespace-no-pss-enforce",
        .domain = "kubernetes",
        .severity = VAKT_SEV_LOW,
        .title = "A Namespace has no pod-security.kubernetes.io/enforce label",
        .rationale = "Pod Security Admission enforces the Pod Security Standards per "
                     "namespace, from its labels. Without an enforce label the cluster-wide "
                     "default applies, which is privileged (nothing checked) unless the API "
                     "server's admission configuration says otherwise, and a manifest cannot "
                     "show that. audit and warn labels only report; they never stop a pod.",
        .remediation = "Label the namespace with the level its workloads meet, pinned to a "
                       "version so upgrades do not change it silently:\n"
                       "  metadata:\n"
                       "    labels:\n"
                       "      pod-security.kubernetes.io/enforce: restricted\n"
                       "      pod-security.kubernetes.io/enforce-version: v1.37\n"
                       "      pod-security.kubernetes.io/warn: restricted",
        .references = REFS(DOC_PSA, DOC_LABELS, DOC_PSS),
        .equivalents = NO_PEERS,
        .check = kn_no_enforce,
        .scope = VAKT_SCOPE_SET,
    },
    {
        .id = "KN002",
        .slug = "namespace-pss-label-invalid",
        .domain = "kubernetes",
        .severity = VAKT_SEV_MEDIUM,
        .title = "A Namespace's Pod Security label has a value Pod Security Admission cannot "
                 "parse",
        .rationale = "Pod Security Admission accepts the levels privileged, baseline and "
                     "restricted (lower case) and the versions latest and v1.N. Anything "
                     "else is not refused when the Namespace is applied: PSA falls back "
                     "silently, to restricted for an enforce level (pods that were meant to "
                     "run are rejected), to privileged for audit and warn levels (nothing is "
                     "reported), and to latest for a version (the policy changes with every "
                     "upgrade). Other keys under pod-security.kubernetes.io/ (a typo such as "
                     "enforced) are ignored.",
        .remediation = "Use a valid level and version:\n"
                       "  pod-security.kubernetes.io/enforce: baseline\n"
                       "  pod-security.kubernetes.io/enforce-version: v1.37",
        .references = REFS(DOC_PSA, DOC_LABELS, PSA_API_SRC),
        .equivalents = NO_PEERS,
        .check = kn_invalid_labels,
        .scope = VAKT_SCOPE_SET,
    },
    {
        .id = "KN003",
        .slug = "workload-rejected-by-namespace-pss",
        .domain = "kubernetes",
        .severity = VAKT_SEV_HIGH,
        .title = "A workload's pods would be rejected by its namespace's Pod Security enforce "
                 "level",
        .rationale = "A Namespace in the same scan labels pod-security.kubernetes.io/enforce "
                     "(and enforce-version), and the workload's pod template breaks that level "
                     "as Pod Security Admission evaluates it (the same evaluation as --pss, "
                     "invalid labels read as PSA falls back). A Pod is rejected outright. For "
                     "a Deployment, StatefulSet, Job or other controller, PSA only warns when "
                     "it is applied; the pods it then creates are rejected, so the rollout "
                     "stalls with no running replicas.",
        .remediation = "Fix the pod template to meet the namespace's level (the findings of "
                       "--pss LEVEL:VERSION show each field), or, if the workload really "
                       "needs more, move it to a namespace with a lower level.",
        .references = REFS(DOC_PSA, DOC_PSS),
        .equivalents = NO_PEERS,
        .check = kn_rejected,
        .scope = VAKT_SCOPE_SET,
    },
    {.id = NULL}, /* the end */
};
