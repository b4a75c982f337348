/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for the Cargo.lock and go.mod readers (src/pkg/pkg-app-cargo.c,
 * src/pkg/pkg-app-gomod.c) on the fixtures of tests/pkg-app/cargo and
 * tests/pkg-app/go, and on hostile inputs.
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
#define D PKG_SCOPE_DIRECT
#define U PKG_SCOPE_UNKNOWN

typedef long (*reader_fn)(const char *, const char *, size_t, struct pkg_list *,
                          struct vakt_error **);

static void expect_fail(reader_fn reader, const char *path, const char *text, int code,
                        const char *want)
{
	struct pkg_list l = {0};
	struct vakt_error *err = NULL;
	struct pkg *p = pkg_list_add(&l);

	p->name = vakt_xstrdup("bash");
	p->version = vakt_xstrdup("5.2");
	assert_int_equal(code, reader(path, text, strlen(text), &l, &err));
	assert_int_equal(1, l.n);
	assert_string_equal("bash", l.v[0].name);
	expect_error(err, want);
	pkg_list_release(&l);
}

/* --- Cargo.lock ----------------------------------------------------------------- */

static void check_tokio_app(const char *fixture_name)
{
	const char *path = "src/myapp/Cargo.lock";
	struct pkg_list l = {0};
	struct vakt_error *err = NULL;
	size_t len;
	char *data = fixture(fixture_name, &len);

	/* 21 crates, two of them the workspace's own. */
	assert_int_equal(19, pkg_app_cargo_lock(path, data, len, &l, &err));
	assert_null(err);
	assert_false(has_pkg(&l, "myapp"));
	assert_false(has_pkg(&l, "myapp-core"));
	pkg_list_set_purls(&l, NULL);
	expect_app_pkg(&l, PKG_CARGO, "tokio", "1.37.0", D, false, path, 119,
	               "pkg:cargo/tokio@1.37.0");
	expect_app_pkg(&l, PKG_CARGO, "bytes", "1.6.0", D, false, path, 11,
	               "pkg:cargo/bytes@1.6.0");
	expect_app_pkg(&l, PKG_CARGO, "mio", "0.8.11", T, false, path, 23, NULL);
	/* "syn 2.0.58" names one of the two versions. */
	expect_app_pkg(&l, PKG_CARGO, "syn", "2.0.58", D, false, path, 108, "pkg:cargo/syn@2.0.58");
	expect_app_pkg(&l, PKG_CARGO, "syn", "1.0.109", T, false, path, 97, NULL);
	/* A git source, with the version it states. */
	expect_app_pkg(&l, PKG_CARGO, "tracing-otel", "0.2.0", D, false, path, 159,
	               "pkg:cargo/tracing-otel@0.2.0");
	expect_app_pkg(&l, PKG_CARGO, "wasi", "0.11.0+wasi-snapshot-preview1", T, false, path, 174,
	               "pkg:cargo/wasi@0.11.0%2Bwasi-snapshot-preview1");
	pkg_list_release(&l);
	free(data);
}

static void test_cargo_v3(void **state)
{
	(void)state;
	check_tokio_app("cargo/Cargo-v3.lock");
}

static void test_cargo_v4(void **state)
{
	(void)state;
	check_tokio_app("cargo/Cargo-v4.lock");
}

static void test_cargo_v1(void **state)
{
	struct pkg_list l = {0};
	struct vakt_error *err = NULL;
	size_t len;
	char *data = fixture("cargo/Cargo-v1.lock", &len);

	(void)state;
	assert_int_equal(1, pkg_app_cargo_lock("Cargo.lock", data, len, &l, &err));
	expect_app_pkg(&l, PKG_CARGO, "tokio", "1.37.0", D, false, "Cargo.lock", 8, NULL);
	pkg_list_release(&l);
	free(data);
}

/* A lock without a workspace crate (cargo install's) says nothing about direct. */
static void test_cargo_no_workspace(void **state)
{
	static const char text[] = "version = 4\n\n[[package]]\nname = \"libc\"\n"
	                           "version = \"0.2.153\"\n"
	                           "source = \"sparse+https://index.crates.io/\"\n";
	struct pkg_list l = {0};
	struct vakt_error *err = NULL;

	(void)state;
	assert_int_equal(1, pkg_app_cargo_lock("Cargo.lock", text, strlen(text), &l, &err));
	expect_app_pkg(&l, PKG_CARGO, "libc", "0.2.153", U, false, "Cargo.lock", 3, NULL);
	pkg_list_release(&l);
	/* An empty lock is no error. */
	assert_int_equal(0, pkg_app_cargo_lock("Cargo.lock", "version = 4\n", 12, &l, &err));
}

static void test_cargo_errors(void **state)
{
	(void)state;
	expect_fail(pkg_app_cargo_lock, "Cargo.lock",
	            "[[package]]\nname = \"a\"\nversion = \"1\"\nsource = \"path+file:///x\"\n",
	            -EINVAL, "Cargo.lock:4: expected a source 'registry+URL'");
	expect_fail(pkg_app_cargo_lock, "Cargo.lock", "[[package]]\nname = \"a\"\n", -EINVAL,
	            "Cargo.lock:1: expected strings 'name' and 'version'");
	expect_fail(pkg_app_cargo_lock, "Cargo.lock", "[package]\nname = \"a\"\n", -EINVAL,
	            "expected 'package' to be an array of tables, got a table");
	expect_fail(pkg_app_cargo_lock, "Cargo.lock", "version = 3\n[[package]\n", -EINVAL,
	            "Cargo.lock:2:10: expected ']]' to close the table header");
	expect_fail(pkg_app_cargo_lock, "Cargo.lock", "package = [\"x\"]\n", -EINVAL,
	            "expected a table in 'package', got a string");
}

/* 100,000 crates, the workspace depending on all: linear. */
static void test_cargo_huge(void **state)
{
	struct vakt_buf b = VAKT_BUF_INIT;
	struct pkg_list l = {0};
	struct vakt_error *err = NULL;
	int n = 100000;
	double t0;

	(void)state;
	vakt_buf_adds(&b, "version = 3\n\n[[package]]\nname = \"app\"\nversion = \"0.1.0\"\n"
	                  "dependencies = [\n");
	for (int i = 0; i < n; i++)
		vakt_buf_addf(&b, " \"c%d\",\n", i);
	vakt_buf_adds(&b, "]\n\n");
	for (int i = 0; i < n; i++)
		vakt_buf_addf(&b,
		              "[[package]]\nname = \"c%d\"\nversion = \"1.0.0\"\nsource = "
		              "\"registry+https://github.com/rust-lang/crates.io-index\"\n"
		              "checksum = \"0000\"\n\n",
		              i);
	t0 = vakt_now();
	assert_int_equal(n, pkg_app_cargo_lock("Cargo.lock", b.data, b.len, &l, &err));
	assert_true(vakt_now() - t0 < 10.0);
	assert_int_equal(D, l.v[n - 1].scope);
	pkg_list_release(&l);
	vakt_buf_release(&b);
}

/* --- go.mod ----------------------------------------------------------------------- */

static void test_go_mod(void **state)
{
	const char *path = "go.mod";
	struct pkg_list l = {0};
	struct vakt_error *err = NULL;
	size_t len;
	char *data = fixture("go/go.mod", &len);

	(void)state;
	/* 15 requires, one replaced by a directory, and the standard library. */
	assert_int_equal(15, pkg_app_go_mod(path, data, len, &l, &err));
	assert_null(err);
	pkg_list_set_purls(&l, NULL);
	expect_app_pkg(&l, PKG_GO, "github.com/gin-gonic/gin", "v1.9.1", D, false, path, 8,
	               "pkg:golang/github.com/gin-gonic/gin@v1.9.1");
	expect_app_pkg(&l, PKG_GO, "github.com/jackc/pgx/v5", "v5.5.5", D, false, path, 10,
	               "pkg:golang/github.com/jackc/pgx/v5@v5.5.5");
	expect_app_pkg(&l, PKG_GO, "golang.org/x/crypto", "v0.21.0", T, false, path, 13, NULL);
	expect_app_pkg(&l, PKG_GO, "github.com/gin-contrib/sse", "v0.1.0", T, false, path, 18,
	               NULL);
	/* Replaced: for that version, for every version; not for another version. */
	expect_app_pkg(&l, PKG_GO, "golang.org/x/net", "v0.23.0", T, false, path, 22,
	               "pkg:golang/golang.org/x/net@v0.23.0");
	expect_app_pkg(&l, PKG_GO, "github.com/ugorji/go/codec", "v1.2.11", T, false, path, 21,
	               NULL);
	expect_app_pkg(&l, PKG_GO, "golang.org/x/sys", "v0.18.0", T, false, path, 23, NULL);
	/* A quoted path. */
	expect_app_pkg(&l, PKG_GO, "gopkg.in/yaml.v3", "v3.0.1", T, false, path, 27, NULL);
	/* Replaced by a directory: the project's own code. */
	assert_false(has_pkg(&l, "github.com/example/shared"));
	assert_false(has_pkg(&l, "github.com/example/orders-api"));
	expect_app_pkg(&l, PKG_GO, "stdlib", "v1.22.3", D, false, path, 5,
	               "pkg:golang/stdlib@v1.22.3");
	pkg_list_release(&l);
	free(data);
}

/* Which stdlib version the go and toolchain lines give. */
static void expect_stdlib(const char *text, const char *version)
{
	struct pkg_list l = {0};
	struct vakt_error *err = NULL;
	const struct pkg *p;

	assert_true(pkg_app_go_mod("go.mod", text, strlen(text), &l, &err) >= 0);
	p = find_pkg(&l, "stdlib", NULL);
	if (version) {
		if (!p)
			fail_msg("no stdlib for '%s'", text);
		assert_string_equal(version, p->version);
	} else if (p) {
		fail_msg("stdlib %s for '%s'", p->version, text);
	}
	pkg_list_release(&l);
}

static void test_go_stdlib(void **state)
{
	(void)state;
	expect_stdlib("module m\n\ngo 1.21\n", "v1.21.0");
	expect_stdlib("module m\n\ngo 1.22.4\n", "v1.22.4");
	/* Before 1.21, a language version, not a toolchain. */
	expect_stdlib("module m\n\ngo 1.19\n", NULL);
	expect_stdlib("module m\n\ngo 1.21rc2\n", NULL);
	expect_stdlib("module m\ngo 1.16\ntoolchain go1.21.8\n", "v1.21.8");
	expect_stdlib("module m\ngo 1.22.1\ntoolchain go1.23.0-custom\n", "v1.23.0");
	expect_stdlib("module m\n", NULL);
	expect_stdlib("module m\ngo 2.0\n", NULL);
}

static void test_go_mod_forms(void **state)
{
	static const char text[] = "// a comment first\n"
	                           "module `example.com/m`\n"
	                           "require ()\n"
	                           "require (\n"
	                           "\texample.com/a v1.0.0 //indirect\n"
	                           "\texample.com/b v1.0.0 // not indirect\n"
	                           ")\n"
	                           "replace example.com/b v1.0.0 => /abs/path/b\n"
	                           "tool example.com/cmd/gen\n"
	                           "godebug default=go1.21\n";
	struct pkg_list l = {0};
	struct vakt_error *err = NULL;

	(void)state;
	assert_int_equal(1, pkg_app_go_mod("go.mod", text, strlen(text), &l, &err));
	expect_app_pkg(&l, PKG_GO, "example.com/a", "v1.0.0", T, false, "go.mod", 5, NULL);
	pkg_list_release(&l);
}

static void test_go_mod_errors(void **state)
{
	(void)state;
	expect_fail(pkg_app_go_mod, "go.mod", "module m\nrequire (\n\tx.io/a v1.0.0\n", -EINVAL,
	            "go.mod:2:1: expected ')' closing the 'require' block");
	expect_fail(pkg_app_go_mod, "go.mod", "module m\nrequire x.io/a\n", -EINVAL,
	            "go.mod:2:1: expected 'require MODULE VERSION'");
	/* Fuzz finding: an empty quoted path made a nameless package. */
	expect_fail(pkg_app_go_mod, "go.mod", "module m\nrequire \"\" v3.0.1\n", -EINVAL,
	            "go.mod:2:1: expected 'require MODULE VERSION'");
	expect_fail(pkg_app_go_mod, "go.mod", "replace a => \"b c\" v1\n", -EINVAL,
	            "go.mod:1:1: expected 'replace MODULE");
	expect_fail(pkg_app_go_mod, "go.mod", "module m\nrequire x.io/a 1.0.0\n", -EINVAL,
	            "go.mod:2:1: expected 'require MODULE VERSION'");
	expect_fail(pkg_app_go_mod, "go.mod", "module m\nrequires x.io/a v1.0.0\n", -EINVAL,
	            "go.mod:2:1: expected a directive");
	expect_fail(pkg_app_go_mod, "go.mod", "module m\nreplace x.io/a v1 x.io/b v2\n", -EINVAL,
	            "go.mod:2:1: expected 'replace MODULE [VERSION] => MODULE VERSION'");
	expect_fail(pkg_app_go_mod, "go.mod", "module m\nrequire \"x.io/a v1.0.0\n", -EINVAL,
	            "go.mod:2:9: unterminated quoted string");
	expect_fail(pkg_app_go_mod, "go.mod", "module m\nfoo (\n)\n", -EINVAL,
	            "go.mod:2:1: expected a directive that takes a block");
	expect_fail(pkg_app_go_mod, "go.mod", "module\n", -EINVAL,
	            "go.mod:1:1: expected 'module PATH'");
	expect_fail(pkg_app_go_mod, "go.mod", "go 1.22 1.23\n", -EINVAL, "expected 'go VERSION'");
	expect_fail(pkg_app_go_mod, "go.mod", "require a b c d e f g h i\n", -EINVAL, "go.mod:1:");
	{
		static const char nul[] = "module m\nrequire x.io/a v1\0\n";
		struct pkg_list l = {0};
		struct vakt_error *err = NULL;

		assert_int_equal(-EINVAL, pkg_app_go_mod("go.mod", nul, sizeof(nul) - 1, &l, &err));
		expect_error(err, "go.mod:2:1: expected text, got a NUL byte");
	}
}

/* Many requires and the replace ceiling. */
static void test_go_mod_limits(void **state)
{
	struct vakt_buf b = VAKT_BUF_INIT;
	struct pkg_list l = {0};
	struct vakt_error *err = NULL;
	double t0;

	(void)state;
	vakt_buf_adds(&b, "module m\n\nrequire (\n");
	for (int i = 0; i < 100000; i++)
		vakt_buf_addf(&b, "\texample.com/m%d v1.%d.0\n", i, i);
	vakt_buf_adds(&b, ")\n");
	for (int i = 0; i < 5000; i++)
		vakt_buf_addf(&b, "replace example.com/m%d => example.com/fork%d v2.0.0\n", i * 2,
		              i);
	t0 = vakt_now();
	assert_int_equal(100000, pkg_app_go_mod("go.mod", b.data, b.len, &l, &err));
	assert_true(vakt_now() - t0 < 10.0);
	expect_app_pkg(&l, PKG_GO, "example.com/fork7", "v2.0.0", D, false, "go.mod", 18, NULL);
	pkg_list_release(&l);
	for (int i = 0; i < 5001; i++)
		vakt_buf_addf(&b, "replace example.com/x%d => example.com/y v2.0.0\n", i);
	expect_fail(pkg_app_go_mod, "go.mod", b.data, -E2BIG, "more than 10000 replace directives");
	vakt_buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_cargo_v3),      cmocka_unit_test(test_cargo_v4),
	    cmocka_unit_test(test_cargo_v1),      cmocka_unit_test(test_cargo_no_workspace),
	    cmocka_unit_test(test_cargo_errors),  cmocka_unit_test(test_cargo_huge),
	    cmocka_unit_test(test_go_mod),        cmocka_unit_test(test_go_stdlib),
	    cmocka_unit_test(test_go_mod_forms),  cmocka_unit_test(test_go_mod_errors),
	    cmocka_unit_test(test_go_mod_limits),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
