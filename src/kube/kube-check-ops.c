/* SPDX-License-Identifier: MIT */
/*
 * Operational rules (KS060-KS080): the service-account token, resource
 * limits and requests (so that one pod cannot starve its neighbours),
 * health probes and the default namespace. Some settings may come from
 * other objects of the scan, in any file: the pod's ServiceAccount and the
 * namespace's LimitRange defaults. The rules that look them up (KS060,
 * KS070, KS071) are VAKT_SCOPE_DEFERRED: they run in end() over every object of
 * the scan, the others per file.
 */
#include "core/util.h"
#include "kube-check.h"

/* KS060: automountServiceAccountToken not false on the pod or its ServiceAccount. */
void kube_check_sa_token(struct vakt_check_ctx *ctx)
{
	const struct kube_object *o = kube_check_pod(ctx), *sa = NULL, *x;
	const struct vakt_yaml_pair *p;
	const char *name, *spec;
	bool b;

	if (!o)
		return;
	spec = o->pod_spec_path ? o->pod_spec_path : "spec";
	name = vakt_yaml_text(vakt_yaml_get(o->pod_spec, "serviceAccountName"));
	if (!name)
		name = vakt_yaml_text(vakt_yaml_get(o->pod_spec, "serviceAccount"));
	if (!name)
		name = "default";
	p = vakt_yaml_get_pair(o->pod_spec, "automountServiceAccountToken");
	if (p && vakt_yaml_bool(p->value, &b)) {
		/* The pod's own setting wins over its ServiceAccount's. */
		if (b)
			kube_emit(ctx, o, NULL, p->key,
			          "the pod sets %s.automountServiceAccountToken=true: every "
			          "container gets an API token of ServiceAccount \"%.*s\"",
			          spec, KUBE_MSG_MAX, name);
		return;
	}
	for (x = kube_model_find(ctx->model, o, "ServiceAccount", name, NULL); x;
	     x = kube_model_find(ctx->model, o, "ServiceAccount", name, x)) {
		if (vakt_yaml_bool(vakt_yaml_get(x->node, "automountServiceAccountToken"), &b) &&
		    !b)
			return;
		sa = x;
	}
	if (sa)
		kube_emit(ctx, o, NULL, kube_pod_spec_where(o),
		          "the pod does not set automountServiceAccountToken=false, nor does its "
		          "ServiceAccount \"%.*s\" (%s:%d): every container gets an API token at "
		          "/var/run/secrets/kubernetes.io/serviceaccount, which an attacker uses "
		          "against the cluster",
		          KUBE_MSG_MAX, name, sa->file ? sa->file : "-",
		          sa->node ? sa->node->line : 0);
	else
		kube_emit(
		    ctx, o, NULL, kube_pod_spec_where(o),
		    "the pod does not set automountServiceAccountToken=false, and its "
		    "ServiceAccount \"%.*s\" is not defined in the scanned files: unless it sets "
		    "automountServiceAccountToken: false, every container gets an API token "
		    "at /var/run/secrets/kubernetes.io/serviceaccount",
		    KUBE_MSG_MAX, name);
}

static void res_or(struct kube_res *r, const struct kube_res *add)
{
	r->cpu |= add->cpu;
	r->memory |= add->memory;
}

static void lr_defaults_or(struct kube_lr_defaults *d, const struct kube_lr_defaults *add)
{
	res_or(&d->limits, &add->limits);
	res_or(&d->requests, &add->requests);
}

static bool is_limit_range(const struct kube_object *o)
{
	return o->kind_name && !strcmp(o->kind_name, "LimitRange");
}

void kube_lr_defaults_add(struct kube_lr_defaults *d, const struct kube_object *lr)
{
	const struct vakt_yaml_node *items = vakt_yaml_path(lr->node, "spec.limits");

	if (!is_limit_range(lr))
		return;
	for (size_t i = 0; vakt_yaml_is_seq(items) && i < items->n; i++) {
		const char *type = vakt_yaml_text(vakt_yaml_get(items->items[i], "type"));
		const struct vakt_yaml_node *def = vakt_yaml_get(items->items[i], "default");

		if (!type || strcmp(type, "Container"))
			continue;
		kube_res_add(&d->limits, def);
		/* Requests default to limits, so a default limit covers its request. */
		kube_res_add(&d->requests, def);
		kube_res_add(&d->requests, vakt_yaml_get(items->items[i], "defaultRequest"));
	}
}

static int lr_ns_cmp(const void *pa, const void *pb)
{
	const struct kube_lr_ns *a = pa, *b = pb;

	return strcmp(a->ns, b->ns);
}

void kube_lr_table_build(struct kube_lr_table *t, const struct kube_set *set)
{
	size_t n = 0;

	*t = (struct kube_lr_table){0};
	for (size_t i = 0; set && i < set->n; i++)
		n += is_limit_range(&set->objs[i]) && set->objs[i].ns;
	/* + 1: never NULL, so the fill below needs no second look at n. */
	t->v = vakt_xcalloc(n + 1, sizeof(*t->v));
	for (size_t i = 0; set && i < set->n; i++) {
		const struct kube_object *o = &set->objs[i];
		struct kube_lr_defaults d = {{false, false}, {false, false}};

		if (!is_limit_range(o))
			continue;
		kube_lr_defaults_add(&d, o);
		lr_defaults_or(&t->all, &d);
		if (!o->ns)
			lr_defaults_or(&t->unset, &d);
		else
			t->v[t->n++] = (struct kube_lr_ns){o->ns, d};
	}
	if (t->n > 1)
		qsort(t->v, t->n, sizeof(*t->v), lr_ns_cmp);
	/* One entry per namespace: fold each run of equal names into its first. */
	n = 0;
	for (size_t i = 0; i < t->n; i++) {
		if (n && !strcmp(t->v[n - 1].ns, t->v[i].ns))
			lr_defaults_or(&t->v[n - 1].d, &t->v[i].d);
		else
			t->v[n++] = t->v[i];
	}
	t->n = n;
}

void kube_lr_table_release(struct kube_lr_table *t)
{
	free(t->v);
	*t = (struct kube_lr_table){0};
}

struct kube_lr_defaults kube_lr_table_get(const struct kube_lr_table *t, const char *ns)
{
	struct kube_lr_ns key = {ns, {{false, false}, {false, false}}};
	const struct kube_lr_ns *hit;
	struct kube_lr_defaults d;

	if (!ns)
		return t->all;
	d = t->unset;
	hit = t->n ? bsearch(&key, t->v, t->n, sizeof(*t->v), lr_ns_cmp) : NULL;
	if (hit)
		lr_defaults_or(&d, &hit->d);
	return d;
}

/*
 * What a container's limits (or requests) are covered by outside the
 * container: pod-level resources and the LimitRange defaults of its
 * namespace. Requests default to limits, so a limit covers its request.
 */
static void res_outside(const struct vakt_check_ctx *ctx, const struct kube_object *o,
                        bool requests, struct kube_res *r)
{
	const struct kube_check_model *m = ctx->model;
	struct kube_lr_defaults d = {{false, false}, {false, false}};

	res_or(r, &o->pod_limits);
	if (requests)
		res_or(r, &o->pod_requests);
	if (m && m->index) {
		/* end(): the namespace's defaults, merged once per scan. */
		d = kube_lr_table_get(&m->index->limit_ranges, o->ns);
	} else {
		for (const struct kube_object *lr = kube_model_find(m, o, "LimitRange", NULL, NULL);
		     lr; lr = kube_model_find(m, o, "LimitRange", NULL, lr))
			kube_lr_defaults_add(&d, lr);
	}
	res_or(r, requests ? &d.requests : &d.limits);
}

/* "cpu", "memory" or "cpu and memory" for what r lacks; NULL when nothing. Static. */
static const char *res_missing(const struct kube_res *r)
{
	if (!r->cpu && !r->memory)
		return "cpu and memory";
	if (!r->cpu)
		return "cpu";
	if (!r->memory)
		return "memory";
	return NULL;
}

static void resources_one(struct vakt_check_ctx *ctx, const struct kube_object *o,
                          const struct kube_container *c, bool requests)
{
	struct kube_res r = c->limits;
	const char *missing;
	unsigned facets;
	char *desc;

	/* The API server forbids resources on ephemeral containers. */
	if (c->type == KUBE_EPHEMERAL_CONTAINER)
		return;
	if (requests)
		res_or(&r, &c->requests);
	if (!res_missing(&r))
		return;
	res_outside(ctx, o, requests, &r);
	if (!(missing = res_missing(&r)))
		return;
	desc = kube_ctr_desc(c);
	facets = (r.cpu ? 0 : KUBE_FACET_CPU) | (r.memory ? 0 : KUBE_FACET_MEMORY);
	if (requests)
		kube_emit_facets(
		    ctx, o, c, kube_where_path(o, c->node, "resources.requests"), facets,
		    "%s sets no %s request (resources.requests): the scheduler places it "
		    "without knowing what it needs, and it is among the first evicted under "
		    "pressure",
		    desc, missing);
	else
		kube_emit_facets(
		    ctx, o, c, kube_where_path(o, c->node, "resources.limits"), facets,
		    "%s sets no %s limit (resources.limits): one runaway or compromised "
		    "container can starve every other pod on the node (the noisy neighbour)",
		    desc, missing);
	free(desc);
}

static void limits_one(struct vakt_check_ctx *ctx, const struct kube_object *o,
                       const struct kube_container *c)
{
	resources_one(ctx, o, c, false);
}

/* KS070: no cpu or memory limit (container, pod-level resources, or LimitRange default). */
void kube_check_no_limits(struct vakt_check_ctx *ctx)
{
	kube_each_container(ctx, false, limits_one);
}

static void requests_one(struct vakt_check_ctx *ctx, const struct kube_object *o,
                         const struct kube_container *c)
{
	resources_one(ctx, o, c, true);
}

/* KS071: no cpu or memory request (a limit implies its request). */
void kube_check_no_requests(struct vakt_check_ctx *ctx)
{
	kube_each_container(ctx, false, requests_one);
}

/* Whether the object's pods are meant to keep running (probes make sense). */
static bool long_running(const struct kube_object *o)
{
	const char *restart = vakt_yaml_text(vakt_yaml_get(o->pod_spec, "restartPolicy"));

	if (o->kind == KUBE_KIND_JOB || o->kind == KUBE_KIND_CRONJOB)
		return false;
	/* A cron-like kind of another project (spec.jobTemplate). */
	if (o->kind == KUBE_KIND_WORKLOAD && strstr(o->pod_spec_path, "jobTemplate"))
		return false;
	return !restart || !strcmp(restart, "Always");
}

static void probe_one(struct vakt_check_ctx *ctx, const struct kube_object *o,
                      const struct kube_container *c, const char *probe, const char *why)
{
	char *desc;

	/* Init and ephemeral containers take no liveness or readiness probes. */
	if (c->type != KUBE_CONTAINER || !long_running(o) ||
	    !vakt_yaml_is_null(vakt_yaml_get(c->node, probe)))
		return;
	desc = kube_ctr_desc(c);
	kube_emit(ctx, o, c, kube_where_path(o, c->node, probe), "%s has no %s: %s", desc, probe,
	          why);
	free(desc);
}

static void liveness_one(struct vakt_check_ctx *ctx, const struct kube_object *o,
                         const struct kube_container *c)
{
	probe_one(ctx, o, c, "livenessProbe",
	          "a process that hangs without exiting is never restarted");
}

/* KS072: no liveness probe on a long-running container. */
void kube_check_no_liveness(struct vakt_check_ctx *ctx)
{
	kube_each_container(ctx, false, liveness_one);
}

static void readiness_one(struct vakt_check_ctx *ctx, const struct kube_object *o,
                          const struct kube_container *c)
{
	probe_one(ctx, o, c, "readinessProbe",
	          "Services send it traffic as soon as it starts, before it can answer");
}

/* KS073: no readiness probe on a long-running container. */
void kube_check_no_readiness(struct vakt_check_ctx *ctx)
{
	kube_each_container(ctx, false, readiness_one);
}

/* KS080: a workload placed in the default namespace. */
void kube_check_default_namespace(struct vakt_check_ctx *ctx)
{
	const struct kube_object *o = kube_check_pod(ctx);

	if (!o || !o->ns || strcmp(o->ns, "default"))
		return;
	kube_emit(ctx, o, NULL, kube_object_where(o, o->metadata, "namespace"),
	          "%s \"%.*s\" is placed in the default namespace, where it shares policies, "
	          "quotas and RBAC with everything else put there by default",
	          o->kind_name ? o->kind_name : "the object", KUBE_MSG_MAX, o->name ? o->name : "");
}
