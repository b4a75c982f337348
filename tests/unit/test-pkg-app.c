/* SPDX-License-Identifier: MIT */
/*
 * pkg-app.c: which reader a path calls for, ELF detection, and the dispatch
 * with its ceilings (the readers themselves have their own tests).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "pkg/pkg-app.h"
#include "pkg/pkg.h"

static void test_kind_of(void **state)
{
	static const struct {
		const char *path;
		enum pkg_app_kind kind;
	} cases[] = {
	    {"app/package-lock.json", PKG_APP_NPM_LOCK},
	    {"npm-shrinkwrap.json", PKG_APP_NPM_LOCK},
	    {"srv/yarn.lock", PKG_APP_YARN_LOCK},
	    {"pnpm-lock.yaml", PKG_APP_PNPM_LOCK},
	    {"app/node_modules/express/package.json", PKG_APP_NPM_INSTALLED},
	    {"app/node_modules/@babel/core/package.json", PKG_APP_NPM_INSTALLED},
	    {"app/package.json", PKG_APP_NONE},
	    {"usr/lib/python3/dist-packages/requests-2.31.0.dist-info/METADATA",
	     PKG_APP_PY_METADATA},
	    {"site-packages/six-1.16.0.egg-info/PKG-INFO", PKG_APP_PY_METADATA},
	    {"docs/METADATA", PKG_APP_NONE},
	    {"requirements.txt", PKG_APP_PY_REQUIREMENTS},
	    {"requirements-dev.txt", PKG_APP_PY_REQUIREMENTS},
	    {"requirements/base.txt", PKG_APP_PY_REQUIREMENTS},
	    {"srv/requirements/prod.txt", PKG_APP_PY_REQUIREMENTS},
	    {"docs/notes.txt", PKG_APP_NONE},
	    {"poetry.lock", PKG_APP_POETRY_LOCK},
	    {"Pipfile.lock", PKG_APP_PIPFILE_LOCK},
	    {"uv.lock", PKG_APP_UV_LOCK},
	    {"src/go.mod", PKG_APP_GO_MOD},
	    {"Cargo.lock", PKG_APP_CARGO_LOCK},
	    {"Gemfile.lock", PKG_APP_GEMFILE_LOCK},
	    {"usr/local/bundle/specifications/rack-3.0.9.gemspec", PKG_APP_GEMSPEC},
	    {"rack.gemspec", PKG_APP_NONE},
	    {"composer.lock", PKG_APP_COMPOSER_LOCK},
	    {"app/vendor/composer/installed.json", PKG_APP_COMPOSER_INSTALLED},
	    {"opt/app/lib/log4j-core-2.14.1.jar", PKG_APP_JAR},
	    {"ROOT.WAR", PKG_APP_JAR},
	    {"app.ear", PKG_APP_JAR},
	    {"usr/bin/kubectl", PKG_APP_NONE},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (pkg_app_kind_of(cases[i].path) != cases[i].kind)
			fail_msg("%s: kind %d, expected %d", cases[i].path,
			         pkg_app_kind_of(cases[i].path), cases[i].kind);
}

static void test_is_elf(void **state)
{
	static const char elf[16] = "\x7f"
	                            "ELF\x02\x01\x01";

	(void)state;
	assert_true(pkg_app_is_elf(elf, sizeof(elf)));
	assert_false(pkg_app_is_elf(elf, 4));
	assert_false(pkg_app_is_elf("#!/bin/sh\necho hello\n", 21));
}

static void test_read_dispatch(void **state)
{
	static const char lock[] =
	    "[[package]]\nname = \"serde\"\nversion = \"1.0.197\"\n"
	    "source = \"registry+https://github.com/rust-lang/crates.io-index\"\n";
	struct pkg_list l = {0};
	struct vakt_error *err = NULL;

	(void)state;
	assert_int_equal(1, pkg_app_read(PKG_APP_CARGO_LOCK, "app/Cargo.lock", lock,
	                                 sizeof(lock) - 1, &l, &err));
	assert_null(err);
	pkg_list_set_purls(&l, NULL);
	assert_string_equal("pkg:cargo/serde@1.0.197", l.v[0].purl);
	assert_string_equal("app/Cargo.lock", l.v[0].found_in);
	/* No reader for NONE; a file beyond the ceiling is refused before any reader sees it. */
	assert_int_equal(-EINVAL, pkg_app_read(PKG_APP_NONE, "x", "", 0, &l, &err));
	assert_non_null(strstr(err->msg, "not a file of application packages"));
	vakt_error_free(err);
	err = NULL;
	assert_int_equal(-EFBIG, pkg_app_read(PKG_APP_GO_MOD, "go.mod", lock,
	                                      (size_t)PKG_APP_MAX_FILE + 1, &l, &err));
	assert_non_null(err);
	vakt_error_free(err);
	assert_int_equal(1, l.n);
	pkg_list_release(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_kind_of),
	    cmocka_unit_test(test_is_elf),
	    cmocka_unit_test(test_read_dispatch),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
