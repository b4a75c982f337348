/* SPDX-License-Identifier: MIT */
#ifndef VAKT_VULN_MATCH_H
#define VAKT_VULN_MATCH_H

/*
 * Judging an installed package against an OSV affected[] entry, as the
 * schema's normative evaluation does: a version is affected if it is listed
 * in versions[] or falls in any ECOSYSTEM range (introduced <= v, and v <
 * fixed or v <= last_affected, events sorted in the ecosystem's order,
 * limits respected). Versions compare with pkg_version_cmp() in the scheme
 * of the ecosystem. Pure functions: no database, no allocation beyond what
 * they return.
 */

#include <stdbool.h>

#include "pkg/pkg-model.h"
#include "pkg/pkg-version.h"
#include "vuln/vuln-model.h"

/* The verdict on one package and one affected entry. */
struct vuln_verdict {
	bool affected;
	/*
	 * The fix of the range the version fell in (borrowed from the entry),
	 * or NULL when there is none yet (introduced-only or last_affected).
	 */
	const char *fixed;
	/* Why: "2.38.1-5 < 2.38.1-5+deb12u1", "listed in versions[]" (static or in buf). */
	char basis[256];
};

int vuln_match_affected(enum pkg_version_scheme s, const struct vuln_affected *a,
                        const char *version, struct vuln_verdict *out);

#endif
