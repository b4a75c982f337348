/* SPDX-License-Identifier: MIT */
/*
 * Findings with an id of their own (struct vakt_finding_ext): the list
 * keeps each finding's extension through takes and sorts, frees it with
 * the list, and the JSON writer prints it as jansson would lay it out.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "core/finding.h"
#include "core/report.h"
#include "core/util.h"

static const struct vakt_rule rule_vuln = {
    .id = "TST030",
    .slug = "known-vulnerability",
    .domain = "image",
    .severity = VAKT_SEV_MEDIUM,
    .title = "A package has a known vulnerability",
    .rationale = "r",
    .remediation = "Upgrade the package.",
};

static char **strv(const char *a, const char *b)
{
	char **v = vakt_xcalloc(3, sizeof(*v));

	v[0] = vakt_xstrdup(a);
	v[1] = b ? vakt_xstrdup(b) : NULL;
	return v;
}

/* A finding about pkg with id (and an alias), or a plain one when id is NULL. */
static struct vakt_finding *add(struct vakt_findings *l, const char *pkg, const char *id)
{
	struct vakt_finding *f = vakt_findings_push(l);
	struct vakt_finding_ext *e;

	f->rule = &rule_vuln;
	f->severity = VAKT_SEV_HIGH;
	f->message = vakt_xasprintf("%s in %s", id ? id : "nothing", pkg);
	f->loc.file = vakt_xstrdup("app.tar");
	f->loc.object = vakt_xstrdup(pkg);
	if (!id)
		return f;
	e = vakt_findings_add_ext(l, f);
	e->id = vakt_xstrdup(id);
	e->aliases = strv("DSA-1-1", NULL);
	vakt_finding_ext_add_detail(e, "package", pkg);
	vakt_finding_ext_add_number(e, "cvss_score", "9.8");
	return f;
}

static void test_ext_basics(void **state)
{
	struct vakt_findings l = {0};
	struct vakt_finding *f;
	const struct vakt_finding_ext *e;

	(void)state;
	f = add(&l, "zlib", NULL);
	assert_null(vakt_findings_ext_of(&l, f));
	f = add(&l, "openssl", "CVE-2024-0003");
	e = vakt_findings_ext_of(&l, f);
	assert_non_null(e);
	assert_string_equal(e->id, "CVE-2024-0003");
	assert_true(vakt_finding_ext_has_id(e, "CVE-2024-0003"));
	assert_true(vakt_finding_ext_has_id(e, "DSA-1-1"));
	assert_false(vakt_finding_ext_has_id(e, "CVE-2024-0004"));
	assert_string_equal(vakt_finding_ext_detail(e, "package"), "openssl");
	assert_null(vakt_finding_ext_detail(e, "layer"));
	assert_false(e->details[0].number); /* text stays text */
	assert_true(e->details[1].number);
	vakt_findings_release(&l);
}

static void test_ext_number_guard(void **state)
{
	struct vakt_finding_ext e = {0};
	/* JSON has no "9." and no leading zero ("007", "01.5"). */
	static const char *const bad[] = {"",    ".5",  "1.2.3", "9.8e1", "-1",
	                                  "1,5", "NaN", "9.",    "007",   "01.5"};

	(void)state;
	vakt_finding_ext_add_number(&e, "a", "10");
	vakt_finding_ext_add_number(&e, "b", "0.1");
	vakt_finding_ext_add_number(&e, "c", "0");
	assert_true(e.details[0].number);
	assert_true(e.details[1].number);
	assert_true(e.details[2].number);
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		vakt_finding_ext_add_number(&e, "x", bad[i]);
		assert_false(e.details[e.n_details - 1].number);
	}
	for (size_t i = 0; i < e.n_details; i++) {
		free(e.details[i].key);
		free(e.details[i].value);
	}
	free(e.details);
}

/* A take appends src's extensions after dst's and renumbers the moved findings. */
static void test_ext_take(void **state)
{
	struct vakt_findings a = {0}, b = {0};
	const struct vakt_finding_ext *e;

	(void)state;
	add(&a, "bash", "CVE-2022-0010");
	add(&a, "zlib", NULL);
	add(&b, "tar", NULL);
	add(&b, "glibc", "CVE-2024-0005");
	add(&b, "openssl", "CVE-2024-0003");
	vakt_findings_take(&a, &b);
	assert_int_equal(a.n, 5);
	assert_int_equal(a.n_ext, 3);
	assert_int_equal(b.n_ext, 0);
	assert_null(vakt_findings_ext_of(&a, &a.v[1]));
	assert_null(vakt_findings_ext_of(&a, &a.v[2]));
	assert_string_equal(vakt_findings_ext_of(&a, &a.v[0])->id, "CVE-2022-0010");
	assert_string_equal(vakt_findings_ext_of(&a, &a.v[3])->id, "CVE-2024-0005");
	assert_string_equal(vakt_findings_ext_of(&a, &a.v[4])->id, "CVE-2024-0003");
	/* A sort moves findings, and each keeps its own extension. */
	vakt_findings_sort(&a);
	for (size_t i = 0; i < a.n; i++) {
		e = vakt_findings_ext_of(&a, &a.v[i]);
		if (strstr(a.v[i].message, "nothing"))
			assert_null(e);
		else
			assert_non_null(strstr(a.v[i].message, e->id));
	}
	/* Into an empty list, a take hands over the whole array. */
	vakt_findings_release(&b);
	vakt_findings_take(&b, &a);
	assert_int_equal(b.n_ext, 3);
	vakt_findings_release(&a);
	vakt_findings_release(&b);
}

/*
 * A list a take has emptied keeps its arrays; taking into it again must not
 * lose its extension array (LeakSanitizer sees the loss in make check).
 */
static void test_ext_take_into_emptied(void **state)
{
	struct vakt_findings a = {0}, b = {0}, c = {0};

	(void)state;
	add(&a, "bash", NULL);
	add(&b, "glibc", "CVE-2024-0005");
	vakt_findings_take(&a, &b); /* b is empty now, its ext array still allocated */
	assert_int_equal(b.n, 0);
	add(&c, "openssl", "CVE-2024-0003");
	vakt_findings_take(&b, &c);
	assert_int_equal(b.n, 1);
	assert_int_equal(b.n_ext, 1);
	assert_string_equal(vakt_findings_ext_of(&b, &b.v[0])->id, "CVE-2024-0003");
	vakt_findings_release(&a);
	vakt_findings_release(&b);
	vakt_findings_release(&c);
}

/* A sealed list keeps its strings; later ones are interned again, no longer shared. */
static void test_seal(void **state)
{
	struct vakt_findings l = {0};
	const char *a, *b, *c;

	(void)state;
	vakt_findings_seal(&l); /* no pool yet */
	a = vakt_findings_intern(&l, "deploy.yaml");
	assert_ptr_equal(vakt_findings_intern(&l, "deploy.yaml"), a);
	vakt_findings_seal(&l);
	b = vakt_findings_intern(&l, "deploy.yaml");
	c = vakt_findings_intern(&l, "deploy.yaml");
	assert_string_equal(a, "deploy.yaml");
	assert_string_equal(b, "deploy.yaml");
	assert_ptr_not_equal(a, b);
	assert_ptr_equal(b, c);
	vakt_findings_release(&l);
}

/* The JSON writer's bytes for a finding with an extension are jansson's layout. */
static void test_ext_json(void **state)
{
	struct vakt_scan_result r = {0};
	struct vakt_report_opts o = {.format = VAKT_FORMAT_JSON, .version = "1.0"};
	struct vakt_finding_ext *e;
	json_t *j, *x, *d;
	json_error_t je;
	char *buf = NULL, *again;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	(void)state;
	add(&r.findings, "zlib", NULL);
	add(&r.findings, "openssl", "CVE-2024-0003");
	e = &r.findings.ext[0];
	e->links = strv("https://security-tracker.debian.org/tracker/CVE-2024-0003",
	                "https://example.org/\"quoted\"");
	vakt_finding_ext_add_detail(e, "fixed_version", "3.0.13-1~deb12u1");
	assert_non_null(f);
	assert_int_equal(vakt_report_json(f, &r, &o), 0);
	fclose(f);
	j = json_loads(buf, 0, &je);
	if (!j)
		fprintf(stderr, "%s\n%s\n", je.text, buf);
	assert_non_null(j);
	x = json_array_get(json_object_get(j, "findings"), 0);
	assert_null(json_object_get(x, "id")); /* no extension: no members */
	x = json_array_get(json_object_get(j, "findings"), 1);
	assert_string_equal(json_string_value(json_object_get(x, "id")), "CVE-2024-0003");
	assert_string_equal(json_string_value(json_array_get(json_object_get(x, "aliases"), 0)),
	                    "DSA-1-1");
	assert_int_equal(json_array_size(json_object_get(x, "links")), 2);
	d = json_object_get(x, "details");
	assert_string_equal(json_string_value(json_object_get(d, "package")), "openssl");
	assert_true(json_is_real(json_object_get(d, "cvss_score")));
	assert_string_equal(json_string_value(json_object_get(d, "fixed_version")),
	                    "3.0.13-1~deb12u1");
	/* Byte for byte what jansson writes for the same tree. */
	again = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(2));
	assert_non_null(again);
	assert_true(len > 0 && buf[len - 1] == '\n');
	buf[len - 1] = '\0';
	assert_string_equal(buf, again);
	free(again);
	json_decref(j);
	free(buf);
	vakt_scan_result_release(&r);
}

/* SARIF: one descriptor per advisory, named by it; results point at theirs. */
static void test_ext_sarif(void **state)
{
	struct vakt_scan_result r = {0};
	struct vakt_report_opts o = {.format = VAKT_FORMAT_SARIF, .version = "1.0"};
	json_t *j, *rules, *results, *x;
	json_error_t je;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	(void)state;
	add(&r.findings, "zlib", NULL);
	add(&r.findings, "openssl", "CVE-2024-0003");
	add(&r.findings, "libssl3", "CVE-2024-0003");
	add(&r.findings, "glibc", "CVE-2023-0001");
	assert_non_null(f);
	assert_int_equal(vakt_report_sarif(f, &r, &o), 0);
	fclose(f);
	j = json_loads(buf, 0, &je);
	assert_non_null(j);
	x = json_array_get(json_object_get(j, "runs"), 0);
	rules = json_object_get(json_object_get(json_object_get(x, "tool"), "driver"), "rules");
	results = json_object_get(x, "results");
	assert_int_equal(json_array_size(rules), 3);
	assert_string_equal(json_string_value(json_object_get(json_array_get(rules, 0), "id")),
	                    "CVE-2023-0001");
	assert_string_equal(json_string_value(json_object_get(json_array_get(rules, 1), "id")),
	                    "CVE-2024-0003");
	assert_string_equal(json_string_value(json_object_get(json_array_get(rules, 2), "id")),
	                    "TST030");
	/* The advisory's own score for GitHub, and the vakt rule it is reported under. */
	assert_string_equal(
	    json_string_value(json_object_get(
	        json_object_get(json_array_get(rules, 1), "properties"), "security-severity")),
	    "9.8");
	assert_string_equal(
	    json_string_value(json_object_get(
	        json_object_get(json_array_get(rules, 1), "properties"), "vakt-rule")),
	    "TST030");
	assert_int_equal(json_array_size(results), 4);
	for (size_t i = 0; i < 4; i++) {
		const json_t *res = json_array_get(results, i);
		size_t k = (size_t)json_integer_value(json_object_get(res, "ruleIndex"));

		assert_string_equal(
		    json_string_value(json_object_get(res, "ruleId")),
		    json_string_value(json_object_get(json_array_get(rules, k), "id")));
	}
	x = json_object_get(json_array_get(results, 1), "properties");
	assert_string_equal(json_string_value(json_object_get(x, "package")), "openssl");
	assert_string_equal(json_string_value(json_array_get(json_object_get(x, "aliases"), 0)),
	                    "DSA-1-1");
	json_decref(j);
	free(buf);
	vakt_scan_result_release(&r);
}

/* Text: advisories in a block of their own, by package, most severe first. */
static void test_ext_text(void **state)
{
	static const char want[] =
	    "app.tar\n"
	    "  - (zlib)  HIGH      TST030  nothing in zlib\n"
	    "    fix: Upgrade the package.\n"
	    "    rule: known-vulnerability: A package has a known vulnerability\n"
	    "\n"
	    "  3 known vulnerabilities (1 critical, 1 high, 0 medium, 1 low, 0 info) in 2 "
	    "packages, 2 with a fix\n"
	    "\n"
	    "  openssl 3.0.11-1~deb12u2 (libssl3 3.0.11-1~deb12u2), layer 2: RUN apt-get "
	    "install -y libssl3\n"
	    "    CRITICAL  CVE-2024-0003         fixed in 3.0.13-1~deb12u1       openssl security "
	    "update\n"
	    "              also DSA-1-1\n"
	    "    LOW       CVE-2024-0004         fixed in 3.0.11-1\n"
	    "              also DSA-1-1\n"
	    "  bash 5.2.15-2+b2\n"
	    "    HIGH      CVE-2022-0010         no fix yet\n"
	    "              also DSA-1-1\n"
	    "    fix: Upgrade the package.\n"
	    "    rule: known-vulnerability: A package has a known vulnerability\n"
	    "\n"
	    "4 findings (1 critical, 2 high, 0 medium, 1 low, 0 info), 0 suppressed, 0 errors in 0 "
	    "files in 0.000s\n";
	static const struct {
		const char *pkg, *id, *fixed, *title;
		enum vakt_severity sev;
	} in[] = {
	    {"bash", "CVE-2022-0010", NULL, NULL, VAKT_SEV_HIGH},
	    {"libssl3", "CVE-2024-0004", "3.0.11-1", NULL, VAKT_SEV_LOW},
	    {"libssl3", "CVE-2024-0003", "3.0.13-1~deb12u1", "openssl security update",
	     VAKT_SEV_CRITICAL},
	};
	struct vakt_scan_result r = {0};
	struct vakt_report_opts o = {.format = VAKT_FORMAT_TEXT, .version = "1.0"};
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	(void)state;
	add(&r.findings, "zlib", NULL);
	for (size_t i = 0; i < sizeof(in) / sizeof(*in); i++) {
		struct vakt_finding *x = vakt_findings_push(&r.findings);
		struct vakt_finding_ext *e = vakt_findings_add_ext(&r.findings, x);
		bool ssl = !strcmp(in[i].pkg, "libssl3");

		x->rule = &rule_vuln;
		x->severity = in[i].sev;
		x->message = vakt_xstrdup(in[i].id);
		x->loc.file = vakt_xstrdup("app.tar");
		x->loc.object = vakt_xstrdup(in[i].pkg);
		e->id = vakt_xstrdup(in[i].id);
		e->aliases = strv("DSA-1-1", NULL);
		vakt_finding_ext_add_detail(e, "package", in[i].pkg);
		vakt_finding_ext_add_detail(e, "installed_version",
		                            ssl ? "3.0.11-1~deb12u2" : "5.2.15-2+b2");
		if (ssl) {
			vakt_finding_ext_add_detail(e, "source_package", "openssl");
			vakt_finding_ext_add_detail(e, "layer", "2");
			vakt_finding_ext_add_detail(e, "created_by",
			                            "RUN apt-get install -y libssl3");
		}
		if (in[i].fixed)
			vakt_finding_ext_add_detail(e, "fixed_version", in[i].fixed);
		if (in[i].title)
			vakt_finding_ext_add_detail(e, "title", in[i].title);
	}
	assert_non_null(f);
	assert_int_equal(vakt_report_text(f, &r, &o), 0);
	fclose(f);
	assert_string_equal(buf, want);
	free(buf);
	vakt_scan_result_release(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_ext_basics), cmocka_unit_test(test_ext_number_guard),
	    cmocka_unit_test(test_ext_take),   cmocka_unit_test(test_ext_take_into_emptied),
	    cmocka_unit_test(test_seal),       cmocka_unit_test(test_ext_json),
	    cmocka_unit_test(test_ext_sarif),  cmocka_unit_test(test_ext_text),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
