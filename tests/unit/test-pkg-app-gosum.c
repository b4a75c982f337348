/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for the go.sum reader and what a go.mod says of it
 * (src/pkg/pkg-app-gosum.c, pkg_app_go_mod_keys() in pkg-app-gomod.c) on
 * the go 1.16 module of tests/pkg-app/go-1.16, and on hostile inputs.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "pkg-app-lock-test.h"
#include "pkg/pkg.h"

#define T PKG_SCOPE_TRANSITIVE

static void expect_fail(const char *text, size_t len, int code, const char *want)
{
	struct pkg_list l = {0};
	struct vakt_error *err = NULL;
	struct pkg *p = pkg_list_add(&l);

	p->name = vakt_xstrdup("bash");
	p->version = vakt_xstrdup("5.2");
	assert_int_equal(code, pkg_app_go_sum("app/go.sum", text, len, &l, &err));
	assert_int_equal(1, l.n);
	assert_string_equal("bash", l.v[0].name);
	expect_error(err, want);
	pkg_list_release(&l);
}

/* The modules of the fixture, read as path (data as given). */
static void check_fixture(const char *path, const char *data, size_t len)
{
	struct pkg_list l = {0};
	struct vakt_error *err = NULL;

	/* 27 content lines of 24 modules; 11 /go.mod lines of modules with no content line. */
	assert_int_equal(24, pkg_app_go_sum(path, data, len, &l, &err));
	assert_null(err);
	pkg_list_set_purls(&l, NULL);
	expect_app_pkg(&l, PKG_GO, "github.com/gin-contrib/sse", "v0.1.0", T, false, path, 10,
	               "pkg:golang/github.com/gin-contrib/sse@v0.1.0");
	/* Several versions: the highest by Go's order, not the last nor the longest. */
	expect_app_pkg(&l, PKG_GO, "github.com/golang/protobuf", "v1.5.2", T, false, path, 26,
	               NULL);
	expect_app_pkg(&l, PKG_GO, "github.com/json-iterator/go", "v1.1.12", T, false, path, 30,
	               NULL);
	expect_app_pkg(&l, PKG_GO, "gopkg.in/yaml.v2", "v2.4.0", T, false, path, 61, NULL);
	assert_null(find_pkg(&l, "gopkg.in/yaml.v2", "v2.2.8"));
	assert_null(find_pkg(&l, "github.com/golang/protobuf", "v1.3.3"));
	/* Pseudo-versions by their timestamps; the newer one is the content line. */
	expect_app_pkg(&l, PKG_GO, "github.com/modern-go/concurrent",
	               "v0.0.0-20180306012644-bacd9c7ef1dd", T, false, path, 38, NULL);
	expect_app_pkg(&l, PKG_GO, "golang.org/x/sys", "v0.0.0-20211216021012-1d35b9e2eb4e", T,
	               false, path, 55, NULL);
	expect_app_pkg(&l, PKG_GO, "github.com/dgrijalva/jwt-go", "v3.2.0+incompatible", T, false,
	               path, 6, "pkg:golang/github.com/dgrijalva/jwt-go@v3.2.0%2Bincompatible");
	/* A /go.mod line without a content line: read for the graph, not built. */
	assert_false(has_pkg(&l, "github.com/kr/pretty"));
	assert_false(has_pkg(&l, "github.com/go-playground/assert/v2"));
	pkg_list_release(&l);
}

static void test_go_sum(void **state)
{
	size_t len;
	char *data = fixture("go-1.16/go.sum", &len);
	struct vakt_buf crlf = VAKT_BUF_INIT;

	(void)state;
	check_fixture("app/go.sum", data, len);
	/* Checked out on Windows with core.autocrlf: the same modules and lines. */
	for (size_t i = 0; i < len; i++) {
		if (data[i] == '\n')
			vakt_buf_addc(&crlf, '\r');
		vakt_buf_addc(&crlf, data[i]);
	}
	check_fixture("app/go.sum", crlf.data, crlf.len);
	vakt_buf_release(&crlf);
	free(data);
}

/* go.mod's summary: the go directive's age, the paths it names. */
static void test_go_mod_keys(void **state)
{
	static const struct {
		const char *text;
		bool needs;
	} cases[] = {
	    {"module m\n\ngo 1.16\n", true},
	    {"module m\n\ngo 1.12\n", true},
	    {"module m\n", true}, /* no go line: Go 1.16 semantics (older still) */
	    {"module m\n\ngo 1.17\n", false},
	    {"module m\n\ngo 1.21.0\n", false},
	    {"module m\n\ngo 1.22\ntoolchain go1.22.3\n", false},
	    {"module m\n\ngo 2.0\n", false},
	    {"module m\n\ngo latest\n", false},
	};
	struct pkg_app_go_mod_keys k;
	struct vakt_error *err = NULL;
	size_t len;
	char *data = fixture("go-1.16/go.mod", &len);

	(void)state;
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(cases); i++) {
		assert_int_equal(0, pkg_app_go_mod_keys("go.mod", cases[i].text,
		                                        strlen(cases[i].text), &k, &err));
		if (k.needs_sum != cases[i].needs)
			fail_msg("'%s': needs_sum %d", cases[i].text, k.needs_sum);
		assert_int_equal(0, k.n);
		assert_false(pkg_app_go_mod_keys_has(&k, "m"));
		pkg_app_go_mod_keys_release(&k);
	}
	assert_int_equal(0, pkg_app_go_mod_keys("go.mod", data, len, &k, &err));
	assert_true(k.needs_sum);
	/* Four requires, a replace's two sides (the same path). */
	assert_int_equal(6, k.n);
	assert_true(pkg_app_go_mod_keys_has(&k, "github.com/gin-gonic/gin"));
	assert_true(pkg_app_go_mod_keys_has(&k, "golang.org/x/net"));
	assert_false(pkg_app_go_mod_keys_has(&k, "github.com/gin-contrib/sse"));
	pkg_app_go_mod_keys_release(&k);
	/* A go.mod that does not parse: its error, nothing kept. */
	assert_int_equal(-EINVAL,
	                 pkg_app_go_mod_keys("x/go.mod", "module m\nrequire (\n", 19, &k, &err));
	assert_int_equal(0, k.n);
	assert_null(k.paths);
	expect_error(err, "x/go.mod:2:1: expected ')' closing the 'require' block");
	free(data);
}

/* What go.mod names wins; what it replaces is left out. */
static void test_go_sum_beside(void **state)
{
	struct pkg_app_go_mod_keys k;
	struct pkg_list l = {0};
	struct vakt_error *err = NULL;
	size_t mlen, slen;
	char *mod = fixture("go-1.16/go.mod", &mlen), *sum = fixture("go-1.16/go.sum", &slen);

	(void)state;
	assert_int_equal(0, pkg_app_go_mod_keys("go.mod", mod, mlen, &k, &err));
	assert_int_equal(19, pkg_app_go_sum_beside(&k, "go.sum", sum, slen, &l, &err));
	assert_null(err);
	assert_false(has_pkg(&l, "github.com/gin-gonic/gin"));
	assert_false(has_pkg(&l, "github.com/dgrijalva/jwt-go"));
	assert_false(has_pkg(&l, "golang.org/x/net"));
	expect_app_pkg(&l, PKG_GO, "github.com/ugorji/go/codec", "v1.1.7", T, false, "go.sum", 47,
	               NULL);
	pkg_list_release(&l);
	/* A bad go.sum: its error, the list as it was. */
	l = (struct pkg_list){0};
	assert_int_equal(-EINVAL,
	                 pkg_app_go_sum_beside(&k, "go.sum", "a v1 h1:x=\nb\n", 13, &l, &err));
	assert_int_equal(0, l.n);
	expect_error(err, "go.sum:2:1: expected 'MODULE VERSION HASH', got 1 word");
	pkg_app_go_mod_keys_release(&k);
	free(mod);
	free(sum);
}

static void test_go_sum_forms(void **state)
{
	static const char text[] = "\n"
	                           "  \t\n"
	                           "example.com/a v1.0.0 h1:AAAA=\n"
	                           "example.com/a\tv1.0.0/go.mod\th1:BBBB=\n"
	                           "example.com/b v0.0.0/go.mod h1:CCCC=\n"
	                           "example.com/a v1.0.0 h1:AAAA=\n"
	                           "example.com/c v1.0.0 h2:DDDD=";
	struct pkg_list l = {0};
	struct vakt_error *err = NULL;

	(void)state;
	/* Blank lines, tabs, a repeated line, another hash algorithm, no final newline. */
	assert_int_equal(2, pkg_app_go_sum("go.sum", text, sizeof(text) - 1, &l, &err));
	expect_app_pkg(&l, PKG_GO, "example.com/a", "v1.0.0", T, false, "go.sum", 3, NULL);
	expect_app_pkg(&l, PKG_GO, "example.com/c", "v1.0.0", T, false, "go.sum", 7, NULL);
	pkg_list_release(&l);
	l = (struct pkg_list){0};
	assert_int_equal(0, pkg_app_go_sum("go.sum", "", 0, &l, &err));
	assert_int_equal(0, pkg_app_go_sum("go.sum", "x v1/go.mod h1:A=\n", 18, &l, &err));
	assert_int_equal(0, l.n);
}

static void test_go_sum_errors(void **state)
{
	static const char nul[] = "example.com/a v1.0.0 h1:A=\nexample.com/b v1\0 h1:B=\n";

	(void)state;
#define FAIL(text, code, want) expect_fail(text, strlen(text), code, want)
	/* An unresolved merge conflict. */
	FAIL("example.com/a v1.0.0 h1:A=\n<<<<<<< HEAD\n", -EINVAL,
	     "app/go.sum:2:1: expected 'MODULE VERSION HASH', got 2 words");
	FAIL("example.com/a v1.0.0\n", -EINVAL, "app/go.sum:1:1: expected 'MODULE VERSION HASH'");
	FAIL("example.com/a v1.0.0 h1:A= extra\n", -EINVAL, "got 4 words or more");
	FAIL("  example.com/a 1.0.0 h1:A=\n", -EINVAL,
	     "app/go.sum:1:3: expected 'MODULE VERSION HASH' (a version starts with 'v'");
	FAIL("example.com/a v h1:A=\n", -EINVAL, "a version starts with 'v'");
	FAIL("example.com/a v1.0.0 deadbeef\n", -EINVAL, "a hash is 'h1:...'");
	FAIL("example.com/a v1.0.0 :A=\n", -EINVAL, "a hash is 'h1:...'");
	FAIL("example.com/a v1.0.0 h1:\n", -EINVAL, "a hash is 'h1:...'");
	FAIL("example.com/\x01 v1.0.0 h1:A=\n", -EINVAL, "a hash is 'h1:...'");
	FAIL("example.com/a v1.0.0\x7f h1:A=\n", -EINVAL, "a hash is 'h1:...'");
	/* A bad line after good ones: nothing is kept. */
	FAIL("example.com/a v1.0.0 h1:A=\nexample.com/b v1.0.0/go.mod h1:B=\nx\n", -EINVAL,
	     "app/go.sum:3:1");
	expect_fail(nul, sizeof(nul) - 1, -EINVAL, "app/go.sum:2:1: expected text, got a NUL byte");
#undef FAIL
}

/* A huge line, the package ceiling, the file ceiling. */
static void test_go_sum_limits(void **state)
{
	struct vakt_buf b = VAKT_BUF_INIT;
	struct pkg_list l = {0};
	struct vakt_error *err = NULL;
	double t0;

	(void)state;
	vakt_buf_adds(&b, "example.com/");
	for (int i = 0; i < 1 << 20; i++)
		vakt_buf_addc(&b, 'a');
	vakt_buf_adds(&b, " v1.0.0/go.mod h1:A=\n");
	/* As a /go.mod line it names no package: read past. */
	assert_int_equal(0, pkg_app_go_sum("go.sum", b.data, b.len, &l, &err));
	b.len -= strlen("/go.mod h1:A=\n");
	vakt_buf_adds(&b, " h1:A=\n");
	expect_fail(b.data, b.len, -E2BIG, "app/go.sum:1:1: module path or version longer than");
	vakt_buf_release(&b);
	b = (struct vakt_buf)VAKT_BUF_INIT;
	for (int i = 0; i < PKG_APP_MAX_PACKAGES; i++)
		vakt_buf_addf(&b, "example.com/m%d v1.%d.0 h1:A=\n", i, i % 7);
	t0 = vakt_now();
	assert_int_equal(PKG_APP_MAX_PACKAGES, pkg_app_go_sum("go.sum", b.data, b.len, &l, &err));
	assert_true(vakt_now() - t0 < 10.0);
	expect_app_pkg(&l, PKG_GO, "example.com/m12", "v1.5.0", T, false, "go.sum", 13, NULL);
	pkg_list_release(&l);
	/* Several versions of one module count as lines read, not as packages. */
	vakt_buf_adds(&b, "example.com/m0 v1.9.0 h1:A=\n");
	expect_fail(b.data, b.len, -E2BIG, "more than 200000 packages");
	expect_fail(b.data, (size_t)PKG_APP_MAX_FILE + 1, -EFBIG, "larger than");
	vakt_buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_go_sum),        cmocka_unit_test(test_go_mod_keys),
	    cmocka_unit_test(test_go_sum_beside), cmocka_unit_test(test_go_sum_forms),
	    cmocka_unit_test(test_go_sum_errors), cmocka_unit_test(test_go_sum_limits),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
