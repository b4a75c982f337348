/* SPDX-License-Identifier: MIT */
/*
 * Build rules over the stage graph: repeated CMD/ENTRYPOINT/HEALTHCHECK
 * (DF083), relative WORKDIR (DF084), no HEALTHCHECK (DF086), COPY --from and
 * RUN --mount from= references (DF087, DF089), duplicate and badly named
 * stages (DF088, DF094), instructions before FROM (DF090), FROM --platform
 * (DF093), relative COPY destinations without WORKDIR (DF096) and copying a
 * whole filesystem (DF098). Each walks the instructions once; stage-name
 * lookups go through a sorted index.
 */
#include <limits.h>

#include "df-check-build.h"

/* The instructions of stage s, clamped to the file. */
static void stage_range(const struct df_file *f, size_t s, size_t *from, size_t *end)
{
	*from = f->stages[s].from;
	*end = f->stages[s].end < f->n_instrs ? f->stages[s].end : f->n_instrs;
}

static int instr_line(const struct df_file *f, size_t i)
{
	return i < f->n_instrs ? f->instrs[i].span.line : 0;
}

/* DF083: a second CMD, ENTRYPOINT or HEALTHCHECK in one stage. */
void df_check_repeated_cmd(struct vakt_check_ctx *ctx)
{
	const struct df_file *f = ctx->model;

	for (size_t s = 0; s < f->n_stages; s++) {
		size_t first[3] = {SIZE_MAX, SIZE_MAX, SIZE_MAX};
		size_t from, end;

		stage_range(f, s, &from, &end);
		for (size_t i = from; i < end; i++) {
			const struct df_instr *in = &f->instrs[i];
			int slot = in->kind == DF_CMD           ? 0
			           : in->kind == DF_ENTRYPOINT  ? 1
			           : in->kind == DF_HEALTHCHECK ? 2
			                                        : -1;
			struct vakt_span sp;
			char *label;

			if (slot < 0)
				continue;
			if (first[slot] == SIZE_MAX) {
				first[slot] = i;
				continue;
			}
			sp = df_build_keyword_span(in);
			label = df_build_stage_label(f, (int)s);
			vakt_check_emit(
			    ctx, &sp, NULL,
			    "%s already has %s %s at line %d: only the last %s of a stage "
			    "takes effect",
			    label, in->kind == DF_ENTRYPOINT ? "an" : "a", df_build_keyword(in),
			    instr_line(f, first[slot]), df_build_keyword(in));
			free(label);
		}
	}
}

/* The base image of the stage chain that s builds on, as written. */
static const char *root_image(const struct df_file *f, size_t s)
{
	size_t guard = 0;

	while (f->stages[s].parent >= 0 && (size_t)f->stages[s].parent < s && guard++ < f->n_stages)
		s = (size_t)f->stages[s].parent;
	if (f->stages[s].base)
		return f->stages[s].base;
	return f->stages[s].image && f->stages[s].image->value ? f->stages[s].image->value : "";
}

/* DF084: WORKDIR relative to a working directory the base image chose. */
void df_check_workdir_relative(struct vakt_check_ctx *ctx)
{
	const struct df_file *f = ctx->model;
	bool *abs = f->n_stages ? vakt_xcalloc(f->n_stages, sizeof(*abs)) : NULL;

	for (size_t s = 0; s < f->n_stages; s++) {
		int parent = f->stages[s].parent;
		bool cur = parent >= 0 && (size_t)parent < s && abs[parent];
		size_t from, end;

		stage_range(f, s, &from, &end);
		for (size_t i = from; i < end; i++) {
			const struct df_instr *in = &f->instrs[i];
			const char *rel;
			char *p, *label;

			if (in->kind != DF_WORKDIR || !in->n_args)
				continue;
			p = df_file_word(f, (int)s, i, &in->args[0], in->exec_form);
			if (!p || df_build_path_is_abs(p) || cur) {
				/* An unresolved path cannot be judged; assume it is absolute. */
				cur = true;
				free(p);
				continue;
			}
			label = df_build_stage_label(f, (int)s);
			for (rel = p; rel[0] == '.' && rel[1] == '/';)
				rel += 2;
			vakt_check_emit(
			    ctx, &in->args[0].span, NULL,
			    "WORKDIR '%.*s' is relative and no absolute WORKDIR precedes "
			    "it in %s: it resolves against the working directory of '%.*s'; "
			    "write WORKDIR /%.*s",
			    DF_BUILD_MSG_MAX, p, label, DF_BUILD_MSG_MAX, root_image(f, s),
			    DF_BUILD_MSG_MAX, rel);
			free(label);
			free(p);
		}
		abs[s] = cur;
	}
	free(abs);
}

/* DF086: the image built has no HEALTHCHECK of its own or from a local parent. */
void df_check_no_healthcheck(struct vakt_check_ctx *ctx)
{
	const struct df_file *f = ctx->model;
	const struct df_stage *st;
	bool *has;
	struct vakt_span sp;
	char *label;

	if (f->final_stage < 0 || (size_t)f->final_stage >= f->n_stages)
		return;
	has = df_build_stages_with(f, DF_HEALTHCHECK);
	st = &f->stages[f->final_stage];
	if (!has[f->final_stage]) {
		sp = st->image
		         ? st->image->span
		         : df_build_keyword_span(&f->instrs[st->from < f->n_instrs ? st->from : 0]);
		label = df_build_stage_label(f, f->final_stage);
		vakt_check_emit(
		    ctx, &sp, NULL,
		    "the final %s (FROM %.*s) defines no HEALTHCHECK: Docker cannot tell "
		    "a hung service from a healthy one; add HEALTHCHECK CMD ... or "
		    "HEALTHCHECK NONE to say it is not wanted",
		    label, DF_BUILD_MSG_MAX,
		    st->image && st->image->value ? st->image->value : "?");
		free(label);
	}
	free(has);
}

/* How a --from / from= reference resolves. */
enum ref_kind {
	REF_OK,      /* an earlier stage or an external image */
	REF_SKIP,    /* a variable that could not be resolved */
	REF_OWN,     /* the stage it appears in */
	REF_LATER,   /* a stage defined further down */
	REF_INDEX,   /* a numeric index that names no earlier stage */
	REF_UNKNOWN, /* no such stage, and not an image reference either */
};

struct ref {
	enum ref_kind kind;
	char *value;                   /* owned; expanded */
	const struct df_stage *target; /* REF_OWN, REF_LATER */
};

static bool all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

/* A stage index of digits only; -1 when out of int range. */
static int atoi_stage(const char *s)
{
	long v = 0;

	return vakt_parse_long(s, 0, INT_MAX, &v) ? -1 : (int)v;
}

static struct ref ref_resolve(const struct df_file *f, const struct df_build_names *ix, int stage,
                              size_t at, const char *raw)
{
	struct ref r = {REF_SKIP, NULL, NULL};
	long idx;

	r.value = df_file_expand_known(f, stage, at, raw);
	if (!r.value || !*r.value)
		return r;
	if (all_digits(r.value)) {
		if (vakt_parse_long(r.value, 0, INT_MAX, &idx) || idx > stage)
			r.kind = REF_INDEX;
		else if (idx == stage)
			r.kind = REF_OWN;
		else
			r.kind = REF_OK;
		if (r.kind == REF_OWN)
			r.target = &f->stages[stage];
		return r;
	}
	r.target = df_build_names_find(ix, r.value);
	if (r.target) {
		int ti = (int)(r.target - f->stages);

		r.kind = ti == stage ? REF_OWN : ti > stage ? REF_LATER : REF_OK;
	} else {
		/* A registry, tag or digest makes it an image reference. */
		r.kind = r.value[strcspn(r.value, "/:@")] ? REF_OK : REF_UNKNOWN;
	}
	return r;
}

/* The nearest stage name to name, for "did you mean" (small files only). */
static const char *nearest_stage(const struct df_file *f, const char *name)
{
	size_t best_d = 3;
	const char *best = NULL;

	if (f->n_stages > DF_BUILD_SUGGEST_STAGES)
		return NULL;
	for (size_t s = 0; s < f->n_stages; s++) {
		size_t d;

		if (!f->stages[s].name)
			continue;
		d = df_build_distance(f->stages[s].name, name);
		if (d < best_d) {
			best_d = d;
			best = f->stages[s].name;
		}
	}
	return best;
}

static void ref_report(struct vakt_check_ctx *ctx, bool own_rule, const struct df_file *f,
                       int stage, const char *what, const struct ref *r, const struct vakt_span *sp)
{
	char *label;
	const char *near;

	if (own_rule != (r->kind == REF_OWN))
		return;
	switch (r->kind) {
	case REF_OWN:
		label = df_build_stage_label(f, stage);
		vakt_check_emit(ctx, sp, NULL,
		                "%s=%.*s names %s, the stage it is in: a stage cannot read from "
		                "itself, the build fails",
		                what, DF_BUILD_MSG_MAX, r->value, label);
		free(label);
		break;
	case REF_LATER:
		vakt_check_emit(ctx, sp, NULL,
		                "%s=%.*s names a stage defined later, at line %d: define it before "
		                "the stages that use it (builders without BuildKit pull an image "
		                "named '%.*s' instead)",
		                what, DF_BUILD_MSG_MAX, r->value, instr_line(f, r->target->from),
		                DF_BUILD_MSG_MAX, r->value);
		break;
	case REF_INDEX:
		vakt_check_emit(ctx, sp, NULL,
		                "%s=%.*s names no earlier stage: this is stage %d, so an index "
		                "must be below %d",
		                what, DF_BUILD_MSG_MAX, r->value, stage, stage);
		break;
	case REF_UNKNOWN:
		near = nearest_stage(f, r->value);
		vakt_check_emit(ctx, sp, NULL,
		                "%s=%.*s names no stage of this file, so the build pulls the image "
		                "'%.*s' from Docker Hub instead%s%s%s",
		                what, DF_BUILD_MSG_MAX, r->value, DF_BUILD_MSG_MAX, r->value,
		                near ? "; did you mean '" : "", near ? near : "", near ? "'?" : "");
		break;
	case REF_OK:
	case REF_SKIP:
		break;
	}
}

/*
 * The span of `from=` inside a --mount flag when the flag sits on one line
 * as plain text; otherwise the whole flag.
 */
static struct vakt_span mount_sub_span(const struct df_flag *fl, size_t off, size_t n)
{
	struct vakt_span sp = fl->span;
	size_t written = 2 + strlen(fl->name) + 1 + strlen(fl->value);

	if (sp.line && sp.line == sp.end_line && sp.column > 0 &&
	    (size_t)(sp.end_column - sp.column + 1) == written) {
		sp.column += (int)(2 + strlen(fl->name) + 1 + off);
		sp.end_column = sp.column + (int)n - 1;
	}
	return sp;
}

static void mount_refs(struct vakt_check_ctx *ctx, bool own_rule, const struct df_file *f,
                       const struct df_build_names *ix, const struct df_instr *in, size_t at)
{
	for (size_t k = 0; k < in->n_flags; k++) {
		const struct df_flag *fl = &in->flags[k];
		const char *v = fl->value;

		if (!fl->name || strcmp(fl->name, "mount") || !v)
			continue;
		/* type=cache,target=/x,from=builder,source=/y */
		for (size_t off = 0; v[off];) {
			size_t n = strcspn(v + off, ",");

			if (n > 5 && !vakt_strncasecmp(v + off, "from=", 5)) {
				char *raw = vakt_xstrndup(v + off + 5, n - 5);
				struct ref r = ref_resolve(f, ix, in->stage, at, raw);
				struct vakt_span sp = mount_sub_span(fl, off, n);

				ref_report(ctx, own_rule, f, in->stage, "RUN --mount from", &r,
				           &sp);
				free(r.value);
				free(raw);
			}
			off += n;
			if (v[off] == ',')
				off++;
		}
	}
}

static void stage_refs(struct vakt_check_ctx *ctx, bool own_rule)
{
	const struct df_file *f = ctx->model;
	struct df_build_names ix;

	df_build_names_init(&ix, f);
	/* ONBUILD triggers name stages of the build that uses the image: not judged. */
	for (size_t i = 0; i < f->n_instrs; i++) {
		const struct df_instr *in = &f->instrs[i];
		const struct df_flag *fl;

		if (in->stage < 0 || (size_t)in->stage >= f->n_stages)
			continue;
		if (in->kind == DF_RUN) {
			mount_refs(ctx, own_rule, f, &ix, in, i);
		} else if (in->kind == DF_COPY && (fl = df_instr_find_flag(in, "from")) &&
		           fl->value) {
			struct ref r = ref_resolve(f, &ix, in->stage, i, fl->value);

			ref_report(ctx, own_rule, f, in->stage, "COPY --from", &r, &fl->span);
			free(r.value);
		}
	}
	df_build_names_release(&ix);
}

/* DF087: COPY --from / RUN --mount from= naming no earlier stage. */
void df_check_from_unknown_stage(struct vakt_check_ctx *ctx)
{
	stage_refs(ctx, false);
}

/* DF089: COPY --from naming its own stage. */
void df_check_from_own_stage(struct vakt_check_ctx *ctx)
{
	stage_refs(ctx, true);
}

/* DF088: two stages with the same name. */
void df_check_duplicate_stage(struct vakt_check_ctx *ctx)
{
	const struct df_file *f = ctx->model;
	struct df_build_names ix;
	size_t group = 0;

	df_build_names_init(&ix, f);
	/* Sorted by name, then index: the first of each run is the original. */
	for (size_t k = 1; k < ix.n; k++) {
		const struct df_stage *st = ix.v[k];
		const struct df_word *alias;
		struct vakt_span sp;

		if (vakt_strcasecmp(st->name, ix.v[group]->name)) {
			group = k;
			continue;
		}
		alias = st->from < f->n_instrs ? df_build_from_alias(&f->instrs[st->from]) : NULL;
		sp = alias ? alias->span : df_build_keyword_span(&f->instrs[st->from]);
		vakt_check_emit(ctx, &sp, NULL,
		                "stage name '%.*s' is already used by the stage at line %d: "
		                "--from, --target and FROM references become ambiguous",
		                DF_BUILD_MSG_MAX, st->name, instr_line(f, ix.v[group]->from));
	}
	df_build_names_release(&ix);
}

/* DF090: an instruction other than ARG before the first FROM. */
void df_check_before_from(struct vakt_check_ctx *ctx)
{
	const struct df_file *f = ctx->model;

	for (size_t i = 0; i < f->n_instrs; i++) {
		const struct df_instr *in = &f->instrs[i];
		struct vakt_span sp;

		if (in->kind == DF_FROM || in->stage >= 0)
			break;
		/* The parser reports unknown instructions itself. */
		if (in->kind == DF_ARG || in->kind == DF_UNKNOWN)
			continue;
		sp = df_build_keyword_span(in);
		vakt_check_emit(
		    ctx, &sp, NULL,
		    "%s before the first FROM: only ARG may come before FROM, the build "
		    "fails",
		    df_build_keyword(in));
	}
}

static bool icontains(const char *hay, const char *needle, size_t n)
{
	if (!n)
		return false;
	for (; *hay; hay++)
		if (!vakt_strncasecmp(hay, needle, n))
			return true;
	return false;
}

/*
 * Whether a stage named for its platform ("build-amd64" for linux/amd64)
 * pins it on purpose, as BuildKit's check allows.
 */
static bool name_mentions_platform(const char *name, const char *platform)
{
	const char *p = platform;

	if (!name)
		return false;
	while (*p) {
		size_t n = strcspn(p, "/");

		if (icontains(name, p, n))
			return true;
		p += n;
		if (*p == '/')
			p++;
	}
	return false;
}

/* DF093: FROM --platform set to a constant, or to the redundant $TARGETPLATFORM. */
void df_check_from_platform(struct vakt_check_ctx *ctx)
{
	const struct df_file *f = ctx->model;

	for (size_t s = 0; s < f->n_stages; s++) {
		const struct df_instr *in;
		const struct df_flag *fl;
		const char *v;
		char *label;

		if (f->stages[s].from >= f->n_instrs)
			continue;
		in = &f->instrs[f->stages[s].from];
		fl = df_instr_find_flag(in, "platform");
		if (!fl || !fl->value || !*fl->value)
			continue;
		v = fl->value;
		if (!strcmp(v, "$TARGETPLATFORM") || !strcmp(v, "${TARGETPLATFORM}")) {
			vakt_check_emit(
			    ctx, &fl->span, NULL,
			    "FROM --platform=%s is redundant: the target platform is the "
			    "default; drop the flag",
			    v);
			continue;
		}
		if (strchr(v, '$') || name_mentions_platform(f->stages[s].name, v))
			continue;
		label = df_build_stage_label(f, (int)s);
		vakt_check_emit(ctx, &fl->span, NULL,
		                "FROM --platform=%.*s pins %s to one platform, so the Dockerfile "
		                "cannot build for others; use --platform=$BUILDPLATFORM for build "
		                "tools or drop the flag",
		                DF_BUILD_MSG_MAX, v, label);
		free(label);
	}
}

static bool valid_stage_name(const char *n)
{
	if (!((n[0] >= 'a' && n[0] <= 'z') || (n[0] >= 'A' && n[0] <= 'Z')))
		return false;
	for (const char *p = n + 1; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '-' || *p == '_' || *p == '.'))
			return false;
	return true;
}

/* DF094: reserved, invalid or upper-case stage names. */
void df_check_stage_name(struct vakt_check_ctx *ctx)
{
	const struct df_file *f = ctx->model;

	for (size_t s = 0; s < f->n_stages; s++) {
		const struct df_word *alias;
		const char *n;

		if (f->stages[s].from >= f->n_instrs)
			continue;
		alias = df_build_from_alias(&f->instrs[f->stages[s].from]);
		if (!alias || !alias->value || !*alias->value)
			continue;
		n = alias->value;
		if (!vakt_strcasecmp(n, "scratch") || !vakt_strcasecmp(n, "context")) {
			vakt_check_emit(
			    ctx, &alias->span, NULL,
			    "stage name '%s' is reserved: '%s' already means %s; rename "
			    "the stage",
			    n, n,
			    !vakt_strcasecmp(n, "scratch") ? "the empty base image"
			                                   : "the build context");
		} else if (!valid_stage_name(n)) {
			vakt_check_emit(
			    ctx, &alias->span, NULL,
			    "stage name '%.*s' is not valid, the build fails: it must start "
			    "with a letter and hold only letters, digits, '-', '_' and '.'",
			    DF_BUILD_MSG_MAX, n);
		} else if (n[strcspn(n, "ABCDEFGHIJKLMNOPQRSTUVWXYZ")]) {
			char *low = vakt_xstrdup(n);

			for (char *p = low; *p; p++)
				if (*p >= 'A' && *p <= 'Z')
					*p = (char)(*p - 'A' + 'a');
			vakt_check_emit(ctx, &alias->span, NULL,
			                "stage name '%.*s' is not lower-case: write '%.*s'",
			                DF_BUILD_MSG_MAX, n, DF_BUILD_MSG_MAX, low);
			free(low);
		}
	}
}

/* DF096: COPY/ADD to a relative destination while no WORKDIR has been set. */
void df_check_copy_relative(struct vakt_check_ctx *ctx)
{
	const struct df_file *f = ctx->model;
	bool *wd = f->n_stages ? vakt_xcalloc(f->n_stages, sizeof(*wd)) : NULL;

	for (size_t s = 0; s < f->n_stages; s++) {
		int parent = f->stages[s].parent;
		bool cur = parent >= 0 && (size_t)parent < s && wd[parent];
		const char *root = root_image(f, s);
		size_t from, end;

		/* scratch starts in "/", so a relative path is still well defined. */
		if (!vakt_strcasecmp(root, "scratch"))
			cur = true;
		stage_range(f, s, &from, &end);
		for (size_t i = from; i < end; i++) {
			const struct df_instr *in = &f->instrs[i];
			const struct df_word *dest;
			char *d, *label;

			if (in->kind == DF_WORKDIR)
				cur = true;
			if ((in->kind != DF_COPY && in->kind != DF_ADD) || in->n_args < 2 || cur)
				continue;
			dest = &in->args[in->n_args - 1];
			d = df_file_word(f, (int)s, i, dest, in->exec_form);
			if (d && !df_build_path_is_abs(d)) {
				label = df_build_stage_label(f, (int)s);
				vakt_check_emit(
				    ctx, &dest->span, NULL,
				    "%s to relative destination '%.*s' while no WORKDIR "
				    "is set in %s: the files land wherever '%.*s' set the "
				    "working directory; add WORKDIR /app before it or use "
				    "an absolute path",
				    df_build_keyword(in), DF_BUILD_MSG_MAX, d, label,
				    DF_BUILD_MSG_MAX, root);
				free(label);
			}
			free(d);
		}
		wd[s] = cur;
	}
	free(wd);
}

/* Whether p names the root directory ("/", "//", "/.", "/./"). */
static bool is_root_path(const char *p)
{
	if (*p != '/')
		return false;
	for (; *p; p++)
		if (*p != '/' && !(*p == '.' && (p[-1] == '/') && (p[1] == '/' || !p[1])))
			return false;
	return true;
}

/* "stage 'builder'", "stage 0" or "image 'busybox'" for a --from value. The caller frees it. */
static char *from_label(const struct df_file *f, const struct df_build_names *ix, int stage,
                        size_t at, const char *raw)
{
	struct ref r = ref_resolve(f, ix, stage, at, raw);
	int idx = r.value && all_digits(r.value) ? atoi_stage(r.value) : -1;
	char *label;

	if (idx >= 0 && (size_t)idx < f->n_stages)
		label = df_build_stage_label(f, idx);
	else if (r.target)
		label = df_build_stage_label(f, (int)(r.target - f->stages));
	else
		label = vakt_xasprintf("image '%.*s'", DF_BUILD_MSG_MAX, r.value ? r.value : raw);
	free(r.value);
	return label;
}

/*
 * DF098: COPY --from=x / / in a stage whose files the image ships (the final
 * stage and the stages it is built on); a stage that only assembles files
 * for a later COPY --from is a build step. Unused stages are judged as
 * possible final images by df-check-unused.c.
 */
void df_check_copy_root(struct vakt_check_ctx *ctx)
{
	const struct df_file *f = ctx->model;
	struct df_build_names ix;
	bool *ships = df_file_shipped(f);

	df_build_names_init(&ix, f);
	for (size_t i = 0; i < f->n_instrs; i++) {
		const struct df_instr *in = &f->instrs[i];
		const struct df_flag *fl;
		char *dest, *what;
		bool root_dest;

		if (in->kind != DF_COPY || in->n_args < 2 || in->stage < 0 ||
		    (size_t)in->stage >= f->n_stages || !ships[in->stage] ||
		    !(fl = df_instr_find_flag(in, "from")) || !fl->value)
			continue;
		dest = df_file_word(f, in->stage, i, &in->args[in->n_args - 1], in->exec_form);
		root_dest = dest && is_root_path(dest);
		free(dest);
		if (!root_dest)
			continue;
		for (size_t k = 0; k + 1 < in->n_args; k++) {
			char *src = df_file_word(f, in->stage, i, &in->args[k], in->exec_form);
			bool root_src = src && is_root_path(src);

			free(src);
			if (!root_src)
				continue;
			what = from_label(f, &ix, in->stage, i, fl->value);
			vakt_check_emit(
			    ctx, &in->args[k].span, NULL,
			    "COPY --from=%.*s / / copies the whole filesystem of %s over "
			    "this stage, with its shells, package manager and accounts; "
			    "copy only the files the image needs",
			    DF_BUILD_MSG_MAX, fl->value, what);
			free(what);
			break;
		}
	}
	df_build_names_release(&ix);
	free(ships);
}
