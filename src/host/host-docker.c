/* SPDX-License-Identifier: MIT */
/* The container-engine probes (placeholder until they land). */
#include "host-docker.h"

void host_docker_collect(const struct host_root *r, struct host_docker *d,
                         struct host_observations *obs, struct vakt_error_list *warnings)
{
	(void)r;
	(void)d;
	(void)obs;
	(void)warnings;
}

void host_docker_release(struct host_docker *d)
{
	(void)d;
}
