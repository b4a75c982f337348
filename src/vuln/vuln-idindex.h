/* SPDX-License-Identifier: MIT */
#ifndef VAKT_VULN_IDINDEX_H
#define VAKT_VULN_IDINDEX_H

/*
 * Vulnerability ids (CVE-2024-1234, DSA-5678-1, GHSA-...) to the places
 * that name them, found regardless of case: what ignore files and VEX
 * documents are searched by, once per finding, so that a finding costs
 * O(log n) in the entries or statements read rather than O(n).
 */

#include <stddef.h>

struct vuln_idref {
	const char *id; /* borrowed: must outlive the index */
	size_t at;      /* the caller's position (an entry, a statement) */
};

/* Start from a zeroed index; vuln_idindex_release() frees it. */
struct vuln_idindex {
	struct vuln_idref *v;
	size_t n, cap;
};

/* Add (id, at); the index is unsorted until vuln_idindex_sort(). A NULL or empty id is passed over.
 */
void vuln_idindex_add(struct vuln_idindex *x, const char *id, size_t at);
/* Sort by id (ASCII case aside), then by at. */
void vuln_idindex_sort(struct vuln_idindex *x);
/*
 * The references to id in a sorted index: x->v[*first .. return), in
 * ascending order of at; an empty range when id is not there.
 */
size_t vuln_idindex_find(const struct vuln_idindex *x, const char *id, size_t *first);
void vuln_idindex_release(struct vuln_idindex *x);

#endif
