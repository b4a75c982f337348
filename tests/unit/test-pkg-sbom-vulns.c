/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for src/pkg/pkg-sbom-vulns.c: the vulnerabilities of a
 * CycloneDX 1.5 SBOM (severity words, scoring methods, VEX analysis, the
 * order, references and affected components of the entries).
 *
 *   test-pkg-sbom-vulns --write-samples DIR   writes DIR/vulns.cdx.json, a BOM
 *                                             with every shape of entry, for
 *                                             tests/extra/sbom.sh to validate
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cmocka.h>
#include <jansson.h>

#include "pkg/pkg.h"
#include "pkg-sbom-test.h"

static const struct pkg_sbom_subject subject = {
    .name = "localhost/vakt-test/debian:12",
    .digest = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
    .created = "2024-05-06T07:08:09Z",
};

#define LIBSSL  "pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64&distro=debian-12"
#define BSDUTIL "pkg:deb/debian/bsdutils@1%3A2.38.1-5?arch=amd64&distro=debian-12"
#define TZDATA  "pkg:deb/debian/tzdata@2024a-0%2Bdeb12u1?arch=all&distro=debian-12"

static void add(struct pkg_list *l, const char *name, const char *version, const char *arch,
                const char *source, const char *source_version)
{
	struct pkg *p = pkg_list_add(l);

	p->type = PKG_DPKG;
	p->name = vakt_xstrdup(name);
	p->version = vakt_xstrdup(version);
	p->arch = vakt_xstrdup(arch);
	p->source = vakt_xstrdup(source);
	p->source_version = vakt_xstrdup(source_version);
	p->layer = 0;
}

/* Debian 12 with three packages, tzdata listed twice (its references get "#2"). */
static void sample(struct pkg_list *l, struct pkg_os *os)
{
	memset(os, 0, sizeof(*os));
	os->id = vakt_xstrdup("debian");
	os->version_id = vakt_xstrdup("12");
	add(l, "libssl3", "3.0.11-1~deb12u2", "amd64", "openssl", "3.0.11-1~deb12u2");
	add(l, "bsdutils", "1:2.38.1-5", "amd64", "util-linux", "2.38.1-5");
	add(l, "tzdata", "2024a-0+deb12u1", "all", "tzdata", "2024a-0+deb12u1");
	add(l, "tzdata", "2024a-0+deb12u1", "all", "tzdata", "2024a-0+deb12u1");
	pkg_list_set_purls(l, os);
}

static const char *const aliases_0003[] = {"DSA-9003-1", NULL};
static const char *const links_0003[] = {
    "https://security-tracker.debian.org/tracker/CVE-2024-0003",
    "https://osv.dev/vulnerability/DSA-9003-1", NULL};
static const char *const aliases_0001[] = {"DEBIAN-CVE-2024-0001", "CVE-2024-9999",
                                           "ALSA-2024:0105/x", NULL};
static const char *const links_0001[] = {
    "https://security-tracker.debian.org/tracker/CVE-2024-0001",
    /* A hostile record id: a space, quotes and a stray '%' must not break the IRI. */
    "https://osv.dev/vulnerability/BAD ID\"<%zz>%41", NULL};

/* An entry sample_vulns holds twice. */
#define TZDATA_0050                                                                                \
	{                                                                                          \
		.id = "CVE-2023-0050", .purl = TZDATA, .ecosystem = "Debian:12",                   \
		.matched_name = "tzdata", .status = "no fix yet", .severity = VAKT_SEV_MEDIUM,     \
		.rated_by = PKG_SBOM_RATED_NONE                                                    \
	}

/* Every shape of entry, in no particular order. */
static const struct pkg_sbom_vuln sample_vulns[] = {
    /* Rated by its CVSS 3.1 vector; suppressed by a VEX not_affected statement. */
    {.id = "CVE-2024-0003",
     .aliases = aliases_0003,
     .links = links_0003,
     .purl = LIBSSL,
     .ecosystem = "Debian:12",
     .title = "openssl security update",
     .matched_name = "openssl",
     .fixed = "3.0.13-1~deb12u1",
     .status = "fixed",
     .severity = VAKT_SEV_CRITICAL,
     .rated_by = PKG_SBOM_RATED_CVSS,
     .vector = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
     .score = "9.8",
     .suppressed = true,
     .vex_status = "not_affected",
     .vex_justification = "vulnerable_code_not_in_execute_path",
     .detail = "VEX app.vex.json: not_affected, vulnerable_code_not_in_execute_path"},
    /* Rated by Debian; a VEX statement says it is affected, with what to do. */
    {.id = "CVE-2024-0001",
     .aliases = aliases_0001,
     .links = links_0001,
     .purl = BSDUTIL,
     .ecosystem = "Debian:12",
     .title = "wall: escape sequences in messages",
     .matched_name = "util-linux",
     .fixed = "2.38.1-5+deb12u1",
     .status = "fixed",
     .severity = VAKT_SEV_MEDIUM,
     .rated_by = PKG_SBOM_RATED_DISTRIBUTION,
     .vex_status = "affected",
     .detail = "upgrade util-linux"},
    /* Nobody rated it; no fix; a package listed twice. */
    TZDATA_0050,
    /* A CVSS v2 vector scoring 0.0, ignored by an ignore file. */
    {.id = "CVE-2010-0001",
     .purl = LIBSSL,
     .matched_name = "openssl",
     .fixed = "",
     .severity = VAKT_SEV_INFO,
     .rated_by = PKG_SBOM_RATED_CVSS,
     .vector = "AV:N/AC:L/Au:N/C:N/I:N/A:N",
     .score = "0.0",
     .suppressed = true,
     .detail = ".vaktignore:3: not used"},
    /* CVSS 4.0, fixed by a VEX statement; its id holds a '/', which the reference encodes. */
    {.id = "GHSA-x/y",
     .purl = LIBSSL,
     .ecosystem = "Rocky Linux:9",
     .matched_name = "openssl",
     .severity = VAKT_SEV_HIGH,
     .rated_by = PKG_SBOM_RATED_CVSS,
     .vector = "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N",
     .score = "9.3",
     .suppressed = true,
     .vex_status = "fixed"},
    /* The same id and package again (a package listed twice): written once. */
    TZDATA_0050,
    /* A purl no component has: left out. */
    {.id = "CVE-2000-0001", .purl = "pkg:deb/debian/gone@1", .severity = VAKT_SEV_LOW},
};

/* The string at a dotted path ("references.0.source.name"; numbers index arrays), or fail. */
static const char *jstr_at(json_t *o, const char *path)
{
	json_t *v = o;

	for (const char *k = path; v && *k;) {
		size_t n = strcspn(k, ".");
		char *key = vakt_xstrndup(k, n);

		v = (*key >= '0' && *key <= '9') ? json_array_get(v, strtoul(key, NULL, 10))
		                                 : json_object_get(v, key);
		free(key);
		k += n + (k[n] == '.');
	}
	if (!json_is_string(v))
		fail_msg("'%s' is not a string", path);
	return json_string_value(v);
}

static void test_severity(void **state)
{
	struct pkg_sbom_vuln v = {.severity = VAKT_SEV_HIGH};

	(void)state;
	v.rated_by = PKG_SBOM_RATED_NONE;
	assert_string_equal("unknown", pkg_sbom_cdx_severity(&v));
	v.rated_by = PKG_SBOM_RATED_DISTRIBUTION;
	assert_string_equal("high", pkg_sbom_cdx_severity(&v));
	v.rated_by = PKG_SBOM_RATED_CVSS;
	v.score = "7.5";
	assert_string_equal("high", pkg_sbom_cdx_severity(&v));
	v.severity = VAKT_SEV_CRITICAL;
	assert_string_equal("critical", pkg_sbom_cdx_severity(&v));
	v.severity = VAKT_SEV_MEDIUM;
	assert_string_equal("medium", pkg_sbom_cdx_severity(&v));
	v.severity = VAKT_SEV_LOW;
	assert_string_equal("low", pkg_sbom_cdx_severity(&v));
	/* CVSS calls 0.0 "None"; vakt's severity is info, CycloneDX has the word. */
	v.severity = VAKT_SEV_INFO;
	v.score = "0.0";
	assert_string_equal("none", pkg_sbom_cdx_severity(&v));
	/* A distribution's "unimportant" is info, not none. */
	v.rated_by = PKG_SBOM_RATED_DISTRIBUTION;
	v.score = NULL;
	assert_string_equal("info", pkg_sbom_cdx_severity(&v));
}

static void test_method(void **state)
{
	(void)state;
	assert_string_equal("CVSSv31", pkg_sbom_cdx_method("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/"
	                                                   "I:H/A:H"));
	assert_string_equal("CVSSv3", pkg_sbom_cdx_method("CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/"
	                                                  "I:H/A:H"));
	assert_string_equal("CVSSv4", pkg_sbom_cdx_method("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/"
	                                                  "VC:H/VI:H/VA:H/SC:N/SI:N/SA:N"));
	/* Version 2 vectors have no prefix. */
	assert_string_equal("CVSSv2", pkg_sbom_cdx_method("AV:N/AC:L/Au:N/C:P/I:P/A:P"));
	assert_string_equal("other", pkg_sbom_cdx_method("CVSS:5.0/AV:N"));
	assert_string_equal("other", pkg_sbom_cdx_method("CVSS:3.1"));
	assert_string_equal("other", pkg_sbom_cdx_method(NULL));
}

static void test_analysis(void **state)
{
	static const struct {
		const char *openvex, *cdx;
	} just[] = {
	    {"component_not_present", "code_not_present"},
	    {"vulnerable_code_not_present", "code_not_present"},
	    {"vulnerable_code_not_in_execute_path", "code_not_reachable"},
	    {"vulnerable_code_cannot_be_controlled_by_adversary", "requires_environment"},
	    {"inline_mitigations_already_exist", "protected_by_mitigating_control"},
	    {"an_unknown_label", NULL},
	    {NULL, NULL},
	};
	struct pkg_sbom_vuln v = {0};
	const char *j = "x";

	(void)state;
	/* Nothing said: no analysis. */
	assert_null(pkg_sbom_cdx_analysis(&v, &j));
	assert_null(j);
	/* VEX not_affected: each OpenVEX justification as CycloneDX's. */
	v.suppressed = true;
	v.vex_status = "not_affected";
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(just); i++) {
		v.vex_justification = just[i].openvex;
		assert_string_equal("not_affected", pkg_sbom_cdx_analysis(&v, &j));
		if (just[i].cdx)
			assert_string_equal(just[i].cdx, j);
		else
			assert_null(j);
	}
	v.vex_justification = NULL;
	v.vex_status = "fixed";
	assert_string_equal("resolved", pkg_sbom_cdx_analysis(&v, &j));
	assert_null(j);
	/* An ignore entry (or the configuration): not affected, without a label. */
	v.vex_status = NULL;
	assert_string_equal("not_affected", pkg_sbom_cdx_analysis(&v, &j));
	assert_null(j);
	/* Suppressed by the configuration while a VEX statement says affected. */
	v.vex_status = "affected";
	assert_string_equal("not_affected", pkg_sbom_cdx_analysis(&v, &j));
	/* Statements that do not suppress. */
	v.suppressed = false;
	assert_string_equal("exploitable", pkg_sbom_cdx_analysis(&v, &j));
	v.vex_status = "under_investigation";
	assert_string_equal("in_triage", pkg_sbom_cdx_analysis(&v, &j));
	assert_null(j);
}

/* The entry with bom-ref ref, or fail. */
static json_t *vuln_by_ref(json_t *vulns, const char *ref)
{
	json_t *v;
	size_t i;

	json_array_foreach(vulns, i, v)
	{
		if (!strcmp(jstr_at(v, "bom-ref"), ref))
			return v;
	}
	fail_msg("no vulnerability '%s'", ref);
	return NULL;
}

static void test_entries(void **state)
{
	struct pkg_list l = {0};
	struct pkg_os os;
	struct pkg_sbom_subject s = subject;
	char *text;
	json_t *bom, *vulns, *v, *a, *comps, *c;
	struct vakt_strv refs = VAKT_STRV_INIT;
	size_t i;

	(void)state;
	sample(&l, &os);
	s.with_vulns = true;
	s.vulns = sample_vulns;
	s.n_vulns = VAKT_ARRAY_SIZE(sample_vulns);
	text = sbom_test_write(pkg_sbom_cyclonedx, &s, &os, &l);
	bom = sbom_test_parse(text);
	vulns = json_object_get(bom, "vulnerabilities");
	/* Sorted by id then purl; the duplicate once; the purl of no component left out. */
	assert_int_equal(5, json_array_size(vulns));
	assert_string_equal("CVE-2010-0001", jstr_at(vulns, "0.id"));
	assert_string_equal("CVE-2023-0050", jstr_at(vulns, "1.id"));
	assert_string_equal("CVE-2024-0001", jstr_at(vulns, "2.id"));
	assert_string_equal("CVE-2024-0003", jstr_at(vulns, "3.id"));
	assert_string_equal("GHSA-x/y", jstr_at(vulns, "4.id"));

	/* bom-refs: the id (encoded) and the component's, unique in the whole BOM. */
	v = vuln_by_ref(vulns, "CVE-2024-0003/" LIBSSL);
	vuln_by_ref(vulns, "GHSA-x%2Fy/" LIBSSL);
	comps = json_object_get(bom, "components");
	json_array_foreach(comps, i, c) vakt_strv_push(&refs, jstr_at(c, "bom-ref"));
	json_array_foreach(vulns, i, c) vakt_strv_push(&refs, jstr_at(c, "bom-ref"));
	vakt_strv_push(&refs, jstr_at(bom, "metadata.component.bom-ref"));
	for (size_t x = 0; x < refs.n; x++)
		for (size_t y = x + 1; y < refs.n; y++)
			assert_string_not_equal(refs.v[x], refs.v[y]);
	vakt_strv_release(&refs);

	/* The CVSS-rated, VEX-suppressed one, in full. */
	assert_string_equal("Debian", jstr_at(v, "source.name"));
	assert_string_equal(links_0003[0], jstr_at(v, "source.url"));
	assert_string_equal("DSA-9003-1", jstr_at(v, "references.0.id"));
	assert_string_equal("OSV", jstr_at(v, "references.0.source.name"));
	assert_string_equal("https://osv.dev/vulnerability/DSA-9003-1",
	                    jstr_at(v, "references.0.source.url"));
	a = json_array_get(json_object_get(v, "ratings"), 0);
	assert_int_equal(1, json_array_size(json_object_get(v, "ratings")));
	assert_true(json_is_real(json_object_get(a, "score")));
	assert_true(json_real_value(json_object_get(a, "score")) == 9.8);
	assert_string_equal("critical", jstr_at(a, "severity"));
	assert_string_equal("CVSSv31", jstr_at(a, "method"));
	assert_string_equal(sample_vulns[0].vector, jstr_at(a, "vector"));
	assert_null(json_object_get(a, "source"));
	assert_string_equal("openssl security update", jstr_at(v, "description"));
	assert_string_equal("Upgrade libssl3 to a version built from openssl 3.0.13-1~deb12u1 or "
	                    "later.",
	                    jstr_at(v, "recommendation"));
	assert_string_equal(links_0003[1], jstr_at(v, "advisories.1.url"));
	assert_string_equal("not_affected", jstr_at(v, "analysis.state"));
	assert_string_equal("code_not_reachable", jstr_at(v, "analysis.justification"));
	assert_string_equal(sample_vulns[0].detail, jstr_at(v, "analysis.detail"));
	a = json_object_get(v, "affects");
	assert_int_equal(1, json_array_size(a));
	assert_string_equal(LIBSSL, jstr_at(a, "0.ref"));
	assert_string_equal("3.0.11-1~deb12u2", jstr_at(a, "0.versions.0.version"));
	assert_string_equal("affected", jstr_at(a, "0.versions.0.status"));
	assert_string_equal("vakt:status", jstr_at(v, "properties.0.name"));
	assert_string_equal("fixed", jstr_at(v, "properties.0.value"));
	assert_string_equal("3.0.13-1~deb12u1", jstr_at(v, "properties.1.value"));
	/* Scores are written as CVSS writes them. */
	assert_non_null(strstr(text, "\"score\": 9.8,"));
	assert_non_null(strstr(text, "\"score\": 0.0,"));

	/* Rated by the distribution; aliases at NVD and OSV; a hostile link made an IRI. */
	v = json_array_get(vulns, 2);
	a = json_array_get(json_object_get(v, "ratings"), 0);
	assert_string_equal("Debian", jstr_at(a, "source.name"));
	assert_string_equal("medium", jstr_at(a, "severity"));
	assert_null(json_object_get(a, "score"));
	assert_null(json_object_get(a, "method"));
	assert_string_equal("OSV", jstr_at(v, "references.0.source.name"));
	assert_string_equal("CVE-2024-9999", jstr_at(v, "references.1.id"));
	assert_string_equal("NVD", jstr_at(v, "references.1.source.name"));
	assert_string_equal("https://nvd.nist.gov/vuln/detail/CVE-2024-9999",
	                    jstr_at(v, "references.1.source.url"));
	/* An id's ':' stays in a URL, its '/' does not. */
	assert_string_equal("https://osv.dev/vulnerability/ALSA-2024:0105%2Fx",
	                    jstr_at(v, "references.2.source.url"));
	assert_string_equal("https://osv.dev/vulnerability/BAD%20ID%22%3C%25zz%3E%41",
	                    jstr_at(v, "advisories.1.url"));
	assert_string_equal("exploitable", jstr_at(v, "analysis.state"));
	assert_null(json_object_get(json_object_get(v, "analysis"), "justification"));
	assert_string_equal("upgrade util-linux", jstr_at(v, "analysis.detail"));

	/* Unrated, no fix, a package listed twice: both its components are affected. */
	v = json_array_get(vulns, 1);
	assert_string_equal("unknown", jstr_at(v, "ratings.0.severity"));
	assert_null(json_object_get(v, "recommendation"));
	assert_null(json_object_get(v, "analysis"));
	assert_null(json_object_get(v, "references"));
	a = json_object_get(v, "affects");
	assert_int_equal(2, json_array_size(a));
	assert_string_equal(TZDATA, jstr_at(a, "0.ref"));
	assert_string_equal(TZDATA "#2", jstr_at(a, "1.ref"));

	/* CVSS v2 at 0.0, ignored; CVSS 4.0 fixed by VEX (another ecosystem: its source). */
	v = json_array_get(vulns, 0);
	assert_string_equal("none", jstr_at(v, "ratings.0.severity"));
	assert_string_equal("CVSSv2", jstr_at(v, "ratings.0.method"));
	assert_string_equal("OSV", jstr_at(v, "source.name"));
	assert_null(json_object_get(v, "recommendation"));
	assert_string_equal("not_affected", jstr_at(v, "analysis.state"));
	assert_string_equal(".vaktignore:3: not used", jstr_at(v, "analysis.detail"));
	v = json_array_get(vulns, 4);
	assert_string_equal("CVSSv4", jstr_at(v, "ratings.0.method"));
	assert_string_equal("high", jstr_at(v, "ratings.0.severity"));
	assert_string_equal("Rocky Linux", jstr_at(v, "source.name"));
	assert_string_equal("resolved", jstr_at(v, "analysis.state"));
	assert_null(json_object_get(json_object_get(v, "analysis"), "detail"));
	json_decref(bom);
	free(text);
	pkg_list_release(&l);
	pkg_os_release(&os);
}

/* The same entries in another order, the packages too: the same bytes. */
static void test_deterministic(void **state)
{
	struct pkg_list l = {0}, r = {0};
	struct pkg_os os;
	struct pkg_sbom_subject s = subject;
	struct pkg_sbom_vuln rev[VAKT_ARRAY_SIZE(sample_vulns)];
	char *a, *b;
	size_t n = VAKT_ARRAY_SIZE(sample_vulns);

	(void)state;
	sample(&l, &os);
	for (size_t i = l.n; i-- > 0;) {
		const struct pkg *p = &l.v[i];

		add(&r, p->name, p->version, p->arch, p->source, p->source_version);
	}
	pkg_list_set_purls(&r, &os);
	for (size_t i = 0; i < n; i++)
		rev[i] = sample_vulns[n - 1 - i];
	s.with_vulns = true;
	s.vulns = sample_vulns;
	s.n_vulns = n;
	a = sbom_test_write(pkg_sbom_cyclonedx, &s, &os, &l);
	s.vulns = rev;
	b = sbom_test_write(pkg_sbom_cyclonedx, &s, &os, &r);
	assert_string_equal(a, b);
	free(a);
	free(b);
	pkg_list_release(&l);
	pkg_list_release(&r);
	pkg_os_release(&os);
}

/* Checked and nothing found: an empty array. Not checked: no member at all. */
static void test_empty(void **state)
{
	struct pkg_list l = {0};
	struct pkg_os os;
	struct pkg_sbom_subject s = subject;
	char *text;
	json_t *bom;

	(void)state;
	sample(&l, &os);
	text = sbom_test_write(pkg_sbom_cyclonedx, &s, &os, &l);
	bom = sbom_test_parse(text);
	assert_null(json_object_get(bom, "vulnerabilities"));
	json_decref(bom);
	free(text);
	s.with_vulns = true;
	text = sbom_test_write(pkg_sbom_cyclonedx, &s, &os, &l);
	bom = sbom_test_parse(text);
	assert_true(json_is_array(json_object_get(bom, "vulnerabilities")));
	assert_int_equal(0, json_array_size(json_object_get(bom, "vulnerabilities")));
	assert_non_null(strstr(text, "\"vulnerabilities\": []\n}\n"));
	json_decref(bom);
	free(text);
	/* Without packages at all, every entry is left out. */
	s.vulns = sample_vulns;
	s.n_vulns = VAKT_ARRAY_SIZE(sample_vulns);
	text = sbom_test_write(pkg_sbom_cyclonedx, &s, NULL, NULL);
	bom = sbom_test_parse(text);
	assert_int_equal(0, json_array_size(json_object_get(bom, "vulnerabilities")));
	json_decref(bom);
	free(text);
	pkg_list_release(&l);
	pkg_os_release(&os);
}

static int write_samples(const char *dir)
{
	struct pkg_list l = {0};
	struct pkg_os os;
	struct pkg_sbom_subject s = subject;
	char *path = vakt_xasprintf("%s/vulns.cdx.json", dir);
	FILE *f = fopen(path, "w");
	struct vakt_error *err = NULL;
	int rc = 1;

	if (!f) {
		fprintf(stderr, "cannot write '%s'\n", path);
		goto out;
	}
	sample(&l, &os);
	s.with_vulns = true;
	s.vulns = sample_vulns;
	s.n_vulns = VAKT_ARRAY_SIZE(sample_vulns);
	rc = pkg_sbom_cyclonedx(f, &s, &os, &l, &err) ? 1 : 0;
	if (fclose(f) || rc) {
		fprintf(stderr, "cannot write '%s'%s%s\n", path, err ? ": " : "",
		        err ? err->msg : "");
		rc = 1;
	}
	vakt_error_free(err);
	pkg_list_release(&l);
	pkg_os_release(&os);
out:
	free(path);
	return rc;
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_severity),      cmocka_unit_test(test_method),
	    cmocka_unit_test(test_analysis),      cmocka_unit_test(test_entries),
	    cmocka_unit_test(test_deterministic), cmocka_unit_test(test_empty),
	};

	if (argc == 3 && !strcmp(argv[1], "--write-samples"))
		return write_samples(argv[2]);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
