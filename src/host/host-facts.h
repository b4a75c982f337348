/* SPDX-License-Identifier: MIT */
#ifndef VAKT_HOST_FACTS_H
#define VAKT_HOST_FACTS_H

/*
 * Everything the host probes found, the model the host rules judge
 * (ctx->model of a host rule is a const struct host_facts *). Each part is
 * filled by its own probes: host-sys.h (virtualisation, resources, kernel,
 * sysctls, LSMs, cgroups) and host-docker.h (Docker, containerd, podman,
 * runc). The parts collect in parallel, each into its own observations,
 * which are then joined in a fixed order (sys, then docker).
 */

#include "core/check.h"
#include "host-docker.h"
#include "host-sys.h"
#include "host.h"

struct host_facts {
	const struct host_root *root; /* borrowed */
	struct host_observations obs; /* every probe's observations, in a fixed order */
	struct host_sys sys;
	struct host_docker docker;
};

/*
 * Run every probe under root into f (zeroed by the caller; release with
 * host_facts_release()). What could not be read is in the observations
 * (unreadable) and in warnings (VAKT_WARNING_CODE errors, naming the
 * source). Never fails as a whole.
 */
void host_facts_collect(const struct host_root *root, struct host_facts *f,
                        struct vakt_error_list *warnings);
void host_facts_release(struct host_facts *f);

/*
 * Emit a finding of ctx->rule whose evidence is source:line (line 0: none;
 * source NULL: the host as a whole, shown as "host"). The finding's file is
 * the evidence: the file read, the command run, or the probe.
 */
void host_emit(struct vakt_check_ctx *ctx, const char *source, int line, const char *fmt, ...)
    VAKT_PRINTF(4, 5);

/* The rule tables of the host domain, NULL-terminated (host-domain.c). */
extern const struct vakt_rule *const host_rule_tables[];
/* Each part's table, {.id = NULL}-terminated: host-rules-sys.c, host-rules-docker.c. */
extern const struct vakt_rule host_sys_rules[];
extern const struct vakt_rule host_docker_rules[];

#endif
