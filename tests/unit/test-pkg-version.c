/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for src/pkg/pkg-version*.c: version ordering as dpkg, apk-tools
 * v3 and rpm order versions, with each project's published test vectors.
 *
 * Also a driver for tests/extra/versions.sh, which checks the ordering
 * against dpkg and rpm themselves on the machine's real versions:
 *   test-pkg-version --compare SCHEME   stdin "A B" lines -> "<", "=" or ">" lines
 *   test-pkg-version --sort SCHEME      stdin versions, one a line -> sorted
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

/*
 * The published vectors, one "A OP B" a line:
 *   deb: the __DATA__ of dpkg's scripts/t/100_Dpkg_Version.t (the first 43),
 *        then Debian and Ubuntu security versions and edge cases, all
 *        confirmed with dpkg --compare-versions 1.21.22 but the three "foo-"
 *        lines (dpkg refuses an empty revision; Dpkg::Version's result);
 *   apk: pairs of apk-tools test/unit/version.data (66 of its 738 lines), the
 *        ones that tell the v3 ordering from the 2.x one and from the
 *        scanners' 2020 Go port last;
 *   rpm: rpm tests/rpmvercmp.at, the caret cases, and the two "documented
 *        oddities" (RhBug:811992) upstream keeps commented out last.
 */
static const char *const deb_vectors[] = {
    "1.0-1 < 2.0-2",
    "2.2~rc-4 < 2.2-1",
    "2.2-1 > 2.2~rc-4",
    "1.0000-1 = 1.0-1",
    "1 = 0:1",
    "0 = 0:0-0",
    "2:2.5 > 1:7.5",
    "1:foo > foo",
    "0:foo = foo",
    "foo = foo",
    "foo- = foo",
    "foo- = foo-0",
    "foo > fo",
    "foo- < foo+",
    "foo~1 < foo",
    "foo~foo+Bar < foo~foo+bar",
    "foo~~ < foo~",
    "1~ < 1",
    "12345+that-really-is-some-ver-0 < 12345+that-really-is-some-ver-10",
    "foo-0 < foo-01",
    "foo.bar > foobar",
    "foo.bar > foo1bar",
    "foo.bar > foo0bar",
    "1foo-1 < foo-1",
    "foo2.0 > foo2",
    "foo2.0.0 < foo2.10.0",
    "foo2.0 < foo2.0.0",
    "foo2.0 < foo2.10",
    "foo2.1 < foo2.10",
    "1.09 = 1.9",
    "1.0.8+nmu1 > 1.0.8",
    "3.11 > 3.10+nmu1",
    "0.9j-20080306-4 > 0.9i-20070324-2",
    "1.2.0~b7-1 > 1.2.0~b6-1",
    "1.011-1 > 1.06-2",
    "0.0.9+dfsg1-1 > 0.0.8+dfsg1-3",
    "4.6.99+svn6582-1 > 4.6.99+svn6496-1",
    "53 > 52",
    "0.9.9~pre122-1 > 0.9.9~pre111-1",
    "2:2.3.2-2+lenny2 > 2:2.3.2-2",
    "1:3.8.1-1 > 3.8.GA-1",
    "1.0.1+gpl-1 > 1.0.1-2",
    "1a < 1000a",
    "3.0.11-1~deb12u2 < 3.0.11-1",
    "3.0.11-1~deb12u2 > 3.0.11-1~deb12u1",
    "3.0.15-1~deb12u1 > 3.0.11-1~deb12u2",
    "2.36-9+deb12u4 > 2.36-9",
    "2.36-9+deb12u10 > 2.36-9+deb12u9",
    "1.2.13.dfsg-1 > 1.2.13-1",
    "7.88.1-10+deb12u5 < 7.88.1-10+deb12u12",
    "1:2.3.4 > 2.3.5",
    "1.0~rc1 > 1.0~~",
    "1.0~ > 1.0~~",
    "1.0 < 1.0+",
    "1.0+b1 > 1.0",
    "1.0-1+b1 > 1.0-1",
    "1.0-1 < 1.0-1.1",
    "1.0a > 1.0",
    "1.0a < 1.0.1",
    "1.0.a > 1.0.1",
    "1.2.3-0ubuntu0.22.04.1 < 1.2.3-0ubuntu1",
    "2.31-0ubuntu9.9 < 2.31-0ubuntu9.14",
    "1:9.18.28-0ubuntu0.20.04.1 > 1:9.18.18-0ubuntu0.20.04.1",
    "5.4.0-42.46 > 5.4.0-42.46~18.04.1",
    "0 = 0",
    "0:0 = 0",
    "1.0-0 = 1.0",
    "1.0-00 = 1.0-0",
    "001 = 1",
    "1.001 = 1.1",
    "a > 1",
    "A < a",
    "Z < a",
    "a < +",
    "+ < .",
};
static const char *const apk_vectors[] = {
    "2.34 > 0.1.0_alpha",
    "23_foo > 4_beta",
    "1.0 < 1.0bc",
    "0.1.0_alpha2 > 0.1.0_alpha",
    "1.1 > 1.1_alpha1",
    "1.3_alpha < 1.3_alpha2",
    "0.8_beta4 < 4.8-r1",
    "2.3.0b-r1 < 2.3.0b-r2",
    "0.12.3 > 0.12",
    "0.13_beta5 > 0.9.12",
    "3.1_p16 < 3.1_p17",
    "1.06-r6 < 006",
    "1.2.2-r1 > 1.2.2",
    "9.3.4-r2 > 9.3.4",
    "20050718-r2 > 3.9.8-r5",
    "3.9.8-r5 > 2.01.01_alpha10",
    "1.0 > 0.99.3.20040818",
    "1.39 > 1.00_beta2",
    "4.2.52_p2-r1 < 4.2.52_p4-r2",
    "2.18.3-r10 > 1.05-r18",
    "2.11-r1 > 2.11",
    "10-r1 > 4",
    "20060720 > 3.0.20060720",
    "2.5.1-r8 < 2.5.1a-r1",
    "1.3.5-r10 > 1.3.5-r8",
    "20040401 > 2.0.0_rc3-r1",
    "3.0.0-r2 < 021109-r3",
    "021109-r3 < 20060512",
    "3.9_pre20060124 > 0.01",
    "1.1.7 < 6b-r7",
    "0.10.0-r1 > 0.10.0",
    "0.10.0 < 0.10.1_rc1",
    "1.1a < 1.3a",
    "0.15.1b-r2 > 0.15.1b",
    "22.7.3-r1 > 22.7",
    "2.1_pre20 < 2.1_pre26",
    "2.10.1 > 02.08.01b",
    "3.81 > 1.6d",
    "1.2.07.8 < 1.2.12.04",
    "1.07-r1 < 1.07.5",
    "0.1_pre20060810 < 0.1_pre20060817",
    "0.59s-r11 < 0.65",
    "0.20070118 < 0.20070207_rc1",
    "4.5_p1-r1 > 4.5_p1",
    "0.9.8c-r1 < 0.9.8d",
    "2.2.3-r2 < 013",
    "1.7 < 1.7b",
    "1.8.5 < 1.8.5_p2",
    "2.9.11_pre20051101-r3 > 2.9.11_pre20051101",
    "1.6.8_p12-r1 > 1.6.8_p9-r2",
    "0.9.28.1 < 087-r1",
    "104-r11 > 104-r9",
    "1.2.5_rc2 > 0.1",
    "2.12r-r4 < 2.12r-r5",
    "7.0.174 > 7.0.17",
    "1.3_pre1-r1 < 1.3.2",
    "1.0_p10-r0 > 1.0_p9-r0",
    "0.1.0_alpha_pre2 < 0.1.0_alpha",
    "1.0.0_pre20191002222144-r0 < 1.0.0_pre20210530193627-r0",
    "6.0_pre1 < 6.0",
    "6.1_pre1 < 6.1",
    "6.0_p1 > 6.0",
    "8.2.0 < 8.2.001",
    "8.2.0015 < 8.2.002",
    "1.0~1234 < 1.0~2345",
    "1.0~1234-r1 > 1.0~1234-r0",
};
static const char *const rpm_vectors[] = {
    "1.0 = 1.0",
    "1.0 < 2.0",
    "2.0.1 > 2.0",
    "2.0.1a > 2.0.1",
    "5.5p1 < 5.5p2",
    "5.5p1 < 5.5p10",
    "10xyz < 10.1xyz",
    "xyz10 < xyz10.1",
    "xyz.4 < 8",
    "xyz.4 < 2",
    "5.5p2 < 5.6p1",
    "5.6p1 < 6.5p1",
    "6.0.rc1 > 6.0",
    "10b2 > 10a1",
    "10a2 < 10b2",
    "1.0a < 1.0aa",
    "10.0001 = 10.1",
    "10.0001 < 10.0039",
    "4.999.9 < 5.0",
    "20101121 < 20101122",
    "2.0 = 2_0",
    "a+ = a_",
    "+a = _a",
    "_+ = +_",
    "+ = _",
    "1.0~rc1 < 1.0",
    "1.0~rc1 < 1.0~rc2",
    "1.0~rc1~git123 < 1.0~rc1",
    "1.0^ > 1.0",
    "1.0^git1 > 1.0",
    "1.0^git1 < 1.0^git2",
    "1.0^git1 < 1.01",
    "1.0^20160101 < 1.0.1",
    "1.0^20160102 > 1.0^20160101^git1",
    "1.0~rc1^git1 > 1.0~rc1",
    "1.0^git1~pre < 1.0^git1",
    "1b.fc17 < 1.fc17",
    "1g.fc17 > 1.fc17",
};

/* The sign of cmp, as the vectors write it. */
static char op_of(int cmp)
{
	return cmp < 0 ? '<' : cmp > 0 ? '>' : '=';
}

/*
 * Each "A OP B" line: cmp(A, B) has OP's sign, cmp(B, A) the opposite, and
 * each side equals itself. Prints every line that fails, then fails.
 */
static void check_vectors(enum pkg_version_scheme s, const char *const *v, size_t n)
{
	int bad = 0;

	for (size_t i = 0; i < n; i++) {
		char a[128], b[128], op;
		int ab, ba;

		assert_int_equal(sscanf(v[i], "%127s %c %127s", a, &op, b), 3);
		ab = pkg_version_cmp(s, a, b);
		ba = pkg_version_cmp(s, b, a);
		if (op_of(ab) != op || ba != -ab || pkg_version_cmp(s, a, a) ||
		    pkg_version_cmp(s, b, b)) {
			printf("# %s: %s: got %s %c %s, reversed %c\n", pkg_version_scheme_name(s),
			       v[i], a, op_of(ab), b, op_of(ba));
			bad++;
		}
	}
	assert_int_equal(bad, 0);
}

static void test_deb_vectors(void **state)
{
	assert_int_equal(VAKT_ARRAY_SIZE(deb_vectors), 75);
	check_vectors(PKG_VERSION_DEB, deb_vectors, VAKT_ARRAY_SIZE(deb_vectors));
}

static void test_apk_vectors(void **state)
{
	assert_int_equal(VAKT_ARRAY_SIZE(apk_vectors), 66);
	check_vectors(PKG_VERSION_APK, apk_vectors, VAKT_ARRAY_SIZE(apk_vectors));
}

static void test_rpm_vectors(void **state)
{
	assert_int_equal(VAKT_ARRAY_SIZE(rpm_vectors), 38);
	check_vectors(PKG_VERSION_RPM, rpm_vectors, VAKT_ARRAY_SIZE(rpm_vectors));
	/* The same through the one-field comparison: none of them has ':' or '-'. */
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(rpm_vectors); i++) {
		char a[128], b[128], op;

		assert_int_equal(sscanf(rpm_vectors[i], "%127s %c %127s", a, &op, b), 3);
		assert_int_equal(op_of(pkg_version_rpm_vercmp(a, b)), op);
	}
}

/*
 * What dpkg does beyond the vectors, each confirmed with dpkg --compare-versions
 * 1.21.22 but the epoch beyond INT_MAX, which dpkg refuses.
 */
static const char *const deb_more[] = {
    "+1:1 = 1:1",                   /* strtol() takes the sign */
    "00:1 = 1",                     /* epoch 0 */
    "0:0:0-0 > 0:0-0",              /* the second colon is upstream's, after the end */
    "1:2:3 > 1:2",                  /* ... and sorts after every letter */
    "1\x80 < 1+",                   /* a byte above 0x7f is a negative char to dpkg */
    "1\x80 > 1z",                   /* ... so it sorts between letters and the rest */
    "1\xff < 1+",                   /* ... all of them */
    "99999999999:1 > 2147483647:1", /* beyond dpkg's INT_MAX: still by value */
    "1.0~~ < 1.0~~a",               /* '~' before the end, the end before a letter */
    "1.0~ < 1.0",                   /* '~' before the end */
    "1.0^1 > 1.0.1",                /* '^' is punctuation to dpkg, after '.' */
    "1.0-r1 > 1.0",                 /* a revision against none ("") */
};

static void test_deb_more(void **state)
{
	check_vectors(PKG_VERSION_DEB, deb_more, VAKT_ARRAY_SIZE(deb_more));
	/* Blanks around a version do not count; "0.0" and "0" differ by the '.'. */
	assert_int_equal(pkg_version_deb_cmp(" 1.0\t", "1.0"), 0);
	assert_int_equal(pkg_version_deb_cmp("\n1:2", "1:2"), 0);
	assert_int_equal(pkg_version_deb_cmp("0.0", "0"), 1);
	assert_int_equal(pkg_version_deb_cmp("", ""), 0);
	assert_int_equal(pkg_version_deb_cmp("", "0"), 0);
	assert_int_equal(pkg_version_deb_cmp("", "~"), 1);
}

struct check_case {
	const char *v;
	enum pkg_version_verdict verdict;
	const char *why;
};

static void check_cases(enum pkg_version_scheme s, const struct check_case *c, size_t n)
{
	int bad = 0;

	for (size_t i = 0; i < n; i++) {
		const char *why = "unset";
		enum pkg_version_verdict got = pkg_version_check(s, c[i].v, &why);

		if (got != c[i].verdict || (why == NULL) != (c[i].why == NULL) ||
		    (why && c[i].why && strcmp(why, c[i].why))) {
			printf("# %s check '%s': got %d '%s', want %d '%s'\n",
			       pkg_version_scheme_name(s), c[i].v, got, why ? why : "(null)",
			       c[i].verdict, c[i].why ? c[i].why : "(null)");
			bad++;
		}
		/* The verdict without a reason asked for. */
		assert_int_equal(pkg_version_check(s, c[i].v, NULL), got);
	}
	assert_int_equal(bad, 0);
}

/* dpkg 1.21.22's verdicts and messages (dpkg --compare-versions V eq V). */
static void test_deb_check(void **state)
{
	static const struct check_case cases[] = {
	    {"1.0-1", PKG_VERSION_OK, NULL},
	    {"2:4.9.5+dfsg-5+deb10u1", PKG_VERSION_OK, NULL},
	    {"1.0~alpha1", PKG_VERSION_OK, NULL},
	    {"0:0:0-0", PKG_VERSION_OK, NULL},
	    {"1:2:3", PKG_VERSION_OK, NULL},
	    {"+1:1", PKG_VERSION_OK, NULL},
	    {"-0:1", PKG_VERSION_OK, NULL},
	    {"2147483647:1", PKG_VERSION_OK, NULL},
	    {" 1.0 ", PKG_VERSION_OK, NULL},
	    {"1-2-3-4", PKG_VERSION_OK, NULL},
	    {"", PKG_VERSION_BAD, "version string is empty"},
	    /* dpkg trims the blanks first, and looks for the end after the colon untrimmed. */
	    {" ", PKG_VERSION_BAD, "version string is empty"},
	    {"\t ", PKG_VERSION_BAD, "version string is empty"},
	    {"1: ", PKG_VERSION_BAD, "version number is empty"},
	    {" 1:\t", PKG_VERSION_BAD, "version number is empty"},
	    {"1 0", PKG_VERSION_BAD, "version string has embedded spaces"},
	    {":1", PKG_VERSION_BAD, "epoch in version is empty"},
	    {"a:1", PKG_VERSION_BAD, "epoch in version is empty"},
	    {"1a:1", PKG_VERSION_BAD, "epoch in version is not number"},
	    {"-1:1", PKG_VERSION_BAD, "epoch in version is negative"},
	    {"2147483648:1", PKG_VERSION_BAD, "epoch in version is too big"},
	    {"9999999999:1", PKG_VERSION_BAD, "epoch in version is too big"},
	    {"1:", PKG_VERSION_BAD, "nothing after colon in version number"},
	    {"1.0-", PKG_VERSION_BAD, "revision number is empty"},
	    {"1.0-a-", PKG_VERSION_BAD, "revision number is empty"},
	    {"-1", PKG_VERSION_BAD, "version number is empty"},
	    {"1:-1", PKG_VERSION_BAD, "version number is empty"},
	    {"a", PKG_VERSION_ODD, "version number does not start with digit"},
	    {"1:a1.0", PKG_VERSION_ODD, "version number does not start with digit"},
	    {"1_0", PKG_VERSION_ODD, "invalid character in version number"},
	    {"1\xc3\xa9", PKG_VERSION_ODD, "invalid character in version number"},
	    {"1:1.0", PKG_VERSION_OK, NULL},
	    {"1.0-1_0", PKG_VERSION_ODD, "invalid character in revision number"},
	    {"1.0-1/0", PKG_VERSION_ODD, "invalid character in revision number"},
	    /* dpkg looks for the epoch first: a colon in a revision is a bad epoch. */
	    {"1.0-1:0", PKG_VERSION_BAD, "epoch in version is not number"},
	};

	check_cases(PKG_VERSION_DEB, cases, VAKT_ARRAY_SIZE(cases));
}

/* apk-tools v3: version.data's validity lines, then one case per reason. */
static void test_apk_check(void **state)
{
	static const struct check_case cases[] = {
	    {"0.1_p1_pre2", PKG_VERSION_OK, NULL},
	    {"0.1_git20240101_pre1", PKG_VERSION_OK, NULL},
	    {"1.2.4_git20230717-r4", PKG_VERSION_OK, NULL},
	    {"1.0~1234abcdef-r1", PKG_VERSION_OK, NULL},
	    {"2.3.0b-r1", PKG_VERSION_OK, NULL},
	    {"0.1bc1", PKG_VERSION_BAD, "a letter may only follow a number"},
	    {"0.1a.1", PKG_VERSION_BAD, "'.' may only follow a number"},
	    {"0.1-r", PKG_VERSION_BAD, "revision number is empty"},
	    {"0.1-r2_pre1", PKG_VERSION_BAD, "a suffix may not follow a hash or a revision"},
	    {"0.1_foobar", PKG_VERSION_BAD,
	     "unknown suffix (not alpha, beta, pre, rc, cvs, svn, git, hg or p)"},
	    {"0.1__alpha", PKG_VERSION_BAD,
	     "unknown suffix (not alpha, beta, pre, rc, cvs, svn, git, hg or p)"},
	    {".1", PKG_VERSION_BAD, "version does not start with a digit"},
	    {"a", PKG_VERSION_BAD, "version does not start with a digit"},
	    {"", PKG_VERSION_BAD, "version does not start with a digit"},
	    {"1.", PKG_VERSION_BAD, "no number after '.'"},
	    {"1a1", PKG_VERSION_BAD, "a number may not follow a letter"},
	    {"1~", PKG_VERSION_BAD, "no lowercase hex digits after '~'"},
	    {"1~ABC", PKG_VERSION_BAD, "no lowercase hex digits after '~'"},
	    {"1~a~b", PKG_VERSION_BAD, "'~hash' may come only once, before the revision"},
	    {"1-r1-r2", PKG_VERSION_BAD, "a second revision"},
	    {"1-1", PKG_VERSION_BAD, "'-' must start a revision '-rN'"},
	    {"1-", PKG_VERSION_BAD, "'-' must start a revision '-rN'"},
	    {"1.0+1", PKG_VERSION_BAD, "invalid character"},
	    {"1A", PKG_VERSION_BAD, "invalid character"},
	};

	check_cases(PKG_VERSION_APK, cases, VAKT_ARRAY_SIZE(cases));
}

static void test_rpm_check(void **state)
{
	static const struct check_case cases[] = {
	    {"1.0-1", PKG_VERSION_OK, NULL},
	    {"1:3.5.5-4.el9_8", PKG_VERSION_OK, NULL},
	    {"0:4.9.3-2.el9_8.1", PKG_VERSION_OK, NULL},
	    {"1.0^git1~pre", PKG_VERSION_OK, NULL},
	    {"5.5p1", PKG_VERSION_OK, NULL},
	    {"", PKG_VERSION_BAD, "version string is empty"},
	    {"a:1.0-1", PKG_VERSION_BAD, "epoch is not a number"},
	    {":1.0-1", PKG_VERSION_BAD, "epoch is empty"},
	    {"1:-1", PKG_VERSION_BAD, "version is empty"},
	    {"1.0-", PKG_VERSION_BAD, "release is empty"},
	    {"1:2:3-1", PKG_VERSION_BAD, "invalid character in version"},
	    {"1.0 -1", PKG_VERSION_BAD, "invalid character in version"},
	    {"1.0-1/2", PKG_VERSION_BAD, "invalid character in release"},
	    {"1.0-a:b", PKG_VERSION_BAD, "invalid character in release"},
	};

	check_cases(PKG_VERSION_RPM, cases, VAKT_ARRAY_SIZE(cases));
}

/* Epoch, version and release, the way OSV's AlmaLinux and Rocky records write them. */
static void test_rpm_evr(void **state)
{
	static const char *const evr[] = {
	    "1:3.5.5-4.el9_8 > 3.5.5-4.el9_8",
	    "0:4.9.3-2.el9_8.1 = 4.9.3-2.el9_8.1",
	    "1:3.5.5-4.el9_8 > 1:3.5.5-4.el9",
	    "2.0-1 < 1:1.0-1",
	    "10:1 > 9:2",
	    "00010:1 = 10:1",
	    "1.0-1 < 1.0-1.el9",
	    "1.0-10 > 1.0-9",
	    "1.0-1 > 1.0",      /* no release sorts before any release, */
	    "1.0-~1 > 1.0",     /* ... even one that sorts before "" */
	    "1.0- > 1.0",       /* ... or "" */
	    ":1.0-1 = 0:1.0-1", /* an empty epoch is 0 */
	    "1.0.1-1 > 1.0-2",
	    "2.0-1.el9 = 2.0-1_el9", /* separators do not count */
	    "1-2-3 > 1-2-2",         /* version "1-2", release "3" */
	};

	check_vectors(PKG_VERSION_RPM, evr, VAKT_ARRAY_SIZE(evr));
}

/* Where vakt follows apk-tools v3 and the scanners' 2020 Go port does not, and beyond 2^64. */
static void test_apk_more(void **state)
{
	static const char *const more[] = {
	    "1.0_rc1 < 1.0",
	    "1.0_alpha < 1.0_beta",
	    "1.0_beta < 1.0_pre",
	    "1.0_pre < 1.0_rc",
	    "1.0 < 1.0_cvs",
	    "1.0_cvs < 1.0_svn",
	    "1.0_svn < 1.0_git",
	    "1.0_git < 1.0_hg",
	    "1.0_hg < 1.0_p",
	    "8.2.01 > 8.2.001",
	    "1.01 < 1.1",
	    "006 = 6",
	    "1.0~abc < 1.0~abd",
	    "1.0~abc > 1.0",    /* a hash against the end: the end is the greater kind */
	    "1.0~abc > 1.0-r1", /* ... and a revision greater than a hash: the older */
	    "18446744073709551616 > 18446744073709551615",
	    "1.18446744073709551617 > 1.2",
	    "1.0_foo = 1.0_bar", /* invalid at the same place: equal, as in apk */
	    "1.0_foo < 1.0",     /* invalid sorts before the end */
	    "1.2.4_git20230717-r4 < 1.2.4_git20230717-r5",
	    "3.1.4-r5 > 3.1.4-r4",
	};

	check_vectors(PKG_VERSION_APK, more, VAKT_ARRAY_SIZE(more));
}

/* The calls that take a scheme, and the names. */
static void test_dispatch(void **state)
{
	const char *why = NULL;

	assert_string_equal(pkg_version_scheme_name(PKG_VERSION_DEB), "deb");
	assert_string_equal(pkg_version_scheme_name(PKG_VERSION_APK), "apk");
	assert_string_equal(pkg_version_scheme_name(PKG_VERSION_RPM), "rpm");
	assert_int_equal(pkg_version_scheme_parse("apk"), PKG_VERSION_APK);
	assert_int_equal(pkg_version_scheme_parse("rpm"), PKG_VERSION_RPM);
	assert_int_equal(pkg_version_scheme_parse("deb"), PKG_VERSION_DEB);
	assert_int_equal(pkg_version_scheme_parse("dpkg"), -1);
	/* The same strings, three orders. */
	assert_int_equal(pkg_version_cmp(PKG_VERSION_DEB, "1.0~rc1", "1.0"), -1);
	assert_int_equal(pkg_version_cmp(PKG_VERSION_RPM, "1.0~rc1", "1.0"), -1);
	assert_int_equal(pkg_version_cmp(PKG_VERSION_APK, "1.0_rc1", "1.0"), -1);
	assert_int_equal(pkg_version_cmp(PKG_VERSION_DEB, "1.0a", "1.0.1"), -1);
	assert_int_equal(pkg_version_cmp(PKG_VERSION_RPM, "1.0a", "1.0.1"), -1);
	assert_int_equal(pkg_version_cmp(PKG_VERSION_DEB, "1.0^1", "1.0.1"), 1);
	assert_int_equal(pkg_version_cmp(PKG_VERSION_RPM, "1.0^1", "1.0.1"), -1);
	assert_int_equal(pkg_version_cmp(PKG_VERSION_DEB, "1.0-r1", "1.0"), 1);
	assert_int_equal(pkg_version_check(PKG_VERSION_DEB, "1.0-", &why), PKG_VERSION_BAD);
	assert_string_equal(why, "revision number is empty");
	assert_int_equal(pkg_version_check(PKG_VERSION_APK, "1.0-r1", &why), PKG_VERSION_OK);
	assert_null(why);
}

/*
 * Long versions: every comparator is one pass, so megabytes of digits,
 * tildes, carets, zeros or tokens take milliseconds (a quadratic walk would
 * take minutes and trip the runner's timeout). Results checked, never time.
 */
static void test_long(void **state)
{
	size_t n = 1u << 20;
	char *a = vakt_xmalloc(n + 2), *b = vakt_xmalloc(n + 2);
	static const char *const fills[] = {"0", "1", "~", "^", "1.", "0.", "_p1", "a", ".-"};

	for (size_t f = 0; f < VAKT_ARRAY_SIZE(fills); f++) {
		size_t k = strlen(fills[f]);

		for (size_t i = 0; i < n; i++)
			a[i] = b[i] = fills[f][i % k];
		a[n] = '1', b[n] = '2';
		a[n + 1] = b[n + 1] = '\0';
		for (int s = PKG_VERSION_DEB; s <= PKG_VERSION_RPM; s++) {
			int ab = pkg_version_cmp((enum pkg_version_scheme)s, a, b);

			assert_int_equal(pkg_version_cmp((enum pkg_version_scheme)s, b, a), -ab);
			assert_int_equal(pkg_version_cmp((enum pkg_version_scheme)s, a, a), 0);
			(void)pkg_version_check((enum pkg_version_scheme)s, a, NULL);
		}
	}
	/* A million zeros then 1, against 1: one number, equal for dpkg and rpm. */
	memset(a, '0', n);
	a[n] = '1', a[n + 1] = '\0';
	assert_int_equal(pkg_version_deb_cmp(a, "1"), 0);
	assert_int_equal(pkg_version_rpm_cmp(a, "1"), 0);
	assert_int_equal(pkg_version_apk_cmp(a, "1"), 0);
	free(a);
	free(b);
}

/* --- the driver for tests/extra/versions.sh -------------------------------- */

static enum pkg_version_scheme sort_scheme;

static int sort_cmp(const void *x, const void *y)
{
	return pkg_version_cmp(sort_scheme, *(char *const *)x, *(char *const *)y);
}

/* Lines of stdin without their '\n'; the caller frees each and the array. */
static char **read_lines(size_t *n)
{
	char **v = NULL, *line = NULL;
	size_t cap = 0, lcap = 0;
	ssize_t k;

	*n = 0;
	while ((k = getline(&line, &lcap, stdin)) >= 0) {
		if (k && line[k - 1] == '\n')
			line[--k] = '\0';
		v = vakt_grow(v, sizeof(*v), *n + 1, &cap);
		v[(*n)++] = vakt_xstrdup(line);
	}
	free(line);
	return v;
}

static int drive(const char *mode, const char *scheme)
{
	int s = pkg_version_scheme_parse(scheme);
	size_t n;
	char **v;

	if (s < 0) {
		fprintf(stderr, "unknown scheme '%s' (deb, apk, rpm)\n", scheme);
		return 2;
	}
	v = read_lines(&n);
	if (!strcmp(mode, "--sort")) {
		sort_scheme = (enum pkg_version_scheme)s;
		qsort(v, n, sizeof(*v), sort_cmp);
		for (size_t i = 0; i < n; i++)
			puts(v[i]);
	} else {
		for (size_t i = 0; i < n; i++) {
			char *sp = strchr(v[i], ' ');

			if (!sp) {
				fprintf(stderr, "line %zu: not 'A B'\n", i + 1);
				return 2;
			}
			*sp = '\0';
			printf("%c\n",
			       op_of(pkg_version_cmp((enum pkg_version_scheme)s, v[i], sp + 1)));
		}
	}
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
	return fflush(stdout) ? 1 : 0;
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_deb_vectors), cmocka_unit_test(test_apk_vectors),
	    cmocka_unit_test(test_rpm_vectors), cmocka_unit_test(test_deb_more),
	    cmocka_unit_test(test_deb_check),   cmocka_unit_test(test_apk_check),
	    cmocka_unit_test(test_rpm_check),   cmocka_unit_test(test_rpm_evr),
	    cmocka_unit_test(test_apk_more),    cmocka_unit_test(test_dispatch),
	    cmocka_unit_test(test_long),
	};

	if (argc == 3 && (!strcmp(argv[1], "--compare") || !strcmp(argv[1], "--sort")))
		return drive(argv[1], argv[2]);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
