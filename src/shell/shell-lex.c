/* SPDX-License-Identifier: MIT */
/*
 * The shell lexer: cuts a level's text into tokens (words, operators,
 * redirections, newlines) in one left-to-right pass. A word's text is built
 * with quotes removed and escapes resolved; the bodies of $(...), `...` and
 * <(...) met on the way are remembered for shell-parse.c to tokenize as
 * child levels once the command that holds them is complete.
 *
 * Nesting of quotes and substitutions inside one word is tracked with an
 * explicit stack, never by recursion.
 */
#include <errno.h>

#include "shell-priv.h"

/* Nesting of quotes/substitutions inside one word kept on the stack. */
#define LOCAL_NEST 32

/* --- character classes -------------------------------------------------- */

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

bool shell_lex_word_ends_at(const struct shell_level *L, char c)
{
	unsigned char k = ch_class[(unsigned char)c];

	return (k & CH_END) || (!L->dbracket && (k & CH_OP));
}

/*
 * Length of a line continuation (backslash, optional CR, newline) at pos, or
 * 0. CRLF files are common enough that a backslash before "\r\n" counts.
 */
static size_t cont_len(const struct shell_level *L, size_t pos)
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
static void rec_byte(struct shell_level *L, size_t tpos, size_t src)
{
	struct shell_runs *r = L->rec;
	size_t root = shell_map_root(&L->map, src);

	if (r->n) {
		const struct shell_run *last = &r->v[r->n - 1];

		if (last->root + (tpos - last->off) == root)
			return;
	}
	r->v = vakt_grow(r->v, sizeof(*r->v), r->n + 1, &r->cap);
	r->v[r->n].off = tpos;
	r->v[r->n].root = root;
	r->n++;
}

static void add_byte(struct shell_level *L, char c, size_t src)
{
	if (L->rec)
		rec_byte(L, L->ctx->wbuf.len, src);
	vakt_buf_addc(&L->ctx->wbuf, c);
}

/* Append local bytes [from, to) as written. */
static void add_src(struct shell_level *L, size_t from, size_t to)
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

static void add_utf8(struct shell_level *L, unsigned long cp, size_t src)
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

static void record_subst(struct shell_level *L, size_t start, size_t end)
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
static bool is_arith(const struct shell_level *L, size_t body, size_t body_end)
{
	return body_end > body + 1 && L->s[body] == '(' && L->s[body_end - 1] == ')';
}

/* --- nested constructs ---------------------------------------------------- */

struct nest {
	char *v;
	size_t n, cap;
	char local[LOCAL_NEST];
	size_t n_cmd; /* entries that are ')' or '`' */
};

static void nest_push(struct nest *st, char c)
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

static char nest_pop(struct nest *st)
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
size_t shell_lex_skip_nested(struct shell_level *L, size_t pos, char close, bool report, bool *open)
{
	const char *s = L->s;
	size_t len = L->len, rep_start = 0, rep_level = SIZE_MAX, body = pos;
	struct nest st = {.v = NULL, .n = 0, .cap = LOCAL_NEST, .n_cmd = 0};

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

void shell_lex_fail(struct shell_level *L)
{
	shell_ctx_fail(L->ctx, -EINVAL);
}

static void note_quote(struct shell_tok *tk, size_t *first_quote, size_t tlen)
{
	tk->plain = false;
	if (*first_quote == SIZE_MAX)
		*first_quote = tlen;
}

/* $( ... ), ${ ... }, `...`, <( ... ): copy as written, remember the body. */
static void lex_subst(struct shell_level *L, struct shell_tok *tk, size_t body, char close)
{
	bool open = false;
	size_t end = shell_lex_skip_nested(L, body, close, close == '}' && !L->rec, &open);
	size_t body_end = open ? L->len : end - 1;

	if (open)
		shell_lex_fail(L);
	if (close == ')' && !(L->s[body - 2] == '$' && is_arith(L, body, body_end)))
		record_subst(L, body, body_end);
	else if (close == '`')
		record_subst(L, body, body_end);
	add_src(L, L->pos, end);
	L->pos = end;
	tk->has_exp = true;
}

/* $'...' with the usual backslash escapes; pos is at the '$'. */
static void lex_ansi_c(struct shell_level *L)
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
			int d = vakt_hex_value(s[pos]);

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
		shell_lex_fail(L);
	L->pos = pos;
}

/* A '$' at pos, unquoted or inside double quotes. */
static void lex_dollar(struct shell_level *L, struct shell_tok *tk, bool in_dq, size_t *first_quote)
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

static void lex_dquote(struct shell_level *L, struct shell_tok *tk, size_t *first_quote)
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
	shell_lex_fail(L);
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
void shell_lex_word(struct shell_level *L, struct shell_tok *tk)
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
			size_t end = shell_lex_skip_nested(L, pos + 1, ')', false, &open);

			if (open)
				shell_lex_fail(L);
			note_quote(tk, &first_quote, b->len);
			add_src(L, pos, end);
			L->pos = end;
			continue;
		}
		if (shell_lex_word_ends_at(L, c))
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
				shell_lex_fail(L);
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

void shell_lex_skip_blanks(struct shell_level *L, bool newlines)
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
static void lex_heredoc_bodies(struct shell_level *L)
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
static void lex_redir(struct shell_level *L, struct shell_tok *tk, size_t start)
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

		shell_lex_skip_blanks(L, false);
		q = L->pos;
		if (q < len && s[q] == '-')
			q++;
		else
			while (q < len && is_digit(s[q]))
				q++;
		if (q > L->pos && (q == len || shell_lex_word_ends_at(L, s[q]))) {
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
void shell_lex_next(struct shell_level *L, struct shell_tok *tk)
{
	const char *s = L->s;
	size_t len = L->len, start;
	char c, n1;

	for (;;) {
		shell_lex_skip_blanks(L, false);
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
	shell_lex_word(L, tk);
}
