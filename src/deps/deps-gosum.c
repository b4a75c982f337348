/* SPDX-License-Identifier: MIT */
/*
 * go.sum beside a go.mod (deps.h, deps_read_go_sum()): before Go 1.17 a
 * module's go.mod lists its direct requirements only, and the modules they
 * bring in are named in go.sum alone (the go command's "module graph
 * pruning" came with go 1.17). So for a go.mod whose go directive is older,
 * or missing, the go.sum in its directory is read too.
 */
#include <errno.h>

#include "deps.h"

/* The go.sum in the directory of the go.mod at path (owned by the caller). */
static char *go_sum_path(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		return vakt_xstrdup("go.sum");
	return vakt_xasprintf("%.*s/go.sum", (int)(slash - path), path);
}

long deps_read_go_sum(const struct vakt_source *mod, struct pkg_list *out,
                      struct vakt_error_list *errs)
{
	struct pkg_app_go_mod_keys k;
	struct vakt_source *sum = NULL;
	struct vakt_error *err = NULL;
	char *path;
	long r = 0;

	if (!strcmp(mod->path, "-") || !strcmp(mod->path, "<stdin>"))
		return 0; /* standard input has no directory */
	/* go.mod's own errors are deps_read()'s to report. */
	if (pkg_app_go_mod_keys(mod->path, mod->data, mod->len, &k, &err) < 0) {
		vakt_error_free(err);
		return 0;
	}
	if (!k.needs_sum)
		goto out;
	path = go_sum_path(mod->path);
	if (vakt_source_read(path, PKG_APP_MAX_FILE, &sum, &err) < 0) {
		/* No go.sum: a module without dependencies, or one never tidied. */
		if (err->code == -ENOENT)
			vakt_error_free(err);
		else
			vakt_error_list_add(errs, err);
		free(path);
		goto out;
	}
	r = pkg_app_go_sum_beside(&k, path, sum->data, sum->len, out, &err);
	if (r < 0)
		vakt_error_list_add(errs, err);
	vakt_source_free(sum);
	free(path);
out:
	pkg_app_go_mod_keys_release(&k);
	return r;
}
