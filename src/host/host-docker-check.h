/* SPDX-License-Identifier: MIT */
#ifndef VAKT_HOST_DOCKER_CHECK_H
#define VAKT_HOST_DOCKER_CHECK_H

/*
 * The checks of the container-engine rules HO040-HO069 (their text is in
 * host-rules-docker.c). Each reads ctx->model, a const struct host_facts *,
 * and emits through host_emit() with the evidence the probe kept.
 */

#include "core/check.h"

void host_check_docker_tcp(struct vakt_check_ctx *ctx);
void host_check_socket_world(struct vakt_check_ctx *ctx);
void host_check_socket_group(struct vakt_check_ctx *ctx);
void host_check_socket_owner(struct vakt_check_ctx *ctx);
void host_check_socket_mode(struct vakt_check_ctx *ctx);
void host_check_docker_group(struct vakt_check_ctx *ctx);
void host_check_engine_files(struct vakt_check_ctx *ctx);
void host_check_userns_remap(struct vakt_check_ctx *ctx);
void host_check_icc(struct vakt_check_ctx *ctx);
void host_check_no_new_privileges(struct vakt_check_ctx *ctx);
void host_check_live_restore(struct vakt_check_ctx *ctx);
void host_check_userland_proxy(struct vakt_check_ctx *ctx);
void host_check_iptables(struct vakt_check_ctx *ctx);
void host_check_log_level(struct vakt_check_ctx *ctx);
void host_check_insecure_registries(struct vakt_check_ctx *ctx);
void host_check_http_mirrors(struct vakt_check_ctx *ctx);
void host_check_authz(struct vakt_check_ctx *ctx);
void host_check_config_rejected(struct vakt_check_ctx *ctx);
void host_check_runc_2019_5736(struct vakt_check_ctx *ctx);
void host_check_runc_2024_21626(struct vakt_check_ctx *ctx);
void host_check_runc_2025(struct vakt_check_ctx *ctx);

#endif
