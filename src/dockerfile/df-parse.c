/* SPDX-License-Identifier: MIT */
/*
 * The Dockerfile parser's driver: reads physical lines, takes the parser
 * directives at the top, joins continued lines (skipping comment and blank
 * lines inside them, as BuildKit does), reads heredoc bodies, enforces the
 * ceilings, then builds the stage graph and the pragmas. Every error is
 * recorded and parsing goes on with the next instruction.
 */
#include <errno.h>

#include "df-parse-priv.h"

void df_parser_error(struct df_parser *p, int line, int col, const char *fmt, ...)
{
	struct vakt_error *e = NULL;
	va_list ap;
	char *msg;

	if (p->n_errors++ >= DF_MAX_ERRORS) {
		p->n_dropped++;
		return;
	}
	if (!p->errs)
		return;
	va_start(ap, fmt);
	msg = vakt_xvasprintf(fmt, ap);
	va_end(ap);
	vakt_error_set_at(&e, -EINVAL, p->src->path, line, col, "%s", msg);
	free(msg);
	vakt_error_list_add(p->errs, e);
}

void df_parser_warning(struct df_parser *p, int line, int col, const char *fmt, ...)
{
	struct vakt_error *e = NULL;
	va_list ap;
	char *msg;

	if (!p->errs || p->n_warnings >= DF_MAX_ERRORS)
		return;
	p->n_warnings++;
	va_start(ap, fmt);
	msg = vakt_xvasprintf(fmt, ap);
	va_end(ap);
	vakt_error_set_at(&e, VAKT_WARNING_CODE, p->src->path, line, col, "%s", msg);
	free(msg);
	vakt_error_list_add(p->errs, e);
}

/* A comment line: kept when it may be a pragma. */
static void parse_comment(struct df_parser *p, const struct df_line *l, size_t hash)
{
	struct df_comment *c;
	const char *text = l->p + hash + 1;
	size_t len = l->len - hash - 1;

	if (!df_pragma_candidate(text, len))
		return;
	p->comments =
	    vakt_grow(p->comments, sizeof(*p->comments), p->n_comments + 1, &p->cap_comments);
	c = &p->comments[p->n_comments++];
	c->line = l->no;
	c->col = (int)hash + 2;
	c->text = text;
	c->len = len;
	c->target = -1;
}

/* A parser directive line; false when the line is not one. */
static bool parse_directive(struct df_parser *p, const struct df_line *l)
{
	struct df_file *f = p->f;
	const char *name, *value;
	size_t nlen, vlen;
	char lower[8];
	struct df_directive *d;

	if (!df_lex_directive(l, &name, &nlen, &value, &vlen))
		return false;
	for (size_t i = 0; i < nlen; i++)
		lower[i] = name[i] >= 'A' && name[i] <= 'Z' ? (char)(name[i] - 'A' + 'a') : name[i];
	lower[nlen] = '\0';
	for (size_t i = 0; i < f->n_directives; i++) {
		if (!strcmp(f->directives[i].name, lower)) {
			df_parser_error(
			    p, l->no, (int)(name - l->p) + 1,
			    "duplicate parser directive '%s': only one may be used (the "
			    "first, at line %d, is kept)",
			    lower, f->directives[i].line);
			return true;
		}
	}
	if (!f->directives) /* syntax, escape and check: at most three */
		f->directives = df_arena_zalloc(&p->fp->arena, 3 * sizeof(*f->directives));
	d = &f->directives[f->n_directives++];
	d->name = df_arena_strndup(&p->fp->arena, lower, nlen);
	d->value = df_arena_strndup(&p->fp->arena, value, vlen);
	d->line = l->no;
	if (!strcmp(lower, "escape")) {
		if (vlen == 1 && (value[0] == '\\' || value[0] == '`'))
			p->escape = f->escape = value[0];
		else
			df_parser_error(p, l->no, (int)(value - l->p) + 1,
			                "invalid escape character '%.*s%s': expected '\\' or '`'",
			                df_msg_len(vlen), value, df_msg_more(vlen));
	} else if (!strcmp(lower, "check")) {
		df_pragma_check_directive(p, d->value, l->no);
	}
	return true;
}

/* The instruction that owns heredocs: ONBUILD's trigger, or the instruction. */
static struct df_instr *heredoc_owner(struct df_instr *in)
{
	while (in->kind == DF_ONBUILD && in->onbuild)
		in = in->onbuild;
	if ((in->kind != DF_RUN && in->kind != DF_COPY && in->kind != DF_ADD) || in->exec_form)
		return NULL;
	return in;
}

/* Where reading heredoc bodies ended, for the instruction's span. */
struct heredoc_end {
	int line, col;
	bool eof; /* an unterminated body took the rest of the file */
};

static void read_heredoc(struct df_parser *p, struct df_lexer *lx, const struct df_instr *owner,
                         const struct df_marker *m, struct df_heredoc *hd, size_t *total,
                         struct heredoc_end *end)
{
	struct df_tbuf *tb = &p->tmp;
	size_t dlen = strlen(m->delim);
	int first = 0, ml, mc;
	bool terminated = false;
	struct df_line b;

	df_tbuf_reset(tb);
	while (!end->eof && df_lex_next(lx, &b)) {
		size_t tabs = 0;

		if (m->strip_tabs)
			while (tabs < b.len && b.p[tabs] == '\t')
				tabs++;
		end->line = b.no;
		end->col = b.len ? (int)b.len : 1;
		if (b.len - tabs == dlen && !memcmp(b.p + tabs, m->delim, dlen)) {
			terminated = true;
			break;
		}
		if (!first)
			first = b.no;
		*total += b.len + 1;
		if (hd && *total <= DF_MAX_INSTR_BYTES) {
			df_tbuf_add(tb, b.p + tabs, b.len - tabs, b.no, (int)tabs + 1);
			if (b.has_nl)
				df_tbuf_add(tb, "\n", 1, b.no, (int)b.len + 1);
		}
	}
	if (!terminated && !end->eof) {
		end->eof = true;
		shell_text_pos(&owner->text, m->off, &ml, &mc);
		if (!end->line)
			end->line = ml; /* the marker was on the last line */
		df_parser_error(p, end->line, 1,
		                "unterminated heredoc '%.*s%s' started at %d:%d: expected a line "
		                "'%.*s%s' before the end of the file",
		                df_msg_len(dlen), m->delim, df_msg_more(dlen), ml, mc,
		                df_msg_len(dlen), m->delim, df_msg_more(dlen));
	}
	if (!hd)
		return;
	hd->delim = m->delim;
	hd->strip_tabs = m->strip_tabs;
	hd->quoted = m->quoted;
	if (*total <= DF_MAX_INSTR_BYTES) {
		struct shell_text view = df_tbuf_view(tb);

		df_text_copy_range(&p->fp->arena, &view, 0, view.len, &hd->body);
	} else {
		hd->body.s = df_arena_strndup(&p->fp->arena, "", 0);
	}
	hd->span.line = first ? first : end->line;
	hd->span.column = 1;
	hd->span.end_line = end->line;
	hd->span.end_column = end->col;
}

/*
 * Read the bodies of the n markers found in owner's text from the lines
 * that follow; the first DF_MAX_HEREDOCS are kept. Extends the spans of the
 * instruction (and of ONBUILD's trigger) over them.
 */
static void read_heredocs(struct df_parser *p, struct df_lexer *lx, struct df_instr *top,
                          struct df_instr *owner, size_t n, size_t *total)
{
	size_t keep = n > DF_MAX_HEREDOCS ? DF_MAX_HEREDOCS : n;
	struct heredoc_end end = {0, 0, false};

	if (n > DF_MAX_HEREDOCS) {
		int line, col;

		shell_text_pos(&owner->text, p->markers[DF_MAX_HEREDOCS].off, &line, &col);
		df_parser_error(p, line, col,
		                "too many heredocs in one instruction: %zu (the limit is %d)", n,
		                DF_MAX_HEREDOCS);
	}
	owner->heredocs = df_arena_zalloc(&p->fp->arena, keep * sizeof(*owner->heredocs));
	owner->n_heredocs = keep;
	for (size_t i = 0; i < n; i++)
		read_heredoc(p, lx, owner, &p->markers[i], i < keep ? &owner->heredocs[i] : NULL,
		             total, &end);
	if (!end.line)
		return;
	for (struct df_instr *in = top; in; in = in->onbuild) {
		in->span.end_line = end.line;
		in->span.end_column = end.col;
	}
}

/* Join the continued lines of the instruction starting at l into p->line. */
static void read_logical(struct df_parser *p, struct df_lexer *lx, const struct df_line *l,
                         size_t off)
{
	struct df_line c;
	size_t n = l->len - off;
	bool cont = df_lex_continues(l->p + off, &n, p->escape);

	df_tbuf_reset(&p->line);
	df_tbuf_add(&p->line, l->p + off, n, l->no, (int)off + 1);
	while (cont && df_lex_next(lx, &c)) {
		size_t o = df_lex_skip_space(c.p, c.len);

		if (o < c.len && c.p[o] == '#') {
			parse_comment(p, &c, o);
			continue;
		}
		if (o == c.len)
			continue; /* an empty continuation line, skipped like BuildKit */
		n = c.len;
		cont = df_lex_continues(c.p, &n, p->escape);
		df_tbuf_add(&p->line, c.p, n, c.no, 1);
	}
}

static void instr_release(struct df_instr *in)
{
	for (; in; in = in->onbuild) {
		df_pkg_cmds_free(in->pkgs, in->n_pkgs);
		shell_script_release(&in->sh);
	}
}

/*
 * One instruction from its first line l. `pending` comments above it (the
 * last ones recorded) point at it once it is kept. Returns false when a
 * file-level ceiling stops the parse.
 */
static bool parse_instruction(struct df_parser *p, struct df_lexer *lx, const struct df_line *l,
                              size_t off, size_t *pending)
{
	struct df_file *f = p->f;
	size_t first_comment = p->n_comments - *pending, n_m = 0, total;
	struct df_instr in = {0}, *owner;
	struct shell_text view;

	*pending = 0;
	read_logical(p, lx, l, off);
	view = df_tbuf_view(&p->line);
	if (!df_instr_parse(p, &view, 0, &in))
		return true; /* only a continuation character */
	total = view.len;
	owner = heredoc_owner(&in);
	if (owner)
		n_m = df_instr_markers(p, owner, &p->markers, &p->cap_markers);
	if (n_m)
		read_heredocs(p, lx, &in, owner, n_m, &total);
	if (total > DF_MAX_INSTR_BYTES) {
		df_parser_error(p, in.span.line, in.span.column,
		                "instruction too long: %zu bytes (the limit is %u)", total,
		                DF_MAX_INSTR_BYTES);
		return true;
	}
	for (struct df_instr *x = &in; x; x = x->onbuild)
		df_run_build_sh(p, x, x == owner ? p->markers : NULL, x == owner ? n_m : 0);
	if (in.kind == DF_FROM && ++p->n_from > DF_MAX_STAGES) {
		df_parser_error(
		    p, in.span.line, in.span.column,
		    "too many stages (the limit is %d); the rest of the file is not read",
		    DF_MAX_STAGES);
		instr_release(&in);
		return false;
	}
	if (f->n_instrs >= DF_MAX_INSTRUCTIONS) {
		df_parser_error(
		    p, in.span.line, in.span.column,
		    "too many instructions (the limit is %d); the rest of the file is not "
		    "read",
		    DF_MAX_INSTRUCTIONS);
		instr_release(&in);
		return false;
	}
	f->instrs = vakt_grow(f->instrs, sizeof(*f->instrs), f->n_instrs + 1, &p->fp->cap_instrs);
	f->instrs[f->n_instrs] = in;
	for (size_t i = first_comment; i < p->n_comments; i++)
		p->comments[i].target = (long)f->n_instrs;
	f->n_instrs++;
	return true;
}

static void parse_lines(struct df_parser *p)
{
	struct df_lexer lx;
	struct df_line l;
	bool directives = true;
	size_t pending = 0;

	df_lex_init(&lx, p->src->data, p->src->len);
	while (df_lex_next(&lx, &l)) {
		size_t off = df_lex_skip_space(l.p, l.len), before;

		if (directives) {
			if (parse_directive(p, &l))
				continue;
			directives = false;
		}
		if (off == l.len) {
			pending = 0; /* a blank line unlinks the comments above it */
			continue;
		}
		if (l.p[off] == '#') {
			before = p->n_comments;
			parse_comment(p, &l, off);
			pending += p->n_comments - before;
			continue;
		}
		if (!parse_instruction(p, &lx, &l, off, &pending))
			break;
	}
	p->last_line = lx.next_no - 1;
}

static void parser_release(struct df_parser *p)
{
	for (size_t d = 0; d < VAKT_ARRAY_SIZE(p->scratch); d++) {
		free(p->scratch[d].words);
		free(p->scratch[d].wpos);
		free(p->scratch[d].elems);
		free(p->scratch[d].flags);
		free(p->scratch[d].kvs);
	}
	df_tbuf_release(&p->line);
	df_tbuf_release(&p->tmp);
	free(p->comments);
	free(p->markers);
}

int df_parse(const struct vakt_source *src, const struct vakt_strv *build_args,
             struct df_file **out, struct vakt_error_list *errs)
{
	struct df_file_priv *fp = vakt_xcalloc(1, sizeof(*fp));
	struct df_parser p;

	memset(&p, 0, sizeof(p));
	p.src = src;
	p.fp = fp;
	p.f = &fp->pub;
	p.errs = errs;
	p.escape = '\\';
	p.build_args = build_args;
	p.f->src = src;
	p.f->escape = '\\';
	p.f->final_stage = -1;
	fp->empty_image.raw = fp->empty_image.value = df_arena_strndup(&fp->arena, "", 0);
	parse_lines(&p);
	df_stage_build(&p);
	df_pragma_collect(&p);
	if (p.n_dropped && errs) {
		struct vakt_error *e = NULL;

		vakt_error_set_at(&e, -EINVAL, src->path, 0, 0,
		                  "too many errors: %zu more not shown (the limit is %d per file)",
		                  p.n_dropped, DF_MAX_ERRORS);
		vakt_error_list_add(errs, e);
	}
	parser_release(&p);
	*out = p.f;
	return p.n_errors ? -EINVAL : 0;
}
