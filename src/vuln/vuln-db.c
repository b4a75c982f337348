/* SPDX-License-Identifier: MIT */
/*
 * Opening the vulnerability database and reading it (vuln-db.h): the path,
 * the version check, lookups by (ecosystem, package) and the summary `vakt
 * db info` shows. The schema is in vuln-db-priv.h; writing is
 * vuln-db-write.c.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "vuln-db-priv.h"

char *vuln_db_default_path(struct vakt_error **err)
{
	const char *cache = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");

	/* The XDG base directory specification ignores a relative XDG_CACHE_HOME. */
	if (cache && cache[0] == '/')
		return vakt_xasprintf("%s/vakt/vuln.db", cache);
	if (home && home[0])
		return vakt_xasprintf("%s/.cache/vakt/vuln.db", home);
	vakt_error_set(err, -ENOENT,
	               "no place for the vulnerability database: neither XDG_CACHE_HOME nor HOME "
	               "is set (use --db PATH)");
	return NULL;
}

char *vuln_db_base_ecosystem(const char *ecosystem)
{
	const char *colon = strchr(ecosystem, ':');

	return colon ? vakt_xstrndup(ecosystem, (size_t)(colon - ecosystem))
	             : vakt_xstrdup(ecosystem);
}

int vuln_db_fail(struct vuln_db *db, struct vakt_error **err, const char *what)
{
	return vakt_error_set(err, -EIO, "%s '%s': %s", what, db->path,
	                      db->db ? sqlite3_errmsg(db->db) : "out of memory");
}

int vuln_db_prepare(struct vuln_db *db, sqlite3_stmt **st, const char *sql, struct vakt_error **err)
{
	if (*st)
		return 0;
	if (sqlite3_prepare_v2(db->db, sql, -1, st, NULL) != SQLITE_OK)
		return vuln_db_fail(db, err, "cannot read the vulnerability database");
	return 0;
}

int vuln_db_exec(struct vuln_db *db, const char *sql, struct vakt_error **err)
{
	if (sqlite3_exec(db->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return vuln_db_fail(db, err, "cannot write the vulnerability database");
	return 0;
}

/* One integer from a query of one row; -ENOENT when it yields none. */
static int query_int(struct vuln_db *db, const char *sql, int64_t *out)
{
	sqlite3_stmt *st = NULL;
	int r = -EIO;

	if (sqlite3_prepare_v2(db->db, sql, -1, &st, NULL) != SQLITE_OK)
		return -EIO;
	switch (sqlite3_step(st)) {
	case SQLITE_ROW:
		*out = sqlite3_column_int64(st, 0);
		r = 0;
		break;
	case SQLITE_DONE:
		r = -ENOENT;
		break;
	default:
		break;
	}
	sqlite3_finalize(st);
	return r;
}

/*
 * The schema version the file holds (*empty: none, no tables yet); -EPROTO
 * for a file that is not a vakt vulnerability database, -EIO when it
 * cannot be read at all.
 */
static int read_version(struct vuln_db *db, int64_t *version, bool *empty, struct vakt_error **err)
{
	int64_t app = 0, tables = 0;

	*empty = false;
	*version = 0;
	if (query_int(db, "PRAGMA application_id", &app) < 0 ||
	    query_int(db, "SELECT count(*) FROM sqlite_master", &tables) < 0)
		return vuln_db_fail(db, err, "cannot read the vulnerability database");
	if (app == 0 && tables == 0) {
		*empty = true;
		return 0;
	}
	if (app != VULN_DB_APPLICATION_ID ||
	    query_int(db, "SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'schema_version'",
	              version) < 0)
		return vakt_error_set(
		    err, -EPROTO,
		    "'%s' is not a vakt vulnerability database (vakt neither reads "
		    "nor overwrites it; choose another file with --db)",
		    db->path);
	return 0;
}

/*
 * A process killed in the middle of an import leaves a hot journal, which
 * only a writer can roll back: do that once, so that a scan (read-only)
 * sees the database as it was before the import.
 */
static int recover_journal(const char *path, struct vakt_error **err)
{
	char *journal = vakt_xasprintf("%s-journal", path);
	struct stat st;
	sqlite3 *w = NULL;
	int r = 0;

	if (stat(journal, &st) == 0 && st.st_size > 0) {
		/* Opening and reading rolls the journal back; a live writer holds it and we wait.
		 */
		if (sqlite3_open_v2(path, &w, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK ||
		    sqlite3_busy_timeout(w, VULN_DB_BUSY_MS) != SQLITE_OK ||
		    sqlite3_exec(w, "SELECT count(*) FROM sqlite_master", NULL, NULL, NULL) !=
		        SQLITE_OK)
			r = vakt_error_set(err, -EIO,
			                   "cannot roll back the interrupted import of '%s': %s",
			                   path, w ? sqlite3_errmsg(w) : "out of memory");
		sqlite3_close(w);
	}
	free(journal);
	return r;
}

/* mkdir -p of the directory that will hold path. */
static int make_parent(const char *path, struct vakt_error **err)
{
	char *dir = vakt_xstrdup(path), *slash = strrchr(dir, '/');
	int r = 0;

	if (!slash || slash == dir)
		goto out;
	*slash = '\0';
	for (char *p = dir + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(dir, 0755) < 0 && errno != EEXIST) {
			r = vakt_error_set(err, -errno, "cannot create '%s': %s", dir,
			                   strerror(errno));
			goto out;
		}
		*p = '/';
	}
	if (mkdir(dir, 0755) < 0 && errno != EEXIST)
		r = vakt_error_set(err, -errno, "cannot create '%s': %s", dir, strerror(errno));
out:
	free(dir);
	return r;
}

static int open_handle(struct vuln_db *db, const char *path, int flags, struct vakt_error **err)
{
	/* No URI names, no symlinked database files; the busy wait covers a concurrent import. */
	if (sqlite3_open_v2(path, &db->db, flags | SQLITE_OPEN_NOFOLLOW, NULL) != SQLITE_OK)
		return vuln_db_fail(db, err, "cannot open the vulnerability database");
	sqlite3_busy_timeout(db->db, VULN_DB_BUSY_MS);
	sqlite3_db_config(db->db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
	sqlite3_db_config(db->db, SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, NULL);
	sqlite3_db_config(db->db, SQLITE_DBCONFIG_ENABLE_VIEW, 0, NULL);
	sqlite3_db_config(db->db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
	sqlite3_limit(db->db, SQLITE_LIMIT_ATTACHED, 0);
	/*
	 * A reader keeps its shared lock from its first read to its close
	 * (locking_mode EXCLUSIVE takes no more than a shared lock for reads):
	 * each lookup then costs no lock and no check that the file changed,
	 * and an import waits for the scan to close (VULN_DB_BUSY_MS).
	 */
	if (flags & SQLITE_OPEN_READONLY)
		sqlite3_exec(db->db, "PRAGMA locking_mode = EXCLUSIVE", NULL, NULL, NULL);
	return 0;
}

/* Open for writing: create a new database, or rebuild one of an older schema beside it. */
static int open_write(struct vuln_db *db, int64_t *version, struct vakt_error **err)
{
	struct stat st;
	bool empty = false;
	int r = make_parent(db->path, err);

	db->created = r == 0 && lstat(db->path, &st) < 0 && errno == ENOENT;
	if (r == 0)
		r = recover_journal(db->path, err);
	if (r == 0)
		r = open_handle(db, db->path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, err);
	if (r == 0)
		r = read_version(db, version, &empty, err);
	if (r < 0)
		return r;
	if (*version > VULN_DB_SCHEMA_VERSION)
		return vakt_error_set(
		    err, -EPROTO,
		    "'%s' was written by a newer vakt (database schema %lld; this "
		    "vakt writes schema %d): this vakt neither reads nor "
		    "overwrites it; use the newer vakt, or another file with --db",
		    db->path, (long long)*version, VULN_DB_SCHEMA_VERSION);
	if (!empty && *version < VULN_DB_SCHEMA_VERSION) {
		/* Written beside the old one and renamed over it at commit: never half of each. */
		sqlite3_close(db->db);
		db->db = NULL;
		db->tmp_path = vakt_xasprintf("%s.rebuild", db->path);
		if (unlink(db->tmp_path) < 0 && errno != ENOENT)
			return vakt_error_set(err, -errno, "cannot remove '%s': %s", db->tmp_path,
			                      strerror(errno));
		r = open_handle(db, db->tmp_path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, err);
		if (r < 0)
			return r;
		empty = true;
	}
	db->need_schema = empty;
	return 0;
}

static int open_read(struct vuln_db *db, int64_t *version, struct vakt_error **err)
{
	struct stat st;
	bool empty = false;
	int r;

	if (stat(db->path, &st) < 0) {
		if (errno == ENOENT)
			return vakt_error_set(
			    err, -ENOENT,
			    "no vulnerability database at '%s': run 'vakt db update' "
			    "(downloads OSV data) or 'vakt db import FILE...' (OSV "
			    "JSON or all.zip copies), see docs/vulnerabilities.md",
			    db->path);
		return vakt_error_set(err, -errno, "cannot open '%s': %s", db->path,
		                      strerror(errno));
	}
	if (!S_ISREG(st.st_mode))
		return vakt_error_set(err, -EINVAL, "'%s' is not a regular file", db->path);
	r = recover_journal(db->path, err);
	if (r == 0)
		r = open_handle(db, db->path, SQLITE_OPEN_READONLY, err);
	if (r == 0)
		r = read_version(db, version, &empty, err);
	if (r < 0)
		return r;
	if (empty)
		return vakt_error_set(err, -ENOENT,
		                      "the vulnerability database '%s' is empty: run 'vakt db "
		                      "update' or 'vakt db import FILE...'",
		                      db->path);
	if (*version != VULN_DB_SCHEMA_VERSION)
		return vakt_error_set(
		    err, -EPROTO,
		    "'%s' was written by %s vakt (database schema %lld; this vakt "
		    "reads schema %d): rebuild it with 'vakt db update' or 'vakt "
		    "db import'",
		    db->path, *version > VULN_DB_SCHEMA_VERSION ? "a newer" : "an older",
		    (long long)*version, VULN_DB_SCHEMA_VERSION);
	return 0;
}

int vuln_db_open(const char *path, enum vuln_db_mode mode, struct vuln_db **out,
                 struct vakt_error **err)
{
	struct vuln_db *db;
	int64_t version = 0;
	int r = pkg_dl_load(err);

	*out = NULL;
	if (r < 0)
		return r;
	db = vakt_xcalloc(1, sizeof(*db));
	db->path = vakt_xstrdup(path);
	db->mode = mode;
	r = mode == VULN_DB_WRITE ? open_write(db, &version, err) : open_read(db, &version, err);
	if (r < 0) {
		vuln_db_close(db);
		return r;
	}
	*out = db;
	return 0;
}

void vuln_db_close(struct vuln_db *db)
{
	if (!db)
		return;
	vuln_db_write_release(db);
	sqlite3_finalize(db->lookup);
	sqlite3_finalize(db->has_eco);
	sqlite3_close(db->db);
	if (db->tmp_path) {
		unlink(db->tmp_path); /* a rebuild that was not committed */
		free(db->tmp_path);
	} else if (db->created && !db->committed) {
		unlink(db->path); /* a new file no import filled */
	}
	free(db->path);
	free(db);
}

/* Whether every affected entry of rec is of (ecosystem, name), and there is one. */
static bool entries_of(const struct vuln_record *rec, const char *ecosystem, const char *name)
{
	for (size_t i = 0; i < rec->n_affected; i++)
		if (!rec->affected[i].ecosystem || strcmp(rec->affected[i].ecosystem, ecosystem) ||
		    !rec->affected[i].name || strcmp(rec->affected[i].name, name))
			return false;
	return rec->n_affected > 0 && !rec->withdrawn;
}

int vuln_db_lookup(struct vuln_db *db, const char *ecosystem, const char *name,
                   struct vuln_record_list *out, struct vakt_error **err)
{
	int rc, r = 0;

	r = vuln_db_prepare(db, &db->lookup,
	                    "SELECT body FROM entry WHERE eid = (SELECT eid FROM ecosystem WHERE "
	                    "name = ?1) AND name = ?2",
	                    err);
	if (r < 0)
		return r;
	sqlite3_bind_text(db->lookup, 1, ecosystem, -1, SQLITE_STATIC);
	sqlite3_bind_text(db->lookup, 2, name, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(db->lookup)) == SQLITE_ROW) {
		const void *body = sqlite3_column_blob(db->lookup, 0);
		int len = sqlite3_column_bytes(db->lookup, 0);
		struct vuln_record *rec = vuln_record_list_add(out);

		/* The body holds this package's entries only: anything else is damage. */
		if (vuln_codec_decode(body, (size_t)len, NULL, NULL, rec) < 0 ||
		    !entries_of(rec, ecosystem, name)) {
			vuln_record_release(rec);
			out->n--;
			r = vakt_error_set(
			    err, -EBADMSG,
			    "the vulnerability database '%s' is damaged (a record of "
			    "'%s' in '%s' does not decode): rebuild it with 'vakt db "
			    "update' or 'vakt db import'",
			    db->path, name, ecosystem);
			break;
		}
	}
	if (r == 0 && rc != SQLITE_DONE)
		r = vuln_db_fail(db, err, "cannot read the vulnerability database");
	sqlite3_reset(db->lookup);
	return r;
}

int vuln_db_has_ecosystem(struct vuln_db *db, const char *ecosystem, int *has,
                          struct vakt_error **err)
{
	int rc, r = vuln_db_prepare(db, &db->has_eco,
	                            "SELECT 1 FROM entry WHERE eid = (SELECT eid FROM "
	                            "ecosystem WHERE name = ?1) LIMIT 1",
	                            err);

	if (r < 0)
		return r;
	sqlite3_bind_text(db->has_eco, 1, ecosystem, -1, SQLITE_STATIC);
	rc = sqlite3_step(db->has_eco);
	*has = rc == SQLITE_ROW;
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		r = vuln_db_fail(db, err, "cannot read the vulnerability database");
	sqlite3_reset(db->has_eco);
	return r;
}

/* Microseconds since the epoch as RFC 3339 UTC, seconds precision. */
static char *format_time(int64_t us)
{
	time_t t = (time_t)(us / 1000000);
	struct tm tm;
	char buf[32];

	if (!gmtime_r(&t, &tm) || !strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm))
		return NULL;
	return vakt_xstrdup(buf);
}

int vuln_db_get_info(struct vuln_db *db, struct vuln_db_info *info, struct vakt_error **err)
{
	sqlite3_stmt *st = NULL;
	size_t cap = 0;
	int64_t v = 0;
	int rc;

	memset(info, 0, sizeof(*info));
	info->schema_version = VULN_DB_SCHEMA_VERSION;
	if (query_int(db, "SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'imported_at'",
	              &v) == 0)
		info->imported_at = v;
	/* Counted by the import that last committed: a count here would read every record. */
	if (query_int(db, "SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'records'", &v) == 0)
		info->records = (uint64_t)v;
	if (query_int(db, "SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'withdrawn'", &v) ==
	    0)
		info->withdrawn = (uint64_t)v;
	if (sqlite3_prepare_v2(db->db, "SELECT base, records, newest FROM eco_stats ORDER BY base",
	                       -1, &st, NULL) != SQLITE_OK)
		return vuln_db_fail(db, err, "cannot read the vulnerability database");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct vuln_db_eco *e;

		info->eco = vakt_grow(info->eco, sizeof(*info->eco), info->n_eco + 1, &cap);
		e = &info->eco[info->n_eco++];
		e->ecosystem = vakt_xstrdup((const char *)sqlite3_column_text(st, 0));
		e->records = (uint64_t)sqlite3_column_int64(st, 1);
		e->newest_modified = sqlite3_column_type(st, 2) == SQLITE_NULL
		                         ? NULL
		                         : format_time(sqlite3_column_int64(st, 2));
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		vuln_db_info_release(info);
		return vuln_db_fail(db, err, "cannot read the vulnerability database");
	}
	return 0;
}

void vuln_db_info_release(struct vuln_db_info *info)
{
	if (!info)
		return;
	for (size_t i = 0; i < info->n_eco; i++) {
		free(info->eco[i].ecosystem);
		free(info->eco[i].newest_modified);
	}
	free(info->eco);
	memset(info, 0, sizeof(*info));
}
