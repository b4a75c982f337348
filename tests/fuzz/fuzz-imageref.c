/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer harness for the shared image and secret helpers: the input is
 * parsed as an image reference (then formatted, matched against patterns
 * and checked for typo-squatting), judged as an environment-variable name,
 * scanned for secret values to the end (each match redacted), and used as a
 * registry host.
 */
#include <stdint.h>

#include "knowledge/imageref.h"
#include "knowledge/secrets.h"
#include "knowledge/typosquat.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Keeps the reads below from being optimised away. */
static volatile size_t sink;

static void touch_str(const char *s)
{
	if (s)
		sink += strlen(s);
}

static void image(const char *s, const struct vakt_strv *pats)
{
	struct vakt_imageref r;
	struct vakt_typo_hit hit;
	struct vakt_error *err = NULL;
	char *a, *b;

	if (vakt_imageref_parse(s, &r, &err)) {
		if (!err)
			__builtin_trap();
		vakt_error_free(err);
		return;
	}
	touch_str(vakt_imageref_name(&r));
	sink += vakt_imageref_is_library(&r) + vakt_imageref_is_latest_or_untagged(&r) +
	        vakt_imageref_is_digest_pinned(&r);
	a = vakt_imageref_format(&r);
	b = vakt_imageref_familiar(&r);
	touch_str(a);
	touch_str(b);
	free(a);
	free(b);
	sink += vakt_imageref_matches(&r, pats) + vakt_registry_matches(r.registry, pats);
	if (vakt_typosquat_check(&r, &hit) != VAKT_TYPO_NONE) {
		if (!hit.target || !hit.suspect || !hit.suspect_len)
			__builtin_trap();
		sink += hit.suspect_len + strlen(hit.target);
	}
	vakt_imageref_release(&r);
}

/* s[0..len) need not be NUL-terminated: the value scan takes a length. */
static void secrets(const char *s, size_t len)
{
	size_t pos = 0;

	while (pos < len) {
		const char *kind;
		size_t off, n;
		char *shown;

		if (vakt_secret_value_match(s + pos, len - pos, &kind, &off, &n) != 1)
			break;
		if (off + n > len - pos)
			__builtin_trap();
		shown = vakt_secret_redact(s + pos + off, n);
		touch_str(shown);
		touch_str(kind);
		free(shown);
		pos += off + (n ? n : 1);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const patterns[] = {"*",       "*.example.com",       "docker.io",
	                                       "nginx:*", "gcr.io/distroless/*", "[a-"};
	struct vakt_strv pats = VAKT_STRV_INIT;
	char *s = vakt_xstrndup((const char *)data, size);
	int d;

	for (size_t i = 0; i < VAKT_ARRAY_SIZE(patterns); i++)
		vakt_strv_push(&pats, patterns[i]);
	image(s, &pats);
	sink += vakt_secret_name_suspicious(s);
	secrets((const char *)data, size);
	touch_str(vakt_typosquat_near_official(s, &d));
	touch_str(vakt_typosquat_near_registry(s, &d));
	sink += (size_t)vakt_typo_distance(s, strlen(s), "nginx", 5, 2);
	vakt_strv_release(&pats);
	free(s);
	return 0;
}
