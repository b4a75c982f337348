/* SPDX-License-Identifier: MIT */
#ifndef VAKT_FUZZ_PKG_APP_COMMON_H
#define VAKT_FUZZ_PKG_APP_COMMON_H

/*
 * What every application package reader promises (pkg-app.h), checked on
 * any bytes: a failure sets an error and leaves the list as it was; a
 * success adds as many packages as it says, each of the reader's type with
 * a name, a version, found_in the path given and no purl; purls are then
 * made for them.
 */

#include <stdint.h>

#include "pkg/pkg-app-priv.h"

typedef long (*fuzz_pkg_app_reader)(const char *, const char *, size_t, struct pkg_list *,
                                    struct vakt_error **);

static inline void fuzz_pkg_app_run(fuzz_pkg_app_reader reader, const char *path,
                                    enum pkg_type type, const char *s, size_t size)
{
	struct pkg_list l = {0};
	struct vakt_error *err = NULL;
	struct pkg *first = pkg_list_add(&l);
	long r;

	first->name = vakt_xstrdup("sentinel");
	first->version = vakt_xstrdup("1");
	r = reader(path, s, size, &l, &err);
	if (r < 0) {
		if (!err || !err->msg || l.n != 1 || strcmp(l.v[0].name, "sentinel"))
			__builtin_trap();
		vakt_error_free(err);
		pkg_list_release(&l);
		return;
	}
	if (err || (size_t)r != l.n - 1 || l.n - 1 > PKG_APP_MAX_PACKAGES)
		__builtin_trap();
	for (size_t i = 1; i < l.n; i++) {
		const struct pkg *p = &l.v[i];

		if (p->type != type || !p->name || !*p->name || !p->version || !*p->version ||
		    !p->found_in || strcmp(p->found_in, path) || p->purl || p->line < 0 ||
		    p->layer != -1 || strlen(p->name) > PKG_MAX_FIELD ||
		    strlen(p->version) > PKG_MAX_FIELD)
			__builtin_trap();
	}
	pkg_list_set_purls(&l, NULL);
	for (size_t i = 0; i < l.n; i++)
		if (!l.v[i].purl)
			__builtin_trap();
	pkg_list_release(&l);
}

#endif
