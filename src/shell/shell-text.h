/* SPDX-License-Identifier: MIT */
#ifndef VAKT_SHELL_TEXT_H
#define VAKT_SHELL_TEXT_H

/*
 * A logical piece of text (a Dockerfile instruction's arguments with line
 * continuations removed, a heredoc body, a YAML scalar holding a script)
 * that remembers where each byte came from in its source file: what the
 * shell tokenizer reads, so that every word it returns has a position.
 * Positions are kept as segments: within a segment, bytes are consecutive on
 * one source line, so a segment list is tiny compared to a per-byte map and
 * a lookup is a binary search.
 */

#include <stddef.h>

#include "core/source.h"

struct shell_seg {
	size_t off; /* offset in text where this segment starts */
	int line;   /* source line of text[off] */
	int col;    /* source column (1-based, in bytes) of text[off] */
};

struct shell_text {
	char *s; /* owned, NUL-terminated */
	size_t len;
	struct shell_seg *segs; /* owned, sorted by off; segs[0].off == 0 when len > 0 */
	size_t n_segs;
};

/* Source position of byte `off` of t (off may equal len: one past the end). */
void shell_text_pos(const struct shell_text *t, size_t off, int *line, int *col);
/* The span of bytes [off, off + n) of t (n >= 1); end is inclusive. */
struct vakt_span shell_text_span(const struct shell_text *t, size_t off, size_t n);
/* Frees s and segs (a text that owns them) and zeroes t. */
void shell_text_release(struct shell_text *t);

#endif
