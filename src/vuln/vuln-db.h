/* SPDX-License-Identifier: MIT */
#ifndef VAKT_VULN_DB_H
#define VAKT_VULN_DB_H

/*
 * The local vulnerability database: OSV records imported once (`vakt db
 * import`, `vakt db update`), read by every image scan without touching the
 * network. One SQLite file, by default $XDG_CACHE_HOME/vakt/vuln.db
 * (~/.cache/vakt/vuln.db); docs/vulnerabilities.md documents its schema
 * and version. A scan opens it read-only; an import writes in one
 * transaction, so a failed import leaves the database as it was.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "vuln/vuln-model.h"

struct vuln_db;

/*
 * The default path (caller frees), from $XDG_CACHE_HOME or $HOME. NULL with
 * *err when neither is set.
 */
char *vuln_db_default_path(struct vakt_error **err);

enum vuln_db_mode {
	VULN_DB_READ,  /* a scan: the file must exist and be of this version */
	VULN_DB_WRITE, /* an import: created (with its directory) when missing */
};

/*
 * Open the database at path. -ENOENT (with *err saying how to get one) when
 * it does not exist in VULN_DB_READ mode; -EPROTO when it was written by an
 * incompatible version of vakt (the message says which, and that `vakt db
 * import` rebuilds it) or is not a vakt database at all. In VULN_DB_WRITE
 * mode a database of an older schema is rebuilt (written beside it and
 * renamed over it when the import commits); a newer one, or another kind of
 * file, is refused and never overwritten. A database left with the journal
 * of an interrupted import is rolled back first, in either mode. *out is
 * owned by the caller: vuln_db_close().
 */
int vuln_db_open(const char *path, enum vuln_db_mode mode, struct vuln_db **out,
                 struct vakt_error **err);
void vuln_db_close(struct vuln_db *db);

/*
 * Every non-withdrawn record with an affected[] entry for exactly this
 * ecosystem string and package name, appended to *out with only those
 * affected entries kept (n_affected >= 1 each), in the order they were
 * first imported. The caller owns what is appended; each record lies in
 * one allocation (vuln_record.block). A scan that releases each package's
 * records before the next lookup keeps its memory small (docs/performance.md
 * measures both). Safe to call from one thread at a time per handle; a
 * read handle holds a shared lock until closed, which an import waits for.
 */
int vuln_db_lookup(struct vuln_db *db, const char *ecosystem, const char *name,
                   struct vuln_record_list *out, struct vakt_error **err);

/* Whether the database holds any record for this ecosystem string. */
int vuln_db_has_ecosystem(struct vuln_db *db, const char *ecosystem, int *has,
                          struct vakt_error **err);

/* What `vakt db info` and the scan's age warning say. */
struct vuln_db_info {
	struct vuln_db_eco {
		char *ecosystem; /* the base name: "Debian", "Alpine", "AlmaLinux" */
		uint64_t records;
		char *newest_modified; /* RFC 3339; may be NULL */
	} * eco;
	size_t n_eco;
	uint64_t records;    /* records not withdrawn, all ecosystems */
	uint64_t withdrawn;  /* withdrawn records kept (never matched) */
	int64_t imported_at; /* Unix time of the last import; 0 if never */
	int schema_version;
};

/* Fill *info (caller frees with vuln_db_info_release()). */
int vuln_db_get_info(struct vuln_db *db, struct vuln_db_info *info, struct vakt_error **err);
void vuln_db_info_release(struct vuln_db_info *info);

/*
 * Writing (VULN_DB_WRITE handles): an import is one transaction, begun by
 * vuln_db_begin() and ended by vuln_db_commit() or vuln_db_rollback(), so
 * that a failed or interrupted import leaves the database as it was.
 * vuln-import.h drives it from files, directories and zips.
 */
int vuln_db_begin(struct vuln_db *db, struct vakt_error **err);

/* What vuln_db_put() did with a record. */
enum vuln_db_put_result {
	VULN_DB_PUT_NEW,       /* an id not seen before */
	VULN_DB_PUT_UPDATED,   /* a newer `modified` replaced the stored record */
	VULN_DB_PUT_UNCHANGED, /* the stored record is as new or newer: kept */
};

/*
 * Store r (parsed by vuln_osv_parse(): id and modified set) unless the
 * database holds the same id with a `modified` as new or newer. r is
 * borrowed. Withdrawn records are stored (a later import compares their
 * `modified`) but never returned by vuln_db_lookup().
 */
int vuln_db_put(struct vuln_db *db, const struct vuln_record *r, enum vuln_db_put_result *res,
                struct vakt_error **err);
/*
 * A savepoint inside the transaction, for one input (an archive) that must
 * count whole or not at all: vuln_db_savepoint_end() keeps or undoes what
 * was put since.
 */
int vuln_db_savepoint(struct vuln_db *db, struct vakt_error **err);
int vuln_db_savepoint_end(struct vuln_db *db, bool keep, struct vakt_error **err);
/* Commit: the summary `vakt db info` reads and the import time are written with the records. */
int vuln_db_commit(struct vuln_db *db, struct vakt_error **err);
/* Undo everything since vuln_db_begin(). */
void vuln_db_rollback(struct vuln_db *db);

#endif
