/* SPDX-License-Identifier: MIT */
#include "finding.h"
#include "util.h"

struct vakt_finding *vakt_findings_push(struct vakt_findings *l)
{
	l->v = vakt_grow(l->v, sizeof(*l->v), l->n + 1, &l->cap);
	memset(&l->v[l->n], 0, sizeof(l->v[0]));
	return &l->v[l->n++];
}

void vakt_findings_take(struct vakt_findings *dst, struct vakt_findings *src)
{
	if (!src->n)
		return;
	dst->v = vakt_grow(dst->v, sizeof(*dst->v), dst->n + src->n, &dst->cap);
	memcpy(dst->v + dst->n, src->v, src->n * sizeof(*src->v));
	dst->n += src->n;
	src->n = 0;
}

static int cmp_str(const char *a, const char *b)
{
	if (!a || !b)
		return (a != NULL) - (b != NULL);
	return strcmp(a, b);
}

static int finding_cmp(const void *pa, const void *pb)
{
	const struct vakt_finding *a = pa, *b = pb;
	int c;

	if ((c = cmp_str(a->loc.file, b->loc.file)))
		return c;
	if (a->loc.line != b->loc.line)
		return a->loc.line < b->loc.line ? -1 : 1;
	if (a->loc.column != b->loc.column)
		return a->loc.column < b->loc.column ? -1 : 1;
	if ((c = cmp_str(a->loc.object, b->loc.object)))
		return c;
	if ((c = strcmp(a->rule->id, b->rule->id)))
		return c;
	/* qsort is not stable: end on the message so the order is deterministic. */
	return cmp_str(a->message, b->message);
}

void vakt_findings_sort(struct vakt_findings *l)
{
	if (l->n > 1)
		qsort(l->v, l->n, sizeof(*l->v), finding_cmp);
}

void vakt_finding_release(struct vakt_finding *f)
{
	free(f->message);
	free(f->loc.file);
	free(f->loc.object);
	free(f->snippet);
	free(f->suppress_reason);
	memset(f, 0, sizeof(*f));
}

void vakt_findings_release(struct vakt_findings *l)
{
	for (size_t i = 0; i < l->n; i++)
		vakt_finding_release(&l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}
