/* SPDX-License-Identifier: MIT */
#ifndef VAKT_ERROR_H
#define VAKT_ERROR_H

/*
 * Errors travel up as `struct vakt_error *`, set only on failure, together
 * with a negative errno-style return code (crun's libcrun_error_t model).
 * Callers may add context with vakt_error_prefix(); only the CLI prints.
 *
 * Messages follow one style: lower-case, what failed first, user data in
 * quotes, e.g. "cannot parse 'Dockerfile': unterminated heredoc 'EOF'".
 */

#include "util.h"

struct vakt_error {
	int code;   /* negative errno value, e.g. -EINVAL */
	char *msg;  /* owned */
	char *file; /* owned, NULL when the error has no input file */
	int line;   /* 1-based, 0 when unknown */
	int column; /* 1-based, 0 when unknown */
};

/*
 * Fill *err (when err is non-NULL and *err is NULL) and return code, so that
 * callers can write `return vakt_error_set(err, -EINVAL, ...)`. An error that
 * is already set is kept: the first failure is the one reported.
 */
int vakt_error_set(struct vakt_error **err, int code, const char *fmt, ...) VAKT_PRINTF(3, 4);
/* As vakt_error_set, with a location. file is copied. */
int vakt_error_set_at(struct vakt_error **err, int code, const char *file, int line, int column,
                      const char *fmt, ...) VAKT_PRINTF(6, 7);
/* Append text to an existing error message (e.g. how to raise a limit). */
void vakt_error_suffix(struct vakt_error *err, const char *fmt, ...) VAKT_PRINTF(2, 3);
/* Prepend "context: " to an existing error message. */
void vakt_error_prefix(struct vakt_error *err, const char *fmt, ...) VAKT_PRINTF(2, 3);
/* Free an error and everything it owns; accepts NULL. */
void vakt_error_free(struct vakt_error *err);
/* "file:line:col: msg" (parts omitted when unknown). The caller owns the result. */
char *vakt_error_format(const struct vakt_error *err);

/*
 * The code of a warning about an input that a domain reports through its
 * error list (a peer pragma vakt drops): not a failure. vakt_scan moves it
 * to the result's warnings, which the CLI prints as "warning: ..." and the
 * exit code ignores. The only positive code.
 */
#define VAKT_WARNING_CODE 1

/* A list of errors collected while scanning many inputs. */
struct vakt_error_list {
	struct vakt_error **v; /* owned */
	size_t n;
	size_t cap;
};

/* Take ownership of err and append it. */
void vakt_error_list_add(struct vakt_error_list *l, struct vakt_error *err);
void vakt_error_list_release(struct vakt_error_list *l);
/* Move every error of from to the end of to, in order; from is left empty. */
void vakt_error_list_take(struct vakt_error_list *to, struct vakt_error_list *from);
/*
 * Move the warnings (VAKT_WARNING_CODE) among errs->v[from..] to the end of
 * warnings, keeping the order of both: a domain's warnings travel with its
 * errors, and are no failure.
 */
void vakt_error_list_split_warnings(struct vakt_error_list *errs, size_t from,
                                    struct vakt_error_list *warnings);

#endif
