/* SPDX-License-Identifier: MIT */
/* The system probes (placeholder until they land). */
#include "host-sys.h"

void host_sys_collect(const struct host_root *r, struct host_sys *s, struct host_observations *obs,
                      struct vakt_error_list *warnings)
{
	(void)r;
	(void)s;
	(void)obs;
	(void)warnings;
}

void host_sys_release(struct host_sys *s)
{
	(void)s;
}
