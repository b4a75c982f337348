/* SPDX-License-Identifier: MIT */
#ifndef VAKT_IMG_PRIV_H
#define VAKT_IMG_PRIV_H

/*
 * Inside the image domain: where blobs come from (a tar archive or a
 * directory), and a sequential reader over one blob.
 */

#include "img-model.h"

/* What img_reader_read() reads from: a libarchive entry, or a file of a root filesystem. */
struct img_reader {
	void *archive; /* struct archive *, or NULL */
	int fd;
};

/* Bytes read from a blob at a time. */
#define IMG_IO_BLOCK (256u * 1024)

/* A SHA-256 being computed (OpenSSL's EVP; SHA-NI where the CPU has it). */
struct img_sha256;
struct img_sha256 *img_sha256_new(void);
void img_sha256_update(struct img_sha256 *h, const void *data, size_t n);
/* "sha256:<hex>" of everything fed so far. The caller frees the result and h. */
char *img_sha256_finish(struct img_sha256 *h);
void img_sha256_free(struct img_sha256 *h);
/* "sha256:<hex>" of data. The caller frees the result. */
char *img_sha256_of(const void *data, size_t n);

/*
 * A store: the tar archive (outer compression allowed) or directory that
 * holds manifest.json / index.json and the blobs. Names are relative,
 * normalised paths ("blobs/sha256/<hex>", "<id>/layer.tar").
 */
struct img_store;

/*
 * Open path ("-": standard input, copied to a temporary file when it is not
 * a regular file, up to max_stdin bytes; 0 for IMG_MAX_STDIN_BYTES); *is_dir
 * says which kind. The caller owns *out (img_store_free()).
 */
int img_store_open(const char *path, uint64_t max_stdin, struct img_store **out, bool *is_dir,
                   struct vakt_error **err);
void img_store_free(struct img_store *st);
/* Whether name exists (links inside the store followed). */
bool img_store_has(struct img_store *st, const char *name);
/* The directory fd of a directory store (borrowed), or -1. */
int img_store_dirfd(const struct img_store *st);
/* The size of the archive file in bytes (0 for a directory). */
uint64_t img_store_file_size(const struct img_store *st);
/*
 * Read the whole of name, at most max bytes (-EFBIG beyond). The caller
 * owns *data (NUL-terminated, for JSON).
 */
int img_store_read(struct img_store *st, const char *name, size_t max, char **data, size_t *len,
                   struct vakt_error **err);
/* The size of name in bytes, or a negative error. */
int64_t img_store_size(struct img_store *st, const char *name);

/* A sequential reader of one blob. */
struct img_blob;
/* Open name for reading. The caller owns *out (img_blob_close()). */
int img_blob_open(struct img_store *st, const char *name, struct img_blob **out,
                  struct vakt_error **err);
/*
 * The next block of the blob, without a copy: *p points at it until the
 * next call. Returns its length, 0 at the end, negative on error (err set).
 */
ssize_t img_blob_block(struct img_blob *b, const void **p, struct vakt_error **err);
/* Up to n bytes; 0 at the end; negative on error (err set). */
ssize_t img_blob_read(struct img_blob *b, void *buf, size_t n, struct vakt_error **err);
void img_blob_close(struct img_blob *b);

void img_config_release(struct img_config *c);

/* Walk an unpacked root filesystem (img-rootfs.c) as if it were one layer. */
int img_rootfs_walk(struct img_image *img, struct img_view *view, const struct img_visitor *vis,
                    size_t max_entries, struct vakt_error **err);

/* Normalise an entry name: strip "./" and "/", fold "." and "a/.." (see img-layer.c). */
int img_path_normalise(const char *raw, struct vakt_buf *out, bool *escapes);

#endif
