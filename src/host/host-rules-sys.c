/* SPDX-License-Identifier: MIT */
/*
 * The system rules HO001-HO039 of vakt host: what the host runs on
 * (HO001-HO008), kernel escape CVEs by version with their preconditions
 * (HO010-HO015), sysctls (HO020-HO037) and LSMs (HO038-HO039). This table
 * is the single source of each rule's text; the checks live in
 * host-check-virt.c and host-check-kernel.c. net.ipv4.ip_forward is never
 * judged: 1 is right on a container host.
 */
#include "core/rule.h"
#include "host-check-sys.h"
#include "host-facts.h"

#define REFS(...)  ((const char *const[]){__VA_ARGS__, NULL})
#define PEERS(...) ((const char *const[]){__VA_ARGS__, NULL})
#define NO_PEERS   ((const char *const[]){NULL})

#define DETECT_VIRT                                                                                \
	"systemd-detect-virt(1): "                                                                 \
	"https://www.freedesktop.org/software/systemd/man/latest/systemd-detect-virt.html"
#define DOC_SYSCTL_KERNEL "https://docs.kernel.org/admin-guide/sysctl/kernel.html"
#define DOC_SYSCTL_FS     "https://docs.kernel.org/admin-guide/sysctl/fs.html"
#define DOC_SYSCTL_VM     "https://docs.kernel.org/admin-guide/sysctl/vm.html"
#define DOC_SYSCTL_NET    "https://docs.kernel.org/networking/ip-sysctl.html"
#define DOC_BPF_SYSCTL    "https://docs.kernel.org/admin-guide/sysctl/net.html"
#define DOC_STEAL                                                                                  \
	"proc(5), /proc/stat steal column: https://man7.org/linux/man-pages/man5/proc_stat.5.html"
#define DOC_LSM       "https://docs.kernel.org/admin-guide/LSM/index.html"
#define DOC_DOCKER_AA "https://docs.docker.com/engine/security/apparmor/"
#define DOC_USERNS                                                                                 \
	"user_namespaces(7): https://man7.org/linux/man-pages/man7/user_namespaces.7.html"
#define CIS_HARDEN "CIS Docker Benchmark 1.6.0 §1.2.1: Ensure the container host has been hardened"
#define CIS_UPDATE                                                                                 \
	"CIS Docker Benchmark 1.6.0 §1.2.2: Ensure that the version of Docker is up to date"
#define NIST_HOST "NIST SP 800-190 §4.5, Host OS risks: https://doi.org/10.6028/NIST.SP.800-190"
#define CVE(id)   "https://nvd.nist.gov/vuln/detail/" id

#define RULE(ID, SLUG, SEV, TITLE, WHY, FIX, REF, EQ, CHECK)                                       \
	{                                                                                          \
		.id = ID, .slug = SLUG, .domain = "host", .severity = SEV, .title = TITLE,         \
		.rationale = WHY, .remediation = FIX, .references = REF, .equivalents = EQ,        \
		.check = CHECK, .scope = VAKT_SCOPE_UNIT,                                          \
	}

#define SYSCTL_FIX(line)                                                                           \
	"Set it now and at boot:\n  sysctl -w " line "\n  echo '" line                             \
	"' > /etc/sysctl.d/60-vakt.conf"

const struct vakt_rule host_sys_rules[] = {
    RULE("HO001", "host-shared-kernel-guest", VAKT_SEV_HIGH,
         "The container host is itself a shared-kernel guest (LXC, OpenVZ, systemd-nspawn)",
         "The machine is not a VM with a kernel of its own but a container of its provider: "
         "every guest on that node shares one kernel. A kernel escape from any neighbour's "
         "container owns this machine and its containers, and this machine's containers cannot "
         "get their own kernel features (cgroups, namespaces, modules) without the provider. "
         "Decided from a source only a container manager writes (/proc/vz, /run/systemd/container, "
         "container= of PID 1) or a cgroup path that names the manager.",
         "Run container workloads on a hardware VM (KVM, Xen, VMware, Hyper-V) or bare metal, "
         "where the kernel is yours alone.",
         REFS(DETECT_VIRT, NIST_HOST, CIS_HARDEN), NO_PEERS, host_check_shared_kernel),
    RULE("HO002", "host-audit-inside-container", VAKT_SEV_INFO,
         "vakt runs inside an application container: the audit describes the container",
         "Inside a Docker, podman or Kubernetes container the network sysctls, the firewall and "
         "the files under /etc are the container's; only the kernel-wide facts (kernel version, "
         "most kernel.* sysctls, LSMs) are the host's.",
         "Run vakt host on the host itself, or point --root at the host's filesystem.",
         REFS(DETECT_VIRT), NO_PEERS, host_check_app_container),
    RULE("HO003", "host-wsl", VAKT_SEV_INFO, "The host is Windows Subsystem for Linux",
         "WSL's kernel, its updates and its network are managed by Windows; kernel findings "
         "describe Microsoft's WSL kernel.",
         "Update WSL with `wsl --update`; run production container hosts on Linux.",
         REFS(DETECT_VIRT), NO_PEERS, host_check_wsl),
    RULE("HO004", "host-dockerenv-uncorroborated", VAKT_SEV_INFO,
         "/.dockerenv exists but nothing else says this is a Docker container",
         "Docker creates /.dockerenv in every container, and a filesystem copied from a container "
         "keeps it, so systemd-detect-virt (which checks it last) and other tools report "
         "\"docker\" on machines that are not containers. vakt accepts it only when the cgroup "
         "path, an overlay root or a separate pid namespace agree, and says so when our pid "
         "namespace is the initial one.",
         "Nothing to fix on the host; remove /.dockerenv from images used as machine root "
         "filesystems so that other tools stop misreporting.",
         REFS(DETECT_VIRT), NO_PEERS, host_check_dockerenv),
    RULE("HO005", "host-hypervisor-signature-conflict", VAKT_SEV_INFO,
         "The hypervisor's CPUID signature disagrees with what the kernel uses",
         "CPUID leaf 0x40000000 names the interface a hypervisor presents, not the product: "
         "microVMs and nested set-ups present one signature and offer KVM at a later leaf, and "
         "the kernel then uses kvm-clock. vakt trusts the kernel's paravirtual interface and "
         "shows the disagreement.",
         "Nothing to fix; read the VM verdict with this in mind.", REFS(DETECT_VIRT), NO_PEERS,
         host_check_vm_conflict),
    RULE("HO006", "host-cpu-steal", VAKT_SEV_LOW, "The hypervisor steals a large share of CPU time",
         "Steal time is time a virtual CPU was ready to run but the hypervisor ran something "
         "else. At 10% over a short sample (or 5% averaged since boot) the provider's host is "
         "oversubscribed: latency and throughput of every container vary with the neighbours.",
         "Move to dedicated or less oversubscribed instances (dedicated vCPUs), or ask the "
         "provider; measure again under your own load.",
         REFS(DOC_STEAL), NO_PEERS, host_check_steal),
    RULE("HO007", "host-memory-balloon", VAKT_SEV_INFO,
         "A memory balloon driver lets the provider reclaim this guest's memory",
         "With virtio_balloon, vmw_balloon, hv_balloon or the Xen balloon the hypervisor can "
         "inflate the balloon and take memory back, a common way to oversell RAM: containers "
         "sized to the VM's memory can be OOM-killed when the host is short.",
         "Size container limits with headroom, and prefer instances whose memory is not "
         "overcommitted.",
         REFS("https://docs.kernel.org/driver-api/virtio/virtio.html"), NO_PEERS,
         host_check_balloon),
    RULE("HO008", "host-modules-loadable", VAKT_SEV_INFO, "Kernel modules can be loaded",
         "Loading a module adds arbitrary code to the running kernel; a container given "
         "CAP_SYS_MODULE, or a module autoloaded for a socket family a container opens, extends "
         "the attack surface shared by all containers. Hosts with a fixed set of drivers can "
         "forbid loading after boot.",
         "After boot has loaded what the host needs:\n  sysctl -w kernel.modules_disabled=1\n"
         "(irreversible until reboot), or blacklist unused modules in /etc/modprobe.d.",
         REFS(DOC_SYSCTL_KERNEL), PEERS("lynis:KRNL-6000"), host_check_modules),
    RULE("HO010", "host-kernel-dirty-cow", VAKT_SEV_HIGH,
         "The kernel version is potentially affected by Dirty COW (CVE-2016-5195)",
         "A copy-on-write race lets any unprivileged process write to read-only mappings; from a "
         "container it overwrites files shared with the host (setuid binaries, the vDSO). The "
         "check compares the upstream version with the first fixed release of its stable stream; "
         "distributions backport fixes, hence \"potentially\".",
         "Update the kernel to the distribution's fixed package and reboot.",
         REFS(CVE("CVE-2016-5195"), CIS_HARDEN), NO_PEERS, host_check_dirty_cow),
    RULE("HO011", "host-kernel-dirty-pipe", VAKT_SEV_HIGH,
         "The kernel version is potentially affected by Dirty Pipe (CVE-2022-0847)",
         "An uninitialised pipe-buffer flag lets an unprivileged process overwrite the page cache "
         "of read-only files: image layers shared between containers, or the runc binary. "
         "Affects 5.8 until 5.16.11, 5.15.25 and 5.10.102.",
         "Update the kernel to the distribution's fixed package and reboot.",
         REFS(CVE("CVE-2022-0847"), CIS_HARDEN), NO_PEERS, host_check_dirty_pipe),
    RULE("HO012", "host-kernel-cgroup-release-agent", VAKT_SEV_HIGH,
         "The kernel version is potentially affected by the cgroup release_agent escape "
         "(CVE-2022-0492)",
         "cgroup v1's release_agent is run as root on the host; before the fix the kernel did not "
         "check the writer's capabilities in its user namespace, so a root process in a container "
         "that can mount a cgroup v1 hierarchy escapes. The escape needs cgroup v1, no AppArmor or "
         "SELinux confinement, and CAP_SYS_ADMIN or unprivileged user namespaces with seccomp "
         "off; the severity is lowered for cgroup v2 only hosts and for active LSMs.",
         "Update the kernel and reboot; move to cgroup v2 (systemd.unified_cgroup_hierarchy=1), "
         "keep AppArmor or SELinux and the runtime's default seccomp profile.",
         REFS(CVE("CVE-2022-0492"), CIS_HARDEN), NO_PEERS, host_check_cgroup_release_agent),
    RULE("HO013", "host-kernel-fsconfig-overflow", VAKT_SEV_MEDIUM,
         "The kernel version is potentially affected by CVE-2022-0185 (legacy_parse_param)",
         "A heap overflow in the filesystem-context code, reachable with CAP_SYS_ADMIN in a user "
         "namespace, was used to escape Kubernetes pods. Unprivileged user namespaces make it "
         "reachable from any container that may unshare; when they are restricted the finding is "
         "info.",
         "Update the kernel and reboot; restrict unprivileged user namespaces where rootless "
         "containers are not needed.",
         REFS(CVE("CVE-2022-0185")), NO_PEERS, host_check_fsconfig),
    RULE("HO014", "host-kernel-nftables-double-free", VAKT_SEV_MEDIUM,
         "The kernel version is potentially affected by CVE-2024-1086 (nf_tables)",
         "A double free in nft_verdict_init() gives root from CAP_NET_ADMIN in a user namespace; "
         "public exploits work on stock distribution kernels. Restricted unprivileged user "
         "namespaces lower it to info.",
         "Update the kernel and reboot; restrict unprivileged user namespaces, or blacklist "
         "nf_tables where it is not used.",
         REFS(CVE("CVE-2024-1086")), NO_PEERS, host_check_nft_uaf),
    RULE("HO015", "host-cgroup-v1-unconfined", VAKT_SEV_INFO,
         "cgroup v1 without AppArmor or SELinux: escape preconditions on a fixed kernel",
         "The kernel has the CVE-2022-0492 fix, but cgroup v1 release_agent with no mandatory "
         "access control is what that escape and its variants need; a privileged container can "
         "still use it by design.",
         "Move to cgroup v2 and enable AppArmor or SELinux.", REFS(CVE("CVE-2022-0492"), DOC_LSM),
         NO_PEERS, host_check_cgroup_v1),
    RULE("HO020", "host-unprivileged-bpf", VAKT_SEV_MEDIUM,
         "Unprivileged eBPF is allowed (kernel.unprivileged_bpf_disabled = 0)",
         "The BPF verifier has been a recurring source of privilege escalations reachable by any "
         "user, and from any container whose seccomp profile allows bpf().",
         SYSCTL_FIX("kernel.unprivileged_bpf_disabled=1"), REFS(DOC_SYSCTL_KERNEL),
         PEERS("lynis:KRNL-6000"), host_check_unpriv_bpf),
    RULE("HO021", "host-bpf-jit-not-hardened", VAKT_SEV_LOW,
         "The BPF JIT does not blind constants (net.core.bpf_jit_harden = 0)",
         "Constant blinding stops JIT spraying, where attacker-chosen constants in BPF programs "
         "become executable gadgets. 1 blinds the programs of unprivileged users, 2 those of "
         "every user.",
         SYSCTL_FIX("net.core.bpf_jit_harden=2"), REFS(DOC_BPF_SYSCTL), PEERS("lynis:KRNL-6000"),
         host_check_bpf_jit_harden),
    RULE("HO022", "host-kptr-not-restricted", VAKT_SEV_LOW,
         "Kernel addresses are shown to unprivileged users (kernel.kptr_restrict = 0)",
         "Kernel pointers in /proc (kallsyms, modules) defeat KASLR for an exploit running in a "
         "container. 1 hides them from users without CAP_SYSLOG; 2 hides them from root too and "
         "breaks symbolisation of eBPF stack traces.",
         SYSCTL_FIX("kernel.kptr_restrict=1"), REFS(DOC_SYSCTL_KERNEL), PEERS("lynis:KRNL-6000"),
         host_check_kptr_restrict),
    RULE("HO023", "host-dmesg-not-restricted", VAKT_SEV_LOW,
         "The kernel log is readable by unprivileged users (kernel.dmesg_restrict = 0)",
         "The kernel log leaks addresses and hardware details useful to an exploit.",
         SYSCTL_FIX("kernel.dmesg_restrict=1"), REFS(DOC_SYSCTL_KERNEL), PEERS("lynis:KRNL-6000"),
         host_check_dmesg_restrict),
    RULE("HO024", "host-perf-events-open", VAKT_SEV_LOW,
         "Unprivileged users may use perf events (kernel.perf_event_paranoid < 2)",
         "perf_event_open() is a large attack surface and a side channel on kernel activity.",
         SYSCTL_FIX("kernel.perf_event_paranoid=2"), REFS(DOC_SYSCTL_KERNEL),
         PEERS("lynis:KRNL-6000"), host_check_perf_paranoid),
    RULE("HO025", "host-ptrace-unrestricted", VAKT_SEV_LOW,
         "Yama lets any process trace others of the same user (kernel.yama.ptrace_scope = 0)",
         "A compromised process can read the memory and credentials of every other process of its "
         "user. Kernels without Yama have no such file and pass.",
         SYSCTL_FIX("kernel.yama.ptrace_scope=1"),
         REFS("https://docs.kernel.org/admin-guide/LSM/Yama.html"), PEERS("lynis:KRNL-6000"),
         host_check_ptrace_scope),
    RULE("HO026", "host-links-unprotected", VAKT_SEV_MEDIUM,
         "Symlink or hardlink protection is off (fs.protected_symlinks / protected_hardlinks = 0)",
         "Without them, classic races in world-writable sticky directories (/tmp) let a user "
         "redirect a privileged process's file operations.",
         SYSCTL_FIX("fs.protected_symlinks=1") "\n  (and fs.protected_hardlinks=1)",
         REFS(DOC_SYSCTL_FS), PEERS("lynis:KRNL-6000"), host_check_protected_links),
    RULE("HO027", "host-fifos-regular-unprotected", VAKT_SEV_LOW,
         "O_CREAT protection in sticky directories is off (fs.protected_fifos / protected_regular "
         "= 0)",
         "A privileged process opening a FIFO or file another user pre-created in /tmp can be fed "
         "or made to write attacker data.",
         SYSCTL_FIX("fs.protected_fifos=1") "\n  (and fs.protected_regular=1; 2 is stricter)",
         REFS(DOC_SYSCTL_FS), PEERS("lynis:KRNL-6000"), host_check_protected_files),
    RULE("HO028", "host-suid-dumpable", VAKT_SEV_MEDIUM,
         "setuid programs dump core readable by their user (fs.suid_dumpable = 1)",
         "Mode 1 (debug) writes core dumps of setuid processes owned by the calling user, leaking "
         "their secrets. 2 (root-only dumps) and 0 are safe.",
         SYSCTL_FIX("fs.suid_dumpable=0"), REFS(DOC_SYSCTL_FS), PEERS("lynis:KRNL-6000"),
         host_check_suid_dumpable),
    RULE("HO029", "host-core-pattern-pipe", VAKT_SEV_INFO,
         "Core dumps are piped to a program (kernel.core_pattern |...)",
         "A piped handler (systemd-coredump, apport) runs as root in the initial namespaces; a "
         "container that can write /proc/sys/kernel/core_pattern (privileged, or /proc/sys "
         "mounted writable) sets its own program and escapes. The pipe itself is usual; keep "
         "/proc/sys read-only in containers.",
         "Keep the handler a trusted binary, never give containers write access to /proc/sys.",
         REFS(DOC_SYSCTL_KERNEL, "core(5): https://man7.org/linux/man-pages/man5/core.5.html"),
         NO_PEERS, host_check_core_pipe),
    RULE("HO030", "host-aslr-weak", VAKT_SEV_MEDIUM,
         "Address space layout randomisation is not full (kernel.randomize_va_space < 2)",
         "Without full ASLR (heap included) memory-corruption exploits in containers need no "
         "address leak.",
         SYSCTL_FIX("kernel.randomize_va_space=2"), REFS(DOC_SYSCTL_KERNEL),
         PEERS("lynis:KRNL-6000"), host_check_aslr),
    RULE("HO031", "host-mmap-min-addr-low", VAKT_SEV_MEDIUM,
         "Low memory can be mapped (vm.mmap_min_addr < 4096)",
         "Mapping page zero turns kernel NULL-pointer dereferences into code execution.",
         SYSCTL_FIX("vm.mmap_min_addr=65536"), REFS(DOC_SYSCTL_VM), NO_PEERS,
         host_check_mmap_min_addr),
    RULE("HO032", "host-ldisc-autoload", VAKT_SEV_LOW,
         "Unprivileged users can autoload TTY line disciplines (dev.tty.ldisc_autoload = 1)",
         "Opening a line discipline loads its module for anyone, a path of several historic "
         "escalations (e.g. CVE-2017-2636 n_hdlc).",
         SYSCTL_FIX("dev.tty.ldisc_autoload=0"),
         REFS("https://docs.kernel.org/admin-guide/sysctl/kernel.html", CVE("CVE-2017-2636")),
         PEERS("lynis:KRNL-6000"), host_check_ldisc_autoload),
    RULE("HO033", "host-unprivileged-userfaultfd", VAKT_SEV_LOW,
         "Unprivileged userfaultfd is allowed (vm.unprivileged_userfaultfd = 1)",
         "userfaultfd lets a process stall kernel copies at will, which makes kernel races "
         "reliably exploitable.",
         SYSCTL_FIX("vm.unprivileged_userfaultfd=0"), REFS(DOC_SYSCTL_VM), NO_PEERS,
         host_check_userfaultfd),
    RULE("HO034", "host-route-localnet", VAKT_SEV_MEDIUM,
         "Loopback addresses are routed from other interfaces (route_localnet = 1)",
         "With net.ipv4.conf.all.route_localnet=1 packets to 127.0.0.1 from the network are "
         "accepted, exposing services bound to localhost to neighbours (CVE-2020-8558, once set "
         "by kube-proxy). net.* sysctls belong to a network namespace: inside a container this is "
         "the container's.",
         SYSCTL_FIX("net.ipv4.conf.all.route_localnet=0"),
         REFS(DOC_SYSCTL_NET, CVE("CVE-2020-8558")), NO_PEERS, host_check_route_localnet),
    RULE("HO035", "host-unprivileged-userns", VAKT_SEV_INFO,
         "Unprivileged user namespaces are allowed (a trade-off)",
         "Rootless Docker and Podman, bubblewrap and browsers' sandboxes need them; they also give "
         "any process CAP_SYS_ADMIN and CAP_NET_ADMIN inside a namespace of its own, the entry "
         "point of CVE-2022-0185, CVE-2024-1086 and others.",
         "Where no rootless container or sandbox needs them: user.max_user_namespaces=0, "
         "kernel.unprivileged_userns_clone=0 (Debian) or "
         "kernel.apparmor_restrict_unprivileged_userns=1 (Ubuntu).",
         REFS(DOC_USERNS, CVE("CVE-2022-0185"), CVE("CVE-2024-1086")), NO_PEERS, host_check_userns),
    RULE("HO036", "host-io-uring-enabled", VAKT_SEV_INFO,
         "io_uring is available to all processes (kernel.io_uring_disabled = 0)",
         "io_uring has been a large source of kernel escalations; Docker's default seccomp "
         "profile blocks it in containers, the host's own processes keep it.",
         SYSCTL_FIX("kernel.io_uring_disabled=2"), REFS(DOC_SYSCTL_KERNEL), NO_PEERS,
         host_check_io_uring),
    RULE("HO037", "host-kexec-allowed", VAKT_SEV_INFO,
         "The running kernel can be replaced with kexec (kernel.kexec_load_disabled = 0)",
         "kexec_load lets root boot another kernel without firmware checks; disabling it after "
         "boot keeps a root compromise from swapping the kernel.",
         SYSCTL_FIX("kernel.kexec_load_disabled=1"), REFS(DOC_SYSCTL_KERNEL), NO_PEERS,
         host_check_kexec),
    RULE("HO038", "host-no-mac", VAKT_SEV_LOW, "Neither AppArmor nor SELinux is active",
         "Docker, containerd and podman confine containers with an AppArmor profile or SELinux "
         "labels when the host has one; without either, a container process that breaks out of "
         "its namespaces meets no mandatory access control, and CVE-2022-0492-style escapes lose "
         "a barrier.",
         "Enable AppArmor (Debian, Ubuntu, SUSE) or SELinux (Fedora, RHEL) on the kernel command "
         "line (lsm=...,apparmor or security=selinux) and install the policy.",
         REFS(DOC_LSM, DOC_DOCKER_AA, CIS_HARDEN), PEERS("lynis:MACF-6290"), host_check_no_mac),
    RULE("HO039", "host-selinux-permissive", VAKT_SEV_LOW, "SELinux is in permissive mode",
         "Permissive SELinux logs denials but enforces none: container labels confine nothing.",
         "setenforce 1, and SELINUX=enforcing in /etc/selinux/config.",
         REFS("https://docs.docker.com/engine/security/#other-kernel-security-features", DOC_LSM),
         PEERS("lynis:MACF-6234"), host_check_selinux_permissive),
    {.id = NULL},
};
