/* SPDX-License-Identifier: MIT */
/*
 * The CycloneDX 1.5 "vulnerabilities" of an SBOM: one entry per
 * vulnerability and affected package, as Trivy and Grype write them for a
 * scanned image (docs/vulnerabilities.md, "In the SBOM"). The entries come
 * as plain data (struct pkg_sbom_vuln): what matched them is not this
 * floor's business. Sorted by id and purl, so that the same scan gives the
 * same bytes.
 */
#include <stdint.h>

#include "pkg/pkg-priv.h"
#include "pkg/pkg-sbom-priv.h"

#define OSV_URL "https://osv.dev/vulnerability/"
#define NVD_URL "https://nvd.nist.gov/vuln/detail/"

const char *pkg_sbom_cdx_severity(const struct pkg_sbom_vuln *v)
{
	if (v->rated_by == PKG_SBOM_RATED_NONE)
		return "unknown";
	/* CVSS rates 0.0 "None", which vakt files under info. */
	if (v->rated_by == PKG_SBOM_RATED_CVSS && v->score && !strcmp(v->score, "0.0"))
		return "none";
	return vakt_severity_name(v->severity);
}

const char *pkg_sbom_cdx_method(const char *vector)
{
	if (!vector)
		return "other";
	if (strncmp(vector, "CVSS:", 5) != 0)
		return "CVSSv2";
	if (!strncmp(vector, "CVSS:4.0/", 9))
		return "CVSSv4";
	if (!strncmp(vector, "CVSS:3.1/", 9))
		return "CVSSv31";
	if (!strncmp(vector, "CVSS:3.0/", 9))
		return "CVSSv3";
	return "other";
}

/* CycloneDX's justification for an OpenVEX one; NULL for none or an unknown label. */
static const char *cdx_justification(const char *openvex)
{
	static const struct {
		const char *openvex, *cdx;
	} map[] = {
	    {"component_not_present", "code_not_present"},
	    {"vulnerable_code_not_present", "code_not_present"},
	    {"vulnerable_code_not_in_execute_path", "code_not_reachable"},
	    {"vulnerable_code_cannot_be_controlled_by_adversary", "requires_environment"},
	    {"inline_mitigations_already_exist", "protected_by_mitigating_control"},
	};

	for (size_t i = 0; openvex && i < VAKT_ARRAY_SIZE(map); i++)
		if (!strcmp(openvex, map[i].openvex))
			return map[i].cdx;
	return NULL;
}

static bool vex_is(const struct pkg_sbom_vuln *v, const char *status)
{
	return v->vex_status && !strcmp(v->vex_status, status);
}

const char *pkg_sbom_cdx_analysis(const struct pkg_sbom_vuln *v, const char **justification)
{
	*justification = NULL;
	if (v->suppressed) {
		if (vex_is(v, "fixed"))
			return "resolved";
		if (vex_is(v, "not_affected"))
			*justification = cdx_justification(v->vex_justification);
		/* An ignore entry says the vulnerability does not apply here, without a label. */
		return "not_affected";
	}
	if (vex_is(v, "affected"))
		return "exploitable";
	if (vex_is(v, "under_investigation"))
		return "in_triage";
	return NULL;
}

/*
 * s with every byte outside A-Z a-z 0-9 and the bytes of keep
 * percent-encoded. The caller frees it.
 */
static char *pct_encode(const char *s, const char *keep)
{
	struct vakt_buf b = VAKT_BUF_INIT;

	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || strchr(keep, *p))
			vakt_buf_addc(&b, (char)*p);
		else
			vakt_buf_addf(&b, "%%%02X", *p);
	}
	return vakt_buf_detach(&b);
}

/* What a URL path segment may hold besides letters and digits (RFC 3986 pchar). */
#define URL_SEGMENT ".-_~!$&'()*+,;=:@"

/*
 * A link as an IRI reference, which the schema checks: spaces, controls,
 * the characters RFC 3987 leaves out and a '%' that starts no escape are
 * percent-encoded; the rest is kept. The caller frees it.
 */
static char *iri_safe(const char *s)
{
	struct vakt_buf b = VAKT_BUF_INIT;

	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		bool escape =
		    *p == '%' && vakt_hex_value((char)p[1]) >= 0 && vakt_hex_value((char)p[2]) >= 0;

		if (*p <= 0x20 || *p == 0x7f || strchr("\"<>\\^`{|}", *p) || (*p == '%' && !escape))
			vakt_buf_addf(&b, "%%%02X", *p);
		else
			vakt_buf_addc(&b, (char)*p);
	}
	return vakt_buf_detach(&b);
}

static json_t *cdx_source(const char *name, const char *url)
{
	json_t *o = json_object();

	json_object_set_new(o, "name", pkg_sbom_jstr(name));
	if (url) {
		char *safe = iri_safe(url);

		json_object_set_new(o, "url", pkg_sbom_jstr(safe));
		free(safe);
	}
	return o;
}

/*
 * The source of v: the distribution whose records it comes from ("Debian"
 * of "Debian:12"), with its first link when with_url.
 */
static json_t *cdx_vuln_source(const struct pkg_sbom_vuln *v, bool with_url)
{
	const char *eco = v->ecosystem && *v->ecosystem ? v->ecosystem : "OSV";
	char *name = vakt_xstrndup(eco, strcspn(eco, ":"));
	json_t *o = cdx_source(name, with_url && v->links && v->links[0] ? v->links[0] : NULL);

	free(name);
	return o;
}

/* An alias as a reference: a CVE at NVD, any other id at OSV, which lists them all. */
static json_t *cdx_reference(const char *alias)
{
	json_t *o = json_object();
	bool cve = !strncmp(alias, "CVE-", 4);
	char *enc = pct_encode(alias, URL_SEGMENT);
	char *url = vakt_xasprintf("%s%s", cve ? NVD_URL : OSV_URL, enc);

	json_object_set_new(o, "id", pkg_sbom_jstr(alias));
	json_object_set_new(o, "source", cdx_source(cve ? "NVD" : "OSV", url));
	free(url);
	free(enc);
	return o;
}

/* The one rating: the advisory's CVSS score, the distribution's word, or none. */
static json_t *cdx_ratings(const struct pkg_sbom_vuln *v)
{
	json_t *r = json_object();
	unsigned tenths = 0;
	bool scored = false;

	if (v->rated_by == PKG_SBOM_RATED_CVSS && v->score) {
		/* "9.8": CVSS scores have one decimal; anything else is no score. */
		const char *s = v->score;
		size_t i = 0;

		while (s[i] >= '0' && s[i] <= '9' && i < 2)
			tenths = tenths * 10 + (unsigned)(s[i++] - '0');
		scored = i > 0 && s[i] == '.' && s[i + 1] >= '0' && s[i + 1] <= '9' && !s[i + 2];
		if (scored)
			tenths = tenths * 10 + (unsigned)(s[i + 1] - '0');
	}
	if (v->rated_by == PKG_SBOM_RATED_DISTRIBUTION)
		json_object_set_new(r, "source", cdx_vuln_source(v, false));
	if (scored)
		json_object_set_new(r, "score", json_real(tenths / 10.0));
	json_object_set_new(r, "severity", json_string(pkg_sbom_cdx_severity(v)));
	if (v->rated_by == PKG_SBOM_RATED_CVSS && v->vector) {
		json_object_set_new(r, "method", json_string(pkg_sbom_cdx_method(v->vector)));
		json_object_set_new(r, "vector", pkg_sbom_jstr(v->vector));
	}
	return json_pack("[o]", r);
}

static json_t *cdx_property(const char *name, const char *value)
{
	json_t *o = json_object();

	json_object_set_new(o, "name", json_string(name));
	json_object_set_new(o, "value", pkg_sbom_jstr(value));
	return o;
}

/* What to do about it, as Trivy says it: the package and the version that fixes it. */
static char *cdx_recommendation(const struct pkg_sbom_vuln *v, const struct pkg *p)
{
	if (!v->matched_name || !p->name || !strcmp(v->matched_name, p->name))
		return vakt_xasprintf("Upgrade %s to %s or later.", p->name ? p->name : "",
		                      v->fixed);
	return vakt_xasprintf("Upgrade %s to a version built from %s %s or later.", p->name,
	                      v->matched_name, v->fixed);
}

/* The components an entry points at: a run of the items sorted by purl, borrowed. */
struct affected {
	const struct sbom_item *const *v;
	size_t n;
};

static json_t *cdx_vulnerability(const struct pkg_sbom_vuln *v, const char *ref,
                                 const struct affected *on)
{
	json_t *o = json_object(), *affects = json_array(), *props = json_array();
	const char *state, *justification;
	bool fixed = v->fixed && *v->fixed;

	json_object_set_new(o, "bom-ref", pkg_sbom_jstr(ref));
	json_object_set_new(o, "id", pkg_sbom_jstr(v->id));
	json_object_set_new(o, "source", cdx_vuln_source(v, true));
	if (v->aliases && v->aliases[0]) {
		json_t *refs = json_array();

		for (const char *const *a = v->aliases; *a; a++)
			json_array_append_new(refs, cdx_reference(*a));
		json_object_set_new(o, "references", refs);
	}
	json_object_set_new(o, "ratings", cdx_ratings(v));
	if (v->title && *v->title)
		json_object_set_new(o, "description", pkg_sbom_jstr(v->title));
	if (fixed) {
		char *rec = cdx_recommendation(v, on->v[0]->p);

		json_object_set_new(o, "recommendation", pkg_sbom_jstr(rec));
		free(rec);
	}
	if (v->links && v->links[0]) {
		json_t *adv = json_array();

		for (const char *const *l = v->links; *l; l++) {
			json_t *a = json_object();
			char *safe = iri_safe(*l);

			json_object_set_new(a, "url", pkg_sbom_jstr(safe));
			json_array_append_new(adv, a);
			free(safe);
		}
		json_object_set_new(o, "advisories", adv);
	}
	state = pkg_sbom_cdx_analysis(v, &justification);
	if (state) {
		json_t *a = json_object();

		json_object_set_new(a, "state", json_string(state));
		if (justification)
			json_object_set_new(a, "justification", json_string(justification));
		if (v->detail && *v->detail)
			json_object_set_new(a, "detail", pkg_sbom_jstr(v->detail));
		json_object_set_new(o, "analysis", a);
	}
	for (size_t i = 0; i < on->n; i++) {
		const struct sbom_item *it = on->v[i];
		json_t *a = json_object();

		json_object_set_new(a, "ref", pkg_sbom_jstr(it->ref));
		/* The schema wants a version of at least one character. */
		if (it->p->version && *it->p->version) {
			json_t *ver = json_object();

			json_object_set_new(ver, "version", pkg_sbom_jstr(it->p->version));
			json_object_set_new(ver, "status", json_string("affected"));
			json_object_set_new(a, "versions", json_pack("[o]", ver));
		}
		json_array_append_new(affects, a);
	}
	json_object_set_new(o, "affects", affects);
	if (v->status && *v->status)
		json_array_append_new(props, cdx_property("vakt:status", v->status));
	if (fixed)
		json_array_append_new(props, cdx_property("vakt:fixed-version", v->fixed));
	if (json_array_size(props))
		json_object_set_new(o, "properties", props);
	else
		json_decref(props);
	return o;
}

static int str_cmp(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "");
}

static int vuln_ptr_cmp(const void *a, const void *b)
{
	const struct pkg_sbom_vuln *x = *(const struct pkg_sbom_vuln *const *)a;
	const struct pkg_sbom_vuln *y = *(const struct pkg_sbom_vuln *const *)b;
	int c = str_cmp(x->id, y->id);

	if (!c)
		c = str_cmp(x->purl, y->purl);
	/* The same id and purl twice (a package listed twice): the one reported counts. */
	if (!c)
		c = (int)x->suppressed - (int)y->suppressed;
	return c ? c : (x > y) - (x < y);
}

static int item_ptr_cmp(const void *a, const void *b)
{
	const struct sbom_item *x = *(const struct sbom_item *const *)a;
	const struct sbom_item *y = *(const struct sbom_item *const *)b;
	int c = strcmp(x->purl, y->purl);

	return c ? c : (x > y) - (x < y);
}

/* The items of by_purl[0..n) whose purl is purl (none: on->n is 0). */
static void find_affected(const struct sbom_item *const *by_purl, size_t n, const char *purl,
                          struct affected *on)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(by_purl[mid]->purl, purl) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	on->v = by_purl + lo;
	for (on->n = 0; lo + on->n < n && !strcmp(by_purl[lo + on->n]->purl, purl); on->n++)
		;
}

void pkg_sbom_cdx_vulns_write(FILE *f, const struct sbom *sb, const struct pkg_sbom_vuln *v,
                              size_t n)
{
	const struct pkg_sbom_vuln **order = vakt_xcalloc(n ? n : 1, sizeof(*order));
	const struct sbom_item **by_purl = vakt_xcalloc(sb->n ? sb->n : 1, sizeof(*by_purl));
	bool first = true;
	size_t k = 0;

	for (size_t i = 0; i < n; i++)
		if (v[i].id && *v[i].id && v[i].purl)
			order[k++] = &v[i];
	if (k > 1)
		qsort(order, k, sizeof(*order), vuln_ptr_cmp);
	for (size_t i = 0; i < sb->n; i++)
		by_purl[i] = &sb->v[i];
	if (sb->n > 1)
		qsort(by_purl, sb->n, sizeof(*by_purl), item_ptr_cmp);

	fputs(",\n  \"vulnerabilities\": [", f);
	for (size_t i = 0; i < k; i++) {
		struct affected on;
		char *id, *ref;

		if (i && !strcmp(order[i]->id, order[i - 1]->id) &&
		    !strcmp(order[i]->purl, order[i - 1]->purl))
			continue;
		find_affected(by_purl, sb->n, order[i]->purl, &on);
		if (!on.n)
			continue;
		/*
		 * Unique: one entry per id and purl, component references
		 * unique already, and the id encoded so that it holds no '/'
		 * (where the two part) nor ':' (a component's "pkg:" has one
		 * before its first '/').
		 */
		id = pct_encode(order[i]->id, ".-_~");
		ref = vakt_xasprintf("%s/%s", id, on.v[0]->ref);
		fputs(first ? "\n    " : ",\n    ", f);
		pkg_sbom_jdump(f, cdx_vulnerability(order[i], ref, &on), 4);
		first = false;
		free(id);
		free(ref);
	}
	fputs(first ? "]" : "\n  ]", f);
	free(order);
	free(by_purl);
}
