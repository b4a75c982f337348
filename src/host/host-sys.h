/* SPDX-License-Identifier: MIT */
#ifndef VAKT_HOST_SYS_H
#define VAKT_HOST_SYS_H

/*
 * The system probes: virtualisation, oversold resources, the kernel
 * (version, escape CVEs and their preconditions), sysctls, LSMs, cgroups.
 * (Contract to be filled in by the probes' author.)
 */

#include "host.h"

struct host_sys {
	int placeholder;
};

/* Probe everything of struct host_sys under r into s (zeroed by the caller). */
void host_sys_collect(const struct host_root *r, struct host_sys *s, struct host_observations *obs,
                      struct vakt_error_list *warnings);
void host_sys_release(struct host_sys *s);

#endif
