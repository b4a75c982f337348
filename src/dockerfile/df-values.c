/* SPDX-License-Identifier: MIT */
/*
 * The values of a Dockerfile the families judge (data residency: the images
 * a build pulls, the endpoints and regions written in its instructions).
 * This file only walks the model and says how offsets in an instruction's
 * text map to source positions; the rules live in src/knowledge/.
 */
#include "core/scan.h"
#include "df-check-sec.h"
#include "df-values.h"

static void image_value(struct vakt_check_ctx *ctx, const struct df_sec_image *img, void *data)
{
	(void)data;
	vakt_values_judge_str(ctx, VAKT_VALUE_IMAGE, img->resolved, &img->span, NULL);
}

/* An instruction's text is spread over continued lines: its bytes know their position. */
static struct vakt_span text_span(const void *t, size_t off, size_t n)
{
	return shell_text_span(t, off, n);
}

static void text_value(struct vakt_check_ctx *ctx, const struct shell_text *t)
{
	struct vakt_value v = {.kind = VAKT_VALUE_TEXT, .text = t->s, .len = t->len};

	if (!t->s || !t->len)
		return;
	v.span_of = text_span;
	v.span_data = t;
	vakt_values_judge(ctx, &v);
}

/* Instructions whose arguments may name endpoints or regions. */
static bool kind_has_values(enum df_kind k)
{
	switch (k) {
	case DF_ENV:
	case DF_ARG:
	case DF_RUN:
	case DF_CMD:
	case DF_ENTRYPOINT:
	case DF_ADD:
	case DF_HEALTHCHECK:
		return true;
	default:
		return false;
	}
}

static void instr_values(struct vakt_check_ctx *ctx, const struct df_instr *in)
{
	if (kind_has_values(in->kind))
		text_value(ctx, &in->text);
	/* Heredocs: RUN scripts and files written by COPY/ADD <<EOF alike. */
	for (size_t h = 0; h < in->n_heredocs; h++)
		text_value(ctx, &in->heredocs[h].body);
}

void df_values(struct vakt_check_ctx *ctx)
{
	const struct df_file *f = ctx->model;

	df_sec_each_image(f, false, image_value, ctx, NULL);
	for (size_t i = 0; i < f->n_instrs; i++) {
		const struct df_instr *in = &f->instrs[i];

		instr_values(ctx, in);
		/* The parser keeps ONBUILD's trigger one level deep. */
		if (in->onbuild)
			instr_values(ctx, in->onbuild);
	}
}
