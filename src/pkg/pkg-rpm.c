/* SPDX-License-Identifier: MIT */
/*
 * rpm databases: rpmdb.sqlite read through SQLite from memory, and the rpm
 * header blobs it stores. Both are untrusted: SQLite reads a private copy,
 * read-only and bounded; the header parser checks every count, offset and
 * size against the blob before reading.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdint.h>

#include "pkg/pkg-priv.h"
#include "pkg/pkg-dl.h"

/* Header tags (rpmtag.h) and data types (the index entry's type field). */
enum {
	RPMTAG_NAME = 1000,
	RPMTAG_VERSION = 1001,
	RPMTAG_RELEASE = 1002,
	RPMTAG_EPOCH = 1003,
	RPMTAG_LICENSE = 1014,
	RPMTAG_ARCH = 1022,
	RPMTAG_SOURCERPM = 1044,
};

enum {
	RPM_INT32_TYPE = 4,
	RPM_STRING_TYPE = 6,
	RPM_STRING_ARRAY_TYPE = 8,
	RPM_I18NSTRING_TYPE = 9,
};

/* Index count and data size, then 16 bytes per index entry. */
#define RPM_HEADER_INTRO 8
#define RPM_INDEX_ENTRY  16

enum rpm_field {
	RPM_NAME,
	RPM_VERSION,
	RPM_RELEASE,
	RPM_LICENSE,
	RPM_ARCH,
	RPM_SOURCERPM,
	RPM_NFIELDS,
};

static const struct {
	uint32_t tag;
	const char *name;
} rpm_string_tags[RPM_NFIELDS] = {
    [RPM_NAME] = {RPMTAG_NAME, "NAME"},          [RPM_VERSION] = {RPMTAG_VERSION, "VERSION"},
    [RPM_RELEASE] = {RPMTAG_RELEASE, "RELEASE"}, [RPM_LICENSE] = {RPMTAG_LICENSE, "LICENSE"},
    [RPM_ARCH] = {RPMTAG_ARCH, "ARCH"},          [RPM_SOURCERPM] = {RPMTAG_SOURCERPM, "SOURCERPM"},
};

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

/* The strings read from one header, borrowed from the blob. */
struct rpm_fields {
	const char *s[RPM_NFIELDS];
	size_t n[RPM_NFIELDS];
	bool has_epoch;
	uint32_t epoch;
};

/* Read the string at offset off of the data store [data, data + dl). */
static int rpm_read_string(const char *path, int record, const char *tag, const unsigned char *data,
                           uint32_t dl, uint32_t off, const char **s, size_t *n,
                           struct vakt_error **err)
{
	const unsigned char *nul;

	if (off >= dl)
		return vakt_error_set_at(err, -EINVAL, path, record, 0,
		                         "rpm header: %s offset %" PRIu32
		                         " outside the data (%" PRIu32 " bytes)",
		                         tag, off, dl);
	nul = memchr(data + off, '\0', dl - off);
	if (!nul)
		return vakt_error_set_at(err, -EINVAL, path, record, 0,
		                         "rpm header: %s is not terminated", tag);
	if ((size_t)(nul - (data + off)) > PKG_MAX_FIELD)
		return vakt_error_set_at(err, -E2BIG, path, record, 0,
		                         "rpm header: %s longer than %d bytes", tag, PKG_MAX_FIELD);
	*s = (const char *)data + off;
	*n = (size_t)(nul - (data + off));
	return 0;
}

/* Walk the index and pick the tags vakt keeps; later duplicates are ignored. */
static int rpm_read_fields(const char *path, const unsigned char *blob, size_t len, int record,
                           struct rpm_fields *f, struct vakt_error **err)
{
	const unsigned char *index, *data;
	uint32_t il, dl;
	int rc;

	memset(f, 0, sizeof(*f));
	if (len > PKG_RPM_MAX_HEADER_BYTES)
		return vakt_error_set_at(err, -E2BIG, path, record, 0,
		                         "rpm header larger than %u bytes",
		                         PKG_RPM_MAX_HEADER_BYTES);
	if (len < RPM_HEADER_INTRO)
		return vakt_error_set_at(err, -EINVAL, path, record, 0,
		                         "rpm header truncated (%zu bytes)", len);
	il = be32(blob);
	dl = be32(blob + 4);
	if (il < 1 || il > PKG_RPM_MAX_INDEX)
		return vakt_error_set_at(err, -EINVAL, path, record, 0,
		                         "rpm header: bad index count %" PRIu32, il);
	/* Both are bounded, so the sum cannot overflow a size_t. */
	if (dl > PKG_RPM_MAX_HEADER_BYTES ||
	    (size_t)RPM_HEADER_INTRO + (size_t)il * RPM_INDEX_ENTRY + dl > len)
		return vakt_error_set_at(err, -EINVAL, path, record, 0,
		                         "rpm header: %" PRIu32 " entries and %" PRIu32
		                         " data bytes do not fit in %zu bytes",
		                         il, dl, len);
	index = blob + RPM_HEADER_INTRO;
	data = index + (size_t)il * RPM_INDEX_ENTRY;
	for (uint32_t i = 0; i < il; i++) {
		const unsigned char *e = index + (size_t)i * RPM_INDEX_ENTRY;
		uint32_t tag = be32(e), type = be32(e + 4), off = be32(e + 8), count = be32(e + 12);

		if (tag == RPMTAG_EPOCH) {
			if (type != RPM_INT32_TYPE || count < 1)
				return vakt_error_set_at(err, -EINVAL, path, record, 0,
				                         "rpm header: EPOCH has type %" PRIu32
				                         " and count %" PRIu32,
				                         type, count);
			if (off > dl || dl - off < 4)
				return vakt_error_set_at(err, -EINVAL, path, record, 0,
				                         "rpm header: EPOCH offset %" PRIu32
				                         " outside the data (%" PRIu32 " bytes)",
				                         off, dl);
			if (!f->has_epoch) {
				f->has_epoch = true;
				f->epoch = be32(data + off);
			}
			continue;
		}
		for (int k = 0; k < RPM_NFIELDS; k++) {
			if (tag != rpm_string_tags[k].tag)
				continue;
			if (type != RPM_STRING_TYPE && type != RPM_STRING_ARRAY_TYPE &&
			    type != RPM_I18NSTRING_TYPE)
				return vakt_error_set_at(err, -EINVAL, path, record, 0,
				                         "rpm header: %s has type %" PRIu32
				                         ", not a string",
				                         rpm_string_tags[k].name, type);
			if (f->s[k])
				break;
			rc = rpm_read_string(path, record, rpm_string_tags[k].name, data, dl, off,
			                     &f->s[k], &f->n[k], err);
			if (rc)
				return rc;
			break;
		}
	}
	for (int k = RPM_NAME; k <= RPM_RELEASE; k++)
		if (!f->s[k] || !f->n[k])
			return vakt_error_set_at(err, -EINVAL, path, record, 0,
			                         "rpm header without %s", rpm_string_tags[k].name);
	return 0;
}

/*
 * "NAME-VERSION-RELEASE.src.rpm": the source package name and
 * "VERSION-RELEASE". False when the string has another shape.
 */
static bool rpm_split_srpm(const char *s, size_t n, size_t *name_len, const char **vr,
                           size_t *vr_len)
{
	size_t dashes = 0, i;

	if (n > 8 && !memcmp(s + n - 8, ".src.rpm", 8))
		n -= 8;
	else if (n > 10 && !memcmp(s + n - 10, ".nosrc.rpm", 10))
		n -= 10;
	else
		return false;
	for (i = n; i-- > 0;) {
		if (s[i] == '-' && ++dashes == 2)
			break;
	}
	if (dashes != 2 || i == 0 || i + 1 >= n)
		return false;
	*name_len = i;
	*vr = s + i + 1;
	*vr_len = n - i - 1;
	return true;
}

int pkg_rpm_parse_header(const char *path, const unsigned char *blob, size_t len, int record,
                         struct pkg_list *out, struct vakt_error **err)
{
	struct rpm_fields f;
	struct vakt_buf b = VAKT_BUF_INIT;
	struct pkg *p;
	size_t srpm_name;
	const char *vr;
	size_t vr_len;
	int rc;

	rc = rpm_read_fields(path, blob, len, record, &f, err);
	if (rc)
		return rc;
	/* Imported signing keys are recorded as packages named gpg-pubkey. */
	if (f.n[RPM_NAME] == 10 && !memcmp(f.s[RPM_NAME], "gpg-pubkey", 10))
		return 0;
	p = pkg_list_add(out);
	p->type = PKG_RPM;
	p->line = record;
	p->name = vakt_xstrndup(f.s[RPM_NAME], f.n[RPM_NAME]);
	if (f.has_epoch)
		vakt_buf_addf(&b, "%" PRIu32 ":", f.epoch);
	vakt_buf_add(&b, f.s[RPM_VERSION], f.n[RPM_VERSION]);
	vakt_buf_addc(&b, '-');
	vakt_buf_add(&b, f.s[RPM_RELEASE], f.n[RPM_RELEASE]);
	p->version = vakt_buf_detach(&b);
	p->arch = pkg_dup_or_null(f.s[RPM_ARCH], f.n[RPM_ARCH]);
	p->license = pkg_dup_or_null(f.s[RPM_LICENSE], f.n[RPM_LICENSE]);
	if (f.s[RPM_SOURCERPM] &&
	    rpm_split_srpm(f.s[RPM_SOURCERPM], f.n[RPM_SOURCERPM], &srpm_name, &vr, &vr_len)) {
		p->source = vakt_xstrndup(f.s[RPM_SOURCERPM], srpm_name);
		if (f.has_epoch)
			vakt_buf_addf(&b, "%" PRIu32 ":", f.epoch);
		vakt_buf_add(&b, vr, vr_len);
		p->source_version = vakt_buf_detach(&b);
	} else {
		p->source = vakt_xstrdup(p->name);
		p->source_version = vakt_xstrdup(p->version);
	}
	vakt_buf_release(&b);
	return 0;
}

/* --- rpmdb.sqlite ------------------------------------------------------- */

/* Thousands of SQLite VM steps run, and the most allowed. */
struct rpm_progress {
	long ksteps;
	long max;
};

/* Called every thousand VM steps: non-zero interrupts the statement. */
static int rpm_sqlite_progress(void *arg)
{
	struct rpm_progress *p = arg;

	return ++p->ksteps > p->max;
}

static const char *const sqlite_magic = "SQLite format 3";
/* Offsets of the file-format write/read versions in the database header: 2 is WAL. */
#define SQLITE_HDR_WRITE_VERSION 18
#define SQLITE_HDR_READ_VERSION  19
#define SQLITE_HDR_BYTES         100

int pkg_rpm_parse_sqlite(const char *path, const char *data, size_t len, struct pkg_list *out,
                         struct vakt_error **err)
{
	return pkg_rpm_parse_sqlite_bounded(path, data, len, PKG_RPM_MAX_SQL_KSTEPS, out, err);
}

int pkg_rpm_parse_sqlite_bounded(const char *path, const char *data, size_t len, long max_ksteps,
                                 struct pkg_list *out, struct vakt_error **err)
{
	struct rpm_progress prog = {0, max_ksteps};
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	unsigned char *copy;
	size_t start = out->n, records = 0;
	int rc = 0, src;

	if (len > PKG_MAX_DB_BYTES)
		return vakt_error_set_at(err, -EFBIG, path, 0, 0,
		                         "package database larger than %u bytes", PKG_MAX_DB_BYTES);
	if (len < SQLITE_HDR_BYTES || memcmp(data, sqlite_magic, strlen(sqlite_magic) + 1))
		return vakt_error_set_at(err, -EINVAL, path, 0, 0, "not an SQLite database");
	/* SQLite is loaded by the first rpm database read, not by every command. */
	{
		struct vakt_error *dl_err = NULL;

		rc = pkg_dl_load(&dl_err);
		if (rc < 0) {
			vakt_error_set_at(err, rc, path, 0, 0,
			                  "cannot read the package database: %s", dl_err->msg);
			vakt_error_free(dl_err);
			return rc;
		}
	}
	if (sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
	    SQLITE_OK) {
		rc = vakt_error_set_at(err, -ENOMEM, path, 0, 0, "cannot open SQLite in memory");
		goto out;
	}
	/* Nothing in the file may run code or reach outside it. */
	sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
	sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, NULL);
	sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_VIEW, 0, NULL);
	sqlite3_db_config(db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
	sqlite3_limit(db, SQLITE_LIMIT_LENGTH, (int)PKG_RPM_MAX_HEADER_BYTES + 1);
	sqlite3_limit(db, SQLITE_LIMIT_ATTACHED, 0);
	sqlite3_progress_handler(db, 1000, rpm_sqlite_progress, &prog);

	/*
	 * SQLite owns the copy from here (FREEONCLOSE). rpm keeps its database in
	 * WAL mode, which an in-memory database cannot open: mark the copy as a
	 * rollback-journal database (the -wal file is not read).
	 */
	copy = sqlite3_malloc64(len);
	if (!copy) {
		rc = vakt_error_set_at(err, -ENOMEM, path, 0, 0, "out of memory for the database");
		goto out;
	}
	memcpy(copy, data, len);
	if (copy[SQLITE_HDR_WRITE_VERSION] == 2)
		copy[SQLITE_HDR_WRITE_VERSION] = 1;
	if (copy[SQLITE_HDR_READ_VERSION] == 2)
		copy[SQLITE_HDR_READ_VERSION] = 1;
	src = sqlite3_deserialize(db, "main", copy, (sqlite3_int64)len, (sqlite3_int64)len,
	                          SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_READONLY);
	if (src != SQLITE_OK) {
		rc = vakt_error_set_at(err, -EINVAL, path, 0, 0, "cannot load the database: %s",
		                       sqlite3_errstr(src));
		goto out;
	}
	src = sqlite3_prepare_v2(db, "SELECT hnum, blob FROM Packages", -1, &st, NULL);
	if (src != SQLITE_OK) {
		rc = vakt_error_set_at(err, prog.ksteps > prog.max ? -ETIME : -EINVAL, path, 0, 0,
		                       "not an rpm database: %s", sqlite3_errmsg(db));
		goto out;
	}
	while ((src = sqlite3_step(st)) == SQLITE_ROW) {
		sqlite3_int64 hnum = sqlite3_column_int64(st, 0);
		int record = hnum > 0 && hnum <= INT32_MAX ? (int)hnum : 0;
		const unsigned char *blob;
		int n;

		if (sqlite3_column_type(st, 1) != SQLITE_BLOB) {
			rc = vakt_error_set_at(err, -EINVAL, path, record, 0,
			                       "rpm database: record %lld is not a blob",
			                       (long long)hnum);
			goto out;
		}
		blob = sqlite3_column_blob(st, 1);
		n = sqlite3_column_bytes(st, 1);
		/* Records, not packages: skipped gpg-pubkey records count too. */
		if (++records > PKG_MAX_PACKAGES) {
			rc = vakt_error_set_at(err, -E2BIG, path, record, 0,
			                       "more than %d packages in the database",
			                       PKG_MAX_PACKAGES);
			goto out;
		}
		rc = pkg_rpm_parse_header(path, blob, n > 0 ? (size_t)n : 0, record, out, err);
		if (rc)
			goto out;
	}
	if (src != SQLITE_DONE) {
		if (prog.ksteps > prog.max)
			rc = vakt_error_set_at(
			    err, -ETIME, path, 0, 0,
			    "rpm database: gave up after %ld thousand SQLite steps", prog.max);
		else
			rc = vakt_error_set_at(err, -EINVAL, path, 0, 0, "corrupt rpm database: %s",
			                       sqlite3_errmsg(db));
	}
out:
	sqlite3_finalize(st);
	sqlite3_close(db);
	if (rc)
		pkg_list_truncate(out, start);
	return rc;
}
