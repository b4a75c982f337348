/* SPDX-License-Identifier: MIT */
#ifndef VAKT_DF_CHECK_UNUSED_H
#define VAKT_DF_CHECK_UNUSED_H

#include "core/check.h"
#include "df-model.h"

/*
 * Most unused stages judged as possible final images in one file (the ones
 * nearest the final stage): each costs a run of the final-image rules, and
 * a file of thousands of stages must stay linear.
 */
#define DF_MAX_POSSIBLE_FINALS 8

/*
 * Run the final-image rules (DF001-DF003, DF020, DF030, DF041, DF048,
 * DF098) again
 * for each stage that no other stage uses, as if it were the final stage,
 * and add to ctx->out what they find that ctx->out does not hold yet, one
 * severity lower and with a message naming the stage. Call after every rule
 * table has run on ctx->model (a struct df_file). The findings are owned by
 * ctx->out.
 */
void df_check_unused_stages(struct vakt_check_ctx *ctx);

#endif
