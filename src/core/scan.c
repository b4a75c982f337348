/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdio.h>
#include <sys/stat.h>

#include "scan.h"
#include "walk.h"

extern const struct vakt_domain df_domain;

static const struct vakt_domain *const domains[] = {
	&df_domain,
};

const struct vakt_domain *const *vakt_domains(size_t *n)
{
	*n = VAKT_ARRAY_SIZE(domains);
	return domains;
}

void vakt_scan_opts_init(struct vakt_scan_opts *o, const struct vakt_config *config)
{
	memset(o, 0, sizeof(*o));
	o->config = config;
	o->severity_mask = (1u << VAKT_SEV_COUNT) - 1;
	o->inline_ignores = true;
}

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

static const struct vakt_domain *domain_by_name(const char *path)
{
	const char *base = base_name(path);

	for (size_t i = 0; i < VAKT_ARRAY_SIZE(domains); i++)
		if (domains[i]->match_name && domains[i]->match_name(base))
			return domains[i];
	return NULL;
}

static const struct vakt_domain *domain_by_content(const struct vakt_source *src)
{
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(domains); i++)
		if (domains[i]->match_content && domains[i]->match_content(src->data, src->len))
			return domains[i];
	return NULL;
}

static bool suppression_matches(const struct vakt_suppression *s, const struct vakt_finding *f)
{
	if (s->first_line || s->last_line) {
		if (f->loc.line < s->first_line || f->loc.line > s->last_line)
			return false;
	}
	for (size_t i = 0; i < s->rules.n; i++)
		if (!vakt_strcasecmp(s->rules.v[i], "all") || vakt_rule_matches(f->rule, s->rules.v[i]))
			return true;
	return false;
}

/* Apply config and inline suppressions to fresh findings and move them to res. */
static void scan_finish(struct vakt_findings *fresh, const struct vakt_suppressions *sup,
			const struct vakt_scan_opts *o, struct vakt_scan_result *res)
{
	size_t kept = 0;

	for (size_t i = 0; i < fresh->n; i++) {
		struct vakt_finding *f = &fresh->v[i];
		const char *reason = NULL;

		f->severity = vakt_config_severity(o->config, f->rule);
		if (!(o->severity_mask & (1u << f->severity))) {
			vakt_finding_release(f);
			continue;
		}
		if (vakt_config_ignores(o->config, f->rule, f->loc.file, &reason)) {
			f->suppressed = true;
			f->suppress_reason =
				reason ? vakt_xasprintf("config: %s", reason)
				       : vakt_xasprintf("config: ignored in '%s'",
							o->config->origin ? o->config->origin
									  : VAKT_CONFIG_NAME);
		} else if (o->inline_ignores && sup) {
			for (size_t k = 0; k < sup->n; k++) {
				const struct vakt_suppression *s = &sup->v[k];

				if (!suppression_matches(s, f))
					continue;
				f->suppressed = true;
				f->suppress_reason =
					s->reason ? vakt_xasprintf("%s pragma at line %d: %s",
								   s->origin, s->line, s->reason)
						  : vakt_xasprintf("%s pragma at line %d", s->origin,
								   s->line);
				break;
			}
		}
		if (f->suppressed)
			res->suppressed++;
		fresh->v[kept++] = *f;
	}
	fresh->n = kept;
	vakt_findings_take(&res->findings, fresh);
}

void vakt_scan_source(const struct vakt_domain *d, const struct vakt_source *src,
		      const struct vakt_scan_opts *o, struct vakt_scan_result *res)
{
	struct vakt_findings fresh = {0};
	struct vakt_suppressions sup = {0};

	d->scan(src, o, &fresh, &sup, &res->errors);
	scan_finish(&fresh, &sup, o, res);
	vakt_findings_release(&fresh);
	vakt_suppressions_release(&sup);
	res->files_scanned++;
}

struct scan_state {
	const struct vakt_scan_opts *o;
	struct vakt_scan_result *res;
};

/*
 * Scan one file. `named` files were given on the command line: their
 * domain is sniffed from the content when the name says nothing, and an
 * unrecognised one is an error rather than silently passed over.
 */
static void scan_file(const char *path, bool named, struct scan_state *st)
{
	const struct vakt_domain *d = strcmp(path, "-") ? domain_by_name(path) : NULL;
	struct vakt_source *src = NULL;
	struct vakt_error *err = NULL;

	if (!d && !named && !st->o->detect_content)
		return;
	if (vakt_source_read(path, VAKT_MAX_FILE_BYTES, &src, &err) < 0) {
		vakt_error_list_add(&st->res->errors, err);
		return;
	}
	if (!d)
		d = domain_by_content(src);
	if (!d && !strcmp(path, "-"))
		d = domains[0]; /* stdin with no recognisable content: a Dockerfile, as in hadolint */
	if (!d) {
		if (named) {
			vakt_error_set_at(&err, -EINVAL, src->path, 0, 0,
					  "not a recognised input (expected a Dockerfile or "
					  "Containerfile)");
			vakt_error_list_add(&st->res->errors, err);
		}
		vakt_source_free(src);
		return;
	}
	if (vakt_source_check_text(src, &err) < 0) {
		vakt_error_list_add(&st->res->errors, err);
		st->res->files_scanned++;
		vakt_source_free(src);
		return;
	}
	vakt_scan_source(d, src, st->o, st->res);
	vakt_source_free(src);
}

static int walk_on_file(const char *path, void *data)
{
	scan_file(path, false, data);
	return 0;
}

static void walk_on_error(struct vakt_error *err, void *data)
{
	struct scan_state *st = data;

	vakt_error_list_add(&st->res->errors, err);
}

static bool walk_skip(const char *path, bool is_dir, void *data)
{
	struct scan_state *st = data;
	const char *base = base_name(path);

	if (is_dir && (!strcmp(base, ".git") || !strcmp(base, "node_modules") ||
		       !strcmp(base, "vendor")))
		return true;
	return vakt_config_excludes(st->o->config, path);
}

int vakt_scan_paths(const char *const *paths, size_t n, const struct vakt_scan_opts *o,
		    struct vakt_scan_result *res)
{
	struct scan_state st = {o, res};
	struct vakt_walk w = {walk_on_file, walk_on_error, walk_skip, &st};
	double t0 = vakt_now();

	for (size_t i = 0; i < n; i++) {
		struct stat sb;

		if (!strcmp(paths[i], "-")) {
			scan_file("-", true, &st);
			continue;
		}
		if (stat(paths[i], &sb) < 0) {
			struct vakt_error *err = NULL;
			int r = -errno;

			vakt_error_set_at(&err, r, paths[i], 0, 0, "cannot open: %s",
					  r == -ELOOP ? "too many levels of symbolic links (a loop?)"
						      : strerror(-r));
			vakt_error_list_add(&res->errors, err);
			continue;
		}
		if (S_ISDIR(sb.st_mode))
			vakt_walk_dir(paths[i], &w);
		else
			scan_file(paths[i], true, &st);
	}
	vakt_findings_sort(&res->findings);
	res->elapsed = vakt_now() - t0;
	return 0;
}

void vakt_scan_result_release(struct vakt_scan_result *res)
{
	vakt_findings_release(&res->findings);
	vakt_error_list_release(&res->errors);
	memset(res, 0, sizeof(*res));
}
