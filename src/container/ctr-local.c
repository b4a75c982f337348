/* SPDX-License-Identifier: MIT */
/*
 * The images one file builds or tags itself (a script's `docker build -t`,
 * a Makefile recipe, a CI step, a compose service with `build:` and
 * `image:`): running one of them later runs the local build, not a pull, so
 * the pull rules (CR018 latest, CR019 look-alike names) do not apply. An
 * open-addressing hash set of normalised repository names, so that a file
 * of many builds and runs stays linear.
 */
#include "ctr-settings.h"
#include "knowledge/imageref.h"

/* The normalised "registry/repository" of ref (tag and digest dropped), or NULL when ref
 * holds a variable or is not a reference. Caller frees. */
static char *local_key(const char *ref)
{
	struct vakt_imageref r;
	char *key = NULL;

	if (!ref || !*ref || vakt_imageref_parse(ref, &r, NULL))
		return NULL;
	if (!r.has_var)
		key = vakt_xasprintf("%s/%s", r.registry, r.repository);
	vakt_imageref_release(&r);
	return key;
}

static uint64_t local_hash(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ull;

	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 0x100000001b3ull;
	}
	return h;
}

/* The slot holding key, or the empty slot where it goes; n_slots is a power of two. */
static size_t local_slot(char *const *slots, size_t n_slots, const char *key)
{
	size_t i = local_hash(key) & (n_slots - 1);

	while (slots[i] && strcmp(slots[i], key))
		i = (i + 1) & (n_slots - 1);
	return i;
}

static void local_grow(struct ctr_local_images *s)
{
	size_t n_slots = s->n_slots ? s->n_slots * 2 : 64;
	char **slots = vakt_xcalloc(n_slots, sizeof(*slots));

	for (size_t i = 0; i < s->n_slots; i++)
		if (s->slots[i])
			slots[local_slot(slots, n_slots, s->slots[i])] = s->slots[i];
	free(s->slots);
	s->slots = slots;
	s->n_slots = n_slots;
}

void ctr_local_images_add(struct ctr_local_images *s, const char *ref)
{
	char *key = local_key(ref);
	size_t i;

	if (!key)
		return;
	if (s->n >= CTR_LOCAL_MAX_IMAGES) {
		free(key);
		return;
	}
	if (2 * (s->n + 1) > s->n_slots)
		local_grow(s);
	i = local_slot(s->slots, s->n_slots, key);
	if (s->slots[i]) {
		free(key);
		return;
	}
	s->slots[i] = key;
	s->n++;
}

bool ctr_local_images_has(const struct ctr_local_images *s, const char *ref)
{
	char *key;
	bool found;

	if (!s || !s->n)
		return false;
	if (!(key = local_key(ref)))
		return false;
	found = s->slots[local_slot(s->slots, s->n_slots, key)] != NULL;
	free(key);
	return found;
}

void ctr_local_images_release(struct ctr_local_images *s)
{
	for (size_t i = 0; i < s->n_slots; i++)
		free(s->slots[i]);
	free(s->slots);
	memset(s, 0, sizeof(*s));
}
