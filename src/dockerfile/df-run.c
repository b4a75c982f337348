/* SPDX-License-Identifier: MIT */
/*
 * The shell commands of a RUN, for the rules that reason about what runs:
 * the shell-form text, the heredoc bodies that are scripts, or the exec-form
 * elements. BuildKit runs `RUN <<EOF` bodies with the stage's shell (or the
 * shebang's interpreter), and hands `cmd <<EOF` with its body to the shell,
 * so a body is a script exactly when a POSIX shell reads it.
 */
#include "df-parse-priv.h"

static const char *const posix_shells[] = {"sh", "bash", "ash", "dash", "zsh", "ksh"};

bool df_run_is_posix_shell(const char *name, size_t len)
{
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(posix_shells); i++)
		if (strlen(posix_shells[i]) == len && !memcmp(name, posix_shells[i], len))
			return true;
	return false;
}

/* Move the commands of src behind those of dst. */
static void run_append(struct shell_script *dst, struct shell_script *src)
{
	if (!src->n) {
		shell_script_release(src);
		return;
	}
	if (!dst->cmds) {
		*dst = *src;
		memset(src, 0, sizeof(*src));
		return;
	}
	dst->cmds = vakt_grow(dst->cmds, sizeof(*dst->cmds), dst->n + src->n, &dst->cap);
	memcpy(dst->cmds + dst->n, src->cmds, src->n * sizeof(*src->cmds));
	dst->n += src->n;
	free(src->cmds);
	memset(src, 0, sizeof(*src));
}

static void run_parse(struct df_instr *in, const struct shell_text *t)
{
	struct shell_script tmp = {0};

	/* A malformed script still yields what could be tokenized. */
	(void)shell_parse(t, &tmp);
	run_append(&in->sh, &tmp);
}

/* The next blank-separated token of s[*i..n). */
static bool run_token(const char *s, size_t n, size_t *i, size_t *off, size_t *len)
{
	while (*i < n && (s[*i] == ' ' || s[*i] == '\t'))
		(*i)++;
	if (*i >= n || s[*i] == '\n')
		return false;
	*off = *i;
	while (*i < n && s[*i] != ' ' && s[*i] != '\t' && s[*i] != '\n')
		(*i)++;
	*len = *i - *off;
	return true;
}

static void run_basename(const char *s, size_t n, const char **b, size_t *bn)
{
	const char *slash = NULL;

	for (size_t i = 0; i < n; i++)
		if (s[i] == '/')
			slash = s + i;
	*b = slash ? slash + 1 : s;
	*bn = n - (size_t)(*b - s);
}

/* Whether a body starting with "#!" names a POSIX shell (through env too). */
static bool run_shebang_is_shell(const struct shell_text *body)
{
	const char *s = body->s;
	size_t n = body->len, i = 2, off, len;
	const char *b;
	size_t bn;

	if (!run_token(s, n, &i, &off, &len))
		return false;
	run_basename(s + off, len, &b, &bn);
	if (bn == 3 && !memcmp(b, "env", 3)) {
		/* #!/usr/bin/env [-S] [NAME=value]... program */
		while (run_token(s, n, &i, &off, &len)) {
			if (s[off] == '-' || memchr(s + off, '=', len))
				continue;
			run_basename(s + off, len, &b, &bn);
			return df_run_is_posix_shell(b, bn);
		}
		return false;
	}
	return df_run_is_posix_shell(b, bn);
}

/* Words of one simple command, for finding what reads a heredoc. */
struct run_words {
	struct df_wpos *v;
	size_t n, cap;
};

static void run_word_cb(size_t off, size_t len, void *data)
{
	struct run_words *rw = data;

	rw->v = vakt_grow(rw->v, sizeof(*rw->v), rw->n + 1, &rw->cap);
	rw->v[rw->n].off = off;
	rw->v[rw->n].len = len;
	rw->n++;
}

static bool run_is_assignment(const char *w, size_t n)
{
	size_t i = 0;

	if (!n || !((w[0] >= 'A' && w[0] <= 'Z') || (w[0] >= 'a' && w[0] <= 'z') || w[0] == '_'))
		return false;
	while (i < n && ((w[i] >= 'A' && w[i] <= 'Z') || (w[i] >= 'a' && w[i] <= 'z') ||
	                 (w[i] >= '0' && w[i] <= '9') || w[i] == '_'))
		i++;
	return i < n && w[i] == '=';
}

/* A redirection word: [n]<, [n]>, &>, <<X ...; *bare when its target is the next word. */
static bool run_is_redirection(const char *w, size_t n, bool *bare)
{
	size_t i = 0;

	while (i < n && w[i] >= '0' && w[i] <= '9')
		i++;
	if (i < n && w[i] == '&' && i + 1 < n && w[i + 1] == '>')
		i++;
	if (i >= n || (w[i] != '<' && w[i] != '>'))
		return false;
	while (i < n && (w[i] == '<' || w[i] == '>' || w[i] == '&' || w[i] == '|' || w[i] == '-'))
		i++;
	*bare = i == n;
	return true;
}

static bool run_is_word(const char *w, size_t n, const char *lit)
{
	return strlen(lit) == n && !memcmp(w, lit, n);
}

/* Wrappers that run the command after them (and their options). */
static bool run_is_wrapper(const char *w, size_t n)
{
	static const char *const wrappers[] = {"sudo", "env",  "exec", "nohup", "time", "command",
	                                       "nice", "then", "do",   "else",  "!",    "{"};

	for (size_t i = 0; i < VAKT_ARRAY_SIZE(wrappers); i++)
		if (run_is_word(w, n, wrappers[i]))
			return true;
	return false;
}

/*
 * Whether the heredoc whose marker sits at `moff` of t feeds a POSIX shell
 * that reads its script from standard input (sh, bash -e, but not bash -c).
 */
static bool run_marker_feeds_shell(const struct shell_text *t, size_t moff)
{
	const char *s = t->s;
	size_t seg = 0, end = t->len, i = 0, k;
	struct run_words rw = {0};
	const char *prog = NULL, *b;
	size_t prog_len = 0, bn;
	bool bare, shell = false, wrapped = false;
	char quote = 0;

	if (!s)
		return false;
	/* The simple command around the marker: between separators outside quotes. */
	for (i = 0; i < t->len; i++) {
		char c = s[i];

		if (c == '\\' && quote != '\'') {
			i++;
			continue;
		}
		if (quote) {
			if (c == quote)
				quote = 0;
			continue;
		}
		if (c == '\'' || c == '"') {
			quote = c;
			continue;
		}
		if (c == ';' || c == '&' || c == '|' || c == '(' || c == ')' || c == '\n') {
			if (moff < i) {
				end = i;
				break;
			}
			seg = i + 1;
		}
	}
	df_split_words(s + seg, end - seg, '\\', run_word_cb, &rw);
	for (k = 0; rw.v && k < rw.n; k++) {
		const char *w = s + seg + rw.v[k].off;
		size_t n = rw.v[k].len;

		if (run_is_redirection(w, n, &bare)) {
			k += bare;
			continue;
		}
		if (!prog) {
			if (run_is_assignment(w, n))
				continue;
			if (run_is_wrapper(w, n)) {
				wrapped = true;
				continue;
			}
			if (wrapped && w[0] == '-') {
				/* sudo -u user / -g group take a value; env -i does not. */
				k += (run_is_word(w, n, "-u") || run_is_word(w, n, "-g"));
				continue;
			}
			prog = w;
			prog_len = n;
			run_basename(prog, prog_len, &b, &bn);
			shell = df_run_is_posix_shell(b, bn);
			continue;
		}
		/* "bash -c 'cmd' <<EOF": the body is cmd's input, not a script. */
		if (shell && n >= 2 && w[0] == '-' && w[1] != '-' && memchr(w, 'c', n))
			shell = false;
	}
	free(rw.v);
	return shell;
}

/* Shell-safe characters: an element made only of these needs no quotes. */
static bool run_safe_word(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || strchr("_@%+:,./-", *s)))
			return false;
	return true;
}

/*
 * Exec form: the elements joined by spaces, each single-quoted when needed so
 * that the tokenizer keeps element boundaries (and sees no expansion, as none
 * happens without a shell). Positions point at each element's JSON string.
 */
static void run_exec_form(struct df_parser *p, struct df_instr *in)
{
	struct df_tbuf *tb = &p->tmp;
	struct shell_text view;

	df_tbuf_reset(tb);
	for (size_t i = 0; i < in->n_args; i++) {
		const struct df_word *w = &in->args[i];
		const char *v = w->value;
		int line = w->span.line, col = w->span.column + 1;

		if (i)
			df_tbuf_add(tb, " ", 1, in->args[i - 1].span.end_line,
			            in->args[i - 1].span.end_column + 1);
		if (run_safe_word(v)) {
			df_tbuf_add(tb, v, strlen(v), line, col);
			continue;
		}
		df_tbuf_add(tb, "'", 1, line, col - 1);
		while (*v) {
			const char *q = strchr(v, '\'');
			size_t n = q ? (size_t)(q - v) : strlen(v);

			df_tbuf_add(tb, v, n, line, col);
			col += (int)n;
			if (!q)
				break;
			df_tbuf_add(tb, "'\\''", 4, line, col);
			col++;
			v = q + 1;
		}
		df_tbuf_add(tb, "'", 1, w->span.end_line, w->span.end_column);
	}
	view = df_tbuf_view(tb);
	if (view.len)
		run_parse(in, &view);
}

static void run_build(struct df_parser *p, struct df_instr *in, const struct df_marker *m,
                      size_t n_m)
{
	if (in->exec_form) {
		run_exec_form(p, in);
		return;
	}
	if (in->n_heredocs && n_m && m[0].word_off == 0 && m[0].word_len == in->text.len) {
		/* RUN <<EOF: the body is the script, unless a shebang says otherwise. */
		const struct shell_text *body = &in->heredocs[0].body;

		if (body->len < 2 || memcmp(body->s, "#!", 2) || run_shebang_is_shell(body))
			run_parse(in, body);
		return;
	}
	run_parse(in, &in->text);
	for (size_t i = 0; i < in->n_heredocs && i < n_m; i++)
		if (run_marker_feeds_shell(&in->text, m[i].off))
			run_parse(in, &in->heredocs[i].body);
}

void df_run_build_sh(struct df_parser *p, struct df_instr *in, const struct df_marker *m,
                     size_t n_m)
{
	size_t n_pkgs;

	if (in->kind != DF_RUN)
		return;
	run_build(p, in, m, n_m);
	/* The commands array grew by doubling from 8: a file keeps every RUN's, at its size. */
	if (in->sh.cap > in->sh.n) {
		if (in->sh.n) {
			in->sh.cmds = vakt_xrealloc(in->sh.cmds, in->sh.n * sizeof(*in->sh.cmds));
		} else {
			free(in->sh.cmds);
			in->sh.cmds = NULL;
		}
		in->sh.cap = in->sh.n;
	}
	/* After the last change to sh.cmds: the commands point into it. */
	in->pkgs = df_pkg_parse_all(&in->sh, &n_pkgs);
	in->n_pkgs = (uint32_t)n_pkgs; /* at most SHELL_MAX_COMMANDS */
}
