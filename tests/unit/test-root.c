/* SPDX-License-Identifier: MIT */
/* Files beneath an untrusted root (root.c): symlinks stay inside, ceilings hold. */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "core/util.h"
#include "core/root.h"

static char tmpl[64];

static void put(const char *rel, const char *text)
{
	char *p = vakt_xasprintf("%s/%s", tmpl, rel);
	FILE *f = fopen(p, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	free(p);
}

static void mk(const char *rel)
{
	char *p = vakt_xasprintf("%s/%s", tmpl, rel);

	assert_int_equal(mkdir(p, 0755), 0);
	free(p);
}

static void link_to(const char *target, const char *rel)
{
	char *p = vakt_xasprintf("%s/%s", tmpl, rel);

	assert_int_equal(symlink(target, p), 0);
	free(p);
}

/*
 * ROOT/etc/passwd -> /etc/real (absolute), ROOT/etc/up -> ../../../../etc/real,
 * ROOT/lnk -> etc (a symlinked directory), ROOT/fifo, ROOT/big.
 */
static int setup(void **state)
{
	char *p;

	snprintf(tmpl, sizeof(tmpl), "/tmp/vakt-rt-root-XXXXXX");
	assert_non_null(mkdtemp(tmpl));
	mk("etc");
	put("etc/real", "inside\n");
	link_to("/etc/real", "etc/passwd");
	link_to("../../../../etc/real", "etc/up");
	link_to("etc", "lnk");
	link_to("/proc/self/status", "etc/magic");
	p = vakt_xasprintf("%s/fifo", tmpl);
	assert_int_equal(mkfifo(p, 0600), 0);
	free(p);
	put("big", "0123456789");
	return 0;
}

static int teardown(void **state)
{
	char *cmd = vakt_xasprintf("rm -rf '%s'", tmpl);

	assert_int_equal(system(cmd), 0);
	free(cmd);
	vakt_root_force_fallback(false);
	return 0;
}

static int read_rel(const char *rel, size_t max, char **text, struct vakt_error **err)
{
	struct vakt_root r;
	size_t len;
	int rc;

	assert_int_equal(vakt_root_open(&r, tmpl, NULL), 0);
	rc = vakt_root_read(&r, rel, max, text, &len, NULL, err);
	if (rc == 0)
		assert_int_equal(len, strlen(*text));
	vakt_root_close(&r);
	return rc;
}

static void test_inside(void **state)
{
	char *text = NULL;

	vakt_root_force_fallback(false);
	assert_int_equal(read_rel("etc/real", 100, &text, NULL), 0);
	assert_string_equal(text, "inside\n");
	free(text);
	/* an absolute symlink resolves inside the root, not on the host */
	assert_int_equal(read_rel("etc/passwd", 100, &text, NULL), 0);
	assert_string_equal(text, "inside\n");
	free(text);
	/* so does a relative one that climbs past the top */
	assert_int_equal(read_rel("etc/up", 100, &text, NULL), 0);
	assert_string_equal(text, "inside\n");
	free(text);
	assert_int_equal(read_rel("lnk/real", 100, &text, NULL), 0);
	free(text);
	assert_int_equal(read_rel("../../../etc/real", 100, &text, NULL), 0);
	assert_string_equal(text, "inside\n");
	free(text);
	/* an absolute link to /proc stays inside too */
	assert_int_equal(read_rel("etc/magic", 100, &text, NULL), -ENOENT);
}

/* A magic link (/proc/PID/root) met on the way is refused. */
static void test_magic(void **state)
{
	struct vakt_root r;
	char rel[64], *text = NULL;
	size_t len;

	vakt_root_force_fallback(false);
	assert_int_equal(vakt_root_open(&r, "/proc", NULL), 0);
	snprintf(rel, sizeof(rel), "%d/root/etc/passwd", (int)getpid());
	assert_int_equal(vakt_root_read(&r, rel, 1 << 20, &text, &len, NULL, NULL), -ELOOP);
	vakt_root_close(&r);
}

static void test_fallback(void **state)
{
	struct vakt_error *err = NULL;
	char *text = NULL;

	vakt_root_force_fallback(true);
	assert_int_equal(read_rel("etc/real", 100, &text, NULL), 0);
	assert_string_equal(text, "inside\n");
	free(text);
	/* without openat2 no symlink is followed and ".." is refused */
	assert_int_equal(read_rel("etc/passwd", 100, &text, &err), -ELOOP);
	assert_non_null(strstr(err->msg, "etc/passwd"));
	vakt_error_free(err);
	assert_int_equal(read_rel("lnk/real", 100, &text, NULL), -ELOOP);
	assert_int_equal(read_rel("etc/../etc/real", 100, &text, NULL), -EXDEV);
	assert_int_equal(read_rel("//etc//real", 100, &text, NULL), 0);
	free(text);
	assert_int_equal(read_rel("missing/x", 100, &text, NULL), -ENOENT);
	vakt_root_force_fallback(false);
}

static void test_kinds(void **state)
{
	struct vakt_error *err = NULL;
	char *text = NULL;

	/* a FIFO is neither waited on nor read */
	assert_int_equal(read_rel("fifo", 100, &text, &err), -EINVAL);
	assert_non_null(strstr(err->msg, "is not a regular file"));
	vakt_error_free(err);
	err = NULL;
	assert_int_equal(read_rel("etc", 100, &text, NULL), -EINVAL);
	assert_int_equal(read_rel("nope", 100, &text, &err), -ENOENT);
	assert_non_null(strstr(err->msg, "cannot open"));
	vakt_error_free(err);
}

static void test_too_large(void **state)
{
	struct vakt_error *err = NULL;
	char *text = NULL;
	struct vakt_root r;
	size_t len;
	char rel[64];

	assert_int_equal(read_rel("big", 10, &text, NULL), 0);
	free(text);
	assert_int_equal(read_rel("big", 9, &text, &err), -EFBIG);
	assert_non_null(strstr(err->msg, "big' is too large (10 bytes, at most 9)"));
	vakt_error_free(err);
	err = NULL;
	/* /proc files say 0 bytes: the ceiling holds on what is read */
	assert_int_equal(vakt_root_open(&r, "/proc", NULL), 0);
	snprintf(rel, sizeof(rel), "%d/status", (int)getpid());
	assert_int_equal(vakt_root_read(&r, rel, 1 << 20, &text, &len, NULL, NULL), 0);
	assert_true(len > 100);
	free(text);
	assert_int_equal(vakt_root_read(&r, rel, 16, &text, &len, NULL, &err), -EFBIG);
	assert_non_null(strstr(err->msg, "is too large (more than 16 bytes)"));
	vakt_error_free(err);
	vakt_root_close(&r);
}

static void test_stat_dir(void **state)
{
	struct vakt_root r;
	struct stat st;
	DIR *d;
	int n = 0;
	struct dirent *e;

	assert_int_equal(vakt_root_open(&r, tmpl, NULL), 0);
	assert_int_equal(vakt_root_stat(&r, "etc/real", &st), 0);
	assert_true(S_ISREG(st.st_mode));
	assert_int_equal(vakt_root_stat(&r, "etc/passwd", &st), 0);
	assert_true(S_ISREG(st.st_mode)); /* followed inside the root */
	vakt_root_force_fallback(true);
	assert_int_equal(vakt_root_stat(&r, "etc/passwd", &st), -ELOOP);
	vakt_root_force_fallback(false);
	assert_int_equal(vakt_root_stat(&r, "nope", &st), -ENOENT);
	d = vakt_root_opendir(&r, "etc");
	assert_non_null(d);
	while ((e = readdir(d)))
		n += e->d_name[0] != '.';
	closedir(d);
	assert_int_equal(n, 4);
	assert_null(vakt_root_opendir(&r, "etc/real"));
	vakt_root_close(&r);
	vakt_root_close(&r); /* twice is harmless */
	assert_int_equal(vakt_root_open(&r, "/nonexistent-vakt", NULL), -ENOENT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_inside),   cmocka_unit_test(test_fallback),
	    cmocka_unit_test(test_kinds),    cmocka_unit_test(test_too_large),
	    cmocka_unit_test(test_stat_dir), cmocka_unit_test(test_magic),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
