/* SPDX-License-Identifier: MIT */
/*
 * The build context on disk (df-context.h): where DF022's and DF023's files
 * are, beside a Dockerfile or up to the repository root, and a scan's memory
 * of what the disk answered. Without the memory, every Dockerfile of a tree
 * asked the same directories the same questions: some fifteen access() and
 * readlink() calls each, a tenth of a scan's time.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/util.h"
#include "df-context.h"

/* Directory levels looked at above a Dockerfile for the repository root. */
#define DF_CONTEXT_MAX_UP 64

/* --- the scan's memory ------------------------------------------------------ */

/*
 * One answer of the disk. The key is the question: '0' + mode then a path
 * for access(path, mode) (yes: it succeeded), 'r' then a directory for
 * realpath() (real: its result, NULL when it failed).
 */
struct ctx_slot {
	char *key; /* owned; NULL for an empty slot */
	uint64_t hash;
	char *real; /* owned */
	bool yes;
};

struct df_context_cache {
	pthread_mutex_t lock;
	struct ctx_slot *slots; /* open addressing, at most half full */
	size_t cap;             /* a power of two */
	size_t n;
};

struct df_context_cache *df_context_cache_new(void)
{
	struct df_context_cache *c = vakt_xcalloc(1, sizeof(*c));

	pthread_mutex_init(&c->lock, NULL);
	c->cap = 256;
	c->slots = vakt_xcalloc(c->cap, sizeof(*c->slots));
	return c;
}

void df_context_cache_free(struct df_context_cache *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->cap; i++) {
		free(c->slots[i].key);
		free(c->slots[i].real);
	}
	free(c->slots);
	pthread_mutex_destroy(&c->lock);
	free(c);
}

/* FNV-1a. */
static uint64_t key_hash(const char *k)
{
	uint64_t h = 14695981039346656037ull;

	for (; *k; k++)
		h = (h ^ (unsigned char)*k) * 1099511628211ull;
	return h;
}

/* The slot holding key, or the empty slot where it would go. Under the lock. */
static struct ctx_slot *slot_of(struct ctx_slot *slots, size_t cap, const char *key, uint64_t h)
{
	size_t i = (size_t)h & (cap - 1);

	while (slots[i].key && (slots[i].hash != h || strcmp(slots[i].key, key)))
		i = (i + 1) & (cap - 1);
	return &slots[i];
}

/* Double the table. Under the lock. */
static void cache_grow(struct df_context_cache *c)
{
	size_t cap = c->cap * 2;
	struct ctx_slot *slots = vakt_xcalloc(cap, sizeof(*slots));

	for (size_t i = 0; i < c->cap; i++)
		if (c->slots[i].key)
			*slot_of(slots, cap, c->slots[i].key, c->slots[i].hash) = c->slots[i];
	free(c->slots);
	c->slots = slots;
	c->cap = cap;
}

/*
 * The answer to key, if the scan has it: true with *yes and *real (a copy
 * the caller frees) filled in where non-NULL.
 */
static bool cache_get(struct df_context_cache *c, const char *key, bool *yes, char **real)
{
	uint64_t h = key_hash(key);
	const struct ctx_slot *s;
	bool found;

	pthread_mutex_lock(&c->lock);
	s = slot_of(c->slots, c->cap, key, h);
	found = s->key != NULL;
	if (found && yes)
		*yes = s->yes;
	if (found && real)
		*real = s->real ? vakt_xstrdup(s->real) : NULL;
	pthread_mutex_unlock(&c->lock);
	return found;
}

/* Remember the answer to key (both copied); the first answer stays when two threads ask. */
static void cache_put(struct df_context_cache *c, const char *key, bool yes, const char *real)
{
	uint64_t h = key_hash(key);
	struct ctx_slot *s;

	pthread_mutex_lock(&c->lock);
	if (2 * (c->n + 1) > c->cap)
		cache_grow(c);
	s = slot_of(c->slots, c->cap, key, h);
	if (!s->key) {
		s->key = vakt_xstrdup(key);
		s->hash = h;
		s->yes = yes;
		s->real = real ? vakt_xstrdup(real) : NULL;
		c->n++;
	}
	pthread_mutex_unlock(&c->lock);
}

/* access(path, mode) == 0, asked of the disk once per scan. */
static bool path_ok(struct df_context_cache *c, const char *path, int mode)
{
	char *key;
	bool yes;

	if (!c)
		return !access(path, mode);
	key = vakt_xasprintf("%c%s", '0' + mode, path);
	if (!cache_get(c, key, &yes, NULL)) {
		yes = !access(path, mode);
		cache_put(c, key, yes, NULL);
	}
	free(key);
	return yes;
}

static char *resolve(struct df_context_cache *c, const char *dir, int depth);

/*
 * realpath() of dir, from the disk. A directory whose last component is a
 * directory and not a symbolic link resolves to its parent's resolved path
 * and that component: realpath() would find the same, with a readlink() per
 * component where this takes one lstat() (the parent's answer is shared).
 */
static char *resolve_fresh(struct df_context_cache *c, const char *dir, int depth)
{
	size_t n = strlen(dir);
	char *self, *up, *parent, *real = NULL;
	const char *leaf;
	struct stat st;

	while (n > 1 && dir[n - 1] == '/')
		n--;
	self = vakt_xstrndup(dir, n);
	leaf = strrchr(self, '/');
	leaf = leaf ? leaf + 1 : self;
	if (depth < DF_CONTEXT_MAX_UP && *leaf && strcmp(leaf, ".") && strcmp(leaf, "..")) {
		up = vakt_xstrndup(self, (size_t)(leaf - self));
		parent = resolve(c, up, depth + 1);
		if (parent && !lstat(self, &st) && S_ISDIR(st.st_mode))
			real = vakt_xasprintf("%s/%s", strcmp(parent, "/") ? parent : "", leaf);
		free(parent);
		free(up);
	}
	if (!real)
		real = realpath(*dir ? dir : ".", NULL);
	free(self);
	return real;
}

/* realpath() of dir ("" for the working directory). The caller frees it. */
static char *resolve(struct df_context_cache *c, const char *dir, int depth)
{
	char *key, *real;

	if (!c)
		return realpath(*dir ? dir : ".", NULL);
	key = vakt_xasprintf("r%s", dir);
	if (!cache_get(c, key, NULL, &real)) {
		real = resolve_fresh(c, dir, depth);
		cache_put(c, key, false, real);
	}
	free(key);
	return real;
}

/* --- the lookup ---------------------------------------------------------------- */

/* Whether dir (ending in '/') holds name. */
static bool dir_has(struct df_context_cache *c, const char *dir, const char *name)
{
	char *p = vakt_xasprintf("%s%s", dir, name);
	bool yes = path_ok(c, p, F_OK);

	free(p);
	return yes;
}

char *df_context_find(struct df_context_cache *cache, const char *dockerfile, const char *name)
{
	const char *slash = strrchr(dockerfile, '/');
	char *dir =
	    slash ? vakt_xstrndup(dockerfile, (size_t)(slash - dockerfile + 1)) : vakt_xstrdup("");
	char *path = NULL, *cur = NULL;

	if (name[0] == '/' || strstr(name, ".."))
		goto out;
	path = vakt_xasprintf("%s%s", dir, name);
	if (path_ok(cache, path, R_OK))
		goto out;
	free(path);
	path = NULL;
	cur = resolve(cache, dir, 0);
	for (int i = 0; cur && i < DF_CONTEXT_MAX_UP; i++) {
		char *here = vakt_xasprintf("%s/", strcmp(cur, "/") ? cur : "");
		char *cut;

		/* The nearest one wins, as the nearest context would hold it. */
		if (i > 0 && !path) {
			path = vakt_xasprintf("%s%s", here, name);
			if (!path_ok(cache, path, R_OK)) {
				free(path);
				path = NULL;
			}
		}
		/* What is found above the Dockerfile counts only inside a repository. */
		if (dir_has(cache, here, ".git")) {
			free(here);
			goto out;
		}
		free(here);
		cut = strrchr(cur, '/');
		if (!cut || cut == cur)
			break;
		*cut = '\0';
	}
	free(path);
	path = NULL;
out:
	free(cur);
	free(dir);
	return path;
}
