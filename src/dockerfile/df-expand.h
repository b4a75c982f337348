/* SPDX-License-Identifier: MIT */
#ifndef VAKT_DF_EXPAND_H
#define VAKT_DF_EXPAND_H

/*
 * Dockerfile variable substitution as BuildKit performs it on FROM, COPY,
 * ADD, ENV, ARG, LABEL, EXPOSE, USER, WORKDIR, VOLUME, STOPSIGNAL and
 * ONBUILD (not on shell-form RUN/CMD/ENTRYPOINT, which the shell expands):
 * $NAME, ${NAME}, ${NAME:-word}, ${NAME-word}, ${NAME:+word}, ${NAME+word},
 * and the escape character before $ to keep it literal. Single quotes in the
 * text suppress expansion, as in BuildKit's shell lexer.
 */

#include <stdbool.h>
#include <stddef.h>

/*
 * Look a variable up: return its value (borrowed) or NULL when it is not
 * defined. name is not NUL-terminated.
 */
typedef const char *(*df_lookup_fn)(const char *name, size_t len, void *data);

/* Longest expansion result; longer results are cut and flagged unresolved. */
#define DF_EXPAND_MAX_BYTES (64u * 1024)
/* Deepest ${...} nesting followed (${A:-${B:-...}}); deeper text is kept literally, unresolved. */
#define DF_EXPAND_MAX_NEST 32

/*
 * Expand s. Returns a new string the caller frees. *unresolved (may be
 * NULL) is set to true when a referenced variable was undefined and had no
 * default, so the result is not what the build would see.
 */
char *df_expand(const char *s, char escape, df_lookup_fn lookup, void *data, bool *unresolved);

#endif
