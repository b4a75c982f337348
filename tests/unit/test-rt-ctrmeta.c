/* SPDX-License-Identifier: MIT */
/*
 * Container metadata (rt-ctrmeta*.c) from fixture trees under
 * tests/runtime/ctrmeta/<runtime>/, each laid out as the runtime lays out
 * its files below "/".
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "core/util.h"
#include "runtime/rt-ctrmeta.h"

#define ID_A "3f4e1b2c9d8a7f6e5d4c3b2a19080706f5e4d3c2b1a09f8e7d6c5b4a39281706"
#define ID_B "b7c2d9e0f1a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d"
#define ID_C "c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00"
#define ID_E "e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0"
#define ID_F "f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0"
#define ID_S "5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a"
#define IMG  "1111111111111111111111111111111111111111111111111111111111111111"
#define IMG2 "2222222222222222222222222222222222222222222222222222222222222222"
#define DIG  "sha256:9999999999999999999999999999999999999999999999999999999999999999"

static char *fixture(const char *rel)
{
	const char *f = __FILE__, *slash = strrchr(f, '/');
	size_t n = slash ? (size_t)(slash - f) : 0;

	return vakt_xasprintf("%.*s%s../runtime/ctrmeta/%s", (int)n, f, n ? "/" : "", rel);
}

static struct rt_ctr_ident ident(enum rt_ctr_runtime rt, const char *full, size_t short_len)
{
	struct rt_ctr_ident id = {.runtime = rt};
	size_t n = strlen(full);

	snprintf(id.full_id, sizeof(id.full_id), "%s", full);
	snprintf(id.id, sizeof(id.id), "%.*s", (int)(short_len < n ? short_len : n), full);
	return id;
}

/* Look id up below tests/runtime/ctrmeta/<tree>; rc expected; the record or NULL. */
static struct rt_ctrmeta *lookup(const char *tree, struct rt_ctr_ident id, int want_rc,
                                 struct vakt_error **err)
{
	char *root = fixture(tree);
	struct rt_ctrmeta *m = NULL;
	int rc = rt_ctrmeta_lookup(root, &id, &m, err);

	free(root);
	if (rc != want_rc) {
		print_error("lookup %s in %s: %d, want %d\n", id.full_id, tree, rc, want_rc);
		fail();
	}
	return m;
}

static void str_eq(const char *got, const char *want)
{
	if (!want)
		assert_null(got);
	else
		assert_string_equal(got ? got : "(null)", want);
}

static void test_docker(void **state)
{
	struct rt_ctrmeta *m = lookup("docker", ident(RT_CTR_DOCKER, ID_A, 12), 0, NULL);

	str_eq(m->type, "docker");
	str_eq(m->id, "3f4e1b2c9d8a");
	str_eq(m->full_id, ID_A);
	str_eq(m->name, "web");
	str_eq(m->image, "nginx:1.25");
	str_eq(m->image_repository, "nginx");
	str_eq(m->image_tag, "1.25");
	str_eq(m->image_digest, DIG); /* from repositories.json */
	str_eq(m->image_id, IMG);
	str_eq(m->k8s_ns, NULL);
	str_eq(m->k8s_pod, NULL);
	assert_int_equal(m->privileged, 1);
	assert_false(m->is_pod_sandbox);
	assert_int_equal(m->start_ts, 1714558830500000000ull);
	rt_ctrmeta_record_free(m);

	/* only the 12-digit id: the directory is found by listing */
	m = lookup("docker", ident(RT_CTR_DOCKER, "3f4e1b2c9d8a", 12), 0, NULL);
	str_eq(m->full_id, ID_A);
	str_eq(m->name, "web");
	rt_ctrmeta_record_free(m);

	/* run by image id, a Kubernetes pod through cri-dockerd, no hostconfig.json */
	m = lookup("docker", ident(RT_CTR_DOCKER, ID_B, 12), 0, NULL);
	str_eq(m->name, "k8s_cache_redis-0_prod_0b1c_0");
	str_eq(m->image, "sha256:" IMG2);
	str_eq(m->image_id, IMG2);
	str_eq(m->image_repository, "redis");
	str_eq(m->image_tag, "7");
	str_eq(m->image_digest, NULL);
	str_eq(m->k8s_ns, "prod");
	str_eq(m->k8s_pod, "redis-0");
	str_eq(m->k8s_pod_uid, "0b1c");
	assert_int_equal(m->privileged, -1);
	assert_int_equal(m->start_ts, 1717308000000000000ull); /* +02:00 */
	rt_ctrmeta_record_free(m);

	/* an untagged name: the tag its image id has */
	m = lookup("docker", ident(RT_CTR_DOCKER, ID_C, 12), 0, NULL);
	str_eq(m->image, "alpine");
	str_eq(m->image_repository, "alpine");
	str_eq(m->image_tag, "latest");
	assert_int_equal(m->privileged, 0);
	assert_int_equal(m->start_ts, 0);
	rt_ctrmeta_record_free(m);
}

static void test_docker_errors(void **state)
{
	struct vakt_error *err = NULL;

	/* two containers start with the 12 digits */
	assert_null(lookup("docker", ident(RT_CTR_DOCKER, "d1d1d1d1d1d1", 12), -EEXIST, &err));
	assert_non_null(strstr(err->msg, "two containers in"));
	assert_non_null(strstr(err->msg, "start with 'd1d1d1d1d1d1'"));
	vakt_error_free(err);
	err = NULL;
	/* not JSON: where it breaks */
	assert_null(lookup("docker", ident(RT_CTR_DOCKER, ID_E, 12), -EINVAL, &err));
	assert_non_null(strstr(err->msg, "cannot parse '"));
	assert_non_null(strstr(err->msg, ID_E "/config.v2.json'"));
	assert_int_equal(err->line, 3);
	assert_true(err->column >= 0);
	vakt_error_free(err);
	err = NULL;
	/* a config.v2.json that points outside the root reads inside it: nothing there */
	assert_null(lookup("docker", ident(RT_CTR_DOCKER, ID_F, 12), -ENOENT, &err));
	vakt_error_free(err);
	err = NULL;
	/* unknown */
	assert_null(lookup("docker", ident(RT_CTR_DOCKER, "0123456789ab", 12), -ENOENT, &err));
	assert_non_null(strstr(err->msg, "knows container '0123456789ab'"));
	vakt_error_free(err);
	err = NULL;
	/* a path component that is not a name is never looked for */
	assert_null(lookup("docker", ident(RT_CTR_CONTAINERD, "..", 12), -ENOENT, NULL));
	/* the host has nothing; lxc has its name only */
	assert_null(lookup("docker", ident(RT_CTR_HOST, "host", 12), -ENOENT, NULL));
	struct rt_ctrmeta *m = lookup("docker", ident(RT_CTR_LXC, "web1", 64), 0, NULL);
	str_eq(m->type, "lxc");
	str_eq(m->name, "web1");
	str_eq(m->image, NULL);
	rt_ctrmeta_record_free(m);
}

static void test_containerd(void **state)
{
	struct rt_ctrmeta *m = lookup("containerd", ident(RT_CTR_CRI, ID_A, 12), 0, NULL);

	str_eq(m->type, "containerd");
	str_eq(m->name, "nginx");
	str_eq(m->image, "docker.io/library/nginx:1.25");
	str_eq(m->image_repository, "docker.io/library/nginx");
	str_eq(m->image_tag, "1.25");
	str_eq(m->image_digest, NULL);
	str_eq(m->k8s_ns, "default");
	str_eq(m->k8s_pod, "web-7d9f8c-x2x4q");
	str_eq(m->k8s_pod_uid, "6f6b0d5e-7a2f-4c1b-9d1e-0a4a3c5b2e11");
	assert_int_equal(m->privileged, 0);
	assert_false(m->is_pod_sandbox);
	assert_true(m->start_ts > 0); /* init.pid's time */
	rt_ctrmeta_record_free(m);

	/* the pod's sandbox: named after the pod */
	m = lookup("containerd", ident(RT_CTR_CRI, ID_S, 12), 0, NULL);
	assert_true(m->is_pod_sandbox);
	str_eq(m->name, "web-7d9f8c-x2x4q");
	str_eq(m->image, NULL);
	assert_int_equal(m->start_ts, 0);
	rt_ctrmeta_record_free(m);

	/* cgroupfs: the matchers call it docker; docker's files do not know it, CRI's do */
	m = lookup("containerd", ident(RT_CTR_DOCKER, ID_B, 12), 0, NULL);
	str_eq(m->type, "containerd");
	str_eq(m->image, "registry.example.com:5000/tools/debug@" DIG);
	str_eq(m->image_repository, "registry.example.com:5000/tools/debug");
	str_eq(m->image_tag, NULL);
	str_eq(m->image_digest, DIG);
	str_eq(m->k8s_ns, "ops");
	assert_int_equal(m->privileged, 1);
	rt_ctrmeta_record_free(m);

	/* `ctr run` in namespace default, and nerdctl's name in another */
	m = lookup("containerd", ident(RT_CTR_CONTAINERD, "redis", 12), 0, NULL);
	str_eq(m->name, "redis");
	str_eq(m->image, NULL);
	str_eq(m->k8s_ns, NULL);
	assert_int_equal(m->privileged, 1);
	rt_ctrmeta_record_free(m);
	m = lookup("containerd", ident(RT_CTR_CONTAINERD, "q3x2k9w1", 12), 0, NULL);
	str_eq(m->name, "builder");
	assert_int_equal(m->privileged, 0);
	rt_ctrmeta_record_free(m);
	/* the CRI source looks in k8s.io only */
	assert_null(lookup("containerd", ident(RT_CTR_CRI, "redis", 12), -ENOENT, NULL));
}

static void test_crio(void **state)
{
	struct rt_ctrmeta *m = lookup("crio", ident(RT_CTR_CRI, ID_A, 12), 0, NULL);

	str_eq(m->type, "cri-o");
	str_eq(m->name, "api");
	str_eq(m->image, "quay.io/acme/api:v2");
	str_eq(m->image_repository, "quay.io/acme/api");
	str_eq(m->image_tag, "v2");
	str_eq(m->image_digest, DIG);
	str_eq(m->k8s_ns, "shop");
	str_eq(m->k8s_pod, "api-5c7d");
	str_eq(m->k8s_pod_uid, "11aa");
	assert_int_equal(m->privileged, 0);
	assert_int_equal(m->start_ts, 1720008000250000000ull);
	rt_ctrmeta_record_free(m);

	/* pod labels only inside io.kubernetes.cri-o.Labels; the name from Metadata */
	m = lookup("crio", ident(RT_CTR_DOCKER, ID_B, 12), 0, NULL);
	str_eq(m->type, "cri-o");
	str_eq(m->name, "worker");
	str_eq(m->image, "docker.io/library/busybox:1.36");
	str_eq(m->k8s_ns, "jobs");
	str_eq(m->k8s_pod, "batch-1");
	assert_int_equal(m->privileged, 1);
	rt_ctrmeta_record_free(m);
}

static void test_podman(void **state)
{
	struct rt_ctrmeta *m = lookup("podman", ident(RT_CTR_PODMAN, ID_A, 12), 0, NULL);

	str_eq(m->type, "podman");
	str_eq(m->name, "nostalgic_turing");
	str_eq(m->image, "docker.io/library/alpine:3.20");
	str_eq(m->image_repository, "docker.io/library/alpine");
	str_eq(m->image_tag, "3.20");
	str_eq(m->image_id, IMG);
	assert_int_equal(m->privileged, 0);
	assert_int_equal(m->start_ts, 1719000000123000000ull);
	rt_ctrmeta_record_free(m);
	/* no spec written yet: names from containers.json, privileged unknown */
	m = lookup("podman", ident(RT_CTR_PODMAN, "b7c2d9e0f1a3", 12), 0, NULL);
	str_eq(m->name, "db");
	str_eq(m->image, "postgres:16");
	str_eq(m->image_repository, "postgres");
	assert_int_equal(m->privileged, -1);
	rt_ctrmeta_record_free(m);
}

/* A scratch root for the ceilings. */
static char tmp[64];

static int setup_tmp(void **state)
{
	snprintf(tmp, sizeof(tmp), "/tmp/vakt-rt-ctrmeta-XXXXXX");
	assert_non_null(mkdtemp(tmp));
	return 0;
}

static int teardown_tmp(void **state)
{
	char *cmd = vakt_xasprintf("rm -rf '%s'", tmp);

	assert_int_equal(system(cmd), 0);
	free(cmd);
	return 0;
}

static void mkdirs(const char *rel)
{
	char *cmd = vakt_xasprintf("mkdir -p '%s/%s'", tmp, rel);

	assert_int_equal(system(cmd), 0);
	free(cmd);
}

/* RT_CTRMETA_MAX_FILE_BYTES, RT_CTRMETA_MAX_DIRENTS. */
static void test_ceilings(void **state)
{
	struct rt_ctr_ident id = ident(RT_CTR_DOCKER, ID_A, 12);
	struct vakt_error *err = NULL;
	struct rt_ctrmeta *m = NULL;
	char *path;
	FILE *f;
	int dfd;

	mkdirs("var/lib/docker/containers/" ID_A);
	path = vakt_xasprintf("%s/var/lib/docker/containers/" ID_A "/config.v2.json", tmp);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("{\"Name\": \"/big\", \"Pad\": \"", f);
	for (unsigned i = 0; i < RT_CTRMETA_MAX_FILE_BYTES; i += 8)
		fputs("padding.", f);
	fputs("\"}", f);
	fclose(f);
	free(path);
	assert_int_equal(rt_ctrmeta_lookup(tmp, &id, &m, &err), -EFBIG);
	assert_non_null(strstr(err->msg, "config.v2.json' is too large"));
	assert_non_null(strstr(err->msg, "at most 1048576)"));
	vakt_error_free(err);
	err = NULL;

	/* a short id to resolve in a directory of too many entries */
	mkdirs("var/lib/containers/storage/overlay-containers");
	path = vakt_xasprintf("%s/var/lib/containers/storage/overlay-containers", tmp);
	dfd = open(path, O_DIRECTORY | O_RDONLY);
	assert_true(dfd >= 0);
	for (int i = 0; i <= RT_CTRMETA_MAX_DIRENTS; i++) {
		char name[32];
		int fd;

		snprintf(name, sizeof(name), "e%d", i);
		fd = openat(dfd, name, O_CREAT | O_WRONLY, 0600);
		assert_true(fd >= 0);
		close(fd);
	}
	close(dfd);
	free(path);
	id = ident(RT_CTR_PODMAN, "abcdefabcdef", 12);
	assert_int_equal(rt_ctrmeta_lookup(tmp, &id, &m, &err), -E2BIG);
	assert_non_null(strstr(err->msg, "overlay-containers' has more than 65536 entries"));
	vakt_error_free(err);
}

/* Strings: a name too long is not taken; a JSON \u0000 is refused by the parser. */
static void test_strings(void **state)
{
	struct rt_ctr_ident id = ident(RT_CTR_DOCKER, ID_A, 12);
	struct rt_ctrmeta *m = NULL;
	char *path;
	FILE *f;

	mkdirs("var/lib/docker/containers/" ID_A);
	path = vakt_xasprintf("%s/var/lib/docker/containers/" ID_A "/config.v2.json", tmp);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("{\"Name\": \"/", f);
	for (int i = 0; i <= RT_CTRMETA_MAX_STRING; i++)
		fputc('n', f);
	fputs("\", \"Config\": {\"Image\": \"nginx\"}}", f);
	fclose(f);
	assert_int_equal(rt_ctrmeta_lookup(tmp, &id, &m, NULL), 0);
	assert_null(m->name);
	assert_string_equal(m->image, "nginx");
	rt_ctrmeta_record_free(m);
	rt_ctrmeta_record_free(NULL);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("{\"Name\": \"/a\\u0000b\"}", f);
	fclose(f);
	m = NULL;
	assert_int_equal(rt_ctrmeta_lookup(tmp, &id, &m, NULL), -EINVAL);
	assert_null(m);
	free(path);
}

/* The cache: NULL until the worker has read the files, then the record. */
static void test_cache_not_yet_then_known(void **state)
{
	char *root = fixture("docker");
	struct rt_ctrmeta_cache *c = rt_ctrmeta_new(root);
	struct rt_ctr_ident a = ident(RT_CTR_DOCKER, ID_A, 12);
	struct rt_ctr_ident host = ident(RT_CTR_HOST, "host", 12);
	const struct rt_ctrmeta *m, *m2;
	struct rt_ctrmeta_stats st;

	assert_non_null(c);
	/* the first ask never waits: the worker has not even seen it */
	assert_null(rt_ctrmeta_get(c, &a));
	rt_ctrmeta_wait_idle(c);
	m = rt_ctrmeta_get(c, &a);
	assert_non_null(m);
	assert_string_equal(m->name, "web");
	m2 = rt_ctrmeta_get(c, &a);
	assert_ptr_equal(m, m2); /* cached: the same record */
	rt_ctrmeta_stats(c, &st);
	assert_int_equal(st.lookups, 1);
	assert_int_equal(st.found, 1);
	assert_int_equal(st.entries, 1);
	/* the host at once, and no lookup */
	m = rt_ctrmeta_get(c, &host);
	assert_non_null(m);
	assert_string_equal(m->name, "host");
	assert_string_equal(m->type, "host");
	assert_null(m->image);
	rt_ctrmeta_stats(c, &st);
	assert_int_equal(st.lookups, 1);
	rt_ctrmeta_free(c);
	rt_ctrmeta_free(NULL);
	free(root);
}

static void test_cache_retry(void **state)
{
	char *root = fixture("docker");
	struct rt_ctrmeta_cache *c = rt_ctrmeta_new(root);
	struct rt_ctr_ident x = ident(RT_CTR_DOCKER, "0123456789ab", 12);
	struct rt_ctr_ident y = ident(RT_CTR_DOCKER, "0123456789ac", 12);
	struct rt_ctr_ident e = ident(RT_CTR_DOCKER, ID_E, 12);
	struct rt_ctrmeta_stats st;
	char *msg;

	/* not found: asked again only after the wait */
	assert_null(rt_ctrmeta_get(c, &x));
	rt_ctrmeta_wait_idle(c);
	assert_null(rt_ctrmeta_get(c, &x));
	rt_ctrmeta_wait_idle(c);
	rt_ctrmeta_stats(c, &st);
	assert_int_equal(st.lookups, 1);
	assert_int_equal(st.not_found, 1);
	/* no wait: asked at each get, up to RT_CTRMETA_MAX_TRIES times */
	rt_ctrmeta_set_retry(c, 0);
	for (int i = 0; i < 2 * RT_CTRMETA_MAX_TRIES; i++) {
		assert_null(rt_ctrmeta_get(c, &y));
		rt_ctrmeta_wait_idle(c);
	}
	rt_ctrmeta_stats(c, &st);
	assert_int_equal(st.lookups, 1 + RT_CTRMETA_MAX_TRIES);
	/* an error other than "not found" is kept for the caller to show */
	assert_null(rt_ctrmeta_last_error(c));
	assert_null(rt_ctrmeta_get(c, &e));
	rt_ctrmeta_wait_idle(c);
	msg = rt_ctrmeta_last_error(c);
	assert_non_null(msg);
	assert_non_null(strstr(msg, "cannot parse"));
	free(msg);
	rt_ctrmeta_stats(c, &st);
	assert_int_equal(st.errors, 1);
	rt_ctrmeta_free(c);
	free(root);
}

/* RT_CTRMETA_MAX_PENDING: beyond, nothing is queued and the get answers NULL. */
static void test_cache_pending(void **state)
{
	char *root = fixture("docker");
	struct rt_ctrmeta_cache *c = rt_ctrmeta_new(root);
	struct rt_ctr_ident a = ident(RT_CTR_DOCKER, ID_A, 12);
	struct rt_ctrmeta_stats st;

	rt_ctrmeta_hold(c, true);
	for (int i = 0; i < RT_CTRMETA_MAX_PENDING; i++) {
		char full[32];

		snprintf(full, sizeof(full), "ffff%08d", i);
		struct rt_ctr_ident x = ident(RT_CTR_DOCKER, full, 12);
		assert_null(rt_ctrmeta_get(c, &x));
	}
	/* held: nothing looked up yet, and the queue is full */
	assert_null(rt_ctrmeta_get(c, &a));
	rt_ctrmeta_stats(c, &st);
	assert_int_equal(st.lookups, 0);
	assert_int_equal(st.entries, RT_CTRMETA_MAX_PENDING);
	rt_ctrmeta_hold(c, false);
	rt_ctrmeta_wait_idle(c);
	rt_ctrmeta_stats(c, &st);
	assert_int_equal(st.lookups, RT_CTRMETA_MAX_PENDING);
	/* room again: asked now, known after */
	assert_null(rt_ctrmeta_get(c, &a));
	rt_ctrmeta_wait_idle(c);
	assert_non_null(rt_ctrmeta_get(c, &a));
	rt_ctrmeta_free(c);
	free(root);
}

/* RT_CTRMETA_MAX_ENTRIES: the least recently used known container is dropped. */
static void test_cache_entries(void **state)
{
	char *root = fixture("docker");
	struct rt_ctrmeta_cache *c = rt_ctrmeta_new(root);
	struct rt_ctr_ident a = ident(RT_CTR_DOCKER, ID_A, 12);
	const struct rt_ctrmeta *m;
	struct rt_ctrmeta_stats st;

	assert_null(rt_ctrmeta_get(c, &a));
	rt_ctrmeta_wait_idle(c);
	for (int i = 0; i < RT_CTRMETA_MAX_ENTRIES; i++) {
		char full[32];

		snprintf(full, sizeof(full), "eeee%08d", i);
		struct rt_ctr_ident x = ident(RT_CTR_DOCKER, full, 12);
		assert_null(rt_ctrmeta_get(c, &x));
		if (i % 128 == 127)
			rt_ctrmeta_wait_idle(c);
	}
	rt_ctrmeta_wait_idle(c);
	rt_ctrmeta_stats(c, &st);
	assert_int_equal(st.entries, RT_CTRMETA_MAX_ENTRIES);
	assert_int_equal(st.dropped, 1);
	/* A was the least recently used: dropped, asked for anew */
	assert_null(rt_ctrmeta_get(c, &a));
	rt_ctrmeta_wait_idle(c);
	m = rt_ctrmeta_get(c, &a);
	assert_non_null(m);
	assert_string_equal(m->name, "web");
	rt_ctrmeta_free(c);
	free(root);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_docker),
	    cmocka_unit_test(test_docker_errors),
	    cmocka_unit_test(test_containerd),
	    cmocka_unit_test(test_crio),
	    cmocka_unit_test(test_podman),
	    cmocka_unit_test_setup_teardown(test_ceilings, setup_tmp, teardown_tmp),
	    cmocka_unit_test_setup_teardown(test_strings, setup_tmp, teardown_tmp),
	    cmocka_unit_test(test_cache_not_yet_then_known),
	    cmocka_unit_test(test_cache_retry),
	    cmocka_unit_test(test_cache_pending),
	    cmocka_unit_test(test_cache_entries),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
