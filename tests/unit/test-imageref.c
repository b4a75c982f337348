/* SPDX-License-Identifier: MIT */
/* Unit tests for src/knowledge/imageref.c. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cmocka.h>

#include "knowledge/imageref.h"

struct split_case {
	const char *in;
	const char *registry;
	const char *repository;
	const char *tag;
	const char *digest;
	bool written;
};

static void check_str(const char *want, const char *got, const char *in)
{
	if (!want) {
		if (got)
			fail_msg("'%s': expected NULL, got '%s'", in, got);
		return;
	}
	if (!got)
		fail_msg("'%s': expected '%s', got NULL", in, want);
	if (strcmp(want, got))
		fail_msg("'%s': expected '%s', got '%s'", in, want, got);
}

static void test_split(void **state)
{
	static const struct split_case cases[] = {
	    {"nginx", "docker.io", "library/nginx", NULL, NULL, false},
	    {"nginx:1.25", "docker.io", "library/nginx", "1.25", NULL, false},
	    {"library/nginx:latest", "docker.io", "library/nginx", "latest", NULL, false},
	    {"docker.io/nginx", "docker.io", "library/nginx", NULL, NULL, true},
	    {"index.docker.io/library/nginx", "docker.io", "library/nginx", NULL, NULL, true},
	    {"registry-1.docker.io/bitnami/redis:7", "docker.io", "bitnami/redis", "7", NULL, true},
	    {"bitnami/redis:7.2", "docker.io", "bitnami/redis", "7.2", NULL, false},
	    {"ghcr.io/owner/app:v1", "ghcr.io", "owner/app", "v1", NULL, true},
	    {"GHCR.IO/owner/app", "ghcr.io", "owner/app", NULL, NULL, true},
	    {"localhost/app", "localhost", "app", NULL, NULL, true},
	    {"localhost:5000/app:1", "localhost:5000", "app", "1", NULL, true},
	    {"my.registry:5000/team/app", "my.registry:5000", "team/app", NULL, NULL, true},
	    {"gcr.io/distroless/static-debian12:nonroot", "gcr.io", "distroless/static-debian12",
	     "nonroot", NULL, true},
	    {"alpine@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
	     "docker.io", "library/alpine", NULL,
	     "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", false},
	    {"alpine:3.20@sha256:abcd", "docker.io", "library/alpine", "3.20", "sha256:abcd",
	     false},
	    {"Upper/app", "upper", "app", NULL, NULL, true},
	    /* Variables stay opaque: ':' and '@' inside ${} do not split. */
	    {"${BASE:-debian:12}", "docker.io", "library/${BASE:-debian:12}", NULL, NULL, false},
	    {"${REG}/app:${TAG}", "${REG}", "app", "${TAG}", NULL, true},
	    {"$REGISTRY/team/app", "$REGISTRY", "team/app", NULL, NULL, true},
	    {"node:${NODE_VERSION}-alpine", "docker.io", "library/node", "${NODE_VERSION}-alpine",
	     NULL, false},
	    {"app@${DIGEST}", "docker.io", "library/app", NULL, "${DIGEST}", false},
	    {"${X:-a@b}", "docker.io", "library/${X:-a@b}", NULL, NULL, false},
	};

	for (size_t i = 0; i < VAKT_ARRAY_SIZE(cases); i++) {
		struct vakt_imageref r;
		struct vakt_error *err = NULL;
		int rc = vakt_imageref_parse(cases[i].in, &r, &err);

		if (rc)
			fail_msg("'%s': parse failed: %s", cases[i].in, err->msg);
		check_str(cases[i].registry, r.registry, cases[i].in);
		check_str(cases[i].repository, r.repository, cases[i].in);
		check_str(cases[i].tag, r.tag, cases[i].in);
		check_str(cases[i].digest, r.digest, cases[i].in);
		assert_int_equal(cases[i].written, r.registry_written);
		assert_int_equal(strchr(cases[i].in, '$') != NULL, r.has_var);
		vakt_imageref_release(&r);
	}
}

static void test_invalid(void **state)
{
	static const char *const bad[] = {
	    "",       "nginx:", "@sha256:abc", "nginx@", ":tag",    "a//b",
	    "/nginx", "nginx/", "ghcr.io/",    "ngi nx", "nginx\t", "a\nb",
	};

	for (size_t i = 0; i < VAKT_ARRAY_SIZE(bad); i++) {
		struct vakt_imageref r;
		struct vakt_error *err = NULL;

		if (vakt_imageref_parse(bad[i], &r, &err) != -EINVAL)
			fail_msg("'%s' should be refused", bad[i]);
		assert_non_null(err);
		assert_null(r.registry);
		vakt_error_free(err);
	}
}

/* The ceiling: exactly VAKT_IMAGEREF_MAX_BYTES parses, one more is -E2BIG. */
static void test_too_long(void **state)
{
	char *s = vakt_xmalloc(VAKT_IMAGEREF_MAX_BYTES + 2);
	struct vakt_imageref r;
	struct vakt_error *err = NULL;

	memset(s, 'a', VAKT_IMAGEREF_MAX_BYTES);
	s[VAKT_IMAGEREF_MAX_BYTES] = '\0';
	assert_int_equal(0, vakt_imageref_parse(s, &r, &err));
	vakt_imageref_release(&r);
	s[VAKT_IMAGEREF_MAX_BYTES] = 'a';
	s[VAKT_IMAGEREF_MAX_BYTES + 1] = '\0';
	assert_int_equal(-E2BIG, vakt_imageref_parse(s, &r, &err));
	assert_non_null(err);
	assert_non_null(strstr(err->msg, "longer than"));
	vakt_error_free(err);
	free(s);
}

static bool latest(const char *s)
{
	struct vakt_imageref r;
	bool b;

	assert_int_equal(0, vakt_imageref_parse(s, &r, NULL));
	b = vakt_imageref_is_latest_or_untagged(&r);
	vakt_imageref_release(&r);
	return b;
}

static bool pinned(const char *s)
{
	struct vakt_imageref r;
	bool b;

	assert_int_equal(0, vakt_imageref_parse(s, &r, NULL));
	b = vakt_imageref_is_digest_pinned(&r);
	vakt_imageref_release(&r);
	return b;
}

static void test_predicates(void **state)
{
	const char *d = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
	char buf[200];

	assert_true(latest("nginx"));
	assert_true(latest("nginx:latest"));
	assert_true(latest("localhost:5000/app"));
	assert_false(latest("nginx:1.25"));
	assert_false(latest("nginx:LATEST")); /* tags are case-sensitive; "LATEST" is a tag */
	snprintf(buf, sizeof(buf), "nginx@%s", d);
	assert_false(latest(buf));
	assert_true(pinned(buf));
	snprintf(buf, sizeof(buf), "nginx:latest@%s", d);
	assert_false(latest(buf));
	assert_true(pinned(buf));
	assert_false(pinned("nginx:1.25"));
	assert_false(pinned("nginx@sha256:abcd"));
	assert_false(pinned("nginx@${DIGEST}"));
	assert_false(pinned("nginx@:0123456789abcdef0123456789abcdef0123"));
}

static void test_names(void **state)
{
	struct vakt_imageref r;
	char *s;

	assert_int_equal(0, vakt_imageref_parse("nginx:1", &r, NULL));
	assert_string_equal("nginx", vakt_imageref_name(&r));
	assert_true(vakt_imageref_is_library(&r));
	s = vakt_imageref_format(&r);
	assert_string_equal("docker.io/library/nginx:1", s);
	free(s);
	s = vakt_imageref_familiar(&r);
	assert_string_equal("nginx:1", s);
	free(s);
	vakt_imageref_release(&r);

	assert_int_equal(0, vakt_imageref_parse("bitnami/redis", &r, NULL));
	assert_false(vakt_imageref_is_library(&r));
	assert_string_equal("redis", vakt_imageref_name(&r));
	s = vakt_imageref_familiar(&r);
	assert_string_equal("bitnami/redis", s);
	free(s);
	vakt_imageref_release(&r);

	assert_int_equal(0, vakt_imageref_parse("quay.io/a/b/c:1@sha256:ff", &r, NULL));
	assert_string_equal("c", vakt_imageref_name(&r));
	s = vakt_imageref_familiar(&r);
	assert_string_equal("quay.io/a/b/c:1@sha256:ff", s);
	free(s);
	vakt_imageref_release(&r);

	/* Releasing twice and releasing NULL are harmless. */
	vakt_imageref_release(&r);
	vakt_imageref_release(NULL);
}

static struct vakt_strv strv(const char *const *v)
{
	struct vakt_strv sv = VAKT_STRV_INIT;

	for (; *v; v++)
		vakt_strv_push(&sv, *v);
	return sv;
}

static void test_registry_matches(void **state)
{
	static const char *const pats[] = {"docker.io", "*.corp.example", "my.co:5000",
	                                   "plain.example", NULL};
	static const char *const star[] = {"*", NULL};
	struct vakt_strv p = strv(pats), s = strv(star), empty = VAKT_STRV_INIT;

	assert_true(vakt_registry_matches("docker.io", &p));
	assert_true(vakt_registry_matches("index.docker.io", &p));
	assert_true(vakt_registry_matches("a.corp.example", &p));
	assert_true(vakt_registry_matches("a.b.corp.example:443", &p));
	assert_false(vakt_registry_matches("corp.example", &p));
	assert_false(vakt_registry_matches("evilcorp.example", &p));
	assert_true(vakt_registry_matches("my.co:5000", &p));
	assert_false(vakt_registry_matches("my.co:5001", &p));
	assert_false(vakt_registry_matches("my.co", &p));
	assert_true(vakt_registry_matches("plain.example:8443", &p));
	assert_true(vakt_registry_matches("PLAIN.example", &p));
	assert_false(vakt_registry_matches("ghcr.io", &p));
	assert_true(vakt_registry_matches("anything.at.all", &s));
	assert_false(vakt_registry_matches("docker.io", &empty));
	assert_false(vakt_registry_matches("docker.io", NULL));
	vakt_strv_release(&p);
	vakt_strv_release(&s);
}

static bool img_matches(const char *img, const char *pat)
{
	struct vakt_strv p = VAKT_STRV_INIT;
	struct vakt_imageref r;
	bool b;

	vakt_strv_push(&p, pat);
	assert_int_equal(0, vakt_imageref_parse(img, &r, NULL));
	b = vakt_imageref_matches(&r, &p);
	vakt_imageref_release(&r);
	vakt_strv_release(&p);
	return b;
}

static void test_image_matches(void **state)
{
	assert_true(img_matches("nginx:1.25", "nginx"));
	assert_true(img_matches("nginx:1.25", "nginx:*"));
	assert_true(img_matches("nginx:1.25", "nginx:1.25"));
	assert_false(img_matches("nginx:1.25", "nginx:1.24"));
	assert_true(img_matches("nginx", "docker.io/library/nginx*"));
	assert_true(img_matches("docker.io/library/nginx:1", "nginx:1"));
	assert_true(img_matches("gcr.io/distroless/static:nonroot", "gcr.io/distroless/*"));
	assert_true(img_matches("bitnami/redis:7", "bitnami/*"));
	assert_true(img_matches("bitnami/redis:7", "docker.io/bitnami/*"));
	assert_false(img_matches("bitnamj/redis:7", "bitnami/*"));
	assert_true(img_matches("alpine:3.20@sha256:ab", "alpine:3.20"));
	assert_false(img_matches("ghcr.io/x/nginx", "nginx"));
}

static bool nonroot(const char *s)
{
	struct vakt_imageref r;
	bool b;

	assert_int_equal(0, vakt_imageref_parse(s, &r, NULL));
	b = vakt_imageref_runs_nonroot(&r);
	vakt_imageref_release(&r);
	return b;
}

/* The user an official image's entrypoint runs its server as, or NULL. */
static const char *drops_to(const char *s)
{
	struct vakt_imageref r;
	const struct vakt_imageref_drop *d;

	assert_int_equal(0, vakt_imageref_parse(s, &r, NULL));
	d = vakt_imageref_entrypoint_drop(&r);
	vakt_imageref_release(&r);
	return d ? d->user : NULL;
}

/* Official images whose entrypoint runs the server as its own user (imageref.c, sourced). */
static void test_entrypoint_drop(void **state)
{
	assert_string_equal(drops_to("postgres:16-alpine"), "postgres");
	assert_string_equal(drops_to("docker.io/library/redis:7.2"), "redis");
	assert_string_equal(drops_to("mariadb:11"), "mysql");
	assert_string_equal(drops_to("mongo"), "mongodb");
	assert_string_equal(drops_to("rabbitmq:3.13-management"), "rabbitmq");
	assert_string_equal(drops_to("eclipse-mosquitto:2"), "mosquitto");
	/* Not official, or no such entrypoint. */
	assert_null(drops_to("bitnami/postgresql:16"));
	assert_null(drops_to("ghcr.io/acme/postgres:16"));
	assert_null(drops_to("nginx:1.27"));
	assert_null(drops_to("node:20"));
}

/* The images known to start as a non-root user (imageref.c lists each with its source). */
static void test_runs_nonroot(void **state)
{
	static const char *const yes[] = {
	    "memcached:1.6.31",
	    "docker.io/library/memcached",
	    "haproxy:3.0",
	    "kong:3.7",
	    "solr:9",
	    "jetty:12-jdk21",
	    "adminer",
	    "spark:3.5.1-python3",
	    "groovy:4.0",
	    "emqx:5.8",
	    "odoo:17",
	    "open-liberty:kernel-slim",
	    "websphere-liberty:full",
	    "rocket.chat:6.10",
	    "percona:8.0",
	    "sonarqube:10-community",
	    "elasticsearch:8.15.0",
	    "kibana:8.15.0",
	    "prom/prometheus:v2.54.1",
	    "prom/node-exporter",
	    "quay.io/prometheus/node-exporter:v1.8.2",
	    "quay.io/prometheus/alertmanager:v0.27.0",
	    "grafana/grafana:11.2.0",
	    "grafana/loki:3.1.1",
	    "jenkins/jenkins:lts-jdk17",
	    "bitnami/postgresql:16",
	    "bitnami/redis:7.4",
	    "docker.io/bitnami/kafka:3.8",
	    "gcr.io/distroless/static-debian12:nonroot",
	    "cgr.dev/chainguard/nginx",
	    "nginxinc/nginx-unprivileged:1.27",
	    "mcr.microsoft.com/dotnet/aspnet:8.0-jammy-chiseled",
	};
	/* Root by default, or merely named like a listed image. */
	static const char *const no[] = {
	    "postgres:16",     "redis:7.4",
	    "mysql:8.4",       "mariadb:11",
	    "nginx:1.27",      "node:22",
	    "rabbitmq:3",      "mongo:7",
	    "httpd:2.4",       "ghcr.io/x/kong",
	    "acme/memcached",  "quay.io/prometheus/busybox",
	    "bitnami/minideb", "cgr.dev/chainguard/nginx:latest-dev",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		if (!nonroot(yes[i]))
			fail_msg("'%s': expected to run as non-root", yes[i]);
	for (size_t i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		if (nonroot(no[i]))
			fail_msg("'%s': not known to run as non-root", no[i]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_split),           cmocka_unit_test(test_invalid),
	    cmocka_unit_test(test_too_long),        cmocka_unit_test(test_predicates),
	    cmocka_unit_test(test_names),           cmocka_unit_test(test_registry_matches),
	    cmocka_unit_test(test_image_matches),   cmocka_unit_test(test_runs_nonroot),
	    cmocka_unit_test(test_entrypoint_drop),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
