/* SPDX-License-Identifier: MIT */
#define PKG_DL_DEFINE
#include <pthread.h>

#include "core/dl.h"
#include "core/util.h"
#include "pkg-dl.h"

struct pkg_dl pkg_dl;

/* The soname the build linked against (Makefile), so the ABI is the one compiled for. */
#ifndef VAKT_SONAME_SQLITE
#define VAKT_SONAME_SQLITE "libsqlite3.so.0"
#endif

#define PKG_DL_ENTRY(f) {#f, (void **)&pkg_dl.f},
static const struct vakt_dl_sym sqlite_syms[] = {PKG_DL_SQLITE(PKG_DL_ENTRY)};
#undef PKG_DL_ENTRY

static pthread_once_t pkg_dl_once = PTHREAD_ONCE_INIT;
static int pkg_dl_code;
static char *pkg_dl_msg; /* the failure, kept for every caller */

static void pkg_dl_run(void)
{
	struct vakt_error *err = NULL;

	pkg_dl_code = vakt_dl_load(VAKT_SONAME_SQLITE, "libsqlite3-0", sqlite_syms,
	                           VAKT_ARRAY_SIZE(sqlite_syms), &err);
	if (pkg_dl_code < 0) {
		pkg_dl_msg = vakt_xstrdup(err->msg);
		vakt_error_free(err);
	}
}

int pkg_dl_load(struct vakt_error **err)
{
	pthread_once(&pkg_dl_once, pkg_dl_run);
	if (pkg_dl_code < 0)
		return vakt_error_set(err, pkg_dl_code, "%s", pkg_dl_msg);
	return 0;
}
