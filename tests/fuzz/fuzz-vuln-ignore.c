/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer harness for the ignore files (src/vuln/vuln-ignore.c): every
 * input is read both as YAML (a .vaktignore or Trivy's .trivyignore.yaml)
 * and as a .trivyignore (lines).
 * Checked:
 *   - a failure sets an error with the file's name and appends nothing;
 *   - every entry read has an id, its file and a line, and an expiry that
 *     is a date or empty;
 *   - an entry that is live and not limited to packages or paths ignores a finding
 *     with its own id (matching is by id, whatever the case);
 *   - the warnings name the file and a line, one at most per entry and per
 *     section of a .trivyignore.yaml that is not read.
 */
#include <stdint.h>

#include "core/util.h"
#include "vuln/vuln-ignore.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static volatile size_t sink;

static void check(struct vuln_ignore *ig, int r, struct vakt_error *err, size_t before)
{
	static const struct pkg p = {.type = PKG_DPKG,
	                             .name = (char *)"libssl3",
	                             .source = (char *)"openssl",
	                             .purl = (char *)"pkg:deb/debian/libssl3@3.0.11-1?arch=amd64"};
	struct vakt_error_list w = {0};

	if (r < 0) {
		if (!err || !err->file || strcmp(err->file, "f") || ig->n != before)
			__builtin_trap();
		sink += strlen(err->msg);
		return;
	}
	if (err)
		__builtin_trap();
	for (size_t i = 0; i < ig->n; i++) {
		const struct vuln_ignore_entry *e = &ig->v[i];
		const char *id = e->id;

		if (!id || !*id || !e->file || e->line < 1)
			__builtin_trap();
		if (*e->expires && strlen(e->expires) != 10)
			__builtin_trap();
		if (e->reason)
			sink += strlen(e->reason);
		for (size_t k = 0; k < e->packages.n; k++)
			sink += strlen(e->packages.v[k]);
		if (!vuln_ignore_match(ig, &id, 1, &p) && !e->expired && !e->packages.n &&
		    !e->paths.n)
			__builtin_trap();
	}
	vuln_ignore_warnings(ig, true, &w);
	if (w.n > ig->n + ig->notes.n)
		__builtin_trap();
	for (size_t i = 0; i < w.n; i++) {
		if (w.v[i]->code != VAKT_WARNING_CODE || !w.v[i]->file || w.v[i]->line < 1)
			__builtin_trap();
		sink += strlen(w.v[i]->msg);
	}
	vakt_error_list_release(&w);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vuln_ignore ig = {0};
	struct vakt_error *err = NULL;
	int r;

	/* The sniff reads every line it needs and no byte past size. */
	sink += vuln_ignore_format_of("f", (const char *)data, size) == VULN_IGNORE_YAML;
	r = vuln_ignore_parse(&ig, "f", (const char *)data, size, "2026-06-15", &err);
	check(&ig, r, err, 0);
	vakt_error_free(err);
	err = NULL;
	/* Appended to what the first parse left, which must then stay. */
	{
		size_t before = ig.n;

		r = vuln_ignore_parse_trivy(&ig, "f", (const char *)data, size, "2026-06-15", &err);
		check(&ig, r, err, before);
	}
	vakt_error_free(err);
	vuln_ignore_release(&ig);
	return 0;
}
