/* SPDX-License-Identifier: MIT */
#ifndef VAKT_CTR_CHECK_H
#define VAKT_CTR_CHECK_H

/*
 * Private to the container rules (CR001...): the check functions that
 * ctr-rules.c lists in its table. Each reads a struct ctr_settings from
 * ctx->model.
 */

#include "ctr-settings.h"

/* Report at span sp (NULL: the container) with c's object path and message fmt. */
void ctr_emit(struct vakt_check_ctx *ctx, const struct vakt_span *sp, const char *fmt, ...)
    VAKT_PRINTF(3, 4);

void ctr_check_privileged(struct vakt_check_ctx *ctx);        /* CR001 */
void ctr_check_user_root(struct vakt_check_ctx *ctx);         /* CR002 */
void ctr_check_user_missing_root(struct vakt_check_ctx *ctx); /* CR003 */
void ctr_check_user_missing(struct vakt_check_ctx *ctx);      /* CR004 */
void ctr_check_cap_drop(struct vakt_check_ctx *ctx);          /* CR005 */
void ctr_check_cap_add(struct vakt_check_ctx *ctx);           /* CR006 */
void ctr_check_read_only(struct vakt_check_ctx *ctx);         /* CR007 */
void ctr_check_no_new_privs(struct vakt_check_ctx *ctx);      /* CR008 */
void ctr_check_host_ns(struct vakt_check_ctx *ctx);           /* CR009 */
void ctr_check_socket(struct vakt_check_ctx *ctx);            /* CR010 */
void ctr_check_host_dir(struct vakt_check_ctx *ctx);          /* CR011 */
void ctr_check_profile_off(struct vakt_check_ctx *ctx);       /* CR012 */
void ctr_check_port_admin(struct vakt_check_ctx *ctx);        /* CR013 */
void ctr_check_port_docker(struct vakt_check_ctx *ctx);       /* CR014 */
void ctr_check_port_any(struct vakt_check_ctx *ctx);          /* CR015 */
void ctr_check_secret_value(struct vakt_check_ctx *ctx);      /* CR016 */
void ctr_check_secret_name(struct vakt_check_ctx *ctx);       /* CR017 */
void ctr_check_latest(struct vakt_check_ctx *ctx);            /* CR018 */
void ctr_check_typosquat(struct vakt_check_ctx *ctx);         /* CR019 */
void ctr_check_ro_tmp(struct vakt_check_ctx *ctx);            /* CR020 */
void ctr_check_db_no_auth(struct vakt_check_ctx *ctx);        /* CR021 */

#endif
