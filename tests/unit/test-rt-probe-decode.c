/* SPDX-License-Identifier: MIT */
/*
 * The probe's record decoder: hand-built ring records (bpf/vakt-probe.h) to
 * struct rt_event, with Falco's argument names; malformed records refused;
 * the syscall table against libc's numbers. No kernel needed.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <cmocka.h>

#include "runtime/bpf/vakt-probe.h"
#include "runtime/rt-probe.h"

/* A record being built. */
struct rec {
	_Alignas(8) unsigned char b[RT_PROBE_REC_CEILING + 64];
	size_t n;
};

static struct vakt_rec *hdr(struct rec *r)
{
	return (void *)r->b;
}

static struct vakt_rec *rec_init(struct rec *r, uint16_t kind, uint16_t nr, int64_t res)
{
	struct vakt_rec *h = (void *)r->b;

	memset(r, 0, sizeof(*r));
	h->kind = kind;
	h->nr = nr;
	h->res = res;
	h->tid = 4242;
	h->pid = 4240;
	h->cpu = 1;
	h->ts = 1000;
	r->n = sizeof(*h);
	h->len = (uint32_t)r->n;
	return h;
}

static void rec_param(struct rec *r, uint16_t id, const void *p, size_t len)
{
	struct vakt_param ph = {id, (uint16_t)len};

	memcpy(r->b + r->n, &ph, sizeof(ph));
	memcpy(r->b + r->n + sizeof(ph), p, len);
	r->n += sizeof(ph) + len;
	hdr(r)->len = (uint32_t)r->n;
}

/* A string with its NUL, as bpf_probe_read_*_str() leaves it. */
static void rec_str(struct rec *r, uint16_t id, const char *s)
{
	rec_param(r, id, s, strlen(s) + 1);
}

static const struct rt_arg *arg(const struct rt_event *ev, const char *name)
{
	for (uint32_t i = 0; i < ev->n_args; i++)
		if (!strcmp(ev->args[i].name, name))
			return &ev->args[i];
	return NULL;
}

static void assert_str(const struct rt_event *ev, const char *name, const char *want)
{
	const struct rt_arg *a = arg(ev, name);

	if (!a)
		fail_msg("no argument '%s'", name);
	assert_int_equal(a->len, strlen(want));
	assert_memory_equal(a->str, want, a->len);
}

static void assert_num(const struct rt_event *ev, const char *name, int64_t want)
{
	const struct rt_arg *a = arg(ev, name);

	if (!a)
		fail_msg("no argument '%s'", name);
	assert_int_equal(a->num, want);
}

static void decode_ok(const struct rec *r, struct rt_event *ev)
{
	assert_int_equal(rt_probe_decode(r->b, r->n, 5000, ev), 0);
}

static void test_openat(void **state)
{
	struct rec r;
	struct rt_event ev;
	struct vakt_rec *h = rec_init(&r, VAKT_REC_SYSCALL, 257, 3);
	const struct rt_arg *a;

	/* AT_FDCWD as a 32-bit int in a register whose upper half is junk */
	h->args[0] = 0xdeadbeefffffff9cull;
	h->args[1] = 0x7fff0000;
	h->args[2] = O_WRONLY | O_CREAT | O_TRUNC;
	h->args[3] = 0600;
	rec_str(&r, VAKT_P_ARGSTR + 1, "/tmp/x");
	decode_ok(&r, &ev);
	assert_int_equal(ev.type, RT_EV_OPENAT);
	assert_int_equal(ev.tid, 4242);
	assert_int_equal(ev.pid, 4240);
	assert_int_equal(ev.res, 3);
	assert_int_equal(ev.cpu, 1);
	assert_int_equal(ev.ts, 6000);
	assert_null(ev.thread);
	assert_int_equal(ev.n_args, 5);
	/* Falco's order: fd, dirfd, name, flags, mode */
	assert_string_equal(ev.args[0].name, "fd");
	assert_string_equal(ev.args[1].name, "dirfd");
	assert_string_equal(ev.args[2].name, "name");
	assert_string_equal(ev.args[3].name, "flags");
	assert_string_equal(ev.args[4].name, "mode");
	assert_num(&ev, "fd", 3);
	assert_num(&ev, "dirfd", -100);
	assert_str(&ev, "name", "/tmp/x");
	assert_num(&ev, "flags", O_WRONLY | O_CREAT | O_TRUNC);
	assert_num(&ev, "mode", 0600);
	a = arg(&ev, "flags");
	assert_int_equal(a->kind, RT_ARG_UINT);
	assert_int_equal(a->flags, RT_FLAGS_OPEN);
	assert_int_equal(arg(&ev, "mode")->flags, RT_FLAGS_FILE_MODE);
	assert_int_equal(arg(&ev, "fd")->flags, RT_FLAGS_FD);
	assert_int_equal(arg(&ev, "name")->kind, RT_ARG_STR);
}

/* A string the probe could not read is left out, not empty. */
static void test_fault_leaves_arg_out(void **state)
{
	struct rec r;
	struct rt_event ev;

	rec_init(&r, VAKT_REC_SYSCALL, 257, -14);
	decode_ok(&r, &ev);
	assert_null(arg(&ev, "name"));
	assert_num(&ev, "fd", -14);
	assert_int_equal(ev.n_args, 4);
	/* a NULL user pointer is an empty string, as Falco has it */
	rec_init(&r, VAKT_REC_SYSCALL, 165, 0);
	rec_param(&r, VAKT_P_ARGSTR + 0, "", 0);
	rec_str(&r, VAKT_P_ARGSTR + 1, "/mnt");
	rec_str(&r, VAKT_P_ARGSTR + 2, "tmpfs");
	decode_ok(&r, &ev);
	assert_int_equal(ev.type, RT_EV_MOUNT);
	assert_str(&ev, "dev", "");
	assert_str(&ev, "dir", "/mnt");
	assert_str(&ev, "type", "tmpfs");
}

static void test_openat2_and_pipe2(void **state)
{
	struct rec r;
	struct rt_event ev;
	struct vakt_rec *h = rec_init(&r, VAKT_REC_SYSCALL, 437, 5);
	uint64_t how[3] = {O_RDONLY | O_CLOEXEC, 0, 0x8};
	int32_t fds[2] = {7, 8};

	h->args[0] = 9;
	rec_str(&r, VAKT_P_ARGSTR + 1, "etc/passwd");
	rec_param(&r, VAKT_P_STRUCT, how, sizeof(how));
	decode_ok(&r, &ev);
	assert_int_equal(ev.type, RT_EV_OPENAT2);
	assert_num(&ev, "dirfd", 9);
	assert_num(&ev, "flags", O_RDONLY | O_CLOEXEC);
	assert_num(&ev, "mode", 0);
	assert_num(&ev, "resolve", 8);

	h = rec_init(&r, VAKT_REC_SYSCALL, 293, 0);
	h->args[1] = O_CLOEXEC;
	rec_param(&r, VAKT_P_STRUCT, fds, sizeof(fds));
	decode_ok(&r, &ev);
	assert_int_equal(ev.type, RT_EV_PIPE2);
	assert_num(&ev, "fd1", 7);
	assert_num(&ev, "fd2", 8);
	assert_num(&ev, "flags", O_CLOEXEC);
	/* a struct cut short gives no value */
	rec_init(&r, VAKT_REC_SYSCALL, 437, 5);
	rec_param(&r, VAKT_P_STRUCT, how, 8);
	decode_ok(&r, &ev);
	assert_num(&ev, "flags", O_RDONLY | O_CLOEXEC);
	assert_null(arg(&ev, "mode"));
	assert_null(arg(&ev, "resolve"));
}

static struct vakt_tuple tuple4(const char *src, uint16_t sport, const char *dst, uint16_t dport,
                                uint8_t proto)
{
	struct vakt_tuple t;
	struct in_addr a;

	memset(&t, 0, sizeof(t));
	t.family = AF_INET;
	t.sport = sport;
	t.dport = dport;
	t.l4proto = proto;
	inet_pton(AF_INET, src, &a);
	memcpy(t.saddr, &a, 4);
	inet_pton(AF_INET, dst, &a);
	memcpy(t.daddr, &a, 4);
	return t;
}

static void test_connect_tuple(void **state)
{
	struct rec r;
	struct rt_event ev;
	struct vakt_rec *h = rec_init(&r, VAKT_REC_SYSCALL, 42, 0);
	struct vakt_tuple t = tuple4("10.0.0.5", 40000, "192.0.2.1", 443, IPPROTO_TCP);
	struct sockaddr_in sin = {.sin_family = AF_INET, .sin_port = htons(443)};
	const struct rt_arg *a;

	h->args[0] = 3;
	inet_pton(AF_INET, "192.0.2.1", &sin.sin_addr);
	rec_param(&r, VAKT_P_USOCKADDR, &sin, sizeof(sin));
	rec_param(&r, VAKT_P_TUPLE, &t, sizeof(t));
	decode_ok(&r, &ev);
	assert_int_equal(ev.type, RT_EV_CONNECT);
	assert_string_equal(ev.args[0].name, "res");
	assert_string_equal(ev.args[1].name, "tuple");
	assert_string_equal(ev.args[2].name, "fd");
	a = arg(&ev, "tuple");
	assert_int_equal(a->kind, RT_ARG_TUPLE);
	assert_int_equal(a->sa.family, AF_INET);
	assert_int_equal(a->sa.port, 40000);
	assert_int_equal(a->peer.port, 443);
	assert_memory_equal(a->sa.addr, "\x0a\x00\x00\x05", 4);
	assert_memory_equal(a->peer.addr, "\xc0\x00\x02\x01", 4);
	assert_int_equal(a->l4proto, IPPROTO_TCP);
	a = arg(&ev, "addr");
	assert_int_equal(a->kind, RT_ARG_SOCKADDR);
	assert_int_equal(a->sa.family, AF_INET);
	assert_int_equal(a->sa.port, 443);
	assert_num(&ev, "fd", 3);

	/* refused: the kernel cleared the peer's port; the caller's address stands in */
	rec_init(&r, VAKT_REC_SYSCALL, 42, -ECONNREFUSED);
	t = tuple4("0.0.0.0", 0, "127.0.0.1", 0, IPPROTO_TCP);
	sin.sin_port = htons(1);
	inet_pton(AF_INET, "127.0.0.1", &sin.sin_addr);
	rec_param(&r, VAKT_P_TUPLE, &t, sizeof(t));
	rec_param(&r, VAKT_P_USOCKADDR, &sin, sizeof(sin));
	decode_ok(&r, &ev);
	a = arg(&ev, "tuple");
	assert_int_equal(a->peer.port, 1);
	assert_memory_equal(a->peer.addr, "\x7f\x00\x00\x01", 4);
	assert_num(&ev, "res", -ECONNREFUSED);

	/* the fd was no socket: no tuple */
	rec_init(&r, VAKT_REC_SYSCALL, 42, -ENOTSOCK);
	memset(&t, 0, sizeof(t));
	rec_param(&r, VAKT_P_TUPLE, &t, sizeof(t));
	decode_ok(&r, &ev);
	assert_null(arg(&ev, "tuple"));
}

static void test_sendto_unconnected_and_v6(void **state)
{
	struct rec r;
	struct rt_event ev;
	struct vakt_tuple t = tuple4("0.0.0.0", 5353, "0.0.0.0", 0, IPPROTO_UDP);
	struct sockaddr_in sin = {.sin_family = AF_INET, .sin_port = htons(53)};
	struct sockaddr_in6 s6 = {.sin6_family = AF_INET6, .sin6_port = htons(8443)};
	const struct rt_arg *a;

	inet_pton(AF_INET, "198.51.100.7", &sin.sin_addr);
	rec_init(&r, VAKT_REC_SYSCALL, 44, 12)->args[2] = 12;
	rec_param(&r, VAKT_P_TUPLE, &t, sizeof(t));
	rec_param(&r, VAKT_P_USOCKADDR, &sin, sizeof(sin));
	decode_ok(&r, &ev);
	assert_int_equal(ev.type, RT_EV_SENDTO);
	assert_num(&ev, "size", 12);
	a = arg(&ev, "tuple");
	assert_int_equal(a->sa.port, 5353);
	assert_int_equal(a->peer.port, 53);
	assert_memory_equal(a->peer.addr, "\xc6\x33\x64\x07", 4);
	assert_int_equal(a->l4proto, IPPROTO_UDP);

	inet_pton(AF_INET6, "2001:db8::1", &s6.sin6_addr);
	rec_init(&r, VAKT_REC_SYSCALL, 49, 0);
	rec_param(&r, VAKT_P_USOCKADDR, &s6, sizeof(s6));
	decode_ok(&r, &ev);
	assert_int_equal(ev.type, RT_EV_BIND);
	a = arg(&ev, "addr");
	assert_int_equal(a->sa.family, AF_INET6);
	assert_int_equal(a->sa.port, 8443);
	assert_memory_equal(a->sa.addr, &s6.sin6_addr, 16);
	/* a sockaddr shorter than its family needs gives the family alone */
	rec_init(&r, VAKT_REC_SYSCALL, 49, 0);
	rec_param(&r, VAKT_P_USOCKADDR, &s6, 10);
	decode_ok(&r, &ev);
	assert_int_equal(arg(&ev, "addr")->sa.port, 0);
}

static void test_unix_tuple(void **state)
{
	struct rec r;
	struct rt_event ev;
	unsigned char buf[sizeof(struct vakt_tuple) + 32];
	struct vakt_tuple t;
	const struct rt_arg *a;
	static const char path[] = "/var/run/docker.sock";

	memset(&t, 0, sizeof(t));
	t.family = AF_UNIX;
	memcpy(buf, &t, sizeof(t));
	memcpy(buf + sizeof(t), path, sizeof(path) - 1);
	rec_init(&r, VAKT_REC_SYSCALL, 42, 0);
	rec_param(&r, VAKT_P_TUPLE, buf, sizeof(t) + sizeof(path) - 1);
	decode_ok(&r, &ev);
	a = arg(&ev, "tuple");
	assert_int_equal(a->sa.family, AF_UNIX);
	assert_int_equal(a->peer.path_len, strlen(path));
	assert_memory_equal(a->peer.path, path, strlen(path));
}

static void test_accept_capset_prctl(void **state)
{
	struct rec r;
	struct rt_event ev;
	struct vakt_tuple t = tuple4("10.0.0.1", 8080, "10.0.0.9", 51000, IPPROTO_TCP);
	struct vakt_creds c = {.cap_inheritable = 0, .cap_permitted = 0x3, .cap_effective = 0x1};
	struct vakt_rec *h;

	rec_init(&r, VAKT_REC_SYSCALL, 288, 6)->args[3] = SOCK_CLOEXEC;
	rec_param(&r, VAKT_P_TUPLE, &t, sizeof(t));
	decode_ok(&r, &ev);
	assert_int_equal(ev.type, RT_EV_ACCEPT4);
	assert_num(&ev, "fd", 6);
	assert_int_equal(arg(&ev, "tuple")->peer.port, 51000);
	assert_num(&ev, "flags", SOCK_CLOEXEC);

	rec_init(&r, VAKT_REC_SYSCALL, 126, 0);
	rec_param(&r, VAKT_P_CREDS, &c, sizeof(c));
	decode_ok(&r, &ev);
	assert_int_equal(ev.type, RT_EV_CAPSET);
	assert_num(&ev, "cap_permitted", 3);
	assert_num(&ev, "cap_effective", 1);
	assert_num(&ev, "cap_inheritable", 0);
	assert_int_equal(arg(&ev, "cap_effective")->flags, RT_FLAGS_CAPS);

	h = rec_init(&r, VAKT_REC_SYSCALL, 157, 0);
	h->args[0] = 15; /* PR_SET_NAME */
	h->args[1] = 0x7fff1000;
	rec_str(&r, VAKT_P_ARGSTR + 1, "kworker");
	decode_ok(&r, &ev);
	assert_int_equal(ev.type, RT_EV_PRCTL);
	assert_num(&ev, "option", 15);
	assert_str(&ev, "arg2_str", "kworker");
	assert_num(&ev, "arg2_int", 0x7fff1000);
}

static void test_ptrace_dup_kill(void **state)
{
	struct rec r;
	struct rt_event ev;
	struct vakt_rec *h = rec_init(&r, VAKT_REC_SYSCALL, 101, 0);

	h->args[0] = 16; /* PTRACE_ATTACH */
	h->args[1] = 1234;
	decode_ok(&r, &ev);
	assert_int_equal(ev.type, RT_EV_PTRACE);
	assert_num(&ev, "request", 16);
	assert_int_equal(arg(&ev, "request")->flags, RT_FLAGS_PTRACE_REQ);
	assert_num(&ev, "pid", 1234);

	h = rec_init(&r, VAKT_REC_SYSCALL, 33, 1);
	h->args[0] = 3;
	h->args[1] = 1;
	decode_ok(&r, &ev);
	assert_int_equal(ev.type, RT_EV_DUP2);
	assert_num(&ev, "res", 1);
	assert_num(&ev, "oldfd", 3);
	assert_num(&ev, "newfd", 1);

	h = rec_init(&r, VAKT_REC_SYSCALL, 62, 0);
	h->args[0] = 0xffffffff; /* kill(-1, ...) */
	h->args[1] = 9;
	decode_ok(&r, &ev);
	assert_num(&ev, "pid", -1);
	assert_num(&ev, "sig", 9);
}

static void test_clone_parent_side(void **state)
{
	struct rec r;
	struct rt_event ev;
	uint64_t ca[2] = {0x20000000 /* CLONE_NEWCGROUP */, 0};

	rec_init(&r, VAKT_REC_SYSCALL, 56, 77)->args[0] = 0x1200011;
	decode_ok(&r, &ev);
	assert_int_equal(ev.type, RT_EV_CLONE);
	assert_num(&ev, "res", 77);
	assert_num(&ev, "flags", 0x1200011);
	rec_init(&r, VAKT_REC_SYSCALL, 435, 78);
	rec_param(&r, VAKT_P_STRUCT, ca, 8);
	decode_ok(&r, &ev);
	assert_int_equal(ev.type, RT_EV_CLONE3);
	assert_num(&ev, "flags", 0x20000000);
	rec_init(&r, VAKT_REC_SYSCALL, 57, 79);
	decode_ok(&r, &ev);
	assert_int_equal(ev.type, RT_EV_FORK);
	assert_num(&ev, "flags", 17);
	rec_init(&r, VAKT_REC_SYSCALL, 58, 80);
	decode_ok(&r, &ev);
	assert_int_equal(ev.type, RT_EV_VFORK);
	assert_num(&ev, "flags", 0x4111);
}

static void add_task(struct rec *r)
{
	struct vakt_proc p;
	static const char argv[] = "cat\0/etc/hostname\0-n";
	static const char cg[] = "cpu=/docker/abc\0unified=/\0";

	memset(&p, 0, sizeof(p));
	p.ptid = 4000;
	p.vtid = 1;
	p.vpid = 1;
	p.uid = 1000;
	p.gid = 100;
	p.loginuid = (uint32_t)-1;
	p.tty = 0x8801;
	p.pidns_ino = 4026532177u;
	p.mntns_ino = 4026532176u;
	p.exe_flags = VAKT_EXE_UPPER_LAYER | VAKT_EXE_WRITABLE;
	p.exe_ino = 99;
	p.exe_ino_ctime = 1700000000000000001ull;
	p.exe_ino_mtime = 1600000000000000002ull;
	p.cap_effective = 0x1fffeffffffull;
	rec_param(r, VAKT_P_PROC, &p, sizeof(p));
	rec_str(r, VAKT_P_COMM, "cat");
	rec_str(r, VAKT_P_EXEPATH, "/usr/bin/cat");
	rec_param(r, VAKT_P_ARGS, argv, sizeof(argv)); /* ends with the NUL of "-n" */
	rec_str(r, VAKT_P_CWD, "/root");
	rec_param(r, VAKT_P_CGROUPS, cg, sizeof(cg) - 1);
}

static void test_exec(void **state)
{
	struct rec r;
	struct rt_event ev;
	const struct rt_arg *a;

	rec_init(&r, VAKT_REC_EXEC, 59, 0);
	add_task(&r);
	rec_str(&r, VAKT_P_FILENAME, "/bin/cat");
	decode_ok(&r, &ev);
	assert_int_equal(ev.type, RT_EV_EXECVE);
	assert_string_equal(ev.args[0].name, "res");
	assert_string_equal(ev.args[1].name, "exe");
	assert_string_equal(ev.args[2].name, "args");
	assert_num(&ev, "res", 0);
	assert_str(&ev, "exe", "cat");
	a = arg(&ev, "args");
	assert_int_equal(a->kind, RT_ARG_STRLIST);
	assert_int_equal(a->len, 17);
	assert_memory_equal(a->str, "/etc/hostname\0-n\0", 17);
	assert_num(&ev, "tid", 4242);
	assert_num(&ev, "pid", 4240);
	assert_num(&ev, "ptid", 4000);
	assert_str(&ev, "cwd", "/root");
	assert_str(&ev, "comm", "cat");
	a = arg(&ev, "cgroups");
	assert_int_equal(a->kind, RT_ARG_STRLIST);
	assert_int_equal(a->len, sizeof("cpu=/docker/abc\0unified=/"));
	assert_num(&ev, "tty", 0x8801);
	assert_num(&ev, "loginuid", -1);
	assert_num(&ev, "flags", RT_EXE_UPPER_LAYER | RT_EXE_WRITABLE);
	assert_int_equal(arg(&ev, "flags")->flags, RT_FLAGS_EXECVE);
	assert_num(&ev, "cap_effective", 0x1fffeffffffll);
	assert_num(&ev, "exe_ino", 99);
	assert_num(&ev, "exe_ino_ctime", 1700000000000000001ll);
	assert_num(&ev, "exe_ino_mtime", 1600000000000000002ll);
	assert_num(&ev, "uid", 1000);
	assert_num(&ev, "gid", 100);
	assert_str(&ev, "trusted_exepath", "/usr/bin/cat");
	assert_str(&ev, "filename", "/bin/cat");
	assert_num(&ev, "vtid", 1);
	assert_num(&ev, "vpid", 1);
	assert_num(&ev, "pidns_ino", 4026532177ll);
	assert_num(&ev, "mntns_ino", 4026532176ll);
	assert_true(ev.n_args <= RT_ARGS_MAX);

	/* execveat, and an exec whose syscall is unknown (a kernel helper) */
	rec_init(&r, VAKT_REC_EXEC, 322, 0);
	decode_ok(&r, &ev);
	assert_int_equal(ev.type, RT_EV_EXECVEAT);
	rec_init(&r, VAKT_REC_EXEC, VAKT_NR_NONE, 0);
	decode_ok(&r, &ev);
	assert_int_equal(ev.type, RT_EV_EXECVE);
	assert_null(arg(&ev, "exe"));
	/* argv of one string: empty args */
	rec_init(&r, VAKT_REC_EXEC, 59, 0);
	rec_param(&r, VAKT_P_ARGS, "ls", 3);
	decode_ok(&r, &ev);
	assert_str(&ev, "exe", "ls");
	assert_int_equal(arg(&ev, "args")->len, 0);

	/* a failed exec comes from sys_exit, with the path it was given */
	rec_init(&r, VAKT_REC_SYSCALL, 59, -ENOENT);
	rec_str(&r, VAKT_P_ARGSTR + 0, "/nope");
	decode_ok(&r, &ev);
	assert_int_equal(ev.type, RT_EV_EXECVE);
	assert_num(&ev, "res", -ENOENT);
	assert_str(&ev, "filename", "/nope");
}

static void test_fork_and_exit(void **state)
{
	struct rec r;
	struct rt_event ev;

	rec_init(&r, VAKT_REC_FORK, 56, 0)->args[0] = 0x10000 | 0x800; /* CLONE_THREAD|SIGHAND */
	add_task(&r);
	decode_ok(&r, &ev);
	assert_int_equal(ev.type, RT_EV_CLONE);
	assert_num(&ev, "res", 0);
	assert_num(&ev, "flags", 0x10800);
	assert_int_equal(arg(&ev, "flags")->flags, RT_FLAGS_CLONE);
	assert_num(&ev, "ptid", 4000);
	assert_str(&ev, "exe", "cat");
	assert_null(arg(&ev, "filename"));
	rec_init(&r, VAKT_REC_FORK, 58, 0);
	decode_ok(&r, &ev);
	assert_int_equal(ev.type, RT_EV_VFORK);
	assert_num(&ev, "flags", 0x4111);
	rec_init(&r, VAKT_REC_FORK, 435, 0)->args[0] = 0x20000000;
	decode_ok(&r, &ev);
	assert_int_equal(ev.type, RT_EV_CLONE3);
	assert_num(&ev, "flags", 0x20000000);
	rec_init(&r, VAKT_REC_FORK, VAKT_NR_NONE, 0);
	decode_ok(&r, &ev);
	assert_int_equal(ev.type, RT_EV_CLONE);

	/* killed by SIGSEGV with a core dump, then an exit(3) */
	rec_init(&r, VAKT_REC_EXIT, VAKT_NR_NONE, 0)->args[0] = 0x8b;
	decode_ok(&r, &ev);
	assert_int_equal(ev.type, RT_EV_PROCEXIT);
	assert_num(&ev, "status", 0x8b);
	assert_num(&ev, "sig", 11);
	assert_num(&ev, "core", 1);
	assert_num(&ev, "ret", 0);
	rec_init(&r, VAKT_REC_EXIT, VAKT_NR_NONE, 0)->args[0] = 3 << 8;
	decode_ok(&r, &ev);
	assert_num(&ev, "ret", 3);
	assert_num(&ev, "sig", 0);
}

static void test_malformed(void **state)
{
	static const unsigned char filler[RT_PROBE_REC_CEILING];
	struct rec r;
	struct rt_event ev;
	struct vakt_rec *h;
	struct vakt_param ph = {VAKT_P_ARGSTR + 1, 100};

	rec_init(&r, VAKT_REC_SYSCALL, 257, 3);
	assert_int_equal(rt_probe_decode(r.b, sizeof(struct vakt_rec) - 1, 0, &ev), -EBADMSG);
	/* the header's length disagrees with the sample's */
	assert_int_equal(rt_probe_decode(r.b, r.n + 4, 0, &ev), -EBADMSG);
	/* a parameter running past the end */
	rec_init(&r, VAKT_REC_SYSCALL, 257, 3);
	memcpy(r.b + r.n, &ph, sizeof(ph));
	r.n += sizeof(ph) + 10;
	hdr(&r)->len = (uint32_t)r.n;
	assert_int_equal(rt_probe_decode(r.b, r.n, 0, &ev), -EBADMSG);
	/* half a parameter header */
	rec_init(&r, VAKT_REC_SYSCALL, 257, 3);
	r.n += 2;
	hdr(&r)->len = (uint32_t)r.n;
	assert_int_equal(rt_probe_decode(r.b, r.n, 0, &ev), -EBADMSG);
	/* above the ceiling: too large, a distinct error */
	h = rec_init(&r, VAKT_REC_SYSCALL, 257, 3);
	h->len = RT_PROBE_REC_CEILING + 1;
	assert_int_equal(rt_probe_decode(r.b, RT_PROBE_REC_CEILING + 1, 0, &ev), -E2BIG);
	/* at the ceiling: fine */
	h = rec_init(&r, VAKT_REC_SYSCALL, 257, 3);
	rec_param(&r, 63, filler, RT_PROBE_REC_CEILING - r.n - sizeof(struct vakt_param));
	assert_int_equal(r.n, RT_PROBE_REC_CEILING);
	assert_int_equal(rt_probe_decode(r.b, r.n, 0, &ev), 0);
	/* unknown syscall, unknown kind */
	rec_init(&r, VAKT_REC_SYSCALL, 400, 0);
	assert_int_equal(rt_probe_decode(r.b, r.n, 0, &ev), -ENOENT);
	rec_init(&r, VAKT_REC_SYSCALL, VAKT_NR_NONE, 0);
	assert_int_equal(rt_probe_decode(r.b, r.n, 0, &ev), -ENOENT);
	rec_init(&r, 9, 257, 0);
	assert_int_equal(rt_probe_decode(r.b, r.n, 0, &ev), -ENOENT);
	/* a parameter id the decoder does not know is skipped */
	rec_init(&r, VAKT_REC_SYSCALL, 3, 0);
	rec_param(&r, 200, "xyz", 3);
	rec_param(&r, 50, "xyz", 3);
	decode_ok(&r, &ev);
	assert_int_equal(ev.type, RT_EV_CLOSE);
}

/* The probe's x86_64 numbers against libc's, and every type has a syscall. */
static void test_syscall_table(void **state)
{
#if defined(__x86_64__)
	static const struct {
		long nr;
		enum rt_evtype t;
	} want[] = {
	    {SYS_open, RT_EV_OPEN},
	    {SYS_openat, RT_EV_OPENAT},
	    {SYS_openat2, RT_EV_OPENAT2},
	    {SYS_creat, RT_EV_CREAT},
	    {SYS_close, RT_EV_CLOSE},
	    {SYS_dup, RT_EV_DUP},
	    {SYS_dup2, RT_EV_DUP2},
	    {SYS_dup3, RT_EV_DUP3},
	    {SYS_fcntl, RT_EV_FCNTL},
	    {SYS_read, RT_EV_READ},
	    {SYS_write, RT_EV_WRITE},
	    {SYS_socket, RT_EV_SOCKET},
	    {SYS_socketpair, RT_EV_SOCKETPAIR},
	    {SYS_connect, RT_EV_CONNECT},
	    {SYS_accept, RT_EV_ACCEPT},
	    {SYS_accept4, RT_EV_ACCEPT4},
	    {SYS_bind, RT_EV_BIND},
	    {SYS_listen, RT_EV_LISTEN},
	    {SYS_sendto, RT_EV_SENDTO},
	    {SYS_sendmsg, RT_EV_SENDMSG},
	    {SYS_recvfrom, RT_EV_RECVFROM},
	    {SYS_recvmsg, RT_EV_RECVMSG},
	    {SYS_pipe, RT_EV_PIPE},
	    {SYS_pipe2, RT_EV_PIPE2},
	    {SYS_memfd_create, RT_EV_MEMFD_CREATE},
	    {SYS_symlink, RT_EV_SYMLINK},
	    {SYS_symlinkat, RT_EV_SYMLINKAT},
	    {SYS_link, RT_EV_LINK},
	    {SYS_linkat, RT_EV_LINKAT},
	    {SYS_unlink, RT_EV_UNLINK},
	    {SYS_unlinkat, RT_EV_UNLINKAT},
	    {SYS_rename, RT_EV_RENAME},
	    {SYS_renameat, RT_EV_RENAMEAT},
	    {SYS_renameat2, RT_EV_RENAMEAT2},
	    {SYS_mkdir, RT_EV_MKDIR},
	    {SYS_mkdirat, RT_EV_MKDIRAT},
	    {SYS_rmdir, RT_EV_RMDIR},
	    {SYS_chmod, RT_EV_CHMOD},
	    {SYS_fchmod, RT_EV_FCHMOD},
	    {SYS_fchmodat, RT_EV_FCHMODAT},
	    {SYS_chown, RT_EV_CHOWN},
	    {SYS_fchown, RT_EV_FCHOWN},
	    {SYS_fchownat, RT_EV_FCHOWNAT},
	    {SYS_lchown, RT_EV_LCHOWN},
	    {SYS_chdir, RT_EV_CHDIR},
	    {SYS_fchdir, RT_EV_FCHDIR},
	    {SYS_chroot, RT_EV_CHROOT},
	    {SYS_mount, RT_EV_MOUNT},
	    {SYS_umount2, RT_EV_UMOUNT2},
	    {SYS_unshare, RT_EV_UNSHARE},
	    {SYS_setns, RT_EV_SETNS},
	    {SYS_ptrace, RT_EV_PTRACE},
	    {SYS_init_module, RT_EV_INIT_MODULE},
	    {SYS_finit_module, RT_EV_FINIT_MODULE},
	    {SYS_delete_module, RT_EV_DELETE_MODULE},
	    {SYS_setuid, RT_EV_SETUID},
	    {SYS_setgid, RT_EV_SETGID},
	    {SYS_setreuid, RT_EV_SETREUID},
	    {SYS_setregid, RT_EV_SETREGID},
	    {SYS_setresuid, RT_EV_SETRESUID},
	    {SYS_setresgid, RT_EV_SETRESGID},
	    {SYS_setpgid, RT_EV_SETPGID},
	    {SYS_setsid, RT_EV_SETSID},
	    {SYS_capset, RT_EV_CAPSET},
	    {SYS_prctl, RT_EV_PRCTL},
	    {SYS_bpf, RT_EV_BPF},
	    {SYS_userfaultfd, RT_EV_USERFAULTFD},
	    {SYS_mprotect, RT_EV_MPROTECT},
	    {SYS_mmap, RT_EV_MMAP},
	    {SYS_kill, RT_EV_KILL},
	    {SYS_clone, RT_EV_CLONE},
	    {SYS_clone3, RT_EV_CLONE3},
	    {SYS_fork, RT_EV_FORK},
	    {SYS_vfork, RT_EV_VFORK},
	    {SYS_execve, RT_EV_EXECVE},
	    {SYS_execveat, RT_EV_EXECVEAT},
	};
	bool seen[RT_EV_COUNT] = {false};

	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		struct rec r;
		struct rt_event ev;

		rec_init(&r, VAKT_REC_SYSCALL, (uint16_t)want[i].nr, -1);
		if (rt_probe_decode(r.b, r.n, 0, &ev) != 0 || ev.type != want[i].t)
			fail_msg("syscall %ld decodes to type %d, not %d", want[i].nr, ev.type,
			         want[i].t);
		/* every syscall event has arguments, led by its result */
		assert_true(ev.n_args >= 1);
		assert_true(!strcmp(ev.args[0].name, "res") || !strcmp(ev.args[0].name, "fd"));
		seen[want[i].t] = true;
	}
	for (int t = RT_EV_NONE + 1; t < RT_EV_COUNT; t++)
		if (t != RT_EV_PROCEXIT && !seen[t])
			fail_msg("event type %d has no syscall", t);
#else
	skip();
#endif
}

static void test_state_set_and_ring_size(void **state)
{
	bool set[RT_EV_COUNT] = {false};
	struct rt_probe_opts o;
	struct rt_probe *p = (void *)1;
	struct vakt_error *err = NULL;

	rt_probe_state_evtypes(set);
	assert_true(set[RT_EV_CLONE] && set[RT_EV_EXECVE] && set[RT_EV_PROCEXIT]);
	assert_true(set[RT_EV_CLOSE] && set[RT_EV_DUP2] && set[RT_EV_CONNECT]);
	assert_false(set[RT_EV_OPENAT]); /* expensive: only when the rules ask */

	memset(&o, 0, sizeof(o));
	o.ring_bytes = RT_PROBE_RING_MAX + 1;
	assert_int_equal(rt_probe_open(&o, &p, &err), -E2BIG);
	assert_null(p);
	assert_non_null(strstr(err->msg, "too large"));
	vakt_error_free(err);
	err = NULL;
	o.ring_bytes = 4096;
	assert_int_equal(rt_probe_open(&o, &p, &err), -EINVAL);
	assert_non_null(strstr(err->msg, "too small"));
	vakt_error_free(err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_openat),
	    cmocka_unit_test(test_fault_leaves_arg_out),
	    cmocka_unit_test(test_openat2_and_pipe2),
	    cmocka_unit_test(test_connect_tuple),
	    cmocka_unit_test(test_sendto_unconnected_and_v6),
	    cmocka_unit_test(test_unix_tuple),
	    cmocka_unit_test(test_accept_capset_prctl),
	    cmocka_unit_test(test_ptrace_dup_kill),
	    cmocka_unit_test(test_clone_parent_side),
	    cmocka_unit_test(test_exec),
	    cmocka_unit_test(test_fork_and_exit),
	    cmocka_unit_test(test_malformed),
	    cmocka_unit_test(test_syscall_table),
	    cmocka_unit_test(test_state_set_and_ring_size),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
