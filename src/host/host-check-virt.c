/* SPDX-License-Identifier: MIT */
/*
 * Checks of what the host runs on (HO001-HO008): a shared-kernel guest,
 * an application container or WSL under us, evidence that disagrees, and
 * signs of oversold resources. Each finding names the evidence the probe
 * weighed (host-virt.c, host-virt-vm.c, host-sys-res.c).
 */
#include "host-check-sys.h"
#include "host-facts.h"

/* Steal over the sample (or since boot) at or above which HO006 reports. */
#define STEAL_SAMPLE_PCT 10.0
#define STEAL_BOOT_PCT   5.0

static const struct host_sys *sys_of(const struct vakt_check_ctx *ctx)
{
	return &((const struct host_facts *)ctx->model)->sys;
}

void host_check_shared_kernel(struct vakt_check_ctx *ctx)
{
	const struct host_virt *v = &sys_of(ctx)->virt;

	if (v->ctr_class != HOST_CTR_SYSTEM || v->ctr_conf != HOST_CONF_STRONG)
		return;
	host_emit(ctx, v->ctr_ev.source, v->ctr_ev.line,
	          "this machine is a shared-kernel guest (%s: %s): containers run here share the "
	          "kernel of the host it runs on with every other guest there",
	          v->container, v->ctr_ev.why);
}

void host_check_app_container(struct vakt_check_ctx *ctx)
{
	const struct host_virt *v = &sys_of(ctx)->virt;

	if (v->ctr_class != HOST_CTR_APP)
		return;
	host_emit(ctx, v->ctr_ev.source, v->ctr_ev.line,
	          "vakt runs inside a container (%s: %s): the audit describes the container; net.* "
	          "sysctls and the firewall are those of its network namespace, not the host's",
	          v->container, v->ctr_ev.why);
}

void host_check_wsl(struct vakt_check_ctx *ctx)
{
	const struct host_virt *v = &sys_of(ctx)->virt;

	if (v->ctr_class != HOST_CTR_WSL)
		return;
	host_emit(
	    ctx, v->ctr_ev.source, v->ctr_ev.line,
	    "this is Windows Subsystem for Linux (%s): the kernel and its network are managed "
	    "by Windows",
	    v->ctr_ev.why);
}

void host_check_dockerenv(struct vakt_check_ctx *ctx)
{
	const struct host_virt *v = &sys_of(ctx)->virt;

	if (v->dockerenv_contradicted)
		host_emit(ctx, "/.dockerenv", 0,
		          "/.dockerenv exists but %s, so it is a leftover of the image, not a "
		          "container (systemd-detect-virt would say docker)",
		          v->ctr_ev.why);
	else if (v->dockerenv && v->ctr_class == HOST_CTR_UNKNOWN)
		host_emit(ctx, "/.dockerenv", 0,
		          "/.dockerenv exists but no cgroup path, overlay root or pid namespace "
		          "corroborates it: container=unknown");
}

void host_check_vm_conflict(struct vakt_check_ctx *ctx)
{
	const struct host_virt *v = &sys_of(ctx)->virt;

	if (!v->vm_conflict)
		return;
	host_emit(ctx, v->vm_ev.source, v->vm_ev.line,
	          "the hypervisor is %s (%s), although %s: CPUID names the interface a hypervisor "
	          "presents, not the product (systemd-detect-virt reports the CPUID name)",
	          v->vm, v->vm_ev.why, v->vm_conflict);
}

void host_check_steal(struct vakt_check_ctx *ctx)
{
	const struct host_resources *r = &sys_of(ctx)->res;

	if (r->steal_pct >= STEAL_SAMPLE_PCT)
		host_emit(
		    ctx, r->steal_source, 1,
		    "%.1f%% of CPU time was stolen by the hypervisor over %d ms (%.1f%% since "
		    "boot): the host's CPUs are oversubscribed",
		    r->steal_pct, r->steal_ms, r->steal_boot_pct);
	else if (r->steal_pct < 0 && r->steal_boot_pct >= STEAL_BOOT_PCT)
		host_emit(
		    ctx, r->steal_source, 1,
		    "%.1f%% of CPU time has been stolen by the hypervisor since boot: the host's "
		    "CPUs are oversubscribed",
		    r->steal_boot_pct);
}

void host_check_balloon(struct vakt_check_ctx *ctx)
{
	const struct host_resources *r = &sys_of(ctx)->res;

	if (!r->balloon[0])
		return;
	host_emit(ctx, r->balloon_source, r->balloon_line,
	          "the memory balloon driver %s is present: the provider can take memory back from "
	          "this guest",
	          r->balloon);
}

void host_check_modules(struct vakt_check_ctx *ctx)
{
	const struct host_resources *r = &sys_of(ctx)->res;

	if (r->modules != HOST_MODULES_LOADABLE)
		return;
	host_emit(ctx, r->modules_source, r->modules_line,
	          "kernel modules can be loaded (kernel.modules_disabled is not 1): a process with "
	          "CAP_SYS_MODULE, or a module autoload, adds code to the running kernel");
}
