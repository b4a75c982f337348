/* SPDX-License-Identifier: MIT */
/*
 * yarn.lock (pkg-app-priv.h), in its two formats.
 *
 * Yarn classic (v1) writes its own format ("# yarn lockfile v1"): an entry
 * starts at the left margin with the requested patterns, quoted where
 * needed and separated by ", ", ending in ':' ("\"@babel/core@^7.0.0\",
 * \"@babel/core@^7.24.0\":"), and its fields follow indented by two spaces
 * (`version "7.24.0"`, `resolved "https://..."`); dependencies are
 * indented by four.
 *
 * Yarn berry (2 and later) writes YAML with a `__metadata` entry; each
 * entry has `version` and `resolution: "name@npm:1.2.3"`. The resolution's
 * protocol says what it is: npm is a registry package; patch wraps one
 * ("resolve@patch:resolve@npm%3A1.22.8#..."), read as the package it
 * patches; workspace, link, portal, file, exec, git and URL resolutions are
 * not registry packages and are passed over.
 *
 * A yarn.lock does not say which packages the project asks for, nor which
 * are for development (package.json does): scope unknown, dev false.
 */
#include <errno.h>
#include <string.h>

#include "core/yaml.h"
#include "pkg/pkg-app-js.h"
#include "pkg/pkg-priv.h"

/* The '@' that ends a package name ("@scope/name@range": not the first byte). */
static const char *yarn_name_end(const char *s, size_t n)
{
	return n > 1 ? memchr(s + 1, '@', n - 1) : NULL;
}

/* --- classic ------------------------------------------------------------ */

struct yarn_entry {
	const char *name; /* borrowed from the input */
	size_t nn;
	const char *version;
	size_t vn;
	bool foreign; /* a file:, link:, git or URL dependency */
	int line;
};

/* The first pattern of a header line: its name (an alias's real name) and whether it is a registry
 * one. */
static bool yarn_classic_header(const char *s, size_t n, struct yarn_entry *e)
{
	const char *end, *at, *range;
	size_t k = 0;

	if (n < 2 || s[n - 1] != ':')
		return false;
	n--;
	if (s[0] == '"') {
		const char *q = memchr(s + 1, '"', n - 1);

		if (!q)
			return false;
		s++;
		end = q;
	} else {
		while (k < n && s[k] != ',')
			k++;
		end = s + k;
	}
	at = yarn_name_end(s, (size_t)(end - s));
	if (!at)
		return false;
	e->name = s;
	e->nn = (size_t)(at - s);
	range = at + 1;
	if (end - range > 4 && !memcmp(range, "npm:", 4)) {
		/* an alias, "name@npm:real@^1.0.0": the package is real */
		const char *real = range + 4, *rat = yarn_name_end(real, (size_t)(end - real));

		e->name = real;
		e->nn = rat ? (size_t)(rat - real) : (size_t)(end - real);
		range = rat ? rat + 1 : end;
	}
	e->foreign = memchr(range, ':', (size_t)(end - range)) != NULL ||
	             memchr(range, '/', (size_t)(end - range)) != NULL;
	return e->nn > 0;
}

static int yarn_classic_finish(const char *path, struct yarn_entry *e, struct pkg_list *out,
                               size_t start, struct vakt_error **err)
{
	struct pkg *p;

	if (!e->name || e->foreign || !e->vn)
		return 0;
	return pkg_app_js_add(out, start, PKG_NPM, path, e->name, e->nn, e->version, e->vn, e->line,
	                      &p, err);
}

static long yarn_classic(const char *path, const char *data, size_t len, struct pkg_list *out,
                         struct vakt_error **err)
{
	struct pkg_lines r = {data, len, 0, 0};
	struct yarn_entry e = {0};
	size_t start = out->n, n;
	const char *s;
	int rc = 0;

	while (pkg_lines_next(&r, &s, &n)) {
		if (pkg_line_blank(s, n) || s[0] == '#')
			continue;
		if (n > PKG_MAX_FIELD * 16) {
			rc = vakt_error_set_at(err, -E2BIG, path, r.line, 1,
			                       "a line longer than %d bytes", PKG_MAX_FIELD * 16);
			goto out;
		}
		if (s[0] != ' ') {
			if ((rc = yarn_classic_finish(path, &e, out, start, err)))
				goto out;
			memset(&e, 0, sizeof(e));
			if (!yarn_classic_header(s, n, &e)) {
				rc = vakt_error_set_at(err, -EINVAL, path, r.line, 1,
				                       "'%.*s'; expected an entry such as "
				                       "'\"name@^1.0.0\", name@^1.2.0:'",
				                       (int)(n > 40 ? 40 : n), s);
				goto out;
			}
			e.line = r.line;
			continue;
		}
		if (!e.name) {
			rc = vakt_error_set_at(err, -EINVAL, path, r.line, 1,
			                       "an indented line before any entry; expected "
			                       "'name@range:'");
			goto out;
		}
		if (n > 10 && !memcmp(s, "  version ", 10)) {
			const char *v = s + 10;
			size_t vn = n - 10;

			pkg_trim(&v, &vn);
			if (vn >= 2 && v[0] == '"' && v[vn - 1] == '"')
				v++, vn -= 2;
			if (!vn || vn > PKG_MAX_FIELD) {
				rc = vakt_error_set_at(err, -EINVAL, path, r.line, 3,
				                       "an empty or overlong version; expected "
				                       "'version \"1.2.3\"'");
				goto out;
			}
			e.version = v;
			e.vn = vn;
		} else if (n > 11 && !memcmp(s, "  resolved ", 11)) {
			const char *v = s + 11;
			size_t vn = n - 11;

			pkg_trim(&v, &vn);
			if (vn && v[0] == '"')
				v++, vn--;
			if ((vn >= 5 && !memcmp(v, "file:", 5)) ||
			    (vn >= 4 && !memcmp(v, "git+", 4)) ||
			    (vn >= 4 && !memcmp(v, "git:", 4)))
				e.foreign = true;
		}
	}
	rc = yarn_classic_finish(path, &e, out, start, err);
	if (!rc)
		pkg_app_js_fold(out, start);
out:
	if (rc)
		pkg_list_truncate(out, start);
	return rc ? rc : (long)(out->n - start);
}

/* --- berry -------------------------------------------------------------- */

static int yarn_berry_entry(const char *path, const struct vakt_yaml_pair *pr, struct pkg_list *out,
                            size_t start, struct vakt_error **err)
{
	const struct vakt_yaml_node *v = pr->value, *res, *ver;
	const char *key = vakt_yaml_str(pr->key), *rs, *at, *proto, *colon, *version;
	struct pkg *p;
	size_t vn;

	if (key && !strcmp(key, "__metadata"))
		return 0;
	if (!vakt_yaml_is_map(v))
		return vakt_error_set_at(err, -EINVAL, path, pr->key->line, pr->key->col,
		                         "entry '%.80s' is not a mapping; expected its version and "
		                         "resolution",
		                         key ? key : "?");
	res = vakt_yaml_get(v, "resolution");
	ver = vakt_yaml_get(v, "version");
	if (!res || !(rs = vakt_yaml_text(res)))
		return vakt_error_set_at(err, -EINVAL, path, v->line, v->col,
		                         "entry '%.80s' has no resolution; expected "
		                         "'resolution: \"name@npm:1.2.3\"'",
		                         key ? key : "?");
	if (ver && !vakt_yaml_str(ver))
		return vakt_error_set_at(err, -EINVAL, path, ver->line, ver->col,
		                         "the version is not a scalar; expected 'version: 1.2.3'");
	at = yarn_name_end(rs, res->len);
	if (!at || !(colon = strchr(at + 1, ':')))
		return vakt_error_set_at(err, -EINVAL, path, res->line, res->col,
		                         "resolution '%.80s'; expected 'name@protocol:reference'",
		                         rs);
	proto = at + 1;
	version = vakt_yaml_text(ver);
	if ((size_t)(colon - proto) == 3 && !memcmp(proto, "npm", 3)) {
		if (!version)
			version = colon + 1;
	} else if ((size_t)(colon - proto) == 5 && !memcmp(proto, "patch", 5)) {
		/* the patched package: "name@patch:name@npm%3A1.2.3#..." */
		if (!strstr(colon, "@npm%3A") && !strstr(colon, "@npm:"))
			return 0;
	} else {
		return 0; /* workspace:, link:, portal:, file:, exec:, git, URLs */
	}
	vn = version ? strlen(version) : 0;
	if (!vn || vn > PKG_MAX_FIELD || strchr(version, ':') || strchr(version, '/'))
		return 0;
	return pkg_app_js_add(out, start, PKG_NPM, path, rs, (size_t)(at - rs), version, vn,
	                      pr->key->line, &p, err);
}

static long yarn_berry(const char *path, const char *data, size_t len, struct pkg_list *out,
                       struct vakt_error **err)
{
	struct vakt_yaml_stream *ys = NULL;
	const struct vakt_yaml_node *root;
	size_t start = out->n;
	int rc;

	rc = vakt_yaml_parse(path, data, len, &ys, err);
	if (rc < 0)
		goto out;
	root = ys->n_docs ? ys->docs[0].root : NULL;
	if (ys->n_docs != 1 || !vakt_yaml_is_map(root)) {
		rc = vakt_error_set_at(err, -EINVAL, path, root ? root->line : 1, 0,
		                       "expected one mapping of yarn.lock entries");
		goto out;
	}
	for (size_t i = 0; i < root->n; i++)
		if ((rc = yarn_berry_entry(path, &root->pairs[i], out, start, err)))
			goto out;
	pkg_app_js_fold(out, start);
out:
	vakt_yaml_free(ys);
	if (rc)
		pkg_list_truncate(out, start);
	return rc ? rc : (long)(out->n - start);
}

/* Berry's files have a `__metadata` entry at the left margin; classic ones never do. */
static bool yarn_is_berry(const char *data, size_t len)
{
	for (size_t i = 0; i + 11 <= len;) {
		const char *nl;

		if (!memcmp(data + i, "__metadata:", 11))
			return true;
		nl = memchr(data + i, '\n', len - i);
		if (!nl)
			break;
		i = (size_t)(nl - data) + 1;
	}
	return false;
}

long pkg_app_yarn_lock(const char *path, const char *data, size_t len, struct pkg_list *out,
                       struct vakt_error **err)
{
	int rc = pkg_app_js_check_size(path, len, "yarn.lock", err);

	if (rc)
		return rc;
	return yarn_is_berry(data, len) ? yarn_berry(path, data, len, out, err)
	                                : yarn_classic(path, data, len, out, err);
}
