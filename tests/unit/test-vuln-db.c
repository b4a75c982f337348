/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for the vulnerability database (src/vuln/vuln-db*.c) and the
 * importer (src/vuln/vuln-import.c): import of the hand-written records of
 * tests/vuln/osv/, lookups that return only the matching affected entries
 * and never a withdrawn record, re-import by `modified`, the schema version
 * check, archives (good, damaged, over a ceiling), and the promise that a
 * failed or interrupted import leaves the database as it was.
 */
#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "pkg/pkg-dl.h"
#include "vuln/vuln-db-priv.h"
#include "vuln/vuln-db.h"
#include "vuln/vuln-import.h"

static char tmpdir[] = "/tmp/vakt-test-vuln-db-XXXXXX";

static char *fixture(const char *rel)
{
	const char *f = __FILE__, *slash = strrchr(f, '/');
	size_t n = slash ? (size_t)(slash - f) : 0;

	return vakt_xasprintf("%.*s%s../vuln/%s", (int)n, f, n ? "/" : "", rel);
}

static char *tmp(const char *name)
{
	return vakt_xasprintf("%s/%s", tmpdir, name);
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	struct vakt_buf b = VAKT_BUF_INIT;
	char buf[4096];
	size_t k;

	if (!f) {
		*len = 0;
		return NULL;
	}
	while ((k = fread(buf, 1, sizeof(buf), f)) > 0)
		vakt_buf_add(&b, buf, k);
	fclose(f);
	*len = b.len;
	return vakt_buf_detach(&b);
}

/* The file at path holds exactly before[0..n): a refused or failed writer left it as it was. */
static void expect_same_bytes(const char *path, char *before, size_t n)
{
	size_t len;
	char *after = slurp(path, &len);

	assert_int_equal(n, len);
	assert_memory_equal(before, after, n);
	free(before);
	free(after);
}

/* Import the named inputs into the database at path; returns the stats. */
static struct vuln_import_stats import(const char *path, const char *const *inputs, size_t n)
{
	struct vuln_import imp = {0};
	struct vakt_error *err = NULL;
	struct vuln_db *db = NULL;
	struct vuln_import_stats st;

	assert_int_equal(vuln_db_open(path, VULN_DB_WRITE, &db, &err), 0);
	assert_int_equal(vuln_import_begin(&imp, db, &err), 0);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(vuln_import_path(&imp, inputs[i], NULL, &err), 0);
	assert_int_equal(vuln_import_commit(&imp, &err), 0);
	st = imp.st;
	vuln_import_release(&imp);
	vuln_db_close(db);
	return st;
}

/* The ids found for (ecosystem, name), space-separated, each with its affected entries' count. */
static char *lookup(const char *path, const char *ecosystem, const char *name)
{
	struct vuln_record_list l = {0};
	struct vakt_error *err = NULL;
	struct vuln_db *db = NULL;
	struct vakt_buf b = VAKT_BUF_INIT;

	assert_int_equal(vuln_db_open(path, VULN_DB_READ, &db, &err), 0);
	assert_int_equal(vuln_db_lookup(db, ecosystem, name, &l, &err), 0);
	for (size_t i = 0; i < l.n; i++) {
		assert_true(l.v[i].n_affected >= 1);
		assert_null(l.v[i].withdrawn);
		for (size_t k = 0; k < l.v[i].n_affected; k++) {
			assert_string_equal(l.v[i].affected[k].ecosystem, ecosystem);
			assert_string_equal(l.v[i].affected[k].name, name);
		}
		vakt_buf_addf(&b, "%s%s/%zu", i ? " " : "", l.v[i].id, l.v[i].n_affected);
	}
	vuln_record_list_release(&l);
	vuln_db_close(db);
	return vakt_buf_detach(&b);
}

static void expect_lookup(const char *path, const char *ecosystem, const char *name,
                          const char *want)
{
	char *got = lookup(path, ecosystem, name);

	if (strcmp(got, want))
		print_error("%s %s: got '%s', want '%s'\n", ecosystem, name, got, want);
	assert_string_equal(got, want);
	free(got);
}

static void test_import_and_lookup(void **state)
{
	char *db = tmp("a.db"), *osv = fixture("osv"), *bad = fixture("bad");
	const char *inputs[] = {osv, bad};
	struct vuln_import_stats st = import(db, inputs, 2);
	struct vuln_db_info in;
	struct vakt_error *err = NULL;
	struct vuln_db *h = NULL;
	int has = 0;

	assert_int_equal(st.added, 9);
	assert_int_equal(st.records, 9);
	assert_int_equal(st.withdrawn, 1);
	assert_int_equal(st.invalid, 8);
	assert_int_equal(st.updated + st.unchanged + st.failed, 0);

	expect_lookup(db, "Debian:12", "glibc", "DSA-5678-1/1");
	/* The record lists Debian:12 and Debian:11: each lookup gets its own entry only. */
	expect_lookup(db, "Debian:12", "util-linux", "DEBIAN-CVE-2024-28085/1");
	expect_lookup(db, "Debian:11", "util-linux", "DEBIAN-CVE-2024-28085/1");
	expect_lookup(db, "Debian:10", "util-linux", "");
	expect_lookup(db, "Debian", "glibc", "");
	expect_lookup(db, "Debian:12", "GLIBC", "");
	/* Withdrawn: stored, never returned. */
	expect_lookup(db, "Debian:12", "openssl", "");
	expect_lookup(db, "AlmaLinux:9", "nghttp2", "ALSA-2024:3501/1");
	expect_lookup(db, "Alpine:v3.19", "openssl", "ALPINE-CVE-2024-5535/1");
	expect_lookup(db, "Ubuntu:22.04:LTS", "openssh", "UBUNTU-CVE-2024-6387/1");

	assert_int_equal(vuln_db_open(db, VULN_DB_READ, &h, &err), 0);
	assert_int_equal(vuln_db_has_ecosystem(h, "Debian:12", &has, &err), 0);
	assert_true(has);
	assert_int_equal(vuln_db_has_ecosystem(h, "Debian:10", &has, &err), 0);
	assert_false(has);
	assert_int_equal(vuln_db_get_info(h, &in, &err), 0);
	assert_int_equal(in.records, 8);
	assert_int_equal(in.withdrawn, 1);
	assert_int_equal(in.schema_version, 1);
	assert_true(in.imported_at > 0);
	assert_int_equal(in.n_eco, 4);
	assert_string_equal(in.eco[0].ecosystem, "AlmaLinux");
	assert_string_equal(in.eco[2].ecosystem, "Debian");
	assert_int_equal(in.eco[2].records, 4);
	assert_string_equal(in.eco[2].newest_modified, "2024-06-01T08:30:00Z");
	vuln_db_info_release(&in);
	vuln_db_close(h);
	free(db);
	free(osv);
	free(bad);
}

/* Put one record given as JSON; returns what the database did with it. */
static enum vuln_db_put_result put_json(const char *path, const char *json)
{
	struct vuln_import imp = {0};
	struct vakt_error *err = NULL;
	struct vuln_db *db = NULL;
	enum vuln_db_put_result res;

	assert_int_equal(vuln_db_open(path, VULN_DB_WRITE, &db, &err), 0);
	assert_int_equal(vuln_import_begin(&imp, db, &err), 0);
	assert_int_equal(vuln_import_record(&imp, json, strlen(json), "t.json", &err), 0);
	assert_int_equal(imp.errs.n, 0);
	assert_int_equal(vuln_import_commit(&imp, &err), 0);
	res = imp.st.added     ? VULN_DB_PUT_NEW
	      : imp.st.updated ? VULN_DB_PUT_UPDATED
	                       : VULN_DB_PUT_UNCHANGED;
	vuln_import_release(&imp);
	vuln_db_close(db);
	return res;
}

/* Put DSA-9-1 (modified, one range of name fixed in fixed); returns what the database did. */
static enum vuln_db_put_result put_dsa(const char *path, const char *modified, const char *name,
                                       const char *fixed, bool withdrawn)
{
	char *j = vakt_xasprintf(
	    "{\"id\": \"DSA-9-1\", \"modified\": \"%s\",%s \"affected\": "
	    "[{\"package\": {\"ecosystem\": \"Debian:12\", \"name\": \"%s\"}, "
	    "\"ranges\": [{\"type\": \"ECOSYSTEM\", \"events\": [{\"introduced\": "
	    "\"0\"}, {\"fixed\": \"%s\"}]}]}]}",
	    modified, withdrawn ? " \"withdrawn\": \"2024-09-09T00:00:00Z\"," : "", name, fixed);
	enum vuln_db_put_result res = put_json(path, j);

	free(j);
	return res;
}

/* The fixed version the database returns for DSA-9-1 under name, or "" when none. */
static char *fixed_of(const char *path, const char *name)
{
	struct vuln_record_list l = {0};
	struct vakt_error *err = NULL;
	struct vuln_db *db = NULL;
	char *r;

	assert_int_equal(vuln_db_open(path, VULN_DB_READ, &db, &err), 0);
	assert_int_equal(vuln_db_lookup(db, "Debian:12", name, &l, &err), 0);
	assert_true(l.n <= 1);
	r = vakt_xstrdup(l.n ? l.v[0].affected[0].ranges[0].events[1].version : "");
	vuln_record_list_release(&l);
	vuln_db_close(db);
	return r;
}

static void expect_fixed(const char *path, const char *name, const char *want)
{
	char *got = fixed_of(path, name);

	assert_string_equal(got, want);
	free(got);
}

static void test_reimport(void **state)
{
	char *db = tmp("re.db");

	assert_int_equal(put_dsa(db, "2024-06-01T00:00:00Z", "bash", "5.2-1", false),
	                 VULN_DB_PUT_NEW);
	expect_fixed(db, "bash", "5.2-1");
	/* Older: kept as it is. */
	assert_int_equal(put_dsa(db, "2024-05-01T00:00:00Z", "bash", "5.2-0", false),
	                 VULN_DB_PUT_UNCHANGED);
	expect_fixed(db, "bash", "5.2-1");
	/* The same instant spelt otherwise is as new, not newer. */
	assert_int_equal(put_dsa(db, "2024-06-01T02:00:00+02:00", "bash", "5.2-7", false),
	                 VULN_DB_PUT_UNCHANGED);
	expect_fixed(db, "bash", "5.2-1");
	/* Newer: replaces, and a package the new version no longer names is no longer found. */
	assert_int_equal(put_dsa(db, "2024-06-01T00:00:00.5Z", "dash", "0.5.12-2", false),
	                 VULN_DB_PUT_UPDATED);
	expect_fixed(db, "bash", "");
	expect_fixed(db, "dash", "0.5.12-2");
	/* Withdrawn later: never returned again, but counted. */
	assert_int_equal(put_dsa(db, "2024-09-09T00:00:00Z", "dash", "0.5.12-2", true),
	                 VULN_DB_PUT_UPDATED);
	expect_fixed(db, "dash", "");
	/* And un-withdrawn by a newer record. */
	assert_int_equal(put_dsa(db, "2024-10-01T00:00:00Z", "dash", "0.5.12-3", false),
	                 VULN_DB_PUT_UPDATED);
	expect_fixed(db, "dash", "0.5.12-3");
	free(db);
}

/*
 * A record naming one package twice (two affected entries, as the schema
 * allows when their ecosystem_specific differ) and two packages: each
 * lookup returns the record once, with that package's entries only, in
 * the record's order.
 */
static void test_same_package_twice(void **state)
{
	char *db = tmp("twice.db");
	static const char rec[] =
	    "{\"id\": \"DSA-7-1\", \"modified\": \"2024-01-01T00:00:00Z\", \"affected\": ["
	    "{\"package\": {\"ecosystem\": \"Debian:12\", \"name\": \"b\"}, \"versions\": [\"1\"]},"
	    "{\"package\": {\"ecosystem\": \"Debian:12\", \"name\": \"a\"}, \"versions\": [\"2\"]},"
	    "{\"package\": {\"ecosystem\": \"Debian:12\", \"name\": \"b\"}, \"versions\": "
	    "[\"3\"]}]}";
	struct vuln_record_list l = {0};
	struct vakt_error *err = NULL;
	struct vuln_db *h = NULL;

	assert_int_equal(put_json(db, rec), VULN_DB_PUT_NEW);
	expect_lookup(db, "Debian:12", "b", "DSA-7-1/2");
	expect_lookup(db, "Debian:12", "a", "DSA-7-1/1");
	assert_int_equal(vuln_db_open(db, VULN_DB_READ, &h, &err), 0);
	assert_int_equal(vuln_db_lookup(h, "Debian:12", "b", &l, &err), 0);
	assert_string_equal(l.v[0].affected[0].versions[0], "1");
	assert_string_equal(l.v[0].affected[1].versions[0], "3");
	assert_non_null(l.v[0].block);
	vuln_record_list_release(&l);
	vuln_db_close(h);
	free(db);
}

/* A record X-<k> naming package p in each of n ecosystems E0, E1, ... */
static char *many_ecosystems(int k, size_t n)
{
	struct vakt_buf b = VAKT_BUF_INIT;

	vakt_buf_addf(&b,
	              "{\"id\": \"X-%d\", \"modified\": \"2024-01-01T00:00:00Z\", "
	              "\"affected\": [",
	              k);
	for (size_t i = 0; i < n; i++)
		vakt_buf_addf(&b,
		              "%s{\"package\": {\"ecosystem\": \"E%zu\", \"name\": \"p\"}, "
		              "\"versions\": [\"1\"]}",
		              i ? ", " : "", i);
	vakt_buf_adds(&b, "]}");
	return vakt_buf_detach(&b);
}

/*
 * A record naming thousands of ecosystems: the writer's cache of their ids
 * stays bounded (it is scanned for each package: a whole cache made one
 * 3 MB record take seconds), and those past it are stored all the same.
 */
static void test_many_ecosystems(void **state)
{
	char *db = tmp("ecos.db"), *x1 = many_ecosystems(1, VULN_DB_ECO_CACHE * 4),
	     *x2 = many_ecosystems(2, VULN_DB_ECO_CACHE * 4);
	struct vuln_import imp = {0};
	struct vakt_error *err = NULL;
	struct vuln_db *h = NULL;
	char want[32];

	assert_int_equal(vuln_db_open(db, VULN_DB_WRITE, &h, &err), 0);
	assert_int_equal(vuln_import_begin(&imp, h, &err), 0);
	assert_int_equal(vuln_import_record(&imp, x1, strlen(x1), "x1.json", &err), 0);
	assert_true(h->n_ecos <= VULN_DB_ECO_CACHE);
	/* The same ecosystems again: those past the cache are found in the database. */
	assert_int_equal(vuln_import_record(&imp, x2, strlen(x2), "x2.json", &err), 0);
	assert_true(h->n_ecos <= VULN_DB_ECO_CACHE);
	assert_int_equal(imp.st.added, 2);
	assert_int_equal(vuln_import_commit(&imp, &err), 0);
	vuln_import_release(&imp);
	vuln_db_close(h);
	expect_lookup(db, "E0", "p", "X-1/1 X-2/1");
	snprintf(want, sizeof(want), "E%d", VULN_DB_ECO_CACHE * 4 - 1);
	expect_lookup(db, want, "p", "X-1/1 X-2/1");
	snprintf(want, sizeof(want), "E%d", VULN_DB_ECO_CACHE * 4);
	expect_lookup(db, want, "p", "");
	free(x1);
	free(x2);
	free(db);
}

/* Set meta's schema_version of the database at path with SQLite itself. */
static void set_schema_version(const char *path, const char *v)
{
	sqlite3 *h = NULL;
	char *sql = vakt_xasprintf("UPDATE meta SET value = '%s' WHERE key = 'schema_version'", v);

	assert_int_equal(pkg_dl_load(NULL), 0);
	assert_int_equal(sqlite3_open_v2(path, &h, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_exec(h, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(h);
	free(sql);
}

static void expect_open_error(const char *path, enum vuln_db_mode mode, int code, const char *want)
{
	struct vakt_error *err = NULL;
	struct vuln_db *db = NULL;

	assert_int_equal(vuln_db_open(path, mode, &db, &err), code);
	assert_null(db);
	if (!strstr(err->msg, want))
		print_error("got '%s', want '%s'\n", err->msg, want);
	assert_non_null(strstr(err->msg, want));
	vakt_error_free(err);
}

static void test_schema_version(void **state)
{
	char *db = tmp("v.db"), *osv = fixture("osv/debian"), *before;
	const char *inputs[] = {osv};
	size_t n1;
	sqlite3 *h = NULL;

	import(db, inputs, 1);
	set_schema_version(db, "99");
	before = slurp(db, &n1);
	expect_open_error(db, VULN_DB_READ, -EPROTO, "written by a newer vakt (database schema 99");
	expect_open_error(db, VULN_DB_WRITE, -EPROTO, "neither reads nor overwrites it");
	expect_same_bytes(db, before, n1);

	/* An older schema: refused for reading, rebuilt by an import. */
	set_schema_version(db, "0");
	expect_open_error(db, VULN_DB_READ, -EPROTO,
	                  "written by an older vakt (database schema 0; this vakt reads schema 1)");
	{
		char *alp = fixture("osv/alpine");
		const char *in2[] = {alp};
		struct vuln_import_stats st = import(db, in2, 1);

		assert_int_equal(st.added, 2);
		expect_lookup(db, "Alpine:v3.19", "busybox", "ALPINE-CVE-2023-42363/1");
		expect_lookup(db, "Debian:12", "glibc",
		              ""); /* the old data went with the old file */
		free(alp);
	}

	/* Another program's SQLite file: refused both ways, untouched. */
	free(db);
	db = tmp("other.db");
	assert_int_equal(sqlite3_open_v2(db, &h, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL),
	                 SQLITE_OK);
	assert_int_equal(
	    sqlite3_exec(h, "CREATE TABLE t(x); INSERT INTO t VALUES (1)", NULL, NULL, NULL),
	    SQLITE_OK);
	sqlite3_close(h);
	before = slurp(db, &n1);
	expect_open_error(db, VULN_DB_READ, -EPROTO, "is not a vakt vulnerability database");
	expect_open_error(db, VULN_DB_WRITE, -EPROTO, "is not a vakt vulnerability database");
	expect_same_bytes(db, before, n1);
	free(db);
	free(osv);
}

static int cancel_after;

static int cancel_soon(void *data)
{
	return --cancel_after < 0;
}

static void test_failed_import(void **state)
{
	char *db = tmp("f.db"), *deb = fixture("osv/debian"), *osv = fixture("osv");
	char *before, *fresh = tmp("fresh.db");
	const char *inputs[] = {deb};
	struct vuln_import imp = {.cancelled = cancel_soon};
	struct vakt_error *err = NULL;
	struct vuln_db *h = NULL;
	struct stat st;
	size_t n1;

	import(db, inputs, 1);
	before = slurp(db, &n1);
	cancel_after = 3;
	assert_int_equal(vuln_db_open(db, VULN_DB_WRITE, &h, &err), 0);
	assert_int_equal(vuln_import_begin(&imp, h, &err), 0);
	assert_int_equal(vuln_import_path(&imp, osv, NULL, &err), -ECANCELED);
	assert_true(imp.st.added > 0); /* some were put before the stop */
	vakt_error_free(err);
	err = NULL;
	vuln_import_release(&imp);
	vuln_db_close(h);
	expect_same_bytes(db, before, n1);
	expect_lookup(db, "Alpine:v3.19", "busybox", "");
	expect_lookup(db, "Debian:12", "glibc", "DSA-5678-1/1");

	/* A new file whose only import failed is not left behind. */
	cancel_after = 1;
	imp = (struct vuln_import){.cancelled = cancel_soon};
	assert_int_equal(vuln_db_open(fresh, VULN_DB_WRITE, &h, &err), 0);
	assert_int_equal(vuln_import_begin(&imp, h, &err), 0);
	assert_int_equal(vuln_import_path(&imp, osv, NULL, &err), -ECANCELED);
	vakt_error_free(err);
	vuln_import_release(&imp);
	vuln_db_close(h);
	assert_int_equal(stat(fresh, &st), -1);
	expect_open_error(fresh, VULN_DB_READ, -ENOENT, "run 'vakt db update'");

	free(fresh);
	free(db);
	free(deb);
	free(osv);
}

/*
 * A writer killed after its changes reached the file: the journal is hot,
 * and SQLite lets only a writer roll it back. A reader (a scan) must still
 * see the database as it was before that writer began.
 */
static void test_hot_journal(void **state)
{
	char *db = tmp("hot.db"), *osv = fixture("osv"), *journal = tmp("hot.db-journal");
	const char *inputs[] = {osv};
	struct stat st;
	pid_t pid;
	int status = 0;

	import(db, inputs, 1);
	assert_int_equal(pkg_dl_load(NULL), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		sqlite3 *h = NULL;

		/* A tiny cache spills the changes into the file before the commit that never comes.
		 */
		if (sqlite3_open_v2(db, &h, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK ||
		    sqlite3_exec(h,
		                 "PRAGMA cache_size = 2; BEGIN; DELETE FROM entry; DELETE FROM "
		                 "record; CREATE TABLE filler(x); WITH RECURSIVE c(i) AS (SELECT 1 "
		                 "UNION ALL SELECT i + 1 FROM c WHERE i < 2000) INSERT INTO filler "
		                 "SELECT randomblob(1000) FROM c",
		                 NULL, NULL, NULL) != SQLITE_OK)
			_exit(2);
		raise(SIGKILL);
		_exit(3);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFSIGNALED(status));
	assert_int_equal(stat(journal, &st), 0);
	assert_true(st.st_size > 0);
	expect_lookup(db, "Debian:12", "glibc", "DSA-5678-1/1");
	expect_lookup(db, "Alpine:v3.19", "busybox", "ALPINE-CVE-2023-42363/1");
	free(journal);
	free(osv);
	free(db);
}

/* Write a zip of n entries (name, content) to path with libarchive's writer. */
static void write_zip(const char *path, const char *const (*entries)[2], size_t n)
{
	struct archive *a = archive_write_new();

	assert_int_equal(archive_write_set_format_zip(a), ARCHIVE_OK);
	assert_int_equal(archive_write_open_filename(a, path), ARCHIVE_OK);
	for (size_t i = 0; i < n; i++) {
		struct archive_entry *e = archive_entry_new();
		size_t len = strlen(entries[i][1]);

		archive_entry_set_pathname(e, entries[i][0]);
		archive_entry_set_filetype(e, AE_IFREG);
		archive_entry_set_perm(e, 0644);
		archive_entry_set_size(e, (la_int64_t)len);
		assert_int_equal(archive_write_header(a, e), ARCHIVE_OK);
		assert_int_equal(archive_write_data(a, entries[i][1], len), (la_ssize_t)len);
		archive_entry_free(e);
	}
	assert_int_equal(archive_write_close(a), ARCHIVE_OK);
	archive_write_free(a);
}

static char *rec(const char *id, const char *pkg)
{
	return vakt_xasprintf(
	    "{\"id\": \"%s\", \"modified\": \"2024-01-01T00:00:00Z\", "
	    "\"affected\": [{\"package\": {\"ecosystem\": \"Alpine:v3.19\", "
	    "\"name\": \"%s\"}, \"ranges\": [{\"type\": \"ECOSYSTEM\", \"events\": "
	    "[{\"introduced\": \"0\"}, {\"fixed\": \"1.0-r1\"}]}]}]}",
	    id, pkg);
}

static void test_zip(void **state)
{
	char *r1 = rec("ALPINE-CVE-1", "zlib"), *r2 = rec("ALPINE-CVE-2", "zlib"),
	     *r3 = rec("ALPINE-CVE-3", "musl"), *big = rec("ALPINE-CVE-4", "big");
	const char *const entries[][2] = {
	    {"ALPINE-CVE-1.json", r1}, {"README.txt", "not a record"},
	    {"ALPINE-CVE-2.json", r2}, {"ALPINE-CVE-bad.json", "{\"id\": 1}"},
	    {"ALPINE-CVE-3.json", r3},
	};
	const char *const other[][2] = {{"ALPINE-CVE-4.json", big}};
	char *zip = tmp("all.zip"), *cut = tmp("cut.zip"), *zip2 = tmp("other.zip");
	char *db = tmp("z.db"), *data, *named = tmp("renamed.json");
	const char *inputs[] = {cut, zip2};
	struct vuln_import_stats st;
	size_t len;
	FILE *f;

	write_zip(zip, entries, VAKT_ARRAY_SIZE(entries));
	write_zip(zip2, other, 1);
	/* The first half of the archive: records, then nothing. */
	data = slurp(zip, &len);
	f = fopen(cut, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len * 2 / 3, f), len * 2 / 3);
	fclose(f);
	/* An archive is one by its bytes, whatever its name. */
	f = fopen(named, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	fclose(f);

	st = import(db, inputs, 2);
	assert_int_equal(st.failed, 1);
	assert_int_equal(st.added, 1); /* other.zip only: nothing of the damaged one */
	expect_lookup(db, "Alpine:v3.19", "zlib", "");
	expect_lookup(db, "Alpine:v3.19", "big", "ALPINE-CVE-4/1");

	inputs[0] = named;
	st = import(db, inputs, 1);
	assert_int_equal(st.failed, 0);
	assert_int_equal(st.added, 3);
	assert_int_equal(st.other, 1);
	assert_int_equal(st.invalid, 1);
	expect_lookup(db, "Alpine:v3.19", "zlib", "ALPINE-CVE-1/1 ALPINE-CVE-2/1");
	expect_lookup(db, "Alpine:v3.19", "musl", "ALPINE-CVE-3/1");

	free(data);
	free(r1);
	free(r2);
	free(r3);
	free(big);
	free(zip);
	free(zip2);
	free(cut);
	free(named);
	free(db);
}

/* The archive ceilings: over either, the archive counts not at all. */
static void test_zip_ceilings(void **state)
{
	char *r1 = rec("ALPINE-CVE-1", "zlib"), *r2 = rec("ALPINE-CVE-2", "zlib");
	const char *const entries[][2] = {{"1.json", r1}, {"2.json", r2}};
	char *zip = tmp("c.zip"), *db = tmp("c.db");
	struct vuln_import imp = {.max_entries = 1};
	struct vakt_error *err = NULL;
	struct vuln_db *h = NULL;

	write_zip(zip, entries, 2);
	assert_int_equal(vuln_db_open(db, VULN_DB_WRITE, &h, &err), 0);
	assert_int_equal(vuln_import_begin(&imp, h, &err), 0);
	assert_int_equal(vuln_import_path(&imp, zip, "c.zip", &err), 0);
	assert_int_equal(imp.st.failed, 1);
	assert_int_equal(imp.st.added, 0);
	assert_non_null(strstr(imp.errs.v[0]->msg, "more than 1 entries"));
	vuln_import_release(&imp);

	imp = (struct vuln_import){.max_bytes = strlen(r1) + 10};
	assert_int_equal(vuln_import_begin(&imp, h, &err), 0);
	assert_int_equal(vuln_import_path(&imp, zip, "c.zip", &err), 0);
	assert_int_equal(imp.st.failed, 1);
	assert_int_equal(imp.st.added, 0);
	assert_non_null(strstr(imp.errs.v[0]->msg, "bytes decompressed"));
	vuln_import_release(&imp);

	imp = (struct vuln_import){0};
	assert_int_equal(vuln_import_begin(&imp, h, &err), 0);
	assert_int_equal(vuln_import_path(&imp, zip, "c.zip", &err), 0);
	assert_int_equal(imp.st.added, 2);
	assert_int_equal(vuln_import_commit(&imp, &err), 0);
	vuln_import_release(&imp);
	vuln_db_close(h);
	free(r1);
	free(r2);
	free(zip);
	free(db);
}

static void test_default_path(void **state)
{
	struct vakt_error *err = NULL;
	char *p;

	setenv("XDG_CACHE_HOME", "/xdg", 1);
	setenv("HOME", "/home/u", 1);
	p = vuln_db_default_path(&err);
	assert_string_equal(p, "/xdg/vakt/vuln.db");
	free(p);
	setenv("XDG_CACHE_HOME", "relative", 1);
	p = vuln_db_default_path(&err);
	assert_string_equal(p, "/home/u/.cache/vakt/vuln.db");
	free(p);
	unsetenv("XDG_CACHE_HOME");
	unsetenv("HOME");
	assert_null(vuln_db_default_path(&err));
	assert_non_null(strstr(err->msg, "--db"));
	vakt_error_free(err);
}

static int setup(void **state)
{
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
	char *cmd = vakt_xasprintf("rm -rf '%s'", tmpdir);
	int r = system(cmd);

	free(cmd);
	return r == 0 ? 0 : -1;
}

/*
 * make bench (bench/vulndb.sh): --bench DB ECOSYSTEM NAMES opens DB as a
 * scan does (SQLite loaded in this process first) and looks up every name
 * of the file NAMES in ECOSYSTEM, once. Prints "OPEN_MS LOOKUP_MS RECORDS
 * ENTRIES OPEN_CPU_MS LOOKUP_CPU_MS": the time to open, the time of all the
 * lookups together, and
 * what they returned, then the CPU time of the open and of the lookups
 * (a loaded machine stretches the wall times, not these).
 */
static double cpu_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int bench(const char *path, const char *ecosystem, const char *names)
{
	struct vuln_record_list l = {0};
	struct vakt_error *err = NULL;
	struct vuln_db *db = NULL;
	struct vakt_strv v = VAKT_STRV_INIT;
	char line[512];
	size_t entries = 0, records = 0;
	double t0, t1, t2, c0, c1, c2;
	FILE *f = fopen(names, "r");

	if (!f)
		return 2;
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		if (line[0])
			vakt_strv_push(&v, line);
	}
	fclose(f);
	c0 = cpu_now();
	t0 = vakt_now();
	if (vuln_db_open(path, VULN_DB_READ, &db, &err) < 0) {
		fprintf(stderr, "%s\n", err->msg);
		return 1;
	}
	t1 = vakt_now();
	c1 = cpu_now();
	for (size_t i = 0; i < v.n; i++) {
		if (vuln_db_lookup(db, ecosystem, v.v[i], &l, &err) < 0) {
			fprintf(stderr, "%s\n", err->msg);
			return 1;
		}
		/* A matcher judges a package's records and lets them go. */
		records += l.n;
		for (size_t k = 0; k < l.n; k++)
			entries += l.v[k].n_affected;
		vuln_record_list_release(&l);
	}
	t2 = vakt_now();
	c2 = cpu_now();
	printf("%.3f %.3f %zu %zu %.3f %.3f\n", (t1 - t0) * 1e3, (t2 - t1) * 1e3, records, entries,
	       (c1 - c0) * 1e3, (c2 - c1) * 1e3);
	vuln_record_list_release(&l);
	vuln_db_close(db);
	vakt_strv_release(&v);
	return 0;
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_import_and_lookup),  cmocka_unit_test(test_reimport),
	    cmocka_unit_test(test_same_package_twice), cmocka_unit_test(test_many_ecosystems),
	    cmocka_unit_test(test_schema_version),     cmocka_unit_test(test_failed_import),
	    cmocka_unit_test(test_hot_journal),        cmocka_unit_test(test_zip),
	    cmocka_unit_test(test_zip_ceilings),       cmocka_unit_test(test_default_path),
	};

	if (argc == 5 && !strcmp(argv[1], "--bench"))
		return bench(argv[2], argv[3], argv[4]);
	return cmocka_run_group_tests(tests, setup, teardown);
}
