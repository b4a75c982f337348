/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer harness for OpenVEX documents (src/vuln/vuln-vex.c) and the
 * purl matching under them (src/vuln/vuln-purl.c). Checked:
 *   - a failure sets an error naming the file and adds no statement;
 *   - every statement has a vulnerability, products and a known status,
 *     and not_affected ones a justification or an impact statement;
 *   - a purl names itself, so each statement's own vulnerability and each
 *     of its products' purls find a statement (its own, or a later one);
 *   - a second read of the same document doubles the statements.
 */
#include <stdint.h>

#include "core/util.h"
#include "vuln/vuln-purl.h"
#include "vuln/vuln-vex.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static volatile size_t sink;

static void check_statement(const struct vuln_vex *vex, const struct vuln_vex_statement *s)
{
	const char *id = s->vulnerability;

	if (!id || !*id || !s->n_products || !s->file)
		__builtin_trap();
	if (s->status > VULN_VEX_UNDER_INVESTIGATION)
		__builtin_trap();
	if (s->status == VULN_VEX_NOT_AFFECTED && !s->justification && !s->impact)
		__builtin_trap();
	sink += strlen(vuln_vex_status_name(s->status));
	for (size_t i = 0; i < s->aliases.n; i++)
		sink += strlen(s->aliases.v[i]);
	for (size_t p = 0; p < s->n_products; p++) {
		const struct vakt_strv *names = &s->products[p].names;

		for (size_t k = 0; k < names->n; k++) {
			const char *n = names->v[k];

			if (!vuln_purl_is(n))
				continue;
			if (!vuln_purl_match(n, n) || !vuln_vex_find(vex, &id, 1, n, NULL))
				__builtin_trap();
			/* The same purl as the image: covers what its subcomponents name. */
			for (size_t c = 0; c < s->products[p].subcomponents.n; c++) {
				const char *sub = s->products[p].subcomponents.v[c];

				if (vuln_purl_is(sub) && !vuln_vex_find(vex, &id, 1, sub, n))
					__builtin_trap();
			}
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vuln_vex vex = {0};
	struct vakt_error *err = NULL;
	int r = vuln_vex_parse(&vex, "f", (const char *)data, size, &err);

	if (r < 0) {
		if (!err || !err->file || strcmp(err->file, "f") || vex.n)
			__builtin_trap();
		sink += strlen(err->msg);
		vakt_error_free(err);
		return 0;
	}
	if (err)
		__builtin_trap();
	for (size_t i = 0; i < vex.n; i++)
		check_statement(&vex, &vex.v[i]);
	if (2 * vex.n <= VULN_VEX_MAX_STATEMENTS) {
		size_t n = vex.n;

		if (vuln_vex_parse(&vex, "f", (const char *)data, size, &err) || vex.n != 2 * n)
			__builtin_trap();
	}
	vuln_vex_release(&vex);
	return 0;
}
