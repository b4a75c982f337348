/* SPDX-License-Identifier: MIT */
/*
 * A vulnerability hit as a finding (vuln-check.h, vuln_hit_emit()): what
 * IM020 and DP002 say about one vulnerability of one package, in words and
 * in details, the same way for an image and a source tree.
 */
#include <string.h>

#include "core/check.h"
#include "vuln/vuln-check.h"

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
static char *hit_message(const struct pkg *p, const struct vuln_hit *f)
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

struct vakt_finding_ext *vuln_hit_emit(struct vakt_check_ctx *ctx, const struct vakt_span *at,
                                       const char *object, const struct pkg *p,
                                       const struct vuln_hit *f)
{
	struct vakt_finding *x;
	struct vakt_finding_ext *e;
	char *msg;

	msg = hit_message(p, f);
	vakt_check_emit_msg(ctx, at, object, msg);
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
		vakt_finding_ext_add_detail(e, "source_package", p->source ? p->source : p->name);
		vakt_finding_ext_add_detail(e, "source_version",
		                            p->source_version ? p->source_version : p->version);
	}
	vakt_finding_ext_add_detail(e, "ecosystem", f->ecosystem);
	vakt_finding_ext_add_detail(e, "matched_by", f->matched_by);
	vakt_finding_ext_add_detail(e, "matched_name", f->matched_name);
	vakt_finding_ext_add_detail(e, "matched_version", f->matched_version);
	if (f->declared_in)
		vakt_finding_ext_add_list(e, "declared_in", (const char *const *)f->declared_in);
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
	return e;
}
