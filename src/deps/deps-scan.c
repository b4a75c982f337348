/* SPDX-License-Identifier: MIT */
/*
 * The deps domain's entry: which files it reads, the reading of their
 * packages, the rules, the values the families judge (deps.h).
 */
#include <errno.h>

#include "core/check.h"
#include "core/pragma.h"
#include "deps.h"

/* Whether path has a directory component named dir. */
static bool has_dir(const char *path, const char *dir)
{
	size_t n = strlen(dir);

	for (const char *p = path; (p = strstr(p, dir)); p++)
		if ((p == path || p[-1] == '/') && p[n] == '/')
			return true;
	return false;
}

enum pkg_app_kind deps_kind_of(const char *path)
{
	enum pkg_app_kind k = pkg_app_kind_of(path);

	switch (k) {
	case PKG_APP_NPM_LOCK:
	case PKG_APP_YARN_LOCK:
	case PKG_APP_PNPM_LOCK:
	case PKG_APP_PY_REQUIREMENTS:
	case PKG_APP_POETRY_LOCK:
	case PKG_APP_PIPFILE_LOCK:
	case PKG_APP_UV_LOCK:
	case PKG_APP_GO_MOD:
	case PKG_APP_CARGO_LOCK:
	case PKG_APP_GEMFILE_LOCK:
	case PKG_APP_COMPOSER_LOCK:
		break;
	default:
		return PKG_APP_NONE;
	}
	/* A virtualenv inside the tree: installed packages, not the project's files. */
	if (has_dir(path, "site-packages") || has_dir(path, "dist-packages"))
		return PKG_APP_NONE;
	return k;
}

static bool deps_match_name(const char *path, const char *base)
{
	(void)base;
	return deps_kind_of(path) != PKG_APP_NONE;
}

long deps_read(enum pkg_app_kind k, const struct vakt_source *src, struct pkg_list *out,
               struct vakt_error_list *errs)
{
	struct vakt_error *err = NULL;
	long r = pkg_app_read(k, src->path, src->data, src->len, out, &err), s;

	if (r < 0) {
		vakt_error_list_add(errs, err);
		return r;
	}
	if (k == PKG_APP_GO_MOD && (s = deps_read_go_sum(src, out, errs)) > 0)
		r += s;
	return r;
}

/* A pragma above a requirement covers the lines it continues over (a backslash at the end). */
static int req_extent(int line, void *data)
{
	const struct vakt_source *src = data;
	size_t n;
	const char *s;

	while ((size_t)line < src->n_lines && (s = vakt_source_line(src, line, &n)) && n &&
	       s[n - 1] == '\\')
		line++;
	return line;
}

static void deps_scan(struct vakt_source *src, const struct vakt_scan_opts *o, void *state,
                      struct vakt_findings *out, struct vakt_suppressions *sup,
                      struct vakt_error_list *errs)
{
	struct deps_file f = {.src = src, .kind = deps_kind_of(src->path)};
	struct vakt_check_ctx ctx = {.src = src, .opts = o, .out = out, .model = &f};
	struct pkg_list pkgs = {0};

	if (f.kind == PKG_APP_NONE)
		return;
	/* The packages: their errors now, their vulnerabilities at the end of the scan. */
	deps_read(f.kind, src, &pkgs, errs);
	deps_set_add(state, &pkgs);
	if (f.kind == PKG_APP_PY_REQUIREMENTS) {
		deps_file_requirements(&f, src);
		vakt_pragmas_collect(src, req_extent, src, sup, errs);
	}
	vakt_rules_run(&ctx, &deps_domain, VAKT_SCOPE_UNIT);
	deps_file_release(&f);
}

/* The index and link options of a requirements file name endpoints (data residency). */
static void deps_values(struct vakt_check_ctx *ctx)
{
	const struct deps_file *f = ctx->model;

	for (size_t i = 0; i < f->n_index; i++)
		vakt_values_judge_str(ctx, VAKT_VALUE_TEXT, f->index[i].url, &f->index[i].at, NULL);
}

static const struct vakt_rule *const deps_tables[] = {deps_rules, NULL};

const struct vakt_domain deps_domain = {
    .name = "deps",
    .tables = deps_tables,
    .match_name = deps_match_name,
    .begin = deps_begin,
    .end = deps_end,
    .release = deps_release,
    .scan = deps_scan,
    .values = deps_values,
};
