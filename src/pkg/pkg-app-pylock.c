/* SPDX-License-Identifier: MIT */
/*
 * Python lock files: poetry.lock and uv.lock (TOML, pkg-toml.h) and
 * Pipfile.lock (JSON).
 */
#include <errno.h>
#include <jansson.h>

#include "pkg/pkg-app-priv.h"
#include "pkg/pkg-toml.h"

/* Add a PyPI package from a lock file; errors over PKG_APP_MAX_PACKAGES. */
static int py_add(const char *path, struct pkg_list *out, size_t start, const char *name,
                  const char *version, int line, bool dev, enum pkg_scope scope,
                  struct vakt_error **err)
{
	struct pkg *p;

	if (out->n - start >= PKG_APP_MAX_PACKAGES)
		return vakt_error_set_at(err, -E2BIG, path, line, 0, "more than %d packages",
		                         PKG_APP_MAX_PACKAGES);
	if (strlen(name) > PKG_MAX_FIELD || strlen(version) > PKG_MAX_FIELD)
		return vakt_error_set_at(err, -E2BIG, path, line, 0,
		                         "package name or version longer than %d bytes",
		                         PKG_MAX_FIELD);
	p = pkg_list_add(out);
	p->type = PKG_PYPI;
	p->name = vakt_xstrdup(name);
	p->version = vakt_xstrdup(version);
	p->found_in = vakt_xstrdup(path);
	p->line = line;
	p->dev = dev;
	p->scope = scope;
	return 0;
}

/* name and version of one [[package]], or an error naming what is missing. */
static int toml_name_version(const char *path, const struct pkg_toml_value *t, const char **name,
                             const char **version, struct vakt_error **err)
{
	*name = *version = NULL;
	if (t->type != PKG_TOML_TABLE)
		return vakt_error_set_at(err, -EINVAL, path, t->line, 0,
		                         "expected a table in 'package', got %s",
		                         pkg_toml_type_name(t->type));
	*name = pkg_toml_get_str(t, "name");
	*version = pkg_toml_get_str(t, "version");
	if (!*name || !**name)
		return vakt_error_set_at(err, -EINVAL, path, t->line, 0,
		                         "expected a string 'name' in the package");
	return 0;
}

/* --- poetry.lock ---------------------------------------------------------- */

/*
 * Poetry 1.x writes `category = "main"` or "dev"; poetry 2 writes
 * `groups = ["main", "dev"]`: a package is dev when no group is "main".
 */
static bool poetry_dev(const struct pkg_toml_value *t)
{
	const char *cat = pkg_toml_get_str(t, "category");
	const struct pkg_toml_value *g = pkg_toml_get(t, "groups");

	if (g && g->type == PKG_TOML_ARRAY && g->n) {
		for (size_t i = 0; i < g->n; i++)
			if (g->v[i]->type == PKG_TOML_STRING && !strcmp(g->v[i]->s, "main"))
				return false;
		return true;
	}
	return cat && !strcmp(cat, "dev");
}

long pkg_app_poetry_lock(const char *path, const char *data, size_t len, struct pkg_list *out,
                         struct vakt_error **err)
{
	struct pkg_toml_value *root;
	const struct pkg_toml_value *pkgs;
	size_t start = out->n;
	int r = pkg_toml_parse(path, data, len, &root, err);

	if (r)
		return r;
	r = pkg_toml_get_array(path, root, "package", &pkgs, err);
	for (size_t i = 0; !r && pkgs && i < pkgs->n; i++) {
		const struct pkg_toml_value *t = pkgs->v[i];
		const char *name = NULL, *version = NULL, *type;

		r = toml_name_version(path, t, &name, &version, err);
		if (r)
			break;
		if (!version || !*version) {
			r = vakt_error_set_at(err, -EINVAL, path, t->line, 0,
			                      "expected a string 'version' in the package '%s'",
			                      name);
			break;
		}
		/* A local directory or file is the project's own code, not a registry package. */
		type = pkg_toml_get_str(pkg_toml_get(t, "source"), "type");
		if (type && (!strcmp(type, "directory") || !strcmp(type, "file")))
			continue;
		r = py_add(path, out, start, name, version, t->line, poetry_dev(t),
		           PKG_SCOPE_UNKNOWN, err);
	}
	pkg_toml_free(root);
	if (r) {
		pkg_list_truncate(out, start);
		return r;
	}
	return (long)(out->n - start);
}

/* --- uv.lock -------------------------------------------------------------- */

/* Sources of the project's own packages: `source = { editable = "." }` and the like. */
static bool uv_local(const struct pkg_toml_value *src)
{
	return pkg_toml_get(src, "editable") || pkg_toml_get(src, "virtual") ||
	       pkg_toml_get(src, "path") || pkg_toml_get(src, "directory");
}

/* Versions of one name looked through to find the one a dependency names. */
#define UV_MAX_SAME_NAME 64

struct uv_pkg {
	const char *name;
	const struct pkg_toml_value *t;
	bool local, prod, dev, direct;
};

/* The packages by name: an open-addressing hash of indexes + 1 into v. */
struct uv_index {
	struct uv_pkg *v;
	size_t n;
	size_t *slot, cap;
};

static size_t uv_hash(const char *s)
{
	size_t h = 1469598103934665603ull;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211ull;
	return h;
}

static void uv_index_build(struct uv_index *x)
{
	x->cap = 16;
	while (x->cap < x->n * 2 + 2)
		x->cap *= 2;
	x->slot = vakt_xcalloc(x->cap, sizeof(*x->slot));
	for (size_t i = 0; i < x->n; i++) {
		size_t k = uv_hash(x->v[i].name) & (x->cap - 1);

		while (x->slot[k])
			k = (k + 1) & (x->cap - 1);
		x->slot[k] = i + 1;
	}
}

/*
 * The package a dependency entry `{ name = "x", version = "1.0" }` names:
 * a lock holding one name twice (for different markers) says which version.
 */
static struct uv_pkg *uv_find(const struct uv_index *x, const struct pkg_toml_value *dep)
{
	const char *name = pkg_toml_get_str(dep, "name"),
	           *version = pkg_toml_get_str(dep, "version");
	size_t k, same = 0;

	if (!name)
		return NULL;
	for (k = uv_hash(name) & (x->cap - 1); x->slot[k]; k = (k + 1) & (x->cap - 1)) {
		struct uv_pkg *p = &x->v[x->slot[k] - 1];
		const char *pv;

		if (strcmp(p->name, name))
			continue;
		/* Real locks hold a name a few times; a hostile one must not make this quadratic.
		 */
		if (++same > UV_MAX_SAME_NAME)
			return NULL;
		pv = pkg_toml_get_str(p->t, "version");
		if (!version || (pv && !strcmp(pv, version)))
			return p;
	}
	return NULL;
}

/* Mark the packages a local package's dependency list names: direct, dev or prod. */
static void uv_mark_list(struct uv_index *x, const struct pkg_toml_value *deps, bool dev)
{
	if (!deps || deps->type != PKG_TOML_ARRAY)
		return;
	for (size_t i = 0; i < deps->n; i++) {
		struct uv_pkg *p = uv_find(x, deps->v[i]);

		if (!p || p->local)
			continue;
		p->direct = true;
		if (dev)
			p->dev = true;
		else
			p->prod = true;
	}
}

static void uv_mark_groups(struct uv_index *x, const struct pkg_toml_value *groups, bool dev)
{
	if (!groups || groups->type != PKG_TOML_TABLE)
		return;
	for (size_t i = 0; i < groups->n; i++)
		uv_mark_list(x, groups->v[i], dev);
}

/*
 * What a package needed outside development depends on is needed too:
 * spread "prod" and "dev" along the dependency lists with a work list
 * (each package enters it at most twice, once per flag).
 */
static void uv_spread(struct uv_index *x)
{
	size_t *work = vakt_xmalloc((2 * x->n + 1) * sizeof(*work)), nw = 0;

	for (size_t i = 0; i < x->n; i++)
		if (!x->v[i].local && (x->v[i].prod || x->v[i].dev))
			work[nw++] = i;
	while (nw) {
		struct uv_pkg *p = &x->v[work[--nw]];
		const struct pkg_toml_value *deps = pkg_toml_get(p->t, "dependencies");

		if (!deps || deps->type != PKG_TOML_ARRAY)
			continue;
		for (size_t k = 0; k < deps->n; k++) {
			struct uv_pkg *d = uv_find(x, deps->v[k]);
			bool more = false;

			if (!d || d->local)
				continue;
			if (p->prod && !d->prod)
				d->prod = more = true;
			if (p->dev && !d->dev)
				d->dev = more = true;
			if (more)
				work[nw++] = (size_t)(d - x->v);
		}
	}
	free(work);
}

long pkg_app_uv_lock(const char *path, const char *data, size_t len, struct pkg_list *out,
                     struct vakt_error **err)
{
	struct pkg_toml_value *root;
	const struct pkg_toml_value *pkgs;
	struct uv_index x = {0};
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
		const char *name = NULL, *version = NULL;

		r = toml_name_version(path, t, &name, &version, err);
		if (r)
			break;
		src = pkg_toml_get(t, "source");
		if (!src || src->type != PKG_TOML_TABLE) {
			r = vakt_error_set_at(
			    err, -EINVAL, path, t->line, 0,
			    "expected an inline table 'source' in the package '%s'", name);
			break;
		}
		x.v[x.n].name = name;
		x.v[x.n].t = t;
		x.v[x.n].local = uv_local(src);
		if (!x.v[x.n].local && (!version || !*version)) {
			r = vakt_error_set_at(err, -EINVAL, path, t->line, 0,
			                      "expected a string 'version' in the package '%s'",
			                      name);
			break;
		}
		any_local |= x.v[x.n].local;
		x.n++;
	}
	if (!r)
		uv_index_build(&x);
	/* The project's own packages say which are direct, and which are only for development. */
	for (size_t i = 0; !r && i < x.n; i++) {
		if (!x.v[i].local)
			continue;
		uv_mark_list(&x, pkg_toml_get(x.v[i].t, "dependencies"), false);
		uv_mark_groups(&x, pkg_toml_get(x.v[i].t, "optional-dependencies"), false);
		uv_mark_groups(&x, pkg_toml_get(x.v[i].t, "dev-dependencies"), true);
	}
	if (!r)
		uv_spread(&x);
	for (size_t i = 0; !r && i < x.n; i++) {
		const struct uv_pkg *p = &x.v[i];

		if (p->local)
			continue;
		r = py_add(path, out, start, p->name, pkg_toml_get_str(p->t, "version"), p->t->line,
		           p->dev && !p->prod,
		           !any_local  ? PKG_SCOPE_UNKNOWN
		           : p->direct ? PKG_SCOPE_DIRECT
		                       : PKG_SCOPE_TRANSITIVE,
		           err);
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

/* --- Pipfile.lock ----------------------------------------------------------- */

/*
 * Check the JSON nesting (PKG_APP_MAX_DEPTH) before jansson reads it, and
 * note the line of each key of the "default" and "develop" objects, in
 * order, for the packages' lines.
 */
struct pipfile_key {
	const char *s; /* in the data, without quotes; not unescaped */
	size_t n;
	int line;
	int section; /* 0 default, 1 develop */
};

static int pipfile_scan(const char *path, const char *d, size_t len, struct pipfile_key **keys,
                        size_t *nkeys, struct vakt_error **err)
{
	size_t cap = 0;
	int depth = 0, line = 1, section = -1;

	*keys = NULL;
	*nkeys = 0;
	for (size_t i = 0; i < len; i++) {
		char c = d[i];

		if (c == '\n') {
			line++;
		} else if (c == '{' || c == '[') {
			if (++depth > PKG_APP_MAX_DEPTH) {
				free(*keys);
				*keys = NULL;
				*nkeys = 0;
				return vakt_error_set_at(err, -E2BIG, path, line, 0,
				                         "nesting deeper than %d",
				                         PKG_APP_MAX_DEPTH);
			}
		} else if (c == '}' || c == ']') {
			depth--;
		} else if (c == '"') {
			size_t s = ++i, j;

			while (i < len && d[i] != '"') {
				if (d[i] == '\\')
					i++;
				i++;
			}
			if (i >= len)
				break; /* jansson says what is wrong */
			j = i + 1;
			while (j < len &&
			       (d[j] == ' ' || d[j] == '\t' || d[j] == '\r' || d[j] == '\n'))
				j++;
			if (j >= len || d[j] != ':')
				continue;
			if (depth == 1)
				section = (i - s == 7 && !memcmp(d + s, "default", 7))   ? 0
				          : (i - s == 7 && !memcmp(d + s, "develop", 7)) ? 1
				                                                         : -1;
			else if (depth == 2 && section >= 0) {
				*keys = vakt_grow(*keys, sizeof(**keys), *nkeys + 1, &cap);
				(*keys)[(*nkeys)++] =
				    (struct pipfile_key){d + s, i - s, line, section};
			}
		}
	}
	return 0;
}

long pkg_app_pipfile_lock(const char *path, const char *data, size_t len, struct pkg_list *out,
                          struct vakt_error **err)
{
	static const char *const sections[] = {"default", "develop"};
	struct pipfile_key *keys;
	size_t nkeys, k[2] = {0, 0}, start = out->n;
	json_error_t je;
	json_t *root;
	int r;

	if (len > PKG_APP_MAX_FILE)
		return vakt_error_set_at(err, -EFBIG, path, 0, 0, "file larger than %u bytes",
		                         PKG_APP_MAX_FILE);
	r = pipfile_scan(path, data, len, &keys, &nkeys, err);
	if (r)
		return r;
	root = json_loadb(data, len, JSON_REJECT_DUPLICATES, &je);
	if (!root) {
		free(keys);
		return vakt_error_set_at(err, -EINVAL, path, je.line > 0 ? je.line : 0,
		                         je.column > 0 ? je.column : 0, "invalid JSON: %s",
		                         je.text);
	}
	if (!json_is_object(root))
		r = vakt_error_set_at(err, -EINVAL, path, 1, 0, "expected a JSON object");
	for (int sec = 0; !r && sec < 2; sec++) {
		json_t *o = json_object_get(root, sections[sec]), *val;
		const char *name;

		if (!o)
			continue;
		if (!json_is_object(o)) {
			r = vakt_error_set_at(err, -EINVAL, path, 0, 0,
			                      "expected '%s' to be an object", sections[sec]);
			break;
		}
		json_object_foreach(o, name, val)
		{
			const char *ver;
			int line = 0;

			/* Keys come in document order, as the scan saw them. */
			while (k[sec] < nkeys && keys[k[sec]].section != sec)
				k[sec]++;
			if (k[sec] < nkeys)
				line = keys[k[sec]++].line;
			if (!json_is_object(val)) {
				r = vakt_error_set_at(err, -EINVAL, path, line, 0,
				                      "expected an object for the package '%s'",
				                      name);
				break;
			}
			ver = json_string_value(json_object_get(val, "version"));
			/* Git, path and editable entries have no version: not registry packages. */
			if (!ver)
				continue;
			if (!strncmp(ver, "===", 3))
				ver += 3;
			else if (!strncmp(ver, "==", 2))
				ver += 2;
			else {
				r = vakt_error_set_at(
				    err, -EINVAL, path, line, 0,
				    "expected a version '==X' for the package '%s'", name);
				break;
			}
			if (!*ver || !*name) {
				r = vakt_error_set_at(err, -EINVAL, path, line, 0,
				                      "empty package name or version");
				break;
			}
			r = py_add(path, out, start, name, ver, line, sec == 1, PKG_SCOPE_UNKNOWN,
			           err);
			if (r)
				break;
		}
	}
	json_decref(root);
	free(keys);
	if (r) {
		pkg_list_truncate(out, start);
		return r;
	}
	return (long)(out->n - start);
}
