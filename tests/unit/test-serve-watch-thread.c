/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for the namespace watch's thread (src/serve/serve-watch.c)
 * against a fake API server (libmicrohttpd, in this process, on 127.0.0.1
 * and a port the kernel picks; plain HTTP, and TLS with a throwaway
 * certificate) that plays a script: lists, watch streams, a 410, an ERROR
 * event, failures. The cache must converge, the token sent must be the
 * file's at each connection, the server's certificate must be verified, and
 * stop must not wait for the server.
 */
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <time.h>

#include "serve-watch-test.h"

static char tmpdir[] = "/tmp/vakt-test-serve-watch-XXXXXX";

static void test_in_cluster_url(void **state)
{
	const struct {
		const char *host, *port, *url;
	} cases[] = {
	    {"10.96.0.1", "443", "https://10.96.0.1:443"},
	    {"fd00:10:96::1", "443", "https://[fd00:10:96::1]:443"},
	    {"kubernetes.default.svc", "6443", "https://kubernetes.default.svc:6443"},
	    {"10.96.0.1", NULL, NULL},
	    {NULL, "443", NULL},
	    {"", "443", NULL},
	    {"10.96.0.1", "", NULL},
	    {"10.96.0.1", "0", NULL},
	    {"10.96.0.1", "65536", NULL},
	    {"10.96.0.1", "44a", NULL},
	    {"10.96.0.1", " 443", NULL},
	    {"10.96.0.1/evil?", "443", NULL},
	    {"user@10.96.0.1", "443", NULL},
	};

	(void)state;
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(cases); i++) {
		if (cases[i].host)
			setenv("KUBERNETES_SERVICE_HOST", cases[i].host, 1);
		else
			unsetenv("KUBERNETES_SERVICE_HOST");
		if (cases[i].port)
			setenv("KUBERNETES_SERVICE_PORT", cases[i].port, 1);
		else
			unsetenv("KUBERNETES_SERVICE_PORT");
		char *url = serve_watch_in_cluster_url();
		if (cases[i].url)
			assert_string_equal(url, cases[i].url);
		else
			assert_null(url);
		free(url);
	}
	unsetenv("KUBERNETES_SERVICE_HOST");
	unsetenv("KUBERNETES_SERVICE_PORT");
}

static char *tmp(const char *name)
{
	return vakt_xasprintf("%s/%s", tmpdir, name);
}

/* Write a file the way the kubelet does: a new file renamed over the old. */
static void write_file(const char *path, const char *text)
{
	char *t = vakt_xasprintf("%s.new", path);
	FILE *f = fopen(t, "w");

	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(rename(t, path), 0);
	free(t);
}

/* Refusals at start: nothing to connect to, files that cannot be read. */
static void test_start_refused(void **state)
{
	struct serve_ns_cache *c = serve_ns_cache_new();
	char *token = tmp("token-start"), *ca = tmp("ca-start.crt"), *missing = tmp("missing");
	char big[70000];
	const struct {
		const char *api, *token, *ca;
		const char *token_text;
		int code;
		const char *why;
	} cases[] = {
	    {NULL, "", "", NULL, -EINVAL, "no API server to watch namespaces through"},
	    {"ftp://10.0.0.1", "", "", NULL, -EINVAL, "API server 'ftp://10.0.0.1' is not an"},
	    {"http://127.0.0.1:1", missing, "", NULL, -ENOENT, "cannot read the token file"},
	    {"http://127.0.0.1:1", tmpdir, "", NULL, -EINVAL, "not a file"},
	    {"http://127.0.0.1:1", token, "", " \n", -EINVAL, "is empty"},
	    {"http://127.0.0.1:1", token, "", "abc def\n", -EINVAL, "(byte 4)"},
	    {"http://127.0.0.1:1", token, "", "abc\r\ndef", -EINVAL, "cannot have"},
	    {"http://127.0.0.1:1", token, "", big, -E2BIG, "larger than 65536 bytes"},
	    {"http://127.0.0.1:1", "", missing, NULL, -ENOENT, "cannot read the CA file"},
	    {"http://10.0.0.1:8080", token, "", "abc", -EINVAL,
	     "will not send the bearer token in clear text to 'http://10.0.0.1:8080'"},
	    {"http://localhost.example.com:8001", token, "", "abc", -EINVAL, "in clear text"},
	    {"http://127.0.0.1@example.com/", token, "", "abc", -EINVAL, "in clear text"},
	};

	(void)state;
	memset(big, 'k', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	write_file(ca, "");
	unsetenv("KUBERNETES_SERVICE_HOST");
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(cases); i++) {
		struct serve_watch_opts o = {cases[i].api, cases[i].token, cases[i].ca, NULL};
		struct serve_watch *w = NULL;
		struct vakt_error *err = NULL;

		if (cases[i].token_text)
			write_file(token, cases[i].token_text);
		assert_int_equal(serve_watch_start(&o, c, &w, &err), cases[i].code);
		assert_null(w);
		assert_non_null(err);
		if (!strstr(err->msg, cases[i].why))
			fail_msg("case %zu: '%s' does not say '%s'", i, err->msg, cases[i].why);
		vakt_error_free(err);
	}
	assert_false(serve_watch_synced(NULL));
	serve_watch_stop(NULL);
	free(token);
	free(ca);
	free(missing);
	serve_ns_cache_free(c);
}

/* A token may go in clear to this machine only (kubectl proxy); https anywhere. */
static void test_start_token_hosts(void **state)
{
	const char *ok[] = {"http://127.0.0.1:1", "http://localhost:1/", "http://[::1]:1",
	                    "http://localhost", "https://10.0.0.1:1"};
	struct serve_ns_cache *c = serve_ns_cache_new();
	char *token = tmp("token-hosts");

	(void)state;
	write_file(token, "abc\n");
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(ok); i++) {
		struct serve_watch_opts o = {ok[i], token, "", NULL};
		struct serve_watch *w = NULL;
		struct vakt_error *err = NULL;

		assert_int_equal(serve_watch_start(&o, c, &w, &err), 0);
		assert_non_null(w);
		serve_watch_stop(w);
	}
	free(token);
	serve_ns_cache_free(c);
}

/*
 * The fake API server. Each request takes the next step of a script and is
 * recorded (what kind, its resourceVersion, its Authorization header).
 */
enum step_kind {
	STEP_END,
	FIXED,  /* answer status with body */
	STREAM, /* answer status with body, in pieces, then end (when the test says, if wait_go) */
	HANG,   /* 200 and nothing, until the server stops (or 20 s) */
	HUGE,   /* 200 with a body one byte over the list ceiling */
};

struct step {
	enum step_kind kind;
	unsigned status;
	const char *body;
	bool wait_go;
	size_t piece; /* STREAM: bytes per piece (odd, so that lines arrive cut) */
};

struct seen {
	bool watch;
	char *rv, *auth, *bookmarks, *timeout;
};

static struct {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	struct MHD_Daemon *d;
	unsigned port;
	const struct step *script;
	size_t n; /* requests so far */
	struct seen seen[16];
	bool go; /* the test lets a WATCH step end */
	bool shutting_down;
	bool hang_served_out; /* a HANG ended by itself: stop did not stop */
} srv = {.lock = PTHREAD_MUTEX_INITIALIZER, .cond = PTHREAD_COND_INITIALIZER};

struct reader {
	const struct step *step;
	size_t off;
	uint64_t sent;
};

static ssize_t read_step(void *cls, uint64_t pos, char *buf, size_t max)
{
	struct reader *r = cls;
	const struct step *st = r->step;

	if (st->kind == HUGE) {
		uint64_t total = 64u * 1024 * 1024 + 1;
		if (r->sent >= total)
			return MHD_CONTENT_READER_END_OF_STREAM;
		size_t k = total - r->sent < max ? (size_t)(total - r->sent) : max;
		memset(buf, ' ', k);
		r->sent += k;
		return (ssize_t)k;
	}
	if (st->kind == STREAM && st->body[r->off]) {
		size_t left = strlen(st->body + r->off), k = left < st->piece ? left : st->piece;
		k = k < max ? k : max;
		memcpy(buf, st->body + r->off, k);
		r->off += k;
		return (ssize_t)k;
	}
	struct timespec until;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += 20;
	pthread_mutex_lock(&srv.lock);
	while (!srv.shutting_down && !(st->kind == STREAM && (!st->wait_go || srv.go))) {
		if (pthread_cond_timedwait(&srv.cond, &srv.lock, &until) == ETIMEDOUT) {
			srv.hang_served_out = true;
			break;
		}
	}
	pthread_mutex_unlock(&srv.lock);
	return MHD_CONTENT_READER_END_OF_STREAM;
}

static char *dup_or_null(const char *s)
{
	return s ? vakt_xstrdup(s) : NULL;
}

static enum MHD_Result serve_api(void *cls, struct MHD_Connection *c, const char *url,
                                 const char *method, const char *version, const char *data,
                                 size_t *data_len, void **con_cls)
{
	const struct step *st;
	struct MHD_Response *resp;
	enum MHD_Result ret;

	(void)cls;
	(void)version;
	(void)data;
	(void)data_len;
	(void)con_cls;
	pthread_mutex_lock(&srv.lock);
	st = &srv.script[srv.n];
	if (st->kind == STEP_END || srv.n >= VAKT_ARRAY_SIZE(srv.seen) ||
	    strcmp(url, "/api/v1/namespaces") != 0 || strcmp(method, "GET") != 0) {
		pthread_mutex_unlock(&srv.lock);
		resp =
		    MHD_create_response_from_buffer(9, (void *)"not found", MHD_RESPMEM_PERSISTENT);
		ret = MHD_queue_response(c, 404, resp);
		MHD_destroy_response(resp);
		return ret;
	}
	struct seen *s = &srv.seen[srv.n++];
	s->watch = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "watch") != NULL;
	s->rv =
	    dup_or_null(MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "resourceVersion"));
	s->bookmarks = dup_or_null(
	    MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "allowWatchBookmarks"));
	s->timeout =
	    dup_or_null(MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "timeoutSeconds"));
	s->auth = dup_or_null(MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Authorization"));
	pthread_cond_broadcast(&srv.cond);
	pthread_mutex_unlock(&srv.lock);

	if (st->kind == FIXED) {
		resp = MHD_create_response_from_buffer(strlen(st->body), (void *)st->body,
		                                       MHD_RESPMEM_PERSISTENT);
	} else {
		struct reader *r = vakt_xcalloc(1, sizeof(*r));
		r->step = st;
		resp =
		    MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 65536, read_step, r, free);
	}
	MHD_add_response_header(resp, "Content-Type", "application/json");
	ret = MHD_queue_response(c, st->status, resp);
	MHD_destroy_response(resp);
	return ret;
}

/* Start the server on 127.0.0.1; with key and cert (PEM text), over TLS. */
static void server_start_tls(const struct step *script, const char *key, const char *cert)
{
	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = 0};
	const union MHD_DaemonInfo *info;
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION;

	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	srv.script = script;
	srv.n = 0;
	srv.go = srv.shutting_down = srv.hang_served_out = false;
	if (key)
		srv.d = MHD_start_daemon(flags | MHD_USE_TLS, 0, NULL, NULL, serve_api, NULL,
		                         MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
		                         MHD_OPTION_HTTPS_MEM_KEY, key, MHD_OPTION_HTTPS_MEM_CERT,
		                         cert, MHD_OPTION_END);
	else
		srv.d =
		    MHD_start_daemon(flags, 0, NULL, NULL, serve_api, NULL, MHD_OPTION_SOCK_ADDR,
		                     (struct sockaddr *)&sa, MHD_OPTION_END);
	assert_non_null(srv.d);
	info = MHD_get_daemon_info(srv.d, MHD_DAEMON_INFO_BIND_PORT);
	assert_non_null(info);
	srv.port = info->port;
}

static void server_start(const struct step *script)
{
	server_start_tls(script, NULL, NULL);
}

static void server_stop(void)
{
	pthread_mutex_lock(&srv.lock);
	srv.shutting_down = true;
	pthread_cond_broadcast(&srv.cond);
	pthread_mutex_unlock(&srv.lock);
	MHD_stop_daemon(srv.d);
	for (size_t i = 0; i < srv.n && i < VAKT_ARRAY_SIZE(srv.seen); i++) {
		free(srv.seen[i].rv);
		free(srv.seen[i].auth);
		free(srv.seen[i].bookmarks);
		free(srv.seen[i].timeout);
	}
	memset(srv.seen, 0, sizeof(srv.seen));
}

/* Wait (polling, 10 ms at a time, 30 s at most) until the server has had n requests. */
static void wait_requests(size_t n)
{
	struct timespec until;

	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += 30;
	pthread_mutex_lock(&srv.lock);
	while (srv.n < n)
		if (pthread_cond_timedwait(&srv.cond, &srv.lock, &until) == ETIMEDOUT)
			break;
	size_t got = srv.n;
	pthread_mutex_unlock(&srv.lock);
	if (got < n)
		fail_msg("the fake API server had %zu requests, expected %zu", got, n);
}

/* Wait until name's enforce label is want (NULL: until name is unknown). */
static void wait_enforce(struct serve_ns_cache *c, const char *name, const char *want)
{
	for (int i = 0; i < 3000; i++) {
		const char *e = enforce_of(c, name);
		if (want ? e && strcmp(e, want) == 0 : !e)
			return;
		usleep(10000);
	}
	fail_msg("namespace '%s' never became '%s'", name, want ? want : "(unknown)");
}

static void let_watch_end(void)
{
	pthread_mutex_lock(&srv.lock);
	srv.go = true;
	pthread_cond_broadcast(&srv.cond);
	pthread_mutex_unlock(&srv.lock);
}

static const char list_after_gone[] =
    "{\"kind\":\"NamespaceList\",\"apiVersion\":\"v1\",\"metadata\":{\"resourceVersion\":"
    "\"2000\"},\"items\":["
    "{\"metadata\":{\"name\":\"default\"}},"
    "{\"metadata\":{\"name\":\"prod\",\"labels\":{\"pod-security.kubernetes.io/enforce\":"
    "\"restricted\"}}},"
    "{\"metadata\":{\"name\":\"new-ns\",\"labels\":{\"pod-security.kubernetes.io/enforce\":"
    "\"baseline\"}}}]}";

static const char list_last[] =
    "{\"kind\":\"NamespaceList\",\"apiVersion\":\"v1\",\"metadata\":{\"resourceVersion\":"
    "\"3000\"},\"items\":["
    "{\"metadata\":{\"name\":\"default\"}},"
    "{\"metadata\":{\"name\":\"final\",\"labels\":{\"pod-security.kubernetes.io/enforce\":"
    "\"restricted\"}}}]}";

static const char status_500[] =
    "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
    "\"message\":\"etcdserver: request timed out\",\"code\":500}";

static const char status_410[] =
    "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
    "\"message\":\"too old resource version: 1010 (1900)\",\"reason\":\"Expired\","
    "\"code\":410}";

/*
 * A failed list, a list, a watch (ADDED, MODIFIED, DELETED, a bad line, a
 * bookmark), a 410, a relist, a watch that ends on an ERROR event, a relist,
 * then a long poll that only stop ends. The token file changes between the
 * first watch and the next connection.
 */
static void test_watch_thread(void **state)
{
	char *first_watch = NULL, *second_watch = NULL;
	struct vakt_buf b = VAKT_BUF_INIT;
	char *e1 = event("ADDED", "team-a", "baseline", "1001");
	char *e2 = event("MODIFIED", "prod", "baseline", "1002");
	char *e3 = event("DELETED", "old-team", "baseline", "1003");
	char *e4 = bookmark("1010");
	char *e5 = event("ADDED", "late", "privileged", "2001");

	(void)state;
	vakt_buf_addf(&b, "%s%s%s{\"type\": \"ADDED\", \"object\": 3}\n%s", e1, e2, e3, e4);
	first_watch = vakt_buf_detach(&b);
	vakt_buf_addf(&b, "%s%s", e5, gone_event);
	second_watch = vakt_buf_detach(&b);
	const struct step script[] = {
	    {FIXED, 500, status_500, false, 0},      {FIXED, 200, ns_list, false, 0},
	    {STREAM, 200, first_watch, true, 37},    {FIXED, 410, status_410, false, 0},
	    {FIXED, 200, list_after_gone, false, 0}, {STREAM, 200, second_watch, false, 37},
	    {FIXED, 200, list_last, false, 0},       {HANG, 200, NULL, false, 0},
	    {STEP_END, 0, NULL, false, 0},
	};
	struct serve_ns_cache *c = serve_ns_cache_new();
	struct serve_log log = test_log();
	char *token = tmp("token"), *api;
	struct vakt_error *err = NULL;
	struct serve_watch *w = NULL;

	server_start(script);
	api = vakt_xasprintf("http://127.0.0.1:%u", srv.port);
	write_file(token, "token-one\n");
	struct serve_watch_opts o = {api, token, "", &log};
	assert_int_equal(serve_watch_start(&o, c, &w, &err), 0);
	assert_null(err);

	/* The first watch's events arrive; the stream stays open until the test says. */
	wait_enforce(c, "team-a", "baseline");
	wait_enforce(c, "prod", "baseline");
	wait_enforce(c, "old-team", NULL);
	assert_true(serve_watch_synced(w));
	assert_string_equal(enforce_of(c, "kube-system"), "privileged");
	wait_requests(3);

	/* The token rotates: the next connection must send the new one. */
	write_file(token, "token-two\n");
	let_watch_end();

	/*
	 * 410, relist, a watch with an event then an ERROR, relist: the last
	 * list's content only (what the relists dropped is gone).
	 */
	wait_enforce(c, "final", "restricted");
	assert_null(enforce_of(c, "team-a"));
	assert_null(enforce_of(c, "late"));
	assert_int_equal(serve_ns_cache_count(c), 2);
	wait_requests(8);

	/* In the middle of a long poll: stop must not wait for the server. */
	serve_watch_stop(w);
	pthread_mutex_lock(&srv.lock);
	bool served_out = srv.hang_served_out;
	size_t n = srv.n;
	pthread_mutex_unlock(&srv.lock);
	assert_false(served_out);
	assert_int_equal(n, 8);

	/* What each request was. */
	const struct {
		bool watch;
		const char *rv, *auth;
	} want[] = {
	    {false, NULL, "Bearer token-one"},  {false, NULL, "Bearer token-one"},
	    {true, "1000", "Bearer token-one"}, {true, "1010", "Bearer token-two"},
	    {false, NULL, "Bearer token-two"},  {true, "2000", "Bearer token-two"},
	    {false, NULL, "Bearer token-two"},  {true, "3000", "Bearer token-two"},
	};
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(want); i++) {
		const struct seen *s = &srv.seen[i];
		assert_int_equal(s->watch, want[i].watch);
		if (want[i].rv)
			assert_string_equal(s->rv, want[i].rv);
		else
			assert_null(s->rv);
		assert_string_equal(s->auth, want[i].auth);
		if (s->watch) {
			assert_string_equal(s->bookmarks, "true");
			assert_string_equal(s->timeout, "300");
		}
	}

	/* What the log says. */
	char *logged = log_text_of(&log);
	assert_non_null(strstr(logged, "\"msg\":\"namespace watch: request failed\",\"api\":\""));
	assert_non_null(strstr(logged, "\"request\":\"list\",\"error\":\"HTTP 500: etcdserver: "
	                               "request timed out\",\"retry_in_ms\":500}"));
	assert_int_equal(count_of(logged, "namespace watch: namespaces listed"), 3);
	assert_non_null(strstr(logged, "\"namespaces\":4,\"resourceVersion\":\"1000\""));
	assert_int_equal(count_of(logged, "namespace watch: bad event skipped"), 1);
	assert_non_null(strstr(logged, "\"msg\":\"namespace watch: gone, relisting\""));
	assert_non_null(strstr(logged, "\"error\":\"HTTP 410: too old resource version: 1010 "
	                               "(1900)\""));
	assert_non_null(strstr(logged, "namespace watch: error event, relisting"));
	assert_null(strstr(logged, "token-one"));
	assert_null(strstr(logged, "token-two"));
	assert_log_json(logged);
	free(logged);

	server_stop();
	close(log.fd);
	free(api);
	free(token);
	free(first_watch);
	free(second_watch);
	free(e1);
	free(e2);
	free(e3);
	free(e4);
	free(e5);
	serve_ns_cache_free(c);
}

/*
 * Ceilings and failures on the wire: a list over 64 MiB, a watch line over
 * 4 MiB (after an event, so no wait), a 403; no token file (no
 * Authorization), a URL with a trailing '/'.
 */
static void test_watch_failures(void **state)
{
	struct vakt_buf b = VAKT_BUF_INIT;
	char *e1 = event("ADDED", "team-a", "baseline", "1001");
	char *huge_line;

	(void)state;
	vakt_buf_adds(&b, e1);
	for (size_t i = 0; i <= SERVE_WATCH_MAX_LINE; i += 1024)
		vakt_buf_add(&b,
		             "                                                                "
		             "                                                                "
		             "                                                                "
		             "                                                                "
		             "                                                                "
		             "                                                                "
		             "                                                                "
		             "                                                                "
		             "                                                                "
		             "                                                                "
		             "                                                                "
		             "                                                                "
		             "                                                                "
		             "                                                                "
		             "                                                                "
		             "                                                                ",
		             1024);
	huge_line = vakt_buf_detach(&b);
	const struct step script[] = {
	    {HUGE, 200, NULL, false, 0},
	    {FIXED, 200, ns_list, false, 0},
	    {STREAM, 200, huge_line, false, 65535},
	    {FIXED, 403,
	     "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
	     "\"message\":\"namespaces is forbidden: User \\\"system:anonymous\\\" cannot watch "
	     "resource \\\"namespaces\\\"\",\"reason\":\"Forbidden\",\"code\":403}",
	     false, 0},
	    {HANG, 200, NULL, false, 0},
	    {STEP_END, 0, NULL, false, 0},
	};
	struct serve_ns_cache *c = serve_ns_cache_new();
	struct serve_log log = test_log();
	struct vakt_error *err = NULL;
	struct serve_watch *w = NULL;
	char *api;

	server_start(script);
	api = vakt_xasprintf("http://127.0.0.1:%u//", srv.port);
	struct serve_watch_opts o = {api, "", "", &log};
	assert_int_equal(serve_watch_start(&o, c, &w, &err), 0);
	wait_requests(5);
	assert_true(serve_watch_synced(w));
	assert_string_equal(enforce_of(c, "team-a"), "baseline");
	serve_watch_stop(w);
	assert_false(srv.hang_served_out);
	for (size_t i = 0; i < 5; i++)
		assert_null(srv.seen[i].auth);
	assert_string_equal(srv.seen[3].rv, "1001");
	assert_string_equal(srv.seen[4].rv, "1001");

	char *logged = log_text_of(&log);
	assert_non_null(strstr(logged, "\"request\":\"list\",\"error\":\"the namespace list is "
	                               "larger than 64 MiB\",\"retry_in_ms\":500}"));
	assert_non_null(strstr(logged, "\"request\":\"watch\",\"error\":\"a watch event is longer "
	                               "than 4 MiB\",\"retry_in_ms\":0}"));
	assert_non_null(strstr(logged, "\"request\":\"watch\",\"error\":\"HTTP 403: namespaces is "
	                               "forbidden: User \\\"system:anonymous\\\" cannot watch "
	                               "resource \\\"namespaces\\\"\",\"retry_in_ms\":500}"));
	assert_log_json(logged);
	free(logged);
	server_stop();
	close(log.fd);
	free(api);
	free(huge_line);
	free(e1);
	serve_ns_cache_free(c);
}

/* A self-signed certificate for 127.0.0.1 (its own CA) from the openssl tool; false without it. */
static bool make_cert(const char *key, const char *cert)
{
	char *cmd = vakt_xasprintf(
	    "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes "
	    "-keyout '%s' -out '%s' -subj /CN=kube-apiserver -addext subjectAltName=IP:127.0.0.1 "
	    "-days 2 >/dev/null 2>&1",
	    key, cert);
	int r = system(cmd);

	free(cmd);
	return r == 0;
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	struct vakt_buf b = VAKT_BUF_INIT;
	char buf[4096];
	size_t k;

	assert_non_null(f);
	while ((k = fread(buf, 1, sizeof(buf), f)) > 0)
		vakt_buf_add(&b, buf, k);
	fclose(f);
	return vakt_buf_detach(&b);
}

/* Start a watch, wait for n requests or failures logged, stop it; returns the log. */
static char *run_watch(const char *api, const char *ca, size_t requests, size_t failures,
                       struct serve_ns_cache *c)
{
	struct serve_log log = test_log();
	struct serve_watch_opts o = {api, "", ca, &log};
	struct vakt_error *err = NULL;
	struct serve_watch *w = NULL;
	char *logged = NULL;

	assert_int_equal(serve_watch_start(&o, c, &w, &err), 0);
	if (requests)
		wait_requests(requests);
	for (int i = 0; i < 3000; i++) {
		free(logged);
		logged = log_text_of(&log);
		if (count_of(logged, "namespace watch: request failed") >= failures)
			break;
		usleep(10000);
	}
	serve_watch_stop(w);
	free(logged);
	logged = log_text_of(&log);
	close(log.fd);
	return logged;
}

/*
 * Over TLS the server's certificate is verified: against the CA file given,
 * or the system's CAs when it is "". A certificate from another CA, or none
 * the system knows, fails the connection; the right CA file lets it through.
 */
static void test_watch_tls(void **state)
{
	char *key = tmp("apiserver.key"), *cert = tmp("apiserver.crt");
	char *other_key = tmp("other.key"), *other = tmp("other.crt");
	const struct step script[] = {
	    {FIXED, 200, ns_list, false, 0},
	    {HANG, 200, NULL, false, 0},
	    {STEP_END, 0, NULL, false, 0},
	};
	struct serve_ns_cache *c = serve_ns_cache_new();

	(void)state;
	if (MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES)
		skip(); /* libmicrohttpd without TLS: nothing to test against */
	if (!make_cert(key, cert) || !make_cert(other_key, other))
		skip(); /* no openssl tool */
	char *key_pem = slurp(key), *cert_pem = slurp(cert);
	server_start_tls(script, key_pem, cert_pem);
	char *api = vakt_xasprintf("https://127.0.0.1:%u", srv.port);

	/* Another CA: refused before any request is made. */
	char *logged = run_watch(api, other, 0, 1, c);
	assert_non_null(strstr(logged, "\"request\":\"list\",\"error\":\"SSL certificate problem"));
	free(logged);
	/* The system's CAs do not know a self-signed certificate either. */
	logged = run_watch(api, "", 0, 1, c);
	assert_non_null(strstr(logged, "\"error\":\"SSL certificate problem"));
	free(logged);
	pthread_mutex_lock(&srv.lock);
	assert_int_equal(srv.n, 0);
	pthread_mutex_unlock(&srv.lock);

	/* The right CA: listed, then watching. */
	logged = run_watch(api, cert, 2, 0, c);
	assert_null(strstr(logged, "request failed"));
	assert_string_equal(enforce_of(c, "kube-system"), "privileged");
	assert_false(srv.hang_served_out);
	free(logged);

	server_stop();
	free(api);
	free(key_pem);
	free(cert_pem);
	free(key);
	free(cert);
	free(other_key);
	free(other);
	serve_ns_cache_free(c);
}

/* Nothing listens: the thread retries with a growing wait, and stop ends the wait. */
static void test_stop_while_waiting(void **state)
{
	struct serve_ns_cache *c = serve_ns_cache_new();
	struct serve_log log = test_log();
	struct serve_watch_opts o = {NULL, "", "", &log};
	struct vakt_error *err = NULL;
	struct serve_watch *w = NULL;

	(void)state;
	/* A port that was just free: a closed port refuses at once. */
	server_start((const struct step[]){{STEP_END, 0, NULL, false, 0}});
	unsigned port = srv.port;
	server_stop();
	char *port_text = vakt_xasprintf("%u", port);
	setenv("KUBERNETES_SERVICE_HOST", "127.0.0.1", 1);
	setenv("KUBERNETES_SERVICE_PORT", port_text, 1);
	assert_int_equal(serve_watch_start(&o, c, &w, &err), 0);
	unsetenv("KUBERNETES_SERVICE_HOST");
	unsetenv("KUBERNETES_SERVICE_PORT");
	/* Two failures logged: the thread is waiting 1 s before the third. */
	for (int i = 0; i < 3000; i++) {
		char *logged = log_text_of(&log);
		size_t n = count_of(logged, "namespace watch: request failed");
		free(logged);
		if (n >= 2)
			break;
		usleep(10000);
	}
	assert_false(serve_watch_synced(w));
	serve_watch_stop(w);
	char *logged = log_text_of(&log);
	assert_non_null(strstr(logged, "\"retry_in_ms\":500}"));
	assert_non_null(strstr(logged, "\"retry_in_ms\":1000}"));
	assert_non_null(strstr(logged, "\"api\":\"https://127.0.0.1:"));
	free(logged);
	free(port_text);
	close(log.fd);
	serve_ns_cache_free(c);
}

static int setup(void **state)
{
	(void)state;
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
	char *cmd = vakt_xasprintf("rm -rf '%s'", tmpdir);
	int r = system(cmd);

	(void)state;
	free(cmd);
	return r == 0 ? 0 : -1;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_in_cluster_url),     cmocka_unit_test(test_start_refused),
	    cmocka_unit_test(test_start_token_hosts),  cmocka_unit_test(test_watch_thread),
	    cmocka_unit_test(test_watch_failures),     cmocka_unit_test(test_watch_tls),
	    cmocka_unit_test(test_stop_while_waiting),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
