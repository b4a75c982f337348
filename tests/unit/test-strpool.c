/* SPDX-License-Identifier: MIT */
/*
 * The string pool: equal strings share one copy while the index remembers
 * them, strings with NULs keep their length, and vakt_strpool_intern_with()
 * shares copies the caller makes without keeping any of its own.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/strpool.h"

static void test_intern_shares(void **state)
{
	struct vakt_strpool *p = vakt_strpool_new();
	const char *a, *b, *c;

	(void)state;
	assert_true(vakt_strpool_empty(p));
	a = vakt_strpool_intern(p, "name: web", 4);
	b = vakt_strpool_str(p, "name");
	c = vakt_strpool_intern(p, "a\0b", 3);
	assert_string_equal(a, "name");
	assert_ptr_equal(a, b);
	assert_memory_equal(c, "a\0b", 4);
	assert_ptr_not_equal(vakt_strpool_intern(p, "a", 1), c);
	assert_null(vakt_strpool_str(p, NULL));
	assert_false(vakt_strpool_empty(p));
	/* Forgotten strings stay, but are no longer shared. */
	vakt_strpool_forget(p);
	assert_string_equal(a, "name");
	assert_ptr_not_equal(vakt_strpool_str(p, "name"), a);
	vakt_strpool_free(p);
}

/* make() of the test: copies in a buffer of the test's, counted. */
struct maker {
	char buf[64];
	size_t used, calls;
};

static char *make(void *data, const char *s, size_t n)
{
	struct maker *m = data;
	char *copy = m->buf + m->used;

	assert_true(m->used + n + 1 <= sizeof(m->buf));
	memcpy(copy, s, n);
	copy[n] = '\0';
	m->used += n + 1;
	m->calls++;
	return copy;
}

static void test_intern_with(void **state)
{
	struct vakt_strpool *p = vakt_strpool_new();
	struct maker m = {.used = 0};
	const char *a, *b, *c;

	(void)state;
	a = vakt_strpool_intern_with(p, "labels", 6, make, &m);
	b = vakt_strpool_intern_with(p, "labels:", 6, make, &m);
	c = vakt_strpool_intern_with(p, "app", 3, make, &m);
	/* One copy per distinct string, made by make() where it said. */
	assert_ptr_equal(a, b);
	assert_ptr_equal(a, m.buf);
	assert_ptr_equal(c, m.buf + 7);
	assert_int_equal(m.calls, 2);
	/* Found by plain interning too, and the pool holds nothing of its own. */
	assert_ptr_equal(vakt_strpool_str(p, "app"), c);
	assert_true(vakt_strpool_empty(p));
	/* A plain intern of a new string is the pool's own. */
	assert_string_equal(vakt_strpool_str(p, "new"), "new");
	assert_false(vakt_strpool_empty(p));
	vakt_strpool_free(p);
}

/* Merged pools keep their strings; the index forgets when full, never a string. */
static void test_merge_and_full_index(void **state)
{
	struct vakt_strpool *p = vakt_strpool_new(), *q = vakt_strpool_new();
	const char *kept[4];
	char s[32];

	(void)state;
	kept[0] = vakt_strpool_str(q, "from q");
	vakt_strpool_merge(p, q);
	assert_string_equal(kept[0], "from q");
	for (unsigned i = 0; i < 2 * VAKT_STRPOOL_INDEX_MAX; i++) {
		snprintf(s, sizeof(s), "string %u", i);
		kept[1 + i % 3] = vakt_strpool_str(p, s);
		assert_string_equal(kept[1 + i % 3], s);
	}
	assert_string_equal(kept[0], "from q");
	vakt_strpool_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_intern_shares),
	    cmocka_unit_test(test_intern_with),
	    cmocka_unit_test(test_merge_and_full_index),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
