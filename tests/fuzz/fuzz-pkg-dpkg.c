/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer harness for the dpkg parsers: the input is read as a status
 * file, as a status.d file and as a debian/copyright file; the packages found
 * get purls and are written as CycloneDX and SPDX (to nowhere), so odd bytes
 * in names and versions reach the writers too.
 */
#include <stdint.h>
#include <stdio.h>

#include "pkg/pkg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static FILE *sink_file(void)
{
	static FILE *f;

	if (!f)
		f = fopen("/dev/null", "w");
	return f;
}

static void check_list(const struct pkg_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		const struct pkg *p = &l->v[i];

		if (!p->name || !p->version || !p->source || !p->source_version || p->line < 1 ||
		    strlen(p->name) > PKG_MAX_FIELD || strlen(p->version) > PKG_MAX_FIELD)
			__builtin_trap();
	}
}

static void write_boms(const struct pkg_list *l)
{
	static const struct pkg_os os = {.id = (char *)"debian", .version_id = (char *)"12"};
	const struct pkg_sbom_subject s = {.name = "fuzz", .created = "2024-01-01T00:00:00Z"};
	FILE *f = sink_file();

	if (!f)
		return;
	if (pkg_sbom_cyclonedx(f, &s, &os, l, NULL) || pkg_sbom_spdx(f, &s, &os, l, NULL))
		__builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	struct pkg_list l = {0};
	struct vakt_error *err = NULL;
	char *license = NULL;

	if (pkg_dpkg_parse_status("status", s, size, &l, &err)) {
		if (!err || l.n)
			__builtin_trap();
		vakt_error_free(err);
		err = NULL;
	}
	check_list(&l);
	if (pkg_dpkg_parse_status_d("status.d/x", s, size, &l, &err)) {
		vakt_error_free(err);
		err = NULL;
	}
	check_list(&l);
	pkg_list_set_purls(&l, NULL);
	write_boms(&l);
	pkg_list_release(&l);
	if (pkg_dpkg_parse_copyright("copyright", s, size, &license, &err))
		vakt_error_free(err);
	if (license && strlen(license) > PKG_MAX_FIELD)
		__builtin_trap();
	free(license);
	return 0;
}
