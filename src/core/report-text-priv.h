/* SPDX-License-Identifier: MIT */
#ifndef VAKT_REPORT_TEXT_PRIV_H
#define VAKT_REPORT_TEXT_PRIV_H

/*
 * What the text report's files share (report-text.c, the findings;
 * report-text-vulns.c, the advisories block). Not part of the interface.
 */

#include "report-priv.h"

#define TEXT_ELLIPSIS     "..."
#define TEXT_ELLIPSIS_LEN 3

#define C_RESET  "\033[0m"
#define C_BOLD   "\033[1m"
#define C_DIM    "\033[2m"
#define C_GREEN  "\033[32m"
#define C_ERROR  "\033[1;31m"
#define C_GUTTER "\033[2m"

/* Widest severity label, for alignment. */
#define TEXT_SEV_WIDTH 8
/* Widest "LINE:COL (object)" the location column grows to; longer ones shift their line. */
#define TEXT_LOC_COLS 32

struct text_ctx {
	FILE *f;
	bool color;
};

extern const char *const vakt_text_sev_color[VAKT_SEV_COUNT];
extern const char *const vakt_text_sev_label[VAKT_SEV_COUNT];

static inline void text_on(const struct text_ctx *t, const char *code)
{
	if (t->color)
		fputs(code, t->f);
}

static inline void text_off(const struct text_ctx *t)
{
	if (t->color)
		fputs(C_RESET, t->f);
}

static inline enum vakt_severity sev_clamp(enum vakt_severity s)
{
	return (unsigned)s < VAKT_SEV_COUNT ? s : VAKT_SEV_INFO;
}

/* Write n bytes of s as prose: line breaks and tabs become spaces, anything else unsafe '?'. */
void vakt_text_put_prose(FILE *f, const char *s, size_t n);
/* The short form of a rule's remediation, as "    fix: ..." lines. */
void vakt_text_fix(const struct text_ctx *t, const char *rem);
/* " (suppressed: reason)" after a suppressed finding's line; nothing for the others. */
void vakt_text_suppressed(const struct text_ctx *t, const struct vakt_finding *x);
/*
 * The advisories of one file (an image) as a block: a line of counts, then
 * each package (most severe first) with its advisories one line each, then
 * the fix and rule once. fidx are indexes into res->findings, n >= 1.
 */
void vakt_text_vulns(const struct text_ctx *t, const struct vakt_scan_result *res,
                     const size_t *fidx, size_t n);

#endif
