/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer harness for the shell tokenizer and Dockerfile variable expansion:
 * the input is tokenized as a plain string and as a shell_text with one
 * segment per line (as the Dockerfile parser builds them), every field of
 * the result is read, the helpers run on every command, and the same bytes
 * go through df_expand with both escape characters.
 */
#include <stdint.h>
#include <stdio.h>

#include "dockerfile/df-expand.h"
#include "shell/shell.h"
#include "core/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Keeps the reads below from being optimised away. */
static volatile size_t sink;

static const char *lookup(const char *name, size_t len, void *data)
{
	(void)data;
	if (len == 1 && name[0] == 'A')
		return "alpha";
	if (len == 4 && !memcmp(name, "LONG", 4))
		return "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
	if (len == 5 && !memcmp(name, "EMPTY", 5))
		return "";
	return NULL;
}

static void touch_span(struct vakt_span sp)
{
	if (sp.line < 0 || sp.column < 0 || sp.end_line < sp.line ||
	    (sp.end_line == sp.line && sp.end_column < sp.column))
		__builtin_trap();
	sink += (size_t)sp.line + (size_t)sp.column + (size_t)sp.end_line + (size_t)sp.end_column;
}

static void touch_word(const struct shell_word *w)
{
	sink += strlen(w->text) + w->quoted + w->has_expansion;
	touch_span(w->span);
}

static void touch_script(const struct shell_script *s)
{
	static const char *const longs[] = {"--no-install-recommends", "yes", NULL};

	if (s->n > SHELL_MAX_COMMANDS)
		__builtin_trap();
	for (size_t i = 0; i < s->n; i++) {
		const struct shell_cmd *c = &s->cmds[i];
		size_t k;

		if (c->depth < 0 || c->depth > SHELL_MAX_DEPTH)
			__builtin_trap();
		for (size_t j = 0; j < c->argc; j++)
			touch_word(&c->argv[j]);
		for (size_t j = 0; j < c->n_assigns; j++)
			touch_word(&c->assigns[j]);
		for (size_t j = 0; j < c->n_redirs; j++) {
			sink += strlen(c->redirs[j].op);
			touch_word(&c->redirs[j].target);
		}
		touch_span(c->span);
		sink += (size_t)c->sep + c->piped_in;
		sink += strlen(shell_cmd_name(c));
		k = shell_cmd_skip_wrappers(c);
		if (k > c->argc)
			__builtin_trap();
		sink += shell_cmd_has_flag(c, k, "yq", longs);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = vakt_xmalloc(size + 1);
	struct shell_script script = {0};
	struct shell_text t;
	size_t n_segs = 1, k = 1;
	bool unresolved;
	char *e;

	memcpy(s, data, size);
	s[size] = '\0';

	(void)shell_parse_str(s, &script);
	touch_script(&script);
	shell_script_release(&script);

	/* The same text with one segment per line, starting at odd columns. */
	for (size_t i = 0; i < size; i++)
		n_segs += data[i] == '\n';
	t.s = s;
	t.len = size;
	t.n_segs = n_segs;
	t.segs = vakt_xmalloc(n_segs * sizeof(*t.segs));
	t.segs[0] = (struct shell_seg){0, 7, 5};
	for (size_t i = 0; i < size; i++)
		if (data[i] == '\n') {
			t.segs[k] = (struct shell_seg){i + 1, (int)k * 2 + 7, 1};
			k++;
		}
	(void)shell_parse(&t, &script);
	touch_script(&script);
	shell_script_release(&script);
	free(t.segs);

	e = df_expand(s, '\\', lookup, NULL, &unresolved);
	if (strlen(e) > DF_EXPAND_MAX_BYTES)
		__builtin_trap();
	sink += strlen(e) + unresolved;
	free(e);
	e = df_expand(s, '`', lookup, NULL, NULL);
	sink += strlen(e);
	free(e);

	free(s);
	return 0;
}
