/* SPDX-License-Identifier: MIT */
#ifndef VAKT_RT_REPLAY_PRIV_H
#define VAKT_RT_REPLAY_PRIV_H

/* Between the replay reader (rt-replay.c) and its fast path (rt-replay-fast.c). */

#include <stddef.h>

#include "core/error.h"
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

/* Copy src's event into dst: its numbers and arguments (strings still src's). */
static inline void rt_replay_copy_event(struct rt_event *dst, const struct rt_event *src)
{
	memcpy(dst, src, offsetof(struct rt_event, args));
	if (src->n_args)
		memcpy(dst->args, src->args, src->n_args * sizeof(src->args[0]));
	dst->thread = src->thread;
	dst->fd = src->fd;
	dst->state = src->state;
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

/*
 * The reading side of a replay (rt-replay.c): the next line that is not
 * blank, its text (writable, len bytes, borrowed from src until the next
 * call) and its number. 1, 0 at the end, or a negative errno with err set
 * (path:line). Called from the pipe's thread only, once the pipe runs.
 */
int rt_replay_read_line(void *src, char **line, size_t *len, size_t *lineno,
                        struct vakt_error **err);
typedef int (*rt_replay_line_fn)(void *src, char **line, size_t *len, size_t *lineno,
                                 struct vakt_error **err);

/*
 * The replay pipe (rt-replay-pipe.c): a thread that calls read(src) and
 * parses each line with the fast path into batches (an arena each for the
 * lines' bytes and decoded strings), handed over to the consumer through a
 * bounded queue. Lines the fast path declines travel as text, for the
 * consumer's general reader (which may touch the state); an error ends the
 * stream where it happened. Only the pipe's thread calls read.
 */
struct rt_replay_pipe;

/*
 * Start the thread. 0 with *out set (the caller owns it:
 * rt_replay_pipe_stop()), or a negative errno (no thread: *out NULL).
 */
int rt_replay_pipe_start(rt_replay_line_fn read, void *src, bool general_only, size_t max_items,
                         struct rt_replay_pipe **out);

enum { RT_PIPE_EVENT = 1, RT_PIPE_LINE = 2 };

/*
 * The next item, in the file's order: RT_PIPE_EVENT with *ev set (the
 * event and its strings are p's, for the caller to read and change until
 * the next call), RT_PIPE_LINE with *line
 * and *len (borrowed likewise) for the general reader, 0 at the end, or
 * the reading error (negative errno, *err set: the caller owns it). *lineno
 * is the item's line. After 0 or an error, every call returns the same.
 */
int rt_replay_pipe_next(struct rt_replay_pipe *p, struct rt_event **ev, const char **line,
                        size_t *len, size_t *lineno, struct vakt_error **err);

/* Stop the thread, wait for it and free p; accepts NULL. */
void rt_replay_pipe_stop(struct rt_replay_pipe *p);

#endif
