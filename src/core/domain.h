/* SPDX-License-Identifier: MIT */
#ifndef VAKT_DOMAIN_H
#define VAKT_DOMAIN_H

/*
 * What a domain is, and every domain vakt has. A domain is one kind of
 * input vakt judges (Dockerfiles, compose files, Kubernetes manifests, ...):
 * a folder under src/ with one descriptor, `struct vakt_domain`, declared
 * below. vakt scan dispatches files to the domains of VAKT_DOMAINS_DISPATCH
 * by name (then content); the registry (`vakt rules`, docs/rules.md, rule
 * lookup) lists the rules of the domains of VAKT_DOMAINS_RULES, in that
 * order. Adding a domain: docs/HACKING.md, "Adding a domain".
 */

#include <stdbool.h>
#include <stddef.h>

#include "source.h"

struct vakt_check_ctx;
struct vakt_error_list;
struct vakt_finding;
struct vakt_findings;
struct vakt_fix_ctx;
struct vakt_rule;
struct vakt_scan_opts;
struct vakt_source;
struct vakt_suppressions;

/*
 * A value of a unit that the families of rules every domain applies (data
 * residency) judge. The domain hands each one to vakt_values_judge() from
 * its values() hook; the engine calls that hook after the unit's rules.
 */
enum vakt_value_kind {
	VAKT_VALUE_IMAGE, /* an image reference the unit pulls (or is named), as written */
	VAKT_VALUE_TEXT,  /* a value that may name an endpoint, bucket or region */
};

struct vakt_value {
	enum vakt_value_kind kind;
	const char *text; /* len bytes, NUL-terminated for an image; borrowed for the call */
	size_t len;
	/*
	 * Where a finding about text[off, off + n) is: span_of(span_data, off, n)
	 * when the value's bytes are spread over the source (a Dockerfile's
	 * continued lines); else `at`, narrowed to the match when `at` is one
	 * line exactly as wide as text; NULL `at`: no position.
	 */
	const struct vakt_span *at;
	struct vakt_span (*span_of)(const void *span_data, size_t off, size_t n);
	const void *span_data;
	const char *object; /* the object path findings carry; NULL for none */
};

/*
 * A domain's descriptor. A domain whose input is not a file found by the
 * walk (an image) or that is a family of rules every domain applies
 * (residency) leaves the matching and scanning members NULL.
 */
struct vakt_domain {
	const char *name; /* "dockerfile"; the `domain` of its rules */
	/*
	 * The domain's rule tables, NULL-terminated; each table ends with a
	 * sentinel rule {.id = NULL}. A domain may split its rules into themed
	 * tables (each file keeps its rules next to their checks); the registry
	 * lists them in this order. Two domains may share tables (compose and
	 * runline run the container rules); only one lists them for the registry.
	 */
	const struct vakt_rule *const *tables;
	/*
	 * Whether a file belongs to the domain by its name: path as found
	 * (for names like ".github/workflows/x.yml") and its base name.
	 */
	bool (*match_name)(const char *path, const char *basename);
	/* Whether the start of a file's content looks like the domain's input. */
	bool (*match_content)(const char *data, size_t len);
	/*
	 * Optional cross-file pass (one scan is one set of objects): begin()
	 * makes the per-scan state handed to every scan() call (which may run
	 * on several threads at once: the domain locks its state), and end()
	 * reports what needs every file. Findings from end() get the same
	 * severity, config and pragma processing; a domain marks its own
	 * suppressions (annotations) with finding.suppressed.
	 */
	void *(*begin)(const struct vakt_scan_opts *o);
	void (*end)(void *state, const struct vakt_scan_opts *o, struct vakt_findings *out,
	            struct vakt_error_list *errs);
	/*
	 * With end(): the inline suppressions (comment pragmas) of the file
	 * finding f of end() is in, which the scan applies as it applies those
	 * scan() handed over (NULL: none; borrowed from state), and release(),
	 * which frees state once end()'s findings are processed. A domain
	 * without release() frees its state at the end of end().
	 */
	const struct vakt_suppressions *(*pragmas)(void *state, const struct vakt_finding *f);
	void (*release)(void *state);
	/*
	 * Parse src and run the rules. Findings go to out (unfiltered; the scan
	 * applies config and suppressions). Parse errors are appended to errs
	 * (ownership moves there); a domain goes on past an error where it can.
	 * Inline suppressions found are appended to sup. state is begin()'s
	 * result (NULL without begin). With keeps_source set, the domain owns
	 * src from this call on (to report from it in end()); otherwise the
	 * caller frees it after scan() returns.
	 */
	bool keeps_source;
	void (*scan)(struct vakt_source *src, const struct vakt_scan_opts *o, void *state,
	             struct vakt_findings *out, struct vakt_suppressions *sup,
	             struct vakt_error_list *errs);
	/*
	 * Hand every value of the unit in ctx->model that the families judge
	 * (images it pulls, values that may name an endpoint) to
	 * vakt_values_judge(ctx, &value). vakt_rules_run() calls it after the
	 * unit's own rules; NULL: the domain has no such values.
	 */
	void (*values)(struct vakt_check_ctx *ctx);
	/*
	 * What the domain adds to each finding of its context, its own rules'
	 * and the families' alike (Kubernetes: the facets and its suppression
	 * annotations, from ctx->about); called once the finding is placed.
	 * NULL: nothing.
	 */
	void (*amend)(const struct vakt_check_ctx *ctx, struct vakt_finding *f);
	/*
	 * A family's judgement of one value (residency: RS001 of an image, RS002
	 * of a text), emitting through ctx with ctx->rule switched to its rules.
	 * Set by families (VAKT_FAMILIES) only.
	 */
	void (*judge)(struct vakt_check_ctx *ctx, const struct vakt_value *v);
	/*
	 * vakt fix: parse ctx->src into the domain's model, set ctx->model and
	 * call vakt_fix_run(ctx, todo, n) (core/fix.h) with the file's
	 * unsuppressed findings, then free the model. NULL: the domain has no
	 * fixer yet, and vakt fix leaves its files alone.
	 */
	void (*fix)(struct vakt_fix_ctx *ctx, const struct vakt_finding *const *todo, size_t n);
};

/* The descriptors, each defined in its domain's folder. */
extern const struct vakt_domain df_domain;      /* src/dockerfile/df-scan.c */
extern const struct vakt_domain compose_domain; /* src/compose/compose-scan.c */
extern const struct vakt_domain runline_domain; /* src/runline/runline-scan.c */
extern const struct vakt_domain kube_domain;    /* src/kube/kube-scan.c */
extern const struct vakt_domain image_domain;   /* src/image/img-rules.c (vakt image) */
extern const struct vakt_domain fw_domain;      /* src/firewall/fw-scan.c */
extern const struct vakt_domain host_domain;    /* src/host/host-domain.c (vakt host) */
extern const struct vakt_domain deps_domain;    /* src/deps/deps-scan.c */
/*
 * Not a domain of its own but a family of rules every domain applies: the
 * data-residency rules (src/knowledge/residency-rules.c). Their judge() reads
 * the values each domain's values() hands over; the engine runs it.
 */
extern const struct vakt_domain residency_domain;

/* The families the engine runs on every domain's values (vakt_values_judge()). */
#define VAKT_FAMILIES &residency_domain

/*
 * The domains vakt scan dispatches files to, in the order it asks them. By
 * name the first match wins: kube (any *.yaml, *.json) stays last, after deps
 * (npm-shrinkwrap.json is a lock file, not a manifest).
 */
#define VAKT_DOMAINS_DISPATCH                                                                      \
	&df_domain, &compose_domain, &runline_domain, &fw_domain, &deps_domain, &kube_domain

/*
 * The domains whose rule tables the registry lists, in the order of `vakt
 * rules` and docs/rules.md. runline is not here: its tables are compose's.
 */
#define VAKT_DOMAINS_RULES                                                                         \
	&df_domain, &kube_domain, &residency_domain, &compose_domain, &image_domain, &fw_domain,   \
	    &host_domain, &deps_domain

#endif
