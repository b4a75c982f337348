/* SPDX-License-Identifier: MIT */
/*
 * Descriptor events: what creates a descriptor (the open family, creat,
 * socket, socketpair, accept, dup*, fcntl(F_DUPFD), pipe, memfd_create, bpf,
 * userfaultfd), what changes one (connect, bind, sendto/sendmsg and
 * recvfrom/recvmsg with an address), close, and ev->fd for every event that
 * uses one. Socket names are Falco's: "client:port->server:port".
 */
#include <arpa/inet.h>
#include <stdio.h>

#include "core/util.h"
#include "rt-flags.h"
#include "rt-path.h"
#include "rt-state-priv.h"

#define K_AF_UNIX         1
#define K_AF_INET         2
#define K_AF_INET6        10
#define K_AF_NETLINK      16
#define K_O_CREAT         0100
#define K_O_WRONLY        01
#define K_O_TRUNC         01000
#define K_O_DIRECTORY     0200000
#define K_O_CLOEXEC       02000000
#define K_SOCK_STREAM     1
#define K_SOCK_DGRAM      2
#define K_SOCK_RAW        3
#define K_F_DUPFD         0
#define K_F_DUPFD_CLOEXEC 1030
#define K_EINPROGRESS     115
#define L4_TCP            6
#define L4_UDP            17
#define L4_ICMP           1
#define L4_RAW            255

/* "a.b.c.d:port" by hand (connect and accept name sockets on every call); IPv6 by inet_ntop. */
static size_t endpoint_str(const struct rt_endpoint *e, char *out, size_t cap)
{
	char ip[INET6_ADDRSTRLEN];
	int n;

	if (e->family == K_AF_INET && cap >= 22) {
		size_t len = 0;

		for (int i = 0; i < 4; i++) {
			unsigned v = e->addr[i];

			if (v >= 100)
				out[len++] = (char)('0' + v / 100);
			if (v >= 10)
				out[len++] = (char)('0' + v / 10 % 10);
			out[len++] = (char)('0' + v % 10);
			out[len++] = i < 3 ? '.' : ':';
		}
		{
			char d[5];
			unsigned p = e->port, k = 0;

			do {
				d[k++] = (char)('0' + p % 10);
				p /= 10;
			} while (p);
			while (k)
				out[len++] = d[--k];
		}
		out[len] = '\0';
		return len;
	}
	if (!inet_ntop(e->family == K_AF_INET6 ? AF_INET6 : AF_INET, e->addr, ip, sizeof(ip)))
		return 0;
	n = snprintf(out, cap, "%s:%u", ip, (unsigned)e->port);
	return n > 0 && (size_t)n < cap ? (size_t)n : 0;
}

void st_fd_name_socket(struct rt_fd *f)
{
	char a[64], b[64], name[160];
	const struct rt_endpoint *client = f->is_server ? &f->remote : &f->local;
	const struct rt_endpoint *server = f->is_server ? &f->local : &f->remote;
	size_t an, bn;
	int n;

	if (f->type != RT_FD_IPV4 && f->type != RT_FD_IPV6)
		return;
	if (!server->family && !client->family)
		return;
	if (!f->remote.family) {
		/* A bound socket without a peer: "addr:port". */
		an = endpoint_str(&f->local, a, sizeof(a));
		st_fd_set_name(f, a, an);
		return;
	}
	an = endpoint_str(client, a, sizeof(a));
	bn = endpoint_str(server, b, sizeof(b));
	n = snprintf(name, sizeof(name), "%.*s->%.*s", (int)an, a, (int)bn, b);
	if (n > 0 && (size_t)n < sizeof(name))
		st_fd_set_name(f, name, (size_t)n);
}

static enum rt_fdtype family_type(int64_t family)
{
	switch (family) {
	case K_AF_INET:
		return RT_FD_IPV4;
	case K_AF_INET6:
		return RT_FD_IPV6;
	case K_AF_UNIX:
		return RT_FD_UNIX;
	case K_AF_NETLINK:
		return RT_FD_NETLINK;
	default:
		return RT_FD_UNKNOWN;
	}
}

static void endpoint_from(struct rt_endpoint *e, const struct rt_sockaddr *sa)
{
	memset(e, 0, sizeof(*e));
	if (sa->family != K_AF_INET && sa->family != K_AF_INET6)
		return;
	e->family = sa->family;
	e->port = sa->port;
	memcpy(e->addr, sa->addr, sa->family == K_AF_INET ? 4 : 16);
}

/* An IPv4 address mapped into IPv6 (::ffff:a.b.c.d) reads as IPv4, as Falco shows it. */
static void unmap_v4(struct rt_endpoint *e)
{
	static const uint8_t prefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

	if (e->family == K_AF_INET6 && memcmp(e->addr, prefix, 12) == 0) {
		memmove(e->addr, e->addr + 12, 4);
		memset(e->addr + 4, 0, 12);
		e->family = K_AF_INET;
	}
}

/*
 * Take the two ends of a tuple (or a peer address) into a socket; role:
 * client (connect, sendto) or server (accept, recvfrom). The name is
 * rebuilt, and name_changed_num marks the event when it differs.
 */
static void fd_take_tuple(struct rt_fd *f, const struct rt_arg *a, bool server, uint64_t evnum)
{
	char small[256], *old;
	size_t old_len;
	const char *unix_path = NULL;
	size_t unix_len = 0;

	if (!f || !a)
		return;
	old_len = f->name_len;
	/* The old name on the stack when it fits (a malloc and a free per connect, measured). */
	old = old_len < sizeof(small) ? small : vakt_xmalloc(old_len + 1);
	memcpy(old, f->name, old_len);
	if (a->kind == RT_ARG_TUPLE) {
		endpoint_from(&f->local, &a->sa);
		endpoint_from(&f->remote, &a->peer);
		if (a->l4proto)
			f->l4proto = a->l4proto;
		if (a->peer.family == K_AF_UNIX && a->peer.path) {
			unix_path = a->peer.path;
			unix_len = a->peer.path_len;
		} else if (a->sa.family == K_AF_UNIX && a->sa.path) {
			unix_path = a->sa.path;
			unix_len = a->sa.path_len;
		}
	} else {
		endpoint_from(&f->remote, &a->sa);
		if (a->sa.family == K_AF_UNIX && a->sa.path) {
			unix_path = a->sa.path;
			unix_len = a->sa.path_len;
		}
	}
	unmap_v4(&f->local);
	unmap_v4(&f->remote);
	f->is_server = server;
	if (f->type == RT_FD_UNKNOWN || f->type == RT_FD_IPV4 || f->type == RT_FD_IPV6) {
		/* A dual-stack socket talking IPv4 reads as IPv4, as Falco shows it. */
		if (f->remote.family == K_AF_INET ||
		    (!f->remote.family && f->local.family == K_AF_INET))
			f->type = RT_FD_IPV4;
		else if (f->remote.family == K_AF_INET6 || f->local.family == K_AF_INET6)
			f->type = RT_FD_IPV6;
	}
	if (unix_path && f->type == RT_FD_UNIX) {
		while (unix_len > 0 && unix_path[unix_len - 1] == '\0')
			unix_len--;
		st_fd_set_name(f, unix_path, unix_len);
	} else {
		st_fd_name_socket(f);
	}
	if (f->name_len != old_len || memcmp(f->name, old, old_len) != 0)
		f->name_changed_num = evnum;
	if (old != small)
		free(old);
}

static const struct rt_arg *tuple_arg(const struct rt_event *ev)
{
	const struct rt_arg *a = rt_event_arg(ev, "tuple");

	if (!a)
		a = rt_event_arg(ev, "addr");
	if (a && a->kind != RT_ARG_TUPLE && a->kind != RT_ARG_SOCKADDR)
		return NULL;
	return a;
}

static int64_t num_or(const struct rt_event *ev, const char *name, int64_t dflt)
{
	int64_t v;

	return st_arg_num(ev, name, &v) ? v : dflt;
}

/* open, openat, openat2, creat: the new descriptor, named by its resolved path. */
static void on_open(struct rt_state *s, struct rt_event *ev, struct rt_thread *t)
{
	const char *path;
	size_t plen, blen = 0, n;
	const char *base = NULL;
	int64_t dirfd = RT_AT_FDCWD, fd = num_or(ev, "fd", ev->res);
	uint32_t flags;
	char buf[RT_STATE_MAX_PATH + 1];
	struct rt_fd *f;

	if (ev->res < 0 || fd < 0 || !st_arg_str(ev, "name", &path, &plen))
		return;
	while (plen > 0 && path[plen - 1] == '\0')
		plen--;
	flags = (uint32_t)num_or(ev, "flags",
	                         ev->type == RT_EV_CREAT ? K_O_CREAT | K_O_WRONLY | K_O_TRUNC : 0);
	if (ev->type == RT_EV_OPENAT || ev->type == RT_EV_OPENAT2)
		dirfd = num_or(ev, "dirfd", RT_AT_FDCWD);
	if (dirfd == RT_AT_FDCWD) {
		base = rt_state_cwd(s, t, &blen);
	} else {
		const struct rt_fd *d = st_fd_get(s, t, dirfd);

		if (d) {
			base = d->name;
			blen = d->name_len;
		}
	}
	f = st_fd_add(s, t, fd, (flags & K_O_DIRECTORY) ? RT_FD_DIRECTORY : RT_FD_FILE);
	ev->fd = f;
	if (!f)
		return;
	f->flags = flags;
	n = rt_path_join(base, blen, path, plen, buf, sizeof(buf));
	st_fd_set_name(f, buf, n);
	n = rt_path_squeeze(path, plen, buf, sizeof(buf));
	/* The raw name is kept only when it differs from the resolved one. */
	if (n != f->name_len || memcmp(buf, f->name, n) != 0) {
		f->nameraw = vakt_xstrndup(buf, n);
		f->nameraw_len = n;
	}
}

static uint8_t sock_l4proto(int64_t family, int64_t type, int64_t proto)
{
	if (family != K_AF_INET && family != K_AF_INET6)
		return 0;
	switch (type & 0xf) {
	case K_SOCK_STREAM:
		return L4_TCP;
	case K_SOCK_DGRAM:
		return (proto == 1 || proto == 58) ? L4_ICMP : L4_UDP;
	case K_SOCK_RAW:
		return L4_RAW;
	default:
		return 0;
	}
}

static void on_socket(struct rt_state *s, struct rt_event *ev, struct rt_thread *t)
{
	int64_t family = num_or(ev, "domain", 0), type = num_or(ev, "type", 0);
	struct rt_fd *f;

	if (ev->res < 0)
		return;
	f = st_fd_add(s, t, num_or(ev, "fd", ev->res), family_type(family));
	ev->fd = f;
	if (!f)
		return;
	f->flags = (uint32_t)type;
	f->l4proto = sock_l4proto(family, type, num_or(ev, "proto", 0));
}

static void on_pair(struct rt_state *s, struct rt_event *ev, struct rt_thread *t,
                    enum rt_fdtype type, const char *a, const char *b)
{
	int64_t fds[2] = {num_or(ev, a, -1), num_or(ev, b, -1)}, ino = num_or(ev, "ino", 0);
	char name[48] = "";
	int n = 0;

	if (ev->res < 0)
		return;
	if (type == RT_FD_PIPE && ino > 0)
		n = snprintf(name, sizeof(name), "pipe:[%lld]", (long long)ino);
	for (int i = 0; i < 2; i++) {
		struct rt_fd *f = st_fd_add(s, t, fds[i], type);

		if (!f)
			continue;
		f->flags = (uint32_t)num_or(ev, "flags", 0);
		f->ino = (uint64_t)ino;
		if (n > 0)
			st_fd_set_name(f, name, (size_t)n);
		if (!ev->fd)
			ev->fd = f;
	}
}

static void on_connect(struct rt_state *s, struct rt_event *ev, struct rt_thread *t)
{
	int64_t fd = num_or(ev, "fd", -1);
	struct rt_fd *f = st_fd_get(s, t, fd);
	const struct rt_arg *a = tuple_arg(ev);

	if (ev->res < 0 && ev->res != -K_EINPROGRESS) {
		ev->fd = f;
		return;
	}
	if (!f && a && fd >= 0) {
		/* A socket made before vakt started: the tuple tells its family. */
		f = st_fd_add(s, t, fd, family_type(a->sa.family));
	}
	ev->fd = f;
	if (!f)
		return;
	fd_take_tuple(f, a, false, ev->num);
	f->connected = ev->res == 0;
}

static void on_accept(struct rt_state *s, struct rt_event *ev, struct rt_thread *t)
{
	const struct rt_arg *a = tuple_arg(ev);
	struct rt_fd *f;
	uint16_t family;

	if (ev->res < 0)
		return;
	family =
	    a ? (a->kind == RT_ARG_TUPLE && a->peer.family ? a->peer.family : a->sa.family) : 0;
	f = st_fd_add(s, t, num_or(ev, "fd", ev->res), family_type(family));
	ev->fd = f;
	if (!f)
		return;
	f->connected = true;
	fd_take_tuple(f, a, true, ev->num);
	if (!f->l4proto && (f->type == RT_FD_IPV4 || f->type == RT_FD_IPV6))
		f->l4proto = L4_TCP; /* accept serves stream sockets */
}

static void on_bind(struct rt_state *s, struct rt_event *ev, struct rt_thread *t)
{
	struct rt_fd *f = st_fd_get(s, t, num_or(ev, "fd", -1));
	const struct rt_arg *a = rt_event_arg(ev, "addr");

	ev->fd = f;
	if (!f || ev->res != 0 || !a || a->kind != RT_ARG_SOCKADDR)
		return;
	if (a->sa.family == K_AF_UNIX && a->sa.path) {
		size_t n = a->sa.path_len;

		while (n > 0 && a->sa.path[n - 1] == '\0')
			n--;
		st_fd_set_name(f, a->sa.path, n);
		return;
	}
	endpoint_from(&f->local, &a->sa);
	unmap_v4(&f->local);
	memset(&f->remote, 0, sizeof(f->remote));
	f->is_server = true;
	st_fd_name_socket(f);
	f->name_changed_num = ev->num;
}

/* sendto/sendmsg (client) and recvfrom/recvmsg (server) with an address: UDP's changing peer. */
static void on_datagram(struct rt_state *s, struct rt_event *ev, struct rt_thread *t, bool server)
{
	struct rt_fd *f = st_fd_get(s, t, num_or(ev, "fd", -1));
	const struct rt_arg *a = tuple_arg(ev);

	ev->fd = f;
	if (!f || ev->res < 0 || !a || f->connected)
		return;
	if (f->type != RT_FD_IPV4 && f->type != RT_FD_IPV6 && f->type != RT_FD_UNKNOWN)
		return;
	fd_take_tuple(f, a, server, ev->num);
}

static void on_dup(struct rt_state *s, struct rt_event *ev, struct rt_thread *t, int64_t old)
{
	struct rt_fd *from = st_fd_get(s, t, old), *f;

	if (ev->res < 0)
		return;
	if (ev->res == old) {
		ev->fd = from;
		return;
	}
	if (!from) {
		/* The target was closed by dup2 and now holds something not known. */
		st_fd_remove(s, t, ev->res);
		return;
	}
	f = st_fd_add(s, t, ev->res, from->type);
	ev->fd = f;
	if (!f)
		return;
	*f = *from;
	f->fd = ev->res;
	f->name = st_fd_noname; /* from's, or its inline storage: a copy of its own below */
	f->name_len = 0;
	st_fd_set_name(f, from->name, from->name_len);
	f->nameraw = from->nameraw ? vakt_xstrndup(from->nameraw, from->nameraw_len) : NULL;
	/* The copy does not inherit close-on-exec unless dup3 or F_DUPFD_CLOEXEC asked. */
	f->flags &= ~(uint32_t)K_O_CLOEXEC;
	if ((ev->type == RT_EV_DUP3 && (num_or(ev, "flags", 0) & K_O_CLOEXEC)) ||
	    (ev->type == RT_EV_FCNTL && num_or(ev, "cmd", -1) == K_F_DUPFD_CLOEXEC))
		f->flags |= K_O_CLOEXEC;
}

static void on_new_typed(struct rt_state *s, struct rt_event *ev, struct rt_thread *t,
                         enum rt_fdtype type)
{
	struct rt_fd *f;

	if (ev->res < 0)
		return;
	f = st_fd_add(s, t, ev->res, type);
	ev->fd = f;
	if (f && type == RT_FD_MEMFD) {
		const char *name;
		size_t n;
		struct vakt_buf b = VAKT_BUF_INIT;

		f->flags = (uint32_t)num_or(ev, "flags", 0);
		if (st_arg_str(ev, "name", &name, &n)) {
			while (n > 0 && name[n - 1] == '\0')
				n--;
			vakt_buf_adds(&b, "memfd:");
			vakt_buf_add(&b, name, n);
			st_fd_set_name(f, vakt_buf_str(&b), b.len);
			vakt_buf_release(&b);
		}
	}
}

/* bpf(2) commands that return a new descriptor. */
static bool bpf_cmd_makes_fd(int64_t cmd)
{
	switch (cmd) {
	case 0:  /* BPF_MAP_CREATE */
	case 5:  /* BPF_PROG_LOAD */
	case 7:  /* BPF_OBJ_GET */
	case 13: /* BPF_PROG_GET_FD_BY_ID */
	case 14: /* BPF_MAP_GET_FD_BY_ID */
	case 18: /* BPF_BTF_LOAD */
	case 19: /* BPF_BTF_GET_FD_BY_ID */
	case 28: /* BPF_LINK_CREATE */
		return true;
	default:
		return false;
	}
}

void st_apply_fd_event(struct rt_state *s, struct rt_event *ev, struct rt_thread *t)
{
	int64_t v;

	if (!t)
		return;
	switch (ev->type) {
	case RT_EV_OPEN:
	case RT_EV_OPENAT:
	case RT_EV_OPENAT2:
	case RT_EV_CREAT:
		on_open(s, ev, t);
		return;
	case RT_EV_CLOSE:
		v = num_or(ev, "fd", -1);
		ev->fd = st_fd_get(s, t, v);
		if (ev->res == 0)
			st_fd_remove(s, t, v);
		return;
	case RT_EV_SOCKET:
		on_socket(s, ev, t);
		return;
	case RT_EV_SOCKETPAIR:
		on_pair(s, ev, t, family_type(num_or(ev, "domain", K_AF_UNIX)), "fd1", "fd2");
		return;
	case RT_EV_PIPE:
	case RT_EV_PIPE2:
		on_pair(s, ev, t, RT_FD_PIPE, "fd1", "fd2");
		return;
	case RT_EV_CONNECT:
		on_connect(s, ev, t);
		return;
	case RT_EV_ACCEPT:
	case RT_EV_ACCEPT4:
		on_accept(s, ev, t);
		return;
	case RT_EV_BIND:
		on_bind(s, ev, t);
		return;
	case RT_EV_SENDTO:
	case RT_EV_SENDMSG:
		on_datagram(s, ev, t, false);
		return;
	case RT_EV_RECVFROM:
	case RT_EV_RECVMSG:
		on_datagram(s, ev, t, true);
		return;
	case RT_EV_DUP:
	case RT_EV_DUP2:
	case RT_EV_DUP3:
		v = num_or(ev, "oldfd", num_or(ev, "fd", -1));
		on_dup(s, ev, t, v);
		return;
	case RT_EV_FCNTL:
		v = num_or(ev, "cmd", -1);
		if (v == K_F_DUPFD || v == K_F_DUPFD_CLOEXEC)
			on_dup(s, ev, t, num_or(ev, "fd", -1));
		else
			ev->fd = st_fd_get(s, t, num_or(ev, "fd", -1));
		return;
	case RT_EV_MEMFD_CREATE:
		on_new_typed(s, ev, t, RT_FD_MEMFD);
		return;
	case RT_EV_USERFAULTFD:
		on_new_typed(s, ev, t, RT_FD_USERFAULTFD);
		return;
	case RT_EV_BPF:
		if (bpf_cmd_makes_fd(num_or(ev, "cmd", -1)))
			on_new_typed(s, ev, t, RT_FD_BPF);
		return;
	default:
		break;
	}
	/* Any other event with a descriptor argument is about that descriptor. */
	if (st_arg_num(ev, "fd", &v) && v >= 0)
		ev->fd = st_fd_get(s, t, v);
}

void st_fd_exec(struct rt_state *s, struct rt_thread *t)
{
	struct rt_fdtable *ft = t->fds;
	int64_t *close;
	size_t n = 0;

	if (!ft)
		return;
	if (ft->refs > 1) {
		/* exec leaves a shared table (threads, CLONE_FILES) to the others. */
		t->fds = st_fdtable_copy(ft);
		st_fdtable_unref(s, ft);
		ft = t->fds;
	}
	close = vakt_xmalloc((ft->map.n ? ft->map.n : 1) * sizeof(*close));
	for (size_t i = 0; i < ft->map.cap; i++) {
		const struct rt_fd *f = ft->map.slots[i].val;

		/* O_CLOEXEC and SOCK_CLOEXEC are the same bit. */
		if (f && (f->flags & K_O_CLOEXEC))
			close[n++] = f->fd;
	}
	for (size_t i = 0; i < n; i++)
		st_fd_remove(s, t, close[i]);
	free(close);
}
