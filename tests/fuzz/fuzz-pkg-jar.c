/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer harness for the Java archive reader of application packages:
 * the input is a jar (zip; nested archives followed in memory, with
 * pom.properties, the manifest and file names read); the packages found get
 * purls.
 */
#include <stdint.h>

#include "pkg/pkg-app-priv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static volatile size_t sink;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pkg_list l = {0};
	struct vakt_error *err = NULL;
	struct pkg *kept = pkg_list_add(&l);
	long n;

	kept->name = vakt_xstrdup("kept");
	n = pkg_app_jar("opt/app-1.0.war", (const char *)data, size, &l, &err);
	if (n < 0) {
		if (!err || !err->file || l.n != 1)
			__builtin_trap();
		vakt_error_free(err);
	} else if (err || l.n != 1 + (size_t)n) {
		__builtin_trap();
	}
	pkg_list_set_purls(&l, NULL);
	for (size_t i = 1; i < l.n; i++) {
		const struct pkg *p = &l.v[i];

		if (!p->name || !p->version || !p->found_in || !p->purl || p->type != PKG_MAVEN ||
		    strncmp(p->found_in, "opt/app-1.0.war", 15) ||
		    strlen(p->version) > PKG_MAX_FIELD)
			__builtin_trap();
		sink += strlen(p->purl);
	}
	pkg_list_release(&l);
	return 0;
}
