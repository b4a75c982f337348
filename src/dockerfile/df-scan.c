/* SPDX-License-Identifier: MIT */
/* The Dockerfile domain: recognise, parse, run the rule tables. */
#include <errno.h>

#include "core/check.h"
#include "core/scan.h"
#include "df-values.h"
#include "df-check-unused.h"
#include "df-context.h"
#include "df-fix.h"
#include "df-model.h"
#include "df-rules.h"

/*
 * Extensions of files named after a Dockerfile that are not one: its
 * documentation, an editor's or a merge's leftovers, a signature. A file
 * named on the command line is still read when its content says it is one.
 */
static const char *const df_not_dockerfile[] = {
    ".dockerignore", ".md", ".txt",  ".rst",   ".adoc", ".html", ".orig",   ".rej", ".bak",
    ".swp",          "~",   ".diff", ".patch", ".sig",  ".asc",  ".sha256", NULL,
};

/*
 * Dockerfile, Dockerfile.*, *.dockerfile, Containerfile, Containerfile.*;
 * not BuildKit's per-Dockerfile ignore file (Dockerfile.dockerignore), which
 * DF023 reads as the .dockerignore it is, nor the files of df_not_dockerfile.
 */
static bool df_match_name(const char *path, const char *base)
{
	(void)path;
	for (size_t i = 0; df_not_dockerfile[i]; i++)
		if (vakt_ends_with(base, df_not_dockerfile[i]))
			return false;
	if (!strcmp(base, "Dockerfile") || !strcmp(base, "Containerfile") ||
	    !strcmp(base, "dockerfile") || !strcmp(base, "containerfile"))
		return true;
	if (vakt_starts_with(base, "Dockerfile.") || vakt_starts_with(base, "Containerfile.") ||
	    vakt_starts_with(base, "dockerfile."))
		return true;
	return vakt_ends_with(base, ".dockerfile") || vakt_ends_with(base, ".Dockerfile") ||
	       vakt_ends_with(base, ".containerfile");
}

/*
 * Content sniffing: the first line that is neither blank nor a comment is
 * FROM or ARG (the only instructions allowed before FROM).
 */
static bool df_match_content(const char *data, size_t len)
{
	size_t i = 0;

	if (len >= 3 && !memcmp(data, "\xef\xbb\xbf", 3))
		i = 3;
	while (i < len) {
		size_t e = i;

		while (e < len && data[e] != '\n')
			e++;
		while (i < e && (data[i] == ' ' || data[i] == '\t' || data[i] == '\r'))
			i++;
		if (i < e && data[i] != '#') {
			size_t n = e - i;

			return (n > 5 && !vakt_strncasecmp(data + i, "FROM", 4) &&
			        (data[i + 4] == ' ' || data[i + 4] == '\t')) ||
			       (n > 4 && !vakt_strncasecmp(data + i, "ARG", 3) &&
			        (data[i + 3] == ' ' || data[i + 3] == '\t'));
		}
		i = e + 1;
	}
	return false;
}

static void df_scan(struct vakt_source *src, const struct vakt_scan_opts *o, void *state,
                    struct vakt_findings *out, struct vakt_suppressions *sup,
                    struct vakt_error_list *errs)
{
	struct df_file *f = NULL;
	struct vakt_check_ctx ctx = {0};

	size_t n_errs = errs->n;
	bool failed = false;

	df_parse(src, &o->build_args, &f, errs);
	if (!f)
		return;
	f->context = state;
	for (size_t i = n_errs; i < errs->n; i++)
		failed |= errs->v[i]->code != VAKT_WARNING_CODE;
	if (!f->n_instrs && !failed) {
		struct vakt_error *err = NULL;

		/* docker build refuses it too: a pass would hide a broken build. */
		vakt_error_set_at(&err, -ENODATA, src->path, 0, 0,
		                  "no instructions (the file is empty%s; docker build refuses it)",
		                  src->len ? " but for comments" : "");
		vakt_error_list_add(errs, err);
		df_file_free(f);
		return;
	}
	ctx.model = f;
	ctx.src = src;
	ctx.opts = o;
	ctx.out = out;
	vakt_rules_run(&ctx, &df_domain, VAKT_SCOPE_UNIT);
	/* Stages no other stage uses, judged as possible final images. */
	df_check_unused_stages(&ctx);
	/* Hand the pragmas over. */
	for (size_t i = 0; i < f->sup.n; i++) {
		struct vakt_suppression *s = vakt_suppressions_push(sup);

		*s = f->sup.v[i];
	}
	free(f->sup.v);
	f->sup.v = NULL;
	f->sup.n = f->sup.cap = 0;
	df_file_free(f);
}

/* The scan's state: what the build-context lookups learnt of the disk (df-context.h). */
static void *df_begin(const struct vakt_scan_opts *o)
{
	(void)o;
	return df_context_cache_new();
}

/* No rule needs every file: end() only frees the state. */
static void df_end(void *state, const struct vakt_scan_opts *o, struct vakt_findings *out,
                   struct vakt_error_list *errs)
{
	(void)o;
	(void)out;
	(void)errs;
	df_context_cache_free(state);
}

static const struct vakt_rule *const df_tables[] = {
    df_rules_security,
    df_rules_run,
    df_rules_build,
    NULL,
};

const struct vakt_domain df_domain = {
    .name = "dockerfile",
    .tables = df_tables,
    .match_name = df_match_name,
    .match_content = df_match_content,
    .begin = df_begin,
    .end = df_end,
    .scan = df_scan,
    .values = df_values,
    .fix = df_fix,
};
