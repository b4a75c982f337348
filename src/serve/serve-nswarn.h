/* SPDX-License-Identifier: MIT */
#ifndef VAKT_SERVE_NSWARN_H
#define VAKT_SERVE_NSWARN_H

/*
 * Pod Security Admission's warnings about the pods already running in a
 * namespace whose enforce label is tightened: on an UPDATE of a Namespace
 * whose enforce level or version changes (and not to privileged, nor to a
 * lower or equal level at the same version), the namespace's pods are listed
 * through the API server and evaluated at the new policy, as PSA evaluates
 * a pod; the Namespace is allowed, with PSA's warnings:
 *
 *   existing pods in namespace "shop" violate the new PodSecurity enforce level "restricted:latest"
 *   web-6d4cf56db6-2xk8p (and 2 other pods): allowPrivilegeEscalation != false, runAsNonRoot !=
 * true
 *
 * Pods failing the same checks are counted together under the first name in
 * order. Bounded as PSA bounds it: at most SERVE_NSWARN_MAX_PODS pods and
 * SERVE_NSWARN_BUDGET_MS for listing and evaluating ("new PodSecurity
 * enforce level only checked against the first N of M existing pods").
 * Exempt runtime classes are skipped. Never refuses anything.
 */

#include <stdbool.h>
#include <stddef.h>

#include "core/error.h"
#include "core/util.h"
#include "kube/kube-pss.h"
#include "serve-judge.h"
#include "serve-kube.h"
#include "serve-review.h"
#include "serve.h"

/* Most pods evaluated (PSA's own limit). */
#define SERVE_NSWARN_MAX_PODS 3000
/* Pods asked for per list request. */
#define SERVE_NSWARN_PAGE 500
/* Time for listing and evaluating, from the request's arrival (milliseconds). */
#define SERVE_NSWARN_BUDGET_MS 2000u
/* Largest page of pods read (after decompression). */
#define SERVE_NSWARN_MAX_PAGE (32u * 1024 * 1024)
/* Most reason groups kept; pods failing yet another set of checks are counted in the last. */
#define SERVE_NSWARN_MAX_GROUPS 256

/* Pods that fail the same checks. */
struct serve_nswarn_group {
	char *reasons; /* owned: "reason, reason" in check order */
	char *first;   /* owned: the lexically first pod name */
	size_t count;
};

/* What the pods of one namespace said so far. Initialise with serve_nswarn_init(). */
struct serve_nswarn {
	struct kube_pss_policy policy;
	char policy_text[48];                           /* "restricted:latest" */
	const struct vakt_strv *exempt_runtime_classes; /* borrowed; NULL for none */
	struct serve_nswarn_group *groups;              /* owned */
	size_t n_groups;
	size_t listed;       /* pods listed */
	size_t checked;      /* pods evaluated (exempt ones included) */
	long long remaining; /* pods the server says are left after the last page; -1 unknown */
	char next[1024];     /* the last page's continue token, "" when it was the last */
};

/*
 * Whether r (a Namespace UPDATE) changes the enforce policy so that PSA
 * would check the existing pods. dflt is --pss (a namespace without an
 * enforce label). Fills policy ("LEVEL:VERSION") when it returns true.
 */
bool serve_nswarn_needed(const struct serve_request *r, const char *dflt, char policy[48]);

/* Start a tally at policy ("LEVEL:VERSION"). Returns 0, or -EINVAL for a bad policy. */
int serve_nswarn_init(struct serve_nswarn *t, const char *policy,
                      const struct vakt_strv *exempt_runtime_classes);
void serve_nswarn_release(struct serve_nswarn *t);

/*
 * Evaluate the pods of one PodList page (the body of GET .../pods), at most
 * until SERVE_NSWARN_MAX_PODS pods are checked in all or until stop_ms (a
 * CLOCK_MONOTONIC time in milliseconds; 0 for none) passes. Sets t->next
 * and t->remaining from the page. Returns 0, or -EINVAL with *err when the
 * body is not a PodList (t's counts then unchanged).
 */
int serve_nswarn_add_page(struct serve_nswarn *t, const char *body, size_t len, long long stop_ms,
                          struct vakt_error **err);

/*
 * PSA's warnings for the pods tallied in namespace ns, appended to out:
 * the "only checked" line when pods were left unchecked, the namespace line
 * when any pod fails, then one line per group, sorted.
 */
void serve_nswarn_warnings(const struct serve_nswarn *t, const char *ns, struct vakt_strv *out);

/*
 * The whole check for one admission request, after serve_judge(): when r is
 * a Namespace UPDATE that serve_judge() allowed (verdict allow, mode deny or
 * warn) and tightens the enforce policy, list the namespace's pods through
 * kube (NULL: nothing is done) and add the warnings to resp (within
 * SERVE_REVIEW_MAX_WARNINGS in all). start_ms is when the request came
 * (CLOCK_MONOTONIC, milliseconds). Failures are logged and become PSA's
 * "failed to list pods" warning. Returns the number of pods evaluated.
 */
size_t serve_nswarn_check(const struct serve_opts *o, const struct serve_kube_client *kube,
                          const struct serve_request *r, const struct serve_judgement *j,
                          long long start_ms, struct serve_response *resp);

/* CLOCK_MONOTONIC in milliseconds. */
long long serve_nswarn_now_ms(void);

#endif
