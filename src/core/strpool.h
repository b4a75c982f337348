/* SPDX-License-Identifier: MIT */
#ifndef VAKT_STRPOOL_H
#define VAKT_STRPOOL_H

/*
 * A pool of immutable strings freed at once, which hands out one copy of
 * each distinct string it has recently seen: the findings of a scan repeat
 * their file name, object path, source line and often their message, and a
 * pool keeps each once instead of one malloc per finding and field.
 *
 * Strings are packed in blocks (no per-string header); a bounded index
 * finds earlier copies. The index is a cache: past VAKT_STRPOOL_INDEX_MAX
 * entries it forgets old strings, so a pool of many distinct strings still
 * costs only their bytes plus a fixed index. Not thread-safe: one pool per
 * thread at a time.
 */

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#include "util.h"

/* Most index entries of one pool (16 bytes each). */
#define VAKT_STRPOOL_INDEX_MAX (64u * 1024)

struct vakt_strpool;

/* A new, empty pool. The caller owns it (vakt_strpool_free()). */
struct vakt_strpool *vakt_strpool_new(void);
void vakt_strpool_free(struct vakt_strpool *p);

/*
 * The pool's copy of s[0..n) (s may hold NULs), NUL-terminated, shared with
 * every other request for the same bytes while the index remembers it.
 * Borrowed: valid until the pool is freed.
 */
const char *vakt_strpool_intern(struct vakt_strpool *p, const char *s, size_t n);
/*
 * vakt_strpool_intern() whose new copies the caller makes and keeps:
 * make(data, s, n) returns a NUL-terminated copy of s[0..n) that stays valid
 * as long as the pool finds it (until vakt_strpool_forget() or
 * vakt_strpool_free()). For strings that belong beside other memory of the
 * caller's (a tree's copies fill one run of memory: yaml-arena.c).
 */
const char *vakt_strpool_intern_with(struct vakt_strpool *p, const char *s, size_t n,
                                     char *(*make)(void *data, const char *s, size_t n),
                                     void *data);
/* Whether p holds no string of its own (the copies make() made are not). */
bool vakt_strpool_empty(const struct vakt_strpool *p);
/* vakt_strpool_intern() of a C string; NULL gives NULL. */
const char *vakt_strpool_str(struct vakt_strpool *p, const char *s);
/* vakt_strpool_intern() of a printf result (formatted in the pool's scratch buffer). */
const char *vakt_strpool_vprintf(struct vakt_strpool *p, const char *fmt, va_list ap)
    VAKT_PRINTF(2, 0);

/* Forget every string (what they point to is reused): the pool is empty again. */
void vakt_strpool_clear(struct vakt_strpool *p);
/* Drop the index (the strings stay): later requests no longer share earlier copies. */
void vakt_strpool_forget(struct vakt_strpool *p);

/*
 * Move the blocks of src (and so every string src handed out) into dst,
 * which then frees them; src is freed. Its strings stay where they are.
 */
void vakt_strpool_merge(struct vakt_strpool *dst, struct vakt_strpool *src);

#endif
