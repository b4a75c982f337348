/* SPDX-License-Identifier: MIT */
/*
 * vakt image --dockerfile in the scan: the alignment of the image's history
 * with the Dockerfile (img-origin.c), kept per history entry, and what
 * findings and package lists say of a layer's origin: a note for messages,
 * details for the JSON, SARIF and SBOM writers, warnings when the history
 * cannot be matched. No cleanup labels needed.
 */
#include "core/check.h"
#include "img-origin-priv.h"
#include "img-scan.h"

/* Longest created_by quoted in a warning. */
#define ORIGIN_SHOWN 60

struct img_origin_entry {
	enum img_origin_kind kind;
	int line;          /* the instruction's, or the FROM's for the base image */
	char *instruction; /* owned: as written, whitespace folded; NULL when unmatched */
};

struct img_origin_state {
	char *path;                    /* owned: the Dockerfile as named */
	struct img_origin_entry *hist; /* owned: one per config history entry */
	size_t n_hist;
};

static char *step_display(const struct img_dockerfile_step *s)
{
	struct vakt_buf raw = VAKT_BUF_INIT, b = VAKT_BUF_INIT;

	vakt_buf_adds(&raw, s->keyword);
	vakt_buf_addc(&raw, ' ');
	vakt_buf_adds(&raw, s->text ? s->text : "");
	origin_fold(&b, raw.data, raw.len);
	vakt_buf_release(&raw);
	return vakt_buf_detach(&b);
}

/* 'created_by' for a warning: shortened, and never a secret it holds. */
static char *shown(const char *cb)
{
	if (!cb || !*cb)
		return vakt_xstrdup("(no created_by)");
	if (img_text_has_secret(cb))
		return vakt_xstrdup("(a build step that holds a secret, see IM005)");
	if (strlen(cb) > ORIGIN_SHOWN)
		return vakt_xasprintf("'%.*s...'", ORIGIN_SHOWN, cb);
	return vakt_xasprintf("'%s'", cb);
}

/* The instruction the alignment expected when it stopped: below the lowest one matched. */
static long expected_step(const struct img_dockerfile *df, const struct img_origin *o, size_t n)
{
	long low = (long)df->n_steps;

	for (size_t i = 0; i < n; i++)
		if (o[i].kind == IMG_ORIGIN_STEP && o[i].step < low)
			low = o[i].step;
	while (low > 0) {
		const struct img_dockerfile_step *s = &df->steps[low - 1];
		enum origin_kind k = origin_kind_of(s->keyword, strlen(s->keyword), false);

		if (k != OK_NONE && k != OK_ONBUILD && k != OK_ARG)
			return low - 1;
		low--;
	}
	return -1;
}

/* Say why layers are not matched, once, naming the entry where the history stops matching. */
static void warn_unmatched(const struct img_scan *s, const struct img_dockerfile *df,
                           const struct img_origin *o, struct vakt_error_list *w)
{
	const struct img_config *c = &s->img->config;
	size_t layers = 0, at = c->n_history;
	long exp;
	char *cb;

	for (size_t i = 0; i < s->img->n_layers; i++) {
		int h = s->img->layers[i].history;

		layers += h >= 0 && o[h].kind == IMG_ORIGIN_UNMATCHED;
	}
	for (size_t i = c->n_history; i-- > 0;)
		if (o[i].kind == IMG_ORIGIN_UNMATCHED) {
			at = i;
			break;
		}
	if (at == c->n_history)
		return;
	exp = expected_step(df, o, c->n_history);
	cb = shown(c->history[at].created_by);
	if (exp >= 0)
		img_warn(
		    w, VAKT_WARNING_CODE,
		    "the build history of '%s' does not match '%s' at line %d (%s): history "
		    "entry %zu is %s; %zu layer%s not matched to it (built from another version "
		    "of the file?)",
		    s->img->path, df->path, df->steps[exp].line, df->steps[exp].keyword, at, cb,
		    layers, layers == 1 ? " is" : "s are");
	else
		img_warn(w, VAKT_WARNING_CODE,
		         "the build history of '%s' has more entries than '%s' explains after its "
		         "FROM (line %d): history entry %zu is %s; %zu layer%s not matched to it",
		         s->img->path, df->path, df->from_line, at, cb, layers,
		         layers == 1 ? " is" : "s are");
	free(cb);
}

void img_origin_build(struct img_scan *s, const struct img_dockerfile *df,
                      struct vakt_error_list *warnings)
{
	const struct img_config *c = &s->img->config;
	struct img_origin_state *st = vakt_xcalloc(1, sizeof(*st));
	struct img_origin *o = vakt_xcalloc(c->n_history ? c->n_history : 1, sizeof(*o));
	size_t with_layer = 0;

	s->origin = st;
	st->path = vakt_xstrdup(df->path);
	st->n_hist = c->n_history;
	st->hist = vakt_xcalloc(c->n_history ? c->n_history : 1, sizeof(*st->hist));
	for (size_t i = 0; i < c->n_history; i++)
		with_layer += !c->history[i].empty_layer;
	img_origin_align(df, c->history, c->n_history, o);
	for (size_t i = 0; i < c->n_history; i++) {
		struct img_origin_entry *e = &st->hist[i];

		e->kind = o[i].kind;
		if (o[i].kind == IMG_ORIGIN_STEP) {
			e->line = df->steps[o[i].step].line;
			e->instruction = step_display(&df->steps[o[i].step]);
		} else if (o[i].kind == IMG_ORIGIN_BASE) {
			struct vakt_buf b = VAKT_BUF_INIT;

			e->line = df->from_line;
			origin_fold(&b, df->from ? df->from : "FROM",
			            df->from ? strlen(df->from) : 4);
			e->instruction = vakt_buf_detach(&b);
		}
	}
	if (s->img->format == IMG_FORMAT_ROOTFS || !c->n_history)
		img_warn(warnings, VAKT_WARNING_CODE,
		         "'%s' has no build history: its layers cannot be matched to '%s'",
		         s->img->path, df->path);
	/* img-open.c pairs layers with entries only when the counts agree (layers[].history). */
	else if (with_layer != s->img->n_layers)
		img_warn(
		    warnings, VAKT_WARNING_CODE,
		    "the build history of '%s' lists %zu entr%s with a layer for %zu layer%s: its "
		    "layers cannot be matched to '%s'",
		    s->img->path, with_layer, with_layer == 1 ? "y" : "ies", s->img->n_layers,
		    s->img->n_layers == 1 ? "" : "s", df->path);
	else
		warn_unmatched(s, df, o, warnings);
	free(o);
}

void img_origin_state_free(struct img_origin_state *st)
{
	if (!st)
		return;
	for (size_t i = 0; i < st->n_hist; i++)
		free(st->hist[i].instruction);
	free(st->hist);
	free(st->path);
	free(st);
}

const char *img_dockerfile_path(const struct img_scan *s)
{
	return s->origin ? s->origin->path : NULL;
}

enum img_origin_kind img_history_origin(const struct img_scan *s, long h, int *line,
                                        const char **instruction)
{
	const struct img_origin_entry *e;

	if (line)
		*line = 0;
	if (instruction)
		*instruction = NULL;
	if (!s->origin)
		return IMG_ORIGIN_NONE;
	if (h < 0 || (size_t)h >= s->origin->n_hist)
		return IMG_ORIGIN_UNMATCHED;
	e = &s->origin->hist[h];
	if (line)
		*line = e->line;
	if (instruction)
		*instruction = e->instruction;
	return e->kind;
}

enum img_origin_kind img_layer_origin(const struct img_scan *s, int layer, int *line,
                                      const char **instruction)
{
	long h = -1;

	if (s->origin && layer >= 0 && (size_t)layer < s->img->n_layers)
		h = s->img->layers[layer].history;
	return img_history_origin(s, h, line, instruction);
}

/* "Dockerfile:5", "from the base image: FROM debian:12, Dockerfile:1", "not matched to ...". */
static char *origin_label(const struct img_scan *s, enum img_origin_kind k, int line,
                          const char *instr)
{
	const char *path = s->origin->path;

	switch (k) {
	case IMG_ORIGIN_STEP:
		return vakt_xasprintf("%s:%d", path, line);
	case IMG_ORIGIN_BASE:
		return vakt_xasprintf("from the base image: %s, %s:%d", instr, path, line);
	case IMG_ORIGIN_UNMATCHED:
		return vakt_xasprintf("not matched to %s", path);
	case IMG_ORIGIN_NONE:
		break;
	}
	return NULL;
}

char *img_origin_label(const struct img_scan *s, int layer)
{
	const char *instr;
	int line;
	enum img_origin_kind k = img_layer_origin(s, layer, &line, &instr);

	return k == IMG_ORIGIN_NONE ? NULL : origin_label(s, k, line, instr);
}

char *img_history_label(const struct img_scan *s, long h)
{
	const char *instr;
	int line;
	enum img_origin_kind k = img_history_origin(s, h, &line, &instr);

	return k == IMG_ORIGIN_NONE ? NULL : origin_label(s, k, line, instr);
}

char *img_origin_note(const struct img_scan *s, int layer)
{
	char *label = img_origin_label(s, layer), *note;

	if (!label)
		return vakt_xstrdup("");
	note = vakt_xasprintf(" (%s)", label);
	free(label);
	return note;
}

static void add_details(const struct img_scan *s, enum img_origin_kind k, int line,
                        const char *instr, struct vakt_finding_ext *e)
{
	char num[16];

	if (k == IMG_ORIGIN_NONE)
		return;
	vakt_finding_ext_add_detail(e, "dockerfile", s->origin->path);
	vakt_finding_ext_add_detail(e, "dockerfile_origin",
	                            k == IMG_ORIGIN_STEP   ? "instruction"
	                            : k == IMG_ORIGIN_BASE ? "base-image"
	                                                   : "not-matched");
	if (k == IMG_ORIGIN_UNMATCHED)
		return;
	snprintf(num, sizeof(num), "%d", line);
	vakt_finding_ext_add_number(e, "dockerfile_line", num);
	vakt_finding_ext_add_detail(e, "dockerfile_instruction", instr);
}

void img_origin_details(const struct img_scan *s, int layer, struct vakt_finding_ext *e)
{
	const char *instr;
	int line;
	enum img_origin_kind k = img_layer_origin(s, layer, &line, &instr);

	add_details(s, k, line, instr, e);
}

/* The extension of the finding just emitted through ctx, created when it has none. */
static struct vakt_finding_ext *last_ext(struct vakt_check_ctx *ctx)
{
	struct vakt_findings *out = ctx->out;
	struct vakt_finding *f;

	if (!out->n)
		return NULL;
	f = &out->v[out->n - 1];
	return f->ext ? &out->ext[f->ext - 1] : vakt_findings_add_ext(out, f);
}

void img_origin_attach(struct vakt_check_ctx *ctx, int layer)
{
	const struct img_scan *s = ctx->model;
	struct vakt_finding_ext *e;

	if (!s->origin || !(e = last_ext(ctx)))
		return;
	img_origin_details(s, layer, e);
}

void img_origin_attach_history(struct vakt_check_ctx *ctx, long h)
{
	const struct img_scan *s = ctx->model;
	struct vakt_finding_ext *e;
	const char *instr;
	int line;
	enum img_origin_kind k;

	if (!s->origin || !(e = last_ext(ctx)))
		return;
	k = img_history_origin(s, h, &line, &instr);
	add_details(s, k, line, instr, e);
}
