/* SPDX-License-Identifier: MIT */
#ifndef VAKT_KUBE_RULES_H
#define VAKT_KUBE_RULES_H

/*
 * The Kubernetes rule tables. Object tables run per object as files are
 * scanned, except their cross_file rules, which run per object over the
 * whole scan in end(); set tables run once over every object of the scan
 * (namespace posture, cross-file). kube-scan.c lists which is which;
 * registry.c lists them all for `vakt rules`.
 */

#include "core/rule.h"

/* Per object. */
extern const struct vakt_rule kube_rules_hardened[]; /* KS: the hardened profile */
extern const size_t kube_rules_hardened_count;
extern const struct vakt_rule kube_rules_pss[]; /* PS: Pod Security Standards controls (--pss) */
extern const size_t kube_rules_pss_count;

/* Per scan. */
extern const struct vakt_rule kube_rules_ns_pss[]; /* KN0xx: namespace PSS labels */
extern const size_t kube_rules_ns_pss_count;
extern const struct vakt_rule kube_rules_network[]; /* KN1xx: default-deny, reachability */
extern const size_t kube_rules_network_count;

#endif
