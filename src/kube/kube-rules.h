/* SPDX-License-Identifier: MIT */
#ifndef VAKT_KUBE_RULES_H
#define VAKT_KUBE_RULES_H

/*
 * The Kubernetes rule tables. Object tables (VAKT_SCOPE_UNIT rules) run per
 * object as files are scanned, except their VAKT_SCOPE_DEFERRED rules, which
 * run per object over the whole scan in end(); set tables (VAKT_SCOPE_SET)
 * run once over every object of the scan (namespace posture, cross-file).
 * kube_domain's descriptor (kube-scan.c) lists them all, in this order.
 */

#include "core/rule.h"

/* Per object. */
extern const struct vakt_rule kube_rules_hardened[]; /* KS: the hardened profile */
extern const struct vakt_rule kube_rules_pss[]; /* PS: Pod Security Standards controls (--pss) */

/* Per scan. */
extern const struct vakt_rule kube_rules_ns_pss[];  /* KN0xx: namespace PSS labels */
extern const struct vakt_rule kube_rules_network[]; /* KN1xx: default-deny, reachability */

/* Each table ends with {.id = NULL}; kube_domain lists them in this order. */

#endif
