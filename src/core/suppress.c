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

/* Whether s covers f: f's line within s's lines (any line for a whole-file one), f's rule named. */
static bool suppression_matches(const struct vakt_suppression *s, const struct vakt_finding *f)
{
	if (s->first_line || s->last_line) {
		if (f->loc.line < s->first_line || f->loc.line > s->last_line)
			return false;
	}
	for (size_t i = 0; i < s->rules.n; i++)
		if (!vakt_strcasecmp(s->rules.v[i], "all") ||
		    vakt_rule_matches(f->rule, s->rules.v[i]))
			return true;
	return false;
}

bool vakt_suppressions_apply(const struct vakt_suppressions *sup, struct vakt_finding *f)
{
	for (size_t k = 0; sup && k < sup->n; k++) {
		const struct vakt_suppression *s = &sup->v[k];

		if (!suppression_matches(s, f))
			continue;
		f->suppressed = true;
		f->suppress_reason =
		    s->reason
		        ? vakt_xasprintf("%s pragma at line %d: %s", s->origin, s->line, s->reason)
		        : vakt_xasprintf("%s pragma at line %d", s->origin, s->line);
		return true;
	}
	return false;
}
