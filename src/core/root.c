/* SPDX-License-Identifier: MIT */
/*
 * Files beneath an untrusted directory: openat2(RESOLVE_IN_ROOT) where the
 * kernel has it, a component walk that follows no symlink where it does not.
 */

#include "core/root.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static atomic_bool force_fallback;

void vakt_root_force_fallback(bool on)
{
	atomic_store(&force_fallback, on);
}

int vakt_root_open(struct vakt_root *r, const char *path, struct vakt_error **err)
{
	r->fd = open(path, O_PATH | O_DIRECTORY | O_CLOEXEC);
	r->path = NULL;
	if (r->fd < 0)
		return vakt_error_set(err, -errno, "cannot open '%s': %s", path, strerror(errno));
	r->path = vakt_xstrdup(path);
	return 0;
}

void vakt_root_close(struct vakt_root *r)
{
	if (r->fd >= 0)
		close(r->fd);
	r->fd = -1;
	free(r->path);
	r->path = NULL;
}

/* One component at a time, no symlink followed, no "..": safe on any kernel. */
static int open_walk(int dirfd, const char *rel, int flags)
{
	int fd = dirfd, next;
	const char *p = rel;

	for (;;) {
		while (*p == '/')
			p++;
		const char *end = strchr(p, '/');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		const char *rest = end;
		char comp[256];

		while (rest && *rest == '/')
			rest++;
		if (n == 0) {
			/* "" or only slashes: the directory itself */
			next = openat(fd, ".", flags | O_CLOEXEC);
			next = next < 0 ? -errno : next;
			break;
		}
		if (n >= sizeof(comp)) {
			next = -ENAMETOOLONG;
			break;
		}
		memcpy(comp, p, n);
		comp[n] = '\0';
		if (strcmp(comp, "..") == 0) {
			next = -EXDEV;
			break;
		}
		if (!rest || !*rest) {
			next = openat(fd, comp, flags | O_CLOEXEC | O_NOFOLLOW);
			next = next < 0 ? -errno : next;
			break;
		}
		next = openat(fd, comp, O_PATH | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
		if (next < 0) {
			/* O_NOFOLLOW on a symlink to a directory gives ENOTDIR */
			next = errno == ENOTDIR ? -ELOOP : -errno;
			break;
		}
		if (fd != dirfd)
			close(fd);
		fd = next;
		p = rest;
	}
	if (fd != dirfd)
		close(fd);
	return next;
}

int vakt_root_openat(const struct vakt_root *r, const char *rel, int flags)
{
	if (!atomic_load(&force_fallback)) {
		struct open_how how = {
		    /* the last symlink too stays inside the root: follow it */
		    .flags = (uint64_t)(flags | O_CLOEXEC),
		    .resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS,
		};
		long fd = syscall(SYS_openat2, r->fd, rel, &how, sizeof(how));

		if (fd >= 0)
			return (int)fd;
		/* ENOSYS: an old kernel; EPERM: a seccomp filter that refuses it */
		if (errno != ENOSYS && errno != EPERM)
			return -errno;
	}
	return open_walk(r->fd, rel, flags);
}

int vakt_root_read(const struct vakt_root *r, const char *rel, size_t max, char **out, size_t *len,
                   struct stat *st, struct vakt_error **err)
{
	struct stat sb;
	char *buf = NULL;
	size_t n = 0, cap;
	int fd, rc = 0;

	*out = NULL;
	*len = 0;
	/* O_NONBLOCK: opening a FIFO must not wait for a writer */
	fd = vakt_root_openat(r, rel, O_RDONLY | O_NONBLOCK);
	if (fd < 0)
		return vakt_error_set(err, fd, "cannot open '%s/%s': %s", r->path, rel,
		                      strerror(-fd));
	if (fstat(fd, &sb) < 0) {
		rc = vakt_error_set(err, -errno, "cannot stat '%s/%s': %s", r->path, rel,
		                    strerror(errno));
		goto out;
	}
	if (!S_ISREG(sb.st_mode)) {
		rc = vakt_error_set(err, -EINVAL, "'%s/%s' is not a regular file", r->path, rel);
		goto out;
	}
	if ((uint64_t)sb.st_size > max) {
		rc = vakt_error_set(err, -EFBIG, "'%s/%s' is too large (%lld bytes, at most %zu)",
		                    r->path, rel, (long long)sb.st_size, max);
		goto out;
	}
	/* Files under /proc say 0 bytes: read to max + 1 whatever the size says. */
	cap = (size_t)sb.st_size + 1 < 4096 ? 4096 : (size_t)sb.st_size + 1;
	cap = cap > max + 1 ? max + 1 : cap;
	buf = vakt_xmalloc(cap + 1);
	for (;;) {
		ssize_t k;

		if (n == cap) {
			if (cap > max)
				break;
			cap = cap * 2 > max + 1 ? max + 1 : cap * 2;
			buf = vakt_xrealloc(buf, cap + 1);
		}
		k = read(fd, buf + n, cap - n);
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0) {
			rc = vakt_error_set(err, -errno, "cannot read '%s/%s': %s", r->path, rel,
			                    strerror(errno));
			goto out;
		}
		if (k == 0)
			break;
		n += (size_t)k;
	}
	if (n > max) {
		rc = vakt_error_set(err, -EFBIG, "'%s/%s' is too large (more than %zu bytes)",
		                    r->path, rel, max);
		goto out;
	}
	buf[n] = '\0';
	*out = buf;
	*len = n;
	buf = NULL;
	if (st)
		*st = sb;
out:
	free(buf);
	close(fd);
	return rc;
}

int vakt_root_stat(const struct vakt_root *r, const char *rel, struct stat *st)
{
	int fd = vakt_root_openat(r, rel, O_PATH);
	int rc = 0;

	if (fd < 0)
		return fd;
	if (fstat(fd, st) < 0)
		rc = -errno;
	else if (S_ISLNK(st->st_mode))
		rc = -ELOOP; /* the walk follows no symlink */
	close(fd);
	return rc;
}

DIR *vakt_root_opendir(const struct vakt_root *r, const char *rel)
{
	int fd = vakt_root_openat(r, rel, O_RDONLY | O_DIRECTORY);
	DIR *d;

	if (fd < 0) {
		errno = -fd;
		return NULL;
	}
	d = fdopendir(fd);
	if (!d) {
		int e = errno;
		close(fd);
		errno = e;
	}
	return d;
}
