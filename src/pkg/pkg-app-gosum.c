/* SPDX-License-Identifier: MIT */
/*
 * go.sum: the checksums of the modules a Go module's build has needed, as
 * the go command writes them (https://go.dev/ref/mod#go-sum-files): one
 * line "MODULE VERSION HASH" per module version whose code was downloaded,
 * and "MODULE VERSION/go.mod HASH" per version whose go.mod was read for
 * minimal version selection. Only the first kind is code in the build; of
 * several versions of one module (an upgrade leaves the old lines until
 * `go mod tidy`), minimal version selection builds with the highest.
 */
#include <errno.h>

#include "pkg/pkg-app-priv.h"
#include "pkg/pkg-priv.h"
#include "pkg/pkg-version.h"

#define GS_SUFFIX     "/go.mod"
#define GS_SUFFIX_LEN (sizeof(GS_SUFFIX) - 1)

struct gs_entry {
	char *module, *version;
	int line;
};

struct gs {
	const char *path;
	struct gs_entry *v;
	size_t n, cap;
	struct vakt_error **err;
};

/* Split s into at most 4 blank-separated fields; the count (4: too many). */
static int gs_fields(const char *s, size_t n, const char **f, size_t *fn)
{
	int k = 0;
	size_t i = 0;

	while (i < n && k < 4) {
		size_t b;

		if (pkg_is_blank(s[i])) {
			i++;
			continue;
		}
		b = i;
		while (i < n && !pkg_is_blank(s[i]))
			i++;
		f[k] = s + b;
		fn[k++] = i - b;
	}
	return k;
}

/* A field made of printable bytes (a module path, a version). */
static bool gs_printable(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] == 0x7f)
			return false;
	return true;
}

/* One non-blank line. */
static int gs_line(struct gs *g, int line, const char *s, size_t n)
{
	const char *f[4];
	size_t fn[4];
	int k = gs_fields(s, n, f, fn);
	const char *colon;
	struct gs_entry *e;

	if (k != 3)
		return vakt_error_set_at(g->err, -EINVAL, g->path, line, 1,
		                         "expected 'MODULE VERSION HASH', got %d word%s", k,
		                         k == 1   ? ""
		                         : k == 4 ? "s or more"
		                                  : "s");
	colon = memchr(f[2], ':', fn[2]);
	if (fn[1] < 2 || f[1][0] != 'v' || !gs_printable(f[0], fn[0]) ||
	    !gs_printable(f[1], fn[1]) || !colon || colon == f[2] || colon == f[2] + fn[2] - 1)
		return vakt_error_set_at(g->err, -EINVAL, g->path, line, (int)(f[0] - s) + 1,
		                         "expected 'MODULE VERSION HASH' (a version starts with "
		                         "'v', a hash is 'h1:...')");
	if (fn[1] > GS_SUFFIX_LEN &&
	    !memcmp(f[1] + fn[1] - GS_SUFFIX_LEN, GS_SUFFIX, GS_SUFFIX_LEN))
		return 0; /* only the module's go.mod: not code in the build */
	if (fn[0] > PKG_MAX_FIELD || fn[1] > PKG_MAX_FIELD)
		return vakt_error_set_at(g->err, -E2BIG, g->path, line, 1,
		                         "module path or version longer than %d bytes",
		                         PKG_MAX_FIELD);
	if (g->n >= PKG_APP_MAX_PACKAGES)
		return vakt_error_set_at(g->err, -E2BIG, g->path, line, 1, "more than %d packages",
		                         PKG_APP_MAX_PACKAGES);
	g->v = vakt_grow(g->v, sizeof(*g->v), g->n + 1, &g->cap);
	e = &g->v[g->n++];
	e->module = vakt_xstrndup(f[0], fn[0]);
	e->version = vakt_xstrndup(f[1], fn[1]);
	e->line = line;
	return 0;
}

/* By module, then the highest version first, then the first line. */
static int gs_cmp(const void *a, const void *b)
{
	const struct gs_entry *x = a, *y = b;
	int c = strcmp(x->module, y->module);

	if (!c)
		c = -pkg_version_cmp(PKG_VERSION_GO, x->version, y->version);
	if (!c)
		c = (x->line > y->line) - (x->line < y->line);
	return c;
}

static void gs_release(struct gs *g)
{
	for (size_t i = 0; i < g->n; i++) {
		free(g->v[i].module);
		free(g->v[i].version);
	}
	free(g->v);
}

long pkg_app_go_sum_beside(const struct pkg_app_go_mod_keys *k, const char *path, const char *data,
                           size_t len, struct pkg_list *out, struct vakt_error **err)
{
	struct pkg_lines lr = {data, len, 0, 0};
	struct gs g = {.path = path, .err = err};
	size_t start = out->n;
	const char *s;
	size_t n;
	int rc = 0;

	if (len > PKG_APP_MAX_FILE)
		return vakt_error_set_at(err, -EFBIG, path, 0, 0, "file larger than %u bytes",
		                         PKG_APP_MAX_FILE);
	while (!rc && pkg_lines_next(&lr, &s, &n)) {
		if (memchr(s, '\0', n))
			rc = vakt_error_set_at(err, -EINVAL, path, lr.line, 1,
			                       "expected text, got a NUL byte");
		else if (!pkg_line_blank(s, n))
			rc = gs_line(&g, lr.line, s, n);
	}
	if (rc) {
		gs_release(&g);
		return rc;
	}
	if (g.n)
		qsort(g.v, g.n, sizeof(*g.v), gs_cmp);
	for (size_t i = 0; i < g.n; i++) {
		const struct gs_entry *e = &g.v[i];
		struct pkg *p;

		if (i && !strcmp(e->module, g.v[i - 1].module))
			continue; /* a lower version minimal version selection does not pick */
		if (k && pkg_app_go_mod_keys_has(k, e->module))
			continue;
		p = pkg_list_add(out);
		p->type = PKG_GO;
		p->name = vakt_xstrdup(e->module);
		p->version = vakt_xstrdup(e->version);
		p->found_in = vakt_xstrdup(path);
		p->line = e->line;
		p->scope = PKG_SCOPE_TRANSITIVE;
	}
	gs_release(&g);
	return (long)(out->n - start);
}

long pkg_app_go_sum(const char *path, const char *data, size_t len, struct pkg_list *out,
                    struct vakt_error **err)
{
	return pkg_app_go_sum_beside(NULL, path, data, len, out, err);
}
