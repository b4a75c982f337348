/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer harness for the Gemfile.lock and installed gemspec readers
 * (fuzz-pkg-app-js.h says what is checked); every input is read as both,
 * the gemspec under a file name that gives no fallback and one that does.
 */
#include "fuzz-pkg-app-js.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_pkg_app_run(pkg_app_gemfile_lock, "Gemfile.lock", PKG_GEM, data, size);
	fuzz_pkg_app_run(pkg_app_gemspec, "specifications/x.gemspec", PKG_GEM, data, size);
	fuzz_pkg_app_run(pkg_app_gemspec, "specifications/a-b-1.0-java.gemspec", PKG_GEM, data,
	                 size);
	return 0;
}
