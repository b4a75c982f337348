/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for src/serve/serve-ns.c, the namespace cache of vakt serve:
 * a Namespace object's PSA labels as read (invalid values kept as "?"), put,
 * get, delete, a full relist (begin_sync/end_sync) where the last put of a
 * name wins and the old content answers meanwhile, the ceilings, and
 * readers running while a writer relists.
 */
#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdatomic.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "serve/serve-ns.h"

static struct serve_ns_policy pol(const char *enforce, const char *version)
{
	struct serve_ns_policy p;

	memset(&p, 0, sizeof(p));
	if (enforce) {
		p.has_enforce = true;
		snprintf(p.enforce, sizeof(p.enforce), "%s", enforce);
	}
	if (version) {
		p.has_version = true;
		snprintf(p.enforce_version, sizeof(p.enforce_version), "%s", version);
	}
	return p;
}

/* The enforce label the cache holds for name ("-" when none, NULL when unknown). */
static const char *enforce_of(struct serve_ns_cache *c, const char *name)
{
	static char out[SERVE_NS_LABEL_MAX + 1];
	struct serve_ns_policy p;

	if (!serve_ns_cache_get(c, name, &p))
		return NULL;
	snprintf(out, sizeof(out), "%s", p.has_enforce ? p.enforce : "-");
	return out;
}

static json_t *parse(const char *text)
{
	json_error_t jerr;
	json_t *j = json_loads(text, 0, &jerr);

	if (!j)
		fail_msg("bad fixture: %s", jerr.text);
	return j;
}

/* A Namespace as the API server returns it: labels read, everything else ignored. */
static void test_policy_from_object(void **state)
{
	json_t *ns =
	    parse("{\"apiVersion\": \"v1\", \"kind\": \"Namespace\", \"metadata\": {"
	          "\"name\": \"payments\", \"uid\": \"5c1e\", \"resourceVersion\": \"812\","
	          "\"labels\": {\"kubernetes.io/metadata.name\": \"payments\","
	          "\"pod-security.kubernetes.io/enforce\": \"restricted\","
	          "\"pod-security.kubernetes.io/enforce-version\": \"v1.29\","
	          "\"pod-security.kubernetes.io/warn\": \"restricted\"}},"
	          "\"spec\": {\"finalizers\": [\"kubernetes\"]},"
	          "\"status\": {\"phase\": \"Active\"}}");
	char name[SERVE_NS_NAME_MAX + 1];
	struct serve_ns_policy p;

	(void)state;
	assert_int_equal(serve_ns_policy_from_object(ns, name, &p), 0);
	assert_string_equal(name, "payments");
	assert_true(p.has_enforce);
	assert_string_equal(p.enforce, "restricted");
	assert_true(p.has_version);
	assert_string_equal(p.enforce_version, "v1.29");
	json_decref(ns);

	/* No labels at all, labels without PSA's, and labels that are no object. */
	const char *none[] = {
	    "{\"metadata\": {\"name\": \"default\"}}",
	    "{\"metadata\": {\"name\": \"default\", \"labels\": {\"team\": \"a\"}}}",
	    "{\"metadata\": {\"name\": \"default\", \"labels\": [\"x\"]}}",
	    ("{\"metadata\": {\"name\": \"default\", \"labels\": {"
	     "\"pod-security.kubernetes.io/enforce\": null}}}"),
	};
	for (size_t i = 0; i < sizeof(none) / sizeof(none[0]); i++) {
		ns = parse(none[i]);
		memset(&p, 0x55, sizeof(p));
		assert_int_equal(serve_ns_policy_from_object(ns, name, &p), 0);
		assert_string_equal(name, "default");
		assert_false(p.has_enforce);
		assert_false(p.has_version);
		json_decref(ns);
	}
}

/* A label value that no label can have is kept as "?", so PSA's fallback applies later. */
static void test_policy_invalid_values(void **state)
{
	char long_value[SERVE_NS_LABEL_MAX + 2];
	char max_value[SERVE_NS_LABEL_MAX + 1];
	char name[SERVE_NS_NAME_MAX + 1];
	struct serve_ns_policy p;

	(void)state;
	memset(long_value, 'b', sizeof(long_value) - 1);
	long_value[sizeof(long_value) - 1] = '\0';
	memset(max_value, 'b', sizeof(max_value) - 1);
	max_value[sizeof(max_value) - 1] = '\0';

	json_t *ns = json_pack("{s:{s:s, s:{s:i, s:b}}}", "metadata", "name", "a", "labels",
	                       "pod-security.kubernetes.io/enforce", 3,
	                       "pod-security.kubernetes.io/enforce-version", 1);
	assert_int_equal(serve_ns_policy_from_object(ns, name, &p), 0);
	assert_true(p.has_enforce);
	assert_string_equal(p.enforce, "?");
	assert_true(p.has_version);
	assert_string_equal(p.enforce_version, "?");
	json_decref(ns);

	/* 63 bytes is a label value; 64 is not. */
	ns = json_pack("{s:{s:s, s:{s:s, s:s}}}", "metadata", "name", "a", "labels",
	               "pod-security.kubernetes.io/enforce", long_value,
	               "pod-security.kubernetes.io/enforce-version", max_value);
	assert_int_equal(serve_ns_policy_from_object(ns, name, &p), 0);
	assert_string_equal(p.enforce, "?");
	assert_string_equal(p.enforce_version, max_value);
	json_decref(ns);

	/* A NUL inside the value would cut it short: invalid too. Empty is kept as written. */
	ns = json_loads("{\"metadata\": {\"name\": \"a\", \"labels\": {"
	                "\"pod-security.kubernetes.io/enforce\": \"restricted\\u0000x\","
	                "\"pod-security.kubernetes.io/enforce-version\": \"\"}}}",
	                JSON_ALLOW_NUL, NULL);
	assert_non_null(ns);
	assert_int_equal(serve_ns_policy_from_object(ns, name, &p), 0);
	assert_string_equal(p.enforce, "?");
	assert_true(p.has_version);
	assert_string_equal(p.enforce_version, "");
	json_decref(ns);
}

/* Whatever is not a Namespace with a usable name is refused, name untouched. */
static void test_policy_bad_objects(void **state)
{
	char long_name[SERVE_NS_NAME_MAX + 2];
	char name[SERVE_NS_NAME_MAX + 1];
	struct serve_ns_policy p;
	const char *bad[] = {
	    "[]",
	    "{}",
	    "{\"metadata\": []}",
	    "{\"metadata\": {}}",
	    "{\"metadata\": {\"name\": 7}}",
	    "{\"metadata\": {\"name\": \"\"}}",
	    "{\"metadata\": {\"name\": null}}",
	    "{\"metadata\": {\"name\": \"a\\u0000b\"}}",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		json_t *ns = json_loads(bad[i], JSON_DECODE_ANY | JSON_ALLOW_NUL, NULL);
		assert_non_null(ns);
		snprintf(name, sizeof(name), "untouched");
		assert_int_equal(serve_ns_policy_from_object(ns, name, &p), -EINVAL);
		assert_string_equal(name, "untouched");
		json_decref(ns);
	}
	assert_int_equal(serve_ns_policy_from_object(NULL, name, &p), -EINVAL);

	memset(long_name, 'n', sizeof(long_name) - 1);
	long_name[sizeof(long_name) - 1] = '\0';
	json_t *ns = json_pack("{s:{s:s}}", "metadata", "name", long_name);
	assert_int_equal(serve_ns_policy_from_object(ns, name, &p), -EINVAL);
	json_decref(ns);
	long_name[SERVE_NS_NAME_MAX] = '\0';
	ns = json_pack("{s:{s:s}}", "metadata", "name", long_name);
	assert_int_equal(serve_ns_policy_from_object(ns, name, &p), 0);
	assert_string_equal(name, long_name);
	json_decref(ns);
}

static void test_put_get_delete(void **state)
{
	struct serve_ns_cache *c = serve_ns_cache_new();
	struct serve_ns_policy p = pol("restricted", "latest"), got;

	(void)state;
	assert_non_null(c);
	assert_int_equal(serve_ns_cache_count(c), 0);
	memset(&got, 0x55, sizeof(got));
	assert_false(serve_ns_cache_get(c, "prod", &got));
	assert_false(got.has_enforce); /* zeroed */
	assert_false(got.has_version);
	assert_string_equal(got.enforce, "");

	assert_int_equal(serve_ns_cache_put(c, "prod", &p), 0);
	assert_int_equal(serve_ns_cache_put(c, "dev", &(struct serve_ns_policy){0}), 0);
	assert_int_equal(serve_ns_cache_put(c, "kube-system", &(struct serve_ns_policy){0}), 0);
	assert_int_equal(serve_ns_cache_count(c), 3);
	assert_true(serve_ns_cache_get(c, "prod", &got));
	assert_memory_equal(&got, &p, sizeof(p));
	assert_string_equal(enforce_of(c, "dev"), "-");
	assert_null(enforce_of(c, "pro")); /* a prefix is another name */
	assert_null(enforce_of(c, "prod2"));

	/* A relabel replaces the policy; it does not add a namespace. */
	p = pol("baseline", NULL);
	assert_int_equal(serve_ns_cache_put(c, "prod", &p), 0);
	assert_int_equal(serve_ns_cache_count(c), 3);
	assert_true(serve_ns_cache_get(c, "prod", &got));
	assert_string_equal(got.enforce, "baseline");
	assert_false(got.has_version);

	serve_ns_cache_delete(c, "dev");
	serve_ns_cache_delete(c, "never-there");
	assert_int_equal(serve_ns_cache_count(c), 2);
	assert_null(enforce_of(c, "dev"));
	assert_string_equal(enforce_of(c, "kube-system"), "-");
	assert_string_equal(enforce_of(c, "prod"), "baseline");
	serve_ns_cache_delete(c, "kube-system");
	serve_ns_cache_delete(c, "prod");
	assert_int_equal(serve_ns_cache_count(c), 0);
	serve_ns_cache_free(c);
	serve_ns_cache_free(NULL);
}

/* Many names in an order that is not sorted: each found, each absent one not. */
static void test_many_names(void **state)
{
	struct serve_ns_cache *c = serve_ns_cache_new();
	char name[32];

	(void)state;
	for (unsigned i = 0; i < 1000; i++) {
		snprintf(name, sizeof(name), "ns-%u", (i * 7919u) % 1000u);
		struct serve_ns_policy p = pol(name, NULL);
		assert_int_equal(serve_ns_cache_put(c, name, &p), 0);
	}
	assert_int_equal(serve_ns_cache_count(c), 1000);
	for (unsigned i = 0; i < 1000; i++) {
		snprintf(name, sizeof(name), "ns-%u", i);
		assert_string_equal(enforce_of(c, name), name);
	}
	for (unsigned i = 0; i < 1000; i += 2) {
		snprintf(name, sizeof(name), "ns-%u", i);
		serve_ns_cache_delete(c, name);
	}
	assert_int_equal(serve_ns_cache_count(c), 500);
	for (unsigned i = 0; i < 1000; i++) {
		snprintf(name, sizeof(name), "ns-%u", i);
		if (i % 2)
			assert_string_equal(enforce_of(c, name), name);
		else
			assert_null(enforce_of(c, name));
	}
	serve_ns_cache_free(c);
}

/* A relist keeps what it put, forgets the rest, and answers from the old content meanwhile. */
static void test_sync(void **state)
{
	struct serve_ns_cache *c = serve_ns_cache_new();
	struct serve_ns_policy r = pol("restricted", NULL), b = pol("baseline", NULL);

	(void)state;
	/* A first relist of nothing, on a cache that never held anything. */
	serve_ns_cache_begin_sync(c);
	serve_ns_cache_end_sync(c);
	assert_int_equal(serve_ns_cache_count(c), 0);

	assert_int_equal(serve_ns_cache_put(c, "gone", &r), 0);
	assert_int_equal(serve_ns_cache_put(c, "kept", &r), 0);

	serve_ns_cache_begin_sync(c);
	assert_int_equal(serve_ns_cache_put(c, "kept", &b), 0);
	assert_int_equal(serve_ns_cache_put(c, "new", &b), 0);
	/* Meanwhile: the old names still answer, with the newest labels. */
	assert_string_equal(enforce_of(c, "gone"), "restricted");
	assert_string_equal(enforce_of(c, "kept"), "baseline");
	assert_string_equal(enforce_of(c, "new"), "baseline");
	serve_ns_cache_end_sync(c);

	assert_int_equal(serve_ns_cache_count(c), 2);
	assert_null(enforce_of(c, "gone"));
	assert_string_equal(enforce_of(c, "kept"), "baseline");
	assert_string_equal(enforce_of(c, "new"), "baseline");

	/* An empty relist empties the cache; end_sync without begin_sync does nothing. */
	serve_ns_cache_end_sync(c);
	assert_int_equal(serve_ns_cache_count(c), 2);
	serve_ns_cache_begin_sync(c);
	serve_ns_cache_end_sync(c);
	assert_int_equal(serve_ns_cache_count(c), 0);

	/* A relist started again (the first one abandoned) starts from nothing. */
	assert_int_equal(serve_ns_cache_put(c, "a", &r), 0);
	serve_ns_cache_begin_sync(c);
	assert_int_equal(serve_ns_cache_put(c, "b", &r), 0);
	serve_ns_cache_begin_sync(c);
	assert_int_equal(serve_ns_cache_put(c, "c", &r), 0);
	serve_ns_cache_end_sync(c);
	assert_int_equal(serve_ns_cache_count(c), 1);
	assert_non_null(enforce_of(c, "c"));
	serve_ns_cache_free(c);
}

/* During a relist the last put of a name wins, whatever was deleted in between. */
static void test_sync_last_put_wins(void **state)
{
	struct serve_ns_cache *c = serve_ns_cache_new();
	const char *levels[] = {"privileged", "baseline", "restricted"};
	char name[32];

	(void)state;
	serve_ns_cache_begin_sync(c);
	for (unsigned round = 0; round < 3; round++) {
		for (unsigned i = 0; i < 50; i++) {
			snprintf(name, sizeof(name), "ns-%02u", i);
			struct serve_ns_policy p = pol(levels[(round + i) % 3], NULL);
			assert_int_equal(serve_ns_cache_put(c, name, &p), 0);
		}
	}
	serve_ns_cache_end_sync(c);
	assert_int_equal(serve_ns_cache_count(c), 50);
	for (unsigned i = 0; i < 50; i++) {
		snprintf(name, sizeof(name), "ns-%02u", i);
		assert_string_equal(enforce_of(c, name), levels[(2 + i) % 3]);
	}

	/*
	 * A delete during the relist takes the name out of what the relist
	 * keeps; puts after it still count in order (a delete must not make a
	 * later put look older than an earlier one).
	 */
	struct serve_ns_policy r = pol("restricted", NULL), b = pol("baseline", NULL);
	serve_ns_cache_begin_sync(c);
	assert_int_equal(serve_ns_cache_put(c, "a", &r), 0);
	assert_int_equal(serve_ns_cache_put(c, "b", &r), 0);
	serve_ns_cache_delete(c, "a");
	assert_int_equal(serve_ns_cache_put(c, "b", &b), 0);
	assert_int_equal(serve_ns_cache_put(c, "x", &r), 0);
	serve_ns_cache_delete(c, "x");
	serve_ns_cache_end_sync(c);
	assert_int_equal(serve_ns_cache_count(c), 1);
	assert_null(enforce_of(c, "a"));
	assert_null(enforce_of(c, "x"));
	assert_string_equal(enforce_of(c, "b"), "baseline");

	/* The same, with the two puts of b on either side of many deletes. */
	for (unsigned k = 0; k < 20; k++) {
		serve_ns_cache_begin_sync(c);
		for (unsigned i = 0; i < k; i++) {
			snprintf(name, sizeof(name), "d-%u", i);
			assert_int_equal(serve_ns_cache_put(c, name, &r), 0);
		}
		assert_int_equal(serve_ns_cache_put(c, "b", &r), 0);
		for (unsigned i = 0; i < k; i++) {
			snprintf(name, sizeof(name), "d-%u", i);
			serve_ns_cache_delete(c, name);
		}
		assert_int_equal(serve_ns_cache_put(c, "b", &b), 0);
		assert_int_equal(serve_ns_cache_put(c, "z", &r), 0);
		serve_ns_cache_end_sync(c);
		assert_int_equal(serve_ns_cache_count(c), 2);
		assert_string_equal(enforce_of(c, "b"), "baseline");
	}
	serve_ns_cache_free(c);
}

/* Names longer than a DNS label are refused. */
static void test_name_limit(void **state)
{
	struct serve_ns_cache *c = serve_ns_cache_new();
	struct serve_ns_policy p = pol("baseline", NULL);
	char name[SERVE_NS_NAME_MAX + 2];

	(void)state;
	memset(name, 'n', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	assert_int_equal(serve_ns_cache_put(c, name, &p), -EINVAL);
	assert_int_equal(serve_ns_cache_count(c), 0);
	name[SERVE_NS_NAME_MAX] = '\0';
	assert_int_equal(serve_ns_cache_put(c, name, &p), 0);
	assert_string_equal(enforce_of(c, name), "baseline");
	serve_ns_cache_free(c);
}

/* SERVE_NS_MAX namespaces are learnt, the next is not; known ones still update. */
static void test_count_limit(void **state)
{
	struct serve_ns_cache *c = serve_ns_cache_new();
	struct serve_ns_policy p = pol("baseline", NULL), r = pol("restricted", NULL);
	char name[32];

	(void)state;
	for (unsigned i = 0; i < SERVE_NS_MAX; i++) {
		snprintf(name, sizeof(name), "ns-%06u", i);
		assert_int_equal(serve_ns_cache_put(c, name, &p), 0);
	}
	assert_int_equal(serve_ns_cache_count(c), SERVE_NS_MAX);
	assert_int_equal(serve_ns_cache_put(c, "one-too-many", &p), -ENOSPC);
	assert_null(enforce_of(c, "one-too-many"));
	assert_int_equal(serve_ns_cache_put(c, "ns-000007", &r), 0);
	assert_string_equal(enforce_of(c, "ns-000007"), "restricted");

	/* A relist of as many names is kept whole; one more is refused. */
	serve_ns_cache_begin_sync(c);
	for (unsigned i = 0; i < SERVE_NS_MAX; i++) {
		snprintf(name, sizeof(name), "ns-%06u", i);
		assert_int_equal(serve_ns_cache_put(c, name, &r), 0);
	}
	assert_int_equal(serve_ns_cache_put(c, "one-too-many", &p), -ENOSPC);
	serve_ns_cache_end_sync(c);
	assert_int_equal(serve_ns_cache_count(c), SERVE_NS_MAX);
	assert_string_equal(enforce_of(c, "ns-099999"), "restricted");
	serve_ns_cache_free(c);
}

/* Puts of names already pending do not count against the ceiling of a relist. */
static void test_sync_repeated_puts(void **state)
{
	struct serve_ns_cache *c = serve_ns_cache_new();
	struct serve_ns_policy p = pol("baseline", NULL), r = pol("restricted", NULL);

	(void)state;
	serve_ns_cache_begin_sync(c);
	for (unsigned i = 0; i < SERVE_NS_MAX + 10; i++)
		assert_int_equal(serve_ns_cache_put(c, "busy", i % 2 ? &p : &r), 0);
	assert_int_equal(serve_ns_cache_put(c, "other", &p), 0);
	assert_int_equal(serve_ns_cache_put(c, "busy", &p), 0);
	serve_ns_cache_end_sync(c);
	assert_int_equal(serve_ns_cache_count(c), 2);
	assert_string_equal(enforce_of(c, "busy"), "baseline");
	assert_string_equal(enforce_of(c, "other"), "baseline");
	serve_ns_cache_free(c);
}

struct reader_arg {
	struct serve_ns_cache *c;
	atomic_int stop;
	size_t misses;
};

static void *reader(void *arg)
{
	struct reader_arg *a = arg;
	struct serve_ns_policy p;

	while (!a->stop) {
		/* "always" is in every relist: it must never be missing. */
		if (!serve_ns_cache_get(a->c, "always", &p) || strcmp(p.enforce, "baseline") != 0)
			a->misses++;
		serve_ns_cache_count(a->c);
	}
	return NULL;
}

/* Readers never see a relist half done. */
static void test_concurrent_readers(void **state)
{
	struct reader_arg a = {serve_ns_cache_new(), 0, 0};
	struct serve_ns_policy p = pol("baseline", NULL);
	pthread_t th[2];
	char name[32];

	(void)state;
	assert_int_equal(serve_ns_cache_put(a.c, "always", &p), 0);
	for (int i = 0; i < 2; i++)
		assert_int_equal(pthread_create(&th[i], NULL, reader, &a), 0);
	for (unsigned round = 0; round < 200; round++) {
		serve_ns_cache_begin_sync(a.c);
		for (unsigned i = 0; i < 50; i++) {
			snprintf(name, sizeof(name), "ns-%u-%u", round % 3, i);
			assert_int_equal(serve_ns_cache_put(a.c, name, &p), 0);
		}
		assert_int_equal(serve_ns_cache_put(a.c, "always", &p), 0);
		serve_ns_cache_end_sync(a.c);
	}
	a.stop = 1;
	for (int i = 0; i < 2; i++)
		pthread_join(th[i], NULL);
	assert_int_equal(a.misses, 0);
	assert_int_equal(serve_ns_cache_count(a.c), 51);
	serve_ns_cache_free(a.c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_policy_from_object), cmocka_unit_test(test_policy_invalid_values),
	    cmocka_unit_test(test_policy_bad_objects), cmocka_unit_test(test_put_get_delete),
	    cmocka_unit_test(test_many_names),         cmocka_unit_test(test_sync),
	    cmocka_unit_test(test_sync_last_put_wins), cmocka_unit_test(test_name_limit),
	    cmocka_unit_test(test_count_limit),        cmocka_unit_test(test_sync_repeated_puts),
	    cmocka_unit_test(test_concurrent_readers),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
