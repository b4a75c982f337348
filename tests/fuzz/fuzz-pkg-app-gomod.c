/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer harness for the go.mod reader (pkg_app_go_mod()): directives,
 * blocks, quoting, comments, replacements, the stdlib package; the readers'
 * contract checked (fuzz-pkg-app-common.h).
 */
#include "fuzz-pkg-app-common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_pkg_app_run(pkg_app_go_mod, "go.mod", PKG_GO, (const char *)data, size);
	return 0;
}
