/* SPDX-License-Identifier: MIT */
#ifndef VAKT_HOST_DOCKER_H
#define VAKT_HOST_DOCKER_H

/*
 * The container-engine probes: Docker (daemon.json, the dockerd command
 * line, docker.sock, the docker group, rootless set-ups), containerd,
 * podman, and the runc version. (Contract to be filled in by the probes'
 * author.)
 */

#include "host.h"

struct host_docker {
	int placeholder;
};

/* Probe everything of struct host_docker under r into d (zeroed by the caller). */
void host_docker_collect(const struct host_root *r, struct host_docker *d,
                         struct host_observations *obs, struct vakt_error_list *warnings);
void host_docker_release(struct host_docker *d);

#endif
