/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for vakt serve's API server client (src/serve/serve-kube.c) and
 * --remove-webhook (src/serve/serve-remove.c), against a fake API server
 * (libmicrohttpd on 127.0.0.1, plain HTTP) answering a script: the method,
 * path and token sent, the body kept up to its ceiling, error answers, the
 * retries and their deadline.
 */
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/util.h"
#include "serve/serve-kube.h"
#include "serve/serve-remove.h"

static char tmpdir[] = "/tmp/vakt-test-serve-kube-XXXXXX";

struct answer {
	unsigned status;
	const char *body;
};

static struct {
	pthread_mutex_t lock;
	struct MHD_Daemon *d;
	unsigned port;
	const struct answer *script;
	size_t n;
	char method[16], path[256], auth[128];
} srv = {.lock = PTHREAD_MUTEX_INITIALIZER};

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version, const char *data,
                                  size_t *data_len, void **con_cls)
{
	const char *auth = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Authorization");
	const struct answer *a;
	struct MHD_Response *resp;
	enum MHD_Result ret;

	(void)cls;
	(void)version;
	(void)data;
	(void)data_len;
	(void)con_cls;
	pthread_mutex_lock(&srv.lock);
	a = &srv.script[srv.n];
	if (a->status)
		srv.n++;
	snprintf(srv.method, sizeof(srv.method), "%s", method);
	snprintf(srv.path, sizeof(srv.path), "%s", url);
	snprintf(srv.auth, sizeof(srv.auth), "%s", auth ? auth : "-");
	pthread_mutex_unlock(&srv.lock);
	resp = MHD_create_response_from_buffer(strlen(a->body ? a->body : ""),
	                                       (void *)(a->body ? a->body : ""),
	                                       MHD_RESPMEM_MUST_COPY);
	MHD_add_response_header(resp, "Content-Type", "application/json");
	ret = MHD_queue_response(c, a->status ? a->status : 500, resp);
	MHD_destroy_response(resp);
	return ret;
}

static void server_start(const struct answer *script)
{
	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = 0};
	const union MHD_DaemonInfo *info;

	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	srv.script = script;
	srv.n = 0;
	srv.d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD, 0, NULL, NULL, on_request, NULL,
	                         MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa, MHD_OPTION_END);
	assert_non_null(srv.d);
	info = MHD_get_daemon_info(srv.d, MHD_DAEMON_INFO_BIND_PORT);
	assert_non_null(info);
	srv.port = info->port;
}

static void server_stop(void)
{
	MHD_stop_daemon(srv.d);
	srv.d = NULL;
}

static char *url(void)
{
	return vakt_xasprintf("http://127.0.0.1:%u/", srv.port);
}

static char *write_token(const char *text)
{
	char *path = vakt_xasprintf("%s/token", tmpdir);
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
	return path;
}

static const char status_403[] =
    "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
    "\"message\":\"pods is forbidden: User \\\"system:serviceaccount:vakt-system:vakt-webhook\\\" "
    "cannot list resource \\\"pods\\\" in API group \\\"\\\" in the namespace \\\"team-a\\\"\","
    "\"reason\":\"Forbidden\",\"details\":{\"kind\":\"pods\"},\"code\":403}";

/* A GET: the path and token sent, the body returned whole, and over its ceiling. */
static void test_request(void **state)
{
	static const struct answer script[] = {
	    {200, "{\"kind\":\"PodList\",\"items\":[]}"},
	    {200, "{\"kind\":\"PodList\",\"items\":[]}"},
	    {403, status_403},
	    {204, NULL},
	    {0, NULL},
	};
	struct serve_kube_client c;
	struct vakt_error *err = NULL;
	char *u, *token = write_token("  tok-1.abc \n"), *body = NULL;
	long status;

	(void)state;
	server_start(script);
	u = url();
	assert_int_equal(serve_kube_client_init(&c, u, token, "", &err), 0);
	/* The URL's trailing '/' is dropped: paths start with one. */
	assert_int_equal(strlen(c.api), strlen(u) - 1);
	assert_int_equal(strncmp(c.api, u, strlen(c.api)), 0);
	assert_int_equal(serve_kube_request(&c, "GET", "/api/v1/namespaces/team-a/pods?limit=5",
	                                    &status, &body, 1024, 5000, &err),
	                 0);
	assert_int_equal(status, 200);
	assert_string_equal(body, "{\"kind\":\"PodList\",\"items\":[]}");
	assert_string_equal(srv.method, "GET");
	assert_string_equal(srv.path, "/api/v1/namespaces/team-a/pods");
	assert_string_equal(srv.auth, "Bearer tok-1.abc");
	free(body);

	/* One byte under the body's size: too big. */
	assert_int_equal(serve_kube_request(&c, "GET", "/x", &status, &body, 28, 5000, &err),
	                 -E2BIG);
	assert_null(body);
	assert_non_null(strstr(err->msg, "larger than 28 bytes"));
	vakt_error_free(err);
	err = NULL;

	/* An error answer is an answer: its Status message is quoted. */
	assert_int_equal(serve_kube_request(&c, "DELETE", "/y", &status, &body, 65536, 5000, &err),
	                 0);
	assert_int_equal(status, 403);
	assert_string_equal(srv.method, "DELETE");
	char *why = serve_kube_http_failure(status, body, strlen(body));
	assert_true(vakt_starts_with(why, "HTTP 403: pods is forbidden: User "));
	free(why);
	free(body);

	/* No body: NULL. */
	assert_int_equal(serve_kube_request(&c, "GET", "/z", &status, &body, 10, 5000, &err), 0);
	assert_int_equal(status, 204);
	assert_null(body);
	server_stop();

	/* Nobody listening: -EIO with curl's words. */
	assert_int_equal(serve_kube_request(&c, "GET", "/z", &status, &body, 10, 5000, &err), -EIO);
	assert_non_null(strstr(err->msg, "GET http://127.0.0.1:"));
	vakt_error_free(err);
	err = NULL;

	/* The token is read at each request: a broken one fails it. */
	free(write_token("two words\n"));
	assert_int_equal(serve_kube_request(&c, "GET", "/z", &status, &body, 10, 5000, &err),
	                 -EINVAL);
	assert_non_null(strstr(err->msg, "(byte 4)"));
	vakt_error_free(err);
	serve_kube_client_release(&c);
	serve_kube_client_release(&c); /* twice: zeroed */
	free(token);
	free(u);
}

/* Refusals at init, as the watch's (test-serve-watch-thread.c covers the rest). */
static void test_init_refused(void **state)
{
	struct serve_kube_client c;
	struct vakt_error *err = NULL;
	char *token = write_token("abc");

	(void)state;
	unsetenv("KUBERNETES_SERVICE_HOST");
	assert_int_equal(serve_kube_client_init(&c, NULL, "", "", &err), -EINVAL);
	assert_non_null(strstr(err->msg, "no API server"));
	assert_null(c.api);
	vakt_error_free(err);
	err = NULL;
	assert_int_equal(serve_kube_client_init(&c, "http://192.168.1.1", token, "", &err),
	                 -EINVAL);
	assert_non_null(strstr(err->msg, "in clear text"));
	vakt_error_free(err);
	err = NULL;
	/* In a pod: the service's address. */
	setenv("KUBERNETES_SERVICE_HOST", "10.96.0.1", 1);
	setenv("KUBERNETES_SERVICE_PORT", "443", 1);
	assert_int_equal(serve_kube_client_init(&c, NULL, "", "", &err), 0);
	assert_string_equal(c.api, "https://10.96.0.1:443");
	serve_kube_client_release(&c);
	unsetenv("KUBERNETES_SERVICE_HOST");
	unsetenv("KUBERNETES_SERVICE_PORT");
	free(token);
}

static void test_helpers(void **state)
{
	struct vakt_buf b = VAKT_BUF_INIT;
	char *s;
	char longmsg[400 + 64];

	(void)state;
	serve_kube_add_escaped(&b, "a-Z_0.9~ /?&=%é");
	assert_string_equal(b.data, "a-Z_0.9~%20%2F%3F%26%3D%25%C3%A9");
	vakt_buf_release(&b);
	s = serve_kube_http_failure(500, "not json", 8);
	assert_string_equal(s, "HTTP 500");
	free(s);
	s = serve_kube_http_failure(502, NULL, 0);
	assert_string_equal(s, "HTTP 502");
	free(s);
	/* A long message is cut at a UTF-8 boundary: 299 'x' then 'é' straddles 300. */
	memset(longmsg, 0, sizeof(longmsg));
	memcpy(longmsg, "{\"message\":\"", 12);
	memset(longmsg + 12, 'x', 299);
	memcpy(longmsg + 311, "\xc3\xa9yyyy\"}", 8);
	s = serve_kube_http_failure(409, longmsg, strlen(longmsg));
	assert_int_equal(strlen(s), strlen("HTTP 409: ") + 299);
	free(s);
}

static void test_remove_name(void **state)
{
	char max[SERVE_REMOVE_NAME_MAX + 2];

	(void)state;
	assert_true(serve_remove_name_valid("vakt"));
	assert_true(serve_remove_name_valid("guard-vakt.example.com"));
	assert_true(serve_remove_name_valid("0"));
	assert_false(serve_remove_name_valid(""));
	assert_false(serve_remove_name_valid("Vakt"));
	assert_false(serve_remove_name_valid("-vakt"));
	assert_false(serve_remove_name_valid("vakt-"));
	assert_false(serve_remove_name_valid("vakt.-a"));
	assert_false(serve_remove_name_valid("vakt-.a"));
	assert_false(serve_remove_name_valid(".vakt"));
	assert_false(serve_remove_name_valid("vakt."));
	assert_false(serve_remove_name_valid("va..kt"));
	assert_false(serve_remove_name_valid("vakt/../x"));
	assert_false(serve_remove_name_valid("vakt_1"));
	memset(max, 'a', sizeof(max));
	max[SERVE_REMOVE_NAME_MAX] = '\0';
	assert_true(serve_remove_name_valid(max));
	max[SERVE_REMOVE_NAME_MAX] = 'a';
	max[SERVE_REMOVE_NAME_MAX + 1] = '\0';
	assert_false(serve_remove_name_valid(max));
}

static const char vwc_path[] =
    "/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations/guard-vakt";

static void test_remove(void **state)
{
	static const struct answer deleted[] = {{200, "{\"kind\":\"Status\"}"}, {0, NULL}};
	static const struct answer accepted[] = {{202, "{}"}, {0, NULL}};
	static const struct answer absent[] = {{404, "{\"kind\":\"Status\",\"code\":404}"},
	                                       {0, NULL}};
	static const struct answer retried[] = {
	    {429, "{\"message\":\"too many requests\"}"}, {502, ""}, {200, "{}"}, {0, NULL}};
	static const struct answer forbidden[] = {{403, status_403}, {0, NULL}};
	static const struct answer conflict[] = {{409, "{\"message\":\"the object has been "
	                                               "modified\"}"},
	                                         {0, NULL}};
	static const struct answer down[] = {{503, "{\"message\":\"etcd is down\"}"},
	                                     {503, "{\"message\":\"etcd is down\"}"},
	                                     {503, "{\"message\":\"etcd is down\"}"},
	                                     {503, "{\"message\":\"etcd is down\"}"},
	                                     {0, NULL}};
	const struct {
		const struct answer *script;
		int code;
		enum serve_remove_result res;
		size_t requests;
		const char *why;
	} cases[] = {
	    {deleted, 0, SERVE_REMOVE_DELETED, 1, NULL},
	    {accepted, 0, SERVE_REMOVE_DELETED, 1, NULL},
	    {absent, 0, SERVE_REMOVE_ABSENT, 1, NULL},
	    {retried, 0, SERVE_REMOVE_DELETED, 3, NULL},
	    {forbidden, -EACCES, 0, 1,
	     "cannot delete validatingwebhookconfiguration 'guard-vakt': HTTP 403: pods is "
	     "forbidden"},
	    {conflict, -EACCES, 0, 1, "HTTP 409: the object has been modified"},
	    {down, -ETIMEDOUT, 0, 2, "within 2 s: HTTP 503: etcd is down"},
	};
	char *token = write_token("hook\n");

	(void)state;
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(cases); i++) {
		char *u;
		struct serve_remove_opts o = {
		    .token_file = token, .ca_file = "", .deadline_ms = 2000};
		enum serve_remove_result res = 99;
		struct vakt_error *err = NULL;

		server_start(cases[i].script);
		u = url();
		o.api = u;
		assert_int_equal(serve_remove_webhook(&o, "guard-vakt", &res, &err), cases[i].code);
		if (cases[i].code == 0) {
			assert_int_equal(res, cases[i].res);
		} else if (!strstr(err->msg, cases[i].why)) {
			fail_msg("case %zu: '%s' does not say '%s'", i, err->msg, cases[i].why);
		}
		vakt_error_free(err);
		/* down: 0.5 s then 1 s of backoff, then 2 s are up: two or three requests. */
		if (cases[i].script == down)
			assert_true(srv.n >= 2 && srv.n <= 3);
		else
			assert_int_equal(srv.n, cases[i].requests);
		assert_string_equal(srv.method, "DELETE");
		assert_string_equal(srv.path, vwc_path);
		assert_string_equal(srv.auth, "Bearer hook");
		server_stop();
		free(u);
	}
	free(token);
}

/* Nobody listens: the retries stop at the deadline; a bad name is refused first. */
static void test_remove_refused(void **state)
{
	struct serve_remove_opts o = {
	    .api = "http://127.0.0.1:1", .token_file = "", .ca_file = "", .deadline_ms = 1200};
	enum serve_remove_result res;
	struct vakt_error *err = NULL;
	struct timespec t0, t1;

	(void)state;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(serve_remove_webhook(&o, "vakt", &res, &err), -ETIMEDOUT);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	assert_true(t1.tv_sec - t0.tv_sec < 5);
	assert_non_null(strstr(err->msg, "within 2 s: DELETE http://127.0.0.1:1/apis/"));
	vakt_error_free(err);
	err = NULL;
	assert_int_equal(serve_remove_webhook(&o, "../pods", &res, &err), -EINVAL);
	assert_non_null(strstr(err->msg, "'../pods' is not the name"));
	vakt_error_free(err);
	err = NULL;
	o.api = "gopher://x";
	assert_int_equal(serve_remove_webhook(&o, "vakt", &res, &err), -EINVAL);
	vakt_error_free(err);
}

static int setup(void **state)
{
	(void)state;
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
	char *token = vakt_xasprintf("%s/token", tmpdir);

	(void)state;
	unlink(token);
	free(token);
	return rmdir(tmpdir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_request), cmocka_unit_test(test_init_refused),
	    cmocka_unit_test(test_helpers), cmocka_unit_test(test_remove_name),
	    cmocka_unit_test(test_remove),  cmocka_unit_test(test_remove_refused),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
