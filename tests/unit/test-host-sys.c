/* SPDX-License-Identifier: MIT */
/*
 * The system probes on fake roots (tests/host/roots/, described in its
 * README): one machine per branch of the virtualisation verdict, kernels
 * before and after the escape fixes, and the rules HO001-HO039 on each,
 * with the evidence (file and line) each finding names.
 */
#include <errno.h>
#include <sys/stat.h>
#include <unistd.h>

#include "host-sys-test.h"

/* The finding of id, which must exist, at severity sev and evidence file:line. */
static const struct vakt_finding *expect(const struct hs_run *x, const char *id,
                                         enum vakt_severity sev, const char *file, int line)
{
	const struct vakt_finding *f = hs_finding(x, id);

	if (!f)
		fail_msg("no finding of %s", id);
	assert_string_equal(vakt_severity_name(f->severity), vakt_severity_name(sev));
	assert_string_equal(f->loc.file, file);
	assert_int_equal(f->loc.line, line);
	return f;
}

static void none_of(const struct hs_run *x, const char *const *ids)
{
	for (; *ids; ids++)
		if (hs_finding(x, *ids))
			fail_msg("unexpected finding of %s: %s", *ids,
			         hs_finding(x, *ids)->message);
}

#define NONE_OF(x, ...) none_of(x, (const char *const[]){__VA_ARGS__, NULL})

static void test_kvm_debian(void **state)
{
	struct hs_run x;
	const struct host_sys *s;

	(void)state;
	hs_run(&x, "kvm-debian");
	s = &x.f.sys;
	assert_string_equal(s->virt.vm, "kvm");
	assert_int_equal(s->virt.vm_class, HOST_VM_HARDWARE);
	assert_string_equal(s->virt.vm_ev.source, ".vakt-probe/cpuid");
	assert_int_equal(s->virt.vm_ev.line, 3);
	assert_null(s->virt.vm_conflict);
	assert_string_equal(s->virt.container, "none");
	assert_int_equal(s->virt.ctr_class, HOST_CTR_NONE);
	assert_int_equal(s->virt.init_pidns, 1);
	assert_string_equal(s->virt.clocksource, "kvm-clock");
	/* Debian's ABI name, the upstream patch level from uname -v (not gcc's "Debian 12.2.0"). */
	assert_string_equal(s->kernel.osrelease, "6.1.0-26-amd64");
	assert_string_equal(s->kernel.upstream, "6.1.112");
	assert_int_equal(s->kernel.from, HOST_KVER_UPSTREAM);
	assert_string_equal(s->kernel.source, "/proc/version");
	assert_int_equal(s->kernel.cgroup, HOST_CGROUP_V2);
	assert_int_equal(s->kernel.lsm.apparmor, 1);
	assert_int_equal(s->kernel.lsm.selinux, 0);
	assert_int_equal(s->kernel.userns, 1);
	/* 1 tick of steal in 151: 0.66%, under the threshold. */
	assert_true(s->res.steal_pct > 0.6 && s->res.steal_pct < 0.7);
	assert_string_equal(s->res.balloon, "virtio_balloon");
	assert_int_equal(s->res.modules, HOST_MODULES_LOADABLE);
	expect(&x, "HO007", VAKT_SEV_INFO, "/proc/modules", 1);
	expect(&x, "HO008", VAKT_SEV_INFO, "/proc/sys/kernel/modules_disabled", 1);
	expect(&x, "HO021", VAKT_SEV_LOW, "/proc/sys/net/core/bpf_jit_harden", 1);
	expect(&x, "HO022", VAKT_SEV_LOW, "/proc/sys/kernel/kptr_restrict", 1);
	expect(&x, "HO035", VAKT_SEV_INFO, "/proc/sys/user/max_user_namespaces", 1);
	/* A fixed 6.1.112, AppArmor, cgroup v2, ip_forward=1 (right on a container host). */
	NONE_OF(&x, "HO001", "HO002", "HO004", "HO005", "HO006", "HO010", "HO011", "HO012", "HO013",
	        "HO014", "HO015", "HO020", "HO023", "HO026", "HO027", "HO028", "HO029", "HO030",
	        "HO031", "HO034", "HO038", "HO039");
	for (size_t i = 0; i < x.out.n; i++)
		assert_null(strstr(x.out.v[i].message, "ip_forward"));
	assert_non_null(hs_obs(&x, "sysctl", "net.ipv4.ip_forward = 1"));
	assert_int_equal(x.warn.n, 0);
	hs_run_release(&x);
}

static void test_baremetal_ubuntu(void **state)
{
	struct hs_run x;
	const struct host_sys *s;
	const struct vakt_finding *f;

	(void)state;
	hs_run(&x, "baremetal-ubuntu");
	s = &x.f.sys;
	assert_string_equal(s->virt.vm, "none");
	assert_int_equal(s->virt.vm_class, HOST_VM_NONE);
	assert_string_equal(s->virt.container, "none");
	assert_string_equal(s->kernel.upstream, "5.15.131");
	assert_string_equal(s->kernel.source, "/proc/version_signature");
	assert_int_equal(s->kernel.cgroup, HOST_CGROUP_V2);
	assert_string_equal(s->kernel.cgroup_source, ".vakt-probe/cgroup-fs");
	/* stat-before alone: the average since boot, no sample. */
	assert_true(s->res.steal_pct < 0);
	assert_true(s->res.steal_boot_pct >= 0 && s->res.steal_boot_pct < 0.01);
	f = expect(&x, "HO014", VAKT_SEV_MEDIUM, "/proc/version_signature", 1);
	assert_non_null(strstr(f->message, "fixed in 5.15.149 on this stream"));
	assert_non_null(strstr(f->message, "potentially affected"));
	assert_non_null(strstr(f->message, "unprivileged user namespaces are allowed"));
	f = expect(&x, "HO029", VAKT_SEV_INFO, "/proc/sys/kernel/core_pattern", 1);
	assert_non_null(strstr(f->message, "/usr/share/apport/apport"));
	/* suid_dumpable 2 is safe; 5.15.131 has the Dirty Pipe, 0492 and 0185 fixes. */
	NONE_OF(&x, "HO001", "HO002", "HO006", "HO007", "HO010", "HO011", "HO012", "HO013", "HO015",
	        "HO024", "HO028", "HO038");
	hs_run_release(&x);
}

static void test_lxc_guest(void **state)
{
	struct hs_run x;

	(void)state;
	hs_run(&x, "lxc-proxmox");
	assert_string_equal(x.f.sys.virt.container, "lxc");
	assert_int_equal(x.f.sys.virt.ctr_class, HOST_CTR_SYSTEM);
	assert_int_equal(x.f.sys.virt.ctr_conf, HOST_CONF_STRONG);
	/* the first manager source in systemd's order decides */
	assert_string_equal(x.f.sys.virt.ctr_ev.source, "/run/systemd/container");
	assert_string_equal(x.f.sys.virt.vm, "none");
	assert_string_equal(x.f.sys.kernel.upstream, "6.8.12");
	expect(&x, "HO001", VAKT_SEV_HIGH, "/run/systemd/container", 1);
	NONE_OF(&x, "HO002", "HO004", "HO010", "HO011", "HO012", "HO013", "HO014");
	hs_run_release(&x);
}

static void test_openvz(void **state)
{
	struct hs_run x;
	const struct vakt_finding *f;

	(void)state;
	hs_run(&x, "openvz7");
	assert_string_equal(x.f.sys.virt.container, "openvz");
	assert_int_equal(x.f.sys.virt.ctr_class, HOST_CTR_SYSTEM);
	/* a RHEL-based ABI name: the version says little, so the CVE findings are info */
	assert_int_equal(x.f.sys.kernel.from, HOST_KVER_ABI);
	assert_string_equal(x.f.sys.kernel.upstream, "3.10.0");
	assert_int_equal(x.f.sys.kernel.userns, 0);
	expect(&x, "HO001", VAKT_SEV_HIGH, "/proc/vz", 0);
	f = expect(&x, "HO010", VAKT_SEV_INFO, "/proc/sys/kernel/osrelease", 1);
	assert_non_null(strstr(f->message, "ABI name"));
	expect(&x, "HO012", VAKT_SEV_INFO, "/proc/sys/kernel/osrelease", 1);
	f = expect(&x, "HO006", VAKT_SEV_LOW, ".vakt-probe/stat-before", 1);
	assert_non_null(strstr(f->message, "since boot"));
	assert_int_equal(x.f.sys.res.modules, HOST_MODULES_NONE);
	NONE_OF(&x, "HO008", "HO011", "HO035");
	hs_run_release(&x);
}

static void test_docker_container(void **state)
{
	struct hs_run x;
	const struct vakt_finding *f;

	(void)state;
	hs_run(&x, "docker-container");
	assert_string_equal(x.f.sys.virt.container, "docker");
	assert_int_equal(x.f.sys.virt.ctr_class, HOST_CTR_APP);
	assert_int_equal(x.f.sys.virt.ctr_conf, HOST_CONF_STRONG);
	assert_int_equal(x.f.sys.virt.init_pidns, 0);
	assert_string_equal(x.f.sys.virt.vm, "kvm");
	f = expect(&x, "HO002", VAKT_SEV_INFO, "/.dockerenv", 0);
	assert_non_null(strstr(f->message, "overlay"));
	assert_non_null(strstr(f->message, "net.* sysctls"));
	f = expect(&x, "HO034", VAKT_SEV_MEDIUM, "/proc/sys/net/ipv4/conf/all/route_localnet", 1);
	assert_non_null(strstr(f->message, "container's network namespace"));
	NONE_OF(&x, "HO001", "HO004");
	hs_run_release(&x);
}

/* docker run --pid=host: the initial pid namespace does not refute a corroborated /.dockerenv. */
static void test_docker_pid_host(void **state)
{
	struct hs_run x;
	const struct vakt_finding *f;

	(void)state;
	hs_run(&x, "docker-pidhost");
	assert_string_equal(x.f.sys.virt.container, "docker");
	assert_int_equal(x.f.sys.virt.init_pidns, 1);
	assert_false(x.f.sys.virt.dockerenv_contradicted);
	/* no selinuxfs inside a container says nothing about the host's SELinux */
	assert_int_equal(x.f.sys.kernel.lsm.apparmor, 0);
	assert_int_equal(x.f.sys.kernel.lsm.selinux, -1);
	f = expect(&x, "HO002", VAKT_SEV_INFO, "/.dockerenv", 0);
	assert_non_null(strstr(f->message, "sharing the host's pid namespace"));
	NONE_OF(&x, "HO004", "HO038");
	hs_run_release(&x);
}

/*
 * Run a copy of root (in a scratch directory) with rels made unreadable:
 * mode 000, and as root seteuid to nobody around the run, since root reads
 * anything. The fixtures themselves are never touched.
 */
static void run_unreadable(struct hs_run *x, const char *root, const char *const *rels)
{
	char dir[] = "/tmp/vakt-host-sys-XXXXXX", cmd[512], path[512];
	bool was_root = geteuid() == 0;

	assert_non_null(mkdtemp(dir));
	assert_int_equal(chmod(dir, 0755), 0);
	snprintf(cmd, sizeof(cmd), "cp -R 'tests/host/roots/%s/.' '%s/'", root, dir);
	assert_int_equal(system(cmd), 0);
	for (const char *const *r = rels; *r; r++) {
		snprintf(path, sizeof(path), "%s/%s", dir, *r);
		assert_int_equal(chmod(path, 0), 0);
	}
	if (was_root)
		assert_int_equal(seteuid(65534), 0);
	hs_run(x, dir);
	if (was_root)
		assert_int_equal(seteuid(0), 0);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

/*
 * This project's machine: systemd-detect-virt says "docker" and "bhyve";
 * vakt says container=none (initial pid namespace, /.dockerenv a
 * leftover) and vm=kvm (kvm-clock) with the bhyve signature as a
 * conflict. /proc/1/environ is unreadable, which changes no verdict.
 */
static void test_microvm_dockerenv(void **state)
{
	struct hs_run x;
	const struct host_sys *s;
	const struct host_observation *o;
	const struct vakt_finding *f;

	(void)state;
	run_unreadable(
	    &x, "microvm-dockerenv",
	    (const char *const[]){"proc/1/environ", "proc/sys/kernel/kptr_restrict", NULL});
	s = &x.f.sys;
	assert_string_equal(s->virt.container, "none");
	assert_int_equal(s->virt.ctr_class, HOST_CTR_NONE);
	assert_true(s->virt.dockerenv);
	assert_true(s->virt.dockerenv_contradicted);
	assert_string_equal(s->virt.vm, "kvm");
	assert_non_null(strstr(s->virt.vm_conflict, "bhyve bhyve "));
	assert_true(s->virt.kvm_clock);
	o = hs_obs(&x, "virt.container", "unreadable");
	assert_non_null(o);
	assert_true(o->unreadable);
	assert_string_equal(o->source, "/proc/1/environ");
	assert_true(x.warn.n >= 2);
	/* unreadable is neither a pass nor a fail */
	assert_true(s->sysctl[HOST_SC_KPTR_RESTRICT].state < 0);
	assert_null(hs_finding(&x, "HO022"));
	f = expect(&x, "HO004", VAKT_SEV_INFO, "/.dockerenv", 0);
	assert_non_null(strstr(f->message, "initial"));
	f = expect(&x, "HO005", VAKT_SEV_INFO,
	           "/sys/devices/system/clocksource/clocksource0/available_clocksource", 1);
	assert_non_null(strstr(f->message, "bhyve"));
	expect(&x, "HO015", VAKT_SEV_INFO, "/proc/self/mountinfo", 5);
	expect(&x, "HO038", VAKT_SEV_LOW, "/sys/module", 0);
	expect(&x, "HO026", VAKT_SEV_MEDIUM, "/proc/sys/fs/protected_symlinks", 1);
	assert_int_equal(hs_count(&x, "HO027"), 2);
	assert_int_equal(s->kernel.cgroup, HOST_CGROUP_HYBRID);
	assert_int_equal(s->res.modules, HOST_MODULES_NONE);
	/* absent Yama, kexec and modules_disabled are passes */
	NONE_OF(&x, "HO001", "HO002", "HO008", "HO010", "HO011", "HO012", "HO025", "HO037",
	        "HO031");
	hs_run_release(&x);
}

static void test_dockerenv_alone(void **state)
{
	struct hs_run x;
	const struct vakt_finding *f;

	(void)state;
	hs_run(&x, "dockerenv-alone");
	assert_string_equal(x.f.sys.virt.container, "unknown");
	assert_int_equal(x.f.sys.virt.ctr_class, HOST_CTR_UNKNOWN);
	assert_int_equal(x.f.sys.virt.ctr_conf, HOST_CONF_WEAK);
	assert_false(x.f.sys.virt.dockerenv_contradicted);
	f = expect(&x, "HO004", VAKT_SEV_INFO, "/.dockerenv", 0);
	assert_non_null(strstr(f->message, "container=unknown"));
	/* no VM evidence readable at all */
	assert_string_equal(x.f.sys.virt.vm, "unknown");
	NONE_OF(&x, "HO001", "HO002");
	hs_run_release(&x);
}

static void test_old_kernel_v1_no_lsm(void **state)
{
	struct hs_run x;
	const struct vakt_finding *f;

	(void)state;
	hs_run(&x, "old-debian-v1");
	assert_string_equal(x.f.sys.kernel.upstream, "5.10.70");
	assert_string_equal(x.f.sys.virt.vm, "xen");
	assert_string_equal(x.f.sys.virt.vm_ev.source, "/sys/class/dmi/id/sys_vendor");
	assert_int_equal(x.f.sys.kernel.cgroup, HOST_CGROUP_V1);
	expect(&x, "HO011", VAKT_SEV_HIGH, "/proc/version", 1);
	f = expect(&x, "HO012", VAKT_SEV_HIGH, "/proc/version", 1);
	assert_non_null(strstr(f->message, "fixed in 5.10.97"));
	assert_non_null(strstr(f->message, "no AppArmor or SELinux"));
	expect(&x, "HO013", VAKT_SEV_MEDIUM, "/proc/version", 1);
	expect(&x, "HO014", VAKT_SEV_MEDIUM, "/proc/version", 1);
	expect(&x, "HO020", VAKT_SEV_MEDIUM, "/proc/sys/kernel/unprivileged_bpf_disabled", 1);
	expect(&x, "HO028", VAKT_SEV_MEDIUM, "/proc/sys/fs/suid_dumpable", 1);
	expect(&x, "HO038", VAKT_SEV_LOW, "/sys/kernel/security/lsm", 1);
	f = expect(&x, "HO006", VAKT_SEV_LOW, ".vakt-probe/stat-before", 1);
	assert_non_null(strstr(f->message, "20.0%"));
	expect(&x, "HO007", VAKT_SEV_INFO, "/proc/modules", 1);
	/* HO015 is for fixed kernels; Dirty COW is older than 5.10; io_uring compiled out */
	NONE_OF(&x, "HO010", "HO015", "HO036");
	hs_run_release(&x);
}

static void test_rhel_abi_selinux(void **state)
{
	struct hs_run x;

	(void)state;
	hs_run(&x, "rhel8-vmware");
	assert_string_equal(x.f.sys.virt.vm, "vmware");
	assert_int_equal(x.f.sys.kernel.from, HOST_KVER_ABI);
	assert_int_equal(x.f.sys.kernel.cgroup, HOST_CGROUP_V1);
	assert_int_equal(x.f.sys.kernel.lsm.selinux, 1);
	assert_int_equal(x.f.sys.kernel.lsm.selinux_enforcing, 0);
	assert_int_equal(x.f.sys.kernel.userns, 0);
	assert_string_equal(x.f.sys.res.balloon, "vmw_balloon");
	/* 4.18 stream has no stable fix listed: potentially affected, but info on an ABI name */
	expect(&x, "HO012", VAKT_SEV_INFO, "/proc/sys/kernel/osrelease", 1);
	expect(&x, "HO039", VAKT_SEV_LOW, "/sys/fs/selinux/enforce", 1);
	expect(&x, "HO025", VAKT_SEV_LOW, "/proc/sys/kernel/yama/ptrace_scope", 1);
	expect(&x, "HO029", VAKT_SEV_INFO, "/proc/sys/kernel/core_pattern", 1);
	NONE_OF(&x, "HO010", "HO011", "HO015", "HO021", "HO035", "HO038");
	hs_run_release(&x);
}

static void test_wsl(void **state)
{
	struct hs_run x;

	(void)state;
	hs_run(&x, "wsl2");
	assert_string_equal(x.f.sys.virt.container, "wsl");
	assert_string_equal(x.f.sys.virt.vm, "microsoft");
	expect(&x, "HO003", VAKT_SEV_INFO, "/proc/sys/kernel/osrelease", 1);
	NONE_OF(&x, "HO001", "HO002");
	hs_run_release(&x);
}

static void test_empty_root(void **state)
{
	struct hs_run x;

	(void)state;
	hs_run(&x, "empty");
	assert_string_equal(x.f.sys.virt.vm, "unknown");
	assert_string_equal(x.f.sys.virt.container, "none");
	assert_int_equal(x.f.sys.virt.ctr_conf, HOST_CONF_NONE);
	assert_int_equal(x.f.sys.kernel.userns, -1);
	assert_int_equal(x.f.sys.kernel.lsm.apparmor, -1);
	assert_int_equal(x.f.sys.sysctl[HOST_SC_KPTR_RESTRICT].state, -ENOENT);
	assert_non_null(hs_obs(&x, "sysctl", "procfs is not mounted"));
	assert_int_equal(x.out.n, 0);
	hs_run_release(&x);
}

/* Write text (len bytes) to dir/rel, creating the directories. */
static void put(const char *dir, const char *rel, const char *text, size_t len)
{
	char path[512];
	FILE *f;

	for (const char *p = strchr(rel, '/'); p; p = strchr(p + 1, '/')) {
		snprintf(path, sizeof(path), "%s/%.*s", dir, (int)(p - rel), rel);
		mkdir(path, 0755);
	}
	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, len, f), len);
	fclose(f);
}

/* A file past its ceiling is unreadable (-EFBIG), reported, and decides nothing. */
static void test_ceiling(void **state)
{
	char dir[] = "/tmp/vakt-host-sys-XXXXXX", cmd[128];
	size_t big = 1024 * 1024 + 1;
	char *env = malloc(big);
	struct host_root root;
	struct host_sys s = {0};
	struct host_observations obs = {0};
	struct vakt_error_list warn = {0};
	struct vakt_error *err = NULL;
	const char *const trimmed = "lxc   \n";

	(void)state;
	assert_non_null(mkdtemp(dir));
	memset(env, 'A', big);
	memcpy(env, "container=lxc", 14);
	put(dir, "proc/1/environ", env, big);
	put(dir, "proc/sys/kernel/osrelease", "6.6.0\n", 6);
	put(dir, "proc/sys/kernel/kptr_restrict", "1", 1);
	assert_int_equal(host_root_open(dir, &root, &err), 0);
	host_sys_collect(&root, &s, &obs, &warn);
	assert_string_equal(s.virt.container, "none");
	assert_int_equal(warn.n, 1);
	assert_non_null(strstr(warn.v[0]->msg, "/proc/1/environ"));
	assert_true(obs.n > 0);
	for (size_t i = 0; i < obs.n; i++)
		if (!strcmp(obs.v[i].source, "/proc/1/environ")) {
			assert_true(obs.v[i].unreadable);
			assert_non_null(strstr(obs.v[i].verdict, "too large"));
		}
	host_sys_release(&s);
	host_observations_release(&obs);
	vakt_error_list_release(&warn);
	/* a one-line value keeps at most HS_MAX_VALUE bytes and loses trailing blanks */
	put(dir, "run/host/container-manager", trimmed, strlen(trimmed));
	memset(&s, 0, sizeof(s));
	host_sys_collect(&root, &s, &obs, &warn);
	assert_string_equal(s.virt.container, "lxc");
	assert_string_equal(s.virt.ctr_ev.source, "/run/host/container-manager");
	/* a sysctl without a newline */
	assert_int_equal(s.sysctl[HOST_SC_KPTR_RESTRICT].num, 1);
	host_sys_release(&s);
	host_observations_release(&obs);
	vakt_error_list_release(&warn);
	host_root_release(&root);
	free(env);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

static void test_kver_cmp(void **state)
{
	(void)state;
	assert_true(host_kver_cmp("5.17-rc3", "5.17") < 0);
	assert_true(host_kver_cmp("5.17-rc3", "5.17-rc6") < 0);
	assert_true(host_kver_cmp("5.17-rc.6", "5.17-rc6") == 0);
	assert_true(host_kver_cmp("5.16.11", "5.17-rc6") < 0);
	assert_true(host_kver_cmp("6.1.112", "6.1.76") > 0);
	assert_true(host_kver_cmp("4.9", "4.8.3") > 0);
	assert_true(host_kver_cmp("4.9", "4.9.0") == 0);
	assert_true(host_kver_cmp("5.15.0-91-generic", "5.15") == 0);
	assert_true(host_kver_cmp("abc", "1") < 0);
	assert_true(host_kver_cmp("1", "") > 0);
	assert_true(host_kver_cmp("", "") == 0);
	assert_true(host_kver_cmp("99999999999999999999.1", "1") > 0);
}

static void test_kver_abi(void **state)
{
	static const char *const abi[] = {
	    "6.1.0-26-amd64",
	    "5.15.0-91-generic",
	    "5.4.0-1103-aws",
	    "6.1.0-0.deb11.13-amd64",
	    "4.18.0-513.5.1.el8_9.x86_64",
	    "5.14.0-362.8.1.el9_3.x86_64",
	    "3.10.0-1160.80.1.vz7.191.4",
	    "2.6.32-042stab145.3",
	    "5.14.21-150500.55.39-default",
	    "4.12.14-122.37-default",
	    NULL,
	};
	static const char *const upstream[] = {
	    "6.18.44-fc-v769",
	    "6.6.1-arch1-1",
	    "6.5.6-300.fc39.x86_64",
	    "5.10.205-195.807.amzn2.x86_64",
	    "6.8.12-4-pve",
	    "4.4.10",
	    "6.1.0",
	    "6.6.0-rc1",
	    "5.15.153.1-microsoft-standard-WSL2",
	    NULL,
	};

	(void)state;
	for (const char *const *p = abi; *p; p++)
		if (!host_kver_is_abi(*p))
			fail_msg("'%s' should be an ABI name", *p);
	for (const char *const *p = upstream; *p; p++)
		if (host_kver_is_abi(*p))
			fail_msg("'%s' should be an upstream version", *p);
}

static void test_kcve_affects(void **state)
{
	const char *fix;

	(void)state;
	assert_int_equal(host_kcve_affects(&host_kcve_dirty_pipe, "5.10.101", &fix), 1);
	assert_string_equal(fix, "5.10.102");
	assert_int_equal(host_kcve_affects(&host_kcve_dirty_pipe, "5.10.102", &fix), 0);
	/* an end-of-life stream that never got the fix */
	assert_int_equal(host_kcve_affects(&host_kcve_dirty_pipe, "5.11.22", &fix), 1);
	assert_string_equal(fix, "5.17-rc6");
	assert_int_equal(host_kcve_affects(&host_kcve_dirty_pipe, "5.7.19", &fix), 0);
	assert_int_equal(host_kcve_affects(&host_kcve_dirty_pipe, "5.17-rc5", &fix), 1);
	assert_int_equal(host_kcve_affects(&host_kcve_dirty_pipe, "5.17-rc6", &fix), 0);
	assert_int_equal(host_kcve_affects(&host_kcve_dirty_cow, "4.4.25", &fix), 1);
	assert_string_equal(fix, "4.4.26");
	assert_int_equal(host_kcve_affects(&host_kcve_dirty_cow, "3.10.0", &fix), 1);
	assert_string_equal(fix, "4.9");
	assert_int_equal(host_kcve_affects(&host_kcve_dirty_cow, "2.6.21", &fix), 0);
	assert_int_equal(host_kcve_affects(&host_kcve_cgroup_ra, "4.19.228", &fix), 1);
	assert_int_equal(host_kcve_affects(&host_kcve_nft, "6.7.2", &fix), 1);
	assert_int_equal(host_kcve_affects(&host_kcve_nft, "6.8", &fix), 0);
	assert_int_equal(host_kcve_affects(&host_kcve_fsconfig, "5.0.21", &fix), 0);
	assert_int_equal(host_kcve_affects(&host_kcve_fsconfig, "garbage", &fix), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_kvm_debian),       cmocka_unit_test(test_baremetal_ubuntu),
	    cmocka_unit_test(test_lxc_guest),        cmocka_unit_test(test_openvz),
	    cmocka_unit_test(test_docker_container), cmocka_unit_test(test_microvm_dockerenv),
	    cmocka_unit_test(test_dockerenv_alone),  cmocka_unit_test(test_old_kernel_v1_no_lsm),
	    cmocka_unit_test(test_rhel_abi_selinux), cmocka_unit_test(test_wsl),
	    cmocka_unit_test(test_empty_root),       cmocka_unit_test(test_ceiling),
	    cmocka_unit_test(test_docker_pid_host),  cmocka_unit_test(test_kver_cmp),
	    cmocka_unit_test(test_kver_abi),         cmocka_unit_test(test_kcve_affects),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
