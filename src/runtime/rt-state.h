/* SPDX-License-Identifier: MIT */
#ifndef VAKT_RT_STATE_H
#define VAKT_RT_STATE_H

/*
 * The state engine: what the syscall fields need beyond one event's
 * arguments. A thread table (tid -> struct rt_thread) bootstrapped from
 * /proc and kept by clone/fork/vfork/clone3, execve/execveat, procexit,
 * the setuid family, setsid/setpgid, chdir/fchdir, capset and prctl; and a
 * descriptor table per process (fd -> struct rt_fd) kept by the open family,
 * creat, socket, socketpair, connect, accept, bind, listen, sendto/sendmsg,
 * dup*, fcntl(F_DUPFD), close, pipe, memfd_create, bpf and userfaultfd.
 *
 * rt_state_apply() is called once per event, before the rules see it: it
 * numbers the event (evt.num from 1), sets ev->state, ev->thread (after an
 * exec: the new image) and ev->fd (for an event that creates a descriptor:
 * the new one; for close: the one closed), then updates the tables. What it
 * points to stays valid until the next rt_state_apply() or rt_state_free().
 *
 * Events follow Falco's exit events: arguments named as in Falco's event
 * table (docs/runtime.md, "Event format" lists what the engine reads). A
 * clone shows twice, from the parent (res = the child's tid) and from the
 * child (res = 0); whichever comes first creates the child.
 *
 * Everything is bounded: RT_STATE_MAX_THREADS threads (then the threads
 * idle longest are evicted, a sixteenth of the table at a time),
 * RT_STATE_MAX_FDS descriptors per process (further ones are not tracked),
 * RT_STATE_MAX_ARGS_BYTES of arguments and RT_STATE_MAX_PATH of a path, as
 * Falco truncates them.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "rt-event.h"
#include "rt-cgroup.h"
#include "rt-ctrmeta.h"
#include "rt-users.h"

#define RT_STATE_MAX_THREADS    131072
#define RT_STATE_MAX_FDS        4096
#define RT_STATE_MAX_ARGS_BYTES 4096
#define RT_STATE_MAX_PATH       4096
#define RT_STATE_MAX_ENV_BYTES  16384
/* A thread idle this long goes first when the table is full (Falco: 30 minutes too). */
#define RT_STATE_STALE_NS (30ull * 60 * 1000000000)
/* At most this many recorded user, group or container names (rt_state_set_*). */
#define RT_STATE_MAX_NAMES 65536

enum rt_fdtype {
	RT_FD_UNKNOWN,
	RT_FD_FILE,
	RT_FD_DIRECTORY,
	RT_FD_IPV4,
	RT_FD_IPV6,
	RT_FD_UNIX,
	RT_FD_PIPE,
	RT_FD_EVENT,
	RT_FD_SIGNALFD,
	RT_FD_EVENTPOLL,
	RT_FD_INOTIFY,
	RT_FD_TIMERFD,
	RT_FD_NETLINK,
	RT_FD_BPF,
	RT_FD_USERFAULTFD,
	RT_FD_IOURING,
	RT_FD_MEMFD,
	RT_FD_PIDFD,
	RT_FD_TYPE_COUNT
};

/* fd.type's word ("file", "ipv4", ...) and fd.typechar's letter ('f', '4', ...). */
const char *rt_fdtype_name(enum rt_fdtype t);
char rt_fdtype_char(enum rt_fdtype t);
/* The type named name ("file"...), RT_FD_TYPE_COUNT when unknown. */
enum rt_fdtype rt_fdtype_lookup(const char *name, size_t len);

/* An IP endpoint: family AF_INET or AF_INET6 (0: none), address in network order. */
struct rt_endpoint {
	uint16_t family;
	uint16_t port; /* host order */
	uint8_t addr[16];
};

struct rt_fd {
	int64_t fd;
	enum rt_fdtype type;
	uint32_t flags; /* open flags (kernel values), socket type for sockets */
	uint8_t
	    l4proto; /* IPPROTO_TCP (6), IPPROTO_UDP (17), IPPROTO_ICMP (1), 255 raw, 0 unknown */
	bool connected; /* fd.connected */
	bool is_server; /* this end accepted the connection or is bound and listening */
	struct rt_endpoint local, remote; /* remote.family 0: no peer (a bound socket) */
	char *name;                       /* fd.name; owned, never NULL ("" when not known) */
	size_t name_len;
	char *nameraw; /* fd.nameraw: the path as given; owned; NULL: same as name */
	size_t nameraw_len;
	uint64_t name_changed_num; /* evt.num of the event that last changed the name */
	uint64_t ino;
	/* A short name's storage (name points here): no malloc per open. The engine's own. */
	char name_inl[48];
};

/* A thread (Falco's threadinfo). Strings are owned; NULL means not known. */
struct rt_thread {
	int64_t tid, pid, ptid, sid, vpgid, vtid, vpid; /* -1 when not known (vtid, vpid, vpgid) */
	char comm[16]; /* proc.name, at most 15 bytes as the kernel keeps it ("" not known) */
	size_t comm_len;
	char *exe; /* proc.exe: argv[0] */
	size_t exe_len;
	char *exepath; /* proc.exepath */
	size_t exepath_len;
	char *args; /* proc.args: argv[1..] joined by ' ' */
	size_t args_len;
	uint32_t nargs;
	char *
	    cmdline; /* proc.cmdline: comm, then ' ' and each argument (Falco's populate_cmdline) */
	size_t cmdline_len;
	char *exeline; /* proc.exeline: exe, ' ', the arguments */
	size_t exeline_len;
	char *cwd; /* proc.cwd with a trailing '/' as Falco keeps it; the main thread's is used */
	size_t cwd_len;
	char *env; /* NUL-separated; NULL not known */
	size_t env_len;
	uint32_t uid, gid, loginuid; /* loginuid 0xffffffff: not set */
	uint32_t tty;
	uint64_t cap_inheritable, cap_permitted, cap_effective;
	uint32_t exe_flags; /* RT_EXE_* (rt-flags.h) */
	uint64_t exe_ino, exe_ino_ctime, exe_ino_mtime;
	uint64_t clone_ts;            /* start time, ns since the epoch; 0 not known */
	uint64_t pidns_init_start_ts; /* the pid namespace's init start time; 0 not known */
	uint64_t pidns, mntns;        /* namespace inodes; 0 not known */
	struct rt_ctr_ident ctr;      /* the container (from the cgroups) */
	char *cgroups;                /* thread.cgroups text ("subsys=/path ..."); NULL not known */
	size_t cgroups_len;
	uint64_t lastevent_ts;
	/* Private to the engine. */
	struct rt_fdtable *fds;
	uint32_t nthreads; /* main thread: live threads of the process, itself included */
	bool exited;       /* main thread gone, kept for its other threads */
	bool in_table;
};

/* The description of one thread to add (bootstrap, a replay's proc lines). */
struct rt_fd_info {
	int64_t fd;
	enum rt_fdtype type;
	const char *name; /* NULL: "" */
	uint32_t flags;
	uint8_t l4proto;
	bool connected, is_server;
	struct rt_endpoint local, remote;
	uint64_t ino;
};

struct rt_proc_info {
	int64_t tid, pid, ptid, sid, vpgid, vtid, vpid;
	const char *comm, *exe, *exepath, *cwd; /* NUL-terminated; NULL not known */
	const char *args;                       /* argv[1..], NUL-separated */
	size_t args_len;
	/* Or proc.args as text with its count (a recording's proc line); used when not NULL. */
	const char *args_text;
	size_t args_text_len;
	uint32_t nargs;
	const char *env; /* NUL-separated; NULL not known */
	size_t env_len;
	const char *cgroups; /* NUL-separated "subsys=/path", or /proc/PID/cgroup text */
	size_t cgroups_len;
	const struct rt_ctr_ident *ctr; /* the container; NULL: from cgroups */
	uint32_t uid, gid, loginuid, tty;
	uint64_t cap_inheritable, cap_permitted, cap_effective;
	uint32_t exe_flags;
	uint64_t exe_ino, exe_ino_ctime, exe_ino_mtime;
	uint64_t start_ts, pidns_init_start_ts, pidns, mntns;
	const struct rt_fd_info *fds; /* the process's descriptors (main thread only) */
	size_t n_fds;
};

struct rt_state_opts {
	/* /proc to bootstrap from ("/proc" live, a test tree); NULL: never read /proc (replay). */
	const char *proc_root;
	/* Names of users and groups (live); NULL: only rt_state_set_user_name() ones. */
	struct rt_users *users;
	/* Container metadata (live); NULL: only rt_state_set_ctrmeta() ones. */
	struct rt_ctrmeta_cache *ctrmeta;
	size_t max_threads; /* 0: RT_STATE_MAX_THREADS */
	size_t max_fds;     /* 0: RT_STATE_MAX_FDS */
	uint64_t stale_ns;  /* 0: RT_STATE_STALE_NS */
	/*
	 * containerd runs here, so a cgroup path of its bare /<namespace>/<id>
	 * layout (rt_ctr_ident.weak) names a container; without, it is the host.
	 */
	bool containerd;
};

struct rt_state_stats {
	uint64_t events;
	uint64_t threads;         /* in the table now */
	uint64_t threads_evicted; /* dropped because the table was full */
	uint64_t fds_dropped;     /* not tracked because a process had max_fds */
	uint64_t unknown_threads; /* events of a thread the table did not know */
};

struct rt_state;

/* A new, empty engine (opts copied; NULL: defaults). The caller frees it with rt_state_free(). */
struct rt_state *rt_state_new(const struct rt_state_opts *opts);
void rt_state_free(struct rt_state *s);

/*
 * Fill the thread table from opts.proc_root (each PID's tasks, their
 * descriptors and sockets). Errors: the proc root cannot be read (-errno,
 * naming it); a process that vanishes meanwhile is skipped.
 */
int rt_state_bootstrap(struct rt_state *s, struct vakt_error **err);

/* Add or replace one thread (bootstrap, replay); info is copied. */
void rt_state_add_proc(struct rt_state *s, const struct rt_proc_info *info);

/* See the top of this file. */
void rt_state_apply(struct rt_state *s, struct rt_event *ev);

/* Lookups for the fields; NULL when not known. Borrowed until the next apply. */
const struct rt_thread *rt_state_thread(const struct rt_state *s, int64_t tid);
/* The process's main thread (t itself when it is). */
const struct rt_thread *rt_state_main_thread(const struct rt_state *s, const struct rt_thread *t);
/* The parent (Falco's get_parent_thread: the thread ptid names). */
const struct rt_thread *rt_state_parent(const struct rt_state *s, const struct rt_thread *t);
const struct rt_fd *rt_state_fd(const struct rt_state *s, const struct rt_thread *t, int64_t fd);
/* The cwd of t's process (Falco reads the main thread's), NULL not known. */
const char *rt_state_cwd(const struct rt_state *s, const struct rt_thread *t, size_t *len);
/* Open descriptors of t's process. */
size_t rt_state_fd_count(const struct rt_state *s, const struct rt_thread *t);

/* Call fn on every thread (the recorder's proc lines), in no defined order. */
void rt_state_foreach_thread(const struct rt_state *s,
                             void (*fn)(const struct rt_thread *t, void *data), void *data);
/* Call fn on each descriptor of t's process, in no defined order. */
void rt_state_foreach_fd(const struct rt_state *s, const struct rt_thread *t,
                         void (*fn)(const struct rt_fd *fd, void *data), void *data);

/*
 * User and group names as seen in mount namespace mntns: recorded ones
 * (rt_state_set_*, a replay's user lines) first, then opts.users. NULL when
 * not known. Borrowed until the next apply.
 */
const char *rt_state_user_name(const struct rt_state *s, const struct rt_thread *t, uint32_t uid);
const char *rt_state_group_name(const struct rt_state *s, const struct rt_thread *t, uint32_t gid);
void rt_state_set_user_name(struct rt_state *s, uint64_t mntns, uint32_t uid, const char *name);
void rt_state_set_group_name(struct rt_state *s, uint64_t mntns, uint32_t gid, const char *name);

/* A container's metadata: recorded (rt_state_set_ctrmeta) first, then opts.ctrmeta. */
const struct rt_ctrmeta *rt_state_ctrmeta(const struct rt_state *s, const struct rt_ctr_ident *id);
/* Record metadata for container id (the 12-character id); m is copied. */
void rt_state_set_ctrmeta(struct rt_state *s, const char *id, const struct rt_ctrmeta *m);

/* evt.hostname: set by the caller (gethostname() live, the header of a replay); NULL not set. */
void rt_state_set_hostname(struct rt_state *s, const char *hostname);
const char *rt_state_hostname(const struct rt_state *s);

/* The host's boot time (ns since the epoch) as bootstrap read it from /proc/stat; 0 not known. */
uint64_t rt_state_boot_ns(const struct rt_state *s);

void rt_state_stats(const struct rt_state *s, struct rt_state_stats *out);

#endif
