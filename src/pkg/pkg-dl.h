/* SPDX-License-Identifier: MIT */
#ifndef VAKT_PKG_DL_H
#define VAKT_PKG_DL_H

/*
 * SQLite, loaded when the first rpmdb.sqlite is read (core/dl.h says why).
 * Include this header instead of <sqlite3.h> in package sources: calls are
 * written as usual and go through the table, filled by pkg_dl_load().
 */
#include <sqlite3.h>

#include "core/error.h"

/*
 * Every SQLite function vakt calls. A new one is a line here and a #define
 * at the end; one forgotten fails the link of the vakt binary.
 */
#define PKG_DL_SQLITE(X)                                                                           \
	X(sqlite3_bind_blob)                                                                       \
	X(sqlite3_bind_int64)                                                                      \
	X(sqlite3_bind_null)                                                                       \
	X(sqlite3_bind_text)                                                                       \
	X(sqlite3_busy_timeout)                                                                    \
	X(sqlite3_close)                                                                           \
	X(sqlite3_column_blob)                                                                     \
	X(sqlite3_column_bytes)                                                                    \
	X(sqlite3_column_int64)                                                                    \
	X(sqlite3_column_text)                                                                     \
	X(sqlite3_column_type)                                                                     \
	X(sqlite3_db_config)                                                                       \
	X(sqlite3_deserialize)                                                                     \
	X(sqlite3_errmsg)                                                                          \
	X(sqlite3_errstr)                                                                          \
	X(sqlite3_exec)                                                                            \
	X(sqlite3_finalize)                                                                        \
	X(sqlite3_last_insert_rowid)                                                               \
	X(sqlite3_limit)                                                                           \
	X(sqlite3_malloc64)                                                                        \
	X(sqlite3_open_v2)                                                                         \
	X(sqlite3_prepare_v2)                                                                      \
	X(sqlite3_progress_handler)                                                                \
	X(sqlite3_reset)                                                                           \
	X(sqlite3_step)

struct pkg_dl {
#define PKG_DL_SLOT(f) __typeof__(f) *f;
	PKG_DL_SQLITE(PKG_DL_SLOT)
#undef PKG_DL_SLOT
};

extern struct pkg_dl pkg_dl;

/*
 * Load SQLite once per process (thread-safe; later calls are cheap). 0, or
 * -ELIBACC/-ELIBBAD with *err naming the library and its Debian package.
 */
int pkg_dl_load(struct vakt_error **err);

#ifndef PKG_DL_DEFINE
#define sqlite3_bind_blob         pkg_dl.sqlite3_bind_blob
#define sqlite3_bind_int64        pkg_dl.sqlite3_bind_int64
#define sqlite3_bind_null         pkg_dl.sqlite3_bind_null
#define sqlite3_bind_text         pkg_dl.sqlite3_bind_text
#define sqlite3_busy_timeout      pkg_dl.sqlite3_busy_timeout
#define sqlite3_close             pkg_dl.sqlite3_close
#define sqlite3_column_blob       pkg_dl.sqlite3_column_blob
#define sqlite3_column_bytes      pkg_dl.sqlite3_column_bytes
#define sqlite3_column_int64      pkg_dl.sqlite3_column_int64
#define sqlite3_column_text       pkg_dl.sqlite3_column_text
#define sqlite3_column_type       pkg_dl.sqlite3_column_type
#define sqlite3_db_config         pkg_dl.sqlite3_db_config
#define sqlite3_deserialize       pkg_dl.sqlite3_deserialize
#define sqlite3_errmsg            pkg_dl.sqlite3_errmsg
#define sqlite3_errstr            pkg_dl.sqlite3_errstr
#define sqlite3_exec              pkg_dl.sqlite3_exec
#define sqlite3_finalize          pkg_dl.sqlite3_finalize
#define sqlite3_last_insert_rowid pkg_dl.sqlite3_last_insert_rowid
#define sqlite3_limit             pkg_dl.sqlite3_limit
#define sqlite3_malloc64          pkg_dl.sqlite3_malloc64
#define sqlite3_open_v2           pkg_dl.sqlite3_open_v2
#define sqlite3_prepare_v2        pkg_dl.sqlite3_prepare_v2
#define sqlite3_progress_handler  pkg_dl.sqlite3_progress_handler
#define sqlite3_reset             pkg_dl.sqlite3_reset
#define sqlite3_step              pkg_dl.sqlite3_step
#endif

#endif
