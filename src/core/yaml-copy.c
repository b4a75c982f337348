/* SPDX-License-Identifier: MIT */
/*
 * Copies of YAML trees (vakt_yaml_copy()): what a domain keeps of a
 * document after vakt_yaml_parse_each() has handed it over, in memory sized
 * to the copy. A map from original to copy keeps shared nodes shared.
 */
#include <stdint.h>

#include "yaml-priv.h"

/* Originals to copies: open addressing on the node address. */
struct copy_map {
	struct copy_slot {
		const struct vakt_yaml_node *from; /* NULL: empty */
		const struct vakt_yaml_node *to;
	} * v;
	size_t mask, n;
};

/* Scalars a copy notes on the stack before it needs the heap (most documents kept have fewer). */
#define COPY_SCALARS_INLINE 256

struct copier {
	struct yaml_arena *a;
	struct copy_map map;
	/*
	 * Scalars of the copy whose strings are still the original's
	 * (copy_strings()): in inline_scalars until it is full, then in memory
	 * of their own.
	 */
	struct vakt_yaml_node **scalars;
	size_t n_scalars, cap_scalars;
	struct vakt_yaml_node *inline_scalars[COPY_SCALARS_INLINE];
	bool shared; /* the tree shares nodes: keep them shared through map */
	bool (*pick)(const struct vakt_yaml_node *map, size_t i, void *data);
	void *data;
};

static size_t slot_of(const struct copy_map *m, const struct vakt_yaml_node *n)
{
	uint64_t h = (uint64_t)(uintptr_t)n * 0x9e3779b97f4a7c15ull;

	return (size_t)(h >> 20) & m->mask;
}

static const struct vakt_yaml_node *map_get(const struct copy_map *m,
                                            const struct vakt_yaml_node *n)
{
	if (!m->v)
		return NULL;
	for (size_t i = slot_of(m, n); m->v[i].from; i = (i + 1) & m->mask)
		if (m->v[i].from == n)
			return m->v[i].to;
	return NULL;
}

static void map_put(struct copy_map *m, const struct vakt_yaml_node *from,
                    const struct vakt_yaml_node *to)
{
	size_t i;

	if (!m->v || (m->n + 1) * 2 > m->mask + 1) {
		struct copy_map g = {0};

		g.mask = m->v ? m->mask * 2 + 1 : 255;
		g.v = vakt_xcalloc(g.mask + 1, sizeof(*g.v));
		for (size_t k = 0; m->v && k <= m->mask; k++)
			if (m->v[k].from)
				map_put(&g, m->v[k].from, m->v[k].to);
		free(m->v);
		*m = g;
	}
	for (i = slot_of(m, from); m->v[i].from; i = (i + 1) & m->mask)
		;
	m->v[i].from = from;
	m->v[i].to = to;
	m->n++;
}

/* Room for more scalars in c->scalars, moved off the stack when it is full. */
static void note_more_scalars(struct copier *c)
{
	bool on_stack = c->scalars == c->inline_scalars;
	struct vakt_yaml_node **v =
	    vakt_grow(on_stack ? NULL : c->scalars, sizeof(*v), c->n_scalars + 1, &c->cap_scalars);

	if (on_stack)
		memcpy(v, c->inline_scalars, c->n_scalars * sizeof(*v));
	c->scalars = v;
}

/*
 * The copy of n. Recursion follows the tree, whose depth the parser bounds;
 * a chain of aliases (each anchored value holding the next alias) adds at
 * most one level per alias, which VAKT_YAML_MAX_ALIASES bounds.
 */
static const struct vakt_yaml_node *copy_node(struct copier *c, const struct vakt_yaml_node *n)
{
	const struct vakt_yaml_node *done = c->shared ? map_get(&c->map, n) : NULL;
	struct vakt_yaml_node *m;

	if (done)
		return done;
	m = yaml_arena_node(c->a, vakt_yaml_tag(n));
	m->kind = n->kind;
	m->plain = n->plain;
	m->merged = n->merged;
	m->line = n->line;
	m->col = n->col;
	m->end_line = n->end_line;
	m->end_col = n->end_col;
	if (c->shared)
		map_put(&c->map, n, m);
	if (n->kind == VAKT_YAML_SCALAR) {
		/* The original's string until copy_strings(). */
		m->str = n->str;
		m->len = n->len;
		if (c->n_scalars == c->cap_scalars)
			note_more_scalars(c);
		c->scalars[c->n_scalars++] = m;
	} else if (n->kind == VAKT_YAML_SEQ) {
		const struct vakt_yaml_node **items = yaml_arena_alloc(c->a, n->n * sizeof(*items));

		for (size_t i = 0; i < n->n; i++)
			items[i] = copy_node(c, n->items[i]);
		m->items = items;
		m->n = n->n;
	} else {
		size_t k = 0;
		struct vakt_yaml_pair *pairs;

		for (size_t i = 0; i < n->n; i++)
			k += !c->pick || c->pick(n, i, c->data);
		pairs = yaml_arena_alloc(c->a, k * sizeof(*pairs));
		k = 0;
		for (size_t i = 0; i < n->n; i++) {
			if (c->pick && !c->pick(n, i, c->data))
				continue;
			pairs[k].key = copy_node(c, n->pairs[i].key);
			pairs[k++].value = copy_node(c, n->pairs[i].value);
		}
		m->pairs = pairs;
		m->n = k;
	}
	return m;
}

/*
 * The strings of the copy's scalars, after all its nodes: packed in one run
 * with no alignment between them, rather than each after its node.
 */
static void copy_strings(struct copier *c)
{
	for (size_t i = 0; i < c->n_scalars; i++)
		c->scalars[i]->str =
		    yaml_arena_str_inline(c->a, c->scalars[i]->str, c->scalars[i]->len);
}

const struct vakt_yaml_node *vakt_yaml_copy(
    struct vakt_yaml_stream *dst, const struct vakt_yaml_node *n, bool shared,
    bool (*pick)(const struct vakt_yaml_node *map, size_t i, void *data), void *data)
{
	struct copier c = {.a = dst->arena, .shared = shared, .pick = pick, .data = data};
	const struct vakt_yaml_node *r;

	if (!n)
		return NULL;
	c.scalars = c.inline_scalars;
	c.cap_scalars = COPY_SCALARS_INLINE;
	r = copy_node(&c, n);
	copy_strings(&c);
	if (c.scalars != c.inline_scalars)
		free(c.scalars);
	free(c.map.v);
	return r;
}
