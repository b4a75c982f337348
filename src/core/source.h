/* SPDX-License-Identifier: MIT */
#ifndef VAKT_SOURCE_H
#define VAKT_SOURCE_H

/*
 * A text input held in memory, with a line index for snippets and
 * positions. Every domain reads its files through this, so the size ceiling
 * and the binary / UTF-8 checks are the same everywhere.
 */

#include "error.h"

/*
 * Largest input file vakt reads by default (a distinct "too large" error
 * beyond); the limit file-size (core/limits.h) changes it. 32 MiB holds
 * the largest real inputs (a 20 MB rendered Helm release) at a few bytes
 * of memory per input byte (docs/performance.md, "Memory").
 */
#define VAKT_MAX_FILE_BYTES (32u * 1024 * 1024)
/* Longest physical line in a text input by default (the limit line-length). */
#define VAKT_MAX_LINE_BYTES (1u * 1024 * 1024)

/* A region of source text; 1-based, end inclusive; 0 means unknown. */
struct vakt_span {
	int line;
	int column;
	int end_line;
	int end_column;
};

struct vakt_source {
	char *path; /* owned; display path as given ("-" shows as "<stdin>") */
	/* Owned; NUL-terminated copy of the bytes. NULL once packed (vakt_source_pack()). */
	char *data;
	size_t len;
	size_t n_lines;
	/*
	 * Private: a line index of 8 bytes per VAKT_SOURCE_LINE_STEP lines (a
	 * full index was half a byte per byte of a manifest), the last line
	 * looked up (vakt_source_line() is quick in line order), the packed text.
	 * A source is read by one thread at a time until it is packed; a packed
	 * source, by any number at once.
	 */
	struct vakt_source_priv *priv;
};

/* Lines between two entries of a source's line index. */
#define VAKT_SOURCE_LINE_STEP 64

/*
 * Read path ("-" reads standard input) into a new source of at most
 * max_bytes. Refuses non-regular files and FIFOs other than stdin. A file
 * that starts with a UTF-16 byte-order mark is decoded to UTF-8 (-EILSEQ
 * when it is not valid UTF-16); positions then count UTF-8 bytes.
 * On success the caller owns *out (vakt_source_free()).
 * Errors: -ENOENT/-EACCES/... from the system, -EFBIG when larger than max_bytes,
 * -EISDIR for a directory.
 */
int vakt_source_read(const char *path, size_t max_bytes, struct vakt_source **out,
                     struct vakt_error **err);
/* Build a source from memory (copied). The caller owns *out. */
struct vakt_source *vakt_source_from_mem(const char *path, const char *data, size_t len);
/*
 * Reject what is not text: a NUL byte ("binary file"), invalid UTF-8, or a line
 * longer than max_line bytes. The error names the line and column.
 * A UTF-8 byte-order mark is allowed.
 */
int vakt_source_check_text(const struct vakt_source *src, size_t max_line, struct vakt_error **err);
/*
 * Line `line` (1-based) without its newline; NULL when out of range. Borrowed
 * from src; for a packed source, valid until the same thread's next call on
 * a packed source: each thread keeps one block of them unpacked at a time
 * (its own, freed when the thread ends).
 */
const char *vakt_source_line(const struct vakt_source *src, int line, size_t *len);
/* The byte offset in src->data where line `line` (1..n_lines) starts. Not for a packed source. */
size_t vakt_source_line_start(const struct vakt_source *src, int line);
/*
 * Compress src's text (zstd, in blocks of whole lines) and free src->data:
 * for a source kept only for the lines findings show (vakt_source_line()
 * still works, decompressing one block at a time).
 */
void vakt_source_pack(struct vakt_source *src);
/*
 * The whole text of src, packed or not, NUL-terminated (src->len bytes before
 * it), for reading it again. The caller owns it (free()).
 */
char *vakt_source_text(const struct vakt_source *src);
void vakt_source_free(struct vakt_source *src);

#endif
