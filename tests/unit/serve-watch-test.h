/* SPDX-License-Identifier: MIT */
#ifndef VAKT_SERVE_WATCH_TEST_H
#define VAKT_SERVE_WATCH_TEST_H

/*
 * Shared by the namespace watch's unit tests (test-serve-watch.c, the parser
 * and the list; test-serve-watch-thread.c, the thread): a log the test reads
 * back, watch events and a NamespaceList as API servers write them.
 */
#include <jansson.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/util.h"
#include "serve/serve-watch.h"

/* A log that the test reads back: a memfd, every level. */
static inline struct serve_log test_log(void)
{
	int fd = memfd_create("serve-watch-log", MFD_CLOEXEC);

	assert_true(fd >= 0);
	return (struct serve_log){.fd = fd, .min = SERVE_LOG_DEBUG};
}

/* Everything logged so far (caller frees). */
static inline char *log_text_of(const struct serve_log *log)
{
	struct vakt_buf b = VAKT_BUF_INIT;
	char buf[4096];
	ssize_t k;
	off_t off = 0;

	while ((k = pread(log->fd, buf, sizeof(buf), off)) > 0) {
		vakt_buf_add(&b, buf, (size_t)k);
		off += k;
	}
	return vakt_buf_detach(&b);
}

/* Every line of the log is one JSON object with time, level and msg. */
static inline void assert_log_json(const char *text)
{
	for (const char *p = text; *p;) {
		const char *nl = strchr(p, '\n');
		json_error_t jerr;
		json_t *j;

		assert_non_null(nl);
		j = json_loadb(p, (size_t)(nl - p), JSON_REJECT_DUPLICATES, &jerr);
		if (!j)
			fail_msg("log line not JSON (%s): %.*s", jerr.text, (int)(nl - p), p);
		assert_true(json_is_string(json_object_get(j, "time")));
		assert_true(json_is_string(json_object_get(j, "level")));
		assert_true(json_is_string(json_object_get(j, "msg")));
		json_decref(j);
		p = nl + 1;
	}
}

static inline size_t count_of(const char *hay, const char *needle)
{
	size_t n = 0;

	for (const char *p = hay; (p = strstr(p, needle)); p++)
		n++;
	return n;
}

/* The enforce label the cache holds for name ("-" when none, NULL when unknown). */
static inline const char *enforce_of(struct serve_ns_cache *c, const char *name)
{
	static char out[SERVE_NS_LABEL_MAX + 1];
	struct serve_ns_policy p;

	if (!serve_ns_cache_get(c, name, &p))
		return NULL;
	snprintf(out, sizeof(out), "%s", p.has_enforce ? p.enforce : "-");
	return out;
}

/* A watch event line as an API server writes it (one line, '\n' ended). Caller frees. */
static inline char *event(const char *type, const char *name, const char *enforce, const char *rv)
{
	char labels[256] = "";

	if (enforce)
		snprintf(labels, sizeof(labels),
		         ",\"labels\":{\"kubernetes.io/metadata.name\":\"%s\","
		         "\"pod-security.kubernetes.io/enforce\":\"%s\"}",
		         name, enforce);
	return vakt_xasprintf(
	    "{\"type\":\"%s\",\"object\":{\"kind\":\"Namespace\",\"apiVersion\":\"v1\","
	    "\"metadata\":{\"name\":\"%s\",\"uid\":\"0c6f3b7e-6a43-4d8e-9d5a-1f3c2b0a9e11\","
	    "\"resourceVersion\":\"%s\",\"creationTimestamp\":\"2026-11-02T09:14:03Z\"%s},"
	    "\"spec\":{\"finalizers\":[\"kubernetes\"]},\"status\":{\"phase\":\"Active\"}}}\n",
	    type, name, rv, labels);
}

static inline char *bookmark(const char *rv)
{
	return vakt_xasprintf("{\"type\":\"BOOKMARK\",\"object\":{\"kind\":\"Namespace\","
	                      "\"apiVersion\":\"v1\",\"metadata\":{\"resourceVersion\":\"%s\","
	                      "\"creationTimestamp\":null,\"annotations\":{"
	                      "\"k8s.io/initial-events-end\":\"true\"}},\"spec\":{},"
	                      "\"status\":{}}}\n",
	                      rv);
}

static const char gone_event[] =
    "{\"type\":\"ERROR\",\"object\":{\"kind\":\"Status\",\"apiVersion\":\"v1\","
    "\"metadata\":{},\"status\":\"Failure\",\"message\":\"too old resource version: 1000 "
    "(1457)\",\"reason\":\"Expired\",\"code\":410}}\n";

static const char ns_list[] =
    "{\"kind\":\"NamespaceList\",\"apiVersion\":\"v1\",\"metadata\":{\"resourceVersion\":"
    "\"1000\"},\"items\":["
    "{\"metadata\":{\"name\":\"default\",\"uid\":\"a1\",\"resourceVersion\":\"12\","
    "\"labels\":{\"kubernetes.io/metadata.name\":\"default\"}},\"spec\":{\"finalizers\":["
    "\"kubernetes\"]},\"status\":{\"phase\":\"Active\"}},"
    "{\"metadata\":{\"name\":\"kube-system\",\"uid\":\"a2\",\"resourceVersion\":\"14\","
    "\"labels\":{\"kubernetes.io/metadata.name\":\"kube-system\","
    "\"pod-security.kubernetes.io/enforce\":\"privileged\"}},\"spec\":{},\"status\":{}},"
    "{\"metadata\":{\"name\":\"prod\",\"uid\":\"a3\",\"resourceVersion\":\"800\","
    "\"labels\":{\"pod-security.kubernetes.io/enforce\":\"restricted\","
    "\"pod-security.kubernetes.io/enforce-version\":\"v1.29\"}}},"
    "{\"metadata\":{\"name\":\"old-team\",\"labels\":{"
    "\"pod-security.kubernetes.io/enforce\":\"baseline\"}}}"
    "]}";

#endif
