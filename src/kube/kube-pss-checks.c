/* SPDX-License-Identifier: MIT */
/*
 * The Pod Security Standards checks, one function per PSA check (and per
 * version variant where PSA has several), reading the pod the way the API
 * server decodes it: explicit nulls are unset, a field of the wrong type is
 * ignored (the API server would reject the object, so it never admits it),
 * and booleans are YAML booleans, never quoted strings.
 *
 * Each check collects the places that fail it (items, for vakt's findings)
 * and PSA's forbidden reason and detail (for messages that match kubectl's).
 */
#include <stdio.h>

#include "kube-pss-priv.h"

/* --- reading the tree ----------------------------------------------------------- */

/* The pair of key in map when its value is set (an explicit null is unset). */
static const struct vakt_yaml_pair *set_pair(const struct vakt_yaml_node *map, const char *key)
{
	const struct vakt_yaml_pair *p = vakt_yaml_get_pair(map, key);

	return p && !vakt_yaml_is_null(p->value) ? p : NULL;
}

/* A mapping value (a pointer-to-struct field that is not nil), else NULL. */
static const struct vakt_yaml_node *map_val(const struct vakt_yaml_node *map, const char *key)
{
	const struct vakt_yaml_node *v = vakt_yaml_get(map, key);

	return vakt_yaml_is_map(v) ? v : NULL;
}

static const struct vakt_yaml_node *seq_val(const struct vakt_yaml_node *map, const char *key)
{
	const struct vakt_yaml_node *v = vakt_yaml_get(map, key);

	return vakt_yaml_is_seq(v) ? v : NULL;
}

/* A boolean field: whether it is set to a YAML boolean, and which. */
static bool bool_val(const struct vakt_yaml_node *map, const char *key, bool *out)
{
	const struct vakt_yaml_pair *p = set_pair(map, key);

	return p && vakt_yaml_bool(p->value, out);
}

static bool is_true(const struct vakt_yaml_node *map, const char *key)
{
	bool b;

	return bool_val(map, key, &b) && b;
}

/* A string field as Go sees it: "" when unset, null or not a scalar. */
static const char *str_val(const struct vakt_yaml_node *map, const char *key)
{
	const struct vakt_yaml_node *v = vakt_yaml_get(map, key);

	if (!v || v->kind != VAKT_YAML_SCALAR || vakt_yaml_is_null(v))
		return "";
	return v->str;
}

/* A scalar list item as Go sees a string: "" for null. NULL when not a scalar. */
static const char *item_str(const struct vakt_yaml_node *n)
{
	if (!n || n->kind != VAKT_YAML_SCALAR)
		return NULL;
	return vakt_yaml_is_null(n) ? "" : n->str;
}

/*
 * Where to report a field below base (k1.k2.k3) that is missing or wrong:
 * the key of the deepest part of the path that exists, else base itself.
 */
static const struct vakt_yaml_node *where(const struct vakt_yaml_node *base, const char *k1,
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

static bool in_list(const char *s, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(s, list[i]))
			return true;
	return false;
}

/* --- containers ---------------------------------------------------------------- */

struct pss_iter {
	size_t list;
	size_t i;
};

/* The next container mapping in PSA's order: init, regular, ephemeral. */
static const struct vakt_yaml_node *next_container(const struct pss_pod *pod, struct pss_iter *it)
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

#define EACH_CONTAINER(pod, c)                                                                     \
	for (struct pss_iter it_ = {0, 0}; ((c) = next_container((pod), &it_)) != NULL;)

static const char *ctr_name(const struct vakt_yaml_node *c)
{
	return str_val(c, "name");
}

static const struct vakt_yaml_node *ctr_sc(const struct vakt_yaml_node *c)
{
	return map_val(c, "securityContext");
}

/* `container "app"` into b. */
static void buf_ctr(struct vakt_buf *b, const struct vakt_yaml_node *c)
{
	vakt_buf_adds(b, "container ");
	pss_buf_quote(b, ctr_name(c));
}

/* A new detail string: `container "app"` + the formatted rest. Caller owns it. */
static char *ctr_detail(const struct vakt_yaml_node *c, const char *fmt, ...) VAKT_PRINTF(2, 3);
static char *ctr_detail(const struct vakt_yaml_node *c, const char *fmt, ...)
{
	struct vakt_buf b = VAKT_BUF_INIT;
	va_list ap;

	if (c)
		buf_ctr(&b, c);
	else
		vakt_buf_adds(&b, "pod");
	va_start(ap, fmt);
	vakt_buf_vaddf(&b, fmt, ap);
	va_end(ap);
	return vakt_buf_detach(&b);
}

/* `pod or container "app"` + rest, for a setting either may make. Caller owns it. */
static char *pod_or_ctr(const struct vakt_yaml_node *c, const char *rest)
{
	struct vakt_buf b = VAKT_BUF_INIT;

	vakt_buf_adds(&b, "pod or ");
	buf_ctr(&b, c);
	vakt_buf_adds(&b, rest);
	return vakt_buf_detach(&b);
}

/* `pod and containers "a", "b"`: who set a bad value, as PSA lists them. */
static void buf_setters(struct vakt_buf *b, bool pod, const struct pss_list *ctrs, const char *also)
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

/* Containers by name, for annotations that name a container. */
struct pss_named {
	const char *name;
	const struct vakt_yaml_node *c;
	size_t order;
};

static int named_cmp(const void *a, const void *b)
{
	const struct pss_named *x = a, *y = b;
	int r = strcmp(x->name, y->name);

	if (r)
		return r;
	return x->order < y->order ? -1 : x->order > y->order;
}

/* Sorted index of the containers by name. Caller frees. */
static struct pss_named *names_index(const struct pss_pod *pod, size_t *n)
{
	struct pss_named *v = NULL;
	const struct vakt_yaml_node *c;
	size_t cap = 0;

	*n = 0;
	EACH_CONTAINER(pod, c)
	{
		v = vakt_grow(v, sizeof(*v), *n + 1, &cap);
		v[*n] = (struct pss_named){ctr_name(c), c, *n};
		(*n)++;
	}
	if (*n > 1)
		qsort(v, *n, sizeof(*v), named_cmp);
	return v;
}

/* The first container called name, or NULL. */
static const struct vakt_yaml_node *names_find(const struct pss_named *v, size_t n,
                                               const char *name)
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
static const struct vakt_yaml_pair **annotations_with(const struct pss_pod *pod, const char *prefix,
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
		if (item_str(v[i]->value))
			v[k++] = v[i];
	}
	*n = k;
	return v;
}

/* `key="value"` (PSA's %s=%q) into b. */
static void buf_kv(struct vakt_buf *b, const struct vakt_yaml_pair *p)
{
	struct vakt_buf q = VAKT_BUF_INIT;

	pss_buf_quote(&q, p->key->str);
	/* The key without its quotes. */
	vakt_buf_add(b, q.data + 1, q.len - 2);
	vakt_buf_addc(b, '=');
	pss_buf_quote(b, item_str(p->value));
	vakt_buf_release(&q);
}

static char *kv_text(const struct vakt_yaml_pair *p)
{
	struct vakt_buf b = VAKT_BUF_INIT;

	buf_kv(&b, p);
	return vakt_buf_detach(&b);
}

/* --- baseline ------------------------------------------------------------------ */

/* hostNamespaces: hostNetwork, hostPID, hostIPC unset or false. */
static void check_host_namespaces(const struct pss_pod *pod, unsigned minor,
                                  struct kube_pss_result *out)
{
	static const char *const keys[] = {"hostNetwork", "hostPID", "hostIPC"};
	struct kube_pss_violation v = {.check = KUBE_PSS_HOST_NAMESPACES};
	struct vakt_buf d = VAKT_BUF_INIT;

	for (size_t i = 0; i < VAKT_ARRAY_SIZE(keys); i++) {
		if (!is_true(pod->spec, keys[i]))
			continue;
		if (d.len)
			vakt_buf_adds(&d, ", ");
		vakt_buf_addf(&d, "%s=true", keys[i]);
		pss_item_add(&v, set_pair(pod->spec, keys[i])->key, NULL,
		             vakt_xasprintf("pod must not set %s=true", keys[i]));
	}
	pss_result_take(out, &v, "host namespaces", vakt_buf_detach(&d));
}

/* privileged: securityContext.privileged unset or false in every container. */
static void check_privileged(const struct pss_pod *pod, unsigned minor, struct kube_pss_result *out)
{
	struct kube_pss_violation v = {.check = KUBE_PSS_PRIVILEGED_CHECK};
	struct pss_list bad = {0};
	struct vakt_buf d = VAKT_BUF_INIT;
	const struct vakt_yaml_node *c;

	EACH_CONTAINER(pod, c)
	{
		const struct vakt_yaml_node *sc = ctr_sc(c);

		if (!is_true(sc, "privileged"))
			continue;
		pss_list_add(&bad, ctr_name(c));
		pss_item_add(&v, set_pair(sc, "privileged")->key, c,
		             ctr_detail(c, " must not set securityContext.privileged=true"));
	}
	if (v.n_items) {
		buf_setters(&d, false, &bad, NULL);
		vakt_buf_adds(&d, " must not set securityContext.privileged=true");
	}
	pss_result_take(out, &v, "privileged", vakt_buf_detach(&d));
	pss_list_release(&bad);
}

/* "container X must not include "A", "B" in securityContext.capabilities.add". */
static char *caps_detail(const struct vakt_yaml_node *c, const struct pss_list *caps)
{
	struct vakt_buf b = VAKT_BUF_INIT;

	buf_ctr(&b, c);
	vakt_buf_adds(&b, " must not include ");
	pss_buf_join(&b, caps, ", ", true);
	vakt_buf_adds(&b, " in securityContext.capabilities.add");
	return vakt_buf_detach(&b);
}

/*
 * Capabilities added beyond allowed[] by container c: listed in mine and all,
 * returning the first offending list item (NULL when none).
 */
static const struct vakt_yaml_node *caps_added(const struct vakt_yaml_node *c,
                                               const char *const *allowed, size_t n_allowed,
                                               struct pss_list *mine, struct pss_list *all)
{
	const struct vakt_yaml_node *add = seq_val(map_val(ctr_sc(c), "capabilities"), "add");
	const struct vakt_yaml_node *first = NULL;

	for (size_t i = 0; add && i < add->n; i++) {
		const char *cap = item_str(add->items[i]);

		if (!cap || in_list(cap, allowed, n_allowed))
			continue;
		if (!first)
			first = add->items[i];
		pss_list_add(mine, cap);
		pss_list_add(all, cap);
	}
	return first;
}

/* capabilities_baseline: add only the container runtime's default capabilities. */
static void check_caps_baseline(const struct pss_pod *pod, unsigned minor,
                                struct kube_pss_result *out)
{
	static const char *const allowed[] = {
	    "AUDIT_WRITE", "CHOWN",  "DAC_OVERRIDE",     "FOWNER",  "FSETID",
	    "KILL",        "MKNOD",  "NET_BIND_SERVICE", "SETFCAP", "SETGID",
	    "SETPCAP",     "SETUID", "SYS_CHROOT",
	};
	struct kube_pss_violation v = {.check = KUBE_PSS_CAPABILITIES_BASELINE};
	struct pss_list bad = {0}, caps = {.unique = true};
	struct vakt_buf d = VAKT_BUF_INIT;
	const struct vakt_yaml_node *c;

	EACH_CONTAINER(pod, c)
	{
		struct pss_list mine = {.unique = true};
		const struct vakt_yaml_node *at =
		    caps_added(c, allowed, VAKT_ARRAY_SIZE(allowed), &mine, &caps);

		if (at) {
			pss_list_add(&bad, ctr_name(c));
			pss_item_add(&v, at, c, caps_detail(c, &mine));
		}
		pss_list_release(&mine);
	}
	if (v.n_items) {
		pss_list_sort(&caps);
		buf_setters(&d, false, &bad, NULL);
		vakt_buf_adds(&d, " must not include ");
		pss_buf_join(&d, &caps, ", ", true);
		vakt_buf_adds(&d, " in securityContext.capabilities.add");
	}
	pss_result_take(out, &v, "non-default capabilities", vakt_buf_detach(&d));
	pss_list_release(&bad);
	pss_list_release(&caps);
}

/* hostPathVolumes: no volume has a hostPath source. */
static void check_host_path(const struct pss_pod *pod, unsigned minor, struct kube_pss_result *out)
{
	const struct vakt_yaml_node *vols = seq_val(pod->spec, "volumes");
	struct kube_pss_violation v = {.check = KUBE_PSS_HOST_PATH_VOLUMES};
	struct pss_list bad = {0};
	struct vakt_buf d = VAKT_BUF_INIT;

	for (size_t i = 0; vols && i < vols->n; i++) {
		const struct vakt_yaml_node *vol = vols->items[i];
		const struct vakt_yaml_pair *hp = set_pair(vol, "hostPath");
		struct vakt_buf b = VAKT_BUF_INIT;
		const char *path;

		if (!hp)
			continue;
		pss_list_add(&bad, str_val(vol, "name"));
		vakt_buf_adds(&b, "volume ");
		pss_buf_quote(&b, str_val(vol, "name"));
		vakt_buf_adds(&b, " must not use a hostPath");
		path = str_val(hp->value, "path");
		if (*path) {
			vakt_buf_adds(&b, " (");
			pss_buf_quote(&b, path);
			vakt_buf_adds(&b, ")");
		}
		pss_item_add(&v, hp->key, NULL, vakt_buf_detach(&b));
	}
	if (v.n_items) {
		pss_buf_plural(&d, "volume ", "volumes ", pss_list_count(&bad));
		pss_buf_join(&d, &bad, ", ", true);
	}
	pss_result_take(out, &v, "hostPath volumes", vakt_buf_detach(&d));
	pss_list_release(&bad);
}

/* hostPorts: no container port sets a hostPort other than 0. */
static void check_host_ports(const struct pss_pod *pod, unsigned minor, struct kube_pss_result *out)
{
	struct kube_pss_violation v = {.check = KUBE_PSS_HOST_PORTS};
	struct pss_list bad = {0}, ports = {.unique = true};
	struct vakt_buf d = VAKT_BUF_INIT;
	const struct vakt_yaml_node *c;

	EACH_CONTAINER(pod, c)
	{
		const struct vakt_yaml_node *list = seq_val(c, "ports");
		bool any = false;

		for (size_t i = 0; list && i < list->n; i++) {
			const struct vakt_yaml_pair *hp = set_pair(list->items[i], "hostPort");
			long long port;
			char num[32];

			if (!hp || !vakt_yaml_int(hp->value, &port) || port == 0)
				continue;
			snprintf(num, sizeof(num), "%lld", port);
			pss_list_add(&ports, num);
			pss_item_add(&v, hp->key, c,
			             ctr_detail(c, " must not use hostPort %s", num));
			any = true;
		}
		if (any)
			pss_list_add(&bad, ctr_name(c));
	}
	if (v.n_items) {
		pss_list_sort(&ports);
		buf_setters(&d, false, &bad, NULL);
		pss_buf_plural(&d, " uses ", " use ", pss_list_count(&bad));
		pss_buf_plural(&d, "hostPort ", "hostPorts ", pss_list_count(&ports));
		pss_buf_join(&d, &ports, ", ", false);
	}
	pss_result_take(out, &v, "hostPort", vakt_buf_detach(&d));
	pss_list_release(&bad);
	pss_list_release(&ports);
}

#define APPARMOR_PREFIX "container.apparmor.security.beta.kubernetes.io/"

static bool apparmor_type_ok(const char *t)
{
	return !strcmp(t, "RuntimeDefault") || !strcmp(t, "Localhost");
}

/* An appArmorProfile field of sc that is set to a forbidden type: the place to report, or NULL. */
static const struct vakt_yaml_node *apparmor_bad(const struct vakt_yaml_node *sc, const char **type)
{
	const struct vakt_yaml_node *prof = map_val(sc, "appArmorProfile");

	if (!prof)
		return NULL;
	*type = str_val(prof, "type");
	if (apparmor_type_ok(*type))
		return NULL;
	return where(sc, "appArmorProfile", "type", NULL);
}

/*
 * appArmorProfile: the fields' type is RuntimeDefault or Localhost, and the
 * beta annotations are empty, runtime/default or localhost/<profile>.
 */
static void check_apparmor(const struct pss_pod *pod, unsigned minor, struct kube_pss_result *out)
{
	struct kube_pss_violation v = {.check = KUBE_PSS_APPARMOR};
	struct pss_list bad = {0}, values = {.unique = true}, annots = {.unique = true};
	struct vakt_buf d = VAKT_BUF_INIT;
	const struct vakt_yaml_node *c, *at;
	const struct vakt_yaml_pair **ann;
	struct pss_named *names = NULL;
	size_t n_ann, n_names = 0;
	const char *type;
	bool pod_bad = false;

	if ((at = apparmor_bad(pod->sc, &type))) {
		pod_bad = true;
		pss_list_add(&values, type);
		pss_item_add(&v, at, NULL,
		             ctr_detail(NULL,
		                        " must not set securityContext.appArmorProfile.type "
		                        "to \"%.*s\"",
		                        KUBE_PSS_TEXT_MAX, type));
	}
	EACH_CONTAINER(pod, c)
	{
		if (!(at = apparmor_bad(ctr_sc(c), &type)))
			continue;
		pss_list_add(&bad, ctr_name(c));
		pss_list_add(&values, type);
		pss_item_add(&v, at, c,
		             ctr_detail(c,
		                        " must not set securityContext.appArmorProfile.type to "
		                        "\"%.*s\"",
		                        KUBE_PSS_TEXT_MAX, type));
	}
	ann = annotations_with(pod, APPARMOR_PREFIX, &n_ann);
	if (n_ann)
		names = names_index(pod, &n_names);
	for (size_t i = 0; i < n_ann; i++) {
		const char *val = item_str(ann[i]->value);
		char *kv;

		if (!*val || !strcmp(val, "runtime/default") || vakt_starts_with(val, "localhost/"))
			continue;
		kv = kv_text(ann[i]);
		pss_list_add(&annots, kv);
		pss_item_add(&v, ann[i]->key,
		             names_find(names, n_names, ann[i]->key->str + strlen(APPARMOR_PREFIX)),
		             vakt_xasprintf("forbidden AppArmor annotation %s", kv));
		free(kv);
	}
	if (v.n_items) {
		size_t n_values;

		pss_list_sort(&values);
		for (size_t i = 0; i < annots.sv.n; i++)
			pss_list_add(&values, annots.sv.v[i]);
		values.more |= annots.more;
		n_values = pss_list_count(&values);
		buf_setters(&d, pod_bad, &bad,
		            pss_list_count(&annots) == 0   ? NULL
		            : pss_list_count(&annots) == 1 ? "annotation"
		                                           : "annotations");
		vakt_buf_adds(&d, " must not set AppArmor profile type to ");
		pss_buf_join(&d, &values, ", ", true);
		pss_result_take(out, &v,
		                n_values == 1 ? "forbidden AppArmor profile"
		                              : "forbidden AppArmor profiles",
		                vakt_buf_detach(&d));
	}
	pss_violation_release(&v);
	free(ann);
	free(names);
	pss_list_release(&bad);
	pss_list_release(&values);
	pss_list_release(&annots);
}

/* The forbidden parts of one seLinuxOptions mapping, into detail; the place to report or NULL. */
static const struct vakt_yaml_node *selinux_bad(const struct vakt_yaml_node *sc, unsigned minor,
                                                struct pss_list *types, bool *user, bool *role,
                                                struct vakt_buf *detail)
{
	static const char *const allowed[] = {"", "container_t", "container_init_t",
	                                      "container_kvm_t", "container_engine_t"};
	/* container_engine_t is allowed from v1.31. */
	size_t n_allowed = minor >= 31 ? 5 : 4;
	const struct vakt_yaml_node *opts = map_val(sc, "seLinuxOptions");
	const struct vakt_yaml_node *at = NULL;
	const char *type, *u, *r;

	if (!opts)
		return NULL;
	type = str_val(opts, "type");
	u = str_val(opts, "user");
	r = str_val(opts, "role");
	if (!in_list(type, allowed, n_allowed)) {
		pss_list_add(types, type);
		vakt_buf_adds(detail, "type ");
		pss_buf_quote(detail, type);
		at = where(sc, "seLinuxOptions", "type", NULL);
	}
	if (*u) {
		*user = true;
		vakt_buf_addf(detail, "%suser may not be set", detail->len ? "; " : "");
		at = at ? at : where(sc, "seLinuxOptions", "user", NULL);
	}
	if (*r) {
		*role = true;
		vakt_buf_addf(detail, "%srole may not be set", detail->len ? "; " : "");
		at = at ? at : where(sc, "seLinuxOptions", "role", NULL);
	}
	return at;
}

/* seLinuxOptions: type among the container types, user and role unset. */
static void check_selinux(const struct pss_pod *pod, unsigned minor, struct kube_pss_result *out)
{
	struct kube_pss_violation v = {.check = KUBE_PSS_SELINUX};
	struct pss_list bad = {0}, types = {.unique = true};
	struct vakt_buf d = VAKT_BUF_INIT, one = VAKT_BUF_INIT;
	const struct vakt_yaml_node *c, *at;
	bool pod_bad = false, user = false, role = false;

	if ((at = selinux_bad(pod->sc, minor, &types, &user, &role, &one))) {
		pod_bad = true;
		pss_item_add(&v, at, NULL,
		             vakt_xasprintf("pod sets forbidden securityContext.seLinuxOptions: %s",
		                            vakt_buf_str(&one)));
	}
	EACH_CONTAINER(pod, c)
	{
		vakt_buf_reset(&one);
		if (!(at = selinux_bad(ctr_sc(c), minor, &types, &user, &role, &one)))
			continue;
		pss_list_add(&bad, ctr_name(c));
		pss_item_add(&v, at, c,
		             ctr_detail(c, " sets forbidden securityContext.seLinuxOptions: %s",
		                        vakt_buf_str(&one)));
	}
	if (v.n_items) {
		bool any = false;

		pss_list_sort(&types);
		buf_setters(&d, pod_bad, &bad, NULL);
		vakt_buf_adds(&d, " set forbidden securityContext.seLinuxOptions: ");
		if (pss_list_count(&types)) {
			pss_buf_plural(&d, "type ", "types ", pss_list_count(&types));
			pss_buf_join(&d, &types, ", ", true);
			any = true;
		}
		if (user) {
			vakt_buf_adds(&d, any ? "; user may not be set" : "user may not be set");
			any = true;
		}
		if (role)
			vakt_buf_adds(&d, any ? "; role may not be set" : "role may not be set");
	}
	pss_result_take(out, &v, "seLinuxOptions", vakt_buf_detach(&d));
	vakt_buf_release(&one);
	pss_list_release(&bad);
	pss_list_release(&types);
}

/* procMount unset or Default in every container; relax: a pod with its own user namespace. */
static void check_proc_mount_any(const struct pss_pod *pod, enum kube_pss_check id, bool relax,
                                 struct kube_pss_result *out)
{
	struct kube_pss_violation v = {.check = id};
	struct pss_list bad = {0}, values = {.unique = true};
	struct vakt_buf d = VAKT_BUF_INIT;
	const struct vakt_yaml_node *c;

	if (relax && pod->userns)
		return;
	EACH_CONTAINER(pod, c)
	{
		const struct vakt_yaml_pair *pm = set_pair(ctr_sc(c), "procMount");
		const char *val = pm ? item_str(pm->value) : NULL;

		if (!val || !strcmp(val, "Default"))
			continue;
		pss_list_add(&bad, ctr_name(c));
		pss_list_add(&values, val);
		pss_item_add(&v, pm->key, c,
		             ctr_detail(c, " must not set securityContext.procMount to \"%.*s\"",
		                        KUBE_PSS_TEXT_MAX, val));
	}
	if (v.n_items) {
		pss_list_sort(&values);
		buf_setters(&d, false, &bad, NULL);
		vakt_buf_adds(&d, " must not set securityContext.procMount to ");
		pss_buf_join(&d, &values, ", ", true);
	}
	pss_result_take(out, &v, "procMount", vakt_buf_detach(&d));
	pss_list_release(&bad);
	pss_list_release(&values);
}

static void check_proc_mount(const struct pss_pod *pod, unsigned minor, struct kube_pss_result *out)
{
	/* v1.35: pods with hostUsers: false may unmask /proc (it is their own). */
	check_proc_mount_any(pod, KUBE_PSS_PROC_MOUNT, minor >= 35, out);
}

#define SECCOMP_POD_ANNOTATION   "seccomp.security.alpha.kubernetes.io/pod"
#define SECCOMP_CONTAINER_PREFIX "container.seccomp.security.alpha.kubernetes.io/"

static bool seccomp_annotation_ok(const char *v)
{
	return !strcmp(v, "runtime/default") || !strcmp(v, "docker/default") ||
	       vakt_starts_with(v, "localhost/");
}

static bool seccomp_type_ok(const char *t)
{
	return !strcmp(t, "RuntimeDefault") || !strcmp(t, "Localhost");
}

/* v1.0 - v1.18: the alpha annotations of the pod and of each container that exists. */
static void seccomp_annotations(const struct pss_pod *pod, struct kube_pss_result *out)
{
	struct kube_pss_violation v = {.check = KUBE_PSS_SECCOMP_BASELINE};
	const struct vakt_yaml_pair *p =
	    vakt_yaml_get_pair(pod->annotations, SECCOMP_POD_ANNOTATION);
	const struct vakt_yaml_pair **ann;
	struct pss_list bad = {.unique = true};
	struct vakt_buf d = VAKT_BUF_INIT;
	struct pss_named *names = NULL;
	size_t n_ann, n_names = 0;

	if (p && item_str(p->value) && !seccomp_annotation_ok(item_str(p->value))) {
		char *kv = kv_text(p);

		pss_list_add(&bad, kv);
		pss_item_add(&v, p->key, NULL, vakt_xasprintf("forbidden annotation %s", kv));
		free(kv);
	}
	ann = annotations_with(pod, SECCOMP_CONTAINER_PREFIX, &n_ann);
	if (n_ann)
		names = names_index(pod, &n_names);
	for (size_t i = 0; i < n_ann; i++) {
		const struct vakt_yaml_node *c =
		    names_find(names, n_names, ann[i]->key->str + strlen(SECCOMP_CONTAINER_PREFIX));
		char *kv;

		if (!c || seccomp_annotation_ok(item_str(ann[i]->value)))
			continue;
		kv = kv_text(ann[i]);
		pss_list_add(&bad, kv);
		pss_item_add(&v, ann[i]->key, c, vakt_xasprintf("forbidden annotation %s", kv));
		free(kv);
	}
	if (v.n_items) {
		pss_list_sort(&bad);
		pss_buf_plural(&d, "forbidden annotation ", "forbidden annotations ",
		               pss_list_count(&bad));
		pss_buf_join(&d, &bad, ", ", false);
	}
	pss_result_take(out, &v, "seccompProfile", vakt_buf_detach(&d));
	free(ann);
	free(names);
	pss_list_release(&bad);
}

/* A seccompProfile field of sc set to a forbidden type: the place to report, or NULL. */
static const struct vakt_yaml_node *seccomp_bad(const struct vakt_yaml_node *sc, const char **type)
{
	const struct vakt_yaml_node *prof = map_val(sc, "seccompProfile");

	if (!prof)
		return NULL;
	*type = str_val(prof, "type");
	if (seccomp_type_ok(*type))
		return NULL;
	return where(sc, "seccompProfile", "type", NULL);
}

/*
 * The seccompProfile fields (v1.19+). required: restricted, where every
 * container needs a valid type of its own or from the pod.
 */
static void seccomp_fields(const struct pss_pod *pod, enum kube_pss_check id, bool required,
                           struct kube_pss_result *out)
{
	struct kube_pss_violation v = {.check = id};
	struct pss_list bad = {0}, missing = {0}, values = {.unique = true};
	struct vakt_buf d = VAKT_BUF_INIT;
	const struct vakt_yaml_node *c, *at;
	const char *type;
	bool pod_bad = false, pod_ok = false;

	if ((at = seccomp_bad(pod->sc, &type))) {
		pod_bad = true;
		pss_list_add(&values, type);
		pss_item_add(&v, at, NULL,
		             vakt_xasprintf("pod must not set securityContext.seccompProfile.type "
		                            "to \"%.*s\"",
		                            KUBE_PSS_TEXT_MAX, type));
	} else {
		pod_ok = map_val(pod->sc, "seccompProfile") != NULL;
	}
	EACH_CONTAINER(pod, c)
	{
		const struct vakt_yaml_node *sc = ctr_sc(c);

		if ((at = seccomp_bad(sc, &type))) {
			pss_list_add(&bad, ctr_name(c));
			pss_list_add(&values, type);
			pss_item_add(&v, at, c,
			             ctr_detail(c,
			                        " must not set securityContext.seccompProfile.type "
			                        "to \"%.*s\"",
			                        KUBE_PSS_TEXT_MAX, type));
		} else if (required && !pod_ok && !map_val(sc, "seccompProfile")) {
			pss_list_add(&missing, ctr_name(c));
		}
	}
	if (v.n_items) {
		pss_list_sort(&values);
		buf_setters(&d, pod_bad, &bad, NULL);
		vakt_buf_adds(&d, " must not set securityContext.seccompProfile.type to ");
		pss_buf_join(&d, &values, ", ", true);
	} else if (pss_list_count(&missing)) {
		/* Only when nothing sets a bad value, as PSA reports it. */
		EACH_CONTAINER(pod, c)
		{
			if (map_val(ctr_sc(c), "seccompProfile"))
				continue;
			pss_item_add(&v, where(c, "securityContext", "seccompProfile", NULL), c,
			             pod_or_ctr(c,
			                        " must set securityContext.seccompProfile.type to "
			                        "\"RuntimeDefault\" or \"Localhost\""));
		}
		vakt_buf_adds(&d, "pod or ");
		buf_setters(&d, false, &missing, NULL);
		vakt_buf_adds(&d, " must set securityContext.seccompProfile.type to "
		                  "\"RuntimeDefault\" or \"Localhost\"");
	}
	pss_result_take(out, &v, "seccompProfile", vakt_buf_detach(&d));
	pss_list_release(&bad);
	pss_list_release(&missing);
	pss_list_release(&values);
}

static void check_seccomp_baseline(const struct pss_pod *pod, unsigned minor,
                                   struct kube_pss_result *out)
{
	if (minor < 19)
		seccomp_annotations(pod, out);
	else
		seccomp_fields(pod, KUBE_PSS_SECCOMP_BASELINE, false, out);
}

/* sysctls: only the namespaced, isolated ones of the policy version. */
static void check_sysctls(const struct pss_pod *pod, unsigned minor, struct kube_pss_result *out)
{
	static const struct {
		const char *name;
		unsigned since;
	} safe[] = {
	    {"kernel.shm_rmid_forced", 0},
	    {"net.ipv4.ip_local_port_range", 0},
	    {"net.ipv4.tcp_syncookies", 0},
	    {"net.ipv4.ping_group_range", 0},
	    {"net.ipv4.ip_unprivileged_port_start", 0},
	    {"net.ipv4.ip_local_reserved_ports", 27},
	    {"net.ipv4.tcp_keepalive_time", 29},
	    {"net.ipv4.tcp_fin_timeout", 29},
	    {"net.ipv4.tcp_keepalive_intvl", 29},
	    {"net.ipv4.tcp_keepalive_probes", 29},
	    {"net.ipv4.tcp_rmem", 32},
	    {"net.ipv4.tcp_wmem", 32},
	    {"net.ipv4.tcp_slow_start_after_idle", 37},
	    {"net.ipv4.tcp_notsent_lowat", 37},
	};
	const struct vakt_yaml_node *list = seq_val(pod->sc, "sysctls");
	struct kube_pss_violation v = {.check = KUBE_PSS_SYSCTLS};
	struct pss_list bad = {0};
	struct vakt_buf d = VAKT_BUF_INIT;

	for (size_t i = 0; list && i < list->n; i++) {
		const struct vakt_yaml_node *s = list->items[i];
		const char *name;
		bool ok = false;

		if (!vakt_yaml_is_map(s))
			continue;
		name = str_val(s, "name");
		for (size_t k = 0; k < VAKT_ARRAY_SIZE(safe) && !ok; k++)
			ok = minor >= safe[k].since && !strcmp(name, safe[k].name);
		if (ok)
			continue;
		pss_list_add(&bad, name);
		pss_item_add(
		    &v, where(s, "name", NULL, NULL), NULL,
		    vakt_xasprintf("pod must not set sysctl \"%.*s\"", KUBE_PSS_TEXT_MAX, name));
	}
	if (v.n_items)
		pss_buf_join(&d, &bad, ", ", false);
	pss_result_take(out, &v, "forbidden sysctls", vakt_buf_detach(&d));
	pss_list_release(&bad);
}

/* windowsHostProcess: windowsOptions.hostProcess unset or false, pod and containers. */
static void check_host_process(const struct pss_pod *pod, unsigned minor,
                               struct kube_pss_result *out)
{
	static const char *const what =
	    " must not set securityContext.windowsOptions.hostProcess=true";
	struct kube_pss_violation v = {.check = KUBE_PSS_WINDOWS_HOST_PROCESS};
	struct pss_list bad = {0};
	struct vakt_buf d = VAKT_BUF_INIT;
	const struct vakt_yaml_node *c, *wo;
	bool pod_bad = false;

	wo = map_val(pod->sc, "windowsOptions");
	if (is_true(wo, "hostProcess")) {
		pod_bad = true;
		pss_item_add(&v, set_pair(wo, "hostProcess")->key, NULL,
		             ctr_detail(NULL, "%s", what));
	}
	EACH_CONTAINER(pod, c)
	{
		wo = map_val(ctr_sc(c), "windowsOptions");
		if (!is_true(wo, "hostProcess"))
			continue;
		pss_list_add(&bad, ctr_name(c));
		pss_item_add(&v, set_pair(wo, "hostProcess")->key, c, ctr_detail(c, "%s", what));
	}
	if (v.n_items) {
		buf_setters(&d, pod_bad, &bad, NULL);
		vakt_buf_adds(&d, what);
	}
	pss_result_take(out, &v, "hostProcess", vakt_buf_detach(&d));
	pss_list_release(&bad);
}

/* hostProbesAndHostLifecycle (v1.34+): probe and lifecycle handlers do not set host. */
static void check_host_probes(const struct pss_pod *pod, unsigned minor,
                              struct kube_pss_result *out)
{
	static const char *const probes[] = {"livenessProbe", "readinessProbe", "startupProbe"};
	static const char *const hooks[] = {"postStart", "preStop"};
	static const char *const handlers[] = {"httpGet", "tcpSocket"};
	struct kube_pss_violation v = {.check = KUBE_PSS_HOST_PROBES};
	struct pss_list bad = {.unique = true}, hosts = {.unique = true};
	struct vakt_buf d = VAKT_BUF_INIT;
	const struct vakt_yaml_node *c;

	EACH_CONTAINER(pod, c)
	{
		const struct vakt_yaml_node *lc = map_val(c, "lifecycle");

		for (size_t k = 0; k < VAKT_ARRAY_SIZE(probes) + VAKT_ARRAY_SIZE(hooks); k++) {
			bool probe = k < VAKT_ARRAY_SIZE(probes);
			const char *name = probe ? probes[k] : hooks[k - VAKT_ARRAY_SIZE(probes)];
			const struct vakt_yaml_node *h =
			    probe ? map_val(c, name) : map_val(lc, name);

			for (size_t j = 0; h && j < VAKT_ARRAY_SIZE(handlers); j++) {
				const struct vakt_yaml_node *hd = map_val(h, handlers[j]);
				const char *host = str_val(hd, "host");

				if (!*host)
					continue;
				pss_list_add(&bad, ctr_name(c));
				pss_list_add(&hosts, host);
				pss_item_add(&v, where(hd, "host", NULL, NULL), c,
				             ctr_detail(c, " must not set %s%s.%s.host (\"%.*s\")",
				                        probe ? "" : "lifecycle.", name,
				                        handlers[j], KUBE_PSS_TEXT_MAX, host));
			}
		}
	}
	if (v.n_items) {
		pss_list_sort(&bad);
		pss_list_sort(&hosts);
		buf_setters(&d, false, &bad, NULL);
		pss_buf_plural(&d, " uses ", " use ", pss_list_count(&bad));
		pss_buf_plural(&d, "probe or lifecycle host ", "probe or lifecycle hosts ",
		               pss_list_count(&hosts));
		pss_buf_join(&d, &hosts, ", ", true);
	}
	pss_result_take(out, &v, "probe or lifecycle host", vakt_buf_detach(&d));
	pss_list_release(&bad);
	pss_list_release(&hosts);
}

/* --- restricted ---------------------------------------------------------------- */

/* restrictedVolumes: every volume is one of the core, non-host volume types. */
static void check_restricted_volumes(const struct pss_pod *pod, unsigned minor,
                                     struct kube_pss_result *out)
{
	static const char *const allowed[] = {
	    "configMap", "csi",   "downwardAPI",           "emptyDir",
	    "ephemeral", "image", "persistentVolumeClaim", "projected",
	    "secret",
	};
	/*
	 * The other sources of the Volume API, in its order. A volume with none
	 * of these (unknown keys only) is defaulted to an emptyDir by the API
	 * server, so only these can make a volume restricted.
	 */
	static const char *const others[] = {
	    "hostPath",
	    "gcePersistentDisk",
	    "awsElasticBlockStore",
	    "gitRepo",
	    "nfs",
	    "iscsi",
	    "glusterfs",
	    "rbd",
	    "flexVolume",
	    "cinder",
	    "cephfs",
	    "flocker",
	    "fc",
	    "azureFile",
	    "vsphereVolume",
	    "quobyte",
	    "azureDisk",
	    "photonPersistentDisk",
	    "portworxVolume",
	    "scaleIO",
	    "storageos",
	};
	const struct vakt_yaml_node *vols = seq_val(pod->spec, "volumes");
	struct kube_pss_violation v = {.check = KUBE_PSS_RESTRICTED_VOLUMES};
	struct pss_list bad = {0}, types = {.unique = true};
	struct vakt_buf d = VAKT_BUF_INIT;

	for (size_t i = 0; vols && i < vols->n; i++) {
		const struct vakt_yaml_node *vol = vols->items[i];
		const struct vakt_yaml_pair *src = NULL;
		const char *type = NULL;
		bool ok = false;
		struct vakt_buf b = VAKT_BUF_INIT;

		if (!vakt_yaml_is_map(vol))
			continue;
		for (size_t k = 0; k < VAKT_ARRAY_SIZE(allowed) && !ok; k++)
			ok = set_pair(vol, allowed[k]) != NULL;
		if (ok)
			continue;
		for (size_t k = 0; k < VAKT_ARRAY_SIZE(others) && !src; k++)
			if ((src = set_pair(vol, others[k])))
				type = others[k];
		/* No source at all: the API server defaults the volume to an emptyDir. */
		if (!src)
			continue;
		pss_list_add(&bad, str_val(vol, "name"));
		pss_list_add(&types, type);
		vakt_buf_adds(&b, "volume ");
		pss_buf_quote(&b, str_val(vol, "name"));
		vakt_buf_addf(&b, " uses restricted volume type \"%s\"", type);
		pss_item_add(&v, src->key, NULL, vakt_buf_detach(&b));
	}
	if (v.n_items) {
		pss_list_sort(&types);
		pss_buf_plural(&d, "volume ", "volumes ", pss_list_count(&bad));
		pss_buf_join(&d, &bad, ", ", true);
		pss_buf_plural(&d, " uses ", " use ", pss_list_count(&bad));
		pss_buf_plural(&d, "restricted volume type ", "restricted volume types ",
		               pss_list_count(&types));
		pss_buf_join(&d, &types, ", ", true);
	}
	pss_result_take(out, &v, "restricted volume types", vakt_buf_detach(&d));
	pss_list_release(&bad);
	pss_list_release(&types);
}

/* runAsNonRoot: true at pod level (and never false), or true in every container. */
static void check_run_as_non_root(const struct pss_pod *pod, unsigned minor,
                                  struct kube_pss_result *out)
{
	static const char *const not_false = " must not set securityContext.runAsNonRoot=false";
	struct kube_pss_violation v = {.check = KUBE_PSS_RUN_AS_NON_ROOT};
	struct pss_list bad = {0}, missing = {0};
	struct vakt_buf d = VAKT_BUF_INIT;
	const struct vakt_yaml_node *c;
	bool pod_bad = false, pod_ok = false, b;

	/* v1.35: a pod with its own user namespace is not root on the node. */
	if (minor >= 35 && pod->userns)
		return;
	if (bool_val(pod->sc, "runAsNonRoot", &b)) {
		pod_bad = !b;
		pod_ok = b;
		if (pod_bad)
			pss_item_add(&v, set_pair(pod->sc, "runAsNonRoot")->key, NULL,
			             ctr_detail(NULL, "%s", not_false));
	}
	EACH_CONTAINER(pod, c)
	{
		const struct vakt_yaml_node *sc = ctr_sc(c);

		if (bool_val(sc, "runAsNonRoot", &b)) {
			if (b)
				continue;
			pss_list_add(&bad, ctr_name(c));
			pss_item_add(&v, set_pair(sc, "runAsNonRoot")->key, c,
			             ctr_detail(c, "%s", not_false));
		} else if (!pod_ok) {
			pss_list_add(&missing, ctr_name(c));
		}
	}
	if (v.n_items) {
		buf_setters(&d, pod_bad, &bad, NULL);
		vakt_buf_adds(&d, not_false);
	} else if (pss_list_count(&missing)) {
		EACH_CONTAINER(pod, c)
		{
			if (bool_val(ctr_sc(c), "runAsNonRoot", &b))
				continue;
			pss_item_add(&v, where(c, "securityContext", "runAsNonRoot", NULL), c,
			             pod_or_ctr(c, " must set securityContext.runAsNonRoot=true"));
		}
		vakt_buf_adds(&d, "pod or ");
		buf_setters(&d, false, &missing, NULL);
		vakt_buf_adds(&d, " must set securityContext.runAsNonRoot=true");
	}
	pss_result_take(out, &v, "runAsNonRoot != true", vakt_buf_detach(&d));
	pss_list_release(&bad);
	pss_list_release(&missing);
}

/* allowPrivilegeEscalation: explicitly false in every container. */
static void check_ape(const struct pss_pod *pod, unsigned minor, struct kube_pss_result *out)
{
	static const char *const what = " must set securityContext.allowPrivilegeEscalation=false";
	struct kube_pss_violation v = {.check = KUBE_PSS_ALLOW_PRIVILEGE_ESCALATION};
	struct pss_list bad = {0};
	struct vakt_buf d = VAKT_BUF_INIT;
	const struct vakt_yaml_node *c;
	bool b;

	/* v1.25: Windows pods have no such setting. */
	if (minor >= 25 && pod->windows)
		return;
	EACH_CONTAINER(pod, c)
	{
		if (bool_val(ctr_sc(c), "allowPrivilegeEscalation", &b) && !b)
			continue;
		pss_list_add(&bad, ctr_name(c));
		pss_item_add(&v, where(c, "securityContext", "allowPrivilegeEscalation", NULL), c,
		             ctr_detail(c, "%s", what));
	}
	if (v.n_items) {
		buf_setters(&d, false, &bad, NULL);
		vakt_buf_adds(&d, what);
	}
	pss_result_take(out, &v, "allowPrivilegeEscalation != false", vakt_buf_detach(&d));
	pss_list_release(&bad);
}

static void check_seccomp_restricted(const struct pss_pod *pod, unsigned minor,
                                     struct kube_pss_result *out)
{
	/* v1.25: the API server rejects seccomp on Windows pods, so none is required. */
	if (minor >= 25 && pod->windows)
		return;
	seccomp_fields(pod, KUBE_PSS_SECCOMP_RESTRICTED, true, out);
}

/* capabilities_restricted: drop ALL, add at most NET_BIND_SERVICE. */
static void check_caps_restricted(const struct pss_pod *pod, unsigned minor,
                                  struct kube_pss_result *out)
{
	static const char *const allowed[] = {"NET_BIND_SERVICE"};
	struct kube_pss_violation v = {.check = KUBE_PSS_CAPABILITIES_RESTRICTED};
	struct pss_list no_drop = {0}, adding = {0}, caps = {.unique = true};
	struct vakt_buf d = VAKT_BUF_INIT;
	const struct vakt_yaml_node *c;

	/* v1.25: Windows pods have no Linux capabilities. */
	if (minor >= 25 && pod->windows)
		return;
	EACH_CONTAINER(pod, c)
	{
		const struct vakt_yaml_node *drop =
		    seq_val(map_val(ctr_sc(c), "capabilities"), "drop");
		struct pss_list mine = {.unique = true};
		const struct vakt_yaml_node *at;
		bool all = false;

		for (size_t i = 0; drop && i < drop->n && !all; i++) {
			const char *cap = item_str(drop->items[i]);

			all = cap && !strcmp(cap, "ALL");
		}
		if (!all) {
			pss_list_add(&no_drop, ctr_name(c));
			pss_item_add(&v, where(c, "securityContext", "capabilities", "drop"), c,
			             ctr_detail(c, " must set "
			                           "securityContext.capabilities.drop=[\"ALL\"]"));
		}
		if (!map_val(ctr_sc(c), "capabilities"))
			continue;
		at = caps_added(c, allowed, VAKT_ARRAY_SIZE(allowed), &mine, &caps);
		if (at) {
			pss_list_add(&adding, ctr_name(c));
			pss_item_add(&v, at, c, caps_detail(c, &mine));
		}
		pss_list_release(&mine);
	}
	if (pss_list_count(&no_drop)) {
		buf_setters(&d, false, &no_drop, NULL);
		vakt_buf_adds(&d, " must set securityContext.capabilities.drop=[\"ALL\"]");
	}
	if (pss_list_count(&adding)) {
		pss_list_sort(&caps);
		if (d.len)
			vakt_buf_adds(&d, "; ");
		buf_setters(&d, false, &adding, NULL);
		vakt_buf_adds(&d, " must not include ");
		pss_buf_join(&d, &caps, ", ", true);
		vakt_buf_adds(&d, " in securityContext.capabilities.add");
	}
	pss_result_take(out, &v, "unrestricted capabilities", vakt_buf_detach(&d));
	pss_list_release(&no_drop);
	pss_list_release(&adding);
	pss_list_release(&caps);
}

/* runAsUser: never 0, at pod or container level. */
static void check_run_as_user(const struct pss_pod *pod, unsigned minor,
                              struct kube_pss_result *out)
{
	struct kube_pss_violation v = {.check = KUBE_PSS_RUN_AS_USER};
	struct pss_list bad = {0};
	struct vakt_buf d = VAKT_BUF_INIT;
	const struct vakt_yaml_node *c;
	const struct vakt_yaml_pair *p;
	bool pod_bad = false;
	long long uid;

	/* v1.35: UID 0 in a pod's own user namespace is not root on the node. */
	if (minor >= 35 && pod->userns)
		return;
	p = set_pair(pod->sc, "runAsUser");
	if (p && vakt_yaml_int(p->value, &uid) && uid == 0) {
		pod_bad = true;
		pss_item_add(&v, p->key, NULL, vakt_xstrdup("pod must not set runAsUser=0"));
	}
	EACH_CONTAINER(pod, c)
	{
		p = set_pair(ctr_sc(c), "runAsUser");
		if (!p || !vakt_yaml_int(p->value, &uid) || uid != 0)
			continue;
		pss_list_add(&bad, ctr_name(c));
		pss_item_add(&v, p->key, c, ctr_detail(c, " must not set runAsUser=0"));
	}
	if (v.n_items) {
		buf_setters(&d, pod_bad, &bad, NULL);
		vakt_buf_adds(&d, " must not set runAsUser=0");
	}
	pss_result_take(out, &v, "runAsUser=0", vakt_buf_detach(&d));
	pss_list_release(&bad);
}

static void check_proc_mount_restricted(const struct pss_pod *pod, unsigned minor,
                                        struct kube_pss_result *out)
{
	check_proc_mount_any(pod, KUBE_PSS_PROC_MOUNT_RESTRICTED, false, out);
}

typedef void pss_check_fn(const struct pss_pod *pod, unsigned minor, struct kube_pss_result *out);

static pss_check_fn *const pss_fns[KUBE_PSS_CHECK_COUNT] = {
    [KUBE_PSS_HOST_NAMESPACES] = check_host_namespaces,
    [KUBE_PSS_PRIVILEGED_CHECK] = check_privileged,
    [KUBE_PSS_CAPABILITIES_BASELINE] = check_caps_baseline,
    [KUBE_PSS_HOST_PATH_VOLUMES] = check_host_path,
    [KUBE_PSS_HOST_PORTS] = check_host_ports,
    [KUBE_PSS_APPARMOR] = check_apparmor,
    [KUBE_PSS_SELINUX] = check_selinux,
    [KUBE_PSS_PROC_MOUNT] = check_proc_mount,
    [KUBE_PSS_SECCOMP_BASELINE] = check_seccomp_baseline,
    [KUBE_PSS_SYSCTLS] = check_sysctls,
    [KUBE_PSS_WINDOWS_HOST_PROCESS] = check_host_process,
    [KUBE_PSS_HOST_PROBES] = check_host_probes,
    [KUBE_PSS_RESTRICTED_VOLUMES] = check_restricted_volumes,
    [KUBE_PSS_RUN_AS_NON_ROOT] = check_run_as_non_root,
    [KUBE_PSS_ALLOW_PRIVILEGE_ESCALATION] = check_ape,
    [KUBE_PSS_SECCOMP_RESTRICTED] = check_seccomp_restricted,
    [KUBE_PSS_CAPABILITIES_RESTRICTED] = check_caps_restricted,
    [KUBE_PSS_RUN_AS_USER] = check_run_as_user,
    [KUBE_PSS_PROC_MOUNT_RESTRICTED] = check_proc_mount_restricted,
};

void pss_check_run(enum kube_pss_check c, const struct pss_pod *pod, unsigned minor,
                   struct kube_pss_result *out)
{
	if ((unsigned)c < KUBE_PSS_CHECK_COUNT && pss_fns[c])
		pss_fns[c](pod, minor, out);
}
