/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for src/serve/serve-review.c: reading an AdmissionReview (v1
 * and v1beta1) as the API server sends it, every refusal of a malformed one
 * with the message that says what is wrong (the JSON's line and column when
 * it does not parse), the nesting ceiling checked before jansson recurses,
 * and the response document (uid and apiVersion echoed, status only when
 * refused, warnings, audit annotations only when there are some).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/util.h"
#include "serve/serve-review.h"

/* A Pod CREATE as kube-apiserver 1.30 sends it (trimmed of managedFields). */
static const char pod_create_v1[] =
    "{\n"
    "  \"kind\": \"AdmissionReview\",\n"
    "  \"apiVersion\": \"admission.k8s.io/v1\",\n"
    "  \"request\": {\n"
    "    \"uid\": \"3f6c8e0a-7a0b-4d7e-9a51-2b1f0c9d4e21\",\n"
    "    \"kind\": {\"group\": \"\", \"version\": \"v1\", \"kind\": \"Pod\"},\n"
    "    \"resource\": {\"group\": \"\", \"version\": \"v1\", \"resource\": \"pods\"},\n"
    "    \"requestKind\": {\"group\": \"\", \"version\": \"v1\", \"kind\": \"Pod\"},\n"
    "    \"requestResource\": {\"group\": \"\", \"version\": \"v1\", \"resource\": \"pods\"},\n"
    "    \"name\": \"web-0\",\n"
    "    \"namespace\": \"shop\",\n"
    "    \"operation\": \"CREATE\",\n"
    "    \"userInfo\": {\n"
    "      \"username\": \"system:serviceaccount:kube-system:statefulset-controller\",\n"
    "      \"uid\": \"9b1e2c44-0f3a-4c1d-8e7f-5a6b7c8d9e0f\",\n"
    "      \"groups\": [\"system:serviceaccounts\", \"system:serviceaccounts:kube-system\",\n"
    "                 \"system:authenticated\"]\n"
    "    },\n"
    "    \"object\": {\n"
    "      \"apiVersion\": \"v1\",\n"
    "      \"kind\": \"Pod\",\n"
    "      \"metadata\": {\"name\": \"web-0\", \"namespace\": \"shop\",\n"
    "                   \"labels\": {\"app\": \"web\"}},\n"
    "      \"spec\": {\"containers\": [{\"name\": \"web\", \"image\": \"nginx:1.27\"}]}\n"
    "    },\n"
    "    \"oldObject\": null,\n"
    "    \"dryRun\": false,\n"
    "    \"options\": {\"kind\": \"CreateOptions\", \"apiVersion\": \"meta.k8s.io/v1\"}\n"
    "  }\n"
    "}\n";

/* A Deployment scale through kubectl, v1beta1 (API servers before 1.16 sent only this). */
static const char deploy_update_v1beta1[] =
    "{\"kind\": \"AdmissionReview\", \"apiVersion\": \"admission.k8s.io/v1beta1\",\n"
    " \"request\": {\"uid\": \"b7a3\", \"kind\": {\"group\": \"apps\", \"version\": \"v1\",\n"
    "  \"kind\": \"Deployment\"}, \"name\": \"api\", \"namespace\": \"shop\",\n"
    "  \"operation\": \"UPDATE\", \"subResource\": \"scale\",\n"
    "  \"userInfo\": {\"username\": \"kubernetes-admin\", \"groups\": [\"system:masters\"]},\n"
    "  \"object\": {\"apiVersion\": \"apps/v1\", \"kind\": \"Deployment\",\n"
    "   \"metadata\": {\"name\": \"api\"}, \"spec\": {\"replicas\": 3}},\n"
    "  \"oldObject\": {\"apiVersion\": \"apps/v1\", \"kind\": \"Deployment\",\n"
    "   \"metadata\": {\"name\": \"api\"}, \"spec\": {\"replicas\": 2}},\n"
    "  \"dryRun\": true}}\n";

/* Parse text; returns the error (the caller frees it), NULL on success. */
static struct vakt_error *parse_err(const char *text, size_t len)
{
	struct serve_request r;
	struct vakt_error *err = NULL;
	int rc = serve_request_parse(text, len, &r, &err);

	if (rc == 0) {
		assert_null(err);
		serve_request_release(&r);
		return NULL;
	}
	assert_int_equal(rc, -EINVAL);
	assert_non_null(err);
	/* A refused request leaves nothing to release. */
	assert_null(r.root);
	return err;
}

/* The request text must be refused with a message containing want. */
static void refused(const char *text, const char *want)
{
	struct vakt_error *err = parse_err(text, strlen(text));

	if (!err)
		fail_msg("accepted: %s", text);
	if (!strstr(err->msg, want))
		fail_msg("message '%s' lacks '%s'", err->msg, want);
	vakt_error_free(err);
}

static void accepted(const char *text)
{
	struct vakt_error *err = parse_err(text, strlen(text));

	if (err)
		fail_msg("refused (%s): %s", err->msg, text);
}

static void test_parse_v1(void **state)
{
	struct serve_request r;
	struct vakt_error *err = NULL;

	(void)state;
	assert_int_equal(serve_request_parse(pod_create_v1, strlen(pod_create_v1), &r, &err), 0);
	assert_non_null(r.root);
	assert_string_equal(r.api_version, "admission.k8s.io/v1");
	assert_string_equal(r.uid, "3f6c8e0a-7a0b-4d7e-9a51-2b1f0c9d4e21");
	assert_string_equal(r.group, "");
	assert_string_equal(r.version, "v1");
	assert_string_equal(r.kind, "Pod");
	assert_string_equal(r.sub_resource, "");
	assert_string_equal(r.name, "web-0");
	assert_string_equal(r.namespace_, "shop");
	assert_string_equal(r.operation, "CREATE");
	assert_string_equal(r.username, "system:serviceaccount:kube-system:statefulset-controller");
	assert_false(r.dry_run);
	assert_true(json_is_object(r.object));
	assert_string_equal(json_string_value(json_object_get(r.object, "kind")), "Pod");
	assert_null(r.old_object); /* null oldObject */
	serve_request_release(&r);
	assert_null(r.root);
	assert_null(r.uid);
}

static void test_parse_v1beta1(void **state)
{
	struct serve_request r;
	struct vakt_error *err = NULL;

	(void)state;
	assert_int_equal(
	    serve_request_parse(deploy_update_v1beta1, strlen(deploy_update_v1beta1), &r, &err), 0);
	assert_string_equal(r.api_version, "admission.k8s.io/v1beta1");
	assert_string_equal(r.uid, "b7a3");
	assert_string_equal(r.group, "apps");
	assert_string_equal(r.kind, "Deployment");
	assert_string_equal(r.sub_resource, "scale");
	assert_string_equal(r.operation, "UPDATE");
	assert_string_equal(r.username, "kubernetes-admin");
	assert_true(r.dry_run);
	assert_int_equal(
	    json_integer_value(json_object_get(json_object_get(r.old_object, "spec"), "replicas")),
	    2);
	serve_request_release(&r);
}

/* The smallest request accepted: optional fields absent read as "", no object. */
static void test_parse_minimal(void **state)
{
	static const char text[] =
	    "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\","
	    "\"request\":{\"uid\":\"u1\",\"kind\":{\"kind\":\"Pod\"},\"operation\":\"DELETE\","
	    "\"userInfo\":null,\"dryRun\":null,\"name\":null}}";
	struct serve_request r;
	struct vakt_error *err = NULL;

	(void)state;
	assert_int_equal(serve_request_parse(text, strlen(text), &r, &err), 0);
	assert_string_equal(r.group, "");
	assert_string_equal(r.version, "");
	assert_string_equal(r.name, "");
	assert_string_equal(r.namespace_, "");
	assert_string_equal(r.username, "");
	assert_false(r.dry_run);
	assert_null(r.object);
	assert_null(r.old_object);
	serve_request_release(&r);
}

/* The body's length is what is read, not a NUL: a review followed by garbage is refused. */
static void test_parse_length(void **state)
{
	char buf[sizeof(pod_create_v1) + 8];
	struct vakt_error *err;

	(void)state;
	snprintf(buf, sizeof(buf), "%s}}}", pod_create_v1);
	err = parse_err(buf, strlen(buf));
	assert_non_null(err);
	vakt_error_free(err);
	assert_null(parse_err(buf, strlen(pod_create_v1)));
	/* Cut short: not JSON. */
	err = parse_err(pod_create_v1, 40);
	assert_non_null(err);
	assert_non_null(strstr(err->msg, "not JSON"));
	vakt_error_free(err);
	/* Empty body. */
	err = parse_err("", 0);
	assert_non_null(err);
	assert_non_null(strstr(err->msg, "not JSON"));
	vakt_error_free(err);
}

/* Not JSON: the message says so, with jansson's line and column in the error. */
static void test_not_json(void **state)
{
	static const char text[] = "{\"apiVersion\": \"admission.k8s.io/v1\",\n"
	                           "  \"kind\": \"AdmissionReview\",\n"
	                           "  \"request\": {\"uid\": 'x'}}\n";
	struct vakt_error *err = parse_err(text, strlen(text));

	(void)state;
	assert_non_null(err);
	assert_non_null(strstr(err->msg, "not JSON: "));
	assert_non_null(strstr(err->msg, "expected an AdmissionReview"));
	assert_string_equal(err->file, "request");
	assert_int_equal(err->line, 3);
	assert_int_equal(err->column, 22);
	vakt_error_free(err);

	refused("apiVersion: admission.k8s.io/v1\nkind: AdmissionReview\n", "not JSON");
	/* Duplicate keys are refused: which one would the API server have meant? */
	refused("{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\","
	        "\"kind\":\"AdmissionReview\",\"request\":{}}",
	        "not JSON");
}

/* A review whose object holds depth levels of nesting in all (the root is level 1). */
static char *nested_review(size_t depth, char open, char close)
{
	struct vakt_buf b = {0};
	/* Root, request and object are three levels. */
	vakt_buf_addf(&b, "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\","
	                  "\"request\":{\"uid\":\"u\",\"kind\":{\"kind\":\"ConfigMap\"},"
	                  "\"operation\":\"CREATE\",\"object\":{\"data\":");
	for (size_t i = 3; i < depth; i++)
		vakt_buf_addf(&b, open == '{' ? "{\"a\":" : "[");
	vakt_buf_addf(&b, "1");
	for (size_t i = 3; i < depth; i++)
		vakt_buf_addf(&b, "%c", close);
	vakt_buf_addf(&b, "}}}");
	return b.data;
}

static void test_depth(void **state)
{
	(void)state;
	for (int arr = 0; arr < 2; arr++) {
		char open = arr ? '[' : '{', close = arr ? ']' : '}';
		char *s = nested_review(SERVE_REVIEW_MAX_DEPTH, open, close);
		accepted(s);
		free(s);
		s = nested_review(SERVE_REVIEW_MAX_DEPTH + 1, open, close);
		refused(s, "nests deeper than 64 levels");
		free(s);
	}
	/* Far deeper than jansson's own limit and than any stack: refused before parsing. */
	size_t n = 1000000;
	char *deep = malloc(n);
	assert_non_null(deep);
	memset(deep, '[', n);
	struct vakt_error *err = parse_err(deep, n);
	assert_non_null(err);
	assert_non_null(strstr(err->msg, "nests deeper than 64 levels"));
	vakt_error_free(err);
	free(deep);
	/* Brackets inside strings (escaped quotes too) are not nesting. */
	struct vakt_buf b = {0};
	vakt_buf_addf(&b, "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\","
	                  "\"request\":{\"uid\":\"u\",\"kind\":{\"kind\":\"ConfigMap\"},"
	                  "\"operation\":\"CREATE\",\"object\":{\"data\":{\"a\":\"\\\"");
	for (int i = 0; i < 200; i++)
		vakt_buf_addf(&b, "[{");
	vakt_buf_addf(&b, "\\\\\"}}}}");
	accepted(b.data);
	free(b.data);
}

static void test_not_a_review(void **state)
{
	(void)state;
	refused("[]", "expected an AdmissionReview object");
	refused("[{\"kind\":\"AdmissionReview\"}]", "expected an AdmissionReview object");
	/* jansson reads only an object or array at the top. */
	refused("\"AdmissionReview\"", "not JSON");
	refused("{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"x\"}}",
	        "kind is 'Pod'; expected AdmissionReview");
	refused("{\"apiVersion\":\"admission.k8s.io/v1\",\"request\":{}}",
	        "kind is ''; expected AdmissionReview");
	refused("{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":7}", "kind is not a string");
	refused("{\"apiVersion\":\"admission.k8s.io/v2\",\"kind\":\"AdmissionReview\"}",
	        "apiVersion is 'admission.k8s.io/v2'; expected admission.k8s.io/v1 (or v1beta1)");
	refused("{\"kind\":\"AdmissionReview\",\"request\":{}}", "apiVersion is ''");
	refused("{\"apiVersion\":[\"admission.k8s.io/v1\"],\"kind\":\"AdmissionReview\"}",
	        "apiVersion is not a string");
	/* A response sent back (another webhook's output) is not a request. */
	refused("{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\","
	        "\"response\":{\"uid\":\"u\",\"allowed\":true}}",
	        "the AdmissionReview has no request object");
	refused("{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\","
	        "\"request\":[]}",
	        "the AdmissionReview has no request object");
}

#define HEAD "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":"

static void test_missing_fields(void **state)
{
	(void)state;
	refused(HEAD "{\"uid\":\"u\",\"operation\":\"CREATE\"}}", "request.kind is not an object");
	refused(HEAD "{\"uid\":\"u\",\"kind\":\"Pod\",\"operation\":\"CREATE\"}}",
	        "request.kind is not an object");
	refused(HEAD "{\"kind\":{\"kind\":\"Pod\"},\"operation\":\"CREATE\"}}",
	        "request.uid is missing");
	refused(HEAD "{\"uid\":\"\",\"kind\":{\"kind\":\"Pod\"},\"operation\":\"CREATE\"}}",
	        "request.uid is missing");
	refused(HEAD "{\"uid\":\"u\",\"kind\":{\"group\":\"apps\"},\"operation\":\"CREATE\"}}",
	        "request.kind.kind and request.operation are required");
	refused(HEAD "{\"uid\":\"u\",\"kind\":{\"kind\":\"Pod\"}}}",
	        "request.kind.kind and request.operation are required");
}

static void test_wrong_types(void **state)
{
	(void)state;
	refused(HEAD "{\"uid\":42,\"kind\":{\"kind\":\"Pod\"},\"operation\":\"CREATE\"}}",
	        "request.uid is not a string");
	refused(HEAD "{\"uid\":\"u\",\"kind\":{\"kind\":[\"Pod\"]},\"operation\":\"CREATE\"}}",
	        "request.kind.kind is not a string");
	refused(HEAD "{\"uid\":\"u\",\"kind\":{\"kind\":\"Pod\",\"group\":false},"
	             "\"operation\":\"CREATE\"}}",
	        "request.kind.group is not a string");
	refused(HEAD "{\"uid\":\"u\",\"kind\":{\"kind\":\"Pod\",\"version\":1},"
	             "\"operation\":\"CREATE\"}}",
	        "request.kind.version is not a string");
	refused(HEAD "{\"uid\":\"u\",\"kind\":{\"kind\":\"Pod\"},\"operation\":{}}}",
	        "request.operation is not a string");
	refused(HEAD "{\"uid\":\"u\",\"kind\":{\"kind\":\"Pod\"},\"operation\":\"CREATE\","
	             "\"name\":7}}",
	        "request.name is not a string");
	refused(HEAD "{\"uid\":\"u\",\"kind\":{\"kind\":\"Pod\"},\"operation\":\"CREATE\","
	             "\"namespace\":[\"a\"]}}",
	        "request.namespace is not a string");
	refused(HEAD "{\"uid\":\"u\",\"kind\":{\"kind\":\"Pod\"},\"operation\":\"UPDATE\","
	             "\"subResource\":true}}",
	        "request.subResource is not a string");
	refused(HEAD "{\"uid\":\"u\",\"kind\":{\"kind\":\"Pod\"},\"operation\":\"CREATE\","
	             "\"userInfo\":\"alice\"}}",
	        "request.userInfo is not an object");
	refused(HEAD "{\"uid\":\"u\",\"kind\":{\"kind\":\"Pod\"},\"operation\":\"CREATE\","
	             "\"userInfo\":{\"username\":[\"alice\"]}}}",
	        "request.userInfo.username is not a string");
	refused(HEAD "{\"uid\":\"u\",\"kind\":{\"kind\":\"Pod\"},\"operation\":\"CREATE\","
	             "\"dryRun\":\"true\"}}",
	        "request.dryRun is not a boolean");
	refused(HEAD "{\"uid\":\"u\",\"kind\":{\"kind\":\"Pod\"},\"operation\":\"CREATE\","
	             "\"dryRun\":1}}",
	        "request.dryRun is not a boolean");
	refused(HEAD "{\"uid\":\"u\",\"kind\":{\"kind\":\"Pod\"},\"operation\":\"CREATE\","
	             "\"object\":\"apiVersion: v1\"}}",
	        "request.object is not an object");
	refused(HEAD "{\"uid\":\"u\",\"kind\":{\"kind\":\"Pod\"},\"operation\":\"CREATE\","
	             "\"object\":[{\"kind\":\"Pod\"}]}}",
	        "request.object is not an object");
}

/*
 * A NUL inside a string would cut it short for every C reader after the
 * parser: refused, escaped or raw, wherever it is.
 */
static void test_nul(void **state)
{
	(void)state;
	refused(HEAD "{\"uid\":\"u\",\"kind\":{\"kind\":\"Pod\"},\"operation\":\"CREATE\","
	             "\"namespace\":\"kube-system\\u0000shop\"}}",
	        "not JSON");
	refused(HEAD "{\"uid\":\"u\\u0000\",\"kind\":{\"kind\":\"Pod\"},\"operation\":\"CREATE\"}}",
	        "not JSON");
	static const char raw[] = HEAD "{\"uid\":\"u\",\"kind\":{\"kind\":\"Pod\"},"
	                               "\"operation\":\"CREATE\",\"name\":\"a\0b\"}}";
	struct vakt_error *err = parse_err(raw, sizeof(raw) - 1);
	assert_non_null(err);
	assert_non_null(strstr(err->msg, "not JSON"));
	vakt_error_free(err);
	/* A NUL after the document is not part of it either. */
	err = parse_err(pod_create_v1, sizeof(pod_create_v1));
	assert_non_null(err);
	vakt_error_free(err);
}

/* null object and oldObject read as absent; dryRun true read. */
static void test_nulls(void **state)
{
	static const char text[] =
	    HEAD "{\"uid\":\"u\",\"kind\":{\"kind\":\"Pod\"},\"operation\":\"DELETE\","
	         "\"object\":null,\"oldObject\":{\"kind\":\"Pod\"},\"dryRun\":true}}";
	static const char text2[] =
	    HEAD "{\"uid\":\"u\",\"kind\":{\"kind\":\"Pod\"},\"operation\":\"CREATE\","
	         "\"object\":{\"kind\":\"Pod\"},\"oldObject\":null}}";
	struct serve_request r;
	struct vakt_error *err = NULL;

	(void)state;
	assert_int_equal(serve_request_parse(text, strlen(text), &r, &err), 0);
	assert_null(r.object);
	assert_non_null(r.old_object);
	assert_true(r.dry_run);
	serve_request_release(&r);
	assert_int_equal(serve_request_parse(text2, strlen(text2), &r, &err), 0);
	assert_non_null(r.object);
	assert_null(r.old_object);
	serve_request_release(&r);
}

/* ---- responses ------------------------------------------------------------ */

static json_t *response_of(const json_t *doc)
{
	json_t *res = json_object_get(doc, "response");

	assert_true(json_is_object(res));
	return res;
}

static void test_response_allowed(void **state)
{
	struct serve_request r;
	struct serve_response resp = {0};
	struct vakt_error *err = NULL;

	(void)state;
	assert_int_equal(
	    serve_request_parse(deploy_update_v1beta1, strlen(deploy_update_v1beta1), &r, &err), 0);
	resp.allowed = true;
	resp.audit = json_object(); /* empty: no auditAnnotations */
	json_t *doc = serve_response_document(&r, &resp);
	assert_string_equal(json_string_value(json_object_get(doc, "apiVersion")),
	                    "admission.k8s.io/v1beta1");
	assert_string_equal(json_string_value(json_object_get(doc, "kind")), "AdmissionReview");
	json_t *res = response_of(doc);
	assert_string_equal(json_string_value(json_object_get(res, "uid")), "b7a3");
	assert_true(json_is_true(json_object_get(res, "allowed")));
	assert_null(json_object_get(res, "status"));
	assert_null(json_object_get(res, "warnings"));
	assert_null(json_object_get(res, "auditAnnotations"));
	assert_int_equal(json_object_size(res), 2);
	assert_int_equal(json_object_size(doc), 3);
	json_decref(doc);
	serve_response_release(&resp);
	assert_null(resp.audit);
	serve_request_release(&r);
}

static void test_response_refused(void **state)
{
	struct serve_request r;
	struct serve_response resp = {0};
	struct vakt_error *err = NULL;

	(void)state;
	assert_int_equal(serve_request_parse(pod_create_v1, strlen(pod_create_v1), &r, &err), 0);
	resp.allowed = false;
	resp.code = 403;
	resp.reason = "Forbidden";
	resp.message = vakt_xstrdup("Pod \"web-0\" violates PodSecurity \"baseline:latest\":\n"
	                            "PSS baseline:latest privileged: container \"web\" must not "
	                            "set securityContext.privileged=true [PS002]");
	vakt_strv_push(&resp.warnings, "container \"web\" does not drop capabilities [KS012]");
	vakt_strv_push(&resp.warnings, "container \"web\" sets no cpu and memory limit [KS070]");
	resp.audit = json_pack("{s:s, s:s}", "verdict", "deny", "findings", "PS002");
	json_t *doc = serve_response_document(&r, &resp);
	assert_string_equal(json_string_value(json_object_get(doc, "apiVersion")),
	                    "admission.k8s.io/v1");
	json_t *res = response_of(doc);
	assert_string_equal(json_string_value(json_object_get(res, "uid")),
	                    "3f6c8e0a-7a0b-4d7e-9a51-2b1f0c9d4e21");
	assert_true(json_is_false(json_object_get(res, "allowed")));
	json_t *st = json_object_get(res, "status");
	assert_int_equal(json_integer_value(json_object_get(st, "code")), 403);
	assert_string_equal(json_string_value(json_object_get(st, "reason")), "Forbidden");
	assert_string_equal(json_string_value(json_object_get(st, "message")), resp.message);
	json_t *w = json_object_get(res, "warnings");
	assert_int_equal(json_array_size(w), 2);
	assert_string_equal(json_string_value(json_array_get(w, 1)),
	                    "container \"web\" sets no cpu and memory limit [KS070]");
	json_t *a = json_object_get(res, "auditAnnotations");
	assert_string_equal(json_string_value(json_object_get(a, "verdict")), "deny");
	assert_string_equal(json_string_value(json_object_get(a, "findings")), "PS002");
	/* The document holds its own reference: the response can go first. */
	serve_response_release(&resp);
	assert_string_equal(json_string_value(json_object_get(a, "verdict")), "deny");
	char *text = json_dumps(doc, JSON_COMPACT);
	assert_non_null(text);
	free(text);
	json_decref(doc);

	/* A refusal with nothing set: 403 Forbidden, an empty message. An invalid Namespace: 422.
	 */
	struct serve_response bare = {0};
	doc = serve_response_document(&r, &bare);
	st = json_object_get(response_of(doc), "status");
	assert_int_equal(json_integer_value(json_object_get(st, "code")), 403);
	assert_string_equal(json_string_value(json_object_get(st, "reason")), "Forbidden");
	assert_string_equal(json_string_value(json_object_get(st, "message")), "");
	json_decref(doc);
	bare.code = 422;
	bare.reason = "Invalid";
	doc = serve_response_document(&r, &bare);
	st = json_object_get(response_of(doc), "status");
	assert_int_equal(json_integer_value(json_object_get(st, "code")), 422);
	assert_string_equal(json_string_value(json_object_get(st, "reason")), "Invalid");
	json_decref(doc);
	serve_request_release(&r);
}

/* Without a request (a body that did not parse): v1 and an empty uid. */
static void test_response_no_request(void **state)
{
	struct serve_request none = {0};
	struct serve_response resp = {.allowed = true};

	(void)state;
	json_t *doc = serve_response_document(NULL, &resp);
	assert_string_equal(json_string_value(json_object_get(doc, "apiVersion")),
	                    "admission.k8s.io/v1");
	assert_string_equal(json_string_value(json_object_get(response_of(doc), "uid")), "");
	json_decref(doc);
	doc = serve_response_document(&none, &resp);
	assert_string_equal(json_string_value(json_object_get(doc, "apiVersion")),
	                    "admission.k8s.io/v1");
	assert_string_equal(json_string_value(json_object_get(response_of(doc), "uid")), "");
	json_decref(doc);
	/* Releasing an empty response is harmless, twice. */
	serve_response_release(&resp);
	serve_response_release(&resp);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_parse_v1),
	    cmocka_unit_test(test_parse_v1beta1),
	    cmocka_unit_test(test_parse_minimal),
	    cmocka_unit_test(test_parse_length),
	    cmocka_unit_test(test_not_json),
	    cmocka_unit_test(test_depth),
	    cmocka_unit_test(test_not_a_review),
	    cmocka_unit_test(test_missing_fields),
	    cmocka_unit_test(test_wrong_types),
	    cmocka_unit_test(test_nul),
	    cmocka_unit_test(test_nulls),
	    cmocka_unit_test(test_response_allowed),
	    cmocka_unit_test(test_response_refused),
	    cmocka_unit_test(test_response_no_request),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
