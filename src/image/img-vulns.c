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
	char *subject;

	if (o->off || !s->pkgs.n)
		return;
	s->vulns = vakt_xcalloc(1, sizeof(*s->vulns));
	subject = vakt_xasprintf("'%s'", s->img->path);
	vuln_check_run(s->vulns, o, true, rule, &s->pkgs, s->has_os ? &s->os : NULL, subject, &out);
	free(subject);
}

void img_vulns_free(struct vuln_check *v)
{
	if (!v)
		return;
	vuln_check_release(v);
	free(v);
}

/* IM020: one finding per vulnerability of a package, with the advisory as its own id. */
void img_check_vulns(struct vakt_check_ctx *ctx)
{
	const struct img_scan *s = ctx->model;
	const struct vuln_check *v = s->vulns;

	for (size_t i = 0; v && i < v->n; i++) {
		const struct vuln_hit *f = &v->v[i];
		const struct pkg *p = &s->pkgs.v[f->pkg];
		char *layer = NULL;
		bool secret;
		const char *step = img_layer_step(s, p->layer, &secret);
		struct vakt_finding_ext *e;

		e = vuln_hit_emit(ctx, NULL, p->name, p, f);
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
