/* SPDX-License-Identifier: MIT */
/* Skeleton: the table is being written (issue 3). */
#include "kube-rules.h"

const struct vakt_rule kube_rules_pss[1];
const size_t kube_rules_pss_count = 0;
