/* SPDX-License-Identifier: MIT */
/*
 * CVSS v4.0 (specification section 8, "CVSS v4.0 Scoring", and FIRST's
 * reference calculator): the vector's metrics, each modified metric in place
 * of its base metric when defined, fall into six equivalence classes EQ1..EQ6
 * whose levels name a MacroVector, and the MacroVector's score comes from the
 * standard's table (cvss-v4-data.c). Within the MacroVector the vector is
 * placed by interpolation:
 *
 *   for each of EQ1, EQ2, EQ3+EQ6 (scored jointly), EQ4 and EQ5 that has a
 *   next lower MacroVector, the available distance is the MacroVector's score
 *   less the lower one's, and the vector's severity distance is how far its
 *   metrics lie below the highest-severity vectors of its MacroVector (summed
 *   over the class's metrics, each level a step of 0.1) divided by the depth
 *   of the MacroVector in that class; the score is the MacroVector's less the
 *   mean of the available distances times those proportions (EQ5 counts in
 *   the mean with a proportion of 0), clamped to 0..10, rounded half up.
 *
 * Every quantity is a multiple of 0.1 and the depths divide 840, so the
 * method is evaluated exactly in integers: the reference calculator's
 * floating-point result with its half-up rounding (it adds 1e-6 before
 * rounding so that a tie like 5.65 computed as 5.6499999 still goes up) is
 * the exact rational value rounded half up, as no result lies closer than
 * 1/8400 of a tenth to a tie without being one.
 */
#include <stdbool.h>

#include "core/util.h"
#include "knowledge/cvss-priv.h"

/* clang-format off */
enum {
	AV, AC, AT, PR, UI, VC, VI, VA, SC, SI, SA,                       /* base */
	E,                                                                /* threat */
	CR, IR, AR, MAV, MAC, MAT, MPR, MUI, MVC, MVI, MVA, MSC, MSI, MSA, /* environmental */
	SAFETY, AU, R, V, RE, U,                                          /* supplemental */
	V4_METRICS
};
/* clang-format on */

static const char *const v_av[] = {"N", "A", "L", "P", NULL};
static const char *const v_ac[] = {"L", "H", NULL};
static const char *const v_at[] = {"N", "P", NULL};
static const char *const v_pr[] = {"N", "L", "H", NULL};
static const char *const v_ui[] = {"N", "P", "A", NULL};
static const char *const v_cia[] = {"H", "L", "N", NULL};
static const char *const v_e[] = {"X", "A", "P", "U", NULL};
static const char *const v_req[] = {"X", "H", "M", "L", NULL};
static const char *const v_mav[] = {"X", "N", "A", "L", "P", NULL};
static const char *const v_mac[] = {"X", "L", "H", NULL};
static const char *const v_mat[] = {"X", "N", "P", NULL};
static const char *const v_mpr[] = {"X", "N", "L", "H", NULL};
static const char *const v_mui[] = {"X", "N", "P", "A", NULL};
static const char *const v_mcia[] = {"X", "H", "L", "N", NULL};
static const char *const v_msia[] = {"X", "H", "L", "N", "S", NULL};
static const char *const v_s[] = {"X", "N", "P", NULL};
static const char *const v_au[] = {"X", "N", "Y", NULL};
static const char *const v_r[] = {"X", "A", "U", "I", NULL};
static const char *const v_v[] = {"X", "D", "C", NULL};
static const char *const v_re[] = {"X", "L", "M", "H", NULL};
static const char *const v_u[] = {"X", "Clear", "Green", "Amber", "Red", NULL};

static const struct cvss_metric metrics[] = {
    [AV] = {"AV", "attack vector", CVSS_BASE, v_av},
    [AC] = {"AC", "attack complexity", CVSS_BASE, v_ac},
    [AT] = {"AT", "attack requirements", CVSS_BASE, v_at},
    [PR] = {"PR", "privileges required", CVSS_BASE, v_pr},
    [UI] = {"UI", "user interaction", CVSS_BASE, v_ui},
    [VC] = {"VC", "vulnerable system confidentiality", CVSS_BASE, v_cia},
    [VI] = {"VI", "vulnerable system integrity", CVSS_BASE, v_cia},
    [VA] = {"VA", "vulnerable system availability", CVSS_BASE, v_cia},
    [SC] = {"SC", "subsequent system confidentiality", CVSS_BASE, v_cia},
    [SI] = {"SI", "subsequent system integrity", CVSS_BASE, v_cia},
    [SA] = {"SA", "subsequent system availability", CVSS_BASE, v_cia},
    [E] = {"E", "exploit maturity", CVSS_THREAT, v_e},
    [CR] = {"CR", "confidentiality requirement", CVSS_ENV, v_req},
    [IR] = {"IR", "integrity requirement", CVSS_ENV, v_req},
    [AR] = {"AR", "availability requirement", CVSS_ENV, v_req},
    [MAV] = {"MAV", "modified attack vector", CVSS_ENV, v_mav},
    [MAC] = {"MAC", "modified attack complexity", CVSS_ENV, v_mac},
    [MAT] = {"MAT", "modified attack requirements", CVSS_ENV, v_mat},
    [MPR] = {"MPR", "modified privileges required", CVSS_ENV, v_mpr},
    [MUI] = {"MUI", "modified user interaction", CVSS_ENV, v_mui},
    [MVC] = {"MVC", "modified vulnerable system confidentiality", CVSS_ENV, v_mcia},
    [MVI] = {"MVI", "modified vulnerable system integrity", CVSS_ENV, v_mcia},
    [MVA] = {"MVA", "modified vulnerable system availability", CVSS_ENV, v_mcia},
    [MSC] = {"MSC", "modified subsequent system confidentiality", CVSS_ENV, v_mcia},
    [MSI] = {"MSI", "modified subsequent system integrity", CVSS_ENV, v_msia},
    [MSA] = {"MSA", "modified subsequent system availability", CVSS_ENV, v_msia},
    [SAFETY] = {"S", "safety", CVSS_SUPPLEMENTAL, v_s},
    [AU] = {"AU", "automatable", CVSS_SUPPLEMENTAL, v_au},
    [R] = {"R", "recovery", CVSS_SUPPLEMENTAL, v_r},
    [V] = {"V", "value density", CVSS_SUPPLEMENTAL, v_v},
    [RE] = {"RE", "vulnerability response effort", CVSS_SUPPLEMENTAL, v_re},
    [U] = {"U", "provider urgency", CVSS_SUPPLEMENTAL, v_u},
};

/*
 * The severity level of each metric the method reads, in steps of 0.1 from
 * the most severe value: AV N 0, A 1, L 2, P 3; PR and UI from none; AC and
 * AT from low/none; VC, VI, VA H 0, L 1, N 2; SC, SI, SA H 1, L 2, N 3, and a
 * modified SI or SA of S (safety) 0; CR, IR, AR H 0, M 1, L 2 (Not Defined
 * counts as H); E A 0, P 1, U 2 (Not Defined counts as A, the worst case).
 */
/* clang-format off */
enum { L_AV, L_PR, L_UI, L_AC, L_AT, L_VC, L_VI, L_VA, L_CR, L_IR, L_AR, L_SC, L_SI, L_SA, L_E, L_N };
/* clang-format on */

/* The effective value of a base metric: its modified metric's when that is defined. */
static int effective(const int *v, int base, int modified)
{
	return v[modified] ? v[modified] - 1 : v[base];
}

static void levels(const int *v, int *l)
{
	l[L_AV] = effective(v, AV, MAV);
	l[L_AC] = effective(v, AC, MAC);
	l[L_AT] = effective(v, AT, MAT);
	l[L_PR] = effective(v, PR, MPR);
	l[L_UI] = effective(v, UI, MUI);
	l[L_VC] = effective(v, VC, MVC);
	l[L_VI] = effective(v, VI, MVI);
	l[L_VA] = effective(v, VA, MVA);
	l[L_SC] = effective(v, SC, MSC) + 1;
	/* MSI and MSA add S after N: level 0, above H. */
	l[L_SI] = v[MSI] == 4 ? 0 : effective(v, SI, MSI) + 1;
	l[L_SA] = v[MSA] == 4 ? 0 : effective(v, SA, MSA) + 1;
	l[L_CR] = v[CR] ? v[CR] - 1 : 0;
	l[L_IR] = v[IR] ? v[IR] - 1 : 0;
	l[L_AR] = v[AR] ? v[AR] - 1 : 0;
	l[L_E] = v[E] ? v[E] - 1 : 0;
}

/*
 * The highest-severity vectors of each class's levels, as levels of the
 * class's metrics, in the reference calculator's order (the first one the
 * vector does not exceed is the one it is measured from).
 */
struct highest {
	int n;                /* vectors */
	signed char lv[5][6]; /* levels of the class's metrics, in the order of its `metrics` */
};

struct eq_class {
	int nmetrics;
	int metrics[6]; /* L_ indexes */
};

static const struct eq_class class_eq1 = {3, {L_AV, L_PR, L_UI}};
static const struct eq_class class_eq2 = {2, {L_AC, L_AT}};
static const struct eq_class class_eq36 = {6, {L_VC, L_VI, L_VA, L_CR, L_IR, L_AR}};
static const struct eq_class class_eq4 = {3, {L_SC, L_SI, L_SA}};

/* EQ1 levels 0..2: AV:N/PR:N/UI:N; AV:A/PR:N/UI:N, AV:N/PR:L/UI:N, AV:N/PR:N/UI:P; ... */
static const struct highest highest_eq1[3] = {
    {1, {{0, 0, 0}}},
    {3, {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}},
    {2, {{3, 0, 0}, {1, 1, 1}}},
};
/* EQ2 levels 0..1: AC:L/AT:N; AC:H/AT:N, AC:L/AT:P. */
static const struct highest highest_eq2[2] = {
    {1, {{0, 0}}},
    {2, {{1, 0}, {0, 1}}},
};
/* EQ3 and EQ6 jointly, [EQ3][EQ6]: VC VI VA CR IR AR (VC:H/VI:H/VA:H/CR:H/IR:H/AR:H ...). */
static const struct highest highest_eq36[3][2] = {
    {{1, {{0, 0, 0, 0, 0, 0}}}, {2, {{0, 0, 1, 1, 1, 0}, {0, 0, 0, 1, 1, 1}}}},
    {{2, {{1, 0, 0, 0, 0, 0}, {0, 1, 0, 0, 0, 0}}},
     {5,
      {{1, 0, 1, 0, 1, 0},
       {1, 0, 0, 0, 1, 1},
       {0, 1, 0, 1, 0, 1},
       {0, 1, 1, 1, 0, 0},
       {1, 1, 0, 0, 0, 1}}}},
    {{0, {{0}}}, {1, {{1, 1, 1, 0, 0, 0}}}},
};
/* EQ4 levels 0..2: SC:H/SI:S/SA:S; SC:H/SI:H/SA:H; SC:L/SI:L/SA:L. */
static const struct highest highest_eq4[3] = {
    {1, {{1, 0, 0}}},
    {1, {{1, 1, 1}}},
    {1, {{2, 2, 2}}},
};

/* The depth of each MacroVector in its class (the most distant vector's distance, plus 1). */
static const int depth_eq1[3] = {1, 4, 5};
static const int depth_eq2[2] = {1, 2};
static const int depth_eq36[3][2] = {{7, 6}, {8, 8}, {0, 10}};
static const int depth_eq4[3] = {6, 5, 4};

/* Every depth divides this, so the proportions are exact in units of 1/840. */
#define DEPTH_LCM 840

/* Index of the first highest vector the levels do not exceed in severity, or -1. */
static int first_below(const struct highest *h, const struct eq_class *c, const int *l)
{
	for (int i = 0; i < h->n; i++) {
		bool below = true;

		for (int j = 0; j < c->nmetrics; j++)
			below = below && l[c->metrics[j]] >= h->lv[i][j];
		if (below)
			return i;
	}
	return -1;
}

/* The summed severity distance of the levels from highest vector i of the class. */
static int distance(const struct highest *h, int i, const struct eq_class *c, const int *l)
{
	int d = 0;

	if (i < 0)
		return 0;
	for (int j = 0; j < c->nmetrics; j++)
		d += l[c->metrics[j]] - h->lv[i][j];
	return d;
}

/* The score of the vector's metrics in tenths. */
static int score_of(const int *v)
{
	const struct highest *h[4];
	const struct eq_class *cls[4] = {&class_eq1, &class_eq2, &class_eq36, &class_eq4};
	int l[L_N], eq1, eq2, eq3, eq4, eq5, eq6, value, lower[5], depth[4], pick[4];
	long num = 0, den;
	int n = 0;

	levels(v, l);
	/* No impact on either system: 0, whatever else the vector says. */
	if (l[L_VC] == 2 && l[L_VI] == 2 && l[L_VA] == 2 && l[L_SC] == 3 && l[L_SI] == 3 &&
	    l[L_SA] == 3)
		return 0;

	if (!l[L_AV] && !l[L_PR] && !l[L_UI])
		eq1 = 0;
	else if ((!l[L_AV] || !l[L_PR] || !l[L_UI]) && l[L_AV] != 3)
		eq1 = 1;
	else
		eq1 = 2;
	eq2 = !l[L_AC] && !l[L_AT] ? 0 : 1;
	if (!l[L_VC] && !l[L_VI])
		eq3 = 0;
	else if (!l[L_VC] || !l[L_VI] || !l[L_VA])
		eq3 = 1;
	else
		eq3 = 2;
	if (!l[L_SI] || !l[L_SA])
		eq4 = 0;
	else if (l[L_SC] == 1 || l[L_SI] == 1 || l[L_SA] == 1)
		eq4 = 1;
	else
		eq4 = 2;
	eq5 = l[L_E];
	eq6 = (!l[L_CR] && !l[L_VC]) || (!l[L_IR] && !l[L_VI]) || (!l[L_AR] && !l[L_VA]) ? 0 : 1;

	value = cvss_v4_lookup(eq1, eq2, eq3, eq4, eq5, eq6);
	if (value < 0)
		return 0; /* EQ3 2 with EQ6 0: the levels above never make it */

	/* The next lower MacroVector in each class; EQ3 and EQ6 step together. */
	lower[0] = cvss_v4_lookup(eq1 + 1, eq2, eq3, eq4, eq5, eq6);
	lower[1] = cvss_v4_lookup(eq1, eq2 + 1, eq3, eq4, eq5, eq6);
	if (eq3 == 0 && eq6 == 0) {
		/* Two ways down: 01 and 10; the higher of the two is the next lower. */
		int a = cvss_v4_lookup(eq1, eq2, 0, eq4, eq5, 1);
		int b = cvss_v4_lookup(eq1, eq2, 1, eq4, eq5, 0);

		lower[2] = a > b ? a : b;
	} else if (eq6 == 0) {
		lower[2] = cvss_v4_lookup(eq1, eq2, eq3, eq4, eq5, 1); /* 10 -> 11 */
	} else {
		/* 01 -> 11, 11 -> 21; 21 has none below it. */
		lower[2] = cvss_v4_lookup(eq1, eq2, eq3 + 1, eq4, eq5, eq6);
	}
	lower[3] = cvss_v4_lookup(eq1, eq2, eq3, eq4 + 1, eq5, eq6);
	lower[4] = cvss_v4_lookup(eq1, eq2, eq3, eq4, eq5 + 1, eq6);

	h[0] = &highest_eq1[eq1];
	h[1] = &highest_eq2[eq2];
	h[2] = &highest_eq36[eq3][eq6];
	h[3] = &highest_eq4[eq4];
	depth[0] = depth_eq1[eq1];
	depth[1] = depth_eq2[eq2];
	depth[2] = depth_eq36[eq3][eq6];
	depth[3] = depth_eq4[eq4];
	/*
	 * The calculator measures from the first combination of the classes'
	 * highest vectors that the vector exceeds nowhere: the first such vector
	 * of each class. Every vector has one (all level combinations were
	 * checked against these tables); were one missing, its class would add
	 * no distance.
	 */
	for (int k = 0; k < 4; k++)
		pick[k] = first_below(h[k], cls[k], l);

	for (int k = 0; k < 5; k++) {
		if (lower[k] < 0)
			continue;
		n++;
		if (k < 4)
			num += (long)(value - lower[k]) * distance(h[k], pick[k], cls[k], l) *
			       (DEPTH_LCM / depth[k]);
	}
	if (!n)
		return value;
	/* value - num / den, clamped to 0..100, rounded half up. */
	den = (long)DEPTH_LCM * n;
	num = (long)value * den - num;
	if (num <= 0)
		return 0;
	num = (2 * num + den) / (2 * den);
	return num > 100 ? 100 : (int)num;
}

static void score(const int *vals, unsigned groups, struct know_cvss_score *out)
{
	int base_only[V4_METRICS];

	out->score = score_of(vals);
	if (!groups) {
		out->base = out->score;
		return;
	}
	/* CVSS-B: the threat and environmental metrics as Not Defined. */
	for (int i = 0; i < V4_METRICS; i++)
		base_only[i] = metrics[i].group == CVSS_BASE ? vals[i] : 0;
	out->base = score_of(base_only);
}

const struct cvss_version_def cvss_v40_def = {KNOW_CVSS_V4_0, "CVSS 4.0", metrics,
                                              VAKT_ARRAY_SIZE(metrics), score};
