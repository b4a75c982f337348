/* SPDX-License-Identifier: MIT */
/* Helpers shared by the hardened profile's checks (KS rules). */
#include <stdint.h>

#include "core/util.h"
#include "kube-check.h"

/* The longest dotted path kube_where_path() walks, in bytes. */
#define KUBE_WHERE_MAX_PATH 128

const struct kube_object *kube_check_pod(const struct vakt_check_ctx *ctx)
{
	const struct kube_check_model *m = ctx->model;

	if (!m || !m->obj || !kube_kind_has_pod(m->obj->kind) ||
	    !vakt_yaml_is_map(m->obj->pod_spec))
		return NULL;
	return m->obj;
}

const struct vakt_yaml_node *kube_pod_sc(const struct kube_object *o)
{
	const struct vakt_yaml_node *sc = vakt_yaml_get(o->pod_spec, "securityContext");

	return vakt_yaml_is_map(sc) ? sc : NULL;
}

const struct vakt_yaml_node *kube_ctr_sc(const struct kube_container *c)
{
	const struct vakt_yaml_node *sc = vakt_yaml_get(c->node, "securityContext");

	return vakt_yaml_is_map(sc) ? sc : NULL;
}

/* The pair of key in map when its value is set (an explicit null is unset). */
static const struct vakt_yaml_pair *set_pair(const struct vakt_yaml_node *map, const char *key)
{
	const struct vakt_yaml_pair *p = vakt_yaml_get_pair(map, key);

	if (!p || vakt_yaml_is_null(p->value))
		return NULL;
	return p;
}

bool kube_sc_effective(const struct kube_object *o, const struct kube_container *c, const char *key,
                       bool inherit, struct kube_setting *s)
{
	const struct vakt_yaml_pair *p = set_pair(kube_ctr_sc(c), key);

	s->pod_level = false;
	if (!p && inherit) {
		p = set_pair(kube_pod_sc(o), key);
		s->pod_level = p != NULL;
	}
	s->key = p ? p->key : NULL;
	s->value = p ? p->value : NULL;
	return p != NULL;
}

bool kube_setting_true(const struct kube_setting *s)
{
	bool b;

	return s->value && vakt_yaml_bool(s->value, &b) && b;
}

const struct vakt_yaml_node *kube_where_path(const struct kube_object *o,
                                             const struct vakt_yaml_node *base, const char *dotted)
{
	char part[KUBE_WHERE_MAX_PATH];
	const struct vakt_yaml_node *cur = base, *at = base;
	const char *p = dotted;

	while (p && *p && vakt_yaml_is_map(cur)) {
		size_t n = strcspn(p, ".");
		const struct vakt_yaml_pair *pair;

		if (n >= sizeof(part))
			break;
		memcpy(part, p, n);
		part[n] = '\0';
		pair = vakt_yaml_get_pair(cur, part);
		if (!pair)
			break;
		at = pair->key;
		cur = pair->value;
		p += n;
		if (*p == '.')
			p++;
	}
	return at ? at : kube_object_where(o, NULL, NULL);
}

const struct vakt_yaml_node *kube_pod_spec_where(const struct kube_object *o)
{
	const char *path = o->pod_spec_path ? o->pod_spec_path : "spec";
	const char *dot = strrchr(path, '.');
	const struct vakt_yaml_node *parent = o->node;
	const struct vakt_yaml_pair *p;

	if (dot) {
		char *head = vakt_xstrndup(path, (size_t)(dot - path));

		parent = vakt_yaml_path(o->node, head);
		free(head);
	}
	p = vakt_yaml_get_pair(parent, dot ? dot + 1 : path);
	if (p && p->value == o->pod_spec)
		return p->key;
	return o->pod_spec ? o->pod_spec : kube_object_where(o, NULL, NULL);
}

bool kube_pod_is_windows(const struct kube_object *o)
{
	const char *os = vakt_yaml_text(vakt_yaml_path(o->pod_spec, "os.name"));

	return os && !strcmp(os, "windows");
}

char *kube_ctr_desc(const struct kube_container *c)
{
	const char *what = c->type == KUBE_INIT_CONTAINER        ? "init container"
	                   : c->type == KUBE_EPHEMERAL_CONTAINER ? "ephemeral container"
	                                                         : "container";

	if (!c->name || !*c->name)
		return vakt_xasprintf("unnamed %s at index %zu", what, c->index);
	return vakt_xasprintf("%s \"%.*s\"", what, KUBE_MSG_MAX, c->name);
}

char *kube_setting_path(const struct kube_object *o, const struct kube_setting *s, const char *key)
{
	if (s->pod_level)
		return vakt_xasprintf("%s.securityContext.%s",
		                      o->pod_spec_path ? o->pod_spec_path : "spec", key);
	return vakt_xasprintf("securityContext.%s", key);
}

const char *kube_node_text(const struct vakt_yaml_node *n)
{
	if (!n)
		return "<unset>";
	if (vakt_yaml_is_map(n))
		return "<mapping>";
	if (vakt_yaml_is_seq(n))
		return "<list>";
	return n->str ? n->str : "";
}

/* Whether two objects may share a namespace (unset matches any). */
static bool same_namespace(const char *a, const char *b)
{
	return !a || !b || !strcmp(a, b);
}

/* x's kind, then name (name NULL: the kind alone), against a key: <0, 0, >0. */
static int key_cmp(const struct kube_object *x, enum kube_kind k, const char *kind,
                   const char *name)
{
	int c;

	if (x->kind != k)
		return x->kind < k ? -1 : 1;
	if ((c = strcmp(x->kind_name ? x->kind_name : "", kind)))
		return c;
	return name ? strcmp(x->name ? x->name : "", name) : 0;
}

/* The index's order: kind, name, then the set's order (deterministic). */
static int index_cmp(const void *pa, const void *pb)
{
	const struct kube_object *a = *(const struct kube_object *const *)pa;
	const struct kube_object *b = *(const struct kube_object *const *)pb;
	int c = key_cmp(a, b->kind, b->kind_name ? b->kind_name : "", b->name ? b->name : "");

	if (c)
		return c;
	return a < b ? -1 : a > b;
}

/* Namespaces in by_ns order: unset first, then by name. */
static int ns_cmp(const char *a, const char *b)
{
	if (!a || !b)
		return !a && !b ? 0 : !a ? -1 : 1;
	return strcmp(a, b);
}

/* by_ns order: kind, name, namespace, then the set's order. */
static int index_ns_cmp(const void *pa, const void *pb)
{
	const struct kube_object *a = *(const struct kube_object *const *)pa;
	const struct kube_object *b = *(const struct kube_object *const *)pb;
	int c = key_cmp(a, b->kind, b->kind_name ? b->kind_name : "", b->name ? b->name : "");

	if (c || (c = ns_cmp(a->ns, b->ns)))
		return c;
	return a < b ? -1 : a > b;
}

void kube_index_build(struct kube_index *ix, const struct kube_set *set)
{
	ix->n = set ? set->n : 0;
	ix->base = ix->n ? set->objs : NULL;
	ix->v = ix->n ? vakt_xcalloc(ix->n, sizeof(*ix->v)) : NULL;
	ix->by_ns = ix->n ? vakt_xcalloc(ix->n, sizeof(*ix->by_ns)) : NULL;
	ix->pos = ix->n ? vakt_xcalloc(ix->n, sizeof(*ix->pos)) : NULL;
	for (size_t i = 0; i < ix->n; i++)
		ix->v[i] = ix->by_ns[i] = &set->objs[i];
	if (ix->n > 1) {
		qsort(ix->v, ix->n, sizeof(*ix->v), index_cmp);
		qsort(ix->by_ns, ix->n, sizeof(*ix->by_ns), index_ns_cmp);
	}
	for (size_t i = 0; i < ix->n; i++)
		ix->pos[ix->v[i] - ix->base] = i;
	kube_lr_table_build(&ix->limit_ranges, set);
}

void kube_index_release(struct kube_index *ix)
{
	free(ix->v);
	free(ix->by_ns);
	free(ix->pos);
	kube_lr_table_release(&ix->limit_ranges);
	*ix = (struct kube_index){0};
}

/* The first position of ix at or after key (k, kind, name). */
static size_t index_lower(const struct kube_index *ix, enum kube_kind k, const char *kind,
                          const char *name)
{
	size_t lo = 0, hi = ix->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (key_cmp(ix->v[mid], k, kind, name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/*
 * In by_ns: the first object after `from` (NULL: the first) among those of
 * key (k, kind, name) in namespace ns (NULL: unset), never o; NULL when none.
 */
static const struct kube_object *index_ns_next(const struct kube_index *ix,
                                               const struct kube_object *o, enum kube_kind k,
                                               const char *kind, const char *name, const char *ns,
                                               const struct kube_object *from)
{
	size_t lo = 0, hi = ix->n;

	/* The first entry not before (key, ns, from + 1): the run is in set order. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct kube_object *x = ix->by_ns[mid];
		int c = key_cmp(x, k, kind, name);

		if (!c)
			c = ns_cmp(x->ns, ns);
		if (!c)
			c = from && x <= from ? -1 : 1;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < ix->n; lo++) {
		const struct kube_object *x = ix->by_ns[lo];

		if (key_cmp(x, k, kind, name) || ns_cmp(x->ns, ns))
			return NULL;
		if (x != o)
			return x;
	}
	return NULL;
}

static const struct kube_object *index_find(const struct kube_index *ix,
                                            const struct kube_object *o, enum kube_kind k,
                                            const char *kind, const char *name,
                                            const struct kube_object *from)
{
	size_t i;

	/*
	 * From a namespace, the matches are the objects of that namespace and
	 * those without one: the next of each, whichever comes first in the set
	 * (the order a walk of the set would give).
	 */
	if (o->ns && name) {
		const struct kube_object *a = index_ns_next(ix, o, k, kind, name, NULL, from);
		const struct kube_object *b = index_ns_next(ix, o, k, kind, name, o->ns, from);

		return !a ? b : !b ? a : a < b ? a : b;
	}
	if (from) {
		/* from is an earlier result, an object of the set: resume right after it. */
		size_t at = (size_t)((uintptr_t)from - (uintptr_t)ix->base) / sizeof(*from);

		if (at >= ix->n)
			return NULL;
		i = ix->pos[at] + 1;
	} else {
		i = index_lower(ix, k, kind, name);
	}

	for (; i < ix->n && !key_cmp(ix->v[i], k, kind, name); i++)
		if (ix->v[i] != o && same_namespace(ix->v[i]->ns, o->ns))
			return ix->v[i];
	return NULL;
}

const struct kube_object *kube_model_find(const struct kube_check_model *m,
                                          const struct kube_object *o, const char *kind,
                                          const char *name, const struct kube_object *from)
{
	enum kube_kind k = kube_kind_from_name(kind);
	const struct kube_set *set = m ? m->set : NULL;
	size_t i = 0;

	if (m && m->index)
		return index_find(m->index, o, k, kind, name, from);
	if (!set || !set->objs)
		return NULL;
	if (from)
		i = (size_t)(from - set->objs) + 1;
	for (; i < set->n; i++) {
		const struct kube_object *x = &set->objs[i];

		if (x != o && !key_cmp(x, k, kind, name) && same_namespace(x->ns, o->ns))
			return x;
	}
	return NULL;
}

void kube_each_container(struct vakt_check_ctx *ctx, bool linux_only, kube_ctr_fn *fn)
{
	const struct kube_object *o = kube_check_pod(ctx);

	if (!o || (linux_only && kube_pod_is_windows(o)))
		return;
	for (size_t i = 0; i < o->n_containers; i++)
		fn(ctx, o, &o->containers[i]);
}

char *kube_misplaced_hint(const struct kube_object *o, const char *key)
{
	if (!vakt_yaml_get_pair(kube_pod_sc(o), key))
		return vakt_xstrdup("");
	return vakt_xasprintf(" (%s.securityContext.%s is not a pod-level field: the API server "
	                      "rejects or drops it)",
	                      o->pod_spec_path ? o->pod_spec_path : "spec", key);
}

void kube_names_add(struct kube_names *ix, const struct vakt_yaml_node *seq, size_t owner)
{
	for (size_t i = 0; vakt_yaml_is_seq(seq) && i < seq->n; i++) {
		const char *name = vakt_yaml_text(vakt_yaml_get(seq->items[i], "name"));

		if (!name)
			continue;
		ix->v = vakt_grow(ix->v, sizeof(*ix->v), ix->n + 1, &ix->cap);
		ix->v[ix->n++] = (struct kube_named){name, owner, i, seq->items[i]};
	}
}

static int named_cmp(const void *pa, const void *pb)
{
	const struct kube_named *a = pa, *b = pb;
	int c = strcmp(a->name, b->name);

	if (c)
		return c;
	if (a->owner != b->owner)
		return a->owner < b->owner ? -1 : 1;
	return (a->index > b->index) - (a->index < b->index);
}

void kube_names_sort(struct kube_names *ix)
{
	if (ix->n > 1)
		qsort(ix->v, ix->n, sizeof(*ix->v), named_cmp);
}

size_t kube_names_find(const struct kube_names *ix, const char *name, size_t *lo)
{
	size_t a = 0, b = ix->n, hi;

	while (a < b) {
		size_t mid = a + (b - a) / 2;

		if (strcmp(ix->v[mid].name, name) < 0)
			a = mid + 1;
		else
			b = mid;
	}
	*lo = a;
	for (hi = a; hi < ix->n && !strcmp(ix->v[hi].name, name); hi++)
		;
	return hi;
}

void kube_names_release(struct kube_names *ix)
{
	free(ix->v);
	*ix = (struct kube_names){0};
}
