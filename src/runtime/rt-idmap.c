/* SPDX-License-Identifier: MIT */
#include "core/util.h"
#include "rt-idmap.h"

static size_t slot_of(const struct rt_idmap *m, int64_t key)
{
	/* Fibonacci hashing: consecutive ids (pids, fds) spread over the table. */
	return (size_t)(((uint64_t)key * 0x9e3779b97f4a7c15ull) >> 17) & (m->cap - 1);
}

void rt_idmap_release(struct rt_idmap *m)
{
	free(m->slots);
	m->slots = NULL;
	m->cap = m->n = 0;
}

void *rt_idmap_get(const struct rt_idmap *m, int64_t key)
{
	if (m->n == 0)
		return NULL;
	for (size_t i = slot_of(m, key);; i = (i + 1) & (m->cap - 1)) {
		const struct rt_idmap_slot *s = &m->slots[i];

		if (!s->val)
			return NULL;
		if (s->key == key)
			return s->val;
	}
}

static void grow(struct rt_idmap *m)
{
	struct rt_idmap_slot *old = m->slots;
	size_t old_cap = m->cap;

	m->cap = old_cap ? old_cap * 2 : 16;
	m->slots = vakt_xcalloc(m->cap, sizeof(*m->slots));
	m->n = 0;
	for (size_t i = 0; i < old_cap; i++)
		if (old[i].val)
			rt_idmap_put(m, old[i].key, old[i].val);
	free(old);
}

void *rt_idmap_put(struct rt_idmap *m, int64_t key, void *val)
{
	if ((m->n + 1) * 4 > m->cap * 3)
		grow(m);
	for (size_t i = slot_of(m, key);; i = (i + 1) & (m->cap - 1)) {
		struct rt_idmap_slot *s = &m->slots[i];

		if (!s->val) {
			s->key = key;
			s->val = val;
			m->n++;
			return NULL;
		}
		if (s->key == key) {
			void *prev = s->val;

			s->val = val;
			return prev;
		}
	}
}

void *rt_idmap_del(struct rt_idmap *m, int64_t key)
{
	size_t mask, i, j;
	void *val;

	if (m->n == 0)
		return NULL;
	mask = m->cap - 1;
	for (i = slot_of(m, key);; i = (i + 1) & mask) {
		if (!m->slots[i].val)
			return NULL;
		if (m->slots[i].key == key)
			break;
	}
	val = m->slots[i].val;
	m->slots[i].val = NULL;
	m->n--;
	/* Shift back the entries of the probe run that follows, so lookups never stop early. */
	for (j = (i + 1) & mask; m->slots[j].val; j = (j + 1) & mask) {
		size_t home = slot_of(m, m->slots[j].key);

		/* Move j into the hole at i unless its home lies cyclically in (i, j]. */
		if ((j > i && (home <= i || home > j)) || (j < i && home <= i && home > j)) {
			m->slots[i] = m->slots[j];
			m->slots[j].val = NULL;
			i = j;
		}
	}
	return val;
}
