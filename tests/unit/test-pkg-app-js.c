/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for the npm, yarn, pnpm, Composer and RubyGems readers
 * (src/pkg/pkg-app-npm.c, -yarn.c, -pnpm.c, -composer.c, -gem.c and their
 * helpers pkg-app-js.c): the fixtures under tests/pkg-app/, written as the
 * tools write them; every field a reader sets; purls; hostile inputs
 * (truncated and deep JSON, wrong types, ceilings) and the list left as it
 * was on error.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>

#include <cmocka.h>

#include "core/source.h"
#include "pkg/pkg-app-priv.h"

#define FIXTURES "tests/pkg-app/"

typedef long (*reader_fn)(const char *path, const char *data, size_t len, struct pkg_list *out,
                          struct vakt_error **err);

/* Read FIXTURES/file as if found at `as`; the packages get purls. Returns the count. */
static long fixture(reader_fn fn, const char *file, const char *as, struct pkg_list *l)
{
	struct vakt_source *src = NULL;
	struct vakt_error *err = NULL;
	char *path = vakt_xasprintf(FIXTURES "%s", file);
	long n;

	assert_int_equal(0, vakt_source_read(path, PKG_APP_MAX_FILE, &src, &err));
	n = fn(as, src->data, src->len, l, &err);
	if (n < 0) {
		char *m = vakt_error_format(err);

		print_error("%s: %s\n", file, m);
		free(m);
	}
	assert_null(err);
	assert_true(n >= 0);
	assert_int_equal((size_t)n, l->n);
	pkg_list_set_purls(l, NULL);
	vakt_source_free(src);
	free(path);
	return n;
}

static const struct pkg *find(const struct pkg_list *l, const char *name, const char *version)
{
	for (size_t i = 0; i < l->n; i++)
		if (!strcmp(l->v[i].name, name) && !strcmp(l->v[i].version, version))
			return &l->v[i];
	return NULL;
}

static const struct pkg *find_name(const struct pkg_list *l, const char *name)
{
	for (size_t i = 0; i < l->n; i++)
		if (!strcmp(l->v[i].name, name))
			return &l->v[i];
	return NULL;
}

static const struct pkg *expect(const struct pkg_list *l, enum pkg_type t, const char *name,
                                const char *version, enum pkg_scope scope, bool dev, int line,
                                const char *found_in)
{
	const struct pkg *p = find(l, name, version);

	if (!p)
		fail_msg("no package %s@%s", name, version);
	assert_int_equal(t, p->type);
	assert_int_equal(scope, p->scope);
	assert_int_equal(dev, p->dev);
	assert_int_equal(line, p->line);
	assert_int_equal(-1, p->layer);
	assert_string_equal(found_in, p->found_in);
	assert_null(p->group);
	return p;
}

static void expect_purl(const struct pkg_list *l, const char *name, const char *version,
                        const char *purl)
{
	const struct pkg *p = find(l, name, version);

	assert_non_null(p);
	assert_string_equal(purl, p->purl);
}

/*
 * fn on text fails with code at `line` (0: any), its message holding `what`;
 * the list, which held one package, is as it was.
 */
static void expect_error_len(reader_fn fn, const char *text, size_t len, int code, int line,
                             const char *what)
{
	struct pkg_list l = {0};
	struct vakt_error *err = NULL;
	struct pkg *keep = pkg_list_add(&l);
	long n;

	keep->type = PKG_NPM;
	keep->name = vakt_xstrdup("kept");
	keep->version = vakt_xstrdup("1.0.0");
	n = fn("x/lock", text, len, &l, &err);
	if (n != code || !err || !strstr(err->msg, what) || (line && err->line != line))
		fail_msg("expected %d at line %d with '%s', got %ld: %s (line %d)", code, line,
		         what, n, err ? err->msg : "no error", err ? err->line : 0);
	assert_string_equal("x/lock", err->file);
	assert_int_equal(1, l.n);
	assert_string_equal("kept", l.v[0].name);
	vakt_error_free(err);
	pkg_list_release(&l);
}

static void expect_error(reader_fn fn, const char *text, int code, int line, const char *what)
{
	expect_error_len(fn, text, strlen(text), code, line, what);
}

/* fn on text succeeds with n packages; the list is returned for checks. */
static void expect_count(reader_fn fn, const char *text, long want, struct pkg_list *l)
{
	struct vakt_error *err = NULL;
	long n = fn("x/lock", text, strlen(text), l, &err);

	if (n != want)
		fail_msg("expected %ld packages, got %ld: %s", want, n, err ? err->msg : "");
	assert_null(err);
}

/* --- npm ---------------------------------------------------------------- */

#define V3 "app/package-lock.json"

static void test_npm_lock_v3(void **state)
{
	struct pkg_list l = {0};
	const struct pkg *p;

	(void)state;
	/* 24 entries: the root, a link, a workspace folder, a file: and a git dependency
	 * are not packages, and debug@2.6.9 is installed twice */
	assert_int_equal(18, fixture(pkg_app_npm_lock, "npm/package-lock-v3.json", V3, &l));
	p = expect(&l, PKG_NPM, "express", "4.18.2", PKG_SCOPE_DIRECT, false, 139, V3);
	assert_string_equal("MIT", p->license);
	expect(&l, PKG_NPM, "@godaddy/terminus", "4.12.1", PKG_SCOPE_DIRECT, false, 75, V3);
	expect(&l, PKG_NPM, "@babel/core", "7.24.0", PKG_SCOPE_DIRECT, true, 43, V3);
	expect(&l, PKG_NPM, "nodemon", "3.1.0", PKG_SCOPE_DIRECT, true, 192, V3);
	expect(&l, PKG_NPM, "@babel/code-frame", "7.23.5", PKG_SCOPE_TRANSITIVE, true, 29, V3);
	/* nested: transitive even though the root depends on a debug */
	expect(&l, PKG_NPM, "debug", "4.3.4", PKG_SCOPE_TRANSITIVE, true, 62, V3);
	/* the same version at two paths: one package, its first line */
	expect(&l, PKG_NPM, "debug", "2.6.9", PKG_SCOPE_TRANSITIVE, false, 115, V3);
	expect(&l, PKG_NPM, "ms", "2.0.0", PKG_SCOPE_TRANSITIVE, false, 133, V3);
	expect(&l, PKG_NPM, "ms", "2.1.2", PKG_SCOPE_TRANSITIVE, true, 185, V3);
	expect(&l, PKG_NPM, "stoppable", "1.1.0", PKG_SCOPE_TRANSITIVE, false, 219, V3);
	expect(&l, PKG_NPM, "accepts", "1.3.8", PKG_SCOPE_TRANSITIVE, false, 88, V3);
	expect(&l, PKG_NPM, "body-parser", "1.20.1", PKG_SCOPE_TRANSITIVE, false, 101, V3);
	expect(&l, PKG_NPM, "fsevents", "2.3.3", PKG_SCOPE_TRANSITIVE, true, 153, V3);
	/* devOptional is dev */
	p = expect(&l, PKG_NPM, "typescript", "5.4.2", PKG_SCOPE_TRANSITIVE, true, 242, V3);
	assert_string_equal("Apache-2.0", p->license);
	/* an alias installed as string-width-cjs is string-width */
	expect(&l, PKG_NPM, "string-width", "4.2.3", PKG_SCOPE_DIRECT, false, 229, V3);
	assert_null(find_name(&l, "string-width-cjs"));
	/* a workspace's dependencies are direct: hoisted, or its own copy */
	expect(&l, PKG_NPM, "lodash", "4.17.21", PKG_SCOPE_DIRECT, false, 179, V3);
	expect(&l, PKG_NPM, "semver", "7.6.0", PKG_SCOPE_DIRECT, false, 266, V3);
	/* the hoisted semver is @babel/core's: the workspace has its own */
	expect(&l, PKG_NPM, "semver", "6.3.1", PKG_SCOPE_TRANSITIVE, true, 209, V3);
	assert_null(find_name(&l, "@shop/shared"));
	assert_null(find_name(&l, "left-pad"));
	assert_null(find_name(&l, "legacy-auth"));
	assert_null(find_name(&l, "shop-api"));
	expect_purl(&l, "@babel/core", "7.24.0", "pkg:npm/%40babel/core@7.24.0");
	expect_purl(&l, "@godaddy/terminus", "4.12.1", "pkg:npm/%40godaddy/terminus@4.12.1");
	expect_purl(&l, "express", "4.18.2", "pkg:npm/express@4.18.2");
	pkg_list_release(&l);
}

static void test_npm_lock_v2(void **state)
{
	struct pkg_list l = {0};
	const struct pkg *p;

	(void)state;
	/* `packages` is read, not the v1 `dependencies` beside it (which has no licences) */
	assert_int_equal(
	    4, fixture(pkg_app_npm_lock, "npm/package-lock-v2.json", "package-lock.json", &l));
	expect(&l, PKG_NPM, "@aws-sdk/util-utf8", "3.310.0", PKG_SCOPE_DIRECT, false, 18,
	       "package-lock.json");
	expect(&l, PKG_NPM, "jest-get-type", "29.6.3", PKG_SCOPE_DIRECT, true, 30,
	       "package-lock.json");
	expect(&l, PKG_NPM, "lodash", "4.17.21", PKG_SCOPE_DIRECT, false, 40, "package-lock.json");
	p = expect(&l, PKG_NPM, "tslib", "2.6.2", PKG_SCOPE_TRANSITIVE, false, 46,
	           "package-lock.json");
	assert_string_equal("0BSD", p->license);
	expect_purl(&l, "@aws-sdk/util-utf8", "3.310.0", "pkg:npm/%40aws-sdk/util-utf8@3.310.0");
	pkg_list_release(&l);
}

static void test_npm_lock_v1(void **state)
{
	struct pkg_list l = {0};
	const char *w = "npm-shrinkwrap.json";

	(void)state;
	assert_int_equal(7, fixture(pkg_app_npm_lock, "npm/npm-shrinkwrap-v1.json", w, &l));
	/* top level: v1 cannot say whether the project asked for it */
	expect(&l, PKG_NPM, "@babel/core", "7.24.0", PKG_SCOPE_UNKNOWN, true, 7, w);
	expect(&l, PKG_NPM, "debug", "2.6.9", PKG_SCOPE_UNKNOWN, false, 33, w);
	expect(&l, PKG_NPM, "koa", "2.15.0", PKG_SCOPE_UNKNOWN, false, 41, w);
	expect(&l, PKG_NPM, "ms", "2.0.0", PKG_SCOPE_UNKNOWN, false, 66, w);
	/* nested twice, once for dev and once not: not dev */
	expect(&l, PKG_NPM, "debug", "4.3.4", PKG_SCOPE_TRANSITIVE, false, 16, w);
	expect(&l, PKG_NPM, "ms", "2.1.2", PKG_SCOPE_TRANSITIVE, true, 25, w);
	/* "npm:wrap-ansi@7.0.0" */
	expect(&l, PKG_NPM, "wrap-ansi", "7.0.0", PKG_SCOPE_UNKNOWN, false, 71, w);
	assert_null(find_name(&l, "left-pad"));
	assert_null(find_name(&l, "local-lib"));
	pkg_list_release(&l);
}

static void test_npm_installed(void **state)
{
	struct pkg_list l = {0};
	const char *e = "usr/src/app/node_modules/express/package.json";
	const struct pkg *p;

	(void)state;
	assert_int_equal(
	    1, fixture(pkg_app_npm_installed, "npm/node_modules-express-package.json", e, &l));
	p = expect(&l, PKG_NPM, "express", "4.18.2", PKG_SCOPE_UNKNOWN, false, 2, e);
	assert_string_equal("MIT", p->license);
	assert_string_equal("pkg:npm/express@4.18.2", p->purl);
	pkg_list_release(&l);

	assert_int_equal(1,
	                 fixture(pkg_app_npm_installed, "npm/node_modules-babel-core-package.json",
	                         "node_modules/@babel/core/package.json", &l));
	assert_string_equal("MIT", l.v[0].license); /* {"type": "MIT", "url": ...} */
	assert_string_equal("pkg:npm/%40babel/core@7.24.0", l.v[0].purl);
	pkg_list_release(&l);

	assert_int_equal(1, fixture(pkg_app_npm_installed, "npm/node_modules-old-package.json",
	                            "node_modules/buffer-crc32/package.json", &l));
	assert_string_equal("MIT", l.v[0].license); /* "licenses": [{"type": ...}] */
	pkg_list_release(&l);

	/* not packages: a package's own {"type": "module"}, a private project */
	assert_int_equal(0,
	                 fixture(pkg_app_npm_installed, "npm/node_modules-nested-type-package.json",
	                         "node_modules/x/esm/package.json", &l));
	assert_int_equal(0, fixture(pkg_app_npm_installed, "npm/project-private-package.json",
	                            "node_modules/shop-api/package.json", &l));
	pkg_list_release(&l);

	expect_error(pkg_app_npm_installed, "{\"name\": \"a\", \"version\": 1}", -EINVAL, 1,
	             "expected a string");
	expect_error(pkg_app_npm_installed, "[\"a\"]", -EINVAL, 1, "expected a package.json");
	expect_error(pkg_app_npm_installed, "{\"name\": \"a\",", -EINVAL, 1, "invalid JSON");
}

static void test_npm_lock_errors(void **state)
{
	(void)state;
	expect_error(pkg_app_npm_lock, "[]", -EINVAL, 1, "expected a package-lock.json object");
	expect_error(pkg_app_npm_lock, "{\"lockfileVersion\": \"3\"}", -EINVAL, 0,
	             "expected 1, 2 or 3");
	expect_error(pkg_app_npm_lock, "{\"lockfileVersion\": 4}", -EINVAL, 0,
	             "expected 1, 2 or 3");
	expect_error(pkg_app_npm_lock, "{\"lockfileVersion\": 3,\n\"packages\": []}", -EINVAL, 2,
	             "'packages' is an array; expected an object");
	expect_error(pkg_app_npm_lock,
	             "{\"lockfileVersion\": 3, \"packages\": {\n\"\": {},\n"
	             "\"node_modules/a\": {\"version\": \"1.0.0\"},\n"
	             "\"node_modules/b\": {\"version\": 2}}}",
	             -EINVAL, 4, "'version' of 'node_modules/b' is a number; expected a string");
	expect_error(pkg_app_npm_lock,
	             "{\"lockfileVersion\": 3, \"packages\": {\n\"node_modules/a\": \"1.0.0\"}}",
	             -EINVAL, 2, "package 'node_modules/a' is a string; expected an object");
	expect_error(pkg_app_npm_lock,
	             "{\"dependencies\": {\"a\": {\"version\": \"1.0.0\",\n"
	             "\"dependencies\": [1]}}}",
	             -EINVAL, 2, "'dependencies' is an array");
	expect_error(pkg_app_npm_lock, "{\"dependencies\": {\n\"a\": true}}", -EINVAL, 2,
	             "dependency 'a' is a boolean; expected an object");
	/* duplicate keys would make the file mean two things */
	expect_error(pkg_app_npm_lock, "{\"lockfileVersion\": 3, \"lockfileVersion\": 3}", -EINVAL,
	             1, "duplicate");
	/* a NUL inside a string */
	expect_error(pkg_app_npm_lock,
	             "{\"lockfileVersion\": 3, \"packages\": {\"node_modules/a\": "
	             "{\"version\": \"1\\u0000\"}}}",
	             -EINVAL, 1, "invalid JSON");
}

/* The fixture cut in half: invalid JSON, with the line where it ends. */
static void test_npm_lock_truncated(void **state)
{
	struct vakt_source *src = NULL;
	struct vakt_error *err = NULL;
	int lines = 1;

	(void)state;
	assert_int_equal(
	    0, vakt_source_read(FIXTURES "npm/package-lock-v3.json", PKG_APP_MAX_FILE, &src, &err));
	for (size_t i = 0; i < src->len / 2; i++)
		lines += src->data[i] == '\n';
	expect_error_len(pkg_app_npm_lock, src->data, src->len / 2, -EINVAL, lines, "invalid JSON");
	vakt_source_free(src);
}

static void test_npm_lock_deep(void **state)
{
	struct vakt_buf b = VAKT_BUF_INIT;
	struct pkg_list l = {0};

	(void)state;
	/* PKG_APP_MAX_DEPTH levels are read; one more is refused before jansson recurses */
	vakt_buf_adds(&b, "{\"lockfileVersion\": 3, \"x\": ");
	for (int i = 2; i <= PKG_APP_MAX_DEPTH; i++)
		vakt_buf_adds(&b, "[");
	for (int i = 2; i <= PKG_APP_MAX_DEPTH; i++)
		vakt_buf_adds(&b, "]");
	vakt_buf_adds(&b, "}");
	expect_count(pkg_app_npm_lock, vakt_buf_str(&b), 0, &l);
	vakt_buf_reset(&b);
	vakt_buf_adds(&b, "{\"lockfileVersion\": 3, \"x\": ");
	for (int i = 0; i < 100000; i++)
		vakt_buf_adds(&b, "[");
	expect_error(pkg_app_npm_lock, vakt_buf_str(&b), -EINVAL, 1, "nested deeper than 64");
	/* brackets inside strings are not nesting */
	vakt_buf_reset(&b);
	vakt_buf_adds(&b, "{\"lockfileVersion\": 3, \"x\": \"");
	for (int i = 0; i < 1000; i++)
		vakt_buf_adds(&b, "[{");
	vakt_buf_adds(&b, "\\\"\"}");
	expect_count(pkg_app_npm_lock, vakt_buf_str(&b), 0, &l);
	vakt_buf_release(&b);
}

/* A generated lock of 20,000 packages: counted, and the lines stay in step. */
static void test_npm_lock_large(void **state)
{
	struct vakt_buf b = VAKT_BUF_INIT;
	struct pkg_list l = {0};
	const struct pkg *p;
	enum { N = 20000 };

	(void)state;
	vakt_buf_adds(&b, "{\n  \"lockfileVersion\": 3,\n  \"packages\": {\n"
	                  "    \"\": {\"dependencies\": {\"p0\": \"1\"}},\n");
	for (int i = 0; i < N; i++)
		vakt_buf_addf(&b,
		              "    \"node_modules/p%d\": {\n      \"version\": \"1.0.%d\",\n"
		              "      \"dependencies\": {\"x\": \"1\"}\n    }%s\n",
		              i, i, i + 1 < N ? "," : "");
	vakt_buf_adds(&b, "  }\n}\n");
	expect_count(pkg_app_npm_lock, vakt_buf_str(&b), N, &l);
	p = find(&l, "p0", "1.0.0");
	assert_non_null(p);
	assert_int_equal(PKG_SCOPE_DIRECT, p->scope);
	assert_int_equal(5, p->line);
	p = find(&l, "p19999", "1.0.19999");
	assert_non_null(p);
	assert_int_equal(5 + 4 * 19999, p->line);
	assert_int_equal(PKG_SCOPE_TRANSITIVE, p->scope);
	pkg_list_release(&l);
	vakt_buf_release(&b);
}

/* Files over PKG_APP_MAX_FILE are refused before a byte is read. */
static void test_size_ceiling(void **state)
{
	static const reader_fn fns[] = {pkg_app_npm_lock,      pkg_app_npm_installed,
	                                pkg_app_yarn_lock,     pkg_app_pnpm_lock,
	                                pkg_app_composer_lock, pkg_app_composer_installed,
	                                pkg_app_gemfile_lock,  pkg_app_gemspec};
	size_t len = (size_t)PKG_APP_MAX_FILE + 1;
	char *big = mmap(NULL, len, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	(void)state;
	assert_true(big != MAP_FAILED);
	for (size_t i = 0; i < sizeof(fns) / sizeof(fns[0]); i++)
		expect_error_len(fns[i], big, len, -EFBIG, 0, "larger than");
	munmap(big, len);
}

/* --- yarn --------------------------------------------------------------- */

static void test_yarn_classic(void **state)
{
	struct pkg_list l = {0};
	const char *y = "srv/yarn.lock";

	(void)state;
	assert_int_equal(8, fixture(pkg_app_yarn_lock, "yarn/yarn-classic.lock", y, &l));
	expect(&l, PKG_NPM, "@babel/code-frame", "7.23.5", PKG_SCOPE_UNKNOWN, false, 5, y);
	expect(&l, PKG_NPM, "@babel/core", "7.24.0", PKG_SCOPE_UNKNOWN, false, 13, y);
	expect(&l, PKG_NPM, "debug", "2.6.9", PKG_SCOPE_UNKNOWN, false, 21, y);
	expect(&l, PKG_NPM, "debug", "4.3.4", PKG_SCOPE_UNKNOWN, false, 28, y);
	expect(&l, PKG_NPM, "express", "4.18.2", PKG_SCOPE_UNKNOWN, false, 35, y);
	expect(&l, PKG_NPM, "ms", "2.0.0", PKG_SCOPE_UNKNOWN, false, 49, y);
	expect(&l, PKG_NPM, "ms", "2.1.2", PKG_SCOPE_UNKNOWN, false, 54, y);
	expect(&l, PKG_NPM, "string-width", "4.2.3", PKG_SCOPE_UNKNOWN, false, 59, y);
	assert_null(find_name(&l, "left-pad"));
	assert_null(find_name(&l, "local-utils"));
	expect_purl(&l, "@babel/core", "7.24.0", "pkg:npm/%40babel/core@7.24.0");
	pkg_list_release(&l);

	expect_error(pkg_app_yarn_lock, "# yarn lockfile v1\n\nexpress\n  version \"1\"\n", -EINVAL,
	             3, "expected an entry");
	expect_error(pkg_app_yarn_lock, "# yarn lockfile v1\n  version \"1\"\n", -EINVAL, 2,
	             "before any entry");
	expect_error(pkg_app_yarn_lock, "a@^1:\n  version \"\"\n", -EINVAL, 2,
	             "expected 'version \"1.2.3\"'");
	expect_error(pkg_app_yarn_lock, "\"a@^1:\n  version \"1.0.0\"\n", -EINVAL, 1,
	             "expected an entry");
	/* a NUL byte is no part of a version */
	expect_error_len(pkg_app_yarn_lock, "a@^1:\n  version \"1.0\0.0\"\n", 25, -EINVAL, 1,
	                 "with a NUL byte");
	/* a git URL resolution is not a registry package */
	expect_count(pkg_app_yarn_lock,
	             "a@^1:\n  version \"1.0.0\"\n  resolved \"git+https://x/a.git#1\"\n", 0, &l);
	pkg_list_release(&l);
}

static void test_yarn_berry(void **state)
{
	struct pkg_list l = {0};
	const char *y = "yarn.lock";

	(void)state;
	assert_int_equal(7, fixture(pkg_app_yarn_lock, "yarn/yarn-berry.lock", y, &l));
	expect(&l, PKG_NPM, "@babel/code-frame", "7.23.5", PKG_SCOPE_UNKNOWN, false, 8, y);
	expect(&l, PKG_NPM, "@babel/core", "7.24.0", PKG_SCOPE_UNKNOWN, false, 18, y);
	expect(&l, PKG_NPM, "debug", "4.3.4", PKG_SCOPE_UNKNOWN, false, 28, y);
	expect(&l, PKG_NPM, "express", "4.18.2", PKG_SCOPE_UNKNOWN, false, 40, y);
	expect(&l, PKG_NPM, "ms", "2.1.2", PKG_SCOPE_UNKNOWN, false, 56, y);
	/* the patched resolve is the resolve it patches: one package */
	expect(&l, PKG_NPM, "resolve", "1.22.8", PKG_SCOPE_UNKNOWN, false, 63, y);
	expect(&l, PKG_NPM, "string-width", "4.2.3", PKG_SCOPE_UNKNOWN, false, 101, y);
	assert_null(find_name(&l, "left-pad"));
	assert_null(find_name(&l, "shop-api"));
	assert_null(find_name(&l, "shared"));
	expect_purl(&l, "@babel/code-frame", "7.23.5", "pkg:npm/%40babel/code-frame@7.23.5");
	pkg_list_release(&l);

	/* a patch of a patch of a git package: passed over */
	expect_count(pkg_app_yarn_lock,
	             "__metadata:\n  version: 8\n\"a@patch:a@https://x/a.tgz#p\":\n"
	             "  version: 1.0.0\n  resolution: \"a@patch:a@https%3A//x#p\"\n",
	             0, &l);
	expect_error(pkg_app_yarn_lock, "__metadata:\n  version: 8\n\"a@npm:^1\": 3\n", -EINVAL, 3,
	             "is not a mapping");
	expect_error(pkg_app_yarn_lock,
	             "__metadata:\n  version: 8\n\"a@npm:^1\":\n  version: 1.0.0\n", -EINVAL, 4,
	             "has no resolution");
	expect_error(pkg_app_yarn_lock,
	             "__metadata:\n  version: 8\n\"a@npm:^1\":\n  resolution: \"a\"\n", -EINVAL, 4,
	             "expected 'name@protocol:reference'");
	expect_error(pkg_app_yarn_lock,
	             "__metadata:\n  version: 8\n\"a@npm:^1\":\n  resolution: \"a@npm:1.0.0\"\n"
	             "  version: [1]\n",
	             -EINVAL, 5, "expected 'version: 1.2.3'");
	expect_error(pkg_app_yarn_lock, "__metadata:\n  version: 8\n- a\n", -EINVAL, 0, "");
	expect_error(pkg_app_yarn_lock, "x: 1\n__metadata: [\n", -EINVAL, 0, "");
	pkg_list_release(&l);
}

/* --- pnpm --------------------------------------------------------------- */

static void test_pnpm_v5(void **state)
{
	struct pkg_list l = {0};
	const char *y = "pnpm-lock.yaml";

	(void)state;
	assert_int_equal(4, fixture(pkg_app_pnpm_lock, "pnpm/pnpm-lock-v5.yaml", y, &l));
	expect(&l, PKG_NPM, "@babel/core", "7.24.0", PKG_SCOPE_DIRECT, true, 15, y);
	expect(&l, PKG_NPM, "debug", "4.3.4", PKG_SCOPE_TRANSITIVE, true, 22, y);
	expect(&l, PKG_NPM, "express", "4.18.2", PKG_SCOPE_DIRECT, false, 27, y);
	/* the peer suffix is not part of the version */
	expect(&l, PKG_NPM, "ts-node", "10.9.2", PKG_SCOPE_TRANSITIVE, true, 32, y);
	expect_purl(&l, "@babel/core", "7.24.0", "pkg:npm/%40babel/core@7.24.0");
	pkg_list_release(&l);
}

static void test_pnpm_v6(void **state)
{
	struct pkg_list l = {0};
	const char *y = "web/pnpm-lock.yaml";

	(void)state;
	assert_int_equal(11, fixture(pkg_app_pnpm_lock, "pnpm/pnpm-lock-v6.yaml", y, &l));
	expect(&l, PKG_NPM, "@babel/core", "7.24.0", PKG_SCOPE_DIRECT, true, 31, y);
	expect(&l, PKG_NPM, "@types/node", "20.11.24", PKG_SCOPE_TRANSITIVE, true, 40, y);
	expect(&l, PKG_NPM, "debug", "2.6.9", PKG_SCOPE_TRANSITIVE, false, 46, y);
	expect(&l, PKG_NPM, "debug", "4.3.4", PKG_SCOPE_TRANSITIVE, true, 57, y);
	expect(&l, PKG_NPM, "express", "4.18.2", PKG_SCOPE_DIRECT, false, 64, y);
	expect(&l, PKG_NPM, "ms", "2.0.0", PKG_SCOPE_TRANSITIVE, false, 71, y);
	expect(&l, PKG_NPM, "ms", "2.1.2", PKG_SCOPE_TRANSITIVE, true, 75, y);
	/* an alias ("/string-width@4.2.3") is direct under its real name */
	expect(&l, PKG_NPM, "string-width", "4.2.3", PKG_SCOPE_DIRECT, false, 79, y);
	expect(&l, PKG_NPM, "ts-node", "10.9.2", PKG_SCOPE_DIRECT, true, 84, y);
	expect(&l, PKG_NPM, "typescript", "5.3.3", PKG_SCOPE_DIRECT, true, 95, y);
	expect(&l, PKG_NPM, "undici-types", "5.26.5", PKG_SCOPE_TRANSITIVE, true, 101, y);
	assert_null(find_name(&l, "left-pad"));
	assert_null(find_name(&l, "ui-kit"));
	expect_purl(&l, "@types/node", "20.11.24", "pkg:npm/%40types/node@20.11.24");
	pkg_list_release(&l);
}

static void test_pnpm_v9(void **state)
{
	struct pkg_list l = {0};
	const char *y = "pnpm-lock.yaml";

	(void)state;
	assert_int_equal(9, fixture(pkg_app_pnpm_lock, "pnpm/pnpm-lock-v9.yaml", y, &l));
	/* direct from either project; dev only when no prod dependency reaches it */
	expect(&l, PKG_NPM, "@nestjs/common", "10.3.3", PKG_SCOPE_DIRECT, false, 39, y);
	expect(&l, PKG_NPM, "rxjs", "7.8.1", PKG_SCOPE_DIRECT, false, 63, y);
	expect(&l, PKG_NPM, "tslib", "2.6.2", PKG_SCOPE_DIRECT, false, 66, y);
	expect(&l, PKG_NPM, "wrap-ansi", "7.0.0", PKG_SCOPE_DIRECT, false, 78, y);
	/* a devDependency that a prod dependency needs as its peer is not dev */
	expect(&l, PKG_NPM, "reflect-metadata", "0.2.1", PKG_SCOPE_DIRECT, false, 60, y);
	expect(&l, PKG_NPM, "typescript", "5.3.3", PKG_SCOPE_DIRECT, true, 69, y);
	expect(&l, PKG_NPM, "ansi-regex", "5.0.1", PKG_SCOPE_TRANSITIVE, false, 52, y);
	expect(&l, PKG_NPM, "iterare", "1.2.1", PKG_SCOPE_TRANSITIVE, false, 56, y);
	expect(&l, PKG_NPM, "uid", "2.0.2", PKG_SCOPE_TRANSITIVE, false, 74, y);
	expect_purl(&l, "@nestjs/common", "10.3.3", "pkg:npm/%40nestjs/common@10.3.3");
	/* without snapshots nothing is known to be dev */
	pkg_list_release(&l);
	expect_count(pkg_app_pnpm_lock,
	             "lockfileVersion: '9.0'\nimporters:\n  .:\n    devDependencies:\n"
	             "      a:\n        specifier: ^1\n        version: 1.0.0\n"
	             "packages:\n  a@1.0.0:\n    resolution: {integrity: x}\n",
	             1, &l);
	assert_false(l.v[0].dev);
	assert_int_equal(PKG_SCOPE_DIRECT, l.v[0].scope);
	pkg_list_release(&l);
}

static void test_pnpm_errors(void **state)
{
	struct pkg_list l = {0};

	(void)state;
	expect_error(pkg_app_pnpm_lock, "packages: {}\n", -EINVAL, 0, "expected 5.x, 6.x or 9.x");
	expect_error(pkg_app_pnpm_lock, "lockfileVersion: '7.0'\n", -EINVAL, 1,
	             "expected 5.x, 6.x or 9.x");
	expect_error(pkg_app_pnpm_lock, "lockfileVersion: 10\n", -EINVAL, 1, "expected 5.x");
	expect_error(pkg_app_pnpm_lock, "- lockfileVersion\n", -EINVAL, 1, "expected one mapping");
	expect_error(pkg_app_pnpm_lock, "lockfileVersion: '9.0'\npackages: [a]\n", -EINVAL, 2,
	             "'packages' is not a mapping");
	expect_error(pkg_app_pnpm_lock, "lockfileVersion: '9.0'\npackages:\n  a@1.0.0: [x]\n",
	             -EINVAL, 3, "package 'a@1.0.0' is not a mapping");
	expect_error(pkg_app_pnpm_lock, "lockfileVersion: '9.0'\npackages:\n  a@1.0.0: {\n",
	             -EINVAL, 0, "");
	/* keys that are not registry packages, and a snapshot cycle, are fine */
	expect_count(pkg_app_pnpm_lock,
	             "lockfileVersion: '9.0'\nimporters:\n  .:\n    dependencies:\n"
	             "      a:\n        specifier: ^1\n        version: 1.0.0\n"
	             "packages:\n  a@1.0.0: {}\n  b@1.0.0: {}\n  c@file:../c: {}\n"
	             "  d@https://x/d.tgz: {}\n  '@x': {}\n"
	             "snapshots:\n  a@1.0.0:\n    dependencies:\n      b: 1.0.0\n"
	             "  b@1.0.0:\n    dependencies:\n      a: 1.0.0\n",
	             2, &l);
	assert_false(l.v[0].dev || l.v[1].dev);
	pkg_list_release(&l);
}

/* --- Composer ----------------------------------------------------------- */

static void test_composer_lock(void **state)
{
	struct pkg_list l = {0};
	const char *c = "app/composer.lock";
	const struct pkg *p;

	(void)state;
	/* a path repository and a branch (dev-main) are not releases */
	assert_int_equal(11, fixture(pkg_app_composer_lock, "composer/composer.lock", c, &l));
	p = expect(&l, PKG_COMPOSER, "guzzlehttp/guzzle", "7.8.1", PKG_SCOPE_UNKNOWN, false, 59, c);
	assert_string_equal("MIT", p->license);
	expect(&l, PKG_COMPOSER, "symfony/console", "v6.4.3", PKG_SCOPE_UNKNOWN, false, 247, c);
	expect(&l, PKG_COMPOSER, "psr/log", "3.0.0", PKG_SCOPE_UNKNOWN, false, 217, c);
	p = expect(&l, PKG_COMPOSER, "phpunit/phpunit", "10.5.10", PKG_SCOPE_UNKNOWN, true, 310, c);
	assert_string_equal("BSD-3-Clause", p->license);
	p = expect(&l, PKG_COMPOSER, "symfony/var-dumper", "v6.4.3", PKG_SCOPE_UNKNOWN, true, 376,
	           c);
	assert_string_equal("MIT OR GPL-2.0-or-later", p->license);
	assert_null(find_name(&l, "acme/billing"));
	assert_null(find_name(&l, "acme/internal-tools"));
	expect_purl(&l, "symfony/console", "v6.4.3", "pkg:composer/symfony/console@v6.4.3");
	expect_purl(&l, "guzzlehttp/guzzle", "7.8.1", "pkg:composer/guzzlehttp/guzzle@7.8.1");
	pkg_list_release(&l);

	expect_error(pkg_app_composer_lock, "[]", -EINVAL, 1, "expected a composer.lock object");
	expect_error(pkg_app_composer_lock, "{\n\"packages\": {}}", -EINVAL, 2,
	             "'packages' is an object; expected an array of packages");
	expect_error(pkg_app_composer_lock, "{\"packages\": [\n{\"name\": \"a/b\"}]}", -EINVAL, 2,
	             "a package without 'version'");
	expect_error(pkg_app_composer_lock,
	             "{\"packages\": [{\"name\": \"a/b\", \"version\": \"1.0.0\"},\n"
	             "{\"name\": \"a/c\", \"version\": 1}]}",
	             -EINVAL, 2, "'version' is a number; expected a string");
	expect_error(pkg_app_composer_lock,
	             "{\"packages\": [{\"name\": \"a/b\", \"version\": \"1\"}, 3]}", -EINVAL, 0,
	             "a package is a number");
	expect_error(pkg_app_composer_lock, "{\"packages\": [", -EINVAL, 1, "invalid JSON");
}

static void test_composer_installed(void **state)
{
	struct pkg_list l = {0};
	const char *v2 = "var/www/vendor/composer/installed.json";

	(void)state;
	assert_int_equal(4,
	                 fixture(pkg_app_composer_installed, "composer/installed-v2.json", v2, &l));
	expect(&l, PKG_COMPOSER, "guzzlehttp/guzzle", "7.8.1", PKG_SCOPE_UNKNOWN, false, 4, v2);
	expect(&l, PKG_COMPOSER, "monolog/monolog", "3.5.0", PKG_SCOPE_UNKNOWN, false, 44, v2);
	expect(&l, PKG_COMPOSER, "psr/log", "3.0.0", PKG_SCOPE_UNKNOWN, false, 78, v2);
	/* dev-package-names */
	expect(&l, PKG_COMPOSER, "phpunit/phpunit", "10.5.10", PKG_SCOPE_UNKNOWN, true, 111, v2);
	pkg_list_release(&l);

	assert_int_equal(2, fixture(pkg_app_composer_installed, "composer/installed-v1.json",
	                            "vendor/composer/installed.json", &l));
	expect(&l, PKG_COMPOSER, "symfony/console", "v6.4.3", PKG_SCOPE_UNKNOWN, false, 3,
	       "vendor/composer/installed.json");
	expect(&l, PKG_COMPOSER, "symfony/polyfill-mbstring", "v1.29.0", PKG_SCOPE_UNKNOWN, false,
	       36, "vendor/composer/installed.json");
	pkg_list_release(&l);

	expect_error(pkg_app_composer_installed, "3", -EINVAL, 1, "expected an installed.json");
	expect_error(pkg_app_composer_installed, "{\"dev\": true}", -EINVAL, 1, "no 'packages'");
	expect_error(pkg_app_composer_installed, "{\"packages\": [], \"dev-package-names\": 1}",
	             -EINVAL, 0, "'dev-package-names' is a number");
	expect_error(pkg_app_composer_installed, "[{\"name\": 1, \"version\": \"1\"}]", -EINVAL, 1,
	             "'name' is a number");
}

/* --- RubyGems ----------------------------------------------------------- */

static void test_gemfile_lock(void **state)
{
	struct pkg_list l = {0};
	const char *g = "app/Gemfile.lock";

	(void)state;
	/* GEM specs only: devise (GIT) and billing (PATH) are passed over */
	assert_int_equal(14, fixture(pkg_app_gemfile_lock, "gem/Gemfile.lock", g, &l));
	expect(&l, PKG_GEM, "rails", "7.1.3", PKG_SCOPE_DIRECT, false, 52, g);
	expect(&l, PKG_GEM, "pg", "1.5.5", PKG_SCOPE_DIRECT, false, 48, g);
	expect(&l, PKG_GEM, "puma", "6.4.2", PKG_SCOPE_DIRECT, false, 49, g);
	expect(&l, PKG_GEM, "bootsnap", "1.18.3", PKG_SCOPE_DIRECT, false, 40, g);
	expect(&l, PKG_GEM, "web-console", "4.2.1", PKG_SCOPE_DIRECT, false, 61, g);
	expect(&l, PKG_GEM, "actioncable", "7.1.3", PKG_SCOPE_TRANSITIVE, false, 20, g);
	expect(&l, PKG_GEM, "concurrent-ruby", "1.2.3", PKG_SCOPE_TRANSITIVE, false, 42, g);
	/* the platform is not part of the version */
	expect(&l, PKG_GEM, "nokogiri", "1.16.2", PKG_SCOPE_TRANSITIVE, false, 46, g);
	assert_null(find_name(&l, "devise"));
	assert_null(find_name(&l, "billing"));
	assert_null(find_name(&l, "racc")); /* a requirement, not a spec */
	expect_purl(&l, "nokogiri", "1.16.2", "pkg:gem/nokogiri@1.16.2");
	expect_purl(&l, "sprockets-rails", "3.4.2", "pkg:gem/sprockets-rails@3.4.2");
	pkg_list_release(&l);

	expect_error(pkg_app_gemfile_lock,
	             "GEM\n  remote: https://rubygems.org/\n  specs:\n"
	             "    rails 7.1.3\n",
	             -EINVAL, 4, "expected 'name (version)'");
	expect_error(pkg_app_gemfile_lock, "GEM\n  specs:\n    rails ()\n", -EINVAL, 3,
	             "expected 'name (version)'");
	expect_error(pkg_app_gemfile_lock, "gem 'rails'\n", -EINVAL, 1, "expected a section");
	expect_error(pkg_app_gemfile_lock, "  specs:\n", -EINVAL, 1, "before any section");
	expect_count(pkg_app_gemfile_lock, "", 0, &l);
	pkg_list_release(&l);
}

static void test_gemfile_lock_ceiling(void **state)
{
	struct vakt_buf b = VAKT_BUF_INIT;
	struct pkg_list l = {0};

	(void)state;
	vakt_buf_adds(&b, "GEM\n  remote: https://rubygems.org/\n  specs:\n");
	for (int i = 0; i < PKG_APP_MAX_PACKAGES; i++)
		vakt_buf_addf(&b, "    g%d (1.0.0)\n", i);
	expect_count(pkg_app_gemfile_lock, vakt_buf_str(&b), PKG_APP_MAX_PACKAGES, &l);
	pkg_list_release(&l);
	vakt_buf_adds(&b, "    one-more (1.0.0)\n");
	expect_error(pkg_app_gemfile_lock, vakt_buf_str(&b), -E2BIG, PKG_APP_MAX_PACKAGES + 4,
	             "more than 200000 packages");
	vakt_buf_release(&b);
}

static void test_gemspec(void **state)
{
	struct pkg_list l = {0};
	const char *r = "usr/local/bundle/specifications/rails-7.1.3.gemspec";
	const struct pkg *p;

	(void)state;
	assert_int_equal(1, fixture(pkg_app_gemspec, "gem/rails-7.1.3.gemspec", r, &l));
	p = expect(&l, PKG_GEM, "rails", "7.1.3", PKG_SCOPE_UNKNOWN, false, 5, r);
	assert_string_equal("MIT", p->license);
	assert_string_equal("pkg:gem/rails@7.1.3", p->purl);
	pkg_list_release(&l);

	assert_int_equal(1, fixture(pkg_app_gemspec, "gem/nokogiri-1.16.2-x86_64-linux.gemspec",
	                            "specifications/nokogiri-1.16.2-x86_64-linux.gemspec", &l));
	assert_string_equal("nokogiri", l.v[0].name);
	assert_string_equal("1.16.2", l.v[0].version);
	pkg_list_release(&l);

	/* %q{...}, as older RubyGems wrote */
	assert_int_equal(1, fixture(pkg_app_gemspec, "gem/json-1.8.6.gemspec",
	                            "specifications/json-1.8.6.gemspec", &l));
	p = expect(&l, PKG_GEM, "json", "1.8.6", PKG_SCOPE_UNKNOWN, false, 4,
	           "specifications/json-1.8.6.gemspec");
	assert_string_equal("Ruby", p->license);
	pkg_list_release(&l);
}

static void test_gemspec_fallbacks(void **state)
{
	struct pkg_list l = {0};
	struct vakt_error *err = NULL;
	const char *t;

	(void)state;
	/* a computed value is not run: the stub line says it */
	t = "# stub: puma 6.4.2 ruby lib\nGem::Specification.new do |s|\n"
	    "  s.name = NAME\n  s.version = Puma::VERSION\n  s.licenses = "
	    "[\"BSD-3-Clause\".freeze]\nend\n";
	assert_int_equal(
	    1, pkg_app_gemspec("specifications/puma-6.4.2.gemspec", t, strlen(t), &l, &err));
	assert_string_equal("puma", l.v[0].name);
	assert_string_equal("6.4.2", l.v[0].version);
	assert_int_equal(1, l.v[0].line);
	assert_string_equal("BSD-3-Clause", l.v[0].license);
	pkg_list_release(&l);
	/* nothing literal: the file name */
	t = "Gem::Specification.new do |s|\n  s.name = \"#{x}\"\nend\n";
	assert_int_equal(
	    1, pkg_app_gemspec("specifications/net-http-0.4.1.gemspec", t, strlen(t), &l, &err));
	assert_string_equal("net-http", l.v[0].name);
	assert_string_equal("0.4.1", l.v[0].version);
	assert_int_equal(0, l.v[0].line);
	pkg_list_release(&l);
	assert_int_equal(1,
	                 pkg_app_gemspec("ffi-1.16.3-x86_64-linux-gnu.gemspec", "", 0, &l, &err));
	assert_string_equal("ffi", l.v[0].name);
	assert_string_equal("1.16.3", l.v[0].version);
	pkg_list_release(&l);
	assert_null(err);
	expect_error(pkg_app_gemspec, "s.name = 'x'\n", -EINVAL, 0,
	             "expected s.name and s.version");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_npm_lock_v3),
	    cmocka_unit_test(test_npm_lock_v2),
	    cmocka_unit_test(test_npm_lock_v1),
	    cmocka_unit_test(test_npm_installed),
	    cmocka_unit_test(test_npm_lock_errors),
	    cmocka_unit_test(test_npm_lock_truncated),
	    cmocka_unit_test(test_npm_lock_deep),
	    cmocka_unit_test(test_npm_lock_large),
	    cmocka_unit_test(test_size_ceiling),
	    cmocka_unit_test(test_yarn_classic),
	    cmocka_unit_test(test_yarn_berry),
	    cmocka_unit_test(test_pnpm_v5),
	    cmocka_unit_test(test_pnpm_v6),
	    cmocka_unit_test(test_pnpm_v9),
	    cmocka_unit_test(test_pnpm_errors),
	    cmocka_unit_test(test_composer_lock),
	    cmocka_unit_test(test_composer_installed),
	    cmocka_unit_test(test_gemfile_lock),
	    cmocka_unit_test(test_gemfile_lock_ceiling),
	    cmocka_unit_test(test_gemspec),
	    cmocka_unit_test(test_gemspec_fallbacks),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
