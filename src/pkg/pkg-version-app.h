/* SPDX-License-Identifier: MIT */
#ifndef VAKT_PKG_VERSION_APP_H
#define VAKT_PKG_VERSION_APP_H

/*
 * Version ordering of the application ecosystems, as OSV's schema
 * ("Version ordering") names them. Included by pkg/pkg-version.h; the same
 * promises hold: total orders on any NUL-terminated strings (never NULL),
 * antisymmetric and reflexive, one pass without allocation, numbers by value
 * at any length. docs/vulnerabilities.md, "Version ordering", says where each
 * departs from its upstream.
 *
 *   semver    SemVer 2.0.0 section 11 (npm, crates.io), tolerant as npm is:
 *             blanks around, a leading '=' and 'v', a missing minor or patch
 *             read as 0, leading zeros by value; build metadata ("+...") does
 *             not count. A string that is not SemVer even so sorts after
 *             every one that is, bytewise among its kind.
 *   go        golang.org/x/mod/semver: SemVer with a 'v' (accepted without),
 *             "v1" and "v1.2" short for v1.0.0 and v1.2.0, "+incompatible"
 *             and other build metadata ignored, pseudo-versions ordered as
 *             the pre-releases they are. Invalid strings sort before every
 *             valid one, as in Go (where they are all equal), bytewise
 *             among themselves.
 *   pep440    PEP 440 as packaging's Version: normalised spellings, epoch,
 *             release (trailing zeros ignored), pre, post (also "1.0-1"),
 *             dev, local. A string PEP 440 does not parse sorts after every
 *             one it does, bytewise among its kind.
 *   maven     Maven's ComparableVersion and its Version Order Specification
 *             (qualifier ranks, aliases, null trimming, MNG-6964's padding),
 *             made a total order where Maven's has cycles (see
 *             pkg-version-maven.c); ASCII case.
 *   gem       RubyGems' Gem::Version: segments of digits or letters, '-' as
 *             ".pre.", a letter makes a pre-release, trailing zeros ignored;
 *             any string is read the same way.
 *   composer  Composer's VersionParser::normalize() then PHP's
 *             version_compare(): dev < alpha < beta < RC < stable < patch.
 *             Branches ("dev-main") sort before every version, bytewise
 *             among themselves; strings Composer refuses after every
 *             version, bytewise among themselves.
 */

int pkg_version_semver_cmp(const char *a, const char *b);
int pkg_version_go_cmp(const char *a, const char *b);
int pkg_version_pep440_cmp(const char *a, const char *b);
int pkg_version_maven_cmp(const char *a, const char *b);
int pkg_version_gem_cmp(const char *a, const char *b);
int pkg_version_composer_cmp(const char *a, const char *b);

/*
 * BAD (with *why, static, when why is not NULL) where the ecosystem refuses
 * the string, OK (*why = NULL) otherwise:
 *   semver    SemVer 2.0.0's grammar after the tolerated '=', 'v' and blanks
 *   go        x/mod/semver's IsValid(), the 'v' not required
 *   pep440    packaging's Version() accepts it
 *   maven     never BAD but for "" (Maven orders any string)
 *   gem       Gem::Version.correct?
 *   composer  VersionParser::normalize() accepts it (the forms vakt reads)
 */
enum pkg_version_verdict pkg_version_semver_check(const char *v, const char **why);
enum pkg_version_verdict pkg_version_go_check(const char *v, const char **why);
enum pkg_version_verdict pkg_version_pep440_check(const char *v, const char **why);
enum pkg_version_verdict pkg_version_maven_check(const char *v, const char **why);
enum pkg_version_verdict pkg_version_gem_check(const char *v, const char **why);
enum pkg_version_verdict pkg_version_composer_check(const char *v, const char **why);

#endif
