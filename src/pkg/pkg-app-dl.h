/* SPDX-License-Identifier: MIT */
#ifndef VAKT_PKG_APP_DL_H
#define VAKT_PKG_APP_DL_H

/*
 * libelf, zlib and libarchive for the binary and archive readers
 * (pkg-app-elf.c, pkg-app-jar.c), loaded when the first binary or jar is
 * read (core/dl.h says why). Include this header, in those sources only,
 * instead of the libraries' own: calls are written as usual and go through
 * the table; a call before pkg_app_dl_load() has succeeded is a NULL call.
 */
#include <archive.h>
#include <archive_entry.h>
#include <gelf.h>
#include <libelf.h>
#include <zlib.h>

#include "core/error.h"

/*
 * Every function called, by library. A new one is a line here and a
 * #define at the end; one forgotten fails the link of the vakt binary, which
 * does not link these libraries.
 */
#define PKG_APP_DL_ELF(X)                                                                          \
	X(elf_end)                                                                                 \
	X(elf_errmsg)                                                                              \
	X(elf_errno)                                                                               \
	X(elf_getphdrnum)                                                                          \
	X(elf_getshdrnum)                                                                          \
	X(elf_getshdrstrndx)                                                                       \
	X(elf_kind)                                                                                \
	X(elf_memory)                                                                              \
	X(elf_nextscn)                                                                             \
	X(elf_strptr)                                                                              \
	X(elf_version)                                                                             \
	X(gelf_getclass)                                                                           \
	X(gelf_getehdr)                                                                            \
	X(gelf_getphdr)                                                                            \
	X(gelf_getshdr)

#define PKG_APP_DL_ZLIB(X)                                                                         \
	X(inflate)                                                                                 \
	X(inflateEnd)                                                                              \
	X(inflateInit_)

#define PKG_APP_DL_ARCHIVE(X)                                                                      \
	X(archive_entry_filetype)                                                                  \
	X(archive_entry_pathname)                                                                  \
	X(archive_error_string)                                                                    \
	X(archive_read_data)                                                                       \
	X(archive_read_data_skip)                                                                  \
	X(archive_read_free)                                                                       \
	X(archive_read_new)                                                                        \
	X(archive_read_next_header)                                                                \
	X(archive_read_open_memory)                                                                \
	X(archive_read_support_format_zip)

struct pkg_app_dl {
#define PKG_APP_DL_SLOT(f) __typeof__(f) *f;
	PKG_APP_DL_ELF(PKG_APP_DL_SLOT)
	PKG_APP_DL_ZLIB(PKG_APP_DL_SLOT)
	PKG_APP_DL_ARCHIVE(PKG_APP_DL_SLOT)
#undef PKG_APP_DL_SLOT
};

extern struct pkg_app_dl pkg_app_dl;

/*
 * Load the three libraries once per process (thread-safe; later calls are
 * cheap; libelf's elf_version() is called once here). 0, or
 * -ELIBACC/-ELIBBAD with *err naming the missing library and its Debian
 * package.
 */
int pkg_app_dl_load(struct vakt_error **err);

#ifndef PKG_APP_DL_DEFINE
#define elf_end                         pkg_app_dl.elf_end
#define elf_errmsg                      pkg_app_dl.elf_errmsg
#define elf_errno                       pkg_app_dl.elf_errno
#define elf_getphdrnum                  pkg_app_dl.elf_getphdrnum
#define elf_getshdrnum                  pkg_app_dl.elf_getshdrnum
#define elf_getshdrstrndx               pkg_app_dl.elf_getshdrstrndx
#define elf_kind                        pkg_app_dl.elf_kind
#define elf_memory                      pkg_app_dl.elf_memory
#define elf_nextscn                     pkg_app_dl.elf_nextscn
#define elf_strptr                      pkg_app_dl.elf_strptr
#define elf_version                     pkg_app_dl.elf_version
#define gelf_getclass                   pkg_app_dl.gelf_getclass
#define gelf_getehdr                    pkg_app_dl.gelf_getehdr
#define gelf_getphdr                    pkg_app_dl.gelf_getphdr
#define gelf_getshdr                    pkg_app_dl.gelf_getshdr
#define inflate                         pkg_app_dl.inflate
#define inflateEnd                      pkg_app_dl.inflateEnd
#define inflateInit_                    pkg_app_dl.inflateInit_
#define archive_entry_filetype          pkg_app_dl.archive_entry_filetype
#define archive_entry_pathname          pkg_app_dl.archive_entry_pathname
#define archive_error_string            pkg_app_dl.archive_error_string
#define archive_read_data               pkg_app_dl.archive_read_data
#define archive_read_data_skip          pkg_app_dl.archive_read_data_skip
#define archive_read_free               pkg_app_dl.archive_read_free
#define archive_read_new                pkg_app_dl.archive_read_new
#define archive_read_next_header        pkg_app_dl.archive_read_next_header
#define archive_read_open_memory        pkg_app_dl.archive_read_open_memory
#define archive_read_support_format_zip pkg_app_dl.archive_read_support_format_zip
#endif

#endif
