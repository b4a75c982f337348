/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer harness for the data-residency classifier: the input is scanned
 * as text (every match checked to lie inside it), classified as one host
 * name, judged as an image reference and as an allowed-regions pattern, and
 * run through the RS001/RS002 report builders under the default and a
 * configured policy.
 */
#include <stdint.h>

#include "knowledge/residency.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Keeps the reads below from being optimised away. */
static volatile size_t sink;

static void scan(const char *s, size_t len)
{
	struct vakt_residency_hit hits[VAKT_RESIDENCY_MAX_HITS];
	size_t n = vakt_residency_scan(s, len, hits, VAKT_ARRAY_SIZE(hits));

	if (n > VAKT_RESIDENCY_MAX_HITS)
		__builtin_trap();
	for (size_t i = 0; i < n; i++) {
		if (!hits[i].len || hits[i].off + hits[i].len > len || !hits[i].region ||
		    hits[i].off + hits[i].ref_len > len)
			__builtin_trap();
		sink += hits[i].len + vakt_region_in_eea(hits[i].region);
	}
}

static void reports(const struct vakt_config *c, const char *s, size_t len)
{
	struct vakt_residency_report rep[VAKT_RESIDENCY_MAX_HITS];
	size_t n = vakt_residency_find_text(c, s, len, rep, VAKT_ARRAY_SIZE(rep));

	for (size_t i = 0; i < n; i++) {
		if (!rep[i].message || rep[i].off + rep[i].len > len)
			__builtin_trap();
		sink += strlen(rep[i].message);
		vakt_residency_report_release(&rep[i]);
	}
	if (vakt_residency_find_image(c, s, &rep[0])) {
		sink += strlen(rep[0].message);
		vakt_residency_report_release(&rep[0]);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = vakt_xstrndup((const char *)data, size);
	size_t len = strlen(s); /* the functions below that take C strings stop at a NUL */
	struct vakt_config *c = vakt_config_new();
	struct vakt_residency_hit h;
	char *why;

	/* The raw bytes (with any NUL) through the length-taking scanner. */
	scan((const char *)data, size);
	if (vakt_residency_host(s, len, &h))
		sink += h.len + (h.service ? strlen(h.service) : 0);
	why = vakt_residency_pattern_error(s);
	if (why) {
		sink += strlen(why);
		free(why);
	} else {
		vakt_strv_push(&c->allowed_regions, s);
	}
	reports(NULL, s, len);
	c->has_allowed_regions = true;
	vakt_strv_push(&c->allowed_regions, "eea");
	vakt_strv_push(&c->exempt_images, "gcr.io/acme/*");
	reports(c, s, len);
	vakt_config_free(c);
	free(s);
	return 0;
}
