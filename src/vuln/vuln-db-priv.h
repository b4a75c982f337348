/* SPDX-License-Identifier: MIT */
#ifndef VAKT_VULN_DB_PRIV_H
#define VAKT_VULN_DB_PRIV_H

/*
 * What the database files share (vuln-db.c reads, vuln-db-write.c writes,
 * vuln-codec.c encodes the records they store). Not part of the interface.
 *
 * The schema (VULN_DB_SCHEMA_VERSION; docs/vulnerabilities.md, "The
 * database"):
 *   meta(key, value)                   schema_version, written_by, and from the
 *                                      last import: imported_at, records, withdrawn
 *   ecosystem(eid, name, base)         "Debian:12" -> 3, "Debian"
 *   record(rid, id, mtime, withdrawn, base, keys)
 *                                      one row per OSV id: its `modified` in
 *                                      microseconds, and the (eid, name) keys of
 *                                      its entries, so that a newer version
 *                                      removes exactly those
 *   entry(eid, name, rid, body)        WITHOUT ROWID, keyed in that order: one
 *                                      row per (ecosystem, package) a record
 *                                      names (none when withdrawn), body the
 *                                      record encoded by vuln_codec_encode()
 *                                      with only that package's affected entries
 *   eco_stats(base, records, newest)   what `vakt db info` shows, rebuilt by
 *                                      each import
 * A lookup is one range of entry: the records of one package lie together,
 * in a few pages read in order, each decoded once and never parsed as JSON.
 * The cost is space: a record naming a package in three releases is stored
 * three times (the zipped JSON it came from is larger still).
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/util.h"
#include "pkg/pkg-dl.h"
#include "vuln-db.h"

/* Bumped whenever the tables or the encoding change; another version is refused or rebuilt. */
#define VULN_DB_SCHEMA_VERSION 1
/* PRAGMA application_id of every vakt database ("VAKT"), to tell other SQLite files apart. */
#define VULN_DB_APPLICATION_ID 0x56414b54
/*
 * Pages of a new database: SQLite's largest. A lookup reads a package's
 * stored records, megabytes for a large image, one read a page: 64 KiB pages
 * took 13% less CPU than 16 KiB for the Debian lookups of bench/vulndb.sh
 * (docs/performance.md). A database keeps the size it was created with.
 */
#define VULN_DB_PAGE_SIZE 65536
/* A number as the string SQL needs. */
#define VULN_DB_STR_(x) #x
#define VULN_DB_STR(x)  VULN_DB_STR_(x)
/* How long a reader or writer waits for another process's transaction (ms). */
#define VULN_DB_BUSY_MS 10000

/*
 * Most ecosystem ids the writer caches; past them, ids are looked up in
 * SQLite. The cache is scanned, and a hostile record names thousands (real
 * feeds: a few hundred ecosystem strings in all of OSV).
 */
#define VULN_DB_ECO_CACHE 256
/* An ecosystem string and its row id, cached by the writer. */
struct vuln_db_eco_id {
	char *name;
	int64_t eid;
};

struct vuln_db {
	sqlite3 *db;
	char *path;     /* as opened; owned */
	char *tmp_path; /* a rebuild in progress: renamed over path at commit; owned */
	enum vuln_db_mode mode;
	sqlite3_stmt *lookup; /* prepared on first use */
	sqlite3_stmt *has_eco;
	/* The writer (vuln-db-write.c). */
	bool need_schema; /* an empty file: the first transaction creates the tables */
	bool created;     /* the file is ours: removed at close unless an import committed */
	bool committed;
	bool in_tx;
	int savepoints; /* open ones */
	sqlite3_stmt *find, *ins_rec, *upd_rec, *ins_ent, *del_ent, *ins_eco, *sel_eco;
	struct vuln_db_eco_id *ecos;
	size_t n_ecos, cap_ecos, last_eco;
	struct vakt_buf enc; /* the encoding buffer, reused */
};

/* An SQLite failure as a vakt error: "what: SQLite's message" (-EIO). */
int vuln_db_fail(struct vuln_db *db, struct vakt_error **err, const char *what);
/* Prepare sql once into *st (kept until close). */
int vuln_db_prepare(struct vuln_db *db, sqlite3_stmt **st, const char *sql,
                    struct vakt_error **err);
/* Run statements without results. */
int vuln_db_exec(struct vuln_db *db, const char *sql, struct vakt_error **err);
/* Finalize the writer's statements and free its cache (vuln-db-write.c). */
void vuln_db_write_release(struct vuln_db *db);

/* The ecosystem before its first ':' ("Rocky Linux:9" -> "Rocky Linux"); caller frees. */
char *vuln_db_base_ecosystem(const char *ecosystem);

/*
 * The record encoding (vuln-codec.c): strings as a varint length and bytes,
 * optional strings as length + 1 (0: NULL), lists as a varint count; each
 * affected entry is prefixed with its length, so that a decoder asked for
 * one package skips the others without decoding them.
 */
/* An unsigned LEB128 varint, as the encoding and a record's keys (vuln-db-write.c) store them. */
void vuln_codec_put_varint(struct vakt_buf *b, uint64_t v);
/* Read one from *p (advanced) before end; false when cut short or longer than 64 bits. */
bool vuln_codec_get_varint(const unsigned char **p, const unsigned char *end, uint64_t *v);
/* Append r's encoding to b. */
void vuln_codec_encode(const struct vuln_record *r, struct vakt_buf *b);
/*
 * Decode data[0..len) into *out (zeroed first), keeping only the affected
 * entries of (ecosystem, name), or all of them when ecosystem is NULL. The
 * caller owns *out. -EBADMSG when the bytes are not a valid encoding.
 */
int vuln_codec_decode(const void *data, size_t len, const char *ecosystem, const char *name,
                      struct vuln_record *out);
#endif
