/* SPDX-License-Identifier: MIT */
/*
 * Data residency: the classifier of host names and region names in text,
 * the allowed-regions policy, and RS001 and RS002 for the domains (see
 * residency.h for how a domain calls them), over the region and country
 * tables of residency-regions.c.
 *
 * The classifier only reports what a name proves: a host whose labels hold
 * a known region under a provider's own domain, or a word that is exactly a
 * known region or zone name. Everything else (bucket URLs, global
 * endpoints, registries without a region in their name) is unknown and
 * never reported, so a finding is always a fact about the text.
 */
#include "core/scan.h"
#include "imageref.h"
#include "residency-priv.h"

/* Longest user text quoted in a message. */
#define RESIDENCY_MSG_MAX 200
/* Allowed-region entries quoted in a message before ", ...". */
#define RESIDENCY_MAX_LISTED 4
/* Most labels of a host name (253 bytes hold at most 127). */
#define RESIDENCY_MAX_LABELS 127

/* ---- host names --------------------------------------------------------- */

struct label {
	const char *s;
	size_t n;
};

/* Whether host h[0..n) ends with ".suffix" (suffix given without its dot). */
static bool host_under(const char *h, size_t n, const char *suffix)
{
	size_t sn = strlen(suffix);

	return n > sn + 1 && h[n - sn - 1] == '.' && !residency_name_cmp(h + n - sn, sn, suffix);
}

static bool label_is(const struct label *l, const char *name)
{
	return !residency_name_cmp(l->s, l->n, name);
}

/*
 * A region in one label: the whole label, or, for AWS, a tail after '-'
 * ("s3-us-west-2", "s3-website-us-east-1"), for Google Cloud a head before
 * '-' ("us-central1-aiplatform"), for Azure a head before "-NN"
 * ("eastus-01").
 */
static const struct vakt_region *label_region(const char *provider, const struct label *l)
{
	const struct vakt_region *r = residency_region_lookup(provider, l->s, l->n, false);

	for (size_t i = 1; !r && i + 1 < l->n; i++) {
		if (l->s[i] != '-')
			continue;
		if (!strcmp(provider, "aws")) {
			r = residency_region_lookup(provider, l->s + i + 1, l->n - i - 1, false);
		} else if (!strcmp(provider, "gcp")) {
			r = residency_region_lookup(provider, l->s, i, false);
		} else {
			size_t d = i + 1;

			while (d < l->n && l->s[d] >= '0' && l->s[d] <= '9')
				d++;
			if (d == l->n)
				r = residency_region_lookup(provider, l->s, i, false);
		}
	}
	return r;
}

struct host_rule {
	const char *suffix; /* the provider's domain */
	const char *provider;
	const char *service; /* NULL: found from the labels, or unknown */
	bool registry;
};

/* The provider domains whose host names carry a region in some label. */
static const struct host_rule host_rules[] = {
    {"amazonaws.com", "aws", NULL, false},
    {"amazonaws.com.cn", "aws", NULL, false},
    {"api.aws", "aws", NULL, false},
    {"on.aws", "aws", NULL, false},
    {"googleapis.com", "gcp", NULL, false},
    {"run.app", "gcp", "Cloud Run", false},
    {"cloudfunctions.net", "gcp", "Cloud Functions", false},
    {"azurecr.io", "azure", "Azure Container Registry", true},
    {"azurecr.cn", "azure", "Azure Container Registry", true},
    {"azmk8s.io", "azure", "AKS", false},
    {"azurecontainer.io", "azure", "Azure Container Instances", false},
    {"azurecontainerapps.io", "azure", "Azure Container Apps", false},
    {"azurewebsites.net", "azure", "Azure App Service", false},
    {"azure.com", "azure", NULL, false},
    {"azure.net", "azure", NULL, false},
    {"azure.cn", "azure", NULL, false},
    {"windows.net", "azure", NULL, false},
    {"chinacloudapi.cn", "azure", NULL, false},
    {"cloudapp.net", "azure", NULL, false},
    {"microsoft.com", "azure", NULL, false},
};

/* The AWS service a host belongs to, from its labels. */
static void aws_service(const struct label *l, size_t n, struct vakt_residency_hit *out)
{
	for (size_t i = 0; i < n; i++) {
		if (i + 1 < n && label_is(&l[i], "dkr") &&
		    (label_is(&l[i + 1], "ecr") || label_is(&l[i + 1], "ecr-fips"))) {
			out->service = "Amazon ECR";
			out->registry = true;
			return;
		}
		if (label_is(&l[i], "s3") ||
		    (l[i].n > 3 && !residency_name_cmp(l[i].s, 3, "s3-"))) {
			out->service = "Amazon S3";
			return;
		}
	}
}

/* Container Registry: gcr.io and us.gcr.io are the US multi-region. */
static bool host_gcr(const char *h, size_t n, struct vakt_residency_hit *out)
{
	static const struct {
		const char *host, *region;
	} gcr[] = {
	    {"gcr.io", "us"},
	    {"us.gcr.io", "us"},
	    {"eu.gcr.io", "eu"},
	    {"asia.gcr.io", "asia"},
	};

	for (size_t i = 0; i < VAKT_ARRAY_SIZE(gcr); i++) {
		if (residency_name_cmp(h, n, gcr[i].host))
			continue;
		out->region = vakt_region_find("gcp", gcr[i].region);
		out->service = "Container Registry";
		out->registry = true;
		return true;
	}
	return false;
}

/* Artifact Registry: LOCATION-FORMAT.pkg.dev (us-docker, europe-west4-docker, ...). */
static bool host_pkg_dev(const char *h, size_t n, struct vakt_residency_hit *out)
{
	size_t first = n - strlen(".pkg.dev"), dash = first;

	if (memchr(h, '.', first))
		return false;
	while (dash > 0 && h[dash] != '-')
		dash--;
	if (!dash)
		return false;
	out->region = residency_region_lookup("gcp", h, dash, true);
	out->service = "Artifact Registry";
	out->registry = !residency_name_cmp(h + dash + 1, first - dash - 1, "docker");
	return out->region != NULL;
}

bool vakt_residency_host(const char *host, size_t len, struct vakt_residency_hit *out)
{
	struct label labels[RESIDENCY_MAX_LABELS];
	struct vakt_residency_hit h = {.via = VAKT_RESIDENCY_HOST};
	size_t n = len, nl = 0;

	while (n && host[n - 1] == '.')
		n--;
	if (!n || n > VAKT_RESIDENCY_MAX_HOST)
		return false;
	h.len = len;
	if (host_gcr(host, n, &h) ||
	    (host_under(host, n, "pkg.dev") && host_pkg_dev(host, n, &h))) {
		*out = h;
		return true;
	}
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(host_rules); i++) {
		const struct host_rule *hr = &host_rules[i];
		size_t end;

		if (!host_under(host, n, hr->suffix))
			continue;
		end = n - strlen(hr->suffix) - 1;
		for (size_t s = 0; s < end && nl < RESIDENCY_MAX_LABELS;) {
			size_t e = s;

			while (e < end && host[e] != '.')
				e++;
			labels[nl++] = (struct label){host + s, e - s};
			s = e + 1;
		}
		for (size_t k = 0; k < nl && !h.region; k++) {
			h.region = label_region(hr->provider, &labels[k]);
			/* EC2's public names in N. Virginia (ec2-1-2-3-4.compute-1.amazonaws.com).
			 */
			if (!h.region && !strcmp(hr->provider, "aws") &&
			    (label_is(&labels[k], "compute-1") ||
			     label_is(&labels[k], "s3-external-1")))
				h.region = vakt_region_find("aws", "us-east-1");
		}
		if (!h.region)
			return false;
		h.service = hr->service;
		h.registry = hr->registry;
		if (!strcmp(hr->provider, "aws"))
			aws_service(labels, nl, &h);
		*out = h;
		return true;
	}
	return false;
}

/* ---- text --------------------------------------------------------------- */

static bool word_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '.';
}

/* Characters of an image reference after its host. */
static bool ref_char(char c)
{
	return word_char(c) || c == '/' || c == ':' || c == '@' || c == '_';
}

static bool is_letter(char c)
{
	c = residency_lower(c);
	return c >= 'a' && c <= 'z';
}

/* A bare region name, or a zone: AWS REGION + letter, Google Cloud REGION-letter. */
static bool word_region(const char *w, size_t n, struct vakt_residency_hit *out)
{
	const struct vakt_region *r;

	if (n < 4 || n > 32)
		return false;
	r = residency_region_lookup(NULL, w, n, false);
	if (r) {
		out->region = r;
		out->via = VAKT_RESIDENCY_NAME;
		return true;
	}
	if (!is_letter(w[n - 1]))
		return false;
	if (w[n - 2] >= '0' && w[n - 2] <= '9')
		r = residency_region_lookup("aws", w, n - 1, false);
	else if (w[n - 2] == '-')
		r = residency_region_lookup("gcp", w, n - 2, false);
	if (!r)
		return false;
	out->region = r;
	out->via = VAKT_RESIDENCY_ZONE;
	return true;
}

/*
 * The next match in text[*pos..len) (len already bounded): fills *out and
 * moves *pos past it. Linear in the text over all calls.
 */
static bool scan_next(const char *text, size_t len, size_t *pos, struct vakt_residency_hit *out)
{
	size_t i = *pos;

	while (i < len) {
		struct vakt_residency_hit h = {0};
		size_t s, e;
		bool found;

		if (!word_char(text[i])) {
			i++;
			continue;
		}
		s = i;
		while (i < len && word_char(text[i]))
			i++;
		e = i;
		while (s < e && (text[s] == '.' || text[s] == '-'))
			s++;
		while (e > s && (text[e - 1] == '.' || text[e - 1] == '-'))
			e--;
		if (s == e)
			continue;
		if (memchr(text + s, '.', e - s))
			found = vakt_residency_host(text + s, e - s, &h);
		else
			found = word_region(text + s, e - s, &h);
		if (!found)
			continue;
		h.off = s;
		h.len = e - s;
		if (h.registry && e < len && text[e] == '/') {
			size_t r = e;

			while (r < len && ref_char(text[r]))
				r++;
			h.ref_len = r - s;
		}
		*out = h;
		*pos = i;
		return true;
	}
	*pos = len;
	return false;
}

/* A match already taken: its bytes in the text. */
struct taken {
	size_t off, len;
};

/* Whether text[off..off+len) equals (case-insensitively) a match already taken. */
static bool seen_before(const char *text, const struct taken *taken, size_t n, size_t off,
                        size_t len)
{
	for (size_t i = 0; i < n; i++)
		if (taken[i].len == len && !vakt_strncasecmp(text + taken[i].off, text + off, len))
			return true;
	return false;
}

size_t vakt_residency_scan(const char *text, size_t len, struct vakt_residency_hit *hits,
                           size_t max)
{
	struct taken taken[VAKT_RESIDENCY_MAX_HITS];
	size_t n = 0, pos = 0;
	struct vakt_residency_hit h;

	if (!text)
		return 0;
	if (len > VAKT_RESIDENCY_MAX_TEXT)
		len = VAKT_RESIDENCY_MAX_TEXT;
	if (max > VAKT_RESIDENCY_MAX_HITS)
		max = VAKT_RESIDENCY_MAX_HITS;
	while (n < max && scan_next(text, len, &pos, &h)) {
		if (seen_before(text, taken, n, h.off, h.len))
			continue;
		taken[n] = (struct taken){h.off, h.len};
		hits[n++] = h;
	}
	return n;
}

/* ---- policy ------------------------------------------------------------- */

static const char *const providers[] = {"aws", "gcp", "azure"};

/* Split "provider:glob"; *provider is NULL without a prefix, "" for an unknown one. */
static const char *pattern_split(const char *p, const char **provider)
{
	const char *colon = strchr(p, ':');

	*provider = NULL;
	if (!colon)
		return p;
	*provider = "";
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(providers); i++)
		if ((size_t)(colon - p) == strlen(providers[i]) &&
		    !vakt_strncasecmp(p, providers[i], (size_t)(colon - p)))
			*provider = providers[i];
	return colon + 1;
}

static bool pattern_matches(const char *p, const struct vakt_region *r)
{
	const char *provider, *glob;

	if (!vakt_strcasecmp(p, "eea"))
		return vakt_region_in_eea(r);
	if (!vakt_strcasecmp(p, "adequacy"))
		return vakt_residency_country_adequate(r->country);
	if (vakt_istarts_with(p, "country:"))
		return *r->country && !vakt_strcasecmp(p + 8, r->country);
	glob = pattern_split(p, &provider);
	if (provider && strcmp(provider, r->provider))
		return false;
	return vakt_glob_match(glob, strlen(glob), r->name, strlen(r->name), true);
}

bool vakt_residency_allowed(const struct vakt_config *c, const struct vakt_region *r)
{
	if (!c || !c->has_allowed_regions)
		return vakt_region_in_eea(r);
	for (size_t i = 0; i < c->allowed_regions.n; i++)
		if (pattern_matches(c->allowed_regions.v[i], r))
			return true;
	return false;
}

char *vakt_residency_pattern_error(const char *pattern)
{
	const struct vakt_region *regions;
	const char *provider, *glob;
	size_t n;

	if (!vakt_strcasecmp(pattern, "eea") || !vakt_strcasecmp(pattern, "adequacy"))
		return NULL;
	if (vakt_istarts_with(pattern, "country:")) {
		const char *cc = pattern + 8;

		if (!*cc || !vakt_residency_country_name(cc))
			return vakt_xasprintf(
			    "unknown country '%.*s' in '%.*s' (expected an ISO 3166 "
			    "code such as NO, GB or CH)",
			    RESIDENCY_MSG_MAX, cc, RESIDENCY_MSG_MAX, pattern);
		return NULL;
	}
	glob = pattern_split(pattern, &provider);
	if (provider && !*provider)
		return vakt_xasprintf(
		    "unknown provider '%.*s' in '%.*s' (expected aws, gcp or azure)",
		    (int)(glob - pattern - 1), pattern, RESIDENCY_MSG_MAX, pattern);
	if (!*glob)
		return vakt_xasprintf("empty region pattern in '%.*s'", RESIDENCY_MSG_MAX, pattern);
	for (const char *q = glob; *q; q++) {
		unsigned char ch = (unsigned char)*q;

		if (word_char(*q) && *q != '.')
			continue;
		if (*q == '*' || *q == '?')
			continue;
		if (ch > 0x20 && ch < 0x7f)
			return vakt_xasprintf("invalid character '%c' in region pattern '%.*s' "
			                      "(expected letters, digits, '-', '*' and '?')",
			                      *q, RESIDENCY_MSG_MAX, pattern);
		return vakt_xasprintf("invalid byte 0x%02X in region pattern '%.*s' (expected "
		                      "letters, digits, '-', '*' and '?')",
		                      ch, RESIDENCY_MSG_MAX, pattern);
	}
	regions = vakt_regions(&n);
	for (size_t i = 0; i < n; i++)
		if (pattern_matches(pattern, &regions[i]))
			return NULL;
	return vakt_xasprintf("region pattern '%.*s' matches no region vakt knows (see "
	                      "docs/residency.md)",
	                      RESIDENCY_MSG_MAX, pattern);
}

/*
 * Public images published by others: pulling them sends none of your data
 * anywhere, so where their registry is does not matter for residency.
 */
static const char *const public_repos[] = {
    "gcr.io/distroless/",        "gcr.io/kaniko-project/",  "gcr.io/google-containers/",
    "gcr.io/google_containers/", "gcr.io/cloud-builders/",  "gcr.io/google.com/cloudsdktool/",
    "gcr.io/cadvisor/",          "gcr.io/datadoghq/",       "gcr.io/istio-release/",
    "gcr.io/knative-releases/",  "gcr.io/tekton-releases/", "gcr.io/gke-release/",
    "gcr.io/k8s-skaffold/",
};

static bool image_exempt(const struct vakt_config *c, const struct vakt_imageref *ref)
{
	char *full = vakt_xasprintf("%s/%s", ref->registry, ref->repository);
	bool hit = false;

	for (size_t i = 0; i < VAKT_ARRAY_SIZE(public_repos) && !hit; i++)
		hit = vakt_starts_with(full, public_repos[i]);
	free(full);
	return hit || (c && vakt_imageref_matches(ref, &c->exempt_images));
}

bool vakt_residency_image_exempt(const struct vakt_config *c, const char *image)
{
	struct vakt_imageref ref = {0};
	bool hit;

	if (vakt_imageref_parse(image, &ref, NULL) < 0)
		return false;
	hit = image_exempt(c, &ref);
	vakt_imageref_release(&ref);
	return hit;
}

/* ---- messages ----------------------------------------------------------- */

/* "AWS region 'us-east-1' (N. Virginia, United States)" into b. */
static void describe_region(struct vakt_buf *b, const struct vakt_region *r)
{
	const char *country = vakt_residency_country_name(r->country);

	vakt_buf_addf(b, "%s %s '%s' (", vakt_residency_provider_name(r->provider),
	              r->multi ? "multi-region" : "region", r->name);
	if (r->place)
		vakt_buf_addf(b, "%s, ", r->place);
	vakt_buf_addf(b, "%s)", country ? country : r->country);
}

/*
 * Why r is not allowed, into b: ", outside the EEA" after a description, or
 * " is outside the EEA" as a clause of its own (`clause`).
 */
static void describe_outside(struct vakt_buf *b, const struct vakt_config *c,
                             const struct vakt_region *r, bool clause)
{
	if (!c || !c->has_allowed_regions) {
		vakt_buf_adds(b, clause ? " is outside the EEA" : ", outside the EEA");
	} else if (!c->allowed_regions.n) {
		vakt_buf_adds(b, clause ? " is not allowed (residency.allowed-regions is empty)"
		                        : ", not allowed (residency.allowed-regions is empty)");
	} else {
		vakt_buf_adds(b, clause ? " is outside the allowed regions ("
		                        : ", outside the allowed regions (");
		for (size_t i = 0; i < c->allowed_regions.n && i < RESIDENCY_MAX_LISTED; i++)
			vakt_buf_addf(b, "%s%.*s", i ? ", " : "", RESIDENCY_MSG_MAX,
			              c->allowed_regions.v[i]);
		vakt_buf_adds(b, c->allowed_regions.n > RESIDENCY_MAX_LISTED ? ", ...)" : ")");
	}
	if (vakt_residency_country_adequate(r->country))
		vakt_buf_addf(b,
		              "; %s has an EU adequacy decision: allow 'country:%s' in "
		              "residency.allowed-regions if you rely on it",
		              vakt_residency_country_name(r->country), r->country);
}

static char *message_for_hit(const struct vakt_config *c, const char *text,
                             const struct vakt_residency_hit *h)
{
	struct vakt_buf b = VAKT_BUF_INIT;
	int n = h->len > RESIDENCY_MSG_MAX ? RESIDENCY_MSG_MAX : (int)h->len;

	switch (h->via) {
	case VAKT_RESIDENCY_HOST:
		if (h->registry)
			vakt_buf_addf(&b, "registry '%.*s' (%s) is in ", n, text + h->off,
			              h->service ? h->service : "a container registry");
		else if (h->service)
			vakt_buf_addf(&b, "%s endpoint '%.*s' is in ", h->service, n,
			              text + h->off);
		else
			vakt_buf_addf(&b, "endpoint '%.*s' is in ", n, text + h->off);
		describe_region(&b, h->region);
		break;
	case VAKT_RESIDENCY_ZONE:
		vakt_buf_addf(&b, "zone '%.*s' is in ", n, text + h->off);
		describe_region(&b, h->region);
		break;
	case VAKT_RESIDENCY_NAME:
		describe_region(&b, h->region);
		break;
	}
	describe_outside(&b, c, h->region, h->via == VAKT_RESIDENCY_NAME);
	return vakt_buf_detach(&b);
}

/* ---- the rules, for domains --------------------------------------------- */

void vakt_residency_report_release(struct vakt_residency_report *r)
{
	if (!r)
		return;
	free(r->message);
	r->message = NULL;
}

bool vakt_residency_find_image(const struct vakt_config *c, const char *image,
                               struct vakt_residency_report *out)
{
	struct vakt_imageref ref = {0};
	struct vakt_residency_hit h;
	struct vakt_buf b = VAKT_BUF_INIT;
	size_t host_len;
	bool hit = false;

	if (!image || vakt_imageref_parse(image, &ref, NULL) < 0)
		return false;
	/* Docker Hub and unresolved registries name no region. */
	if (!ref.registry_written || vakt_imageref_part_has_var(ref.registry))
		goto out;
	host_len = strcspn(ref.registry, ":");
	if (!vakt_residency_host(ref.registry, host_len, &h) ||
	    vakt_residency_allowed(c, h.region) || image_exempt(c, &ref))
		goto out;
	vakt_buf_addf(&b, "image '%.*s' comes from %s in ", RESIDENCY_MSG_MAX, image,
	              h.service ? h.service : "a registry");
	describe_region(&b, h.region);
	describe_outside(&b, c, h.region, false);
	*out = (struct vakt_residency_report){
	    .rule = &vakt_rules_residency[0],
	    .message = vakt_buf_detach(&b),
	    .off = 0,
	    .len = strcspn(image, "/"),
	};
	hit = true;
out:
	vakt_imageref_release(&ref);
	return hit;
}

size_t vakt_residency_find_text(const struct vakt_config *c, const char *text, size_t len,
                                struct vakt_residency_report *out, size_t max)
{
	struct taken taken[VAKT_RESIDENCY_MAX_HITS];
	struct vakt_residency_hit h;
	size_t k = 0, pos = 0;

	if (!text)
		return 0;
	if (len > VAKT_RESIDENCY_MAX_TEXT)
		len = VAKT_RESIDENCY_MAX_TEXT;
	if (max > VAKT_RESIDENCY_MAX_HITS)
		max = VAKT_RESIDENCY_MAX_HITS;
	/* Allowed matches do not count against max: filter while scanning. */
	while (k < max && scan_next(text, len, &pos, &h)) {
		if (vakt_residency_allowed(c, h.region) ||
		    seen_before(text, taken, k, h.off, h.len))
			continue;
		if (h.ref_len) {
			char *ref = vakt_xstrndup(text + h.off, h.ref_len);
			bool exempt = vakt_residency_image_exempt(c, ref);

			free(ref);
			if (exempt)
				continue;
		}
		taken[k] = (struct taken){h.off, h.len};
		out[k++] = (struct vakt_residency_report){
		    .rule = &vakt_rules_residency[1],
		    .message = message_for_hit(c, text, &h),
		    .off = h.off,
		    .len = h.len,
		};
	}
	return k;
}

struct vakt_span vakt_residency_report_span(const struct vakt_span *at, size_t text_len,
                                            const struct vakt_residency_report *r)
{
	struct vakt_span s = *at;

	/* The value is written as-is on one line: point at the match itself. */
	if (text_len < VAKT_MAX_LINE_BYTES && at->line > 0 && at->column > 0 &&
	    (!at->end_line || at->end_line == at->line) &&
	    at->end_column - at->column + 1 == (int)text_len && r->off + r->len <= text_len) {
		s.column = at->column + (int)r->off;
		s.end_line = at->line;
		s.end_column = s.column + (int)r->len - 1;
	}
	return s;
}

/* Where to report r, a match in v's text; false: nowhere (no position). */
static bool value_span(const struct vakt_value *v, const struct vakt_residency_report *r,
                       struct vakt_span *out)
{
	if (v->span_of) {
		*out = v->span_of(v->span_data, r->off, r->len);
		return true;
	}
	if (!v->at)
		return false;
	*out = v->kind == VAKT_VALUE_TEXT ? vakt_residency_report_span(v->at, v->len, r) : *v->at;
	return true;
}

void vakt_residency_judge(struct vakt_check_ctx *ctx, const struct vakt_value *v)
{
	const struct vakt_config *c = ctx->opts ? ctx->opts->config : NULL;
	const struct vakt_rule *saved = ctx->rule;
	struct vakt_residency_report rep[VAKT_RESIDENCY_MAX_HITS];
	size_t n;

	if (!v->text)
		return;
	if (v->kind == VAKT_VALUE_IMAGE)
		n = vakt_residency_find_image(c, v->text, &rep[0]) ? 1 : 0;
	else
		n = vakt_residency_find_text(c, v->text, v->len, rep, VAKT_ARRAY_SIZE(rep));
	for (size_t i = 0; i < n; i++) {
		struct vakt_span s;
		bool placed = value_span(v, &rep[i], &s);

		ctx->rule = rep[i].rule;
		vakt_check_emit_msg(ctx, placed ? &s : NULL, v->object, rep[i].message);
		vakt_residency_report_release(&rep[i]);
	}
	ctx->rule = saved;
}

void vakt_residency_check_image(struct vakt_check_ctx *ctx, const char *image,
                                const struct vakt_span *at, const char *object)
{
	struct vakt_value v = {.kind = VAKT_VALUE_IMAGE, .text = image, .at = at, .object = object};

	v.len = image ? strlen(image) : 0;
	vakt_residency_judge(ctx, &v);
}

void vakt_residency_check_text(struct vakt_check_ctx *ctx, const char *text,
                               const struct vakt_span *at, const char *object)
{
	struct vakt_value v = {.kind = VAKT_VALUE_TEXT, .text = text, .at = at, .object = object};

	v.len = text ? strlen(text) : 0;
	vakt_residency_judge(ctx, &v);
}
