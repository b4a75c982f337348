/* SPDX-License-Identifier: MIT */
#ifndef VAKT_UTIL_H
#define VAKT_UTIL_H

/*
 * Small shared helpers: allocation, growable buffers, string helpers.
 *
 * Allocation failure is not recoverable in vakt: every input is bounded by a
 * named ceiling long before memory runs out, so running out means the machine
 * is in trouble. vakt_xmalloc() and friends abort() on failure instead of
 * threading ENOMEM through every parser (git and crun do the same).
 */

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "banned.h"

#define VAKT_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#if defined(__GNUC__)
#define VAKT_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define VAKT_PRINTF(f, a)
#endif

/* Allocate or abort. The caller owns the result and frees it with free(). */
void *vakt_xmalloc(size_t n);
void *vakt_xcalloc(size_t nmemb, size_t size);
void *vakt_xrealloc(void *p, size_t n);
/* Copy a string (NULL gives NULL). The caller owns the copy. */
char *vakt_xstrdup(const char *s);
/* Copy the first n bytes of s and terminate. The caller owns the copy. */
char *vakt_xstrndup(const char *s, size_t n);
/* printf into a new string. The caller owns the result. */
char *vakt_xasprintf(const char *fmt, ...) VAKT_PRINTF(1, 2);
char *vakt_xvasprintf(const char *fmt, va_list ap) VAKT_PRINTF(1, 0);

/*
 * Grow an array to hold at least `need` elements: `*cap` is updated and the
 * (possibly moved) array returned. Use as
 *   v = vakt_grow(v, sizeof(*v), n + 1, &cap);
 */
void *vakt_grow(void *v, size_t elem, size_t need, size_t *cap);

/* A growable, always NUL-terminated byte buffer. */
struct vakt_buf {
	char *data; /* NULL until the first append; owned */
	size_t len;
	size_t cap;
};

#define VAKT_BUF_INIT                                                                              \
	{                                                                                          \
		NULL, 0, 0                                                                         \
	}

void vakt_buf_add(struct vakt_buf *b, const void *data, size_t n);
/*
 * vakt_buf_add() for hot loops (the JSON report appends some 30 pieces per
 * finding): when b has room, the copy is made here, without a call.
 */
static inline void vakt_buf_add_fast(struct vakt_buf *b, const void *data, size_t n)
{
	if (b->cap - b->len > n) {
		memcpy(b->data + b->len, data, n);
		b->len += n;
		b->data[b->len] = '\0';
		return;
	}
	vakt_buf_add(b, data, n);
}
void vakt_buf_adds(struct vakt_buf *b, const char *s);
void vakt_buf_addc(struct vakt_buf *b, char c);
void vakt_buf_addf(struct vakt_buf *b, const char *fmt, ...) VAKT_PRINTF(2, 3);
void vakt_buf_vaddf(struct vakt_buf *b, const char *fmt, va_list ap) VAKT_PRINTF(2, 0);
void vakt_buf_reset(struct vakt_buf *b);
/* Free the storage and reset to empty. */
void vakt_buf_release(struct vakt_buf *b);
/* Hand the string to the caller (never NULL, "" when empty) and reset b. */
char *vakt_buf_detach(struct vakt_buf *b);
/* The contents as a C string ("" when empty); valid until the next change. */
const char *vakt_buf_str(const struct vakt_buf *b);

/* ASCII case-insensitive helpers (locale-independent). */
int vakt_strcasecmp(const char *a, const char *b);
int vakt_strncasecmp(const char *a, const char *b, size_t n);
bool vakt_starts_with(const char *s, const char *prefix);
bool vakt_ends_with(const char *s, const char *suffix);
bool vakt_istarts_with(const char *s, const char *prefix);
/* Parse a whole decimal string into [min, max]; 0 or -EINVAL / -ERANGE. */
int vakt_parse_long(const char *s, long min, long max, long *out);
/* The value of hexadecimal digit c (either case), or -1. */
int vakt_hex_value(char c);
/* Whether s[0..n) is valid UTF-8. On failure *bad is the offset of the first bad byte. */
bool vakt_utf8_valid(const char *s, size_t n, size_t *bad);

/* A growable vector of owned strings. */
struct vakt_strv {
	char **v; /* owned strings */
	size_t n;
	size_t cap;
};

#define VAKT_STRV_INIT                                                                             \
	{                                                                                          \
		NULL, 0, 0                                                                         \
	}

/* Append a copy of s. */
void vakt_strv_push(struct vakt_strv *sv, const char *s);
/* Append s, taking ownership. */
void vakt_strv_push_take(struct vakt_strv *sv, char *s);
/* Whether sv holds s (case-sensitive, or ASCII case-insensitive when icase). */
bool vakt_strv_contains(const struct vakt_strv *sv, const char *s, bool icase);
void vakt_strv_release(struct vakt_strv *sv);

/*
 * A glob over the whole of s[0..sn): '*' any run of bytes, '?' one byte,
 * every other byte literal (ASCII case aside when icase). Greedy with one
 * backtrack point: O(gn * sn), never exponential on many '*'. For names
 * (packages, object path parts, regions); path globs with sets and "**"
 * are config-match.c's.
 */
bool vakt_glob_match(const char *g, size_t gn, const char *s, size_t sn, bool icase);

/*
 * Dates written YYYY-MM-DD, as expiry dates are (.vakt.yaml, .vaktignore,
 * .trivyignore): VAKT_DATE_LEN bytes with the NUL. Written that way they
 * compare as strings in the order of time.
 */
#define VAKT_DATE_LEN 11
/* Whether s[0..n) is a day of the Gregorian calendar from 1970-01-01 on, written YYYY-MM-DD. */
bool vakt_date_valid(const char *s, size_t n);
/* Today in UTC, written YYYY-MM-DD. */
void vakt_date_today(char out[VAKT_DATE_LEN]);

/* Monotonic clock in seconds, for elapsed-time reports. */
double vakt_now(void);

#endif
