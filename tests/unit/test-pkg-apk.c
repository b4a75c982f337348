/* SPDX-License-Identifier: MIT */
/* Unit tests for src/pkg/pkg-apk.c: lib/apk/db/installed. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/mman.h>

#include <cmocka.h>

#include "pkg/pkg.h"

#define APK_PATH "lib/apk/db/installed"

/*
 * Records in the shape apk-tools writes (apk-package(5)): identity, then
 * metadata, then the directory (F:) and file (R:) lists with checksums.
 */
static const char installed[] = "C:Q1Vs1ORvAeGcKcCyMbTT3O+wrBfnw=\n"
                                "P:musl\n"
                                "V:1.2.4_git20230717-r4\n"
                                "A:x86_64\n"
                                "S:407434\n"
                                "I:667648\n"
                                "T:the musl c library (libc) implementation\n"
                                "U:https://musl.libc.org/\n"
                                "L:MIT\n"
                                "o:musl\n"
                                "m:Timo Teräs <timo.teras@iki.fi>\n"
                                "t:1704212216\n"
                                "c:2c5d6c5d7e06c33a7b2e2c4e3d0a6a7b7a7a2b1c\n"
                                "p:so:libc.musl-x86_64.so.1=1\n"
                                "F:lib\n"
                                "R:ld-musl-x86_64.so.1\n"
                                "a:0:0:755\n"
                                "Z:Q1fFNKpJk1f2CqaeZpVBHvuz9HkjE=\n"
                                "R:libc.musl-x86_64.so.1\n"
                                "\n"
                                "C:Q1Kp4Ydd2e6c1eVJc1HhIaw6Uk0cE=\n"
                                "P:libcrypto3\n"
                                "V:3.1.4-r5\n"
                                "A:x86_64\n"
                                "L:Apache-2.0\n"
                                "o:openssl\n"
                                "D:so:libc.musl-x86_64.so.1\n"
                                "F:usr/lib\n"
                                "R:libcrypto.so.3\n"
                                "\n"
                                "P:busybox-binsh\n"
                                "V:1.36.1-r15\n"
                                "A:x86_64\n"
                                "L:GPL-2.0-only\n"
                                "o:busybox\n"
                                "\n"
                                "P:ca-certificates-bundle\n"
                                "V:20240226-r0\n"
                                "A:x86_64\n"
                                "L:MPL-2.0 AND MIT\n"
                                "o:ca-certificates\n"
                                "\n"
                                "P:alpine-baselayout-data\n"
                                "V:3.4.3-r2\n"
                                "A:x86_64\n"
                                "\n";

static const struct pkg *find(const struct pkg_list *l, const char *name)
{
	for (size_t i = 0; i < l->n; i++)
		if (!strcmp(l->v[i].name, name))
			return &l->v[i];
	return NULL;
}

static void expect_pkg(const struct pkg_list *l, const char *name, const char *version,
                       const char *source, const char *license, int line)
{
	const struct pkg *p = find(l, name);

	if (!p)
		fail_msg("package '%s' missing", name);
	assert_int_equal(PKG_APK, p->type);
	assert_string_equal(version, p->version);
	assert_string_equal("x86_64", p->arch);
	assert_string_equal(source, p->source);
	assert_string_equal(version, p->source_version);
	if (license)
		assert_string_equal(license, p->license);
	else
		assert_null(p->license);
	assert_int_equal(-1, p->layer);
	assert_int_equal(line, p->line);
}

static void test_installed(void **state)
{
	struct pkg_list l = {0};
	struct vakt_error *err = NULL;

	assert_int_equal(0,
	                 pkg_apk_parse_installed(APK_PATH, installed, strlen(installed), &l, &err));
	assert_null(err);
	assert_int_equal(5, l.n);
	expect_pkg(&l, "musl", "1.2.4_git20230717-r4", "musl", "MIT", 1);
	expect_pkg(&l, "libcrypto3", "3.1.4-r5", "openssl", "Apache-2.0", 21);
	expect_pkg(&l, "busybox-binsh", "1.36.1-r15", "busybox", "GPL-2.0-only", 31);
	expect_pkg(&l, "ca-certificates-bundle", "20240226-r0", "ca-certificates",
	           "MPL-2.0 AND MIT", 37);
	/* No origin: the package is its own source. */
	expect_pkg(&l, "alpine-baselayout-data", "3.4.3-r2", "alpine-baselayout-data", NULL, 43);
	pkg_list_release(&l);
}

static void test_shapes(void **state)
{
	/* CRLF, no final newline, records without P or V, repeated keys. */
	static const char s[] = "P:a\r\nV:1\r\nV:2\r\n\r\n"
	                        "V:9\nA:x86_64\n\n"
	                        "P:nover\nA:x86_64\n\n"
	                        "P:\nV:1\n\n"
	                        "\n\n \t\n"
	                        "P:  spaced  \nV: 3 \nA:\no:\nL:";
	struct pkg_list l = {0};

	assert_int_equal(0, pkg_apk_parse_installed(APK_PATH, s, strlen(s), &l, NULL));
	assert_int_equal(2, l.n);
	assert_string_equal("a", l.v[0].name);
	assert_string_equal("2", l.v[0].version);
	assert_null(l.v[0].arch);
	assert_string_equal("spaced", l.v[1].name);
	assert_string_equal("3", l.v[1].version);
	assert_null(l.v[1].arch);
	assert_string_equal("spaced", l.v[1].source);
	assert_null(l.v[1].license);
	pkg_list_release(&l);
	assert_int_equal(0, pkg_apk_parse_installed(APK_PATH, "", 0, &l, NULL));
	assert_int_equal(0, l.n);
}

static void expect_error(const char *data, size_t len, int code, int line, const char *needle)
{
	struct pkg_list l = {0};
	struct vakt_error *err = NULL;

	pkg_list_add(&l)->name = vakt_xstrdup("before");
	assert_int_equal(code, pkg_apk_parse_installed(APK_PATH, data, len, &l, &err));
	assert_non_null(err);
	assert_int_equal(code, err->code);
	assert_string_equal(APK_PATH, err->file);
	assert_int_equal(line, err->line);
	if (!strstr(err->msg, needle))
		fail_msg("error '%s' does not mention '%s'", err->msg, needle);
	assert_int_equal(1, l.n);
	vakt_error_free(err);
	pkg_list_release(&l);
}

static void test_hostile(void **state)
{
	static const char bad_line[] = "P:a\nV:1\n\nnot a record line\n";

	struct vakt_buf b = VAKT_BUF_INIT;
	struct pkg_list l = {0};

	expect_error(bad_line, strlen(bad_line), -EINVAL, 4, "expected 'K:value'");
	expect_error("P:a\nX\n", 6, -EINVAL, 2, "expected");
	/* Truncated inside the first key. */
	expect_error(installed, 1, -EINVAL, 1, "expected");
	/* Truncated inside a value: the record ends there. */
	assert_int_equal(0, pkg_apk_parse_installed(APK_PATH, installed, 40, &l, NULL));
	assert_int_equal(0, l.n);
	assert_int_equal(0, pkg_apk_parse_installed(APK_PATH, installed, 43, &l, NULL));
	assert_int_equal(1, l.n);
	assert_string_equal("1", l.v[0].version);
	pkg_list_release(&l);
	/* PKG_MAX_FIELD for kept fields: the limit passes, one byte more does not. */
	vakt_buf_adds(&b, "P:a\nV:");
	for (int i = 0; i < PKG_MAX_FIELD; i++)
		vakt_buf_addc(&b, '1');
	assert_int_equal(0, pkg_apk_parse_installed(APK_PATH, b.data, b.len, &l, NULL));
	assert_int_equal(PKG_MAX_FIELD, strlen(l.v[0].version));
	pkg_list_release(&l);
	vakt_buf_addc(&b, '1');
	expect_error(b.data, b.len, -E2BIG, 2, "longer than");
	/* Unkept fields (file lists) may be long. */
	vakt_buf_reset(&b);
	vakt_buf_adds(&b, "P:a\nV:1\nR:");
	for (int i = 0; i < 8 * PKG_MAX_FIELD; i++)
		vakt_buf_addc(&b, 'f');
	assert_int_equal(0, pkg_apk_parse_installed(APK_PATH, b.data, b.len, &l, NULL));
	assert_int_equal(1, l.n);
	pkg_list_release(&l);
	vakt_buf_release(&b);
}

static void test_limits(void **state)
{
	size_t len = (size_t)PKG_MAX_DB_BYTES + 1;
	void *m = mmap(NULL, len, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	struct vakt_buf b = VAKT_BUF_INIT;
	struct pkg_list l = {0};

	assert_true(m != MAP_FAILED);
	assert_int_equal(-EFBIG, pkg_apk_parse_installed(APK_PATH, m, len, &l, NULL));
	munmap(m, len);
	for (int i = 0; i < PKG_MAX_PACKAGES; i++)
		vakt_buf_adds(&b, "P:p\nV:1\n\n");
	assert_int_equal(0, pkg_apk_parse_installed(APK_PATH, b.data, b.len, &l, NULL));
	assert_int_equal(PKG_MAX_PACKAGES, l.n);
	pkg_list_release(&l);
	vakt_buf_adds(&b, "P:p\nV:1\n");
	assert_int_equal(-E2BIG, pkg_apk_parse_installed(APK_PATH, b.data, b.len, &l, NULL));
	assert_int_equal(0, l.n);
	pkg_list_release(&l);
	vakt_buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_installed),
	    cmocka_unit_test(test_shapes),
	    cmocka_unit_test(test_hostile),
	    cmocka_unit_test(test_limits),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
