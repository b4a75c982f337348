/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for src/knowledge/cvss-v4*.c: CVSS v4.0 scores by the
 * MacroVector method.
 *
 * The expected scores were computed apart from vakt, with metaeffekt's
 * ae-cvss-calculator, which follows FIRST's reference calculator including
 * its half-up rounding of ties (the epsilon it adds before rounding); vakt's
 * scores agreed with it on every one of the 104,976 base vectors and on
 * 100,000 random vectors with threat and environmental metrics.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cmocka.h>

#include "core/util.h"
#include "knowledge/cvss.h"

struct v4_case {
	const char *v;
	int score; /* tenths: all of the vector's metrics */
	int base;  /* tenths: CVSS-B, base metrics only */
	const char *nomenclature;
};

static struct know_cvss_score must_score(const char *v)
{
	struct know_cvss_score s;
	struct vakt_error *err = NULL;

	if (know_cvss_score(v, &s, &err))
		fail_msg("'%s': %s", v, err ? err->msg : "(no error)");
	assert_null(err);
	assert_int_equal(s.version, KNOW_CVSS_V4_0);
	assert_int_equal(s.temporal, -1);
	assert_int_equal(s.environmental, -1);
	return s;
}

static void check(const struct v4_case *c)
{
	struct know_cvss_score s = must_score(c->v);

	if (s.score != c->score || s.base != c->base ||
	    strcmp(know_cvss_nomenclature(&s), c->nomenclature))
		fail_msg("'%s': got %d (CVSS-B %d, %s), want %d (CVSS-B %d, %s)", c->v, s.score,
		         s.base, know_cvss_nomenclature(&s), c->score, c->base, c->nomenclature);
	assert_int_equal(s.band, know_cvss_band(KNOW_CVSS_V4_0, s.score));
	assert_int_equal(s.base_band, know_cvss_band(KNOW_CVSS_V4_0, s.base));
	assert_int_equal(s.severity, know_cvss_band_severity(s.band));
}

/*
 * Vectors whose scores are quoted widely: the highest; network, no
 * interaction, high impact on the vulnerable system only (9.3); the same
 * with low impacts (6.9); a vector that lands exactly on a tie, 8.55, which
 * FIRST's calculator rounds up to 8.6 since its fix of 2024-11-01 (one ULP
 * below in floating point, 8.5 before); and no impact at all (0.0, whatever
 * the rest, unless a modified metric restores one).
 */
static void test_examples(void **state)
{
	static const struct v4_case cases[] = {
	    {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H", 100, 100, "CVSS-B"},
	    {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", 93, 93, "CVSS-B"},
	    {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:L/VI:L/VA:L/SC:N/SI:N/SA:N", 69, 69, "CVSS-B"},
	    {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:P/VC:H/VI:L/VA:N/SC:H/SI:H/SA:H", 86, 86, "CVSS-B"},
	    {"CVSS:4.0/AV:N/AC:L/AT:P/PR:H/UI:A/VC:H/VI:L/VA:N/SC:L/SI:L/SA:L", 57, 57, "CVSS-B"},
	    {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:N/SI:N/SA:N", 0, 0, "CVSS-B"},
	    {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:N/SI:N/SA:N/E:A/CR:H", 0, 0,
	     "CVSS-BTE"},
	    {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:N/SI:N/SA:N/MVC:H", 87, 0,
	     "CVSS-BE"},
	    {"CVSS:4.0/AV:L/AC:L/AT:N/PR:L/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/MSI:S", 97, 85,
	     "CVSS-BE"},
	    {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:U", 81, 93,
	     "CVSS-BT"},
	    {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:A/CR:H/IR:H/AR:H/"
	     "S:P/AU:Y/R:I/V:C/RE:H/U:Red",
	     93, 93, "CVSS-BTE"},
	};

	(void)state;
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(cases); i++)
		check(&cases[i]);
}

/*
 * One vector in each of the 270 MacroVectors (the comment names it: EQ1 to
 * EQ6), so that every entry of the table and every path of the
 * interpolation (which lower MacroVectors exist, EQ3 and EQ6 stepping
 * together, the severity distances from each class's highest vectors) is
 * taken at least once.
 */
/* clang-format off */
static const struct v4_case macrovectors[] = {
	{"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:N/SC:L/SI:N/SA:L/MSA:S", 100, 93, "CVSS-BE"}, /* 000000 */
	{"CVSS:4.0/AV:A/AC:L/AT:N/PR:H/UI:N/VC:H/VI:H/VA:N/SC:N/SI:N/SA:H/CR:M/IR:L/MAV:N/MAC:L/MPR:N/MUI:N/MVA:N/MSI:S", 98, 92, "CVSS-BE"}, /* 000001 */
	{"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:N/SC:N/SI:H/SA:H/E:P/IR:L/MSA:S", 97, 99, "CVSS-BTE"}, /* 000010 */
	{"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:L/SC:L/SI:H/SA:H/E:P/CR:L/IR:M/MSI:S", 94, 100, "CVSS-BTE"}, /* 000011 */
	{"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:L/VA:N/SC:H/SI:N/SA:L/E:U/MVI:H/MSA:S", 94, 92, "CVSS-BTE"}, /* 000020 */
	{"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:L/E:U/CR:L/IR:L/AR:L/MSC:N/MSI:S", 89, 93, "CVSS-BTE"}, /* 000021 */
	{"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:L", 100, 100, "CVSS-B"}, /* 000100 */
	{"CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:N/VC:H/VI:H/VA:L/SC:H/SI:H/SA:L/CR:L/IR:M/MPR:N", 96, 94, "CVSS-BE"}, /* 000101 */
	{"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:L/SC:H/SI:N/SA:H/E:P", 93, 99, "CVSS-BT"}, /* 000110 */
	{"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:N/SC:H/SI:N/SA:H/E:P/CR:M/IR:M", 86, 99, "CVSS-BTE"}, /* 000111 */
	{"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:L/SI:L/SA:H/E:U", 90, 99, "CVSS-BT"}, /* 000120 */
	{"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:L/SC:L/SI:H/SA:L/E:U/CR:M/IR:M/AR:L", 78, 99, "CVSS-BTE"}, /* 000121 */
	{"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:L/SA:L", 93, 93, "CVSS-B"}, /* 000200 */
	{"CVSS:4.0/AV:L/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:L/SA:L/CR:L/IR:M/AR:L/MAV:N/MUI:N/MVA:N/MSC:L", 88, 86, "CVSS-BE"}, /* 000201 */
	{"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:N/SC:L/SI:N/SA:L/E:P", 88, 93, "CVSS-BT"}, /* 000210 */
	{"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:L/SC:N/SI:L/SA:N/E:P/CR:M/IR:L", 80, 93, "CVSS-BTE"}, /* 000211 */
	{"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:N/SC:L/SI:L/SA:L/E:U/MVA:N", 80, 93, "CVSS-BTE"}, /* 000220 */
	{"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:L/SC:N/SI:N/SA:N/E:U/CR:L/IR:M", 67, 93, "CVSS-BTE"}, /* 000221 */
	{"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:H/SC:L/SI:N/SA:N/MSI:S", 97, 87, "CVSS-BE"}, /* 001000 */
	{"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:L/VI:H/VA:L/SC:H/SI:H/SA:H/IR:M/MVC:N/MSA:S", 95, 93, "CVSS-BE"}, /* 001001 */
	{"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:L/VA:H/SC:L/SI:H/SA:L/E:P/MSI:S", 94, 93, "CVSS-BTE"}, /* 001010 */
	{"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:N/VA:L/SC:H/SI:N/SA:H/E:P/CR:L/IR:L/MAT:N/MSI:S", 91, 93, "CVSS-BTE"}, /* 001011 */
	{"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:L/VI:L/VA:H/SC:H/SI:H/SA:L/E:U/MSA:S", 89, 93, "CVSS-BTE"}, /* 001020 */
	{"CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:N/VC:H/VI:N/VA:H/SC:N/SI:N/SA:H/E:U/AR:L/MPR:N/MVC:L/MSA:S", 79, 84, "CVSS-BTE"}, /* 001021 */
	{"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:H/VA:H/SC:H/SI:L/SA:H", 93, 93, "CVSS-B"}, /* 001100 */
	{"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:N/VA:N/SC:H/SI:H/SA:N/CR:M", 90, 93, "CVSS-BE"}, /* 001101 */
	{"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:H/VA:L/SC:H/SI:N/SA:H/E:P", 88, 93, "CVSS-BT"}, /* 001110 */
	{"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:A/VC:L/VI:N/VA:H/SC:N/SI:N/SA:H/E:P/AR:L/MUI:N", 79, 83, "CVSS-BTE"}, /* 001111 */
	{"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:H/VA:N/SC:N/SI:L/SA:H/E:U", 78, 92, "CVSS-BT"}, /* 001120 */
	{"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:H/SC:H/SI:H/SA:L/E:U/AR:M", 63, 93, "CVSS-BTE"}, /* 001121 */
	{"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:L/VA:H/SC:N/SI:L/SA:N", 88, 88, "CVSS-B"}, /* 001200 */
	{"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:L/VI:L/VA:H/SC:L/SI:N/SA:N/AR:L", 80, 88, "CVSS-BE"}, /* 001201 */
	{"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:H/SC:L/SI:L/SA:N/E:P", 77, 87, "CVSS-BT"}, /* 001210 */
	{"CVSS:4.0/AV:N/AC:L/AT:N/PR:H/UI:N/VC:L/VI:L/VA:H/SC:N/SI:L/SA:L/E:P/AR:L/MPR:N", 70, 70, "CVSS-BTE"}, /* 001211 */
	{"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:H/SC:L/SI:N/SA:L/E:U", 66, 87, "CVSS-BT"}, /* 001220 */
	{"CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:A/VC:L/VI:N/VA:H/SC:N/SI:L/SA:N/E:U/AR:M/MPR:N/MUI:N", 47, 69, "CVSS-BTE"}, /* 001221 */
	{"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:L/SC:N/SI:N/SA:N/MSA:S", 89, 69, "CVSS-BE"}, /* 002001 */
	{"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:L/VA:N/SC:H/SI:N/SA:N/E:P/IR:L/MSI:S", 80, 77, "CVSS-BTE"}, /* 002011 */
	{"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:L/VI:L/VA:N/SC:H/SI:L/SA:H/E:U/MSA:S", 70, 79, "CVSS-BTE"}, /* 002021 */
	{"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:L/VA:L/SC:N/SI:L/SA:H", 78, 78, "CVSS-B"}, /* 002101 */
	{"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:L/VI:N/VA:L/SC:H/SI:N/SA:L/E:P", 67, 78, "CVSS-BT"}, /* 002111 */
	{"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:L/VI:L/VA:L/SC:N/SI:H/SA:L/E:U", 45, 78, "CVSS-BT"}, /* 002121 */
	{"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:L/SC:N/SI:N/SA:L", 69, 69, "CVSS-B"}, /* 002201 */
	{"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:L/VI:N/VA:N/SC:L/SI:L/SA:L/E:P", 55, 69, "CVSS-BT"}, /* 002211 */
	{"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:L/VI:N/VA:N/SC:L/SI:N/SA:N/E:U", 27, 69, "CVSS-BT"}, /* 002221 */
	{"CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:L/SA:L/MSA:S", 99, 95, "CVSS-BE"}, /* 010000 */
	{"CVSS:4.0/AV:P/AC:H/AT:N/PR:N/UI:A/VC:H/VI:H/VA:L/SC:H/SI:N/SA:H/E:A/CR:L/IR:M/MAV:N/MUI:N/MSA:S", 96, 70, "CVSS-BTE"}, /* 010001 */
	{"CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:N/VC:H/VI:H/VA:L/SC:L/SI:N/SA:L/E:P/MSI:S", 94, 92, "CVSS-BTE"}, /* 010010 */
	{"CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:N/VC:H/VI:H/VA:N/SC:L/SI:N/SA:L/E:P/CR:L/IR:L/AR:L/MSA:S", 89, 91, "CVSS-BTE"}, /* 010011 */
	{"CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:N/VC:H/VI:H/VA:L/SC:H/SI:L/SA:N/E:U/MSI:S", 90, 94, "CVSS-BTE"}, /* 010020 */
	{"CVSS:4.0/AV:N/AC:H/AT:P/PR:N/UI:N/VC:H/VI:H/VA:L/SC:L/SI:L/SA:L/E:U/CR:L/IR:L/AR:L/MSI:S", 80, 92, "CVSS-BTE"}, /* 010021 */
	{"CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:N", 95, 95, "CVSS-B"}, /* 010100 */
	{"CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:N/VC:H/VI:H/VA:L/SC:H/SI:H/SA:H/CR:M/IR:L/MSA:H", 91, 95, "CVSS-BE"}, /* 010101 */
	{"CVSS:4.0/AV:N/AC:H/AT:N/PR:N/UI:N/VC:H/VI:H/VA:N/SC:H/SI:H/SA:L/E:P", 89, 95, "CVSS-BT"}, /* 010110 */
	{"CVSS:4.0/AV:N/AC:H/AT:P/PR:N/UI:N/VC:H/VI:H/VA:L/SC:L/SI:N/SA:H/E:P/CR:L/IR:M", 81, 94, "CVSS-BTE"}, /* 010111 */
	{"CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/E:U", 84, 95, "CVSS-BT"}, /* 010120 */
	{"CVSS:4.0/AV:N/AC:H/AT:N/PR:N/UI:N/VC:H/VI:H/VA:N/SC:H/SI:H/SA:N/E:U/CR:M/IR:M", 68, 94, "CVSS-BTE"}, /* 010121 */
	{"CVSS:4.0/AV:N/AC:H/AT:P/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:L/SA:N", 92, 92, "CVSS-B"}, /* 010200 */
	{"CVSS:4.0/AV:N/AC:H/AT:P/PR:N/UI:N/VC:H/VI:H/VA:L/SC:N/SI:L/SA:L/CR:L/IR:L", 80, 92, "CVSS-BE"}, /* 010201 */
	{"CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:N/VC:H/VI:H/VA:L/SC:L/SI:N/SA:L/E:P", 81, 92, "CVSS-BT"}, /* 010210 */
	{"CVSS:4.0/AV:N/AC:H/AT:N/PR:N/UI:N/VC:H/VI:H/VA:N/SC:N/SI:L/SA:L/E:P/CR:L/IR:M", 69, 91, "CVSS-BTE"}, /* 010211 */
	{"CVSS:4.0/AV:N/AC:H/AT:N/PR:N/UI:N/VC:H/VI:H/VA:N/SC:L/SI:L/SA:L/E:U", 69, 91, "CVSS-BT"}, /* 010220 */
	{"CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:N/VC:H/VI:H/VA:L/SC:L/SI:L/SA:N/E:U/CR:M/IR:L", 51, 92, "CVSS-BTE"}, /* 010221 */
	{"CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:N/VC:H/VI:N/VA:N/SC:N/SI:L/SA:L/MSA:S", 94, 82, "CVSS-BE"}, /* 011000 */
	{"CVSS:4.0/AV:N/AC:H/AT:N/PR:N/UI:N/VC:L/VI:H/VA:N/SC:N/SI:L/SA:H/IR:M/MSI:S", 91, 90, "CVSS-BE"}, /* 011001 */
	{"CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:N/VC:L/VI:H/VA:H/SC:L/SI:L/SA:N/E:P/MSA:S", 91, 84, "CVSS-BTE"}, /* 011010 */
	{"CVSS:4.0/AV:N/AC:H/AT:N/PR:N/UI:N/VC:N/VI:L/VA:H/SC:H/SI:N/SA:N/E:P/IR:H/AR:M/MAT:N/MVC:N/MSA:S", 83, 90, "CVSS-BTE"}, /* 011011 */
	{"CVSS:4.0/AV:N/AC:H/AT:N/PR:N/UI:N/VC:H/VI:L/VA:H/SC:H/SI:N/SA:L/E:U/MSI:S", 83, 91, "CVSS-BTE"}, /* 011020 */
	{"CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:N/VC:L/VI:H/VA:N/SC:H/SI:H/SA:L/E:U/IR:M/MSI:S", 71, 91, "CVSS-BTE"}, /* 011021 */
	{"CVSS:4.0/AV:N/AC:H/AT:P/PR:N/UI:N/VC:N/VI:N/VA:H/SC:H/SI:L/SA:L", 90, 90, "CVSS-B"}, /* 011100 */
	{"CVSS:4.0/AV:N/AC:H/AT:N/PR:N/UI:N/VC:N/VI:L/VA:H/SC:L/SI:L/SA:H/AR:M", 80, 91, "CVSS-BE"}, /* 011101 */
	{"CVSS:4.0/AV:N/AC:H/AT:N/PR:N/UI:N/VC:H/VI:N/VA:H/SC:L/SI:H/SA:H/E:P", 79, 91, "CVSS-BT"}, /* 011110 */
	{"CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:N/VC:N/VI:L/VA:H/SC:H/SI:N/SA:H/E:P/CR:H/AR:L", 69, 91, "CVSS-BTE"}, /* 011111 */
	{"CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:N/VC:H/VI:L/VA:N/SC:H/SI:N/SA:L/E:U", 65, 90, "CVSS-BT"}, /* 011120 */
	{"CVSS:4.0/AV:N/AC:H/AT:P/PR:N/UI:N/VC:H/VI:L/VA:N/SC:H/SI:L/SA:H/E:U/CR:L", 55, 91, "CVSS-BTE"}, /* 011121 */
	{"CVSS:4.0/AV:N/AC:H/AT:N/PR:N/UI:N/VC:L/VI:N/VA:H/SC:L/SI:N/SA:L", 83, 83, "CVSS-B"}, /* 011200 */
	{"CVSS:4.0/AV:N/AC:H/AT:N/PR:N/UI:N/VC:N/VI:L/VA:H/SC:N/SI:L/SA:N/AR:M", 70, 83, "CVSS-BE"}, /* 011201 */
	{"CVSS:4.0/AV:N/AC:H/AT:N/PR:N/UI:N/VC:H/VI:L/VA:H/SC:N/SI:L/SA:N/E:P", 71, 84, "CVSS-BT"}, /* 011210 */
	{"CVSS:4.0/AV:N/AC:H/AT:N/PR:N/UI:N/VC:N/VI:H/VA:L/SC:N/SI:L/SA:N/E:P/IR:L", 50, 83, "CVSS-BTE"}, /* 011211 */
	{"CVSS:4.0/AV:N/AC:H/AT:P/PR:N/UI:N/VC:L/VI:H/VA:L/SC:N/SI:N/SA:N/E:U", 49, 83, "CVSS-BT"}, /* 011220 */
	{"CVSS:4.0/AV:N/AC:H/AT:N/PR:N/UI:N/VC:L/VI:H/VA:N/SC:L/SI:N/SA:N/E:U/IR:M/MVC:N", 28, 83, "CVSS-BTE"}, /* 011221 */
	{"CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:N/VC:L/VI:N/VA:L/SC:L/SI:H/SA:N/MSA:S", 84, 69, "CVSS-BE"}, /* 012001 */
	{"CVSS:4.0/AV:N/AC:H/AT:N/PR:N/UI:N/VC:N/VI:N/VA:L/SC:L/SI:L/SA:L/E:P/MSI:S", 71, 63, "CVSS-BTE"}, /* 012011 */
	{"CVSS:4.0/AV:N/AC:H/AT:N/PR:N/UI:N/VC:N/VI:L/VA:N/SC:H/SI:N/SA:N/E:U/MSI:S", 46, 69, "CVSS-BTE"}, /* 012021 */
	{"CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:N/VC:N/VI:L/VA:L/SC:L/SI:N/SA:H", 69, 69, "CVSS-B"}, /* 012101 */
	{"CVSS:4.0/AV:N/AC:H/AT:P/PR:N/UI:N/VC:N/VI:N/VA:L/SC:N/SI:L/SA:H/E:P", 47, 69, "CVSS-BT"}, /* 012111 */
	{"CVSS:4.0/AV:N/AC:H/AT:N/PR:N/UI:N/VC:L/VI:L/VA:L/SC:L/SI:L/SA:H/E:U", 27, 70, "CVSS-BT"}, /* 012121 */
	{"CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:N/VC:L/VI:L/VA:L/SC:L/SI:L/SA:N", 63, 63, "CVSS-B"}, /* 012201 */
	{"CVSS:4.0/AV:N/AC:H/AT:N/PR:N/UI:N/VC:N/VI:L/VA:L/SC:N/SI:N/SA:N/E:P", 29, 63, "CVSS-BT"}, /* 012211 */
	{"CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:N/VC:L/VI:L/VA:L/SC:L/SI:N/SA:N/E:U", 17, 63, "CVSS-BT"}, /* 012221 */
	{"CVSS:4.0/AV:L/AC:L/AT:N/PR:N/UI:P/VC:H/VI:H/VA:L/SC:N/SI:L/SA:L/MSA:S", 97, 84, "CVSS-BE"}, /* 100000 */
	{"CVSS:4.0/AV:A/AC:L/AT:N/PR:L/UI:N/VC:H/VI:H/VA:L/SC:L/SI:L/SA:N/CR:L/IR:L/MSA:S", 94, 86, "CVSS-BE"}, /* 100001 */
	{"CVSS:4.0/AV:N/AC:L/AT:N/PR:H/UI:P/VC:H/VI:H/VA:L/SC:N/SI:L/SA:L/E:P/MSA:S", 92, 84, "CVSS-BTE"}, /* 100010 */
	{"CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:P/VC:H/VI:H/VA:N/SC:H/SI:L/SA:H/E:P/CR:M/IR:M/MSI:S", 85, 93, "CVSS-BTE"}, /* 100011 */
	{"CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:P/VC:H/VI:H/VA:L/SC:H/SI:H/SA:N/E:U/MSI:S", 88, 93, "CVSS-BTE"}, /* 100020 */
	{"CVSS:4.0/AV:L/AC:L/AT:N/PR:N/UI:A/VC:H/VI:H/VA:L/SC:N/SI:N/SA:N/E:U/CR:M/IR:M/MSA:S", 73, 83, "CVSS-BTE"}, /* 100021 */
	{"CVSS:4.0/AV:L/AC:L/AT:N/PR:N/UI:A/VC:H/VI:H/VA:N/SC:L/SI:H/SA:N", 92, 92, "CVSS-B"}, /* 100100 */
	{"CVSS:4.0/AV:L/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:N/SC:H/SI:N/SA:N/CR:M/IR:L", 85, 92, "CVSS-BE"}, /* 100101 */
	{"CVSS:4.0/AV:L/AC:L/AT:N/PR:H/UI:N/VC:H/VI:H/VA:H/SC:H/SI:N/SA:H/E:P", 83, 92, "CVSS-BT"}, /* 100110 */
	{"CVSS:4.0/AV:N/AC:L/AT:N/PR:H/UI:P/VC:H/VI:H/VA:L/SC:H/SI:N/SA:H/E:P/CR:M/IR:L", 71, 92, "CVSS-BTE"}, /* 100111 */
	{"CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:P/VC:H/VI:H/VA:L/SC:N/SI:H/SA:L/E:U", 73, 93, "CVSS-BT"}, /* 100120 */
	{"CVSS:4.0/AV:A/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:L/SC:L/SI:H/SA:H/E:U/CR:L/IR:M", 63, 94, "CVSS-BTE"}, /* 100121 */
	{"CVSS:4.0/AV:N/AC:L/AT:N/PR:H/UI:P/VC:H/VI:H/VA:H/SC:N/SI:N/SA:L", 85, 85, "CVSS-B"}, /* 100200 */
	{"CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:N/VC:H/VI:H/VA:N/SC:N/SI:L/SA:L/CR:L/IR:M", 74, 86, "CVSS-BE"}, /* 100201 */
	{"CVSS:4.0/AV:N/AC:L/AT:N/PR:H/UI:A/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:P", 70, 84, "CVSS-BT"}, /* 100210 */
	{"CVSS:4.0/AV:L/AC:L/AT:N/PR:L/UI:N/VC:H/VI:H/VA:L/SC:L/SI:N/SA:L/E:P/CR:L/IR:M", 60, 84, "CVSS-BTE"}, /* 100211 */
	{"CVSS:4.0/AV:L/AC:L/AT:N/PR:N/UI:P/VC:H/VI:H/VA:N/SC:N/SI:N/SA:L/E:U", 58, 84, "CVSS-BT"}, /* 100220 */
	{"CVSS:4.0/AV:L/AC:L/AT:N/PR:L/UI:N/VC:H/VI:H/VA:N/SC:N/SI:L/SA:L/E:U/CR:M/IR:M", 43, 84, "CVSS-BTE"}, /* 100221 */
	{"CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:A/VC:H/VI:N/VA:H/SC:N/SI:N/SA:N/MSI:S", 92, 69, "CVSS-BE"}, /* 101000 */
	{"CVSS:4.0/AV:L/AC:L/AT:N/PR:H/UI:N/VC:L/VI:N/VA:H/SC:L/SI:L/SA:L/AR:M/MSA:S", 85, 68, "CVSS-BE"}, /* 101001 */
	{"CVSS:4.0/AV:N/AC:L/AT:N/PR:H/UI:N/VC:H/VI:N/VA:L/SC:L/SI:H/SA:H/E:P/MSI:S", 86, 84, "CVSS-BTE"}, /* 101010 */
	{"CVSS:4.0/AV:L/AC:L/AT:N/PR:L/UI:N/VC:L/VI:L/VA:H/SC:H/SI:N/SA:N/E:P/AR:M/MSA:S", 73, 82, "CVSS-BTE"}, /* 101011 */
	{"CVSS:4.0/AV:A/AC:L/AT:N/PR:N/UI:N/VC:H/VI:N/VA:N/SC:N/SI:N/SA:N/E:U/MSI:S", 72, 71, "CVSS-BTE"}, /* 101020 */
	{"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:P/VC:L/VI:L/VA:H/SC:N/SI:H/SA:H/E:U/AR:L/MSA:S", 64, 85, "CVSS-BTE"}, /* 101021 */
	{"CVSS:4.0/AV:L/AC:L/AT:N/PR:L/UI:N/VC:N/VI:H/VA:L/SC:H/SI:H/SA:L", 84, 84, "CVSS-B"}, /* 101100 */
	{"CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:N/VC:N/VI:H/VA:L/SC:H/SI:L/SA:H/IR:M", 75, 85, "CVSS-BE"}, /* 101101 */
	{"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:A/VC:L/VI:L/VA:H/SC:N/SI:L/SA:H/E:P", 71, 83, "CVSS-BT"}, /* 101110 */
	{"CVSS:4.0/AV:L/AC:L/AT:N/PR:N/UI:P/VC:N/VI:H/VA:L/SC:L/SI:H/SA:N/E:P/IR:M", 56, 82, "CVSS-BTE"}, /* 101111 */
	{"CVSS:4.0/AV:N/AC:L/AT:N/PR:H/UI:A/VC:N/VI:N/VA:H/SC:N/SI:H/SA:H/E:U", 55, 82, "CVSS-BT"}, /* 101120 */
	{"CVSS:4.0/AV:A/AC:L/AT:N/PR:L/UI:N/VC:L/VI:N/VA:H/SC:H/SI:L/SA:N/E:U/AR:L", 43, 83, "CVSS-BTE"}, /* 101121 */
	{"CVSS:4.0/AV:A/AC:L/AT:N/PR:H/UI:N/VC:N/VI:L/VA:H/SC:N/SI:N/SA:L", 69, 69, "CVSS-B"}, /* 101200 */
	{"CVSS:4.0/AV:N/AC:L/AT:N/PR:H/UI:P/VC:H/VI:L/VA:N/SC:L/SI:L/SA:N/CR:L", 54, 69, "CVSS-BE"}, /* 101201 */
	{"CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:P/VC:H/VI:N/VA:N/SC:L/SI:L/SA:N/E:P", 55, 69, "CVSS-BT"}, /* 101210 */
	{"CVSS:4.0/AV:A/AC:L/AT:N/PR:N/UI:A/VC:N/VI:N/VA:H/SC:N/SI:L/SA:L/E:P/AR:M", 46, 68, "CVSS-BTE"}, /* 101211 */
	{"CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:P/VC:H/VI:L/VA:N/SC:N/SI:N/SA:N/E:U", 47, 70, "CVSS-BT"}, /* 101220 */
	{"CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:P/VC:L/VI:N/VA:H/SC:N/SI:L/SA:N/E:U/AR:L", 23, 70, "CVSS-BTE"}, /* 101221 */
	{"CVSS:4.0/AV:N/AC:L/AT:N/PR:H/UI:A/VC:N/VI:N/VA:L/SC:N/SI:L/SA:H/MSI:S", 77, 60, "CVSS-BE"}, /* 102001 */
	{"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:A/VC:N/VI:N/VA:L/SC:L/SI:H/SA:N/E:P/MSI:S", 67, 62, "CVSS-BTE"}, /* 102011 */
	{"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:A/VC:N/VI:L/VA:N/SC:H/SI:N/SA:N/E:U/MSI:S", 47, 61, "CVSS-BTE"}, /* 102021 */
	{"CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:N/VC:N/VI:L/VA:L/SC:N/SI:H/SA:H", 64, 64, "CVSS-B"}, /* 102101 */
	{"CVSS:4.0/AV:N/AC:L/AT:N/PR:H/UI:N/VC:L/VI:N/VA:N/SC:H/SI:N/SA:H/E:P", 52, 63, "CVSS-BT"}, /* 102111 */
	{"CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:N/VC:N/VI:L/VA:L/SC:H/SI:L/SA:N/E:U", 23, 63, "CVSS-BT"}, /* 102121 */
	{"CVSS:4.0/AV:L/AC:L/AT:N/PR:N/UI:P/VC:N/VI:L/VA:L/SC:N/SI:N/SA:N", 48, 48, "CVSS-B"}, /* 102201 */
	{"CVSS:4.0/AV:L/AC:L/AT:N/PR:N/UI:N/VC:L/VI:L/VA:L/SC:N/SI:N/SA:L/E:P", 20, 51, "CVSS-BT"}, /* 102211 */
	{"CVSS:4.0/AV:A/AC:L/AT:N/PR:N/UI:P/VC:L/VI:N/VA:N/SC:L/SI:N/SA:L/E:U", 12, 51, "CVSS-BT"}, /* 102221 */
	{"CVSS:4.0/AV:L/AC:L/AT:P/PR:N/UI:N/VC:H/VI:H/VA:N/SC:H/SI:L/SA:N/MSA:S", 94, 86, "CVSS-BE"}, /* 110000 */
	{"CVSS:4.0/AV:N/AC:L/AT:P/PR:H/UI:A/VC:H/VI:H/VA:N/SC:H/SI:L/SA:H/CR:L/IR:M/MSA:S", 85, 85, "CVSS-BE"}, /* 110001 */
	{"CVSS:4.0/AV:L/AC:H/AT:P/PR:H/UI:N/VC:H/VI:H/VA:N/SC:L/SI:L/SA:L/E:P/MSI:S", 83, 70, "CVSS-BTE"}, /* 110010 */
	{"CVSS:4.0/AV:N/AC:H/AT:P/PR:H/UI:A/VC:H/VI:H/VA:N/SC:L/SI:N/SA:L/E:P/CR:L/IR:M/MSI:S", 69, 70, "CVSS-BTE"}, /* 110011 */
	{"CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:P/VC:H/VI:H/VA:L/SC:N/SI:H/SA:H/E:U/MSA:S", 73, 88, "CVSS-BTE"}, /* 110020 */
	{"CVSS:4.0/AV:N/AC:H/AT:N/PR:L/UI:N/VC:H/VI:H/VA:L/SC:N/SI:L/SA:N/E:U/CR:L/IR:M/MSA:S", 66, 76, "CVSS-BTE"}, /* 110021 */
	{"CVSS:4.0/AV:A/AC:L/AT:P/PR:H/UI:N/VC:H/VI:H/VA:H/SC:H/SI:L/SA:N", 86, 86, "CVSS-B"}, /* 110100 */
	{"CVSS:4.0/AV:L/AC:H/AT:P/PR:N/UI:N/VC:H/VI:H/VA:L/SC:N/SI:H/SA:H/CR:M/IR:M", 75, 87, "CVSS-BE"}, /* 110101 */
	{"CVSS:4.0/AV:N/AC:H/AT:N/PR:L/UI:P/VC:H/VI:H/VA:L/SC:N/SI:H/SA:H/E:P", 73, 87, "CVSS-BT"}, /* 110110 */
	{"CVSS:4.0/AV:L/AC:H/AT:P/PR:L/UI:N/VC:H/VI:H/VA:N/SC:H/SI:N/SA:N/E:P/CR:M/IR:L", 58, 84, "CVSS-BTE"}, /* 110111 */
	{"CVSS:4.0/AV:L/AC:H/AT:P/PR:N/UI:N/VC:H/VI:H/VA:N/SC:N/SI:L/SA:H/E:U", 57, 86, "CVSS-BT"}, /* 110120 */
	{"CVSS:4.0/AV:N/AC:L/AT:P/PR:L/UI:N/VC:H/VI:H/VA:L/SC:L/SI:N/SA:H/E:U/CR:L/IR:L", 45, 88, "CVSS-BTE"}, /* 110121 */
	{"CVSS:4.0/AV:A/AC:L/AT:P/PR:N/UI:A/VC:H/VI:H/VA:N/SC:L/SI:N/SA:L", 72, 72, "CVSS-B"}, /* 110200 */
	{"CVSS:4.0/AV:A/AC:H/AT:P/PR:N/UI:N/VC:H/VI:H/VA:L/SC:L/SI:N/SA:L/CR:L/IR:L", 64, 76, "CVSS-BE"}, /* 110201 */
	{"CVSS:4.0/AV:A/AC:H/AT:P/PR:N/UI:P/VC:H/VI:H/VA:L/SC:L/SI:N/SA:L/E:P", 66, 75, "CVSS-BT"}, /* 110210 */
	{"CVSS:4.0/AV:L/AC:H/AT:P/PR:N/UI:A/VC:H/VI:H/VA:N/SC:N/SI:L/SA:L/E:P/CR:M/IR:L", 46, 70, "CVSS-BTE"}, /* 110211 */
	{"CVSS:4.0/AV:N/AC:H/AT:N/PR:H/UI:P/VC:H/VI:H/VA:N/SC:N/SI:N/SA:L/E:U", 41, 72, "CVSS-BT"}, /* 110220 */
	{"CVSS:4.0/AV:A/AC:L/AT:P/PR:N/UI:N/VC:H/VI:H/VA:N/SC:L/SI:N/SA:N/E:U/CR:L/IR:M", 28, 76, "CVSS-BTE"}, /* 110221 */
	{"CVSS:4.0/AV:N/AC:H/AT:N/PR:N/UI:P/VC:L/VI:H/VA:L/SC:H/SI:N/SA:N/MSA:S", 87, 71, "CVSS-BE"}, /* 111000 */
	{"CVSS:4.0/AV:A/AC:H/AT:N/PR:N/UI:P/VC:H/VI:L/VA:L/SC:H/SI:N/SA:L/CR:L/MSA:S", 74, 71, "CVSS-BE"}, /* 111001 */
	{"CVSS:4.0/AV:N/AC:H/AT:P/PR:L/UI:A/VC:H/VI:N/VA:L/SC:L/SI:L/SA:N/E:P/MSA:S", 71, 58, "CVSS-BTE"}, /* 111010 */
	{"CVSS:4.0/AV:N/AC:H/AT:P/PR:L/UI:N/VC:H/VI:L/VA:L/SC:H/SI:N/SA:L/E:P/CR:M/MSI:S", 66, 72, "CVSS-BTE"}, /* 111011 */
	{"CVSS:4.0/AV:A/AC:H/AT:N/PR:H/UI:N/VC:L/VI:L/VA:H/SC:H/SI:L/SA:H/E:U/MSI:S", 57, 71, "CVSS-BTE"}, /* 111020 */
	{"CVSS:4.0/AV:L/AC:H/AT:P/PR:L/UI:N/VC:L/VI:H/VA:L/SC:N/SI:N/SA:L/E:U/IR:L/MSA:S", 41, 58, "CVSS-BTE"}, /* 111021 */
	{"CVSS:4.0/AV:N/AC:H/AT:P/PR:L/UI:P/VC:L/VI:H/VA:L/SC:N/SI:L/SA:H", 71, 71, "CVSS-B"}, /* 111100 */
	{"CVSS:4.0/AV:A/AC:L/AT:P/PR:N/UI:A/VC:N/VI:L/VA:H/SC:N/SI:N/SA:H/AR:L", 57, 69, "CVSS-BE"}, /* 111101 */
	{"CVSS:4.0/AV:L/AC:L/AT:P/PR:L/UI:N/VC:N/VI:N/VA:H/SC:L/SI:L/SA:H/E:P", 56, 70, "CVSS-BT"}, /* 111110 */
	{"CVSS:4.0/AV:N/AC:H/AT:N/PR:H/UI:A/VC:H/VI:N/VA:N/SC:L/SI:N/SA:H/E:P/CR:M", 44, 68, "CVSS-BTE"}, /* 111111 */
	{"CVSS:4.0/AV:A/AC:H/AT:P/PR:N/UI:N/VC:L/VI:N/VA:H/SC:L/SI:H/SA:N/E:U", 40, 71, "CVSS-BT"}, /* 111120 */
	{"CVSS:4.0/AV:L/AC:L/AT:P/PR:H/UI:N/VC:L/VI:L/VA:H/SC:H/SI:H/SA:L/E:U/AR:M", 19, 70, "CVSS-BTE"}, /* 111121 */
	{"CVSS:4.0/AV:N/AC:H/AT:P/PR:H/UI:A/VC:N/VI:N/VA:H/SC:L/SI:N/SA:N", 56, 56, "CVSS-B"}, /* 111200 */
	{"CVSS:4.0/AV:L/AC:L/AT:P/PR:H/UI:N/VC:L/VI:H/VA:N/SC:L/SI:L/SA:L/IR:M", 42, 57, "CVSS-BE"}, /* 111201 */
	{"CVSS:4.0/AV:N/AC:L/AT:P/PR:H/UI:N/VC:H/VI:L/VA:H/SC:L/SI:L/SA:L/E:P", 54, 60, "CVSS-BT"}, /* 111210 */
	{"CVSS:4.0/AV:N/AC:L/AT:P/PR:L/UI:N/VC:L/VI:L/VA:H/SC:N/SI:N/SA:L/E:P/AR:L", 28, 61, "CVSS-BTE"}, /* 111211 */
	{"CVSS:4.0/AV:L/AC:H/AT:N/PR:N/UI:A/VC:N/VI:H/VA:N/SC:N/SI:N/SA:N/E:U", 17, 56, "CVSS-BT"}, /* 111220 */
	{"CVSS:4.0/AV:A/AC:L/AT:P/PR:N/UI:N/VC:H/VI:N/VA:L/SC:L/SI:L/SA:N/E:U/CR:M", 15, 60, "CVSS-BTE"}, /* 111221 */
	{"CVSS:4.0/AV:L/AC:H/AT:N/PR:N/UI:N/VC:L/VI:N/VA:N/SC:L/SI:L/SA:H/MSA:S", 67, 51, "CVSS-BE"}, /* 112001 */
	{"CVSS:4.0/AV:N/AC:H/AT:N/PR:N/UI:A/VC:L/VI:L/VA:N/SC:L/SI:N/SA:H/E:P/MSI:S", 52, 48, "CVSS-BTE"}, /* 112011 */
	{"CVSS:4.0/AV:A/AC:H/AT:P/PR:N/UI:N/VC:L/VI:L/VA:L/SC:N/SI:H/SA:H/E:U/MSI:S", 26, 53, "CVSS-BTE"}, /* 112021 */
	{"CVSS:4.0/AV:L/AC:H/AT:N/PR:H/UI:N/VC:N/VI:L/VA:N/SC:N/SI:H/SA:H", 45, 45, "CVSS-B"}, /* 112101 */
	{"CVSS:4.0/AV:L/AC:H/AT:P/PR:N/UI:P/VC:L/VI:N/VA:L/SC:L/SI:H/SA:L/E:P", 22, 48, "CVSS-BT"}, /* 112111 */
	{"CVSS:4.0/AV:N/AC:H/AT:N/PR:H/UI:A/VC:N/VI:L/VA:N/SC:H/SI:L/SA:N/E:U", 9, 43, "CVSS-BT"}, /* 112121 */
	{"CVSS:4.0/AV:A/AC:L/AT:P/PR:H/UI:N/VC:N/VI:L/VA:L/SC:L/SI:N/SA:N", 20, 20, "CVSS-B"}, /* 112201 */
	{"CVSS:4.0/AV:L/AC:L/AT:P/PR:N/UI:N/VC:N/VI:N/VA:N/SC:N/SI:N/SA:L/E:P", 12, 21, "CVSS-BT"}, /* 112211 */
	{"CVSS:4.0/AV:N/AC:L/AT:P/PR:H/UI:N/VC:L/VI:N/VA:N/SC:L/SI:L/SA:L/E:U", 5, 21, "CVSS-BT"}, /* 112221 */
	{"CVSS:4.0/AV:A/AC:L/AT:N/PR:L/UI:P/VC:H/VI:H/VA:N/SC:N/SI:L/SA:L/MSA:S", 91, 68, "CVSS-BE"}, /* 200000 */
	{"CVSS:4.0/AV:P/AC:L/AT:P/PR:N/UI:N/VC:H/VI:H/VA:L/SC:N/SI:H/SA:L/CR:M/IR:M/MAT:N/MSI:S", 85, 69, "CVSS-BE"}, /* 200001 */
	{"CVSS:4.0/AV:P/AC:L/AT:N/PR:N/UI:A/VC:H/VI:H/VA:H/SC:L/SI:H/SA:L/E:P/MSI:S", 85, 84, "CVSS-BTE"}, /* 200010 */
	{"CVSS:4.0/AV:P/AC:L/AT:N/PR:L/UI:N/VC:H/VI:H/VA:L/SC:L/SI:N/SA:H/E:P/CR:M/IR:M/MSI:S", 71, 83, "CVSS-BTE"}, /* 200011 */
	{"CVSS:4.0/AV:A/AC:L/AT:N/PR:L/UI:P/VC:H/VI:H/VA:L/SC:N/SI:N/SA:H/E:U/MSA:S", 69, 82, "CVSS-BTE"}, /* 200020 */
	{"CVSS:4.0/AV:A/AC:L/AT:N/PR:H/UI:P/VC:H/VI:H/VA:L/SC:L/SI:H/SA:N/E:U/CR:M/IR:M/MSI:S", 53, 83, "CVSS-BTE"}, /* 200021 */
	{"CVSS:4.0/AV:P/AC:L/AT:N/PR:H/UI:N/VC:H/VI:H/VA:L/SC:H/SI:L/SA:H", 85, 85, "CVSS-B"}, /* 200100 */
	{"CVSS:4.0/AV:P/AC:L/AT:N/PR:L/UI:A/VC:H/VI:H/VA:N/SC:H/SI:L/SA:L/CR:L/IR:M", 71, 84, "CVSS-BE"}, /* 200101 */
	{"CVSS:4.0/AV:A/AC:L/AT:N/PR:L/UI:A/VC:H/VI:H/VA:H/SC:L/SI:H/SA:N/E:P", 71, 84, "CVSS-BT"}, /* 200110 */
	{"CVSS:4.0/AV:L/AC:L/AT:N/PR:H/UI:A/VC:H/VI:H/VA:N/SC:H/SI:H/SA:L/E:P/CR:L/IR:L", 57, 84, "CVSS-BTE"}, /* 200111 */
	{"CVSS:4.0/AV:P/AC:L/AT:N/PR:L/UI:N/VC:H/VI:H/VA:H/SC:H/SI:L/SA:H/E:U", 55, 85, "CVSS-BT"}, /* 200120 */
	{"CVSS:4.0/AV:L/AC:L/AT:N/PR:L/UI:A/VC:H/VI:H/VA:L/SC:H/SI:N/SA:H/E:U/CR:L/IR:M", 32, 84, "CVSS-BTE"}, /* 200121 */
	{"CVSS:4.0/AV:P/AC:L/AT:N/PR:L/UI:A/VC:H/VI:H/VA:N/SC:L/SI:N/SA:N", 68, 68, "CVSS-B"}, /* 200200 */
	{"CVSS:4.0/AV:P/AC:L/AT:N/PR:H/UI:P/VC:H/VI:H/VA:N/SC:L/SI:N/SA:L/CR:M/IR:M", 53, 68, "CVSS-BE"}, /* 200201 */
	{"CVSS:4.0/AV:P/AC:L/AT:N/PR:L/UI:A/VC:H/VI:H/VA:L/SC:N/SI:L/SA:N/E:P", 51, 69, "CVSS-BT"}, /* 200210 */
	{"CVSS:4.0/AV:L/AC:L/AT:N/PR:L/UI:A/VC:H/VI:H/VA:L/SC:N/SI:L/SA:N/E:P/CR:L/IR:L", 38, 69, "CVSS-BTE"}, /* 200211 */
	{"CVSS:4.0/AV:A/AC:L/AT:N/PR:H/UI:A/VC:H/VI:H/VA:H/SC:L/SI:N/SA:L/E:U", 40, 70, "CVSS-BT"}, /* 200220 */
	{"CVSS:4.0/AV:P/AC:L/AT:N/PR:L/UI:A/VC:H/VI:H/VA:N/SC:N/SI:L/SA:N/E:U/CR:M/IR:M", 21, 68, "CVSS-BTE"}, /* 200221 */
	{"CVSS:4.0/AV:P/AC:L/AT:N/PR:H/UI:P/VC:L/VI:H/VA:H/SC:N/SI:L/SA:H/MSI:S", 83, 69, "CVSS-BE"}, /* 201000 */
	{"CVSS:4.0/AV:L/AC:L/AT:N/PR:L/UI:P/VC:L/VI:H/VA:N/SC:L/SI:N/SA:H/IR:M/MSA:S", 72, 68, "CVSS-BE"}, /* 201001 */
	{"CVSS:4.0/AV:P/AC:L/AT:N/PR:L/UI:N/VC:H/VI:N/VA:L/SC:L/SI:H/SA:N/E:P/MSI:S", 70, 68, "CVSS-BTE"}, /* 201010 */
	{"CVSS:4.0/AV:P/AC:L/AT:N/PR:L/UI:N/VC:H/VI:N/VA:N/SC:L/SI:L/SA:H/E:P/CR:M/MSI:S", 54, 69, "CVSS-BTE"}, /* 201011 */
	{"CVSS:4.0/AV:A/AC:L/AT:N/PR:H/UI:A/VC:N/VI:H/VA:N/SC:H/SI:L/SA:H/E:U/MSA:S", 59, 70, "CVSS-BTE"}, /* 201020 */
	{"CVSS:4.0/AV:L/AC:L/AT:N/PR:L/UI:P/VC:H/VI:L/VA:L/SC:N/SI:N/SA:L/E:U/CR:M/MSI:S", 44, 52, "CVSS-BTE"}, /* 201021 */
	{"CVSS:4.0/AV:P/AC:L/AT:N/PR:L/UI:A/VC:N/VI:L/VA:H/SC:N/SI:H/SA:L", 68, 68, "CVSS-B"}, /* 201100 */
	{"CVSS:4.0/AV:A/AC:L/AT:N/PR:L/UI:P/VC:N/VI:L/VA:H/SC:N/SI:H/SA:L/AR:M", 54, 68, "CVSS-BE"}, /* 201101 */
	{"CVSS:4.0/AV:A/AC:L/AT:N/PR:H/UI:A/VC:N/VI:N/VA:H/SC:H/SI:H/SA:H/E:P", 54, 71, "CVSS-BT"}, /* 201110 */
	{"CVSS:4.0/AV:P/AC:L/AT:N/PR:H/UI:P/VC:H/VI:N/VA:L/SC:H/SI:H/SA:L/E:P/CR:M", 39, 70, "CVSS-BTE"}, /* 201111 */
	{"CVSS:4.0/AV:P/AC:L/AT:N/PR:N/UI:A/VC:H/VI:N/VA:H/SC:N/SI:L/SA:H/E:U", 39, 69, "CVSS-BT"}, /* 201120 */
	{"CVSS:4.0/AV:P/AC:L/AT:N/PR:L/UI:A/VC:H/VI:N/VA:L/SC:N/SI:H/SA:N/E:U/CR:L", 15, 67, "CVSS-BTE"}, /* 201121 */
	{"CVSS:4.0/AV:A/AC:L/AT:N/PR:L/UI:A/VC:H/VI:N/VA:L/SC:L/SI:L/SA:L", 52, 52, "CVSS-B"}, /* 201200 */
	{"CVSS:4.0/AV:A/AC:L/AT:N/PR:H/UI:A/VC:H/VI:L/VA:N/SC:L/SI:N/SA:N/CR:M", 36, 52, "CVSS-BE"}, /* 201201 */
	{"CVSS:4.0/AV:P/AC:L/AT:N/PR:H/UI:A/VC:H/VI:N/VA:H/SC:L/SI:N/SA:N/E:P", 33, 52, "CVSS-BT"}, /* 201210 */
	{"CVSS:4.0/AV:P/AC:L/AT:N/PR:H/UI:N/VC:L/VI:L/VA:H/SC:N/SI:L/SA:L/E:P/AR:M", 19, 52, "CVSS-BTE"}, /* 201211 */
	{"CVSS:4.0/AV:A/AC:L/AT:N/PR:H/UI:P/VC:L/VI:N/VA:H/SC:N/SI:L/SA:L/E:U", 18, 52, "CVSS-BT"}, /* 201220 */
	{"CVSS:4.0/AV:L/AC:L/AT:N/PR:L/UI:A/VC:H/VI:N/VA:L/SC:L/SI:N/SA:N/E:U/CR:L", 8, 52, "CVSS-BTE"}, /* 201221 */
	{"CVSS:4.0/AV:P/AC:L/AT:N/PR:L/UI:P/VC:N/VI:N/VA:L/SC:L/SI:N/SA:H/MSI:S", 62, 42, "CVSS-BE"}, /* 202001 */
	{"CVSS:4.0/AV:P/AC:L/AT:N/PR:L/UI:P/VC:L/VI:L/VA:N/SC:L/SI:H/SA:H/E:P/MSI:S", 48, 45, "CVSS-BTE"}, /* 202011 */
	{"CVSS:4.0/AV:P/AC:L/AT:N/PR:N/UI:P/VC:L/VI:N/VA:N/SC:L/SI:L/SA:N/E:U/MSI:S", 17, 24, "CVSS-BTE"}, /* 202021 */
	{"CVSS:4.0/AV:L/AC:L/AT:N/PR:H/UI:A/VC:L/VI:N/VA:N/SC:L/SI:N/SA:H", 42, 42, "CVSS-B"}, /* 202101 */
	{"CVSS:4.0/AV:A/AC:L/AT:N/PR:L/UI:P/VC:L/VI:N/VA:N/SC:N/SI:H/SA:H/E:P", 19, 44, "CVSS-BT"}, /* 202111 */
	{"CVSS:4.0/AV:A/AC:L/AT:N/PR:L/UI:P/VC:N/VI:L/VA:N/SC:L/SI:L/SA:H/E:U", 10, 44, "CVSS-BT"}, /* 202121 */
	{"CVSS:4.0/AV:P/AC:L/AT:N/PR:H/UI:A/VC:N/VI:L/VA:L/SC:N/SI:L/SA:L", 24, 24, "CVSS-B"}, /* 202201 */
	{"CVSS:4.0/AV:L/AC:L/AT:N/PR:H/UI:P/VC:L/VI:N/VA:L/SC:L/SI:N/SA:L/E:P", 9, 24, "CVSS-BT"}, /* 202211 */
	{"CVSS:4.0/AV:P/AC:L/AT:N/PR:L/UI:N/VC:L/VI:N/VA:N/SC:L/SI:L/SA:L/E:U", 4, 24, "CVSS-BT"}, /* 202221 */
	{"CVSS:4.0/AV:A/AC:H/AT:P/PR:H/UI:P/VC:H/VI:H/VA:N/SC:H/SI:H/SA:H/MSA:S", 86, 72, "CVSS-BE"}, /* 210000 */
	{"CVSS:4.0/AV:P/AC:H/AT:P/PR:H/UI:N/VC:L/VI:H/VA:L/SC:N/SI:N/SA:L/CR:M/IR:M/MVC:H/MSI:S", 71, 44, "CVSS-BE"}, /* 210001 */
	{"CVSS:4.0/AV:A/AC:H/AT:P/PR:H/UI:P/VC:H/VI:H/VA:N/SC:L/SI:H/SA:N/E:P/MSA:S", 70, 68, "CVSS-BTE"}, /* 210010 */
	{"CVSS:4.0/AV:P/AC:H/AT:P/PR:L/UI:P/VC:H/VI:H/VA:L/SC:L/SI:H/SA:L/E:P/CR:M/IR:L/MSA:S", 51, 70, "CVSS-BTE"}, /* 210011 */
	{"CVSS:4.0/AV:A/AC:L/AT:P/PR:H/UI:P/VC:H/VI:H/VA:N/SC:N/SI:L/SA:L/E:U/MSI:S", 52, 53, "CVSS-BTE"}, /* 210020 */
	{"CVSS:4.0/AV:P/AC:H/AT:P/PR:N/UI:P/VC:H/VI:H/VA:L/SC:N/SI:N/SA:H/E:U/CR:L/IR:M/MSI:S", 40, 67, "CVSS-BTE"}, /* 210021 */
	{"CVSS:4.0/AV:L/AC:L/AT:P/PR:L/UI:P/VC:H/VI:H/VA:L/SC:N/SI:N/SA:H", 67, 67, "CVSS-B"}, /* 210100 */
	{"CVSS:4.0/AV:A/AC:H/AT:N/PR:H/UI:A/VC:H/VI:H/VA:N/SC:N/SI:N/SA:H/CR:L/IR:M", 51, 67, "CVSS-BE"}, /* 210101 */
	{"CVSS:4.0/AV:P/AC:L/AT:P/PR:L/UI:N/VC:H/VI:H/VA:L/SC:L/SI:L/SA:H/E:P", 57, 70, "CVSS-BT"}, /* 210110 */
	{"CVSS:4.0/AV:P/AC:H/AT:N/PR:L/UI:A/VC:H/VI:H/VA:L/SC:L/SI:H/SA:H/E:P/CR:L/IR:L", 36, 71, "CVSS-BTE"}, /* 210111 */
	{"CVSS:4.0/AV:P/AC:H/AT:P/PR:L/UI:A/VC:H/VI:H/VA:L/SC:L/SI:H/SA:N/E:U", 33, 69, "CVSS-BT"}, /* 210120 */
	{"CVSS:4.0/AV:L/AC:H/AT:N/PR:H/UI:A/VC:H/VI:H/VA:N/SC:N/SI:H/SA:H/E:U/CR:L/IR:L", 15, 69, "CVSS-BTE"}, /* 210121 */
	{"CVSS:4.0/AV:A/AC:H/AT:P/PR:H/UI:A/VC:H/VI:H/VA:N/SC:N/SI:N/SA:L", 53, 53, "CVSS-B"}, /* 210200 */
	{"CVSS:4.0/AV:P/AC:L/AT:P/PR:L/UI:A/VC:H/VI:H/VA:N/SC:N/SI:L/SA:L/CR:M/IR:L", 39, 53, "CVSS-BE"}, /* 210201 */
	{"CVSS:4.0/AV:P/AC:H/AT:N/PR:N/UI:A/VC:H/VI:H/VA:H/SC:L/SI:L/SA:N/E:P", 45, 54, "CVSS-BT"}, /* 210210 */
	{"CVSS:4.0/AV:P/AC:H/AT:N/PR:L/UI:P/VC:H/VI:H/VA:L/SC:L/SI:L/SA:L/E:P/CR:L/IR:M", 21, 53, "CVSS-BTE"}, /* 210211 */
	{"CVSS:4.0/AV:P/AC:H/AT:P/PR:N/UI:P/VC:H/VI:H/VA:N/SC:N/SI:L/SA:N/E:U", 17, 53, "CVSS-BT"}, /* 210220 */
	{"CVSS:4.0/AV:A/AC:L/AT:P/PR:L/UI:P/VC:H/VI:H/VA:N/SC:L/SI:N/SA:N/E:U/CR:L/IR:M", 8, 53, "CVSS-BTE"}, /* 210221 */
	{"CVSS:4.0/AV:A/AC:H/AT:P/PR:L/UI:P/VC:L/VI:N/VA:H/SC:L/SI:L/SA:L/MSA:S", 71, 43, "CVSS-BE"}, /* 211000 */
	{"CVSS:4.0/AV:L/AC:H/AT:P/PR:L/UI:P/VC:N/VI:N/VA:H/SC:L/SI:H/SA:L/AR:M/MSA:S", 54, 58, "CVSS-BE"}, /* 211001 */
	{"CVSS:4.0/AV:A/AC:L/AT:P/PR:L/UI:P/VC:H/VI:N/VA:L/SC:N/SI:N/SA:L/E:P/MSI:S", 55, 43, "CVSS-BTE"}, /* 211010 */
	{"CVSS:4.0/AV:P/AC:H/AT:P/PR:N/UI:P/VC:N/VI:N/VA:H/SC:H/SI:N/SA:N/E:P/AR:M/MSA:S", 39, 56, "CVSS-BTE"}, /* 211011 */
	{"CVSS:4.0/AV:P/AC:H/AT:N/PR:L/UI:A/VC:H/VI:L/VA:N/SC:L/SI:H/SA:L/E:U/MSA:S", 34, 58, "CVSS-BTE"}, /* 211020 */
	{"CVSS:4.0/AV:P/AC:L/AT:P/PR:H/UI:N/VC:L/VI:N/VA:H/SC:H/SI:H/SA:L/E:U/AR:L/MSA:S", 19, 59, "CVSS-BTE"}, /* 211021 */
	{"CVSS:4.0/AV:P/AC:L/AT:P/PR:L/UI:N/VC:L/VI:H/VA:H/SC:H/SI:H/SA:N", 59, 59, "CVSS-B"}, /* 211100 */
	{"CVSS:4.0/AV:A/AC:H/AT:P/PR:L/UI:A/VC:L/VI:H/VA:L/SC:L/SI:H/SA:L/IR:M", 47, 59, "CVSS-BE"}, /* 211101 */
	{"CVSS:4.0/AV:L/AC:L/AT:P/PR:L/UI:A/VC:N/VI:H/VA:L/SC:H/SI:N/SA:H/E:P", 41, 58, "CVSS-BT"}, /* 211110 */
	{"CVSS:4.0/AV:P/AC:L/AT:P/PR:N/UI:P/VC:H/VI:L/VA:L/SC:N/SI:H/SA:H/E:P/CR:M", 17, 59, "CVSS-BTE"}, /* 211111 */
	{"CVSS:4.0/AV:A/AC:H/AT:P/PR:H/UI:A/VC:N/VI:H/VA:L/SC:N/SI:H/SA:N/E:U", 14, 56, "CVSS-BT"}, /* 211120 */
	{"CVSS:4.0/AV:P/AC:H/AT:P/PR:N/UI:N/VC:N/VI:L/VA:H/SC:N/SI:H/SA:H/E:U/AR:M", 7, 58, "CVSS-BTE"}, /* 211121 */
	{"CVSS:4.0/AV:P/AC:L/AT:P/PR:N/UI:P/VC:N/VI:N/VA:H/SC:L/SI:N/SA:L", 41, 41, "CVSS-B"}, /* 211200 */
	{"CVSS:4.0/AV:P/AC:H/AT:N/PR:N/UI:N/VC:N/VI:L/VA:H/SC:N/SI:L/SA:N/AR:M", 18, 43, "CVSS-BE"}, /* 211201 */
	{"CVSS:4.0/AV:L/AC:H/AT:N/PR:L/UI:A/VC:H/VI:N/VA:N/SC:L/SI:L/SA:L/E:P", 15, 41, "CVSS-BT"}, /* 211210 */
	{"CVSS:4.0/AV:A/AC:H/AT:P/PR:L/UI:P/VC:L/VI:L/VA:H/SC:N/SI:N/SA:L/E:P/AR:M", 7, 44, "CVSS-BTE"}, /* 211211 */
	{"CVSS:4.0/AV:P/AC:H/AT:N/PR:H/UI:P/VC:N/VI:L/VA:H/SC:N/SI:L/SA:N/E:U", 7, 43, "CVSS-BT"}, /* 211220 */
	{"CVSS:4.0/AV:P/AC:L/AT:P/PR:H/UI:A/VC:H/VI:N/VA:L/SC:L/SI:L/SA:N/E:U/CR:L", 2, 43, "CVSS-BTE"}, /* 211221 */
	{"CVSS:4.0/AV:P/AC:H/AT:N/PR:N/UI:A/VC:N/VI:L/VA:N/SC:H/SI:H/SA:N/MSA:S", 51, 21, "CVSS-BE"}, /* 212001 */
	{"CVSS:4.0/AV:P/AC:H/AT:N/PR:H/UI:A/VC:L/VI:L/VA:N/SC:N/SI:H/SA:H/E:P/MSA:S", 21, 21, "CVSS-BTE"}, /* 212011 */
	{"CVSS:4.0/AV:L/AC:H/AT:N/PR:L/UI:P/VC:N/VI:L/VA:L/SC:H/SI:L/SA:N/E:U/MSI:S", 10, 20, "CVSS-BTE"}, /* 212021 */
	{"CVSS:4.0/AV:P/AC:L/AT:P/PR:H/UI:P/VC:N/VI:L/VA:N/SC:L/SI:N/SA:H", 20, 20, "CVSS-B"}, /* 212101 */
	{"CVSS:4.0/AV:P/AC:L/AT:P/PR:L/UI:P/VC:L/VI:L/VA:N/SC:H/SI:N/SA:H/E:P", 10, 21, "CVSS-BT"}, /* 212111 */
	{"CVSS:4.0/AV:P/AC:L/AT:P/PR:L/UI:P/VC:L/VI:N/VA:L/SC:H/SI:L/SA:N/E:U", 3, 20, "CVSS-BT"}, /* 212121 */
	{"CVSS:4.0/AV:A/AC:L/AT:P/PR:L/UI:P/VC:N/VI:L/VA:L/SC:L/SI:N/SA:L", 10, 10, "CVSS-B"}, /* 212201 */
	{"CVSS:4.0/AV:P/AC:L/AT:P/PR:H/UI:P/VC:N/VI:N/VA:L/SC:N/SI:N/SA:N/E:P", 3, 10, "CVSS-BT"}, /* 212211 */
	{"CVSS:4.0/AV:L/AC:L/AT:P/PR:L/UI:A/VC:N/VI:N/VA:N/SC:L/SI:L/SA:L/E:U", 1, 10, "CVSS-BT"}, /* 212221 */
};
/* clang-format on */

static void test_macrovectors(void **state)
{
	(void)state;
	assert_int_equal(VAKT_ARRAY_SIZE(macrovectors), 270);
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(macrovectors); i++)
		check(&macrovectors[i]);
}

/* Random draws of every metric, supplemental ones included, some in shuffled order. */
/* clang-format off */
static const struct v4_case random_vectors[] = {
	{"CVSS:4.0/AV:P/AC:H/AT:P/PR:H/UI:N/VC:L/VI:L/VA:N/SC:N/SI:L/SA:N/CR:H/MVA:L/MSA:N/R:I", 10, 10, "CVSS-BE"},
	{"CVSS:4.0/AV:N/S:N/MUI:X/VI:N/AT:P/IR:H/MAC:X/SC:H/VA:H/SA:N/AC:L/MAT:X/MSA:X/PR:L/MAV:L/SI:H/UI:A/VC:L", 58, 70, "CVSS-BE"},
	{"CVSS:4.0/AV:P/AC:H/AT:N/PR:L/UI:P/VC:H/VI:H/VA:H/SC:L/SI:L/SA:H/CR:H/MUI:P/R:A", 70, 70, "CVSS-BE"},
	{"CVSS:4.0/AV:A/AC:H/AT:P/PR:L/UI:A/VC:N/VI:N/VA:H/SC:L/SI:H/SA:N/CR:M/IR:H/MAV:L/MPR:N/MSI:N", 56, 57, "CVSS-BE"},
	{"CVSS:4.0/AV:P/AC:L/AT:N/PR:H/UI:P/VC:H/VI:H/VA:H/SC:H/SI:L/SA:L/CR:L/MAV:L/MAT:N/MPR:H/MUI:N/MVI:H/MSI:N/V:C", 92, 84, "CVSS-BE"},
	{"CVSS:4.0/AV:P/AC:H/AT:P/PR:H/UI:A/VC:N/VI:L/VA:H/SC:N/SI:H/SA:L/IR:H/MAV:L/MAT:X/MSI:S/AU:X/R:U", 70, 57, "CVSS-BE"},
	{"CVSS:4.0/AV:N/AC:H/AT:P/PR:L/UI:P/VC:H/VI:N/VA:H/SC:H/SI:N/SA:L/IR:X/MAC:X/MAT:P/MVC:N/MVA:N/MSI:N/U:Red", 48, 71, "CVSS-BE"},
	{"CVSS:4.0/UI:A/MAT:X/VC:L/PR:N/SA:L/S:X/IR:M/VA:N/AV:A/E:P/AC:L/VI:H/SC:L/MVI:X/AT:P/MAC:H/SI:N", 25, 58, "CVSS-BTE"},
	{"CVSS:4.0/MSA:N/PR:L/VA:N/AV:N/E:U/SC:N/MSI:S/AT:N/SI:H/UI:N/VC:N/VI:L/MUI:N/AC:L/SA:H", 46, 64, "CVSS-BTE"},
	{"CVSS:4.0/VA:H/V:X/AV:A/VC:L/AC:L/E:U/SA:N/SI:L/R:X/UI:P/MAT:P/AT:N/SC:L/PR:N/VI:L/MVA:L", 5, 70, "CVSS-BTE"},
	{"CVSS:4.0/UI:A/AV:N/MUI:X/SA:L/MVA:L/MSI:L/VC:N/AT:P/MSA:H/SC:H/PR:H/VA:L/SI:N/CR:H/VI:N/AC:L", 47, 43, "CVSS-BE"},
	{"CVSS:4.0/AV:L/AC:L/AT:P/PR:H/UI:P/VC:L/VI:L/VA:H/SC:N/SI:N/SA:N/CR:H/AR:H/MAC:L/MAT:N/MVC:L/MSA:X/V:D", 52, 44, "CVSS-BE"},
	{"CVSS:4.0/AV:L/AC:H/AT:N/PR:H/UI:P/VC:H/VI:H/VA:L/SC:L/SI:N/SA:N/MAV:N/MAT:X/MVA:X/MSC:L/MSI:L/V:D/U:Amber", 73, 53, "CVSS-BE"},
	{"CVSS:4.0/AV:N/VI:H/MSC:X/SC:N/SI:N/AR:L/IR:M/SA:L/PR:H/VA:H/UI:P/VC:N/AC:H/MVI:X/AT:N", 44, 58, "CVSS-BE"},
	{"CVSS:4.0/AV:N/AC:L/AT:P/PR:L/UI:P/VC:L/VI:N/VA:L/SC:L/SI:H/SA:L/MAT:N/MVA:X/MSI:X", 63, 51, "CVSS-BE"},
	{"CVSS:4.0/AV:P/AC:L/AT:N/PR:H/UI:N/VC:N/VI:L/VA:N/SC:N/SI:H/SA:L/E:P/IR:H/MAV:L/MAT:N/MVI:X/MSC:N/MSA:L/S:P/AU:N", 46, 42, "CVSS-BTE"},
	{"CVSS:4.0/AV:A/AC:H/AT:P/PR:H/UI:N/VC:H/VI:L/VA:H/SC:H/SI:N/SA:N/E:A/AR:H/MPR:H/MVI:N/MSA:X/RE:M", 69, 70, "CVSS-BTE"},
	{"CVSS:4.0/AV:A/AC:H/AT:N/PR:H/UI:P/VC:L/VI:N/VA:H/SC:H/SI:N/SA:H/MAC:L/MSC:L/R:I", 68, 58, "CVSS-BE"},
	{"CVSS:4.0/AV:A/AC:L/AT:P/PR:H/UI:N/VC:H/VI:N/VA:N/SC:N/SI:H/SA:H/MAT:X/MSC:X/MSA:S/AU:Y", 84, 70, "CVSS-BE"},
	{"CVSS:4.0/AV:N/AC:L/AT:P/PR:H/UI:P/VC:N/VI:L/VA:N/SC:N/SI:L/SA:H/CR:M/MAC:X/MUI:P/MSC:H/MSA:L/AU:N", 48, 45, "CVSS-BE"},
	{"CVSS:4.0/AV:A/AC:L/AT:P/PR:H/UI:P/VC:N/VI:N/VA:L/SC:L/SI:L/SA:L/IR:H/MAV:X/MAC:L/MAT:N/MSI:N", 24, 10, "CVSS-BE"},
	{"CVSS:4.0/AV:N/AC:L/AT:P/PR:H/UI:P/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/CR:X/AR:H/MPR:H/MVA:L/MSC:N/RE:H/U:Green", 86, 88, "CVSS-BE"},
	{"CVSS:4.0/RE:M/AC:H/UI:N/AT:P/VC:L/AR:M/VA:L/VI:H/S:X/AV:P/MVI:H/SA:L/SI:L/PR:N/SC:H", 58, 59, "CVSS-BE"},
	{"CVSS:4.0/AV:A/AC:L/AT:P/PR:H/UI:A/VC:H/VI:L/VA:L/SC:H/SI:H/SA:L/MAT:X/MSA:X", 60, 60, "CVSS-B"},
	{"CVSS:4.0/SA:H/AT:P/MVI:H/VA:H/SI:H/SC:H/AV:L/UI:A/MVA:H/MAC:X/VI:H/VC:N/R:X/AC:L/PR:H", 61, 61, "CVSS-BE"},
	{"CVSS:4.0/AV:A/AC:L/AT:P/PR:H/UI:N/VC:H/VI:N/VA:N/SC:H/SI:L/SA:N/IR:X/AR:H/MAV:A/MAC:L/MUI:P/U:Red", 57, 69, "CVSS-BE"},
	{"CVSS:4.0/AV:L/AC:L/AT:P/PR:L/UI:P/VC:H/VI:N/VA:L/SC:H/SI:H/SA:N/E:U/MAV:N/MUI:P/AU:Y", 40, 58, "CVSS-BTE"},
	{"CVSS:4.0/AV:A/AC:H/AT:P/PR:H/UI:N/VC:N/VI:H/VA:N/SC:H/SI:L/SA:N/AR:L/MAV:X/MAC:L/MSC:X", 68, 69, "CVSS-BE"},
	{"CVSS:4.0/AV:A/AC:L/AT:P/PR:L/UI:N/VC:N/VI:N/VA:H/SC:N/SI:L/SA:N/IR:X/MAC:H/MVA:N/V:X/U:X", 21, 59, "CVSS-BE"},
	{"CVSS:4.0/UI:A/AU:N/SC:L/MUI:N/VC:L/AV:P/AT:N/VA:N/AC:L/SI:H/VI:L/PR:L/IR:X/SA:N/CR:M/MSI:N", 24, 42, "CVSS-BE"},
	{"CVSS:4.0/MAC:L/SA:H/AC:H/MVA:H/MPR:H/SI:L/PR:H/SC:N/VC:L/AV:A/MSA:X/VA:N/AT:N/AR:X/S:X/UI:N/VI:N", 82, 45, "CVSS-BE"},
	{"CVSS:4.0/AV:L/AC:H/AT:P/PR:L/UI:N/VC:H/VI:H/VA:N/SC:N/SI:L/SA:H/IR:H/MPR:N/MVA:H", 87, 85, "CVSS-BE"},
	{"CVSS:4.0/AV:P/AC:L/AT:N/PR:N/UI:P/VC:N/VI:H/VA:L/SC:L/SI:N/SA:H/E:A/MAT:X/MPR:H", 68, 68, "CVSS-BTE"},
	{"CVSS:4.0/SA:L/MAT:N/SC:L/UI:N/AT:N/MPR:N/VC:L/AV:L/PR:N/VI:N/MAC:H/AC:L/VA:H/SI:N/MSC:N", 59, 70, "CVSS-BE"},
	{"CVSS:4.0/UI:A/MAC:L/SC:N/S:N/MSA:X/AC:H/PR:L/VI:N/AT:N/MAV:A/SA:N/VC:H/AV:L/VA:H/SI:H/V:D", 68, 57, "CVSS-BE"},
	{"CVSS:4.0/SC:H/VC:N/UI:N/AT:N/S:N/MSC:H/PR:N/VI:H/SI:H/VA:N/MVI:N/AC:L/AR:L/SA:N/MAC:H/AV:L", 51, 83, "CVSS-BE"},
	{"CVSS:4.0/AV:P/AC:L/AT:N/PR:N/UI:P/VC:H/VI:N/VA:N/SC:L/SI:L/SA:H/IR:L/MAT:N", 68, 69, "CVSS-BE"},
	{"CVSS:4.0/AV:L/AC:H/AT:P/PR:L/UI:N/VC:N/VI:N/VA:L/SC:H/SI:N/SA:H/AR:M/MVC:H/MSI:L", 70, 48, "CVSS-BE"},
	{"CVSS:4.0/AV:A/AC:L/AT:N/PR:H/UI:N/VC:H/VI:L/VA:N/SC:H/SI:H/SA:N/IR:M/AR:H/MPR:H/MVA:N/S:P/R:U", 83, 83, "CVSS-BE"},
	{"CVSS:4.0/AV:A/AC:H/AT:N/PR:H/UI:N/VC:H/VI:L/VA:H/SC:L/SI:L/SA:L/CR:X/MAC:X/MSC:H/MSA:S", 86, 59, "CVSS-BE"},
};
/* clang-format on */

static void test_random(void **state)
{
	(void)state;
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(random_vectors); i++)
		check(&random_vectors[i]);
}

/*
 * Over all 104,976 base vectors: the score is in range and CVSS-B; metrics
 * written with the values the method assumes when they are not defined (E:A,
 * CR:H, IR:H, AR:H) change the name (CVSS-BTE) but not the score; the
 * supplemental metrics change neither.
 */
static void test_base_space(void **state)
{
	static const char *const av[] = {"N", "A", "L", "P"},
	                         *const two[2][2] = {{"L", "H"}, {"N", "P"}},
	                         *const pr[] = {"N", "L", "H"}, *const ui[] = {"N", "P", "A"},
	                         *const cia[] = {"H", "L", "N"};
	(void)state;
	for (size_t k = 0; k < 104976; k++) {
		char v[160], w[200];
		struct know_cvss_score s, t;
		size_t i = k;
		const char *imp[6];

		for (int j = 5; j >= 0; j--, i /= 3)
			imp[j] = cia[i % 3];
		snprintf(
		    v, sizeof(v),
		    "CVSS:4.0/AV:%s/AC:%s/AT:%s/PR:%s/UI:%s/VC:%s/VI:%s/VA:%s/SC:%s/SI:%s/SA:%s",
		    av[i / 36], two[0][i / 18 % 2], two[1][i / 9 % 2], pr[i / 3 % 3], ui[i % 3],
		    imp[0], imp[1], imp[2], imp[3], imp[4], imp[5]);
		s = must_score(v);
		if (s.score < 0 || s.score > 100 || s.base != s.score || s.groups)
			fail_msg("'%s': score %d, CVSS-B %d, groups %u", v, s.score, s.base,
			         s.groups);
		snprintf(w, sizeof(w), "%s/E:A/CR:H/IR:H/AR:H", v);
		t = must_score(w);
		if (t.score != s.score || t.base != s.score ||
		    strcmp(know_cvss_nomenclature(&t), "CVSS-BTE"))
			fail_msg("'%s': %d (%s), not %d", w, t.score, know_cvss_nomenclature(&t),
			         s.score);
		snprintf(w, sizeof(w), "%s/S:P/AU:Y/R:I/V:C/RE:H/U:Amber", v);
		t = must_score(w);
		if (t.score != s.score || t.groups)
			fail_msg("'%s': %d, not %d", w, t.score, s.score);
	}
}

/* v4.0 vectors the parser refuses, and what it says. */
static void test_invalid(void **state)
{
	static const struct {
		const char *v, *msg;
	} cases[] = {
	    {"CVSS:4.0/AV:N/AC:L/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N",
	     "CVSS 4.0 vector: missing base metric AT (attack requirements)"},
	    {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/S:U",
	     "S (safety) is 'U' at column 65: expected X, N or P"},
	    {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/U:amber",
	     "U (provider urgency) is 'amber' at column 65: expected X, Clear, Green, Amber or "
	     "Red"},
	    {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/MSC:S",
	     "MSC (modified subsequent system confidentiality) is 'S'"},
	    {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:S/SA:N",
	     "SI (subsequent system integrity) is 'S' at column 55: expected H, L or N"},
	    {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:F",
	     "E (exploit maturity) is 'F' at column 65: expected X, A, P or U"},
	    {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/RL:O",
	     "unknown metric 'RL' at column 65"},
	    {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:R/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N",
	     "UI (user interaction) is 'R' at column 30: expected N, P or A"},
	    /* A v3.1 vector relabelled: its S is v4.0's safety. */
	    {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/S:U/C:H/I:H/A:H", "S (safety) is 'U' at column 35"},
	    {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/MSI:S/MSI:X",
	     "MSI (modified subsequent system integrity) given twice, at columns 65 and 71"},
	};

	(void)state;
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(cases); i++) {
		struct know_cvss_score s;
		struct vakt_error *err = NULL;

		if (know_cvss_score(cases[i].v, &s, &err) != -EINVAL || !err)
			fail_msg("'%s': accepted", cases[i].v);
		if (!strstr(err->msg, cases[i].msg))
			fail_msg("'%s': message '%s' lacks '%s'", cases[i].v, err->msg,
			         cases[i].msg);
		vakt_error_free(err);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_examples), cmocka_unit_test(test_macrovectors),
	    cmocka_unit_test(test_random),   cmocka_unit_test(test_base_space),
	    cmocka_unit_test(test_invalid),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
