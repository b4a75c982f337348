/* SPDX-License-Identifier: MIT */
/*
 * RubyGems' version ordering (Gem::Version#<=>), written from RubyGems'
 * documentation of Gem::Version:
 *
 *   - a '-' reads as ".pre." (1.0-1 is 1.0.pre.1);
 *   - the version is its runs of digits and of letters ("1.0.a10" is 1, 0,
 *     "a", 10); anything else only separates them;
 *   - a letter makes a pre-release: numbers sort after strings, so 1.0.a <
 *     1.0; strings compare as bytes (case counts), numbers by value;
 *   - zeros at the end of the numeric part (the segments before the first
 *     string) and at the end of the whole are dropped, and a missing segment
 *     compares as 0: 1.0 == 1, 1.0.a == 1.a.
 *
 * Any string is read so, the ones Gem::Version refuses too.
 */
#include <stdbool.h>
#include <string.h>

#include "pkg/pkg-version-priv.h"
#include "pkg/pkg-version.h"

enum gem_kind { GEM_END, GEM_NUM, GEM_STR };

struct gem_seg {
	enum gem_kind kind;
	struct pkg_version_span text;
	size_t pos;
};

struct gem_it {
	const char *s;
	size_t n, i;
	size_t keep_until, skip_until;
	bool in_strings; /* past the first string segment */
};

static struct gem_seg gem_raw_next(const char *s, size_t n, size_t *i)
{
	while (*i < n) {
		size_t from = (*i)++;
		char c = s[from];

		if (c == '-')
			return (struct gem_seg){GEM_STR, {"pre", 3}, from};
		if (pkg_version_is_digit(c) || pkg_version_is_alpha(c)) {
			bool d = pkg_version_is_digit(c);

			while (*i < n &&
			       (d ? pkg_version_is_digit(s[*i]) : pkg_version_is_alpha(s[*i])))
				(*i)++;
			return (struct gem_seg){d ? GEM_NUM : GEM_STR, {s + from, *i - from}, from};
		}
	}
	return (struct gem_seg){GEM_END, {"", 0}, n};
}

static bool gem_is_zero(const struct gem_seg *g)
{
	if (g->kind != GEM_NUM)
		return false;
	for (size_t k = 0; k < g->text.n; k++)
		if (g->text.s[k] != '0')
			return false;
	return true;
}

/* The next canonical segment: zeros that end the numeric part dropped. */
static struct gem_seg gem_next(struct gem_it *it)
{
	for (;;) {
		struct gem_seg g = gem_raw_next(it->s, it->n, &it->i);

		if (g.kind == GEM_STR)
			it->in_strings = true;
		if (it->in_strings || !gem_is_zero(&g) || g.pos < it->keep_until)
			return g;
		if (g.pos < it->skip_until)
			continue;
		size_t j = it->i;
		struct gem_seg y;

		do
			y = gem_raw_next(it->s, it->n, &j);
		while (gem_is_zero(&y));
		if (y.kind == GEM_NUM) {
			it->keep_until = y.pos;
			return g;
		}
		it->skip_until = y.kind == GEM_END ? it->n + 1 : y.pos;
	}
}

int pkg_version_gem_cmp(const char *a, const char *b)
{
	struct gem_it x = {a, strlen(a), 0, 0, 0, false}, y = {b, strlen(b), 0, 0, 0, false};

	for (;;) {
		struct gem_seg p = gem_next(&x), q = gem_next(&y);
		int r;

		if (p.kind == GEM_END && q.kind == GEM_END)
			return 0;
		/* A missing segment is 0. */
		if (p.kind == GEM_END)
			p = (struct gem_seg){GEM_NUM, {"0", 1}, 0};
		if (q.kind == GEM_END)
			q = (struct gem_seg){GEM_NUM, {"0", 1}, 0};
		if (p.kind != q.kind)
			return p.kind == GEM_NUM ? 1 : -1;
		r = p.kind == GEM_NUM ? pkg_version_cmp_digits(p.text, q.text)
		                      : pkg_version_cmp_bytes(p.text, q.text);
		if (r)
			return r;
	}
}

static bool gem_is_blank(char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

static bool gem_is_alnum(char c, bool dash)
{
	return pkg_version_is_digit(c) || pkg_version_is_alpha(c) || (dash && c == '-');
}

/* Gem::Version::ANCHORED_VERSION_PATTERN: N(.X)*(-Y(.Y)*)? or blank. */
enum pkg_version_verdict pkg_version_gem_check(const char *v, const char **why)
{
	const char *p = v, *end = v + strlen(v);
	bool ok = true;

	while (p < end && gem_is_blank(*p))
		p++;
	while (end > p && gem_is_blank(end[-1]))
		end--;
	if (p < end) {
		ok = pkg_version_is_digit(*p);
		while (p < end && pkg_version_is_digit(*p))
			p++;
		while (ok && p + 1 < end && *p == '.' && gem_is_alnum(p[1], false))
			for (p++; p < end && gem_is_alnum(*p, false);)
				p++;
		if (ok && p + 1 < end && *p == '-' && gem_is_alnum(p[1], true)) {
			for (p++; p < end && gem_is_alnum(*p, true);)
				p++;
			while (p + 1 < end && *p == '.' && gem_is_alnum(p[1], true))
				for (p++; p < end && gem_is_alnum(*p, true);)
					p++;
		}
		ok = ok && p == end;
	}
	if (why)
		*why = ok ? NULL : "malformed version number string";
	return ok ? PKG_VERSION_OK : PKG_VERSION_BAD;
}
