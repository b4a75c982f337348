/* SPDX-License-Identifier: MIT */
/* The edit list of `vakt fix` (edit.h). */
#include "edit.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

/* Returns the edit, owned by the list. */
struct vakt_edit *vakt_edits_add(struct vakt_edits *l, size_t off, size_t del, const char *ins,
                                 const struct vakt_rule *rule, const char *note)
{
	l->v = vakt_grow(l->v, sizeof(*l->v), l->n + 1, &l->cap);
	struct vakt_edit *e = &l->v[l->n++];
	e->off = off;
	e->del = del;
	e->ins = vakt_xstrdup(ins ? ins : "");
	e->rule = rule;
	e->note = note ? vakt_xstrdup(note) : NULL;
	return e;
}

void vakt_edits_release(struct vakt_edits *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i].ins);
		free(l->v[i].note);
	}
	free(l->v);
	memset(l, 0, sizeof(*l));
}
