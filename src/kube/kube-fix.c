/* SPDX-License-Identifier: MIT */
/*
 * vakt fix for Kubernetes manifests: the hook that parses a file into
 * objects the fixes can edit, finds each finding's object and container
 * again, and decides where an inheritable securityContext setting goes.
 * The fixes themselves are in kube-fix-pod.c and kube-fix-ns.c.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/scan.h"
#include "core/util.h"
#include "kube-check.h"
#include "kube-fix.h"
#include "kube-load.h"

static const struct {
	const char *id;
	enum kube_fix_family fam;
} families[] = {
    {"KS001", KUBE_FIX_FAM_NONROOT}, {"KS004", KUBE_FIX_FAM_NONROOT},
    {"KS005", KUBE_FIX_FAM_NONROOT}, {"PS014", KUBE_FIX_FAM_NONROOT},
    {"KS002", KUBE_FIX_FAM_UID0},    {"PS018", KUBE_FIX_FAM_UID0},
    {"KS003", KUBE_FIX_FAM_GID0},    {"KS015", KUBE_FIX_FAM_SECCOMP},
    {"PS009", KUBE_FIX_FAM_SECCOMP}, {"PS016", KUBE_FIX_FAM_SECCOMP},
    {"KS010", KUBE_FIX_FAM_PRIV},    {"PS002", KUBE_FIX_FAM_PRIV},
};

enum kube_fix_family kube_fix_family(const struct vakt_rule *r)
{
	for (size_t i = 0; r && i < VAKT_ARRAY_SIZE(families); i++)
		if (!strcmp(r->id, families[i].id))
			return families[i].fam;
	return KUBE_FIX_FAM_NONE;
}

static const char *kind_of(const struct vakt_yaml_node *n)
{
	const struct vakt_yaml_node *k = vakt_yaml_get(n, "kind");

	if (!vakt_yaml_is_map(n) || !vakt_yaml_text(vakt_yaml_get(n, "apiVersion")) ||
	    !vakt_yaml_text(k))
		return NULL;
	return k->str;
}

/* An object, or the items of a List, as kube-load.c reads them. */
static void add_object(struct kube_fix *k, const struct vakt_source *src,
                       const struct vakt_yaml_node *n, int depth)
{
	const char *kind = kind_of(n);
	const struct vakt_yaml_node *items;

	if (!kind)
		return;
	items = vakt_yaml_get(n, "items");
	if (vakt_ends_with(kind, "List") && vakt_yaml_is_seq(items)) {
		for (size_t i = 0; depth < KUBE_MAX_LIST_DEPTH && i < items->n; i++)
			add_object(k, src, items->items[i], depth + 1);
		return;
	}
	k->objs = vakt_grow(k->objs, sizeof(*k->objs), k->n_objs + 1, &k->cap_objs);
	kube_object_init(&k->objs[k->n_objs++], n, kind, src);
}

static int str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static char *want_key(enum kube_fix_family fam, const char *object)
{
	return vakt_xasprintf("%d\t%s", (int)fam, object);
}

static bool wanted(const struct kube_fix *k, enum kube_fix_family fam, const char *object)
{
	char *key = want_key(fam, object);
	bool hit = bsearch(&key, k->wants, k->n_wants, sizeof(*k->wants), str_cmp) != NULL;

	free(key);
	return hit;
}

static void build_wants(struct kube_fix *k, const struct vakt_finding *const *todo, size_t n)
{
	k->wants = vakt_xcalloc(n ? n : 1, sizeof(*k->wants));
	for (size_t i = 0; i < n; i++) {
		enum kube_fix_family fam = kube_fix_family(todo[i]->rule);

		if (fam != KUBE_FIX_FAM_NONE && todo[i]->loc.object)
			k->wants[k->n_wants++] = want_key(fam, todo[i]->loc.object);
	}
	qsort(k->wants, k->n_wants, sizeof(*k->wants), str_cmp);
}

bool kube_fix_wants(const struct vakt_fix_ctx *ctx, enum kube_fix_family fam,
                    const struct kube_object *o, const struct kube_container *c)
{
	char *path = kube_container_path(o, c);
	bool hit = wanted(ctx->model, fam, path);

	free(path);
	return hit;
}

bool kube_fix_pod_level_ok(const struct vakt_fix_ctx *ctx, const struct kube_object *o,
                           enum kube_fix_family fam, const char *key)
{
	const struct kube_fix *k = ctx->model;

	for (size_t i = 0; i < o->n_containers; i++) {
		const struct kube_container *c = &o->containers[i];
		const struct vakt_yaml_node *v = vakt_yaml_get(kube_ctr_sc(c), key);
		char *path;
		bool hit;

		if (v && !vakt_yaml_is_null(v))
			continue; /* it keeps its own */
		path = kube_container_path(o, c);
		hit = wanted(k, fam, path);
		free(path);
		if (!hit)
			return false;
	}
	return true;
}

static int by_path_cmp(const void *a, const void *b)
{
	const struct kube_object *x = *(const struct kube_object *const *)a;
	const struct kube_object *y = *(const struct kube_object *const *)b;
	int c = strcmp(x->path, y->path);

	return c ? c : (x->node->line > y->node->line) - (x->node->line < y->node->line);
}

/* objs sorted by path, then line, for kube_fix_locate(). */
static void build_index(struct kube_fix *k)
{
	k->by_path = vakt_xcalloc(k->n_objs ? k->n_objs : 1, sizeof(*k->by_path));
	for (size_t i = 0; i < k->n_objs; i++)
		k->by_path[i] = &k->objs[i];
	qsort(k->by_path, k->n_objs, sizeof(*k->by_path), by_path_cmp);
}

/* The first of by_path whose path is obj[0..n) or sorts after it. */
static size_t first_with_path(const struct kube_fix *k, const char *obj, size_t n)
{
	size_t lo = 0, hi = k->n_objs;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const char *p = k->by_path[mid]->path;
		int c = strncmp(p, obj, n);

		if (!c && p[n])
			c = 1; /* obj[0..n) is a prefix of p: p sorts after it */
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

bool kube_fix_locate(struct vakt_fix_ctx *ctx, const struct vakt_finding *f,
                     const struct kube_object **out_o, const struct kube_container **out_c)
{
	const struct kube_fix *k = ctx->model;
	const struct kube_object *best = NULL;
	const char *obj = f->loc.object;

	*out_o = NULL;
	*out_c = NULL;
	/* The object's path is obj or a prefix of it ending before a '/'. */
	for (size_t n = obj ? strlen(obj) : 0; obj && n && !best;) {
		for (size_t i = first_with_path(k, obj, n); i < k->n_objs; i++) {
			const struct kube_object *o = k->by_path[i];

			if (strncmp(o->path, obj, n) || o->path[n])
				break;
			if (f->loc.line &&
			    (f->loc.line < o->node->line || f->loc.line > o->node->end_line))
				continue;
			/* A List's item lies inside the List: the narrowest wins. */
			if (!best || o->node->end_line - o->node->line <
			                 best->node->end_line - best->node->line)
				best = o;
		}
		while (n && obj[n - 1] != '/')
			n--;
		if (n)
			n--; /* before the '/' */
	}
	/*
	 * A finding on an alias has the anchor's line, which may lie outside the
	 * object: then the one object of that path.
	 */
	if (!best && obj && f->loc.line) {
		struct vakt_finding anywhere = *f;

		anywhere.loc.line = 0;
		return kube_fix_locate(ctx, &anywhere, out_o, out_c);
	}
	if (!best) {
		vakt_fix_skip(ctx, f, "its object is no longer where the scan found it");
		return false;
	}
	*out_o = best;
	if (strlen(obj) == strlen(best->path))
		return true;
	for (size_t i = 0; i < best->n_containers; i++) {
		char *path = kube_container_path(best, &best->containers[i]);
		bool same = !strcmp(path, obj);

		free(path);
		if (same) {
			*out_c = &best->containers[i];
			return true;
		}
	}
	vakt_fix_skip(ctx, f, "its container is no longer where the scan found it");
	return false;
}

bool kube_fix_ok(struct vakt_fix_ctx *ctx, const struct vakt_finding *f, int r,
                 struct vakt_error **errp)
{
	struct vakt_error *err = *errp;

	*errp = NULL;
	if (r >= 0) {
		vakt_error_free(err);
		return true;
	}
	vakt_fix_skip(ctx, f, "%s", err && err->msg ? err->msg : "the YAML editor refused");
	vakt_error_free(err);
	return false;
}

static void release(struct kube_fix *k)
{
	for (size_t i = 0; i < k->n_objs; i++)
		kube_object_release(&k->objs[i]);
	free(k->objs);
	free(k->by_path);
	for (size_t i = 0; i < k->n_wants; i++)
		free(k->wants[i]);
	free(k->wants);
	vakt_yedit_free(k->ed);
	vakt_yaml_free(k->stream);
}

/* Skip every finding, saying why (the file cannot be edited as YAML). */
static void skip_all(struct vakt_fix_ctx *ctx, const struct vakt_finding *const *todo, size_t n,
                     const char *why)
{
	const struct vakt_rule *saved = ctx->rule;

	for (size_t i = 0; i < n; i++) {
		if (!todo[i]->rule || !todo[i]->rule->fix)
			continue;
		ctx->rule = todo[i]->rule;
		vakt_fix_skip(ctx, todo[i], "%s", why);
	}
	ctx->rule = saved;
}

void kube_fix(struct vakt_fix_ctx *ctx, const struct vakt_finding *const *todo, size_t n)
{
	struct kube_fix k = {0};
	struct vakt_error *err = NULL;
	int r;

	if (kube_template_offset(ctx->src->data, ctx->src->len) >= 0) {
		skip_all(ctx, todo, n,
		         "a Helm or Go template: vakt fix edits rendered YAML, so fix the chart's "
		         "templates or values by hand");
		return;
	}
	r = vakt_yaml_parse(ctx->src->path, ctx->src->data, ctx->src->len, &k.stream, &err);
	if (r >= 0)
		r = vakt_yedit_new(ctx->src, k.stream, &k.ed, &err);
	if (r < 0) {
		skip_all(ctx, todo, n, err && err->msg ? err->msg : "the file cannot be edited");
		vakt_error_free(err);
		release(&k);
		return;
	}
	for (size_t i = 0; i < k.stream->n_docs; i++)
		add_object(&k, ctx->src, k.stream->docs[i].root, 0);
	build_index(&k);
	build_wants(&k, todo, n);
	ctx->model = &k;
	vakt_fix_run(ctx, todo, n);
	ctx->model = NULL;
	r = vakt_yedit_finish(k.ed, ctx->edits, &err);
	if (r < 0) {
		/* An editor's bug: nothing of this file is changed, and it is said. */
		struct vakt_finding whole = {.loc = {.file = (char *)ctx->src->path, .line = 1}};

		vakt_fix_skip(ctx, &whole, "the YAML editor failed: %s",
		              err && err->msg ? err->msg : "unknown error");
		vakt_error_free(err);
	}
	release(&k);
}
