/* SPDX-License-Identifier: MIT */
/*
 * The two compiled sets of the rule language: a hash set of byte strings
 * for `in` and `intersects`, and the path-prefix set of `pmatch` (a tree of
 * path components, as Falco's path_prefix_search). Both are built once, when
 * a rule compiles, and only read afterwards.
 */
#include <errno.h>
#include <string.h>

#include "core/error.h"
#include "core/util.h"
#include "runtime/rt-match.h"

/* ---- string set -------------------------------------------------------------- */

#define SLOT_EMPTY UINT32_MAX

struct slot {
	uint64_t hash;
	size_t off;   /* into arena */
	uint32_t len; /* SLOT_EMPTY: a free slot */
};

struct rt_strset {
	struct slot *tab;
	size_t cap; /* a power of two, at least twice n */
	size_t n;
	char *arena; /* the keys, end to end */
	size_t arena_len, arena_cap;
	size_t min_len, max_len; /* keys outside these cannot be in the set */
};

/*
 * A word-at-a-time multiplicative hash: keys are short, lookups frequent.
 * The last 1-7 bytes are read as two overlapping 4-byte loads (4-7 bytes)
 * or three single bytes (1-3; with the length mixed in first, no two keys
 * of one length share a word), never copied into a zeroed word: a copy of
 * a variable length followed by an 8-byte load stalls on store forwarding,
 * which made lookups of short names two to three times slower.
 */
static uint64_t key_hash(const void *key, size_t n)
{
	const unsigned char *p = key;
	uint64_t h = 0x9e3779b97f4a7c15ull ^ (n * 0xff51afd7ed558ccdull);

	while (n >= 8) {
		uint64_t w;

		memcpy(&w, p, 8);
		h = (h ^ w) * 0xbf58476d1ce4e5b9ull;
		h ^= h >> 31;
		p += 8;
		n -= 8;
	}
	if (n >= 4) {
		uint32_t lo, hi;

		memcpy(&lo, p, 4);
		memcpy(&hi, p + n - 4, 4);
		h = (h ^ ((uint64_t)hi << 32 | lo)) * 0x94d049bb133111ebull;
		h ^= h >> 29;
	} else if (n) {
		uint64_t w = (uint64_t)p[0] | (uint64_t)p[n / 2] << 8 | (uint64_t)p[n - 1] << 16;

		h = (h ^ w) * 0x94d049bb133111ebull;
		h ^= h >> 29;
	}
	h *= 0xbf58476d1ce4e5b9ull;
	return h ^ (h >> 32);
}

struct rt_strset *rt_strset_new(void)
{
	struct rt_strset *set = vakt_xcalloc(1, sizeof(*set));

	set->cap = 16;
	set->tab = vakt_xmalloc(set->cap * sizeof(*set->tab));
	for (size_t i = 0; i < set->cap; i++)
		set->tab[i].len = SLOT_EMPTY;
	set->min_len = SIZE_MAX;
	return set;
}

/* The slot holding key, or the free slot where it would go. */
static struct slot *slot_find(const struct rt_strset *set, const void *key, size_t n, uint64_t h)
{
	size_t mask = set->cap - 1;

	for (size_t i = (size_t)h & mask;; i = (i + 1) & mask) {
		struct slot *s = &set->tab[i];

		if (s->len == SLOT_EMPTY)
			return s;
		if (s->hash == h && s->len == n &&
		    (n == 0 || memcmp(set->arena + s->off, key, n) == 0))
			return s;
	}
}

static void strset_grow(struct rt_strset *set)
{
	struct slot *old = set->tab;
	size_t old_cap = set->cap;

	set->cap *= 2;
	set->tab = vakt_xmalloc(set->cap * sizeof(*set->tab));
	for (size_t i = 0; i < set->cap; i++)
		set->tab[i].len = SLOT_EMPTY;
	for (size_t i = 0; i < old_cap; i++) {
		size_t j;

		if (old[i].len == SLOT_EMPTY)
			continue;
		for (j = (size_t)old[i].hash & (set->cap - 1); set->tab[j].len != SLOT_EMPTY;
		     j = (j + 1) & (set->cap - 1))
			;
		set->tab[j] = old[i];
	}
	free(old);
}

int rt_strset_add(struct rt_strset *set, const void *key, size_t n, struct vakt_error **err)
{
	uint64_t h;
	struct slot *s;

	if (n > RT_STRSET_MAX_KEY)
		return vakt_error_set(err, -E2BIG, "list value too long (%zu bytes, at most %d)", n,
		                      RT_STRSET_MAX_KEY);
	h = key_hash(key, n);
	s = slot_find(set, key, n, h);
	if (s->len != SLOT_EMPTY)
		return 0;
	if (set->n >= RT_STRSET_MAX_ITEMS)
		return vakt_error_set(err, -E2BIG, "too many list values (at most %u)",
		                      RT_STRSET_MAX_ITEMS);
	if (set->arena_len + n > set->arena_cap)
		set->arena = vakt_grow(set->arena, 1, set->arena_len + n, &set->arena_cap);
	if (n)
		memcpy(set->arena + set->arena_len, key, n);
	s->hash = h;
	s->off = set->arena_len;
	s->len = (uint32_t)n;
	set->arena_len += n;
	set->n++;
	if (n < set->min_len)
		set->min_len = n;
	if (n > set->max_len)
		set->max_len = n;
	if (set->n * 2 > set->cap)
		strset_grow(set);
	return 0;
}

bool rt_strset_has(const struct rt_strset *set, const void *key, size_t n)
{
	if (set->n == 0 || n < set->min_len || n > set->max_len)
		return false;
	return slot_find(set, key, n, key_hash(key, n))->len != SLOT_EMPTY;
}

size_t rt_strset_count(const struct rt_strset *set)
{
	return set->n;
}

void rt_strset_free(struct rt_strset *set)
{
	if (!set)
		return;
	free(set->tab);
	free(set->arena);
	free(set);
}

/* ---- pmatch ------------------------------------------------------------------- */

/*
 * One component of a search path below a node. end: a search path ends
 * here, so every path through it matches and its subtree no longer counts.
 */
struct pm_edge {
	char *comp; /* owned */
	size_t len;
	uint32_t child; /* node index, 0 for none (node 0 is the root) */
	bool end;
};

struct pm_node {
	struct pm_edge *lit; /* sorted by (len, bytes) for binary search */
	size_t n_lit, cap_lit;
	struct pm_edge *glob; /* components with * ? [, in the order added */
	size_t n_glob, cap_glob;
};

struct rt_pmatch {
	struct pm_node *nodes;
	size_t n_nodes, cap_nodes;
	size_t n_paths;
	bool all; /* the search path "/" was added */
};

struct rt_pmatch *rt_pmatch_new(void)
{
	struct rt_pmatch *pm = vakt_xcalloc(1, sizeof(*pm));

	pm->nodes = vakt_grow(NULL, sizeof(*pm->nodes), 1, &pm->cap_nodes);
	memset(&pm->nodes[0], 0, sizeof(pm->nodes[0]));
	pm->n_nodes = 1;
	return pm;
}

void rt_pmatch_free(struct rt_pmatch *pm)
{
	if (!pm)
		return;
	for (size_t i = 0; i < pm->n_nodes; i++) {
		struct pm_node *nd = &pm->nodes[i];

		for (size_t j = 0; j < nd->n_lit; j++)
			free(nd->lit[j].comp);
		for (size_t j = 0; j < nd->n_glob; j++)
			free(nd->glob[j].comp);
		free(nd->lit);
		free(nd->glob);
	}
	free(pm->nodes);
	free(pm);
}

/* The next component of path at or after *pos: [*start, *pos); false at the end. */
static bool next_comp(const char *path, size_t n, size_t *pos, size_t *start)
{
	size_t i = *pos;

	while (i < n && path[i] == '/')
		i++;
	if (i >= n)
		return false;
	*start = i;
	while (i < n && path[i] != '/')
		i++;
	*pos = i;
	return true;
}

static int comp_cmp(const char *a, size_t an, const char *b, size_t bn)
{
	if (an != bn)
		return an < bn ? -1 : 1;
	return memcmp(a, b, an);
}

/* The literal edge comp in nd, or where it would be inserted (*found false). */
static size_t lit_search(const struct pm_node *nd, const char *comp, size_t len, bool *found)
{
	size_t lo = 0, hi = nd->n_lit;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = comp_cmp(nd->lit[mid].comp, nd->lit[mid].len, comp, len);

		if (c == 0) {
			*found = true;
			return mid;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	*found = false;
	return lo;
}

static bool is_glob_comp(const char *comp, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (comp[i] == '*' || comp[i] == '?' || comp[i] == '[')
			return true;
	return false;
}

/* The edge for comp below node, made when absent. The pointer lives until nd's next insert. */
static struct pm_edge *edge_get(struct rt_pmatch *pm, size_t node, const char *comp, size_t len)
{
	struct pm_node *nd = &pm->nodes[node];
	struct pm_edge *e;
	bool found;
	size_t at;

	if (is_glob_comp(comp, len)) {
		for (size_t i = 0; i < nd->n_glob; i++)
			if (comp_cmp(nd->glob[i].comp, nd->glob[i].len, comp, len) == 0)
				return &nd->glob[i];
		nd->glob = vakt_grow(nd->glob, sizeof(*nd->glob), nd->n_glob + 1, &nd->cap_glob);
		e = &nd->glob[nd->n_glob++];
	} else {
		at = lit_search(nd, comp, len, &found);
		if (found)
			return &nd->lit[at];
		nd->lit = vakt_grow(nd->lit, sizeof(*nd->lit), nd->n_lit + 1, &nd->cap_lit);
		memmove(&nd->lit[at + 1], &nd->lit[at], (nd->n_lit - at) * sizeof(*nd->lit));
		nd->n_lit++;
		e = &nd->lit[at];
	}
	e->comp = vakt_xstrndup(comp, len);
	e->len = len;
	e->child = 0;
	e->end = false;
	return e;
}

int rt_pmatch_add(struct rt_pmatch *pm, const char *path, size_t n, struct vakt_error **err)
{
	size_t pos = 0, start, depth = 0, node = 0;

	if (n > RT_PMATCH_MAX_PATH)
		return vakt_error_set(err, -E2BIG, "pmatch path too long (%zu bytes, at most %d)",
		                      n, RT_PMATCH_MAX_PATH);
	if (pm->n_paths >= RT_PMATCH_MAX_PATHS)
		return vakt_error_set(err, -E2BIG, "too many pmatch paths (at most %u)",
		                      RT_PMATCH_MAX_PATHS);
	while (next_comp(path, n, &pos, &start))
		depth++;
	if (depth > RT_PMATCH_MAX_DEPTH)
		return vakt_error_set(err, -E2BIG,
		                      "pmatch path too deep (%zu components, at most %d)", depth,
		                      RT_PMATCH_MAX_DEPTH);
	pm->n_paths++;
	if (depth == 0) {
		pm->all = true;
		return 0;
	}
	pos = 0;
	for (size_t d = 1; next_comp(path, n, &pos, &start); d++) {
		struct pm_edge *e = edge_get(pm, node, path + start, pos - start);
		uint32_t child;

		if (e->end)
			return 0; /* a shorter search path already covers this one */
		if (d == depth) {
			e->end = true; /* and its subtree no longer matters */
			return 0;
		}
		if (!e->child) {
			pm->nodes = vakt_grow(pm->nodes, sizeof(*pm->nodes), pm->n_nodes + 1,
			                      &pm->cap_nodes);
			memset(&pm->nodes[pm->n_nodes], 0, sizeof(pm->nodes[0]));
			/* e points into a node's edge array, which the nodes' move leaves be. */
			e->child = (uint32_t)pm->n_nodes++;
		}
		child = e->child;
		node = child;
	}
	return 0;
}

static bool pm_walk(const struct rt_pmatch *pm, size_t node, const char *path, size_t n, size_t pos)
{
	const struct pm_node *nd = &pm->nodes[node];
	size_t start;
	bool found;

	/* A path that ends above every search path through here is not below one. */
	if (!next_comp(path, n, &pos, &start))
		return false;
	if (nd->n_lit) {
		size_t at = lit_search(nd, path + start, pos - start, &found);

		if (found) {
			const struct pm_edge *e = &nd->lit[at];

			if (e->end || (e->child && pm_walk(pm, e->child, path, n, pos)))
				return true;
		}
	}
	for (size_t i = 0; i < nd->n_glob; i++) {
		const struct pm_edge *e = &nd->glob[i];

		if (!rt_glob_match(e->comp, e->len, path + start, pos - start, false))
			continue;
		if (e->end || (e->child && pm_walk(pm, e->child, path, n, pos)))
			return true;
	}
	return false;
}

bool rt_pmatch_match(const struct rt_pmatch *pm, const char *path, size_t n)
{
	if (pm->all)
		return true;
	if (pm->n_paths == 0)
		return false;
	return pm_walk(pm, 0, path, n, 0);
}
