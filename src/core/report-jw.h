/* SPDX-License-Identifier: MIT */
#ifndef VAKT_REPORT_JW_H
#define VAKT_REPORT_JW_H

/*
 * A streaming JSON writer for the reports: values go straight to the FILE,
 * laid out byte for byte as jansson's json_dumpf(JSON_INDENT(2) |
 * JSON_PRESERVE_ORDER) lays out the same tree (members on their own lines,
 * two spaces per level, "{}" and "[]" when empty), with strings escaped as
 * jansson escapes them. A big report is written without building one
 * jansson object per value. Not part of the library's interface.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* Nesting the writer follows; deeper is a bug in the caller (abort()). */
#define VAKT_JW_MAX_DEPTH 32

struct vakt_jw {
	FILE *f;
	int depth;                     /* containers open, plus the base depth */
	bool empty[VAKT_JW_MAX_DEPTH]; /* nothing written yet at this depth */
	bool started;                  /* the first value has been written */
};

/*
 * Write to f a value that sits `depth` levels deep in a document (0: the
 * document itself), as json_dumpf would indent it there. The caller has
 * written what comes before the value on its line.
 */
void vakt_jw_init(struct vakt_jw *w, FILE *f, int depth);
/* Open an object or array ('{' or '[') as member key (NULL inside an array). */
void vakt_jw_open(struct vakt_jw *w, const char *key, char brace);
/* Close the innermost container ('}' or ']'). */
void vakt_jw_close(struct vakt_jw *w, char brace);
/* A string member (s NULL: null); invalid UTF-8 becomes U+FFFD. */
void vakt_jw_str(struct vakt_jw *w, const char *key, const char *s);
/* The first n bytes of s as a string member. */
void vakt_jw_strn(struct vakt_jw *w, const char *key, const char *s, size_t n);
void vakt_jw_int(struct vakt_jw *w, const char *key, long long v);
void vakt_jw_bool(struct vakt_jw *w, const char *key, bool v);

/*
 * The first n bytes of s (or up to its NUL, n == (size_t)-1) as a JSON
 * string on f, escaped as jansson does: '"', '\\' and controls below 0x20
 * (\b \f \n \r \t, else \u00XX); invalid UTF-8 becomes U+FFFD; s NULL is
 * null.
 */
void vakt_jw_put_string(FILE *f, const char *s, size_t n);
/* vakt_jw_put_string() appended to b, for a writer that puts a value together first. */
struct vakt_buf;
void vakt_jw_buf_string(struct vakt_buf *b, const char *s, size_t n);

#endif
