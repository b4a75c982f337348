/* SPDX-License-Identifier: MIT */
/*
 * Composer's version ordering (Packagist), written from Composer's
 * documentation of versions and PHP's documentation of version_compare():
 * Composer normalises a version (VersionParser::normalize()) and compares
 * the normal forms with version_compare().
 *
 *   [v]N[.N[.N[.N]]][[._-]STABILITY[[.-]N]...][[.-]dev][+build]
 *
 * normalises to "N.N.N.N[-stability N...][-dev]": four numbers (missing ones
 * 0), STABILITY (any case) one of alpha/a, beta/b, RC, patch/pl/p or stable
 * (which is dropped with what follows it), build metadata dropped. PHP then
 * compares the parts in turn, a number by value, a word by its rank: dev <
 * alpha < beta < RC < (a number) < patch; when one runs out, its next part is
 * compared against a number-like end that sorts after RC and before every
 * number: 1.0.0.0-RC1 < 1.0.0.0 < 1.0.0.0-patch1, 1.0.0.0-beta-dev <
 * 1.0.0.0-beta.
 *
 * Branches ("dev-main", "master") sort before every version, bytewise among
 * themselves; what Composer refuses sorts after every version, bytewise.
 */
#include <stdbool.h>
#include <string.h>

#include "core/util.h"
#include "pkg/pkg-version-priv.h"
#include "pkg/pkg-version.h"

/* What a part is, in the order version_compare() gives them; END pads. */
enum cmp_rank { CMP_DEV, CMP_ALPHA, CMP_BETA, CMP_RC, CMP_END, CMP_NUM, CMP_PATCH };

enum cmp_class { CMP_BRANCH, CMP_VERSION, CMP_INVALID };

struct composer {
	enum cmp_class cls;
	struct pkg_version_span raw;
	struct pkg_version_span num[4];
	struct pkg_version_span stab_n; /* digits separated by '.' or '-' */
	int stab;                       /* CMP_END for none */
	bool dev;
};

static char cmp_lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static bool cmp_is_blank(char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

/* Whether [p, end) starts with word (lower case), any case. */
static bool cmp_word(const char *p, const char *end, const char *word)
{
	size_t n = strlen(word);

	if ((size_t)(end - p) < n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (cmp_lower(p[i]) != word[i])
			return false;
	return true;
}

static bool cmp_is_word(const char *p, const char *end, const char *word)
{
	return (size_t)(end - p) == strlen(word) && cmp_word(p, end, word);
}

static void composer_parse(const char *v, struct composer *out)
{
	static const char *const words[] = {"stable", "beta",  "b",  "rc", "alpha",
	                                    "a",      "patch", "pl", "p"};
	static const int ranks[] = {CMP_END,   CMP_BETA,  CMP_BETA,  CMP_RC,   CMP_ALPHA,
	                            CMP_ALPHA, CMP_PATCH, CMP_PATCH, CMP_PATCH};
	const char *p = v, *end = v + strlen(v), *plus;
	bool stable = false;
	int n = 0;

	memset(out, 0, sizeof(*out));
	/* Empty spans point at "" (memcmp() on NULL is undefined, even for 0 bytes). */
	for (int i = 0; i < 4; i++)
		out->num[i] = (struct pkg_version_span){"", 0};
	out->stab_n = (struct pkg_version_span){"", 0};
	out->raw = (struct pkg_version_span){v, (size_t)(end - v)};
	out->stab = CMP_END;
	out->cls = CMP_INVALID;
	while (p < end && cmp_is_blank(*p))
		p++;
	while (end > p && cmp_is_blank(end[-1]))
		end--;
	if (cmp_word(p, end, "dev-") || cmp_is_word(p, end, "master") ||
	    cmp_is_word(p, end, "trunk") || cmp_is_word(p, end, "default")) {
		out->cls = CMP_BRANCH;
		return;
	}
	/* Build metadata: "+" and no blank after it. */
	plus = memchr(p, '+', (size_t)(end - p));
	if (plus) {
		for (const char *q = plus + 1; q < end; q++)
			if (cmp_is_blank(*q))
				return;
		if (plus + 1 == end || plus == p)
			return;
		end = plus;
	}
	if (p < end && cmp_lower(*p) == 'v')
		p++;
	while (n < 4 && p < end && pkg_version_is_digit(*p)) {
		const char *s = p;

		while (p < end && pkg_version_is_digit(*p))
			p++;
		out->num[n++] = (struct pkg_version_span){s, (size_t)(p - s)};
		if (n == 4 || p + 1 >= end || *p != '.' || !pkg_version_is_digit(p[1]))
			break;
		p++;
	}
	if (!n)
		return;
	/* [._-]?WORD((?:[.-]?\d+)*+)? */
	for (size_t w = 0; w < VAKT_ARRAY_SIZE(words); w++) {
		const char *q = p + (p < end && strchr("._-", *p) != NULL);

		if (!cmp_word(q, end, words[w]))
			continue;
		p = q + strlen(words[w]);
		out->stab = ranks[w];
		stable = w == 0;
		out->stab_n.s = p;
		while (p < end) {
			const char *r = p + (*p == '.' || *p == '-');

			if (r == end || !pkg_version_is_digit(*r))
				break;
			while (r < end && pkg_version_is_digit(*r))
				r++;
			p = r;
		}
		out->stab_n.n = (size_t)(p - out->stab_n.s);
		break;
	}
	/* ([.-]?dev)? */
	{
		const char *q = p + (p < end && (*p == '.' || *p == '-'));

		if (cmp_word(q, end, "dev"))
			p = q + 3, out->dev = true;
	}
	if (p != end)
		return;
	out->cls = CMP_VERSION;
	if (stable) /* "stable" drops what follows it */
		out->stab_n.n = 0, out->dev = false;
}

/* The parts after the four numbers, in turn: the word, its numbers, "dev". */
struct cmp_tail {
	const struct composer *v;
	size_t i;  /* in stab_n */
	int state; /* 0 word, 1 numbers, 2 dev, 3 done */
};

static int cmp_tail_next(struct cmp_tail *t, struct pkg_version_span *num)
{
	const struct composer *v = t->v;

	for (;;) {
		switch (t->state) {
		case 0:
			t->state = 1;
			if (v->stab != CMP_END)
				return v->stab;
			t->i = v->stab_n.n; /* no word, no numbers */
			break;
		case 1:
			while (t->i < v->stab_n.n && !pkg_version_is_digit(v->stab_n.s[t->i]))
				t->i++;
			if (t->i < v->stab_n.n) {
				num->s = v->stab_n.s + t->i;
				while (t->i < v->stab_n.n &&
				       pkg_version_is_digit(v->stab_n.s[t->i]))
					t->i++;
				num->n = (size_t)(v->stab_n.s + t->i - num->s);
				return CMP_NUM;
			}
			t->state = 2;
			break;
		case 2:
			t->state = 3;
			if (v->dev)
				return CMP_DEV;
			break;
		default:
			return CMP_END;
		}
	}
}

static int composer_cmp_versions(const struct composer *x, const struct composer *y)
{
	struct cmp_tail tx = {x, 0, 0}, ty = {y, 0, 0};
	int r;

	for (int i = 0; i < 4; i++)
		if ((r = pkg_version_cmp_digits(x->num[i], y->num[i])))
			return r;
	for (;;) {
		struct pkg_version_span p = {"", 0}, q = {"", 0};
		int a = cmp_tail_next(&tx, &p), b = cmp_tail_next(&ty, &q);

		if (a != b)
			return a < b ? -1 : 1;
		if (a == CMP_END)
			return 0;
		if (a == CMP_NUM && (r = pkg_version_cmp_digits(p, q)))
			return r;
	}
}

int pkg_version_composer_cmp(const char *a, const char *b)
{
	struct composer x, y;

	composer_parse(a, &x);
	composer_parse(b, &y);
	if (x.cls != y.cls)
		return x.cls < y.cls ? -1 : 1;
	if (x.cls != CMP_VERSION)
		return pkg_version_cmp_bytes(x.raw, y.raw);
	return composer_cmp_versions(&x, &y);
}

enum pkg_version_verdict pkg_version_composer_check(const char *v, const char **why)
{
	struct composer x;

	composer_parse(v, &x);
	if (why)
		*why = x.cls == CMP_INVALID ? "invalid version string" : NULL;
	return x.cls == CMP_INVALID ? PKG_VERSION_BAD : PKG_VERSION_OK;
}
