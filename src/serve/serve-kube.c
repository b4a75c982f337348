/* SPDX-License-Identifier: MIT */
/*
 * vakt serve's client of the API server (serve-kube.h): the URL, the token,
 * the CA, the options every request shares, and a one-shot request with its
 * answer's body kept up to a ceiling.
 */
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/util.h"
#include "serve-dl.h"
#include "serve-kube.h"

char *serve_kube_in_cluster_url(void)
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

int serve_kube_read_token(const char *path, char **out, struct vakt_error **err)
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
	buf = vakt_xmalloc(SERVE_KUBE_TOKEN_MAX + 1);
	while (len <= SERVE_KUBE_TOKEN_MAX) {
		ssize_t k = read(fd, buf + len, SERVE_KUBE_TOKEN_MAX + 1 - len);
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
	if (len > SERVE_KUBE_TOKEN_MAX) {
		r = vakt_error_set(err, -E2BIG, "token file '%s' is larger than %d bytes", path,
		                   SERVE_KUBE_TOKEN_MAX);
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
		explicit_bzero(buf, SERVE_KUBE_TOKEN_MAX + 1);
		free(buf);
	}
	close(fd);
	return r;
}

void serve_kube_add_escaped(struct vakt_buf *b, const char *s)
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

/* Returns the path given or the service account's default. */
static const char *pick(const char *given, const char *dflt)
{
	return given ? given : dflt;
}

void serve_kube_client_release(struct serve_kube_client *c)
{
	free(c->api);
	free(c->token_file);
	free(c->ca_file);
	memset(c, 0, sizeof(*c));
}

int serve_kube_client_init(struct serve_kube_client *c, const char *api, const char *token_file,
                           const char *ca_file, struct vakt_error **err)
{
	char *token = NULL;
	size_t n;
	int r = serve_dl_load_curl(err);

	memset(c, 0, sizeof(*c));
	if (r < 0)
		return r;
	c->api = api ? vakt_xstrdup(api) : serve_kube_in_cluster_url();
	c->token_file = vakt_xstrdup(pick(token_file, SERVE_KUBE_SA_DIR "/token"));
	c->ca_file = vakt_xstrdup(pick(ca_file, SERVE_KUBE_SA_DIR "/ca.crt"));
	if (!c->api) {
		r = vakt_error_set(err, -EINVAL,
		                   "no API server: not in a pod (KUBERNETES_SERVICE_HOST and "
		                   "_PORT unset) and no URL given");
		goto fail;
	}
	if (!vakt_starts_with(c->api, "https://") && !vakt_starts_with(c->api, "http://")) {
		r = vakt_error_set(err, -EINVAL, "API server '%s' is not an https:// URL", c->api);
		goto fail;
	}
	n = strlen(c->api);
	while (n > 0 && c->api[n - 1] == '/')
		c->api[--n] = '\0';
	if (c->token_file[0] && vakt_starts_with(c->api, "http://") && !url_is_loopback(c->api)) {
		r = vakt_error_set(
		    err, -EINVAL,
		    "will not send the bearer token in clear text to '%s': use https, "
		    "or no token file",
		    c->api);
		goto fail;
	}
	if (c->token_file[0] && (r = serve_kube_read_token(c->token_file, &token, err)) < 0)
		goto fail;
	if (token)
		explicit_bzero(token, strlen(token));
	free(token);
	if (c->ca_file[0] && access(c->ca_file, R_OK) < 0) {
		r = vakt_error_set(err, -errno, "cannot read the CA file '%s': %s", c->ca_file,
		                   strerror(errno));
		goto fail;
	}
	return 0;
fail:
	serve_kube_client_release(c);
	return r;
}

char *serve_kube_http_failure(long status, const char *body, size_t len)
{
	json_t *j = body && len ? json_loadb(body, len, 0, NULL) : NULL;
	const char *m = json_string_value(json_object_get(j, "message"));
	size_t n = m ? strlen(m) : 0;

	if (n > SERVE_KUBE_MESSAGE_MAX) /* cut at a character boundary: logs are UTF-8 */
		for (n = SERVE_KUBE_MESSAGE_MAX; n > 0 && ((unsigned char)m[n] & 0xc0) == 0x80;
		     n--) {
		}
	char *s = m ? vakt_xasprintf("HTTP %ld: %.*s", status, (int)n, m)
	            : vakt_xasprintf("HTTP %ld", status);

	json_decref(j);
	return s;
}

int serve_kube_setup(const struct serve_kube_client *c, void *h, const char *path, char *errbuf,
                     struct curl_slist **hdr, struct vakt_error **err)
{
	struct curl_slist *list, *more;
	char *token = NULL, *url;
	int r;

	*hdr = NULL;
	if (c->token_file[0] && (r = serve_kube_read_token(c->token_file, &token, err)) < 0)
		return r;
	list = curl_slist_append(NULL, "Accept: application/json");
	if (list && token) {
		char *auth = vakt_xasprintf("Authorization: Bearer %s", token);
		more = curl_slist_append(list, auth);
		explicit_bzero(auth, strlen(auth));
		free(auth);
		if (!more) {
			curl_slist_free_all(list);
			list = NULL;
		}
	}
	if (token)
		explicit_bzero(token, strlen(token));
	free(token);
	if (!list)
		return vakt_error_set(err, -ENOMEM, "out of memory");
	url = vakt_xasprintf("%s%s", c->api, path);
	curl_easy_setopt(h, CURLOPT_URL, url); /* curl copies strings */
	free(url);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, list);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	/* Only the URL's own scheme: an https client never falls back to http. */
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR,
	                 vakt_starts_with(c->api, "https://") ? "https" : "http");
	curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(h, CURLOPT_USERAGENT, "vakt/" VAKT_VERSION);
	curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, ""); /* gzip; bounded after inflation */
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, (long)SERVE_KUBE_CONNECT_TIMEOUT);
	curl_easy_setopt(h, CURLOPT_TCP_KEEPALIVE, 1L);
	curl_easy_setopt(h, CURLOPT_TCP_KEEPIDLE, 30L);
	curl_easy_setopt(h, CURLOPT_TCP_KEEPINTVL, 15L);
	curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
	if (c->ca_file[0])
		curl_easy_setopt(h, CURLOPT_CAINFO, c->ca_file);
	*hdr = list;
	return 0;
}

/* The answer of serve_kube_request(), as it arrives. */
struct capture {
	struct vakt_buf body;
	size_t max;
	bool too_big;
};

static size_t on_capture(char *p, size_t size, size_t nmemb, void *ud)
{
	struct capture *cap = ud;
	size_t n = size * nmemb;

	if (n > cap->max - cap->body.len) {
		cap->too_big = true;
		return 0; /* curl stops with CURLE_WRITE_ERROR */
	}
	vakt_buf_add(&cap->body, p, n);
	return n;
}

int serve_kube_request(const struct serve_kube_client *c, const char *method, const char *path,
                       long *status, char **body, size_t max_body, unsigned timeout_ms,
                       struct vakt_error **err)
{
	struct capture cap = {.body = VAKT_BUF_INIT, .max = max_body};
	char errbuf[CURL_ERROR_SIZE] = "";
	struct curl_slist *hdr = NULL;
	CURL *h = curl_easy_init();
	CURLcode cc;
	int r;

	*status = 0;
	if (body)
		*body = NULL;
	if (!h)
		return vakt_error_set(err, -ENOMEM, "out of memory");
	r = serve_kube_setup(c, h, path, errbuf, &hdr, err);
	if (r < 0)
		goto out;
	if (strcmp(method, "GET") != 0)
		curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_capture);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, &cap);
	curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, (long)timeout_ms);
	cc = curl_easy_perform(h);
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, status);
	if (cap.too_big) {
		r = vakt_error_set(err, -E2BIG, "the answer of %s %s is larger than %zu bytes",
		                   method, path, max_body);
	} else if (cc != CURLE_OK) {
		r = vakt_error_set(err, -EIO, "%s %s%s: %s", method, c->api, path,
		                   errbuf[0] ? errbuf : curl_easy_strerror(cc));
	} else if (*status == 0) {
		r = vakt_error_set(err, -EIO, "%s %s%s: no HTTP answer", method, c->api, path);
	} else if (body && cap.body.len) {
		*body = vakt_buf_detach(&cap.body);
	}
out:
	curl_easy_cleanup(h);
	curl_slist_free_all(hdr);
	vakt_buf_release(&cap.body);
	return r;
}
