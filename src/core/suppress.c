/* SPDX-License-Identifier: MIT */
#include "suppress.h"

struct vakt_suppression *vakt_suppressions_push(struct vakt_suppressions *s)
{
	s->v = vakt_grow(s->v, sizeof(*s->v), s->n + 1, &s->cap);
	memset(&s->v[s->n], 0, sizeof(s->v[0]));
	return &s->v[s->n++];
}

void vakt_suppressions_release(struct vakt_suppressions *s)
{
	for (size_t i = 0; i < s->n; i++) {
		vakt_strv_release(&s->v[i].rules);
		free(s->v[i].reason);
	}
	free(s->v);
	s->v = NULL;
	s->n = s->cap = 0;
}
