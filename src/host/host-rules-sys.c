/* SPDX-License-Identifier: MIT */
/* The system rules HO001-HO039 (placeholder until they land). */
#include "core/rule.h"
#include "host-facts.h"

const struct vakt_rule host_sys_rules[] = {
    {.id = NULL},
};
