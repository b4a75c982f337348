/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer harness for the yarn.lock reader, classic and berry
 * (fuzz-pkg-app-js.h says what is checked).
 */
#include "fuzz-pkg-app-js.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_pkg_app_run(pkg_app_yarn_lock, "yarn.lock", PKG_NPM, data, size);
	return 0;
}
