/* SPDX-License-Identifier: MIT */
/*
 * Writing the vulnerability database: the schema, one transaction per
 * import, and the incremental put keyed by record id and `modified`
 * (vuln-db.h). The tables are described in vuln-db-priv.h.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "vuln-db-priv.h"
#include "vuln-osv.h"

#define STR_(x) #x
#define STR(x)  STR_(x)

static const char schema_sql[] = "PRAGMA application_id = " STR(
    VULN_DB_APPLICATION_ID) ";"
                            "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT "
                            "ROWID;"
                            "CREATE TABLE ecosystem(eid INTEGER PRIMARY KEY, name TEXT NOT NULL "
                            "UNIQUE,"
                            " base TEXT NOT NULL);"
                            "CREATE TABLE record(rid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE,"
                            " mtime INTEGER NOT NULL, withdrawn INTEGER NOT NULL, base TEXT, body "
                            "BLOB NOT NULL);"
                            "CREATE TABLE package(eid INTEGER NOT NULL, name TEXT NOT NULL, rid "
                            "INTEGER NOT NULL,"
                            " PRIMARY KEY (eid, name, rid)) WITHOUT ROWID;"
                            "CREATE TABLE eco_stats(base TEXT PRIMARY KEY, records INTEGER NOT "
                            "NULL,"
                            " newest INTEGER) WITHOUT ROWID;"
                            "INSERT INTO meta VALUES ('schema_version', '" STR(
                                VULN_DB_SCHEMA_VERSION) "'),"
                                                        " ('written_by', 'vakt " VAKT_VERSION "');";

void vuln_db_write_release(struct vuln_db *db)
{
	if (db->in_tx)
		vuln_db_rollback(db);
	sqlite3_finalize(db->find);
	sqlite3_finalize(db->ins_rec);
	sqlite3_finalize(db->upd_rec);
	sqlite3_finalize(db->ins_pkg);
	sqlite3_finalize(db->del_pkg);
	sqlite3_finalize(db->ins_eco);
	sqlite3_finalize(db->sel_eco);
	db->find = db->ins_rec = db->upd_rec = db->ins_pkg = db->del_pkg = db->ins_eco =
	    db->sel_eco = NULL;
	for (size_t i = 0; i < db->n_ecos; i++)
		free(db->ecos[i].name);
	free(db->ecos);
	db->ecos = NULL;
	db->n_ecos = db->cap_ecos = 0;
	vakt_buf_release(&db->enc);
}

int vuln_db_begin(struct vuln_db *db, struct vakt_error **err)
{
	int r;

	if (db->mode != VULN_DB_WRITE || db->in_tx)
		return vakt_error_set(err, -EINVAL,
		                      "the vulnerability database '%s' is not open "
		                      "for an import",
		                      db->path);
	/* IMMEDIATE: take the write lock now, not half-way through. */
	r = vuln_db_exec(db, "PRAGMA cache_size = -65536; BEGIN IMMEDIATE", err);
	if (r < 0)
		return r;
	db->in_tx = true;
	if (db->need_schema) {
		r = vuln_db_exec(db, schema_sql, err);
		if (r < 0) {
			vuln_db_rollback(db);
			return r;
		}
	}
	return 0;
}

void vuln_db_rollback(struct vuln_db *db)
{
	if (!db->in_tx)
		return;
	sqlite3_exec(db->db, "ROLLBACK", NULL, NULL, NULL);
	db->in_tx = false;
	db->savepoints = 0;
	/* Ids cached during the transaction may name rows it created. */
	for (size_t i = 0; i < db->n_ecos; i++)
		free(db->ecos[i].name);
	db->n_ecos = 0;
}

int vuln_db_savepoint(struct vuln_db *db, struct vakt_error **err)
{
	int r = vuln_db_exec(db, "SAVEPOINT input", err);

	if (r == 0)
		db->savepoints++;
	return r;
}

int vuln_db_savepoint_end(struct vuln_db *db, bool keep, struct vakt_error **err)
{
	int r;

	if (db->savepoints <= 0)
		return vakt_error_set(err, -EINVAL, "no savepoint to end");
	r = vuln_db_exec(db, keep ? "RELEASE input" : "ROLLBACK TO input; RELEASE input", err);
	db->savepoints--;
	if (!keep)
		for (size_t i = 0; i < db->n_ecos; i++)
			free(db->ecos[i].name);
	if (!keep)
		db->n_ecos = 0;
	return r;
}

int vuln_db_commit(struct vuln_db *db, struct vakt_error **err)
{
	char *meta;
	int r;

	if (!db->in_tx)
		return vakt_error_set(err, -EINVAL, "no import in progress");
	meta = vakt_xasprintf("DELETE FROM eco_stats;"
	                      "INSERT INTO eco_stats SELECT base, count(*), max(mtime) FROM record"
	                      " WHERE withdrawn = 0 AND base IS NOT NULL GROUP BY base;"
	                      "INSERT OR REPLACE INTO meta VALUES ('imported_at', '%lld');"
	                      "COMMIT",
	                      (long long)time(NULL));
	r = vuln_db_exec(db, meta, err);
	free(meta);
	if (r < 0) {
		vuln_db_rollback(db);
		return r;
	}
	db->in_tx = false;
	db->need_schema = false;
	db->committed = true;
	if (db->tmp_path) {
		/* A rebuild: the new file replaces the old one whole. */
		if (rename(db->tmp_path, db->path) < 0)
			return vakt_error_set(err, -errno, "cannot replace '%s' with '%s': %s",
			                      db->path, db->tmp_path, strerror(errno));
		free(db->tmp_path);
		db->tmp_path = NULL;
	}
	return 0;
}

static int step_done(struct vuln_db *db, sqlite3_stmt *st, struct vakt_error **err)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return vuln_db_fail(db, err, "cannot write the vulnerability database");
	return 0;
}

/* The row id of an ecosystem string, created when new. */
static int eco_id(struct vuln_db *db, const char *name, int64_t *eid, struct vakt_error **err)
{
	struct vuln_db_eco_id *e;
	char *base;
	int rc;

	if (db->last_eco < db->n_ecos && !strcmp(db->ecos[db->last_eco].name, name)) {
		*eid = db->ecos[db->last_eco].eid;
		return 0;
	}
	for (size_t i = 0; i < db->n_ecos; i++)
		if (!strcmp(db->ecos[i].name, name)) {
			db->last_eco = i;
			*eid = db->ecos[i].eid;
			return 0;
		}
	rc = vuln_db_prepare(db, &db->ins_eco,
	                     "INSERT OR IGNORE INTO ecosystem(name, base) VALUES (?1, ?2)", err);
	if (rc == 0)
		rc = vuln_db_prepare(db, &db->sel_eco, "SELECT eid FROM ecosystem WHERE name = ?1",
		                     err);
	if (rc < 0)
		return rc;
	base = vuln_db_base_ecosystem(name);
	sqlite3_bind_text(db->ins_eco, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(db->ins_eco, 2, base, -1, SQLITE_STATIC);
	rc = step_done(db, db->ins_eco, err);
	free(base);
	if (rc < 0)
		return rc;
	sqlite3_bind_text(db->sel_eco, 1, name, -1, SQLITE_STATIC);
	rc = sqlite3_step(db->sel_eco);
	if (rc == SQLITE_ROW)
		*eid = sqlite3_column_int64(db->sel_eco, 0);
	sqlite3_reset(db->sel_eco);
	if (rc != SQLITE_ROW)
		return vuln_db_fail(db, err, "cannot write the vulnerability database");
	db->ecos = vakt_grow(db->ecos, sizeof(*db->ecos), db->n_ecos + 1, &db->cap_ecos);
	e = &db->ecos[db->n_ecos];
	e->name = vakt_xstrdup(name);
	e->eid = *eid;
	db->last_eco = db->n_ecos++;
	return 0;
}

struct unindex {
	struct vuln_db *db;
	int64_t rid;
	struct vakt_error **err;
};

/* Remove one (ecosystem, package) key of the record being replaced. */
static int unindex_key(const char *ecosystem, const char *name, void *arg)
{
	struct unindex *u = arg;
	int64_t eid;
	int r = eco_id(u->db, ecosystem, &eid, u->err);

	if (r < 0)
		return r;
	sqlite3_bind_int64(u->db->del_pkg, 1, eid);
	sqlite3_bind_text(u->db->del_pkg, 2, name, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(u->db->del_pkg, 3, u->rid);
	return step_done(u->db, u->db->del_pkg, u->err);
}

/* Index r under each (ecosystem, package) it names, unless it is withdrawn. */
static int index_record(struct vuln_db *db, const struct vuln_record *r, int64_t rid,
                        struct vakt_error **err)
{
	if (r->withdrawn)
		return 0;
	for (size_t i = 0; i < r->n_affected; i++) {
		const struct vuln_affected *a = &r->affected[i];
		int64_t eid;
		int rc;

		if (!a->ecosystem || !a->name)
			continue;
		rc = eco_id(db, a->ecosystem, &eid, err);
		if (rc < 0)
			return rc;
		sqlite3_bind_int64(db->ins_pkg, 1, eid);
		sqlite3_bind_text(db->ins_pkg, 2, a->name, -1, SQLITE_STATIC);
		sqlite3_bind_int64(db->ins_pkg, 3, rid);
		rc = step_done(db, db->ins_pkg, err);
		if (rc < 0)
			return rc;
	}
	return 0;
}

static int prepare_all(struct vuln_db *db, struct vakt_error **err)
{
	int r = vuln_db_prepare(db, &db->find, "SELECT rid, mtime, body FROM record WHERE id = ?1",
	                        err);

	if (r == 0)
		r = vuln_db_prepare(
		    db, &db->ins_rec,
		    "INSERT INTO record(id, mtime, withdrawn, base, body) VALUES (?1, "
		    "?2, ?3, ?4, ?5)",
		    err);
	if (r == 0)
		r = vuln_db_prepare(
		    db, &db->upd_rec,
		    "UPDATE record SET mtime = ?2, withdrawn = ?3, base = ?4, body = "
		    "?5 WHERE rid = ?1",
		    err);
	if (r == 0)
		r = vuln_db_prepare(
		    db, &db->ins_pkg,
		    "INSERT OR IGNORE INTO package(eid, name, rid) VALUES (?1, ?2, ?3)", err);
	if (r == 0)
		r = vuln_db_prepare(db, &db->del_pkg,
		                    "DELETE FROM package WHERE eid = ?1 AND name = ?2 AND rid = ?3",
		                    err);
	return r;
}

/* Bind the columns record rows share: ?2 mtime, ?3 withdrawn, ?4 base, ?5 body. */
static void bind_record(struct vuln_db *db, sqlite3_stmt *st, const struct vuln_record *r,
                        int64_t mtime, const char *base)
{
	sqlite3_bind_int64(st, 2, mtime);
	sqlite3_bind_int64(st, 3, r->withdrawn ? 1 : 0);
	if (base)
		sqlite3_bind_text(st, 4, base, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, 4);
	sqlite3_bind_blob(st, 5, db->enc.data, (int)db->enc.len, SQLITE_STATIC);
}

int vuln_db_put(struct vuln_db *db, const struct vuln_record *r, enum vuln_db_put_result *res,
                struct vakt_error **err)
{
	int64_t mtime, rid = 0, old_mtime = 0;
	char *base = NULL;
	bool found = false;
	int rc;

	if (!db->in_tx)
		return vakt_error_set(err, -EINVAL, "no import in progress");
	if (!r->id || !r->modified || vuln_osv_time(r->modified, &mtime) < 0)
		return vakt_error_set(err, -EINVAL, "a record without a valid id and modified");
	rc = prepare_all(db, err);
	if (rc < 0)
		return rc;
	sqlite3_bind_text(db->find, 1, r->id, -1, SQLITE_STATIC);
	rc = sqlite3_step(db->find);
	if (rc == SQLITE_ROW) {
		found = true;
		rid = sqlite3_column_int64(db->find, 0);
		old_mtime = sqlite3_column_int64(db->find, 1);
	}
	if (found && mtime > old_mtime) {
		struct unindex u = {db, rid, err};
		const void *body = sqlite3_column_blob(db->find, 2);
		int len = sqlite3_column_bytes(db->find, 2);

		rc = vuln_codec_keys(body, (size_t)len, unindex_key, &u);
		if (rc == -EBADMSG)
			rc = vakt_error_set(
			    err, rc,
			    "the vulnerability database '%s' is damaged (record '%s' "
			    "does not decode): remove it and import again",
			    db->path, r->id);
	} else if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		rc = vuln_db_fail(db, err, "cannot read the vulnerability database");
	} else {
		rc = 0;
	}
	sqlite3_reset(db->find);
	if (rc < 0)
		return rc;
	if (found && mtime <= old_mtime) {
		*res = VULN_DB_PUT_UNCHANGED;
		return 0;
	}

	for (size_t i = 0; !base && i < r->n_affected; i++)
		if (r->affected[i].ecosystem)
			base = vuln_db_base_ecosystem(r->affected[i].ecosystem);
	vakt_buf_reset(&db->enc);
	vuln_codec_encode(r, &db->enc);
	if (found) {
		sqlite3_bind_int64(db->upd_rec, 1, rid);
		bind_record(db, db->upd_rec, r, mtime, base);
		rc = step_done(db, db->upd_rec, err);
	} else {
		sqlite3_bind_text(db->ins_rec, 1, r->id, -1, SQLITE_STATIC);
		bind_record(db, db->ins_rec, r, mtime, base);
		rc = step_done(db, db->ins_rec, err);
		rid = sqlite3_last_insert_rowid(db->db);
	}
	free(base);
	if (rc == 0)
		rc = index_record(db, r, rid, err);
	if (rc == 0)
		*res = found ? VULN_DB_PUT_UPDATED : VULN_DB_PUT_NEW;
	return rc;
}
