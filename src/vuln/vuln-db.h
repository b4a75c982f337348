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
	VULN_DB_READ,   /* a scan: the file must exist and be of this version */
	VULN_DB_WRITE,  /* an import: created (with its directory) when missing */
};

/*
 * Open the database at path. -ENOENT (with *err saying how to get one) when
 * it does not exist in VULN_DB_READ mode; -EPROTO when it was written by an
 * incompatible version of vakt (the message says which, and that `vakt db
 * import` rebuilds it). *out is owned by the caller: vuln_db_close().
 */
int vuln_db_open(const char *path, enum vuln_db_mode mode, struct vuln_db **out,
                 struct vakt_error **err);
void vuln_db_close(struct vuln_db *db);

/*
 * Every non-withdrawn record with an affected[] entry for exactly this
 * ecosystem string and package name, appended to *out with only those
 * affected entries kept (n_affected >= 1 each). The caller owns what is
 * appended. Safe to call from one thread at a time per handle.
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
	} *eco;
	size_t n_eco;
	uint64_t records;
	int64_t imported_at; /* Unix time of the last import; 0 if never */
	int schema_version;
};

/* Fill *info (caller frees with vuln_db_info_release()). */
int vuln_db_get_info(struct vuln_db *db, struct vuln_db_info *info, struct vakt_error **err);
void vuln_db_info_release(struct vuln_db_info *info);

#endif
