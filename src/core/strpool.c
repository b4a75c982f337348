/* SPDX-License-Identifier: MIT */
/*
 * Strings packed in blocks that double from STRPOOL_BLOCK_MIN up to
 * STRPOOL_BLOCK_MAX (a string larger than a quarter of that gets a block
 * of its own), and an open-addressing index of (hash, length, string) that
 * doubles until VAKT_STRPOOL_INDEX_MAX entries and then overwrites.
 */
#include <stdint.h>

#include "strpool.h"

#define STRPOOL_BLOCK_MIN 256u
#define STRPOOL_BLOCK_MAX (256u * 1024)
/* Slots probed for a string before giving up (a full index overwrites the first). */
#define STRPOOL_PROBES 8

struct strpool_block {
	struct strpool_block *next;
	size_t used, size;
	char data[];
};

struct strpool_slot {
	const char *s; /* NULL: empty */
	uint32_t len;
	uint32_t hash;
};

struct vakt_strpool {
	struct strpool_block *head; /* the block being filled comes first */
	size_t next_size;
	struct strpool_slot *index;
	size_t n_slots; /* a power of two, or 0 */
	size_t n_used;
	struct vakt_buf scratch; /* for vakt_strpool_vprintf() */
};

struct vakt_strpool *vakt_strpool_new(void)
{
	struct vakt_strpool *p = vakt_xcalloc(1, sizeof(*p));

	p->next_size = STRPOOL_BLOCK_MIN;
	return p;
}

void vakt_strpool_free(struct vakt_strpool *p)
{
	struct strpool_block *b, *next;

	if (!p)
		return;
	for (b = p->head; b; b = next) {
		next = b->next;
		free(b);
	}
	free(p->index);
	vakt_buf_release(&p->scratch);
	free(p);
}

/* Room for n bytes that live as long as the pool. */
static char *pool_alloc(struct vakt_strpool *p, size_t n)
{
	struct strpool_block *b = p->head;

	if (!b || b->size - b->used < n) {
		bool own = n > STRPOOL_BLOCK_MAX / 4;
		size_t size = own ? n : p->next_size;

		while (size < n)
			size *= 2;
		b = vakt_xmalloc(sizeof(*b) + size);
		b->size = size;
		b->used = 0;
		if (own && p->head) {
			/* Keep filling the current block after a big string. */
			b->next = p->head->next;
			p->head->next = b;
		} else {
			b->next = p->head;
			p->head = b;
			if (p->next_size < STRPOOL_BLOCK_MAX)
				p->next_size *= 2;
		}
	}
	b->used += n;
	return b->data + b->used - n;
}

/* A quick hash, eight bytes at a time (every scalar of a manifest goes through it). */
static uint32_t hash_bytes(const char *s, size_t n)
{
	uint64_t h = 0x9e3779b97f4a7c15ull ^ n, w;

	for (; n >= 8; s += 8, n -= 8) {
		memcpy(&w, s, 8);
		h = (h ^ w) * 0xff51afd7ed558ccdull;
		h ^= h >> 32;
	}
	if (n) {
		w = 0;
		memcpy(&w, s, n);
		h = (h ^ w) * 0xc4ceb9fe1a85ec53ull;
	}
	h ^= h >> 29;
	h *= 0xff51afd7ed558ccdull;
	return (uint32_t)(h ^ (h >> 32));
}

static void index_grow(struct vakt_strpool *p)
{
	size_t n = p->n_slots ? p->n_slots * 2 : 64, mask = n - 1;
	struct strpool_slot *v = vakt_xcalloc(n, sizeof(*v));

	for (size_t i = 0; i < p->n_slots; i++) {
		const struct strpool_slot *o = &p->index[i];
		size_t k = o->hash & mask;

		if (!o->s)
			continue;
		while (v[k].s)
			k = (k + 1) & mask;
		v[k] = *o;
	}
	free(p->index);
	p->index = v;
	p->n_slots = n;
}

/* A NUL-terminated copy of s[0..n) in p's blocks (make() of vakt_strpool_intern()). */
static char *pool_copy(void *data, const char *s, size_t n)
{
	char *copy = pool_alloc(data, n + 1);

	if (n)
		memcpy(copy, s, n);
	copy[n] = '\0';
	return copy;
}

/*
 * Both interns, inline in each: the plain one (every scalar a parse reads)
 * then calls pool_copy() directly.
 */
static inline const char *intern(struct vakt_strpool *p, const char *s, size_t n,
                                 char *(*make)(void *data, const char *s, size_t n), void *data)
{
	uint32_t h = hash_bytes(s, n);
	struct strpool_slot *slot = NULL;
	char *copy;

	if (n >= UINT32_MAX)
		return make(data, s, n);
	if (p->n_used * 2 >= p->n_slots && p->n_slots < VAKT_STRPOOL_INDEX_MAX)
		index_grow(p);
	for (size_t i = 0, mask = p->n_slots - 1; i < STRPOOL_PROBES; i++) {
		struct strpool_slot *x = &p->index[(h + i) & mask];

		if (!x->s) {
			slot = x;
			p->n_used++;
			break;
		}
		if (x->hash == h && x->len == n && !memcmp(x->s, s, n))
			return x->s;
	}
	if (!slot)
		slot = &p->index[h & (p->n_slots - 1)]; /* full: forget an older string */
	copy = make(data, s, n);
	slot->s = copy;
	slot->len = (uint32_t)n;
	slot->hash = h;
	return copy;
}

const char *vakt_strpool_intern(struct vakt_strpool *p, const char *s, size_t n)
{
	return intern(p, s, n, pool_copy, p);
}

const char *vakt_strpool_intern_with(struct vakt_strpool *p, const char *s, size_t n,
                                     char *(*make)(void *data, const char *s, size_t n), void *data)
{
	return intern(p, s, n, make, data);
}

bool vakt_strpool_empty(const struct vakt_strpool *p)
{
	return !p->head;
}

const char *vakt_strpool_str(struct vakt_strpool *p, const char *s)
{
	return s ? vakt_strpool_intern(p, s, strlen(s)) : NULL;
}

const char *vakt_strpool_vprintf(struct vakt_strpool *p, const char *fmt, va_list ap)
{
	vakt_buf_reset(&p->scratch);
	vakt_buf_vaddf(&p->scratch, fmt, ap);
	return vakt_strpool_intern(p, vakt_buf_str(&p->scratch), p->scratch.len);
}

void vakt_strpool_clear(struct vakt_strpool *p)
{
	struct strpool_block *b = p->head, *next;

	/* Keep the block being filled (the biggest so far), empty: the next use fits in it. */
	if (b) {
		for (struct strpool_block *x = b->next; x; x = next) {
			next = x->next;
			free(x);
		}
		b->next = NULL;
		b->used = 0;
	}
	if (p->n_slots > 1024) {
		free(p->index);
		p->index = NULL;
		p->n_slots = 0;
	} else if (p->index) {
		memset(p->index, 0, p->n_slots * sizeof(*p->index));
	}
	p->n_used = 0;
}

void vakt_strpool_forget(struct vakt_strpool *p)
{
	free(p->index);
	p->index = NULL;
	p->n_slots = p->n_used = 0;
	vakt_buf_release(&p->scratch);
}

void vakt_strpool_merge(struct vakt_strpool *dst, struct vakt_strpool *src)
{
	struct strpool_block *last;

	if (!src)
		return;
	if (src->head) {
		for (last = src->head; last->next; last = last->next)
			;
		/* dst keeps filling its own current block: src's go behind it. */
		if (dst->head) {
			last->next = dst->head->next;
			dst->head->next = src->head;
		} else {
			last->next = NULL;
			dst->head = src->head;
		}
		src->head = NULL;
	}
	vakt_strpool_free(src);
}
