/* SPDX-License-Identifier: MIT */
/*
 * The probe's loader and consumer (rt-probe.h): libbpf and the skeleton
 * bpftool generated from bpf/vakt.bpf.c at build time. A build without BTF
 * or bpftool compiles the stubs at the end instead, which say so.
 */
#include <errno.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "runtime/bpf/vakt-probe.h"
#include "runtime/rt-probe.h"

/* $(BUILD)/vakt.skel.h (scripts/gen-probe.sh) defines VAKT_HAVE_PROBE when
 * the probe was built; outside the build (lint) it is absent. */
#if __has_include("vakt.skel.h")
#include "vakt.skel.h"
#endif

/* The event types the state engine follows (rt-probe.h). */
static const enum rt_evtype state_set[] = {
    RT_EV_CLONE,    RT_EV_CLONE3,   RT_EV_FORK,      RT_EV_VFORK,      RT_EV_EXECVE,
    RT_EV_EXECVEAT, RT_EV_PROCEXIT, RT_EV_CLOSE,     RT_EV_DUP,        RT_EV_DUP2,
    RT_EV_DUP3,     RT_EV_FCNTL,    RT_EV_SOCKET,    RT_EV_SOCKETPAIR, RT_EV_CONNECT,
    RT_EV_ACCEPT,   RT_EV_ACCEPT4,  RT_EV_BIND,      RT_EV_PIPE,       RT_EV_PIPE2,
    RT_EV_CHDIR,    RT_EV_FCHDIR,   RT_EV_CHROOT,    RT_EV_SETUID,     RT_EV_SETGID,
    RT_EV_SETREUID, RT_EV_SETREGID, RT_EV_SETRESUID, RT_EV_SETRESGID,  RT_EV_SETSID,
    RT_EV_SETPGID,  RT_EV_CAPSET,
};

void rt_probe_state_evtypes(bool out[RT_EV_COUNT])
{
	for (size_t i = 0; i < sizeof(state_set) / sizeof(state_set[0]); i++)
		out[state_set[i]] = true;
}

/* A ring size as the kernel takes it: a power of two, at least a page. */
static int ring_size(size_t want, size_t *out, struct vakt_error **err)
{
	size_t n = RT_PROBE_RING_MIN;

	if (want == 0)
		want = RT_PROBE_RING_DEFAULT;
	if (want > RT_PROBE_RING_MAX)
		return vakt_error_set(err, -E2BIG,
		                      "ring buffer of %zu bytes is too large: at most %zu MiB",
		                      want, RT_PROBE_RING_MAX >> 20);
	if (want < RT_PROBE_RING_MIN)
		return vakt_error_set(err, -EINVAL,
		                      "ring buffer of %zu bytes is too small: at least %zu KiB",
		                      want, RT_PROBE_RING_MIN >> 10);
	while (n < want)
		n <<= 1;
	*out = n;
	return 0;
}

#ifdef VAKT_HAVE_PROBE

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <stdarg.h>
#include <stdio.h>

/* Deliver at most this many events per rt_probe_poll(), and look at the ring this often. */
#define POLL_BUDGET   65536
#define POLL_SLICE_MS 5

struct rt_probe {
	struct vakt_bpf *skel;
	struct ring_buffer *ring;
	int64_t boot_to_real;
	int n_cpus;
	struct vakt_counters *pcpu; /* n_cpus, for one lookup */
	uint64_t *drops_per_cpu;    /* n_cpus */
	uint64_t undecoded;
	/* The poll under way. */
	void (*cb)(struct rt_event *ev, void *data);
	void *data;
	int delivered;
	struct rt_event ev;
};

bool rt_probe_built_in(void)
{
	return true;
}

/* The last lines libbpf logged, for the error message of a failed load. */
static char libbpf_log[6][240];
static unsigned libbpf_log_n;
/* VAKT_BPF_LOG=FILE: everything libbpf says (the verifier's log), for a bug report. */
static FILE *libbpf_log_file;

static int libbpf_print(enum libbpf_print_level level, const char *fmt, va_list ap)
    VAKT_PRINTF(2, 0);

static int libbpf_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	char line[240];
	size_t n;
	va_list ap2;

	va_copy(ap2, ap);
	if (libbpf_log_file)
		vfprintf(libbpf_log_file, fmt, ap2);
	va_end(ap2);
	if (level == LIBBPF_DEBUG)
		return 0;
	vsnprintf(line, sizeof(line), fmt, ap);
	n = strlen(line);
	while (n && (line[n - 1] == '\n' || line[n - 1] == ' '))
		line[--n] = '\0';
	if (n == 0)
		return 0;
	memcpy(libbpf_log[libbpf_log_n++ % 6], line, n + 1);
	return 0;
}

static void libbpf_quiet(void)
{
	libbpf_set_print(NULL);
	if (libbpf_log_file)
		fclose(libbpf_log_file);
	libbpf_log_file = NULL;
}

static void libbpf_log_suffix(struct vakt_error *e)
{
	unsigned first = libbpf_log_n > 6 ? libbpf_log_n - 6 : 0;

	if (!e || libbpf_log_n == 0)
		return;
	vakt_error_suffix(e, " (libbpf:");
	for (unsigned i = first; i < libbpf_log_n; i++)
		vakt_error_suffix(e, " %s%s", libbpf_log[i % 6], i + 1 < libbpf_log_n ? ";" : "");
	vakt_error_suffix(e, ")");
}

static int64_t clock_ns(clockid_t c)
{
	struct timespec ts;

	clock_gettime(c, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* CLOCK_REALTIME minus CLOCK_BOOTTIME, read between two real-time reads. */
static int64_t boot_offset(void)
{
	int64_t r0 = clock_ns(CLOCK_REALTIME), b = clock_ns(CLOCK_BOOTTIME);
	int64_t r1 = clock_ns(CLOCK_REALTIME);

	return r0 + (r1 - r0) / 2 - b;
}

static int on_record(void *ctx, void *data, size_t len)
{
	struct rt_probe *p = ctx;

	if (rt_probe_decode(data, len, p->boot_to_real, &p->ev) < 0) {
		p->undecoded++;
		return 0;
	}
	p->cb(&p->ev, p->data);
	/* A negative return stops libbpf's loop after this record is consumed. */
	return ++p->delivered >= POLL_BUDGET ? -ECANCELED : 0;
}

static int load_error(int rc, struct vakt_error **err)
{
	if (rc == -EACCES)
		vakt_error_set(err, -ENOTSUP,
		               "cannot load the eBPF probe: the kernel's verifier rejected it (set "
		               "VAKT_BPF_LOG=FILE for its log, and report it with 'uname -r')");
	else if (rc == -EPERM)
		vakt_error_set(
		    err, -EPERM,
		    "cannot load the eBPF probe: permission denied (it needs CAP_BPF and "
		    "CAP_PERFMON, or root; 'vakt watch --check' says what is missing)");
	else if (rc == -ENOENT || rc == -ESRCH || rc == -ENOTSUP || rc == -EOPNOTSUPP)
		vakt_error_set(err, -ENOTSUP,
		               "cannot load the eBPF probe: this kernel lacks what it needs (BTF, "
		               "BPF ring buffers, tp_btf programs; 'vakt watch --check'): %s",
		               strerror(-rc));
	else
		vakt_error_set(err, rc, "cannot load the eBPF probe: %s", strerror(-rc));
	if (!err || !*err)
		return rc;
	libbpf_log_suffix(*err);
	return (*err)->code;
}

static void mark(int fd, __u32 slot)
{
	__u8 one = 1;

	bpf_map_update_elem(fd, &slot, &one, BPF_ANY);
}

static int fill_interesting(struct rt_probe *p, const struct rt_probe_opts *o,
                            struct vakt_error **err)
{
	bool want[RT_EV_COUNT];
	int fd = bpf_map__fd(p->skel->maps.vakt_interesting);

	memcpy(want, o->evtypes, sizeof(want));
	rt_probe_state_evtypes(want);
#define MARK(nr, ev, sp)                                                                           \
	if (want[RT_EV_##ev])                                                                      \
		mark(fd, nr);
	VAKT_SYSCALLS(MARK)
#undef MARK
	if (want[RT_EV_PROCEXIT])
		mark(fd, VAKT_SLOT_PROCEXIT);
	(void)err;
	return 0;
}

int rt_probe_open(const struct rt_probe_opts *o, struct rt_probe **out, struct vakt_error **err)
{
	struct rt_probe *p;
	size_t ring = 0;
	int rc;

	*out = NULL;
	rc = ring_size(o->ring_bytes, &ring, err);
	if (rc < 0)
		return rc;
	if (access("/sys/kernel/btf/vmlinux", R_OK) != 0)
		return vakt_error_set(
		    err, -ENOTSUP,
		    "cannot load the eBPF probe: the kernel has no BTF "
		    "(/sys/kernel/btf/vmlinux: %s); it needs CONFIG_DEBUG_INFO_BTF",
		    strerror(errno));
	p = vakt_xcalloc(1, sizeof(*p));
	libbpf_log_n = 0;
	if (getenv("VAKT_BPF_LOG"))
		libbpf_log_file = fopen(getenv("VAKT_BPF_LOG"), "we");
	libbpf_set_print(libbpf_print);
	p->n_cpus = libbpf_num_possible_cpus();
	if (p->n_cpus <= 0) {
		rc = vakt_error_set(err, -ENOTSUP, "cannot count the possible CPUs: %s",
		                    strerror(-p->n_cpus));
		goto fail;
	}
	p->pcpu = vakt_xcalloc((size_t)p->n_cpus, sizeof(*p->pcpu));
	p->drops_per_cpu = vakt_xcalloc((size_t)p->n_cpus, sizeof(*p->drops_per_cpu));
	p->skel = vakt_bpf__open();
	if (!p->skel) {
		rc = load_error(-errno, err);
		goto fail;
	}
	p->skel->rodata->vakt_self_tgid = (__u32)getpid();
	bpf_map__set_max_entries(p->skel->maps.vakt_ring, (__u32)ring);
	bpf_map__set_max_entries(p->skel->maps.vakt_scratch, (__u32)p->n_cpus * 4);
	rc = vakt_bpf__load(p->skel);
	if (rc < 0) {
		rc = load_error(rc, err);
		goto fail;
	}
	rc = fill_interesting(p, o, err);
	if (rc < 0)
		goto fail;
	rc = vakt_bpf__attach(p->skel);
	if (rc < 0) {
		rc = load_error(rc, err);
		vakt_error_prefix(*err, "attaching");
		goto fail;
	}
	p->ring = ring_buffer__new(bpf_map__fd(p->skel->maps.vakt_ring), on_record, p, NULL);
	if (!p->ring) {
		rc = load_error(-errno, err);
		goto fail;
	}
	p->boot_to_real = boot_offset();
	libbpf_quiet();
	*out = p;
	return 0;
fail:
	libbpf_quiet();
	rt_probe_close(p);
	return rc;
}

int rt_probe_poll(struct rt_probe *p, int timeout_ms, void (*cb)(struct rt_event *ev, void *data),
                  void *data, struct vakt_error **err)
{
	int64_t deadline =
	    clock_ns(CLOCK_MONOTONIC) + (int64_t)(timeout_ms < 0 ? 0 : timeout_ms) * 1000000;

	p->cb = cb;
	p->data = data;
	p->delivered = 0;
	for (;;) {
		/* The probe never wakes anyone (BPF_RB_NO_WAKEUP): look, then sleep a slice. */
		int rc = ring_buffer__consume(p->ring);
		int64_t left;
		struct timespec ts;

		if (rc < 0 && rc != -ECANCELED)
			return vakt_error_set(err, rc, "cannot read the probe's ring buffer: %s",
			                      strerror(-rc));
		if (p->delivered > 0)
			return p->delivered;
		left = deadline - clock_ns(CLOCK_MONOTONIC);
		if (left <= 0)
			return 0;
		if (left > (int64_t)POLL_SLICE_MS * 1000000)
			left = (int64_t)POLL_SLICE_MS * 1000000;
		ts.tv_sec = 0;
		ts.tv_nsec = left;
		nanosleep(&ts, NULL);
	}
}

static uint64_t prog_misses(const struct bpf_program *prog)
{
	struct bpf_prog_info info;
	__u32 len = sizeof(info);

	memset(&info, 0, sizeof(info));
	if (bpf_obj_get_info_by_fd(bpf_program__fd(prog), &info, &len) != 0)
		return 0;
	return info.recursion_misses;
}

void rt_probe_stats(const struct rt_probe *p, struct rt_probe_stats *out)
{
	__u32 zero = 0;

	memset(out, 0, sizeof(*out));
	out->drops_per_cpu = p->drops_per_cpu;
	out->n_cpus = (size_t)p->n_cpus;
	out->undecoded = p->undecoded;
	if (bpf_map_lookup_elem(bpf_map__fd(p->skel->maps.vakt_counters), &zero, p->pcpu) == 0) {
		for (int i = 0; i < p->n_cpus; i++) {
			out->events += p->pcpu[i].events;
			out->drops += p->pcpu[i].drops;
			out->faults += p->pcpu[i].faults;
			out->truncated += p->pcpu[i].truncs;
			p->drops_per_cpu[i] = p->pcpu[i].drops;
		}
	}
	out->misses = prog_misses(p->skel->progs.vakt_sys_exit) +
	              prog_misses(p->skel->progs.vakt_exec) +
	              prog_misses(p->skel->progs.vakt_fork) + prog_misses(p->skel->progs.vakt_exit);
}

void rt_probe_close(struct rt_probe *p)
{
	if (!p)
		return;
	ring_buffer__free(p->ring);
	vakt_bpf__destroy(p->skel);
	free(p->pcpu);
	free(p->drops_per_cpu);
	free(p);
}

#else /* !VAKT_HAVE_PROBE */

struct rt_probe {
	int unused;
};

bool rt_probe_built_in(void)
{
	return false;
}

int rt_probe_open(const struct rt_probe_opts *o, struct rt_probe **out, struct vakt_error **err)
{
	size_t ring = 0;
	int rc = ring_size(o->ring_bytes, &ring, err);

	*out = NULL;
	if (rc < 0)
		return rc;
	return vakt_error_set(
	    err, -ENOTSUP,
	    "live collection is not built into this vakt: the build machine had "
	    "no /sys/kernel/btf/vmlinux, bpftool, clang or libbpf (docs/runtime.md, "
	    "\"Live collection (eBPF)\")");
}

int rt_probe_poll(struct rt_probe *p, int timeout_ms, void (*cb)(struct rt_event *ev, void *data),
                  void *data, struct vakt_error **err)
{
	return vakt_error_set(err, -ENOTSUP, "live collection is not built into this vakt");
}

void rt_probe_stats(const struct rt_probe *p, struct rt_probe_stats *out)
{
	memset(out, 0, sizeof(*out));
}

void rt_probe_close(struct rt_probe *p)
{
	(void)p;
}

#endif
