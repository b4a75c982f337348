/* SPDX-License-Identifier: MIT */
#ifndef VAKT_DF_VALUES_H
#define VAKT_DF_VALUES_H

/*
 * What a Dockerfile holds that the families of rules every domain applies
 * (data residency, src/knowledge/residency.h) judge: df_domain's values()
 * hook, which the engine calls after the file's own rules.
 */

#include "core/check.h"

/*
 * Every image the file pulls (FROM, COPY --from, RUN --mount from=) and the
 * text of ENV, ARG, RUN, CMD, ENTRYPOINT, ADD and HEALTHCHECK (ONBUILD
 * triggers included) and of heredoc bodies, each handed to
 * vakt_values_judge(). ctx->model is the struct df_file.
 */
void df_values(struct vakt_check_ctx *ctx);

#endif
