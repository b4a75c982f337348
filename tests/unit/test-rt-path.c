/* SPDX-License-Identifier: MIT */
/* Path resolution as Falco resolves fd.name (rt-path.c) and the state engine's id map (rt-idmap.c).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/util.h"
#include "runtime/rt-idmap.h"
#include "runtime/rt-path.h"

static const char *join(const char *base, const char *path)
{
	static char out[256];

	rt_path_join(base, base ? strlen(base) : 0, path, strlen(path), out, sizeof(out));
	return out;
}

static void test_join(void **state)
{
	(void)state;
	assert_string_equal(join("/home/alice/", "notes.txt"), "/home/alice/notes.txt");
	assert_string_equal(join("/home/alice", "notes.txt"), "/home/alice/notes.txt");
	assert_string_equal(join("/home/alice/", "/etc/passwd"), "/etc/passwd");
	/* Directory traversal: fd.name is the resolved path. */
	assert_string_equal(join("/", "/etc/../etc/../etc/shadow"), "/etc/shadow");
	assert_string_equal(join("/tmp/", "../etc/./shadow"), "/etc/shadow");
	assert_string_equal(join("/", "../../.."), "/");
	assert_string_equal(join("/a/b/", ".."), "/a");
	assert_string_equal(join("/a/b/", "."), "/a/b");
	assert_string_equal(join("//a///b", "c//d/"), "/a/b/c/d");
	assert_string_equal(join(NULL, "rel/../x"), "x");
	assert_string_equal(join("", "../x"), "../x");
	assert_string_equal(join("a/b", "../../../c"), "../c");
	assert_string_equal(join(NULL, "."), ".");
	assert_string_equal(join("/", ""), "");
}

static void test_join_limits(void **state)
{
	char small[8];

	(void)state;
	/* Too long: nothing rather than a cut path. */
	assert_int_equal(rt_path_join("/", 1, "/abcdefghij", 11, small, sizeof(small)), 0);
	assert_string_equal(small, "");
	assert_int_equal(rt_path_join("/", 1, "/abcdef", 7, small, sizeof(small)), 7);
	assert_string_equal(small, "/abcdef");
	assert_int_equal(rt_path_join("/", 1, "x", 1, small, 0), 0);
	assert_int_equal(rt_path_squeeze("a//b///c", 8, small, sizeof(small)), 5);
	assert_string_equal(small, "a/b/c");
	assert_int_equal(rt_path_squeeze("/etc/../etc/shadow", 18, small, sizeof(small)), 0);
}

static void test_idmap(void **state)
{
	struct rt_idmap m = RT_IDMAP_INIT;
	static int vals[5000];

	(void)state;
	assert_null(rt_idmap_get(&m, 1));
	assert_null(rt_idmap_del(&m, 1));
	for (int i = 0; i < 5000; i++)
		assert_null(rt_idmap_put(&m, i * 7 - 100, &vals[i]));
	assert_int_equal(m.n, 5000);
	assert_ptr_equal(rt_idmap_put(&m, 7 - 100, &vals[3]), &vals[1]);
	assert_ptr_equal(rt_idmap_get(&m, 7 - 100), &vals[3]);
	/* Remove every other one; the rest stay reachable (backward shift, no tombstones). */
	for (int i = 0; i < 5000; i += 2)
		assert_ptr_equal(rt_idmap_del(&m, i * 7 - 100), &vals[i]);
	assert_int_equal(m.n, 2500);
	for (int i = 0; i < 5000; i++) {
		if (i % 2)
			assert_non_null(rt_idmap_get(&m, i * 7 - 100));
		else
			assert_null(rt_idmap_get(&m, i * 7 - 100));
	}
	assert_null(rt_idmap_del(&m, 123456));
	rt_idmap_release(&m);
	assert_int_equal(m.n, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_join),
	    cmocka_unit_test(test_join_limits),
	    cmocka_unit_test(test_idmap),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
