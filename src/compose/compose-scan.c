/* SPDX-License-Identifier: MIT */
/* The compose domain: recognise, parse the YAML, run the container rules per service. */
#include "compose.h"
#include "core/pragma.h"

static bool compose_match_name(const char *path, const char *base)
{
	(void)path;
	return compose_match_basename(base);
}

static bool compose_sniff(const char *data, size_t len)
{
	return compose_match_content(data, len);
}

/* Where a pragma above `line` ends: from the services read one at a time, else the tree. */
struct extents {
	const struct vakt_yaml_stream *ys;
	const int *ends; /* NULL: every service is in the tree */
	size_t n_lines;
};

static int yaml_extent(int line, void *data)
{
	const struct extents *x = data;

	if (x->ends && line >= 1 && (size_t)line <= x->n_lines && x->ends[line - 1])
		return x->ends[line - 1];
	return vakt_yaml_entry_extent(x->ys, line);
}

/* The rules of one service, as it is loaded. */
struct service_rules {
	const struct vakt_source *src;
	const struct vakt_scan_opts *o;
	struct vakt_findings *out;
	struct vakt_error_list *errs;
	int *ends; /* extents of the services read one at a time, when the file has pragmas */
	/*
	 * The images services with `build:` name, and the pull findings (CR018,
	 * CR019) of services whose image may be one of them: a service may run
	 * the image another builds, above or below it, so those findings wait
	 * for the end of the file.
	 */
	struct ctr_local_images built;
	struct pull_finding *pulls; /* owned */
	size_t n_pulls;
	size_t cap_pulls;
};

/* A pull finding (index into out) and the image it is about. */
struct pull_finding {
	size_t index;
	char *image; /* owned */
};

static bool pull_rule(const struct vakt_finding *f)
{
	return !strcmp(f->rule->id, "CR018") || !strcmp(f->rule->id, "CR019");
}

static void run_service(struct ctr_settings *c, void *data)
{
	struct service_rules *r = data;
	size_t before = r->out->n;

	ctr_run_rules(&compose_domain, c, r->src, r->o, r->out);
	if (!c->image.text || c->image.dynamic)
		return;
	if (c->builds) {
		ctr_local_images_add(&r->built, c->image.text);
		return;
	}
	for (size_t i = before; i < r->out->n; i++) {
		if (!pull_rule(&r->out->v[i]))
			continue;
		r->pulls = vakt_grow(r->pulls, sizeof(*r->pulls), r->n_pulls + 1, &r->cap_pulls);
		r->pulls[r->n_pulls].index = i;
		r->pulls[r->n_pulls].image = vakt_xstrdup(c->image.text);
		r->n_pulls++;
	}
}

/* Forget the pull findings and built images noted so far. */
static void pulls_reset(struct service_rules *r)
{
	for (size_t i = 0; i < r->n_pulls; i++)
		free(r->pulls[i].image);
	free(r->pulls);
	r->pulls = NULL;
	r->n_pulls = r->cap_pulls = 0;
	ctr_local_images_release(&r->built);
}

/* Drop the pull findings about an image another service builds, then forget them. */
static void pulls_settle(struct service_rules *r)
{
	size_t k = 0, w;

	if (!r->built.n) {
		pulls_reset(r);
		return;
	}
	/* pulls are in increasing index order: one compaction pass. */
	w = r->n_pulls ? r->pulls[0].index : r->out->n;
	for (size_t i = w; i < r->out->n; i++) {
		while (k < r->n_pulls && r->pulls[k].index < i)
			k++;
		if (k < r->n_pulls && r->pulls[k].index == i &&
		    ctr_local_images_has(&r->built, r->pulls[k].image)) {
			vakt_finding_release(&r->out->v[i]);
			continue;
		}
		if (w != i)
			r->out->v[w] = r->out->v[i];
		w++;
	}
	r->out->n = w;
	pulls_reset(r);
}

/* vakt_yaml_parse_split(): one service of the `services` mapping, as it is read. */
static void service_entry(const struct vakt_yaml_pair *entry, void *data)
{
	struct service_rules *r = data;

	compose_load_service(r->src, NULL, entry, r->errs, run_service, r);
	if (r->ends)
		compose_entry_extents(entry, r->ends, r->src->n_lines);
}

/*
 * Read the services one at a time, as they are parsed, so that a file of
 * 100,000 services never holds the tree of more than one. False (and
 * nothing added to out or errs) when the whole tree is needed: `extends`
 * (a service reads another), what vakt_yaml_parse_split() cannot do, or a
 * YAML error, which the whole parse reports with the documents before it.
 */
static bool scan_streamed(struct vakt_source *src, struct service_rules *r,
                          struct vakt_suppressions *sup)
{
	size_t n_out = r->out->n, n_errs = r->errs->n;
	struct vakt_yaml_stream *ys = NULL;
	struct vakt_error *err = NULL;
	bool whole = false;
	struct extents x = {NULL, NULL, src->n_lines};

	if (memmem(src->data, src->len, "extends", 7))
		return false;
	if (memmem(src->data, src->len, "vakt", 4))
		r->ends = vakt_xcalloc(src->n_lines ? src->n_lines : 1, sizeof(*r->ends));
	if (vakt_yaml_parse_split(src->path, src->data, src->len, "services", service_entry, r,
	                          &whole, &ys, &err) < 0 ||
	    whole) {
		for (size_t i = n_out; i < r->out->n; i++)
			vakt_finding_release(&r->out->v[i]);
		r->out->n = n_out;
		for (size_t i = n_errs; i < r->errs->n; i++)
			vakt_error_free(r->errs->v[i]);
		r->errs->n = n_errs;
		vakt_error_free(err);
		vakt_yaml_free(ys);
		free(r->ends);
		r->ends = NULL;
		pulls_reset(r);
		return false;
	}
	/* What was not read one at a time (no `services`, format 1, ...) is in the tree. */
	for (size_t d = 0; d < ys->n_docs; d++)
		compose_load_each(src, ys->docs[d].root, r->errs, run_service, r);
	pulls_settle(r);
	x.ys = ys;
	x.ends = r->ends;
	vakt_pragmas_collect(src, yaml_extent, &x, sup, r->errs);
	free(r->ends);
	r->ends = NULL;
	vakt_yaml_free(ys);
	return true;
}

static void compose_scan(struct vakt_source *src, const struct vakt_scan_opts *o, void *state,
                         struct vakt_findings *out, struct vakt_suppressions *sup,
                         struct vakt_error_list *errs)
{
	struct service_rules r = {src, o, out, errs, NULL, {NULL, 0, 0}, NULL, 0, 0};
	struct vakt_yaml_stream *ys = NULL;
	struct vakt_error *err = NULL;
	struct extents x = {NULL, NULL, src->n_lines};

	(void)state;
	if (scan_streamed(src, &r, sup))
		return;
	if (vakt_yaml_parse(src->path, src->data, src->len, &ys, &err) < 0)
		vakt_error_list_add(errs, err);
	for (size_t d = 0; ys && d < ys->n_docs; d++)
		compose_load_each(src, ys->docs[d].root, errs, run_service, &r);
	pulls_settle(&r);
	x.ys = ys;
	vakt_pragmas_collect(src, yaml_extent, &x, sup, errs);
	vakt_yaml_free(ys);
}

const struct vakt_domain compose_domain = {
    .name = "compose",
    .tables = ctr_rule_tables,
    .match_name = compose_match_name,
    .match_content = compose_sniff,
    .scan = compose_scan,
    .values = ctr_values,
    .fix = compose_fix,
};
