/* SPDX-License-Identifier: MIT */
#ifndef VAKT_HOST_SYS_H
#define VAKT_HOST_SYS_H

/*
 * The system probes: virtualisation (host-virt.c, host-virt-vm.c),
 * oversold resources (host-sys-res.c), the kernel, its escape CVEs and
 * their preconditions, cgroups and LSMs (host-kernel.c), and sysctls
 * (host-sys-sysctl.c). Each probe records observations; the facts below
 * are what the rules HO001-HO039 (host-rules-sys.c) judge.
 *
 * Recorded outputs under --root DIR (DIR/.vakt-probe/NAME):
 *   cpuid       what CPUID said, one fact a line ('#' starts a comment):
 *                 hypervisor 1            leaf 1 ECX bit 31 (0 or 1)
 *                 vendor KVMKVMKVM        the signature of leaf 0x40000000
 *                 vendor 0x40000100 "KVMKVMKVM"
 *                                         a leaf's signature, quoted when it
 *                                         has spaces ("bhyve bhyve ")
 *   ns          the inode of each of our own namespaces, "pid 4026531836"
 *               a line (what readlink /proc/self/ns/pid shows)
 *   stat-before, stat-after
 *               /proc/stat read twice ~500 ms apart (the steal sample);
 *               stat-before alone gives the average since boot
 *   cgroup-fs   the type of /sys/fs/cgroup as `stat -f -c %T` prints it
 *               ("cgroup2fs", "tmpfs"); absent: /proc/self/mountinfo decides
 */

#include "host.h"

/* How sure a verdict is. */
enum host_conf {
	HOST_CONF_NONE = 0, /* nothing found either way */
	HOST_CONF_WEAK,     /* one uncorroborated hint */
	HOST_CONF_STRONG,   /* a source that only a manager writes, or corroborated hints */
};

/* The layer below the kernel. */
enum host_vm_class {
	HOST_VM_UNKNOWN = 0, /* no evidence readable either way */
	HOST_VM_NONE,        /* bare metal: CPUID (or DMI) read and no hypervisor */
	HOST_VM_HARDWARE,    /* a hardware VM: kvm, xen, vmware, microsoft, bhyve, qemu, ... */
};

/* What shares our kernel. */
enum host_ctr_class {
	HOST_CTR_UNKNOWN = 0, /* a hint (/.dockerenv alone) neither corroborated nor refuted */
	HOST_CTR_NONE,        /* not in a container */
	HOST_CTR_SYSTEM,      /* a shared-kernel guest: lxc, openvz, systemd-nspawn */
	HOST_CTR_APP,         /* an application container: docker, podman, containerd, ... */
	HOST_CTR_WSL,         /* Windows Subsystem for Linux */
};

/* Where a verdict came from: a file (or "cpuid") and its line (0: none). */
struct host_evidence {
	char *source; /* owned; NULL: no evidence */
	int line;
	char *why; /* owned: "container=lxc in /proc/1/environ" */
};

struct host_virt {
	char vm[32]; /* "kvm", "xen", "microsoft", "vm-other", "none", "unknown" */
	enum host_vm_class vm_class;
	struct host_evidence vm_ev;
	char *vm_conflict;  /* owned; NULL, or what disagreed with the verdict */
	char container[32]; /* "docker", "lxc", "openvz", "wsl", "container-other", "none",
	                       "unknown" */
	enum host_ctr_class ctr_class;
	enum host_conf ctr_conf;
	struct host_evidence ctr_ev;
	bool dockerenv;              /* /.dockerenv exists */
	bool dockerenv_contradicted; /* ...but our namespaces are the initial ones */
	int init_pidns;              /* 1 initial pid namespace, 0 another, -1 unknown */
	char clocksource[40];        /* current clocksource, "" unknown */
	bool kvm_clock;              /* kvm-clock among the available clocksources */
};

/* Whether modules can be loaded. */
enum host_modules {
	HOST_MODULES_UNKNOWN = 0,
	HOST_MODULES_NONE,     /* no /proc/modules: built without module support */
	HOST_MODULES_LOADABLE, /* /proc/modules and kernel.modules_disabled = 0 (or absent) */
	HOST_MODULES_DISABLED, /* kernel.modules_disabled = 1 */
};

struct host_resources {
	double steal_pct;      /* steal over the sample, percent; < 0 unknown */
	double steal_boot_pct; /* steal since boot, percent; < 0 unknown */
	int steal_ms;          /* the sample's length; 0 when only since boot */
	char *steal_source;    /* owned: "/proc/stat" */
	char balloon[32];      /* "virtio_balloon", "vmw_balloon", ...; "" none found */
	char *balloon_source;  /* owned; where it was seen */
	int balloon_line;
	enum host_modules modules;
	char *modules_source; /* owned */
	int modules_line;
};

/* How the kernel's upstream version was learnt. */
enum host_kver_from {
	HOST_KVER_NONE = 0, /* unreadable or unparseable */
	HOST_KVER_UPSTREAM, /* osrelease of a kernel that tracks upstream, or the distro's note */
	HOST_KVER_ABI,      /* only a distro ABI name ("4.18.0-513.el8", "6.1.0-26-amd64") */
};

enum host_cgroup {
	HOST_CGROUP_UNKNOWN = 0,
	HOST_CGROUP_V1,     /* legacy hierarchy only */
	HOST_CGROUP_HYBRID, /* v1 controllers, cgroup2 at /sys/fs/cgroup/unified */
	HOST_CGROUP_V2,     /* unified */
};

/* A tri-state: -1 unknown, 0 no, 1 yes. */
struct host_lsm {
	char *list; /* owned: /sys/kernel/security/lsm ("lockdown,capability,apparmor"); NULL */
	int apparmor;
	int selinux;
	int selinux_enforcing;
	char *source; /* owned: the file that decided */
};

struct host_kernel {
	char *osrelease; /* owned: "6.1.0-26-amd64"; NULL unreadable */
	char *upstream;  /* owned: "6.1.112" */
	enum host_kver_from from;
	char *source; /* owned: where upstream was read ("/proc/version") */
	int line;
	enum host_cgroup cgroup;
	char *cgroup_source; /* owned */
	int cgroup_line;
	struct host_lsm lsm;
	int userns;          /* unprivileged user namespaces allowed: -1 unknown, 0, 1 */
	char *userns_source; /* owned: the file that restricts them, or max_user_namespaces */
};

/* The sysctls the rules read (host-sys-sysctl.c's table, in this order). */
enum host_sysctl_id {
	HOST_SC_UNPRIV_BPF,
	HOST_SC_BPF_JIT_HARDEN,
	HOST_SC_KPTR_RESTRICT,
	HOST_SC_DMESG_RESTRICT,
	HOST_SC_PERF_PARANOID,
	HOST_SC_PTRACE_SCOPE,
	HOST_SC_KEXEC_DISABLED,
	HOST_SC_MODULES_DISABLED,
	HOST_SC_LDISC_AUTOLOAD,
	HOST_SC_USERFAULTFD,
	HOST_SC_IO_URING,
	HOST_SC_MAX_USERNS,
	HOST_SC_USERNS_CLONE,
	HOST_SC_APPARMOR_USERNS,
	HOST_SC_PROT_SYMLINKS,
	HOST_SC_PROT_HARDLINKS,
	HOST_SC_PROT_FIFOS,
	HOST_SC_PROT_REGULAR,
	HOST_SC_SUID_DUMPABLE,
	HOST_SC_CORE_PATTERN,
	HOST_SC_RANDOMIZE_VA,
	HOST_SC_MMAP_MIN_ADDR,
	HOST_SC_IP_FORWARD,
	HOST_SC_ROUTE_LOCALNET,
	HOST_SC_COUNT,
};

/* A sysctl as read: absent (compiled out), unreadable, or its value. */
struct host_sysctl {
	const char *key; /* static: "kernel.kptr_restrict" */
	const char *rel; /* static: "proc/sys/kernel/kptr_restrict" */
	int state;       /* 0 absent, 1 read, -errno unreadable (-ENOENT: no procfs at all) */
	char *value;     /* owned: the first line, trimmed; NULL unless read */
	long num;        /* value as a number when it is one */
	bool numeric;
};

struct host_sys {
	struct host_virt virt;
	struct host_resources res;
	struct host_kernel kernel;
	struct host_sysctl sysctl[HOST_SC_COUNT];
};

/*
 * Probe everything of struct host_sys under r into s (zeroed by the
 * caller; release with host_sys_release()). Observations go to obs,
 * unreadable sources also to warnings. Live, it takes ~500 ms (the steal
 * sample).
 */
void host_sys_collect(const struct host_root *r, struct host_sys *s, struct host_observations *obs,
                      struct vakt_error_list *warnings);
void host_sys_release(struct host_sys *s);

/*
 * Compare kernel-style versions a and b: dotted numbers, "-rcN" (or
 * "-rc.N") before the release ("5.17-rc3" < "5.17"), anything after the
 * numbers otherwise ignored. Returns <0, 0, >0; a string with no leading
 * number sorts first.
 */
int host_kver_cmp(const char *a, const char *b);

/*
 * Whether a kernel release is a distribution's ABI name that hides the
 * upstream patch level ("6.1.0-26-amd64", "4.18.0-513.5.1.el8_9.x86_64",
 * "4.12.14-122.37-default") rather than an upstream version ("6.6.1-arch1-1",
 * "6.5.6-300.fc39.x86_64").
 */
bool host_kver_is_abi(const char *osrelease);

/* A container-escape kernel CVE (host-kernel.c's table). */
struct host_kcve {
	const char *id;            /* "CVE-2022-0847" */
	const char *name;          /* "Dirty Pipe" or NULL */
	const char *since;         /* first affected upstream version */
	const char *mainline;      /* first fixed mainline version */
	const char *const *stable; /* NULL-terminated first fixed release of each stable stream */
};

extern const struct host_kcve host_kcve_dirty_cow, host_kcve_dirty_pipe, host_kcve_cgroup_ra,
    host_kcve_fsconfig, host_kcve_nft;

/*
 * Whether version v is potentially affected by c: 1 yes (*fixed_in, static,
 * is the fix on v's stream, or mainline), 0 no, -1 v unparseable.
 */
int host_kcve_affects(const struct host_kcve *c, const char *v, const char **fixed_in);

#endif
