/* SPDX-License-Identifier: MIT */
/*
 * go.mod: the modules a Go module requires, as the go command writes the
 * file (https://go.dev/ref/mod#go-mod-file): directives one per line or in
 * "( ... )" blocks, "//" comments, quoted ("..." or `...`) or bare tokens.
 *
 * require: a package per module, "// indirect" making it transitive;
 * replace: applied (a module replaced by another module@version becomes
 * that one; replaced by a local directory, it is the project's own code
 * and passed over); exclude, retract, godebug, tool and ignore: read and
 * left. go and toolchain: the standard library the module needs, as a
 * package "stdlib" (as Trivy and Grype report it), version "v1.22.1" from
 * "toolchain go1.22.1", else from "go 1.22.1" (go 1.21 and later, where the
 * directive names a release; "go 1.22" is "v1.22.0"), then marked minimum:
 * the least toolchain that may build the module, not the one that does.
 * pkg_app_go_mod_keys(): what the same parse says of the go.sum beside it
 * (read with pkg_app_go_sum_beside(), pkg-app-gosum.c).
 */
#include <errno.h>

#include "pkg/pkg-app-priv.h"
#include "pkg/pkg-priv.h"

/* Most tokens on one line (a replace has at most five, and a comment). */
#define GM_MAX_TOKENS 8
/* Most replace directives read. */
#define GM_MAX_REPLACES 10000
/* Replacements of one module looked through for a require (one per version at most). */
#define GM_MAX_SAME_PATH 64

struct gm_line {
	char *tok[GM_MAX_TOKENS];
	int n;
	bool indirect; /* the comment says "indirect" */
};

struct gm_require {
	char *path, *version;
	int line;
	bool indirect;
};

struct gm_replace {
	char *old, *old_version; /* old_version NULL: every version */
	char *new, *new_version; /* new_version NULL: a local directory */
};

struct gm {
	const char *path;
	struct gm_require *req;
	size_t nreq, capreq;
	struct gm_replace *rep;
	size_t nrep, caprep;
	char *go, *toolchain;
	int go_line, toolchain_line;
	struct vakt_error **err;
};

static void gm_line_release(struct gm_line *l)
{
	for (int i = 0; i < l->n; i++)
		free(l->tok[i]);
	l->n = 0;
	l->indirect = false;
}

/* Split one line into tokens; a comment "// indirect" (or "// indirect; ...") is noted. */
static int gm_tokens(struct gm *g, int line, const char *s, size_t n, struct gm_line *out)
{
	size_t i = 0;

	out->n = 0;
	out->indirect = false;
	while (i < n) {
		size_t b;

		if (pkg_is_blank(s[i])) {
			i++;
			continue;
		}
		if (i + 1 < n && s[i] == '/' && s[i + 1] == '/') {
			const char *c = s + i + 2;
			size_t cn = n - i - 2;

			pkg_trim(&c, &cn);
			out->indirect =
			    (cn == 8 || (cn > 8 && c[8] == ';')) && !memcmp(c, "indirect", 8);
			return 0;
		}
		if (out->n >= GM_MAX_TOKENS)
			return vakt_error_set_at(g->err, -EINVAL, g->path, line, (int)i + 1,
			                         "expected at most %d words on a line",
			                         GM_MAX_TOKENS);
		if (s[i] == '"' || s[i] == '`') {
			char q = s[i];
			struct vakt_buf v = VAKT_BUF_INIT;

			b = i++;
			while (i < n && s[i] != q) {
				if (q == '"' && s[i] == '\\' && i + 1 < n)
					i++;
				vakt_buf_addc(&v, s[i++]);
			}
			if (i >= n) {
				vakt_buf_release(&v);
				return vakt_error_set_at(g->err, -EINVAL, g->path, line, (int)b + 1,
				                         "unterminated quoted string");
			}
			i++;
			out->tok[out->n++] = v.data ? vakt_buf_detach(&v) : vakt_xstrdup("");
			vakt_buf_release(&v);
			continue;
		}
		b = i;
		while (i < n && !pkg_is_blank(s[i]) &&
		       !(i + 1 < n && s[i] == '/' && s[i + 1] == '/'))
			i++;
		out->tok[out->n++] = vakt_xstrndup(s + b, i - b);
	}
	return 0;
}

static bool gm_is(const char *tok, const char *word)
{
	return !strcmp(tok, word);
}

/* A module path or version: not empty, no blanks or control characters (a quoted "" is neither). */
static bool gm_word_ok(const char *s)
{
	for (const char *p = s; *p; p++)
		if ((unsigned char)*p <= 0x20 || (unsigned char)*p == 0x7f)
			return false;
	return *s != '\0';
}

/* "require PATH VERSION" (t: the words after the keyword). */
static int gm_require(struct gm *g, int line, char **t, int n, bool indirect)
{
	struct gm_require *r;

	if (n != 2 || t[1][0] != 'v' || !gm_word_ok(t[0]) || !gm_word_ok(t[1]))
		return vakt_error_set_at(g->err, -EINVAL, g->path, line, 1,
		                         "expected 'require MODULE VERSION' (a version starts with "
		                         "'v')");
	if (g->nreq + 1 >= PKG_APP_MAX_PACKAGES) /* room for stdlib */
		return vakt_error_set_at(g->err, -E2BIG, g->path, line, 1, "more than %d packages",
		                         PKG_APP_MAX_PACKAGES);
	if (strlen(t[0]) > PKG_MAX_FIELD || strlen(t[1]) > PKG_MAX_FIELD)
		return vakt_error_set_at(g->err, -E2BIG, g->path, line, 1,
		                         "module path or version longer than %d bytes",
		                         PKG_MAX_FIELD);
	g->req = vakt_grow(g->req, sizeof(*g->req), g->nreq + 1, &g->capreq);
	r = &g->req[g->nreq++];
	r->path = vakt_xstrdup(t[0]);
	r->version = vakt_xstrdup(t[1]);
	r->line = line;
	r->indirect = indirect;
	return 0;
}

/* "replace OLD [VERSION] => NEW [VERSION]". */
static int gm_replace(struct gm *g, int line, char **t, int n)
{
	struct gm_replace *r;
	int arrow = n >= 2 && gm_is(t[1], "=>") ? 1 : n >= 3 && gm_is(t[2], "=>") ? 2 : -1;
	int right = n - arrow - 1;

	if (arrow < 0 || (right != 1 && right != 2) || !gm_word_ok(t[arrow + 1]) ||
	    (right == 2 && !gm_word_ok(t[n - 1])))
		return vakt_error_set_at(g->err, -EINVAL, g->path, line, 1,
		                         "expected 'replace MODULE [VERSION] => MODULE VERSION' or "
		                         "'=> DIRECTORY'");
	if (g->nrep >= GM_MAX_REPLACES)
		return vakt_error_set_at(g->err, -E2BIG, g->path, line, 1,
		                         "more than %d replace directives", GM_MAX_REPLACES);
	if (strlen(t[arrow + 1]) > PKG_MAX_FIELD ||
	    (right == 2 && strlen(t[n - 1]) > PKG_MAX_FIELD))
		return vakt_error_set_at(g->err, -E2BIG, g->path, line, 1,
		                         "module path or version longer than %d bytes",
		                         PKG_MAX_FIELD);
	g->rep = vakt_grow(g->rep, sizeof(*g->rep), g->nrep + 1, &g->caprep);
	r = &g->rep[g->nrep++];
	r->old = vakt_xstrdup(t[0]);
	r->old_version = arrow == 2 ? vakt_xstrdup(t[1]) : NULL;
	r->new = vakt_xstrdup(t[arrow + 1]);
	r->new_version = right == 2 ? vakt_xstrdup(t[n - 1]) : NULL;
	return 0;
}

/* One directive (kw) with its words t[0..n). */
static int gm_directive(struct gm *g, int line, const char *kw, char **t, int n, bool indirect)
{
	static const char *const ignored[] = {"exclude", "retract", "godebug", "tool", "ignore"};

	if (gm_is(kw, "require"))
		return gm_require(g, line, t, n, indirect);
	if (gm_is(kw, "replace"))
		return gm_replace(g, line, t, n);
	if (gm_is(kw, "module"))
		return n == 1 ? 0
		              : vakt_error_set_at(g->err, -EINVAL, g->path, line, 1,
		                                  "expected 'module PATH'");
	if (gm_is(kw, "go") || gm_is(kw, "toolchain")) {
		bool go = kw[0] == 'g' && kw[1] == 'o' && !kw[2];

		if (n != 1 || strlen(t[0]) > 64)
			return vakt_error_set_at(g->err, -EINVAL, g->path, line, 1,
			                         "expected '%s VERSION'", kw);
		free(go ? g->go : g->toolchain);
		*(go ? &g->go : &g->toolchain) = vakt_xstrdup(t[0]);
		*(go ? &g->go_line : &g->toolchain_line) = line;
		return 0;
	}
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(ignored); i++)
		if (gm_is(kw, ignored[i]))
			return 0;
	return vakt_error_set_at(g->err, -EINVAL, g->path, line, 1,
	                         "expected a directive (module, go, toolchain, require, replace, "
	                         "exclude, retract, godebug, tool, ignore), got '%.40s'",
	                         kw);
}

static int gm_rep_cmp(const void *a, const void *b)
{
	return strcmp(((const struct gm_replace *)a)->old, ((const struct gm_replace *)b)->old);
}

/* The replacement of path@version: one for that version wins over one for every version. */
static const struct gm_replace *gm_replacement(const struct gm *g, const char *path,
                                               const char *version)
{
	const struct gm_replace key = {.old = (char *)path};
	const struct gm_replace *hit, *any = NULL;
	size_t lo, seen = 0;

	if (!g->nrep)
		return NULL;
	hit = bsearch(&key, g->rep, g->nrep, sizeof(*g->rep), gm_rep_cmp);
	if (!hit)
		return NULL;
	lo = (size_t)(hit - g->rep);
	while (lo > 0 && !strcmp(g->rep[lo - 1].old, path))
		lo--;
	for (size_t i = lo;
	     i < g->nrep && !strcmp(g->rep[i].old, path) && seen++ < GM_MAX_SAME_PATH; i++) {
		if (!g->rep[i].old_version)
			any = &g->rep[i];
		else if (!strcmp(g->rep[i].old_version, version))
			return &g->rep[i];
	}
	return any;
}

/* "go1.22.1" or "1.22.1" or "1.22": "v1.22.1", "v1.22.0"; NULL for what names no release. */
static char *gm_stdlib_version(const char *v, bool toolchain)
{
	unsigned long parts[3] = {0, 0, 0};
	int np = 0;
	const char *p;

	if (toolchain) {
		if (strncmp(v, "go", 2))
			return NULL;
		v += 2;
	}
	for (p = v; np < 3;) {
		char *e;

		if (*p < '0' || *p > '9')
			return NULL;
		parts[np++] = strtoul(p, &e, 10);
		if (e - p > 6)
			return NULL;
		p = e;
		if (*p != '.')
			break;
		p++;
	}
	/* "go1.21rc1", "1.21.0-custom": not a release version matched against advisories. */
	if (*p && !(toolchain && *p == '-'))
		return NULL;
	if (np < 2 || parts[0] != 1)
		return NULL;
	/* Before Go 1.21, "go 1.N" named a language version only, not a toolchain. */
	if (!toolchain && parts[1] < 21)
		return NULL;
	return vakt_xasprintf("v%lu.%lu.%lu", parts[0], parts[1], parts[2]);
}

static void gm_release(struct gm *g)
{
	for (size_t i = 0; i < g->nreq; i++) {
		free(g->req[i].path);
		free(g->req[i].version);
	}
	for (size_t i = 0; i < g->nrep; i++) {
		free(g->rep[i].old);
		free(g->rep[i].old_version);
		free(g->rep[i].new);
		free(g->rep[i].new_version);
	}
	free(g->req);
	free(g->rep);
	free(g->go);
	free(g->toolchain);
}

static void gm_add(struct pkg_list *out, const char *path, const char *name, const char *version,
                   int line, enum pkg_scope scope)
{
	struct pkg *p = pkg_list_add(out);

	p->type = PKG_GO;
	p->name = vakt_xstrdup(name);
	p->version = vakt_xstrdup(version);
	p->found_in = vakt_xstrdup(path);
	p->line = line;
	p->scope = scope;
}

/* Read data into g (g->path and g->err set); replaces sorted. 0 or a negative errno. */
static int gm_parse(struct gm *g, const char *data, size_t len)
{
	struct pkg_lines lr = {data, len, 0, 0};
	struct vakt_error **err = g->err;
	const char *path = g->path;
	struct gm_line l = {0};
	char *block = NULL;
	int block_line = 0, rc = 0;
	const char *s;
	size_t n;

	if (len > PKG_APP_MAX_FILE)
		return vakt_error_set_at(err, -EFBIG, path, 0, 0, "file larger than %u bytes",
		                         PKG_APP_MAX_FILE);
	while (!rc && pkg_lines_next(&lr, &s, &n)) {
		if (memchr(s, '\0', n)) {
			rc = vakt_error_set_at(err, -EINVAL, path, lr.line, 1,
			                       "expected text, got a NUL byte");
			break;
		}
		rc = gm_tokens(g, lr.line, s, n, &l);
		if (rc || !l.n)
			goto next;
		if (block) {
			if (l.n == 1 && gm_is(l.tok[0], ")")) {
				free(block);
				block = NULL;
			} else {
				rc = gm_directive(g, lr.line, block, l.tok, l.n, l.indirect);
			}
			goto next;
		}
		if (l.n == 2 && gm_is(l.tok[1], "(")) {
			block = vakt_xstrdup(l.tok[0]);
			block_line = lr.line;
			/* Check the keyword now: the block's lines would blame the wrong place. */
			if (!gm_is(block, "require") && !gm_is(block, "replace") &&
			    !gm_is(block, "exclude") && !gm_is(block, "retract") &&
			    !gm_is(block, "godebug") && !gm_is(block, "tool") &&
			    !gm_is(block, "ignore"))
				rc = vakt_error_set_at(
				    err, -EINVAL, path, lr.line, 1,
				    "expected a directive that takes a block, got "
				    "'%.40s ('",
				    block);
			goto next;
		}
		/* "require ()" or "require ( )": an empty block. */
		if ((l.n == 2 && gm_is(l.tok[1], "()")) ||
		    (l.n == 3 && gm_is(l.tok[1], "(") && gm_is(l.tok[2], ")")))
			goto next;
		rc = gm_directive(g, lr.line, l.tok[0], l.tok + 1, l.n - 1, l.indirect);
	next:
		gm_line_release(&l);
	}
	if (!rc && block)
		rc = vakt_error_set_at(err, -EINVAL, path, block_line, 1,
		                       "expected ')' closing the '%s' block", block);
	free(block);
	gm_line_release(&l);
	if (!rc && g->nrep)
		qsort(g->rep, g->nrep, sizeof(*g->rep), gm_rep_cmp);
	return rc;
}

long pkg_app_go_mod(const char *path, const char *data, size_t len, struct pkg_list *out,
                    struct vakt_error **err)
{
	struct gm g = {.path = path, .err = err};
	char *stdlib = NULL;
	bool minimum = false;
	size_t start = out->n;
	int rc = gm_parse(&g, data, len), stdlib_line;

	if (rc)
		goto out;
	for (size_t i = 0; i < g.nreq; i++) {
		const struct gm_require *r = &g.req[i];
		const struct gm_replace *rep = gm_replacement(&g, r->path, r->version);
		enum pkg_scope scope = r->indirect ? PKG_SCOPE_TRANSITIVE : PKG_SCOPE_DIRECT;

		if (rep && !rep->new_version)
			continue; /* a local directory: the project's own code */
		gm_add(out, path, rep ? rep->new : r->path, rep ? rep->new_version : r->version,
		       r->line, scope);
	}
	stdlib_line = g.toolchain_line;
	if (g.toolchain)
		stdlib = gm_stdlib_version(g.toolchain, true);
	if (!stdlib && g.go) {
		stdlib = gm_stdlib_version(g.go, false);
		stdlib_line = g.go_line;
		minimum = true;
	}
	if (stdlib) {
		gm_add(out, path, "stdlib", stdlib, stdlib_line, PKG_SCOPE_DIRECT);
		out->v[out->n - 1].minimum = minimum;
		free(stdlib);
	}
out:
	gm_release(&g);
	if (rc) {
		pkg_list_truncate(out, start);
		return rc;
	}
	return (long)(out->n - start);
}

static int gm_str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* "go 1.N[.P]" with N < 17: the module graph was pruned only from Go 1.17 on. */
static bool gm_go_before_117(const char *v)
{
	unsigned long minor;
	char *e;

	if (strncmp(v, "1.", 2) || v[2] < '0' || v[2] > '9')
		return false;
	minor = strtoul(v + 2, &e, 10);
	return (*e == '\0' || *e == '.') && minor < 17;
}

int pkg_app_go_mod_keys(const char *path, const char *data, size_t len,
                        struct pkg_app_go_mod_keys *k, struct vakt_error **err)
{
	struct gm g = {.path = path, .err = err};
	int rc = gm_parse(&g, data, len);
	size_t n = 0;

	memset(k, 0, sizeof(*k));
	if (rc) {
		gm_release(&g);
		return rc;
	}
	k->needs_sum = !g.go || gm_go_before_117(g.go);
	k->paths = vakt_xcalloc(g.nreq + 2 * g.nrep + 1, sizeof(*k->paths));
	for (size_t i = 0; i < g.nreq; i++)
		k->paths[n++] = vakt_xstrdup(g.req[i].path);
	for (size_t i = 0; i < g.nrep; i++) {
		k->paths[n++] = vakt_xstrdup(g.rep[i].old);
		if (g.rep[i].new_version)
			k->paths[n++] = vakt_xstrdup(g.rep[i].new);
	}
	qsort(k->paths, n, sizeof(*k->paths), gm_str_cmp);
	k->n = n;
	gm_release(&g);
	return 0;
}

bool pkg_app_go_mod_keys_has(const struct pkg_app_go_mod_keys *k, const char *module)
{
	return k->n && bsearch(&module, k->paths, k->n, sizeof(*k->paths), gm_str_cmp);
}

void pkg_app_go_mod_keys_release(struct pkg_app_go_mod_keys *k)
{
	for (size_t i = 0; i < k->n; i++)
		free(k->paths[i]);
	free(k->paths);
	memset(k, 0, sizeof(*k));
}
