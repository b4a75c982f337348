/* SPDX-License-Identifier: MIT */
#ifndef VAKT_ROOT_H
#define VAKT_ROOT_H

/*
 * Reading files beneath a directory that someone else controls: a container
 * runtime's state under a configurable root (rt-ctrmeta.c), a process's own
 * root through /proc/PID/root (rt-users.c). A path is resolved as if the
 * directory were "/": symlinks (absolute or relative) and ".." stay inside
 * it (openat2(2) with RESOLVE_IN_ROOT), magic links (/proc/self/...) are
 * refused. On a kernel without openat2 (before 5.6) no symlink is followed
 * at all and ".." is refused. Only regular files are read, never FIFOs or
 * devices, each under a size ceiling its caller names.
 */

#include <dirent.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>

#include "core/error.h"

struct vakt_root {
	int fd;     /* O_PATH directory, -1 when closed */
	char *path; /* owned; as given, for messages */
};

/*
 * Open directory path as a root (following symlinks to it: /proc/PID/root
 * is one). Errors: -errno, with a message naming path.
 */
int vakt_root_open(struct vakt_root *r, const char *path, struct vakt_error **err);
/* Close r; accepts a closed or zeroed-with-fd-(-1) root. */
void vakt_root_close(struct vakt_root *r);

/*
 * Open rel (relative, '/'-separated, no NUL) beneath r with flags (O_RDONLY,
 * O_PATH, O_DIRECTORY; O_CLOEXEC is added). Returns the fd or -errno
 * (-ELOOP for a magic link, or for any symlink in the fallback, which opens
 * every component O_NOFOLLOW; -EXDEV for ".." in the fallback).
 */
int vakt_root_openat(const struct vakt_root *r, const char *rel, int flags);

/*
 * Read the regular file rel beneath r into *out (NUL-terminated, owned by
 * the caller, free()), its length in *len and, when st is non-NULL, its
 * stat. Errors: -ENOENT and the other open errors as -errno, -EINVAL for
 * what is not a regular file, -EFBIG "'ROOT/rel' is too large (N bytes, at
 * most MAX)" beyond max bytes; each with a message naming the file.
 */
int vakt_root_read(const struct vakt_root *r, const char *rel, size_t max, char **out, size_t *len,
                   struct stat *st, struct vakt_error **err);

/* stat(2) of rel beneath r, resolved as vakt_root_read() resolves it; 0 or -errno. */
int vakt_root_stat(const struct vakt_root *r, const char *rel, struct stat *st);

/* opendir(3) of rel beneath r; NULL with errno set on failure. closedir() it. */
DIR *vakt_root_opendir(const struct vakt_root *r, const char *rel);

/*
 * For tests: resolve as a kernel without openat2 would (no symlink
 * followed). Process-wide; set it before any thread reads.
 */
void vakt_root_force_fallback(bool on);

#endif
