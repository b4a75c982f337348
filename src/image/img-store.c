/* SPDX-License-Identifier: MIT */
/*
 * Where an image's blobs are: a tar archive read with libarchive (the
 * archive may itself be gzip or zstd compressed) or a directory. A tar is
 * indexed once (names, types, sizes; small entries kept in memory); a blob
 * that was not kept is read again by skipping to its entry with positioned
 * reads, so readers never share a file offset and nothing is extracted.
 * Cleanup style: a single `goto out` where a function acquires more than one thing.
 */
#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "core/limits.h"
#include "img-priv.h"

/* Entries up to this size are kept in memory when the archive is indexed. */
#define STORE_KEEP_ENTRY (1u * 1024 * 1024)
/* All kept entries together. */
#define STORE_KEEP_TOTAL (64u * 1024 * 1024)
/* Most links followed inside the archive to reach a blob. */
#define STORE_MAX_LINKS 8

struct store_entry {
	char *name; /* normalised */
	char *link; /* symlink target as written, hardlink target normalised; NULL */
	bool symlink, hardlink, regular;
	uint64_t size;
	size_t index; /* position in the archive */
	char *data;   /* kept content, or NULL */
};

struct img_store {
	bool is_dir;
	int fd;
	char *path;
	off_t file_size;
	struct store_entry *v;
	size_t n, cap;
	size_t kept;
};

/* Positioned reads over the archive file, one per archive reader. */
struct fd_source {
	int fd;
	off_t off, size;
	char *buf;
};

static la_ssize_t fd_read(struct archive *a, void *data, const void **buf)
{
	struct fd_source *s = data;
	ssize_t r;

	do
		r = pread(s->fd, s->buf, IMG_IO_BLOCK, s->off);
	while (r < 0 && errno == EINTR);
	if (r < 0) {
		archive_set_error(a, errno, "read failed");
		return -1;
	}
	s->off += r;
	*buf = s->buf;
	return r;
}

static la_int64_t fd_skip(struct archive *a, void *data, la_int64_t n)
{
	struct fd_source *s = data;

	(void)a;
	if (n > s->size - s->off)
		n = s->size - s->off;
	if (n < 0)
		n = 0;
	s->off += n;
	return n;
}

/* A new reader over st's file; the caller frees both with reader_free(). */
static struct archive *reader_new(struct img_store *st, struct fd_source *src)
{
	struct archive *a = archive_read_new();

	if (!a)
		abort(); /* out of memory, as vakt_xmalloc */
	src->fd = st->fd;
	src->off = 0;
	src->size = st->file_size;
	src->buf = vakt_xmalloc(IMG_IO_BLOCK);
	archive_read_support_format_tar(a);
	archive_read_support_filter_gzip(a);
	archive_read_support_filter_zstd(a);
	archive_read_set_read_callback(a, fd_read);
	archive_read_set_skip_callback(a, fd_skip);
	archive_read_set_callback_data(a, src);
	return a;
}

static void reader_free(struct archive *a, struct fd_source *src)
{
	if (a)
		archive_read_free(a);
	free(src->buf);
	src->buf = NULL;
}

static int entry_cmp(const void *pa, const void *pb)
{
	const struct store_entry *a = pa, *b = pb;
	int c = strcmp(a->name, b->name);

	if (c)
		return c;
	return a->index < b->index ? -1 : a->index > b->index;
}

static void entry_release(struct store_entry *e)
{
	free(e->name);
	free(e->link);
	free(e->data);
}

/* Read the current entry's data into a new buffer of e->size bytes. */
static int entry_slurp(struct archive *a, struct store_entry *e)
{
	size_t got = 0;

	e->data = vakt_xmalloc(e->size + 1);
	while (got < e->size) {
		la_ssize_t r = archive_read_data(a, e->data + got, e->size - got);

		if (r <= 0) {
			free(e->data);
			e->data = NULL;
			return r < 0 ? -EIO : -EPIPE;
		}
		got += (size_t)r;
	}
	e->data[got] = '\0';
	return 0;
}

static bool keep_name(const char *name)
{
	const char *base = strrchr(name, '/');

	base = base ? base + 1 : name;
	return !strcmp(base, "manifest.json") || !strcmp(base, "index.json") ||
	       !strcmp(base, "oci-layout") || !strcmp(base, "repositories") ||
	       vakt_ends_with(base, ".json");
}

/* Index every entry of the archive. */
static int store_index(struct img_store *st, struct vakt_error **err)
{
	struct fd_source src = {0};
	struct archive *a = reader_new(st, &src);
	struct archive_entry *ae;
	struct vakt_buf name = VAKT_BUF_INIT;
	size_t index = 0;
	int r = 0, ar;

	if (!st->file_size) {
		r = vakt_error_set(err, -ENODATA, "'%s' is empty (expected an image archive)",
		                   st->path);
		goto out;
	}
	if (archive_read_open1(a) != ARCHIVE_OK) {
		r = vakt_error_set(err, -EINVAL, "'%s' is not a tar archive: %s", st->path,
		                   archive_error_string(a));
		goto out;
	}
	while ((ar = archive_read_next_header(a, &ae)) == ARCHIVE_OK || ar == ARCHIVE_WARN) {
		const char *raw = archive_entry_pathname(ae);
		struct store_entry e = {0};
		bool escapes = false;
		mode_t type = archive_entry_filetype(ae);

		if (index >= IMG_MAX_ARCHIVE_ENTRIES) {
			r = vakt_error_set(err, -EFBIG, "'%s' holds more than %u entries", st->path,
			                   (unsigned)IMG_MAX_ARCHIVE_ENTRIES);
			goto out;
		}
		e.index = index++;
		if (!raw || img_path_normalise(raw, &name, &escapes) < 0 || escapes ||
		    !vakt_buf_str(&name)[0])
			continue; /* not a name a blob can have */
		e.name = vakt_buf_detach(&name);
		e.regular = type == AE_IFREG && !archive_entry_hardlink(ae);
		e.symlink = type == AE_IFLNK;
		e.hardlink = archive_entry_hardlink(ae) != NULL;
		e.size = archive_entry_size_is_set(ae) ? (uint64_t)archive_entry_size(ae) : 0;
		if (e.symlink && archive_entry_symlink(ae))
			e.link = vakt_xstrdup(archive_entry_symlink(ae));
		if (e.hardlink) {
			bool esc = false;

			if (img_path_normalise(archive_entry_hardlink(ae), &name, &esc) == 0 &&
			    !esc)
				e.link = vakt_buf_detach(&name);
		}
		if (e.regular && e.size <= STORE_KEEP_ENTRY &&
		    (keep_name(e.name) || st->kept + e.size <= STORE_KEEP_TOTAL)) {
			if (entry_slurp(a, &e) < 0) {
				r = vakt_error_set(err, -EIO, "'%s': entry '%s' is truncated",
				                   st->path, e.name);
				entry_release(&e);
				goto out;
			}
			st->kept += e.size;
		}
		st->v = vakt_grow(st->v, sizeof(*st->v), st->n + 1, &st->cap);
		st->v[st->n++] = e;
	}
	if (ar != ARCHIVE_EOF) {
		r = vakt_error_set(err, -EINVAL, "cannot read '%s' as a tar archive: %s", st->path,
		                   archive_error_string(a));
		goto out;
	}
	if (st->n > 1)
		qsort(st->v, st->n, sizeof(*st->v), entry_cmp);
out:
	vakt_buf_release(&name);
	reader_free(a, &src);
	return r;
}

/* Write all of buf to fd. 0 or -errno. */
static int write_all(int fd, const char *buf, size_t n)
{
	while (n) {
		ssize_t w = write(fd, buf, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -errno;
		buf += w;
		n -= (size_t)w;
	}
	return 0;
}

/* An unnamed file in $TMPDIR (or /tmp) that disappears when closed. */
static int spool_file(struct vakt_error **err)
{
	const char *env = getenv("TMPDIR");
	const char *dir = env && *env ? env : "/tmp";
	char *name;
	int fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);

	if (fd >= 0 || (errno != EOPNOTSUPP && errno != EISDIR && errno != EINVAL))
		goto out;
	/* File systems without O_TMPFILE: a named file, removed at once. */
	name = vakt_xasprintf("%s/vakt-stdin-XXXXXX", dir);
	fd = mkostemp(name, O_CLOEXEC);
	if (fd >= 0)
		unlink(name);
	free(name);
out:
	if (fd < 0)
		return vakt_error_set(err, -errno, "cannot spool standard input to '%s': %s", dir,
		                      strerror(errno));
	return fd;
}

/*
 * Standard input as a file that positioned reads work on: itself when it is
 * a regular file read from its start, else a copy in an unnamed temporary
 * file (docker save IMAGE | vakt image -), at most max bytes.
 */
static int spool_stdin(uint64_t max, struct vakt_error **err)
{
	char *buf = NULL;
	uint64_t total = 0;
	struct stat sb;
	int fd, r;

	if (fstat(STDIN_FILENO, &sb) == 0 && S_ISREG(sb.st_mode) &&
	    lseek(STDIN_FILENO, 0, SEEK_CUR) == 0) {
		fd = fcntl(STDIN_FILENO, F_DUPFD_CLOEXEC, 3);
		return fd >= 0 ? fd
		               : vakt_error_set(err, -errno, "cannot read standard input: %s",
		                                strerror(errno));
	}
	if (isatty(STDIN_FILENO))
		return vakt_error_set(err, -EINVAL,
		                      "standard input is a terminal: pipe an image archive in "
		                      "(docker save IMAGE | vakt image -)");
	fd = spool_file(err);
	if (fd < 0)
		return fd;
	buf = vakt_xmalloc(IMG_IO_BLOCK);
	for (;;) {
		ssize_t n = read(STDIN_FILENO, buf, IMG_IO_BLOCK);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			r = vakt_error_set(err, -errno, "cannot read standard input: %s",
			                   strerror(errno));
			goto fail;
		}
		if (n == 0)
			break;
		total += (uint64_t)n;
		if (total > max) {
			r = vakt_error_set(
			    err, -EFBIG,
			    "standard input is larger than %llu bytes; save the image "
			    "to a file and give its path, or %s",
			    (unsigned long long)max, vakt_limit_hint(VAKT_LIMIT_IMAGE_STDIN));
			goto fail;
		}
		r = write_all(fd, buf, (size_t)n);
		if (r < 0) {
			vakt_error_set(err, r, "cannot spool standard input: %s", strerror(-r));
			goto fail;
		}
	}
	free(buf);
	return fd;
fail:
	free(buf);
	close(fd);
	return r;
}

int img_store_open(const char *path, uint64_t max_stdin, struct img_store **out, bool *is_dir,
                   struct vakt_error **err)
{
	struct img_store *st = vakt_xcalloc(1, sizeof(*st));
	bool is_stdin = !strcmp(path, "-");
	struct stat sb;
	int r;

	st->path = vakt_xstrdup(is_stdin ? IMG_STDIN_NAME : path);
	/* O_NONBLOCK: a FIFO or a device must not block the open; the type is checked next. */
	st->fd = is_stdin ? spool_stdin(max_stdin ? max_stdin : IMG_MAX_STDIN_BYTES, err)
	                  : open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (st->fd < 0) {
		r = is_stdin ? st->fd
		             : vakt_error_set(err, -errno, "cannot open '%s': %s", path,
		                              strerror(errno));
		goto out;
	}
	if (fstat(st->fd, &sb) < 0) {
		r = vakt_error_set(err, -errno, "cannot stat '%s': %s", st->path, strerror(errno));
		goto out;
	}
	if (S_ISDIR(sb.st_mode)) {
		st->is_dir = true;
	} else if (S_ISREG(sb.st_mode)) {
		st->file_size = sb.st_size;
		r = store_index(st, err);
		if (r < 0)
			goto out;
	} else {
		r = vakt_error_set(err, -EINVAL,
		                   "'%s' is neither a file nor a directory (pipes and devices are "
		                   "not read; use '-' to read an archive from standard input)",
		                   path);
		goto out;
	}
	*is_dir = st->is_dir;
	*out = st;
	st = NULL;
	r = 0;
out:
	img_store_free(st);
	return r;
}

void img_store_free(struct img_store *st)
{
	if (!st)
		return;
	for (size_t i = 0; i < st->n; i++)
		entry_release(&st->v[i]);
	free(st->v);
	if (st->fd >= 0)
		close(st->fd);
	free(st->path);
	free(st);
}

uint64_t img_store_file_size(const struct img_store *st)
{
	return st->is_dir ? 0 : (uint64_t)st->file_size;
}

int img_store_dirfd(const struct img_store *st)
{
	return st->is_dir ? st->fd : -1;
}

/* The last entry named name (the last of duplicates wins, as in tar). */
static struct store_entry *entry_find(struct img_store *st, const char *name)
{
	size_t lo = 0, hi = st->n;
	struct store_entry *found = NULL;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(st->v[mid].name, name);

		if (c <= 0) {
			if (!c)
				found = &st->v[mid];
			lo = mid + 1;
		} else {
			hi = mid;
		}
	}
	return found;
}

/* Follow links inside the archive (podman's "<id>/layer.tar" -> "../<diffid>.tar"). */
static struct store_entry *entry_resolve(struct img_store *st, const char *name)
{
	struct vakt_buf b = VAKT_BUF_INIT, n = VAKT_BUF_INIT;
	struct store_entry *e = entry_find(st, name);

	for (int hops = 0; e && (e->symlink || e->hardlink); hops++) {
		bool esc = false;
		const char *slash = strrchr(e->name, '/');

		if (hops >= STORE_MAX_LINKS || !e->link) {
			e = NULL;
			break;
		}
		vakt_buf_reset(&b);
		if (e->symlink && e->link[0] != '/' && slash)
			vakt_buf_add(&b, e->name, (size_t)(slash - e->name + 1));
		vakt_buf_adds(&b, e->link);
		if (img_path_normalise(vakt_buf_str(&b), &n, &esc) < 0 || esc) {
			e = NULL;
			break;
		}
		e = entry_find(st, vakt_buf_str(&n));
	}
	vakt_buf_release(&b);
	vakt_buf_release(&n);
	return e && e->regular ? e : NULL;
}

/* Open name in a directory store, links resolved inside it. */
static int dir_open(struct img_store *st, const char *name, struct vakt_error **err)
{
	struct open_how how = {.flags = O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK,
	                       .resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS};
	struct stat sb;
	int fd = (int)syscall(SYS_openat2, st->fd, name, &how, sizeof(how));

	if (fd < 0 && errno == ENOSYS)
		fd =
		    openat(st->fd, name, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NOFOLLOW | O_NONBLOCK);
	if (fd < 0)
		return vakt_error_set(err, -errno, "cannot open '%s/%s': %s", st->path, name,
		                      strerror(errno));
	if (fstat(fd, &sb) < 0 || !S_ISREG(sb.st_mode)) {
		close(fd);
		return vakt_error_set(err, -EINVAL, "'%s/%s' is not a regular file", st->path,
		                      name);
	}
	return fd;
}

bool img_store_has(struct img_store *st, const char *name)
{
	int fd;

	if (!st->is_dir)
		return entry_resolve(st, name) != NULL;
	fd = dir_open(st, name, NULL);
	if (fd < 0)
		return false;
	close(fd);
	return true;
}

int64_t img_store_size(struct img_store *st, const char *name)
{
	struct store_entry *e;
	struct stat sb;
	int fd;

	if (st->is_dir) {
		fd = dir_open(st, name, NULL);
		if (fd < 0)
			return fd;
		if (fstat(fd, &sb) < 0)
			sb.st_size = -1;
		close(fd);
		return sb.st_size;
	}
	e = entry_resolve(st, name);
	return e ? (int64_t)e->size : -ENOENT;
}

struct img_blob {
	struct img_store *st;
	/* directory store */
	int fd;
	char *buf;
	/* tar store */
	bool raw; /* the whole archive file, as stored (a root filesystem tar) */
	struct archive *a;
	struct fd_source src;
	/* kept in memory */
	const char *mem;
	size_t mem_len, mem_pos;
	char *name;
	/* a pending partial block for img_blob_read() */
	const char *pend;
	size_t pend_len;
};

int img_blob_open(struct img_store *st, const char *name, struct img_blob **out,
                  struct vakt_error **err)
{
	struct img_blob *b = vakt_xcalloc(1, sizeof(*b));
	struct store_entry *e;
	struct archive_entry *ae;
	int r;

	b->st = st;
	b->fd = -1;
	b->name = vakt_xstrdup(name);
	if (st->is_dir) {
		r = dir_open(st, name, err);
		if (r < 0)
			goto out;
		b->fd = r;
		b->buf = vakt_xmalloc(IMG_IO_BLOCK);
		*out = b;
		return 0; /* nothing to undo */
	}
	if (!name[0]) {
		b->raw = true;
		b->src = (struct fd_source){st->fd, 0, st->file_size, vakt_xmalloc(IMG_IO_BLOCK)};
		*out = b;
		return 0;
	}
	e = entry_resolve(st, name);
	if (!e) {
		r = vakt_error_set(err, -ENOENT, "'%s' has no blob '%s'", st->path, name);
		goto out;
	}
	if (e->data) {
		b->mem = e->data;
		b->mem_len = e->size;
		*out = b;
		return 0;
	}
	b->a = reader_new(st, &b->src);
	if (archive_read_open1(b->a) != ARCHIVE_OK) {
		r = vakt_error_set(err, -EIO, "cannot read '%s': %s", st->path,
		                   archive_error_string(b->a));
		goto out;
	}
	/* Skip to the entry: headers only, data is skipped with positioned reads. */
	for (size_t i = 0;; i++) {
		int ar = archive_read_next_header(b->a, &ae);

		if (ar != ARCHIVE_OK && ar != ARCHIVE_WARN) {
			r = vakt_error_set(err, -EIO, "cannot read '%s' again at '%s': %s",
			                   st->path, name, archive_error_string(b->a));
			goto out;
		}
		if (i == e->index)
			break;
	}
	*out = b;
	b = NULL;
	r = 0;
out:
	img_blob_close(b);
	return r;
}

ssize_t img_blob_block(struct img_blob *b, const void **p, struct vakt_error **err)
{
	if (b->mem) {
		size_t n = b->mem_len - b->mem_pos;

		if (n > IMG_IO_BLOCK)
			n = IMG_IO_BLOCK;
		*p = b->mem + b->mem_pos;
		b->mem_pos += n;
		return (ssize_t)n;
	}
	if (b->raw) {
		ssize_t r;

		do
			r = pread(b->src.fd, b->src.buf, IMG_IO_BLOCK, b->src.off);
		while (r < 0 && errno == EINTR);
		if (r < 0)
			return vakt_error_set(err, -errno, "cannot read '%s': %s", b->st->path,
			                      strerror(errno));
		b->src.off += r;
		*p = b->src.buf;
		return r;
	}
	if (b->fd >= 0) {
		ssize_t r;

		do
			r = read(b->fd, b->buf, IMG_IO_BLOCK);
		while (r < 0 && errno == EINTR);
		if (r < 0)
			return vakt_error_set(err, -errno, "cannot read '%s/%s': %s", b->st->path,
			                      b->name, strerror(errno));
		*p = b->buf;
		return r;
	}
	if (b->a) {
		size_t len;
		la_int64_t off;
		int ar = archive_read_data_block(b->a, p, &len, &off);

		if (ar == ARCHIVE_EOF)
			return 0;
		if (ar != ARCHIVE_OK && ar != ARCHIVE_WARN)
			return vakt_error_set(err, -EIO, "cannot read '%s' in '%s': %s", b->name,
			                      b->st->path, archive_error_string(b->a));
		return (ssize_t)len;
	}
	return 0;
}

ssize_t img_blob_read(struct img_blob *b, void *buf, size_t n, struct vakt_error **err)
{
	size_t got = 0;

	while (got < n) {
		size_t take;

		if (!b->pend_len) {
			const void *p;
			ssize_t r = img_blob_block(b, &p, err);

			if (r < 0)
				return r;
			if (r == 0)
				break;
			b->pend = p;
			b->pend_len = (size_t)r;
		}
		take = b->pend_len < n - got ? b->pend_len : n - got;
		memcpy((char *)buf + got, b->pend, take);
		b->pend += take;
		b->pend_len -= take;
		got += take;
	}
	return (ssize_t)got;
}

void img_blob_close(struct img_blob *b)
{
	if (!b)
		return;
	if (b->fd >= 0)
		close(b->fd);
	free(b->buf);
	reader_free(b->a, &b->src);
	free(b->name);
	free(b);
}

int img_store_read(struct img_store *st, const char *name, size_t max, char **data, size_t *len,
                   struct vakt_error **err)
{
	struct img_blob *b = NULL;
	struct vakt_buf buf = VAKT_BUF_INIT;
	int64_t size = name[0] ? img_store_size(st, name) : (int64_t)st->file_size;
	int r;

	if (size < 0)
		return vakt_error_set(err, (int)size, "'%s' has no '%s'", st->path, name);
	if ((uint64_t)size > max)
		return vakt_error_set(err, -EFBIG, "'%s' in '%s' is larger than %zu bytes", name,
		                      st->path, max);
	r = img_blob_open(st, name, &b, err);
	if (r < 0)
		goto out;
	for (;;) {
		const void *p = NULL;
		ssize_t n = img_blob_block(b, &p, err);

		if (n < 0) {
			r = (int)n;
			goto out;
		}
		if (n == 0)
			break;
		if (buf.len + (size_t)n > max) {
			r = vakt_error_set(err, -EFBIG, "'%s' in '%s' is larger than %zu bytes",
			                   name, st->path, max);
			goto out;
		}
		vakt_buf_add(&buf, p, (size_t)n);
	}
	*len = buf.len;
	*data = vakt_buf_detach(&buf);
out:
	vakt_buf_release(&buf);
	img_blob_close(b);
	return r;
}
