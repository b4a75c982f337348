/* SPDX-License-Identifier: MIT */
#ifndef VAKT_PRAGMA_H
#define VAKT_PRAGMA_H

/*
 * vakt's own inline suppression comments, one grammar for every domain:
 *   # vakt ignore=ID[,ID] [-- reason]       the line below and what starts there
 *   # vakt ignore-file=ID[,ID] [-- reason]  the whole file
 * Blanks may surround '=' and ','; the reason after "--" is optional. A
 * comment that starts "# vakt ignore" but does not parse is an error;
 * "# vakt is great" is prose, not a pragma.
 *
 * vakt_pragma_parse() reads one comment's text (the Dockerfile parser hands
 * it the comments it kept); vakt_pragmas_collect() finds the pragmas among
 * the comment lines of a line-based file (YAML, shell, Makefiles) and
 * decides what each covers.
 */

#include <stdbool.h>
#include <stddef.h>

#include "error.h"
#include "source.h"
#include "suppress.h"

/* Most bytes of the offending text quoted in an error message. */
#define VAKT_PRAGMA_MAX_EXCERPT 20

/*
 * Flags of vakt_pragma_parse(). VAKT_PRAGMA_EXAMPLE: messages about a
 * missing '=' or id end with the pragma's shape (", as in '# vakt
 * ignore=ID[,ID] [-- reason]'"), as the Dockerfile domain words them.
 */
#define VAKT_PRAGMA_EXAMPLE 0x1u

struct vakt_pragma {
	bool whole_file;        /* ignore-file= rather than ignore= */
	struct vakt_strv rules; /* the ids as written, in order */
	char *reason;           /* after "--", blanks trimmed; NULL when none */
};

/*
 * A cursor over one comment's text (s[0..n), position i), for parsers of
 * other tools' pragma syntaxes (hadolint, Trivy, Checkov in Dockerfiles).
 */
struct vakt_pragma_cur {
	const char *s;
	size_t n;
	size_t i;
};

/* Whether the cursor is at a blank or a tab. */
bool vakt_pragma_cur_at_ws(const struct vakt_pragma_cur *c);
/* Move past blanks and tabs. */
void vakt_pragma_cur_skip_ws(struct vakt_pragma_cur *c);
/* Move past lit when the text continues with it; false (cursor unmoved) otherwise. */
bool vakt_pragma_cur_eat(struct vakt_pragma_cur *c, const char *lit);

/*
 * Parse text[0..len), a comment's text after its '#', as a vakt pragma.
 * Returns 1 when it is one: *out is filled and the caller owns it
 * (vakt_pragma_release()). Returns 0 when the comment is no vakt pragma
 * (another word than "vakt" first, or prose); *out is then empty. Returns
 * -EINVAL when it is a malformed one: *err names path, line and the column
 * of the fault, counting text[0] as column col; *out is empty.
 */
int vakt_pragma_parse(const char *text, size_t len, unsigned flags, const char *path, int line,
                      int col, struct vakt_pragma *out, struct vakt_error **err);
void vakt_pragma_release(struct vakt_pragma *p);

/*
 * Append p to sup as written at `line` and covering the lines
 * [first, last] (0 and 0 for a whole-file pragma), origin "vakt". The
 * suppression takes p's rules and reason; p is left empty.
 */
void vakt_pragma_add(struct vakt_suppressions *sup, struct vakt_pragma *p, int line, int first,
                     int last);

/*
 * Collect the vakt pragmas written as `#` comment lines of src into sup.
 * `ignore=` covers its target, the first line below that is not a comment
 * (only comment lines may sit between; a blank line first means it covers
 * nothing), through extent(target, data): the last line of what starts on
 * the target line (NULL extent: the target line alone). A malformed pragma
 * is an error appended to errs (ownership moves there).
 */
void vakt_pragmas_collect(const struct vakt_source *src, int (*extent)(int line, void *data),
                          void *data, struct vakt_suppressions *sup, struct vakt_error_list *errs);

#endif
