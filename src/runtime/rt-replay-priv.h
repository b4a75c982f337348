/* SPDX-License-Identifier: MIT */
#ifndef VAKT_RT_REPLAY_PRIV_H
#define VAKT_RT_REPLAY_PRIV_H

/* Between the replay reader (rt-replay.c) and its fast path (rt-replay-fast.c). */

#include <stddef.h>

#include "core/util.h"
#include "rt-event.h"

/* Zero ev but its argument array (2.8 KB, of which each parser fills what it uses). */
static inline void rt_replay_clear_event(struct rt_event *ev)
{
	memset(ev, 0, offsetof(struct rt_event, args));
	ev->thread = NULL;
	ev->fd = NULL;
	ev->state = NULL;
}

/*
 * Parse line (len bytes, writable: accepted strings are NUL-terminated in
 * place) as an event the way the general reader would, when it is in the
 * fast path's strict subset. Returns 1 with *ev filled (strings borrowed
 * from line and scratch, which is reset first), 0 to decline (line is then
 * unchanged, ev and scratch unspecified).
 */
int rt_replay_fast_event(char *line, size_t len, struct rt_event *ev, struct vakt_buf *scratch,
                         size_t max_items);

#endif
