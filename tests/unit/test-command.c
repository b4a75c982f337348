/* SPDX-License-Identifier: MIT */
/* Running a system binary: lookup, environment, exit status, timeout, output ceiling. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/command.h"

static void test_output_and_status(void **state)
{
	const char *const argv[] = {"printf", "a\\nb", NULL};
	const char *const fail[] = {"sh", "-c", "echo oops >&2; exit 3", NULL};
	struct vakt_command_result r;

	assert_int_equal(vakt_command_run(argv, 5000, 1024, &r, NULL), 0);
	assert_int_equal(r.status, 0);
	assert_string_equal(r.out, "a\nb");
	assert_int_equal(r.out_len, 3);
	assert_false(r.timed_out);
	assert_false(r.truncated);
	vakt_command_result_release(&r);

	assert_int_equal(vakt_command_run(fail, 5000, 1024, &r, NULL), 0);
	assert_int_equal(r.status, 3);
	assert_string_equal(r.out, "");
	assert_string_equal(r.err, "oops\n");
	vakt_command_result_release(&r);
}

/* Only PATH and LC_ALL reach the child, whatever the caller's environment holds. */
static void test_environment(void **state)
{
	const char *const argv[] = {"env", NULL};
	struct vakt_command_result r;

	setenv("VAKT_TEST_SECRET", "x", 1);
	setenv("LD_PRELOAD", "", 1);
	assert_int_equal(vakt_command_run(argv, 5000, 4096, &r, NULL), 0);
	assert_string_equal(r.out, "PATH=/usr/sbin:/usr/bin:/sbin:/bin\nLC_ALL=C\n");
	vakt_command_result_release(&r);
	unsetenv("LD_PRELOAD");
}

/* A name is looked up in the system directories only, never in the caller's PATH. */
static void test_lookup(void **state)
{
	const char *const missing[] = {"vakt-no-such-tool", NULL};
	const char *const abs_missing[] = {"/nonexistent/tool", NULL};
	struct vakt_command_result r;

	setenv("PATH", "/tmp", 1);
	assert_int_equal(vakt_command_run(missing, 1000, 16, &r, NULL), -ENOENT);
	assert_int_equal(vakt_command_run(abs_missing, 1000, 16, &r, NULL), -ENOENT);
	assert_null(r.out);
}

static void test_timeout(void **state)
{
	const char *const argv[] = {"sleep", "30", NULL};
	struct vakt_command_result r;

	assert_int_equal(vakt_command_run(argv, 200, 16, &r, NULL), 0);
	assert_true(r.timed_out);
	assert_int_equal(r.status, 128 + 9);
	vakt_command_result_release(&r);
}

/*
 * A child that writes faster than we read blocks on the full pipe instead of
 * failing (its end of the pipe is blocking), and ends with status 0.
 */
static void test_slow_reader(void **state)
{
	const char *const argv[] = {"sh", "-c", "seq 1 300000; echo done >&2", NULL};
	struct vakt_command_result r;
	int fl;

	assert_int_equal(vakt_command_run(argv, 60000, 8u << 20, &r, NULL), 0);
	assert_int_equal(r.status, 0);
	assert_false(r.truncated);
	assert_string_equal(r.err, "done\n");
	assert_true(r.out_len > 1000000);
	vakt_command_result_release(&r);
	/* The child's stdout is a blocking pipe: ask it. */
	const char *const probe[] = {"sh", "-c", "grep flags /proc/$$/fdinfo/1", NULL};

	assert_int_equal(vakt_command_run(probe, 5000, 4096, &r, NULL), 0);
	assert_int_equal(sscanf(r.out, "flags: %o", (unsigned *)&fl), 1);
	assert_int_equal(fl & 04000, 0); /* O_NONBLOCK */
	vakt_command_result_release(&r);
}

/* Output beyond the ceiling is cut, and the rest is drained so the child ends. */
static void test_ceiling(void **state)
{
	const char *const argv[] = {"seq", "1", "200000", NULL};
	struct vakt_command_result r;

	assert_int_equal(vakt_command_run(argv, 20000, 10, &r, NULL), 0);
	assert_true(r.truncated);
	assert_false(r.timed_out);
	assert_int_equal(r.status, 0);
	assert_int_equal(r.out_len, 10);
	assert_string_equal(r.out, "1\n2\n3\n4\n5\n");
	vakt_command_result_release(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_output_and_status),
	    cmocka_unit_test(test_environment),
	    cmocka_unit_test(test_lookup),
	    cmocka_unit_test(test_timeout),
	    cmocka_unit_test(test_ceiling),
	    cmocka_unit_test(test_slow_reader),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
