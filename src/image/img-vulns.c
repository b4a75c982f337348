/* SPDX-License-Identifier: MIT */
/*
 * Known vulnerabilities of an image's packages (IM020): the package list
 * matched by the vuln module (vuln-check.h), each hit one finding.
 */
#include <string.h>

#include "core/check.h"
#include "img-vulns.h"

/* The image's package list matched by the vuln module's check (vuln-check.h). */
void img_vulns_read(struct img_scan *s, const struct vakt_vuln_opts *o,
                    const struct vakt_rule *rule, struct vakt_scan_result *res)
{
	const struct vuln_check_report out = {&res->warnings, &res->errors};

	if (o->off || !s->pkgs.n)
		return;
	s->vulns = vakt_xcalloc(1, sizeof(*s->vulns));
	vuln_check_run(s->vulns, o, rule, &s->pkgs, s->has_os ? &s->os : NULL, s->img->path, &out);
}

void img_vulns_free(struct vuln_check *v)
{
	if (!v)
		return;
	vuln_check_release(v);
	free(v);
}

static char **strv_copy(char *const *v)
{
	size_t n = 0;
	char **c;

	while (v && v[n])
		n++;
	c = n ? vakt_xcalloc(n + 1, sizeof(*c)) : NULL;
	for (size_t i = 0; i < n; i++)
		c[i] = vakt_xstrdup(v[i]);
	return c;
}

/* "declared in a", "declared in a and b", "declared in a and 3 other files". Owned. */
static char *declared_text(char *const *files)
{
	size_t n = 0;

	while (files[n])
		n++;
	if (n == 1)
		return vakt_xasprintf("declared in %s", files[0]);
	if (n == 2)
		return vakt_xasprintf("declared in %s and %s", files[0], files[1]);
	return vakt_xasprintf("declared in %s and %zu other files", files[0], n - 1);
}

/*
 * The finding's message: the vulnerability, the package as matched (and as
 * installed when that differs), where to fix it, and the fix. Owned.
 */
static char *vuln_message(const struct pkg *p, const struct vuln_hit *f)
{
	const char *fix = f->fixed ? "fixed in " : f->status, *fixed = f->fixed ? f->fixed : "";
	char *where, *msg;

	if (!strcmp(f->matched_by, vuln_key_kind_name(VULN_KEY_BUILT_USING)))
		return vakt_xasprintf("%s in %s %s, built with %s %s: %s%s", f->id, p->name,
		                      p->version, f->matched_name, f->matched_version, fix, fixed);
	if (f->declared_in) {
		/* Maven's coordinates say which artifact; PyPI's normal form says nothing new. */
		where = declared_text(f->declared_in);
		msg = vakt_xasprintf("%s in %s %s (%s): %s%s", f->id,
		                     p->type == PKG_MAVEN ? f->matched_name : p->name, p->version,
		                     where, fix, fixed);
		free(where);
		return msg;
	}
	if (strcmp(p->name, f->matched_name) || strcmp(p->version, f->matched_version))
		return vakt_xasprintf("%s in %s %s (%s %s): %s%s", f->id, f->matched_name,
		                      f->matched_version, p->name, p->version, fix, fixed);
	return vakt_xasprintf("%s in %s %s: %s%s", f->id, p->name, p->version, fix, fixed);
}

/* IM020: one finding per vulnerability of a package, with the advisory as its own id. */
void img_check_vulns(struct vakt_check_ctx *ctx)
{
	const struct img_scan *s = ctx->model;
	const struct vuln_check *v = s->vulns;

	for (size_t i = 0; v && i < v->n; i++) {
		const struct vuln_hit *f = &v->v[i];
		const struct pkg *p = &s->pkgs.v[f->pkg];
		char *msg, *layer = NULL;
		bool secret;
		const char *step = img_layer_step(s, p->layer, &secret);
		struct vakt_finding *x;
		struct vakt_finding_ext *e;

		msg = vuln_message(p, f);
		vakt_check_emit_msg(ctx, NULL, p->name, msg);
		free(msg);
		x = &ctx->out->v[ctx->out->n - 1];
		if (f->rating.own)
			x->severity = f->rating.sev;
		if (f->suppressed) {
			x->suppressed = true;
			x->suppress_reason = vakt_xstrdup(f->suppressed);
		}
		e = vakt_findings_add_ext(ctx->out, x);
		e->id = vakt_xstrdup(f->id);
		e->aliases = strv_copy(f->aliases);
		e->links = strv_copy(f->links);
		e->own_severity = f->rating.own;
		vakt_finding_ext_add_detail(e, "package", p->name);
		vakt_finding_ext_add_detail(e, "installed_version", p->version);
		if (!p->found_in) {
			vakt_finding_ext_add_detail(e, "source_package",
			                            p->source ? p->source : p->name);
			vakt_finding_ext_add_detail(e, "source_version",
			                            p->source_version ? p->source_version
			                                              : p->version);
		}
		vakt_finding_ext_add_detail(e, "ecosystem", f->ecosystem);
		vakt_finding_ext_add_detail(e, "matched_by", f->matched_by);
		vakt_finding_ext_add_detail(e, "matched_name", f->matched_name);
		vakt_finding_ext_add_detail(e, "matched_version", f->matched_version);
		if (f->declared_in)
			vakt_finding_ext_add_list(e, "declared_in",
			                          (const char *const *)f->declared_in);
		vakt_finding_ext_add_detail(e, "fixed_version", f->fixed ? f->fixed : "");
		vakt_finding_ext_add_detail(e, "status", f->status);
		vakt_finding_ext_add_detail(e, "basis", f->basis);
		if (f->title)
			vakt_finding_ext_add_detail(e, "title", f->title);
		vakt_finding_ext_add_detail(e, "severity_source", f->rating.source);
		if (f->vector) {
			vakt_finding_ext_add_detail(e, "cvss_version", f->rating.cvss_version);
			vakt_finding_ext_add_number(e, "cvss_score", f->rating.score);
			vakt_finding_ext_add_detail(e, "cvss_vector", f->vector);
		}
		if (p->layer >= 0) {
			layer = vakt_xasprintf("%d", p->layer + 1);
			vakt_finding_ext_add_number(e, "layer", layer);
			free(layer);
			if (step)
				vakt_finding_ext_add_detail(
				    e, "created_by",
				    secret ? "a build step that holds a secret (see IM005)" : step);
		}
		if (p->purl)
			vakt_finding_ext_add_detail(e, "purl", p->purl);
	}
}
