/* SPDX-License-Identifier: MIT */
/*
 * Names to places for the nft parsers: a small open-addressing index, and
 * the text parser's tables, chains, sets and defines found through it, so
 * that a rule set of a million `add rule` commands over as many chains
 * reads in linear time.
 */
#include <string.h>

#include "fw-nft-priv.h"

static uint64_t hash(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ull; /* FNV-1a */

	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ull;
	}
	return h;
}

static struct nft_index_ent *slot(const struct nft_index *ix, const char *key, size_t klen)
{
	size_t mask = ix->cap - 1, i = (size_t)hash(key, klen) & mask;

	for (;;) {
		struct nft_index_ent *e = &ix->v[i];

		if (!e->key || (e->klen == klen && memcmp(e->key, key, klen) == 0))
			return e;
		i = (i + 1) & mask;
	}
}

void nft_index_put(struct nft_index *ix, const char *key, size_t klen, size_t val)
{
	struct nft_index_ent *e;

	if ((ix->n + 1) * 2 > ix->cap) {
		struct nft_index old = *ix;

		ix->cap = ix->cap ? ix->cap * 2 : 64;
		ix->v = vakt_xcalloc(ix->cap, sizeof(*ix->v));
		for (size_t i = 0; i < old.cap; i++)
			if (old.v[i].key)
				*slot(ix, old.v[i].key, old.v[i].klen) = old.v[i];
		free(old.v);
	}
	e = slot(ix, key, klen);
	if (!e->key) {
		e->key = vakt_xstrndup(key, klen);
		e->klen = klen;
		ix->n++;
	}
	e->val = val;
}

bool nft_index_get(const struct nft_index *ix, const char *key, size_t klen, size_t *val)
{
	const struct nft_index_ent *e;

	if (!ix->cap)
		return false;
	e = slot(ix, key, klen);
	if (!e->key)
		return false;
	*val = e->val;
	return true;
}

void nft_index_clear(struct nft_index *ix)
{
	for (size_t i = 0; i < ix->cap; i++)
		free(ix->v[i].key);
	free(ix->v);
	memset(ix, 0, sizeof(*ix));
}

void nft_index_key(struct vakt_buf *b, char kind, int family, const char *a, size_t an,
                   const char *c, size_t cn)
{
	vakt_buf_reset(b);
	vakt_buf_addc(b, kind);
	vakt_buf_addc(b, (char)('0' + family));
	vakt_buf_add(b, a, an);
	if (c) {
		vakt_buf_addc(b, '\0');
		vakt_buf_add(b, c, cn);
	}
}

static bool lookup(struct nft_parser *p, char kind, int family, const char *a, size_t an,
                   const char *c, size_t cn, size_t *val)
{
	nft_index_key(&p->key, kind, family, a, an, c, cn);
	return nft_index_get(&p->index, p->key.data, p->key.len, val);
}

static void put(struct nft_parser *p, char kind, int family, const char *a, size_t an,
                const char *c, size_t cn, size_t val)
{
	nft_index_key(&p->key, kind, family, a, an, c, cn);
	nft_index_put(&p->index, p->key.data, p->key.len, val);
}

struct fw_table *nft_table(struct nft_parser *p, enum fw_family family, const char *name)
{
	size_t i;

	if (!lookup(p, 'T', (int)family, name, strlen(name), NULL, 0, &i) || i >= p->rs->n_tables)
		return NULL;
	return &p->rs->tables[i];
}

struct fw_table *nft_table_get(struct nft_parser *p, enum fw_family family, const char *name,
                               int line)
{
	struct fw_table *t = nft_table(p, family, name);

	if (t)
		return t;
	t = fw_ruleset_add_table(p->rs, name, family, line);
	put(p, 'T', (int)family, name, strlen(name), NULL, 0, p->rs->n_tables - 1);
	return t;
}

struct fw_chain *nft_chain(struct nft_parser *p, enum fw_family family, const char *table,
                           const char *name)
{
	struct fw_table *t = nft_table(p, family, table);
	size_t i;

	if (!t || !lookup(p, 'C', (int)family, table, strlen(table), name, strlen(name), &i) ||
	    i >= t->n_chains)
		return NULL;
	return &t->chains[i];
}

struct fw_chain *nft_chain_add(struct nft_parser *p, enum fw_family family, const char *table,
                               const char *name, int line)
{
	struct fw_table *t = nft_table(p, family, table);
	struct fw_chain *c = fw_table_add_chain(t, name, line);

	put(p, 'C', (int)family, table, strlen(table), name, strlen(name), t->n_chains - 1);
	return c;
}

struct nft_set *nft_set_find(struct nft_parser *p, enum fw_family family, const char *table,
                             const char *name, size_t n)
{
	size_t i;

	if (!lookup(p, 'S', (int)family, table, strlen(table), name, n, &i) || i >= p->n_sets)
		return NULL;
	return &p->sets[i];
}

struct nft_set *nft_set_get(struct nft_parser *p, enum fw_family family, const char *table,
                            const char *name)
{
	struct nft_set *s = nft_set_find(p, family, table, name, strlen(name));

	if (s)
		return s;
	p->sets = vakt_xrealloc(p->sets, (p->n_sets + 1) * sizeof(*p->sets));
	s = &p->sets[p->n_sets++];
	memset(s, 0, sizeof(*s));
	s->family = family;
	s->table = vakt_xstrdup(table);
	s->name = vakt_xstrdup(name);
	put(p, 'S', (int)family, table, strlen(table), name, strlen(name), p->n_sets - 1);
	return s;
}

const struct nft_define *nft_define_find(struct nft_parser *p, const char *s, size_t n)
{
	size_t i;

	if (!lookup(p, 'D', 0, s, n, NULL, 0, &i) || i >= p->n_defs)
		return NULL;
	return &p->defs[i];
}

void nft_define_add(struct nft_parser *p, struct nft_define *d)
{
	p->defs = vakt_xrealloc(p->defs, (p->n_defs + 1) * sizeof(*p->defs));
	p->defs[p->n_defs++] = *d;
	put(p, 'D', 0, d->name, strlen(d->name), NULL, 0, p->n_defs - 1);
}

void nft_reindex(struct nft_parser *p)
{
	nft_index_clear(&p->index);
	for (size_t t = 0; t < p->rs->n_tables; t++) {
		const struct fw_table *tb = &p->rs->tables[t];

		put(p, 'T', (int)tb->family, tb->name, strlen(tb->name), NULL, 0, t);
		for (size_t c = 0; c < tb->n_chains; c++)
			put(p, 'C', (int)tb->family, tb->name, strlen(tb->name), tb->chains[c].name,
			    strlen(tb->chains[c].name), c);
	}
	for (size_t i = 0; i < p->n_sets; i++)
		put(p, 'S', (int)p->sets[i].family, p->sets[i].table, strlen(p->sets[i].table),
		    p->sets[i].name, strlen(p->sets[i].name), i);
	/* in order, so that the latest of two defines of one name wins */
	for (size_t i = 0; i < p->n_defs; i++)
		put(p, 'D', 0, p->defs[i].name, strlen(p->defs[i].name), NULL, 0, i);
}
