/* SPDX-License-Identifier: MIT */
/*
 * SemVer 2.0.0 precedence (section 11) for npm and crates.io, and Go's
 * module versions (golang.org/x/mod/semver), written from the SemVer text
 * and x/mod's documentation:
 *
 *   - major, minor and patch compare as numbers (here by value at any
 *     length; a missing minor or patch is 0);
 *   - a version with a pre-release sorts before the same version without;
 *     pre-releases compare identifier by identifier: numeric ones by value
 *     and before alphanumeric ones, alphanumeric ones in ASCII order, and a
 *     shorter list of equal identifiers first;
 *   - build metadata ("+...", Go's "+incompatible") does not count.
 *
 * One tolerant reading serves both orders and both checks; what is left
 * over sorts after (SemVer) or before (Go) every version, bytewise.
 */
#include <stdbool.h>
#include <string.h>

#include "pkg/pkg-version-priv.h"
#include "pkg/pkg-version.h"

struct semver {
	struct pkg_version_span raw;    /* the whole string */
	struct pkg_version_span num[3]; /* major, minor, patch; empty is 0 */
	struct pkg_version_span pre;    /* without the '-' */
	int nnum;
	bool has_pre, has_build, ok;
	const char *why; /* the strict grammar's complaint, or NULL */
};

static bool semver_is_blank(char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

static bool semver_is_ident(char c)
{
	return pkg_version_is_digit(c) || pkg_version_is_alpha(c) || c == '-';
}

/* A run of digits at *p, moved past; its length. */
static size_t semver_digits(const char **p, const char *end)
{
	const char *s = *p;

	while (*p < end && pkg_version_is_digit(**p))
		(*p)++;
	return (size_t)(*p - s);
}

/*
 * Dot-separated identifiers at *p up to end or stop ('+' or '\0'); false when
 * one is empty or holds a byte outside [0-9A-Za-z-]. *lead_zero is set when a
 * numeric identifier has a leading zero.
 */
static bool semver_idents(const char **p, const char *end, char stop, bool *lead_zero)
{
	for (;;) {
		const char *s = *p;
		bool digits = true;

		while (*p < end && semver_is_ident(**p)) {
			digits = digits && pkg_version_is_digit(**p);
			(*p)++;
		}
		if (*p == s)
			return false;
		if (digits && *p - s > 1 && *s == '0')
			*lead_zero = true;
		if (*p == end || **p == stop)
			return true;
		if (**p != '.')
			return false;
		(*p)++;
	}
}

static void semver_parse(const char *v, bool go, struct semver *out)
{
	const char *p = v, *end = v + strlen(v);
	bool lead_zero = false;

	memset(out, 0, sizeof(*out));
	/* Empty spans point at "" (memcmp() on NULL is undefined, even for 0 bytes). */
	out->num[0] = out->num[1] = out->num[2] = out->pre = (struct pkg_version_span){"", 0};
	out->raw = (struct pkg_version_span){v, (size_t)(end - v)};
	while (p < end && semver_is_blank(*p))
		p++;
	while (end > p && semver_is_blank(end[-1]))
		end--;
	if (!go && p < end && *p == '=')
		p++;
	if (p < end && (*p == 'v' || (!go && *p == 'V')))
		p++;
	while (out->nnum < 3) {
		const char *s = p;
		size_t n = semver_digits(&p, end);

		if (!n)
			return;
		out->num[out->nnum++] = (struct pkg_version_span){s, n};
		if (n > 1 && *s == '0')
			lead_zero = true;
		if (out->nnum == 3 || p == end || *p != '.')
			break;
		p++;
	}
	if (p < end && *p == '-') {
		p++;
		out->pre.s = p;
		if (!semver_idents(&p, end, '+', &lead_zero))
			return;
		out->pre.n = (size_t)(p - out->pre.s);
		out->has_pre = true;
	}
	if (p < end && *p == '+') {
		bool ignored = false;

		p++;
		if (!semver_idents(&p, end, '\0', &ignored))
			return;
		out->has_build = true;
	}
	if (p != end)
		return;
	out->ok = true;
	if (lead_zero)
		out->why = "a number has a leading zero";
	else if (out->nnum < 3 && (!go || out->has_pre || out->has_build))
		out->why = go ? "a short version has no pre-release or build"
		              : "major, minor and patch are all required";
	/* Go orders what it does not accept before every version. */
	if (go && out->why)
		out->ok = false;
}

/* Pre-release identifiers in turn, as SemVer's rule 11.4. */
static int semver_cmp_pre(struct pkg_version_span a, struct pkg_version_span b)
{
	size_t i = 0, j = 0;

	for (;;) {
		struct pkg_version_span x, y;
		bool xnum = true, ynum = true;
		int r;

		if (i > a.n || j > b.n)
			return (i <= a.n) - (j <= b.n);
		x.s = a.s + i, y.s = b.s + j;
		for (; i < a.n && a.s[i] != '.'; i++)
			xnum = xnum && pkg_version_is_digit(a.s[i]);
		for (; j < b.n && b.s[j] != '.'; j++)
			ynum = ynum && pkg_version_is_digit(b.s[j]);
		x.n = (size_t)(a.s + i - x.s), y.n = (size_t)(b.s + j - y.s);
		i++, j++; /* past the '.' or one past the end */
		if (xnum != ynum)
			return xnum ? -1 : 1;
		r = xnum ? pkg_version_cmp_digits(x, y) : pkg_version_cmp_bytes(x, y);
		if (r)
			return r;
	}
}

static int semver_cmp(const char *a, const char *b, bool go)
{
	struct semver x, y;
	int r;

	semver_parse(a, go, &x);
	semver_parse(b, go, &y);
	if (x.ok != y.ok)
		return (x.ok == go) ? 1 : -1;
	if (!x.ok)
		return pkg_version_cmp_bytes(x.raw, y.raw);
	for (int i = 0; i < 3; i++) {
		r = pkg_version_cmp_digits(x.num[i], y.num[i]);
		if (r)
			return r;
	}
	if (x.has_pre != y.has_pre)
		return x.has_pre ? -1 : 1;
	return x.has_pre ? semver_cmp_pre(x.pre, y.pre) : 0;
}

int pkg_version_semver_cmp(const char *a, const char *b)
{
	return semver_cmp(a, b, false);
}

int pkg_version_go_cmp(const char *a, const char *b)
{
	return semver_cmp(a, b, true);
}

static enum pkg_version_verdict semver_check(const char *v, bool go, const char **why)
{
	struct semver x;
	const char *w;

	semver_parse(v, go, &x);
	w = x.ok ? x.why : "not a semantic version (MAJOR.MINOR.PATCH[-PRE][+BUILD])";
	if (why)
		*why = w;
	return w ? PKG_VERSION_BAD : PKG_VERSION_OK;
}

enum pkg_version_verdict pkg_version_semver_check(const char *v, const char **why)
{
	return semver_check(v, false, why);
}

enum pkg_version_verdict pkg_version_go_check(const char *v, const char **why)
{
	return semver_check(v, true, why);
}
