/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for src/vuln/vuln-eco.c: from an image's os-release and
 * package types to the OSV ecosystem strings, the distributions that are
 * not covered (and why), and the names and versions a package is looked up
 * by: source packages for Debian, Ubuntu and Alpine, binary then source rpm.
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
#include "vuln/vuln-eco.h"
#include "vuln/vuln-match.h"

struct ecase {
	const char *id, *version_id, *codename, *pretty;
	enum pkg_type type;
	const char *want; /* NULL: not covered */
	const char *why;  /* not covered: a part of the reason */
};

static const struct ecase cases[] = {
    {"debian", "12", "bookworm", NULL, PKG_DPKG, "Debian:12", NULL},
    {"debian", "11", "bullseye", NULL, PKG_DPKG, "Debian:11", NULL},
    /* debian_version "12.5" read as a release: the major number. */
    {"debian", "12.5", NULL, NULL, PKG_DPKG, "Debian:12", NULL},
    /* Testing and unstable have no VERSION_ID: the codename names the release. */
    {"debian", NULL, "trixie", NULL, PKG_DPKG, "Debian:13", NULL},
    {"debian", NULL, "forky", NULL, PKG_DPKG, "Debian:14", NULL},
    {"debian", NULL, "sid", NULL, PKG_DPKG, "Debian:sid", NULL},
    {"debian", NULL, "zzz", NULL, PKG_DPKG, NULL, "release is unknown"},
    {"debian", NULL, NULL, NULL, PKG_DPKG, NULL, "release is unknown"},
    {"ubuntu", "22.04", "jammy", NULL, PKG_DPKG, "Ubuntu:22.04:LTS", NULL},
    {"ubuntu", "24.04", "noble", NULL, PKG_DPKG, "Ubuntu:24.04:LTS", NULL},
    {"ubuntu", "20.04", "focal", NULL, PKG_DPKG, "Ubuntu:20.04:LTS", NULL},
    {"ubuntu", "23.10", "mantic", NULL, PKG_DPKG, "Ubuntu:23.10", NULL},
    {"ubuntu", "23.04", "lunar", NULL, PKG_DPKG, "Ubuntu:23.04", NULL},
    {"ubuntu", "24.10", "oracular", NULL, PKG_DPKG, "Ubuntu:24.10", NULL},
    {"ubuntu", "22", NULL, NULL, PKG_DPKG, NULL, "YY.MM"},
    {"ubuntu", "22.045", NULL, NULL, PKG_DPKG, NULL, "YY.MM"},
    {"alpine", "3.19.1", NULL, NULL, PKG_APK, "Alpine:v3.19", NULL},
    {"alpine", "3.20.0", NULL, NULL, PKG_APK, "Alpine:v3.20", NULL},
    {"alpine", "3.9", NULL, NULL, PKG_APK, "Alpine:v3.9", NULL},
    {"alpine", "edge", NULL, NULL, PKG_APK, NULL, "release is unknown"},
    {"alpine", "3", NULL, NULL, PKG_APK, NULL, "release is unknown"},
    {"wolfi", "20230201", NULL, NULL, PKG_APK, "Wolfi", NULL},
    {"chainguard", NULL, NULL, NULL, PKG_APK, "Chainguard", NULL},
    {"almalinux", "9.3", NULL, NULL, PKG_RPM, "AlmaLinux:9", NULL},
    {"almalinux", "8.10", NULL, NULL, PKG_RPM, "AlmaLinux:8", NULL},
    {"rocky", "9.3", NULL, NULL, PKG_RPM, "Rocky Linux:9", NULL},
    {"opensuse-leap", "15.5", NULL, NULL, PKG_RPM, "openSUSE:Leap 15.5", NULL},
    {"opensuse-tumbleweed", "20240801", NULL, NULL, PKG_RPM, "openSUSE:Tumbleweed", NULL},
    {"photon", "5.0", NULL, NULL, PKG_RPM, "Photon OS:5.0", NULL},
    {"photon", "5.0 beta", NULL, NULL, PKG_RPM, NULL, "release is unknown"},
    {"azurelinux", "3.0", NULL, NULL, PKG_RPM, "Azure Linux:3", NULL},
    {"mariner", "2.0", NULL, NULL, PKG_RPM, "Azure Linux:2", NULL},
    {"mageia", "9", NULL, NULL, PKG_RPM, "Mageia:9", NULL},
    /* Not covered, each with the reason. */
    {"rhel", "9.3", NULL, NULL, PKG_RPM, NULL, "repository CPEs"},
    {"centos", "7", NULL, NULL, PKG_RPM, NULL, "repository CPEs"},
    {"sles", "15.5", NULL, "SUSE Linux Enterprise Server 15 SP5", PKG_RPM, NULL, "module"},
    {"amzn", "2023", NULL, NULL, PKG_RPM, NULL, "Amazon Linux publishes no OSV records"},
    {"ol", "9.3", NULL, NULL, PKG_RPM, NULL, "Oracle Linux"},
    {"fedora", "40", NULL, NULL, PKG_RPM, NULL, "Fedora"},
    {"arch", NULL, NULL, NULL, PKG_RPM, NULL, "arch is not covered"},
    {"linux", NULL, NULL, NULL, PKG_DPKG, NULL, "distribution is unknown"},
    /* A package type the distribution does not use. */
    {"alpine", "3.19.1", NULL, NULL, PKG_DPKG, NULL, "dpkg packages on alpine are not covered"},
    {"debian", "12", NULL, NULL, PKG_RPM, NULL, "rpm packages on debian are not covered"},
};

static void test_ecosystems(void **state)
{
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(cases); i++) {
		const struct ecase *c = &cases[i];
		struct pkg_os os = {.id = (char *)c->id,
		                    .version_id = (char *)c->version_id,
		                    .codename = (char *)c->codename,
		                    .pretty = (char *)c->pretty};
		struct vuln_eco e;
		enum pkg_version_scheme s;
		bool covered = vuln_eco_for(&os, c->type, &e);

		assert_int_equal(covered, e.covered);
		if (c->want) {
			if (!covered || strcmp(c->want, e.name))
				fail_msg("%s %s: expected '%s', got '%s' (%s)", c->id,
				         c->version_id ? c->version_id : "-", c->want, e.name,
				         e.why);
			assert_string_equal("", e.why);
			/* The string built is one whose ordering the matcher knows, and the same.
			 */
			assert_int_equal(0, vuln_ecosystem_scheme(e.name, &s));
			assert_int_equal(s, e.scheme);
		} else {
			if (covered)
				fail_msg("%s %s: expected not covered, got '%s'", c->id,
				         c->version_id ? c->version_id : "-", e.name);
			assert_string_equal("", e.name);
			if (!strstr(e.why, c->why))
				fail_msg("%s: expected a reason with '%s', got '%s'", c->id, c->why,
				         e.why);
		}
	}
}

static void test_unknown_os(void **state)
{
	struct pkg_os os = {0};
	struct vuln_eco e;

	assert_false(vuln_eco_for(NULL, PKG_DPKG, &e));
	assert_non_null(strstr(e.why, "distribution is unknown"));
	assert_false(vuln_eco_for(&os, PKG_APK, &e));
	assert_non_null(strstr(e.why, "distribution is unknown"));
	os.id = (char *)"";
	assert_false(vuln_eco_for(&os, PKG_APK, &e));
}

/* What goes into the ecosystem string is checked: a hostile VERSION_ID stays out. */
static void test_hostile_release(void **state)
{
	char big[300];
	struct pkg_os os = {.id = (char *)"debian", .version_id = (char *)"12' OR 1=1"};
	struct vuln_eco e;

	assert_true(vuln_eco_for(&os, PKG_DPKG, &e));
	assert_string_equal("Debian:12", e.name);
	os.version_id = (char *)"1234567890";
	assert_false(vuln_eco_for(&os, PKG_DPKG, &e));
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	os.id = big;
	assert_false(vuln_eco_for(&os, PKG_DPKG, &e));
	assert_true(strlen(e.why) < sizeof(e.why));
	os.id = (char *)"photon";
	os.version_id = (char *)"5.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0";
	assert_false(vuln_eco_for(&os, PKG_RPM, &e));
}

static struct pkg mkpkg(enum pkg_type t, const char *name, const char *version, const char *source,
                        const char *source_version)
{
	struct pkg p = {.type = t,
	                .name = (char *)name,
	                .version = (char *)version,
	                .source = (char *)source,
	                .source_version = (char *)source_version};

	return p;
}

static void expect_key(const struct vuln_pkg_key *k, const char *eco, const char *name,
                       const char *version, enum vuln_key_kind kind)
{
	assert_string_equal(eco, k->ecosystem);
	assert_string_equal(name, k->name);
	assert_string_equal(version, k->version);
	assert_int_equal(kind, k->kind);
}

static void test_keys(void **state)
{
	struct pkg_os deb = {.id = (char *)"debian", .version_id = (char *)"12"};
	struct pkg_os alp = {.id = (char *)"alpine", .version_id = (char *)"3.19.1"};
	struct pkg_os rocky = {.id = (char *)"rocky", .version_id = (char *)"9.3"};
	struct vuln_pkg_key k[VULN_PKG_KEYS_MAX];
	struct vuln_eco e, ea, er;
	struct pkg p;

	assert_true(vuln_eco_for(&deb, PKG_DPKG, &e));
	assert_true(vuln_eco_for(&alp, PKG_APK, &ea));
	assert_true(vuln_eco_for(&rocky, PKG_RPM, &er));

	/* The binary has an epoch, the source does not: the source's version is the one. */
	p = mkpkg(PKG_DPKG, "bsdutils", "1:2.38.1-5+deb12u3", "util-linux", "2.38.1-5+deb12u3");
	assert_int_equal(1, vuln_pkg_keys(&p, &e, k));
	expect_key(&k[0], "Debian:12", "util-linux", "2.38.1-5+deb12u3", VULN_KEY_SOURCE);
	assert_int_equal(PKG_VERSION_DEB, k[0].scheme);
	/* A binNMU: the binary's +b13 is not the source's. */
	p = mkpkg(PKG_DPKG, "bash", "5.2.15-2+b13", "bash", "5.2.15-2");
	assert_int_equal(1, vuln_pkg_keys(&p, &e, k));
	expect_key(&k[0], "Debian:12", "bash", "5.2.15-2", VULN_KEY_SOURCE);
	/* Source: without a version: the source version is the binary's, epoch included. */
	p = mkpkg(PKG_DPKG, "zlib1g", "1:1.2.13.dfsg-1", "zlib", "1:1.2.13.dfsg-1");
	assert_int_equal(1, vuln_pkg_keys(&p, &e, k));
	expect_key(&k[0], "Debian:12", "zlib", "1:1.2.13.dfsg-1", VULN_KEY_SOURCE);
	/* No Source: at all (what a parser may leave NULL). */
	p = mkpkg(PKG_DPKG, "base-files", "12.4+deb12u5", NULL, NULL);
	assert_int_equal(1, vuln_pkg_keys(&p, &e, k));
	expect_key(&k[0], "Debian:12", "base-files", "12.4+deb12u5", VULN_KEY_SOURCE);

	/* Alpine by origin. */
	p = mkpkg(PKG_APK, "libcrypto3", "3.1.4-r5", "openssl", "3.1.4-r5");
	assert_int_equal(1, vuln_pkg_keys(&p, &ea, k));
	expect_key(&k[0], "Alpine:v3.19", "openssl", "3.1.4-r5", VULN_KEY_SOURCE);
	assert_int_equal(PKG_VERSION_APK, k[0].scheme);

	/* rpm by binary name, then by the source rpm's name when it differs. */
	p = mkpkg(PKG_RPM, "openssl-libs", "1:3.0.7-24.el9", "openssl", "1:3.0.7-24.el9");
	assert_int_equal(2, vuln_pkg_keys(&p, &er, k));
	expect_key(&k[0], "Rocky Linux:9", "openssl-libs", "1:3.0.7-24.el9", VULN_KEY_BINARY);
	expect_key(&k[1], "Rocky Linux:9", "openssl", "1:3.0.7-24.el9", VULN_KEY_SOURCE_RPM);
	p = mkpkg(PKG_RPM, "bash", "5.1.8-6.el9", "bash", "5.1.8-6.el9");
	assert_int_equal(1, vuln_pkg_keys(&p, &er, k));
	expect_key(&k[0], "Rocky Linux:9", "bash", "5.1.8-6.el9", VULN_KEY_BINARY);

	/* Nothing to look up: not covered, the wrong type, no name or version. */
	p = mkpkg(PKG_APK, "musl", "1.2.4-r2", "musl", "1.2.4-r2");
	assert_int_equal(0, vuln_pkg_keys(&p, &e, k));
	assert_int_equal(0, vuln_pkg_keys(&p, NULL, k));
	p = mkpkg(PKG_DPKG, NULL, "1", NULL, NULL);
	assert_int_equal(0, vuln_pkg_keys(&p, &e, k));
	p = mkpkg(PKG_DPKG, "x", NULL, NULL, NULL);
	assert_int_equal(0, vuln_pkg_keys(&p, &e, k));
	e.covered = false;
	p = mkpkg(PKG_DPKG, "x", "1", NULL, NULL);
	assert_int_equal(0, vuln_pkg_keys(&p, &e, k));

	assert_string_equal("source", vuln_key_kind_name(VULN_KEY_SOURCE));
	assert_string_equal("binary", vuln_key_kind_name(VULN_KEY_BINARY));
	assert_string_equal("source rpm", vuln_key_kind_name(VULN_KEY_SOURCE_RPM));
}

/*
 * Source versus binary, end to end: Debian's record for util-linux, fixed
 * in 2.38.1-5+deb12u1, and the binary bsdutils 1:2.38.1-5 built from
 * util-linux 2.38.1-5. By the source key the package is affected; its
 * binary version, with an epoch the source lacks, would wrongly say fixed.
 */
static void test_source_versus_binary(void **state)
{
	struct pkg_os os = {.id = (char *)"debian", .version_id = (char *)"12"};
	struct vuln_event ev[] = {{VULN_EVENT_INTRODUCED, (char *)"0"},
	                          {VULN_EVENT_FIXED, (char *)"2.38.1-5+deb12u1"}};
	struct vuln_range r = {VULN_RANGE_ECOSYSTEM, ev, 2};
	struct vuln_affected a = {.ecosystem = (char *)"Debian:12",
	                          .name = (char *)"util-linux",
	                          .ranges = &r,
	                          .n_ranges = 1};
	struct pkg p = mkpkg(PKG_DPKG, "bsdutils", "1:2.38.1-5", "util-linux", "2.38.1-5");
	struct vuln_pkg_key k[VULN_PKG_KEYS_MAX];
	struct vuln_verdict v;
	struct vuln_eco e;

	assert_true(vuln_eco_for(&os, p.type, &e));
	assert_int_equal(1, vuln_pkg_keys(&p, &e, k));
	assert_string_equal(a.ecosystem, k[0].ecosystem);
	assert_string_equal(a.name, k[0].name);
	assert_int_equal(0, vuln_match_affected(k[0].scheme, &a, k[0].version, &v));
	assert_true(v.affected);
	assert_string_equal("2.38.1-5 < 2.38.1-5+deb12u1", v.basis);
	assert_int_equal(0, vuln_match_affected(k[0].scheme, &a, p.version, &v));
	assert_false(v.affected);
}

/* Application packages: their registries' ecosystems, whatever the distribution, and names. */
static void test_app_keys(void **state)
{
	static const struct {
		enum pkg_type type;
		const char *eco;
		enum pkg_version_scheme scheme;
		const char *group, *name, *version, *key;
	} v[] = {
	    {PKG_NPM, "npm", PKG_VERSION_SEMVER, NULL, "@babel/core", "7.24.0", "@babel/core"},
	    {PKG_PYPI, "PyPI", PKG_VERSION_PEP440, NULL, "PyYAML", "5.3", "pyyaml"},
	    {PKG_PYPI, "PyPI", PKG_VERSION_PEP440, NULL, "zope.interface", "6.0", "zope-interface"},
	    {PKG_PYPI, "PyPI", PKG_VERSION_PEP440, NULL, "Foo__Bar-._baz", "1", "foo-bar-baz"},
	    {PKG_GO, "Go", PKG_VERSION_GO, NULL, "golang.org/x/net", "v0.7.0", "golang.org/x/net"},
	    {PKG_GO, "Go", PKG_VERSION_GO, NULL, "stdlib", "v1.19.8", "stdlib"},
	    {PKG_MAVEN, "Maven", PKG_VERSION_MAVEN, "org.apache.logging.log4j", "log4j-core",
	     "2.14.1", "org.apache.logging.log4j:log4j-core"},
	    {PKG_CARGO, "crates.io", PKG_VERSION_SEMVER, NULL, "smallvec", "1.6.0", "smallvec"},
	    {PKG_GEM, "RubyGems", PKG_VERSION_GEM, NULL, "rack", "3.0.9", "rack"},
	    {PKG_COMPOSER, "Packagist", PKG_VERSION_COMPOSER, NULL, "Symfony/Twig-Bridge", "v6.4.0",
	     "symfony/twig-bridge"},
	};
	struct pkg_os alp = {.id = (char *)"alpine", .version_id = (char *)"3.19.1"};
	struct vuln_pkg_key k[VULN_PKG_KEYS_MAX];
	struct vuln_eco e, deb;
	char name[300];

	(void)state;
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(v); i++) {
		struct pkg p = mkpkg(v[i].type, v[i].name, v[i].version, NULL, NULL);

		p.group = (char *)v[i].group;
		/* On any distribution, and on none. */
		assert_true(vuln_eco_for(i % 2 ? &alp : NULL, v[i].type, &e));
		assert_string_equal(v[i].eco, e.name);
		assert_int_equal(v[i].scheme, e.scheme);
		assert_int_equal(1, vuln_pkg_keys(&p, &e, k));
		expect_key(&k[0], v[i].eco, v[i].key, v[i].version, VULN_KEY_PACKAGE);
		assert_int_equal(v[i].scheme, k[0].scheme);
	}
	/* A Maven artifact without its group is ambiguous: no key. */
	{
		struct pkg p = mkpkg(PKG_MAVEN, "log4j-core", "2.14.1", NULL, NULL);

		assert_true(vuln_eco_for(NULL, PKG_MAVEN, &e));
		assert_int_equal(0, vuln_pkg_keys(&p, &e, k));
		/* An npm package is not looked up in Maven's ecosystem, nor a dpkg one. */
		p.type = PKG_NPM;
		assert_int_equal(0, vuln_pkg_keys(&p, &e, k));
		p.type = PKG_DPKG;
		assert_int_equal(0, vuln_pkg_keys(&p, &e, k));
	}
	/* A name too long for the key's buffer is not looked up (rather than cut). */
	memset(name, 'a', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	{
		struct pkg p = mkpkg(PKG_PYPI, name, "1.0", NULL, NULL);

		assert_true(vuln_eco_for(NULL, PKG_PYPI, &e));
		assert_int_equal(0, vuln_pkg_keys(&p, &e, k));
	}
	/* An OS package is not keyed by an application ecosystem. */
	{
		struct pkg_os os = {.id = (char *)"debian", .version_id = (char *)"12"};
		struct pkg p = mkpkg(PKG_DPKG, "bash", "5.2.15-2", NULL, NULL);

		assert_true(vuln_eco_for(&os, PKG_DPKG, &deb));
		assert_true(vuln_eco_for(&os, PKG_NPM, &e));
		assert_int_equal(0, vuln_pkg_keys(&p, &e, k));
	}
	assert_string_equal("package", vuln_key_kind_name(VULN_KEY_PACKAGE));
	assert_string_equal("built-using", vuln_key_kind_name(VULN_KEY_BUILT_USING));
}

/* PEP 503 for PyPI, lower case for Packagist, the others as they are; in place. */
static void test_canon_name(void **state)
{
	char a[] = "Flask_SQLAlchemy", b[] = "Monolog/Monolog", c[] = "Express", d[] = "a..b--c__d",
	     e[] = "";

	(void)state;
	vuln_eco_canon_name("PyPI", a);
	assert_string_equal("flask-sqlalchemy", a);
	vuln_eco_canon_name("Packagist", b);
	assert_string_equal("monolog/monolog", b);
	vuln_eco_canon_name("npm", c);
	assert_string_equal("Express", c);
	vuln_eco_canon_name("PyPI", d);
	assert_string_equal("a-b-c-d", d);
	vuln_eco_canon_name("PyPI", e);
	assert_string_equal("", e);
	vuln_eco_canon_name(NULL, c);
	vuln_eco_canon_name("PyPI", NULL);
	assert_string_equal("Express", c);
}

/* Built-Using and Static-Built-Using, as dpkg's status file joins them. */
static void test_built_using(void **state)
{
	struct pkg_os os = {.id = (char *)"debian", .version_id = (char *)"12"};
	struct pkg_os alp = {.id = (char *)"alpine", .version_id = (char *)"3.19.1"};
	struct vuln_pkg_key k[4];
	struct vuln_eco e, ea;
	struct pkg p =
	    mkpkg(PKG_DPKG, "docker.io", "20.10.24+dfsg1-1+b3", "docker.io", "20.10.24+dfsg1-1");
	size_t left = 99;
	char long_bu[400];

	(void)state;
	assert_true(vuln_eco_for(&os, PKG_DPKG, &e));
	assert_true(vuln_eco_for(&alp, PKG_APK, &ea));
	p.built_using = (char *)"golang-1.19 (= 1.19.8-2), golang-golang-x-net (= 1:0.7.0+dfsg-1),"
	                        "  rust-regex (=1.7.1-3)";
	assert_int_equal(3, vuln_built_using_keys(&p, &e, k, 4, &left));
	assert_int_equal(0, left);
	expect_key(&k[0], "Debian:12", "golang-1.19", "1.19.8-2", VULN_KEY_BUILT_USING);
	expect_key(&k[1], "Debian:12", "golang-golang-x-net", "1:0.7.0+dfsg-1",
	           VULN_KEY_BUILT_USING);
	expect_key(&k[2], "Debian:12", "rust-regex", "1.7.1-3", VULN_KEY_BUILT_USING);
	assert_int_equal(PKG_VERSION_DEB, k[0].scheme);
	/* Beyond max: counted, not written. */
	assert_int_equal(2, vuln_built_using_keys(&p, &e, k, 2, &left));
	assert_int_equal(1, left);
	/* Malformed entries are counted and passed over; the good ones still read. */
	p.built_using = (char *)"golang-1.19, (= 1.0), x (>= 2), y (= ), z (= 3, ok (= 4)";
	assert_int_equal(1, vuln_built_using_keys(&p, &e, k, 4, &left));
	expect_key(&k[0], "Debian:12", "ok", "4", VULN_KEY_BUILT_USING);
	assert_int_equal(5, left);
	memset(long_bu, 'n', sizeof(long_bu));
	memcpy(long_bu + 300, " (= 1)", 7);
	p.built_using = long_bu;
	assert_int_equal(0, vuln_built_using_keys(&p, &e, k, 4, &left));
	assert_int_equal(1, left);
	/* Nothing for a package without the fields, another type, or another ecosystem. */
	p.built_using = NULL;
	assert_int_equal(0, vuln_built_using_keys(&p, &e, k, 4, &left));
	assert_int_equal(0, left);
	p.built_using = (char *)"golang-1.19 (= 1.19.8-2)";
	assert_int_equal(0, vuln_built_using_keys(&p, &ea, k, 4, &left));
	assert_int_equal(0, vuln_built_using_keys(&p, NULL, k, 4, &left));
	p.type = PKG_APK;
	assert_int_equal(0, vuln_built_using_keys(&p, &e, k, 4, &left));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_ecosystems),           cmocka_unit_test(test_unknown_os),
	    cmocka_unit_test(test_hostile_release),      cmocka_unit_test(test_keys),
	    cmocka_unit_test(test_source_versus_binary), cmocka_unit_test(test_app_keys),
	    cmocka_unit_test(test_canon_name),           cmocka_unit_test(test_built_using),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
