/* SPDX-License-Identifier: MIT */
/*
 * core/yaml-edit: block mappings with merge keys (`<<: *common`, the compose
 * idiom): keys added after the last pair the mapping writes itself, a key
 * the merge gives overridden by one written in the mapping that keeps the
 * merged items, the merged nodes never edited; what is still refused; and
 * vakt_yedit_set_value() (a scalar replaced by a collection).
 */
#include "yaml-edit-test.h"

static const char compose[] = "x-common: &common\n"
                              "  restart: always\n"
                              "  cap_drop: [NET_RAW]\n"
                              "  security_opt:\n"
                              "    - label:disable\n"
                              "services:\n"
                              "  web:\n"
                              "    <<: *common\n"
                              "    image: nginx # the web\n"
                              "  db:\n"
                              "    image: postgres\n"
                              "    <<: *common\n"
                              "  cache:\n"
                              "    <<: [*common]\n"
                              "    image: redis\n"
                              "    cap_drop:\n"
                              "      - MKNOD\n";

static void ensure(struct yfx *f, const char *path, const char *key, const char *value)
{
	struct vakt_error *err = NULL;

	ok(vakt_yedit_ensure(f->e, at(f, path), key, value, NULL, NULL, &err), err);
}

static void op_compose(struct yfx *f)
{
	ensure(f, "services.web", "read_only", "true");
	ensure(f, "services.web", "cap_drop", "[ALL]");
	ensure(f, "services.web", "restart", "always"); /* merged already: nothing */
	ensure(f, "services.db", "user", "'10001:10001'");
	ensure(f, "services.db", "security_opt", "['no-new-privileges:true']");
	/* A key written in the mapping wins: its own list gets the item, the merge's stays. */
	ensure(f, "services.cache", "cap_drop", "[ALL]");
}

static void test_merge_add(void **state)
{
	(void)state;
	run(compose, op_compose,
	    "x-common: &common\n"
	    "  restart: always\n"
	    "  cap_drop: [NET_RAW]\n"
	    "  security_opt:\n"
	    "    - label:disable\n"
	    "services:\n"
	    "  web:\n"
	    "    <<: *common\n"
	    "    image: nginx # the web\n"
	    "    read_only: true\n"
	    "    cap_drop:\n"
	    "      - NET_RAW\n"
	    "      - ALL\n"
	    "  db:\n"
	    "    image: postgres\n"
	    "    user: \"10001:10001\"\n"
	    "    security_opt:\n"
	    "      - label:disable\n"
	    "      - no-new-privileges:true\n"
	    "    <<: *common\n"
	    "  cache:\n"
	    "    <<: [*common]\n"
	    "    image: redis\n"
	    "    cap_drop:\n"
	    "      - MKNOD\n"
	    "      - ALL\n");
}

static void op_inline(struct yfx *f)
{
	ensure(f, "m", "z", "1");
	ensure(f, "m", "a", "2"); /* merged from the mapping written under `<<` */
}

static void test_merge_inline(void **state)
{
	(void)state;
	/* A merge of a mapping written in place: its keys are deeper than the mapping's. */
	run("m:\n  <<:\n    a: 1\n  j: 2\nn: 3\n", op_inline,
	    "m:\n  <<:\n    a: 1\n  j: 2\n  z: 1\n  a: 2\nn: 3\n");
	/* A merge key last: the mapping's end is the anchor's; its own keys are still its own. */
	run("b: &b {a: 1}\nm:\n  j: 2\n  k: [x]\n  <<: *b\n", op_inline,
	    "b: &b {a: 1}\nm:\n  j: 2\n  k: [x]\n  z: 1\n  a: 2\n  <<: *b\n");
	/* The last own pair before the merge key, CRLF. */
	run("m:\r\n  j: 2\r\n  <<: {a: 1}\r\n", op_inline,
	    "m:\r\n  j: 2\r\n  z: 1\r\n  a: 2\r\n  <<: {a: 1}\r\n");
}

static void test_merge_refused(void **state)
{
	struct vakt_error *err = NULL;
	struct yfx f;

	(void)state;
	open_ok(&f, "b: &b\n  tmpfs: /run\n  t: !x y\n"
	            "only:\n  <<:\n    - *b\n"
	            "flow: {<<: *b, image: x}\n"
	            "m:\n  <<: *b\n  image: x\n"
	            "odd:\n  <<: # the base\n    *b\n");
	refused(vakt_yedit_ensure(f.e, at(&f, "only"), "user", "1", NULL, NULL, &err), -ENOTSUP,
	        &err, "only merge keys");
	refused(vakt_yedit_ensure(f.e, at(&f, "odd"), "user", "1", NULL, NULL, &err), -ENOTSUP,
	        &err, "only merge keys");
	refused(vakt_yedit_ensure(f.e, at(&f, "flow"), "user", "1", NULL, NULL, &err), -ENOTSUP,
	        &err, "flow mapping with a merge key");
	refused(vakt_yedit_ensure(f.e, at(&f, "m"), "tmpfs", "[/tmp]", NULL, NULL, &err), -EEXIST,
	        &err, "merged in ('<<') holds a scalar");
	refused(vakt_yedit_ensure(f.e, at(&f, "m"), "t", "z", NULL, NULL, &err), -ENOTSUP, &err,
	        "not plain data");
	/* The merged nodes are the anchor's: never edited. */
	refused(vakt_yedit_set_scalar(f.e, at(&f, "m.tmpfs"), "/x", true, NULL, NULL, &err),
	        -ENOTSUP, &err, "several paths");
	/* The mapping's own keys are edited as in any mapping. */
	set(&f, at(&f, "m.image"), "y", true);
	assert_int_equal(vakt_yedit_finish(f.e, &f.edits, &err), 1);
	yfx_close(&f);
	/* A merged null is replaced like a missing key. */
	open_ok(&f, "b: &b {tmpfs: ~}\nm:\n  <<: *b\n  image: x\n");
	ensure(&f, "m", "tmpfs", "[/tmp]");
	{
		char *got = yfx_apply(&f);

		assert_string_equal(got, "b: &b {tmpfs: ~}\nm:\n  <<: *b\n  image: x\n  tmpfs:\n"
		                         "  - /tmp\n");
		free(got);
	}
	yfx_close(&f);
}

static void op_lone(struct yfx *f)
{
	ensure(f, "s.a", "user", "'1:1'");
	ensure(f, "s.b", "cap_drop", "[ALL]");
	ensure(f, "s.c", "read_only", "true");
	ensure(f, "s.d", "read_only", "true");
}

static void test_merge_only(void **state)
{
	(void)state;
	/* Services holding nothing but `<<: *x`: keys go after that line. */
	run("x: &x {image: i, cap_drop: [NET_RAW]}\ny: &y {restart: always}\ns:\n"
	    "  a:\n    <<: *x   # the common block\n\n  b:\n    <<: [ *x, *y ]\n"
	    "  c:\r\n    <<: *y\r\n  d:\n    <<: *x",
	    op_lone,
	    "x: &x {image: i, cap_drop: [NET_RAW]}\ny: &y {restart: always}\ns:\n"
	    "  a:\n    <<: *x   # the common block\n    user: \"1:1\"\n\n  b:\n"
	    "    <<: [ *x, *y ]\n    cap_drop:\n    - NET_RAW\n    - ALL\n"
	    "  c:\r\n    <<: *y\r\n    read_only: true\n  d:\n    <<: *x\n    read_only: true");
}

static void op_set_value(struct yfx *f)
{
	struct vakt_error *err = NULL;

	ok(vakt_yedit_set_value(f->e, at(f, "tmpfs"), "[/run, /tmp]", NULL, NULL, &err), err);
}

static void test_set_value(void **state)
{
	struct vakt_error *err = NULL;
	struct yfx f;

	(void)state;
	run("tmpfs: /run  # scratch\nx: 1\n", op_set_value,
	    "tmpfs: [/run, /tmp]  # scratch\nx: 1\n");
	run("tmpfs: \"/run\"\n", op_set_value, "tmpfs: [/run, /tmp]\n");
	open_ok(&f, "tmpfs: /run\n");
	refused(vakt_yedit_set_value(f.e, at(&f, "tmpfs"), "[a", NULL, NULL, &err), -EINVAL, &err,
	        "not plain YAML");
	yfx_close(&f);
	open_ok(&f, "tmpfs: [/run]\n");
	refused(vakt_yedit_set_value(f.e, at(&f, "tmpfs"), "[/run, /tmp]", NULL, NULL, &err),
	        -EEXIST, &err, "expected a scalar");
	yfx_close(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_merge_add),     cmocka_unit_test(test_merge_inline),
	    cmocka_unit_test(test_merge_refused), cmocka_unit_test(test_merge_only),
	    cmocka_unit_test(test_set_value),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
