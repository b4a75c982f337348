/* SPDX-License-Identifier: MIT */
/*
 * Unused stages judged as possible final images. A stage that no other
 * stage uses (FROM <stage>, COPY --from, RUN --mount=from=) is not thrown
 * away by accident: `docker build --target NAME` builds it, and it is often
 * published (a debug or worker image). The final-image rules run again with
 * such a stage as the final one; what they find there that the real final
 * image does not already show is reported one severity lower, with a message
 * that says so. Test and lint stages and artefact-export stages (FROM
 * scratch, no command) are left out: they are built to run checks or to
 * export files, not to be run.
 */
#include <stdlib.h>

#include "core/rule.h"
#include "df-check-unused.h"
#include "df-parse-priv.h"

/* The final-image rules that run again for each unused stage. */
static const char *const final_rules[] = {"DF001", "DF002", "DF003", "DF020",
                                          "DF030", "DF041", "DF048", "DF098"};

/* Name parts of stages that run checks (test, unit-tests, lint, go-vet, ...). */
static const char *const check_words[] = {
    "test",        "tests",     "testing", "unittest", "unittests", "unit",   "e2e",
    "integration", "lint",      "linter",  "lints",    "check",     "checks", "ci",
    "vet",         "coverage",  "cover",   "verify",   "validate",  "spec",   "specs",
    "bench",       "benchmark", "fmt",     "format",   "audit",     "scan",   "sast",
    "style",       "typecheck", NULL};

/* Whether a stage name has a word that says it runs checks ("unit-tests", "go_lint"). */
static bool check_stage_name(const char *name)
{
	while (name && *name) {
		size_t n = strcspn(name, "-_.");

		for (const char *const *w = check_words; *w; w++)
			if (strlen(*w) == n && !strncmp(name, *w, n))
				return true;
		name += n + (name[n] != '\0');
	}
	return false;
}

/* FROM scratch with no CMD or ENTRYPOINT: files for `--output`, not an image to run. */
static bool export_stage(const struct df_file *f, const struct df_stage *st)
{
	if (!st->base || strcmp(st->base, "scratch"))
		return false;
	for (size_t i = st->from; i < st->end && i < f->n_instrs; i++)
		if (f->instrs[i].kind == DF_CMD || f->instrs[i].kind == DF_ENTRYPOINT)
			return false;
	return true;
}

/* A finding's rule and position, to tell the real final image's findings apart. */
struct seen {
	const struct vakt_rule *rule;
	int line, column;
};

static int seen_cmp(const void *pa, const void *pb)
{
	const struct seen *a = pa, *b = pb;

	if (a->rule != b->rule)
		return a->rule < b->rule ? -1 : 1;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	return a->column < b->column ? -1 : a->column > b->column;
}

static bool seen_has(const struct seen *v, size_t n, const struct vakt_finding *fd)
{
	struct seen k = {fd->rule, fd->loc.line, fd->loc.column};

	return n && bsearch(&k, v, n, sizeof(*v), seen_cmp) != NULL;
}

/* The stages judged, in file order: unused, not final, not a check or export stage. */
static size_t unused_stages(const struct df_file *f, int *out)
{
	bool *used = vakt_xcalloc(f->n_stages, sizeof(*used));
	size_t n = 0;

	for (size_t s = 0; s < f->n_stages; s++) {
		const struct df_stage *st = &f->stages[s];

		if (st->parent >= 0 && (size_t)st->parent < f->n_stages && st->parent != (int)s)
			used[st->parent] = true;
		for (size_t c = 0; c < st->n_copies_from; c++)
			if (st->copies_from[c] >= 0 && (size_t)st->copies_from[c] < f->n_stages &&
			    st->copies_from[c] != (int)s)
				used[st->copies_from[c]] = true;
	}
	/* The last ones first: with many, the stages nearest the final one are judged. */
	for (size_t s = f->n_stages - 1; s-- > 0 && n < DF_MAX_POSSIBLE_FINALS;) {
		const struct df_stage *st = &f->stages[s];

		if (used[s] || st->is_final || (int)s == f->final_stage ||
		    check_stage_name(st->name) || export_stage(f, st))
			continue;
		out[n++] = (int)s;
	}
	free(used);
	return n;
}

/* Run the final-image rules with stage u as the final stage; keep what is new. */
static void judge_stage(struct vakt_check_ctx *ctx, const struct df_file *f, int u,
                        struct seen **seen, size_t *n_seen, size_t *cap_seen)
{
	struct df_stage *stages = vakt_xmalloc(f->n_stages * sizeof(*stages));
	/*
	 * The whole parsed file, private part included: lookups of variables
	 * (df_file_word(), df_file_expand()) read the parser's state behind
	 * the public struct, which a copy of the public part alone lacks.
	 */
	struct df_file_priv alt_priv = *df_file_priv(f);
	struct df_file *alt = &alt_priv.pub;
	struct vakt_findings tmp = {0};
	struct vakt_check_ctx sub = *ctx;
	const struct df_stage *st = &f->stages[u];
	char *label;
	size_t kept = 0, n0 = *n_seen;

	memcpy(stages, f->stages, f->n_stages * sizeof(*stages));
	for (size_t s = 0; s < f->n_stages; s++)
		stages[s].is_final = (int)s == u;
	alt->stages = stages;
	alt->final_stage = u;
	sub.model = alt;
	sub.out = &tmp;
	for (size_t r = 0; r < VAKT_ARRAY_SIZE(final_rules); r++) {
		sub.rule = vakt_registry_find(final_rules[r]);
		if (sub.rule && sub.rule->check)
			sub.rule->check(&sub);
	}
	label = st->name ? vakt_xasprintf("'%s'", st->name) : vakt_xasprintf("%d", u);
	for (size_t i = 0; i < tmp.n; i++) {
		struct vakt_finding *fd = &tmp.v[i];
		char *msg;

		if (seen_has(*seen, n0, fd)) {
			vakt_finding_release(fd);
			continue;
		}
		*seen = vakt_grow(*seen, sizeof(**seen), *n_seen + 1, cap_seen);
		(*seen)[(*n_seen)++] = (struct seen){fd->rule, fd->loc.line, fd->loc.column};
		msg = vakt_xasprintf("unused stage %s (no other stage uses it; 'docker build "
		                     "--target' publishes it) judged as a possible final image: %s",
		                     label, fd->message);
		fd->message = vakt_findings_intern(&tmp, msg);
		free(msg);
		if (fd->severity > VAKT_SEV_INFO)
			fd->severity--;
		tmp.v[kept++] = *fd;
	}
	tmp.n = kept;
	vakt_findings_take(ctx->out, &tmp);
	vakt_findings_release(&tmp);
	/* Later stages dedupe against this one's findings too. */
	if (*n_seen > 1)
		qsort(*seen, *n_seen, sizeof(**seen), seen_cmp);
	free(label);
	free(stages);
}

void df_check_unused_stages(struct vakt_check_ctx *ctx)
{
	const struct df_file *f = ctx->model;
	int judged[DF_MAX_POSSIBLE_FINALS];
	struct seen *seen = NULL;
	size_t n, n_seen = 0, cap_seen = 0;

	if (f->n_stages < 2 || f->final_stage < 0)
		return;
	n = unused_stages(f, judged);
	if (!n)
		return;
	/* What the real final image's rules found (any rule: a shared parent is reported once). */
	for (size_t i = 0; i < ctx->out->n; i++) {
		const struct vakt_finding *fd = &ctx->out->v[i];

		seen = vakt_grow(seen, sizeof(*seen), n_seen + 1, &cap_seen);
		seen[n_seen++] = (struct seen){fd->rule, fd->loc.line, fd->loc.column};
	}
	if (n_seen > 1)
		qsort(seen, n_seen, sizeof(*seen), seen_cmp);
	for (size_t i = n; i-- > 0;)
		judge_stage(ctx, f, judged[i], &seen, &n_seen, &cap_seen);
	free(seen);
}
