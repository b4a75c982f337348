/* SPDX-License-Identifier: MIT */
/*
 * The evt.* fields: the event itself, its arguments rendered as Falco
 * renders them (evt.arg.flags "O_TRUNC|O_CREAT|O_WRONLY", evt.arg.fd
 * "<f>/etc/passwd", evt.res "SUCCESS" or "ENOENT"), evt.args, and the open
 * and I/O predicates.
 */
#include <arpa/inet.h>
#include <inttypes.h>
#include <stdio.h>
#include <time.h>

#include "core/util.h"
#include "rt-fields-priv.h"
#include "rt-flags.h"
#include "rt-path.h"

#define K_O_CREAT   0100u
#define K_O_TMPFILE 020000000u
#define K_AF_UNIX   1
#define K_AF_INET6  10

void fx_copy(struct rt_values *out, const char *s, size_t n)
{
	char *p = rt_values_alloc(out, n);

	if (!p)
		return;
	memcpy(p, s, n);
	rt_values_add_str(out, p, n);
}

size_t fx_endpoint_str(uint16_t family, const uint8_t *addr, uint16_t port, char *buf, size_t cap)
{
	char ip[INET6_ADDRSTRLEN];
	int n;

	if (!inet_ntop(family == K_AF_INET6 ? AF_INET6 : AF_INET, addr, ip, sizeof(ip)))
		return 0;
	n = snprintf(buf, cap, "%s:%u", ip, (unsigned)port);
	return n > 0 && (size_t)n < cap ? (size_t)n : 0;
}

bool fx_creates_fd(enum rt_evtype t)
{
	switch (t) {
	case RT_EV_OPEN:
	case RT_EV_OPENAT:
	case RT_EV_OPENAT2:
	case RT_EV_CREAT:
	case RT_EV_SOCKET:
	case RT_EV_SOCKETPAIR:
	case RT_EV_ACCEPT:
	case RT_EV_ACCEPT4:
	case RT_EV_PIPE:
	case RT_EV_PIPE2:
	case RT_EV_MEMFD_CREATE:
	case RT_EV_DUP:
	case RT_EV_DUP2:
	case RT_EV_DUP3:
	case RT_EV_USERFAULTFD:
	case RT_EV_BPF:
		return true;
	default:
		return false;
	}
}

bool fx_uses_fd(enum rt_evtype t)
{
	switch (t) {
	case RT_EV_CLOSE:
	case RT_EV_READ:
	case RT_EV_WRITE:
	case RT_EV_CONNECT:
	case RT_EV_BIND:
	case RT_EV_LISTEN:
	case RT_EV_SENDTO:
	case RT_EV_SENDMSG:
	case RT_EV_RECVFROM:
	case RT_EV_RECVMSG:
	case RT_EV_FCNTL:
	case RT_EV_FCHDIR:
	case RT_EV_FCHMOD:
	case RT_EV_FCHOWN:
	case RT_EV_SETNS:
	case RT_EV_MMAP:
	case RT_EV_FINIT_MODULE:
		return true;
	default:
		return false;
	}
}

/* ---- paths ------------------------------------------------------------------ */

/* Falco's PT_FSPATH and PT_FSRELPATH parameters: the path, and the dirfd it is relative to. */
static const struct {
	enum rt_evtype type;
	int role; /* evt.abspath: 0 the one path, 1 src, 2 dst */
	const char *path, *dirfd;
} path_args[] = {
    {RT_EV_OPEN, 0, "name", NULL},
    {RT_EV_OPENAT, 0, "name", "dirfd"},
    {RT_EV_OPENAT2, 0, "name", "dirfd"},
    {RT_EV_CREAT, 0, "name", NULL},
    {RT_EV_SYMLINK, 0, "linkpath", NULL},
    {RT_EV_SYMLINKAT, 0, "linkpath", "linkdirfd"},
    {RT_EV_LINK, 1, "oldpath", NULL},
    {RT_EV_LINK, 2, "newpath", NULL},
    {RT_EV_LINKAT, 1, "oldpath", "olddir"},
    {RT_EV_LINKAT, 2, "newpath", "newdir"},
    {RT_EV_UNLINK, 0, "path", NULL},
    {RT_EV_UNLINKAT, 0, "name", "dirfd"},
    {RT_EV_RENAME, 1, "oldpath", NULL},
    {RT_EV_RENAME, 2, "newpath", NULL},
    {RT_EV_RENAMEAT, 1, "oldpath", "olddirfd"},
    {RT_EV_RENAMEAT, 2, "newpath", "newdirfd"},
    {RT_EV_RENAMEAT2, 1, "oldpath", "olddirfd"},
    {RT_EV_RENAMEAT2, 2, "newpath", "newdirfd"},
    {RT_EV_MKDIR, 0, "path", NULL},
    {RT_EV_MKDIRAT, 0, "path", "dirfd"},
    {RT_EV_RMDIR, 0, "path", NULL},
    {RT_EV_CHMOD, 0, "filename", NULL},
    {RT_EV_FCHMODAT, 0, "filename", "dirfd"},
    {RT_EV_CHOWN, 0, "path", NULL},
    {RT_EV_LCHOWN, 0, "path", NULL},
    {RT_EV_FCHOWNAT, 0, "pathname", "dirfd"},
    {RT_EV_CHROOT, 0, "path", NULL},
    {RT_EV_MOUNT, 0, "dir", NULL},
    {RT_EV_UMOUNT2, 0, "name", NULL},
};

static int path_entry(enum rt_evtype t, const char *name, int role)
{
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(path_args); i++) {
		if (path_args[i].type != t)
			continue;
		if (name ? strcmp(path_args[i].path, name) == 0 : path_args[i].role == role)
			return (int)i;
	}
	return -1;
}

/* The directory a relative path of entry i is relative to: the cwd or the dirfd's name. */
static const char *path_base(const struct rt_event *ev, int i, size_t *len)
{
	const struct rt_arg *d = path_args[i].dirfd ? rt_event_arg(ev, path_args[i].dirfd) : NULL;

	*len = 0;
	if (d && d->num != RT_AT_FDCWD) {
		const struct rt_fd *f = rt_state_fd(ev->state, ev->thread, d->num);

		if (!f || !f->name_len)
			return NULL;
		*len = f->name_len;
		return f->name;
	}
	return rt_state_cwd(ev->state, ev->thread, len);
}

static size_t str_len(const struct rt_arg *a)
{
	size_t n = a->len;

	while (n > 0 && a->str[n - 1] == '\0')
		n--;
	return n;
}

size_t fx_creator_path(const struct rt_event *ev, bool raw, char *buf, size_t cap)
{
	int i = path_entry(ev->type, "name", 0);
	const struct rt_arg *a;
	const char *base;
	size_t blen;

	if (i < 0 || ev->type == RT_EV_UNLINKAT)
		return 0;
	a = rt_event_arg(ev, "name");
	if (!a || a->kind != RT_ARG_STR || !a->str)
		return 0;
	if (raw)
		return rt_path_squeeze(a->str, str_len(a), buf, cap);
	base = path_base(ev, i, &blen);
	return rt_path_join(base, blen, a->str, str_len(a), buf, cap);
}

/* ---- rendering one argument --------------------------------------------------- */

struct rbuf {
	char *p;
	size_t cap, len;
};

static void rb_add(struct rbuf *b, const char *s, size_t n)
{
	if (b->len + n >= b->cap)
		n = b->cap - 1 - b->len;
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static void rb_num(struct rbuf *b, const struct rt_arg *a)
{
	char tmp[32];
	int n = a->kind == RT_ARG_UINT ? snprintf(tmp, sizeof(tmp), "%" PRIu64, (uint64_t)a->num)
	                               : snprintf(tmp, sizeof(tmp), "%" PRId64, a->num);

	rb_add(b, tmp, (size_t)n);
}

/* Falco's buffers: printable bytes as they are, every other byte (NULs included) as '.'. */
static void rb_printable(struct rbuf *b, const char *s, size_t n)
{
	for (size_t i = 0; i < n && b->len + 1 < b->cap; i++) {
		unsigned char c = (unsigned char)s[i];

		b->p[b->len++] = (c >= 0x20 && c < 0x7f) ? (char)c : '.';
	}
	b->p[b->len] = '\0';
}

static void rb_sockaddr(struct rbuf *b, const struct rt_sockaddr *sa)
{
	char tmp[80];
	size_t n;

	if (sa->family == K_AF_UNIX) {
		size_t pl = sa->path_len;

		while (pl > 0 && sa->path && sa->path[pl - 1] == '\0')
			pl--;
		if (sa->path)
			rb_add(b, sa->path, pl);
		return;
	}
	n = fx_endpoint_str(sa->family, sa->addr, sa->port, tmp, sizeof(tmp));
	rb_add(b, tmp, n);
}

/* An accept's tuple reads peer->local (client->server), every other one local->peer. */
static void rb_tuple(struct rbuf *b, const struct rt_event *ev, const struct rt_arg *a)
{
	bool inbound = ev->type == RT_EV_ACCEPT || ev->type == RT_EV_ACCEPT4;

	rb_sockaddr(b, inbound ? &a->peer : &a->sa);
	rb_add(b, "->", 2);
	rb_sockaddr(b, inbound ? &a->sa : &a->peer);
}

/* The resolved text of a numeric argument (fd name, flag names); false when there is none. */
static bool rb_resolved_num(struct rbuf *b, const struct rt_event *ev, const struct rt_arg *a)
{
	char tmp[RT_FLAGS_BUF];
	size_t n;

	if (a->flags == RT_FLAGS_FD && a->num >= 0) {
		const struct rt_fd *f = rt_state_fd(ev->state, ev->thread, a->num);
		char tc[4] = {'<', rt_fdtype_char(f ? f->type : RT_FD_UNKNOWN), 0, 0};

		if (!f)
			return false;
		if ((f->type == RT_FD_IPV4 || f->type == RT_FD_IPV6) && f->l4proto) {
			tc[2] = f->l4proto == 6    ? 't'
			        : f->l4proto == 17 ? 'u'
			        : f->l4proto == 1  ? 'i'
			                           : 'r';
			rb_add(b, tc, 3);
		} else {
			rb_add(b, tc, 2);
		}
		rb_add(b, ">", 1);
		rb_add(b, f->name, f->name_len);
		return true;
	}
	n = rt_flags_render(a->flags, a->num, tmp, sizeof(tmp));
	if (n == 0)
		return false;
	rb_add(b, tmp, n);
	return true;
}

/* A relative path argument resolved against its base; false when not a path or absolute. */
static bool rb_resolved_path(struct rbuf *b, const struct rt_event *ev, const struct rt_arg *a)
{
	int i = path_entry(ev->type, a->name, 0);
	const char *base;
	size_t blen, n;
	char tmp[RT_STATE_MAX_PATH + 1];

	if (i < 0 || !a->str || str_len(a) == 0 || a->str[0] == '/')
		return false;
	base = path_base(ev, i, &blen);
	if (!base)
		return false;
	n = rt_path_join(base, blen, a->str, str_len(a), tmp, sizeof(tmp));
	if (n == 0)
		return false;
	rb_add(b, tmp, n);
	return true;
}

/*
 * evt.arg.X: the resolved form when there is one (flag names, an fd's
 * "<f>/path", a relative path made absolute), else the raw value.
 */
static void render_arg(struct rbuf *b, const struct rt_event *ev, const struct rt_arg *a)
{
	switch (a->kind) {
	case RT_ARG_INT:
	case RT_ARG_UINT:
		if (!rb_resolved_num(b, ev, a))
			rb_num(b, a);
		return;
	case RT_ARG_STR:
		if (!rb_resolved_path(b, ev, a) && a->str)
			rb_add(b, a->str, str_len(a));
		return;
	case RT_ARG_STRLIST:
	case RT_ARG_BYTES:
		if (a->str)
			rb_printable(b, a->str, a->len);
		return;
	case RT_ARG_SOCKADDR:
		rb_sockaddr(b, &a->sa);
		return;
	case RT_ARG_TUPLE:
		rb_tuple(b, ev, a);
		return;
	}
}

/* evt.args: "name=raw" or "name=raw(resolved)", space-separated, as Falco writes them. */
static void render_args(struct rbuf *b, const struct rt_event *ev)
{
	uint32_t n = ev->n_args < RT_ARGS_MAX ? ev->n_args : RT_ARGS_MAX;

	for (uint32_t i = 0; i < n; i++) {
		const struct rt_arg *a = &ev->args[i];
		size_t mark;

		if (!a->name)
			continue;
		if (b->len)
			rb_add(b, " ", 1);
		rb_add(b, a->name, strlen(a->name));
		rb_add(b, "=", 1);
		switch (a->kind) {
		case RT_ARG_INT:
		case RT_ARG_UINT:
			if (a->flags == RT_FLAGS_FILE_MODE) {
				rb_resolved_num(b, ev, a);
				break;
			}
			rb_num(b, a);
			rb_add(b, "(", 1);
			mark = b->len;
			if (!rb_resolved_num(b, ev, a)) {
				b->len = mark - 1;
				b->p[b->len] = '\0';
			} else {
				rb_add(b, ")", 1);
			}
			break;
		case RT_ARG_STR:
			if (a->str)
				rb_add(b, a->str, str_len(a));
			rb_add(b, "(", 1);
			mark = b->len;
			if (!rb_resolved_path(b, ev, a)) {
				b->len = mark - 1;
				b->p[b->len] = '\0';
			} else {
				rb_add(b, ")", 1);
			}
			break;
		default:
			render_arg(b, ev, a);
			break;
		}
	}
}

static void add_rendered(struct rt_values *out, const struct rbuf *b)
{
	fx_copy(out, b->p, b->len);
}

/* ---- the fields ---------------------------------------------------------------- */

FX(evt_num)
{
	rt_values_add_u64(out, RT_FT_U64, fx_ev(vev)->num);
}

/* The event time in local time, as Falco's evt.time family shows it. */
static void add_time(struct rt_values *out, uint64_t ts, int what)
{
	time_t sec = (time_t)(ts / 1000000000ull);
	unsigned long ns = (unsigned long)(ts % 1000000000ull);
	struct tm tm;
	char buf[64];
	size_t n;

	if (what == 2 ? !gmtime_r(&sec, &tm) : !localtime_r(&sec, &tm))
		return;
	switch (what) {
	case 0: /* evt.time: 14:02:03.123456789 */
		n = strftime(buf, sizeof(buf), "%H:%M:%S", &tm);
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, ".%09lu", ns);
		break;
	case 1: /* evt.time.s */
		n = strftime(buf, sizeof(buf), "%H:%M:%S", &tm);
		break;
	case 2: /* evt.time.iso8601, UTC */
		n = strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%S", &tm);
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, ".%09luZ", ns);
		break;
	default: /* evt.datetime */
		n = strftime(buf, sizeof(buf), "%Y-%m-%d %H:%M:%S", &tm);
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, ".%09lu", ns);
		break;
	}
	fx_copy(out, buf, n);
}

FX(evt_time)
{
	add_time(out, fx_ev(vev)->ts, 0);
}

FX(evt_time_s)
{
	add_time(out, fx_ev(vev)->ts, 1);
}

FX(evt_time_iso8601)
{
	add_time(out, fx_ev(vev)->ts, 2);
}

FX(evt_datetime)
{
	add_time(out, fx_ev(vev)->ts, 3);
}

FX(evt_rawtime)
{
	rt_values_add_u64(out, RT_FT_ABSTIME, fx_ev(vev)->ts);
}

FX(evt_rawtime_s)
{
	rt_values_add_u64(out, RT_FT_U64, fx_ev(vev)->ts / 1000000000ull);
}

FX(evt_rawtime_ns)
{
	rt_values_add_u64(out, RT_FT_U64, fx_ev(vev)->ts % 1000000000ull);
}

FX(evt_dir)
{
	/* Exit events only: Falco's '<'. */
	rt_values_add_str(out, "<", 1);
}

FX(evt_type)
{
	const char *n = rt_evtype_name(fx_ev(vev)->type);

	if (n)
		rt_values_add_str(out, n, strlen(n));
}

FX(syscall_type)
{
	const struct rt_event *ev = fx_ev(vev);

	/* procexit is the kernel's, not a system call. */
	if (ev->type != RT_EV_PROCEXIT)
		fx_evt_type(def, arg, vev, out);
}

static const char *fd_category(const struct rt_event *ev)
{
	if (!ev->fd)
		return "unknown";
	switch (ev->fd->type) {
	case RT_FD_FILE:
	case RT_FD_DIRECTORY:
		return "file";
	case RT_FD_IPV4:
	case RT_FD_IPV6:
		return "net";
	case RT_FD_PIPE:
	case RT_FD_UNIX:
	case RT_FD_EVENT:
	case RT_FD_SIGNALFD:
	case RT_FD_INOTIFY:
	case RT_FD_USERFAULTFD:
		return "ipc";
	default:
		return "unknown";
	}
}

FX(evt_category)
{
	const struct rt_event *ev = fx_ev(vev);
	const char *c;

	switch (ev->type) {
	case RT_EV_READ:
	case RT_EV_WRITE:
	case RT_EV_SENDTO:
	case RT_EV_SENDMSG:
	case RT_EV_RECVFROM:
	case RT_EV_RECVMSG:
	case RT_EV_CLOSE:
	case RT_EV_DUP:
	case RT_EV_DUP2:
	case RT_EV_DUP3:
	case RT_EV_FCNTL:
		c = fd_category(ev);
		break;
	case RT_EV_SOCKET:
	case RT_EV_CONNECT:
	case RT_EV_ACCEPT:
	case RT_EV_ACCEPT4:
	case RT_EV_BIND:
	case RT_EV_LISTEN:
		c = "net";
		break;
	case RT_EV_SOCKETPAIR:
	case RT_EV_PIPE:
	case RT_EV_PIPE2:
		c = "ipc";
		break;
	case RT_EV_EXECVE:
	case RT_EV_EXECVEAT:
	case RT_EV_CLONE:
	case RT_EV_CLONE3:
	case RT_EV_FORK:
	case RT_EV_VFORK:
	case RT_EV_PROCEXIT:
	case RT_EV_PTRACE:
	case RT_EV_PRCTL:
	case RT_EV_UNSHARE:
	case RT_EV_SETNS:
	case RT_EV_SETSID:
	case RT_EV_SETPGID:
	case RT_EV_CHROOT:
	case RT_EV_CAPSET:
		c = "process";
		break;
	case RT_EV_SETUID:
	case RT_EV_SETGID:
	case RT_EV_SETREUID:
	case RT_EV_SETREGID:
	case RT_EV_SETRESUID:
	case RT_EV_SETRESGID:
		c = "user";
		break;
	case RT_EV_MMAP:
	case RT_EV_MPROTECT:
	case RT_EV_MEMFD_CREATE:
		c = "memory";
		break;
	case RT_EV_KILL:
		c = "signal";
		break;
	case RT_EV_INIT_MODULE:
	case RT_EV_FINIT_MODULE:
	case RT_EV_DELETE_MODULE:
	case RT_EV_BPF:
	case RT_EV_USERFAULTFD:
		c = "other";
		break;
	default:
		c = "file";
		break;
	}
	rt_values_add_str(out, c, strlen(c));
}

FX(evt_cpu)
{
	rt_values_add_i64(out, fx_ev(vev)->cpu);
}

FX(evt_args)
{
	char buf[8192];
	struct rbuf b = {buf, sizeof(buf), 0};

	buf[0] = '\0';
	render_args(&b, fx_ev(vev));
	add_rendered(out, &b);
}

static const struct rt_arg *field_arg(const struct rt_event *ev, const struct rt_field_arg *arg)
{
	if (!arg || !arg->has)
		return NULL;
	if (arg->is_index) {
		uint32_t n = ev->n_args < RT_ARGS_MAX ? ev->n_args : RT_ARGS_MAX;

		return arg->index >= 0 && (uint32_t)arg->index < n ? &ev->args[arg->index] : NULL;
	}
	return arg->key ? rt_event_arg(ev, arg->key) : NULL;
}

FX(evt_arg)
{
	const struct rt_event *ev = fx_ev(vev);
	const struct rt_arg *a = field_arg(ev, arg);
	char buf[RT_STATE_MAX_PATH + 64];
	struct rbuf b = {buf, sizeof(buf), 0};

	if (!a)
		return;
	/* A plain string is the event's own: no copy. */
	if (a->kind == RT_ARG_STR && a->str &&
	    (!a->str[0] || a->str[0] == '/' || path_entry(ev->type, a->name, 0) < 0)) {
		rt_values_add_str(out, a->str, str_len(a));
		return;
	}
	buf[0] = '\0';
	render_arg(&b, ev, a);
	add_rendered(out, &b);
}

FX(evt_rawarg)
{
	const struct rt_arg *a = field_arg(fx_ev(vev), arg);

	if (a && (a->kind == RT_ARG_INT || a->kind == RT_ARG_UINT))
		rt_values_add_i64(out, a->num);
}

FX(evt_res)
{
	const struct rt_event *ev = fx_ev(vev);
	const char *e;
	char tmp[32];
	int n;

	if (ev->type == RT_EV_PROCEXIT)
		return;
	if (ev->res >= 0) {
		rt_values_add_str(out, "SUCCESS", 7);
		return;
	}
	e = rt_errno_name(ev->res);
	if (e) {
		rt_values_add_str(out, e, strlen(e));
		return;
	}
	n = snprintf(tmp, sizeof(tmp), "%" PRId64, ev->res);
	fx_copy(out, tmp, (size_t)n);
}

FX(evt_rawres)
{
	if (fx_ev(vev)->type != RT_EV_PROCEXIT)
		rt_values_add_i64(out, fx_ev(vev)->res);
}

FX(evt_failed)
{
	if (fx_ev(vev)->type != RT_EV_PROCEXIT)
		rt_values_add_bool(out, fx_ev(vev)->res < 0);
}

static bool is_open(enum rt_evtype t)
{
	return t == RT_EV_OPEN || t == RT_EV_OPENAT || t == RT_EV_OPENAT2;
}

static uint32_t open_ppm(const struct rt_event *ev)
{
	const struct rt_arg *a = rt_event_arg(ev, "flags");

	return a ? rt_open_flags_ppm((uint32_t)a->num) : rt_open_flags_ppm(0);
}

FX(evt_is_open_read)
{
	const struct rt_event *ev = fx_ev(vev);

	rt_values_add_bool(out, is_open(ev->type) && (open_ppm(ev) & RT_PPM_O_RDONLY));
}

FX(evt_is_open_write)
{
	const struct rt_event *ev = fx_ev(vev);

	rt_values_add_bool(out, is_open(ev->type) && (open_ppm(ev) & RT_PPM_O_WRONLY));
}

FX(evt_is_open_exec)
{
	const struct rt_event *ev = fx_ev(vev);
	const struct rt_arg *mode = rt_event_arg(ev, "mode");
	bool x = false;

	/* Created with an execute bit: Falco's check of open's mode (creat always creates). */
	if (mode && (mode->num & 0111)) {
		if (ev->type == RT_EV_CREAT)
			x = true;
		else if (is_open(ev->type))
			x = (open_ppm(ev) & (RT_PPM_O_CREAT | RT_PPM_O_TMPFILE)) != 0;
	}
	rt_values_add_bool(out, x);
}

FX(evt_is_open_create)
{
	const struct rt_event *ev = fx_ev(vev);
	uint32_t p = is_open(ev->type) ? open_ppm(ev) : 0;

	rt_values_add_bool(out,
	                   (p & RT_PPM_O_F_CREATED) || ((p & RT_PPM_O_TMPFILE) && ev->res >= 0));
}

static int io_dir(enum rt_evtype t)
{
	switch (t) {
	case RT_EV_READ:
	case RT_EV_RECVFROM:
	case RT_EV_RECVMSG:
		return 1;
	case RT_EV_WRITE:
	case RT_EV_SENDTO:
	case RT_EV_SENDMSG:
		return 2;
	default:
		return 0;
	}
}

FX(evt_is_io)
{
	rt_values_add_bool(out, io_dir(fx_ev(vev)->type) != 0);
}

FX(evt_is_io_read)
{
	rt_values_add_bool(out, io_dir(fx_ev(vev)->type) == 1);
}

FX(evt_is_io_write)
{
	rt_values_add_bool(out, io_dir(fx_ev(vev)->type) == 2);
}

FX(evt_io_dir)
{
	int d = io_dir(fx_ev(vev)->type);

	if (d)
		rt_values_add_str(out, d == 1 ? "read" : "write", d == 1 ? 4 : 5);
}

FX(evt_buffer)
{
	const struct rt_arg *a = rt_event_arg(fx_ev(vev), "data");
	struct rt_value v = {.type = RT_FT_BYTES};

	if (!a || !a->str)
		return;
	v.s.p = a->str;
	v.s.n = a->len;
	rt_values_add(out, &v);
}

FX(evt_buflen)
{
	const struct rt_event *ev = fx_ev(vev);

	if (io_dir(ev->type) && ev->fd && ev->res >= 0)
		rt_values_add_u64(out, RT_FT_U64, (uint64_t)ev->res);
}

FX(evt_count)
{
	rt_values_add_u64(out, RT_FT_U64, 1);
}

/* evt.abspath: the path a *at call names, made absolute (Falco's, for the dirfd calls). */
static void add_abspath(const struct rt_event *ev, int role, struct rt_values *out)
{
	int i = path_entry(ev->type, NULL, role);
	const struct rt_arg *a;
	const char *base = NULL;
	size_t blen = 0, n;
	char tmp[RT_STATE_MAX_PATH + 1];

	if (i < 0 || !path_args[i].dirfd)
		return;
	a = rt_event_arg(ev, path_args[i].path);
	if (!a || !a->str || str_len(a) == 0)
		return;
	if (a->str[0] != '/') {
		base = path_base(ev, i, &blen);
		if (!base)
			return;
	}
	n = rt_path_join(base, blen, a->str, str_len(a), tmp, sizeof(tmp));
	if (n)
		fx_copy(out, tmp, n);
}

FX(evt_abspath)
{
	add_abspath(fx_ev(vev), path_entry(fx_ev(vev)->type, NULL, 0) >= 0 ? 0 : 1, out);
}

FX(evt_abspath_src)
{
	add_abspath(fx_ev(vev), 1, out);
}

FX(evt_abspath_dst)
{
	add_abspath(fx_ev(vev), 2, out);
}

FX(evt_hostname)
{
	const char *h = rt_state_hostname(fx_ev(vev)->state);

	if (h)
		rt_values_add_str(out, h, strlen(h));
}

FX(evt_source)
{
	rt_values_add_str(out, "syscall", 7);
}
