/* SPDX-License-Identifier: MIT */
/* The filesystem view: whiteouts, opaque directories, links, provenance, ceilings. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include "image/img-model.h"
#include "image/img-priv.h"

static void add(struct img_view *v, int layer, const char *path, enum img_type t, const char *link)
{
	struct img_entry e = {.path = path,
	                      .type = t,
	                      .mode = t == IMG_T_DIR ? 0755 : 0644,
	                      .layer = layer,
	                      .link = link};
	struct vakt_error *err = NULL;

	assert_int_equal(img_view_apply(v, &e, &err), 0);
	assert_null(err);
}

static void file(struct img_view *v, int layer, const char *path)
{
	add(v, layer, path, IMG_T_FILE, NULL);
}

static void dir(struct img_view *v, int layer, const char *path)
{
	add(v, layer, path, IMG_T_DIR, NULL);
}

static void whiteout(struct img_view *v, int layer, const char *path)
{
	struct img_entry e = {.path = path, .layer = layer, .whiteout = true};

	assert_int_equal(img_view_apply(v, &e, NULL), 0);
}

static void opaque(struct img_view *v, int layer, const char *path)
{
	struct img_entry e = {.path = path, .type = IMG_T_DIR, .layer = layer, .opaque = true};

	assert_int_equal(img_view_apply(v, &e, NULL), 0);
}

static bool present(struct img_view *v, const char *path)
{
	long id = img_view_lookup(v, path);
	struct img_node_info in;

	if (id < 0)
		return false;
	img_view_info(v, id, &in);
	return in.removed < 0;
}

static void test_whiteout_removes_lower_subtree(void **state)
{
	struct img_view *v = img_view_new();
	struct img_node_info in;

	(void)state;
	dir(v, 0, "etc");
	dir(v, 0, "etc/apt");
	file(v, 0, "etc/apt/sources.list");
	file(v, 0, "etc/hosts");
	whiteout(v, 1, "etc/apt");
	assert_false(present(v, "etc/apt"));
	assert_false(present(v, "etc/apt/sources.list"));
	assert_true(present(v, "etc/hosts"));
	img_view_info(v, img_view_lookup(v, "etc/apt/sources.list"), &in);
	assert_int_equal(in.removed, 1);
	assert_int_equal(in.added, 0);
	/* A whiteout of something that is not there is nothing. */
	whiteout(v, 1, "nope/missing");
	assert_int_equal(img_view_present(v), 2);
	img_view_free(v);
}

static void test_whiteout_spares_same_layer(void **state)
{
	struct img_view *v = img_view_new();

	(void)state;
	/* Entry before its whiteout, in the same layer: the layer's own file stays. */
	file(v, 0, "a");
	file(v, 1, "a");
	whiteout(v, 1, "a");
	assert_true(present(v, "a"));
	/* Whiteout first, then the entry: same result. */
	file(v, 0, "b");
	whiteout(v, 1, "b");
	file(v, 1, "b");
	assert_true(present(v, "b"));
	/* A directory re-created by the layer keeps its new children, loses the lower ones. */
	dir(v, 0, "d");
	file(v, 0, "d/lower");
	file(v, 1, "d/upper");
	whiteout(v, 1, "d");
	assert_true(present(v, "d"));
	assert_true(present(v, "d/upper"));
	assert_false(present(v, "d/lower"));
	img_view_free(v);
}

static void test_opaque(void **state)
{
	struct img_view *v = img_view_new();

	(void)state;
	dir(v, 0, "etc/apt");
	file(v, 0, "etc/apt/sources.list");
	dir(v, 0, "etc/apt/sub");
	file(v, 0, "etc/apt/sub/old");
	/* The layer lists sub again, then the marker, then a new file: order must not matter. */
	dir(v, 1, "etc/apt/sub");
	file(v, 1, "etc/apt/new-before");
	opaque(v, 1, "etc/apt");
	file(v, 1, "etc/apt/only-file");
	assert_true(present(v, "etc/apt"));
	assert_false(present(v, "etc/apt/sources.list"));
	assert_true(present(v, "etc/apt/sub"));
	assert_false(present(v, "etc/apt/sub/old"));
	assert_true(present(v, "etc/apt/new-before"));
	assert_true(present(v, "etc/apt/only-file"));
	/* The next layer's opaque marker hides layer 1's files too. */
	opaque(v, 2, "etc/apt");
	assert_false(present(v, "etc/apt/only-file"));
	assert_true(present(v, "etc/apt"));
	img_view_free(v);
}

static void test_replace_and_provenance(void **state)
{
	struct img_view *v = img_view_new();
	struct img_node_info in;

	(void)state;
	dir(v, 0, "opt");
	file(v, 0, "opt/x/y");
	/* A file over a directory replaces the whole subtree. */
	file(v, 1, "opt/x");
	assert_false(present(v, "opt/x/y"));
	img_view_info(v, img_view_lookup(v, "opt/x"), &in);
	assert_int_equal(in.type, IMG_T_FILE);
	assert_int_equal(in.added, 1);
	/* A directory over a directory changes attributes only. */
	dir(v, 2, "opt");
	img_view_info(v, img_view_lookup(v, "opt"), &in);
	assert_int_equal(in.added, 0);
	assert_int_equal(in.changed, 2);
	assert_true(present(v, "opt/x"));
	/* Parents created for an entry are implicit. */
	img_view_info(v, img_view_lookup(v, "opt"), &in);
	assert_false(in.implicit);
	file(v, 3, "deep/er/file");
	img_view_info(v, img_view_lookup(v, "deep/er"), &in);
	assert_true(in.implicit);
	img_view_free(v);
}

static void test_links(void **state)
{
	struct img_view *v = img_view_new();
	struct vakt_buf b = VAKT_BUF_INIT;
	long id;
	size_t len = 0;

	(void)state;
	file(v, 0, "usr/lib/os-release");
	add(v, 0, "etc/os-release", IMG_T_SYMLINK, "../usr/lib/os-release");
	add(v, 0, "abs", IMG_T_SYMLINK, "/usr/lib/os-release");
	add(v, 0, "up", IMG_T_SYMLINK, "../../../../usr/lib/os-release");
	add(v, 0, "loop1", IMG_T_SYMLINK, "loop2");
	add(v, 0, "loop2", IMG_T_SYMLINK, "loop1");
	add(v, 0, "hard", IMG_T_HARDLINK, "usr/lib/os-release");
	id = img_view_lookup(v, "usr/lib/os-release");
	assert_int_equal(img_view_resolve(v, "etc/os-release"), id);
	assert_int_equal(img_view_resolve(v, "abs"), id);
	/* ".." stops at the image root: never the host's. */
	assert_int_equal(img_view_resolve(v, "up"), id);
	assert_int_equal(img_view_resolve(v, "hard"), id);
	assert_int_equal(img_view_resolve(v, "loop1"), -ELOOP);
	assert_int_equal(img_view_resolve(v, "missing"), -ENOENT);
	assert_int_equal(img_view_resolve(v, "usr/lib/os-release/x"), -ENOTDIR);
	/* Kept content is found through links. */
	assert_int_equal(img_view_keep(v, id, vakt_xstrdup("ID=debian\n"), 10), 0);
	assert_non_null(img_view_kept(v, "etc/os-release", &len));
	assert_int_equal(len, 10);
	/* A usr-merged /lib: an entry under the link lands in the target directory. */
	dir(v, 0, "usr/lib64");
	add(v, 0, "lib64", IMG_T_SYMLINK, "usr/lib64");
	file(v, 1, "lib64/ld.so");
	assert_true(present(v, "usr/lib64/ld.so"));
	img_view_path(v, img_view_resolve(v, "lib64/ld.so"), &b);
	assert_string_equal(vakt_buf_str(&b), "usr/lib64/ld.so");
	vakt_buf_release(&b);
	img_view_free(v);
}

static void test_hop_ceiling(void **state)
{
	struct img_view *v = img_view_new();
	char name[32], target[32];

	(void)state;
	/* A chain of IMG_MAX_SYMLINK_HOPS links resolves; one more does not. */
	file(v, 0, "l0");
	for (int i = 1; i <= IMG_MAX_SYMLINK_HOPS + 1; i++) {
		snprintf(name, sizeof(name), "l%d", i);
		snprintf(target, sizeof(target), "l%d", i - 1);
		add(v, 0, name, IMG_T_SYMLINK, target);
	}
	snprintf(name, sizeof(name), "l%d", IMG_MAX_SYMLINK_HOPS);
	assert_true(img_view_resolve(v, name) > 0);
	snprintf(name, sizeof(name), "l%d", IMG_MAX_SYMLINK_HOPS + 1);
	assert_int_equal(img_view_resolve(v, name), -ELOOP);
	img_view_free(v);
}

static void test_depth_ceiling(void **state)
{
	struct img_view *v = img_view_new();
	struct vakt_buf p = VAKT_BUF_INIT;
	struct vakt_error *err = NULL;
	struct img_entry e = {.type = IMG_T_FILE, .mode = 0644};

	(void)state;
	for (int i = 0; i < IMG_MAX_DEPTH; i++)
		vakt_buf_adds(&p, "d/");
	vakt_buf_adds(&p, "f");
	e.path = vakt_buf_str(&p);
	assert_int_equal(img_view_apply(v, &e, &err), 0);
	vakt_buf_reset(&p);
	for (int i = 0; i < IMG_MAX_DEPTH + 1; i++)
		vakt_buf_adds(&p, "d/");
	vakt_buf_adds(&p, "f");
	e.path = vakt_buf_str(&p);
	assert_int_equal(img_view_apply(v, &e, &err), -EFBIG);
	assert_non_null(err);
	vakt_error_free(err);
	vakt_buf_release(&p);
	img_view_free(v);
}

static void test_keep_ceiling(void **state)
{
	struct img_view *v = img_view_new();
	long id;

	(void)state;
	file(v, 0, "big");
	id = img_view_lookup(v, "big");
	/* Beyond IMG_MAX_KEPT_FILE the content is refused (and freed), not kept. */
	assert_int_equal(img_view_keep(v, id, vakt_xmalloc(1), (size_t)IMG_MAX_KEPT_FILE + 1),
	                 -EFBIG);
	/*
	 * All kept files together: two of IMG_MAX_KEPT_FILE fill IMG_MAX_KEPT_BYTES, one
	 * byte more is refused. (The view only counts lengths; the buffers are small
	 * because nothing here reads them.)
	 */
	file(v, 0, "b");
	file(v, 0, "c");
	assert_int_equal(IMG_MAX_KEPT_BYTES, 2 * IMG_MAX_KEPT_FILE);
	assert_int_equal(img_view_keep(v, id, vakt_xmalloc(1), IMG_MAX_KEPT_FILE), 0);
	assert_int_equal(
	    img_view_keep(v, img_view_lookup(v, "b"), vakt_xmalloc(1), IMG_MAX_KEPT_FILE), 0);
	assert_int_equal(img_view_keep(v, img_view_lookup(v, "c"), vakt_xmalloc(1), 1), -EFBIG);
	/* Replacing a kept file gives its bytes back. */
	assert_int_equal(img_view_keep(v, id, vakt_xmalloc(1), 1), 0);
	assert_int_equal(img_view_keep(v, img_view_lookup(v, "c"), vakt_xmalloc(1), 1), 0);
	img_view_free(v);
}

static void test_normalise(void **state)
{
	static const struct {
		const char *raw, *want;
		bool escapes;
	} cases[] = {
	    {"./etc/passwd", "etc/passwd", false},      {"/etc//passwd", "etc/passwd", false},
	    {"etc/./apt/../hosts", "etc/hosts", false}, {"./", "", false},
	    {"../../etc/shadow", "etc/shadow", true},   {"a/../../b", "b", true},
	};
	struct vakt_buf b = VAKT_BUF_INIT;
	char *longname = vakt_xmalloc(IMG_MAX_NAME_BYTES + 2);
	bool esc;

	(void)state;
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(cases); i++) {
		assert_int_equal(img_path_normalise(cases[i].raw, &b, &esc), 0);
		assert_string_equal(vakt_buf_str(&b), cases[i].want);
		assert_int_equal(esc, cases[i].escapes);
	}
	memset(longname, 'a', IMG_MAX_NAME_BYTES + 1);
	longname[IMG_MAX_NAME_BYTES + 1] = '\0';
	assert_int_equal(img_path_normalise(longname, &b, &esc), -ENAMETOOLONG);
	longname[IMG_MAX_NAME_BYTES] = '\0';
	assert_int_equal(img_path_normalise(longname, &b, &esc), 0);
	free(longname);
	vakt_buf_release(&b);
}

static void test_digest_valid(void **state)
{
	char *d = img_sha256_of("", 0);

	(void)state;
	assert_string_equal(
	    d, "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	assert_true(img_digest_valid(d));
	assert_false(img_digest_valid("sha256:../../etc/passwd"));
	assert_false(img_digest_valid("sha512:e3b0"));
	assert_false(img_digest_valid(NULL));
	free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_whiteout_removes_lower_subtree),
	    cmocka_unit_test(test_whiteout_spares_same_layer),
	    cmocka_unit_test(test_opaque),
	    cmocka_unit_test(test_replace_and_provenance),
	    cmocka_unit_test(test_links),
	    cmocka_unit_test(test_hop_ceiling),
	    cmocka_unit_test(test_depth_ceiling),
	    cmocka_unit_test(test_keep_ceiling),
	    cmocka_unit_test(test_normalise),
	    cmocka_unit_test(test_digest_valid),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
