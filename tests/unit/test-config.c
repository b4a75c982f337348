/* SPDX-License-Identifier: MIT */
/* .vakt.yaml: every key, every error with its text and position, globs, find. */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "core/config.h"
#include "knowledge/residency.h"

#define CFG "cfg.yaml"

static struct vakt_config *parse_ok(const char *text)
{
	struct vakt_config *c = NULL;
	struct vakt_error *err = NULL;
	int r = vakt_config_parse(CFG, text, strlen(text), &c, &err);

	if (r < 0) {
		char *m = vakt_error_format(err);

		print_error("unexpected error for <<%s>>: %s\n", text, m);
		free(m);
		vakt_error_free(err);
		fail();
	}
	assert_non_null(c);
	assert_null(err);
	return c;
}

/* Parse text and check the error's exact message and position. */
static void expect_error_len(const char *text, size_t len, int line, int column, const char *msg)
{
	struct vakt_config *c = NULL;
	struct vakt_error *err = NULL;
	int r = vakt_config_parse(CFG, text, len, &c, &err);

	if (r >= 0) {
		print_error("no error for <<%.200s>>\n", text);
		vakt_config_free(c);
		fail();
	}
	assert_null(c);
	assert_non_null(err);
	assert_int_equal(err->code, r);
	if (strcmp(err->msg, msg) || err->line != line || err->column != column) {
		print_error("for <<%.200s>>\n  got      %d:%d: %s\n  expected %d:%d: %s\n", text,
		            err->line, err->column, err->msg, line, column, msg);
		vakt_error_free(err);
		fail();
	}
	assert_string_equal(err->file, CFG);
	vakt_error_free(err);
}

static void expect_error(const char *text, int line, int column, const char *msg)
{
	expect_error_len(text, strlen(text), line, column, msg);
}

static void test_empty(void **state)
{
	static const char *const texts[] = {
	    "", "# only a comment\n", "---\n", "---\n...\n", "~\n", "\n\n   \n",
	};

	for (size_t i = 0; i < VAKT_ARRAY_SIZE(texts); i++) {
		struct vakt_config *c = parse_ok(texts[i]);

		assert_string_equal(c->origin, CFG);
		assert_int_equal(c->n_ignores, 0);
		assert_int_equal(c->n_overrides, 0);
		assert_int_equal(c->trusted_registries.n, 0);
		assert_int_equal(c->allowed_images.n, 0);
		assert_int_equal(c->exclude.n, 0);
		assert_false(c->has_fail_on);
		vakt_config_free(c);
	}
	vakt_config_free(NULL);

	/* No bytes at all, not even a buffer. */
	{
		struct vakt_config *c = NULL;
		struct vakt_error *err = NULL;

		assert_int_equal(vakt_config_parse(CFG, NULL, 0, &c, &err), 0);
		assert_int_equal(c->n_ignores, 0);
		vakt_config_free(c);
	}
}

static void test_keys_without_rules(void **state)
{
	struct vakt_config *c = parse_ok("# .vakt.yaml\n"
	                                 "ignore: []\n"
	                                 "severity: {}\n"
	                                 "trusted-registries: [registry.example.com, \"*.gcr.io\", "
	                                 "'*']\n"
	                                 "allowed-base-images:\n"
	                                 "  - gcr.io/distroless/*\n"
	                                 "  - alpine:3.*\n"
	                                 "  - debian:bookworm-slim\n"
	                                 "exclude: [\"third_party/**\", \"**/testdata/**\"]\n"
	                                 "fail-on: HIGH\n");

	assert_int_equal(c->n_ignores, 0);
	assert_int_equal(c->n_overrides, 0);
	assert_int_equal(c->trusted_registries.n, 3);
	assert_string_equal(c->trusted_registries.v[0], "registry.example.com");
	assert_string_equal(c->trusted_registries.v[1], "*.gcr.io");
	assert_string_equal(c->trusted_registries.v[2], "*");
	assert_int_equal(c->allowed_images.n, 3);
	assert_string_equal(c->allowed_images.v[0], "gcr.io/distroless/*");
	assert_string_equal(c->allowed_images.v[1], "alpine:3.*");
	assert_string_equal(c->allowed_images.v[2], "debian:bookworm-slim");
	assert_int_equal(c->exclude.n, 2);
	assert_string_equal(c->exclude.v[0], "third_party/**");
	assert_string_equal(c->exclude.v[1], "**/testdata/**");
	assert_true(c->has_fail_on);
	assert_int_equal(c->fail_on, VAKT_SEV_HIGH);
	assert_true(vakt_config_excludes(c, "third_party/x/Dockerfile"));
	assert_true(vakt_config_excludes(c, "src/testdata/Dockerfile"));
	assert_false(vakt_config_excludes(c, "src/Dockerfile"));
	vakt_config_free(c);

	/* Every severity name, any case. */
	static const char *const names[] = {"info", "Low", "MEDIUM", "high", "critical"};
	for (int i = 0; i < VAKT_SEV_COUNT; i++) {
		char *text = vakt_xasprintf("fail-on: %s\n", names[i]);

		c = parse_ok(text);
		assert_true(c->has_fail_on);
		assert_int_equal(c->fail_on, i);
		vakt_config_free(c);
		free(text);
	}
}

/* pss: kept as written, with its line; the commands check the level (kube_pss_parse()). */
static void test_pss(void **state)
{
	struct vakt_config *c = parse_ok("fail-on: high\npss: restricted:v1.30\n");

	assert_string_equal(c->pss, "restricted:v1.30");
	assert_int_equal(c->pss_line, 2);
	vakt_config_free(c);
	c = parse_ok("pss:\n");
	assert_null(c->pss);
	vakt_config_free(c);
	c = parse_ok("exclude: []\n");
	assert_null(c->pss);
	vakt_config_free(c);
}

/* A key with no value is the same as leaving it out. */
static void test_null_values(void **state)
{
	struct vakt_config *c = parse_ok("ignore:\nseverity: ~\ntrusted-registries: null\n"
	                                 "allowed-base-images:\nexclude:\nfail-on:\n");

	assert_int_equal(c->n_ignores, 0);
	assert_int_equal(c->n_overrides, 0);
	assert_int_equal(c->exclude.n, 0);
	assert_false(c->has_fail_on);
	vakt_config_free(c);
}

/* Anchors and aliases within the bounds work. */
static void test_aliases_ok(void **state)
{
	struct vakt_config *c = parse_ok("trusted-registries: &regs [a.example, b.example]\n"
	                                 "allowed-base-images: *regs\n"
	                                 "exclude: [&x \"vendor/**\", *x]\n");

	assert_int_equal(c->allowed_images.n, 2);
	assert_string_equal(c->allowed_images.v[1], "b.example");
	assert_int_equal(c->exclude.n, 2);
	assert_string_equal(c->exclude.v[1], "vendor/**");
	vakt_config_free(c);

	/* Merge keys: a key written in the mapping wins over a merged one. */
	c = parse_ok("residency: {<<: {allowed-regions: [eea], exempt-images: [a.io/x]},\n"
	             "            exempt-images: [b.io/y]}\n");
	assert_int_equal(c->allowed_regions.n, 1);
	assert_string_equal(c->allowed_regions.v[0], "eea");
	assert_int_equal(c->exempt_images.n, 1);
	assert_string_equal(c->exempt_images.v[0], "b.io/y");
	vakt_config_free(c);
}

/* Rule names: these need the registry, which other modules fill. */
static void test_rules_from_registry(void **state)
{
	const struct vakt_rule *r;
	struct vakt_config *c;
	const char *reason = NULL;
	char *text, *msg;

	if (!vakt_registry_count()) {
		/* No rule tables linked yet: every name is unknown. */
		expect_error("ignore: [DF001]\n", 1, 10, "unknown rule 'DF001'");
		expect_error("severity: {DL3008: low}\n", 1, 12, "unknown rule 'DL3008'");
		return;
	}
	r = vakt_registry_at(0);
	text = vakt_xasprintf("ignore:\n"
	                      "  - %s\n"
	                      "  - rule: %s\n"
	                      "    paths: [\"legacy/**\", \"tools/Dockerfile.*\"]\n"
	                      "    reason: legacy images\n"
	                      "severity:\n"
	                      "  %s: low\n"
	                      "  %s: critical\n",
	                      r->id, r->slug, r->id, r->slug);
	c = parse_ok(text);
	assert_int_equal(c->n_ignores, 2);
	assert_string_equal(c->ignores[0].rule, r->id);
	assert_int_equal(c->ignores[0].line, 2);
	assert_int_equal(c->ignores[0].paths.n, 0);
	assert_null(c->ignores[0].reason);
	assert_string_equal(c->ignores[1].rule, r->slug);
	assert_int_equal(c->ignores[1].line, 3);
	assert_int_equal(c->ignores[1].paths.n, 2);
	assert_string_equal(c->ignores[1].reason, "legacy images");
	assert_int_equal(c->n_overrides, 2);
	assert_int_equal(c->overrides[1].line, 8);
	/* The last override wins. */
	assert_int_equal(vakt_config_severity(c, r), VAKT_SEV_CRITICAL);
	assert_true(vakt_config_ignores(c, r, "anything", &reason));
	assert_null(reason);
	vakt_config_free(c);
	free(text);

	text = vakt_xasprintf("severity:\n  %s: hgih\n", r->id);
	expect_error(text, 2, 5 + (int)strlen(r->id),
	             "unknown severity 'hgih' (expected critical, high, medium, low or info)");
	free(text);
	text = vakt_xasprintf("severity:\n  %s: low\n  %s: high\n", r->id, r->id);
	msg = vakt_xasprintf("duplicate key '%s' (first at 2:3)", r->id);
	expect_error(text, 3, 3, msg);
	free(msg);
	free(text);
	text = vakt_xasprintf("severity:\n  %s: [high]\n", r->id);
	expect_error(text, 2, 5 + (int)strlen(r->id),
	             "'severity' must be a mapping of rule names to severities");
	free(text);
	text = vakt_xasprintf("severity:\n  %s:\n", r->id);
	expect_error(text, 2, 4 + (int)strlen(r->id),
	             "'severity' must be a mapping of rule names to severities");
	free(text);

	/* A peer alias names the rule too. */
	if (r->equivalents && r->equivalents[0]) {
		const char *colon = strchr(r->equivalents[0], ':');

		text = vakt_xasprintf("ignore: ['%s']\n", colon ? colon + 1 : r->equivalents[0]);
		c = parse_ok(text);
		assert_true(vakt_config_ignores(c, r, "Dockerfile", NULL));
		vakt_config_free(c);
		free(text);
	}
}

#define KEYS                                                                                       \
	"ignore, severity, trusted-registries, allowed-base-images, exclude, fail-on, pss, "       \
	"residency, limits, fix"
#define SEVS "critical, high, medium, low or info"

static void test_errors(void **state)
{
	static const struct {
		const char *text;
		int line, column;
		const char *msg;
	} cases[] = {
	    /* unknown keys */
	    {"ignroe: []\n", 1, 1, "unknown key 'ignroe' (expected one of " KEYS ")"},
	    {"pss: [restricted]\n", 1, 6,
	     "'pss' must be a Pod Security Standards level, LEVEL[:VERSION] (e.g. restricted or "
	     "baseline:v1.30)"},
	    {"exclude: []\n\nfail_on: high\n", 3, 1,
	     "unknown key 'fail_on' (expected one of " KEYS ")"},
	    /* merge keys are YAML's: what they merge is checked like the rest */
	    {"<<: {fail-n: high}\n", 1, 6, "unknown key 'fail-n' (expected one of " KEYS ")"},
	    {"ignore:\n  - path: x\n    rule: a\n", 2, 5,
	     "unknown key 'path' in an ignore entry (expected one of rule, paths, objects, "
	     "reason, expires)"},
	    /* not a mapping at the top */
	    {"- ignore\n", 1, 1,
	     "the configuration must be a mapping of keys (ignore, severity, "
	     "trusted-registries, allowed-base-images, exclude, fail-on, pss, residency, limits, "
	     "fix)"},
	    {"hello\n", 1, 1,
	     "the configuration must be a mapping of keys (ignore, severity, "
	     "trusted-registries, allowed-base-images, exclude, fail-on, pss, residency, limits, "
	     "fix)"},
	    /* fix: */
	    {"fix: 10001\n", 1, 6, "'fix' must be a mapping (uid, images, resources, pss)"},
	    {"fix:\n  pss: strict\n", 2, 8, "'fix.pss' must be privileged, baseline or restricted"},
	    {"fix:\n  images: [nginx]\n", 2, 11,
	     "'fix.images' must be a mapping of image references to the same references pinned "
	     "by digest"},
	    {"fix:\n  images:\n    nginx:1.27: nginx:1.27\n", 3, 17,
	     "'fix.images.nginx:1.27' must be the reference pinned by digest (NAME[:TAG]@sha256: "
	     "and 64 hex digits)"},
	    {"fix:\n  images:\n    nginx:1.27: \"@sha256:"
	     "0a399eb16751829e1af26fea27b20c3ec28d7ab1fb72182879dcae1cca21206a\"\n",
	     3, 17,
	     "'fix.images.nginx:1.27' must be the reference pinned by digest (NAME[:TAG]@sha256: "
	     "and 64 hex digits)"},
	    {"fix:\n  resources:\n    limits:\n      cpu: lots\n", 4, 12,
	     "a resource of 'fix.resources' must be a Kubernetes quantity (e.g. 500m, 256Mi)"},
	    {"fix:\n  resources:\n    limit: {cpu: 1}\n", 3, 5,
	     "unknown key 'limit' in 'fix.resources' (expected one of limits, requests)"},
	    {"fix:\n  resources:\n    limits: {gpu: 1}\n", 3, 14,
	     "unknown key 'gpu' in 'fix.resources' (expected one of cpu, memory)"},
	    {"fix:\n  uid: 0\n", 2, 8,
	     "'fix.uid' must be a user id from 1 to 2147483647 (e.g. 10001)"},
	    {"fix:\n  uid: 99999999999\n", 2, 8,
	     "'fix.uid' must be a user id from 1 to 2147483647 (e.g. 10001)"},
	    {"fix:\n  uid: [1]\n", 2, 8,
	     "'fix.uid' must be a user id from 1 to 2147483647 (e.g. 10001)"},
	    {"fix:\n  gid: 1\n", 2, 3,
	     "unknown key 'gid' in 'fix' (expected one of uid, images, resources, pss)"},
	    /* keys */
	    {"? [a]\n: b\n", 1, 3, "a key must be a string, not a list"},
	    {"ignore:\n  - ? {a: b}\n    : c\n", 2, 7, "a key must be a string, not a mapping"},
	    {"fail-on: high\nexclude: []\nfail-on: low\n", 3, 1,
	     "duplicate key 'fail-on' (first at 1:1)"},
	    {"ignore:\n  - reason: a\n    reason: b\n", 3, 5,
	     "duplicate key 'reason' (first at 2:5)"},
	    {"fail-on: low\nexclude: []\nallowed-base-images: []\nexclude: []\nfail-on: low\n", 4,
	     1, "duplicate key 'exclude' (first at 2:1)"},
	    /* ignore */
	    {"ignore: DF001\n", 1, 9, "'ignore' must be a list of rule names or mappings"},
	    {"ignore: {DF001: x}\n", 1, 9, "'ignore' must be a list of rule names or mappings"},
	    {"ignore: [[DF001]]\n", 1, 10, "'ignore' must be a list of rule names or mappings"},
	    {"ignore:\n  -\n", 2, 4, "'ignore' must be a list of rule names or mappings"},
	    {"ignore:\n  - XX9999-no-such-rule\n", 2, 5, "unknown rule 'XX9999-no-such-rule'"},
	    {"ignore: ['']\n", 1, 10, "unknown rule ''"},
	    {"ignore:\n  - rule: XX9999-no-such-rule\n", 2, 11,
	     "unknown rule 'XX9999-no-such-rule'"},
	    {"ignore:\n  - reason: legacy\n", 2, 5, "ignore entry has no 'rule'"},
	    {"ignore:\n  - rule: [a]\n", 2, 11, "'rule' must be a rule name"},
	    {"ignore:\n  - rule:\n", 2, 10, "'rule' must be a rule name"},
	    {"ignore:\n  - paths: legacy/**\n    rule: a\n", 2, 12,
	     "'paths' must be a list of globs"},
	    {"ignore:\n  - paths: [[x]]\n", 2, 13, "'paths' must be a list of globs"},
	    {"ignore:\n  - paths: ['']\n", 2, 13, "empty entry in 'paths'"},
	    {"ignore:\n  - reason: [x]\n", 2, 13, "'reason' must be a string"},
	    /* errors come in document order */
	    {"ignore: x\nignroe: []\n", 1, 9, "'ignore' must be a list of rule names or mappings"},
	    {"ignroe: []\nignore: x\n", 1, 1, "unknown key 'ignroe' (expected one of " KEYS ")"},
	    {"fail-on: hgih\nfail-on: high\n", 1, 10,
	     "unknown severity 'hgih' (expected " SEVS ")"},
	    {"exclude: []\nexclude: []\n? [x]\n: y\n", 2, 1,
	     "duplicate key 'exclude' (first at 1:1)"},
	    /* severity */
	    {"severity: [DF001]\n", 1, 11,
	     "'severity' must be a mapping of rule names to "
	     "severities"},
	    {"severity: high\n", 1, 11, "'severity' must be a mapping of rule names to severities"},
	    {"severity:\n  XX9999-no-such-rule: low\n", 2, 3, "unknown rule 'XX9999-no-such-rule'"},
	    /* lists of strings */
	    {"trusted-registries: gcr.io\n", 1, 21,
	     "'trusted-registries' must be a list of registry names"},
	    {"trusted-registries: [gcr.io, [x]]\n", 1, 30,
	     "'trusted-registries' must be a list of registry names"},
	    {"trusted-registries: [\"registry.*.io\"]\n", 1, 22,
	     "invalid registry pattern 'registry.*.io' (expected a host name, '*.' and a domain, "
	     "or '*' alone)"},
	    {"trusted-registries: [ok.io, \"**.io\"]\n", 1, 29,
	     "invalid registry pattern '**.io' (expected a host name, '*.' and a domain, or '*' "
	     "alone)"},
	    {"trusted-registries: [\"*.\"]\n", 1, 22,
	     "invalid registry pattern '*.' (expected a host name, '*.' and a domain, or '*' "
	     "alone)"},
	    {"trusted-registries: [\"gcr*\"]\n", 1, 22,
	     "invalid registry pattern 'gcr*' (expected a host name, '*.' and a domain, or '*' "
	     "alone)"},
	    {"allowed-base-images: {alpine: 3}\n", 1, 22,
	     "'allowed-base-images' must be a list of image patterns"},
	    {"allowed-base-images: [~]\n", 1, 23,
	     "'allowed-base-images' must be a list of image patterns"},
	    {"exclude: vendor\n", 1, 10, "'exclude' must be a list of globs"},
	    {"exclude: [\"\"]\n", 1, 11, "empty entry in 'exclude'"},
	    /* ignore: objects */
	    {"ignore:\n  - objects: Deployment/x\n", 2, 14,
	     "'objects' must be a list of object globs"},
	    {"ignore:\n  - objects: [[x]]\n", 2, 15, "'objects' must be a list of object globs"},
	    {"ignore:\n  - objects: ['']\n", 2, 15, "empty entry in 'objects'"},
	    {"ignore:\n  - objects: [a/b/c/d/e]\n", 2, 15,
	     "object pattern 'a/b/c/d/e' has more than 4 parts (expected "
	     "Kind/namespace/name/container[name])"},
	    {"ignore:\n  - objects: [ok/x, 'Deployment//web']\n", 2, 21,
	     "empty part in object pattern 'Deployment//web' (expected "
	     "Kind/namespace/name/container[name])"},
	    {"ignore:\n  - objects: [/Pod/x]\n", 2, 15,
	     "empty part in object pattern '/Pod/x' (expected "
	     "Kind/namespace/name/container[name])"},
	    {"ignore:\n  - objects: [Pod/x/]\n", 2, 15,
	     "empty part in object pattern 'Pod/x/' (expected "
	     "Kind/namespace/name/container[name])"},
	    {"ignore:\n  - objects: [a]\n    objects: [b]\n", 3, 5,
	     "duplicate key 'objects' (first at 2:5)"},
	    /* residency */
	    {"residency: [eea]\n", 1, 12,
	     "'residency' must be a mapping (allowed-regions, exempt-images)"},
	    {"residency: eea\n", 1, 12,
	     "'residency' must be a mapping (allowed-regions, exempt-images)"},
	    {"residency:\n  allowed-region: [eea]\n", 2, 3,
	     "unknown key 'allowed-region' in 'residency' (expected one of allowed-regions, "
	     "exempt-images)"},
	    {"residency:\n  allowed-regions: eea\n", 2, 20,
	     "'allowed-regions' must be a list of region patterns"},
	    {"residency:\n  allowed-regions: [eea, [x]]\n", 2, 26,
	     "'allowed-regions' must be a list of region patterns"},
	    {"residency:\n  allowed-regions: [eea, '']\n", 2, 26,
	     "empty entry in 'allowed-regions'"},
	    {"residency:\n  allowed-regions: [eea, westeurop]\n", 2, 26,
	     "region pattern 'westeurop' matches no region vakt knows (see docs/residency.md)"},
	    {"residency:\n  allowed-regions: [country:XX]\n", 2, 21,
	     "unknown country 'XX' in 'country:XX' (expected an ISO 3166 code such as NO, GB or "
	     "CH)"},
	    {"residency:\n  allowed-regions: ['amazon:eu-*']\n", 2, 21,
	     "unknown provider 'amazon' in 'amazon:eu-*' (expected aws, gcp or azure)"},
	    {"residency:\n  allowed-regions: [eu_west]\n", 2, 21,
	     "invalid character '_' in region pattern 'eu_west' (expected letters, digits, '-', "
	     "'*' and '?')"},
	    {"residency:\n  allowed-regions: []\n  allowed-regions: []\n", 3, 3,
	     "duplicate key 'allowed-regions' (first at 2:3)"},
	    {"residency:\n  exempt-images: gcr.io/x\n", 2, 18,
	     "'exempt-images' must be a list of image patterns"},
	    {"residency:\n  exempt-images: ['']\n", 2, 19, "empty entry in 'exempt-images'"},
	    {"residency: {}\nresidency: {}\n", 2, 1, "duplicate key 'residency' (first at 1:1)"},
	    /* fail-on */
	    {"fail-on: hgih\n", 1, 10, "unknown severity 'hgih' (expected " SEVS ")"},
	    {"fail-on: unknown\n", 1, 10, "unknown severity 'unknown' (expected " SEVS ")"},
	    {"fail-on: [high]\n", 1, 10, "'fail-on' must be a severity (" SEVS ")"},
	    /* documents */
	    {"---\nfail-on: high\n---\nfail-on: low\n", 3, 1, "only one YAML document is allowed"},
	    /* aliases */
	    {"fail-on: *sev\n", 1, 10,
	     "unknown alias '*sev' (no anchor '&sev' before it in this document)"},
	    {"exclude: &x [a, *x]\n", 1, 17, "alias '*x' is inside the node it refers to"},
	    /* strings */
	    {"exclude: [\"a\\0b\"]\n", 1, 11, "a string contains a NUL character"},
	    /* invalid YAML: libyaml's own words and position */
	    {"ignore: [a, b\n", 2, 1,
	     "invalid YAML: did not find expected ',' or ']' (while parsing a flow sequence "
	     "started "
	     "at 1:9)"},
	    {"ignore:\n\t- a\n", 2, 1,
	     "invalid YAML: found character that cannot start any token: a tab (YAML indents with "
	     "spaces)"},
	    {"fail-on: 'high\n", 2, 1,
	     "invalid YAML: found unexpected end of stream (while scanning a quoted scalar started "
	     "at 1:10)"},
	    {"fail-on: high\n  exclude: []\n", 2, 10,
	     "invalid YAML: mapping values are not allowed in this context"},
	    {"fail-on: \xff\n", 1, 10, "invalid YAML: invalid leading UTF-8 octet (byte 0xFF)"},
	    {"exclude: [a]\nfail-on: \x01\n", 2, 10,
	     "invalid YAML: control characters are not allowed (byte 0x01)"},
	};

	for (size_t i = 0; i < VAKT_ARRAY_SIZE(cases); i++)
		expect_error(cases[i].text, cases[i].line, cases[i].column, cases[i].msg);
}

static void test_nul_byte_in_file(void **state)
{
	static const char text[] = "fail-on: high\n\0\n";

	expect_error_len(text, sizeof(text) - 1, 2, 1,
	                 "invalid YAML: control characters are not allowed (byte 0x00)");
}

static void test_alias_limits(void **state)
{
	struct vakt_buf b = VAKT_BUF_INIT;
	struct vakt_config *c;

	/* Exactly VAKT_CONFIG_MAX_ALIASES aliases are fine ... */
	vakt_buf_adds(&b, "trusted-registries: [&r a.io]\nexclude:\n");
	for (int i = 0; i < VAKT_CONFIG_MAX_ALIASES; i++)
		vakt_buf_adds(&b, "  - *r\n");
	c = parse_ok(vakt_buf_str(&b));
	assert_int_equal(c->exclude.n, VAKT_CONFIG_MAX_ALIASES);
	vakt_config_free(c);
	/* ... one more is not. */
	vakt_buf_adds(&b, "  - *r\n");
	expect_error(vakt_buf_str(&b), 3 + VAKT_CONFIG_MAX_ALIASES, 5,
	             "more than 64 aliases in the stream");
	vakt_buf_release(&b);

	/*
	 * The classic billion laughs: 9 levels of 10 aliases each. Its expansion
	 * crosses the value limit before the alias count: level d (line 4) holds
	 * 1239 values before its first alias and each alias adds 1111, so the
	 * 8th alias is refused.
	 */
	vakt_buf_adds(&b, "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
	for (char l = 'b'; l <= 'i'; l++)
		vakt_buf_addf(&b, "%c: &%c [*%c, *%c, *%c, *%c, *%c, *%c, *%c, *%c, *%c, *%c]\n", l,
		              l, l - 1, l - 1, l - 1, l - 1, l - 1, l - 1, l - 1, l - 1, l - 1,
		              l - 1);
	expect_error(vakt_buf_str(&b), 4, 36,
	             "alias '*c' expands to more than 10000 nodes (the limit counts a node each "
	             "time an alias reaches it)");
	vakt_buf_release(&b);
}

static void test_alias_expansion_limit(void **state)
{
	struct vakt_buf b = VAKT_BUF_INIT;

	/*
	 * Doubling with two aliases a level stays under the alias count but
	 * grows exponentially: level k holds 2^(k+2) - 1 values and the document
	 * 2^(k+3) - 3 after it. Level 11 (line 12) starts at 8191 values, and
	 * its first alias would add 4095.
	 */
	vakt_buf_adds(&b, "l0: &l0 [x, x]\n");
	for (int i = 1; i <= 30; i++)
		vakt_buf_addf(&b, "l%d: &l%d [*l%d, *l%d]\n", i, i, i - 1, i - 1);
	expect_error(vakt_buf_str(&b), 12, 12,
	             "alias '*l10' expands to more than 10000 nodes (the limit counts a node each "
	             "time an alias reaches it)");
	vakt_buf_release(&b);
}

static void test_value_count_limit(void **state)
{
	struct vakt_buf b = VAKT_BUF_INIT;
	struct vakt_config *c;

	/* mapping + key + list = 3 values, then VAKT_CONFIG_MAX_NODES - 3 items fit. */
	vakt_buf_adds(&b, "exclude:\n");
	for (int i = 0; i < VAKT_CONFIG_MAX_NODES - 3; i++)
		vakt_buf_adds(&b, "- x\n");
	c = parse_ok(vakt_buf_str(&b));
	assert_int_equal(c->exclude.n, VAKT_CONFIG_MAX_NODES - 3);
	vakt_config_free(c);
	vakt_buf_adds(&b, "- x\n");
	expect_error(vakt_buf_str(&b), VAKT_CONFIG_MAX_NODES - 1, 3,
	             "the stream expands to more than 10000 nodes");
	vakt_buf_release(&b);
}

static void test_depth_limit(void **state)
{
	struct vakt_buf b = VAKT_BUF_INIT;
	char *msg;

	/* The top mapping is level 1: 31 nested lists fit (and are then the wrong type). */
	vakt_buf_adds(&b, "exclude: ");
	for (int i = 0; i < VAKT_CONFIG_MAX_DEPTH - 1; i++)
		vakt_buf_addc(&b, '[');
	for (int i = 0; i < VAKT_CONFIG_MAX_DEPTH - 1; i++)
		vakt_buf_addc(&b, ']');
	expect_error(vakt_buf_str(&b), 1, 11, "'exclude' must be a list of globs");
	vakt_buf_reset(&b);
	vakt_buf_adds(&b, "exclude: ");
	for (int i = 0; i < 10000; i++)
		vakt_buf_addc(&b, '[');
	msg = vakt_xasprintf("nesting deeper than %d levels", VAKT_CONFIG_MAX_DEPTH);
	expect_error(vakt_buf_str(&b), 1, 10 + VAKT_CONFIG_MAX_DEPTH - 1, msg);
	/* Block style nests the same way. */
	vakt_buf_reset(&b);
	for (int i = 0; i < VAKT_CONFIG_MAX_DEPTH + 1; i++)
		vakt_buf_addf(&b, "%*sk:\n", i, "");
	expect_error(vakt_buf_str(&b), VAKT_CONFIG_MAX_DEPTH + 1, VAKT_CONFIG_MAX_DEPTH + 1, msg);
	free(msg);
	vakt_buf_release(&b);
}

static void test_string_limit(void **state)
{
	struct vakt_buf b = VAKT_BUF_INIT;
	struct vakt_config *c;
	char *msg;

	vakt_buf_adds(&b, "exclude: [");
	for (int i = 0; i < VAKT_CONFIG_MAX_STRING; i++)
		vakt_buf_addc(&b, 'a');
	vakt_buf_adds(&b, "]\n");
	c = parse_ok(vakt_buf_str(&b));
	assert_int_equal(strlen(c->exclude.v[0]), VAKT_CONFIG_MAX_STRING);
	vakt_config_free(c);
	vakt_buf_reset(&b);
	vakt_buf_adds(&b, "exclude: [");
	for (int i = 0; i < VAKT_CONFIG_MAX_STRING + 1; i++)
		vakt_buf_addc(&b, 'a');
	vakt_buf_adds(&b, "]\n");
	msg = vakt_xasprintf("scalar of %d bytes is longer than the limit of %d bytes",
	                     VAKT_CONFIG_MAX_STRING + 1, VAKT_CONFIG_MAX_STRING);
	expect_error(vakt_buf_str(&b), 1, 11, msg);
	free(msg);
	vakt_buf_release(&b);
}

static void test_size_limit(void **state)
{
	size_t n = VAKT_CONFIG_MAX_BYTES + 1;
	char *data = vakt_xmalloc(n);
	struct vakt_config *c = NULL;
	struct vakt_error *err = NULL;

	/* A comment exactly at the limit is fine. */
	memset(data, ' ', n);
	data[0] = '#';
	data[n - 2] = '\n';
	assert_int_equal(vakt_config_parse(CFG, data, n - 1, &c, &err), 0);
	vakt_config_free(c);
	c = NULL;
	assert_int_equal(vakt_config_parse(CFG, data, n, &c, &err), -EFBIG);
	assert_null(c);
	assert_string_equal(err->msg, "file too large: 1048577 bytes (the limit is 1048576 bytes)");
	assert_string_equal(err->file, CFG);
	vakt_error_free(err);
	free(data);
}

static char tmp_root[64];

static void write_file(const char *path, const char *data, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, len), (ssize_t)len);
	close(fd);
}

static void test_load(void **state)
{
	char *path = vakt_xasprintf("%s/load.yaml", tmp_root);
	char *big = vakt_xmalloc(VAKT_CONFIG_MAX_BYTES + 1);
	struct vakt_config *c = NULL;
	struct vakt_error *err = NULL;
	static const char text[] = "exclude: [\"vendor/**\"]\nfail-on: medium\n";

	write_file(path, text, sizeof(text) - 1);
	assert_int_equal(vakt_config_load(path, &c, &err), 0);
	assert_string_equal(c->origin, path);
	assert_int_equal(c->fail_on, VAKT_SEV_MEDIUM);
	vakt_config_free(c);
	c = NULL;

	/* Errors name the file given. */
	write_file(path, "fail-on: hgih\n", 14);
	assert_int_equal(vakt_config_load(path, &c, &err), -EINVAL);
	assert_string_equal(err->file, path);
	assert_int_equal(err->line, 1);
	assert_int_equal(err->column, 10);
	vakt_error_free(err);
	err = NULL;

	memset(big, '#', VAKT_CONFIG_MAX_BYTES + 1);
	write_file(path, big, VAKT_CONFIG_MAX_BYTES + 1);
	assert_int_equal(vakt_config_load(path, &c, &err), -EFBIG);
	assert_null(c);
	assert_string_equal(err->msg, "file too large: 1048577 bytes (the limit is 1048576 bytes)");
	vakt_error_free(err);
	err = NULL;
	unlink(path);

	assert_int_equal(vakt_config_load(path, &c, &err), -ENOENT);
	assert_string_equal(err->msg, "cannot open: No such file or directory");
	vakt_error_free(err);
	err = NULL;

	assert_int_equal(vakt_config_load(tmp_root, &c, &err), -EISDIR);
	vakt_error_free(err);
	free(big);
	free(path);
}

static struct vakt_config *config_with_excludes(const char *const *globs)
{
	struct vakt_config *c = vakt_config_new();

	for (; *globs; globs++)
		vakt_strv_push(&c->exclude, *globs);
	return c;
}

static void expect_match(const char *glob, const char *path, bool want)
{
	const char *globs[] = {glob, NULL};
	struct vakt_config *c = config_with_excludes(globs);
	bool got = vakt_config_excludes(c, path);

	vakt_config_free(c);
	if (got != want) {
		print_error("glob '%s' %s path '%s'\n", glob, got ? "matches" : "does not match",
		            path);
		fail();
	}
}

static void test_globs(void **state)
{
	static const struct {
		const char *glob, *path;
		bool match;
	} cases[] = {
	    {"third_party/**", "third_party", true},
	    {"third_party/**", "third_party/Dockerfile", true},
	    {"third_party/**", "third_party/a/b/Dockerfile", true},
	    {"third_party/**", "./third_party/a", true},
	    {"third_party/**", "repo/third_party/a", true},
	    {"third_party/**", "/abs/repo/third_party/a", true},
	    {"third_party/**", "third_partyx/a", false},
	    {"third_party/**", "third/party", false},
	    {"**/testdata/**", "testdata/x", true},
	    {"**/testdata/**", "a/b/testdata/c/d", true},
	    {"**/testdata/**", "testdata", true},
	    {"**/testdata/**", "testdatax/y", false},
	    {"**/testdata/**", "a/xtestdata/y", false},
	    {"tools/Dockerfile.*", "tools/Dockerfile.dev", true},
	    {"tools/Dockerfile.*", "./tools/Dockerfile.dev", true},
	    {"tools/Dockerfile.*", "x/tools/Dockerfile.a", true},
	    {"tools/Dockerfile.*", "tools/sub/Dockerfile.dev", false},
	    {"tools/Dockerfile.*", "tools/Dockerfile", false},
	    {"legacy/**/Dockerfile", "legacy/Dockerfile", true},
	    {"legacy/**/Dockerfile", "legacy/a/b/Dockerfile", true},
	    {"legacy/**/Dockerfile", "legacy/a/b/Dockerfile.x", false},
	    {"a/**/b/**/c", "a/x/b/y/z/c", true},
	    {"a/**/b/**/c", "a/b/c", true},
	    {"a/**/b/**/c", "a/c/b", false},
	    {"*.md", "README.md", true},
	    {"*.md", "docs/x.md", true},
	    {"*.md", "x.mdx", false},
	    {"*", "anything/at/all", true},
	    {"**", "anything/at/all", true},
	    {"Dockerfile.?", "a/Dockerfile.1", true},
	    {"Dockerfile.?", "a/Dockerfile.10", false},
	    {"Docker*", "a/Dockerfile", true},
	    {"D*r*e", "Dockerfile", true},
	    {"D*r*x", "Dockerfile", false},
	    {"[abc].txt", "b.txt", true},
	    {"[abc].txt", "d.txt", false},
	    {"[!abc].txt", "d.txt", true},
	    {"[^abc].txt", "a.txt", false},
	    {"[a-c]x", "bx", true},
	    {"[a-c]x", "dx", false},
	    {"[]]x", "]x", true},
	    {"[!]]x", "]x", false},
	    {"[a-]x", "-x", true},
	    {"\\*x", "*x", true},
	    {"\\*x", "ax", false},
	    {"[unclosed", "[unclosed", true},
	    {"[unclosed", "u", false},
	    {"a//b/", "a/b", true},
	    {"./a", "a", true},
	    {"/abs/**", "/abs/x", true},
	    {"/abs/**", "abs/x", false},
	    {"/abs/**", "/other/abs/x", false},
	    {"a", "", false},
	    {"a", ".", false},
	    {"", "a", false},
	    {"*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b",
	     "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	     "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	     "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
	     false},
	    {"**/**/**/**/**/**/**/**/**/**/**/**/z",
	     "a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/y",
	     false},
	};
	/* The pathological patterns: one backtrack point, so never exponential (no clock here). */
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(cases); i++)
		expect_match(cases[i].glob, cases[i].path, cases[i].match);
	assert_false(vakt_config_excludes(NULL, "a"));
}

static const char *const fake_equivalents[] = {"hadolint:DL9999", "trivy:AVD-DS-9999", NULL};
static const struct vakt_rule fake_rule = {
    .id = "ZZ001",
    .slug = "fake-rule",
    .domain = "test",
    .severity = VAKT_SEV_MEDIUM,
    .title = "a rule for tests",
    .equivalents = fake_equivalents,
};
static const struct vakt_rule other_rule = {
    .id = "ZZ002",
    .slug = "other-rule",
    .domain = "test",
    .severity = VAKT_SEV_LOW,
    .title = "another rule for tests",
};

static void add_ignore(struct vakt_config *c, const char *rule, const char *glob,
                       const char *reason)
{
	struct vakt_config_ignore *e;

	c->ignores = vakt_xrealloc(c->ignores, (c->n_ignores + 1) * sizeof(*c->ignores));
	e = &c->ignores[c->n_ignores++];
	memset(e, 0, sizeof(*e));
	e->rule = vakt_xstrdup(rule);
	if (glob)
		vakt_strv_push(&e->paths, glob);
	e->reason = vakt_xstrdup(reason);
}

/* vakt_glob_match(): the name globs of object paths, ignore files' packages and regions. */
static void test_name_globs(void **state)
{
	static const char many[] = "a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b";
	char long_a[4097];

	assert_true(vakt_glob_match("libc-*", 6, "libc-bin", 8, false));
	assert_false(vakt_glob_match("libc-*", 6, "libc6", 5, false));
	assert_true(vakt_glob_match("lib?sl3", 7, "libssl3", 7, false));
	assert_true(vakt_glob_match("*", 1, "", 0, false));
	assert_false(vakt_glob_match("?", 1, "", 0, false));
	assert_true(vakt_glob_match("**a", 3, "bba", 3, false));
	/* Brackets are literal; case counts only without icase. */
	assert_true(vakt_glob_match("container[app]", 14, "container[APP]", 14, true));
	assert_false(vakt_glob_match("container[app]", 14, "container[APP]", 14, false));
	assert_false(vakt_glob_match("container[ap]", 13, "containera", 10, true));
	/* Many stars against a long miss: one backtrack point, not exponential time. */
	memset(long_a, 'a', sizeof(long_a) - 1);
	long_a[sizeof(long_a) - 1] = '\0';
	assert_false(vakt_glob_match(many, strlen(many), long_a, strlen(long_a), false));
}

static void test_ignore_expiry(void **state)
{
	static const char yaml[] = "ignore:\n"
	                           "  - rule: DF012\n    expires: 2020-01-31\n"
	                           "  - rule: DF001\n    expires: 2099-12-31\n    reason: r\n"
	                           "  - rule: DF013\n    expires: 2024-02-29\n";
	static const char *const bad[] = {"2027-13-01", "2027-02-29", "2027-1-01",
	                                  "27-01-01",   "2027/01/01", "2027-01-01T00:00",
	                                  "tomorrow",   "[]",         "2027- 1-01"};
	struct vakt_config *c = NULL;
	struct vakt_error *err = NULL;
	const struct vakt_config_ignore *e;

	assert_int_equal(vakt_config_parse(".vakt.yaml", yaml, sizeof(yaml) - 1, &c, &err), 0);
	assert_int_equal(c->n_ignores, 3);
	assert_string_equal(c->ignores[0].expires, "2020-01-31");
	assert_true(c->ignores[0].expired);
	assert_false(c->ignores[1].expired);
	assert_true(c->ignores[2].expired); /* a leap day is a date */
	/* An expired entry ignores nothing. */
	assert_null(
	    vakt_config_ignore_match(c, vakt_registry_find("DF012"), 0, "Dockerfile", NULL));
	e = vakt_config_ignore_match(c, vakt_registry_find("DF001"), 0, "Dockerfile", NULL);
	assert_ptr_equal(e, &c->ignores[1]);
	assert_string_equal(e->reason, "r");
	vakt_config_free(c);
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(bad); i++) {
		char *doc = vakt_xasprintf("ignore:\n  - rule: DF012\n    expires: %s\n", bad[i]);

		c = NULL;
		assert_int_equal(vakt_config_parse(".vakt.yaml", doc, strlen(doc), &c, &err),
		                 -EINVAL);
		assert_int_equal(err->line, 3);
		assert_non_null(strstr(err->msg, "'expires' must be a date written YYYY-MM-DD"));
		vakt_error_free(err);
		err = NULL;
		free(doc);
	}
}

static void test_ignores(void **state)
{
	static const char *const names[] = {"ZZ001",   "zz001",           "fake-rule",
	                                    "DL9999",  "hadolint:DL9999", "AVD-DS-9999",
	                                    "DS-9999", "DS9999"};
	const char *reason = "unset";
	struct vakt_config *c;

	for (size_t i = 0; i < VAKT_ARRAY_SIZE(names); i++) {
		c = vakt_config_new();
		add_ignore(c, names[i], NULL, NULL);
		reason = "unset";
		assert_true(vakt_config_ignores(c, &fake_rule, "Dockerfile", &reason));
		assert_null(reason);
		assert_false(vakt_config_ignores(c, &other_rule, "Dockerfile", &reason));
		vakt_config_free(c);
	}

	c = vakt_config_new();
	add_ignore(c, "fake-rule", "legacy/**", "legacy images, JIRA-123");
	add_ignore(c, "ZZ002", "Dockerfile.*", NULL);
	assert_true(vakt_config_ignores(c, &fake_rule, "legacy/Dockerfile", &reason));
	assert_string_equal(reason, "legacy images, JIRA-123");
	assert_true(vakt_config_ignores(c, &fake_rule, "./legacy/a/Dockerfile", NULL));
	assert_false(vakt_config_ignores(c, &fake_rule, "Dockerfile", NULL));
	assert_false(vakt_config_ignores(c, &fake_rule, NULL, NULL));
	assert_true(vakt_config_ignores(c, &other_rule, "tools/Dockerfile.dev", NULL));
	assert_false(vakt_config_ignores(c, &other_rule, "tools/Dockerfile", NULL));
	vakt_config_free(c);

	assert_false(vakt_config_ignores(NULL, &fake_rule, "Dockerfile", NULL));
}

/*
 * An ignore entry may name an advisory (vakt image's findings with an id of
 * their own) as the database spells it; a name shaped as a peer tool's id
 * that names no rule is still an error, not an advisory.
 */
static void test_ignore_advisory_ids(void **state)
{
	static const char *const ids[] = {"CVE-2024-3094",        "GHSA-xvch-5gv4-984h",
	                                  "DSA-5678-1",           "ALSA-2024:0101",
	                                  "DEBIAN-CVE-2024-3094", "openSUSE-SU-2024:13345-1"};
	static const char *const peers[] = {"AVD-DS-9999", "DS-9999", "AVD-KSV-9999", "CIS-DI-9999",
	                                    "DKL-DI-9999"};
	struct vakt_config *c;
	char *text, *msg;

	(void)state;
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(ids); i++) {
		text = vakt_xasprintf("ignore:\n  - rule: %s\n    reason: r\n", ids[i]);
		c = parse_ok(text);
		assert_int_equal(c->n_ignores, 1);
		assert_true(c->ignores[0].id);
		assert_string_equal(c->ignores[0].rule, ids[i]);
		vakt_config_free(c);
		free(text);
	}
	if (!vakt_registry_count())
		return; /* no peers to know */
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(peers); i++) {
		text = vakt_xasprintf("ignore: [%s]\n", peers[i]);
		msg = vakt_xasprintf("unknown rule '%s'", peers[i]);
		expect_error(text, 1, 10, msg);
		free(msg);
		free(text);
	}
}

static void add_object_ignore(struct vakt_config *c, const char *glob, const char *object)
{
	struct vakt_config_ignore *e;

	c->ignores = vakt_xrealloc(c->ignores, (c->n_ignores + 1) * sizeof(*c->ignores));
	e = &c->ignores[c->n_ignores++];
	memset(e, 0, sizeof(*e));
	e->rule = vakt_xstrdup("ZZ001");
	if (glob)
		vakt_strv_push(&e->paths, glob);
	vakt_strv_push(&e->objects, object);
}

/* `objects:` globs over Kind/namespace/name[/container[x]], by parts, a prefix covering more. */
static void test_ignore_objects(void **state)
{
	static const struct {
		const char *glob, *object;
		bool hit;
	} cases[] = {
	    {"Deployment/shop/*", "Deployment/shop/web", true},
	    {"Deployment/shop/*", "Deployment/shop/web/container[app]", true},
	    {"Deployment/shop/*", "deployment/SHOP/web", true},
	    {"Deployment/shop/*", "Deployment/shop", false},
	    {"Deployment/shop/*", "StatefulSet/shop/web", false},
	    {"Deployment/shop/*", "Deployment/shopping/web", false},
	    {"Deployment/shop/*", "", false},
	    {"*/kube-system/*", "DaemonSet/kube-system/proxy/initContainer[x]", true},
	    {"*/kube-system/*", "Namespace/-/kube-system", false},
	    {"*/-/*", "Pod/-/debug", true},
	    {"Pod/-/debug/container[app]", "Pod/-/debug/container[app]", true},
	    {"Pod/-/debug/container[app]", "Pod/-/debug/container[a]", false},
	    {"Pod/-/debug/container[app]", "Pod/-/debug", false},
	    {"Deployment/*/web-?", "Deployment/a/web-1", true},
	    {"Deployment/*/web-?", "Deployment/a/web-10", false},
	    {"Deployment/*/web*", "Deployment/a/web", true},
	    {"Deployment", "Deployment/a/b/container[c]", true},
	    {"Deployment", "DeploymentX/a/b", false},
	    {"*", "CronJob/-/x", true},
	    {"*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b",
	     "Pod/-/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", false},
	};
	const char *reason = "unset";
	struct vakt_config *c;

	for (size_t i = 0; i < VAKT_ARRAY_SIZE(cases); i++) {
		c = vakt_config_new();
		add_object_ignore(c, NULL, cases[i].glob);
		if (vakt_config_ignores_object(c, &fake_rule, "k8s/app.yaml", cases[i].object,
		                               &reason) != cases[i].hit)
			fail_msg("'%s' vs '%s': expected %d", cases[i].glob, cases[i].object,
			         cases[i].hit);
		/* Limited to objects: a finding without one is not ignored. */
		assert_false(vakt_config_ignores_object(c, &fake_rule, "k8s/app.yaml", NULL, NULL));
		assert_false(vakt_config_ignores(c, &fake_rule, "k8s/app.yaml", NULL));
		vakt_config_free(c);
	}

	/* paths and objects together: both must match. */
	c = vakt_config_new();
	add_object_ignore(c, "k8s/**", "Deployment/shop/*");
	assert_true(
	    vakt_config_ignores_object(c, &fake_rule, "k8s/app.yaml", "Deployment/shop/web", NULL));
	assert_false(vakt_config_ignores_object(c, &fake_rule, "other/app.yaml",
	                                        "Deployment/shop/web", NULL));
	assert_false(
	    vakt_config_ignores_object(c, &fake_rule, "k8s/app.yaml", "Deployment/prod/web", NULL));
	assert_false(vakt_config_ignores_object(c, &other_rule, "k8s/app.yaml",
	                                        "Deployment/shop/web", NULL));
	vakt_config_free(c);

	/* An entry without objects ignores findings with and without an object. */
	c = vakt_config_new();
	add_ignore(c, "ZZ001", NULL, NULL);
	assert_true(vakt_config_ignores_object(c, &fake_rule, "a.yaml", "Pod/-/x", NULL));
	assert_true(vakt_config_ignores(c, &fake_rule, "a.yaml", NULL));
	vakt_config_free(c);

	/* From the file. */
	c = parse_ok("ignore:\n"
	             "  - rule: RS001\n"
	             "    objects: [\"Deployment/shop/*\", \"*/kube-system/*\"]\n"
	             "    paths: [\"k8s/**\"]\n"
	             "    reason: shop images stay in the US registry until Q3\n");
	assert_int_equal(c->n_ignores, 1);
	assert_int_equal(c->ignores[0].objects.n, 2);
	assert_string_equal(c->ignores[0].objects.v[1], "*/kube-system/*");
	assert_int_equal(c->ignores[0].paths.n, 1);
	assert_true(vakt_config_ignores_object(c, vakt_registry_find("RS001"), "k8s/a.yaml",
	                                       "Pod/kube-system/x/container[y]", &reason));
	assert_string_equal(reason, "shop images stay in the US registry until Q3");
	vakt_config_free(c);
}

/* residency: allowed-regions and exempt-images. */
static void test_residency_keys(void **state)
{
	struct vakt_config *c;

	c = parse_ok(
	    "residency:\n"
	    "  allowed-regions: [eea, country:GB, aws:us-east-1, 'europe-west*', adequacy]\n"
	    "  exempt-images: [\"gcr.io/acme/*\"]\n");
	assert_true(c->has_allowed_regions);
	assert_int_equal(c->allowed_regions.n, 5);
	assert_string_equal(c->allowed_regions.v[1], "country:GB");
	assert_string_equal(c->allowed_regions.v[3], "europe-west*");
	assert_int_equal(c->exempt_images.n, 1);
	assert_true(vakt_residency_allowed(c, vakt_region_find("aws", "eu-west-2")));
	assert_true(vakt_residency_allowed(c, vakt_region_find("aws", "us-east-1")));
	assert_false(vakt_residency_allowed(c, vakt_region_find("aws", "us-east-2")));
	vakt_config_free(c);

	/* Not set: the default (the EEA) applies. */
	static const char *const unset[] = {"residency:\n", "residency: {}\n",
	                                    "residency:\n  allowed-regions:\n  exempt-images: ~\n"};
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(unset); i++) {
		c = parse_ok(unset[i]);
		assert_false(c->has_allowed_regions);
		assert_int_equal(c->allowed_regions.n, 0);
		assert_int_equal(c->exempt_images.n, 0);
		assert_true(vakt_residency_allowed(c, vakt_region_find("azure", "norwayeast")));
		assert_false(vakt_residency_allowed(c, vakt_region_find("azure", "uksouth")));
		vakt_config_free(c);
	}

	/* An empty list allows nothing. */
	c = parse_ok("residency:\n  allowed-regions: []\n");
	assert_true(c->has_allowed_regions);
	assert_false(vakt_residency_allowed(c, vakt_region_find("azure", "norwayeast")));
	vakt_config_free(c);
}

static void add_override(struct vakt_config *c, const char *rule, enum vakt_severity s)
{
	c->overrides = vakt_xrealloc(c->overrides, (c->n_overrides + 1) * sizeof(*c->overrides));
	c->overrides[c->n_overrides++] = (struct vakt_config_override){vakt_xstrdup(rule), s, 0};
}

static void test_fix_section(void **state)
{
	struct vakt_config *c = NULL;
	struct vakt_error *err = NULL;
	const char *text = "fix:\n  uid: 4242\n";

	(void)state;
	assert_int_equal(vakt_config_parse(CFG, text, strlen(text), &c, &err), 0);
	assert_true(c->has_fix_uid);
	assert_int_equal(c->fix_uid, 4242);
	vakt_config_free(c);
	text = "fix:\n";
	assert_int_equal(vakt_config_parse(CFG, text, strlen(text), &c, &err), 0);
	assert_false(c->has_fix_uid);
	assert_null(c->fix_pss);
	assert_null(c->fix_cpu[0]);
	vakt_config_free(c);
	text = "fix:\n  pss: restricted\n  resources:\n    limits: {cpu: 500m, memory: 1.5Gi}\n"
	       "    requests: {memory: 128Mi}\n  images:\n    \"nginx:1.27\": "
	       "\"nginx:1.27@sha256:"
	       "0a399eb16751829e1af26fea27b20c3ec28d7ab1fb72182879dcae1cca21206a\"\n";
	assert_int_equal(vakt_config_parse(CFG, text, strlen(text), &c, &err), 0);
	assert_string_equal(c->fix_pss, "restricted");
	assert_string_equal(c->fix_cpu[0], "500m");
	assert_string_equal(c->fix_memory[0], "1.5Gi");
	assert_null(c->fix_cpu[1]);
	assert_string_equal(c->fix_memory[1], "128Mi");
	assert_int_equal(c->fix_image_from.n, 1);
	assert_string_equal(c->fix_image_from.v[0], "nginx:1.27");
	assert_true(vakt_starts_with(c->fix_image_to.v[0], "nginx:1.27@sha256:0a39"));
	vakt_config_free(c);
}

static void test_severity_overrides(void **state)
{
	struct vakt_config *c = vakt_config_new();

	assert_int_equal(vakt_config_severity(c, &fake_rule), VAKT_SEV_MEDIUM);
	add_override(c, "ZZ001", VAKT_SEV_LOW);
	assert_int_equal(vakt_config_severity(c, &fake_rule), VAKT_SEV_LOW);
	add_override(c, "DL9999", VAKT_SEV_CRITICAL);
	assert_int_equal(vakt_config_severity(c, &fake_rule), VAKT_SEV_CRITICAL);
	add_override(c, "other-rule", VAKT_SEV_HIGH);
	assert_int_equal(vakt_config_severity(c, &fake_rule), VAKT_SEV_CRITICAL);
	assert_int_equal(vakt_config_severity(c, &other_rule), VAKT_SEV_HIGH);
	vakt_config_free(c);
	assert_int_equal(vakt_config_severity(NULL, &other_rule), VAKT_SEV_LOW);
}

static void make_dir(const char *sub)
{
	char *p = vakt_xasprintf("%s/%s", tmp_root, sub);

	assert_int_equal(mkdir(p, 0755), 0);
	free(p);
}

static char *tmp_path(const char *sub)
{
	return vakt_xasprintf("%s/%s", tmp_root, sub);
}

static void expect_found(const char *start, const char *want)
{
	char *got = vakt_config_find(start);

	if (!want) {
		if (got)
			print_error("find '%s': got '%s', expected nothing\n", start, got);
		assert_null(got);
		return;
	}
	if (!got || strcmp(got, want)) {
		print_error("find '%s': got '%s', expected '%s'\n", start, got ? got : "(null)",
		            want);
		fail();
	}
	free(got);
}

static void test_find(void **state)
{
	char cwd[PATH_MAX];
	char *p, *want;

	/*
	 * tmp/find/.vakt.yaml          the repository's config
	 * tmp/find/.git/               the repository root
	 * tmp/find/a/b/c/              nothing here
	 * tmp/find/a/own/.vakt.yaml    a closer config
	 * tmp/find/sub/.git            a nested repository (a .git file, as in submodules)
	 * tmp/find/sub/x/
	 * tmp/find/link -> a/b/c
	 */
	make_dir("find");
	make_dir("find/.git");
	make_dir("find/a");
	make_dir("find/a/b");
	make_dir("find/a/b/c");
	make_dir("find/a/own");
	make_dir("find/sub");
	make_dir("find/sub/x");
	p = tmp_path("find/.vakt.yaml");
	write_file(p, "", 0);
	free(p);
	p = tmp_path("find/a/own/.vakt.yaml");
	write_file(p, "", 0);
	free(p);
	p = tmp_path("find/sub/.git");
	write_file(p, "gitdir: ../.git/modules/sub\n", 28);
	free(p);
	p = tmp_path("find/link");
	assert_int_equal(symlink("a/b/c", p), 0);
	free(p);

	/* Absolute starts, directories and files (existing or not). */
	want = tmp_path("find/.vakt.yaml");
	p = tmp_path("find/a/b/c");
	expect_found(p, want);
	free(p);
	p = tmp_path("find/a/b/c/Dockerfile");
	expect_found(p, want);
	free(p);
	p = tmp_path("find");
	expect_found(p, want);
	free(p);
	free(want);
	want = tmp_path("find/a/own/.vakt.yaml");
	p = tmp_path("find/a/own/Dockerfile");
	expect_found(p, want);
	free(p);
	free(want);
	/* The nested repository's root stops the search. */
	p = tmp_path("find/sub/x");
	expect_found(p, NULL);
	free(p);

	/* Relative starts keep their shape. */
	assert_non_null(getcwd(cwd, sizeof(cwd)));
	p = tmp_path("find");
	assert_int_equal(chdir(p), 0);
	free(p);
	expect_found(".", ".vakt.yaml");
	expect_found("-", ".vakt.yaml");
	expect_found("", ".vakt.yaml");
	expect_found("Dockerfile", ".vakt.yaml");
	expect_found("a/b/c", ".vakt.yaml");
	expect_found("./a/own/", "a/own/.vakt.yaml");
	expect_found("a/own/Dockerfile", "a/own/.vakt.yaml");
	expect_found("sub/x/Dockerfile", NULL);
	assert_int_equal(chdir("a/b/c"), 0);
	expect_found(".", "../../../.vakt.yaml");
	expect_found("Dockerfile", "../../../.vakt.yaml");
	expect_found("../../own", "../../own/.vakt.yaml");
	assert_int_equal(chdir(".."), 0);
	expect_found("c/Dockerfile", "../../.vakt.yaml");
	expect_found("../own/Dockerfile", "../own/.vakt.yaml");
	/* Through a symlink the lexical parents differ from the real ones. */
	assert_int_equal(chdir("../.."), 0);
	want = tmp_path("find/.vakt.yaml");
	expect_found("link", want);
	free(want);
	assert_int_equal(chdir(cwd), 0);

	/* A start that does not exist at all. */
	p = tmp_path("nope/nope/Dockerfile");
	expect_found(p, NULL);
	free(p);
}

static int remove_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	return remove(path);
}

static int setup(void **state)
{
	snprintf(tmp_root, sizeof(tmp_root), "/tmp/vakt-test-config-XXXXXX");
	return mkdtemp(tmp_root) ? 0 : -1;
}

static int teardown(void **state)
{
	return nftw(tmp_root, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_empty),
	    cmocka_unit_test(test_keys_without_rules),
	    cmocka_unit_test(test_null_values),
	    cmocka_unit_test(test_pss),
	    cmocka_unit_test(test_aliases_ok),
	    cmocka_unit_test(test_rules_from_registry),
	    cmocka_unit_test(test_errors),
	    cmocka_unit_test(test_nul_byte_in_file),
	    cmocka_unit_test(test_alias_limits),
	    cmocka_unit_test(test_alias_expansion_limit),
	    cmocka_unit_test(test_value_count_limit),
	    cmocka_unit_test(test_depth_limit),
	    cmocka_unit_test(test_string_limit),
	    cmocka_unit_test(test_size_limit),
	    cmocka_unit_test(test_load),
	    cmocka_unit_test(test_globs),
	    cmocka_unit_test(test_name_globs),
	    cmocka_unit_test(test_ignores),
	    cmocka_unit_test(test_ignore_expiry),
	    cmocka_unit_test(test_ignore_advisory_ids),
	    cmocka_unit_test(test_ignore_objects),
	    cmocka_unit_test(test_residency_keys),
	    cmocka_unit_test(test_severity_overrides),
	    cmocka_unit_test(test_fix_section),
	    cmocka_unit_test(test_find),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
