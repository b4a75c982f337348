/* SPDX-License-Identifier: MIT */
/*
 * The known vulnerabilities an image's CycloneDX SBOM carries: the IM020
 * findings as the report has them (after the --severity filter and the
 * configuration's ignores), as the plain data the SBOM writer of src/pkg
 * takes, with the VEX statement that covers each. Cleanup style: none
 * needed.
 */
#include <string.h>

#include "img-vulns.h"

/* An IM020 result of the scan: its ids and what the matcher knew of it. */
struct vuln_key {
	const char *id;
	const char *purl;
	const struct img_vuln *v;
};

static int key_cmp(const void *a, const void *b)
{
	const struct vuln_key *x = a, *y = b;
	int c = strcmp(x->id, y->id);

	return c ? c : strcmp(x->purl, y->purl);
}

/* The matcher's record of the finding with id and purl, or NULL. */
static const struct img_vuln *vuln_find(const struct vuln_key *keys, size_t n, const char *id,
                                        const char *purl)
{
	struct vuln_key k = {.id = id, .purl = purl};
	const struct vuln_key *hit = n ? bsearch(&k, keys, n, sizeof(*keys), key_cmp) : NULL;

	return hit ? hit->v : NULL;
}

static enum pkg_sbom_rater rater_of(const char *severity_source)
{
	if (!severity_source)
		return PKG_SBOM_RATED_NONE;
	if (!strncmp(severity_source, "cvss_", 5))
		return PKG_SBOM_RATED_CVSS;
	if (!strcmp(severity_source, "distribution"))
		return PKG_SBOM_RATED_DISTRIBUTION;
	return PKG_SBOM_RATED_NONE;
}

/* The name the fix is a version of: the source package when it was matched by that. */
static const char *matched_name(const struct vakt_finding_ext *x)
{
	const char *by = vakt_finding_ext_detail(x, "matched_by");

	if (by && strcmp(by, "binary") != 0)
		return vakt_finding_ext_detail(x, "source_package");
	return vakt_finding_ext_detail(x, "package");
}

/* Fill o from the finding (its extension x) and the matcher's record v (may be NULL). */
static void vuln_fill(struct pkg_sbom_vuln *o, const struct vakt_finding *f,
                      const struct vakt_finding_ext *x, const struct img_vuln *v)
{
	const char *fixed = vakt_finding_ext_detail(x, "fixed_version");

	o->id = x->id;
	o->aliases = (const char *const *)x->aliases;
	o->links = (const char *const *)x->links;
	o->purl = vakt_finding_ext_detail(x, "purl");
	o->ecosystem = vakt_finding_ext_detail(x, "ecosystem");
	o->title = vakt_finding_ext_detail(x, "title");
	o->matched_name = matched_name(x);
	o->fixed = fixed && *fixed ? fixed : NULL;
	o->status = vakt_finding_ext_detail(x, "status");
	o->severity = f->severity;
	o->rated_by = rater_of(vakt_finding_ext_detail(x, "severity_source"));
	o->vector = vakt_finding_ext_detail(x, "cvss_vector");
	o->score = vakt_finding_ext_detail(x, "cvss_score");
	if (o->rated_by == PKG_SBOM_RATED_CVSS && !o->vector)
		o->rated_by = PKG_SBOM_RATED_NONE;
	o->suppressed = f->suppressed;
	if (v && v->vex) {
		o->vex_status = vuln_vex_status_name(v->vex->status);
		o->vex_justification = v->vex->justification;
	}
	/* What a VEX "affected" statement says to do, when the finding stands. */
	o->detail = f->suppressed ? f->suppress_reason : v && v->vex ? v->vex->action : NULL;
}

bool img_sbom_vulns(const struct img_scan *s, const struct vakt_findings *findings,
                    bool with_suppressed, struct pkg_sbom_vuln **out, size_t *n)
{
	const struct img_vulns *iv = s->vulns;
	struct vuln_key *keys;
	size_t nk = 0;

	*out = NULL;
	*n = 0;
	if (!iv || !iv->checked)
		return false;
	keys = vakt_xcalloc(iv->n ? iv->n : 1, sizeof(*keys));
	for (size_t i = 0; i < iv->n; i++) {
		const char *purl = s->pkgs.v[iv->v[i].pkg].purl;

		if (purl)
			keys[nk++] = (struct vuln_key){iv->v[i].id, purl, &iv->v[i]};
	}
	if (nk > 1)
		qsort(keys, nk, sizeof(*keys), key_cmp);
	*out = vakt_xcalloc(findings->n ? findings->n : 1, sizeof(**out));
	for (size_t i = 0; i < findings->n; i++) {
		const struct vakt_finding *f = &findings->v[i];
		const struct vakt_finding_ext *x = vakt_findings_ext_of(findings, f);
		const char *purl = x ? vakt_finding_ext_detail(x, "purl") : NULL;

		if (!x || !x->id || !purl || !f->rule || strcmp(f->rule->id, iv->rule->id) != 0)
			continue;
		if (f->suppressed && !with_suppressed)
			continue;
		vuln_fill(&(*out)[(*n)++], f, x, vuln_find(keys, nk, x->id, purl));
	}
	free(keys);
	return true;
}
