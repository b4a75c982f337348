/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for the application version orders (src/pkg/pkg-version-app.h):
 * each ecosystem's published examples as ordered chains, every pair checked
 * both ways; the checks; properties on random strings; long and odd inputs.
 *
 * A chain is a list of steps in ascending order; a step holds one or more
 * versions separated by " == ", all equal. Every version of a step sorts
 * before every version of each later step.
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
#include "pkg/pkg-version.h"

#define MAX_EQ 8

/* The versions of one step, copied into buf. */
static size_t step_split(const char *step, char buf[MAX_EQ][128], const char **out)
{
	size_t n = 0;
	const char *p = step;

	for (;;) {
		const char *e = strstr(p, " == ");
		size_t len = e ? (size_t)(e - p) : strlen(p);

		assert_true(n < MAX_EQ && len < 128);
		memcpy(buf[n], p, len);
		buf[n][len] = '\0';
		out[n] = buf[n];
		n++;
		if (!e)
			return n;
		p = e + 4;
	}
}

static char op_of(int cmp)
{
	return cmp < 0 ? '<' : cmp > 0 ? '>' : '=';
}

static int check_pair(enum pkg_version_scheme s, const char *a, const char *b, char want)
{
	int ab = pkg_version_cmp(s, a, b), ba = pkg_version_cmp(s, b, a);

	if (op_of(ab) == want && ba == -ab)
		return 0;
	printf("# %s: '%s' %c '%s' expected, got %c (reversed %c)\n", pkg_version_scheme_name(s), a,
	       want, b, op_of(ab), op_of(ba));
	return 1;
}

/* Every pair of a chain: equal within a step, ascending across steps. */
static void check_chain(enum pkg_version_scheme s, const char *const *chain, size_t n)
{
	int bad = 0;

	for (size_t i = 0; i < n; i++) {
		char bi[MAX_EQ][128], bj[MAX_EQ][128];
		const char *vi[MAX_EQ], *vj[MAX_EQ];
		size_t ni = step_split(chain[i], bi, vi);

		for (size_t x = 0; x < ni; x++)
			for (size_t y = 0; y < ni; y++)
				bad += check_pair(s, vi[x], vi[y], '=');
		for (size_t j = i + 1; j < n; j++) {
			size_t nj = step_split(chain[j], bj, vj);

			for (size_t x = 0; x < ni; x++)
				for (size_t y = 0; y < nj; y++)
					bad += check_pair(s, vi[x], vj[y], '<');
		}
	}
	assert_int_equal(bad, 0);
}

#define CHAIN(s, c) check_chain(s, c, VAKT_ARRAY_SIZE(c))

/* --- SemVer ---------------------------------------------------------------- */

/* SemVer 2.0.0 section 11's examples, then npm's tolerance. */
static const char *const semver_chain[] = {
    "0.0.0-0",
    "0.0.0",
    "0.9.0 == 0.9",
    "1.0.0-alpha == v1.0.0-alpha+001 == =1.0.0-alpha",
    "1.0.0-alpha.1",
    "1.0.0-alpha.beta",
    "1.0.0-beta",
    "1.0.0-beta.2",
    "1.0.0-beta.11",
    "1.0.0-rc.1",
    "1.0.0 == 1.0.0+20130313144700 == v1.0.0 == 1 == 1.0 == V1.0.0 == 1.0.0+exp.sha.5114f85",
    "1.0.1-0",
    "1.0.1-9",
    "1.0.1-10",
    "1.0.1-10a",
    "1.0.1-a",
    "1.0.1-a.b",
    "1.0.1",
    "2.0.0",
    "2.1.0",
    "2.1.1",
    "10.0.0",
    "99999999999999999999999999999999999999.0.0",
    "100000000000000000000000000000000000000.0.0",
    /* Not SemVer even so: after every version, bytewise. */
    "1.0.0-",
    "1.0.0-a..b",
    "1.0.0.0",
    "1.0.0_1",
    "a.b.c",
    "latest",
};

static void test_semver_chain(void **state)
{
	CHAIN(PKG_VERSION_SEMVER, semver_chain);
}

/* --- Go ---------------------------------------------------------------------- */

/* x/mod/semver's semver_test.go table in its order, then pseudo-versions. */
static const char *const go_chain[] = {
    /* Invalid: before every version (bytewise here, equal in Go). */
    "bad",
    "v01.2.3",
    "v1+meta",
    "v1-alpha.beta.gamma",
    "v1-pre",
    "v1-pre+meta",
    "v1.2-pre",
    "v1.2-pre+meta",
    "v0.0.0 == 0.0.0",
    "v1.0.0-alpha",
    "v1.0.0-alpha.1",
    "v1.0.0-alpha.beta",
    "v1.0.0-beta",
    "v1.0.0-beta.2",
    "v1.0.0-beta.11",
    "v1.0.0-rc.1",
    "v1 == v1.0 == v1.0.0 == 1.0.0",
    "v1.2 == v1.2.0",
    "v1.2.3-456",
    "v1.2.3-456.789",
    "v1.2.3-456-789",
    "v1.2.3-456a",
    "v1.2.3-pre == v1.2.3-pre+meta",
    "v1.2.3-pre.1",
    "v1.2.3-zzz",
    "v1.2.3 == v1.2.3+meta == v1.2.3+meta-pre == v1.2.3+meta-pre.sha.256a",
    /* Pseudo-versions: pre-releases of the next patch (or of v0.0.0). */
    "v1.2.4-0.20191109021931-daa7c04131f5",
    "v1.2.4-0.20200101000000-aaaaaaaaaaaa",
    "v1.2.4-pre.0.20200101000000-aaaaaaaaaaaa",
    "v1.2.4-pre.1",
    "v1.2.4",
    "v2.0.0+incompatible == v2.0.0",
    "v2.0.1-0.20191109021931-daa7c04131f5+incompatible",
};

static void test_go_chain(void **state)
{
	CHAIN(PKG_VERSION_GO, go_chain);
	/* v0.0.0 pseudo-versions sort before any tagged version. */
	assert_int_equal(pkg_version_go_cmp("v0.0.0-20191109021931-daa7c04131f5", "v0.0.1"), -1);
	assert_int_equal(pkg_version_go_cmp("v0.0.0-20191109021931-daa7c04131f5", "v0.0.0"), -1);
}

/* --- PEP 440 ----------------------------------------------------------------- */

/* packaging's tests/test_version.py VERSIONS list, in its order, with its spellings. */
static const char *const pep440_chain[] = {
    "1.0.dev456 == 1.0-dev456 == 1.0_dev456 == 1.0dev456 == 1.0.DEV456",
    "1.0a1 == 1.0-alpha-1 == 1.0.ALPHA.1 == 1.0a.1 == 1.0_a_1 == v1.0a1",
    "1.0a2.dev456",
    "1.0a12.dev456",
    "1.0a12",
    "1.0b1.dev456",
    "1.0b2 == 1.0beta2 == 1.0-b-2",
    "1.0b2.post345.dev456",
    "1.0b2.post345",
    "1.0b2-346 == 1.0b2.post346 == 1.0b2.rev346 == 1.0b2r346",
    "1.0c1.dev456",
    "1.0c1 == 1.0rc1 == 1.0pre1 == 1.0preview1 == 1.0-c1",
    "1.0rc2",
    "1.0c3",
    "1.0 == 1.0.0 == 1.0.0.0 == 0!1.0 == 1 == V1.0 == \t1.0\n",
    "1.0.post456.dev34",
    "1.0.post456 == 1.0-456 == 1.0.r456 == 1.0-rev456",
    "1.1.dev1",
    "1.2 == 1.2.0",
    "1.2+123abc",
    "1.2+123abc456",
    "1.2+abc == 1.2+ABC",
    "1.2+abc123",
    "1.2+abc123def",
    "1.2+1234.abc",
    "1.2+123456 == 1.2+0123456",
    "1.2.r32+123456",
    "1.2.rev33+123456",
    "1!1.0.dev456",
    "1!1.0a1",
    "1!1.0a2.dev456",
    "1!1.0a12.dev456",
    "1!1.0a12",
    "1!1.0b1.dev456",
    "1!1.0b2",
    "1!1.0b2.post345.dev456",
    "1!1.0b2.post345",
    "1!1.0b2-346",
    "1!1.0c1.dev456",
    "1!1.0c1",
    "1!1.0rc2",
    "1!1.0c3",
    "1!1.0",
    "1!1.0.post456.dev34",
    "1!1.0.post456",
    "1!1.1.dev1",
    "1!1.2+123abc",
    "1!1.2+123abc456",
    "1!1.2+abc",
    "1!1.2+abc123",
    "1!1.2+abc123def",
    "1!1.2+1234.abc",
    "1!1.2+123456",
    "1!1.2.r32+123456",
    "1!1.2.rev33+123456",
    "2!0 == 2!0.0",
    "99999999999999999999999999999999999999!0",
    "100000000000000000000000000000000000000!0",
    /* Not PEP 440: after every version, bytewise. */
    "1.0+",
    "1.0+_foo",
    "1.0+a..b",
    "1.0.",
    "1.0a1a",
    "french toast",
};

/* PEP 440's summary ordering, and the dev/pre/post corner packaging's key settles. */
static const char *const pep440_more[] = {
    "1.dev0",
    "1.0.dev456",
    "1.0a1.dev1",
    "1.0a1",
    "1.0a1.post1.dev1",
    "1.0a1.post1",
    "1.0a2",
    "1.0.post0.dev0",
    "1.0.post0 == 1.0.post == 1.0-0",
    "1.0.post1",
    "1.0.1a1",
    "1.0.1",
    "1.1.0.dev0 == 1.1.dev",
};

static void test_pep440_chain(void **state)
{
	CHAIN(PKG_VERSION_PEP440, pep440_chain);
	CHAIN(PKG_VERSION_PEP440, pep440_more);
	/* Local versions: after the public one, numbers after words. */
	assert_int_equal(pkg_version_pep440_cmp("1.0+local", "1.0"), 1);
	assert_int_equal(pkg_version_pep440_cmp("1.0+ubuntu-1", "1.0+ubuntu.1"), 0);
	assert_int_equal(pkg_version_pep440_cmp("1.0+ubuntu_1", "1.0+ubuntu.1.0"), -1);
	assert_int_equal(pkg_version_pep440_cmp("1.0+1", "1.0+z"), 1);
	assert_int_equal(pkg_version_pep440_cmp("1.0+abc", "1.0+abd"), -1);
}

/* --- Maven ------------------------------------------------------------------- */

/* ComparableVersionTest's VERSIONS_QUALIFIER and VERSIONS_NUMBER, in their order. */
static const char *const maven_qualifier[] = {
    "1-alpha2snapshot",
    "1-alpha2",
    "1-alpha-123",
    "1-beta-2",
    "1-beta123",
    "1-m2",
    "1-m11",
    "1-rc",
    "1-cr2",
    "1-rc123",
    "1-SNAPSHOT",
    "1",
    "1-sp",
    "1-sp2",
    "1-sp123",
    "1-abc",
    "1-def",
    "1-pom-1",
    "1-1-snapshot",
    "1-1",
    "1-2",
    "1-123",
};
static const char *const maven_number[] = {
    "2.0",    "2.0.a", "2-1",     "2.0.2", "2.0.123", "2.1.0", "2.1-a",  "2.1b",
    "2.1-c",  "2.1-1", "2.1.0.1", "2.2",   "2.123",   "11.a2", "11.a11", "11.b2",
    "11.b11", "11.m2", "11.m11",  "11",    "11.a",    "11b",   "11c",    "11m",
};
/* Its equal versions and pairs (testVersionsEqual, testVersionComparing, MNG-6964). */
static const char *const maven_chain[] = {
    "1-0.alpha == 1-alpha",
    "1.0-alpha-1",
    "1.0-alpha-2",
    "1-0.beta",
    "1.0-beta-1",
    "1.0-SNAPSHOT",
    "1 == 1.0 == 1.0.0 == 1-0 == 1.0-0 == 1ga == 1release == 1final",
    "1.0-1 == 1-1",
    "1.0-2",
    "1.0.1",
    "1.1 == 1.1.0",
    "1.2",
    "2.0-1",
    "2.0.1",
    "2.0.1-klm",
    "2.0.1-lmn",
    "2.0.1-xyz",
    "2.0.1-123",
    "2.5",
    "99999999999999999999999999999999999999",
    "100000000000000000000000000000000000000",
};
static const char *const maven_equal[] = {
    "1a == 1-a == 1.0-a == 1.0.0-a == 1.0a == 1.0.0a == 1A",
    "1x == 1-x == 1.0-x == 1.0.0-x == 1.0x == 1.0.0x == 1X",
};

static void test_maven_chain(void **state)
{
	CHAIN(PKG_VERSION_MAVEN, maven_qualifier);
	CHAIN(PKG_VERSION_MAVEN, maven_number);
	CHAIN(PKG_VERSION_MAVEN, maven_chain);
	CHAIN(PKG_VERSION_MAVEN, maven_equal);
	/* Aliases and shorthands, any case. */
	static const char *const same[][2] = {
	    {"1cr", "1rc"},
	    {"1Cr", "1rC"},
	    {"1a1", "1-alpha-1"},
	    {"1b2", "1-beta-2"},
	    {"1m3", "1-milestone-3"},
	    {"1m3", "1MileStone3"},
	    {"1GA", "1"},
	    {"1RELeaSE", "1"},
	    {"1FinaL", "1"},
	    {"1.0.0.Final", "1.0"},
	    {"5.3.1.RELEASE", "5.3.1"},
	};
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(same); i++)
		assert_int_equal(check_pair(PKG_VERSION_MAVEN, same[i][0], same[i][1], '='), 0);
	assert_int_equal(check_pair(PKG_VERSION_MAVEN, "1.0-alpha-1-SNAPSHOT", "1.0-alpha-1", '<'),
	                 0);
	assert_int_equal(check_pair(PKG_VERSION_MAVEN, "1.0.0", "1.0-1", '<'), 0);
	assert_int_equal(check_pair(PKG_VERSION_MAVEN, "2.0.1", "2.0.1-xyz", '<'), 0);
	/* A real release train. */
	assert_int_equal(check_pair(PKG_VERSION_MAVEN, "2.14.0-rc1", "2.14.0", '<'), 0);
	assert_int_equal(check_pair(PKG_VERSION_MAVEN, "2.9.10.8", "2.10.0", '<'), 0);
	assert_int_equal(check_pair(PKG_VERSION_MAVEN, "31.1-jre", "31.1-android", '>'), 0);
}

/* --- RubyGems ---------------------------------------------------------------- */

/* test_gem_version.rb's spaceship and prerelease cases, as a chain. */
static const char *const gem_chain[] = {
    "0.0.beta",
    "0.0.beta.1 == 0.beta.1",
    " == 0 == 0.0.0 == \t",
    "1.0.a == 1.a",
    "1.0.b1",
    "1-1 == 1.pre.1",
    "1.0 == 1.0.0 == 1 == 1.0 \n",
    "1.8.2.a",
    "1.8.2.a9",
    "1.8.2.a10",
    "1.8.2.b",
    "1.8.2",
    "5.a",
    "5.0.0.rc2",
    "5.x",
    "5",
    "22.1.50.0.d",
    "22.1.50",
    "99999999999999999999999999999999999999",
    "100000000000000000000000000000000000000",
};

static void test_gem_chain(void **state)
{
	CHAIN(PKG_VERSION_GEM, gem_chain);
	/* Strings compare as bytes: upper case first. */
	assert_int_equal(pkg_version_gem_cmp("1.A", "1.a"), -1);
	assert_int_equal(pkg_version_gem_cmp("1.0.0-rc1", "1.0.0-beta"), 1);
	assert_int_equal(pkg_version_gem_cmp("1.0.0-rc1", "1.0.0"), -1);
}

/* --- Composer ---------------------------------------------------------------- */

/* Composer's VersionParserTest normal forms, ordered by version_compare(). */
static const char *const composer_chain[] = {
    "default",
    "dev-feature-foo",
    "dev-main",
    "master",
    "trunk",
    "0 == 0.0.0.0 == v0",
    "1.0.0-dev == 1.0-dev == 1.0.0.0-dev",
    "1.0.0-alpha-dev",
    "1.0.0-alpha1 == 1.0.0-a1 == 1.0.0alpha1 == 1.0.0.alpha.1",
    "1.0.0-alpha2",
    "1.0.0-beta-dev",
    "1.0.0-beta",
    "1.0.0-beta.2-dev",
    "1.0.0-beta.2",
    "1.0.0-beta.2.1",
    "1.0.0-RC1-dev == 1.0.0RC1dev",
    "1.0.0-rc1 == 1.0.0-RC1 == 1.0.0RC1",
    "1.0.0-RC15-dev == 1.0.0-rC15-dev == 1.0.0.RC.15-dev",
    "1.0.0 == 1.0 == v1.0.0 == 1.0.0.0 == 1.0.0+build == 1.0.0-stable == 1",
    "1.0.0-patch1 == 1.0.0-pl1 == 1.0.0-p1 == 1.0.0.pl1",
    "1.0.0.pl3-dev",
    "1.0.0-patch3",
    "1.0.0.1",
    "1.0.1",
    "10.4.13-beta",
    "10.4.13beta2 == 10.4.13beta.2",
    "99999999999999999999999999999999999999",
    "100000000000000000000000000000000000000",
    /* Refused by Composer: after every version, bytewise. */
    "1.0.0+foo bar",
    "1.0.0-SNAPSHOT",
    "1.0.0-meh",
    "1.0.0.0.0",
    "a",
};

static void test_composer_chain(void **state)
{
	CHAIN(PKG_VERSION_COMPOSER, composer_chain);
}

/* --- checks ------------------------------------------------------------------ */

struct check_case {
	enum pkg_version_scheme s;
	const char *v;
	enum pkg_version_verdict verdict;
};

static void test_check(void **state)
{
	static const struct check_case cases[] = {
	    {PKG_VERSION_SEMVER, "1.0.0", PKG_VERSION_OK},
	    {PKG_VERSION_SEMVER, "v1.2.3-rc.1+build.5", PKG_VERSION_OK},
	    {PKG_VERSION_SEMVER, "=1.2.3", PKG_VERSION_OK},
	    {PKG_VERSION_SEMVER, " 1.2.3 ", PKG_VERSION_OK},
	    {PKG_VERSION_SEMVER, "1.2", PKG_VERSION_BAD},
	    {PKG_VERSION_SEMVER, "01.2.3", PKG_VERSION_BAD},
	    {PKG_VERSION_SEMVER, "1.2.3-01", PKG_VERSION_BAD},
	    {PKG_VERSION_SEMVER, "1.2.3-", PKG_VERSION_BAD},
	    {PKG_VERSION_SEMVER, "1.2.3+", PKG_VERSION_BAD},
	    {PKG_VERSION_SEMVER, "", PKG_VERSION_BAD},
	    {PKG_VERSION_GO, "v1.2.3", PKG_VERSION_OK},
	    {PKG_VERSION_GO, "v1", PKG_VERSION_OK},
	    {PKG_VERSION_GO, "1.2.3", PKG_VERSION_OK},
	    {PKG_VERSION_GO, "v0.0.0-20191109021931-daa7c04131f5", PKG_VERSION_OK},
	    {PKG_VERSION_GO, "v2.0.0+incompatible", PKG_VERSION_OK},
	    {PKG_VERSION_GO, "v1.2-pre", PKG_VERSION_BAD},
	    {PKG_VERSION_GO, "v01.2.3", PKG_VERSION_BAD},
	    {PKG_VERSION_GO, "(devel)", PKG_VERSION_BAD},
	    {PKG_VERSION_PEP440, "1.0.post1.dev2+local.7", PKG_VERSION_OK},
	    {PKG_VERSION_PEP440, "1!2.0rc1", PKG_VERSION_OK},
	    {PKG_VERSION_PEP440, "french toast", PKG_VERSION_BAD},
	    {PKG_VERSION_PEP440, "1.0+", PKG_VERSION_BAD},
	    {PKG_VERSION_PEP440, "", PKG_VERSION_BAD},
	    {PKG_VERSION_MAVEN, "1.0-SNAPSHOT", PKG_VERSION_OK},
	    {PKG_VERSION_MAVEN, "anything at all", PKG_VERSION_OK},
	    {PKG_VERSION_MAVEN, "", PKG_VERSION_BAD},
	    {PKG_VERSION_GEM, "1.0.0.pre.1", PKG_VERSION_OK},
	    {PKG_VERSION_GEM, "1.0-beta-1.2", PKG_VERSION_OK},
	    {PKG_VERSION_GEM, " 1.0\n", PKG_VERSION_OK},
	    {PKG_VERSION_GEM, "", PKG_VERSION_OK},
	    {PKG_VERSION_GEM, "junk", PKG_VERSION_BAD},
	    {PKG_VERSION_GEM, "1.0\n2.0", PKG_VERSION_BAD},
	    {PKG_VERSION_GEM, "1..2", PKG_VERSION_BAD},
	    {PKG_VERSION_GEM, "1.2 3.4", PKG_VERSION_BAD},
	    {PKG_VERSION_GEM, "1.0-", PKG_VERSION_BAD},
	    {PKG_VERSION_COMPOSER, "v1.13.11-beta.0", PKG_VERSION_OK},
	    {PKG_VERSION_COMPOSER, "dev-main", PKG_VERSION_OK},
	    {PKG_VERSION_COMPOSER, "1.0.0-beta.5+foo", PKG_VERSION_OK},
	    {PKG_VERSION_COMPOSER, "1.0.0-meh", PKG_VERSION_BAD},
	    {PKG_VERSION_COMPOSER, "1.0.0.0.0", PKG_VERSION_BAD},
	    {PKG_VERSION_COMPOSER, "+1", PKG_VERSION_BAD},
	    {PKG_VERSION_COMPOSER, "", PKG_VERSION_BAD},
	};
	int bad = 0;

	for (size_t i = 0; i < VAKT_ARRAY_SIZE(cases); i++) {
		const char *why = "unset";
		enum pkg_version_verdict got = pkg_version_check(cases[i].s, cases[i].v, &why);

		if (got != cases[i].verdict || (got == PKG_VERSION_OK) != (why == NULL)) {
			printf("# %s check '%s': got %d\n", pkg_version_scheme_name(cases[i].s),
			       cases[i].v, got);
			bad++;
		}
		assert_int_equal(pkg_version_check(cases[i].s, cases[i].v, NULL), got);
	}
	assert_int_equal(bad, 0);
}

/* --- properties -------------------------------------------------------------- */

static const enum pkg_version_scheme app_schemes[] = {
    PKG_VERSION_SEMVER, PKG_VERSION_GO,  PKG_VERSION_PEP440,
    PKG_VERSION_MAVEN,  PKG_VERSION_GEM, PKG_VERSION_COMPOSER,
};

static uint64_t rng = 0x9e3779b97f4a7c15u;

static uint64_t next_rand(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

/* A random version-like string from the bytes versions are made of. */
static void random_version(char *buf, size_t cap)
{
	static const char *const atoms[] = {
	    "0",
	    "1",
	    "2",
	    "10",
	    "00",
	    ".",
	    ".",
	    "-",
	    "+",
	    "_",
	    "v",
	    "a",
	    "b",
	    "rc",
	    "c",
	    "m",
	    "alpha",
	    "beta",
	    "dev",
	    "pre",
	    "post",
	    "r",
	    "sp",
	    "final",
	    "ga",
	    "x",
	    "RC",
	    "patch",
	    "p",
	    "!",
	    "=",
	    "stable",
	    "snapshot",
	    "pl",
	    "~",
	    " ",
	    "999999999999999999999",
	    "Z",
	};
	size_t n = 1 + next_rand() % 8, len = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		const char *a = atoms[next_rand() % VAKT_ARRAY_SIZE(atoms)];
		size_t k = strlen(a);

		if (len + k + 1 > cap)
			break;
		memcpy(buf + len, a, k + 1);
		len += k;
	}
}

/* Reflexivity, antisymmetry, transitivity on random triples, and verdicts. */
static void test_properties(void **state)
{
	for (size_t si = 0; si < VAKT_ARRAY_SIZE(app_schemes); si++) {
		enum pkg_version_scheme s = app_schemes[si];
		int bad = 0;

		for (int round = 0; round < 20000 && bad < 5; round++) {
			char v[3][96];
			int ab, bc, ac;

			for (int k = 0; k < 3; k++)
				random_version(v[k], 64);
			/* Often make two of them close: equal up to one atom. */
			if (round % 3 == 0) {
				const char *tail = round % 2 ? ".0" : "-0";
				size_t l = strlen(v[0]);

				memcpy(v[1], v[0], l);
				memcpy(v[1] + l, tail, strlen(tail) + 1);
			}
			for (int k = 0; k < 3; k++) {
				const char *why = "unset";
				enum pkg_version_verdict g = pkg_version_check(s, v[k], &why);

				if (pkg_version_cmp(s, v[k], v[k]) != 0 ||
				    (g == PKG_VERSION_OK) != (why == NULL))
					printf("# %s: '%s' reflexivity or verdict\n",
					       pkg_version_scheme_name(s), v[k]),
					    bad++;
			}
			ab = pkg_version_cmp(s, v[0], v[1]);
			bc = pkg_version_cmp(s, v[1], v[2]);
			ac = pkg_version_cmp(s, v[0], v[2]);
			if (ab < -1 || ab > 1 || pkg_version_cmp(s, v[1], v[0]) != -ab ||
			    pkg_version_cmp(s, v[2], v[1]) != -bc ||
			    pkg_version_cmp(s, v[2], v[0]) != -ac) {
				printf("# %s: antisymmetry on '%s' '%s' '%s'\n",
				       pkg_version_scheme_name(s), v[0], v[1], v[2]);
				bad++;
			}
			if ((ab <= 0 && bc <= 0 && ac > 0) || (ab >= 0 && bc >= 0 && ac < 0) ||
			    (ab == 0 && bc == 0 && ac != 0)) {
				printf("# %s: not transitive: '%s' %c '%s' %c '%s' but %c\n",
				       pkg_version_scheme_name(s), v[0], op_of(ab), v[1], op_of(bc),
				       v[2], op_of(ac));
				bad++;
			}
		}
		assert_int_equal(bad, 0);
	}
}

/* Transitivity through sorting: a sorted random list is ordered pairwise. */
static enum pkg_version_scheme sort_scheme;

static int sort_cmp(const void *x, const void *y)
{
	return pkg_version_cmp(sort_scheme, (const char *)x, (const char *)y);
}

static void test_sorted(void **state)
{
	enum { N = 300 };
	static char v[N][96];

	for (size_t si = 0; si < VAKT_ARRAY_SIZE(app_schemes); si++) {
		int bad = 0;

		sort_scheme = app_schemes[si];
		for (int i = 0; i < N; i++)
			random_version(v[i], sizeof(v[i]));
		qsort(v, N, sizeof(v[0]), sort_cmp);
		for (int i = 0; i < N && bad < 5; i++)
			for (int j = i + 1; j < N && bad < 5; j++)
				if (pkg_version_cmp(sort_scheme, v[i], v[j]) > 0) {
					printf("# %s: sorted '%s' after '%s'\n",
					       pkg_version_scheme_name(sort_scheme), v[i], v[j]);
					bad++;
				}
		assert_int_equal(bad, 0);
	}
}

/*
 * Long and odd inputs: one pass each, so a megabyte takes milliseconds; no
 * overflow on numbers of any length; every byte value.
 */
static void test_long(void **state)
{
	size_t n = 1u << 20;
	char *a = vakt_xmalloc(n + 2), *b = vakt_xmalloc(n + 2);
	static const char *const fills[] = {"0",  "1",  "0.", "1.", "-",   ".",  "a",
	                                    "a1", "0-", "-0", "+",  "ga.", "0.a"};

	for (size_t f = 0; f < VAKT_ARRAY_SIZE(fills); f++) {
		size_t k = strlen(fills[f]);

		for (size_t i = 0; i < n; i++)
			a[i] = b[i] = fills[f][i % k];
		a[n] = '1', b[n] = '2';
		a[n + 1] = b[n + 1] = '\0';
		for (size_t si = 0; si < VAKT_ARRAY_SIZE(app_schemes); si++) {
			enum pkg_version_scheme s = app_schemes[si];
			int ab = pkg_version_cmp(s, a, b);

			assert_int_equal(pkg_version_cmp(s, b, a), -ab);
			assert_int_equal(pkg_version_cmp(s, a, a), 0);
			(void)pkg_version_check(s, a, NULL);
		}
	}
	/* Every byte value after a version. */
	for (int c = 1; c < 256; c++) {
		char x[8] = {'1', '.', (char)c, '1', '\0'};

		for (size_t si = 0; si < VAKT_ARRAY_SIZE(app_schemes); si++) {
			int r = pkg_version_cmp(app_schemes[si], x, "1.1");

			assert_int_equal(pkg_version_cmp(app_schemes[si], "1.1", x), -r);
		}
	}
	free(a);
	free(b);
}

static void test_names(void **state)
{
	static const char *const names[] = {"semver", "go", "pep440", "maven", "gem", "composer"};

	for (size_t i = 0; i < VAKT_ARRAY_SIZE(app_schemes); i++) {
		assert_string_equal(pkg_version_scheme_name(app_schemes[i]), names[i]);
		assert_int_equal(pkg_version_scheme_parse(names[i]), app_schemes[i]);
	}
	/* The same strings, different orders. */
	assert_int_equal(pkg_version_cmp(PKG_VERSION_SEMVER, "1.0.0-1", "1.0.0"), -1);
	assert_int_equal(pkg_version_cmp(PKG_VERSION_PEP440, "1.0.0-1", "1.0.0"), 1);
	assert_int_equal(pkg_version_cmp(PKG_VERSION_MAVEN, "1.0.0-1", "1.0.0"), 1);
	assert_int_equal(pkg_version_cmp(PKG_VERSION_GEM, "1.0.0-1", "1.0.0"), -1);
	assert_int_equal(pkg_version_cmp(PKG_VERSION_SEMVER, "garbage", "1.0.0"), 1);
	assert_int_equal(pkg_version_cmp(PKG_VERSION_GO, "garbage", "v1.0.0"), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_semver_chain), cmocka_unit_test(test_go_chain),
	    cmocka_unit_test(test_pep440_chain), cmocka_unit_test(test_maven_chain),
	    cmocka_unit_test(test_gem_chain),    cmocka_unit_test(test_composer_chain),
	    cmocka_unit_test(test_check),        cmocka_unit_test(test_properties),
	    cmocka_unit_test(test_sorted),       cmocka_unit_test(test_long),
	    cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
