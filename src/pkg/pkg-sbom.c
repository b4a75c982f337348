/* SPDX-License-Identifier: MIT */
/*
 * SBOM writers: CycloneDX 1.5 JSON and SPDX 2.3 JSON for the packages of one
 * image. The documents are deterministic (no clock, no random UUID: both
 * come from the subject) so they can be golden-tested, and streamed one
 * package at a time: each object is built with jansson, dumped, re-indented
 * into place and freed.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdint.h>

#include <jansson.h>

#include "pkg/pkg-priv.h"
#include "pkg/pkg-sbom-priv.h"

#define CDX_SCHEMA     "http://cyclonedx.org/schema/bom-1.5.schema.json"
#define SPDX_NS_PREFIX "https://github.com/vakt-security/vakt/spdx/"
#define IMAGE_REF      "vakt-image"
#define OS_REF         "vakt-os"
#define SPDX_IMAGE_ID  "SPDXRef-Image"
#define SPDX_OS_ID     "SPDXRef-OperatingSystem"
#define NOASSERTION    "NOASSERTION"

/* --- licences ----------------------------------------------------------- */

/*
 * SPDX licence identifiers common in distribution packages (SPDX licence
 * list, non-deprecated ids). A licence string made of these is written as an
 * SPDX id or expression; anything else (Debian's "GPL-2+", Fedora's older
 * "GPLv2+") as free text, never guessed into an id.
 */
static const char *const spdx_ids[] = {
    "0BSD",
    "AFL-2.1",
    "AGPL-3.0-only",
    "AGPL-3.0-or-later",
    "Apache-1.1",
    "Apache-2.0",
    "Artistic-1.0",
    "Artistic-1.0-Perl",
    "Artistic-2.0",
    "BSD-1-Clause",
    "BSD-2-Clause",
    "BSD-3-Clause",
    "BSD-3-Clause-Clear",
    "BSD-4-Clause",
    "BSD-Source-Code",
    "BSL-1.0",
    "bzip2-1.0.6",
    "CC-BY-3.0",
    "CC-BY-4.0",
    "CC-BY-SA-3.0",
    "CC-BY-SA-4.0",
    "CC0-1.0",
    "CDDL-1.0",
    "curl",
    "EPL-1.0",
    "EPL-2.0",
    "FTL",
    "GFDL-1.2-only",
    "GFDL-1.2-or-later",
    "GFDL-1.3-only",
    "GFDL-1.3-or-later",
    "GPL-1.0-only",
    "GPL-1.0-or-later",
    "GPL-2.0-only",
    "GPL-2.0-or-later",
    "GPL-3.0-only",
    "GPL-3.0-or-later",
    "HPND",
    "ICU",
    "IJG",
    "ISC",
    "LGPL-2.0-only",
    "LGPL-2.0-or-later",
    "LGPL-2.1-only",
    "LGPL-2.1-or-later",
    "LGPL-3.0-only",
    "LGPL-3.0-or-later",
    "Libpng",
    "libtiff",
    "MIT",
    "MIT-0",
    "MPL-1.1",
    "MPL-2.0",
    "NCSA",
    "OFL-1.1",
    "OpenSSL",
    "PHP-3.01",
    "PostgreSQL",
    "PSF-2.0",
    "Python-2.0",
    "Ruby",
    "Sleepycat",
    "Unicode-DFS-2016",
    "Unlicense",
    "Vim",
    "W3C",
    "WTFPL",
    "X11",
    "Zlib",
    "zlib-acknowledgement",
    "ZPL-2.1",
};

const char *const *pkg_license_spdx_ids(size_t *n)
{
	*n = VAKT_ARRAY_SIZE(spdx_ids);
	return spdx_ids;
}

static bool spdx_id_known(const char *s, size_t n)
{
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(spdx_ids); i++)
		if (strlen(spdx_ids[i]) == n && !memcmp(spdx_ids[i], s, n))
			return true;
	return false;
}

/* Whether the token [s, s + n) is the operator op. */
static bool tok_is(const char *s, size_t n, const char *op)
{
	return strlen(op) == n && !memcmp(s, op, n);
}

bool pkg_license_is_spdx(const char *license)
{
	const char *s = license;
	bool want_operand = true;
	int depth = 0;

	if (!s || !*s || strlen(s) > PKG_MAX_FIELD)
		return false;
	while (*s) {
		size_t n = 0;

		if (*s == ' ') {
			s++;
			continue;
		}
		if (*s == '(' || *s == ')') {
			if (*s == '(' ? !want_operand : want_operand)
				return false;
			depth += *s == '(' ? 1 : -1;
			if (depth < 0)
				return false;
			s++;
			continue;
		}
		while (s[n] && s[n] != ' ' && s[n] != '(' && s[n] != ')')
			n++;
		if (want_operand) {
			if (!spdx_id_known(s, n))
				return false;
		} else if (!tok_is(s, n, "AND") && !tok_is(s, n, "OR")) {
			return false;
		}
		want_operand = !want_operand;
		s += n;
	}
	return !want_operand && depth == 0;
}

/* --- time and identity --------------------------------------------------- */

/* Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm). */
static long long days_from_civil(long long y, unsigned m, unsigned d)
{
	long long era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (long long)doe - 719468;
}

static void civil_from_days(long long z, long long *y, unsigned *m, unsigned *d)
{
	long long era;
	unsigned doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = (unsigned)(z - era * 146097);
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	*y = (long long)yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y += *m <= 2;
}

void pkg_sbom_format_time(long long t, char out[PKG_SBOM_TIME_LEN])
{
	long long days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
	long long secs = t - days * 86400, y;
	unsigned m, d;

	civil_from_days(days, &y, &m, &d);
	if (y < 0 || y > 9999) {
		snprintf(out, PKG_SBOM_TIME_LEN, "%s",
		         y < 0 ? "0000-01-01T00:00:00Z" : "9999-12-31T23:59:59Z");
		return;
	}
	/* The modulos only tell the compiler the ranges, which hold already. */
	snprintf(out, PKG_SBOM_TIME_LEN, "%04u-%02u-%02uT%02u:%02u:%02uZ", (unsigned)y % 10000u,
	         m % 100u, d % 100u, (unsigned)(secs / 3600) % 100u, (unsigned)(secs / 60 % 60),
	         (unsigned)(secs % 60));
}

/* n decimal digits at s into *v; false when any is not a digit. */
static bool digits(const char *s, int n, unsigned *v)
{
	*v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		*v = *v * 10 + (unsigned)(s[i] - '0');
	}
	return true;
}

int pkg_sbom_normalize_time(const char *s, char out[PKG_SBOM_TIME_LEN])
{
	unsigned y, mo, d, h, mi, sec, oh = 0, om = 0;
	long long t;
	int sign = 0;
	size_t i = 19;

	if (!s || strlen(s) < 20 || !digits(s, 4, &y) || s[4] != '-' || !digits(s + 5, 2, &mo) ||
	    s[7] != '-' || !digits(s + 8, 2, &d) || (s[10] != 'T' && s[10] != 't') ||
	    !digits(s + 11, 2, &h) || s[13] != ':' || !digits(s + 14, 2, &mi) || s[16] != ':' ||
	    !digits(s + 17, 2, &sec))
		return -EINVAL;
	if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60)
		return -EINVAL;
	if (s[i] == '.') {
		for (i++; s[i] >= '0' && s[i] <= '9'; i++)
			;
		if (s[i - 1] == '.')
			return -EINVAL;
	}
	if ((s[i] == 'Z' || s[i] == 'z') && !s[i + 1]) {
		sign = 0;
	} else if ((s[i] == '+' || s[i] == '-') && strlen(s + i) == 6 &&
	           digits(s + i + 1, 2, &oh) && s[i + 3] == ':' && digits(s + i + 4, 2, &om) &&
	           oh < 24 && om < 60) {
		sign = s[i] == '+' ? 1 : -1;
	} else {
		return -EINVAL;
	}
	/* A leap second folds into the next minute. */
	t = days_from_civil(y, mo, d) * 86400 + (long long)h * 3600 + (long long)mi * 60 + sec;
	t -= sign * ((long long)oh * 3600 + (long long)om * 60);
	pkg_sbom_format_time(t, out);
	return 0;
}

/* Whether s is exactly "YYYY-MM-DDTHH:MM:SSZ" with fields in range. */
static bool sbom_time_ok(const char *s)
{
	char norm[PKG_SBOM_TIME_LEN];

	return s && strlen(s) == PKG_SBOM_TIME_LEN - 1 && !pkg_sbom_normalize_time(s, norm) &&
	       !strcmp(norm, s);
}

/* 64-bit FNV-1a over s and a NUL, continuing from h. */
static uint64_t fnv1a(uint64_t h, const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");

	do {
		h ^= *p;
		h *= 0x100000001b3ull;
	} while (*p++);
	return h;
}

char *pkg_sbom_uuid(const struct pkg_sbom_subject *s)
{
	unsigned char u[16];
	const char *hex = s->digest ? strchr(s->digest, ':') : NULL;
	size_t nhex = 0;

	hex = hex ? hex + 1 : s->digest;
	while (hex && nhex < 32 && vakt_hex_value(hex[nhex]) >= 0)
		nhex++;
	if (nhex == 32) {
		for (int i = 0; i < 16; i++)
			u[i] = (unsigned char)(vakt_hex_value(hex[2 * i]) << 4 |
			                       vakt_hex_value(hex[2 * i + 1]));
	} else {
		uint64_t a = fnv1a(fnv1a(0xcbf29ce484222325ull, s->name), s->created);
		uint64_t b = fnv1a(fnv1a(0x84222325cbf29ce4ull, s->created), s->name);

		for (int i = 0; i < 8; i++) {
			u[i] = (unsigned char)(a >> (56 - 8 * i));
			u[8 + i] = (unsigned char)(b >> (56 - 8 * i));
		}
	}
	u[6] = (unsigned char)((u[6] & 0x0f) | 0x80); /* version 8 */
	u[8] = (unsigned char)((u[8] & 0x3f) | 0x80); /* RFC 9562 variant */
	return vakt_xasprintf(
	    "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", u[0], u[1],
	    u[2], u[3], u[4], u[5], u[6], u[7], u[8], u[9], u[10], u[11], u[12], u[13], u[14],
	    u[15]);
}

/* --- JSON output -------------------------------------------------------- */

/* jansson refuses bytes that are not UTF-8: they become '?'. */
json_t *pkg_sbom_jstr(const char *s)
{
	struct vakt_buf b = VAKT_BUF_INIT;
	size_t n = s ? strlen(s) : 0, off = 0, bad;
	json_t *j;

	if (!s)
		return json_string("");
	if (vakt_utf8_valid(s, n, &bad))
		return json_stringn(s, n);
	while (off < n) {
		if (vakt_utf8_valid(s + off, n - off, &bad)) {
			vakt_buf_add(&b, s + off, n - off);
			break;
		}
		vakt_buf_add(&b, s + off, bad);
		vakt_buf_addc(&b, '?');
		off += bad + 1;
	}
	j = json_stringn(vakt_buf_str(&b), b.len);
	vakt_buf_release(&b);
	return j ? j : json_string("");
}

/* pkg_sbom_jstr() of s, freeing s. */
static json_t *jstr_take(char *s)
{
	json_t *j = pkg_sbom_jstr(s);

	free(s);
	return j;
}

static void jset(json_t *o, const char *key, json_t *v)
{
	json_object_set_new(o, key, v);
}

/* Enough spaces for the deepest indent used (4). */
#define JDUMP_SPACES "        "

void pkg_sbom_jdump(FILE *f, json_t *v, int indent)
{
	char *s = json_dumps(v, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY |
	                            JSON_REAL_PRECISION(3));

	json_decref(v);
	if (!s)
		abort();
	/* Strings are escaped, so every newline is jansson's own. */
	for (const char *p = s, *nl;; p = nl + 1) {
		nl = strchr(p, '\n');
		if (!nl) {
			fputs(p, f);
			break;
		}
		fwrite(p, 1, (size_t)(nl - p) + 1, f);
		fwrite(JDUMP_SPACES, 1, (size_t)indent, f);
	}
	free(s);
}

/* `  "key": value` with the comma and newline before it when needed. */
static void jmember(FILE *f, bool *first, const char *key, json_t *v)
{
	fprintf(f, "%s\n  \"%s\": ", *first ? "" : ",", key);
	*first = false;
	pkg_sbom_jdump(f, v, 2);
}

static int item_cmp(const void *a, const void *b)
{
	return pkg_compare(((const struct sbom_item *)a)->p, ((const struct sbom_item *)b)->p);
}

static int item_ptr_purl_cmp(const void *a, const void *b)
{
	const struct sbom_item *x = *(const struct sbom_item *const *)a;
	const struct sbom_item *y = *(const struct sbom_item *const *)b;
	int c = strcmp(x->purl, y->purl);

	return c ? c : (x > y) - (x < y);
}

static void sbom_init(struct sbom *sb, const struct pkg_list *l, const struct pkg_os *os)
{
	struct sbom_item **by_purl;

	sb->n = l ? l->n : 0;
	sb->v = vakt_xcalloc(sb->n ? sb->n : 1, sizeof(*sb->v));
	for (size_t i = 0; i < sb->n; i++) {
		sb->v[i].p = &l->v[i];
		sb->v[i].purl = l->v[i].purl ? vakt_xstrdup(l->v[i].purl) : pkg_purl(&l->v[i], os);
	}
	if (sb->n > 1)
		qsort(sb->v, sb->n, sizeof(*sb->v), item_cmp);
	/* Equal purls (a database listing a package twice) get "#2", "#3", ... */
	by_purl = vakt_xcalloc(sb->n ? sb->n : 1, sizeof(struct sbom_item *));
	for (size_t i = 0; i < sb->n; i++)
		by_purl[i] = &sb->v[i];
	if (sb->n > 1)
		qsort(by_purl, sb->n, sizeof(struct sbom_item *), item_ptr_purl_cmp);
	for (size_t i = 0, dup = 1; i < sb->n; i++) {
		dup = i && !strcmp(by_purl[i]->purl, by_purl[i - 1]->purl) ? dup + 1 : 1;
		by_purl[i]->ref = dup > 1 ? vakt_xasprintf("%s#%zu", by_purl[i]->purl, dup)
		                          : vakt_xstrdup(by_purl[i]->purl);
	}
	free(by_purl);
}

static void sbom_release(struct sbom *sb)
{
	for (size_t i = 0; i < sb->n; i++) {
		free(sb->v[i].purl);
		free(sb->v[i].ref);
	}
	free(sb->v);
}

static bool os_known(const struct pkg_os *os)
{
	return os && os->id && *os->id;
}

/* "pkg:oci/NAME@DIGEST" for an image with a digest; NULL otherwise. */
static char *image_purl(const struct pkg_sbom_subject *s)
{
	struct vakt_buf b = VAKT_BUF_INIT;
	const char *name = s->name, *end, *slash, *colon;
	char *lower;

	if (!s->digest || !*s->digest)
		return NULL;
	end = strchr(name, '@');
	end = end ? end : name + strlen(name);
	slash = NULL;
	for (const char *p = name; p < end; p++)
		if (*p == '/')
			slash = p;
	name = slash ? slash + 1 : name;
	colon = memchr(name, ':', (size_t)(end - name));
	end = colon ? colon : end;
	if (end == name)
		return NULL;
	lower = vakt_xstrndup(name, (size_t)(end - name));
	for (char *p = lower; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	vakt_buf_adds(&b, "pkg:oci/");
	for (const char *p = lower; *p; p++) {
		unsigned char c = (unsigned char)*p;

		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || strchr(".-_~", c))
			vakt_buf_addc(&b, (char)c);
		else
			vakt_buf_addf(&b, "%%%02X", c);
	}
	free(lower);
	vakt_buf_addc(&b, '@');
	for (const char *p = s->digest; *p; p++) {
		unsigned char c = (unsigned char)*p;

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    strchr(".-_~", c))
			vakt_buf_addc(&b, (char)c);
		else
			vakt_buf_addf(&b, "%%%02X", c);
	}
	return vakt_buf_detach(&b);
}

static const char *layer_digest(const struct pkg_sbom_subject *s, int layer)
{
	if (layer < 0 || !s->layer_digests || (size_t)layer >= s->n_layers)
		return NULL;
	return s->layer_digests[layer];
}

/* Where layer came from in the subject's Dockerfile, or NULL. */
static const struct pkg_sbom_origin *layer_origin(const struct pkg_sbom_subject *s, int layer)
{
	if (!s->dockerfile || !s->layer_origins || layer < 0 || (size_t)layer >= s->n_layers ||
	    !s->layer_origins[layer].origin)
		return NULL;
	return &s->layer_origins[layer];
}

static int sbom_check_subject(const struct pkg_sbom_subject *s, struct vakt_error **err)
{
	if (!s || !s->name || !*s->name)
		return vakt_error_set(err, -EINVAL,
		                      "cannot write the SBOM: the subject has no name");
	if (!sbom_time_ok(s->created))
		return vakt_error_set(err, -EINVAL,
		                      "cannot write the SBOM: creation time '%s' is not "
		                      "YYYY-MM-DDTHH:MM:SSZ",
		                      s->created ? s->created : "");
	return 0;
}

static int sbom_finish(FILE *f, struct vakt_error **err)
{
	if (fflush(f) || ferror(f))
		return vakt_error_set(err, -EIO, "cannot write the SBOM");
	return 0;
}

/* --- CycloneDX ------------------------------------------------------------ */

static json_t *cdx_property(const char *name, json_t *value)
{
	json_t *o = json_object();

	jset(o, "name", json_string(name));
	jset(o, "value", value);
	return o;
}

static json_t *cdx_licenses(const char *license)
{
	json_t *arr = json_array(), *o = json_object(), *lic;

	if (pkg_license_is_spdx(license) && !strchr(license, ' ') && !strchr(license, '(')) {
		lic = json_object();
		jset(lic, "id", json_string(license));
		jset(o, "license", lic);
	} else if (pkg_license_is_spdx(license)) {
		jset(o, "expression", json_string(license));
	} else {
		lic = json_object();
		jset(lic, "name", pkg_sbom_jstr(license));
		jset(o, "license", lic);
	}
	json_array_append_new(arr, o);
	return arr;
}

static json_t *cdx_component(const struct sbom_item *it, const struct pkg_sbom_subject *s)
{
	const struct pkg *p = it->p;
	json_t *c = json_object(), *props = json_array();
	const char *ld = layer_digest(s, p->layer);
	const struct pkg_sbom_origin *lo = layer_origin(s, p->layer);

	jset(c, "bom-ref", pkg_sbom_jstr(it->ref));
	jset(c, "type", json_string("library"));
	jset(c, "name", pkg_sbom_jstr(p->name));
	if (p->version)
		jset(c, "version", pkg_sbom_jstr(p->version));
	if (p->license && *p->license)
		jset(c, "licenses", cdx_licenses(p->license));
	jset(c, "purl", pkg_sbom_jstr(it->purl));
	json_array_append_new(
	    props, cdx_property("vakt:package:type", json_string(pkg_type_name(p->type))));
	if (p->arch)
		json_array_append_new(props,
		                      cdx_property("vakt:package:arch", pkg_sbom_jstr(p->arch)));
	if (p->source)
		json_array_append_new(
		    props, cdx_property("vakt:package:source", pkg_sbom_jstr(p->source)));
	if (p->source_version)
		json_array_append_new(props, cdx_property("vakt:package:source-version",
		                                          pkg_sbom_jstr(p->source_version)));
	if (p->found_in)
		json_array_append_new(
		    props, cdx_property("vakt:package:found-in", pkg_sbom_jstr(p->found_in)));
	if (p->layer >= 0) {
		char num[16];

		snprintf(num, sizeof(num), "%d", p->layer + 1);
		json_array_append_new(props, cdx_property("vakt:layer", json_string(num)));
	}
	if (ld)
		json_array_append_new(props, cdx_property("vakt:layer:digest", pkg_sbom_jstr(ld)));
	if (lo) {
		json_array_append_new(
		    props, cdx_property("vakt:dockerfile", pkg_sbom_jstr(s->dockerfile)));
		json_array_append_new(
		    props, cdx_property("vakt:dockerfile:origin", pkg_sbom_jstr(lo->origin)));
		if (lo->line > 0) {
			char num[16];

			snprintf(num, sizeof(num), "%d", lo->line);
			json_array_append_new(
			    props, cdx_property("vakt:dockerfile:line", json_string(num)));
		}
		if (lo->instruction)
			json_array_append_new(props, cdx_property("vakt:dockerfile:instruction",
			                                          pkg_sbom_jstr(lo->instruction)));
	}
	jset(c, "properties", props);
	return c;
}

static json_t *cdx_image(const struct pkg_sbom_subject *s)
{
	json_t *c = json_object();
	char *purl = image_purl(s);

	jset(c, "bom-ref", json_string(IMAGE_REF));
	jset(c, "type", json_string(s->source_tree ? "application" : "container"));
	jset(c, "name", pkg_sbom_jstr(s->name));
	if (s->digest && *s->digest)
		jset(c, "version", pkg_sbom_jstr(s->digest));
	if (purl)
		jset(c, "purl", pkg_sbom_jstr(purl));
	free(purl);
	return c;
}

static json_t *cdx_os(const struct pkg_os *os)
{
	json_t *c = json_object();

	jset(c, "bom-ref", json_string(OS_REF));
	jset(c, "type", json_string("operating-system"));
	jset(c, "name", pkg_sbom_jstr(os->id));
	if (os->version_id)
		jset(c, "version", pkg_sbom_jstr(os->version_id));
	if (os->pretty)
		jset(c, "description", pkg_sbom_jstr(os->pretty));
	return c;
}

/* One "dependencies" entry: ref dependsOn os_ref (when given) and the packages of sb. */
static void cdx_dependency(FILE *f, const char *ref, const char *os_ref, const struct sbom *sb,
                           bool last)
{
	bool first = true;

	fputs("    {\n      \"ref\": ", f);
	pkg_sbom_jdump(f, json_string(ref), 0);
	fputs(",\n      \"dependsOn\": [", f);
	if (os_ref) {
		fputs("\n        ", f);
		pkg_sbom_jdump(f, json_string(os_ref), 0);
		first = false;
	}
	for (size_t i = 0; sb && i < sb->n; i++) {
		fputs(first ? "\n        " : ",\n        ", f);
		pkg_sbom_jdump(f, pkg_sbom_jstr(sb->v[i].ref), 0);
		first = false;
	}
	fputs(first ? "]\n    }" : "\n      ]\n    }", f);
	fputs(last ? "\n" : ",\n", f);
}

int pkg_sbom_cyclonedx(FILE *f, const struct pkg_sbom_subject *s, const struct pkg_os *os,
                       const struct pkg_list *l, struct vakt_error **err)
{
	struct sbom sb;
	json_t *meta, *tools, *tool;
	bool first = true, with_os = os_known(os);
	char *uuid;
	int rc = sbom_check_subject(s, err);

	if (rc)
		return rc;
	sbom_init(&sb, l, os);
	uuid = pkg_sbom_uuid(s);
	fputs("{", f);
	jmember(f, &first, "$schema", json_string(CDX_SCHEMA));
	jmember(f, &first, "bomFormat", json_string("CycloneDX"));
	jmember(f, &first, "specVersion", json_string("1.5"));
	jmember(f, &first, "serialNumber", jstr_take(vakt_xasprintf("urn:uuid:%s", uuid)));
	jmember(f, &first, "version", json_integer(1));

	meta = json_object();
	jset(meta, "timestamp", json_string(s->created));
	tools = json_object();
	tool = json_object();
	jset(tool, "type", json_string("application"));
	jset(tool, "name", json_string("vakt"));
	jset(tool, "version", json_string(VAKT_VERSION));
	jset(tools, "components", json_pack("[o]", tool));
	jset(meta, "tools", tools);
	jset(meta, "component", cdx_image(s));
	jmember(f, &first, "metadata", meta);

	fputs(",\n  \"components\": [", f);
	if (with_os) {
		fputs("\n    ", f);
		pkg_sbom_jdump(f, cdx_os(os), 4);
	}
	for (size_t i = 0; i < sb.n; i++) {
		fputs(i || with_os ? ",\n    " : "\n    ", f);
		pkg_sbom_jdump(f, cdx_component(&sb.v[i], s), 4);
	}
	fputs(sb.n || with_os ? "\n  ]" : "]", f);

	/* The image holds the OS, the OS its packages (or the image them, without an OS). */
	fputs(",\n  \"dependencies\": [\n", f);
	if (with_os) {
		cdx_dependency(f, IMAGE_REF, OS_REF, NULL, false);
		cdx_dependency(f, OS_REF, NULL, &sb, true);
	} else {
		cdx_dependency(f, IMAGE_REF, NULL, &sb, true);
	}
	fputs("  ]", f);
	if (s->with_vulns)
		pkg_sbom_cdx_vulns_write(f, &sb, s->vulns, s->n_vulns);
	fputs("\n}\n", f);
	free(uuid);
	sbom_release(&sb);
	return sbom_finish(f, err);
}

/* --- SPDX ----------------------------------------------------------------- */

/* "SPDXRef-Package-N-NAME" with NAME reduced to the idstring alphabet. */
static char *spdx_package_id(size_t n, const char *name)
{
	char *id = vakt_xasprintf("SPDXRef-Package-%zu-%s", n, name ? name : "");

	for (char *p = id; *p; p++) {
		unsigned char c = (unsigned char)*p;

		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      c == '.' || c == '-'))
			*p = '-';
	}
	return id;
}

static json_t *spdx_purl_ref(const char *purl)
{
	json_t *refs = json_array(), *r = json_object();

	jset(r, "referenceCategory", json_string("PACKAGE-MANAGER"));
	jset(r, "referenceType", json_string("purl"));
	jset(r, "referenceLocator", pkg_sbom_jstr(purl));
	json_array_append_new(refs, r);
	return refs;
}

/* s followed by the formatted text (s is freed). The caller frees the result. */
static char *sbom_append(char *s, const char *fmt, ...) VAKT_PRINTF(2, 3);
static char *sbom_append(char *s, const char *fmt, ...)
{
	struct vakt_buf b = VAKT_BUF_INIT;
	va_list ap;

	vakt_buf_adds(&b, s);
	va_start(ap, fmt);
	vakt_buf_vaddf(&b, fmt, ap);
	va_end(ap);
	free(s);
	return vakt_buf_detach(&b);
}

static json_t *spdx_package(const struct sbom_item *it, size_t n, const struct pkg_sbom_subject *s)
{
	const struct pkg *p = it->p;
	json_t *o = json_object();
	const char *ld = layer_digest(s, p->layer);

	jset(o, "SPDXID", jstr_take(spdx_package_id(n, p->name)));
	jset(o, "name", pkg_sbom_jstr(p->name));
	if (p->version)
		jset(o, "versionInfo", pkg_sbom_jstr(p->version));
	jset(o, "downloadLocation", json_string(NOASSERTION));
	jset(o, "filesAnalyzed", json_false());
	jset(o, "licenseConcluded", json_string(NOASSERTION));
	if (pkg_license_is_spdx(p->license)) {
		jset(o, "licenseDeclared", json_string(p->license));
	} else {
		jset(o, "licenseDeclared", json_string(NOASSERTION));
		if (p->license && *p->license)
			jset(o, "licenseComments",
			     jstr_take(vakt_xasprintf("%s records the licence as: %s",
			                              pkg_type_name(p->type), p->license)));
	}
	jset(o, "copyrightText", json_string(NOASSERTION));
	if (p->source)
		jset(o, "sourceInfo",
		     jstr_take(vakt_xasprintf("built from source package %s %s", p->source,
		                              p->source_version ? p->source_version : "")));
	else if (p->found_in)
		jset(o, "sourceInfo", jstr_take(vakt_xasprintf("declared in %s", p->found_in)));
	jset(o, "externalRefs", spdx_purl_ref(it->purl));
	jset(o, "primaryPackagePurpose", json_string("LIBRARY"));
	if (p->layer >= 0) {
		const struct pkg_sbom_origin *lo = layer_origin(s, p->layer);
		char *c = ld ? vakt_xasprintf("installed by layer %d (%s)", p->layer + 1, ld)
		             : vakt_xasprintf("installed by layer %d", p->layer + 1);

		if (lo && lo->line > 0 && !strcmp(lo->origin, "base-image"))
			c = sbom_append(c, ", from the base image: %s, %s:%d",
			                lo->instruction ? lo->instruction : "FROM", s->dockerfile,
			                lo->line);
		else if (lo && lo->line > 0)
			c = sbom_append(c, ", %s:%d: %s", s->dockerfile, lo->line,
			                lo->instruction ? lo->instruction : "");
		else if (lo)
			c = sbom_append(c, ", not matched to %s", s->dockerfile);
		jset(o, "comment", jstr_take(c));
	}
	return o;
}

static json_t *spdx_image(const struct pkg_sbom_subject *s)
{
	json_t *o = json_object();
	char *purl = image_purl(s);

	jset(o, "SPDXID", json_string(SPDX_IMAGE_ID));
	jset(o, "name", pkg_sbom_jstr(s->name));
	if (s->digest && *s->digest)
		jset(o, "versionInfo", pkg_sbom_jstr(s->digest));
	jset(o, "downloadLocation", json_string(NOASSERTION));
	jset(o, "filesAnalyzed", json_false());
	if (purl)
		jset(o, "externalRefs", spdx_purl_ref(purl));
	jset(o, "primaryPackagePurpose", json_string(s->source_tree ? "SOURCE" : "CONTAINER"));
	free(purl);
	return o;
}

static json_t *spdx_os(const struct pkg_os *os)
{
	json_t *o = json_object();

	jset(o, "SPDXID", json_string(SPDX_OS_ID));
	jset(o, "name", pkg_sbom_jstr(os->id));
	if (os->version_id)
		jset(o, "versionInfo", pkg_sbom_jstr(os->version_id));
	jset(o, "downloadLocation", json_string(NOASSERTION));
	jset(o, "filesAnalyzed", json_false());
	if (os->pretty)
		jset(o, "description", pkg_sbom_jstr(os->pretty));
	jset(o, "primaryPackagePurpose", json_string("OPERATING-SYSTEM"));
	return o;
}

static json_t *spdx_relationship(const char *from, const char *type, json_t *to)
{
	json_t *o = json_object();

	jset(o, "spdxElementId", json_string(from));
	jset(o, "relationshipType", json_string(type));
	jset(o, "relatedSpdxElement", to);
	return o;
}

/* The document namespace: a URI unique to the image, from its name and the BOM's UUID. */
static char *spdx_namespace(const struct pkg_sbom_subject *s, const char *uuid)
{
	struct vakt_buf b = VAKT_BUF_INIT;

	vakt_buf_adds(&b, SPDX_NS_PREFIX);
	for (const char *p = s->name; *p && b.len < sizeof(SPDX_NS_PREFIX) + 200; p++) {
		unsigned char c = (unsigned char)*p;

		vakt_buf_addc(&b, (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		                          (c >= '0' && c <= '9') || c == '.' || c == '_'
		                      ? (char)c
		                      : '-');
	}
	vakt_buf_addf(&b, "-%s", uuid);
	return vakt_buf_detach(&b);
}

int pkg_sbom_spdx(FILE *f, const struct pkg_sbom_subject *s, const struct pkg_os *os,
                  const struct pkg_list *l, struct vakt_error **err)
{
	struct sbom sb;
	json_t *ci;
	bool first = true, with_os = os_known(os);
	char *uuid;
	int rc = sbom_check_subject(s, err);

	if (rc)
		return rc;
	sbom_init(&sb, l, os);
	uuid = pkg_sbom_uuid(s);
	fputs("{", f);
	jmember(f, &first, "spdxVersion", json_string("SPDX-2.3"));
	jmember(f, &first, "dataLicense", json_string("CC0-1.0"));
	jmember(f, &first, "SPDXID", json_string("SPDXRef-DOCUMENT"));
	jmember(f, &first, "name", pkg_sbom_jstr(s->name));
	jmember(f, &first, "documentNamespace", jstr_take(spdx_namespace(s, uuid)));
	ci = json_object();
	jset(ci, "created", json_string(s->created));
	jset(ci, "creators", json_pack("[s]", "Tool: vakt-" VAKT_VERSION));
	jmember(f, &first, "creationInfo", ci);

	fputs(",\n  \"packages\": [\n    ", f);
	pkg_sbom_jdump(f, spdx_image(s), 4);
	if (with_os) {
		fputs(",\n    ", f);
		pkg_sbom_jdump(f, spdx_os(os), 4);
	}
	for (size_t i = 0; i < sb.n; i++) {
		fputs(",\n    ", f);
		pkg_sbom_jdump(f, spdx_package(&sb.v[i], i + 1, s), 4);
	}
	fputs("\n  ]", f);

	fputs(",\n  \"relationships\": [\n    ", f);
	pkg_sbom_jdump(
	    f, spdx_relationship("SPDXRef-DOCUMENT", "DESCRIBES", json_string(SPDX_IMAGE_ID)), 4);
	if (with_os) {
		fputs(",\n    ", f);
		pkg_sbom_jdump(
		    f, spdx_relationship(SPDX_IMAGE_ID, "CONTAINS", json_string(SPDX_OS_ID)), 4);
	}
	for (size_t i = 0; i < sb.n; i++) {
		fputs(",\n    ", f);
		pkg_sbom_jdump(
		    f,
		    spdx_relationship(SPDX_IMAGE_ID, "CONTAINS",
		                      jstr_take(spdx_package_id(i + 1, sb.v[i].p->name))),
		    4);
	}
	fputs("\n  ]\n}\n", f);
	free(uuid);
	sbom_release(&sb);
	return sbom_finish(f, err);
}
