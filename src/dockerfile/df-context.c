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

/*
 * a, b and c (c may be NULL) put together. The caller frees it. Cheaper than
 * printf for the paths and keys every lookup builds.
 */
static char *join(const char *a, const char *b, const char *c)
{
	size_t na = strlen(a), nb = strlen(b), nc = c ? strlen(c) : 0;
	char *p = vakt_xmalloc(na + nb + nc + 1);

	memcpy(p, a, na);
	memcpy(p + na, b, nb);
	memcpy(p + na + nb, c ? c : "", nc + 1);
	return p;
}

/* --- the scan's memory ------------------------------------------------------ */

/*
 * One answer of the disk. The key is the question: '0' + mode then a path
 * for access(path, mode) (yes: it succeeded), 'r' then a directory for
 * realpath() (real: its result, NULL when it failed), 'u' then a name and a
 * resolved directory for find_from() (real: its result).
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
	key = join((char[]){(char)('0' + mode), '\0'}, path, NULL);
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
			real = join(strcmp(parent, "/") ? parent : "", "/", leaf);
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
	key = join("r", dir, NULL);
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
	char *p = join(dir, name, NULL);
	bool yes = path_ok(c, p, F_OK);

	free(p);
	return yes;
}

/*
 * From real (a resolved directory, which this cuts short as it goes up) up,
 * at most `levels` directories: the nearest one that holds name, when a
 * repository root (.git) is at or above it; NULL otherwise. The caller
 * frees the result.
 */
static char *find_from(struct df_context_cache *c, char *real, const char *name, int levels)
{
	char *path = NULL;

	for (int i = 0; i < levels; i++) {
		char *here = join(strcmp(real, "/") ? real : "", "/", NULL);
		char *cut;

		/* The nearest one wins, as the nearest context would hold it. */
		if (!path) {
			path = join(here, name, NULL);
			if (!path_ok(c, path, R_OK)) {
				free(path);
				path = NULL;
			}
		}
		/* What is found above the Dockerfile counts only inside a repository. */
		if (dir_has(c, here, ".git")) {
			free(here);
			return path;
		}
		free(here);
		cut = strrchr(real, '/');
		if (!cut || cut == real)
			break;
		*cut = '\0';
	}
	free(path);
	return NULL;
}

/*
 * find_from(), asked once per scan for each directory and name: the
 * Dockerfiles of a tree share the directories above them. A directory
 * with fewer components than `levels` is answered whatever the levels.
 */
static char *find_from_once(struct df_context_cache *c, char *real, const char *name, int levels)
{
	int depth = 0;
	char *key, *path;

	for (const char *p = real; *p; p++)
		depth += *p == '/';
	if (!c || depth >= levels)
		return find_from(c, real, name, levels);
	/* The name's length first: the key says where the name ends. */
	key = vakt_xasprintf("u%zu:%s%s", strlen(name), name, real);
	if (!cache_get(c, key, NULL, &path)) {
		path = find_from(c, real, name, levels);
		cache_put(c, key, false, path);
	}
	free(key);
	return path;
}

/*
 * Where name is above the Dockerfile's resolved directory real (cut short
 * as it goes): in the directories from its parent up to the repository
 * root, when the directory itself is not that root. The caller frees it.
 */
static char *find_above(struct df_context_cache *c, char *real, const char *name)
{
	char *here = join(strcmp(real, "/") ? real : "", "/", NULL);
	bool root = dir_has(c, here, ".git");
	char *cut = strrchr(real, '/');

	free(here);
	if (root || !cut || cut == real)
		return NULL;
	*cut = '\0';
	return find_from_once(c, real, name, DF_CONTEXT_MAX_UP - 1);
}

char *df_context_find(struct df_context_cache *cache, const char *dockerfile, const char *name)
{
	const char *slash = strrchr(dockerfile, '/');
	char *dir =
	    slash ? vakt_xstrndup(dockerfile, (size_t)(slash - dockerfile + 1)) : vakt_xstrdup("");
	char *path = NULL, *real;

	if (name[0] == '/' || strstr(name, ".."))
		goto out;
	path = join(dir, name, NULL);
	if (path_ok(cache, path, R_OK))
		goto out;
	free(path);
	path = NULL;
	real = resolve(cache, dir, 0);
	if (real)
		path = find_above(cache, real, name);
	free(real);
out:
	free(dir);
	return path;
}
