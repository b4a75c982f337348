/* SPDX-License-Identifier: MIT */
#ifndef VAKT_PROBE_H
#define VAKT_PROBE_H

/*
 * The records vakt.bpf.c writes to the ring buffer and rt-probe-decode.c
 * reads: shared by the BPF program (built with vmlinux.h) and user space.
 *
 * A record is a fixed header (struct vakt_rec) followed by parameters, each
 * a struct vakt_param and len bytes, back to back with no padding (the
 * decoder copies them out; it never casts into the ring). Records are
 * variable-size: a close is 88 bytes, an openat about 110, an exec a few
 * hundred to VAKT_REC_MAX. Every integer is in host byte order except IP
 * addresses, which are in network order as the kernel keeps them.
 *
 * The syscall numbers are x86_64's: the probe reads them from pt_regs and
 * the decoder maps them to event types through VAKT_SYSCALLS.
 */

#ifndef __VMLINUX_H__
#include <linux/types.h>
#endif

/* Bumped when a record's layout changes. */
#define VAKT_PROBE_ABI 1

enum vakt_rec_kind {
	VAKT_REC_SYSCALL = 1, /* a syscall's exit: raw args, res, params per its spec */
	VAKT_REC_EXEC = 2,    /* sched_process_exec: a successful execve/execveat */
	VAKT_REC_FORK = 3,    /* sched_process_fork: the child's side of a clone/fork */
	VAKT_REC_EXIT = 4,    /* sched_process_exit: a thread ended; args[0] = exit code */
};

/* vakt_rec.flags */
#define VAKT_RF_TRUNCATED 0x1 /* a parameter did not fit in VAKT_REC_MAX and was left out */

#define VAKT_NR_NONE 0xffff /* the syscall is not known (an exec from a kernel thread) */

struct vakt_rec {
	__u64 ts;      /* CLOCK_BOOTTIME ns when the record was written */
	__s64 res;     /* the syscall's return value; 0 for EXEC and FORK */
	__u64 args[6]; /* the syscall's raw arguments, re-read from pt_regs at exit */
	__u32 len;     /* the whole record, header included */
	__u32 tid;     /* host thread id (the child's for FORK) */
	__u32 pid;     /* host thread group id */
	__u16 kind;    /* enum vakt_rec_kind */
	__u16 nr;      /* x86_64 syscall number, VAKT_NR_NONE */
	__u16 cpu;
	__u16 flags; /* VAKT_RF_* */
	__u32 pad;
};

struct vakt_param {
	__u16 id;  /* enum vakt_param_id */
	__u16 len; /* bytes that follow */
};

enum vakt_param_id {
	/* A user string read at exit from syscall argument i: VAKT_P_ARGSTR + i. */
	VAKT_P_ARGSTR = 1,     /* .. 6; the bytes end with their NUL */
	VAKT_P_TUPLE = 16,     /* struct vakt_tuple, then a unix socket path for AF_UNIX */
	VAKT_P_USOCKADDR = 17, /* the sockaddr the caller passed (connect, sendto, bind) */
	VAKT_P_STRUCT = 18,    /* a small struct the caller passed (open_how, int[2], clone_args) */
	VAKT_P_CREDS = 19,     /* struct vakt_creds after the syscall (capset) */
	VAKT_P_PROC = 32,      /* struct vakt_proc: EXEC and FORK */
	VAKT_P_EXEPATH = 33,   /* the executable's path in the task's mount namespace */
	VAKT_P_FILENAME = 34,  /* EXEC: the path execve was given (bprm->filename) */
	VAKT_P_ARGS = 35,      /* argv: NUL-terminated strings back to back */
	VAKT_P_CWD = 36,
	VAKT_P_COMM = 37,
	VAKT_P_CGROUPS = 38, /* "subsys=/path" NUL-terminated strings back to back */
};

/* A socket's two ends, read from the kernel's socket (not from the caller). */
struct vakt_tuple {
	__u16 family; /* AF_INET, AF_INET6, AF_UNIX; 0 when the fd is no socket */
	__u16 sport;  /* local port, host order */
	__u16 dport;  /* peer port, host order; 0 when not connected */
	__u8 l4proto; /* IPPROTO_TCP, IPPROTO_UDP, ... */
	__u8 pad;
	__u8 saddr[16]; /* local address, network order (AF_INET: first 4 bytes) */
	__u8 daddr[16]; /* peer address */
};

struct vakt_creds {
	__u64 cap_inheritable, cap_permitted, cap_effective;
	__u32 uid, gid, euid, egid;
};

/* Execve "flags": Falco's PPM_EXE_* values (rt-event.h RT_EXE_*). */
#define VAKT_EXE_WRITABLE    (1u << 0)
#define VAKT_EXE_UPPER_LAYER (1u << 1)
#define VAKT_EXE_FROM_MEMFD  (1u << 2)
#define VAKT_EXE_LOWER_LAYER (1u << 3)

/* A task's facts at exec and fork. */
struct vakt_proc {
	__u64 cap_inheritable, cap_permitted, cap_effective;
	__u64 exe_ino;
	__u64 exe_ino_ctime, exe_ino_mtime; /* ns since the epoch */
	__u32 ptid;                         /* the parent's thread group id (host) */
	__u32 vtid, vpid;                   /* in the task's own pid namespace */
	__u32 uid, gid;                     /* effective, as Falco's "uid"/"gid" */
	__u32 loginuid;                     /* (u32)-1 when unset */
	__u32 tty;                          /* new_encode_dev(major, minor); 0 when none */
	__u32 pidns_ino, mntns_ino;
	__u32 exe_flags; /* VAKT_EXE_* */
};

/*
 * What the probe captures of a syscall at its exit, one 32-bit spec each:
 * up to three user strings (argument index + 1 in each 3-bit field), a
 * sockaddr the caller passed (pointer and length arguments), the socket
 * tuple of the fd in argument 0 or of the returned fd, a small struct
 * behind a pointer argument, the caller's credentials, and special cases.
 */
#define VAKT_SP_STR1(a)       ((a) + 1u)
#define VAKT_SP_STR2(a, b)    (((a) + 1u) | (((b) + 1u) << 3))
#define VAKT_SP_STR3(a, b, c) (((a) + 1u) | (((b) + 1u) << 3) | (((c) + 1u) << 6))
#define VAKT_SP_USA(p, l)     ((((p) + 1u) << 9) | (((l) + 1u) << 12))
#define VAKT_SP_TUPLE_ARG0    (1u << 15)
#define VAKT_SP_TUPLE_RES     (2u << 15)
#define VAKT_SP_STRUCT(a, n)  ((((a) + 1u) << 17) | (((n) / 8u) << 20))
#define VAKT_SP_CREDS         (1u << 26)
#define VAKT_SP_PRCTL         (1u << 27) /* PR_SET_NAME: the name in argument 1 */
#define VAKT_SP_MSGHDR        (1u << 28) /* sendmsg: the sockaddr in the msghdr of argument 1 */
#define VAKT_SP_CLONE         (1u << 29) /* the child's return (res 0) comes as a FORK record */
#define VAKT_SP_EXEC          (1u << 30) /* a successful exec comes as an EXEC record */

#define VAKT_SP_STR_ARG(sp, k) ((int)(((sp) >> (3 * (k))) & 7u) - 1)
#define VAKT_SP_USA_PTR(sp)    ((int)(((sp) >> 9) & 7u) - 1)
#define VAKT_SP_USA_LEN(sp)    ((int)(((sp) >> 12) & 7u) - 1)
#define VAKT_SP_TUPLE(sp)      (((sp) >> 15) & 3u)
#define VAKT_SP_STRUCT_ARG(sp) ((int)(((sp) >> 17) & 7u) - 1)
#define VAKT_SP_STRUCT_LEN(sp) ((((sp) >> 20) & 63u) * 8u)

/*
 * The syscalls the probe knows: X(x86_64 number, RT_EV_ suffix, spec). Each
 * event type of rt-event.h but procexit has at least one. Only these can
 * be marked interesting; any other syscall is ignored in the kernel.
 */
#define VAKT_SYSCALLS(X)                                                                           \
	X(0, READ, 0)                                                                              \
	X(1, WRITE, 0)                                                                             \
	X(2, OPEN, VAKT_SP_STR1(0))                                                                \
	X(3, CLOSE, 0)                                                                             \
	X(9, MMAP, 0)                                                                              \
	X(10, MPROTECT, 0)                                                                         \
	X(22, PIPE, VAKT_SP_STRUCT(0, 8))                                                          \
	X(32, DUP, 0)                                                                              \
	X(33, DUP2, 0)                                                                             \
	X(41, SOCKET, 0)                                                                           \
	X(42, CONNECT, VAKT_SP_TUPLE_ARG0 | VAKT_SP_USA(1, 2))                                     \
	X(43, ACCEPT, VAKT_SP_TUPLE_RES)                                                           \
	X(44, SENDTO, VAKT_SP_TUPLE_ARG0 | VAKT_SP_USA(4, 5))                                      \
	X(45, RECVFROM, VAKT_SP_TUPLE_ARG0)                                                        \
	X(46, SENDMSG, VAKT_SP_TUPLE_ARG0 | VAKT_SP_MSGHDR)                                        \
	X(47, RECVMSG, VAKT_SP_TUPLE_ARG0)                                                         \
	X(49, BIND, VAKT_SP_USA(1, 2))                                                             \
	X(50, LISTEN, 0)                                                                           \
	X(53, SOCKETPAIR, VAKT_SP_STRUCT(3, 8))                                                    \
	X(56, CLONE, VAKT_SP_CLONE)                                                                \
	X(57, FORK, VAKT_SP_CLONE)                                                                 \
	X(58, VFORK, VAKT_SP_CLONE)                                                                \
	X(59, EXECVE, VAKT_SP_EXEC | VAKT_SP_STR1(0))                                              \
	X(62, KILL, 0)                                                                             \
	X(72, FCNTL, 0)                                                                            \
	X(80, CHDIR, VAKT_SP_STR1(0))                                                              \
	X(81, FCHDIR, 0)                                                                           \
	X(82, RENAME, VAKT_SP_STR2(0, 1))                                                          \
	X(83, MKDIR, VAKT_SP_STR1(0))                                                              \
	X(84, RMDIR, VAKT_SP_STR1(0))                                                              \
	X(85, CREAT, VAKT_SP_STR1(0))                                                              \
	X(86, LINK, VAKT_SP_STR2(0, 1))                                                            \
	X(87, UNLINK, VAKT_SP_STR1(0))                                                             \
	X(88, SYMLINK, VAKT_SP_STR2(0, 1))                                                         \
	X(90, CHMOD, VAKT_SP_STR1(0))                                                              \
	X(91, FCHMOD, 0)                                                                           \
	X(92, CHOWN, VAKT_SP_STR1(0))                                                              \
	X(93, FCHOWN, 0)                                                                           \
	X(94, LCHOWN, VAKT_SP_STR1(0))                                                             \
	X(101, PTRACE, 0)                                                                          \
	X(105, SETUID, VAKT_SP_CREDS)                                                              \
	X(106, SETGID, VAKT_SP_CREDS)                                                              \
	X(109, SETPGID, 0)                                                                         \
	X(112, SETSID, 0)                                                                          \
	X(113, SETREUID, VAKT_SP_CREDS)                                                            \
	X(114, SETREGID, VAKT_SP_CREDS)                                                            \
	X(117, SETRESUID, VAKT_SP_CREDS)                                                           \
	X(119, SETRESGID, VAKT_SP_CREDS)                                                           \
	X(126, CAPSET, VAKT_SP_CREDS)                                                              \
	X(157, PRCTL, VAKT_SP_PRCTL)                                                               \
	X(161, CHROOT, VAKT_SP_STR1(0))                                                            \
	X(165, MOUNT, VAKT_SP_STR3(0, 1, 2))                                                       \
	X(166, UMOUNT2, VAKT_SP_STR1(0))                                                           \
	X(175, INIT_MODULE, VAKT_SP_STR1(2))                                                       \
	X(176, DELETE_MODULE, VAKT_SP_STR1(0))                                                     \
	X(257, OPENAT, VAKT_SP_STR1(1))                                                            \
	X(258, MKDIRAT, VAKT_SP_STR1(1))                                                           \
	X(260, FCHOWNAT, VAKT_SP_STR1(1))                                                          \
	X(263, UNLINKAT, VAKT_SP_STR1(1))                                                          \
	X(264, RENAMEAT, VAKT_SP_STR2(1, 3))                                                       \
	X(265, LINKAT, VAKT_SP_STR2(1, 3))                                                         \
	X(266, SYMLINKAT, VAKT_SP_STR2(0, 2))                                                      \
	X(268, FCHMODAT, VAKT_SP_STR1(1))                                                          \
	X(272, UNSHARE, 0)                                                                         \
	X(288, ACCEPT4, VAKT_SP_TUPLE_RES)                                                         \
	X(292, DUP3, 0)                                                                            \
	X(293, PIPE2, VAKT_SP_STRUCT(0, 8))                                                        \
	X(308, SETNS, 0)                                                                           \
	X(313, FINIT_MODULE, VAKT_SP_STR1(1))                                                      \
	X(316, RENAMEAT2, VAKT_SP_STR2(1, 3))                                                      \
	X(319, MEMFD_CREATE, VAKT_SP_STR1(0))                                                      \
	X(321, BPF, 0)                                                                             \
	X(322, EXECVEAT, VAKT_SP_EXEC | VAKT_SP_STR1(1))                                           \
	X(323, USERFAULTFD, 0)                                                                     \
	X(435, CLONE3, VAKT_SP_CLONE | VAKT_SP_STRUCT(0, 8))                                       \
	X(437, OPENAT2, VAKT_SP_STR1(1) | VAKT_SP_STRUCT(2, 24))                                   \
	X(452, FCHMODAT, VAKT_SP_STR1(1)) /* fchmodat2 */

/* Size of the syscall-indexed tables; one more slot past them is procexit's. */
#define VAKT_NR_MAX        512
#define VAKT_SLOT_PROCEXIT (VAKT_NR_MAX)
#define VAKT_SLOTS         (VAKT_NR_MAX + 1)

/* Ceilings of one record (the decoder rejects anything larger as corrupt). */
#define VAKT_REC_MAX  16384 /* parameters start only below this offset */
#define VAKT_STR_MAX  4096  /* one user string, argv, a path */
#define VAKT_USA_MAX  128   /* sizeof(struct sockaddr_storage) */
#define VAKT_PATH_DEP 40    /* path components followed (mounts crossed count) */
#define VAKT_CG_DEP   10    /* cgroup path components */
#define VAKT_CG_SUBS  16    /* cgroup controllers */

/* Per-CPU counters (PERCPU_ARRAY, one entry). */
struct vakt_counters {
	__u64 events; /* records submitted */
	__u64 drops;  /* records lost: the ring was full */
	__u64 faults; /* user strings that could not be read */
	__u64 truncs; /* records with VAKT_RF_TRUNCATED */
};

#endif
