/* SPDX-License-Identifier: MIT */
/*
 * deps_collect(): the application packages of a source tree, for vakt scan
 * --list-packages and its SBOMs (deps.h). The files are the ones the scan
 * would give the deps domain, found by the scan's own discovery.
 */
#include <errno.h>

#include "deps.h"

/* Read one input's packages into out; errors to errs. True when the file was read. */
static bool collect_one(const struct vakt_scan_input *in, const struct vakt_scan_opts *o,
                        struct pkg_list *out, struct vakt_error_list *errs)
{
	enum pkg_app_kind k = in->domain == &deps_domain ? deps_kind_of(in->path) : PKG_APP_NONE;
	struct vakt_source *src = NULL;
	struct vakt_error *err = NULL;

	if (k == PKG_APP_NONE) {
		/* Named on the command line: say why nothing is listed from it. */
		if (in->named) {
			vakt_error_set_at(
			    &err, -EINVAL, strcmp(in->path, "-") ? in->path : "<stdin>", 0, 0,
			    "not a lock or requirements file (expected a name such as "
			    "package-lock.json, requirements.txt, go.mod or Cargo.lock)");
			vakt_error_list_add(errs, err);
		}
		return false;
	}
	if (vakt_source_read(in->path, o->limits.v[VAKT_LIMIT_FILE_SIZE], &src, &err) < 0) {
		if (err->code == -EFBIG)
			vakt_error_suffix(err, "; %s", vakt_limit_hint(VAKT_LIMIT_FILE_SIZE));
		vakt_error_list_add(errs, err);
		return false;
	}
	/* What the scan refuses before a domain sees the file, refused here too. */
	if (vakt_source_check_text(src, o->limits.v[VAKT_LIMIT_LINE_LENGTH], &err) < 0) {
		if (err->code == -EFBIG)
			vakt_error_suffix(err, "; %s", vakt_limit_hint(VAKT_LIMIT_LINE_LENGTH));
		vakt_error_list_add(errs, err);
	} else {
		deps_read(k, src, out, errs);
	}
	vakt_source_free(src);
	return true;
}

void deps_collect(const char *const *paths, size_t n, const struct vakt_scan_opts *o,
                  struct pkg_list *out, size_t *files, struct vakt_error_list *errs)
{
	struct vakt_scan_inputs in = {0};
	size_t from = out->n;

	*files = 0;
	vakt_scan_discover(paths, n, o, &in, errs);
	for (size_t i = 0; i < in.n; i++)
		if (collect_one(&in.v[i], o, out, errs))
			(*files)++;
	vakt_scan_inputs_release(&in);
	for (size_t i = from; i < out->n; i++) {
		free(out->v[i].purl);
		out->v[i].purl = pkg_purl(&out->v[i], NULL);
	}
}
