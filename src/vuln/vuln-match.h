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
	 * The version that ends the flaw for this package (borrowed from the
	 * entry): the fix of the range the version fell in, the greatest one
	 * when it fell in several. NULL when there is none yet: an
	 * introduced-only range, a last_affected one, or a version only
	 * listed in versions[].
	 */
	const char *fixed;
	/*
	 * Why, in a line a report can show: "2.38.1-5 < 2.38.1-5+deb12u1",
	 * "1.0 <= 1.2 < 1.5", "1.2 <= 1.4 (last affected)", "all versions
	 * affected, no fixed version", "1.2 is listed in versions[]"; and
	 * when not affected, "2.38.1-5+deb12u1 >= 2.38.1-5+deb12u1 (fixed)"
	 * and the like. Cut at 255 bytes (versions are at most PKG_MAX_FIELD).
	 */
	char basis[256];
};

/*
 * Judge `version` (an installed package's version as its manager writes
 * it) against entry a, whose ECOSYSTEM ranges and versions[] compare in
 * scheme s. The schema's evaluation, for each range:
 *
 *   - GIT ranges (commit hashes) never match an installed package;
 *     SEMVER ranges compare by SemVer 2.0 precedence, not by scheme s;
 *   - a range with limit events admits only versions below one of them
 *     ("*" admits every version);
 *   - the events are taken in the order of their versions (the record's
 *     order does not matter), "introduced: 0" before every version; at an
 *     equal version introduced comes first, then fixed, then last_affected,
 *     then the bytes of the versions decide (so that the fix named is the
 *     same in any order); walking them, v >= introduced makes v affected,
 *     v >= fixed and v > last_affected make it unaffected. (Computed in
 *     one pass: the last event of that order that v passes decides, and
 *     the first fixed or last_affected one it has not reached ends it.)
 *
 * Fills *out (every field; basis also when not affected). Returns 0, or
 * -EINVAL when an argument is NULL. Events or versions that are NULL are
 * passed over. Does not look at the record's withdrawn field: callers skip
 * withdrawn records with vuln_record_withdrawn().
 */
int vuln_match_affected(enum pkg_version_scheme s, const struct vuln_affected *a,
                        const char *version, struct vuln_verdict *out);

/*
 * SemVer 2.0 precedence of two versions: -1, 0 or 1. Lenient, and a total
 * order on any strings: a leading 'v' is passed over, missing minor or
 * patch numbers are 0, numbers compare by value at any length, build
 * metadata (after '+') is ignored, and text after the numbers that does not
 * start with '-' or '+' is taken as a pre-release ("1.0.0rc1" < "1.0.0").
 */
int vuln_semver_cmp(const char *a, const char *b);

/*
 * The version ordering of an OSV ecosystem string ("Debian:12",
 * "Alpine:v3.19", "Rocky Linux:9"), from its name before the first ':':
 *   deb  Debian, Ubuntu
 *   apk  Alpine, Wolfi, Chainguard, MinimOS
 *   rpm  Red Hat, AlmaLinux, Rocky Linux, SUSE, openSUSE, Photon OS,
 *        Amazon Linux, Azure Linux, Mageia, openEuler
 *   semver  npm, crates.io;  go  Go;  pep440  PyPI;  maven  Maven;
 *   gem  RubyGems;  composer  Packagist
 * Sets *out and returns 0, or returns -ENOENT for another ecosystem,
 * leaving *out alone.
 */
int vuln_ecosystem_scheme(const char *ecosystem, enum pkg_version_scheme *out);

/*
 * Whether the record is withdrawn (its `withdrawn` field is set): a
 * withdrawn record never matches, and the caller skips it before judging
 * its entries. NULL is not withdrawn.
 */
bool vuln_record_withdrawn(const struct vuln_record *r);

#endif
