/* SPDX-License-Identifier: MIT */
/* Error lists: moving one into another, and a domain's warnings split from its errors. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "core/error.h"

static void add(struct vakt_error_list *l, int code, const char *msg)
{
	struct vakt_error *e = NULL;

	vakt_error_set(&e, code, "%s", msg);
	vakt_error_list_add(l, e);
}

static void test_take(void **state)
{
	struct vakt_error_list a = {0}, b = {0};

	add(&a, -EINVAL, "a1");
	add(&b, -EINVAL, "b1");
	add(&b, VAKT_WARNING_CODE, "b2");
	vakt_error_list_take(&a, &b);
	assert_int_equal(a.n, 3);
	assert_int_equal(b.n, 0);
	assert_string_equal(a.v[1]->msg, "b1");
	assert_string_equal(a.v[2]->msg, "b2");
	vakt_error_list_take(&a, &b); /* empty: nothing moves */
	assert_int_equal(a.n, 3);
	vakt_error_list_release(&a);
	vakt_error_list_release(&b);
}

/* Warnings from index `from` on move in order; errors before it stay, warnings or not. */
static void test_split(void **state)
{
	struct vakt_error_list errs = {0}, warns = {0};

	add(&errs, VAKT_WARNING_CODE, "old warning");
	add(&errs, -EINVAL, "e1");
	add(&errs, VAKT_WARNING_CODE, "w1");
	add(&errs, -ENOENT, "e2");
	add(&errs, VAKT_WARNING_CODE, "w2");
	vakt_error_list_split_warnings(&errs, 1, &warns);
	assert_int_equal(errs.n, 3);
	assert_string_equal(errs.v[0]->msg, "old warning");
	assert_string_equal(errs.v[1]->msg, "e1");
	assert_string_equal(errs.v[2]->msg, "e2");
	assert_int_equal(warns.n, 2);
	assert_string_equal(warns.v[0]->msg, "w1");
	assert_string_equal(warns.v[1]->msg, "w2");
	vakt_error_list_release(&errs);
	vakt_error_list_release(&warns);
}

int main(void)
{
	const struct CMUnitTest tests[] = {cmocka_unit_test(test_take),
	                                   cmocka_unit_test(test_split)};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
