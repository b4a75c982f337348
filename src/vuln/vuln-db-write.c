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

/* The tables (vuln-db-priv.h); page_size is set before them, in vuln_db_begin(). */
/* clang-format off */
static const char schema_sql[] =
    "PRAGMA application_id = " VULN_DB_STR(VULN_DB_APPLICATION_ID) ";"
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;"
    "CREATE TABLE ecosystem(eid INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE,"
    " base TEXT NOT NULL);"
    "CREATE TABLE record(rid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE,"
    " mtime INTEGER NOT NULL, withdrawn INTEGER NOT NULL, base TEXT, keys BLOB NOT NULL);"
    "CREATE TABLE entry(eid INTEGER NOT NULL, name TEXT NOT NULL, rid INTEGER NOT NULL,"
    " body BLOB NOT NULL, PRIMARY KEY (eid, name, rid)) WITHOUT ROWID;"
    "CREATE TABLE eco_stats(base TEXT PRIMARY KEY, records INTEGER NOT NULL,"
    " newest INTEGER) WITHOUT ROWID;"
    "INSERT INTO meta VALUES ('schema_version', '" VULN_DB_STR(VULN_DB_SCHEMA_VERSION) "'),"
    " ('written_by', 'vakt " VAKT_VERSION "');";
/* clang-format on */

/* Forget the cached ecosystem ids (after a rollback, some may name rows that are gone). */
static void forget_ecos(struct vuln_db *db)
{
	for (size_t i = 0; i < db->n_ecos; i++)
		free(db->ecos[i].name);
	db->n_ecos = 0;
}

void vuln_db_write_release(struct vuln_db *db)
{
	if (db->in_tx)
		vuln_db_rollback(db);
	sqlite3_finalize(db->find);
	sqlite3_finalize(db->ins_rec);
	sqlite3_finalize(db->upd_rec);
	sqlite3_finalize(db->ins_ent);
	sqlite3_finalize(db->del_ent);
	sqlite3_finalize(db->ins_eco);
	sqlite3_finalize(db->sel_eco);
	db->find = db->ins_rec = db->upd_rec = db->ins_ent = db->del_ent = db->ins_eco =
	    db->sel_eco = NULL;
	forget_ecos(db);
	free(db->ecos);
	db->ecos = NULL;
	db->cap_ecos = 0;
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
	/*
	 * A new file gets 16 KiB pages, so that a stored record (a few hundred
	 * bytes to a few KB) stays inside the entry table's pages. IMMEDIATE:
	 * take the write lock now, not half-way through.
	 */
	if (db->need_schema &&
	    (r = vuln_db_exec(db, "PRAGMA page_size = " VULN_DB_STR(VULN_DB_PAGE_SIZE), err)) < 0)
		return r;
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
	forget_ecos(db);
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
		forget_ecos(db);
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
	                      "INSERT OR REPLACE INTO meta SELECT 'records', count(*) FROM record"
	                      " WHERE withdrawn = 0;"
	                      "INSERT OR REPLACE INTO meta SELECT 'withdrawn', count(*) FROM record"
	                      " WHERE withdrawn != 0;"
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

/* The row id of an ecosystem string, created when new; the first VULN_DB_ECO_CACHE are cached. */
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
	if (db->n_ecos >= VULN_DB_ECO_CACHE)
		return 0;
	db->ecos = vakt_grow(db->ecos, sizeof(*db->ecos), db->n_ecos + 1, &db->cap_ecos);
	e = &db->ecos[db->n_ecos];
	e->name = vakt_xstrdup(name);
	e->eid = *eid;
	db->last_eco = db->n_ecos++;
	return 0;
}

/*
 * Delete the entries of record rid listed in keys[0..len). The keys a
 * record is stored under are kept in its row (insert_entries() writes
 * them) so that a newer version can remove exactly the entries of the old
 * one: a varint count, then each key as a varint ecosystem id and a
 * length-prefixed name.
 */
static int delete_entries(struct vuln_db *db, const void *keys, size_t len, int64_t rid,
                          struct vakt_error **err)
{
	const unsigned char *p = keys, *end = p + len;
	uint64_t n, eid, nlen;

	if (!vuln_codec_get_varint(&p, end, &n))
		goto bad;
	for (uint64_t i = 0; i < n; i++) {
		int rc;

		if (!vuln_codec_get_varint(&p, end, &eid) ||
		    !vuln_codec_get_varint(&p, end, &nlen) || nlen > (uint64_t)(end - p))
			goto bad;
		sqlite3_bind_int64(db->del_ent, 1, (int64_t)eid);
		sqlite3_bind_text(db->del_ent, 2, (const char *)p, (int)nlen, SQLITE_STATIC);
		sqlite3_bind_int64(db->del_ent, 3, rid);
		rc = step_done(db, db->del_ent, err);
		if (rc < 0)
			return rc;
		p += nlen;
	}
	if (p == end)
		return 0;
bad:
	return vakt_error_set(err, -EBADMSG,
	                      "the vulnerability database '%s' is damaged (the keys of a record "
	                      "do not decode): remove it and import again",
	                      db->path);
}

/* Order of affected entries (indexes into arg's) by (ecosystem, name), then by position. */
static int cmp_key(const void *a, const void *b, void *arg)
{
	const struct vuln_record *r = arg;
	size_t i = *(const size_t *)a, k = *(const size_t *)b;
	int c = strcmp(r->affected[i].ecosystem, r->affected[k].ecosystem);

	if (!c)
		c = strcmp(r->affected[i].name, r->affected[k].name);
	if (!c)
		c = i < k ? -1 : 1;
	return c;
}

/*
 * Store r's entries, one row per (ecosystem, package) it names, each row
 * the whole record but for the affected entries of other packages; keys
 * gets the list for the record's row. A withdrawn record gets none.
 */
static int insert_entries(struct vuln_db *db, const struct vuln_record *r, int64_t rid,
                          struct vakt_buf *keys, struct vakt_error **err)
{
	struct vakt_buf list = VAKT_BUF_INIT;
	struct vuln_affected *group;
	size_t *idx, n = 0, n_keys = 0;
	int rc = 0;

	if (r->withdrawn) {
		vuln_codec_put_varint(keys, 0);
		return 0;
	}
	idx = vakt_xcalloc(r->n_affected + 1, sizeof(*idx));
	for (size_t i = 0; i < r->n_affected; i++)
		if (r->affected[i].ecosystem && r->affected[i].name)
			idx[n++] = i;
	qsort_r(idx, n, sizeof(*idx), cmp_key, (void *)r);
	group = vakt_xcalloc(n + 1, sizeof(*group));
	for (size_t i = 0; i < n && rc == 0;) {
		const struct vuln_affected *a = &r->affected[idx[i]];
		struct vuln_record view = *r;
		size_t k = 0;
		int64_t eid = 0;

		while (i < n && !strcmp(r->affected[idx[i]].ecosystem, a->ecosystem) &&
		       !strcmp(r->affected[idx[i]].name, a->name))
			group[k++] = r->affected[idx[i++]];
		view.affected = group;
		view.n_affected = k;
		rc = eco_id(db, a->ecosystem, &eid, err);
		if (rc < 0)
			break;
		vakt_buf_reset(&db->enc);
		vuln_codec_encode(&view, &db->enc);
		sqlite3_bind_int64(db->ins_ent, 1, eid);
		sqlite3_bind_text(db->ins_ent, 2, a->name, -1, SQLITE_STATIC);
		sqlite3_bind_int64(db->ins_ent, 3, rid);
		sqlite3_bind_blob(db->ins_ent, 4, db->enc.data, (int)db->enc.len, SQLITE_STATIC);
		rc = step_done(db, db->ins_ent, err);
		vuln_codec_put_varint(&list, (uint64_t)eid);
		vuln_codec_put_varint(&list, strlen(a->name));
		vakt_buf_adds(&list, a->name);
		n_keys++;
	}
	vuln_codec_put_varint(keys, n_keys);
	vakt_buf_add(keys, list.data, list.len);
	vakt_buf_release(&list);
	free(group);
	free(idx);
	return rc;
}

static int prepare_all(struct vuln_db *db, struct vakt_error **err)
{
	int r = vuln_db_prepare(db, &db->find, "SELECT rid, mtime, keys FROM record WHERE id = ?1",
	                        err);

	if (r == 0)
		r = vuln_db_prepare(
		    db, &db->ins_rec,
		    "INSERT INTO record(id, mtime, withdrawn, base, keys) VALUES (?1, "
		    "?2, ?3, ?4, x'')",
		    err);
	if (r == 0)
		r = vuln_db_prepare(
		    db, &db->upd_rec,
		    "UPDATE record SET mtime = ?2, withdrawn = ?3, base = ?4, keys = ?5 "
		    "WHERE rid = ?1",
		    err);
	if (r == 0)
		r = vuln_db_prepare(
		    db, &db->ins_ent,
		    "INSERT INTO entry(eid, name, rid, body) VALUES (?1, ?2, ?3, ?4)", err);
	if (r == 0)
		r = vuln_db_prepare(db, &db->del_ent,
		                    "DELETE FROM entry WHERE eid = ?1 AND name = ?2 AND rid = ?3",
		                    err);
	return r;
}

int vuln_db_put(struct vuln_db *db, const struct vuln_record *r, enum vuln_db_put_result *res,
                struct vakt_error **err)
{
	struct vakt_buf keys = VAKT_BUF_INIT;
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
		rc = 0;
		if (mtime > old_mtime)
			rc = delete_entries(db, sqlite3_column_blob(db->find, 2),
			                    (size_t)sqlite3_column_bytes(db->find, 2), rid, err);
	} else if (rc == SQLITE_DONE) {
		rc = 0;
	} else {
		rc = vuln_db_fail(db, err, "cannot read the vulnerability database");
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
	if (!found) {
		sqlite3_bind_text(db->ins_rec, 1, r->id, -1, SQLITE_STATIC);
		sqlite3_bind_int64(db->ins_rec, 2, mtime);
		sqlite3_bind_int64(db->ins_rec, 3, r->withdrawn ? 1 : 0);
		if (base)
			sqlite3_bind_text(db->ins_rec, 4, base, -1, SQLITE_STATIC);
		else
			sqlite3_bind_null(db->ins_rec, 4);
		rc = step_done(db, db->ins_rec, err);
		rid = sqlite3_last_insert_rowid(db->db);
	}
	if (rc == 0)
		rc = insert_entries(db, r, rid, &keys, err);
	if (rc == 0) {
		sqlite3_bind_int64(db->upd_rec, 1, rid);
		sqlite3_bind_int64(db->upd_rec, 2, mtime);
		sqlite3_bind_int64(db->upd_rec, 3, r->withdrawn ? 1 : 0);
		if (base)
			sqlite3_bind_text(db->upd_rec, 4, base, -1, SQLITE_STATIC);
		else
			sqlite3_bind_null(db->upd_rec, 4);
		sqlite3_bind_blob(db->upd_rec, 5, keys.data ? keys.data : "", (int)keys.len,
		                  SQLITE_STATIC);
		rc = step_done(db, db->upd_rec, err);
	}
	free(base);
	vakt_buf_release(&keys);
	if (rc == 0)
		*res = found ? VULN_DB_PUT_UPDATED : VULN_DB_PUT_NEW;
	return rc;
}
