/* SPDX-License-Identifier: MIT */
/*
 * Composer's composer.lock and vendor/composer/installed.json
 * (pkg-app-priv.h).
 *
 * composer.lock: `packages` and `packages-dev`, arrays of package objects
 * (name "vendor/package", version as tagged, "v6.4.3" or "3.0.2", license
 * an array whose names are alternatives). installed.json: Composer 1 wrote
 * the array of installed packages itself; Composer 2 writes {"packages":
 * [...], "dev": true, "dev-package-names": [...]}. Neither says which
 * packages the project requires itself (composer.json does): scope unknown.
 * Branch versions ("dev-main", "2.x-dev") and path repositories are not
 * releases and are passed over.
 */
#include <errno.h>
#include <string.h>

#include "pkg/pkg-app-js.h"

struct composer {
	const char *path;
	struct pkg_list *out;
	size_t start;
	struct vakt_error **err;
	struct pkg_app_json_cur cur;
	const json_t *dev_names; /* installed.json v2: dev-package-names, or NULL */
};

static bool composer_is_dev_name(const struct composer *c, const char *name)
{
	size_t i;
	json_t *x;

	json_array_foreach(c->dev_names, i, x) if (json_is_string(x) &&
	                                           !strcmp(json_string_value(x), name)) return true;
	return false;
}

/* The licence names joined with " OR " (Composer: several licences are a choice). */
static char *composer_license(const json_t *v)
{
	struct vakt_buf b = VAKT_BUF_INIT;
	size_t i;
	json_t *x;

	if (json_is_string(v) && json_string_length(v))
		return vakt_xstrdup(json_string_value(v));
	json_array_foreach(v, i, x)
	{
		if (!json_is_string(x) || !json_string_length(x) || b.len > PKG_MAX_FIELD)
			continue;
		if (b.len)
			vakt_buf_adds(&b, " OR ");
		vakt_buf_adds(&b, json_string_value(x));
	}
	return b.len ? vakt_buf_detach(&b) : (vakt_buf_release(&b), NULL);
}

static int composer_member(struct composer *c, const json_t *e, const char *key, int line,
                           const char **out)
{
	const json_t *v = json_object_get(e, key);

	*out = NULL;
	if (!v)
		return vakt_error_set_at(c->err, -EINVAL, c->path, line, 0,
		                         "a package without '%s'; expected name and version", key);
	if (!json_is_string(v) || strlen(json_string_value(v)) != json_string_length(v))
		return vakt_error_set_at(c->err, -EINVAL, c->path, line, 0,
		                         "'%s' is %s; expected a string", key,
		                         pkg_app_json_kind(v));
	*out = json_string_value(v);
	return 0;
}

static bool composer_branch(const char *version)
{
	return !*version || vakt_starts_with(version, "dev-") || vakt_ends_with(version, "-dev");
}

static int composer_package(struct composer *c, const json_t *e, bool dev)
{
	const char *name, *version, *key, *dist;
	int line = 0, rc;
	struct pkg *p;
	json_t *x;

	if (!json_is_object(e)) {
		line = c->cur.k < c->cur.j->n_keys ? c->cur.j->key_lines[c->cur.k] : 0;
		return vakt_error_set_at(c->err, -EINVAL, c->path, line, 0,
		                         "a package is %s; expected an object",
		                         pkg_app_json_kind(e));
	}
	json_object_foreach((json_t *)e, key, x)
	{
		int at = pkg_app_json_key(&c->cur);

		if (!line || !strcmp(key, "name"))
			line = at;
		pkg_app_json_skip(&c->cur, x);
	}
	if ((rc = composer_member(c, e, "name", line, &name)) ||
	    (rc = composer_member(c, e, "version", line, &version)))
		return rc;
	/* json_string_value() is NULL for anything but a string */
	dist = json_string_value(json_object_get(json_object_get(e, "dist"), "type"));
	if (!name || !version || composer_branch(version) || (dist && !strcmp(dist, "path")))
		return 0;
	rc = pkg_app_js_add(c->out, c->start, PKG_COMPOSER, c->path, name, strlen(name), version,
	                    strlen(version), line, &p, c->err);
	if (rc)
		return rc;
	p->dev = dev || composer_is_dev_name(c, name);
	p->license = composer_license(json_object_get(e, "license"));
	return 0;
}

static int composer_array(struct composer *c, const json_t *arr, const char *what, int line,
                          bool dev)
{
	size_t i;
	json_t *e;
	int rc;

	if (!json_is_array(arr))
		return vakt_error_set_at(c->err, -EINVAL, c->path, line, 0,
		                         "'%s' is %s; expected an array of packages", what,
		                         pkg_app_json_kind(arr));
	json_array_foreach(arr, i, e) if ((rc = composer_package(c, e, dev))) return rc;
	return 0;
}

long pkg_app_composer_lock(const char *path, const char *data, size_t len, struct pkg_list *out,
                           struct vakt_error **err)
{
	struct composer c = {.path = path, .out = out, .start = out->n, .err = err};
	struct pkg_app_json j;
	const char *key;
	json_t *v;
	int rc;

	rc = pkg_app_json_load(path, data, len, "a composer.lock object", &j, err);
	if (rc)
		return rc;
	c.cur.j = &j;
	if (!json_is_object(j.root)) {
		rc = vakt_error_set_at(err, -EINVAL, path, 1, 0,
		                       "the document is %s; expected a composer.lock object",
		                       pkg_app_json_kind(j.root));
		goto out;
	}
	json_object_foreach(j.root, key, v)
	{
		int at = pkg_app_json_key(&c.cur);

		if (!strcmp(key, "packages") || !strcmp(key, "packages-dev")) {
			if (!json_is_null(v) &&
			    (rc = composer_array(&c, v, key, at, key[8] == '-')))
				goto out;
		} else {
			pkg_app_json_skip(&c.cur, v);
		}
	}
	pkg_app_js_fold(out, c.start);
out:
	if (rc)
		pkg_list_truncate(out, c.start);
	pkg_app_json_release(&j);
	return rc ? rc : (long)(out->n - c.start);
}

long pkg_app_composer_installed(const char *path, const char *data, size_t len,
                                struct pkg_list *out, struct vakt_error **err)
{
	struct composer c = {.path = path, .out = out, .start = out->n, .err = err};
	struct pkg_app_json j;
	const char *key;
	json_t *v;
	int rc;

	rc = pkg_app_json_load(path, data, len, "an installed.json array or object", &j, err);
	if (rc)
		return rc;
	c.cur.j = &j;
	if (json_is_array(j.root)) { /* Composer 1 */
		rc = composer_array(&c, j.root, "installed.json", 1, false);
	} else if (json_is_object(j.root)) { /* Composer 2 */
		c.dev_names = json_object_get(j.root, "dev-package-names");
		if (c.dev_names && !json_is_array(c.dev_names)) {
			rc = vakt_error_set_at(err, -EINVAL, path, 0, 0,
			                       "'dev-package-names' is %s; expected an array",
			                       pkg_app_json_kind(c.dev_names));
			goto out;
		}
		if (!json_object_get(j.root, "packages")) {
			rc = vakt_error_set_at(err, -EINVAL, path, 1, 0,
			                       "no 'packages'; expected an installed.json object");
			goto out;
		}
		json_object_foreach(j.root, key, v)
		{
			int at = pkg_app_json_key(&c.cur);

			if (!strcmp(key, "packages")) {
				if ((rc = composer_array(&c, v, key, at, false)))
					goto out;
			} else {
				pkg_app_json_skip(&c.cur, v);
			}
		}
	} else {
		rc = vakt_error_set_at(
		    err, -EINVAL, path, 1, 0,
		    "the document is %s; expected an installed.json array or object",
		    pkg_app_json_kind(j.root));
	}
	if (!rc)
		pkg_app_js_fold(out, c.start);
out:
	if (rc)
		pkg_list_truncate(out, c.start);
	pkg_app_json_release(&j);
	return rc ? rc : (long)(out->n - c.start);
}
