/* SPDX-License-Identifier: MIT */
/* The webhook's verdict on one request (serve-judge.h). */
#include "serve-judge.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/domain.h"
#include "core/rule.h"
#include "core/scan.h"
#include "core/source.h"
#include "kube/kube-pss.h"
#include "kube/kube-rules.h"
#include "serve-yaml.h"

/* Longest refusal message, in bytes (the API server shows it to kubectl). */
#define JUDGE_MESSAGE_MAX 4096

#define PSA "pod-security.kubernetes.io/"

/* The kinds judged: group, kind, and the path of the pod spec in the object. */
static const struct judged_kind {
	const char *group;
	const char *kind;
	const char *const spec[6]; /* keys from the object to the pod spec, NULL-terminated */
} judged_kinds[] = {
    {"", "Pod", {"spec", NULL}},
    {"", "ReplicationController", {"spec", "template", "spec", NULL}},
    {"", "PodTemplate", {"template", "spec", NULL}},
    {"apps", "Deployment", {"spec", "template", "spec", NULL}},
    {"apps", "StatefulSet", {"spec", "template", "spec", NULL}},
    {"apps", "DaemonSet", {"spec", "template", "spec", NULL}},
    {"apps", "ReplicaSet", {"spec", "template", "spec", NULL}},
    {"batch", "Job", {"spec", "template", "spec", NULL}},
    {"batch", "CronJob", {"spec", "jobTemplate", "spec", "template", "spec", NULL}},
};

const char *serve_verdict_name(enum serve_verdict v)
{
	static const char *const names[] = {"allow", "deny", "warn", "exempt", "skip"};

	return (unsigned)v < VAKT_ARRAY_SIZE(names) ? names[v] : "?";
}

/*
 * Any other kind with a pod template where controllers put it (OpenKruise's
 * CloneSet, Argo's Rollout) is judged too, as vakt scan judges it, when a
 * webhook configuration sends it.
 */
static const struct judged_kind template_kinds[] = {
    {NULL, NULL, {"spec", "template", "spec", NULL}},
    {NULL, NULL, {"spec", "jobTemplate", "spec", "template", "spec", NULL}},
};

static const json_t *pod_spec(const json_t *obj, const struct judged_kind *k)
{
	const json_t *v = obj;

	for (size_t i = 0; k->spec[i] && v; i++)
		v = json_object_get(v, k->spec[i]);
	return json_is_object(v) ? v : NULL;
}

static const struct judged_kind *find_kind(const struct serve_request *r)
{
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(judged_kinds); i++)
		if (strcmp(r->group, judged_kinds[i].group) == 0 &&
		    strcmp(r->kind, judged_kinds[i].kind) == 0)
			return &judged_kinds[i];
	for (size_t i = 0; r->object && i < VAKT_ARRAY_SIZE(template_kinds); i++)
		if (json_is_array(
		        json_object_get(pod_spec(r->object, &template_kinds[i]), "containers")))
			return &template_kinds[i];
	return NULL;
}

void serve_judge_policy(const struct serve_ns_policy *p, const char *dflt, char out[48])
{
	enum kube_pss_level level;
	struct kube_pss_policy pol;

	if (!p || !p->has_enforce) {
		snprintf(out, 48, "%s", dflt && *dflt ? dflt : "baseline");
		if (!strchr(out, ':'))
			snprintf(out + strlen(out), 48 - strlen(out), ":latest");
		return;
	}
	/* PSA's fallbacks: an invalid level is the most restrictive, an invalid version the newest.
	 */
	if (kube_pss_parse_level(p->enforce, &level) < 0)
		level = KUBE_PSS_RESTRICTED;
	const char *version = "latest";
	if (p->has_version && kube_pss_parse_version(p->enforce_version, &pol) == 0)
		version = p->enforce_version;
	snprintf(out, 48, "%s:%.*s", kube_pss_level_name(level), 32, version);
}

/* Whether a rule is one of the Pod Security Standards controls (their table's). */
static bool is_pss_rule(const struct vakt_rule *rule)
{
	for (const struct vakt_rule *r = kube_rules_pss; r->id; r++)
		if (r == rule)
			return true;
	return false;
}

static void add_deny_rule(struct serve_judgement *j, const char *id)
{
	for (size_t i = 0; i < j->n_deny_rules; i++)
		if (strcmp(j->deny_rules[i], id) == 0)
			return;
	if (j->n_deny_rules < VAKT_ARRAY_SIZE(j->deny_rules))
		j->deny_rules[j->n_deny_rules++] = id;
}

/* Cut s to at most max bytes, at a character boundary, with "..." when cut. */
static void clip(char *s, size_t max)
{
	size_t n = strlen(s);

	if (n <= max)
		return;
	size_t cut = max - 3;
	while (cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80)
		cut--;
	memcpy(s + cut, "...", 4);
}

/*
 * s with each byte that is not part of valid UTF-8 replaced by U+FFFD, as
 * vakt scan's JSON report does: the kube domain cuts long names at a byte
 * count, and jansson refuses a string that is not UTF-8 (the refusal would
 * go out without its message). Takes s; the caller frees the result.
 */
static char *utf8_fix(char *s)
{
	size_t n = strlen(s), i = 0, bad;
	struct vakt_buf b = VAKT_BUF_INIT;

	if (vakt_utf8_valid(s, n, &bad))
		return s;
	while (!vakt_utf8_valid(s + i, n - i, &bad)) {
		vakt_buf_add(&b, s + i, bad);
		vakt_buf_adds(&b, "\xEF\xBF\xBD");
		i += bad + 1;
	}
	vakt_buf_adds(&b, s + i);
	free(s);
	return b.data;
}

/* One finding as a line: "message [RULE]"; the caller frees it. */
static char *finding_line(const struct vakt_finding *f, size_t max)
{
	char *s = utf8_fix(vakt_xasprintf("%s [%s]", f->message ? f->message : "", f->rule->id));

	clip(s, max);
	return s;
}

/* Exempt by PSA's three exemption lists. Returns the reason or NULL. */
static const char *exemption(const struct serve_opts *o, const struct serve_request *r,
                             const json_t *spec)
{
	const char *ns = strcmp(r->kind, "Namespace") == 0 && !*r->group ? r->name : r->namespace_;

	if (*ns && vakt_strv_contains(&o->exempt_namespaces, ns, false))
		return "namespace";
	if (*r->username && vakt_strv_contains(&o->exempt_users, r->username, false))
		return "user";
	const char *rc = json_string_value(json_object_get(spec, "runtimeClassName"));
	if (rc && vakt_strv_contains(&o->exempt_runtime_classes, rc, false))
		return "runtimeClass";
	return NULL;
}

/* Set verdict and audit annotation together. */
static void set_verdict(struct serve_response *resp, struct serve_judgement *j,
                        enum serve_verdict v)
{
	j->verdict = v;
	if (!resp->audit)
		resp->audit = json_object();
	json_object_set_new(resp->audit, "verdict", json_string(serve_verdict_name(v)));
}

/*
 * A Namespace: its pod-security labels must be valid (PSA refuses the
 * object otherwise), and the cache learns them when no watch keeps it.
 */
static void judge_namespace(const struct serve_opts *o, struct serve_ns_cache *cache,
                            const struct serve_request *r, struct serve_response *resp,
                            struct serve_judgement *j)
{
	static const char *const modes[] = {"enforce", "audit", "warn"};
	const json_t *labels = json_object_get(json_object_get(r->object, "metadata"), "labels");
	struct vakt_strv bad = VAKT_STRV_INIT;

	for (size_t i = 0; i < VAKT_ARRAY_SIZE(modes); i++) {
		char key[64];
		enum kube_pss_level level;
		struct kube_pss_policy pol;

		snprintf(key, sizeof(key), PSA "%s", modes[i]);
		const json_t *v = json_object_get(labels, key);
		if (v &&
		    (!json_is_string(v) || kube_pss_parse_level(json_string_value(v), &level) < 0))
			vakt_strv_push_take(
			    &bad,
			    vakt_xasprintf("%s=%s: expected privileged, baseline or restricted",
			                   key, json_is_string(v) ? json_string_value(v) : "?"));
		snprintf(key, sizeof(key), PSA "%s-version", modes[i]);
		v = json_object_get(labels, key);
		if (v &&
		    (!json_is_string(v) || kube_pss_parse_version(json_string_value(v), &pol) < 0))
			vakt_strv_push_take(
			    &bad, vakt_xasprintf("%s=%s: expected latest or v1.N", key,
			                         json_is_string(v) ? json_string_value(v) : "?"));
	}
	if (bad.n > 0) {
		char *msg =
		    vakt_xasprintf("Namespace \"%s\" has invalid Pod Security labels:", r->name);
		for (size_t i = 0; i < bad.n; i++) {
			char *line = vakt_xasprintf("%s\n%s", msg, bad.v[i]);
			free(msg);
			msg = line;
		}
		clip(msg, JUDGE_MESSAGE_MAX);
		if (o->mode == SERVE_MODE_DENY) {
			resp->allowed = false;
			resp->code = 422;
			resp->reason = "Invalid";
			resp->message = msg;
			set_verdict(resp, j, SERVE_VERDICT_DENY);
		} else {
			if (o->mode == SERVE_MODE_WARN)
				for (size_t i = 0; i < bad.n; i++) {
					clip(bad.v[i], SERVE_REVIEW_WARNING_MAX);
					vakt_strv_push(&resp->warnings, bad.v[i]);
				}
			free(msg);
			set_verdict(resp, j, SERVE_VERDICT_WARN);
		}
		add_deny_rule(j, "KN002");
		vakt_strv_release(&bad);
		return;
	}
	vakt_strv_release(&bad);
	set_verdict(resp, j, SERVE_VERDICT_ALLOW);
	/* The watch is the truth when on; a dry run or another webhook's refusal must not teach. */
	if (cache && !o->watch_api && !r->dry_run) {
		char name[SERVE_NS_NAME_MAX + 1];
		struct serve_ns_policy p;
		if (serve_ns_policy_from_object(r->object, name, &p) == 0)
			serve_ns_cache_put(cache, name, &p);
	}
}

/*
 * The object as a file of its own, with metadata.namespace set to the
 * request's (the API server fills it in only after admission for some
 * clients), written as block YAML (serve-yaml.h). The caller frees it.
 * Only the object and its metadata are copied, shallowly (the rest is
 * shared with the request, which is not changed): a deep copy cost 5 to
 * 7% of a request.
 */
static char *object_text(const struct serve_request *r, size_t *len)
{
	json_t *obj = json_copy((json_t *)r->object); /* increfs what it shares */
	char *text = NULL;

	if (!obj)
		return NULL;
	json_t *meta = json_object_get(obj, "metadata");
	meta = json_is_object(meta) ? json_copy(meta) : json_object();
	json_object_set_new(obj, "metadata", meta);
	if (*r->namespace_ && !json_is_string(json_object_get(meta, "namespace")))
		json_object_set_new(meta, "namespace", json_string(r->namespace_));
	text = serve_yaml_text(obj, len);
	json_decref(obj);
	return text;
}

/* json_equal() of two absent values is false; here they are the same. */
static bool same(const json_t *a, const json_t *b)
{
	return (!a && !b) || json_equal(a, b);
}

/* The mapping holding the pod spec (the pod itself, or the template), or NULL. */
static const json_t *pod_holder(const json_t *obj, const struct judged_kind *k)
{
	const json_t *v = obj;
	size_t n = 0;

	while (k->spec[n])
		n++;
	for (size_t i = 0; i + 1 < n && v; i++)
		v = json_object_get(v, k->spec[i]);
	return json_is_object(v) ? v : NULL;
}

/*
 * Whether an update leaves the pod (or the pod template) as it was: its
 * spec and its annotations. PSA lets such pod updates by; for a controller
 * it is a scale, a label or a status change (the Deployment controller
 * scaling down an old ReplicaSet), which must never be refused.
 */
static bool pod_unchanged(const struct serve_request *r, const struct judged_kind *k)
{
	if (strcmp(r->operation, "UPDATE") != 0 || !r->old_object)
		return false;
	const json_t *a = pod_holder(r->object, k), *b = pod_holder(r->old_object, k);
	if (!a || !b)
		return false;
	return same(json_object_get(a, "spec"), json_object_get(b, "spec")) &&
	       same(json_object_get(json_object_get(a, "metadata"), "annotations"),
	            json_object_get(json_object_get(b, "metadata"), "annotations"));
}

/*
 * The object's name for messages: a pod created with generateName has none
 * yet ("web-7d9c4-" then, as the name's prefix).
 */
static const char *shown_name(const struct serve_request *r)
{
	const char *g;

	if (*r->name)
		return r->name;
	g = json_string_value(
	    json_object_get(json_object_get(r->object, "metadata"), "generateName"));
	return g ? g : "";
}

static void judge_workload(const struct serve_opts *o, struct serve_ns_cache *cache,
                           const struct serve_request *r, struct serve_response *resp,
                           struct serve_judgement *j)
{
	struct serve_ns_policy pol;
	struct vakt_scan_opts so;
	struct vakt_scan_result res = {0};
	size_t len = 0;
	char *text = object_text(r, &len);

	if (!text) {
		set_verdict(resp, j, SERVE_VERDICT_SKIP);
		j->skip_why = "out of memory";
		return;
	}
	if (!cache || !serve_ns_cache_get(cache, r->namespace_, &pol))
		memset(&pol, 0, sizeof(pol));
	serve_judge_policy(&pol, o->pss, j->pss);
	vakt_scan_opts_init(&so, o->config);
	so.pss = j->pss;
	/* Shown as the object's path: messages and config ignores by path see this name. */
	char *name = vakt_xasprintf("%s/%s/%s", r->kind, r->namespace_, r->name);
	vakt_scan_source(&kube_domain, vakt_source_from_mem(name, text, len), &so, &res);
	free(name);
	free(text);

	/* The refusal lists the PSS controls first, as PSA would, then the hardened profile's. */
	struct vakt_strv deny = VAKT_STRV_INIT, deny_hardened = VAKT_STRV_INIT,
	                 warn = VAKT_STRV_INIT;
	size_t n_pss = 0, n_hardened = 0;
	for (size_t i = 0; i < res.findings.n; i++) {
		const struct vakt_finding *f = &res.findings.v[i];
		if (f->suppressed || f->rule->scope == VAKT_SCOPE_SET)
			continue;
		j->findings++;
		bool pss = is_pss_rule(f->rule);
		bool refuses = pss || (!o->hardened_off && f->severity >= o->hardened);
		if (refuses) {
			vakt_strv_push_take(pss ? &deny : &deny_hardened, finding_line(f, 1024));
			add_deny_rule(j, f->rule->id);
			if (pss)
				n_pss++;
			else
				n_hardened++;
		} else if (f->severity >= o->warn_min) {
			vakt_strv_push_take(&warn, finding_line(f, SERVE_REVIEW_WARNING_MAX));
		}
	}
	/*
	 * What vakt cannot read it cannot judge: refused (fail closed), or a
	 * warning in warn and audit mode. The API server decodes every object
	 * before admission, so only a hostile one gets here.
	 */
	size_t n_unreadable = res.errors.n;
	for (size_t i = 0; i < res.errors.n; i++)
		vakt_strv_push_take(&deny,
		                    utf8_fix(vakt_xasprintf("vakt could not read the object: %s",
		                                            res.errors.v[i]->msg)));
	if (n_unreadable)
		add_deny_rule(j, "unreadable");
	vakt_scan_result_release(&res);
	for (size_t i = 0; i < deny_hardened.n; i++)
		vakt_strv_push(&deny, deny_hardened.v[i]);
	vakt_strv_release(&deny_hardened);

	char *joined = vakt_xstrdup("");
	for (size_t i = 0; i < j->n_deny_rules; i++) {
		char *x = vakt_xasprintf("%s%s%s", joined, i ? "," : "", j->deny_rules[i]);
		free(joined);
		joined = x;
	}

	if (deny.n > 0) {
		char head[256];
		if (n_unreadable)
			snprintf(head, sizeof(head), "cannot be judged");
		else if (n_pss && n_hardened)
			snprintf(head, sizeof(head),
			         "violates PodSecurity \"%s\" and vakt's hardened profile", j->pss);
		else if (n_pss)
			snprintf(head, sizeof(head), "violates PodSecurity \"%s\"", j->pss);
		else
			snprintf(head, sizeof(head), "violates vakt's hardened profile");
		char *msg = vakt_xasprintf("%s \"%s\" %s:", r->kind, shown_name(r), head);
		for (size_t i = 0; i < deny.n; i++) {
			char *m = vakt_xasprintf("%s\n%s", msg, deny.v[i]);
			free(msg);
			msg = m;
			if (strlen(msg) > JUDGE_MESSAGE_MAX)
				break;
		}
		clip(msg, JUDGE_MESSAGE_MAX);
		if (o->mode == SERVE_MODE_DENY) {
			resp->allowed = false;
			resp->code = 403;
			resp->reason = "Forbidden";
			resp->message = msg;
			set_verdict(resp, j, SERVE_VERDICT_DENY);
		} else {
			free(msg);
			set_verdict(resp, j, SERVE_VERDICT_WARN);
		}
	} else {
		set_verdict(resp, j, SERVE_VERDICT_ALLOW);
	}
	/* Warnings: in warn mode what would refuse comes first. */
	struct vakt_strv all = VAKT_STRV_INIT;
	if (o->mode == SERVE_MODE_WARN)
		for (size_t i = 0; i < deny.n; i++)
			vakt_strv_push_take(&all, vakt_xasprintf("%s", deny.v[i]));
	if (o->mode != SERVE_MODE_AUDIT)
		for (size_t i = 0; i < warn.n; i++)
			vakt_strv_push(&all, warn.v[i]);
	for (size_t i = 0; i < all.n; i++) {
		if (resp->warnings.n + 1 == SERVE_REVIEW_MAX_WARNINGS && all.n - i > 1) {
			vakt_strv_push_take(
			    &resp->warnings,
			    vakt_xasprintf("... and %zu more findings (the webhook's "
			                   "log has them all)",
			                   all.n - i));
			break;
		}
		clip(all.v[i], SERVE_REVIEW_WARNING_MAX);
		vakt_strv_push(&resp->warnings, all.v[i]);
	}
	vakt_strv_release(&all);
	json_object_set_new(resp->audit, "pss", json_string(j->pss));
	if (joined && j->n_deny_rules)
		json_object_set_new(resp->audit, "findings", json_string(joined));
	free(joined);
	vakt_strv_release(&deny);
	vakt_strv_release(&warn);
}

void serve_judge(const struct serve_opts *o, struct serve_ns_cache *cache,
                 const struct serve_request *r, struct serve_response *resp,
                 struct serve_judgement *j)
{
	memset(resp, 0, sizeof(*resp));
	memset(j, 0, sizeof(*j));
	resp->allowed = true;

	bool is_ns = !*r->group && strcmp(r->kind, "Namespace") == 0;
	const struct judged_kind *k = is_ns ? NULL : find_kind(r);
	if (!is_ns && !k) {
		j->skip_why = "kind not judged";
		goto skip;
	}
	if (strcmp(r->operation, "CREATE") != 0 && strcmp(r->operation, "UPDATE") != 0) {
		j->skip_why = "operation not judged";
		goto skip;
	}
	if (!r->object) {
		j->skip_why = "no object";
		goto skip;
	}
	/* Of a pod's subresources only ephemeral containers change what runs (PSA judges them). */
	if (*r->sub_resource && strcmp(r->sub_resource, "ephemeralcontainers") != 0) {
		j->skip_why = "subresource not judged";
		goto skip;
	}
	const char *why = exemption(o, r, k ? pod_spec(r->object, k) : NULL);
	if (why) {
		j->skip_why = why;
		set_verdict(resp, j, SERVE_VERDICT_EXEMPT);
		json_object_set_new(resp->audit, "exempt", json_string(why));
		return;
	}
	if (is_ns) {
		judge_namespace(o, cache, r, resp, j);
		return;
	}
	if (pod_unchanged(r, k)) {
		j->skip_why = "pod spec unchanged";
		goto skip;
	}
	judge_workload(o, cache, r, resp, j);
	return;
skip:
	j->verdict = SERVE_VERDICT_SKIP; /* no audit annotation: nothing was judged */
}
