/* SPDX-License-Identifier: MIT */
/*
 * Build rules that judge one instruction at a time: ADD (DF080, DF081),
 * shell-form CMD/ENTRYPOINT (DF082), MAINTAINER (DF085), several sources
 * into a non-directory (DF092), forbidden ONBUILD triggers (DF095), the
 * legacy ENV form (DF097) and comments that swallow continued lines (DF099).
 * ONBUILD triggers are judged too where the rule applies to them; their
 * variables are expanded in a later build, so they are never resolved here.
 */
#include "df-check-build.h"

typedef void (*instr_fn)(struct vakt_check_ctx *ctx, const struct df_instr *in, size_t at,
                         int stage);

/* Run fn on every instruction and every ONBUILD trigger (stage -1: no expansion). */
static void each_instr(struct vakt_check_ctx *ctx, instr_fn fn)
{
	const struct df_file *f = ctx->model;

	for (size_t i = 0; i < f->n_instrs; i++) {
		const struct df_instr *in = &f->instrs[i];

		fn(ctx, in, i, in->stage);
		if (in->kind == DF_ONBUILD && in->onbuild)
			fn(ctx, in->onbuild, i, -1);
	}
}

static bool iends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && !vakt_strcasecmp(s + n - m, suffix);
}

static bool is_heredoc_word(const struct df_word *w)
{
	return w->raw && w->raw[0] == '<' && w->raw[1] == '<';
}

static bool is_http_url(const char *s)
{
	return vakt_istarts_with(s, "http://") || vakt_istarts_with(s, "https://");
}

/* A source ADD clones with git, as BuildKit recognises them. */
static bool is_git_ref(const char *s)
{
	size_t n;

	if (vakt_istarts_with(s, "git://") || vakt_istarts_with(s, "git@") ||
	    vakt_istarts_with(s, "ssh://") || vakt_istarts_with(s, "github.com/"))
		return true;
	if (!is_http_url(s))
		return false;
	n = strcspn(s, "#?");
	return n >= 4 && !vakt_strncasecmp(s + n - 4, ".git", 4);
}

static bool is_hex_commit(const char *s, size_t n)
{
	if (n != 40 && n != 64)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f') ||
		      (s[i] >= 'A' && s[i] <= 'F')))
			return false;
	return true;
}

/*
 * Whether a git source names an immutable commit: "#<sha>[:subdir]", or the
 * query form "?ref=<sha>" / "?checksum=<sha>".
 */
static bool git_is_pinned(const char *s)
{
	const char *frag = strchr(s, '#');
	const char *q = strchr(s, '?');

	if (frag && is_hex_commit(frag + 1, strcspn(frag + 1, ":?")))
		return true;
	for (const char *p = q; p && *p; p = strchr(p + 1, '&')) {
		const char *kv = p + 1;

		if (vakt_starts_with(kv, "checksum="))
			return true;
		if (vakt_starts_with(kv, "ref=") && is_hex_commit(kv + 4, strcspn(kv + 4, "&#")))
			return true;
	}
	return false;
}

/*
 * Names ADD may unpack: tar and the compressions BuildKit detects. A plain
 * compressed file is copied as is, but its name alone does not tell, so any
 * compressed name counts as an archive.
 */
static const char *const archive_exts[] = {
    ".tar",  ".tgz", ".taz", ".tbz", ".tbz2", ".tb2",  ".txz", ".tlz",
    ".tzst", ".gz",  ".bz2", ".xz",  ".lz",   ".lzma", ".zst", ".z",
};

static bool is_archive_name(const char *s)
{
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(archive_exts); i++)
		if (iends_with(s, archive_exts[i]))
			return true;
	return false;
}

/* DF080: an ADD whose local source needs neither fetching nor unpacking. */
static void add_local_one(struct vakt_check_ctx *ctx, const struct df_instr *in, size_t at,
                          int stage)
{
	const struct df_file *f = ctx->model;

	if (in->kind != DF_ADD || in->n_args < 2)
		return;
	for (size_t k = 0; k + 1 < in->n_args; k++) {
		const struct df_word *w = &in->args[k];
		char *s;
		bool plain;

		if (is_heredoc_word(w)) {
			vakt_check_emit(
			    ctx, &w->span, NULL,
			    "ADD of a heredoc fetches and unpacks nothing: use COPY %.*s",
			    DF_BUILD_MSG_MAX, w->raw);
			return;
		}
		s = df_file_word(f, stage, at, w, in->exec_form);
		if (!s)
			continue; /* cannot verify */
		plain = !is_http_url(s) && !is_git_ref(s) && !is_archive_name(s);
		if (plain)
			vakt_check_emit(ctx, &w->span, NULL,
			                "ADD of local '%.*s', which is neither a URL nor a tar "
			                "archive: use COPY",
			                DF_BUILD_MSG_MAX, s);
		free(s);
		if (plain)
			return; /* one finding per instruction */
	}
}

void df_check_add_local(struct vakt_check_ctx *ctx)
{
	each_instr(ctx, add_local_one);
}

/* DF081: ADD of a URL or git repository whose content is not pinned. */
static void add_remote_one(struct vakt_check_ctx *ctx, const struct df_instr *in, size_t at,
                           int stage)
{
	const struct df_file *f = ctx->model;
	const char *checksum;

	if (in->kind != DF_ADD || in->n_args < 2)
		return;
	checksum = df_instr_flag(in, "checksum");
	if (checksum && *checksum)
		return; /* BuildKit verifies the content (or the commit) */
	for (size_t k = 0; k + 1 < in->n_args; k++) {
		const struct df_word *w = &in->args[k];
		char *s;

		if (is_heredoc_word(w))
			continue;
		/* A URL's scheme is literal even when a variable is not resolved. */
		s = df_file_word(f, stage, at, w, in->exec_form);
		if (!s)
			s = vakt_xstrdup(w->value ? w->value : "");
		if (is_git_ref(s)) {
			if (!git_is_pinned(s))
				vakt_check_emit(
				    ctx, &w->span, NULL,
				    "ADD clones git repository '%.*s' at a ref that can "
				    "move: pin a full commit ('#<sha>') or add "
				    "--checksum=<commit>",
				    DF_BUILD_MSG_MAX, s);
		} else if (is_http_url(s)) {
			vakt_check_emit(ctx, &w->span, NULL,
			                "ADD downloads '%.*s'%s without --checksum: what the "
			                "build gets is not verified and can change",
			                DF_BUILD_MSG_MAX, s,
			                vakt_istarts_with(s, "http://") ? " over unencrypted HTTP"
			                                                : "");
		}
		free(s);
	}
}

void df_check_add_remote(struct vakt_check_ctx *ctx)
{
	each_instr(ctx, add_remote_one);
}

static const char *skip_blanks(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

/*
 * The exec form of a simple command line ("node server.js" ->
 * ["node", "server.js"]) into b, or false when the text uses the shell
 * (quotes, variables, operators, globs) and has no literal translation.
 */
static bool exec_form_of(const char *text, struct vakt_buf *b)
{
	const char *p = skip_blanks(text);
	size_t first = strcspn(p, " \t");
	bool sep = false;

	if (!*p || strlen(p) > DF_BUILD_MSG_MAX || p[strcspn(p, "$`'\"\\|&;<>()*?[]{}~#!%\n")])
		return false;
	if (memchr(p, '=', first))
		return false; /* a leading NAME=value assignment */
	vakt_buf_addc(b, '[');
	while (*p) {
		size_t n = strcspn(p, " \t");

		vakt_buf_addf(b, "%s\"%.*s\"", sep ? ", " : "", (int)n, p);
		sep = true;
		p = skip_blanks(p + n);
	}
	vakt_buf_addc(b, ']');
	return true;
}

/* DF082: CMD or ENTRYPOINT run through /bin/sh -c. */
static void shell_form_one(struct vakt_check_ctx *ctx, const struct df_instr *in,
                           const bool *has_shell)
{
	const char *kw = df_build_keyword(in);
	const char *text = in->text.s ? skip_blanks(in->text.s) : "";
	struct vakt_span sp =
	    in->text.len ? shell_text_span(&in->text, 0, in->text.len) : df_build_keyword_span(in);
	const char *tail = in->kind == DF_ENTRYPOINT ? "; a shell-form ENTRYPOINT also ignores "
	                                               "CMD and docker run arguments"
	                                             : "";
	struct vakt_buf fix = VAKT_BUF_INIT;

	if (in->exec_form || (in->kind != DF_CMD && in->kind != DF_ENTRYPOINT) || !*text)
		return;
	/* A SHELL instruction makes the shell an explicit choice (as BuildKit judges). */
	if (has_shell && in->stage >= 0 && has_shell[in->stage])
		return;
	/* "exec prog" replaces the shell, so the program is PID 1 after all. */
	if (vakt_starts_with(text, "exec ") || vakt_starts_with(text, "exec\t"))
		return;
	if (text[0] == '[') {
		vakt_check_emit(ctx, &sp, NULL,
		                "%s looks like exec form but is not a valid JSON array (strings "
		                "need double quotes), so it runs under /bin/sh -c, which does not "
		                "pass SIGTERM to the program%s",
		                kw, tail);
		return;
	}
	if (exec_form_of(text, &fix))
		vakt_check_emit(
		    ctx, &sp, NULL,
		    "%s in shell form runs under /bin/sh -c, which does not pass SIGTERM "
		    "to '%s'%s; write %s %s",
		    kw, text, tail, kw, vakt_buf_str(&fix));
	else
		vakt_check_emit(
		    ctx, &sp, NULL,
		    "%s in shell form runs under /bin/sh -c, which does not pass SIGTERM "
		    "to '%.*s'%s; use the JSON exec form, or start the command with "
		    "'exec'",
		    kw, DF_BUILD_MSG_MAX, text, tail);
	vakt_buf_release(&fix);
}

void df_check_shell_form_cmd(struct vakt_check_ctx *ctx)
{
	const struct df_file *f = ctx->model;
	bool *has_shell = df_build_stages_with(f, DF_SHELL);

	for (size_t i = 0; i < f->n_instrs; i++) {
		const struct df_instr *in = &f->instrs[i];

		shell_form_one(ctx, in, has_shell);
		if (in->kind == DF_ONBUILD && in->onbuild)
			shell_form_one(ctx, in->onbuild, NULL);
	}
	free(has_shell);
}

/* Trim blanks at both ends of s[0..n) in place: returns the start, *n shrunk. */
static const char *trim(const char *s, size_t *n)
{
	while (*n && (*s == ' ' || *s == '\t')) {
		s++;
		(*n)--;
	}
	while (*n && (s[*n - 1] == ' ' || s[*n - 1] == '\t' || s[*n - 1] == '\r'))
		(*n)--;
	return s;
}

/* DF085: MAINTAINER. */
void df_check_maintainer(struct vakt_check_ctx *ctx)
{
	const struct df_file *f = ctx->model;

	for (size_t i = 0; i < f->n_instrs; i++) {
		const struct df_instr *in = &f->instrs[i];
		struct vakt_span sp = df_build_keyword_span(in);
		size_t n = in->text.len;
		const char *v = in->text.s ? trim(in->text.s, &n) : "";

		if (in->kind != DF_MAINTAINER)
			continue;
		if (n && n <= DF_BUILD_MSG_MAX && !memchr(v, '"', n) && !memchr(v, '\\', n))
			vakt_check_emit(ctx, &sp, NULL,
			                "MAINTAINER is deprecated: write LABEL "
			                "org.opencontainers.image.authors=\"%.*s\"",
			                (int)n, v);
		else
			vakt_check_emit(ctx, &sp, NULL,
			                "MAINTAINER is deprecated: use LABEL "
			                "org.opencontainers.image.authors=...");
	}
}

static bool is_dir_dest(const char *d)
{
	size_t n = strlen(d);

	if (!n)
		return false;
	return d[n - 1] == '/' || d[n - 1] == '\\' || !strcmp(d, ".") || !strcmp(d, "..") ||
	       vakt_ends_with(d, "/.") || vakt_ends_with(d, "/..");
}

/* DF092: several sources into a destination that is not written as a directory. */
static void multi_source_one(struct vakt_check_ctx *ctx, const struct df_instr *in, size_t at,
                             int stage)
{
	const struct df_file *f = ctx->model;
	const struct df_word *dest;
	char *d;

	if ((in->kind != DF_COPY && in->kind != DF_ADD) || in->n_args < 3)
		return;
	dest = &in->args[in->n_args - 1];
	d = df_file_word(f, stage, at, dest, in->exec_form);
	if (d && !is_dir_dest(d))
		vakt_check_emit(ctx, &dest->span, NULL,
		                "%s has %zu sources but its destination '%.*s' does not end with "
		                "'/': write '%.*s/' so that it is a directory",
		                df_build_keyword(in), in->n_args - 1, DF_BUILD_MSG_MAX, d,
		                DF_BUILD_MSG_MAX, d);
	free(d);
}

void df_check_multi_source_dest(struct vakt_check_ctx *ctx)
{
	each_instr(ctx, multi_source_one);
}

/* DF095: ONBUILD triggers BuildKit refuses. */
void df_check_onbuild_trigger(struct vakt_check_ctx *ctx)
{
	const struct df_file *f = ctx->model;

	for (size_t i = 0; i < f->n_instrs; i++) {
		const struct df_instr *t = f->instrs[i].onbuild;
		struct vakt_span sp;

		if (f->instrs[i].kind != DF_ONBUILD || !t ||
		    (t->kind != DF_ONBUILD && t->kind != DF_FROM && t->kind != DF_MAINTAINER))
			continue;
		sp = df_build_keyword_span(t);
		vakt_check_emit(ctx, &sp, NULL,
		                "ONBUILD %s is not allowed as a trigger: the build fails",
		                df_build_keyword(t));
	}
}

/* DF097: "ENV key value". */
static void legacy_env_one(struct vakt_check_ctx *ctx, const struct df_instr *in, size_t at,
                           int stage)
{
	for (size_t k = 0; k < in->n_kvs; k++) {
		const struct df_kv *kv = &in->kvs[k];
		const char *key = kv->key.raw ? kv->key.raw : "";
		const char *val = kv->value.raw ? kv->value.raw : "";
		size_t n = strlen(val);
		bool quoted = n && (val[0] == '"' || val[0] == '\'');
		bool blank = val[strcspn(val, " \t")] != '\0';

		if (!kv->legacy)
			continue;
		if (n <= DF_BUILD_MSG_MAX && strlen(key) <= DF_BUILD_MSG_MAX &&
		    (quoted || !blank || !strchr(val, '"')))
			vakt_check_emit(ctx, &kv->key.span, NULL,
			                "%s %s %s uses the legacy 'key value' form: write %s "
			                "%s=%s%s%s",
			                df_build_keyword(in), key, val, df_build_keyword(in), key,
			                blank && !quoted ? "\"" : "", val,
			                blank && !quoted ? "\"" : "");
		else
			vakt_check_emit(ctx, &kv->key.span, NULL,
			                "%s %.*s uses the legacy 'key value' form: write "
			                "%s %.*s=<value>",
			                df_build_keyword(in), DF_BUILD_MSG_MAX, key,
			                df_build_keyword(in), DF_BUILD_MSG_MAX, key);
	}
}

void df_check_legacy_env(struct vakt_check_ctx *ctx)
{
	each_instr(ctx, legacy_env_one);
}

/* Index of the segment of t that holds byte off. */
static size_t seg_of(const struct shell_text *t, size_t off)
{
	size_t lo = 0, hi = t->n_segs;

	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (t->segs[mid].off <= off)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

static bool is_blank_char(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/*
 * The shell comment at text[h..end) of a joined instruction: when a later
 * source line was joined into it, report what the shell will skip.
 */
static void swallow_report(struct vakt_check_ctx *ctx, const struct df_instr *in, size_t h,
                           size_t end)
{
	const struct shell_text *t = &in->text;
	size_t si = seg_of(t, h);
	int hline = t->segs[si].line;

	for (si++; si < t->n_segs && t->segs[si].off < end; si++) {
		size_t j = t->segs[si].off, k = j, clen;
		struct vakt_span sp;
		int kline, kcol;

		if (t->segs[si].line == hline)
			continue;
		while (k < end && is_blank_char(t->s[k]))
			k++;
		if (k == end)
			return; /* only blanks were joined */
		clen = j - h;
		while (clen && is_blank_char(t->s[h + clen - 1]))
			clen--;
		shell_text_pos(t, k, &kline, &kcol);
		sp = shell_text_span(t, h, clen ? clen : 1);
		vakt_check_emit(
		    ctx, &sp, NULL,
		    "the comment '%.*s' continues onto line %d, so the shell also "
		    "ignores '%.*s'",
		    (int)(clen < DF_BUILD_MSG_MAX ? clen : DF_BUILD_MSG_MAX), t->s + h, kline,
		    (int)(end - k < DF_BUILD_MSG_MAX ? end - k : DF_BUILD_MSG_MAX), t->s + k);
		return;
	}
}

/* DF099: a '#' comment in a continued shell-form command swallows the lines joined after it. */
static void swallow_one(struct vakt_check_ctx *ctx, const struct df_instr *in, size_t at, int stage)
{
	const struct shell_text *t = &in->text;
	char q = 0;

	if ((in->kind != DF_RUN && in->kind != DF_CMD && in->kind != DF_ENTRYPOINT) ||
	    in->exec_form || !t->s || t->n_segs < 2)
		return;
	for (size_t i = 0; i < t->len; i++) {
		char c = t->s[i];
		size_t end;

		if (q == '\'') {
			if (c == '\'')
				q = 0;
			continue;
		}
		if (q == '"') {
			if (c == '\\')
				i++;
			else if (c == '"')
				q = 0;
			continue;
		}
		if (c == '\\') {
			i++;
			continue;
		}
		if (c == '\'' || c == '"') {
			q = c;
			continue;
		}
		/* '#' starts a comment only where a word may start. */
		if (c != '#' || (i > 0 && !strchr(" \t\n;&|()<>", t->s[i - 1])))
			continue;
		end = i;
		while (end < t->len && t->s[end] != '\n')
			end++;
		swallow_report(ctx, in, i, end);
		i = end;
	}
}

void df_check_comment_swallow(struct vakt_check_ctx *ctx)
{
	const struct df_file *f = ctx->model;

	/* With escape=` the shell is PowerShell or cmd, where '#' means something else. */
	if (f->escape == '`')
		return;
	each_instr(ctx, swallow_one);
}
