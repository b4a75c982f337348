/* SPDX-License-Identifier: MIT */
/* Helpers shared by the Dockerfile security rules (DF001-DF039). */
#include <limits.h>

#include "df-check-sec.h"

const struct df_stage *df_sec_stage(const struct df_file *f, int i)
{
	if (i < 0 || (size_t)i >= f->n_stages)
		return NULL;
	return &f->stages[i];
}

size_t df_sec_final_chain(const struct df_file *f, int *chain)
{
	size_t n = 0;
	int i = f->final_stage;

	/* A parent is always an earlier stage; the bound also cuts any cycle. */
	while (i >= 0 && (size_t)i < f->n_stages && n < f->n_stages) {
		chain[n++] = i;
		if (f->stages[i].parent >= i)
			break;
		i = f->stages[i].parent;
	}
	return n;
}

bool df_sec_in_final_chain(const struct df_file *f, int i)
{
	int s = f->final_stage;

	for (size_t n = 0; s >= 0 && (size_t)s < f->n_stages && n < f->n_stages; n++) {
		if (s == i)
			return true;
		if (f->stages[s].parent >= s)
			break;
		s = f->stages[s].parent;
	}
	return false;
}

bool df_sec_is_scratch(const char *s)
{
	return s && !vakt_strcasecmp(s, "scratch");
}

const char *df_sec_stage_image(const struct df_stage *st, bool *scratch)
{
	if (scratch)
		*scratch = false;
	if (st->parent >= 0 || st->unresolved || !st->base)
		return NULL;
	if (df_sec_is_scratch(st->base)) {
		if (scratch)
			*scratch = true;
		return NULL;
	}
	return st->base;
}

bool df_sec_names_stage(const struct df_file *f, int stage, const char *ref)
{
	long idx;

	/* An index is never an image, even one that names no stage (DF087 says so). */
	if (!vakt_parse_long(ref, 0, INT_MAX, &idx))
		return true;
	/* A stage defined later still is not an image: DF087 reports it. */
	(void)stage;
	/* A hash probe: a per-reference walk of the stages made long files quadratic. */
	return df_file_find_stage(f, ref) >= 0;
}

char *df_sec_stage_label(const struct df_file *f, int i)
{
	const struct df_stage *st = df_sec_stage(f, i);

	if (st && st->name)
		return vakt_xasprintf("stage '%.*s'", DF_SEC_MSG_MAX, st->name);
	return vakt_xasprintf("stage %d", i);
}

int df_sec_line(const struct df_file *f, size_t at)
{
	return at < f->n_instrs ? f->instrs[at].span.line : 0;
}

/*
 * The span of the `from=` item of a --mount flag written on one line as
 * plain text; otherwise the whole flag.
 */
static struct vakt_span mount_item_span(const struct df_flag *fl, size_t off, size_t n)
{
	struct vakt_span sp = fl->span;
	size_t written = 2 + strlen(fl->name) + 1 + strlen(fl->value);

	if (sp.line && sp.line == sp.end_line && sp.column > 0 &&
	    (size_t)(sp.end_column - sp.column + 1) == written) {
		sp.column += (int)(2 + strlen(fl->name) + 1 + off);
		sp.end_column = sp.column + (int)n - 1;
	}
	return sp;
}

typedef void (*image_fn)(struct vakt_check_ctx *ctx, const struct df_sec_image *img, void *data);

static void emit_ref(const struct df_file *f, const struct df_instr *in, size_t at,
                     const char *what, const char *written, struct vakt_span span, bool unresolved,
                     image_fn fn, struct vakt_check_ctx *ctx, void *data)
{
	struct df_sec_image img = {what, written, NULL, span, in->stage, at};
	char *resolved;

	if (!*written)
		return;
	resolved = df_file_expand_known(f, in->stage, at, written);
	if (resolved && (df_sec_is_scratch(resolved) ||
	                 df_sec_names_stage(f, in->stage, resolved) || !*resolved)) {
		free(resolved);
		return;
	}
	img.resolved = resolved;
	if (resolved || unresolved)
		fn(ctx, &img, data);
	free(resolved);
}

void df_sec_each_image(const struct df_file *f, bool unresolved, image_fn fn,
                       struct vakt_check_ctx *ctx, void *data)
{
	for (size_t s = 0; s < f->n_stages; s++) {
		const struct df_stage *st = &f->stages[s];
		struct df_sec_image img = {"FROM", NULL, NULL, {0, 0, 0, 0}, (int)s, st->from};
		bool scratch;

		if (st->parent >= 0 || !st->image || !st->image->value)
			continue;
		if (!df_sec_stage_image(st, &scratch) &&
		    (scratch || !unresolved || !st->unresolved))
			continue;
		img.written = st->image->value;
		img.resolved = st->unresolved ? NULL : st->base;
		img.span = st->image->span;
		fn(ctx, &img, data);
	}
	for (size_t i = 0; i < f->n_instrs; i++) {
		const struct df_instr *in = &f->instrs[i];

		if (in->stage < 0)
			continue;
		if (in->kind == DF_COPY) {
			const struct df_flag *fl = df_instr_find_flag(in, "from");

			if (fl && fl->value)
				emit_ref(f, in, i, "COPY --from", fl->value, fl->span, unresolved,
				         fn, ctx, data);
		} else if (in->kind == DF_RUN) {
			for (size_t k = 0; k < in->n_flags; k++) {
				const struct df_flag *fl = &in->flags[k];
				const char *v = fl->value;

				if (!fl->name || strcmp(fl->name, "mount") || !v)
					continue;
				/* type=bind,from=golang:1.22,source=/usr/local/go,target=/go */
				for (size_t off = 0; v[off];) {
					size_t n = strcspn(v + off, ",");

					if (n > 5 && !vakt_strncasecmp(v + off, "from=", 5)) {
						char *ref = vakt_xstrndup(v + off + 5, n - 5);

						emit_ref(f, in, i, "RUN --mount from", ref,
						         mount_item_span(fl, off + 5, n - 5),
						         unresolved, fn, ctx, data);
						free(ref);
					}
					off += n;
					if (v[off] == ',')
						off++;
				}
			}
		}
	}
}
