/* SPDX-License-Identifier: MIT */
/* The streaming JSON writer lays out and escapes exactly as jansson does. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "core/report-jw.h"
#include "core/util.h"

/* What jansson prints for t, as the reports dump it. */
static char *dump(json_t *t)
{
	char *s = json_dumps(t, JSON_INDENT(2) | JSON_PRESERVE_ORDER);

	json_decref(t);
	assert_non_null(s);
	return s;
}

static void test_layout_matches_jansson(void **state)
{
	static const char *const strings[] = {
	    "plain",
	    "quote \" backslash \\ slash /",
	    "tab\tnl\ncr\rbs\bff\f",
	    "\x01\x1f\x7f",
	    "caf\xc3\xa9 \xe2\x80\xae bidi \xf0\x9f\x90\xb3",
	    "",
	};
	char *buf = NULL, *want;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct vakt_jw w;
	json_t *root = json_object(), *arr = json_array(), *inner = json_object();

	(void)state;
	vakt_jw_init(&w, f, 0);
	vakt_jw_open(&w, NULL, '{');
	vakt_jw_str(&w, "name", "vakt");
	vakt_jw_int(&w, "n", -42);
	vakt_jw_bool(&w, "ok", true);
	vakt_jw_str(&w, "none", NULL);
	vakt_jw_open(&w, "empty_obj", '{');
	vakt_jw_close(&w, '}');
	vakt_jw_open(&w, "empty_arr", '[');
	vakt_jw_close(&w, ']');
	vakt_jw_open(&w, "list", '[');
	for (size_t i = 0; i < sizeof(strings) / sizeof(strings[0]); i++)
		vakt_jw_str(&w, NULL, strings[i]);
	vakt_jw_open(&w, NULL, '{');
	vakt_jw_int(&w, "deep", 1);
	vakt_jw_close(&w, '}');
	vakt_jw_close(&w, ']');
	vakt_jw_close(&w, '}');
	fclose(f);

	json_object_set_new(root, "name", json_string("vakt"));
	json_object_set_new(root, "n", json_integer(-42));
	json_object_set_new(root, "ok", json_true());
	json_object_set_new(root, "none", json_null());
	json_object_set_new(root, "empty_obj", json_object());
	json_object_set_new(root, "empty_arr", json_array());
	for (size_t i = 0; i < sizeof(strings) / sizeof(strings[0]); i++)
		json_array_append_new(arr, json_string(strings[i]));
	json_object_set_new(inner, "deep", json_integer(1));
	json_array_append_new(arr, inner);
	json_object_set_new(root, "list", arr);
	want = dump(root);
	assert_string_equal(buf, want);
	free(want);
	free(buf);
}

/* Invalid UTF-8, and a sequence cut by the end of a span, become U+FFFD. */
static void test_invalid_utf8(void **state)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	(void)state;
	vakt_jw_put_string(f,
	                   "a\xff"
	                   "b",
	                   (size_t)-1);
	fputc(' ', f);
	/* The first two bytes of a three-byte sequence. */
	vakt_jw_put_string(f, "x\xe2\x82\xac", 3);
	fputc(' ', f);
	vakt_jw_put_string(f, NULL, 0);
	fclose(f);
	assert_string_equal(buf, "\"a\xef\xbf\xbd"
	                         "b\" \"x\xef\xbf\xbd\xef\xbf\xbd\" null");
	free(buf);
}

/*
 * Long strings, with one character to escape (or UTF-8 to keep) at every
 * offset of a plain run: the writer skips plain text 16 bytes at a time, and
 * the FILE and buffer forms give jansson's bytes wherever it falls.
 */
static void test_long_strings(void **state)
{
	static const char *const specials[] = {"\"",       "\\",           "\n",
	                                       "\x01",     "\x1f",         "\x7f",
	                                       "\xc3\xa9", "\xe2\x80\xae", "\xf0\x9f\x90\xb3"};
	struct vakt_buf b = VAKT_BUF_INIT;

	(void)state;
	for (size_t k = 0; k < sizeof(specials) / sizeof(specials[0]); k++) {
		for (size_t off = 0; off < 40; off++) {
			char in[128], *buf = NULL, *want;
			size_t len = 0;
			json_t *j;
			FILE *f = open_memstream(&buf, &len);

			memset(in, 'a', off);
			snprintf(in + off, sizeof(in) - off, "%s%s", specials[k],
			         "bcdefghijklmnopqrstuvwxyz0123456789 trailing text");
			vakt_jw_put_string(f, in, (size_t)-1);
			fclose(f);
			j = json_string(in);
			want = json_dumps(j, JSON_ENCODE_ANY);
			json_decref(j);
			assert_non_null(want);
			assert_string_equal(buf, want);
			vakt_buf_reset(&b);
			vakt_jw_buf_string(&b, in, (size_t)-1);
			assert_string_equal(vakt_buf_str(&b), want);
			free(want);
			free(buf);
		}
	}
	vakt_buf_release(&b);
}

/* A value nested in a document is indented for its depth. */
static void test_nested_base(void **state)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct vakt_jw w;

	(void)state;
	vakt_jw_init(&w, f, 2);
	vakt_jw_open(&w, NULL, '{');
	vakt_jw_str(&w, "k", "v");
	vakt_jw_close(&w, '}');
	fclose(f);
	assert_string_equal(buf, "{\n      \"k\": \"v\"\n    }");
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_layout_matches_jansson),
	    cmocka_unit_test(test_invalid_utf8),
	    cmocka_unit_test(test_long_strings),
	    cmocka_unit_test(test_nested_base),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
