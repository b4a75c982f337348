/* SPDX-License-Identifier: MIT */
/* Sorted number sets for compiled conditions; name maps of lists, macros and rules. */
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "rt-set.h"

static uint64_t str_hash(const char *p, size_t n)
{
	uint64_t h = 1469598103934665603ull; /* FNV-1a */

	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)p[i];
		h *= 1099511628211ull;
	}
	return h;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = (int64_t) * (const uint64_t *)a, y = (int64_t) * (const uint64_t *)b;

	return x < y ? -1 : x > y;
}

void rt_numset_init(struct rt_numset *s, uint64_t *v, size_t n, bool is_signed)
{
	size_t k = 0;

	if (n)
		qsort(v, n, sizeof(*v), is_signed ? cmp_i64 : cmp_u64);
	for (size_t i = 0; i < n; i++)
		if (!k || v[k - 1] != v[i])
			v[k++] = v[i];
	s->v = v;
	s->n = k;
	s->is_signed = is_signed;
}

bool rt_numset_has(const struct rt_numset *s, uint64_t x)
{
	size_t lo = 0, hi = s->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = s->is_signed ? cmp_i64(&s->v[mid], &x) : cmp_u64(&s->v[mid], &x);

		if (!c)
			return true;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

void rt_numset_release(struct rt_numset *s)
{
	free(s->v);
	memset(s, 0, sizeof(*s));
}

struct rt_strmap_slot {
	uint64_t hash;
	char *key; /* owned; NULL: free */
	size_t val;
};

static void strmap_grow(struct rt_strmap *m)
{
	size_t slots = m->mask ? (m->mask + 1) * 2 : 16, old_n = m->mask ? m->mask + 1 : 0;
	struct rt_strmap_slot *old = m->slots;

	m->slots = vakt_xcalloc(slots, sizeof(*m->slots));
	m->mask = slots - 1;
	for (size_t i = 0; i < old_n; i++) {
		size_t j;

		if (!old[i].key)
			continue;
		for (j = old[i].hash & m->mask; m->slots[j].key; j = (j + 1) & m->mask)
			;
		m->slots[j] = old[i];
	}
	free(old);
}

void rt_strmap_put(struct rt_strmap *m, const char *key, size_t val)
{
	size_t n = strlen(key), j;
	uint64_t h = str_hash(key, n);

	if (m->mask) {
		for (j = h & m->mask; m->slots[j].key; j = (j + 1) & m->mask) {
			if (m->slots[j].hash == h && !strcmp(m->slots[j].key, key)) {
				m->slots[j].val = val;
				return;
			}
		}
	}
	if (!m->mask || (m->n + 1) * 2 > m->mask + 1)
		strmap_grow(m);
	for (j = h & m->mask; m->slots[j].key; j = (j + 1) & m->mask)
		;
	m->slots[j] = (struct rt_strmap_slot){h, vakt_xstrdup(key), val};
	m->n++;
}

bool rt_strmap_get(const struct rt_strmap *m, const char *key, size_t *val)
{
	size_t n = strlen(key);
	uint64_t h = str_hash(key, n);

	if (!m->mask)
		return false;
	for (size_t j = h & m->mask; m->slots[j].key; j = (j + 1) & m->mask) {
		if (m->slots[j].hash == h && !strcmp(m->slots[j].key, key)) {
			*val = m->slots[j].val;
			return true;
		}
	}
	return false;
}

void rt_strmap_release(struct rt_strmap *m)
{
	for (size_t i = 0; m->mask && i <= m->mask; i++)
		free(m->slots[i].key);
	free(m->slots);
	memset(m, 0, sizeof(*m));
}
