/* SPDX-License-Identifier: MIT */
#ifndef VAKT_RT_CGROUP_H
#define VAKT_RT_CGROUP_H

/*
 * Container identity from a process's cgroup paths, as Falco's container
 * plugin finds it (docs/runtime.md, "Containers and users").
 *
 * Each cgroup path, in the order given, meets the matchers in Falco's order:
 * podman, docker, CRI (containerd and CRI-O under Kubernetes), containerd
 * (`ctr` namespaces), lxc. A runc-style matcher takes the text between the
 * LAST occurrence of one of its prefixes and its suffix: 64 hex digits make
 * a container whose id is the first 12; a shorter text is an id only for the
 * containerd matcher, and only when the path does not end in ".service",
 * ".slice" or ".scope" (systemd's host units). The lxc matcher takes the
 * path component after "/lxc/", "/lxc.payload/" or "/lxc.payload.". The first
 * path that names a container decides; when none does, the process is on the
 * host.
 *
 * Where vakt departs from the plugin (each documented in docs/runtime.md):
 * the containerd matcher takes one path component of [A-Za-z0-9._-] (the
 * plugin takes the rest of the path), leaves lxc's own layouts to the lxc
 * matcher (the plugin, tried first, calls "/lxc/NAME" a containerd
 * container), and counts .socket, .mount and .swap among systemd's units.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/error.h"

enum rt_ctr_runtime {
	RT_CTR_HOST,
	RT_CTR_DOCKER,
	RT_CTR_CRI,
	RT_CTR_CONTAINERD,
	RT_CTR_PODMAN,
	RT_CTR_LXC,
};

struct rt_ctr_ident {
	enum rt_ctr_runtime runtime;
	/* "host", the first 12 hex digits of a runc-style id, a short
	 * containerd id (at most 12 characters, as Falco cuts it), or the lxc
	 * name (at most 64 bytes). */
	char id[65];
	/* The whole id as the path wrote it (64 hex digits, the containerd id,
	 * the lxc name); "host" on the host. */
	char full_id[65];
	/*
	 * Matched only by containerd's bare /<namespace>/<id> layout, which
	 * any two-level cgroup tree also has (a VM agent's
	 * /process_api/<hex>): a caller that can look (rt-state, live) takes
	 * it for a container only where containerd runs.
	 */
	bool weak;
};

/* Input beyond this many bytes is not read (a kernel path is at most 4096). */
#define RT_CGROUP_MAX_BYTES 65536
/* At most this many paths are tried (a v1 host has about 14 controllers). */
#define RT_CGROUP_MAX_PATHS 64

/*
 * The container the cgroup paths in cgroups (len bytes) name; out is always
 * filled (RT_CTR_HOST with id "host" when none does). cgroups is either
 * Falco's execve `cgroups` parameter (NUL-separated "subsys=/path" strings)
 * or the text of /proc/PID/cgroup ("N:controllers:/path" lines, cgroup v1,
 * v2 or both); a record's path starts at its first '/'. Records without a
 * path are skipped; only the first RT_CGROUP_MAX_BYTES bytes and
 * RT_CGROUP_MAX_PATHS paths are looked at.
 */
void rt_cgroup_ident(const char *cgroups, size_t len, struct rt_ctr_ident *out);

/*
 * The container of one cgroup path (path_len bytes, or up to a NUL before):
 * true and out filled when a matcher names one, false (out set to host)
 * when none does. An lxc name must be printable ASCII without spaces.
 */
bool rt_cgroup_match_path(const char *path, size_t path_len, struct rt_ctr_ident *out);

/*
 * Read PROC_ROOT/PID/cgroup (proc_root "/proc" live) and fill out as
 * rt_cgroup_ident() does. Errors: the open or read error as -errno with a
 * message naming the file (a process that has exited gives -ENOENT or
 * -ESRCH); out is then host.
 */
int rt_cgroup_ident_pid(const char *proc_root, int64_t pid, struct rt_ctr_ident *out,
                        struct vakt_error **err);

/* "host", "docker", "cri", "containerd", "podman", "lxc" (Falco's container.type words,
 * "cri" for CRI-O and containerd's CRI alike). Static. */
const char *rt_ctr_runtime_name(enum rt_ctr_runtime r);

#endif
