/* SPDX-License-Identifier: MIT */
#ifndef VAKT_IMG_DL_H
#define VAKT_IMG_DL_H

/*
 * libarchive, ISA-L and OpenSSL's libcrypto, loaded when an image is first
 * read (core/dl.h says why). Include this header, in image sources only and
 * after nothing else that names these functions, instead of the libraries'
 * own: calls are written as usual and go through the table; a call before
 * img_dl_load() has succeeded is a NULL call.
 */
#include <archive.h>
#include <archive_entry.h>
#include <isa-l/igzip_lib.h>
#include <openssl/evp.h>

#include "core/error.h"

/*
 * Every function vakt calls, by library. A new one is a line here and a
 * #define at the end; one forgotten fails the link of the vakt binary, which
 * does not link these libraries.
 */
#define IMG_DL_ARCHIVE(X)                                                                          \
	X(archive_entry_filetype)                                                                  \
	X(archive_entry_gid)                                                                       \
	X(archive_entry_hardlink)                                                                  \
	X(archive_entry_pathname)                                                                  \
	X(archive_entry_perm)                                                                      \
	X(archive_entry_size)                                                                      \
	X(archive_entry_size_is_set)                                                               \
	X(archive_entry_sparse_count)                                                              \
	X(archive_entry_symlink)                                                                   \
	X(archive_entry_uid)                                                                       \
	X(archive_error_string)                                                                    \
	X(archive_read_data)                                                                       \
	X(archive_read_data_block)                                                                 \
	X(archive_read_free)                                                                       \
	X(archive_read_new)                                                                        \
	X(archive_read_next_header)                                                                \
	X(archive_read_open1)                                                                      \
	X(archive_read_set_callback_data)                                                          \
	X(archive_read_set_read_callback)                                                          \
	X(archive_read_set_skip_callback)                                                          \
	X(archive_read_support_filter_gzip)                                                        \
	X(archive_read_support_filter_zstd)                                                        \
	X(archive_read_support_format_tar)                                                         \
	X(archive_set_error)

#define IMG_DL_ISAL(X)                                                                             \
	X(isal_inflate)                                                                            \
	X(isal_inflate_init)

#define IMG_DL_CRYPTO(X)                                                                           \
	X(EVP_DigestFinal_ex)                                                                      \
	X(EVP_DigestInit_ex)                                                                       \
	X(EVP_DigestUpdate)                                                                        \
	X(EVP_MD_CTX_free)                                                                         \
	X(EVP_MD_CTX_new)                                                                          \
	X(EVP_sha256)

struct img_dl {
#define IMG_DL_SLOT(f) __typeof__(f) *f;
	IMG_DL_ARCHIVE(IMG_DL_SLOT)
	IMG_DL_ISAL(IMG_DL_SLOT)
	IMG_DL_CRYPTO(IMG_DL_SLOT)
#undef IMG_DL_SLOT
};

extern struct img_dl img_dl;

/*
 * Load the three libraries once per process (thread-safe; later calls are
 * cheap). 0, or -ELIBACC/-ELIBBAD with *err naming the missing library and
 * its Debian package.
 */
int img_dl_load(struct vakt_error **err);

#ifndef IMG_DL_DEFINE
#define archive_entry_filetype           img_dl.archive_entry_filetype
#define archive_entry_gid                img_dl.archive_entry_gid
#define archive_entry_hardlink           img_dl.archive_entry_hardlink
#define archive_entry_pathname           img_dl.archive_entry_pathname
#define archive_entry_perm               img_dl.archive_entry_perm
#define archive_entry_size               img_dl.archive_entry_size
#define archive_entry_size_is_set        img_dl.archive_entry_size_is_set
#define archive_entry_sparse_count       img_dl.archive_entry_sparse_count
#define archive_entry_symlink            img_dl.archive_entry_symlink
#define archive_entry_uid                img_dl.archive_entry_uid
#define archive_error_string             img_dl.archive_error_string
#define archive_read_data                img_dl.archive_read_data
#define archive_read_data_block          img_dl.archive_read_data_block
#define archive_read_free                img_dl.archive_read_free
#define archive_read_new                 img_dl.archive_read_new
#define archive_read_next_header         img_dl.archive_read_next_header
#define archive_read_open1               img_dl.archive_read_open1
#define archive_read_set_callback_data   img_dl.archive_read_set_callback_data
#define archive_read_set_read_callback   img_dl.archive_read_set_read_callback
#define archive_read_set_skip_callback   img_dl.archive_read_set_skip_callback
#define archive_read_support_filter_gzip img_dl.archive_read_support_filter_gzip
#define archive_read_support_filter_zstd img_dl.archive_read_support_filter_zstd
#define archive_read_support_format_tar  img_dl.archive_read_support_format_tar
#define archive_set_error                img_dl.archive_set_error
#define isal_inflate                     img_dl.isal_inflate
#define isal_inflate_init                img_dl.isal_inflate_init
#define EVP_DigestFinal_ex               img_dl.EVP_DigestFinal_ex
#define EVP_DigestInit_ex                img_dl.EVP_DigestInit_ex
#define EVP_DigestUpdate                 img_dl.EVP_DigestUpdate
#define EVP_MD_CTX_free                  img_dl.EVP_MD_CTX_free
#define EVP_MD_CTX_new                   img_dl.EVP_MD_CTX_new
#define EVP_sha256                       img_dl.EVP_sha256
#endif

#endif
