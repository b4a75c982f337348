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
 * beyond); the limit file-size (core/limits.h) changes it.
 */
#define VAKT_MAX_FILE_BYTES (16u * 1024 * 1024)
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
	char *data; /* owned; NUL-terminated copy of the bytes */
	size_t len;
	size_t *line_off; /* owned; byte offset of each line start */
	size_t n_lines;
};

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
/* Line `line` (1-based) without its newline; NULL when out of range. */
const char *vakt_source_line(const struct vakt_source *src, int line, size_t *len);
void vakt_source_free(struct vakt_source *src);

#endif
