/* SPDX-License-Identifier: MIT */
#ifndef VAKT_VULN_CHECK_H
#define VAKT_VULN_CHECK_H

/*
 * Known vulnerabilities of a list of packages (vuln-check.c): what `vakt
 * image` (IM020) and `vakt scan` of a source tree report. The packages are
 * looked up in the local OSV database (vuln-db.h) by the keys of their
 * ecosystem (vuln-eco.h), the records judged against their versions and
 * merged into one hit per vulnerability of a package, rated, and checked
 * against the ignore files and VEX documents. The caller turns hits into
 * findings.
 */

#include <stdbool.h>
#include <stddef.h>

#include "core/error.h"
#include "core/rule.h"
#include "core/scan.h"
#include "pkg/pkg-model.h"
#include "vuln/vuln-eco.h"
#include "vuln/vuln-ignore.h"
#include "vuln/vuln-vex.h"

/* The database age beyond which a scan warns (--db-max-age's default), in hours. */
#define VULN_CHECK_DB_MAX_AGE_HOURS (7 * 24)

/* Where what keeps the check from running fully goes. */
struct vuln_check_report {
	struct vakt_error_list *warnings; /* no database, an old one, an uncovered ecosystem */
	struct vakt_error_list *errors;   /* an unreadable database, bad ignore or VEX files */
};

/* What a hit's severity is and where it came from. */
struct vuln_rating {
	enum vakt_severity sev;
	bool own;                 /* the advisory rated it; false: the rule's default */
	char source[32];          /* "cvss_v3.1", "distribution", "none" */
	char score[16];           /* "9.8", or "" without a vector */
	const char *vector;       /* while rating only; vuln_hit.vector keeps the copy */
	const char *cvss_version; /* static: "3.1" */
};

/* One vulnerability of one package: one finding. Everything owned. */
struct vuln_hit {
	size_t pkg;         /* index into the package list checked */
	char *id;           /* the primary id (the CVE when there is one) */
	char **aliases;     /* the other ids; NULL-terminated, may be NULL */
	char **links;       /* NULL-terminated, may be NULL */
	char *fixed;        /* NULL: no fix yet */
	const char *status; /* static: "fixed", "partly fixed", "no fix yet", "will not fix" */
	char *basis;        /* "2.38.1-5 < 2.38.1-5+deb12u1" */
	char *title;        /* may be NULL */
	char *ecosystem;    /* "Debian:12" */
	char *matched_name, *matched_version; /* the key it was found by */
	const char *matched_by;               /* static: vuln_key_kind_name() of the key */
	/*
	 * Application packages: every file that declares the package at this
	 * version (a lock file and the installed metadata), sorted,
	 * NULL-terminated; NULL for OS packages.
	 */
	char **declared_in;
	struct vuln_rating rating;
	char *vector;     /* the CVSS vector rated by, may be NULL */
	char *suppressed; /* why an ignore file or VEX document suppresses it; NULL: it counts */
	/*
	 * The VEX statement that decides it, suppressing or not; NULL when none
	 * covers it or an ignore file suppressed it first. Borrowed from
	 * vuln_check.vex.
	 */
	const struct vuln_vex_statement *vex;
};

/* The hits of one check, and what they borrow. */
struct vuln_check {
	struct vuln_hit *v;
	size_t n, cap;
	const struct vakt_rule *rule; /* for its default severity */
	bool checked;                 /* a database was read */
	size_t hidden_unfixed;        /* left out by ignore_unfixed */
	struct vuln_ignore ignore;
	struct vuln_vex vex;
	struct vuln_pkg_key *keys; /* scratch: VULN_PKG_KEYS_MAX + VULN_BUILT_USING_MAX */
	/*
	 * One hit for an application package declared at one version in
	 * several files (an image's lock file and installed metadata: one
	 * thing to fix), its files in declared_in; false: a hit per file (a
	 * source tree's projects, each bumped on its own).
	 */
	bool merge_declarations;
};

/*
 * Match pkgs (of distribution os, NULL when unknown) against the database
 * o names (o->off is the caller's to honour), into *v (zeroed first; release with
 * vuln_check_release()). subject names what the packages belong to in warnings (the image, the
 * scanned tree). rule gives the severity of hits no record rates. merge:
 * see vuln_check.merge_declarations.
 */
void vuln_check_run(struct vuln_check *v, const struct vakt_vuln_opts *o, bool merge,
                    const struct vakt_rule *rule, const struct pkg_list *pkgs,
                    const struct pkg_os *os, const char *subject,
                    const struct vuln_check_report *res);
struct vakt_check_ctx;
struct vakt_finding_ext;
struct vakt_span;

/*
 * Report hit f of package p (of the list checked) as a finding of
 * ctx->rule at `at` (NULL: no position) with object (may be NULL): the
 * message (the vulnerability, the package as matched, the files that
 * declare it or the source it was built with, the fix), the advisory's own
 * severity when it rates one, its suppression, and the extension: id,
 * aliases, links and the details docs/vulnerabilities.md lists up to
 * cvss_vector. Returns the extension (borrowed from ctx->out, valid until
 * the next finding) for the caller's own details.
 */
struct vakt_finding_ext *vuln_hit_emit(struct vakt_check_ctx *ctx, const struct vakt_span *at,
                                       const char *object, const struct pkg *p,
                                       const struct vuln_hit *f);

/* Free what v holds (not v itself); v is zeroed. */
void vuln_check_release(struct vuln_check *v);

#endif
