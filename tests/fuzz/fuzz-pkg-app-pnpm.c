/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer harness for the pnpm-lock.yaml reader, 5.x, 6.x and 9.x
 * (fuzz-pkg-app-js.h says what is checked).
 */
#include "fuzz-pkg-app-js.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_pkg_app_run(pkg_app_pnpm_lock, "pnpm-lock.yaml", PKG_NPM, data, size);
	return 0;
}
