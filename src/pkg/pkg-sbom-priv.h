/* SPDX-License-Identifier: MIT */
#ifndef VAKT_PKG_SBOM_PRIV_H
#define VAKT_PKG_SBOM_PRIV_H

/*
 * What the SBOM writers share (src/pkg only): pkg-sbom.c writes the
 * documents, pkg-sbom-vulns.c the CycloneDX vulnerabilities.
 */

#include <stdio.h>

#include <jansson.h>

#include "pkg/pkg.h"

/* A package in report order, with its purl and reference. */
struct sbom_item {
	const struct pkg *p;
	char *purl; /* owned */
	char *ref;  /* owned: the purl, made unique */
};

/* The packages of one document, sorted as pkg_list_sort() sorts them. */
struct sbom {
	struct sbom_item *v;
	size_t n;
};

/* A new JSON string of s (NULL: ""); bytes that are not UTF-8 become '?'. */
json_t *pkg_sbom_jstr(const char *s);
/*
 * Write v (taking it) as indented JSON whose lines after the first sit
 * `indent` spaces in (at most 8). Reals keep three significant digits
 * (CVSS scores: 9.8, not 9.8000000000000007).
 */
void pkg_sbom_jdump(FILE *f, json_t *v, int indent);
/*
 * Write `,\n  "vulnerabilities": [...]` for v[0..n) pointing at sb's
 * components: sorted by id then purl, one entry per id and purl, each with
 * a unique bom-ref. Borrows everything.
 */
void pkg_sbom_cdx_vulns_write(FILE *f, const struct sbom *sb, const struct pkg_sbom_vuln *v,
                              size_t n);

#endif
