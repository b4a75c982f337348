/* SPDX-License-Identifier: MIT */
/*
 * The unified diff of an edit list, computed from the edits themselves: each
 * run of edits on neighbouring lines is a change of whole lines (old lines
 * out, the same lines with the edits in), trimmed of the lines it leaves as
 * they were; changes closer than two contexts share a hunk. No diff
 * algorithm, so the diff shows exactly what the edits did, in time linear
 * in the text.
 */
#include <stdlib.h>
#include <string.h>

#include "banned.h"
#include "fix.h"

struct line {
	const char *p;
	size_t n; /* with its '\n', if it has one */
};

struct change {
	size_t old_first; /* 0-based index of the first old line replaced */
	size_t old_n;
	struct line *new_lines; /* owned array; the bytes live in the change's text */
	size_t new_n;
	char *text; /* owned: the new lines' bytes */
};

struct changes {
	struct change *v;
	size_t n, cap;
};

static void split_lines(const char *p, size_t n, struct line **out, size_t *n_out)
{
	size_t cap = 8, k = 0;
	struct line *v = vakt_xmalloc(cap * sizeof(*v));

	while (n) {
		const char *nl = memchr(p, '\n', n);
		size_t len = nl ? (size_t)(nl - p) + 1 : n;

		if (k == cap) {
			cap *= 2;
			v = vakt_xrealloc(v, cap * sizeof(*v));
		}
		v[k].p = p;
		v[k++].n = len;
		p += len;
		n -= len;
	}
	*out = v;
	*n_out = k;
}

static bool line_eq(const struct line *a, const struct line *b)
{
	return a->n == b->n && !memcmp(a->p, b->p, a->n);
}

/* The start of the line holding offset p. */
static size_t line_start(const char *d, size_t p)
{
	while (p > 0 && d[p - 1] != '\n')
		p--;
	return p;
}

/* One past the end of the line holding offset p (its '\n' included). */
static size_t line_end(const char *d, size_t len, size_t p)
{
	const char *nl = p < len ? memchr(d + p, '\n', len - p) : NULL;

	return nl ? (size_t)(nl - d) + 1 : len;
}

/*
 * The change of group [gs, ge) of the text, edits e->v[from..to) (applied
 * ones) inside it, first_line the 0-based index of the line at gs. Appends
 * to out unless the group changes nothing.
 */
static void group_change(const struct vakt_fix_plan *e, size_t from, size_t to, size_t gs,
                         size_t ge, size_t first_line, struct changes *out)
{
	struct vakt_buf b = VAKT_BUF_INIT;
	struct line *ol, *nl;
	size_t on, nn, pre = 0, suf = 0, at = gs;
	struct change *c;

	for (size_t i = from; i < to; i++) {
		const struct vakt_fix_step *ed = &e->v[i];

		if (ed->state != VAKT_EDIT_APPLIED)
			continue;
		vakt_buf_add(&b, e->data + at, ed->off - at);
		vakt_buf_add(&b, ed->ins, ed->ins_len);
		at = ed->off + ed->del;
	}
	vakt_buf_add(&b, e->data + at, ge - at);
	split_lines(e->data + gs, ge - gs, &ol, &on);
	split_lines(b.data ? b.data : "", b.len, &nl, &nn);
	while (pre < on && pre < nn && line_eq(&ol[pre], &nl[pre]))
		pre++;
	while (suf < on - pre && suf < nn - pre && line_eq(&ol[on - 1 - suf], &nl[nn - 1 - suf]))
		suf++;
	if (pre + suf == on && pre + suf == nn) {
		free(ol);
		free(nl);
		vakt_buf_release(&b);
		return;
	}
	if (out->n == out->cap) {
		out->cap = out->cap ? 2 * out->cap : 8;
		out->v = vakt_xrealloc(out->v, out->cap * sizeof(*out->v));
	}
	c = &out->v[out->n++];
	c->old_first = first_line + pre;
	c->old_n = on - pre - suf;
	c->new_n = nn - pre - suf;
	c->new_lines = vakt_xmalloc((c->new_n ? c->new_n : 1) * sizeof(*c->new_lines));
	/* The lines point into b's bytes, which the change keeps. */
	memcpy(c->new_lines, nl + pre, c->new_n * sizeof(*nl));
	c->text = vakt_buf_detach(&b);
	free(ol);
	free(nl);
}

static void put_line(struct vakt_buf *out, char mark, const struct line *l)
{
	vakt_buf_addc(out, mark);
	vakt_buf_add(out, l->p, l->n);
	if (!l->n || l->p[l->n - 1] != '\n')
		vakt_buf_adds(out, "\n\\ No newline at end of file\n");
}

static void put_range(struct vakt_buf *out, char sign, size_t start, size_t n)
{
	/* diff -u: a range of one line is its number alone; an empty one names the line before. */
	if (n == 1)
		vakt_buf_addf(out, " %c%zu", sign, start + 1);
	else
		vakt_buf_addf(out, " %c%zu,%zu", sign, n ? start + 1 : start, n);
}

void vakt_fix_diff(const struct vakt_fix_plan *e, const char *path, int context,
                   struct vakt_buf *out)
{
	struct changes ch = {0};
	struct line *lines;
	size_t n_lines, line_no = 0, counted = 0;
	size_t ctx = context < 0 ? 0 : (size_t)context;
	long long delta = 0;

	for (size_t i = 0; i < e->n;) {
		size_t gs, ge, j;

		if (e->v[i].state != VAKT_EDIT_APPLIED) {
			i++;
			continue;
		}
		gs = line_start(e->data, e->v[i].off);
		ge = line_end(e->data, e->len, e->v[i].off + e->v[i].del);
		for (j = i + 1; j < e->n; j++) {
			if (e->v[j].state != VAKT_EDIT_APPLIED)
				continue;
			/* On a line of the group, or a second insertion at the end of the text. */
			if (line_start(e->data, e->v[j].off) >= ge &&
			    !(gs == ge && e->v[j].off == ge))
				break;
			if (line_end(e->data, e->len, e->v[j].off + e->v[j].del) > ge)
				ge = line_end(e->data, e->len, e->v[j].off + e->v[j].del);
		}
		/* The index of gs's line: count the newlines since the last group. */
		for (; counted < gs; counted++)
			line_no += e->data[counted] == '\n';
		group_change(e, i, j, gs, ge, line_no, &ch);
		i = j;
	}
	if (!ch.n)
		goto out;
	split_lines(e->data, e->len, &lines, &n_lines);
	while (path[0] == '.' && path[1] == '/')
		path += 2;
	vakt_buf_addf(out, "--- a/%s\n+++ b/%s\n", path, path);
	for (size_t i = 0; i < ch.n;) {
		size_t j = i + 1, hs, he, old_n, new_n;

		/* Changes whose contexts touch share a hunk. */
		while (j < ch.n &&
		       ch.v[j].old_first <= ch.v[j - 1].old_first + ch.v[j - 1].old_n + 2 * ctx)
			j++;
		hs = ch.v[i].old_first > ctx ? ch.v[i].old_first - ctx : 0;
		he = ch.v[j - 1].old_first + ch.v[j - 1].old_n + ctx;
		if (he > n_lines)
			he = n_lines;
		old_n = he - hs;
		new_n = old_n;
		for (size_t k = i; k < j; k++)
			new_n = new_n - ch.v[k].old_n + ch.v[k].new_n;
		vakt_buf_adds(out, "@@");
		put_range(out, '-', hs, old_n);
		put_range(out, '+', (size_t)((long long)hs + delta), new_n);
		vakt_buf_adds(out, " @@\n");
		for (size_t k = i, at = hs; k < j;) {
			/* Changes on adjacent lines: their old lines, then their new ones (as diff
			 * -u). */
			size_t m = k + 1;

			while (m < j &&
			       ch.v[m].old_first == ch.v[m - 1].old_first + ch.v[m - 1].old_n)
				m++;
			for (; at < ch.v[k].old_first; at++)
				put_line(out, ' ', &lines[at]);
			for (size_t q = k; q < m; q++)
				for (size_t l = 0; l < ch.v[q].old_n; l++)
					put_line(out, '-', &lines[at++]);
			for (size_t q = k; q < m; q++) {
				for (size_t l = 0; l < ch.v[q].new_n; l++)
					put_line(out, '+', &ch.v[q].new_lines[l]);
				delta += (long long)ch.v[q].new_n - (long long)ch.v[q].old_n;
			}
			k = m;
			if (k == j)
				for (; at < he; at++)
					put_line(out, ' ', &lines[at]);
		}
		i = j;
	}
	free(lines);
out:
	for (size_t i = 0; i < ch.n; i++) {
		free(ch.v[i].new_lines);
		free(ch.v[i].text);
	}
	free(ch.v);
}

void vakt_fix_diff_new(const char *path, const char *text, size_t len, struct vakt_buf *out)
{
	struct vakt_edits l = {0};
	struct vakt_fix_plan p = {0};
	struct vakt_buf b = VAKT_BUF_INIT;
	char *copy = vakt_xstrndup(text, len);
	const char *body;

	vakt_edits_add(&l, 0, 0, copy, NULL, NULL);
	free(copy);
	vakt_fix_plan_make(&p, "", 0, &l);
	vakt_fix_diff(&p, path, 0, &b);
	/* The same hunk, from /dev/null: git apply and patch then create the file. */
	body = b.data ? strchr(b.data, '\n') : NULL;
	if (body) {
		vakt_buf_adds(out, "--- /dev/null");
		vakt_buf_add(out, body, b.len - (size_t)(body - b.data));
	}
	vakt_buf_release(&b);
	vakt_fix_plan_release(&p);
	vakt_edits_release(&l);
}
