/* SPDX-License-Identifier: MIT */
#ifndef VAKT_HOST_SYS_PROBE_H
#define VAKT_HOST_SYS_PROBE_H

/*
 * What the system probes share (internal to host-sys*.c, host-virt*.c,
 * host-kernel.c): one reading context and small readers that record
 * "unreadable" apart from "absent".
 */

#include "host-sys.h"

/* Longest value kept from a one-line file (sysctl, DMI, clocksource). */
#define HS_MAX_VALUE 256

struct hs_ctx {
	const struct host_root *r;
	struct host_sys *s;
	struct host_observations *obs;
	struct vakt_error_list *warnings;
};

/*
 * Read rel under the root (at most max bytes). 0 with *out owned by the
 * caller; -ENOENT absent (nothing recorded); another -errno: recorded as
 * unreadable in the observations (probe) and in the warnings.
 */
int hs_read(struct hs_ctx *c, const char *probe, const char *rel, size_t max, char **out,
            size_t *len);
/* hs_read() of the first line of rel, trimmed, at most HS_MAX_VALUE bytes kept. */
int hs_read_value(struct hs_ctx *c, const char *probe, const char *rel, char **out);
/* Whether rel exists under the root: 1, 0 (absent), or -errno (recorded as unreadable). */
int hs_exists(struct hs_ctx *c, const char *probe, const char *rel);
/* The recorded output NAME (--root only), as hs_read(); source named .vakt-probe/NAME. */
int hs_recorded(struct hs_ctx *c, const char *probe, const char *name, char **out, size_t *len);
/*
 * How rel is shown: "/rel", or rel itself when it is absolute, a recorded
 * output (".vakt-probe/NAME") or "cpuid". Caller frees. r may be NULL.
 */
char *hs_shown(const struct host_root *r, const char *rel);
/* Record an observation of rel (shown as hs_shown()) at line; rel NULL: the host. */
void hs_observe(struct hs_ctx *c, const char *probe, const char *rel, int line, const char *verdict,
                const char *fmt, ...) VAKT_PRINTF(6, 7);
/* Set ev to hs_shown(rel):line and why (printf-style); replaces what ev held. */
void hs_evidence(struct host_evidence *ev, const char *rel, int line, const char *fmt, ...)
    VAKT_PRINTF(4, 5);
void hs_evidence_release(struct host_evidence *ev);
/* Copy src into dst[n] (always terminated, cut to fit). */
void hs_copy(char *dst, size_t n, const char *src);
/*
 * The next line of *p (a NUL-terminated buffer), without its newline, in
 * line[n] (cut to fit); advances *p. Returns false at the end.
 */
bool hs_next_line(const char **p, char *line, size_t n);

/* The probes, in the order host_sys_collect() runs them. */
void hs_probe_container(struct hs_ctx *c);
void hs_probe_vm(struct hs_ctx *c);
void hs_probe_resources(struct hs_ctx *c);
void hs_probe_kernel(struct hs_ctx *c);
void hs_probe_sysctls(struct hs_ctx *c);
void hs_probe_lsm_cgroup(struct hs_ctx *c);

#endif
