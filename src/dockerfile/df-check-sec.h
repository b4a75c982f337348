/* SPDX-License-Identifier: MIT */
#ifndef VAKT_DF_CHECK_SEC_H
#define VAKT_DF_CHECK_SEC_H

/*
 * Private to the Dockerfile security rules (DF001-DF039): the check
 * functions that df-rules-security.c lists in its table, and the helpers
 * they share for the final stage's FROM chain, variable expansion of
 * words and image references.
 */

#include "core/check.h"
#include "df-context.h"
#include "df-model.h"
#include "knowledge/imageref.h"

/* Longest piece of user text quoted in a message. */
#define DF_SEC_MSG_MAX 200
/* Most secret-format findings reported for one instruction (DF021). */
#define DF_SEC_MAX_SECRETS_PER_INSTR 8

/* Identity (df-check-sec-user.c). */
void df_check_sec_no_user(struct vakt_check_ctx *ctx);      /* DF001 */
void df_check_sec_root_user(struct vakt_check_ctx *ctx);    /* DF002 */
void df_check_sec_back_to_root(struct vakt_check_ctx *ctx); /* DF003 */
void df_check_sec_named_user(struct vakt_check_ctx *ctx);   /* DF004 */
/* Base image and supply chain (df-check-sec-image.c). */
void df_check_sec_toolchain_final(struct vakt_check_ctx *ctx);    /* DF010 */
void df_check_sec_fat_base(struct vakt_check_ctx *ctx);           /* DF011 */
void df_check_sec_latest(struct vakt_check_ctx *ctx);             /* DF012 */
void df_check_sec_no_digest(struct vakt_check_ctx *ctx);          /* DF013 */
void df_check_sec_typosquat(struct vakt_check_ctx *ctx);          /* DF014 */
void df_check_sec_untrusted_registry(struct vakt_check_ctx *ctx); /* DF015 */
void df_check_sec_unlisted_image(struct vakt_check_ctx *ctx);     /* DF016 */
/* Secrets (df-check-sec-secret.c). */
void df_check_sec_secret_env_final(struct vakt_check_ctx *ctx); /* DF020 */
void df_check_sec_secret_value(struct vakt_check_ctx *ctx);     /* DF021 */
void df_check_sec_secret_file(struct vakt_check_ctx *ctx);      /* DF022 */
void df_check_sec_no_dockerignore(struct vakt_check_ctx *ctx);  /* DF023 */
void df_check_sec_secret_arg(struct vakt_check_ctx *ctx);       /* DF024 */
/* Exposure (df-check-sec-expose.c). */
void df_check_sec_expose_ssh(struct vakt_check_ctx *ctx);     /* DF030 */
void df_check_sec_sensitive_path(struct vakt_check_ctx *ctx); /* DF031 */
void df_check_sec_expose_format(struct vakt_check_ctx *ctx);  /* DF032 */

/* --- shared helpers (df-check-sec-common.c) -------------------------------- */

/* Stage i of f, or NULL when i is out of range. */
const struct df_stage *df_sec_stage(const struct df_file *f, int i);
/*
 * The stages the final image is made of: the final stage and, through
 * FROM <stage>, the stages it builds on. Fills chain[] final first (at most
 * f->n_stages entries; the caller passes room for that many) and returns how
 * many; 0 when the file has no final stage. Cycles are cut.
 */
size_t df_sec_final_chain(const struct df_file *f, int *chain);
/* Whether stage i is in the final chain (built upon by the final stage). */
bool df_sec_in_final_chain(const struct df_file *f, int i);
/*
 * The image a stage starts from, resolved (stage->base) or, when global
 * ARGs could not be resolved, NULL. Stage references and scratch give NULL
 * too; *scratch (may be NULL) says which.
 */
const char *df_sec_stage_image(const struct df_stage *st, bool *scratch);
/* Whether s is "scratch" (case-insensitive, as BuildKit reads it). */
bool df_sec_is_scratch(const char *s);
/*
 * Whether a --from / from= value names a stage of f (by index, or by name
 * anywhere in the file: a later stage is DF087's finding, not an image);
 * otherwise it is an image reference. `stage` is the stage of the reference.
 */
bool df_sec_names_stage(const struct df_file *f, int stage, const char *ref);
/* "stage 'name'" or "stage N" for messages. The caller frees it. */
char *df_sec_stage_label(const struct df_file *f, int i);
/* The line of instruction `at`. */
int df_sec_line(const struct df_file *f, size_t at);

/*
 * One image an instruction pulls: a FROM base, a COPY --from image or a
 * RUN --mount from= image, for the supply-chain rules (DF014-DF016).
 */
struct df_sec_image {
	const char *what;     /* static: "FROM", "COPY --from", "RUN --mount from" */
	const char *written;  /* borrowed: as written */
	const char *resolved; /* after ARG expansion, NULL when unresolved; valid during the call */
	struct vakt_span span; /* the image word (or flag) */
	int stage;
	size_t at; /* instruction index */
};

/*
 * Call fn for every external image the file pulls (stage references and
 * scratch skipped). Unresolved images are passed with resolved == NULL when
 * `unresolved` is set, skipped otherwise.
 */
void df_sec_each_image(const struct df_file *f, bool unresolved,
                       void (*fn)(struct vakt_check_ctx *ctx, const struct df_sec_image *img,
                                  void *data),
                       struct vakt_check_ctx *ctx, void *data);

#endif
