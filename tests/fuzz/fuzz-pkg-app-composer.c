/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer harness for Composer's composer.lock and installed.json readers
 * (fuzz-pkg-app-js.h says what is checked); every input is read as both.
 */
#include "fuzz-pkg-app-js.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_pkg_app_run(pkg_app_composer_lock, "composer.lock", PKG_COMPOSER, data, size);
	fuzz_pkg_app_run(pkg_app_composer_installed, "vendor/composer/installed.json", PKG_COMPOSER,
	                 data, size);
	return 0;
}
