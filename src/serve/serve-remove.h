/* SPDX-License-Identifier: MIT */
#ifndef VAKT_SERVE_REMOVE_H
#define VAKT_SERVE_REMOVE_H

/*
 * `vakt serve --remove-webhook NAME`: delete the ValidatingWebhookConfiguration
 * NAME through the API server, before the webhook's pods go away (the
 * chart's pre-delete hook: Helm would otherwise delete the configuration
 * last, and with failurePolicy Fail the API server would refuse every judged
 * request meanwhile). Connection failures and the API server's passing
 * answers (429, 500, 502, 503, 504) are retried with a backoff until a
 * deadline; any other answer is final.
 */

#include <stdbool.h>

#include "core/error.h"
#include "serve-log.h"

/* How long the retries go on by default (milliseconds). */
#define SERVE_REMOVE_DEADLINE_MS 30000u
/* The longest one request may take (milliseconds). */
#define SERVE_REMOVE_REQUEST_MS 10000u
/* Longest name of a Kubernetes object (a DNS subdomain). */
#define SERVE_REMOVE_NAME_MAX 253

enum serve_remove_result {
	SERVE_REMOVE_DELETED, /* 200 or 202 */
	SERVE_REMOVE_ABSENT,  /* 404: nothing to delete (already gone) */
};

struct serve_remove_opts {
	const char *api;             /* NULL: the pod's API server */
	const char *token_file;      /* NULL: the service account's; "" for none */
	const char *ca_file;         /* NULL: the service account's; "" for the system's */
	unsigned deadline_ms;        /* 0: SERVE_REMOVE_DEADLINE_MS */
	const struct serve_log *log; /* retries are logged here at warn; NULL: not logged */
};

/* Whether name can name a Kubernetes object (RFC 1123 subdomain: [a-z0-9.-], 253 at most). */
bool serve_remove_name_valid(const char *name);

/*
 * DELETE /apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations/NAME.
 * Returns 0 and *res, or a negative code with *err: -EINVAL (a bad name, API
 * server or token setting), -EACCES (an answer other than 200, 202, 404 or a
 * passing one; the message quotes the API server's), -ETIMEDOUT (the
 * deadline passed while retrying; the message says the last failure),
 * -ELIBACC (libcurl missing).
 */
int serve_remove_webhook(const struct serve_remove_opts *o, const char *name,
                         enum serve_remove_result *res, struct vakt_error **err);

#endif
