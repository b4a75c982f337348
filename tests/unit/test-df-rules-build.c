/* SPDX-License-Identifier: MIT */
/*
 * The build-structure rules (DF080-DF099) through the real parser: the
 * helpers, the message ceilings and suggestions, and inputs large enough to
 * show that every check stays linear.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include "core/scan.h"
#include "dockerfile/df-check-build.h"

extern const struct vakt_rule df_rules_build[];

static const struct vakt_rule *rule(const char *id)
{
	for (size_t i = 0; i < vakt_rules_count(df_rules_build); i++)
		if (!strcmp(df_rules_build[i].id, id))
			return &df_rules_build[i];
	fail_msg("no rule %s", id);
	return NULL;
}

/* Run rule `id` on text; the caller releases *out. */
static void run(const char *id, const char *text, struct vakt_findings *out)
{
	struct vakt_source *src = vakt_source_from_mem("Dockerfile", text, strlen(text));
	struct vakt_error_list errs = {0};
	struct vakt_scan_opts opts = {0};
	struct vakt_check_ctx ctx = {0};
	struct df_file *f = NULL;

	df_parse(src, NULL, &f, &errs);
	assert_non_null(f);
	ctx.rule = rule(id);
	ctx.model = f;
	ctx.src = src;
	ctx.opts = &opts;
	ctx.out = out;
	ctx.rule->check(&ctx);
	df_file_free(f);
	vakt_error_list_release(&errs);
	vakt_source_free(src);
}

/* The message of the only finding of rule id on text. The caller frees it. */
static char *only_message(const char *id, const char *text)
{
	struct vakt_findings out = {0};
	char *m;

	run(id, text, &out);
	if (out.n != 1)
		fail_msg("%s: expected 1 finding, got %zu on <<%s>>", id, out.n, text);
	m = vakt_xstrdup(out.v[0].message);
	vakt_findings_release(&out);
	return m;
}

static size_t count(const char *id, const char *text)
{
	struct vakt_findings out = {0};
	size_t n;

	run(id, text, &out);
	n = out.n;
	vakt_findings_release(&out);
	return n;
}

static void assert_contains(const char *hay, const char *needle)
{
	if (!strstr(hay, needle))
		fail_msg("'%s' not in '%s'", needle, hay);
}

static void test_table(void **state)
{
	(void)state;
	/* DF080-DF099, then DF100 (the range was full). */
	assert_int_equal(vakt_rules_count(df_rules_build), 21);
	for (size_t i = 0; i < vakt_rules_count(df_rules_build); i++) {
		const struct vakt_rule *r = &df_rules_build[i];
		char id[8];

		snprintf(id, sizeof(id), "DF%03zu", 80 + i);
		assert_string_equal(r->id, id);
		assert_string_equal(r->domain, "dockerfile");
		assert_non_null(r->slug);
		assert_non_null(r->title);
		assert_non_null(r->rationale);
		assert_non_null(r->remediation);
		assert_non_null(r->references);
		assert_non_null(r->references[0]);
		assert_non_null(r->equivalents);
		assert_non_null(r->check);
		/* Titles are one line without a trailing period. */
		assert_null(strchr(r->title, '\n'));
		assert_true(r->title[strlen(r->title) - 1] != '.');
	}
}

static void test_distance(void **state)
{
	char longer[DF_BUILD_SUGGEST_MAX + 2];

	(void)state;
	assert_int_equal(df_build_distance("chown", "chwon"), 1); /* a transposition */
	assert_int_equal(df_build_distance("from", "FROM"), 0);
	assert_int_equal(df_build_distance("mount", "mnt"), 2);
	assert_int_equal(df_build_distance("", "abc"), 3);
	memset(longer, 'a', sizeof(longer) - 1);
	longer[sizeof(longer) - 1] = '\0';
	/* One past the ceiling: not compared. */
	assert_int_equal(df_build_distance(longer, "a"), DF_BUILD_SUGGEST_MAX + 1);
	longer[DF_BUILD_SUGGEST_MAX] = '\0';
	assert_int_equal(df_build_distance(longer, longer), 0);
}

static void test_paths(void **state)
{
	(void)state;
	assert_true(df_build_path_is_abs("/app"));
	assert_true(df_build_path_is_abs("C:\\app"));
	assert_true(df_build_path_is_abs("c:/app"));
	assert_false(df_build_path_is_abs("app"));
	assert_false(df_build_path_is_abs("./app"));
	assert_false(df_build_path_is_abs("C:app"));
	assert_false(df_build_path_is_abs(""));
}

static void test_names(void **state)
{
	const char *text = "FROM a AS x\nFROM b AS Y\nFROM c AS x\nFROM d\n";
	struct vakt_source *src = vakt_source_from_mem("Dockerfile", text, strlen(text));
	struct vakt_error_list errs = {0};
	struct df_file *f = NULL;
	struct df_build_names ix;

	(void)state;
	df_parse(src, NULL, &f, &errs);
	df_build_names_init(&ix, f);
	assert_int_equal(ix.n, 3);
	assert_ptr_equal(df_build_names_find(&ix, "X"), &f->stages[0]);
	assert_ptr_equal(df_build_names_find(&ix, "y"), &f->stages[1]);
	assert_null(df_build_names_find(&ix, "z"));
	df_build_names_release(&ix);
	df_file_free(f);
	vakt_error_list_release(&errs);
	vakt_source_free(src);
}

/* User text in messages is cut at DF_BUILD_MSG_MAX. */
static void test_message_ceiling(void **state)
{
	struct vakt_buf b = VAKT_BUF_INIT;
	char *m;

	(void)state;
	vakt_buf_adds(&b, "FROM alpine:3.20\nADD ");
	for (int i = 0; i < 4 * DF_BUILD_MSG_MAX; i++)
		vakt_buf_addc(&b, 'x');
	vakt_buf_adds(&b, " /app/\n");
	m = only_message("DF080", vakt_buf_str(&b));
	assert_true(strlen(m) < 2 * DF_BUILD_MSG_MAX);
	free(m);
	vakt_buf_release(&b);
}

static void test_flag_suggestions(void **state)
{
	char *m;

	(void)state;
	m = only_message("DF091", "FROM a\nCOPY --chwon=1:1 x /y\n");
	assert_contains(m, "did you mean '--chown'");
	free(m);
	m = only_message("DF091", "FROM a\nCOPY --FROM=a x /y\n");
	assert_contains(m, "case-sensitive");
	free(m);
	m = only_message("DF091", "FROM a\nCOPY --checksum=sha256:0 x /y\n");
	assert_contains(m, "belongs to ADD");
	free(m);
	m = only_message("DF091", "FROM a\nADD --frobnicate x /y\n");
	assert_contains(m, "--keep-git-dir");
	free(m);
}

/* No "did you mean" search in files with more than DF_BUILD_SUGGEST_STAGES stages. */
static void test_stage_suggestion_ceiling(void **state)
{
	struct vakt_buf b = VAKT_BUF_INIT;
	char *m;

	(void)state;
	m = only_message("DF087", "FROM a AS builder\nFROM b\nCOPY --from=buidler /x /x\n");
	assert_contains(m, "did you mean 'builder'");
	free(m);
	vakt_buf_adds(&b, "FROM a AS builder\n");
	for (int i = 0; i < DF_BUILD_SUGGEST_STAGES; i++)
		vakt_buf_addf(&b, "FROM a AS s%d\n", i);
	vakt_buf_adds(&b, "COPY --from=buidler /x /x\n");
	m = only_message("DF087", vakt_buf_str(&b));
	assert_null(strstr(m, "did you mean"));
	free(m);
	vakt_buf_release(&b);
}

/* Many stages, references and duplicates: sorted lookups keep this fast. */
static void test_many_stages(void **state)
{
	struct vakt_buf b = VAKT_BUF_INIT;
	const int n = 5000;

	(void)state;
	for (int i = 0; i < n; i++)
		vakt_buf_addf(&b, "FROM a AS s%d\nCOPY --from=s%d /x /x\nCOPY --from=t%d /x /x\n",
		              i % (n / 2), i / 2, i);
	/* t<i> are unknown (n), s<i/2> is its own stage or a later one for i < 2. */
	assert_true(count("DF087", vakt_buf_str(&b)) >= (size_t)n);
	assert_int_equal(count("DF088", vakt_buf_str(&b)), n / 2);
	vakt_buf_release(&b);
}

static void test_comment_swallow(void **state)
{
	struct vakt_buf b = VAKT_BUF_INIT;
	char *m;

	(void)state;
	m = only_message("DF099", "FROM a\nRUN a \\\n && b # note \\\n && c\n");
	assert_contains(m, "'# note'");
	assert_contains(m, "line 4");
	assert_contains(m, "'&& c'");
	free(m);
	/* A long RUN with a comment on every line: one finding each, linear. */
	vakt_buf_adds(&b, "FROM a\nRUN true \\\n");
	for (int i = 0; i < 20000; i++)
		vakt_buf_addf(&b, " && echo %d # c%d \\\n", i, i);
	vakt_buf_adds(&b, " && true\n");
	assert_int_equal(count("DF099", vakt_buf_str(&b)), 1);
	vakt_buf_release(&b);
}

static void test_shell_form_fix(void **state)
{
	char *m;

	(void)state;
	m = only_message("DF082", "FROM a\nCMD node server.js --port 8080\n");
	assert_contains(m, "write CMD [\"node\", \"server.js\", \"--port\", \"8080\"]");
	free(m);
	m = only_message("DF082", "FROM a\nENTRYPOINT run.sh $PORT\n");
	assert_contains(m, "ignores CMD");
	assert_null(strstr(m, "write ENTRYPOINT ["));
	free(m);
	assert_int_equal(count("DF082", "FROM a\nCMD exec node server.js\n"), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_table),
	    cmocka_unit_test(test_distance),
	    cmocka_unit_test(test_paths),
	    cmocka_unit_test(test_names),
	    cmocka_unit_test(test_message_ceiling),
	    cmocka_unit_test(test_flag_suggestions),
	    cmocka_unit_test(test_stage_suggestion_ceiling),
	    cmocka_unit_test(test_many_stages),
	    cmocka_unit_test(test_comment_swallow),
	    cmocka_unit_test(test_shell_form_fix),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
