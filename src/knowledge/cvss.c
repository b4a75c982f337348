/* SPDX-License-Identifier: MIT */
/*
 * CVSS vectors: the prefix picks the version, one table-driven parser reads
 * the metrics of every version, and the version's scorer computes the scores
 * (cvss-v2.c, cvss-v3.c, cvss-v4.c). Also the qualitative rating scale.
 */
#include <errno.h>
#include <string.h>

#include "core/util.h"
#include "knowledge/cvss-priv.h"

/* Longest piece of the input quoted in a message. */
#define CVSS_QUOTE_MAX 24

/* Append s[0..n) for a message: bounded, with anything but printable ASCII shown as '?'. */
static void quote(struct vakt_buf *b, const char *s, size_t n)
{
	bool cut = n > CVSS_QUOTE_MAX;

	vakt_buf_addc(b, '\'');
	for (size_t i = 0; i < n && i < CVSS_QUOTE_MAX; i++)
		vakt_buf_addc(b, s[i] >= 0x20 && s[i] < 0x7f ? s[i] : '?');
	vakt_buf_adds(b, cut ? "...'" : "'");
}

/* "N, A, L or P": the spellings a metric accepts. */
static void expected(struct vakt_buf *b, const struct cvss_metric *m)
{
	for (size_t i = 0; m->values[i]; i++) {
		if (i)
			vakt_buf_adds(b, m->values[i + 1] ? ", " : " or ");
		vakt_buf_adds(b, m->values[i]);
	}
}

/* Fail with the message in b (consumed), prefixed with the version's label. */
static int fail(struct vakt_error **err, int code, const struct cvss_version_def *def,
                struct vakt_buf *b)
{
	if (def)
		vakt_error_set(err, code, "%s vector: %s", def->label, vakt_buf_str(b));
	else
		vakt_error_set(err, code, "%s", vakt_buf_str(b));
	vakt_buf_release(b);
	return code;
}

static int not_cvss(struct vakt_error **err)
{
	struct vakt_buf b = VAKT_BUF_INIT;

	vakt_buf_adds(&b, "not a CVSS vector: expected 'CVSS:3.0/', 'CVSS:3.1/' or 'CVSS:4.0/' "
	                  "and the metrics, or a CVSS v2 vector such as "
	                  "'AV:N/AC:L/Au:N/C:P/I:P/A:P'");
	return fail(err, -EINVAL, NULL, &b);
}

static int find_metric(const struct cvss_version_def *def, const char *name, size_t n)
{
	for (unsigned i = 0; i < def->n; i++)
		if (strlen(def->metrics[i].name) == n && !memcmp(def->metrics[i].name, name, n))
			return (int)i;
	return -1;
}

static int find_value(const struct cvss_metric *m, const char *v, size_t n)
{
	for (int i = 0; m->values[i]; i++)
		if (strlen(m->values[i]) == n && !memcmp(m->values[i], v, n))
			return i;
	return -1;
}

/*
 * Read the metrics of body (which starts at byte `off` of the vector, for
 * the columns in messages) into vals: each metric's value index, 0 for an
 * optional metric left out. bare: the vector had no prefix, so a first
 * metric that is not a v2 metric means it is no CVSS vector at all.
 */
static int parse_metrics(const struct cvss_version_def *def, const char *body, size_t off,
                         bool bare, int *vals, struct vakt_error **err)
{
	size_t seen[CVSS_MAX_METRICS] = {0}; /* 1-based column of each metric read, 0 if none */
	struct vakt_buf b = VAKT_BUF_INIT;
	const char *p = body;

	if (!*p) {
		vakt_buf_adds(&b, "no metrics after the prefix");
		return fail(err, -EINVAL, def, &b);
	}
	for (;;) {
		const char *end = strchr(p, '/');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		size_t col = off + (size_t)(p - body) + 1;
		const char *colon = memchr(p, ':', len);
		const struct cvss_metric *m;
		int mi, vi;

		if (!len) {
			vakt_buf_addf(
			    &b, "empty metric at column %zu: expected NAME:VALUE between '/'", col);
			return fail(err, -EINVAL, def, &b);
		}
		if (!colon) {
			if (bare && p == body)
				return not_cvss(err);
			quote(&b, p, len);
			vakt_buf_addf(&b, " at column %zu: expected NAME:VALUE", col);
			return fail(err, -EINVAL, def, &b);
		}
		mi = find_metric(def, p, (size_t)(colon - p));
		if (mi < 0) {
			if (bare && p == body)
				return not_cvss(err);
			vakt_buf_adds(&b, "unknown metric ");
			quote(&b, p, (size_t)(colon - p));
			vakt_buf_addf(&b, " at column %zu", col);
			return fail(err, -EINVAL, def, &b);
		}
		m = &def->metrics[mi];
		vi = find_value(m, colon + 1, len - (size_t)(colon + 1 - p));
		if (vi < 0) {
			vakt_buf_addf(&b, "%s (%s) is ", m->name, m->what);
			quote(&b, colon + 1, len - (size_t)(colon + 1 - p));
			vakt_buf_addf(&b, " at column %zu: expected ", col);
			expected(&b, m);
			return fail(err, -EINVAL, def, &b);
		}
		if (seen[mi]) {
			vakt_buf_addf(&b, "%s (%s) given twice, at columns %zu and %zu", m->name,
			              m->what, seen[mi], col);
			return fail(err, -EINVAL, def, &b);
		}
		seen[mi] = col;
		vals[mi] = vi;
		if (!end)
			break;
		p = end + 1;
	}
	for (unsigned i = 0; i < def->n; i++) {
		if (seen[i])
			continue;
		if (def->metrics[i].group != CVSS_BASE) {
			vals[i] = 0;
			continue;
		}
		vakt_buf_addf(&b, "%s%s (%s)", b.len ? ", " : "", def->metrics[i].name,
		              def->metrics[i].what);
	}
	if (b.len) {
		char *missing = vakt_buf_detach(&b);

		vakt_buf_addf(&b, "missing base metric %s: every base metric must be given",
		              missing);
		free(missing);
		return fail(err, -EINVAL, def, &b);
	}
	return 0;
}

/* Which optional groups have a metric with a value other than Not Defined. */
static unsigned defined_groups(const struct cvss_version_def *def, const int *vals)
{
	unsigned g = 0;

	for (unsigned i = 0; i < def->n; i++) {
		if (!vals[i])
			continue;
		if (def->metrics[i].group == CVSS_THREAT)
			g |= KNOW_CVSS_THREAT;
		else if (def->metrics[i].group == CVSS_ENV)
			g |= KNOW_CVSS_ENV;
	}
	return g;
}

/* The version a "CVSS:x.y/" prefix names; the body starts after it. */
static int read_prefix(const char *vector, const struct cvss_version_def **def, size_t *off,
                       struct vakt_error **err)
{
	static const struct cvss_version_def *const defs[] = {&cvss_v30_def, &cvss_v31_def,
	                                                      &cvss_v40_def};
	static const char *const names[] = {"3.0", "3.1", "4.0"};
	const char *ver = vector + strlen("CVSS:");
	const char *slash = strchr(ver, '/');
	size_t n = slash ? (size_t)(slash - ver) : strlen(ver);
	struct vakt_buf b = VAKT_BUF_INIT;

	for (size_t i = 0; i < VAKT_ARRAY_SIZE(names); i++) {
		if (n != strlen(names[i]) || memcmp(ver, names[i], n))
			continue;
		if (!slash) {
			vakt_buf_addf(&b, "expected '/' and the metrics after 'CVSS:%s'", names[i]);
			return fail(err, -EINVAL, defs[i], &b);
		}
		*def = defs[i];
		*off = (size_t)(slash + 1 - vector);
		return 0;
	}
	vakt_buf_adds(&b, "unknown CVSS version ");
	quote(&b, ver, n);
	vakt_buf_adds(&b, " after 'CVSS:': expected 3.0, 3.1 or 4.0 (a v2 vector has no prefix)");
	return fail(err, -EINVAL, NULL, &b);
}

int know_cvss_score(const char *vector, struct know_cvss_score *out, struct vakt_error **err)
{
	const struct cvss_version_def *def = &cvss_v2_def;
	int vals[CVSS_MAX_METRICS] = {0};
	size_t off = 0;
	bool bare = true;
	int r;

	memset(out, 0, sizeof(*out));
	if (!vector || !*vector)
		return vakt_error_set(err, -EINVAL, "empty CVSS vector");
	if (strnlen(vector, KNOW_CVSS_MAX_BYTES + 1) > KNOW_CVSS_MAX_BYTES)
		return vakt_error_set(err, -E2BIG, "CVSS vector longer than %d bytes",
		                      KNOW_CVSS_MAX_BYTES);
	if (vakt_starts_with(vector, "CVSS:")) {
		r = read_prefix(vector, &def, &off, err);
		if (r)
			return r;
		bare = false;
	}
	r = parse_metrics(def, vector + off, off, bare, vals, err);
	if (r)
		return r;
	out->version = def->version;
	out->groups = defined_groups(def, vals);
	out->temporal = -1;
	out->environmental = -1;
	def->score(vals, out->groups, out);
	out->band = know_cvss_band(out->version, out->score);
	out->base_band = know_cvss_band(out->version, out->base);
	out->severity = know_cvss_band_severity(out->band);
	return 0;
}

enum know_cvss_band know_cvss_band(enum know_cvss_version v, int tenths)
{
	/* v2.0 defines no rating scale; this is NVD's, which the v2 world uses. */
	if (v == KNOW_CVSS_V2_0)
		return tenths >= 70   ? KNOW_CVSS_BAND_HIGH
		       : tenths >= 40 ? KNOW_CVSS_BAND_MEDIUM
		                      : KNOW_CVSS_BAND_LOW;
	if (tenths >= 90)
		return KNOW_CVSS_BAND_CRITICAL;
	if (tenths >= 70)
		return KNOW_CVSS_BAND_HIGH;
	if (tenths >= 40)
		return KNOW_CVSS_BAND_MEDIUM;
	return tenths >= 1 ? KNOW_CVSS_BAND_LOW : KNOW_CVSS_BAND_NONE;
}

enum vakt_severity know_cvss_band_severity(enum know_cvss_band b)
{
	switch (b) {
	case KNOW_CVSS_BAND_CRITICAL:
		return VAKT_SEV_CRITICAL;
	case KNOW_CVSS_BAND_HIGH:
		return VAKT_SEV_HIGH;
	case KNOW_CVSS_BAND_MEDIUM:
		return VAKT_SEV_MEDIUM;
	case KNOW_CVSS_BAND_LOW:
		return VAKT_SEV_LOW;
	case KNOW_CVSS_BAND_NONE:
		break;
	}
	return VAKT_SEV_INFO;
}

const char *know_cvss_band_name(enum know_cvss_band b)
{
	static const char *const names[] = {"none", "low", "medium", "high", "critical"};

	return (unsigned)b < VAKT_ARRAY_SIZE(names) ? names[b] : "none";
}

const char *know_cvss_version_name(enum know_cvss_version v)
{
	static const char *const names[] = {"2.0", "3.0", "3.1", "4.0"};

	return (unsigned)v < VAKT_ARRAY_SIZE(names) ? names[v] : "?";
}

const char *know_cvss_nomenclature(const struct know_cvss_score *s)
{
	static const char *const names[] = {"CVSS-B", "CVSS-BT", "CVSS-BE", "CVSS-BTE"};

	return names[s->groups & (KNOW_CVSS_THREAT | KNOW_CVSS_ENV)];
}
