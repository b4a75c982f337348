/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for src/vuln/vuln-merge.c: the records that match one package
 * folded into one finding per vulnerability (Debian's DSA and DEBIAN-CVE,
 * bundles of several CVEs, AlmaLinux's related ids, aliases without CVEs),
 * with the best fix, the severities and the summary.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/util.h"
#include "vuln/vuln-merge.h"

/* Records built from space-separated id lists; the test owns them. */
struct rec {
	struct vuln_record r;
	struct vuln_affected a;
};

static char **split(const char *s, size_t *n)
{
	char **v = NULL, *copy, *save = NULL;

	*n = 0;
	if (!s)
		return NULL;
	copy = vakt_xstrdup(s);
	for (char *w = strtok_r(copy, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
		v = vakt_xrealloc(v, (*n + 1) * sizeof(*v));
		v[(*n)++] = vakt_xstrdup(w);
	}
	free(copy);
	return v;
}

static void rec_init(struct rec *x, const char *id, const char *aliases, const char *upstream,
                     const char *related)
{
	memset(x, 0, sizeof(*x));
	x->r.id = id ? vakt_xstrdup(id) : NULL;
	x->r.aliases = split(aliases, &x->r.n_aliases);
	x->r.upstream = split(upstream, &x->r.n_upstream);
	x->r.related = split(related, &x->r.n_related);
	x->r.affected = &x->a;
	x->r.n_affected = 1;
}

static void strs_free(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static void rec_free(struct rec *x)
{
	free(x->r.id);
	strs_free(x->r.aliases, x->r.n_aliases);
	strs_free(x->r.upstream, x->r.n_upstream);
	strs_free(x->r.related, x->r.n_related);
}

static struct vuln_match match_of(const struct rec *x, const char *fixed)
{
	struct vuln_match m = {&x->r, &x->a, {.affected = true, .fixed = fixed}};

	snprintf(m.verdict.basis, sizeof(m.verdict.basis), "test");
	return m;
}

/* The group's ids joined by spaces, to compare in one assertion. */
static char *ids_of(const struct vuln_group *g)
{
	struct vakt_buf b = VAKT_BUF_INIT;

	for (size_t i = 0; i < g->n_ids; i++) {
		if (i)
			vakt_buf_addc(&b, ' ');
		vakt_buf_adds(&b, g->ids[i]);
	}
	return vakt_buf_detach(&b);
}

static void expect_group(const struct vuln_group *g, const char *ids, const size_t *members,
                         size_t n_members)
{
	char *got = ids_of(g);

	if (strcmp(ids, got))
		fail_msg("expected ids '%s', got '%s'", ids, got);
	free(got);
	assert_ptr_equal(g->primary, g->ids[0]);
	assert_int_equal(n_members, g->n_members);
	for (size_t i = 0; i < n_members; i++)
		assert_int_equal(members[i], g->members[i]);
}

/*
 * Debian: a DSA fixing two CVEs (a bundle), the tracker's DEBIAN-CVE
 * records (the CVE in upstream), and a DLA for one of them. One finding per
 * CVE; the DSA is in both.
 */
static void test_debian(void **state)
{
	struct rec x[4];
	struct vuln_match m[4];
	struct vuln_group_list out = {0};

	rec_init(&x[0], "DSA-5678-1", "CVE-2024-0002 CVE-2024-0001", NULL, NULL);
	rec_init(&x[1], "DEBIAN-CVE-2024-0001", NULL, "CVE-2024-0001", NULL);
	rec_init(&x[2], "DEBIAN-CVE-2024-0002", NULL, "CVE-2024-0002", NULL);
	rec_init(&x[3], "DLA-100-1", "CVE-2024-0001", NULL, NULL);
	for (int i = 0; i < 4; i++)
		m[i] = match_of(&x[i], "2.38.1-5+deb12u1");
	vuln_merge(PKG_VERSION_DEB, m, 4, &out);
	assert_int_equal(2, out.n);
	expect_group(&out.v[0], "CVE-2024-0001 DEBIAN-CVE-2024-0001 DLA-100-1 DSA-5678-1",
	             (size_t[]){0, 1, 3}, 3);
	expect_group(&out.v[1], "CVE-2024-0002 DEBIAN-CVE-2024-0002 DSA-5678-1", (size_t[]){0, 2},
	             2);
	assert_string_equal("2.38.1-5+deb12u1", out.v[0].fixed);
	vuln_group_list_release(&out);
	/* Only the DSA was imported: still one finding per CVE. */
	vuln_merge(PKG_VERSION_DEB, m, 1, &out);
	assert_int_equal(2, out.n);
	expect_group(&out.v[0], "CVE-2024-0001 DSA-5678-1", (size_t[]){0}, 1);
	expect_group(&out.v[1], "CVE-2024-0002 DSA-5678-1", (size_t[]){0}, 1);
	vuln_group_list_release(&out);
	for (int i = 0; i < 4; i++)
		rec_free(&x[i]);
}

/* Without CVEs, the records' own ids and aliases join them, transitively. */
static void test_aliases_without_cve(void **state)
{
	struct rec x[4];
	struct vuln_match m[4];
	struct vuln_group_list out = {0};

	rec_init(&x[0], "PYSEC-2024-1", "GHSA-aaaa-bbbb-cccc", NULL, NULL);
	rec_init(&x[1], "GHSA-aaaa-bbbb-cccc", "OSV-2024-9", NULL, NULL);
	rec_init(&x[2], "OSV-2024-9", NULL, NULL, NULL);
	rec_init(&x[3], "GHSA-zzzz-zzzz-zzzz", NULL, NULL, NULL);
	for (int i = 0; i < 4; i++)
		m[i] = match_of(&x[i], NULL);
	vuln_merge(PKG_VERSION_DEB, m, 4, &out);
	assert_int_equal(2, out.n);
	expect_group(&out.v[0], "GHSA-aaaa-bbbb-cccc OSV-2024-9 PYSEC-2024-1", (size_t[]){0, 1, 2},
	             3);
	expect_group(&out.v[1], "GHSA-zzzz-zzzz-zzzz", (size_t[]){3}, 1);
	assert_null(out.v[0].fixed);
	vuln_group_list_release(&out);
	for (int i = 0; i < 4; i++)
		rec_free(&x[i]);
}

/*
 * A record about one CVE is that CVE under all its names: a GHSA aliasing
 * the CVE and a record naming only the GHSA are one finding.
 */
static void test_names_of_one(void **state)
{
	struct rec x[3];
	struct vuln_match m[3];
	struct vuln_group_list out = {0};

	rec_init(&x[0], "GHSA-aaaa-bbbb-cccc", "CVE-2024-0005", NULL, NULL);
	rec_init(&x[1], "OSV-2024-1", "GHSA-aaaa-bbbb-cccc", NULL, NULL);
	rec_init(&x[2], "CVE-2024-0005", NULL, NULL, NULL);
	for (int i = 0; i < 3; i++)
		m[i] = match_of(&x[i], NULL);
	vuln_merge(PKG_VERSION_DEB, m, 3, &out);
	assert_int_equal(1, out.n);
	expect_group(&out.v[0], "CVE-2024-0005 GHSA-aaaa-bbbb-cccc OSV-2024-1", (size_t[]){0, 1, 2},
	             3);
	vuln_group_list_release(&out);
	for (int i = 0; i < 3; i++)
		rec_free(&x[i]);
}

/*
 * AlmaLinux names the CVEs in related[]: used when the record names no CVE
 * otherwise, and never to join a record to a merely related CVE.
 */
static void test_related(void **state)
{
	struct rec x[4];
	struct vuln_match m[4];
	struct vuln_group_list out = {0};

	rec_init(&x[0], "ALSA-2024:1111", NULL, NULL, "CVE-2024-0005");
	rec_init(&x[1], "ALSA-2024:2222", NULL, NULL, "CVE-2024-0006 CVE-2024-0007");
	rec_init(&x[2], "DEBIAN-CVE-2024-0008", NULL, "CVE-2024-0008", "CVE-2024-0009");
	rec_init(&x[3], "CVE-2024-0005", NULL, NULL, NULL);
	for (int i = 0; i < 4; i++)
		m[i] = match_of(&x[i], "1.0-1.el9");
	vuln_merge(PKG_VERSION_RPM, m, 4, &out);
	assert_int_equal(4, out.n);
	expect_group(&out.v[0], "CVE-2024-0005 ALSA-2024:1111", (size_t[]){0, 3}, 2);
	expect_group(&out.v[1], "CVE-2024-0006 ALSA-2024:2222", (size_t[]){1}, 1);
	expect_group(&out.v[2], "CVE-2024-0007 ALSA-2024:2222", (size_t[]){1}, 1);
	expect_group(&out.v[3], "CVE-2024-0008 DEBIAN-CVE-2024-0008", (size_t[]){2}, 1);
	vuln_group_list_release(&out);
	for (int i = 0; i < 4; i++)
		rec_free(&x[i]);
}

/* Matches that are not affected, withdrawn records and records without an id take no part. */
static void test_skipped(void **state)
{
	struct rec x[4];
	struct vuln_match m[4];
	struct vuln_group_list out = {0};

	rec_init(&x[0], "DEBIAN-CVE-2024-0001", NULL, "CVE-2024-0001", NULL);
	rec_init(&x[1], "DEBIAN-CVE-2024-0002", NULL, "CVE-2024-0002", NULL);
	rec_init(&x[2], "DEBIAN-CVE-2024-0003", NULL, "CVE-2024-0003", NULL);
	rec_init(&x[3], NULL, "CVE-2024-0004", NULL, NULL);
	x[1].r.withdrawn = (char *)"2024-06-01T00:00:00Z";
	for (int i = 0; i < 4; i++)
		m[i] = match_of(&x[i], NULL);
	m[2].verdict.affected = false;
	vuln_merge(PKG_VERSION_DEB, m, 4, &out);
	assert_int_equal(1, out.n);
	expect_group(&out.v[0], "CVE-2024-0001 DEBIAN-CVE-2024-0001", (size_t[]){0}, 1);
	vuln_group_list_release(&out);
	vuln_merge(PKG_VERSION_DEB, m, 0, &out);
	assert_int_equal(0, out.n);
	x[1].r.withdrawn = NULL;
	for (int i = 0; i < 4; i++)
		rec_free(&x[i]);
}

/* The same CVE as id and in upstream is one vulnerability, not a bundle. */
static void test_same_cve_twice(void **state)
{
	struct rec x;
	struct vuln_match m;
	struct vuln_group_list out = {0};

	rec_init(&x, "CVE-2024-0001", "CVE-2024-0001", "CVE-2024-0001", NULL);
	m = match_of(&x, NULL);
	vuln_merge(PKG_VERSION_APK, &m, 1, &out);
	assert_int_equal(1, out.n);
	expect_group(&out.v[0], "CVE-2024-0001", (size_t[]){0}, 1);
	vuln_group_list_release(&out);
	rec_free(&x);
}

/* The fix that clears every member; partial and will-not-fix states. */
static void test_fix(void **state)
{
	struct rec x[3];
	struct vuln_match m[3];
	struct vuln_group_list out = {0};

	rec_init(&x[0], "DSA-1-1", "CVE-2024-0001", NULL, NULL);
	rec_init(&x[1], "DEBIAN-CVE-2024-0001", NULL, "CVE-2024-0001", NULL);
	rec_init(&x[2], "DLA-2-1", "CVE-2024-0001", NULL, NULL);
	m[0] = match_of(&x[0], "2.36-9+deb12u2");
	m[1] = match_of(&x[1], "2.36-9+deb12u10");
	m[2] = match_of(&x[2], "2.36-9+deb12u9");
	vuln_merge(PKG_VERSION_DEB, m, 3, &out);
	assert_int_equal(1, out.n);
	/* By dpkg's order, u10 is after u9 (a string comparison would say otherwise). */
	assert_string_equal("2.36-9+deb12u10", out.v[0].fixed);
	assert_int_equal(1, out.v[0].fixed_by);
	assert_false(out.v[0].partly_fixed);
	assert_false(out.v[0].wont_fix);
	vuln_group_list_release(&out);

	m[1].verdict.fixed = NULL;
	vuln_merge(PKG_VERSION_DEB, m, 3, &out);
	assert_string_equal("2.36-9+deb12u9", out.v[0].fixed);
	assert_int_equal(2, out.v[0].fixed_by);
	assert_true(out.v[0].partly_fixed);
	vuln_group_list_release(&out);

	for (int i = 0; i < 3; i++)
		m[i].verdict.fixed = NULL;
	vuln_merge(PKG_VERSION_DEB, m, 3, &out);
	assert_null(out.v[0].fixed);
	assert_false(out.v[0].partly_fixed);
	assert_false(out.v[0].wont_fix);
	vuln_group_list_release(&out);
	x[2].a.fix_state = VULN_FIX_WONT_FIX;
	vuln_merge(PKG_VERSION_DEB, m, 3, &out);
	assert_true(out.v[0].wont_fix);
	vuln_group_list_release(&out);
	for (int i = 0; i < 3; i++)
		rec_free(&x[i]);
}

/* Severities: every distinct one, in member order; urgencies too; the primary's summary. */
static void test_severity_and_summary(void **state)
{
	static const char *const v31 = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H";
	struct vuln_severity s0[] = {{VULN_SEV_CVSS_V3, (char *)v31},
	                             {VULN_SEV_UBUNTU, (char *)"medium"}};
	struct vuln_severity s1[] = {{VULN_SEV_CVSS_V3, (char *)v31}};
	struct vuln_severity s2[] = {{VULN_SEV_CVSS_V4, (char *)"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/"
	                                                        "VC:H/VI:H/VA:H/SC:N/SI:N/SA:N"}};
	struct rec x[3];
	struct vuln_match m[3];
	struct vuln_group_list out = {0};

	rec_init(&x[0], "USN-6000-1", "CVE-2024-0001", NULL, NULL);
	rec_init(&x[1], "UBUNTU-CVE-2024-0001", NULL, "CVE-2024-0001", NULL);
	rec_init(&x[2], "CVE-2024-0001", NULL, NULL, NULL);
	x[0].r.severity = s0;
	x[0].r.n_severity = 2;
	x[1].r.severity = s1;
	x[1].r.n_severity = 1;
	x[1].a.severity = s2;
	x[1].a.n_severity = 1;
	x[0].a.urgency = (char *)"medium";
	x[1].a.urgency = (char *)"high";
	x[2].a.urgency = (char *)"medium";
	x[0].r.summary = (char *)"the notice's summary";
	x[2].r.summary = (char *)"the CVE's own summary";
	for (int i = 0; i < 3; i++)
		m[i] = match_of(&x[i], NULL);
	vuln_merge(PKG_VERSION_DEB, m, 3, &out);
	assert_int_equal(1, out.n);
	assert_int_equal(3, out.v[0].n_severity);
	assert_ptr_equal(&s0[0], out.v[0].severity[0].severity);
	assert_ptr_equal(&x[0].r, out.v[0].severity[0].from);
	assert_ptr_equal(&s0[1], out.v[0].severity[1].severity);
	assert_ptr_equal(&s2[0], out.v[0].severity[2].severity);
	assert_int_equal(2, out.v[0].n_urgency);
	assert_string_equal("medium", out.v[0].urgency[0]);
	assert_string_equal("high", out.v[0].urgency[1]);
	assert_string_equal("the CVE's own summary", out.v[0].summary);
	vuln_group_list_release(&out);
	x[2].r.summary = NULL;
	vuln_merge(PKG_VERSION_DEB, m, 3, &out);
	assert_string_equal("the notice's summary", out.v[0].summary);
	vuln_group_list_release(&out);
	for (int i = 0; i < 3; i++)
		rec_free(&x[i]);
}

/*
 * Debian's kernel: thousands of records for one source package, each
 * about its own CVE, and an advisory fixing a hundred of them. One group
 * per CVE, each with its record and the advisory.
 */
static void test_many(void **state)
{
	enum { N = 5000 };
	struct rec *x = vakt_xcalloc(N + 1, sizeof(*x));
	struct vuln_match *m = vakt_xcalloc(N + 1, sizeof(*m));
	struct vuln_group_list out = {0};
	struct vakt_buf bundle = VAKT_BUF_INIT;

	for (int i = 0; i < N; i++) {
		char id[64], cve[32];

		snprintf(cve, sizeof(cve), "CVE-2024-%05d", N - i);
		snprintf(id, sizeof(id), "DEBIAN-%s", cve);
		rec_init(&x[i], id, NULL, cve, NULL);
		m[i] = match_of(&x[i], NULL);
		if (i < 100)
			vakt_buf_addf(&bundle, "%s%s", i ? " " : "", cve);
	}
	rec_init(&x[N], "DSA-9999-1", vakt_buf_str(&bundle), NULL, NULL);
	m[N] = match_of(&x[N], "6.1.90-1");
	vuln_merge(PKG_VERSION_DEB, m, N + 1, &out);
	assert_int_equal(N, out.n);
	for (size_t i = 0; i < out.n; i++) {
		char want[32];

		snprintf(want, sizeof(want), "CVE-2024-%05zu", i + 1);
		assert_string_equal(want, out.v[i].primary);
		/* The groups of the hundred newest CVEs hold the advisory too. */
		assert_int_equal(i >= N - 100 ? 3 : 2, out.v[i].n_ids);
		assert_int_equal(i >= N - 100 ? 2 : 1, out.v[i].n_members);
	}
	vuln_group_list_release(&out);
	for (int i = 0; i <= N; i++)
		rec_free(&x[i]);
	vakt_buf_release(&bundle);
	free(x);
	free(m);
}

static void test_is_cve(void **state)
{
	assert_true(vuln_id_is_cve("CVE-2024-3094"));
	assert_false(vuln_id_is_cve("CVE-"));
	assert_false(vuln_id_is_cve("DEBIAN-CVE-2024-3094"));
	assert_false(vuln_id_is_cve("cve-2024-3094"));
	assert_false(vuln_id_is_cve(NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_debian),       cmocka_unit_test(test_aliases_without_cve),
	    cmocka_unit_test(test_names_of_one), cmocka_unit_test(test_related),
	    cmocka_unit_test(test_skipped),      cmocka_unit_test(test_same_cve_twice),
	    cmocka_unit_test(test_fix),          cmocka_unit_test(test_severity_and_summary),
	    cmocka_unit_test(test_many),         cmocka_unit_test(test_is_cve),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
