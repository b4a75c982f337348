/* SPDX-License-Identifier: MIT */
#ifndef VAKT_EDIT_H
#define VAKT_EDIT_H

/*
 * One change to a source's bytes, as the fixers of `vakt fix` make them
 * (docs/fix.md): delete `del` bytes at `off`, then insert `ins` there. Edits
 * of one source never overlap; two inserts at the same offset keep the order
 * they were made in. The fix engine (core/fix.h) applies them, prints them as
 * a unified diff and writes the result; the YAML editor (core/yaml-edit.h)
 * makes them for manifests and compose files.
 */

#include <stddef.h>

struct vakt_rule;

struct vakt_edit {
	size_t off;                   /* byte offset in the original source */
	size_t del;                   /* bytes of the original replaced */
	char *ins;                    /* owned; NUL-terminated text inserted ("" for none) */
	const struct vakt_rule *rule; /* the rule the edit fixes; NULL: part of another edit */
	char *note;                   /* owned, may be NULL: the choice made ("USER 10001 ...") */
};

/* A growable list of edits for one source. Initialise to zero. */
struct vakt_edits {
	struct vakt_edit *v; /* owned */
	size_t n;
	size_t cap;
};

/* Append an edit (ins and note are copied; note may be NULL). Returns the new edit. */
struct vakt_edit *vakt_edits_add(struct vakt_edits *l, size_t off, size_t del, const char *ins,
                                 const struct vakt_rule *rule, const char *note);
void vakt_edits_release(struct vakt_edits *l);

#endif
