/* SPDX-License-Identifier: MIT */
/* Helpers shared by the build-structure rules (DF080-DF099). */
#include "df-check-build.h"

static const char *const kind_names[] = {
    [DF_UNKNOWN] = "UNKNOWN",
    [DF_FROM] = "FROM",
    [DF_RUN] = "RUN",
    [DF_CMD] = "CMD",
    [DF_ENTRYPOINT] = "ENTRYPOINT",
    [DF_COPY] = "COPY",
    [DF_ADD] = "ADD",
    [DF_ENV] = "ENV",
    [DF_ARG] = "ARG",
    [DF_USER] = "USER",
    [DF_WORKDIR] = "WORKDIR",
    [DF_EXPOSE] = "EXPOSE",
    [DF_VOLUME] = "VOLUME",
    [DF_LABEL] = "LABEL",
    [DF_HEALTHCHECK] = "HEALTHCHECK",
    [DF_SHELL] = "SHELL",
    [DF_STOPSIGNAL] = "STOPSIGNAL",
    [DF_ONBUILD] = "ONBUILD",
    [DF_MAINTAINER] = "MAINTAINER",
};

const char *df_build_keyword(const struct df_instr *in)
{
	/* An unknown keyword is shown as written. */
	if (in->kind == DF_UNKNOWN || (size_t)in->kind >= VAKT_ARRAY_SIZE(kind_names))
		return in->keyword ? in->keyword : "UNKNOWN";
	return kind_names[in->kind];
}

struct vakt_span df_build_keyword_span(const struct df_instr *in)
{
	struct vakt_span sp = {in->span.line, in->span.column, in->span.line, in->span.column};
	size_t n = in->keyword ? strlen(in->keyword) : 0;

	if (n > 0 && sp.column > 0)
		sp.end_column = sp.column + (int)n - 1;
	return sp;
}

char *df_build_stage_label(const struct df_file *f, int stage)
{
	if (stage < 0 || (size_t)stage >= f->n_stages)
		return vakt_xstrdup("the file header");
	if (f->stages[stage].name)
		return vakt_xasprintf("stage '%.*s'", DF_BUILD_MSG_MAX, f->stages[stage].name);
	return vakt_xasprintf("stage %d", stage);
}

const struct df_word *df_build_from_alias(const struct df_instr *from)
{
	if (from->kind != DF_FROM || from->n_args < 3 || !from->args[1].value ||
	    vakt_strcasecmp(from->args[1].value, "as"))
		return NULL;
	return &from->args[2];
}

bool df_build_path_is_abs(const char *p)
{
	if (p[0] == '/' || p[0] == '\\')
		return true;
	/* Windows drive paths, as BuildKit accepts them for Windows images. */
	return ((p[0] >= 'a' && p[0] <= 'z') || (p[0] >= 'A' && p[0] <= 'Z')) && p[1] == ':' &&
	       (p[2] == '\\' || p[2] == '/');
}

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

size_t df_build_distance(const char *a, const char *b)
{
	/* Three rows of the optimal-string-alignment matrix. */
	size_t rows[3][DF_BUILD_SUGGEST_MAX + 1];
	size_t *prev2 = rows[0], *prev = rows[1], *cur = rows[2];
	size_t n = strlen(a), m = strlen(b);

	if (n > DF_BUILD_SUGGEST_MAX || m > DF_BUILD_SUGGEST_MAX)
		return DF_BUILD_SUGGEST_MAX + 1;
	for (size_t j = 0; j <= m; j++)
		prev[j] = j;
	for (size_t i = 1; i <= n; i++) {
		size_t *t;

		cur[0] = i;
		for (size_t j = 1; j <= m; j++) {
			size_t cost = lower(a[i - 1]) != lower(b[j - 1]);
			size_t v = prev[j] + 1;

			if (cur[j - 1] + 1 < v)
				v = cur[j - 1] + 1;
			if (prev[j - 1] + cost < v)
				v = prev[j - 1] + cost;
			if (i > 1 && j > 1 && lower(a[i - 1]) == lower(b[j - 2]) &&
			    lower(a[i - 2]) == lower(b[j - 1]) && prev2[j - 2] + 1 < v)
				v = prev2[j - 2] + 1;
			cur[j] = v;
		}
		t = prev2;
		prev2 = prev;
		prev = cur;
		cur = t;
	}
	return prev[m];
}

static int names_cmp(const void *pa, const void *pb)
{
	const struct df_stage *a = *(const struct df_stage *const *)pa;
	const struct df_stage *b = *(const struct df_stage *const *)pb;
	int c = vakt_strcasecmp(a->name, b->name);

	if (c)
		return c;
	return (a->index > b->index) - (a->index < b->index);
}

void df_build_names_init(struct df_build_names *ix, const struct df_file *f)
{
	ix->v = NULL;
	ix->n = 0;
	if (!f->n_stages)
		return;
	ix->v = vakt_xcalloc(f->n_stages, sizeof(*ix->v));
	for (size_t i = 0; i < f->n_stages; i++)
		if (f->stages[i].name)
			ix->v[ix->n++] = &f->stages[i];
	qsort(ix->v, ix->n, sizeof(*ix->v), names_cmp);
}

const struct df_stage *df_build_names_find(const struct df_build_names *ix, const char *name)
{
	size_t lo = 0, hi = ix->n;

	/* Lower bound: the first entry not less than name, i.e. the lowest index. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (vakt_strcasecmp(ix->v[mid]->name, name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < ix->n && !vakt_strcasecmp(ix->v[lo]->name, name))
		return ix->v[lo];
	return NULL;
}

void df_build_names_release(struct df_build_names *ix)
{
	free(ix->v);
	ix->v = NULL;
	ix->n = 0;
}

bool *df_build_stages_with(const struct df_file *f, enum df_kind k)
{
	bool *has;

	if (!f->n_stages)
		return NULL;
	has = vakt_xcalloc(f->n_stages, sizeof(*has));
	/* A parent is always an earlier stage, so one pass in order suffices. */
	for (size_t s = 0; s < f->n_stages; s++) {
		const struct df_stage *st = &f->stages[s];

		if (st->parent >= 0 && (size_t)st->parent < s && has[st->parent])
			has[s] = true;
		for (size_t i = st->from; !has[s] && i < st->end && i < f->n_instrs; i++)
			if (f->instrs[i].kind == k)
				has[s] = true;
	}
	return has;
}
