/* SPDX-License-Identifier: MIT */
#define VULN_DL_DEFINE
#include <pthread.h>

#include "core/dl.h"
#include "core/util.h"
#include "vuln-dl.h"

struct vuln_dl vuln_dl;

/* The sonames the build linked against (Makefile), so the ABI is the one compiled for. */
#ifndef VAKT_SONAME_ARCHIVE
#define VAKT_SONAME_ARCHIVE "libarchive.so.13"
#endif
#ifndef VAKT_SONAME_CURL
#define VAKT_SONAME_CURL "libcurl.so.4"
#endif

#define VULN_DL_ENTRY(f) {#f, (void **)&vuln_dl.f},
static const struct vakt_dl_sym archive_syms[] = {VULN_DL_ARCHIVE(VULN_DL_ENTRY)};
static const struct vakt_dl_sym curl_syms[] = {VULN_DL_CURL(VULN_DL_ENTRY)};
#undef VULN_DL_ENTRY

struct once {
	pthread_once_t once;
	int code;
	char *msg; /* the failure, kept for every caller */
};

static struct once archive_once = {PTHREAD_ONCE_INIT, 0, NULL};
static struct once curl_once = {PTHREAD_ONCE_INIT, 0, NULL};

static void keep(struct once *o, int r, struct vakt_error *err)
{
	if (r < 0) {
		o->code = r;
		o->msg = vakt_xstrdup(err->msg);
		vakt_error_free(err);
	}
}

static void archive_run(void)
{
	struct vakt_error *err = NULL;

	keep(&archive_once,
	     vakt_dl_load(VAKT_SONAME_ARCHIVE, "libarchive13", archive_syms,
	                  VAKT_ARRAY_SIZE(archive_syms), &err),
	     err);
}

static void curl_run(void)
{
	struct vakt_error *err = NULL;

	keep(
	    &curl_once,
	    vakt_dl_load(VAKT_SONAME_CURL, "libcurl4", curl_syms, VAKT_ARRAY_SIZE(curl_syms), &err),
	    err);
}

int vuln_dl_load_archive(struct vakt_error **err)
{
	pthread_once(&archive_once.once, archive_run);
	if (archive_once.code < 0)
		return vakt_error_set(err, archive_once.code, "%s", archive_once.msg);
	return 0;
}

int vuln_dl_load_curl(struct vakt_error **err)
{
	pthread_once(&curl_once.once, curl_run);
	if (curl_once.code < 0)
		return vakt_error_set(err, curl_once.code, "%s", curl_once.msg);
	return 0;
}
