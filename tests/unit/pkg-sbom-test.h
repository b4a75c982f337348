/* SPDX-License-Identifier: MIT */
#ifndef VAKT_PKG_SBOM_TEST_H
#define VAKT_PKG_SBOM_TEST_H

/*
 * What the SBOM unit tests (test-pkg-sbom.c, test-pkg-sbom-vulns.c) share:
 * a BOM written to memory and read back as JSON. Header only: each test is
 * one translation unit. Include it after <cmocka.h>.
 */

#include <stdio.h>

#include <jansson.h>

#include "pkg/pkg.h"

/* The writer fn's document of s, os and l; fails the test when it fails. The caller frees it. */
static inline char *sbom_test_write(int (*fn)(FILE *, const struct pkg_sbom_subject *,
                                              const struct pkg_os *, const struct pkg_list *,
                                              struct vakt_error **),
                                    const struct pkg_sbom_subject *s, const struct pkg_os *os,
                                    const struct pkg_list *l)
{
	char *buf = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&buf, &n);
	struct vakt_error *err = NULL;

	assert_non_null(f);
	if (fn(f, s, os, l, &err))
		fail_msg("writing the BOM failed: %s", err->msg);
	fclose(f);
	return buf;
}

/* text as JSON, or fail. The caller json_decref()s it. */
static inline json_t *sbom_test_parse(const char *text)
{
	json_error_t e;
	json_t *j = json_loads(text, 0, &e);

	if (!j)
		fail_msg("not JSON: %s at %d:%d", e.text, e.line, e.column);
	return j;
}

#endif
