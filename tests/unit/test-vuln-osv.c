/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for src/vuln/vuln-osv.c (the OSV record parser), on the
 * hand-written records of tests/vuln/osv/ (one per shape of
 * reference/image.md section 4) and the broken ones of tests/vuln/bad/;
 * every ceiling; the RFC 3339 reader; and the database's record encoding
 * (src/vuln/vuln-codec.c), which must give back what the parser read.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "vuln/vuln-db-priv.h"
#include "vuln/vuln-osv.h"

/* tests/vuln/, found from this file's own path (the suite runs from the repository root). */
static char *fixture(const char *rel)
{
	const char *f = __FILE__, *slash = strrchr(f, '/');
	size_t n = slash ? (size_t)(slash - f) : 0;

	return vakt_xasprintf("%.*s%s../vuln/%s", (int)n, f, n ? "/" : "", rel);
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	struct vakt_buf b = VAKT_BUF_INIT;
	char tmp[4096];
	size_t k;

	assert_non_null(f);
	while ((k = fread(tmp, 1, sizeof(tmp), f)) > 0)
		vakt_buf_add(&b, tmp, k);
	fclose(f);
	*len = b.len;
	return vakt_buf_detach(&b);
}

/* Parse tests/vuln/<rel> into *r, which must succeed. */
static void parse_fixture(const char *rel, struct vuln_record *r)
{
	char *path = fixture(rel), *data;
	struct vakt_error *err = NULL;
	size_t len;
	int rc;

	data = slurp(path, &len);
	rc = vuln_osv_parse(data, len, rel, r, &err);
	if (rc < 0)
		print_error("%s: %s\n", rel, err ? err->msg : "?");
	assert_int_equal(rc, 0);
	assert_null(err);
	free(data);
	free(path);
}

/* Parse text, which must fail with code and an error containing want. */
static void parse_bad(const char *text, int code, const char *want)
{
	struct vuln_record r;
	struct vakt_error *err = NULL;
	int rc = vuln_osv_parse(text, strlen(text), "t.json", &r, &err);
	char *msg;

	assert_int_equal(rc, code);
	assert_non_null(err);
	msg = vakt_error_format(err);
	if (!strstr(msg, want))
		print_error("got: %s\nwant: %s\n", msg, want);
	assert_non_null(strstr(msg, want));
	assert_non_null(strstr(msg, "t.json"));
	assert_null(r.id);
	assert_int_equal(r.n_affected, 0);
	free(msg);
	vakt_error_free(err);
}

static void test_dsa_aliases(void **state)
{
	struct vuln_record r;

	parse_fixture("osv/debian/DSA-5678-1.json", &r);
	assert_string_equal(r.id, "DSA-5678-1");
	assert_string_equal(r.modified, "2024-05-02T10:00:00Z");
	assert_string_equal(r.published, "2024-04-30T00:00:00Z");
	assert_null(r.withdrawn);
	assert_string_equal(r.summary, "glibc - security update");
	assert_int_equal(r.n_aliases, 2);
	assert_string_equal(r.aliases[0], "CVE-2024-2961");
	assert_string_equal(r.aliases[1], "CVE-2024-33599");
	assert_int_equal(r.n_upstream, 0);
	assert_int_equal(r.n_affected, 1);
	assert_string_equal(r.affected[0].ecosystem, "Debian:12");
	assert_string_equal(r.affected[0].name, "glibc");
	assert_int_equal(r.affected[0].n_ranges, 1);
	assert_int_equal(r.affected[0].ranges[0].type, VULN_RANGE_ECOSYSTEM);
	assert_int_equal(r.affected[0].ranges[0].n_events, 2);
	assert_int_equal(r.affected[0].ranges[0].events[0].kind, VULN_EVENT_INTRODUCED);
	assert_string_equal(r.affected[0].ranges[0].events[0].version, "0");
	assert_int_equal(r.affected[0].ranges[0].events[1].kind, VULN_EVENT_FIXED);
	assert_string_equal(r.affected[0].ranges[0].events[1].version, "2.36-9+deb12u7");
	assert_null(r.affected[0].urgency);
	assert_int_equal(r.affected[0].fix_state, VULN_FIX_UNKNOWN);
	vuln_record_release(&r);
	assert_null(r.id);
}

static void test_debian_cve_upstream(void **state)
{
	struct vuln_record r;

	parse_fixture("osv/debian/DEBIAN-CVE-2024-28085.json", &r);
	assert_string_equal(r.id, "DEBIAN-CVE-2024-28085");
	assert_int_equal(r.n_upstream, 1);
	assert_string_equal(r.upstream[0], "CVE-2024-28085");
	assert_int_equal(r.n_aliases, 0);
	assert_null(r.summary);
	assert_int_equal(r.n_severity, 1);
	assert_int_equal(r.severity[0].type, VULN_SEV_CVSS_V3);
	assert_string_equal(r.severity[0].score, "CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:N/A:N");
	assert_int_equal(r.n_affected, 2);
	assert_string_equal(r.affected[0].ecosystem, "Debian:12");
	assert_string_equal(r.affected[0].urgency, "low");
	assert_string_equal(r.affected[1].ecosystem, "Debian:11");
	assert_string_equal(r.affected[1].urgency, "unimportant");
	/* Debian:11 is open: introduced 0 and nothing after. */
	assert_int_equal(r.affected[1].ranges[0].n_events, 1);
	vuln_record_release(&r);
}

static void test_introduced_only(void **state)
{
	struct vuln_record r;

	parse_fixture("osv/debian/DEBIAN-CVE-2023-50495.json", &r);
	assert_int_equal(r.affected[0].n_ranges, 1);
	assert_int_equal(r.affected[0].ranges[0].n_events, 1);
	assert_int_equal(r.affected[0].ranges[0].events[0].kind, VULN_EVENT_INTRODUCED);
	assert_string_equal(r.affected[0].urgency, "not yet assigned");
	vuln_record_release(&r);
}

static void test_last_affected(void **state)
{
	struct vuln_record r;

	parse_fixture("osv/debian/DEBIAN-CVE-2022-4899.json", &r);
	assert_string_equal(r.modified, "2023-10-10T10:10:10+02:00");
	assert_int_equal(r.affected[0].ranges[0].events[0].kind, VULN_EVENT_INTRODUCED);
	assert_string_equal(r.affected[0].ranges[0].events[0].version, "1.4.0+dfsg-1");
	assert_int_equal(r.affected[0].ranges[0].events[1].kind, VULN_EVENT_LAST_AFFECTED);
	assert_string_equal(r.affected[0].ranges[0].events[1].version, "1.5.4+dfsg2-5");
	vuln_record_release(&r);
}

static void test_limit(void **state)
{
	struct vuln_record r;

	parse_fixture("osv/alpine/ALPINE-CVE-2023-42363.json", &r);
	assert_string_equal(r.affected[0].ecosystem, "Alpine:v3.19");
	assert_string_equal(r.affected[0].name, "busybox");
	assert_int_equal(r.affected[0].ranges[0].n_events, 3);
	assert_int_equal(r.affected[0].ranges[0].events[2].kind, VULN_EVENT_LIMIT);
	assert_string_equal(r.affected[0].ranges[0].events[2].version, "1.37.0-r0");
	vuln_record_release(&r);
}

static void test_alpine(void **state)
{
	struct vuln_record r;

	parse_fixture("osv/alpine/ALPINE-CVE-2024-5535.json", &r);
	assert_int_equal(r.n_affected, 2);
	assert_string_equal(r.affected[1].ecosystem, "Alpine:v3.20");
	assert_string_equal(r.affected[1].ranges[0].events[1].version, "3.3.1-r1");
	vuln_record_release(&r);
}

static void test_versions_and_ubuntu_priority(void **state)
{
	struct vuln_record r;

	parse_fixture("osv/ubuntu/UBUNTU-CVE-2024-6387.json", &r);
	assert_int_equal(r.n_related, 1);
	assert_string_equal(r.related[0], "USN-6859-1");
	assert_int_equal(r.n_severity, 2);
	assert_int_equal(r.severity[1].type, VULN_SEV_UBUNTU);
	assert_string_equal(r.severity[1].score, "high");
	assert_int_equal(r.affected[0].n_versions, 3);
	assert_string_equal(r.affected[0].versions[0], "1:8.9p1-3");
	assert_string_equal(r.affected[0].versions[2], "1:8.9p1-3ubuntu0.6");
	/* ecosystem_specific.ubuntu_priority, and the record's Ubuntu severity where there is none.
	 */
	assert_string_equal(r.affected[0].urgency, "high");
	assert_string_equal(r.affected[1].urgency, "high");
	assert_string_equal(r.affected[1].ecosystem, "Ubuntu:24.04:LTS");
	vuln_record_release(&r);
}

static void test_withdrawn(void **state)
{
	struct vuln_record r;

	parse_fixture("osv/debian/DSA-5000-1.json", &r);
	assert_string_equal(r.withdrawn, "2022-01-05T00:00:00Z");
	vuln_record_release(&r);
}

static void test_almalinux(void **state)
{
	struct vuln_record r;

	parse_fixture("osv/almalinux/ALSA-2024:3501.json", &r);
	assert_string_equal(r.id, "ALSA-2024:3501");
	assert_int_equal(r.n_related, 1);
	assert_string_equal(r.related[0], "CVE-2024-28182");
	assert_int_equal(r.n_affected, 2);
	assert_string_equal(r.affected[0].ecosystem, "AlmaLinux:9");
	assert_string_equal(r.affected[0].name, "libnghttp2");
	assert_string_equal(r.affected[1].name, "nghttp2");
	vuln_record_release(&r);
}

static void test_other_shapes(void **state)
{
	struct vuln_record r;
	struct vakt_error *err = NULL;
	/* A GIT range without a package, an unknown severity type, nulls where fields may be. */
	static const char rec[] =
	    "{\"id\": \"OSV-2024-1\", \"modified\": \"2024-01-01T00:00:00.5Z\", \"summary\": null,"
	    " \"severity\": [{\"type\": \"CVSS_V4\", \"score\": \"CVSS:4.0/AV:N\"},"
	    " {\"type\": \"Mystery\", \"score\": \"9\"}],"
	    " \"affected\": [{\"ranges\": [{\"type\": \"GIT\", \"repo\": \"https://x\","
	    " \"events\": [{\"introduced\": \"abc\"}, {\"fixed\": \"def\"}]}]},"
	    " {\"package\": {\"ecosystem\": \"npm\", \"name\": \"x\"}, \"ranges\": [{\"type\":"
	    " \"SEMVER\", \"events\": [{\"introduced\": \"1.0.0\"}]}], \"database_specific\":"
	    " {\"anything\": [1, 2]}}]}";

	assert_int_equal(vuln_osv_parse(rec, strlen(rec), "t", &r, &err), 0);
	assert_int_equal(r.severity[0].type, VULN_SEV_CVSS_V4);
	assert_int_equal(r.severity[1].type, VULN_SEV_OTHER);
	assert_string_equal(r.severity[1].score, "9");
	assert_null(r.affected[0].ecosystem);
	assert_int_equal(r.affected[0].ranges[0].type, VULN_RANGE_GIT);
	assert_int_equal(r.affected[1].ranges[0].type, VULN_RANGE_SEMVER);
	vuln_record_release(&r);
}

static void test_bad_records(void **state)
{
	static const struct {
		const char *file;
		const char *want;
	} cases[] = {
	    {"bad/truncated.json", "invalid JSON"},
	    {"bad/no-id.json", "no 'id'"},
	    {"bad/no-modified.json", "no 'modified'"},
	    {"bad/bad-modified.json", "'yesterday' is not an RFC 3339 time"},
	    {"bad/unknown-range.json",
	     "affected[0].ranges[0].type: unknown range type 'DEBIAN_EPOCH' (expected ECOSYSTEM, "
	     "SEMVER or GIT)"},
	    {"bad/two-keys-event.json",
	     "affected[0].ranges[0].events[0]: an event has exactly one key"},
	    {"bad/empty-event.json", "events[1]: an event has exactly one key (introduced, fixed, "
	                             "last_affected or limit), this one has 0"},
	    {"bad/not-object.json", "expected an OSV record (a JSON object), found a list"},
	};

	for (size_t i = 0; i < VAKT_ARRAY_SIZE(cases); i++) {
		char *path = fixture(cases[i].file), *data, *msg;
		struct vuln_record r;
		struct vakt_error *err = NULL;
		size_t len;

		data = slurp(path, &len);
		assert_int_equal(vuln_osv_parse(data, len, path, &r, &err), -EINVAL);
		msg = vakt_error_format(err);
		if (!strstr(msg, cases[i].want) || !strstr(msg, cases[i].file))
			print_error("%s: got '%s'\n", cases[i].file, msg);
		assert_non_null(strstr(msg, cases[i].want));
		assert_non_null(strstr(msg, cases[i].file));
		free(msg);
		vakt_error_free(err);
		free(data);
		free(path);
	}
}

static void test_malformed_fields(void **state)
{
	parse_bad("{\"id\": 5, \"modified\": \"2024-01-01T00:00:00Z\"}", -EINVAL,
	          "id: expected a string, found a number");
	parse_bad("{\"id\": \"\", \"modified\": \"2024-01-01T00:00:00Z\"}", -EINVAL,
	          "id: expected a non-empty string");
	parse_bad("{\"id\": \"X\", \"id\": \"Y\", \"modified\": \"2024-01-01T00:00:00Z\"}", -EINVAL,
	          "duplicate object key");
	parse_bad("{\"id\": \"X\", \"modified\": \"2024-01-01T00:00:00Z\", \"aliases\": \"CVE-1\"}",
	          -EINVAL, "aliases: expected a list of strings, found a string");
	parse_bad(
	    "{\"id\": \"X\", \"modified\": \"2024-01-01T00:00:00Z\", \"aliases\": [\"a\", 3]}",
	    -EINVAL, "aliases[1]: expected a string, found a number");
	parse_bad("{\"id\": \"X\", \"modified\": \"2024-01-01T00:00:00Z\", \"affected\": {}}",
	          -EINVAL, "affected: expected a list, found an object");
	parse_bad("{\"id\": \"X\", \"modified\": \"2024-01-01T00:00:00Z\", \"affected\": "
	          "[{\"package\": {\"ecosystem\": \"Debian:12\"}, \"versions\": [\"1\"]}]}",
	          -EINVAL, "affected[0].package: a package needs an ecosystem and a name");
	parse_bad("{\"id\": \"X\", \"modified\": \"2024-01-01T00:00:00Z\", \"affected\": "
	          "[{\"package\": {\"ecosystem\": \"Debian:12\", \"name\": \"a\"}}]}",
	          -EINVAL, "affected[0]: an affected entry needs ranges or versions");
	parse_bad("{\"id\": \"X\", \"modified\": \"2024-01-01T00:00:00Z\", \"affected\": "
	          "[{\"package\": {\"ecosystem\": \"D\", \"name\": \"a\"}, \"ranges\": [{\"type\": "
	          "\"ECOSYSTEM\", \"events\": []}]}]}",
	          -EINVAL, "affected[0].ranges[0].events: expected a non-empty list of events");
	parse_bad("{\"id\": \"X\", \"modified\": \"2024-01-01T00:00:00Z\", \"affected\": "
	          "[{\"package\": {\"ecosystem\": \"D\", \"name\": \"a\"}, \"ranges\": "
	          "[{\"events\": [{\"introduced\": \"0\"}]}]}]}",
	          -EINVAL, "affected[0].ranges[0]: a range needs a type");
	parse_bad("{\"id\": \"X\", \"modified\": \"2024-01-01T00:00:00Z\", \"affected\": "
	          "[{\"package\": {\"ecosystem\": \"D\", \"name\": \"a\"}, \"ranges\": [{\"type\": "
	          "\"ECOSYSTEM\", \"events\": [{\"fixd\": \"1\"}]}]}]}",
	          -EINVAL, "unknown event 'fixd'");
	parse_bad("{\"id\": \"X\", \"modified\": \"2024-01-01T00:00:00Z\", \"affected\": "
	          "[{\"package\": {\"ecosystem\": \"D\", \"name\": \"a\"}, \"ranges\": [{\"type\": "
	          "\"ECOSYSTEM\", \"events\": [{\"fixed\": 1}]}]}]}",
	          -EINVAL, "events[0].fixed: expected a string, found a number");
	parse_bad("{\"id\": \"X\", \"modified\": \"2024-01-01T00:00:00Z\", \"severity\": "
	          "[{\"type\": \"CVSS_V3\"}]}",
	          -EINVAL, "severity[0]: expected both a type and a score");
	parse_bad("{\"id\": \"X\", \"modified\": \"2024-01-01T00:00:00Z\", \"affected\": "
	          "[{\"package\": {\"ecosystem\": \"D\", \"name\": \"a\"}, \"versions\": [\"1\"], "
	          "\"ecosystem_specific\": {\"urgency\": [\"low\"]}}]}",
	          -EINVAL, "ecosystem_specific.urgency: expected a string");
	/* \u0000 would cut a string short without a word: refused. */
	parse_bad("{\"id\": \"A\\u0000B\", \"modified\": \"2024-01-01T00:00:00Z\"}", -EINVAL,
	          "invalid JSON");
}

/* A record whose list key holds n strings (or events, ranges, ...) built by fmt. */
static char *big_record(const char *pre, const char *item, size_t n, const char *post)
{
	struct vakt_buf b = VAKT_BUF_INIT;

	vakt_buf_adds(&b, pre);
	for (size_t i = 0; i < n; i++) {
		if (i)
			vakt_buf_addc(&b, ',');
		vakt_buf_adds(&b, item);
	}
	vakt_buf_adds(&b, post);
	return vakt_buf_detach(&b);
}

static void expect_ceiling(char *text, const char *want)
{
	parse_bad(text, -EFBIG, want);
	free(text);
}

static void test_ceilings(void **state)
{
	const char *head = "{\"id\": \"X\", \"modified\": \"2024-01-01T00:00:00Z\", ";
	char *pkg =
	    vakt_xasprintf("%s\"affected\": [{\"package\": {\"ecosystem\": \"D\", \"name\": "
	                   "\"a\"}, ",
	                   head);
	char *t, *long_name = vakt_xcalloc(VULN_OSV_MAX_NAME_BYTES + 2, 1);
	struct vuln_record r;
	struct vakt_error *err = NULL;

	memset(long_name, 'a', VULN_OSV_MAX_NAME_BYTES + 1);
	/* The record as a whole. */
	assert_int_equal(vuln_osv_parse("{}", VULN_OSV_MAX_RECORD_BYTES + 1, "big", &r, &err),
	                 -EFBIG);
	assert_non_null(strstr(err->msg, "too large"));
	vakt_error_free(err);

	t = vakt_xasprintf("{\"id\": \"%s\", \"modified\": \"2024-01-01T00:00:00Z\"}", long_name);
	expect_ceiling(t, "id: a string of 1025 bytes (at most 1024)");
	{
		char *sum = vakt_xcalloc(VULN_OSV_MAX_SUMMARY_BYTES + 2, 1);

		memset(sum, 's', VULN_OSV_MAX_SUMMARY_BYTES + 1);
		t = vakt_xasprintf("%s\"summary\": \"%s\"}", head, sum);
		expect_ceiling(t, "summary: a string of 65537 bytes (at most 65536)");
		sum[VULN_OSV_MAX_SUMMARY_BYTES] = '\0';
		t = vakt_xasprintf("%s\"summary\": \"%s\"}", head, sum);
		assert_int_equal(vuln_osv_parse(t, strlen(t), "t", &r, &err), 0);
		vuln_record_release(&r);
		free(t);
		free(sum);
	}
	t = big_record("{\"id\": \"X\", \"modified\": \"2024-01-01T00:00:00Z\", \"aliases\": [",
	               "\"a\"", VULN_OSV_MAX_IDS + 1, "]}");
	expect_ceiling(t, "aliases: 10001 entries (at most 10000)");
	t = big_record("{\"id\": \"X\", \"modified\": \"2024-01-01T00:00:00Z\", \"severity\": [",
	               "{\"type\": \"Ubuntu\", \"score\": \"low\"}", VULN_OSV_MAX_SEVERITY + 1,
	               "]}");
	expect_ceiling(t, "severity: 65 entries (at most 64)");
	t = big_record("{\"id\": \"X\", \"modified\": \"2024-01-01T00:00:00Z\", \"affected\": [",
	               "{\"versions\": [\"1\"]}", VULN_OSV_MAX_AFFECTED + 1, "]}");
	expect_ceiling(t, "affected: 50001 entries (at most 50000)");
	{
		char *pre = vakt_xasprintf("%s\"ranges\": [", pkg);

		t = big_record(pre,
		               "{\"type\": \"ECOSYSTEM\", \"events\": [{\"introduced\": \"0\"}]}",
		               VULN_OSV_MAX_RANGES + 1, "]}]}");
		expect_ceiling(t, "affected[0].ranges: 1001 ranges (at most 1000)");
		free(pre);
		pre = vakt_xasprintf("%s\"ranges\": [{\"type\": \"ECOSYSTEM\", \"events\": [", pkg);
		t = big_record(pre, "{\"fixed\": \"1\"}", VULN_OSV_MAX_EVENTS + 1, "]}]}]}");
		expect_ceiling(t, "affected[0].ranges[0].events: 10001 events (at most 10000)");
		free(pre);
		pre = vakt_xasprintf("%s\"versions\": [", pkg);
		t = big_record(pre, "\"1\"", VULN_OSV_MAX_VERSIONS + 1, "]}]}");
		expect_ceiling(t, "affected[0].versions: 100001 entries (at most 100000)");
		free(pre);
	}
	/* At the ceilings themselves, records are read. */
	t = big_record("{\"id\": \"X\", \"modified\": \"2024-01-01T00:00:00Z\", \"aliases\": [",
	               "\"a\"", VULN_OSV_MAX_IDS, "]}");
	assert_int_equal(vuln_osv_parse(t, strlen(t), "t", &r, &err), 0);
	assert_int_equal(r.n_aliases, VULN_OSV_MAX_IDS);
	vuln_record_release(&r);
	free(t);
	free(long_name);
	free(pkg);
}

static void test_time(void **state)
{
	static const char *const good[] = {
	    "2024-05-01T12:00:00Z",           "2024-05-01t12:00:00z",
	    "2024-05-01T14:00:00+02:00",      "2024-05-01T10:30:00-01:30",
	    "2024-05-01T12:00:00.000000999Z", "2024-05-01 12:00:00Z",
	};
	static const char *const bad[] = {
	    "",
	    "2024",
	    "2024-05-01",
	    "2024-05-01T12:00:00",
	    "2024-13-01T00:00:00Z",
	    "2023-02-29T00:00:00Z",
	    "2024-04-31T00:00:00Z",
	    "2024-05-01T24:00:00Z",
	    "2024-05-01T12:00:00.Z",
	    "2024-05-01T12:00:00Zjunk",
	    "2024-05-01T12:00:00+2:00",
	    "yesterday",
	};
	int64_t t, ref;

	assert_int_equal(vuln_osv_time(good[0], &ref), 0);
	assert_int_equal(ref, 1714564800LL * 1000000);
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(good); i++) {
		assert_int_equal(vuln_osv_time(good[i], &t), 0);
		assert_int_equal(t, ref);
	}
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(bad); i++)
		assert_int_equal(vuln_osv_time(bad[i], &t), -EINVAL);
	assert_int_equal(vuln_osv_time("2024-02-29T00:00:00.25Z", &t), 0);
	assert_int_equal(t % 1000000, 250000);
	assert_int_equal(vuln_osv_time("1969-12-31T23:59:59Z", &t), 0);
	assert_int_equal(t, -1000000);
}

/* Both records hold the same data (the encoding loses nothing). */
static void assert_same(const struct vuln_record *a, const struct vuln_record *b)
{
	struct vakt_buf x = VAKT_BUF_INIT, y = VAKT_BUF_INIT;

	vuln_codec_encode(a, &x);
	vuln_codec_encode(b, &y);
	assert_int_equal(x.len, y.len);
	assert_memory_equal(x.data, y.data, x.len);
	vakt_buf_release(&x);
	vakt_buf_release(&y);
}

static void test_codec(void **state)
{
	static const char *const files[] = {
	    "osv/debian/DSA-5678-1.json",           "osv/debian/DEBIAN-CVE-2024-28085.json",
	    "osv/ubuntu/UBUNTU-CVE-2024-6387.json", "osv/alpine/ALPINE-CVE-2023-42363.json",
	    "osv/debian/DSA-5000-1.json",
	};

	for (size_t i = 0; i < VAKT_ARRAY_SIZE(files); i++) {
		struct vuln_record r, back, one;
		struct vakt_buf b = VAKT_BUF_INIT;

		parse_fixture(files[i], &r);
		vuln_codec_encode(&r, &b);
		assert_int_equal(vuln_codec_decode(b.data, b.len, NULL, NULL, &back), 0);
		assert_string_equal(back.id, r.id);
		assert_int_equal(back.n_affected, r.n_affected);
		assert_same(&r, &back);
		/* Filtered: only the entries of one package. */
		assert_int_equal(vuln_codec_decode(b.data, b.len,
		                                   r.affected[r.n_affected - 1].ecosystem,
		                                   r.affected[r.n_affected - 1].name, &one),
		                 0);
		assert_true(one.n_affected >= 1);
		assert_string_equal(one.affected[0].ecosystem,
		                    r.affected[r.n_affected - 1].ecosystem);
		vuln_record_release(&one);
		assert_int_equal(vuln_codec_decode(b.data, b.len, "Nowhere:1", "x", &one), 0);
		assert_int_equal(one.n_affected, 0);
		vuln_record_release(&one);
		/* Every cut and every flipped byte is refused or decoded, never read past. */
		for (size_t k = 0; k < b.len; k++) {
			assert_int_equal(vuln_codec_decode(b.data, k, NULL, NULL, &one), -EBADMSG);
			b.data[k] ^= 0x80;
			if (vuln_codec_decode(b.data, b.len, NULL, NULL, &one) == 0)
				vuln_record_release(&one);
			b.data[k] ^= 0x80;
		}
		vakt_buf_release(&b);
		vuln_record_release(&back);
		vuln_record_release(&r);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_dsa_aliases),
	    cmocka_unit_test(test_debian_cve_upstream),
	    cmocka_unit_test(test_introduced_only),
	    cmocka_unit_test(test_last_affected),
	    cmocka_unit_test(test_limit),
	    cmocka_unit_test(test_alpine),
	    cmocka_unit_test(test_versions_and_ubuntu_priority),
	    cmocka_unit_test(test_withdrawn),
	    cmocka_unit_test(test_almalinux),
	    cmocka_unit_test(test_other_shapes),
	    cmocka_unit_test(test_bad_records),
	    cmocka_unit_test(test_malformed_fields),
	    cmocka_unit_test(test_ceilings),
	    cmocka_unit_test(test_time),
	    cmocka_unit_test(test_codec),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
