/* SPDX-License-Identifier: MIT */
/* The firewall rules FW001- (placeholder until they land). */
#include "core/rule.h"
#include "fw.h"

static const struct vakt_rule fw_rules[] = {
    {.id = NULL},
};

const struct vakt_rule *const fw_rule_tables[] = {fw_rules, NULL};
