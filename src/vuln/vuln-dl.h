/* SPDX-License-Identifier: MIT */
#ifndef VAKT_VULN_DL_H
#define VAKT_VULN_DL_H

/*
 * libarchive (OSV's all.zip archives) and libcurl (vakt db update), loaded
 * when first needed (core/dl.h says why): a scan that reads the database
 * maps neither. Include this header, in vuln sources only, instead of the
 * libraries' own: calls are written as usual and go through the table.
 */
/* curl's type-checking macros would hide the functions this table replaces. */
#define CURL_DISABLE_TYPECHECK
#include <archive.h>
#include <archive_entry.h>
#include <curl/curl.h>
/* curl.h wraps these two in macros of its own (three arguments each): the table replaces them. */
#undef curl_easy_getinfo
#undef curl_easy_setopt

#include "core/error.h"

/* Every function vakt calls, by library; one forgotten fails the link of the vakt binary. */
#define VULN_DL_ARCHIVE(X)                                                                         \
	X(archive_entry_filetype)                                                                  \
	X(archive_entry_pathname)                                                                  \
	X(archive_entry_size)                                                                      \
	X(archive_entry_size_is_set)                                                               \
	X(archive_error_string)                                                                    \
	X(archive_read_data)                                                                       \
	X(archive_read_free)                                                                       \
	X(archive_read_new)                                                                        \
	X(archive_read_next_header)                                                                \
	X(archive_read_open_fd)                                                                    \
	X(archive_read_support_format_zip)

#define VULN_DL_CURL(X)                                                                            \
	X(curl_easy_cleanup)                                                                       \
	X(curl_easy_getinfo)                                                                       \
	X(curl_easy_init)                                                                          \
	X(curl_easy_perform)                                                                       \
	X(curl_easy_setopt)                                                                        \
	X(curl_easy_strerror)

struct vuln_dl {
#define VULN_DL_SLOT(f) __typeof__(f) *f;
	VULN_DL_ARCHIVE(VULN_DL_SLOT)
	VULN_DL_CURL(VULN_DL_SLOT)
#undef VULN_DL_SLOT
};

extern struct vuln_dl vuln_dl;

/*
 * Load libarchive, or libcurl, once per process (thread-safe; later calls
 * are cheap). 0, or -ELIBACC/-ELIBBAD with *err naming the library and its
 * Debian package.
 */
int vuln_dl_load_archive(struct vakt_error **err);
int vuln_dl_load_curl(struct vakt_error **err);

#ifndef VULN_DL_DEFINE
#define archive_entry_filetype          vuln_dl.archive_entry_filetype
#define archive_entry_pathname          vuln_dl.archive_entry_pathname
#define archive_entry_size              vuln_dl.archive_entry_size
#define archive_entry_size_is_set       vuln_dl.archive_entry_size_is_set
#define archive_error_string            vuln_dl.archive_error_string
#define archive_read_data               vuln_dl.archive_read_data
#define archive_read_free               vuln_dl.archive_read_free
#define archive_read_new                vuln_dl.archive_read_new
#define archive_read_next_header        vuln_dl.archive_read_next_header
#define archive_read_open_fd            vuln_dl.archive_read_open_fd
#define archive_read_support_format_zip vuln_dl.archive_read_support_format_zip
#define curl_easy_cleanup               vuln_dl.curl_easy_cleanup
#define curl_easy_getinfo               vuln_dl.curl_easy_getinfo
#define curl_easy_init                  vuln_dl.curl_easy_init
#define curl_easy_perform               vuln_dl.curl_easy_perform
#define curl_easy_setopt                vuln_dl.curl_easy_setopt
#define curl_easy_strerror              vuln_dl.curl_easy_strerror
#endif

#endif
