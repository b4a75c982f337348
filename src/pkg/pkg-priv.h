/* SPDX-License-Identifier: MIT */
#ifndef VAKT_PKG_PRIV_H
#define VAKT_PKG_PRIV_H

/* Helpers shared by the package parsers (src/pkg only). */

#include "pkg/pkg.h"

/* A cursor over the lines of a text database. */
struct pkg_lines {
	const char *data;
	size_t len;
	size_t pos;
	int line; /* 1-based number of the line last returned */
};

/*
 * The next line as [*s, *s + *n), without its '\n' and a trailing '\r'.
 * False at the end of the data.
 */
static inline bool pkg_lines_next(struct pkg_lines *r, const char **s, size_t *n)
{
	const char *nl;
	size_t k;

	if (r->pos >= r->len)
		return false;
	*s = r->data + r->pos;
	nl = memchr(*s, '\n', r->len - r->pos);
	k = nl ? (size_t)(nl - *s) : r->len - r->pos;
	r->pos += k + (nl ? 1 : 0);
	r->line++;
	if (k && (*s)[k - 1] == '\r')
		k--;
	*n = k;
	return true;
}

static inline bool pkg_is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* Strip spaces and tabs at both ends of [*s, *s + *n). */
static inline void pkg_trim(const char **s, size_t *n)
{
	while (*n && pkg_is_blank(**s)) {
		(*s)++;
		(*n)--;
	}
	while (*n && pkg_is_blank((*s)[*n - 1]))
		(*n)--;
}

/* Whether [s, s + n) holds only spaces and tabs. */
static inline bool pkg_line_blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!pkg_is_blank(s[i]))
			return false;
	return true;
}

/* A copy of [s, s + n), or NULL when empty (or s NULL). The caller owns it. */
static inline char *pkg_dup_or_null(const char *s, size_t n)
{
	return s && n ? vakt_xstrndup(s, n) : NULL;
}

/*
 * The order of pkg_list_sort(): type, name, architecture, version, layer,
 * line, the file that declares it.
 */
int pkg_compare(const struct pkg *a, const struct pkg *b);

/*
 * pkg_rpm_parse_sqlite() with the SQLite step ceiling given in thousands
 * (PKG_RPM_MAX_SQL_KSTEPS for the real thing; tests use small ones).
 */
int pkg_rpm_parse_sqlite_bounded(const char *path, const char *data, size_t len, long max_ksteps,
                                 struct pkg_list *out, struct vakt_error **err);

#endif
