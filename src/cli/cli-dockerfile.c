/* SPDX-License-Identifier: MIT */
/*
 * vakt image --dockerfile FILE: the Dockerfile read by the Dockerfile
 * domain's parser and handed to the image domain as plain data (the
 * instructions of the chain of stages that built the final image,
 * image/img-origin.h). The CLI is the one floor that may include both
 * domains. Cleanup style: a single `goto out` in cli_dockerfile_load().
 */
#include <errno.h>

#include "cli.h"
#include "core/source.h"
#include "dockerfile/df-model.h"
#include "image/img-origin.h"

struct cli_dockerfile {
	struct vakt_source *src;
	struct df_file *df;
	struct img_dockerfile pub;
	struct img_dockerfile_step *steps; /* owned, with what each points to */
	size_t n_steps;
	char *from; /* owned */
};

/* A NULL-terminated copy of n strings built by the caller (taken). */
static const char *const *strv_take(struct vakt_strv *v)
{
	char **a = vakt_xcalloc(v->n + 1, sizeof(*a));

	if (v->n)
		memcpy(a, v->v, v->n * sizeof(*a));
	free(v->v);
	memset(v, 0, sizeof(*v));
	return (const char *const *)a;
}

static void strv_free(const char *const *v)
{
	for (size_t i = 0; v && v[i]; i++)
		free((char *)(uintptr_t)v[i]);
	free((void *)(uintptr_t)v);
}

/* "--name=value --name2 " as written before the arguments. */
static void flags_text(const struct df_instr *in, struct vakt_buf *b)
{
	for (size_t i = 0; i < in->n_flags; i++) {
		vakt_buf_addf(b, "--%s", in->flags[i].name);
		if (in->flags[i].value)
			vakt_buf_addf(b, "=%s", in->flags[i].value);
		vakt_buf_addc(b, ' ');
	}
}

static void step_fill(struct img_dockerfile_step *s, const struct df_instr *in)
{
	struct vakt_buf text = VAKT_BUF_INIT;
	struct vakt_strv args = VAKT_STRV_INIT, flags = VAKT_STRV_INIT;
	struct img_dockerfile_heredoc *hd = NULL;

	flags_text(in, &text);
	vakt_buf_adds(&text, in->text.s ? in->text.s : "");
	if (in->kind == DF_ENV || in->kind == DF_LABEL || in->kind == DF_ARG) {
		for (size_t i = 0; i < in->n_kvs; i++) {
			const struct df_kv *kv = &in->kvs[i];

			if (kv->value.raw)
				vakt_strv_push_take(
				    &args, vakt_xasprintf("%s=%s", kv->key.value, kv->value.value));
			else
				vakt_strv_push(&args, kv->key.value);
		}
	} else {
		for (size_t i = 0; i < in->n_args; i++)
			vakt_strv_push(&args, in->args[i].value);
	}
	for (size_t i = 0; i < in->n_flags; i++)
		vakt_strv_push_take(
		    &flags, in->flags[i].value
		                ? vakt_xasprintf("%s=%s", in->flags[i].name, in->flags[i].value)
		                : vakt_xstrdup(in->flags[i].name));
	if (in->n_heredocs) {
		hd = vakt_xcalloc(in->n_heredocs, sizeof(*hd));
		for (size_t i = 0; i < in->n_heredocs; i++) {
			hd[i].name = vakt_xstrdup(in->heredocs[i].delim);
			hd[i].body =
			    vakt_xstrdup(in->heredocs[i].body.s ? in->heredocs[i].body.s : "");
		}
	}
	s->keyword = vakt_xstrdup(in->keyword);
	s->text = vakt_buf_detach(&text);
	s->args_text = vakt_xstrdup(in->text.s ? in->text.s : "");
	s->args = strv_take(&args);
	s->flags = strv_take(&flags);
	s->heredocs = hd;
	s->n_heredocs = in->n_heredocs;
	s->exec_form = in->exec_form;
	s->line = in->span.line;
}

static void step_release(struct img_dockerfile_step *s)
{
	free((char *)(uintptr_t)s->keyword);
	free((char *)(uintptr_t)s->text);
	free((char *)(uintptr_t)s->args_text);
	strv_free(s->args);
	strv_free(s->flags);
	for (size_t i = 0; i < s->n_heredocs; i++) {
		free((char *)(uintptr_t)s->heredocs[i].name);
		free((char *)(uintptr_t)s->heredocs[i].body);
	}
	free((void *)(uintptr_t)s->heredocs);
}

void cli_dockerfile_free(struct cli_dockerfile *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->n_steps; i++)
		step_release(&d->steps[i]);
	free(d->steps);
	free(d->from);
	df_file_free(d->df);
	vakt_source_free(d->src);
	free(d);
}

const struct img_dockerfile *cli_dockerfile_image(const struct cli_dockerfile *d)
{
	return &d->pub;
}

/*
 * The final stage and the stages it is built upon (FROM <stage>), first
 * first: the instructions whose history entries the image carries. A stage
 * only copied from (COPY --from) leaves none.
 */
static void chain_build(struct cli_dockerfile *d)
{
	const struct df_file *f = d->df;
	int *chain = vakt_xcalloc(f->n_stages, sizeof(*chain));
	size_t n = 0, total = 0, k = 0;
	const struct df_instr *from;
	const struct df_stage *root;
	struct vakt_buf b = VAKT_BUF_INIT;

	/* parent is always an earlier stage: the walk ends */
	for (int st = f->final_stage; st >= 0 && n < f->n_stages; st = f->stages[st].parent)
		chain[n++] = st;
	for (size_t i = 0; i < n; i++)
		total += f->stages[chain[i]].end - f->stages[chain[i]].from;
	d->steps = vakt_xcalloc(total ? total : 1, sizeof(*d->steps));
	for (size_t i = n; i-- > 0;) {
		const struct df_stage *st = &f->stages[chain[i]];

		for (size_t x = st->from + 1; x < st->end; x++)
			if (f->instrs[x].kind != DF_FROM)
				step_fill(&d->steps[k++], &f->instrs[x]);
	}
	d->n_steps = k;
	root = &f->stages[chain[n - 1]];
	from = &f->instrs[root->from];
	/* "FROM debian:12": the image as the build resolved it, else as written. */
	vakt_buf_adds(&b, "FROM ");
	if (root->base && !root->unresolved)
		vakt_buf_adds(&b, root->base);
	else
		vakt_buf_adds(&b, root->image ? root->image->raw : "");
	d->from = vakt_buf_detach(&b);
	d->pub.from = d->from;
	d->pub.from_line = from->span.line;
	d->pub.from_scratch = root->base && !vakt_strcasecmp(root->base, "scratch");
	d->pub.steps = d->steps;
	d->pub.n_steps = d->n_steps;
	free(chain);
}

int cli_dockerfile_load(const char *path, const struct vakt_limits *limits,
                        struct cli_dockerfile **out)
{
	struct cli_dockerfile *d = vakt_xcalloc(1, sizeof(*d));
	struct vakt_error_list errs = {0}, real = {0};
	struct vakt_error *err = NULL;
	int r = CLI_EXIT_INPUT;

	*out = NULL;
	if (vakt_source_read(path, (size_t)limits->v[VAKT_LIMIT_FILE_SIZE], &d->src, &err) < 0 ||
	    vakt_source_check_text(d->src, (size_t)limits->v[VAKT_LIMIT_LINE_LENGTH], &err) < 0) {
		char *msg = vakt_error_format(err);

		cli_error("--dockerfile: %s", msg);
		free(msg);
		vakt_error_free(err);
		goto out;
	}
	df_parse(d->src, NULL, &d->df, &errs);
	/* Warnings are the Dockerfile rules' business (vakt scan); errors mean no build. */
	for (size_t i = 0; i < errs.n; i++) {
		if (errs.v[i]->code != VAKT_WARNING_CODE) {
			vakt_error_list_add(&real, errs.v[i]);
			errs.v[i] = NULL;
		}
	}
	if (real.n) {
		cli_print_errors(&real);
		cli_error("cannot use --dockerfile '%s': it does not parse", path);
		goto out;
	}
	if (d->df->final_stage < 0) {
		cli_error("cannot use --dockerfile '%s': it has no FROM instruction", path);
		goto out;
	}
	d->pub.path = path;
	chain_build(d);
	*out = d;
	d = NULL;
	r = 0;
out:
	vakt_error_list_release(&errs);
	vakt_error_list_release(&real);
	cli_dockerfile_free(d);
	return r;
}
