/* SPDX-License-Identifier: MIT */
/*
 * `vakt watch --check` (rt-preflight.h): each requirement of the live probe
 * as a line the CLI prints.
 */
#include <errno.h>
#include <linux/capability.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "runtime/rt-preflight.h"
#include "runtime/rt-probe.h"

/* $(BUILD)/vakt.skel.h says whether libbpf is there (scripts/gen-probe.sh). */
#if __has_include("vakt.skel.h")
#include "vakt.skel.h"
#endif
#ifdef VAKT_HAVE_LIBBPF
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#endif

const char *rt_check_status_name(enum rt_check_status s)
{
	switch (s) {
	case RT_CHECK_OK:
		return "ok";
	case RT_CHECK_MISSING:
		return "missing";
	case RT_CHECK_WARN:
		return "warning";
	case RT_CHECK_INFO:
		return "info";
	}
	return "?";
}

bool rt_kernel_version(const char *release, int *major, int *minor)
{
	return release && sscanf(release, "%d.%d", major, minor) == 2;
}

VAKT_PRINTF(5, 6)
static struct rt_check *add(struct rt_preflight *pf, const char *name, enum rt_check_status st,
                            const char *hint, const char *fmt, ...)
{
	struct rt_check *c;
	va_list ap;

	if (pf->n >= RT_PREFLIGHT_MAX)
		return NULL;
	c = &pf->checks[pf->n++];
	va_start(ap, fmt);
	// NOLINTNEXTLINE(clang-analyzer-valist.Uninitialized): va_start is just above
	vsnprintf(c->detail, sizeof(c->detail), fmt, ap);
	va_end(ap);
	c->name = name;
	c->status = st;
	c->hint = st == RT_CHECK_OK || st == RT_CHECK_INFO ? NULL : hint;
	if (st == RT_CHECK_MISSING)
		pf->ready = false;
	return c;
}

/* The first line of root/rel, without its newline; false when unreadable. */
static bool read_line(const char *root, const char *rel, char *buf, size_t n)
{
	char path[512];
	FILE *f;
	bool ok;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	f = fopen(path, "re");
	if (!f)
		return false;
	ok = fgets(buf, (int)n, f) != NULL;
	fclose(f);
	if (ok)
		buf[strcspn(buf, "\n")] = '\0';
	return ok;
}

static void check_kernel(const struct rt_preflight_opts *o, struct rt_preflight *pf)
{
	struct utsname u;
	const char *rel = o->release;
	int maj, min;

	if (!rel && uname(&u) == 0)
		rel = u.release;
	if (!rt_kernel_version(rel, &maj, &min))
		add(pf, "kernel", RT_CHECK_MISSING, "run on Linux 5.8 or later",
		    "cannot read the kernel version ('%s')", rel ? rel : "");
	else if (maj < 5 || (maj == 5 && min < 8))
		add(pf, "kernel", RT_CHECK_MISSING,
		    "upgrade to Linux 5.8 or later (BPF ring buffers, tp_btf, CAP_BPF)",
		    "%s is older than 5.8", rel);
	else
		add(pf, "kernel", RT_CHECK_OK, NULL, "%s (5.8 or later)", rel);
}

static void check_btf(const char *sys, struct rt_preflight *pf)
{
	char path[512];
	struct stat st;

	snprintf(path, sizeof(path), "%s/kernel/btf/vmlinux", sys);
	if (stat(path, &st) == 0 && access(path, R_OK) == 0)
		add(pf, "btf", RT_CHECK_OK, NULL, "%s (%.1f MB)", path, (double)st.st_size / 1e6);
	else
		add(pf, "btf", RT_CHECK_MISSING,
		    "use a kernel built with CONFIG_DEBUG_INFO_BTF=y (most distributions since "
		    "2020)",
		    "%s: %s", path, strerror(errno));
}

static void check_built_in(struct rt_preflight *pf)
{
	if (rt_probe_built_in())
		add(pf, "probe", RT_CHECK_OK, NULL, "the eBPF probe is built into this vakt");
	else
		add(pf, "probe", RT_CHECK_MISSING,
		    "rebuild vakt on a machine with /sys/kernel/btf/vmlinux, bpftool, clang and "
		    "libbpf-dev (scripts/deps.sh installs them)",
		    "this vakt was built without the eBPF probe");
}

static bool has(unsigned long long eff, int cap)
{
	return (eff >> cap) & 1;
}

static void check_caps(const struct rt_preflight_opts *o, struct rt_preflight *pf)
{
	uint64_t eff = 0, prm;

	if (o->caps_known)
		eff = o->eff;
	else if (rt_caps_read(&eff, &prm) < 0) {
		add(pf, "capabilities", RT_CHECK_MISSING, "run as root",
		    "cannot read this process's capabilities");
		return;
	}
	if (has(eff, RT_CAP_BPF) && has(eff, RT_CAP_PERFMON))
		add(pf, "capabilities", RT_CHECK_OK, NULL, "CAP_BPF and CAP_PERFMON");
	else if (has(eff, CAP_SYS_ADMIN))
		add(pf, "capabilities", RT_CHECK_OK, NULL,
		    "CAP_SYS_ADMIN (stands for CAP_BPF and CAP_PERFMON)");
	else
		add(pf, "capabilities", RT_CHECK_MISSING,
		    "run as root, or grant CAP_BPF and CAP_PERFMON (setpriv "
		    "--inh-caps=+bpf,+perfmon "
		    "--ambient-caps=+bpf,+perfmon vakt watch ...); CAP_SYS_RESOURCE is not needed",
		    "neither CAP_BPF with CAP_PERFMON nor CAP_SYS_ADMIN");
	if (has(eff, CAP_SYS_PTRACE) && has(eff, CAP_DAC_READ_SEARCH))
		add(pf, "/proc access", RT_CHECK_OK, NULL,
		    "CAP_SYS_PTRACE and CAP_DAC_READ_SEARCH");
	else
		add(pf, "/proc access", RT_CHECK_WARN,
		    "grant CAP_SYS_PTRACE and CAP_DAC_READ_SEARCH too, or run as root",
		    "without CAP_SYS_PTRACE and CAP_DAC_READ_SEARCH the executables, fds and "
		    "environment of other users' processes cannot be read");
}

static void check_sysctl(const char *proc, struct rt_preflight *pf)
{
	char v[32];

	if (!read_line(proc, "sys/kernel/unprivileged_bpf_disabled", v, sizeof(v)))
		add(pf, "unprivileged_bpf_disabled", RT_CHECK_INFO, NULL, "not readable");
	else
		add(pf, "unprivileged_bpf_disabled", RT_CHECK_INFO, NULL,
		    "%s (%s): vakt needs the capabilities above whatever its value", v,
		    v[0] == '0' ? "anyone may use bpf()"
		                : "only privileged processes may use bpf()");
}

static void check_lockdown(const char *sys, struct rt_preflight *pf)
{
	char v[128];
	const char *open, *close;

	if (!read_line(sys, "kernel/security/lockdown", v, sizeof(v))) {
		add(pf, "lockdown", RT_CHECK_OK, NULL, "no lockdown LSM");
		return;
	}
	open = strchr(v, '[');
	close = open ? strchr(open, ']') : NULL;
	if (!open || !close) {
		add(pf, "lockdown", RT_CHECK_INFO, NULL, "cannot read '%s'", v);
		return;
	}
	if (!strncmp(open + 1, "confidentiality", 15))
		add(pf, "lockdown", RT_CHECK_MISSING,
		    "boot with lockdown=integrity or none: confidentiality forbids reading kernel "
		    "memory from BPF",
		    "confidentiality");
	else
		add(pf, "lockdown", RT_CHECK_OK, NULL, "%.*s", (int)(close - open - 1), open + 1);
}

/* From the mount table: v2 alone, v1 alone, or both (hybrid). */
static void check_cgroups(const char *proc, struct rt_preflight *pf)
{
	char path[512], line[1024], v2at[256] = "";
	bool v1 = false, v2 = false;
	FILE *f;

	snprintf(path, sizeof(path), "%s/mounts", proc);
	f = fopen(path, "re");
	if (!f) {
		add(pf, "cgroups", RT_CHECK_INFO, NULL, "%s: %s", path, strerror(errno));
		return;
	}
	while (fgets(line, sizeof(line), f)) {
		char dev[128], dir[256], type[64];

		if (sscanf(line, "%127s %255s %63s", dev, dir, type) != 3)
			continue;
		if (!strcmp(type, "cgroup"))
			v1 = true;
		else if (!strcmp(type, "cgroup2")) {
			v2 = true;
			snprintf(v2at, sizeof(v2at), "%s", dir);
		}
	}
	fclose(f);
	if (v1 && v2)
		add(pf, "cgroups", RT_CHECK_INFO, NULL,
		    "hybrid: v1 controllers and cgroup2 at %s (containers are told by their v1 and "
		    "v2 paths)",
		    v2at);
	else if (v2)
		add(pf, "cgroups", RT_CHECK_INFO, NULL, "v2 (unified) at %s", v2at);
	else if (v1)
		add(pf, "cgroups", RT_CHECK_INFO, NULL, "v1");
	else
		add(pf, "cgroups", RT_CHECK_WARN,
		    "mount cgroup2 (or v1 controllers) so that containers can be told apart",
		    "no cgroup file system is mounted");
}

#ifdef VAKT_HAVE_LIBBPF
static int quiet(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	(void)level;
	(void)fmt;
	(void)ap;
	return 0;
}

static const char *bpf_hint(int e)
{
	return e == EPERM || e == EACCES ? "see capabilities above (and lockdown)"
	                                 : "use Linux 5.8 or later with CONFIG_BPF_SYSCALL";
}

static void check_ringbuf(struct rt_preflight *pf)
{
	int fd = bpf_map_create(BPF_MAP_TYPE_RINGBUF, "vakt_check", 0, 0, 4096, NULL);

	if (fd < 0) {
		add(pf, "ring buffer", RT_CHECK_MISSING, bpf_hint(errno),
		    "cannot create a BPF ring buffer: %s", strerror(errno));
		return;
	}
	close(fd);
	add(pf, "ring buffer", RT_CHECK_OK, NULL, "a BPF_MAP_TYPE_RINGBUF was created");
}

/* r0 = 0; exit, as a tp_btf program on sys_exit, attached and detached. */
static void check_tp_btf(struct rt_preflight *pf)
{
	const struct bpf_insn insns[] = {
	    {.code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = 0},
	    {.code = BPF_JMP | BPF_EXIT},
	};
	LIBBPF_OPTS(bpf_prog_load_opts, opts, .expected_attach_type = BPF_TRACE_RAW_TP);
	int id = libbpf_find_vmlinux_btf_id("sys_exit", BPF_TRACE_RAW_TP), prog, link;

	if (id < 0) {
		add(pf, "tp_btf", RT_CHECK_MISSING, "use a kernel with BTF (see btf above)",
		    "the kernel's BTF has no sys_exit tracepoint: %s", strerror(-id));
		return;
	}
	opts.attach_btf_id = (__u32)id;
	prog = bpf_prog_load(BPF_PROG_TYPE_TRACING, "vakt_check", "GPL", insns, 2, &opts);
	if (prog < 0) {
		add(pf, "tp_btf", RT_CHECK_MISSING, bpf_hint(errno),
		    "cannot load a tp_btf program: %s", strerror(errno));
		return;
	}
	link = bpf_raw_tracepoint_open(NULL, prog);
	if (link < 0)
		add(pf, "tp_btf", RT_CHECK_MISSING, bpf_hint(errno),
		    "a tp_btf program loaded but cannot attach to sys_exit: %s", strerror(errno));
	else
		add(pf, "tp_btf", RT_CHECK_OK, NULL,
		    "a tp_btf program loaded and attached to sys_exit (bpftool's feature probe may "
		    "say tracing is unavailable: it is wrong here)");
	if (link >= 0)
		close(link);
	close(prog);
}
#endif

void rt_preflight_run(const struct rt_preflight_opts *o, struct rt_preflight *out)
{
	static const struct rt_preflight_opts none;
	const char *sys, *proc;

	if (!o)
		o = &none;
	sys = o->sys_root ? o->sys_root : "/sys";
	proc = o->proc_root ? o->proc_root : "/proc";
	memset(out, 0, sizeof(*out));
	out->ready = true;
	check_kernel(o, out);
	check_btf(sys, out);
	check_built_in(out);
	check_caps(o, out);
	check_sysctl(proc, out);
	check_lockdown(sys, out);
	check_cgroups(proc, out);
	if (o->no_bpf)
		return;
#ifdef VAKT_HAVE_LIBBPF
	libbpf_print_fn_t old = libbpf_set_print(quiet);

	check_ringbuf(out);
	check_tp_btf(out);
	libbpf_set_print(old);
#else
	add(out, "ring buffer", RT_CHECK_MISSING, "install libbpf-dev and rebuild vakt",
	    "not tested: vakt was built without libbpf");
	add(out, "tp_btf", RT_CHECK_MISSING, "install libbpf-dev and rebuild vakt",
	    "not tested: vakt was built without libbpf");
#endif
}
