/* SPDX-License-Identifier: MIT */
/*
 * vakt fix's edit list: adding, resolving overlaps, applying, and the
 * context a fixer runs in. The diff is fix-diff.c's, the writer fix-write.c's.
 */
#include "fix.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "banned.h"
#include "config.h"
#include "scan.h"

/* Offset, then pure insertions first, then the order made. */
static int edit_cmp(const void *a, const void *b)
{
	const struct vakt_fix_step *x = a, *y = b;

	if (x->off != y->off)
		return x->off < y->off ? -1 : 1;
	if ((x->del == 0) != (y->del == 0))
		return x->del == 0 ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static bool same_edit(const struct vakt_fix_step *a, const struct vakt_fix_step *b)
{
	return a->off == b->off && a->del == b->del && a->ins_len == b->ins_len &&
	       !memcmp(a->ins, b->ins, a->ins_len);
}

static bool overlap(const struct vakt_fix_step *a, const struct vakt_fix_step *b)
{
	size_t a_end = a->off + a->del, b_end = b->off + b->del;

	if (a->del && b->del)
		return a->off < b_end && b->off < a_end;
	if (!a->del && !b->del)
		return false; /* insertions at one place: one after the other, as made */
	if (!a->del)
		return a->off > b->off && a->off < b_end;
	return b->off > a->off && b->off < a_end;
}

/*
 * Each edit, in the order made, is checked against the applied ones next
 * to it in offset order. The applied edits are kept sorted by offset (an
 * array of pointers), so a check is a binary search and a look at the
 * neighbours; fixers make their edits in the order of the findings, so
 * the insertion into that array is at its end, as a rule.
 */
size_t vakt_fix_plan_make(struct vakt_fix_plan *p, const char *data, size_t len,
                          const struct vakt_edits *l)
{
	struct vakt_fix_step **applied;
	size_t n_applied = 0;

	memset(p, 0, sizeof(*p));
	p->data = data;
	p->len = len;
	p->n = l->n;
	p->v = vakt_xcalloc(l->n ? l->n : 1, sizeof(*p->v));
	applied = vakt_xcalloc(l->n ? l->n : 1, sizeof(*applied));
	for (size_t i = 0; i < l->n; i++) {
		const struct vakt_edit *e = &l->v[i];
		struct vakt_fix_step *ed = &p->v[i];
		size_t lo = 0, hi = n_applied;
		bool bad = false, dup = false;

		*ed = (struct vakt_fix_step){.off = e->off,
		                             .del = e->del,
		                             .ins = e->ins ? e->ins : "",
		                             .ins_len = e->ins ? strlen(e->ins) : 0,
		                             .rule = e->rule,
		                             .note = e->note,
		                             .seq = i};
		if (ed->off > len || ed->del > len - ed->off || i >= VAKT_FIX_MAX_EDITS ||
		    ed->ins_len > VAKT_FIX_MAX_INSERT) {
			ed->state = VAKT_EDIT_INVALID;
			continue;
		}
		/* The first applied edit that does not sort before ed. */
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;

			if (edit_cmp(applied[mid], ed) < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		/* Neighbours: those before that reach past ed's start, and those after it starts.
		 */
		for (size_t j = lo; j-- > 0 && !bad && !dup;) {
			if (same_edit(applied[j], ed))
				dup = true;
			else if (overlap(applied[j], ed))
				bad = true;
			else if (applied[j]->off + applied[j]->del < ed->off)
				break; /* disjoint and sorted: the ones before end earlier still */
		}
		for (size_t j = lo; j < n_applied && !bad && !dup; j++) {
			if (applied[j]->off > ed->off + ed->del)
				break;
			if (same_edit(applied[j], ed))
				dup = true;
			else if (overlap(applied[j], ed))
				bad = true;
		}
		if (dup || bad) {
			ed->state = dup ? VAKT_EDIT_DUPLICATE : VAKT_EDIT_CONFLICT;
			continue;
		}
		ed->state = VAKT_EDIT_APPLIED;
		memmove(&applied[lo + 1], &applied[lo], (n_applied - lo) * sizeof(*applied));
		applied[lo] = ed;
		n_applied++;
	}
	free(applied);
	/* Sorted: stable by the order made among equals (edit_cmp ends with seq). */
	if (p->n)
		qsort(p->v, p->n, sizeof(*p->v), edit_cmp);
	p->applied = n_applied;
	return n_applied;
}

void vakt_fix_plan_release(struct vakt_fix_plan *p)
{
	free(p->v);
	memset(p, 0, sizeof(*p));
}

char *vakt_fix_apply(const struct vakt_fix_plan *e, size_t *len)
{
	struct vakt_buf b = VAKT_BUF_INIT;
	size_t at = 0;

	for (size_t i = 0; i < e->n; i++) {
		const struct vakt_fix_step *ed = &e->v[i];

		if (ed->state != VAKT_EDIT_APPLIED)
			continue;
		vakt_buf_add(&b, e->data + at, ed->off - at);
		vakt_buf_add(&b, ed->ins, ed->ins_len);
		at = ed->off + ed->del;
	}
	vakt_buf_add(&b, e->data + at, e->len - at);
	*len = b.len;
	vakt_buf_addc(&b, '\0'); /* a NUL-terminated result, the NUL not counted */
	return vakt_buf_detach(&b);
}

void vakt_fix_run(struct vakt_fix_ctx *ctx, const struct vakt_finding *const *todo, size_t n)
{
	const struct vakt_rule *saved = ctx->rule;

	for (size_t i = 0; i < n; i++) {
		if (!todo[i]->rule || !todo[i]->rule->fix)
			continue;
		ctx->rule = todo[i]->rule;
		ctx->rule->fix(ctx, todo[i]);
	}
	ctx->rule = saved;
}

int vakt_fix_edit(struct vakt_fix_ctx *ctx, size_t off, size_t del, const char *ins,
                  const char *fmt, ...)
{
	char *note = NULL;
	va_list ap;

	if (!ctx->src || off > ctx->src->len || del > ctx->src->len - off)
		return -ERANGE;
	if (fmt) {
		va_start(ap, fmt);
		note = vakt_xvasprintf(fmt, ap);
		va_end(ap);
	}
	vakt_edits_add(ctx->edits, off, del, ins, ctx->rule, note);
	free(note);
	return 0;
}

void vakt_fix_skip(struct vakt_fix_ctx *ctx, const struct vakt_finding *f, const char *fmt, ...)
{
	struct vakt_buf b = VAKT_BUF_INIT;
	va_list ap;

	if (!ctx->skipped)
		return;
	vakt_buf_addf(&b, "%s:%d: %s not fixed: ", f->loc.file ? f->loc.file : "-", f->loc.line,
	              ctx->rule ? ctx->rule->id : "?");
	va_start(ap, fmt);
	vakt_buf_vaddf(&b, fmt, ap);
	va_end(ap);
	vakt_strv_push_take(ctx->skipped, vakt_buf_detach(&b));
}

void vakt_fix_news_release(struct vakt_fix_news *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i].path);
		vakt_buf_release(&l->v[i].text);
		free(l->v[i].note);
	}
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

int vakt_fix_create(struct vakt_fix_ctx *ctx, const char *path, const char *text, const char *fmt,
                    ...)
{
	struct vakt_fix_new *nf = NULL;
	char *note = NULL;
	va_list ap;

	if (!ctx->created)
		return -ENOTSUP;
	for (size_t i = 0; i < ctx->created->n && !nf; i++)
		if (!strcmp(ctx->created->v[i].path, path))
			nf = &ctx->created->v[i];
	if (nf && strstr(vakt_buf_str(&nf->text), text))
		return 0;
	if (fmt) {
		va_start(ap, fmt);
		note = vakt_xvasprintf(fmt, ap);
		va_end(ap);
	}
	if (!nf) {
		ctx->created->v = vakt_xrealloc(ctx->created->v,
		                                (ctx->created->n + 1) * sizeof(*ctx->created->v));
		nf = &ctx->created->v[ctx->created->n++];
		*nf = (struct vakt_fix_new){.path = vakt_xstrdup(path),
		                            .text = VAKT_BUF_INIT,
		                            .rule = ctx->rule,
		                            .note = note};
		note = NULL;
	} else {
		vakt_buf_adds(&nf->text, "---\n");
		if (note) {
			char *joined = nf->note ? vakt_xasprintf("%s; %s", nf->note, note) : note;

			if (joined != note)
				free(note);
			free(nf->note);
			nf->note = joined;
			note = NULL;
		}
	}
	vakt_buf_adds(&nf->text, text);
	free(note);
	return 0;
}

const char *vakt_fix_image(const struct vakt_scan_opts *o, const char *image)
{
	const struct vakt_config *c = o ? o->config : NULL;

	for (size_t i = 0; c && image && i < c->fix_image_from.n; i++)
		if (!strcmp(c->fix_image_from.v[i], image))
			return c->fix_image_to.v[i];
	return NULL;
}

long vakt_fix_uid(const struct vakt_scan_opts *o, bool *configured)
{
	const struct vakt_config *c = o ? o->config : NULL;

	if (configured)
		*configured = c && c->has_fix_uid;
	return c && c->has_fix_uid ? c->fix_uid : VAKT_FIX_DEFAULT_UID;
}

size_t vakt_fix_offset(const struct vakt_source *src, int line, int column)
{
	size_t start, end;

	if (!src || !src->data || line < 1 || column < 1 || (size_t)line > src->n_lines)
		return (size_t)-1;
	start = vakt_source_line_start(src, line);
	end = (size_t)line < src->n_lines ? vakt_source_line_start(src, line + 1) : src->len;
	if ((size_t)column - 1 > end - start)
		return (size_t)-1;
	return start + (size_t)column - 1;
}
