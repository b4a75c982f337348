/* SPDX-License-Identifier: MIT */
/*
 * The sysctls that matter on a container host (reference host.md §4), read
 * from /proc/sys. A missing file means the feature is compiled out (no
 * Yama, no kexec): absent, which the rules treat as a pass. net.* keys are
 * those of our own network namespace, so the observation says whose they
 * are when we run inside a container.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "host-sys-probe.h"

static const struct {
	const char *key, *rel;
} sysctls[HOST_SC_COUNT] = {
    [HOST_SC_UNPRIV_BPF] = {"kernel.unprivileged_bpf_disabled",
                            "proc/sys/kernel/unprivileged_bpf_disabled"},
    [HOST_SC_BPF_JIT_HARDEN] = {"net.core.bpf_jit_harden", "proc/sys/net/core/bpf_jit_harden"},
    [HOST_SC_KPTR_RESTRICT] = {"kernel.kptr_restrict", "proc/sys/kernel/kptr_restrict"},
    [HOST_SC_DMESG_RESTRICT] = {"kernel.dmesg_restrict", "proc/sys/kernel/dmesg_restrict"},
    [HOST_SC_PERF_PARANOID] = {"kernel.perf_event_paranoid", "proc/sys/kernel/perf_event_paranoid"},
    [HOST_SC_PTRACE_SCOPE] = {"kernel.yama.ptrace_scope", "proc/sys/kernel/yama/ptrace_scope"},
    [HOST_SC_KEXEC_DISABLED] = {"kernel.kexec_load_disabled",
                                "proc/sys/kernel/kexec_load_disabled"},
    [HOST_SC_MODULES_DISABLED] = {"kernel.modules_disabled", "proc/sys/kernel/modules_disabled"},
    [HOST_SC_LDISC_AUTOLOAD] = {"dev.tty.ldisc_autoload", "proc/sys/dev/tty/ldisc_autoload"},
    [HOST_SC_USERFAULTFD] = {"vm.unprivileged_userfaultfd", "proc/sys/vm/unprivileged_userfaultfd"},
    [HOST_SC_IO_URING] = {"kernel.io_uring_disabled", "proc/sys/kernel/io_uring_disabled"},
    [HOST_SC_MAX_USERNS] = {"user.max_user_namespaces", "proc/sys/user/max_user_namespaces"},
    [HOST_SC_USERNS_CLONE] = {"kernel.unprivileged_userns_clone",
                              "proc/sys/kernel/unprivileged_userns_clone"},
    [HOST_SC_APPARMOR_USERNS] = {"kernel.apparmor_restrict_unprivileged_userns",
                                 "proc/sys/kernel/apparmor_restrict_unprivileged_userns"},
    [HOST_SC_PROT_SYMLINKS] = {"fs.protected_symlinks", "proc/sys/fs/protected_symlinks"},
    [HOST_SC_PROT_HARDLINKS] = {"fs.protected_hardlinks", "proc/sys/fs/protected_hardlinks"},
    [HOST_SC_PROT_FIFOS] = {"fs.protected_fifos", "proc/sys/fs/protected_fifos"},
    [HOST_SC_PROT_REGULAR] = {"fs.protected_regular", "proc/sys/fs/protected_regular"},
    [HOST_SC_SUID_DUMPABLE] = {"fs.suid_dumpable", "proc/sys/fs/suid_dumpable"},
    [HOST_SC_CORE_PATTERN] = {"kernel.core_pattern", "proc/sys/kernel/core_pattern"},
    [HOST_SC_RANDOMIZE_VA] = {"kernel.randomize_va_space", "proc/sys/kernel/randomize_va_space"},
    [HOST_SC_MMAP_MIN_ADDR] = {"vm.mmap_min_addr", "proc/sys/vm/mmap_min_addr"},
    [HOST_SC_IP_FORWARD] = {"net.ipv4.ip_forward", "proc/sys/net/ipv4/ip_forward"},
    [HOST_SC_ROUTE_LOCALNET] = {"net.ipv4.conf.all.route_localnet",
                                "proc/sys/net/ipv4/conf/all/route_localnet"},
};

/* Parse v as a whole decimal number (optionally signed). */
static bool parse_num(const char *v, long *out)
{
	char *end;
	long n;

	if (!*v)
		return false;
	errno = 0;
	n = strtol(v, &end, 10);
	if (errno || *end)
		return false;
	*out = n;
	return true;
}

void hs_probe_sysctls(struct hs_ctx *c)
{
	/* Without /proc/sys/kernel there is no procfs: absent files say nothing. */
	int procfs = hs_exists(c, "sysctl", "proc/sys/kernel");

	if (procfs != 1) {
		for (size_t i = 0; i < HOST_SC_COUNT; i++) {
			c->s->sysctl[i].key = sysctls[i].key;
			c->s->sysctl[i].rel = sysctls[i].rel;
			c->s->sysctl[i].state = procfs < 0 ? procfs : -ENOENT;
		}
		if (procfs == 0)
			hs_observe(c, "sysctl", "proc/sys/kernel", 0, "unknown", "%s",
			           "no /proc/sys: procfs is not mounted");
		return;
	}
	for (size_t i = 0; i < HOST_SC_COUNT; i++) {
		struct host_sysctl *sc = &c->s->sysctl[i];
		int rc;

		sc->key = sysctls[i].key;
		sc->rel = sysctls[i].rel;
		rc = hs_read_value(c, "sysctl", sc->rel, &sc->value);
		if (rc == -ENOENT) {
			sc->state = 0;
			hs_observe(c, "sysctl", sc->rel, 0,
			           "absent (compiled out or not in this kernel)", "%s", sc->key);
			continue;
		}
		if (rc < 0) {
			sc->state = rc;
			continue;
		}
		sc->state = 1;
		sc->numeric = parse_num(sc->value, &sc->num);
		hs_observe(c, "sysctl", sc->rel, 1, "read", "%s = %s", sc->key, sc->value);
	}
}
