/* SPDX-License-Identifier: MIT */
#include <dlfcn.h>
#include <errno.h>

#include "dl.h"

int vakt_dl_load(const char *soname, const char *package, const struct vakt_dl_sym *syms, size_t n,
                 struct vakt_error **err)
{
	/* RTLD_NOW: a missing symbol is an error here, not a crash at first call. */
	void *h = dlopen(soname, RTLD_NOW | RTLD_LOCAL);

	if (!h) {
		const char *why = dlerror();

		return vakt_error_set(err, -ELIBACC,
		                      "cannot load %s (%s; install the Debian package %s)", soname,
		                      why ? why : "not found", package);
	}
	for (size_t i = 0; i < n; i++) {
		void *p;

		dlerror();
		p = dlsym(h, syms[i].name);
		if (!p)
			return vakt_error_set(err, -ELIBBAD,
			                      "%s has no symbol %s (install the Debian package %s)",
			                      soname, syms[i].name, package);
		*syms[i].slot = p;
	}
	return 0;
}
