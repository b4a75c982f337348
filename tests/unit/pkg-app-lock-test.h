/* SPDX-License-Identifier: MIT */
#ifndef VAKT_PKG_APP_LOCK_TEST_H
#define VAKT_PKG_APP_LOCK_TEST_H

/*
 * Helpers of the application package reader tests (test-pkg-app-*.c):
 * fixtures from tests/pkg-app/, finding packages, checking their fields.
 * Include after <cmocka.h>.
 */

#include <stdio.h>

#include "pkg/pkg-app-priv.h"

/* The bytes of tests/pkg-app/REL (the caller frees them); fails the test when unreadable. */
static char *fixture(const char *rel, size_t *len)
{
	char path[512];
	FILE *f;
	char *buf;
	long n;

	snprintf(path, sizeof(path), "tests/pkg-app/%s", rel);
	f = fopen(path, "rb");
	if (!f)
		fail_msg("cannot open fixture '%s'", path);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = vakt_xmalloc((size_t)n + 1);
	if (fread(buf, 1, (size_t)n, f) != (size_t)n)
		fail_msg("cannot read fixture '%s'", path);
	buf[n] = '\0';
	fclose(f);
	*len = (size_t)n;
	return buf;
}

/* The package named name (and version when not NULL), or NULL. */
static const struct pkg *find_pkg(const struct pkg_list *l, const char *name, const char *version)
{
	for (size_t i = 0; i < l->n; i++)
		if (!strcmp(l->v[i].name, name) && (!version || !strcmp(l->v[i].version, version)))
			return &l->v[i];
	return NULL;
}

/* Check one package's fields (purl only when the test set the list's purls). */
static void expect_app_pkg(const struct pkg_list *l, enum pkg_type type, const char *name,
                           const char *version, enum pkg_scope scope, bool dev,
                           const char *found_in, int line, const char *purl)
{
	const struct pkg *p = find_pkg(l, name, version);

	if (!p)
		fail_msg("package '%s' %s missing", name, version ? version : "");
	assert_int_equal(type, p->type);
	assert_string_equal(version, p->version);
	if ((int)scope != (int)p->scope)
		fail_msg("package '%s': scope %d, expected %d", name, p->scope, scope);
	if (dev != p->dev)
		fail_msg("package '%s': dev %d, expected %d", name, p->dev, dev);
	assert_string_equal(found_in, p->found_in);
	if (line != p->line)
		fail_msg("package '%s': line %d, expected %d", name, p->line, line);
	assert_int_equal(-1, p->layer);
	if (purl)
		assert_string_equal(purl, p->purl);
}

/* Whether the list holds a package of that name (any version). */
static bool has_pkg(const struct pkg_list *l, const char *name)
{
	return find_pkg(l, name, NULL) != NULL;
}

/* The formatted error ("file:line:col: message"), checked to contain want; frees err. */
static void expect_error(struct vakt_error *err, const char *want)
{
	char *s;

	assert_non_null(err);
	s = vakt_error_format(err);
	if (!strstr(s, want))
		fail_msg("error '%s' does not contain '%s'", s, want);
	free(s);
	vakt_error_free(err);
}

#endif
