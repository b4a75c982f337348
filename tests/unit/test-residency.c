/* SPDX-License-Identifier: MIT */
/* Unit tests for src/knowledge/residency*.c: tables, hosts, text, policy, rule messages. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cmocka.h>

#include "core/scan.h"
#include "knowledge/residency.h"

/* ---- tables ------------------------------------------------------------- */

static void test_tables(void **state)
{
	size_t n;
	const struct vakt_region *r = vakt_regions(&n);

	assert_true(n > 150);
	for (size_t i = 0; i < n; i++) {
		/* Names are canonical (lower case) and unique across providers. */
		for (const char *p = r[i].name; *p; p++)
			if (*p >= 'A' && *p <= 'Z')
				fail_msg("region '%s' is not lower case", r[i].name);
		for (size_t k = i + 1; k < n; k++)
			if (!strcmp(r[i].name, r[k].name))
				fail_msg("region '%s' is listed twice", r[i].name);
		if (!vakt_residency_country_name(r[i].country))
			fail_msg("region '%s': unknown country '%s'", r[i].name, r[i].country);
		assert_ptr_equal(vakt_region_find(r[i].provider, r[i].name), &r[i]);
		assert_ptr_equal(vakt_region_find(NULL, r[i].name), &r[i]);
	}
	assert_null(vakt_region_find("aws", "westeurope"));
	assert_null(vakt_region_find(NULL, "mars-north-1"));
	assert_null(vakt_region_find(NULL, NULL));
	assert_non_null(vakt_region_find("azure", "WestEurope"));
	assert_string_equal(vakt_residency_provider_name("aws"), "AWS");
	assert_string_equal(vakt_residency_provider_name("gcp"), "Google Cloud");
	assert_string_equal(vakt_residency_provider_name("azure"), "Azure");
}

static void test_eea(void **state)
{
	static const struct {
		const char *name;
		bool eea;
	} cases[] = {
	    {"eu-west-1", true},
	    {"eu-central-1", true},
	    {"eu-north-1", true},
	    {"eu-south-2", true},
	    {"eusc-de-east-1", true},
	    {"europe-west4", true},
	    {"europe-north1", true},
	    {"europe-west10", true},
	    {"westeurope", true},
	    {"northeurope", true},
	    {"swedencentral", true},
	    {"norwayeast", true},
	    {"eu", true},
	    {"europe", true},
	    {"eu-west-2", false},
	    {"eu-central-2", false},
	    {"europe-west2", false},
	    {"europe-west6", false},
	    {"uksouth", false},
	    {"switzerlandnorth", false},
	    {"us-east-1", false},
	    {"us-central1", false},
	    {"eastus", false},
	    {"us", false},
	    {"asia", false},
	    {"il-central-1", false},
	    {"me-west1", false},
	    {"cn-north-1", false},
	    {"westus2", false},
	    {"ap-southeast-2", false},
	};

	for (size_t i = 0; i < VAKT_ARRAY_SIZE(cases); i++) {
		const struct vakt_region *r = vakt_region_find(NULL, cases[i].name);

		if (!r)
			fail_msg("no region '%s'", cases[i].name);
		if (vakt_region_in_eea(r) != cases[i].eea)
			fail_msg("'%s': in EEA should be %d", cases[i].name, cases[i].eea);
	}
	/* Adequacy: general decisions only, not the United States. */
	assert_true(vakt_residency_country_adequate("GB"));
	assert_true(vakt_residency_country_adequate("ch"));
	assert_true(vakt_residency_country_adequate("JP"));
	assert_false(vakt_residency_country_adequate("US"));
	assert_false(vakt_residency_country_adequate("NO"));
	assert_false(vakt_residency_country_adequate("XX"));
	assert_false(vakt_residency_country_adequate(NULL));
	assert_string_equal(vakt_residency_country_name("US"), "United States");
	assert_string_equal(vakt_residency_country_name("EU"), "the EU");
	assert_null(vakt_residency_country_name("XX"));
}

/* ---- hosts -------------------------------------------------------------- */

struct host_case {
	const char *host;
	const char *region; /* NULL: no region */
	const char *service;
	bool registry;
};

static void test_hosts(void **state)
{
	static const struct host_case cases[] = {
	    /* AWS */
	    {"123456789012.dkr.ecr.us-east-1.amazonaws.com", "us-east-1", "Amazon ECR", true},
	    {"123456789012.dkr.ecr-fips.us-gov-west-1.amazonaws.com", "us-gov-west-1", "Amazon ECR",
	     true},
	    {"123456789012.dkr.ecr.eu-north-1.amazonaws.com", "eu-north-1", "Amazon ECR", true},
	    {"api.ecr.us-east-1.amazonaws.com", "us-east-1", NULL, false},
	    {"s3.us-west-2.amazonaws.com", "us-west-2", "Amazon S3", false},
	    {"bucket.s3-us-west-2.amazonaws.com", "us-west-2", "Amazon S3", false},
	    {"bucket.s3.dualstack.eu-west-1.amazonaws.com", "eu-west-1", "Amazon S3", false},
	    {"site.s3-website-us-east-1.amazonaws.com", "us-east-1", "Amazon S3", false},
	    {"site.s3-website.eu-central-1.amazonaws.com", "eu-central-1", "Amazon S3", false},
	    {"bucket.s3-external-1.amazonaws.com", "us-east-1", "Amazon S3", false},
	    {"sqs.ap-southeast-2.amazonaws.com", "ap-southeast-2", NULL, false},
	    {"db.abc.us-east-2.rds.amazonaws.com", "us-east-2", NULL, false},
	    {"ec2-54-1-2-3.compute-1.amazonaws.com", "us-east-1", NULL, false},
	    {"ec2-54-1-2-3.eu-west-3.compute.amazonaws.com", "eu-west-3", NULL, false},
	    {"abc.lambda-url.us-east-1.on.aws", "us-east-1", NULL, false},
	    {"s3.dualstack.us-west-1.api.aws", "us-west-1", "Amazon S3", false},
	    {"s3.cn-north-1.amazonaws.com.cn", "cn-north-1", "Amazon S3", false},
	    {"S3.US-WEST-2.AMAZONAWS.COM", "us-west-2", "Amazon S3", false},
	    {"s3.us-west-2.amazonaws.com.", "us-west-2", "Amazon S3", false},
	    /* Google Cloud */
	    {"gcr.io", "us", "Container Registry", true},
	    {"us.gcr.io", "us", "Container Registry", true},
	    {"eu.gcr.io", "eu", "Container Registry", true},
	    {"asia.gcr.io", "asia", "Container Registry", true},
	    {"EU.GCR.IO", "eu", "Container Registry", true},
	    {"us-docker.pkg.dev", "us", "Artifact Registry", true},
	    {"europe-docker.pkg.dev", "europe", "Artifact Registry", true},
	    {"europe-west4-docker.pkg.dev", "europe-west4", "Artifact Registry", true},
	    {"us-central1-npm.pkg.dev", "us-central1", "Artifact Registry", false},
	    {"us-central1-aiplatform.googleapis.com", "us-central1", NULL, false},
	    {"storage.us-central1.rep.googleapis.com", "us-central1", NULL, false},
	    {"hello-123456.europe-west1.run.app", "europe-west1", "Cloud Run", false},
	    {"us-central1-myproj.cloudfunctions.net", "us-central1", "Cloud Functions", false},
	    /* Azure */
	    {"myreg.westeurope.data.azurecr.io", "westeurope", "Azure Container Registry", true},
	    {"myreg.eastus.data.azurecr.io", "eastus", "Azure Container Registry", true},
	    {"eastus.api.cognitive.microsoft.com", "eastus", NULL, false},
	    {"app-abc.eastus-01.azurewebsites.net", "eastus", "Azure App Service", false},
	    {"aks-abc.hcp.westus2.azmk8s.io", "westus2", "AKS", false},
	    {"app.calmsea-1.uksouth.azurecontainerapps.io", "uksouth", "Azure Container Apps",
	     false},
	    {"vm1.norwayeast.cloudapp.azure.com", "norwayeast", NULL, false},
	    /* No region in the name. */
	    {"myreg.azurecr.io", NULL, NULL, false},
	    {"storage.googleapis.com", NULL, NULL, false},
	    {"bucket.s3.amazonaws.com", NULL, NULL, false},
	    {"s3.amazonaws.com", NULL, NULL, false},
	    {"amazonaws.com", NULL, NULL, false},
	    {".amazonaws.com", NULL, NULL, false},
	    {"k8s.gcr.io", NULL, NULL, false},
	    {"mirror.gcr.io", NULL, NULL, false},
	    {"public.ecr.aws", NULL, NULL, false},
	    {"registry.example.com", NULL, NULL, false},
	    {"us-east-1.example.com", NULL, NULL, false},
	    {"westeurope.example.net", NULL, NULL, false},
	    {"ghcr.io", NULL, NULL, false},
	    {"docker.io", NULL, NULL, false},
	    {"account.blob.core.windows.net", NULL, NULL, false},
	    {"a.us-docker.pkg.dev", NULL, NULL, false},
	    {"pkg.dev", NULL, NULL, false},
	    {"docker.pkg.dev", NULL, NULL, false},
	    {"mars-docker.pkg.dev", NULL, NULL, false},
	    {"us-foo.googleapis.com", NULL, NULL, false},
	    {"", NULL, NULL, false},
	    {".", NULL, NULL, false},
	};

	for (size_t i = 0; i < VAKT_ARRAY_SIZE(cases); i++) {
		const struct host_case *c = &cases[i];
		struct vakt_residency_hit h;
		bool found = vakt_residency_host(c->host, strlen(c->host), &h);

		if (found != (c->region != NULL))
			fail_msg("'%s': found %d, expected %s", c->host, found,
			         c->region ? c->region : "nothing");
		if (!found)
			continue;
		if (strcmp(h.region->name, c->region))
			fail_msg("'%s': region '%s', expected '%s'", c->host, h.region->name,
			         c->region);
		if (c->service ? !h.service || strcmp(h.service, c->service) : h.service != NULL)
			fail_msg("'%s': service '%s', expected '%s'", c->host,
			         h.service ? h.service : "(null)",
			         c->service ? c->service : "(null)");
		if (h.registry != c->registry)
			fail_msg("'%s': registry %d", c->host, h.registry);
		assert_int_equal(h.off, 0);
		assert_int_equal(h.len, strlen(c->host));
		assert_int_equal(h.via, VAKT_RESIDENCY_HOST);
	}
}

/* VAKT_RESIDENCY_MAX_HOST: a longer run of labels is not a host name. */
static void test_host_limit(void **state)
{
	const char *tail = ".s3.us-west-2.amazonaws.com";
	struct vakt_buf b = VAKT_BUF_INIT;
	struct vakt_residency_hit h;

	while (b.len + strlen(tail) < VAKT_RESIDENCY_MAX_HOST)
		vakt_buf_adds(&b, "a");
	vakt_buf_adds(&b, tail);
	assert_int_equal(b.len, VAKT_RESIDENCY_MAX_HOST);
	assert_true(vakt_residency_host(b.data, b.len, &h));
	assert_int_equal(vakt_residency_scan(b.data, b.len, &h, 1), 1);
	vakt_buf_reset(&b);
	while (b.len + strlen(tail) < VAKT_RESIDENCY_MAX_HOST + 1)
		vakt_buf_adds(&b, "a");
	vakt_buf_adds(&b, tail);
	assert_false(vakt_residency_host(b.data, b.len, &h));
	assert_int_equal(vakt_residency_scan(b.data, b.len, &h, 1), 0);
	/* Many one-byte labels (more than fit a host) neither crash nor match. */
	vakt_buf_reset(&b);
	for (int i = 0; i < 200; i++)
		vakt_buf_adds(&b, "a.");
	vakt_buf_adds(&b, "amazonaws.com");
	assert_false(vakt_residency_host(b.data, b.len, &h));
	vakt_buf_release(&b);
}

/* ---- text --------------------------------------------------------------- */

struct text_case {
	const char *text;
	const char *want; /* matched strings, '|'-separated, each with its kind: "H:x|N:y|Z:z" */
};

static void format_hits(struct vakt_buf *b, const char *text, const struct vakt_residency_hit *hits,
                        size_t n)
{
	static const char kinds[] = {'H', 'N', 'Z'};

	for (size_t i = 0; i < n; i++)
		vakt_buf_addf(b, "%s%c:%.*s", i ? "|" : "", kinds[hits[i].via], (int)hits[i].len,
		              text + hits[i].off);
}

static void test_scan(void **state)
{
	static const struct text_case cases[] = {
	    {"AWS_REGION=us-east-1", "N:us-east-1"},
	    {"--region eu-west-2 --zone us-central1-a", "N:eu-west-2|Z:us-central1-a"},
	    {"us-east-1a", "Z:us-east-1a"},
	    {"europe-west1-b", "Z:europe-west1-b"},
	    {"https://backups.s3.us-west-2.amazonaws.com/snap.tar",
	     "H:backups.s3.us-west-2.amazonaws.com"},
	    {"s3://bucket/key gs://x/y storage.googleapis.com", ""},
	    {"the region is us-east-1.", "N:us-east-1"},
	    {"location: EastUS", "N:EastUS"},
	    {"\"westus2\",'northeurope'", "N:westus2|N:northeurope"},
	    {"my-us-east-1-bucket us_east_1 xus-east-1", ""},
	    {"us-east-1 us-east-1 US-EAST-1", "N:us-east-1"},
	    {"us eu europe asia", ""},
	    {"1.2.3.4 v1.2-us-east-1 us-east-1z9", ""},
	    {"docker pull us.gcr.io/acme/app:1 && echo", "H:us.gcr.io"},
	    {"-us-east-1- ..us-east-2..", "N:us-east-1|N:us-east-2"},
	    {"", ""},
	};

	for (size_t i = 0; i < VAKT_ARRAY_SIZE(cases); i++) {
		struct vakt_residency_hit hits[VAKT_RESIDENCY_MAX_HITS];
		struct vakt_buf b = VAKT_BUF_INIT;
		size_t n = vakt_residency_scan(cases[i].text, strlen(cases[i].text), hits,
		                               VAKT_ARRAY_SIZE(hits));

		format_hits(&b, cases[i].text, hits, n);
		if (strcmp(vakt_buf_str(&b), cases[i].want))
			fail_msg("'%s': got '%s', expected '%s'", cases[i].text, vakt_buf_str(&b),
			         cases[i].want);
		vakt_buf_release(&b);
	}
	assert_int_equal(vakt_residency_scan(NULL, 5, NULL, 1), 0);
}

static void test_scan_ref(void **state)
{
	const char *t = "FROM=us.gcr.io/acme/app:1.0@sha256:ab x eu.gcr.io us-docker.pkg.dev/p/r/i";
	struct vakt_residency_hit h[4];
	size_t n = vakt_residency_scan(t, strlen(t), h, 4);

	assert_int_equal(n, 3);
	assert_int_equal(h[0].ref_len, strlen("us.gcr.io/acme/app:1.0@sha256:ab"));
	assert_int_equal(h[1].ref_len, 0);
	assert_true(h[1].registry);
	assert_int_equal(h[2].ref_len, strlen("us-docker.pkg.dev/p/r/i"));
}

/* VAKT_RESIDENCY_MAX_HITS and max: at most that many matches per text. */
static void test_scan_hits_limit(void **state)
{
	struct vakt_residency_hit hits[VAKT_RESIDENCY_MAX_HITS + 4];
	struct vakt_buf b = VAKT_BUF_INIT;
	size_t n;
	const struct vakt_region *r = vakt_regions(&n);

	for (size_t i = 0; i < n; i++)
		if (!r[i].multi)
			vakt_buf_addf(&b, "%s ", r[i].name);
	n = vakt_residency_scan(b.data, b.len, hits, VAKT_ARRAY_SIZE(hits));
	assert_int_equal(n, VAKT_RESIDENCY_MAX_HITS);
	assert_int_equal(vakt_residency_scan(b.data, b.len, hits, 3), 3);
	assert_int_equal(vakt_residency_scan(b.data, b.len, hits, 0), 0);
	vakt_buf_release(&b);
}

/* VAKT_RESIDENCY_MAX_TEXT: bytes beyond are not examined. */
static void test_scan_text_limit(void **state)
{
	size_t len = VAKT_RESIDENCY_MAX_TEXT + 64;
	char *t = vakt_xmalloc(len + 1);
	struct vakt_residency_hit h;

	memset(t, ' ', len);
	t[len] = '\0';
	memcpy(t + VAKT_RESIDENCY_MAX_TEXT - 10, "us-east-1", 9);
	assert_int_equal(vakt_residency_scan(t, len, &h, 1), 1);
	assert_int_equal(h.off, VAKT_RESIDENCY_MAX_TEXT - 10);
	memset(t, ' ', len);
	memcpy(t + VAKT_RESIDENCY_MAX_TEXT + 1, "us-east-1", 9);
	assert_int_equal(vakt_residency_scan(t, len, &h, 1), 0);
	/* A word cut by the limit is judged by what is inside. */
	memset(t, ' ', len);
	memcpy(t + VAKT_RESIDENCY_MAX_TEXT - 4, "us-east-1", 9);
	assert_int_equal(vakt_residency_scan(t, len, &h, 1), 0);
	free(t);
}

/* ---- policy ------------------------------------------------------------- */

static struct vakt_config *config_with(const char *const *patterns, size_t n)
{
	struct vakt_config *c = vakt_config_new();

	c->has_allowed_regions = true;
	for (size_t i = 0; i < n; i++)
		vakt_strv_push(&c->allowed_regions, patterns[i]);
	return c;
}

static bool allowed(const struct vakt_config *c, const char *region)
{
	const struct vakt_region *r = vakt_region_find(NULL, region);

	assert_non_null(r);
	return vakt_residency_allowed(c, r);
}

static void test_policy(void **state)
{
	struct vakt_config *c = vakt_config_new();

	/* Default: the EEA only, with or without a config. */
	assert_true(allowed(NULL, "eu-north-1"));
	assert_false(allowed(NULL, "eu-west-2"));
	assert_true(allowed(c, "westeurope"));
	assert_false(allowed(c, "eastus"));
	vakt_config_free(c);

	{
		static const char *const p[] = {"eea", "adequacy"};

		c = config_with(p, VAKT_ARRAY_SIZE(p));
		assert_true(allowed(c, "eu-west-1"));
		assert_true(allowed(c, "eu-west-2"));
		assert_true(allowed(c, "switzerlandnorth"));
		assert_true(allowed(c, "ap-northeast-1"));
		assert_false(allowed(c, "us-east-1"));
		assert_false(allowed(c, "asia"));
		vakt_config_free(c);
	}
	{
		static const char *const p[] = {"country:US", "country:gb"};

		c = config_with(p, VAKT_ARRAY_SIZE(p));
		assert_true(allowed(c, "eastus"));
		assert_true(allowed(c, "us"));
		assert_true(allowed(c, "uksouth"));
		assert_false(allowed(c, "eu-west-1"));
		assert_false(allowed(c, "asia"));
		vakt_config_free(c);
	}
	{
		static const char *const p[] = {"aws:us-*", "EU-*"};

		c = config_with(p, VAKT_ARRAY_SIZE(p));
		assert_true(allowed(c, "us-east-1"));
		assert_true(allowed(c, "us-gov-west-1"));
		assert_false(allowed(c, "us-central1"));
		/* eu-* is AWS's naming: it includes London and Zurich, not Google's europe-*. */
		assert_true(allowed(c, "eu-west-2"));
		assert_true(allowed(c, "eu-central-2"));
		assert_false(allowed(c, "europe-west4"));
		assert_false(allowed(c, "eu"));
		vakt_config_free(c);
	}
	{
		static const char *const p[] = {"europe-west?", "gcp:eu", "azure:*europe"};

		c = config_with(p, VAKT_ARRAY_SIZE(p));
		assert_true(allowed(c, "europe-west4"));
		assert_false(allowed(c, "europe-west10"));
		assert_true(allowed(c, "eu"));
		assert_true(allowed(c, "westeurope"));
		assert_false(allowed(c, "swedencentral"));
		vakt_config_free(c);
	}
	{
		static const char *const p[] = {"*"};

		c = config_with(p, VAKT_ARRAY_SIZE(p));
		assert_true(allowed(c, "cn-north-1"));
		vakt_config_free(c);
	}
	/* An empty list allows nothing. */
	c = config_with(NULL, 0);
	assert_false(allowed(c, "eu-north-1"));
	vakt_config_free(c);
}

static void test_pattern_errors(void **state)
{
	static const struct {
		const char *pattern;
		const char *error; /* NULL: valid */
	} cases[] = {
	    {"eea", NULL},
	    {"EEA", NULL},
	    {"adequacy", NULL},
	    {"country:NO", NULL},
	    {"country:gb", NULL},
	    {"eu-*", NULL},
	    {"aws:eu-*", NULL},
	    {"GCP:europe-west?", NULL},
	    {"azure:westeurope", NULL},
	    {"*", NULL},
	    {"country:XX", "unknown country 'XX' in 'country:XX' (expected an ISO 3166 code such "
	                   "as NO, GB or CH)"},
	    {"country:", "unknown country '' in 'country:' (expected an ISO 3166 code such as NO, "
	                 "GB or CH)"},
	    {"amazon:eu-*", "unknown provider 'amazon' in 'amazon:eu-*' (expected aws, gcp or "
	                    "azure)"},
	    {":eu-*", "unknown provider '' in ':eu-*' (expected aws, gcp or azure)"},
	    {"aws:", "empty region pattern in 'aws:'"},
	    {"eu_west", "invalid character '_' in region pattern 'eu_west' (expected letters, "
	                "digits, '-', '*' and '?')"},
	    {"eu.west", "invalid character '.' in region pattern 'eu.west' (expected letters, "
	                "digits, '-', '*' and '?')"},
	    {"aws:eu:west", "invalid character ':' in region pattern 'aws:eu:west' (expected "
	                    "letters, digits, '-', '*' and '?')"},
	    {"eu west", "invalid byte 0x20 in region pattern 'eu west' (expected letters, digits, "
	                "'-', '*' and '?')"},
	    {"westeurop", "region pattern 'westeurop' matches no region vakt knows (see "
	                  "docs/residency.md)"},
	    {"aws:westeurope", "region pattern 'aws:westeurope' matches no region vakt knows (see "
	                       "docs/residency.md)"},
	    {"mars-*", "region pattern 'mars-*' matches no region vakt knows (see "
	               "docs/residency.md)"},
	};

	for (size_t i = 0; i < VAKT_ARRAY_SIZE(cases); i++) {
		char *e = vakt_residency_pattern_error(cases[i].pattern);

		if (!cases[i].error && e)
			fail_msg("'%s': unexpected error '%s'", cases[i].pattern, e);
		if (cases[i].error && (!e || strcmp(e, cases[i].error)))
			fail_msg("'%s': got '%s', expected '%s'", cases[i].pattern,
			         e ? e : "(valid)", cases[i].error);
		free(e);
	}
}

static void test_exempt(void **state)
{
	struct vakt_config *c = vakt_config_new();

	assert_true(vakt_residency_image_exempt(NULL, "gcr.io/distroless/static-debian12:nonroot"));
	assert_true(vakt_residency_image_exempt(c, "gcr.io/kaniko-project/executor:v1.23.0"));
	assert_false(vakt_residency_image_exempt(c, "gcr.io/acme/app:1"));
	assert_false(vakt_residency_image_exempt(c, "us.gcr.io/distroless/static"));
	assert_false(vakt_residency_image_exempt(c, "gcr.io/distrolessx/static"));
	assert_false(vakt_residency_image_exempt(c, ""));
	vakt_strv_push(&c->exempt_images, "gcr.io/acme/*");
	assert_true(vakt_residency_image_exempt(c, "gcr.io/acme/app:1"));
	vakt_config_free(c);
}

/* ---- rules -------------------------------------------------------------- */

static void test_rules(void **state)
{
	assert_int_equal(vakt_rules_count(vakt_rules_residency), 2);
	assert_string_equal(vakt_rules_residency[0].id, "RS001");
	assert_string_equal(vakt_rules_residency[1].id, "RS002");
	for (size_t i = 0; i < vakt_rules_count(vakt_rules_residency); i++) {
		const struct vakt_rule *r = &vakt_rules_residency[i];

		assert_string_equal(r->domain, "residency");
		assert_int_equal(r->severity, VAKT_SEV_LOW);
		assert_non_null(r->rationale);
		assert_non_null(r->remediation);
		assert_non_null(r->references[0]);
		assert_null(r->check);
		assert_ptr_equal(vakt_registry_find(r->id), r);
		assert_ptr_equal(vakt_registry_find(r->slug), r);
	}
}

struct image_case {
	const char *image;
	const char *message; /* NULL: not reported */
};

static void test_find_image(void **state)
{
	static const struct image_case cases[] = {
	    {"123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1.0",
	     "image '123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1.0' comes from Amazon ECR "
	     "in AWS region 'us-east-1' (N. Virginia, United States), outside the EEA"},
	    {"us.gcr.io/acme/api:1.4",
	     "image 'us.gcr.io/acme/api:1.4' comes from Container Registry in Google Cloud "
	     "multi-region 'us' (United States), outside the EEA"},
	    {"gcr.io/acme/api",
	     "image 'gcr.io/acme/api' comes from Container Registry in Google Cloud multi-region "
	     "'us' (United States), outside the EEA"},
	    {"asia.gcr.io/acme/api",
	     "image 'asia.gcr.io/acme/api' comes from Container Registry in Google Cloud "
	     "multi-region 'asia' (Asia, several countries), outside the EEA"},
	    {"europe-west2-docker.pkg.dev/p/r/app:2",
	     "image 'europe-west2-docker.pkg.dev/p/r/app:2' comes from Artifact Registry in Google "
	     "Cloud region 'europe-west2' (London, United Kingdom), outside the EEA; United "
	     "Kingdom has an EU adequacy decision: allow 'country:GB' in "
	     "residency.allowed-regions if you rely on it"},
	    {"reg.eastus.data.azurecr.io/app",
	     "image 'reg.eastus.data.azurecr.io/app' comes from Azure Container Registry in Azure "
	     "region 'eastus' (Virginia, United States), outside the EEA"},
	    {"us-docker.pkg.dev:443/p/r/app",
	     "image 'us-docker.pkg.dev:443/p/r/app' comes from Artifact Registry in Google Cloud "
	     "multi-region 'us' (United States), outside the EEA"},
	    /* inside the EEA, unknown, exempt, not a registry, unresolved */
	    {"eu.gcr.io/acme/api", NULL},
	    {"europe-west4-docker.pkg.dev/p/r/app", NULL},
	    {"123456789012.dkr.ecr.eu-north-1.amazonaws.com/app", NULL},
	    {"myreg.azurecr.io/app", NULL},
	    {"nginx:1.25", NULL},
	    {"ghcr.io/o/app", NULL},
	    {"gcr.io/distroless/static-debian12:nonroot", NULL},
	    {"${REGISTRY}/app", NULL},
	    {"us.gcr.io${X}/app", NULL},
	    {"", NULL},
	    {"bad ref", NULL},
	};

	for (size_t i = 0; i < VAKT_ARRAY_SIZE(cases); i++) {
		struct vakt_residency_report r = {0};
		bool found = vakt_residency_find_image(NULL, cases[i].image, &r);

		if (found != (cases[i].message != NULL))
			fail_msg("'%s': found %d (%s)", cases[i].image, found,
			         r.message ? r.message : "");
		if (found && strcmp(r.message, cases[i].message))
			fail_msg("'%s':\n got      %s\n expected %s", cases[i].image, r.message,
			         cases[i].message);
		if (found) {
			assert_ptr_equal(r.rule, &vakt_rules_residency[0]);
			assert_int_equal(r.off, 0);
			assert_int_equal(r.len, strcspn(cases[i].image, "/"));
		}
		vakt_residency_report_release(&r);
	}
	assert_false(vakt_residency_find_image(NULL, NULL, NULL));
	vakt_residency_report_release(NULL);
}

static void test_find_image_config(void **state)
{
	static const char *const p[] = {"eea", "country:CH", "us-east-1", "uksouth", "ukwest"};
	struct vakt_config *c = config_with(p, VAKT_ARRAY_SIZE(p));
	struct vakt_residency_report r = {0};

	assert_false(vakt_residency_find_image(c, "1.dkr.ecr.us-east-1.amazonaws.com/a", &r));
	assert_true(vakt_residency_find_image(c, "1.dkr.ecr.us-west-2.amazonaws.com/a", &r));
	assert_string_equal(r.message, "image '1.dkr.ecr.us-west-2.amazonaws.com/a' comes from "
	                               "Amazon ECR in AWS region 'us-west-2' (Oregon, United "
	                               "States), outside the allowed regions (eea, country:CH, "
	                               "us-east-1, uksouth, ...)");
	vakt_residency_report_release(&r);
	vakt_strv_push(&c->exempt_images, "*.amazonaws.com/a");
	assert_false(vakt_residency_find_image(c, "1.dkr.ecr.us-west-2.amazonaws.com/a", &r));
	vakt_config_free(c);

	c = config_with(NULL, 0);
	assert_true(vakt_residency_find_image(c, "eu.gcr.io/a/b", &r));
	assert_string_equal(r.message, "image 'eu.gcr.io/a/b' comes from Container Registry in "
	                               "Google Cloud multi-region 'eu' (the EU), not allowed "
	                               "(residency.allowed-regions is empty)");
	vakt_residency_report_release(&r);
	vakt_config_free(c);
}

static void test_find_text(void **state)
{
	const char *t = "AWS_REGION=us-east-1 ZONE=us-central1-a "
	                "URL=https://b.s3.us-west-2.amazonaws.com/x LOC=westeurope "
	                "SNAP=backup.eu-west-2.example.com IMG=gcr.io/distroless/static "
	                "OTHER=gcr.io/acme/app EP=https://svc-1.europe-west2.run.app";
	struct vakt_residency_report r[VAKT_RESIDENCY_MAX_HITS];
	size_t n = vakt_residency_find_text(NULL, t, strlen(t), r, VAKT_ARRAY_SIZE(r));
	static const char *const want[] = {
	    "AWS region 'us-east-1' (N. Virginia, United States) is outside the EEA",
	    "zone 'us-central1-a' is in Google Cloud region 'us-central1' (Iowa, United States), "
	    "outside the EEA",
	    "Amazon S3 endpoint 'b.s3.us-west-2.amazonaws.com' is in AWS region 'us-west-2' "
	    "(Oregon, "
	    "United States), outside the EEA",
	    "registry 'gcr.io' (Container Registry) is in Google Cloud multi-region 'us' (United "
	    "States), outside the EEA",
	    "Cloud Run endpoint 'svc-1.europe-west2.run.app' is in Google Cloud region "
	    "'europe-west2' "
	    "(London, United Kingdom), outside the EEA; United Kingdom has an EU adequacy "
	    "decision: allow 'country:GB' in residency.allowed-regions if you rely on it",
	};

	assert_int_equal(n, VAKT_ARRAY_SIZE(want));
	for (size_t i = 0; i < n; i++) {
		if (strcmp(r[i].message, want[i]))
			fail_msg("%zu:\n got      %s\n expected %s", i, r[i].message, want[i]);
		assert_ptr_equal(r[i].rule, &vakt_rules_residency[1]);
		vakt_residency_report_release(&r[i]);
	}
	/* The exempt gcr.io/distroless came first and did not hide the later gcr.io. */
	n = vakt_residency_find_text(NULL, t, strlen(t), r, 2);
	assert_int_equal(n, 2);
	assert_int_equal(r[1].off, strstr(t, "us-central1-a") - t);
	assert_int_equal(r[1].len, strlen("us-central1-a"));
	vakt_residency_report_release(&r[0]);
	vakt_residency_report_release(&r[1]);
	assert_int_equal(vakt_residency_find_text(NULL, NULL, 0, r, 4), 0);
}

/* Allowed matches do not use up the report slots. */
static void test_find_text_allowed_do_not_count(void **state)
{
	struct vakt_residency_report r[VAKT_RESIDENCY_MAX_HITS];
	struct vakt_buf b = VAKT_BUF_INIT;
	size_t n;
	const struct vakt_region *reg = vakt_regions(&n);

	for (size_t i = 0; i < n; i++)
		if (!reg[i].multi && vakt_region_in_eea(&reg[i]))
			vakt_buf_addf(&b, "%s ", reg[i].name);
	vakt_buf_adds(&b, "us-east-1");
	n = vakt_residency_find_text(NULL, b.data, b.len, r, VAKT_ARRAY_SIZE(r));
	assert_int_equal(n, 1);
	vakt_residency_report_release(&r[0]);
	vakt_buf_release(&b);
}

/* ---- emitting ----------------------------------------------------------- */

static void test_check_emit(void **state)
{
	struct vakt_config *c = vakt_config_new();
	struct vakt_scan_opts o;
	struct vakt_findings out = {0};
	struct vakt_check_ctx ctx = {0};
	struct vakt_span at = {3, 10, 3, 10 + 19 - 1}; /* the value, written as-is */
	const struct vakt_rule *orig = &vakt_rules_residency[0];

	vakt_scan_opts_init(&o, c);
	ctx.opts = &o;
	ctx.out = &out;
	ctx.rule = orig;
	vakt_residency_check_text(&ctx, "eastus and westus2!", &at, "Deployment/x/y");
	assert_ptr_equal(ctx.rule, orig);
	assert_int_equal(out.n, 2);
	assert_ptr_equal(out.v[0].rule, &vakt_rules_residency[1]);
	assert_int_equal(out.v[0].loc.line, 3);
	assert_int_equal(out.v[0].loc.column, 10);
	assert_int_equal(out.v[0].loc.end_column, 15);
	assert_string_equal(out.v[0].loc.object, "Deployment/x/y");
	assert_int_equal(out.v[1].loc.column, 21);
	assert_int_equal(out.v[1].loc.end_column, 27);
	assert_int_equal(out.v[1].severity, VAKT_SEV_LOW);

	/* A quoted value is wider than its text: the whole value is the location. */
	at.end_column += 2;
	vakt_residency_check_text(&ctx, "eastus and westus2!", &at, NULL);
	assert_int_equal(out.n, 4);
	assert_int_equal(out.v[2].loc.column, 10);
	assert_int_equal(out.v[2].loc.end_column, 30);
	assert_null(out.v[2].loc.object);
	vakt_residency_check_text(&ctx, "eastus", NULL, NULL);
	assert_int_equal(out.n, 5);
	assert_int_equal(out.v[4].loc.line, 0);
	vakt_residency_check_text(&ctx, NULL, &at, NULL);
	vakt_residency_check_text(&ctx, "europe-west4 westeurope", &at, NULL);
	assert_int_equal(out.n, 5);

	vakt_residency_check_image(&ctx, "us.gcr.io/a/b", &at, "Pod/-/p/container[c]");
	assert_int_equal(out.n, 6);
	assert_ptr_equal(out.v[5].rule, &vakt_rules_residency[0]);
	assert_int_equal(out.v[5].loc.column, 10);
	assert_string_equal(out.v[5].loc.object, "Pod/-/p/container[c]");
	vakt_residency_check_image(&ctx, "eu.gcr.io/a/b", &at, NULL);
	assert_int_equal(out.n, 6);
	vakt_findings_release(&out);
	vakt_config_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_tables),
	    cmocka_unit_test(test_eea),
	    cmocka_unit_test(test_hosts),
	    cmocka_unit_test(test_host_limit),
	    cmocka_unit_test(test_scan),
	    cmocka_unit_test(test_scan_ref),
	    cmocka_unit_test(test_scan_hits_limit),
	    cmocka_unit_test(test_scan_text_limit),
	    cmocka_unit_test(test_policy),
	    cmocka_unit_test(test_pattern_errors),
	    cmocka_unit_test(test_exempt),
	    cmocka_unit_test(test_rules),
	    cmocka_unit_test(test_find_image),
	    cmocka_unit_test(test_find_image_config),
	    cmocka_unit_test(test_find_text),
	    cmocka_unit_test(test_find_text_allowed_do_not_count),
	    cmocka_unit_test(test_check_emit),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
