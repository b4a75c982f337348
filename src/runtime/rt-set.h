/* SPDX-License-Identifier: MIT */
#ifndef VAKT_RT_SET_H
#define VAKT_RT_SET_H

/*
 * The rule language's own tables: the number sets a compiled condition
 * tests `in` and `intersects` against (a sorted array, built once when rules
 * load, read without allocation for each event), and the name maps of
 * lists, macros and rules. String sets and pmatch's path sets are
 * rt-match.h's.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

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
