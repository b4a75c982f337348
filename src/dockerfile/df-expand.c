/* SPDX-License-Identifier: MIT */
/*
 * Dockerfile variable substitution, following BuildKit's shell lexer
 * (frontend/dockerfile/shell) as its documentation and behaviour describe it.
 *
 * The input is an argument as written in the Dockerfile (df_word.raw, an ENV
 * value with its quotes), and the output is the word BuildKit hands to the
 * instruction: quotes removed, escapes resolved, variables replaced. So
 *   'a $X'  -> a $X        (single quotes: literal, quotes removed)
 *   "a $X"  -> a <value>   (double quotes: expanded, quotes removed)
 *   \$X     -> $X          (escape char before $ keeps it literal)
 * The escape character is '\\' or the one set by `# escape=`; inside double
 * quotes it only escapes '"', '$' and itself, as in BuildKit.
 *
 * Supported: $NAME, ${NAME}, ${NAME:-w}, ${NAME-w}, ${NAME:+w}, ${NAME+w},
 * ${NAME:?w}, ${NAME?w}, ${NAME#p}, ${NAME##p}, ${NAME%p}, ${NAME%%p},
 * ${NAME/p/r}, ${NAME//p/r} (patterns with * and ?). Where BuildKit would
 * fail the build (unterminated quote or ${, bad substitution, unknown
 * modifier, ${NAME?} on an unset name) the text is kept literally and the
 * result is flagged unresolved. So is a reference to an undefined variable
 * without a default: BuildKit substitutes "", but the build may well define
 * it (--build-arg), so the result cannot be trusted.
 *
 * Recursion (the word of ${NAME:-word}) is bounded by DF_EXPAND_MAX_NEST;
 * every buffer is capped at DF_EXPAND_MAX_BYTES and pattern matching has a
 * total work budget, so hostile input costs linear time.
 */
#include "df-expand.h"
#include "core/util.h"

/* Steps of pattern matching allowed per df_expand() call before giving up. */
#define EX_PATTERN_BUDGET (16u * 1024 * 1024)

struct ex {
	const char *s;
	size_t len;
	size_t pos;
	char esc;
	df_lookup_fn lookup;
	void *data;
	bool unresolved;
	unsigned depth;
	size_t budget;
};

/* Append to out (NULL: skipping a word whose value is not used), capped. */
static void ex_add(struct ex *ex, struct vakt_buf *out, const char *p, size_t n)
{
	size_t room;

	if (!out)
		return;
	room = DF_EXPAND_MAX_BYTES - out->len;
	if (n > room) {
		n = room;
		ex->unresolved = true;
	}
	vakt_buf_add(out, p, n);
}

static void ex_addc(struct ex *ex, struct vakt_buf *out, char c)
{
	ex_add(ex, out, &c, 1);
}

static void buf_truncate(struct vakt_buf *b, size_t len)
{
	if (b && b->data && len < b->len) {
		b->len = len;
		b->data[len] = '\0';
	}
}

static bool is_name_start(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_special_param(char c)
{
	return c == '@' || c == '*' || c == '#' || c == '?' || c == '-' || c == '$' || c == '!' ||
	       c == '0';
}

/* A name at pos: [A-Za-z_][A-Za-z0-9_]*, a run of digits, or one special character. */
static size_t ex_name(struct ex *ex)
{
	size_t start = ex->pos;

	if (ex->pos >= ex->len)
		return 0;
	if (is_digit(ex->s[ex->pos])) {
		while (ex->pos < ex->len && is_digit(ex->s[ex->pos]))
			ex->pos++;
	} else if (is_special_param(ex->s[ex->pos])) {
		ex->pos++;
	} else if (is_name_start(ex->s[ex->pos])) {
		while (ex->pos < ex->len &&
		       (is_name_start(ex->s[ex->pos]) || is_digit(ex->s[ex->pos])))
			ex->pos++;
	}
	return ex->pos - start;
}

static const char *ex_lookup(struct ex *ex, size_t name, size_t n)
{
	return ex->lookup ? ex->lookup(ex->s + name, n, ex->data) : NULL;
}

static bool ex_word(struct ex *ex, char stop, struct vakt_buf *out, bool raw_esc);

/* --- patterns: * any run, ? one byte, \x literal x ----------------------------- */

enum { G_LIT, G_ANY, G_STAR };

struct glob {
	unsigned char *kind;
	char *lit;
	size_t m;
};

static void glob_compile(struct glob *g, const char *p, size_t n, bool reverse)
{
	size_t k = 0;

	g->kind = vakt_xmalloc(n + 1);
	g->lit = vakt_xmalloc(n + 1);
	for (size_t i = 0; i < n; i++, k++) {
		g->lit[k] = p[i];
		g->kind[k] = p[i] == '*' ? G_STAR : p[i] == '?' ? G_ANY : G_LIT;
		if (p[i] == '\\' && i + 1 < n) {
			g->lit[k] = p[++i];
			g->kind[k] = G_LIT;
		}
	}
	g->m = k;
	if (reverse) {
		for (size_t a = 0, b = k; a + 1 < b; a++, b--) {
			unsigned char tk = g->kind[a];
			char tl = g->lit[a];

			g->kind[a] = g->kind[b - 1];
			g->lit[a] = g->lit[b - 1];
			g->kind[b - 1] = tk;
			g->lit[b - 1] = tl;
		}
	}
}

static void glob_release(struct glob *g)
{
	free(g->kind);
	free(g->lit);
}

static void glob_closure(const struct glob *g, bool *st)
{
	for (size_t k = 0; k < g->m; k++)
		if (st[k] && g->kind[k] == G_STAR)
			st[k + 1] = true;
}

/*
 * Length of the shortest (or longest) prefix of v[0..n) that the pattern
 * matches; false when none does or the work budget ran out (then
 * ex->unresolved is set). The state sets are scratch of g->m + 1 entries.
 */
static bool glob_prefix(struct ex *ex, const struct glob *g, const char *v, size_t n, bool longest,
                        bool *cur, bool *next, size_t *out)
{
	bool found = false;

	if (ex->budget < g->m + 1) {
		ex->unresolved = true;
		return false;
	}
	ex->budget -= g->m + 1;
	memset(cur, 0, g->m + 1);
	cur[0] = true;
	glob_closure(g, cur);
	for (size_t j = 0;; j++) {
		bool alive = false;

		if (cur[g->m]) {
			found = true;
			*out = j;
			if (!longest)
				return true;
		}
		if (j == n)
			break;
		if (ex->budget < g->m + 1) {
			ex->unresolved = true;
			return false;
		}
		ex->budget -= g->m + 1;
		memset(next, 0, g->m + 1);
		for (size_t k = 0; k < g->m; k++) {
			if (!cur[k])
				continue;
			if (g->kind[k] == G_STAR)
				next[k] = alive = true;
			else if (g->kind[k] == G_ANY || g->lit[k] == v[j])
				next[k + 1] = alive = true;
		}
		if (!alive)
			break;
		glob_closure(g, next);
		memcpy(cur, next, g->m + 1);
	}
	return found;
}

/* ${NAME#p} ${NAME##p} ${NAME%p} ${NAME%%p} */
static void ex_trim(struct ex *ex, struct vakt_buf *out, const char *val, const char *pat,
                    size_t plen, bool suffix, bool longest)
{
	size_t n = strlen(val), len = 0;
	struct glob g;
	bool *cur, *next;
	char *rev = NULL;
	const char *v = val;

	glob_compile(&g, pat, plen, suffix);
	cur = vakt_xmalloc(g.m + 1);
	next = vakt_xmalloc(g.m + 1);
	if (suffix) {
		/* A suffix of v is a prefix of v reversed, for the reversed pattern. */
		rev = vakt_xmalloc(n + 1);
		for (size_t i = 0; i < n; i++)
			rev[i] = val[n - 1 - i];
		v = rev;
	}
	if (glob_prefix(ex, &g, v, n, longest, cur, next, &len))
		ex_add(ex, out, suffix ? val : val + len, n - len);
	else
		ex_add(ex, out, val, n);
	free(rev);
	free(cur);
	free(next);
	glob_release(&g);
}

/* ${NAME/p/r} (first match) and ${NAME//p/r} (every match). */
static void ex_replace(struct ex *ex, struct vakt_buf *out, const char *val, const char *pat,
                       size_t plen, const char *rep, size_t rlen, bool all)
{
	size_t n = strlen(val), i = 0;
	struct glob g;
	bool *cur, *next, done = false;

	glob_compile(&g, pat, plen, false);
	cur = vakt_xmalloc(g.m + 1);
	next = vakt_xmalloc(g.m + 1);
	while (i <= n) {
		size_t len = 0;

		if (!done && glob_prefix(ex, &g, val + i, n - i, true, cur, next, &len)) {
			ex_add(ex, out, rep, rlen);
			done = !all;
			if (len) {
				i += len;
				continue;
			}
		}
		if (i < n)
			ex_addc(ex, out, val[i]);
		i++;
	}
	free(cur);
	free(next);
	glob_release(&g);
}

/* --- the lexer ---------------------------------------------------------- */

/*
 * Consume the rest of a ${...} without producing anything, then put the
 * whole construct from `start` into out literally: what BuildKit rejects is
 * shown as written.
 */
static void ex_brace_literal(struct ex *ex, struct vakt_buf *out, size_t start, size_t out_len)
{
	ex->unresolved = true;
	if (ex->depth >= DF_EXPAND_MAX_NEST) {
		ex->pos = ex->len; /* too deep to find the end: the rest is literal */
	} else if (ex->pos < ex->len) {
		ex->depth++;
		ex_word(ex, '}', NULL, false);
		ex->depth--;
	}
	buf_truncate(out, out_len);
	ex_add(ex, out, ex->s + start, ex->pos - start);
}

/* Process a word into a temporary buffer; false when `stop` never came. */
static bool ex_word_tmp(struct ex *ex, char stop, struct vakt_buf *tmp)
{
	*tmp = (struct vakt_buf)VAKT_BUF_INIT;
	vakt_buf_add(tmp, "", 0);
	return ex_word(ex, stop, tmp, true);
}

/* ${...}; pos is just after the '{', start at the '$'. */
static void ex_brace(struct ex *ex, struct vakt_buf *out, size_t start)
{
	size_t out_len = out ? out->len : 0, name, n;
	const char *val;
	char ch;
	bool colon = false;

	if (ex->pos >= ex->len || ex->s[ex->pos] == '{' || ex->s[ex->pos] == '}' ||
	    ex->s[ex->pos] == ':' || ex->depth >= DF_EXPAND_MAX_NEST) {
		ex_brace_literal(ex, out, start, out_len);
		return;
	}
	name = ex->pos;
	n = ex_name(ex);
	if (ex->pos >= ex->len) {
		ex_brace_literal(ex, out, start, out_len);
		return;
	}
	ch = ex->s[ex->pos++];
	if (ch == '}') {
		if (!out)
			return;
		val = n ? ex_lookup(ex, name, n) : NULL;
		if (!val)
			ex->unresolved = true;
		else
			ex_add(ex, out, val, strlen(val));
		return;
	}
	if (ch == ':' && ex->pos < ex->len) {
		colon = true;
		ch = ex->s[ex->pos++];
	}
	val = out && n ? ex_lookup(ex, name, n) : NULL;
	ex->depth++;
	if (ch == '-' || ch == '+') {
		bool set = val && !(colon && !*val);
		bool use_word = ch == '-' ? !set : set;

		if (!ex_word(ex, '}', use_word ? out : NULL, false)) {
			ex->depth--;
			ex_brace_literal(ex, out, start, out_len);
			return;
		}
		if (ch == '-' && set)
			ex_add(ex, out, val, strlen(val));
	} else if (ch == '?') {
		if (!ex_word(ex, '}', NULL, false)) {
			ex->depth--;
			ex_brace_literal(ex, out, start, out_len);
			return;
		}
		if (val && !(colon && !*val))
			ex_add(ex, out, val, strlen(val));
		else if (out)
			ex->unresolved = true; /* the build fails here */
	} else if (ch == '#' || ch == '%') {
		struct vakt_buf pat;
		bool longest = ex->pos < ex->len && ex->s[ex->pos] == ch;

		if (longest)
			ex->pos++;
		if (!ex_word_tmp(ex, '}', &pat)) {
			vakt_buf_release(&pat);
			ex->depth--;
			ex_brace_literal(ex, out, start, out_len);
			return;
		}
		if (out) {
			if (!val)
				ex->unresolved = true;
			ex_trim(ex, out, val ? val : "", pat.data, pat.len, ch == '%', longest);
		}
		vakt_buf_release(&pat);
	} else if (ch == '/' && !colon) {
		struct vakt_buf pat, rep = VAKT_BUF_INIT;
		bool all = ex->pos < ex->len && ex->s[ex->pos] == '/';

		if (all)
			ex->pos++;
		if (!ex_word_tmp(ex, '/', &pat) || !ex_word_tmp(ex, '}', &rep)) {
			vakt_buf_release(&pat);
			vakt_buf_release(&rep);
			ex->depth--;
			ex_brace_literal(ex, out, start, out_len);
			return;
		}
		if (out) {
			if (!val)
				ex->unresolved = true;
			ex_replace(ex, out, val ? val : "", pat.data, pat.len, rep.data, rep.len,
			           all);
		}
		vakt_buf_release(&pat);
		vakt_buf_release(&rep);
	} else {
		ex->depth--;
		ex_brace_literal(ex, out, start, out_len);
		return;
	}
	ex->depth--;
}

/* A '$' at pos, outside single quotes. */
static void ex_dollar(struct ex *ex, struct vakt_buf *out)
{
	size_t start = ex->pos, name, n;
	const char *val;

	ex->pos++;
	if (ex->pos < ex->len && ex->s[ex->pos] == '{') {
		ex->pos++;
		ex_brace(ex, out, start);
		return;
	}
	name = ex->pos;
	n = ex_name(ex);
	if (!n) {
		ex_addc(ex, out, '$');
		return;
	}
	if (!out)
		return;
	val = ex_lookup(ex, name, n);
	if (!val)
		ex->unresolved = true;
	else
		ex_add(ex, out, val, strlen(val));
}

static void ex_dquote(struct ex *ex, struct vakt_buf *out, bool raw_esc)
{
	const char *s = ex->s;

	ex->pos++;
	while (ex->pos < ex->len) {
		char c = s[ex->pos];

		if (c == '"') {
			ex->pos++;
			return;
		}
		if (c == '$') {
			ex_dollar(ex, out);
			continue;
		}
		ex->pos++;
		if (c == ex->esc) {
			char e = ex->pos < ex->len ? s[ex->pos] : '\0';

			if (raw_esc)
				ex_addc(ex, out, c);
			if (ex->pos >= ex->len)
				continue;
			if (e == '"' || e == '$' || e == ex->esc) {
				ex_addc(ex, out, e);
				ex->pos++;
				continue;
			}
			if (raw_esc)
				continue;
		}
		ex_addc(ex, out, c);
	}
	/* Unterminated: BuildKit fails; keep what was read. */
	ex->unresolved = true;
}

/*
 * Process text from pos up to `stop` (0: the end) into out (NULL: parse
 * only). raw_esc keeps escape characters, as BuildKit does for patterns.
 * Returns whether stop was found.
 */
static bool ex_word(struct ex *ex, char stop, struct vakt_buf *out, bool raw_esc)
{
	const char *s = ex->s;

	while (ex->pos < ex->len) {
		char c = s[ex->pos];

		if (stop && c == stop) {
			ex->pos++;
			return true;
		}
		if (c == '\'') {
			const char *q = memchr(s + ex->pos + 1, '\'', ex->len - ex->pos - 1);
			size_t end = q ? (size_t)(q - s) : ex->len;

			ex_add(ex, out, s + ex->pos + 1, end - ex->pos - 1);
			if (!q)
				ex->unresolved = true;
			ex->pos = q ? end + 1 : ex->len;
		} else if (c == '"') {
			ex_dquote(ex, out, raw_esc);
		} else if (c == '$') {
			ex_dollar(ex, out);
		} else if (c == ex->esc) {
			if (raw_esc)
				ex_addc(ex, out, c);
			if (++ex->pos >= ex->len)
				break; /* a trailing escape is dropped */
			ex_addc(ex, out, s[ex->pos++]);
		} else {
			size_t q = ex->pos + 1;

			while (q < ex->len && s[q] != stop && s[q] != '\'' && s[q] != '"' &&
			       s[q] != '$' && s[q] != ex->esc)
				q++;
			ex_add(ex, out, s + ex->pos, q - ex->pos);
			ex->pos = q;
		}
	}
	return !stop;
}

char *df_expand(const char *s, char escape, df_lookup_fn lookup, void *data, bool *unresolved)
{
	struct vakt_buf out = VAKT_BUF_INIT;
	struct ex ex = {
	    .s = s ? s : "",
	    .len = s ? strlen(s) : 0,
	    .pos = 0,
	    .esc = escape ? escape : '\\',
	    .lookup = lookup,
	    .data = data,
	    .unresolved = false,
	    .depth = 0,
	    .budget = EX_PATTERN_BUDGET,
	};

	ex_word(&ex, '\0', &out, false);
	if (unresolved)
		*unresolved = ex.unresolved;
	return vakt_buf_detach(&out);
}
