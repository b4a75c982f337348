/* SPDX-License-Identifier: MIT */
#ifndef VAKT_PKG_APP_JS_H
#define VAKT_PKG_APP_JS_H

/*
 * What the npm, yarn, pnpm, Composer and RubyGems readers share (src/pkg
 * only): adding a package under the ceilings, folding the repeats of one
 * name and version, and JSON loaded with jansson under PKG_APP_MAX_DEPTH
 * with the line of every object key, which jansson does not keep.
 */

#include <jansson.h>

#include "pkg/pkg-app-priv.h"

/*
 * The ceiling on the input's size: 0, or -EFBIG with *err set naming path
 * and `what` ("package-lock.json").
 */
int pkg_app_js_check_size(const char *path, size_t len, const char *what, struct vakt_error **err);

/*
 * Append a package of type t with copies of name[0..nn) and version[0..vn),
 * found_in path, the line, scope and dev given, to out, where the reader
 * started at index start. Sets *pp to it (owned by the list, valid until the
 * next append). Errors: -E2BIG (PKG_APP_MAX_PACKAGES packages since start),
 * -EINVAL (an empty name or version, or one holding a NUL byte), *err at
 * path:line.
 */
int pkg_app_js_add(struct pkg_list *out, size_t start, enum pkg_type t, const char *path,
                   const char *name, size_t nn, const char *version, size_t vn, int line,
                   struct pkg **pp, struct vakt_error **err);

/*
 * Fold the packages of out[start..) that share name and version into one:
 * the first line, direct when any is, dev only when all are, the first
 * licence recorded. A package installed at several paths of one tree is one
 * package of the project. The order of out[start..) changes.
 */
void pkg_app_js_fold(struct pkg_list *out, size_t start);

/* A JSON document and the line of each object key, in document order. */
struct pkg_app_json {
	json_t *root;   /* owned */
	int *key_lines; /* owned; key_lines[i]: line of the i-th key of the text */
	size_t n_keys;
};

/*
 * Parse data[0..len) (at most PKG_APP_MAX_FILE bytes, nested at most
 * PKG_APP_MAX_DEPTH deep) into *j, which the caller releases with
 * pkg_app_json_release(). `what` names the expected document in errors
 * ("expected a package-lock.json object").
 * Errors: -EFBIG (size), -EINVAL (not JSON, or too deep), at path:line:column.
 */
int pkg_app_json_load(const char *path, const char *data, size_t len, const char *what,
                      struct pkg_app_json *j, struct vakt_error **err);
void pkg_app_json_release(struct pkg_app_json *j);

/*
 * Walking the tree in document order keeps the key lines in step: a cursor
 * counts the keys passed. pkg_app_json_key() takes the next key (its line);
 * pkg_app_json_skip() passes over every key inside a value not walked.
 */
struct pkg_app_json_cur {
	const struct pkg_app_json *j;
	size_t k;
};
int pkg_app_json_key(struct pkg_app_json_cur *c);
void pkg_app_json_skip(struct pkg_app_json_cur *c, const json_t *v);

/* "an object", "a string", ... for messages. Static string. */
const char *pkg_app_json_kind(const json_t *v);

#endif
