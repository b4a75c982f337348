/* SPDX-License-Identifier: MIT */
/* PSA's warnings about a namespace's existing pods when its enforce label tightens
 * (serve-nswarn.h). */
#include "serve-nswarn.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/yaml.h"
#include "serve-ns.h"

/* PSA's words when the pods cannot be listed. */
#define LIST_FAILED "failed to list pods while checking new PodSecurity enforce level"

long long serve_nswarn_now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* The enforce policy "LEVEL:VERSION" of a Namespace object, with PSA's fallbacks. */
static bool policy_of(const json_t *ns, const char *dflt, char out[48])
{
	char name[SERVE_NS_NAME_MAX + 1];
	struct serve_ns_policy p;

	if (serve_ns_policy_from_object(ns, name, &p) < 0)
		return false;
	serve_judge_policy(&p, dflt, out);
	return true;
}

bool serve_nswarn_needed(const struct serve_request *r, const char *dflt, char policy[48])
{
	char now[48], before[48];
	struct kube_pss_policy n, b;

	if (*r->group || strcmp(r->kind, "Namespace") != 0 || *r->sub_resource ||
	    strcmp(r->operation, "UPDATE") != 0 || !r->object || !r->old_object)
		return false;
	if (!policy_of(r->object, dflt, now) || !policy_of(r->old_object, dflt, before))
		return false;
	if (strcmp(now, before) == 0 || kube_pss_parse(now, &n, NULL) < 0 ||
	    kube_pss_parse(before, &b, NULL) < 0)
		return false;
	/* PSA's short cuts: privileged checks nothing; the same version relaxed or kept, neither.
	 */
	if (n.level == KUBE_PSS_PRIVILEGED)
		return false;
	if (strcmp(n.version, b.version) == 0 && n.level <= b.level)
		return false;
	snprintf(policy, 48, "%s", now);
	return true;
}

int serve_nswarn_init(struct serve_nswarn *t, const char *policy,
                      const struct vakt_strv *exempt_runtime_classes)
{
	memset(t, 0, sizeof(*t));
	t->remaining = -1;
	if (kube_pss_parse(policy, &t->policy, NULL) < 0)
		return -EINVAL;
	snprintf(t->policy_text, sizeof(t->policy_text), "%s:%s",
	         kube_pss_level_name(t->policy.level), t->policy.version);
	t->exempt_runtime_classes = exempt_runtime_classes;
	return 0;
}

void serve_nswarn_release(struct serve_nswarn *t)
{
	for (size_t i = 0; i < t->n_groups; i++) {
		free(t->groups[i].reasons);
		free(t->groups[i].first);
	}
	free(t->groups);
	memset(t, 0, sizeof(*t));
}

static bool exempt(const struct serve_nswarn *t, const struct vakt_yaml_node *spec)
{
	const char *rc = vakt_yaml_str(vakt_yaml_get(spec, "runtimeClassName"));

	if (!rc || !*rc || !t->exempt_runtime_classes)
		return false;
	for (size_t i = 0; i < t->exempt_runtime_classes->n; i++)
		if (strcmp(t->exempt_runtime_classes->v[i], rc) == 0)
			return true;
	return false;
}

/*
 * Where PSA puts a check in its reasons: the baseline checks that no
 * restricted check replaces, then (at baseline) the ones that one does, or
 * (at restricted) the restricted checks; in each group by check ID, which
 * is the order PSA registers them in (one file per check, in name order).
 */
static int psa_group(enum kube_pss_check c)
{
	static struct kube_pss_policy newest;

	if (kube_pss_check_level(c) == KUBE_PSS_RESTRICTED)
		return 2;
	if (!newest.version[0])
		kube_pss_parse("restricted:latest", &newest, NULL);
	return kube_pss_check_active(&newest, c) ? 0 : 1;
}

static int by_psa_order(const void *a, const void *b)
{
	const struct kube_pss_violation *x = *(const struct kube_pss_violation *const *)a;
	const struct kube_pss_violation *y = *(const struct kube_pss_violation *const *)b;
	int gx = psa_group(x->check), gy = psa_group(y->check);

	if (gx != gy)
		return gx - gy;
	return strcmp(kube_pss_check_name(x->check), kube_pss_check_name(y->check));
}

/* PSA's forbidden reason of a verdict: its checks' reasons in PSA's order. Caller frees. */
static char *psa_reasons(const struct kube_pss_result *res)
{
	const struct kube_pss_violation **v = vakt_xcalloc(res->n, sizeof(*v));
	struct vakt_buf b = VAKT_BUF_INIT;

	for (size_t k = 0; k < res->n; k++)
		v[k] = &res->v[k];
	qsort(v, res->n, sizeof(*v), by_psa_order);
	for (size_t k = 0; k < res->n; k++)
		vakt_buf_addf(&b, "%s%s", k ? ", " : "", v[k]->reason);
	free(v);
	return vakt_buf_detach(&b);
}

/* Count one failing pod under its reasons (taken). */
static void tally(struct serve_nswarn *t, char *reasons, const char *name)
{
	struct serve_nswarn_group *g = NULL;

	for (size_t i = 0; i < t->n_groups && !g; i++)
		if (strcmp(t->groups[i].reasons, reasons) == 0)
			g = &t->groups[i];
	if (!g && t->n_groups == SERVE_NSWARN_MAX_GROUPS) {
		/* Past the ceiling: the last group takes the rest, as "other checks". */
		g = &t->groups[t->n_groups - 1];
		free(g->reasons);
		g->reasons = vakt_xstrdup("other combinations of checks");
	}
	if (!g) {
		t->groups = vakt_xrealloc(t->groups, (t->n_groups + 1) * sizeof(*t->groups));
		g = &t->groups[t->n_groups++];
		g->reasons = reasons;
		g->first = vakt_xstrdup(name);
		g->count = 1;
		return;
	}
	free(reasons);
	if (strcmp(name, g->first) < 0) {
		free(g->first);
		g->first = vakt_xstrdup(name);
	}
	g->count++;
}

int serve_nswarn_add_page(struct serve_nswarn *t, const char *body, size_t len, long long stop_ms,
                          struct vakt_error **err)
{
	struct vakt_yaml_stream *s = NULL;
	const struct vakt_yaml_node *root, *items, *meta;
	const char *kind, *next;
	long long remaining;
	int r = vakt_yaml_parse("pod list", body, len, &s, err);

	if (r < 0) {
		vakt_yaml_free(s);
		return r;
	}
	root = s->n_docs == 1 ? s->docs[0].root : NULL;
	kind = vakt_yaml_str(vakt_yaml_get(root, "kind"));
	items = vakt_yaml_get(root, "items");
	if (!vakt_yaml_is_map(root) || (kind && strcmp(kind, "PodList") != 0) ||
	    (items && !vakt_yaml_is_null(items) && !vakt_yaml_is_seq(items))) {
		vakt_yaml_free(s);
		return vakt_error_set(err, -EINVAL, "the answer is not a PodList");
	}
	meta = vakt_yaml_get(root, "metadata");
	next = vakt_yaml_str(vakt_yaml_get(meta, "continue"));
	snprintf(t->next, sizeof(t->next), "%s",
	         next && strlen(next) < sizeof(t->next) ? next : "");
	t->remaining =
	    vakt_yaml_int(vakt_yaml_get(meta, "remainingItemCount"), &remaining) && remaining >= 0
	        ? remaining
	        : -1;
	size_t n_items = items && vakt_yaml_is_seq(items) ? items->n : 0;
	for (size_t i = 0; i < n_items; i++) {
		const struct vakt_yaml_node *pod = items->items[i];
		const struct vakt_yaml_node *pm = vakt_yaml_get(pod, "metadata");
		const struct vakt_yaml_node *spec = vakt_yaml_get(pod, "spec");
		const char *name = vakt_yaml_str(vakt_yaml_get(pm, "name"));
		struct kube_pss_result res = {0};

		t->listed++;
		if (t->checked >= SERVE_NSWARN_MAX_PODS ||
		    (stop_ms && serve_nswarn_now_ms() > stop_ms))
			continue;
		t->checked++;
		if (!vakt_yaml_is_map(pod) || exempt(t, spec))
			continue;
		kube_pss_evaluate(&t->policy, vakt_yaml_is_map(pm) ? pm : NULL,
		                  vakt_yaml_is_map(spec) ? spec : NULL, &res);
		if (res.n)
			tally(t, psa_reasons(&res), name && *name ? name : "(unnamed)");
		kube_pss_result_release(&res);
	}
	vakt_yaml_free(s);
	return 0;
}

static int by_text(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void serve_nswarn_warnings(const struct serve_nswarn *t, const char *ns, struct vakt_strv *out)
{
	struct vakt_strv lines = VAKT_STRV_INIT;

	if (t->checked < t->listed || t->next[0]) {
		if (t->remaining >= 0 || !t->next[0])
			vakt_strv_push_take(
			    out, vakt_xasprintf(
			             "new PodSecurity enforce level only checked against "
			             "the first %zu of %zu existing pods",
			             t->checked,
			             t->listed + (size_t)(t->remaining > 0 ? t->remaining : 0)));
		else
			vakt_strv_push_take(
			    out,
			    vakt_xasprintf("new PodSecurity enforce level only checked against "
			                   "the first %zu of more than %zu existing pods",
			                   t->checked, t->listed));
	}
	if (t->n_groups == 0)
		return;
	vakt_strv_push_take(out, vakt_xasprintf("existing pods in namespace \"%s\" violate the new "
	                                        "PodSecurity enforce level \"%s\"",
	                                        ns, t->policy_text));
	for (size_t i = 0; i < t->n_groups; i++) {
		const struct serve_nswarn_group *g = &t->groups[i];
		if (g->count == 1)
			vakt_strv_push_take(&lines, vakt_xasprintf("%s: %s", g->first, g->reasons));
		else
			vakt_strv_push_take(&lines,
			                    vakt_xasprintf("%s (and %zu other pod%s): %s", g->first,
			                                   g->count - 1, g->count == 2 ? "" : "s",
			                                   g->reasons));
	}
	if (lines.n > 1)
		qsort(lines.v, lines.n, sizeof(*lines.v), by_text);
	for (size_t i = 0; i < lines.n; i++)
		vakt_strv_push(out, lines.v[i]);
	vakt_strv_release(&lines);
}

/* Cut s to at most max bytes at a UTF-8 character boundary. */
static void clip_utf8(char *s, size_t max)
{
	size_t n = strlen(s);

	if (n <= max)
		return;
	n = max;
	while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
		n--;
	s[n] = '\0';
}

/* Add lines to the response's warnings within its ceilings. */
static void add_warnings(struct serve_response *resp, struct vakt_strv *lines)
{
	for (size_t i = 0; i < lines->n; i++) {
		if (resp->warnings.n + 1 >= SERVE_REVIEW_MAX_WARNINGS && lines->n - i > 1) {
			vakt_strv_push_take(
			    &resp->warnings,
			    vakt_xasprintf("... and %zu more warnings about existing pods",
			                   lines->n - i));
			return;
		}
		if (resp->warnings.n >= SERVE_REVIEW_MAX_WARNINGS)
			return;
		clip_utf8(lines->v[i], SERVE_REVIEW_WARNING_MAX);
		vakt_strv_push(&resp->warnings, lines->v[i]);
	}
}

/* One page of the namespace's pods; *body (caller frees) on 0. Logs and returns -1 on failure. */
static int get_page(const struct serve_opts *o, const struct serve_kube_client *kube,
                    const char *ns, const char *cont, long long stop_ms, char **body, size_t *len)
{
	struct vakt_buf path = VAKT_BUF_INIT;
	struct vakt_error *err = NULL;
	long long left = stop_ms - serve_nswarn_now_ms();
	long status = 0;
	char *why = NULL;
	int r;

	*body = NULL;
	if (left < 50)
		left = 50; /* the page already begun is worth a short try */
	vakt_buf_addf(&path, "/api/v1/namespaces/");
	serve_kube_add_escaped(&path, ns);
	vakt_buf_addf(&path, "/pods?limit=%d", SERVE_NSWARN_PAGE);
	if (cont && *cont) {
		vakt_buf_addf(&path, "&continue=");
		serve_kube_add_escaped(&path, cont);
	}
	r = serve_kube_request(kube, "GET", path.data, &status, body, SERVE_NSWARN_MAX_PAGE,
	                       (unsigned)left, &err);
	if (r < 0)
		why = vakt_xstrdup(err->msg);
	else if (status != 200)
		why = serve_kube_http_failure(status, *body, *body ? strlen(*body) : 0);
	vakt_error_free(err);
	vakt_buf_release(&path);
	if (!why) {
		*len = *body ? strlen(*body) : 0;
		return 0;
	}
	serve_log_write(&o->log, SERVE_LOG_WARN, "namespace pods: cannot list them",
	                json_pack("{s:s, s:s}", "namespace", ns, "error", why));
	free(why);
	free(*body);
	*body = NULL;
	return -1;
}

size_t serve_nswarn_check(const struct serve_opts *o, const struct serve_kube_client *kube,
                          const struct serve_request *r, const struct serve_judgement *j,
                          long long start_ms, struct serve_response *resp)
{
	char policy[48];
	struct serve_nswarn t;
	struct vakt_strv lines = VAKT_STRV_INIT;
	long long stop = start_ms + SERVE_NSWARN_BUDGET_MS;
	bool failed = false;

	if (!kube || !resp->allowed || j->verdict != SERVE_VERDICT_ALLOW ||
	    o->mode == SERVE_MODE_AUDIT || !serve_nswarn_needed(r, o->pss, policy) ||
	    serve_nswarn_init(&t, policy, &o->exempt_runtime_classes) < 0)
		return 0;
	do {
		char *body;
		size_t len;
		struct vakt_error *err = NULL;

		if (get_page(o, kube, r->name, t.next, stop, &body, &len) < 0) {
			failed = true;
			break;
		}
		if (serve_nswarn_add_page(&t, body ? body : "", len, stop, &err) < 0) {
			serve_log_write(
			    &o->log, SERVE_LOG_WARN, "namespace pods: cannot list them",
			    json_pack("{s:s, s:s}", "namespace", r->name, "error", err->msg));
			vakt_error_free(err);
			failed = true;
		}
		free(body);
	} while (!failed && t.next[0] && t.checked < SERVE_NSWARN_MAX_PODS &&
	         serve_nswarn_now_ms() < stop);
	if (failed)
		vakt_strv_push(&lines, LIST_FAILED);
	if (!failed || t.listed > 0)
		serve_nswarn_warnings(&t, r->name, &lines);
	add_warnings(resp, &lines);
	serve_log_write(&o->log, SERVE_LOG_INFO, "namespace pods checked",
	                json_pack("{s:s, s:s, s:I, s:I, s:I, s:b, s:I}", "namespace", r->name,
	                          "pss", t.policy_text, "listed", (json_int_t)t.listed, "checked",
	                          (json_int_t)t.checked, "groups", (json_int_t)t.n_groups, "failed",
	                          failed, "ms", (json_int_t)(serve_nswarn_now_ms() - start_ms)));
	vakt_strv_release(&lines);
	size_t checked = t.checked;
	serve_nswarn_release(&t);
	return checked;
}
