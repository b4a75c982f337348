/* SPDX-License-Identifier: MIT */
/*
 * The RUN shell tokenizer: one left-to-right pass over the text that cuts it
 * into tokens (words, operators, redirections, newlines) and assembles simple
 * commands from them. It is not an interpreter: control structures are only
 * recognised well enough to drop their reserved words, so that the commands
 * inside them are seen as commands.
 *
 * Nested scripts (sh -c bodies, $(...) and `...`) are parsed by a child
 * "level" over either a slice of the parent's text ($(...), `...`) or a
 * quote-removed copy (sh -c); every level maps its offsets back to the root
 * text, so positions always point into the Dockerfile.
 *
 * Nothing here recurses on input structure except levels, which are bounded
 * by SHELL_MAX_DEPTH; nesting of quotes and substitutions inside one word
 * is tracked with an explicit stack.
 */
#include <errno.h>
#include <limits.h>

#include "shell.h"
#include "core/util.h"

/* Lines of a plain string whose segment table lives on the stack. */
#define SH_LOCAL_SEGS 16
/* Nesting of quotes/substitutions inside one word kept on the stack. */
#define SH_LOCAL_NEST 32

/* Bytes [off, ...) of a level's text come from root offset `root` onward. */
struct sh_run {
	size_t off;
	size_t root;
};

struct sh_runs {
	struct sh_run *v;
	size_t n;
	size_t cap;
};

/*
 * How a level's offsets map to the root text: local offset o is offset
 * o + shift in the run table's coordinates, or in the root when runs == NULL.
 */
struct sh_map {
	const struct sh_run *runs;
	size_t n_runs;
	size_t shift;
};

struct sh_range {
	size_t start;
	size_t end;
};

struct sh_heredoc {
	char *delim;
	bool strip_tabs;
};

struct sh_ctx {
	const struct shell_text *t; /* root positions */
	struct shell_script *out;
	struct vakt_buf wbuf; /* the word being lexed; shared, levels never overlap words */
	int rc;
	bool full;       /* SHELL_MAX_COMMANDS reached: stop everywhere */
	size_t seg_hint; /* segment of the last position asked: lookups mostly move forward */
};

enum sh_tok_kind {
	T_EOF,
	T_WORD,
	T_NEWLINE,
	T_SEMI,
	T_DSEMI, /* ;; ;& ;;& */
	T_AND,
	T_OR,
	T_PIPE,
	T_AMP,
	T_LPAREN,
	T_RPAREN,
	T_REDIR,
};

struct sh_tok {
	enum sh_tok_kind kind;
	size_t start, end; /* local source bytes */
	/* T_WORD (text in ctx->wbuf) */
	bool quoted, has_exp;
	bool plain; /* no quoting, escape or expansion at all */
	size_t eq;  /* offset of the '=' of a NAME=value word, or SIZE_MAX */
	/* T_REDIR: operator s[start, op_end) plus the dup fd s[dup_start, dup_end) */
	size_t op_end;
	size_t dup_start, dup_end;
	bool dup;
	bool heredoc, strip_tabs;
};

enum sh_mode {
	M_NORMAL,
	M_FOR_NAME,
	M_FOR_IN,
	M_FOR_LIST,
	M_CASE_SUBJECT,
	M_CASE_IN,
	M_CASE_PATTERN,
	M_FUNC_NAME,
};

struct sh_level {
	struct sh_ctx *ctx;
	const char *s;
	size_t len;
	size_t pos;
	struct sh_map map;
	int depth;
	bool dbracket;       /* inside [[ ... ]]: operators are words */
	struct sh_runs *rec; /* re-lexing an sh -c body: record where bytes come from */

	struct sh_heredoc *hd; /* here-documents waiting for the next newline */
	size_t n_hd, cap_hd;
	struct sh_range *subst; /* substitution bodies waiting for recursion */
	size_t n_subst, cap_subst;

	/* The simple command being assembled. */
	struct shell_word *argv;
	struct sh_range *arg_src;
	size_t argc, cap_argv, cap_arg_src;
	struct shell_word *assigns;
	size_t n_assigns, cap_assigns;
	struct shell_redir *redirs;
	size_t n_redirs, cap_redirs;
	bool cmd_open;
	size_t cmd_start, cmd_end;

	/* Flow between commands. */
	enum sh_mode mode;
	size_t case_depth;
	size_t paren_depth; /* open subshells, to report unbalanced ones */
	bool prev_pipe;     /* the next command is piped_in */
	bool can_override;  /* a compound just closed: the next operator is its separator */
	bool after_close;   /* redirections now belong to the closed compound */
	bool have_last;
	size_t last_cmd; /* index in out->cmds of this level's last command */
};

static void level_run(struct sh_level *L);

static void ctx_fail(struct sh_ctx *ctx, int code)
{
	/* A ceiling is the more useful report: it says output was dropped. */
	if (!ctx->rc || code == -E2BIG)
		ctx->rc = code;
}

/* --- positions ------------------------------------------------------------ */

static size_t map_root(const struct sh_map *m, size_t off)
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
static void ctx_pos(struct sh_ctx *ctx, size_t off, int *line, int *col)
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
static struct vakt_span level_span(const struct sh_level *L, size_t start, size_t end)
{
	struct vakt_span sp;
	size_t a = map_root(&L->map, start);
	size_t b = map_root(&L->map, end > start ? end - 1 : start);

	ctx_pos(L->ctx, a, &sp.line, &sp.column);
	ctx_pos(L->ctx, b, &sp.end_line, &sp.end_column);
	return sp;
}

/* --- character classes -------------------------------------------------- */

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_name_start(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static bool is_name_char(char c)
{
	return is_name_start(c) || is_digit(c);
}

/*
 * Byte classes for the hot loop of the lexer: CH_END ends a word, CH_OP ends
 * it except inside [[ ]], CH_SPECIAL needs a look inside a word.
 */
enum { CH_PLAIN = 0, CH_END = 1, CH_OP = 2, CH_SPECIAL = 4 };

static const unsigned char ch_class[256] = {
    [' '] = CH_END,
    ['\t'] = CH_END,
    ['\r'] = CH_END,
    ['\f'] = CH_END,
    ['\v'] = CH_END,
    ['\n'] = CH_END,
    [';'] = CH_END,
    ['&'] = CH_OP,
    ['|'] = CH_OP,
    ['<'] = CH_OP,
    ['>'] = CH_OP,
    [')'] = CH_OP,
    ['('] = CH_OP | CH_SPECIAL,
    ['\\'] = CH_SPECIAL,
    ['\''] = CH_SPECIAL,
    ['"'] = CH_SPECIAL,
    ['$'] = CH_SPECIAL,
    ['`'] = CH_SPECIAL,
};

static bool word_ends_at(const struct sh_level *L, char c)
{
	unsigned char k = ch_class[(unsigned char)c];

	return (k & CH_END) || (!L->dbracket && (k & CH_OP));
}

/*
 * Length of a line continuation (backslash, optional CR, newline) at pos, or
 * 0. CRLF files are common enough that a backslash before "\r\n" counts.
 */
static size_t cont_len(const struct sh_level *L, size_t pos)
{
	const char *s = L->s;

	if (pos + 1 >= L->len || s[pos] != '\\')
		return 0;
	if (s[pos + 1] == '\n')
		return 2;
	if (s[pos + 1] == '\r' && pos + 2 < L->len && s[pos + 2] == '\n')
		return 3;
	return 0;
}

/* --- word building -------------------------------------------------------- */

/* Remember that text byte `tpos` comes from local offset `src`. */
static void rec_byte(struct sh_level *L, size_t tpos, size_t src)
{
	struct sh_runs *r = L->rec;
	size_t root = map_root(&L->map, src);

	if (r->n) {
		const struct sh_run *last = &r->v[r->n - 1];

		if (last->root + (tpos - last->off) == root)
			return;
	}
	r->v = vakt_grow(r->v, sizeof(*r->v), r->n + 1, &r->cap);
	r->v[r->n].off = tpos;
	r->v[r->n].root = root;
	r->n++;
}

static void add_byte(struct sh_level *L, char c, size_t src)
{
	if (L->rec)
		rec_byte(L, L->ctx->wbuf.len, src);
	vakt_buf_addc(&L->ctx->wbuf, c);
}

/* Append local bytes [from, to) as written. */
static void add_src(struct sh_level *L, size_t from, size_t to)
{
	if (to <= from)
		return;
	if (L->rec) {
		for (size_t i = from; i < to; i++)
			add_byte(L, L->s[i], i);
		return;
	}
	vakt_buf_add(&L->ctx->wbuf, L->s + from, to - from);
}

static void add_utf8(struct sh_level *L, unsigned long cp, size_t src)
{
	if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return;
	if (cp < 0x80) {
		add_byte(L, (char)cp, src);
	} else if (cp < 0x800) {
		add_byte(L, (char)(0xC0 | (cp >> 6)), src);
		add_byte(L, (char)(0x80 | (cp & 0x3F)), src);
	} else if (cp < 0x10000) {
		add_byte(L, (char)(0xE0 | (cp >> 12)), src);
		add_byte(L, (char)(0x80 | ((cp >> 6) & 0x3F)), src);
		add_byte(L, (char)(0x80 | (cp & 0x3F)), src);
	} else {
		add_byte(L, (char)(0xF0 | (cp >> 18)), src);
		add_byte(L, (char)(0x80 | ((cp >> 12) & 0x3F)), src);
		add_byte(L, (char)(0x80 | ((cp >> 6) & 0x3F)), src);
		add_byte(L, (char)(0x80 | (cp & 0x3F)), src);
	}
}

static void record_subst(struct sh_level *L, size_t start, size_t end)
{
	/* Re-lexing an sh -c body: its substitutions are found by the child. */
	if (L->rec)
		return;
	L->subst = vakt_grow(L->subst, sizeof(*L->subst), L->n_subst + 1, &L->cap_subst);
	L->subst[L->n_subst].start = start;
	L->subst[L->n_subst].end = end;
	L->n_subst++;
}

/* $(( ... )) is arithmetic, not a command substitution. */
static bool is_arith(const struct sh_level *L, size_t body, size_t body_end)
{
	return body_end > body + 1 && L->s[body] == '(' && L->s[body_end - 1] == ')';
}

/* --- nested constructs ---------------------------------------------------- */

struct sh_nest {
	char *v;
	size_t n, cap;
	char local[SH_LOCAL_NEST];
	size_t n_cmd; /* entries that are ')' or '`' */
};

static void nest_push(struct sh_nest *st, char c)
{
	if (st->n == st->cap) {
		size_t cap = st->cap * 2;

		if (st->v == st->local) {
			st->v = vakt_xmalloc(cap);
			memcpy(st->v, st->local, st->n);
		} else {
			st->v = vakt_xrealloc(st->v, cap);
		}
		st->cap = cap;
	}
	st->v[st->n++] = c;
	if (c == ')' || c == '`')
		st->n_cmd++;
}

static char nest_pop(struct sh_nest *st)
{
	char c = st->v[--st->n];

	if (c == ')' || c == '`')
		st->n_cmd--;
	return c;
}

/* A '#' after this character starts a comment. */
static bool comment_may_follow(char p)
{
	return is_blank(p) || p == '\n' || p == ';' || p == '&' || p == '|' || p == '(';
}

/*
 * Find the end of a construct whose body starts at pos and that closes with
 * `close`: ')' for $( and (, '}' for ${, '`' for backticks. Returns the offset
 * just after the closing character, or len with *open set when it never
 * closes. When report is set, command substitutions met directly inside
 * (inside a ${...} but not inside another substitution) are recorded.
 */
static size_t skip_nested(struct sh_level *L, size_t pos, char close, bool report, bool *open)
{
	const char *s = L->s;
	size_t len = L->len, rep_start = 0, rep_level = SIZE_MAX, body = pos;
	struct sh_nest st = {.v = NULL, .n = 0, .cap = SH_LOCAL_NEST, .n_cmd = 0};

	st.v = st.local;
	nest_push(&st, close);
	while (pos < len && st.n) {
		char top = st.v[st.n - 1], c = s[pos];
		bool closes = false;

		if (c == '\\') {
			pos += 2;
			continue;
		}
		if (top == '`') {
			closes = c == '`';
		} else if (c == '$' && pos + 1 < len && (s[pos + 1] == '(' || s[pos + 1] == '{')) {
			char nc = s[pos + 1] == '(' ? ')' : '}';

			if (report && nc == ')' && !st.n_cmd && rep_level == SIZE_MAX) {
				rep_level = st.n;
				rep_start = pos + 2;
			}
			nest_push(&st, nc);
			pos += 2;
			continue;
		} else if (c == '`') {
			if (report && !st.n_cmd && rep_level == SIZE_MAX) {
				rep_level = st.n;
				rep_start = pos + 1;
			}
			nest_push(&st, '`');
		} else if (top == '"') {
			closes = c == '"';
		} else if (c == '\'' && !(top == '}' && st.n >= 2 && st.v[st.n - 2] == '"')) {
			/* top is ')' or '}' from here on */
			const char *q = memchr(s + pos + 1, '\'', len - pos - 1);

			pos = q ? (size_t)(q - s) + 1 : len;
			continue;
		} else if (c == '"') {
			nest_push(&st, '"');
		} else if (top == ')' && c == '(') {
			nest_push(&st, ')');
		} else if (top == ')' && c == '#' &&
		           (pos == body || comment_may_follow(s[pos - 1]))) {
			const char *nl = memchr(s + pos, '\n', len - pos);

			pos = nl ? (size_t)(nl - s) : len;
			continue;
		} else {
			closes = c == top;
		}
		if (closes) {
			nest_pop(&st);
			if (st.n == rep_level) {
				if (!(c == ')' && is_arith(L, rep_start, pos)))
					record_subst(L, rep_start, pos);
				rep_level = SIZE_MAX;
			}
		}
		pos++;
	}
	if (st.v != st.local)
		free(st.v);
	if (pos > len)
		pos = len;
	*open = st.n > 0;
	if (*open && rep_level != SIZE_MAX)
		record_subst(L, rep_start, len);
	return pos;
}

/* --- the lexer ------------------------------------------------------------- */

static void lex_fail(struct sh_level *L)
{
	ctx_fail(L->ctx, -EINVAL);
}

static void note_quote(struct sh_tok *tk, size_t *first_quote, size_t tlen)
{
	tk->plain = false;
	if (*first_quote == SIZE_MAX)
		*first_quote = tlen;
}

/* $( ... ), ${ ... }, `...`, <( ... ): copy as written, remember the body. */
static void lex_subst(struct sh_level *L, struct sh_tok *tk, size_t body, char close)
{
	bool open = false;
	size_t end = skip_nested(L, body, close, close == '}' && !L->rec, &open);
	size_t body_end = open ? L->len : end - 1;

	if (open)
		lex_fail(L);
	if (close == ')' && !(L->s[body - 2] == '$' && is_arith(L, body, body_end)))
		record_subst(L, body, body_end);
	else if (close == '`')
		record_subst(L, body, body_end);
	add_src(L, L->pos, end);
	L->pos = end;
	tk->has_exp = true;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* $'...' with the usual backslash escapes; pos is at the '$'. */
static void lex_ansi_c(struct sh_level *L)
{
	const char *s = L->s;
	size_t len = L->len, pos = L->pos + 2;

	while (pos < len && s[pos] != '\'') {
		size_t src = pos;
		unsigned long v = 0;
		int n = 0, max = 0, base = 16;
		char e;

		if (s[pos] != '\\' || pos + 1 >= len) {
			add_byte(L, s[pos], pos);
			pos++;
			continue;
		}
		e = s[pos + 1];
		pos += 2;
		switch (e) {
		case 'a':
			add_byte(L, '\a', src);
			continue;
		case 'b':
			add_byte(L, '\b', src);
			continue;
		case 'e':
		case 'E':
			add_byte(L, '\033', src);
			continue;
		case 'f':
			add_byte(L, '\f', src);
			continue;
		case 'n':
			add_byte(L, '\n', src);
			continue;
		case 'r':
			add_byte(L, '\r', src);
			continue;
		case 't':
			add_byte(L, '\t', src);
			continue;
		case 'v':
			add_byte(L, '\v', src);
			continue;
		case '\\':
		case '\'':
		case '"':
		case '?':
			add_byte(L, e, src);
			continue;
		case 'c':
			if (pos < len) {
				add_byte(L, (char)(s[pos] & 0x1F), src);
				pos++;
			}
			continue;
		case 'x':
			max = 2;
			break;
		case 'u':
			max = 4;
			break;
		case 'U':
			max = 8;
			break;
		default:
			if (e >= '0' && e <= '7') {
				base = 8;
				max = 3;
				pos--; /* the first digit is part of the number */
				break;
			}
			add_byte(L, '\\', src);
			add_byte(L, e, src + 1);
			continue;
		}
		while (n < max && pos < len) {
			int d = hexval(s[pos]);

			if (d < 0 || d >= base)
				break;
			v = v * (unsigned long)base + (unsigned long)d;
			pos++;
			n++;
		}
		if (!n) {
			add_byte(L, '\\', src);
			add_byte(L, e, src + 1);
		} else if (e == 'u' || e == 'U') {
			add_utf8(L, v, src);
		} else if (v & 0xFF) {
			add_byte(L, (char)(v & 0xFF), src);
		}
	}
	if (pos < len)
		pos++;
	else
		lex_fail(L);
	L->pos = pos;
}

/* A '$' at pos, unquoted or inside double quotes. */
static void lex_dollar(struct sh_level *L, struct sh_tok *tk, bool in_dq, size_t *first_quote)
{
	const char *s = L->s;
	size_t pos = L->pos, q;
	char n = pos + 1 < L->len ? s[pos + 1] : '\0';

	if (pos + 1 >= L->len) {
		add_byte(L, '$', pos);
		L->pos++;
		return;
	}
	if (n == '(' || n == '{') {
		note_quote(tk, first_quote, L->ctx->wbuf.len);
		lex_subst(L, tk, pos + 2, n == '(' ? ')' : '}');
		return;
	}
	if (!in_dq && n == '\'') {
		note_quote(tk, first_quote, L->ctx->wbuf.len);
		tk->quoted = true;
		lex_ansi_c(L);
		return;
	}
	if (!in_dq && n == '"') {
		/* $"..." (locale translation) is a double-quoted string here. */
		note_quote(tk, first_quote, L->ctx->wbuf.len);
		L->pos++;
		return;
	}
	if (is_name_start(n)) {
		for (q = pos + 2; q < L->len && is_name_char(s[q]); q++)
			;
	} else if (is_digit(n) || n == '@' || n == '*' || n == '#' || n == '?' || n == '-' ||
	           n == '$' || n == '!') {
		q = pos + 2;
	} else {
		add_byte(L, '$', pos);
		L->pos++;
		return;
	}
	note_quote(tk, first_quote, L->ctx->wbuf.len);
	tk->has_exp = true;
	add_src(L, pos, q);
	L->pos = q;
}

static void lex_dquote(struct sh_level *L, struct sh_tok *tk, size_t *first_quote)
{
	const char *s = L->s;
	size_t len = L->len;

	note_quote(tk, first_quote, L->ctx->wbuf.len);
	tk->quoted = true;
	L->pos++;
	while (L->pos < len) {
		size_t pos = L->pos, q;
		char c = s[pos];

		if (c == '"') {
			L->pos++;
			return;
		}
		if (c == '\\' && pos + 1 < len) {
			char e = s[pos + 1];

			if (cont_len(L, pos)) {
				L->pos += cont_len(L, pos);
				continue;
			}
			if (e == '$' || e == '`' || e == '"' || e == '\\') {
				add_byte(L, e, pos + 1);
				L->pos += 2;
				continue;
			}
			add_byte(L, '\\', pos);
			L->pos++;
			continue;
		}
		if (c == '$') {
			lex_dollar(L, tk, true, first_quote);
			continue;
		}
		if (c == '`') {
			lex_subst(L, tk, pos + 1, '`');
			continue;
		}
		for (q = pos + 1; q < len; q++)
			if (s[q] == '"' || s[q] == '\\' || s[q] == '$' || s[q] == '`')
				break;
		add_src(L, pos, q);
		L->pos = q;
	}
	lex_fail(L);
}

/* Is the word so far "NAME=" or "NAME+=" with nothing quoted? */
static bool word_is_array_assign(const struct vakt_buf *b, size_t first_quote)
{
	size_t n = b->len;

	if (first_quote != SIZE_MAX || n < 2 || b->data[n - 1] != '=')
		return false;
	n--;
	if (b->data[n - 1] == '+')
		n--;
	if (!n || !is_name_start(b->data[0]))
		return false;
	for (size_t i = 1; i < n; i++)
		if (!is_name_char(b->data[i]))
			return false;
	return true;
}

/*
 * Lex the word at pos into tk; its text (quotes removed, escapes resolved,
 * expansions as written) is left in ctx->wbuf, valid until the next word.
 */
static void lex_word(struct sh_level *L, struct sh_tok *tk)
{
	struct vakt_buf *b = &L->ctx->wbuf;
	const char *s = L->s;
	size_t len = L->len, first_quote = SIZE_MAX;

	vakt_buf_reset(b);
	tk->kind = T_WORD;
	tk->start = L->pos;
	tk->quoted = tk->has_exp = false;
	tk->plain = true;
	tk->eq = SIZE_MAX;

	/* Process substitution <(...) / >(...). */
	if (!L->dbracket && L->pos + 1 < len && (s[L->pos] == '<' || s[L->pos] == '>') &&
	    s[L->pos + 1] == '(') {
		note_quote(tk, &first_quote, 0);
		lex_subst(L, tk, L->pos + 2, ')');
	}
	while (L->pos < len) {
		size_t pos = L->pos, q;
		char c = s[pos];

		if (c == '(' && !L->dbracket && word_is_array_assign(b, first_quote)) {
			bool open = false;
			size_t end = skip_nested(L, pos + 1, ')', false, &open);

			if (open)
				lex_fail(L);
			note_quote(tk, &first_quote, b->len);
			add_src(L, pos, end);
			L->pos = end;
			continue;
		}
		if (word_ends_at(L, c))
			break;
		switch (c) {
		case '\\':
			if (pos + 1 >= len) {
				add_byte(L, '\\', pos);
				L->pos++;
				break;
			}
			if (cont_len(L, pos)) {
				L->pos += cont_len(L, pos);
				break;
			}
			note_quote(tk, &first_quote, b->len);
			tk->quoted = true;
			add_byte(L, s[pos + 1], pos + 1);
			L->pos += 2;
			break;
		case '\'': {
			const char *e = memchr(s + pos + 1, '\'', len - pos - 1);

			note_quote(tk, &first_quote, b->len);
			tk->quoted = true;
			q = e ? (size_t)(e - s) : len;
			add_src(L, pos + 1, q);
			if (!e)
				lex_fail(L);
			L->pos = e ? q + 1 : len;
			break;
		}
		case '"':
			lex_dquote(L, tk, &first_quote);
			break;
		case '$':
			lex_dollar(L, tk, false, &first_quote);
			break;
		case '`':
			note_quote(tk, &first_quote, b->len);
			lex_subst(L, tk, pos + 1, '`');
			break;
		default:
			/* The common case: a run of bytes that mean nothing special. */
			q = pos + 1;
			if (L->dbracket) {
				while (q < len &&
				       !(ch_class[(unsigned char)s[q]] & (CH_END | CH_SPECIAL)))
					q++;
			} else {
				while (q < len && !ch_class[(unsigned char)s[q]])
					q++;
			}
			add_src(L, pos, q);
			L->pos = q;
			break;
		}
	}
	tk->end = L->pos;

	/* NAME=value (or NAME+=value) with the name unquoted. */
	if (b->len && is_name_start(b->data[0])) {
		size_t lim = first_quote < b->len ? first_quote : b->len, i = 1;

		while (i < lim && is_name_char(b->data[i]))
			i++;
		if (i < lim && b->data[i] == '=')
			tk->eq = i;
		else if (i + 1 < lim && b->data[i] == '+' && b->data[i + 1] == '=')
			tk->eq = i + 1;
	}
}

static void skip_blanks(struct sh_level *L, bool newlines)
{
	const char *s = L->s;

	while (L->pos < L->len) {
		char c = s[L->pos];

		if (is_blank(c) || (newlines && c == '\n'))
			L->pos++;
		else if (cont_len(L, L->pos))
			L->pos += cont_len(L, L->pos);
		else
			break;
	}
}

/* Consume the bodies of the here-documents opened on the line just ended. */
static void lex_heredoc_bodies(struct sh_level *L)
{
	const char *s = L->s;

	for (size_t i = 0; i < L->n_hd; i++) {
		const char *delim = L->hd[i].delim;
		size_t dlen = strlen(delim);

		while (L->pos < L->len) {
			const char *nl = memchr(s + L->pos, '\n', L->len - L->pos);
			size_t eol = nl ? (size_t)(nl - s) : L->len, a = L->pos;

			L->pos = nl ? eol + 1 : L->len;
			if (eol > a && s[eol - 1] == '\r')
				eol--;
			if (L->hd[i].strip_tabs)
				while (a < eol && s[a] == '\t')
					a++;
			if (eol - a == dlen && !memcmp(s + a, delim, dlen))
				break;
		}
		free(L->hd[i].delim);
	}
	L->n_hd = 0;
}

/* Operator at pos that may follow an fd number: < > and friends. */
static void lex_redir(struct sh_level *L, struct sh_tok *tk, size_t start)
{
	const char *s = L->s;
	size_t len = L->len, p = L->pos;
	bool dupable = false;
	char c = s[p], n1 = p + 1 < len ? s[p + 1] : '\0', n2 = p + 2 < len ? s[p + 2] : '\0';

	tk->kind = T_REDIR;
	tk->start = start;
	tk->dup = tk->heredoc = tk->strip_tabs = false;
	if (c == '&') {
		p += n2 == '>' ? 3 : 2; /* &> or &>> */
	} else if (c == '<') {
		if (n1 == '<' && n2 == '<') {
			p += 3;
		} else if (n1 == '<') {
			tk->heredoc = true;
			tk->strip_tabs = n2 == '-';
			p += n2 == '-' ? 3 : 2;
		} else if (n1 == '>') {
			p += 2;
		} else if (n1 == '&') {
			dupable = true;
			p += 2;
		} else {
			p++;
		}
	} else {
		if (n1 == '>' || n1 == '|') {
			p += 2;
		} else if (n1 == '&') {
			dupable = true;
			p += 2;
		} else {
			p++;
		}
	}
	tk->op_end = p;
	L->pos = p;
	if (dupable) {
		size_t q;

		skip_blanks(L, false);
		q = L->pos;
		if (q < len && s[q] == '-')
			q++;
		else
			while (q < len && is_digit(s[q]))
				q++;
		if (q > L->pos && (q == len || word_ends_at(L, s[q]))) {
			tk->dup = true;
			tk->dup_start = L->pos;
			tk->dup_end = q;
			L->pos = q;
		} else {
			L->pos = p;
		}
	}
	tk->end = L->pos;
}

/* The next token at pos; here-document bodies are skipped after a newline. */
static void lex_next(struct sh_level *L, struct sh_tok *tk)
{
	const char *s = L->s;
	size_t len = L->len, start;
	char c, n1;

	for (;;) {
		skip_blanks(L, false);
		if (L->pos < len && s[L->pos] == '#') {
			const char *nl = memchr(s + L->pos, '\n', len - L->pos);

			L->pos = nl ? (size_t)(nl - s) : len;
			continue;
		}
		break;
	}
	start = L->pos;
	tk->start = tk->end = start;
	if (start >= len) {
		tk->kind = T_EOF;
		return;
	}
	c = s[start];
	n1 = start + 1 < len ? s[start + 1] : '\0';
	if (c == '\n') {
		L->pos++;
		tk->kind = T_NEWLINE;
		tk->end = L->pos;
		if (L->n_hd)
			lex_heredoc_bodies(L);
		return;
	}
	if (c == ';') {
		if (n1 == ';' || n1 == '&') {
			L->pos += 2;
			if (n1 == ';' && L->pos < len && s[L->pos] == '&')
				L->pos++;
			tk->kind = T_DSEMI;
		} else {
			L->pos++;
			tk->kind = T_SEMI;
		}
		tk->end = L->pos;
		return;
	}
	if (!L->dbracket) {
		switch (c) {
		case '&':
			if (n1 == '>') {
				lex_redir(L, tk, start);
				return;
			}
			tk->kind = n1 == '&' ? T_AND : T_AMP;
			L->pos += n1 == '&' ? 2 : 1;
			tk->end = L->pos;
			return;
		case '|':
			tk->kind = n1 == '|' ? T_OR : T_PIPE;
			L->pos += (n1 == '|' || n1 == '&') ? 2 : 1;
			tk->end = L->pos;
			return;
		case '(':
		case ')':
			tk->kind = c == '(' ? T_LPAREN : T_RPAREN;
			L->pos++;
			tk->end = L->pos;
			return;
		case '<':
		case '>':
			if (n1 != '(') {
				lex_redir(L, tk, start);
				return;
			}
			break;
		default:
			if (is_digit(c)) {
				size_t q = start;

				while (q < len && is_digit(s[q]))
					q++;
				if (q < len && (s[q] == '<' || s[q] == '>') &&
				    !(q + 1 < len && s[q + 1] == '(')) {
					L->pos = q;
					lex_redir(L, tk, start);
					return;
				}
			}
			break;
		}
	}
	lex_word(L, tk);
}

/* --- assembling commands ----------------------------------------------------- */

/* The word token tk (text in ctx->wbuf) as a shell_word whose text the caller owns. */
static struct shell_word level_word(struct sh_level *L, const struct sh_tok *tk)
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

static void level_discard_cmd(struct sh_level *L)
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

static void level_open_cmd(struct sh_level *L, size_t start)
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

static bool name_is(const char *name, const char *const *set)
{
	for (; *set; set++)
		if (!strcmp(name, *set))
			return true;
	return false;
}

static const char *base_name(const char *p)
{
	const char *slash = strrchr(p, '/');

	return slash ? slash + 1 : p;
}

/* Index of the script argument of `sh -c SCRIPT`, or SIZE_MAX. */
static size_t shell_script_index(const struct shell_cmd *c)
{
	static const char *const shells[] = {"sh", "bash", "ash", "dash", "zsh", "ksh", NULL};
	size_t i;
	bool seen_c = false;

	if (c->argc < 3)
		return SIZE_MAX; /* at least: sh -c script */
	i = shell_cmd_skip_wrappers(c);

	if (i < c->argc && !strcmp(base_name(c->argv[i].text), "busybox"))
		i++;
	if (i >= c->argc || !name_is(base_name(c->argv[i].text), shells))
		return SIZE_MAX;

	for (i++; i < c->argc; i++) {
		const char *w = c->argv[i].text;

		if (!strcmp(w, "--")) {
			i++;
			break;
		}
		if ((w[0] != '-' && w[0] != '+') || !w[1])
			break;
		if (w[0] == '-' && w[1] == '-') {
			/* Long options; two of bash's take a file. */
			if (!strcmp(w, "--rcfile") || !strcmp(w, "--init-file"))
				i++;
			continue;
		}
		for (const char *p = w + 1; *p; p++) {
			if (*p == 'c' && w[0] == '-')
				seen_c = true;
			else if (*p == 'o' || *p == 'O') {
				i++; /* -o option-name */
				break;
			}
		}
	}
	return seen_c && i < c->argc ? i : SIZE_MAX;
}

/* Parse text (borrowed, alive for the call) with a child level at depth + 1. */
static void level_child(struct sh_level *L, const char *s, size_t len, struct sh_map map)
{
	struct sh_level C;

	if (L->ctx->full)
		return;
	if (L->depth + 1 > SHELL_MAX_DEPTH) {
		ctx_fail(L->ctx, -E2BIG);
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
static void level_follow_shell(struct sh_level *L, size_t idx)
{
	size_t j = shell_script_index(&L->ctx->out->cmds[idx]);
	struct sh_runs runs = {NULL, 0, 0};
	struct sh_tok tk;
	struct sh_range r;
	size_t k = 0, save = L->pos, blen;
	char *body;

	if (j == SIZE_MAX)
		return;
	if (L->depth + 1 > SHELL_MAX_DEPTH) {
		ctx_fail(L->ctx, -E2BIG);
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
	lex_word(L, &tk);
	L->rec = NULL;
	L->pos = save;
	blen = L->ctx->wbuf.len;
	body = vakt_buf_detach(&L->ctx->wbuf);
	level_child(L, body, blen, (struct sh_map){runs.v, runs.n, 0});
	free(body);
	free(runs.v);
}

static void level_flush_subst(struct sh_level *L)
{
	size_t n = L->n_subst;

	L->n_subst = 0;
	for (size_t i = 0; i < n; i++) {
		const struct sh_range *r = &L->subst[i];
		struct sh_map m = L->map;

		m.shift += r->start;
		level_child(L, L->s + r->start, r->end - r->start, m);
	}
}

/* End the command being assembled with separator sep. */
static void level_finish(struct sh_level *L, enum shell_sep sep)
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
		ctx_fail(L->ctx, -E2BIG);
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
static void level_close(struct sh_level *L)
{
	level_finish(L, SHELL_SEP_END);
	L->can_override = L->have_last;
	L->after_close = true;
}

enum sh_kw {
	KW_NONE,
	KW_OPEN,  /* if then elif else while until do ! { */
	KW_CLOSE, /* fi done } */
	KW_ESAC,
	KW_FOR, /* for select */
	KW_CASE,
	KW_FUNCTION,
};

static enum sh_kw keyword(const char *w)
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

static bool tok_is(const struct sh_level *L, const struct sh_tok *tk, const char *w)
{
	return tk->kind == T_WORD && tk->plain && !strcmp(vakt_buf_str(&L->ctx->wbuf), w);
}

static void level_word_tok(struct sh_level *L, const struct sh_tok *tk)
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

static void level_redir_tok(struct sh_level *L, const struct sh_tok *op)
{
	struct shell_redir r;
	size_t olen = op->op_end - op->start, dlen = op->dup ? op->dup_end - op->dup_start : 0;
	size_t end = op->end;

	r.op = vakt_xmalloc(olen + dlen + 1);
	memcpy(r.op, L->s + op->start, olen);
	if (dlen)
		memcpy(r.op + olen, L->s + op->dup_start, dlen);
	r.op[olen + dlen] = '\0';

	skip_blanks(L, false);
	if (!op->dup && L->pos < L->len &&
	    (!word_ends_at(L, L->s[L->pos]) || ((L->s[L->pos] == '<' || L->s[L->pos] == '>') &&
	                                        L->pos + 1 < L->len && L->s[L->pos + 1] == '('))) {
		struct sh_tok tk;

		lex_word(L, &tk);
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
			lex_fail(L); /* an operator with nothing to redirect to */
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

static bool next_char_is(struct sh_level *L, char c, bool skip)
{
	size_t save = L->pos;
	bool yes;

	if (skip)
		skip_blanks(L, false);
	yes = L->pos < L->len && L->s[L->pos] == c;
	if (yes)
		L->pos++;
	else
		L->pos = save;
	return yes;
}

static void level_lparen(struct sh_level *L)
{
	if (!L->cmd_open) {
		if (L->pos < L->len && L->s[L->pos] == '(') {
			/* (( arithmetic )): nothing to run. */
			bool open = false;

			L->pos = skip_nested(L, L->pos + 1, ')', false, &open);
			if (open || !next_char_is(L, ')', true))
				lex_fail(L);
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
	lex_fail(L);
	level_finish(L, SHELL_SEP_END);
}

static enum shell_sep tok_sep(enum sh_tok_kind k)
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
static bool level_header_tok(struct sh_level *L, const struct sh_tok *tk)
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

static void level_token(struct sh_level *L, const struct sh_tok *tk)
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
			lex_fail(L); /* a ) that closes nothing */
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

static void level_release(struct sh_level *L)
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

static void level_run(struct sh_level *L)
{
	struct sh_tok tk;

	do {
		lex_next(L, &tk);
		level_token(L, &tk);
		if (!L->cmd_open && L->n_subst)
			level_flush_subst(L);
	} while (tk.kind != T_EOF && !L->ctx->full);
	if (L->paren_depth && !L->ctx->full)
		lex_fail(L); /* a ( never closed */
	level_release(L);
}

/* --- public API ------------------------------------------------------------- */

/*
 * Commands are appended to out: the parser tokenizes a RUN's text and then
 * each of its heredoc scripts into one shell_script. SHELL_MAX_COMMANDS
 * counts everything in out.
 */

static int shell_run(const struct shell_text *t, const char *s, size_t len,
                     struct shell_script *out)
{
	struct sh_ctx ctx = {.t = t, .out = out, .wbuf = VAKT_BUF_INIT, .rc = 0, .full = false};
	struct sh_level L;

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
static int shell_run_lines(const char *s, size_t len, struct shell_script *out)
{
	struct shell_seg local[SH_LOCAL_SEGS], *segs = local;
	struct shell_text t;
	size_t n = 1, k = 1;
	const char *p = s, *end = s + len;
	int rc;

	while ((p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		n++;
		p++;
	}
	if (n > SH_LOCAL_SEGS)
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
	rc = shell_run(&t, s, len, out);
	if (segs != local)
		free(segs);
	return rc;
}

int shell_parse(const struct shell_text *t, struct shell_script *out)
{
	if (!t || !t->s)
		return 0;
	if (!t->n_segs)
		return shell_run_lines(t->s, t->len, out);
	return shell_run(t, t->s, t->len, out);
}

int shell_parse_str(const char *s, struct shell_script *out)
{
	if (!s)
		return 0;
	return shell_run_lines(s, strlen(s), out);
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

const char *shell_cmd_name(const struct shell_cmd *c)
{
	if (!c || !c->argc)
		return "";
	return base_name(c->argv[0].text);
}

/*
 * Skip the options of a wrapper starting at i: short letters in `arg_shorts`
 * and long names in `arg_longs` take a value (attached or the next word).
 * Returns the index of the first operand.
 */
static size_t skip_options(const struct shell_cmd *c, size_t i, const char *arg_shorts,
                           const char *const *arg_longs)
{
	while (i < c->argc) {
		const char *w = c->argv[i].text;

		if (w[0] != '-' || !w[1])
			break;
		i++;
		if (!strcmp(w, "--"))
			break;
		if (w[1] == '-') {
			if (arg_longs && !strchr(w, '=') && name_is(w + 2, arg_longs))
				i++;
			continue;
		}
		for (const char *p = w + 1; *p; p++) {
			if (strchr(arg_shorts, *p)) {
				if (!p[1])
					i++;
				break;
			}
		}
	}
	return i < c->argc ? i : c->argc;
}

static size_t skip_assignments(const struct shell_cmd *c, size_t i)
{
	while (i < c->argc) {
		const char *w = c->argv[i].text;
		size_t k = 0;

		if (!is_name_start(w[0]))
			break;
		while (is_name_char(w[k]))
			k++;
		if (w[k] != '=')
			break;
		i++;
	}
	return i;
}

/* Whether any short-option word before the first operand holds one of `letters`. */
static bool has_short_before_operand(const struct shell_cmd *c, size_t i, const char *letters)
{
	for (; i < c->argc; i++) {
		const char *w = c->argv[i].text;

		if (w[0] != '-' || !w[1] || w[1] == '-')
			return false;
		if (strpbrk(w + 1, letters))
			return true;
	}
	return false;
}

enum wrap_kind {
	WRAP_OPTIONS, /* options, then the command */
	WRAP_ASSIGNS, /* options and NAME=value words, then the command */
	WRAP_ENV,     /* env: also "-" alone */
	WRAP_COMMAND, /* command: -v and -V only look the name up */
	WRAP_OPERAND, /* options, one operand (timeout's duration), the command */
	WRAP_USER,    /* gosu USER command */
};

/* Programs that only run another command, and how to find it. */
static const struct wrapper {
	const char *name;
	enum wrap_kind kind;
	const char *arg_shorts;       /* short options that take a value */
	const char *const *arg_longs; /* long options that take a value (NULL-terminated) */
} wrappers[] = {
    {"sudo", WRAP_ASSIGNS, "CDghpRrTtUu",
     (const char *const[]){"user", "group", "host", "prompt", "role", "type", "close-from", "chdir",
                           "chroot", "other-user", "command-timeout", NULL}},
    {"doas", WRAP_OPTIONS, "uC", NULL},
    {"env", WRAP_ENV, "uCPS", (const char *const[]){"unset", "chdir", "split-string", NULL}},
    {"exec", WRAP_OPTIONS, "a", NULL},
    {"nice", WRAP_OPTIONS, "n", (const char *const[]){"adjustment", NULL}},
    {"ionice", WRAP_OPTIONS, "cnpPu",
     (const char *const[]){"class", "classdata", "pid", "pgid", "uid", NULL}},
    {"nohup", WRAP_OPTIONS, "", NULL},
    {"time", WRAP_OPTIONS, "fo", (const char *const[]){"format", "output", NULL}},
    {"command", WRAP_COMMAND, "", NULL},
    {"builtin", WRAP_OPTIONS, "", NULL},
    {"stdbuf", WRAP_OPTIONS, "ioe", (const char *const[]){"input", "output", "error", NULL}},
    {"xargs", WRAP_OPTIONS, "adEILnPs",
     (const char *const[]){"arg-file", "delimiter", "eof", "replace", "max-lines", "max-args",
                           "max-procs", "max-chars", "process-slot-var", NULL}},
    {"timeout", WRAP_OPERAND, "sk", (const char *const[]){"signal", "kill-after", NULL}},
    {"setsid", WRAP_OPTIONS, "", NULL},
    {"eatmydata", WRAP_OPTIONS, "", NULL},
    {"unbuffer", WRAP_OPTIONS, "", NULL},
    {"gosu", WRAP_USER, "", NULL},
    {"su-exec", WRAP_USER, "", NULL},
};

static const struct wrapper *find_wrapper(const char *name)
{
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(wrappers); i++)
		if (wrappers[i].name[0] == name[0] && !strcmp(wrappers[i].name, name))
			return &wrappers[i];
	return NULL;
}

size_t shell_cmd_skip_wrappers(const struct shell_cmd *c)
{
	size_t i = 0;

	if (!c)
		return 0;
	while (i < c->argc) {
		const struct wrapper *w = find_wrapper(base_name(c->argv[i].text));
		size_t next = i + 1;

		if (!w)
			return i;
		switch (w->kind) {
		case WRAP_ENV:
			while (next < c->argc && !strcmp(c->argv[next].text, "-"))
				next++;
			next =
			    skip_assignments(c, skip_options(c, next, w->arg_shorts, w->arg_longs));
			break;
		case WRAP_ASSIGNS:
			next =
			    skip_assignments(c, skip_options(c, next, w->arg_shorts, w->arg_longs));
			break;
		case WRAP_COMMAND:
			if (has_short_before_operand(c, next, "vV"))
				return c->argc;
			next = skip_options(c, next, w->arg_shorts, w->arg_longs);
			break;
		case WRAP_OPERAND:
			next = skip_options(c, next, w->arg_shorts, w->arg_longs) + 1;
			break;
		case WRAP_USER:
			next = i + 2;
			break;
		case WRAP_OPTIONS:
			next = skip_options(c, next, w->arg_shorts, w->arg_longs);
			break;
		}
		if (next >= c->argc)
			return c->argc;
		i = next;
	}
	return c->argc;
}

static bool long_matches(const char *w, const char *flag)
{
	size_t n;

	/* Accept the list written with or without the leading dashes. */
	if (flag[0] == '-' && flag[1] == '-')
		flag += 2;
	n = strlen(flag);
	return !strncmp(w + 2, flag, n) && (w[2 + n] == '\0' || w[2 + n] == '=');
}

bool shell_cmd_has_flag(const struct shell_cmd *c, size_t from, const char *shorts,
                        const char *const *longs)
{
	if (!c)
		return false;
	for (size_t i = from; i < c->argc; i++) {
		const char *w = c->argv[i].text;

		if (w[0] != '-' || !w[1])
			continue;
		if (w[1] == '-') {
			if (!w[2])
				break; /* -- ends the options */
			for (const char *const *l = longs; l && *l; l++)
				if (long_matches(w, *l))
					return true;
			continue;
		}
		/* A cluster ends where a value starts: -oDpkg::Options=x has no 'x' flag. */
		for (const char *p = w + 1; shorts && (is_name_char(*p) && *p != '_'); p++)
			if (strchr(shorts, *p))
				return true;
	}
	return false;
}
