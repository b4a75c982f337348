/* SPDX-License-Identifier: MIT */
/* Reading AdmissionReview requests and writing their responses. */
#include "serve-review.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* Depth of the deepest array or object in v (stops counting past limit). */
static size_t json_depth(const json_t *v, size_t limit)
{
	size_t best = 0;

	if (limit == 0)
		return 1;
	if (json_is_object(v)) {
		const char *k;
		json_t *x;
		json_object_foreach((json_t *)v, k, x)
		{
			size_t d = json_depth(x, limit - 1);
			if (d > best)
				best = d;
			if (best >= limit)
				break;
		}
		return best + 1;
	}
	if (json_is_array(v)) {
		size_t i;
		json_t *x;
		json_array_foreach(v, i, x)
		{
			size_t d = json_depth(x, limit - 1);
			if (d > best)
				best = d;
			if (best >= limit)
				break;
		}
		return best + 1;
	}
	return 0;
}

/*
 * Nesting deeper than the limit before jansson builds it: jansson recurses
 * once per level while parsing (2048 levels at most), so the body is
 * scanned first, outside strings.
 */
static bool too_deep(const char *s, size_t n, size_t limit)
{
	size_t depth = 0;
	bool in_str = false, esc = false;

	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (in_str) {
			if (esc)
				esc = false;
			else if (c == '\\')
				esc = true;
			else if (c == '"')
				in_str = false;
			continue;
		}
		if (c == '"')
			in_str = true;
		else if (c == '{' || c == '[') {
			if (++depth > limit)
				return true;
		} else if ((c == '}' || c == ']') && depth > 0)
			depth--;
	}
	return false;
}

/* A string member, "" when absent or null; -EINVAL when present with another type. */
static int get_string(const json_t *o, const char *key, const char **out, const char *where,
                      struct vakt_error **err)
{
	const json_t *v = json_object_get(o, key);

	*out = "";
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_string(v))
		return vakt_error_set(err, -EINVAL, "%s%s is not a string", where, key);
	if (strlen(json_string_value(v)) != json_string_length(v))
		return vakt_error_set(err, -EINVAL, "%s%s holds a NUL character", where, key);
	*out = json_string_value(v);
	return 0;
}

int serve_request_parse(const char *body, size_t len, struct serve_request *out,
                        struct vakt_error **err)
{
	json_error_t je;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	if (too_deep(body, len, SERVE_REVIEW_MAX_DEPTH))
		return vakt_error_set(err, -EINVAL,
		                      "the request nests deeper than %d levels; expected an "
		                      "AdmissionReview",
		                      SERVE_REVIEW_MAX_DEPTH);
	out->root = json_loadb(body, len, JSON_REJECT_DUPLICATES, &je);
	if (!out->root)
		return vakt_error_set_at(err, -EINVAL, "request", je.line, je.column,
		                         "not JSON: %s; expected an AdmissionReview", je.text);
	const json_t *root = out->root;
	if (!json_is_object(root)) {
		rc = vakt_error_set(err, -EINVAL, "expected an AdmissionReview object");
		goto out;
	}
	const char *kind = "";
	if ((rc = get_string(root, "apiVersion", &out->api_version, "", err)) < 0 ||
	    (rc = get_string(root, "kind", &kind, "", err)) < 0)
		goto out;
	if (strcmp(kind, "AdmissionReview") != 0) {
		rc = vakt_error_set(err, -EINVAL, "kind is '%s'; expected AdmissionReview", kind);
		goto out;
	}
	if (strcmp(out->api_version, "admission.k8s.io/v1") != 0 &&
	    strcmp(out->api_version, "admission.k8s.io/v1beta1") != 0) {
		rc = vakt_error_set(err, -EINVAL,
		                    "apiVersion is '%s'; expected admission.k8s.io/v1 (or v1beta1)",
		                    out->api_version);
		goto out;
	}
	const json_t *req = json_object_get(root, "request");
	if (!json_is_object(req)) {
		rc = vakt_error_set(err, -EINVAL, "the AdmissionReview has no request object");
		goto out;
	}
	const json_t *gvk = json_object_get(req, "kind");
	if (!json_is_object(gvk)) {
		rc = vakt_error_set(err, -EINVAL,
		                    "request.kind is not an object (group, version, kind)");
		goto out;
	}
	const json_t *user = json_object_get(req, "userInfo");
	if (user && !json_is_null(user) && !json_is_object(user)) {
		rc = vakt_error_set(err, -EINVAL, "request.userInfo is not an object");
		goto out;
	}
	if ((rc = get_string(req, "uid", &out->uid, "request.", err)) < 0 ||
	    (rc = get_string(gvk, "group", &out->group, "request.kind.", err)) < 0 ||
	    (rc = get_string(gvk, "version", &out->version, "request.kind.", err)) < 0 ||
	    (rc = get_string(gvk, "kind", &out->kind, "request.kind.", err)) < 0 ||
	    (rc = get_string(req, "subResource", &out->sub_resource, "request.", err)) < 0 ||
	    (rc = get_string(req, "name", &out->name, "request.", err)) < 0 ||
	    (rc = get_string(req, "namespace", &out->namespace_, "request.", err)) < 0 ||
	    (rc = get_string(req, "operation", &out->operation, "request.", err)) < 0 ||
	    (rc = get_string(user, "username", &out->username, "request.userInfo.", err)) < 0)
		goto out;
	if (!*out->uid) {
		rc = vakt_error_set(err, -EINVAL, "request.uid is missing");
		goto out;
	}
	if (!*out->kind || !*out->operation) {
		rc = vakt_error_set(err, -EINVAL,
		                    "request.kind.kind and request.operation are required");
		goto out;
	}
	const json_t *dry = json_object_get(req, "dryRun");
	if (dry && !json_is_null(dry) && !json_is_boolean(dry)) {
		rc = vakt_error_set(err, -EINVAL, "request.dryRun is not a boolean");
		goto out;
	}
	out->dry_run = json_is_true(dry);
	out->object = json_object_get(req, "object");
	out->old_object = json_object_get(req, "oldObject");
	if (out->object && json_is_null(out->object))
		out->object = NULL;
	if (out->old_object && json_is_null(out->old_object))
		out->old_object = NULL;
	if (out->object && !json_is_object(out->object)) {
		rc = vakt_error_set(err, -EINVAL, "request.object is not an object");
		goto out;
	}
	if (json_depth(root, SERVE_REVIEW_MAX_DEPTH + 1) > SERVE_REVIEW_MAX_DEPTH) {
		rc = vakt_error_set(err, -EINVAL, "the request nests deeper than %d levels",
		                    SERVE_REVIEW_MAX_DEPTH);
		goto out;
	}
out:
	if (rc < 0)
		serve_request_release(out);
	return rc;
}

void serve_request_release(struct serve_request *r)
{
	json_decref(r->root);
	memset(r, 0, sizeof(*r));
}

void serve_response_release(struct serve_response *r)
{
	free(r->message);
	vakt_strv_release(&r->warnings);
	json_decref(r->audit);
	memset(r, 0, sizeof(*r));
}

/* Returns a new reference, owned by the caller. */
json_t *serve_response_document(const struct serve_request *r, const struct serve_response *resp)
{
	json_t *doc = json_object();
	json_t *res = json_object();

	json_object_set_new(doc, "apiVersion",
	                    json_string(r && r->api_version && *r->api_version
	                                    ? r->api_version
	                                    : "admission.k8s.io/v1"));
	json_object_set_new(doc, "kind", json_string("AdmissionReview"));
	json_object_set_new(res, "uid", json_string(r && r->uid ? r->uid : ""));
	json_object_set_new(res, "allowed", json_boolean(resp->allowed));
	if (!resp->allowed) {
		json_t *st = json_object();
		json_object_set_new(st, "code", json_integer(resp->code ? resp->code : 403));
		json_object_set_new(st, "reason",
		                    json_string(resp->reason ? resp->reason : "Forbidden"));
		json_object_set_new(st, "message", json_string(resp->message ? resp->message : ""));
		json_object_set_new(res, "status", st);
	}
	if (resp->warnings.n > 0) {
		json_t *w = json_array();
		for (size_t i = 0; i < resp->warnings.n; i++)
			json_array_append_new(w, json_string(resp->warnings.v[i]));
		json_object_set_new(res, "warnings", w);
	}
	if (resp->audit && json_object_size(resp->audit) > 0)
		json_object_set(res, "auditAnnotations", resp->audit);
	json_object_set_new(doc, "response", res);
	return doc;
}
