/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer harness for the go.mod and go.sum readers (pkg_app_go_mod(),
 * pkg_app_go_sum()): directives, blocks, quoting, comments, replacements,
 * the stdlib package; go.sum lines, versions, hashes; the readers' contract
 * checked (fuzz-pkg-app-common.h). The input is read as a go.mod, as a
 * go.sum, and, when it holds a line "--", as a go.mod (before it) and the
 * go.sum beside it (after it), with pkg_app_go_mod_keys() and
 * pkg_app_go_sum_beside().
 */
#include "fuzz-pkg-app-common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct pkg_app_go_mod_keys keys;

static long go_sum_beside(const char *path, const char *data, size_t len, struct pkg_list *out,
                          struct vakt_error **err)
{
	return pkg_app_go_sum_beside(&keys, path, data, len, out, err);
}

static void fuzz_beside(const char *mod, size_t mod_len, const char *sum, size_t sum_len)
{
	struct vakt_error *err = NULL;

	if (pkg_app_go_mod_keys("go.mod", mod, mod_len, &keys, &err) < 0) {
		if (!err || keys.n || keys.paths)
			__builtin_trap();
		vakt_error_free(err);
		return;
	}
	for (size_t i = 0; i < keys.n; i++)
		if (!pkg_app_go_mod_keys_has(&keys, keys.paths[i]))
			__builtin_trap();
	fuzz_pkg_app_run(go_sum_beside, "go.sum", PKG_GO, sum, sum_len);
	pkg_app_go_mod_keys_release(&keys);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	const char *sep = size >= 4 ? memmem(s, size, "\n--\n", 4) : NULL;

	fuzz_pkg_app_run(pkg_app_go_mod, "go.mod", PKG_GO, s, size);
	fuzz_pkg_app_run(pkg_app_go_sum, "go.sum", PKG_GO, s, size);
	if (sep)
		fuzz_beside(s, (size_t)(sep - s) + 1, sep + 4, size - (size_t)(sep - s) - 4);
	return 0;
}
