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

#include "edit.h"
#include "error.h"
#include "finding.h"
#include "rule.h"
#include "source.h"
#include "util.h"

struct vakt_scan_opts;

/* Most edits one source takes (a fixer that asks for more is refused). */
#define VAKT_FIX_MAX_EDITS 2000000
/* Longest text one edit inserts. */
#define VAKT_FIX_MAX_INSERT (64u * 1024)
/* The UID fixes use when .vakt.yaml's fix.uid does not say. */
#define VAKT_FIX_DEFAULT_UID 10001

enum vakt_edit_state {
	VAKT_EDIT_APPLIED = 1, /* part of the result */
	VAKT_EDIT_CONFLICT,    /* overlaps an edit made before it: not applied */
	VAKT_EDIT_DUPLICATE,   /* the same change as an edit made before it (two rules, one fix) */
	VAKT_EDIT_INVALID,     /* outside the text, or beyond the ceilings: not applied */
};

/* One edit of the list (core/edit.h) as the plan orders and judges it. */
struct vakt_fix_step {
	size_t off, del;              /* the edit's */
	const char *ins;              /* borrowed from the edit */
	size_t ins_len;               /* strlen(ins) */
	const struct vakt_rule *rule; /* the edit's */
	const char *note;             /* borrowed from the edit; may be NULL */
	size_t seq;                   /* its index in the list: the order it was made in */
	enum vakt_edit_state state;
};

/*
 * The edits of one source (a struct vakt_edits, core/edit.h) resolved:
 * sorted by offset (insertions before a replacement at the same offset,
 * insertions at one offset in the order made), an edit that overlaps one
 * made before it VAKT_EDIT_CONFLICT, one equal to it (same offset, length
 * and text) VAKT_EDIT_DUPLICATE, one outside the text or beyond
 * VAKT_FIX_MAX_EDITS / VAKT_FIX_MAX_INSERT VAKT_EDIT_INVALID, the rest
 * APPLIED. Two edits overlap when their deleted ranges share a byte or one
 * inserts strictly inside the other's deleted range; insertions at one
 * offset all apply, one after the other.
 */
struct vakt_fix_plan {
	const char *data; /* borrowed: the original text */
	size_t len;
	struct vakt_fix_step *v; /* owned, sorted by offset */
	size_t n;
	size_t applied; /* how many are VAKT_EDIT_APPLIED */
};

/*
 * Resolve l against data[0..len) into *p (its strings borrowed from l and
 * data, which must outlive it). Returns the number applied. Release with
 * vakt_fix_plan_release().
 */
size_t vakt_fix_plan_make(struct vakt_fix_plan *p, const char *data, size_t len,
                          const struct vakt_edits *l);
void vakt_fix_plan_release(struct vakt_fix_plan *p);
/* The text with the applied edits. The caller owns it (NUL-terminated); *len its length. */
char *vakt_fix_apply(const struct vakt_fix_plan *p, size_t *len);
/*
 * The unified diff of the applied edits appended to out: "--- a/PATH",
 * "+++ b/PATH", then hunks with `context` lines of context (3 for diff -u),
 * "\ No newline at end of file" after a last line without one, lines
 * written with their own ending (CRLF kept). Nothing when no edit changes
 * the text.
 */
void vakt_fix_diff(const struct vakt_fix_plan *p, const char *path, int context,
                   struct vakt_buf *out);

/*
 * Files a fix creates (a default-deny NetworkPolicy next to a namespace's
 * manifests): path and text, the rule and its note. One path holds the
 * texts of every fix that asked for it, in order, as YAML documents.
 */
struct vakt_fix_new {
	char *path; /* owned */
	struct vakt_buf text;
	const struct vakt_rule *rule; /* the first fix's */
	char *note;                   /* owned; the notes joined by "; " */
};

struct vakt_fix_news {
	struct vakt_fix_new *v; /* owned */
	size_t n;
};

void vakt_fix_news_release(struct vakt_fix_news *l);

/* What a fixer sees (built by the domain's fix hook, struct vakt_domain.fix). */
struct vakt_fix_ctx {
	const struct vakt_rule *rule;      /* the rule of the finding being fixed */
	const void *model;                 /* the domain model, e.g. struct df_file */
	const struct vakt_source *src;     /* the text the edits are against */
	const struct vakt_scan_opts *opts; /* config (fix.uid), build args; never NULL */
	struct vakt_edits *edits;          /* where edits go (core/edit.h) */
	/* Findings the fixer could not fix, with why ("RUN ends with a heredoc"). */
	struct vakt_strv *skipped;
	/* Files to create (vakt_fix_create()); NULL: fixes that need one are skipped. */
	struct vakt_fix_news *created;
	/* --unsafe: fixes that can break the workload (removing privileged) are made too. */
	bool unsafe;
};

/*
 * Ask each finding's rule for its fix (rule->fix; findings of rules without
 * one are left alone), ctx->rule set to each in turn. The domain's fix hook
 * calls it with the model in ctx.
 */
void vakt_fix_run(struct vakt_fix_ctx *ctx, const struct vakt_finding *const *todo, size_t n);
/*
 * Add an edit for ctx->rule (vakt_edits_add() with the rule; note is
 * printf-style): 0, or -ERANGE (nothing added) when [off, off + del) is
 * not inside ctx->src. Insertions at one offset apply in the order made.
 */
int vakt_fix_edit(struct vakt_fix_ctx *ctx, size_t off, size_t del, const char *ins,
                  const char *fmt, ...) VAKT_PRINTF(5, 6);
/* Record that finding f of ctx->rule cannot be fixed, and why (printf-style). */
void vakt_fix_skip(struct vakt_fix_ctx *ctx, const struct vakt_finding *f, const char *fmt, ...)
    VAKT_PRINTF(3, 4);
/*
 * Ask for a new file at path holding text (a YAML document; several asks
 * for one path are joined by "---" lines, an ask for a text the file holds
 * already adds nothing). note is printf-style. 0, or -ENOTSUP when
 * ctx->created is NULL.
 */
int vakt_fix_create(struct vakt_fix_ctx *ctx, const char *path, const char *text, const char *fmt,
                    ...) VAKT_PRINTF(4, 5);
/*
 * The reference fix.images of the config pins image to (exactly as
 * written), or NULL. Borrowed from the config.
 */
const char *vakt_fix_image(const struct vakt_scan_opts *o, const char *image);
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

/*
 * Create the file path holding data[0..len) (mode 0644, never following a
 * link, never replacing a file). A file already holding exactly that is
 * left as it is (0); one holding anything else is refused with -EEXIST.
 * 0 or -errno, *err set.
 */
int vakt_fix_write_new(const char *path, const char *data, size_t len, struct vakt_error **err);
/*
 * Whether a new file can be made at path: 0 when nothing is there, 1 when
 * it exists and holds exactly data[0..len), -EEXIST when it holds
 * something else, another -errno when it cannot be read.
 */
int vakt_fix_new_state(const char *path, const char *data, size_t len);
/* The unified diff that creates path with text[0..len) ("--- /dev/null"), appended to out. */
void vakt_fix_diff_new(const char *path, const char *text, size_t len, struct vakt_buf *out);

#endif
