/* SPDX-License-Identifier: MIT */
/*
 * The JSON report's findings array gives the same bytes on one thread and on
 * two, whatever the chunks: a big synthetic list, rendered both ways.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "core/report-priv.h"

/* Findings in the synthetic lists: many chunks of every size the tests use. */
#define N_FINDINGS 6000

/* Texts with everything an escape must handle: quotes, controls, C1, bidi, bad UTF-8. */
static const char *const texts[] = {
    "plain message",
    "quote \" backslash \\ slash /",
    "tab\tnl\ncr\rbs\bff\f\x01\x1f\x7f",
    "caf\xc3\xa9 \xe2\x80\xae bidi \xc2\x9b c1 \xf0\x9f\x90\xb3",
    "bad \xff\xfe utf-8 \xc3",
    "",
    "a longer line of text, long enough to cross the 16 bytes a vector compares at once",
};

static const char *text_at(size_t i)
{
	return texts[i % VAKT_ARRAY_SIZE(texts)];
}

/* NULL-terminated copies of up to two texts, or NULL for none. */
static char **strv_of(size_t n, size_t at)
{
	char **v;

	if (!n)
		return NULL;
	v = vakt_xcalloc(n + 1, sizeof(*v));
	for (size_t k = 0; k < n; k++)
		v[k] = vakt_xstrdup(text_at(at + k));
	return v;
}

/*
 * Some findings carry an id of their own (aliases, links, details with
 * numbers), some details only, as vakt image's advisories and file findings
 * do: their lines sit in every chunk.
 */
static void add_ext(struct vakt_findings *l, struct vakt_finding *x, size_t i)
{
	struct vakt_finding_ext *e;

	if (i % 11 && i % 17)
		return;
	e = vakt_findings_add_ext(l, x);
	if (!(i % 11)) {
		e->id = vakt_xstrdup(text_at(i / 11));
		e->aliases = strv_of(i % 3, i);
		e->links = strv_of((i + 1) % 3, i / 2);
		vakt_finding_ext_add_number(e, "cvss_score", i % 2 ? "9.8" : "7");
	}
	if (i % 4)
		vakt_finding_ext_add_detail(e, "package", text_at(i));
}

/*
 * n findings over the registry's rules. suppress_from/suppress_to: the
 * findings in that range of indices are suppressed, so that the first shown
 * one can sit in a late chunk. The caller releases r.
 */
static void build(struct vakt_scan_result *r, size_t n, size_t suppress_from, size_t suppress_to)
{
	size_t rules = vakt_registry_count();
	char file[64];

	memset(r, 0, sizeof(*r));
	assert_true(rules > 0);
	for (size_t i = 0; i < n; i++) {
		struct vakt_finding *x = vakt_findings_push(&r->findings);

		snprintf(file, sizeof(file), "dir %zu/file-%zu.yaml", i / 97, i / 13);
		x->rule = vakt_registry_at((i * 7) % rules);
		x->severity = (enum vakt_severity)(i % VAKT_SEV_COUNT);
		x->message = vakt_xstrdup(text_at(i));
		x->loc.file = vakt_xstrdup(i % 1000 == 999 ? text_at(i / 1000) : file);
		x->loc.line = (int)(i % 50);
		x->loc.column = (int)(i % 3);
		x->loc.end_line = i % 5 ? (int)(i % 50) : 0;
		x->loc.end_column = (int)(i % 120);
		x->loc.object = i % 4 ? vakt_xstrdup(text_at(i / 3)) : NULL;
		x->snippet = i % 6 ? vakt_xstrdup(text_at(i / 5)) : NULL;
		add_ext(&r->findings, x, i);
		if (i >= suppress_from && i < suppress_to) {
			x->suppressed = true;
			x->suppress_reason = i % 2 ? vakt_xstrdup(text_at(i / 7)) : NULL;
			r->suppressed++;
		}
	}
	r->files_scanned = n / 13 + 1;
}

/* The whole report of r as t says, in a string the caller frees. */
static char *render(const struct vakt_scan_result *r, bool suppressed, unsigned threads,
                    size_t chunk)
{
	struct vakt_report_opts o = {.show_suppressed = suppressed, .version = "9.8.7"};
	struct vakt_report_json_tuning t = {.threads = threads, .chunk = chunk};
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	assert_int_equal(vakt_report_json_tuned(f, r, &o, &t), 0);
	assert_int_equal(fclose(f), 0);
	return buf;
}

/* Every tuning gives the bytes of one thread with the default chunks; n_shown findings parse. */
static void check_same(const struct vakt_scan_result *r, bool suppressed, size_t n_shown)
{
	static const struct vakt_report_json_tuning tunings[] = {
	    {1, 1}, {1, 7}, {1, 1000}, {2, 0}, {2, 1}, {2, 7}, {2, 64}, {2, 5999}, {2, 100000},
	};
	char *want = render(r, suppressed, 1, 0);
	json_error_t je;
	json_t *j = json_loads(want, 0, &je);

	if (!j)
		fail_msg("invalid JSON at %d:%d: %s", je.line, je.column, je.text);
	assert_int_equal(json_array_size(json_object_get(j, "findings")), n_shown);
	json_decref(j);
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(tunings); i++) {
		char *got = render(r, suppressed, tunings[i].threads, tunings[i].chunk);

		if (strcmp(got, want))
			fail_msg("threads %u, chunk %zu: the report differs", tunings[i].threads,
			         tunings[i].chunk);
		free(got);
	}
	free(want);
}

/* The report of r names an id for n_ids findings, each also with aliases, links and details. */
static void check_ids(const struct vakt_scan_result *r, size_t n_ids)
{
	char *text = render(r, false, 2, 7);
	json_t *j = json_loads(text, 0, NULL), *x;
	size_t i, n = 0;

	assert_non_null(j);
	json_array_foreach(json_object_get(j, "findings"), i, x)
	{
		if (!json_object_get(x, "id"))
			continue;
		n++;
		assert_true(json_is_array(json_object_get(x, "aliases")));
		assert_true(json_is_array(json_object_get(x, "links")));
		assert_true(
		    json_is_number(json_object_get(json_object_get(x, "details"), "cvss_score")));
	}
	assert_int_equal(n, n_ids);
	json_decref(j);
	free(text);
}

static void test_all_shown(void **state)
{
	struct vakt_scan_result r;

	(void)state;
	build(&r, N_FINDINGS, 0, 0);
	check_same(&r, false, N_FINDINGS);
	check_ids(&r, (N_FINDINGS + 10) / 11);
	vakt_scan_result_release(&r);
}

/* The first shown finding deep in the list: the comma before it is dropped by the writer. */
static void test_first_shown_late(void **state)
{
	struct vakt_scan_result r;

	(void)state;
	build(&r, N_FINDINGS, 0, 4321);
	check_same(&r, false, N_FINDINGS - 4321);
	check_same(&r, true, N_FINDINGS);
	vakt_scan_result_release(&r);
}

/* Suppressed runs in the middle leave empty chunks between full ones. */
static void test_empty_chunks(void **state)
{
	struct vakt_scan_result r;

	(void)state;
	build(&r, N_FINDINGS, 1000, 3500);
	check_same(&r, false, N_FINDINGS - 2500);
	vakt_scan_result_release(&r);
}

static void test_none_shown(void **state)
{
	struct vakt_scan_result r;

	(void)state;
	build(&r, N_FINDINGS, 0, N_FINDINGS);
	check_same(&r, false, 0);
	vakt_scan_result_release(&r);
	build(&r, 0, 0, 0);
	check_same(&r, false, 0);
	vakt_scan_result_release(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_all_shown),
	    cmocka_unit_test(test_first_shown_late),
	    cmocka_unit_test(test_empty_chunks),
	    cmocka_unit_test(test_none_shown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
