/* SPDX-License-Identifier: MIT */
#ifndef VAKT_RT_USERS_H
#define VAKT_RT_USERS_H

/*
 * User and group names as the process itself sees them: a container's uid
 * 1000 is whoever its own /etc/passwd says, not the host's. The files are
 * read through PROC_ROOT/PID/root (the process's root, resolved inside it:
 * root.h), once per mount namespace, and read again when they change
 * (mtime, size or inode), looked at no more often than every refresh
 * seconds. A name not in the file is unknown (NULL: the field reads <NA>,
 * as in Falco). The cache belongs to one thread: the state engine's.
 */

#include <stdbool.h>
#include <stdint.h>

#include "core/error.h"

/* Ceilings: a larger passwd or group is not read (a distinct "too large" error, see below). */
#define RT_USERS_MAX_FILE_BYTES (4u * 1024 * 1024)
/* A longer line is passed over, as glibc's fgetpwent would reject it anyway. */
#define RT_USERS_MAX_LINE_BYTES 4096
/* Entries beyond these many in one file are not read. */
#define RT_USERS_MAX_ENTRIES 65536
/* Mount namespaces cached at once; the least recently used is dropped beyond. */
#define RT_USERS_MAX_NAMESPACES 256
/* How often (seconds) a cached namespace's files are looked at again by default. */
#define RT_USERS_REFRESH_SECONDS 5

struct rt_users;

/* One /etc/passwd entry; the strings belong to the cache. */
struct rt_user_ent {
	uint32_t uid;
	uint32_t gid;
	const char *name;
	const char *home;  /* "" when the line has none */
	const char *shell; /* "" when the line has none */
};

/* One /etc/group entry. */
struct rt_group_ent {
	uint32_t gid;
	const char *name;
};

/* A cache reading below proc_root ("/proc" live, a fake tree in tests). The caller frees it. */
struct rt_users *rt_users_new(const char *proc_root);
void rt_users_free(struct rt_users *u);
/* Look at a namespace's files again at most every seconds (0: at every lookup). */
void rt_users_set_refresh(struct rt_users *u, unsigned seconds);

/*
 * The entry of uid (gid) in the passwd (group) file of the mount namespace
 * mntns, read through process pid; NULL when unknown (no such entry, no
 * file, or the process gone before its files were read). mntns 0 means
 * "find it": the inode of PROC_ROOT/PID/ns/mnt. The entry is valid until the
 * next call on u. Lines are read as passwd(5) and group(5) say; comments,
 * NIS lines ("+", "-"), lines without the numeric field, and overlong lines
 * are passed over; of two entries for one id the first counts (as
 * getpwuid()).
 */
const struct rt_user_ent *rt_users_lookup_user(struct rt_users *u, int64_t pid, uint64_t mntns,
                                               uint32_t uid);
const struct rt_group_ent *rt_users_lookup_group(struct rt_users *u, int64_t pid, uint64_t mntns,
                                                 uint32_t gid);

/* The name alone; NULL when unknown. Valid until the next call on u. */
const char *rt_users_user(struct rt_users *u, int64_t pid, uint64_t mntns, uint32_t uid);
const char *rt_users_group(struct rt_users *u, int64_t pid, uint64_t mntns, uint32_t gid);
/* user.homedir and user.shell; NULL when unknown or empty. Valid until the next call on u. */
const char *rt_users_home(struct rt_users *u, int64_t pid, uint64_t mntns, uint32_t uid);
const char *rt_users_shell(struct rt_users *u, int64_t pid, uint64_t mntns, uint32_t uid);

/*
 * The last error met reading a file (NULL when none, or when that file has
 * since been read well): -EFBIG "'PROC/PID/root/etc/passwd' is too large (N bytes, at
 * most RT_USERS_MAX_FILE_BYTES)", -E2BIG "... more than RT_USERS_MAX_ENTRIES
 * entries" (the first ones are kept), or the open error. Lookups go on
 * without the file; the caller may show this once. Owned by u.
 */
const struct vakt_error *rt_users_last_error(const struct rt_users *u);

/* Counters: files read (and read again), and reads that failed. */
struct rt_users_stats {
	uint64_t loads;
	uint64_t load_errors;
	uint64_t namespaces; /* cached now */
};
void rt_users_stats(const struct rt_users *u, struct rt_users_stats *out);

#endif
