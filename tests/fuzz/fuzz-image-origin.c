/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer harness for the aligner of vakt image --dockerfile
 * (image/img-origin.h): the input is a Dockerfile's instructions, one per
 * line ("KEYWORD [--flag=v ...] args" or "KEYWORD [json array]"; a line
 * "<<NAME" gives the previous instruction a heredoc whose body is the next
 * line), then a line "--", then the history's created_by strings, one per
 * line ("\n" stands for a newline). The first byte says whether the chain
 * starts FROM scratch. Checks what the alignment promises: entries matched
 * to instructions keep the instructions' order, base-image entries come
 * first, nothing is both.
 */
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>

#include "fuzz-common.h"
#include "image/img-origin.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Most instructions and history entries per input, so that one run stays short. */
#define FUZZ_ORIGIN_MAX 256
/* Words and flags kept per instruction. */
#define FUZZ_ORIGIN_WORDS 32

struct fstep {
	const char *args[FUZZ_ORIGIN_WORDS + 1];
	const char *flags[FUZZ_ORIGIN_WORDS + 1];
	struct img_dockerfile_heredoc hd;
	char *owned[2 * FUZZ_ORIGIN_WORDS + 2];
	size_t n_owned;
};

static void step_parse(struct img_dockerfile_step *s, struct fstep *fs, char *line)
{
	char *sp = strchr(line, ' '), *rest;
	size_t na = 0, nf = 0;

	s->keyword = line;
	rest = sp ? sp + 1 : line + strlen(line);
	if (sp)
		*sp = '\0';
	s->text = rest;
	while (!strncmp(rest, "--", 2) && nf < FUZZ_ORIGIN_WORDS) {
		char *e = strchr(rest, ' ');
		size_t n = e ? (size_t)(e - rest) : strlen(rest);

		fs->flags[nf++] = fs->owned[fs->n_owned++] = vakt_xstrndup(rest + 2, n - 2);
		rest += n + (e != NULL);
	}
	s->args_text = rest;
	if (rest[0] == '[') {
		json_t *a = json_loads(rest, 0, NULL);
		size_t i;
		json_t *v;

		json_array_foreach(a, i, v)
		{
			if (na < FUZZ_ORIGIN_WORDS && json_is_string(v))
				fs->args[na++] = fs->owned[fs->n_owned++] =
				    vakt_xstrdup(json_string_value(v));
		}
		json_decref(a);
		s->exec_form = true;
	} else {
		for (char *p = rest; *p && na < FUZZ_ORIGIN_WORDS;) {
			size_t n = strcspn(p, " ");

			if (n)
				fs->args[na++] = fs->owned[fs->n_owned++] = vakt_xstrndup(p, n);
			p += n;
			p += *p == ' ';
		}
	}
	s->args = fs->args;
	s->flags = fs->flags;
}

/* "\n" in a created_by line stands for a newline (a heredoc's body). */
static void unescape(char *s)
{
	char *q = s;

	for (char *p = s; *p; p++) {
		if (p[0] == '\\' && p[1] == 'n') {
			*q++ = '\n';
			p++;
		} else {
			*q++ = *p;
		}
	}
	*q = '\0';
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct img_dockerfile_step *steps;
	struct fstep *fs;
	struct img_history *h;
	struct img_origin *o;
	struct img_dockerfile df = {.path = "Dockerfile", .from = "FROM x", .from_line = 1};
	char *text, *line;
	size_t n_steps = 0, n_hist = 0;
	bool history = false;

	if (!size)
		return 0;
	df.from_scratch = data[0] & 1;
	text = vakt_xstrndup((const char *)data + 1, size - 1);
	steps = vakt_xcalloc(FUZZ_ORIGIN_MAX, sizeof(*steps));
	fs = vakt_xcalloc(FUZZ_ORIGIN_MAX, sizeof(*fs));
	h = vakt_xcalloc(FUZZ_ORIGIN_MAX, sizeof(*h));
	o = vakt_xcalloc(FUZZ_ORIGIN_MAX, sizeof(*o));
	line = text;
	while (line) {
		char *next = strchr(line, '\n');

		if (next)
			*next++ = '\0';
		if (!history && !strcmp(line, "--")) {
			history = true;
		} else if (history && *line && n_hist < FUZZ_ORIGIN_MAX) {
			unescape(line);
			h[n_hist].created_by = line;
			h[n_hist++].empty_layer = line[0] == 'E';
		} else if (!history && !strncmp(line, "<<", 2) && n_steps && next) {
			/* the next line is the body */
			fs[n_steps - 1].hd.name = line + 2;
			fs[n_steps - 1].hd.body = next;
			steps[n_steps - 1].heredocs = &fs[n_steps - 1].hd;
			steps[n_steps - 1].n_heredocs = 1;
			next = strchr(next, '\n');
			if (next)
				*next++ = '\0';
		} else if (!history && *line && n_steps < FUZZ_ORIGIN_MAX) {
			steps[n_steps].line = (int)n_steps + 2;
			step_parse(&steps[n_steps], &fs[n_steps], line);
			n_steps++;
		}
		line = next;
	}
	df.steps = steps;
	df.n_steps = n_steps;
	{
		size_t matched = img_origin_align(&df, h, n_hist, o), seen = 0;
		long last = -1;
		bool after_base = false, any_base = false;

		for (size_t i = 0; i < n_hist; i++) {
			char *norm = img_origin_normalise(h[i].created_by);

			if (fuzz_verbose())
				fprintf(stderr, "%zu: %s%ld: %s\n", i,
				        o[i].kind == IMG_ORIGIN_STEP   ? "step "
				        : o[i].kind == IMG_ORIGIN_BASE ? "base"
				                                       : "unmatched",
				        o[i].kind == IMG_ORIGIN_STEP ? o[i].step + 1 : 0L,
				        norm ? norm : "(none)");
			free(norm);
			switch (o[i].kind) {
			case IMG_ORIGIN_STEP:
				if (o[i].step <= last || o[i].step >= (long)n_steps)
					__builtin_trap();
				last = o[i].step;
				after_base = true;
				seen++;
				break;
			case IMG_ORIGIN_BASE:
				if (after_base || o[i].step != -1 || df.from_scratch)
					__builtin_trap();
				any_base = true;
				break;
			case IMG_ORIGIN_UNMATCHED:
				/* matched entries are all at the end; base or unmatched, not both
				 */
				if (last >= 0 || o[i].step != -1 || any_base)
					__builtin_trap();
				after_base = true;
				break;
			case IMG_ORIGIN_NONE:
				__builtin_trap();
			}
		}
		if (seen != matched)
			__builtin_trap();
	}
	for (size_t i = 0; i < n_steps; i++)
		for (size_t k = 0; k < fs[i].n_owned; k++)
			free(fs[i].owned[k]);
	free(steps);
	free(fs);
	free(h);
	free(o);
	free(text);
	return 0;
}
