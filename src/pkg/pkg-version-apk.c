/* SPDX-License-Identifier: MIT */
/*
 * apk-tools' version ordering, as apk-tools v3 orders versions (the rewrite
 * of src/version.c in 2024), written from its grammar in apk-package(5):
 *
 *   number{.number}...{letter}{_suffix{number}}...{~hash}{-r#}
 *
 * Both versions are read token by token; tokens of the same kind compare by
 * value, and the first difference decides. When the kinds differ, the
 * version that goes on with a pre-release suffix (_alpha, _beta, _pre, _rc)
 * is the older; otherwise the one that goes on is the newer (1.2 < 1.2.1,
 * 1.2 < 1.2a, 1.2 < 1.2_p1, 1.2 < 1.2-r1).
 *
 * The scanners' Go port (knqyf263/go-apk-version, 2020) still has the loop
 * apk-tools replaced in 2023, in which 6.0_pre1 sorts after 6.0, and lacks
 * v3's rule that a number with a leading zero after a '.' compares as a
 * string (8.2.0 < 8.2.001 < 8.2.01).
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "pkg/pkg-version-priv.h"
#include "pkg/pkg-version.h"

/* Token kinds, in the order the last rule compares them: END and INVALID last. */
enum apk_tok_kind {
	APK_TOK_INITIAL_DIGIT,
	APK_TOK_DIGIT,
	APK_TOK_LETTER,
	APK_TOK_SUFFIX,
	APK_TOK_SUFFIX_NO,
	APK_TOK_COMMIT_HASH,
	APK_TOK_REVISION_NO,
	APK_TOK_END,
	APK_TOK_INVALID,
};

/* Suffixes by rank; the ones before APK_SUFFIX_NONE mark pre-releases. */
enum apk_suffix {
	APK_SUFFIX_ALPHA,
	APK_SUFFIX_BETA,
	APK_SUFFIX_PRE,
	APK_SUFFIX_RC,
	APK_SUFFIX_NONE,
	APK_SUFFIX_CVS,
	APK_SUFFIX_SVN,
	APK_SUFFIX_GIT,
	APK_SUFFIX_HG,
	APK_SUFFIX_P,
	APK_SUFFIX_UNKNOWN,
};

static const char *const apk_suffix_names[] = {
    [APK_SUFFIX_ALPHA] = "alpha", [APK_SUFFIX_BETA] = "beta", [APK_SUFFIX_PRE] = "pre",
    [APK_SUFFIX_RC] = "rc",       [APK_SUFFIX_NONE] = "",     [APK_SUFFIX_CVS] = "cvs",
    [APK_SUFFIX_SVN] = "svn",     [APK_SUFFIX_GIT] = "git",   [APK_SUFFIX_HG] = "hg",
    [APK_SUFFIX_P] = "p",
};

/* The token last read, and where reading goes on. */
struct apk_tok {
	enum apk_tok_kind kind;
	enum apk_suffix suffix; /* of a SUFFIX */
	const char *s;          /* its text: digits, the letter, the suffix, the hash */
	size_t n;
	const char *p;   /* the rest of the version */
	const char *why; /* of an INVALID token */
};

static bool apk_is_lower(char c)
{
	return c >= 'a' && c <= 'z';
}

static bool apk_is_hex(char c)
{
	return pkg_version_is_digit(c) || (c >= 'a' && c <= 'f');
}

static void apk_invalid(struct apk_tok *t, const char *why)
{
	t->kind = APK_TOK_INVALID;
	t->why = why;
}

/* Take the digits at t->p as the token's text; none makes it INVALID. */
static void apk_take_digits(struct apk_tok *t, const char *why_none)
{
	t->s = t->p;
	while (pkg_version_is_digit(*t->p))
		t->p++;
	t->n = (size_t)(t->p - t->s);
	if (!t->n)
		apk_invalid(t, why_none);
}

static enum apk_suffix apk_suffix_of(const char *s, size_t n)
{
	for (int i = 0; i < APK_SUFFIX_UNKNOWN; i++)
		if (i != APK_SUFFIX_NONE && strlen(apk_suffix_names[i]) == n &&
		    !memcmp(apk_suffix_names[i], s, n))
			return (enum apk_suffix)i;
	return APK_SUFFIX_UNKNOWN;
}

static void apk_first(struct apk_tok *t, const char *v)
{
	*t = (struct apk_tok){.kind = APK_TOK_INITIAL_DIGIT, .p = v};
	apk_take_digits(t, "version does not start with a digit");
}

/* The token after t; each kind may follow only the kinds before it in the grammar. */
static void apk_next(struct apk_tok *t)
{
	const char *p = t->p, *why;

	if (!*p) {
		t->kind = APK_TOK_END;
		return;
	}
	if (apk_is_lower(*p)) {
		why = "a letter may only follow a number";
		if (t->kind > APK_TOK_DIGIT)
			goto invalid;
		t->kind = APK_TOK_LETTER;
		t->s = p;
		t->n = 1;
		t->p = p + 1;
		return;
	}
	if (*p == '.' || pkg_version_is_digit(*p)) {
		why = "'.' may only follow a number";
		if (*p == '.' && t->kind > APK_TOK_DIGIT)
			goto invalid;
		t->p = p + (*p == '.');
		why = "a number may not follow a letter";
		if (t->kind == APK_TOK_INITIAL_DIGIT || t->kind == APK_TOK_DIGIT)
			t->kind = APK_TOK_DIGIT;
		else if (t->kind == APK_TOK_SUFFIX)
			t->kind = APK_TOK_SUFFIX_NO;
		else
			goto invalid;
		apk_take_digits(t, "no number after '.'");
		return;
	}
	switch (*p) {
	case '_':
		why = "a suffix may not follow a hash or a revision";
		if (t->kind > APK_TOK_SUFFIX_NO)
			goto invalid;
		t->s = ++p;
		while (apk_is_lower(*p))
			p++;
		t->n = (size_t)(p - t->s);
		t->p = p;
		t->suffix = apk_suffix_of(t->s, t->n);
		why = "unknown suffix (not alpha, beta, pre, rc, cvs, svn, git, hg or p)";
		if (t->suffix == APK_SUFFIX_UNKNOWN)
			goto invalid;
		t->kind = APK_TOK_SUFFIX;
		return;
	case '~':
		why = "'~hash' may come only once, before the revision";
		if (t->kind >= APK_TOK_COMMIT_HASH)
			goto invalid;
		t->s = ++p;
		while (apk_is_hex(*p))
			p++;
		t->n = (size_t)(p - t->s);
		t->p = p;
		why = "no lowercase hex digits after '~'";
		if (!t->n)
			goto invalid;
		t->kind = APK_TOK_COMMIT_HASH;
		return;
	case '-':
		why = "a second revision";
		if (t->kind >= APK_TOK_REVISION_NO)
			goto invalid;
		why = "'-' must start a revision '-rN'";
		if (p[1] != 'r')
			goto invalid;
		t->p = p + 2;
		t->kind = APK_TOK_REVISION_NO;
		apk_take_digits(t, "revision number is empty");
		return;
	default:
		why = "invalid character";
		break;
	}
invalid:
	apk_invalid(t, why);
}

/* Two tokens of the same kind, below END. */
static int apk_cmp_token(const struct apk_tok *a, const struct apk_tok *b)
{
	struct pkg_version_span sa = {a->s, a->n}, sb = {b->s, b->n};

	switch (a->kind) {
	case APK_TOK_DIGIT:
		/* Gentoo's rule: a leading zero after a '.' makes it a string (1.0 < 1.001). */
		if (*a->s == '0' || *b->s == '0')
			return pkg_version_cmp_bytes(sa, sb);
		return pkg_version_cmp_digits(sa, sb);
	case APK_TOK_INITIAL_DIGIT:
	case APK_TOK_SUFFIX_NO:
	case APK_TOK_REVISION_NO:
		return pkg_version_cmp_digits(sa, sb);
	case APK_TOK_LETTER:
		return (*a->s > *b->s) - (*a->s < *b->s);
	case APK_TOK_SUFFIX:
		return (a->suffix > b->suffix) - (a->suffix < b->suffix);
	default: /* the commit hash */
		return pkg_version_cmp_bytes(sa, sb);
	}
}

int pkg_version_apk_cmp(const char *a, const char *b)
{
	struct apk_tok ta, tb;
	int r;

	apk_first(&ta, a);
	apk_first(&tb, b);
	while (ta.kind == tb.kind && ta.kind < APK_TOK_END) {
		r = apk_cmp_token(&ta, &tb);
		if (r)
			return r;
		apk_next(&ta);
		apk_next(&tb);
	}
	if (ta.kind == tb.kind)
		return 0;
	if (ta.kind == APK_TOK_SUFFIX && ta.suffix < APK_SUFFIX_NONE)
		return -1;
	if (tb.kind == APK_TOK_SUFFIX && tb.suffix < APK_SUFFIX_NONE)
		return 1;
	return ta.kind > tb.kind ? -1 : 1;
}

enum pkg_version_verdict pkg_version_apk_check(const char *v, const char **why)
{
	struct apk_tok t;

	for (apk_first(&t, v); t.kind < APK_TOK_END; apk_next(&t))
		;
	if (why)
		*why = t.kind == APK_TOK_END ? NULL : t.why;
	return t.kind == APK_TOK_END ? PKG_VERSION_OK : PKG_VERSION_BAD;
}
