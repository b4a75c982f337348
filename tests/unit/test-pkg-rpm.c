/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for src/pkg/pkg-rpm.c: rpm header blobs built here in rpm's
 * on-disk layout, stored in SQLite databases made with the SQLite API, and
 * a real rpmdb.sqlite made by rpm itself when rpmbuild is installed.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "pkg/pkg-priv.h"

#define DB_PATH "var/lib/rpm/rpmdb.sqlite"

enum {
	T_INT32 = 4,
	T_STRING = 6,
	T_BIN = 7,
	T_STRING_ARRAY = 8,
	T_I18N = 9,
};

/* One tag of a header to build: a string (s) or an INT32 (i). */
struct tag {
	uint32_t tag;
	uint32_t type;
	const char *s;
	uint32_t i;
};

static void put32(struct vakt_buf *b, uint32_t v)
{
	unsigned char c[4] = {(unsigned char)(v >> 24), (unsigned char)(v >> 16),
	                      (unsigned char)(v >> 8), (unsigned char)v};

	vakt_buf_add(b, c, 4);
}

/*
 * A header the way rpm stores it in rpmdb.sqlite: index count, data size,
 * index entries (big-endian tag, type, offset, count), then the data store,
 * INT32 values aligned to 4. Like rpm, the first entry is the immutable
 * region tag (63) pointing at a 16-byte trailer at the end of the data.
 */
static void build_header(struct vakt_buf *out, const struct tag *t, size_t n)
{
	struct vakt_buf index = VAKT_BUF_INIT, data = VAKT_BUF_INIT;

	for (size_t k = 0; k < n; k++) {
		uint32_t off;

		if (t[k].type == T_INT32) {
			while (data.len % 4)
				vakt_buf_addc(&data, 0);
			off = (uint32_t)data.len;
			put32(&data, t[k].i);
		} else {
			off = (uint32_t)data.len;
			vakt_buf_add(&data, t[k].s, strlen(t[k].s) + 1);
		}
		put32(&index, t[k].tag);
		put32(&index, t[k].type);
		put32(&index, off);
		put32(&index, 1);
	}
	/* The region trailer: its own entry, with the negated index size. */
	put32(&data, 63);
	put32(&data, T_BIN);
	put32(&data, (uint32_t)(-(int32_t)((n + 1) * 16)));
	put32(&data, 16);
	vakt_buf_reset(out);
	put32(out, (uint32_t)n + 1);
	put32(out, (uint32_t)data.len);
	put32(out, 63);
	put32(out, T_BIN);
	put32(out, (uint32_t)data.len - 16);
	put32(out, 16);
	vakt_buf_add(out, index.data, index.len);
	vakt_buf_add(out, data.data, data.len);
	vakt_buf_release(&index);
	vakt_buf_release(&data);
}

static void demo_header(struct vakt_buf *out, const char *name)
{
	const struct tag t[] = {
	    {1000, T_STRING, name, 0},
	    {1001, T_STRING, "1.2.3", 0},
	    {1002, T_STRING, "4.el9", 0},
	    {1003, T_INT32, NULL, 1},
	    {1004, T_I18N, "a summary", 0},
	    {1014, T_STRING, "MIT AND (Apache-2.0 OR GPL-2.0-or-later)", 0},
	    {1022, T_STRING, "noarch", 0},
	    {1044, T_STRING, "vakt-demo-1.2.3-4.el9.src.rpm", 0},
	};

	build_header(out, t, VAKT_ARRAY_SIZE(t));
}

static int parse_header(const struct vakt_buf *b, struct pkg_list *l, struct vakt_error **err)
{
	return pkg_rpm_parse_header(DB_PATH, (const unsigned char *)b->data, b->len, 7, l, err);
}

static void test_header(void **state)
{
	struct vakt_buf b = VAKT_BUF_INIT;
	struct pkg_list l = {0};
	const struct pkg *p;

	demo_header(&b, "vakt-demo");
	assert_int_equal(0, parse_header(&b, &l, NULL));
	assert_int_equal(1, l.n);
	p = &l.v[0];
	assert_int_equal(PKG_RPM, p->type);
	assert_string_equal("vakt-demo", p->name);
	assert_string_equal("1:1.2.3-4.el9", p->version);
	assert_string_equal("noarch", p->arch);
	assert_string_equal("MIT AND (Apache-2.0 OR GPL-2.0-or-later)", p->license);
	assert_string_equal("vakt-demo", p->source);
	assert_string_equal("1:1.2.3-4.el9", p->source_version);
	assert_int_equal(7, p->line);
	assert_int_equal(-1, p->layer);
	assert_null(p->purl);
	pkg_list_release(&l);
	vakt_buf_release(&b);
}

static void test_header_shapes(void **state)
{
	/* No epoch, a subpackage of another source, string arrays and i18n strings. */
	const struct tag sub[] = {
	    {1000, T_I18N, "openssl-libs", 0},
	    {1001, T_STRING_ARRAY, "3.0.7", 0},
	    {1002, T_STRING, "27.el9", 0},
	    {1022, T_STRING, "x86_64", 0},
	    {1044, T_STRING, "openssl-3.0.7-27.el9.src.rpm", 0},
	    /* A repeated tag: the first one counts. */
	    {1000, T_STRING, "ignored", 0},
	};
	/* No SOURCERPM, no ARCH, no LICENSE (gpg-pubkey is skipped, so not that name). */
	const struct tag bare[] = {
	    {1002, T_STRING, "1", 0},
	    {1001, T_STRING, "2", 0},
	    {1000, T_STRING, "bare", 0},
	};
	const struct tag nosrc[] = {
	    {1000, T_STRING, "n", 0},
	    {1001, T_STRING, "1", 0},
	    {1002, T_STRING, "1", 0},
	    {1003, T_INT32, NULL, 4294967295u},
	    {1044, T_STRING, "n-src-9-8.nosrc.rpm", 0},
	};
	const struct tag weird_src[] = {
	    {1000, T_STRING, "w", 0},
	    {1001, T_STRING, "1", 0},
	    {1002, T_STRING, "1", 0},
	    {1044, T_STRING, "just-one.src.rpm", 0},
	};
	const struct tag key[] = {
	    {1000, T_STRING, "gpg-pubkey", 0},
	    {1001, T_STRING, "fd431d51", 0},
	    {1002, T_STRING, "4ae0493b", 0},
	};
	struct vakt_buf b = VAKT_BUF_INIT;
	struct pkg_list l = {0};

	build_header(&b, sub, VAKT_ARRAY_SIZE(sub));
	assert_int_equal(0, parse_header(&b, &l, NULL));
	assert_string_equal("openssl-libs", l.v[0].name);
	assert_string_equal("3.0.7-27.el9", l.v[0].version);
	assert_string_equal("openssl", l.v[0].source);
	assert_string_equal("3.0.7-27.el9", l.v[0].source_version);
	assert_null(l.v[0].license);

	build_header(&b, bare, VAKT_ARRAY_SIZE(bare));
	assert_int_equal(0, parse_header(&b, &l, NULL));
	assert_string_equal("2-1", l.v[1].version);
	assert_null(l.v[1].arch);
	assert_string_equal("bare", l.v[1].source);
	assert_string_equal("2-1", l.v[1].source_version);

	build_header(&b, nosrc, VAKT_ARRAY_SIZE(nosrc));
	assert_int_equal(0, parse_header(&b, &l, NULL));
	assert_string_equal("4294967295:1-1", l.v[2].version);
	assert_string_equal("n-src", l.v[2].source);
	assert_string_equal("4294967295:9-8", l.v[2].source_version);

	build_header(&b, weird_src, VAKT_ARRAY_SIZE(weird_src));
	assert_int_equal(0, parse_header(&b, &l, NULL));
	assert_string_equal("w", l.v[3].source);
	assert_string_equal("1-1", l.v[3].source_version);

	/* Imported keys are not packages. */
	build_header(&b, key, VAKT_ARRAY_SIZE(key));
	assert_int_equal(0, parse_header(&b, &l, NULL));
	assert_int_equal(4, l.n);
	pkg_list_release(&l);
	vakt_buf_release(&b);
}

static void expect_header_error(const void *blob, size_t len, int code, const char *needle)
{
	struct pkg_list l = {0};
	struct vakt_error *err = NULL;

	assert_int_equal(code, pkg_rpm_parse_header(DB_PATH, blob, len, 3, &l, &err));
	assert_non_null(err);
	assert_int_equal(code, err->code);
	assert_string_equal(DB_PATH, err->file);
	assert_int_equal(3, err->line);
	if (!strstr(err->msg, needle))
		fail_msg("error '%s' does not mention '%s'", err->msg, needle);
	assert_int_equal(0, l.n);
	vakt_error_free(err);
}

/* Overwrite the 32-bit big-endian word at byte offset off. */
static void poke32(struct vakt_buf *b, size_t off, uint32_t v)
{
	b->data[off] = (char)(v >> 24);
	b->data[off + 1] = (char)(v >> 16);
	b->data[off + 2] = (char)(v >> 8);
	b->data[off + 3] = (char)v;
}

static void test_header_hostile(void **state)
{
	const struct tag name_int[] = {{1000, T_INT32, NULL, 5}};
	const struct tag epoch_str[] = {{1003, T_STRING, "1", 0}};
	const struct tag no_release[] = {{1000, T_STRING, "a", 0}, {1001, T_STRING, "1", 0}};
	const struct tag empty_name[] = {
	    {1000, T_STRING, "", 0}, {1001, T_STRING, "1", 0}, {1002, T_STRING, "1", 0}};
	struct vakt_buf b = VAKT_BUF_INIT, good = VAKT_BUF_INIT;
	struct pkg_list l = {0};
	size_t data_off;

	demo_header(&good, "vakt-demo");
	expect_header_error("", 0, -EINVAL, "truncated");
	expect_header_error("\0\0\0", 3, -EINVAL, "truncated");
	/* Index counts: none, and more than PKG_RPM_MAX_INDEX. */
	vakt_buf_reset(&b);
	vakt_buf_add(&b, good.data, good.len);
	poke32(&b, 0, 0);
	expect_header_error(b.data, b.len, -EINVAL, "bad index count");
	poke32(&b, 0, PKG_RPM_MAX_INDEX + 1);
	expect_header_error(b.data, b.len, -EINVAL, "bad index count");
	/* Counts that do not fit in the blob. */
	poke32(&b, 0, PKG_RPM_MAX_INDEX);
	expect_header_error(b.data, b.len, -EINVAL, "do not fit");
	vakt_buf_reset(&b);
	vakt_buf_add(&b, good.data, good.len);
	poke32(&b, 4, 0xffffffffu);
	expect_header_error(b.data, b.len, -EINVAL, "do not fit");
	poke32(&b, 4, PKG_RPM_MAX_HEADER_BYTES + 1);
	expect_header_error(b.data, b.len, -EINVAL, "do not fit");
	/* Every truncation of a good header is an error, never a crash or an over-read. */
	for (size_t n = 0; n < good.len; n++) {
		char *copy = vakt_xmalloc(n ? n : 1);
		struct vakt_error *err = NULL;

		memcpy(copy, good.data, n);
		assert_int_equal(
		    -EINVAL, pkg_rpm_parse_header(DB_PATH, (unsigned char *)copy, n, 1, &l, &err));
		vakt_error_free(err);
		free(copy);
	}
	/* A string offset past the data, and one whose string runs off its end. */
	vakt_buf_reset(&b);
	vakt_buf_add(&b, good.data, good.len);
	poke32(&b, 8 + 16 * 1 + 8, 0x7fffffff); /* NAME, the entry after the region */
	expect_header_error(b.data, b.len, -EINVAL, "NAME offset");
	data_off = 8 + 16 * 9;
	vakt_buf_reset(&b);
	vakt_buf_add(&b, good.data, good.len);
	/* Point NAME at the last byte of the data store, which is not a NUL. */
	poke32(&b, 8 + 16 * 1 + 8, (uint32_t)(good.len - data_off - 1));
	expect_header_error(b.data, b.len, -EINVAL, "not terminated");
	/* EPOCH pointing at the last two bytes. */
	vakt_buf_reset(&b);
	vakt_buf_add(&b, good.data, good.len);
	poke32(&b, 8 + 16 * 4 + 8, (uint32_t)(good.len - data_off - 2));
	expect_header_error(b.data, b.len, -EINVAL, "EPOCH offset");
	/* Wrong types. */
	build_header(&b, name_int, VAKT_ARRAY_SIZE(name_int));
	expect_header_error(b.data, b.len, -EINVAL, "not a string");
	build_header(&b, epoch_str, VAKT_ARRAY_SIZE(epoch_str));
	expect_header_error(b.data, b.len, -EINVAL, "EPOCH has type");
	build_header(&b, no_release, VAKT_ARRAY_SIZE(no_release));
	expect_header_error(b.data, b.len, -EINVAL, "without RELEASE");
	build_header(&b, empty_name, VAKT_ARRAY_SIZE(empty_name));
	expect_header_error(b.data, b.len, -EINVAL, "without NAME");
	vakt_buf_release(&b);
	vakt_buf_release(&good);
	pkg_list_release(&l);
}

static void test_header_limits(void **state)
{
	size_t len = (size_t)PKG_RPM_MAX_HEADER_BYTES + 1;
	void *m = mmap(NULL, len, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	char *field = vakt_xmalloc(PKG_MAX_FIELD + 2);
	struct tag t[] = {
	    {1000, T_STRING, field, 0}, {1001, T_STRING, "1", 0}, {1002, T_STRING, "1", 0}};
	struct vakt_buf b = VAKT_BUF_INIT;
	struct pkg_list l = {0};

	assert_true(m != MAP_FAILED);
	expect_header_error(m, len, -E2BIG, "larger than");
	munmap(m, len);
	/* PKG_MAX_FIELD: the limit passes, one byte more does not. */
	memset(field, 'n', PKG_MAX_FIELD);
	field[PKG_MAX_FIELD] = '\0';
	build_header(&b, t, VAKT_ARRAY_SIZE(t));
	assert_int_equal(0, parse_header(&b, &l, NULL));
	assert_int_equal(PKG_MAX_FIELD, strlen(l.v[0].name));
	field[PKG_MAX_FIELD] = 'n';
	field[PKG_MAX_FIELD + 1] = '\0';
	build_header(&b, t, VAKT_ARRAY_SIZE(t));
	expect_header_error(b.data, b.len, -E2BIG, "NAME longer than");
	free(field);
	vakt_buf_release(&b);
	pkg_list_release(&l);
}

/* --- databases ------------------------------------------------------------ */

static void exec_sql(sqlite3 *db, const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("%s: %s", sql, msg);
}

static void insert_blob(sqlite3 *db, long long hnum, const void *blob, size_t n)
{
	sqlite3_stmt *st;

	assert_int_equal(
	    SQLITE_OK, sqlite3_prepare_v2(db, "INSERT INTO Packages VALUES (?, ?)", -1, &st, NULL));
	sqlite3_bind_int64(st, 1, hnum);
	sqlite3_bind_blob(st, 2, blob, (int)n, SQLITE_TRANSIENT);
	assert_int_equal(SQLITE_DONE, sqlite3_step(st));
	sqlite3_finalize(st);
}

static sqlite3 *rpmdb_new(void)
{
	sqlite3 *db;

	assert_int_equal(SQLITE_OK, sqlite3_open(":memory:", &db));
	exec_sql(db, "CREATE TABLE IF NOT EXISTS 'Packages' "
	             "(hnum INTEGER PRIMARY KEY AUTOINCREMENT, blob BLOB NOT NULL)");
	return db;
}

/* The database file's bytes; the caller frees them with sqlite3_free(). */
static unsigned char *rpmdb_bytes(sqlite3 *db, size_t *len)
{
	sqlite3_int64 n = 0;
	unsigned char *p = sqlite3_serialize(db, "main", &n, 0);

	assert_non_null(p);
	*len = (size_t)n;
	sqlite3_close(db);
	return p;
}

static void test_sqlite(void **state)
{
	sqlite3 *db = rpmdb_new();
	struct vakt_buf b = VAKT_BUF_INIT;
	struct pkg_list l = {0};
	struct vakt_error *err = NULL;
	unsigned char *bytes;
	size_t len;

	demo_header(&b, "zeta");
	insert_blob(db, 3, b.data, b.len);
	demo_header(&b, "gpg-pubkey");
	insert_blob(db, 5, b.data, b.len);
	demo_header(&b, "alpha");
	insert_blob(db, 9, b.data, b.len);
	bytes = rpmdb_bytes(db, &len);
	assert_int_equal(0, pkg_rpm_parse_sqlite(DB_PATH, (char *)bytes, len, &l, &err));
	assert_null(err);
	assert_int_equal(2, l.n);
	/* Table order (hnum); the line is the hnum. */
	assert_string_equal("zeta", l.v[0].name);
	assert_int_equal(3, l.v[0].line);
	assert_string_equal("alpha", l.v[1].name);
	assert_int_equal(9, l.v[1].line);
	assert_string_equal("1:1.2.3-4.el9", l.v[1].version);
	pkg_list_release(&l);
	sqlite3_free(bytes);
	vakt_buf_release(&b);
}

/* rpm keeps its database in WAL mode: the file header says so. */
static void test_sqlite_wal(void **state)
{
	char dir[] = "/tmp/vakt-test-rpm-XXXXXX", path[64], *msg = NULL;
	struct vakt_buf b = VAKT_BUF_INIT, file = VAKT_BUF_INIT;
	struct pkg_list l = {0};
	sqlite3 *db;
	FILE *f;
	char chunk[4096];
	size_t n;

	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/rpmdb.sqlite", dir);
	assert_int_equal(SQLITE_OK, sqlite3_open(path, &db));
	assert_int_equal(SQLITE_OK, sqlite3_exec(db, "PRAGMA journal_mode=WAL", NULL, NULL, &msg));
	exec_sql(db, "CREATE TABLE Packages (hnum INTEGER PRIMARY KEY AUTOINCREMENT, blob BLOB)");
	demo_header(&b, "walpkg");
	insert_blob(db, 1, b.data, b.len);
	sqlite3_close(db);
	f = fopen(path, "rb");
	assert_non_null(f);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		vakt_buf_add(&file, chunk, n);
	fclose(f);
	assert_int_equal(2, file.data[18]);
	assert_int_equal(0, pkg_rpm_parse_sqlite(DB_PATH, file.data, file.len, &l, NULL));
	assert_int_equal(1, l.n);
	assert_string_equal("walpkg", l.v[0].name);
	/* The caller's bytes are not changed. */
	assert_int_equal(2, file.data[18]);
	unlink(path);
	snprintf(path, sizeof(path), "%s/rpmdb.sqlite-wal", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/rpmdb.sqlite-shm", dir);
	unlink(path);
	rmdir(dir);
	pkg_list_release(&l);
	vakt_buf_release(&b);
	vakt_buf_release(&file);
}

static void expect_db_error(const void *data, size_t len, long ksteps, int code, const char *needle)
{
	struct pkg_list l = {0};
	struct vakt_error *err = NULL;

	pkg_list_add(&l)->name = vakt_xstrdup("before");
	assert_int_equal(code, pkg_rpm_parse_sqlite_bounded(DB_PATH, data, len, ksteps, &l, &err));
	assert_non_null(err);
	assert_int_equal(code, err->code);
	assert_string_equal(DB_PATH, err->file);
	if (!strstr(err->msg, needle))
		fail_msg("error '%s' does not mention '%s'", err->msg, needle);
	assert_int_equal(1, l.n);
	vakt_error_free(err);
	pkg_list_release(&l);
}

static void expect_sql_error(sqlite3 *db, int code, const char *needle)
{
	size_t len;
	unsigned char *bytes = rpmdb_bytes(db, &len);

	expect_db_error(bytes, len, PKG_RPM_MAX_SQL_KSTEPS, code, needle);
	sqlite3_free(bytes);
}

static void test_sqlite_hostile(void **state)
{
	struct vakt_buf b = VAKT_BUF_INIT, bad = VAKT_BUF_INIT;
	sqlite3 *db;
	unsigned char *bytes;
	size_t len;

	expect_db_error("", 0, PKG_RPM_MAX_SQL_KSTEPS, -EINVAL, "not an SQLite database");
	expect_db_error("hello, world", 12, PKG_RPM_MAX_SQL_KSTEPS, -EINVAL, "not an SQLite");
	/* A BerkeleyDB Packages file (hash magic 0x061561 at offset 12) is not this format. */
	for (int i = 0; i < 512; i++)
		vakt_buf_addc(&bad, i == 12 ? 0x61 : i == 13 ? 0x15 : i == 14 ? 0x06 : 0);
	expect_db_error(bad.data, bad.len, PKG_RPM_MAX_SQL_KSTEPS, -EINVAL, "not an SQLite");
	/* The right magic followed by garbage. */
	vakt_buf_reset(&bad);
	vakt_buf_add(&bad, "SQLite format 3", 16);
	for (int i = 0; i < 5000; i++)
		vakt_buf_addc(&bad, (char)(i * 37));
	expect_db_error(bad.data, bad.len, PKG_RPM_MAX_SQL_KSTEPS, -EINVAL, "");
	/* A database without the Packages table. */
	assert_int_equal(SQLITE_OK, sqlite3_open(":memory:", &db));
	exec_sql(db, "CREATE TABLE Other (x)");
	expect_sql_error(db, -EINVAL, "not an rpm database");
	/* Packages as a view that never ends: views are off, so it is refused at once. */
	assert_int_equal(SQLITE_OK, sqlite3_open(":memory:", &db));
	exec_sql(db,
	         "CREATE VIEW Packages AS WITH RECURSIVE c(x) AS "
	         "(SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT x AS hnum, x'00' AS blob FROM c");
	expect_sql_error(db, -EINVAL, "not an rpm database");
	/* A record that is not a blob, and a blob that is not a header. */
	db = rpmdb_new();
	exec_sql(db, "INSERT INTO Packages VALUES (1, 'text')");
	expect_sql_error(db, -EINVAL, "not a blob");
	db = rpmdb_new();
	insert_blob(db, 1, "\0\0\0\1\0\0\0\0", 8);
	expect_sql_error(db, -EINVAL, "do not fit");
	/* A good database cut short. */
	db = rpmdb_new();
	demo_header(&b, "a");
	for (int i = 1; i <= 50; i++)
		insert_blob(db, i, b.data, b.len);
	bytes = rpmdb_bytes(db, &len);
	for (size_t cut = 100; cut < len; cut += len / 7) {
		struct pkg_list l = {0};
		struct vakt_error *err = NULL;
		int rc = pkg_rpm_parse_sqlite(DB_PATH, (char *)bytes, cut, &l, &err);

		/* Either an error, or what SQLite could still read. */
		assert_true(rc == 0 ? !err : err && err->code == rc);
		vakt_error_free(err);
		pkg_list_release(&l);
	}
	/* A database whose pages are flipped here and there: never a crash. */
	for (size_t k = 0; k < 40; k++) {
		unsigned char *copy = vakt_xmalloc(len);
		struct pkg_list l = {0};
		struct vakt_error *err = NULL;

		memcpy(copy, bytes, len);
		for (size_t j = 100 + k; j < len; j += 97 + k)
			copy[j] ^= (unsigned char)(0x5a + k);
		(void)pkg_rpm_parse_sqlite(DB_PATH, (char *)copy, len, &l, &err);
		vakt_error_free(err);
		pkg_list_release(&l);
		free(copy);
	}
	sqlite3_free(bytes);
	/* The step ceiling: a tiny one stops the read with its own error. */
	db = rpmdb_new();
	for (int i = 1; i <= 1000; i++)
		insert_blob(db, i, b.data, b.len);
	bytes = rpmdb_bytes(db, &len);
	expect_db_error(bytes, len, 1, -ETIME, "thousand SQLite steps");
	sqlite3_free(bytes);
	vakt_buf_release(&b);
	vakt_buf_release(&bad);
}

static void test_sqlite_limits(void **state)
{
	size_t len = (size_t)PKG_MAX_DB_BYTES + 1;
	void *m = mmap(NULL, len, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	struct vakt_buf b = VAKT_BUF_INIT;
	struct pkg_list l = {0};
	sqlite3 *db;
	sqlite3_stmt *st;
	unsigned char *bytes;
	size_t n;

	assert_true(m != MAP_FAILED);
	expect_db_error(m, len, PKG_RPM_MAX_SQL_KSTEPS, -EFBIG, "larger than");
	munmap(m, len);
	/* PKG_MAX_PACKAGES records pass; one more (even a skipped key) does not. */
	db = rpmdb_new();
	demo_header(&b, "p");
	exec_sql(db, "BEGIN");
	assert_int_equal(
	    SQLITE_OK, sqlite3_prepare_v2(db, "INSERT INTO Packages VALUES (?, ?)", -1, &st, NULL));
	for (int i = 1; i <= PKG_MAX_PACKAGES; i++) {
		sqlite3_bind_int64(st, 1, i);
		sqlite3_bind_blob(st, 2, b.data, (int)b.len, SQLITE_STATIC);
		assert_int_equal(SQLITE_DONE, sqlite3_step(st));
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	exec_sql(db, "COMMIT");
	bytes = rpmdb_bytes(db, &n);
	assert_int_equal(0, pkg_rpm_parse_sqlite(DB_PATH, (char *)bytes, n, &l, NULL));
	assert_int_equal(PKG_MAX_PACKAGES, l.n);
	pkg_list_release(&l);
	assert_int_equal(SQLITE_OK, sqlite3_open(":memory:", &db));
	assert_int_equal(
	    SQLITE_OK,
	    sqlite3_deserialize(db, "main", bytes, (sqlite3_int64)n, (sqlite3_int64)n,
	                        SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_RESIZEABLE));
	demo_header(&b, "gpg-pubkey");
	insert_blob(db, PKG_MAX_PACKAGES + 1, b.data, b.len);
	expect_sql_error(db, -E2BIG, "more than");
	vakt_buf_release(&b);
}

/* A real database written by rpm (Debian's rpm package), when it is installed. */
static void test_real_rpmdb(void **state)
{
	char dir[] = "/tmp/vakt-test-rpmdb-XXXXXX", cmd[2048], path[256];
	struct vakt_buf file = VAKT_BUF_INIT;
	struct pkg_list l = {0};
	struct vakt_error *err = NULL;
	FILE *f;
	char chunk[65536];
	size_t n;

	if (system("command -v rpmbuild >/dev/null 2>&1 && command -v rpm >/dev/null 2>&1"))
		skip();
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/demo.spec", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("Name: vakt-demo\nVersion: 1.2.3\nRelease: 4.el9\nEpoch: 1\nSummary: demo\n"
	      "License: MIT AND (Apache-2.0 OR GPL-2.0-or-later)\nBuildArch: noarch\n"
	      "%description\ndemo\n%files\n",
	      f);
	fclose(f);
	snprintf(cmd, sizeof(cmd),
	         "cd %s && rpmbuild --define \"_topdir %s/top\" -bb demo.spec >log 2>&1 && "
	         "rpm --root %s/root --dbpath /var/lib/rpm --initdb >>log 2>&1 && "
	         "rpm --root %s/root --dbpath /var/lib/rpm -i --nodeps --justdb "
	         "top/RPMS/noarch/vakt-demo-1.2.3-4.el9.noarch.rpm >>log 2>&1",
	         dir, dir, dir, dir);
	if (system(cmd)) {
		snprintf(cmd, sizeof(cmd), "cat %s/log; rm -rf %s", dir, dir);
		(void)!system(cmd);
		fail_msg("rpmbuild or rpm failed");
	}
	snprintf(path, sizeof(path), "%s/root/var/lib/rpm/rpmdb.sqlite", dir);
	f = fopen(path, "rb");
	assert_non_null(f);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		vakt_buf_add(&file, chunk, n);
	fclose(f);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	(void)!system(cmd);
	assert_int_equal(0, pkg_rpm_parse_sqlite(DB_PATH, file.data, file.len, &l, &err));
	assert_null(err);
	assert_int_equal(1, l.n);
	assert_string_equal("vakt-demo", l.v[0].name);
	assert_string_equal("1:1.2.3-4.el9", l.v[0].version);
	assert_string_equal("noarch", l.v[0].arch);
	assert_string_equal("MIT AND (Apache-2.0 OR GPL-2.0-or-later)", l.v[0].license);
	assert_string_equal("vakt-demo", l.v[0].source);
	assert_string_equal("1:1.2.3-4.el9", l.v[0].source_version);
	pkg_list_release(&l);
	vakt_buf_release(&file);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_header),         cmocka_unit_test(test_header_shapes),
	    cmocka_unit_test(test_header_hostile), cmocka_unit_test(test_header_limits),
	    cmocka_unit_test(test_sqlite),         cmocka_unit_test(test_sqlite_wal),
	    cmocka_unit_test(test_sqlite_hostile), cmocka_unit_test(test_sqlite_limits),
	    cmocka_unit_test(test_real_rpmdb),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
