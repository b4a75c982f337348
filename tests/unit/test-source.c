/* SPDX-License-Identifier: MIT */
/*
 * core/source: lines through the sparse line index (in any order), the
 * text checks, and packed sources (vakt_source_pack()) reading the same
 * lines as the text they were made from, on several threads at once.
 */
#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include "core/source.h"

/* The lines of text as vakt_source_line() gives them: split at '\n', '\r's before it dropped. */
struct lines {
	const char **s;
	size_t *len;
	size_t *start;
	size_t n;
};

static void split(const char *text, size_t len, struct lines *out)
{
	size_t cap = 0, cap2 = 0, cap3 = 0, start = 0;

	memset(out, 0, sizeof(*out));
	for (;;) {
		const char *nl = memchr(text + start, '\n', len - start);
		size_t end = nl ? (size_t)(nl - text) : len, e = end;

		while (e > start && text[e - 1] == '\r')
			e--;
		out->s = vakt_grow(out->s, sizeof(*out->s), out->n + 1, &cap);
		out->len = vakt_grow(out->len, sizeof(*out->len), out->n + 1, &cap2);
		out->start = vakt_grow(out->start, sizeof(*out->start), out->n + 1, &cap3);
		out->s[out->n] = text + start;
		out->len[out->n] = e - start;
		out->start[out->n++] = start;
		/* A final newline ends the last line; it starts none. */
		if (!nl || end + 1 >= len)
			break;
		start = end + 1;
	}
}

static void lines_release(struct lines *l)
{
	free(l->s);
	free(l->len);
	free(l->start);
}

/* Every line of src equals the reference, in order, backwards and jumping about. */
static void check_lines(const struct vakt_source *src, const struct lines *ref)
{
	assert_int_equal(src->n_lines, ref->n);
	for (int pass = 0; pass < 3; pass++) {
		for (size_t k = 0; k < ref->n; k++) {
			size_t i = pass == 0 ? k : pass == 1 ? ref->n - 1 - k : (k * 7919) % ref->n;
			size_t len;
			const char *l = vakt_source_line(src, (int)i + 1, &len);

			assert_non_null(l);
			if (len != ref->len[i] || memcmp(l, ref->s[i], len)) {
				print_error("line %zu: got %zu bytes, want %zu\n", i + 1, len,
				            ref->len[i]);
				fail();
			}
			if (src->data)
				assert_int_equal(vakt_source_line_start(src, (int)i + 1),
				                 ref->start[i]);
		}
	}
	assert_null(vakt_source_line(src, 0, &(size_t){0}));
	assert_null(vakt_source_line(src, (int)ref->n + 1, &(size_t){0}));
}

/* Check text as read, then packed. */
static void check_text(const char *text, size_t len)
{
	struct vakt_source *src = vakt_source_from_mem("t", text, len);
	struct lines ref;

	split(text, len, &ref);
	check_lines(src, &ref);
	vakt_source_pack(src);
	assert_null(src->data);
	check_lines(src, &ref);
	{
		/* The whole text again, every block unpacked. */
		char *whole = vakt_source_text(src);

		assert_int_equal(strlen(whole), len);
		assert_memory_equal(whole, text, len);
		free(whole);
	}
	vakt_source_pack(src); /* twice is once */
	check_lines(src, &ref);
	vakt_source_free(src);
	lines_release(&ref);
}

static void test_small(void **state)
{
	check_text("", 0);
	check_text("one", 3);
	check_text("one\n", 4);
	check_text("one\ntwo", 7);
	check_text("\n\n\n", 3);
	check_text("a\r\nb\r\n", 6);
	check_text("x\r\n\r\ny", 6);
}

/* Many lines of many lengths: several index steps and several packed blocks. */
static void test_many_lines(void **state)
{
	struct vakt_buf b = VAKT_BUF_INIT;

	for (int i = 0; i < 8000; i++) {
		vakt_buf_addf(&b, "%d:", i);
		for (int k = 0; k < i % 37; k++)
			vakt_buf_addc(&b, (char)('a' + k % 26));
		vakt_buf_adds(&b, i % 5 ? "\n" : "\r\n");
		if (i % 1000 == 999)
			vakt_buf_adds(&b, "\n\n");
	}
	check_text(vakt_buf_str(&b), b.len);
	/* Lines longer than a packed block. */
	vakt_buf_reset(&b);
	for (int i = 0; i < 5; i++) {
		for (int k = 0; k < 100000 + i; k++)
			vakt_buf_addc(&b, (char)('A' + (k + i) % 26));
		vakt_buf_adds(&b, "\nshort\n");
	}
	check_text(vakt_buf_str(&b), b.len);
	vakt_buf_release(&b);
}

/* Many numbered lines of many lengths: several packed blocks. */
static void many_lines(struct vakt_buf *b, int n, char first)
{
	for (int i = 0; i < n; i++) {
		vakt_buf_addf(b, "%d:", i);
		for (int k = 0; k < i % 41; k++)
			vakt_buf_addc(b, (char)(first + k % 26));
		vakt_buf_addc(b, '\n');
	}
}

/* Two packed sources read by one thread, alternately, in jumps. */
struct reader {
	const struct vakt_source *src[2];
	const struct lines *ref[2];
	size_t bad; /* lines that differed (no cmocka assert off the main thread) */
};

static void *read_both(void *data)
{
	struct reader *r = data;

	for (size_t k = 0; k < r->ref[0]->n; k++) {
		for (int s = 0; s < 2; s++) {
			const struct lines *ref = r->ref[s];
			size_t i = (k * 7919 + (size_t)s * 13) % ref->n, len;
			const char *l = vakt_source_line(r->src[s], (int)i + 1, &len);

			r->bad += !l || len != ref->len[i] || memcmp(l, ref->s[i], len);
		}
	}
	return NULL;
}

/* Packed sources are read by several threads at once, each with its own unpacked block. */
static void test_threads(void **state)
{
	struct vakt_buf a = VAKT_BUF_INIT, b = VAKT_BUF_INIT;
	struct vakt_source *src[2];
	struct lines ref[2];
	struct reader r[2];
	pthread_t thread;

	many_lines(&a, 20000, 'a');
	many_lines(&b, 20000, 'A');
	src[0] = vakt_source_from_mem("a", vakt_buf_str(&a), a.len);
	src[1] = vakt_source_from_mem("b", vakt_buf_str(&b), b.len);
	split(vakt_buf_str(&a), a.len, &ref[0]);
	split(vakt_buf_str(&b), b.len, &ref[1]);
	vakt_source_pack(src[0]);
	vakt_source_pack(src[1]);
	/* The second reader starts from the other source. */
	r[0] = (struct reader){{src[0], src[1]}, {&ref[0], &ref[1]}, 0};
	r[1] = (struct reader){{src[1], src[0]}, {&ref[1], &ref[0]}, 0};
	assert_int_equal(pthread_create(&thread, NULL, read_both, &r[1]), 0);
	read_both(&r[0]);
	assert_int_equal(pthread_join(thread, NULL), 0);
	assert_int_equal(r[0].bad, 0);
	assert_int_equal(r[1].bad, 0);
	for (int s = 0; s < 2; s++) {
		vakt_source_free(src[s]);
		lines_release(&ref[s]);
	}
	vakt_buf_release(&a);
	vakt_buf_release(&b);
}

static void test_check_text(void **state)
{
	struct vakt_buf b = VAKT_BUF_INIT;
	struct vakt_error *err = NULL;
	struct vakt_source *src;

	vakt_buf_adds(&b, "ok\nfine\n");
	for (size_t i = 0; i < VAKT_MAX_LINE_BYTES; i++)
		vakt_buf_addc(&b, 'x');
	/* The limit counts the newline: this line is one byte too long. */
	vakt_buf_adds(&b, "\nend\n");
	src = vakt_source_from_mem("t", vakt_buf_str(&b), b.len);
	assert_int_equal(vakt_source_check_text(src, VAKT_MAX_LINE_BYTES, &err), -EFBIG);
	assert_int_equal(err->line, 3);
	assert_string_equal(err->msg, "line too long: 1048577 bytes (the limit is 1048576 bytes)");
	vakt_error_free(err);
	vakt_source_free(src);

	/* Exactly at the limit, newline included, is fine. */
	vakt_buf_reset(&b);
	vakt_buf_adds(&b, "ok\nfine\n");
	for (size_t i = 0; i + 1 < VAKT_MAX_LINE_BYTES; i++)
		vakt_buf_addc(&b, 'x');
	vakt_buf_adds(&b, "\nend\n");
	src = vakt_source_from_mem("t", vakt_buf_str(&b), b.len);
	assert_int_equal(vakt_source_check_text(src, VAKT_MAX_LINE_BYTES, &err), 0);
	vakt_source_free(src);
	vakt_buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_small),
	    cmocka_unit_test(test_many_lines),
	    cmocka_unit_test(test_threads),
	    cmocka_unit_test(test_check_text),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
