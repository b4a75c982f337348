/* SPDX-License-Identifier: MIT */
#ifndef VAKT_PKG_VERSION_H
#define VAKT_PKG_VERSION_H

/*
 * Version ordering as the package managers themselves order versions, so
 * that "is the installed version older than the fixed one?" gets the answer
 * the distribution's security team would give:
 *
 *   deb  dpkg's (deb-version(7)): epoch, then upstream and revision by
 *        dpkg's verrevcmp, where '~' sorts before everything, even the end
 *   apk  apk-tools v3's (src/version.c since 2024): tokens digit, letter,
 *        _suffix, ~hash, -rN; 1.0_pre1 < 1.0 < 1.0-r1 < 1.0_p1 < 1.0a; a
 *        number after a '.' with a leading zero compares as a string
 *        (1.0 < 1.001 < 1.01)
 *   rpm  rpm's: epoch, then version and release by rpmvercmp(), where '~'
 *        sorts before everything and '^' after the end but before more
 *
 * The comparators are total: they order any two strings, well-formed or not,
 * and are antisymmetric (cmp(a, b) == -cmp(b, a)) and reflexive. A malformed
 * version is ordered by the same rules on the parts it splits into;
 * pkg_version_check() says whether a version is one the manager accepts.
 * Each runs in one pass over its arguments, in time linear in their length,
 * without allocating. Arguments are NUL-terminated strings, never NULL.
 * docs/vulnerabilities.md, "Version ordering", says where each departs from
 * its upstream and why.
 */

enum pkg_version_scheme {
	PKG_VERSION_DEB,
	PKG_VERSION_APK,
	PKG_VERSION_RPM,
	/* Application ecosystems (src/pkg/pkg-version-app.h says how each orders). */
	PKG_VERSION_SEMVER,   /* npm, crates.io */
	PKG_VERSION_GO,       /* Go modules */
	PKG_VERSION_PEP440,   /* PyPI */
	PKG_VERSION_MAVEN,    /* Maven */
	PKG_VERSION_GEM,      /* RubyGems */
	PKG_VERSION_COMPOSER, /* Packagist */
};

/* -1, 0 or 1 as a sorts before, with or after b in scheme s. */
int pkg_version_cmp(enum pkg_version_scheme s, const char *a, const char *b);

/*
 * dpkg: "[epoch:]upstream[-revision]", surrounding blanks ignored. The epoch
 * is the text before the first ':' when it is a number (after what dpkg's
 * strtol() passes over: white space, a sign), by value at any length; otherwise
 * the colon belongs to the upstream part. The revision is the text after the
 * last '-' (missing: ""). Bytes order as dpkg orders them on amd64, where
 * char is signed.
 */
int pkg_version_deb_cmp(const char *a, const char *b);

/*
 * apk-tools v3. Numbers compare by value at any length (apk wraps them
 * modulo 2^64; no real version has a 20-digit number). Two versions whose
 * first invalid token comes at the same place after equal tokens are equal,
 * as in apk.
 */
int pkg_version_apk_cmp(const char *a, const char *b);

/*
 * rpm: "[epoch:]version[-release]" as rpm splits it (the epoch is the
 * leading digits when a ':' follows them, an empty one is 0; the release is
 * the text after the last '-'), epochs numerically, then version and release
 * by pkg_version_rpm_vercmp(), as rpm's rpmverCmp() (rpm.vercmp() in rpm's
 * Lua): a missing release sorts before any release. (Dependency ranges,
 * rpmverOverlap(), ignore the release when either side lacks one: that is a
 * rule for matching, not an order.)
 */
int pkg_version_rpm_cmp(const char *a, const char *b);
/* rpm's rpmvercmp() on one field (a version or a release): -1, 0 or 1. */
int pkg_version_rpm_vercmp(const char *a, const char *b);

/* What pkg_version_check() found. */
enum pkg_version_verdict {
	PKG_VERSION_OK = 0,
	PKG_VERSION_ODD = 1,  /* the manager accepts it with a warning (dpkg) */
	PKG_VERSION_BAD = -1, /* the manager refuses it */
};

/*
 * Whether v is a version the manager of scheme s accepts. On ODD or BAD,
 * *why (when why is not NULL) is set to a static string saying what is
 * wrong, in the manager's words where it has them ("revision number is
 * empty", "version number does not start with digit"); on OK, to NULL.
 *
 *   deb  dpkg's parseversion(): errors are BAD, its warnings ODD
 *   apk  apk's apk_version_validate(): BAD or OK
 *   rpm  an epoch that is a number, a version and (if there is a '-') a
 *        release that are not empty and hold only what rpmbuild allows in
 *        them (letters, digits, "._+~^"): BAD or OK
 *   the application schemes: BAD where the ecosystem's grammar refuses the
 *        string (src/pkg/pkg-version-app.h), OK otherwise
 */
enum pkg_version_verdict pkg_version_check(enum pkg_version_scheme s, const char *v,
                                           const char **why);
enum pkg_version_verdict pkg_version_deb_check(const char *v, const char **why);
enum pkg_version_verdict pkg_version_apk_check(const char *v, const char **why);
enum pkg_version_verdict pkg_version_rpm_check(const char *v, const char **why);

/* "deb", "apk", "rpm", "semver", "go", "pep440", "maven", "gem", "composer"; static.
 * pkg_version_scheme_parse(): -1 for another name. */
const char *pkg_version_scheme_name(enum pkg_version_scheme s);
int pkg_version_scheme_parse(const char *name);

#include "pkg/pkg-version-app.h"

#endif
