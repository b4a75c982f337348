/* SPDX-License-Identifier: MIT */
/*
 * The fd.* fields: the descriptor the event is about (ev->fd, set by the
 * state engine) or, for a call that failed to make one, what its arguments
 * named (fd.name of a failed open is its resolved path, fd.num is -1). A
 * socket's ends are read by role: client and server (fd.cip, fd.sip,
 * fd.sport...), local and remote (fd.lip, fd.rport...); a bound socket
 * without a peer has only a server end. Events that touch no descriptor have
 * no fd.* values at all.
 */
#include <inttypes.h>
#include <sys/socket.h>
#include <stdio.h>

#include "core/util.h"
#include "rt-fields-priv.h"
#include "rt-flags.h"
#include "rt-path.h"

static bool is_inet(const struct rt_fd *f)
{
	return f && (f->type == RT_FD_IPV4 || f->type == RT_FD_IPV6);
}

static bool fd_event(const struct rt_event *ev)
{
	return fx_creates_fd(ev->type) || fx_uses_fd(ev->type);
}

static bool is_open_family(enum rt_evtype t)
{
	return t == RT_EV_OPEN || t == RT_EV_OPENAT || t == RT_EV_OPENAT2 || t == RT_EV_CREAT;
}

enum end { E_CLIENT, E_SERVER, E_LOCAL, E_REMOTE };

/* The endpoint of f in role e, NULL when f has none (not a socket, no peer yet). */
static const struct rt_endpoint *endpoint(const struct rt_fd *f, enum end e)
{
	bool peer = f->remote.family != 0;

	if (!is_inet(f))
		return NULL;
	if (!peer) {
		/* A bound, listening socket: the server end only. */
		return e == E_SERVER && f->is_server && f->local.family ? &f->local : NULL;
	}
	switch (e) {
	case E_CLIENT:
		return f->is_server ? &f->remote : &f->local;
	case E_SERVER:
		return f->is_server ? &f->local : &f->remote;
	case E_LOCAL:
		return &f->local;
	case E_REMOTE:
		return &f->remote;
	}
	return NULL;
}

static void add_ip(struct rt_values *out, const struct rt_endpoint *e, enum rt_ftype type)
{
	struct rt_value v = {.type = type};

	if (!e || !e->family)
		return;
	v.net.ip.family = (uint8_t)e->family;
	memcpy(v.net.ip.a, e->addr, sizeof(v.net.ip.a));
	/* For a network field the value is the address as a one-address network. */
	v.net.bits = e->family == AF_INET ? 32 : 128;
	rt_values_add(out, &v);
}

static void add_end_ip(const void *vev, enum end e, enum rt_ftype type, struct rt_values *out)
{
	const struct rt_fd *f = fx_ev(vev)->fd;

	if (f)
		add_ip(out, endpoint(f, e), type);
}

static void add_end_port(const void *vev, enum end e, struct rt_values *out)
{
	const struct rt_fd *f = fx_ev(vev)->fd;
	const struct rt_endpoint *p = f ? endpoint(f, e) : NULL;

	if (p)
		rt_values_add_u64(out, RT_FT_U64, p->port);
}

/* Both ends (fd.ip, fd.port, fd.net): a comparison matches when either does. */
static void add_both(const void *vev, int what, struct rt_values *out)
{
	const struct rt_fd *f = fx_ev(vev)->fd;
	const struct rt_endpoint *c, *s;

	if (!f)
		return;
	c = endpoint(f, E_CLIENT);
	s = endpoint(f, E_SERVER);
	if (what == 1) {
		if (c)
			rt_values_add_u64(out, RT_FT_U64, c->port);
		if (s)
			rt_values_add_u64(out, RT_FT_U64, s->port);
		return;
	}
	add_ip(out, c, what == 0 ? RT_FT_IPADDR : RT_FT_IPNET);
	add_ip(out, s, what == 0 ? RT_FT_IPADDR : RT_FT_IPNET);
}

FX(fd_num)
{
	const struct rt_event *ev = fx_ev(vev);
	const struct rt_arg *a;

	if (ev->fd) {
		rt_values_add_i64(out, ev->fd->fd);
		return;
	}
	if (fx_creates_fd(ev->type)) {
		rt_values_add_i64(out, ev->res >= 0 ? ev->res : -1);
		return;
	}
	a = fx_uses_fd(ev->type) ? rt_event_arg(ev, "fd") : NULL;
	if (a && (a->kind == RT_ARG_INT || a->kind == RT_ARG_UINT))
		rt_values_add_i64(out, a->num);
}

FX(fd_type)
{
	const struct rt_fd *f = fx_ev(vev)->fd;
	const char *n;

	if (!f)
		return;
	n = rt_fdtype_name(f->type);
	rt_values_add_str(out, n, strlen(n));
}

FX(fd_typechar)
{
	const struct rt_event *ev = fx_ev(vev);
	/* Every letter rt_fdtype_char() gives, so that a value can point at static storage. */
	static const char letters[] = "fd46upeslitnbrmPo";
	static const char chars[] = "fdo4p";
	const char *c;

	if (ev->fd) {
		c = memchr(letters, rt_fdtype_char(ev->fd->type), sizeof(letters) - 1);
		if (c)
			rt_values_add_str(out, c, 1);
		return;
	}
	if (!fd_event(ev))
		return;
	/* What a failed call would have made (Falco guesses IPv4 for sockets). */
	if (is_open_family(ev->type))
		c = &chars[0];
	else if (ev->type == RT_EV_SOCKET || ev->type == RT_EV_ACCEPT || ev->type == RT_EV_ACCEPT4)
		c = &chars[3];
	else if (ev->type == RT_EV_PIPE || ev->type == RT_EV_PIPE2)
		c = &chars[4];
	else
		c = &chars[2];
	rt_values_add_str(out, c, 1);
}

/* fd.name of an event without a descriptor: what a creator named, "" for other fd events. */
static void null_fd_name(const struct rt_event *ev, bool raw, struct rt_values *out)
{
	char buf[RT_STATE_MAX_PATH + 1];
	size_t n;
	const struct rt_arg *a;

	if (is_open_family(ev->type)) {
		n = fx_creator_path(ev, raw, buf, sizeof(buf));
		if (n)
			fx_copy(out, buf, n);
		else
			rt_values_add_str(out, "", 0);
		return;
	}
	a = (ev->type == RT_EV_CONNECT || ev->type == RT_EV_ACCEPT || ev->type == RT_EV_ACCEPT4)
	        ? rt_event_arg(ev, "tuple")
	        : NULL;
	if (!raw && a && a->kind == RT_ARG_TUPLE && a->sa.family != AF_UNIX) {
		bool in = ev->type != RT_EV_CONNECT;
		const struct rt_sockaddr *c = in ? &a->peer : &a->sa, *s = in ? &a->sa : &a->peer;
		char x[64], y[64];
		size_t xn = fx_endpoint_str(c->family, c->addr, c->port, x, sizeof(x));
		size_t yn = fx_endpoint_str(s->family, s->addr, s->port, y, sizeof(y));

		n = (size_t)snprintf(buf, sizeof(buf), "%.*s->%.*s", (int)xn, x, (int)yn, y);
		fx_copy(out, buf, n);
		return;
	}
	rt_values_add_str(out, "", 0);
}

FX(fd_name)
{
	const struct rt_event *ev = fx_ev(vev);

	if (ev->fd && !(ev->type == RT_EV_CONNECT && ev->res < 0 && ev->res != -115)) {
		rt_values_add_str(out, ev->fd->name, ev->fd->name_len);
		return;
	}
	if (fd_event(ev))
		null_fd_name(ev, false, out);
}

FX(fd_nameraw)
{
	const struct rt_event *ev = fx_ev(vev);
	const struct rt_fd *f = ev->fd;

	if (f) {
		if (f->type != RT_FD_FILE && f->type != RT_FD_DIRECTORY)
			rt_values_add_str(out, "", 0);
		else if (f->nameraw)
			rt_values_add_str(out, f->nameraw, f->nameraw_len);
		else
			rt_values_add_str(out, f->name, f->name_len);
		return;
	}
	if (fd_event(ev))
		null_fd_name(ev, true, out);
}

/* Falco's dirname: up to the last '/', "/" when that is the first byte or there is none. */
static void add_dirname(struct rt_values *out, const char *name, size_t n, bool copy)
{
	const char *slash = NULL;

	for (size_t i = n; i > 0; i--)
		if (name[i - 1] == '/') {
			slash = name + i - 1;
			break;
		}
	if (!slash || slash == name) {
		rt_values_add_str(out, "/", 1);
		return;
	}
	if ((size_t)(slash - name) < n - 1)
		n = (size_t)(slash - name);
	if (copy)
		fx_copy(out, name, n);
	else
		rt_values_add_str(out, name, n);
}

FX(fd_directory)
{
	const struct rt_event *ev = fx_ev(vev);
	const struct rt_fd *f = ev->fd;
	char buf[RT_STATE_MAX_PATH + 1];
	size_t n;

	if (f) {
		if (f->type == RT_FD_DIRECTORY)
			rt_values_add_str(out, f->name, f->name_len);
		else if (f->type == RT_FD_FILE)
			add_dirname(out, f->name, f->name_len, false);
		return;
	}
	if (is_open_family(ev->type) && (n = fx_creator_path(ev, false, buf, sizeof(buf))) > 0)
		add_dirname(out, buf, n, true);
}

FX(fd_filename)
{
	const struct rt_fd *f = fx_ev(vev)->fd;
	const char *slash;

	if (!f || f->type != RT_FD_FILE)
		return;
	slash = f->name_len ? memrchr(f->name, '/', f->name_len) : NULL;
	if (!slash)
		rt_values_add_str(out, "/", 1);
	else if ((size_t)(slash - f->name) < f->name_len - 1)
		rt_values_add_str(out, slash + 1, f->name_len - (size_t)(slash - f->name) - 1);
	else
		rt_values_add_str(out, f->name, f->name_len);
}

FX(fd_ip)
{
	add_both(vev, 0, out);
}

FX(fd_cip)
{
	add_end_ip(vev, E_CLIENT, RT_FT_IPADDR, out);
}

FX(fd_sip)
{
	add_end_ip(vev, E_SERVER, RT_FT_IPADDR, out);
}

FX(fd_lip)
{
	add_end_ip(vev, E_LOCAL, RT_FT_IPADDR, out);
}

FX(fd_rip)
{
	add_end_ip(vev, E_REMOTE, RT_FT_IPADDR, out);
}

FX(fd_port)
{
	add_both(vev, 1, out);
}

FX(fd_cport)
{
	add_end_port(vev, E_CLIENT, out);
}

FX(fd_sport)
{
	add_end_port(vev, E_SERVER, out);
}

FX(fd_lport)
{
	add_end_port(vev, E_LOCAL, out);
}

FX(fd_rport)
{
	add_end_port(vev, E_REMOTE, out);
}

FX(fd_l4proto)
{
	const struct rt_fd *f = fx_ev(vev)->fd;
	const char *p;

	if (!is_inet(f))
		return;
	switch (f->l4proto) {
	case 6:
		p = "tcp";
		break;
	case 17:
		p = "udp";
		break;
	case 1:
		p = "icmp";
		break;
	case 255:
		p = "raw";
		break;
	default:
		return;
	}
	rt_values_add_str(out, p, strlen(p));
}

FX(fd_sockfamily)
{
	const struct rt_fd *f = fx_ev(vev)->fd;

	if (is_inet(f))
		rt_values_add_str(out, "ip", 2);
	else if (f && f->type == RT_FD_UNIX)
		rt_values_add_str(out, "unix", 4);
}

FX(fd_is_server)
{
	const struct rt_fd *f = fx_ev(vev)->fd;

	if (f)
		rt_values_add_bool(out, is_inet(f) && f->is_server);
}

FX(fd_uid)
{
	const struct rt_event *ev = fx_ev(vev);
	char buf[48];
	int n;

	if (!ev->fd)
		return;
	n = snprintf(buf, sizeof(buf), "%" PRId64 "%" PRId64, ev->tid, ev->fd->fd);
	fx_copy(out, buf, (size_t)n);
}

static void add_prefixed(const struct rt_event *ev, const char *s, size_t n, struct rt_values *out)
{
	const char *id = ev->thread ? ev->thread->ctr.id : NULL;
	size_t il = id ? strlen(id) : 0;
	char *p;

	if (!id)
		return;
	p = rt_values_alloc(out, il + 1 + n);
	if (!p)
		return;
	memcpy(p, id, il);
	p[il] = ':';
	memcpy(p + il + 1, s, n);
	rt_values_add_str(out, p, il + 1 + n);
}

FX(fd_containername)
{
	const struct rt_event *ev = fx_ev(vev);

	if (ev->fd)
		add_prefixed(ev, ev->fd->name, ev->fd->name_len, out);
}

FX(fd_containerdirectory)
{
	const struct rt_event *ev = fx_ev(vev);
	struct rt_values dir;

	if (!ev->fd)
		return;
	rt_values_reset(&dir);
	fx_fd_directory(def, arg, vev, &dir);
	if (dir.n == 1)
		add_prefixed(ev, dir.v[0].s.p, dir.v[0].s.n, out);
}

FX(fd_net)
{
	add_both(vev, 2, out);
}

FX(fd_cnet)
{
	add_end_ip(vev, E_CLIENT, RT_FT_IPNET, out);
}

FX(fd_snet)
{
	add_end_ip(vev, E_SERVER, RT_FT_IPNET, out);
}

FX(fd_lnet)
{
	add_end_ip(vev, E_LOCAL, RT_FT_IPNET, out);
}

FX(fd_rnet)
{
	add_end_ip(vev, E_REMOTE, RT_FT_IPNET, out);
}

FX(fd_connected)
{
	const struct rt_fd *f = fx_ev(vev)->fd;

	if (f)
		rt_values_add_bool(out, f->connected);
}

FX(fd_name_changed)
{
	const struct rt_event *ev = fx_ev(vev);

	if (ev->fd)
		rt_values_add_bool(out, ev->fd->name_changed_num == ev->num);
}

/* No DNS: the *ip.name fields have no value (Falco's resolver is not reproduced). */
FX(fd_cip_name)
{
}

FX(fd_sip_name)
{
}

FX(fd_lip_name)
{
}

FX(fd_rip_name)
{
}

FX(fd_ino)
{
	const struct rt_fd *f = fx_ev(vev)->fd;

	if (f && f->ino)
		rt_values_add_i64(out, (int64_t)f->ino);
}

struct types_acc {
	bool seen[RT_FD_TYPE_COUNT];
};

static void types_visit(const struct rt_fd *f, void *data)
{
	struct types_acc *acc = data;

	if ((unsigned)f->type < RT_FD_TYPE_COUNT)
		acc->seen[f->type] = true;
}

/* fd.types: the distinct types of the process's descriptors; fd.types[N]: descriptor N's. */
FX(fd_types)
{
	const struct rt_event *ev = fx_ev(vev);
	long n = fx_index(arg);
	struct types_acc acc = {{false}};

	if (!ev->thread)
		return;
	if (n >= 0) {
		const struct rt_fd *f = rt_state_fd(ev->state, ev->thread, n);

		if (f)
			fx_str(out, rt_fdtype_name(f->type), strlen(rt_fdtype_name(f->type)));
		return;
	}
	rt_state_foreach_fd(ev->state, ev->thread, types_visit, &acc);
	for (int t = 0; t < RT_FD_TYPE_COUNT; t++)
		if (acc.seen[t])
			rt_values_add_str(out, rt_fdtype_name((enum rt_fdtype)t),
			                  strlen(rt_fdtype_name((enum rt_fdtype)t)));
}

/* Descriptor 0, 1 or 2 of the event's process, by the field's name (proc.stdin.type, ...). */
static const struct rt_fd *std_fd(const struct rt_field_def *def, const void *vev)
{
	const struct rt_event *ev = fx_ev(vev);
	const char *which = def->name + strlen("proc.");
	int64_t n = !strncmp(which, "stdin", 5) ? 0 : !strncmp(which, "stdout", 6) ? 1 : 2;
	const struct rt_thread *t = ev->thread ? rt_state_main_thread(ev->state, ev->thread) : NULL;

	return t ? rt_state_fd(ev->state, t, n) : NULL;
}

FX(proc_std_type)
{
	const struct rt_fd *f = std_fd(def, vev);
	const char *n;

	if (!f)
		return;
	n = rt_fdtype_name(f->type);
	rt_values_add_str(out, n, strlen(n));
}

FX(proc_std_name)
{
	const struct rt_fd *f = std_fd(def, vev);

	if (f)
		rt_values_add_str(out, f->name, f->name_len);
}
