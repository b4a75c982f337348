/* SPDX-License-Identifier: MIT */
#ifndef VAKT_DF_CHECK_BUILD_H
#define VAKT_DF_CHECK_BUILD_H

/*
 * Private to the build-structure rules (DF080-DF099): the check functions
 * that df-rules-build.c puts in its table, and the helpers they share. Every
 * check is linear (or n log n) in the number of instructions and stages.
 */

#include "core/check.h"
#include "df-model.h"

/* Longest piece of user text quoted in a message; longer text is cut. */
#define DF_BUILD_MSG_MAX 160
/* Longest name compared for a "did you mean" suggestion. */
#define DF_BUILD_SUGGEST_MAX 64
/* Most stages searched for a "did you mean" stage name. */
#define DF_BUILD_SUGGEST_STAGES 64

/* The check functions, one per rule. */
void df_check_add_local(struct vakt_check_ctx *ctx);          /* DF080 */
void df_check_add_remote(struct vakt_check_ctx *ctx);         /* DF081 */
void df_check_shell_form_cmd(struct vakt_check_ctx *ctx);     /* DF082 */
void df_check_repeated_cmd(struct vakt_check_ctx *ctx);       /* DF083 */
void df_check_workdir_relative(struct vakt_check_ctx *ctx);   /* DF084 */
void df_check_maintainer(struct vakt_check_ctx *ctx);         /* DF085 */
void df_check_no_healthcheck(struct vakt_check_ctx *ctx);     /* DF086 */
void df_check_from_unknown_stage(struct vakt_check_ctx *ctx); /* DF087 */
void df_check_duplicate_stage(struct vakt_check_ctx *ctx);    /* DF088 */
void df_check_from_own_stage(struct vakt_check_ctx *ctx);     /* DF089 */
void df_check_before_from(struct vakt_check_ctx *ctx);        /* DF090 */
void df_check_unknown_flag(struct vakt_check_ctx *ctx);       /* DF091 */
void df_check_multi_source_dest(struct vakt_check_ctx *ctx);  /* DF092 */
void df_check_from_platform(struct vakt_check_ctx *ctx);      /* DF093 */
void df_check_stage_name(struct vakt_check_ctx *ctx);         /* DF094 */
void df_check_onbuild_trigger(struct vakt_check_ctx *ctx);    /* DF095 */
void df_check_copy_relative(struct vakt_check_ctx *ctx);      /* DF096 */
void df_check_legacy_env(struct vakt_check_ctx *ctx);         /* DF097 */
void df_check_copy_root(struct vakt_check_ctx *ctx);          /* DF098 */
void df_check_comment_swallow(struct vakt_check_ctx *ctx);    /* DF099 */
void df_check_env_self_ref(struct vakt_check_ctx *ctx);       /* DF100 */

/* Canonical upper-case keyword of an instruction ("RUN"), from its kind. */
const char *df_build_keyword(const struct df_instr *in);
/* The span of the instruction's keyword as written. */
struct vakt_span df_build_keyword_span(const struct df_instr *in);
/*
 * "stage 'builder'" or "stage 2" for messages. The caller frees the result.
 */
char *df_build_stage_label(const struct df_file *f, int stage);
/* The alias word of a FROM instruction ("FROM img AS alias"), or NULL. */
const struct df_word *df_build_from_alias(const struct df_instr *from);
/* Whether p is absolute: "/x", "\x", "C:\x" or "C:/x". */
bool df_build_path_is_abs(const char *p);
/*
 * Optimal string alignment distance between a and b, ASCII case-insensitive,
 * or DF_BUILD_SUGGEST_MAX + 1 when either is longer than DF_BUILD_SUGGEST_MAX.
 */
size_t df_build_distance(const char *a, const char *b);

/*
 * For each stage: whether it or a local stage it is built on (FROM <stage>,
 * transitively) has a top-level instruction of kind k. The caller frees the
 * array of f->n_stages entries; NULL when the file has no stage.
 */
bool *df_build_stages_with(const struct df_file *f, enum df_kind k);

/* Stage names sorted for lookups in O(log n). */
struct df_build_names {
	const struct df_stage **v; /* owned array of borrowed stages */
	size_t n;
};

/* Index the named stages of f. Release with df_build_names_release(). */
void df_build_names_init(struct df_build_names *ix, const struct df_file *f);
/* The first stage (lowest index) named `name`, case-insensitive; NULL when none. */
const struct df_stage *df_build_names_find(const struct df_build_names *ix, const char *name);
void df_build_names_release(struct df_build_names *ix);

#endif
