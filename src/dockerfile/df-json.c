/* SPDX-License-Identifier: MIT */
/*
 * The exec form of RUN, CMD, ENTRYPOINT, SHELL, COPY, ADD and VOLUME: a JSON
 * array of strings. BuildKit decides with Go's JSON decoder: text that is not
 * valid JSON is shell form, valid JSON with a non-string element is an error.
 * This reader follows the same grammar (RFC 8259), decodes \uXXXX escapes
 * and surrogate pairs, and, like Go, turns lone surrogates and invalid UTF-8
 * into U+FFFD.
 */
#include "df-parse-priv.h"

struct json_reader {
	const char *s;
	size_t n;
	size_t i;
};

static void json_skip_ws(struct json_reader *r)
{
	while (r->i < r->n && (r->s[r->i] == ' ' || r->s[r->i] == '\t' || r->s[r->i] == '\n' ||
	                       r->s[r->i] == '\r'))
		r->i++;
}

static int json_hex(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Four hex digits at s[i..i+4); -1 when malformed. */
static long json_u4(const struct json_reader *r, size_t i)
{
	long v = 0;

	if (i + 4 > r->n)
		return -1;
	for (size_t k = 0; k < 4; k++) {
		int h = json_hex(r->s[i + k]);

		if (h < 0)
			return -1;
		v = v * 16 + h;
	}
	return v;
}

static size_t json_put_utf8(char *out, unsigned long cp)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xc0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xe0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	out[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

/*
 * Read the string token at r->i (a '"'), decoding into out when non-NULL
 * (room for the token's length is enough: no escape grows). Returns false
 * when the token is malformed.
 */
static bool json_string(struct json_reader *r, char *out, size_t *out_len)
{
	size_t o = 0;

	r->i++; /* opening quote */
	while (r->i < r->n) {
		unsigned char c = (unsigned char)r->s[r->i];

		if (c == '"') {
			r->i++;
			if (out)
				out[o] = '\0';
			if (out_len)
				*out_len = o;
			return true;
		}
		if (c < 0x20)
			return false;
		if (c == '\\') {
			char e;
			long cp;

			if (r->i + 1 >= r->n)
				return false;
			e = r->s[r->i + 1];
			r->i += 2;
			switch (e) {
			case '"':
			case '\\':
			case '/':
				if (out)
					out[o] = e;
				o++;
				continue;
			case 'b':
			case 'f':
			case 'n':
			case 'r':
			case 't':
				if (out)
					out[o] = e == 'b'   ? '\b'
					         : e == 'f' ? '\f'
					         : e == 'n' ? '\n'
					         : e == 'r' ? '\r'
					                    : '\t';
				o++;
				continue;
			case 'u':
				break;
			default:
				return false;
			}
			cp = json_u4(r, r->i);
			if (cp < 0)
				return false;
			r->i += 4;
			if (cp >= 0xd800 && cp < 0xdc00 && r->i + 1 < r->n && r->s[r->i] == '\\' &&
			    r->s[r->i + 1] == 'u') {
				long lo = json_u4(r, r->i + 2);

				if (lo < 0)
					return false;
				if (lo >= 0xdc00 && lo < 0xe000) {
					cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
					r->i += 6;
				}
			}
			if (cp >= 0xd800 && cp < 0xe000)
				cp = 0xfffd; /* a lone surrogate, as Go decodes it */
			if (out)
				o += json_put_utf8(out + o, (unsigned long)cp);
			else
				o += 4;
			continue;
		}
		if (c >= 0x80) {
			size_t bad, len = 1;

			/* Copy one UTF-8 sequence, or U+FFFD for an invalid byte. */
			if (c >= 0xf0)
				len = 4;
			else if (c >= 0xe0)
				len = 3;
			else if (c >= 0xc0)
				len = 2;
			if (r->i + len > r->n || !vakt_utf8_valid(r->s + r->i, len, &bad)) {
				if (out)
					o += json_put_utf8(out + o, 0xfffd);
				else
					o += 3;
				r->i++;
				continue;
			}
			if (out)
				memcpy(out + o, r->s + r->i, len);
			o += len;
			r->i += len;
			continue;
		}
		if (out)
			out[o] = (char)c;
		o++;
		r->i++;
	}
	return false;
}

static bool json_literal(struct json_reader *r, const char *lit)
{
	size_t n = strlen(lit);

	if (r->n - r->i < n || memcmp(r->s + r->i, lit, n))
		return false;
	r->i += n;
	return true;
}

static bool json_digits(struct json_reader *r)
{
	size_t start = r->i;

	while (r->i < r->n && r->s[r->i] >= '0' && r->s[r->i] <= '9')
		r->i++;
	return r->i > start;
}

static bool json_number(struct json_reader *r)
{
	if (r->s[r->i] == '-')
		r->i++;
	if (r->i < r->n && r->s[r->i] == '0')
		r->i++;
	else if (!json_digits(r))
		return false;
	if (r->i < r->n && r->s[r->i] == '.') {
		r->i++;
		if (!json_digits(r))
			return false;
	}
	if (r->i < r->n && (r->s[r->i] == 'e' || r->s[r->i] == 'E')) {
		r->i++;
		if (r->i < r->n && (r->s[r->i] == '+' || r->s[r->i] == '-'))
			r->i++;
		if (!json_digits(r))
			return false;
	}
	return true;
}

/* Skip any JSON value; false when malformed or nested deeper than the limit. */
static bool json_skip_value(struct json_reader *r, int depth)
{
	char c;

	if (depth >= DF_JSON_MAX_DEPTH || r->i >= r->n)
		return false;
	c = r->s[r->i];
	if (c == '"')
		return json_string(r, NULL, NULL);
	if (c == 't')
		return json_literal(r, "true");
	if (c == 'f')
		return json_literal(r, "false");
	if (c == 'n')
		return json_literal(r, "null");
	if (c == '-' || (c >= '0' && c <= '9'))
		return json_number(r);
	if (c != '[' && c != '{')
		return false;
	r->i++;
	json_skip_ws(r);
	if (r->i < r->n && r->s[r->i] == (c == '[' ? ']' : '}')) {
		r->i++;
		return true;
	}
	for (;;) {
		if (c == '{') {
			if (r->i >= r->n || r->s[r->i] != '"' || !json_string(r, NULL, NULL))
				return false;
			json_skip_ws(r);
			if (r->i >= r->n || r->s[r->i] != ':')
				return false;
			r->i++;
			json_skip_ws(r);
		}
		if (!json_skip_value(r, depth + 1))
			return false;
		json_skip_ws(r);
		if (r->i >= r->n)
			return false;
		if (r->s[r->i] == ',') {
			r->i++;
			json_skip_ws(r);
			continue;
		}
		if (r->s[r->i] != (c == '[' ? ']' : '}'))
			return false;
		r->i++;
		return true;
	}
}

/* Append one string element at r->i; false when malformed. */
static bool json_element(struct json_reader *r, struct df_arena *a, struct df_json_elem **v,
                         size_t *cap, size_t *count)
{
	size_t start = r->i, bound, len;
	struct json_reader probe = *r;
	char *out;

	/* A first pass bounds the decoded size (U+FFFD turns one bad byte into 3). */
	if (!json_string(&probe, NULL, &bound))
		return false;
	out = df_arena_alloc(a, bound + 1);
	if (!json_string(r, out, &len))
		return false;
	*v = vakt_grow(*v, sizeof(**v), *count + 1, cap);
	(*v)[*count].off = start;
	(*v)[*count].len = r->i - start;
	(*v)[*count].value = out;
	(*count)++;
	return true;
}

/* The elements after '[' up to and including ']'. */
static enum df_json_result json_elements(struct json_reader *r, struct df_arena *a,
                                         struct df_json_elem **v, size_t *cap, size_t *count)
{
	bool strings_only = true;

	json_skip_ws(r);
	if (r->i < r->n && r->s[r->i] == ']') {
		r->i++;
		return DF_JSON_OK;
	}
	for (;;) {
		if (r->i < r->n && r->s[r->i] == '"') {
			if (!json_element(r, a, v, cap, count))
				return DF_JSON_INVALID;
		} else {
			if (!json_skip_value(r, 1))
				return DF_JSON_INVALID;
			strings_only = false;
		}
		json_skip_ws(r);
		if (r->i >= r->n)
			return DF_JSON_INVALID;
		if (r->s[r->i] == ']')
			break;
		if (r->s[r->i] != ',')
			return DF_JSON_INVALID;
		r->i++;
		json_skip_ws(r);
	}
	r->i++;
	return strings_only ? DF_JSON_OK : DF_JSON_NOT_STRINGS;
}

enum df_json_result df_json_parse_array(struct df_arena *a, const char *s, size_t n,
                                        struct df_json_elem **v, size_t *cap, size_t *count)
{
	struct json_reader r = {s, n, 0};
	size_t first = *count;
	enum df_json_result res;

	json_skip_ws(&r);
	if (r.i >= n || s[r.i] != '[')
		return DF_JSON_INVALID;
	r.i++;
	res = json_elements(&r, a, v, cap, count);
	json_skip_ws(&r);
	if (res != DF_JSON_INVALID && r.i != n)
		res = DF_JSON_INVALID; /* trailing text: not JSON */
	if (res != DF_JSON_OK)
		*count = first;
	return res;
}
