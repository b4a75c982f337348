/* SPDX-License-Identifier: MIT */
/* STUB: replaced by the rules implementation. */
#include "core/check.h"
#include "df-model.h"

const struct vakt_rule df_rules_security[] = {{0}};
const size_t df_rules_security_count = 0;
