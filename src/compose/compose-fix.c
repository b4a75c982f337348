/* SPDX-License-Identifier: MIT */
/*
 * vakt fix for compose files (docs/fix.md, "Compose files"): the services
 * loaded as vakt scan loads them, the container rules' fixes
 * (container/ctr-fix.h) run on them, and their operations made on the YAML
 * text by the editor (core/yaml-edit.h), so that comments, key order,
 * quoting, indentation, anchors, document separators and CRLF stay. A
 * service that merges a shared block (`<<: *common`) gets its keys written
 * in itself, never in the block the others share.
 */
#include <errno.h>

#include "compose.h"
#include "container/ctr-fix.h"
#include "core/fix.h"
#include "core/yaml-edit.h"

struct compose_fix {
	struct vakt_fix_ctx *ctx;
	struct vakt_yedit *e;
	const struct vakt_yaml_node **nodes; /* borrowed; per service its mapping, or NULL */
};

/* Hand the editor's error over as *why (the message without its place). */
static int refused(int r, struct vakt_error *err, char **why)
{
	if (why && !*why)
		*why =
		    vakt_xstrdup(err && err->msg ? err->msg : "the file could not be edited there");
	vakt_error_free(err);
	return r < 0 ? r : -EINVAL;
}

/* The service's mapping, or NULL with *why set. */
static const struct vakt_yaml_node *service_map(const struct compose_fix *x, size_t svc, char **why)
{
	const struct vakt_yaml_node *n = x->nodes[svc];

	if (!vakt_yaml_is_map(n)) {
		*why = vakt_xstrdup("the service has no settings of its own to add to (an empty "
		                    "entry)");
		return NULL;
	}
	return n;
}

/* s as a single-quoted YAML string (a quote doubled). The caller frees it. */
static char *quoted(const char *s)
{
	struct vakt_buf b = VAKT_BUF_INIT;

	vakt_buf_addc(&b, '\'');
	for (; *s; s++) {
		if (*s == '\'')
			vakt_buf_addc(&b, '\'');
		vakt_buf_addc(&b, *s);
	}
	vakt_buf_addc(&b, '\'');
	return vakt_buf_detach(&b);
}

static int op_ensure(void *data, size_t svc, const char *key, const char *value, const char *note,
                     char **why)
{
	struct compose_fix *x = data;
	const struct vakt_yaml_node *map = service_map(x, svc, why);
	struct vakt_error *err = NULL;
	int r;

	if (!map)
		return -ENOENT;
	r = vakt_yedit_ensure(x->e, map, key, value, x->ctx->rule, note, &err);
	return r < 0 ? refused(r, err, why) : 0;
}

static int op_add_item(void *data, size_t svc, const char *key, const char *item, const char *note,
                       char **why)
{
	struct compose_fix *x = data;
	const struct vakt_yaml_node *map = service_map(x, svc, why), *v;
	struct vakt_error *err = NULL, *err2 = NULL;
	char *q, *list;
	int r;

	if (!map)
		return -ENOENT;
	q = quoted(item);
	list = vakt_xasprintf("[%s]", q);
	r = vakt_yedit_ensure(x->e, map, key, list, x->ctx->rule, note, &err);
	free(list);
	v = vakt_yaml_get(map, key);
	/* (a string with a line break or a NUL would not survive single quotes) */
	if (r == -EEXIST && v && v->kind == VAKT_YAML_SCALAR && !vakt_yaml_is_null(v) &&
	    vakt_yaml_str(v) && strlen(v->str) == v->len && !strpbrk(v->str, "\r\n")) {
		/* One string (`tmpfs: /run`): a list of it and the item. */
		char *old = quoted(vakt_yaml_str(v));

		list = vakt_xasprintf("[%s, %s]", old, q);
		free(old);
		if (vakt_yedit_set_value(x->e, v, list, x->ctx->rule, note, &err2) == 0) {
			vakt_error_free(err);
			err = NULL;
			r = 0;
		}
		vakt_error_free(err2);
		free(list);
	}
	free(q);
	return r < 0 ? refused(r, err, why) : 0;
}

/* The scalar written at `at` among the values of map's pairs and their list items, or NULL. */
static const struct vakt_yaml_node *scalar_at(const struct vakt_yaml_node *map,
                                              const struct vakt_span *at)
{
	for (size_t i = 0; i < map->n; i++) {
		const struct vakt_yaml_node *v = map->pairs[i].value;
		size_t n = vakt_yaml_is_seq(v) ? v->n : 1;

		for (size_t k = 0; k < n; k++) {
			const struct vakt_yaml_node *s = vakt_yaml_is_seq(v) ? v->items[k] : v;

			if (s->kind == VAKT_YAML_SCALAR && s->line == at->line &&
			    s->col == at->column)
				return s;
		}
	}
	return NULL;
}

static int op_replace(void *data, size_t svc, const struct vakt_span *at, const char *value,
                      const char *note, char **why)
{
	struct compose_fix *x = data;
	const struct vakt_yaml_node *map = service_map(x, svc, why), *s;
	struct vakt_error *err = NULL;
	int r;

	if (!map)
		return -ENOENT;
	s = scalar_at(map, at);
	if (!s) {
		*why = vakt_xstrdup("the value is not written in the service (it comes from a "
		                    "service it extends): change it there");
		return -ENOENT;
	}
	r = vakt_yedit_set_scalar(x->e, s, value, true, x->ctx->rule, note, &err);
	if (r == -ENOTSUP && !*why)
		*why = vakt_xasprintf("the value is written in a block several services merge "
		                      "('<<'), line %d: change it there",
		                      s->line);
	return r < 0 ? refused(r, err, why) : 0;
}

static const struct ctr_fix_ops compose_fix_ops = {
    .ensure = op_ensure,
    .add_item = op_add_item,
    .replace = op_replace,
};

/* Every fixable finding of todo left alone, saying why. */
static void skip_all(struct vakt_fix_ctx *ctx, const struct vakt_finding *const *todo, size_t n,
                     const struct vakt_error *err)
{
	const struct vakt_rule *saved = ctx->rule;

	for (size_t i = 0; i < n; i++) {
		if (!todo[i]->rule || !todo[i]->rule->fix)
			continue;
		ctx->rule = todo[i]->rule;
		vakt_fix_skip(ctx, todo[i], "%s",
		              err && err->msg ? err->msg : "the file is left as it is");
	}
	ctx->rule = saved;
}

/* The services of every document, with their mappings. */
struct loaded {
	struct compose_file file;
	struct ctr_fix_service *svc;         /* owned */
	const struct vakt_yaml_node **nodes; /* owned */
	size_t *doc_from, *doc_end; /* owned; per service, its document's services [from, end) */
	size_t cap;
};

static void load_doc(struct loaded *l, const struct vakt_source *src,
                     const struct vakt_yaml_node *root)
{
	struct vakt_error_list errs = {0};
	const struct vakt_yaml_node *services = vakt_yaml_get(root, "services");
	size_t from = l->file.n;

	compose_load(src, root, &l->file, &errs);
	vakt_error_list_release(&errs);
	if (!vakt_yaml_is_map(services))
		services = root; /* format 1: services at the top level */
	if (l->file.n > l->cap) {
		l->cap = l->file.n * 2;
		l->nodes = vakt_xrealloc(l->nodes, l->cap * sizeof(*l->nodes));
		l->doc_from = vakt_xrealloc(l->doc_from, l->cap * sizeof(*l->doc_from));
		l->doc_end = vakt_xrealloc(l->doc_end, l->cap * sizeof(*l->doc_end));
	}
	for (size_t i = from; i < l->file.n; i++) {
		l->nodes[i] = NULL;
		l->doc_from[i] = from;
		l->doc_end[i] = l->file.n;
	}
	if (!vakt_yaml_is_map(services) || l->file.n == from)
		return;
	/*
	 * The services in the order compose_load_service() loads them (a name
	 * written twice loads twice, so they are paired by order, not by name).
	 */
	for (size_t i = 0, k = from; i < services->n && k < l->file.n; i++) {
		const struct vakt_yaml_pair *p = &services->pairs[i];
		const char *name = vakt_yaml_str(p->key);
		char *object;

		if (!name || vakt_starts_with(name, "x-") ||
		    (!vakt_yaml_is_map(p->value) && !vakt_yaml_is_null(p->value)))
			continue;
		object = vakt_xasprintf("compose/%.*s", CTR_MSG_MAX, name);
		l->nodes[k] = strcmp(object, l->file.services[k].object) ? NULL : p->value;
		free(object);
		k++;
	}
}

/*
 * The service service i extends within its document (`extends: name` or
 * `extends: {service: name}` without a file), or -1.
 */
static size_t base_of(const struct loaded *l, const struct ctr_fix_model *m, size_t i)
{
	const struct vakt_yaml_node *ext = vakt_yaml_get(l->nodes[i], "extends");
	const char *name;
	char *object;
	size_t b;

	if (vakt_yaml_is_map(ext)) {
		if (!vakt_yaml_is_null(vakt_yaml_get(ext, "file")))
			return (size_t)-1;
		ext = vakt_yaml_get(ext, "service");
	}
	name = vakt_yaml_text(ext);
	if (!name)
		return (size_t)-1;
	object = vakt_xasprintf("compose/%.*s", CTR_MSG_MAX, name);
	b = ctr_fix_find(m, object, l->doc_from[i], l->doc_end[i]);
	free(object);
	return b == i ? (size_t)-1 : b;
}

void compose_fix(struct vakt_fix_ctx *ctx, const struct vakt_finding *const *todo, size_t n)
{
	struct vakt_yaml_stream *ys = NULL;
	struct vakt_error *err = NULL;
	struct loaded l = {0};
	struct compose_fix x = {ctx, NULL, NULL};
	struct ctr_fix_model m = {0};
	const struct vakt_finding **order;
	size_t *by_object;

	if (vakt_yaml_parse(ctx->src->path, ctx->src->data, ctx->src->len, &ys, &err) < 0) {
		skip_all(ctx, todo, n, err);
		goto out;
	}
	if (vakt_yedit_new(ctx->src, ys, &x.e, &err) < 0) {
		skip_all(ctx, todo, n, err);
		goto out;
	}
	for (size_t d = 0; d < ys->n_docs; d++)
		if (vakt_yaml_is_map(ys->docs[d].root))
			load_doc(&l, ctx->src, ys->docs[d].root);
	l.svc = vakt_xcalloc(l.file.n ? l.file.n : 1, sizeof(*l.svc));
	for (size_t i = 0; i < l.file.n; i++) {
		const struct ctr_settings *c = &l.file.services[i];

		l.svc[i].c = c;
		l.svc[i].line = c->where.line;
		l.svc[i].end_line = l.nodes[i] && l.nodes[i]->end_line > c->where.line
		                        ? l.nodes[i]->end_line
		                        : c->where.line;
	}
	x.nodes = l.nodes;
	m.v = l.svc;
	m.n = l.file.n;
	m.user_fixed = vakt_xcalloc(m.n ? m.n : 1, sizeof(*m.user_fixed));
	m.tmp_added = vakt_xcalloc(m.n ? m.n : 1, sizeof(*m.tmp_added));
	m.by_object = by_object = ctr_fix_index(l.svc, l.file.n);
	m.ops = &compose_fix_ops;
	m.data = &x;
	for (size_t i = 0; i < l.file.n; i++) {
		l.svc[i].base = base_of(&l, &m, i);
		l.svc[i].own_user = vakt_yaml_get(l.nodes[i], "user") != NULL;
	}
	ctx->model = &m;
	order = ctr_fix_order(&m, todo, n);
	vakt_fix_run(ctx, order, n);
	free(order);
	ctx->model = NULL;
	if (vakt_yedit_finish(x.e, ctx->edits, &err) < 0)
		skip_all(ctx, todo, n, err);
	free(m.user_fixed);
	free(m.tmp_added);
	free(by_object);
out:
	vakt_error_free(err);
	vakt_yedit_free(x.e);
	free(l.svc);
	free(l.nodes);
	free(l.doc_from);
	free(l.doc_end);
	compose_file_release(&l.file);
	vakt_yaml_free(ys);
}
