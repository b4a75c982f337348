/* SPDX-License-Identifier: MIT */
#ifndef VAKT_KNOW_CVSS_H
#define VAKT_KNOW_CVSS_H

/*
 * CVSS scores from vector strings, computed as FIRST's specifications and
 * reference calculators compute them (docs/vulnerabilities.md, "Severity and
 * CVSS"):
 *
 *   v2.0  the v2 guide's equations, each score rounded to one decimal, half up
 *         ("AV:N/AC:L/Au:N/C:P/I:P/A:P", no prefix, as OSV's CVSS_V2 writes it);
 *   v3.0  the v3.0 equations with Roundup as the v3.0 specification and
 *         calculator define it: the smallest one-decimal number >= the input,
 *         computed in binary floating point (so 4.000000000000001 is 4.1);
 *   v3.1  the same equations (the environmental score's changed-scope term as
 *         v3.1 revised it) with v3.1's Roundup, which rounds on an integer
 *         scaled by 100,000 so that floating-point noise does not round up;
 *   v4.0  the MacroVector method: the vector's equivalence classes EQ1..EQ6
 *         name one of 270 MacroVectors whose score is the standard's table,
 *         less the mean of the proportional severity distances to the next
 *         lower MacroVector in each class, rounded half up to one decimal.
 *
 * Scores are integers in tenths (0..100): 9.8 is 98, so that callers compare
 * and print them without floating point.
 *
 * Parsing is strict: the exact prefix ("CVSS:3.0/", "CVSS:3.1/",
 * "CVSS:4.0/"; none for v2), NAME:VALUE metrics between single '/', every
 * base metric exactly once, known names and values only (case-sensitive, as
 * written in the specifications), no metric twice, nothing before or after.
 * Metrics may come in any order, as the specifications require readers to
 * accept. Optional metrics may be written with their Not Defined value (X, or
 * ND in v2), which is the same as leaving them out.
 */

#include <stdbool.h>

#include "core/error.h"
#include "core/severity.h"

/* Longest vector accepted; a longer one is refused with -E2BIG. Every valid vector is shorter. */
#define KNOW_CVSS_MAX_BYTES 512

enum know_cvss_version {
	KNOW_CVSS_V2_0,
	KNOW_CVSS_V3_0,
	KNOW_CVSS_V3_1,
	KNOW_CVSS_V4_0,
};

/* The qualitative severity rating scale; v2 has none of its own (see know_cvss_band()). */
enum know_cvss_band {
	KNOW_CVSS_BAND_NONE,
	KNOW_CVSS_BAND_LOW,
	KNOW_CVSS_BAND_MEDIUM,
	KNOW_CVSS_BAND_HIGH,
	KNOW_CVSS_BAND_CRITICAL,
};

/* Which optional metric groups the vector defines (a value other than Not Defined). */
#define KNOW_CVSS_THREAT 1u /* v2/v3 temporal metrics, v4 threat metrics (E) */
#define KNOW_CVSS_ENV    2u /* environmental metrics (requirements and modified base metrics) */

struct know_cvss_score {
	enum know_cvss_version version;
	/* Base metrics only: the Base Score (v4: the CVSS-B score). Tenths, 0..100. */
	int base;
	/* v2/v3: the Temporal Score when the vector defines a temporal metric, else -1. v4: -1. */
	int temporal;
	/* v2/v3: the Environmental Score when it defines an environmental metric, else -1. v4: -1.
	 */
	int environmental;
	/*
	 * The score of everything the vector defines: v2/v3 the environmental
	 * score when there is one, else the temporal score, else the base score;
	 * v4 the score of all its metrics, named by know_cvss_nomenclature()
	 * (CVSS-B, CVSS-BT, CVSS-BE or CVSS-BTE). Tenths, 0..100.
	 */
	int score;
	unsigned groups;               /* KNOW_CVSS_THREAT | KNOW_CVSS_ENV */
	enum know_cvss_band band;      /* of score */
	enum vakt_severity severity;   /* band as vakt's severities: none is info */
	enum know_cvss_band base_band; /* of base */
};

/*
 * Score one vector. The version comes from the prefix ("CVSS:3.1/...");
 * a vector without one is read as v2. On success fills *out and returns 0;
 * on failure returns -EINVAL (a malformed vector: the message says which
 * metric, where, and what was expected there) or -E2BIG (longer than
 * KNOW_CVSS_MAX_BYTES), sets *err, and leaves *out zeroed. Allocates nothing
 * the caller keeps.
 */
int know_cvss_score(const char *vector, struct know_cvss_score *out, struct vakt_error **err);

/* The band a score in tenths falls in under that version's scale (v2: NVD's low/medium/high). */
enum know_cvss_band know_cvss_band(enum know_cvss_version v, int tenths);
/* The severity vakt reports for a band: none -> info, low, medium, high, critical. */
enum vakt_severity know_cvss_band_severity(enum know_cvss_band b);
/* "none", "low", "medium", "high", "critical". Static. */
const char *know_cvss_band_name(enum know_cvss_band b);
/* "2.0", "3.0", "3.1", "4.0". Static. */
const char *know_cvss_version_name(enum know_cvss_version v);
/*
 * What s->score is, in the v4.0 specification's names: "CVSS-B", "CVSS-BT",
 * "CVSS-BE" or "CVSS-BTE" from s->groups (v2 and v3 scores are named the same
 * way: B the base score, BT the temporal, BE and BTE the environmental). Static.
 */
const char *know_cvss_nomenclature(const struct know_cvss_score *s);

#endif
