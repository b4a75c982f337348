/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer harness for what vakt serve reads from the network: any bytes
 * as an AdmissionReview (serve_request_parse()); what parses is judged
 * (serve_judge(), with a small namespace cache: a restricted namespace, one
 * with an invalid level, a baseline one) and answered
 * (serve_response_document(), dumped as JSON). A refusal has an error; a
 * verdict keeps its ceilings (message, warnings, rules), every string the
 * response carries is valid UTF-8 and reaches the document, and only deny
 * mode refuses. The last byte XOR '\n' picks the options (so that '\n' is
 * the server's defaults): bits 0-1, mode deny, warn, audit, deny; bit 2,
 * --hardened none; bit 3, --hardened high; bit 4, --warn-severity info;
 * bit 5, a namespace watch (Namespace requests teach nothing); bit 6, the
 * three exemptions; bit 7, --pss restricted:v1.30.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "core/config.h"
#include "fuzz-common.h"
#include "serve/serve-judge.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct vakt_config *fuzz_config(void)
{
	static struct vakt_config *c;

	if (!c)
		c = vakt_config_new();
	if (!c)
		abort();
	return c;
}

static void put(struct serve_ns_cache *c, const char *name, const char *level, const char *version)
{
	struct serve_ns_policy p;

	memset(&p, 0, sizeof(p));
	p.has_enforce = true;
	snprintf(p.enforce, sizeof(p.enforce), "%s", level);
	if (version) {
		p.has_version = true;
		snprintf(p.enforce_version, sizeof(p.enforce_version), "%s", version);
	}
	if (serve_ns_cache_put(c, name, &p) != 0)
		abort();
}

static void check_text(const char *s, size_t max)
{
	size_t n = strlen(s), bad;

	if (n > max || !vakt_utf8_valid(s, n, &bad))
		__builtin_trap();
}

static void check(const struct serve_opts *o, const struct serve_request *r,
                  const struct serve_response *resp, const struct serve_judgement *j)
{
	if ((unsigned)j->verdict > SERVE_VERDICT_SKIP || j->n_deny_rules > 64)
		__builtin_trap();
	if (!resp->allowed) {
		if (j->verdict != SERVE_VERDICT_DENY || o->mode != SERVE_MODE_DENY ||
		    !resp->message || (resp->code != 403 && resp->code != 422) || !resp->reason)
			__builtin_trap();
		check_text(resp->message, 4096);
	} else if (j->verdict == SERVE_VERDICT_DENY || resp->message) {
		__builtin_trap();
	}
	if (resp->warnings.n > SERVE_REVIEW_MAX_WARNINGS ||
	    (o->mode == SERVE_MODE_AUDIT && resp->warnings.n))
		__builtin_trap();
	for (size_t i = 0; i < resp->warnings.n; i++)
		check_text(resp->warnings.v[i], SERVE_REVIEW_WARNING_MAX);
	for (size_t i = 0; i < j->n_deny_rules; i++)
		fuzz_touch_str(j->deny_rules[i]);
	if (j->verdict == SERVE_VERDICT_SKIP || j->verdict == SERVE_VERDICT_EXEMPT) {
		if (!j->skip_why)
			__builtin_trap();
		fuzz_touch_str(j->skip_why);
	}
	/* Nothing judged, nothing annotated; anything judged says its verdict. */
	const char *v = json_string_value(json_object_get(resp->audit, "verdict"));
	if (j->verdict == SERVE_VERDICT_SKIP ? resp->audit != NULL
	                                     : !v || strcmp(v, serve_verdict_name(j->verdict)))
		__builtin_trap();

	/* The document carries everything (jansson drops what is not UTF-8). */
	json_t *doc = serve_response_document(r, resp);
	json_t *res = json_object_get(doc, "response");
	if (!json_is_object(res) || !json_is_string(json_object_get(res, "uid")) ||
	    json_is_true(json_object_get(res, "allowed")) != resp->allowed)
		__builtin_trap();
	if (!resp->allowed &&
	    !json_is_string(json_object_get(json_object_get(res, "status"), "message")))
		__builtin_trap();
	if (json_array_size(json_object_get(res, "warnings")) != resp->warnings.n)
		__builtin_trap();
	char *text = json_dumps(doc, JSON_COMPACT);
	if (!text)
		__builtin_trap();
	fuzz_touch_str(text);
	free(text);
	json_decref(doc);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned opt = fuzz_option(data, size) ^ '\n';
	struct serve_request r;
	struct vakt_error *err = NULL;

	if (serve_request_parse((const char *)data, size, &r, &err) < 0) {
		if (!err || !err->msg || r.root)
			__builtin_trap();
		fuzz_touch_str(err->msg);
		vakt_error_free(err);
		return 0;
	}
	if (err || !r.root || !r.uid || !*r.uid || !*r.kind || !*r.operation)
		__builtin_trap();
	fuzz_touch_str(r.api_version);
	fuzz_touch_str(r.group);
	fuzz_touch_str(r.version);
	fuzz_touch_str(r.sub_resource);
	fuzz_touch_str(r.name);
	fuzz_touch_str(r.namespace_);
	fuzz_touch_str(r.username);

	struct serve_opts o;
	serve_opts_init(&o, fuzz_config());
	static const enum serve_mode modes[] = {SERVE_MODE_DENY, SERVE_MODE_WARN, SERVE_MODE_AUDIT,
	                                        SERVE_MODE_DENY};
	o.mode = modes[opt & 3];
	o.hardened_off = opt & 4;
	if (opt & 8)
		o.hardened = VAKT_SEV_HIGH;
	if (opt & 16)
		o.warn_min = VAKT_SEV_INFO;
	if (opt & 32)
		o.watch_api = "https://10.96.0.1:443";
	if (opt & 64) {
		vakt_strv_push(&o.exempt_namespaces, "kube-system");
		vakt_strv_push(&o.exempt_users,
		               "system:serviceaccount:kube-system:replicaset-controller");
		vakt_strv_push(&o.exempt_runtime_classes, "kata");
	}
	if (opt & 128)
		o.pss = "restricted:v1.30";

	struct serve_ns_cache *c = serve_ns_cache_new();
	if (!c)
		abort();
	put(c, "payments", "restricted", "v1.30");
	put(c, "legacy", "strict", "1.25");
	put(c, "team-a", "baseline", NULL);

	struct serve_response resp;
	struct serve_judgement j;
	serve_judge(&o, c, &r, &resp, &j);
	check(&o, &r, &resp, &j);
	size_t n = serve_ns_cache_count(c);
	if (n < 3 || n > 4 || (n == 4 && (o.watch_api || r.dry_run)))
		__builtin_trap();

	serve_response_release(&resp);
	serve_ns_cache_free(c);
	serve_opts_release(&o);
	serve_request_release(&r);
	return 0;
}
