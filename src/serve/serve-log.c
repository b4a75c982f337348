/* SPDX-License-Identifier: MIT */
/* The structured log of vakt serve: JSON lines, one write() each. */
#include "serve-log.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static const char *const level_names[] = {"debug", "info", "warn", "error"};

int serve_log_parse_level(const char *s, enum serve_log_level *out)
{
	for (size_t i = 0; i < sizeof(level_names) / sizeof(level_names[0]); i++) {
		if (strcmp(s, level_names[i]) == 0) {
			*out = (enum serve_log_level)i;
			return 0;
		}
	}
	return -EINVAL;
}

static void format_time(char buf[32])
{
	struct timeval tv;
	struct tm tm;

	gettimeofday(&tv, NULL);
	gmtime_r(&tv.tv_sec, &tm);
	size_t n = strftime(buf, 32, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(buf + n, 32 - n, ".%03ldZ", (long)(tv.tv_usec / 1000));
}

bool serve_log_enabled(const struct serve_log *log, enum serve_log_level level)
{
	return log && log->fd >= 0 && level >= log->min;
}

/* Takes ownership of fields. */
void serve_log_write(const struct serve_log *log, enum serve_log_level level, const char *msg,
                     json_t *fields)
{
	char when[32];
	json_t *line = NULL;
	char *text = NULL;

	if (!serve_log_enabled(log, level))
		goto out;
	format_time(when);
	line = json_object();
	if (!line)
		goto out;
	json_object_set_new(line, "time", json_string(when));
	json_object_set_new(line, "level", json_string(level_names[level]));
	json_object_set_new(line, "msg", json_string(msg));
	if (fields && json_is_object(fields))
		json_object_update(line, fields);
	text = json_dumps(line, JSON_COMPACT | JSON_PRESERVE_ORDER);
	if (!text)
		goto out;
	size_t n = strlen(text);
	text[n] = '\n'; /* replaces the NUL: one write of the whole line */
	const char *p = text;
	size_t left = n + 1;
	while (left > 0) {
		ssize_t w = write(log->fd, p, left);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break;
		p += w;
		left -= (size_t)w;
	}
out:
	free(text);
	json_decref(line);
	json_decref(fields);
}
