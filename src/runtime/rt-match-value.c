/* SPDX-License-Identifier: MIT */
/*
 * Operands and values that are not plain strings: numbers as Falco's
 * condition lexer and value parser read them, the hex operand of
 * bcontains/bstartswith and its search, and the transformers (tolower,
 * toupper, b64, basename, len) as libsinsp's sinsp_filter_transformer
 * applies them.
 */
#include <errno.h>
#include <string.h>

#include "core/error.h"
#include "runtime/rt-match.h"

/* How much of a bad operand an error message quotes. */
#define QUOTE_MAX 64

static inline bool is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static inline bool is_alnum(int c)
{
	return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* ---- numbers --------------------------------------------------------------- */

size_t rt_num_lex(const char *p, size_t n)
{
	size_t i = 0, j;

	/* 0[xX][0-9a-zA-Z]+ is tried first, as Falco's lexer does. */
	if (n >= 3 && p[0] == '0' && (p[1] == 'x' || p[1] == 'X') && is_alnum(p[2])) {
		for (i = 3; i < n && is_alnum(p[i]); i++)
			;
		return i;
	}
	/* [+-]?[0-9]+[.]?[0-9]*([eE][+-][0-9]+)? */
	if (i < n && (p[i] == '+' || p[i] == '-'))
		i++;
	if (i >= n || !is_digit(p[i]))
		return 0;
	while (i < n && is_digit(p[i]))
		i++;
	if (i < n && p[i] == '.')
		i++;
	while (i < n && is_digit(p[i]))
		i++;
	j = i;
	if (j < n && (p[j] == 'e' || p[j] == 'E')) {
		j++;
		if (j < n && (p[j] == '+' || p[j] == '-')) {
			j++;
			if (j < n && is_digit(p[j])) {
				while (j < n && is_digit(p[j]))
					j++;
				i = j;
			}
		}
	}
	return i;
}

static inline bool is_space(int c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

static int num_error(struct vakt_error **err, const char *p, size_t n, const char *why)
{
	int q = (int)(n > QUOTE_MAX ? QUOTE_MAX : n);

	return vakt_error_set(err, -EINVAL, "invalid number '%.*s%s': %s", q, p,
	                      n > QUOTE_MAX ? "..." : "", why);
}

/*
 * The magnitude and sign of a decimal operand. -EINVAL with a message
 * saying what Falco's parser would have stumbled on; -ERANGE past 2^64-1.
 */
static int num_scan(const char *p, size_t n, bool *neg, uint64_t *mag, struct vakt_error **err)
{
	size_t i = 0, start;
	uint64_t v = 0;

	while (i < n && is_space((unsigned char)p[i]))
		i++;
	*neg = false;
	if (i < n && (p[i] == '+' || p[i] == '-'))
		*neg = p[i++] == '-';
	start = i;
	for (; i < n && is_digit(p[i]); i++) {
		unsigned d = (unsigned)(p[i] - '0');

		if (v > (UINT64_MAX - d) / 10) {
			int q = (int)(n > QUOTE_MAX ? QUOTE_MAX : n);

			return vakt_error_set(err, -ERANGE, "number '%.*s%s' is out of range", q, p,
			                      n > QUOTE_MAX ? "..." : "");
		}
		v = v * 10 + d;
	}
	if (i == start)
		return num_error(err, p, n, "not a decimal number");
	if (i < n) {
		if (i - start == 1 && p[start] == '0' && (p[i] == 'x' || p[i] == 'X'))
			return num_error(err, p, n,
			                 "Falco reads the operand of a numeric field as a decimal "
			                 "number only, not hexadecimal");
		if (p[i] == '.' || p[i] == 'e' || p[i] == 'E')
			return num_error(err, p, n, "a numeric field compares with integers only");
		return num_error(err, p, n, "unexpected text after the number");
	}
	*mag = v;
	return 0;
}

static int range_error(struct vakt_error **err, const char *p, size_t n)
{
	int q = (int)(n > QUOTE_MAX ? QUOTE_MAX : n);

	return vakt_error_set(err, -ERANGE, "number '%.*s%s' is out of range for this field", q, p,
	                      n > QUOTE_MAX ? "..." : "");
}

int rt_num_parse_u64(const char *p, size_t n, uint64_t max, uint64_t *out, struct vakt_error **err)
{
	uint64_t mag = 0;
	bool neg;
	int r = num_scan(p, n, &neg, &mag, err);

	if (r < 0)
		return r;
	if ((neg && mag != 0) || mag > max)
		return range_error(err, p, n);
	*out = mag;
	return 0;
}

int rt_num_parse_i64(const char *p, size_t n, int64_t min, int64_t max, int64_t *out,
                     struct vakt_error **err)
{
	uint64_t mag = 0;
	bool neg;
	int64_t v;
	int r = num_scan(p, n, &neg, &mag, err);

	if (r < 0)
		return r;
	if (neg) {
		if (mag > (uint64_t)INT64_MAX + 1)
			return range_error(err, p, n);
		v = mag == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)mag;
	} else {
		if (mag > (uint64_t)INT64_MAX)
			return range_error(err, p, n);
		v = (int64_t)mag;
	}
	if (v < min || v > max)
		return range_error(err, p, n);
	*out = v;
	return 0;
}

/* ---- bytes ------------------------------------------------------------------ */

static int hex_digit(int c)
{
	if (is_digit(c))
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int rt_hex_parse(const char *s, size_t n, uint8_t *out, size_t *out_n, struct vakt_error **err)
{
	int q = (int)(n > QUOTE_MAX ? QUOTE_MAX : n);
	const char *more = n > QUOTE_MAX ? "..." : "";

	for (size_t i = 0; i < n; i++)
		if (hex_digit((unsigned char)s[i]) < 0)
			return vakt_error_set(
			    err, -EINVAL,
			    "invalid hex operand '%.*s%s': byte %zu is not a hex "
			    "digit (bcontains and bstartswith take hex digits only)",
			    q, s, more, i + 1);
	if (n % 2)
		return vakt_error_set(err, -EINVAL,
		                      "invalid hex operand '%.*s%s': an odd number of hex digits",
		                      q, s, more);
	for (size_t i = 0; i < n; i += 2)
		out[i / 2] = (uint8_t)(hex_digit((unsigned char)s[i]) << 4 |
		                       hex_digit((unsigned char)s[i + 1]));
	*out_n = n / 2;
	return 0;
}

bool rt_bytes_contains(const void *h, size_t hn, const void *needle, size_t nn)
{
	if (nn == 0)
		return true;
	if (nn > hn)
		return false;
	return memmem(h, hn, needle, nn) != NULL;
}

bool rt_bytes_startswith(const void *h, size_t hn, const void *prefix, size_t pn)
{
	return pn <= hn && (pn == 0 || memcmp(h, prefix, pn) == 0);
}

/* ---- transformers ------------------------------------------------------------ */

static const char *const xf_names[] = {
    [RT_XF_TOLOWER] = "tolower",   [RT_XF_TOUPPER] = "toupper", [RT_XF_B64] = "b64",
    [RT_XF_BASENAME] = "basename", [RT_XF_LEN] = "len",
};

enum rt_xf rt_xf_lookup(const char *name, size_t len)
{
	for (size_t i = RT_XF_TOLOWER; i < sizeof(xf_names) / sizeof(xf_names[0]); i++)
		if (strlen(xf_names[i]) == len && memcmp(xf_names[i], name, len) == 0)
			return (enum rt_xf)i;
	return RT_XF_NONE;
}

const char *rt_xf_name(enum rt_xf xf)
{
	if (xf <= RT_XF_NONE || (size_t)xf >= sizeof(xf_names) / sizeof(xf_names[0]))
		return NULL;
	return xf_names[xf];
}

bool rt_xf_accepts(enum rt_xf xf, enum rt_ftype in, bool is_list, enum rt_ftype *out)
{
	switch (xf) {
	case RT_XF_TOLOWER:
	case RT_XF_TOUPPER:
	case RT_XF_BASENAME:
		if (in != RT_FT_STR)
			return false;
		*out = in;
		return true;
	case RT_XF_B64:
		if (in != RT_FT_STR && in != RT_FT_BYTES)
			return false;
		*out = in;
		return true;
	case RT_XF_LEN:
		if (!is_list && in != RT_FT_STR && in != RT_FT_BYTES)
			return false;
		*out = RT_FT_U64;
		return true;
	case RT_XF_NONE:
	default:
		return false;
	}
}

/* Falco's transformers first drop the terminators a value may carry. */
static size_t strip_nuls(const char *in, size_t n)
{
	while (n > 0 && in[n - 1] == '\0')
		n--;
	return n;
}

void rt_xf_tolower(const char *in, size_t n, char *out, size_t *out_n)
{
	n = strip_nuls(in, n);
	for (size_t i = 0; i < n; i++)
		out[i] = in[i] >= 'A' && in[i] <= 'Z' ? (char)(in[i] + 32) : in[i];
	*out_n = n;
}

void rt_xf_toupper(const char *in, size_t n, char *out, size_t *out_n)
{
	n = strip_nuls(in, n);
	for (size_t i = 0; i < n; i++)
		out[i] = in[i] >= 'a' && in[i] <= 'z' ? (char)(in[i] - 32) : in[i];
	*out_n = n;
}

/* The value of a base64 character, -1 when it is not one. */
static int b64_value(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (is_digit(c))
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

bool rt_xf_b64(const char *in, size_t n, char *out, size_t *out_n)
{
	uint32_t acc = 0;
	size_t o = 0;
	int v = 0;

	n = strip_nuls(in, n);
	if (n == 0) {
		*out_n = 0;
		return true;
	}
	/* At most two '=' at the end, whatever their count should be. */
	if (in[n - 1] == '=') {
		n--;
		if (n > 0 && in[n - 1] == '=')
			n--;
	}
	if (n == 0 || n % 4 == 1)
		return false;
	for (size_t i = 0; i < n; i++) {
		v = b64_value((unsigned char)in[i]);
		if (v < 0)
			return false;
		acc = acc << 6 | (uint32_t)v;
		if (i % 4 == 3) {
			out[o++] = (char)(acc >> 16);
			out[o++] = (char)(acc >> 8);
			out[o++] = (char)acc;
			acc = 0;
		}
	}
	/* A short last group: its unused low bits must be zero. */
	if (n % 4 == 2) {
		if (v & 0xf)
			return false;
		out[o++] = (char)(acc >> 4);
	} else if (n % 4 == 3) {
		if (v & 0x3)
			return false;
		out[o++] = (char)(acc >> 10);
		out[o++] = (char)(acc >> 2);
	}
	*out_n = o;
	return true;
}

void rt_xf_basename(const char *in, size_t n, const char **out, size_t *out_n)
{
	const char *slash;

	n = strip_nuls(in, n);
	slash = n ? memrchr(in, '/', n) : NULL;
	if (!slash) {
		*out = in;
		*out_n = n;
		return;
	}
	*out = slash + 1;
	*out_n = n - (size_t)(slash + 1 - in);
}

uint64_t rt_xf_len(const char *in, size_t n, bool is_bytes)
{
	const char *nul;

	if (is_bytes)
		return n;
	nul = n ? memchr(in, '\0', n) : NULL;
	return nul ? (uint64_t)(nul - in) : n;
}
