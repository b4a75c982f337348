/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer harness for the dpkg parsers: the input is read as a status
 * file, as a status.d file and as a debian/copyright file; the packages found
 * get purls and are written as CycloneDX and SPDX (to nowhere), so odd bytes
 * in names and versions reach the writers too; CycloneDX with one
 * vulnerability per package whose every string is one of the package's
 * fields (ids, links, vectors, scores, VEX words). Each package's
 * vulnerability lookup keys are made too, its Built-Using sources among them.
 */
#include <stdint.h>
#include <stdio.h>

#include "pkg/pkg.h"
#include "vuln/vuln-eco.h"

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

/* The lookup keys of every package: names and versions whole, never blank, within bounds. */
static void check_keys(const struct pkg_list *l)
{
	static const struct pkg_os os = {.id = (char *)"debian", .version_id = (char *)"12"};
	static struct vuln_pkg_key k[VULN_PKG_KEYS_MAX + 4];
	struct vuln_eco eco;
	size_t n, left, entries;

	if (!vuln_eco_for(&os, PKG_DPKG, &eco))
		__builtin_trap();
	for (size_t i = 0; i < l->n; i++) {
		const struct pkg *p = &l->v[i];

		n = vuln_pkg_keys(p, &eco, k);
		if (n != 1 || strcmp(k[0].name, p->source))
			__builtin_trap();
		n = vuln_built_using_keys(p, &eco, k, 4, &left);
		entries = 0;
		for (const char *c = p->built_using; c && *c; c++)
			entries += *c == ',';
		entries += p->built_using && *p->built_using;
		if (n > 4 || n + left > entries || (!p->built_using && (n || left)))
			__builtin_trap();
		for (size_t j = 0; j < n; j++)
			if (!*k[j].name || !*k[j].version || strpbrk(k[j].name, " ,(") ||
			    strpbrk(k[j].version, " ,)") || k[j].kind != VULN_KEY_BUILT_USING)
				__builtin_trap();
	}
}

/* Package i's fields as a vulnerability; strs holds its two one-string lists. */
static void vuln_of(const struct pkg *p, size_t i, const char *strs[4], struct pkg_sbom_vuln *v)
{
	static const char *const vex[] = {"not_affected", "fixed", "affected",
	                                  "under_investigation", NULL};

	strs[0] = p->source;
	strs[1] = NULL;
	strs[2] = p->version;
	strs[3] = NULL;
	memset(v, 0, sizeof(*v));
	v->id = p->name;
	v->aliases = strs;
	v->links = strs + 2;
	/* Every third points at no component. */
	v->purl = i % 3 == 2 ? p->name : p->purl;
	v->ecosystem = p->source_version;
	v->title = p->name;
	v->matched_name = p->source;
	v->fixed = i % 2 ? p->version : NULL;
	v->status = p->arch;
	v->severity = (enum vakt_severity)(i % VAKT_SEV_COUNT);
	v->rated_by = (enum pkg_sbom_rater)(i % 3);
	v->vector = p->version;
	v->score = p->source_version;
	v->suppressed = i % 2;
	v->vex_status = vex[i % VAKT_ARRAY_SIZE(vex)];
	v->vex_justification = p->license ? p->license : p->source;
	v->detail = p->name;
}

static void write_boms(const struct pkg_list *l)
{
	static const struct pkg_os os = {.id = (char *)"debian", .version_id = (char *)"12"};
	struct pkg_sbom_subject s = {.name = "fuzz", .created = "2024-01-01T00:00:00Z"};
	struct pkg_sbom_vuln *v = vakt_xcalloc(l->n ? l->n : 1, sizeof(*v));
	const char *(*strs)[4] = vakt_xcalloc(l->n ? l->n : 1, sizeof(*strs));
	FILE *f = sink_file();

	for (size_t i = 0; i < l->n; i++)
		vuln_of(&l->v[i], i, strs[i], &v[i]);
	if (f && (pkg_sbom_cyclonedx(f, &s, &os, l, NULL) || pkg_sbom_spdx(f, &s, &os, l, NULL)))
		__builtin_trap();
	s.with_vulns = true;
	s.vulns = v;
	s.n_vulns = l->n;
	if (f && pkg_sbom_cyclonedx(f, &s, &os, l, NULL))
		__builtin_trap();
	free(v);
	free(strs);
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
	check_keys(&l);
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
