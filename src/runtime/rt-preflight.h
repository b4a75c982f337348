/* SPDX-License-Identifier: MIT */
#ifndef VAKT_RT_PREFLIGHT_H
#define VAKT_RT_PREFLIGHT_H

/*
 * `vakt watch --check`: whether this machine can run the live probe, one
 * line per requirement, each with what to do when it is missing. It tries
 * what it can for real (a ring buffer map, a one-instruction tp_btf program
 * attached to sys_exit and detached), because bpftool's feature probe says
 * "program_type tracing is NOT available" on kernels where tp_btf works
 * (docs/runtime.md). It never loads the real probe. Only the CLI prints.
 */

#include <stdbool.h>
#include <stddef.h>

enum rt_check_status {
	RT_CHECK_OK,      /* the requirement is met */
	RT_CHECK_MISSING, /* the probe cannot run until it is */
	RT_CHECK_WARN,    /* the probe runs, with less (e.g. no /proc of other users) */
	RT_CHECK_INFO,    /* a fact about the machine */
};

#define RT_CHECK_DETAIL 200

struct rt_check {
	const char *name; /* "kernel", "btf", "capabilities", ... (static) */
	enum rt_check_status status;
	char detail[RT_CHECK_DETAIL]; /* what was found */
	const char *hint;             /* what to do when not ok (static); NULL when ok */
};

#define RT_PREFLIGHT_MAX 12

struct rt_preflight {
	struct rt_check checks[RT_PREFLIGHT_MAX];
	size_t n;
	bool ready; /* no check is RT_CHECK_MISSING */
};

/* Where to look; tests point the roots at a made-up tree. */
struct rt_preflight_opts {
	const char *sys_root;  /* "/sys" when NULL */
	const char *proc_root; /* "/proc" when NULL */
	const char *release;   /* the kernel release; uname's when NULL */
	bool no_bpf;           /* skip the checks that make bpf() calls (ringbuf, tp_btf) */
	bool caps_known;       /* use eff below instead of this process's capabilities */
	unsigned long long eff;
};

/* Run every check into out (o may be NULL). Never fails: a check that cannot
 * tell says so in its line. */
void rt_preflight_run(const struct rt_preflight_opts *o, struct rt_preflight *out);

/* "ok", "missing", "warning", "info". */
const char *rt_check_status_name(enum rt_check_status s);

/* "5.15.0-91-generic" -> 5, 15; false when it does not start with N.N. */
bool rt_kernel_version(const char *release, int *major, int *minor);

#endif
