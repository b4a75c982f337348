/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "core/dl.h"
#include "image/img-dl.h"
#include "pkg/pkg-dl.h"

/* A library that is not there names itself and the package to install. */
static void test_missing_library(void **state)
{
	void *p = NULL;
	struct vakt_dl_sym syms[] = {{"nothing", &p}};
	struct vakt_error *err = NULL;

	(void)state;
	assert_int_equal(vakt_dl_load("libvakt-absent.so.9", "libvakt-absent9", syms, 1, &err),
	                 -ELIBACC);
	assert_non_null(strstr(err->msg, "cannot load libvakt-absent.so.9"));
	assert_non_null(strstr(err->msg, "install the Debian package libvakt-absent9"));
	assert_null(p);
	vakt_error_free(err);
}

/* A library without a symbol asked for is refused whole, naming the symbol. */
static void test_missing_symbol(void **state)
{
	void *a = NULL, *b = NULL;
	struct vakt_dl_sym syms[] = {{"strlen", &a}, {"vakt_no_such_function", &b}};
	struct vakt_error *err = NULL;

	(void)state;
	assert_int_equal(vakt_dl_load("libc.so.6", "libc6", syms, 2, &err), -ELIBBAD);
	assert_non_null(strstr(err->msg, "libc.so.6 has no symbol vakt_no_such_function"));
	vakt_error_free(err);
}

/* The image and package tables fill completely, and twice is as good as once. */
static void test_domain_tables(void **state)
{
	(void)state;
	assert_int_equal(img_dl_load(NULL), 0);
	assert_int_equal(img_dl_load(NULL), 0);
	assert_non_null(archive_read_new);
	assert_non_null(isal_inflate);
	assert_non_null(EVP_sha256);
	assert_int_equal(pkg_dl_load(NULL), 0);
	assert_non_null(sqlite3_open_v2);
	/* The names in image and package sources are the table's slots (img-dl.h). */
	{
		struct archive *a = archive_read_new();

		assert_non_null(a);
		archive_read_free(a);
	}
	assert_non_null(sqlite3_errstr(0));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_missing_library),
	    cmocka_unit_test(test_missing_symbol),
	    cmocka_unit_test(test_domain_tables),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
