/* SPDX-License-Identifier: MIT */
/*
 * Shell text with source positions, from the two places where it is not
 * the file itself: YAML scalars (GitHub Actions `run:`, GitLab `script:`)
 * and Makefile recipe lines.
 */
#include "runline.h"

/* Deepest $(A) -> $(B) -> ... chain of Makefile variables expanded. */
#define RUNLINE_MAKE_MAX_DEPTH 4

/* A shell_text being built byte by byte. */
struct text_builder {
	struct vakt_buf s;
	struct shell_seg *segs;
	size_t n_segs;
	size_t cap_segs;
	int line; /* position of the last byte added */
	int col;
};

static void tb_add(struct text_builder *b, char ch, int line, int col)
{
	if (!b->n_segs || line != b->line || col != b->col + 1) {
		b->segs = vakt_grow(b->segs, sizeof(*b->segs), b->n_segs + 1, &b->cap_segs);
		b->segs[b->n_segs].off = b->s.len;
		b->segs[b->n_segs].line = line;
		b->segs[b->n_segs].col = col;
		b->n_segs++;
	}
	vakt_buf_add(&b->s, &ch, 1);
	b->line = line;
	b->col = col;
}

static void tb_finish(struct text_builder *b, struct shell_text *out)
{
	out->len = b->s.len;
	out->s = vakt_buf_detach(&b->s);
	out->segs = b->segs;
	out->n_segs = b->n_segs;
}

/* --- YAML scalars ---------------------------------------------------------------- */

static bool is_cont(unsigned char ch)
{
	return (ch & 0xC0) == 0x80;
}

/* A cursor over src that knows the line and character column (as libyaml counts) of its byte. */
struct src_cur {
	const char *s;
	size_t len;
	size_t i;
	int line;
	int col;
};

static void cur_next(struct src_cur *c)
{
	if (c->i >= c->len)
		return;
	if (c->s[c->i] == '\n') {
		c->line++;
		c->col = 1;
	} else if (c->i + 1 < c->len && !is_cont((unsigned char)c->s[c->i + 1])) {
		c->col++;
	}
	c->i++;
}

/* Put the cursor at 1-based line and character column; false when out of range. */
static bool cur_seek(struct src_cur *c, const struct vakt_source *src, int line, int col)
{
	if (line < 1 || (size_t)line > src->n_lines)
		return false;
	c->s = src->data;
	c->len = src->len;
	c->i = vakt_source_line_start(src, line);
	c->line = line;
	c->col = 1;
	while (c->col < col && c->i < c->len && c->s[c->i] != '\n')
		cur_next(c);
	return true;
}

/* Source bytes the loader drops between the bytes of a value, by scalar style. */
static bool skippable(char ch, char quote)
{
	if (ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n')
		return true;
	return (quote == '"' && ch == '\\') || (quote == '\'' && ch == '\'');
}

void runline_yaml_text(const struct vakt_source *src, const struct vakt_yaml_node *n,
                       struct shell_text *out)
{
	struct text_builder b = {VAKT_BUF_INIT, NULL, 0, 0, 0, 0};
	struct src_cur c;
	size_t end;
	char quote = 0;
	bool lost = false;
	int line, col;

	memset(out, 0, sizeof(*out));
	if (!n || n->kind != VAKT_YAML_SCALAR || !n->str)
		return;
	if (!cur_seek(&c, src, n->line, n->col)) {
		/* No position: the whole text at the node's place. */
		for (size_t i = 0; i < n->len; i++)
			tb_add(&b, n->str[i], n->line, n->col);
		tb_finish(&b, out);
		return;
	}
	/* Stop at the end of the line after the node's last one. */
	end = (size_t)n->end_line + 1 < src->n_lines ? vakt_source_line_start(src, n->end_line + 2)
	                                             : src->len;
	if (end < c.i)
		end = src->len;
	if (c.i < c.len && (c.s[c.i] == '|' || c.s[c.i] == '>')) {
		while (c.i < end && c.s[c.i] != '\n')
			cur_next(&c);
		cur_next(&c);
	} else if (c.i < c.len && (c.s[c.i] == '"' || c.s[c.i] == '\'')) {
		quote = c.s[c.i];
		cur_next(&c);
	}
	line = c.line;
	col = c.col;
	for (size_t i = 0; i < n->len; i++) {
		char v = n->str[i];

		if (!lost) {
			while (c.i < end && c.s[c.i] != v && skippable(c.s[c.i], quote))
				cur_next(&c);
			if (c.i < end && c.s[c.i] == v) {
				line = c.line;
				col = c.col;
				cur_next(&c);
			} else {
				lost = true; /* an escape sequence: the rest stays where we are */
			}
		}
		tb_add(&b, v, line, col);
	}
	tb_finish(&b, out);
}

/* --- Makefiles ---------------------------------------------------------------------- */

struct make_var {
	char *name;  /* owned */
	char *value; /* owned */
};

/*
 * The variables of a Makefile, each name once, with a hash table of their
 * indices: a recipe line may name variables thousands of times, and a walk
 * of up to RUNLINE_MAX_MAKE_VARS names per reference was quadratic.
 */
struct make_vars {
	struct make_var *v;
	size_t n;
	size_t cap;
	size_t *slots; /* owned; index + 1, 0 empty; MAKE_VARS_SLOTS of them */
};

/* Slots of the table: a power of two, at least twice RUNLINE_MAX_MAKE_VARS. */
#define MAKE_VARS_SLOTS 8192
_Static_assert(MAKE_VARS_SLOTS >= 2 * RUNLINE_MAX_MAKE_VARS, "the table must stay half empty");

static bool make_name_char(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
	       ch == '_' || ch == '.' || ch == '-';
}

/* The slot holding name, or the empty slot where it goes. */
static size_t *var_slot(const struct make_vars *vs, const char *name, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ull;

	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)name[i];
		h *= 0x100000001b3ull;
	}
	for (size_t i = h & (MAKE_VARS_SLOTS - 1);; i = (i + 1) & (MAKE_VARS_SLOTS - 1)) {
		const char *x;

		/* A used slot always names an entry of v (the analyser cannot tell). */
		if (!vs->slots[i] || !vs->v)
			return &vs->slots[i];
		x = vs->v[vs->slots[i] - 1].name;
		if (strlen(x) == n && !memcmp(x, name, n))
			return &vs->slots[i];
	}
}

static struct make_var *var_find(const struct make_vars *vs, const char *name, size_t n)
{
	size_t *slot = var_slot(vs, name, n);

	return *slot ? &vs->v[*slot - 1] : NULL;
}

/* NAME = value, NAME := value, NAME ?= value, NAME += value (one line, no continuation). */
static void var_line(struct make_vars *vs, const char *l, size_t n)
{
	size_t i = 0, n0, n1, v0;
	char op = 0;
	struct make_var *var;

	if (n >= 7 && !memcmp(l, "export ", 7))
		i = 7;
	else if (n >= 9 && !memcmp(l, "override ", 9))
		i = 9;
	n0 = i;
	while (i < n && make_name_char(l[i]))
		i++;
	n1 = i;
	while (i < n && (l[i] == ' ' || l[i] == '\t'))
		i++;
	if (n1 == n0 || i >= n)
		return;
	if (l[i] == '=') {
		op = '=';
	} else if (i + 1 < n && l[i + 1] == '=' && strchr(":?+!", l[i])) {
		op = l[i];
		i++;
		if (op == ':' && i + 1 < n && l[i + 1] == '=') /* ::= */
			i++;
	} else if (i + 2 < n && l[i] == ':' && l[i + 1] == ':' && l[i + 2] == '=') {
		op = ':';
		i += 2;
	} else {
		return;
	}
	if (op == '!' || (n > 0 && l[n - 1] == '\\'))
		return; /* shell assignments and multi-line values are not followed */
	i++;
	while (i < n && (l[i] == ' ' || l[i] == '\t'))
		i++;
	v0 = i;
	while (n > v0 && (l[n - 1] == ' ' || l[n - 1] == '\t'))
		n--;
	if (n - v0 > RUNLINE_MAX_MAKE_VALUE)
		return;
	var = var_find(vs, l + n0, n1 - n0);
	if (var && op == '?')
		return;
	if (var && op == '+') {
		char *joined = vakt_xasprintf("%s %.*s", var->value, (int)(n - v0), l + v0);

		free(var->value);
		var->value = joined;
		if (strlen(joined) > RUNLINE_MAX_MAKE_VALUE)
			var->value[RUNLINE_MAX_MAKE_VALUE] = '\0';
		return;
	}
	if (!var) {
		if (vs->n >= RUNLINE_MAX_MAKE_VARS)
			return;
		vs->v = vakt_grow(vs->v, sizeof(*vs->v), vs->n + 1, &vs->cap);
		var = &vs->v[vs->n++];
		var->name = vakt_xstrndup(l + n0, n1 - n0);
		var->value = NULL;
		*var_slot(vs, l + n0, n1 - n0) = vs->n;
	}
	free(var->value);
	var->value = vakt_xstrndup(l + v0, n - v0);
}

static void vars_release(struct make_vars *vs)
{
	for (size_t i = 0; i < vs->n; i++) {
		free(vs->v[i].name);
		free(vs->v[i].value);
	}
	free(vs->v);
	free(vs->slots);
}

/*
 * Append make text s[0..n) to b as the shell gets it, every byte at
 * (line, col + offset) or, inside a variable's value (fixed), at (line, col).
 */
static void make_expand(struct text_builder *b, const struct make_vars *vs, const char *s, size_t n,
                        int line, int col, bool fixed, int depth)
{
	for (size_t i = 0; i < n && b->s.len < RUNLINE_MAX_RECIPE_BYTES;) {
		int c = fixed ? col : col + (int)i;

		if (s[i] == '$' && i + 1 < n && s[i + 1] == '$') {
			tb_add(b, '$', line, c);
			i += 2;
			continue;
		}
		if (s[i] == '$' && i + 1 < n && (s[i + 1] == '(' || s[i + 1] == '{')) {
			char close = s[i + 1] == '(' ? ')' : '}';
			size_t e = i + 2;
			const struct make_var *var;

			while (e < n && make_name_char(s[e]))
				e++;
			if (e < n && s[e] == close && e > i + 2 && depth < RUNLINE_MAKE_MAX_DEPTH &&
			    (var = var_find(vs, s + i + 2, e - i - 2)) && var->value) {
				make_expand(b, vs, var->value, strlen(var->value), line, c, true,
				            depth + 1);
				i = e + 1;
				continue;
			}
		}
		tb_add(b, s[i], line, c);
		i++;
	}
}

/* Line `line` of src without '\n' and a trailing '\r'. */
static const char *make_line(const struct vakt_source *src, size_t line, size_t *n)
{
	const char *l = vakt_source_line(src, (int)line, n);

	if (l && *n && l[*n - 1] == '\r')
		(*n)--;
	return l;
}

/* Whether a line ends with an unescaped backslash (a continuation). */
static bool continues(const char *l, size_t n)
{
	size_t k = 0;

	while (k < n && l[n - 1 - k] == '\\')
		k++;
	return k % 2 == 1;
}

void runline_make_recipes(const struct vakt_source *src, struct runline_recipes *out)
{
	struct make_vars vs = {NULL, 0, 0, NULL};
	bool in_define = false;

	vs.slots = vakt_xcalloc(MAKE_VARS_SLOTS, sizeof(*vs.slots));
	/* First the variables, since a recipe may use one defined below it. */
	for (size_t ln = 1; ln <= src->n_lines; ln++) {
		size_t n;
		const char *l = make_line(src, ln, &n);

		if (!l)
			break;
		if (n && l[0] != '\t' && l[0] != '#')
			var_line(&vs, l, n);
	}
	for (size_t ln = 1; ln <= src->n_lines; ln++) {
		size_t n, i = 1;
		const char *l = make_line(src, ln, &n);
		struct text_builder b = {VAKT_BUF_INIT, NULL, 0, 0, 0, 0};
		struct runline_recipe *r;

		if (!l)
			break;
		if (!in_define && n >= 6 && !memcmp(l, "define", 6) &&
		    (n == 6 || l[6] == ' ' || l[6] == '\t'))
			in_define = true;
		else if (in_define && n >= 5 && !memcmp(l, "endef", 5))
			in_define = false;
		if (in_define || !n || l[0] != '\t') {
			/* A continued non-recipe line takes its continuation lines with it. */
			while (n && continues(l, n) && ln < src->n_lines &&
			       (l = make_line(src, ++ln, &n)))
				;
			continue;
		}
		while (i < n &&
		       (l[i] == '@' || l[i] == '-' || l[i] == '+' || l[i] == ' ' || l[i] == '\t'))
			i++;
		for (;;) {
			make_expand(&b, &vs, l + i, n - i, (int)ln, (int)i + 1, false, 0);
			if (!continues(l, n) || ln >= src->n_lines ||
			    !(l = make_line(src, ln + 1, &n)))
				break;
			if (b.s.len < RUNLINE_MAX_RECIPE_BYTES)
				tb_add(&b, '\n', (int)ln, (int)(b.col + 1));
			ln++;
			i = n && l[0] == '\t' ? 1 : 0;
		}
		if (!b.s.len) {
			vakt_buf_release(&b.s);
			free(b.segs);
			continue;
		}
		out->v = vakt_grow(out->v, sizeof(*out->v), out->n + 1, &out->cap);
		r = &out->v[out->n++];
		tb_finish(&b, &r->text);
	}
	vars_release(&vs);
}

void runline_recipes_release(struct runline_recipes *r)
{
	for (size_t i = 0; i < r->n; i++)
		shell_text_release(&r->v[i].text);
	free(r->v);
	memset(r, 0, sizeof(*r));
}
