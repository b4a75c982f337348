/* SPDX-License-Identifier: MIT */
/* The routes and request handling of vakt serve (libmicrohttpd). */
#include "serve-http.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdarg.h>
#include <time.h>
#include <unistd.h>

#include "core/util.h"
#include "serve-dl.h"
#include "serve-judge.h"
#include "serve-log.h"
#include "serve-review.h"
#include "serve-tls.h"
#include "serve-watch.h"

/* One request being read. */
struct conn {
	char *body; /* owned */
	size_t len, cap;
	bool too_large;
	bool counted; /* in st->in_flight */
	struct timespec start;
};

static double since(const struct timespec *t)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - t->tv_sec) + (double)(now.tv_nsec - t->tv_nsec) / 1e9;
}

/* Queue a response of len bytes copied from body. */
static enum MHD_Result answer(struct MHD_Connection *c, unsigned status, const char *type,
                              const char *body, size_t len)
{
	struct MHD_Response *r =
	    MHD_create_response_from_buffer(len, (void *)body, MHD_RESPMEM_MUST_COPY);

	if (!r)
		return MHD_NO;
	MHD_add_response_header(r, "Content-Type", type);
	MHD_add_response_header(r, "Cache-Control", "no-store");
	enum MHD_Result rc = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	return rc;
}

static enum MHD_Result answer_text(struct MHD_Connection *c, unsigned status, const char *text)
{
	return answer(c, status, "text/plain; charset=utf-8", text, strlen(text));
}

/* An error as {"error": "..."}; counted by reason and logged at warn. */
static enum MHD_Result answer_error(struct serve_state *st, struct MHD_Connection *c,
                                    unsigned status, const char *reason, const char *msg)
{
	json_t *doc = json_pack("{s:s}", "error", msg);
	char *text = doc ? json_dumps(doc, JSON_COMPACT) : NULL;

	json_decref(doc);
	serve_metrics_error(st->metrics, reason);
	serve_log_write(
	    &st->opts->log, SERVE_LOG_WARN, "request refused",
	    json_pack("{s:s,s:i,s:s}", "reason", reason, "status", (int)status, "error", msg));
	enum MHD_Result rc =
	    answer(c, status, "application/json", text ? text : "{}", text ? strlen(text) : 2);
	free(text);
	return rc;
}

static bool is_ready(struct serve_state *st)
{
	return !atomic_load(&st->draining) && (!st->watch || serve_watch_synced(st->watch));
}

static enum MHD_Result handle_review(struct serve_state *st, struct MHD_Connection *c,
                                     struct conn *cn)
{
	struct serve_request req;
	struct serve_response resp;
	struct serve_judgement j;
	struct vakt_error *err = NULL;

	if (cn->too_large) {
		char msg[128];
		snprintf(msg, sizeof(msg), "request body larger than %zu bytes",
		         st->opts->body_limit);
		return answer_error(st, c, MHD_HTTP_CONTENT_TOO_LARGE, "too_large", msg);
	}
	if (serve_request_parse(cn->body ? cn->body : "", cn->len, &req, &err) < 0) {
		char *msg = vakt_error_format(err);
		vakt_error_free(err);
		enum MHD_Result rc = answer_error(st, c, MHD_HTTP_BAD_REQUEST, "bad_request", msg);
		free(msg);
		return rc;
	}
	serve_judge(st->opts, st->cache, &req, &resp, &j);
	json_t *doc = serve_response_document(&req, &resp);
	char *text = json_dumps(doc, JSON_COMPACT);
	json_decref(doc);
	double took = since(&cn->start);
	serve_metrics_request(st->metrics, req.kind, req.operation, &j, req.dry_run, took);

	json_t *rules = json_array();
	for (size_t i = 0; i < j.n_deny_rules; i++)
		json_array_append_new(rules, json_string(j.deny_rules[i]));
	json_t *fields =
	    json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:b,s:s,s:b,s:o,s:I,s:f}", "uid", req.uid, "kind",
	              req.kind, "namespace", req.namespace_, "name", req.name, "operation",
	              req.operation, "user", req.username, "dryRun", req.dry_run, "verdict",
	              serve_verdict_name(j.verdict), "allowed", resp.allowed, "rules", rules,
	              "findings", (json_int_t)j.findings, "seconds", took);
	if (fields && j.pss[0])
		json_object_set_new(fields, "pss", json_string(j.pss));
	if (fields && j.skip_why)
		json_object_set_new(fields, "why", json_string(j.skip_why));
	serve_log_write(&st->opts->log,
	                j.verdict == SERVE_VERDICT_SKIP ? SERVE_LOG_DEBUG : SERVE_LOG_INFO,
	                "admission", fields);
	serve_response_release(&resp);
	serve_request_release(&req);
	if (!text)
		return answer_error(st, c, MHD_HTTP_INTERNAL_SERVER_ERROR, "internal",
		                    "cannot write the response");
	enum MHD_Result rc = answer(c, MHD_HTTP_OK, "application/json", text, strlen(text));
	free(text);
	return rc;
}

static enum MHD_Result handle_get(struct serve_state *st, struct MHD_Connection *c, const char *url)
{
	if (strcmp(url, "/healthz") == 0 || strcmp(url, "/livez") == 0)
		return answer_text(c, MHD_HTTP_OK, "ok\n");
	if (strcmp(url, "/readyz") == 0) {
		if (is_ready(st))
			return answer_text(c, MHD_HTTP_OK, "ok\n");
		return answer_text(c, MHD_HTTP_SERVICE_UNAVAILABLE,
		                   atomic_load(&st->draining)
		                       ? "shutting down\n"
		                       : "namespace watch has not listed the Namespaces yet\n");
	}
	if (strcmp(url, "/metrics") == 0) {
		size_t len;
		char *text =
		    serve_metrics_render(st->metrics, serve_ns_cache_count(st->cache),
		                         st->watch ? (int)serve_watch_synced(st->watch) : -1,
		                         atomic_load(&st->in_flight), &len);
		enum MHD_Result rc =
		    answer(c, MHD_HTTP_OK, "text/plain; version=0.0.4; charset=utf-8", text, len);
		free(text);
		return rc;
	}
	return answer_error(st, c, MHD_HTTP_NOT_FOUND, "not_found",
	                    "no such path; vakt serve answers POST /validate, GET /healthz, "
	                    "/readyz and /metrics");
}

static bool known_get(const char *url)
{
	return strcmp(url, "/healthz") == 0 || strcmp(url, "/livez") == 0 ||
	       strcmp(url, "/readyz") == 0 || strcmp(url, "/metrics") == 0;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_data_size, void **con_cls)
{
	struct serve_state *st = cls;
	struct conn *cn = *con_cls;

	(void)version;
	if (!cn) {
		cn = calloc(1, sizeof(*cn));
		if (!cn)
			return MHD_NO;
		clock_gettime(CLOCK_MONOTONIC, &cn->start);
		cn->counted = true;
		atomic_fetch_add(&st->in_flight, 1);
		*con_cls = cn;
		if (strcmp(method, "POST") == 0 && strcmp(url, "/validate") == 0) {
			const char *cl = MHD_lookup_connection_value(
			    c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
			if (cl && strtoull(cl, NULL, 10) > st->opts->body_limit)
				cn->too_large = true;
			return MHD_YES;
		}
		if (strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0)
			return MHD_YES;
		if (strcmp(url, "/validate") == 0 || known_get(url))
			return answer_error(st, c, MHD_HTTP_METHOD_NOT_ALLOWED, "method",
			                    strcmp(url, "/validate") == 0 ? "/validate takes POST"
			                                                  : "this path takes GET");
		return answer_error(st, c, MHD_HTTP_NOT_FOUND, "not_found", "no such path");
	}
	if (*upload_data_size > 0) {
		size_t n = *upload_data_size;
		*upload_data_size = 0;
		if (cn->too_large || cn->len + n > st->opts->body_limit) {
			cn->too_large = true;
			free(cn->body);
			cn->body = NULL;
			cn->len = cn->cap = 0;
			return MHD_YES;
		}
		if (cn->len + n + 1 > cn->cap) {
			size_t cap = cn->cap ? cn->cap : 16384;
			while (cap < cn->len + n + 1)
				cap *= 2;
			char *b = realloc(cn->body, cap);
			if (!b)
				return MHD_NO;
			cn->body = b;
			cn->cap = cap;
		}
		memcpy(cn->body + cn->len, upload_data, n);
		cn->len += n;
		return MHD_YES;
	}
	if (strcmp(method, "POST") == 0)
		return handle_review(st, c, cn);
	if (strcmp(url, "/validate") == 0)
		return answer_error(st, c, MHD_HTTP_METHOD_NOT_ALLOWED, "method",
		                    "/validate takes POST");
	return handle_get(st, c, url);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
	struct serve_state *st = cls;
	struct conn *cn = *con_cls;

	(void)c;
	if (toe == MHD_REQUEST_TERMINATED_TIMEOUT_REACHED)
		serve_metrics_error(st->metrics, "timeout");
	if (!cn)
		return;
	if (cn->counted)
		atomic_fetch_sub(&st->in_flight, 1);
	free(cn->body);
	free(cn);
	*con_cls = NULL;
}

/* libmicrohttpd's own messages (a printf format: clang checks the call). */
static void on_mhd_log(void *cls, const char *fmt, va_list ap) VAKT_PRINTF(2, 0);
static void on_mhd_log(void *cls, const char *fmt, va_list ap)
{
	struct serve_state *st = cls;
	char msg[512];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	size_t n = strlen(msg);
	while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == '\r'))
		msg[--n] = '\0';
	/* TLS garbage and dropped clients are the network's business: debug, not error. */
	serve_log_write(&st->opts->log, SERVE_LOG_DEBUG, "http", json_pack("{s:s}", "detail", msg));
}

/* Parse "ADDR:PORT", "[V6]:PORT" or ":PORT". */
static int parse_listen(const char *s, struct sockaddr_storage *ss, bool *any, unsigned *port,
                        struct vakt_error **err)
{
	const char *colon = strrchr(s, ':');
	char host[128];
	char *end;

	memset(ss, 0, sizeof(*ss));
	if (!colon)
		goto bad;
	unsigned long p = strtoul(colon + 1, &end, 10);
	if (colon[1] == '\0' || *end || p > 65535)
		goto bad;
	*port = (unsigned)p;
	size_t hl = (size_t)(colon - s);
	if (hl == 0) {
		*any = true;
		return 0;
	}
	*any = false;
	if (s[0] == '[') {
		if (hl < 2 || s[hl - 1] != ']' || hl - 2 >= sizeof(host))
			goto bad;
		memcpy(host, s + 1, hl - 2);
		host[hl - 2] = '\0';
		struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)ss;
		a6->sin6_family = AF_INET6;
		a6->sin6_port = htons((uint16_t)p);
		if (inet_pton(AF_INET6, host, &a6->sin6_addr) != 1)
			goto bad;
		return 0;
	}
	if (hl >= sizeof(host))
		goto bad;
	memcpy(host, s, hl);
	host[hl] = '\0';
	struct sockaddr_in *a4 = (struct sockaddr_in *)ss;
	a4->sin_family = AF_INET;
	a4->sin_port = htons((uint16_t)p);
	if (inet_pton(AF_INET, host, &a4->sin_addr) != 1)
		goto bad;
	return 0;
bad:
	return vakt_error_set(err, -EINVAL,
	                      "invalid --listen '%s': expected ADDR:PORT, [IPV6]:PORT or :PORT", s);
}

/* Returns the daemon (stopped with serve_http_stop()), or NULL with *err. */
void *serve_http_start(struct serve_state *st, unsigned *port, struct vakt_error **err)
{
	const struct serve_opts *o = st->opts;
	struct sockaddr_storage ss;
	bool any = false;
	unsigned want = 0;

	if (parse_listen(o->listen, &ss, &any, &want, err) < 0)
		return NULL;
	unsigned flags = MHD_USE_TLS | MHD_USE_EPOLL | MHD_USE_INTERNAL_POLLING_THREAD |
	                 MHD_USE_ITC | MHD_USE_ERROR_LOG;
	if (any)
		flags |= MHD_USE_DUAL_STACK;
	else if (ss.ss_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	unsigned threads = o->threads;
	if (threads == 0) {
		long n = sysconf(_SC_NPROCESSORS_ONLN);
		threads = n > 0 ? (unsigned)n : 1;
	}
	struct MHD_OptionItem opts[] = {
	    {MHD_OPTION_THREAD_POOL_SIZE, threads, NULL},
	    {MHD_OPTION_CONNECTION_LIMIT, o->connections, NULL},
	    {MHD_OPTION_CONNECTION_TIMEOUT, o->timeout, NULL},
	    {MHD_OPTION_HTTPS_PRIORITIES, 0, (void *)"NORMAL:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2"},
	    {MHD_OPTION_END, 0, NULL},
	};
	struct MHD_Daemon *d = MHD_start_daemon(
	    flags, (uint16_t)want, NULL, NULL, on_request, st, MHD_OPTION_ARRAY, opts,
	    MHD_OPTION_HTTPS_CERT_CALLBACK, serve_tls_retrieve, MHD_OPTION_NOTIFY_COMPLETED,
	    on_completed, st, MHD_OPTION_EXTERNAL_LOGGER, on_mhd_log, st,
	    any ? MHD_OPTION_END : MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss, MHD_OPTION_END);
	if (!d) {
		vakt_error_set(err, -EADDRINUSE,
		               "cannot listen on %s: the address is in use, not this machine's, or "
		               "needs privileges",
		               o->listen);
		return NULL;
	}
	const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	*port = info ? info->port : want;
	return d;
}

void serve_http_quiesce(void *daemon)
{
	MHD_socket s = MHD_quiesce_daemon(daemon);

	if (s != MHD_INVALID_SOCKET)
		close(s);
}

void serve_http_stop(void *daemon)
{
	if (daemon)
		MHD_stop_daemon(daemon);
}
