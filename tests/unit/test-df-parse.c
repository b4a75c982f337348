/* SPDX-License-Identifier: MIT */
/*
 * The Dockerfile parser: directives, continuations, heredocs, exec and shell
 * form, flags, every instruction's arguments, ONBUILD, the stage graph, ARG
 * and ENV scoping, positions, every error with its exact text, every ceiling
 * and every pragma syntax.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include <cmocka.h>

#include "dockerfile/df-model.h"
#include "dockerfile/df-parse-priv.h"

#define PATH "Dockerfile"

struct parsed {
	struct vakt_source *src;
	struct df_file *f;
	struct vakt_error_list errs;
	int r;
};

static struct parsed *parse_len(const char *text, size_t len, const char *const *build_args)
{
	struct parsed *p = vakt_xcalloc(1, sizeof(*p));
	struct vakt_strv ba = VAKT_STRV_INIT;

	for (size_t i = 0; build_args && build_args[i]; i++)
		vakt_strv_push(&ba, build_args[i]);
	p->src = vakt_source_from_mem(PATH, text, len);
	p->r = df_parse(p->src, build_args ? &ba : NULL, &p->f, &p->errs);
	assert_non_null(p->f);
	vakt_strv_release(&ba);
	return p;
}

static struct parsed *parse(const char *text)
{
	return parse_len(text, strlen(text), NULL);
}

static struct parsed *parse_args(const char *text, const char *const *build_args)
{
	return parse_len(text, strlen(text), build_args);
}

static void parsed_free(struct parsed *p)
{
	df_file_free(p->f);
	vakt_error_list_release(&p->errs);
	vakt_source_free(p->src);
	free(p);
}

static void dump_errors(const struct parsed *p)
{
	for (size_t i = 0; i < p->errs.n; i++) {
		char *m = vakt_error_format(p->errs.v[i]);

		print_error("  error: %s\n", m);
		free(m);
	}
}

static void expect_ok(const struct parsed *p)
{
	if (p->errs.n || p->r) {
		dump_errors(p);
		fail_msg("expected no errors, got %zu", p->errs.n);
	}
}

/* Exactly one error, with this position and text. */
static void expect_error(const struct parsed *p, int line, int col, const char *msg)
{
	if (p->errs.n != 1 || p->r != -EINVAL) {
		dump_errors(p);
		fail_msg("expected exactly one error (%s), got %zu", msg, p->errs.n);
	}
	if (strcmp(p->errs.v[0]->msg, msg) || p->errs.v[0]->line != line ||
	    p->errs.v[0]->column != col) {
		print_error("want %d:%d: %s\n got %d:%d: %s\n", line, col, msg, p->errs.v[0]->line,
		            p->errs.v[0]->column, p->errs.v[0]->msg);
		fail();
	}
	assert_string_equal(p->errs.v[0]->file, PATH);
	assert_int_equal(p->errs.v[0]->code, -EINVAL);
}

/* Some error (of several) has this position and text. */
static void expect_some_error(const struct parsed *p, int line, int col, const char *msg)
{
	for (size_t i = 0; i < p->errs.n; i++)
		if (!strcmp(p->errs.v[i]->msg, msg) && p->errs.v[i]->line == line &&
		    p->errs.v[i]->column == col)
			return;
	dump_errors(p);
	fail_msg("no error %d:%d: %s", line, col, msg);
}

static void expect_span(struct vakt_span s, int l, int c, int el, int ec)
{
	if (s.line != l || s.column != c || s.end_line != el || s.end_column != ec) {
		print_error("want %d:%d-%d:%d, got %d:%d-%d:%d\n", l, c, el, ec, s.line, s.column,
		            s.end_line, s.end_column);
		fail();
	}
}

static void expect_word(const struct df_word *w, const char *raw, const char *value, int line,
                        int col)
{
	assert_string_equal(w->raw, raw);
	assert_string_equal(w->value, value);
	assert_int_equal(w->span.line, line);
	assert_int_equal(w->span.column, col);
	assert_int_equal(w->span.end_line, line);
	assert_int_equal(w->span.end_column, col + (int)strlen(raw) - 1);
}

static void expect_pos(const struct shell_text *t, size_t off, int line, int col)
{
	int l, c;

	shell_text_pos(t, off, &l, &c);
	if (l != line || c != col) {
		print_error("offset %zu: want %d:%d, got %d:%d\n", off, line, col, l, c);
		fail();
	}
}

static const struct df_instr *instr(const struct parsed *p, size_t i)
{
	assert_true(i < p->f->n_instrs);
	return &p->f->instrs[i];
}

/* --- parser directives ---------------------------------------------------- */

static void test_directives(void **state)
{
	struct parsed *p = parse("# syntax=docker/dockerfile:1.7\n"
	                         "#ESCAPE = \\  \n"
	                         "  # Check=skip=JSONArgsRecommended\n"
	                         "# other=x\n"
	                         "# syntax=ignored\n"
	                         "FROM scratch\n");

	(void)state;
	expect_ok(p);
	assert_int_equal(p->f->n_directives, 3);
	assert_string_equal(p->f->directives[0].name, "syntax");
	assert_string_equal(p->f->directives[0].value, "docker/dockerfile:1.7");
	assert_int_equal(p->f->directives[0].line, 1);
	assert_string_equal(p->f->directives[1].name, "escape");
	assert_string_equal(p->f->directives[1].value, "\\");
	assert_string_equal(p->f->directives[2].name, "check");
	assert_string_equal(p->f->directives[2].value, "skip=JSONArgsRecommended");
	assert_int_equal(p->f->directives[2].line, 3);
	assert_int_equal(p->f->escape, '\\');
	assert_int_equal(p->f->n_instrs, 1);
	parsed_free(p);
}

static void test_directives_end(void **state)
{
	/* A blank line, a comment or an instruction ends the directives. */
	struct parsed *p = parse("# syntax=x\n\n# escape=`\nFROM a\n");

	(void)state;
	expect_ok(p);
	assert_int_equal(p->f->n_directives, 1);
	assert_int_equal(p->f->escape, '\\');
	parsed_free(p);
	p = parse("# hello\n# escape=`\nFROM a\n");
	assert_int_equal(p->f->n_directives, 0);
	parsed_free(p);
	p = parse("FROM a\n# escape=`\n");
	assert_int_equal(p->f->n_directives, 0);
	assert_int_equal(p->f->escape, '\\');
	parsed_free(p);
	/* No value: not a directive, and the directives are over. */
	p = parse("# escape=\n# syntax=x\nFROM a\n");
	assert_int_equal(p->f->n_directives, 0);
	parsed_free(p);
}

static void test_directive_errors(void **state)
{
	struct parsed *p = parse("# escape=x\nFROM a\n");

	(void)state;
	expect_error(p, 1, 10, "invalid escape character 'x': expected '\\' or '`'");
	assert_int_equal(p->f->escape, '\\');
	assert_int_equal(p->f->n_instrs, 1);
	parsed_free(p);
	p = parse("# escape=`\n#  escape=\\\nFROM a\n");
	expect_error(p, 2, 4,
	             "duplicate parser directive 'escape': only one may be used (the first, at "
	             "line 1, is kept)");
	assert_int_equal(p->f->escape, '`');
	parsed_free(p);
}

static void test_escape_backtick(void **state)
{
	struct parsed *p = parse("# escape=`\n"
	                         "FROM mcr.microsoft.com/windows/servercore\n"
	                         "WORKDIR C:\\Windows\\Temp\n"
	                         "RUN dir C:\\ `\n"
	                         "    && echo done\n"
	                         "ENV A=\"x`\"y\"\n");
	const struct df_instr *in;

	(void)state;
	expect_ok(p);
	assert_int_equal(p->f->escape, '`');
	assert_int_equal(p->f->n_instrs, 4);
	in = instr(p, 1);
	assert_string_equal(in->text.s, "C:\\Windows\\Temp");
	assert_string_equal(in->args[0].value, "C:\\Windows\\Temp");
	in = instr(p, 2);
	assert_string_equal(in->text.s, "dir C:\\     && echo done");
	expect_span(in->span, 4, 1, 5, 16);
	in = instr(p, 3);
	assert_string_equal(in->kvs[0].value.value, "x\"y");
	parsed_free(p);
}

/* --- lines ---------------------------------------------------------------- */

static void test_continuations(void **state)
{
	struct parsed *p = parse("FROM a\n"
	                         "RUN apt-get update \\  \n"
	                         "  # a comment inside\n"
	                         "\n"
	                         "   \t\n"
	                         "  && apt-get install -y x \\\n"
	                         "  #another\n"
	                         "  && echo ok\n"
	                         "RUN echo \\\\\n"
	                         "RUN echo last\n");
	const struct df_instr *in;

	(void)state;
	expect_ok(p);
	assert_int_equal(p->f->n_instrs, 4);
	in = instr(p, 1);
	assert_string_equal(in->text.s, "apt-get update   && apt-get install -y x   && echo ok");
	expect_span(in->span, 2, 1, 8, 12);
	expect_pos(&in->text, 0, 2, 5);
	expect_pos(&in->text, 14, 2, 19);
	expect_pos(&in->text, 15, 6, 1);
	expect_pos(&in->text, 17, 6, 3);
	expect_pos(&in->text, strlen(in->text.s) - 2, 8, 11);
	/* An escaped escape at the end is a literal backslash, not a continuation. */
	in = instr(p, 2);
	assert_string_equal(in->text.s, "echo \\\\");
	assert_string_equal(in->args[1].value, "\\");
	assert_string_equal(instr(p, 3)->text.s, "echo last");
	parsed_free(p);
}

static void test_continuation_join(void **state)
{
	/* Pieces are joined as written, without an added blank (BuildKit). */
	struct parsed *p = parse("FROM a\nRUN echo a\\\nb\\\n");
	const struct df_instr *in;

	(void)state;
	expect_ok(p);
	in = instr(p, 1);
	assert_string_equal(in->text.s, "echo ab");
	expect_pos(&in->text, 6, 3, 1);
	parsed_free(p);
	/* A lone continuation character at the end of the file keeps nothing. */
	p = parse("FROM a\n\\\n");
	expect_ok(p);
	assert_int_equal(p->f->n_instrs, 1);
	parsed_free(p);
}

static void test_crlf(void **state)
{
	struct parsed *p = parse("FROM alpine AS b\r\n"
	                         "RUN a \\\r\n"
	                         "  b\r\n"
	                         "COPY <<EOF /x\r\n"
	                         "body\r\n"
	                         "EOF\r\n"
	                         "CMD [\"x\"]\r\n");
	const struct df_instr *in;

	(void)state;
	expect_ok(p);
	assert_int_equal(p->f->n_instrs, 4);
	assert_string_equal(instr(p, 0)->args[2].value, "b");
	assert_string_equal(instr(p, 1)->text.s, "a   b");
	in = instr(p, 2);
	assert_int_equal(in->n_heredocs, 1);
	assert_string_equal(in->heredocs[0].body.s, "body\n");
	assert_true(instr(p, 3)->exec_form);
	parsed_free(p);
}

static void test_bom(void **state)
{
	struct parsed *p = parse("\xef\xbb\xbf# escape=`\nFROM a\n");

	(void)state;
	expect_ok(p);
	assert_int_equal(p->f->escape, '`');
	parsed_free(p);
	p = parse("\xef\xbb\xbf"
	          "FROM alpine\n");
	expect_ok(p);
	assert_int_equal(p->f->n_instrs, 1);
	assert_string_equal(instr(p, 0)->keyword, "FROM");
	/* Columns count from after the byte-order mark. */
	expect_span(instr(p, 0)->span, 1, 1, 1, 11);
	parsed_free(p);
}

static void test_empty_and_comments(void **state)
{
	struct parsed *p = parse("");

	(void)state;
	expect_ok(p);
	assert_int_equal(p->f->n_instrs, 0);
	assert_int_equal(p->f->n_stages, 0);
	assert_int_equal(p->f->final_stage, -1);
	parsed_free(p);
	p = parse("# only\n   # comments\n\n");
	expect_ok(p);
	assert_int_equal(p->f->n_instrs, 0);
	parsed_free(p);
	/* No final newline, leading blanks, lower-case keywords. */
	p = parse("  from alpine\n\trun echo x");
	expect_ok(p);
	assert_int_equal(instr(p, 0)->kind, DF_FROM);
	assert_string_equal(instr(p, 0)->keyword, "from");
	expect_span(instr(p, 0)->span, 1, 3, 1, 13);
	assert_int_equal(instr(p, 1)->kind, DF_RUN);
	expect_span(instr(p, 1)->span, 2, 2, 2, 11);
	parsed_free(p);
}

/* --- heredocs ------------------------------------------------------------- */

static void test_heredoc_run(void **state)
{
	struct parsed *p = parse("FROM a\n"
	                         "RUN <<EOF\n"
	                         "apt-get update\n"
	                         "  apt-get install -y curl\n"
	                         "EOF\n"
	                         "USER app\n");
	const struct df_instr *in;
	const struct df_heredoc *h;

	(void)state;
	expect_ok(p);
	assert_int_equal(p->f->n_instrs, 3);
	in = instr(p, 1);
	assert_string_equal(in->text.s, "<<EOF");
	expect_span(in->span, 2, 1, 5, 3);
	assert_int_equal(in->n_heredocs, 1);
	h = &in->heredocs[0];
	assert_string_equal(h->delim, "EOF");
	assert_false(h->strip_tabs);
	assert_false(h->quoted);
	assert_string_equal(h->body.s, "apt-get update\n  apt-get install -y curl\n");
	expect_span(h->span, 3, 1, 5, 3);
	expect_pos(&h->body, 0, 3, 1);
	expect_pos(&h->body, 17, 4, 3);
	/* The body is the script. */
	assert_int_equal(in->sh.n, 2);
	assert_string_equal(in->sh.cmds[1].argv[0].text, "apt-get");
	assert_int_equal(in->sh.cmds[1].argv[0].span.line, 4);
	assert_int_equal(in->sh.cmds[1].argv[0].span.column, 3);
	assert_int_equal(instr(p, 2)->kind, DF_USER);
	parsed_free(p);
}

static void test_heredoc_strip_tabs(void **state)
{
	struct parsed *p = parse("FROM a\n"
	                         "RUN <<-EOT\n"
	                         "\t\tset -e\n"
	                         "\techo hi\n"
	                         "\tEOT\n");
	const struct df_heredoc *h;

	(void)state;
	expect_ok(p);
	h = &instr(p, 1)->heredocs[0];
	assert_true(h->strip_tabs);
	assert_string_equal(h->delim, "EOT");
	assert_string_equal(h->body.s, "set -e\necho hi\n");
	expect_pos(&h->body, 0, 3, 3);
	expect_pos(&h->body, 7, 4, 2);
	expect_span(h->span, 3, 1, 5, 4);
	/* Without '-', a tab-indented delimiter does not end the body. */
	parsed_free(p);
	p = parse("FROM a\nRUN <<EOT\n\tEOT\nEOT\n");
	expect_ok(p);
	assert_string_equal(instr(p, 1)->heredocs[0].body.s, "\tEOT\n");
	parsed_free(p);
}

static void test_heredoc_quoted(void **state)
{
	struct parsed *p = parse("FROM a\n"
	                         "COPY <<\"EOF\" /a\n"
	                         "$HOME\n"
	                         "EOF\n"
	                         "COPY <<'E O' /b\n"
	                         "x\n"
	                         "E O\n"
	                         "COPY <<X /c\n"
	                         "$HOME\n"
	                         "X\n");

	(void)state;
	expect_ok(p);
	assert_int_equal(p->f->n_instrs, 4);
	assert_true(instr(p, 1)->heredocs[0].quoted);
	assert_string_equal(instr(p, 1)->heredocs[0].delim, "EOF");
	assert_true(instr(p, 2)->heredocs[0].quoted);
	assert_string_equal(instr(p, 2)->heredocs[0].delim, "E O");
	assert_string_equal(instr(p, 2)->heredocs[0].body.s, "x\n");
	assert_false(instr(p, 3)->heredocs[0].quoted);
	parsed_free(p);
}

static void test_heredoc_several(void **state)
{
	struct parsed *p = parse("FROM a\n"
	                         "COPY <<A <<B /dest/\n"
	                         "first\n"
	                         "A\n"
	                         "second\n"
	                         "B\n"
	                         "RUN <<A cat >/x && bash <<B\n"
	                         "data\n"
	                         "A\n"
	                         "echo script\n"
	                         "B\n"
	                         "CMD x\n");
	const struct df_instr *in;

	(void)state;
	expect_ok(p);
	assert_int_equal(p->f->n_instrs, 4);
	in = instr(p, 1);
	assert_int_equal(in->n_args, 3);
	assert_string_equal(in->args[0].raw, "<<A");
	assert_string_equal(in->args[2].value, "/dest/");
	assert_int_equal(in->n_heredocs, 2);
	assert_string_equal(in->heredocs[0].body.s, "first\n");
	assert_string_equal(in->heredocs[1].body.s, "second\n");
	expect_span(in->heredocs[1].span, 5, 1, 6, 1);
	expect_span(in->span, 2, 1, 6, 1);
	in = instr(p, 2);
	assert_int_equal(in->n_heredocs, 2);
	assert_string_equal(in->heredocs[0].body.s, "data\n");
	/* cat reads data; bash reads a script. */
	assert_int_equal(in->sh.n, 3);
	assert_string_equal(in->sh.cmds[0].argv[0].text, "cat");
	assert_string_equal(in->sh.cmds[1].argv[0].text, "bash");
	assert_string_equal(in->sh.cmds[2].argv[0].text, "echo");
	assert_int_equal(in->sh.cmds[2].argv[0].span.line, 10);
	assert_int_equal(instr(p, 3)->kind, DF_CMD);
	parsed_free(p);
}

static void test_heredoc_script_detection(void **state)
{
	struct parsed *p = parse("FROM a\n"
	                         "RUN python3 <<EOF\nimport os\nEOF\n"
	                         "RUN sh -e <<EOF\necho a\nEOF\n"
	                         "RUN /bin/bash -c 'cat' <<EOF\necho b\nEOF\n"
	                         "RUN <<EOF\n#!/usr/bin/env python3\nprint(1)\nEOF\n"
	                         "RUN <<EOF\n#!/bin/bash\necho c\nEOF\n"
	                         "RUN <<EOF\n#!/usr/bin/env -S bash -e\necho d\nEOF\n"
	                         "RUN sudo -u root zsh <<EOF\necho e\nEOF\n"
	                         "RUN <<EOF bash\necho f\nEOF\n");
	const struct df_instr *in;

	(void)state;
	expect_ok(p);
	assert_int_equal(p->f->n_instrs, 9);
	in = instr(p, 1); /* python3 reads Python */
	assert_int_equal(in->sh.n, 1);
	assert_string_equal(in->sh.cmds[0].argv[0].text, "python3");
	in = instr(p, 2); /* sh -e reads a script */
	assert_int_equal(in->sh.n, 2);
	assert_string_equal(in->sh.cmds[1].argv[0].text, "echo");
	in = instr(p, 3); /* bash -c: the body is cat's input */
	for (size_t i = 0; i < in->sh.n; i++)
		assert_int_not_equal(in->sh.cmds[i].span.line, 12);
	in = instr(p, 4); /* shebang python3 */
	assert_int_equal(in->sh.n, 0);
	in = instr(p, 5); /* shebang bash */
	assert_int_equal(in->sh.n, 1);
	assert_string_equal(in->sh.cmds[0].argv[0].text, "echo");
	in = instr(p, 6); /* env -S bash */
	assert_int_equal(in->sh.n, 1);
	in = instr(p, 7); /* sudo -u root zsh */
	assert_string_equal(in->sh.cmds[in->sh.n - 1].argv[0].text, "echo");
	in = instr(p, 8); /* <<EOF bash */
	assert_string_equal(in->sh.cmds[in->sh.n - 1].argv[0].text, "echo");
	assert_string_equal(in->sh.cmds[in->sh.n - 1].argv[1].text, "f");
	parsed_free(p);
}

static void test_heredoc_only_run_copy_add(void **state)
{
	struct parsed *p = parse("FROM a\n"
	                         "ENV A=<<EOF\n"
	                         "LABEL b=c\n"
	                         "RUN [\"cat\", \"<<EOF\"]\n"
	                         "ADD <<EOF /x\n"
	                         "y\n"
	                         "EOF\n"
	                         "RUN echo \"<<EOF\" '<<X' <<<here 2<<-DOC\n"
	                         "x\n"
	                         "DOC\n");

	(void)state;
	expect_ok(p);
	assert_int_equal(p->f->n_instrs, 6);
	assert_int_equal(instr(p, 1)->n_heredocs, 0);
	assert_int_equal(instr(p, 2)->kind, DF_LABEL);
	assert_int_equal(instr(p, 3)->n_heredocs, 0);
	assert_int_equal(instr(p, 4)->n_heredocs, 1);
	assert_string_equal(instr(p, 4)->heredocs[0].body.s, "y\n");
	/* Quoted markers and here-strings are not heredocs; a fd prefix is. */
	assert_int_equal(instr(p, 5)->n_heredocs, 1);
	parsed_free(p);
	p = parse("FROM a\nRUN echo \"<<EOF\" '<<X' <<<here 2<<-DOC\n\tx\n\tDOC\nUSER a\n");
	expect_ok(p);
	assert_int_equal(instr(p, 1)->n_heredocs, 1);
	assert_string_equal(instr(p, 1)->heredocs[0].delim, "DOC");
	assert_string_equal(instr(p, 1)->heredocs[0].body.s, "x\n");
	assert_int_equal(instr(p, 2)->kind, DF_USER);
	parsed_free(p);
}

static void test_heredoc_after_continuation(void **state)
{
	struct parsed *p = parse("FROM a\n"
	                         "RUN --mount=type=cache,target=/c \\\n"
	                         "    cat <<EOF > /etc/x\n"
	                         "line\n"
	                         "EOF\n");
	const struct df_instr *in;

	(void)state;
	expect_ok(p);
	in = instr(p, 1);
	assert_int_equal(in->n_heredocs, 1);
	assert_string_equal(in->heredocs[0].body.s, "line\n");
	expect_span(in->span, 2, 1, 5, 3);
	parsed_free(p);
}

static void test_heredoc_unterminated(void **state)
{
	struct parsed *p = parse("FROM a\n"
	                         "RUN cat <<EOF\n"
	                         "never\n"
	                         "EOF2\n"
	                         "RUN not an instruction\n");
	const struct df_instr *in;

	(void)state;
	expect_error(p, 5, 1,
	             "unterminated heredoc 'EOF' started at 2:9: expected a line 'EOF' before the "
	             "end of the file");
	assert_int_equal(p->f->n_instrs, 2);
	in = instr(p, 1);
	assert_string_equal(in->heredocs[0].body.s, "never\nEOF2\nRUN not an instruction\n");
	expect_span(in->span, 2, 1, 5, 22);
	parsed_free(p);
	/* The second heredoc of an instruction whose first never ends. */
	p = parse("FROM a\nCOPY <<A <<B /x\nbody\n");
	expect_error(p, 3, 1,
	             "unterminated heredoc 'A' started at 2:6: expected a line 'A' before the end "
	             "of the file");
	assert_int_equal(instr(p, 1)->n_heredocs, 2);
	assert_string_equal(instr(p, 1)->heredocs[1].body.s, "");
	parsed_free(p);
	/* The marker on the last line. */
	p = parse("FROM a\nRUN <<EOF");
	expect_error(p, 2, 1,
	             "unterminated heredoc 'EOF' started at 2:5: expected a line 'EOF' before the "
	             "end of the file");
	parsed_free(p);
}

static void test_heredoc_onbuild(void **state)
{
	struct parsed *p = parse("FROM a\nONBUILD RUN <<EOF\necho hi\nEOF\nUSER x\n");
	const struct df_instr *in;

	(void)state;
	expect_ok(p);
	assert_int_equal(p->f->n_instrs, 3);
	in = instr(p, 1);
	expect_span(in->span, 2, 1, 4, 3);
	assert_non_null(in->onbuild);
	assert_int_equal(in->onbuild->n_heredocs, 1);
	assert_string_equal(in->onbuild->heredocs[0].body.s, "echo hi\n");
	assert_int_equal(in->onbuild->sh.n, 1);
	parsed_free(p);
}

/* --- exec and shell form -------------------------------------------------- */

static void test_exec_form(void **state)
{
	struct parsed *p =
	    parse("FROM a\n"
	          "CMD [\"nginx\", \"-g\", \"daemon off;\"]\n"
	          "ENTRYPOINT  [ \"/bin/tini\",\"--\" ]  \n"
	          "SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\n"
	          "COPY [\"a b\", \"/x/\"]\n"
	          "ADD [\"src\", \"/dst\"]\n"
	          "VOLUME [\"/data\", \"/logs\"]\n"
	          "RUN [\"echo\", \"caf\\u00e9 \\ud83d\\ude00 \\\"q\\\" \\\\ \\/ \\t\"]\n"
	          "CMD []\n");
	const struct df_instr *in;

	(void)state;
	expect_ok(p);
	in = instr(p, 1);
	assert_true(in->exec_form);
	assert_int_equal(in->n_args, 3);
	expect_word(&in->args[0], "\"nginx\"", "nginx", 2, 6);
	expect_word(&in->args[2], "\"daemon off;\"", "daemon off;", 2, 21);
	in = instr(p, 2);
	assert_true(in->exec_form);
	assert_int_equal(in->n_args, 2);
	expect_word(&in->args[1], "\"--\"", "--", 3, 27);
	in = instr(p, 3);
	assert_true(in->exec_form);
	assert_int_equal(in->n_args, 4);
	in = instr(p, 4);
	assert_true(in->exec_form);
	assert_string_equal(in->args[0].value, "a b");
	assert_true(instr(p, 5)->exec_form);
	in = instr(p, 6);
	assert_true(in->exec_form);
	assert_int_equal(in->n_args, 2);
	in = instr(p, 7);
	assert_true(in->exec_form);
	assert_string_equal(in->args[1].value, "caf\xc3\xa9 \xf0\x9f\x98\x80 \"q\" \\ / \t");
	in = instr(p, 8);
	assert_true(in->exec_form);
	assert_int_equal(in->n_args, 0);
	parsed_free(p);
}

static void test_exec_form_fallback(void **state)
{
	/* Not JSON: shell form, as BuildKit decides. */
	struct parsed *p = parse("FROM a\n"
	                         "CMD [\"a\", ]\n"
	                         "CMD [a]\n"
	                         "CMD ['a', 'b']\n"
	                         "CMD [\"a\"] trailing\n"
	                         "CMD [\"\\x\"]\n"
	                         "CMD [\"tab\there\"]\n"
	                         "COPY [\"a\" \"b\"] /x\n"
	                         "RUN [ \"echo\", \"unterminated ]\n");
	const struct df_instr *in;

	(void)state;
	expect_ok(p);
	for (size_t i = 1; i < p->f->n_instrs; i++)
		assert_false(instr(p, i)->exec_form);
	in = instr(p, 3);
	assert_int_equal(in->n_args, 2);
	assert_string_equal(in->args[0].raw, "['a',");
	assert_string_equal(in->args[0].value, "[a,");
	in = instr(p, 8);
	assert_int_equal(in->sh.n, 1);
	parsed_free(p);
}

static void test_exec_form_not_strings(void **state)
{
	struct parsed *p = parse("FROM a\nCMD [\"a\", 1]\n");

	(void)state;
	expect_error(p, 2, 5,
	             "cannot parse CMD: a JSON array must hold only strings, e.g. [\"executable\", "
	             "\"parameter\"]");
	assert_false(instr(p, 1)->exec_form);
	parsed_free(p);
	p = parse("FROM a\nENTRYPOINT [null, {\"a\": [true, false, -1.5e+3]}]\n");
	expect_error(p, 2, 12,
	             "cannot parse ENTRYPOINT: a JSON array must hold only strings, e.g. "
	             "[\"executable\", \"parameter\"]");
	parsed_free(p);
}

static void test_json_depth_ceiling(void **state)
{
	struct vakt_buf b = VAKT_BUF_INIT;
	struct parsed *p;

	(void)state;
	/* Nesting within the limit is JSON (an error: not strings)... */
	vakt_buf_adds(&b, "FROM a\nCMD [");
	for (int i = 0; i < DF_JSON_MAX_DEPTH - 1; i++)
		vakt_buf_addc(&b, '[');
	for (int i = 0; i < DF_JSON_MAX_DEPTH - 1; i++)
		vakt_buf_addc(&b, ']');
	vakt_buf_adds(&b, "]\n");
	p = parse(vakt_buf_str(&b));
	assert_int_equal(p->errs.n, 1);
	parsed_free(p);
	/* ...deeper is treated as not JSON: shell form, no error. */
	vakt_buf_reset(&b);
	vakt_buf_adds(&b, "FROM a\nCMD [");
	for (int i = 0; i < DF_JSON_MAX_DEPTH; i++)
		vakt_buf_addc(&b, '[');
	for (int i = 0; i < DF_JSON_MAX_DEPTH; i++)
		vakt_buf_addc(&b, ']');
	vakt_buf_adds(&b, "]\n");
	p = parse(vakt_buf_str(&b));
	expect_ok(p);
	assert_false(instr(p, 1)->exec_form);
	parsed_free(p);
	vakt_buf_release(&b);
}

static void test_json_bad_utf8(void **state)
{
	/* Invalid UTF-8 and lone surrogates become U+FFFD, as Go decodes them. */
	struct parsed *p = parse("FROM a\nCMD [\"a\xff\", \"\\ud800x\"]\n");
	const struct df_instr *in;

	(void)state;
	expect_ok(p);
	in = instr(p, 1);
	assert_true(in->exec_form);
	assert_string_equal(in->args[0].value, "a\xef\xbf\xbd");
	assert_string_equal(in->args[1].value, "\xef\xbf\xbdx");
	parsed_free(p);
}

static void test_shell_form_words(void **state)
{
	struct parsed *p = parse("FROM a\n"
	                         "RUN echo \"a b\" 'c d' e\\ f\n"
	                         "CMD nginx -g 'daemon off;'\n");
	const struct df_instr *in;

	(void)state;
	expect_ok(p);
	in = instr(p, 1);
	assert_false(in->exec_form);
	assert_int_equal(in->n_args, 4);
	expect_word(&in->args[1], "\"a b\"", "a b", 2, 10);
	expect_word(&in->args[2], "'c d'", "c d", 2, 16);
	expect_word(&in->args[3], "e\\ f", "e f", 2, 22);
	in = instr(p, 2);
	assert_false(in->exec_form);
	assert_string_equal(in->text.s, "nginx -g 'daemon off;'");
	assert_int_equal(in->n_args, 3);
	parsed_free(p);
}

static void test_exec_form_run_script(void **state)
{
	struct parsed *p = parse("FROM a\n"
	                         "RUN [\"apt-get\", \"install\", \"-y\", \"curl\"]\n"
	                         "RUN [\"sh\", \"-c\", \"apk add x && rm -rf /var/cache\"]\n"
	                         "RUN [\"echo\", \"$HOME\", \"it's\"]\n");
	const struct df_instr *in;

	(void)state;
	expect_ok(p);
	in = instr(p, 1);
	assert_int_equal(in->sh.n, 1);
	assert_int_equal(in->sh.cmds[0].argc, 4);
	assert_string_equal(in->sh.cmds[0].argv[3].text, "curl");
	/* Each element's position is its JSON string's content. */
	assert_int_equal(in->sh.cmds[0].argv[0].span.line, 2);
	assert_int_equal(in->sh.cmds[0].argv[0].span.column, 7);
	assert_int_equal(in->sh.cmds[0].argv[3].span.column, 35);
	in = instr(p, 2);
	/* sh -c keeps its script as one element; the tokenizer recurses into it. */
	assert_true(in->sh.n >= 3);
	assert_string_equal(in->sh.cmds[0].argv[2].text, "apk add x && rm -rf /var/cache");
	assert_string_equal(in->sh.cmds[1].argv[0].text, "apk");
	assert_int_equal(in->sh.cmds[1].depth, 1);
	in = instr(p, 3);
	/* No shell runs exec form: no expansion, quotes are data. */
	assert_string_equal(in->sh.cmds[0].argv[1].text, "$HOME");
	assert_false(in->sh.cmds[0].argv[1].has_expansion);
	assert_string_equal(in->sh.cmds[0].argv[2].text, "it's");
	parsed_free(p);
}

/* --- flags ---------------------------------------------------------------- */

static void test_flags(void **state)
{
	struct parsed *p = parse(
	    "FROM --platform=$BUILDPLATFORM golang:1.22 AS build\n"
	    "RUN --mount=type=secret,id=npmrc,target=/root/.npmrc --network=none "
	    "--security=insecure npm ci\n"
	    "COPY --from=build --chown=1000:1000 --chmod=0755 --link --parents --exclude=*.md "
	    "a /b/\n"
	    "ADD --checksum=sha256:abc --keep-git-dir=true https://x/y.tar.gz /z\n"
	    "HEALTHCHECK --interval=30s --timeout=3s --start-period=5s --retries=3 CMD curl -f "
	    "http://localhost/\n"
	    "COPY --frobnicate=\"a b\" --bare x y\n");
	const struct df_instr *in;

	(void)state;
	expect_ok(p);
	in = instr(p, 0);
	assert_int_equal(in->n_flags, 1);
	assert_string_equal(in->flags[0].name, "platform");
	assert_string_equal(in->flags[0].value, "$BUILDPLATFORM");
	expect_span(in->flags[0].span, 1, 6, 1, 30);
	assert_string_equal(df_instr_flag(in, "platform"), "$BUILDPLATFORM");
	assert_string_equal(in->text.s, "golang:1.22 AS build");
	in = instr(p, 1);
	assert_int_equal(in->n_flags, 3);
	assert_string_equal(df_instr_flag(in, "mount"), "type=secret,id=npmrc,target=/root/.npmrc");
	assert_string_equal(df_instr_flag(in, "network"), "none");
	assert_string_equal(df_instr_flag(in, "security"), "insecure");
	assert_string_equal(in->text.s, "npm ci");
	in = instr(p, 2);
	assert_int_equal(in->n_flags, 6);
	assert_string_equal(df_instr_flag(in, "from"), "build");
	assert_string_equal(df_instr_flag(in, "chown"), "1000:1000");
	assert_string_equal(df_instr_flag(in, "chmod"), "0755");
	assert_null(df_instr_flag(in, "link"));
	assert_non_null(df_instr_find_flag(in, "link"));
	assert_null(df_instr_find_flag(in, "link")->value);
	assert_non_null(df_instr_find_flag(in, "parents"));
	assert_string_equal(df_instr_flag(in, "exclude"), "*.md");
	assert_null(df_instr_find_flag(in, "nope"));
	assert_int_equal(in->n_args, 2);
	in = instr(p, 3);
	assert_string_equal(df_instr_flag(in, "checksum"), "sha256:abc");
	assert_string_equal(df_instr_flag(in, "keep-git-dir"), "true");
	in = instr(p, 4);
	assert_int_equal(in->n_flags, 4);
	assert_string_equal(df_instr_flag(in, "start-period"), "5s");
	assert_string_equal(in->text.s, "CMD curl -f http://localhost/");
	assert_string_equal(in->args[0].value, "CMD");
	assert_string_equal(in->args[1].value, "curl");
	/* Unknown flags are data, never a parse error; quotes come off. */
	in = instr(p, 5);
	assert_int_equal(in->n_flags, 2);
	assert_string_equal(in->flags[0].name, "frobnicate");
	assert_string_equal(in->flags[0].value, "a b");
	expect_span(in->flags[0].span, 6, 6, 6, 23);
	assert_string_equal(in->flags[1].name, "bare");
	parsed_free(p);
}

static void test_flags_end(void **state)
{
	/* "--" ends the flags; a word not starting with "--" too. */
	struct parsed *p = parse("FROM a\nRUN --network=host -- --not-a-flag\nRUN -x --y\n");

	(void)state;
	expect_ok(p);
	assert_int_equal(instr(p, 1)->n_flags, 1);
	assert_string_equal(instr(p, 1)->text.s, "--not-a-flag");
	assert_int_equal(instr(p, 2)->n_flags, 0);
	assert_string_equal(instr(p, 2)->text.s, "-x --y");
	parsed_free(p);
	/* Flags only, no command. */
	p = parse("FROM a\nRUN --mount=type=cache,target=/x\n");
	expect_error(p, 2, 1, "missing arguments for RUN: expected 'RUN [flags] <command>'");
	assert_int_equal(instr(p, 1)->n_flags, 1);
	parsed_free(p);
}

/* --- ENV, LABEL, ARG ------------------------------------------------------ */

static void test_env(void **state)
{
	struct parsed *p = parse("FROM a\n"
	                         "ENV A=1 B=\"two words\" C='x $y' D=a\\ b E= F=\"q\\\"q\"\n"
	                         "ENV LEGACY some value  here\n"
	                         "ENV PATH=/x:$PATH\n");
	const struct df_instr *in;
	const struct df_kv *kv;

	(void)state;
	expect_ok(p);
	in = instr(p, 1);
	assert_int_equal(in->n_kvs, 6);
	kv = &in->kvs[0];
	expect_word(&kv->key, "A", "A", 2, 5);
	expect_word(&kv->value, "1", "1", 2, 7);
	assert_false(kv->legacy);
	expect_word(&in->kvs[1].value, "\"two words\"", "two words", 2, 11);
	assert_string_equal(in->kvs[2].value.value, "x $y");
	assert_string_equal(in->kvs[3].value.value, "a b");
	assert_string_equal(in->kvs[4].value.raw, "");
	assert_string_equal(in->kvs[4].value.value, "");
	assert_string_equal(in->kvs[5].value.value, "q\"q");
	in = instr(p, 2);
	assert_int_equal(in->n_kvs, 1);
	kv = &in->kvs[0];
	assert_true(kv->legacy);
	expect_word(&kv->key, "LEGACY", "LEGACY", 3, 5);
	expect_word(&kv->value, "some value  here", "some value  here", 3, 12);
	parsed_free(p);
}

static void test_env_errors(void **state)
{
	struct parsed *p = parse("FROM a\nENV ONLY\n");

	(void)state;
	expect_error(p, 2, 5, "missing value for ENV 'ONLY': expected 'ENV ONLY=<value>'");
	parsed_free(p);
	p = parse("FROM a\nENV A=1 B\n");
	expect_error(p, 2, 9, "missing '=' in 'B': expected <name>=<value>");
	assert_int_equal(instr(p, 1)->n_kvs, 1);
	parsed_free(p);
	p = parse("FROM a\nLABEL =x\n");
	expect_error(p, 2, 7, "missing name in '=x': expected <name>=<value>");
	parsed_free(p);
	p = parse("FROM a\nENV\n");
	expect_error(p, 2, 1, "missing arguments for ENV: expected 'ENV <name>=<value>...'");
	parsed_free(p);
}

static void test_label(void **state)
{
	struct parsed *p = parse("FROM a\n"
	                         "LABEL org.opencontainers.image.title=\"My App\" \\\n"
	                         "      version=1.0\n"
	                         "LABEL maintainer someone@example.com\n");
	const struct df_instr *in;

	(void)state;
	expect_ok(p);
	in = instr(p, 1);
	assert_int_equal(in->n_kvs, 2);
	assert_string_equal(in->kvs[0].key.value, "org.opencontainers.image.title");
	assert_string_equal(in->kvs[0].value.value, "My App");
	expect_word(&in->kvs[1].key, "version", "version", 3, 7);
	in = instr(p, 2);
	assert_true(in->kvs[0].legacy);
	assert_string_equal(in->kvs[0].value.value, "someone@example.com");
	parsed_free(p);
}

static void test_arg(void **state)
{
	struct parsed *p = parse("ARG A B=2 C= D=\"x y\"\nFROM a\nARG E\n");
	const struct df_instr *in;

	(void)state;
	expect_ok(p);
	in = instr(p, 0);
	assert_int_equal(in->kind, DF_ARG);
	assert_int_equal(in->stage, -1);
	assert_int_equal(in->n_kvs, 4);
	expect_word(&in->kvs[0].key, "A", "A", 1, 5);
	assert_null(in->kvs[0].value.raw);
	assert_null(in->kvs[0].value.value);
	assert_string_equal(in->kvs[1].value.value, "2");
	assert_string_equal(in->kvs[2].value.raw, "");
	assert_string_equal(in->kvs[3].value.value, "x y");
	assert_false(in->kvs[0].legacy);
	parsed_free(p);
	p = parse("ARG\nFROM a\n");
	expect_error(p, 1, 1, "missing arguments for ARG: expected 'ARG <name>[=<default>]...'");
	parsed_free(p);
}

/* --- other instructions --------------------------------------------------- */

static void test_simple_instructions(void **state)
{
	struct parsed *p = parse("FROM a\n"
	                         "EXPOSE 80/tcp 443\n"
	                         "USER 10001:10001\n"
	                         "WORKDIR /app\n"
	                         "STOPSIGNAL SIGTERM\n"
	                         "VOLUME /data /logs\n"
	                         "MAINTAINER Jane Doe <jane@example.com>\n"
	                         "HEALTHCHECK NONE\n"
	                         "HEALTHCHECK CMD [\"curl\", \"-f\", \"http://x/\"]\n");
	const struct df_instr *in;

	(void)state;
	expect_ok(p);
	assert_int_equal(instr(p, 1)->kind, DF_EXPOSE);
	assert_int_equal(instr(p, 1)->n_args, 2);
	assert_string_equal(instr(p, 2)->args[0].value, "10001:10001");
	assert_int_equal(instr(p, 3)->kind, DF_WORKDIR);
	assert_int_equal(instr(p, 4)->kind, DF_STOPSIGNAL);
	in = instr(p, 5);
	assert_false(in->exec_form);
	assert_int_equal(in->n_args, 2);
	in = instr(p, 6);
	assert_int_equal(in->kind, DF_MAINTAINER);
	assert_string_equal(in->text.s, "Jane Doe <jane@example.com>");
	in = instr(p, 7);
	assert_int_equal(in->kind, DF_HEALTHCHECK);
	assert_int_equal(in->n_args, 1);
	assert_string_equal(in->args[0].value, "NONE");
	in = instr(p, 8);
	assert_true(in->exec_form);
	assert_int_equal(in->n_args, 4);
	assert_string_equal(in->args[0].value, "CMD");
	assert_string_equal(in->args[1].value, "curl");
	expect_word(&in->args[1], "\"curl\"", "curl", 9, 18);
	parsed_free(p);
}

static void test_kind_names(void **state)
{
	(void)state;
	assert_string_equal(df_kind_name(DF_FROM), "FROM");
	assert_string_equal(df_kind_name(DF_HEALTHCHECK), "HEALTHCHECK");
	assert_string_equal(df_kind_name(DF_MAINTAINER), "MAINTAINER");
	assert_string_equal(df_kind_name(DF_UNKNOWN), "UNKNOWN");
	assert_string_equal(df_kind_name((enum df_kind)999), "UNKNOWN");
}

static void test_onbuild(void **state)
{
	struct parsed *p = parse("FROM a\n"
	                         "ONBUILD COPY --chown=1:1 . /src\n"
	                         "onbuild run apt-get install -y x\n"
	                         "ONBUILD ONBUILD RUN echo nested\n"
	                         "ONBUILD ONBUILD ONBUILD RUN echo deep\n");
	const struct df_instr *in;

	(void)state;
	expect_ok(p);
	in = instr(p, 1);
	assert_int_equal(in->kind, DF_ONBUILD);
	assert_string_equal(in->text.s, "COPY --chown=1:1 . /src");
	assert_non_null(in->onbuild);
	assert_int_equal(in->onbuild->kind, DF_COPY);
	assert_int_equal(in->onbuild->stage, -1);
	assert_string_equal(df_instr_flag(in->onbuild, "chown"), "1:1");
	assert_int_equal(in->onbuild->n_args, 2);
	expect_span(in->onbuild->span, 2, 9, 2, 31);
	expect_word(&in->onbuild->args[1], "/src", "/src", 2, 28);
	in = instr(p, 2);
	assert_int_equal(in->onbuild->kind, DF_RUN);
	assert_int_equal(in->onbuild->sh.n, 1);
	assert_string_equal(in->onbuild->sh.cmds[0].argv[0].text, "apt-get");
	/* ONBUILD ONBUILD is parsed (for rules to report) up to the depth limit. */
	in = instr(p, 3);
	assert_int_equal(in->onbuild->kind, DF_ONBUILD);
	assert_non_null(in->onbuild->onbuild);
	assert_int_equal(in->onbuild->onbuild->kind, DF_RUN);
	in = instr(p, 4);
	assert_int_equal(in->onbuild->onbuild->kind, DF_ONBUILD);
	assert_null(in->onbuild->onbuild->onbuild);
	assert_string_equal(in->onbuild->onbuild->text.s, "RUN echo deep");
	assert_int_equal(DF_MAX_ONBUILD_DEPTH, 2);
	parsed_free(p);
	p = parse("FROM a\nONBUILD\n");
	expect_error(p, 2, 1, "missing arguments for ONBUILD: expected 'ONBUILD <instruction>'");
	parsed_free(p);
	p = parse("FROM a\nONBUILD FORM x\n");
	expect_error(
	    p, 2, 9,
	    "unknown instruction 'FORM' (expected one of FROM, RUN, CMD, ENTRYPOINT, COPY, "
	    "ADD, ENV, ARG, USER, WORKDIR, EXPOSE, VOLUME, LABEL, HEALTHCHECK, SHELL, "
	    "STOPSIGNAL, ONBUILD, MAINTAINER)");
	parsed_free(p);
}

/* --- errors --------------------------------------------------------------- */

static void test_unknown_instruction(void **state)
{
	struct parsed *p = parse("FORM ubuntu\nFROM ubuntu\n  COPPY a b\n");

	(void)state;
	assert_int_equal(p->errs.n, 2);
	expect_some_error(p, 1, 1,
	                  "unknown instruction 'FORM' (expected one of FROM, RUN, CMD, ENTRYPOINT, "
	                  "COPY, ADD, ENV, ARG, USER, WORKDIR, EXPOSE, VOLUME, LABEL, HEALTHCHECK, "
	                  "SHELL, STOPSIGNAL, ONBUILD, MAINTAINER)");
	expect_some_error(
	    p, 3, 3,
	    "unknown instruction 'COPPY' (expected one of FROM, RUN, CMD, ENTRYPOINT, "
	    "COPY, ADD, ENV, ARG, USER, WORKDIR, EXPOSE, VOLUME, LABEL, HEALTHCHECK, "
	    "SHELL, STOPSIGNAL, ONBUILD, MAINTAINER)");
	/* Kept as data, and parsing went on. */
	assert_int_equal(p->f->n_instrs, 3);
	assert_int_equal(instr(p, 0)->kind, DF_UNKNOWN);
	assert_string_equal(instr(p, 0)->keyword, "FORM");
	assert_int_equal(instr(p, 0)->stage, -1);
	assert_int_equal(instr(p, 2)->kind, DF_UNKNOWN);
	assert_int_equal(instr(p, 2)->n_args, 2);
	assert_int_equal(p->f->n_stages, 1);
	parsed_free(p);
}

static void test_missing_arguments(void **state)
{
	static const struct {
		const char *text;
		int line, col;
		const char *msg;
	} cases[] = {
	    {"FROM\n", 1, 1,
	     "missing arguments for FROM: expected 'FROM [--platform=<platform>] <image> [AS "
	     "<name>]'"},
	    {"FROM --platform=linux/amd64\n", 1, 1,
	     "missing arguments for FROM: expected 'FROM [--platform=<platform>] <image> [AS "
	     "<name>]'"},
	    {"FROM a b\n", 1, 1,
	     "cannot parse FROM 'a b': expected 'FROM [--platform=<platform>] <image> [AS "
	     "<name>]'"},
	    {"FROM a AS\n", 1, 1,
	     "cannot parse FROM 'a AS': expected 'FROM [--platform=<platform>] <image> [AS "
	     "<name>]'"},
	    {"FROM a\nCOPY onlyone\n", 2, 1,
	     "cannot parse COPY 'onlyone': missing destination: expected 'COPY [flags] "
	     "<source>... <destination>'"},
	    {"FROM a\nADD\n", 2, 1,
	     "missing arguments for ADD: expected 'ADD [flags] <source>... <destination>'"},
	    {"FROM a\nRUN\n", 2, 1, "missing arguments for RUN: expected 'RUN [flags] <command>'"},
	    {"FROM a\nUSER\n", 2, 1,
	     "missing arguments for USER: expected 'USER <user>[:<group>]'"},
	    {"FROM a\nWORKDIR   \n", 2, 1,
	     "missing arguments for WORKDIR: expected 'WORKDIR <path>'"},
	    {"FROM a\nEXPOSE\n", 2, 1,
	     "missing arguments for EXPOSE: expected 'EXPOSE <port>[/<protocol>]...'"},
	    {"FROM a\nVOLUME\n", 2, 1, "missing arguments for VOLUME: expected 'VOLUME <path>...'"},
	    {"FROM a\nSTOPSIGNAL\n", 2, 1,
	     "missing arguments for STOPSIGNAL: expected 'STOPSIGNAL <signal>'"},
	    {"FROM a\nMAINTAINER\n", 2, 1,
	     "missing arguments for MAINTAINER: expected 'MAINTAINER <name>'"},
	    {"FROM a\nLABEL\n", 2, 1,
	     "missing arguments for LABEL: expected 'LABEL <key>=<value>...'"},
	    {"FROM a\nSHELL /bin/sh -c\n", 2, 1,
	     "cannot parse SHELL '/bin/sh -c': expected a JSON array: 'SHELL [\"<executable>\", "
	     "\"<parameter>\"...]'"},
	    {"FROM a\nSHELL []\n", 2, 1,
	     "cannot parse SHELL '[]': expected at least the executable: 'SHELL "
	     "[\"<executable>\", \"<parameter>\"...]'"},
	    {"FROM a\nHEALTHCHECK\n", 2, 1,
	     "missing arguments for HEALTHCHECK: expected 'HEALTHCHECK [flags] CMD <command>' or "
	     "'HEALTHCHECK NONE'"},
	    {"FROM a\nHEALTHCHECK CMD\n", 2, 13,
	     "missing command after HEALTHCHECK CMD: expected 'HEALTHCHECK [flags] CMD "
	     "<command>' or 'HEALTHCHECK NONE'"},
	    {"FROM a\nHEALTHCHECK NONE x\n", 2, 18,
	     "unexpected arguments after HEALTHCHECK NONE: expected nothing"},
	    {"FROM a\nHEALTHCHECK --interval=1s EXEC x\n", 2, 27,
	     "unknown HEALTHCHECK type 'EXEC': expected CMD or NONE"},
	};

	(void)state;
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(cases); i++) {
		struct parsed *p = parse(cases[i].text);

		expect_error(p, cases[i].line, cases[i].col, cases[i].msg);
		parsed_free(p);
	}
}

static void test_errors_continue(void **state)
{
	/* Each bad instruction is reported; the good ones after it are kept. */
	struct parsed *p = parse("FROM\nRUN\nFROM alpine\nUSER app\nFROM a b c\n");

	(void)state;
	assert_int_equal(p->errs.n, 3);
	assert_int_equal(p->f->n_instrs, 5);
	assert_int_equal(p->f->n_stages, 3);
	/* FROM a b c: no AS, so no name. */
	assert_null(p->f->stages[2].name);
	assert_string_equal(p->f->stages[2].base, "a");
	assert_string_equal(p->f->stages[0].image->raw, "");
	assert_true(p->f->stages[0].unresolved);
	assert_null(p->f->stages[0].base);
	assert_string_equal(p->f->stages[1].base, "alpine");
	parsed_free(p);
}

static void test_errors_ceiling(void **state)
{
	struct vakt_buf b = VAKT_BUF_INIT;
	struct parsed *p;
	char msg[128];

	(void)state;
	for (int i = 0; i < DF_MAX_ERRORS + 5; i++)
		vakt_buf_adds(&b, "BOGUS\n");
	p = parse(vakt_buf_str(&b));
	assert_int_equal(p->r, -EINVAL);
	assert_int_equal(p->errs.n, DF_MAX_ERRORS + 1);
	snprintf(msg, sizeof(msg), "too many errors: 5 more not shown (the limit is %d per file)",
	         DF_MAX_ERRORS);
	assert_string_equal(p->errs.v[DF_MAX_ERRORS]->msg, msg);
	assert_int_equal(p->f->n_instrs, DF_MAX_ERRORS + 5);
	parsed_free(p);
	vakt_buf_release(&b);
}

static void test_ceiling_message_quote(void **state)
{
	/* User text quoted in a message is cut at DF_MSG_QUOTE_MAX bytes. */
	char kw[DF_MSG_QUOTE_MAX + 21], want[DF_MSG_QUOTE_MAX + 200];
	struct vakt_buf b = VAKT_BUF_INIT;
	struct parsed *p;

	(void)state;
	memset(kw, 'Q', sizeof(kw) - 1);
	kw[sizeof(kw) - 1] = '\0';
	vakt_buf_addf(&b, "%s x\n", kw);
	p = parse(vakt_buf_str(&b));
	snprintf(want, sizeof(want),
	         "unknown instruction '%.*s...' (expected one of FROM, RUN, CMD, ENTRYPOINT, COPY, "
	         "ADD, ENV, ARG, USER, WORKDIR, EXPOSE, VOLUME, LABEL, HEALTHCHECK, SHELL, "
	         "STOPSIGNAL, ONBUILD, MAINTAINER)",
	         DF_MSG_QUOTE_MAX, kw);
	expect_error(p, 1, 1, want);
	/* The keyword itself is kept whole. */
	assert_string_equal(instr(p, 0)->keyword, kw);
	parsed_free(p);
	vakt_buf_release(&b);
}

static void test_errs_may_be_null(void **state)
{
	struct vakt_source *src = vakt_source_from_mem(PATH, "FORM x\n", 7);
	struct df_file *f = NULL;

	(void)state;
	assert_int_equal(df_parse(src, NULL, &f, NULL), -EINVAL);
	assert_int_equal(f->n_instrs, 1);
	df_file_free(f);
	vakt_source_free(src);
	df_file_free(NULL);
}

/* --- stages --------------------------------------------------------------- */

static void test_stages(void **state)
{
	struct parsed *p = parse("FROM golang:1.22 AS Build\n"
	                         "RUN go build\n"
	                         "FROM alpine AS tools\n"
	                         "FROM scratch AS unused\n"
	                         "COPY --from=0 /x /x\n"
	                         "FROM build AS test\n"
	                         "FROM gcr.io/distroless/static:nonroot\n"
	                         "COPY --from=BUILD /app /app\n"
	                         "RUN --mount=type=bind,from=tools,source=/bin,target=/t true\n"
	                         "COPY --from=tools /a /a\n"
	                         "COPY --from=nosuch /a /a\n"
	                         "COPY --from=docker.io/library/busybox /bin/sh /sh\n");
	const struct df_file *f;

	(void)state;
	expect_ok(p);
	f = p->f;
	assert_int_equal(f->n_stages, 5);
	assert_int_equal(f->final_stage, 4);
	assert_string_equal(f->stages[0].name, "build");
	assert_int_equal(f->stages[0].from, 0);
	assert_int_equal(f->stages[0].end, 2);
	assert_string_equal(f->stages[0].image->raw, "golang:1.22");
	assert_string_equal(f->stages[0].base, "golang:1.22");
	assert_int_equal(f->stages[0].parent, -1);
	assert_int_equal(instr(p, 1)->stage, 0);
	assert_int_equal(f->stages[3].parent, 0);
	assert_string_equal(f->stages[3].base, "build");
	assert_null(f->stages[4].name);
	assert_int_equal(f->stages[4].end, 12);
	assert_true(f->stages[4].is_final);
	assert_false(f->stages[0].is_final);
	/* Stage 2 copies from stage 0 by index. */
	assert_int_equal(f->stages[2].n_copies_from, 1);
	assert_int_equal(f->stages[2].copies_from[0], 0);
	/* The final stage copies from build (by name, any case) and tools (twice: once kept). */
	assert_int_equal(f->stages[4].n_copies_from, 2);
	assert_int_equal(f->stages[4].copies_from[0], 0);
	assert_int_equal(f->stages[4].copies_from[1], 1);
	assert_true(f->stages[0].reachable);
	assert_true(f->stages[1].reachable);
	assert_false(f->stages[2].reachable);
	assert_false(f->stages[3].reachable);
	assert_true(f->stages[4].reachable);
	parsed_free(p);
}

static void test_stage_reachable_transitive(void **state)
{
	struct parsed *p = parse("FROM alpine AS a\n"
	                         "FROM a AS b\n"
	                         "FROM scratch AS c\n"
	                         "COPY --from=b / /\n"
	                         "FROM scratch AS self\n"
	                         "COPY --from=self /x /x\n"
	                         "COPY --from=4 /x /x\n"
	                         "COPY --from=7 /x /x\n"
	                         "FROM c\n");
	const struct df_file *f;

	(void)state;
	expect_ok(p);
	f = p->f;
	assert_int_equal(f->n_stages, 5);
	assert_int_equal(f->stages[1].parent, 0);
	assert_int_equal(f->stages[4].parent, 2);
	/* A stage never copies from itself or from a later or unknown index. */
	assert_int_equal(f->stages[3].n_copies_from, 0);
	assert_true(f->stages[0].reachable);
	assert_true(f->stages[1].reachable);
	assert_true(f->stages[2].reachable);
	assert_false(f->stages[3].reachable);
	assert_true(f->stages[4].reachable);
	parsed_free(p);
}

static void test_stage_name_kept(void **state)
{
	/* An invalid or reserved name is a rule's finding, not a parse error. */
	struct parsed *p = parse("FROM a AS 1St\nFROM b AS Scratch\n");

	(void)state;
	expect_ok(p);
	assert_string_equal(p->f->stages[0].name, "1st");
	assert_string_equal(p->f->stages[1].name, "scratch");
	parsed_free(p);
}

static void test_before_first_from(void **state)
{
	/* Only ARG belongs there, but anything else is kept for a rule to report. */
	struct parsed *p = parse("# comment\nARG V=1\nRUN echo early\nLABEL a=b\nFROM alpine\n");

	(void)state;
	expect_ok(p);
	assert_int_equal(p->f->n_instrs, 4);
	assert_int_equal(instr(p, 0)->stage, -1);
	assert_int_equal(instr(p, 1)->stage, -1);
	assert_int_equal(instr(p, 2)->stage, -1);
	assert_int_equal(instr(p, 3)->stage, 0);
	assert_int_equal(p->f->stages[0].from, 3);
	parsed_free(p);
}

/* --- ARG and ENV scoping -------------------------------------------------- */

static void test_base_expansion(void **state)
{
	static const char *const ba[] = {"TAG=3.20", "OTHER=x", NULL};
	struct parsed *p = parse("ARG REG=docker.io\n"
	                         "ARG IMG=${REG}/library/alpine\n"
	                         "ARG TAG=3.19\n"
	                         "ARG UNSET\n"
	                         "FROM ${IMG}:${TAG} AS one\n"
	                         "FROM $UNSET AS two\n"
	                         "FROM ${UNSET:-debian}:12\n"
	                         "FROM $TARGETPLATFORM-x\n");
	const struct df_file *f;

	(void)state;
	expect_ok(p);
	f = p->f;
	assert_string_equal(f->stages[0].base, "docker.io/library/alpine:3.19");
	assert_false(f->stages[0].unresolved);
	assert_null(f->stages[1].base);
	assert_true(f->stages[1].unresolved);
	assert_string_equal(f->stages[2].base, "debian:12");
	assert_true(f->stages[3].unresolved);
	parsed_free(p);
	/* --build-arg overrides a global default. */
	p = parse_args("ARG TAG=3.19\nFROM alpine:$TAG\n", ba);
	expect_ok(p);
	assert_string_equal(p->f->stages[0].base, "alpine:3.20");
	parsed_free(p);
	p = parse_args("ARG TAG\nFROM alpine:$TAG\n", ba);
	assert_string_equal(p->f->stages[0].base, "alpine:3.20");
	parsed_free(p);
	/* Only global ARGs reach FROM: a stage's ARG does not. */
	p = parse("FROM alpine\nARG X=y\nFROM $X\n");
	assert_true(p->f->stages[1].unresolved);
	parsed_free(p);
}

static void test_scoping(void **state)
{
	static const char *const ba[] = {"BA=from-cli", "LOCAL=cli", NULL};
	struct parsed *p = parse_args("ARG GLOBAL=g\n"
	                              "ARG BA=default\n"
	                              "FROM alpine AS base\n"
	                              "RUN echo 1\n"
	                              "ARG GLOBAL\n"
	                              "ARG BA\n"
	                              "ARG LOCAL=l\n"
	                              "ENV E1=$GLOBAL-$LOCAL\n"
	                              "ENV GLOBAL=env\n"
	                              "ARG NOVAL\n"
	                              "RUN echo 2\n"
	                              "FROM base AS child\n"
	                              "ENV E2=${E1}+\n"
	                              "RUN echo 3\n"
	                              "FROM alpine\n"
	                              "RUN echo 4\n",
	                              ba);
	const struct df_file *f;

	(void)state;
	expect_ok(p);
	f = p->f;
	/* A global ARG is not visible in a stage until re-declared. */
	assert_null(df_file_lookup(f, 0, 3, "GLOBAL"));
	assert_string_equal(df_file_lookup(f, 0, 5, "GLOBAL"), "g");
	assert_string_equal(df_file_lookup(f, -1, 2, "GLOBAL"), "g");
	/* --build-arg beats the default, globally and locally. */
	assert_string_equal(df_file_lookup(f, -1, 2, "BA"), "from-cli");
	assert_string_equal(df_file_lookup(f, 0, 6, "BA"), "from-cli");
	assert_string_equal(df_file_lookup(f, 0, 7, "LOCAL"), "cli");
	/* ENV values are expanded where they are defined. */
	assert_string_equal(df_file_lookup(f, 0, 8, "E1"), "g-cli");
	/* ENV beats ARG of the same name. */
	assert_string_equal(df_file_lookup(f, 0, 9, "GLOBAL"), "env");
	assert_string_equal(df_file_lookup(f, 0, 7, "GLOBAL"), "g");
	/* Declared without a value and not given: undefined. */
	assert_null(df_file_lookup(f, 0, 10, "NOVAL"));
	/* FROM <stage> inherits ENV, not ARG. */
	assert_string_equal(df_file_lookup(f, 1, 13, "E1"), "g-cli");
	assert_string_equal(df_file_lookup(f, 1, 13, "E2"), "g-cli+");
	assert_string_equal(df_file_lookup(f, 1, 13, "GLOBAL"), "env");
	assert_null(df_file_lookup(f, 1, 13, "LOCAL"));
	assert_null(df_file_lookup(f, 2, 15, "E1"));
	/* Out of range stages are empty. */
	assert_null(df_file_lookup(f, 7, 0, "E1"));
	parsed_free(p);
}

static void test_scoping_same_instruction(void **state)
{
	/* Pairs of one ENV see the values from before it (hence DL3044). */
	struct parsed *p = parse("FROM a\nENV A=1\nENV A=2 B=$A\nRUN x\n");
	char *s;
	bool unresolved = true;

	(void)state;
	expect_ok(p);
	assert_string_equal(df_file_lookup(p->f, 0, 3, "B"), "1");
	assert_string_equal(df_file_lookup(p->f, 0, 3, "A"), "2");
	s = df_file_expand(p->f, 0, 3, "${A}-$B", &unresolved);
	assert_string_equal(s, "2-1");
	assert_false(unresolved);
	free(s);
	s = df_file_expand(p->f, 0, 1, "$A", &unresolved);
	assert_true(unresolved);
	free(s);
	parsed_free(p);
	/* A value that depends on the unknown base image environment is unknown. */
	p = parse("FROM a\nENV PATH=/x:$PATH\nRUN x\n");
	assert_null(df_file_lookup(p->f, 0, 2, "PATH"));
	parsed_free(p);
}

static void test_ceiling_env_chain(void **state)
{
	struct vakt_buf b = VAKT_BUF_INIT;
	struct parsed *p;
	size_t last;

	(void)state;
	vakt_buf_adds(&b, "FROM alpine AS s0\nENV X=a\n");
	for (int i = 1; i <= DF_MAX_ENV_CHAIN + 1; i++)
		vakt_buf_addf(&b, "FROM s%d AS s%d\n", i - 1, i);
	vakt_buf_adds(&b, "RUN x\n");
	p = parse(vakt_buf_str(&b));
	expect_ok(p);
	last = p->f->n_instrs;
	/* Inherited over DF_MAX_ENV_CHAIN FROM <stage> steps... */
	assert_string_equal(df_file_lookup(p->f, DF_MAX_ENV_CHAIN, last, "X"), "a");
	/* ...and unknown beyond. */
	assert_null(df_file_lookup(p->f, DF_MAX_ENV_CHAIN + 1, last, "X"));
	parsed_free(p);
	vakt_buf_release(&b);
}

static void test_copy_from_variable(void **state)
{
	struct parsed *p = parse("ARG SRC=builder\n"
	                         "FROM alpine AS builder\n"
	                         "FROM scratch\n"
	                         "ARG SRC\n"
	                         "COPY --from=$SRC /a /a\n");

	(void)state;
	expect_ok(p);
	assert_int_equal(p->f->stages[1].n_copies_from, 1);
	assert_int_equal(p->f->stages[1].copies_from[0], 0);
	assert_true(p->f->stages[0].reachable);
	parsed_free(p);
}

/* --- positions ------------------------------------------------------------ */

static void test_positions(void **state)
{
	struct parsed *p = parse("FROM alpine\n"
	                         "RUN --network=none set -e; \\\n"
	                         "\tapk add --no-cache \\\n"
	                         "\t  curl   \n"
	                         "  COPY  a    b\n");
	const struct df_instr *in;

	(void)state;
	expect_ok(p);
	in = instr(p, 1);
	expect_span(in->span, 2, 1, 4, 7);
	expect_span(in->flags[0].span, 2, 5, 2, 18);
	expect_pos(&in->text, 0, 2, 20);
	assert_string_equal(in->text.s, "set -e; \tapk add --no-cache \t  curl");
	expect_word(&in->args[1], "-e;", "-e;", 2, 24);
	expect_word(&in->args[2], "apk", "apk", 3, 2);
	expect_word(&in->args[5], "curl", "curl", 4, 4);
	assert_int_equal(in->sh.n, 2);
	assert_string_equal(in->sh.cmds[1].argv[0].text, "apk");
	expect_span(in->sh.cmds[1].argv[0].span, 3, 2, 3, 4);
	expect_span(in->sh.cmds[1].argv[3].span, 4, 4, 4, 7);
	in = instr(p, 2);
	expect_span(in->span, 5, 3, 5, 14);
	expect_word(&in->args[0], "a", "a", 5, 9);
	expect_word(&in->args[1], "b", "b", 5, 14);
	parsed_free(p);
}

/* --- ceilings ------------------------------------------------------------- */

static void test_ceiling_instr_bytes(void **state)
{
	struct vakt_buf b = VAKT_BUF_INIT;
	size_t piece = 512 * 1024, total;
	struct parsed *p;
	char msg[128];
	char *line = vakt_xmalloc(piece + 1);

	(void)state;
	memset(line, 'x', piece);
	line[piece] = '\0';
	vakt_buf_adds(&b, "FROM a\nRUN ");
	for (int i = 0; i < 9; i++) {
		vakt_buf_adds(&b, line);
		vakt_buf_adds(&b, " \\\n");
	}
	vakt_buf_adds(&b, "end\nUSER after\n");
	p = parse(vakt_buf_str(&b));
	total = 9 * (piece + 1) + strlen("RUN end");
	snprintf(msg, sizeof(msg), "instruction too long: %zu bytes (the limit is %u)", total,
	         DF_MAX_INSTR_BYTES);
	expect_error(p, 2, 1, msg);
	/* The instruction is dropped; parsing goes on after it. */
	assert_int_equal(p->f->n_instrs, 2);
	assert_int_equal(instr(p, 1)->kind, DF_USER);
	parsed_free(p);
	/* Heredoc bodies count too. */
	vakt_buf_reset(&b);
	vakt_buf_adds(&b, "FROM a\nCOPY <<EOF /x\n");
	for (int i = 0; i < 9; i++) {
		vakt_buf_adds(&b, line);
		vakt_buf_adds(&b, "\n");
	}
	vakt_buf_adds(&b, "EOF\nUSER after\n");
	p = parse(vakt_buf_str(&b));
	total = strlen("COPY <<EOF /x") + 9 * (piece + 1);
	snprintf(msg, sizeof(msg), "instruction too long: %zu bytes (the limit is %u)", total,
	         DF_MAX_INSTR_BYTES);
	expect_error(p, 2, 1, msg);
	assert_int_equal(p->f->n_instrs, 2);
	assert_int_equal(instr(p, 1)->kind, DF_USER);
	parsed_free(p);
	/* Just under the limit is fine. */
	vakt_buf_reset(&b);
	vakt_buf_adds(&b, "FROM a\nRUN ");
	for (int i = 0; i < 7; i++) {
		vakt_buf_adds(&b, line);
		vakt_buf_adds(&b, " \\\n");
	}
	vakt_buf_adds(&b, "end\n");
	p = parse(vakt_buf_str(&b));
	expect_ok(p);
	parsed_free(p);
	free(line);
	vakt_buf_release(&b);
}

static void test_ceiling_heredocs(void **state)
{
	struct vakt_buf b = VAKT_BUF_INIT;
	struct parsed *p;
	char msg[128];
	int n = DF_MAX_HEREDOCS + 1;

	(void)state;
	vakt_buf_adds(&b, "FROM a\nCOPY");
	for (int i = 0; i < n; i++)
		vakt_buf_addf(&b, " <<H%d", i);
	vakt_buf_adds(&b, " /dest/\n");
	for (int i = 0; i < n; i++)
		vakt_buf_addf(&b, "body %d\nH%d\n", i, i);
	vakt_buf_adds(&b, "USER after\n");
	p = parse(vakt_buf_str(&b));
	snprintf(msg, sizeof(msg), "too many heredocs in one instruction: %d (the limit is %d)", n,
	         DF_MAX_HEREDOCS);
	/* The error points at the first marker beyond the limit. */
	expect_error(p, 2, 6 + 5 * 10 + 6 * (DF_MAX_HEREDOCS - 10), msg);
	assert_int_equal(instr(p, 1)->n_heredocs, DF_MAX_HEREDOCS);
	assert_string_equal(instr(p, 1)->heredocs[DF_MAX_HEREDOCS - 1].body.s, "body 63\n");
	/* All bodies were consumed all the same. */
	assert_int_equal(p->f->n_instrs, 3);
	assert_int_equal(instr(p, 2)->kind, DF_USER);
	parsed_free(p);
	vakt_buf_release(&b);
}

static void test_ceiling_stages(void **state)
{
	struct vakt_buf b = VAKT_BUF_INIT;
	struct parsed *p;
	char msg[128];

	(void)state;
	for (int i = 0; i < DF_MAX_STAGES; i++)
		vakt_buf_adds(&b, "FROM a\n");
	p = parse(vakt_buf_str(&b));
	expect_ok(p);
	assert_int_equal(p->f->n_stages, DF_MAX_STAGES);
	parsed_free(p);
	vakt_buf_adds(&b, "FROM b\nUSER x\n");
	p = parse(vakt_buf_str(&b));
	snprintf(msg, sizeof(msg),
	         "too many stages (the limit is %d); the rest of the file is not read",
	         DF_MAX_STAGES);
	expect_error(p, DF_MAX_STAGES + 1, 1, msg);
	assert_int_equal(p->f->n_stages, DF_MAX_STAGES);
	assert_int_equal(p->f->n_instrs, DF_MAX_STAGES);
	parsed_free(p);
	vakt_buf_release(&b);
}

static void test_ceiling_instructions(void **state)
{
	size_t n = (size_t)DF_MAX_INSTRUCTIONS + 1, len = 4 * n + 7;
	char *text = vakt_xmalloc(len + 1);
	struct parsed *p;
	char msg[128];

	(void)state;
	memcpy(text, "FROM a\n", 7);
	for (size_t i = 0; i < n; i++)
		memcpy(text + 7 + 4 * i, "CMD\n", 4);
	text[len] = '\0';
	p = parse_len(text, len, NULL);
	snprintf(msg, sizeof(msg),
	         "too many instructions (the limit is %d); the rest of the file is not read",
	         DF_MAX_INSTRUCTIONS);
	expect_error(p, DF_MAX_INSTRUCTIONS + 1, 1, msg);
	assert_int_equal(p->f->n_instrs, DF_MAX_INSTRUCTIONS);
	parsed_free(p);
	free(text);
}

/* --- speed ---------------------------------------------------------------- */

/* CPU seconds since a: other work on the machine does not count. */
static double elapsed(struct timespec a)
{
	struct timespec b;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &b);
	return (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
}

static void test_linear_time(void **state)
{
	struct vakt_buf b = VAKT_BUF_INIT;
	struct timespec t0;
	struct parsed *p;
	/*
	 * About 0.2 s in an optimised build; sanitizers make it several times
	 * slower, so the bound is about complexity (quadratic would be minutes).
	 */
	double limit = 5.0;

	(void)state;
	vakt_buf_adds(&b, "FROM alpine AS build\n");
	for (int i = 0; i < 100000 / 4; i++)
		vakt_buf_addf(&b,
		              "# vakt ignore=DF001 -- why\n"
		              "RUN apt-get install -y pkg%d \\\n"
		              "  && rm -rf /var/lib/apt/lists/*\n"
		              "ENV V%d=$V%d\n",
		              i, i, i > 0 ? i - 1 : 0);
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t0);
	p = parse(vakt_buf_str(&b));
	assert_true(elapsed(t0) < limit);
	expect_ok(p);
	assert_int_equal(p->f->n_instrs, 1 + 2 * (100000 / 4));
	parsed_free(p);
	/* A heredoc that never ends, over 100,000 lines. */
	vakt_buf_reset(&b);
	vakt_buf_adds(&b, "FROM a\nRUN <<EOF\n");
	for (int i = 0; i < 100000; i++)
		vakt_buf_adds(&b, "echo line\n");
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t0);
	p = parse(vakt_buf_str(&b));
	assert_true(elapsed(t0) < limit);
	assert_int_equal(p->errs.n, 1);
	assert_int_equal(instr(p, 1)->sh.n, 100000);
	parsed_free(p);
	/* A long FROM <stage> chain where every stage looks variables up. */
	vakt_buf_reset(&b);
	vakt_buf_adds(&b, "FROM alpine AS s0\nENV X0=a\n");
	for (int i = 1; i < DF_MAX_STAGES; i++)
		vakt_buf_addf(&b, "FROM s%d AS s%d\nENV X%d=$X0 Y%d=$NOPE\n", i - 1, i, i, i);
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t0);
	p = parse(vakt_buf_str(&b));
	assert_true(elapsed(t0) < limit);
	expect_ok(p);
	parsed_free(p);
	/* Many stages that each copy from all earlier ones would be quadratic to dedupe naively. */
	vakt_buf_reset(&b);
	for (int i = 0; i < 2000; i++)
		vakt_buf_addf(&b, "FROM a AS s%d\nCOPY --from=s%d / /\n", i, i > 0 ? i - 1 : 0);
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t0);
	p = parse(vakt_buf_str(&b));
	assert_true(elapsed(t0) < limit);
	assert_true(p->f->stages[0].reachable);
	parsed_free(p);
	vakt_buf_release(&b);
}

/* --- pragmas -------------------------------------------------------------- */

static const struct vakt_suppression *sup(const struct parsed *p, size_t i)
{
	assert_true(i < p->f->sup.n);
	return &p->f->sup.v[i];
}

static void expect_sup(const struct vakt_suppression *s, const char *origin, int line, int first,
                       int last, const char *rules, const char *reason)
{
	struct vakt_buf b = VAKT_BUF_INIT;

	for (size_t i = 0; i < s->rules.n; i++) {
		if (i)
			vakt_buf_addc(&b, ',');
		vakt_buf_adds(&b, s->rules.v[i]);
	}
	assert_string_equal(s->origin, origin);
	assert_int_equal(s->line, line);
	assert_int_equal(s->first_line, first);
	assert_int_equal(s->last_line, last);
	assert_string_equal(vakt_buf_str(&b), rules);
	if (reason)
		assert_string_equal(s->reason, reason);
	else
		assert_null(s->reason);
	vakt_buf_release(&b);
}

static void test_pragma_vakt(void **state)
{
	struct parsed *p = parse("FROM alpine\n"
	                         "# vakt ignore=DF001,no-root-user -- base image sets USER\n"
	                         "#   vakt ignore = DF002 , DF003\n"
	                         "# unrelated comment\n"
	                         "RUN a \\\n"
	                         "  b\n"
	                         "# vakt ignore=DF004\n"
	                         "\n"
	                         "USER root\n"
	                         "# vakt ignore-file=DF005 -- legacy image\n"
	                         "# vakt ignore=DF006 --\n"
	                         "COPY <<EOF /x\n"
	                         "y\n"
	                         "EOF\n"
	                         "# vakt ignore=DF007\n");

	(void)state;
	expect_ok(p);
	assert_int_equal(p->f->sup.n, 4);
	expect_sup(sup(p, 0), "vakt", 2, 5, 6, "DF001,no-root-user", "base image sets USER");
	expect_sup(sup(p, 1), "vakt", 3, 5, 6, "DF002,DF003", NULL);
	/* DF004: a blank line breaks the link; DF007: nothing below. */
	expect_sup(sup(p, 2), "vakt", 10, 0, 0, "DF005", "legacy image");
	expect_sup(sup(p, 3), "vakt", 11, 12, 14, "DF006", NULL);
	parsed_free(p);
}

static void test_pragma_vakt_in_continuation(void **state)
{
	struct parsed *p = parse("FROM a\nRUN a \\\n  # vakt ignore=DF010\n  && b\n");

	(void)state;
	expect_ok(p);
	assert_int_equal(p->f->sup.n, 1);
	expect_sup(sup(p, 0), "vakt", 3, 2, 4, "DF010", NULL);
	parsed_free(p);
}

static void test_pragma_vakt_errors(void **state)
{
	static const struct {
		const char *text;
		int col;
		const char *msg;
	} cases[] = {
	    {"# vakt ignore\n", 14,
	     "malformed vakt pragma: expected '=' and rule ids after 'ignore', as in '# vakt "
	     "ignore=ID[,ID] [-- reason]'"},
	    {"# vakt ignore=\n", 15,
	     "malformed vakt pragma: expected a rule id at '', as in '# vakt ignore=ID[,ID] [-- "
	     "reason]'"},
	    {"# vakt ignore=A,\n", 17,
	     "malformed vakt pragma: expected a rule id at '', as in '# vakt ignore=ID[,ID] [-- "
	     "reason]'"},
	    {"# vakt ignore=A B\n", 17,
	     "malformed vakt pragma: unexpected 'B' after the rule ids: expected ',' or '-- "
	     "reason'"},
	    {"# vakt ignore-file\n", 19,
	     "malformed vakt pragma: expected '=' and rule ids after 'ignore-file', as in '# vakt "
	     "ignore-file=ID[,ID] [-- reason]'"},
	    {"# vakt ignore-all=A\n", 8,
	     "unknown vakt pragma 'ignore-all': expected '# vakt ignore=ID[,ID] [-- reason]' or "
	     "'# vakt ignore-file=ID[,ID] [-- reason]'"},
	    {"  #vakt ignore=--x\n", 16,
	     "malformed vakt pragma: expected a rule id at '--x', as in '# vakt ignore=ID[,ID] "
	     "[-- reason]'"},
	};

	(void)state;
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(cases); i++) {
		struct vakt_buf b = VAKT_BUF_INIT;
		struct parsed *p;

		vakt_buf_addf(&b, "FROM a\n%sRUN x\n", cases[i].text);
		p = parse(vakt_buf_str(&b));
		expect_error(p, 2, cases[i].col, cases[i].msg);
		assert_int_equal(p->f->sup.n, 0);
		parsed_free(p);
		vakt_buf_release(&b);
	}
	/* Prose that mentions vakt is just a comment. */
	{
		struct parsed *p = parse("# vakt is great\n# vakt\nFROM a\n");

		expect_ok(p);
		assert_int_equal(p->f->sup.n, 0);
		parsed_free(p);
	}
}

static void test_pragma_hadolint(void **state)
{
	struct parsed *p = parse("# hadolint global ignore=DL3006\n"
	                         "FROM alpine AS a\n"
	                         "# hadolint ignore=DL3008, DL3015 # pinned elsewhere\n"
	                         "RUN apt-get install -y x\n"
	                         "# hadolint stage ignore=DL3059\n"
	                         "RUN a\n"
	                         "RUN b\n"
	                         "FROM scratch\n"
	                         "# hadolint stage ignore=DL3002\n"
	                         "USER root\n"
	                         "# hadolint ignore=DL3000 why not\n"
	                         "WORKDIR x\n"
	                         "# hadolint shell=powershell\n"
	                         "# hadolint ignore=DL-30\n"
	                         "CMD x\n");

	(void)state;
	/* The two dropped pragmas are warnings, not errors: the parse succeeds. */
	assert_int_equal(p->r, 0);
	assert_int_equal(p->errs.n, 2);
	assert_int_equal(p->errs.v[0]->code, VAKT_WARNING_CODE);
	assert_int_equal(p->errs.v[0]->line, 11);
	assert_non_null(strstr(p->errs.v[0]->msg, "'why' follows the codes"));
	assert_int_equal(p->errs.v[1]->code, VAKT_WARNING_CODE);
	assert_int_equal(p->errs.v[1]->line, 14);
	assert_int_equal(p->errs.v[1]->column, 19);
	assert_non_null(strstr(p->errs.v[1]->msg, "'DL-30' is not a hadolint code"));
	assert_int_equal(p->f->sup.n, 4);
	expect_sup(sup(p, 0), "hadolint", 1, 0, 0, "DL3006", NULL);
	expect_sup(sup(p, 1), "hadolint", 3, 4, 4, "DL3008,DL3015", NULL);
	expect_sup(sup(p, 2), "hadolint", 5, 5, 7, "DL3059", NULL);
	expect_sup(sup(p, 3), "hadolint", 9, 9, 15, "DL3002", NULL);
	parsed_free(p);
}

/* Issue 10: above a FROM, a stage pragma covers that stage; invalid codes drop the whole list. */
static void test_pragma_hadolint_stage_invalid(void **state)
{
	struct parsed *p = parse("FROM a AS build\n"
	                         "RUN x\n"
	                         "# hadolint stage ignore=DL3002\n"
	                         "FROM b\n"
	                         "USER root\n"
	                         "FROM c\n"
	                         "# hadolint ignore=DL9999,DL3008\n"
	                         "RUN y\n"
	                         "# hadolint ignore=DL3008,dl3009\n"
	                         "RUN z\n"
	                         "# hadolint ignore=SC2086 ,DL3008 # fine\n"
	                         "RUN w\n");

	(void)state;
	assert_int_equal(p->r, 0);
	assert_int_equal(p->errs.n, 2);
	assert_int_equal(p->errs.v[0]->line, 7);
	assert_int_equal(p->errs.v[1]->line, 9);
	assert_int_equal(p->f->sup.n, 2);
	expect_sup(sup(p, 0), "hadolint", 3, 4, 5, "DL3002", NULL);
	expect_sup(sup(p, 1), "hadolint", 11, 12, 12, "SC2086,DL3008", NULL);
	parsed_free(p);
}

static void test_pragma_trivy_checkov(void **state)
{
	struct parsed *p = parse("# checkov:skip=CKV_DOCKER_2,CKV_DOCKER_3:no healthcheck needed\n"
	                         "FROM alpine\n"
	                         "# trivy:ignore:AVD-DS-0002\n"
	                         "# trivy:ignore:AVD-DS-0026[exp:2030-01-01] trivy:ignore:DS-0001\n"
	                         "USER root\n"
	                         "# checkov:skip=CKV_DOCKER_8\n");

	(void)state;
	expect_ok(p);
	assert_int_equal(p->f->sup.n, 5);
	expect_sup(sup(p, 0), "checkov", 1, 0, 0, "CKV_DOCKER_2,CKV_DOCKER_3",
	           "no healthcheck needed");
	expect_sup(sup(p, 1), "trivy", 3, 5, 5, "AVD-DS-0002", NULL);
	expect_sup(sup(p, 2), "trivy", 4, 5, 5, "AVD-DS-0026", NULL);
	expect_sup(sup(p, 3), "trivy", 4, 5, 5, "DS-0001", NULL);
	expect_sup(sup(p, 4), "checkov", 6, 0, 0, "CKV_DOCKER_8", NULL);
	parsed_free(p);
}

static void test_pragma_buildkit_check(void **state)
{
	struct parsed *p = parse("# check=skip=JSONArgsRecommended, StageNameCasing;error=true\n"
	                         "FROM a\n");

	(void)state;
	expect_ok(p);
	assert_int_equal(p->f->sup.n, 1);
	expect_sup(sup(p, 0), "buildkit", 1, 0, 0, "JSONArgsRecommended,StageNameCasing", NULL);
	parsed_free(p);
	p = parse("# check=error=true;skip=ALL\nFROM a\n# check=skip=Other\n");
	assert_int_equal(p->f->sup.n, 1);
	expect_sup(sup(p, 0), "buildkit", 1, 0, 0, "all", NULL);
	parsed_free(p);
}

/* --- hostile input -------------------------------------------------------- */

static void test_hostile_bytes(void **state)
{
	static const char nul[] = "FROM a\0b\nRUN \0\nCOPY <<\0 /x\n\0\n";
	static const char *const texts[] = {
	    "\\",       "`",         "#",          "<<",
	    "RUN <<",   "RUN <<-",   "RUN 0<<A",   "[",
	    "CMD [",    "CMD [\"",   "CMD [\"\\u", "CMD [\"\\ud800\\u",
	    "FROM --",  "--",        "ONBUILD",    "ONBUILD ONBUILD",
	    "ENV =",    "ENV a=\"",  "ARG '",      "\r",
	    "\r\n\r\n", "COPY <<'A", "LABEL \\",   "# escape=`\n`",
	};

	(void)state;
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(texts); i++) {
		struct parsed *p = parse(texts[i]);

		parsed_free(p);
	}
	parsed_free(parse_len(nul, sizeof(nul) - 1, NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_directives),
	    cmocka_unit_test(test_directives_end),
	    cmocka_unit_test(test_directive_errors),
	    cmocka_unit_test(test_escape_backtick),
	    cmocka_unit_test(test_continuations),
	    cmocka_unit_test(test_continuation_join),
	    cmocka_unit_test(test_crlf),
	    cmocka_unit_test(test_bom),
	    cmocka_unit_test(test_empty_and_comments),
	    cmocka_unit_test(test_heredoc_run),
	    cmocka_unit_test(test_heredoc_strip_tabs),
	    cmocka_unit_test(test_heredoc_quoted),
	    cmocka_unit_test(test_heredoc_several),
	    cmocka_unit_test(test_heredoc_script_detection),
	    cmocka_unit_test(test_heredoc_only_run_copy_add),
	    cmocka_unit_test(test_heredoc_after_continuation),
	    cmocka_unit_test(test_heredoc_unterminated),
	    cmocka_unit_test(test_heredoc_onbuild),
	    cmocka_unit_test(test_exec_form),
	    cmocka_unit_test(test_exec_form_fallback),
	    cmocka_unit_test(test_exec_form_not_strings),
	    cmocka_unit_test(test_json_depth_ceiling),
	    cmocka_unit_test(test_json_bad_utf8),
	    cmocka_unit_test(test_shell_form_words),
	    cmocka_unit_test(test_exec_form_run_script),
	    cmocka_unit_test(test_flags),
	    cmocka_unit_test(test_flags_end),
	    cmocka_unit_test(test_env),
	    cmocka_unit_test(test_env_errors),
	    cmocka_unit_test(test_label),
	    cmocka_unit_test(test_arg),
	    cmocka_unit_test(test_simple_instructions),
	    cmocka_unit_test(test_kind_names),
	    cmocka_unit_test(test_onbuild),
	    cmocka_unit_test(test_unknown_instruction),
	    cmocka_unit_test(test_missing_arguments),
	    cmocka_unit_test(test_errors_continue),
	    cmocka_unit_test(test_errors_ceiling),
	    cmocka_unit_test(test_ceiling_message_quote),
	    cmocka_unit_test(test_errs_may_be_null),
	    cmocka_unit_test(test_stages),
	    cmocka_unit_test(test_stage_reachable_transitive),
	    cmocka_unit_test(test_stage_name_kept),
	    cmocka_unit_test(test_before_first_from),
	    cmocka_unit_test(test_base_expansion),
	    cmocka_unit_test(test_scoping),
	    cmocka_unit_test(test_scoping_same_instruction),
	    cmocka_unit_test(test_ceiling_env_chain),
	    cmocka_unit_test(test_copy_from_variable),
	    cmocka_unit_test(test_positions),
	    cmocka_unit_test(test_ceiling_instr_bytes),
	    cmocka_unit_test(test_ceiling_heredocs),
	    cmocka_unit_test(test_ceiling_stages),
	    cmocka_unit_test(test_ceiling_instructions),
	    cmocka_unit_test(test_linear_time),
	    cmocka_unit_test(test_pragma_vakt),
	    cmocka_unit_test(test_pragma_vakt_in_continuation),
	    cmocka_unit_test(test_pragma_vakt_errors),
	    cmocka_unit_test(test_pragma_hadolint),
	    cmocka_unit_test(test_pragma_hadolint_stage_invalid),
	    cmocka_unit_test(test_pragma_trivy_checkov),
	    cmocka_unit_test(test_pragma_buildkit_check),
	    cmocka_unit_test(test_hostile_bytes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
