/* SPDX-License-Identifier: MIT */
/*
 * The known vulnerabilities an image's CycloneDX SBOM carries: the IM020
 * findings as the report has them (after the --severity filter and the
 * configuration's ignores), as the plain data the SBOM writer of src/pkg
 * takes. Each finding is joined, by its id and its package's purl, to the
 * matcher's record of it (struct vuln_hit), which the entry is built from;
 * the finding gives only what the report's settling decided: the severity
 * and whether it is suppressed. Cleanup style: none needed.
 */
#include <string.h>

#include "img-vulns.h"

/* An IM020 result of the scan, by the keys its finding carries. */
struct vuln_key {
	const char *id;
	const char *purl;
	const struct vuln_hit *v;
};

static int key_cmp(const void *a, const void *b)
{
	const struct vuln_key *x = a, *y = b;
	int c = strcmp(x->id, y->id);

	return c ? c : strcmp(x->purl, y->purl);
}

/* The matcher's record of the finding with id and purl, or NULL. */
static const struct vuln_hit *vuln_find(const struct vuln_key *keys, size_t n, const char *id,
                                        const char *purl)
{
	struct vuln_key k = {.id = id, .purl = purl};
	const struct vuln_key *hit = n ? bsearch(&k, keys, n, sizeof(*keys), key_cmp) : NULL;

	return hit ? hit->v : NULL;
}

/* Who rated v: rate() in img-vulns.c keeps a vector only when a CVSS vector rated it. */
static enum pkg_sbom_rater rater_of(const struct vuln_hit *v)
{
	if (!v->rating.own)
		return PKG_SBOM_RATED_NONE;
	return v->vector ? PKG_SBOM_RATED_CVSS : PKG_SBOM_RATED_DISTRIBUTION;
}

/* Fill o from the matcher's record v of package purl and its settled finding f. */
static void vuln_fill(struct pkg_sbom_vuln *o, const struct vakt_finding *f,
                      const struct vuln_hit *v, const char *purl)
{
	o->id = v->id;
	o->aliases = (const char *const *)v->aliases;
	o->links = (const char *const *)v->links;
	o->purl = purl;
	o->ecosystem = v->ecosystem;
	o->title = v->title;
	/* An application package is matched by its own name (normalised): no "built from". */
	o->matched_name = v->declared_in ? NULL : v->matched_name;
	o->fixed = v->fixed && *v->fixed ? v->fixed : NULL;
	o->status = v->status;
	o->severity = f->severity;
	o->rated_by = rater_of(v);
	o->vector = v->vector;
	o->score = v->vector ? v->rating.score : NULL;
	o->suppressed = f->suppressed;
	if (v->vex) {
		o->vex_status = vuln_vex_status_name(v->vex->status);
		o->vex_justification = v->vex->justification;
	}
	/* What a VEX "affected" statement says to do, when the finding stands. */
	o->detail = f->suppressed ? f->suppress_reason : v->vex ? v->vex->action : NULL;
}

bool img_sbom_vulns(const struct img_scan *s, const struct vakt_findings *findings,
                    bool with_suppressed, struct pkg_sbom_vuln **out, size_t *n)
{
	const struct vuln_check *iv = s->vulns;
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
		const struct vakt_finding_ext *x;
		const char *purl;
		const struct vuln_hit *v;

		if (!f->rule || strcmp(f->rule->id, iv->rule->id) != 0 ||
		    (f->suppressed && !with_suppressed))
			continue;
		/* img_check_vulns() gives every finding of a package with a purl both keys. */
		x = vakt_findings_ext_of(findings, f);
		purl = x && x->id ? vakt_finding_ext_detail(x, "purl") : NULL;
		v = purl ? vuln_find(keys, nk, x->id, purl) : NULL;
		if (v)
			vuln_fill(&(*out)[(*n)++], f, v, purl);
	}
	free(keys);
	return true;
}
