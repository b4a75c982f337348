/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for src/vuln/vuln-ignore.c: .vaktignore and .trivyignore,
 * matching by id or alias and package scope, expiry, stale entries, and
 * errors that name the file and line.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/util.h"
#include "vuln/vuln-ignore.h"

static const char vaktignore[] = "# accepted risks, reviewed 2026-11\n"
                                 "ignore:\n"
                                 "  - id: CVE-2024-3094\n"
                                 "    reason: xz is only a build dependency here\n"
                                 "  - id: cve-2023-4911\n"
                                 "    reason: \"no setuid binaries in the image\"\n"
                                 "    expires: 2027-03-31\n"
                                 "    packages: [libc6, \"libc-*\"]\n"
                                 "  - id: DSA-5678-1\n"
                                 "    reason: the openssl CLI is not installed\n"
                                 "    packages:\n"
                                 "      - pkg:deb/debian/libssl3?arch=amd64\n"
                                 "      - pkg:deb/debian/openssl@3.0.11-1~deb12u2\n";

static void parse_ok(struct vuln_ignore *ig, const char *text, const char *today)
{
	struct vakt_error *err = NULL;
	int r = vuln_ignore_parse(ig, ".vaktignore", text, strlen(text), today, &err);

	if (r)
		fail_msg("unexpected error: %s", err ? err->msg : "(none)");
	assert_null(err);
}

static void test_parse(void **state)
{
	struct vuln_ignore ig = {0};

	parse_ok(&ig, vaktignore, "2027-01-01");
	assert_int_equal(3, ig.n);
	assert_string_equal("CVE-2024-3094", ig.v[0].id);
	assert_string_equal("xz is only a build dependency here", ig.v[0].reason);
	assert_string_equal("", ig.v[0].expires);
	assert_false(ig.v[0].expired);
	assert_int_equal(0, ig.v[0].packages.n);
	assert_string_equal(".vaktignore", ig.v[0].file);
	assert_int_equal(3, ig.v[0].line);
	assert_string_equal("2027-03-31", ig.v[1].expires);
	assert_false(ig.v[1].expired);
	assert_int_equal(2, ig.v[1].packages.n);
	assert_string_equal("libc-*", ig.v[1].packages.v[1]);
	assert_int_equal(5, ig.v[1].line);
	assert_int_equal(2, ig.v[2].packages.n);
	vuln_ignore_release(&ig);
	/* Files that ignore nothing. */
	parse_ok(&ig, "", NULL);
	parse_ok(&ig, "# nothing yet\n", NULL);
	parse_ok(&ig, "ignore:\n", NULL);
	parse_ok(&ig, "ignore: []\n", NULL);
	assert_int_equal(0, ig.n);
	vuln_ignore_release(&ig);
}

static struct pkg mkpkg(const char *name, const char *source, const char *purl)
{
	struct pkg p = {
	    .type = PKG_DPKG, .name = (char *)name, .source = (char *)source, .purl = (char *)purl};

	return p;
}

static void test_match(void **state)
{
	struct vuln_ignore ig = {0};
	const char *xz[] = {"CVE-2024-3094", "DEBIAN-CVE-2024-3094"};
	const char *glibc[] = {"CVE-2023-4911", "DSA-5514-1"};
	const char *ssl[] = {"CVE-2023-5678", "DSA-5678-1"};
	struct pkg liblzma = mkpkg("liblzma5", "xz-utils", "pkg:deb/debian/liblzma5@5.4.1-0.2");
	struct pkg libc6 = mkpkg("libc6", "glibc", "pkg:deb/debian/libc6@2.36-9");
	struct pkg libcbin = mkpkg("libc-bin", "glibc", "pkg:deb/debian/libc-bin@2.36-9");
	struct pkg locales = mkpkg("locales", "glibc", "pkg:deb/debian/locales@2.36-9");
	struct pkg glibc_src = mkpkg("glibc-tools", "libc-dev-src", NULL);
	struct pkg libssl =
	    mkpkg("libssl3", "openssl",
	          "pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64&distro=debian-12");
	struct pkg libssl_arm =
	    mkpkg("libssl3", "openssl",
	          "pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=arm64&distro=debian-12");
	struct pkg openssl = mkpkg("openssl", "openssl", "pkg:deb/debian/openssl@3.0.11-1~deb12u2");
	struct pkg openssl_new = mkpkg("openssl", "openssl", "pkg:deb/debian/openssl@3.0.13-1");

	parse_ok(&ig, vaktignore, "2027-01-01");
	/* By any of the finding's ids (ssl's by its DSA), without regard to case (glibc's). */
	assert_ptr_equal(&ig.v[0], vuln_ignore_match(&ig, xz, 2, &liblzma));
	assert_null(vuln_ignore_match(&ig, xz + 1, 1, &liblzma));
	assert_ptr_equal(&ig.v[1], vuln_ignore_match(&ig, glibc, 2, &libc6));
	/* The package scope: a name, a glob, the source name; not another package. */
	assert_ptr_equal(&ig.v[1], vuln_ignore_match(&ig, glibc, 2, &libcbin));
	assert_null(vuln_ignore_match(&ig, glibc, 2, &locales));
	assert_ptr_equal(&ig.v[1], vuln_ignore_match(&ig, glibc, 2, &glibc_src));
	assert_null(vuln_ignore_match(&ig, glibc, 2, NULL));
	/* purls: qualifiers in the pattern must be in the package's; a version must be equal. */
	assert_ptr_equal(&ig.v[2], vuln_ignore_match(&ig, ssl, 2, &libssl));
	assert_null(vuln_ignore_match(&ig, ssl, 2, &libssl_arm));
	assert_ptr_equal(&ig.v[2], vuln_ignore_match(&ig, ssl, 2, &openssl));
	assert_null(vuln_ignore_match(&ig, ssl, 2, &openssl_new));
	/* Not named at all. */
	assert_null(vuln_ignore_match(&ig, ssl, 1, &openssl));
	assert_null(vuln_ignore_match(&ig, NULL, 0, &openssl));
	assert_int_equal(1, ig.v[0].hits);
	assert_int_equal(3, ig.v[1].hits);
	assert_int_equal(2, ig.v[2].hits);
	vuln_ignore_release(&ig);
}

/*
 * Of the live entries that ignore a finding, the first in the files read
 * wins, whichever of the finding's ids names it; the two files' entries
 * are searched as one list.
 */
static void test_first_entry_wins(void **state)
{
	static const char yaml[] =
	    "ignore:\n"
	    "  - {id: dsa-5514-1, reason: old, expires: 2020-01-01}\n"
	    "  - {id: CVE-2023-4911, reason: only locales, packages: [locales]}\n"
	    "  - {id: DSA-5514-1, reason: by the advisory}\n"
	    "  - {id: CVE-2023-4911, reason: by the CVE}\n";
	static const char trivy[] = "DEBIAN-CVE-2023-4911 from trivy\nCVE-2099-1\n";
	const char *glibc[] = {"CVE-2023-4911", "DEBIAN-CVE-2023-4911", "DSA-5514-1"};
	struct pkg libc6 = mkpkg("libc6", "glibc", NULL);
	struct pkg locales = mkpkg("locales", "glibc", NULL);
	struct vuln_ignore ig = {0};
	struct vakt_error *err = NULL;

	assert_int_equal(0, vuln_ignore_parse_trivy(&ig, ".trivyignore", trivy, strlen(trivy),
	                                            "2026-01-01", &err));
	parse_ok(&ig, yaml, "2026-01-01");
	assert_int_equal(6, ig.n);
	/* The trivy file's entry, read first, by the finding's second id. */
	assert_ptr_equal(&ig.v[0], vuln_ignore_match(&ig, glibc, 3, &libc6));
	/* An expired entry is passed over (any case), and so is one for other packages. */
	assert_ptr_equal(&ig.v[4], vuln_ignore_match(&ig, glibc + 2, 1, &locales));
	assert_ptr_equal(&ig.v[4],
	                 vuln_ignore_match(&ig, (const char *[]){glibc[0], glibc[2]}, 2, &libc6));
	assert_ptr_equal(&ig.v[3], vuln_ignore_match(&ig, glibc, 1, &locales));
	assert_ptr_equal(&ig.v[5], vuln_ignore_match(&ig, glibc, 1, &libc6));
	assert_null(vuln_ignore_match(&ig, (const char *[]){"CVE-2099-2"}, 1, &libc6));
	assert_int_equal(1, ig.v[0].hits);
	assert_int_equal(2, ig.v[4].hits);
	vuln_ignore_release(&ig);
}

static void test_expiry_and_stale(void **state)
{
	struct vuln_ignore ig = {0};
	struct vakt_error_list w = {0};
	const char *glibc[] = {"CVE-2023-4911"};
	struct pkg libc6 = mkpkg("libc6", "glibc", NULL);

	/* Through the day itself. */
	parse_ok(&ig, vaktignore, "2027-03-31");
	assert_false(ig.v[1].expired);
	assert_non_null(vuln_ignore_match(&ig, glibc, 1, &libc6));
	vuln_ignore_release(&ig);
	/* The day after: it ignores nothing and says so. */
	parse_ok(&ig, vaktignore, "2027-04-01");
	assert_true(ig.v[1].expired);
	assert_null(vuln_ignore_match(&ig, glibc, 1, &libc6));
	vuln_ignore_warnings(&ig, false, &w);
	assert_int_equal(1, w.n);
	assert_int_equal(VAKT_WARNING_CODE, w.v[0]->code);
	assert_string_equal(".vaktignore", w.v[0]->file);
	assert_int_equal(5, w.v[0]->line);
	assert_string_equal("the ignore of cve-2023-4911 expired on 2027-03-31 (no setuid binaries "
	                    "in the image): its findings are reported again",
	                    w.v[0]->msg);
	vakt_error_list_release(&w);
	/* Stale: asked for, every live entry that matched nothing. */
	vuln_ignore_warnings(&ig, true, &w);
	assert_int_equal(3, w.n);
	assert_int_equal(3, w.v[0]->line);
	assert_string_equal("the ignore of CVE-2024-3094 matched no finding in this scan: if the "
	                    "vulnerability is gone, remove the entry",
	                    w.v[0]->msg);
	assert_int_equal(5, w.v[1]->line);
	assert_non_null(strstr(w.v[1]->msg, "expired"));
	assert_int_equal(9, w.v[2]->line);
	vakt_error_list_release(&w);
	/* An entry that ignored something is not stale. */
	assert_non_null(vuln_ignore_match(&ig, (const char *[]){"CVE-2024-3094"}, 1, &libc6));
	vuln_ignore_warnings(&ig, true, &w);
	assert_int_equal(2, w.n);
	assert_int_equal(5, w.v[0]->line);
	assert_int_equal(9, w.v[1]->line);
	vakt_error_list_release(&w);
	vuln_ignore_release(&ig);
}

struct bad {
	const char *text;
	int code;
	int line, col;
	const char *msg; /* a part of the message */
};

static const struct bad bad_vaktignore[] = {
    {"- id: CVE-1\n  reason: x\n", -EINVAL, 1, 1, "must be a mapping with the key 'ignore'"},
    {"ignroe:\n  - id: CVE-1\n", -EINVAL, 1, 1, "unknown key 'ignroe' (expected ignore)"},
    {"ignore: CVE-1\n", -EINVAL, 1, 9, "'ignore' must be a list of entries"},
    {"ignore:\n  - CVE-1\n", -EINVAL, 2, 5, "an ignore entry must be a mapping"},
    {"ignore:\n  - id: CVE-1\n", -EINVAL, 2, 5, "the ignore of CVE-1 has no 'reason'"},
    {"ignore:\n  - reason: x\n", -EINVAL, 2, 5, "ignore entry has no 'id'"},
    {"ignore:\n  - id: \"\"\n    reason: x\n", -EINVAL, 2, 9, "'id' must be a vulnerability id"},
    {"ignore:\n  - id: CVE 1\n    reason: x\n", -EINVAL, 2, 9, "'id' must be a vulnerability id"},
    {"ignore:\n  - id: [CVE-1]\n    reason: x\n", -EINVAL, 2, 9, "'id' must be"},
    {"ignore:\n  - id: CVE-1\n    reason: \n", -EINVAL, 3, 12, "'reason' must be a non-empty"},
    {"ignore:\n  - id: CVE-1\n    reason: x\n    expires: 2027-02-30\n", -EINVAL, 4, 14,
     "'expires' must be a date written YYYY-MM-DD"},
    {"ignore:\n  - id: CVE-1\n    reason: x\n    expires: 27-03-31\n", -EINVAL, 4, 14,
     "'expires' must be a date"},
    {"ignore:\n  - id: CVE-1\n    reason: x\n    package: [a]\n", -EINVAL, 4, 5,
     "unknown key 'package' in an ignore entry (expected one of id, reason, expires, "
     "packages)"},
    {"ignore:\n  - id: CVE-1\n    reason: x\n    packages: libc6\n", -EINVAL, 4, 15,
     "'packages' must be a list"},
    {"ignore:\n  - id: CVE-1\n    reason: x\n    packages: [pkg:deb]\n", -EINVAL, 4, 16,
     "'pkg:deb' is not a purl"},
    {"ignore:\n  - id: CVE-1\n    reason: x\n    packages: [\"lib c\"]\n", -EINVAL, 4, 16,
     "a package must be a name"},
    {"ignore: []\n---\nignore: []\n", -EINVAL, 2, 1, "only one YAML document"},
    /* Trivy's .trivyignore.yaml */
    {"vulnerabilities:\n  - id: CVE-1\n    expired-at: 2027-01-01\n", -EINVAL, 3, 5,
     "unknown key 'expired-at' in a vulnerabilities entry (expected one of id, statement, "
     "expired_at, purls, paths)"},
    {"vulnerabilities:\n  - id: CVE-1\n    expired_at: 2027-13-01\n", -EINVAL, 3, 17,
     "'expired_at' must be a date written YYYY-MM-DD"},
    {"vulnerabilities:\n  - statement: x\n", -EINVAL, 2, 5, "vulnerabilities entry has no 'id'"},
    {"vulnerabilities:\n  - CVE-1\n", -EINVAL, 2, 5,
     "a vulnerabilities entry must be a mapping with 'id'"},
    {"vulnerabilities: CVE-1\n", -EINVAL, 1, 18, "'vulnerabilities' must be a list of entries"},
    {"vulnerabilities:\n  - id: CVE-1\n    purls: [libc6]\n", -EINVAL, 3, 13,
     "a purl must start with pkg:"},
    {"vulnerabilities:\n  - id: CVE-1\n    purls: [pkg:deb]\n", -EINVAL, 3, 13,
     "'pkg:deb' is not a purl"},
    /* One pass over the purls: the first bad one in the list is the one reported. */
    {"vulnerabilities:\n  - id: CVE-1\n    purls: [pkg:deb, libc6]\n", -EINVAL, 3, 13,
     "'pkg:deb' is not a purl"},
    {"vulnerabilities:\n  - id: CVE-1\n    paths: a/b\n", -EINVAL, 3, 12,
     "'paths' must be a list of file paths"},
    {"vulnerabilities: []\nignore: []\n", -EINVAL, 2, 1,
     "unknown key 'ignore' (expected vulnerabilities, misconfigurations, secrets or licenses"},
    {"ignore: [\n", -EINVAL, 2, 1, ""},
};

static void test_errors(void **state)
{
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(bad_vaktignore); i++) {
		const struct bad *b = &bad_vaktignore[i];
		struct vuln_ignore ig = {0};
		struct vakt_error *err = NULL;
		int r;

		/* What the list held before a bad file stays, and nothing is added. */
		parse_ok(&ig, "ignore:\n  - id: CVE-0\n    reason: kept\n", NULL);
		r = vuln_ignore_parse(&ig, "dir/.vaktignore", b->text, strlen(b->text), NULL, &err);
		if (r != b->code || !err)
			fail_msg("case %zu: expected %d, got %d", i, b->code, r);
		assert_string_equal("dir/.vaktignore", err->file);
		if (err->line != b->line || (b->col && err->column != b->col) ||
		    !strstr(err->msg, b->msg))
			fail_msg("case %zu: expected %d:%d '%s', got %d:%d '%s'", i, b->line,
			         b->col, b->msg, err->line, err->column, err->msg);
		assert_int_equal(1, ig.n);
		vakt_error_free(err);
		vuln_ignore_release(&ig);
	}
}

/*
 * Trivy's .trivyignore.yaml: vulnerabilities entries with an optional
 * statement, expiry and purls; paths never cover an OS package; the other
 * sections are noted, not read.
 */
static void test_trivyignore_yaml(void **state)
{
	static const char text[] = "vulnerabilities:\n"
	                           "- id: GHSA-m425-mq94-257g\n"
	                           "- id: CVE-2020-15114\n"
	                           "  expired_at: 2024-08-20\n"
	                           "  statement: \"Review in 6 months\"\n"
	                           "- id: CVE-2023-3817\n"
	                           "  purls:\n"
	                           "    - \"pkg:deb/debian/libssl3\"\n"
	                           "- id: CVE-2022-40897\n"
	                           "  paths:\n"
	                           "    - \"usr/lib/python3/dist-packages/setuptools/METADATA\"\n"
	                           "  statement: Accept the risk\n"
	                           "misconfigurations:\n"
	                           "- id: AVD-DS-0002\n"
	                           "secrets:\n"
	                           "licenses: []\n";
	struct vuln_ignore ig = {0};
	struct vakt_error_list w = {0};
	struct pkg libssl3 =
	    mkpkg("libssl3", "openssl", "pkg:deb/debian/libssl3@3.0.11-1?arch=amd64");
	struct pkg zlib = mkpkg("zlib1g", "zlib", "pkg:deb/debian/zlib1g@1.2.13?arch=amd64");

	(void)state;
	parse_ok(&ig, text, "2026-06-15");
	assert_int_equal(4, ig.n);
	assert_string_equal("GHSA-m425-mq94-257g", ig.v[0].id);
	assert_null(ig.v[0].reason);
	assert_int_equal(2, ig.v[0].line);
	assert_string_equal("2024-08-20", ig.v[1].expires);
	assert_true(ig.v[1].expired);
	assert_string_equal("Review in 6 months", ig.v[1].reason);
	assert_int_equal(1, ig.v[2].packages.n);
	assert_int_equal(1, ig.v[3].paths.n);
	/* An entry without scope ignores its id anywhere; purls limit it. */
	assert_ptr_equal(&ig.v[0],
	                 vuln_ignore_match(&ig, (const char *[]){"GHSA-m425-mq94-257g"}, 1, &zlib));
	assert_null(vuln_ignore_match(&ig, (const char *[]){"CVE-2020-15114"}, 1, &zlib));
	assert_ptr_equal(&ig.v[2],
	                 vuln_ignore_match(&ig, (const char *[]){"CVE-2023-3817"}, 1, &libssl3));
	assert_null(vuln_ignore_match(&ig, (const char *[]){"CVE-2023-3817"}, 1, &zlib));
	/* OS packages are found in no file of their own: paths cover none. */
	assert_null(vuln_ignore_match(&ig, (const char *[]){"CVE-2022-40897"}, 1, &libssl3));
	/* The misconfigurations section first (secrets and licenses are empty), then the entries.
	 */
	vuln_ignore_warnings(&ig, true, &w);
	assert_int_equal(3, w.n);
	assert_int_equal(VAKT_WARNING_CODE, w.v[0]->code);
	assert_int_equal(13, w.v[0]->line);
	assert_non_null(strstr(w.v[0]->msg, "the misconfigurations section is not read"));
	assert_non_null(strstr(w.v[1]->msg, "CVE-2020-15114 expired on 2024-08-20"));
	assert_non_null(strstr(w.v[2]->msg, "CVE-2022-40897 matched no finding"));
	vakt_error_list_release(&w);
	vuln_ignore_release(&ig);
}

/*
 * Forms real .trivyignore.yaml files use: an RFC 3339 timestamp as the
 * expiry (Trivy reads either), a `|` block statement (its last newline is
 * not part of the reason), and an entry limited to language-package paths,
 * which vakt's OS packages never match: the stale warning must say why.
 */
static void test_trivyignore_yaml_forms(void **state)
{
	static const char text[] = "vulnerabilities:\n"
	                           "  - id: CVE-2023-1\n"
	                           "    expired_at: 2099-08-20T00:00:00Z\n"
	                           "    statement: |\n"
	                           "      Not reachable: the fix lands.\n"
	                           "  - id: CVE-2023-2\n"
	                           "    expired_at: 2024-08-20T23:59:59+02:00\n"
	                           "  - id: CVE-2022-40897\n"
	                           "    paths: [\"usr/lib/python3/dist-packages/setuptools\"]\n";
	struct vuln_ignore ig = {0};
	struct vakt_error_list w = {0};
	struct vakt_error *err = NULL;

	(void)state;
	parse_ok(&ig, text, "2026-06-15");
	assert_int_equal(3, ig.n);
	assert_string_equal("2099-08-20", ig.v[0].expires);
	assert_false(ig.v[0].expired);
	assert_string_equal("Not reachable: the fix lands.", ig.v[0].reason);
	assert_string_equal("2024-08-20", ig.v[1].expires);
	assert_true(ig.v[1].expired);
	vuln_ignore_warnings(&ig, true, &w);
	assert_int_equal(3, w.n);
	assert_non_null(strstr(w.v[2]->msg, "CVE-2022-40897 matched no finding"));
	assert_non_null(strstr(w.v[2]->msg, "paths"));
	assert_null(strstr(w.v[2]->msg, "if the vulnerability is gone"));
	vakt_error_list_release(&w);
	vuln_ignore_release(&ig);
	/* A date-shaped start is not enough: the rest must be a timestamp. */
	assert_int_equal(
	    -EINVAL, vuln_ignore_parse(&ig, ".trivyignore.yaml",
	                               "vulnerabilities:\n- id: X\n  expired_at: 2099-08-20junk\n",
	                               54, "2026-06-15", &err));
	assert_non_null(err);
	assert_int_equal(3, err->line);
	vakt_error_free(err);
	vuln_ignore_release(&ig);
}

/* Which reader a file gets: by its name, else by what it holds. */
static void test_format_of(void **state)
{
	(void)state;
	assert_int_equal(VULN_IGNORE_LINES, vuln_ignore_format_of(".trivyignore", "ignore:\n", 8));
	assert_int_equal(VULN_IGNORE_LINES,
	                 vuln_ignore_format_of("ci/.trivyignore", "vulnerabilities:\n", 17));
	assert_int_equal(VULN_IGNORE_YAML, vuln_ignore_format_of(".vaktignore", "CVE-1\n", 6));
	assert_int_equal(VULN_IGNORE_YAML,
	                 vuln_ignore_format_of("a/.trivyignore.yaml", "CVE-1\n", 6));
	assert_int_equal(VULN_IGNORE_YAML, vuln_ignore_format_of("ignores.yml", "CVE-1\n", 6));
	/* Another name: the first significant line says. */
	assert_int_equal(
	    VULN_IGNORE_LINES,
	    vuln_ignore_format_of("trivyignore.prod", "# prod\n\nCVE-2024-1 exp:2027-01-01\n", 34));
	assert_int_equal(VULN_IGNORE_YAML,
	                 vuln_ignore_format_of("vaktignore", "# ours\nignore:\n  - id: X\n", 25));
	assert_int_equal(VULN_IGNORE_YAML,
	                 vuln_ignore_format_of("ignores", "---\nvulnerabilities: []\n", 24));
	assert_int_equal(VULN_IGNORE_YAML,
	                 vuln_ignore_format_of("ignores", "\nvulnerabilities :\n", 19));
	assert_int_equal(VULN_IGNORE_LINES, vuln_ignore_format_of("ignores", "ignorexx:\n", 10));
	assert_int_equal(VULN_IGNORE_LINES, vuln_ignore_format_of("ignores", "", 0));
}

static void test_limits(void **state)
{
	struct vakt_buf b = VAKT_BUF_INIT;
	struct vuln_ignore ig = {0};
	struct vakt_error *err = NULL;
	char *glob;

	assert_int_equal(-EFBIG,
	                 vuln_ignore_parse(&ig, "f", "", VULN_IGNORE_MAX_BYTES + 1, NULL, &err));
	assert_non_null(strstr(err->msg, "file too large"));
	vakt_error_free(err);
	err = NULL;
	assert_int_equal(
	    -EFBIG, vuln_ignore_parse_trivy(&ig, "f", "", VULN_IGNORE_MAX_BYTES + 1, NULL, &err));
	vakt_error_free(err);
	err = NULL;

	/* As many entries as allowed, each with every key, fit in a file. */
	vakt_buf_adds(&b, "ignore:\n");
	for (int i = 0; i < VULN_IGNORE_MAX_ENTRIES; i++)
		vakt_buf_addf(&b, "- {id: CVE-%d, reason: r, expires: 2099-01-01, packages: [a]}\n",
		              i);
	assert_true(b.len < VULN_IGNORE_MAX_BYTES);
	assert_int_equal(0, vuln_ignore_parse(&ig, "f", b.data, b.len, NULL, &err));
	assert_int_equal(VULN_IGNORE_MAX_ENTRIES, ig.n);
	vuln_ignore_release(&ig);
	vakt_buf_reset(&b);

	vakt_buf_adds(&b, "ignore:\n");
	for (int i = 0; i <= VULN_IGNORE_MAX_ENTRIES; i++)
		vakt_buf_addf(&b, "- {id: CVE-%d, reason: r}\n", i);
	assert_int_equal(-E2BIG, vuln_ignore_parse(&ig, "f", b.data, b.len, NULL, &err));
	assert_int_equal(VULN_IGNORE_MAX_ENTRIES + 2, err->line);
	vakt_error_free(err);
	err = NULL;
	vakt_buf_reset(&b);
	for (int i = 0; i <= VULN_IGNORE_MAX_ENTRIES; i++)
		vakt_buf_addf(&b, "CVE-%d\n", i);
	assert_int_equal(-E2BIG, vuln_ignore_parse_trivy(&ig, "f", b.data, b.len, NULL, &err));
	assert_int_equal(VULN_IGNORE_MAX_ENTRIES + 1, err->line);
	vakt_error_free(err);
	err = NULL;

	glob = vakt_xmalloc(VULN_IGNORE_MAX_GLOB + 2);
	memset(glob, 'a', VULN_IGNORE_MAX_GLOB + 1);
	glob[VULN_IGNORE_MAX_GLOB + 1] = '\0';
	vakt_buf_reset(&b);
	vakt_buf_addf(&b, "ignore:\n- id: CVE-1\n  reason: r\n  packages: [%s]\n", glob);
	assert_int_equal(-E2BIG, vuln_ignore_parse(&ig, "f", b.data, b.len, NULL, &err));
	assert_non_null(strstr(err->msg, "longer than"));
	vakt_error_free(err);
	err = NULL;
	/* A glob at the ceiling is fine, and matches what it says. */
	glob[VULN_IGNORE_MAX_GLOB] = '\0';
	vakt_buf_reset(&b);
	vakt_buf_addf(&b, "ignore:\n- id: CVE-1\n  reason: r\n  packages: [%s]\n", glob);
	assert_int_equal(0, vuln_ignore_parse(&ig, "f", b.data, b.len, NULL, &err));
	assert_int_equal(1, ig.n);
	free(glob);
	vakt_buf_release(&b);
	vuln_ignore_release(&ig);
}

/* Globs: '*' any run, '?' one byte, the whole name; pathological patterns stay fast. */
static void test_globs(void **state)
{
	static const struct {
		const char *glob, *name;
		bool match;
	} v[] = {
	    {"*", "anything", true},
	    {"lib*", "libssl3", true},
	    {"lib*", "glibc", false},
	    {"libssl?", "libssl3", true},
	    {"libssl?", "libssl", false},
	    {"*ssl*", "libssl3", true},
	    {"a*b*c", "aXXbYYc", true},
	    {"a*b*c", "aXXbYYcd", false},
	    {"*a*a*a*a*b", "aaaa", false},
	    {"python3.*", "python3.11", true},
	    {"", "x", false},
	};

	for (size_t i = 0; i < VAKT_ARRAY_SIZE(v); i++) {
		struct vuln_ignore ig = {0};
		struct pkg p = mkpkg(v[i].name, NULL, NULL);
		char *text = vakt_xasprintf(
		    "ignore:\n- id: CVE-1\n  reason: r\n  packages: [\"%s\"]\n", v[i].glob);
		struct vakt_error *err = NULL;
		int r = vuln_ignore_parse(&ig, "f", text, strlen(text), NULL, &err);

		free(text);
		if (!*v[i].glob) {
			/* An empty name is refused, not a glob that matches nothing. */
			assert_int_equal(-EINVAL, r);
			vakt_error_free(err);
			continue;
		}
		assert_int_equal(0, r);
		if ((vuln_ignore_match(&ig, (const char *[]){"CVE-1"}, 1, &p) != NULL) !=
		    v[i].match)
			fail_msg("glob '%s' on '%s': expected %s", v[i].glob, v[i].name,
			         v[i].match ? "a match" : "no match");
		vuln_ignore_release(&ig);
	}
}

static const char trivyignore[] = "# Accept the risk\n"
                                  "CVE-2018-14618\n"
                                  "\n"
                                  "# until the base image moves\n"
                                  "# (tracked in OPS-1)\n"
                                  "CVE-2019-14697 exp:2023-01-01\n"
                                  "\r\n"
                                  "CVE-2019-1543 not used in our settings\r\n"
                                  "CVE-2020-0001 exp:2099-12-31 # waiting for upstream\n"
                                  "  GHSA-xxxx-yyyy-zzzz  \n"
                                  "AVD-DS-0002";

static void test_trivyignore(void **state)
{
	struct vuln_ignore ig = {0};
	struct vakt_error *err = NULL;
	struct pkg any = mkpkg("x", NULL, NULL);

	assert_int_equal(0, vuln_ignore_parse_trivy(&ig, ".trivyignore", trivyignore,
	                                            strlen(trivyignore), "2024-01-01", &err));
	assert_null(err);
	assert_int_equal(6, ig.n);
	assert_string_equal("CVE-2018-14618", ig.v[0].id);
	assert_string_equal("Accept the risk", ig.v[0].reason);
	assert_int_equal(2, ig.v[0].line);
	assert_string_equal("CVE-2019-14697", ig.v[1].id);
	assert_string_equal("until the base image moves (tracked in OPS-1)", ig.v[1].reason);
	assert_string_equal("2023-01-01", ig.v[1].expires);
	assert_true(ig.v[1].expired);
	assert_int_equal(6, ig.v[1].line);
	assert_string_equal("not used in our settings", ig.v[2].reason);
	assert_string_equal("CVE-2020-0001", ig.v[3].id);
	assert_string_equal("waiting for upstream", ig.v[3].reason);
	assert_false(ig.v[3].expired);
	assert_string_equal("GHSA-xxxx-yyyy-zzzz", ig.v[4].id);
	assert_null(ig.v[4].reason);
	assert_int_equal(10, ig.v[4].line);
	assert_string_equal("AVD-DS-0002", ig.v[5].id);
	assert_int_equal(11, ig.v[5].line);
	assert_string_equal(".trivyignore", ig.v[5].file);
	/* Never limited to packages; expired entries ignore nothing. */
	assert_ptr_equal(&ig.v[0],
	                 vuln_ignore_match(&ig, (const char *[]){"CVE-2018-14618"}, 1, &any));
	assert_ptr_equal(&ig.v[0],
	                 vuln_ignore_match(&ig, (const char *[]){"CVE-2018-14618"}, 1, NULL));
	assert_null(vuln_ignore_match(&ig, (const char *[]){"CVE-2019-14697"}, 1, &any));
	vuln_ignore_release(&ig);
}

static void test_trivyignore_errors(void **state)
{
	static const struct bad v[] = {
	    {"CVE-1\nCVE-2 exp:2023-13-01\n", -EINVAL, 2, 7,
	     "'exp:2023-13-01' is not an expiry date"},
	    {"CVE-2 exp:tomorrow\n", -EINVAL, 1, 7, "expected exp:YYYY-MM-DD"},
	    {"CVE-2 exp:\n", -EINVAL, 1, 7, "is not an expiry date"},
	};
	struct vakt_buf b = VAKT_BUF_INIT;

	for (size_t i = 0; i < VAKT_ARRAY_SIZE(v); i++) {
		struct vuln_ignore ig = {0};
		struct vakt_error *err = NULL;

		assert_int_equal(v[i].code, vuln_ignore_parse_trivy(&ig, ".trivyignore", v[i].text,
		                                                    strlen(v[i].text), NULL, &err));
		assert_int_equal(0, ig.n);
		assert_string_equal(".trivyignore", err->file);
		if (err->line != v[i].line || err->column != v[i].col ||
		    !strstr(err->msg, v[i].msg))
			fail_msg("case %zu: expected %d:%d '%s', got %d:%d '%s'", i, v[i].line,
			         v[i].col, v[i].msg, err->line, err->column, err->msg);
		vakt_error_free(err);
	}
	/* A NUL byte, and a line longer than the ceiling. */
	{
		struct vuln_ignore ig = {0};
		struct vakt_error *err = NULL;

		assert_int_equal(
		    -EINVAL, vuln_ignore_parse_trivy(&ig, "t", "CVE-1\nCVE\0-2\n", 13, NULL, &err));
		assert_int_equal(2, err->line);
		vakt_error_free(err);
		err = NULL;
		for (int i = 0; i <= VULN_IGNORE_MAX_STRING; i++)
			vakt_buf_addc(&b, 'A');
		assert_int_equal(-E2BIG,
		                 vuln_ignore_parse_trivy(&ig, "t", b.data, b.len, NULL, &err));
		assert_int_equal(1, err->line);
		vakt_error_free(err);
		assert_int_equal(0, ig.n);
	}
	vakt_buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_parse),
	    cmocka_unit_test(test_match),
	    cmocka_unit_test(test_first_entry_wins),
	    cmocka_unit_test(test_expiry_and_stale),
	    cmocka_unit_test(test_errors),
	    cmocka_unit_test(test_trivyignore_yaml),
	    cmocka_unit_test(test_trivyignore_yaml_forms),
	    cmocka_unit_test(test_format_of),
	    cmocka_unit_test(test_limits),
	    cmocka_unit_test(test_globs),
	    cmocka_unit_test(test_trivyignore),
	    cmocka_unit_test(test_trivyignore_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
