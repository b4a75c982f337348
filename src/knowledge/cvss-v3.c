/* SPDX-License-Identifier: MIT */
/*
 * CVSS v3.0 and v3.1: the base, temporal and environmental equations of the
 * specifications (section 7 of v3.1, 8 of v3.0), evaluated in IEEE double
 * precision in the order FIRST's calculators evaluate them, so that the
 * rounding of each result lands where theirs does. The two versions differ in
 * Roundup (v3.0: the smallest one-decimal number not below the input, taken
 * literally on the binary value; v3.1: the same on the input rounded to five
 * decimals first) and in the environmental impact under a changed scope.
 */
#include <math.h>

#include "core/util.h"
#include "knowledge/cvss-priv.h"

/* The weights are products and sums whose last bit matters to Roundup: no fused multiply-add. */
#ifdef __clang__
#pragma STDC FP_CONTRACT OFF
#endif

enum { AV, AC, PR, UI, S, C, I, A, E, RL, RC, CR, IR, AR, MAV, MAC, MPR, MUI, MS, MC, MI, MA };

/* Spellings in weight-table order; a modified metric's are its base metric's after X. */
static const char *const v_av[] = {"N", "A", "L", "P", NULL};
static const char *const v_ac[] = {"L", "H", NULL};
static const char *const v_pr[] = {"N", "L", "H", NULL};
static const char *const v_ui[] = {"N", "R", NULL};
static const char *const v_s[] = {"U", "C", NULL};
static const char *const v_cia[] = {"H", "L", "N", NULL};
static const char *const v_e[] = {"X", "H", "F", "P", "U", NULL};
static const char *const v_rl[] = {"X", "U", "W", "T", "O", NULL};
static const char *const v_rc[] = {"X", "C", "R", "U", NULL};
static const char *const v_req[] = {"X", "H", "M", "L", NULL};
static const char *const v_mav[] = {"X", "N", "A", "L", "P", NULL};
static const char *const v_mac[] = {"X", "L", "H", NULL};
static const char *const v_mpr[] = {"X", "N", "L", "H", NULL};
static const char *const v_mui[] = {"X", "N", "R", NULL};
static const char *const v_ms[] = {"X", "U", "C", NULL};
static const char *const v_mcia[] = {"X", "H", "L", "N", NULL};

static const struct cvss_metric metrics[] = {
    [AV] = {"AV", "attack vector", CVSS_BASE, v_av},
    [AC] = {"AC", "attack complexity", CVSS_BASE, v_ac},
    [PR] = {"PR", "privileges required", CVSS_BASE, v_pr},
    [UI] = {"UI", "user interaction", CVSS_BASE, v_ui},
    [S] = {"S", "scope", CVSS_BASE, v_s},
    [C] = {"C", "confidentiality", CVSS_BASE, v_cia},
    [I] = {"I", "integrity", CVSS_BASE, v_cia},
    [A] = {"A", "availability", CVSS_BASE, v_cia},
    [E] = {"E", "exploit code maturity", CVSS_THREAT, v_e},
    [RL] = {"RL", "remediation level", CVSS_THREAT, v_rl},
    [RC] = {"RC", "report confidence", CVSS_THREAT, v_rc},
    [CR] = {"CR", "confidentiality requirement", CVSS_ENV, v_req},
    [IR] = {"IR", "integrity requirement", CVSS_ENV, v_req},
    [AR] = {"AR", "availability requirement", CVSS_ENV, v_req},
    [MAV] = {"MAV", "modified attack vector", CVSS_ENV, v_mav},
    [MAC] = {"MAC", "modified attack complexity", CVSS_ENV, v_mac},
    [MPR] = {"MPR", "modified privileges required", CVSS_ENV, v_mpr},
    [MUI] = {"MUI", "modified user interaction", CVSS_ENV, v_mui},
    [MS] = {"MS", "modified scope", CVSS_ENV, v_ms},
    [MC] = {"MC", "modified confidentiality", CVSS_ENV, v_mcia},
    [MI] = {"MI", "modified integrity", CVSS_ENV, v_mcia},
    [MA] = {"MA", "modified availability", CVSS_ENV, v_mcia},
};

/* Section 7.4 of v3.1 (8.4 of v3.0): the numerical values of the metrics. */
static const double w_av[] = {0.85, 0.62, 0.55, 0.2};
static const double w_ac[] = {0.77, 0.44};
static const double w_pr[2][3] = {{0.85, 0.62, 0.27}, {0.85, 0.68, 0.5}}; /* by scope U, C */
static const double w_ui[] = {0.85, 0.62};
static const double w_cia[] = {0.56, 0.22, 0};
static const double w_e[] = {1, 1, 0.97, 0.94, 0.91};
static const double w_rl[] = {1, 1, 0.97, 0.96, 0.95};
static const double w_rc[] = {1, 1, 0.96, 0.92};
static const double w_req[] = {1, 1.5, 1, 0.5};

/* v3.0's Roundup, as its specification words it and its calculator computes it. Tenths. */
static int roundup_30(double x)
{
	return (int)ceil(x * 10);
}

/*
 * v3.1's Roundup (appendix A of its specification): round to an integer at
 * 1e-5 first, so that 4.000000000000001 is 4.0, then up to a tenth. Tenths.
 */
static int roundup_31(double x)
{
	long long n = llround(x * 100000);

	return n % 10000 == 0 ? (int)(n / 10000) : (int)(n / 10000) + 1;
}

/* A score in tenths as the calculators carry it into the next equation: 7.3, not 73. */
static double decimal(int tenths)
{
	return tenths / 10.0;
}

static void score(const int *v, unsigned groups, struct know_cvss_score *out, bool v31)
{
	int (*roundup)(double) = v31 ? roundup_31 : roundup_30;
	bool changed = v[S] == 1;
	double iss, impact, expl, miss, mimpact, mexpl;
	int ms, base, temporal, env;

	/* Base: the impact sub-score ISS, the impact and exploitability sub-scores. */
	iss = 1 - ((1 - w_cia[v[C]]) * (1 - w_cia[v[I]]) * (1 - w_cia[v[A]]));
	if (changed)
		impact = 7.52 * (iss - 0.029) - 3.25 * pow(iss - 0.02, 15);
	else
		impact = 6.42 * iss;
	expl = 8.22 * w_av[v[AV]] * w_ac[v[AC]] * w_pr[changed][v[PR]] * w_ui[v[UI]];
	if (impact <= 0)
		base = 0;
	else
		base = roundup(fmin(changed ? 1.08 * (impact + expl) : impact + expl, 10));

	temporal = roundup(decimal(base) * w_e[v[E]] * w_rl[v[RL]] * w_rc[v[RC]]);

	/* Environmental: each modified metric, or its base metric when Not Defined. */
	ms = v[MS] ? v[MS] - 1 : v[S];
	miss = fmin(1 - ((1 - w_cia[v[MC] ? v[MC] - 1 : v[C]] * w_req[v[CR]]) *
	                 (1 - w_cia[v[MI] ? v[MI] - 1 : v[I]] * w_req[v[IR]]) *
	                 (1 - w_cia[v[MA] ? v[MA] - 1 : v[A]] * w_req[v[AR]])),
	            0.915);
	if (!ms)
		mimpact = 6.42 * miss;
	else if (v31)
		mimpact = 7.52 * (miss - 0.029) - 3.25 * pow(miss * 0.9731 - 0.02, 13);
	else
		mimpact = 7.52 * (miss - 0.029) - 3.25 * pow(miss - 0.02, 15);
	mexpl = 8.22 * w_av[v[MAV] ? v[MAV] - 1 : v[AV]] * w_ac[v[MAC] ? v[MAC] - 1 : v[AC]] *
	        w_pr[ms][v[MPR] ? v[MPR] - 1 : v[PR]] * w_ui[v[MUI] ? v[MUI] - 1 : v[UI]];
	if (mimpact <= 0)
		env = 0;
	else
		env = roundup(
		    decimal(roundup(fmin(ms ? 1.08 * (mimpact + mexpl) : mimpact + mexpl, 10))) *
		    w_e[v[E]] * w_rl[v[RL]] * w_rc[v[RC]]);

	out->base = base;
	out->score = base;
	if (groups & KNOW_CVSS_THREAT)
		out->score = out->temporal = temporal;
	if (groups & KNOW_CVSS_ENV)
		out->score = out->environmental = env;
}

static void score_30(const int *vals, unsigned groups, struct know_cvss_score *out)
{
	score(vals, groups, out, false);
}

static void score_31(const int *vals, unsigned groups, struct know_cvss_score *out)
{
	score(vals, groups, out, true);
}

const struct cvss_version_def cvss_v30_def = {KNOW_CVSS_V3_0, "CVSS 3.0", metrics,
                                              VAKT_ARRAY_SIZE(metrics), score_30};
const struct cvss_version_def cvss_v31_def = {KNOW_CVSS_V3_1, "CVSS 3.1", metrics,
                                              VAKT_ARRAY_SIZE(metrics), score_31};
