/* SPDX-License-Identifier: MIT */
/* Unit tests for src/runtime/rt-match-set.c: the string set of in/intersects and the path set of
 * pmatch. */
#include <fnmatch.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/error.h"
#include "runtime/rt-match.h"

#define S(x) x, strlen(x)

/* A deterministic generator for the randomised comparison. */
static uint64_t rng_state = 0x853c49e6748fea9bull;

static uint32_t rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (uint32_t)rng_state;
}

/* Append s to the string in buf (size bytes), cutting what does not fit. */
static void append(char *buf, size_t size, const char *s)
{
	size_t n = strlen(buf);

	snprintf(buf + n, size - n, "%s", s);
}

/* ---- string set ------------------------------------------------------------------ */

static void test_strset(void **state)
{
	static const char *const shells[] = {"ash",  "bash", "csh",  "ksh", "sh",
	                                     "tcsh", "zsh",  "dash", "fish"};
	struct rt_strset *set = rt_strset_new();
	struct vakt_error *err = NULL;
	char key[32];

	(void)state;
	assert_false(rt_strset_has(set, S("bash")));
	assert_false(rt_strset_has(set, S("")));
	for (size_t i = 0; i < sizeof(shells) / sizeof(shells[0]); i++)
		assert_int_equal(rt_strset_add(set, S(shells[i]), &err), 0);
	assert_int_equal(rt_strset_add(set, S("bash"), &err), 0); /* again: no error */
	assert_int_equal(rt_strset_count(set), 9);
	assert_true(rt_strset_has(set, S("bash")));
	assert_true(rt_strset_has(set, S("sh")));
	assert_true(rt_strset_has(set, "shell", 2));
	assert_false(rt_strset_has(set, S("shell")));
	assert_false(rt_strset_has(set, S("Bash")));
	assert_false(rt_strset_has(set, S("bas")));
	assert_false(rt_strset_has(set, S("")));
	assert_int_equal(rt_strset_add(set, S(""), &err), 0);
	assert_true(rt_strset_has(set, S("")));

	/* Many keys: growth keeps every one. */
	for (int i = 0; i < 20000; i++) {
		int k = snprintf(key, sizeof(key), "item-%d", i);

		assert_int_equal(rt_strset_add(set, key, (size_t)k, &err), 0);
	}
	assert_int_equal(rt_strset_count(set), 20010);
	for (int i = 0; i < 20000; i++) {
		int k = snprintf(key, sizeof(key), "item-%d", i);

		assert_true(rt_strset_has(set, key, (size_t)k));
		k = snprintf(key, sizeof(key), "item+%d", i);
		assert_false(rt_strset_has(set, key, (size_t)k));
	}
	/* Keys are bytes: numbers may be kept as their 8 bytes. */
	{
		uint64_t v = 42, w = 43;

		assert_int_equal(rt_strset_add(set, &v, sizeof(v), &err), 0);
		assert_true(rt_strset_has(set, &v, sizeof(v)));
		assert_false(rt_strset_has(set, &w, sizeof(w)));
	}
	assert_null(err);
	rt_strset_free(set);
	rt_strset_free(NULL);
}

static void test_strset_ceilings(void **state)
{
	struct rt_strset *set = rt_strset_new();
	struct vakt_error *err = NULL;
	static char big[RT_STRSET_MAX_KEY + 1];
	uint32_t i;

	(void)state;
	memset(big, 'k', sizeof(big));
	assert_int_equal(rt_strset_add(set, big, RT_STRSET_MAX_KEY, &err), 0);
	assert_int_equal(rt_strset_add(set, big, RT_STRSET_MAX_KEY + 1, &err), -E2BIG);
	assert_non_null(strstr(err->msg, "too long"));
	vakt_error_free(err);
	err = NULL;
	for (i = 1; i < RT_STRSET_MAX_ITEMS; i++)
		assert_int_equal(rt_strset_add(set, &i, sizeof(i), &err), 0);
	assert_int_equal(rt_strset_count(set), RT_STRSET_MAX_ITEMS);
	/* Full: a new key is refused, one already there is still fine. */
	assert_int_equal(rt_strset_add(set, &i, sizeof(i), &err), -E2BIG);
	assert_non_null(strstr(err->msg, "too many"));
	vakt_error_free(err);
	err = NULL;
	i = 7;
	assert_int_equal(rt_strset_add(set, &i, sizeof(i), &err), 0);
	rt_strset_free(set);
}

/* ---- pmatch ------------------------------------------------------------------------- */

static struct rt_pmatch *pm_of(const char *const *paths, size_t n)
{
	struct rt_pmatch *pm = rt_pmatch_new();

	for (size_t i = 0; i < n; i++)
		if (rt_pmatch_add(pm, S(paths[i]), NULL) != 0)
			fail_msg("cannot add '%s'", paths[i]);
	return pm;
}

static void test_pmatch(void **state)
{
	static const char *const paths[] = {"/srv/data",    "/etc/",        "/usr/lib/x",
	                                    "/home/*/.ssh", "/var/l?g/app", "/opt/[ab]*/conf"};
	static const struct {
		const char *path;
		bool want;
	} cases[] = {
	    {"/srv/data", true},
	    {"/srv/data/x", true},
	    {"/srv/data/x/y/z", true},
	    {"/srv/data_x", false},
	    {"/srv/dat", false},
	    {"/srv", false},
	    {"/srv/", false},
	    {"/srv/data/", true},
	    {"//srv///data//f", true},
	    {"srv/data/f", true},
	    {"/etc", true},
	    {"/etc/shadow", true},
	    {"/etcx", false},
	    {"/usr/lib", false},
	    {"/usr/lib/x/y", true},
	    {"/usr/lib/xy", false},
	    {"/home/alice/.ssh", true},
	    {"/home/bob/.ssh/id_rsa", true},
	    {"/home/.ssh", false},
	    {"/home/a/b/.ssh", false},
	    {"/home/alice/.sshx", false},
	    {"/var/log/app/1", true},
	    {"/var/lg/app", false},
	    {"/opt/alpha/conf/x", true},
	    {"/opt/beta/conf", true},
	    {"/opt/gamma/conf", false},
	    {"", false},
	    {"/", false},
	    {"///", false},
	};
	struct rt_pmatch *pm = pm_of(paths, sizeof(paths) / sizeof(paths[0]));

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (rt_pmatch_match(pm, S(cases[i].path)) != cases[i].want)
			fail_msg("pmatch '%s': want %d", cases[i].path, cases[i].want);
	rt_pmatch_free(pm);
	rt_pmatch_free(NULL);

	/* An empty search path is "/", as Falco splits it. */
	pm = rt_pmatch_new();
	assert_int_equal(rt_pmatch_add(pm, NULL, 0, NULL), 0);
	assert_true(rt_pmatch_match(pm, S("/x")));
	rt_pmatch_free(pm);

	/* An empty set matches nothing; "/" matches everything. */
	pm = rt_pmatch_new();
	assert_false(rt_pmatch_match(pm, S("/etc")));
	assert_false(rt_pmatch_match(pm, S("")));
	assert_int_equal(rt_pmatch_add(pm, S("/"), NULL), 0);
	assert_true(rt_pmatch_match(pm, NULL, 0));
	assert_true(rt_pmatch_match(pm, S("/etc")));
	assert_true(rt_pmatch_match(pm, S("")));
	rt_pmatch_free(pm);
}

static void test_pmatch_prefixes(void **state)
{
	static const char *const longer_first[] = {"/usr/lib/x", "/usr/lib", "/usr/lib/y/z"};
	static const char *const shorter_first[] = {"/usr/lib", "/usr/lib/x"};
	/* A literal and a glob on one level: the literal's subtree failing, the glob's is tried. */
	static const char *const mixed[] = {"/a/b/c", "/a/?/d"};
	struct rt_pmatch *pm;

	(void)state;
	pm = pm_of(longer_first, 3);
	assert_true(rt_pmatch_match(pm, S("/usr/lib")));
	assert_true(rt_pmatch_match(pm, S("/usr/lib/q")));
	assert_false(rt_pmatch_match(pm, S("/usr/li")));
	rt_pmatch_free(pm);
	pm = pm_of(shorter_first, 2);
	assert_true(rt_pmatch_match(pm, S("/usr/lib/q")));
	assert_true(rt_pmatch_match(pm, S("/usr/lib")));
	rt_pmatch_free(pm);
	pm = pm_of(mixed, 2);
	assert_true(rt_pmatch_match(pm, S("/a/b/c")));
	assert_true(rt_pmatch_match(pm, S("/a/b/d")));
	assert_true(rt_pmatch_match(pm, S("/a/x/d/e")));
	assert_false(rt_pmatch_match(pm, S("/a/b/e")));
	assert_false(rt_pmatch_match(pm, S("/a/bb/d")));
	rt_pmatch_free(pm);
}

static void test_pmatch_ceilings(void **state)
{
	struct rt_pmatch *pm = rt_pmatch_new();
	struct vakt_error *err = NULL;
	static char path[RT_PMATCH_MAX_PATH + 2];
	char p[32];

	(void)state;
	/* Too long. */
	memset(path, 'a', sizeof(path));
	path[0] = '/';
	assert_int_equal(rt_pmatch_add(pm, path, RT_PMATCH_MAX_PATH + 1, &err), -E2BIG);
	assert_non_null(strstr(err->msg, "too long"));
	vakt_error_free(err);
	err = NULL;
	assert_int_equal(rt_pmatch_add(pm, path, RT_PMATCH_MAX_PATH, &err), 0);
	/* Too deep: "/a" repeated. */
	for (size_t i = 0; i < (RT_PMATCH_MAX_DEPTH + 1) * 2; i += 2) {
		path[i] = '/';
		path[i + 1] = 'a';
	}
	assert_int_equal(rt_pmatch_add(pm, path, RT_PMATCH_MAX_DEPTH * 2, &err), 0);
	assert_true(rt_pmatch_match(pm, path, RT_PMATCH_MAX_DEPTH * 2));
	assert_int_equal(rt_pmatch_add(pm, path, (RT_PMATCH_MAX_DEPTH + 1) * 2, &err), -E2BIG);
	assert_non_null(strstr(err->msg, "too deep"));
	vakt_error_free(err);
	err = NULL;
	rt_pmatch_free(pm);

	/* Too many. */
	pm = rt_pmatch_new();
	for (unsigned i = 0; i < RT_PMATCH_MAX_PATHS; i++) {
		int n = snprintf(p, sizeof(p), "/d%u/f%u", i % 97, i);

		assert_int_equal(rt_pmatch_add(pm, p, (size_t)n, &err), 0);
	}
	assert_int_equal(rt_pmatch_add(pm, S("/one/more"), &err), -E2BIG);
	assert_non_null(strstr(err->msg, "too many"));
	vakt_error_free(err);
	assert_true(rt_pmatch_match(pm, S("/d5/f5/x")));
	assert_false(rt_pmatch_match(pm, S("/d5/f6")));
	rt_pmatch_free(pm);
}

/* The reference: Falco's definition written out naively, against random sets and paths. */
static size_t split(const char *p, const char **comp, size_t *len)
{
	size_t n = 0;

	while (*p) {
		while (*p == '/')
			p++;
		if (!*p)
			break;
		comp[n] = p;
		while (*p && *p != '/')
			p++;
		len[n] = (size_t)(p - comp[n]);
		n++;
	}
	return n;
}

static bool naive_pmatch(const char *const *set, size_t n_set, const char *path)
{
	const char *pc[16], *sc[16];
	size_t pl[16], sl[16], np = split(path, pc, pl);

	for (size_t i = 0; i < n_set; i++) {
		size_t ns = split(set[i], sc, sl), k;

		if (ns > np)
			continue;
		for (k = 0; k < ns; k++) {
			char g[16], c[16];

			snprintf(g, sizeof(g), "%.*s", (int)sl[k], sc[k]);
			snprintf(c, sizeof(c), "%.*s", (int)pl[k], pc[k]);
			if (fnmatch(g, c, 0) != 0)
				break;
		}
		if (k == ns)
			return true;
	}
	return false;
}

static void test_pmatch_vs_naive(void **state)
{
	static const char *const comps[] = {"a", "b", "ab", "*", "a*", "?", "[ab]", "c"};
	static const char *const pcomps[] = {"a", "b", "ab", "c", "ba", "abc"};
	(void)state;
	for (int round = 0; round < 400; round++) {
		char sets[6][64];
		const char *set[6];
		size_t n_set = 1 + rng() % 5;
		struct rt_pmatch *pm = rt_pmatch_new();

		for (size_t i = 0; i < n_set; i++) {
			size_t depth = 1 + rng() % 3;

			sets[i][0] = '\0';
			for (size_t d = 0; d < depth; d++) {
				append(sets[i], sizeof(sets[i]), "/");
				append(sets[i], sizeof(sets[i]), comps[rng() % 8]);
			}
			set[i] = sets[i];
			assert_int_equal(rt_pmatch_add(pm, S(set[i]), NULL), 0);
		}
		for (int q = 0; q < 50; q++) {
			char path[64] = "";
			size_t depth = rng() % 5;

			for (size_t d = 0; d < depth; d++) {
				append(path, sizeof(path), rng() % 4 ? "/" : "//");
				append(path, sizeof(path), pcomps[rng() % 6]);
			}
			if (rng() % 3 == 0)
				append(path, sizeof(path), "/");
			if (rt_pmatch_match(pm, S(path)) != naive_pmatch(set, n_set, path))
				fail_msg("pmatch '%s' against %zu paths (first '%s'): want %d",
				         path, n_set, set[0], naive_pmatch(set, n_set, path));
		}
		rt_pmatch_free(pm);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_strset),          cmocka_unit_test(test_strset_ceilings),
	    cmocka_unit_test(test_pmatch),          cmocka_unit_test(test_pmatch_prefixes),
	    cmocka_unit_test(test_pmatch_ceilings), cmocka_unit_test(test_pmatch_vs_naive),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
