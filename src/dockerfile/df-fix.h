/* SPDX-License-Identifier: MIT */
#ifndef VAKT_DF_FIX_H
#define VAKT_DF_FIX_H

/*
 * vakt fix for Dockerfiles (df-fix.c; docs/fix.md): the fixes the rule
 * tables name (struct vakt_rule.fix) and the domain's fix hook, which
 * parses the source and runs them (struct vakt_domain.fix).
 */

#include <stddef.h>

#include "core/fix.h"

/* DF001, DF002, DF003: a numeric non-root USER at the end of the final stage. */
void df_fix_user(struct vakt_fix_ctx *ctx, const struct vakt_finding *f);
/* DF051: --no-install-recommends after apt-get install. */
void df_fix_recommends(struct vakt_fix_ctx *ctx, const struct vakt_finding *f);
/* DF052: && rm -rf of the apt lists at the end of the RUN. */
void df_fix_apt_lists(struct vakt_fix_ctx *ctx, const struct vakt_finding *f);
/* DF080: COPY for an ADD of local, plain files. */
void df_fix_add_copy(struct vakt_fix_ctx *ctx, const struct vakt_finding *f);
/* DF082: the JSON exec form of a plain-word shell-form CMD or ENTRYPOINT. */
void df_fix_exec_form(struct vakt_fix_ctx *ctx, const struct vakt_finding *f);

/* The domain's fix hook: parse ctx->src, run the findings' fixes, free the model. */
void df_fix(struct vakt_fix_ctx *ctx, const struct vakt_finding *const *todo, size_t n);

#endif
