/* SPDX-License-Identifier: MIT */
/*
 * Ring records (bpf/vakt-probe.h) to struct rt_event, with arguments named
 * as the exit events' parameters in Falco's event table (the enter
 * parameters that Falco's exit-only events carry follow the exit ones).
 * The record comes from the kernel, but it is checked as any input is:
 * every parameter must lie inside the record, and a record larger than
 * RT_PROBE_REC_CEILING is refused.
 */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include "runtime/bpf/vakt-probe.h"
#include "runtime/rt-probe.h"

/* Where an argument's value comes from. */
enum src {
	S_RES,
	S_ARG0,               /* .. S_ARG0 + 5: a raw argument */
	S_STR0 = S_ARG0 + 6,  /* .. S_STR0 + 5: the user string of argument i */
	S_TUPLE = S_STR0 + 6, /* the socket tuple, the caller's sockaddr for a missing peer */
	S_USA,                /* the caller's sockaddr */
	S_ST32_0,
	S_ST32_1, /* 32-bit words 0 and 1 of the copied struct */
	S_ST64_0,
	S_ST64_1,
	S_ST64_2, /* 64-bit words of the copied struct */
	S_CAP_I,
	S_CAP_P,
	S_CAP_E,       /* capabilities after the syscall */
	S_CLONE_FLAGS, /* clone's argument, clone3's struct, fork's and vfork's implied */
};

struct argdef {
	const char *name;
	unsigned char src;
	unsigned char kind;  /* enum rt_arg_kind */
	unsigned char flags; /* enum rt_flagset */
	unsigned char w32;   /* a raw argument of 32 bits (int, unsigned, uid_t, flags) */
};

#define RES_ERR                                                                                    \
	{                                                                                          \
		"res", S_RES, RT_ARG_INT, RT_FLAGS_ERRNO, 0                                        \
	}
#define RES_FD(n)                                                                                  \
	{                                                                                          \
		n, S_RES, RT_ARG_INT, RT_FLAGS_FD, 0                                               \
	}
#define FD(n, a)                                                                                   \
	{                                                                                          \
		n, S_ARG0 + (a), RT_ARG_INT, RT_FLAGS_FD, 1                                        \
	}
#define I(n, a)                                                                                    \
	{                                                                                          \
		n, S_ARG0 + (a), RT_ARG_INT, RT_FLAGS_NONE, 1                                      \
	}
#define U(n, a)                                                                                    \
	{                                                                                          \
		n, S_ARG0 + (a), RT_ARG_UINT, RT_FLAGS_NONE, 0                                     \
	}
#define U32(n, a)                                                                                  \
	{                                                                                          \
		n, S_ARG0 + (a), RT_ARG_UINT, RT_FLAGS_NONE, 1                                     \
	}
#define UF(n, a, f)                                                                                \
	{                                                                                          \
		n, S_ARG0 + (a), RT_ARG_UINT, f, 1                                                 \
	}
#define STR(n, a)                                                                                  \
	{                                                                                          \
		n, S_STR0 + (a), RT_ARG_STR, RT_FLAGS_NONE, 0                                      \
	}
#define END                                                                                        \
	{                                                                                          \
		NULL, 0, 0, 0, 0                                                                   \
	}

/* clang-format off */
static const struct argdef a_open[] = {RES_FD("fd"), STR("name", 0), UF("flags", 1, RT_FLAGS_OPEN), UF("mode", 2, RT_FLAGS_FILE_MODE), END};
static const struct argdef a_openat[] = {RES_FD("fd"), FD("dirfd", 0), STR("name", 1), UF("flags", 2, RT_FLAGS_OPEN), UF("mode", 3, RT_FLAGS_FILE_MODE), END};
static const struct argdef a_openat2[] = {RES_FD("fd"), FD("dirfd", 0), STR("name", 1), {"flags", S_ST64_0, RT_ARG_UINT, RT_FLAGS_OPEN, 0}, {"mode", S_ST64_1, RT_ARG_UINT, RT_FLAGS_FILE_MODE, 0}, {"resolve", S_ST64_2, RT_ARG_UINT, RT_FLAGS_NONE, 0}, END};
static const struct argdef a_creat[] = {RES_FD("fd"), STR("name", 0), UF("mode", 1, RT_FLAGS_FILE_MODE), END};
static const struct argdef a_close[] = {RES_ERR, FD("fd", 0), END};
static const struct argdef a_dup[] = {RES_FD("res"), FD("oldfd", 0), END};
static const struct argdef a_dup2[] = {RES_FD("res"), FD("oldfd", 0), FD("newfd", 1), END};
static const struct argdef a_dup3[] = {RES_FD("res"), FD("oldfd", 0), FD("newfd", 1), UF("flags", 2, RT_FLAGS_OPEN), END};
static const struct argdef a_fcntl[] = {RES_FD("res"), FD("fd", 0), I("cmd", 1), END};
static const struct argdef a_rw[] = {RES_ERR, FD("fd", 0), U("size", 2), END};
static const struct argdef a_socket[] = {RES_FD("fd"), UF("domain", 0, RT_FLAGS_SOCK_DOMAIN), UF("type", 1, RT_FLAGS_SOCK_TYPE), U32("proto", 2), END};
static const struct argdef a_socketpair[] = {RES_ERR, {"fd1", S_ST32_0, RT_ARG_INT, RT_FLAGS_FD, 0}, {"fd2", S_ST32_1, RT_ARG_INT, RT_FLAGS_FD, 0}, UF("domain", 0, RT_FLAGS_SOCK_DOMAIN), UF("type", 1, RT_FLAGS_SOCK_TYPE), U32("proto", 2), END};
static const struct argdef a_connect[] = {RES_ERR, {"tuple", S_TUPLE, RT_ARG_TUPLE, 0, 0}, FD("fd", 0), {"addr", S_USA, RT_ARG_SOCKADDR, 0, 0}, END};
static const struct argdef a_accept[] = {RES_FD("fd"), {"tuple", S_TUPLE, RT_ARG_TUPLE, 0, 0}, END};
static const struct argdef a_accept4[] = {RES_FD("fd"), {"tuple", S_TUPLE, RT_ARG_TUPLE, 0, 0}, UF("flags", 3, RT_FLAGS_SOCK_TYPE), END};
static const struct argdef a_bind[] = {RES_ERR, {"addr", S_USA, RT_ARG_SOCKADDR, 0, 0}, FD("fd", 0), END};
static const struct argdef a_listen[] = {RES_ERR, FD("fd", 0), I("backlog", 1), END};
static const struct argdef a_sendto[] = {RES_ERR, FD("fd", 0), U("size", 2), {"tuple", S_TUPLE, RT_ARG_TUPLE, 0, 0}, {"addr", S_USA, RT_ARG_SOCKADDR, 0, 0}, END};
static const struct argdef a_sendmsg[] = {RES_ERR, FD("fd", 0), {"tuple", S_TUPLE, RT_ARG_TUPLE, 0, 0}, {"addr", S_USA, RT_ARG_SOCKADDR, 0, 0}, END};
static const struct argdef a_recv[] = {RES_ERR, FD("fd", 0), {"tuple", S_TUPLE, RT_ARG_TUPLE, 0, 0}, END};
static const struct argdef a_pipe[] = {RES_ERR, {"fd1", S_ST32_0, RT_ARG_INT, RT_FLAGS_FD, 0}, {"fd2", S_ST32_1, RT_ARG_INT, RT_FLAGS_FD, 0}, END};
static const struct argdef a_pipe2[] = {RES_ERR, {"fd1", S_ST32_0, RT_ARG_INT, RT_FLAGS_FD, 0}, {"fd2", S_ST32_1, RT_ARG_INT, RT_FLAGS_FD, 0}, UF("flags", 1, RT_FLAGS_OPEN), END};
static const struct argdef a_memfd[] = {RES_FD("fd"), STR("name", 0), UF("flags", 1, RT_FLAGS_MEMFD), END};
static const struct argdef a_symlink[] = {RES_ERR, STR("target", 0), STR("linkpath", 1), END};
static const struct argdef a_symlinkat[] = {RES_ERR, STR("target", 0), FD("linkdirfd", 1), STR("linkpath", 2), END};
static const struct argdef a_link[] = {RES_ERR, STR("oldpath", 0), STR("newpath", 1), END};
static const struct argdef a_linkat[] = {RES_ERR, FD("olddir", 0), STR("oldpath", 1), FD("newdir", 2), STR("newpath", 3), UF("flags", 4, RT_FLAGS_AT), END};
static const struct argdef a_unlink[] = {RES_ERR, STR("path", 0), END};
static const struct argdef a_unlinkat[] = {RES_ERR, FD("dirfd", 0), STR("name", 1), UF("flags", 2, RT_FLAGS_AT), END};
static const struct argdef a_rename[] = {RES_ERR, STR("oldpath", 0), STR("newpath", 1), END};
static const struct argdef a_renameat[] = {RES_ERR, FD("olddirfd", 0), STR("oldpath", 1), FD("newdirfd", 2), STR("newpath", 3), END};
static const struct argdef a_renameat2[] = {RES_ERR, FD("olddirfd", 0), STR("oldpath", 1), FD("newdirfd", 2), STR("newpath", 3), UF("flags", 4, RT_FLAGS_RENAME), END};
static const struct argdef a_mkdir[] = {RES_ERR, STR("path", 0), UF("mode", 1, RT_FLAGS_FILE_MODE), END};
static const struct argdef a_mkdirat[] = {RES_ERR, FD("dirfd", 0), STR("path", 1), UF("mode", 2, RT_FLAGS_FILE_MODE), END};
static const struct argdef a_rmdir[] = {RES_ERR, STR("path", 0), END};
static const struct argdef a_chmod[] = {RES_ERR, STR("filename", 0), UF("mode", 1, RT_FLAGS_FILE_MODE), END};
static const struct argdef a_fchmod[] = {RES_ERR, FD("fd", 0), UF("mode", 1, RT_FLAGS_FILE_MODE), END};
static const struct argdef a_fchmodat[] = {RES_ERR, FD("dirfd", 0), STR("filename", 1), UF("mode", 2, RT_FLAGS_FILE_MODE), END};
static const struct argdef a_chown[] = {RES_ERR, STR("path", 0), U32("uid", 1), U32("gid", 2), END};
static const struct argdef a_fchown[] = {RES_ERR, FD("fd", 0), U32("uid", 1), U32("gid", 2), END};
static const struct argdef a_fchownat[] = {RES_ERR, FD("dirfd", 0), STR("pathname", 1), U32("uid", 2), U32("gid", 3), UF("flags", 4, RT_FLAGS_AT), END};
static const struct argdef a_chdir[] = {RES_ERR, STR("path", 0), END};
static const struct argdef a_fchdir[] = {RES_ERR, FD("fd", 0), END};
static const struct argdef a_mount[] = {RES_ERR, STR("dev", 0), STR("dir", 1), STR("type", 2), UF("flags", 3, RT_FLAGS_MOUNT), END};
static const struct argdef a_umount2[] = {RES_ERR, STR("name", 0), U32("flags", 1), END};
static const struct argdef a_unshare[] = {RES_ERR, UF("flags", 0, RT_FLAGS_CLONE), END};
static const struct argdef a_setns[] = {RES_ERR, FD("fd", 0), UF("nstype", 1, RT_FLAGS_CLONE), END};
static const struct argdef a_ptrace[] = {RES_ERR, UF("request", 0, RT_FLAGS_PTRACE_REQ), I("pid", 1), U("addr", 2), U("data", 3), END};
static const struct argdef a_init_module[] = {RES_ERR, U("length", 1), STR("uargs", 2), END};
static const struct argdef a_finit_module[] = {RES_ERR, FD("fd", 0), STR("uargs", 1), U32("flags", 2), END};
static const struct argdef a_delete_module[] = {RES_ERR, STR("name", 0), U32("flags", 1), END};
static const struct argdef a_setuid[] = {RES_ERR, U32("uid", 0), END};
static const struct argdef a_setgid[] = {RES_ERR, U32("gid", 0), END};
static const struct argdef a_setreuid[] = {RES_ERR, U32("ruid", 0), U32("euid", 1), END};
static const struct argdef a_setregid[] = {RES_ERR, U32("rgid", 0), U32("egid", 1), END};
static const struct argdef a_setresuid[] = {RES_ERR, U32("ruid", 0), U32("euid", 1), U32("suid", 2), END};
static const struct argdef a_setresgid[] = {RES_ERR, U32("rgid", 0), U32("egid", 1), U32("sgid", 2), END};
static const struct argdef a_setpgid[] = {RES_ERR, I("pid", 0), I("pgid", 1), END};
static const struct argdef a_setsid[] = {RES_ERR, END};
static const struct argdef a_capset[] = {RES_ERR, {"cap_inheritable", S_CAP_I, RT_ARG_UINT, RT_FLAGS_CAPS, 0}, {"cap_permitted", S_CAP_P, RT_ARG_UINT, RT_FLAGS_CAPS, 0}, {"cap_effective", S_CAP_E, RT_ARG_UINT, RT_FLAGS_CAPS, 0}, END};
static const struct argdef a_prctl[] = {RES_ERR, UF("option", 0, RT_FLAGS_PRCTL_OPTION), STR("arg2_str", 1), I("arg2_int", 1), END};
static const struct argdef a_bpf[] = {RES_FD("fd"), I("cmd", 0), END};
static const struct argdef a_userfaultfd[] = {RES_FD("res"), UF("flags", 0, RT_FLAGS_OPEN), END};
static const struct argdef a_mprotect[] = {RES_ERR, U("addr", 0), U("length", 1), UF("prot", 2, RT_FLAGS_PROT), END};
static const struct argdef a_mmap[] = {{"res", S_RES, RT_ARG_UINT, RT_FLAGS_NONE, 0}, U("addr", 0), U("length", 1), UF("prot", 2, RT_FLAGS_PROT), U32("flags", 3), FD("fd", 4), U("offset", 5), END};
static const struct argdef a_kill[] = {RES_ERR, I("pid", 0), UF("sig", 1, RT_FLAGS_SIGNAL), END};
/* A clone's parent side (the child's comes as a FORK record). */
static const struct argdef a_clone[] = {{"res", S_RES, RT_ARG_INT, RT_FLAGS_NONE, 0}, {"flags", S_CLONE_FLAGS, RT_ARG_UINT, RT_FLAGS_CLONE, 0}, END};
/* A failed exec (a successful one comes as an EXEC record). */
static const struct argdef a_execve[] = {RES_ERR, STR("filename", 0), END};
static const struct argdef a_execveat[] = {RES_ERR, FD("dirfd", 0), STR("pathname", 1), U32("flags", 4), END};
/* clang-format on */

static const struct argdef *const syscall_args[RT_EV_COUNT] = {
    [RT_EV_OPEN] = a_open,
    [RT_EV_OPENAT] = a_openat,
    [RT_EV_OPENAT2] = a_openat2,
    [RT_EV_CREAT] = a_creat,
    [RT_EV_CLOSE] = a_close,
    [RT_EV_DUP] = a_dup,
    [RT_EV_DUP2] = a_dup2,
    [RT_EV_DUP3] = a_dup3,
    [RT_EV_FCNTL] = a_fcntl,
    [RT_EV_READ] = a_rw,
    [RT_EV_WRITE] = a_rw,
    [RT_EV_SOCKET] = a_socket,
    [RT_EV_SOCKETPAIR] = a_socketpair,
    [RT_EV_CONNECT] = a_connect,
    [RT_EV_ACCEPT] = a_accept,
    [RT_EV_ACCEPT4] = a_accept4,
    [RT_EV_BIND] = a_bind,
    [RT_EV_LISTEN] = a_listen,
    [RT_EV_SENDTO] = a_sendto,
    [RT_EV_SENDMSG] = a_sendmsg,
    [RT_EV_RECVFROM] = a_recv,
    [RT_EV_RECVMSG] = a_recv,
    [RT_EV_PIPE] = a_pipe,
    [RT_EV_PIPE2] = a_pipe2,
    [RT_EV_MEMFD_CREATE] = a_memfd,
    [RT_EV_SYMLINK] = a_symlink,
    [RT_EV_SYMLINKAT] = a_symlinkat,
    [RT_EV_LINK] = a_link,
    [RT_EV_LINKAT] = a_linkat,
    [RT_EV_UNLINK] = a_unlink,
    [RT_EV_UNLINKAT] = a_unlinkat,
    [RT_EV_RENAME] = a_rename,
    [RT_EV_RENAMEAT] = a_renameat,
    [RT_EV_RENAMEAT2] = a_renameat2,
    [RT_EV_MKDIR] = a_mkdir,
    [RT_EV_MKDIRAT] = a_mkdirat,
    [RT_EV_RMDIR] = a_rmdir,
    [RT_EV_CHMOD] = a_chmod,
    [RT_EV_FCHMOD] = a_fchmod,
    [RT_EV_FCHMODAT] = a_fchmodat,
    [RT_EV_CHOWN] = a_chown,
    [RT_EV_LCHOWN] = a_chown,
    [RT_EV_FCHOWN] = a_fchown,
    [RT_EV_FCHOWNAT] = a_fchownat,
    [RT_EV_CHDIR] = a_chdir,
    [RT_EV_FCHDIR] = a_fchdir,
    [RT_EV_CHROOT] = a_chdir,
    [RT_EV_MOUNT] = a_mount,
    [RT_EV_UMOUNT2] = a_umount2,
    [RT_EV_UNSHARE] = a_unshare,
    [RT_EV_SETNS] = a_setns,
    [RT_EV_PTRACE] = a_ptrace,
    [RT_EV_INIT_MODULE] = a_init_module,
    [RT_EV_FINIT_MODULE] = a_finit_module,
    [RT_EV_DELETE_MODULE] = a_delete_module,
    [RT_EV_SETUID] = a_setuid,
    [RT_EV_SETGID] = a_setgid,
    [RT_EV_SETREUID] = a_setreuid,
    [RT_EV_SETREGID] = a_setregid,
    [RT_EV_SETRESUID] = a_setresuid,
    [RT_EV_SETRESGID] = a_setresgid,
    [RT_EV_SETPGID] = a_setpgid,
    [RT_EV_SETSID] = a_setsid,
    [RT_EV_CAPSET] = a_capset,
    [RT_EV_PRCTL] = a_prctl,
    [RT_EV_BPF] = a_bpf,
    [RT_EV_USERFAULTFD] = a_userfaultfd,
    [RT_EV_MPROTECT] = a_mprotect,
    [RT_EV_MMAP] = a_mmap,
    [RT_EV_KILL] = a_kill,
    [RT_EV_CLONE] = a_clone,
    [RT_EV_CLONE3] = a_clone,
    [RT_EV_FORK] = a_clone,
    [RT_EV_VFORK] = a_clone,
    [RT_EV_EXECVE] = a_execve,
    [RT_EV_EXECVEAT] = a_execveat,
};

static const unsigned char nr_evtype[VAKT_NR_MAX] = {
#define NR_EV(nr, ev, sp) [nr] = RT_EV_##ev,
    VAKT_SYSCALLS(NR_EV)
#undef NR_EV
};

#define CLONE_VM_    0x100u
#define CLONE_VFORK_ 0x4000u
#define SIGCHLD_     17u
#define PARAM_IDS    64

/* The parameters of one record, by id. */
struct params {
	const unsigned char *p[PARAM_IDS];
	unsigned len[PARAM_IDS];
};

static int params_read(const unsigned char *rec, size_t len, struct params *ps)
{
	size_t off = sizeof(struct vakt_rec);

	memset(ps, 0, sizeof(*ps));
	while (off < len) {
		struct vakt_param ph;

		if (len - off < sizeof(ph))
			return -EBADMSG;
		memcpy(&ph, rec + off, sizeof(ph));
		off += sizeof(ph);
		if (ph.len > len - off)
			return -EBADMSG;
		if (ph.id < PARAM_IDS) {
			ps->p[ph.id] = rec + off;
			ps->len[ph.id] = ph.len;
		}
		off += ph.len;
	}
	return 0;
}

static const char empty[] = "";

/* A string parameter without its NUL; false when absent. */
static bool param_str(const struct params *ps, unsigned id, const char **s, size_t *n)
{
	size_t k;

	if (id >= PARAM_IDS || !ps->p[id])
		return false;
	k = ps->len[id];
	if (k == 0) {
		*s = empty;
		*n = 0;
		return true;
	}
	*s = (const char *)ps->p[id];
	*n = strnlen(*s, k);
	return true;
}

static uint64_t load_u64(const unsigned char *p, size_t len, size_t off)
{
	uint64_t v = 0;

	if (p && off + 8 <= len)
		memcpy(&v, p + off, 8);
	return v;
}

static uint32_t load_u32(const unsigned char *p, size_t len, size_t off)
{
	uint32_t v = 0;

	if (p && off + 4 <= len)
		memcpy(&v, p + off, 4);
	return v;
}

/* A sockaddr the caller passed, as the kernel would read it. */
static bool sockaddr_read(const unsigned char *p, size_t len, struct rt_sockaddr *sa)
{
	uint16_t fam;

	memset(sa, 0, sizeof(*sa));
	if (!p || len < 2)
		return false;
	memcpy(&fam, p, 2);
	sa->family = fam;
	if (fam == AF_INET && len >= 8) {
		sa->port = (uint16_t)(p[2] << 8 | p[3]);
		memcpy(sa->addr, p + 4, 4);
	} else if (fam == AF_INET6 && len >= 24) {
		sa->port = (uint16_t)(p[2] << 8 | p[3]);
		memcpy(sa->addr, p + 8, 16);
	} else if (fam == AF_UNIX) {
		sa->path = (const char *)p + 2;
		sa->path_len = strnlen(sa->path, len - 2);
	}
	return true;
}

static bool tuple_read(const struct params *ps, struct rt_arg *a)
{
	const unsigned char *p = ps->p[VAKT_P_TUPLE];
	size_t len = ps->len[VAKT_P_TUPLE];
	struct vakt_tuple t;

	if (!p || len < sizeof(t))
		return false;
	memcpy(&t, p, sizeof(t));
	if (t.family == 0)
		return false;
	a->sa.family = a->peer.family = t.family;
	a->sa.port = t.sport;
	a->peer.port = t.dport;
	memcpy(a->sa.addr, t.saddr, 16);
	memcpy(a->peer.addr, t.daddr, 16);
	a->l4proto = t.l4proto;
	if (t.family == AF_UNIX && len > sizeof(t)) {
		a->peer.path = (const char *)p + sizeof(t);
		a->peer.path_len = strnlen(a->peer.path, len - sizeof(t));
	}
	/*
	 * A peer the socket does not hold (sendto on UDP, a connect that failed
	 * and left no port, a unix connect to nothing): the caller's address.
	 */
	if (ps->p[VAKT_P_USOCKADDR] &&
	    (t.family == AF_UNIX ? a->peer.path_len == 0 : t.dport == 0)) {
		struct rt_sockaddr usa;

		if (sockaddr_read(ps->p[VAKT_P_USOCKADDR], ps->len[VAKT_P_USOCKADDR], &usa) &&
		    usa.family == t.family)
			a->peer = usa;
	}
	return true;
}

static uint64_t clone_flags(const struct vakt_rec *h, const struct params *ps)
{
	switch (h->nr) {
	case 57:
		return SIGCHLD_;
	case 58:
		return CLONE_VM_ | CLONE_VFORK_ | SIGCHLD_;
	case 435:
		if (h->kind == VAKT_REC_SYSCALL)
			return load_u64(ps->p[VAKT_P_STRUCT], ps->len[VAKT_P_STRUCT], 0);
		return h->args[0];
	default:
		return h->args[0];
	}
}

/* One argument of a SYSCALL record; false when its value is missing. */
static bool arg_fill(const struct argdef *d, const struct vakt_rec *h, const struct params *ps,
                     struct rt_arg *a)
{
	const unsigned char *st = ps->p[VAKT_P_STRUCT], *cr = ps->p[VAKT_P_CREDS];
	size_t stl = ps->len[VAKT_P_STRUCT], crl = ps->len[VAKT_P_CREDS];

	memset(a, 0, sizeof(*a));
	a->name = d->name;
	a->kind = d->kind;
	a->flags = d->flags;
	switch (d->src) {
	case S_RES:
		a->num = h->res;
		return true;
	case S_TUPLE:
		return tuple_read(ps, a);
	case S_USA:
		return sockaddr_read(ps->p[VAKT_P_USOCKADDR], ps->len[VAKT_P_USOCKADDR], &a->sa);
	case S_ST32_0:
	case S_ST32_1:
		if (!st || stl < 8)
			return false;
		a->num = (int32_t)load_u32(st, stl, (d->src - S_ST32_0) * 4u);
		return true;
	case S_ST64_0:
	case S_ST64_1:
	case S_ST64_2:
		if (!st || stl < (d->src - S_ST64_0 + 1u) * 8u)
			return false;
		a->num = (int64_t)load_u64(st, stl, (d->src - S_ST64_0) * 8u);
		return true;
	case S_CAP_I:
	case S_CAP_P:
	case S_CAP_E:
		if (!cr || crl < sizeof(struct vakt_creds))
			return false;
		a->num = (int64_t)load_u64(cr, crl, (d->src - S_CAP_I) * 8u);
		return true;
	case S_CLONE_FLAGS:
		a->num = (int64_t)clone_flags(h, ps);
		return true;
	default:
		break;
	}
	if (d->src >= S_STR0 && d->src < S_STR0 + 6)
		return param_str(ps, VAKT_P_ARGSTR + (d->src - S_STR0), &a->str, &a->len);
	if (d->src >= S_ARG0 && d->src < S_ARG0 + 6) {
		uint64_t v = h->args[d->src - S_ARG0];

		/* A 32-bit argument: the register's upper half is not the caller's. */
		if (d->w32 && d->kind == RT_ARG_INT)
			v = (uint64_t)(int64_t)(int32_t)v;
		else if (d->w32)
			v = (uint32_t)v;
		a->num = (int64_t)v;
		return true;
	}
	return false;
}

static void add_num(struct rt_event *ev, const char *name, enum rt_arg_kind kind,
                    enum rt_flagset fl, int64_t v)
{
	struct rt_arg *a;

	if (ev->n_args >= RT_ARGS_MAX)
		return;
	a = &ev->args[ev->n_args++];
	memset(a, 0, sizeof(*a));
	a->name = name;
	a->kind = kind;
	a->flags = fl;
	a->num = v;
}

static void add_str(struct rt_event *ev, const char *name, enum rt_arg_kind kind, const char *s,
                    size_t n)
{
	struct rt_arg *a;

	if (ev->n_args >= RT_ARGS_MAX)
		return;
	a = &ev->args[ev->n_args++];
	memset(a, 0, sizeof(*a));
	a->name = name;
	a->kind = kind;
	a->str = s;
	a->len = n;
}

static void add_pstr(struct rt_event *ev, const char *name, const struct params *ps, unsigned id)
{
	const char *s;
	size_t n;

	if (param_str(ps, id, &s, &n))
		add_str(ev, name, RT_ARG_STR, s, n);
}

/* argv: "exe" is argv[0], "args" the rest, NUL-terminated strings back to back. */
static void add_argv(struct rt_event *ev, const struct params *ps)
{
	const char *p = (const char *)ps->p[VAKT_P_ARGS];
	size_t len = ps->len[VAKT_P_ARGS], n0;

	if (!p)
		return;
	n0 = strnlen(p, len);
	add_str(ev, "exe", RT_ARG_STR, p, n0);
	if (n0 < len)
		add_str(ev, "args", RT_ARG_STRLIST, p + n0 + 1, len - n0 - 1);
	else
		add_str(ev, "args", RT_ARG_STRLIST, empty, 0);
}

static void decode_task(struct rt_event *ev, const struct vakt_rec *h, const struct params *ps)
{
	struct vakt_proc pr;
	bool has_proc = ps->p[VAKT_P_PROC] && ps->len[VAKT_P_PROC] >= sizeof(pr);
	const char *cg = (const char *)ps->p[VAKT_P_CGROUPS];

	if (has_proc)
		memcpy(&pr, ps->p[VAKT_P_PROC], sizeof(pr));
	add_num(ev, "res", RT_ARG_INT, RT_FLAGS_ERRNO, 0);
	add_argv(ev, ps);
	add_num(ev, "tid", RT_ARG_INT, RT_FLAGS_NONE, h->tid);
	add_num(ev, "pid", RT_ARG_INT, RT_FLAGS_NONE, h->pid);
	if (has_proc)
		add_num(ev, "ptid", RT_ARG_INT, RT_FLAGS_NONE, pr.ptid);
	add_pstr(ev, "cwd", ps, VAKT_P_CWD);
	add_pstr(ev, "comm", ps, VAKT_P_COMM);
	if (cg)
		add_str(ev, "cgroups", RT_ARG_STRLIST, cg, ps->len[VAKT_P_CGROUPS]);
	if (h->kind == VAKT_REC_FORK)
		add_num(ev, "flags", RT_ARG_UINT, RT_FLAGS_CLONE, (int64_t)clone_flags(h, ps));
	if (has_proc) {
		add_num(ev, "tty", RT_ARG_UINT, RT_FLAGS_NONE, pr.tty);
		add_num(ev, "loginuid", RT_ARG_INT, RT_FLAGS_NONE, (int32_t)pr.loginuid);
		if (h->kind == VAKT_REC_EXEC)
			add_num(ev, "flags", RT_ARG_UINT, RT_FLAGS_EXECVE, pr.exe_flags);
		add_num(ev, "cap_inheritable", RT_ARG_UINT, RT_FLAGS_CAPS,
		        (int64_t)pr.cap_inheritable);
		add_num(ev, "cap_permitted", RT_ARG_UINT, RT_FLAGS_CAPS, (int64_t)pr.cap_permitted);
		add_num(ev, "cap_effective", RT_ARG_UINT, RT_FLAGS_CAPS, (int64_t)pr.cap_effective);
		add_num(ev, "exe_ino", RT_ARG_UINT, RT_FLAGS_NONE, (int64_t)pr.exe_ino);
		add_num(ev, "exe_ino_ctime", RT_ARG_UINT, RT_FLAGS_NONE, (int64_t)pr.exe_ino_ctime);
		add_num(ev, "exe_ino_mtime", RT_ARG_UINT, RT_FLAGS_NONE, (int64_t)pr.exe_ino_mtime);
		add_num(ev, "uid", RT_ARG_UINT, RT_FLAGS_NONE, pr.uid);
		add_num(ev, "gid", RT_ARG_UINT, RT_FLAGS_NONE, pr.gid);
	}
	add_pstr(ev, "trusted_exepath", ps, VAKT_P_EXEPATH);
	if (h->kind == VAKT_REC_EXEC)
		add_pstr(ev, "filename", ps, VAKT_P_FILENAME);
	if (has_proc) {
		add_num(ev, "vtid", RT_ARG_INT, RT_FLAGS_NONE, pr.vtid);
		add_num(ev, "vpid", RT_ARG_INT, RT_FLAGS_NONE, pr.vpid);
		add_num(ev, "pidns_ino", RT_ARG_UINT, RT_FLAGS_NONE, pr.pidns_ino);
		add_num(ev, "mntns_ino", RT_ARG_UINT, RT_FLAGS_NONE, pr.mntns_ino);
	}
}

static void decode_exit(struct rt_event *ev, const struct vakt_rec *h)
{
	int32_t code = (int32_t)h->args[0];

	add_num(ev, "status", RT_ARG_INT, RT_FLAGS_NONE, code);
	add_num(ev, "ret", RT_ARG_INT, RT_FLAGS_NONE, (code >> 8) & 0xff);
	add_num(ev, "sig", RT_ARG_UINT, RT_FLAGS_SIGNAL, code & 0x7f);
	add_num(ev, "core", RT_ARG_UINT, RT_FLAGS_NONE, (code & 0x80) != 0);
}

static enum rt_evtype rec_type(const struct vakt_rec *h)
{
	enum rt_evtype t = h->nr < VAKT_NR_MAX ? (enum rt_evtype)nr_evtype[h->nr] : RT_EV_NONE;

	switch (h->kind) {
	case VAKT_REC_EXEC:
		return t == RT_EV_EXECVEAT ? t : RT_EV_EXECVE;
	case VAKT_REC_FORK:
		return t == RT_EV_CLONE3 || t == RT_EV_FORK || t == RT_EV_VFORK ? t : RT_EV_CLONE;
	case VAKT_REC_EXIT:
		return RT_EV_PROCEXIT;
	case VAKT_REC_SYSCALL:
		return t;
	default:
		return RT_EV_NONE;
	}
}

int rt_probe_decode(const void *rec, size_t len, int64_t boot_to_real_ns, struct rt_event *ev)
{
	struct vakt_rec h;
	struct params ps;
	int rc;

	if (len > RT_PROBE_REC_CEILING)
		return -E2BIG;
	if (len < sizeof(h))
		return -EBADMSG;
	memcpy(&h, rec, sizeof(h));
	if (h.len != len)
		return -EBADMSG;
	rc = params_read(rec, len, &ps);
	if (rc < 0)
		return rc;
	ev->num = 0;
	ev->ts = h.ts + (uint64_t)boot_to_real_ns;
	ev->type = rec_type(&h);
	ev->cpu = h.cpu;
	ev->tid = h.tid;
	ev->pid = h.pid;
	ev->res = h.res;
	ev->n_args = 0;
	ev->thread = NULL;
	ev->fd = NULL;
	ev->state = NULL;
	if (ev->type == RT_EV_NONE)
		return -ENOENT;
	switch (h.kind) {
	case VAKT_REC_EXEC:
	case VAKT_REC_FORK:
		decode_task(ev, &h, &ps);
		return 0;
	case VAKT_REC_EXIT:
		decode_exit(ev, &h);
		return 0;
	default:
		break;
	}
	if (!syscall_args[ev->type])
		return -ENOENT;
	for (const struct argdef *d = syscall_args[ev->type]; d->name; d++) {
		if (ev->n_args >= RT_ARGS_MAX)
			break;
		if (arg_fill(d, &h, &ps, &ev->args[ev->n_args]))
			ev->n_args++;
	}
	return 0;
}
