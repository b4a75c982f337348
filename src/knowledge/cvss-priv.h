/* SPDX-License-Identifier: MIT */
#ifndef VAKT_KNOW_CVSS_PRIV_H
#define VAKT_KNOW_CVSS_PRIV_H

/*
 * What the CVSS versions share: a table-driven parser of NAME:VALUE/...
 * metric lists (cvss.c) and the per-version scorers it hands the values to
 * (cvss-v2.c, cvss-v3.c, cvss-v4.c).
 */

#include "knowledge/cvss.h"

/* Most metrics any version defines (v4.0: 11 base, 1 threat, 14 environmental, 6 supplemental). */
#define CVSS_MAX_METRICS 32

enum cvss_group {
	CVSS_BASE,
	CVSS_THREAT, /* v2/v3 temporal, v4 threat */
	CVSS_ENV,
	CVSS_SUPPLEMENTAL, /* v4: read and checked, never scored */
};

/*
 * One metric of a version. values lists its spellings, NULL-terminated; the
 * parser stores the index of the one written. For a metric outside the base
 * group values[0] is its Not Defined spelling (X, ND), and an absent metric
 * reads as 0, so the scorers index their weight tables without a special case.
 */
struct cvss_metric {
	const char *name; /* "AV" */
	const char *what; /* "attack vector", for messages */
	enum cvss_group group;
	const char *const *values;
};

struct cvss_version_def {
	enum know_cvss_version version;
	const char *label; /* "CVSS 3.1", for messages */
	const struct cvss_metric *metrics;
	unsigned n;
	/* Fill out->base, temporal, environmental, score from vals (indexes into metrics). */
	void (*score)(const int *vals, unsigned groups, struct know_cvss_score *out);
};

extern const struct cvss_version_def cvss_v2_def, cvss_v30_def, cvss_v31_def, cvss_v40_def;

/* A v4.0 MacroVector's score in tenths from the standard's table; -1 when it does not exist. */
int cvss_v4_lookup(int eq1, int eq2, int eq3, int eq4, int eq5, int eq6);

#endif
