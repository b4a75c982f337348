/* SPDX-License-Identifier: MIT */
/* Unit tests for src/pkg/pkg-os.c: os-release and the per-family release files. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cmocka.h>

#include "pkg/pkg.h"

static void check(const char *want, const char *got, const char *what)
{
	if (!want && got)
		fail_msg("%s: expected NULL, got '%s'", what, got);
	if (want && !got)
		fail_msg("%s: expected '%s', got NULL", what, want);
	if (want && strcmp(want, got))
		fail_msg("%s: expected '%s', got '%s'", what, want, got);
}

static void expect_os(const struct pkg_os *os, const char *id, const char *version_id,
                      const char *codename, const char *pretty, const char *id_like)
{
	check(id, os->id, "id");
	check(version_id, os->version_id, "version_id");
	check(codename, os->codename, "codename");
	check(pretty, os->pretty, "pretty");
	check(id_like, os->id_like, "id_like");
	assert_int_equal(0, os->distroless);
}

static void parse_os_release(const char *text, struct pkg_os *os)
{
	struct vakt_error *err = NULL;

	assert_int_equal(0, pkg_os_parse("etc/os-release", text, strlen(text), os, &err));
	assert_null(err);
}

static void test_os_release(void **state)
{
	struct pkg_os os;

	parse_os_release("PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n"
	                 "NAME=\"Debian GNU/Linux\"\n"
	                 "VERSION_ID=\"12\"\n"
	                 "VERSION=\"12 (bookworm)\"\n"
	                 "VERSION_CODENAME=bookworm\n"
	                 "ID=debian\n"
	                 "HOME_URL=\"https://www.debian.org/\"\n",
	                 &os);
	expect_os(&os, "debian", "12", "bookworm", "Debian GNU/Linux 12 (bookworm)", NULL);
	pkg_os_release(&os);

	parse_os_release(
	    "PRETTY_NAME=\"Ubuntu 22.04.4 LTS\"\nNAME=\"Ubuntu\"\nVERSION_ID=\"22.04\"\n"
	    "VERSION=\"22.04.4 LTS (Jammy Jellyfish)\"\nID=ubuntu\nID_LIKE=debian\n"
	    "UBUNTU_CODENAME=jammy\n",
	    &os);
	expect_os(&os, "ubuntu", "22.04", "jammy", "Ubuntu 22.04.4 LTS", "debian");
	pkg_os_release(&os);

	parse_os_release("NAME=\"Alpine Linux\"\nID=alpine\nVERSION_ID=3.19.1\n"
	                 "PRETTY_NAME=\"Alpine Linux v3.19\"\n",
	                 &os);
	expect_os(&os, "alpine", "3.19.1", NULL, "Alpine Linux v3.19", NULL);
	pkg_os_release(&os);

	parse_os_release(
	    "NAME=\"Rocky Linux\"\nVERSION=\"9.3 (Blue Onyx)\"\nID=\"rocky\"\n"
	    "ID_LIKE=\"rhel centos fedora\"\nVERSION_ID=\"9.3\"\nPLATFORM_ID=\"platform:el9\"\n"
	    "PRETTY_NAME=\"Rocky Linux 9.3 (Blue Onyx)\"\n",
	    &os);
	expect_os(&os, "rocky", "9.3", NULL, "Rocky Linux 9.3 (Blue Onyx)", "rhel centos fedora");
	pkg_os_release(&os);

	/* Google distroless: Debian's os-release with its own PRETTY_NAME. */
	parse_os_release("PRETTY_NAME=\"Distroless\"\nNAME=\"Debian GNU/Linux\"\nID=\"debian\"\n"
	                 "VERSION_ID=\"12\"\nVERSION=\"Debian GNU/Linux 12 (bookworm)\"\n"
	                 "HOME_URL=\"https://github.com/GoogleContainerTools/distroless\"\n",
	                 &os);
	expect_os(&os, "debian", "12", NULL, "Distroless", NULL);
	pkg_os_release(&os);
	pkg_os_release(&os);
	pkg_os_release(NULL);
}

static void test_os_release_syntax(void **state)
{
	struct pkg_os os;

	/* Quotes, escapes, comments, blanks, CRLF, upper-case ID, repeats, no final newline. */
	parse_os_release("# comment\n"
	                 "\n"
	                 "  ID=Fancy\r\n"
	                 "ID=\"MyOS\"\n"
	                 "VERSION_ID='1.0 beta'\n"
	                 "PRETTY_NAME=\"say \\\"hi\\\" \\\\ \\$HOME \\`x\\`\"\n"
	                 "VERSION_CODENAME=bare # trailing comment\n"
	                 "ID_LIKE=\"a\"'b'c\n"
	                 "BROKEN LINE WITHOUT EQUALS\n"
	                 "=novalue\n"
	                 "UBUNTU_CODENAME=ignored-when-version-codename",
	                 &os);
	expect_os(&os, "myos", "1.0 beta", "bare", "say \"hi\" \\ $HOME `x`", "abc");
	pkg_os_release(&os);

	/* No ID: os-release(5) says "linux". Empty values are absent. */
	parse_os_release("VERSION_ID=\nPRETTY_NAME=\"\"\n", &os);
	expect_os(&os, "linux", NULL, NULL, NULL, NULL);
	pkg_os_release(&os);
	parse_os_release("", &os);
	expect_os(&os, "linux", NULL, NULL, NULL, NULL);
	pkg_os_release(&os);

	/* Unterminated quotes end at the line's end; never read past len. */
	assert_int_equal(0, pkg_os_parse("x", "ID=\"deb", 7, &os, NULL));
	expect_os(&os, "deb", NULL, NULL, NULL, NULL);
	pkg_os_release(&os);
	assert_int_equal(0, pkg_os_parse("x", "ID=\"a\\", 6, &os, NULL));
	pkg_os_release(&os);
	assert_int_equal(0, pkg_os_parse("x", "ID=debian\nVERSION_ID=12", 22, &os, NULL));
	expect_os(&os, "debian", "1", NULL, NULL, NULL);
	pkg_os_release(&os);
}

/* PKG_MAX_OS_BYTES: the limit passes, one byte more does not; long values are dropped. */
static void test_os_limits(void **state)
{
	struct vakt_buf b = VAKT_BUF_INIT;
	struct vakt_error *err = NULL;
	struct pkg_os os;

	vakt_buf_adds(&b, "ID=debian\nPRETTY_NAME=");
	while (b.len < PKG_MAX_OS_BYTES - 1)
		vakt_buf_addc(&b, 'x');
	vakt_buf_addc(&b, '\n');
	assert_int_equal(PKG_MAX_OS_BYTES, b.len);
	assert_int_equal(0, pkg_os_parse("etc/os-release", b.data, b.len, &os, NULL));
	check("debian", os.id, "id");
	/* PRETTY_NAME is longer than PKG_MAX_FIELD: not kept. */
	assert_null(os.pretty);
	pkg_os_release(&os);
	vakt_buf_addc(&b, '\n');
	assert_int_equal(-EFBIG, pkg_os_parse("etc/os-release", b.data, b.len, &os, &err));
	assert_string_equal("etc/os-release", err->file);
	vakt_error_free(err);
	assert_null(os.id);
	assert_int_equal(-EFBIG, pkg_os_parse_alpine_release("a", b.data, b.len, &os, NULL));
	assert_int_equal(-EFBIG, pkg_os_parse_debian_version("a", b.data, b.len, &os, NULL));
	assert_int_equal(-EFBIG, pkg_os_parse_redhat_release("a", b.data, b.len, &os, NULL));
	vakt_buf_release(&b);
}

static void test_alpine_release(void **state)
{
	struct pkg_os os;
	struct vakt_error *err = NULL;

	assert_int_equal(
	    0, pkg_os_parse_alpine_release("etc/alpine-release", "3.19.1\n", 7, &os, NULL));
	expect_os(&os, "alpine", "3.19.1", NULL, NULL, NULL);
	pkg_os_release(&os);
	assert_int_equal(0, pkg_os_parse_alpine_release(
	                        "etc/alpine-release", "\n  3.20_alpha20240329  \n", 24, &os, NULL));
	expect_os(&os, "alpine", "3.20_alpha20240329", NULL, NULL, NULL);
	pkg_os_release(&os);
	assert_int_equal(-EINVAL,
	                 pkg_os_parse_alpine_release("etc/alpine-release", "", 0, &os, &err));
	assert_string_equal("etc/alpine-release", err->file);
	vakt_error_free(err);
	assert_int_equal(-EINVAL,
	                 pkg_os_parse_alpine_release("a", "not a version\n", 14, &os, NULL));
	assert_int_equal(-EINVAL, pkg_os_parse_alpine_release("a", "3.1\xff\n", 5, &os, NULL));
}

static void test_debian_version(void **state)
{
	struct pkg_os os;

	assert_int_equal(0,
	                 pkg_os_parse_debian_version("etc/debian_version", "12.5\n", 5, &os, NULL));
	expect_os(&os, "debian", "12", NULL, "12.5", NULL);
	pkg_os_release(&os);
	assert_int_equal(
	    0, pkg_os_parse_debian_version("etc/debian_version", "trixie/sid\n", 11, &os, NULL));
	expect_os(&os, "debian", NULL, "trixie", "trixie/sid", NULL);
	pkg_os_release(&os);
	assert_int_equal(0, pkg_os_parse_debian_version("e", "10", 2, &os, NULL));
	expect_os(&os, "debian", "10", NULL, "10", NULL);
	pkg_os_release(&os);
	assert_int_equal(-EINVAL, pkg_os_parse_debian_version("e", "\n\n", 2, &os, NULL));
	assert_int_equal(-EINVAL, pkg_os_parse_debian_version("e", "what is this", 12, &os, NULL));
}

static void test_redhat_release(void **state)
{
	static const struct {
		const char *text, *id, *version, *codename;
	} cases[] = {
	    {"Red Hat Enterprise Linux release 9.3 (Plow)\n", "rhel", "9.3", "Plow"},
	    {"Rocky Linux release 9.3 (Blue Onyx)\n", "rocky", "9.3", "Blue Onyx"},
	    {"AlmaLinux release 9.3 (Shamrock Pampas Cat)\n", "almalinux", "9.3",
	     "Shamrock Pampas Cat"},
	    {"CentOS Linux release 7.9.2009 (Core)\n", "centos", "7.9.2009", "Core"},
	    {"CentOS Stream release 9\n", "centos", "9", NULL},
	    {"Fedora release 39 (Thirty Nine)\n", "fedora", "39", "Thirty Nine"},
	    {"Oracle Linux Server release 8.9\n", "ol", "8.9", NULL},
	    {"Amazon Linux release 2023 (Amazon Linux)\n", "amzn", "2023", "Amazon Linux"},
	    {"Scientific Linux release 7.2 (Nitrogen)\n", "scientific", "7.2", "Nitrogen"},
	    {"Something odd ()\n", "something", NULL, NULL},
	};

	for (size_t i = 0; i < VAKT_ARRAY_SIZE(cases); i++) {
		struct pkg_os os;
		size_t n = strlen(cases[i].text);

		assert_int_equal(0, pkg_os_parse_redhat_release("etc/redhat-release", cases[i].text,
		                                                n, &os, NULL));
		check(cases[i].id, os.id, cases[i].text);
		check(cases[i].version, os.version_id, cases[i].text);
		check(cases[i].codename, os.codename, cases[i].text);
		assert_int_equal(n - 1, strlen(os.pretty));
		pkg_os_release(&os);
	}
	{
		struct pkg_os os;

		assert_int_equal(-EINVAL, pkg_os_parse_redhat_release("r", " \n", 2, &os, NULL));
		/* Cut inside "release": no version, no crash. */
		assert_int_equal(0, pkg_os_parse_redhat_release("r", "Fedora rel", 10, &os, NULL));
		check("fedora", os.id, "cut");
		assert_null(os.version_id);
		pkg_os_release(&os);
		assert_int_equal(
		    0, pkg_os_parse_redhat_release("r", "Fedora release (x", 17, &os, NULL));
		assert_null(os.version_id);
		assert_null(os.codename);
		pkg_os_release(&os);
	}
}

/* The lookup table the image layer walks: os-release first, each with its parser. */
static void test_sources(void **state)
{
	assert_true(pkg_os_sources_n >= 5);
	assert_string_equal("etc/os-release", pkg_os_sources[0].path);
	assert_ptr_equal(pkg_os_parse, pkg_os_sources[0].parse);
	assert_string_equal("usr/lib/os-release", pkg_os_sources[1].path);
	for (size_t i = 0; i < pkg_os_sources_n; i++) {
		assert_non_null(pkg_os_sources[i].parse);
		assert_true(pkg_os_sources[i].path[0] != '/');
	}
	/* Ubuntu has debian_version too: it comes last. */
	assert_string_equal("etc/debian_version", pkg_os_sources[pkg_os_sources_n - 1].path);
}

static bool read_file(const char *path, struct vakt_buf *b)
{
	FILE *f = fopen(path, "rb");
	char chunk[4096];
	size_t n;

	if (!f)
		return false;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		vakt_buf_add(b, chunk, n);
	fclose(f);
	return true;
}

/* This machine's own os-release. */
static void test_real_os_release(void **state)
{
	struct vakt_buf b = VAKT_BUF_INIT;
	struct pkg_os os;

	if (!read_file("/etc/os-release", &b) && !read_file("/usr/lib/os-release", &b))
		skip();
	assert_int_equal(0, pkg_os_parse("etc/os-release", b.data, b.len, &os, NULL));
	assert_non_null(os.id);
	assert_true(strlen(os.id) > 1);
	pkg_os_release(&os);
	vakt_buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_os_release),     cmocka_unit_test(test_os_release_syntax),
	    cmocka_unit_test(test_os_limits),      cmocka_unit_test(test_alpine_release),
	    cmocka_unit_test(test_debian_version), cmocka_unit_test(test_redhat_release),
	    cmocka_unit_test(test_sources),        cmocka_unit_test(test_real_os_release),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
