/* SPDX-License-Identifier: MIT */
#define SERVE_DL_DEFINE
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "core/dl.h"
#include "core/util.h"
#include "serve-dl.h"

struct serve_dl serve_dl;

/* The sonames the build linked against (Makefile), so the ABI is the one compiled for. */
#ifndef VAKT_SONAME_MICROHTTPD
#define VAKT_SONAME_MICROHTTPD "libmicrohttpd.so.12"
#endif
#ifndef VAKT_SONAME_GNUTLS
#define VAKT_SONAME_GNUTLS "libgnutls.so.30"
#endif
#ifndef VAKT_SONAME_CURL
#define VAKT_SONAME_CURL "libcurl.so.4"
#endif

#define SERVE_DL_ENTRY(f) {#f, (void **)&serve_dl.f},
static const struct vakt_dl_sym mhd_syms[] = {SERVE_DL_MHD(SERVE_DL_ENTRY)};
static const struct vakt_dl_sym gnutls_syms[] = {SERVE_DL_GNUTLS(SERVE_DL_ENTRY)};
static const struct vakt_dl_sym curl_syms[] = {SERVE_DL_CURL(SERVE_DL_ENTRY)};
#undef SERVE_DL_ENTRY

struct once {
	pthread_once_t once;
	int code;
	char *msg; /* the first failure, kept for every caller */
};

static struct once http_once = {PTHREAD_ONCE_INIT, 0, NULL};
static struct once curl_once = {PTHREAD_ONCE_INIT, 0, NULL};

static void keep_failure(struct once *o, int r, struct vakt_error *err)
{
	if (r < 0) {
		o->code = r;
		o->msg = vakt_xstrdup(err->msg);
		vakt_error_free(err);
	}
}

static void http_run(void)
{
	struct vakt_error *err = NULL;
	int r = vakt_dl_load(VAKT_SONAME_MICROHTTPD, "libmicrohttpd12", mhd_syms,
	                     VAKT_ARRAY_SIZE(mhd_syms), &err);

	if (r == 0)
		r = vakt_dl_load(VAKT_SONAME_GNUTLS, "libgnutls30", gnutls_syms,
		                 VAKT_ARRAY_SIZE(gnutls_syms), &err);
	keep_failure(&http_once, r, err);
}

static void curl_run(void)
{
	struct vakt_error *err = NULL;
	int r =
	    vakt_dl_load(VAKT_SONAME_CURL, "libcurl4", curl_syms, VAKT_ARRAY_SIZE(curl_syms), &err);

	if (r == 0 && serve_dl.curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		r = vakt_error_set(&err, -ELIBBAD, "libcurl could not be initialised");
	keep_failure(&curl_once, r, err);
}

int serve_dl_load_http(struct vakt_error **err)
{
	pthread_once(&http_once.once, http_run);
	if (http_once.code < 0)
		return vakt_error_set(err, http_once.code, "%s", http_once.msg);
	return 0;
}

int serve_dl_load_curl(struct vakt_error **err)
{
	pthread_once(&curl_once.once, curl_run);
	if (curl_once.code < 0)
		return vakt_error_set(err, curl_once.code, "%s", curl_once.msg);
	return 0;
}
