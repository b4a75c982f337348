/* SPDX-License-Identifier: MIT */
/*
 * core/yaml-edit: what the editor refuses, and why (aliases, merge keys,
 * tags, complex and explicit keys, tabs, line breaks, text that is not
 * UTF-8, values of another kind or not data), and its last check of the
 * edited text. (test-yaml-edit.c has the operations.)
 */
#include "yaml-edit-test.h"

static void op_add_t(struct yfx *f)
{
	ensure_path(f, root(f, 0), "a.t", "1");
}

static void test_refuse_aliases(void **state)
{
	struct vakt_error *err = NULL;
	struct yfx f;
	size_t off, end;

	(void)state;
	open_ok(&f, "base: &b {runAsNonRoot: false}\nx: {securityContext: *b, name: x}\n"
	            "y: {securityContext: *b}\nl:\n- *b\n");
	refused(vakt_yedit_ensure_path(f.e, root(&f, 0), "x.securityContext.runAsNonRoot", "true",
	                               NULL, NULL, &err),
	        -ENOTSUP, &err, "several paths");
	refused(vakt_yedit_set_scalar(f.e, at(&f, "base.runAsNonRoot"), "true", false, NULL, NULL,
	                              &err),
	        -ENOTSUP, &err, "several paths");
	/* The mapping holding the alias is not shared: a new key is fine. */
	ensure_path(&f, at(&f, "x"), "z", "1");
	/* Where an alias ends a collection, its end is not known. */
	refused(vakt_yedit_ensure(f.e, at(&f, "y"), "z", "1", NULL, NULL, &err), -ENOTSUP, &err,
	        "ends with an alias");
	refused(vakt_yedit_append(f.e, at(&f, "l"), "z", NULL, NULL, &err), -ENOTSUP, &err,
	        "ends with an alias");
	refused(vakt_yedit_ensure(f.e, root(&f, 0), "z", "1", NULL, NULL, &err), -ENOTSUP, &err,
	        "ends with an alias");
	refused(vakt_yedit_span(f.e, root(&f, 0), &off, &end, &err), -ENOTSUP, &err,
	        "ends with an alias");
	yfx_close(&f);

	/*
	 * A merge source: its keys are shared, and so is the mapping (what it
	 * holds, b merges), an empty one too; a first key's anchor is the key's.
	 */
	open_ok(&f, "&k c: {d: 1}\ne: *k\nbase: &base {a: 1}\nnone: &none {}\n"
	            "b: {<<: [*base, *none]}\nf: 1\n");
	refused(vakt_yedit_ensure(f.e, at(&f, "base"), "x", "1", NULL, NULL, &err), -ENOTSUP, &err,
	        "several paths");
	refused(vakt_yedit_ensure(f.e, at(&f, "none"), "x", "1", NULL, NULL, &err), -ENOTSUP, &err,
	        "several paths");
	ensure_path(&f, root(&f, 0), "z", "1");
	yfx_close(&f);

	/* An anchor without aliases shares nothing. */
	run("a: &b {k: 1}\n", op_add_t, "a: &b {k: 1, t: 1}\n");
}

/* vakt_yedit_check() says beforehand what ensure and append would refuse, and changes nothing. */
static void test_check_first(void **state)
{
	struct vakt_error *err = NULL;
	struct yfx f;

	(void)state;
	open_ok(&f, "m:\n  a: 1\nl:\n- x\n-\nok: [1]\nt: !!map {a: 1}\nn:\ns: &s {a: 1}\nu: *s\n");
	assert_int_equal(vakt_yedit_check(f.e, at(&f, "m"), &err), 0);
	assert_int_equal(vakt_yedit_check(f.e, at(&f, "ok"), &err), 0);
	assert_int_equal(vakt_yedit_check(f.e, at(&f, "n"), &err), 0);
	assert_int_equal(vakt_yedit_check(f.e, NULL, &err), 0);
	refused(vakt_yedit_check(f.e, at(&f, "l"), &err), -ENOTSUP, &err, "last item is empty");
	refused(vakt_yedit_append(f.e, at(&f, "l"), "y", NULL, NULL, &err), -ENOTSUP, &err,
	        "last item is empty");
	refused(vakt_yedit_check(f.e, at(&f, "t"), &err), -ENOTSUP, &err, "tag");
	refused(vakt_yedit_check(f.e, at(&f, "s"), &err), -ENOTSUP, &err, "several paths");
	assert_null(err);
	yfx_close(&f);
}

static void test_refuse_merge_tag_complex(void **state)
{
	struct vakt_error *err = NULL;
	struct yfx f;

	(void)state;
	open_ok(&f, "base: &b {k: 1}\nm:\n  <<:\n  - *b\nt: !custom x\n? [a]\n: b\n");
	refused(vakt_yedit_ensure(f.e, at(&f, "m"), "z", "1", NULL, NULL, &err), -ENOTSUP, &err,
	        "merge key");
	refused(vakt_yedit_set_scalar(f.e, at(&f, "t"), "y", true, NULL, NULL, &err), -ENOTSUP,
	        &err, "tag");
	refused(vakt_yedit_ensure(f.e, root(&f, 0), "z", "1", NULL, NULL, &err), -ENOTSUP, &err,
	        "complex key");
	yfx_close(&f);

	/* A merge of a mapping written in place: no alias, the keys still come from elsewhere. */
	open_ok(&f, "m:\n  <<:\n    a: 1\nn:\n  x: 1\n  m:\n    <<: {b: 2}\n");
	assert_true(at(&f, "m")->merged);
	assert_false(at(&f, "n")->merged);
	{
		struct vakt_yaml_stream *dst = vakt_yaml_stream_new("in.yaml", 0);

		assert_true(vakt_yaml_copy(dst, at(&f, "m"), false, NULL, NULL)->merged);
		vakt_yaml_free(dst);
	}
	refused(vakt_yedit_ensure(f.e, at(&f, "m"), "z", "1", NULL, NULL, &err), -ENOTSUP, &err,
	        "merge key");
	refused(vakt_yedit_ensure(f.e, at(&f, "n"), "z", "1", NULL, NULL, &err), -ENOTSUP, &err,
	        "ends with an alias or a merge key");
	yfx_close(&f);

	open_ok(&f, "? a\n: b\n");
	refused(vakt_yedit_ensure(f.e, root(&f, 0), "z", "1", NULL, NULL, &err), -ENOTSUP, &err,
	        "explicit");
	yfx_close(&f);

	/* The `?` on a line before its key, a comment between. */
	open_ok(&f, "x: 1\n? # the key\n  a\n: b\n");
	refused(vakt_yedit_ensure(f.e, root(&f, 0), "z", "1", NULL, NULL, &err), -ENOTSUP, &err,
	        "explicit");
	yfx_close(&f);

	/* An explicit key without a value: libyaml places the value at the next token. */
	open_ok(&f, "a:\n  b: 1\n  ? c\n");
	refused(vakt_yedit_ensure(f.e, root(&f, 0), "z", "1", NULL, NULL, &err), -ENOTSUP, &err,
	        "place is not known");
	yfx_close(&f);

	open_ok(&f, "{a: 1, b: }\n");
	refused(vakt_yedit_ensure(f.e, root(&f, 0), "z", "1", NULL, NULL, &err), -ENOTSUP, &err,
	        "last value is empty");
	yfx_close(&f);

	open_ok(&f, "[\nt:b: , a: 1]\n");
	refused(vakt_yedit_ensure(f.e, root(&f, 0)->items[0], "k", "1", NULL, NULL, &err), -ENOTSUP,
	        &err, "single-pair");
	set(&f, vakt_yaml_get(root(&f, 0)->items[1], "a"), "2", false);
	yfx_close(&f);

	open_ok(&f, "- a\n-\n");
	refused(vakt_yedit_append(f.e, root(&f, 0), "z", NULL, NULL, &err), -ENOTSUP, &err,
	        "last item is empty");
	yfx_close(&f);
}

/* A tab indenting the blank lines after a plain scalar is read as part of the scalar only. */
static void test_refuse_tabs(void **state)
{
	struct vakt_error *err = NULL;
	struct yfx f;

	(void)state;
	open_ok(&f, "c: [1]\t\nb: x\n \t\n");
	refused(vakt_yedit_set_scalar(f.e, at(&f, "b"), "y, z", true, NULL, NULL, &err), -ENOTSUP,
	        &err, "a tab");
	refused(vakt_yedit_ensure(f.e, root(&f, 0), "k", "{}", NULL, NULL, &err), -ENOTSUP, &err,
	        "a tab");
	/* A tab after the token on its line is fine. */
	set(&f, at(&f, "c")->items[0], "2", false);
	yfx_close(&f);
	open_ok(&f, "l:\n- x\n  \t\n");
	refused(vakt_yedit_append(f.e, at(&f, "l"), "{}", NULL, NULL, &err), -ENOTSUP, &err,
	        "a tab");
	refused(vakt_yedit_ensure(f.e, root(&f, 0), "k", "1", NULL, NULL, &err), -ENOTSUP, &err,
	        "a tab");
	yfx_close(&f);
	/* A block scalar at its key's column: a quoted one there would read as a key. */
	open_ok(&f, "k:\n  s:\n  |\n    text\n");
	refused(vakt_yedit_set_scalar(f.e, at(&f, "k.s"), "t", true, NULL, NULL, &err), -ENOTSUP,
	        &err, "line of its own");
	yfx_close(&f);
	open_ok(&f, "a: ~\n \t\n");
	refused(vakt_yedit_ensure(f.e, root(&f, 0), "a", "{b: 1}", NULL, NULL, &err), -ENOTSUP,
	        &err, "a tab");
	yfx_close(&f);
}

static void test_refuse_line_breaks(void **state)
{
	struct vakt_source *nul = vakt_source_from_mem("in.yaml", "a: 1\n\0", 6);
	struct vakt_yaml_stream *one = NULL;
	struct vakt_yedit *ed = NULL;
	static const char *const texts[] = {
	    "a: 1\rb: 2\n", "a: \"x\xc2\x85y\"\n",       "a: x\xe2\x80\xa8y\n", "a: 1\n\r",
	    "\xff\xfe",     "a: 1\n\xEF\xBB\xBF\nb: 2\n"};
	struct vakt_error *err = NULL;

	(void)state;
	/* A NUL byte: not text (libyaml may stop before it). */
	ok(vakt_yaml_parse("in.yaml", "a: 1\n", 5, &one, &err), err);
	refused(vakt_yedit_new(nul, one, &ed, &err), -ENOTSUP, &err, "not UTF-8");
	vakt_yaml_free(one);
	vakt_source_free(nul);
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(texts); i++) {
		struct vakt_source *src =
		    vakt_source_from_mem("in.yaml", texts[i], strlen(texts[i]));
		struct vakt_yaml_stream *s = NULL;
		struct vakt_yedit *e = (struct vakt_yedit *)&e;

		vakt_yaml_parse("in.yaml", texts[i], strlen(texts[i]), &s, &err);
		vakt_error_free(err);
		err = NULL;
		refused(vakt_yedit_new(src, s, &e, &err), -ENOTSUP, &err,
		        i < 4   ? "line break"
		        : i < 5 ? "not UTF-8"
		                : "byte-order mark inside");
		assert_null(e);
		vakt_yaml_free(s);
		vakt_source_free(src);
	}
}

static void test_refuse_values(void **state)
{
	struct vakt_error *err = NULL;
	struct yfx f;
	struct vakt_buf deep = VAKT_BUF_INIT;

	(void)state;
	open_ok(&f, "a: [1]\nb: x\nn: ~\n");
	refused(vakt_yedit_ensure_path(f.e, root(&f, 0), "a.b", "[", NULL, NULL, &err), -EINVAL,
	        &err, "not plain YAML data");
	refused(vakt_yedit_append(f.e, at(&f, "a"), "[", NULL, NULL, &err), -EINVAL, &err,
	        "not plain YAML data");
	refused(vakt_yedit_ensure_path(f.e, root(&f, 0), "a..b", "1", NULL, NULL, &err), -EINVAL,
	        &err, "a path of keys");
	refused(vakt_yedit_ensure_path(f.e, root(&f, 0), "", "1", NULL, NULL, &err), -EINVAL, &err,
	        "a path of keys");
	for (int i = 0; i < VAKT_YAML_MAX_DEPTH; i++)
		vakt_buf_adds(&deep, "k.");
	vakt_buf_adds(&deep, "k");
	refused(vakt_yedit_ensure_path(f.e, root(&f, 0), deep.data, "1", NULL, NULL, &err), -EINVAL,
	        &err, "a path of keys");
	vakt_buf_release(&deep);
	refused(vakt_yedit_ensure(f.e, root(&f, 0), "a", "{b: 1}", NULL, NULL, &err), -EEXIST, &err,
	        "holds a sequence, not a mapping");
	refused(vakt_yedit_ensure(f.e, root(&f, 0), "a", "{", NULL, NULL, &err), -EINVAL, &err,
	        "not plain YAML data");
	refused(vakt_yedit_ensure(f.e, root(&f, 0), "a", "&x [*x]", NULL, NULL, &err), -EINVAL,
	        &err, "not plain YAML data");
	refused(vakt_yedit_ensure_path(f.e, root(&f, 0), "b.c", "1", NULL, NULL, &err), -EEXIST,
	        &err, "holds a scalar, not a mapping");
	refused(vakt_yedit_append(f.e, at(&f, "b"), "1", NULL, NULL, &err), -EEXIST, &err,
	        "expected a sequence");
	refused(vakt_yedit_ensure(f.e, at(&f, "a"), "k", "1", NULL, NULL, &err), -EEXIST, &err,
	        "expected a mapping");
	refused(vakt_yedit_set_scalar(f.e, at(&f, "a"), "1", false, NULL, NULL, &err), -EEXIST,
	        &err, "expected a scalar");
	/* A new key given a mapping then a scalar; a null given a mapping then a scalar. */
	ok(vakt_yedit_ensure(f.e, root(&f, 0), "m", "{a: 1}", NULL, NULL, &err), err);
	refused(vakt_yedit_ensure(f.e, root(&f, 0), "m", "2", NULL, NULL, &err), -EEXIST, &err,
	        "different kinds");
	ok(vakt_yedit_ensure(f.e, root(&f, 0), "n", "{a: 1}", NULL, NULL, &err), err);
	refused(vakt_yedit_ensure(f.e, root(&f, 0), "n", "2", NULL, NULL, &err), -EEXIST, &err,
	        "expected a scalar");
	ok(vakt_yedit_ensure(f.e, root(&f, 0), "n", "{b: [x]}", NULL, NULL, &err), err);
	refused(vakt_yedit_ensure(f.e, root(&f, 0), "n", "{b: {c: 1}}", NULL, NULL, &err), -EEXIST,
	        &err, "different kinds");
	yfx_close(&f);
}

/*
 * The last guard: edits whose text would not parse are not given. Reached
 * here by a misuse (a tree that is not the source's); a text that did not
 * parse in the first place is not judged.
 */
static void test_finish_guard(void **state)
{
	static const char tree[] = "a:\n  x: 1\n", text[] = "a: [1,\n  2, 3]\n";
	struct vakt_source *src = vakt_source_from_mem("in.yaml", text, strlen(text));
	struct vakt_yaml_stream *s = NULL;
	struct vakt_error *err = NULL;
	struct vakt_edits edits = {0};
	struct vakt_yedit *e;
	struct yfx f;
	char *got;

	(void)state;
	ok(vakt_yaml_parse("in.yaml", tree, strlen(tree), &s, &err), err);
	ok(vakt_yedit_new(src, s, &e, &err), err);
	ok(vakt_yedit_ensure(e, vakt_yaml_get(s->docs[0].root, "a"), "k", "1", NULL, NULL, &err),
	   err);
	refused(vakt_yedit_finish(e, &edits, &err), -EPROTO, &err, "would not be valid YAML");
	assert_int_equal(edits.n, 0);
	vakt_yedit_free(e);
	vakt_yaml_free(s);
	vakt_source_free(src);

	/* The first document parsed, the second did not: the edit of the first is given. */
	assert_false(yfx_try_open(&f, "a: 1\n---\nb: [\n", 14));
	ok(vakt_yedit_new(f.src, f.s, &f.e, &err), err);
	ok(vakt_yedit_ensure(f.e, root(&f, 0), "k", "1", NULL, NULL, &err), err);
	got = yfx_apply(&f);
	assert_string_equal(got, "a: 1\nk: 1\n---\nb: [\n");
	free(got);
	yfx_close(&f);
}

/* A value text that is not plain data. */
static void test_value_not_data(void **state)
{
	static const char *const values[] = {"!!str x", "{[a]: 1}", "{!t k: 1}", "[!t x]",
	                                     "a\n---\nb"};
	struct vakt_error *err = NULL;
	struct yfx f;

	(void)state;
	open_ok(&f, "a: 1\n");
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(values); i++)
		refused(vakt_yedit_ensure(f.e, root(&f, 0), "k", values[i], NULL, NULL, &err),
		        -EINVAL, &err, "not plain YAML data");
	refused(vakt_yedit_ensure(f.e, root(&f, 0), "a", "{b: 1}", NULL, NULL, &err), -EEXIST, &err,
	        "holds a scalar");
	yfx_close(&f);

	/* Merging into a mapping stops at the first value of another kind. */
	open_ok(&f, "a:\n  b: x\n");
	refused(vakt_yedit_ensure(f.e, root(&f, 0), "a", "{b: {c: 1}}", NULL, NULL, &err), -EEXIST,
	        &err, "'b' holds a scalar");
	yfx_close(&f);

	/* An explicit key's missing value is not where a value could go. */
	open_ok(&f, "? a\n");
	refused(
	    vakt_yedit_set_scalar(f.e, root(&f, 0)->pairs[0].value, "v", true, NULL, NULL, &err),
	    -ENOTSUP, &err, "cannot place a value");
	yfx_close(&f);
}

/* A packed source, and a tree that is not the source's: its positions are not in the text. */
static void test_bad_sources(void **state)
{
	static const char tree[] = "a:\n  x: 1\nb: [1, 2]\n";
	struct vakt_source *src = vakt_source_from_mem("in.yaml", "a:\n", 3);
	struct vakt_yaml_stream *s = NULL;
	struct vakt_error *err = NULL;
	struct vakt_yedit *e = NULL;
	size_t off, end;

	(void)state;
	ok(vakt_yaml_parse("in.yaml", tree, strlen(tree), &s, &err), err);
	ok(vakt_yedit_new(src, s, &e, &err), err);
	refused(vakt_yedit_span(e, vakt_yaml_path(s->docs[0].root, "a.x"), &off, &end, &err),
	        -EINVAL, &err, "not in the text");
	refused(vakt_yedit_pair_span(e, s->docs[0].root, 1, &off, &end, &err), -EINVAL, &err,
	        "not in the text");
	refused(
	    vakt_yedit_ensure(e, vakt_yaml_get(s->docs[0].root, "a"), "k", "1", NULL, NULL, &err),
	    -EINVAL, &err, "not in the text");
	refused(vakt_yedit_set_scalar(e, vakt_yaml_path(s->docs[0].root, "a.x"), "2", false, NULL,
	                              NULL, &err),
	        -EINVAL, &err, "not in the text");
	refused(vakt_yedit_append(e, vakt_yaml_get(s->docs[0].root, "b"), "3", NULL, NULL, &err),
	        -EINVAL, &err, "not in the text");
	vakt_yedit_free(e);
	vakt_source_pack(src);
	refused(vakt_yedit_new(src, s, &e, &err), -EINVAL, &err, "packed");
	vakt_yaml_free(s);
	vakt_source_free(src);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_refuse_aliases),
	    cmocka_unit_test(test_check_first),
	    cmocka_unit_test(test_refuse_merge_tag_complex),
	    cmocka_unit_test(test_refuse_tabs),
	    cmocka_unit_test(test_refuse_line_breaks),
	    cmocka_unit_test(test_refuse_values),
	    cmocka_unit_test(test_finish_guard),
	    cmocka_unit_test(test_value_not_data),
	    cmocka_unit_test(test_bad_sources),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
