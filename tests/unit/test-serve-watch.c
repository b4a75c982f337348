/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for what the namespace watch of vakt serve reads
 * (src/serve/serve-watch-stream.c): the watch stream's parser and the
 * NamespaceList reader, on what API servers send and on what they should
 * not. The thread itself: test-serve-watch-thread.c.
 */
#include <errno.h>

#include "serve-watch-test.h"

/* Feed text in pieces of chunk bytes; every feed must succeed. */
static void feed_all(struct serve_watch_stream *s, const char *text, size_t chunk,
                     struct serve_ns_cache *c, const struct serve_log *log)
{
	size_t n = strlen(text);

	for (size_t i = 0; i < n; i += chunk)
		assert_int_equal(
		    serve_watch_stream_feed(s, text + i, n - i < chunk ? n - i : chunk, c, log), 0);
}

/* --- the stream parser -------------------------------------------------------- */

/* ADDED, MODIFIED, DELETED and BOOKMARK, in one piece or cut anywhere. */
static void test_stream_events(void **state)
{
	static const size_t chunks[] = {100000, 1, 2, 7, 64};
	struct vakt_buf text = VAKT_BUF_INIT;
	char *e[] = {
	    event("ADDED", "team-a", "baseline", "1001"),
	    event("ADDED", "team-b", NULL, "1002"),
	    event("MODIFIED", "team-a", "restricted", "1003"),
	    event("DELETED", "team-b", NULL, "1004"),
	    event("DELETED", "never-seen", NULL, "1005"),
	    bookmark("1010"),
	};

	(void)state;
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(e); i++)
		vakt_buf_adds(&text, e[i]);
	for (size_t k = 0; k < VAKT_ARRAY_SIZE(chunks); k++) {
		struct serve_ns_cache *c = serve_ns_cache_new();
		struct serve_watch_stream s = {0};
		struct serve_log log = test_log();

		assert_int_equal(serve_ns_cache_put(c, "kept", &(struct serve_ns_policy){0}), 0);
		feed_all(&s, text.data, chunks[k], c, &log);
		assert_int_equal(s.events, 6);
		assert_int_equal(s.bad, 0);
		assert_false(s.gone);
		assert_string_equal(s.resource_version, "1010");
		assert_int_equal(serve_ns_cache_count(c), 2);
		assert_string_equal(enforce_of(c, "team-a"), "restricted");
		assert_null(enforce_of(c, "team-b"));
		assert_string_equal(enforce_of(c, "kept"), "-");
		assert_int_equal(s.len, 0); /* nothing pending after the last '\n' */

		char *logged = log_text_of(&log);
		assert_int_equal(count_of(logged, "\"msg\":\"namespace watch: event\""), 5);
		assert_non_null(strstr(logged, "\"type\":\"DELETED\",\"namespace\":\"team-b\""));
		free(logged);
		close(log.fd);
		serve_watch_stream_release(&s);
		serve_ns_cache_free(c);
	}
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(e); i++)
		free(e[i]);
	vakt_buf_release(&text);
}

/* CRLF line ends, blank lines and a line left incomplete until its end comes. */
static void test_stream_crlf_and_partial(void **state)
{
	struct serve_ns_cache *c = serve_ns_cache_new();
	struct serve_watch_stream s = {0};
	struct serve_log log = test_log();
	char *a = event("ADDED", "crlf", "privileged", "7");
	size_t n = strlen(a);

	(void)state;
	a[n - 1] = '\r';
	feed_all(&s, a, n, c, &log);
	feed_all(&s, "\n\r\n\n  \t\r\n", 100, c, &log);
	assert_int_equal(s.events, 1);
	assert_int_equal(s.bad, 0);
	assert_string_equal(enforce_of(c, "crlf"), "privileged");
	free(a);

	/* Without its '\n' an event waits; the next feed completes it. */
	a = event("MODIFIED", "crlf", "baseline", "8");
	n = strlen(a);
	assert_int_equal(serve_watch_stream_feed(&s, a, n - 1, c, &log), 0);
	assert_string_equal(enforce_of(c, "crlf"), "privileged");
	assert_int_equal(s.len, n - 1);
	assert_string_equal(s.resource_version, "7");
	assert_int_equal(serve_watch_stream_feed(&s, "\n", 1, c, &log), 0);
	assert_string_equal(enforce_of(c, "crlf"), "baseline");
	assert_string_equal(s.resource_version, "8");
	assert_int_equal(s.events, 2);
	assert_int_equal(serve_watch_stream_feed(&s, "", 0, c, &log), 0);
	free(a);
	close(log.fd);
	serve_watch_stream_release(&s);
	serve_watch_stream_release(&s); /* twice is harmless */
	serve_ns_cache_free(c);
}

/* A line of SERVE_WATCH_MAX_LINE bytes is read; one byte more is -E2BIG, cut or whole. */
static void test_stream_line_limit(void **state)
{
	struct serve_ns_cache *c = serve_ns_cache_new();
	struct serve_watch_stream s = {0};
	struct serve_log log = test_log();
	const char head[] = "{\"type\":\"BOOKMARK\",\"object\":{\"metadata\":{\"resourceVersion\":"
	                    "\"42\"}},\"x\":\"";
	size_t max = SERVE_WATCH_MAX_LINE;
	char *line = malloc(max + 2);

	(void)state;
	assert_non_null(line);
	/* {... "x":"aaaa...a"} of exactly max bytes, then '\n'. */
	memcpy(line, head, sizeof(head) - 1);
	memset(line + sizeof(head) - 1, 'a', max - (sizeof(head) - 1) - 2);
	memcpy(line + max - 2, "\"}\n", 3);
	for (size_t i = 0; i <= max; i += 65536)
		assert_int_equal(serve_watch_stream_feed(&s, line + i,
		                                         max + 1 - i < 65536 ? max + 1 - i : 65536,
		                                         c, &log),
		                 0);
	assert_int_equal(s.events, 1);
	assert_int_equal(s.bad, 0);
	assert_string_equal(s.resource_version, "42");

	/* One byte more, fed at once: refused before anything is kept. */
	memmove(line + 1, line, max + 1);
	line[0] = ' ';
	assert_int_equal(serve_watch_stream_feed(&s, line, max + 2, c, &log), -E2BIG);
	assert_int_equal(s.len, 0);
	/* The same, fed in pieces: refused when the pieces pass the ceiling. */
	int r = 0;
	size_t i;
	for (i = 0; i < max + 2 && r == 0; i += 4096)
		r = serve_watch_stream_feed(&s, line + i, max + 2 - i < 4096 ? max + 2 - i : 4096,
		                            c, &log);
	assert_int_equal(r, -E2BIG);
	assert_true(i > max - 4096);
	assert_int_equal(s.len, 0);
	assert_int_equal(s.events, 1);
	/* The stream is usable again (the caller reopens it, but nothing is left behind). */
	char *b = bookmark("43");
	feed_all(&s, b, 5, c, &log);
	assert_string_equal(s.resource_version, "43");
	free(b);
	free(line);
	close(log.fd);
	serve_watch_stream_release(&s);
	serve_ns_cache_free(c);
}

/* Lines that are no valid event: counted, logged, skipped; the stream goes on. */
static void test_stream_bad_lines(void **state)
{
	char deep[512], deep_ok[512];
	char long_rv[200], max_rv[128];
	const char *bad[] = {
	    "{\"type\": \"ADDED\", \"object\": {\"metadata\": {\"name\": \"x\"}}",
	    "not json at all",
	    "[]",
	    "\"ADDED\"",
	    "{}",
	    "{\"type\": 7, \"object\": {}}",
	    "{\"type\": \"ADDED\"}",
	    "{\"type\": \"ADDED\", \"object\": \"team-a\"}",
	    "{\"type\": \"ADDED\", \"object\": [\"team-a\"]}",
	    "{\"type\": \"ADDED\", \"object\": {\"metadata\": {\"name\": 12}}}",
	    "{\"type\": \"ADDED\", \"object\": {\"metadata\": {\"name\": \"\"}}}",
	    "{\"type\": \"ADDED\", \"object\": {\"metadata\": {}}}",
	    "{\"type\": \"MODIFIED\", \"object\": {\"kind\": \"Pod\", \"metadata\": {\"name\": "
	    "\"x\"}}}",
	    "{\"type\": \"MODIFIED\", \"object\": {\"kind\": 1, \"metadata\": {\"name\": \"x\"}}}",
	    "{\"type\": \"ADDED\", \"object\": {\"metadata\": {\"name\": \"x\", "
	    "\"resourceVersion\": 1001}}}",
	    "{\"type\": \"ADDED\", \"object\": {\"metadata\": {\"name\": \"x\", "
	    "\"resourceVersion\": \"\"}}}",
	    "{\"type\": \"ADDED\", \"object\": {\"metadata\": {\"name\": \"x\", "
	    "\"resourceVersion\": \"10 01\"}}}",
	    "{\"type\": \"DELETED\", \"object\": {\"metadata\": {\"resourceVersion\": \"5\"}}}",
	    "{\"type\": \"BOOKMARK\", \"object\": {\"metadata\": {}}}",
	    "{\"type\": \"BOOKMARK\", \"object\": {}}",
	    "{\"type\": \"SYNC\", \"object\": {\"metadata\": {\"name\": \"x\"}}}",
	    "{\"type\": \"ADDED\", \"type\": \"DELETED\", \"object\": {\"metadata\": {\"name\": "
	    "\"x\"}}}",
	    "{\"type\": \"ADDED\", \"object\": {\"metadata\": {\"name\": \"x\"}}} trailing",
	    "{\"type\": \"ADDED\", \"object\": {\"metadata\": {\"name\": \"\xff\xfe\"}}}",
	    "{\"type\": \xc3\xa9t\xe9, \"object\": {}}",
	    deep,
	    long_rv,
	};
	struct serve_ns_cache *c = serve_ns_cache_new();
	struct serve_watch_stream s = {0};
	struct serve_log log = test_log();
	struct vakt_buf b = VAKT_BUF_INIT;
	char *good = event("ADDED", "good", "baseline", "77");
	size_t k = 0;

	(void)state;
	/* 65 levels: one too many (the event, its object, then 63 arrays). */
	k = (size_t)snprintf(deep, sizeof(deep), "{\"type\":\"ADDED\",\"object\":{\"x\":");
	for (int i = 0; i < SERVE_WATCH_MAX_DEPTH - 1; i++)
		deep[k++] = '[';
	for (int i = 0; i < SERVE_WATCH_MAX_DEPTH - 1; i++)
		deep[k++] = ']';
	snprintf(deep + k, sizeof(deep) - k, ",\"metadata\":{\"name\":\"deep\"}}}");
	/* 64 levels, with brackets inside strings that do not count. */
	k = (size_t)snprintf(deep_ok, sizeof(deep_ok),
	                     "{\"type\":\"ADDED\",\"object\":{\"y\":\"[[[{{{\\\"[[\",\"x\":");
	for (int i = 0; i < SERVE_WATCH_MAX_DEPTH - 2; i++)
		deep_ok[k++] = '[';
	for (int i = 0; i < SERVE_WATCH_MAX_DEPTH - 2; i++)
		deep_ok[k++] = ']';
	snprintf(deep_ok + k, sizeof(deep_ok) - k, ",\"metadata\":{\"name\":\"deep\"}}}\n");
	memset(max_rv, '9', sizeof(max_rv) - 1);
	max_rv[sizeof(max_rv) - 1] = '\0';
	snprintf(long_rv, sizeof(long_rv),
	         "{\"type\":\"BOOKMARK\",\"object\":{\"metadata\":{\"resourceVersion\":\"%s9\"}}}",
	         max_rv);

	for (size_t i = 0; i < VAKT_ARRAY_SIZE(bad); i++) {
		vakt_buf_adds(&b, bad[i]);
		vakt_buf_addc(&b, '\n');
	}
	vakt_buf_adds(&b, good);
	feed_all(&s, b.data, 3, c, &log);
	assert_int_equal(s.bad, VAKT_ARRAY_SIZE(bad));
	assert_int_equal(s.events, 1);
	assert_false(s.gone);
	assert_string_equal(s.resource_version, "77");
	assert_int_equal(serve_ns_cache_count(c), 1);
	assert_string_equal(enforce_of(c, "good"), "baseline");

	/* Each bad line is one warning naming why; the log stays valid JSON lines. */
	char *logged = log_text_of(&log);
	assert_int_equal(count_of(logged, "namespace watch: bad event skipped"),
	                 VAKT_ARRAY_SIZE(bad));
	/* Every one says why, even when the input it quotes is not UTF-8. */
	assert_int_equal(count_of(logged, "\"error\":\""), VAKT_ARRAY_SIZE(bad));
	assert_non_null(strstr(logged, "\"error\":\"not JSON: "));
	assert_non_null(strstr(logged, "duplicate object key"));
	assert_non_null(strstr(logged, "\"error\":\"nested deeper than 64\""));
	assert_non_null(strstr(logged, "\"error\":\"unknown event type\""));
	assert_non_null(strstr(logged, "MODIFIED event of an object that is not a Namespace"));
	assert_non_null(strstr(logged, "BOOKMARK event without a valid metadata.resourceVersion"));
	assert_non_null(strstr(logged, "DELETED event without a metadata.name"));
	assert_log_json(logged);
	free(logged);

	/* The deepest accepted, and the longest resourceVersion. */
	feed_all(&s, deep_ok, 1000, c, &log);
	assert_int_equal(s.bad, VAKT_ARRAY_SIZE(bad));
	assert_string_equal(enforce_of(c, "deep"), "-");
	char *b2 = bookmark(max_rv);
	feed_all(&s, b2, 1000, c, &log);
	assert_string_equal(s.resource_version, max_rv);
	free(b2);

	free(good);
	vakt_buf_release(&b);
	close(log.fd);
	serve_watch_stream_release(&s);
	serve_ns_cache_free(c);
}

/* An ERROR event (410 Expired) asks for a relist; it changes nothing else. */
static void test_stream_error_event(void **state)
{
	struct serve_ns_cache *c = serve_ns_cache_new();
	struct serve_watch_stream s = {0};
	struct serve_log log = test_log();
	char *a = event("ADDED", "before", NULL, "1456");

	(void)state;
	feed_all(&s, a, 1000, c, &log);
	feed_all(&s, gone_event, 10, c, &log);
	assert_true(s.gone);
	assert_int_equal(s.events, 1);
	assert_int_equal(s.bad, 0);
	assert_string_equal(s.resource_version, "1456");
	char *logged = log_text_of(&log);
	assert_non_null(strstr(logged, "\"msg\":\"namespace watch: error event, relisting\","
	                               "\"code\":410,\"reason\":\"Expired\",\"error\":\"too old "
	                               "resource version: 1000 (1457)\""));
	free(logged);
	close(log.fd);

	/* An ERROR whose Status has other types or nothing at all still asks for a relist. */
	struct serve_watch_stream s2 = {0};
	log = test_log();
	feed_all(&s2, "{\"type\":\"ERROR\",\"object\":{\"code\":\"x\",\"message\":[]}}\n", 100, c,
	         &log);
	assert_true(s2.gone);
	logged = log_text_of(&log);
	assert_non_null(strstr(logged, "\"msg\":\"namespace watch: error event, relisting\"}"));
	free(logged);
	free(a);
	close(log.fd);
	serve_watch_stream_release(&s);
	serve_watch_stream_release(&s2);
	serve_ns_cache_free(c);
}

/* A full cache: the event is logged, not counted bad, and the stream goes on. */
static void test_stream_cache_full(void **state)
{
	struct serve_ns_cache *c = serve_ns_cache_new();
	struct serve_watch_stream s = {0};
	struct serve_log log = test_log();
	struct serve_ns_policy p = {0};
	char name[32];

	(void)state;
	for (unsigned i = 0; i < SERVE_NS_MAX; i++) {
		snprintf(name, sizeof(name), "ns-%06u", i);
		assert_int_equal(serve_ns_cache_put(c, name, &p), 0);
	}
	char *a = event("ADDED", "one-more", "restricted", "5");
	char *m = event("MODIFIED", "ns-000001", "restricted", "6");
	feed_all(&s, a, 1000, c, &log);
	feed_all(&s, m, 1000, c, &log);
	assert_int_equal(s.bad, 0);
	assert_int_equal(s.events, 2);
	assert_string_equal(s.resource_version, "6");
	assert_null(enforce_of(c, "one-more"));
	assert_string_equal(enforce_of(c, "ns-000001"), "restricted");
	char *logged = log_text_of(&log);
	assert_non_null(strstr(logged, "\"msg\":\"namespace cache full: namespace not learnt\","
	                               "\"namespace\":\"one-more\",\"max\":100000"));
	free(logged);
	free(a);
	free(m);
	close(log.fd);
	serve_watch_stream_release(&s);
	serve_ns_cache_free(c);
}

/* --- the list --------------------------------------------------------------- */

static void test_list(void **state)
{
	struct serve_ns_cache *c = serve_ns_cache_new();
	struct vakt_error *err = NULL;
	struct serve_ns_policy p;
	char rv[128] = "";

	(void)state;
	assert_int_equal(serve_ns_cache_put(c, "forgotten", &(struct serve_ns_policy){0}), 0);
	assert_int_equal(serve_watch_apply_list(ns_list, strlen(ns_list), c, rv, &err), 0);
	assert_null(err);
	assert_string_equal(rv, "1000");
	assert_int_equal(serve_ns_cache_count(c), 4);
	assert_null(enforce_of(c, "forgotten"));
	assert_string_equal(enforce_of(c, "default"), "-");
	assert_string_equal(enforce_of(c, "kube-system"), "privileged");
	assert_true(serve_ns_cache_get(c, "prod", &p));
	assert_string_equal(p.enforce, "restricted");
	assert_string_equal(p.enforce_version, "v1.29");

	/* Empty lists (items [] or null, as Go may write a nil slice) empty the cache. */
	const char *empty[] = {
	    "{\"kind\":\"NamespaceList\",\"metadata\":{\"resourceVersion\":\"5\"},\"items\":[]}",
	    "{\"metadata\":{\"resourceVersion\":\"6\"},\"items\":null}",
	    "{\"metadata\":{\"resourceVersion\":\"7\"}}",
	};
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(empty); i++) {
		assert_int_equal(serve_ns_cache_put(c, "x", &(struct serve_ns_policy){0}), 0);
		assert_int_equal(serve_watch_apply_list(empty[i], strlen(empty[i]), c, rv, &err),
		                 0);
		assert_int_equal(serve_ns_cache_count(c), 0);
		assert_int_equal(rv[0], '5' + (int)i);
	}

	/* Items without a usable name are skipped; the others are kept. */
	const char *mixed = "{\"metadata\":{\"resourceVersion\":\"9\"},\"items\":[7, {}, "
	                    "{\"metadata\":{\"name\":\"\"}}, {\"metadata\":{\"name\":\"ok\"}}]}";
	assert_int_equal(serve_watch_apply_list(mixed, strlen(mixed), c, rv, &err), 0);
	assert_int_equal(serve_ns_cache_count(c), 1);
	assert_string_equal(enforce_of(c, "ok"), "-");
	serve_ns_cache_free(c);
}

/* What is not a NamespaceList is refused with a reason, and the cache stays as it was. */
static void test_list_refused(void **state)
{
	char deep[256];
	size_t k = (size_t)snprintf(deep, sizeof(deep),
	                            "{\"metadata\":{\"resourceVersion\":\"1\"},"
	                            "\"items\":");
	for (int i = 0; i < SERVE_WATCH_MAX_DEPTH; i++)
		deep[k++] = '[';
	for (int i = 0; i < SERVE_WATCH_MAX_DEPTH; i++)
		deep[k++] = ']';
	snprintf(deep + k, sizeof(deep) - k, "}");
	const struct {
		const char *body;
		const char *why;
	} cases[] = {
	    {"", "namespace list: not JSON: "},
	    {"<html>502 Bad Gateway</html>", "namespace list: not JSON: "},
	    {"[]", "expected a NamespaceList object"},
	    {"{\"kind\":\"PodList\",\"metadata\":{\"resourceVersion\":\"1\"},\"items\":[]}",
	     "expected a NamespaceList object"},
	    {"{\"kind\":5,\"metadata\":{\"resourceVersion\":\"1\"},\"items\":[]}",
	     "expected a NamespaceList object"},
	    {"{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
	     "\"message\":\"namespaces is forbidden: User \\\"system:serviceaccount:vakt:vakt\\\" "
	     "cannot list resource \\\"namespaces\\\" in API group \\\"\\\" at the cluster "
	     "scope\",\"reason\":\"Forbidden\",\"details\":{\"kind\":\"namespaces\"},\"code\":403}",
	     "namespace list: the API server answered 'namespaces is forbidden: User "
	     "\"system:serviceaccount:vakt:vakt\" cannot list"},
	    {"{\"kind\":\"Status\",\"code\":500}", "the API server answered 'a Status'"},
	    {"{\"kind\":\"NamespaceList\",\"items\":[]}", "expected a metadata.resourceVersion"},
	    {"{\"metadata\":{\"resourceVersion\":1},\"items\":[]}",
	     "expected a metadata.resourceVersion"},
	    {"{\"metadata\":{\"resourceVersion\":\"1\"},\"items\":{}}",
	     "\"items\" is not an array"},
	    {"{\"metadata\":{\"resourceVersion\":\"1\"},\"items\":[],\"items\":[]}",
	     "duplicate object key"},
	    {deep, "namespace list: nested deeper than 64"},
	};
	struct serve_ns_cache *c = serve_ns_cache_new();
	char rv[128] = "unchanged";

	(void)state;
	assert_int_equal(serve_ns_cache_put(c, "kept", &(struct serve_ns_policy){0}), 0);
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(cases); i++) {
		struct vakt_error *err = NULL;
		assert_int_equal(
		    serve_watch_apply_list(cases[i].body, strlen(cases[i].body), c, rv, &err),
		    -EINVAL);
		assert_non_null(err);
		if (!strstr(err->msg, cases[i].why))
			fail_msg("case %zu: '%s' does not say '%s'", i, err->msg, cases[i].why);
		vakt_error_free(err);
		assert_string_equal(rv, "unchanged");
		assert_int_equal(serve_ns_cache_count(c), 1);
		assert_non_null(enforce_of(c, "kept"));
	}
	serve_ns_cache_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_stream_events),
	    cmocka_unit_test(test_stream_crlf_and_partial),
	    cmocka_unit_test(test_stream_line_limit),
	    cmocka_unit_test(test_stream_bad_lines),
	    cmocka_unit_test(test_stream_error_event),
	    cmocka_unit_test(test_stream_cache_full),
	    cmocka_unit_test(test_list),
	    cmocka_unit_test(test_list_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
