/* SPDX-License-Identifier: MIT */
#ifndef VAKT_KNOW_RESIDENCY_PRIV_H
#define VAKT_KNOW_RESIDENCY_PRIV_H

/*
 * Private to residency*.c: what the classifier and the policy
 * (residency.c) read of the tables (residency-regions.c) beyond the public
 * lookups of residency.h.
 */

#include "residency.h"

/* ASCII lower case; region and host names are compared case-insensitively. */
static inline char residency_lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/*
 * Compare s[0..n) case-insensitively with the lower-case NUL-terminated
 * name: <0, 0 or >0 as strcmp().
 */
int residency_name_cmp(const char *s, size_t n, const char *name);
/*
 * The region named s[0..n) (ASCII case-insensitive; s need not be
 * NUL-terminated) of provider ("aws", "gcp", "azure"; NULL: any), or NULL.
 * Google Cloud multi-regions (us, eu, asia) only when `multi`: as a bare
 * word or in most host labels they are not regions. A binary search over
 * the table sorted once by name. Returns a static entry.
 */
const struct vakt_region *residency_region_lookup(const char *provider, const char *s, size_t n,
                                                  bool multi);

#endif
