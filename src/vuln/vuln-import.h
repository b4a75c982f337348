/* SPDX-License-Identifier: MIT */
#ifndef VAKT_VULN_IMPORT_H
#define VAKT_VULN_IMPORT_H

/*
 * Importing OSV data into the database (`vakt db import`, `vakt db
 * update`): single record files, directories of them (walked for *.json,
 * and *.zip archives), and OSV's all.zip archives (read with libarchive,
 * never extracted to disk). The whole import is one transaction: it commits
 * all or nothing. Inside it, a record that cannot be read is reported and
 * skipped, and an archive that cannot be read to its end (truncated,
 * corrupt, over a ceiling) counts not at all: what it had put is undone.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "vuln/vuln-db.h"

/* Most entries read from one archive (OSV's largest all.zip holds a few hundred thousand). */
#define VULN_ZIP_MAX_ENTRIES 4000000
/* Most bytes decompressed from one archive (npm's all.zip unpacks to a few GB). */
#define VULN_ZIP_MAX_BYTES (16ull * 1024 * 1024 * 1024)

struct vuln_import_stats {
	uint64_t records;   /* records read and valid */
	uint64_t added;     /* ids new to the database */
	uint64_t updated;   /* replaced by a newer `modified` */
	uint64_t unchanged; /* the database held them as new or newer: skipped */
	uint64_t withdrawn; /* of the added and updated, withdrawn ones (stored, never matched) */
	uint64_t invalid;   /* records (files, entries) that could not be read: each in errs */
	uint64_t other;     /* files in archives that are not *.json: passed over */
	uint64_t inputs;    /* files and archives read */
	uint64_t failed;    /* inputs that could not be read whole: nothing of them kept */
};

struct vuln_import {
	struct vuln_db *db;
	struct vuln_import_stats st;
	struct vakt_error_list errs; /* what was skipped, and why; owned */
	/* Optional: asked between records; non-zero stops the import (-ECANCELED). */
	int (*cancelled)(void *data);
	void *data;
	/* Optional: ceilings per archive, 0 for VULN_ZIP_MAX_ENTRIES and VULN_ZIP_MAX_BYTES. */
	uint64_t max_entries;
	uint64_t max_bytes;
	/* Private. */
	bool open;
	char *buf; /* the current record's bytes */
	size_t cap;
};

/*
 * Start an import into db (opened VULN_DB_WRITE). imp is zeroed here but
 * for cancelled, data and the ceilings, which the caller may set first. Release with
 * vuln_import_release() in every case.
 */
int vuln_import_begin(struct vuln_import *imp, struct vuln_db *db, struct vakt_error **err);
/*
 * Import what path holds: a directory (walked), an archive (by its magic
 * bytes, whatever its name), or one JSON record. display names it in
 * messages (NULL: path). Problems with the input go to imp->errs; returns
 * < 0 only when the import as a whole cannot go on (the database failed,
 * cancelled): then only vuln_import_release() remains.
 */
int vuln_import_path(struct vuln_import *imp, const char *path, const char *display,
                     struct vakt_error **err);
/* The same for an archive already open (vakt db update's download); fd is borrowed. */
int vuln_import_zip_fd(struct vuln_import *imp, int fd, const char *display,
                       struct vakt_error **err);
/* One record's JSON in data[0..len). */
int vuln_import_record(struct vuln_import *imp, const char *data, size_t len, const char *display,
                       struct vakt_error **err);
/* Commit everything imported. */
int vuln_import_commit(struct vuln_import *imp, struct vakt_error **err);
/* Roll back what was not committed and free imp's errors. */
void vuln_import_release(struct vuln_import *imp);

/*
 * Whether p[0..n) starts a zip archive (a local file header, or the end
 * record of an empty archive): how an input is told to be one, and how a
 * download is told from an error page.
 */
bool vuln_import_is_zip(const unsigned char *p, size_t n);

#endif
