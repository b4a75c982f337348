/* SPDX-License-Identifier: MIT */
/*
 * Findings about Kubernetes objects: the location of a node, the object
 * path, and the suppression annotations teams already write for vakt and
 * for the tools they come from, looked up on the object's metadata and on
 * its pod template's metadata:
 *
 *   vakt.io/ignore: "KS001,run-as-non-root"     ids, slugs or peer aliases; "all"
 *   vakt.io/ignore-reason: "why"                 the reason shown with them
 *   vakt.io/ignore.<container>: "KS020"          one container only
 *   ignore-check.kube-linter.io/<check>: "why"   rules equivalent to kube-linter's check
 *   kube-linter.io/ignore-all: "why"             rules with any kube-linter equivalent
 *   polaris.fairwinds.com/<check>-exempt: "true" rules equivalent to Polaris' check
 *   polaris.fairwinds.com/exempt: "true"         rules with any Polaris equivalent
 *   checkov.io/skip<N>: "CKV_K8S_20=why"         rules equivalent to Checkov's check
 *
 * Then the `# vakt ignore=` / `# vakt ignore-file=` comments of the object's
 * file (kube-load.c collects them). --no-inline-ignores turns them all off.
 */
#include "core/scan.h"
#include "kube-model.h"

#define VAKT_IGNORE         "vakt.io/ignore"
#define VAKT_IGNORE_REASON  "vakt.io/ignore-reason"
#define KUBE_LINTER_PREFIX  "ignore-check.kube-linter.io/"
#define KUBE_LINTER_ALL     "kube-linter.io/ignore-all"
#define POLARIS_PREFIX      "polaris.fairwinds.com/"
#define POLARIS_EXEMPT_TAIL "-exempt"
#define POLARIS_EXEMPT_ALL  "polaris.fairwinds.com/exempt"
#define CHECKOV_SKIP        "checkov.io/skip"

/* What of rule a comma-separated list of rule names designates (vakt_rule_match_facets()). */
static unsigned list_matches(const struct vakt_rule *rule, const char *list)
{
	const char *p = list;
	unsigned covered = 0;

	while (*p) {
		const char *e = strchr(p, ',');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		char *name;

		while (n && (*p == ' ' || *p == '\t')) {
			p++;
			n--;
		}
		while (n && (p[n - 1] == ' ' || p[n - 1] == '\t'))
			n--;
		name = vakt_xstrndup(p, n);
		if (n)
			covered |= vakt_rule_match_facets(rule, name);
		free(name);
		if (!e)
			break;
		p = e + 1;
	}
	return covered;
}

/*
 * What of rule a check of tool ("polaris") covers: every facet the
 * matching equivalents cover, any of the tool's when check is NULL; 0 when
 * rule has no such equivalent.
 */
static unsigned has_equivalent(const struct vakt_rule *rule, const char *tool, const char *check,
                               size_t check_len)
{
	size_t t = strlen(tool);
	unsigned covered = 0;

	for (const char *const *e = rule->equivalents; e && *e; e++) {
		if (strncmp(*e, tool, t) || (*e)[t] != ':')
			continue;
		if (!check || (strlen(*e + t + 1) == check_len &&
		               !vakt_strncasecmp(*e + t + 1, check, check_len)))
			covered |= check ? vakt_rule_peer_facets(rule, *e) : VAKT_FACETS_ALL;
	}
	return covered;
}

/* Whether a scalar annotation value reads as true ("true", or a YAML true). */
static bool value_true(const struct vakt_yaml_node *v)
{
	bool b;

	if (vakt_yaml_bool(v, &b))
		return b;
	return v && v->kind == VAKT_YAML_SCALAR && !vakt_strcasecmp(v->str, "true");
}

/*
 * Whether the annotations in ann, with what *covered already holds (an OR
 * of vakt_rule_match_facets()), suppress finding f about container c (may
 * be NULL): *key is then the last annotation's name and *reason its reason
 * (NULL when none), both borrowed from the tree. A peer's check that covers
 * only some facets of the rule suppresses a finding of those facets only.
 */
static bool annotations_suppress(const struct vakt_finding *f, const struct vakt_yaml_node *ann,
                                 const struct kube_container *c, unsigned *covered,
                                 const char **key, const char **reason)
{
	const struct vakt_rule *rule = f->rule;
	const char *vakt_reason = vakt_yaml_text(vakt_yaml_get(ann, VAKT_IGNORE_REASON));

	if (!vakt_yaml_is_map(ann))
		return false;
	for (size_t i = 0; i < ann->n; i++) {
		const char *k = vakt_yaml_str(ann->pairs[i].key);
		const struct vakt_yaml_node *v = ann->pairs[i].value;
		const char *text = vakt_yaml_text(v);
		unsigned hit = 0;
		size_t klen;

		if (!k)
			continue;
		klen = strlen(k);
		*reason = text;
		if (!strcmp(k, VAKT_IGNORE) ||
		    (c && *c->name && vakt_starts_with(k, VAKT_IGNORE ".") &&
		     !strcmp(k + strlen(VAKT_IGNORE "."), c->name))) {
			hit = text ? list_matches(rule, text) : 0;
			*reason = vakt_reason;
		} else if (vakt_starts_with(k, KUBE_LINTER_PREFIX)) {
			const char *check = k + strlen(KUBE_LINTER_PREFIX);

			hit =
			    *check ? has_equivalent(rule, "kube-linter", check, strlen(check)) : 0;
		} else if (!strcmp(k, KUBE_LINTER_ALL)) {
			hit = has_equivalent(rule, "kube-linter", NULL, 0);
		} else if (!strcmp(k, POLARIS_EXEMPT_ALL)) {
			hit = value_true(v) ? has_equivalent(rule, "polaris", NULL, 0) : 0;
			*reason = NULL;
		} else if (vakt_starts_with(k, POLARIS_PREFIX) &&
		           vakt_ends_with(k, POLARIS_EXEMPT_TAIL) &&
		           klen > strlen(POLARIS_PREFIX) + strlen(POLARIS_EXEMPT_TAIL)) {
			const char *check = k + strlen(POLARIS_PREFIX);
			size_t n = klen - strlen(POLARIS_PREFIX) - strlen(POLARIS_EXEMPT_TAIL);

			hit = value_true(v) ? has_equivalent(rule, "polaris", check, n) : 0;
			*reason = NULL;
		} else if (vakt_starts_with(k, CHECKOV_SKIP) && text) {
			/* "CKV_K8S_20=reason" or "CKV_K8S_20" */
			const char *eq = strchr(text, '=');
			size_t n = eq ? (size_t)(eq - text) : strlen(text);

			hit = n ? has_equivalent(rule, "checkov", text, n) : 0;
			*reason = eq && eq[1] ? eq + 1 : NULL;
		}
		*covered |= hit;
		if (hit && vakt_facets_cover(rule, *covered, f->facets)) {
			*key = k;
			return true;
		}
	}
	return false;
}

/* Mark f suppressed when an annotation of o (object or pod template) says so. */
static void emit_suppress(struct vakt_finding *f, const struct kube_object *o,
                          const struct kube_container *c)
{
	const struct vakt_yaml_node *metas[2] = {o->metadata, o->pod_meta};
	const char *key = NULL, *reason = NULL;
	unsigned covered = 0;

	for (size_t i = 0; i < VAKT_ARRAY_SIZE(metas); i++) {
		if (!metas[i] || (i && metas[i] == metas[0]))
			continue;
		if (!annotations_suppress(f, vakt_yaml_get(metas[i], "annotations"), c, &covered,
		                          &key, &reason))
			continue;
		f->suppressed = true;
		/* "annotation vakt.io/ignore on Deployment/shop/web: reason" */
		f->suppress_reason =
		    reason ? vakt_xasprintf("annotation %s on %s: %s", key, o->path, reason)
		           : vakt_xasprintf("annotation %s on %s", key, o->path);
		return;
	}
}

static void kube_vemit(struct vakt_check_ctx *ctx, const struct kube_object *o,
                       const struct kube_container *c, const struct vakt_yaml_node *at,
                       unsigned facets, const char *fmt, va_list ap) VAKT_PRINTF(6, 0);

void kube_emit(struct vakt_check_ctx *ctx, const struct kube_object *o,
               const struct kube_container *c, const struct vakt_yaml_node *at, const char *fmt,
               ...)
{
	va_list ap;

	va_start(ap, fmt);
	kube_vemit(ctx, o, c, at, 0, fmt, ap);
	va_end(ap);
}

void kube_emit_facets(struct vakt_check_ctx *ctx, const struct kube_object *o,
                      const struct kube_container *c, const struct vakt_yaml_node *at,
                      unsigned facets, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	kube_vemit(ctx, o, c, at, facets, fmt, ap);
	va_end(ap);
}

static void kube_vemit(struct vakt_check_ctx *ctx, const struct kube_object *o,
                       const struct kube_container *c, const struct vakt_yaml_node *at,
                       unsigned facets, const char *fmt, va_list ap)
{
	const struct vakt_yaml_node *n = at ? at : o->node;
	struct kube_about about = {o, c, facets};
	struct vakt_check_ctx ac = kube_ctx_about(ctx, &about);
	struct vakt_span span = {0};
	char *object = kube_container_path(o, c);

	if (n) {
		span.line = n->line;
		span.column = n->col;
		span.end_line = n->end_line;
		span.end_column = n->end_col;
	}
	vakt_check_vemit(&ac, n ? &span : NULL, object, fmt, ap);
	free(object);
}

struct vakt_check_ctx kube_ctx_about(const struct vakt_check_ctx *ctx,
                                     const struct kube_about *about)
{
	struct vakt_check_ctx ac = *ctx;

	ac.about = about;
	/* kube_amend() reads it, whoever runs the rule (a test, the fuzzers). */
	ac.domain = &kube_domain;
	ac.src = about->o->src;
	/* No source to name the file (an object loaded again): the object's. */
	ac.file = about->o->file;
	return ac;
}

void kube_amend(const struct vakt_check_ctx *ctx, struct vakt_finding *f)
{
	const struct kube_about *a = ctx->about;

	if (!a)
		return;
	f->facets = a->facets;
	if (a->o->assumed) {
		/* A kind vakt does not know, read as a workload: say so. */
		char *m = vakt_xasprintf("%s (%s is not a kind vakt knows: its %s was read as a "
		                         "pod template)",
		                         f->message, a->o->kind_name, a->o->assumed);

		f->message = vakt_findings_intern(ctx->out, m);
		free(m);
	}
	if (ctx->opts->inline_ignores)
		emit_suppress(f, a->o, a->c);
}
