/* SPDX-License-Identifier: MIT */
#ifndef VAKT_SERVE_LOG_H
#define VAKT_SERVE_LOG_H

/*
 * The structured log of vakt serve: one JSON object per line, written
 * whole with one write() so that lines of several threads never interleave.
 * Every line has "time" (RFC 3339, UTC, milliseconds), "level" and "msg";
 * the caller adds fields. A long-running server's log is its output, so the
 * server writes it (the CLI only chooses the stream and the level).
 */

#include <jansson.h>
#include <stdbool.h>

enum serve_log_level {
	SERVE_LOG_DEBUG,
	SERVE_LOG_INFO,
	SERVE_LOG_WARN,
	SERVE_LOG_ERROR,
};

struct serve_log {
	int fd;                   /* where lines go (2: standard error) */
	enum serve_log_level min; /* lines below are dropped */
};

/* "debug", "info", "warn", "error"; returns 0, or -EINVAL for anything else. */
int serve_log_parse_level(const char *s, enum serve_log_level *out);

/* Whether a line at level would be written (to skip building its fields). */
bool serve_log_enabled(const struct serve_log *log, enum serve_log_level level);

/*
 * Write one line: {"time", "level", "msg", then every field of fields}.
 * Takes ownership of fields (a JSON object, or NULL for none). Never fails
 * visibly: a line that cannot be written is dropped.
 */
void serve_log_write(const struct serve_log *log, enum serve_log_level level, const char *msg,
                     json_t *fields);

#endif
