/* SPDX-License-Identifier: MIT */
#ifndef VAKT_DF_CHECK_RESIDENCY_H
#define VAKT_DF_CHECK_RESIDENCY_H

/*
 * The data-residency rules (RS001, RS002; src/knowledge/residency.h) applied
 * to a Dockerfile. df_scan() calls this once per file after its own tables.
 */

#include "core/check.h"

/*
 * RS001 for every image the file pulls (FROM, COPY --from, RUN --mount
 * from=), RS002 for the text of ENV, ARG, RUN, CMD, ENTRYPOINT, ADD and
 * HEALTHCHECK (ONBUILD triggers included) and for heredoc bodies.
 * ctx->model is the struct df_file; ctx->rule is not used.
 */
void df_check_residency(struct vakt_check_ctx *ctx);

#endif
