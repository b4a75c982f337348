/* SPDX-License-Identifier: MIT */
/*
 * OSV files, directories and all.zip archives into the database
 * (vuln-import.h). Records go through vuln_osv_parse() and vuln_db_put();
 * an archive is read under a savepoint so that one cut short counts not at
 * all.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/walk.h"
#include "vuln-dl.h"
#include "vuln-eco.h"
#include "vuln-import.h"
#include "vuln-osv.h"

bool vuln_import_is_zip(const unsigned char *p, size_t n)
{
	return n >= 4 && p[0] == 'P' && p[1] == 'K' &&
	       ((p[2] == 3 && p[3] == 4) || (p[2] == 5 && p[3] == 6));
}

int vuln_import_begin(struct vuln_import *imp, struct vuln_db *db, struct vakt_error **err)
{
	int (*cancelled)(void *) = imp->cancelled;
	void *data = imp->data;
	uint64_t max_entries = imp->max_entries, max_bytes = imp->max_bytes;
	int r;

	memset(imp, 0, sizeof(*imp));
	imp->cancelled = cancelled;
	imp->data = data;
	imp->max_entries = max_entries ? max_entries : VULN_ZIP_MAX_ENTRIES;
	imp->max_bytes = max_bytes ? max_bytes : VULN_ZIP_MAX_BYTES;
	imp->db = db;
	r = vuln_db_begin(db, err);
	imp->open = r == 0;
	return r;
}

void vuln_import_release(struct vuln_import *imp)
{
	if (imp->open)
		vuln_db_rollback(imp->db);
	imp->open = false;
	vakt_error_list_release(&imp->errs);
	free(imp->buf);
	imp->buf = NULL;
	imp->cap = 0;
}

int vuln_import_commit(struct vuln_import *imp, struct vakt_error **err)
{
	int r;

	if (!imp->open)
		return vakt_error_set(err, -EINVAL, "no import in progress");
	r = vuln_db_commit(imp->db, err);
	imp->open = false;
	return r;
}

static void skip(struct vuln_import *imp, struct vakt_error *e)
{
	imp->st.invalid++;
	vakt_error_list_add(&imp->errs, e);
}

int vuln_import_record(struct vuln_import *imp, const char *data, size_t len, const char *display,
                       struct vakt_error **err)
{
	struct vuln_record rec;
	struct vakt_error *e = NULL;
	enum vuln_db_put_result res;
	int r;

	if (imp->cancelled && imp->cancelled(imp->data))
		return vakt_error_set(err, -ECANCELED, "import interrupted: nothing was imported");
	if (vuln_osv_parse(data, len, display, &rec, &e) < 0) {
		skip(imp, e);
		return 0;
	}
	/* Stored under the names lookups use (PyPI's are normalised): never longer, so in place. */
	for (size_t i = 0; i < rec.n_affected; i++)
		vuln_eco_canon_name(rec.affected[i].ecosystem, rec.affected[i].name);
	r = vuln_db_put(imp->db, &rec, &res, err);
	if (r == 0) {
		imp->st.records++;
		if (res == VULN_DB_PUT_UNCHANGED)
			imp->st.unchanged++;
		else if (res == VULN_DB_PUT_UPDATED)
			imp->st.updated++;
		else
			imp->st.added++;
		if (res != VULN_DB_PUT_UNCHANGED && rec.withdrawn)
			imp->st.withdrawn++;
	}
	vuln_record_release(&rec);
	return r;
}

/* --- files ------------------------------------------------------------------------------ */

/* Read all of fd (at most max bytes) into imp->buf. -EFBIG beyond, or -errno. */
static int read_all(struct vuln_import *imp, int fd, size_t max, size_t *len)
{
	size_t n = 0;

	for (;;) {
		ssize_t k;

		if (n == imp->cap) {
			if (n > max)
				return -EFBIG;
			imp->cap = imp->cap ? imp->cap * 2 : 65536;
			imp->buf = vakt_xrealloc(imp->buf, imp->cap);
		}
		k = read(fd, imp->buf + n, imp->cap - n);
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0)
			return -errno;
		if (k == 0)
			break;
		n += (size_t)k;
	}
	if (n > max)
		return -EFBIG;
	*len = n;
	return 0;
}

/* Import the regular file open at fd: an archive or one record. Takes fd. */
static int import_fd(struct vuln_import *imp, int fd, const char *display, struct vakt_error **err)
{
	struct stat st;
	unsigned char magic[4];
	ssize_t k;
	size_t len = 0;
	int r;

	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		struct vakt_error *e = NULL;

		vakt_error_set_at(&e, -EINVAL, display, 0, 0,
		                  "not a regular file (expected an OSV record or an archive)");
		close(fd);
		imp->st.failed++;
		vakt_error_list_add(&imp->errs, e);
		return 0;
	}
	k = pread(fd, magic, sizeof(magic), 0);
	if (k > 0 && vuln_import_is_zip(magic, (size_t)k)) {
		r = vuln_import_zip_fd(imp, fd, display, err);
		close(fd);
		return r;
	}
	imp->st.inputs++;
	r = st.st_size > (off_t)VULN_OSV_MAX_RECORD_BYTES
	        ? -EFBIG
	        : read_all(imp, fd, VULN_OSV_MAX_RECORD_BYTES, &len);
	close(fd);
	if (r < 0) {
		struct vakt_error *e = NULL;

		if (r == -EFBIG)
			vakt_error_set_at(&e, r, display, 0, 0,
			                  "a record file larger than %u bytes: not an OSV record",
			                  VULN_OSV_MAX_RECORD_BYTES);
		else
			vakt_error_set_at(&e, r, display, 0, 0, "cannot read: %s", strerror(-r));
		skip(imp, e);
		return 0;
	}
	return vuln_import_record(imp, imp->buf, len, display, err);
}

struct walk_ctx {
	struct vuln_import *imp;
	struct vakt_error **err;
	int r; /* the fatal error that stopped the walk */
};

static bool ends_with_icase(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && !vakt_strcasecmp(s + n - m, suffix);
}

static int walk_file(const char *path, int dfd, const char *name, void *data)
{
	struct walk_ctx *w = data;
	int fd;

	if (!ends_with_icase(name, ".json") && !ends_with_icase(name, ".zip"))
		return 0;
	fd = openat(dfd, name, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0) {
		struct vakt_error *e = NULL;

		vakt_error_set_at(&e, -errno, path, 0, 0, "cannot open: %s", strerror(errno));
		skip(w->imp, e);
		return 0;
	}
	w->r = import_fd(w->imp, fd, path, w->err);
	return w->r < 0;
}

static void walk_error(struct vakt_error *e, void *data)
{
	struct walk_ctx *w = data;

	skip(w->imp, e);
}

int vuln_import_path(struct vuln_import *imp, const char *path, const char *display,
                     struct vakt_error **err)
{
	struct stat st;
	int fd;

	if (!display)
		display = path;
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		struct walk_ctx w = {imp, err, 0};
		struct vakt_walk walk = {.on_file = walk_file, .on_error = walk_error, .data = &w};

		vakt_walk_dir(path, &walk);
		return w.r;
	}
	/* O_NONBLOCK: a FIFO named by mistake must not hang the import (fstat refuses it). */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0) {
		struct vakt_error *e = NULL;

		vakt_error_set_at(&e, -errno, display, 0, 0, "cannot open: %s", strerror(errno));
		imp->st.failed++;
		vakt_error_list_add(&imp->errs, e);
		return 0;
	}
	return import_fd(imp, fd, display, err);
}

/* --- archives --------------------------------------------------------------------------- */

/*
 * Read the archive's entries into the database. 0 when it was read to its
 * end, 1 when it could not be (*bad says why; the caller undoes it), < 0
 * when the import must stop.
 */
static int zip_entries(struct vuln_import *imp, struct archive *a, const char *display,
                       struct vakt_error **bad, struct vakt_error **err)
{
	struct archive_entry *ent;
	uint64_t entries = 0, total = 0;
	int rc, r;

	while ((rc = archive_read_next_header(a, &ent)) == ARCHIVE_OK || rc == ARCHIVE_WARN) {
		const char *name = archive_entry_pathname(ent);
		char *where;
		size_t len = 0;
		bool big = false;

		if (++entries > imp->max_entries) {
			vakt_error_set_at(bad, -EFBIG, display, 0, 0,
			                  "more than %llu entries: not an OSV archive",
			                  (unsigned long long)imp->max_entries);
			return 1;
		}
		if (archive_entry_filetype(ent) != AE_IFREG)
			continue;
		if (!name || !ends_with_icase(name, ".json")) {
			imp->st.other++;
			continue;
		}
		where = vakt_xasprintf("%s:%s", display, name);
		big = archive_entry_size_is_set(ent) &&
		      archive_entry_size(ent) > (la_int64_t)VULN_OSV_MAX_RECORD_BYTES;
		/* Read (bounded) even when it is skipped: the archive's integrity is checked whole.
		 */
		for (;;) {
			la_ssize_t k;

			/* A record grows the buffer; bytes of one skipped as too large only pass
			 * through it. */
			if (imp->cap == 0 || (!big && len == imp->cap)) {
				imp->cap = imp->cap ? imp->cap * 2 : 65536;
				imp->buf = vakt_xrealloc(imp->buf, imp->cap);
			}
			k = archive_read_data(a, imp->buf + (big ? 0 : len),
			                      big ? imp->cap : imp->cap - len);
			if (k < 0) {
				vakt_error_set_at(bad, -EIO, where, 0, 0, "cannot read: %s",
				                  archive_error_string(a));
				free(where);
				return 1;
			}
			if (k == 0)
				break;
			total += (uint64_t)k;
			if (total > imp->max_bytes) {
				vakt_error_set_at(
				    bad, -EFBIG, display, 0, 0,
				    "more than %llu bytes decompressed: not an OSV archive",
				    (unsigned long long)imp->max_bytes);
				free(where);
				return 1;
			}
			if (!big)
				len += (size_t)k;
			if (len > VULN_OSV_MAX_RECORD_BYTES)
				big = true;
		}
		if (big) {
			struct vakt_error *e = NULL;

			vakt_error_set_at(&e, -EFBIG, where, 0, 0,
			                  "a record larger than %u bytes: skipped",
			                  VULN_OSV_MAX_RECORD_BYTES);
			skip(imp, e);
			r = 0;
		} else {
			r = vuln_import_record(imp, imp->buf, len, where, err);
		}
		free(where);
		if (r < 0)
			return r;
	}
	if (rc != ARCHIVE_EOF) {
		vakt_error_set_at(bad, -EIO, display, 0, 0, "not a readable zip archive: %s",
		                  archive_error_string(a) ? archive_error_string(a) : "damaged");
		return 1;
	}
	return 0;
}

int vuln_import_zip_fd(struct vuln_import *imp, int fd, const char *display,
                       struct vakt_error **err)
{
	struct vuln_import_stats before = imp->st;
	struct vakt_error *bad = NULL;
	struct archive *a;
	int r = vuln_dl_load_archive(err);

	if (r < 0)
		return r;
	imp->st.inputs++;
	if (lseek(fd, 0, SEEK_SET) < 0)
		return vakt_error_set(err, -errno, "cannot read '%s': %s", display,
		                      strerror(errno));
	r = vuln_db_savepoint(imp->db, err);
	if (r < 0)
		return r;
	a = archive_read_new();
	if (!a) {
		vuln_db_savepoint_end(imp->db, false, NULL);
		return vakt_error_set(err, -ENOMEM, "cannot read '%s': out of memory", display);
	}
	archive_read_support_format_zip(a);
	if (archive_read_open_fd(a, fd, 65536) != ARCHIVE_OK) {
		vakt_error_set_at(&bad, -EIO, display, 0, 0, "not a readable zip archive: %s",
		                  archive_error_string(a) ? archive_error_string(a) : "unknown");
		r = 1;
	} else {
		r = zip_entries(imp, a, display, &bad, err);
	}
	archive_read_free(a);
	if (r < 0)
		return r; /* the whole import is rolled back */
	if (r == 1) {
		/* Nothing of a damaged archive is kept: its records may be only the first half. */
		imp->st = before;
		imp->st.inputs++;
		imp->st.failed++;
		vakt_error_suffix(bad, "; nothing imported from it");
		vakt_error_list_add(&imp->errs, bad);
	}
	return vuln_db_savepoint_end(imp->db, r == 0, err);
}
