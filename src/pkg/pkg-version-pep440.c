/* SPDX-License-Identifier: MIT */
/*
 * PEP 440 version ordering (PyPI), written from PEP 440 and the PyPA's
 * "Version specifiers" specification, and packaging's documented behaviour:
 *
 *   [N!]N(.N)*[{a|b|rc}N][.postN][.devN][+local]
 *
 * with the spellings normalisation accepts: any case, a leading 'v', blanks
 * around, '-', '_' or '.' (or nothing) before and after the pre, post and dev
 * words, "alpha", "beta", "c", "pre", "preview" for a, b, rc, "rev" and "r"
 * for post, "1.0-1" for 1.0.post1, a missing number for 0. The order is
 * packaging's: epoch; release with trailing zeros ignored; 1.0.dev1 <
 * 1.0a1.dev1 < 1.0a1 < 1.0a1.post1 < 1.0 < 1.0.post1.dev1 < 1.0.post1 <
 * 1.0+local; local segments numeric after alphanumeric ones.
 */
#include <stdbool.h>
#include <string.h>

#include "pkg/pkg-version-priv.h"
#include "pkg/pkg-version.h"

struct pep440 {
	struct pkg_version_span raw;
	struct pkg_version_span epoch, release, pre_n, post_n, dev_n, local;
	int pre; /* 0 none, 1 a, 2 b, 3 rc */
	bool has_post, has_dev, has_local, ok;
};

static bool pep_is_sep(char c)
{
	return c == '-' || c == '_' || c == '.';
}

static bool pep_is_blank(char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

static char pep_lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* Length of the first of words (lower case, NULL-terminated) at p, 0 for none; *which its index. */
static size_t pep_word(const char *p, const char *end, const char *const *words, int *which)
{
	for (int w = 0; words[w]; w++) {
		size_t n = strlen(words[w]), i = 0;

		while (i < n && p + i < end && pep_lower(p[i]) == words[w][i])
			i++;
		if (i == n) {
			*which = w;
			return n;
		}
	}
	return 0;
}

/*
 * "[-_.]?WORD[-_.]?[0-9]*" at *p: on a match, *p moves past it, *which is the
 * word's index and *num its digits (empty for 0).
 */
static bool pep_suffix(const char **p, const char *end, const char *const *words, int *which,
                       struct pkg_version_span *num)
{
	const char *q = *p;
	size_t n;

	if (q < end && pep_is_sep(*q))
		q++;
	n = pep_word(q, end, words, which);
	if (!n)
		return false;
	q += n;
	if (q < end && pep_is_sep(*q))
		q++;
	num->s = q;
	while (q < end && pkg_version_is_digit(*q))
		q++;
	num->n = (size_t)(q - num->s);
	*p = q;
	return true;
}

static void pep_parse(const char *v, struct pep440 *out)
{
	static const char *const pre_words[] = {"alpha", "a", "beta", "b", "preview",
	                                        "pre",   "c", "rc",   NULL};
	static const int pre_rank[] = {1, 1, 2, 2, 3, 3, 3, 3};
	static const char *const post_words[] = {"post", "rev", "r", NULL};
	static const char *const dev_words[] = {"dev", NULL};
	const char *p = v, *end = v + strlen(v), *s;
	int which;

	memset(out, 0, sizeof(*out));
	/* Empty spans point at "" (memcmp() on NULL is undefined, even for 0 bytes). */
	out->epoch = out->release = out->pre_n = out->post_n = out->dev_n = out->local =
	    (struct pkg_version_span){"", 0};
	out->raw = (struct pkg_version_span){v, (size_t)(end - v)};
	while (p < end && pep_is_blank(*p))
		p++;
	while (end > p && pep_is_blank(end[-1]))
		end--;
	if (p < end && pep_lower(*p) == 'v')
		p++;
	s = p;
	while (p < end && pkg_version_is_digit(*p))
		p++;
	if (p < end && *p == '!' && p > s) {
		out->epoch = (struct pkg_version_span){s, (size_t)(p - s)};
		s = ++p;
		while (p < end && pkg_version_is_digit(*p))
			p++;
	}
	if (p == s)
		return;
	while (p + 1 < end && *p == '.' && pkg_version_is_digit(p[1]))
		for (p++; p < end && pkg_version_is_digit(*p);)
			p++;
	out->release = (struct pkg_version_span){s, (size_t)(p - s)};
	if (pep_suffix(&p, end, pre_words, &which, &out->pre_n))
		out->pre = pre_rank[which];
	if (p + 1 < end && *p == '-' && pkg_version_is_digit(p[1])) {
		out->post_n.s = ++p;
		while (p < end && pkg_version_is_digit(*p))
			p++;
		out->post_n.n = (size_t)(p - out->post_n.s);
		out->has_post = true;
	} else {
		out->has_post = pep_suffix(&p, end, post_words, &which, &out->post_n);
	}
	out->has_dev = pep_suffix(&p, end, dev_words, &which, &out->dev_n);
	if (p < end && *p == '+') {
		out->local.s = ++p;
		for (;;) {
			s = p;
			while (p < end && (pkg_version_is_digit(*p) || pkg_version_is_alpha(*p)))
				p++;
			if (p == s)
				return;
			if (p == end || !pep_is_sep(*p))
				break;
			p++;
		}
		out->local.n = (size_t)(p - out->local.s);
		out->has_local = true;
	}
	out->ok = p == end;
}

/* The next '.'-separated (release) or [-_.]-separated (local) part of x at *i; *i moves past it. */
static struct pkg_version_span pep_part(struct pkg_version_span x, size_t *i, bool local)
{
	struct pkg_version_span r = {x.s + *i, 0};

	while (*i < x.n && !(local ? pep_is_sep(x.s[*i]) : x.s[*i] == '.'))
		(*i)++;
	r.n = (size_t)(x.s + *i - r.s);
	(*i)++;
	return r;
}

/* Release numbers in turn, a missing one 0: trailing zeros do not count. */
static int pep_cmp_release(struct pkg_version_span a, struct pkg_version_span b)
{
	size_t i = 0, j = 0;

	while (i < a.n || j < b.n) {
		struct pkg_version_span x = {"", 0}, y = {"", 0};
		int r;

		if (i < a.n)
			x = pep_part(a, &i, false);
		if (j < b.n)
			y = pep_part(b, &j, false);
		r = pkg_version_cmp_digits(x, y);
		if (r)
			return r;
	}
	return 0;
}

static bool pep_all_digits(struct pkg_version_span x)
{
	for (size_t i = 0; i < x.n; i++)
		if (!pkg_version_is_digit(x.s[i]))
			return false;
	return true;
}

/* Local segments in turn: numbers by value after words, words in lower case. */
static int pep_cmp_local(struct pkg_version_span a, struct pkg_version_span b)
{
	size_t i = 0, j = 0;

	while (i < a.n && j < b.n) {
		struct pkg_version_span x = pep_part(a, &i, true), y = pep_part(b, &j, true);
		bool xn = pep_all_digits(x), yn = pep_all_digits(y);
		int r = 0;

		if (xn != yn)
			return xn ? 1 : -1;
		if (xn) {
			r = pkg_version_cmp_digits(x, y);
		} else {
			for (size_t k = 0; !r && k < x.n && k < y.n; k++)
				r = (pep_lower(x.s[k]) > pep_lower(y.s[k])) -
				    (pep_lower(x.s[k]) < pep_lower(y.s[k]));
			if (!r)
				r = (x.n > y.n) - (x.n < y.n);
		}
		if (r)
			return r;
	}
	return (i < a.n) - (j < b.n);
}

/* packaging's key for the pre-release: dev-only releases first, no pre-release last. */
static int pep_pre_rank(const struct pep440 *x)
{
	if (x->pre)
		return x->pre;
	return !x->has_post && x->has_dev ? 0 : 4;
}

static int pep_cmp_flag(bool x, bool y)
{
	return (x > y) - (x < y);
}

int pkg_version_pep440_cmp(const char *a, const char *b)
{
	struct pep440 x, y;
	int r;

	pep_parse(a, &x);
	pep_parse(b, &y);
	if (x.ok != y.ok)
		return x.ok ? -1 : 1;
	if (!x.ok)
		return pkg_version_cmp_bytes(x.raw, y.raw);
	if ((r = pkg_version_cmp_digits(x.epoch, y.epoch)) ||
	    (r = pep_cmp_release(x.release, y.release)))
		return r;
	r = pep_pre_rank(&x) - pep_pre_rank(&y);
	if (r)
		return r < 0 ? -1 : 1;
	if (x.pre && (r = pkg_version_cmp_digits(x.pre_n, y.pre_n)))
		return r;
	if ((r = pep_cmp_flag(x.has_post, y.has_post)) ||
	    (x.has_post && (r = pkg_version_cmp_digits(x.post_n, y.post_n))))
		return r;
	if ((r = pep_cmp_flag(y.has_dev, x.has_dev)) ||
	    (x.has_dev && (r = pkg_version_cmp_digits(x.dev_n, y.dev_n))))
		return r;
	if ((r = pep_cmp_flag(x.has_local, y.has_local)) ||
	    (x.has_local && (r = pep_cmp_local(x.local, y.local))))
		return r;
	return 0;
}

enum pkg_version_verdict pkg_version_pep440_check(const char *v, const char **why)
{
	struct pep440 x;

	pep_parse(v, &x);
	if (why)
		*why = x.ok ? NULL : "not a PEP 440 version";
	return x.ok ? PKG_VERSION_OK : PKG_VERSION_BAD;
}
