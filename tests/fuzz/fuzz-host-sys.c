/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer harness for the system probes of vakt host under --root: the
 * input is written as every file they parse (mountinfo, cgroup paths,
 * PID 1's environ and sched, /proc/version and its Ubuntu signature, the
 * kernel release, /proc/modules and /proc/cpuinfo, the LSM list, DMI, the
 * clocksource, sysctls, and the recorded cpuid, ns, stat-before/after and
 * cgroup-fs) in a scratch tree, which is then probed and judged by the
 * rules HO001-HO039. Verdicts stay in their bounded buffers and enums.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/check.h"
#include "core/config.h"
#include "core/scan.h"
#include "host/host-facts.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[64];
static volatile size_t sink;

static const char *const files[] = {
    "proc/self/mountinfo",
    "proc/self/cgroup",
    "proc/1/environ",
    "proc/1/sched",
    "proc/version",
    "proc/version_signature",
    "proc/sys/kernel/osrelease",
    "proc/sys/kernel/kptr_restrict",
    "proc/sys/kernel/core_pattern",
    "proc/sys/user/max_user_namespaces",
    "proc/modules",
    "proc/cpuinfo",
    "run/systemd/container",
    "sys/kernel/security/lsm",
    "sys/class/dmi/id/product_name",
    "sys/devices/system/clocksource/clocksource0/current_clocksource",
    "sys/devices/system/clocksource/clocksource0/available_clocksource",
    ".vakt-probe/cpuid",
    ".vakt-probe/ns",
    ".vakt-probe/stat-before",
    ".vakt-probe/stat-after",
    ".vakt-probe/cgroup-fs",
};

static void cleanup(void)
{
	char *cmd = vakt_xasprintf("rm -rf '%s'", dir);

	if (system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", dir);
	free(cmd);
}

static void setup(void)
{
	char *cmd;

	snprintf(dir, sizeof(dir), "/tmp/vakt-fuzz-host-sys-XXXXXX");
	if (!mkdtemp(dir))
		abort();
	cmd = vakt_xasprintf("cd '%s' && mkdir -p proc/self proc/1 proc/sys/kernel proc/sys/user "
	                     "run/systemd sys/kernel/security sys/class/dmi/id "
	                     "sys/devices/system/clocksource/clocksource0 .vakt-probe",
	                     dir);
	if (system(cmd) != 0)
		abort();
	free(cmd);
	atexit(cleanup);
}

static void put(const char *rel, const uint8_t *data, size_t size)
{
	char *p = vakt_xasprintf("%s/%s", dir, rel);
	FILE *f = fopen(p, "wb");

	if (!f || fwrite(data, 1, size, f) != size)
		abort();
	fclose(f);
	free(p);
}

static void check_bounded(const char *s, size_t cap)
{
	if (strnlen(s, cap) >= cap)
		__builtin_trap();
	sink += strlen(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct vakt_config *cfg;
	struct host_root root;
	struct host_facts f;
	struct vakt_error_list warn = {0};
	struct vakt_findings out = {0};
	struct vakt_scan_opts opts;
	struct vakt_check_ctx ctx = {0};
	struct vakt_error *err = NULL;

	if (!dir[0])
		setup();
	if (!cfg)
		cfg = vakt_config_new();
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++)
		put(files[i], data, size);
	if (host_root_open(dir, &root, &err) < 0)
		abort();
	memset(&f, 0, sizeof(f));
	f.root = &root;
	host_sys_collect(&root, &f.sys, &f.obs, &warn);
	check_bounded(f.sys.virt.vm, sizeof(f.sys.virt.vm));
	check_bounded(f.sys.virt.container, sizeof(f.sys.virt.container));
	check_bounded(f.sys.virt.clocksource, sizeof(f.sys.virt.clocksource));
	check_bounded(f.sys.res.balloon, sizeof(f.sys.res.balloon));
	if (f.sys.virt.ctr_class > HOST_CTR_WSL || f.sys.virt.vm_class > HOST_VM_HARDWARE ||
	    f.sys.kernel.cgroup > HOST_CGROUP_V2 || f.sys.kernel.userns < -1 ||
	    f.sys.kernel.userns > 1 || f.sys.res.steal_pct > 100.0 ||
	    f.sys.res.steal_boot_pct > 100.0)
		__builtin_trap();
	vakt_scan_opts_init(&opts, cfg);
	ctx.opts = &opts;
	ctx.out = &out;
	ctx.model = &f;
	ctx.file = "host";
	vakt_rules_run_table(&ctx, host_sys_rules, VAKT_SCOPE_UNIT);
	for (size_t i = 0; i < out.n; i++)
		sink += strlen(out.v[i].message);
	vakt_findings_release(&out);
	host_observations_release(&f.obs);
	host_sys_release(&f.sys);
	vakt_error_list_release(&warn);
	host_root_release(&root);
	return 0;
}
