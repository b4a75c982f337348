/* SPDX-License-Identifier: MIT */
/* The limits a user can raise, and the escaping stream for JSON and XML output. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include "core/config.h"
#include "core/escape-stream.h"
#include "core/limits.h"

static void test_defaults(void **state)
{
	struct vakt_limits l;

	vakt_limits_init(&l);
	assert_int_equal(l.set, 0);
	assert_int_equal(l.v[VAKT_LIMIT_FILE_SIZE], 32u * 1024 * 1024);
	assert_int_equal(l.v[VAKT_LIMIT_LINE_LENGTH], 1u * 1024 * 1024);
	assert_int_equal(l.v[VAKT_LIMIT_WALK_DEPTH], 128);
	assert_int_equal(l.v[VAKT_LIMIT_IMAGE_LAYER], 16ull * 1024 * 1024 * 1024);
	assert_int_equal(l.v[VAKT_LIMIT_IMAGE_ENTRIES], 4000000);
	for (int i = 0; i < VAKT_LIMIT_COUNT; i++) {
		assert_int_equal(vakt_limit_lookup(vakt_limit_name((enum vakt_limit)i)), i);
		assert_non_null(strstr(vakt_limit_hint((enum vakt_limit)i),
		                       vakt_limit_name((enum vakt_limit)i)));
	}
	assert_int_equal(vakt_limit_lookup("nope"), -1);
}

static void test_values(void **state)
{
	static const struct {
		const char *name, *value;
		uint64_t want; /* 0: refused */
	} cases[] = {
	    {"file-size", "64M", 64ull << 20},
	    {"file-size", "64MiB", 64ull << 20},
	    {"file-size", "2G", 2ull << 30},
	    {"file-size", "512k", 512ull << 10},
	    {"file-size", "1000", 1000},
	    {"file-size", "4G", 4ull << 30},
	    {"file-size", "5G", 0},
	    {"file-size", "1.5G", 0},
	    {"file-size", "0", 0},
	    {"file-size", "-1", 0},
	    {"file-size", "", 0},
	    {"file-size", "12X", 0},
	    {"file-size", "99999999999999999999", 0},
	    {"walk-depth", "256", 256},
	    {"walk-depth", "1K", 0},
	    {"walk-depth", "5000", 0},
	    {"image-entries", "10000000", 10000000},
	    {"image-layer-size", "1T", 1ull << 40},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct vakt_limits l;
		char *why = NULL;
		int r;

		vakt_limits_init(&l);
		r = vakt_limits_set(&l, cases[i].name, cases[i].value, &why);
		if (cases[i].want) {
			assert_int_equal(r, 0);
			assert_int_equal(l.v[vakt_limit_lookup(cases[i].name)], cases[i].want);
			assert_true(l.set & (1u << vakt_limit_lookup(cases[i].name)));
		} else {
			assert_int_equal(r, -EINVAL);
			assert_non_null(strstr(why, "invalid value"));
			free(why);
		}
	}
}

static void test_names_and_precedence(void **state)
{
	struct vakt_limits flags, config, use;
	char *why = NULL;

	vakt_limits_init(&flags);
	vakt_limits_init(&config);
	assert_int_equal(vakt_limits_set_arg(&flags, "files=3", &why), -EINVAL);
	assert_string_equal(why, "unknown limit 'files' (expected one of file-size, line-length, "
	                         "walk-depth, image-layer-size, image-entries, image-stdin-size)");
	free(why);
	assert_int_equal(vakt_limits_set_arg(&flags, "=3", &why), -EINVAL);
	assert_non_null(strstr(why, "expected NAME=VALUE"));
	free(why);
	assert_int_equal(vakt_limits_set_arg(&flags, "file-size=1M", &why), 0);
	assert_int_equal(vakt_limits_set(&config, "file-size", "32M", &why), 0);
	assert_int_equal(vakt_limits_set(&config, "walk-depth", "7", &why), 0);
	/* Defaults, then the configuration, then the flags. */
	vakt_limits_init(&use);
	vakt_limits_take(&use, &config);
	vakt_limits_take(&use, &flags);
	assert_int_equal(use.v[VAKT_LIMIT_FILE_SIZE], 1u << 20);
	assert_int_equal(use.v[VAKT_LIMIT_WALK_DEPTH], 7);
	assert_int_equal(use.v[VAKT_LIMIT_LINE_LENGTH], 1u << 20);
}

static void test_config_key(void **state)
{
	static const char good[] = "limits:\n  file-size: 64M\n  walk-depth: 9\n";
	static const char bad_name[] = "limits:\n  file-sise: 64M\n";
	static const char bad_value[] = "limits:\n  file-size: lots\n";
	struct vakt_config *c = NULL;
	struct vakt_error *err = NULL;

	assert_int_equal(vakt_config_parse(".vakt.yaml", good, sizeof(good) - 1, &c, &err), 0);
	assert_int_equal(c->limits.v[VAKT_LIMIT_FILE_SIZE], 64u << 20);
	assert_int_equal(c->limits.v[VAKT_LIMIT_WALK_DEPTH], 9);
	vakt_config_free(c);
	assert_int_equal(vakt_config_parse(".vakt.yaml", bad_name, sizeof(bad_name) - 1, &c, &err),
	                 -EINVAL);
	assert_int_equal(err->line, 2);
	assert_int_equal(err->column, 3);
	assert_non_null(strstr(err->msg, "unknown limit 'file-sise'"));
	vakt_error_free(err);
	err = NULL;
	assert_int_equal(
	    vakt_config_parse(".vakt.yaml", bad_value, sizeof(bad_value) - 1, &c, &err), -EINVAL);
	assert_int_equal(err->column, 14);
	assert_non_null(strstr(err->msg, "invalid value 'lots'"));
	vakt_error_free(err);
}

/* What the escaping stream makes of in, written in chunks of `chunk` bytes. */
static char *escaped(enum vakt_escape_syntax syntax, const char *in, size_t chunk)
{
	char *buf = NULL;
	size_t len = 0, n = strlen(in);
	FILE *mem = open_memstream(&buf, &len);
	FILE *f = vakt_escape_stream_open(mem, syntax);

	assert_non_null(f);
	/* Unbuffered, so that every chunk reaches the filter as one write. */
	setvbuf(f, NULL, _IONBF, 0);
	for (size_t i = 0; i < n; i += chunk)
		fwrite(in + i, 1, n - i < chunk ? n - i : chunk, f);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(fclose(mem), 0);
	return buf;
}

static void test_escape_stream(void **state)
{
	/* CSI as U+009B, RLO U+202E, LRI U+2066, ALM U+061C; é, €, — and emoji stay. */
	static const char in[] = "{\"a\": \"x\xc2\x9b"
	                         "2J \xe2\x80\xae"
	                         "evil \xe2\x81\xa6"
	                         "\xd8\x9c\", \"b\": \"caf\xc3\xa9 \xe2\x82\xac \xe2\x80\x94 "
	                         "\xf0\x9f\x99\x82\"}\n";
	static const char json[] = "{\"a\": \"x\\u009b2J \\u202eevil \\u2066\\u061c\", \"b\": "
	                           "\"caf\xc3\xa9 \xe2\x82\xac \xe2\x80\x94 \xf0\x9f\x99\x82\"}\n";
	static const char xml[] = "{\"a\": \"x&#x9B;2J &#x202E;evil &#x2066;&#x61C;\", \"b\": "
	                          "\"caf\xc3\xa9 \xe2\x82\xac \xe2\x80\x94 \xf0\x9f\x99\x82\"}\n";

	/* Every chunking: sequences cut between writes are put back together. */
	for (size_t chunk = 1; chunk <= sizeof(in); chunk++) {
		char *j = escaped(VAKT_ESCAPE_JSON, in, chunk);
		char *x = escaped(VAKT_ESCAPE_XML, in, chunk);

		assert_string_equal(j, json);
		assert_string_equal(x, xml);
		free(j);
		free(x);
	}
	/* A raw C0 control never gets through either. */
	{
		char *j = escaped(VAKT_ESCAPE_JSON, "a\x1b]0;t\x07z\n", 64);
		char *x = escaped(VAKT_ESCAPE_XML, "a\x1b]0;t\x07z\n", 64);

		assert_string_equal(j, "a\\u001b]0;t\\u0007z\n");
		assert_string_equal(x, "a?]0;t?z\n");
		free(j);
		free(x);
	}
	/*
	 * A character to escape at every offset of long plain text (which is
	 * skipped 16 bytes at a time), with newlines, tabs and UTF-8 kept.
	 */
	for (size_t off = 0; off < 40; off++) {
		char text[160], want[200];
		char *j;

		memset(text, 'a', off);
		snprintf(text + off, sizeof(text) - off, "%s",
		         "\xc2\x9b"
		         "b\tc\nd caf\xc3\xa9 \xe2\x80\x94 0123456789abcdef\x1b"
		         "ghijklmnopqrstuvwxyz\xe2\x80\xae.");
		memset(want, 'a', off);
		snprintf(want + off, sizeof(want) - off, "%s",
		         "\\u009b"
		         "b\tc\nd caf\xc3\xa9 \xe2\x80\x94 0123456789abcdef\\u001b"
		         "ghijklmnopqrstuvwxyz\\u202e.");
		j = escaped(VAKT_ESCAPE_JSON, text, sizeof(text));
		assert_string_equal(j, want);
		free(j);
	}
	/* A lead byte at the very end is written as it is. */
	{
		char *j = escaped(VAKT_ESCAPE_JSON, "end\xc2", 64);

		assert_string_equal(j, "end\xc2");
		free(j);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_defaults),
	    cmocka_unit_test(test_values),
	    cmocka_unit_test(test_names_and_precedence),
	    cmocka_unit_test(test_config_key),
	    cmocka_unit_test(test_escape_stream),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
