/* SPDX-License-Identifier: MIT */
/*
 * Application packages: which reader a file calls for, by its path, and
 * the dispatch to it (the readers are pkg-app-*.c).
 */
#include <errno.h>
#include <string.h>

#include "core/util.h"
#include "pkg/pkg-app-priv.h"

static const char *base_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

/* Whether path has a directory component (anywhere) named dir. */
static bool in_dir(const char *path, const char *dir)
{
	size_t n = strlen(dir);

	for (const char *p = path; (p = strstr(p, dir)); p++)
		if ((p == path || p[-1] == '/') && p[n] == '/')
			return true;
	return false;
}

/* Whether the directory holding path ends with suffix (".dist-info"). */
static bool parent_ends_with(const char *path, const char *suffix)
{
	const char *base = base_of(path);
	size_t n = strlen(suffix);

	return base - path > (long)n && !strncmp(base - 1 - n, suffix, n);
}

static bool ends_with_ci(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n >= k && !vakt_strcasecmp(s + n - k, suffix);
}

enum pkg_app_kind pkg_app_kind_of(const char *path)
{
	static const struct {
		const char *name;
		enum pkg_app_kind kind;
	} names[] = {
	    {"package-lock.json", PKG_APP_NPM_LOCK},
	    {"npm-shrinkwrap.json", PKG_APP_NPM_LOCK},
	    {"yarn.lock", PKG_APP_YARN_LOCK},
	    {"pnpm-lock.yaml", PKG_APP_PNPM_LOCK},
	    {"poetry.lock", PKG_APP_POETRY_LOCK},
	    {"Pipfile.lock", PKG_APP_PIPFILE_LOCK},
	    {"uv.lock", PKG_APP_UV_LOCK},
	    {"go.mod", PKG_APP_GO_MOD},
	    {"Cargo.lock", PKG_APP_CARGO_LOCK},
	    {"Gemfile.lock", PKG_APP_GEMFILE_LOCK},
	    {"composer.lock", PKG_APP_COMPOSER_LOCK},
	};
	const char *base = base_of(path);

	for (size_t i = 0; i < VAKT_ARRAY_SIZE(names); i++)
		if (!strcmp(base, names[i].name))
			return names[i].kind;
	/* node_modules/x/package.json, node_modules/@s/x/package.json: installed packages. */
	if (!strcmp(base, "package.json") && in_dir(path, "node_modules"))
		return PKG_APP_NPM_INSTALLED;
	if ((!strcmp(base, "METADATA") && parent_ends_with(path, ".dist-info")) ||
	    (!strcmp(base, "PKG-INFO") && parent_ends_with(path, ".egg-info")))
		return PKG_APP_PY_METADATA;
	/* requirements.txt, requirements-dev.txt, and the .txt files of a requirements directory.
	 */
	if (vakt_ends_with(base, ".txt") &&
	    (vakt_starts_with(base, "requirements") || parent_ends_with(path, "/requirements") ||
	     vakt_starts_with(path, "requirements/")))
		return PKG_APP_PY_REQUIREMENTS;
	if (vakt_ends_with(base, ".gemspec") && parent_ends_with(path, "specifications"))
		return PKG_APP_GEMSPEC;
	if (!strcmp(base, "installed.json") && parent_ends_with(path, "vendor/composer"))
		return PKG_APP_COMPOSER_INSTALLED;
	if (ends_with_ci(base, ".jar") || ends_with_ci(base, ".war") || ends_with_ci(base, ".ear"))
		return PKG_APP_JAR;
	return PKG_APP_NONE;
}

bool pkg_app_is_elf(const char *data, size_t len)
{
	return len >= 16 && !memcmp(data,
	                            "\x7f"
	                            "ELF",
	                            4);
}

long pkg_app_read(enum pkg_app_kind k, const char *path, const char *data, size_t len,
                  struct pkg_list *out, struct vakt_error **err)
{
	static long (*const readers[])(const char *, const char *, size_t, struct pkg_list *,
	                               struct vakt_error **) = {
	    [PKG_APP_NPM_LOCK] = pkg_app_npm_lock,
	    [PKG_APP_YARN_LOCK] = pkg_app_yarn_lock,
	    [PKG_APP_PNPM_LOCK] = pkg_app_pnpm_lock,
	    [PKG_APP_NPM_INSTALLED] = pkg_app_npm_installed,
	    [PKG_APP_PY_METADATA] = pkg_app_py_metadata,
	    [PKG_APP_PY_REQUIREMENTS] = pkg_app_py_requirements,
	    [PKG_APP_POETRY_LOCK] = pkg_app_poetry_lock,
	    [PKG_APP_PIPFILE_LOCK] = pkg_app_pipfile_lock,
	    [PKG_APP_UV_LOCK] = pkg_app_uv_lock,
	    [PKG_APP_GO_MOD] = pkg_app_go_mod,
	    [PKG_APP_CARGO_LOCK] = pkg_app_cargo_lock,
	    [PKG_APP_GEMFILE_LOCK] = pkg_app_gemfile_lock,
	    [PKG_APP_GEMSPEC] = pkg_app_gemspec,
	    [PKG_APP_COMPOSER_LOCK] = pkg_app_composer_lock,
	    [PKG_APP_COMPOSER_INSTALLED] = pkg_app_composer_installed,
	    [PKG_APP_JAR] = pkg_app_jar,
	    [PKG_APP_BINARY] = pkg_app_binary,
	};
	size_t max = k == PKG_APP_BINARY ? PKG_APP_MAX_BINARY : PKG_APP_MAX_FILE;

	if ((size_t)k >= VAKT_ARRAY_SIZE(readers) || !readers[k])
		return vakt_error_set(err, -EINVAL, "%s: not a file of application packages", path);
	if (len > max)
		return vakt_error_set(err, -EFBIG, "%s: %zu bytes, more than the %zu read", path,
		                      len, max);
	return readers[k](path, data, len, out, err);
}
