/* SPDX-License-Identifier: MIT */
/* The report writers: each format rendered from a hand-built scan result. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

#include <cmocka.h>
#include <jansson.h>

#include "core/report.h"

static const char *const refs[] = {"CIS Docker Benchmark 4.1", "https://example.org/user", NULL};
static const char *const eqs[] = {"hadolint:DL3002", "trivy:AVD-DS-0002", NULL};

static const struct vakt_rule rule_user = {
    .id = "TST001",
    .slug = "final-stage-no-user",
    .domain = "dockerfile",
    .severity = VAKT_SEV_HIGH,
    .title = "Final stage runs as root",
    .rationale = "A process that runs as root in a container is root on the host after an "
                 "escape.",
    .remediation = "Add a USER instruction with a numeric UID, e.g. USER 10001. Then check "
                   "that files the process writes are owned by that UID.",
    .references = refs,
    .equivalents = eqs,
};

static const struct vakt_rule rule_tag = {
    .id = "TST002",
    .slug = "latest-tag",
    .domain = "dockerfile",
    .severity = VAKT_SEV_MEDIUM,
    .title = "Base image uses the latest tag",
    .rationale = "A moving tag makes builds unreproducible.",
    .remediation = "Pin the base image by digest",
};

/* Registry prose with example lines, and characters Markdown would eat. */
static const struct vakt_rule rule_ex = {
    .id = "TST003",
    .slug = "example-fix",
    .domain = "dockerfile",
    .severity = VAKT_SEV_INFO,
    .title = "Example",
    .rationale = "Judged through FROM <stage> and *globs*.",
    .remediation = "Pin it, e.g.\n  FROM x:1\n  FROM y:2\nMore prose. Second sentence.",
};

static void add(struct vakt_scan_result *r, const struct vakt_rule *rule, enum vakt_severity sev,
                const char *file, const int pos[4], const char *object, const char *snippet,
                const char *msg, const char *reason)
{
	struct vakt_finding *x = vakt_findings_push(&r->findings);

	x->rule = rule;
	x->severity = sev;
	x->message = vakt_xstrdup(msg);
	x->loc.file = vakt_xstrdup(file);
	x->loc.line = pos[0];
	x->loc.column = pos[1];
	x->loc.end_line = pos[2];
	x->loc.end_column = pos[3];
	x->loc.object = vakt_xstrdup(object);
	x->snippet = vakt_xstrdup(snippet);
	if (reason) {
		x->suppressed = true;
		x->suppress_reason = vakt_xstrdup(reason);
		r->suppressed++;
	}
}

/* Three findings in two files, one suppressed finding, one input error. */
static void build(struct vakt_scan_result *r)
{
	struct vakt_error *e = NULL;

	memset(r, 0, sizeof(*r));
	add(r, &rule_tag, VAKT_SEV_MEDIUM, "Dockerfile", (const int[]){1, 6, 1, 18}, NULL,
	    "FROM ubuntu:latest", "base image 'ubuntu:latest' uses a moving tag", NULL);
	add(r, &rule_user, VAKT_SEV_HIGH, "Dockerfile", (const int[]){3, 1, 3, 9}, NULL,
	    "USER root", "final stage runs as 'root'", NULL);
	add(r, &rule_user, VAKT_SEV_CRITICAL, "Dockerfile", (const int[]){5, 1, 5, 6}, NULL,
	    "USER 0", "final stage runs as '0'", "vakt pragma at line 4: test image");
	add(r, &rule_tag, VAKT_SEV_LOW, "dir/my file.yaml", (const int[]){0, 0, 0, 0},
	    "Deployment/shop/web/container[app]", NULL, "image 'nginx' has no tag", NULL);
	vakt_error_set_at(&e, -EINVAL, "bad/Dockerfile", 2, 3, "unterminated heredoc 'EOF'");
	vakt_error_list_add(&r->errors, e);
	r->files_scanned = 3;
	r->elapsed = 0.012;
}

typedef int (*writer_fn)(FILE *, const struct vakt_scan_result *, const struct vakt_report_opts *);

/* Render with fn into a string the caller frees. */
static char *render(writer_fn fn, const struct vakt_scan_result *r, bool color, bool suppressed)
{
	struct vakt_report_opts o = {
	    .color = color, .show_suppressed = suppressed, .version = "9.8.7"};
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	assert_int_equal(fn(f, r, &o), 0);
	assert_int_equal(fclose(f), 0);
	return buf;
}

static json_t *render_json(writer_fn fn, const struct vakt_scan_result *r, bool suppressed)
{
	char *s = render(fn, r, false, suppressed);
	json_error_t je;
	json_t *j = json_loads(s, 0, &je);

	if (!j)
		fail_msg("invalid JSON at %d:%d: %s\n%s", je.line, je.column, je.text, s);
	/* Pretty-printed with a final newline. */
	assert_non_null(strstr(s, "\n  \""));
	assert_int_equal(s[strlen(s) - 1], '\n');
	free(s);
	return j;
}

static void assert_contains(const char *hay, const char *needle)
{
	if (!strstr(hay, needle))
		fail_msg("expected to find\n[%s]\nin\n[%s]", needle, hay);
}

static void assert_lacks(const char *hay, const char *needle)
{
	if (strstr(hay, needle))
		fail_msg("did not expect\n[%s]\nin\n[%s]", needle, hay);
}

static const char *jstr(const json_t *j, const char *key)
{
	const json_t *v = json_object_get(j, key);

	assert_true(json_is_string(v));
	return json_string_value(v);
}

static json_int_t jint(const json_t *j, const char *key)
{
	const json_t *v = json_object_get(j, key);

	assert_true(json_is_integer(v));
	return json_integer_value(v);
}

/* --- format names, dispatch, write errors ------------------------------ */

static void test_format_parse(void **state)
{
	static const char *const names[] = {"text", "json", "sarif", "junit", "gnu"};
	enum vakt_format fmt;

	for (unsigned i = 0; i < VAKT_ARRAY_SIZE(names); i++) {
		assert_int_equal(vakt_format_parse(names[i], &fmt), 0);
		assert_int_equal(fmt, (enum vakt_format)i);
	}
	assert_int_equal(vakt_format_parse("xml", &fmt), -EINVAL);
	assert_int_equal(vakt_format_parse("", &fmt), -EINVAL);
	/* Any case, as --severity HIGH,CRITICAL. */
	assert_int_equal(vakt_format_parse("JSON", &fmt), 0);
	assert_int_equal(fmt, VAKT_FORMAT_JSON);
	assert_int_equal(vakt_format_parse("Sarif", &fmt), 0);
	assert_int_equal(fmt, VAKT_FORMAT_SARIF);
	assert_int_equal(vakt_format_parse("jsonx", &fmt), -EINVAL);
}

static void test_write_dispatch(void **state)
{
	struct vakt_scan_result r;
	struct vakt_report_opts o = {.format = VAKT_FORMAT_GNU};
	struct vakt_error *err = NULL;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	build(&r);
	assert_int_equal(vakt_report_write(f, &r, &o, &err), 0);
	assert_null(err);
	fclose(f);
	assert_contains(buf, "Dockerfile:3:1: high: final stage runs as 'root' [TST001]\n");
	free(buf);

	o.format = (enum vakt_format)42;
	assert_int_equal(vakt_report_write(stdout, &r, &o, &err), -EINVAL);
	assert_non_null(err);
	vakt_error_free(err);
	vakt_scan_result_release(&r);
}

static void test_write_failure(void **state)
{
	static const writer_fn fns[] = {vakt_report_text, vakt_report_json, vakt_report_sarif,
	                                vakt_report_junit, vakt_report_gnu};
	struct vakt_report_opts o = {.version = "1"};
	struct vakt_scan_result r;
	struct vakt_error *err = NULL;
	FILE *f;

	build(&r);
	for (unsigned i = 0; i < VAKT_ARRAY_SIZE(fns); i++) {
		f = fopen("/dev/full", "w");
		if (!f)
			skip();
		assert_int_equal(fns[i](f, &r, &o), -EIO);
		fclose(f);
	}
	f = fopen("/dev/full", "w");
	o.format = VAKT_FORMAT_SARIF;
	assert_int_equal(vakt_report_write(f, &r, &o, &err), -EIO);
	assert_non_null(err);
	assert_int_equal(err->code, -EIO);
	/* The cause, for the caller to put in context. */
	assert_string_equal(err->msg, strerror(ENOSPC));
	vakt_error_free(err);
	fclose(f);
	vakt_scan_result_release(&r);
}

/* --- gnu ----------------------------------------------------------------- */

static void test_gnu(void **state)
{
	struct vakt_scan_result r;
	char *s;

	build(&r);
	s = render(vakt_report_gnu, &r, false, false);
	assert_string_equal(
	    s, "Dockerfile:1:6: medium: base image 'ubuntu:latest' uses a moving tag [TST002]\n"
	       "Dockerfile:3:1: high: final stage runs as 'root' [TST001]\n"
	       "dir/my file.yaml:0:0: low: image 'nginx' has no tag [TST002]\n");
	free(s);
	s = render(vakt_report_gnu, &r, false, true);
	assert_contains(s, "Dockerfile:5:1: critical: final stage runs as '0' (suppressed: vakt "
	                   "pragma at line 4: test image) [TST001]\n");
	free(s);

	/* A message never breaks the one-line shape. */
	free(r.findings.v[0].message);
	r.findings.v[0].message = vakt_xstrdup("evil\nDockerfile:9:9: info: fake [X]\033[2J");
	s = render(vakt_report_gnu, &r, false, false);
	assert_contains(s, "Dockerfile:1:6: medium: evil?Dockerfile:9:9: info: fake [X]?[2J "
	                   "[TST002]\n");
	free(s);
	vakt_scan_result_release(&r);
}

/* --- text ---------------------------------------------------------------- */

static void test_text_plain(void **state)
{
	struct vakt_scan_result r;
	char *s;

	build(&r);
	s = render(vakt_report_text, &r, false, false);
	assert_lacks(s, "\033");
	/* Within a file, the most severe rule first; a short report has no closing table. */
	assert_string_equal(
	    s, "Dockerfile\n"
	       "  3:1  HIGH      TST001  final stage runs as 'root'\n"
	       "    3 | USER root\n"
	       "      | ^^^^^^^^^\n"
	       "    fix: Add a USER instruction with a numeric UID, e.g. USER 10001.\n"
	       "    rule: final-stage-no-user: Final stage runs as root\n"
	       "\n"
	       "  1:6  MEDIUM    TST002  base image 'ubuntu:latest' uses a moving tag\n"
	       "    1 | FROM ubuntu:latest\n"
	       "      |      ^^^^^^^^^^^^^\n"
	       "    fix: Pin the base image by digest\n"
	       "    rule: latest-tag: Base image uses the latest tag\n"
	       "\n"
	       "dir/my file.yaml\n"
	       "  - (Deployment/shop/web/container[app])  LOW       TST002  image 'nginx' has "
	       "no tag\n"
	       "    fix: Pin the base image by digest\n"
	       "    rule: latest-tag: Base image uses the latest tag\n"
	       "\n"
	       "3 findings (0 critical, 1 high, 1 medium, 1 low, 0 info), 1 suppressed, "
	       "1 error in 3 files in 0.012s\n");
	free(s);

	s = render(vakt_report_text, &r, false, true);
	assert_contains(s, "  5:1  CRITICAL  TST001  final stage runs as '0' (suppressed: vakt "
	                   "pragma at line 4: test image)\n"
	                   "    5 | USER 0\n");
	/* A suppressed finding comes after, and never takes the block of, one that counts. */
	{
		const char *high = strstr(s, "  3:1  HIGH      TST001  final stage runs as 'root'\n"
		                             "    3 | USER root");

		assert_non_null(high);
		assert_true(high < strstr(s, "  5:1  CRITICAL"));
	}
	/* Suppressed findings never count as findings. */
	assert_contains(s, "\n3 findings (0 critical, 1 high,");
	free(s);
	vakt_scan_result_release(&r);
}

static void test_text_color(void **state)
{
	struct vakt_scan_result r;
	char *s;

	build(&r);
	s = render(vakt_report_text, &r, true, true);
	assert_contains(s, "\033[1mDockerfile\033[0m\n");
	assert_contains(s, "\033[33mMEDIUM\033[0m");
	assert_contains(s, "\033[31mHIGH\033[0m");
	assert_contains(s, "\033[1;91mCRITICAL\033[0m");
	assert_contains(s, "\033[34mLOW\033[0m");
	assert_contains(s, "\033[31m^^^^^^^^^\033[0m");
	/* Input errors are the CLI's to print (once, on stderr); the summary counts them. */
	assert_lacks(s, "bad/Dockerfile:2:3:");
	assert_contains(s, "\033[1;31m1 error\033[0m in 3 files in 0.012s\n");
	free(s);
	vakt_scan_result_release(&r);
}

static void test_text_empty(void **state)
{
	struct vakt_scan_result r = {0};
	char *s;

	r.files_scanned = 1;
	r.elapsed = 0.0021;
	s = render(vakt_report_text, &r, false, false);
	assert_string_equal(s, "no findings in 1 file in 0.002s\n");
	free(s);

	/* Only suppressed findings: still "no findings", with the count. */
	add(&r, &rule_user, VAKT_SEV_HIGH, "Dockerfile", (const int[]){1, 1, 1, 4}, NULL, "USER",
	    "m", "config: accepted");
	s = render(vakt_report_text, &r, false, false);
	assert_string_equal(s, "no findings, 1 suppressed, 0 errors in 1 file in 0.002s\n");
	free(s);
	vakt_scan_result_release(&r);
}

static void test_text_fix(void **state)
{
	struct vakt_scan_result r = {0};
	char *s;

	add(&r, &rule_ex, VAKT_SEV_INFO, "a", (const int[]){1, 1, 1, 1}, NULL, NULL, "m", NULL);
	add(&r, &rule_tag, VAKT_SEV_INFO, "a", (const int[]){2, 1, 2, 1}, NULL, NULL, "m", NULL);
	s = render(vakt_report_text, &r, false, false);
	/* The line leading into an example, and the example, under "fix:". */
	assert_contains(s, "    fix: Pin it, e.g.\n"
	                   "           FROM x:1\n"
	                   "           FROM y:2\n"
	                   "    rule: example-fix: Example\n");
	assert_lacks(s, "More prose");
	free(s);
	vakt_scan_result_release(&r);
}

/* The line of s that starts with prefix (copied; the caller frees it). */
static char *line_of(const char *s, const char *prefix)
{
	const char *p = strstr(s, prefix), *e;

	assert_non_null(p);
	e = strchr(p, '\n');
	return vakt_xstrndup(p, e ? (size_t)(e - p) : strlen(p));
}

static void test_text_snippets(void **state)
{
	struct vakt_scan_result r = {0};
	struct vakt_buf longline = VAKT_BUF_INIT;
	char *s, *src, *caret;

	/* Tabs expand, carets follow them. */
	add(&r, &rule_tag, VAKT_SEV_LOW, "a", (const int[]){7, 2, 7, 4}, NULL, "\tRUN x", "m",
	    NULL);
	/* A region beyond the width: the line is cut around it. */
	for (int i = 0; i < 249; i++)
		vakt_buf_addc(&longline, 'a');
	vakt_buf_adds(&longline, "XYZ");
	for (int i = 0; i < 200; i++)
		vakt_buf_addc(&longline, 'b');
	add(&r, &rule_tag, VAKT_SEV_LOW, "b", (const int[]){12, 250, 12, 252}, NULL,
	    vakt_buf_str(&longline), "m", NULL);
	/* Terminal escapes, bidi overrides and broken UTF-8 are neutralised. */
	add(&r, &rule_tag, VAKT_SEV_LOW, "c\033]0;x\a", (const int[]){1, 1, 2, 3}, NULL,
	    "RUN \033[31mecho\xff \xe2\x80\xae!", "bad \xe2\x80\xae msg \xc2\x9b", NULL);
	s = render(vakt_report_text, &r, false, false);

	assert_contains(s, "    7 |     RUN x\n      |     ^^^\n");

	src = line_of(s, "    12 | ");
	caret = line_of(s, "       | ");
	assert_true(strlen(src) <= 10 + 100);
	assert_contains(src, "| ...aaa");
	assert_true(vakt_ends_with(src, "bbb..."));
	assert_int_equal(strstr(src, "XYZ") - src, strstr(caret, "^^^") - caret);
	assert_lacks(caret, "^^^^");
	free(src);
	free(caret);

	assert_lacks(s, "\033");
	assert_lacks(s, "\xe2\x80\xae");
	assert_lacks(s, "\xff");
	assert_lacks(s, "\xc2\x9b");
	assert_contains(s, "c?]0;x?\n");
	assert_contains(s, "bad ? msg ?\n");
	/* A region running onto the next line is underlined to the end of this one. */
	assert_contains(s, "    1 | RUN ?[31mecho? ?!\n      | ^^^^^^^^^^^^^^^^^\n");
	free(s);
	vakt_buf_release(&longline);
	vakt_scan_result_release(&r);
}

/* --- json ---------------------------------------------------------------- */

static void test_json(void **state)
{
	struct vakt_scan_result r;
	json_t *j, *sum, *fs, *x, *loc, *eq, *err;
	char *a, *b;

	build(&r);
	j = render_json(vakt_report_json, &r, false);
	assert_string_equal(jstr(j, "schema_version"), VAKT_JSON_SCHEMA_VERSION);
	assert_string_equal(jstr(json_object_get(j, "tool"), "name"), "vakt");
	assert_string_equal(jstr(json_object_get(j, "tool"), "version"), "9.8.7");
	/* Nothing that varies between runs. */
	assert_null(json_object_get(j, "elapsed"));
	assert_null(json_object_get(json_object_get(j, "summary"), "elapsed"));

	sum = json_object_get(j, "summary");
	assert_int_equal(jint(sum, "findings"), 3);
	assert_int_equal(jint(sum, "critical"), 0);
	assert_int_equal(jint(sum, "high"), 1);
	assert_int_equal(jint(sum, "medium"), 1);
	assert_int_equal(jint(sum, "low"), 1);
	assert_int_equal(jint(sum, "info"), 0);
	assert_int_equal(jint(sum, "suppressed"), 1);
	assert_int_equal(jint(sum, "errors"), 1);
	assert_int_equal(jint(sum, "files_scanned"), 3);

	fs = json_object_get(j, "findings");
	assert_int_equal(json_array_size(fs), 3);
	x = json_array_get(fs, 1);
	assert_string_equal(jstr(x, "rule_id"), "TST001");
	assert_string_equal(jstr(x, "slug"), "final-stage-no-user");
	assert_string_equal(jstr(x, "title"), "Final stage runs as root");
	assert_string_equal(jstr(x, "severity"), "high");
	assert_string_equal(jstr(x, "message"), "final stage runs as 'root'");
	assert_string_equal(jstr(x, "snippet"), "USER root");
	assert_string_equal(jstr(x, "remediation"), rule_user.remediation);
	loc = json_object_get(x, "location");
	assert_string_equal(jstr(loc, "file"), "Dockerfile");
	assert_int_equal(jint(loc, "line"), 3);
	assert_int_equal(jint(loc, "column"), 1);
	assert_int_equal(jint(loc, "end_line"), 3);
	assert_int_equal(jint(loc, "end_column"), 9);
	assert_true(json_is_null(json_object_get(loc, "object")));
	assert_int_equal(json_array_size(json_object_get(x, "references")), 2);
	eq = json_object_get(x, "equivalents");
	assert_int_equal(json_array_size(eq), 2);
	assert_string_equal(jstr(json_array_get(eq, 0), "tool"), "hadolint");
	assert_string_equal(jstr(json_array_get(eq, 0), "id"), "DL3002");
	assert_string_equal(jstr(json_array_get(eq, 1), "id"), "AVD-DS-0002");
	assert_true(json_is_false(json_object_get(x, "suppressed")));
	assert_true(json_is_null(json_object_get(x, "suppression_reason")));

	/* Unknown positions are null, objects are kept, empty lists are lists. */
	x = json_array_get(fs, 2);
	loc = json_object_get(x, "location");
	assert_true(json_is_null(json_object_get(loc, "line")));
	assert_true(json_is_null(json_object_get(loc, "column")));
	assert_string_equal(jstr(loc, "object"), "Deployment/shop/web/container[app]");
	assert_true(json_is_null(json_object_get(x, "snippet")));
	assert_string_equal(jstr(x, "severity"), "low");
	assert_int_equal(json_array_size(json_object_get(x, "references")), 0);
	assert_true(json_is_array(json_object_get(x, "equivalents")));

	err = json_array_get(json_object_get(j, "errors"), 0);
	assert_string_equal(jstr(err, "file"), "bad/Dockerfile");
	assert_int_equal(jint(err, "line"), 2);
	assert_int_equal(jint(err, "column"), 3);
	assert_string_equal(jstr(err, "message"), "unterminated heredoc 'EOF'");
	json_decref(j);

	/* show_suppressed adds the suppressed finding, flagged. */
	j = render_json(vakt_report_json, &r, true);
	fs = json_object_get(j, "findings");
	assert_int_equal(json_array_size(fs), 4);
	x = json_array_get(fs, 2);
	assert_true(json_is_true(json_object_get(x, "suppressed")));
	assert_string_equal(jstr(x, "suppression_reason"), "vakt pragma at line 4: test image");
	assert_int_equal(jint(json_object_get(j, "summary"), "findings"), 3);
	json_decref(j);

	/* Deterministic, and keys in the documented order. */
	a = render(vakt_report_json, &r, false, false);
	b = render(vakt_report_json, &r, false, false);
	assert_string_equal(a, b);
	assert_true(strstr(a, "\"schema_version\"") < strstr(a, "\"tool\""));
	assert_true(strstr(a, "\"summary\"") < strstr(a, "\"findings\": ["));
	assert_true(strstr(a, "\"findings\": [") < strstr(a, "\"errors\": ["));
	assert_true(strstr(a, "\"rule_id\"") < strstr(a, "\"slug\""));
	free(a);
	free(b);
	vakt_scan_result_release(&r);
}

static void test_json_untrusted(void **state)
{
	struct vakt_scan_result r = {0};
	json_t *j, *x;

	add(&r, &rule_tag, VAKT_SEV_INFO, "bad\xff.txt", (const int[]){1, 1, 0, 0}, NULL,
	    "RUN \xc3\x28 \"q\" \\ \t\001", "m\xe2\x82", NULL);
	j = render_json(vakt_report_json, &r, false);
	x = json_array_get(json_object_get(j, "findings"), 0);
	assert_string_equal(jstr(json_object_get(x, "location"), "file"), "bad\xef\xbf\xbd.txt");
	assert_string_equal(jstr(x, "snippet"), "RUN \xef\xbf\xbd( \"q\" \\ \t\001");
	assert_string_equal(jstr(x, "message"), "m\xef\xbf\xbd\xef\xbf\xbd");
	assert_true(json_is_null(json_object_get(json_object_get(x, "location"), "end_line")));
	json_decref(j);

	/* The streamed bytes are exactly jansson's dump of the same document. */
	for (int round = 0; round < 2; round++) {
		char *out, *again;

		if (round)
			build(&r);
		out = render(vakt_report_json, &r, false, true);
		j = json_loads(out, 0, NULL);
		assert_non_null(j);
		again = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		assert_non_null(again);
		assert_int_equal(strlen(out), strlen(again) + 1);
		assert_memory_equal(out, again, strlen(again));
		free(again);
		free(out);
		json_decref(j);
		vakt_scan_result_release(&r);
	}

	/* An empty result is still a full document. */
	vakt_scan_result_release(&r);
	j = render_json(vakt_report_json, &r, false);
	assert_int_equal(json_array_size(json_object_get(j, "findings")), 0);
	assert_int_equal(json_array_size(json_object_get(j, "errors")), 0);
	assert_int_equal(jint(json_object_get(j, "summary"), "findings"), 0);
	json_decref(j);
}

/* --- sarif --------------------------------------------------------------- */

/* No region anywhere in doc has a field that is 0 or below. */
static void assert_regions_valid(const json_t *j)
{
	const char *key;
	json_t *v;
	size_t i;

	if (json_is_array(j)) {
		json_array_foreach(j, i, v) assert_regions_valid(v);
		return;
	}
	if (!json_is_object(j))
		return;
	json_object_foreach((json_t *)j, key, v)
	{
		if (!strcmp(key, "region") || !strcmp(key, "contextRegion")) {
			static const char *const f[] = {"startLine", "startColumn", "endLine",
			                                "endColumn"};

			for (unsigned k = 0; k < VAKT_ARRAY_SIZE(f); k++) {
				json_t *n = json_object_get(v, f[k]);

				assert_true(!n || json_integer_value(n) > 0);
			}
			assert_non_null(json_object_get(v, "startLine"));
		}
		assert_regions_valid(v);
	}
}

static void test_sarif(void **state)
{
	struct vakt_scan_result r;
	json_t *j, *run, *rules, *rule, *res, *x, *pl, *reg, *inv, *note, *props;
	size_t i;

	build(&r);
	j = render_json(vakt_report_sarif, &r, false);
	assert_string_equal(jstr(j, "version"), "2.1.0");
	assert_string_equal(jstr(j, "$schema"), "https://json.schemastore.org/sarif-2.1.0.json");
	assert_int_equal(json_array_size(json_object_get(j, "runs")), 1);
	run = json_array_get(json_object_get(j, "runs"), 0);
	x = json_object_get(json_object_get(run, "tool"), "driver");
	assert_string_equal(jstr(x, "name"), "vakt");
	assert_string_equal(jstr(x, "version"), "9.8.7");
	assert_non_null(json_object_get(x, "informationUri"));

	rules = json_object_get(x, "rules");
	assert_int_equal(json_array_size(rules), 2);
	rule = json_array_get(rules, 0);
	assert_string_equal(jstr(rule, "id"), "TST001");
	assert_string_equal(jstr(rule, "name"), "FinalStageNoUser");
	assert_string_equal(jstr(json_object_get(rule, "shortDescription"), "text"),
	                    rule_user.title);
	assert_string_equal(jstr(json_object_get(rule, "fullDescription"), "text"),
	                    rule_user.rationale);
	assert_contains(jstr(json_object_get(rule, "help"), "text"), rule_user.remediation);
	assert_contains(jstr(json_object_get(rule, "help"), "markdown"),
	                "- <https://example.org/user>");
	assert_contains(jstr(json_object_get(rule, "help"), "markdown"), "`hadolint:DL3002`");
	assert_string_equal(jstr(rule, "helpUri"), "https://example.org/user");
	assert_string_equal(jstr(json_object_get(rule, "defaultConfiguration"), "level"), "error");
	props = json_object_get(rule, "properties");
	assert_string_equal(jstr(props, "security-severity"), "8.0");
	assert_string_equal(json_string_value(json_array_get(json_object_get(props, "tags"), 0)),
	                    "dockerfile");
	assert_string_equal(json_string_value(json_array_get(json_object_get(props, "tags"), 1)),
	                    "security");
	assert_string_equal(
	    json_string_value(json_array_get(json_object_get(props, "equivalents"), 1)),
	    "trivy:AVD-DS-0002");
	rule = json_array_get(rules, 1);
	assert_string_equal(jstr(rule, "id"), "TST002");
	assert_null(json_object_get(rule, "helpUri"));
	/* The rule's most severe effective severity in this run. */
	assert_string_equal(jstr(json_object_get(rule, "properties"), "security-severity"), "5.5");

	res = json_object_get(run, "results");
	assert_int_equal(json_array_size(res), 3);
	json_array_foreach(res, i, x)
	{
		size_t k = (size_t)jint(x, "ruleIndex");

		assert_true(k < json_array_size(rules));
		assert_string_equal(jstr(json_array_get(rules, k), "id"), jstr(x, "ruleId"));
		assert_null(json_object_get(x, "suppressions"));
		assert_int_equal(
		    strlen(jstr(json_object_get(x, "partialFingerprints"), "vaktFindingHash/v1")),
		    16);
	}
	x = json_array_get(res, 0);
	assert_string_equal(jstr(x, "level"), "warning");
	assert_string_equal(jstr(json_object_get(x, "message"), "text"),
	                    "base image 'ubuntu:latest' uses a moving tag");
	pl =
	    json_object_get(json_array_get(json_object_get(x, "locations"), 0), "physicalLocation");
	assert_string_equal(jstr(json_object_get(pl, "artifactLocation"), "uri"), "Dockerfile");
	assert_string_equal(jstr(json_object_get(pl, "artifactLocation"), "uriBaseId"),
	                    "%SRCROOT%");
	reg = json_object_get(pl, "region");
	assert_int_equal(jint(reg, "startLine"), 1);
	assert_int_equal(jint(reg, "startColumn"), 6);
	assert_int_equal(jint(reg, "endLine"), 1);
	assert_int_equal(jint(reg, "endColumn"), 19); /* exclusive */
	assert_string_equal(jstr(json_object_get(reg, "snippet"), "text"), "ubuntu:latest");
	assert_string_equal(
	    jstr(json_object_get(json_object_get(pl, "contextRegion"), "snippet"), "text"),
	    "FROM ubuntu:latest");
	assert_string_equal(jstr(json_array_get(res, 1), "level"), "error");

	/* No line: no region; the object is a logical location; the path is encoded. */
	x = json_array_get(res, 2);
	assert_string_equal(jstr(x, "level"), "note");
	x = json_array_get(json_object_get(x, "locations"), 0);
	pl = json_object_get(x, "physicalLocation");
	assert_null(json_object_get(pl, "region"));
	assert_string_equal(jstr(json_object_get(pl, "artifactLocation"), "uri"),
	                    "dir/my%20file.yaml");
	assert_string_equal(
	    jstr(json_array_get(json_object_get(x, "logicalLocations"), 0), "fullyQualifiedName"),
	    "Deployment/shop/web/container[app]");

	inv = json_array_get(json_object_get(run, "invocations"), 0);
	assert_true(json_is_false(json_object_get(inv, "executionSuccessful")));
	note = json_array_get(json_object_get(inv, "toolExecutionNotifications"), 0);
	assert_string_equal(jstr(note, "level"), "error");
	assert_string_equal(jstr(json_object_get(note, "message"), "text"),
	                    "unterminated heredoc 'EOF'");
	pl = json_object_get(json_array_get(json_object_get(note, "locations"), 0),
	                     "physicalLocation");
	assert_int_equal(jint(json_object_get(pl, "region"), "startLine"), 2);
	assert_int_equal(jint(json_object_get(pl, "region"), "startColumn"), 3);
	assert_regions_valid(j);
	json_decref(j);

	/* Suppressed results carry their suppression. */
	j = render_json(vakt_report_sarif, &r, true);
	run = json_array_get(json_object_get(j, "runs"), 0);
	res = json_object_get(run, "results");
	assert_int_equal(json_array_size(res), 4);
	/* A suppressed critical does not raise the rule's severity above its live findings. */
	rules = json_object_get(json_object_get(json_object_get(run, "tool"), "driver"), "rules");
	assert_string_equal(
	    jstr(json_object_get(json_array_get(rules, 0), "properties"), "security-severity"),
	    "8.0");
	x = json_object_get(json_array_get(res, 2), "suppressions");
	assert_int_equal(json_array_size(x), 1);
	assert_string_equal(jstr(json_array_get(x, 0), "kind"), "inSource");
	assert_string_equal(jstr(json_array_get(x, 0), "justification"),
	                    "vakt pragma at line 4: test image");
	json_decref(j);
	vakt_scan_result_release(&r);
}

static void test_sarif_markdown(void **state)
{
	struct vakt_scan_result r = {0};
	json_t *j, *rule;

	add(&r, &rule_ex, VAKT_SEV_INFO, "a", (const int[]){1, 1, 1, 1}, NULL, NULL, "m", NULL);
	j = render_json(vakt_report_sarif, &r, false);
	rule = json_array_get(
	    json_object_get(
	        json_object_get(
	            json_object_get(json_array_get(json_object_get(j, "runs"), 0), "tool"),
	            "driver"),
	        "rules"),
	    0);
	assert_string_equal(jstr(json_object_get(rule, "help"), "markdown"),
	                    "Judged through FROM \\<stage\\> and \\*globs\\*.\n\n"
	                    "**Remediation:** Pin it, e.g.\n```\nFROM x:1\nFROM y:2\n```\n"
	                    "More prose. Second sentence.");
	assert_string_equal(jstr(json_object_get(rule, "help"), "text"),
	                    "Judged through FROM <stage> and *globs*.\n\n"
	                    "Remediation: Pin it, e.g.\n  FROM x:1\n  FROM y:2\nMore prose. "
	                    "Second sentence.");
	assert_string_equal(jstr(json_object_get(rule, "properties"), "security-severity"), "0.0");
	assert_string_equal(jstr(json_object_get(rule, "defaultConfiguration"), "level"), "note");
	json_decref(j);
	vakt_scan_result_release(&r);
}

static void test_sarif_positions(void **state)
{
	struct vakt_scan_result r = {0};
	json_t *j, *res, *pl, *reg;
	const char *fp0, *fp1;

	/* Byte columns become UTF-16 columns: "é" is 2 bytes, 1 unit; U+1F600 4 bytes, 2 units. */
	add(&r, &rule_tag, VAKT_SEV_LOW, "/abs/dir/Dockerfile", (const int[]){2, 14, 2, 16}, NULL,
	    "ENV A=\xc3\xa9\xf0\x9f\x98\x80 KEY", "m", NULL);
	/* A region that ends before it starts keeps only its start. */
	add(&r, &rule_tag, VAKT_SEV_LOW, "x:y#z", (const int[]){4, 5, 4, 2}, NULL, NULL, "m", NULL);
	/* Multi-line. */
	add(&r, &rule_tag, VAKT_SEV_LOW, "m", (const int[]){4, 5, 6, 2}, NULL, "RUN a \\", "m",
	    "config: ignored in '.vakt.yaml'");
	j = render_json(vakt_report_sarif, &r, true);
	res = json_object_get(json_array_get(json_object_get(j, "runs"), 0), "results");

	pl =
	    json_object_get(json_array_get(json_object_get(json_array_get(res, 0), "locations"), 0),
	                    "physicalLocation");
	assert_string_equal(jstr(json_object_get(pl, "artifactLocation"), "uri"),
	                    "file:///abs/dir/Dockerfile");
	assert_null(json_object_get(json_object_get(pl, "artifactLocation"), "uriBaseId"));
	reg = json_object_get(pl, "region");
	assert_int_equal(jint(reg, "startColumn"), 11);
	assert_int_equal(jint(reg, "endColumn"), 14);
	assert_string_equal(jstr(json_object_get(reg, "snippet"), "text"), "KEY");

	pl =
	    json_object_get(json_array_get(json_object_get(json_array_get(res, 1), "locations"), 0),
	                    "physicalLocation");
	assert_string_equal(jstr(json_object_get(pl, "artifactLocation"), "uri"), "x%3Ay%23z");
	reg = json_object_get(pl, "region");
	assert_int_equal(jint(reg, "startLine"), 4);
	assert_int_equal(jint(reg, "startColumn"), 5);
	assert_null(json_object_get(reg, "endColumn"));
	assert_null(json_object_get(reg, "endLine"));

	pl =
	    json_object_get(json_array_get(json_object_get(json_array_get(res, 2), "locations"), 0),
	                    "physicalLocation");
	reg = json_object_get(pl, "region");
	assert_int_equal(jint(reg, "endLine"), 6);
	assert_int_equal(jint(reg, "endColumn"), 3);
	assert_null(json_object_get(pl, "contextRegion"));
	assert_string_equal(
	    jstr(json_array_get(json_object_get(json_array_get(res, 2), "suppressions"), 0),
	         "kind"),
	    "external");
	assert_regions_valid(j);

	/* Fingerprints differ by file and are stable across runs. */
	fp0 = jstr(json_object_get(json_array_get(res, 1), "partialFingerprints"),
	           "vaktFindingHash/v1");
	fp1 = jstr(json_object_get(json_array_get(res, 2), "partialFingerprints"),
	           "vaktFindingHash/v1");
	assert_string_not_equal(fp0, fp1);
	json_decref(j);

	/* No results, no errors: a successful run with empty lists. */
	vakt_scan_result_release(&r);
	j = render_json(vakt_report_sarif, &r, false);
	res = json_array_get(json_object_get(j, "runs"), 0);
	assert_int_equal(json_array_size(json_object_get(res, "results")), 0);
	assert_int_equal(json_array_size(json_object_get(
	                     json_object_get(json_object_get(res, "tool"), "driver"), "rules")),
	                 0);
	assert_true(json_is_true(json_object_get(
	    json_array_get(json_object_get(res, "invocations"), 0), "executionSuccessful")));
	json_decref(j);
}

/* --- junit --------------------------------------------------------------- */

static void test_junit(void **state)
{
	struct vakt_scan_result r;
	char *s;

	build(&r);
	s = render(vakt_report_junit, &r, false, false);
	assert_true(vakt_starts_with(s, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	                                "<testsuites name=\"vakt\" tests=\"4\" failures=\"3\" "
	                                "errors=\"1\" skipped=\"0\">\n"));
	assert_contains(s, "  <testsuite name=\"Dockerfile\" tests=\"2\" failures=\"2\" "
	                   "errors=\"0\" skipped=\"0\">\n"
	                   "    <testcase name=\"TST002 latest-tag at 1:6\" "
	                   "classname=\"Dockerfile\">\n"
	                   "      <failure message=\"base image &apos;ubuntu:latest&apos; uses a "
	                   "moving tag\" type=\"medium\">TST002 latest-tag (medium): Base image "
	                   "uses the latest tag\n"
	                   "Dockerfile:1:6: base image &apos;ubuntu:latest&apos; uses a moving "
	                   "tag\n"
	                   "    1 | FROM ubuntu:latest\n"
	                   "fix: Pin the base image by digest</failure>\n"
	                   "    </testcase>\n");
	assert_contains(s,
	                "  <testsuite name=\"bad/Dockerfile\" tests=\"1\" failures=\"0\" "
	                "errors=\"1\" skipped=\"0\">\n"
	                "    <testcase name=\"input error at 2:3\" classname=\"bad/Dockerfile\">\n"
	                "      <error message=\"unterminated heredoc &apos;EOF&apos;\" "
	                "type=\"input-error\">bad/Dockerfile:2:3: unterminated heredoc "
	                "&apos;EOF&apos;</error>\n");
	assert_contains(s, "<testcase name=\"TST002 latest-tag\" classname=\"dir/my file.yaml\">");
	assert_contains(s, "dir/my file.yaml (Deployment/shop/web/container[app]): image");
	assert_true(vakt_ends_with(s, "  </testsuite>\n</testsuites>\n"));
	assert_lacks(s, "time=");
	free(s);

	s = render(vakt_report_junit, &r, false, true);
	assert_contains(s, "skipped=\"1\"");
	assert_contains(s, "<skipped message=\"suppressed: vakt pragma at line 4: test image\"/>");
	free(s);
	vakt_scan_result_release(&r);
}

/* Files scanned without findings are passing test cases of their own. */
static void test_junit_clean_files(void **state)
{
	struct vakt_scan_result r = {0};
	char *s;

	add(&r, &rule_tag, VAKT_SEV_MEDIUM, "a/Dockerfile", (const int[]){1, 6, 1, 18}, NULL,
	    "FROM ubuntu:latest", "moving tag", NULL);
	vakt_strv_push(&r.files, "a/Dockerfile");
	vakt_strv_push(&r.files, "b/Dockerfile");
	r.files_scanned = 2;
	s = render(vakt_report_junit, &r, false, false);
	assert_contains(s, "<testsuites name=\"vakt\" tests=\"2\" failures=\"1\" errors=\"0\"");
	assert_contains(s, "  <testsuite name=\"b/Dockerfile\" tests=\"1\" failures=\"0\" "
	                   "errors=\"0\" skipped=\"0\">\n"
	                   "    <testcase name=\"no findings\" classname=\"b/Dockerfile\"/>\n");
	assert_lacks(s, "<testcase name=\"no findings\" classname=\"a/Dockerfile\"/>");
	free(s);
	vakt_scan_result_release(&r);
}

static void test_junit_escaping(void **state)
{
	struct vakt_scan_result r = {0};
	char *s;

	add(&r, &rule_tag, VAKT_SEV_HIGH, "a&<b>\"'.txt", (const int[]){1, 1, 1, 1}, NULL,
	    "x\001y\tz\xef\xbf\xbe", "1<2 & 3>2 \"q\" 'a'\nnext\x1b\xff", NULL);
	s = render(vakt_report_junit, &r, false, false);
	assert_contains(s, "<testsuite name=\"a&amp;&lt;b&gt;&quot;&apos;.txt\"");
	assert_contains(s, "classname=\"a&amp;&lt;b&gt;&quot;&apos;.txt\"");
	assert_contains(s, "message=\"1&lt;2 &amp; 3&gt;2 &quot;q&quot; &apos;a&apos;&#10;"
	                   "next\xef\xbf\xbd\xef\xbf\xbd\"");
	/* In text, line breaks and tabs stay; forbidden characters are replaced. */
	assert_contains(s, "    1 | x\xef\xbf\xbdy\tz\xef\xbf\xbd\n");
	assert_contains(s, "&apos;a&apos;\nnext");
	for (const char *p = s; *p; p++)
		assert_true((unsigned char)*p >= 0x20 || *p == '\n' || *p == '\t');
	free(s);
	vakt_scan_result_release(&r);

	/* Nothing found: one passing testcase. */
	r.files_scanned = 2;
	s = render(vakt_report_junit, &r, false, false);
	assert_contains(s, "<testsuites name=\"vakt\" tests=\"1\" failures=\"0\" errors=\"0\" "
	                   "skipped=\"0\">\n");
	assert_contains(s, "<testcase name=\"no findings in 2 files\" classname=\"vakt\"/>\n");
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_format_parse),    cmocka_unit_test(test_write_dispatch),
	    cmocka_unit_test(test_write_failure),   cmocka_unit_test(test_gnu),
	    cmocka_unit_test(test_text_plain),      cmocka_unit_test(test_text_color),
	    cmocka_unit_test(test_text_empty),      cmocka_unit_test(test_text_snippets),
	    cmocka_unit_test(test_text_fix),        cmocka_unit_test(test_json),
	    cmocka_unit_test(test_json_untrusted),  cmocka_unit_test(test_sarif),
	    cmocka_unit_test(test_sarif_positions), cmocka_unit_test(test_sarif_markdown),
	    cmocka_unit_test(test_junit),           cmocka_unit_test(test_junit_clean_files),
	    cmocka_unit_test(test_junit_escaping),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
