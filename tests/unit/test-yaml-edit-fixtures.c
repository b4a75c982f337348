/* SPDX-License-Identifier: MIT */
/*
 * core/yaml-edit over every YAML fixture under tests/ that holds workloads:
 * canned fixes (runAsNonRoot on the pod, ALL in each container's
 * capabilities.drop, an emptyDir volume mounted at /tmp) are made on each
 * pod spec; the edited text parses, its tree equals the original's with the
 * same changes made on a model of the data (compared as data), every
 * comment line is still there, and the same fixes on the result add no
 * edit. A file where the editor refuses something is counted, not checked.
 */
#include <errno.h>
#include <ftw.h>

#include "yaml-edit-test.h"

/* ---- a model of the data ----------------------------------------------------- */

/* Nodes converted per file: a file whose aliases expand to more is skipped. */
#define MODEL_BUDGET 400000

struct dn {
	enum vakt_yaml_kind kind;
	char *str; /* scalars */
	size_t len;
	bool plain;
	char **keys; /* mappings: keys[i] (NULL for a key that is not a plain string) */
	struct dn **v;
	size_t n, cap;
};

static void dn_free(struct dn *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->n; i++) {
		if (d->keys)
			free(d->keys[i]);
		dn_free(d->v[i]);
	}
	free(d->keys);
	free(d->v);
	free(d->str);
	free(d);
}

static void dn_add(struct dn *d, const char *key, struct dn *v)
{
	size_t cap = d->cap;

	d->v = vakt_grow(d->v, sizeof(*d->v), d->n + 1, &d->cap);
	if (d->kind == VAKT_YAML_MAP)
		d->keys = vakt_grow(d->keys, sizeof(*d->keys), d->n + 1, &cap);
	if (d->kind == VAKT_YAML_MAP)
		d->keys[d->n] = key ? vakt_xstrdup(key) : NULL;
	d->v[d->n++] = v;
}

static struct dn *dn_from(const struct vakt_yaml_node *n, size_t *budget)
{
	struct dn *d;

	if (!*budget)
		return NULL;
	--*budget;
	d = vakt_xcalloc(1, sizeof(*d));
	d->kind = n->kind;
	if (n->kind == VAKT_YAML_SCALAR) {
		d->str = vakt_xstrndup(n->str, n->len);
		d->len = n->len;
		d->plain = n->plain;
		return d;
	}
	for (size_t i = 0; i < n->n; i++) {
		const struct vakt_yaml_node *k = n->kind == VAKT_YAML_MAP ? n->pairs[i].key : NULL;
		struct dn *c = dn_from(k ? n->pairs[i].value : n->items[i], budget);

		if (!c) {
			dn_free(d);
			return NULL;
		}
		dn_add(d, k && k->kind == VAKT_YAML_SCALAR ? k->str : NULL, c);
	}
	return d;
}

/* A value written as flow text, through the parser. */
static struct dn *dn_parse(const char *text)
{
	struct vakt_yaml_stream *s = NULL;
	struct vakt_error *err = NULL;
	size_t budget = 100;
	struct dn *d;

	assert_int_equal(vakt_yaml_parse("value", text, strlen(text), &s, &err), 0);
	d = dn_from(s->docs[0].root, &budget);
	vakt_yaml_free(s);
	return d;
}

static struct dn *dn_get(const struct dn *d, const char *key)
{
	if (!d || d->kind != VAKT_YAML_MAP)
		return NULL;
	for (size_t i = d->n; i-- > 0;)
		if (d->keys[i] && !strcmp(d->keys[i], key))
			return d->v[i];
	return NULL;
}

static bool dn_is_null(const struct dn *d)
{
	return d->kind == VAKT_YAML_SCALAR && d->plain &&
	       (!d->len || !strcmp(d->str, "~") || !vakt_strcasecmp(d->str, "null"));
}

static bool dn_eq(const struct dn *a, const struct dn *b)
{
	if (a->kind != b->kind || a->n != b->n)
		return false;
	if (a->kind == VAKT_YAML_SCALAR)
		return a->len == b->len && a->plain == b->plain && !memcmp(a->str, b->str, a->len);
	for (size_t i = 0; i < a->n; i++) {
		if (a->kind == VAKT_YAML_MAP &&
		    (!a->keys[i] != !b->keys[i] || (a->keys[i] && strcmp(a->keys[i], b->keys[i]))))
			return false;
		if (!dn_eq(a->v[i], b->v[i]))
			return false;
	}
	return true;
}

/* Whether a scalar reads as something else than a string (a null, bool or number). */
static bool dn_typed(const struct dn *d)
{
	static const char *const words[] = {"~",  "null", "true", "false", "yes",
	                                    "no", "on",   "off",  "y",     "n"};
	const char *s = d->str;

	if (!d->plain || !d->len)
		return d->plain;
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(words); i++)
		if (!vakt_strcasecmp(s, words[i]))
			return true;
	s += *s == '-' || *s == '+';
	s += *s == '.';
	return *s >= '0' && *s <= '9';
}

/* Equal as data: a quoted string and a plain one that reads as a string are the same. */
static bool dn_data_eq(const struct dn *a, const struct dn *b)
{
	if (a->kind == VAKT_YAML_SCALAR && b->kind == VAKT_YAML_SCALAR)
		return a->len == b->len && !memcmp(a->str, b->str, a->len) &&
		       dn_typed(a) == dn_typed(b);
	if (a->kind != b->kind || a->n != b->n)
		return false;
	for (size_t i = 0; i < a->n; i++) {
		const struct dn *o = a->kind == VAKT_YAML_MAP ? dn_get(b, a->keys[i]) : b->v[i];

		if (!o || !dn_data_eq(a->v[i], o))
			return false;
	}
	return true;
}

static struct dn *dn_copy(const struct dn *d)
{
	struct dn *c = vakt_xcalloc(1, sizeof(*c));

	c->kind = d->kind;
	if (d->str) {
		c->str = vakt_xstrndup(d->str, d->len);
		c->len = d->len;
		c->plain = d->plain;
	}
	for (size_t i = 0; i < d->n; i++)
		dn_add(c, d->keys ? d->keys[i] : NULL, dn_copy(d->v[i]));
	return c;
}

/* What vakt_yedit_ensure() promises, done on the model (v borrowed). */
static void dn_ensure(struct dn *map, const char *key, const struct dn *v)
{
	struct dn *x = dn_get(map, key);

	assert_int_equal(map->kind, VAKT_YAML_MAP);
	if (!x) {
		dn_add(map, key, dn_copy(v));
		return;
	}
	if (x->kind == VAKT_YAML_SCALAR && v->kind == VAKT_YAML_SCALAR && dn_data_eq(x, v))
		return;
	if (x->kind == VAKT_YAML_SCALAR && (v->kind == VAKT_YAML_SCALAR || dn_is_null(x))) {
		for (size_t i = 0; i < map->n; i++)
			if (map->v[i] == x) {
				map->v[i] = dn_copy(v);
				dn_free(x);
			}
		return;
	}
	assert_int_equal(x->kind, v->kind);
	for (size_t i = 0; i < v->n; i++) {
		bool have = false;

		if (v->kind == VAKT_YAML_MAP) {
			dn_ensure(x, v->keys[i], v->v[i]);
			continue;
		}
		for (size_t k = 0; k < x->n && !have; k++)
			have = dn_data_eq(x->v[k], v->v[i]);
		if (!have)
			dn_add(x, NULL, dn_copy(v->v[i]));
	}
}

static void dn_ensure_path(struct dn *d, const char *dotted, const char *value)
{
	char *path = vakt_xstrdup(dotted), *key = path, *dot;
	struct dn *v = dn_parse(value);

	while ((dot = strchr(key, '.'))) {
		struct dn *x;

		*dot = '\0';
		x = dn_get(d, key);
		if (!x || x->kind != VAKT_YAML_MAP)
			break;
		d = x;
		key = dot + 1;
	}
	if (dot) {
		char *rest = dot + 1, *last;

		for (;;) {
			struct dn *m = vakt_xcalloc(1, sizeof(*m));

			last = strrchr(rest, '.');
			m->kind = VAKT_YAML_MAP;
			dn_add(m, last ? last + 1 : rest, v);
			v = m;
			if (!last)
				break;
			*last = '\0';
		}
	}
	dn_ensure(d, key, v);
	dn_free(v);
	free(path);
}

/* ---- the workloads and the fixes -------------------------------------------- */

static const char *pod_spec_path(const char *kind)
{
	static const char *const templated[] = {
	    "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "ReplicationController"};

	if (!kind)
		return NULL;
	if (!strcmp(kind, "Pod"))
		return "spec";
	if (!strcmp(kind, "CronJob"))
		return "spec.jobTemplate.spec.template.spec";
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(templated); i++)
		if (!strcmp(kind, templated[i]))
			return "spec.template.spec";
	return NULL;
}

static const char *const vol = "{name: vakt-tmp, emptyDir: {}}";
static const char *const mount = "{name: vakt-tmp, mountPath: /tmp}";

/* The fixes on one pod spec; returns the first error (the model is changed only on success). */
static int fix_pod(struct vakt_yedit *e, const struct vakt_yaml_node *ps, struct dn *model)
{
	struct vakt_error *err = NULL;
	const struct vakt_yaml_node *cs = vakt_yaml_get(ps, "containers");
	int r;
	char *v = vakt_xasprintf("[%s]", vol), *m = vakt_xasprintf("[%s]", mount);

	r = vakt_yedit_ensure_path(e, ps, "securityContext.runAsNonRoot", "true", NULL, NULL, &err);
	if (!r)
		r = vakt_yedit_ensure(e, ps, "volumes", v, NULL, NULL, &err);
	for (size_t i = 0; !r && vakt_yaml_is_seq(cs) && i < cs->n; i++) {
		r = vakt_yedit_ensure_path(e, cs->items[i], "securityContext.capabilities.drop",
		                           "[ALL]", NULL, NULL, &err);
		if (!r)
			r = vakt_yedit_ensure(e, cs->items[i], "volumeMounts", m, NULL, NULL, &err);
	}
	vakt_error_free(err);
	if (!r && model) {
		struct dn *dcs = dn_get(model, "containers");

		dn_ensure_path(model, "securityContext.runAsNonRoot", "true");
		dn_ensure_path(model, "volumes", v);
		for (size_t i = 0; dcs && dcs->kind == VAKT_YAML_SEQ && i < dcs->n; i++) {
			dn_ensure_path(dcs->v[i], "securityContext.capabilities.drop", "[ALL]");
			dn_ensure_path(dcs->v[i], "volumeMounts", m);
		}
	}
	free(v);
	free(m);
	return r;
}

/* The fixes on every workload of object o (a List's items too); counts the pod specs. */
static int fix_object(struct vakt_yedit *e, const struct vakt_yaml_node *o, struct dn *model,
                      size_t *pods)
{
	const char *kind = vakt_yaml_text(vakt_yaml_get(o, "kind"));
	const char *path = pod_spec_path(kind);
	int r = 0;

	if (kind && !strcmp(kind, "List")) {
		const struct vakt_yaml_node *items = vakt_yaml_get(o, "items");
		struct dn *ditems = dn_get(model, "items");

		for (size_t i = 0; !r && vakt_yaml_is_seq(items) && i < items->n; i++)
			r = fix_object(e, items->items[i], ditems ? ditems->v[i] : NULL, pods);
		return r;
	}
	if (path && vakt_yaml_is_map(vakt_yaml_path(o, path))) {
		struct dn *d = model;
		char *p = vakt_xstrdup(path);

		/* walk the model along path */
		for (char *k = p, *dot; d; k = dot + 1) {
			dot = strchr(k, '.');
			if (dot)
				*dot = '\0';
			d = dn_get(d, k);
			if (!dot)
				break;
		}
		free(p);
		++*pods;
		r = fix_pod(e, vakt_yaml_path(o, path), d);
	}
	return r;
}

/* ---- the property ------------------------------------------------------------- */

struct tally {
	size_t files, edited, refused, pods;
};

static struct tally tally;

static bool node_eq_dn(const struct vakt_yaml_node *n, const struct dn *d, size_t *budget)
{
	struct dn *c;
	bool eq;

	c = dn_from(n, budget);
	assert_non_null(c);
	eq = dn_eq(c, d);
	dn_free(c);
	return eq;
}

/* Every comment line of before is a line of after. */
static void check_comments(const char *path, const char *before, const char *after)
{
	for (const char *l = before; *l;) {
		const char *nl = strchr(l, '\n'), *t = l;
		size_t n = nl ? (size_t)(nl - l) : strlen(l);

		while (t < l + n && (*t == ' ' || *t == '\t'))
			t++;
		if (t < l + n && *t == '#') {
			char *line = vakt_xstrndup(l, n);

			if (!strstr(after, line))
				fail_msg("%s: comment line '%s' is gone", path, line);
			free(line);
		}
		l += n + (nl != NULL);
	}
}

/* The fixes over every document of f; false when the editor refused one. */
static bool fix_all(struct yfx *f, struct dn **models, size_t *pods)
{
	for (size_t d = 0; d < f->s->n_docs; d++)
		if (f->s->docs[d].root &&
		    fix_object(f->e, f->s->docs[d].root, models ? models[d] : NULL, pods) < 0)
			return false;
	return true;
}

static void check_file(const char *path, const char *text, size_t len)
{
	struct yfx f, g;
	struct dn **models;
	size_t budget = MODEL_BUDGET, pods = 0;
	char *out;
	bool ok = true;

	if (!yfx_try_open(&f, text, len)) {
		yfx_close(&f);
		return;
	}
	models = vakt_xcalloc(f.s->n_docs + 1, sizeof(*models));
	for (size_t d = 0; d < f.s->n_docs && ok; d++)
		if (f.s->docs[d].root)
			ok = (models[d] = dn_from(f.s->docs[d].root, &budget)) != NULL;
	if (ok && !fix_all(&f, models, &pods)) {
		tally.refused++;
		ok = false;
	}
	if (ok && pods) {
		tally.files++;
		tally.pods += pods;
		out = yfx_apply(&f);
		tally.edited += f.edits.n > 0;
		if (!yfx_try_open(&g, out, strlen(out)))
			fail_msg("%s: the edited text does not parse:\n%s", path, out);
		assert_int_equal(g.s->n_docs, f.s->n_docs);
		budget = MODEL_BUDGET;
		for (size_t d = 0; d < f.s->n_docs; d++) {
			if (!models[d] ? g.s->docs[d].root != NULL
			               : !node_eq_dn(g.s->docs[d].root, models[d], &budget))
				fail_msg("%s: document %zu is not the original with the fixes:\n%s",
				         path, d + 1, out);
		}
		check_comments(path, text, out);
		pods = 0;
		if (!fix_all(&g, NULL, &pods))
			fail_msg("%s: the second run is refused", path);
		if (vakt_yedit_finish(g.e, &g.edits, NULL) != 0)
			fail_msg("%s: the second run edits again:\n%s", path, out);
		yfx_close(&g);
		free(out);
	}
	for (size_t d = 0; d < f.s->n_docs; d++)
		dn_free(models[d]);
	free(models);
	yfx_close(&f);
}

static int visit(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	struct vakt_source *src = NULL;
	struct vakt_error *err = NULL;

	(void)ftw;
	if (type != FTW_F || !vakt_ends_with(path, ".yaml") || st->st_size > 4 * 1024 * 1024)
		return 0;
	if (vakt_source_read(path, VAKT_MAX_FILE_BYTES, &src, &err) < 0) {
		vakt_error_free(err);
		return 0;
	}
	check_file(path, src->data, src->len);
	vakt_source_free(src);
	return 0;
}

static void test_fixtures(void **state)
{
	(void)state;
	assert_int_equal(nftw("tests", visit, 16, FTW_PHYS), 0);
	print_message("yaml-edit fixtures: %zu files with workloads (%zu pod specs), %zu edited, "
	              "%zu refused\n",
	              tally.files, tally.pods, tally.edited, tally.refused);
	/* The fixtures hold dozens of workloads: a walk that finds none is broken. */
	assert_true(tally.files >= 50);
	assert_true(tally.edited >= 50);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_fixtures),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
