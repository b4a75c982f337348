/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer harness for the apk installed-database parser; the packages
 * found are given purls and licences are classified, as the SBOM writers do.
 */
#include <stdint.h>

#include "pkg/pkg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static volatile size_t sink;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct pkg_os os = {.id = (char *)"alpine", .version_id = (char *)"3.19.1"};
	struct pkg_list l = {0};
	struct vakt_error *err = NULL;

	if (pkg_apk_parse_installed("installed", (const char *)data, size, &l, &err)) {
		if (!err || l.n)
			__builtin_trap();
		vakt_error_free(err);
	}
	pkg_list_set_purls(&l, &os);
	for (size_t i = 0; i < l.n; i++) {
		const struct pkg *p = &l.v[i];

		if (!p->name || !p->version || !p->purl || p->type != PKG_APK)
			__builtin_trap();
		sink += strlen(p->purl) + pkg_license_is_spdx(p->license);
	}
	pkg_list_sort(&l);
	pkg_list_release(&l);
	return 0;
}
