/* SPDX-License-Identifier: MIT */
#ifndef VAKT_HOST_CHECK_SYS_H
#define VAKT_HOST_CHECK_SYS_H

/*
 * The checks of the system rules (host-rules-sys.c's table): each reads
 * ctx->model, a const struct host_facts *, and emits through host_emit()
 * with the evidence's file and line. host-check-virt.c: virtualisation and
 * resources; host-check-kernel.c: kernel CVEs, sysctls and LSMs.
 */

#include "core/check.h"

void host_check_shared_kernel(struct vakt_check_ctx *ctx);
void host_check_app_container(struct vakt_check_ctx *ctx);
void host_check_wsl(struct vakt_check_ctx *ctx);
void host_check_dockerenv(struct vakt_check_ctx *ctx);
void host_check_vm_conflict(struct vakt_check_ctx *ctx);
void host_check_steal(struct vakt_check_ctx *ctx);
void host_check_balloon(struct vakt_check_ctx *ctx);
void host_check_modules(struct vakt_check_ctx *ctx);

void host_check_dirty_cow(struct vakt_check_ctx *ctx);
void host_check_dirty_pipe(struct vakt_check_ctx *ctx);
void host_check_cgroup_release_agent(struct vakt_check_ctx *ctx);
void host_check_fsconfig(struct vakt_check_ctx *ctx);
void host_check_nft_uaf(struct vakt_check_ctx *ctx);
void host_check_cgroup_v1(struct vakt_check_ctx *ctx);

void host_check_unpriv_bpf(struct vakt_check_ctx *ctx);
void host_check_bpf_jit_harden(struct vakt_check_ctx *ctx);
void host_check_kptr_restrict(struct vakt_check_ctx *ctx);
void host_check_dmesg_restrict(struct vakt_check_ctx *ctx);
void host_check_perf_paranoid(struct vakt_check_ctx *ctx);
void host_check_ptrace_scope(struct vakt_check_ctx *ctx);
void host_check_protected_links(struct vakt_check_ctx *ctx);
void host_check_protected_files(struct vakt_check_ctx *ctx);
void host_check_suid_dumpable(struct vakt_check_ctx *ctx);
void host_check_core_pipe(struct vakt_check_ctx *ctx);
void host_check_aslr(struct vakt_check_ctx *ctx);
void host_check_mmap_min_addr(struct vakt_check_ctx *ctx);
void host_check_ldisc_autoload(struct vakt_check_ctx *ctx);
void host_check_userfaultfd(struct vakt_check_ctx *ctx);
void host_check_route_localnet(struct vakt_check_ctx *ctx);
void host_check_userns(struct vakt_check_ctx *ctx);
void host_check_io_uring(struct vakt_check_ctx *ctx);
void host_check_kexec(struct vakt_check_ctx *ctx);
void host_check_no_mac(struct vakt_check_ctx *ctx);
void host_check_selinux_permissive(struct vakt_check_ctx *ctx);

#endif
