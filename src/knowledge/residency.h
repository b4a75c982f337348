/* SPDX-License-Identifier: MIT */
#ifndef VAKT_KNOW_RESIDENCY_H
#define VAKT_KNOW_RESIDENCY_H

/*
 * Data residency, the concern the Schrems II judgment raised: in which
 * country the registries, buckets and endpoints a project names keep their
 * data. Four layers:
 *
 *   1. a table of cloud regions (AWS, Google Cloud, Azure), each with its
 *      country, and of countries with their EEA membership and EU adequacy
 *      decisions (residency-regions.c; layers 2 to 4 are residency.c);
 *   2. a classifier that finds region-bearing host names
 *      (123.dkr.ecr.us-east-1.amazonaws.com, us-docker.pkg.dev, us.gcr.io,
 *      eastus.api.cognitive.microsoft.com) and bare region or zone names
 *      (us-east-1, us-central1-a, westus2) in text;
 *   3. the policy: `residency.allowed-regions` in .vakt.yaml (EEA only by
 *      default) and `residency.exempt-images`;
 *   4. the rules RS001 (an image from a registry outside the allowed
 *      regions) and RS002 (an endpoint, bucket or region outside them named
 *      in a value), which the engine applies to every domain's values
 *      (below). The rule table is residency-rules.c.
 *
 * What names no region is never reported: s3:// and gs:// URLs,
 * storage.googleapis.com, BUCKET.s3.amazonaws.com, NAME.azurecr.io, Docker
 * Hub, ghcr.io. Everything here is thread-safe (static tables, no state).
 *
 * How the rules reach every domain: a domain's values() hook (core/domain.h)
 * hands each image reference it pulls and each value that may name an
 * endpoint or region (env values, command arguments, annotations, config
 * values) to the engine, which judges them with vakt_residency_judge(). The
 * findings go through the domain's context like its own (its amend hook:
 * Kubernetes' suppression annotations), so no domain calls this family.
 */

#include <stdbool.h>
#include <stddef.h>

#include "core/check.h"
#include "core/config.h"
#include "core/rule.h"

/* Text examined per call; bytes beyond are not looked at. */
#define VAKT_RESIDENCY_MAX_TEXT (1u * 1024 * 1024)
/* Matches reported per text (per call of the find/check functions). */
#define VAKT_RESIDENCY_MAX_HITS 16
/* Longest host name considered (DNS allows 253 bytes). */
#define VAKT_RESIDENCY_MAX_HOST 253

/* The rules (residency-rules.c): [0] is RS001, [1] is RS002. */
extern const struct vakt_rule vakt_rules_residency[];

/* ---- regions and countries ---------------------------------------------- */

struct vakt_region {
	const char *provider; /* "aws", "gcp" or "azure" */
	const char *name;     /* canonical, lower case: "us-east-1", "europe-west4", "westus2" */
	const char *place;    /* "N. Virginia", "Eemshaven", "Washington" */
	/* ISO 3166-1 alpha-2 code; "EU" for the EU multi-regions, "" for several countries. */
	const char *country;
	bool multi; /* a Google Cloud multi-region: us, eu, europe, asia */
};

/*
 * The region called name (ASCII case-insensitive) of provider ("aws", "gcp",
 * "azure"; NULL: any). Zones are not regions: see vakt_residency_scan().
 * Returns a static entry or NULL.
 */
const struct vakt_region *vakt_region_find(const char *provider, const char *name);
/* Every known region, in table order (for docs and tests); *n is set. */
const struct vakt_region *vakt_regions(size_t *n);
/* "AWS", "Google Cloud", "Azure" for a provider key. Static. */
const char *vakt_residency_provider_name(const char *provider);
/* Whether the region lies in the EEA (EU member states, Iceland, Liechtenstein, Norway). */
bool vakt_region_in_eea(const struct vakt_region *r);
/*
 * The English name of a country code ("United States"); "the EU" for "EU";
 * "several countries" for "". NULL for a code vakt does not know. Static.
 */
const char *vakt_residency_country_name(const char *code);
/*
 * Whether the country has a general EU adequacy decision (United Kingdom,
 * Switzerland, Japan, ...). The United States is not counted: its decision
 * (the EU-US Data Privacy Framework) covers certified organisations only.
 */
bool vakt_residency_country_adequate(const char *code);

/* ---- the classifier ----------------------------------------------------- */

enum vakt_residency_via {
	VAKT_RESIDENCY_HOST, /* a host name that carries its region */
	VAKT_RESIDENCY_NAME, /* a bare region name */
	VAKT_RESIDENCY_ZONE, /* a bare zone name: us-east-1a, europe-west1-b */
};

struct vakt_residency_hit {
	size_t off, len; /* the host, region or zone name within the text */
	enum vakt_residency_via via;
	const struct vakt_region *region; /* static */
	/* Static: "Amazon ECR", "Amazon S3", "Artifact Registry", ...; NULL when unknown. */
	const char *service;
	bool registry; /* the host is a container registry */
	/* Registry hosts followed by '/': the length of the image reference from off, else 0. */
	size_t ref_len;
};

/*
 * Classify one host name (no scheme, port or path; a trailing '.' is
 * allowed). Returns true and fills *out (off 0, len the host's length) when
 * the host carries a known region.
 */
bool vakt_residency_host(const char *host, size_t len, struct vakt_residency_hit *out);
/*
 * Find region-bearing host names and bare region or zone names in text
 * (at most VAKT_RESIDENCY_MAX_TEXT bytes of it): words are runs of letters,
 * digits, '-' and '.'; a word with a '.' is a host, one without may be a
 * region or zone name (case-insensitive). Fills at most max hits in text
 * order, one per distinct matched string, and returns how many.
 */
size_t vakt_residency_scan(const char *text, size_t len, struct vakt_residency_hit *hits,
                           size_t max);

/* ---- the policy --------------------------------------------------------- */

/*
 * Whether region r is allowed by c's `residency.allowed-regions` (any
 * entry matches), or lies in the EEA when c sets none (c may be NULL).
 */
bool vakt_residency_allowed(const struct vakt_config *c, const struct vakt_region *r);
/*
 * Check one `allowed-regions` entry: `eea`, `adequacy`, `country:CC`, or a
 * glob (`*`, `?`) over region names, optionally `aws:`, `gcp:` or `azure:`
 * first, that matches at least one known region. Returns NULL when valid,
 * else a message the caller owns. core/config.h declares it too: the
 * configuration check calls it without including this header.
 */
char *vakt_residency_pattern_error(const char *pattern);
/*
 * Whether an image is exempt from RS001: a well-known public image
 * (gcr.io/distroless/...: pulling it sends none of your data) or one
 * matching `residency.exempt-images`.
 */
bool vakt_residency_image_exempt(const struct vakt_config *c, const char *image);

/* ---- the rules, for domains --------------------------------------------- */

struct vakt_residency_report {
	const struct vakt_rule *rule; /* RS001 or RS002, static */
	char *message;                /* owned; release with vakt_residency_report_release() */
	size_t off, len;              /* what matched, within the text (image: the host) */
};

/*
 * RS001 for one image reference as written (variables in the registry
 * part, unknown hosts, exempt images and allowed regions give nothing).
 * Returns true and fills *out, which the caller releases, when it is
 * reportable.
 */
bool vakt_residency_find_image(const struct vakt_config *c, const char *image,
                               struct vakt_residency_report *out);
/*
 * RS002 for the hosts and region names in text[0..len) that lie outside the
 * allowed regions (a registry host followed by an exempt image is
 * skipped). Fills at most max reports (VAKT_RESIDENCY_MAX_HITS is enough),
 * which the caller releases, and returns how many.
 */
size_t vakt_residency_find_text(const struct vakt_config *c, const char *text, size_t len,
                                struct vakt_residency_report *out, size_t max);
void vakt_residency_report_release(struct vakt_residency_report *r);
/*
 * Where to report r, a match of vakt_residency_find_text() in a text of
 * text_len bytes written at `at`: narrowed to the columns of the match when
 * `at` is a single line exactly as wide as the text (the value is written
 * as-is in the source, e.g. a plain YAML scalar), else `at` itself.
 */
struct vakt_span vakt_residency_report_span(const struct vakt_span *at, size_t text_len,
                                            const struct vakt_residency_report *r);

/*
 * The family's judge (residency_domain.judge): RS001 of an image value,
 * RS002 of a text value, each finding emitted through ctx (whose rule is
 * switched for the call and restored) at the value's position, narrowed to
 * the match where the value says how. Reads ctx->opts->config.
 */
void vakt_residency_judge(struct vakt_check_ctx *ctx, const struct vakt_value *v);
/*
 * vakt_residency_judge() of one image (RS001) at `at` (NULL: no position)
 * with the object path object (NULL for none), for tests and callers that
 * hold a single value.
 */
void vakt_residency_check_image(struct vakt_check_ctx *ctx, const char *image,
                                const struct vakt_span *at, const char *object);
/*
 * Apply RS002 to text (NUL-terminated) and emit one finding per report at
 * `at`. When `at` is a single line exactly as wide as text (the value is
 * written as-is in the source, e.g. a plain YAML scalar), each finding is
 * narrowed to the columns of its match.
 */
void vakt_residency_check_text(struct vakt_check_ctx *ctx, const char *text,
                               const struct vakt_span *at, const char *object);

#endif
