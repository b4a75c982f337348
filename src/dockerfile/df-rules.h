/* SPDX-License-Identifier: MIT */
#ifndef VAKT_DF_RULES_H
#define VAKT_DF_RULES_H

/*
 * The Dockerfile rule tables, each next to its checks and ending with
 * {.id = NULL}; df_domain (df-scan.c) lists them in this order.
 */

#include "core/rule.h"

extern const struct vakt_rule df_rules_security[]; /* df-rules-security.c */
extern const struct vakt_rule df_rules_run[];      /* df-rules-run.c: RUN lines */
extern const struct vakt_rule df_rules_build[];    /* df-rules-build.c: build hygiene */

#endif
