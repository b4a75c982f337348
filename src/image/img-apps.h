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

/* Biggest jar, war or ear read (whole: members are found through the central directory). */
#define IMG_APPS_MAX_BINARY (256u * 1024 * 1024)
/*
 * Biggest executable looked into for Go or cargo-auditable data: streamed
 * beyond IMG_APPS_WHOLE_BINARY, so its size costs time, not memory (a
 * Terraform provider is a 700 MB Go program).
 */
#define IMG_APPS_MAX_EXECUTABLE (1024u * 1024 * 1024)
/*
 * Biggest executable read whole (every format: Go's two, cargo auditable);
 * a bigger ELF executable is streamed for Go >= 1.18's build information
 * only (struct img_apps_stream), in pieces of IMG_APPS_CHUNK bytes.
 */
#define IMG_APPS_WHOLE_BINARY (24u * 1024 * 1024)
#define IMG_APPS_CHUNK        (1u * 1024 * 1024)
/* The start of a streamed file kept for its ELF and program headers. */
#define IMG_APPS_STREAM_HEAD (64u * 1024)
/* Bytes kept from Go's build information header on: its two strings. */
#define IMG_APPS_GO_KEEP (2u * 1024 * 1024)

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
 * A streaming look for Go's build information header (img-apps-stream.c):
 * new, fed a file's bytes in order from the first in pieces of any size,
 * asked for the header once the file ends or it is done. The caller owns
 * it (img_apps_stream_free()); it never holds more than
 * IMG_APPS_STREAM_HEAD + IMG_APPS_GO_KEEP bytes.
 */
struct img_apps_stream;
struct img_apps_stream *img_apps_stream_new(void);
void img_apps_stream_free(struct img_apps_stream *st);
void img_apps_stream_feed(struct img_apps_stream *st, const void *data, size_t n);
/* Whether st wants no more bytes (the caller may stop reading the file). */
bool img_apps_stream_done(const struct img_apps_stream *st);
/*
 * The end of the input: the header found and the bytes after it kept (*len
 * of them; owned by st, valid until img_apps_stream_free()), or NULL.
 */
const char *img_apps_stream_header(struct img_apps_stream *st, size_t *len);
/*
 * Like img_apps_visit() for an ELF executable e bigger than
 * IMG_APPS_WHOLE_BINARY, whose bytes st was fed: the packages of the
 * header it kept, or a warning when it cannot be read (st stays the
 * caller's).
 */
void img_apps_visit_stream(struct img_apps *a, const struct img_entry *e, const char *path,
                           struct img_apps_stream *st, struct vakt_error_list *warnings);
/*
 * Move to out the packages of file versions view still holds (not deleted,
 * not replaced by a later layer), each with its layer (-1 for a root
 * filesystem); the others are dropped. a is left empty.
 */
void img_apps_settle(struct img_apps *a, const struct img_view *view, bool rootfs,
                     struct pkg_list *out);

#endif
