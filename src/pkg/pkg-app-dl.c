/* SPDX-License-Identifier: MIT */
#define PKG_APP_DL_DEFINE
#include <errno.h>
#include <pthread.h>

#include "core/dl.h"
#include "core/util.h"
#include "pkg-app-dl.h"

struct pkg_app_dl pkg_app_dl;

/* The sonames the build linked against (Makefile), so the ABI is the one compiled for. */
#ifndef VAKT_SONAME_ELF
#define VAKT_SONAME_ELF "libelf.so.1"
#endif
#ifndef VAKT_SONAME_Z
#define VAKT_SONAME_Z "libz.so.1"
#endif
#ifndef VAKT_SONAME_ARCHIVE
#define VAKT_SONAME_ARCHIVE "libarchive.so.13"
#endif

#define PKG_APP_DL_ENTRY(f) {#f, (void **)&pkg_app_dl.f},
static const struct vakt_dl_sym elf_syms[] = {PKG_APP_DL_ELF(PKG_APP_DL_ENTRY)};
static const struct vakt_dl_sym zlib_syms[] = {PKG_APP_DL_ZLIB(PKG_APP_DL_ENTRY)};
static const struct vakt_dl_sym archive_syms[] = {PKG_APP_DL_ARCHIVE(PKG_APP_DL_ENTRY)};
#undef PKG_APP_DL_ENTRY

static pthread_once_t pkg_app_dl_once = PTHREAD_ONCE_INIT;
static int pkg_app_dl_code;
static char *pkg_app_dl_msg; /* the first failure, kept for every caller */

static void pkg_app_dl_run(void)
{
	struct vakt_error *err = NULL;
	int r = vakt_dl_load(VAKT_SONAME_ELF, "libelf1", elf_syms, VAKT_ARRAY_SIZE(elf_syms), &err);

	if (r == 0)
		r = vakt_dl_load(VAKT_SONAME_Z, "zlib1g", zlib_syms, VAKT_ARRAY_SIZE(zlib_syms),
		                 &err);
	if (r == 0)
		r = vakt_dl_load(VAKT_SONAME_ARCHIVE, "libarchive13", archive_syms,
		                 VAKT_ARRAY_SIZE(archive_syms), &err);
	if (r == 0 && pkg_app_dl.elf_version(EV_CURRENT) == EV_NONE)
		r = vakt_error_set(&err, -ELIBBAD, "libelf does not support ELF version %d",
		                   EV_CURRENT);
	if (r < 0) {
		pkg_app_dl_code = r;
		pkg_app_dl_msg = vakt_xstrdup(err->msg);
		vakt_error_free(err);
	}
}

int pkg_app_dl_load(struct vakt_error **err)
{
	pthread_once(&pkg_app_dl_once, pkg_app_dl_run);
	if (pkg_app_dl_code < 0)
		return vakt_error_set(err, pkg_app_dl_code, "%s", pkg_app_dl_msg);
	return 0;
}
