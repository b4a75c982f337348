/* SPDX-License-Identifier: MIT */
/*
 * The string operators of the rule language (=, startswith, endswith,
 * contains, icontains) and glob/iglob, with Falco's semantics: Falco
 * compares C strings with strcmp/strstr/strcasestr and globs with glibc's
 * fnmatch(pattern, value, 0 or FNM_CASEFOLD) in the C locale.
 *
 * The glob matcher is vakt's own and works on (pointer, length); it follows
 * glibc's fnmatch element by element (tests/unit/test-rt-match.c checks it
 * against fnmatch(3) on many random patterns), and runs the usual single
 * backtrack point for '*', which is exact because '*' may match anything
 * when FNM_PATHNAME and FNM_PERIOD are off.
 */
#include <string.h>

#include "runtime/rt-match.h"

bool rt_str_equal(const char *a, size_t an, const char *b, size_t bn)
{
	return an == bn && (an == 0 || memcmp(a, b, an) == 0);
}

int rt_str_cmp(const char *a, size_t an, const char *b, size_t bn)
{
	size_t n = an < bn ? an : bn;
	int r = n ? memcmp(a, b, n) : 0;

	if (r)
		return r;
	return an < bn ? -1 : an > bn;
}

bool rt_str_startswith(const char *s, size_t sn, const char *p, size_t pn)
{
	return pn <= sn && (pn == 0 || memcmp(s, p, pn) == 0);
}

bool rt_str_endswith(const char *s, size_t sn, const char *p, size_t pn)
{
	return pn <= sn && (pn == 0 || memcmp(s + sn - pn, p, pn) == 0);
}

bool rt_str_contains(const char *s, size_t sn, const char *p, size_t pn)
{
	/* memmem's pointers are declared non-null: an empty value may have none. */
	if (pn == 0)
		return true;
	if (pn > sn)
		return false;
	return memmem(s, sn, p, pn) != NULL;
}

static inline unsigned char lower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c;
}

bool rt_str_icontains(const char *s, size_t sn, const char *p, size_t pn)
{
	const unsigned char *h = (const unsigned char *)s, *n = (const unsigned char *)p;
	unsigned char first;

	if (pn == 0)
		return true;
	if (pn > sn)
		return false;
	first = lower(n[0]);
	for (size_t i = 0; i + pn <= sn; i++) {
		size_t k;

		if (lower(h[i]) != first)
			continue;
		for (k = 1; k < pn && lower(h[i + k]) == lower(n[k]); k++)
			;
		if (k == pn)
			return true;
	}
	return false;
}

/* ---- glob ------------------------------------------------------------------ */

/* glibc's CHARCLASS_NAME_MAX: a longer [:name:] makes the bracket fail. */
#define CLASS_NAME_MAX 2048

struct glob {
	const unsigned char *g;
	size_t n;
	bool icase;
};

/* The pattern byte at i, 0 past the end (glibc reads the terminator there). */
static inline int at(const struct glob *gl, size_t i)
{
	return i < gl->n ? gl->g[i] : 0;
}

static inline int fold(const struct glob *gl, int c)
{
	return gl->icase ? lower((unsigned char)c) : c;
}

/* The classes of the C locale; 0 for an unknown name. */
static int class_lookup(const unsigned char *name, size_t n)
{
	static const char *const names[] = {"alnum", "alpha", "blank", "cntrl", "digit", "graph",
	                                    "lower", "print", "punct", "space", "upper", "xdigit"};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strlen(names[i]) == n && memcmp(names[i], name, n) == 0)
			return (int)i + 1;
	return 0;
}

static bool class_has(int cls, unsigned char c)
{
	bool up = c >= 'A' && c <= 'Z', lo = c >= 'a' && c <= 'z', dg = c >= '0' && c <= '9';
	bool graph = c >= 33 && c <= 126;

	switch (cls) {
	case 1:
		return up || lo || dg;
	case 2:
		return up || lo;
	case 3:
		return c == ' ' || c == '\t';
	case 4:
		return c < 32 || c == 127;
	case 5:
		return dg;
	case 6:
		return graph;
	case 7:
		return lo;
	case 8:
		return graph || c == ' ';
	case 9:
		return graph && !(up || lo || dg);
	case 10:
		return c == ' ' || (c >= '\t' && c <= '\r');
	case 11:
		return up;
	case 12:
		return dg || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
	default:
		return false;
	}
}

enum bracket { BR_NO, BR_YES, BR_LITERAL };

/*
 * Skip the rest of a bracket expression after a member matched, from p (just
 * past that member) to past its closing ']'. BR_LITERAL when the bracket is
 * unterminated; BR_NO when glibc gives up on what it skips.
 */
static enum bracket bracket_skip(const struct glob *gl, size_t *pp)
{
	size_t p = *pp;
	int c;

	do {
	next:
		c = at(gl, p++);
		if (c == 0)
			return BR_LITERAL;
		if (c == '\\') {
			if (at(gl, p) == 0)
				return BR_NO;
			p++;
		} else if (c == '[' && at(gl, p) == ':') {
			size_t startp = p, c1 = 0;

			for (;;) {
				c = at(gl, ++p);
				if (++c1 == CLASS_NAME_MAX)
					return BR_NO;
				if (c == ':' && at(gl, p + 1) == ']')
					break;
				if (c < 'a' || c >= 'z') {
					p = startp;
					goto next;
				}
			}
			p += 2;
			c = at(gl, p++);
		} else if (c == '[' && at(gl, p) == '=') {
			c = at(gl, ++p);
			if (c == 0)
				return BR_NO;
			c = at(gl, ++p);
			if (c != '=' || at(gl, p + 1) != ']')
				return BR_NO;
			p += 2;
			c = at(gl, p++);
		} else if (c == '[' && at(gl, p) == '.') {
			for (;;) {
				c = at(gl, ++p);
				if (c == 0)
					return BR_NO;
				if (c == '.' && at(gl, p + 1) == ']')
					break;
			}
			p += 2;
			c = at(gl, p++);
		}
	} while (c != ']');
	*pp = p;
	return BR_YES;
}

/*
 * The bracket expression at *pp ('[') against byte sc, as glibc's fnmatch
 * reads it in the C locale. BR_YES moves *pp past the closing ']';
 * BR_LITERAL means the bracket is unterminated and '[' is an ordinary byte.
 */
static enum bracket bracket_match(const struct glob *gl, size_t *pp, unsigned char sc)
{
	size_t p = *pp + 1;
	int fn = fold(gl, sc), c, cold;
	bool not = false;

	if (at(gl, p) == '!' || at(gl, p) == '^') {
		not = true;
		p++;
	}
	c = at(gl, p++);
	for (;;) {
		if (c == '\\') {
			if (at(gl, p) == 0)
				return BR_NO;
			c = fold(gl, at(gl, p));
			p++;
			goto normal;
		} else if (c == '[' && at(gl, p) == ':') {
			unsigned char name[CLASS_NAME_MAX];
			size_t startp = p, c1 = 0;
			int cls;

			for (;;) {
				if (c1 == CLASS_NAME_MAX)
					return BR_NO;
				c = at(gl, ++p);
				if (c == ':' && at(gl, p + 1) == ']') {
					p += 2;
					break;
				}
				if (c < 'a' || c >= 'z') {
					p = startp;
					c = '[';
					goto normal;
				}
				name[c1++] = (unsigned char)c;
			}
			cls = class_lookup(name, c1);
			if (!cls)
				return BR_NO;
			if (class_has(cls, sc))
				goto matched;
			c = at(gl, p++);
		} else if (c == '[' && at(gl, p) == '=') {
			size_t startp = p;
			int str;

			c = at(gl, ++p);
			if (c == 0) {
				p = startp;
				c = '[';
				goto normal;
			}
			str = c;
			c = at(gl, ++p);
			if (c != '=' || at(gl, p + 1) != ']') {
				p = startp;
				c = '[';
				goto normal;
			}
			p += 2;
			if (sc == str)
				goto matched;
			c = at(gl, p++);
		} else if (c == 0) {
			return BR_LITERAL;
		} else {
			bool is_range;

			if (c == '[' && at(gl, p) == '.') {
				size_t startp = p, c1 = 0;

				for (;;) {
					c = at(gl, ++p);
					if (c == '.' && at(gl, p + 1) == ']') {
						p += 2;
						break;
					}
					if (c == 0)
						return BR_NO;
					c1++;
				}
				if (c1 != 1)
					return BR_NO;
				is_range =
				    at(gl, p) == '-' && at(gl, p + 1) != 0 && at(gl, p + 1) != ']';
				if (!is_range && gl->g[startp + 1] == fn)
					goto matched;
				cold = gl->g[startp + 1];
				c = at(gl, p++);
			} else {
				c = fold(gl, c);
			normal:
				is_range =
				    at(gl, p) == '-' && at(gl, p + 1) != 0 && at(gl, p + 1) != ']';
				if (!is_range && c == fn)
					goto matched;
				cold = c;
				c = at(gl, p++);
			}
			if (c == '-' && at(gl, p) != ']') {
				int cend = at(gl, p++);

				if (cend == '[' && at(gl, p) == '.') {
					size_t startp = p, c1 = 0;

					for (;;) {
						c = at(gl, ++p);
						if (c == '.' && at(gl, p + 1) == ']') {
							p += 2;
							break;
						}
						if (c == 0)
							return BR_NO;
						c1++;
					}
					if (c1 != 1)
						return BR_NO;
					cend = gl->g[startp + 1];
				} else {
					if (cend == '\\')
						cend = at(gl, p++);
					if (cend == 0)
						return BR_NO;
					cend = fold(gl, cend);
				}
				if (cold <= fn && fn <= cend)
					goto matched;
				c = at(gl, p++);
			}
		}
		if (c == ']')
			break;
	}
	if (!not )
		return BR_NO;
	*pp = p;
	return BR_YES;

matched:
	switch (bracket_skip(gl, &p)) {
	case BR_LITERAL:
		return BR_LITERAL;
	case BR_NO:
		return BR_NO;
	case BR_YES:
		break;
	}
	if (not )
		return BR_NO;
	*pp = p;
	return BR_YES;
}

/* One pattern element (not '*') at *pp against byte sc; on a match *pp moves past it. */
static bool elem_match(const struct glob *gl, size_t *pp, unsigned char sc)
{
	size_t p = *pp;
	int c = gl->g[p];

	switch (c) {
	case '?':
		*pp = p + 1;
		return true;
	case '\\':
		if (p + 1 >= gl->n)
			return false; /* a trailing '\' matches nothing */
		if (fold(gl, gl->g[p + 1]) != fold(gl, sc))
			return false;
		*pp = p + 2;
		return true;
	case '[':
		switch (bracket_match(gl, pp, sc)) {
		case BR_YES:
			return true;
		case BR_NO:
			return false;
		case BR_LITERAL:
			break;
		}
		/* An unterminated '[' is an ordinary byte. */
		__attribute__((fallthrough));
	default:
		if (fold(gl, c) != fold(gl, sc))
			return false;
		*pp = p + 1;
		return true;
	}
}

bool rt_glob_match(const char *g, size_t gn, const char *s, size_t sn, bool icase)
{
	const struct glob gl = {(const unsigned char *)g, gn, icase};
	const unsigned char *str = (const unsigned char *)s;
	size_t gi = 0, si = 0, star_g = 0, star_s = 0;
	bool star = false;

	while (gi < gn || si < sn) {
		if (gi < gn && g[gi] == '*') {
			while (gi < gn && g[gi] == '*')
				gi++;
			star = true;
			star_g = gi;
			star_s = si;
			continue;
		}
		if (gi < gn && si < sn) {
			size_t next = gi;

			if (elem_match(&gl, &next, str[si])) {
				gi = next;
				si++;
				continue;
			}
		}
		/* Mismatch: let the last '*' take one more byte, if it can. */
		if (!star || star_s >= sn)
			return false;
		si = ++star_s;
		gi = star_g;
	}
	return true;
}
