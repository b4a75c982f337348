/* SPDX-License-Identifier: MIT */
#ifndef VAKT_REPORT_PRIV_H
#define VAKT_REPORT_PRIV_H

/*
 * Helpers shared by the report writers (report-*.c); not part of the
 * library's interface. Everything that reaches a report came from untrusted
 * input at some point (paths, messages, snippets), so the helpers here are
 * where output is made safe for a terminal, for JSON and for XML.
 */

#include <jansson.h>

#include "report.h"

/* Counts of what a report shows. */
struct vakt_report_counts {
	size_t by_sev[VAKT_SEV_COUNT]; /* unsuppressed findings by effective severity */
	size_t findings;               /* unsuppressed findings */
	size_t suppressed;             /* suppressed findings (shown or not) */
};

void vakt_report_count(const struct vakt_scan_result *res, struct vakt_report_counts *c);

/* Whether a report lists finding x under options o. */
bool vakt_report_shown(const struct vakt_finding *x, const struct vakt_report_opts *o);

/*
 * Indices of the findings a report lists, grouped by file (files in order of
 * first appearance, findings in their original order within a file). The
 * caller owns the array (free()); *n is its length.
 */
size_t *vakt_report_order(const struct vakt_scan_result *res, const struct vakt_report_opts *o,
                          size_t *n);

/* The tool version to print: o->version, or the build's own. Static. */
const char *vakt_report_version(const struct vakt_report_opts *o);

/* Flush f and check it: 0, or -EIO when any write to f failed. */
int vakt_report_finish(FILE *f);

/*
 * Decode one UTF-8 sequence at s (NUL-terminated). Returns its length in
 * bytes (>= 1) and sets *cp to the code point, or to -1 for an invalid or
 * truncated sequence (then the length is 1: skip one byte).
 */
size_t vakt_report_utf8_next(const char *s, long *cp);

/*
 * Whether code point cp is unsafe to send to a terminal: C0 and C1 controls,
 * DEL, and the bidirectional overrides that can make text read differently
 * from what it is.
 */
bool vakt_report_cp_unsafe(long cp);

/*
 * A JSON string for s with invalid UTF-8 replaced by U+FFFD (jansson accepts
 * only valid UTF-8), or JSON null for NULL. The caller owns the reference.
 */
json_t *vakt_report_json_str(const char *s);
/* A JSON integer for a 1-based position, or null when it is 0 (unknown). */
json_t *vakt_report_json_pos(int v);
/* v itself, or abort() when a jansson constructor ran out of memory (v is NULL). */
json_t *vakt_report_json_ok(json_t *v);
/* Set key of obj to v, stealing the reference; aborts when out of memory. */
void vakt_report_json_set(json_t *obj, const char *key, json_t *v);
/* Append v to the array arr, stealing the reference; aborts when out of memory. */
void vakt_report_json_push(json_t *arr, json_t *v);
/*
 * Write v as an element nested `depth` levels deep, indented as
 * json_dumpf(JSON_INDENT(2)) indents it inside a whole document, so big
 * reports can be streamed one element at a time.
 */
void vakt_report_json_put_nested(FILE *f, const json_t *v, int depth);
/*
 * How the JSON report writes its findings array: the writer picks it
 * (vakt_report_json_tuning_default()); tests force each path to compare
 * their bytes.
 */
struct vakt_report_json_tuning {
	unsigned threads; /* 1: the calling thread alone; 2: a helper thread formats too */
	size_t chunk;     /* findings per chunk (0: the default) */
};

/* Two threads when res has enough findings to pay and the machine 2 CPUs or more. */
void vakt_report_json_tuning_default(const struct vakt_scan_result *res,
                                     struct vakt_report_json_tuning *t);
/*
 * Write the elements of the JSON report's findings array to f (what goes
 * between "[" and "\n  ]", each element after "\n    " or ",\n    "), the
 * same bytes whatever t says. Returns whether it wrote any. A helper
 * thread, when t asks for one, has ended when this returns.
 */
bool vakt_report_json_findings(FILE *f, const struct vakt_scan_result *res,
                               const struct vakt_report_opts *o,
                               const struct vakt_report_json_tuning *t);
/* vakt_report_json() with the findings array written as t says. */
int vakt_report_json_tuned(FILE *f, const struct vakt_scan_result *res,
                           const struct vakt_report_opts *o,
                           const struct vakt_report_json_tuning *t);
/* Write root pretty-printed (2 spaces, keys in insertion order) and a newline; 0 or -EIO. */
int vakt_report_json_dump(FILE *f, const json_t *root);

#endif
