/* SPDX-License-Identifier: MIT */
#ifndef VAKT_SERVE_JUDGE_H
#define VAKT_SERVE_JUDGE_H

/*
 * The webhook's verdict on one AdmissionReview request: which objects are
 * judged, at which Pod Security Standards level, with which exemptions, and
 * how findings become a refusal, warnings and audit annotations. The object
 * is judged by vakt scan's own engine (the Kubernetes domain on the object
 * as a file of its own), so the same object gets the same findings from
 * both; only the rules that need every object of a scan (KN…) do not run.
 */

#include <stdbool.h>
#include <stddef.h>

#include "serve-ns.h"
#include "serve-review.h"
#include "serve.h"

/* What a verdict was, for the log and the metrics. */
enum serve_verdict {
	SERVE_VERDICT_ALLOW,  /* judged, nothing refuses (warnings possible) */
	SERVE_VERDICT_DENY,   /* refused */
	SERVE_VERDICT_WARN,   /* would be refused; allowed by --mode warn or audit */
	SERVE_VERDICT_EXEMPT, /* exempt namespace, user or runtime class */
	SERVE_VERDICT_SKIP,   /* not judged: another kind, DELETE, a subresource, unchanged */
};

const char *serve_verdict_name(enum serve_verdict v);

/* The outcome of one request beyond the response. */
struct serve_judgement {
	enum serve_verdict verdict;
	char pss[48]; /* the policy evaluated, "restricted:latest"; "" when none */
	/* Rules behind the refusal (deny or warn verdicts), each once, static ids. */
	const char *deny_rules[64];
	size_t n_deny_rules;
	size_t findings;      /* findings counted (suppressed ones excluded) */
	const char *skip_why; /* static, for SKIP and EXEMPT */
};

/*
 * Judge r under o, with namespaces' labels from cache (NULL: none known).
 * Fills resp (release with serve_response_release()) and *j. The object
 * is copied; r is not changed.
 */
void serve_judge(const struct serve_opts *o, struct serve_ns_cache *cache,
                 const struct serve_request *r, struct serve_response *resp,
                 struct serve_judgement *j);

/*
 * The policy "LEVEL:VERSION" a namespace's labels give, with PSA's
 * fallbacks (an invalid level is restricted, an invalid version latest) and
 * dflt (a --pss value) when there is no enforce label. out has room for
 * 48 bytes.
 */
void serve_judge_policy(const struct serve_ns_policy *p, const char *dflt, char out[48]);

#endif
