/* SPDX-License-Identifier: MIT */
#ifndef VAKT_HOST_H
#define VAKT_HOST_H

/*
 * The host audit (vakt host): probes read facts about the machine (or a
 * fake tree given by --root) into struct host_facts, each fact with the
 * evidence it came from, and the host rules (HO...) judge the facts.
 *
 * Probes read only structured sources: files under the root (/proc, /sys,
 * /etc, /run, /var/lib/dpkg), statfs/fstatat, CPUID, and a few system
 * binaries run with fixed arguments, no shell and a timeout (live only).
 * They never exec into containers and never write. "Cannot read" is kept
 * apart from "absent": a probe that could not read says so in its
 * observation (and a warning), and no rule treats it as a pass or a fail.
 *
 * Testing: with --root DIR every path is read under DIR, and what a live
 * run gets from the CPU or a command is read from a recorded file instead:
 * DIR/.vakt-probe/NAME (NAME: "cpuid", "runc-version", "steal" ...; each
 * probe documents its file). A missing recorded file means the probe saw
 * nothing there, exactly as on a machine without that tool.
 */

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#include <sys/stat.h>

#include "core/error.h"
#include "core/root.h"
#include "core/util.h"

/* Largest file a probe reads (a /proc or /etc file; daemon.json). */
#define HOST_MAX_FILE (4 * 1024 * 1024)

/* Where probes read from. */
struct host_root {
	struct vakt_root dir; /* "/" or the --root directory (core/root.h) */
	bool live;            /* the real "/": CPUID, commands, statfs and sampling run for real */
};

/*
 * Open root at path (NULL: "/", live). Returns 0 or a negative errno with
 * *err set. Release with host_root_release().
 */
int host_root_open(const char *path, struct host_root *out, struct vakt_error **err);
void host_root_release(struct host_root *r);

/*
 * Read the regular file at rel (relative to the root, no leading slash:
 * "proc/sys/kernel/kptr_restrict") into a new NUL-terminated buffer the
 * caller owns (*out, *len without the NUL), at most max bytes (-EFBIG when
 * larger). Paths resolve as if the root were "/" (vakt_root_read()): a fake
 * tree cannot point a probe at the real /etc. A file of /proc or /sys
 * whose size stat() calls 0 is read to its end all the same. Returns 0,
 * -ENOENT when absent, or another negative errno (-EACCES ...).
 */
int host_read(const struct host_root *r, const char *rel, size_t max, char **out, size_t *len);
/* stat of rel under the root (symlinks followed while they stay inside it). 0 or -errno. */
int host_stat(const struct host_root *r, const char *rel, struct stat *st);
/*
 * The recorded output of live probe `name` under --root (DIR/.vakt-probe/NAME),
 * as host_read(); -ENOENT when the root is live or the file is absent.
 */
int host_read_recorded(const struct host_root *r, const char *name, size_t max, char **out,
                       size_t *len);
/* The path of rel as the user knows it ("/proc/sys/kernel/kptr_restrict"); caller frees. */
char *host_path(const struct host_root *r, const char *rel);

/*
 * One thing a probe saw, and what it concluded: the environment section of
 * vakt host lists them in order, and findings cite them as evidence.
 */
struct host_observation {
	char *probe;   /* owned: "virt.cpuid", "sysctl", "docker.socket" */
	char *source;  /* owned: a file ("/proc/cpuinfo"), a command ("runc --version"), "cpuid" */
	int line;      /* 1-based line of source where it was seen; 0 none */
	char *seen;    /* owned: what was read, short ("vendor 'KVMKVMKVM'") */
	char *verdict; /* owned: what the probe concludes ("kvm"), or "unreadable: ..." */
	bool unreadable; /* the probe could not read source (permission, namespace) */
};

struct host_observations {
	struct host_observation *v; /* owned */
	size_t n, cap;
};

/* Append an observation (every string copied; seen is printf-style). */
void host_observe(struct host_observations *o, const char *probe, const char *source, int line,
                  const char *verdict, const char *seen_fmt, ...) VAKT_PRINTF(6, 7);
/* Append that source could not be read (code: the negative errno). */
void host_observe_unreadable(struct host_observations *o, const char *probe, const char *source,
                             int code);
void host_observations_release(struct host_observations *o);

#endif
