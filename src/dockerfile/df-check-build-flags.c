/* SPDX-License-Identifier: MIT */
/* DF091: instruction flags BuildKit does not know, which fail the build. */
#include "df-check-build.h"

struct known_flags {
	enum df_kind kind;
	const char *const *names; /* NULL-terminated */
};

/* The flags of the stable Dockerfile frontend (docs.docker.com/reference/dockerfile). */
static const char *const from_flags[] = {"platform", NULL};
static const char *const run_flags[] = {"mount", "network", "security", NULL};
static const char *const copy_flags[] = {"from",    "chown",   "chmod", "link",
                                         "parents", "exclude", NULL};
static const char *const add_flags[] = {"chown",        "chmod",  "link",    "checksum",
                                        "keep-git-dir", "unpack", "exclude", NULL};
static const char *const healthcheck_flags[] = {"interval",       "timeout", "start-period",
                                                "start-interval", "retries", NULL};
static const char *const no_flags[] = {NULL};

static const struct known_flags known[] = {
    {DF_FROM, from_flags},
    {DF_RUN, run_flags},
    {DF_COPY, copy_flags},
    {DF_ADD, add_flags},
    {DF_HEALTHCHECK, healthcheck_flags},
};

static const char *const *flags_of(enum df_kind k)
{
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(known); i++)
		if (known[i].kind == k)
			return known[i].names;
	return no_flags;
}

static bool in_list(const char *const *names, const char *name)
{
	for (size_t i = 0; names[i]; i++)
		if (!strcmp(names[i], name))
			return true;
	return false;
}

/* The known flag nearest to name within a small distance, or NULL. */
static const char *nearest(const char *const *names, const char *name)
{
	size_t len = strlen(name), best_d = DF_BUILD_SUGGEST_MAX + 1;
	size_t limit = len <= 3 ? 1 : 2;
	const char *best = NULL;

	for (size_t i = 0; names[i]; i++) {
		size_t d = df_build_distance(names[i], name);

		if (d < best_d) {
			best_d = d;
			best = names[i];
		}
	}
	return best_d <= limit ? best : NULL;
}

/* The kind of another instruction that has this flag, or DF_UNKNOWN. */
static enum df_kind owner_of(const char *name)
{
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(known); i++)
		if (in_list(known[i].names, name))
			return known[i].kind;
	return DF_UNKNOWN;
}

static const char *kind_keyword(enum df_kind k)
{
	struct df_instr tmp = {.kind = k};

	return df_build_keyword(&tmp);
}

static void flags_one(struct vakt_check_ctx *ctx, const struct df_instr *in)
{
	const char *const *names = flags_of(in->kind);
	const char *kw = df_build_keyword(in);

	if (in->kind == DF_UNKNOWN)
		return; /* the parser reports the instruction itself */
	for (size_t i = 0; i < in->n_flags; i++) {
		const struct df_flag *fl = &in->flags[i];
		const char *name = fl->name ? fl->name : "";
		const char *near;
		enum df_kind owner;
		struct vakt_buf list = VAKT_BUF_INIT;

		if (in_list(names, name))
			continue;
		near = nearest(names, name);
		owner = owner_of(name);
		if (near && !vakt_strcasecmp(near, name)) {
			vakt_check_emit(ctx, &fl->span, NULL,
			                "unknown flag '--%.*s' for %s: flags are case-sensitive, "
			                "write '--%s'; the build fails",
			                DF_BUILD_MSG_MAX, name, kw, near);
		} else if (near) {
			vakt_check_emit(ctx, &fl->span, NULL,
			                "unknown flag '--%.*s' for %s: did you mean '--%s'? The "
			                "build fails",
			                DF_BUILD_MSG_MAX, name, kw, near);
		} else if (owner != DF_UNKNOWN) {
			vakt_check_emit(ctx, &fl->span, NULL,
			                "flag '--%s' belongs to %s, not %s: the build fails", name,
			                kind_keyword(owner), kw);
		} else if (!names[0]) {
			vakt_check_emit(ctx, &fl->span, NULL,
			                "unknown flag '--%.*s': %s takes no flags, the build fails",
			                DF_BUILD_MSG_MAX, name, kw);
		} else {
			for (size_t k = 0; names[k]; k++)
				vakt_buf_addf(&list, "%s--%s", k ? ", " : "", names[k]);
			vakt_check_emit(
			    ctx, &fl->span, NULL,
			    "unknown flag '--%.*s' for %s (it accepts %s): the build fails",
			    DF_BUILD_MSG_MAX, name, kw, vakt_buf_str(&list));
			vakt_buf_release(&list);
		}
	}
}

void df_check_unknown_flag(struct vakt_check_ctx *ctx)
{
	const struct df_file *f = ctx->model;

	for (size_t i = 0; i < f->n_instrs; i++) {
		const struct df_instr *in = &f->instrs[i];

		flags_one(ctx, in);
		if (in->kind == DF_ONBUILD && in->onbuild)
			flags_one(ctx, in->onbuild);
	}
}
