/* SPDX-License-Identifier: MIT */
/* An admission request's object as block YAML (serve-yaml.h). */
#include "serve-yaml.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"

/* Spaces a nested collection is indented by. */
#define INDENT 2

struct out {
	char *p; /* owned */
	size_t n, cap;
};

static void reserve(struct out *o, size_t more)
{
	if (o->n + more + 1 <= o->cap)
		return;
	size_t cap = o->cap ? o->cap : 4096;
	while (cap < o->n + more + 1)
		cap *= 2;
	o->p = vakt_xrealloc(o->p, cap);
	o->cap = cap;
}

static void put(struct out *o, const char *s, size_t n)
{
	reserve(o, n);
	memcpy(o->p + o->n, s, n);
	o->n += n;
}

static void put_c(struct out *o, char c)
{
	reserve(o, 1);
	o->p[o->n++] = c;
}

static void put_spaces(struct out *o, size_t n)
{
	reserve(o, n);
	memset(o->p + o->n, ' ', n);
	o->n += n;
}

/* Length of the UTF-8 sequence at s[0..left) and its code point; 0 when invalid. */
static size_t utf8_decode(const unsigned char *s, size_t left, unsigned *cp)
{
	size_t n;
	unsigned c = s[0];

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xF0 && c <= 0xF4) {
		n = 4;
		c &= 0x07;
	} else if (c >= 0xE0) {
		n = 3;
		c &= 0x0F;
	} else if (c >= 0xC2 && c < 0xE0) {
		n = 2;
		c &= 0x1F;
	} else {
		return 0;
	}
	if (n > left)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3F);
	}
	*cp = c;
	return n;
}

/* Whether YAML takes code point cp as it is inside a double-quoted scalar. */
static bool yaml_plain_char(unsigned cp)
{
	if (cp < 0x80)
		return cp >= 0x20 && cp != 0x7F && cp != '"' && cp != '\\';
	if (cp < 0xA0)
		return false; /* C1 controls, and NEL, a line break to YAML 1.1 */
	if (cp == 0x2028 || cp == 0x2029 || cp == 0xFEFF)
		return false; /* line and paragraph separators; a byte order mark */
	return cp < 0xD800 || (cp >= 0xE000 && cp <= 0xFFFD) || cp >= 0x10000;
}

/* s[0..n) as a double-quoted YAML scalar. */
static void put_string(struct out *o, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;

	put_c(o, '"');
	while (i < n) {
		size_t run = i;
		while (run < n && u[run] >= 0x20 && u[run] < 0x7F && u[run] != '"' &&
		       u[run] != '\\')
			run++;
		put(o, s + i, run - i);
		i = run;
		if (i >= n)
			break;
		unsigned cp;
		size_t len = utf8_decode(u + i, n - i, &cp);
		char esc[16];
		if (len ==
		    0) { /* not UTF-8 (jansson's strings always are): keep the byte's value */
			cp = u[i];
			len = 1;
		}
		if (yaml_plain_char(cp)) {
			put(o, s + i, len);
		} else if (cp == '"' || cp == '\\') {
			put_c(o, '\\');
			put_c(o, (char)cp);
		} else if (cp == '\n') {
			put(o, "\\n", 2);
		} else if (cp == '\t') {
			put(o, "\\t", 2);
		} else if (cp == '\r') {
			put(o, "\\r", 2);
		} else if (cp <= 0xFF) {
			snprintf(esc, sizeof(esc), "\\x%02X", cp);
			put(o, esc, 4);
		} else {
			snprintf(esc, sizeof(esc), "\\u%04X", cp);
			put(o, esc, 6);
		}
		i += len;
	}
	put_c(o, '"');
}

/* A scalar, or the {} or [] of an empty collection; false for a non-empty collection. */
static bool put_inline(struct out *o, const json_t *v)
{
	char num[64];
	int n;

	switch (json_typeof(v)) {
	case JSON_OBJECT:
		if (json_object_size(v) > 0)
			return false;
		put(o, "{}", 2);
		return true;
	case JSON_ARRAY:
		if (json_array_size(v) > 0)
			return false;
		put(o, "[]", 2);
		return true;
	case JSON_STRING:
		put_string(o, json_string_value(v), json_string_length(v));
		return true;
	case JSON_INTEGER:
		n = snprintf(num, sizeof(num), "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		put(o, num, (size_t)n);
		return true;
	case JSON_REAL: {
		/* As JSON writes it (rare in a pod spec): jansson's own digits. */
		char *text = json_dumps(v, JSON_ENCODE_ANY);
		if (text) {
			put(o, text, strlen(text));
			free(text);
		} else {
			put(o, "null", 4);
		}
		return true;
	}
	case JSON_TRUE:
		put(o, "true", 4);
		return true;
	case JSON_FALSE:
		put(o, "false", 5);
		return true;
	case JSON_NULL:
	default:
		put(o, "null", 4);
		return true;
	}
}

static void put_block(struct out *o, const json_t *v, size_t indent);

/* After "key:" or "-": the value on the same line, or a block below it. */
static void put_value(struct out *o, const json_t *v, size_t indent)
{
	put_c(o, ' ');
	if (put_inline(o, v)) {
		put_c(o, '\n');
		return;
	}
	o->n--; /* no space before the line break */
	put_c(o, '\n');
	put_block(o, v, indent + INDENT);
}

/* A non-empty object or array, each entry on lines of its own at indent. */
static void put_block(struct out *o, const json_t *v, size_t indent)
{
	if (json_is_object(v)) {
		const char *key;
		size_t key_len;
		const json_t *x;
		json_object_keylen_foreach((json_t *)v, key, key_len, x)
		{
			put_spaces(o, indent);
			put_string(o, key, key_len); /* keys may hold NULs (\u0000) */
			put_c(o, ':');
			put_value(o, x, indent);
		}
		return;
	}
	size_t i;
	const json_t *x;
	json_array_foreach(v, i, x)
	{
		put_spaces(o, indent);
		put_c(o, '-');
		put_value(o, x, indent);
	}
}

char *serve_yaml_text(const json_t *v, size_t *len)
{
	struct out o = {0};

	reserve(&o, 4096);
	if (put_inline(&o, v))
		put_c(&o, '\n');
	else
		put_block(&o, v, 0);
	o.p[o.n] = '\0';
	*len = o.n;
	return o.p;
}
