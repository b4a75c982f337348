/* SPDX-License-Identifier: MIT */
#ifndef VAKT_RT_STATE_PRIV_H
#define VAKT_RT_STATE_PRIV_H

/*
 * What the state engine's files share (rt-state.c: tables, threads and
 * lookups; rt-state-proc.c: /proc; rt-state-exec.c: process events;
 * rt-state-fd.c: descriptor events). Not for other modules.
 */

#include "rt-idmap.h"
#include "rt-state.h"

/* A process's descriptors, shared by its threads (and by CLONE_FILES children). */
struct rt_fdtable {
	struct rt_idmap map; /* fd -> struct rt_fd * (owned) */
	uint32_t refs;
};

/* A pointer list freed at the start of the next apply (what ev->thread/fd may still show). */
struct st_list {
	void **v;
	size_t n, cap;
};

struct st_ctrmeta_rec {
	char id[65];
	struct rt_ctrmeta m; /* strings owned */
};

struct rt_state {
	char *proc_root; /* owned copy of opts.proc_root */
	struct rt_users *users;
	struct rt_ctrmeta_cache *ctrmeta;
	size_t max_threads, max_fds;
	uint64_t stale_ns;
	struct rt_idmap threads; /* tid -> struct rt_thread * (owned) */
	uint64_t evnum, now;
	struct st_list dead_threads, dead_fds, dead_tables;
	struct st_list fd_pool;   /* struct rt_fd for reuse */
	struct rt_thread *pinned; /* the event's thread: never evicted while it is applied */
	struct rt_idmap users_names, group_names; /* (mntns << 32 | id) -> char * (owned) */
	struct rt_idmap ctrs;                     /* hash of the id -> struct st_ctrmeta_rec * */
	size_t n_names;
	struct rt_state_stats stats;
	uint64_t boot_ns; /* /proc's boot time, for start times */
	char *hostname;
	long clk_tck;
	bool containerd; /* opts.containerd */
};

/* rt-state.c */
struct rt_thread *st_thread_get(struct rt_state *s, int64_t tid);
/* A new thread for tid in the table (evicting idle ones when full); fields zero, ids -1. */
struct rt_thread *st_thread_new(struct rt_state *s, int64_t tid);
/* The thread of ev (created bare, or read from /proc live, when unknown). */
struct rt_thread *st_thread_for_event(struct rt_state *s, const struct rt_event *ev);
/* Take t out of the table; freed at the next apply. */
void st_thread_remove(struct rt_state *s, struct rt_thread *t);
struct rt_thread *st_main_thread(struct rt_state *s, struct rt_thread *t);

/* Replace a thread string (copied, cut at max bytes); NULL clears it. */
void st_set_str(char **dst, size_t *dst_len, const char *src, size_t len, size_t max);
void st_set_comm(struct rt_thread *t, const char *comm, size_t len);
/* Set argv[1..] from NUL-separated args (len bytes) and rebuild cmdline and exeline. */
void st_set_args(struct rt_thread *t, const char *args, size_t len);
/* Rebuild cmdline and exeline after comm, exe or args changed. */
void st_build_cmdline(struct rt_thread *t);
/* Resolve path against t's process cwd into the cwd (a trailing '/' kept). */
void st_set_cwd(struct rt_state *s, struct rt_thread *t, const char *path, size_t len);
void st_set_cgroups(const struct rt_state *s, struct rt_thread *t, const char *cgroups, size_t len);
/* Copy what a child inherits (everything but ids, fds, start time). */
void st_copy_process(struct rt_thread *dst, const struct rt_thread *src);

/* Descriptor tables. */
struct rt_fdtable *st_fdtable_new(void);
struct rt_fdtable *st_fdtable_copy(const struct rt_fdtable *src);
void st_fdtable_unref(struct rt_state *s, struct rt_fdtable *ft);
struct rt_fd *st_fd_get(struct rt_state *s, struct rt_thread *t, int64_t fd);
/* A new descriptor fd in t's process (replacing one there), NULL when the table is full. */
struct rt_fd *st_fd_add(struct rt_state *s, struct rt_thread *t, int64_t fd, enum rt_fdtype type);
/* Remove fd from t's process; returns it (freed at the next apply), NULL when absent. */
struct rt_fd *st_fd_remove(struct rt_state *s, struct rt_thread *t, int64_t fd);
/* Set fd.name (copied, cut at RT_STATE_MAX_PATH); "" shares st_fd_noname. */
void st_fd_set_name(struct rt_fd *f, const char *name, size_t len);
extern char st_fd_noname[1];
void st_fd_free(struct rt_fd *f);
struct rt_fd *st_fd_clone(const struct rt_fd *f);

/* Event arguments. */
bool st_arg_num(const struct rt_event *ev, const char *name, int64_t *out);
bool st_arg_str(const struct rt_event *ev, const char *name, const char **p, size_t *len);

/* rt-state-exec.c: process events; set ev->thread. */
void st_apply_clone(struct rt_state *s, struct rt_event *ev);
void st_apply_exec(struct rt_state *s, struct rt_event *ev);
void st_apply_exit(struct rt_state *s, struct rt_event *ev);
void st_apply_thread_event(struct rt_state *s, struct rt_event *ev, struct rt_thread *t);

/* rt-state-fd.c: descriptor events; set ev->fd. */
void st_apply_fd_event(struct rt_state *s, struct rt_event *ev, struct rt_thread *t);
/* fd.name of a socket from its ends and role (client->server), into f->name. */
void st_fd_name_socket(struct rt_fd *f);
/* Close the O_CLOEXEC descriptors of t's process (an exec), unsharing the table first. */
void st_fd_exec(struct rt_state *s, struct rt_thread *t);

/* rt-state-proc.c: read one thread from /proc (live lookups of unknown threads). */
struct rt_thread *st_proc_read_thread(struct rt_state *s, int64_t pid, int64_t tid);

#endif
