/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer harness for npm's package-lock.json / npm-shrinkwrap.json
 * reader and the installed package.json reader (fuzz-pkg-app-js.h says what
 * is checked); every input is read as both.
 */
#include "fuzz-pkg-app-js.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_pkg_app_run(pkg_app_npm_lock, "app/package-lock.json", PKG_NPM, data, size);
	fuzz_pkg_app_run(pkg_app_npm_installed, "node_modules/a/package.json", PKG_NPM, data, size);
	return 0;
}
