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
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/util.h"
#include "serve-dl.h"
#include "serve-watch.h"

#define SA_DIR "/var/run/secrets/kubernetes.io/serviceaccount"
/* Largest NamespaceList body read (after decompression). */
#define SERVE_WATCH_MAX_LIST (64u * 1024 * 1024)
/* Largest token file read; a service-account token is one or two kilobytes. */
#define TOKEN_MAX (64 * 1024)
/* Most of an error answer's body kept for the log. */
#define ERROR_BODY_MAX 4096
/* The server ends a watch after this; the request's own timeout is a minute more. */
#define WATCH_TIMEOUT_SECONDS   300
#define CONNECT_TIMEOUT_SECONDS 10
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
	char *api; /* owned, without a trailing '/' */
	char *token_file;
	char *ca_file;
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
	const char *host = getenv("KUBERNETES_SERVICE_HOST");
	const char *port = getenv("KUBERNETES_SERVICE_PORT");
	long p;

	if (!host || !*host || !port || strspn(port, "0123456789") != strlen(port) ||
	    vakt_parse_long(port, 1, 65535, &p) < 0)
		return NULL;
	/* A host name, an IPv4 or an IPv6 address: nothing else may enter the URL. */
	for (const char *s = host; *s; s++) {
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || *s == '.' || *s == '-' || *s == ':'))
			return NULL;
	}
	if (strchr(host, ':'))
		return vakt_xasprintf("https://[%s]:%ld", host, p);
	return vakt_xasprintf("https://%s:%ld", host, p);
}

/*
 * Read a bearer token: the file's text without surrounding white space,
 * which must be printable ASCII without spaces (it goes into a header).
 * Returns 0 and *out (caller frees), or a negative code with *err.
 */
static int read_token(const char *path, char **out, struct vakt_error **err)
{
	char *buf = NULL;
	size_t len = 0, start = 0;
	struct stat st;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	int r = 0;

	if (fd < 0)
		return vakt_error_set(err, -errno, "cannot read the token file '%s': %s", path,
		                      strerror(errno));
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		r = vakt_error_set(err, -EINVAL, "cannot read the token file '%s': not a file",
		                   path);
		goto out;
	}
	buf = vakt_xmalloc(TOKEN_MAX + 1);
	while (len <= TOKEN_MAX) {
		ssize_t k = read(fd, buf + len, TOKEN_MAX + 1 - len);
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0) {
			r = vakt_error_set(err, -errno, "cannot read the token file '%s': %s", path,
			                   strerror(errno));
			goto out;
		}
		if (k == 0)
			break;
		len += (size_t)k;
	}
	if (len > TOKEN_MAX) {
		r = vakt_error_set(err, -E2BIG, "token file '%s' is larger than %d bytes", path,
		                   TOKEN_MAX);
		goto out;
	}
	while (len > 0 && strchr(" \t\r\n", buf[len - 1]))
		len--;
	while (start < len && strchr(" \t\r\n", buf[start]))
		start++;
	if (start == len) {
		r = vakt_error_set(err, -EINVAL, "token file '%s' is empty", path);
		goto out;
	}
	for (size_t i = start; i < len; i++) {
		if (buf[i] <= 0x20 || buf[i] >= 0x7f) {
			r = vakt_error_set(
			    err, -EINVAL,
			    "token file '%s' holds a character a bearer token cannot "
			    "have (byte %zu)",
			    path, i + 1);
			goto out;
		}
	}
	*out = vakt_xstrndup(buf + start, len - start);
out:
	if (buf) {
		explicit_bzero(buf, TOKEN_MAX + 1);
		free(buf);
	}
	close(fd);
	return r;
}

/* Percent-encode what is not unreserved in a URL (RFC 3986). */
static void add_escaped(struct vakt_buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";

	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;
		if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		    (ch >= '0' && ch <= '9') || ch == '-' || ch == '.' || ch == '_' || ch == '~') {
			vakt_buf_addc(b, (char)ch);
		} else {
			vakt_buf_addc(b, '%');
			vakt_buf_addc(b, hex[ch >> 4]);
			vakt_buf_addc(b, hex[ch & 15]);
		}
	}
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

/* What an error answer says: its Status message when it has one. Caller frees. */
static char *http_failure(long status, const struct vakt_buf *body)
{
	json_t *j = body->len ? json_loadb(body->data, body->len, 0, NULL) : NULL;
	const char *m = json_string_value(json_object_get(j, "message"));
	size_t n = m ? strlen(m) : 0;

	if (n > 300) /* cut at a character boundary: the log is UTF-8 */
		for (n = 300; n > 0 && ((unsigned char)m[n] & 0xc0) == 0x80; n--) {
		}
	char *s = m ? vakt_xasprintf("HTTP %ld: %.*s", status, (int)n, m)
	            : vakt_xasprintf("HTTP %ld", status);

	json_decref(j);
	return s;
}

static void set_common_options(struct serve_watch *w, struct xfer *x, const char *url,
                               struct curl_slist *hdr, char *errbuf)
{
	CURL *c = x->c;

	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdr);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, x);
	curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
	curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_progress);
	curl_easy_setopt(c, CURLOPT_XFERINFODATA, w);
	curl_easy_setopt(c, CURLOPT_OPENSOCKETFUNCTION, on_open_socket);
	curl_easy_setopt(c, CURLOPT_OPENSOCKETDATA, w);
	curl_easy_setopt(c, CURLOPT_CLOSESOCKETFUNCTION, on_close_socket);
	curl_easy_setopt(c, CURLOPT_CLOSESOCKETDATA, w);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	/* Only the URL's own scheme: an https watch never falls back to http. */
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR,
	                 vakt_starts_with(w->api, "https://") ? "https" : "http");
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "vakt/" VAKT_VERSION);
	curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, ""); /* gzip lists; bounded after inflation */
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, (long)CONNECT_TIMEOUT_SECONDS);
	curl_easy_setopt(c, CURLOPT_TCP_KEEPALIVE, 1L);
	curl_easy_setopt(c, CURLOPT_TCP_KEEPIDLE, 30L);
	curl_easy_setopt(c, CURLOPT_TCP_KEEPINTVL, 15L);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
	if (w->ca_file[0])
		curl_easy_setopt(c, CURLOPT_CAINFO, w->ca_file);
	if (x->watch) {
		curl_easy_setopt(c, CURLOPT_TIMEOUT, (long)WATCH_TIMEOUT_SECONDS + 60);
	} else {
		curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, LIST_LOW_SPEED);
		curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, LIST_LOW_SPEED_SECONDS);
	}
}

/* One GET of url. *why (caller frees) says what failed with OUT_FAIL. */
static enum outcome perform(struct serve_watch *w, const char *url, struct xfer *x, char **why)
{
	char errbuf[CURL_ERROR_SIZE] = "";
	struct curl_slist *hdr = NULL, *h;
	struct vakt_error *err = NULL;
	char *token = NULL, *auth = NULL;
	CURLcode cc;

	if (w->token_file[0] && read_token(w->token_file, &token, &err) < 0) {
		*why = vakt_xstrdup(err->msg);
		vakt_error_free(err);
		return OUT_FAIL;
	}
	x->w = w;
	x->c = curl_easy_init();
	h = curl_slist_append(NULL, "Accept: application/json");
	hdr = h;
	if (h && token) {
		auth = vakt_xasprintf("Authorization: Bearer %s", token);
		h = curl_slist_append(hdr, auth);
		hdr = h ? h : hdr;
	}
	if (!x->c || !h) {
		cc = CURLE_OUT_OF_MEMORY;
	} else {
		set_common_options(w, x, url, hdr, errbuf);
		cc = curl_easy_perform(x->c);
		if (x->status == 0)
			curl_easy_getinfo(x->c, CURLINFO_RESPONSE_CODE, &x->status);
	}
	curl_easy_cleanup(x->c);
	x->c = NULL;
	curl_slist_free_all(hdr);
	if (token)
		explicit_bzero(token, strlen(token));
	if (auth)
		explicit_bzero(auth, strlen(auth));
	free(token);
	free(auth);

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
		*why = http_failure(x->status, &x->body);
	else
		return OUT_OK;
	return OUT_FAIL;
}

static enum outcome do_list(struct serve_watch *w, char **why)
{
	struct xfer x = {.watch = false, .body = VAKT_BUF_INIT};
	struct vakt_error *err = NULL;
	char *url = vakt_xasprintf("%s/api/v1/namespaces", w->api);
	enum outcome o = perform(w, url, &x, why);

	if (o == OUT_GONE) { /* a list is never too old: a 410 here is a failure */
		*why = http_failure(x.status, &x.body);
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
		    json_pack("{s:s, s:I, s:s}", "api", w->api, "namespaces",
		              (json_int_t)serve_ns_cache_count(w->cache), "resourceVersion", w->rv);
		serve_log_write(&w->log, SERVE_LOG_INFO, "namespace watch: namespaces listed", f);
	}
	vakt_buf_release(&x.body);
	free(url);
	return o;
}

/* *events: how many events the watch applied (progress, whatever the outcome). */
static enum outcome do_watch(struct serve_watch *w, char **why, size_t *events)
{
	struct xfer x = {.watch = true, .body = VAKT_BUF_INIT};
	struct vakt_buf url = VAKT_BUF_INIT;
	enum outcome o;

	vakt_buf_addf(&url, "%s/api/v1/namespaces?watch=1&resourceVersion=", w->api);
	add_escaped(&url, w->rv);
	vakt_buf_addf(&url, "&allowWatchBookmarks=true&timeoutSeconds=%d", WATCH_TIMEOUT_SECONDS);
	snprintf(x.stream.resource_version, sizeof(x.stream.resource_version), "%s", w->rv);
	o = perform(w, url.data, &x, why);
	if (o == OUT_GONE && x.status == 410) {
		char *m = http_failure(x.status, &x.body);
		serve_log_write(&w->log, SERVE_LOG_INFO, "namespace watch: gone, relisting",
		                json_pack("{s:s, s:s}", "api", w->api, "error", m));
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
	json_t *f = json_pack("{s:s, s:s, s:s, s:I}", "api", w->api, "request", what, "error", why,
	                      "retry_in_ms", (json_int_t)wait_ms);

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

/*
 * Whether a URL names this machine: 127.0.0.1, localhost or [::1], with or
 * without a port (kubectl proxy). The only place a token may go in clear.
 */
static bool url_is_loopback(const char *url)
{
	static const char *const hosts[] = {"127.0.0.1", "localhost", "[::1]"};
	const char *h = strstr(url, "://");
	size_t n;

	if (!h)
		return false;
	h += 3;
	n = strcspn(h, "/?#");
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(hosts); i++) {
		size_t k = strlen(hosts[i]);
		if (n >= k && strncmp(h, hosts[i], k) == 0 && (n == k || h[k] == ':'))
			return true;
	}
	return false;
}

/* Returns the path o chose or the service account's default. */
static const char *pick(const char *given, const char *dflt)
{
	return given ? given : dflt;
}

static void watch_free(struct serve_watch *w)
{
	free(w->api);
	free(w->token_file);
	free(w->ca_file);
	free(w);
}

int serve_watch_start(const struct serve_watch_opts *o, struct serve_ns_cache *cache,
                      struct serve_watch **out, struct vakt_error **err)
{
	struct serve_watch *w;
	pthread_condattr_t ca;
	char *token = NULL;
	size_t n;
	int r = serve_dl_load_curl(err);

	if (r < 0)
		return r;
	w = vakt_xcalloc(1, sizeof(*w));
	w->cache = cache;
	w->log = o->log ? *o->log : (struct serve_log){.fd = -1, .min = SERVE_LOG_ERROR};
	w->api = o->api ? vakt_xstrdup(o->api) : serve_watch_in_cluster_url();
	w->token_file = vakt_xstrdup(pick(o->token_file, SA_DIR "/token"));
	w->ca_file = vakt_xstrdup(pick(o->ca_file, SA_DIR "/ca.crt"));
	if (!w->api) {
		r = vakt_error_set(err, -EINVAL,
		                   "no API server to watch namespaces through: not in a pod "
		                   "(KUBERNETES_SERVICE_HOST and _PORT unset) and no URL given");
		goto fail;
	}
	if (!vakt_starts_with(w->api, "https://") && !vakt_starts_with(w->api, "http://")) {
		r = vakt_error_set(err, -EINVAL, "API server '%s' is not an https:// URL", w->api);
		goto fail;
	}
	n = strlen(w->api);
	while (n > 0 && w->api[n - 1] == '/')
		w->api[--n] = '\0';
	if (w->token_file[0] && vakt_starts_with(w->api, "http://") && !url_is_loopback(w->api)) {
		r = vakt_error_set(
		    err, -EINVAL,
		    "will not send the bearer token in clear text to '%s': use https, "
		    "or no token file",
		    w->api);
		goto fail;
	}
	if (w->token_file[0] && (r = read_token(w->token_file, &token, err)) < 0)
		goto fail;
	if (token)
		explicit_bzero(token, strlen(token));
	free(token);
	if (w->ca_file[0] && access(w->ca_file, R_OK) < 0) {
		r = vakt_error_set(err, -errno, "cannot read the CA file '%s': %s", w->ca_file,
		                   strerror(errno));
		goto fail;
	}
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
