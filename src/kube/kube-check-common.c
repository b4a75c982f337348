/* SPDX-License-Identifier: MIT */
/* Helpers shared by the hardened profile's checks (KS rules). */
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

const struct kube_object *kube_set_find(const struct kube_set *set, const struct kube_object *o,
                                        const char *kind, const char *name,
                                        const struct kube_object *from)
{
	enum kube_kind k = kube_kind_from_name(kind);
	size_t i = 0;

	if (!set || !set->objs)
		return NULL;
	if (from)
		i = (size_t)(from - set->objs) + 1;
	for (; i < set->n; i++) {
		const struct kube_object *x = &set->objs[i];

		/* The enum first: this runs once per pod over every object of its file. */
		if (x == o || x->kind != k || !x->kind_name || strcmp(x->kind_name, kind))
			continue;
		if (name && (!x->name || strcmp(x->name, name)))
			continue;
		if (same_namespace(x->ns, o->ns))
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
