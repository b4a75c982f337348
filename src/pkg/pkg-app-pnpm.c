/* SPDX-License-Identifier: MIT */
/*
 * pnpm-lock.yaml (pkg-app-priv.h), lockfileVersion 5.x, 6.x and 9.x.
 *
 * `packages` is keyed by package: "/name/1.2.3" and "/@scope/name/1.2.3_peer@2.0.0"
 * in 5.x, "/name@1.2.3(peer@2.0.0)" in 6.x, "name@1.2.3" in 9.x (whose
 * resolved dependency graph, with peers, moved to `snapshots`). The peer
 * suffix is not part of the version. Keys whose version is not a registry
 * one (file:, link:, git hosts, tarball URLs) are passed over.
 *
 * The projects are `importers` (a monorepo, and every 9.x file) or the
 * root itself (5.x and 6.x single projects); their dependencies,
 * optionalDependencies and devDependencies name the direct packages. Dev:
 * 5.x and 6.x say it per package (`dev: true`; both prod and dev when
 * absent); 9.x does not, so a package is dev when no snapshot of it is
 * reached from a project's dependencies or optionalDependencies.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/yaml.h"
#include "pkg/pkg-app-js.h"

/* A set of strings (owned copies): open addressing, FNV-1a. */
struct pnpm_set {
	char **v;
	size_t cap, n;
};

static size_t pnpm_hash(const char *s, size_t n)
{
	size_t h = 1469598103934665603u;

	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211u;
	return h;
}

static bool pnpm_set_has(const struct pnpm_set *set, const char *s, size_t n)
{
	if (!set->cap)
		return false;
	for (size_t i = pnpm_hash(s, n) & (set->cap - 1);; i = (i + 1) & (set->cap - 1)) {
		if (!set->v[i])
			return false;
		if (!strncmp(set->v[i], s, n) && !set->v[i][n])
			return true;
	}
}

/* Add [s, s + n); false when it was there. */
static bool pnpm_set_add(struct pnpm_set *set, const char *s, size_t n)
{
	size_t i;

	if (pnpm_set_has(set, s, n))
		return false;
	if ((set->n + 1) * 2 > set->cap) {
		struct pnpm_set big = {vakt_xcalloc(set->cap ? set->cap * 2 : 64, sizeof(char *)),
		                       set->cap ? set->cap * 2 : 64, set->n};

		for (size_t k = 0; k < set->cap; k++) {
			if (!set->v[k])
				continue;
			for (i = pnpm_hash(set->v[k], strlen(set->v[k])) & (big.cap - 1); big.v[i];
			     i = (i + 1) & (big.cap - 1))
				;
			big.v[i] = set->v[k];
		}
		free(set->v);
		*set = big;
	}
	for (i = pnpm_hash(s, n) & (set->cap - 1); set->v[i]; i = (i + 1) & (set->cap - 1))
		;
	set->v[i] = vakt_xstrndup(s, n);
	set->n++;
	return true;
}

/* Snapshot keys to their nodes (keys borrowed from the tree): 9.x's graph, walked by key. */
struct pnpm_map {
	const struct vakt_yaml_pair **v;
	size_t cap;
};

static void pnpm_map_build(struct pnpm_map *m, const struct vakt_yaml_node *snaps)
{
	m->cap = 64;
	while (m->cap < (size_t)snaps->n * 2)
		m->cap *= 2;
	m->v = vakt_xcalloc(m->cap, sizeof(*m->v));
	for (size_t k = 0; k < snaps->n; k++) {
		const char *key = vakt_yaml_str(snaps->pairs[k].key);
		size_t i;

		if (!key)
			continue;
		for (i = pnpm_hash(key, strlen(key)) & (m->cap - 1); m->v[i];
		     i = (i + 1) & (m->cap - 1))
			;
		m->v[i] = &snaps->pairs[k];
	}
}

static const struct vakt_yaml_node *pnpm_map_get(const struct pnpm_map *m, const char *key)
{
	if (!m->cap)
		return NULL;
	for (size_t i = pnpm_hash(key, strlen(key)) & (m->cap - 1); m->v[i];
	     i = (i + 1) & (m->cap - 1))
		if (!strcmp(vakt_yaml_str(m->v[i]->key), key))
			return m->v[i]->value;
	return NULL;
}

static void pnpm_set_release(struct pnpm_set *set)
{
	for (size_t i = 0; i < set->cap; i++)
		free(set->v[i]);
	free(set->v);
	memset(set, 0, sizeof(*set));
}

struct pnpm {
	const char *path;
	struct pkg_list *out;
	size_t start;
	struct vakt_error **err;
	int major;              /* lockfileVersion's */
	struct pnpm_set direct; /* "name@version" of the projects' dependencies */
	struct pnpm_set prod;   /* 9.x: "name@version" reached from prod dependencies */
	const struct vakt_yaml_node *snapshots; /* 9.x, or NULL */
	struct pnpm_map snap_map;               /* its keys */
};

/*
 * A package key (or a dependency's resolved version written as one) as
 * name and version, the peer suffix and the leading '/' dropped. False when
 * it is not a registry package.
 */
static bool pnpm_key(const struct pnpm *c, const char *k, const char **name, size_t *nn,
                     const char **ver, size_t *vn)
{
	size_t n;
	const char *at;

	if (*k == '/')
		k++;
	n = strcspn(k, "(");
	if (c->major < 6) {
		/* "name/1.2.3_peer@2", "@scope/name/1.2.3" */
		const char *slash = NULL;

		for (size_t i = 0; i < n; i++)
			if (k[i] == '/')
				slash = k + i;
		if (!slash || slash == k)
			return false;
		*name = k;
		*nn = (size_t)(slash - k);
		*ver = slash + 1;
		*vn = strcspn(*ver, "_(");
		/* "@scope/name" holds one '/', "name" none (a host path like github.com/u/r more)
		 */
		size_t slashes = 0;

		for (size_t i = 0; i < *nn; i++)
			slashes += k[i] == '/';
		if (slashes != (*k == '@' ? 1u : 0u))
			return false;
	} else {
		at = n > 1 ? memchr(k + 1, '@', n - 1) : NULL;
		if (!at)
			return false;
		*name = k;
		*nn = (size_t)(at - k);
		*ver = at + 1;
		*vn = (size_t)(k + n - *ver);
	}
	return *nn && *vn && **ver >= '0' && **ver <= '9' && !memchr(*ver, ':', *vn) &&
	       !memchr(*ver, '/', *vn) && *nn <= PKG_MAX_FIELD && *vn <= PKG_MAX_FIELD;
}

/*
 * The snapshot key (or package key) a dependency `name: version` resolves
 * to: the version itself when it names another package (an alias,
 * "/real@1.0.0", "real@1.0.0"), else name and version joined as the file's
 * version writes keys. The caller owns it; NULL for link: and file:.
 */
static char *pnpm_dep_key(const struct pnpm *c, const char *name, const char *ver)
{
	if (vakt_starts_with(ver, "link:") || vakt_starts_with(ver, "file:"))
		return NULL;
	if (*ver == '/' || (c->major >= 9 && strchr(ver + 1, '@') &&
	                    strchr(ver + 1, '@') < ver + strcspn(ver, "(")))
		return vakt_xstrdup(ver);
	return vakt_xasprintf("%s%s%s%s", c->major < 9 ? "/" : "", name, c->major < 6 ? "/" : "@",
	                      ver);
}

/* The version of an importer's dependency: a scalar (5.x) or {specifier, version}. */
static const char *pnpm_dep_version(const struct vakt_yaml_node *v)
{
	if (vakt_yaml_is_map(v))
		v = vakt_yaml_get(v, "version");
	return vakt_yaml_text(v);
}

/* "name@version" of a key into set, when it is a registry package. */
static void pnpm_add_id(const struct pnpm *c, struct pnpm_set *set, const char *key)
{
	const char *name, *ver;
	size_t nn, vn;

	if (pnpm_key(c, key, &name, &nn, &ver, &vn)) {
		char *id = vakt_xasprintf("%.*s@%.*s", (int)nn, name, (int)vn, ver);

		pnpm_set_add(set, id, strlen(id));
		free(id);
	}
}

/* 9.x: every snapshot reached from key is prod. Iterative, with its own stack. */
static void pnpm_reach(struct pnpm *c, struct pnpm_set *seen, char *key)
{
	char **stack = NULL;
	size_t n = 0, cap = 0;

	stack = vakt_grow(stack, sizeof(*stack), 1, &cap);
	stack[n++] = key;
	while (n) {
		char *k = stack[--n];
		const struct vakt_yaml_node *snap;

		if (!pnpm_set_add(seen, k, strlen(k))) {
			free(k);
			continue;
		}
		pnpm_add_id(c, &c->prod, k);
		snap = pnpm_map_get(&c->snap_map, k);
		free(k);
		for (int l = 0; l < 2; l++) {
			const struct vakt_yaml_node *deps =
			    vakt_yaml_get(snap, l ? "optionalDependencies" : "dependencies");

			for (size_t i = 0; vakt_yaml_is_map(deps) && i < deps->n; i++) {
				const char *dn = vakt_yaml_text(deps->pairs[i].key);
				const char *dv = vakt_yaml_text(deps->pairs[i].value);
				char *dk = dn && dv ? pnpm_dep_key(c, dn, dv) : NULL;

				if (!dk)
					continue;
				stack = vakt_grow(stack, sizeof(*stack), n + 1, &cap);
				stack[n++] = dk;
			}
		}
	}
	free(stack);
}

/* One project's dependency lists: direct packages, and (9.x) what prod reaches. */
static void pnpm_importer(struct pnpm *c, const struct vakt_yaml_node *imp, struct pnpm_set *seen)
{
	static const char *const lists[] = {"dependencies", "optionalDependencies",
	                                    "devDependencies"};

	for (size_t l = 0; l < VAKT_ARRAY_SIZE(lists); l++) {
		const struct vakt_yaml_node *deps = vakt_yaml_get(imp, lists[l]);

		for (size_t i = 0; vakt_yaml_is_map(deps) && i < deps->n; i++) {
			const char *dn = vakt_yaml_text(deps->pairs[i].key);
			const char *dv = pnpm_dep_version(deps->pairs[i].value);
			char *dk = dn && dv ? pnpm_dep_key(c, dn, dv) : NULL;

			if (!dk)
				continue;
			pnpm_add_id(c, &c->direct, dk);
			if (c->snapshots && l < 2)
				pnpm_reach(c, seen, dk);
			else
				free(dk);
		}
	}
}

static int pnpm_packages(struct pnpm *c, const struct vakt_yaml_node *pkgs)
{
	if (!pkgs || vakt_yaml_is_null(pkgs))
		return 0;
	if (!vakt_yaml_is_map(pkgs))
		return vakt_error_set_at(c->err, -EINVAL, c->path, pkgs->line, pkgs->col,
		                         "'packages' is not a mapping; expected package keys");
	for (size_t i = 0; i < pkgs->n; i++) {
		const struct vakt_yaml_pair *pr = &pkgs->pairs[i];
		const char *key = vakt_yaml_text(pr->key), *name, *ver;
		size_t nn, vn;
		struct pkg *p;
		char *id;
		bool dev = false;
		int rc;

		if (!key || !pnpm_key(c, key, &name, &nn, &ver, &vn))
			continue;
		if (!vakt_yaml_is_map(pr->value) && !vakt_yaml_is_null(pr->value))
			return vakt_error_set_at(c->err, -EINVAL, c->path, pr->value->line,
			                         pr->value->col,
			                         "package '%.80s' is not a mapping; expected its "
			                         "resolution",
			                         key);
		if (c->major < 9)
			vakt_yaml_bool(vakt_yaml_get(pr->value, "dev"), &dev);
		rc = pkg_app_js_add(c->out, c->start, PKG_NPM, c->path, name, nn, ver, vn,
		                    pr->key->line, &p, c->err);
		if (rc)
			return rc;
		id = vakt_xasprintf("%s@%s", p->name, p->version);
		if (c->major >= 9 && c->snapshots)
			dev = !pnpm_set_has(&c->prod, id, strlen(id));
		p->dev = dev;
		p->scope = pnpm_set_has(&c->direct, id, strlen(id)) ? PKG_SCOPE_DIRECT
		                                                    : PKG_SCOPE_TRANSITIVE;
		free(id);
	}
	return 0;
}

long pkg_app_pnpm_lock(const char *path, const char *data, size_t len, struct pkg_list *out,
                       struct vakt_error **err)
{
	struct pnpm c = {.path = path, .out = out, .start = out->n, .err = err};
	const struct vakt_yaml_node *root, *lv, *imps;
	struct vakt_yaml_stream *ys = NULL;
	struct pnpm_set seen = {0};
	const char *lvs;
	int rc;

	rc = pkg_app_js_check_size(path, len, "pnpm-lock.yaml", err);
	if (rc)
		return rc;
	rc = vakt_yaml_parse(path, data, len, &ys, err);
	if (rc < 0)
		goto out;
	root = ys->n_docs ? ys->docs[0].root : NULL;
	if (ys->n_docs != 1 || !vakt_yaml_is_map(root)) {
		rc = vakt_error_set_at(err, -EINVAL, path, root ? root->line : 1, 0,
		                       "expected one mapping with lockfileVersion and packages");
		goto out;
	}
	lv = vakt_yaml_get(root, "lockfileVersion");
	lvs = vakt_yaml_text(lv);
	if (!lvs || *lvs < '5' || *lvs > '9' || (lvs[1] && lvs[1] != '.')) {
		rc = vakt_error_set_at(
		    err, -EINVAL, path, lv ? lv->line : root->line, lv ? lv->col : 0,
		    "lockfileVersion '%.20s'; expected 5.x, 6.x or 9.x", lvs ? lvs : "");
		goto out;
	}
	c.major = *lvs - '0';
	if (c.major == 7 || c.major == 8) {
		rc = vakt_error_set_at(err, -EINVAL, path, lv->line, lv->col,
		                       "lockfileVersion '%.20s'; expected 5.x, 6.x or 9.x", lvs);
		goto out;
	}
	if (c.major >= 9) {
		c.snapshots = vakt_yaml_get(root, "snapshots");
		if (!vakt_yaml_is_map(c.snapshots))
			c.snapshots = NULL;
		else
			pnpm_map_build(&c.snap_map, c.snapshots);
	}
	imps = vakt_yaml_get(root, "importers");
	if (vakt_yaml_is_map(imps)) {
		for (size_t i = 0; i < imps->n; i++)
			pnpm_importer(&c, imps->pairs[i].value, &seen);
	} else {
		pnpm_importer(&c, root, &seen);
	}
	rc = pnpm_packages(&c, vakt_yaml_get(root, "packages"));
	if (!rc)
		pkg_app_js_fold(out, c.start);
out:
	pnpm_set_release(&seen);
	pnpm_set_release(&c.direct);
	pnpm_set_release(&c.prod);
	free(c.snap_map.v);
	vakt_yaml_free(ys);
	if (rc)
		pkg_list_truncate(out, c.start);
	return rc ? rc : (long)(out->n - c.start);
}
