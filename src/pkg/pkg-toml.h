/* SPDX-License-Identifier: MIT */
#ifndef VAKT_PKG_TOML_H
#define VAKT_PKG_TOML_H

/*
 * A small, bounded TOML reader for the lock files the application package
 * readers meet (poetry.lock, uv.lock, Cargo.lock): Debian ships no C TOML
 * library. It reads TOML 1.0 as those files use it: tables, arrays of
 * tables, dotted keys, basic and literal strings (one-line and multi-line,
 * with escapes), integers, floats, booleans, date-times (kept as their
 * text), arrays and inline tables (newlines and a trailing comma allowed in
 * them, as TOML 1.1 does), comments. What is not TOML is an error naming
 * the file, the line and column, and what was expected; nothing is guessed.
 *
 * Bounded: the input by PKG_APP_MAX_FILE bytes, nesting (arrays, inline
 * tables and the keys of a header) by PKG_APP_MAX_DEPTH, the values of one
 * document by PKG_TOML_MAX_VALUES. Parsing is linear in the input (tables
 * with many keys are indexed by a hash).
 */

#include <stdbool.h>
#include <stddef.h>

#include "core/error.h"

/* Most values (tables, arrays and scalars together) in one document. */
#define PKG_TOML_MAX_VALUES 8000000

enum pkg_toml_type {
	PKG_TOML_TABLE,
	PKG_TOML_ARRAY,
	PKG_TOML_STRING,
	PKG_TOML_INTEGER,
	PKG_TOML_FLOAT, /* text in s */
	PKG_TOML_BOOL,
	PKG_TOML_DATETIME, /* text in s */
};

struct pkg_toml_value {
	enum pkg_toml_type type;
	int line; /* where it starts (for a table: its header, or its first key) */
	/* Tables and arrays: the entries, in document order. */
	struct pkg_toml_value **v;
	char **keys; /* tables: keys[i] names v[i] */
	size_t n, cap;
	/* Tables: a hash index of keys once there are many (owned). */
	size_t *index, index_cap;
	unsigned flags; /* parser state (defined, inline, array of tables) */
	char *s;        /* strings (may hold NUL bytes from \u0000: see len), floats, date-times */
	size_t len;     /* strings: the byte length of s */
	long long i;    /* integers */
	bool b;         /* booleans */
};

/*
 * Parse a document. On success *root is its top-level table (the caller
 * owns it: pkg_toml_free()). On failure returns -EINVAL (not TOML),
 * -EFBIG (len > PKG_APP_MAX_FILE) or -E2BIG (a nesting or count ceiling),
 * sets *err with path, line and column, and *root is NULL.
 */
int pkg_toml_parse(const char *path, const char *data, size_t len, struct pkg_toml_value **root,
                   struct vakt_error **err);
/* Free a value and everything under it; accepts NULL. */
void pkg_toml_free(struct pkg_toml_value *v);

/* The value of key in table t, or NULL (also when t is NULL or no table). Borrowed. */
const struct pkg_toml_value *pkg_toml_get(const struct pkg_toml_value *t, const char *key);
/*
 * The string value of key in table t, or NULL when absent, not a string or
 * holding a NUL byte. Borrowed.
 */
const char *pkg_toml_get_str(const struct pkg_toml_value *t, const char *key);
/*
 * The array of tables at key of table root (a lock file's [[package]]) into
 * *out, NULL when absent: 0; -EINVAL with *err at its line when key holds
 * something else. path names the file in the error. *out is borrowed.
 */
int pkg_toml_get_array(const char *path, const struct pkg_toml_value *root, const char *key,
                       const struct pkg_toml_value **out, struct vakt_error **err);
/* The name of a type ("a string", "a table", ...), for messages. Static. */
const char *pkg_toml_type_name(enum pkg_toml_type t);

#endif
