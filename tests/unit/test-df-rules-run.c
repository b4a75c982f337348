/* SPDX-License-Identifier: MIT */
/*
 * The RUN rules (DF040-DF065) and the image-reference rules on the long
 * shapes of issue 9, through the real parser: pipelines at the tokenizer's
 * ceiling of commands, && chains with the cache removed (or cleaned, or
 * exported away) before, between or after the installs, and thousands of
 * stages named by --from. Each case checks every finding, so the one-pass
 * code paths (stdin_runners(), df_rc_last_removal(), df_rc_exports,
 * df_file_find_stage()) must answer exactly what the walks they replaced
 * answered; at these sizes a walk per command would take minutes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include "core/scan.h"
#include "core/check.h"
#include "dockerfile/df-model.h"

extern const struct vakt_rule df_rules_run[];
extern const struct vakt_rule df_rules_security[];

/* Stages of the longest pipeline: the tokenizer keeps SHELL_MAX_COMMANDS commands. */
#define LONG SHELL_MAX_COMMANDS

static const struct vakt_rule *rule(const char *id)
{
	for (size_t i = 0; i < vakt_rules_count(df_rules_run); i++)
		if (!strcmp(df_rules_run[i].id, id))
			return &df_rules_run[i];
	for (size_t i = 0; i < vakt_rules_count(df_rules_security); i++)
		if (!strcmp(df_rules_security[i].id, id))
			return &df_rules_security[i];
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
	assert_int_equal(errs.n, 0);
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

static void assert_contains(const char *hay, const char *needle)
{
	if (!strstr(hay, needle))
		fail_msg("'%s' not in '%s'", needle, hay);
}

/* A RUN of n stages: "curl | " n - 1 times, then `last`. */
static void pipeline(struct vakt_buf *b, size_t n, const char *last)
{
	vakt_buf_reset(b);
	vakt_buf_adds(b, "FROM alpine:3.19\nRUN ");
	for (size_t i = 0; i + 1 < n; i++)
		vakt_buf_adds(b, "curl | ");
	vakt_buf_addf(b, "%s\n", last);
}

static void test_pipe_to_shell_long(void **state)
{
	struct vakt_buf b = VAKT_BUF_INIT;
	struct vakt_findings out = {0};

	(void)state;
	/* The shape: no interpreter, nothing to report. */
	pipeline(&b, LONG, "cat");
	run("DF042", vakt_buf_str(&b), &out);
	assert_int_equal(out.n, 0);
	vakt_findings_release(&out);

	/* Every curl feeds the sh at the end: one finding each, all at the sh. */
	pipeline(&b, LONG, "sh");
	run("DF042", vakt_buf_str(&b), &out);
	assert_int_equal(out.n, LONG - 1);
	for (size_t i = 0; i < out.n; i++) {
		assert_int_equal(out.v[i].loc.line, 2);
		assert_int_equal(out.v[i].loc.column, 5 + 7 * (LONG - 1));
	}
	assert_contains(out.v[0].message, "output of 'curl' is piped into 'sh'");
	vakt_findings_release(&out);

	/* A script that reads a file, not stdin, runs nothing from the pipe. */
	pipeline(&b, LONG, "python3 /opt/import.py");
	run("DF042", vakt_buf_str(&b), &out);
	assert_int_equal(out.n, 0);
	vakt_findings_release(&out);
	vakt_buf_release(&b);
}

static void test_pipe_to_shell_shapes(void **state)
{
	struct vakt_findings out = {0};

	(void)state;
	/* Through tee, sudo and several fetchers; each fetcher reports the first runner after it.
	 */
	run("DF042",
	    "FROM debian:12\n"
	    "RUN curl -fsSL https://x | tee /tmp/i.sh | sh\n"
	    "RUN wget -qO- https://x | curl -fsSL https://y | sudo -E bash -s -- --yes\n"
	    "RUN curl https://x | sh && curl https://y | tee /dev/null | python3 -\n"
	    "RUN curl https://x | bash -c 'echo' | sh\n"
	    "RUN curl https://x | cat; sh\n"
	    "RUN curl https://x | tar -xz | sh /dev/stdin\n",
	    &out);
	assert_int_equal(out.n, 6);
	assert_int_equal(out.v[0].loc.line, 2);
	assert_contains(out.v[0].message, "'curl' is piped into 'sh'");
	assert_int_equal(out.v[1].loc.line, 3);
	assert_contains(out.v[1].message, "'wget' is piped into 'bash'");
	assert_int_equal(out.v[2].loc.line, 3);
	assert_contains(out.v[2].message, "'curl' is piped into 'bash'");
	assert_int_equal(out.v[1].loc.column, out.v[2].loc.column);
	assert_int_equal(out.v[3].loc.line, 4);
	assert_contains(out.v[3].message, "'curl' is piped into 'sh'");
	assert_int_equal(out.v[4].loc.line, 4);
	assert_contains(out.v[4].message, "'curl' is piped into 'python3'");
	/* bash -c does not read stdin: the sh after it does. */
	assert_int_equal(out.v[5].loc.line, 5);
	assert_contains(out.v[5].message, "piped into 'sh'");
	/* After `;` the sh is another pipeline; `sh /dev/stdin` names a script file, not "-". */
	vakt_findings_release(&out);
}

/* A RUN of n && commands: cmd(i) for each i. */
static void chain(struct vakt_buf *b, const char *from, size_t n,
                  const char *(*cmd)(size_t i, size_t n))
{
	vakt_buf_reset(b);
	vakt_buf_addf(b, "FROM %s\nRUN true", from);
	for (size_t i = 0; i < n; i++)
		vakt_buf_addf(b, " \\\n && %s", cmd(i, n));
	vakt_buf_adds(b, "\n");
}

/* apk installs, the cache removed in the middle. */
static const char *apk_cmd(size_t i, size_t n)
{
	return i == n / 2 ? "rm -rf /var/cache/apk/*" : "apk add curl";
}

/* pip installs, PIP_NO_CACHE_DIR exported a third of the way, cleared at two thirds. */
static const char *pip_cmd(size_t i, size_t n)
{
	if (i == n / 3)
		return "export PIP_NO_CACHE_DIR=1";
	if (i == 2 * n / 3)
		return "export X=1 PIP_NO_CACHE_DIR=0";
	return "pip install requests";
}

/* yum installs with a clean in the middle, dnf's cache removed at the start. */
static const char *yum_cmd(size_t i, size_t n)
{
	if (i == 0)
		return "rm -rf /var/cache/zypp";
	return i == n / 2 ? "yum clean all" : "yum install -y git";
}

/* apt-get update, then many commands, the lists removed at the very end. */
static const char *apt_cmd(size_t i, size_t n)
{
	if (i == n - 1)
		return "rm -rf /var/lib/apt/lists/*";
	return i % 2 ? "apt-get update" : "apt-get install -y --no-install-recommends curl=7";
}

static void test_cache_rules_long(void **state)
{
	struct vakt_buf b = VAKT_BUF_INIT;
	struct vakt_findings out = {0};
	const size_t n = 30000;

	(void)state;
	/* DF053: the installs after the rm keep the index. */
	chain(&b, "alpine:3.19", n, apk_cmd);
	run("DF053", vakt_buf_str(&b), &out);
	assert_int_equal(out.n, n - n / 2 - 1);
	assert_int_equal(out.v[0].loc.line, 3 + n / 2 + 1);
	vakt_findings_release(&out);

	/* DF054: before the export and after it is cleared (no rm of the cache anywhere). */
	chain(&b, "python:3.12", n, pip_cmd);
	run("DF054", vakt_buf_str(&b), &out);
	assert_int_equal(out.n, (n / 3) + (n - 2 * n / 3 - 1));
	assert_int_equal(out.v[n / 3].loc.line, 3 + 2 * n / 3 + 1);
	vakt_findings_release(&out);

	/* DF059: the installs after the clean; the zypper cache rm does not count for yum. */
	chain(&b, "fedora:39", n, yum_cmd);
	run("DF059", vakt_buf_str(&b), &out);
	assert_int_equal(out.n, n - n / 2 - 1);
	assert_contains(out.v[0].message, "without 'clean all'");
	vakt_findings_release(&out);

	/* DF052: the first update is judged once; the lists are removed after it. */
	chain(&b, "debian:12", n, apt_cmd);
	run("DF052", vakt_buf_str(&b), &out);
	assert_int_equal(out.n, 0);
	vakt_findings_release(&out);
	vakt_buf_release(&b);
}

static void test_many_stage_references(void **state)
{
	struct vakt_buf b = VAKT_BUF_INIT;
	struct vakt_findings out = {0};
	const int n = DF_MAX_STAGES;

	(void)state;
	/*
	 * Stage n/2 is called "nignx", which DF014 takes for a typo of nginx
	 * when it is an image; every stage copies from it (earlier stages name
	 * it before it is defined) and from another stage (in capitals). Only
	 * the last reference, to no stage, is an image.
	 */
	for (int i = 0; i < n; i++) {
		char name[32];

		snprintf(name, sizeof(name), i == n / 2 ? "nignx" : "s%d", i);
		vakt_buf_addf(
		    &b, "FROM alpine:3.19 AS %s\nCOPY --from=%s /a /a\nCOPY --from=S%d /b /b\n",
		    name, "nignx", i % 3 ? i - 1 : i + 1);
	}
	vakt_buf_adds(&b, "COPY --from=ngnix:1.25 /c /c\n");
	run("DF014", vakt_buf_str(&b), &out);
	assert_int_equal(out.n, 1);
	assert_int_equal(out.v[0].loc.line, 3 * n + 1);
	assert_contains(out.v[0].message, "ngnix:1.25");
	vakt_findings_release(&out);
	vakt_buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_pipe_to_shell_long),
	    cmocka_unit_test(test_pipe_to_shell_shapes),
	    cmocka_unit_test(test_cache_rules_long),
	    cmocka_unit_test(test_many_stage_references),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
