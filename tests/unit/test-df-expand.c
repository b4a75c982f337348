/* SPDX-License-Identifier: MIT */
/* Dockerfile variable substitution: every form BuildKit knows and its edge cases. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

#include <cmocka.h>

#include "dockerfile/df-expand.h"
#include "core/util.h"

/* A fixed environment: NAME=value pairs; EMPTY is set but empty. */
static const char *const env[] = {
    "NAME", "world",   "EMPTY", "",         "IMG",   "debian",
    "TAG",  "12-slim", "V",     "v1.2.3",   "PATHV", "/usr/local/bin:/usr/bin",
    "SP",   "a b",     "Q",     "'quoted'", NULL,
};

/* LONG: a value of 64 KiB of 'a', for the pattern work budget. */
static char long_value[DF_EXPAND_MAX_BYTES + 1];

static const char *lookup(const char *name, size_t len, void *data)
{
	int *calls = data;

	if (calls)
		(*calls)++;
	if (len == 4 && !memcmp(name, "LONG", 4)) {
		if (!long_value[0])
			memset(long_value, 'a', DF_EXPAND_MAX_BYTES);
		return long_value;
	}
	for (size_t i = 0; env[i]; i += 2)
		if (strlen(env[i]) == len && !memcmp(env[i], name, len))
			return env[i + 1];
	return NULL;
}

/* Expand with the default escape and check result and unresolved flag. */
static void check_esc(const char *in, char esc, const char *want, bool want_unresolved)
{
	bool unresolved = !want_unresolved;
	char *got = df_expand(in, esc, lookup, NULL, &unresolved);

	if (strcmp(got, want) || unresolved != want_unresolved)
		print_error("df_expand(%s) = '%s' (unresolved %d), want '%s' (%d)\n", in, got,
		            unresolved, want, want_unresolved);
	assert_string_equal(got, want);
	assert_int_equal(unresolved, want_unresolved);
	free(got);
}

static void check(const char *in, const char *want, bool want_unresolved)
{
	check_esc(in, '\\', want, want_unresolved);
}

static void test_plain(void **state)
{
	check("", "", false);
	check("debian:12", "debian:12", false);
	check("/usr/local/bin", "/usr/local/bin", false);
}

static void test_dollar_name(void **state)
{
	check("$NAME", "world", false);
	check("hello $NAME!", "hello world!", false);
	check("$IMG:$TAG", "debian:12-slim", false);
	check("$NAME_x", "", true); /* the name is NAME_x */
	check("$EMPTY", "", false); /* set but empty is resolved */
	check("$UNDEF", "", true);
	check("a$UNDEF-b", "a-b", true);
}

static void test_braces(void **state)
{
	check("${NAME}", "world", false);
	check("${NAME}_x", "world_x", false);
	check("${IMG}:${TAG}", "debian:12-slim", false);
	check("${UNDEF}", "", true);
	check("${EMPTY}", "", false);
}

static void test_default_colon(void **state)
{
	check("${NAME:-def}", "world", false);
	check("${UNDEF:-def}", "def", false);
	check("${EMPTY:-def}", "def", false); /* : treats empty as unset */
	check("${UNDEF:-}", "", false);
	check("${UNDEF:-a b c}", "a b c", false);
}

static void test_default_plain(void **state)
{
	check("${NAME-def}", "world", false);
	check("${UNDEF-def}", "def", false);
	check("${EMPTY-def}", "", false); /* without : empty counts as set */
}

static void test_alternative(void **state)
{
	check("${NAME:+alt}", "alt", false);
	check("${UNDEF:+alt}", "", false);
	check("${EMPTY:+alt}", "", false);
	check("${NAME+alt}", "alt", false);
	check("${EMPTY+alt}", "alt", false);
	check("${UNDEF+alt}", "", false);
}

static void test_nested_word(void **state)
{
	check("${UNDEF:-$NAME}", "world", false);
	check("${UNDEF:-${IMG}:${TAG}}", "debian:12-slim", false);
	check("${UNDEF:-${ALSO:-deep}}", "deep", false);
	check("${UNDEF:-$ALSO}", "", true); /* the default itself is unresolved */
	check("${NAME:+[$IMG]}", "[debian]", false);
	/* An unused word is not evaluated, so its undefined names do not count. */
	check("${NAME:-$ALSO}", "world", false);
	check("${UNDEF:+$ALSO}", "", false);
	check("${UNDEF:-'a}b'}", "a}b", false);
	check("${UNDEF:-a\\}b}", "a}b", false);
}

static void test_unused_word_not_looked_up(void **state)
{
	int calls = 0;
	bool u = true;
	char *got = df_expand("${NAME:-$A$B$C}", '\\', lookup, &calls, &u);

	assert_string_equal(got, "world");
	assert_int_equal(calls, 1);
	assert_false(u);
	free(got);
}

static void test_required(void **state)
{
	check("${NAME:?msg}", "world", false);
	check("${NAME?msg}", "world", false);
	check("${UNDEF?msg}", "", true);
	check("${EMPTY:?msg}", "", true);
	check("${EMPTY?msg}", "", false);
}

static void test_trim(void **state)
{
	check("${V#v}", "1.2.3", false);
	check("${V#*.}", "2.3", false);
	check("${V##*.}", "3", false);
	check("${V%.*}", "v1.2", false);
	check("${V%%.*}", "v1", false);
	check("${V#x}", "v1.2.3", false);
	check("${PATHV%%:*}", "/usr/local/bin", false);
	check("${V%?}", "v1.2.", false);
	check("${V#\\*}", "v1.2.3", false);
	check("${UNDEF#v}", "", true);
}

static void test_replace(void **state)
{
	check("${V/./-}", "v1-2.3", false);
	check("${V//./-}", "v1-2-3", false);
	check("${SP/ /_}", "a_b", false);
	check("${V/x/y}", "v1.2.3", false);
	check("${V//[0-9]/N}", "v1.2.3", false); /* no bracket expressions: literal */
	check("${UNDEF/a/b}", "", true);
	check("${V/", "${V/", true);
}

static void test_escape_backslash(void **state)
{
	check("\\$NAME", "$NAME", false);
	check("\\${NAME}", "${NAME}", false);
	check("a\\ b", "a b", false);
	check("c:\\\\dir", "c:\\dir", false);
	check("trailing\\", "trailing", false);
}

static void test_escape_backtick(void **state)
{
	check_esc("`$NAME", '`', "$NAME", false);
	check_esc("c:\\dir\\$NAME", '`', "c:\\dir\\world", false);
	check_esc("\"a`\"b\"", '`', "a\"b", false);
	check_esc("``", '`', "`", false);
}

static void test_single_quotes(void **state)
{
	check("'$NAME'", "$NAME", false);
	check("'${UNDEF}'", "${UNDEF}", false);
	check("x'a b'y", "xa by", false);
	check("'\\$NAME'", "\\$NAME", false);
	check("'unterminated $NAME", "unterminated $NAME", true);
}

static void test_double_quotes(void **state)
{
	check("\"$NAME\"", "world", false);
	check("\"a $NAME b\"", "a world b", false);
	check("\"it's\"", "it's", false);
	check("\"\\$NAME\"", "$NAME", false);
	check("\"\\\"x\\\"\"", "\"x\"", false);
	check("\"a\\nb\"", "a\\nb", false); /* other escapes stay */
	check("\"${UNDEF:-d e}\"", "d e", false);
	check("\"unterminated $NAME", "unterminated world", true);
	check("$Q", "'quoted'", false); /* values are not re-processed */
}

static void test_not_a_name(void **state)
{
	check("$", "$", false);
	check("a$", "a$", false);
	check("$/x", "$/x", false);
	check("$ x", "$ x", false);
	check("price: 5$", "price: 5$", false);
	/* BuildKit looks positional and special parameters up too. */
	check("$1", "", true);
	check("$@", "", true);
}

static void test_unterminated_brace(void **state)
{
	check("${NAME", "${NAME", true);
	check("${", "${", true);
	check("a${NAME:-x", "a${NAME:-x", true);
	check("${UNDEF:-${NAME}", "${UNDEF:-${NAME}", true);
	check("$NAME ${", "world ${", true);
}

static void test_bad_substitution(void **state)
{
	check("${}", "${}", true);
	check("${:x}", "${:x}", true);
	check("${{x}}", "${{x}}", true); /* the literal ends at the first matching } */
	check("${NAME!}", "${NAME!}", true);
	check("${NAME:}", "${NAME:}", true);
	check("${#NAME}", "${#NAME}", true); /* length is not supported by BuildKit */
	check("a${NAME.x}b", "a${NAME.x}b", true);
}

static void test_max_bytes(void **state)
{
	size_t n = DF_EXPAND_MAX_BYTES / 5 + 10, len = 0;
	char *in = vakt_xmalloc(n * 5 + 1), *got;
	bool u = false;

	/* Each $NAME gives five bytes: more than the ceiling in total. */
	for (size_t i = 0; i < n; i++) {
		memcpy(in + len, "$NAME", 5);
		len += 5;
	}
	in[len] = '\0';
	got = df_expand(in, '\\', lookup, NULL, &u);
	assert_int_equal(strlen(got), DF_EXPAND_MAX_BYTES);
	assert_true(u);
	free(got);

	/* Exactly at the ceiling is fine. */
	in[DF_EXPAND_MAX_BYTES] = '\0';
	memset(in, 'x', DF_EXPAND_MAX_BYTES);
	got = df_expand(in, '\\', lookup, NULL, &u);
	assert_int_equal(strlen(got), DF_EXPAND_MAX_BYTES);
	assert_false(u);
	free(got);
	free(in);
}

static void test_max_nest(void **state)
{
	struct vakt_buf b = VAKT_BUF_INIT;
	char *got;
	bool u = false;

	/* Within the ceiling every level is followed. */
	for (int i = 0; i < DF_EXPAND_MAX_NEST - 1; i++)
		vakt_buf_adds(&b, "${UNDEF:-");
	vakt_buf_adds(&b, "deep");
	for (int i = 0; i < DF_EXPAND_MAX_NEST - 1; i++)
		vakt_buf_addc(&b, '}');
	got = df_expand(b.data, '\\', lookup, NULL, &u);
	assert_string_equal(got, "deep");
	assert_false(u);
	free(got);
	vakt_buf_reset(&b);

	/* Far beyond it: no crash, kept literally, unresolved. */
	for (int i = 0; i < 100000; i++)
		vakt_buf_adds(&b, "${UNDEF:-");
	got = df_expand(b.data, '\\', lookup, NULL, &u);
	assert_true(u);
	assert_true(vakt_starts_with(got, "${UNDEF:-"));
	free(got);
	vakt_buf_reset(&b);
	for (int i = 0; i < 100000; i++)
		vakt_buf_adds(&b, "${{");
	got = df_expand(b.data, '\\', lookup, NULL, &u);
	assert_true(u);
	free(got);
	vakt_buf_release(&b);
}

static void test_pattern_budget(void **state)
{
	/*
	 * A 64 KiB value against a pattern that never matches would take
	 * quadratic time per replacement: the work budget ends it, the value
	 * is kept and the result flagged.
	 */
	struct vakt_buf b = VAKT_BUF_INIT;
	char *got;
	bool u = false;
	for (int i = 0; i < 50; i++)
		vakt_buf_adds(&b, "${LONG//*a*a*b/x}${LONG%%*b*}");
	got = df_expand(b.data, '\\', lookup, NULL, &u);
	assert_true(u);
	assert_int_equal(strlen(got), DF_EXPAND_MAX_BYTES);
	free(got);
	vakt_buf_release(&b);

	/* Small work stays exact. */
	got = df_expand("${V//*?/x}", '\\', lookup, NULL, &u);
	assert_string_equal(got, "x");
	assert_false(u);
	free(got);
}

static void test_null_args(void **state)
{
	char *got = df_expand("$NAME", '\\', NULL, NULL, NULL);

	/* No lookup: nothing is defined. */
	assert_string_equal(got, "");
	free(got);
	got = df_expand(NULL, '\\', lookup, NULL, NULL);
	assert_string_equal(got, "");
	free(got);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_plain),
	    cmocka_unit_test(test_dollar_name),
	    cmocka_unit_test(test_braces),
	    cmocka_unit_test(test_default_colon),
	    cmocka_unit_test(test_default_plain),
	    cmocka_unit_test(test_alternative),
	    cmocka_unit_test(test_nested_word),
	    cmocka_unit_test(test_unused_word_not_looked_up),
	    cmocka_unit_test(test_required),
	    cmocka_unit_test(test_trim),
	    cmocka_unit_test(test_replace),
	    cmocka_unit_test(test_escape_backslash),
	    cmocka_unit_test(test_escape_backtick),
	    cmocka_unit_test(test_single_quotes),
	    cmocka_unit_test(test_double_quotes),
	    cmocka_unit_test(test_not_a_name),
	    cmocka_unit_test(test_unterminated_brace),
	    cmocka_unit_test(test_bad_substitution),
	    cmocka_unit_test(test_max_bytes),
	    cmocka_unit_test(test_max_nest),
	    cmocka_unit_test(test_pattern_budget),
	    cmocka_unit_test(test_null_args),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
