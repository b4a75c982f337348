/* SPDX-License-Identifier: MIT */
#ifndef VAKT_FIX_H
#define VAKT_FIX_H

/*
 * vakt fix's engine: a list of edits against one source text (byte offset,
 * bytes deleted, text inserted, the rule that asked and why), resolved so
 * that no two overlap (the first added wins), applied to give the new text,
 * shown as a unified diff computed from the edits themselves (no diff
 * algorithm), and written in place atomically. A domain's fixer fills the
 * list from a finding (struct vakt_rule.fix, through struct vakt_fix_ctx);
 * everything not edited stays byte for byte.
 */

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "error.h"
#include "finding.h"
#include "rule.h"
#include "source.h"
#include "util.h"

struct vakt_scan_opts;

/* Most edits one source takes (a fixer that asks for more is refused). */
#define VAKT_FIX_MAX_EDITS 100000
/* Longest text one edit inserts. */
#define VAKT_FIX_MAX_INSERT (64u * 1024)
/* The UID fixes use when .vakt.yaml's fix.uid does not say. */
#define VAKT_FIX_DEFAULT_UID 10001

enum vakt_edit_state {
	VAKT_EDIT_PENDING = 0, /* not resolved yet */
	VAKT_EDIT_APPLIED,     /* part of the result */
	VAKT_EDIT_CONFLICT,    /* overlaps an edit added before it: not applied */
	VAKT_EDIT_DUPLICATE,   /* the same change as an edit added before it (two rules, one fix) */
};

struct vakt_edit {
	size_t off; /* byte offset in the original text */
	size_t del; /* bytes deleted from off */
	char *ins;  /* owned; inserted at off (may be "") */
	size_t ins_len;
	const struct vakt_rule *rule; /* the rule that asked; may be NULL */
	char *note; /* owned; one line, e.g. "USER 10001 (fix.uid in .vakt.yaml)" */
	size_t seq; /* order added */
	/*
	 * Among insertions at one offset, lower first (then in the order
	 * added): 1 for text that must follow the rest there (lines added
	 * after a line that another fix extends).
	 */
	int order;
	enum vakt_edit_state state;
};

struct vakt_edits {
	const char *data; /* borrowed: the original text */
	size_t len;
	struct vakt_edit *v; /* owned */
	size_t n, cap;
	bool resolved; /* vakt_edits_resolve() ran: v sorted by offset */
};

/* Start an empty list against data[0..len) (borrowed; must outlive e). */
void vakt_edits_init(struct vakt_edits *e, const char *data, size_t len);
void vakt_edits_release(struct vakt_edits *e);
/*
 * Add an edit: delete del bytes at off and insert ins[0..ins_len) there
 * (copied), for rule (may be NULL) with note (copied; may be NULL).
 * Returns 0, -ERANGE when [off, off + del) is not inside the text, -E2BIG
 * beyond VAKT_FIX_MAX_EDITS or VAKT_FIX_MAX_INSERT. Not after resolve.
 */
int vakt_edits_add(struct vakt_edits *e, size_t off, size_t del, const char *ins, size_t ins_len,
                   const struct vakt_rule *rule, const char *note);
/*
 * Decide which edits apply: sorted by offset (pure insertions before a
 * replacement at the same offset, by their order, then in the order
 * added), an edit that overlaps one added before it is VAKT_EDIT_CONFLICT,
 * one equal to it (same offset, length and text) VAKT_EDIT_DUPLICATE; the
 * rest APPLIED. Two edits overlap when their deleted ranges share a byte,
 * or when one inserts strictly inside the other's deleted range; pure
 * insertions at one offset all apply, one after the other. Returns the
 * number applied.
 */
size_t vakt_edits_resolve(struct vakt_edits *e);
/* The text with the applied edits (resolves first). The caller owns it; *len its length. */
char *vakt_edits_apply(struct vakt_edits *e, size_t *len);
/*
 * The unified diff of the applied edits (resolves first) appended to out:
 * "--- a/PATH", "+++ b/PATH", then hunks with `context` lines of context
 * (3 for diff -u), "\ No newline at end of file" after a last line without
 * one, lines written with their own ending (CRLF kept). Nothing when no
 * edit changes the text.
 */
void vakt_edits_diff(struct vakt_edits *e, const char *path, int context, struct vakt_buf *out);

/* What a fixer sees (built by the domain's fix hook, struct vakt_domain.fix). */
struct vakt_fix_ctx {
	const struct vakt_rule *rule;      /* the rule of the finding being fixed */
	const void *model;                 /* the domain model, e.g. struct df_file */
	const struct vakt_source *src;     /* the text the edits are against */
	const struct vakt_scan_opts *opts; /* config (fix.uid), build args; never NULL */
	struct vakt_edits *edits;          /* where edits go */
	/* Findings the fixer could not fix, with why ("RUN ends with a heredoc"). */
	struct vakt_strv *skipped;
};

/*
 * Ask each finding's rule for its fix (rule->fix; findings of rules without
 * one are left alone), ctx->rule set to each in turn. The domain's fix hook
 * calls it with the model in ctx.
 */
void vakt_fix_run(struct vakt_fix_ctx *ctx, const struct vakt_finding *const *todo, size_t n);
/* Add an edit for ctx->rule (vakt_edits_add() with the rule); note is printf-style. */
int vakt_fix_edit(struct vakt_fix_ctx *ctx, size_t off, size_t del, const char *ins,
                  const char *fmt, ...) VAKT_PRINTF(5, 6);
/*
 * vakt_fix_edit() of an insertion that goes after every other insertion
 * at off (order 1): lines added after a line that another fix extends.
 */
int vakt_fix_append(struct vakt_fix_ctx *ctx, size_t off, const char *ins, const char *fmt, ...)
    VAKT_PRINTF(4, 5);
/* Record that finding f of ctx->rule cannot be fixed, and why (printf-style). */
void vakt_fix_skip(struct vakt_fix_ctx *ctx, const struct vakt_finding *f, const char *fmt, ...)
    VAKT_PRINTF(3, 4);
/* The UID fixes use: the config's fix.uid, else VAKT_FIX_DEFAULT_UID; *configured says which. */
long vakt_fix_uid(const struct vakt_scan_opts *o, bool *configured);
/*
 * Byte offset in src of (line, column), 1-based, the column counted in
 * bytes; (size_t)-1 when outside the text.
 */
size_t vakt_fix_offset(const struct vakt_source *src, int line, int column);

/*
 * What vakt fix knew of a file when it read it: compared before writing,
 * so that a file changed meanwhile is not overwritten.
 */
struct vakt_fix_stamp {
	dev_t dev;
	ino_t ino;
	off_t size;
	long long mtime_ns;
};

/* Stat path (followed) into *st. 0 or -errno (err set). */
int vakt_fix_stamp_of(const char *path, struct vakt_fix_stamp *st, struct vakt_error **err);
/*
 * Replace the file path (a symlink: its target) with data[0..len): a
 * temporary file in the same directory, written, given the old file's mode
 * and owner, fsync'd, renamed over it, the directory fsync'd. Refused with
 * -ESTALE when the file no longer matches stamp or its content is no longer
 * old[0..old_len) (changed since it was read). With backup_suffix (not
 * NULL), the old content is first written the same way to path+suffix.
 * 0 or -errno, *err set.
 */
int vakt_fix_write(const char *path, const struct vakt_fix_stamp *stamp, const char *old,
                   size_t old_len, const char *data, size_t len, const char *backup_suffix,
                   struct vakt_error **err);

#endif
