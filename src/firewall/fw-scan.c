/* SPDX-License-Identifier: MIT */
/* The firewall domain's descriptor (placeholder: no file is dispatched to it yet). */
#include "core/domain.h"
#include "fw.h"

const struct vakt_domain fw_domain = {
    .name = "firewall",
    .tables = fw_rule_tables,
};
