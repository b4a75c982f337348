/* SPDX-License-Identifier: MIT */
/* vakt serve's life: start, reload certificates, drain on SIGTERM (serve.h). */
#include "serve.h"

#include <errno.h>
#include <pthread.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/util.h"
#include "serve-dl.h"
#include "serve-http.h"
#include "serve-log.h"
#include "serve-metrics.h"
#include "serve-ns.h"
#include "serve-tls.h"
#include "serve-watch.h"

/* Seconds between two looks at the certificate files. */
#define RELOAD_INTERVAL 2

void serve_opts_init(struct serve_opts *o, const struct vakt_config *config)
{
	memset(o, 0, sizeof(*o));
	o->listen = ":8443";
	o->mode = SERVE_MODE_DENY;
	o->hardened = VAKT_SEV_CRITICAL;
	o->warn_min = VAKT_SEV_MEDIUM;
	o->config = config;
	o->body_limit = SERVE_DEFAULT_BODY_LIMIT;
	o->timeout = SERVE_DEFAULT_TIMEOUT;
	o->drain = SERVE_DEFAULT_DRAIN;
	o->connections = SERVE_DEFAULT_CONNECTIONS;
	o->log.fd = 2;
	o->log.min = SERVE_LOG_INFO;
}

void serve_opts_release(struct serve_opts *o)
{
	vakt_strv_release(&o->exempt_namespaces);
	vakt_strv_release(&o->exempt_users);
	vakt_strv_release(&o->exempt_runtime_classes);
}

static int write_port_file(const char *path, unsigned port, struct vakt_error **err)
{
	char tmp[4096];
	char text[16];

	/* Written whole then renamed: a test polling for it never reads half a number. */
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return vakt_error_set_at(err, -errno, path, 0, 0, "cannot write: %s",
		                         strerror(errno));
	int n = snprintf(text, sizeof(text), "%u\n", port);
	bool ok = write(fd, text, (size_t)n) == n;
	ok = close(fd) == 0 && ok;
	if (!ok || rename(tmp, path) < 0) {
		unlink(tmp);
		return vakt_error_set_at(err, -EIO, path, 0, 0, "cannot write");
	}
	return 0;
}

static double now_s(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void reload_tls(const struct serve_opts *o, struct serve_metrics *m)
{
	struct vakt_error *e = NULL;
	int r = serve_tls_reload_if_changed(&e);

	if (r == 1) {
		serve_metrics_tls_reload(m, true);
		serve_log_write(&o->log, SERVE_LOG_INFO, "certificate reloaded",
		                json_pack("{s:s,s:s}", "cert", o->tls_cert, "key", o->tls_key));
	} else if (r < 0) {
		char *msg = vakt_error_format(e);
		serve_metrics_tls_reload(m, false);
		serve_log_write(&o->log, SERVE_LOG_ERROR,
		                "certificate reload failed; still serving the previous one",
		                json_pack("{s:s}", "error", msg));
		free(msg);
		vakt_error_free(e);
	}
}

int serve_run(const struct serve_opts *o, struct vakt_error **err)
{
	struct serve_state st = {.opts = o};
	void *daemon = NULL;
	unsigned port = 0;
	sigset_t set, old;
	int rc;

	if ((rc = serve_dl_load_http(err)) < 0)
		return rc;
	if ((rc = serve_tls_load(o->tls_cert, o->tls_key, err)) < 0)
		return rc;
	st.cache = serve_ns_cache_new();
	st.metrics = serve_metrics_new();
	if (!st.cache || !st.metrics) {
		rc = vakt_error_set(err, -ENOMEM, "out of memory");
		goto out;
	}
	/* Every thread started from here on leaves SIGTERM and SIGINT to sigtimedwait() below. */
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	pthread_sigmask(SIG_BLOCK, &set, &old);
	signal(SIGPIPE, SIG_IGN);
	if (o->watch_api) {
		struct serve_watch_opts wo = {o->watch_api, o->watch_token_file, o->watch_ca_file,
		                              &o->log};
		if ((rc = serve_watch_start(&wo, st.cache, &st.watch, err)) < 0)
			goto out;
	}
	daemon = serve_http_start(&st, &port, err);
	if (!daemon) {
		rc = -EADDRINUSE;
		goto out;
	}
	if (o->port_file && (rc = write_port_file(o->port_file, port, err)) < 0)
		goto out;
	serve_log_write(&o->log, SERVE_LOG_INFO, "serving",
	                json_pack("{s:s,s:i,s:s,s:s,s:b}", "listen", o->listen, "port", (int)port,
	                          "mode",
	                          o->mode == SERVE_MODE_DENY   ? "deny"
	                          : o->mode == SERVE_MODE_WARN ? "warn"
	                                                       : "audit",
	                          "pss", o->pss ? o->pss : "baseline", "watch", st.watch != NULL));
	int sig = 0;
	while (sig <= 0) {
		struct timespec tick = {RELOAD_INTERVAL, 0};
		sig = sigtimedwait(&set, NULL, &tick);
		if (sig < 0 && errno != EAGAIN && errno != EINTR)
			break;
		if (sig <= 0)
			reload_tls(o, st.metrics);
	}
	/* Drain: not ready (the Service stops sending), no new connections, finish what is begun.
	 */
	atomic_store(&st.draining, true);
	serve_log_write(&o->log, SERVE_LOG_INFO, "shutting down",
	                json_pack("{s:s,s:I}", "signal", sig == SIGINT ? "SIGINT" : "SIGTERM",
	                          "in_flight", (json_int_t)atomic_load(&st.in_flight)));
	serve_http_quiesce(daemon);
	double deadline = now_s() + o->drain;
	while (atomic_load(&st.in_flight) > 0 && now_s() < deadline) {
		struct timespec ms = {0, 20 * 1000 * 1000};
		nanosleep(&ms, NULL);
	}
	size_t left = atomic_load(&st.in_flight);
	serve_log_write(&o->log, left ? SERVE_LOG_WARN : SERVE_LOG_INFO, "stopped",
	                json_pack("{s:I}", "unfinished", (json_int_t)left));
	rc = 0;
out:
	serve_http_stop(daemon);
	serve_watch_stop(st.watch);
	serve_metrics_free(st.metrics);
	serve_ns_cache_free(st.cache);
	serve_tls_release();
	return rc;
}
