/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer harness for the Python package readers: the input is read as a
 * METADATA file, a requirements file (packages, and the unpinned lines) and
 * a Pipfile.lock; the readers' contract is checked
 * (fuzz-pkg-app-common.h), and every unpinned line is a line of the file.
 */
#include "fuzz-pkg-app-common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct unpinned_ctx {
	int lines;
};

static void on_unpinned(int line, const char *req, void *arg)
{
	const struct unpinned_ctx *c = arg;

	if (line < 1 || line > c->lines || !req || strlen(req) > PKG_MAX_FIELD)
		__builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	struct unpinned_ctx c = {1};
	struct vakt_error *err = NULL;

	for (size_t i = 0; i < size; i++)
		c.lines += s[i] == '\n';
	fuzz_pkg_app_run(pkg_app_py_metadata, "x.dist-info/METADATA", PKG_PYPI, s, size);
	fuzz_pkg_app_run(pkg_app_py_requirements, "requirements.txt", PKG_PYPI, s, size);
	fuzz_pkg_app_run(pkg_app_pipfile_lock, "Pipfile.lock", PKG_PYPI, s, size);
	if (pkg_app_requirements_unpinned("requirements.txt", s, size, on_unpinned, &c, &err)) {
		if (!err)
			__builtin_trap();
		vakt_error_free(err);
	}
	return 0;
}
