/* SPDX-License-Identifier: MIT */
#ifndef VAKT_FUZZ_PKG_APP_JS_H
#define VAKT_FUZZ_PKG_APP_JS_H

/*
 * What the harnesses of the npm, yarn, pnpm, Composer and RubyGems readers
 * check (header only): a failure sets an error naming the file and leaves
 * the list as it was (here, holding one package), at a line of the text
 * (or the one after, where libyaml ends); a success adds packages
 * of the reader's type with a name, a version, found_in, a purl, a known
 * scope and a line inside the text; no name and version twice.
 */

#include <stdint.h>

#include "fuzz-common.h"
#include "pkg/pkg-app-priv.h"

typedef long (*fuzz_pkg_app_fn)(const char *path, const char *data, size_t len,
                                struct pkg_list *out, struct vakt_error **err);

static inline void fuzz_pkg_app_run(fuzz_pkg_app_fn fn, const char *path, enum pkg_type type,
                                    const uint8_t *data, size_t size)
{
	struct pkg_list l = {0};
	struct vakt_error *err = NULL;
	struct pkg *keep = pkg_list_add(&l);
	size_t lines = 1;
	long n;

	keep->type = PKG_NPM;
	keep->name = vakt_xstrdup("kept");
	keep->version = vakt_xstrdup("1");
	/* an upper bound on the lines as libyaml counts them too: CR, NEL, LS and PS break lines */
	for (size_t i = 0; i < size; i++)
		lines += data[i] == '\n' || data[i] == '\r' || data[i] == 0x85 || data[i] == 0xa8 ||
		         data[i] == 0xa9;
	n = fn(path, (const char *)data, size, &l, &err);
	if (n < 0) {
		/* libyaml may place an error at the end of the stream, a line past the text */
		if (!err || !err->msg || !err->file || strcmp(err->file, path) || l.n != 1 ||
		    err->line < 0 || (size_t)err->line > lines + 1)
			__builtin_trap();
		fuzz_touch_str(err->msg);
		vakt_error_free(err);
		pkg_list_release(&l);
		return;
	}
	if (err || l.n != (size_t)n + 1)
		__builtin_trap();
	pkg_list_set_purls(&l, NULL);
	for (size_t i = 1; i < l.n; i++) {
		const struct pkg *p = &l.v[i];

		if (p->type != type || !p->name || !*p->name || !p->version || !*p->version ||
		    !p->found_in || strcmp(p->found_in, path) || !p->purl || p->layer != -1 ||
		    p->line < 0 || (size_t)p->line > lines || p->scope > PKG_SCOPE_TRANSITIVE)
			__builtin_trap();
		for (size_t k = i + 1; k < l.n; k++)
			if (!strcmp(p->name, l.v[k].name) && !strcmp(p->version, l.v[k].version))
				__builtin_trap();
		fuzz_touch_str(p->purl);
		fuzz_touch_str(p->license);
		fuzz_sink += pkg_license_is_spdx(p->license) + p->dev;
		if (fuzz_verbose())
			fprintf(stderr, "%s %s %d %d %d\n", p->purl, p->license ? p->license : "-",
			        p->line, p->scope, p->dev);
	}
	pkg_list_sort(&l);
	pkg_list_release(&l);
}

#endif
