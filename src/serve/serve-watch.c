/* SPDX-License-Identifier: MIT */
/*
 * The namespace watch's thread (serve-watch.h): list, then watch from the
 * list's resourceVersion, for as long as vakt serve runs. One libcurl easy
 * handle per request, so that the token file is read again and the CA file
 * loaded again at every connection.
 *
 * What ends a request: the server (a watch ends after timeoutSeconds, 300),
 * a 410 Gone or an ERROR event (relist), a failure (reconnect after a capped
 * exponential backoff, 0.5 s doubling to 30 s; a watch that delivered an
 * event resets it), or serve_watch_stop(), which shuts the request's sockets
 * down (vakt opens them through curl's socket callbacks, so it knows them)
 * and sets a flag the transfer callback also sees, at least once a second.
 *
 * A connection that died without a word is noticed by TCP keepalives (30 s
 * idle, then a probe every 15 s) and bounded by the request's own timeout.
 * A watch has no low-speed limit: a quiet cluster sends nothing for minutes
 * on a healthy connection (bookmarks are not sent by every server). A list
 * does: less than 1 KiB/s for 30 s drops it.
 */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "core/util.h"
#include "serve-dl.h"
#include "serve-kube.h"
#include "serve-watch.h"

/* Largest NamespaceList body read (after decompression). */
#define SERVE_WATCH_MAX_LIST (64u * 1024 * 1024)
/* Most of an error answer's body kept for the log. */
#define ERROR_BODY_MAX 4096
/* The server ends a watch after this; the request's own timeout is a minute more. */
#define WATCH_TIMEOUT_SECONDS 300
/* A list that delivers less than LIST_LOW_SPEED bytes/s for this long is dropped. */
#define LIST_LOW_SPEED         1024L
#define LIST_LOW_SPEED_SECONDS 30L
/* Sockets of one request that stop can shut down (happy eyeballs opens two). */
#define WATCH_SOCKETS  4
#define BACKOFF_MIN_MS 500u
#define BACKOFF_MAX_MS 30000u

struct serve_watch {
	pthread_t thread;
	pthread_mutex_t lock;     /* guards wake and socks */
	pthread_cond_t wake;      /* signalled by serve_watch_stop() */
	int socks[WATCH_SOCKETS]; /* the request's open sockets, -1 for none */
	atomic_bool stop;
	atomic_bool synced;
	struct serve_kube_client kube;
	struct serve_log log;
	struct serve_ns_cache *cache; /* borrowed */
	char rv[128];                 /* where the next watch starts */
	unsigned backoff_ms;          /* the last wait, 0 after progress */
};

enum outcome {
	OUT_OK,   /* 200, read to the end */
	OUT_GONE, /* 410 or an ERROR event: relist */
	OUT_FAIL, /* anything else: *why says what */
	OUT_STOP, /* serve_watch_stop() */
};

/* One request in flight. */
struct xfer {
	struct serve_watch *w;
	CURL *c;
	bool watch;
	long status;          /* the response's, read at its first byte of body */
	struct vakt_buf body; /* the list, or the start of an error answer */
	bool too_big;         /* the list passed SERVE_WATCH_MAX_LIST */
	struct serve_watch_stream stream;
	int feed_rc;
};

char *serve_watch_in_cluster_url(void)
{
	return serve_kube_in_cluster_url();
}

static size_t on_body(char *p, size_t size, size_t nmemb, void *ud)
{
	struct xfer *x = ud;
	size_t n = size * nmemb;

	if (x->status == 0)
		curl_easy_getinfo(x->c, CURLINFO_RESPONSE_CODE, &x->status);
	if (x->status != 200) {
		if (x->body.len < ERROR_BODY_MAX)
			vakt_buf_add(
			    &x->body, p,
			    n < ERROR_BODY_MAX - x->body.len ? n : ERROR_BODY_MAX - x->body.len);
		return n;
	}
	if (!x->watch) {
		if (n > SERVE_WATCH_MAX_LIST - x->body.len) {
			x->too_big = true;
			return 0; /* curl stops with CURLE_WRITE_ERROR */
		}
		vakt_buf_add(&x->body, p, n);
		return n;
	}
	x->feed_rc = serve_watch_stream_feed(&x->stream, p, n, x->w->cache, &x->w->log);
	if (x->feed_rc < 0 || x->stream.gone)
		return 0;
	return n;
}

/* curl's socket, opened here so that stop can shut it down. */
static curl_socket_t on_open_socket(void *ud, curlsocktype purpose, struct curl_sockaddr *a)
{
	struct serve_watch *w = ud;
	int fd = socket(a->family, a->socktype | SOCK_CLOEXEC, a->protocol);

	if (fd < 0)
		return CURL_SOCKET_BAD;
	pthread_mutex_lock(&w->lock);
	if (atomic_load(&w->stop)) {
		close(fd);
		fd = CURL_SOCKET_BAD;
	}
	for (size_t i = 0; fd >= 0 && i < WATCH_SOCKETS; i++) {
		if (w->socks[i] < 0) {
			w->socks[i] = fd;
			break;
		}
	}
	pthread_mutex_unlock(&w->lock);
	return fd;
}

/* Closed under the lock: stop never shuts down a number already reused. */
static int on_close_socket(void *ud, curl_socket_t fd)
{
	struct serve_watch *w = ud;

	pthread_mutex_lock(&w->lock);
	for (size_t i = 0; i < WATCH_SOCKETS; i++)
		if (w->socks[i] == fd)
			w->socks[i] = -1;
	close(fd);
	pthread_mutex_unlock(&w->lock);
	return 0;
}

static int on_progress(void *ud, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal,
                       curl_off_t ulnow)
{
	const struct serve_watch *w = ud;

	return atomic_load(&w->stop) ? 1 : 0;
}

/* The watch's own options, beyond serve_kube_setup()'s. */
static void set_watch_options(struct serve_watch *w, struct xfer *x)
{
	CURL *c = x->c;

	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, x);
	curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
	curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_progress);
	curl_easy_setopt(c, CURLOPT_XFERINFODATA, w);
	curl_easy_setopt(c, CURLOPT_OPENSOCKETFUNCTION, on_open_socket);
	curl_easy_setopt(c, CURLOPT_OPENSOCKETDATA, w);
	curl_easy_setopt(c, CURLOPT_CLOSESOCKETFUNCTION, on_close_socket);
	curl_easy_setopt(c, CURLOPT_CLOSESOCKETDATA, w);
	if (x->watch) {
		curl_easy_setopt(c, CURLOPT_TIMEOUT, (long)WATCH_TIMEOUT_SECONDS + 60);
	} else {
		curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, LIST_LOW_SPEED);
		curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, LIST_LOW_SPEED_SECONDS);
	}
}

/* One GET of path. *why (caller frees) says what failed with OUT_FAIL. */
static enum outcome perform(struct serve_watch *w, const char *path, struct xfer *x, char **why)
{
	char errbuf[CURL_ERROR_SIZE] = "";
	struct curl_slist *hdr = NULL;
	struct vakt_error *err = NULL;
	CURLcode cc;

	x->w = w;
	x->c = curl_easy_init();
	if (!x->c) {
		cc = CURLE_OUT_OF_MEMORY;
	} else if (serve_kube_setup(&w->kube, x->c, path, errbuf, &hdr, &err) < 0) {
		/* The token file, read at each connection. */
		curl_easy_cleanup(x->c);
		x->c = NULL;
		*why = vakt_xstrdup(err->msg);
		vakt_error_free(err);
		return OUT_FAIL;
	} else {
		set_watch_options(w, x);
		cc = curl_easy_perform(x->c);
		if (x->status == 0)
			curl_easy_getinfo(x->c, CURLINFO_RESPONSE_CODE, &x->status);
	}
	curl_easy_cleanup(x->c);
	x->c = NULL;
	curl_slist_free_all(hdr);

	if (atomic_load(&w->stop))
		return OUT_STOP;
	if (x->stream.gone || x->status == 410)
		return OUT_GONE;
	if (x->too_big)
		*why = vakt_xasprintf("the namespace list is larger than %u MiB",
		                      SERVE_WATCH_MAX_LIST >> 20);
	else if (x->feed_rc == -E2BIG)
		*why = vakt_xasprintf("a watch event is longer than %u MiB",
		                      SERVE_WATCH_MAX_LINE >> 20);
	else if (x->feed_rc < 0)
		*why = vakt_xasprintf("cannot read the watch: %s", strerror(-x->feed_rc));
	else if (cc != CURLE_OK)
		*why = vakt_xstrdup(errbuf[0] ? errbuf : curl_easy_strerror(cc));
	else if (x->status == 0)
		*why = vakt_xstrdup("no HTTP answer");
	else if (x->status != 200)
		*why = serve_kube_http_failure(x->status, x->body.data, x->body.len);
	else
		return OUT_OK;
	return OUT_FAIL;
}

static enum outcome do_list(struct serve_watch *w, char **why)
{
	struct xfer x = {.watch = false, .body = VAKT_BUF_INIT};
	struct vakt_error *err = NULL;
	enum outcome o = perform(w, "/api/v1/namespaces", &x, why);

	if (o == OUT_GONE) { /* a list is never too old: a 410 here is a failure */
		*why = serve_kube_http_failure(x.status, x.body.data, x.body.len);
		o = OUT_FAIL;
	}
	if (o == OUT_OK && serve_watch_apply_list(x.body.data ? x.body.data : "", x.body.len,
	                                          w->cache, w->rv, &err) < 0) {
		*why = vakt_xstrdup(err->msg);
		vakt_error_free(err);
		o = OUT_FAIL;
	}
	if (o == OUT_OK) {
		json_t *f =
		    json_pack("{s:s, s:I, s:s}", "api", w->kube.api, "namespaces",
		              (json_int_t)serve_ns_cache_count(w->cache), "resourceVersion", w->rv);
		serve_log_write(&w->log, SERVE_LOG_INFO, "namespace watch: namespaces listed", f);
	}
	vakt_buf_release(&x.body);
	return o;
}

/* *events: how many events the watch applied (progress, whatever the outcome). */
static enum outcome do_watch(struct serve_watch *w, char **why, size_t *events)
{
	struct xfer x = {.watch = true, .body = VAKT_BUF_INIT};
	struct vakt_buf url = VAKT_BUF_INIT;
	enum outcome o;

	vakt_buf_addf(&url, "/api/v1/namespaces?watch=1&resourceVersion=");
	serve_kube_add_escaped(&url, w->rv);
	vakt_buf_addf(&url, "&allowWatchBookmarks=true&timeoutSeconds=%d", WATCH_TIMEOUT_SECONDS);
	snprintf(x.stream.resource_version, sizeof(x.stream.resource_version), "%s", w->rv);
	o = perform(w, url.data, &x, why);
	if (o == OUT_GONE && x.status == 410) {
		char *m = serve_kube_http_failure(x.status, x.body.data, x.body.len);
		serve_log_write(&w->log, SERVE_LOG_INFO, "namespace watch: gone, relisting",
		                json_pack("{s:s, s:s}", "api", w->kube.api, "error", m));
		free(m);
	}
	snprintf(w->rv, sizeof(w->rv), "%s", x.stream.resource_version);
	*events = x.stream.events;
	serve_watch_stream_release(&x.stream);
	vakt_buf_release(&x.body);
	vakt_buf_release(&url);
	return o;
}

static void log_failure(struct serve_watch *w, const char *what, const char *why, unsigned wait_ms)
{
	json_t *f = json_pack("{s:s, s:s, s:s, s:I}", "api", w->kube.api, "request", what, "error",
	                      why, "retry_in_ms", (json_int_t)wait_ms);

	serve_log_write(&w->log, SERVE_LOG_WARN, "namespace watch: request failed", f);
}

static unsigned next_backoff(struct serve_watch *w)
{
	unsigned ms = w->backoff_ms ? w->backoff_ms * 2 : BACKOFF_MIN_MS;

	w->backoff_ms = ms > BACKOFF_MAX_MS ? BACKOFF_MAX_MS : ms;
	return w->backoff_ms;
}

/* Sleep ms, or less when serve_watch_stop() is called. */
static void backoff_wait(struct serve_watch *w, unsigned ms)
{
	struct timespec until;

	clock_gettime(CLOCK_MONOTONIC, &until);
	until.tv_sec += ms / 1000;
	until.tv_nsec += (long)(ms % 1000) * 1000000L;
	if (until.tv_nsec >= 1000000000L) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000L;
	}
	pthread_mutex_lock(&w->lock);
	while (!atomic_load(&w->stop) &&
	       pthread_cond_timedwait(&w->wake, &w->lock, &until) != ETIMEDOUT) {
	}
	pthread_mutex_unlock(&w->lock);
}

static void *watch_main(void *arg)
{
	struct serve_watch *w = arg;
	bool need_list = true;

	while (!atomic_load(&w->stop)) {
		char *why = NULL;
		size_t events = 0;
		enum outcome o;

		if (need_list) {
			o = do_list(w, &why);
			if (o == OUT_FAIL) {
				unsigned ms = next_backoff(w);
				log_failure(w, "list", why, ms);
				free(why);
				backoff_wait(w, ms);
				continue;
			}
			if (o == OUT_STOP)
				break;
			need_list = false;
			atomic_store(&w->synced, true);
		}
		o = do_watch(w, &why, &events);
		if (o == OUT_STOP) {
			free(why);
			break;
		}
		if (events > 0)
			w->backoff_ms = 0;
		if (o == OUT_GONE)
			need_list = true;
		/* Without progress, wait before trying again (never a tight loop). */
		unsigned ms = events > 0 ? 0 : next_backoff(w);
		if (o == OUT_FAIL)
			log_failure(w, "watch", why, ms);
		free(why);
		if (ms)
			backoff_wait(w, ms);
	}
	return NULL;
}

static void watch_free(struct serve_watch *w)
{
	serve_kube_client_release(&w->kube);
	free(w);
}

int serve_watch_start(const struct serve_watch_opts *o, struct serve_ns_cache *cache,
                      struct serve_watch **out, struct vakt_error **err)
{
	struct serve_watch *w;
	pthread_condattr_t ca;
	char *in_cluster = o->api ? NULL : serve_kube_in_cluster_url();
	int r;

	if (!o->api && !in_cluster)
		return vakt_error_set(err, -EINVAL,
		                      "no API server to watch namespaces through: not in a pod "
		                      "(KUBERNETES_SERVICE_HOST and _PORT unset) and no URL given");
	w = vakt_xcalloc(1, sizeof(*w));
	w->cache = cache;
	w->log = o->log ? *o->log : (struct serve_log){.fd = -1, .min = SERVE_LOG_ERROR};
	r = serve_kube_client_init(&w->kube, o->api ? o->api : in_cluster, o->token_file,
	                           o->ca_file, err);
	free(in_cluster);
	if (r < 0)
		goto fail;
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&w->wake, &ca);
	pthread_condattr_destroy(&ca);
	pthread_mutex_init(&w->lock, NULL);
	for (size_t i = 0; i < WATCH_SOCKETS; i++)
		w->socks[i] = -1;
	r = -pthread_create(&w->thread, NULL, watch_main, w);
	if (r < 0) {
		vakt_error_set(err, r, "cannot start the namespace watch: %s", strerror(-r));
		pthread_cond_destroy(&w->wake);
		pthread_mutex_destroy(&w->lock);
		goto fail;
	}
	*out = w;
	return 0;
fail:
	watch_free(w);
	return r;
}

const struct serve_kube_client *serve_watch_client(const struct serve_watch *w)
{
	return w ? &w->kube : NULL;
}

bool serve_watch_synced(const struct serve_watch *w)
{
	return w && atomic_load(&w->synced);
}

void serve_watch_stop(struct serve_watch *w)
{
	if (!w)
		return;
	pthread_mutex_lock(&w->lock);
	atomic_store(&w->stop, true);
	pthread_cond_broadcast(&w->wake);
	/* A long poll waits for bytes that may not come for minutes: end it now. */
	for (size_t i = 0; i < WATCH_SOCKETS; i++)
		if (w->socks[i] >= 0)
			shutdown(w->socks[i], SHUT_RDWR);
	pthread_mutex_unlock(&w->lock);
	pthread_join(w->thread, NULL);
	pthread_cond_destroy(&w->wake);
	pthread_mutex_destroy(&w->lock);
	watch_free(w);
}
