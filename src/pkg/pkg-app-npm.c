/* SPDX-License-Identifier: MIT */
/*
 * npm's lock files and installed packages (pkg-app-priv.h).
 *
 * package-lock.json and npm-shrinkwrap.json (npm's package-lock.json(5)):
 * lockfileVersion 2 and 3 list every installed package under `packages`,
 * keyed by its folder ("node_modules/a/node_modules/@s/b"); the root
 * project is the "" entry, whose dependency lists name the direct ones.
 * Version 1 (and a version 2 file read without `packages`) nests
 * `dependencies` by name instead, and cannot say which top-level ones the
 * project asked for: those get PKG_SCOPE_UNKNOWN, nested ones transitive.
 * Links, workspace folders, `file:` and git dependencies are not registry
 * packages and are passed over.
 *
 * node_modules/.../package.json: one installed package; files without a
 * name and version (a package's own nested package.json files such as
 * {"type": "module"}), and `private: true` projects, are not packages.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "pkg/pkg-app-js.h"

#define NPM_LOCK_WHAT "a package-lock.json object"
/* Workspaces whose dependencies make a hoisted package direct (more are read, not asked). */
#define NPM_MAX_WORKSPACES 256

struct npm {
	const char *path;
	struct pkg_list *out;
	size_t start;
	struct vakt_error **err;
	struct pkg_app_json_cur cur;
	const json_t *root_pkg; /* packages[""]: the project itself, or NULL */
	const json_t *pkgs;     /* `packages` */
	const char **ws;        /* the workspaces' keys ("packages/api"), borrowed from the tree */
	size_t n_ws, ws_cap;
};

/* Whether a lock file version is not a registry one (file:, link:, git, a tarball URL). */
static bool npm_version_foreign(const char *v)
{
	return !*v || strchr(v, ':') || strchr(v, '/');
}

static bool npm_resolved_foreign(const json_t *resolved)
{
	const char *r = json_string_value(resolved);

	if (!r)
		return false;
	return vakt_starts_with(r, "file:") || vakt_starts_with(r, "link:") ||
	       vakt_starts_with(r, "git+") || vakt_starts_with(r, "git:") ||
	       vakt_starts_with(r, "github:") || vakt_starts_with(r, "gitlab:") ||
	       vakt_starts_with(r, "bitbucket:");
}

/* A member that must be a string when present: its text, NULL when absent; -EINVAL otherwise. */
static int npm_str(struct npm *c, const json_t *obj, const char *key, const char *owner, int line,
                   const char **out)
{
	const json_t *v = json_object_get(obj, key);

	*out = NULL;
	if (!v)
		return 0;
	if (!json_is_string(v))
		return vakt_error_set_at(c->err, -EINVAL, c->path, line, 0,
		                         "'%s' of '%s' is %s; expected a string", key, owner,
		                         pkg_app_json_kind(v));
	if (strlen(json_string_value(v)) != json_string_length(v))
		return vakt_error_set_at(c->err, -EINVAL, c->path, line, 0,
		                         "'%s' of '%s' holds a NUL character", key, owner);
	*out = json_string_value(v);
	return 0;
}

static bool npm_true(const json_t *obj, const char *key)
{
	return json_is_true(json_object_get(obj, key));
}

/* Whether the package entry e (a project or workspace) lists name among its own dependencies. */
static bool npm_entry_wants(const json_t *e, const char *name)
{
	static const char *const lists[] = {"dependencies", "devDependencies",
	                                    "optionalDependencies", "peerDependencies"};

	for (size_t i = 0; i < VAKT_ARRAY_SIZE(lists); i++)
		if (json_object_get(json_object_get(e, lists[i]), name))
			return true;
	return false;
}

/* "name" or "@scope/name": one package folder, not a path inside one. */
static bool npm_one_folder(const char *nm)
{
	const char *slash = strchr(nm, '/');

	return !slash || (*nm == '@' && !strchr(slash + 1, '/'));
}

/*
 * Whether the package at key (its name from the path at nm) is one its
 * project asks for: "node_modules/NAME" that the root project or a
 * workspace lists (npm hoists workspaces' dependencies there), or
 * "WORKSPACE/node_modules/NAME" that this workspace lists.
 */
static bool npm_direct(const struct npm *c, const char *key, const char *nm)
{
	size_t plen = (size_t)(nm - key) - 13;

	if (!npm_one_folder(nm))
		return false;
	if (!plen) {
		if (npm_entry_wants(c->root_pkg, nm))
			return true;
		/* a workspace's own copy, "packages/api/node_modules/NAME", is the one it uses */
		for (size_t i = 0; i < c->n_ws; i++) {
			bool own;
			char *k;

			if (!npm_entry_wants(json_object_get(c->pkgs, c->ws[i]), nm))
				continue;
			k = vakt_xasprintf("%s/node_modules/%s", c->ws[i], nm);
			own = json_object_get(c->pkgs, k) != NULL;
			free(k);
			if (!own)
				return true;
		}
		return false;
	}
	/* "packages/api/" before node_modules/: a workspace, when it is not itself inside one */
	if (key[plen - 1] != '/' || strstr(key, "node_modules/") != nm - 13)
		return false;
	char *owner = vakt_xstrndup(key, plen - 1);
	bool wants = npm_entry_wants(json_object_get(c->pkgs, owner), nm);

	free(owner);
	return wants;
}

/* A licence: "MIT", {"type": "MIT"}, or the old [{"type": ...}, ...] (joined with " OR "). */
static char *npm_license(const json_t *v)
{
	struct vakt_buf b = VAKT_BUF_INIT;
	size_t i;
	json_t *x;

	if (json_is_string(v) && json_string_length(v))
		return vakt_xstrdup(json_string_value(v));
	if (json_is_object(v))
		return npm_license(json_object_get(v, "type"));
	if (!json_is_array(v))
		return NULL;
	json_array_foreach(v, i, x)
	{
		char *one = npm_license(x);

		if (!one)
			continue;
		if (b.len)
			vakt_buf_adds(&b, " OR ");
		vakt_buf_adds(&b, one);
		free(one);
		if (b.len > PKG_MAX_FIELD)
			break;
	}
	return b.len ? vakt_buf_detach(&b) : (vakt_buf_release(&b), NULL);
}

/* One entry of lockfileVersion 2/3's `packages`. */
static int npm_package(struct npm *c, const char *key, const json_t *e, int line)
{
	const char *nm = NULL, *version, *name;
	struct pkg *p;
	int rc;

	if (!*key)
		return 0; /* the project itself */
	if (!json_is_object(e))
		return vakt_error_set_at(c->err, -EINVAL, c->path, line, 0,
		                         "package '%s' is %s; expected an object", key,
		                         pkg_app_json_kind(e));
	for (const char *s = key; (s = strstr(s, "node_modules/")); s += 13)
		nm = s + 13;
	if (!nm || !*nm)
		return 0; /* a workspace folder: the project's own code */
	if ((rc = npm_str(c, e, "version", key, line, &version)) ||
	    (rc = npm_str(c, e, "name", key, line, &name)))
		return rc;
	if (npm_true(e, "link") || !version || npm_version_foreign(version) ||
	    npm_resolved_foreign(json_object_get(e, "resolved")))
		return 0;
	if (!name || !*name)
		name = nm;
	rc = pkg_app_js_add(c->out, c->start, PKG_NPM, c->path, name, strlen(name), version,
	                    strlen(version), line, &p, c->err);
	if (rc)
		return rc;
	p->dev = npm_true(e, "dev") || npm_true(e, "devOptional");
	p->license = npm_license(json_object_get(e, "license"));
	if (!c->root_pkg)
		p->scope = PKG_SCOPE_UNKNOWN;
	else
		p->scope = npm_direct(c, key, nm) ? PKG_SCOPE_DIRECT : PKG_SCOPE_TRANSITIVE;
	return 0;
}

static int npm_packages(struct npm *c, const json_t *pkgs, int line)
{
	const char *key;
	json_t *e;
	int rc;

	if (!json_is_object(pkgs))
		return vakt_error_set_at(c->err, -EINVAL, c->path, line, 0,
		                         "'packages' is %s; expected an object",
		                         pkg_app_json_kind(pkgs));
	c->pkgs = pkgs;
	c->root_pkg = json_object_get(pkgs, "");
	if (c->root_pkg && !json_is_object(c->root_pkg))
		c->root_pkg = NULL; /* npm_package() reports it */
	json_object_foreach((json_t *)pkgs, key, e)
	{
		if (*key && !strstr(key, "node_modules/") && json_is_object(e) &&
		    c->n_ws < NPM_MAX_WORKSPACES) {
			c->ws = vakt_grow(c->ws, sizeof(*c->ws), c->n_ws + 1, &c->ws_cap);
			c->ws[c->n_ws++] = key;
		}
	}
	json_object_foreach((json_t *)pkgs, key, e)
	{
		int at = pkg_app_json_key(&c->cur);

		if ((rc = npm_package(c, key, e, at)))
			return rc;
		pkg_app_json_skip(&c->cur, e);
	}
	return 0;
}

/* lockfileVersion 1's `dependencies`, nested under the packages that need their own copy. */
static int npm_deps_v1(struct npm *c, const json_t *deps, int line, int level)
{
	const char *key;
	json_t *e;
	int rc;

	if (!json_is_object(deps))
		return vakt_error_set_at(c->err, -EINVAL, c->path, line, 0,
		                         "'dependencies' is %s; expected an object",
		                         pkg_app_json_kind(deps));
	json_object_foreach((json_t *)deps, key, e)
	{
		int at = pkg_app_json_key(&c->cur);
		const char *version, *name = key, *k;
		size_t nn = strlen(key);
		json_t *x;

		if (!json_is_object(e))
			return vakt_error_set_at(c->err, -EINVAL, c->path, at, 0,
			                         "dependency '%s' is %s; expected an object", key,
			                         pkg_app_json_kind(e));
		if ((rc = npm_str(c, e, "version", key, at, &version)))
			return rc;
		if (version && vakt_starts_with(version, "npm:")) {
			/* an alias: "npm:real-name@1.2.3" */
			const char *real = version + 4, *atsign = strrchr(real, '@');

			if (atsign && atsign > real) {
				name = real;
				nn = (size_t)(atsign - real);
				version = atsign + 1;
			}
		}
		if (version && !npm_version_foreign(version) &&
		    !npm_resolved_foreign(json_object_get(e, "resolved"))) {
			struct pkg *p;

			rc = pkg_app_js_add(c->out, c->start, PKG_NPM, c->path, name, nn, version,
			                    strlen(version), at, &p, c->err);
			if (rc)
				return rc;
			p->dev = npm_true(e, "dev");
			p->scope = level ? PKG_SCOPE_TRANSITIVE : PKG_SCOPE_UNKNOWN;
		}
		json_object_foreach(e, k, x)
		{
			int kl = pkg_app_json_key(&c->cur);

			if (!strcmp(k, "dependencies")) {
				if ((rc = npm_deps_v1(c, x, kl, level + 1)))
					return rc;
			} else {
				pkg_app_json_skip(&c->cur, x);
			}
		}
	}
	return 0;
}

long pkg_app_npm_lock(const char *path, const char *data, size_t len, struct pkg_list *out,
                      struct vakt_error **err)
{
	struct pkg_app_json j;
	struct npm c = {.path = path, .out = out, .start = out->n, .err = err};
	const json_t *ver, *v;
	long long lv = 1;
	const char *key;
	int rc;

	rc = pkg_app_json_load(path, data, len, NPM_LOCK_WHAT, &j, err);
	if (rc)
		return rc;
	c.cur.j = &j;
	if (!json_is_object(j.root)) {
		rc = vakt_error_set_at(err, -EINVAL, path, 1, 0, "the document is %s; expected %s",
		                       pkg_app_json_kind(j.root), NPM_LOCK_WHAT);
		goto out;
	}
	ver = json_object_get(j.root, "lockfileVersion");
	if (ver && !json_is_integer(ver)) {
		rc = vakt_error_set_at(err, -EINVAL, path, 0, 0,
		                       "'lockfileVersion' is %s; expected 1, 2 or 3",
		                       pkg_app_json_kind(ver));
		goto out;
	}
	if (ver)
		lv = json_integer_value(ver);
	if (lv < 1 || lv > 3) {
		rc = vakt_error_set_at(err, -EINVAL, path, 0, 0,
		                       "lockfileVersion %lld; expected 1, 2 or 3", lv);
		goto out;
	}
	/* Version 2 carries both shapes; `packages` is the complete one. */
	bool use_packages = lv >= 2 && json_object_get(j.root, "packages");
	json_object_foreach(j.root, key, v)
	{
		int at = pkg_app_json_key(&c.cur);

		if (use_packages && !strcmp(key, "packages"))
			rc = npm_packages(&c, v, at);
		else if (!use_packages && !strcmp(key, "dependencies"))
			rc = npm_deps_v1(&c, v, at, 0);
		else
			pkg_app_json_skip(&c.cur, v);
		if (rc)
			goto out;
	}
	pkg_app_js_fold(out, c.start);
out:
	free(c.ws);
	if (rc)
		pkg_list_truncate(out, c.start);
	pkg_app_json_release(&j);
	return rc ? rc : (long)(out->n - c.start);
}

long pkg_app_npm_installed(const char *path, const char *data, size_t len, struct pkg_list *out,
                           struct vakt_error **err)
{
	struct pkg_app_json j;
	struct npm c = {.path = path, .out = out, .start = out->n, .err = err};
	const char *name, *version, *key;
	int rc, line = 0;
	struct pkg *p;
	json_t *v;

	rc = pkg_app_json_load(path, data, len, "a package.json object", &j, err);
	if (rc)
		return rc;
	c.cur.j = &j;
	if (!json_is_object(j.root)) {
		rc = vakt_error_set_at(err, -EINVAL, path, 1, 0,
		                       "the document is %s; expected a package.json object",
		                       pkg_app_json_kind(j.root));
		goto out;
	}
	json_object_foreach(j.root, key, v)
	{
		int at = pkg_app_json_key(&c.cur);

		if (!strcmp(key, "name"))
			line = at;
		pkg_app_json_skip(&c.cur, v);
	}
	if ((rc = npm_str(&c, j.root, "name", "package.json", line, &name)) ||
	    (rc = npm_str(&c, j.root, "version", "package.json", line, &version)))
		goto out;
	if (!name || !*name || !version || !*version || npm_true(j.root, "private"))
		goto out;
	rc = pkg_app_js_add(out, c.start, PKG_NPM, path, name, strlen(name), version,
	                    strlen(version), line, &p, err);
	if (rc)
		goto out;
	p->license = npm_license(json_object_get(j.root, "license"));
	if (!p->license)
		p->license = npm_license(json_object_get(j.root, "licenses"));
out:
	if (rc)
		pkg_list_truncate(out, c.start);
	pkg_app_json_release(&j);
	return rc ? rc : (long)(out->n - c.start);
}
