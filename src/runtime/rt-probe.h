/* SPDX-License-Identifier: MIT */
#ifndef VAKT_RT_PROBE_H
#define VAKT_RT_PROBE_H

/*
 * Live syscall events from vakt's CO-RE eBPF probe (src/runtime/bpf/).
 *
 * rt_probe_open() loads the probe, marks the syscalls to record (the event
 * types asked for plus the set the state engine needs, rt_probe_state_evtypes())
 * and attaches four BTF tracepoints: sys_exit, sched_process_exec,
 * sched_process_fork and sched_process_exit. The probe writes one BPF ring
 * buffer without wake-ups; rt_probe_poll() consumes it and hands each record,
 * decoded into a struct rt_event, to a callback.
 *
 * Ordering: one ring for every CPU, so events arrive in the order they were
 * committed to it, which keeps causality across CPUs (a child's clone record
 * is committed before anything the child does). Timestamps are taken just
 * before the commit and may step back by a few hundred nanoseconds between
 * two CPUs' events; the ring order is the one to trust.
 *
 * Every error rt_probe_open() returns is about the machine (kernel support,
 * privileges, a vakt built without the probe): the CLI's exit code 4.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "runtime/rt-event.h"

#define RT_PROBE_RING_DEFAULT ((size_t)16 << 20)
#define RT_PROBE_RING_MIN     ((size_t)64 << 10)
#define RT_PROBE_RING_MAX     ((size_t)1 << 30)

struct rt_probe;

struct rt_probe_opts {
	bool evtypes[RT_EV_COUNT]; /* event types wanted, indexed by enum rt_evtype */
	/*
	 * Ring size in bytes; 0 is RT_PROBE_RING_DEFAULT. Rounded up to a power
	 * of two; below RT_PROBE_RING_MIN or above RT_PROBE_RING_MAX is an error.
	 */
	size_t ring_bytes;
};

struct rt_probe_stats {
	uint64_t events; /* records the probe committed to the ring */
	uint64_t drops;  /* records lost because the ring was full */
	uint64_t faults; /* user strings the probe could not read (the argument is missing) */
	uint64_t *drops_per_cpu; /* owned by the probe, valid until the next call or close */
	size_t n_cpus;
	/* Added beside the brief's members: */
	uint64_t truncated; /* records cut at VAKT_REC_MAX (a parameter is missing) */
	uint64_t misses;    /* program runs the kernel skipped (a task preempted inside one) */
	uint64_t undecoded; /* records rt_probe_poll() could not decode (a bug: never expected) */
};

/* Whether this vakt was built with the probe (the build machine had BTF and bpftool). */
bool rt_probe_built_in(void);

/*
 * The event types always recorded whatever the rules want, because the
 * process and fd tables follow them: clone, clone3, fork, vfork, execve,
 * execveat, procexit, close, dup, dup2, dup3, fcntl, socket, socketpair,
 * connect, accept, accept4, bind, pipe, pipe2, chdir, fchdir, chroot, the
 * setuid family, setsid, setpgid, capset. Sets out[t] for each (others untouched).
 */
void rt_probe_state_evtypes(bool out[RT_EV_COUNT]);

/*
 * Load, fill the table of interesting syscalls from o->evtypes and the state
 * set, and attach. On success *out is the caller's (rt_probe_close()). The
 * caller's own process is never recorded. Errors: -ENOTSUP (not built in, no
 * BTF), -EPERM (privileges), -EINVAL/-E2BIG (ring size), else the kernel's.
 */
int rt_probe_open(const struct rt_probe_opts *o, struct rt_probe **out, struct vakt_error **err);

/*
 * Wait up to timeout_ms for events and call cb for each, oldest first; the
 * event (and every string it points to) borrows the ring's memory and is
 * valid only during the call. Returns the number of events delivered (0 on
 * timeout), or a negative errno. It returns early once events were delivered,
 * and after at most 65,536 events so that the caller keeps control.
 */
int rt_probe_poll(struct rt_probe *p, int timeout_ms, void (*cb)(struct rt_event *ev, void *data),
                  void *data, struct vakt_error **err);

/* Counters summed over CPUs (drops also per CPU). */
void rt_probe_stats(const struct rt_probe *p, struct rt_probe_stats *out);

/* Detach and free; accepts NULL. */
void rt_probe_close(struct rt_probe *p);

/*
 * After rt_probe_open(): keep only the capabilities a running watch needs
 * and drop the rest from the effective, permitted, inheritable and ambient
 * sets (and from the bounding set when CAP_SETPCAP allows), then set
 * no_new_privs. Kept: CAP_BPF and CAP_PERFMON (reading the maps), and for
 * the state engine's /proc reading CAP_SYS_PTRACE (/proc/PID/exe, cwd, root)
 * and CAP_DAC_READ_SEARCH (/proc/PID/fd and environ of other users' processes,
 * mode 0500/0400 owned by them). Loaded programs and maps keep working.
 * Capabilities are per thread: call it before any thread is started.
 */
int rt_probe_drop_privileges(struct vakt_error **err);

/* Capability numbers newer than some libc headers (5.8). */
#define RT_CAP_PERFMON 38
#define RT_CAP_BPF     39

/* This thread's effective and permitted capability sets; 0 or -errno. */
int rt_caps_read(uint64_t *eff, uint64_t *prm);
/* The highest capability number the running kernel knows. */
int rt_caps_last(void);
/* What rt_probe_drop_privileges() keeps (CAP_SYS_ADMIN too before 5.8). */
uint64_t rt_caps_watch_set(void);

/*
 * Decode one ring record (vakt-probe.h) into ev: type, tid, pid, res, cpu,
 * ts (boot_to_real_ns added to the probe's CLOCK_BOOTTIME stamp) and args by
 * Falco's exit-event names (docs/runtime.md lists them). ev->args borrow rec.
 * num, thread, fd and state are zeroed for the state engine.
 * Returns 0, -EBADMSG (malformed), -E2BIG (above RT_PROBE_REC_CEILING) or
 * -ENOENT (a syscall or record kind this decoder does not know).
 */
#define RT_PROBE_REC_CEILING 32768
int rt_probe_decode(const void *rec, size_t len, int64_t boot_to_real_ns, struct rt_event *ev);

#endif
