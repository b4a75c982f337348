/* SPDX-License-Identifier: MIT */
#ifndef VAKT_RT_REPLAY_H
#define VAKT_RT_REPLAY_H

/*
 * Reading vakt's event format (docs/runtime.md, "Event format") back: the
 * header, then events one at a time. The `proc`, `user`, `group` and
 * `container` lines met on the way go straight into the state (which
 * never reads /proc in a replay), so the same file gives the same events,
 * state and fields every time, on any host.
 *
 * The input is untrusted: every line is checked, every ceiling is named
 * (a line's length, the file's size, arguments per event, items of a list,
 * threads and descriptors), and every error names file:line.
 *
 * Reading and parsing may run on a second thread (rt_replay_opts.threads,
 * rt-replay-pipe.c); the state is only ever changed on the caller's.
 */

#include <stdint.h>
#include <stdio.h>

#include "core/error.h"
#include "rt-event.h"
#include "rt-state.h"

/* The ceilings by default; struct rt_replay_opts may lower them (tests) or raise them. */
#define RT_REPLAY_MAX_LINE       (1u * 1024 * 1024)
#define RT_REPLAY_MAX_BYTES      (64ull * 1024 * 1024 * 1024)
#define RT_REPLAY_MAX_LIST_ITEMS 4096
#define RT_REPLAY_MAX_PROCS      RT_STATE_MAX_THREADS

struct rt_replay_opts {
	size_t max_line;    /* 0: RT_REPLAY_MAX_LINE */
	uint64_t max_bytes; /* 0: RT_REPLAY_MAX_BYTES */
	size_t max_items;   /* 0: RT_REPLAY_MAX_LIST_ITEMS */
	size_t max_procs;   /* 0: RT_REPLAY_MAX_PROCS */
	/* Parse every line with the general reader, never the fast path (tests compare them). */
	bool general_only;
	/*
	 * Threads: 0 chooses, 1 reads and parses on the calling thread, 2 on a
	 * second thread that reads and parses lines ahead, in batches, while the
	 * caller applies them (docs/runtime.md, "Replay"). 0 is 2 when the process
	 * may run on two CPUs or more (sched_getaffinity), 1 otherwise. The events,
	 * the state and the errors are the same either way.
	 */
	int threads;
};

struct rt_replay_header {
	int version;
	const char *host; /* NULL when the header has none */
	uint64_t start_ns, boot_ns;
};

struct rt_replay;

/*
 * Open path (read as a stream) for replay into s; reads the header.
 * On success the caller owns *out (rt_replay_close()); s must outlive it.
 * Errors: the open error (-errno), a header that is not vakt's format or a
 * version this vakt does not read (-EINVAL), with path:1.
 */
int rt_replay_open(const char *path, struct rt_state *s, const struct rt_replay_opts *opts,
                   struct rt_replay **out, struct vakt_error **err);
/* The same over data (len bytes, borrowed until close); name is for errors. */
int rt_replay_open_mem(const char *name, const char *data, size_t len, struct rt_state *s,
                       const struct rt_replay_opts *opts, struct rt_replay **out,
                       struct vakt_error **err);

const struct rt_replay_header *rt_replay_header(const struct rt_replay *r);
/* Whether r reads on a second thread (see threads). */
bool rt_replay_pipelined(const struct rt_replay *r);

/*
 * The next event into *ev (its strings, argument names included, borrowed
 * from r until the next call; ev->args past ev->n_args are not cleared;
 * ev->num and the state's pointers are left to rt_state_apply()). Returns 1
 * for an event, 0 at the end, a negative errno on an error (-EINVAL
 * malformed, -EFBIG a line or the file too long, -E2BIG too many arguments,
 * items, threads or descriptors), err with path:line. An error is final.
 */
int rt_replay_next(struct rt_replay *r, struct rt_event *ev, struct vakt_error **err);
/*
 * As rt_replay_next(), without a copy: *ev is set to an event r owns (its
 * strings too), for the caller to read and change (rt_state_apply()) until
 * the next call.
 */
int rt_replay_next_ref(struct rt_replay *r, struct rt_event **ev, struct vakt_error **err);

/* Events read so far, and what the end line said (drops; 0 without one). */
uint64_t rt_replay_events(const struct rt_replay *r);
uint64_t rt_replay_drops(const struct rt_replay *r);

void rt_replay_close(struct rt_replay *r);

#endif
