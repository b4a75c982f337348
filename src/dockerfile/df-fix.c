/* SPDX-License-Identifier: MIT */
/*
 * vakt fix for Dockerfiles (docs/fix.md): the edits of the rules that know
 * their fix, made on the source text so that everything else (comments,
 * continuations, heredocs, indentation, line endings) stays as written.
 * Each fixer edits only when it can prove the bytes it replaces are the
 * ones the model read, and otherwise says why it left the finding alone.
 *
 * - DF001, DF002, DF003: a numeric non-root USER at the end of the final
 *   stage, the user created first where the base image's family is known.
 * - DF051: --no-install-recommends after apt-get install.
 * - DF052: && rm -rf of the apt lists at the end of the RUN.
 * - DF080: COPY for an ADD whose sources are all local, plain files.
 * - DF082: the JSON exec form of a shell-form CMD or ENTRYPOINT that is a
 *   plain word list.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/fix.h"
#include "core/scan.h"
#include "df-check-run.h"
#include "df-check-sec.h"
#include "df-fix.h"
#include "df-model.h"
#include "df-pkg.h"

/* The file's line ending: CRLF when its first line ends so. */
static const char *eol_of(const struct vakt_source *src)
{
	const char *nl = memchr(src->data, '\n', src->len);

	return nl && nl > src->data && nl[-1] == '\r' ? "\r\n" : "\n";
}

/*
 * The instruction whose span holds line (not an ONBUILD trigger), or NULL:
 * a binary search, the instructions being in source order on lines of
 * their own (a file of many findings is fixed in n log n).
 */
static const struct df_instr *instr_at(const struct df_file *f, int line, size_t *at)
{
	size_t lo = 0, hi = f->n_instrs;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (f->instrs[mid].span.line <= line)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!lo || f->instrs[lo - 1].span.end_line < line)
		return NULL;
	if (at)
		*at = lo - 1;
	return &f->instrs[lo - 1];
}

/*
 * The byte offset of a model position: the parser counts the columns of
 * line 1 after a UTF-8 byte-order mark, which the source keeps.
 */
static size_t df_offset(const struct vakt_source *src, int line, int column)
{
	size_t off = vakt_fix_offset(src, line, column);

	if (off != (size_t)-1 && line == 1 && src->len >= 3 &&
	    !memcmp(src->data, "\xef\xbb\xbf", 3))
		off += 3;
	return off <= src->len ? off : (size_t)-1;
}

/* Whether src holds exactly s at offset off. */
static bool source_has(const struct vakt_source *src, size_t off, const char *s, size_t n)
{
	return off != (size_t)-1 && off <= src->len && n <= src->len - off &&
	       !memcmp(src->data + off, s, n);
}

/* One past the end of line `line` (its newline included), or the end of the text. */
static size_t after_line(const struct vakt_source *src, int line)
{
	if ((size_t)line < src->n_lines)
		return vakt_source_line_start(src, line + 1);
	return src->len;
}

/* ---- USER (DF001, DF002, DF003) -------------------------------------------- */

enum family { FAM_UNKNOWN, FAM_DEBIAN, FAM_ALPINE, FAM_DISTROLESS, FAM_SCRATCH };

/* Official images whose default variants are Debian or Ubuntu based. */
static const char *const debian_images[] = {
    "debian", "ubuntu",         "python", "node",  "golang", "ruby",   "php",     "perl",
    "rust",   "buildpack-deps", "nginx",  "httpd", "maven",  "gradle", "openjdk", "eclipse-temurin",
    NULL,
};

static enum family family_of_image(const char *image)
{
	const char *colon, *slash = strrchr(image, '/');
	char *name;
	enum family fam = FAM_UNKNOWN;
	bool library;

	if (df_sec_is_scratch(image))
		return FAM_SCRATCH;
	if (strstr(image, "distroless") || vakt_starts_with(image, "cgr.dev/chainguard/"))
		return FAM_DISTROLESS;
	if (strstr(image, "alpine"))
		return FAM_ALPINE;
	/* An official image: no registry, or docker.io's library/ namespace. */
	library = !slash || vakt_starts_with(image, "library/") ||
	          vakt_starts_with(image, "docker.io/library/");
	if (!library)
		return FAM_UNKNOWN;
	name = vakt_xstrdup(slash ? slash + 1 : image);
	colon = strpbrk(name, ":@");
	if (colon)
		name[colon - name] = '\0';
	for (size_t i = 0; debian_images[i]; i++)
		if (!strcmp(name, debian_images[i]))
			fam = FAM_DEBIAN;
	free(name);
	return fam;
}

struct chain_facts {
	enum family pkg_family; /* what the chain's RUNs install with */
	bool makes_users;       /* a RUN adds users or groups already */
};

static void chain_facts(const struct df_file *f, const int *chain, size_t n, struct chain_facts *cf)
{
	static const char *const user_tools[] = {"useradd", "adduser", "groupadd", "addgroup",
	                                         NULL};

	memset(cf, 0, sizeof(*cf));
	for (size_t c = 0; c < n; c++) {
		const struct df_stage *st = &f->stages[chain[c]];

		for (size_t i = st->from; i < st->end && i < f->n_instrs; i++) {
			const struct df_instr *in = &f->instrs[i];

			if (in->kind != DF_RUN)
				continue;
			for (size_t k = 0; k < in->n_pkgs; k++) {
				enum df_pkg_family pf = df_pkg_family(in->pkgs[k].manager);

				if (pf == DF_PKG_FAM_DEB && !cf->pkg_family)
					cf->pkg_family = FAM_DEBIAN;
				if (in->pkgs[k].manager == DF_PKG_MGR_APK && !cf->pkg_family)
					cf->pkg_family = FAM_ALPINE;
			}
			for (size_t k = 0; k < in->sh.n; k++) {
				size_t p;

				if (df_rc_name_in(df_rc_prog(&in->sh.cmds[k], &p), user_tools))
					cf->makes_users = true;
			}
		}
	}
}

static void fix_user(struct vakt_fix_ctx *ctx, const struct vakt_finding *fd)
{
	const struct df_file *f = ctx->model;
	const char *eol = eol_of(ctx->src);
	int *chain;
	size_t n_chain, at, last;
	const struct df_instr *in = instr_at(f, fd->loc.line, NULL);
	const struct df_stage *fs, *root;
	const char *image;
	enum family fam;
	struct chain_facts cf;
	bool scratch = false, configured, create;
	long uid = vakt_fix_uid(ctx->opts, &configured);
	struct vakt_buf b = VAKT_BUF_INIT, note = VAKT_BUF_INIT;

	/* The final stage, or one it is built on (a USER there is inherited). */
	if (f->final_stage < 0 || !in || in->stage < 0 || !df_sec_in_final_chain(f, in->stage)) {
		vakt_fix_skip(ctx, fd,
		              "a stage the final image is not built on (vakt judges it as a "
		              "possible final image): add USER where that image is built");
		return;
	}
	/* The gosu/su-exec case: the entrypoint drops privileges, USER would break it. */
	if (fd->message && strstr(fd->message, "su-exec")) {
		vakt_fix_skip(ctx, fd, "the ENTRYPOINT drops privileges with gosu/su-exec itself");
		return;
	}
	chain = vakt_xcalloc(f->n_stages ? f->n_stages : 1, sizeof(*chain));
	n_chain = df_sec_final_chain(f, chain);
	if (!n_chain) {
		free(chain);
		vakt_fix_skip(ctx, fd, "the file has no final stage");
		return;
	}
	fs = &f->stages[f->final_stage];
	root = &f->stages[chain[n_chain - 1]];
	image = df_sec_stage_image(root, &scratch);
	fam = scratch ? FAM_SCRATCH : image ? family_of_image(image) : FAM_UNKNOWN;
	chain_facts(f, chain, n_chain, &cf);
	free(chain);
	if (fam == FAM_UNKNOWN)
		fam = cf.pkg_family;
	if (fam == FAM_DISTROLESS)
		uid = 65532;
	vakt_buf_addf(&note, "USER %ld:%ld", uid, uid);
	if (fam == FAM_DISTROLESS)
		vakt_buf_adds(&note, " (the nonroot user of distroless and Chainguard images)");
	else if (configured)
		vakt_buf_adds(&note, " (fix.uid in .vakt.yaml)");
	else
		vakt_buf_addf(&note, " (the default UID; set fix.uid in .vakt.yaml)");
	create = fam == FAM_DEBIAN || fam == FAM_ALPINE;
	if (cf.makes_users && create) {
		vakt_buf_adds(&note, "; the Dockerfile creates users of its own, so none is "
		                     "created: check that the application may run as this UID");
		create = false;
	}
	if (create && fam == FAM_DEBIAN)
		vakt_buf_addf(&b,
		              "RUN groupadd -g %ld app && useradd -l -u %ld -g app -M -s "
		              "/usr/sbin/nologin app%s",
		              uid, uid, eol);
	else if (create)
		vakt_buf_addf(&b,
		              "RUN addgroup -S -g %ld app && adduser -S -D -H -u %ld -G app app%s",
		              uid, uid, eol);
	if (create)
		vakt_buf_addf(&note, "; user 'app' created (%s)",
		              fam == FAM_DEBIAN ? "Debian/Ubuntu" : "Alpine");
	else if (fam == FAM_SCRATCH)
		vakt_buf_adds(&note, "; FROM scratch has no users to create");
	else if (fam == FAM_UNKNOWN && !cf.makes_users)
		vakt_buf_adds(&note, "; the base image's family is unknown, so no user is created: "
		                     "the process runs without a passwd entry");
	vakt_buf_addf(&b, "USER %ld:%ld%s", uid, uid, eol);
	last = fs->end ? fs->end - 1 : fs->from;
	at = after_line(ctx->src, f->instrs[last].span.end_line);
	/* A continuation left open at the end would join the new lines to the instruction. */
	for (size_t i = at; i > 0; i--) {
		char c = ctx->src->data[i - 1];

		if (c == '\n' || c == '\r' || c == ' ' || c == '\t')
			continue;
		if (c == f->escape) {
			vakt_fix_skip(ctx, fd,
			              "the last instruction ends with an open line continuation");
			vakt_buf_release(&b);
			vakt_buf_release(&note);
			return;
		}
		break;
	}
	if (at == ctx->src->len && ctx->src->len && ctx->src->data[at - 1] != '\n') {
		/* The last line has no newline: give it one, and keep the file without one at its
		 * end. */
		char *s = vakt_xasprintf("%s%.*s", eol, (int)(b.len - strlen(eol)), b.data);

		vakt_fix_edit(ctx, at, 0, s, "%s", vakt_buf_str(&note));
		free(s);
	} else
		vakt_fix_edit(ctx, at, 0, vakt_buf_str(&b), "%s", vakt_buf_str(&note));
	vakt_buf_release(&b);
	vakt_buf_release(&note);
}

/* ---- apt (DF051, DF052) -------------------------------------------------- */

/*
 * Whether the RUN's shell text and heredoc bodies tokenize cleanly: an
 * unterminated quote or substitution would swallow what a fix adds.
 */
static bool run_parses(const struct df_instr *in)
{
	struct shell_script s = {0};
	int r = shell_parse(&in->text, &s);

	shell_script_release(&s);
	for (size_t i = 0; i < in->n_heredocs && !r; i++) {
		struct shell_script h = {0};

		r = shell_parse(&in->heredocs[i].body, &h);
		shell_script_release(&h);
	}
	return r == 0;
}

static const struct vakt_span *pkg_span(const struct df_pkg_cmd *p)
{
	return &p->cmd->argv[p->verb < p->cmd->argc ? p->verb : p->prog].span;
}

static int pos_cmp(const struct vakt_span *sp, int line, int column)
{
	if (sp->line != line)
		return sp->line < line ? -1 : 1;
	return sp->column < column ? -1 : sp->column > column;
}

/*
 * The package command of a RUN whose verb (or program) word starts at the
 * finding: a binary search over the commands in source order, and a walk
 * for those out of it (the body of an sh -c is read after its command).
 */
static const struct df_pkg_cmd *pkg_at(const struct df_instr *in, const struct vakt_finding *fd)
{
	size_t lo = 0, hi = in->n_pkgs;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = pos_cmp(pkg_span(&in->pkgs[mid]), fd->loc.line, fd->loc.column);

		if (!c)
			return &in->pkgs[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t j = 0; j < in->n_pkgs; j++)
		if (!pos_cmp(pkg_span(&in->pkgs[j]), fd->loc.line, fd->loc.column))
			return &in->pkgs[j];
	return NULL;
}

static void fix_recommends(struct vakt_fix_ctx *ctx, const struct vakt_finding *fd)
{
	const struct df_file *f = ctx->model;
	const struct df_instr *in = instr_at(f, fd->loc.line, NULL);
	const struct df_pkg_cmd *p;
	const struct shell_word *w;
	const char *flag;
	size_t off;

	if (!in || in->kind != DF_RUN || in->exec_form) {
		vakt_fix_skip(ctx, fd, "not in a shell-form RUN (an ONBUILD trigger or exec form)");
		return;
	}
	if (!run_parses(in)) {
		vakt_fix_skip(ctx, fd, "the RUN has an unterminated quote or substitution");
		return;
	}
	p = pkg_at(in, fd);
	if (!p || p->verb >= p->cmd->argc) {
		vakt_fix_skip(ctx, fd, "the install command was not found");
		return;
	}
	w = &p->cmd->argv[p->verb];
	off = df_offset(ctx->src, w->span.line, w->span.column);
	if (w->span.line != w->span.end_line ||
	    !source_has(ctx->src, off, w->text, strlen(w->text)) ||
	    (size_t)(w->span.end_column - w->span.column + 1) != strlen(w->text)) {
		vakt_fix_skip(ctx, fd, "the word '%s' is not written plainly on one line", w->text);
		return;
	}
	/* aptitude spells it --without-recommends (its -R); apt and apt-get as the rule says. */
	flag = p->manager == DF_PKG_MGR_APTITUDE ? " --without-recommends"
	                                         : " --no-install-recommends";
	vakt_fix_edit(ctx, off + strlen(w->text), 0, flag, "%s added to '%s install'", flag + 1,
	              df_pkg_manager_name(p->manager));
}

static void fix_apt_lists(struct vakt_fix_ctx *ctx, const struct vakt_finding *fd)
{
	const struct df_file *f = ctx->model;
	const struct df_instr *in = instr_at(f, fd->loc.line, NULL);
	const struct shell_cmd *last = NULL;
	struct vakt_buf b = VAKT_BUF_INIT;
	size_t t, off, ls;
	int line, col;

	if (!in || in->kind != DF_RUN || in->exec_form || in->n_heredocs || !in->sh.n) {
		vakt_fix_skip(ctx, fd,
		              "the RUN is not a plain shell command line (exec form, "
		              "heredoc or ONBUILD)");
		return;
	}
	if (!run_parses(in)) {
		vakt_fix_skip(ctx, fd, "the RUN has an unterminated quote or substitution");
		return;
	}
	for (size_t k = in->sh.n; k-- > 0 && !last;)
		if (in->sh.cmds[k].depth == 0)
			last = &in->sh.cmds[k];
	t = in->text.len;
	while (t > 0 && strchr(" \t\r\n", in->text.s[t - 1]))
		t--;
	if (!last || !t || last->sep != SHELL_SEP_END || last->subshell || !last->argc) {
		vakt_fix_skip(ctx, fd, "the RUN does not end with a simple command");
		return;
	}
	shell_text_pos(&in->text, t - 1, &line, &col);
	if (line != last->span.end_line || col != last->span.end_column) {
		vakt_fix_skip(ctx, fd, "the RUN does not end with a simple command");
		return;
	}
	off = df_offset(ctx->src, line, col);
	if (!source_has(ctx->src, off, in->text.s + t - 1, 1)) {
		vakt_fix_skip(ctx, fd, "the end of the RUN is not where the model says");
		return;
	}
	if (in->span.line == in->span.end_line)
		vakt_buf_adds(&b, " && rm -rf /var/lib/apt/lists/*");
	else {
		/* A continued RUN: one more continuation line, indented as the last one. */
		ls = vakt_source_line_start(ctx->src, line);
		vakt_buf_addf(&b, " %c%s", f->escape, eol_of(ctx->src));
		for (size_t i = ls;
		     i < off && (ctx->src->data[i] == ' ' || ctx->src->data[i] == '\t'); i++)
			vakt_buf_addc(&b, ctx->src->data[i]);
		vakt_buf_adds(&b, "&& rm -rf /var/lib/apt/lists/*");
	}
	vakt_fix_edit(ctx, off + 1, 0, vakt_buf_str(&b),
	              "'rm -rf /var/lib/apt/lists/*' at the end of the RUN");
	vakt_buf_release(&b);
}

/* ---- ADD -> COPY (DF080) -------------------------------------------------- */

static bool is_remote_or_archive(const char *s)
{
	static const char *const exts[] = {".tar",  ".tgz", ".tbz", ".tbz2", ".txz",  ".tlz",
	                                   ".taz",  ".tz",  ".gz",  ".bz2",  ".xz",   ".lz",
	                                   ".lzma", ".zst", ".z",   ".zip",  ".tzst", NULL};
	size_t n = strlen(s);

	if (strstr(s, "://") || vakt_istarts_with(s, "git@") || vakt_istarts_with(s, "github.com/"))
		return true;
	for (size_t i = 0; exts[i]; i++) {
		size_t m = strlen(exts[i]);

		if (n >= m && !vakt_strcasecmp(s + n - m, exts[i]))
			return true;
	}
	/* A glob may match an archive: ADD would unpack it. */
	return strpbrk(s, "*?[") != NULL;
}

/*
 * Whether the local source s, looked up beside the Dockerfile (the usual
 * build context), is an archive ADD would unpack: Docker tells them by
 * content (gzip, bzip2, xz, zstd, tar), not by name. A source that cannot
 * be read there is judged by its name alone, as DF080 judges it.
 */
static bool unpacks_by_content(const struct vakt_source *src, const char *s)
{
	const char *slash = strrchr(src->path, '/');
	char *path;
	unsigned char b[512];
	ssize_t n = 0;
	struct stat st;
	int fd;

	if (!*s || s[0] == '/' || strstr(s, ".."))
		return false;
	path = slash ? vakt_xasprintf("%.*s/%s", (int)(slash - src->path), src->path, s)
	             : vakt_xstrdup(s);
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	free(path);
	if (fd < 0)
		return false;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode))
		n = read(fd, b, sizeof(b));
	close(fd);
	if (n >= 2 && b[0] == 0x1f && b[1] == 0x8b)
		return true; /* gzip */
	if (n >= 3 && !memcmp(b, "BZh", 3))
		return true;
	if (n >= 6 && !memcmp(b,
	                      "\xfd"
	                      "7zXZ\0",
	                      6))
		return true;
	if (n >= 4 && !memcmp(b, "\x28\xb5\x2f\xfd", 4))
		return true; /* zstd */
	return n >= 262 && !memcmp(b + 257, "ustar", 5);
}

static void fix_add_copy(struct vakt_fix_ctx *ctx, const struct vakt_finding *fd)
{
	static const char *const copy_flags[] = {"chown",   "chmod",   "link",
	                                         "exclude", "parents", NULL};
	const struct df_file *f = ctx->model;
	size_t at;
	const struct df_instr *in = instr_at(f, fd->loc.line, &at);
	const char *kw;
	size_t off;

	if (!in || in->kind != DF_ADD || in->n_args < 2) {
		vakt_fix_skip(ctx, fd, "not an ADD instruction of its own (an ONBUILD trigger?)");
		return;
	}
	for (size_t i = 0; i < in->n_flags; i++)
		if (!df_rc_name_in(in->flags[i].name, copy_flags)) {
			vakt_fix_skip(ctx, fd, "COPY has no --%s", in->flags[i].name);
			return;
		}
	for (size_t k = 0; k + 1 < in->n_args; k++) {
		const struct df_word *w = &in->args[k];
		char *s;
		bool bad;

		if (w->raw && vakt_starts_with(w->raw, "<<"))
			continue; /* a heredoc: COPY writes it as ADD does */
		s = df_file_word(f, in->stage, at, w, in->exec_form);
		bad = !s || is_remote_or_archive(s) || unpacks_by_content(ctx->src, s);
		free(s);
		if (bad) {
			vakt_fix_skip(ctx, fd,
			              "source '%s' is a URL, an archive ADD unpacks (by name or "
			              "content), a glob or unresolved: ADD kept",
			              w->raw ? w->raw : "");
			return;
		}
	}
	off = df_offset(ctx->src, in->span.line, in->span.column);
	if (!in->keyword || strlen(in->keyword) != 3 ||
	    !source_has(ctx->src, off, in->keyword, 3)) {
		vakt_fix_skip(ctx, fd, "the keyword is not where the model says");
		return;
	}
	/* The keyword's case as written: add, Add, ADD. */
	kw = !strcmp(in->keyword, "add") ? "copy" : !strcmp(in->keyword, "Add") ? "Copy" : "COPY";
	vakt_fix_edit(ctx, off, 3, kw, "COPY for ADD of local files");
}

/* ---- exec form (DF082) --------------------------------------------------- */

/* The JSON array of a plain word list, or false when the text needs a shell. */
static bool json_words(const char *p, size_t n, struct vakt_buf *b)
{
	static const char shell_chars[] = "$`'\"\\|&;<>()*?[]{}~#!%=\n\r";
	size_t i = 0;
	bool first = true;

	for (size_t k = 0; k < n; k++)
		if (strchr(shell_chars, p[k]) || (unsigned char)p[k] < 0x20 - (p[k] == '\t'))
			return false;
	vakt_buf_addc(b, '[');
	while (i < n) {
		size_t s;

		while (i < n && (p[i] == ' ' || p[i] == '\t'))
			i++;
		if (i == n)
			break;
		s = i;
		while (i < n && p[i] != ' ' && p[i] != '\t')
			i++;
		vakt_buf_addf(b, "%s\"%.*s\"", first ? "" : ", ", (int)(i - s), p + s);
		first = false;
	}
	vakt_buf_addc(b, ']');
	return !first;
}

/* Whether the stage or one it is built on has a CMD (an exec ENTRYPOINT would take it). */
static bool chain_has_cmd(const struct df_file *f, int stage)
{
	for (int guard = 0; stage >= 0 && (size_t)stage < f->n_stages && guard < DF_MAX_STAGES;
	     guard++) {
		const struct df_stage *st = &f->stages[stage];

		for (size_t i = st->from; i < st->end && i < f->n_instrs; i++)
			if (f->instrs[i].kind == DF_CMD)
				return true;
		if (st->parent >= stage)
			break;
		stage = st->parent;
	}
	return false;
}

static void fix_exec_form(struct vakt_fix_ctx *ctx, const struct vakt_finding *fd)
{
	const struct df_file *f = ctx->model;
	const struct df_instr *in = instr_at(f, fd->loc.line, NULL);
	struct vakt_buf b = VAKT_BUF_INIT;
	size_t s = 0, e, off;
	int l0, c0, l1, c1;

	if (!in || (in->kind != DF_CMD && in->kind != DF_ENTRYPOINT) || in->exec_form ||
	    !in->text.len) {
		vakt_fix_skip(ctx, fd, "not a shell-form CMD or ENTRYPOINT of its own");
		return;
	}
	e = in->text.len;
	while (s < e && (in->text.s[s] == ' ' || in->text.s[s] == '\t'))
		s++;
	while (e > s && strchr(" \t\r", in->text.s[e - 1]))
		e--;
	if (in->kind == DF_ENTRYPOINT && chain_has_cmd(f, in->stage)) {
		vakt_fix_skip(ctx, fd,
		              "the stage has a CMD, which an exec-form ENTRYPOINT would "
		              "take as arguments");
		return;
	}
	if (e == s || !json_words(in->text.s + s, e - s, &b)) {
		vakt_fix_skip(ctx, fd,
		              "the command uses the shell (variables, quotes, operators "
		              "or globs)");
		vakt_buf_release(&b);
		return;
	}
	shell_text_pos(&in->text, s, &l0, &c0);
	shell_text_pos(&in->text, e - 1, &l1, &c1);
	off = df_offset(ctx->src, l0, c0);
	if (l0 != l1 || c1 - c0 + 1 != (int)(e - s) ||
	    !source_has(ctx->src, off, in->text.s + s, e - s)) {
		vakt_fix_skip(ctx, fd, "the command is continued over several lines");
		vakt_buf_release(&b);
		return;
	}
	vakt_fix_edit(ctx, off, e - s, vakt_buf_str(&b), "%s in JSON exec form",
	              df_kind_name(in->kind));
	vakt_buf_release(&b);
}

/* ---- the rules' entry points -------------------------------------------- */

void df_fix_user(struct vakt_fix_ctx *ctx, const struct vakt_finding *f)
{
	fix_user(ctx, f);
}

void df_fix_recommends(struct vakt_fix_ctx *ctx, const struct vakt_finding *f)
{
	fix_recommends(ctx, f);
}

void df_fix_apt_lists(struct vakt_fix_ctx *ctx, const struct vakt_finding *f)
{
	fix_apt_lists(ctx, f);
}

void df_fix_add_copy(struct vakt_fix_ctx *ctx, const struct vakt_finding *f)
{
	fix_add_copy(ctx, f);
}

void df_fix_exec_form(struct vakt_fix_ctx *ctx, const struct vakt_finding *f)
{
	fix_exec_form(ctx, f);
}

void df_fix(struct vakt_fix_ctx *ctx, const struct vakt_finding *const *todo, size_t n)
{
	struct df_file *f = NULL;
	struct vakt_error_list errs = {0};
	const struct vakt_finding **last;
	size_t k = 0;

	df_parse(ctx->src, &ctx->opts->build_args, &f, &errs);
	vakt_error_list_release(&errs);
	if (!f)
		return;
	ctx->model = f;
	/*
	 * The USER fixes last: their lines go after the last instruction, and
	 * insertions at one offset apply in the order made, so that a RUN
	 * ending a file without a final newline gets its clean-up first.
	 */
	last = vakt_xcalloc(n ? n : 1, sizeof(*last));
	for (size_t i = 0; i < n; i++)
		if (todo[i]->rule && todo[i]->rule->fix != df_fix_user)
			last[k++] = todo[i];
	for (size_t i = 0; i < n; i++)
		if (todo[i]->rule && todo[i]->rule->fix == df_fix_user)
			last[k++] = todo[i];
	vakt_fix_run(ctx, last, k);
	free(last);
	ctx->model = NULL;
	df_file_free(f);
}
