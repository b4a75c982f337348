/* SPDX-License-Identifier: MIT */
/*
 * Cargo.lock, versions 1 to 4 (TOML, pkg-toml.h): one [[package]] per
 * crate, with name, version, source ("registry+URL", "sparse+URL",
 * "git+URL?rev#commit"; none for the workspace's own crates) and
 * dependencies ("name", "name version" or, in version 1, "name version
 * (source)"). The workspace's crates are not packages, but their
 * dependencies are the direct ones.
 */
#include <errno.h>

#include "pkg/pkg-app-priv.h"
#include "pkg/pkg-toml.h"

/* Versions of one crate looked through to match a dependency (a lock holds a few at most). */
#define CARGO_MAX_SAME_NAME 64

struct cargo_pkg {
	const char *name, *version;
	const struct pkg_toml_value *t;
	bool local, direct;
};

struct cargo_index {
	struct cargo_pkg *v;
	size_t n;
	size_t *slot, cap;
};

static size_t cargo_hash(const char *s, size_t n)
{
	size_t h = 1469598103934665603ull;

	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
	return h;
}

static void cargo_index_build(struct cargo_index *x)
{
	x->cap = 16;
	while (x->cap < x->n * 2 + 2)
		x->cap *= 2;
	x->slot = vakt_xcalloc(x->cap, sizeof(*x->slot));
	for (size_t i = 0; i < x->n; i++) {
		size_t k = cargo_hash(x->v[i].name, strlen(x->v[i].name)) & (x->cap - 1);

		while (x->slot[k])
			k = (k + 1) & (x->cap - 1);
		x->slot[k] = i + 1;
	}
}

/* Mark direct the crates a dependency string names ("name", "name version", "... (source)"). */
static void cargo_mark(struct cargo_index *x, const char *dep)
{
	const char *sp = strchr(dep, ' ');
	size_t nn = sp ? (size_t)(sp - dep) : strlen(dep), vn = 0, same = 0;
	const char *ver = NULL;

	if (sp) {
		ver = sp + 1;
		vn = strcspn(ver, " ");
	}
	for (size_t k = cargo_hash(dep, nn) & (x->cap - 1); x->slot[k];
	     k = (k + 1) & (x->cap - 1)) {
		struct cargo_pkg *p = &x->v[x->slot[k] - 1];

		if (strlen(p->name) != nn || memcmp(p->name, dep, nn))
			continue;
		if (++same > CARGO_MAX_SAME_NAME)
			return;
		if (!ver || (strlen(p->version) == vn && !memcmp(p->version, ver, vn)))
			p->direct = true;
	}
}

long pkg_app_cargo_lock(const char *path, const char *data, size_t len, struct pkg_list *out,
                        struct vakt_error **err)
{
	struct pkg_toml_value *root;
	const struct pkg_toml_value *pkgs;
	struct cargo_index x = {0};
	size_t start = out->n;
	bool any_local = false;
	int r = pkg_toml_parse(path, data, len, &root, err);

	if (r)
		return r;
	r = pkg_toml_get_array(path, root, "package", &pkgs, err);
	if (!r && pkgs)
		x.v = vakt_xcalloc(pkgs->n ? pkgs->n : 1, sizeof(*x.v));
	for (size_t i = 0; !r && pkgs && i < pkgs->n; i++) {
		const struct pkg_toml_value *t = pkgs->v[i], *src;
		struct cargo_pkg *p = &x.v[x.n];

		if (t->type != PKG_TOML_TABLE) {
			r = vakt_error_set_at(err, -EINVAL, path, t->line, 0,
			                      "expected a table in 'package', got %s",
			                      pkg_toml_type_name(t->type));
			break;
		}
		p->t = t;
		p->name = pkg_toml_get_str(t, "name");
		p->version = pkg_toml_get_str(t, "version");
		if (!p->name || !*p->name || !p->version || !*p->version) {
			r = vakt_error_set_at(
			    err, -EINVAL, path, t->line, 0,
			    "expected strings 'name' and 'version' in the package");
			break;
		}
		src = pkg_toml_get(t, "source");
		if (!src) {
			p->local = any_local = true;
		} else if (src->type != PKG_TOML_STRING || strlen(src->s) != src->len ||
		           !(vakt_starts_with(src->s, "registry+") ||
		             vakt_starts_with(src->s, "sparse+") ||
		             vakt_starts_with(src->s, "git+"))) {
			r = vakt_error_set_at(err, -EINVAL, path, src->line, 0,
			                      "expected a source 'registry+URL', 'sparse+URL' or "
			                      "'git+URL' for the crate '%s'",
			                      p->name);
			break;
		}
		x.n++;
	}
	if (!r)
		cargo_index_build(&x);
	for (size_t i = 0; !r && i < x.n; i++) {
		const struct pkg_toml_value *deps = pkg_toml_get(x.v[i].t, "dependencies");

		if (!x.v[i].local || !deps || deps->type != PKG_TOML_ARRAY)
			continue;
		for (size_t k = 0; k < deps->n; k++)
			if (deps->v[k]->type == PKG_TOML_STRING &&
			    strlen(deps->v[k]->s) == deps->v[k]->len)
				cargo_mark(&x, deps->v[k]->s);
	}
	for (size_t i = 0; !r && i < x.n; i++) {
		const struct cargo_pkg *c = &x.v[i];
		struct pkg *p;

		if (c->local)
			continue;
		if (out->n - start >= PKG_APP_MAX_PACKAGES) {
			r = vakt_error_set_at(err, -E2BIG, path, c->t->line, 0,
			                      "more than %d packages", PKG_APP_MAX_PACKAGES);
			break;
		}
		if (strlen(c->name) > PKG_MAX_FIELD || strlen(c->version) > PKG_MAX_FIELD) {
			r = vakt_error_set_at(err, -E2BIG, path, c->t->line, 0,
			                      "crate name or version longer than %d bytes",
			                      PKG_MAX_FIELD);
			break;
		}
		p = pkg_list_add(out);
		p->type = PKG_CARGO;
		p->name = vakt_xstrdup(c->name);
		p->version = vakt_xstrdup(c->version);
		p->found_in = vakt_xstrdup(path);
		p->line = c->t->line;
		p->scope = !any_local  ? PKG_SCOPE_UNKNOWN
		           : c->direct ? PKG_SCOPE_DIRECT
		                       : PKG_SCOPE_TRANSITIVE;
	}
	free(x.v);
	free(x.slot);
	pkg_toml_free(root);
	if (r) {
		pkg_list_truncate(out, start);
		return r;
	}
	return (long)(out->n - start);
}
