/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer harness for the CVSS scorers (src/knowledge/cvss*.c). The input,
 * up to its first NUL, is scored as a vector of any version. Checked:
 *   - a failure is -EINVAL or -E2BIG with an error of that code and a
 *     message, and leaves the result zeroed;
 *   - a success has every score in 0..100 (temporal and environmental -1
 *     when their group is not defined, and always -1 in v4.0), the overall
 *     score the one the groups name, and the bands and severity of the scores;
 *   - the metrics in reverse order score the same (readers must accept any
 *     order);
 *   - dropping every metric the vector still parses without (the optional
 *     ones) leaves the base metrics, whose score is the base score.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "core/util.h"
#include "knowledge/cvss.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static volatile size_t sink;

static void check_range(int tenths, bool optional)
{
	if (tenths > 100 || tenths < (optional ? -1 : 0))
		__builtin_trap();
}

static void check_result(const struct know_cvss_score *s)
{
	int want;

	check_range(s->base, false);
	check_range(s->score, false);
	check_range(s->temporal, true);
	check_range(s->environmental, true);
	if ((s->temporal >= 0) != (s->version != KNOW_CVSS_V4_0 && (s->groups & KNOW_CVSS_THREAT)))
		__builtin_trap();
	if ((s->environmental >= 0) !=
	    (s->version != KNOW_CVSS_V4_0 && (s->groups & KNOW_CVSS_ENV)))
		__builtin_trap();
	if (s->version != KNOW_CVSS_V4_0) {
		want = s->environmental >= 0 ? s->environmental
		       : s->temporal >= 0    ? s->temporal
		                             : s->base;
		if (s->score != want)
			__builtin_trap();
	}
	if (!s->groups && s->score != s->base)
		__builtin_trap();
	if (s->band != know_cvss_band(s->version, s->score) ||
	    s->base_band != know_cvss_band(s->version, s->base) ||
	    s->severity != know_cvss_band_severity(s->band))
		__builtin_trap();
	sink += strlen(know_cvss_nomenclature(s)) + strlen(know_cvss_band_name(s->band)) +
	        strlen(know_cvss_version_name(s->version));
}

/* The same metrics in reverse order, after the prefix (the part up to the first '/' for v3/v4). */
static char *reversed(const char *v, enum know_cvss_version ver)
{
	const char *body = ver == KNOW_CVSS_V2_0 ? v : strchr(v, '/') + 1;
	struct vakt_buf b = VAKT_BUF_INIT;
	const char *end = v + strlen(v);

	vakt_buf_add(&b, v, (size_t)(body - v));
	while (end > body) {
		const char *start = end;

		while (start > body && start[-1] != '/')
			start--;
		vakt_buf_add(&b, start, (size_t)(end - start));
		end = start > body ? start - 1 : body;
		if (end > body)
			vakt_buf_addc(&b, '/');
	}
	return vakt_buf_detach(&b);
}

/*
 * The vector without its optional metrics: each metric in turn is left out
 * if the rest still parses. The base score of v must be the score of that.
 */
/* prefix and the metrics of tok[0..n) that keep[] keeps, '/' between. The caller frees. */
static char *join(const char *prefix, size_t plen, char **tok, const bool *keep, size_t n)
{
	struct vakt_buf b = VAKT_BUF_INIT;
	bool first = true;

	vakt_buf_add(&b, prefix, plen);
	for (size_t i = 0; i < n; i++) {
		if (!keep[i])
			continue;
		if (!first)
			vakt_buf_addc(&b, '/');
		vakt_buf_adds(&b, tok[i]);
		first = false;
	}
	return vakt_buf_detach(&b);
}

static void check_base_only(const char *v, const struct know_cvss_score *s)
{
	const char *body = s->version == KNOW_CVSS_V2_0 ? v : strchr(v, '/') + 1;
	char *copy = vakt_xstrdup(body), *tok[64], *p = copy, *w;
	bool keep[64];
	struct know_cvss_score t;
	size_t n = 0;

	/* A vector that parsed has at most one of each metric: 32 in v4.0. */
	for (char *slash; n < VAKT_ARRAY_SIZE(tok); p = slash + 1) {
		keep[n] = true;
		tok[n++] = p;
		slash = strchr(p, '/');
		if (!slash)
			break;
		*slash = '\0';
	}
	if (n == VAKT_ARRAY_SIZE(tok))
		__builtin_trap();
	for (size_t i = 0; i < n; i++) {
		keep[i] = false;
		w = join(v, (size_t)(body - v), tok, keep, n);
		keep[i] = know_cvss_score(w, &t, NULL) != 0;
		free(w);
	}
	w = join(v, (size_t)(body - v), tok, keep, n);
	if (know_cvss_score(w, &t, NULL) || t.groups || t.score != s->base || t.base != s->base)
		__builtin_trap();
	free(w);
	free(copy);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *v = vakt_xstrndup((const char *)data, size);
	struct know_cvss_score s, t;
	struct vakt_error *err = NULL;
	int r = know_cvss_score(v, &s, &err);

	if (r) {
		if ((r != -EINVAL && r != -E2BIG) || !err || err->code != r || !err->msg[0])
			__builtin_trap();
		if (s.base || s.score || s.groups)
			__builtin_trap();
		sink += strlen(err->msg);
		vakt_error_free(err);
	} else {
		char *w = reversed(v, s.version);

		if (err)
			__builtin_trap();
		check_result(&s);
		if (know_cvss_score(w, &t, NULL) || memcmp(&s, &t, sizeof(s)))
			__builtin_trap();
		free(w);
		check_base_only(v, &s);
	}
	free(v);
	return 0;
}
