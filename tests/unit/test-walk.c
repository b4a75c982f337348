/* SPDX-License-Identifier: MIT */
/* Directory discovery over real temporary trees. */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <dirent.h>
#include <linux/capability.h>
#include <cmocka.h>

#include "core/walk.h"

static char tmp_root[64];

struct seen {
	struct vakt_strv files;
	struct vakt_strv errors;     /* formatted */
	struct vakt_strv skip_calls; /* "d:path" or "f:path" */
	int stop_after;              /* non-zero: return 7 from the n-th file */
};

static int on_file(const char *path, int dfd, const char *name, void *data)
{
	struct seen *s = data;

	vakt_strv_push(&s->files, path);
	if (s->stop_after && (int)s->files.n == s->stop_after)
		return 7;
	return 0;
}

static void on_error(struct vakt_error *err, void *data)
{
	struct seen *s = data;

	assert_non_null(err);
	vakt_strv_push_take(&s->errors, vakt_error_format(err));
	vakt_error_free(err);
}

static bool skip_vcs(const char *path, bool is_dir, void *data)
{
	struct seen *s = data;
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;

	vakt_strv_push_take(&s->skip_calls, vakt_xasprintf("%c:%s", is_dir ? 'd' : 'f', path));
	if (is_dir)
		return !strcmp(base, ".git") || !strcmp(base, "node_modules");
	return !strcmp(base, "skipped.txt");
}

static void seen_release(struct seen *s)
{
	vakt_strv_release(&s->files);
	vakt_strv_release(&s->errors);
	vakt_strv_release(&s->skip_calls);
}

static int walk(const char *root, struct seen *s, bool with_skip)
{
	struct vakt_walk w = {.on_file = on_file,
	                      .on_error = on_error,
	                      .skip = with_skip ? skip_vcs : NULL,
	                      .data = s};

	return vakt_walk_dir(root, &w);
}

static void expect_list(const struct vakt_strv *got, const char *const *want, size_t n)
{
	bool same = got->n == n;

	for (size_t i = 0; same && i < n; i++)
		same = !strcmp(got->v[i], want[i]);
	if (same)
		return;
	print_error("got %zu:\n", got->n);
	for (size_t i = 0; i < got->n; i++)
		print_error("  %s\n", got->v[i]);
	print_error("expected %zu:\n", n);
	for (size_t i = 0; i < n; i++)
		print_error("  %s\n", want[i]);
	fail();
}

/* A fresh directory under the test's temporary root; the caller frees the path. */
static char *make_tree(const char *name, const char *const *entries)
{
	char *top = vakt_xasprintf("%s/%s", tmp_root, name);

	assert_int_equal(mkdir(top, 0755), 0);
	for (; entries && *entries; entries++) {
		char *p = vakt_xasprintf("%s/%s", top, *entries + 2);

		if (!strncmp(*entries, "d:", 2)) {
			assert_int_equal(mkdir(p, 0755), 0);
		} else {
			int fd = open(p, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);

			assert_true(fd >= 0);
			close(fd);
		}
		free(p);
	}
	return top;
}

static void make_link(const char *top, const char *target, const char *name)
{
	char *p = vakt_xasprintf("%s/%s", top, name);

	assert_int_equal(symlink(target, p), 0);
	free(p);
}

static void test_order_and_paths(void **state)
{
	static const char *const entries[] = {
	    "f:b", "f:a", "d:c", "f:c/d", "f:C", "f:a.txt", "d:c/e", "f:c/e/z", "f:c/0", NULL,
	};
	static const char *const want[] = {"C", "a", "a.txt", "b", "c/0", "c/d", "c/e/z"};
	char *top = make_tree("order", entries), cwd[PATH_MAX];
	struct seen s = {0};
	const char *want_abs[VAKT_ARRAY_SIZE(want)];
	char *abs_paths[VAKT_ARRAY_SIZE(want)];

	/* Byte order (upper case first), depth first. */
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(want); i++)
		want_abs[i] = abs_paths[i] = vakt_xasprintf("%s/%s", top, want[i]);
	assert_int_equal(walk(top, &s, false), 0);
	expect_list(&s.files, want_abs, VAKT_ARRAY_SIZE(want));
	assert_int_equal(s.errors.n, 0);
	seen_release(&s);

	/* A trailing slash gives a single '/'. */
	{
		char *slashed = vakt_xasprintf("%s//", top);

		assert_int_equal(walk(slashed, &s, false), 0);
		expect_list(&s.files, want_abs, VAKT_ARRAY_SIZE(want));
		seen_release(&s);
		free(slashed);
	}

	/* "." gives bare relative paths, "./" too; "./order" keeps its prefix. */
	assert_non_null(getcwd(cwd, sizeof(cwd)));
	assert_int_equal(chdir(top), 0);
	assert_int_equal(walk(".", &s, false), 0);
	expect_list(&s.files, want, VAKT_ARRAY_SIZE(want));
	seen_release(&s);
	assert_int_equal(walk("./", &s, false), 0);
	expect_list(&s.files, want, VAKT_ARRAY_SIZE(want));
	seen_release(&s);
	assert_int_equal(chdir(".."), 0);
	assert_int_equal(walk("./order", &s, false), 0);
	assert_string_equal(s.files.v[0], "./order/C");
	assert_string_equal(s.files.v[6], "./order/c/e/z");
	seen_release(&s);
	assert_int_equal(walk("order/", &s, false), 0);
	assert_string_equal(s.files.v[4], "order/c/0");
	seen_release(&s);
	assert_int_equal(chdir(cwd), 0);

	for (size_t i = 0; i < VAKT_ARRAY_SIZE(want); i++)
		free(abs_paths[i]);
	free(top);
}

static void test_skip(void **state)
{
	static const char *const entries[] = {
	    "d:.git",
	    "f:.git/config",
	    "d:node_modules",
	    "f:node_modules/x",
	    "d:src",
	    "f:src/main.c",
	    "f:src/skipped.txt",
	    "d:src/node_modules",
	    "f:src/node_modules/y",
	    "f:Dockerfile",
	    NULL,
	};
	char *top = make_tree("skip", entries);
	struct seen s = {0};
	static const char *const calls[] = {
	    "d:.git",       "f:Dockerfile",       "d:node_modules",    "d:src",
	    "f:src/main.c", "d:src/node_modules", "f:src/skipped.txt",
	};
	static const char *const files[] = {"Dockerfile", "src/main.c"};
	char cwd[PATH_MAX];

	assert_non_null(getcwd(cwd, sizeof(cwd)));
	assert_int_equal(chdir(top), 0);
	assert_int_equal(walk(".", &s, true), 0);
	/* Every entry is offered to skip once; pruned directories are not entered. */
	expect_list(&s.skip_calls, calls, VAKT_ARRAY_SIZE(calls));
	expect_list(&s.files, files, VAKT_ARRAY_SIZE(files));
	assert_int_equal(s.errors.n, 0);
	seen_release(&s);
	assert_int_equal(chdir(cwd), 0);

	/* Without a skip callback everything is walked. */
	assert_int_equal(walk(top, &s, false), 0);
	assert_int_equal(s.files.n, 6);
	seen_release(&s);
	free(top);
}

static void test_symlinks(void **state)
{
	static const char *const entries[] = {
	    "d:sub",
	    "f:sub/Dockerfile",
	    "f:real",
	    NULL,
	};
	char *top = make_tree("links", entries), cwd[PATH_MAX];
	struct seen s = {0};
	/* Links to files are walked; links to directories are not, silently. */
	static const char *const want[] = {
	    "Dockerfile.dangling",
	    "Dockerfile.link",
	    "Dockerfile.loop1",
	    "Dockerfile.loop2",
	    "real",
	    "sub/Dockerfile",
	};

	make_link(top, "sub", "dirlink");
	make_link(top, ".", "self");
	make_link(top, "..", "parent");
	make_link(top, "/", "root");
	make_link(top, "real", "Dockerfile.link");
	make_link(top, "missing", "Dockerfile.dangling");
	make_link(top, "Dockerfile.loop2", "Dockerfile.loop1");
	make_link(top, "Dockerfile.loop1", "Dockerfile.loop2");
	make_link(top, "/dev/null", "devnull");

	assert_non_null(getcwd(cwd, sizeof(cwd)));
	assert_int_equal(chdir(top), 0);
	assert_int_equal(walk(".", &s, true), 0);
	expect_list(&s.files, want, VAKT_ARRAY_SIZE(want));
	assert_int_equal(s.errors.n, 0);
	seen_release(&s);
	assert_int_equal(chdir(cwd), 0);

	/* A root given as a symlink to a directory is followed: the user named it. */
	{
		char *root = vakt_xasprintf("%s/dirlink", top);

		assert_int_equal(walk(root, &s, false), 0);
		assert_int_equal(s.files.n, 1);
		assert_true(vakt_ends_with(s.files.v[0], "/links/dirlink/Dockerfile"));
		seen_release(&s);
		free(root);
	}
	free(top);
}

static void test_special_files(void **state)
{
	static const char *const entries[] = {"f:Dockerfile", NULL};
	char *top = make_tree("special", entries), *p = vakt_xasprintf("%s/fifo", top);
	struct seen s = {0};

	/* A FIFO is not an input: it is neither opened (it could block) nor handed on. */
	assert_int_equal(mkfifo(p, 0644), 0);
	assert_int_equal(walk(top, &s, false), 0);
	assert_int_equal(s.files.n, 1);
	assert_int_equal(s.errors.n, 0);
	seen_release(&s);
	free(p);
	free(top);
}

static void test_stop(void **state)
{
	static const char *const entries[] = {"f:a", "d:b", "f:b/c", "f:b/d", "f:e", NULL};
	char *top = make_tree("stop", entries);
	struct seen s = {.stop_after = 2};

	assert_int_equal(walk(top, &s, false), 7);
	assert_int_equal(s.files.n, 2);
	assert_true(vakt_ends_with(s.files.v[1], "/stop/b/c"));
	seen_release(&s);
	free(top);
}

static void test_bad_root(void **state)
{
	static const char *const entries[] = {"f:file", NULL};
	char *top = make_tree("badroot", entries), *p;
	struct seen s = {0};

	p = vakt_xasprintf("%s/missing", top);
	assert_int_equal(walk(p, &s, false), 0);
	assert_int_equal(s.errors.n, 1);
	{
		char *want =
		    vakt_xasprintf("%s: cannot open directory: No such file or directory", p);

		assert_string_equal(s.errors.v[0], want);
		free(want);
	}
	seen_release(&s);
	free(p);

	p = vakt_xasprintf("%s/file", top);
	assert_int_equal(walk(p, &s, false), 0);
	assert_int_equal(s.errors.n, 1);
	assert_true(vakt_ends_with(s.errors.v[0], "/file: cannot open directory: Not a directory"));
	seen_release(&s);
	free(p);
	free(top);

	/* Without an error callback errors are dropped, not leaked. */
	{
		struct vakt_walk w = {.on_file = on_file, .data = &s};

		assert_int_equal(vakt_walk_dir("/nonexistent/vakt/dir", &w), 0);
		assert_int_equal(s.files.n, 0);
	}
}

/* Drop every capability (so that uid 0 is bound by permission bits). */
static int drop_capabilities(void)
{
	struct __user_cap_header_struct h = {_LINUX_CAPABILITY_VERSION_3, 0};
	struct __user_cap_data_struct d[2];

	memset(d, 0, sizeof(d));
	return (int)syscall(SYS_capset, &h, d);
}

/*
 * Walk top in a child that cannot bypass permissions, and read back what it
 * saw: one "F path" or "E message" per line. Returns false when the child
 * could not drop its privileges.
 */
static bool walk_unprivileged(const char *top, struct seen *s)
{
	int fds[2], status;
	pid_t pid;
	FILE *f;
	char line[PATH_MAX + 256];

	assert_int_equal(pipe(fds), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct seen child = {0};
		FILE *out = fdopen(fds[1], "w");

		close(fds[0]);
		if (geteuid() == 0 && drop_capabilities() < 0)
			_exit(77);
		walk(top, &child, false);
		for (size_t i = 0; i < child.files.n; i++)
			fprintf(out, "F %s\n", child.files.v[i]);
		for (size_t i = 0; i < child.errors.n; i++)
			fprintf(out, "E %s\n", child.errors.v[i]);
		fclose(out);
		_exit(0);
	}
	close(fds[1]);
	f = fdopen(fds[0], "r");
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		vakt_strv_push(line[0] == 'F' ? &s->files : &s->errors, line + 2);
	}
	fclose(f);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	if (WEXITSTATUS(status) == 77)
		return false;
	assert_int_equal(WEXITSTATUS(status), 0);
	return true;
}

static void test_unreadable_dir(void **state)
{
	static const char *const entries[] = {
	    "f:a", "d:locked", "f:locked/secret", "d:open", "f:open/b", NULL,
	};
	char *top = make_tree("unreadable", entries), *locked;
	struct seen s = {0};
	bool ran;

	/*
	 * We usually run as root, which reads any directory; the walk then runs
	 * in a child process that has dropped its capabilities, so that the
	 * permission bits apply to it.
	 */
	locked = vakt_xasprintf("%s/locked", top);
	assert_int_equal(chmod(locked, 0), 0);
	ran = walk_unprivileged(top, &s);
	assert_int_equal(chmod(locked, 0755), 0);
	if (!ran) {
		seen_release(&s);
		free(locked);
		free(top);
		print_message("cannot drop capabilities here, so every directory is readable\n");
		skip();
	}
	/* The walk reports the directory and goes on with the rest. */
	assert_int_equal(s.files.n, 2);
	assert_true(vakt_ends_with(s.files.v[0], "/unreadable/a"));
	assert_true(vakt_ends_with(s.files.v[1], "/unreadable/open/b"));
	assert_int_equal(s.errors.n, 1);
	{
		char *want = vakt_xasprintf("%s: cannot open directory: Permission denied", locked);

		assert_string_equal(s.errors.v[0], want);
		free(want);
	}
	seen_release(&s);
	free(locked);
	free(top);
}

static size_t count_open_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	size_t n = 0;

	assert_non_null(d);
	while (readdir(d))
		n++;
	closedir(d);
	return n;
}

static void test_depth_limit(void **state)
{
	char *top = make_tree("deep", NULL);
	struct vakt_buf want_err = VAKT_BUF_INIT;
	struct seen s = {0};
	struct rlimit old, low;
	size_t fds_before;
	int fd = open(top, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	/* A file at every level; directory d at level 1, d/d at level 2, ... */
	vakt_buf_adds(&want_err, top);
	for (int level = 0; level <= VAKT_WALK_MAX_DEPTH + 1; level++) {
		int next;

		assert_true(fd >= 0);
		close(openat(fd, "f", O_WRONLY | O_CREAT | O_CLOEXEC, 0644));
		assert_int_equal(mkdirat(fd, "d", 0755), 0);
		next = openat(fd, "d", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		close(fd);
		fd = next;
		if (level < VAKT_WALK_MAX_DEPTH + 1)
			vakt_buf_adds(&want_err, "/d");
	}
	close(fd);
	vakt_buf_addf(&want_err, ": directory nesting too deep (the limit is %d levels)",
	              VAKT_WALK_MAX_DEPTH);

	/* One descriptor per level is all the walk needs: run it with few. */
	assert_int_equal(getrlimit(RLIMIT_NOFILE, &old), 0);
	low = old;
	low.rlim_cur = VAKT_WALK_MAX_DEPTH + 16;
	assert_int_equal(setrlimit(RLIMIT_NOFILE, &low), 0);
	fds_before = count_open_fds();
	assert_int_equal(walk(top, &s, false), 0);
	assert_int_equal(count_open_fds(), fds_before);
	assert_int_equal(setrlimit(RLIMIT_NOFILE, &old), 0);

	/* Files at levels 0..128 are found; the directory at level 129 is reported. */
	assert_int_equal(s.files.n, VAKT_WALK_MAX_DEPTH + 1);
	assert_int_equal(s.errors.n, 1);
	assert_string_equal(s.errors.v[0], vakt_buf_str(&want_err));
	seen_release(&s);
	vakt_buf_release(&want_err);
	free(top);
}

struct big {
	size_t n;
	char prev[64];
	bool sorted;
};

static int big_on_file(const char *path, int dfd, const char *name, void *data)
{
	struct big *b = data;
	const char *base = strrchr(path, '/') + 1;

	if (b->n && strcmp(b->prev, base) >= 0)
		b->sorted = false;
	snprintf(b->prev, sizeof(b->prev), "%s", base);
	b->n++;
	return 0;
}

static void test_many_files(void **state)
{
	enum { N = 100000 };
	char *top = make_tree("many", NULL);
	struct big b = {.sorted = true};
	struct vakt_walk w = {.on_file = big_on_file, .data = &b};
	int dfd = open(top, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	char name[32];
	double t0;

	assert_true(dfd >= 0);
	/* Created in an order that is not the sorted one. */
	for (int i = 0; i < N; i++) {
		int fd;

		snprintf(name, sizeof(name), "f%06d", (int)(((long)i * 7919) % N));
		fd = openat(dfd, name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
		assert_true(fd >= 0);
		close(fd);
	}
	t0 = vakt_now();
	assert_int_equal(vakt_walk_dir(top, &w), 0);
	t0 = vakt_now() - t0;
	assert_int_equal(b.n, N);
	assert_true(b.sorted);
	print_message("walked %d files in one directory in %.3f s\n", N, t0);
	for (int i = 0; i < N; i++) {
		snprintf(name, sizeof(name), "f%06d", i);
		assert_int_equal(unlinkat(dfd, name, 0), 0);
	}
	close(dfd);
	free(top);
}

static int remove_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	if (flag == FTW_DP)
		chmod(path, 0755);
	return remove(path);
}

/* The path a walk of root shows for path, or NULL; compared and freed. */
static void check_display(const char *root, const char *path, const char *want)
{
	char *got = vakt_walk_display_path(root, path);

	if (want)
		assert_string_equal(got ? got : "(null)", want);
	else
		assert_null(got);
	free(got);
}

static void test_display_path(void **state)
{
	static const char *const entries[] = {"d:sub", "d:sub/deeper", "f:sub/f", NULL};
	char *top = make_tree("display", entries);
	char *cwd = getcwd(NULL, 0);
	char *in_sub = vakt_xasprintf("%s/sub/new.json", top);
	char *via_dots = vakt_xasprintf("%s/sub/deeper/../f", top);
	char *want = vakt_xasprintf("%s/sub/new.json", top);
	char *want_dots = vakt_xasprintf("%s/sub/f", top);
	char *outside = vakt_xasprintf("%s/elsewhere.json", tmp_root);

	/* A path below root (existing or not) in the walk's own spelling. */
	check_display(top, in_sub, want);
	check_display(top, via_dots, want_dots);
	check_display(top, outside, NULL);
	/* Relative to the working directory: "." shows no prefix, "dir/" none of its slash. */
	assert_int_equal(chdir(top), 0);
	check_display(".", "sub/new.json", "sub/new.json");
	check_display("./", "./sub/deeper/../x", "sub/x");
	check_display("sub/", "sub/deeper/y", "sub/deeper/y");
	check_display("sub", "x", NULL);
	/* A missing directory cannot be reached. */
	check_display(".", "nope/x", NULL);
	check_display(".", "sub/..", NULL);
	assert_int_equal(chdir(cwd), 0);
	free(cwd);
	free(in_sub);
	free(via_dots);
	free(want);
	free(want_dots);
	free(outside);
	free(top);
}

static int setup(void **state)
{
	snprintf(tmp_root, sizeof(tmp_root), "/tmp/vakt-test-walk-XXXXXX");
	return mkdtemp(tmp_root) ? 0 : -1;
}

static int teardown(void **state)
{
	return nftw(tmp_root, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_order_and_paths),
	    cmocka_unit_test(test_skip),
	    cmocka_unit_test(test_symlinks),
	    cmocka_unit_test(test_special_files),
	    cmocka_unit_test(test_stop),
	    cmocka_unit_test(test_bad_root),
	    cmocka_unit_test(test_unreadable_dir),
	    cmocka_unit_test(test_depth_limit),
	    cmocka_unit_test(test_many_files),
	    cmocka_unit_test(test_display_path),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
