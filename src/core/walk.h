/* SPDX-License-Identifier: MIT */
#ifndef VAKT_WALK_H
#define VAKT_WALK_H

/*
 * Walking a directory tree: every regular file below a directory, in name
 * order, handed to a callback. Walks with openat()/fdopendir() so deep
 * trees do not build long paths twice, never follows symbolic links to
 * directories (so a symlink loop cannot hang it), stops at a depth limit,
 * and reports every unreadable entry. It skips nothing by itself: what to
 * pass over is the caller's skip callback. The scan's discovery
 * (vakt_scan_discover(), scan.h), which every command that reads a tree
 * uses, skips .git, node_modules and vendor and the config's excludes.
 */

#include <stdbool.h>

#include "error.h"

/*
 * Deepest directory nesting followed by default; deeper trees are reported,
 * not walked (the limit walk-depth changes it).
 */
#define VAKT_WALK_MAX_DEPTH 128

/*
 * Called for each regular file (or symlink to one) found. path is the display
 * path (root joined with the relative path); dfd and name locate it for
 * fstatat() and openat() (all borrowed for the call). Return 0 to go on,
 * non-zero to stop the walk.
 */
typedef int (*vakt_walk_fn)(const char *path, int dfd, const char *name, void *data);
/* Called for each entry that cannot be read; err is handed over. */
typedef void (*vakt_walk_err_fn)(struct vakt_error *err, void *data);
/* Whether a path (file or directory) should be skipped. */
typedef bool (*vakt_walk_skip_fn)(const char *path, bool is_dir, void *data);

struct vakt_walk {
	vakt_walk_fn on_file;
	vakt_walk_err_fn on_error;
	vakt_walk_skip_fn skip; /* may be NULL */
	void *data;
	int max_depth;          /* 0: VAKT_WALK_MAX_DEPTH */
	const char *depth_hint; /* appended to the "too deep" error (how to raise it), or NULL */
};

/* Walk root (a directory). 0, or the first non-zero on_file result. */
int vakt_walk_dir(const char *root, const struct vakt_walk *w);

/*
 * The display path by which a walk of root would reach path (which need
 * not exist, but its directory must), or NULL when path is not below root.
 * Symbolic links in either are resolved first, so "./out.json" and
 * "/abs/dir/out.json" are recognised alike. The caller frees the result.
 */
char *vakt_walk_display_path(const char *root, const char *path);

#endif
