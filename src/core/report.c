/* SPDX-License-Identifier: MIT */
/*
 * Report dispatch and the helpers the writers share. Each format lives in its
 * own file (report-text.c, report-json.c, report-sarif.c, report-junit.c,
 * report-gnu.c); docs/output.md describes them.
 */
#include <errno.h>

#include "report-priv.h"

static const char *const format_names[] = {
    [VAKT_FORMAT_TEXT] = "text",   [VAKT_FORMAT_JSON] = "json", [VAKT_FORMAT_SARIF] = "sarif",
    [VAKT_FORMAT_JUNIT] = "junit", [VAKT_FORMAT_GNU] = "gnu",
};

int vakt_format_parse(const char *name, enum vakt_format *out)
{
	/* Any case, as --severity HIGH: "--format JSON" is what a Trivy user types. */
	for (unsigned i = 0; i < VAKT_ARRAY_SIZE(format_names); i++)
		if (!vakt_strcasecmp(name, format_names[i])) {
			*out = (enum vakt_format)i;
			return 0;
		}
	return -EINVAL;
}

int vakt_report_write(FILE *f, const struct vakt_scan_result *res, const struct vakt_report_opts *o,
                      struct vakt_error **err)
{
	int r;

	/* A failed write leaves its cause (ENOSPC, EPIPE, ...) in errno: report that. */
	errno = 0;
	switch (o->format) {
	case VAKT_FORMAT_TEXT:
		r = vakt_report_text(f, res, o);
		break;
	case VAKT_FORMAT_JSON:
		r = vakt_report_json(f, res, o);
		break;
	case VAKT_FORMAT_SARIF:
		r = vakt_report_sarif(f, res, o);
		break;
	case VAKT_FORMAT_JUNIT:
		r = vakt_report_junit(f, res, o);
		break;
	case VAKT_FORMAT_GNU:
		r = vakt_report_gnu(f, res, o);
		break;
	default:
		return vakt_error_set(err, -EINVAL, "unknown report format %d", (int)o->format);
	}
	if (r < 0)
		return vakt_error_set(err, r, "%s", strerror(errno ? errno : -r));
	return 0;
}

void vakt_report_count(const struct vakt_scan_result *res, struct vakt_report_counts *c)
{
	*c = (struct vakt_report_counts){0};
	for (size_t i = 0; i < res->findings.n; i++) {
		const struct vakt_finding *x = &res->findings.v[i];

		if (x->suppressed) {
			c->suppressed++;
			continue;
		}
		c->findings++;
		if ((unsigned)x->severity < VAKT_SEV_COUNT)
			c->by_sev[x->severity]++;
	}
}

bool vakt_report_shown(const struct vakt_finding *x, const struct vakt_report_opts *o)
{
	return !x->suppressed || o->show_suppressed;
}

struct order_key {
	const char *file;
	size_t idx;
};

static int order_cmp(const void *pa, const void *pb)
{
	const struct order_key *a = pa, *b = pb;
	int c = strcmp(a->file, b->file);

	if (c)
		return c;
	return a->idx < b->idx ? -1 : a->idx > b->idx;
}

size_t *vakt_report_order(const struct vakt_scan_result *res, const struct vakt_report_opts *o,
                          size_t *n)
{
	struct order_key *keys = vakt_xcalloc(res->findings.n, sizeof(*keys));
	size_t *idx = vakt_xcalloc(res->findings.n, sizeof(*idx));
	size_t k = 0;

	for (size_t i = 0; i < res->findings.n; i++) {
		const struct vakt_finding *x = &res->findings.v[i];

		if (!vakt_report_shown(x, o))
			continue;
		keys[k].file = x->loc.file ? x->loc.file : "";
		keys[k++].idx = i;
	}
	/* The index breaks ties, so this unstable sort keeps the scan's order in a file. */
	if (k > 1)
		qsort(keys, k, sizeof(*keys), order_cmp);
	for (size_t i = 0; i < k; i++)
		idx[i] = keys[i].idx;
	free(keys);
	*n = k;
	return idx;
}

const char *vakt_report_version(const struct vakt_report_opts *o)
{
	return o->version ? o->version : VAKT_VERSION;
}

int vakt_report_finish(FILE *f)
{
	if (fflush(f) != 0 || ferror(f))
		return -EIO;
	return 0;
}

size_t vakt_report_utf8_next(const char *s, long *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t len;
	long v, min;

	if (u[0] < 0x80) {
		*cp = u[0];
		return 1;
	}
	if (u[0] >= 0xc2 && u[0] <= 0xdf) {
		len = 2, v = u[0] & 0x1f, min = 0x80;
	} else if (u[0] >= 0xe0 && u[0] <= 0xef) {
		len = 3, v = u[0] & 0x0f, min = 0x800;
	} else if (u[0] >= 0xf0 && u[0] <= 0xf4) {
		len = 4, v = u[0] & 0x07, min = 0x10000;
	} else {
		*cp = -1;
		return 1;
	}
	for (size_t i = 1; i < len; i++) {
		/* A NUL terminator fails this test too, so a cut sequence stops here. */
		if ((u[i] & 0xc0) != 0x80) {
			*cp = -1;
			return 1;
		}
		v = (v << 6) | (u[i] & 0x3f);
	}
	if (v < min || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff)) {
		*cp = -1;
		return 1;
	}
	*cp = v;
	return len;
}

bool vakt_report_cp_unsafe(long cp)
{
	return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || (cp >= 0x202a && cp <= 0x202e) ||
	       (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200e || cp == 0x200f || cp == 0x061c;
}

void vakt_fputs_safe(FILE *f, const char *s, unsigned flags)
{
	bool keep_nl = flags & VAKT_SAFE_KEEP_NEWLINES;
	const char *run;

	if (!s)
		return;
	/* Write runs of safe text at once: this is the hot path of big reports. */
	run = s;
	while (*s) {
		long cp;
		size_t n;

		if ((unsigned char)*s >= 0x20 && (unsigned char)*s < 0x7f) {
			s++;
			continue;
		}
		n = vakt_report_utf8_next(s, &cp);
		if (vakt_report_cp_unsafe(cp) && !(keep_nl && (cp == '\n' || cp == '\t'))) {
			fwrite(run, 1, (size_t)(s - run), f);
			fputc('?', f);
			run = s + n;
		}
		s += n;
	}
	fwrite(run, 1, (size_t)(s - run), f);
}

char *vakt_str_safe(const char *s, unsigned flags)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);

	if (!m)
		abort(); /* out of memory, as vakt_xmalloc() */
	vakt_fputs_safe(m, s ? s : "", flags);
	if (fclose(m) != 0)
		abort();
	return buf;
}

json_t *vakt_report_json_ok(json_t *v)
{
	if (!v)
		abort();
	return v;
}

json_t *vakt_report_json_str(const char *s)
{
	struct vakt_buf b = VAKT_BUF_INIT;
	json_t *j;

	bool valid = true;

	if (!s)
		return json_null();
	/* The same decoder decides here and below, so jansson never sees a bad sequence. */
	for (const char *p = s; *p && valid;) {
		long cp;

		p += vakt_report_utf8_next(p, &cp);
		valid = cp >= 0;
	}
	if (valid)
		return vakt_report_json_ok(json_string(s));
	while (*s) {
		long cp;
		size_t n = vakt_report_utf8_next(s, &cp);

		if (cp < 0)
			vakt_buf_adds(&b, "\xef\xbf\xbd"); /* U+FFFD REPLACEMENT CHARACTER */
		else
			vakt_buf_add(&b, s, n);
		s += n;
	}
	j = vakt_report_json_ok(json_string(vakt_buf_str(&b)));
	vakt_buf_release(&b);
	return j;
}

json_t *vakt_report_json_pos(int v)
{
	return v > 0 ? vakt_report_json_ok(json_integer(v)) : json_null();
}

void vakt_report_json_set(json_t *obj, const char *key, json_t *v)
{
	if (json_object_set_new(obj, key, vakt_report_json_ok(v)) < 0)
		abort();
}

void vakt_report_json_push(json_t *arr, json_t *v)
{
	if (json_array_append_new(arr, vakt_report_json_ok(v)) < 0)
		abort();
}

/*
 * Write v as an element nested `depth` levels deep, indented exactly as
 * json_dumpf(JSON_INDENT(2)) would indent it inside the whole document.
 */
void vakt_report_json_put_nested(FILE *f, const json_t *v, int depth)
{
	char *s = json_dumps(v, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	const char *p;

	if (!s)
		abort();
	for (p = s; *p;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) + 1 : strlen(p);

		static const char spaces[] = "                ";

		fwrite(p, 1, n, f);
		if (nl)
			fwrite(spaces, 1,
			       (size_t)depth * 2 < sizeof(spaces) - 1 ? (size_t)depth * 2
			                                              : sizeof(spaces) - 1,
			       f);
		p += n;
	}
	free(s);
}

int vakt_report_json_dump(FILE *f, const json_t *root)
{
	int r = json_dumpf(root, f, JSON_INDENT(2) | JSON_PRESERVE_ORDER);

	fputc('\n', f);
	return vakt_report_finish(f) < 0 || r < 0 ? -EIO : 0;
}
