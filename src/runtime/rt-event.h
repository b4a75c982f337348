/* SPDX-License-Identifier: MIT */
#ifndef VAKT_RT_EVENT_H
#define VAKT_RT_EVENT_H

/*
 * One syscall-source event, as the live probe (rt-probe*.c) and the replay
 * reader (rt-replay.c) both deliver it and the state engine (rt-state*.c)
 * and the fields (rt-fields*.c) read it. Events are exit events only (as
 * Falco's since 0.42): each carries the syscall's arguments and its result.
 *
 * Arguments are named as the exit event's parameters in Falco's event
 * table (libs, driver/event_table.c): openat has fd, dirfd, name, flags,
 * mode; connect has res, tuple, fd; execve has res, exe, args, tid, pid,
 * ptid, cwd, comm, cgroups, env, tty, loginuid, flags, cap_inheritable,
 * cap_permitted, cap_effective, exe_ino, exe_ino_ctime, exe_ino_mtime,
 * uid, gid, ... so that evt.arg.NAME means what it means to Falco users.
 * Numbers are raw; the fields render flags and enums (evt.arg.flags reads
 * "O_WRONLY|O_CREAT|O_TRUNC") through the arg's flag set.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Event types: X(ENUM_SUFFIX, "falco name"). The order is the type id. */
#define RT_EVTYPES(X)                                                                              \
	X(EXECVE, "execve")                                                                        \
	X(EXECVEAT, "execveat")                                                                    \
	X(CLONE, "clone")                                                                          \
	X(CLONE3, "clone3")                                                                        \
	X(FORK, "fork")                                                                            \
	X(VFORK, "vfork")                                                                          \
	X(PROCEXIT, "procexit")                                                                    \
	X(OPEN, "open")                                                                            \
	X(OPENAT, "openat")                                                                        \
	X(OPENAT2, "openat2")                                                                      \
	X(CREAT, "creat")                                                                          \
	X(CLOSE, "close")                                                                          \
	X(DUP, "dup")                                                                              \
	X(DUP2, "dup2")                                                                            \
	X(DUP3, "dup3")                                                                            \
	X(FCNTL, "fcntl")                                                                          \
	X(READ, "read")                                                                            \
	X(WRITE, "write")                                                                          \
	X(SOCKET, "socket")                                                                        \
	X(SOCKETPAIR, "socketpair")                                                                \
	X(CONNECT, "connect")                                                                      \
	X(ACCEPT, "accept")                                                                        \
	X(ACCEPT4, "accept4")                                                                      \
	X(BIND, "bind")                                                                            \
	X(LISTEN, "listen")                                                                        \
	X(SENDTO, "sendto")                                                                        \
	X(SENDMSG, "sendmsg")                                                                      \
	X(RECVFROM, "recvfrom")                                                                    \
	X(RECVMSG, "recvmsg")                                                                      \
	X(PIPE, "pipe")                                                                            \
	X(PIPE2, "pipe2")                                                                          \
	X(MEMFD_CREATE, "memfd_create")                                                            \
	X(SYMLINK, "symlink")                                                                      \
	X(SYMLINKAT, "symlinkat")                                                                  \
	X(LINK, "link")                                                                            \
	X(LINKAT, "linkat")                                                                        \
	X(UNLINK, "unlink")                                                                        \
	X(UNLINKAT, "unlinkat")                                                                    \
	X(RENAME, "rename")                                                                        \
	X(RENAMEAT, "renameat")                                                                    \
	X(RENAMEAT2, "renameat2")                                                                  \
	X(MKDIR, "mkdir")                                                                          \
	X(MKDIRAT, "mkdirat")                                                                      \
	X(RMDIR, "rmdir")                                                                          \
	X(CHMOD, "chmod")                                                                          \
	X(FCHMOD, "fchmod")                                                                        \
	X(FCHMODAT, "fchmodat")                                                                    \
	X(CHOWN, "chown")                                                                          \
	X(FCHOWN, "fchown")                                                                        \
	X(FCHOWNAT, "fchownat")                                                                    \
	X(LCHOWN, "lchown")                                                                        \
	X(CHDIR, "chdir")                                                                          \
	X(FCHDIR, "fchdir")                                                                        \
	X(CHROOT, "chroot")                                                                        \
	X(MOUNT, "mount")                                                                          \
	X(UMOUNT2, "umount2")                                                                      \
	X(UNSHARE, "unshare")                                                                      \
	X(SETNS, "setns")                                                                          \
	X(PTRACE, "ptrace")                                                                        \
	X(INIT_MODULE, "init_module")                                                              \
	X(FINIT_MODULE, "finit_module")                                                            \
	X(DELETE_MODULE, "delete_module")                                                          \
	X(SETUID, "setuid")                                                                        \
	X(SETGID, "setgid")                                                                        \
	X(SETREUID, "setreuid")                                                                    \
	X(SETREGID, "setregid")                                                                    \
	X(SETRESUID, "setresuid")                                                                  \
	X(SETRESGID, "setresgid")                                                                  \
	X(SETPGID, "setpgid")                                                                      \
	X(SETSID, "setsid")                                                                        \
	X(CAPSET, "capset")                                                                        \
	X(PRCTL, "prctl")                                                                          \
	X(BPF, "bpf")                                                                              \
	X(USERFAULTFD, "userfaultfd")                                                              \
	X(MPROTECT, "mprotect")                                                                    \
	X(MMAP, "mmap")                                                                            \
	X(KILL, "kill")

enum rt_evtype {
	RT_EV_NONE = 0,
#define RT_EV_ENUM(e, s) RT_EV_##e,
	RT_EVTYPES(RT_EV_ENUM)
#undef RT_EV_ENUM
	    RT_EV_COUNT
};

/* Falco's name of t; NULL for RT_EV_NONE or out of range. */
const char *rt_evtype_name(enum rt_evtype t);
/* The type named name (len bytes); RT_EV_NONE when unknown. */
enum rt_evtype rt_evtype_lookup(const char *name, size_t len);

/* How an argument's number renders (evt.arg.X) as Falco renders it. */
enum rt_flagset {
	RT_FLAGS_NONE = 0,     /* a plain number */
	RT_FLAGS_OPEN,         /* O_RDONLY|O_CREAT|... (open, openat, openat2) */
	RT_FLAGS_FILE_MODE,    /* 0755 */
	RT_FLAGS_ERRNO,        /* a negative result: ENOENT */
	RT_FLAGS_PTRACE_REQ,   /* PTRACE_ATTACH */
	RT_FLAGS_SOCK_DOMAIN,  /* AF_INET, AF_PACKET */
	RT_FLAGS_SOCK_TYPE,    /* SOCK_STREAM|SOCK_CLOEXEC */
	RT_FLAGS_CLONE,        /* CLONE_NEWPID|... (clone flags, unshare, setns nstype) */
	RT_FLAGS_MOUNT,        /* MS_RDONLY|... */
	RT_FLAGS_CAPS,         /* a capability set: CAP_CHOWN CAP_SYS_ADMIN ... */
	RT_FLAGS_AT,           /* AT_SYMLINK_FOLLOW, AT_REMOVEDIR */
	RT_FLAGS_RENAME,       /* RENAME_NOREPLACE */
	RT_FLAGS_MEMFD,        /* MFD_CLOEXEC */
	RT_FLAGS_PRCTL_OPTION, /* PR_SET_NAME */
	RT_FLAGS_PROT,         /* PROT_READ|PROT_EXEC */
	RT_FLAGS_EXECVE,       /* exe facts: EXE_WRITABLE|EXE_UPPER_LAYER|EXE_FROM_MEMFD|... */
	RT_FLAGS_FD,           /* a file descriptor; AT_FDCWD renders as such */
	RT_FLAGS_SIGNAL,       /* SIGKILL */
	RT_FLAGS_COUNT
};

/*
 * The bits of execve's "flags" argument (RT_FLAGS_EXECVE): Falco's PPM_EXE_*
 * values, so that replayed Falco captures and the live probe agree.
 */
#define RT_EXE_WRITABLE    (1u << 0) /* the process may write its executable */
#define RT_EXE_UPPER_LAYER (1u << 1) /* the executable is in an overlayfs upper layer */
#define RT_EXE_FROM_MEMFD  (1u << 2) /* the executable is a memfd (fileless) */
#define RT_EXE_LOWER_LAYER (1u << 3) /* the executable is in an overlayfs lower layer */

enum rt_arg_kind {
	RT_ARG_INT,      /* num, signed */
	RT_ARG_UINT,     /* num, unsigned */
	RT_ARG_STR,      /* str, len: a path, a name */
	RT_ARG_STRLIST,  /* str, len: NUL-separated strings (args, env, cgroups) */
	RT_ARG_BYTES,    /* str, len: a data buffer */
	RT_ARG_SOCKADDR, /* sa: one address (connect's peer, bind's) */
	RT_ARG_TUPLE,    /* sa (local) and peer: a connected socket's two ends */
};

struct rt_sockaddr {
	uint16_t family; /* AF_INET, AF_INET6, AF_UNIX, 0 when unknown */
	uint16_t port;   /* host order */
	uint8_t addr[16];
	const char *path; /* AF_UNIX: borrowed like str; NULL otherwise */
	size_t path_len;
};

struct rt_arg {
	const char *name; /* static: Falco's parameter name */
	enum rt_arg_kind kind;
	enum rt_flagset flags; /* INT/UINT: how it renders */
	int64_t num;
	const char *str; /* borrowed from the event's buffer (the ring or the replay line) */
	size_t len;
	struct rt_sockaddr sa, peer;
	uint8_t l4proto; /* TUPLE: IPPROTO_TCP, IPPROTO_UDP, 0 when unknown */
};

#define RT_ARGS_MAX 32

struct rt_thread;
struct rt_fd;
struct rt_state;

struct rt_event {
	uint64_t num; /* evt.num: the state engine numbers events from 1 */
	uint64_t ts;  /* ns since the epoch (CLOCK_REALTIME) */
	enum rt_evtype type;
	int32_t cpu;
	int64_t tid; /* host thread id */
	int64_t pid; /* host thread group id */
	int64_t res; /* the syscall's result; negative errno on failure */
	uint32_t n_args;
	struct rt_arg args[RT_ARGS_MAX];
	/*
	 * Set by the state engine before the rules see the event (NULL
	 * before): the thread (after an exec, its new image), the fd the event
	 * is about (for open, connect, dup: the new one), and the engine for
	 * fields that look beyond the thread (ancestors, users).
	 */
	const struct rt_thread *thread;
	const struct rt_fd *fd;
	const struct rt_state *state;
};

/* The argument named name, NULL when ev has none. */
const struct rt_arg *rt_event_arg(const struct rt_event *ev, const char *name);

#endif
