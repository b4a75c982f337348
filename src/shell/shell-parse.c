/* SPDX-License-Identifier: MIT */
/*
 * The shell tokenizer's command assembly: it takes the lexer's tokens
 * (shell-lex.c) and builds simple commands from them. It is not an
 * interpreter: control structures are only recognised well enough to drop
 * their reserved words, so that the commands inside them are seen as
 * commands.
 *
 * Nested scripts (sh -c bodies, $(...) and `...`) are parsed by a child
 * "level" over either a slice of the parent's text ($(...), `...`) or a
 * quote-removed copy (sh -c); every level maps its offsets back to the root
 * text, so positions always point into the source file.
 *
 * Nothing here recurses on input structure except levels, which are bounded
 * by SHELL_MAX_DEPTH.
 */
#include <errno.h>
#include <limits.h>

#include "shell-priv.h"

/* Lines of a plain string whose segment table lives on the stack. */
#define LOCAL_SEGS 16

static void level_run(struct shell_level *L);

void shell_ctx_fail(struct shell_ctx *ctx, int code)
{
	/* A ceiling is the more useful report: it says output was dropped. */
	if (!ctx->rc || code == -E2BIG)
		ctx->rc = code;
}

/* --- positions ------------------------------------------------------------ */

size_t shell_map_root(const struct shell_map *m, size_t off)
{
	size_t o = off + m->shift, lo = 0, hi;

	if (!m->runs || !m->n_runs)
		return o;
	hi = m->n_runs;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (m->runs[mid].off <= o)
			lo = mid;
		else
			hi = mid;
	}
	return m->runs[lo].root + (o - m->runs[lo].off);
}

static bool seg_holds(const struct shell_text *t, size_t k, size_t off)
{
	return k < t->n_segs && t->segs[k].off <= off &&
	       (k + 1 == t->n_segs || t->segs[k + 1].off > off);
}

/*
 * Line and column of root offset off, as shell_text_pos() gives them; words come
 * mostly in order, so the segment of the last lookup (or the next one) is
 * tried before a binary search.
 */
static void ctx_pos(struct shell_ctx *ctx, size_t off, int *line, int *col)
{
	const struct shell_text *t = ctx->t;
	size_t k = ctx->seg_hint;

	if (!t->n_segs) {
		*line = *col = 0;
		return;
	}
	if (!seg_holds(t, k, off)) {
		if (seg_holds(t, k + 1, off)) {
			k++;
		} else {
			size_t lo = 0, hi = t->n_segs;

			while (hi - lo > 1) {
				size_t mid = lo + (hi - lo) / 2;

				if (t->segs[mid].off <= off)
					lo = mid;
				else
					hi = mid;
			}
			k = lo;
		}
		ctx->seg_hint = k;
	}
	*line = t->segs[k].line;
	*col = t->segs[k].col + (int)(off - t->segs[k].off);
}

/* Span of local bytes [start, end) (end > start). */
static struct vakt_span level_span(const struct shell_level *L, size_t start, size_t end)
{
	struct vakt_span sp;
	size_t a = shell_map_root(&L->map, start);
	size_t b = shell_map_root(&L->map, end > start ? end - 1 : start);

	ctx_pos(L->ctx, a, &sp.line, &sp.column);
	ctx_pos(L->ctx, b, &sp.end_line, &sp.end_column);
	return sp;
}

/* --- assembling commands ----------------------------------------------------- */

/* The word token tk (text in ctx->wbuf) as a shell_word whose text the caller owns. */
static struct shell_word level_word(struct shell_level *L, const struct shell_tok *tk)
{
	struct shell_word w;
	const struct vakt_buf *b = &L->ctx->wbuf;

	w.text = vakt_xstrndup(vakt_buf_str(b), b->len);
	w.span = level_span(L, tk->start, tk->end);
	w.quoted = tk->quoted;
	w.has_expansion = tk->has_exp;
	return w;
}

static void word_release(struct shell_word *w)
{
	free(w->text);
	w->text = NULL;
}

static void cmd_release(struct shell_cmd *c)
{
	for (size_t i = 0; i < c->argc; i++)
		word_release(&c->argv[i]);
	for (size_t i = 0; i < c->n_assigns; i++)
		word_release(&c->assigns[i]);
	for (size_t i = 0; i < c->n_redirs; i++) {
		free(c->redirs[i].op);
		word_release(&c->redirs[i].target);
	}
	free(c->argv);
	free(c->assigns);
	free(c->redirs);
}

static void level_discard_cmd(struct shell_level *L)
{
	for (size_t i = 0; i < L->argc; i++)
		word_release(&L->argv[i]);
	for (size_t i = 0; i < L->n_assigns; i++)
		word_release(&L->assigns[i]);
	for (size_t i = 0; i < L->n_redirs; i++) {
		free(L->redirs[i].op);
		word_release(&L->redirs[i].target);
	}
	L->argc = L->n_assigns = L->n_redirs = 0;
	L->cmd_open = false;
}

static void level_open_cmd(struct shell_level *L, size_t start)
{
	if (!L->cmd_open) {
		L->cmd_open = true;
		L->cmd_start = start;
		L->after_close = false;
	}
}

/*
 * The first n elements of a scratch array as a new array the caller owns
 * (NULL when n == 0). Small ones are copied so the scratch is reused; a big
 * one is handed over (*taken set: the scratch is the result) to avoid
 * copying it.
 */
static void *take_array(void *scratch, size_t n, size_t elem, bool *taken)
{
	void *p;

	*taken = n > 32;
	if (!n)
		return NULL;
	if (*taken)
		return vakt_xrealloc(scratch, n * elem);
	p = vakt_xmalloc(n * elem);
	memcpy(p, scratch, n * elem);
	return p;
}

/* Parse text (borrowed, alive for the call) with a child level at depth + 1. */
static void level_child(struct shell_level *L, const char *s, size_t len, struct shell_map map)
{
	struct shell_level C;

	if (L->ctx->full)
		return;
	if (L->depth + 1 > SHELL_MAX_DEPTH) {
		shell_ctx_fail(L->ctx, -E2BIG);
		return;
	}
	memset(&C, 0, sizeof(C));
	C.ctx = L->ctx;
	C.s = s;
	C.len = len;
	C.map = map;
	C.depth = L->depth + 1;
	level_run(&C);
}

/* The command just emitted runs `sh -c SCRIPT`: tokenize SCRIPT too. */
static void level_follow_shell(struct shell_level *L, size_t idx)
{
	size_t j = shell_cmd_script_index(&L->ctx->out->cmds[idx]);
	struct shell_runs runs = {NULL, 0, 0};
	struct shell_tok tk;
	struct shell_range r;
	size_t k = 0, save = L->pos, blen;
	char *body;

	if (j == SIZE_MAX)
		return;
	if (L->depth + 1 > SHELL_MAX_DEPTH) {
		shell_ctx_fail(L->ctx, -E2BIG);
		return;
	}
	r = L->arg_src[j];
	/* Substitutions inside the script are found (and placed) by the child. */
	for (size_t i = 0; i < L->n_subst; i++)
		if (L->subst[i].start < r.start || L->subst[i].end > r.end)
			L->subst[k++] = L->subst[i];
	L->n_subst = k;

	/* Lex the word again, recording where each byte of its text comes from. */
	L->pos = r.start;
	L->rec = &runs;
	shell_lex_word(L, &tk);
	L->rec = NULL;
	L->pos = save;
	blen = L->ctx->wbuf.len;
	body = vakt_buf_detach(&L->ctx->wbuf);
	level_child(L, body, blen, (struct shell_map){runs.v, runs.n, 0});
	free(body);
	free(runs.v);
}

static void level_flush_subst(struct shell_level *L)
{
	size_t n = L->n_subst;

	L->n_subst = 0;
	for (size_t i = 0; i < n; i++) {
		const struct shell_range *r = &L->subst[i];
		struct shell_map m = L->map;

		m.shift += r->start;
		level_child(L, L->s + r->start, r->end - r->start, m);
	}
}

/* End the command being assembled with separator sep. */
static void level_finish(struct shell_level *L, enum shell_sep sep)
{
	struct shell_script *out = L->ctx->out;
	struct shell_cmd *c;
	size_t idx;
	bool taken;

	L->after_close = false;
	if (!L->cmd_open) {
		if (L->can_override && L->have_last) {
			out->cmds[L->last_cmd].sep = sep;
			L->prev_pipe = sep == SHELL_SEP_PIPE;
			L->can_override = false;
		}
		return;
	}
	if (out->n >= SHELL_MAX_COMMANDS) {
		shell_ctx_fail(L->ctx, -E2BIG);
		L->ctx->full = true;
		level_discard_cmd(L);
		return;
	}
	out->cmds = vakt_grow(out->cmds, sizeof(*out->cmds), out->n + 1, &out->cap);
	idx = out->n++;
	c = &out->cmds[idx];
	c->argv = take_array(L->argv, L->argc, sizeof(*L->argv), &taken);
	if (taken) {
		L->argv = NULL;
		L->cap_argv = 0;
	}
	c->argc = L->argc;
	c->assigns = take_array(L->assigns, L->n_assigns, sizeof(*L->assigns), &taken);
	if (taken) {
		L->assigns = NULL;
		L->cap_assigns = 0;
	}
	c->n_assigns = L->n_assigns;
	c->redirs = take_array(L->redirs, L->n_redirs, sizeof(*L->redirs), &taken);
	if (taken) {
		L->redirs = NULL;
		L->cap_redirs = 0;
	}
	c->n_redirs = L->n_redirs;
	c->sep = sep;
	c->piped_in = L->prev_pipe;
	c->depth = L->depth;
	c->subshell = (int)L->paren_depth;
	c->span = level_span(L, L->cmd_start, L->cmd_end);
	c->prog = shell_cmd_find_prog(c);
	L->argc = L->n_assigns = L->n_redirs = 0;
	L->cmd_open = false;
	L->dbracket = false;
	L->prev_pipe = sep == SHELL_SEP_PIPE;
	L->can_override = false;
	L->have_last = true;
	L->last_cmd = idx;
	level_follow_shell(L, idx);
}

/* ) } fi done esac: the next operator separates the compound. */
static void level_close(struct shell_level *L)
{
	level_finish(L, SHELL_SEP_END);
	L->can_override = L->have_last;
	L->after_close = true;
}

enum kw_kind {
	KW_NONE,
	KW_OPEN,  /* if then elif else while until do ! { */
	KW_CLOSE, /* fi done } */
	KW_ESAC,
	KW_FOR, /* for select */
	KW_CASE,
	KW_FUNCTION,
};

static enum kw_kind keyword(const char *w)
{
	/* Most first words are not reserved: reject them on the first byte. */
	switch (w[0]) {
	case '!':
	case '{':
		return w[1] ? KW_NONE : KW_OPEN;
	case '}':
		return w[1] ? KW_NONE : KW_CLOSE;
	case 'c':
		return !strcmp(w, "case") ? KW_CASE : KW_NONE;
	case 'd':
		if (!strcmp(w, "do"))
			return KW_OPEN;
		return !strcmp(w, "done") ? KW_CLOSE : KW_NONE;
	case 'e':
		if (!strcmp(w, "else") || !strcmp(w, "elif"))
			return KW_OPEN;
		return !strcmp(w, "esac") ? KW_ESAC : KW_NONE;
	case 'f':
		if (!strcmp(w, "fi"))
			return KW_CLOSE;
		if (!strcmp(w, "for"))
			return KW_FOR;
		return !strcmp(w, "function") ? KW_FUNCTION : KW_NONE;
	case 'i':
		return !strcmp(w, "if") ? KW_OPEN : KW_NONE;
	case 's':
		return !strcmp(w, "select") ? KW_FOR : KW_NONE;
	case 't':
		return !strcmp(w, "then") ? KW_OPEN : KW_NONE;
	case 'u':
		return !strcmp(w, "until") ? KW_OPEN : KW_NONE;
	case 'w':
		return !strcmp(w, "while") ? KW_OPEN : KW_NONE;
	default:
		return KW_NONE;
	}
}

static bool tok_is(const struct shell_level *L, const struct shell_tok *tk, const char *w)
{
	return tk->kind == T_WORD && tk->plain && !strcmp(vakt_buf_str(&L->ctx->wbuf), w);
}

static void level_word_tok(struct shell_level *L, const struct shell_tok *tk)
{
	const char *text = vakt_buf_str(&L->ctx->wbuf);

	if (!L->cmd_open && tk->plain) {
		switch (keyword(text)) {
		case KW_OPEN:
			return;
		case KW_ESAC:
			if (L->case_depth)
				L->case_depth--;
			level_close(L);
			return;
		case KW_CLOSE:
			level_close(L);
			return;
		case KW_FOR:
			L->mode = M_FOR_NAME;
			return;
		case KW_CASE:
			L->case_depth++;
			L->mode = M_CASE_SUBJECT;
			return;
		case KW_FUNCTION:
			L->mode = M_FUNC_NAME;
			return;
		case KW_NONE:
			break;
		}
	}
	if (L->dbracket && tk->plain && !strcmp(text, "]]"))
		L->dbracket = false;
	level_open_cmd(L, tk->start);
	L->cmd_end = tk->end;
	if (!L->argc && tk->eq != SIZE_MAX) {
		L->assigns =
		    vakt_grow(L->assigns, sizeof(*L->assigns), L->n_assigns + 1, &L->cap_assigns);
		L->assigns[L->n_assigns++] = level_word(L, tk);
		return;
	}
	L->argv = vakt_grow(L->argv, sizeof(*L->argv), L->argc + 1, &L->cap_argv);
	L->arg_src = vakt_grow(L->arg_src, sizeof(*L->arg_src), L->argc + 1, &L->cap_arg_src);
	L->argv[L->argc] = level_word(L, tk);
	L->arg_src[L->argc].start = tk->start;
	L->arg_src[L->argc].end = tk->end;
	L->argc++;
	if (L->argc == 1 && tk->plain && !strcmp(text, "[["))
		L->dbracket = true;
}

static void level_redir_tok(struct shell_level *L, const struct shell_tok *op)
{
	struct shell_redir r;
	size_t olen = op->op_end - op->start, dlen = op->dup ? op->dup_end - op->dup_start : 0;
	size_t end = op->end;

	r.op = vakt_xmalloc(olen + dlen + 1);
	memcpy(r.op, L->s + op->start, olen);
	if (dlen)
		memcpy(r.op + olen, L->s + op->dup_start, dlen);
	r.op[olen + dlen] = '\0';

	shell_lex_skip_blanks(L, false);
	if (!op->dup && L->pos < L->len &&
	    (!shell_lex_word_ends_at(L, L->s[L->pos]) ||
	     ((L->s[L->pos] == '<' || L->s[L->pos] == '>') && L->pos + 1 < L->len &&
	      L->s[L->pos + 1] == '('))) {
		struct shell_tok tk;

		shell_lex_word(L, &tk);
		r.target = level_word(L, &tk);
		end = tk.end;
		if (op->heredoc) {
			L->hd = vakt_grow(L->hd, sizeof(*L->hd), L->n_hd + 1, &L->cap_hd);
			L->hd[L->n_hd].delim = vakt_xstrdup(r.target.text);
			L->hd[L->n_hd].strip_tabs = op->strip_tabs;
			L->n_hd++;
		}
	} else {
		if (!op->dup)
			shell_lex_fail(L); /* an operator with nothing to redirect to */
		r.target.text = vakt_xstrdup("");
		r.target.span = level_span(L, op->start, op->end);
		r.target.quoted = r.target.has_expansion = false;
	}
	if (!L->cmd_open && L->after_close) {
		/* `done < file`: the redirection belongs to the compound. */
		free(r.op);
		word_release(&r.target);
		return;
	}
	level_open_cmd(L, op->start);
	L->cmd_end = end;
	L->redirs = vakt_grow(L->redirs, sizeof(*L->redirs), L->n_redirs + 1, &L->cap_redirs);
	L->redirs[L->n_redirs++] = r;
}

static bool next_char_is(struct shell_level *L, char c, bool skip)
{
	size_t save = L->pos;
	bool yes;

	if (skip)
		shell_lex_skip_blanks(L, false);
	yes = L->pos < L->len && L->s[L->pos] == c;
	if (yes)
		L->pos++;
	else
		L->pos = save;
	return yes;
}

static void level_lparen(struct shell_level *L)
{
	if (!L->cmd_open) {
		if (L->pos < L->len && L->s[L->pos] == '(') {
			/* (( arithmetic )): nothing to run. */
			bool open = false;

			L->pos = shell_lex_skip_nested(L, L->pos + 1, ')', false, &open);
			if (open || !next_char_is(L, ')', true))
				shell_lex_fail(L);
			return;
		}
		/* A subshell, or the () of `function name ()`. */
		if (!next_char_is(L, ')', true))
			L->paren_depth++;
		return;
	}
	if (L->argc == 1 && !L->n_assigns && !L->n_redirs && next_char_is(L, ')', true)) {
		/* name () { ...; }: a function definition, not a command. */
		level_discard_cmd(L);
		return;
	}
	shell_lex_fail(L);
	level_finish(L, SHELL_SEP_END);
}

static enum shell_sep tok_sep(enum shell_tok_kind k)
{
	switch (k) {
	case T_AND:
		return SHELL_SEP_AND;
	case T_OR:
		return SHELL_SEP_OR;
	case T_PIPE:
		return SHELL_SEP_PIPE;
	case T_AMP:
		return SHELL_SEP_BG;
	case T_EOF:
		return SHELL_SEP_END;
	default:
		return SHELL_SEP_SEMI;
	}
}

/* Tokens inside for/case/function headers; false hands the token to the normal path. */
static bool level_header_tok(struct shell_level *L, const struct shell_tok *tk)
{
	switch (L->mode) {
	case M_NORMAL:
		return false;
	case M_FOR_NAME:
		if (tk->kind == T_WORD) {
			L->mode = M_FOR_IN;
			return true;
		}
		L->mode = M_NORMAL;
		if (tk->kind == T_LPAREN && L->pos < L->len && L->s[L->pos] == '(') {
			level_lparen(L); /* for (( ...; ...; ... )) */
			return true;
		}
		return false;
	case M_FOR_IN:
		if (tk->kind == T_NEWLINE)
			return true;
		if (tok_is(L, tk, "in")) {
			L->mode = M_FOR_LIST;
			return true;
		}
		L->mode = M_NORMAL;
		return tk->kind == T_SEMI;
	case M_FOR_LIST:
		if (tk->kind == T_WORD)
			return true;
		L->mode = M_NORMAL;
		return tk->kind == T_SEMI || tk->kind == T_NEWLINE;
	case M_CASE_SUBJECT:
		if (tk->kind == T_NEWLINE)
			return true;
		if (tk->kind == T_WORD) {
			L->mode = M_CASE_IN;
			return true;
		}
		break;
	case M_CASE_IN:
		if (tk->kind == T_NEWLINE)
			return true;
		if (tok_is(L, tk, "in")) {
			L->mode = M_CASE_PATTERN;
			return true;
		}
		break;
	case M_CASE_PATTERN:
		switch (tk->kind) {
		case T_EOF:
			L->mode = M_NORMAL;
			return false;
		case T_RPAREN:
			L->mode = M_NORMAL;
			return true;
		case T_WORD:
			if (tok_is(L, tk, "esac")) {
				L->mode = M_NORMAL;
				if (L->case_depth)
					L->case_depth--;
				level_close(L);
			}
			return true;
		default:
			return true; /* newlines, ( and | between patterns */
		}
	case M_FUNC_NAME:
		L->mode = M_NORMAL;
		return tk->kind == T_WORD;
	}
	/* A malformed case header: forget the case. */
	L->mode = M_NORMAL;
	if (L->case_depth)
		L->case_depth--;
	return false;
}

static void level_token(struct shell_level *L, const struct shell_tok *tk)
{
	if (level_header_tok(L, tk))
		return;
	switch (tk->kind) {
	case T_WORD:
		level_word_tok(L, tk);
		break;
	case T_REDIR:
		level_redir_tok(L, tk);
		break;
	case T_LPAREN:
		level_lparen(L);
		break;
	case T_RPAREN:
		/* The command before ) is still inside the subshell. */
		level_close(L);
		if (L->paren_depth)
			L->paren_depth--;
		else
			shell_lex_fail(L); /* a ) that closes nothing */
		break;
	case T_DSEMI:
		level_finish(L, SHELL_SEP_SEMI);
		if (L->case_depth)
			L->mode = M_CASE_PATTERN;
		break;
	case T_NEWLINE:
	case T_SEMI:
	case T_AND:
	case T_OR:
	case T_PIPE:
	case T_AMP:
	case T_EOF:
		level_finish(L, tok_sep(tk->kind));
		break;
	}
}

static void level_release(struct shell_level *L)
{
	level_discard_cmd(L);
	for (size_t i = 0; i < L->n_hd; i++)
		free(L->hd[i].delim);
	free(L->hd);
	free(L->subst);
	free(L->argv);
	free(L->arg_src);
	free(L->assigns);
	free(L->redirs);
}

static void level_run(struct shell_level *L)
{
	struct shell_tok tk;

	do {
		shell_lex_next(L, &tk);
		level_token(L, &tk);
		if (!L->cmd_open && L->n_subst)
			level_flush_subst(L);
	} while (tk.kind != T_EOF && !L->ctx->full);
	if (L->paren_depth && !L->ctx->full)
		shell_lex_fail(L); /* a ( never closed */
	level_release(L);
}

/* --- public API ------------------------------------------------------------- */

/*
 * Commands are appended to out, so that a caller may tokenize several texts
 * into one shell_script (the Dockerfile parser: a RUN's text, then each of
 * its heredoc scripts). SHELL_MAX_COMMANDS counts everything in out.
 */

static int parse_root(const struct shell_text *t, const char *s, size_t len,
                      struct shell_script *out)
{
	struct shell_ctx ctx = {.t = t, .out = out, .wbuf = VAKT_BUF_INIT, .rc = 0, .full = false};
	struct shell_level L;

	memset(&L, 0, sizeof(L));
	L.ctx = &ctx;
	L.s = s;
	L.len = len;
	L.map.runs = NULL;
	level_run(&L);
	vakt_buf_release(&ctx.wbuf);
	return ctx.rc;
}

/* Positions for text without segments: one segment per line. */
static int parse_lines(const char *s, size_t len, struct shell_script *out)
{
	struct shell_seg local[LOCAL_SEGS], *segs = local;
	struct shell_text t;
	size_t n = 1, k = 1;
	const char *p = s, *end = s + len;
	int rc;

	while ((p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		n++;
		p++;
	}
	if (n > LOCAL_SEGS)
		segs = vakt_xmalloc(n * sizeof(*segs));
	segs[0] = (struct shell_seg){0, 1, 1};
	for (p = s; (p = memchr(p, '\n', (size_t)(end - p))) != NULL; p++, k++) {
		segs[k].off = (size_t)(p - s) + 1;
		segs[k].line = k < (size_t)INT_MAX ? (int)k + 1 : INT_MAX;
		segs[k].col = 1;
	}
	t.s = (char *)s;
	t.len = len;
	t.segs = segs;
	t.n_segs = n;
	rc = parse_root(&t, s, len, out);
	if (segs != local)
		free(segs);
	return rc;
}

int shell_parse(const struct shell_text *t, struct shell_script *out)
{
	if (!t || !t->s)
		return 0;
	if (!t->n_segs)
		return parse_lines(t->s, t->len, out);
	return parse_root(t, t->s, t->len, out);
}

int shell_parse_str(const char *s, struct shell_script *out)
{
	if (!s)
		return 0;
	return parse_lines(s, strlen(s), out);
}

void shell_script_release(struct shell_script *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->n; i++)
		cmd_release(&s->cmds[i]);
	free(s->cmds);
	memset(s, 0, sizeof(*s));
}
