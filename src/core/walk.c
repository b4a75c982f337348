/* SPDX-License-Identifier: MIT */
/*
 * Walking a directory tree (walk.h); which files a command reads, and which
 * directories it passes over, is the scan's discovery (scan.c,
 * vakt_scan_discover()). Each directory is read whole, sorted by name (byte
 * order, so output does not depend on the locale or the file system) and
 * its names freed before the walk returns from it: memory is bounded by the
 * entries of the directories on the current path, open descriptors by
 * the walk's max_depth.
 *
 * Symbolic links: a link to a directory is never followed (a link loop or a
 * link to "/" cannot make the walk endless) and is passed over without an
 * error, as documented. A link to a regular file is handed to on_file like
 * the file. A link that cannot be resolved (dangling, a loop, no permission)
 * is handed to on_file too: the callback decides by name whether it is an
 * input, and reports the read error only for names it wants.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "walk.h"

struct walk_state {
	const struct vakt_walk *w;
	struct vakt_buf path; /* display path of the current entry */
};

struct walk_entry {
	/* Offset in the directory's name buffer while it grows, then a pointer into it. */
	union {
		size_t off;
		const char *name;
	};
	unsigned char type;
};

static void walk_report(struct walk_state *st, int code, const char *fmt, ...) VAKT_PRINTF(3, 4);

static void walk_report(struct walk_state *st, int code, const char *fmt, ...)
{
	struct vakt_error *err = NULL;
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = vakt_xvasprintf(fmt, ap);
	va_end(ap);
	vakt_error_set_at(&err, code, vakt_buf_str(&st->path), 0, 0, "%s", msg);
	free(msg);
	if (st->w->on_error)
		st->w->on_error(err, st->w->data);
	else
		vakt_error_free(err);
}

static int walk_entry_cmp(const void *a, const void *b)
{
	const struct walk_entry *x = a, *y = b;

	return strcmp(x->name, y->name);
}

static bool walk_skip(struct walk_state *st, bool is_dir)
{
	return st->w->skip && st->w->skip(st->path.data, is_dir, st->w->data);
}

static int walk_file(struct walk_state *st, int dfd, const char *name)
{
	if (walk_skip(st, false) || !st->w->on_file)
		return 0;
	return st->w->on_file(st->path.data, dfd, name, st->w->data);
}

static int walk_dir(struct walk_state *st, int fd, int depth);

/* One entry of the directory dfd; st->path names it. */
static int walk_entry(struct walk_state *st, int dfd, const char *name, unsigned char type,
                      int depth)
{
	struct stat sb;
	int fd;

	if (type == DT_UNKNOWN) {
		if (fstatat(dfd, name, &sb, AT_SYMLINK_NOFOLLOW) < 0) {
			int r = -errno;

			walk_report(st, r, "cannot stat: %s", strerror(-r));
			return 0;
		}
		type = S_ISDIR(sb.st_mode)   ? DT_DIR
		       : S_ISREG(sb.st_mode) ? DT_REG
		       : S_ISLNK(sb.st_mode) ? DT_LNK
		                             : DT_UNKNOWN;
	}
	switch (type) {
	case DT_REG:
		return walk_file(st, dfd, name);
	case DT_LNK:
		if (fstatat(dfd, name, &sb, 0) == 0 && !S_ISREG(sb.st_mode))
			return 0; /* a directory (not followed) or a device, FIFO, socket */
		return walk_file(st, dfd, name);
	case DT_DIR:
		break;
	default:
		return 0; /* devices, FIFOs and sockets are not inputs */
	}
	if (walk_skip(st, true))
		return 0;
	if (depth + 1 > (st->w->max_depth > 0 ? st->w->max_depth : VAKT_WALK_MAX_DEPTH)) {
		walk_report(st, -E2BIG, "directory nesting too deep (the limit is %d levels%s%s)",
		            st->w->max_depth > 0 ? st->w->max_depth : VAKT_WALK_MAX_DEPTH,
		            st->w->depth_hint ? "; " : "",
		            st->w->depth_hint ? st->w->depth_hint : "");
		return 0;
	}
	fd = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0) {
		int r = -errno;

		walk_report(st, r, "cannot open directory: %s", strerror(-r));
		return 0;
	}
	return walk_dir(st, fd, depth + 1);
}

/* Walk the directory open at fd (handed over) at depth; st->path names it. */
static int walk_dir(struct walk_state *st, int fd, int depth)
{
	struct vakt_buf names = VAKT_BUF_INIT;
	struct walk_entry *v = NULL;
	size_t n = 0, cap = 0, base = st->path.len;
	struct dirent *e;
	DIR *d;
	int rc = 0;

	d = fdopendir(fd);
	if (!d) {
		int r = -errno;

		close(fd);
		walk_report(st, r, "cannot open directory: %s", strerror(-r));
		return 0;
	}
	for (;;) {
		errno = 0;
		e = readdir(d);
		if (!e)
			break;
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		v = vakt_grow(v, sizeof(*v), n + 1, &cap);
		v[n++] = (struct walk_entry){.off = names.len, .type = e->d_type};
		vakt_buf_add(&names, e->d_name, strlen(e->d_name) + 1);
	}
	if (errno) {
		int r = -errno;

		/* Walk what was read; the rest is reported. */
		walk_report(st, r, "cannot read directory: %s", strerror(-r));
	}
	for (size_t i = 0; i < n; i++)
		v[i].name = names.data + v[i].off;
	if (n)
		qsort(v, n, sizeof(*v), walk_entry_cmp);
	for (size_t i = 0; i < n && !rc; i++) {
		const char *name = v[i].name;

		if (base && st->path.data[base - 1] != '/')
			vakt_buf_addc(&st->path, '/');
		vakt_buf_adds(&st->path, name);
		rc = walk_entry(st, dirfd(d), name, v[i].type, depth);
		st->path.len = base;
		st->path.data[base] = '\0';
	}
	closedir(d);
	free(v);
	vakt_buf_release(&names);
	return rc;
}

int vakt_walk_dir(const char *root, const struct vakt_walk *w)
{
	struct walk_state st = {.w = w};
	size_t len = strlen(root);
	int fd, rc;

	/* "dir/" shows as "dir/x", "." and "./" as "x", "/" as "/x". */
	while (len > 1 && root[len - 1] == '/')
		len--;
	vakt_buf_add(&st.path, root, len);
	fd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		int r = -errno;

		walk_report(&st, r, "cannot open directory: %s", strerror(-r));
		vakt_buf_release(&st.path);
		return 0;
	}
	if (!strcmp(vakt_buf_str(&st.path), "."))
		vakt_buf_reset(&st.path);
	vakt_buf_adds(&st.path, ""); /* so that path.data is never NULL */
	rc = walk_dir(&st, fd, 0);
	vakt_buf_release(&st.path);
	return rc;
}

char *vakt_walk_display_path(const char *root, const char *path)
{
	const char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;
	char *dir = slash ? vakt_xstrndup(path, slash == path ? 1 : (size_t)(slash - path))
	                  : vakt_xstrdup(".");
	char *real_root = realpath(root, NULL), *real_dir = realpath(dir, NULL);
	struct vakt_buf b = VAKT_BUF_INIT;
	const char *sub;
	size_t n;

	if (!real_root || !real_dir || !*base || !strcmp(base, ".") || !strcmp(base, ".."))
		goto out;
	n = strcmp(real_root, "/") ? strlen(real_root) : 0;
	if (strncmp(real_dir, real_root, n) || (real_dir[n] && real_dir[n] != '/'))
		goto out;
	sub = real_dir + n; /* "" or "/a/b" */
	/* As the walk shows it: "dir/a/b/x"; "a/b/x" under "."; "/a/b/x" under "/". */
	n = strlen(root);
	while (n > 1 && root[n - 1] == '/')
		n--;
	if (!(n == 1 && root[0] == '.')) {
		if (!(n == 1 && root[0] == '/'))
			vakt_buf_add(&b, root, n);
		vakt_buf_addc(&b, '/');
	}
	if (*sub) {
		vakt_buf_adds(&b, sub + 1);
		vakt_buf_addc(&b, '/');
	}
	vakt_buf_adds(&b, base);
out:
	free(dir);
	free(real_root);
	free(real_dir);
	return b.data ? vakt_buf_detach(&b) : NULL;
}
