/* SPDX-License-Identifier: MIT */
#include <sys/mman.h>

#include "finding.h"
#include "strpool.h"
#include "util.h"

/* Below this many findings, a take copies the strings into dst's pool (compact, shared). */
#define TAKE_COPY_MAX 1024

struct vakt_finding *vakt_findings_push(struct vakt_findings *l)
{
	l->v = vakt_grow(l->v, sizeof(*l->v), l->n + 1, &l->cap);
	memset(&l->v[l->n], 0, sizeof(l->v[0]));
	return &l->v[l->n++];
}

char *vakt_findings_intern(struct vakt_findings *l, const char *s)
{
	if (!s)
		return NULL;
	if (!l->pool)
		l->pool = vakt_strpool_new();
	return (char *)(uintptr_t)vakt_strpool_str(l->pool, s);
}

void vakt_findings_seal(struct vakt_findings *l)
{
	if (l->pool)
		vakt_strpool_forget(l->pool);
}

void vakt_findings_take(struct vakt_findings *dst, struct vakt_findings *src)
{
	if (!src->n)
		return;
	if (!dst->n && !dst->pool && !dst->n_ext) {
		/* Nothing to keep in dst: take src's arrays and pool as they are. */
		free(dst->v);
		free(dst->ext);
		*dst = *src;
		memset(src, 0, sizeof(*src));
		return;
	}
	dst->v = vakt_grow(dst->v, sizeof(*dst->v), dst->n + src->n, &dst->cap);
	memcpy(dst->v + dst->n, src->v, src->n * sizeof(*src->v));
	if (src->n < TAKE_COPY_MAX) {
		/* Few strings: copy them, so that small pools do not pile up. */
		for (size_t i = dst->n; i < dst->n + src->n; i++) {
			struct vakt_finding *f = &dst->v[i];

			if (!f->pooled)
				continue;
			f->message = vakt_findings_intern(dst, f->message);
			f->loc.file = vakt_findings_intern(dst, f->loc.file);
			f->loc.object = vakt_findings_intern(dst, f->loc.object);
			f->snippet = vakt_findings_intern(dst, f->snippet);
		}
		vakt_strpool_free(src->pool);
	} else if (src->pool) {
		if (!dst->pool)
			dst->pool = vakt_strpool_new();
		vakt_strpool_merge(dst->pool, src->pool);
	}
	src->pool = NULL;
	if (src->n_ext) {
		/* The moved findings' extensions follow them, after dst's own. */
		uint32_t base = (uint32_t)dst->n_ext;

		dst->ext =
		    vakt_grow(dst->ext, sizeof(*dst->ext), dst->n_ext + src->n_ext, &dst->cap_ext);
		memcpy(dst->ext + dst->n_ext, src->ext, src->n_ext * sizeof(*src->ext));
		dst->n_ext += src->n_ext;
		for (size_t i = dst->n; i < dst->n + src->n; i++)
			if (dst->v[i].ext)
				dst->v[i].ext += base;
		src->n_ext = 0;
	}
	dst->n += src->n;
	src->n = 0;
}

struct vakt_finding_ext *vakt_findings_add_ext(struct vakt_findings *l, struct vakt_finding *f)
{
	if (f->ext || l->n_ext >= UINT32_MAX)
		abort(); /* a caller's bug, or four billion findings */
	l->ext = vakt_grow(l->ext, sizeof(*l->ext), l->n_ext + 1, &l->cap_ext);
	memset(&l->ext[l->n_ext], 0, sizeof(l->ext[0]));
	f->ext = (uint32_t)++l->n_ext;
	return &l->ext[l->n_ext - 1];
}

const struct vakt_finding_ext *vakt_findings_ext_of(const struct vakt_findings *l,
                                                    const struct vakt_finding *f)
{
	return f->ext && f->ext <= l->n_ext ? &l->ext[f->ext - 1] : NULL;
}

void vakt_finding_ext_add_detail(struct vakt_finding_ext *e, const char *key, const char *value)
{
	size_t cap = e->n_details;

	/* Few details per finding: grow one at a time. */
	e->details = vakt_grow(e->details, sizeof(*e->details), e->n_details + 1, &cap);
	e->details[e->n_details].key = vakt_xstrdup(key);
	e->details[e->n_details].number = false;
	e->details[e->n_details].list = NULL;
	e->details[e->n_details++].value = vakt_xstrdup(value ? value : "");
}

/* Whether s is a JSON number without sign or exponent: "0", "10", "9.8" (not "9." nor "007"). */
static bool plain_json_number(const char *s)
{
	size_t i = 0, frac;

	if (s[0] == '0')
		i = 1; /* a leading zero is the whole integer part */
	else
		while (s[i] >= '0' && s[i] <= '9')
			i++;
	if (!i)
		return false;
	if (s[i] == '.') {
		for (frac = ++i; s[i] >= '0' && s[i] <= '9'; i++)
			;
		if (i == frac)
			return false;
	}
	return !s[i];
}

void vakt_finding_ext_add_number(struct vakt_finding_ext *e, const char *key, const char *value)
{
	/* Anything but a plain decimal would break the JSON: keep it as a string. */
	vakt_finding_ext_add_detail(e, key, value);
	e->details[e->n_details - 1].number = plain_json_number(value);
}

void vakt_finding_ext_add_list(struct vakt_finding_ext *e, const char *key,
                               const char *const *items)
{
	struct vakt_buf joined = VAKT_BUF_INIT;
	size_t n = 0;
	char **list;

	while (items && items[n])
		n++;
	list = vakt_xcalloc(n + 1, sizeof(*list));
	for (size_t i = 0; i < n; i++) {
		list[i] = vakt_xstrdup(items[i]);
		if (i)
			vakt_buf_adds(&joined, ", ");
		vakt_buf_adds(&joined, items[i]);
	}
	vakt_finding_ext_add_detail(e, key, joined.data ? joined.data : "");
	e->details[e->n_details - 1].list = list;
	vakt_buf_release(&joined);
}

const char *vakt_finding_ext_detail(const struct vakt_finding_ext *e, const char *key)
{
	for (size_t i = 0; e && i < e->n_details; i++)
		if (!strcmp(e->details[i].key, key))
			return e->details[i].value;
	return NULL;
}

bool vakt_finding_ext_has_id(const struct vakt_finding_ext *e, const char *id)
{
	if (!e || !e->id)
		return false;
	if (!strcmp(e->id, id))
		return true;
	for (char **a = e->aliases; a && *a; a++)
		if (!strcmp(*a, id))
			return true;
	return false;
}

static void strv_free(char **v)
{
	for (char **p = v; p && *p; p++)
		free(*p);
	free(v);
}

static void ext_release(struct vakt_finding_ext *e)
{
	free(e->id);
	strv_free(e->aliases);
	strv_free(e->links);
	for (size_t i = 0; i < e->n_details; i++) {
		free(e->details[i].key);
		free(e->details[i].value);
		strv_free(e->details[i].list);
	}
	free(e->details);
}

static int cmp_str(const char *a, const char *b)
{
	/* Pooled strings: the same file, object or message is often the same copy. */
	if (a == b)
		return 0;
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
	if (a->rule != b->rule && (c = strcmp(a->rule->id, b->rule->id)))
		return c;
	return cmp_str(a->message, b->message);
}

/* Stable merge sort of v[0..n) (indexes into base) by finding_cmp, with tmp[0..n) as room. */
static void index_sort(uint32_t *v, uint32_t *tmp, size_t n, const struct vakt_finding *base)
{
	size_t half = n / 2, i = 0, j = half, k = 0;

	if (n < 2)
		return;
	index_sort(v, tmp, half, base);
	index_sort(v + half, tmp, n - half, base);
	/* On a tie the left one first: equal findings keep their order. */
	while (i < half && j < n)
		tmp[k++] = finding_cmp(&base[v[j]], &base[v[i]]) < 0 ? v[j++] : v[i++];
	while (i < half)
		tmp[k++] = v[i++];
	/* What is left on the right is in place already. */
	memcpy(v, tmp, k * sizeof(*v));
}

/*
 * Sort l (2 <= l->n < UINT32_MAX) with room for 2 * l->n indexes: the stable
 * sort of an index (as glibc's qsort() sorts large elements), then the
 * findings moved into place along the permutation's cycles.
 */
static void findings_sort_in(struct vakt_findings *l, uint32_t *room)
{
	size_t n = l->n;
	uint32_t *v = room, *tmp = room + n;

	for (size_t i = 0; i < n; i++)
		v[i] = (uint32_t)i;
	index_sort(v, tmp, n, l->v);
	/* Position i takes finding v[i]: follow each cycle of the permutation once. */
	for (size_t i = 0; i < n; i++) {
		struct vakt_finding first;
		size_t j = i;

		if (v[i] == i)
			continue;
		first = l->v[i];
		while (v[j] != i) {
			size_t from = v[j];

			l->v[j] = l->v[from];
			v[j] = (uint32_t)j;
			j = from;
		}
		l->v[j] = first;
		v[j] = (uint32_t)j;
	}
}

void vakt_findings_sort(struct vakt_findings *l)
{
	uint32_t *room;

	if (l->n < 2)
		return;
	if (l->n >= UINT32_MAX) {
		/* 300 GB of findings: never, but qsort() has no such bound. */
		qsort(l->v, l->n, sizeof(*l->v), finding_cmp);
		return;
	}
	room = vakt_xmalloc(2 * l->n * sizeof(*room));
	findings_sort_in(l, room);
	free(room);
}

void vakt_findings_sort_unalloc(struct vakt_findings *l)
{
	size_t bytes = 2 * l->n * sizeof(uint32_t);
	void *room;

	if (l->n < 2)
		return;
	room = l->n < UINT32_MAX
	           ? mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
	           : MAP_FAILED;
	if (room == MAP_FAILED) {
		vakt_findings_sort(l);
		return;
	}
	findings_sort_in(l, room);
	munmap(room, bytes);
}

void vakt_findings_sort_merge(struct vakt_findings *l, size_t sorted)
{
	struct vakt_finding *rest, *a, *b, *to;
	size_t n_rest;

	if (sorted >= l->n)
		return;
	n_rest = l->n - sorted;
	vakt_findings_sort(&(struct vakt_findings){.v = l->v + sorted, .n = n_rest});
	/*
	 * Merge from the back, the rest set aside: the larger of the two
	 * candidates goes last, and on a tie the rest's, which came later.
	 */
	rest = vakt_xmalloc(n_rest * sizeof(*rest));
	memcpy(rest, l->v + sorted, n_rest * sizeof(*rest));
	a = l->v + sorted;
	b = rest + n_rest;
	to = l->v + l->n;
	while (b > rest) {
		if (a > l->v && finding_cmp(a - 1, b - 1) > 0)
			*--to = *--a;
		else
			*--to = *--b;
	}
	free(rest);
}

void vakt_finding_release(struct vakt_finding *f)
{
	if (!f->pooled) {
		free(f->message);
		free(f->loc.file);
		free(f->loc.object);
		free(f->snippet);
	}
	free(f->suppress_reason);
	memset(f, 0, sizeof(*f));
}

void vakt_findings_release(struct vakt_findings *l)
{
	for (size_t i = 0; i < l->n; i++)
		vakt_finding_release(&l->v[i]);
	free(l->v);
	vakt_strpool_free(l->pool);
	for (size_t i = 0; i < l->n_ext; i++)
		ext_release(&l->ext[i]);
	free(l->ext);
	l->ext = NULL;
	l->n_ext = l->cap_ext = 0;
	l->v = NULL;
	l->n = l->cap = 0;
	l->pool = NULL;
}
