/* SPDX-License-Identifier: MIT */
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "report-jw.h"
#include "report-priv.h"

static void jw_indent(FILE *f, int depth)
{
	static const char spaces[] = "                                ";
	size_t n = (size_t)depth * 2;

	while (n > 0) {
		size_t k = n < sizeof(spaces) - 1 ? n : sizeof(spaces) - 1;

		fwrite(spaces, 1, k, f);
		n -= k;
	}
}

/* What comes before a value: the separator, the indent and the key. */
static void jw_member(struct vakt_jw *w, const char *key)
{
	if (w->started) {
		fputs(w->empty[w->depth] ? "\n" : ",\n", w->f);
		jw_indent(w->f, w->depth);
	}
	w->started = true;
	w->empty[w->depth] = false;
	if (key) {
		vakt_jw_put_string(w->f, key, (size_t)-1);
		fputs(": ", w->f);
	}
}

void vakt_jw_init(struct vakt_jw *w, FILE *f, int depth)
{
	memset(w, 0, sizeof(*w));
	w->f = f;
	w->depth = depth;
}

void vakt_jw_open(struct vakt_jw *w, const char *key, char brace)
{
	jw_member(w, key);
	fputc(brace, w->f);
	if (++w->depth >= VAKT_JW_MAX_DEPTH)
		abort();
	w->empty[w->depth] = true;
}

void vakt_jw_close(struct vakt_jw *w, char brace)
{
	bool empty = w->empty[w->depth];

	w->depth--;
	if (!empty) {
		fputc('\n', w->f);
		jw_indent(w->f, w->depth);
	}
	fputc(brace, w->f);
}

void vakt_jw_str(struct vakt_jw *w, const char *key, const char *s)
{
	jw_member(w, key);
	vakt_jw_put_string(w->f, s, (size_t)-1);
}

void vakt_jw_strn(struct vakt_jw *w, const char *key, const char *s, size_t n)
{
	jw_member(w, key);
	vakt_jw_put_string(w->f, s, n);
}

void vakt_jw_int(struct vakt_jw *w, const char *key, long long v)
{
	jw_member(w, key);
	fprintf(w->f, "%lld", v);
}

void vakt_jw_bool(struct vakt_jw *w, const char *key, bool v)
{
	jw_member(w, key);
	fputs(v ? "true" : "false", w->f);
}

/*
 * How many bytes from s (up to end) need no escape: ASCII from 0x20 but '"'
 * and '\\'. 16 at a time where SSE2 is there: most of a report is such text.
 */
static size_t jw_plain(const char *s, const char *end)
{
	const char *p = s;

#ifdef __SSE2__
	const __m128i c20 = _mm_set1_epi8(0x20), quote = _mm_set1_epi8('"');
	const __m128i bs = _mm_set1_epi8('\\');

	for (; end - p >= 16; p += 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
		/* Signed: bytes from 0x80 compare below 0x20 as well. */
		__m128i bad =
		    _mm_or_si128(_mm_cmplt_epi8(v, c20),
		                 _mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, bs)));
		int m = _mm_movemask_epi8(bad);

		if (m)
			return (size_t)(p - s) + (size_t)__builtin_ctz((unsigned)m);
	}
#endif
	while (p < end && (unsigned char)*p >= 0x20 && (unsigned char)*p < 0x80 && *p != '"' &&
	       *p != '\\')
		p++;
	return (size_t)(p - s);
}

/* Where an escaped string goes: a FILE or a buffer. */
typedef void jw_out_fn(void *to, const char *s, size_t n);

static void jw_out_file(void *to, const char *s, size_t n)
{
	fwrite(s, 1, n, to);
}

static void jw_out_buf(void *to, const char *s, size_t n)
{
	vakt_buf_add_fast(to, s, n);
}

static void jw_string(jw_out_fn *out, void *to, const char *s, size_t n)
{
	const char *run, *end;

	if (!s) {
		out(to, "null", 4);
		return;
	}
	end = n == (size_t)-1 ? s + strlen(s) : s + n;
	out(to, "\"", 1);
	run = s;
	while (s < end) {
		long cp;
		size_t len;
		const char *esc = NULL;
		char seq[8];

		s += jw_plain(s, end);
		if (s == end)
			break;
		len = vakt_report_utf8_next(s, &cp);
		if (len > (size_t)(end - s)) {
			/* A sequence cut by the end of the span is invalid here. */
			cp = -1;
			len = 1;
		}
		if (cp >= 0x20 && cp != '"' && cp != '\\') {
			s += len;
			continue;
		}
		out(to, run, (size_t)(s - run));
		switch (cp) {
		case '"':
			esc = "\\\"";
			break;
		case '\\':
			esc = "\\\\";
			break;
		case '\b':
			esc = "\\b";
			break;
		case '\f':
			esc = "\\f";
			break;
		case '\n':
			esc = "\\n";
			break;
		case '\r':
			esc = "\\r";
			break;
		case '\t':
			esc = "\\t";
			break;
		case -1:
			esc = "\xef\xbf\xbd"; /* U+FFFD REPLACEMENT CHARACTER */
			break;
		default:
			snprintf(seq, sizeof(seq), "\\u%04X", (unsigned)cp);
			esc = seq;
		}
		out(to, esc, strlen(esc));
		s += len;
		run = s;
	}
	out(to, run, (size_t)(s - run));
	out(to, "\"", 1);
}

void vakt_jw_put_string(FILE *f, const char *s, size_t n)
{
	jw_string(jw_out_file, f, s, n);
}

void vakt_jw_buf_string(struct vakt_buf *b, const char *s, size_t n)
{
	jw_string(jw_out_buf, b, s, n);
}
