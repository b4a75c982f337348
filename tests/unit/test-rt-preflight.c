/* SPDX-License-Identifier: MIT */
/*
 * `vakt watch --check`: each requirement against made-up /sys and /proc
 * trees (kernel versions, BTF, capabilities, lockdown, cgroup layouts), then
 * once against this machine.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "runtime/rt-preflight.h"
#include "runtime/rt-probe.h"

static char root[64];

static void put(const char *rel, const char *text)
{
	char path[256], *slash;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	for (slash = strchr(path + strlen(root) + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		mkdir(path, 0755);
		*slash = '/';
	}
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void drop(const char *rel)
{
	char path[256];

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	unlink(path);
}

static const struct rt_check *check(const struct rt_preflight *pf, const char *name)
{
	for (size_t i = 0; i < pf->n; i++)
		if (!strcmp(pf->checks[i].name, name))
			return &pf->checks[i];
	fail_msg("no check '%s'", name);
	return NULL;
}

#define CAP(n) (1ull << (n))
#define ALL_CAPS                                                                                   \
	(CAP(RT_CAP_BPF) | CAP(RT_CAP_PERFMON) | CAP(19) /* SYS_PTRACE */ |                        \
	 CAP(2) /* DAC_READ_SEARCH */)

static void run(struct rt_preflight *pf, const char *release, unsigned long long eff)
{
	char sys[128], proc[128];
	struct rt_preflight_opts o = {.release = release, .no_bpf = true, .caps_known = true};

	snprintf(sys, sizeof(sys), "%s/sys", root);
	snprintf(proc, sizeof(proc), "%s/proc", root);
	o.sys_root = sys;
	o.proc_root = proc;
	o.eff = eff;
	rt_preflight_run(&o, pf);
}

static int setup(void **state)
{
	snprintf(root, sizeof(root), "/tmp/vakt-preflight-XXXXXX");
	assert_non_null(mkdtemp(root));
	put("sys/kernel/btf/vmlinux", "BTF");
	put("proc/sys/kernel/unprivileged_bpf_disabled", "2\n");
	put("proc/mounts", "cgroup2 /sys/fs/cgroup cgroup2 rw,nosuid 0 0\n");
	return 0;
}

static int teardown(void **state)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	return system(cmd) == 0 ? 0 : -1;
}

static void test_kernel_version(void **state)
{
	struct rt_preflight pf;
	int maj, min;

	assert_true(rt_kernel_version("5.15.0-91-generic", &maj, &min));
	assert_int_equal(maj, 5);
	assert_int_equal(min, 15);
	assert_false(rt_kernel_version("linux", &maj, &min));
	assert_false(rt_kernel_version(NULL, &maj, &min));
	run(&pf, "6.18.44-fc", ALL_CAPS);
	assert_int_equal(check(&pf, "kernel")->status, RT_CHECK_OK);
	assert_null(check(&pf, "kernel")->hint);
	run(&pf, "5.8.0", ALL_CAPS);
	assert_int_equal(check(&pf, "kernel")->status, RT_CHECK_OK);
	run(&pf, "5.7.19", ALL_CAPS);
	assert_int_equal(check(&pf, "kernel")->status, RT_CHECK_MISSING);
	assert_non_null(strstr(check(&pf, "kernel")->detail, "older than 5.8"));
	assert_non_null(strstr(check(&pf, "kernel")->hint, "5.8"));
	assert_false(pf.ready);
	run(&pf, "4.19.0", ALL_CAPS);
	assert_int_equal(check(&pf, "kernel")->status, RT_CHECK_MISSING);
	run(&pf, "garbage", ALL_CAPS);
	assert_int_equal(check(&pf, "kernel")->status, RT_CHECK_MISSING);
	assert_non_null(strstr(check(&pf, "kernel")->detail, "garbage"));
}

static void test_btf(void **state)
{
	struct rt_preflight pf;

	run(&pf, "6.1.0", ALL_CAPS);
	assert_int_equal(check(&pf, "btf")->status, RT_CHECK_OK);
	drop("sys/kernel/btf/vmlinux");
	run(&pf, "6.1.0", ALL_CAPS);
	assert_int_equal(check(&pf, "btf")->status, RT_CHECK_MISSING);
	assert_non_null(strstr(check(&pf, "btf")->hint, "CONFIG_DEBUG_INFO_BTF"));
	assert_false(pf.ready);
	put("sys/kernel/btf/vmlinux", "BTF");
}

static void test_capabilities(void **state)
{
	struct rt_preflight pf;

	run(&pf, "6.1.0", ALL_CAPS);
	assert_int_equal(check(&pf, "capabilities")->status, RT_CHECK_OK);
	assert_int_equal(check(&pf, "/proc access")->status, RT_CHECK_OK);
	/* CAP_SYS_ADMIN stands for both on old kernels */
	run(&pf, "6.1.0", CAP(21));
	assert_int_equal(check(&pf, "capabilities")->status, RT_CHECK_OK);
	assert_non_null(strstr(check(&pf, "capabilities")->detail, "CAP_SYS_ADMIN"));
	/* CAP_BPF alone cannot attach tracing programs */
	run(&pf, "6.1.0", CAP(RT_CAP_BPF));
	assert_int_equal(check(&pf, "capabilities")->status, RT_CHECK_MISSING);
	assert_non_null(strstr(check(&pf, "capabilities")->hint, "CAP_PERFMON"));
	assert_non_null(strstr(check(&pf, "capabilities")->hint, "CAP_SYS_RESOURCE is not needed"));
	assert_false(pf.ready);
	/* without the /proc ones the probe runs, with less */
	run(&pf, "6.1.0", CAP(RT_CAP_BPF) | CAP(RT_CAP_PERFMON));
	assert_int_equal(check(&pf, "capabilities")->status, RT_CHECK_OK);
	assert_int_equal(check(&pf, "/proc access")->status, RT_CHECK_WARN);
	assert_non_null(check(&pf, "/proc access")->hint);
}

static void test_lockdown_and_sysctl(void **state)
{
	struct rt_preflight pf;

	run(&pf, "6.1.0", ALL_CAPS);
	assert_int_equal(check(&pf, "lockdown")->status, RT_CHECK_OK);
	assert_string_equal(check(&pf, "lockdown")->detail, "no lockdown LSM");
	put("sys/kernel/security/lockdown", "none [integrity] confidentiality\n");
	run(&pf, "6.1.0", ALL_CAPS);
	assert_int_equal(check(&pf, "lockdown")->status, RT_CHECK_OK);
	assert_string_equal(check(&pf, "lockdown")->detail, "integrity");
	put("sys/kernel/security/lockdown", "none integrity [confidentiality]\n");
	run(&pf, "6.1.0", ALL_CAPS);
	assert_int_equal(check(&pf, "lockdown")->status, RT_CHECK_MISSING);
	assert_false(pf.ready);
	put("sys/kernel/security/lockdown", "[none] integrity confidentiality\n");
	run(&pf, "6.1.0", ALL_CAPS);
	assert_string_equal(check(&pf, "lockdown")->detail, "none");
	assert_int_equal(check(&pf, "unprivileged_bpf_disabled")->status, RT_CHECK_INFO);
	assert_non_null(strstr(check(&pf, "unprivileged_bpf_disabled")->detail, "2 (only"));
}

static void test_cgroups(void **state)
{
	struct rt_preflight pf;

	run(&pf, "6.1.0", ALL_CAPS);
	assert_non_null(strstr(check(&pf, "cgroups")->detail, "v2 (unified) at /sys/fs/cgroup"));
	put("proc/mounts", "tmpfs /sys/fs/cgroup tmpfs ro 0 0\n"
	                   "cgroup /sys/fs/cgroup/memory cgroup rw,memory 0 0\n"
	                   "cgroup2 /sys/fs/cgroup/unified cgroup2 rw 0 0\n");
	run(&pf, "6.1.0", ALL_CAPS);
	assert_non_null(strstr(check(&pf, "cgroups")->detail, "hybrid"));
	assert_non_null(strstr(check(&pf, "cgroups")->detail, "/sys/fs/cgroup/unified"));
	put("proc/mounts", "cgroup /sys/fs/cgroup/cpu cgroup rw,cpu 0 0\n");
	run(&pf, "6.1.0", ALL_CAPS);
	assert_string_equal(check(&pf, "cgroups")->detail, "v1");
	put("proc/mounts", "proc /proc proc rw 0 0\n");
	run(&pf, "6.1.0", ALL_CAPS);
	assert_int_equal(check(&pf, "cgroups")->status, RT_CHECK_WARN);
	put("proc/mounts", "cgroup2 /sys/fs/cgroup cgroup2 rw,nosuid 0 0\n");
}

static void test_status_names(void **state)
{
	assert_string_equal(rt_check_status_name(RT_CHECK_OK), "ok");
	assert_string_equal(rt_check_status_name(RT_CHECK_MISSING), "missing");
	assert_string_equal(rt_check_status_name(RT_CHECK_WARN), "warning");
	assert_string_equal(rt_check_status_name(RT_CHECK_INFO), "info");
}

/* This machine, as `vakt watch --check` sees it: ready as root with the probe built in. */
static void test_this_machine(void **state)
{
	struct rt_preflight pf;
	uint64_t eff = 0, prm = 0;

	rt_preflight_run(NULL, &pf);
	for (size_t i = 0; i < pf.n; i++)
		print_message("# %-8s %-26s %s\n", rt_check_status_name(pf.checks[i].status),
		              pf.checks[i].name, pf.checks[i].detail);
	assert_true(pf.n >= 9);
	assert_int_equal(strcmp(pf.checks[0].name, "kernel"), 0);
	rt_caps_read(&eff, &prm);
	if (!rt_probe_built_in() || access("/sys/kernel/btf/vmlinux", R_OK) != 0 ||
	    !(eff >> RT_CAP_BPF & 1)) {
		print_message("# SKIP: readiness needs root, kernel BTF and the probe built in\n");
		skip();
	}
	assert_true(pf.ready);
	assert_int_equal(check(&pf, "ring buffer")->status, RT_CHECK_OK);
	assert_int_equal(check(&pf, "tp_btf")->status, RT_CHECK_OK);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_kernel_version), cmocka_unit_test(test_btf),
	    cmocka_unit_test(test_capabilities),   cmocka_unit_test(test_lockdown_and_sysctl),
	    cmocka_unit_test(test_cgroups),        cmocka_unit_test(test_status_names),
	    cmocka_unit_test(test_this_machine),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
