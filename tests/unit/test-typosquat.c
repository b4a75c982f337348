/* SPDX-License-Identifier: MIT */
/* Unit tests for src/knowledge/typosquat.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "knowledge/typosquat.h"

static enum vakt_typo_kind check(const char *img, const char **target)
{
	struct vakt_imageref r;
	struct vakt_typo_hit hit;
	enum vakt_typo_kind k;

	if (vakt_imageref_parse(img, &r, NULL))
		fail_msg("cannot parse '%s'", img);
	k = vakt_typosquat_check(&r, &hit);
	if (target)
		*target = hit.target;
	if (k != VAKT_TYPO_NONE) {
		assert_non_null(hit.suspect);
		assert_true(hit.suspect_len > 0);
	}
	vakt_imageref_release(&r);
	return k;
}

static void test_distance(void **state)
{
	assert_int_equal(0, vakt_typo_distance("nginx", 5, "nginx", 5, 2));
	assert_int_equal(1, vakt_typo_distance("ngnix", 5, "nginx", 5, 2));
	assert_int_equal(1, vakt_typo_distance("ca", 2, "ac", 2, 2));
	assert_int_equal(1, vakt_typo_distance("nginx", 5, "ngin", 4, 2));
	assert_int_equal(1, vakt_typo_distance("nginx", 5, "nginxx", 6, 2));
	assert_int_equal(2, vakt_typo_distance("postgres", 8, "postgresql", 10, 2));
	assert_int_equal(3, vakt_typo_distance("kitten", 6, "sitting", 7, 5));
	/* Early cut-off: anything beyond max is reported as max + 1. */
	assert_int_equal(2, vakt_typo_distance("kitten", 6, "sitting", 7, 1));
	assert_int_equal(2, vakt_typo_distance("a", 1, "abcdef", 6, 1));
	assert_int_equal(0, vakt_typo_distance("", 0, "", 0, 1));
	assert_int_equal(1, vakt_typo_distance("", 0, "a", 1, 1));
}

/* The ceiling: names over VAKT_TYPOSQUAT_MAX_NAME are never near anything. */
static void test_long_names(void **state)
{
	char a[VAKT_TYPOSQUAT_MAX_NAME + 2];

	memset(a, 'x', sizeof(a) - 1);
	a[sizeof(a) - 1] = '\0';
	assert_int_equal(
	    0, vakt_typo_distance(a, VAKT_TYPOSQUAT_MAX_NAME, a, VAKT_TYPOSQUAT_MAX_NAME, 1));
	assert_int_equal(2, vakt_typo_distance(a, VAKT_TYPOSQUAT_MAX_NAME + 1, a,
	                                       VAKT_TYPOSQUAT_MAX_NAME + 1, 1));
	assert_null(vakt_typosquat_near_official(a, NULL));
	assert_int_equal(VAKT_TYPO_NONE, check(a, NULL));
}

static void test_official_list(void **state)
{
	size_t n;
	const char *const *l = vakt_typosquat_official_list(&n);

	assert_true(n >= 140);
	for (size_t i = 1; i < n; i++)
		if (strcmp(l[i - 1], l[i]) >= 0)
			fail_msg("official list not sorted at '%s', '%s'", l[i - 1], l[i]);
	for (size_t i = 0; i < n; i++) {
		assert_true(vakt_typosquat_is_official(l[i]));
		/* No official name is reported as a typo of another. */
		if (vakt_typosquat_near_official(l[i], NULL))
			fail_msg("official '%s' flagged", l[i]);
	}
	assert_false(vakt_typosquat_is_official("ngnix"));
	assert_false(vakt_typosquat_is_official(""));
}

/* Real, popular references that must never be flagged. */
static void test_legitimate(void **state)
{
	static const char *const ok[] = {
	    "nginx:1.25",
	    "node:20-alpine",
	    "python:3.12-slim",
	    "golang:1.22",
	    "alpine:3.20",
	    "ubuntu:24.04",
	    "debian:bookworm-slim",
	    "redis:7",
	    "postgres:16",
	    "mysql:8",
	    "mariadb:11",
	    "mongo:7",
	    "httpd:2.4",
	    "busybox",
	    "centos:7",
	    "fedora:40",
	    "amazonlinux:2023",
	    "openjdk:21",
	    "eclipse-temurin:21-jre",
	    "maven:3-eclipse-temurin-21",
	    "gradle:8",
	    "rust:1.79",
	    "gcc:14",
	    "php:8.3-fpm",
	    "ruby:3.3",
	    "perl:5.40",
	    "traefik:v3",
	    "haproxy:2.9",
	    "memcached:1.6",
	    "rabbitmq:3-management",
	    "elasticsearch:8.14.0",
	    "wordpress:6",
	    "hello-world",
	    "composer",
	    "sonarqube:community",
	    "eclipse-mosquitto",
	    "rocket.chat",
	    "docker.io/library/nginx",
	    "library/redis",
	    "index.docker.io/library/alpine",
	    "bitnami/redis:7.2",
	    "bitnami/postgresql:16",
	    "bitnami/kubectl",
	    "gcr.io/distroless/static-debian12:nonroot",
	    "gcr.io/distroless/base-debian12",
	    "gcr.io/distroless/java21-debian12",
	    "cgr.dev/chainguard/static",
	    "cgr.dev/chainguard/python:latest-dev",
	    "ghcr.io/astral-sh/uv:0.4",
	    "quay.io/prometheus/prometheus",
	    "registry.k8s.io/pause:3.9",
	    "k8s.gcr.io/pause",
	    "eu.gcr.io/proj/app",
	    "mcr.microsoft.com/dotnet/aspnet:8.0",
	    "mcr.microsoft.com/dotnet/sdk:8.0",
	    "mcr.microsoft.com/mssql/server",
	    "public.ecr.aws/lambda/python:3.12",
	    "registry.gitlab.com/group/app",
	    "us-docker.pkg.dev/proj/repo/img",
	    "123456789012.dkr.ecr.eu-north-1.amazonaws.com/app",
	    "myacr.azurecr.io/app",
	    "icr.io/ibm/app",
	    "nvcr.io/nvidia/pytorch:24.01-py3",
	    "docker.elastic.co/elasticsearch/elasticsearch:8.14.0",
	    "registry.access.redhat.com/ubi9/ubi-minimal",
	    "quay.io/keycloak/keycloak",
	    "localhost:5000/app",
	    "my.registry.example:5000/team/app",
	    "grafana/grafana",
	    "hashicorp/terraform",
	    "postgis/postgis",
	    "postgrest/postgrest",
	    "mongodb/mongodb-community-server",
	    "nginxinc/nginx-unprivileged",
	    "redis/redis-stack",
	    "curlimages/curl",
	    "linuxserver/plex",
	    "jenkins/jenkins:lts",
	    "valkey/valkey",
	    "ollama/ollama",
	    "minio/minio",
	    "portainer/portainer-ce",
	    "rancher/k3s",
	    "amazon/aws-cli",
	    "nodered/node-red",
	    "alpine/git",
	    "ubuntu/squid",
	    "google/cloud-sdk",
	    "selenium/standalone-chrome",
	    "confluentinc/cp-kafka",
	    "apache/airflow",
	    "kong/kong-gateway",
	    "temporalio/server",
	    "julian/app",
	    "acme/nodes",
	    /* local images that are not typos of anything */
	    "base",
	    "app",
	    "myapp",
	    "runtime",
	    "host",
	    "deps",
	    "${BASE_IMAGE}",
	    "${REGISTRY}/ngnix",
	};

	for (size_t i = 0; i < VAKT_ARRAY_SIZE(ok); i++) {
		const char *t = NULL;

		if (check(ok[i], &t) != VAKT_TYPO_NONE)
			fail_msg("'%s' flagged as a typo of '%s'", ok[i], t);
	}
}

static void test_typos(void **state)
{
	static const struct {
		const char *img;
		enum vakt_typo_kind kind;
		const char *target;
	} bad[] = {
	    {"ngnix", VAKT_TYPO_NAME, "nginx"},
	    {"ngnix:1.25", VAKT_TYPO_NAME, "nginx"},
	    {"docker.io/library/ngnix", VAKT_TYPO_NAME, "nginx"},
	    {"nginz", VAKT_TYPO_NAME, "nginx"},
	    {"pyhton:3", VAKT_TYPO_NAME, "python"},
	    {"pyth0n", VAKT_TYPO_NAME, "python"},
	    {"ubunti:22.04", VAKT_TYPO_NAME, "ubuntu"},
	    {"ubuntu_", VAKT_TYPO_NAME, "ubuntu"},
	    {"node-js", VAKT_TYPO_NAME, "node"},
	    {"nodejs", VAKT_TYPO_NAME, "node"},
	    {"alpin", VAKT_TYPO_NAME, "alpine"},
	    {"apline", VAKT_TYPO_NAME, "alpine"},
	    {"alpine-linux", VAKT_TYPO_NAME, "alpine"},
	    {"debain", VAKT_TYPO_NAME, "debian"},
	    {"postgress", VAKT_TYPO_NAME, "postgres"},
	    {"postgresql", VAKT_TYPO_NAME, "postgres"},
	    {"mongodb", VAKT_TYPO_NAME, "mongo"},
	    {"redsi", VAKT_TYPO_NAME, "redis"},
	    {"mysq1", VAKT_TYPO_NAME, "mysql"},
	    {"elasticsaerch", VAKT_TYPO_NAME, "elasticsearch"},
	    {"wordpres", VAKT_TYPO_NAME, "wordpress"},
	    {"golnag", VAKT_TYPO_NAME, "golang"},
	    {"go", VAKT_TYPO_NAME, "golang"},
	    {"busybx", VAKT_TYPO_NAME, "busybox"},
	    {"eclipse_temurin", VAKT_TYPO_NAME, "eclipse-temurin"},
	    {"hpp", VAKT_TYPO_NAME, "php"},
	    {"libary/nginx", VAKT_TYPO_NAMESPACE, "library"},
	    {"bitnamj/redis", VAKT_TYPO_NAMESPACE, "bitnami"},
	    {"pythn/python", VAKT_TYPO_NAMESPACE, "python"},
	    {"ghrc.io/owner/app", VAKT_TYPO_REGISTRY, "ghcr.io"},
	    {"docker.i0/library/nginx", VAKT_TYPO_REGISTRY, "docker.io"},
	    {"quay.oi/org/app", VAKT_TYPO_REGISTRY, "quay.io"},
	    {"registry.k8s.i0/pause", VAKT_TYPO_REGISTRY, "registry.k8s.io"},
	    {"mcr.rnicrosoft.com/dotnet/sdk", VAKT_TYPO_REGISTRY, "mcr.microsoft.com"},
	    {"pub1ic.ecr.aws/x/y", VAKT_TYPO_REGISTRY, "public.ecr.aws"},
	    {"ghcr.io.example.net/owner/app", VAKT_TYPO_REGISTRY, "ghcr.io"},
	    {"GHRC.IO/owner/app:1", VAKT_TYPO_REGISTRY, "ghcr.io"},
	    {"ghcr/owner/app", VAKT_TYPO_MISSING_DOMAIN, "ghcr.io"},
	};

	for (size_t i = 0; i < VAKT_ARRAY_SIZE(bad); i++) {
		const char *t = NULL;
		enum vakt_typo_kind k = check(bad[i].img, &t);

		if (k != bad[i].kind)
			fail_msg("'%s': expected kind %d, got %d", bad[i].img, bad[i].kind, k);
		if (!t || strcmp(t, bad[i].target))
			fail_msg("'%s': expected target '%s', got '%s'", bad[i].img, bad[i].target,
			         t ? t : "(null)");
	}
}

static void test_suspect_span(void **state)
{
	struct vakt_imageref r;
	struct vakt_typo_hit hit;

	assert_int_equal(0, vakt_imageref_parse("libary/nginx:1", &r, NULL));
	assert_int_equal(VAKT_TYPO_NAMESPACE, vakt_typosquat_check(&r, &hit));
	assert_int_equal(6, hit.suspect_len);
	assert_memory_equal("libary", hit.suspect, 6);
	vakt_imageref_release(&r);
	assert_int_equal(0, vakt_imageref_parse("ghrc.io/o/a", &r, NULL));
	assert_int_equal(VAKT_TYPO_REGISTRY, vakt_typosquat_check(&r, NULL));
	vakt_imageref_release(&r);
}

/* The explanation every domain puts in its message, and the allow-list. */
static void test_explain(void **state)
{
	static const struct {
		const char *image;
		const char *why; /* NULL: nothing to say */
	} cases[] = {
	    {"ngnix:1.25", "'ngnix' is not a Docker Official Image but looks like a misspelling of "
	                   "'nginx'; a look-alike name can hold anyone's image"},
	    {"bitnamj/redis", "Docker Hub namespace 'bitnamj' looks like a misspelling of "
	                      "'bitnami'; anyone can register a look-alike namespace"},
	    {"ghrc.io/owner/app", "registry 'ghrc.io' looks like a misspelling of 'ghcr.io'; a "
	                          "look-alike domain can serve any image"},
	    {"ghcr/owner/app", "'ghcr' has no domain, so this is the Docker Hub namespace 'ghcr', "
	                       "not the registry ghcr.io; write ghcr.io/owner/app"},
	    {"nginx:1.25", NULL},
	};
	struct vakt_strv allowed = VAKT_STRV_INIT;
	struct vakt_imageref r;
	char *why;

	(void)state;
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(cases); i++) {
		assert_int_equal(vakt_imageref_parse(cases[i].image, &r, NULL), 0);
		why = vakt_typosquat_explain(&r, NULL);
		if (cases[i].why)
			assert_string_equal(why, cases[i].why);
		else
			assert_null(why);
		free(why);
		vakt_imageref_release(&r);
	}
	/* An allowed image is not explained away as a typo. */
	vakt_strv_push(&allowed, "ngnix");
	assert_int_equal(vakt_imageref_parse("ngnix:1.25", &r, NULL), 0);
	assert_null(vakt_typosquat_explain(&r, &allowed));
	vakt_imageref_release(&r);
	vakt_strv_release(&allowed);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_distance),      cmocka_unit_test(test_long_names),
	    cmocka_unit_test(test_official_list), cmocka_unit_test(test_legitimate),
	    cmocka_unit_test(test_typos),         cmocka_unit_test(test_suspect_span),
	    cmocka_unit_test(test_explain),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
