/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for src/serve/serve-judge.c, the webhook's verdict: the policy
 * a namespace's labels give (PSA's fallbacks, the --pss default), every
 * judged kind, what is let by unjudged (other kinds, DELETE, subresources
 * but ephemeralcontainers, an update that leaves the pod template as it
 * was), the three exemptions, deny, warn and audit modes, --hardened and
 * --warn-severity, the 32-warning cap, clipping at UTF-8 boundaries, and
 * Namespace requests (invalid labels refused with 422; the cache learns
 * only without a watch and outside dry runs). Requests are AdmissionReview
 * text read by serve_request_parse(), as the server reads them.
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

#include "core/config.h"
#include "core/util.h"
#include "serve/serve-judge.h"

#define PSA "pod-security.kubernetes.io/"

/* A pod that passes restricted:latest: only low hardened findings remain. */
#define RESTRICTED_SC                                                                              \
	"{\"runAsNonRoot\": true, \"allowPrivilegeEscalation\": false,"                            \
	" \"capabilities\": {\"drop\": [\"ALL\"]},"                                                \
	" \"seccompProfile\": {\"type\": \"RuntimeDefault\"}, \"readOnlyRootFilesystem\": true}"

struct req {
	const char *group; /* request.kind */
	const char *kind;
	const char *ns;
	const char *op;   /* NULL: CREATE */
	const char *user; /* NULL: alice */
	const char *sub;
	bool dry_run;
	const char *object; /* JSON text, NULL: null */
	const char *old;
};

struct verdict {
	struct serve_request r;
	struct serve_response resp;
	struct serve_judgement j;
};

static struct vakt_config *config;

static int setup(void **state)
{
	(void)state;
	config = vakt_config_new();
	return config ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	vakt_config_free(config);
	return 0;
}

static void opts(struct serve_opts *o)
{
	serve_opts_init(o, config);
}

/* The review of q as the API server writes it; parsed by the server's own reader. */
static void parse_review(const struct req *q, struct serve_request *r)
{
	static unsigned uid;
	struct vakt_error *err = NULL;
	char *text = vakt_xasprintf(
	    "{\"apiVersion\": \"admission.k8s.io/v1\", \"kind\": \"AdmissionReview\",\n"
	    " \"request\": {\"uid\": \"705ab4f5-6393-11e8-b7cc-42010a8000%02x\",\n"
	    "  \"kind\": {\"group\": \"%s\", \"version\": \"v1\", \"kind\": \"%s\"},\n"
	    "  \"name\": \"web\", \"namespace\": \"%s\", \"operation\": \"%s\",%s%s%s\n"
	    "  \"userInfo\": {\"username\": \"%s\", \"groups\": [\"system:authenticated\"]},\n"
	    "  \"object\": %s,\n  \"oldObject\": %s,\n  \"dryRun\": %s}}\n",
	    ++uid & 0xff, q->group ? q->group : "", q->kind, q->ns ? q->ns : "apps",
	    q->op ? q->op : "CREATE", q->sub ? " \"subResource\": \"" : "", q->sub ? q->sub : "",
	    q->sub ? "\"," : "", q->user ? q->user : "alice", q->object ? q->object : "null",
	    q->old ? q->old : "null", q->dry_run ? "true" : "false");

	if (serve_request_parse(text, strlen(text), r, &err) < 0)
		fail_msg("bad fixture (%s): %s", err->msg, text);
	free(text);
}

static void judge(const struct serve_opts *o, struct serve_ns_cache *c, const struct req *q,
                  struct verdict *v)
{
	parse_review(q, &v->r);
	serve_judge(o, c, &v->r, &v->resp, &v->j);
}

static void verdict_release(struct verdict *v)
{
	serve_response_release(&v->resp);
	serve_request_release(&v->r);
}

/* A Pod in namespace apps with one container "app" of this securityContext. */
static char *pod(const char *sc)
{
	return vakt_xasprintf("{\"apiVersion\": \"v1\", \"kind\": \"Pod\",\n"
	                      " \"metadata\": {\"name\": \"web\", \"namespace\": \"apps\"},\n"
	                      " \"spec\": {\"containers\": [{\"name\": \"app\",\n"
	                      "  \"image\": \"registry.example.com/shop/app:1.4.2\",\n"
	                      "  \"securityContext\": %s}]}}",
	                      sc);
}

static bool has_rule(const struct serve_judgement *j, const char *id)
{
	for (size_t i = 0; i < j->n_deny_rules; i++)
		if (strcmp(j->deny_rules[i], id) == 0)
			return true;
	return false;
}

static const char *audit(const struct verdict *v, const char *key)
{
	return json_string_value(json_object_get(v->resp.audit, key));
}

/* Whether s is well-formed UTF-8 (no cut sequence). */
static bool utf8_ok(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p) {
		size_t n = *p < 0x80 ? 1 : (*p & 0xE0) == 0xC0 ? 2 : (*p & 0xF0) == 0xE0 ? 3 : 4;
		if ((*p & 0xC0) == 0x80 || (*p & 0xF8) == 0xF8)
			return false;
		for (size_t i = 1; i < n; i++)
			if ((p[i] & 0xC0) != 0x80)
				return false;
		p += n;
	}
	return true;
}

/* ---- the policy ------------------------------------------------------------- */

static const char *policy(const char *enforce, const char *version, const char *dflt)
{
	static char out[48];
	struct serve_ns_policy p;

	memset(&p, 0, sizeof(p));
	if (enforce) {
		p.has_enforce = true;
		snprintf(p.enforce, sizeof(p.enforce), "%s", enforce);
	}
	if (version) {
		p.has_version = true;
		snprintf(p.enforce_version, sizeof(p.enforce_version), "%s", version);
	}
	memset(out, 'x', sizeof(out));
	serve_judge_policy(&p, dflt, out);
	return out;
}

static void test_policy(void **state)
{
	char out[48];

	(void)state;
	/* No enforce label: the --pss default, ":latest" appended when it names no version. */
	serve_judge_policy(NULL, NULL, out);
	assert_string_equal(out, "baseline:latest");
	serve_judge_policy(NULL, "", out);
	assert_string_equal(out, "baseline:latest");
	assert_string_equal(policy(NULL, NULL, "restricted"), "restricted:latest");
	assert_string_equal(policy(NULL, NULL, "restricted:v1.30"), "restricted:v1.30");
	/* A version label without a level is no enforce label. */
	assert_string_equal(policy(NULL, "v1.25", "privileged"), "privileged:latest");
	/* Valid pairs. */
	assert_string_equal(policy("restricted", "v1.30", NULL), "restricted:v1.30");
	assert_string_equal(policy("baseline", "latest", NULL), "baseline:latest");
	assert_string_equal(policy("privileged", "v1.0", "restricted"), "privileged:v1.0");
	assert_string_equal(policy("baseline", NULL, "restricted:v1.30"), "baseline:latest");
	/* PSA's fallbacks: an invalid level is restricted, an invalid version latest. */
	assert_string_equal(policy("strict", "v1.30", NULL), "restricted:v1.30");
	assert_string_equal(policy("Baseline", NULL, "privileged"), "restricted:latest");
	assert_string_equal(policy("?", NULL, NULL), "restricted:latest");
	assert_string_equal(policy("baseline", "1.30", NULL), "baseline:latest");
	assert_string_equal(policy("baseline", "v1.x", NULL), "baseline:latest");
	assert_string_equal(policy("baseline", "", NULL), "baseline:latest");
	assert_string_equal(policy("", "", NULL), "restricted:latest");
}

/* ---- kinds and what is let by ------------------------------------------------ */

/* A workload of kind with a privileged pod template at spec (a JSON fragment around it). */
static char *workload(const char *api, const char *kind, const char *before, const char *after)
{
	return vakt_xasprintf(
	    "{\"apiVersion\": \"%s\", \"kind\": \"%s\",\n"
	    " \"metadata\": {\"name\": \"web\", \"namespace\": \"apps\"},\n %s"
	    "{\"metadata\": {\"labels\": {\"app\": \"web\"}},\n"
	    "  \"spec\": {\"containers\": [{\"name\": \"app\", \"image\": \"nginx:1.27\",\n"
	    "   \"securityContext\": {\"privileged\": true}}]}}%s}",
	    api, kind, before, after);
}

static void test_kinds(void **state)
{
	static const struct {
		const char *api, *group, *kind, *before, *after;
	} kinds[] = {
	    {"v1", "", "ReplicationController", "\"spec\": {\"replicas\": 2, \"template\": ", "}"},
	    {"v1", "", "PodTemplate", "\"template\": ", ""},
	    {"apps/v1", "apps", "Deployment", "\"spec\": {\"selector\": {}, \"template\": ", "}"},
	    {"apps/v1", "apps", "StatefulSet",
	     "\"spec\": {\"serviceName\": \"w\", \"template\": ", "}"},
	    {"apps/v1", "apps", "DaemonSet", "\"spec\": {\"template\": ", "}"},
	    {"apps/v1", "apps", "ReplicaSet", "\"spec\": {\"template\": ", "}"},
	    {"batch/v1", "batch", "Job", "\"spec\": {\"backoffLimit\": 1, \"template\": ", "}"},
	    {"batch/v1", "batch", "CronJob",
	     "\"spec\": {\"schedule\": \"*/5 * * * *\", \"jobTemplate\": {\"spec\": "
	     "{\"template\": ",
	     "}}}"},
	    /* Another kind with a pod template where controllers put it. */
	    {"apps.kruise.io/v1alpha1", "apps.kruise.io", "CloneSet",
	     "\"spec\": {\"template\": ", "}"},
	    {"argoproj.io/v1alpha1", "argoproj.io", "Rollout", "\"spec\": {\"template\": ", "}"},
	    {"example.com/v1", "example.com", "NightlyBatch",
	     "\"spec\": {\"jobTemplate\": {\"spec\": {\"template\": ", "}}}"},
	};
	struct serve_opts o;

	(void)state;
	opts(&o);
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(kinds); i++) {
		char *obj = workload(kinds[i].api, kinds[i].kind, kinds[i].before, kinds[i].after);
		struct req q = {.group = kinds[i].group, .kind = kinds[i].kind, .object = obj};
		struct verdict v;

		judge(&o, NULL, &q, &v);
		if (v.j.verdict != SERVE_VERDICT_DENY || !has_rule(&v.j, "PS002"))
			fail_msg("%s: verdict %s", kinds[i].kind, serve_verdict_name(v.j.verdict));
		assert_false(v.resp.allowed);
		char *head = vakt_xasprintf("%s \"web\" violates PodSecurity \"baseline:latest\"",
		                            kinds[i].kind);
		assert_true(strncmp(v.resp.message, head, strlen(head)) == 0);
		free(head);
		verdict_release(&v);
		free(obj);
	}
	/* The Pod itself, with every field of the verdict. */
	char *obj = pod("{\"privileged\": true}");
	struct req q = {.kind = "Pod", .object = obj};
	struct verdict v;
	judge(&o, NULL, &q, &v);
	assert_int_equal(v.j.verdict, SERVE_VERDICT_DENY);
	assert_false(v.resp.allowed);
	assert_int_equal(v.resp.code, 403);
	assert_string_equal(v.resp.reason, "Forbidden");
	assert_string_equal(v.j.pss, "baseline:latest");
	assert_null(v.j.skip_why);
	assert_true(has_rule(&v.j, "PS002"));
	assert_true(has_rule(&v.j, "KS010")); /* critical hardened finding */
	assert_false(has_rule(&v.j, "KS001"));
	assert_true(v.j.findings >= 10);
	/* PSS first, then the hardened profile: one line per finding. */
	static const char head[] = "Pod \"web\" violates PodSecurity \"baseline:latest\" and "
	                           "vakt's hardened profile:\n";
	assert_true(strncmp(v.resp.message, head, strlen(head)) == 0);
	const char *l1 = strchr(v.resp.message, '\n') + 1, *l2 = strchr(l1, '\n') + 1;
	assert_non_null(strstr(l1, "[PS002]\n"));
	assert_true(strncmp(l1, "PSS baseline:latest privileged: container \"app\"", 47) == 0);
	assert_non_null(strstr(l2, "[KS010]"));
	assert_null(strchr(l2, '\n'));
	assert_string_equal(audit(&v, "verdict"), "deny");
	assert_string_equal(audit(&v, "pss"), "baseline:latest");
	const char *f = audit(&v, "findings");
	assert_true(strcmp(f, "PS002,KS010") == 0 || strcmp(f, "KS010,PS002") == 0);
	/* Below critical, at or above medium: warnings, one a finding. */
	assert_true(v.resp.warnings.n >= 5);
	bool ks001 = false;
	for (size_t i = 0; i < v.resp.warnings.n; i++) {
		assert_null(strstr(v.resp.warnings.v[i], "[PS002]"));
		assert_null(strstr(v.resp.warnings.v[i], "[KS072]")); /* info */
		ks001 |= strstr(v.resp.warnings.v[i], "[KS001]") != NULL;
	}
	assert_true(ks001);
	verdict_release(&v);
	free(obj);

	/* A hardened pod passes. */
	obj = pod(RESTRICTED_SC);
	q.object = obj;
	judge(&o, NULL, &q, &v);
	assert_int_equal(v.j.verdict, SERVE_VERDICT_ALLOW);
	assert_true(v.resp.allowed);
	assert_null(v.resp.message);
	assert_int_equal(v.j.n_deny_rules, 0);
	assert_string_equal(audit(&v, "verdict"), "allow");
	assert_null(audit(&v, "findings"));
	verdict_release(&v);
	free(obj);
}

/* What is let by unjudged: no audit annotation, nothing counted. */
static void skipped(const struct serve_opts *o, const struct req *q, const char *why)
{
	struct verdict v;

	judge(o, NULL, q, &v);
	if (v.j.verdict != SERVE_VERDICT_SKIP)
		fail_msg("%s %s: verdict %s, expected skip", q->op ? q->op : "CREATE", q->kind,
		         serve_verdict_name(v.j.verdict));
	assert_true(v.resp.allowed);
	assert_null(v.resp.audit);
	assert_null(v.resp.message);
	assert_int_equal(v.resp.warnings.n, 0);
	assert_int_equal(v.j.findings, 0);
	assert_string_equal(v.j.skip_why, why);
	verdict_release(&v);
}

static void test_skips(void **state)
{
	struct serve_opts o;
	char *bad = pod("{\"privileged\": true}"), *good = pod(RESTRICTED_SC);

	(void)state;
	opts(&o);
	skipped(&o,
	        &(struct req){.kind = "ConfigMap",
	                      .object =
	                          "{\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\", "
	                          "\"metadata\": {\"name\": \"web\"}, \"data\": {\"a\": \"b\"}}"},
	        "kind not judged");
	/* A Deployment in the wrong group and without a template is not a workload. */
	skipped(&o,
	        &(struct req){.group = "example.com",
	                      .kind = "Deployment",
	                      .object = "{\"spec\": {\"template\": {\"spec\": {}}}}"},
	        "kind not judged");
	skipped(&o, &(struct req){.kind = "Pod", .op = "DELETE", .old = bad},
	        "operation not judged");
	skipped(&o, &(struct req){.kind = "Pod", .op = "CONNECT", .sub = "exec", .object = bad},
	        "operation not judged");
	skipped(&o, &(struct req){.kind = "Pod"}, "no object");
	skipped(&o,
	        &(struct req){
	            .kind = "Pod", .op = "UPDATE", .sub = "status", .object = bad, .old = good},
	        "subresource not judged");
	skipped(&o, &(struct req){.kind = "Pod", .op = "CREATE", .sub = "binding", .object = bad},
	        "subresource not judged");
	/* An update that changes no spec or annotation (a label) is let by. */
	char *labelled = vakt_xasprintf("%.*s, \"labels\": {\"tier\": \"web\"}%s",
	                                (int)(strstr(bad, "\"apps\"") + 6 - bad), bad,
	                                strstr(bad, "\"apps\"") + 6);
	skipped(&o, &(struct req){.kind = "Pod", .op = "UPDATE", .object = labelled, .old = bad},
	        "pod spec unchanged");
	/* A scale of a Deployment whose template fails. */
	char *d3 =
	    workload("apps/v1", "Deployment", "\"spec\": {\"replicas\": 3, \"template\": ", "}");
	char *d0 =
	    workload("apps/v1", "Deployment", "\"spec\": {\"replicas\": 0, \"template\": ", "}");
	skipped(&o,
	        &(struct req){
	            .group = "apps", .kind = "Deployment", .op = "UPDATE", .object = d0, .old = d3},
	        "pod spec unchanged");

	/* Judged: ephemeral containers, an update of the spec, an annotation, no old object. */
	struct verdict v;
	judge(&o, NULL,
	      &(struct req){.kind = "Pod",
	                    .op = "UPDATE",
	                    .sub = "ephemeralcontainers",
	                    .object = bad,
	                    .old = good},
	      &v);
	assert_int_equal(v.j.verdict, SERVE_VERDICT_DENY);
	verdict_release(&v);
	judge(&o, NULL, &(struct req){.kind = "Pod", .op = "UPDATE", .object = bad, .old = good},
	      &v);
	assert_int_equal(v.j.verdict, SERVE_VERDICT_DENY);
	verdict_release(&v);
	judge(&o, NULL, &(struct req){.kind = "Pod", .op = "UPDATE", .object = bad}, &v);
	assert_int_equal(v.j.verdict, SERVE_VERDICT_DENY);
	verdict_release(&v);
	/* An old object that is not an object is no unchanged pod. */
	judge(&o, NULL, &(struct req){.kind = "Pod", .op = "UPDATE", .object = bad, .old = "[1]"},
	      &v);
	assert_int_equal(v.j.verdict, SERVE_VERDICT_DENY);
	verdict_release(&v);
	char *annotated = vakt_xasprintf(
	    "%.*s, \"annotations\": {\"kubectl.kubernetes.io/restartedAt\": \"2026-12-07\"}%s",
	    (int)(strstr(bad, "\"apps\"") + 6 - bad), bad, strstr(bad, "\"apps\"") + 6);
	judge(&o, NULL,
	      &(struct req){.kind = "Pod", .op = "UPDATE", .object = annotated, .old = bad}, &v);
	assert_int_equal(v.j.verdict, SERVE_VERDICT_DENY);
	verdict_release(&v);
	free(annotated);
	free(labelled);
	free(d3);
	free(d0);
	free(bad);
	free(good);
}

/* ---- exemptions and modes ---------------------------------------------------- */

static void test_exemptions(void **state)
{
	struct serve_opts o;
	struct verdict v;
	char *bad = pod("{\"privileged\": true}");
	char *kata = vakt_xasprintf("{\"kind\": \"Pod\", \"metadata\": {\"name\": \"web\"},"
	                            " \"spec\": {\"runtimeClassName\": \"kata\", \"containers\":"
	                            " [{\"name\": \"app\", \"image\": \"nginx:1.27\","
	                            " \"securityContext\": {\"privileged\": true}}]}}");

	(void)state;
	opts(&o);
	vakt_strv_push(&o.exempt_namespaces, "kube-system");
	vakt_strv_push(&o.exempt_users, "system:serviceaccount:kube-system:daemon-set-controller");
	vakt_strv_push(&o.exempt_runtime_classes, "kata");

	judge(&o, NULL, &(struct req){.kind = "Pod", .ns = "kube-system", .object = bad}, &v);
	assert_int_equal(v.j.verdict, SERVE_VERDICT_EXEMPT);
	assert_true(v.resp.allowed);
	assert_string_equal(v.j.skip_why, "namespace");
	assert_string_equal(audit(&v, "verdict"), "exempt");
	assert_string_equal(audit(&v, "exempt"), "namespace");
	assert_int_equal(json_object_size(v.resp.audit), 2);
	verdict_release(&v);
	judge(&o, NULL,
	      &(struct req){.kind = "Pod",
	                    .user = "system:serviceaccount:kube-system:daemon-set-controller",
	                    .object = bad},
	      &v);
	assert_int_equal(v.j.verdict, SERVE_VERDICT_EXEMPT);
	assert_string_equal(audit(&v, "exempt"), "user");
	verdict_release(&v);
	judge(&o, NULL, &(struct req){.kind = "Pod", .object = kata}, &v);
	assert_int_equal(v.j.verdict, SERVE_VERDICT_EXEMPT);
	assert_string_equal(audit(&v, "exempt"), "runtimeClass");
	verdict_release(&v);
	/* Exact names only. */
	judge(&o, NULL,
	      &(struct req){.kind = "Pod", .ns = "kube-system-2", .user = "KUBE", .object = bad},
	      &v);
	assert_int_equal(v.j.verdict, SERVE_VERDICT_DENY);
	verdict_release(&v);
	/* A Namespace is exempt by its own name (invalid labels and all). */
	judge(&o, NULL,
	      &(struct req){.kind = "Namespace",
	                    .ns = "",
	                    .object = "{\"kind\": \"Namespace\", \"metadata\": {\"name\": \"x\","
	                              " \"labels\": {\"" PSA "enforce\": \"strict\"}}}"},
	      &v);
	assert_int_equal(v.j.verdict, SERVE_VERDICT_DENY); /* the request's name is "web" */
	verdict_release(&v);
	vakt_strv_push(&o.exempt_namespaces, "web");
	judge(&o, NULL,
	      &(struct req){.kind = "Namespace",
	                    .ns = "",
	                    .object = "{\"kind\": \"Namespace\", \"metadata\": {\"name\": \"web\","
	                              " \"labels\": {\"" PSA "enforce\": \"strict\"}}}"},
	      &v);
	assert_int_equal(v.j.verdict, SERVE_VERDICT_EXEMPT);
	verdict_release(&v);
	serve_opts_release(&o);
	free(bad);
	free(kata);
}

static void test_modes(void **state)
{
	struct serve_opts o;
	struct verdict v;
	char *bad = pod("{\"privileged\": true}");

	(void)state;
	opts(&o);
	o.mode = SERVE_MODE_WARN;
	judge(&o, NULL, &(struct req){.kind = "Pod", .object = bad}, &v);
	assert_int_equal(v.j.verdict, SERVE_VERDICT_WARN);
	assert_true(v.resp.allowed);
	assert_null(v.resp.message);
	assert_string_equal(audit(&v, "verdict"), "warn");
	assert_true(has_rule(&v.j, "PS002") && has_rule(&v.j, "KS010"));
	/* What would refuse comes first, PSS first. */
	assert_true(v.resp.warnings.n >= 3);
	assert_non_null(strstr(v.resp.warnings.v[0], "[PS002]"));
	assert_non_null(strstr(v.resp.warnings.v[1], "[KS010]"));
	verdict_release(&v);

	o.mode = SERVE_MODE_AUDIT;
	judge(&o, NULL, &(struct req){.kind = "Pod", .object = bad}, &v);
	assert_int_equal(v.j.verdict, SERVE_VERDICT_WARN);
	assert_true(v.resp.allowed);
	assert_int_equal(v.resp.warnings.n, 0);
	assert_non_null(strstr(audit(&v, "findings"), "PS002"));
	verdict_release(&v);
	free(bad);
}

static bool warned(const struct verdict *v, const char *id)
{
	char tag[16];

	snprintf(tag, sizeof(tag), "[%s]", id);
	for (size_t i = 0; i < v->resp.warnings.n; i++)
		if (strstr(v->resp.warnings.v[i], tag))
			return true;
	return false;
}

static void test_hardened(void **state)
{
	struct serve_opts o;
	struct verdict v;
	char *bad = pod("{\"privileged\": true}"), *plain = pod("{}");

	(void)state;
	opts(&o);
	/* none: only the PSS controls refuse; the critical hardened finding is a warning. */
	o.hardened_off = true;
	judge(&o, NULL, &(struct req){.kind = "Pod", .object = bad}, &v);
	assert_int_equal(v.j.verdict, SERVE_VERDICT_DENY);
	assert_true(has_rule(&v.j, "PS002"));
	assert_false(has_rule(&v.j, "KS010"));
	assert_null(strstr(v.resp.message, "[KS010]"));
	assert_null(strstr(v.resp.message, "hardened"));
	assert_true(warned(&v, "KS010"));
	verdict_release(&v);

	/* A threshold of high: KS001 (high) refuses, alone under --pss privileged. */
	o.hardened_off = false;
	o.hardened = VAKT_SEV_HIGH;
	o.pss = "privileged";
	judge(&o, NULL, &(struct req){.kind = "Pod", .object = plain}, &v);
	assert_int_equal(v.j.verdict, SERVE_VERDICT_DENY);
	assert_string_equal(v.j.pss, "privileged:latest");
	assert_true(has_rule(&v.j, "KS001"));
	assert_true(
	    strncmp(v.resp.message, "Pod \"web\" violates vakt's hardened profile:\n", 44) == 0);
	assert_null(strstr(v.resp.message, "[PS"));
	assert_true(warned(&v, "KS012"));  /* medium */
	assert_false(warned(&v, "KS005")); /* low */
	verdict_release(&v);

	/* warn_min: high keeps medium findings out; info lets everything in. */
	o.warn_min = VAKT_SEV_HIGH;
	judge(&o, NULL, &(struct req){.kind = "Pod", .object = plain}, &v);
	assert_int_equal(v.resp.warnings.n, 0); /* KS001 refuses; nothing else is high */
	size_t findings = v.j.findings;
	verdict_release(&v);
	o.warn_min = VAKT_SEV_INFO;
	judge(&o, NULL, &(struct req){.kind = "Pod", .object = plain}, &v);
	assert_true(warned(&v, "KS005"));
	assert_true(warned(&v, "KS072"));
	/* Every counted finding is a refusal or a warning now. */
	assert_int_equal(v.resp.warnings.n + v.j.n_deny_rules, findings);
	verdict_release(&v);

	/* A pod that fails nothing at high: allowed, with warnings. */
	o.hardened = VAKT_SEV_CRITICAL;
	o.warn_min = VAKT_SEV_MEDIUM;
	judge(&o, NULL, &(struct req){.kind = "Pod", .object = plain}, &v);
	assert_int_equal(v.j.verdict, SERVE_VERDICT_ALLOW);
	assert_true(v.resp.allowed);
	assert_true(warned(&v, "KS001"));
	verdict_release(&v);
	free(bad);
	free(plain);
}

/* vakt's suppression annotation: suppressed findings count for nothing. */
static void test_suppressed(void **state)
{
	struct serve_opts o;
	struct verdict v;
	static const char obj[] =
	    "{\"apiVersion\": \"v1\", \"kind\": \"Pod\", \"metadata\": {\"name\": \"web\","
	    " \"annotations\": {\"vakt.io/ignore\": \"PS002,KS010\","
	    " \"vakt.io/ignore-reason\": \"the CNI agent needs it\"}},"
	    " \"spec\": {\"containers\": [{\"name\": \"app\", \"image\": \"nginx:1.27\","
	    " \"securityContext\": {\"privileged\": true}}]}}";

	(void)state;
	opts(&o);
	o.warn_min = VAKT_SEV_INFO;
	judge(&o, NULL, &(struct req){.kind = "Pod", .object = obj}, &v);
	assert_int_equal(v.j.verdict, SERVE_VERDICT_ALLOW);
	assert_false(warned(&v, "PS002"));
	assert_false(warned(&v, "KS010"));
	assert_int_equal(v.resp.warnings.n, v.j.findings);
	verdict_release(&v);
}

/* The namespace's level from the cache; the request's namespace fills a missing one. */
static void test_namespace_level(void **state)
{
	struct serve_opts o;
	struct verdict v;
	struct serve_ns_cache *c = serve_ns_cache_new();
	struct serve_ns_policy p = {.has_enforce = true,
	                            .enforce = "restricted",
	                            .has_version = true,
	                            .enforce_version = "v1.30"};
	char *obj = pod("{\"runAsNonRoot\": true}");

	(void)state;
	opts(&o);
	assert_int_equal(serve_ns_cache_put(c, "payments", &p), 0);
	judge(&o, c, &(struct req){.kind = "Pod", .ns = "payments", .object = obj}, &v);
	assert_int_equal(v.j.verdict, SERVE_VERDICT_DENY);
	assert_string_equal(v.j.pss, "restricted:v1.30");
	assert_non_null(strstr(v.resp.message, "violates PodSecurity \"restricted:v1.30\""));
	assert_true(has_rule(&v.j, "PS014") || has_rule(&v.j, "PS015") || has_rule(&v.j, "PS016"));
	verdict_release(&v);
	/* Another namespace: the default. */
	judge(&o, c, &(struct req){.kind = "Pod", .ns = "apps", .object = obj}, &v);
	assert_int_equal(v.j.verdict, SERVE_VERDICT_ALLOW);
	assert_string_equal(v.j.pss, "baseline:latest");
	verdict_release(&v);
	free(obj);
	serve_ns_cache_free(c);
}

/* ---- ceilings ------------------------------------------------------------------ */

/* A pod of n containers named by name(i), each with this securityContext. */
static char *pod_of(size_t n, const char *prefix, const char *unit, size_t units, const char *sc)
{
	struct vakt_buf b = {0};

	vakt_buf_addf(&b,
	              "{\"apiVersion\": \"v1\", \"kind\": \"Pod\", \"metadata\": {\"name\": "
	              "\"%s\", \"namespace\": \"apps\"}, \"spec\": {\"containers\": [",
	              prefix);
	for (size_t i = 0; i < n; i++) {
		vakt_buf_addf(&b, "%s{\"name\": \"c%zu-", i ? ", " : "", i);
		for (size_t k = 0; k < units; k++)
			vakt_buf_adds(&b, unit);
		vakt_buf_addf(&b, "\", \"image\": \"nginx:1.27\", \"securityContext\": %s}", sc);
	}
	vakt_buf_adds(&b, "]}}");
	return b.data;
}

static void test_warning_cap(void **state)
{
	struct serve_opts o;
	struct verdict v;
	char *obj = pod_of(12, "web", "a", 1, "{}");

	(void)state;
	opts(&o);
	o.pss = "privileged";
	o.hardened_off = true;
	o.warn_min = VAKT_SEV_INFO;
	judge(&o, NULL, &(struct req){.kind = "Pod", .object = obj}, &v);
	assert_int_equal(v.j.verdict, SERVE_VERDICT_ALLOW);
	assert_true(v.j.findings > SERVE_REVIEW_MAX_WARNINGS);
	assert_int_equal(v.resp.warnings.n, SERVE_REVIEW_MAX_WARNINGS);
	char want[128];
	snprintf(want, sizeof(want), "... and %zu more findings (the webhook's log has them all)",
	         v.j.findings - (SERVE_REVIEW_MAX_WARNINGS - 1));
	assert_string_equal(v.resp.warnings.v[SERVE_REVIEW_MAX_WARNINGS - 1], want);
	for (size_t i = 0; i + 1 < v.resp.warnings.n; i++)
		assert_true(v.resp.warnings.v[i][strlen(v.resp.warnings.v[i]) - 1] == ']');
	verdict_release(&v);
	free(obj);

	/* Exactly 32: no summary line. Find a container count that gives 32 or fewer. */
	for (size_t n = 1; n < 12; n++) {
		obj = pod_of(n, "web", "a", 1, "{}");
		judge(&o, NULL, &(struct req){.kind = "Pod", .object = obj}, &v);
		if (v.j.findings <= SERVE_REVIEW_MAX_WARNINGS) {
			assert_int_equal(v.resp.warnings.n, v.j.findings);
			for (size_t i = 0; i < v.resp.warnings.n; i++)
				assert_null(strstr(v.resp.warnings.v[i], "more findings"));
		} else {
			assert_int_equal(v.resp.warnings.n, SERVE_REVIEW_MAX_WARNINGS);
		}
		verdict_release(&v);
		free(obj);
	}
}

/*
 * Container names of 3-byte characters (untrusted: the API server's own
 * validation comes after the webhook only for some clients) make the lines
 * long: the message stops at 4096 bytes and every warning at 512, each cut
 * before a whole character, never inside one.
 */
static void test_clip_utf8(void **state)
{
	struct serve_opts o;
	bool stepped_back = false;

	(void)state;
	opts(&o);
	o.warn_min = VAKT_SEV_INFO;
	for (size_t shift = 0; shift < 3; shift++) {
		char name[4] = "www";
		struct verdict v;

		name[shift + 1] = '\0';
		/* 10 privileged containers, names of 150 euro signs: 20 lines of ~560 bytes. */
		char *obj = pod_of(10, name, "\xe2\x82\xac", 150, "{\"privileged\": true}");
		judge(&o, NULL, &(struct req){.kind = "Pod", .object = obj}, &v);
		assert_int_equal(v.j.verdict, SERVE_VERDICT_DENY);
		const char *m = v.resp.message;
		size_t n = strlen(m);
		assert_true(n <= 4096);
		assert_true(n >= 4096 - 2);
		assert_true(utf8_ok(m));
		assert_string_equal(m + n - 3, "...");
		stepped_back |= n < 4096;
		/* Each refusal line was clipped at 1024 already. */
		for (const char *l = m; l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
			const char *e = strchr(l, '\n');
			assert_true((size_t)(e ? e - l : (ptrdiff_t)strlen(l)) <= 1024);
		}
		assert_true(v.resp.warnings.n > 0);
		for (size_t i = 0; i < v.resp.warnings.n; i++) {
			const char *w = v.resp.warnings.v[i];
			assert_true(strlen(w) <= SERVE_REVIEW_WARNING_MAX);
			assert_true(utf8_ok(w));
		}
		/* The document carries the message (jansson refuses invalid UTF-8). */
		json_t *doc = serve_response_document(&v.r, &v.resp);
		json_t *st = json_object_get(json_object_get(doc, "response"), "status");
		assert_string_equal(json_string_value(json_object_get(st, "message")), m);
		assert_int_equal(
		    json_array_size(json_object_get(json_object_get(doc, "response"), "warnings")),
		    v.resp.warnings.n);
		json_decref(doc);
		verdict_release(&v);
		free(obj);
	}
	/* One shift of the three cuts inside a character and steps back over it. */
	assert_true(stepped_back);
}

/* ---- Namespaces ----------------------------------------------------------------- */

static void test_namespace_invalid(void **state)
{
	struct serve_opts o;
	struct verdict v;
	struct serve_ns_cache *c = serve_ns_cache_new();
	static const char bad[] =
	    "{\"apiVersion\": \"v1\", \"kind\": \"Namespace\", \"metadata\": {\"name\": \"web\","
	    " \"labels\": {\"kubernetes.io/metadata.name\": \"web\","
	    " \"" PSA "enforce\": \"strict\", \"" PSA "enforce-version\": \"v1.30\","
	    " \"" PSA "audit\": 3, \"" PSA "warn-version\": \"1.30\"}}}";

	(void)state;
	opts(&o);
	judge(&o, c, &(struct req){.kind = "Namespace", .ns = "", .object = bad}, &v);
	assert_int_equal(v.j.verdict, SERVE_VERDICT_DENY);
	assert_false(v.resp.allowed);
	assert_int_equal(v.resp.code, 422);
	assert_string_equal(v.resp.reason, "Invalid");
	assert_string_equal(v.resp.message,
	                    "Namespace \"web\" has invalid Pod Security labels:\n" PSA
	                    "enforce=strict: expected privileged, baseline or restricted\n" PSA
	                    "audit=?: expected privileged, baseline or restricted\n" PSA
	                    "warn-version=1.30: expected latest or v1.N");
	assert_true(has_rule(&v.j, "KN002"));
	assert_string_equal(audit(&v, "verdict"), "deny");
	/* Refused: nothing learnt. */
	assert_int_equal(serve_ns_cache_count(c), 0);
	verdict_release(&v);

	o.mode = SERVE_MODE_WARN;
	judge(&o, c, &(struct req){.kind = "Namespace", .ns = "", .object = bad}, &v);
	assert_int_equal(v.j.verdict, SERVE_VERDICT_WARN);
	assert_true(v.resp.allowed);
	assert_null(v.resp.message);
	assert_int_equal(v.resp.warnings.n, 3);
	assert_string_equal(v.resp.warnings.v[2], PSA "warn-version=1.30: expected latest or v1.N");
	verdict_release(&v);
	o.mode = SERVE_MODE_AUDIT;
	judge(&o, c, &(struct req){.kind = "Namespace", .ns = "", .object = bad}, &v);
	assert_int_equal(v.j.verdict, SERVE_VERDICT_WARN);
	assert_int_equal(v.resp.warnings.n, 0);
	assert_string_equal(audit(&v, "verdict"), "warn");
	verdict_release(&v);
	serve_ns_cache_free(c);
}

/* A label value of any length: the refusal stops at 4096 bytes, each warning at 512. */
static void test_namespace_long_label(void **state)
{
	struct serve_opts o;
	struct verdict v;
	struct vakt_buf b = VAKT_BUF_INIT;

	(void)state;
	opts(&o);
	vakt_buf_adds(&b, "{\"kind\": \"Namespace\", \"metadata\": {\"name\": \"web\", "
	                  "\"labels\": {\"" PSA "enforce\": \"");
	for (int i = 0; i < 2000; i++)
		vakt_buf_adds(&b, "r\u00e9");
	vakt_buf_adds(&b, "\", \"" PSA "warn\": \"x\"}}}");
	judge(&o, NULL, &(struct req){.kind = "Namespace", .ns = "", .object = b.data}, &v);
	assert_int_equal(v.resp.code, 422);
	assert_true(strlen(v.resp.message) <= 4096);
	assert_true(utf8_ok(v.resp.message));
	verdict_release(&v);
	o.mode = SERVE_MODE_WARN;
	judge(&o, NULL, &(struct req){.kind = "Namespace", .ns = "", .object = b.data}, &v);
	assert_int_equal(v.resp.warnings.n, 2);
	for (size_t i = 0; i < v.resp.warnings.n; i++) {
		assert_true(strlen(v.resp.warnings.v[i]) <= SERVE_REVIEW_WARNING_MAX);
		assert_true(utf8_ok(v.resp.warnings.v[i]));
	}
	assert_string_equal(v.resp.warnings.v[1],
	                    PSA "warn=x: expected privileged, baseline or restricted");
	verdict_release(&v);
	free(b.data);
}

static void test_namespace_learn(void **state)
{
	struct serve_opts o;
	struct verdict v;
	struct serve_ns_cache *c = serve_ns_cache_new();
	struct serve_ns_policy p;
	static const char ns[] =
	    "{\"apiVersion\": \"v1\", \"kind\": \"Namespace\", \"metadata\": {\"name\": \"web\","
	    " \"labels\": {\"" PSA "enforce\": \"restricted\","
	    " \"" PSA "enforce-version\": \"v1.29\", \"" PSA "warn\": \"restricted\"}}}";

	(void)state;
	opts(&o);
	/* A dry run teaches nothing. */
	judge(&o, c, &(struct req){.kind = "Namespace", .ns = "", .dry_run = true, .object = ns},
	      &v);
	assert_int_equal(v.j.verdict, SERVE_VERDICT_ALLOW);
	assert_true(v.resp.allowed);
	assert_string_equal(audit(&v, "verdict"), "allow");
	assert_false(serve_ns_cache_get(c, "web", &p));
	verdict_release(&v);
	/* With a watch, the watch is the truth. */
	o.watch_api = "https://10.96.0.1:443";
	judge(&o, c, &(struct req){.kind = "Namespace", .ns = "", .object = ns}, &v);
	assert_int_equal(v.j.verdict, SERVE_VERDICT_ALLOW);
	assert_false(serve_ns_cache_get(c, "web", &p));
	verdict_release(&v);
	/* Without: learnt, and the next pod in it is judged at its level. */
	o.watch_api = NULL;
	judge(&o, c, &(struct req){.kind = "Namespace", .ns = "", .op = "UPDATE", .object = ns},
	      &v);
	assert_int_equal(v.j.verdict, SERVE_VERDICT_ALLOW);
	assert_true(serve_ns_cache_get(c, "web", &p));
	assert_string_equal(p.enforce, "restricted");
	assert_string_equal(p.enforce_version, "v1.29");
	verdict_release(&v);
	char *obj = pod("{}");
	judge(&o, c, &(struct req){.kind = "Pod", .ns = "web", .object = obj}, &v);
	assert_string_equal(v.j.pss, "restricted:v1.29");
	assert_int_equal(v.j.verdict, SERVE_VERDICT_DENY);
	verdict_release(&v);
	free(obj);
	/* No cache: judged all the same. */
	judge(&o, NULL, &(struct req){.kind = "Namespace", .ns = "", .object = ns}, &v);
	assert_int_equal(v.j.verdict, SERVE_VERDICT_ALLOW);
	verdict_release(&v);
	/* A Namespace in the wrong group is not a Namespace. */
	judge(&o, c, &(struct req){.group = "example.com", .kind = "Namespace", .object = ns}, &v);
	assert_int_equal(v.j.verdict, SERVE_VERDICT_SKIP);
	verdict_release(&v);
	serve_ns_cache_free(c);
}

static void test_verdict_names(void **state)
{
	(void)state;
	assert_string_equal(serve_verdict_name(SERVE_VERDICT_ALLOW), "allow");
	assert_string_equal(serve_verdict_name(SERVE_VERDICT_DENY), "deny");
	assert_string_equal(serve_verdict_name(SERVE_VERDICT_WARN), "warn");
	assert_string_equal(serve_verdict_name(SERVE_VERDICT_EXEMPT), "exempt");
	assert_string_equal(serve_verdict_name(SERVE_VERDICT_SKIP), "skip");
	assert_string_equal(serve_verdict_name((enum serve_verdict)99), "?");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_policy),
	    cmocka_unit_test(test_kinds),
	    cmocka_unit_test(test_skips),
	    cmocka_unit_test(test_exemptions),
	    cmocka_unit_test(test_modes),
	    cmocka_unit_test(test_hardened),
	    cmocka_unit_test(test_suppressed),
	    cmocka_unit_test(test_namespace_level),
	    cmocka_unit_test(test_warning_cap),
	    cmocka_unit_test(test_clip_utf8),
	    cmocka_unit_test(test_namespace_invalid),
	    cmocka_unit_test(test_namespace_long_label),
	    cmocka_unit_test(test_namespace_learn),
	    cmocka_unit_test(test_verdict_names),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
