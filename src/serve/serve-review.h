/* SPDX-License-Identifier: MIT */
#ifndef VAKT_SERVE_REVIEW_H
#define VAKT_SERVE_REVIEW_H

/*
 * AdmissionReview (admission.k8s.io/v1, and v1beta1, whose shape is the
 * same): reading a request and writing its response. Everything in the
 * request is untrusted; the reader checks types and bounds and says what is
 * wrong, and the writer echoes the request's uid and apiVersion as the API
 * server requires.
 */

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/error.h"
#include "core/util.h"

/* Deepest JSON nesting accepted in a request (a pod spec is about 12 deep). */
#define SERVE_REVIEW_MAX_DEPTH 64
/* Most warnings returned (the API server caps their total size). */
#define SERVE_REVIEW_MAX_WARNINGS 32
/* Longest warning, in bytes (kubectl shows each on one line). */
#define SERVE_REVIEW_WARNING_MAX 512

/* One request, as read. Strings borrow from root. */
struct serve_request {
	json_t *root;            /* owned: the whole review */
	const char *api_version; /* "admission.k8s.io/v1" or ".../v1beta1" */
	const char *uid;
	const char *group; /* request.kind: "" for the core group */
	const char *version;
	const char *kind;
	const char *sub_resource; /* "" when none */
	const char *name;         /* "" when not given (generateName) */
	const char *namespace_;   /* "" for cluster-scoped objects */
	const char *operation;    /* CREATE, UPDATE, DELETE, CONNECT */
	const char *username;     /* "" when not given */
	bool dry_run;
	const json_t *object;     /* NULL for DELETE */
	const json_t *old_object; /* NULL unless UPDATE */
};

/*
 * Parse body as an AdmissionReview. Returns 0 and fills *out (release with
 * serve_request_release()), or -EINVAL with *err saying what is wrong (not
 * JSON, nested too deep, not an AdmissionReview, a field of the wrong type);
 * the error's line and column are the JSON's when it does not parse.
 */
int serve_request_parse(const char *body, size_t len, struct serve_request *out,
                        struct vakt_error **err);
void serve_request_release(struct serve_request *r);

/* What the webhook answers. */
struct serve_response {
	bool allowed;
	int code;           /* status code when refused: 403, or 422 for an invalid Namespace */
	const char *reason; /* "Forbidden", "Invalid" */
	char *message;      /* owned; the refusal's status message, NULL when allowed */
	struct vakt_strv warnings;
	json_t *audit; /* owned; an object of auditAnnotations, NULL for none */
};

void serve_response_release(struct serve_response *r);

/*
 * The response document for r (its uid and apiVersion). The caller owns the
 * result (json_decref()).
 */
json_t *serve_response_document(const struct serve_request *r, const struct serve_response *resp);

#endif
