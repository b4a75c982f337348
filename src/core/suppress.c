/* SPDX-License-Identifier: MIT */
#include <limits.h>
#include <stdint.h>

#include "suppress.h"

/*
 * What vakt_suppressions_index() builds. The suppressions that cover lines
 * are sorted by first line, each with the largest last line of its implicit
 * subtree (the middle of a range is the root of that range), so that a
 * stabbing query visits those that cover the line plus a logarithmic path.
 * For the whole-file ones, which cover every line, each rule of the registry
 * gets the first that names it.
 */
struct sup_line {
	int first, last;
	size_t k; /* index in the suppressions */
};

/* Finding facets the index answers for (masks below 1 << this); more: a walk. */
#define SUP_INDEX_FACETS 2

struct sup_rule {
	const struct vakt_rule *rule;
	/*
	 * The first whole-file suppression naming it, SIZE_MAX: none; k[m] for
	 * a finding of facets m (0: the whole rule).
	 */
	size_t k[1u << SUP_INDEX_FACETS];
};

struct vakt_suppress_index {
	size_t n; /* the number of suppressions it was built for */
	struct sup_line *lines;
	int *max_last;
	size_t n_lines;
	size_t *whole; /* the whole-file suppressions, in order */
	size_t n_whole;
	struct sup_rule *rules; /* sorted by address, when there are whole-file ones */
	size_t n_rules;
};

/* Below this many suppressions a walk is as quick as the index. */
#define SUPPRESS_INDEX_MIN 8

static void index_free(struct vakt_suppressions *s)
{
	if (!s->ix)
		return;
	free(s->ix->lines);
	free(s->ix->max_last);
	free(s->ix->whole);
	free(s->ix->rules);
	free(s->ix);
	s->ix = NULL;
}

struct vakt_suppression *vakt_suppressions_push(struct vakt_suppressions *s)
{
	index_free(s);
	s->v = vakt_grow(s->v, sizeof(*s->v), s->n + 1, &s->cap);
	memset(&s->v[s->n], 0, sizeof(s->v[0]));
	return &s->v[s->n++];
}

void vakt_suppressions_append(struct vakt_suppressions *dst, const struct vakt_suppressions *src)
{
	for (size_t i = 0; src && i < src->n; i++) {
		const struct vakt_suppression *from = &src->v[i];
		struct vakt_suppression *to = vakt_suppressions_push(dst);

		*to = *from;
		to->rules = (struct vakt_strv){0};
		for (size_t k = 0; k < from->rules.n; k++)
			vakt_strv_push(&to->rules, from->rules.v[k]);
		to->reason = from->reason ? vakt_xstrdup(from->reason) : NULL;
	}
}

void vakt_suppressions_release(struct vakt_suppressions *s)
{
	index_free(s);
	for (size_t i = 0; i < s->n; i++) {
		vakt_strv_release(&s->v[i].rules);
		free(s->v[i].reason);
	}
	free(s->v);
	s->v = NULL;
	s->n = s->cap = 0;
}

/*
 * Whether s names f's rule (or "all"): together its names must cover what
 * f reports (a peer alias of one facet covers only that facet).
 */
static bool suppression_names(const struct vakt_suppression *s, const struct vakt_rule *rule,
                              unsigned facets)
{
	unsigned covered = 0;

	for (size_t i = 0; i < s->rules.n; i++) {
		covered |= vakt_rule_match_facets(rule, s->rules.v[i]);
		if (vakt_facets_cover(rule, covered, facets))
			return true;
	}
	return false;
}

/* Whether s covers f: f's line within s's lines (any line for a whole-file one), f's rule named. */
static bool suppression_matches(const struct vakt_suppression *s, const struct vakt_finding *f)
{
	if (s->first_line || s->last_line) {
		if (f->loc.line < s->first_line || f->loc.line > s->last_line)
			return false;
	}
	return suppression_names(s, f->rule, f->facets);
}

static int line_cmp(const void *pa, const void *pb)
{
	const struct sup_line *a = pa, *b = pb;

	if (a->first != b->first)
		return a->first < b->first ? -1 : 1;
	return (a->k > b->k) - (a->k < b->k);
}

static int rule_cmp(const void *pa, const void *pb)
{
	uintptr_t a = (uintptr_t)((const struct sup_rule *)pa)->rule;
	uintptr_t b = (uintptr_t)((const struct sup_rule *)pb)->rule;

	return (a > b) - (a < b);
}

/* max_last over the implicit subtree [lo, hi) rooted at its middle. */
static int max_last_build(struct vakt_suppress_index *ix, size_t lo, size_t hi)
{
	size_t mid;
	int m, l, r;

	if (lo >= hi)
		return INT_MIN;
	mid = lo + (hi - lo) / 2;
	l = max_last_build(ix, lo, mid);
	r = max_last_build(ix, mid + 1, hi);
	m = ix->lines[mid].last;
	m = l > m ? l : m;
	m = r > m ? r : m;
	ix->max_last[mid] = m;
	return m;
}

void vakt_suppressions_index(struct vakt_suppressions *s)
{
	struct vakt_suppress_index *ix;

	if (s->ix || s->n < SUPPRESS_INDEX_MIN)
		return;
	ix = s->ix = vakt_xcalloc(1, sizeof(*ix));
	ix->n = s->n;
	ix->lines = vakt_xcalloc(s->n, sizeof(*ix->lines));
	ix->max_last = vakt_xcalloc(s->n, sizeof(*ix->max_last));
	ix->whole = vakt_xcalloc(s->n, sizeof(*ix->whole));
	for (size_t k = 0; k < s->n; k++) {
		const struct vakt_suppression *x = &s->v[k];

		if (!x->first_line && !x->last_line)
			ix->whole[ix->n_whole++] = k;
		else
			ix->lines[ix->n_lines++] =
			    (struct sup_line){x->first_line, x->last_line, k};
	}
	qsort(ix->lines, ix->n_lines, sizeof(*ix->lines), line_cmp);
	max_last_build(ix, 0, ix->n_lines);
	if (!ix->n_whole)
		return;
	/* Rules are a few hundred: resolving each once keeps every finding's lookup short. */
	ix->n_rules = vakt_registry_count();
	ix->rules = vakt_xcalloc(ix->n_rules + 1, sizeof(*ix->rules));
	for (size_t i = 0; i < ix->n_rules; i++) {
		struct sup_rule *r = &ix->rules[i];

		r->rule = vakt_registry_at(i);
		for (unsigned m = 0; m < VAKT_ARRAY_SIZE(r->k); m++) {
			r->k[m] = SIZE_MAX;
			if (m && !r->rule->facets) {
				r->k[m] = r->k[0];
				continue;
			}
			for (size_t j = 0; j < ix->n_whole; j++) {
				if (suppression_names(&s->v[ix->whole[j]], r->rule, m)) {
					r->k[m] = ix->whole[j];
					break;
				}
			}
		}
	}
	qsort(ix->rules, ix->n_rules, sizeof(*ix->rules), rule_cmp);
}

/* The lowest index below *best among the line suppressions of [lo, hi) that cover f. */
static void index_stab(const struct vakt_suppressions *s, const struct vakt_suppress_index *ix,
                       size_t lo, size_t hi, const struct vakt_finding *f, size_t *best)
{
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct sup_line *e = &ix->lines[mid];

		/* Nothing in this subtree reaches the line. */
		if (ix->max_last[mid] < f->loc.line)
			return;
		index_stab(s, ix, lo, mid, f, best);
		/* This entry and the ones after it start below the line. */
		if (e->first > f->loc.line)
			return;
		if (e->last >= f->loc.line && e->k < *best &&
		    suppression_names(&s->v[e->k], f->rule, f->facets))
			*best = e->k;
		lo = mid + 1;
	}
}

/* The first suppression of s that covers f, or SIZE_MAX; through the index when it is current. */
static size_t first_match(const struct vakt_suppressions *s, const struct vakt_finding *f)
{
	const struct vakt_suppress_index *ix = s->ix;
	size_t best = SIZE_MAX;

	if (!ix || ix->n != s->n) {
		for (size_t k = 0; k < s->n; k++)
			if (suppression_matches(&s->v[k], f))
				return k;
		return SIZE_MAX;
	}
	if (ix->n_whole) {
		struct sup_rule key = {.rule = f->rule};
		const struct sup_rule *hit =
		    bsearch(&key, ix->rules, ix->n_rules, sizeof(*ix->rules), rule_cmp);

		if (hit && f->facets < VAKT_ARRAY_SIZE(hit->k)) {
			best = hit->k[f->facets];
		} else {
			/* Not a registry rule, or facets beyond the index: ask them directly. */
			for (size_t j = 0; j < ix->n_whole && best == SIZE_MAX; j++)
				if (suppression_names(&s->v[ix->whole[j]], f->rule, f->facets))
					best = ix->whole[j];
		}
	}
	index_stab(s, ix, 0, ix->n_lines, f, &best);
	return best;
}

bool vakt_suppressions_apply(const struct vakt_suppressions *sup, struct vakt_finding *f)
{
	const struct vakt_suppression *s;
	size_t k;

	if (!sup || (k = first_match(sup, f)) == SIZE_MAX)
		return false;
	s = &sup->v[k];
	f->suppressed = true;
	f->suppress_reason =
	    s->reason ? vakt_xasprintf("%s pragma at line %d: %s", s->origin, s->line, s->reason)
	              : vakt_xasprintf("%s pragma at line %d", s->origin, s->line);
	return true;
}
