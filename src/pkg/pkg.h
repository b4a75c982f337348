/* SPDX-License-Identifier: MIT */
#ifndef VAKT_PKG_H
#define VAKT_PKG_H

/*
 * Package inventory: the parsers of the package databases found in images
 * (dpkg, apk, rpm), the distribution detection, package URLs and the SBOM
 * writers (CycloneDX 1.5 and SPDX 2.3 JSON).
 *
 * Every parser is a pure function over bytes the caller has read (from an
 * image layer or a root filesystem): nothing here opens a file. `path` is the
 * database's path inside the image, used only in error messages. The bytes
 * are untrusted: every size is bounded by a named ceiling and every error
 * names the file and, for text formats, the line.
 *
 * Parsers append to a caller-owned `struct pkg_list` (start from a zeroed
 * list). On failure they return a negative errno, set *err, and leave the list
 * as it was on entry. New packages get `layer` -1 and `purl` NULL: the caller
 * sets the layer, and pkg_list_set_purls() the package URLs once the
 * distribution is known.
 */

#include <stdbool.h>
#include <stdio.h>

#include "core/severity.h"
#include "core/util.h"
#include "pkg/pkg-model.h"

/* Largest os-release, alpine-release, debian_version or redhat-release read. */
#define PKG_MAX_OS_BYTES (64u * 1024)
/* Largest rpm header blob (one package's record in rpmdb.sqlite). */
#define PKG_RPM_MAX_HEADER_BYTES (32u * 1024 * 1024)
/* Most index entries (tags) in one rpm header; rpm itself refuses more. */
#define PKG_RPM_MAX_INDEX 65535
/*
 * SQLite virtual-machine steps allowed for reading one rpmdb.sqlite, in
 * thousands: a corrupt or hostile database stops here instead of hanging.
 */
#define PKG_RPM_MAX_SQL_KSTEPS 2000000
/* Licence short names kept from one debian/copyright file. */
#define PKG_MAX_COPYRIGHT_LICENSES 64

/* --- the list ------------------------------------------------------------ */

/*
 * Append a zeroed package (layer -1) and return it. The pointer is valid
 * until the next append; the list owns the package.
 */
struct pkg *pkg_list_add(struct pkg_list *l);
/* Release the packages from index n on (n <= l->n); the list keeps them before. */
void pkg_list_truncate(struct pkg_list *l, size_t n);
/* Free everything a package owns and zero it. */
void pkg_release(struct pkg *p);
/*
 * Sort by type, name, architecture, version, then layer, line and declaring
 * file: a stable order for reports.
 */
void pkg_list_sort(struct pkg_list *l);
/* "dpkg", "apk" or "rpm". Static string. */
const char *pkg_type_name(enum pkg_type t);
/* Set the layer of packages [from, l->n): for a database that is one layer's file. */
void pkg_list_set_layer(struct pkg_list *l, size_t from, int layer);

/*
 * Attribute each package of `final` to the layer that installed it, from
 * the successive versions of the same database: snaps[i] is the database as
 * layer snap_layer[i] wrote it (layers ascending; the last one is usually the
 * database `final` was parsed from). A package's layer is the earliest layer
 * of the last unbroken run of snapshots that hold the same type, name,
 * architecture and version; a package in no snapshot keeps its layer.
 * Reads the snapshots, changes only final's `layer` fields.
 */
void pkg_list_assign_layers(struct pkg_list *final, const struct pkg_list *snaps,
                            const int *snap_layer, size_t n);

/* --- package databases --------------------------------------------------- */

/*
 * dpkg's var/lib/dpkg/status: one deb822 stanza per package. Kept: the
 * packages whose Status state is "installed" (or "triggers-awaited" /
 * "triggers-pending", whose files are all in place), whatever the selection
 * ("install", "hold", "deinstall", "purge": a package marked for removal is
 * still there). Left out: "not-installed", "config-files" (only
 * configuration files remain), and the interrupted states "half-installed",
 * "unpacked" and "half-configured", whose files may be partly there, as
 * dpkg itself does not count them as installed. Stanzas without Package or
 * Version are skipped. Source: "name" or "name (version)"; without it the
 * source is the binary package. Continuation lines of kept fields are folded
 * with one space. `line` is the stanza's first line. Built-Using and
 * Static-Built-Using are kept in `built_using` (up to PKG_MAX_BUILT_USING).
 * They name the Debian *source* packages statically linked in, with Debian
 * versions: "golang-github-foo-bar (= 1.2.3-1)". Mapping one to a Go module
 * is a guess with known limits: Debian's name is the import path lowercased
 * with '/' and '.' turned into '-' and the host shortened
 * (github.com/foo/bar -> golang-github-foo-bar, golang.org/x/net ->
 * golang-golang-x-net), which is not reversible (foo-bar/baz and foo/bar-baz
 * give the same name; case is lost; gopkg.in and vanity hosts vary); the
 * authoritative path is the source's XS-Go-Import-Path, which the status
 * file does not carry; the version is Debian's (0.0~git20230101.abc1234-1,
 * 1.2.3+ds-1), whose upstream part must be stripped of ~/+ suffixes and
 * Debian revisions and is no module version for git snapshots; and Debian's
 * security fixes are backported without changing the upstream part.
 * Errors: -EFBIG (len > PKG_MAX_DB_BYTES), -E2BIG (more than PKG_MAX_PACKAGES
 * packages, or a kept field longer than PKG_MAX_FIELD), -EINVAL (a line that
 * is neither a field, a continuation nor blank).
 */
int pkg_dpkg_parse_status(const char *path, const char *data, size_t len, struct pkg_list *out,
                          struct vakt_error **err);
/*
 * One file of var/lib/dpkg/status.d/ (distroless images): one or more
 * stanzas without a Status field, each an installed package. A stanza that
 * does carry Status is filtered as in pkg_dpkg_parse_status(). Same errors.
 */
int pkg_dpkg_parse_status_d(const char *path, const char *data, size_t len, struct pkg_list *out,
                            struct vakt_error **err);
/*
 * Whether a file name in status.d/ holds a package record: not the
 * "NAME.md5sums" lists beside them, nor hidden or editor backup files.
 */
bool pkg_dpkg_status_d_wanted(const char *name);
/*
 * The licence short names of a machine-readable debian/copyright file
 * (usr/share/doc/PKG/copyright, "Format: .../copyright-format/1.0/"):
 * the distinct names of its `License:` fields, in order of first use, with
 * expressions split at "or", "and" and ",". Sets *license to them joined with
 * " AND " (the caller owns it), or NULL when the file is not in that format
 * or names no licence (0 either way). Keeps at most
 * PKG_MAX_COPYRIGHT_LICENSES names and PKG_MAX_FIELD bytes.
 * Errors: -EFBIG (len > PKG_MAX_DB_BYTES).
 */
int pkg_dpkg_parse_copyright(const char *path, const char *data, size_t len, char **license,
                             struct vakt_error **err);

/*
 * apk's lib/apk/db/installed: blank-line separated records of "K:value"
 * lines; P name, V version, A architecture, o origin (the source package),
 * L licence. Records without P or V are skipped. Source version = version.
 * Errors as pkg_dpkg_parse_status(); -EINVAL for a line not "K:value".
 */
int pkg_apk_parse_installed(const char *path, const char *data, size_t len, struct pkg_list *out,
                            struct vakt_error **err);

/*
 * rpm's rpmdb.sqlite (the database bytes; any -wal file is not read). The
 * database is copied into an in-memory SQLite connection (read-only, no
 * views, triggers or untrusted schema functions, bounded by
 * PKG_RPM_MAX_SQL_KSTEPS) and each blob of its Packages table is parsed by
 * pkg_rpm_parse_header(). `line` is the record's hnum.
 * Errors: -EFBIG (len > PKG_MAX_DB_BYTES), -EINVAL (not an SQLite database,
 * no Packages table, a corrupt database or header), -E2BIG (more than
 * PKG_MAX_PACKAGES records, skipped keys included), -ETIME (the step ceiling).
 */
int pkg_rpm_parse_sqlite(const char *path, const char *data, size_t len, struct pkg_list *out,
                         struct vakt_error **err);
/*
 * One rpm header blob as rpm stores it in its databases: big-endian index
 * count and data size, index entries {tag, type, offset, count}, data.
 * Reads NAME (1000), VERSION (1001), RELEASE (1002), EPOCH (1003), LICENSE
 * (1014), ARCH (1022) and SOURCERPM (1044); every offset and size is checked
 * against the blob. Appends one package, or none for the "gpg-pubkey"
 * pseudo-packages rpm keeps for imported keys. Version "[EPOCH:]VERSION-RELEASE";
 * source and source version from SOURCERPM "NAME-VERSION-RELEASE.src.rpm"
 * (with the binary's epoch). `record` is stored as the package's line.
 * Errors: -EINVAL (malformed header, missing NAME/VERSION/RELEASE, a tag of
 * the wrong type), -E2BIG (a header or field over its ceiling).
 */
int pkg_rpm_parse_header(const char *path, const unsigned char *blob, size_t len, int record,
                         struct pkg_list *out, struct vakt_error **err);

/*
 * Where the package databases live in an image (paths without a leading
 * slash), in the order to look for them. An entry whose path ends in '/' is
 * a directory whose regular files are each parsed (filter the names with
 * pkg_dpkg_status_d_wanted()). Read every database present: an image may hold
 * both status and status.d, never two of one kind in practice.
 */
struct pkg_db_source {
	const char *path;
	enum pkg_type type;
	/* One of the parsers above: they all share this signature. */
	int (*parse)(const char *path, const char *data, size_t len, struct pkg_list *out,
	             struct vakt_error **err);
};
extern const struct pkg_db_source pkg_db_sources[];
extern const size_t pkg_db_sources_n;

/* --- distribution ------------------------------------------------------- */

/*
 * os-release (etc/os-release, else usr/lib/os-release): shell-style
 * KEY=value lines, values unquoted as the os-release manual says. Fills ID
 * (lower-case; "linux" when absent), VERSION_ID, VERSION_CODENAME (else
 * UBUNTU_CODENAME), PRETTY_NAME and ID_LIKE. *out is overwritten (its
 * previous contents are not freed); the caller owns it (pkg_os_release()).
 * Errors: -EFBIG (len > PKG_MAX_OS_BYTES).
 */
int pkg_os_parse(const char *path, const char *data, size_t len, struct pkg_os *out,
                 struct vakt_error **err);
/*
 * The fallbacks below fill *out as pkg_os_parse() does (overwritten, owned by
 * the caller) from the older per-family files, and fail with -EFBIG over
 * PKG_MAX_OS_BYTES or -EINVAL when the file holds no release.
 *
 * etc/alpine-release ("3.19.1"): id "alpine".
 */
int pkg_os_parse_alpine_release(const char *path, const char *data, size_t len, struct pkg_os *out,
                                struct vakt_error **err);
/*
 * etc/debian_version ("12.5" gives version_id "12", as os-release has it;
 * "trixie/sid" gives codename "trixie"): id "debian". Ubuntu ships this file
 * too, so read it only when os-release is missing.
 */
int pkg_os_parse_debian_version(const char *path, const char *data, size_t len, struct pkg_os *out,
                                struct vakt_error **err);
/*
 * etc/redhat-release ("Rocky Linux release 9.3 (Blue Onyx)"): id from the
 * name (rhel, rocky, almalinux, centos, fedora, ol, amzn; else the first
 * word in lower case), version as written, codename in parentheses.
 */
int pkg_os_parse_redhat_release(const char *path, const char *data, size_t len, struct pkg_os *out,
                                struct vakt_error **err);

/* The files above in the order to try them; the first one present wins. */
struct pkg_os_source {
	const char *path;
	int (*parse)(const char *path, const char *data, size_t len, struct pkg_os *out,
	             struct vakt_error **err);
};
extern const struct pkg_os_source pkg_os_sources[];
extern const size_t pkg_os_sources_n;

/* --- package URLs -------------------------------------------------------- */

/*
 * The purl of a package (the caller owns it):
 *   pkg:deb/debian/NAME@VERSION?arch=ARCH&distro=debian-12
 *   pkg:apk/alpine/NAME@VERSION?arch=ARCH&distro=alpine-3.19.1
 *   pkg:rpm/redhat/NAME@VERSION-RELEASE?arch=ARCH&distro=rhel-9.3&epoch=1
 * The namespace is the distribution's vendor (os->id; rpm: rhel is
 * "redhat", ol "oracle", amzn "amazon"), "debian"/"alpine" for deb/apk when
 * the distribution is unknown, none for rpm. Deb versions keep their epoch
 * ("1%3A2.38.1-5"); rpm moves it to the epoch qualifier. Components are
 * percent-encoded (everything but A-Z a-z 0-9 . - _ ~), qualifiers sorted.
 * distro is ID-VERSION_ID (or ID-CODENAME); os may be NULL.
 */
char *pkg_purl(const struct pkg *p, const struct pkg_os *os);
/* Set every package's purl (replacing any) with pkg_purl(). */
void pkg_list_set_purls(struct pkg_list *l, const struct pkg_os *os);

/* --- SBOM --------------------------------------------------------------- */

/* Length of an SBOM timestamp "YYYY-MM-DDTHH:MM:SSZ" with its NUL. */
#define PKG_SBOM_TIME_LEN 21

/* Where a layer came from in the Dockerfile that built the image (vakt image --dockerfile). */
struct pkg_sbom_origin {
	const char *origin;      /* "instruction", "base-image" or "not-matched"; NULL: unknown */
	int line;                /* the instruction's (the FROM's for the base image); 0: none */
	const char *instruction; /* as written ("RUN apt-get install -y curl"), may be NULL */
};

/* Who rated a vulnerability (struct pkg_sbom_vuln). */
enum pkg_sbom_rater {
	PKG_SBOM_RATED_NONE,         /* nobody: the severity is the rule's default */
	PKG_SBOM_RATED_DISTRIBUTION, /* the distribution's word (Debian urgency, Ubuntu priority,
	                                an AlmaLinux or Rocky advisory's rating) */
	PKG_SBOM_RATED_CVSS,         /* a CVSS vector of the record: vector and score are set */
};

/*
 * One known vulnerability of one package, for the CycloneDX SBOM's
 * "vulnerabilities" (docs/vulnerabilities.md, "In the SBOM"): plain data, so
 * that the writer knows nothing of the matcher that found it. Every pointer
 * is borrowed.
 */
struct pkg_sbom_vuln {
	const char *id;             /* "CVE-2024-0003"; required */
	const char *const *aliases; /* the other ids, NULL-terminated; may be NULL */
	const char *const *links;   /* advisory URLs, the most specific first, NULL-terminated */
	/*
	 * The affected package's purl, as the package list has it: the
	 * vulnerability points at every component with this purl (one, or a
	 * package listed twice). Required; a purl that names no component
	 * leaves the vulnerability out.
	 */
	const char *purl;
	const char *ecosystem; /* the OSV ecosystem the records are of, "Debian:12"; may be NULL */
	const char *title;     /* the record's summary; may be NULL */
	const char *matched_name;    /* the package the fix is a version of (Debian: the source) */
	const char *fixed;           /* the version that fixes it; NULL or "": none yet */
	const char *status;          /* "fixed", "partly fixed", "no fix yet", ...; may be NULL */
	enum vakt_severity severity; /* the finding's */
	enum pkg_sbom_rater rated_by;
	const char *vector; /* PKG_SBOM_RATED_CVSS: the vector rated by ("CVSS:3.1/AV:N/...") */
	const char *score;  /* PKG_SBOM_RATED_CVSS: its score, "9.8" */
	bool suppressed;    /* by an ignore file, a VEX statement or the configuration */
	/*
	 * The OpenVEX statement that covers it, if any: its status
	 * ("not_affected", "fixed", "affected", "under_investigation") and
	 * justification label (may be NULL).
	 */
	const char *vex_status;
	const char *vex_justification;
	/* Suppressed: why (the reason the reports show); else a VEX action statement. May be NULL.
	 */
	const char *detail;
};

/* What the SBOM describes. The writers borrow every pointer. */
struct pkg_sbom_subject {
	const char *name; /* as the user named it: "localhost/app:1", a path; required */
	const char
	    *digest; /* "sha256:<hex>" of the image (config or manifest); NULL for a rootfs */
	const char *created; /* "YYYY-MM-DDTHH:MM:SSZ" (pkg_sbom_normalize_time()); required */
	const char *const *layer_digests; /* per layer index (diff ids), may be NULL */
	size_t n_layers;
	/*
	 * Optional: the Dockerfile's path and, per layer index (n_layers of
	 * them), where the layer came from in it. Each package then carries
	 * its layer's: CycloneDX properties vakt:dockerfile, ...:origin,
	 * ...:line and ...:instruction; SPDX, its comment.
	 */
	const char *dockerfile;
	const struct pkg_sbom_origin *layer_origins;
	/*
	 * The subject is a source tree (vakt scan), not an image: CycloneDX
	 * describes it as an application, SPDX's package for it has the
	 * purpose SOURCE.
	 */
	bool source_tree;
	/*
	 * Optional: the packages' known vulnerabilities. With with_vulns (a
	 * vulnerability database was read), CycloneDX writes a
	 * "vulnerabilities" array, empty when n_vulns is 0; without it, none.
	 * SPDX 2.3 has no place for them and ignores them.
	 */
	bool with_vulns;
	const struct pkg_sbom_vuln *vulns;
	size_t n_vulns;
};

/*
 * Turn an RFC 3339 time ("2024-01-02T03:04:05.123456789+02:00", an image
 * config's `created`) into the UTC seconds form both SBOM formats require:
 * "2024-01-02T01:04:05Z". -EINVAL when it is not such a time.
 */
int pkg_sbom_normalize_time(const char *rfc3339, char out[PKG_SBOM_TIME_LEN]);
/* Format seconds since the epoch the same way (e.g. time(NULL) or SOURCE_DATE_EPOCH). */
void pkg_sbom_format_time(long long epoch_seconds, char out[PKG_SBOM_TIME_LEN]);
/*
 * The BOM's UUID, a function of the subject only so that the same image
 * always gets the same serial number and SPDX namespace (and goldens are
 * stable): the first 128 bits of the image digest when it has one, else a
 * hash of name and created; version nibble 8 and the RFC 9562 variant
 * (a UUIDv8, "custom"). The caller owns the "xxxxxxxx-xxxx-..." string.
 */
char *pkg_sbom_uuid(const struct pkg_sbom_subject *s);
/*
 * CycloneDX 1.5 JSON: metadata.component is the image (type container; a
 * source tree's: application), components are the operating system (type
 * operating-system) and one library per package (name, version, purl as
 * bom-ref, licenses, properties vakt:package:* and vakt:layer*; an
 * application package's vakt:package:found-in names its file);
 * dependencies: image -> OS -> packages;
 * with s->with_vulns, vulnerabilities (pkg_sbom_cdx_*() below), sorted by
 * id then affected reference, one per id and purl (the first given, an
 * unsuppressed one before a suppressed one).
 * Packages are written in pkg_list_sort() order (whatever the list's order),
 * one JSON object at a time rather than as one tree; a package without a purl
 * gets pkg_purl(); a reference used twice gets "#2", "#3". Bytes that are not
 * UTF-8 are written as '?'. Borrows everything; os and l may be NULL.
 * Errors: -EINVAL (subject without name or with a bad created time), -EIO
 * (writing to f failed).
 */
int pkg_sbom_cyclonedx(FILE *f, const struct pkg_sbom_subject *s, const struct pkg_os *os,
                       const struct pkg_list *l, struct vakt_error **err);
/*
 * SPDX 2.3 JSON: the document DESCRIBES the image package, which CONTAINS
 * the operating system and every package (an application package's
 * sourceInfo names the file that declares it; externalRefs purl,
 * licenseDeclared when the recorded licence is an SPDX expression, else
 * NOASSERTION with the text in licenseComments). Same arguments and errors.
 */
int pkg_sbom_spdx(FILE *f, const struct pkg_sbom_subject *s, const struct pkg_os *os,
                  const struct pkg_list *l, struct vakt_error **err);
/*
 * The CycloneDX 1.5 words for a vulnerability (static strings), which the
 * writer uses and the tests check:
 *
 * pkg_sbom_cdx_severity(): the rating's severity: "unknown" when nobody
 * rated it, "none" for a CVSS score of 0.0, else the finding's severity
 * ("critical", "high", "medium", "low", "info").
 */
const char *pkg_sbom_cdx_severity(const struct pkg_sbom_vuln *v);
/*
 * The scoring method of a CVSS vector, from its prefix: "CVSS:4.0/" is
 * "CVSSv4", "CVSS:3.1/" "CVSSv31", "CVSS:3.0/" "CVSSv3", no "CVSS:" prefix
 * (version 2) "CVSSv2", another prefix "other".
 */
const char *pkg_sbom_cdx_method(const char *vector);
/*
 * The impact analysis of v: state and justification (*justification may
 * be NULL), or NULL when it has none. Suppressed by a VEX statement:
 * not_affected ("not_affected") or resolved ("fixed"), the OpenVEX
 * justification as CycloneDX's (component_not_present and
 * vulnerable_code_not_present: code_not_present,
 * vulnerable_code_not_in_execute_path: code_not_reachable,
 * vulnerable_code_cannot_be_controlled_by_adversary: requires_environment,
 * inline_mitigations_already_exist: protected_by_mitigating_control).
 * Suppressed otherwise (an ignore entry): not_affected, no justification.
 * Not suppressed: exploitable for a VEX "affected", in_triage for
 * "under_investigation", else none.
 */
const char *pkg_sbom_cdx_analysis(const struct pkg_sbom_vuln *v, const char **justification);

/*
 * Whether a licence string is an SPDX expression vakt can vouch for: known
 * SPDX identifiers joined by AND / OR, with parentheses. Such licences are
 * written as SPDX ids or expressions; others as free-text names.
 */
bool pkg_license_is_spdx(const char *license);
/* The SPDX licence identifiers vakt knows (a static table; *n gets its size). */
const char *const *pkg_license_spdx_ids(size_t *n);

#endif
