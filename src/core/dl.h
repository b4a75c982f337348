/* SPDX-License-Identifier: MIT */
#ifndef VAKT_CORE_DL_H
#define VAKT_CORE_DL_H

#include <stddef.h>

#include "error.h"

/*
 * Libraries that only some commands need are loaded on first use, so that
 * `vakt scan` of one file does not map libarchive, OpenSSL, ISA-L and SQLite
 * and what they pull in (ICU, libxml2, nettle, ...): mapping and relocating
 * them was most of the start-up time. A domain keeps a table of function
 * pointers (typed with __typeof__ from the library's own header, so the
 * compiler checks every call) and fills it with vakt_dl_load() before the
 * first call; see src/image/img-dl.h.
 */

/* A symbol to resolve, and where its address goes. */
struct vakt_dl_sym {
	const char *name;
	void **slot;
};

/*
 * dlopen() soname (e.g. "libarchive.so.13") and resolve every symbol of
 * syms[0..n) into its slot. The library stays loaded for the life of the
 * process. On failure, *err says which library or symbol is missing and
 * that the Debian package `package` provides it; the slots are then
 * unspecified. Not thread-safe: callers serialise (pthread_once).
 */
int vakt_dl_load(const char *soname, const char *package, const struct vakt_dl_sym *syms, size_t n,
                 struct vakt_error **err);

#endif
