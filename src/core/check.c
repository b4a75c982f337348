/* SPDX-License-Identifier: MIT */
#include "check.h"
#include "strpool.h"

/* A new finding of ctx->rule in ctx->out, its strings pooled; message still unset. */
static struct vakt_finding *check_push(struct vakt_check_ctx *ctx)
{
	struct vakt_findings *l = ctx->out;
	struct vakt_finding *f = vakt_findings_push(l);

	/* Files, objects, lines and messages repeat: the list's pool keeps each once. */
	if (!l->pool)
		l->pool = vakt_strpool_new();
	f->pooled = true;
	f->rule = ctx->rule;
	f->severity = ctx->rule->severity;
	return f;
}

/* Where f is: file, object, position and the source line there. */
static void check_place(struct vakt_check_ctx *ctx, struct vakt_finding *f,
                        const struct vakt_span *at, const char *object)
{
	struct vakt_findings *l = ctx->out;

	f->loc.file = vakt_findings_intern(l, ctx->src ? ctx->src->path : ctx->file);
	f->loc.object = vakt_findings_intern(l, object);
	if (at) {
		f->loc.line = at->line;
		f->loc.column = at->column;
		f->loc.end_line = at->end_line ? at->end_line : at->line;
		f->loc.end_column = at->end_column;
	}
	if (ctx->src && f->loc.line > 0) {
		size_t len;
		const char *line = vakt_source_line(ctx->src, f->loc.line, &len);

		/* A snippet is for people: keep the start of a huge line only. */
		if (line)
			f->snippet = (char *)(uintptr_t)vakt_strpool_intern(
			    l->pool, line, len < VAKT_SNIPPET_MAX ? len : VAKT_SNIPPET_MAX);
	}
	if (ctx->domain && ctx->domain->amend)
		ctx->domain->amend(ctx, f);
}

void vakt_check_emit(struct vakt_check_ctx *ctx, const struct vakt_span *at, const char *object,
                     const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vakt_check_vemit(ctx, at, object, fmt, ap);
	va_end(ap);
}

void vakt_check_emit_msg(struct vakt_check_ctx *ctx, const struct vakt_span *at, const char *object,
                         const char *msg)
{
	struct vakt_finding *f = check_push(ctx);

	f->message = (char *)(uintptr_t)vakt_strpool_str(ctx->out->pool, msg);
	check_place(ctx, f, at, object);
}

void vakt_check_lower(struct vakt_check_ctx *ctx, int steps)
{
	struct vakt_finding *f;
	int sev;

	if (!ctx->out->n || steps <= 0)
		return;
	f = &ctx->out->v[ctx->out->n - 1];
	sev = (int)f->severity - steps;
	f->severity = sev < (int)VAKT_SEV_INFO ? VAKT_SEV_INFO : (enum vakt_severity)sev;
}

void vakt_check_vemit(struct vakt_check_ctx *ctx, const struct vakt_span *at, const char *object,
                      const char *fmt, va_list ap)
{
	struct vakt_finding *f = check_push(ctx);

	f->message = (char *)(uintptr_t)vakt_strpool_vprintf(ctx->out->pool, fmt, ap);
	check_place(ctx, f, at, object);
}

void vakt_rules_run_table(struct vakt_check_ctx *ctx, const struct vakt_rule *table,
                          enum vakt_rule_scope scope)
{
	for (const struct vakt_rule *r = table; r->id; r++)
		if (r->check && r->scope == scope) {
			ctx->rule = r;
			r->check(ctx);
		}
}

void vakt_rules_run(struct vakt_check_ctx *ctx, const struct vakt_domain *d,
                    enum vakt_rule_scope scope)
{
	ctx->domain = d;
	for (const struct vakt_rule *const *t = d->tables; t && *t; t++)
		vakt_rules_run_table(ctx, *t, scope);
	if (scope == VAKT_SCOPE_UNIT && d->values)
		d->values(ctx);
}

void vakt_values_judge(struct vakt_check_ctx *ctx, const struct vakt_value *v)
{
	static const struct vakt_domain *const families[] = {VAKT_FAMILIES};
	const struct vakt_rule *saved = ctx->rule;

	if (!v->text)
		return;
	for (size_t i = 0; i < sizeof(families) / sizeof(*families); i++)
		families[i]->judge(ctx, v);
	ctx->rule = saved;
}

void vakt_values_judge_str(struct vakt_check_ctx *ctx, enum vakt_value_kind kind, const char *text,
                           const struct vakt_span *at, const char *object)
{
	struct vakt_value v = {.kind = kind, .text = text, .at = at, .object = object};

	if (!text)
		return;
	v.len = strlen(text);
	vakt_values_judge(ctx, &v);
}
