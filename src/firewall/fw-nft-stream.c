/* SPDX-License-Identifier: MIT */
/*
 * The token stream of the nft parser: the files being read (the source and
 * what it includes, beneath the include root), define expansions, the
 * lookahead, the rule's text as written, skipping to the next statement,
 * and the messages that name what was expected.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "core/source.h"
#include "fw-nft-priv.h"
#include "fw.h"

/* Files an nft rule set may include in all (a glob counts each file). */
#define NFT_MAX_INCLUDES 1024
/* Tokens of one define's value, and tokens handed out from defines in all. */
#define NFT_MAX_DEFINE    65536
#define NFT_MAX_EXPANSION (4u * 1024 * 1024)

void nft_error_at(struct nft_parser *p, const struct nft_tok *t, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = vakt_xvasprintf(fmt, ap);
	va_end(ap);
	fw_nft_error(p->errs, -EINVAL, t->file, t->line, t->col, "%s", msg);
	free(msg);
}

void nft_warn_at(struct nft_parser *p, const struct nft_tok *t, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = vakt_xvasprintf(fmt, ap);
	va_end(ap);
	fw_nft_error(p->errs, VAKT_WARNING_CODE, t->file, t->line, t->col, "%s", msg);
	free(msg);
}

/* A short, printable quote of a token for messages. */
char *nft_tok_quote(const struct nft_tok *t)
{
	switch (t->type) {
	case NFT_T_EOF:
		return vakt_xstrdup("the end of the file");
	case NFT_T_END:
		return vakt_xstrdup(t->semi ? "';'" : "the end of the line");
	default: {
		size_t n = t->n > 40 ? 40 : t->n;
		struct vakt_buf b = VAKT_BUF_INIT;

		vakt_buf_adds(&b, t->type == NFT_T_STRING ? "'\"" : "'");
		for (size_t i = 0; i < n; i++)
			vakt_buf_addc(&b, (unsigned char)t->s[i] < ' ' ? '?' : t->s[i]);
		vakt_buf_adds(&b, t->n > n ? "...'" : (t->type == NFT_T_STRING ? "\"'" : "'"));
		return vakt_buf_detach(&b);
	}
	}
}

void nft_expected(struct nft_parser *p, const struct nft_tok *t, const char *what)
{
	char *q = nft_tok_quote(t);

	nft_error_at(p, t, "expected %s, found %s", what, q);
	free(q);
}

/* --- the token stream ---------------------------------------------------- */

void nft_frame_pop(struct nft_parser *p)
{
	struct nft_frame *f = &p->frames[--p->depth];

	free(f->dir);
	vakt_strv_release(&f->pending);
	memset(f, 0, sizeof(*f));
}

static int open_next_pending(struct nft_parser *p, struct nft_frame *f);

/* The next token from the frames, with defines expanded and warnings taken aside. */
static void fetch(struct nft_parser *p, struct nft_tok *t)
{
	for (;;) {
		struct nft_frame *f;

		if (p->depth == 0) {
			memset(t, 0, sizeof(*t));
			t->type = NFT_T_EOF;
			return;
		}
		f = &p->frames[p->depth - 1];
		if (f->is_define) {
			if (f->i < f->n) {
				*t = f->v[f->i];
				t->var_first = f->i == 0;
				f->i++;
				t->expanded = true;
				t->var = f->use.s;
				t->var_n = f->use.n;
				t->file = f->use.file;
				t->line = f->use.line;
				t->col = f->use.col;
				return;
			}
			nft_frame_pop(p);
			continue;
		}
		nft_lex_next(&f->lx, t, p->errs);
		if (t->type == NFT_T_EOF) {
			/* the next file of a glob; this one's last statement ends here */
			if (f->next_pending < f->pending.n && open_next_pending(p, f) == 0) {
				t->type = NFT_T_END;
				return;
			}
			if (p->depth == 1)
				return;
			nft_frame_pop(p);
			/* an included file ends its last statement */
			t->type = NFT_T_END;
			return;
		}
		if (t->type == NFT_T_WARN) {
			vakt_strv_push_take(&p->ipt_tables, vakt_xstrndup(t->s, t->n));
			continue;
		}
		if (t->type == NFT_T_WORD && t->n > 1 && t->s[0] == '$') {
			const struct nft_define *d = nft_define_find(p, t->s + 1, t->n - 1);
			struct nft_frame *nf;

			if (!d) {
				nft_error_at(p, t, "undefined variable '%.*s'",
				             (int)(t->n > 64 ? 64 : t->n), t->s);
				return;
			}
			if (p->depth >= NFT_MAX_FRAMES || p->expanded + d->n > NFT_MAX_EXPANSION) {
				nft_error_at(p, t,
				             "variable '%.*s' expands beyond %u tokens in all",
				             (int)(t->n > 64 ? 64 : t->n), t->s, NFT_MAX_EXPANSION);
				return;
			}
			p->expanded += d->n;
			nf = &p->frames[p->depth++];
			memset(nf, 0, sizeof(*nf));
			nf->is_define = true;
			nf->v = d->v;
			nf->n = d->n;
			nf->use = *t;
			continue;
		}
		return;
	}
}

const struct nft_tok *nft_peek(struct nft_parser *p, size_t k)
{
	if (k >= NFT_LOOKAHEAD)
		k = NFT_LOOKAHEAD - 1;
	while (p->n_la <= k)
		fetch(p, &p->la[p->n_la++]);
	return &p->la[k];
}

static void record(struct nft_parser *p, const struct nft_tok *t)
{
	struct vakt_buf *b = &p->text;
	const char *last = b->len ? b->data + b->len - 1 : NULL;

	if (!p->recording || t->type == NFT_T_END || t->type == NFT_T_EOF)
		return;
	if (t->expanded && !t->var_first)
		return;
	if (b->len > FW_MAX_LINE)
		return;
	if (last && *last != '(' && t->type != NFT_T_COMMA && t->type != NFT_T_RPAREN &&
	    (*last != ',' || p->rec_depth > 0))
		vakt_buf_addc(b, ' ');
	if (t->type == NFT_T_LBRACE)
		p->rec_depth++;
	else if (t->type == NFT_T_RBRACE && p->rec_depth > 0)
		p->rec_depth--;
	if (t->expanded)
		vakt_buf_add(b, t->var, t->var_n);
	else if (t->type == NFT_T_STRING) {
		vakt_buf_addc(b, '"');
		vakt_buf_add(b, t->s, t->n);
		vakt_buf_addc(b, '"');
	} else {
		vakt_buf_add(b, t->s, t->n);
	}
}

struct nft_tok nft_next(struct nft_parser *p)
{
	struct nft_tok t;

	nft_peek(p, 0);
	t = p->la[0];
	memmove(p->la, p->la + 1, (p->n_la - 1) * sizeof(p->la[0]));
	p->n_la--;
	record(p, &t);
	return t;
}

void nft_skip_statement(struct nft_parser *p)
{
	int depth = 0;

	for (;;) {
		const struct nft_tok *t = nft_peek(p, 0);

		switch (t->type) {
		case NFT_T_EOF:
			return;
		case NFT_T_END:
			nft_next(p);
			if (depth == 0)
				return;
			break;
		case NFT_T_LBRACE:
			depth++;
			nft_next(p);
			break;
		case NFT_T_RBRACE:
			if (depth == 0)
				return;
			depth--;
			nft_next(p);
			break;
		default:
			nft_next(p);
			break;
		}
	}
}

/* Skip to the end of the statement, leaving its END (or the closing '}') to the caller. */
void nft_skip_to_end(struct nft_parser *p)
{
	int depth = 0;

	for (;;) {
		const struct nft_tok *t = nft_peek(p, 0);

		if (t->type == NFT_T_EOF ||
		    (depth == 0 && (t->type == NFT_T_END || t->type == NFT_T_RBRACE)))
			return;
		if (t->type == NFT_T_LBRACE)
			depth++;
		else if (t->type == NFT_T_RBRACE)
			depth--;
		nft_next(p);
	}
}

/* Take an END if one comes next (a statement may also end at '}' or the end of the file). */
bool nft_end_statement(struct nft_parser *p)
{
	const struct nft_tok *t = nft_peek(p, 0);

	if (t->type == NFT_T_END) {
		nft_next(p);
		return true;
	}
	if (t->type == NFT_T_RBRACE || t->type == NFT_T_EOF)
		return true;
	nft_expected(p, t, "the end of the statement (';' or a new line)");
	nft_skip_statement(p);
	return false;
}

/* --- include -------------------------------------------------------------- */

char *nft_dir_of(const char *rel)
{
	const char *slash = strrchr(rel, '/');

	return slash ? vakt_xstrndup(rel, (size_t)(slash - rel)) : vakt_xstrdup("");
}

/* Push the file rel (beneath the root) as a frame; 0, or -errno after reporting it at at. */
static int push_file(struct nft_parser *p, const char *rel, const struct nft_tok *at,
                     struct nft_frame *reuse, bool quiet)
{
	struct vakt_error *err = NULL;
	char *data = NULL, *name;
	size_t len = 0;
	struct nft_frame *f;
	int r;

	if (p->n_includes >= NFT_MAX_INCLUDES) {
		nft_error_at(p, at, "more than %d included files", NFT_MAX_INCLUDES);
		return -E2BIG;
	}
	r = vakt_root_read(&p->root, rel, VAKT_MAX_FILE_BYTES, &data, &len, NULL, &err);
	if (r == -ENOENT && quiet) {
		vakt_error_free(err);
		return r;
	}
	if (r < 0) {
		fw_nft_error(p->errs, VAKT_WARNING_CODE, at->file, at->line, at->col,
		             "cannot include '%s': %s", rel, err ? err->msg : strerror(-r));
		vakt_error_free(err);
		p->rs->fragment = true;
		return r;
	}
	p->n_includes++;
	name = vakt_xasprintf("%s/%s", p->root_path, rel);
	vakt_strv_push_take(&p->keep, data);
	vakt_strv_push_take(&p->keep, name);
	if (reuse) {
		f = reuse;
		free(f->dir);
	} else {
		f = &p->frames[p->depth++];
		memset(f, 0, sizeof(*f));
		f->at = *at;
	}
	f->dir = nft_dir_of(rel);
	nft_lex_init(&f->lx, name, data, len);
	return 0;
}

static int open_next_pending(struct nft_parser *p, struct nft_frame *f)
{
	while (f->next_pending < f->pending.n) {
		const char *rel = f->pending.v[f->next_pending++];

		if (push_file(p, rel, &f->at, f, false) == 0)
			return 0;
	}
	return -ENOENT;
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool has_glob(const char *s)
{
	return strpbrk(s, "*?[") != NULL;
}

/* `include "path"`: the path resolved beneath the include root, a glob in its last part. */
void nft_parse_include(struct nft_parser *p, const struct nft_tok *kw)
{
	struct nft_tok t = nft_next(p);
	const struct nft_frame *cur = NULL;
	char *path, *rel;
	const char *slash;

	if (t.type != NFT_T_STRING) {
		nft_expected(p, &t, "a quoted file name after 'include'");
		nft_skip_statement(p);
		return;
	}
	path = vakt_xstrndup(t.s, t.n);
	nft_end_statement(p);
	if (!p->root_path) {
		nft_warn_at(p, kw, "include '%s' not followed (no directory to resolve it in)",
		            path);
		p->rs->fragment = true;
		free(path);
		return;
	}
	if (p->depth >= NFT_MAX_FRAMES - 1 || p->depth > FW_MAX_INCLUDE_DEPTH) {
		nft_error_at(p, kw, "includes nested deeper than %d", FW_MAX_INCLUDE_DEPTH);
		p->rs->fragment = true;
		free(path);
		return;
	}
	if (p->root_state == 0) {
		struct vakt_error *err = NULL;

		p->root_state = vakt_root_open(&p->root, p->root_path, &err) == 0 ? 1 : -1;
		vakt_error_free(err);
	}
	for (size_t i = p->depth; i-- > 0;)
		if (!p->frames[i].is_define) {
			cur = &p->frames[i];
			break;
		}
	if (path[0] == '/') {
		const char *q = path;

		while (*q == '/')
			q++;
		rel = vakt_xstrdup(*q ? q : ".");
	} else if (cur && cur->dir && cur->dir[0]) {
		rel = vakt_xasprintf("%s/%s", cur->dir, path);
	} else {
		rel = vakt_xstrdup(path);
	}
	if (p->root_state < 0) {
		nft_warn_at(p, kw, "include '%s' not followed: cannot open '%s'", path,
		            p->root_path);
		p->rs->fragment = true;
		goto out;
	}
	/* a directory: every file in it, in name order */
	{
		struct stat st;

		if (!has_glob(rel) && vakt_root_stat(&p->root, rel, &st) == 0 &&
		    S_ISDIR(st.st_mode)) {
			size_t n = strlen(rel);
			char *all;

			while (n > 1 && rel[n - 1] == '/')
				n--;
			all = vakt_xasprintf("%.*s/*", (int)n, rel);
			free(rel);
			rel = all;
		}
	}
	slash = strrchr(rel, '/');
	if (has_glob(rel)) {
		struct vakt_strv names = VAKT_STRV_INIT;
		char *dir = slash ? vakt_xstrndup(rel, (size_t)(slash - rel)) : vakt_xstrdup(".");
		const char *pat = slash ? slash + 1 : rel;
		DIR *d = has_glob(dir) ? NULL : vakt_root_opendir(&p->root, dir);
		struct dirent *e;
		struct nft_frame *f;

		if (has_glob(dir)) {
			nft_warn_at(
			    p, kw,
			    "include '%s' not followed: a pattern only in the file name is read",
			    path);
			p->rs->fragment = true;
		}
		while (d && (e = readdir(d)) && names.n <= NFT_MAX_INCLUDES) {
			if (e->d_name[0] == '.' || fnmatch(pat, e->d_name, FNM_PERIOD) != 0)
				continue;
			vakt_strv_push_take(&names, slash ? vakt_xasprintf("%s/%s", dir, e->d_name)
			                                  : vakt_xstrdup(e->d_name));
		}
		if (d)
			closedir(d);
		free(dir);
		if (names.n)
			qsort(names.v, names.n, sizeof(names.v[0]), name_cmp);
		/* the first file opens a frame, which reads the others when it ends */
		for (size_t i = 0; i < names.n; i++) {
			if (push_file(p, names.v[i], kw, NULL, false) < 0)
				continue;
			f = &p->frames[p->depth - 1];
			for (size_t j = i + 1; j < names.n; j++)
				vakt_strv_push(&f->pending, names.v[j]);
			break;
		}
		vakt_strv_release(&names);
	} else if (path[0] != '/' && !vakt_starts_with(path, "./") &&
	           !vakt_starts_with(path, "../")) {
		/* a bare name: beside the including file, else in nft's include path (/etc) */
		if (push_file(p, rel, kw, NULL, true) == -ENOENT) {
			char *etc = vakt_xasprintf("etc/%s", path);

			if (push_file(p, etc, kw, NULL, true) == -ENOENT)
				push_file(p, rel, kw, NULL, false);
			free(etc);
		}
	} else {
		push_file(p, rel, kw, NULL, false);
	}
out:
	free(rel);
	free(path);
}

/* --- define ------------------------------------------------------------- */

void nft_parse_define(struct nft_parser *p)
{
	struct nft_tok name = nft_next(p), t;
	struct nft_define d = {0};
	size_t cap = 0;
	int depth = 0;

	if (name.type != NFT_T_WORD) {
		nft_expected(p, &name, "a variable name after 'define'");
		nft_skip_statement(p);
		return;
	}
	t = nft_next(p);
	if (t.type != NFT_T_OP || t.n != 1 || t.s[0] != '=') {
		nft_expected(p, &t, "'=' after the variable name");
		nft_skip_statement(p);
		return;
	}
	for (;;) {
		const struct nft_tok *k = nft_peek(p, 0);

		if (k->type == NFT_T_EOF ||
		    (depth == 0 && (k->type == NFT_T_END || k->type == NFT_T_RBRACE)))
			break;
		if (k->type == NFT_T_LBRACE)
			depth++;
		else if (k->type == NFT_T_RBRACE)
			depth--;
		if (d.n >= NFT_MAX_DEFINE) {
			nft_error_at(p, k, "variable value longer than %d tokens", NFT_MAX_DEFINE);
			free(d.v);
			nft_skip_statement(p);
			return;
		}
		d.v = vakt_grow(d.v, sizeof(*d.v), d.n + 1, &cap);
		d.v[d.n] = nft_next(p);
		/* a value from another define stays that value */
		d.v[d.n].expanded = false;
		d.n++;
	}
	nft_end_statement(p);
	if (d.n == 0) {
		nft_error_at(p, &name, "expected a value for variable '%.*s'", (int)name.n, name.s);
		free(d.v);
		return;
	}
	d.name = vakt_xstrndup(name.s, name.n);
	nft_define_add(p, &d);
}
