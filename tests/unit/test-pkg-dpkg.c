/* SPDX-License-Identifier: MIT */
/* Unit tests for src/pkg/pkg-dpkg.c: dpkg status, status.d and debian/copyright. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/mman.h>

#include <cmocka.h>

#include "pkg/pkg.h"

#define STATUS_PATH "var/lib/dpkg/status"

/* A bookworm-like status file: real field shapes, every Status kind. */
static const char status_sample[] =
    "Package: bash\n"
    "Essential: yes\n"
    "Status: install ok installed\n"
    "Priority: required\n"
    "Section: shells\n"
    "Installed-Size: 7164\n"
    "Maintainer: Matthias Klose <doko@debian.org>\n"
    "Architecture: amd64\n"
    "Multi-Arch: foreign\n"
    "Source: bash (5.2.15-2)\n"
    "Version: 5.2.15-2+b13\n"
    "Replaces: bash-completion (<< 20060301-0), bash-doc (<= 2.05-1)\n"
    "Depends: base-files (>= 2.1.12), debianutils (>= 5.6-0.1)\n"
    "Pre-Depends: libc6 (>= 2.36), libtinfo6 (>= 6)\n"
    "Recommends: bash-completion (>= 20060301-0)\n"
    "Conffiles:\n"
    " /etc/bash.bashrc 89269e1298235f1b12b4c16e4065ad0d\n"
    " /etc/skel/.bashrc 9a2fc5d2b0b9bda1d4c2d1a9c8e5b29e\n"
    "Description: GNU Bourne Again SHell\n"
    " Bash is an sh-compatible command language interpreter that executes\n"
    " commands read from the standard input or from a file.\n"
    " .\n"
    " The Programmable Completion Code, by Ian Macdonald, is now found in\n"
    " the bash-completion package.\n"
    "Homepage: http://tiswww.case.edu/php/chet/bash/bashtop.html\n"
    "\n"
    "Package: bsdutils\n"
    "Essential: yes\n"
    "Status: install ok installed\n"
    "Architecture: amd64\n"
    "Source: util-linux (2.38.1-5+deb12u3)\n"
    "Version: 1:2.38.1-5+deb12u3\n"
    "Description: basic utilities from 4.4BSD-Lite\n"
    "\n"
    "Package: zlib1g\n"
    "Status: hold ok installed\n"
    "Architecture: amd64\n"
    "Source: zlib\n"
    "Version: 1:1.2.13.dfsg-1\n"
    "\n"
    "Package: tzdata\n"
    "Status: install ok installed\n"
    "Architecture: all\n"
    "Version: 2024a-0+deb12u1\n"
    "\n"
    "Package: oldlib\n"
    "Status: deinstall ok config-files\n"
    "Architecture: amd64\n"
    "Version: 1.0-1\n"
    "\n"
    "Package: halfway\n"
    "Status: install reinstreq half-installed\n"
    "Architecture: amd64\n"
    "Version: 2.0-1\n"
    "\n"
    "Package: unpacked-only\n"
    "Status: install ok unpacked\n"
    "Architecture: amd64\n"
    "Version: 3.0-1\n"
    "\n"
    "Package: half-configured\n"
    "Status: install ok half-configured\n"
    "Architecture: amd64\n"
    "Version: 3.0-1\n"
    "\n"
    "Package: trig\n"
    "Status: install ok triggers-pending\n"
    "Architecture: amd64\n"
    "Version: 0.1\n"
    "\n"
    "Package: leaving\n"
    "Status: deinstall ok installed\n"
    "Architecture: amd64\n"
    "Version: 9\n"
    "\n"
    "Package: gone\n"
    "Status: purge ok not-installed\n"
    "Architecture: amd64\n"
    "\n"
    "Package: libc6\n"
    "Status: install ok installed\n"
    "Architecture: amd64\n"
    "Multi-Arch: same\n"
    "Source: glibc\n"
    "Version: 2.36-9+deb12u4\n";

static const struct pkg *find(const struct pkg_list *l, const char *name)
{
	for (size_t i = 0; i < l->n; i++)
		if (!strcmp(l->v[i].name, name))
			return &l->v[i];
	return NULL;
}

static void expect_pkg(const struct pkg_list *l, const char *name, const char *version,
                       const char *arch, const char *source, const char *source_version, int line)
{
	const struct pkg *p = find(l, name);

	if (!p)
		fail_msg("package '%s' missing", name);
	assert_int_equal(PKG_DPKG, p->type);
	assert_string_equal(version, p->version);
	if (arch)
		assert_string_equal(arch, p->arch);
	else
		assert_null(p->arch);
	assert_string_equal(source, p->source);
	assert_string_equal(source_version, p->source_version);
	assert_null(p->license);
	assert_null(p->purl);
	assert_int_equal(-1, p->layer);
	assert_int_equal(line, p->line);
}

static void test_status(void **state)
{
	struct pkg_list l = {0};
	struct vakt_error *err = NULL;

	assert_int_equal(
	    0, pkg_dpkg_parse_status(STATUS_PATH, status_sample, strlen(status_sample), &l, &err));
	assert_null(err);
	assert_int_equal(7, l.n);
	expect_pkg(&l, "bash", "5.2.15-2+b13", "amd64", "bash", "5.2.15-2", 1);
	/* The binary has an epoch, the source version does not. */
	expect_pkg(&l, "bsdutils", "1:2.38.1-5+deb12u3", "amd64", "util-linux", "2.38.1-5+deb12u3",
	           27);
	/* Source without a version: the binary version is the source version. */
	expect_pkg(&l, "zlib1g", "1:1.2.13.dfsg-1", "amd64", "zlib", "1:1.2.13.dfsg-1", 35);
	/* No Source: the binary package is its own source. */
	expect_pkg(&l, "tzdata", "2024a-0+deb12u1", "all", "tzdata", "2024a-0+deb12u1", 41);
	expect_pkg(&l, "trig", "0.1", "amd64", "trig", "0.1", 66);
	expect_pkg(&l, "leaving", "9", "amd64", "leaving", "9", 71);
	/* The last stanza has no blank line after it. */
	expect_pkg(&l, "libc6", "2.36-9+deb12u4", "amd64", "glibc", "2.36-9+deb12u4", 80);
	/* Not installed, or interrupted half-way. */
	assert_null(find(&l, "oldlib"));
	assert_null(find(&l, "halfway"));
	assert_null(find(&l, "unpacked-only"));
	assert_null(find(&l, "half-configured"));
	assert_null(find(&l, "gone"));
	pkg_list_release(&l);
	pkg_list_release(&l);
}

static void test_status_shapes(void **state)
{
	static const char crlf[] = "Package: a\r\nStatus: install ok installed\r\nVersion: 1\r\n"
	                           "Architecture: amd64\r\n\r\nPackage: b\r\n"
	                           "Status: install ok installed\r\nVersion: 2\r\n";
	/* Field names are case-insensitive; blank lines may hold spaces; repeats replace. */
	static const char odd[] = "\n\n  \npackage: a\nSTATUS: install ok installed\n"
	                          "version: 0.9\nVersion: 1.0\n \t\n\n"
	                          "Package: b\nStatus:   install   ok   installed  \nVersion:2\n"
	                          "Source:   srcb   (  2-1  )  \n\n"
	                          "Package: c\nStatus: install ok installed\nVersion: 3\n"
	                          "Source: (1.0)\n\n"
	                          "Package: d\nStatus: install ok installed\nVersion: 4\n"
	                          "Source: srcd (unclosed\n";
	/* Stanzas without Package or Version, or with a malformed Status, are skipped. */
	static const char partial[] = "Status: install ok installed\nVersion: 1\n\n"
	                              "Package: nover\nStatus: install ok installed\n\n"
	                              "Package: badstatus\nStatus: installed\nVersion: 1\n\n"
	                              "Package: toolong\nStatus: a b c d\nVersion: 1\n\n"
	                              "Package: nostatus\nVersion: 1\n\n"
	                              "Package: ok\nStatus: install ok installed\nVersion: 1";
	struct pkg_list l = {0};
	const struct pkg *p;

	assert_int_equal(0, pkg_dpkg_parse_status(STATUS_PATH, crlf, strlen(crlf), &l, NULL));
	assert_int_equal(2, l.n);
	assert_string_equal("1", l.v[0].version);
	assert_string_equal("amd64", l.v[0].arch);
	assert_string_equal("2", l.v[1].version);
	assert_int_equal(6, l.v[1].line);
	pkg_list_release(&l);

	assert_int_equal(0, pkg_dpkg_parse_status(STATUS_PATH, odd, strlen(odd), &l, NULL));
	assert_int_equal(4, l.n);
	assert_string_equal("1.0", find(&l, "a")->version);
	assert_int_equal(4, find(&l, "a")->line);
	p = find(&l, "b");
	assert_string_equal("2", p->version);
	assert_string_equal("srcb", p->source);
	assert_string_equal("2-1", p->source_version);
	p = find(&l, "c");
	assert_string_equal("c", p->source);
	assert_string_equal("1.0", p->source_version);
	p = find(&l, "d");
	assert_string_equal("srcd", p->source);
	assert_string_equal("4", p->source_version);
	pkg_list_release(&l);

	assert_int_equal(0, pkg_dpkg_parse_status(STATUS_PATH, partial, strlen(partial), &l, NULL));
	assert_int_equal(1, l.n);
	assert_string_equal("ok", l.v[0].name);
	pkg_list_release(&l);

	/* Empty input, and only blank lines. */
	assert_int_equal(0, pkg_dpkg_parse_status(STATUS_PATH, "", 0, &l, NULL));
	assert_int_equal(0, pkg_dpkg_parse_status(STATUS_PATH, "\n\n \n", 4, &l, NULL));
	assert_int_equal(0, l.n);
	pkg_list_release(&l);
}

/* Continuation lines of a kept field are folded; those of others ignored. */
static void test_continuations(void **state)
{
	static const char s[] = "Package: a\n"
	                        "Status: install ok installed\n"
	                        "Version: 1\n"
	                        "Source: folded\n"
	                        "  (2.0)\n"
	                        "Description: x\n"
	                        " long\n"
	                        " .\n"
	                        "\tmore\n";
	struct pkg_list l = {0};

	assert_int_equal(0, pkg_dpkg_parse_status(STATUS_PATH, s, strlen(s), &l, NULL));
	assert_int_equal(1, l.n);
	assert_string_equal("folded", l.v[0].source);
	assert_string_equal("2.0", l.v[0].source_version);
	pkg_list_release(&l);
}

static void expect_error(const char *data, size_t len, int code, int line, const char *needle)
{
	struct pkg_list l = {0};
	struct vakt_error *err = NULL;
	struct pkg *keep;

	/* A failed parse leaves what the list held before. */
	keep = pkg_list_add(&l);
	keep->name = vakt_xstrdup("before");
	assert_int_equal(code, pkg_dpkg_parse_status(STATUS_PATH, data, len, &l, &err));
	assert_non_null(err);
	assert_int_equal(code, err->code);
	assert_string_equal(STATUS_PATH, err->file);
	assert_int_equal(line, err->line);
	if (!strstr(err->msg, needle))
		fail_msg("error '%s' does not mention '%s'", err->msg, needle);
	assert_int_equal(1, l.n);
	assert_string_equal("before", l.v[0].name);
	vakt_error_free(err);
	pkg_list_release(&l);
}

static void test_hostile(void **state)
{
	static const char no_colon[] = "Package: a\nStatus: install ok installed\nVersion: 1\n\n"
	                               "Package: b\nthis is not a field\n";
	static const char lead_cont[] = " continuation first\nPackage: a\n";
	static const char empty_name[] = "Package: a\n: value\n";
	static const char binary[] = "Package: a\0\x01\xff\nVersion: 1\n";
	struct pkg_list l = {0};

	expect_error(no_colon, strlen(no_colon), -EINVAL, 6, "expected 'Field: value'");
	expect_error(lead_cont, strlen(lead_cont), -EINVAL, 1, "continuation");
	expect_error(empty_name, strlen(empty_name), -EINVAL, 2, "expected");
	/* A NUL inside a value ends it; no crash, no read past len. */
	assert_int_equal(0, pkg_dpkg_parse_status_d("x", binary, sizeof(binary) - 1, &l, NULL));
	assert_int_equal(1, l.n);
	assert_string_equal("a", l.v[0].name);
	pkg_list_release(&l);
	/* Truncated after the fields vakt keeps: the stanza still counts. */
	assert_int_equal(0, pkg_dpkg_parse_status(STATUS_PATH, status_sample, 300, &l, NULL));
	assert_int_equal(1, l.n);
	assert_string_equal("5.2.15-2+b13", l.v[0].version);
	pkg_list_release(&l);
	/* Truncated in the middle of a field name. */
	expect_error(status_sample, 5, -EINVAL, 1, "expected");
	/* Comment lines (deb822 allows them in control files) are skipped. */
	assert_int_equal(0, pkg_dpkg_parse_status_d("x", "# c\nPackage: a\nVersion: 1\n",
	                                            strlen("# c\nPackage: a\nVersion: 1\n"), &l,
	                                            NULL));
	assert_int_equal(1, l.n);
	pkg_list_release(&l);
}

/* PKG_MAX_FIELD: a kept field of exactly the limit is fine, one byte more is not. */
static void test_field_limit(void **state)
{
	struct vakt_buf b = VAKT_BUF_INIT;
	struct pkg_list l = {0};

	vakt_buf_adds(&b, "Package: a\nStatus: install ok installed\nVersion: ");
	for (int i = 0; i < PKG_MAX_FIELD; i++)
		vakt_buf_addc(&b, '1');
	vakt_buf_adds(&b, "\n");
	assert_int_equal(0, pkg_dpkg_parse_status(STATUS_PATH, b.data, b.len, &l, NULL));
	assert_int_equal(1, l.n);
	assert_int_equal(PKG_MAX_FIELD, strlen(l.v[0].version));
	pkg_list_release(&l);
	vakt_buf_reset(&b);
	vakt_buf_adds(&b, "Package: a\nStatus: install ok installed\nVersion: ");
	for (int i = 0; i <= PKG_MAX_FIELD; i++)
		vakt_buf_addc(&b, '1');
	expect_error(b.data, b.len, -E2BIG, 3, "longer than");
	/* Folding continuation lines is bounded too. */
	vakt_buf_reset(&b);
	vakt_buf_adds(&b, "Package: a\nVersion: 1\nSource: s\n");
	for (int i = 0; i < PKG_MAX_FIELD / 10 + 1; i++)
		vakt_buf_adds(&b, " 123456789\n");
	/* "s" plus 10 bytes a line: line 3 + the first continuation that does not fit. */
	expect_error(b.data, b.len, -E2BIG, 3 + (PKG_MAX_FIELD - 1) / 10 + 1, "'Source'");
	/* Fields vakt does not keep may be as long as they like. */
	vakt_buf_reset(&b);
	vakt_buf_adds(&b, "Package: a\nStatus: install ok installed\nVersion: 1\nDescription: ");
	for (int i = 0; i < 4 * PKG_MAX_FIELD; i++)
		vakt_buf_addc(&b, 'x');
	vakt_buf_adds(&b, "\n");
	for (int i = 0; i < 1000; i++)
		vakt_buf_adds(&b, " more description text\n");
	assert_int_equal(0, pkg_dpkg_parse_status(STATUS_PATH, b.data, b.len, &l, NULL));
	assert_int_equal(1, l.n);
	pkg_list_release(&l);
	vakt_buf_release(&b);
}

/* PKG_MAX_DB_BYTES: refused before a byte is read (the mapping is never touched). */
static void test_db_limit(void **state)
{
	size_t len = (size_t)PKG_MAX_DB_BYTES + 1;
	void *m = mmap(NULL, len, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	struct pkg_list l = {0};
	struct vakt_error *err = NULL;
	char *lic = NULL;

	assert_true(m != MAP_FAILED);
	assert_int_equal(-EFBIG, pkg_dpkg_parse_status(STATUS_PATH, m, len, &l, &err));
	assert_non_null(strstr(err->msg, "larger than"));
	vakt_error_free(err);
	err = NULL;
	assert_int_equal(-EFBIG, pkg_dpkg_parse_status_d("x", m, len, &l, NULL));
	assert_int_equal(-EFBIG, pkg_dpkg_parse_copyright("c", m, len, &lic, NULL));
	assert_null(lic);
	assert_int_equal(0, l.n);
	munmap(m, len);
}

/* PKG_MAX_PACKAGES: the limit itself is fine, one more package is an error. */
static void test_package_limit(void **state)
{
	static const char one[] = "Package: p\nStatus: install ok installed\nVersion: 1\n\n";
	struct vakt_buf b = VAKT_BUF_INIT;
	struct pkg_list l = {0};
	struct vakt_error *err = NULL;

	for (int i = 0; i < PKG_MAX_PACKAGES; i++)
		vakt_buf_add(&b, one, sizeof(one) - 1);
	assert_int_equal(0, pkg_dpkg_parse_status(STATUS_PATH, b.data, b.len, &l, NULL));
	assert_int_equal(PKG_MAX_PACKAGES, l.n);
	pkg_list_release(&l);
	vakt_buf_add(&b, one, sizeof(one) - 1);
	assert_int_equal(-E2BIG, pkg_dpkg_parse_status(STATUS_PATH, b.data, b.len, &l, &err));
	assert_non_null(strstr(err->msg, "more than"));
	assert_int_equal(0, l.n);
	vakt_error_free(err);
	pkg_list_release(&l);
	vakt_buf_release(&b);
}

/* Distroless: one file per package, no Status field. */
static void test_status_d(void **state)
{
	static const char base_files[] = "Package: base-files\n"
	                                 "Version: 12.4+deb12u5\n"
	                                 "Architecture: amd64\n"
	                                 "Maintainer: Santiago Vila <sanvila@debian.org>\n"
	                                 "Installed-Size: 341\n"
	                                 "Essential: yes\n"
	                                 "Priority: required\n"
	                                 "Section: admin\n"
	                                 "Description: Debian base system miscellaneous files\n";
	static const char two[] = "Package: libssl3\nVersion: 3.0.11-1~deb12u2\n"
	                          "Architecture: amd64\nSource: openssl\n\n"
	                          "Package: openssl-removed\nStatus: deinstall ok config-files\n"
	                          "Version: 1\n\n"
	                          "Package: netbase\nVersion: 6.4\nArchitecture: all\n";
	struct pkg_list l = {0};

	assert_int_equal(0, pkg_dpkg_parse_status_d("var/lib/dpkg/status.d/base", base_files,
	                                            strlen(base_files), &l, NULL));
	assert_int_equal(1, l.n);
	expect_pkg(&l, "base-files", "12.4+deb12u5", "amd64", "base-files", "12.4+deb12u5", 1);
	assert_int_equal(0, pkg_dpkg_parse_status_d("var/lib/dpkg/status.d/libssl3", two,
	                                            strlen(two), &l, NULL));
	assert_int_equal(3, l.n);
	expect_pkg(&l, "libssl3", "3.0.11-1~deb12u2", "amd64", "openssl", "3.0.11-1~deb12u2", 1);
	expect_pkg(&l, "netbase", "6.4", "all", "netbase", "6.4", 10);
	/* The same bytes as a status file: no Status means not installed. */
	pkg_list_release(&l);
	assert_int_equal(
	    0, pkg_dpkg_parse_status(STATUS_PATH, base_files, strlen(base_files), &l, NULL));
	assert_int_equal(0, l.n);
	pkg_list_release(&l);

	assert_true(pkg_dpkg_status_d_wanted("base"));
	assert_true(pkg_dpkg_status_d_wanted("libssl3"));
	assert_true(pkg_dpkg_status_d_wanted("libc6:amd64"));
	assert_false(pkg_dpkg_status_d_wanted("base.md5sums"));
	assert_false(pkg_dpkg_status_d_wanted(".hidden"));
	assert_false(pkg_dpkg_status_d_wanted("base~"));
	assert_false(pkg_dpkg_status_d_wanted("base.dpkg-old"));
	assert_false(pkg_dpkg_status_d_wanted(""));
	assert_false(pkg_dpkg_status_d_wanted(NULL));
}

static bool read_file(const char *path, struct vakt_buf *b)
{
	FILE *f = fopen(path, "rb");
	char chunk[65536];
	size_t n;

	if (!f)
		return false;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		vakt_buf_add(b, chunk, n);
	fclose(f);
	return true;
}

static int strp_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * This machine's own dpkg database: vakt must find exactly the packages
 * dpkg-query calls installed, with the same versions and architectures.
 */
static void test_real_status(void **state)
{
	struct vakt_buf b = VAKT_BUF_INIT;
	struct vakt_strv want = VAKT_STRV_INIT, got = VAKT_STRV_INIT;
	struct pkg_list l = {0};
	struct vakt_error *err = NULL;
	FILE *q;
	char line[8192];

	if (!read_file("/var/lib/dpkg/status", &b))
		skip();
	assert_int_equal(0, pkg_dpkg_parse_status("/var/lib/dpkg/status", b.data, b.len, &l, &err));
	assert_true(l.n > 10);
	assert_non_null(find(&l, "dpkg"));
	assert_non_null(find(&l, "libc6"));
	q = popen("dpkg-query -W -f '${db:Status-Status} ${Package} ${Version} ${Architecture}\\n' "
	          "2>/dev/null",
	          "r");
	assert_non_null(q);
	while (fgets(line, sizeof(line), q)) {
		char *sp = strchr(line, ' ');

		if (sp && (!strncmp(line, "installed ", 10) || !strncmp(line, "triggers-", 9)))
			vakt_strv_push(&want, sp + 1);
	}
	/* No dpkg-query here: the parse above is the test. */
	if (pclose(q) == 0 && want.n) {
		for (size_t i = 0; i < l.n; i++)
			vakt_strv_push_take(&got, vakt_xasprintf("%s %s %s\n", l.v[i].name,
			                                         l.v[i].version,
			                                         l.v[i].arch ? l.v[i].arch : ""));
		qsort(want.v, want.n, sizeof(*want.v), strp_cmp);
		qsort(got.v, got.n, sizeof(*got.v), strp_cmp);
		assert_int_equal(want.n, got.n);
		for (size_t i = 0; i < got.n; i++)
			assert_string_equal(want.v[i], got.v[i]);
	}
	vakt_strv_release(&want);
	vakt_strv_release(&got);
	vakt_buf_release(&b);
	pkg_list_release(&l);
}

static void expect_copyright(const char *text, const char *want)
{
	char *lic = (char *)"unset";

	assert_int_equal(0, pkg_dpkg_parse_copyright("usr/share/doc/x/copyright", text,
	                                             strlen(text), &lic, NULL));
	if (!want) {
		assert_null(lic);
		return;
	}
	assert_non_null(lic);
	assert_string_equal(want, lic);
	free(lic);
}

static void test_copyright(void **state)
{
	struct vakt_buf b = VAKT_BUF_INIT;

	expect_copyright(
	    "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n"
	    "Upstream-Name: example\n"
	    "\n"
	    "Files: *\n"
	    "Copyright: 2020 Someone\n"
	    "License: GPL-2+ or Artistic\n"
	    "\n"
	    "Files: debian/*\n"
	    "License: GPL-2+\n"
	    "\n"
	    "Files: lib/*\n"
	    "license: BSD-3-clause and Expat, MIT\n"
	    "\n"
	    "License: GPL-2+\n"
	    " This program is free software; you can redistribute it\n"
	    " License: not a field, part of the text\n"
	    "\n"
	    "License: Artistic\n"
	    " The \"Artistic License\"\n",
	    "GPL-2+ AND Artistic AND BSD-3-clause AND Expat AND MIT");
	/* Free-form copyright files say nothing vakt can trust. */
	expect_copyright("This is Debian's prepackaged version of foo.\n"
	                 "License: GPL\n",
	                 NULL);
	expect_copyright(
	    "\n\nFormat-Specification: http://svn.debian.org/wsvn/dep/web/deps/dep5.mdwn"
	    "\nLicense: LGPL-2.1+ with OpenSSL exception\n",
	    "LGPL-2.1+ with OpenSSL exception");
	expect_copyright(
	    "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n"
	    "Files: *\nCopyright: none\n",
	    NULL);
	expect_copyright("", NULL);
	expect_copyright("Format: x\nLicense:\nLicense: ,  , or\n", NULL);
	/* PKG_MAX_COPYRIGHT_LICENSES distinct names at most. */
	vakt_buf_adds(&b, "Format: x\n");
	for (int i = 0; i < PKG_MAX_COPYRIGHT_LICENSES + 10; i++)
		vakt_buf_addf(&b, "License: L%d\n", i);
	{
		char *lic = NULL;
		int n = 1;

		assert_int_equal(0, pkg_dpkg_parse_copyright("c", b.data, b.len, &lic, NULL));
		for (const char *p = lic; (p = strstr(p, " AND ")); p++)
			n++;
		assert_int_equal(PKG_MAX_COPYRIGHT_LICENSES, n);
		free(lic);
	}
	/* And never more than PKG_MAX_FIELD bytes. */
	vakt_buf_reset(&b);
	vakt_buf_adds(&b, "Format: x\n");
	for (int i = 0; i < PKG_MAX_COPYRIGHT_LICENSES; i++) {
		vakt_buf_addf(&b, "License: %d", i);
		for (int k = 0; k < 200; k++)
			vakt_buf_addc(&b, 'x');
		vakt_buf_addc(&b, '\n');
	}
	{
		char *lic = NULL;

		assert_int_equal(0, pkg_dpkg_parse_copyright("c", b.data, b.len, &lic, NULL));
		assert_non_null(lic);
		assert_true(strlen(lic) <= PKG_MAX_FIELD);
		free(lic);
	}
	vakt_buf_release(&b);
}

/* A real machine-readable copyright file from this machine, when there is one. */
static void test_real_copyright(void **state)
{
	static const char *const files[] = {
	    "/usr/share/doc/libyaml-0-2/copyright", "/usr/share/doc/libjansson4/copyright",
	    "/usr/share/doc/dpkg/copyright", "/usr/share/doc/bash/copyright"};
	int tried = 0;

	for (size_t i = 0; i < VAKT_ARRAY_SIZE(files); i++) {
		struct vakt_buf b = VAKT_BUF_INIT;
		char *lic = NULL;

		if (!read_file(files[i], &b))
			continue;
		assert_int_equal(0, pkg_dpkg_parse_copyright(files[i], b.data, b.len, &lic, NULL));
		if (!strncmp(vakt_buf_str(&b), "Format:", 7)) {
			assert_non_null(lic);
			tried++;
		}
		free(lic);
		vakt_buf_release(&b);
	}
	if (!tried)
		skip();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_status),         cmocka_unit_test(test_status_shapes),
	    cmocka_unit_test(test_continuations),  cmocka_unit_test(test_hostile),
	    cmocka_unit_test(test_field_limit),    cmocka_unit_test(test_db_limit),
	    cmocka_unit_test(test_package_limit),  cmocka_unit_test(test_status_d),
	    cmocka_unit_test(test_real_status),    cmocka_unit_test(test_copyright),
	    cmocka_unit_test(test_real_copyright),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
