/* SPDX-License-Identifier: MIT */
#ifndef VAKT_VULN_PURL_H
#define VAKT_VULN_PURL_H

/*
 * Package URLs as VEX documents and ignore files name packages
 * (purl-spec: pkg:TYPE/NAMESPACE/NAME@VERSION?QUALIFIERS#SUBPATH), matched
 * against the purl of an installed package (pkg_purl()).
 */

#include <stdbool.h>

/* Longest purl compared; a longer one names nothing. */
#define VULN_PURL_MAX 8192

/*
 * Whether `pattern` names the package whose purl is `purl`:
 *   - the type and namespace are equal, regardless of case; the name is equal;
 *   - the pattern's version, when it has one, is equal (a pattern without
 *     one names every version);
 *   - every qualifier of the pattern is in purl with an equal value (key
 *     regardless of case): "?arch=amd64" names the amd64 build only, and a
 *     pattern without qualifiers names every architecture and distribution;
 *   - the subpath (#...) is not compared.
 * Components compare percent-decoded ("1%3A2.38" is "1:2.38"). False when
 * either is NULL, is not a purl ("pkg:" then a type and a name) or is
 * longer than VULN_PURL_MAX.
 */
bool vuln_purl_match(const char *pattern, const char *purl);

/* Whether s looks like a purl: "pkg:" (any case) then a type, '/' and more. */
bool vuln_purl_is(const char *s);

#endif
