/* SPDX-License-Identifier: MIT */
#ifndef VAKT_DF_TEXT_H
#define VAKT_DF_TEXT_H

/*
 * A logical piece of Dockerfile text (an instruction's arguments with line
 * continuations removed, or a heredoc body) that remembers where each byte
 * came from. Positions are kept as segments: within a segment, bytes are
 * consecutive on one source line, so a segment list is tiny compared to a
 * per-byte map and a lookup is a binary search.
 */

#include <stddef.h>

#include "core/source.h"

struct df_seg {
	size_t off; /* offset in text where this segment starts */
	int line;   /* source line of text[off] */
	int col;    /* source column (1-based, in bytes) of text[off] */
};

struct df_text {
	char *s; /* owned, NUL-terminated */
	size_t len;
	struct df_seg *segs; /* owned, sorted by off; segs[0].off == 0 when len > 0 */
	size_t n_segs;
};

/* Source position of byte `off` of t (off may equal len: one past the end). */
void df_text_pos(const struct df_text *t, size_t off, int *line, int *col);
/* The span of bytes [off, off + n) of t (n >= 1); end is inclusive. */
struct vakt_span df_text_span(const struct df_text *t, size_t off, size_t n);
void df_text_release(struct df_text *t);

#endif
