/* SPDX-License-Identifier: MIT */
#ifndef VAKT_RT_PATH_H
#define VAKT_RT_PATH_H

/*
 * Paths as Falco resolves them (libsinsp's concatenate_paths): a relative
 * path joins its base (the cwd or a directory descriptor's name), then
 * "." components go, ".." drops the one before it (never above "/"), runs
 * of '/' collapse, and no '/' ends the result but the root's. A path that
 * is absolute ignores the base. fd.name is resolved this way, fd.nameraw is
 * the path as the call gave it.
 */

#include <stddef.h>

/*
 * Resolve path (plen bytes) against base (blen bytes; may be empty) into out
 * (cap bytes, NUL-terminated). When neither is absolute the result is the
 * path with its separators collapsed, still relative. Returns the length;
 * 0 when the result does not fit (out is then ""), or when path is empty.
 */
size_t rt_path_join(const char *base, size_t blen, const char *path, size_t plen, char *out,
                    size_t cap);

/* path with runs of '/' collapsed to one (fd.nameraw); returns the length, 0 when it does not fit.
 */
size_t rt_path_squeeze(const char *path, size_t plen, char *out, size_t cap);

#endif
