/* SPDX-License-Identifier: MIT */
/* Vulnerability ids to positions (vuln-idindex.h): sorted pairs and a binary search. */
#include <stdlib.h>

#include "core/util.h"
#include "vuln/vuln-idindex.h"

void vuln_idindex_add(struct vuln_idindex *x, const char *id, size_t at)
{
	if (!id || !*id)
		return;
	x->v = vakt_grow(x->v, sizeof(*x->v), x->n + 1, &x->cap);
	x->v[x->n++] = (struct vuln_idref){id, at};
}

static int idref_cmp(const void *pa, const void *pb)
{
	const struct vuln_idref *a = pa, *b = pb;
	int c = vakt_strcasecmp(a->id, b->id);

	if (c)
		return c;
	return a->at < b->at ? -1 : a->at > b->at;
}

void vuln_idindex_sort(struct vuln_idindex *x)
{
	if (x->n)
		qsort(x->v, x->n, sizeof(*x->v), idref_cmp);
}

/* The first reference whose id is not below id (regardless of case), or x->n. */
static size_t idindex_lower(const struct vuln_idindex *x, const char *id)
{
	size_t lo = 0, hi = x->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (vakt_strcasecmp(x->v[mid].id, id) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

size_t vuln_idindex_find(const struct vuln_idindex *x, const char *id, size_t *first)
{
	size_t end;

	*first = end = id ? idindex_lower(x, id) : x->n;
	while (end < x->n && !vakt_strcasecmp(x->v[end].id, id))
		end++;
	return end;
}

void vuln_idindex_release(struct vuln_idindex *x)
{
	if (!x)
		return;
	free(x->v);
	memset(x, 0, sizeof(*x));
}
