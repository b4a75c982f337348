/* SPDX-License-Identifier: MIT */
/*
 * Package URL matching: both purls are split in place into spans, and the
 * spans compare percent-decoded on the fly, so nothing is allocated.
 */
#include "vuln/vuln-purl.h"

#include "core/util.h"

struct span {
	const char *s;
	size_t n;
};

struct purl {
	struct span type, ns, name, version, quals;
};

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* The next decoded byte of span *s, advancing it; false at its end. */
static bool span_next(struct span *s, char *c)
{
	int hi, lo;

	if (!s->n)
		return false;
	if (s->s[0] == '%' && s->n >= 3 && (hi = vakt_hex_value(s->s[1])) >= 0 &&
	    (lo = vakt_hex_value(s->s[2])) >= 0) {
		*c = (char)(hi * 16 + lo);
		s->s += 3;
		s->n -= 3;
		return true;
	}
	*c = s->s[0];
	s->s++;
	s->n--;
	return true;
}

/* Whether two spans are equal once decoded (icase: ASCII case aside). */
static bool span_eq(struct span a, struct span b, bool icase)
{
	char x, y;

	for (;;) {
		bool ha = span_next(&a, &x), hb = span_next(&b, &y);

		if (!ha || !hb)
			return ha == hb;
		if (icase ? lower(x) != lower(y) : x != y)
			return false;
	}
}

static const char *mem_rchr(const char *s, size_t n, char c)
{
	while (n--)
		if (s[n] == c)
			return s + n;
	return NULL;
}

/* Split s into its parts; false when it is not a purl. */
static bool purl_split(const char *s, struct purl *p)
{
	const char *end, *q, *at, *slash;
	size_t n;

	memset(p, 0, sizeof(*p));
	if (!s || vakt_strncasecmp(s, "pkg:", 4))
		return false;
	n = strnlen(s, VULN_PURL_MAX + 1);
	if (n > VULN_PURL_MAX)
		return false;
	end = s + n;
	s += 4;
	/* "pkg://type/..." is read as "pkg:type/...", as the specification allows. */
	while (*s == '/')
		s++;
	q = memchr(s, '#', (size_t)(end - s));
	if (q)
		end = q;
	q = memchr(s, '?', (size_t)(end - s));
	if (q) {
		p->quals = (struct span){q + 1, (size_t)(end - q - 1)};
		end = q;
	}
	while (end > s && end[-1] == '/')
		end--;
	slash = memchr(s, '/', (size_t)(end - s));
	if (!slash || slash == s)
		return false;
	p->type = (struct span){s, (size_t)(slash - s)};
	s = slash + 1;
	at = mem_rchr(s, (size_t)(end - s), '@');
	if (at) {
		p->version = (struct span){at + 1, (size_t)(end - at - 1)};
		end = at;
	}
	slash = mem_rchr(s, (size_t)(end - s), '/');
	if (slash) {
		p->ns = (struct span){s, (size_t)(slash - s)};
		s = slash + 1;
	}
	p->name = (struct span){s, (size_t)(end - s)};
	return p->name.n > 0;
}

bool vuln_purl_is(const char *s)
{
	struct purl p;

	return purl_split(s, &p);
}

/* The next "key=value" of a qualifier string, advancing it; false at its end. */
static bool qual_next(struct span *q, struct span *key, struct span *value)
{
	while (q->n) {
		const char *amp = memchr(q->s, '&', q->n);
		size_t len = amp ? (size_t)(amp - q->s) : q->n;
		const char *eq = memchr(q->s, '=', len);
		struct span item = {q->s, len};

		q->s += len + (amp != NULL);
		q->n -= len + (amp != NULL);
		if (!item.n)
			continue;
		*key = (struct span){item.s, eq ? (size_t)(eq - item.s) : item.n};
		*value = eq ? (struct span){eq + 1, (size_t)(item.s + item.n - eq - 1)}
		            : (struct span){item.s + item.n, 0};
		return true;
	}
	return false;
}

/*
 * Whether two distro values name the same release: equal, or one names it
 * at a coarser precision (debian-12 for debian-12.4), since Trivy writes
 * the point release and os-release often gives only the major.
 */
static bool span_same_release(struct span a, struct span b)
{
	char x, y;

	for (;;) {
		bool ha = span_next(&a, &x), hb = span_next(&b, &y);

		if (!ha || !hb) {
			if (ha == hb)
				return true;
			return ha ? x == '.' : y == '.';
		}
		if (lower(x) != lower(y))
			return false;
	}
}

/*
 * Whether qualifiers q hold key with value. Keys are unique in a valid
 * purl; in one that repeats a key, any of its values will do, so that a
 * purl always names itself.
 */
static bool quals_have(struct span q, struct span key, struct span value)
{
	struct span k, v;

	static const struct span distro = {"distro", 6};
	bool release = span_eq(key, distro, true);

	while (qual_next(&q, &k, &v))
		if (span_eq(k, key, true) &&
		    (release ? span_same_release(v, value) : span_eq(v, value, false)))
			return true;
	return false;
}

bool vuln_purl_match(const char *pattern, const char *purl)
{
	struct purl a, b;
	struct span q, k, v;

	if (!purl_split(pattern, &a) || !purl_split(purl, &b))
		return false;
	if (!span_eq(a.type, b.type, true) || !span_eq(a.ns, b.ns, true) ||
	    !span_eq(a.name, b.name, false))
		return false;
	if (a.version.n && !span_eq(a.version, b.version, false))
		return false;
	q = a.quals;
	while (qual_next(&q, &k, &v))
		if (!quals_have(b.quals, k, v))
			return false;
	return true;
}
