/* SPDX-License-Identifier: MIT */
#ifndef VAKT_VULN_ECO_H
#define VAKT_VULN_ECO_H

/*
 * From what an image says about itself (its distribution, struct pkg_os,
 * and each package's type) to what the OSV data is keyed by: the ecosystem
 * string of the release ("Debian:12", "Ubuntu:22.04:LTS", "Alpine:v3.19",
 * "Rocky Linux:9") and the package name and version to look up (Debian,
 * Ubuntu and Alpine by source package, rpm by binary then source rpm name).
 * A distribution the data does not cover gets a sentence that says so and
 * why, so that a scan reports "not covered" rather than finding nothing.
 * Pure functions: nothing is allocated.
 */

#include <stdbool.h>
#include <stddef.h>

#include "pkg/pkg-model.h"
#include "pkg/pkg-version.h"

/* Longest ecosystem string built ("openSUSE:Leap 15.5"); longer releases are not covered. */
#define VULN_ECO_MAX 64

/* Where one kind of package of one image is looked up. */
struct vuln_eco {
	bool covered;
	char name[VULN_ECO_MAX];        /* the ecosystem string; "" when not covered */
	enum pkg_version_scheme scheme; /* how its versions order (covered only) */
	/*
	 * Not covered: why, one sentence without a final period, naming the
	 * distribution: "rhel 9.3 is not covered: Red Hat files its OSV
	 * records under repository CPEs, which an image does not record".
	 * "" when covered.
	 */
	char why[256];
};

/*
 * The ecosystem of packages of type t on distribution os (NULL: unknown).
 * Fills every field of *out and returns out->covered.
 *
 *   debian  "Debian:<VERSION_ID>"; testing and unstable (no VERSION_ID)
 *           by the release their VERSION_CODENAME names ("trixie" ->
 *           "Debian:13"), "sid" -> "Debian:sid"
 *   ubuntu  "Ubuntu:<VERSION_ID>", with ":LTS" for an even year's .04
 *           ("Ubuntu:22.04:LTS", "Ubuntu:23.10")
 *   alpine  "Alpine:v<major>.<minor>" ("3.19.1" -> "Alpine:v3.19")
 *   wolfi, chainguard   "Wolfi", "Chainguard" (no releases)
 *   almalinux, rocky    "AlmaLinux:<major>", "Rocky Linux:<major>"
 *   opensuse-leap, opensuse-tumbleweed   "openSUSE:Leap 15.5", "openSUSE:Tumbleweed"
 *   photon, azurelinux, mariner, mageia  "Photon OS:5.0", "Azure Linux:3",
 *           "Azure Linux:2", "Mageia:9"
 *
 * Application packages are covered whatever the distribution (or without
 * one), by their registry's ecosystem: npm (SemVer), PyPI (PEP 440), Go
 * (SemVer with Go's v prefix), Maven (Maven's ordering), crates.io
 * (SemVer), RubyGems, Packagist (Composer's ordering).
 *
 * Not covered, with the reason: Red Hat Enterprise Linux and CentOS (their
 * records are keyed by repository CPEs), SUSE Linux Enterprise (by the
 * module that ships a package), distributions without OSV data (Amazon
 * Linux, Oracle Linux, Fedora, ...), an unknown distribution or release,
 * and a package type the distribution does not use (dpkg packages on
 * Alpine).
 */
bool vuln_eco_for(const struct pkg_os *os, enum pkg_type t, struct vuln_eco *out);

/* Which name of a package a key looks up. */
enum vuln_key_kind {
	VULN_KEY_SOURCE,      /* the source package: dpkg Source:, apk origin */
	VULN_KEY_BINARY,      /* the binary package (rpm) */
	VULN_KEY_SOURCE_RPM,  /* the name of the source rpm, as a second key for rpm */
	VULN_KEY_PACKAGE,     /* an application package by its registry name */
	VULN_KEY_BUILT_USING, /* a source package a Debian binary was built with (Built-Using) */
};

/* Longest name or version a key builds itself ("group:artifact", a Built-Using entry). */
#define VULN_KEY_TEXT_MAX 192

/*
 * One lookup: what vuln_db_lookup() is asked and how its answer is judged.
 * name and version point into the package or into the key's own buffers:
 * a key is filled in place and never copied by assignment.
 */
struct vuln_pkg_key {
	const char *ecosystem; /* borrowed from the struct vuln_eco */
	const char *name;      /* the package's, or name_buf */
	const char *version;   /* the version to judge: the package's, or version_buf */
	enum pkg_version_scheme scheme;
	enum vuln_key_kind kind;
	char name_buf[VULN_KEY_TEXT_MAX];
	char version_buf[VULN_KEY_TEXT_MAX];
};

#define VULN_PKG_KEYS_MAX 2

/*
 * The keys to look package p up by in ecosystem eco, written to out[] in
 * the order to try them; returns how many (0 when eco is not covered, the
 * package has no name or version, or its type is not the ecosystem's):
 *
 *   dpkg  the source package and source version (binary bsdutils
 *         1:2.38.1-5+deb12u3 is util-linux 2.38.1-5+deb12u3; a binNMU bash
 *         5.2.15-2+b13 is bash 5.2.15-2); without Source:, the binary's
 *   apk   the origin with the package version
 *   rpm   the binary name with its version, then the source rpm's name with
 *         the source version when it differs from the binary name
 *   application packages   the name as the ecosystem's records spell it:
 *         Maven "groupId:artifactId", PyPI normalised (PEP 503: "PyYAML" ->
 *         "pyyaml", "zope.interface" -> "zope-interface"), Packagist in lower
 *         case, the others as declared; Go's toolchain is the module
 *         "stdlib". A Maven package without a groupId has no key.
 *
 * A record found by both rpm keys is the same record: the caller keeps it
 * once (by id).
 */
size_t vuln_pkg_keys(const struct pkg *p, const struct vuln_eco *eco,
                     struct vuln_pkg_key out[VULN_PKG_KEYS_MAX]);

/* Most Built-Using entries of one package looked up; the rest are counted, not read. */
#define VULN_BUILT_USING_MAX 128

/*
 * The source packages a Debian binary package was compiled with (its
 * Built-Using and Static-Built-Using fields, "golang-1.19 (= 1.19.8-2),
 * rust-regex (= 1.7.1-3)"), as keys in the Debian ecosystem eco: a Go or
 * Rust program carries the code of those source packages, so their Debian
 * records are its vulnerabilities too, judged by Debian's own fixes.
 * Writes at most max keys to out and returns how many; *left_out gets the
 * number of entries not written (beyond max, or malformed: no "(= version)",
 * a name or version longer than VULN_KEY_TEXT_MAX). 0 for a package
 * without such fields or an eco that is not a dpkg distribution's.
 */
size_t vuln_built_using_keys(const struct pkg *p, const struct vuln_eco *eco,
                             struct vuln_pkg_key *out, size_t max, size_t *left_out);

/*
 * Put a package name recorded in ecosystem into the form records are
 * stored and looked up by, in place (the result is never longer): PyPI
 * names normalised as PEP 503 says, Packagist names in lower case; other
 * ecosystems' names are left as they are. The importer applies it to the
 * records' names, vuln_pkg_keys() to the packages'.
 */
void vuln_eco_canon_name(const char *ecosystem, char *name);

/*
 * "source", "binary", "source rpm", "package", "built-using": how a report
 * names the key a match came by. Static.
 */
const char *vuln_key_kind_name(enum vuln_key_kind k);

#endif
