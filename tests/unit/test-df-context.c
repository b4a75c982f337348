/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for the build-context lookups (src/dockerfile/df-context.c):
 * a scan's cache must give every answer the disk gives, for Dockerfiles
 * that share directories, through symbolic links, relative paths and "..".
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/util.h"
#include "dockerfile/df-context.h"

static char root[] = "/tmp/vakt-test-df-context-XXXXXX";

static void make_dir(const char *rel)
{
	char *p = vakt_xasprintf("%s/%s", root, rel);

	assert_int_equal(mkdir(p, 0755), 0);
	free(p);
}

static void make_file(const char *rel)
{
	char *p = vakt_xasprintf("%s/%s", root, rel);
	FILE *fp = fopen(p, "w");

	assert_non_null(fp);
	fclose(fp);
	free(p);
}

static void make_link(const char *target, const char *rel)
{
	char *p = vakt_xasprintf("%s/%s", root, rel);

	assert_int_equal(symlink(target, p), 0);
	free(p);
}

/*
 * repo/ (a repository: .git) with .npmrc at its root, .dockerignore in a/,
 * Dockerfiles in a/b/ and c/; plain/ outside any repository; links into
 * the repository from outside it.
 */
static int tree_setup(void **state)
{
	(void)state;
	if (!mkdtemp(root))
		return -1;
	make_dir("repo");
	make_dir("repo/.git");
	make_dir("repo/a");
	make_dir("repo/a/b");
	make_dir("repo/c");
	make_dir("plain");
	make_dir("plain/sub");
	make_dir("out");
	make_file("repo/.npmrc");
	make_file("repo/a/.dockerignore");
	make_file("repo/a/b/Dockerfile");
	make_file("repo/c/Dockerfile");
	make_file("plain/.dockerignore");
	make_file("plain/sub/Dockerfile");
	make_file("plain/sub/.npmrc");
	make_link("../repo/a/b", "out/b-link");
	make_link("../repo", "out/repo-link");
	return 0;
}

static int tree_teardown(void **state)
{
	char *cmd = vakt_xasprintf("rm -rf '%s'", root);
	int rc = system(cmd);

	(void)state;
	free(cmd);
	return rc ? -1 : 0;
}

static void assert_same(const char *a, const char *b)
{
	if (!a || !b)
		assert_ptr_equal(a, b);
	else
		assert_string_equal(a, b);
}

/* The Dockerfiles (relative to root) and names every case asks about. */
static const char *const dockerfiles[] = {
    "repo/a/b/Dockerfile",         "repo/c/Dockerfile",       "repo/a/b/../../c/Dockerfile",
    "repo//a/b//Dockerfile",       "repo/./a/./b/Dockerfile", "plain/sub/Dockerfile",
    "plain/sub/../sub/Dockerfile", "out/b-link/Dockerfile",   "out/repo-link/a/b/Dockerfile",
    "out/repo-link/c/Dockerfile",  "repo/missing/Dockerfile", "Dockerfile",
};
static const char *const names[] = {".dockerignore", ".npmrc",      "a/.dockerignore",
                                    "../.npmrc",     "/etc/passwd", "nothing"};

/* Every question, by absolute and by relative path, with and without a cache, twice. */
static void test_cache_answers_as_the_disk(void **state)
{
	struct df_context_cache *cache = df_context_cache_new();
	char cwd[4096];

	(void)state;
	assert_non_null(getcwd(cwd, sizeof(cwd)));
	for (int rel = 0; rel < 2; rel++) {
		if (rel)
			assert_int_equal(chdir(root), 0);
		for (int round = 0; round < 2; round++) {
			for (size_t d = 0; d < VAKT_ARRAY_SIZE(dockerfiles); d++) {
				char *df = rel ? vakt_xstrdup(dockerfiles[d])
				               : vakt_xasprintf("%s/%s", root, dockerfiles[d]);

				for (size_t n = 0; n < VAKT_ARRAY_SIZE(names); n++) {
					char *plain = df_context_find(NULL, df, names[n]);
					char *cached = df_context_find(cache, df, names[n]);

					assert_same(plain, cached);
					free(plain);
					free(cached);
				}
				free(df);
			}
		}
	}
	assert_int_equal(chdir(cwd), 0);
	df_context_cache_free(cache);
	df_context_cache_free(NULL);
}

/* The answers themselves: beside, up to the root inside a repository, nothing outside. */
static void test_answers(void **state)
{
	struct df_context_cache *cache = df_context_cache_new();
	char *df, *got, *want, *real_want;

	(void)state;
	df = vakt_xasprintf("%s/repo/a/b/Dockerfile", root);
	got = df_context_find(cache, df, ".dockerignore");
	assert_non_null(got);
	assert_true(vakt_ends_with(got, "/repo/a/.dockerignore"));
	free(got);
	got = df_context_find(cache, df, ".npmrc");
	assert_non_null(got);
	assert_true(vakt_ends_with(got, "/repo/.npmrc"));
	free(got);
	free(df);
	/* Through a link from outside the repository: where the link leads. */
	df = vakt_xasprintf("%s/out/b-link/Dockerfile", root);
	got = df_context_find(cache, df, ".npmrc");
	want = vakt_xasprintf("%s/repo/.npmrc", root);
	real_want = realpath(want, NULL);
	assert_non_null(got);
	assert_non_null(real_want);
	assert_string_equal(got, real_want);
	free(real_want);
	free(want);
	free(got);
	free(df);
	/* Outside a repository, only what is beside the Dockerfile. */
	df = vakt_xasprintf("%s/plain/sub/Dockerfile", root);
	assert_null(df_context_find(cache, df, ".dockerignore"));
	got = df_context_find(cache, df, ".npmrc");
	assert_non_null(got);
	free(got);
	free(df);
	df_context_cache_free(cache);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_cache_answers_as_the_disk),
	    cmocka_unit_test(test_answers),
	};

	return cmocka_run_group_tests(tests, tree_setup, tree_teardown);
}
