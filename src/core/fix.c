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

void vakt_edits_init(struct vakt_edits *e, const char *data, size_t len)
{
	memset(e, 0, sizeof(*e));
	e->data = data;
	e->len = len;
}

void vakt_edits_release(struct vakt_edits *e)
{
	for (size_t i = 0; i < e->n; i++) {
		free(e->v[i].ins);
		free(e->v[i].note);
	}
	free(e->v);
	memset(e, 0, sizeof(*e));
}

int vakt_edits_add(struct vakt_edits *e, size_t off, size_t del, const char *ins, size_t ins_len,
                   const struct vakt_rule *rule, const char *note)
{
	struct vakt_edit *ed;

	if (off > e->len || del > e->len - off)
		return -ERANGE;
	if (e->n >= VAKT_FIX_MAX_EDITS || ins_len > VAKT_FIX_MAX_INSERT)
		return -E2BIG;
	if (e->n == e->cap) {
		e->cap = e->cap ? 2 * e->cap : 8;
		e->v = vakt_xrealloc(e->v, e->cap * sizeof(*e->v));
	}
	ed = &e->v[e->n];
	memset(ed, 0, sizeof(*ed));
	ed->off = off;
	ed->del = del;
	ed->ins = vakt_xstrndup(ins ? ins : "", ins ? ins_len : 0);
	ed->ins_len = ins ? ins_len : 0;
	ed->rule = rule;
	ed->note = note ? vakt_xstrdup(note) : NULL;
	ed->seq = e->n++;
	e->resolved = false;
	return 0;
}

/* Offset, then pure insertions first, then the order added. */
static int edit_cmp(const void *a, const void *b)
{
	const struct vakt_edit *x = a, *y = b;

	if (x->off != y->off)
		return x->off < y->off ? -1 : 1;
	if ((x->del == 0) != (y->del == 0))
		return x->del == 0 ? -1 : 1;
	if (!x->del && x->order != y->order)
		return x->order < y->order ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static int seq_cmp(const void *a, const void *b)
{
	const struct vakt_edit *const *x = a, *const *y = b;

	return (*x)->seq < (*y)->seq ? -1 : (*x)->seq > (*y)->seq;
}

static bool same_edit(const struct vakt_edit *a, const struct vakt_edit *b)
{
	return a->off == b->off && a->del == b->del && a->ins_len == b->ins_len &&
	       !memcmp(a->ins, b->ins, a->ins_len);
}

static bool overlap(const struct vakt_edit *a, const struct vakt_edit *b)
{
	size_t a_end = a->off + a->del, b_end = b->off + b->del;

	if (a->del && b->del)
		return a->off < b_end && b->off < a_end;
	if (!a->del && !b->del)
		return false; /* insertions at one place: one after the other, by order */
	if (!a->del)
		return a->off > b->off && a->off < b_end;
	return b->off > a->off && b->off < a_end;
}

/*
 * Edits are few per file and overlaps local: each edit, in the order
 * added, is checked against the applied ones next to it in offset order.
 * The applied edits are kept sorted by offset (an array of pointers), so
 * a check is a binary search and a look at the neighbours.
 */
size_t vakt_edits_resolve(struct vakt_edits *e)
{
	struct vakt_edit **by_seq, **applied;
	size_t n_applied = 0;

	if (e->resolved) {
		size_t k = 0;

		for (size_t i = 0; i < e->n; i++)
			k += e->v[i].state == VAKT_EDIT_APPLIED;
		return k;
	}
	by_seq = vakt_xcalloc(e->n ? e->n : 1, sizeof(*by_seq));
	applied = vakt_xcalloc(e->n ? e->n : 1, sizeof(*applied));
	for (size_t i = 0; i < e->n; i++)
		by_seq[i] = &e->v[i];
	qsort(by_seq, e->n, sizeof(*by_seq), seq_cmp);
	for (size_t i = 0; i < e->n; i++) {
		struct vakt_edit *ed = by_seq[i];
		size_t lo = 0, hi = n_applied;
		bool bad = false, dup = false;

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
	free(by_seq);
	free(applied);
	if (e->n)
		qsort(e->v, e->n, sizeof(*e->v), edit_cmp);
	e->resolved = true;
	return n_applied;
}

char *vakt_edits_apply(struct vakt_edits *e, size_t *len)
{
	struct vakt_buf b = VAKT_BUF_INIT;
	size_t at = 0;

	vakt_edits_resolve(e);
	for (size_t i = 0; i < e->n; i++) {
		const struct vakt_edit *ed = &e->v[i];

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
	int rc;

	if (fmt) {
		va_start(ap, fmt);
		note = vakt_xvasprintf(fmt, ap);
		va_end(ap);
	}
	rc = vakt_edits_add(ctx->edits, off, del, ins, ins ? strlen(ins) : 0, ctx->rule, note);
	free(note);
	return rc;
}

int vakt_fix_append(struct vakt_fix_ctx *ctx, size_t off, const char *ins, const char *fmt, ...)
{
	char *note = NULL;
	va_list ap;
	int rc;

	if (fmt) {
		va_start(ap, fmt);
		note = vakt_xvasprintf(fmt, ap);
		va_end(ap);
	}
	rc = vakt_edits_add(ctx->edits, off, 0, ins, ins ? strlen(ins) : 0, ctx->rule, note);
	if (!rc)
		ctx->edits->v[ctx->edits->n - 1].order = 1;
	free(note);
	return rc;
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
