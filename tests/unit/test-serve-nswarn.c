/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for PSA's warnings about a namespace's existing pods
 * (src/serve/serve-nswarn.c): which Namespace updates call for them, PodList
 * pages as the API server writes them, the grouping and wording, the
 * ceilings (pods, time, groups, warnings), and the whole check against a
 * fake API server (libmicrohttpd on 127.0.0.1).
 */
#include <errno.h>
#include <jansson.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/util.h"
#include "serve/serve-nswarn.h"

/* A Namespace UPDATE review from the old labels to the new (JSON objects' text). */
static void ns_update(struct serve_request *r, const char *op, const char *old_labels,
                      const char *new_labels)
{
	char *text = vakt_xasprintf(
	    "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":{"
	    "\"uid\":\"5d1b8a62-0d5b-4f1e-9a57-3c4f4b7e2a10\",\"kind\":{\"group\":\"\","
	    "\"version\":\"v1\",\"kind\":\"Namespace\"},\"resource\":{\"group\":\"\","
	    "\"version\":\"v1\",\"resource\":\"namespaces\"},\"name\":\"shop\",\"operation\":"
	    "\"%s\",\"userInfo\":{\"username\":\"kubernetes-admin\"},\"object\":{\"apiVersion\":"
	    "\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"shop\",\"labels\":%s}},"
	    "\"oldObject\":%s%s%s}}",
	    op, new_labels,
	    old_labels ? "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\","
	                 "\"metadata\":{\"name\":\"shop\",\"labels\":"
	               : "null",
	    old_labels ? old_labels : "", old_labels ? "}}" : "");
	struct vakt_error *err = NULL;

	if (serve_request_parse(text, strlen(text), r, &err) < 0)
		fail_msg("review does not parse: %s\n%s", err->msg, text);
	free(text);
}

#define ENF(level) "{\"pod-security.kubernetes.io/enforce\":\"" level "\"}"
#define ENFV(level, ver)                                                                           \
	"{\"pod-security.kubernetes.io/enforce\":\"" level "\","                                   \
	"\"pod-security.kubernetes.io/enforce-version\":\"" ver "\"}"

static void test_needed(void **state)
{
	const struct {
		const char *op, *old, *new, *dflt, *want;
	} cases[] = {
	    {"UPDATE", "{}", ENF("restricted"), NULL, "restricted:latest"},
	    {"UPDATE", ENF("privileged"), ENF("baseline"), NULL, "baseline:latest"},
	    {"UPDATE", ENF("baseline"), ENFV("baseline", "v1.25"), NULL, "baseline:v1.25"},
	    /* A relaxed level at another version: PSA checks. */
	    {"UPDATE", ENF("restricted"), ENFV("baseline", "v1.30"), NULL, "baseline:v1.30"},
	    /* The default applies to no label: baseline by default, restricted by --pss. */
	    {"UPDATE", ENF("restricted"), "{}", "restricted", NULL},
	    {"UPDATE", "{}", ENF("restricted"), "restricted", NULL},
	    {"UPDATE", "{}", ENF("baseline"), NULL, NULL},
	    /* An invalid level is restricted (PSA's fallback). */
	    {"UPDATE", ENF("baseline"), ENF("strict"), NULL, "restricted:latest"},
	    {"UPDATE", ENF("restricted"), ENF("baseline"), NULL, NULL},
	    {"UPDATE", ENF("restricted"), ENF("privileged"), NULL, NULL},
	    {"UPDATE", ENF("baseline"), ENF("baseline"), NULL, NULL},
	    {"UPDATE", ENF("restricted"), ENFV("restricted", "latest"), NULL, NULL},
	    {"CREATE", NULL, ENF("restricted"), NULL, NULL},
	    {"UPDATE", NULL, ENF("restricted"), NULL, NULL},
	};

	(void)state;
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(cases); i++) {
		struct serve_request r;
		char policy[48] = "";
		ns_update(&r, cases[i].op, cases[i].old, cases[i].new);
		bool got = serve_nswarn_needed(&r, cases[i].dflt, policy);
		if (got != (cases[i].want != NULL) || (got && strcmp(policy, cases[i].want) != 0))
			fail_msg("case %zu: %d '%s', expected '%s'", i, got, policy,
			         cases[i].want ? cases[i].want : "nothing");
		serve_request_release(&r);
	}
}

/* One pod as the API server lists it; bits pick what it gets wrong. */
static void add_pod(struct vakt_buf *b, const char *name, unsigned bits, const char *rc)
{
	vakt_buf_addf(
	    b,
	    "{\"metadata\":{\"name\":\"%s\",\"namespace\":\"shop\",\"uid\":\"0b9e%04x\","
	    "\"labels\":{\"app\":\"web\"},\"ownerReferences\":[{\"apiVersion\":\"apps/v1\","
	    "\"kind\":\"ReplicaSet\",\"name\":\"web-7f9c6d\",\"uid\":\"aa11\","
	    "\"controller\":true}]},\"spec\":{",
	    name, bits & 0xffff);
	if (rc)
		vakt_buf_addf(b, "\"runtimeClassName\":\"%s\",", rc);
	if (bits & 1)
		vakt_buf_addf(b, "\"hostNetwork\":true,");
	vakt_buf_addf(
	    b,
	    "\"securityContext\":{%s\"seccompProfile\":{\"type\":\"%s\"}},"
	    "\"containers\":[{\"name\":\"app\",\"image\":\"registry.example.com/web:1.4\","
	    "%s\"securityContext\":{%s\"privileged\":%s,\"allowPrivilegeEscalation\":%s,"
	    "\"runAsNonRoot\":%s,\"capabilities\":{\"drop\":[\"ALL\"]%s}}}]},"
	    "\"status\":{\"phase\":\"Running\"}}",
	    bits & 256 ? "\"seLinuxOptions\":{\"type\":\"spc_t\"}," : "",
	    bits & 2 ? "Unconfined" : "RuntimeDefault",
	    bits & 4 ? "\"ports\":[{\"containerPort\":80,\"hostPort\":80}]," : "",
	    bits & 128 ? "\"runAsUser\":0," : "", bits & 8 ? "true" : "false",
	    bits & 16 ? "true" : "false", bits & 32 ? "false" : "true",
	    bits & 64 ? ",\"add\":[\"NET_ADMIN\"]" : "");
}

/* A PodList page of pods named prefix-N with the given bits (NULL: every pod privileged). */
static char *page(const char *prefix, size_t n, const unsigned *bits, const char *meta_extra)
{
	struct vakt_buf b = VAKT_BUF_INIT;

	vakt_buf_addf(&b,
	              "{\"kind\":\"PodList\",\"apiVersion\":\"v1\",\"metadata\":{"
	              "\"resourceVersion\":\"7001\"%s},\"items\":[",
	              meta_extra ? meta_extra : "");
	for (size_t i = 0; i < n; i++) {
		char name[64];
		snprintf(name, sizeof(name), "%s-%04zu", prefix, i);
		if (i)
			vakt_buf_addc(&b, ',');
		add_pod(&b, name, bits ? bits[i] : 8, NULL);
	}
	vakt_buf_addf(&b, "]}");
	return vakt_buf_detach(&b);
}

static void warnings_of(const struct serve_nswarn *t, struct vakt_strv *out)
{
	*out = (struct vakt_strv)VAKT_STRV_INIT;
	serve_nswarn_warnings(t, "shop", out);
}

static void test_pages(void **state)
{
	struct serve_nswarn t;
	struct vakt_error *err = NULL;
	struct vakt_strv w;
	static char kata[] = "kata";
	char *classes[] = {kata, NULL};
	const struct vakt_strv exempt = {.v = classes, .n = 1};
	unsigned bits[3] = {8, 8, 0};
	char *p;

	(void)state;
	assert_int_equal(serve_nswarn_init(&t, "nonsense", NULL), -EINVAL);
	assert_int_equal(serve_nswarn_init(&t, "restricted:v1.30", &exempt), 0);
	assert_string_equal(t.policy_text, "restricted:v1.30");

	/* Two privileged pods and a good one; more to come. */
	p = page("web", 3, bits,
	         ",\"continue\":\"eyJ2IjoibWV0YS5rOHMuaW8vdjEifQ\","
	         "\"remainingItemCount\":2");
	assert_int_equal(serve_nswarn_add_page(&t, p, strlen(p), 0, &err), 0);
	free(p);
	assert_int_equal(t.listed, 3);
	assert_int_equal(t.checked, 3);
	assert_int_equal(t.remaining, 2);
	assert_string_equal(t.next, "eyJ2IjoibWV0YS5rOHMuaW8vdjEifQ");
	warnings_of(&t, &w);
	assert_int_equal(w.n, 3);
	assert_string_equal(w.v[0], "new PodSecurity enforce level only checked against the first "
	                            "3 of 5 existing pods");
	assert_string_equal(w.v[1], "existing pods in namespace \"shop\" violate the new "
	                            "PodSecurity enforce level \"restricted:v1.30\"");
	assert_string_equal(w.v[2], "web-0000 (and 1 other pod): privileged");
	vakt_strv_release(&w);

	/* The last page: an exempt pod, a pod without a name, one with every fault. */
	struct vakt_buf b = VAKT_BUF_INIT;
	vakt_buf_addf(&b, "{\"kind\":\"PodList\",\"metadata\":{\"resourceVersion\":\"7002\"},"
	                  "\"items\":[");
	add_pod(&b, "sandbox", 8, "kata");
	vakt_buf_addf(&b, ",{\"spec\":{\"hostPID\":true,\"containers\":[{\"name\":\"x\","
	                  "\"image\":\"busybox\"}]}},");
	add_pod(&b, "agent-0", 127, NULL);
	vakt_buf_addf(&b, "]}");
	assert_int_equal(serve_nswarn_add_page(&t, b.data, b.len, 0, &err), 0);
	vakt_buf_release(&b);
	assert_int_equal(t.listed, 6);
	assert_int_equal(t.remaining, -1);
	assert_string_equal(t.next, "");
	warnings_of(&t, &w);
	assert_int_equal(w.n, 4);
	assert_true(vakt_starts_with(w.v[0], "existing pods in namespace"));
	/* Sorted; PSA's order of reasons: baseline, then restricted checks, by ID. */
	assert_string_equal(w.v[1],
	                    "(unnamed): host namespaces, allowPrivilegeEscalation != false, "
	                    "unrestricted capabilities, runAsNonRoot != true, "
	                    "seccompProfile");
	assert_string_equal(w.v[2], "agent-0: host namespaces, hostPort, privileged, "
	                            "allowPrivilegeEscalation != false, unrestricted capabilities, "
	                            "runAsNonRoot != true, seccompProfile");
	assert_string_equal(w.v[3], "web-0000 (and 1 other pod): privileged");
	vakt_strv_release(&w);
	serve_nswarn_release(&t);

	/* Not a PodList: refused, counts unchanged. */
	const char *bad[] = {"{\"kind\":\"Status\",\"code\":403}", "not: [json", "[1,2]",
	                     "{\"kind\":\"PodList\",\"items\":{\"a\":1}}", ""};
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(bad); i++) {
		assert_int_equal(serve_nswarn_init(&t, "baseline", NULL), 0);
		assert_int_equal(serve_nswarn_add_page(&t, bad[i], strlen(bad[i]), 0, &err),
		                 -EINVAL);
		assert_non_null(err);
		vakt_error_free(err);
		err = NULL;
		assert_int_equal(t.listed, 0);
		serve_nswarn_release(&t);
	}
	/* No items: nothing to say. */
	assert_int_equal(serve_nswarn_init(&t, "baseline", NULL), 0);
	p = vakt_xstrdup("{\"kind\":\"PodList\",\"metadata\":{},\"items\":null}");
	assert_int_equal(serve_nswarn_add_page(&t, p, strlen(p), 0, &err), 0);
	free(p);
	warnings_of(&t, &w);
	assert_int_equal(w.n, 0);
	vakt_strv_release(&w);
	serve_nswarn_release(&t);
}

/* PSA's ceilings: 3000 pods, the time; "of more than" when the total is unknown. */
static void test_ceilings(void **state)
{
	struct serve_nswarn t;
	struct vakt_error *err = NULL;
	struct vakt_strv w;
	char *p = page("batch", 1000, NULL, ",\"continue\":\"next\"");

	(void)state;
	assert_int_equal(serve_nswarn_init(&t, "restricted", NULL), 0);
	for (int i = 0; i < 4; i++)
		assert_int_equal(serve_nswarn_add_page(&t, p, strlen(p), 0, &err), 0);
	assert_int_equal(t.listed, 4000);
	assert_int_equal(t.checked, SERVE_NSWARN_MAX_PODS);
	warnings_of(&t, &w);
	assert_string_equal(w.v[0], "new PodSecurity enforce level only checked against the first "
	                            "3000 of more than 4000 existing pods");
	assert_int_equal(w.n, 3);
	assert_string_equal(w.v[2], "batch-0000 (and 2999 other pods): privileged");
	vakt_strv_release(&w);
	serve_nswarn_release(&t);

	/* The time is up before the first pod. */
	assert_int_equal(serve_nswarn_init(&t, "restricted", NULL), 0);
	assert_int_equal(serve_nswarn_add_page(&t, p, strlen(p), 1, &err), 0);
	assert_int_equal(t.checked, 0);
	assert_int_equal(t.listed, 1000);
	warnings_of(&t, &w);
	assert_int_equal(w.n, 1);
	assert_string_equal(w.v[0], "new PodSecurity enforce level only checked against the first "
	                            "0 of more than 1000 existing pods");
	vakt_strv_release(&w);
	serve_nswarn_release(&t);
	free(p);
}

/* More distinct sets of failing checks than groups kept: the last takes the rest. */
static void test_groups(void **state)
{
	unsigned bits[512];
	struct serve_nswarn t;
	struct vakt_error *err = NULL;
	struct vakt_strv w;
	size_t pods = 0;
	char *p;

	(void)state;
	for (unsigned i = 0; i < 512; i++)
		bits[i] = i; /* nine faults, 511 sets of failing checks (and a good pod) */
	p = page("mix", 512, bits, NULL);
	assert_int_equal(serve_nswarn_init(&t, "restricted", NULL), 0);
	assert_int_equal(serve_nswarn_add_page(&t, p, strlen(p), 0, &err), 0);
	assert_int_equal(t.checked, 512);
	assert_int_equal(t.n_groups, SERVE_NSWARN_MAX_GROUPS);
	for (size_t i = 0; i < t.n_groups; i++)
		pods += t.groups[i].count;
	assert_int_equal(pods, 511);
	assert_string_equal(t.groups[t.n_groups - 1].reasons, "other combinations of checks");
	assert_int_equal(t.groups[t.n_groups - 1].count, 511 - (SERVE_NSWARN_MAX_GROUPS - 1));
	warnings_of(&t, &w);
	assert_int_equal(w.n, 1 + SERVE_NSWARN_MAX_GROUPS);
	vakt_strv_release(&w);
	serve_nswarn_release(&t);
	free(p);
}

/* --- the whole check, against a fake API server ------------------------------ */

static struct {
	struct MHD_Daemon *d;
	unsigned port;
	char *body;
	unsigned status;
	size_t requests;
	char url[512];
} api;

static enum MHD_Result on_api(void *cls, struct MHD_Connection *c, const char *url,
                              const char *method, const char *version, const char *data,
                              size_t *data_len, void **con_cls)
{
	const char *limit = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "limit");
	struct MHD_Response *resp;
	enum MHD_Result ret;

	(void)cls;
	(void)method;
	(void)version;
	(void)data;
	(void)data_len;
	(void)con_cls;
	api.requests++;
	snprintf(api.url, sizeof(api.url), "%s?limit=%s", url, limit ? limit : "-");
	/* A copy: the test replaces the body while the server thread may still be sending. */
	resp = MHD_create_response_from_buffer(strlen(api.body), api.body, MHD_RESPMEM_MUST_COPY);
	ret = MHD_queue_response(c, api.status, resp);
	MHD_destroy_response(resp);
	return ret;
}

static void test_check(void **state)
{
	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = 0};
	struct serve_kube_client kube;
	struct serve_opts o;
	struct serve_request r;
	struct serve_response resp;
	struct serve_judgement j = {.verdict = SERVE_VERDICT_ALLOW};
	struct vakt_error *err = NULL;
	unsigned bits[40];
	char *url;
	int logfd = memfd_create("nswarn-log", MFD_CLOEXEC);

	(void)state;
	for (unsigned i = 0; i < 40; i++)
		bits[i] = i + 1; /* forty sets of checks */
	api.body = page("pod", 40, bits, NULL);
	api.status = 200;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	api.d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD, 0, NULL, NULL, on_api, NULL,
	                         MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa, MHD_OPTION_END);
	assert_non_null(api.d);
	api.port = MHD_get_daemon_info(api.d, MHD_DAEMON_INFO_BIND_PORT)->port;
	url = vakt_xasprintf("http://127.0.0.1:%u", api.port);
	assert_int_equal(serve_kube_client_init(&kube, url, "", "", &err), 0);
	serve_opts_init(&o, NULL);
	o.log.fd = logfd;
	ns_update(&r, "UPDATE", "{}", ENF("restricted"));

	/* Nothing is asked when there is no client, in audit mode, or after a refusal. */
	memset(&resp, 0, sizeof(resp));
	resp.allowed = true;
	assert_int_equal(serve_nswarn_check(&o, NULL, &r, &j, serve_nswarn_now_ms(), &resp), 0);
	o.mode = SERVE_MODE_AUDIT;
	assert_int_equal(serve_nswarn_check(&o, &kube, &r, &j, serve_nswarn_now_ms(), &resp), 0);
	o.mode = SERVE_MODE_WARN;
	j.verdict = SERVE_VERDICT_WARN;
	assert_int_equal(serve_nswarn_check(&o, &kube, &r, &j, serve_nswarn_now_ms(), &resp), 0);
	j.verdict = SERVE_VERDICT_ALLOW;
	assert_int_equal(api.requests, 0);

	/* Forty groups: the warnings stop at the response's ceiling, the last says how many more.
	 */
	vakt_strv_push(&resp.warnings, "a warning of the judge");
	assert_int_equal(serve_nswarn_check(&o, &kube, &r, &j, serve_nswarn_now_ms(), &resp), 40);
	assert_int_equal(api.requests, 1);
	assert_string_equal(api.url, "/api/v1/namespaces/shop/pods?limit=500");
	assert_int_equal(resp.warnings.n, SERVE_REVIEW_MAX_WARNINGS);
	assert_string_equal(resp.warnings.v[1],
	                    "existing pods in namespace \"shop\" violate the "
	                    "new PodSecurity enforce level \"restricted:latest\"");
	assert_string_equal(resp.warnings.v[SERVE_REVIEW_MAX_WARNINGS - 1],
	                    "... and 11 more warnings about existing pods");
	serve_response_release(&resp);

	/* A refusal to list: PSA's warning, and the log says why. */
	free(api.body);
	api.body =
	    vakt_xstrdup("{\"kind\":\"Status\",\"message\":\"pods is forbidden\",\"code\":403}");
	api.status = 403;
	memset(&resp, 0, sizeof(resp));
	resp.allowed = true;
	assert_int_equal(serve_nswarn_check(&o, &kube, &r, &j, serve_nswarn_now_ms(), &resp), 0);
	assert_int_equal(resp.warnings.n, 1);
	assert_string_equal(resp.warnings.v[0],
	                    "failed to list pods while checking new PodSecurity enforce level");
	serve_response_release(&resp);
	/* Not a PodList. */
	free(api.body);
	api.body = vakt_xstrdup("{\"kind\":\"Table\"}");
	api.status = 200;
	memset(&resp, 0, sizeof(resp));
	resp.allowed = true;
	serve_nswarn_check(&o, &kube, &r, &j, serve_nswarn_now_ms(), &resp);
	assert_int_equal(resp.warnings.n, 1);
	serve_response_release(&resp);

	char log[8192] = "";
	assert_true(pread(logfd, log, sizeof(log) - 1, 0) > 0);
	assert_non_null(strstr(log, "\"msg\":\"namespace pods: cannot list them\",\"namespace\":"
	                            "\"shop\",\"error\":\"HTTP 403: pods is forbidden\""));
	assert_non_null(strstr(log, "the answer is not a PodList"));
	assert_non_null(strstr(log, "\"msg\":\"namespace pods checked\""));

	MHD_stop_daemon(api.d);
	free(api.body);
	close(logfd);
	serve_request_release(&r);
	serve_opts_release(&o);
	serve_kube_client_release(&kube);
	free(url);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_needed),   cmocka_unit_test(test_pages),
	    cmocka_unit_test(test_ceilings), cmocka_unit_test(test_groups),
	    cmocka_unit_test(test_check),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
