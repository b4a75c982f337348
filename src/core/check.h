/* SPDX-License-Identifier: MIT */
#ifndef VAKT_CHECK_H
#define VAKT_CHECK_H

/*
 * What a rule's check function sees and how it reports. The domain scanner
 * fills the context and calls each rule of its table in turn; a check reads
 * ctx->model (the domain's typed model) and calls vakt_check_emit().
 */

#include <stdarg.h>

#include "domain.h"
#include "finding.h"
#include "rule.h"
#include "source.h"

struct vakt_scan_opts;

/* Longest source snippet kept with a finding. */
#define VAKT_SNIPPET_MAX 1024

struct vakt_check_ctx {
	const struct vakt_rule *rule;      /* the rule being run */
	const void *model;                 /* the domain model, e.g. struct df_file */
	const struct vakt_source *src;     /* for snippets; may be NULL */
	const struct vakt_scan_opts *opts; /* config, build args; never NULL */
	struct vakt_findings *out;         /* where findings go */
	/* The file findings name when there is no src (an image archive); else src's path. */
	const char *file;
	/*
	 * The domain whose rules run (vakt_rules_run() sets it): every emit
	 * ends with its amend() hook, if any, which reads ctx->about, what the
	 * domain set for this finding or value (Kubernetes: the object).
	 */
	const struct vakt_domain *domain;
	const void *about;
};

/*
 * Report one finding of ctx->rule at `at` (NULL: no position). object is the
 * object path for structured inputs (copied; NULL for none). The message is
 * specific to this instance: name the offending value.
 */
void vakt_check_emit(struct vakt_check_ctx *ctx, const struct vakt_span *at, const char *object,
                     const char *fmt, ...) VAKT_PRINTF(4, 5);
/* vakt_check_emit() of a message already put together (msg is copied), without printf. */
void vakt_check_emit_msg(struct vakt_check_ctx *ctx, const struct vakt_span *at, const char *object,
                         const char *msg);

/*
 * Lower the finding just emitted through ctx by steps severities (never
 * below info), for an instance that is less serious than the rule's case: a
 * Dockerfile stage the image does not ship, a file that may not hold the
 * credential. The scan keeps the steps when a config changes the rule's
 * severity. No-op when ctx->out is empty.
 */
void vakt_check_lower(struct vakt_check_ctx *ctx, int steps);

/*
 * vakt_check_emit() with the message's arguments as a va_list, for a
 * domain's own emitter that adds to each finding (object path, annotations).
 */
void vakt_check_vemit(struct vakt_check_ctx *ctx, const struct vakt_span *at, const char *object,
                      const char *fmt, va_list ap) VAKT_PRINTF(4, 0);

/*
 * The one rule loop: run, in table order, every rule of d's tables whose
 * scope is scope and that has a check, on the model in ctx (ctx->rule is
 * set to each in turn). The domain calls it per unit with VAKT_SCOPE_UNIT
 * from scan(), and from end() per unit with VAKT_SCOPE_DEFERRED and once
 * with VAKT_SCOPE_SET, filling ctx->model (and ctx->src) for each. Per unit,
 * the families (VAKT_FAMILIES) then judge the unit's values (d->values()):
 * a domain does not opt into them.
 */
void vakt_rules_run(struct vakt_check_ctx *ctx, const struct vakt_domain *d,
                    enum vakt_rule_scope scope);
/*
 * The same loop over one of d's tables, for a domain that prepares
 * something between its tables (vakt_rules_run() is this over each table).
 */
void vakt_rules_run_table(struct vakt_check_ctx *ctx, const struct vakt_rule *table,
                          enum vakt_rule_scope scope);

/*
 * Judge v by every family of VAKT_FAMILIES (data residency): a domain's
 * values() hook calls it for each value of the unit. ctx->rule is restored.
 */
void vakt_values_judge(struct vakt_check_ctx *ctx, const struct vakt_value *v);
/*
 * vakt_values_judge() of one NUL-terminated value (NULL: nothing) written at
 * `at` (NULL: no position), with the object path object (may be NULL).
 */
void vakt_values_judge_str(struct vakt_check_ctx *ctx, enum vakt_value_kind kind, const char *text,
                           const struct vakt_span *at, const char *object);

#endif
