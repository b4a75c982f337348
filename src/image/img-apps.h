/* SPDX-License-Identifier: MIT */
#ifndef VAKT_IMG_APPS_H
#define VAKT_IMG_APPS_H

/*
 * Private to the image domain: the application packages of an image
 * (img-apps.c), read during the layer walk and settled against the final
 * view.
 */

#include <stdbool.h>
#include <stddef.h>

#include "core/error.h"
#include "img-model.h"
#include "pkg/pkg-model.h"

/* Biggest executable looked into for Go or cargo-auditable data. */
#define IMG_APPS_MAX_BINARY (256u * 1024 * 1024)

struct img_apps;

/* New state for one scan; the caller owns it (img_apps_free()). */
struct img_apps *img_apps_new(void);
void img_apps_free(struct img_apps *a);
/*
 * How many bytes of entry e the readers take at most (0: e is nothing of
 * theirs): lock files and metadata by their path, executables for their
 * first bytes. A bigger e is refused (img_apps_refuse()), not read.
 */
size_t img_apps_wanted(const struct img_entry *e);
/* Bytes of an executable read first: its ELF header says whether the rest is worth reading. */
#define IMG_APPS_PROBE 64
/*
 * Whether img_apps_wanted() wants e only as a possible binary (an
 * executable, not a file its path names): the caller reads its first
 * IMG_APPS_PROBE bytes and asks img_apps_binary() before reading the rest.
 */
bool img_apps_by_content(const struct img_entry *e);
/*
 * Whether data, the first len bytes of a file, starts an ELF executable or
 * shared object, the files that may carry Go build information or cargo
 * auditable data (a script, an object file or a core dump does not).
 */
bool img_apps_binary(const char *data, size_t len);
/* Say that e (path: where it is) is bigger than the max bytes its reader takes. */
void img_apps_refuse(const struct img_entry *e, const char *path, size_t max,
                     struct vakt_error_list *warnings);
/*
 * The content of e (path: where it really is in the image): its packages,
 * if any, are kept for img_apps_settle(). A file a reader refuses adds a
 * warning (ownership moves to warnings).
 */
void img_apps_visit(struct img_apps *a, const struct img_entry *e, const char *path,
                    const char *data, size_t len, struct vakt_error_list *warnings);
/*
 * Move to out the packages of file versions view still holds (not deleted,
 * not replaced by a later layer), each with its layer (-1 for a root
 * filesystem); the others are dropped. a is left empty.
 */
void img_apps_settle(struct img_apps *a, const struct img_view *view, bool rootfs,
                     struct pkg_list *out);

#endif
