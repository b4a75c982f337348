/* SPDX-License-Identifier: MIT */
/*
 * The pod as the Pod Security Standards checks read it: the way the API
 * server decodes it (explicit nulls are unset, a field of the wrong type is
 * ignored, booleans are YAML booleans, never quoted strings), its containers
 * in PSA's order, the annotations that name a container, and the pieces of
 * PSA's messages that say who set a bad value. The checks themselves are in
 * kube-pss-baseline.c and kube-pss-restricted.c.
 */
#include <stdio.h>

#include "kube-pss-priv.h"

/* --- reading the tree ----------------------------------------------------------- */

/* The pair of key in map when its value is set (an explicit null is unset). */
const struct vakt_yaml_pair *pss_set_pair(const struct vakt_yaml_node *map, const char *key)
{
	const struct vakt_yaml_pair *p = vakt_yaml_get_pair(map, key);

	return p && !vakt_yaml_is_null(p->value) ? p : NULL;
}

/* A mapping value (a pointer-to-struct field that is not nil), else NULL. */
const struct vakt_yaml_node *pss_map_val(const struct vakt_yaml_node *map, const char *key)
{
	const struct vakt_yaml_node *v = vakt_yaml_get(map, key);

	return vakt_yaml_is_map(v) ? v : NULL;
}

const struct vakt_yaml_node *pss_seq_val(const struct vakt_yaml_node *map, const char *key)
{
	const struct vakt_yaml_node *v = vakt_yaml_get(map, key);

	return vakt_yaml_is_seq(v) ? v : NULL;
}

/* A boolean field: whether it is set to a YAML boolean, and which. */
bool pss_bool_val(const struct vakt_yaml_node *map, const char *key, bool *out)
{
	const struct vakt_yaml_pair *p = pss_set_pair(map, key);

	return p && vakt_yaml_bool(p->value, out);
}

bool pss_is_true(const struct vakt_yaml_node *map, const char *key)
{
	bool b;

	return pss_bool_val(map, key, &b) && b;
}

/* A string field as Go sees it: "" when unset, null or not a scalar. */
const char *pss_str_val(const struct vakt_yaml_node *map, const char *key)
{
	const struct vakt_yaml_node *v = vakt_yaml_get(map, key);

	if (!v || v->kind != VAKT_YAML_SCALAR || vakt_yaml_is_null(v))
		return "";
	return v->str;
}

/* A scalar list item as Go sees a string: "" for null. NULL when not a scalar. */
const char *pss_item_str(const struct vakt_yaml_node *n)
{
	if (!n || n->kind != VAKT_YAML_SCALAR)
		return NULL;
	return vakt_yaml_is_null(n) ? "" : n->str;
}

/*
 * Where to report a field below base (k1.k2.k3) that is missing or wrong:
 * the key of the deepest part of the path that exists, else base itself.
 */
const struct vakt_yaml_node *pss_where(const struct vakt_yaml_node *base, const char *k1,
                                       const char *k2, const char *k3)
{
	const char *keys[] = {k1, k2, k3};
	const struct vakt_yaml_node *cur = base, *at = base;

	for (size_t i = 0; i < VAKT_ARRAY_SIZE(keys) && keys[i]; i++) {
		const struct vakt_yaml_pair *p = vakt_yaml_get_pair(cur, keys[i]);

		if (!p)
			break;
		at = p->key;
		cur = p->value;
	}
	return at;
}

bool pss_in_list(const char *s, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(s, list[i]))
			return true;
	return false;
}

/* --- the pod ------------------------------------------------------------------ */

void pss_pod_init(struct pss_pod *pod, const struct vakt_yaml_node *meta,
                  const struct vakt_yaml_node *spec)
{
	static const char *const lists[] = {"initContainers", "containers", "ephemeralContainers"};
	const char *os;
	bool b;

	memset(pod, 0, sizeof(*pod));
	pod->meta = vakt_yaml_is_map(meta) ? meta : NULL;
	pod->spec = vakt_yaml_is_map(spec) ? spec : NULL;
	pod->sc = pss_map_val(pod->spec, "securityContext");
	pod->annotations = pss_map_val(pod->meta, "annotations");
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(lists); i++) {
		const struct vakt_yaml_node *l = vakt_yaml_get(pod->spec, lists[i]);

		pod->lists[i] = vakt_yaml_is_seq(l) ? l : NULL;
	}
	os = vakt_yaml_text(vakt_yaml_get(pss_map_val(pod->spec, "os"), "name"));
	pod->windows = os && !strcmp(os, "windows");
	pod->userns = vakt_yaml_bool(vakt_yaml_get(pod->spec, "hostUsers"), &b) && !b;
}

/* --- containers ---------------------------------------------------------------- */

/* The next container mapping in PSA's order: init, regular, ephemeral. */
const struct vakt_yaml_node *pss_next_container(const struct pss_pod *pod, struct pss_iter *it)
{
	while (it->list < VAKT_ARRAY_SIZE(pod->lists)) {
		const struct vakt_yaml_node *seq = pod->lists[it->list];

		if (seq && it->i < seq->n) {
			const struct vakt_yaml_node *c = seq->items[it->i++];

			if (vakt_yaml_is_map(c))
				return c;
			continue;
		}
		it->list++;
		it->i = 0;
	}
	return NULL;
}

const char *pss_ctr_name(const struct vakt_yaml_node *c)
{
	return pss_str_val(c, "name");
}

const struct vakt_yaml_node *pss_ctr_sc(const struct vakt_yaml_node *c)
{
	return pss_map_val(c, "securityContext");
}

/* `container "app"` into b. */
void pss_buf_ctr(struct vakt_buf *b, const struct vakt_yaml_node *c)
{
	vakt_buf_adds(b, "container ");
	pss_buf_quote(b, pss_ctr_name(c));
}

/* A new detail string: `container "app"` + the formatted rest. Caller owns it. */
char *pss_ctr_detail(const struct vakt_yaml_node *c, const char *fmt, ...)
{
	struct vakt_buf b = VAKT_BUF_INIT;
	va_list ap;

	if (c)
		pss_buf_ctr(&b, c);
	else
		vakt_buf_adds(&b, "pod");
	va_start(ap, fmt);
	vakt_buf_vaddf(&b, fmt, ap);
	va_end(ap);
	return vakt_buf_detach(&b);
}

/* `pod or container "app"` + rest, for a setting either may make. Caller owns it. */
char *pss_pod_or_ctr(const struct vakt_yaml_node *c, const char *rest)
{
	struct vakt_buf b = VAKT_BUF_INIT;

	vakt_buf_adds(&b, "pod or ");
	pss_buf_ctr(&b, c);
	vakt_buf_adds(&b, rest);
	return vakt_buf_detach(&b);
}

/* `pod and containers "a", "b"`: who set a bad value, as PSA lists them. */
void pss_buf_setters(struct vakt_buf *b, bool pod, const struct pss_list *ctrs, const char *also)
{
	bool any = false;

	if (pod) {
		vakt_buf_adds(b, "pod");
		any = true;
	}
	if (ctrs && pss_list_count(ctrs)) {
		if (any)
			vakt_buf_adds(b, " and ");
		pss_buf_plural(b, "container ", "containers ", pss_list_count(ctrs));
		pss_buf_join(b, ctrs, ", ", true);
		any = true;
	}
	if (also) {
		if (any)
			vakt_buf_adds(b, " and ");
		vakt_buf_adds(b, also);
	}
}

static int named_cmp(const void *a, const void *b)
{
	const struct pss_named *x = a, *y = b;
	int r = strcmp(x->name, y->name);

	if (r)
		return r;
	return x->order < y->order ? -1 : x->order > y->order;
}

/* Sorted index of the containers by name. Caller frees. */
struct pss_named *pss_names_index(const struct pss_pod *pod, size_t *n)
{
	struct pss_named *v = NULL;
	const struct vakt_yaml_node *c;
	size_t cap = 0;

	*n = 0;
	PSS_EACH_CONTAINER(pod, c)
	{
		v = vakt_grow(v, sizeof(*v), *n + 1, &cap);
		v[*n] = (struct pss_named){pss_ctr_name(c), c, *n};
		(*n)++;
	}
	if (*n > 1)
		qsort(v, *n, sizeof(*v), named_cmp);
	return v;
}

/* The first container called name, or NULL. */
const struct vakt_yaml_node *pss_names_find(const struct pss_named *v, size_t n, const char *name)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(v[mid].name, name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && !strcmp(v[lo].name, name) ? v[lo].c : NULL;
}

/* --- annotations --------------------------------------------------------------- */

static int pair_key_cmp(const void *a, const void *b)
{
	const struct vakt_yaml_pair *x = *(const struct vakt_yaml_pair *const *)a;
	const struct vakt_yaml_pair *y = *(const struct vakt_yaml_pair *const *)b;
	size_t n = x->key->len < y->key->len ? x->key->len : y->key->len;
	int r = memcmp(x->key->str, y->key->str, n);

	if (r)
		return r;
	if (x->key->len != y->key->len)
		return x->key->len < y->key->len ? -1 : 1;
	/* Same key: document order, so the last one (the one Go keeps) comes last. */
	return x < y ? -1 : x > y;
}

static bool same_key(const struct vakt_yaml_pair *x, const struct vakt_yaml_pair *y)
{
	return x->key->len == y->key->len && !memcmp(x->key->str, y->key->str, x->key->len);
}

/*
 * The annotations whose key starts with prefix and whose value is a scalar,
 * as a Go map holds them (the last of duplicated keys), sorted by key.
 * Caller frees the array; the pairs are borrowed.
 */
const struct vakt_yaml_pair **pss_annotations_with(const struct pss_pod *pod, const char *prefix,
                                                   size_t *n)
{
	const struct vakt_yaml_node *a = pod->annotations;
	const struct vakt_yaml_pair **v = NULL;
	size_t cap = 0, plen = strlen(prefix), k = 0;

	*n = 0;
	for (size_t i = 0; a && i < a->n; i++) {
		const struct vakt_yaml_pair *p = &a->pairs[i];

		if (p->key->kind != VAKT_YAML_SCALAR || p->key->len < plen ||
		    memcmp(p->key->str, prefix, plen))
			continue;
		v = vakt_grow(v, sizeof(*v), *n + 1, &cap);
		v[(*n)++] = p;
	}
	if (*n > 1)
		qsort(v, *n, sizeof(*v), pair_key_cmp);
	for (size_t i = 0; i < *n; i++) {
		if (i + 1 < *n && same_key(v[i], v[i + 1]))
			continue;
		if (pss_item_str(v[i]->value))
			v[k++] = v[i];
	}
	*n = k;
	return v;
}

/* `key="value"` (PSA's %s=%q) into b. */
void pss_buf_kv(struct vakt_buf *b, const struct vakt_yaml_pair *p)
{
	struct vakt_buf q = VAKT_BUF_INIT;

	pss_buf_quote(&q, p->key->str);
	/* The key without its quotes. */
	vakt_buf_add(b, q.data + 1, q.len - 2);
	vakt_buf_addc(b, '=');
	pss_buf_quote(b, pss_item_str(p->value));
	vakt_buf_release(&q);
}

char *pss_kv_text(const struct vakt_yaml_pair *p)
{
	struct vakt_buf b = VAKT_BUF_INIT;

	pss_buf_kv(&b, p);
	return vakt_buf_detach(&b);
}
