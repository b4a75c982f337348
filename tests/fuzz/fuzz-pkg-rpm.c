/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer harness for the rpm readers: input that starts like an SQLite
 * database goes through pkg_rpm_parse_sqlite() (with a small step ceiling,
 * so a slow input is a finding, not a timeout), anything else is one header
 * blob for pkg_rpm_parse_header().
 */
#include <stdint.h>

#include "pkg/pkg-priv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static volatile size_t sink;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pkg_list l = {0};
	struct vakt_error *err = NULL;
	int rc;

	if (size >= 16 && !memcmp(data, "SQLite format 3", 16))
		rc = pkg_rpm_parse_sqlite_bounded("rpmdb.sqlite", (const char *)data, size, 20000,
		                                  &l, &err);
	else
		rc = pkg_rpm_parse_header("blob", data, size, 1, &l, &err);
	if (rc && (!err || err->code != rc || l.n))
		__builtin_trap();
	vakt_error_free(err);
	pkg_list_set_purls(&l, NULL);
	for (size_t i = 0; i < l.n; i++) {
		const struct pkg *p = &l.v[i];

		if (!p->name || !*p->name || !p->version || !p->source || !p->source_version)
			__builtin_trap();
		sink += strlen(p->purl);
	}
	pkg_list_release(&l);
	return 0;
}
