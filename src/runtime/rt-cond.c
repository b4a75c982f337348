/* SPDX-License-Identifier: MIT */
/*
 * The condition lexer and parser: Falco's grammar (libsinsp filter
 * parser) as Falco tokenises it. Bare strings run to a blank, a quote or
 * one of "(),="; a value after an operator is always a value (never a
 * field); word operators take the longest match and must end there.
 * Positions are byte offsets in the condition text.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "rt-lang.h"

struct parser {
	struct rt_arena *a;
	const struct rt_text *t;
	const char *s;
	size_t n, i;
	unsigned depth;
	const char *last; /* the last token read, for "unexpected token after" */
	size_t last_len;
	struct rt_parse_error *e;
	bool failed;
};

static const char *const op_names[RT_OP_COUNT] = {
    [RT_OP_EXISTS] = "exists",
    [RT_OP_EQ] = "=",
    [RT_OP_NE] = "!=",
    [RT_OP_LT] = "<",
    [RT_OP_LE] = "<=",
    [RT_OP_GT] = ">",
    [RT_OP_GE] = ">=",
    [RT_OP_CONTAINS] = "contains",
    [RT_OP_ICONTAINS] = "icontains",
    [RT_OP_BCONTAINS] = "bcontains",
    [RT_OP_STARTSWITH] = "startswith",
    [RT_OP_BSTARTSWITH] = "bstartswith",
    [RT_OP_ENDSWITH] = "endswith",
    [RT_OP_GLOB] = "glob",
    [RT_OP_IGLOB] = "iglob",
    [RT_OP_REGEX] = "regex",
    [RT_OP_IN] = "in",
    [RT_OP_INTERSECTS] = "intersects",
    [RT_OP_PMATCH] = "pmatch",
};

const char *rt_op_name(enum rt_op op)
{
	return op < RT_OP_COUNT ? op_names[op] : "?";
}

bool rt_op_is_list(enum rt_op op)
{
	return op == RT_OP_IN || op == RT_OP_INTERSECTS || op == RT_OP_PMATCH;
}

bool rt_op_parse(const char *s, size_t n, enum rt_op *out)
{
	if (n == 2 && !memcmp(s, "==", 2)) {
		*out = RT_OP_EQ;
		return true;
	}
	for (int op = 0; op < RT_OP_COUNT; op++) {
		if (strlen(op_names[op]) == n && !memcmp(op_names[op], s, n)) {
			*out = (enum rt_op)op;
			return true;
		}
	}
	return false;
}

#define TRANSFORMERS "'val', 'tolower', 'toupper', 'b64', 'basename', 'len'"
#define OPERATORS                                                                                  \
	"'exists', '<=', '<', '>=', '>', '==', '=', '!=', 'glob', 'iglob', 'contains', "           \
	"'icontains', 'bcontains', 'startswith', 'bstartswith', 'endswith', 'regex', "             \
	"'intersects', 'in', 'pmatch'"

static void fail_at(struct parser *p, size_t off, const char *fmt, ...) VAKT_PRINTF(3, 4);
static void fail_at(struct parser *p, size_t off, const char *fmt, ...)
{
	va_list ap;

	if (p->failed)
		return;
	p->failed = true;
	va_start(ap, fmt);
	// NOLINTNEXTLINE(clang-analyzer-valist.Uninitialized): va_start is just above
	vsnprintf(p->e->msg, sizeof(p->e->msg), fmt, ap);
	va_end(ap);
	p->e->off = off;
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\b' || c == '\r' || c == '\n';
}

static bool is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_ident(char c)
{
	return is_alpha(c) || (c >= '0' && c <= '9') || c == '_';
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static char peek(const struct parser *p, size_t k)
{
	return p->i + k < p->n ? p->s[p->i + k] : '\0';
}

static bool lex_blank(struct parser *p)
{
	size_t start = p->i;

	while (p->i < p->n && is_blank(p->s[p->i]))
		p->i++;
	return p->i > start;
}

static void took(struct parser *p, size_t start)
{
	p->last = p->s + start;
	p->last_len = p->i - start;
}

/* Literal text at the cursor. */
static bool lex_str(struct parser *p, const char *lit)
{
	size_t l = strlen(lit);

	if (p->n - p->i < l || memcmp(p->s + p->i, lit, l))
		return false;
	p->i += l;
	took(p, p->i - l);
	return true;
}

/* A word (operator, keyword) that must not run on into more of a word. */
static bool lex_word(struct parser *p, const char *w, bool paren_ok)
{
	size_t l = strlen(w);
	char next;

	if (p->n - p->i < l || memcmp(p->s + p->i, w, l))
		return false;
	next = p->i + l < p->n ? p->s[p->i + l] : '\0';
	if (!(is_blank(next) || (paren_ok && next == '(')))
		return false;
	p->i += l;
	took(p, p->i - l);
	return true;
}

static size_t span_ident(const struct parser *p, size_t i)
{
	size_t j = i;

	if (j >= p->n || !is_alpha(p->s[j]))
		return 0;
	while (j < p->n && is_ident(p->s[j]))
		j++;
	return j - i;
}

/* [a-zA-Z][a-zA-Z0-9_]*(\.[a-zA-Z][a-zA-Z0-9_]*)+ */
static size_t span_field(const struct parser *p, size_t i)
{
	size_t j = i + span_ident(p, i);
	bool dotted = false;

	if (j == i)
		return 0;
	while (j + 1 < p->n && p->s[j] == '.' && is_alpha(p->s[j + 1])) {
		j += 1 + span_ident(p, j + 1);
		dotted = true;
	}
	return dotted ? j - i : 0;
}

static bool lex_identifier(struct parser *p)
{
	size_t l = span_ident(p, p->i);

	if (!l)
		return false;
	p->i += l;
	took(p, p->i - l);
	return true;
}

static struct rt_pos pos_at(const struct parser *p, size_t off)
{
	return (struct rt_pos){.text = p->t, .off = off};
}

/*
 * Unescape a quoted token s[0..n) (quotes included) as Falco does: \b \f \n
 * \r \t \\ \/, the token's own quote, and "\ " (a backslash). 0, or -1 with
 * a message.
 */
static int unescape(const char *s, size_t n, char *out, size_t *out_n, char *msg, size_t cap)
{
	size_t k = 0;

	for (size_t i = 1; i + 1 < n; i++) {
		char c = s[i];

		if (c != '\\') {
			out[k++] = c;
			continue;
		}
		c = s[++i];
		switch (c) {
		case 'b':
			out[k++] = '\b';
			break;
		case 'f':
			out[k++] = '\f';
			break;
		case 'n':
			out[k++] = '\n';
			break;
		case 'r':
			out[k++] = '\r';
			break;
		case 't':
			out[k++] = '\t';
			break;
		case ' ':
		case '\\':
			out[k++] = '\\';
			break;
		case '/':
			out[k++] = '/';
			break;
		case '"':
		case '\'':
			if (c != s[0]) {
				snprintf(msg, cap, "invalid \\%c escape in %c-quoted string", c,
				         s[0]);
				return -1;
			}
			out[k++] = c;
			break;
		default:
			snprintf(msg, cap, "unsupported string escape sequence: \\%c", c);
			return -1;
		}
	}
	*out_n = k;
	return 0;
}

/* Length of the quoted token at s[0] (its closing quote included), 0 when unterminated. */
static size_t span_quoted(const char *s, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		if (s[i] == '\\') {
			i++;
			continue;
		}
		if (s[i] == s[0])
			return i + 1;
	}
	return 0;
}

/* A quoted string at the cursor into *lit; false (cursor kept) when none; fails when bad. */
static bool lex_quoted(struct parser *p, struct rt_lit *lit)
{
	char q = peek(p, 0), msg[128];
	size_t start = p->i, l;
	char *buf;

	if (q != '"' && q != '\'')
		return false;
	l = span_quoted(p->s + p->i, p->n - p->i);
	if (!l) {
		fail_at(p, start, "unterminated quoted string");
		return false;
	}
	buf = rt_arena_alloc(p->a, l + 1);
	if (unescape(p->s + start, l, buf, &lit->n, msg, sizeof(msg)) < 0) {
		fail_at(p, start, "%s", msg);
		return false;
	}
	buf[lit->n] = '\0';
	lit->s = buf;
	lit->quoted = true;
	lit->pos = pos_at(p, start);
	p->i += l;
	took(p, start);
	return true;
}

static bool bare_char(char c)
{
	return !is_blank(c) && c != '(' && c != ')' && c != ',' && c != '=' && c != '"' &&
	       c != '\'';
}

static bool lex_bare(struct parser *p, struct rt_lit *lit)
{
	size_t start = p->i;

	while (p->i < p->n && bare_char(p->s[p->i]))
		p->i++;
	if (p->i == start)
		return false;
	lit->s = rt_arena_strndup(p->a, p->s + start, p->i - start);
	lit->n = p->i - start;
	lit->quoted = false;
	lit->pos = pos_at(p, start);
	took(p, start);
	return true;
}

/* A number token after a numeric operator, as Falco's lexer takes it (rt_num_lex). */
static bool lex_number(struct parser *p, struct rt_lit *lit)
{
	size_t start = p->i, l = rt_num_lex(p->s + p->i, p->n - p->i);

	if (!l)
		return false;
	p->i += l;
	lit->s = rt_arena_strndup(p->a, p->s + start, l);
	lit->n = l;
	lit->quoted = false;
	lit->pos = pos_at(p, start);
	took(p, start);
	return true;
}

static struct rt_ast *node(struct parser *p, enum rt_ast_kind kind, size_t off)
{
	struct rt_ast *n = rt_arena_alloc(p->a, sizeof(*n));

	n->kind = kind;
	n->pos = pos_at(p, off);
	return n;
}

static struct rt_ast *parse_or(struct parser *p);

static bool depth_push(struct parser *p)
{
	if (++p->depth > RT_MAX_COND_DEPTH) {
		fail_at(p, p->i, "condition too large: it nests more than %d levels deep",
		        RT_MAX_COND_DEPTH);
		p->e->too_large = true;
		return false;
	}
	return true;
}

/* After '(': the expression and its ')'. */
static struct rt_ast *parse_embedded(struct parser *p)
{
	struct rt_ast *child;

	if (!depth_push(p))
		return NULL;
	lex_blank(p);
	child = parse_or(p);
	if (!child)
		return NULL;
	lex_blank(p);
	if (!lex_str(p, ")")) {
		fail_at(p, p->i, "expected a ')' token");
		return NULL;
	}
	p->depth--;
	return child;
}

/* name[arg] at the cursor (the name already measured: len bytes). */
static struct rt_fexpr *parse_field(struct parser *p, size_t len)
{
	struct rt_fexpr *f = rt_arena_alloc(p->a, sizeof(*f));
	size_t start = p->i;

	f->pos = pos_at(p, start);
	f->name = rt_arena_strndup(p->a, p->s + start, len);
	f->name_len = len;
	p->i += len;
	took(p, start);
	if (peek(p, 0) == '[') {
		struct rt_lit arg = {0};
		size_t a0;

		p->i++;
		a0 = p->i;
		if (!lex_quoted(p, &arg)) {
			if (p->failed)
				return NULL;
			while (p->i < p->n && !is_blank(p->s[p->i]) && p->s[p->i] != '[' &&
			       p->s[p->i] != ']' && p->s[p->i] != '"' && p->s[p->i] != '\'')
				p->i++;
			if (p->i == a0) {
				fail_at(p, a0,
				        "expected a valid field argument: a quoted string or a "
				        "bare string");
				return NULL;
			}
			arg.s = rt_arena_strndup(p->a, p->s + a0, p->i - a0);
			arg.n = p->i - a0;
		}
		if (!lex_str(p, "]")) {
			fail_at(p, p->i, "expected a ']' token");
			return NULL;
		}
		f->arg = arg.s;
		f->arg_len = arg.n;
		took(p, start);
	}
	return f;
}

/* A transformer's name followed at once by '(' (taken), else RT_XF_NONE (nothing taken). */
static enum rt_xf lex_transformer(struct parser *p)
{
	size_t j = p->i;
	enum rt_xf x;

	while (j < p->n && (is_alpha(p->s[j]) || is_digit(p->s[j])))
		j++;
	if (j == p->i || j >= p->n || p->s[j] != '(')
		return RT_XF_NONE;
	x = rt_xf_lookup(p->s + p->i, j - p->i);
	if (x != RT_XF_NONE) {
		size_t start = p->i;

		p->i = j + 1;
		took(p, start);
	}
	return x;
}

/* Falco transformers vakt does not evaluate: a precise error rather than a syntax one. */
static bool unsupported_transformer(struct parser *p)
{
	static const char *const names[] = {"join(", "concat(", "getopt("};

	for (size_t k = 0; k < VAKT_ARRAY_SIZE(names); k++) {
		size_t l = strlen(names[k]);

		if (p->n - p->i >= l && !memcmp(p->s + p->i, names[k], l)) {
			fail_at(p, p->i, "transformer '%.*s' is not supported by vakt",
			        (int)(l - 1), names[k]);
			return true;
		}
	}
	return false;
}

/* After "transformer(": a field or a nested transformer, then ')'. */
static struct rt_fexpr *parse_xform_rest(struct parser *p, enum rt_xf x, size_t start)
{
	struct rt_fexpr *f = rt_arena_alloc(p->a, sizeof(*f)), *child = NULL;
	enum rt_xf inner;
	size_t l;

	if (!depth_push(p))
		return NULL;
	f->xform = x;
	f->pos = pos_at(p, start);
	lex_blank(p);
	size_t at = p->i;
	inner = lex_transformer(p);
	if (inner != RT_XF_NONE) {
		child = parse_xform_rest(p, inner, at);
	} else if ((l = span_field(p, p->i))) {
		child = parse_field(p, l);
	} else if (!unsupported_transformer(p)) {
		fail_at(p, p->i, "expected a field or a nested valid transformer: " TRANSFORMERS);
	}
	if (!child)
		return NULL;
	lex_blank(p);
	if (!lex_str(p, ")")) {
		fail_at(p, p->i, "expected a ')' token closing the transformer");
		return NULL;
	}
	p->depth--;
	f->child = child;
	return f;
}

/* A transformer or val(field) at the cursor; NULL without failing when there is none. */
static struct rt_fexpr *try_xform_or_val(struct parser *p)
{
	size_t start = p->i;
	enum rt_xf x;

	if (lex_str(p, "val(")) {
		struct rt_fexpr *f = rt_arena_alloc(p->a, sizeof(*f));
		size_t l;

		f->is_val = true;
		f->pos = pos_at(p, start);
		lex_blank(p);
		l = span_field(p, p->i);
		if (!l) {
			fail_at(p, p->i, "expected a field within 'val' transformer");
			return NULL;
		}
		f->child = parse_field(p, l);
		if (!f->child)
			return NULL;
		lex_blank(p);
		if (!lex_str(p, ")")) {
			fail_at(p, p->i, "expected a ')' token closing the transformer");
			return NULL;
		}
		return f;
	}
	x = lex_transformer(p);
	if (x != RT_XF_NONE)
		return parse_xform_rest(p, x, start);
	unsupported_transformer(p);
	return NULL;
}

/* ( v, v, ... ) after the '(' */
static bool parse_list_items(struct parser *p, struct rt_ast *n)
{
	struct rt_lit *items = NULL;
	size_t cap = 0, count = 0;
	struct rt_lit lit = {0};

	lex_blank(p);
	if (lex_quoted(p, &lit) || (!p->failed && lex_bare(p, &lit))) {
		for (;;) {
			if (count >= RT_MAX_LIST_ITEMS) {
				fail_at(p, lit.pos.off, "value list too large: more than %d items",
				        RT_MAX_LIST_ITEMS);
				p->e->too_large = true;
				free(items);
				return false;
			}
			items = vakt_grow(items, sizeof(*items), count + 1, &cap);
			items[count++] = lit;
			lex_blank(p);
			if (!lex_str(p, ","))
				break;
			lex_blank(p);
			memset(&lit, 0, sizeof(lit));
			if (!lex_quoted(p, &lit) && (p->failed || !lex_bare(p, &lit))) {
				fail_at(p, p->i, "expected a string value");
				free(items);
				return false;
			}
		}
	}
	if (p->failed || !lex_str(p, ")")) {
		fail_at(p, p->i, "expected a ')' token");
		free(items);
		return false;
	}
	n->items = rt_arena_alloc(p->a, (count ? count : 1) * sizeof(*items));
	if (count)
		memcpy(n->items, items, count * sizeof(*items));
	n->n_items = count;
	free(items);
	n->rhs = RT_RHS_LIST;
	return true;
}

/* A list value: ( ... ), a transformer, or a list's name. */
static bool parse_list_value(struct parser *p, struct rt_ast *n)
{
	lex_blank(p);
	if (lex_str(p, "("))
		return parse_list_items(p, n);
	n->rfexpr = try_xform_or_val(p);
	if (n->rfexpr) {
		n->rhs = RT_RHS_FEXPR;
		return true;
	}
	if (p->failed)
		return false;
	size_t start = p->i;
	if (lex_identifier(p)) {
		n->rhs = RT_RHS_LISTNAME;
		n->value.s = rt_arena_strndup(p->a, p->s + start, p->i - start);
		n->value.n = p->i - start;
		n->value.pos = pos_at(p, start);
		return true;
	}
	fail_at(
	    p, p->i,
	    "expected a list, an identifier, or a field with a valid transformer: " TRANSFORMERS);
	return false;
}

/* oneof/anyof/allof before a list (Falco 0.44): only when a list or a list's name follows. */
static enum rt_mod lex_modifier(struct parser *p)
{
	static const struct {
		const char *w;
		enum rt_mod m;
	} mods[] = {{"oneof", RT_MOD_ONEOF}, {"anyof", RT_MOD_ANYOF}, {"allof", RT_MOD_ALLOF}};

	for (size_t k = 0; k < VAKT_ARRAY_SIZE(mods); k++) {
		size_t l = strlen(mods[k].w), j = p->i + l;

		if (p->n - p->i < l || memcmp(p->s + p->i, mods[k].w, l))
			continue;
		if (j < p->n && is_ident(p->s[j]))
			return RT_MOD_NONE;
		while (j < p->n && is_blank(p->s[j]))
			j++;
		if (j < p->n && p->s[j] == '(') {
			p->i += l;
			return mods[k].m;
		}
	}
	return RT_MOD_NONE;
}

static bool parse_condition(struct parser *p, struct rt_ast *n)
{
	static const struct {
		const char *w;
		enum rt_op op;
	} sym_num[] = {{"<=", RT_OP_LE}, {"<", RT_OP_LT}, {">=", RT_OP_GE}, {">", RT_OP_GT}},
	  sym_str[] = {{"==", RT_OP_EQ}, {"=", RT_OP_EQ}, {"!=", RT_OP_NE}},
	  word_str[] = {{"glob", RT_OP_GLOB},
	                {"iglob", RT_OP_IGLOB},
	                {"contains", RT_OP_CONTAINS},
	                {"icontains", RT_OP_ICONTAINS},
	                {"bcontains", RT_OP_BCONTAINS},
	                {"startswith", RT_OP_STARTSWITH},
	                {"bstartswith", RT_OP_BSTARTSWITH},
	                {"endswith", RT_OP_ENDSWITH},
	                {"regex", RT_OP_REGEX}},
	  word_list[] = {
	      {"intersects", RT_OP_INTERSECTS}, {"in", RT_OP_IN}, {"pmatch", RT_OP_PMATCH}};
	size_t k;

	lex_blank(p);
	n->pos.off = n->left->pos.off;
	if (p->n - p->i >= 6 && !memcmp(p->s + p->i, "exists", 6) &&
	    (p->i + 6 == p->n || !is_ident(p->s[p->i + 6]))) {
		p->i += 6;
		took(p, p->i - 6);
		n->op = RT_OP_EXISTS;
		n->rhs = RT_RHS_NONE;
		return true;
	}
	for (k = 0; k < VAKT_ARRAY_SIZE(sym_num); k++) {
		if (lex_str(p, sym_num[k].w)) {
			struct rt_lit lit = {0};

			n->op = sym_num[k].op;
			lex_blank(p);
			n->rfexpr = try_xform_or_val(p);
			if (n->rfexpr) {
				n->rhs = RT_RHS_FEXPR;
				return true;
			}
			if (p->failed)
				return false;
			if (lex_number(p, &lit)) {
				n->rhs = RT_RHS_VALUE;
				n->value = lit;
				return true;
			}
			fail_at(p, p->i,
			        "expected a number value or a field with a valid "
			        "transformer: " TRANSFORMERS);
			return false;
		}
	}
	for (k = 0; k < VAKT_ARRAY_SIZE(sym_str) + VAKT_ARRAY_SIZE(word_str); k++) {
		bool sym = k < VAKT_ARRAY_SIZE(sym_str);
		const char *w = sym ? sym_str[k].w : word_str[k - VAKT_ARRAY_SIZE(sym_str)].w;
		struct rt_lit lit = {0};

		if (sym ? !lex_str(p, w) : !lex_word(p, w, false))
			continue;
		n->op = sym ? sym_str[k].op : word_str[k - VAKT_ARRAY_SIZE(sym_str)].op;
		lex_blank(p);
		n->mod = lex_modifier(p);
		if (n->mod != RT_MOD_NONE)
			return parse_list_value(p, n);
		n->rfexpr = try_xform_or_val(p);
		if (n->rfexpr) {
			n->rhs = RT_RHS_FEXPR;
			return true;
		}
		if (p->failed)
			return false;
		if (lex_quoted(p, &lit) || (!p->failed && lex_bare(p, &lit))) {
			n->rhs = RT_RHS_VALUE;
			n->value = lit;
			return true;
		}
		fail_at(
		    p, p->i,
		    "expected a string value or a field with a valid transformer: " TRANSFORMERS);
		return false;
	}
	for (k = 0; k < VAKT_ARRAY_SIZE(word_list); k++) {
		if (lex_word(p, word_list[k].w, true)) {
			n->op = word_list[k].op;
			return parse_list_value(p, n);
		}
	}
	fail_at(p, p->i, "expected a valid check operator: one of " OPERATORS);
	return false;
}

static struct rt_ast *parse_check(struct parser *p)
{
	size_t start, l;
	enum rt_xf x;

	lex_blank(p);
	start = p->i;
	if (lex_str(p, "("))
		return parse_embedded(p);
	if ((l = span_field(p, p->i))) {
		struct rt_ast *n = node(p, RT_AST_CHECK, start);

		n->left = parse_field(p, l);
		if (!n->left || !parse_condition(p, n))
			return NULL;
		return n;
	}
	x = lex_transformer(p);
	if (x != RT_XF_NONE) {
		struct rt_ast *n = node(p, RT_AST_CHECK, start);

		n->left = parse_xform_rest(p, x, start);
		if (!n->left || !parse_condition(p, n))
			return NULL;
		return n;
	}
	if (unsupported_transformer(p))
		return NULL;
	if (lex_identifier(p)) {
		struct rt_ast *n = node(p, RT_AST_MACRO, start);

		n->name = rt_arena_strndup(p->a, p->s + start, p->i - start);
		n->name_len = p->i - start;
		return n;
	}
	fail_at(p, p->i, "expected a '(' token, a field check, or an identifier");
	return NULL;
}

static struct rt_ast *parse_not(struct parser *p)
{
	size_t start;
	bool is_not = false;
	struct rt_ast *child, *n;

	lex_blank(p);
	start = p->i;
	for (;;) {
		if (lex_word(p, "not", false)) {
			lex_blank(p);
			is_not = !is_not;
			continue;
		}
		if (lex_str(p, "not(")) {
			is_not = !is_not;
			child = parse_embedded(p);
			goto done;
		}
		break;
	}
	child = parse_check(p);
done:
	if (!child || !is_not)
		return child;
	n = node(p, RT_AST_NOT, start);
	n->kids = rt_arena_alloc(p->a, sizeof(*n->kids));
	n->kids[0] = child;
	n->n_kids = 1;
	return n;
}

/* and/or chains: kind, keyword, and the level below. */
static struct rt_ast *parse_chain(struct parser *p, enum rt_ast_kind kind, const char *kw,
                                  struct rt_ast *(*below)(struct parser *))
{
	struct rt_ast **kids = NULL, *first, *n;
	size_t cap = 0, count = 0, start;

	lex_blank(p);
	start = p->i;
	first = below(p);
	if (!first)
		return NULL;
	lex_blank(p);
	while (lex_str(p, kw)) {
		struct rt_ast *child;

		if (!lex_blank(p)) {
			if (!lex_str(p, "(")) {
				fail_at(p, p->i, "expected blank or '(' after '%s'", kw);
				free(kids);
				return NULL;
			}
			child = parse_embedded(p);
		} else {
			child = below(p);
		}
		if (!child) {
			free(kids);
			return NULL;
		}
		if (!count) {
			kids = vakt_grow(kids, sizeof(*kids), 2, &cap);
			kids[count++] = first;
		}
		kids = vakt_grow(kids, sizeof(*kids), count + 1, &cap);
		kids[count++] = child;
		lex_blank(p);
	}
	if (!count)
		return first;
	n = node(p, kind, start);
	n->kids = rt_arena_alloc(p->a, count * sizeof(*kids));
	memcpy(n->kids, kids, count * sizeof(*kids));
	n->n_kids = count;
	free(kids);
	return n;
}

static struct rt_ast *parse_and(struct parser *p)
{
	return parse_chain(p, RT_AST_AND, "and", parse_not);
}

static struct rt_ast *parse_or(struct parser *p)
{
	return parse_chain(p, RT_AST_OR, "or", parse_and);
}

int rt_cond_parse(struct rt_arena *a, const struct rt_text *t, struct rt_ast **out,
                  struct rt_parse_error *e)
{
	struct parser p = {.a = a, .t = t, .s = t->s, .n = t->n, .e = e};
	struct rt_ast *root;

	memset(e, 0, sizeof(*e));
	*out = NULL;
	if (t->n > RT_MAX_COND_BYTES) {
		snprintf(e->msg, sizeof(e->msg), "condition too large: %zu bytes (at most %u)",
		         t->n, RT_MAX_COND_BYTES);
		e->too_large = true;
		return -E2BIG;
	}
	lex_blank(&p);
	if (p.i == p.n) {
		snprintf(e->msg, sizeof(e->msg), "condition is empty");
		return -EINVAL;
	}
	p.i = 0;
	root = parse_or(&p);
	if (root && !p.failed) {
		lex_blank(&p);
		if (p.i != p.n)
			fail_at(&p, p.i, "unexpected token after '%.*s', expecting 'or', 'and'",
			        (int)(p.last_len > 64 ? 64 : p.last_len), p.last ? p.last : "");
	}
	if (p.failed || !root) {
		if (!p.failed)
			fail_at(&p, p.i, "syntax error");
		return e->too_large ? -E2BIG : -EINVAL;
	}
	*out = root;
	return 0;
}

struct rt_lit rt_lit_from_item(struct rt_arena *a, const char *s, size_t n)
{
	struct rt_lit lit = {0};
	char msg[128];

	if (n >= 2 && (s[0] == '"' || s[0] == '\'') && span_quoted(s, n) == n) {
		char *buf = rt_arena_alloc(a, n + 1);

		if (unescape(s, n, buf, &lit.n, msg, sizeof(msg)) == 0) {
			buf[lit.n] = '\0';
			lit.s = buf;
			lit.quoted = true;
			return lit;
		}
	}
	lit.s = rt_arena_strndup(a, s, n);
	lit.n = n;
	return lit;
}

static void fexpr_set_pos(struct rt_fexpr *f, const struct rt_pos *pos)
{
	for (; f; f = f->child)
		f->pos = *pos;
}

struct rt_fexpr *rt_cond_parse_fexpr(struct rt_arena *a, const char *s, size_t n,
                                     const struct rt_pos *pos, struct rt_parse_error *e)
{
	struct rt_text t = {.s = (char *)s, .n = n};
	struct parser p = {.a = a, .t = &t, .s = s, .n = n, .e = e};
	struct rt_fexpr *f = NULL;
	enum rt_xf x;
	size_t l;

	memset(e, 0, sizeof(*e));
	lex_blank(&p);
	if ((l = span_field(&p, p.i))) {
		f = parse_field(&p, l);
	} else if ((x = lex_transformer(&p)) != RT_XF_NONE) {
		f = parse_xform_rest(&p, x, 0);
	} else if (!unsupported_transformer(&p)) {
		fail_at(&p, p.i, "expected a field name");
	}
	if (f && !p.failed) {
		lex_blank(&p);
		if (p.i != p.n)
			fail_at(&p, p.i, "unexpected text after the field");
	}
	if (p.failed || !f) {
		if (!p.failed)
			fail_at(&p, p.i, "expected a field name");
		return NULL;
	}
	fexpr_set_pos(f, pos);
	return f;
}
