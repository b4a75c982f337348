/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer harness for the distribution files (os-release, alpine-release,
 * debian_version, redhat-release) and the time normaliser; whatever they
 * yield is used to build a purl, as the image scanner does.
 */
#include <stdint.h>

#include "pkg/pkg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static volatile size_t sink;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct pkg p = {
	    .type = PKG_RPM, .name = (char *)"n", .version = (char *)"1:2-3", .arch = (char *)"x"};
	char t[PKG_SBOM_TIME_LEN];
	char *s;

	for (size_t i = 0; i < pkg_os_sources_n; i++) {
		struct pkg_os os;
		struct vakt_error *err = NULL;

		if (pkg_os_sources[i].parse("f", (const char *)data, size, &os, &err)) {
			if (!err || os.id)
				__builtin_trap();
			vakt_error_free(err);
			continue;
		}
		if (!os.id)
			__builtin_trap();
		s = pkg_purl(&p, &os);
		sink += strlen(s);
		free(s);
		pkg_os_release(&os);
	}
	s = vakt_xstrndup((const char *)data, size);
	if (!pkg_sbom_normalize_time(s, t) && strlen(t) != PKG_SBOM_TIME_LEN - 1)
		__builtin_trap();
	free(s);
	return 0;
}
