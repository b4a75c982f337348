/* SPDX-License-Identifier: MIT */
/* vakt serve --remove-webhook: delete the webhook configuration (serve-remove.h). */
#include "serve-remove.h"

#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/util.h"
#include "serve-kube.h"

#define VWC_PATH "/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations/"
/* Most of an answer's body read (a Status object, or the deleted object). */
#define ANSWER_MAX     (256u * 1024)
#define BACKOFF_MIN_MS 500u
#define BACKOFF_MAX_MS 4000u

bool serve_remove_name_valid(const char *name)
{
	size_t n = strlen(name);

	if (n == 0 || n > SERVE_REMOVE_NAME_MAX)
		return false;
	for (size_t i = 0; i < n; i++) {
		char ch = name[i];
		bool alnum = (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9');
		/* Each dot-separated label starts and ends with a letter or digit. */
		bool edge = i == 0 || i == n - 1 || name[i - 1] == '.' || name[i + 1] == '.';
		if (!alnum && !((ch == '-' && !edge) ||
		                (ch == '.' && i > 0 && i < n - 1 && name[i - 1] != '.')))
			return false;
	}
	return true;
}

static long long now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static void sleep_ms(unsigned ms)
{
	struct timespec t = {ms / 1000, (long)(ms % 1000) * 1000000L};

	while (nanosleep(&t, &t) < 0 && errno == EINTR) {
	}
}

/* An answer that says "try again": overloaded, or a proxy without its backend. */
static bool passing(long status)
{
	return status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
}

static void log_retry(const struct serve_remove_opts *o, const char *name, const char *why,
                      unsigned wait_ms)
{
	if (!o->log)
		return;
	serve_log_write(o->log, SERVE_LOG_WARN, "remove webhook: request failed",
	                json_pack("{s:s, s:s, s:I}", "name", name, "error", why, "retry_in_ms",
	                          (json_int_t)wait_ms));
}

int serve_remove_webhook(const struct serve_remove_opts *o, const char *name,
                         enum serve_remove_result *res, struct vakt_error **err)
{
	struct serve_kube_client c;
	unsigned deadline_ms = o->deadline_ms ? o->deadline_ms : SERVE_REMOVE_DEADLINE_MS;
	long long deadline = now_ms() + deadline_ms;
	unsigned backoff = 0;
	char *last = NULL;
	char *path;
	int r;

	if (!serve_remove_name_valid(name))
		return vakt_error_set(err, -EINVAL,
		                      "'%s' is not the name of a ValidatingWebhookConfiguration "
		                      "(lower-case letters, digits, '-' and '.', at most %d)",
		                      name, SERVE_REMOVE_NAME_MAX);
	r = serve_kube_client_init(&c, o->api, o->token_file, o->ca_file, err);
	if (r < 0)
		return r;
	path = vakt_xasprintf(VWC_PATH "%s", name);
	for (;;) {
		struct vakt_error *e = NULL;
		long status = 0;
		char *body = NULL;
		long long left = deadline - now_ms();
		unsigned timeout = left < (long long)SERVE_REMOVE_REQUEST_MS
		                       ? (unsigned)(left > 1000 ? left : 1000)
		                       : SERVE_REMOVE_REQUEST_MS;

		r = serve_kube_request(&c, "DELETE", path, &status, &body, ANSWER_MAX, timeout, &e);
		if (r == 0 && (status == 200 || status == 202 || status == 404)) {
			*res = status == 404 ? SERVE_REMOVE_ABSENT : SERVE_REMOVE_DELETED;
			free(body);
			break;
		}
		free(last);
		if (r == -EIO) {
			last = vakt_xstrdup(e->msg);
		} else if (r < 0) { /* the token file, a huge answer: no point in retrying */
			r = vakt_error_set(err, r,
			                   "cannot delete validatingwebhookconfiguration "
			                   "'%s': %s",
			                   name, e->msg);
			last = NULL;
			vakt_error_free(e);
			break;
		} else {
			last = serve_kube_http_failure(status, body, body ? strlen(body) : 0);
			if (!passing(status)) {
				r = vakt_error_set(
				    err, -EACCES,
				    "cannot delete validatingwebhookconfiguration '%s': %s", name,
				    last);
				free(body);
				break;
			}
		}
		vakt_error_free(e);
		free(body);
		backoff = backoff ? backoff * 2 : BACKOFF_MIN_MS;
		if (backoff > BACKOFF_MAX_MS)
			backoff = BACKOFF_MAX_MS;
		if (now_ms() + backoff >= deadline) {
			r = vakt_error_set(
			    err, -ETIMEDOUT,
			    "cannot delete validatingwebhookconfiguration '%s' within "
			    "%u s: %s",
			    name, (deadline_ms + 999) / 1000, last);
			break;
		}
		log_retry(o, name, last, backoff);
		sleep_ms(backoff);
	}
	free(last);
	free(path);
	serve_kube_client_release(&c);
	return r < 0 ? r : 0;
}
