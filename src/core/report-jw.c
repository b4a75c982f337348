/* SPDX-License-Identifier: MIT */
#include <stdlib.h>
#include <string.h>

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

void vakt_jw_put_string(FILE *f, const char *s, size_t n)
{
	const char *run, *end;

	if (!s) {
		fputs("null", f);
		return;
	}
	end = n == (size_t)-1 ? s + strlen(s) : s + n;
	fputc('"', f);
	run = s;
	while (s < end) {
		long cp;
		size_t len;
		const char *esc = NULL;
		char seq[8];

		/* Plain ASCII, the common case, without decoding. */
		if ((unsigned char)*s >= 0x20 && (unsigned char)*s < 0x80 && *s != '"' &&
		    *s != '\\') {
			s++;
			continue;
		}
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
		fwrite(run, 1, (size_t)(s - run), f);
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
		fputs(esc, f);
		s += len;
		run = s;
	}
	fwrite(run, 1, (size_t)(s - run), f);
	fputc('"', f);
}
