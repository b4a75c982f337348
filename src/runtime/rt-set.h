/* SPDX-License-Identifier: MIT */
#ifndef VAKT_RT_SET_H
#define VAKT_RT_SET_H

/*
 * The value sets a compiled condition tests against (`in`, `intersects`,
 * pmatch's prefixes): built once when rules load, read without allocation
 * for each event. A string set is an open-addressed hash table of byte
 * strings; a number set a sorted array.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct rt_strset {
	size_t n;                     /* distinct strings held */
	size_t mask;                  /* slots - 1 (a power of two), 0 while empty */
	struct rt_strset_slot *slots; /* owned */
	char *pool;                   /* owned copies of the strings, back to back */
	size_t pool_len, pool_cap;
	size_t max_len; /* longest string held: longer probes are absent */
};

/* Zero-initialised is an empty set. */
void rt_strset_add(struct rt_strset *s, const char *p, size_t n);
bool rt_strset_has(const struct rt_strset *s, const char *p, size_t n);
/* ASCII case-insensitive probe of a set built from lower-cased strings. */
bool rt_strset_has_lower(const struct rt_strset *s, const char *p, size_t n);
void rt_strset_release(struct rt_strset *s);

/* Sorted, distinct 64-bit numbers (signed ones stored as their bits, compared signed). */
struct rt_numset {
	uint64_t *v; /* owned */
	size_t n;
	bool is_signed;
};

/* Sort and deduplicate v[0..n) (taken over) into s. */
void rt_numset_init(struct rt_numset *s, uint64_t *v, size_t n, bool is_signed);
bool rt_numset_has(const struct rt_numset *s, uint64_t x);
void rt_numset_release(struct rt_numset *s);

/* Names to indexes (lists, macros, rules by name). Zero-initialised is empty. */
struct rt_strmap {
	struct rt_strmap_slot *slots; /* owned */
	size_t mask, n;
};

void rt_strmap_put(struct rt_strmap *m, const char *key, size_t val);
/* The value of key; false when absent. */
bool rt_strmap_get(const struct rt_strmap *m, const char *key, size_t *val);
void rt_strmap_release(struct rt_strmap *m);

#endif
