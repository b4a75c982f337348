/* SPDX-License-Identifier: MIT */
/*
 * CVSS v2.0: the equations of the v2 guide (section 3.2), each score rounded
 * to one decimal, half up. The guide's weights are short decimals and its
 * equations sums and products of them, so they are evaluated exactly in
 * integers, as NVD's calculator and the decimal reference implementations do:
 * in binary floating point 9.0 * 0.85 is 7.6499999, which a naive rounding
 * takes to 7.6 where NVD says 7.7.
 */

#include "core/util.h"
#include "knowledge/cvss-priv.h"

enum { AV, AC, AU, C, I, A, E, RL, RC, CDP, TD, CR, IR, AR };

static const char *const v_av[] = {"L", "A", "N", NULL};
static const char *const v_ac[] = {"H", "M", "L", NULL};
static const char *const v_au[] = {"M", "S", "N", NULL};
static const char *const v_cia[] = {"N", "P", "C", NULL};
static const char *const v_e[] = {"ND", "U", "POC", "F", "H", NULL};
static const char *const v_rl[] = {"ND", "OF", "TF", "W", "U", NULL};
static const char *const v_rc[] = {"ND", "UC", "UR", "C", NULL};
static const char *const v_cdp[] = {"ND", "N", "L", "LM", "MH", "H", NULL};
static const char *const v_td[] = {"ND", "N", "L", "M", "H", NULL};
static const char *const v_req[] = {"ND", "L", "M", "H", NULL};

static const struct cvss_metric metrics[] = {
    [AV] = {"AV", "access vector", CVSS_BASE, v_av},
    [AC] = {"AC", "access complexity", CVSS_BASE, v_ac},
    [AU] = {"Au", "authentication", CVSS_BASE, v_au},
    [C] = {"C", "confidentiality impact", CVSS_BASE, v_cia},
    [I] = {"I", "integrity impact", CVSS_BASE, v_cia},
    [A] = {"A", "availability impact", CVSS_BASE, v_cia},
    [E] = {"E", "exploitability", CVSS_THREAT, v_e},
    [RL] = {"RL", "remediation level", CVSS_THREAT, v_rl},
    [RC] = {"RC", "report confidence", CVSS_THREAT, v_rc},
    [CDP] = {"CDP", "collateral damage potential", CVSS_ENV, v_cdp},
    [TD] = {"TD", "target distribution", CVSS_ENV, v_td},
    [CR] = {"CR", "confidentiality requirement", CVSS_ENV, v_req},
    [IR] = {"IR", "integrity requirement", CVSS_ENV, v_req},
    [AR] = {"AR", "availability requirement", CVSS_ENV, v_req},
};

/*
 * Section 3.2.4 of the guide: the metrics' values, as integers of the
 * decimal places they are written with (thousandths, hundredths, tenths), Not
 * Defined first where there is one.
 */
static const int w_av[] = {395, 646, 1000};      /* thousandths */
static const int w_ac[] = {350, 610, 710};       /* thousandths */
static const int w_au[] = {450, 560, 704};       /* thousandths */
static const int w_cia[] = {0, 275, 660};        /* thousandths */
static const int w_e[] = {100, 85, 90, 95, 100}; /* hundredths */
static const int w_rl[] = {100, 87, 90, 95, 100};
static const int w_rc[] = {100, 90, 95, 100};
static const int w_cdp[] = {0, 0, 1, 3, 4, 5}; /* tenths */
static const int w_td[] = {100, 0, 25, 75, 100};
static const int w_req[] = {100, 50, 100, 151};

/*
 * Wide enough for every product below: the adjusted impact alone needs 10^18
 * as a denominator. GCC and Clang have it on every 64-bit target.
 */
__extension__ typedef __int128 wide;

/* num / den rounded to an integer, half away from zero (Python's ROUND_HALF_UP on decimals). */
static wide round_half(wide num, wide den)
{
	if (num < 0)
		return -((-2 * num + den) / (2 * den));
	return (2 * num + den) / (2 * den);
}

/*
 * BaseScore = round_to_1_decimal(((0.6*Impact)+(0.4*Exploitability)-1.5)*f(Impact))
 * for Impact = impact/impact_den, Exploitability = expl/10^9; in tenths. The
 * result can be negative for a small adjusted impact, as the environmental
 * equation then uses it.
 */
static int base_of(wide impact, wide impact_den, wide expl)
{
	wide inner;

	if (impact == 0)
		return 0; /* f(Impact) is 0 */
	/* The bracket over impact_den * 10: 0.6 is 6/10, 0.4 * expl / 10^9 is 4 * expl / 10^10. */
	inner = 6 * impact + 4 * expl * (impact_den / 1000000000) - 15 * impact_den;
	/* Times 1.176 (1176/1000), and times 10 for tenths, which cancels the 10 above. */
	return (int)round_half(inner * 1176, impact_den * 1000);
}

static void score(const int *v, unsigned groups, struct know_cvss_score *out)
{
	wide expl, impact, p, adjusted;
	int base, adj_base, adj_temporal;
	long tmul;

	/* Impact = 10.41*(1-(1-ConfImpact)*(1-IntegImpact)*(1-AvailImpact)), over 10^11. */
	p = (wide)(1000 - w_cia[v[C]]) * (1000 - w_cia[v[I]]) * (1000 - w_cia[v[A]]);
	impact = 1041 * ((wide)1000000000 - p);
	/* Exploitability = 20*AccessVector*AccessComplexity*Authentication, over 10^9. */
	expl = (wide)20 * w_av[v[AV]] * w_ac[v[AC]] * w_au[v[AU]];
	base = base_of(impact, (wide)100000000000, expl);
	if (base < 0)
		base = 0;
	out->base = out->score = base;

	/* TemporalScore = round_to_1_decimal(BaseScore*E*RL*RC): hundredths three times. */
	tmul = (long)w_e[v[E]] * w_rl[v[RL]] * w_rc[v[RC]];
	if (groups & KNOW_CVSS_THREAT)
		out->score = out->temporal = (int)round_half((wide)base * tmul, 1000000);
	if (!(groups & KNOW_CVSS_ENV))
		return;

	/*
	 * AdjustedImpact = min(10, 10.41*(1-(1-ConfImpact*ConfReq)*...)), over
	 * 10^17; AdjustedTemporal is the temporal equation on the base equation
	 * of that impact, both rounded as the published scores are, and left
	 * negative if they come out so (only the published scores floor at 0).
	 */
	p = (wide)(100000 - w_cia[v[C]] * w_req[v[CR]]) * (100000 - w_cia[v[I]] * w_req[v[IR]]) *
	    (100000 - w_cia[v[A]] * w_req[v[AR]]);
	adjusted = 1041 * ((wide)1000000000000000 - p);
	if (adjusted > (wide)1000000000000000000)
		adjusted = (wide)1000000000000000000;
	adj_base = base_of(adjusted, (wide)100000000000000000, expl);
	adj_temporal = (int)round_half((wide)adj_base * tmul, 1000000);
	/*
	 * EnvironmentalScore = round_to_1_decimal((AdjustedTemporal +
	 * (10-AdjustedTemporal)*CDP)*TD): CDP in tenths, TD in hundredths.
	 */
	out->environmental = (int)round_half(
	    (wide)(10 * adj_temporal + (100 - adj_temporal) * w_cdp[v[CDP]]) * w_td[v[TD]], 1000);
	if (out->environmental < 0)
		out->environmental = 0;
	out->score = out->environmental;
}

const struct cvss_version_def cvss_v2_def = {KNOW_CVSS_V2_0, "CVSS 2.0", metrics,
                                             VAKT_ARRAY_SIZE(metrics), score};
