/* SPDX-License-Identifier: MIT */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "escape-stream.h"
#include "util.h"

struct escape_cookie {
	FILE *under;
	enum vakt_escape_syntax syntax;
	unsigned char pend[3]; /* the start of a sequence cut by the end of a write */
	size_t n_pend;
};

/*
 * Bytes that may start something to escape: C0 controls, DEL, and the lead
 * bytes of U+0080..U+009F (C2), U+061C (D8), U+200E..U+2069 (E2).
 */
static bool escape_maybe(unsigned char c)
{
	return (c < 0x20 && c != '\n' && c != '\t') || c == 0x7f || c == 0xc2 || c == 0xd8 ||
	       c == 0xe2;
}

/*
 * The code point to escape at p (n bytes available), with its length in
 * *len; -1 when the bytes are fine as they are; -2 when more bytes are
 * needed to decide.
 */
static long escape_at(const unsigned char *p, size_t n, size_t *len)
{
	if (p[0] < 0x80) {
		*len = 1;
		return p[0];
	}
	if (p[0] == 0xc2 || p[0] == 0xd8) {
		if (n < 2)
			return -2;
		*len = 2;
		if (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)
			return p[1];
		return p[0] == 0xd8 && p[1] == 0x9c ? 0x061c : -1;
	}
	if (n < 2)
		return -2;
	if (p[1] != 0x80 && p[1] != 0x81)
		return -1;
	if (n < 3)
		return -2;
	*len = 3;
	if (p[1] == 0x80 && (p[2] == 0x8e || p[2] == 0x8f || (p[2] >= 0xaa && p[2] <= 0xae)))
		return 0x2000 | (p[2] & 0x3f);
	if (p[1] == 0x81 && p[2] >= 0xa6 && p[2] <= 0xa9)
		return 0x2040 | (p[2] & 0x3f);
	return -1;
}

static int escape_put(struct escape_cookie *c, long cp)
{
	if (c->syntax == VAKT_ESCAPE_JSON)
		return fprintf(c->under, "\\u%04lx", cp) < 0 ? -1 : 0;
	/* XML 1.0 has no way to write C0 controls other than tab, LF and CR. */
	if (cp < 0x20)
		return fputc('?', c->under) == EOF ? -1 : 0;
	return fprintf(c->under, "&#x%lX;", cp) < 0 ? -1 : 0;
}

/*
 * How many bytes from p (n available) cannot start something to escape
 * (escape_maybe() false): 16 at a time where SSE2 is there, for most of a
 * report is plain text.
 */
static size_t escape_skip(const unsigned char *p, size_t n)
{
	size_t i = 0;

#ifdef __SSE2__
	const __m128i c20 = _mm_set1_epi8(0x20), nl = _mm_set1_epi8('\n'),
	              tab = _mm_set1_epi8('\t');
	const __m128i del = _mm_set1_epi8(0x7f), c2 = _mm_set1_epi8((char)0xc2);
	const __m128i d8 = _mm_set1_epi8((char)0xd8), e2 = _mm_set1_epi8((char)0xe2);
	const __m128i c1f = _mm_set1_epi8(0x1f);

	for (; n - i >= 16; i += 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(p + i));
		/*
		 * Most of a report is printable ASCII and newlines: a block of
		 * only those (signed: from 0x20 to 0x7e, bytes from 0x80 being
		 * negative) needs no closer look.
		 */
		__m128i plain =
		    _mm_or_si128(_mm_and_si128(_mm_cmpgt_epi8(v, c1f), _mm_cmplt_epi8(v, del)),
		                 _mm_cmpeq_epi8(v, nl));
		__m128i c0, maybe;
		int m;

		if (_mm_movemask_epi8(plain) == 0xffff)
			continue;
		/* Signed: bytes from 0x80 are below 0x20 too, so only C0 bytes are kept. */
		c0 = _mm_andnot_si128(_mm_cmplt_epi8(v, _mm_setzero_si128()),
		                      _mm_cmplt_epi8(v, c20));
		c0 = _mm_andnot_si128(_mm_or_si128(_mm_cmpeq_epi8(v, nl), _mm_cmpeq_epi8(v, tab)),
		                      c0);
		maybe = _mm_or_si128(
		    _mm_or_si128(c0, _mm_cmpeq_epi8(v, del)),
		    _mm_or_si128(_mm_cmpeq_epi8(v, c2),
		                 _mm_or_si128(_mm_cmpeq_epi8(v, d8), _mm_cmpeq_epi8(v, e2))));
		m = _mm_movemask_epi8(maybe);
		if (m)
			return i + (size_t)__builtin_ctz((unsigned)m);
	}
#endif
	while (i < n && !escape_maybe(p[i]))
		i++;
	return i;
}

/* Copy p[0..n) through; returns how many bytes were taken (the rest wait for more). */
static ssize_t escape_run(struct escape_cookie *c, const unsigned char *p, size_t n, bool last)
{
	size_t i = 0, run = 0;

	while (i < n) {
		size_t len = 1;
		long cp;

		i += escape_skip(p + i, n - i);
		if (i == n)
			break;
		cp = escape_at(p + i, n - i, &len);
		if (cp == -2 && !last)
			break;
		if (cp < 0) {
			i += cp == -2 ? n - i : len;
			continue;
		}
		if (i > run && fwrite(p + run, 1, i - run, c->under) != i - run)
			return -1;
		if (escape_put(c, cp) < 0)
			return -1;
		i += len;
		run = i;
	}
	if (i > run && fwrite(p + run, 1, i - run, c->under) != i - run)
		return -1;
	return (ssize_t)i;
}

static ssize_t escape_write(void *cookie, const char *buf, size_t size)
{
	struct escape_cookie *c = cookie;
	const unsigned char *p = (const unsigned char *)buf;
	unsigned char *joined = NULL;
	size_t n = size;
	ssize_t r;

	/* A sequence cut by the previous write (rare): join it to this one. */
	if (c->n_pend) {
		joined = vakt_xmalloc(c->n_pend + size);
		memcpy(joined, c->pend, c->n_pend);
		memcpy(joined + c->n_pend, buf, size);
		p = joined;
		n = c->n_pend + size;
	}
	r = escape_run(c, p, n, false);
	if (r >= 0) {
		/* What is left (at most 2 bytes) starts a sequence: keep it for later. */
		c->n_pend = n - (size_t)r;
		memcpy(c->pend, p + r, c->n_pend);
	}
	free(joined);
	return r < 0 ? 0 : (ssize_t)size;
}

static int escape_close(void *cookie)
{
	struct escape_cookie *c = cookie;
	int r = 0;

	if (c->n_pend && escape_run(c, c->pend, c->n_pend, true) < 0)
		r = EOF;
	if (fflush(c->under) != 0)
		r = EOF;
	free(c);
	return r;
}

FILE *vakt_escape_stream_open(FILE *under, enum vakt_escape_syntax syntax)
{
	static const cookie_io_functions_t io = {
	    .write = escape_write,
	    .close = escape_close,
	};
	struct escape_cookie *c = vakt_xcalloc(1, sizeof(*c));
	FILE *f;

	c->under = under;
	c->syntax = syntax;
	f = fopencookie(c, "w", io);
	if (!f) {
		free(c);
		return NULL;
	}
	/* Reports are large: hand them over in big blocks. */
	setvbuf(f, NULL, _IOFBF, 1u << 16);
	return f;
}
