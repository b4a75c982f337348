/* SPDX-License-Identifier: MIT */
#ifndef VAKT_RT_ALERT_H
#define VAKT_RT_ALERT_H

/*
 * Alerts of `vakt watch`: a rule that matched an event, written as Falco
 * writes it, one line each: text ("<time>: <Priority> <output>") or JSON
 * ({"hostname", "output", "output_fields", "priority", "rule", "source",
 * "tags", "time"}, output_fields typed: numbers stay numbers, a missing
 * value is null). Alerts under a priority threshold are dropped, and each
 * rule is rate limited by a token bucket so that one noisy rule cannot
 * flood the output or hide the others; what was limited is counted.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "core/error.h"
#include "runtime/rt-field.h"
#include "runtime/rt-rules.h"

struct rt_alert_field {
	const char *name;         /* "proc.name", or "proc.aname[2]" as written */
	const struct rt_value *v; /* NULL: the field had no value (null in JSON) */
};

struct rt_alert {
	uint64_t ts; /* ns since the epoch: the event's time */
	const char *rule;
	enum rt_priority priority;
	const char *source; /* "syscall" */
	const char *output; /* the rendered output line */
	const struct rt_alert_field *fields;
	size_t n_fields;
	/* Or output_fields already written as a JSON object (used when not NULL). */
	const char *fields_json;
	const char *const *tags;
	size_t n_tags;
};

enum rt_alert_format { RT_ALERT_TEXT, RT_ALERT_JSON };

struct rt_alert_opts {
	enum rt_alert_format format;
	FILE *out;            /* borrowed; NULL with program set */
	const char *program;  /* run by /bin/sh -c, alerts on its stdin; NULL for none */
	enum rt_priority min; /* alerts less severe than this are dropped */
	/* Per rule: burst alerts at once, then rate a second (0: no limit). */
	double rate;
	double burst;
	const char *hostname; /* NULL: gethostname() */
};

/* Defaults: 1,000 alerts at once per rule, then 10 a second. */
#define RT_ALERT_RATE  10.0
#define RT_ALERT_BURST 1000.0
/* Distinct rules the limiter tracks; more are not limited (and counted). */
#define RT_ALERT_MAX_RULES 4096

struct rt_alert_stats {
	uint64_t emitted;
	uint64_t below; /* under the priority threshold */
	uint64_t limited;
	uint64_t by_priority[RT_PRIO_COUNT];
};

struct rt_alerter;

/*
 * A writer with options o (strings copied; out stays the caller's). With a
 * program, starts it; -errno and *err if it cannot be.
 */
int rt_alerter_new(const struct rt_alert_opts *o, struct rt_alerter **out, struct vakt_error **err);
/*
 * Write alert a, unless under the threshold or rate limited: 1 written,
 * 0 dropped, -errno and *err when the output failed (a closed pipe).
 */
int rt_alerter_emit(struct rt_alerter *w, const struct rt_alert *a, struct vakt_error **err);
void rt_alerter_stats(const struct rt_alerter *w, struct rt_alert_stats *out);
/*
 * Flush, close the program (waiting for it) and free; accepts NULL.
 * Returns the program's exit status, 0 without one.
 */
int rt_alerter_free(struct rt_alerter *w);

#endif
