/* SPDX-License-Identifier: MIT */
#include "check.h"

void vakt_check_emit(struct vakt_check_ctx *ctx, const struct vakt_span *at, const char *object,
                     const char *fmt, ...)
{
	struct vakt_finding *f = vakt_findings_push(ctx->out);
	va_list ap;

	f->rule = ctx->rule;
	f->severity = ctx->rule->severity;
	va_start(ap, fmt);
	f->message = vakt_xvasprintf(fmt, ap);
	va_end(ap);
	f->loc.file = vakt_xstrdup(ctx->src ? ctx->src->path : NULL);
	f->loc.object = vakt_xstrdup(object);
	if (at) {
		f->loc.line = at->line;
		f->loc.column = at->column;
		f->loc.end_line = at->end_line ? at->end_line : at->line;
		f->loc.end_column = at->end_column;
	}
	if (ctx->src && f->loc.line > 0) {
		size_t len;
		const char *l = vakt_source_line(ctx->src, f->loc.line, &len);

		/* A snippet is for people: keep the start of a huge line only. */
		if (l)
			f->snippet =
			    vakt_xstrndup(l, len < VAKT_SNIPPET_MAX ? len : VAKT_SNIPPET_MAX);
	}
}
