/* SPDX-License-Identifier: MIT */
#include "shell-text.h"
#include "core/util.h"

void shell_text_pos(const struct shell_text *t, size_t off, int *line, int *col)
{
	size_t lo = 0, hi;

	if (!t->n_segs) {
		*line = 0;
		*col = 0;
		return;
	}
	/* Last segment starting at or before off. */
	hi = t->n_segs;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (t->segs[mid].off <= off)
			lo = mid;
		else
			hi = mid;
	}
	*line = t->segs[lo].line;
	*col = t->segs[lo].col + (int)(off - t->segs[lo].off);
}

struct vakt_span shell_text_span(const struct shell_text *t, size_t off, size_t n)
{
	struct vakt_span s;

	shell_text_pos(t, off, &s.line, &s.column);
	shell_text_pos(t, off + (n ? n - 1 : 0), &s.end_line, &s.end_column);
	return s;
}

void shell_text_release(struct shell_text *t)
{
	free(t->s);
	free(t->segs);
	memset(t, 0, sizeof(*t));
}
