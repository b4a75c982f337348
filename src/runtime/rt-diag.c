/* SPDX-License-Identifier: MIT */
/*
 * Memory, texts and diagnostics of the rule language: the arena, texts
 * assembled from YAML scalars, and where an offset in such a text lies in
 * its file (a folded condition's newline or a quoted scalar's escape is not
 * in the value, so the value is walked against the source bytes).
 */
#include <stdio.h>
#include <string.h>

#include "rt-lang.h"

#define ARENA_BLOCK (64u * 1024)

struct rt_arena_block {
	struct rt_arena_block *next;
	size_t used, cap;
	max_align_t data[];
};

void *rt_arena_alloc(struct rt_arena *a, size_t n)
{
	struct rt_arena_block *b = a->head;
	void *p;

	n = (n + 15) & ~(size_t)15;
	if (!b || b->cap - b->used < n) {
		size_t cap = n > ARENA_BLOCK ? n : ARENA_BLOCK;

		b = vakt_xmalloc(sizeof(*b) + cap);
		b->used = 0;
		b->cap = cap;
		if (a->head && n > ARENA_BLOCK) {
			/* A large one goes behind the current block, which keeps filling. */
			b->next = a->head->next;
			a->head->next = b;
		} else {
			b->next = a->head;
			a->head = b;
		}
	}
	p = (char *)b->data + b->used;
	b->used += n;
	memset(p, 0, n);
	return p;
}

char *rt_arena_strndup(struct rt_arena *a, const char *s, size_t n)
{
	char *p = rt_arena_alloc(a, n + 1);

	if (n)
		memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

void rt_arena_release(struct rt_arena *a)
{
	for (struct rt_arena_block *b = a->head, *next; b; b = next) {
		next = b->next;
		free(b);
	}
	a->head = NULL;
}

void rt_text_append(struct rt_text *t, const char *sep, const char *s, size_t n,
                    const struct rt_file *file, int line, int col)
{
	size_t sl = t->n && sep ? strlen(sep) : 0;

	t->s = vakt_xrealloc(t->s, t->n + sl + n + 1);
	if (sl)
		memcpy(t->s + t->n, sep, sl);
	t->n += sl;
	if (n)
		memcpy(t->s + t->n, s, n);
	t->pieces = vakt_xrealloc(t->pieces, (t->n_pieces + 1) * sizeof(*t->pieces));
	t->pieces[t->n_pieces++] = (struct rt_piece){t->n, n, file, line, col};
	t->n += n;
	t->s[t->n] = '\0';
}

void rt_text_release(struct rt_text *t)
{
	free(t->s);
	free(t->pieces);
	memset(t, 0, sizeof(*t));
}

/* Byte offset of 1-based line:col (col in characters, as libyaml counts) in f. */
static size_t file_offset(const struct rt_file *f, int line, int col)
{
	size_t i = 0;
	int l = 1, c = 1;

	while (i < f->len && l < line) {
		if (f->data[i++] == '\n')
			l++;
	}
	while (i < f->len && c < col && f->data[i] != '\n') {
		i++;
		while (i < f->len && ((unsigned char)f->data[i] & 0xC0) == 0x80)
			i++;
		c++;
	}
	return i;
}

static void file_line_col(const struct rt_file *f, size_t off, int *line, int *col)
{
	int l = 1, c = 1;

	for (size_t i = 0; i < off && i < f->len; i++) {
		if (f->data[i] == '\n') {
			l++;
			c = 1;
		} else if (((unsigned char)f->data[i] & 0xC0) != 0x80) {
			c++;
		}
	}
	*line = l;
	*col = c;
}

static bool ws(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Where byte k of value v (a scalar starting at src) is in the source: v walked against it. */
static size_t align(const char *src, size_t src_len, const char *v, size_t k)
{
	size_t sp = 0;
	enum { WINDOW = 64 };

	for (size_t i = 0; i <= k && sp < src_len; i++) {
		size_t lim = sp + WINDOW < src_len ? sp + WINDOW : src_len, j = sp;

		if (ws(v[i])) {
			if (i == k)
				break;
			while (sp < src_len && ws(src[sp]))
				sp++;
			continue;
		}
		while (j < lim && src[j] != v[i])
			j++;
		if (j < lim) {
			if (i == k)
				return j;
			sp = j + 1;
		}
	}
	return sp;
}

void rt_pos_locate(const struct rt_pos *pos, const char **file, int *line, int *col)
{
	const struct rt_text *t = pos->text;
	const struct rt_piece *pc = NULL;
	size_t start, off;

	*file = pos->file ? pos->file->path : NULL;
	*line = pos->line;
	*col = pos->col;
	if (!t || !t->n_pieces)
		return;
	for (size_t i = 0; i < t->n_pieces; i++)
		if (t->pieces[i].off <= pos->off || !pc)
			pc = &t->pieces[i];
	*file = pc->file ? pc->file->path : NULL;
	*line = pc->line;
	*col = pc->col;
	if (!pc->file || !pc->file->data)
		return;
	off = pos->off > pc->off ? pos->off - pc->off : 0;
	if (off > pc->len)
		off = pc->len;
	start = file_offset(pc->file, pc->line, pc->col);
	if (off < pc->len)
		start += align(pc->file->data + start, pc->file->len - start, t->s + pc->off, off);
	else if (pc->len)
		start += align(pc->file->data + start, pc->file->len - start, t->s + pc->off,
		               pc->len - 1) +
		         1;
	file_line_col(pc->file, start, line, col);
}

static const char *const code_names[RT_DIAG_COUNT] = {
    [RT_LOAD_ERR_FILE] = "LOAD_ERR_FILE",
    [RT_LOAD_ERR_YAML_PARSE] = "LOAD_ERR_YAML_PARSE",
    [RT_LOAD_ERR_YAML_VALIDATE] = "LOAD_ERR_YAML_VALIDATE",
    [RT_LOAD_ERR_COMPILE_CONDITION] = "LOAD_ERR_COMPILE_CONDITION",
    [RT_LOAD_ERR_COMPILE_OUTPUT] = "LOAD_ERR_COMPILE_OUTPUT",
    [RT_LOAD_ERR_VALIDATE] = "LOAD_ERR_VALIDATE",
    [RT_LOAD_ERR_TOO_LARGE] = "LOAD_ERR_TOO_LARGE",
    [RT_LOAD_UNKNOWN_SOURCE] = "LOAD_UNKNOWN_SOURCE",
    [RT_LOAD_UNKNOWN_ITEM] = "LOAD_UNKNOWN_ITEM",
    [RT_LOAD_UNKNOWN_PLUGIN] = "LOAD_UNKNOWN_PLUGIN",
    [RT_LOAD_NO_EVTTYPE] = "LOAD_NO_EVTTYPE",
    [RT_LOAD_UNUSED_MACRO] = "LOAD_UNUSED_MACRO",
    [RT_LOAD_UNUSED_LIST] = "LOAD_UNUSED_LIST",
    [RT_LOAD_DEPRECATED_ITEM] = "LOAD_DEPRECATED_ITEM",
    [RT_LOAD_APPEND_NO_VALUES] = "LOAD_APPEND_NO_VALUES",
};

const char *rt_diag_code_name(enum rt_diag_code c)
{
	return c < RT_DIAG_COUNT ? code_names[c] : "?";
}

void rt_diags_addv(struct rt_diags *d, bool warning, enum rt_diag_code code,
                   const struct rt_pos *pos, const char *kind, const char *name, const char *fmt,
                   va_list ap)
{
	struct rt_diag *g;
	const char *file = NULL;
	int line = 0, col = 0;

	if (pos)
		rt_pos_locate(pos, &file, &line, &col);
	d->v = vakt_grow(d->v, sizeof(*d->v), d->n + 1, &d->cap);
	g = &d->v[d->n++];
	g->warning = warning;
	g->code = code;
	g->file = file ? vakt_xstrdup(file) : NULL;
	g->line = line;
	g->col = col;
	g->item_kind = kind ? vakt_xstrdup(kind) : NULL;
	g->item_name = name ? vakt_xstrdup(name) : NULL;
	g->msg = vakt_xvasprintf(fmt, ap);
	if (!warning)
		d->n_errors++;
}

void rt_diags_add(struct rt_diags *d, bool warning, enum rt_diag_code code,
                  const struct rt_pos *pos, const char *kind, const char *name, const char *fmt,
                  ...)
{
	va_list ap;

	va_start(ap, fmt);
	rt_diags_addv(d, warning, code, pos, kind, name, fmt, ap);
	va_end(ap);
}

void rt_diags_release(struct rt_diags *d)
{
	for (size_t i = 0; i < d->n; i++) {
		free((char *)d->v[i].file);
		free((char *)d->v[i].item_kind);
		free((char *)d->v[i].item_name);
		free((char *)d->v[i].msg);
	}
	free(d->v);
	memset(d, 0, sizeof(*d));
}

char *rt_diag_format(const struct rt_diag *d)
{
	struct vakt_buf b = VAKT_BUF_INIT;

	if (d->file) {
		vakt_buf_adds(&b, d->file);
		if (d->line)
			vakt_buf_addf(&b, ":%d:%d", d->line, d->col);
		vakt_buf_adds(&b, ": ");
	}
	if (d->item_kind) {
		if (d->item_name)
			vakt_buf_addf(&b, "%s '%s': ", d->item_kind, d->item_name);
		else
			vakt_buf_addf(&b, "%s: ", d->item_kind);
	}
	vakt_buf_addf(&b, "%s [%s]", d->msg, rt_diag_code_name(d->code));
	return vakt_buf_detach(&b);
}
