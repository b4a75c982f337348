/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for src/vuln/vuln-match.c: the OSV evaluation of an installed
 * version against an affected[] entry, in the dpkg, apk and rpm orders;
 * SemVer precedence; the ordering of an ecosystem; withdrawn records.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/util.h"
#include "vuln/vuln-match.h"

/*
 * An affected entry written compactly: ranges split by ';', each a type
 * letter (E ECOSYSTEM, S SEMVER, G GIT), ':' and events "kind=version"
 * split by ','; versions[] split by ' '. The test owns what it builds.
 */
static void entry_build(struct vuln_affected *a, const char *ranges, const char *versions)
{
	char *spec = vakt_xstrdup(ranges ? ranges : ""), *save = NULL;

	memset(a, 0, sizeof(*a));
	for (char *r = strtok_r(spec, ";", &save); r; r = strtok_r(NULL, ";", &save)) {
		struct vuln_range *rg;
		char *save2 = NULL;

		a->ranges = vakt_xrealloc(a->ranges, (a->n_ranges + 1) * sizeof(*a->ranges));
		rg = &a->ranges[a->n_ranges++];
		memset(rg, 0, sizeof(*rg));
		rg->type = r[0] == 'S'   ? VULN_RANGE_SEMVER
		           : r[0] == 'G' ? VULN_RANGE_GIT
		                         : VULN_RANGE_ECOSYSTEM;
		for (char *e = strtok_r(r + 2, ",", &save2); e; e = strtok_r(NULL, ",", &save2)) {
			char *eq = strchr(e, '=');
			struct vuln_event *ev;

			assert_non_null(eq);
			*eq = '\0';
			rg->events =
			    vakt_xrealloc(rg->events, (rg->n_events + 1) * sizeof(*rg->events));
			ev = &rg->events[rg->n_events++];
			ev->kind = !strcmp(e, "introduced") ? VULN_EVENT_INTRODUCED
			           : !strcmp(e, "fixed")    ? VULN_EVENT_FIXED
			           : !strcmp(e, "limit")    ? VULN_EVENT_LIMIT
			                                    : VULN_EVENT_LAST_AFFECTED;
			ev->version = vakt_xstrdup(eq + 1);
		}
	}
	free(spec);
	spec = vakt_xstrdup(versions ? versions : "");
	for (char *v = strtok_r(spec, " ", &save); v; v = strtok_r(NULL, " ", &save)) {
		a->versions =
		    vakt_xrealloc(a->versions, (a->n_versions + 1) * sizeof(*a->versions));
		a->versions[a->n_versions++] = vakt_xstrdup(v);
	}
	free(spec);
}

static void entry_free(struct vuln_affected *a)
{
	for (size_t i = 0; i < a->n_ranges; i++) {
		for (size_t j = 0; j < a->ranges[i].n_events; j++)
			free(a->ranges[i].events[j].version);
		free(a->ranges[i].events);
	}
	free(a->ranges);
	for (size_t i = 0; i < a->n_versions; i++)
		free(a->versions[i]);
	free(a->versions);
}

struct mcase {
	enum pkg_version_scheme s;
	const char *ranges, *versions, *installed;
	bool affected;
	const char *fixed; /* NULL: none */
	const char *basis; /* NULL: not checked */
};

#define DEB PKG_VERSION_DEB
#define APK PKG_VERSION_APK
#define RPM PKG_VERSION_RPM

static const struct mcase cases[] = {
    /* Backports: a Debian security update, and the one after it. */
    {DEB, "E:introduced=0,fixed=2.38.1-5+deb12u1", NULL, "2.38.1-5", true, "2.38.1-5+deb12u1",
     "2.38.1-5 < 2.38.1-5+deb12u1"},
    {DEB, "E:introduced=0,fixed=2.38.1-5+deb12u1", NULL, "2.38.1-5+deb12u1", false, NULL,
     "2.38.1-5+deb12u1 >= 2.38.1-5+deb12u1 (fixed)"},
    {DEB, "E:introduced=0,fixed=2.36-9+deb12u2", NULL, "2.36-9+deb12u1", true, "2.36-9+deb12u2",
     NULL},
    {DEB, "E:introduced=0,fixed=2.36-9+deb12u2", NULL, "2.36-9+deb12u3", false, NULL, NULL},
    {DEB, "E:introduced=0,fixed=2.36-9+deb12u2", NULL, "2.36-9+deb12u10", false, NULL, NULL},
    /* Epochs: a higher epoch wins whatever follows it. */
    {DEB, "E:introduced=0,fixed=1:2.0-1", NULL, "2.5-1", true, "1:2.0-1", NULL},
    {DEB, "E:introduced=0,fixed=1:2.0-1", NULL, "1:2.0-1", false, NULL, NULL},
    {DEB, "E:introduced=0,fixed=2.5-1", NULL, "1:1.0-1", false, NULL, NULL},
    /* Tildes sort before everything, even the end. */
    {DEB, "E:introduced=0,fixed=3.0.11-1~deb12u2", NULL, "3.0.11-1~deb12u1", true,
     "3.0.11-1~deb12u2", NULL},
    {DEB, "E:introduced=0,fixed=3.0.11-1~deb12u2", NULL, "3.0.11-1", false, NULL, NULL},
    {DEB, "E:introduced=0,fixed=1.0", NULL, "1.0~rc1", true, "1.0", NULL},
    /* last_affected: that version is affected, the next is not; there is no fix to name. */
    {DEB, "E:introduced=0,last_affected=1.4", NULL, "1.4", true, NULL,
     "1.4 <= 1.4 (last affected)"},
    {DEB, "E:introduced=0,last_affected=1.4", NULL, "1.4.1", false, NULL,
     "1.4.1 > 1.4 (last affected)"},
    {DEB, "E:introduced=1.1,last_affected=1.4", NULL, "1.2", true, NULL,
     "1.1 <= 1.2 <= 1.4 (last affected)"},
    /* introduced other than 0. */
    {DEB, "E:introduced=1.0,fixed=1.5", NULL, "0.9", false, NULL, "0.9 < 1.0 (introduced)"},
    {DEB, "E:introduced=1.0,fixed=1.5", NULL, "1.0", true, "1.5", "1.0 <= 1.0 < 1.5"},
    {DEB, "E:introduced=1.0,fixed=1.5", NULL, "1.2", true, "1.5", "1.0 <= 1.2 < 1.5"},
    /* Introduced only: the unfixed bulk of Debian's data. */
    {DEB, "E:introduced=0", NULL, "0.1", true, NULL, "all versions affected, no fixed version"},
    {DEB, "E:introduced=2.0", NULL, "2.1", true, NULL, "2.1 >= 2.0, no fixed version"},
    {DEB, "E:introduced=2.0", NULL, "1.9", false, NULL, NULL},
    /* "0" is before every version, even one that dpkg puts before "0". */
    {DEB, "E:introduced=0,fixed=1", NULL, "0~", true, "1", NULL},
    /* limit: the range admits only versions below it; "*" admits all. */
    {DEB, "E:introduced=0,limit=2.0", NULL, "1.5", true, NULL, NULL},
    {DEB, "E:introduced=0,limit=2.0", NULL, "2.5", false, NULL, "2.5 >= 2.0 (limit)"},
    {DEB, "E:introduced=0,limit=*", NULL, "99", true, NULL, NULL},
    {DEB, "E:introduced=0,fixed=3.0,limit=2.0,limit=4.0", NULL, "2.5", true, "3.0", NULL},
    {DEB, "E:introduced=0,fixed=3.0,limit=2.0", NULL, "2.5", false, NULL, NULL},
    /* Events in any order are sorted as the schema says. */
    {DEB, "E:fixed=1.5,introduced=2.0,fixed=2.5,introduced=0", NULL, "1.2", true, "1.5", NULL},
    {DEB, "E:fixed=1.5,introduced=2.0,fixed=2.5,introduced=0", NULL, "1.7", false, NULL,
     "1.7 >= 1.5 (fixed)"},
    {DEB, "E:fixed=1.5,introduced=2.0,fixed=2.5,introduced=0", NULL, "2.1", true, "2.5",
     "2.0 <= 2.1 < 2.5"},
    {DEB, "E:fixed=1.5,introduced=2.0,fixed=2.5,introduced=0", NULL, "3", false, NULL, NULL},
    {DEB, "E:last_affected=1.5,introduced=0,fixed=3.0,introduced=2.0", NULL, "1.2", true, NULL,
     NULL},
    {DEB, "E:last_affected=1.5,introduced=0,fixed=3.0,introduced=2.0", NULL, "2.2", true, "3.0",
     NULL},
    /* Equal versions: introduced first, so X..fixed X is empty and X..last_affected X is X. */
    {DEB, "E:fixed=1.0,introduced=1.0", NULL, "1.0", false, NULL, NULL},
    {DEB, "E:last_affected=1.0,introduced=1.0", NULL, "1.0", true, NULL, NULL},
    /* Fixes the ordering holds equal: the same one is named whatever the order. */
    {DEB, "E:introduced=0,fixed=1.00,fixed=1.0", NULL, "0.5", true, "1.0", "0.5 < 1.0"},
    {DEB, "E:fixed=1.0,introduced=0,fixed=1.00", NULL, "0.5", true, "1.0", "0.5 < 1.0"},
    /* fixed and last_affected at one version (the schema forbids it): the fix, in any order. */
    {DEB, "E:introduced=0,last_affected=2,fixed=2", NULL, "1", true, "2", NULL},
    {DEB, "E:introduced=0,fixed=2,last_affected=2", NULL, "1", true, "2", NULL},
    {DEB, "E:introduced=0,fixed=2,last_affected=2", NULL, "2", false, NULL, NULL},
    /* A range without introduced affects nothing. */
    {DEB, "E:fixed=1.0", NULL, "0.5", false, NULL, NULL},
    /* Several ranges: any of them; the fix is the greatest, none if one has none. */
    {DEB, "E:introduced=0,fixed=1.5;E:introduced=1.2,fixed=2.0", NULL, "1.3", true, "2.0",
     "1.2 <= 1.3 < 2.0"},
    {DEB, "E:introduced=0,fixed=1.5;E:introduced=1.2,fixed=2.0", NULL, "1.1", true, "1.5", NULL},
    {DEB, "E:introduced=0,fixed=1.5;E:introduced=1.2", NULL, "1.3", true, NULL, NULL},
    {DEB, "E:introduced=0,fixed=1.5;E:introduced=3.0,fixed=3.2", NULL, "2.0", false, NULL, NULL},
    {DEB, "E:introduced=0,fixed=1.5;E:introduced=3.0,fixed=3.2", NULL, "3.1", true, "3.2", NULL},
    /* versions[]: listed is affected (by the scheme's equality), with no fix. */
    {DEB, NULL, "1.0-1 1.1-1", "1.1-1", true, NULL, "1.1-1 is listed in versions[]"},
    {DEB, NULL, "1.0-1 1.1-1", "0:1.1-1", true, NULL, NULL},
    {DEB, NULL, "1.0-1 1.1-1", "1.2-1", false, NULL, "1.2-1 is in no range and not in versions[]"},
    {DEB, "E:introduced=0,fixed=1.0", "2.0", "2.0", true, NULL, NULL},
    {DEB, "E:introduced=0,fixed=3.0", "2.0", "2.0", true, "3.0", "2.0 < 3.0"},
    /* GIT ranges never match installed packages; SEMVER ones by SemVer. */
    {DEB, "G:introduced=0,fixed=0123abcd", NULL, "1.0", false, NULL, NULL},
    {DEB, "G:introduced=0", "1.0", "1.0", true, NULL, NULL},
    {DEB, "S:introduced=1.0.0,fixed=1.2.0-rc.1", NULL, "1.2.0-beta.2", true, "1.2.0-rc.1", NULL},
    {DEB, "S:introduced=1.0.0,fixed=1.2.0-rc.1", NULL, "1.2.0", false, NULL, NULL},
    {DEB, "S:introduced=0,fixed=1.10.0", NULL, "1.9.0", true, "1.10.0", NULL},
    /* apk-tools v3: a pre-release is older than the release, -rN revisions by value. */
    {APK, "E:introduced=0,fixed=6.0", NULL, "6.0_pre1", true, "6.0", NULL},
    {APK, "E:introduced=0,fixed=1.36.1-r2", NULL, "1.36.1-r1", true, "1.36.1-r2", NULL},
    {APK, "E:introduced=0,fixed=1.36.1-r2", NULL, "1.36.1-r10", false, NULL, NULL},
    {APK, "E:introduced=0,fixed=3.1.4-r1", NULL, "3.1.4_p1-r0", false, NULL, NULL},
    /* rpm: epochs, releases, the caret and the tilde. */
    {RPM, "E:introduced=0,fixed=1:3.0.7-24.el9", NULL, "1:3.0.7-16.el9", true, "1:3.0.7-24.el9",
     NULL},
    {RPM, "E:introduced=0,fixed=1:3.0.7-24.el9", NULL, "3.0.7-30.el9", true, "1:3.0.7-24.el9",
     "3.0.7-30.el9 < 1:3.0.7-24.el9"},
    {RPM, "E:introduced=0,fixed=1:3.0.7-24.el9", NULL, "1:3.0.7-24.el9_3", false, NULL, NULL},
    {RPM, "E:introduced=0,fixed=1.0^git1-1", NULL, "1.0-1", true, "1.0^git1-1", NULL},
    {RPM, "E:introduced=0,fixed=1.0-1", NULL, "1.0~rc1-1", true, "1.0-1", NULL},
};

static void test_cases(void **state)
{
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(cases); i++) {
		const struct mcase *c = &cases[i];
		struct vuln_affected a;
		struct vuln_verdict v;

		entry_build(&a, c->ranges, c->versions);
		assert_int_equal(0, vuln_match_affected(c->s, &a, c->installed, &v));
		if (v.affected != c->affected)
			fail_msg("case %zu (%s | %s, %s): expected %s (basis '%s')", i,
			         c->ranges ? c->ranges : "-", c->versions ? c->versions : "-",
			         c->installed, c->affected ? "affected" : "not affected", v.basis);
		if (c->affected && c->fixed && (!v.fixed || strcmp(c->fixed, v.fixed)))
			fail_msg("case %zu: expected fix '%s', got '%s'", i, c->fixed,
			         v.fixed ? v.fixed : "(none)");
		if (!c->fixed && v.fixed)
			fail_msg("case %zu: expected no fix, got '%s'", i, v.fixed);
		if (c->basis && strcmp(c->basis, v.basis))
			fail_msg("case %zu: expected basis '%s', got '%s'", i, c->basis, v.basis);
		assert_true(strlen(v.basis) > 0);
		entry_free(&a);
	}
}

/* The basis is cut, not overrun, for versions as long as a package database allows. */
static void test_long_versions(void **state)
{
	char *big = vakt_xmalloc(4097), *spec;
	struct vuln_affected a;
	struct vuln_verdict v;

	memset(big, '1', 4096);
	big[4096] = '\0';
	spec = vakt_xasprintf("E:introduced=0,fixed=%s", big);
	entry_build(&a, spec, NULL);
	assert_int_equal(0, vuln_match_affected(DEB, &a, "2", &v));
	assert_true(v.affected);
	assert_ptr_equal(a.ranges[0].events[1].version, v.fixed);
	assert_int_equal(sizeof(v.basis) - 1, strlen(v.basis));
	entry_free(&a);
	free(spec);
	free(big);
}

static void test_null_and_empty(void **state)
{
	struct vuln_affected a = {0};
	struct vuln_event ev[2] = {{VULN_EVENT_INTRODUCED, NULL}, {VULN_EVENT_FIXED, (char *)"2"}};
	struct vuln_range r = {VULN_RANGE_ECOSYSTEM, ev, 2};
	struct vuln_verdict v;

	assert_int_equal(-EINVAL, vuln_match_affected(DEB, NULL, "1", &v));
	assert_int_equal(-EINVAL, vuln_match_affected(DEB, &a, NULL, &v));
	assert_int_equal(-EINVAL, vuln_match_affected(DEB, &a, "1", NULL));
	/* An entry with nothing in it affects nothing. */
	assert_int_equal(0, vuln_match_affected(DEB, &a, "1", &v));
	assert_false(v.affected);
	/* An event without a version is passed over, not followed. */
	a.ranges = &r;
	a.n_ranges = 1;
	assert_int_equal(0, vuln_match_affected(DEB, &a, "1", &v));
	assert_false(v.affected);
}

/* SemVer 2.0's precedence examples, in order, and numbers by value. */
static void test_semver(void **state)
{
	static const char *const order[] = {
	    "1.0.0-alpha",
	    "1.0.0-alpha.1",
	    "1.0.0-alpha.beta",
	    "1.0.0-beta",
	    "1.0.0-beta.2",
	    "1.0.0-beta.11",
	    "1.0.0-rc.1",
	    "1.0.0",
	    "1.0.1",
	    "1.9.0",
	    "1.10.0",
	    "1.11.0",
	    "2.0.0",
	    "2.1.0",
	    "2.1.1",
	    "10.0.0",
	    "99999999999999999999.0.0",
	};

	for (size_t i = 0; i < VAKT_ARRAY_SIZE(order); i++)
		for (size_t j = 0; j < VAKT_ARRAY_SIZE(order); j++) {
			int want = i < j ? -1 : i > j;

			if (vuln_semver_cmp(order[i], order[j]) != want)
				fail_msg("semver %s vs %s: expected %d", order[i], order[j], want);
		}
	assert_int_equal(0, vuln_semver_cmp("1.0.0+build.1", "1.0.0+build.2"));
	assert_int_equal(0, vuln_semver_cmp("v1.2.3", "1.2.3"));
	assert_int_equal(0, vuln_semver_cmp("1.2", "1.2.0"));
	assert_int_equal(0, vuln_semver_cmp("01.2.3", "1.2.3"));
	assert_int_equal(-1, vuln_semver_cmp("1.0.0rc1", "1.0.0"));
	assert_int_equal(-1, vuln_semver_cmp("", "0.0.1"));
	/* An empty identifier is not numeric: it sorts after the numbers, before the words. */
	assert_int_equal(-1, vuln_semver_cmp("1.0.0-alpha.1", "1.0.0-alpha."));
	assert_int_equal(1, vuln_semver_cmp("1.0.0-alpha.", "1.0.0-alpha.1"));
	assert_int_equal(-1, vuln_semver_cmp("1.0.0-alpha.", "1.0.0-alpha.a"));
}

static void test_scheme(void **state)
{
	static const struct {
		const char *eco;
		int scheme; /* -1: none */
	} v[] = {
	    {"Debian", DEB},
	    {"Debian:12", DEB},
	    {"Ubuntu:22.04:LTS", DEB},
	    {"Ubuntu:Pro:18.04:LTS", DEB},
	    {"Alpine:v3.19", APK},
	    {"Wolfi", APK},
	    {"Chainguard", APK},
	    {"AlmaLinux:9", RPM},
	    {"Rocky Linux:9", RPM},
	    {"Red Hat:enterprise_linux:9::baseos", RPM},
	    {"SUSE:Linux Enterprise Server 15 SP5", RPM},
	    {"openSUSE:Leap 15.5", RPM},
	    {"Photon OS:5.0", RPM},
	    {"Amazon Linux:2023", RPM},
	    {"npm", PKG_VERSION_SEMVER},
	    {"crates.io", PKG_VERSION_SEMVER},
	    {"Go", PKG_VERSION_GO},
	    {"PyPI", PKG_VERSION_PEP440},
	    {"Maven", PKG_VERSION_MAVEN},
	    {"RubyGems", PKG_VERSION_GEM},
	    {"Packagist", PKG_VERSION_COMPOSER},
	    {"Hex", -1},
	    {"pypi", -1},
	    {"Debianx:12", -1},
	    {"debian:12", -1},
	    {"", -1},
	};
	enum pkg_version_scheme s;

	for (size_t i = 0; i < VAKT_ARRAY_SIZE(v); i++) {
		s = (enum pkg_version_scheme)99;
		if (v[i].scheme < 0) {
			assert_int_equal(-ENOENT, vuln_ecosystem_scheme(v[i].eco, &s));
			assert_int_equal(99, s);
		} else {
			assert_int_equal(0, vuln_ecosystem_scheme(v[i].eco, &s));
			if ((int)s != v[i].scheme)
				fail_msg("%s: expected scheme %d, got %d", v[i].eco, v[i].scheme,
				         s);
		}
	}
	assert_int_equal(-ENOENT, vuln_ecosystem_scheme(NULL, &s));
}

static void test_withdrawn(void **state)
{
	struct vuln_record r = {.id = (char *)"DSA-1-1"};

	assert_false(vuln_record_withdrawn(NULL));
	assert_false(vuln_record_withdrawn(&r));
	r.withdrawn = (char *)"2024-05-01T00:00:00Z";
	assert_true(vuln_record_withdrawn(&r));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_cases),          cmocka_unit_test(test_long_versions),
	    cmocka_unit_test(test_null_and_empty), cmocka_unit_test(test_semver),
	    cmocka_unit_test(test_scheme),         cmocka_unit_test(test_withdrawn),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
