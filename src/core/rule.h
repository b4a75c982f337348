/* SPDX-License-Identifier: MIT */
#ifndef VAKT_RULE_H
#define VAKT_RULE_H

/*
 * The rule registry. Each domain owns tables of `struct vakt_rule` (its
 * descriptor lists them, core/domain.h); the entry is the single source of
 * truth for the rule's text: `vakt rules`, docs/rules.md, and the text,
 * JSON, SARIF and JUnit reports all read it.
 */

#include <stdbool.h>
#include <stddef.h>

#include "severity.h"

struct vakt_check_ctx;
struct vakt_finding;
struct vakt_fix_ctx;

/* Most facets a rule can have (bits of struct vakt_finding.facets). */
#define VAKT_RULE_MAX_FACETS 8
/* A mask of every facet: what a rule's id, slug or an unscoped peer alias covers. */
#define VAKT_FACETS_ALL 0xffu

/*
 * A part of what a rule reports that some peer checks cover alone: KS071
 * reports a missing cpu request and a missing memory request, and
 * kube-linter's unset-cpu-requirements means the first only. A finding says
 * which facets it reports; a peer alias listed here suppresses only those
 * (the rule's id, slug and other aliases suppress the whole finding).
 */
struct vakt_rule_facet {
	const char *name;         /* "cpu-request", for docs and `vakt rules` */
	const char *const *peers; /* NULL-terminated; each also in the rule's equivalents */
};

/*
 * When a domain runs a rule's check (vakt_rules_run(), core/check.h). A
 * set is what one scan reads: every file, and for Kubernetes every object
 * of every file.
 */
enum vakt_rule_scope {
	/* Per unit (a file, a Kubernetes object) as its file is scanned, on the scan's threads. */
	VAKT_SCOPE_UNIT,
	/*
	 * Per unit, deferred to the end of the set (vakt_domain.end): the check
	 * judges one object but reads other files' objects (a Kubernetes pod's
	 * ServiceAccount, its namespace's LimitRange). Only domains with end().
	 */
	VAKT_SCOPE_DEFERRED,
	/* Once per set, at its end: the check walks every object (namespace posture). */
	VAKT_SCOPE_SET,
};

struct vakt_rule {
	const char *id;              /* stable id, e.g. "DF001" */
	const char *slug;            /* stable kebab-case name, e.g. "final-stage-no-user" */
	const char *domain;          /* "dockerfile", ... */
	enum vakt_severity severity; /* default severity */
	const char *title;           /* one line, no trailing period */
	const char *rationale;       /* why it matters, a short paragraph */
	const char *remediation;     /* how to fix it, a short paragraph */
	/* NULL-terminated; URLs or citations a user can look up (docs, CIS, NIST). */
	const char *const *references;
	/*
	 * NULL-terminated "tool:ID" strings naming peer checks of the same
	 * thing: "hadolint:DL3002", "trivy:AVD-DS-0002", "checkov:CKV_DOCKER_8",
	 * "buildkit:SecretsUsedInArgOrEnv", "kube-linter:run-as-non-root",
	 * "pss:runAsNonRoot". Used for suppression aliases and output.
	 */
	const char *const *equivalents;
	/*
	 * NULL, or the rule's facets ({NULL}-terminated, at most
	 * VAKT_RULE_MAX_FACETS): bit i of a finding's facets is facets[i].
	 */
	const struct vakt_rule_facet *facets;
	/* Run the check on the model in ctx; emits through vakt_check_emit(). */
	void (*check)(struct vakt_check_ctx *ctx);
	/* When the check runs; every rule states it. */
	enum vakt_rule_scope scope;
	/*
	 * NULL, or the automatic fix of finding f (vakt fix, core/fix.h): adds
	 * edits to ctx->edits against ctx->src, reading ctx->model, or records
	 * with vakt_fix_skip() why this instance cannot be fixed. The domain's
	 * fix hook (struct vakt_domain.fix) runs it on unsuppressed findings.
	 */
	void (*fix)(struct vakt_fix_ctx *ctx, const struct vakt_finding *f);
	/* With fix: what it does, one line for `vakt rules` and docs/rules.md. */
	const char *fix_summary;
};

/* Number of rules of a table (struct vakt_domain.tables), before its {.id = NULL}. */
size_t vakt_rules_count(const struct vakt_rule *table);
/* Number of rules over all domains (VAKT_DOMAINS_RULES of core/domain.h). */
size_t vakt_registry_count(void);
/* The i-th rule over all domains (0 <= i < count), in the order of `vakt rules`. */
const struct vakt_rule *vakt_registry_at(size_t i);
/*
 * Find a rule by id or slug (case-insensitive), or by a peer alias: the ID
 * part of an equivalent ("DL3002", "AVD-DS-0002", "DS-0002", "DS002",
 * "CKV_DOCKER_8", or the full "hadolint:DL3002"). Returns NULL when unknown.
 */
const struct vakt_rule *vakt_registry_find(const char *name);
/*
 * Whether s[0..n) is exactly the letters that the id of some rule's
 * equivalent begins with (Trivy's with or without its AVD-): "KSV" for
 * trivy:KSV010, "DS" for trivy:AVD-DS-0002, "CIS" for dockle:CIS-DI-0001.
 */
bool vakt_registry_peer_prefix(const char *s, size_t n);
/*
 * Whether `name` designates `rule`, by the same matching as
 * vakt_registry_find() (one alias can name several rules across domains).
 */
int vakt_rule_matches(const struct vakt_rule *rule, const char *name);
/*
 * What of rule `name` designates: VAKT_FACETS_ALL for its id, slug or an
 * alias of a peer that checks the whole of it; the facet bits of a peer
 * that checks only facets of it (struct vakt_rule_facet); 0 when name does
 * not designate the rule. "all" is VAKT_FACETS_ALL.
 */
unsigned vakt_rule_match_facets(const struct vakt_rule *rule, const char *name);
/*
 * Whether names covering `covered` (an OR of vakt_rule_match_facets())
 * cover a finding of rule reporting `facets` (0: the whole rule, which for
 * a rule with facets is all of them).
 */
bool vakt_facets_cover(const struct vakt_rule *rule, unsigned covered, unsigned facets);
/* The facets of rule that equivalent (one of its equivalents) covers: VAKT_FACETS_ALL when
 * unscoped. */
unsigned vakt_rule_peer_facets(const struct vakt_rule *rule, const char *equivalent);

#endif
