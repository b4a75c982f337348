/* SPDX-License-Identifier: MIT */
#define IMG_DL_DEFINE
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "core/dl.h"
#include "core/util.h"
#include "img-dl.h"

struct img_dl img_dl;

/* The sonames the build linked against (Makefile), so the ABI is the one compiled for. */
#ifndef VAKT_SONAME_ARCHIVE
#define VAKT_SONAME_ARCHIVE "libarchive.so.13"
#endif
#ifndef VAKT_SONAME_ISAL
#define VAKT_SONAME_ISAL "libisal.so.2"
#endif
#ifndef VAKT_SONAME_CRYPTO
#define VAKT_SONAME_CRYPTO "libcrypto.so.3"
#endif

#define IMG_DL_ENTRY(f) {#f, (void **)&img_dl.f},
static const struct vakt_dl_sym archive_syms[] = {IMG_DL_ARCHIVE(IMG_DL_ENTRY)};
static const struct vakt_dl_sym isal_syms[] = {IMG_DL_ISAL(IMG_DL_ENTRY)};
static const struct vakt_dl_sym crypto_syms[] = {IMG_DL_CRYPTO(IMG_DL_ENTRY)};
#undef IMG_DL_ENTRY

static pthread_once_t img_dl_once = PTHREAD_ONCE_INIT;
static int img_dl_code;
static char *img_dl_msg; /* the first failure, kept for every caller */

static void img_dl_run(void)
{
	struct vakt_error *err = NULL;
	int r = vakt_dl_load(VAKT_SONAME_ARCHIVE, "libarchive13", archive_syms,
	                     VAKT_ARRAY_SIZE(archive_syms), &err);

	if (r == 0)
		r = vakt_dl_load(VAKT_SONAME_ISAL, "libisal2", isal_syms,
		                 VAKT_ARRAY_SIZE(isal_syms), &err);
	if (r == 0)
		r = vakt_dl_load(VAKT_SONAME_CRYPTO, "libssl3", crypto_syms,
		                 VAKT_ARRAY_SIZE(crypto_syms), &err);
	if (r < 0) {
		img_dl_code = r;
		img_dl_msg = vakt_xstrdup(err->msg);
		vakt_error_free(err);
	}
}

int img_dl_load(struct vakt_error **err)
{
	pthread_once(&img_dl_once, img_dl_run);
	if (img_dl_code < 0)
		return vakt_error_set(err, img_dl_code, "%s", img_dl_msg);
	return 0;
}
