/* SPDX-License-Identifier: MIT */
/*
 * Memory for the Dockerfile model: a bump arena (one free per file instead of
 * one per word, which matters when scanning thousands of files) and builders
 * for position-keeping texts.
 */
#include "df-parse-priv.h"

/* First arena chunk; later chunks double up to DF_ARENA_CHUNK_MAX. */
#define DF_ARENA_CHUNK_MIN (8u * 1024)
#define DF_ARENA_CHUNK_MAX (1024u * 1024)

struct df_arena_chunk {
	struct df_arena_chunk *next;
	size_t used;
	size_t size;
	uint64_t data[]; /* 8-byte aligned storage */
};

static struct df_arena_chunk *arena_chunk_new(size_t size)
{
	struct df_arena_chunk *c = vakt_xmalloc(sizeof(*c) + size);

	c->next = NULL;
	c->used = 0;
	c->size = size;
	return c;
}

void *df_arena_alloc(struct df_arena *a, size_t n)
{
	struct df_arena_chunk *c = a->head;
	size_t need = (n + 7) & ~(size_t)7;

	if (need < n)
		abort();
	if (!need)
		need = 8;
	if (c && c->size - c->used >= need) {
		void *r = (char *)c->data + c->used;

		c->used += need;
		return r;
	}
	if (!a->next_size)
		a->next_size = DF_ARENA_CHUNK_MIN;
	if (need > a->next_size / 4) {
		/* A big block gets its own chunk behind the current one. */
		struct df_arena_chunk *big = arena_chunk_new(need);

		big->used = need;
		if (c) {
			big->next = c->next;
			c->next = big;
		} else {
			a->head = big;
		}
		return big->data;
	}
	c = arena_chunk_new(a->next_size);
	if (a->next_size < DF_ARENA_CHUNK_MAX)
		a->next_size *= 2;
	c->next = a->head;
	a->head = c;
	c->used = need;
	return c->data;
}

void *df_arena_zalloc(struct df_arena *a, size_t n)
{
	void *p = df_arena_alloc(a, n);

	memset(p, 0, n);
	return p;
}

char *df_arena_strndup(struct df_arena *a, const char *s, size_t n)
{
	char *p = df_arena_alloc(a, n + 1);

	if (n)
		memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

void *df_arena_memdup(struct df_arena *a, const void *p, size_t n)
{
	void *r = df_arena_alloc(a, n);

	if (n)
		memcpy(r, p, n);
	return r;
}

void df_arena_release(struct df_arena *a)
{
	struct df_arena_chunk *c = a->head;

	while (c) {
		struct df_arena_chunk *next = c->next;

		free(c);
		c = next;
	}
	a->head = NULL;
	a->next_size = 0;
}

void df_tbuf_reset(struct df_tbuf *t)
{
	vakt_buf_reset(&t->b);
	t->n_segs = 0;
}

/* Whether n new bytes at line:col continue t's last segment. */
static bool tbuf_continues(const struct df_tbuf *t, int line, int col)
{
	const struct shell_seg *last;

	if (!t->n_segs)
		return false;
	last = &t->segs[t->n_segs - 1];
	return last->line == line && (size_t)last->col + (t->b.len - last->off) == (size_t)col;
}

void df_tbuf_add(struct df_tbuf *t, const char *p, size_t n, int line, int col)
{
	if (!n)
		return;
	if (!tbuf_continues(t, line, col)) {
		t->segs = vakt_grow(t->segs, sizeof(*t->segs), t->n_segs + 1, &t->cap_segs);
		t->segs[t->n_segs].off = t->b.len;
		t->segs[t->n_segs].line = line;
		t->segs[t->n_segs].col = col;
		t->n_segs++;
	}
	vakt_buf_add(&t->b, p, n);
}

struct shell_text df_tbuf_view(const struct df_tbuf *t)
{
	static char empty[1];
	struct shell_text v;

	v.s = t->b.data ? t->b.data : empty;
	v.len = t->b.len;
	v.segs = t->segs;
	v.n_segs = t->n_segs;
	return v;
}

void df_tbuf_release(struct df_tbuf *t)
{
	vakt_buf_release(&t->b);
	free(t->segs);
	memset(t, 0, sizeof(*t));
}

/* Index of the last segment starting at or before off (n_segs > 0). */
static size_t text_seg_at(const struct shell_text *t, size_t off)
{
	size_t lo = 0, hi = t->n_segs;

	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (t->segs[mid].off <= off)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

void df_text_copy_range(struct df_arena *a, const struct shell_text *src, size_t off, size_t n,
                        struct shell_text *out)
{
	size_t first, last, k;

	out->s = df_arena_strndup(a, src->s + off, n);
	out->len = n;
	out->segs = NULL;
	out->n_segs = 0;
	if (!n || !src->n_segs)
		return;
	first = text_seg_at(src, off);
	last = text_seg_at(src, off + n - 1);
	out->n_segs = last - first + 1;
	out->segs = df_arena_alloc(a, out->n_segs * sizeof(*out->segs));
	for (k = 0; k < out->n_segs; k++) {
		const struct shell_seg *s = &src->segs[first + k];

		if (k == 0) {
			out->segs[0].off = 0;
			out->segs[0].line = s->line;
			out->segs[0].col = s->col + (int)(off - s->off);
		} else {
			out->segs[k].off = s->off - off;
			out->segs[k].line = s->line;
			out->segs[k].col = s->col;
		}
	}
}
