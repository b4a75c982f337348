/* SPDX-License-Identifier: MIT */
#ifndef VAKT_TEST_PKG_APP_TEST_H
#define VAKT_TEST_PKG_APP_TEST_H

/* Helpers of the application package tests (test-pkg-app-bin.c, test-pkg-app-jar.c). */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <cmocka.h>

#include "pkg/pkg-app-priv.h"
#include "pkg/pkg-priv.h"

static inline void read_whole(const char *path, struct vakt_buf *b)
{
	FILE *f = fopen(path, "rb");
	char chunk[65536];
	size_t n;

	assert_non_null(f);
	vakt_buf_reset(b);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		vakt_buf_add(b, chunk, n);
	fclose(f);
}

static inline void write_whole(const char *path, const void *data, size_t n)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(n, fwrite(data, 1, n, f));
	assert_int_equal(0, fclose(f));
}

static inline int run(const char *fmt, ...) VAKT_PRINTF(1, 2);
static inline int run(const char *fmt, ...)
{
	struct vakt_buf cmd = VAKT_BUF_INIT;
	va_list ap;
	int r;

	va_start(ap, fmt);
	vakt_buf_vaddf(&cmd, fmt, ap);
	va_end(ap);
	r = system(vakt_buf_str(&cmd));
	vakt_buf_release(&cmd);
	return r;
}

static inline bool have(const char *tool)
{
	return run("command -v %s >/dev/null 2>&1", tool) == 0;
}

/* The package of type t named name (and group, when given), or NULL. */
static inline const struct pkg *find(const struct pkg_list *l, enum pkg_type t, const char *group,
                                     const char *name)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->v[i].type == t && !strcmp(l->v[i].name, name) &&
		    (!group || (l->v[i].group && !strcmp(l->v[i].group, group))))
			return &l->v[i];
	return NULL;
}

static inline void write_at(const char *dir, const char *rel, const char *text)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	assert_int_equal(0, run("mkdir -p \"$(dirname %s)\"", path));
	write_whole(path, text, strlen(text));
}

#endif
