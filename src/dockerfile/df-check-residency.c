/* SPDX-License-Identifier: MIT */
/*
 * Data residency in Dockerfiles: the images a build pulls (RS001) and the
 * endpoints and regions written in its instructions (RS002). The rules and
 * the classifier live in src/knowledge/residency.c; this file only walks the
 * model and turns offsets in an instruction's text into source positions.
 */
#include "core/scan.h"
#include "df-check-residency.h"
#include "df-check-sec.h"
#include "knowledge/residency.h"

static void check_image(struct vakt_check_ctx *ctx, const struct df_sec_image *img, void *data)
{
	(void)data;
	vakt_residency_check_image(ctx, img->resolved, &img->span, NULL);
}

/* RS002 over a piece of text whose bytes know their source position. */
static void check_text(struct vakt_check_ctx *ctx, const struct shell_text *t)
{
	struct vakt_residency_report rep[VAKT_RESIDENCY_MAX_HITS];
	struct vakt_check_ctx c = *ctx;
	size_t n;

	if (!t->s || !t->len)
		return;
	n = vakt_residency_find_text(ctx->opts->config, t->s, t->len, rep, VAKT_ARRAY_SIZE(rep));
	for (size_t i = 0; i < n; i++) {
		struct vakt_span span = shell_text_span(t, rep[i].off, rep[i].len);

		c.rule = rep[i].rule;
		vakt_check_emit(&c, &span, NULL, "%s", rep[i].message);
		vakt_residency_report_release(&rep[i]);
	}
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

static void check_instr(struct vakt_check_ctx *ctx, const struct df_instr *in)
{
	if (kind_has_values(in->kind))
		check_text(ctx, &in->text);
	/* Heredocs: RUN scripts and files written by COPY/ADD <<EOF alike. */
	for (size_t h = 0; h < in->n_heredocs; h++)
		check_text(ctx, &in->heredocs[h].body);
}

void df_check_residency(struct vakt_check_ctx *ctx)
{
	const struct df_file *f = ctx->model;

	df_sec_each_image(f, false, check_image, ctx, NULL);
	for (size_t i = 0; i < f->n_instrs; i++) {
		const struct df_instr *in = &f->instrs[i];

		check_instr(ctx, in);
		/* The parser keeps ONBUILD's trigger one level deep. */
		if (in->onbuild)
			check_instr(ctx, in->onbuild);
	}
}
