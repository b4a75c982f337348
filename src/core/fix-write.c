/* SPDX-License-Identifier: MIT */
/*
 * vakt fix --in-place: a file replaced atomically (a temporary file beside
 * it, fsync, rename, the directory fsync'd), its mode and owner kept, a
 * symlink's target written rather than the link replaced, and nothing
 * written when the file changed since vakt fix read it.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "banned.h"
#include "fix.h"

static long long mtime_ns(const struct stat *st)
{
	return (long long)st->st_mtim.tv_sec * 1000000000LL + st->st_mtim.tv_nsec;
}

int vakt_fix_stamp_of(const char *path, struct vakt_fix_stamp *out, struct vakt_error **err)
{
	struct stat st;

	if (stat(path, &st) < 0)
		return vakt_error_set(err, -errno, "cannot stat '%s': %s", path, strerror(errno));
	out->dev = st.st_dev;
	out->ino = st.st_ino;
	out->size = st.st_size;
	out->mtime_ns = mtime_ns(&st);
	return 0;
}

static int write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return w < 0 ? -errno : -EIO;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Whether fd's content is exactly old[0..len) (read to its end). */
static int same_content(int fd, const char *old, size_t len)
{
	char buf[65536];
	size_t at = 0;

	for (;;) {
		ssize_t r = read(fd, buf, sizeof(buf));

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -errno;
		if (r == 0)
			return at == len;
		if ((size_t)r > len - at || memcmp(buf, old + at, (size_t)r))
			return 0;
		at += (size_t)r;
	}
}

/* Replace target with data, with st's mode and owner: temporary file, fsync, rename. */
static int replace(const char *target, const struct stat *st, const char *data, size_t len,
                   struct vakt_error **err)
{
	const char *slash = strrchr(target, '/');
	char *dir = slash ? vakt_xstrndup(target, slash == target ? 1 : (size_t)(slash - target))
	                  : vakt_xstrdup(".");
	char *tmp = vakt_xasprintf("%s/.%s.vakt-fix-XXXXXX", dir, slash ? slash + 1 : target);
	int fd = mkostemp(tmp, O_CLOEXEC), dfd = -1, r = 0;

	if (fd < 0) {
		r = vakt_error_set(err, -errno, "cannot create a temporary file beside '%s': %s",
		                   target, strerror(errno));
		goto out;
	}
	r = write_all(fd, data, len);
	if (r < 0) {
		vakt_error_set(err, r, "cannot write '%s': %s", tmp, strerror(-r));
		goto fail;
	}
	if (fchmod(fd, st->st_mode & 07777) < 0) {
		r = vakt_error_set(err, -errno, "cannot set the mode of '%s': %s", tmp,
		                   strerror(errno));
		goto fail;
	}
	if ((st->st_uid != geteuid() || st->st_gid != getegid()) &&
	    fchown(fd, st->st_uid, st->st_gid) < 0) {
		r = vakt_error_set(
		    err, -errno, "cannot keep the owner of '%s' (%u:%u) on its new content: %s",
		    target, (unsigned)st->st_uid, (unsigned)st->st_gid, strerror(errno));
		goto fail;
	}
	if (fsync(fd) < 0) {
		r = vakt_error_set(err, -errno, "cannot sync '%s': %s", tmp, strerror(errno));
		goto fail;
	}
	if (close(fd) < 0) {
		fd = -1;
		r = vakt_error_set(err, -errno, "cannot write '%s': %s", tmp, strerror(errno));
		goto fail;
	}
	fd = -1;
	if (rename(tmp, target) < 0) {
		r = vakt_error_set(err, -errno, "cannot replace '%s': %s", target, strerror(errno));
		goto fail;
	}
	dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		(void)fsync(dfd); /* best effort: the rename is done */
		close(dfd);
	}
	goto out;
fail:
	if (fd >= 0)
		close(fd);
	unlink(tmp);
out:
	free(tmp);
	free(dir);
	return r;
}

int vakt_fix_write(const char *path, const struct vakt_fix_stamp *stamp, const char *old,
                   size_t old_len, const char *data, size_t len, const char *backup_suffix,
                   struct vakt_error **err)
{
	char *target = realpath(path, NULL); /* a symlink: write its target */
	struct stat st;
	int fd = -1, r = 0, same;

	if (!target)
		return vakt_error_set(err, -errno, "cannot resolve '%s': %s", path,
		                      strerror(errno));
	fd = open(target, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0) {
		r = vakt_error_set(err, -errno, "cannot open '%s': %s", path, strerror(errno));
		goto out;
	}
	if (fstat(fd, &st) < 0) {
		r = vakt_error_set(err, -errno, "cannot stat '%s': %s", path, strerror(errno));
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		r = vakt_error_set(err, -EINVAL, "'%s' is not a regular file", path);
		goto out;
	}
	same = stamp->dev == st.st_dev && stamp->ino == st.st_ino && stamp->size == st.st_size &&
	       stamp->mtime_ns == mtime_ns(&st);
	if (same) {
		same = same_content(fd, old, old_len);
		if (same < 0) {
			r = vakt_error_set(err, same, "cannot read '%s': %s", path,
			                   strerror(-same));
			goto out;
		}
	}
	if (!same) {
		r = vakt_error_set(err, -ESTALE,
		                   "'%s' changed since vakt fix read it: not written (run vakt "
		                   "fix again)",
		                   path);
		goto out;
	}
	if (backup_suffix && *backup_suffix) {
		char *bak = vakt_xasprintf("%s%s", target, backup_suffix);

		r = replace(bak, &st, old, old_len, err);
		free(bak);
		if (r < 0)
			goto out;
	}
	r = replace(target, &st, data, len, err);
out:
	if (fd >= 0)
		close(fd);
	free(target);
	return r;
}

int vakt_fix_write_new(const char *path, const char *data, size_t len, struct vakt_error **err)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644), r;

	if (fd < 0 && errno == EEXIST) {
		fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
		r = fd < 0 ? -errno : same_content(fd, data, len);
		if (fd >= 0)
			close(fd);
		if (r == 1)
			return 0; /* written by an earlier run */
		return vakt_error_set(err, -EEXIST,
		                      "'%s' exists and holds something else: not overwritten "
		                      "(move it away, or merge the policy into it by hand)",
		                      path);
	}
	if (fd < 0)
		return vakt_error_set(err, -errno, "cannot create '%s': %s", path, strerror(errno));
	r = write_all(fd, data, len);
	if (!r && fsync(fd) < 0)
		r = -errno;
	if (close(fd) < 0 && !r)
		r = -errno;
	if (r < 0) {
		unlink(path);
		return vakt_error_set(err, r, "cannot write '%s': %s", path, strerror(-r));
	}
	return 0;
}

int vakt_fix_new_state(const char *path, const char *data, size_t len)
{
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC), r;

	if (fd < 0)
		return errno == ENOENT ? 0 : -errno;
	r = same_content(fd, data, len);
	close(fd);
	return r == 1 ? 1 : r < 0 ? r : -EEXIST;
}
