/* SPDX-License-Identifier: MIT */
#ifndef VAKT_IMG_VULNS_H
#define VAKT_IMG_VULNS_H

/*
 * Known vulnerabilities of an image's packages (img-vulns.c): read once
 * after the packages (img_vulns_read()), reported by rule IM020
 * (img_check_vulns()). Private to the image domain.
 */

#include "img-scan.h"
#include "vuln/vuln-ignore.h"
#include "vuln/vuln-vex.h"

/* What a finding's severity is and where it came from. */
struct img_vuln_rating {
	enum vakt_severity sev;
	bool own;                 /* the advisory rated it; false: the rule's default */
	char source[32];          /* "cvss_v3.1", "distribution", "none" */
	char score[16];           /* "9.8", or "" without a vector */
	const char *vector;       /* while rating only; img_vuln.vector keeps the copy */
	const char *cvss_version; /* static: "3.1" */
};

/* One vulnerability of one package: one IM020 finding. Everything owned. */
struct img_vuln {
	size_t pkg;         /* index into img_scan.pkgs */
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
	struct img_vuln_rating rating;
	char *vector;     /* the CVSS vector rated by, may be NULL */
	char *suppressed; /* why an ignore file or VEX document suppresses it; NULL: it counts */
	/*
	 * The VEX statement that decides it, suppressing or not; NULL when none
	 * covers it or an ignore file suppressed it first. Borrowed from
	 * img_vulns.vex.
	 */
	const struct vuln_vex_statement *vex;
};

struct img_vulns {
	struct img_vuln *v;
	size_t n, cap;
	const struct vakt_rule *rule; /* IM020, for its default severity */
	bool checked;                 /* a database was read */
	size_t hidden_unfixed;        /* left out by --ignore-unfixed */
	struct vuln_ignore ignore;
	struct vuln_vex vex;
	struct vuln_pkg_key *keys; /* scratch: VULN_PKG_KEYS_MAX + VULN_BUILT_USING_MAX */
};

/*
 * Match s's packages against the database o names (or the default one)
 * into s->vulns (owned by s: img_vulns_free()). What keeps the check from
 * running fully (no database, an old one, a distribution the data does not
 * cover) goes to res->warnings; a database that cannot be read, and bad
 * ignore files or VEX documents, to res->errors. rule is IM020.
 */
void img_vulns_read(struct img_scan *s, const struct img_vuln_opts *o, const struct vakt_rule *rule,
                    struct vakt_scan_result *res);
void img_vulns_free(struct img_vulns *v);

#endif
