/* SPDX-License-Identifier: MIT */
/*
 * dpkg's version ordering (deb-version(7)) and its checks, written from the
 * manual page and the behaviour of dpkg 1.21's parser and comparator.
 *
 * A version is "[epoch:]upstream[-revision]". Epochs compare as numbers;
 * upstream and revision each by the same walk: alternately a run of
 * non-digits, compared byte by byte in dpkg's own order (the end of the
 * string and '~' are special), and a run of digits, compared as a number.
 */
#include <stdbool.h>
#include <string.h>

#include "pkg/pkg-priv.h"
#include "pkg/pkg-version-priv.h"
#include "pkg/pkg-version.h"

struct deb_version {
	struct pkg_version_span epoch; /* digits only, may be empty (0) */
	struct pkg_version_span upstream;
	struct pkg_version_span revision;
};

/* What strtol() passes over before the digits of an epoch: white space, a sign. */
static const char *deb_skip_strtol_prefix(const char *s)
{
	while (*s == ' ' || (*s >= '\t' && *s <= '\r'))
		s++;
	if (*s == '+' || *s == '-')
		s++;
	return s;
}

/*
 * Split v the way dpkg does, leniently: what dpkg refuses still splits
 * (pkg_version_deb_check() says what is wrong). An epoch is the text before
 * the first ':' when it is digits, after what strtol() skips there (white
 * space, a sign); the revision is what follows the last '-'.
 */
static void deb_split(const char *v, struct deb_version *out)
{
	const char *end, *colon, *p;

	while (pkg_is_blank(*v))
		v++;
	end = v + strlen(v);
	while (end > v && pkg_is_blank(end[-1]))
		end--;

	out->epoch = (struct pkg_version_span){v, 0};
	colon = memchr(v, ':', (size_t)(end - v));
	if (colon) {
		p = deb_skip_strtol_prefix(v);
		if (p < colon) {
			const char *q = p;

			while (q < colon && pkg_version_is_digit(*q))
				q++;
			if (q == colon) {
				out->epoch = (struct pkg_version_span){p, (size_t)(colon - p)};
				v = colon + 1;
			}
		}
	}
	pkg_version_split_dash(v, end, &out->upstream, &out->revision);
}

/*
 * Where a byte of a non-digit run sorts: the end of the string (and a digit,
 * which ends the run) 0, '~' before it, letters by their code, anything
 * else after every letter. The byte is read as a signed char, as dpkg reads
 * it on amd64: bytes above 0x7f land between the letters and the rest
 * (spelt out below, whatever the signedness of char where vakt is built).
 */
static int deb_order(const struct pkg_version_span *x, size_t i)
{
	int c;

	if (i >= x->n || pkg_version_is_digit(x->s[i]))
		return 0;
	c = (unsigned char)x->s[i];
	if (c > 0x7f)
		c -= 256;
	if (pkg_version_is_alpha(x->s[i]))
		return c;
	if (c == '~')
		return -1;
	return c + 256;
}

/* dpkg's verrevcmp() on an upstream part or a revision. */
static int deb_cmp_part(struct pkg_version_span a, struct pkg_version_span b)
{
	size_t i = 0, j = 0;

	while (i < a.n || j < b.n) {
		size_t si, sj;
		int r;

		/* A non-digit run, byte by byte; equal orders mean both go on (an end stays). */
		while ((i < a.n && !pkg_version_is_digit(a.s[i])) ||
		       (j < b.n && !pkg_version_is_digit(b.s[j]))) {
			int ac = deb_order(&a, i), bc = deb_order(&b, j);

			if (ac != bc)
				return ac < bc ? -1 : 1;
			i += i < a.n, j += j < b.n;
		}
		/* A digit run on each side (or none: 0), by value. */
		for (si = i; i < a.n && pkg_version_is_digit(a.s[i]); i++)
			;
		for (sj = j; j < b.n && pkg_version_is_digit(b.s[j]); j++)
			;
		r = pkg_version_cmp_digits((struct pkg_version_span){a.s + si, i - si},
		                           (struct pkg_version_span){b.s + sj, j - sj});
		if (r)
			return r;
	}
	return 0;
}

int pkg_version_deb_cmp(const char *a, const char *b)
{
	struct deb_version va, vb;
	int r;

	deb_split(a, &va);
	deb_split(b, &vb);
	r = pkg_version_cmp_digits(va.epoch, vb.epoch);
	if (!r)
		r = deb_cmp_part(va.upstream, vb.upstream);
	if (!r)
		r = deb_cmp_part(va.revision, vb.revision);
	return r;
}

static enum pkg_version_verdict deb_verdict(enum pkg_version_verdict v, const char *msg,
                                            const char **why)
{
	if (why)
		*why = msg;
	return v;
}

/*
 * dpkg's parseversion(), in its order, with its messages: the errors for
 * which dpkg refuses the version, then the warnings it only prints.
 */
enum pkg_version_verdict pkg_version_deb_check(const char *v, const char **why)
{
	const char *end, *p, *colon, *up, *dash;
	size_t n;

	while (pkg_is_blank(*v))
		v++;
	if (!*v)
		return deb_verdict(PKG_VERSION_BAD, "version string is empty", why);
	for (end = v; *end && !pkg_is_blank(*end); end++)
		;
	for (p = end; pkg_is_blank(*p); p++)
		;
	if (*p)
		return deb_verdict(PKG_VERSION_BAD, "version string has embedded spaces", why);

	up = v;
	colon = memchr(v, ':', (size_t)(end - v));
	if (colon) {
		/* strtol(): white space, an optional sign, then digits up to the colon. */
		const char *d = deb_skip_strtol_prefix(v);
		bool neg = d > v && d[-1] == '-';

		for (p = d; p < colon && pkg_version_is_digit(*p); p++)
			;
		if (p == d)
			return deb_verdict(PKG_VERSION_BAD, "epoch in version is empty", why);
		if (p != colon)
			return deb_verdict(PKG_VERSION_BAD, "epoch in version is not number", why);
		while (d < colon - 1 && *d == '0')
			d++;
		n = (size_t)(colon - d);
		if (neg && !(n == 1 && *d == '0'))
			return deb_verdict(PKG_VERSION_BAD, "epoch in version is negative", why);
		/* INT_MAX is 2147483647: ten digits compare as a string. */
		if (n > 10 || (n == 10 && memcmp(d, "2147483647", 10) > 0))
			return deb_verdict(PKG_VERSION_BAD, "epoch in version is too big", why);
		/* dpkg asks before it trims: "1: " has an empty version number instead. */
		if (!colon[1])
			return deb_verdict(PKG_VERSION_BAD, "nothing after colon in version number",
			                   why);
		up = colon + 1;
	}
	dash = NULL;
	for (p = up; p < end; p++)
		if (*p == '-')
			dash = p;
	if (dash && dash + 1 == end)
		return deb_verdict(PKG_VERSION_BAD, "revision number is empty", why);
	if ((dash ? dash : end) == up)
		return deb_verdict(PKG_VERSION_BAD, "version number is empty", why);

	if (!pkg_version_is_digit(*up))
		return deb_verdict(PKG_VERSION_ODD, "version number does not start with digit",
		                   why);
	for (p = up; p < (dash ? dash : end); p++)
		if (!pkg_version_is_digit(*p) && !pkg_version_is_alpha(*p) && !strchr(".-+~:", *p))
			return deb_verdict(PKG_VERSION_ODD, "invalid character in version number",
			                   why);
	for (p = dash ? dash + 1 : end; p < end; p++)
		if (!pkg_version_is_digit(*p) && !pkg_version_is_alpha(*p) && !strchr(".+~", *p))
			return deb_verdict(PKG_VERSION_ODD, "invalid character in revision number",
			                   why);
	return deb_verdict(PKG_VERSION_OK, NULL, why);
}
