/* SPDX-License-Identifier: MIT */
#ifndef VAKT_VULN_VEX_H
#define VAKT_VULN_VEX_H

/*
 * OpenVEX documents (openvex/spec, v0.2.0, and the v0.0.x shapes where a
 * vulnerability and a product are plain strings): a supplier's statements
 * that a vulnerability does or does not affect a product. `vakt image
 * --vex FILE` reads them; a finding whose package a statement covers with
 * status not_affected or fixed is suppressed, with the statement's
 * justification as the reason; affected and under_investigation keep it.
 *
 * Which statement covers a finding (docs/vulnerabilities.md, "Ignoring
 * and VEX"): its vulnerability's name or one of its aliases is one of the
 * finding's ids, and one of its products names the package's purl
 * (vuln_purl_match(): with or without version and qualifiers); or the
 * product names the image being scanned (the subject) and has no
 * subcomponents, or a subcomponent that names the package. Of the
 * statements that cover a finding, the latest (by timestamp, the
 * statement's or else its document's; then the one read last) decides, as
 * OpenVEX's statements override earlier ones.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "core/util.h"
#include "vuln/vuln-idindex.h"

/* Largest document read. */
#define VULN_VEX_MAX_BYTES (64u * 1024 * 1024)
/* Most statements, in all documents read. */
#define VULN_VEX_MAX_STATEMENTS 200000
/* Most products (with their subcomponents) and aliases of one statement. */
#define VULN_VEX_MAX_NAMES 100000
/* Longest string kept (names, purls, justifications). */
#define VULN_VEX_MAX_STRING 8192

enum vuln_vex_status {
	VULN_VEX_NOT_AFFECTED,
	VULN_VEX_AFFECTED,
	VULN_VEX_FIXED,
	VULN_VEX_UNDER_INVESTIGATION,
};

/* A product: its names (@id, identifiers.purl) and its subcomponents' names. */
struct vuln_vex_product {
	struct vakt_strv names;
	struct vakt_strv subcomponents;
};

struct vuln_vex_statement {
	char *vulnerability;      /* vulnerability.name */
	struct vakt_strv aliases; /* vulnerability.aliases */
	struct vuln_vex_product *products;
	size_t n_products;
	enum vuln_vex_status status;
	char *justification; /* may be NULL */
	char *impact;        /* impact_statement; may be NULL */
	char *action;        /* action_statement; may be NULL */
	/* The statement's timestamp, else the document's: microseconds since the epoch
	 * (vuln_osv_time()). */
	int64_t time;
	char *file;   /* the document */
	size_t index; /* statements[index] in it */
};

struct vuln_vex {
	struct vuln_vex_statement *v;
	size_t n, cap;
	/* Private: statements by vulnerability name and alias, for vuln_vex_find(). */
	struct vuln_idindex names;
};

/*
 * Read one OpenVEX document (JSON) and add its statements to *vex (start
 * from a zeroed struct; the caller owns it: vuln_vex_release()). On a
 * failure nothing is added, and *err names the file and says what was
 * expected where ("statements[2].status: expected one of not_affected,
 * affected, fixed, under_investigation (got 'nope')"). Checked: the
 * @context is OpenVEX's; each statement has a vulnerability with a name,
 * at least one product, and a known status; not_affected has a
 * justification (one of the five labels) or an impact_statement; times are
 * RFC 3339. Errors: -EFBIG (len > VULN_VEX_MAX_BYTES), -E2BIG (a ceiling
 * above), -EINVAL (anything else).
 */
int vuln_vex_parse(struct vuln_vex *vex, const char *path, const char *data, size_t len,
                   struct vakt_error **err);

/*
 * The statement that decides a finding with ids ids[0..n) in the package
 * whose purl is purl, the image's purl being subject (may be NULL); NULL
 * when no statement covers it. Borrowed from vex.
 */
const struct vuln_vex_statement *vuln_vex_find(const struct vuln_vex *vex, const char *const *ids,
                                               size_t n, const char *purl, const char *subject);

/* Whether a status suppresses the finding: not_affected and fixed do. */
bool vuln_vex_suppresses(enum vuln_vex_status s);

/* "not_affected", "affected", "fixed", "under_investigation". Static. */
const char *vuln_vex_status_name(enum vuln_vex_status s);

void vuln_vex_release(struct vuln_vex *vex);

#endif
