/* SPDX-License-Identifier: MIT */
/*
 * The bounded TOML reader of pkg-toml.h: one pass over the bytes, building
 * a tree of values. Every byte is either understood or an error: a reader
 * of lock files must not make up packages from a file it half read.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>

#include "pkg/pkg-app.h"
#include "pkg/pkg-toml.h"

enum {
	TF_DEFINED = 1u << 0, /* a table a header or dotted keys defined: not to be defined again */
	TF_INLINE = 1u << 1,  /* an inline table or an array value: closed */
	TF_AOT = 1u << 2,     /* an array made by [[header]]s */
};

/* Above this many keys, a table gets a hash index. */
#define TOML_INDEX_FROM 8

struct tp {
	const char *path;
	const char *p, *end;
	const char *line_start;
	int line;
	int depth;
	size_t values;
	struct vakt_error **err;
};

static void tp_error(struct tp *t, int code, const char *fmt, ...) VAKT_PRINTF(3, 4);
/* Set the error at the cursor and give code (a constant: the analyzers see it is not 0). */
#define tp_fail(t, code, ...) (tp_error((t), (code), __VA_ARGS__), (code))

static void tp_error(struct tp *t, int code, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = vakt_xvasprintf(fmt, ap);
	va_end(ap);
	vakt_error_set_at(t->err, code, t->path, t->line, (int)(t->p - t->line_start) + 1, "%s",
	                  msg);
	free(msg);
}

/* What is at the cursor, for messages: "end of file", "a new line" or the character. */
static const char *tp_here(const struct tp *t, char buf[8])
{
	unsigned char c;

	if (t->p >= t->end)
		return "end of file";
	c = (unsigned char)*t->p;
	if (c == '\n' || c == '\r')
		return "a new line";
	if (c < 0x20 || c >= 0x7f)
		snprintf(buf, 8, "0x%02x", c);
	else
		snprintf(buf, 8, "'%c'", c);
	return buf;
}

static struct pkg_toml_value *tp_new(struct tp *t, enum pkg_toml_type type)
{
	struct pkg_toml_value *v;

	if (t->values >= PKG_TOML_MAX_VALUES) {
		tp_error(t, -E2BIG, "more than %d values", PKG_TOML_MAX_VALUES);
		return NULL;
	}
	t->values++;
	v = vakt_xcalloc(1, sizeof(*v));
	v->type = type;
	v->line = t->line;
	return v;
}

void pkg_toml_free(struct pkg_toml_value *v)
{
	if (!v)
		return;
	for (size_t i = 0; i < v->n; i++) {
		pkg_toml_free(v->v[i]);
		if (v->keys)
			free(v->keys[i]);
	}
	free(v->v);
	free(v->keys);
	free(v->index);
	free(v->s);
	free(v);
}

const char *pkg_toml_type_name(enum pkg_toml_type t)
{
	switch (t) {
	case PKG_TOML_TABLE:
		return "a table";
	case PKG_TOML_ARRAY:
		return "an array";
	case PKG_TOML_STRING:
		return "a string";
	case PKG_TOML_INTEGER:
		return "an integer";
	case PKG_TOML_FLOAT:
		return "a float";
	case PKG_TOML_BOOL:
		return "a boolean";
	case PKG_TOML_DATETIME:
		return "a date-time";
	}
	return "a value";
}

/* --- tables --------------------------------------------------------------- */

static size_t toml_hash(const char *s)
{
	size_t h = 1469598103934665603ull;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211ull;
	return h;
}

static void toml_index_put(struct pkg_toml_value *t, size_t i)
{
	size_t m = t->index_cap - 1, k = toml_hash(t->keys[i]) & m;

	while (t->index[k])
		k = (k + 1) & m;
	t->index[k] = i + 1;
}

static void toml_index_rebuild(struct pkg_toml_value *t)
{
	size_t cap = 32;

	while (cap < t->n * 2 + 2)
		cap *= 2;
	free(t->index);
	t->index = vakt_xcalloc(cap, sizeof(*t->index));
	t->index_cap = cap;
	for (size_t i = 0; i < t->n; i++)
		toml_index_put(t, i);
}

static struct pkg_toml_value *toml_find(const struct pkg_toml_value *t, const char *key)
{
	if (t->index) {
		size_t m = t->index_cap - 1, k = toml_hash(key) & m;

		while (t->index[k]) {
			if (!strcmp(t->keys[t->index[k] - 1], key))
				return t->v[t->index[k] - 1];
			k = (k + 1) & m;
		}
		return NULL;
	}
	for (size_t i = 0; i < t->n; i++)
		if (!strcmp(t->keys[i], key))
			return t->v[i];
	return NULL;
}

/* Add key = v to table t (the key must be new). Takes key and v. */
static void toml_table_put(struct pkg_toml_value *t, char *key, struct pkg_toml_value *v)
{
	size_t cap = t->cap;

	t->v = vakt_grow(t->v, sizeof(*t->v), t->n + 1, &t->cap);
	t->keys = vakt_grow(t->keys, sizeof(*t->keys), t->n + 1, &cap);
	t->keys[t->n] = key;
	t->v[t->n++] = v;
	if (t->n > TOML_INDEX_FROM) {
		if (!t->index || t->n * 2 + 2 > t->index_cap)
			toml_index_rebuild(t);
		else
			toml_index_put(t, t->n - 1);
	}
}

static void toml_array_push(struct pkg_toml_value *a, struct pkg_toml_value *v)
{
	a->v = vakt_grow(a->v, sizeof(*a->v), a->n + 1, &a->cap);
	a->v[a->n++] = v;
}

const struct pkg_toml_value *pkg_toml_get(const struct pkg_toml_value *t, const char *key)
{
	if (!t || t->type != PKG_TOML_TABLE)
		return NULL;
	return toml_find(t, key);
}

const char *pkg_toml_get_str(const struct pkg_toml_value *t, const char *key)
{
	const struct pkg_toml_value *v = pkg_toml_get(t, key);

	if (!v || v->type != PKG_TOML_STRING || strlen(v->s) != v->len)
		return NULL;
	return v->s;
}

/* --- lexing ----------------------------------------------------------------- */

static bool tp_eof(const struct tp *t)
{
	return t->p >= t->end;
}

static void tp_skip_ws(struct tp *t)
{
	while (t->p < t->end && (*t->p == ' ' || *t->p == '\t'))
		t->p++;
}

/* At a new line ("\n" or "\r\n"): step over it. Returns false when not at one. */
static bool tp_newline(struct tp *t)
{
	if (t->p < t->end && *t->p == '\n') {
		t->p++;
	} else if (t->end - t->p >= 2 && t->p[0] == '\r' && t->p[1] == '\n') {
		t->p += 2;
	} else {
		return false;
	}
	t->line++;
	t->line_start = t->p;
	return true;
}

static void tp_skip_comment(struct tp *t)
{
	if (t->p < t->end && *t->p == '#')
		while (t->p < t->end && *t->p != '\n' && *t->p != '\r')
			t->p++;
}

/* Blanks, comments and new lines (inside arrays and inline tables). */
static int tp_skip_all(struct tp *t)
{
	for (;;) {
		tp_skip_ws(t);
		tp_skip_comment(t);
		if (tp_eof(t))
			return 0;
		if (*t->p == '\r') {
			if (!tp_newline(t))
				return tp_fail(t, -EINVAL,
				               "expected a new line after a carriage return");
			continue;
		}
		if (*t->p != '\n')
			return 0;
		tp_newline(t);
	}
}

/* The end of a line: blanks, a comment, then a new line or the end of the file. */
static int tp_end_line(struct tp *t, const char *after)
{
	char b[8];

	tp_skip_ws(t);
	tp_skip_comment(t);
	if (tp_eof(t) || tp_newline(t))
		return 0;
	return tp_fail(t, -EINVAL, "expected a new line after %s, got %s", after, tp_here(t, b));
}

static bool is_bare(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '-';
}

static void utf8_put(struct vakt_buf *b, unsigned long c)
{
	char s[4];
	size_t n;

	if (c < 0x80) {
		s[0] = (char)c;
		n = 1;
	} else if (c < 0x800) {
		s[0] = (char)(0xc0 | (c >> 6));
		s[1] = (char)(0x80 | (c & 0x3f));
		n = 2;
	} else if (c < 0x10000) {
		s[0] = (char)(0xe0 | (c >> 12));
		s[1] = (char)(0x80 | ((c >> 6) & 0x3f));
		s[2] = (char)(0x80 | (c & 0x3f));
		n = 3;
	} else {
		s[0] = (char)(0xf0 | (c >> 18));
		s[1] = (char)(0x80 | ((c >> 12) & 0x3f));
		s[2] = (char)(0x80 | ((c >> 6) & 0x3f));
		s[3] = (char)(0x80 | (c & 0x3f));
		n = 4;
	}
	vakt_buf_add(b, s, n);
}

/* The escape at t->p (just after the backslash) into b. */
static int tp_escape(struct tp *t, struct vakt_buf *b)
{
	static const char from[] = "btnfr\"\\", to[] = "\b\t\n\f\r\"\\";
	const char *k;
	unsigned long c = 0;
	int digits;

	if (tp_eof(t))
		return tp_fail(t, -EINVAL, "unterminated string");
	k = strchr(from, *t->p);
	if (k && *t->p) {
		vakt_buf_addc(b, to[k - from]);
		t->p++;
		return 0;
	}
	if (*t->p != 'u' && *t->p != 'U')
		return tp_fail(t, -EINVAL,
		               "expected an escape (\\b \\t \\n \\f \\r \\\" \\\\ \\u \\U)");
	digits = *t->p == 'u' ? 4 : 8;
	t->p++;
	for (int i = 0; i < digits; i++) {
		int h = t->p < t->end ? vakt_hex_value(*t->p) : -1;

		if (h < 0)
			return tp_fail(t, -EINVAL,
			               "expected %d hexadecimal digits in a \\%c escape", digits,
			               digits == 4 ? 'u' : 'U');
		c = c * 16 + (unsigned long)h;
		t->p++;
	}
	if (c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return tp_fail(t, -EINVAL, "expected a Unicode scalar value in the escape");
	utf8_put(b, c);
	return 0;
}

/* Control characters other than tab have no place in strings. */
static bool is_control(unsigned char c)
{
	return (c < 0x20 && c != '\t') || c == 0x7f;
}

/*
 * A string at t->p (on its first quote) into b: basic or literal, one-line
 * or multi-line (multi is set for the latter).
 */
static int tp_string(struct tp *t, struct vakt_buf *b, bool allow_multi)
{
	char q = *t->p;
	bool multi = allow_multi && t->end - t->p >= 3 && t->p[1] == q && t->p[2] == q;
	int r;

	t->p += multi ? 3 : 1;
	if (multi)
		tp_newline(t); /* a new line right after the opening quotes is dropped */
	for (;;) {
		unsigned char c;

		if (tp_eof(t))
			return tp_fail(t, -EINVAL, "unterminated string");
		c = (unsigned char)*t->p;
		if (c == (unsigned char)q) {
			size_t run = 0;

			if (!multi) {
				t->p++;
				return 0;
			}
			while (t->p + run < t->end && t->p[run] == q && run < 6)
				run++;
			if (run < 3) {
				vakt_buf_add(b, t->p, run);
				t->p += run;
				continue;
			}
			if (run > 5)
				return tp_fail(t, -EINVAL,
				               "expected at most 5 quotes closing a string");
			vakt_buf_add(b, t->p, run - 3);
			t->p += run;
			return 0;
		}
		if (c == '\\' && q == '"') {
			t->p++;
			if (multi) {
				/* A backslash ending a line trims the blanks and new lines after
				 * it. */
				const char *s = t->p;

				while (s < t->end && (*s == ' ' || *s == '\t'))
					s++;
				if (s < t->end && (*s == '\n' || *s == '\r')) {
					t->p = s;
					if (!tp_newline(t))
						return tp_fail(t, -EINVAL,
						               "expected a new line after a "
						               "carriage return");
					for (;;) {
						tp_skip_ws(t);
						if (!tp_newline(t))
							break;
					}
					continue;
				}
			}
			r = tp_escape(t, b);
			if (r)
				return r;
			continue;
		}
		if (c == '\n' || c == '\r') {
			if (!multi)
				return tp_fail(t, -EINVAL,
				               "unterminated string (a new line before "
				               "its closing quote)");
			if (!tp_newline(t))
				return tp_fail(t, -EINVAL,
				               "expected a new line after a carriage return");
			vakt_buf_addc(b, '\n');
			continue;
		}
		if (is_control(c))
			return tp_fail(t, -EINVAL, "control character 0x%02x in a string", c);
		vakt_buf_addc(b, (char)c);
		t->p++;
	}
}

/* One part of a key (bare or quoted); the caller owns *out. */
static int tp_key_part(struct tp *t, char **out)
{
	struct vakt_buf b = VAKT_BUF_INIT;
	char buf[8];
	int r;

	*out = NULL;
	if (!tp_eof(t) && (*t->p == '"' || *t->p == '\'')) {
		r = tp_string(t, &b, false);
		if (!r && strlen(vakt_buf_str(&b)) != b.len)
			r = tp_fail(t, -EINVAL, "key holding a NUL character");
		if (r) {
			vakt_buf_release(&b);
			return r;
		}
		*out = vakt_xstrdup(vakt_buf_str(&b));
		vakt_buf_release(&b);
		return 0;
	}
	if (tp_eof(t) || !is_bare(*t->p))
		return tp_fail(t, -EINVAL, "expected a key, got %s", tp_here(t, buf));
	{
		const char *s = t->p;

		while (t->p < t->end && is_bare(*t->p))
			t->p++;
		*out = vakt_xstrndup(s, (size_t)(t->p - s));
	}
	return 0;
}

/* A dotted key into parts[0..*n), at most max parts (owned by the caller on any return). */
static int tp_key(struct tp *t, char **parts, int *n, int max)
{
	int r;

	*n = 0;
	for (;;) {
		if (*n >= max)
			return tp_fail(t, -E2BIG, "key with more than %d parts", max);
		tp_skip_ws(t);
		r = tp_key_part(t, &parts[*n]);
		if (r)
			return r;
		(*n)++;
		tp_skip_ws(t);
		if (tp_eof(t) || *t->p != '.')
			return 0;
		t->p++;
	}
}

static void parts_free(char **parts, int n)
{
	for (int i = 0; i < n; i++)
		free(parts[i]);
}

/* --- values ------------------------------------------------------------------ */

static int tp_value(struct tp *t, struct pkg_toml_value **out);

static bool all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return n > 0;
}

/* Digits of base (with single '_' between digits) in [s, s+n). */
static bool digits_ok(const char *s, size_t n, int base)
{
	if (!n || s[0] == '_' || s[n - 1] == '_')
		return false;
	for (size_t i = 0; i < n; i++) {
		int h = vakt_hex_value(s[i]);

		if (s[i] == '_') {
			if (s[i + 1] == '_')
				return false;
			continue;
		}
		if (h < 0 || h >= base)
			return false;
	}
	return true;
}

/* Whether [s, s+n) is a TOML decimal float (not inf/nan). */
static bool float_ok(const char *s, size_t n)
{
	size_t i = 0, j;
	bool frac = false, exp = false;

	if (i < n && (s[i] == '+' || s[i] == '-'))
		i++;
	j = i;
	while (i < n && ((s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
		i++;
	if (!digits_ok(s + j, i - j, 10) || (i - j > 1 && s[j] == '0'))
		return false;
	if (i < n && s[i] == '.') {
		j = ++i;
		while (i < n && ((s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
			i++;
		if (!digits_ok(s + j, i - j, 10))
			return false;
		frac = true;
	}
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < n && (s[i] == '+' || s[i] == '-'))
			i++;
		j = i;
		while (i < n && ((s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
			i++;
		if (!digits_ok(s + j, i - j, 10))
			return false;
		exp = true;
	}
	return i == n && (frac || exp);
}

/* Whether [s, s+n) looks like a TOML date, time or date-time. */
static bool datetime_ok(const char *s, size_t n)
{
	bool date = n >= 10 && all_digits(s, 4) && s[4] == '-' && all_digits(s + 5, 2) &&
	            s[7] == '-' && all_digits(s + 8, 2);
	bool time = n >= 8 && all_digits(s, 2) && s[2] == ':' && all_digits(s + 3, 2) &&
	            s[5] == ':' && all_digits(s + 6, 2);

	if (!date && !time)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!strchr("0123456789-:.TtZz+ ", s[i]))
			return false;
	return true;
}

static int tp_scalar_token(struct tp *t, struct pkg_toml_value **out)
{
	const char *s = t->p;
	size_t n;
	struct pkg_toml_value *v;

	while (t->p < t->end && (is_bare(*t->p) || *t->p == '+' || *t->p == '.' || *t->p == ':'))
		t->p++;
	/* "1979-05-27 07:32:00": a date, a space and a time are one value. */
	if (t->p - s == 10 && t->end - t->p >= 3 && t->p[0] == ' ' && t->p[1] >= '0' &&
	    t->p[1] <= '9') {
		t->p++;
		while (t->p < t->end &&
		       (is_bare(*t->p) || *t->p == '+' || *t->p == '.' || *t->p == ':'))
			t->p++;
	}
	n = (size_t)(t->p - s);
	if (n == 4 && !memcmp(s, "true", 4)) {
		if (!(v = tp_new(t, PKG_TOML_BOOL)))
			return -E2BIG;
		v->b = true;
	} else if (n == 5 && !memcmp(s, "false", 5)) {
		if (!(v = tp_new(t, PKG_TOML_BOOL)))
			return -E2BIG;
	} else if (datetime_ok(s, n)) {
		if (!(v = tp_new(t, PKG_TOML_DATETIME)))
			return -E2BIG;
		v->s = vakt_xstrndup(s, n);
		v->len = n;
	} else {
		const char *d = s;
		size_t dn = n;
		bool neg = false;
		int base = 10;

		if (dn && (*d == '+' || *d == '-')) {
			neg = *d == '-';
			d++;
			dn--;
		}
		if (d == s && dn > 2 && d[0] == '0' && strchr("xob", d[1])) {
			base = d[1] == 'x' ? 16 : d[1] == 'o' ? 8 : 2;
			d += 2;
			dn -= 2;
		}
		if (digits_ok(d, dn, base) && (base != 10 || dn == 1 || d[0] != '0')) {
			unsigned long long u = 0;
			unsigned long long lim =
			    neg ? (unsigned long long)LLONG_MAX + 1 : LLONG_MAX;

			for (size_t i = 0; i < dn; i++) {
				unsigned h;

				if (d[i] == '_')
					continue;
				h = (unsigned)vakt_hex_value(d[i]);
				if (u > (lim - h) / (unsigned)base) {
					t->p = s;
					return tp_fail(t, -EINVAL, "integer '%.*s' out of range",
					               (int)(n > 40 ? 40 : n), s);
				}
				u = u * (unsigned)base + h;
			}
			if (!(v = tp_new(t, PKG_TOML_INTEGER)))
				return -E2BIG;
			v->i = neg ? (long long)(0 - u) : (long long)u;
		} else if (float_ok(s, n) ||
		           (dn == 3 && (!memcmp(d, "inf", 3) || !memcmp(d, "nan", 3)))) {
			if (!(v = tp_new(t, PKG_TOML_FLOAT)))
				return -E2BIG;
			v->s = vakt_xstrndup(s, n);
			v->len = n;
		} else {
			char b[8];

			if (!n)
				return tp_fail(t, -EINVAL,
				               "expected a value (a string, number, boolean, array "
				               "or inline table), got %s",
				               tp_here(t, b));
			t->p = s;
			return tp_fail(t, -EINVAL,
			               "expected a value (a string, number, boolean, array or "
			               "inline table), got '%.*s'",
			               (int)(n > 40 ? 40 : n), s);
		}
	}
	*out = v;
	return 0;
}

static int tp_enter(struct tp *t)
{
	if (t->depth >= PKG_APP_MAX_DEPTH)
		return tp_fail(t, -E2BIG, "nesting deeper than %d", PKG_APP_MAX_DEPTH);
	t->depth++;
	return 0;
}

static int tp_array(struct tp *t, struct pkg_toml_value **out)
{
	struct pkg_toml_value *a, *v;
	char b[8];
	int r;

	if ((r = tp_enter(t)))
		return r;
	if (!(a = tp_new(t, PKG_TOML_ARRAY)))
		return -E2BIG;
	a->flags = TF_INLINE;
	t->p++;
	for (;;) {
		if ((r = tp_skip_all(t)))
			goto fail;
		if (!tp_eof(t) && *t->p == ']')
			break;
		if ((r = tp_value(t, &v)))
			goto fail;
		toml_array_push(a, v);
		if ((r = tp_skip_all(t)))
			goto fail;
		if (!tp_eof(t) && *t->p == ',') {
			t->p++;
			continue;
		}
		if (!tp_eof(t) && *t->p == ']')
			break;
		r = tp_fail(t, -EINVAL, "expected ',' or ']' in an array, got %s", tp_here(t, b));
		goto fail;
	}
	t->p++;
	t->depth--;
	*out = a;
	return 0;
fail:
	pkg_toml_free(a);
	return r;
}

/*
 * Walk the dotted key parts[0..n-1) down from table t, creating tables on
 * the way (flagged with `flags`); *out is the table that gets parts[n-1].
 */
static int tp_descend(struct tp *t, struct pkg_toml_value *tab, char **parts, int n, unsigned flags,
                      bool headers, struct pkg_toml_value **out)
{
	for (int i = 0; i < n; i++) {
		struct pkg_toml_value *c = toml_find(tab, parts[i]);

		if (!c) {
			if (!(c = tp_new(t, PKG_TOML_TABLE)))
				return -E2BIG;
			c->flags = flags;
			toml_table_put(tab, vakt_xstrdup(parts[i]), c);
		} else if (headers && c->type == PKG_TOML_ARRAY && (c->flags & TF_AOT)) {
			c = c->v[c->n - 1];
		} else if (c->type != PKG_TOML_TABLE || (c->flags & TF_INLINE)) {
			return tp_fail(t, -EINVAL, "key '%s' is already %s, not a table to extend",
			               parts[i],
			               c->flags & TF_INLINE && c->type == PKG_TOML_TABLE
			                   ? "an inline table"
			                   : pkg_toml_type_name(c->type));
		}
		tab = c;
	}
	*out = tab;
	return 0;
}

/* `key = value` into table tab (flags for the tables dotted keys make). */
static int tp_keyval(struct tp *t, struct pkg_toml_value *tab, unsigned flags)
{
	char *parts[PKG_APP_MAX_DEPTH] = {0};
	struct pkg_toml_value *dst, *v = NULL;
	int n = 0, r, extra;
	char b[8];

	r = tp_key(t, parts, &n,
	           PKG_APP_MAX_DEPTH - t->depth > 0 ? PKG_APP_MAX_DEPTH - t->depth : 1);
	if (r)
		goto out;
	if (tp_eof(t) || *t->p != '=') {
		r = tp_fail(t, -EINVAL, "expected '=' after the key '%s', got %s", parts[n - 1],
		            tp_here(t, b));
		goto out;
	}
	t->p++;
	tp_skip_ws(t);
	r = tp_descend(t, tab, parts, n - 1, flags | TF_DEFINED, false, &dst);
	if (r)
		goto out;
	if (toml_find(dst, parts[n - 1])) {
		r = tp_fail(t, -EINVAL, "duplicate key '%s'", parts[n - 1]);
		goto out;
	}
	/* The tables a dotted key makes count as nesting, as inline tables do. */
	extra = n - 1;
	t->depth += extra;
	r = tp_value(t, &v);
	t->depth -= extra;
	if (r)
		goto out;
	toml_table_put(dst, parts[n - 1], v);
	parts[--n] = NULL;
out:
	parts_free(parts, n);
	return r;
}

static int tp_inline_table(struct tp *t, struct pkg_toml_value **out)
{
	struct pkg_toml_value *tab;
	char b[8];
	int r;

	if ((r = tp_enter(t)))
		return r;
	if (!(tab = tp_new(t, PKG_TOML_TABLE)))
		return -E2BIG;
	tab->flags = TF_INLINE | TF_DEFINED;
	t->p++;
	for (;;) {
		if ((r = tp_skip_all(t)))
			goto fail;
		if (!tp_eof(t) && *t->p == '}')
			break;
		if ((r = tp_keyval(t, tab, TF_INLINE)))
			goto fail;
		if ((r = tp_skip_all(t)))
			goto fail;
		if (!tp_eof(t) && *t->p == ',') {
			t->p++;
			continue;
		}
		if (!tp_eof(t) && *t->p == '}')
			break;
		r = tp_fail(t, -EINVAL, "expected ',' or '}' in an inline table, got %s",
		            tp_here(t, b));
		goto fail;
	}
	t->p++;
	t->depth--;
	*out = tab;
	return 0;
fail:
	pkg_toml_free(tab);
	return r;
}

static int tp_value(struct tp *t, struct pkg_toml_value **out)
{
	struct vakt_buf b = VAKT_BUF_INIT;
	struct pkg_toml_value *v;
	int r, line = t->line;

	*out = NULL;
	if (tp_eof(t))
		return tp_fail(t, -EINVAL, "expected a value, got end of file");
	switch (*t->p) {
	case '"':
	case '\'':
		r = tp_string(t, &b, true);
		if (r) {
			vakt_buf_release(&b);
			return r;
		}
		if (!(v = tp_new(t, PKG_TOML_STRING))) {
			vakt_buf_release(&b);
			return -E2BIG;
		}
		v->line = line;
		v->len = b.len;
		v->s = b.data ? vakt_buf_detach(&b) : vakt_xstrdup("");
		vakt_buf_release(&b);
		*out = v;
		return 0;
	case '[':
		return tp_array(t, out);
	case '{':
		return tp_inline_table(t, out);
	default:
		return tp_scalar_token(t, out);
	}
}

/* --- documents ---------------------------------------------------------------- */

/* `[a.b]` or `[[a.b]]` at t->p; *cur becomes the table that follows. */
static int tp_header(struct tp *t, struct pkg_toml_value *root, struct pkg_toml_value **cur)
{
	char *parts[PKG_APP_MAX_DEPTH] = {0};
	struct pkg_toml_value *parent, *c;
	bool aot = t->end - t->p >= 2 && t->p[1] == '[';
	int n = 0, r, line = t->line;
	char b[8];

	t->p += aot ? 2 : 1;
	r = tp_key(t, parts, &n, PKG_APP_MAX_DEPTH);
	if (r)
		goto out;
	if (tp_eof(t) || *t->p != ']' || (aot && (t->end - t->p < 2 || t->p[1] != ']'))) {
		r = tp_fail(t, -EINVAL, "expected '%s' to close the table header, got %s",
		            aot ? "]]" : "]", tp_here(t, b));
		goto out;
	}
	t->p += aot ? 2 : 1;
	r = tp_descend(t, root, parts, n - 1, 0, true, &parent);
	if (r)
		goto out;
	c = toml_find(parent, parts[n - 1]);
	if (aot) {
		struct pkg_toml_value *tab;

		if (!c) {
			if (!(c = tp_new(t, PKG_TOML_ARRAY))) {
				r = -E2BIG;
				goto out;
			}
			c->flags = TF_AOT;
			toml_table_put(parent, parts[n - 1], c);
			parts[--n] = NULL;
		} else if (c->type != PKG_TOML_ARRAY || !(c->flags & TF_AOT)) {
			r = tp_fail(t, -EINVAL, "key '%s' is already %s, not an array of tables",
			            parts[n - 1], pkg_toml_type_name(c->type));
			goto out;
		}
		if (!(tab = tp_new(t, PKG_TOML_TABLE))) {
			r = -E2BIG;
			goto out;
		}
		tab->flags = TF_DEFINED;
		tab->line = line;
		toml_array_push(c, tab);
		*cur = tab;
	} else {
		if (!c) {
			if (!(c = tp_new(t, PKG_TOML_TABLE))) {
				r = -E2BIG;
				goto out;
			}
			toml_table_put(parent, parts[n - 1], c);
			parts[--n] = NULL;
		} else if (c->type != PKG_TOML_TABLE || (c->flags & (TF_DEFINED | TF_INLINE))) {
			r = tp_fail(t, -EINVAL, "table '%s' is defined twice", parts[n - 1]);
			goto out;
		}
		c->flags |= TF_DEFINED;
		c->line = line;
		*cur = c;
	}
	r = tp_end_line(t, "the table header");
out:
	parts_free(parts, n);
	return r;
}

int pkg_toml_parse(const char *path, const char *data, size_t len, struct pkg_toml_value **root,
                   struct vakt_error **err)
{
	struct tp t = {
	    .path = path, .p = data, .end = data + len, .line_start = data, .line = 1, .err = err};
	struct pkg_toml_value *doc, *cur;
	size_t bad;
	int r = 0;

	*root = NULL;
	if (len > PKG_APP_MAX_FILE)
		return vakt_error_set_at(err, -EFBIG, path, 0, 0, "file larger than %u bytes",
		                         PKG_APP_MAX_FILE);
	if (!vakt_utf8_valid(data, len, &bad)) {
		const char *ls = data;

		t.line = 1;
		for (const char *q = data; q < data + bad; q++)
			if (*q == '\n') {
				t.line++;
				ls = q + 1;
			}
		t.line_start = ls;
		t.p = data + bad;
		return tp_fail(&t, -EINVAL, "expected UTF-8 text");
	}
	/* A byte order mark may start the file. */
	if (len >= 3 && !memcmp(data, "\xef\xbb\xbf", 3))
		t.p += 3;
	doc = cur = tp_new(&t, PKG_TOML_TABLE);
	while (!r) {
		tp_skip_ws(&t);
		tp_skip_comment(&t);
		if (tp_eof(&t))
			break;
		if (tp_newline(&t))
			continue;
		if (*t.p == '[') {
			r = tp_header(&t, doc, &cur);
			continue;
		}
		r = tp_keyval(&t, cur, 0);
		if (!r)
			r = tp_end_line(&t, "the value");
	}
	if (r) {
		pkg_toml_free(doc);
		return r;
	}
	*root = doc;
	return 0;
}

int pkg_toml_get_array(const char *path, const struct pkg_toml_value *root, const char *key,
                       const struct pkg_toml_value **out, struct vakt_error **err)
{
	const struct pkg_toml_value *a = pkg_toml_get(root, key);

	*out = a;
	if (a && a->type != PKG_TOML_ARRAY)
		return vakt_error_set_at(err, -EINVAL, path, a->line, 0,
		                         "expected '%s' to be an array of tables, got %s", key,
		                         pkg_toml_type_name(a->type));
	return 0;
}
