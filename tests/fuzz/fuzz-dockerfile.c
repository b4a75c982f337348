/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer harness for the Dockerfile parser: any bytes go through the text
 * check and df_parse(), then every field of the model is read (so that the
 * sanitizers see a bad pointer or length), the variable lookups run, and
 * everything is freed.
 */
#include <stdint.h>
#include <stdio.h>

#include "dockerfile/df-model.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Where the reads go, so that the compiler keeps them. */
static volatile size_t sink;

static void touch_str(const char *s)
{
	if (s)
		sink += strlen(s);
}

static void touch_span(struct vakt_span sp)
{
	sink += (size_t)(sp.line + sp.column + sp.end_line + sp.end_column);
}

static void touch_text(const struct shell_text *t)
{
	int line, col;

	sink += t->len;
	if (t->s)
		for (size_t i = 0; i <= t->len; i++)
			sink += (unsigned char)t->s[i];
	for (size_t i = 0; i < t->n_segs; i++)
		sink += t->segs[i].off + (size_t)(t->segs[i].line + t->segs[i].col);
	shell_text_pos(t, 0, &line, &col);
	shell_text_pos(t, t->len, &line, &col);
	sink += (size_t)(line + col);
	if (t->len)
		touch_span(shell_text_span(t, t->len / 2, t->len - t->len / 2));
}

static void touch_word(const struct df_word *w)
{
	touch_str(w->raw);
	touch_str(w->value);
	touch_span(w->span);
}

static void touch_sh_word(const struct shell_word *w)
{
	touch_str(w->text);
	touch_span(w->span);
	sink += w->quoted + w->has_expansion;
}

static void touch_script(const struct shell_script *s)
{
	for (size_t i = 0; i < s->n; i++) {
		const struct shell_cmd *c = &s->cmds[i];

		for (size_t k = 0; k < c->argc; k++)
			touch_sh_word(&c->argv[k]);
		for (size_t k = 0; k < c->n_assigns; k++)
			touch_sh_word(&c->assigns[k]);
		for (size_t k = 0; k < c->n_redirs; k++) {
			touch_str(c->redirs[k].op);
			touch_sh_word(&c->redirs[k].target);
		}
		touch_str(shell_cmd_name(c));
		sink += c->sep + c->piped_in + (size_t)c->depth + shell_cmd_skip_wrappers(c);
		touch_span(c->span);
	}
}

static void touch_instr(const struct df_instr *in)
{
	touch_str(df_kind_name(in->kind));
	touch_str(in->keyword);
	touch_span(in->span);
	for (size_t i = 0; i < in->n_flags; i++) {
		touch_str(in->flags[i].name);
		touch_str(in->flags[i].value);
		touch_span(in->flags[i].span);
	}
	touch_str(df_instr_flag(in, "from"));
	sink += df_instr_find_flag(in, "mount") != NULL;
	touch_text(&in->text);
	sink += in->exec_form;
	for (size_t i = 0; i < in->n_args; i++)
		touch_word(&in->args[i]);
	for (size_t i = 0; i < in->n_kvs; i++) {
		touch_word(&in->kvs[i].key);
		if (in->kvs[i].value.raw)
			touch_word(&in->kvs[i].value);
		sink += in->kvs[i].legacy;
	}
	for (size_t i = 0; i < in->n_heredocs; i++) {
		const struct df_heredoc *h = &in->heredocs[i];

		touch_str(h->delim);
		sink += h->strip_tabs + h->quoted;
		touch_text(&h->body);
		touch_span(h->span);
	}
	touch_script(&in->sh);
	sink += (size_t)in->stage;
	if (in->onbuild)
		touch_instr(in->onbuild);
}

static void touch_file(const struct df_file *f)
{
	sink += (size_t)f->escape + (size_t)f->final_stage;
	for (size_t i = 0; i < f->n_directives; i++) {
		touch_str(f->directives[i].name);
		touch_str(f->directives[i].value);
		sink += (size_t)f->directives[i].line;
	}
	for (size_t i = 0; i < f->n_instrs; i++) {
		const struct df_instr *in = &f->instrs[i];
		bool unresolved = false;
		char *x;

		touch_instr(in);
		/* Resolve the instruction's own text, as rules do. */
		x = df_file_expand(f, in->stage, i, in->text.s, &unresolved);
		touch_str(x);
		free(x);
		for (size_t k = 0; k < in->n_kvs; k++)
			touch_str(df_file_lookup(f, in->stage, i + 1, in->kvs[k].key.value));
	}
	for (size_t i = 0; i < f->n_stages; i++) {
		const struct df_stage *st = &f->stages[i];

		sink += (size_t)st->index + st->from + st->end + (size_t)st->parent;
		touch_str(st->name);
		touch_word(st->image);
		touch_str(st->base);
		sink += st->unresolved + st->is_final + st->reachable;
		for (size_t k = 0; k < st->n_copies_from; k++)
			touch_str(f->stages[st->copies_from[k]].name);
	}
	for (size_t i = 0; i < f->sup.n; i++) {
		const struct vakt_suppression *s = &f->sup.v[i];

		sink += (size_t)(s->first_line + s->last_line + s->line);
		for (size_t k = 0; k < s->rules.n; k++)
			touch_str(s->rules.v[k]);
		touch_str(s->reason);
		touch_str(s->origin);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const build_args[] = {"TAG=1.0", "BASE=alpine", "EMPTY="};
	struct vakt_strv ba = VAKT_STRV_INIT;
	struct vakt_source *src = vakt_source_from_mem("fuzz/Dockerfile", (const char *)data, size);
	struct vakt_error *err = NULL;
	struct vakt_error_list errs = {0};
	struct df_file *f = NULL;

	for (size_t i = 0; i < VAKT_ARRAY_SIZE(build_args); i++)
		vakt_strv_push(&ba, build_args[i]);
	/* The scanner rejects non-text first; the parser must survive either way. */
	if (vakt_source_check_text(src, VAKT_MAX_LINE_BYTES, &err) < 0)
		vakt_error_free(err);
	df_parse(src, &ba, &f, &errs);
	touch_file(f);
	for (size_t i = 0; i < errs.n; i++) {
		char *m = vakt_error_format(errs.v[i]);

		touch_str(m);
		free(m);
	}
	df_file_free(f);
	vakt_error_list_release(&errs);
	vakt_strv_release(&ba);
	vakt_source_free(src);
	return 0;
}
