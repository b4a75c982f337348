/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for src/knowledge/cvss*.c, v2.0 and v3.x, the parser and the
 * rating scale (v4.0: test-cvss-v4.c).
 *
 * Where the expected scores come from: the examples published with the
 * specifications and FIRST's calculators where the test names one; the
 * tables of every base vector and the samples of full vectors were computed
 * apart from vakt, with FIRST's calculator arithmetic for v3.0 and v3.1 (each
 * version's Roundup in IEEE double precision), an independent JavaScript
 * implementation (metaeffekt's ae-cvss-calculator) agreeing on every one, and
 * for v2.0 the guide's equations in exact decimals rounded half up.
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

/* Score v, failing the test with the message if it does not parse. */
static struct know_cvss_score must_score(const char *v)
{
	struct know_cvss_score s;
	struct vakt_error *err = NULL;

	if (know_cvss_score(v, &s, &err))
		fail_msg("'%s': %s", v, err ? err->msg : "(no error)");
	assert_null(err);
	return s;
}

/* Expect scores in tenths; -1 where the vector defines no such group. */
static void check(const char *v, int base, int temporal, int env)
{
	struct know_cvss_score s = must_score(v);
	int score = env >= 0 ? env : temporal >= 0 ? temporal : base;

	if (s.base != base || s.temporal != temporal || s.environmental != env || s.score != score)
		fail_msg(
		    "'%s': got base %d temporal %d environmental %d score %d, want %d %d %d %d", v,
		    s.base, s.temporal, s.environmental, s.score, base, temporal, env, score);
}

/*
 * Examples with published scores: the v2 guide's three worked examples
 * (section 3.3: CVE-2002-0392, CVE-2003-0818, CVE-2003-0062, with the
 * environmental metrics it scores them with); the two vectors of FIRST's v3.0
 * calculator that the python-cvss project publishes with their scores; NVD's
 * 7.7 for a v2 temporal tie (9.0 * 0.85, python-cvss issue 10); and the
 * scope-changed 9.9 that a plain ceiling gets wrong (cvss-suite pull 56).
 */
static void test_examples(void **state)
{
	(void)state;
	check("AV:N/AC:L/Au:N/C:N/I:N/A:C/E:F/RL:OF/RC:C", 78, 64, -1);
	check("AV:N/AC:L/Au:N/C:N/I:N/A:C/E:F/RL:OF/RC:C/CDP:H/TD:H/CR:M/IR:M/AR:H", 78, 64, 92);
	check("AV:N/AC:L/Au:N/C:C/I:C/A:C/E:F/RL:OF/RC:C", 100, 83, -1);
	check("AV:N/AC:L/Au:N/C:C/I:C/A:C/E:F/RL:OF/RC:C/CDP:H/TD:H/CR:M/IR:M/AR:L", 100, 83, 90);
	check("AV:L/AC:H/Au:N/C:C/I:C/A:C/E:POC/RL:OF/RC:C", 62, 49, -1);
	check("AV:L/AC:H/Au:N/C:C/I:C/A:C/E:POC/RL:OF/RC:C/CDP:N/TD:N/CR:M/IR:M/AR:M", 62, 49, 0);
	check("AV:N/AC:L/Au:N/C:P/I:P/A:P", 75, -1, -1);
	check("AV:N/AC:L/Au:S/C:C/I:C/A:C/E:U/RL:U/RC:C", 90, 77, -1);

	check("CVSS:3.0/S:U/AV:N/AC:L/PR:H/UI:N/C:L/I:L/A:N/E:F/RL:X", 38, 37, -1);
	check("CVSS:3.0/AV:N/AC:L/PR:N/UI:R/S:C/C:H/I:H/A:N/E:H/RL:O/RC:C/CR:H/IR:H/AR:H/"
	      "MAV:N/MAC:L/MPR:L/MUI:N/MS:C/MC:H/MI:H/MA:H",
	      93, 89, 95);
	check("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 98, -1, -1);
	check("CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H", 99, -1, -1);
	check("CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N/E:P/RL:W/RC:C", 61, 56, -1);
	check("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N", 0, -1, -1);
	check("CVSS:3.1/AV:P/AC:H/PR:H/UI:R/S:U/C:L/I:N/A:N", 16, -1, -1);
}

/* The base score of every v3 base vector, in test_v3_base_all's order. */
/* clang-format off */
static const unsigned char v3_base_scores[2592] = {
	98, 94, 91, 94, 86, 82, 91, 82, 75, 94, 86, 82, 86, 73, 65, 82, 65, 53, 91, 82,
	75, 82, 65, 53, 75, 53, 0, 100, 100, 100, 100, 99, 93, 100, 93, 86, 100, 99, 93, 99,
	83, 72, 93, 72, 58, 100, 93, 86, 93, 72, 58, 86, 58, 0, 88, 83, 81, 83, 76, 71,
	81, 71, 65, 83, 76, 71, 76, 63, 54, 71, 54, 43, 81, 71, 65, 71, 54, 43, 65, 43,
	0, 96, 96, 93, 96, 88, 82, 93, 82, 74, 96, 88, 82, 88, 71, 61, 82, 61, 47, 93,
	82, 74, 82, 61, 47, 74, 47, 0, 88, 83, 81, 83, 76, 71, 81, 71, 65, 83, 76, 71,
	76, 63, 54, 71, 54, 43, 81, 71, 65, 71, 54, 43, 65, 43, 0, 99, 99, 96, 99, 91,
	85, 96, 85, 77, 99, 91, 85, 91, 74, 64, 85, 64, 50, 96, 85, 77, 85, 64, 50, 77,
	50, 0, 80, 76, 73, 76, 68, 63, 73, 63, 57, 76, 68, 63, 68, 55, 46, 63, 46, 35,
	73, 63, 57, 63, 46, 35, 57, 35, 0, 90, 89, 87, 89, 82, 76, 87, 76, 68, 89, 82,
	76, 82, 65, 54, 76, 54, 41, 87, 76, 68, 76, 54, 41, 68, 41, 0, 72, 67, 65, 67,
	60, 55, 65, 55, 49, 67, 60, 55, 60, 47, 38, 55, 38, 27, 65, 55, 49, 55, 38, 27,
	49, 27, 0, 91, 90, 87, 90, 82, 76, 87, 76, 68, 90, 82, 76, 82, 66, 55, 76, 55,
	41, 87, 76, 68, 76, 55, 41, 68, 41, 0, 68, 64, 61, 64, 57, 52, 61, 52, 45, 64,
	57, 52, 57, 43, 35, 52, 35, 24, 61, 52, 45, 52, 35, 24, 45, 24, 0, 84, 83, 81,
	83, 75, 69, 81, 69, 62, 83, 75, 69, 75, 59, 48, 69, 48, 34, 81, 69, 62, 69, 48,
	34, 62, 34, 0, 81, 77, 74, 77, 70, 65, 74, 65, 59, 77, 70, 65, 70, 56, 48, 65,
	48, 37, 74, 65, 59, 65, 48, 37, 59, 37, 0, 90, 89, 87, 89, 81, 75, 87, 75, 68,
	89, 81, 75, 81, 65, 54, 75, 54, 40, 87, 75, 68, 75, 54, 40, 68, 40, 0, 75, 71,
	68, 71, 64, 59, 68, 59, 53, 71, 64, 59, 64, 50, 42, 59, 42, 31, 68, 59, 53, 59,
	42, 31, 53, 31, 0, 83, 82, 80, 82, 75, 69, 80, 69, 61, 82, 75, 69, 75, 58, 47,
	69, 47, 34, 80, 69, 61, 69, 47, 34, 61, 34, 0, 75, 71, 68, 71, 64, 59, 68, 59,
	53, 71, 64, 59, 64, 50, 42, 59, 42, 31, 68, 59, 53, 59, 42, 31, 53, 31, 0, 85,
	84, 82, 84, 77, 71, 82, 71, 63, 84, 77, 71, 77, 60, 49, 71, 49, 35, 82, 71, 63,
	71, 49, 35, 63, 35, 0, 71, 67, 64, 67, 59, 54, 64, 54, 48, 67, 59, 54, 59, 46,
	37, 54, 37, 26, 64, 54, 48, 54, 37, 26, 48, 26, 0, 80, 79, 77, 79, 71, 65, 77,
	65, 58, 79, 71, 65, 71, 55, 44, 65, 44, 30, 77, 65, 58, 65, 44, 30, 58, 30, 0,
	66, 62, 59, 62, 55, 50, 59, 50, 44, 62, 55, 50, 55, 41, 33, 50, 33, 22, 59, 50,
	44, 50, 33, 22, 44, 22, 0, 80, 79, 77, 79, 72, 66, 77, 66, 58, 79, 72, 66, 72,
	55, 44, 66, 44, 30, 77, 66, 58, 66, 44, 30, 58, 30, 0, 64, 60, 57, 60, 53, 48,
	57, 48, 42, 60, 53, 48, 53, 39, 31, 48, 31, 20, 57, 48, 42, 48, 31, 20, 42, 20,
	0, 76, 75, 73, 75, 68, 62, 73, 62, 54, 75, 68, 62, 68, 51, 40, 62, 40, 26, 73,
	62, 54, 62, 40, 26, 54, 26, 0, 88, 83, 81, 83, 76, 71, 81, 71, 65, 83, 76, 71,
	76, 63, 54, 71, 54, 43, 81, 71, 65, 71, 54, 43, 65, 43, 0, 96, 96, 93, 96, 88,
	82, 93, 82, 74, 96, 88, 82, 88, 71, 61, 82, 61, 47, 93, 82, 74, 82, 61, 47, 74,
	47, 0, 80, 76, 73, 76, 68, 63, 73, 63, 57, 76, 68, 63, 68, 55, 46, 63, 46, 35,
	73, 63, 57, 63, 46, 35, 57, 35, 0, 88, 87, 85, 87, 80, 74, 85, 74, 66, 87, 80,
	74, 80, 63, 52, 74, 52, 38, 85, 74, 66, 74, 52, 38, 66, 38, 0, 80, 76, 73, 76,
	68, 63, 73, 63, 57, 76, 68, 63, 68, 55, 46, 63, 46, 35, 73, 63, 57, 63, 46, 35,
	57, 35, 0, 90, 89, 87, 89, 82, 76, 87, 76, 68, 89, 82, 76, 82, 65, 54, 76, 54,
	41, 87, 76, 68, 76, 54, 41, 68, 41, 0, 74, 70, 67, 70, 63, 58, 67, 58, 52, 70,
	63, 58, 63, 49, 41, 58, 41, 30, 67, 58, 52, 58, 41, 30, 52, 30, 0, 84, 83, 81,
	83, 75, 69, 81, 69, 61, 83, 75, 69, 75, 59, 48, 69, 48, 34, 81, 69, 61, 69, 48,
	34, 61, 34, 0, 68, 64, 61, 64, 57, 52, 61, 52, 45, 64, 57, 52, 57, 43, 35, 52,
	35, 24, 61, 52, 45, 52, 35, 24, 45, 24, 0, 84, 83, 81, 83, 75, 69, 81, 69, 62,
	83, 75, 69, 75, 59, 48, 69, 48, 34, 81, 69, 62, 69, 48, 34, 62, 34, 0, 66, 62,
	59, 62, 54, 49, 59, 49, 43, 62, 54, 49, 54, 41, 32, 49, 32, 21, 59, 49, 43, 49,
	32, 21, 43, 21, 0, 79, 78, 76, 78, 71, 65, 76, 65, 57, 78, 71, 65, 71, 54, 43,
	65, 43, 29, 76, 65, 57, 65, 43, 29, 57, 29, 0, 75, 71, 68, 71, 64, 59, 68, 59,
	53, 71, 64, 59, 64, 50, 42, 59, 42, 31, 68, 59, 53, 59, 42, 31, 53, 31, 0, 83,
	82, 80, 82, 75, 69, 80, 69, 61, 82, 75, 69, 75, 58, 47, 69, 47, 34, 80, 69, 61,
	69, 47, 34, 61, 34, 0, 71, 67, 64, 67, 59, 54, 64, 54, 48, 67, 59, 54, 59, 46,
	37, 54, 37, 26, 64, 54, 48, 54, 37, 26, 48, 26, 0, 79, 78, 75, 78, 70, 64, 75,
	64, 56, 78, 70, 64, 70, 54, 43, 64, 43, 29, 75, 64, 56, 64, 43, 29, 56, 29, 0,
	71, 67, 64, 67, 59, 54, 64, 54, 48, 67, 59, 54, 59, 46, 37, 54, 37, 26, 64, 54,
	48, 54, 37, 26, 48, 26, 0, 80, 79, 77, 79, 71, 65, 77, 65, 58, 79, 71, 65, 71,
	55, 44, 65, 44, 30, 77, 65, 58, 65, 44, 30, 58, 30, 0, 68, 64, 61, 64, 56, 51,
	61, 51, 45, 64, 56, 51, 56, 43, 34, 51, 34, 23, 61, 51, 45, 51, 34, 23, 45, 23,
	0, 76, 75, 73, 75, 68, 62, 73, 62, 54, 75, 68, 62, 68, 51, 40, 62, 40, 26, 73,
	62, 54, 62, 40, 26, 54, 26, 0, 64, 60, 57, 60, 53, 48, 57, 48, 42, 60, 53, 48,
	53, 39, 31, 48, 31, 20, 57, 48, 42, 48, 31, 20, 42, 20, 0, 76, 75, 73, 75, 68,
	62, 73, 62, 54, 75, 68, 62, 68, 51, 40, 62, 40, 26, 73, 62, 54, 62, 40, 26, 54,
	26, 0, 63, 59, 56, 59, 51, 46, 56, 46, 40, 59, 51, 46, 51, 38, 29, 46, 29, 18,
	56, 46, 40, 46, 29, 18, 40, 18, 0, 73, 72, 70, 72, 65, 59, 70, 59, 51, 72, 65,
	59, 65, 48, 37, 59, 37, 24, 70, 59, 51, 59, 37, 24, 51, 24, 0, 84, 80, 77, 80,
	73, 68, 77, 68, 62, 80, 73, 68, 73, 59, 51, 68, 51, 40, 77, 68, 62, 68, 51, 40,
	62, 40, 0, 93, 92, 90, 92, 85, 79, 90, 79, 71, 92, 85, 79, 85, 68, 57, 79, 57,
	43, 90, 79, 71, 79, 57, 43, 71, 43, 0, 78, 73, 71, 73, 66, 61, 71, 61, 55, 73,
	66, 61, 66, 53, 44, 61, 44, 33, 71, 61, 55, 61, 44, 33, 55, 33, 0, 86, 85, 82,
	85, 77, 71, 82, 71, 63, 85, 77, 71, 77, 61, 50, 71, 50, 36, 82, 71, 63, 71, 50,
	36, 63, 36, 0, 78, 73, 71, 73, 66, 61, 71, 61, 55, 73, 66, 61, 66, 53, 44, 61,
	44, 33, 71, 61, 55, 61, 44, 33, 55, 33, 0, 88, 87, 84, 87, 79, 73, 84, 73, 65,
	87, 79, 73, 79, 63, 52, 73, 52, 38, 84, 73, 65, 73, 52, 38, 65, 38, 0, 73, 68,
	66, 68, 61, 56, 66, 56, 50, 68, 61, 56, 61, 48, 39, 56, 39, 28, 66, 56, 50, 56,
	39, 28, 50, 28, 0, 82, 81, 79, 81, 73, 67, 79, 67, 59, 81, 73, 67, 73, 57, 46,
	67, 46, 32, 79, 67, 59, 67, 46, 32, 59, 32, 0, 67, 63, 60, 63, 56, 51, 60, 51,
	44, 63, 56, 51, 56, 42, 34, 51, 34, 23, 60, 51, 44, 51, 34, 23, 44, 23, 0, 82,
	81, 79, 81, 73, 67, 79, 67, 60, 81, 73, 67, 73, 57, 46, 67, 46, 32, 79, 67, 60,
	67, 46, 32, 60, 32, 0, 65, 61, 58, 61, 53, 48, 58, 48, 42, 61, 53, 48, 53, 40,
	31, 48, 31, 20, 58, 48, 42, 48, 31, 20, 42, 20, 0, 77, 77, 74, 77, 69, 63, 74,
	63, 55, 77, 69, 63, 69, 52, 42, 63, 42, 28, 74, 63, 55, 63, 42, 28, 55, 28, 0,
	74, 69, 67, 69, 62, 57, 67, 57, 51, 69, 62, 57, 62, 49, 40, 57, 40, 29, 67, 57,
	51, 57, 40, 29, 51, 29, 0, 81, 81, 78, 81, 73, 67, 78, 67, 59, 81, 73, 67, 73,
	56, 45, 67, 45, 32, 78, 67, 59, 67, 45, 32, 59, 32, 0, 70, 65, 63, 65, 58, 53,
	63, 53, 47, 65, 58, 53, 58, 45, 36, 53, 36, 25, 63, 53, 47, 53, 36, 25, 47, 25,
	0, 77, 76, 74, 76, 69, 63, 74, 63, 55, 76, 69, 63, 69, 52, 41, 63, 41, 27, 74,
	63, 55, 63, 41, 27, 55, 27, 0, 70, 65, 63, 65, 58, 53, 63, 53, 47, 65, 58, 53,
	58, 45, 36, 53, 36, 25, 63, 53, 47, 53, 36, 25, 47, 25, 0, 78, 77, 75, 77, 70,
	64, 75, 64, 56, 77, 70, 64, 70, 53, 42, 64, 42, 28, 75, 64, 56, 64, 42, 28, 56,
	28, 0, 67, 63, 60, 63, 55, 50, 60, 50, 44, 63, 55, 50, 55, 42, 33, 50, 33, 22,
	60, 50, 44, 50, 33, 22, 44, 22, 0, 75, 74, 72, 74, 66, 61, 72, 61, 53, 74, 66,
	61, 66, 50, 39, 61, 39, 25, 72, 61, 53, 61, 39, 25, 53, 25, 0, 64, 60, 57, 60,
	52, 47, 57, 47, 41, 60, 52, 47, 52, 39, 30, 47, 30, 19, 57, 47, 41, 47, 30, 19,
	41, 19, 0, 75, 74, 72, 74, 67, 61, 72, 61, 53, 74, 67, 61, 67, 50, 39, 61, 39,
	25, 72, 61, 53, 61, 39, 25, 53, 25, 0, 63, 58, 56, 58, 51, 46, 56, 46, 40, 58,
	51, 46, 51, 38, 29, 46, 29, 18, 56, 46, 40, 46, 29, 18, 40, 18, 0, 72, 72, 69,
	72, 64, 58, 69, 58, 50, 72, 64, 58, 64, 47, 37, 58, 37, 23, 69, 58, 50, 58, 37,
	23, 50, 23, 0, 68, 64, 61, 64, 57, 52, 61, 52, 46, 64, 57, 52, 57, 43, 35, 52,
	35, 24, 61, 52, 46, 52, 35, 24, 46, 24, 0, 76, 75, 73, 75, 67, 61, 73, 61, 53,
	75, 67, 61, 67, 51, 40, 61, 40, 26, 73, 61, 53, 61, 40, 26, 53, 26, 0, 66, 62,
	59, 62, 54, 49, 59, 49, 43, 62, 54, 49, 54, 41, 32, 49, 32, 21, 59, 49, 43, 49,
	32, 21, 43, 21, 0, 73, 72, 70, 72, 65, 59, 70, 59, 51, 72, 65, 59, 65, 48, 37,
	59, 37, 23, 70, 59, 51, 59, 37, 23, 51, 23, 0, 66, 62, 59, 62, 54, 49, 59, 49,
	43, 62, 54, 49, 54, 41, 32, 49, 32, 21, 59, 49, 43, 49, 32, 21, 43, 21, 0, 74,
	73, 71, 73, 65, 59, 71, 59, 52, 73, 65, 59, 65, 49, 38, 59, 38, 24, 71, 59, 52,
	59, 38, 24, 52, 24, 0, 64, 60, 57, 60, 52, 48, 57, 48, 41, 60, 52, 48, 52, 39,
	31, 48, 31, 19, 57, 48, 41, 48, 31, 19, 41, 19, 0, 72, 71, 68, 71, 63, 57, 68,
	57, 49, 71, 63, 57, 63, 47, 36, 57, 36, 22, 68, 57, 49, 57, 36, 22, 49, 22, 0,
	62, 58, 55, 58, 50, 46, 55, 46, 39, 58, 50, 46, 50, 37, 29, 46, 29, 18, 55, 46,
	39, 46, 29, 18, 39, 18, 0, 72, 71, 68, 71, 63, 57, 68, 57, 49, 71, 63, 57, 63,
	47, 36, 57, 36, 22, 68, 57, 49, 57, 36, 22, 49, 22, 0, 61, 57, 54, 57, 50, 45,
	54, 45, 39, 57, 50, 45, 50, 36, 28, 45, 28, 17, 54, 45, 39, 45, 28, 17, 39, 17,
	0, 70, 69, 67, 69, 62, 56, 67, 56, 48, 69, 62, 56, 62, 45, 34, 56, 34, 20, 67,
	56, 48, 56, 34, 20, 48, 20, 0, 64, 60, 57, 60, 53, 48, 57, 48, 42, 60, 53, 48,
	53, 39, 31, 48, 31, 20, 57, 48, 42, 48, 31, 20, 42, 20, 0, 71, 71, 68, 71, 63,
	57, 68, 57, 49, 71, 63, 57, 63, 46, 36, 57, 36, 22, 68, 57, 49, 57, 36, 22, 49,
	22, 0, 63, 59, 56, 59, 51, 46, 56, 46, 40, 59, 51, 46, 51, 38, 29, 46, 29, 18,
	56, 46, 40, 46, 29, 18, 40, 18, 0, 70, 69, 67, 69, 62, 56, 67, 56, 48, 69, 62,
	56, 62, 45, 34, 56, 34, 20, 67, 56, 48, 56, 34, 20, 48, 20, 0, 63, 59, 56, 59,
	51, 46, 56, 46, 40, 59, 51, 46, 51, 38, 29, 46, 29, 18, 56, 46, 40, 46, 29, 18,
	40, 18, 0, 70, 70, 67, 70, 62, 56, 67, 56, 48, 70, 62, 56, 62, 45, 34, 56, 34,
	21, 67, 56, 48, 56, 34, 21, 48, 21, 0, 62, 58, 55, 58, 50, 45, 55, 45, 39, 58,
	50, 45, 50, 37, 28, 45, 28, 17, 55, 45, 39, 45, 28, 17, 39, 17, 0, 69, 68, 66,
	68, 61, 55, 66, 55, 47, 68, 61, 55, 61, 44, 33, 55, 33, 19, 66, 55, 47, 55, 33,
	19, 47, 19, 0, 61, 57, 54, 57, 49, 44, 54, 44, 38, 57, 49, 44, 49, 36, 27, 44,
	27, 16, 54, 44, 38, 44, 27, 16, 38, 16, 0, 69, 68, 66, 68, 61, 55, 66, 55, 47,
	68, 61, 55, 61, 44, 33, 55, 33, 19, 66, 55, 47, 55, 33, 19, 47, 19, 0, 60, 56,
	53, 56, 49, 44, 53, 44, 38, 56, 49, 44, 49, 35, 27, 44, 27, 16, 53, 44, 38, 44,
	27, 16, 38, 16, 0, 68, 67, 65, 67, 60, 54, 65, 54, 46, 67, 60, 54, 60, 43, 32,
	54, 32, 18, 65, 54, 46, 54, 32, 18, 46, 18, 0,
};
/* clang-format on */

/* Every one of the 2,592 base vectors, as v3.0 and as v3.1: their base equations agree. */
static void test_v3_base_all(void **state)
{
	static const char *const av[] = {"N", "A", "L", "P"}, *const ac[] = {"L", "H"},
	                         *const pr[] = {"N", "L", "H"}, *const ui[] = {"N", "R"},
	                         *const sc[] = {"U", "C"}, *const cia[] = {"H", "L", "N"};

	(void)state;
	/* k's digits, last metric fastest: AV (4) AC (2) PR (3) UI (2) S (2) C I A (3 each). */
	for (size_t k = 0; k < VAKT_ARRAY_SIZE(v3_base_scores); k++) {
		char v[80];

		for (int ver = 0; ver < 2; ver++) {
			snprintf(v, sizeof(v),
			         "CVSS:%s/AV:%s/AC:%s/PR:%s/UI:%s/S:%s/C:%s/I:%s/A:%s",
			         ver ? "3.1" : "3.0", av[k / 648], ac[k / 324 % 2], pr[k / 108 % 3],
			         ui[k / 54 % 2], sc[k / 27 % 2], cia[k / 9 % 3], cia[k / 3 % 3],
			         cia[k % 3]);
			check(v, v3_base_scores[k], -1, -1);
		}
	}
}

struct v3_case {
	const char *v;
	int base, temporal, env;
};

/* Full vectors in random draws of every metric, each score as FIRST's calculator of the version
 * gives it. */
static const struct v3_case v3_full[] = {
    {"CVSS:3.1/AV:L/AC:H/PR:H/UI:N/S:C/C:N/I:H/A:N/E:P/CR:X/AR:L/MAV:N/MUI:R/MS:U/MC:N/MI:X", 53,
     50, 40},
    {"CVSS:3.1/AV:P/AC:L/PR:L/UI:R/S:U/C:H/I:L/A:L/E:H/RL:W/RC:C/CR:M/IR:M/MAV:X/MS:C/MC:H/MI:H",
     52, 51, 69},
    {"CVSS:3.1/AV:A/AC:L/PR:L/UI:N/S:C/C:H/I:N/A:L/RL:W/RC:U/CR:H/MAV:N/MAC:L/MPR:X/MS:X/MC:L/MI:L/"
     "MA:H",
     76, 68, 84},
    {"CVSS:3.1/AV:L/AC:H/PR:H/UI:N/S:C/C:L/I:N/A:N/E:F/AR:X/MPR:L/MUI:N/MI:N", 25, 25, 28},
    {"CVSS:3.1/AV:L/AC:H/PR:N/UI:N/S:C/C:H/I:N/A:N/E:F/RC:U/CR:H/MAC:X/MPR:X/MUI:R/MC:X/MI:X/MA:H",
     59, 53, 70},
    {"CVSS:3.1/AV:L/AC:L/PR:N/UI:R/S:C/C:H/I:H/A:L/RL:T/CR:M/IR:M/AR:L/MAC:X/MUI:X/MC:N", 85, 82,
     65},
    {"CVSS:3.1/AV:P/AC:L/PR:H/UI:N/S:U/C:H/I:L/A:L/RL:X/AR:X/MUI:R/MS:C/MI:N", 50, -1, 56},
    {"CVSS:3.1/AV:L/AC:H/PR:N/UI:N/S:U/C:H/I:L/A:L/RL:U/IR:X/MAV:A/MAC:X", 62, 62, 64},
    {"CVSS:3.1/AV:P/AC:L/PR:N/UI:N/S:U/C:N/I:H/A:H/RC:X/CR:X/IR:H/MAC:X/MUI:R/MS:U/MA:L", 61, -1,
     63},
    {"CVSS:3.1/AV:L/AC:L/PR:H/UI:R/S:C/C:L/I:N/A:L/RL:X/RC:X/MAV:N/MC:X/MA:L", 42, -1, 48},
    {"CVSS:3.1/AV:P/AC:L/PR:L/UI:N/S:U/C:N/I:L/A:H/E:U/RL:O/RC:X/CR:H/AR:M/MAC:X/MPR:H/MI:L/MA:H",
     49, 43, 40},
    {"CVSS:3.1/AV:A/AC:L/PR:L/UI:R/S:C/C:L/I:N/A:N/E:U/RL:X/RC:U/MAV:N/MC:X/MI:X", 34, 29, 35},
    {"CVSS:3.1/AV:A/AC:H/PR:L/UI:R/S:U/C:H/I:H/A:H/RL:W/RC:U/MUI:X/MS:X/MC:L/MA:H", 68, 61, 58},
    {"CVSS:3.1/AV:P/AC:H/PR:N/UI:N/S:C/C:L/I:H/A:L/E:U/RC:U/IR:X/AR:L/MAV:A/MS:X/MC:N/MI:L", 63, 53,
     34},
    {"CVSS:3.1/AV:L/AC:H/PR:H/UI:N/S:C/C:H/I:L/A:N/E:P/RL:T/CR:X/IR:M/AR:X/MAC:H/MI:X", 61, 56, 56},
    {"CVSS:3.1/AV:L/AC:H/PR:N/UI:R/S:C/C:L/I:N/A:H/RL:U/RC:R/CR:M/IR:H/AR:M/MAV:A/MUI:X/MS:X", 63,
     61, 62},
    {"CVSS:3.1/AV:L/AC:L/PR:L/UI:R/S:U/C:H/I:H/A:N/IR:L/AR:L/MPR:N", 66, -1, 63},
    {"CVSS:3.1/AV:P/AC:H/PR:N/UI:R/S:C/C:H/I:N/A:H/E:P/RL:U/MS:C/MC:N/MI:L/MA:X", 67, 63, 53},
    {"CVSS:3.1/AV:P/AC:L/PR:H/UI:R/S:U/C:L/I:N/A:L/E:X/RL:T/RC:R/CR:X/MAV:P/MUI:X/MS:U/MC:X/MI:L",
     28, 26, 34},
    {"CVSS:3.1/AV:P/AC:H/PR:H/UI:N/S:C/C:L/I:L/A:H/RC:X/CR:L/IR:H/MAC:X/MUI:R/MS:X/MC:X/MI:H/MA:N",
     61, -1, 68},
    {"CVSS:3.1/AV:P/AC:H/PR:N/UI:N/S:C/C:L/I:L/A:N/MAC:X", 36, -1, -1},
    {"CVSS:3.1/AV:P/AC:H/PR:N/UI:N/S:C/C:N/I:H/A:L/CR:L/IR:M/AR:X/MAV:N/MS:C/MI:N", 57, -1, 40},
    {"CVSS:3.1/AV:L/AC:H/PR:L/UI:N/S:U/C:N/I:N/A:H/E:H/RL:X/RC:X/CR:X/MAV:A/MS:U/MI:X/MA:H", 47, 47,
     48},
    {"CVSS:3.1/AV:L/AC:L/PR:N/UI:N/S:C/C:L/I:L/A:N/E:X/CR:H/MAV:L/MPR:X/MUI:X/MS:U/MC:N/MI:H/MA:X",
     57, -1, 62},
    {"CVSS:3.0/AV:A/AC:L/PR:N/UI:R/S:U/C:L/I:L/A:H/RL:U/IR:H/MAV:X/MS:U/MC:L/MA:L", 68, 68, 59},
    {"CVSS:3.0/AV:A/AC:H/PR:N/UI:N/S:U/C:L/I:H/A:H/E:P/CR:L/IR:L/AR:X/MAV:L/MI:H", 71, 67, 58},
    {"CVSS:3.0/AV:A/AC:L/PR:L/UI:N/S:C/C:H/I:L/A:N/E:F/RC:R/CR:X/IR:M/AR:X/MAC:X/MPR:L/MS:C/MI:L",
     76, 71, 71},
    {"CVSS:3.0/AV:N/AC:L/PR:H/UI:N/S:U/C:L/I:L/A:H/AR:H/MAV:X/MPR:L/MUI:X/MC:L", 60, -1, 87},
    {"CVSS:3.0/AV:A/AC:L/PR:N/UI:N/S:C/C:N/I:H/A:H/RL:T/RC:U/MAV:P/MPR:H/MUI:X/MS:U/MC:N/MA:L", 93,
     83, 41},
    {"CVSS:3.0/AV:P/AC:H/PR:L/UI:R/S:C/C:L/I:L/A:H/E:X/IR:L/AR:L/MPR:X/MUI:R/MC:N/MI:L", 61, -1,
     31},
    {"CVSS:3.0/AV:N/AC:H/PR:H/UI:N/S:U/C:H/I:H/A:N/RL:U/RC:U/CR:M/AR:X/MAC:X/MPR:X/MUI:N", 59, 55,
     55},
    {"CVSS:3.0/AV:L/AC:H/PR:L/UI:N/S:C/C:H/I:N/A:H/RL:U/CR:H/AR:H/MAV:L/MAC:L/MPR:H/MS:X/MA:N", 75,
     75, 81},
    {"CVSS:3.0/AV:A/AC:H/PR:L/UI:R/S:U/C:L/I:N/A:L/E:X/RL:X/IR:L/AR:M/MAC:H/MUI:R/MC:L/MA:N", 34,
     -1, 23},
    {"CVSS:3.0/AV:A/AC:H/PR:N/UI:N/S:C/C:L/I:H/A:H/E:F/RC:U/MS:U/MA:H", 82, 74, 64},
    {"CVSS:3.0/AV:L/AC:H/PR:L/UI:R/S:U/C:H/I:N/A:L/E:U/CR:H/IR:M/AR:L/MPR:H/MS:U/MI:L", 50, 46, 56},
    {"CVSS:3.0/AV:A/AC:L/PR:H/UI:R/S:U/C:L/I:N/A:H/E:F/RL:U/RC:C/MAV:N/MPR:L/MS:C/MC:H/MA:N", 49,
     48, 66},
    {"CVSS:3.0/AV:P/AC:H/PR:H/UI:N/S:U/C:L/I:N/A:L/E:U/CR:X/MAV:A/MPR:X/MUI:N", 27, 25, 29},
    {"CVSS:3.0/AV:P/AC:H/PR:N/UI:N/S:U/C:N/I:H/A:H/E:U/RL:X/IR:L/AR:M/MAC:L/MUI:N/MC:L/MI:X", 57,
     52, 53},
    {"CVSS:3.0/AV:L/AC:L/PR:L/UI:R/S:U/C:N/I:L/A:L/E:X/RL:X/IR:L/MC:N/MI:L", 39, -1, 34},
    {"CVSS:3.0/AV:A/AC:H/PR:L/UI:R/S:U/C:L/I:L/A:H/E:F/RL:X/CR:L/MAV:N/MPR:H", 56, 55, 49},
};

static void test_v3_full(void **state)
{
	(void)state;
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(v3_full); i++)
		check(v3_full[i].v, v3_full[i].base, v3_full[i].temporal, v3_full[i].env);
}

/*
 * Where v3.0 and v3.1 part: v3.0's Roundup ceils the binary value, so a
 * temporal 5.0 * 0.92 computed as 4.6000000000000005 is 4.7 in v3.0 and 4.6 in
 * v3.1 (the first three, one per base score where that happens: 2.5, 5.0,
 * 10.0); and v3.1 revised the environmental impact of a changed scope (the
 * rest, random draws). Same metrics, {base, temporal, environmental} as v3.0
 * then as v3.1.
 */
static const struct {
	const char *metrics;
	int v30[3], v31[3];
} v3_versions[] = {
    {"AV:L/AC:H/PR:N/UI:R/S:U/C:L/I:N/A:N/RC:U", {25, 24, -1}, {25, 23, -1}},
    {"AV:N/AC:L/PR:L/UI:N/S:C/C:L/I:N/A:N/RC:U", {50, 47, -1}, {50, 46, -1}},
    {"AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H/RC:U", {100, 93, -1}, {100, 92, -1}},
    {"AV:P/AC:H/PR:N/UI:R/S:U/C:L/I:N/A:N/RC:U/IR:H/AR:L/MUI:N/MS:U/MA:L",
     {18, 17, 24},
     {18, 17, 23}},
    {"AV:A/AC:L/PR:L/UI:N/S:C/C:H/I:L/A:H/RL:O/RC:C/AR:H/MAC:H/MPR:L/MUI:R/MC:H/MI:L",
     {89, 85, 73},
     {89, 85, 74}},
    {"AV:P/AC:H/PR:H/UI:R/S:C/C:L/I:H/A:H/RL:O/IR:H/MAC:L/MPR:N/MUI:N/MI:H/MA:H",
     {67, 64, 73},
     {67, 64, 74}},
    {"AV:N/AC:H/PR:H/UI:R/S:C/C:H/I:H/A:N/RL:U/IR:M/MPR:L/MUI:R/MA:H", {73, 73, 80}, {73, 73, 81}},
    {"AV:L/AC:L/PR:H/UI:N/S:C/C:L/I:H/A:L/RL:W/CR:H/IR:H/MAV:N/MAC:H", {73, 71, 78}, {73, 71, 79}},
    {"AV:L/AC:H/PR:N/UI:R/S:U/C:N/I:N/A:L/E:H/RC:U/IR:M/AR:H/MS:C/MC:L/MI:L/MA:N",
     {25, 24, 38},
     {25, 23, 38}},
    {"AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:N/A:L/E:P/IR:L/MUI:N/MS:C/MI:H", {85, 80, 88}, {85, 80, 87}},
    {"AV:L/AC:L/PR:L/UI:R/S:C/C:H/I:H/A:H/E:U/MAV:L", {82, 75, 75}, {82, 75, 76}},
    {"AV:P/AC:L/PR:L/UI:N/S:C/C:H/I:N/A:H/RL:O/RC:U/CR:H/IR:H", {71, 63, 65}, {71, 63, 66}},
    {"AV:P/AC:L/PR:L/UI:R/S:C/C:H/I:H/A:H/RL:T/RC:U/AR:M/MUI:N/MC:H", {72, 64, 66}, {72, 64, 67}},
    {"AV:P/AC:L/PR:H/UI:R/S:C/C:H/I:N/A:L/IR:L/MAV:A/MPR:N/MUI:N/MI:L/MA:H",
     {56, -1, 95},
     {56, -1, 94}},
    {"AV:N/AC:H/PR:L/UI:R/S:U/C:H/I:L/A:H/RC:C/CR:H/IR:M/MAC:H/MPR:H/MS:C",
     {67, 67, 76},
     {67, 67, 77}},
    {"AV:N/AC:L/PR:N/UI:R/S:C/C:H/I:H/A:N/MS:C/MA:H", {93, -1, 96}, {93, -1, 97}},
    {"AV:P/AC:H/PR:N/UI:N/S:C/C:H/I:N/A:H/AR:H/MUI:N/MI:H/MA:L", {68, -1, 71}, {68, -1, 72}},
    {"AV:A/AC:L/PR:H/UI:N/S:C/C:N/I:H/A:H/RL:O/IR:H/MAV:P/MPR:L/MC:H", {81, 77, 71}, {81, 77, 72}},
    {"AV:A/AC:L/PR:H/UI:R/S:C/C:L/I:L/A:H/CR:H/AR:H/MUI:N/MS:C/MI:H", {71, -1, 84}, {71, -1, 85}},
};

static void test_v30_v31(void **state)
{
	(void)state;
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(v3_versions); i++) {
		char v[160];

		snprintf(v, sizeof(v), "CVSS:3.0/%s", v3_versions[i].metrics);
		check(v, v3_versions[i].v30[0], v3_versions[i].v30[1], v3_versions[i].v30[2]);
		snprintf(v, sizeof(v), "CVSS:3.1/%s", v3_versions[i].metrics);
		check(v, v3_versions[i].v31[0], v3_versions[i].v31[1], v3_versions[i].v31[2]);
	}
}

/* The base score of every v2 base vector, in test_v2_base_all's order. */
/* clang-format off */
static const unsigned char v2_base_scores[729] = {
	0, 8, 37, 8, 23, 44, 37, 44, 53, 8, 23, 44, 23, 34, 49, 44, 49, 56, 37, 44,
	53, 44, 49, 56, 53, 56, 59, 0, 10, 38, 10, 24, 45, 38, 45, 55, 10, 24, 45, 24,
	35, 50, 45, 50, 57, 38, 45, 55, 45, 50, 57, 55, 57, 60, 0, 12, 40, 12, 26, 47,
	40, 47, 56, 12, 26, 47, 26, 37, 52, 47, 52, 59, 40, 47, 56, 47, 52, 59, 56, 59,
	62, 0, 13, 41, 13, 27, 48, 41, 48, 58, 13, 27, 48, 27, 38, 53, 48, 53, 60, 41,
	48, 58, 48, 53, 60, 58, 60, 63, 0, 15, 44, 15, 30, 50, 44, 50, 60, 15, 30, 50,
	30, 41, 55, 50, 55, 62, 44, 50, 60, 50, 55, 62, 60, 62, 66, 0, 19, 47, 19, 33,
	54, 47, 54, 63, 19, 33, 54, 33, 44, 59, 54, 59, 66, 47, 54, 63, 54, 59, 66, 63,
	66, 69, 0, 14, 43, 14, 29, 50, 43, 50, 59, 14, 29, 50, 29, 40, 55, 50, 55, 62,
	43, 50, 59, 50, 55, 62, 59, 62, 65, 0, 17, 46, 17, 32, 52, 46, 52, 62, 17, 32,
	52, 32, 43, 57, 52, 57, 64, 46, 52, 62, 52, 57, 64, 62, 64, 68, 0, 21, 49, 21,
	36, 56, 49, 56, 66, 21, 36, 56, 36, 46, 61, 56, 61, 68, 49, 56, 66, 56, 61, 68,
	66, 68, 72, 0, 12, 40, 12, 27, 47, 40, 47, 57, 12, 27, 47, 27, 37, 52, 47, 52,
	59, 40, 47, 57, 47, 52, 59, 57, 59, 62, 0, 14, 43, 14, 29, 50, 43, 50, 59, 14,
	29, 50, 29, 40, 55, 50, 55, 62, 43, 50, 59, 50, 55, 62, 59, 62, 65, 0, 18, 46,
	18, 32, 53, 46, 53, 62, 18, 32, 53, 32, 43, 58, 53, 58, 65, 46, 53, 62, 53, 58,
	65, 62, 65, 68, 0, 19, 48, 19, 34, 54, 48, 54, 64, 19, 34, 54, 34, 45, 59, 54,
	59, 66, 48, 54, 64, 54, 59, 66, 64, 66, 70, 0, 23, 52, 23, 38, 58, 52, 58, 68,
	23, 38, 58, 38, 49, 63, 58, 63, 70, 52, 58, 68, 58, 63, 70, 68, 70, 74, 0, 29,
	57, 29, 43, 64, 57, 64, 73, 29, 43, 64, 43, 54, 69, 64, 69, 76, 57, 64, 73, 64,
	69, 76, 73, 76, 79, 0, 22, 50, 22, 37, 57, 50, 57, 67, 22, 37, 57, 37, 47, 62,
	57, 62, 69, 50, 57, 67, 57, 62, 69, 67, 69, 72, 0, 27, 55, 27, 41, 62, 55, 62,
	71, 27, 41, 62, 41, 52, 67, 62, 67, 74, 55, 62, 71, 62, 67, 74, 71, 74, 77, 0,
	33, 61, 33, 48, 68, 61, 68, 78, 33, 48, 68, 48, 58, 73, 68, 73, 80, 61, 68, 78,
	68, 73, 80, 78, 80, 83, 0, 17, 46, 17, 32, 53, 46, 53, 62, 17, 32, 53, 32, 43,
	58, 53, 58, 64, 46, 53, 62, 53, 58, 64, 62, 64, 68, 0, 21, 49, 21, 36, 56, 49,
	56, 66, 21, 36, 56, 36, 46, 61, 56, 61, 68, 49, 56, 66, 56, 61, 68, 66, 68, 71,
	0, 26, 54, 26, 40, 61, 54, 61, 71, 26, 40, 61, 40, 51, 66, 61, 66, 73, 54, 61,
	71, 61, 66, 73, 71, 73, 76, 0, 28, 57, 28, 43, 64, 57, 64, 73, 28, 43, 64, 43,
	54, 69, 64, 69, 75, 57, 64, 73, 64, 69, 75, 73, 75, 79, 0, 35, 63, 35, 49, 70,
	63, 70, 79, 35, 49, 70, 49, 60, 75, 70, 75, 82, 63, 70, 79, 70, 75, 82, 79, 82,
	85, 0, 43, 71, 43, 58, 78, 71, 78, 88, 43, 58, 78, 58, 68, 83, 78, 83, 90, 71,
	78, 88, 78, 83, 90, 88, 90, 93, 0, 33, 61, 33, 47, 68, 61, 68, 77, 33, 47, 68,
	47, 58, 73, 68, 73, 80, 61, 68, 77, 68, 73, 80, 77, 80, 83, 0, 40, 68, 40, 55,
	75, 68, 75, 85, 40, 55, 75, 55, 65, 80, 75, 80, 87, 68, 75, 85, 75, 80, 87, 85,
	87, 90, 0, 50, 78, 50, 64, 85, 78, 85, 94, 50, 64, 85, 64, 75, 90, 85, 90, 97,
	78, 85, 94, 85, 90, 97, 94, 97, 100,
};
/* clang-format on */

static void test_v2_base_all(void **state)
{
	static const char *const av[] = {"L", "A", "N"}, *const ac[] = {"H", "M", "L"},
	                         *const au[] = {"M", "S", "N"}, *const cia[] = {"N", "P", "C"};

	(void)state;
	/* k's digits in base 3, last metric fastest: AV AC Au C I A. */
	for (size_t k = 0; k < VAKT_ARRAY_SIZE(v2_base_scores); k++) {
		char v[64];

		snprintf(v, sizeof(v), "AV:%s/AC:%s/Au:%s/C:%s/I:%s/A:%s", av[k / 243],
		         ac[k / 81 % 3], au[k / 27 % 3], cia[k / 9 % 3], cia[k / 3 % 3],
		         cia[k % 3]);
		check(v, v2_base_scores[k], -1, -1);
	}
}

/* Random draws of every v2 metric; the exact-decimal scores. */
static const struct v3_case v2_full[] = {
    {"AV:N/AC:L/Au:S/C:P/I:N/A:P/E:F/RL:W/RC:UR/CDP:H/TD:ND/CR:L/AR:H", 55, 47, 74},
    {"AV:L/AC:M/Au:N/C:N/I:P/A:P/RC:C/CDP:ND/TD:N/CR:M", 33, 33, 0},
    {"AV:N/AC:L/Au:M/C:N/I:N/A:C/E:U/RC:UC/CDP:L/AR:H", 61, 47, 67},
    {"AV:N/AC:M/Au:S/C:C/I:N/A:P/E:H/RC:ND/CDP:N/TD:ND/IR:M/AR:L", 70, 70, 66},
    {"AV:A/AC:M/Au:N/C:C/I:C/A:P/E:U/RC:ND/CDP:N/TD:L/AR:M", 76, 65, 16},
    {"AV:A/AC:H/Au:M/C:C/I:P/A:N/CDP:L/IR:H/AR:H", 47, -1, 56},
    {"AV:N/AC:H/Au:S/C:C/I:N/A:C/RL:TF/RC:C/CDP:MH", 66, 59, 75},
    {"AV:N/AC:L/Au:N/C:N/I:N/A:N/TD:H/CR:M", 0, -1, 0},
    {"AV:A/AC:L/Au:S/C:P/I:N/A:P/RL:TF/RC:UR/CDP:ND/TD:N/IR:ND/AR:H", 41, 35, 0},
    {"AV:A/AC:H/Au:M/C:C/I:N/A:N/RC:C/CDP:N/TD:ND/CR:ND/IR:M/AR:H", 40, 40, 40},
    {"AV:A/AC:H/Au:M/C:P/I:N/A:N/E:F/RC:C/CR:ND/AR:M", 12, 11, 11},
    {"AV:N/AC:M/Au:N/C:C/I:C/A:P/RL:ND/RC:UR/TD:ND/AR:L", 90, 86, 85},
    {"AV:A/AC:L/Au:N/C:N/I:N/A:N/E:F/CDP:MH/TD:M/IR:M/AR:L", 0, 0, 30},
    {"AV:L/AC:H/Au:M/C:C/I:C/A:N/E:H/RL:OF/RC:C/TD:L", 53, 46, 12},
    {"AV:L/AC:H/Au:N/C:P/I:P/A:P/RL:TF/RC:UC/CDP:N/TD:L", 37, 30, 8},
    {"AV:N/AC:L/Au:S/C:N/I:C/A:P/E:H/RC:UC/TD:N/IR:L", 75, 68, 0},
    {"AV:A/AC:L/Au:S/C:N/I:N/A:C/RC:UC/TD:M/CR:L/IR:ND/AR:L", 55, 50, 21},
    {"AV:A/AC:L/Au:N/C:C/I:P/A:C/E:F/IR:ND", 80, 76, -1},
    {"AV:N/AC:M/Au:N/C:P/I:N/A:C/E:U/RC:UC/CDP:L/TD:L", 78, 60, 16},
    {"AV:L/AC:L/Au:M/C:N/I:P/A:C/E:POC/RL:OF/RC:UC/CDP:H/TD:L/CR:H/IR:ND", 50, 35, 17},
    {"AV:L/AC:L/Au:N/C:C/I:N/A:P/RL:ND/CDP:L/IR:ND/AR:M", 56, -1, 60},
    {"AV:N/AC:H/Au:M/C:P/I:C/A:C/RL:TF/CDP:N/CR:M", 64, 58, 58},
    {"AV:A/AC:H/Au:M/C:C/I:P/A:P/E:POC/RL:OF/RC:C/TD:M/CR:L/IR:H", 52, 41, 26},
    {"AV:L/AC:H/Au:S/C:N/I:C/A:P/E:U/RL:U/CDP:H", 45, 38, 69},
};

static void test_v2_full(void **state)
{
	(void)state;
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(v2_full); i++)
		check(v2_full[i].v, v2_full[i].base, v2_full[i].temporal, v2_full[i].env);
	/*
	 * A low adjusted impact makes the adjusted base and temporal scores
	 * negative (-0.2 here): the environmental equation uses them as they are
	 * (4.9 with CDP:H, not the 5.0 of a temporal score floored first), and
	 * only the published score floors at 0.
	 */
	check("AV:L/AC:H/Au:M/C:N/I:N/A:P/CDP:N/TD:H/CR:L/IR:L/AR:L", 8, -1, 0);
	check("AV:L/AC:H/Au:M/C:N/I:N/A:P/CDP:H/TD:H/CR:L/IR:L/AR:L", 8, -1, 49);
	check("AV:L/AC:H/Au:M/C:N/I:N/A:P/CDP:LM/TD:H/CR:L/IR:L/AR:L", 8, -1, 29);
}

/* Any order, and Not Defined written out, read as the canonical vector does. */
static void test_order_and_not_defined(void **state)
{
	struct know_cvss_score a, b;

	(void)state;
	a = must_score("CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:L/A:N/E:F/CR:H/MAV:L");
	b = must_score("CVSS:3.1/MAV:L/CR:H/E:F/A:N/I:L/C:H/S:C/UI:N/PR:L/AC:L/AV:N");
	assert_int_equal(a.base, b.base);
	assert_int_equal(a.temporal, b.temporal);
	assert_int_equal(a.environmental, b.environmental);

	a = must_score("CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:L/A:N");
	b = must_score("CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:L/A:N/E:X/RL:X/RC:X/CR:X/IR:X/"
	               "AR:X/MAV:X/MAC:X/MPR:X/MUI:X/MS:X/MC:X/MI:X/MA:X");
	assert_int_equal(b.groups, 0);
	assert_int_equal(b.temporal, -1);
	assert_int_equal(b.environmental, -1);
	assert_int_equal(a.score, b.score);
	assert_string_equal(know_cvss_nomenclature(&b), "CVSS-B");

	b = must_score(
	    "AV:N/AC:L/Au:N/C:P/I:P/A:P/E:ND/RL:ND/RC:ND/CDP:ND/TD:ND/CR:ND/IR:ND/AR:ND");
	assert_int_equal(b.groups, 0);
	assert_int_equal(b.score, 75);
	assert_int_equal(b.version, KNOW_CVSS_V2_0);
}

/* What the result says besides the numbers. */
static void test_result_fields(void **state)
{
	struct know_cvss_score s;

	(void)state;
	s = must_score("CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:U");
	assert_int_equal(s.version, KNOW_CVSS_V3_0);
	assert_int_equal(s.groups, KNOW_CVSS_THREAT);
	assert_string_equal(know_cvss_nomenclature(&s), "CVSS-BT");
	assert_int_equal(s.base, 98);
	assert_int_equal(s.score, 90); /* 9.8 * 0.91 = 8.918, up to 9.0 */
	assert_int_equal(s.band, KNOW_CVSS_BAND_CRITICAL);
	assert_int_equal(s.base_band, KNOW_CVSS_BAND_CRITICAL);
	assert_int_equal(s.severity, VAKT_SEV_CRITICAL);

	s = must_score("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:U/RL:O/RC:R/CR:L/IR:L/AR:L");
	assert_int_equal(s.version, KNOW_CVSS_V3_1);
	assert_int_equal(s.groups, KNOW_CVSS_THREAT | KNOW_CVSS_ENV);
	assert_string_equal(know_cvss_nomenclature(&s), "CVSS-BTE");
	assert_int_equal(s.score, s.environmental);
	assert_int_equal(s.band, know_cvss_band(KNOW_CVSS_V3_1, s.score));
	assert_int_equal(s.base_band, KNOW_CVSS_BAND_CRITICAL);

	s = must_score("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:N/MC:H");
	assert_int_equal(s.groups, KNOW_CVSS_ENV);
	assert_string_equal(know_cvss_nomenclature(&s), "CVSS-BE");
	assert_int_equal(s.temporal, -1);
	assert_int_equal(s.base, 53);
	assert_int_equal(s.score, 75);
	assert_int_equal(s.severity, VAKT_SEV_HIGH);
	assert_int_equal(s.base_band, KNOW_CVSS_BAND_MEDIUM);

	assert_string_equal(know_cvss_version_name(KNOW_CVSS_V2_0), "2.0");
	assert_string_equal(know_cvss_version_name(KNOW_CVSS_V3_0), "3.0");
	assert_string_equal(know_cvss_version_name(KNOW_CVSS_V3_1), "3.1");
	assert_string_equal(know_cvss_version_name(KNOW_CVSS_V4_0), "4.0");
}

/* The rating scale at every boundary (v3.1 section 5, v4.0 section 6; NVD's for v2). */
static void test_bands(void **state)
{
	static const struct {
		int tenths;
		enum know_cvss_band v3, v2;
	} cases[] = {
	    {0, KNOW_CVSS_BAND_NONE, KNOW_CVSS_BAND_LOW},
	    {1, KNOW_CVSS_BAND_LOW, KNOW_CVSS_BAND_LOW},
	    {39, KNOW_CVSS_BAND_LOW, KNOW_CVSS_BAND_LOW},
	    {40, KNOW_CVSS_BAND_MEDIUM, KNOW_CVSS_BAND_MEDIUM},
	    {69, KNOW_CVSS_BAND_MEDIUM, KNOW_CVSS_BAND_MEDIUM},
	    {70, KNOW_CVSS_BAND_HIGH, KNOW_CVSS_BAND_HIGH},
	    {89, KNOW_CVSS_BAND_HIGH, KNOW_CVSS_BAND_HIGH},
	    {90, KNOW_CVSS_BAND_CRITICAL, KNOW_CVSS_BAND_HIGH},
	    {100, KNOW_CVSS_BAND_CRITICAL, KNOW_CVSS_BAND_HIGH},
	};
	static const struct {
		enum know_cvss_band band;
		enum vakt_severity sev;
		const char *name;
	} map[] = {
	    {KNOW_CVSS_BAND_NONE, VAKT_SEV_INFO, "none"},
	    {KNOW_CVSS_BAND_LOW, VAKT_SEV_LOW, "low"},
	    {KNOW_CVSS_BAND_MEDIUM, VAKT_SEV_MEDIUM, "medium"},
	    {KNOW_CVSS_BAND_HIGH, VAKT_SEV_HIGH, "high"},
	    {KNOW_CVSS_BAND_CRITICAL, VAKT_SEV_CRITICAL, "critical"},
	};

	(void)state;
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(cases); i++) {
		assert_int_equal(know_cvss_band(KNOW_CVSS_V3_0, cases[i].tenths), cases[i].v3);
		assert_int_equal(know_cvss_band(KNOW_CVSS_V3_1, cases[i].tenths), cases[i].v3);
		assert_int_equal(know_cvss_band(KNOW_CVSS_V4_0, cases[i].tenths), cases[i].v3);
		assert_int_equal(know_cvss_band(KNOW_CVSS_V2_0, cases[i].tenths), cases[i].v2);
	}
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(map); i++) {
		assert_int_equal(know_cvss_band_severity(map[i].band), map[i].sev);
		assert_string_equal(know_cvss_band_name(map[i].band), map[i].name);
	}
	/* A base score of 0.0 is none in v3, low in v2. */
	assert_int_equal(must_score("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N").severity,
	                 VAKT_SEV_INFO);
	assert_int_equal(must_score("AV:N/AC:L/Au:N/C:N/I:N/A:N").severity, VAKT_SEV_LOW);
}

/* Malformed vectors: the code, and what the message must say. */
static const struct {
	const char *v;
	const char *msg;
} invalid[] = {
    {"", "empty CVSS vector"},
    {"CVSS:3.2/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "unknown CVSS version '3.2'"},
    {"CVSS:31/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "unknown CVSS version '31'"},
    {"CVSS:3.1", "expected '/' and the metrics after 'CVSS:3.1'"},
    {"CVSS:3.1/", "CVSS 3.1 vector: no metrics after the prefix"},
    {"cvss:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "not a CVSS vector"},
    {" CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "not a CVSS vector"},
    {"(AV:N/AC:L/Au:N/C:P/I:P/A:P)", "not a CVSS vector"},
    {"9.8", "not a CVSS vector"},
    {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/C:H/I:H/A:H",
     "CVSS 3.1 vector: missing base metric S (scope): every base metric must be given"},
    {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H", "missing base metric I (integrity), A (availability)"},
    {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/AV:L",
     "CVSS 3.1 vector: AV (attack vector) given twice, at columns 10 and 46"},
    {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:X/E:P",
     "E (exploit code maturity) given twice"},
    {"CVSS:3.1/AV:Q/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
     "CVSS 3.1 vector: AV (attack vector) is 'Q' at column 10: expected N, A, L or P"},
    {"CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "AV (attack vector) is 'X'"},
    {"CVSS:3.1/AV:n/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "AV (attack vector) is 'n'"},
    {"CVSS:3.1/AV:/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "AV (attack vector) is '' at column 10"},
    {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H ", "A (availability) is 'H '"},
    {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/MS:Q", "expected X, U or C"},
    {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/CR:Z",
     "CR (confidentiality requirement) is 'Z'"},
    {"CVSS:3.1/av:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "unknown metric 'av' at column 10"},
    {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/Au:N", "unknown metric 'Au' at column 46"},
    {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/AT:N", "unknown metric 'AT'"},
    {"CVSS:3.1/AV:N//AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "empty metric at column 15"},
    {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/", "empty metric at column 46"},
    {"CVSS:3.1/AV:N/ACL/PR:N/UI:N/S:U/C:H/I:H/A:H", "'ACL' at column 15: expected NAME:VALUE"},
    {"CVSS:3.1/AV:N/AC:L:H/PR:N/UI:N/S:U/C:H/I:H/A:H", "AC (attack complexity) is 'L:H'"},
    {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/\x01\x7f:H", "unknown metric '?"
                                                                "?'"},
    {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789:X",
     "unknown metric 'ABCDEFGHIJKLMNOPQRSTUVWX...'"},
    {"CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H", "CVSS 3.0 vector: missing base metric A"},
    {"AV:N/AC:L/Au:N/C:P/I:P", "CVSS 2.0 vector: missing base metric A (availability impact)"},
    {"AV:N/AC:L/Au:N/C:P/I:P/A:P/E:POCX",
     "E (exploitability) is 'POCX' at column 28: expected ND, U, POC, F or H"},
    {"AV:N/AC:L/AU:N/C:P/I:P/A:P", "CVSS 2.0 vector: unknown metric 'AU'"},
    {"AV:N/AC:L/Au:N/C:P/I:P/A:P/S:U", "unknown metric 'S'"},
    {"AC:L/AV:N/Au:N/C:P/I:P/A:P/AV:N", "AV (access vector) given twice"},
};

static void test_invalid(void **state)
{
	(void)state;
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(invalid); i++) {
		struct know_cvss_score s;
		struct vakt_error *err = NULL;
		int r;

		memset(&s, 0x5a, sizeof(s));
		r = know_cvss_score(invalid[i].v, &s, &err);
		if (r != -EINVAL || !err || err->code != -EINVAL)
			fail_msg("'%s': returned %d, error %p", invalid[i].v, r, (void *)err);
		if (!strstr(err->msg, invalid[i].msg))
			fail_msg("'%s': message '%s' lacks '%s'", invalid[i].v, err->msg,
			         invalid[i].msg);
		/* Nothing half-filled is left behind. */
		assert_int_equal(s.base, 0);
		assert_int_equal(s.score, 0);
		assert_int_equal(s.groups, 0);
		vakt_error_free(err);
		/* The caller may not want the message. */
		assert_int_equal(know_cvss_score(invalid[i].v, &s, NULL), -EINVAL);
	}
	assert_int_equal(know_cvss_score(NULL, &(struct know_cvss_score){0}, NULL), -EINVAL);
}

/* KNOW_CVSS_MAX_BYTES: a longer input is refused as too large, before anything is read. */
static void test_too_long(void **state)
{
	char v[KNOW_CVSS_MAX_BYTES + 2];
	struct know_cvss_score s;
	struct vakt_error *err = NULL;

	(void)state;
	snprintf(v, sizeof(v), "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H");
	/* At the ceiling the vector is read (and is malformed: trailing junk). */
	for (size_t n = strlen(v); n < KNOW_CVSS_MAX_BYTES; n++)
		v[n] = 'X';
	v[KNOW_CVSS_MAX_BYTES] = '\0';
	assert_int_equal(know_cvss_score(v, &s, &err), -EINVAL);
	vakt_error_free(err);
	err = NULL;
	v[KNOW_CVSS_MAX_BYTES] = 'X';
	v[KNOW_CVSS_MAX_BYTES + 1] = '\0';
	assert_int_equal(know_cvss_score(v, &s, &err), -E2BIG);
	assert_non_null(err);
	assert_int_equal(err->code, -E2BIG);
	assert_non_null(strstr(err->msg, "longer than 512 bytes"));
	vakt_error_free(err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_examples),
	    cmocka_unit_test(test_v3_base_all),
	    cmocka_unit_test(test_v3_full),
	    cmocka_unit_test(test_v30_v31),
	    cmocka_unit_test(test_v2_base_all),
	    cmocka_unit_test(test_v2_full),
	    cmocka_unit_test(test_order_and_not_defined),
	    cmocka_unit_test(test_result_fields),
	    cmocka_unit_test(test_bands),
	    cmocka_unit_test(test_invalid),
	    cmocka_unit_test(test_too_long),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
