/* SPDX-License-Identifier: MIT */
/*
 * Checks of the kernel (HO010-HO015), its sysctls (HO020-HO037) and its
 * LSMs (HO038-HO039). Version checks say "potentially affected": a
 * distribution's ABI name hides the patch level, so a finding drawn from
 * one alone is lowered to info. A missing sysctl file is a pass (the
 * feature is compiled out); an unreadable one is no finding at all (the
 * observations say so).
 */
#include <stdio.h>
#include <string.h>

#include "host-check-sys.h"
#include "host-facts.h"

static const struct host_sys *sys_of(const struct vakt_check_ctx *ctx)
{
	return &((const struct host_facts *)ctx->model)->sys;
}

/*
 * Emit ctx's finding for CVE c when the kernel is potentially affected;
 * extra (may be "") ends the message. Returns whether it emitted.
 */
static bool kcve(struct vakt_check_ctx *ctx, const struct host_kcve *c, const char *extra)
{
	const struct host_kernel *k = &sys_of(ctx)->kernel;
	const char *fixed;

	if (!k->upstream || host_kcve_affects(c, k->upstream, &fixed) != 1)
		return false;
	host_emit(ctx, k->source, k->line,
	          "kernel %s (upstream %s) is potentially affected by %s (%s): fixed in %s%s%s%s%s",
	          k->osrelease ? k->osrelease : k->upstream, k->upstream, c->id, c->name,
	          fixed == c->mainline ? "mainline " : "", fixed,
	          fixed == c->mainline ? " (no fix on this stable stream)" : " on this stream",
	          k->from == HOST_KVER_ABI
	              ? "; only the distribution's ABI name is known, check its advisory for a "
	                "backport"
	              : "; distributions backport fixes, check the distribution's advisory",
	          extra);
	if (k->from == HOST_KVER_ABI)
		vakt_check_lower(ctx, 4);
	return true;
}

void host_check_dirty_cow(struct vakt_check_ctx *ctx)
{
	kcve(ctx, &host_kcve_dirty_cow, "");
}

void host_check_dirty_pipe(struct vakt_check_ctx *ctx)
{
	kcve(ctx, &host_kcve_dirty_pipe, "");
}

static const char *cgroup_name(enum host_cgroup g)
{
	switch (g) {
	case HOST_CGROUP_V1:
		return "cgroup v1";
	case HOST_CGROUP_HYBRID:
		return "cgroup v1 controllers (hybrid)";
	case HOST_CGROUP_V2:
		return "cgroup v2 only";
	case HOST_CGROUP_UNKNOWN:
		break;
	}
	return "cgroup version unknown";
}

void host_check_cgroup_release_agent(struct vakt_check_ctx *ctx)
{
	const struct host_kernel *k = &sys_of(ctx)->kernel;
	bool v1 = k->cgroup == HOST_CGROUP_V1 || k->cgroup == HOST_CGROUP_HYBRID;
	bool mac = k->lsm.apparmor == 1 || k->lsm.selinux == 1;
	char extra[256];
	int steps = 0;

	snprintf(extra, sizeof(extra), "; preconditions: %s, %s", cgroup_name(k->cgroup),
	         mac ? "AppArmor/SELinux active (confines release_agent writes)"
	         : k->lsm.apparmor == 0 && k->lsm.selinux == 0 ? "no AppArmor or SELinux"
	                                                       : "LSM state unknown");
	if (!kcve(ctx, &host_kcve_cgroup_ra, extra))
		return;
	if (k->from == HOST_KVER_ABI)
		return; /* already info */
	if (k->cgroup == HOST_CGROUP_V2)
		steps += 2;
	else if (!v1)
		steps += 1;
	if (mac)
		steps += 1;
	if (steps)
		vakt_check_lower(ctx, steps);
}

/* CVEs reached through unprivileged user namespaces: info when those are restricted. */
static void userns_cve(struct vakt_check_ctx *ctx, const struct host_kcve *c)
{
	const struct host_kernel *k = &sys_of(ctx)->kernel;
	const char *extra = k->userns == 1 ? "; unprivileged user namespaces are allowed"
	                    : k->userns == 0
	                        ? "; unprivileged user namespaces are restricted, which "
	                          "leaves only privileged containers"
	                        : "";

	if (kcve(ctx, c, extra) && k->userns == 0 && k->from != HOST_KVER_ABI)
		vakt_check_lower(ctx, 2);
}

void host_check_fsconfig(struct vakt_check_ctx *ctx)
{
	userns_cve(ctx, &host_kcve_fsconfig);
}

void host_check_nft_uaf(struct vakt_check_ctx *ctx)
{
	userns_cve(ctx, &host_kcve_nft);
}

void host_check_cgroup_v1(struct vakt_check_ctx *ctx)
{
	const struct host_kernel *k = &sys_of(ctx)->kernel;
	const char *fixed;

	if ((k->cgroup != HOST_CGROUP_V1 && k->cgroup != HOST_CGROUP_HYBRID) ||
	    k->lsm.apparmor != 0 || k->lsm.selinux != 0)
		return;
	if (k->upstream && host_kcve_affects(&host_kcve_cgroup_ra, k->upstream, &fixed) != 0)
		return; /* HO012 reports it, or the version is unknown */
	host_emit(ctx, k->cgroup_source, k->cgroup_line,
	          "%s with no AppArmor or SELinux: the preconditions of cgroup release_agent "
	          "escapes (CVE-2022-0492) are present, although this kernel has the fix",
	          cgroup_name(k->cgroup));
}

/* The sysctl id when read as a number, else NULL. */
static const struct host_sysctl *num(const struct vakt_check_ctx *ctx, enum host_sysctl_id id)
{
	const struct host_sysctl *sc = &sys_of(ctx)->sysctl[id];

	return sc->state == 1 && sc->numeric ? sc : NULL;
}

static void sysctl_emit(struct vakt_check_ctx *ctx, const struct host_sysctl *sc, const char *want)
{
	char path[128];

	snprintf(path, sizeof(path), "/%s", sc->rel);
	host_emit(ctx, path, 1, "%s is %s (want %s)", sc->key, sc->value, want);
}

/* Emit when the sysctl is below min. */
static void below(struct vakt_check_ctx *ctx, enum host_sysctl_id id, long min, const char *want)
{
	const struct host_sysctl *sc = num(ctx, id);

	if (sc && sc->num < min)
		sysctl_emit(ctx, sc, want);
}

/* Emit when the sysctl equals bad. */
static void equals(struct vakt_check_ctx *ctx, enum host_sysctl_id id, long bad, const char *want)
{
	const struct host_sysctl *sc = num(ctx, id);

	if (sc && sc->num == bad)
		sysctl_emit(ctx, sc, want);
}

void host_check_unpriv_bpf(struct vakt_check_ctx *ctx)
{
	equals(ctx, HOST_SC_UNPRIV_BPF, 0, "1 or 2");
}

void host_check_bpf_jit_harden(struct vakt_check_ctx *ctx)
{
	/* 1 blinds the programs of unprivileged users already */
	equals(ctx, HOST_SC_BPF_JIT_HARDEN, 0, "2, or 1 at least");
}

void host_check_kptr_restrict(struct vakt_check_ctx *ctx)
{
	equals(ctx, HOST_SC_KPTR_RESTRICT, 0, "1");
}

void host_check_dmesg_restrict(struct vakt_check_ctx *ctx)
{
	equals(ctx, HOST_SC_DMESG_RESTRICT, 0, "1");
}

void host_check_perf_paranoid(struct vakt_check_ctx *ctx)
{
	below(ctx, HOST_SC_PERF_PARANOID, 2, "2 or more");
}

void host_check_ptrace_scope(struct vakt_check_ctx *ctx)
{
	equals(ctx, HOST_SC_PTRACE_SCOPE, 0, "1 or more");
}

void host_check_protected_links(struct vakt_check_ctx *ctx)
{
	equals(ctx, HOST_SC_PROT_SYMLINKS, 0, "1");
	equals(ctx, HOST_SC_PROT_HARDLINKS, 0, "1");
}

void host_check_protected_files(struct vakt_check_ctx *ctx)
{
	equals(ctx, HOST_SC_PROT_FIFOS, 0, "1 or 2");
	equals(ctx, HOST_SC_PROT_REGULAR, 0, "1 or 2");
}

void host_check_suid_dumpable(struct vakt_check_ctx *ctx)
{
	equals(ctx, HOST_SC_SUID_DUMPABLE, 1, "0, or 2 with a safe core_pattern");
}

void host_check_core_pipe(struct vakt_check_ctx *ctx)
{
	const struct host_sysctl *sc = &sys_of(ctx)->sysctl[HOST_SC_CORE_PATTERN];
	char path[128];

	if (sc->state != 1 || sc->value[0] != '|')
		return;
	snprintf(path, sizeof(path), "/%s", sc->rel);
	host_emit(
	    ctx, path, 1,
	    "kernel.core_pattern pipes core dumps to '%.120s', which runs as root in the host's "
	    "namespaces: no container may be able to write /proc/sys",
	    sc->value + 1);
}

void host_check_aslr(struct vakt_check_ctx *ctx)
{
	below(ctx, HOST_SC_RANDOMIZE_VA, 2, "2");
}

void host_check_mmap_min_addr(struct vakt_check_ctx *ctx)
{
	below(ctx, HOST_SC_MMAP_MIN_ADDR, 4096, "4096 or more (65536 on x86)");
}

void host_check_ldisc_autoload(struct vakt_check_ctx *ctx)
{
	equals(ctx, HOST_SC_LDISC_AUTOLOAD, 1, "0");
}

void host_check_userfaultfd(struct vakt_check_ctx *ctx)
{
	equals(ctx, HOST_SC_USERFAULTFD, 1, "0");
}

void host_check_route_localnet(struct vakt_check_ctx *ctx)
{
	const struct host_sys *s = sys_of(ctx);
	const struct host_sysctl *sc = num(ctx, HOST_SC_ROUTE_LOCALNET);
	char path[128];

	if (!sc || sc->num != 1)
		return;
	snprintf(path, sizeof(path), "/%s", sc->rel);
	host_emit(ctx, path, 1,
	          "%s is 1 (want 0): services bound to 127.0.0.1 can be reached from neighbours%s",
	          sc->key,
	          s->virt.ctr_class == HOST_CTR_APP ? " (this is the container's network namespace)"
	                                            : "");
}

void host_check_userns(struct vakt_check_ctx *ctx)
{
	const struct host_kernel *k = &sys_of(ctx)->kernel;

	if (k->userns != 1)
		return;
	host_emit(
	    ctx, k->userns_source, 1,
	    "unprivileged user namespaces are allowed: rootless containers and sandboxes need "
	    "them, and they are the entry point of kernel escapes such as CVE-2022-0185 and "
	    "CVE-2024-1086");
}

void host_check_io_uring(struct vakt_check_ctx *ctx)
{
	equals(ctx, HOST_SC_IO_URING, 0, "2, or 1, where io_uring is not needed");
}

void host_check_kexec(struct vakt_check_ctx *ctx)
{
	equals(ctx, HOST_SC_KEXEC_DISABLED, 0, "1");
}

void host_check_no_mac(struct vakt_check_ctx *ctx)
{
	const struct host_lsm *l = &sys_of(ctx)->kernel.lsm;

	if (l->apparmor != 0 || l->selinux != 0)
		return;
	host_emit(ctx, l->source, l->list ? 1 : 0,
	          "neither AppArmor nor SELinux is active%s%s%s: containers run without the "
	          "runtime's mandatory access control profile",
	          l->list ? " (LSMs: " : "", l->list ? l->list : "", l->list ? ")" : "");
}

void host_check_selinux_permissive(struct vakt_check_ctx *ctx)
{
	const struct host_lsm *l = &sys_of(ctx)->kernel.lsm;

	if (l->selinux != 1 || l->selinux_enforcing != 0)
		return;
	host_emit(ctx, "/sys/fs/selinux/enforce", 1,
	          "SELinux is permissive: it logs denials but enforces none, so container labels "
	          "confine nothing");
}
