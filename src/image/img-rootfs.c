/* SPDX-License-Identifier: MIT */
/*
 * An unpacked root filesystem, walked as if it were a single layer: every
 * directory opened relative to its parent with O_NOFOLLOW, so a symbolic
 * link inside the tree is recorded as a link and never followed on the
 * host. Cleanup style: a single `goto out`.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "core/limits.h"
#include "img-priv.h"

struct rootfs_walk {
	struct img_image *img;
	struct img_view *view;
	const struct img_visitor *vis;
	size_t entries, max;
	struct vakt_buf path;
	struct vakt_buf link;
	const char *root;
	dev_t root_dev; /* the root directory's device: a /dev mounted over it is the host's */
};

static enum img_type mode_type(mode_t m)
{
	if (S_ISDIR(m))
		return IMG_T_DIR;
	if (S_ISLNK(m))
		return IMG_T_SYMLINK;
	if (S_ISCHR(m))
		return IMG_T_CHAR;
	if (S_ISBLK(m))
		return IMG_T_BLOCK;
	if (S_ISFIFO(m))
		return IMG_T_FIFO;
	if (S_ISSOCK(m))
		return IMG_T_SOCKET;
	return IMG_T_FILE;
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int rootfs_dir(struct rootfs_walk *w, int dfd, int depth, struct vakt_error **err);

/*
 * The kernel pseudo filesystem a directory is, or NULL. A live root (`vakt
 * image /`) has /proc, /sys and /dev mounted: their files are the kernel's
 * state (/proc/kcore claims 128 TiB, /proc/kmsg blocks), not the system's.
 */
static const char *pseudo_fs(int dfd)
{
	static const struct {
		unsigned long magic;
		const char *name;
	} kinds[] = {
	    {PROC_SUPER_MAGIC, "proc"},
	    {SYSFS_MAGIC, "sysfs"},
	    {DEVPTS_SUPER_MAGIC, "devpts"},
	    {CGROUP_SUPER_MAGIC, "cgroup"},
	    {CGROUP2_SUPER_MAGIC, "cgroup2"},
	    {DEBUGFS_MAGIC, "debugfs"},
	    {TRACEFS_MAGIC, "tracefs"},
	    {SECURITYFS_MAGIC, "securityfs"},
	    {BPF_FS_MAGIC, "bpf"},
	    {PSTOREFS_MAGIC, "pstore"},
	    {HUGETLBFS_MAGIC, "hugetlbfs"},
	    {0x19800202 /* mqueue */, "mqueue"},
	    {EFIVARFS_MAGIC, "efivarfs"},
	    {BINFMTFS_MAGIC, "binfmt_misc"},
	    {0x62656570 /* configfs */, "configfs"},
	    {0x65735543 /* fusectl */, "fusectl"},
	};
	struct statfs sf;

	if (fstatfs(dfd, &sf) < 0)
		return NULL;
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(kinds); i++)
		if ((unsigned long)sf.f_type == kinds[i].magic)
			return kinds[i].name;
	return NULL;
}

static int rootfs_one(struct rootfs_walk *w, int dfd, const char *name, int depth,
                      struct vakt_error **err)
{
	struct img_entry e = {0};
	struct stat sb;
	size_t keep = w->path.len;
	int fd = -1, r = 0;

	if (fstatat(dfd, name, &sb, AT_SYMLINK_NOFOLLOW) < 0)
		return 0; /* vanished while walking */
	if (++w->entries > w->max)
		return vakt_error_set(err, -EFBIG, "'%s': more than %zu entries; %s", w->root,
		                      w->max, vakt_limit_hint(VAKT_LIMIT_IMAGE_ENTRIES));
	if (w->path.len)
		vakt_buf_addc(&w->path, '/');
	vakt_buf_adds(&w->path, name);
	if (w->path.len > IMG_MAX_NAME_BYTES) {
		r = vakt_error_set(err, -EFBIG, "'%s': a path is longer than %d bytes", w->root,
		                   IMG_MAX_NAME_BYTES);
		goto out;
	}
	e.path = vakt_buf_str(&w->path);
	e.type = mode_type(sb.st_mode);
	e.mode = sb.st_mode & 07777;
	e.uid = sb.st_uid;
	e.gid = sb.st_gid;
	e.size = S_ISREG(sb.st_mode) ? (uint64_t)sb.st_size : 0;
	if (e.type == IMG_T_SYMLINK) {
		char target[IMG_MAX_NAME_BYTES + 1];
		ssize_t n = readlinkat(dfd, name, target, sizeof(target) - 1);

		target[n > 0 ? n : 0] = '\0';
		vakt_buf_reset(&w->link);
		vakt_buf_adds(&w->link, target);
		e.link = vakt_buf_str(&w->link);
	}
	r = img_view_apply(w->view, &e, err);
	if (r < 0)
		goto out;
	if (w->vis && w->vis->on_entry) {
		struct img_reader rd = {NULL, -1};

		if (e.type == IMG_T_FILE) {
			fd = openat(dfd, name,
			            O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY | O_NONBLOCK);
			rd.fd = fd;
		}
		r = w->vis->on_entry(w->vis->data, &e, false, e.path, fd >= 0 ? &rd : NULL, err);
		if (r < 0)
			goto out;
	}
	if (e.type == IMG_T_DIR) {
		int sub;

		if (depth + 1 > IMG_MAX_DEPTH) {
			r = vakt_error_set(err, -EFBIG, "'%s': deeper than %d directories", w->root,
			                   IMG_MAX_DEPTH);
			goto out;
		}
		sub = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
		if (sub >= 0) {
			const char *kind = pseudo_fs(sub);
			/* A live root's /dev is a devtmpfs (tmpfs magic): device nodes only. */
			bool dev = depth == 0 && !strcmp(name, "dev") && sb.st_dev != w->root_dev;

			if (kind || dev) {
				char *why =
				    vakt_xasprintf("%s (%s)", e.path, kind ? kind : "devtmpfs");

				vakt_strv_push_take(&w->img->skipped, why);
				close(sub);
			} else {
				r = rootfs_dir(w, sub, depth + 1, err); /* closes sub */
			}
		}
	}
out:
	if (fd >= 0)
		close(fd);
	w->path.len = keep;
	if (w->path.data)
		w->path.data[keep] = '\0';
	return r;
}

/* Walk the directory dfd (closed here). Names are sorted, so the walk is reproducible. */
static int rootfs_dir(struct rootfs_walk *w, int dfd, int depth, struct vakt_error **err)
{
	DIR *d = fdopendir(dfd);
	struct vakt_strv names = VAKT_STRV_INIT;
	struct dirent *de;
	int r = 0;

	if (!d) {
		close(dfd);
		return 0;
	}
	while ((de = readdir(d)))
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			vakt_strv_push(&names, de->d_name);
	if (names.n > 1)
		qsort(names.v, names.n, sizeof(*names.v), name_cmp);
	for (size_t i = 0; i < names.n && r == 0; i++)
		r = rootfs_one(w, dirfd(d), names.v[i], depth, err);
	closedir(d);
	vakt_strv_release(&names);
	return r;
}

int img_rootfs_walk(struct img_image *img, struct img_view *view, const struct img_visitor *vis,
                    size_t max_entries, struct vakt_error **err)
{
	struct rootfs_walk w = {
	    .img = img, .view = view, .vis = vis, .max = max_entries, .root = img->path};
	int dfd = img_store_dirfd(img->store);
	struct stat sb;
	int r;

	if (dfd < 0)
		return vakt_error_set(err, -EINVAL, "'%s' is not a directory", img->path);
	if (fstat(dfd, &sb) == 0)
		w.root_dev = sb.st_dev;
	dfd = fcntl(dfd, F_DUPFD_CLOEXEC, 3);
	if (dfd < 0)
		return vakt_error_set(err, -errno, "cannot open '%s': %s", img->path,
		                      strerror(errno));
	r = rootfs_dir(&w, dfd, 0, err);
	vakt_buf_release(&w.path);
	vakt_buf_release(&w.link);
	if (r == 0 && vis && vis->on_layer_done)
		vis->on_layer_done(vis->data, 0);
	return r;
}
