/* SPDX-License-Identifier: MIT */
#ifndef VAKT_RT_RECORD_H
#define VAKT_RT_RECORD_H

/*
 * Writing vakt's event format (docs/runtime.md, "Event format"): JSON
 * lines, first a header, then a `proc` line per thread the state knows when
 * the recording starts (with its descriptors), then one line per event, with
 * `user`, `group` and `container` lines written before the first event that
 * needs a name or metadata the live sources then know, and an `end` line.
 * rt-replay.c reads it back into the same state, without /proc.
 *
 * A recording holds what the events hold: command lines, environments,
 * paths, addresses. Treat it as sensitive.
 */

#include <stdint.h>
#include <stdio.h>

#include "core/error.h"
#include "rt-event.h"
#include "rt-state.h"

#define RT_RECORD_FORMAT  "vakt-events"
#define RT_RECORD_VERSION 1

struct rt_record_info {
	const char *hostname; /* NULL: none written */
	uint64_t start_ns;    /* wall clock at the start, ns since the epoch */
	uint64_t boot_ns;     /* the boot time, ns since the epoch (0: not known) */
};

struct rt_recorder;

/*
 * Start a recording on f (not closed here; path names it in errors):
 * writes the header and the proc lines of s's threads, in pid then tid
 * order. On success the caller owns *out (rt_record_close()).
 * Errors: -EIO when a write fails.
 */
int rt_record_open(FILE *f, const char *path, const struct rt_state *s,
                   const struct rt_record_info *info, struct rt_recorder **out,
                   struct vakt_error **err);

/*
 * Write ev, after rt_state_apply() has seen it (the user, group and
 * container lines come from ev->thread). Errors: -EIO.
 */
int rt_record_event(struct rt_recorder *r, const struct rt_event *ev, struct vakt_error **err);

/*
 * Write the end line (events written, drops the caller counted), flush, and
 * free r (NULL is accepted). Errors: -EIO; r is freed either way.
 */
int rt_record_close(struct rt_recorder *r, uint64_t drops, struct vakt_error **err);

#endif
