/* SPDX-License-Identifier: MIT */
#ifndef VAKT_RT_IDMAP_H
#define VAKT_RT_IDMAP_H

/*
 * A map from a 64-bit id (a thread id, a descriptor number) to a pointer,
 * for the state engine's tables: open addressing with linear probing and
 * backward-shift deletion (no tombstones), at most 3/4 full. NULL values
 * cannot be stored (NULL means absent). The map never owns its values.
 */

#include <stddef.h>
#include <stdint.h>

struct rt_idmap_slot {
	int64_t key;
	void *val; /* NULL: the slot is free */
};

struct rt_idmap {
	struct rt_idmap_slot *slots; /* owned */
	size_t cap;                  /* 0 or a power of two */
	size_t n;
};

#define RT_IDMAP_INIT                                                                              \
	{                                                                                          \
		NULL, 0, 0                                                                         \
	}

/* Free the slots (not the values). */
void rt_idmap_release(struct rt_idmap *m);
/* The value of key, NULL when absent. */
void *rt_idmap_get(const struct rt_idmap *m, int64_t key);
/* Set key to val (not NULL); returns the value it replaces, NULL when new. */
void *rt_idmap_put(struct rt_idmap *m, int64_t key, void *val);
/* Remove key; returns its value, NULL when absent. */
void *rt_idmap_del(struct rt_idmap *m, int64_t key);

/*
 * Iterate: for (size_t i = 0; i < m->cap; i++) if (m->slots[i].val) ...
 * Removing entries while iterating moves others: collect keys first.
 */

#endif
