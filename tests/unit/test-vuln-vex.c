/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for src/vuln/vuln-vex.c and src/vuln/vuln-purl.c: OpenVEX
 * documents (v0.2.0 and the older string shapes), which statement covers a
 * finding (purls with and without version and qualifiers, the image and its
 * subcomponents, aliases, the latest statement), and bad documents.
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
#include "vuln/vuln-purl.h"
#include "vuln/vuln-vex.h"

static void test_purl(void **state)
{
	static const struct {
		const char *pattern, *purl;
		bool match;
	} v[] = {
	    {"pkg:deb/debian/libssl3", "pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64", true},
	    {"pkg:deb/debian/libssl3@3.0.11-1~deb12u2", "pkg:deb/debian/libssl3@3.0.11-1~deb12u2",
	     true},
	    {"pkg:deb/debian/libssl3@3.0.11-1~deb12u2", "pkg:deb/debian/libssl3@3.0.13-1", false},
	    /* Compared decoded: dpkg's epoch colon, encoded or not. */
	    {"pkg:deb/debian/bsdutils@1:2.38.1-5", "pkg:deb/debian/bsdutils@1%3A2.38.1-5", true},
	    {"pkg:deb/debian/bsdutils@1%3a2.38.1-5", "pkg:deb/debian/bsdutils@1:2.38.1-5", true},
	    /* Qualifiers of the pattern must be in the purl, with the same value. */
	    {"pkg:deb/debian/libssl3?arch=amd64",
	     "pkg:deb/debian/libssl3@3.0.11-1?arch=amd64&distro=debian-12", true},
	    {"pkg:deb/debian/libssl3?distro=debian-12&arch=amd64",
	     "pkg:deb/debian/libssl3@3.0.11-1?arch=amd64&distro=debian-12", true},
	    {"pkg:deb/debian/libssl3?arch=arm64",
	     "pkg:deb/debian/libssl3@3.0.11-1?arch=amd64&distro=debian-12", false},
	    {"pkg:deb/debian/libssl3?arch=amd64", "pkg:deb/debian/libssl3@3.0.11-1", false},
	    {"pkg:rpm/redhat/openssl@3.0.7-24.el9?epoch=1",
	     "pkg:rpm/redhat/openssl@3.0.7-24.el9?arch=x86_64&distro=rhel-9.3&epoch=1", true},
	    {"pkg:rpm/redhat/openssl@3.0.7-24.el9?epoch=2",
	     "pkg:rpm/redhat/openssl@3.0.7-24.el9?arch=x86_64&epoch=1", false},
	    /*
	     * distro names a release at the precision its writer knew: Trivy writes the
	     * point release (debian-12.4), os-release gives vakt the major (debian-12).
	     * Either names the other; another release does not.
	     */
	    {"pkg:deb/debian/libssl3@3.0.11-1?arch=amd64&distro=debian-12.4",
	     "pkg:deb/debian/libssl3@3.0.11-1?arch=amd64&distro=debian-12", true},
	    {"pkg:deb/debian/libssl3?distro=debian-12",
	     "pkg:deb/debian/libssl3@3.0.11-1?distro=debian-12.4", true},
	    {"pkg:deb/debian/libssl3?distro=debian-12.4",
	     "pkg:deb/debian/libssl3@3.0.11-1?distro=debian-11", false},
	    {"pkg:deb/debian/libssl3?distro=debian-1",
	     "pkg:deb/debian/libssl3@3.0.11-1?distro=debian-12", false},
	    {"pkg:rpm/redhat/openssl?distro=rhel-9.3",
	     "pkg:rpm/redhat/openssl@3.0.7?distro=rhel-9.4", false},
	    /* A key repeated (not valid, but a purl must still name itself): any value will do. */
	    {"pkg:deb/debian/x?arch=amd64&arch=arm64", "pkg:deb/debian/x?arch=amd64&arch=arm64",
	     true},
	    {"pkg:deb/debian/x?arch=arm64", "pkg:deb/debian/x?arch=amd64&arch=arm64", true},
	    /* Type and namespace regardless of case; the name exactly; the subpath not at all. */
	    {"PKG:DEB/Debian/libssl3", "pkg:deb/debian/libssl3@1", true},
	    {"pkg:deb/debian/LibSSL3", "pkg:deb/debian/libssl3@1", false},
	    {"pkg:deb/ubuntu/libssl3", "pkg:deb/debian/libssl3@1", false},
	    {"pkg:deb/libssl3", "pkg:deb/debian/libssl3@1", false},
	    {"pkg:apk/alpine/libssl3", "pkg:deb/alpine/libssl3", false},
	    {"pkg:deb/debian/libssl3#usr/lib", "pkg:deb/debian/libssl3@1", true},
	    {"pkg://deb/debian/libssl3", "pkg:deb/debian/libssl3@1", true},
	    {"pkg:oci/app@sha256%3Aabc?repository_url=r.example/app",
	     "pkg:oci/app@sha256:abc?repository_url=r.example%2Fapp&tag=1", true},
	    /* Not purls. */
	    {"https://example.com/app", "pkg:deb/debian/libssl3@1", false},
	    {"pkg:", "pkg:deb/debian/libssl3@1", false},
	    {"pkg:deb", "pkg:deb/debian/libssl3@1", false},
	    {"pkg:deb/", "pkg:deb/debian/libssl3@1", false},
	    {"pkg:/debian", "pkg:deb/debian/libssl3@1", false},
	    {"pkg:deb/debian/libssl3", "libssl3", false},
	};
	char *big;

	for (size_t i = 0; i < VAKT_ARRAY_SIZE(v); i++)
		if (vuln_purl_match(v[i].pattern, v[i].purl) != v[i].match)
			fail_msg("'%s' on '%s': expected %s", v[i].pattern, v[i].purl,
			         v[i].match ? "a match" : "no match");
	assert_false(vuln_purl_match(NULL, "pkg:deb/debian/x"));
	assert_false(vuln_purl_match("pkg:deb/debian/x", NULL));
	assert_true(vuln_purl_is("pkg:deb/debian/x"));
	assert_false(vuln_purl_is("deb/debian/x"));
	assert_false(vuln_purl_is(NULL));
	/* Longer than the ceiling: names nothing. */
	big = vakt_xmalloc(VULN_PURL_MAX + 32);
	memcpy(big, "pkg:deb/debian/", 15);
	memset(big + 15, 'a', VULN_PURL_MAX);
	big[15 + VULN_PURL_MAX] = '\0';
	assert_false(vuln_purl_is(big));
	assert_false(vuln_purl_match(big, big));
	big[VULN_PURL_MAX] = '\0';
	assert_true(vuln_purl_match(big, big));
	free(big);
}

static const char doc[] =
    "{\n"
    "  \"@context\": \"https://openvex.dev/ns/v0.2.0\",\n"
    "  \"@id\": \"https://example.com/vex/1\",\n"
    "  \"author\": \"security@example.com\",\n"
    "  \"timestamp\": \"2024-01-10T10:00:00Z\",\n"
    "  \"version\": 1,\n"
    "  \"statements\": [\n"
    "    {\"vulnerability\": {\"name\": \"CVE-2023-0001\"},\n"
    "     \"products\": [{\"@id\": \"pkg:deb/debian/libssl3\"}],\n"
    "     \"status\": \"not_affected\",\n"
    "     \"justification\": \"vulnerable_code_not_in_execute_path\"},\n"
    "    {\"vulnerability\": {\"name\": \"CVE-2023-0002\"},\n"
    "     \"products\": [{\"@id\": \"pkg:oci/app?repository_url=registry.example.com/app\",\n"
    "                   \"subcomponents\": [{\"@id\": "
    "\"pkg:deb/debian/zlib1g@1:1.2.13.dfsg-1\"}]}],\n"
    "     \"status\": \"fixed\"},\n"
    "    {\"vulnerability\": {\"name\": \"CVE-2023-0003\"},\n"
    "     \"products\": [{\"identifiers\": {\"purl\": \"pkg:deb/debian/curl\"}}],\n"
    "     \"status\": \"affected\",\n"
    "     \"action_statement\": \"upgrade to 7.88.1-10+deb12u5\"},\n"
    "    {\"vulnerability\": {\"name\": \"CVE-2023-0004\", \"aliases\": [\"GHSA-aaaa-bbbb-cccc\","
    " \"DSA-5000-1\"]},\n"
    "     \"products\": [{\"@id\": \"pkg:deb/debian/curl\"}],\n"
    "     \"status\": \"under_investigation\"},\n"
    "    {\"vulnerability\": {\"name\": \"CVE-2023-0005\"},\n"
    "     \"products\": [{\"@id\": \"pkg:oci/app\"}],\n"
    "     \"status\": \"not_affected\",\n"
    "     \"impact_statement\": \"the image runs no network service\"}\n"
    "  ]\n"
    "}\n";

static const char *const image = "pkg:oci/app@sha256:abcd?repository_url=registry.example.com/app";
static const char *const libssl = "pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64";
static const char *const zlib = "pkg:deb/debian/zlib1g@1%3A1.2.13.dfsg-1?arch=amd64";
static const char *const zlib_new = "pkg:deb/debian/zlib1g@1%3A1.3.1-1?arch=amd64";
static const char *const curl = "pkg:deb/debian/curl@7.88.1-10+deb12u4?arch=amd64";

static void parse_ok(struct vuln_vex *vex, const char *path, const char *text)
{
	struct vakt_error *err = NULL;

	if (vuln_vex_parse(vex, path, text, strlen(text), &err))
		fail_msg("unexpected error: %s", err ? err->msg : "(none)");
	assert_null(err);
}

static const struct vuln_vex_statement *find1(const struct vuln_vex *vex, const char *id,
                                              const char *purl, const char *subject)
{
	return vuln_vex_find(vex, &id, 1, purl, subject);
}

static void test_statements(void **state)
{
	struct vuln_vex vex = {0};
	const struct vuln_vex_statement *s;

	parse_ok(&vex, "app.vex.json", doc);
	assert_int_equal(5, vex.n);
	/* A product that is the package, without version or qualifiers. */
	s = find1(&vex, "CVE-2023-0001", libssl, NULL);
	assert_non_null(s);
	assert_int_equal(VULN_VEX_NOT_AFFECTED, s->status);
	assert_true(vuln_vex_suppresses(s->status));
	assert_string_equal("vulnerable_code_not_in_execute_path", s->justification);
	assert_string_equal("app.vex.json", s->file);
	assert_int_equal(0, s->index);
	assert_null(find1(&vex, "CVE-2023-0001", curl, image));
	/* The image as product, and the package among its subcomponents, at that version. */
	s = find1(&vex, "CVE-2023-0002", zlib, image);
	assert_non_null(s);
	assert_int_equal(VULN_VEX_FIXED, s->status);
	assert_null(find1(&vex, "CVE-2023-0002", zlib_new, image));
	assert_null(find1(&vex, "CVE-2023-0002", zlib, NULL));
	assert_null(find1(&vex, "CVE-2023-0002", zlib, "pkg:oci/other@sha256:abcd"));
	/* identifiers.purl; affected keeps the finding. */
	s = find1(&vex, "CVE-2023-0003", curl, NULL);
	assert_non_null(s);
	assert_int_equal(VULN_VEX_AFFECTED, s->status);
	assert_false(vuln_vex_suppresses(s->status));
	assert_string_equal("upgrade to 7.88.1-10+deb12u5", s->action);
	/* By an alias of the statement's vulnerability, and by any of the finding's ids. */
	s = find1(&vex, "dsa-5000-1", curl, NULL);
	assert_non_null(s);
	assert_int_equal(VULN_VEX_UNDER_INVESTIGATION, s->status);
	assert_false(vuln_vex_suppresses(s->status));
	assert_int_equal(3, s->index);
	s = vuln_vex_find(&vex, (const char *[]){"CVE-2099-1", NULL, "GHSA-aaaa-bbbb-cccc"}, 3,
	                  curl, NULL);
	assert_non_null(s);
	assert_int_equal(3, s->index);
	/* The image without subcomponents: every package in it. */
	s = find1(&vex, "CVE-2023-0005", libssl, image);
	assert_non_null(s);
	assert_string_equal("the image runs no network service", s->impact);
	assert_null(s->justification);
	assert_null(find1(&vex, "CVE-2023-0005", libssl, NULL));
	/* Nothing about it. */
	assert_null(find1(&vex, "CVE-2023-9999", libssl, image));
	assert_null(vuln_vex_find(&vex, NULL, 0, libssl, image));
	assert_null(vuln_vex_find(NULL, (const char *[]){"CVE-2023-0001"}, 1, libssl, image));
	vuln_vex_release(&vex);
}

static char *stmt_doc(const char *doc_time, const char *stmt_time, const char *status)
{
	return vakt_xasprintf("{\"@context\": \"https://openvex.dev/ns\", \"timestamp\": \"%s\","
	                      " \"statements\": [{\"vulnerability\": {\"name\": \"CVE-2024-0001\"},"
	                      " \"products\": [{\"@id\": \"pkg:deb/debian/curl\"}],"
	                      " %s%s%s \"status\": \"%s\"%s}]}",
	                      doc_time, stmt_time ? "\"timestamp\": \"" : "",
	                      stmt_time ? stmt_time : "", stmt_time ? "\"," : "", status,
	                      !strcmp(status, "not_affected")
	                          ? ", \"justification\": \"component_not_present\""
	                          : "");
}

/* The latest statement decides: by time (time zones count), then by the order read. */
static void test_latest(void **state)
{
	struct vuln_vex vex = {0};
	char *a = stmt_doc("2024-06-01T00:00:00Z", NULL, "not_affected");
	char *b = stmt_doc("2024-01-01T00:00:00Z", NULL, "affected");
	char *c = stmt_doc("2024-01-01T00:00:00Z", "2024-07-01T09:00:00+02:00", "affected");
	char *d = stmt_doc("2024-07-01T07:00:00.000Z", NULL, "fixed");
	char *e = stmt_doc("2024-07-01T06:59:59.999-00:00", NULL, "not_affected");

	parse_ok(&vex, "a", a);
	parse_ok(&vex, "b", b);
	assert_int_equal(VULN_VEX_NOT_AFFECTED, find1(&vex, "CVE-2024-0001", curl, NULL)->status);
	/* A statement's own timestamp overrides its document's. */
	parse_ok(&vex, "c", c);
	assert_int_equal(VULN_VEX_AFFECTED, find1(&vex, "CVE-2024-0001", curl, NULL)->status);
	assert_string_equal("c", find1(&vex, "CVE-2024-0001", curl, NULL)->file);
	/* The same instant (09:00+02:00 is 07:00Z): the one read last. */
	parse_ok(&vex, "d", d);
	assert_int_equal(VULN_VEX_FIXED, find1(&vex, "CVE-2024-0001", curl, NULL)->status);
	/* Earlier by a second: does not override. */
	parse_ok(&vex, "e", e);
	assert_int_equal(VULN_VEX_FIXED, find1(&vex, "CVE-2024-0001", curl, NULL)->status);
	vuln_vex_release(&vex);
	free(a);
	free(b);
	free(c);
	free(d);
	free(e);
}

/* OpenVEX before v0.2.0: vulnerability, products and subcomponents as strings. */
static void test_v001(void **state)
{
	static const char old[] = "{\"@context\": \"https://openvex.dev/ns\",\n"
	                          " \"timestamp\": \"2023-01-16T20:41:55.708329108-06:00\",\n"
	                          " \"statements\": [{\"vulnerability\": \"CVE-2022-39046\",\n"
	                          "   \"timestamp\": \"2022-10-11T20:29:19Z\",\n"
	                          "   \"products\": [\"pkg:oci/app@sha256:abcd\"],\n"
	                          "   \"subcomponents\": [\"pkg:deb/debian/libc6@2.36-9\"],\n"
	                          "   \"status\": \"not_affected\", \"justification\": "
	                          "\"vulnerable_code_not_present\"}]}\n";
	struct vuln_vex vex = {0};

	parse_ok(&vex, "old.json", old);
	assert_non_null(find1(&vex, "CVE-2022-39046", "pkg:deb/debian/libc6@2.36-9?arch=amd64",
	                      "pkg:oci/app@sha256:abcd?tag=1"));
	assert_null(find1(&vex, "CVE-2022-39046", "pkg:deb/debian/libc-bin@2.36-9",
	                  "pkg:oci/app@sha256:abcd"));
	vuln_vex_release(&vex);
}

struct bad {
	const char *text;
	int code;
	const char *msg; /* a part of the message */
};

#define CTX  "\"@context\": \"https://openvex.dev/ns/v0.2.0\""
#define VULN "\"vulnerability\": {\"name\": \"CVE-1\"}"
#define PROD "\"products\": [{\"@id\": \"pkg:deb/debian/x\"}]"

static const struct bad bad_docs[] = {
    {"{\"statements\": [", -EINVAL, "not JSON: "},
    {"[]", -EINVAL, "expected an OpenVEX document (a JSON object)"},
    {"{\"statements\": []}", -EINVAL, "not an OpenVEX document: expected \"@context\""},
    {"{\"@context\": \"https://cyclonedx.org/schema\", \"statements\": []}", -EINVAL,
     "not an OpenVEX document"},
    {"{\"@context\": 1}", -EINVAL, "'@context': expected a string"},
    {"{" CTX "}", -EINVAL, "expected \"statements\": a list of statements"},
    {"{" CTX ", \"timestamp\": \"yesterday\", \"statements\": []}", -EINVAL,
     "'timestamp': expected an RFC 3339 time"},
    {"{" CTX ", \"timestamp\": \"2024-01-01T00:00:00\", \"statements\": []}", -EINVAL, "RFC 3339"},
    {"{" CTX ", \"timestamp\": \"2024-13-01T00:00:00Z\", \"statements\": []}", -EINVAL, "RFC 3339"},
    /* Days the month does not have, and an offset past a day. */
    {"{" CTX ", \"timestamp\": \"2024-02-30T00:00:00Z\", \"statements\": []}", -EINVAL, "RFC 3339"},
    {"{" CTX ", \"timestamp\": \"2023-02-29T00:00:00Z\", \"statements\": []}", -EINVAL, "RFC 3339"},
    {"{" CTX ", \"timestamp\": \"2024-04-31T00:00:00Z\", \"statements\": []}", -EINVAL, "RFC 3339"},
    {"{" CTX ", \"timestamp\": \"2024-04-01T00:00:00+24:00\", \"statements\": []}", -EINVAL,
     "RFC 3339"},
    {"{" CTX ", \"statements\": [1]}", -EINVAL, "statements[0]: expected a statement (an object)"},
    {"{" CTX ", \"statements\": [{" PROD ", \"status\": \"fixed\"}]}", -EINVAL,
     "statements[0].vulnerability: expected {\"name\": \"CVE-...\"}"},
    {"{" CTX ", \"statements\": [{\"vulnerability\": {\"name\": \"\"}, " PROD
     ", \"status\": \"fixed\"}]}",
     -EINVAL, "statements[0].vulnerability: expected {\"name\""},
    {"{" CTX
     ", \"statements\": [{\"vulnerability\": {\"name\": \"CVE-1\", \"aliases\": \"x\"}, " PROD
     ", \"status\": \"fixed\"}]}",
     -EINVAL, "statements[0].vulnerability: 'aliases': expected a list of ids"},
    {"{" CTX ", \"statements\": [{" VULN ", " PROD "}]}", -EINVAL,
     "statements[0]: 'status': expected one of not_affected, affected, fixed, "
     "under_investigation (got '')"},
    {"{" CTX ", \"statements\": [{" VULN ", " PROD ", \"status\": \"nope\"}]}", -EINVAL,
     "(got 'nope')"},
    {"{" CTX ", \"statements\": [{" VULN ", " PROD ", \"status\": \"not_affected\"}]}", -EINVAL,
     "statements[0]: a not_affected statement needs a 'justification' or an "
     "'impact_statement'"},
    {"{" CTX ", \"statements\": [{" VULN ", " PROD
     ", \"status\": \"not_affected\", \"justification\": \"trust me\"}]}",
     -EINVAL, "'justification': expected one of component_not_present"},
    {"{" CTX ", \"statements\": [{" VULN ", " PROD ", \"status\": \"fixed\", \"timestamp\": 5}]}",
     -EINVAL, "statements[0]: 'timestamp': expected a string"},
    {"{" CTX ", \"statements\": [{" VULN ", \"status\": \"fixed\"}]}", -EINVAL,
     "statements[0]: expected \"products\""},
    {"{" CTX ", \"statements\": [{" VULN ", \"products\": [], \"status\": \"fixed\"}]}", -EINVAL,
     "expected \"products\""},
    {"{" CTX ", \"statements\": [{" VULN ", \"products\": [1], \"status\": \"fixed\"}]}", -EINVAL,
     "statements[0].products[0]: expected a product"},
    {"{" CTX ", \"statements\": [{" VULN
     ", \"products\": [{\"identifiers\": []}], \"status\": \"fixed\"}]}",
     -EINVAL, "statements[0].products[0]: 'identifiers': expected an object"},
    {"{" CTX ", \"statements\": [{" VULN
     ", \"products\": [{\"@id\": \"pkg:oci/a\", \"subcomponents\": [{\"@id\": 3}]}], "
     "\"status\": \"fixed\"}]}",
     -EINVAL, "statements[0].products[0].subcomponents[0]: '@id': expected a string"},
    {"{" CTX ", \"statements\": [{" VULN
     ", \"products\": [{\"@id\": \"pkg:oci/a\", \"subcomponents\": {}}], "
     "\"status\": \"fixed\"}]}",
     -EINVAL, "statements[0].products[0]: 'subcomponents': expected a list"},
    {"{" CTX ", \"statements\": [{" VULN ", " PROD ", \"status\": \"fixed\"}, {" VULN ", " PROD
     ", \"status\": \"fixed\", \"status\": \"affected\"}]}",
     -EINVAL, "not JSON: duplicate object key"},
};

static void test_bad_documents(void **state)
{
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(bad_docs); i++) {
		struct vuln_vex vex = {0};
		struct vakt_error *err = NULL;
		int r;

		/* What was read before stays; a bad document adds nothing. */
		parse_ok(&vex, "good.json", doc);
		r = vuln_vex_parse(&vex, "bad.vex.json", bad_docs[i].text, strlen(bad_docs[i].text),
		                   &err);
		if (r != bad_docs[i].code || !err)
			fail_msg("case %zu: expected %d, got %d", i, bad_docs[i].code, r);
		assert_string_equal("bad.vex.json", err->file);
		if (!strstr(err->msg, bad_docs[i].msg))
			fail_msg("case %zu: expected '%s' in '%s'", i, bad_docs[i].msg, err->msg);
		assert_int_equal(5, vex.n);
		assert_non_null(find1(&vex, "CVE-2023-0001", libssl, NULL));
		vakt_error_free(err);
		vuln_vex_release(&vex);
	}
}

static void test_limits(void **state)
{
	struct vuln_vex vex = {0};
	struct vakt_error *err = NULL;
	struct vakt_buf b = VAKT_BUF_INIT;

	assert_int_equal(-EFBIG, vuln_vex_parse(&vex, "f", "{}", VULN_VEX_MAX_BYTES + 1, &err));
	assert_non_null(strstr(err->msg, "file too large"));
	vakt_error_free(err);
	err = NULL;
	/* A string over the ceiling. */
	vakt_buf_adds(&b, "{" CTX ", \"statements\": [{\"vulnerability\": {\"name\": \"");
	for (int i = 0; i <= VULN_VEX_MAX_STRING; i++)
		vakt_buf_addc(&b, 'C');
	vakt_buf_adds(&b, "\"}, " PROD ", \"status\": \"fixed\"}]}");
	assert_int_equal(-E2BIG, vuln_vex_parse(&vex, "f", b.data, b.len, &err));
	assert_non_null(strstr(err->msg, "longer than"));
	vakt_error_free(err);
	err = NULL;
	/* A NUL inside a string is not JSON jansson accepts by default. */
	assert_int_equal(-EINVAL, vuln_vex_parse(&vex, "f", "{\"a\": \"\\u0000\"}", 15, &err));
	vakt_error_free(err);
	assert_int_equal(0, vex.n);
	vakt_buf_release(&b);
}

static void test_names(void **state)
{
	assert_string_equal("not_affected", vuln_vex_status_name(VULN_VEX_NOT_AFFECTED));
	assert_string_equal("affected", vuln_vex_status_name(VULN_VEX_AFFECTED));
	assert_string_equal("fixed", vuln_vex_status_name(VULN_VEX_FIXED));
	assert_string_equal("under_investigation",
	                    vuln_vex_status_name(VULN_VEX_UNDER_INVESTIGATION));
	assert_true(vuln_vex_suppresses(VULN_VEX_FIXED));
	assert_false(vuln_vex_suppresses(VULN_VEX_AFFECTED));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_purl),          cmocka_unit_test(test_statements),
	    cmocka_unit_test(test_latest),        cmocka_unit_test(test_v001),
	    cmocka_unit_test(test_bad_documents), cmocka_unit_test(test_limits),
	    cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
