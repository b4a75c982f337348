/* SPDX-License-Identifier: MIT */
/*
 * The namespace cache: a sorted array under a read-write lock. Lookups are
 * the hot path (every admission request); writes are rare (a namespace
 * created or relabelled). A relist builds a new array and swaps it in.
 */
#include "serve-ns.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define PSA_PREFIX "pod-security.kubernetes.io/"

struct ns_entry {
	char name[SERVE_NS_NAME_MAX + 1];
	struct serve_ns_policy p;
	size_t seq; /* order of puts during a relist: the last one of a name wins */
};

struct ns_vec {
	struct ns_entry *v;
	size_t n;
	size_t cap;
};

struct serve_ns_cache {
	pthread_rwlock_t lock;
	struct ns_vec live; /* sorted by name, unique */
	bool syncing;
	struct ns_vec pending; /* unsorted; the last put of a name wins */
	size_t seq;            /* puts since the relist began (deletes do not lower it) */
};

static int ns_vec_reserve(struct ns_vec *v, size_t want)
{
	if (want <= v->cap)
		return 0;
	size_t cap = v->cap ? v->cap * 2 : 64;
	while (cap < want)
		cap *= 2;
	struct ns_entry *nv = realloc(v->v, cap * sizeof(*nv));
	if (!nv)
		return -ENOMEM;
	v->v = nv;
	v->cap = cap;
	return 0;
}

static int ns_entry_cmp(const void *a, const void *b)
{
	const struct ns_entry *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	if (c != 0)
		return c;
	return (x->seq > y->seq) - (x->seq < y->seq);
}

/* The index of name in the sorted vector, or where it would go (*found false). */
static size_t ns_vec_find(const struct ns_vec *v, const char *name, bool *found)
{
	size_t lo = 0, hi = v->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(v->v[mid].name, name);
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

/* Returns a new cache, owned by the caller (serve_ns_cache_free()). */
struct serve_ns_cache *serve_ns_cache_new(void)
{
	struct serve_ns_cache *c = calloc(1, sizeof(*c));

	if (c && pthread_rwlock_init(&c->lock, NULL) != 0) {
		free(c);
		c = NULL;
	}
	return c;
}

void serve_ns_cache_free(struct serve_ns_cache *c)
{
	if (!c)
		return;
	pthread_rwlock_destroy(&c->lock);
	free(c->live.v);
	free(c->pending.v);
	free(c);
}

/* Copy a label value; one that is no string or too long is kept as "?" (invalid). */
static bool read_label(const json_t *labels, const char *key, char out[SERVE_NS_LABEL_MAX + 1])
{
	const json_t *v = json_object_get(labels, key);

	if (!v || json_is_null(v))
		return false;
	const char *s = json_string_value(v);
	size_t n = json_string_length(v);
	if (!s || n > SERVE_NS_LABEL_MAX || strlen(s) != n) {
		s = "?";
		n = 1;
	}
	memcpy(out, s, n + 1);
	return true;
}

int serve_ns_policy_from_object(const json_t *ns, char name[SERVE_NS_NAME_MAX + 1],
                                struct serve_ns_policy *out)
{
	const json_t *meta = json_object_get(ns, "metadata");
	const json_t *jname = json_object_get(meta, "name");
	const char *s = json_string_value(jname);

	if (!json_is_object(ns) || !s || json_string_length(jname) == 0 ||
	    json_string_length(jname) > SERVE_NS_NAME_MAX || strlen(s) != json_string_length(jname))
		return -EINVAL;
	memcpy(name, s, json_string_length(jname) + 1);
	memset(out, 0, sizeof(*out));
	const json_t *labels = json_object_get(meta, "labels");
	if (json_is_object(labels)) {
		out->has_enforce = read_label(labels, PSA_PREFIX "enforce", out->enforce);
		out->has_version =
		    read_label(labels, PSA_PREFIX "enforce-version", out->enforce_version);
	}
	return 0;
}

/*
 * Sort the pending vector by name and keep the last put of each name. Run at
 * the end of a relist, and when the vector is full (a name put again and
 * again while the relist runs counts once).
 */
static void pending_compact(struct ns_vec *p)
{
	size_t w = 0;

	if (p->n == 0)
		return; /* p->v may be NULL, which qsort() must not be given */
	qsort(p->v, p->n, sizeof(p->v[0]), ns_entry_cmp);
	for (size_t i = 0; i < p->n; i++) {
		if (w > 0 && strcmp(p->v[w - 1].name, p->v[i].name) == 0) {
			p->v[w - 1] = p->v[i];
			continue;
		}
		p->v[w++] = p->v[i];
	}
	p->n = w;
}

static int put_pending(struct serve_ns_cache *c, const char *name, const struct serve_ns_policy *p)
{
	if (c->pending.n >= SERVE_NS_MAX)
		pending_compact(&c->pending);
	if (c->pending.n >= SERVE_NS_MAX)
		return -ENOSPC;
	if (ns_vec_reserve(&c->pending, c->pending.n + 1) < 0)
		return -ENOMEM;
	struct ns_entry *e = &c->pending.v[c->pending.n++];
	memset(e, 0, sizeof(*e));
	snprintf(e->name, sizeof(e->name), "%s", name);
	e->p = *p;
	/*
	 * A counter of its own, not pending.n: a delete shrinks the vector,
	 * and a later put must still sort after every earlier one.
	 */
	e->seq = ++c->seq;
	return 0;
}

static int put_live(struct serve_ns_cache *c, const char *name, const struct serve_ns_policy *p)
{
	bool found;
	size_t i = ns_vec_find(&c->live, name, &found);

	if (found) {
		c->live.v[i].p = *p;
		return 0;
	}
	if (c->live.n >= SERVE_NS_MAX)
		return -ENOSPC;
	if (ns_vec_reserve(&c->live, c->live.n + 1) < 0)
		return -ENOMEM;
	memmove(&c->live.v[i + 1], &c->live.v[i], (c->live.n - i) * sizeof(c->live.v[0]));
	memset(&c->live.v[i], 0, sizeof(c->live.v[i]));
	snprintf(c->live.v[i].name, sizeof(c->live.v[i].name), "%s", name);
	c->live.v[i].p = *p;
	c->live.n++;
	return 0;
}

int serve_ns_cache_put(struct serve_ns_cache *c, const char *name, const struct serve_ns_policy *p)
{
	int rc = 0;

	if (strlen(name) > SERVE_NS_NAME_MAX)
		return -EINVAL;
	pthread_rwlock_wrlock(&c->lock);
	if (c->syncing)
		rc = put_pending(c, name, p);
	/* The live set answers with the newest labels even during a relist. */
	if (rc == 0)
		rc = put_live(c, name, p);
	pthread_rwlock_unlock(&c->lock);
	return rc;
}

void serve_ns_cache_delete(struct serve_ns_cache *c, const char *name)
{
	bool found;

	pthread_rwlock_wrlock(&c->lock);
	size_t i = ns_vec_find(&c->live, name, &found);
	if (found) {
		memmove(&c->live.v[i], &c->live.v[i + 1],
		        (c->live.n - i - 1) * sizeof(c->live.v[0]));
		c->live.n--;
	}
	for (size_t j = 0; c->syncing && j < c->pending.n;) {
		if (strcmp(c->pending.v[j].name, name) == 0)
			c->pending.v[j] = c->pending.v[--c->pending.n];
		else
			j++;
	}
	pthread_rwlock_unlock(&c->lock);
}

void serve_ns_cache_begin_sync(struct serve_ns_cache *c)
{
	pthread_rwlock_wrlock(&c->lock);
	c->syncing = true;
	c->pending.n = 0;
	c->seq = 0;
	pthread_rwlock_unlock(&c->lock);
}

void serve_ns_cache_end_sync(struct serve_ns_cache *c)
{
	pthread_rwlock_wrlock(&c->lock);
	if (c->syncing) {
		struct ns_vec *p = &c->pending;
		pending_compact(p);
		struct ns_vec old = c->live;
		c->live = *p;
		*p = old;
		p->n = 0;
		c->syncing = false;
	}
	pthread_rwlock_unlock(&c->lock);
}

bool serve_ns_cache_get(struct serve_ns_cache *c, const char *name, struct serve_ns_policy *out)
{
	bool found;

	pthread_rwlock_rdlock(&c->lock);
	size_t i = ns_vec_find(&c->live, name, &found);
	if (found)
		*out = c->live.v[i].p;
	else
		memset(out, 0, sizeof(*out));
	pthread_rwlock_unlock(&c->lock);
	return found;
}

size_t serve_ns_cache_count(struct serve_ns_cache *c)
{
	pthread_rwlock_rdlock(&c->lock);
	size_t n = c->live.n;
	pthread_rwlock_unlock(&c->lock);
	return n;
}
