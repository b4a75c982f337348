/* SPDX-License-Identifier: MIT */
/*
 * Application packages of an image (pkg/pkg-app.h; docs/packages.md): each
 * file a reader wants (a lock file, installed metadata, a jar, an ELF
 * executable) is read as the layer that writes it is walked, so that a
 * binary is never kept in memory past its visit. Once the walk is done,
 * only the packages of file versions the final image still holds are kept
 * (a lock file replaced by a later layer, or deleted, counts no more), each
 * with the layer that wrote it.
 */
#include <elf.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "img-apps.h"
#include "pkg/pkg-app.h"
#include "pkg/pkg.h"

/* The packages one version of one file yielded: pending[first, first + n). */
struct app_file {
	char *path; /* owned; the real path in the image */
	int layer;
	size_t first, n;
};

struct img_apps {
	struct pkg_list pending;
	struct app_file *files;
	size_t n_files, cap_files;
	size_t binaries; /* executables looked into */
};

struct img_apps *img_apps_new(void)
{
	return vakt_xcalloc(1, sizeof(struct img_apps));
}

void img_apps_free(struct img_apps *a)
{
	if (!a)
		return;
	pkg_list_release(&a->pending);
	for (size_t i = 0; i < a->n_files; i++)
		free(a->files[i].path);
	free(a->files);
	free(a);
}

/* An executable of at least this many bytes may be a binary worth reading. */
static bool maybe_binary(const struct img_entry *e)
{
	return (e->mode & 0111) && e->size >= IMG_APPS_PROBE;
}

size_t img_apps_wanted(const struct img_entry *e)
{
	enum pkg_app_kind k;

	if (e->type != IMG_T_FILE)
		return 0;
	k = pkg_app_kind_of(e->path);
	if (k != PKG_APP_NONE)
		return k == PKG_APP_JAR ? IMG_APPS_MAX_BINARY : PKG_APP_MAX_FILE;
	/* An executable may be a Go or cargo-auditable binary: its first bytes say. */
	return maybe_binary(e) ? IMG_APPS_MAX_EXECUTABLE : 0;
}

bool img_apps_by_content(const struct img_entry *e)
{
	return e->type == IMG_T_FILE && maybe_binary(e) && pkg_app_kind_of(e->path) == PKG_APP_NONE;
}

bool img_apps_binary(const char *data, size_t len)
{
	const unsigned char *u = (const unsigned char *)data;
	unsigned type;

	/* e_ident: the magic, the class (32, 64-bit), the byte order; then e_type. */
	if (len < EI_NIDENT + 2 || !pkg_app_is_elf(data, len) ||
	    (u[EI_CLASS] != ELFCLASS32 && u[EI_CLASS] != ELFCLASS64) ||
	    (u[EI_DATA] != ELFDATA2LSB && u[EI_DATA] != ELFDATA2MSB))
		return false;
	type = u[EI_DATA] == ELFDATA2LSB ? u[EI_NIDENT] | (unsigned)u[EI_NIDENT + 1] << 8
	                                 : (unsigned)u[EI_NIDENT] << 8 | u[EI_NIDENT + 1];
	return type == ET_EXEC || type == ET_DYN;
}

void img_apps_refuse(const struct img_entry *e, const char *path, size_t max,
                     struct vakt_error_list *warnings)
{
	struct vakt_error *err = NULL;

	vakt_error_set(&err, -EFBIG,
	               "%s: %llu bytes, more than the %zu vakt reads for application packages: "
	               "its packages are not listed",
	               path, (unsigned long long)e->size, max);
	vakt_error_list_add(warnings, err);
}

/* Remember the packages e (at path) added from pending[first] on, if any. */
static void apps_keep(struct img_apps *a, const struct img_entry *e, const char *path, size_t first)
{
	if (a->pending.n == first)
		return;
	a->files = vakt_grow(a->files, sizeof(*a->files), a->n_files + 1, &a->cap_files);
	a->files[a->n_files++] =
	    (struct app_file){vakt_xstrdup(path), e->layer, first, a->pending.n - first};
}

void img_apps_visit(struct img_apps *a, const struct img_entry *e, const char *path,
                    const char *data, size_t len, struct vakt_error_list *warnings)
{
	enum pkg_app_kind k = pkg_app_kind_of(e->path);
	struct vakt_error *err = NULL;
	size_t first = a->pending.n;
	long r;

	if (k == PKG_APP_NONE) {
		if (!img_apps_binary(data, len))
			return;
		k = PKG_APP_BINARY;
		a->binaries++;
	}
	r = pkg_app_read(k, path, data, len, &a->pending, &err);
	if (r < 0) {
		/* A broken lock file in an image is the image's business: said, not fatal. */
		vakt_error_list_add(warnings, err);
		return;
	}
	apps_keep(a, e, path, first);
}

void img_apps_visit_stream(struct img_apps *a, const struct img_entry *e, const char *path,
                           struct img_apps_stream *st, struct vakt_error_list *warnings)
{
	struct vakt_error *err = NULL;
	size_t first = a->pending.n, len = 0;
	const char *hdr = img_apps_stream_header(st, &len);
	long r;

	a->binaries++;
	if (!hdr)
		return; /* no Go >= 1.18 header; cargo auditable's section is not looked for */
	r = pkg_app_read_go_buildinfo(path, hdr, len, &a->pending, &err);
	if (r == -EOPNOTSUPP) {
		vakt_error_free(err);
		err = NULL;
		vakt_error_set(&err, -EOPNOTSUPP,
		               "%s: %llu bytes, more than the %u vakt reads whole: its Go build "
		               "information, in the format of toolchains before Go 1.18, is "
		               "not read and its packages are not listed",
		               path, (unsigned long long)e->size, IMG_APPS_WHOLE_BINARY);
	}
	if (r < 0) {
		vakt_error_list_add(warnings, err);
		return;
	}
	apps_keep(a, e, path, first);
}

void img_apps_settle(struct img_apps *a, const struct img_view *view, bool rootfs,
                     struct pkg_list *out)
{
	for (size_t i = 0; i < a->n_files; i++) {
		const struct app_file *f = &a->files[i];
		long id = img_view_lookup(view, f->path);
		struct img_node_info info;
		bool kept;

		if (id < 0)
			continue;
		img_view_info(view, id, &info);
		kept = info.removed < 0 && (rootfs || info.changed == f->layer);
		for (size_t k = f->first; k < f->first + f->n; k++) {
			struct pkg *p = &a->pending.v[k];

			if (!kept) {
				pkg_release(p);
				continue;
			}
			p->layer = rootfs ? -1 : f->layer;
			*pkg_list_add(out) = *p;
			memset(p, 0, sizeof(*p));
		}
	}
	pkg_list_release(&a->pending);
	for (size_t i = 0; i < a->n_files; i++)
		free(a->files[i].path);
	free(a->files);
	a->files = NULL;
	a->n_files = a->cap_files = 0;
}
