/* SPDX-License-Identifier: MIT */
#ifndef VAKT_PKG_VERSION_PRIV_H
#define VAKT_PKG_VERSION_PRIV_H

/*
 * What the comparators of src/pkg/pkg-version-*.c share: ASCII classes (the
 * managers' own, never the locale's), a part of a version as a span, the two
 * ways they compare a run, and the cut at the last '-' that dpkg and rpm
 * both make. A span never holds a NUL; spans here own nothing.
 */
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

/* A part of a version: [s, s + n). */
struct pkg_version_span {
	const char *s;
	size_t n;
};

static inline bool pkg_version_is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static inline bool pkg_version_is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* -1, 0 or 1: byte by byte (unsigned), then the shorter first. */
static inline int pkg_version_cmp_bytes(struct pkg_version_span a, struct pkg_version_span b)
{
	int r = memcmp(a.s, b.s, a.n < b.n ? a.n : b.n);

	if (r)
		return r < 0 ? -1 : 1;
	return (a.n > b.n) - (a.n < b.n);
}

/*
 * -1, 0 or 1: two runs of digits by value, at any length (leading zeros do
 * not count, an empty run is 0), in time linear in their length.
 */
static inline int pkg_version_cmp_digits(struct pkg_version_span a, struct pkg_version_span b)
{
	while (a.n && *a.s == '0')
		a.s++, a.n--;
	while (b.n && *b.s == '0')
		b.s++, b.n--;
	if (a.n != b.n)
		return a.n < b.n ? -1 : 1;
	return pkg_version_cmp_bytes(a, b);
}

/*
 * [v, end) cut at its last '-' (dpkg's revision, rpm's release): *head is
 * what comes before it, *tail what follows. Without a '-', *head is all of
 * it and *tail empty at end. Whether there was a '-'.
 */
static inline bool pkg_version_split_dash(const char *v, const char *end,
                                          struct pkg_version_span *head,
                                          struct pkg_version_span *tail)
{
	const char *dash = memrchr(v, '-', (size_t)(end - v));

	if (!dash) {
		*head = (struct pkg_version_span){v, (size_t)(end - v)};
		*tail = (struct pkg_version_span){end, 0};
		return false;
	}
	*head = (struct pkg_version_span){v, (size_t)(dash - v)};
	*tail = (struct pkg_version_span){dash + 1, (size_t)(end - dash - 1)};
	return true;
}

#endif
