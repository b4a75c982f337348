/* SPDX-License-Identifier: MIT */
/*
 * The recorder: one JSON object per line, written by hand into a buffer
 * (no tree per event, the order of keys fixed, so that two recordings of
 * the same events are the same bytes). A string that is not UTF-8, or holds
 * a NUL, is written {"hex":"..."}.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <sys/socket.h>

#include "core/util.h"
#include "rt-flags.h"
#include "rt-idmap.h"
#include "rt-record.h"

struct rt_recorder {
	FILE *f;
	char *path;
	struct vakt_buf line;
	struct rt_idmap users, groups, ctrs; /* what was written: key -> (void *)1 */
	/* The last thread whose names and metadata were all written, and what it had then. */
	const struct rt_thread *last_thread;
	uint64_t last_mntns;
	uint32_t last_uid, last_gid, last_loginuid;
	char last_ctr[65];
	uint64_t events;
};

static void jstr(struct vakt_buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t bad;

	if (memchr(s, '\0', n) || !vakt_utf8_valid(s, n, &bad)) {
		vakt_buf_adds(b, "{\"hex\":\"");
		for (size_t i = 0; i < n; i++) {
			vakt_buf_addc(b, hex[(unsigned char)s[i] >> 4]);
			vakt_buf_addc(b, hex[(unsigned char)s[i] & 15]);
		}
		vakt_buf_adds(b, "\"}");
		return;
	}
	vakt_buf_addc(b, '"');
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '"' || c == '\\') {
			vakt_buf_addc(b, '\\');
			vakt_buf_addc(b, (char)c);
		} else if (c < 0x20) {
			vakt_buf_addf(b, "\\u%04x", c);
		} else {
			vakt_buf_addc(b, (char)c);
		}
	}
	vakt_buf_addc(b, '"');
}

static void jcstr(struct vakt_buf *b, const char *s)
{
	jstr(b, s, strlen(s));
}

static void key(struct vakt_buf *b, const char *k, bool first)
{
	if (!first)
		vakt_buf_addc(b, ',');
	vakt_buf_addc(b, '"');
	vakt_buf_adds(b, k);
	vakt_buf_adds(b, "\":");
}

static void kint(struct vakt_buf *b, const char *k, int64_t v)
{
	key(b, k, false);
	vakt_buf_addf(b, "%" PRId64, v);
}

/* Unsigned values past INT64_MAX are written "0x...", which JSON integers cannot hold here. */
static void uint_val(struct vakt_buf *b, uint64_t v)
{
	if (v > (uint64_t)INT64_MAX)
		vakt_buf_addf(b, "\"0x%" PRIx64 "\"", v);
	else
		vakt_buf_addf(b, "%" PRIu64, v);
}

static void kuint(struct vakt_buf *b, const char *k, uint64_t v)
{
	key(b, k, false);
	uint_val(b, v);
}

static void kstr(struct vakt_buf *b, const char *k, const char *s, size_t n)
{
	key(b, k, false);
	jstr(b, s, n);
}

/* NUL-separated strings as an array (a NUL after each element when read back). */
static void jlist(struct vakt_buf *b, const char *s, size_t n, char sep)
{
	size_t i = 0;
	bool first = true;

	vakt_buf_addc(b, '[');
	if (n > 0 && s[n - 1] == sep)
		n--;
	while (s && n > 0 && i <= n) {
		size_t j = i;

		while (j < n && s[j] != sep)
			j++;
		if (!first)
			vakt_buf_addc(b, ',');
		jstr(b, s + i, j - i);
		first = false;
		i = j + 1;
	}
	vakt_buf_addc(b, ']');
}

static void jendpoint(struct vakt_buf *b, uint16_t family, const uint8_t *addr, uint16_t port,
                      const char *path, size_t path_len)
{
	char ip[INET6_ADDRSTRLEN];

	vakt_buf_adds(b, "{\"family\":");
	if (family == AF_UNIX) {
		vakt_buf_adds(b, "\"unix\"");
		if (path) {
			while (path_len > 0 && path[path_len - 1] == '\0')
				path_len--;
			kstr(b, "path", path, path_len);
		}
	} else if ((family == AF_INET || family == AF_INET6) &&
	           inet_ntop(family, addr, ip, sizeof(ip))) {
		vakt_buf_adds(b, family == AF_INET ? "\"inet\"" : "\"inet6\"");
		key(b, "addr", false);
		jcstr(b, ip);
		kint(b, "port", port);
	} else {
		vakt_buf_addf(b, "%u", (unsigned)family);
	}
	vakt_buf_addc(b, '}');
}

static int flush_line(struct rt_recorder *r, struct vakt_error **err)
{
	vakt_buf_addc(&r->line, '\n');
	if (fwrite(r->line.data, 1, r->line.len, r->f) != r->line.len)
		return vakt_error_set(err, -EIO, "cannot write '%s': %s", r->path, strerror(errno));
	vakt_buf_reset(&r->line);
	return 0;
}

/* ---- proc lines ---------------------------------------------------------------- */

struct fd_ctx {
	struct vakt_buf *b;
	const struct rt_fd **v;
	size_t n, cap;
};

static void collect_fd(const struct rt_fd *f, void *data)
{
	struct fd_ctx *c = data;

	c->v = vakt_grow(c->v, sizeof(*c->v), c->n + 1, &c->cap);
	c->v[c->n++] = f;
}

static int cmp_fdp(const void *a, const void *b)
{
	const struct rt_fd *x = *(const struct rt_fd *const *)a,
	                   *y = *(const struct rt_fd *const *)b;

	return x->fd < y->fd ? -1 : x->fd > y->fd;
}

static void write_fd(struct vakt_buf *b, const struct rt_fd *f)
{
	vakt_buf_addf(b, "{\"fd\":%" PRId64, f->fd);
	kstr(b, "type", rt_fdtype_name(f->type), strlen(rt_fdtype_name(f->type)));
	kstr(b, "name", f->name, f->name_len);
	kuint(b, "flags", f->flags);
	if (f->l4proto)
		kint(b, "l4proto", f->l4proto);
	if (f->connected)
		vakt_buf_adds(b, ",\"connected\":true");
	if (f->is_server)
		vakt_buf_adds(b, ",\"server\":true");
	if (f->local.family) {
		key(b, "local", false);
		jendpoint(b, f->local.family, f->local.addr, f->local.port, NULL, 0);
	}
	if (f->remote.family) {
		key(b, "remote", false);
		jendpoint(b, f->remote.family, f->remote.addr, f->remote.port, NULL, 0);
	}
	if (f->ino)
		kuint(b, "ino", f->ino);
	vakt_buf_addc(b, '}');
}

static const char *runtime_name(enum rt_ctr_runtime r)
{
	static const char *const names[] = {"host", "docker", "cri", "containerd", "podman", "lxc"};

	return (unsigned)r < VAKT_ARRAY_SIZE(names) ? names[r] : "host";
}

static void write_proc(struct rt_recorder *r, const struct rt_state *s, const struct rt_thread *t)
{
	struct vakt_buf *b = &r->line;
	const struct rt_thread *m = rt_state_main_thread(s, t);

	vakt_buf_adds(b, "{\"proc\":{");
	vakt_buf_addf(b, "\"tid\":%" PRId64, t->tid);
	kint(b, "pid", t->pid);
	kint(b, "ptid", t->ptid);
	kint(b, "sid", t->sid);
	kint(b, "vpgid", t->vpgid);
	kint(b, "vtid", t->vtid);
	kint(b, "vpid", t->vpid);
	kstr(b, "comm", t->comm, t->comm_len);
	if (t->exe)
		kstr(b, "exe", t->exe, t->exe_len);
	if (t->exepath)
		kstr(b, "exepath", t->exepath, t->exepath_len);
	if (t->args) {
		/* The arguments as proc.args shows them, and their count (an argument may hold
		 * spaces). */
		kstr(b, "args", t->args, t->args_len);
		kuint(b, "nargs", t->nargs);
	}
	if (t->cwd)
		kstr(b, "cwd", t->cwd, t->cwd_len);
	if (t->env) {
		key(b, "env", false);
		jlist(b, t->env, t->env_len, '\0');
	}
	if (t->cgroups) {
		key(b, "cgroups", false);
		jlist(b, t->cgroups, t->cgroups_len, ' ');
	}
	key(b, "ctr", false);
	vakt_buf_addf(b, "{\"runtime\":\"%s\"", runtime_name(t->ctr.runtime));
	kstr(b, "id", t->ctr.id, strlen(t->ctr.id));
	kstr(b, "full_id", t->ctr.full_id, strlen(t->ctr.full_id));
	vakt_buf_addc(b, '}');
	kuint(b, "uid", t->uid);
	kuint(b, "gid", t->gid);
	kuint(b, "loginuid", t->loginuid);
	kuint(b, "tty", t->tty);
	kuint(b, "cap_inheritable", t->cap_inheritable);
	kuint(b, "cap_permitted", t->cap_permitted);
	kuint(b, "cap_effective", t->cap_effective);
	kuint(b, "exe_flags", t->exe_flags);
	kuint(b, "exe_ino", t->exe_ino);
	kuint(b, "exe_ino_ctime", t->exe_ino_ctime);
	kuint(b, "exe_ino_mtime", t->exe_ino_mtime);
	kuint(b, "start_ns", t->clone_ts);
	kuint(b, "pidns_init_start_ns", t->pidns_init_start_ts);
	kuint(b, "pidns", t->pidns);
	kuint(b, "mntns", t->mntns);
	/* The descriptors go with the main thread, or with a thread whose main is gone. */
	if (m == t || !m) {
		struct fd_ctx c = {b, NULL, 0, 0};

		rt_state_foreach_fd(s, t, collect_fd, &c);
		if (c.n > 1)
			qsort(c.v, c.n, sizeof(*c.v), cmp_fdp);
		key(b, "fds", false);
		vakt_buf_addc(b, '[');
		for (size_t i = 0; i < c.n; i++) {
			if (i)
				vakt_buf_addc(b, ',');
			write_fd(b, c.v[i]);
		}
		vakt_buf_addc(b, ']');
		free(c.v);
	}
	vakt_buf_adds(b, "}}");
}

static void recorder_free(struct rt_recorder *r);

struct thread_list {
	const struct rt_thread **v;
	size_t n, cap;
};

static void collect_thread(const struct rt_thread *t, void *data)
{
	struct thread_list *l = data;

	l->v = vakt_grow(l->v, sizeof(*l->v), l->n + 1, &l->cap);
	l->v[l->n++] = t;
}

/* pid order, the main thread first in its process: replay adds mains before their threads. */
static int cmp_thread(const void *a, const void *b)
{
	const struct rt_thread *x = *(const struct rt_thread *const *)a;
	const struct rt_thread *y = *(const struct rt_thread *const *)b;

	if (x->pid != y->pid)
		return x->pid < y->pid ? -1 : 1;
	if ((x->tid == x->pid) != (y->tid == y->pid))
		return x->tid == x->pid ? -1 : 1;
	return x->tid < y->tid ? -1 : x->tid > y->tid;
}

int rt_record_open(FILE *f, const char *path, const struct rt_state *s,
                   const struct rt_record_info *info, struct rt_recorder **out,
                   struct vakt_error **err)
{
	struct rt_recorder *r = vakt_xcalloc(1, sizeof(*r));
	struct thread_list l = {0};
	int rc = 0;

	r->f = f;
	r->path = vakt_xstrdup(path ? path : "<recording>");
	vakt_buf_addf(&r->line, "{\"format\":\"%s\",\"version\":%d", RT_RECORD_FORMAT,
	              RT_RECORD_VERSION);
	kstr(&r->line, "vakt", VAKT_VERSION, strlen(VAKT_VERSION));
	if (info && info->hostname)
		kstr(&r->line, "host", info->hostname, strlen(info->hostname));
	kuint(&r->line, "start_ns", info ? info->start_ns : 0);
	kuint(&r->line, "boot_ns", info ? info->boot_ns : 0);
	vakt_buf_adds(&r->line, ",\"clock\":\"realtime\"}");
	rc = flush_line(r, err);
	rt_state_foreach_thread(s, collect_thread, &l);
	if (l.n > 1)
		qsort(l.v, l.n, sizeof(*l.v), cmp_thread);
	for (size_t i = 0; i < l.n && rc == 0; i++) {
		write_proc(r, s, l.v[i]);
		rc = flush_line(r, err);
	}
	free(l.v);
	if (rc < 0) {
		recorder_free(r);
		return rc;
	}
	*out = r;
	return 0;
}

/* ---- event lines ----------------------------------------------------------------- */

static void write_arg(struct vakt_buf *b, const struct rt_event *ev, const struct rt_arg *a)
{
	static const char hex[] = "0123456789abcdef";
	const char *fs;

	vakt_buf_adds(b, "{\"name\":");
	jcstr(b, a->name);
	switch (a->kind) {
	case RT_ARG_INT:
		kint(b, "int", a->num);
		break;
	case RT_ARG_UINT:
		kuint(b, "uint", (uint64_t)a->num);
		break;
	case RT_ARG_STR:
		kstr(b, "str", a->str ? a->str : "", a->str ? a->len : 0);
		break;
	case RT_ARG_STRLIST:
		key(b, "list", false);
		jlist(b, a->str, a->str ? a->len : 0, '\0');
		break;
	case RT_ARG_BYTES:
		key(b, "bytes", false);
		vakt_buf_addc(b, '"');
		for (size_t i = 0; a->str && i < a->len; i++) {
			vakt_buf_addc(b, hex[(unsigned char)a->str[i] >> 4]);
			vakt_buf_addc(b, hex[(unsigned char)a->str[i] & 15]);
		}
		vakt_buf_addc(b, '"');
		break;
	case RT_ARG_SOCKADDR:
		key(b, "sockaddr", false);
		jendpoint(b, a->sa.family, a->sa.addr, a->sa.port, a->sa.path, a->sa.path_len);
		break;
	case RT_ARG_TUPLE:
		key(b, "tuple", false);
		vakt_buf_adds(b, "{\"local\":");
		jendpoint(b, a->sa.family, a->sa.addr, a->sa.port, a->sa.path, a->sa.path_len);
		key(b, "peer", false);
		jendpoint(b, a->peer.family, a->peer.addr, a->peer.port, a->peer.path,
		          a->peer.path_len);
		if (a->l4proto)
			kint(b, "l4proto", a->l4proto);
		vakt_buf_addc(b, '}');
		break;
	}
	fs = rt_flagset_name(a->flags);
	if (fs && a->flags != RT_FLAGS_NONE && (a->kind == RT_ARG_INT || a->kind == RT_ARG_UINT))
		kstr(b, "flags", fs, strlen(fs));
	(void)ev;
	vakt_buf_addc(b, '}');
}

static bool mark(struct rt_idmap *m, int64_t k)
{
	if (rt_idmap_get(m, k))
		return false;
	rt_idmap_put(m, k, (void *)1);
	return true;
}

static int64_t name_key(uint64_t mntns, uint32_t id)
{
	return (int64_t)(((mntns & 0xffffffffu) << 32) | id);
}

static int write_name(struct rt_recorder *r, const char *kind, const char *idkey, uint64_t mntns,
                      uint32_t id, const char *name, struct vakt_error **err)
{
	vakt_buf_addf(&r->line, "{\"%s\":{\"mntns\":", kind);
	uint_val(&r->line, mntns);
	vakt_buf_addf(&r->line, ",\"%s\":%u", idkey, id);
	kstr(&r->line, "name", name, strlen(name));
	vakt_buf_adds(&r->line, "}}");
	return flush_line(r, err);
}

static int64_t id_hash(const char *id)
{
	uint64_t h = 0xcbf29ce484222325ull;

	for (; *id; id++)
		h = (h ^ (unsigned char)*id) * 0x100000001b3ull;
	return (int64_t)h;
}

static void kmeta(struct vakt_buf *b, const char *k, const char *v)
{
	if (v)
		kstr(b, k, v, strlen(v));
}

/*
 * Note t as done when every name it shows is written (or not known at all:
 * a name the sources learn later must still be looked up).
 */
static void remember(struct rt_recorder *r, const struct rt_thread *t)
{
	if (!rt_idmap_get(&r->users, name_key(t->mntns, t->uid)) ||
	    !rt_idmap_get(&r->groups, name_key(t->mntns, t->gid)) ||
	    (t->loginuid != 0xffffffffu &&
	     !rt_idmap_get(&r->users, name_key(t->mntns, t->loginuid))))
		return;
	r->last_thread = t;
	r->last_mntns = t->mntns;
	r->last_uid = t->uid;
	r->last_gid = t->gid;
	r->last_loginuid = t->loginuid;
	memcpy(r->last_ctr, t->ctr.id, sizeof(r->last_ctr));
}

/* The names and metadata ev will show, each the first time the live sources know it. */
static int write_context(struct rt_recorder *r, const struct rt_event *ev, struct vakt_error **err)
{
	const struct rt_thread *t = ev->thread;
	const struct rt_ctrmeta *m;
	const char *n;
	int rc = 0;

	if (!t)
		return 0;
	/* The same thread with the same ids as last time, all written then: nothing to look up. */
	if (t == r->last_thread && t->mntns == r->last_mntns && t->uid == r->last_uid &&
	    t->gid == r->last_gid && t->loginuid == r->last_loginuid &&
	    strcmp(t->ctr.id, r->last_ctr) == 0)
		return 0;
	r->last_thread = NULL;
	n = rt_state_user_name(ev->state, t, t->uid);
	if (n && mark(&r->users, name_key(t->mntns, t->uid)))
		rc = write_name(r, "user", "uid", t->mntns, t->uid, n, err);
	n = t->loginuid != 0xffffffffu ? rt_state_user_name(ev->state, t, t->loginuid) : NULL;
	if (rc == 0 && n && mark(&r->users, name_key(t->mntns, t->loginuid)))
		rc = write_name(r, "user", "uid", t->mntns, t->loginuid, n, err);
	n = rt_state_group_name(ev->state, t, t->gid);
	if (rc == 0 && n && mark(&r->groups, name_key(t->mntns, t->gid)))
		rc = write_name(r, "group", "gid", t->mntns, t->gid, n, err);
	if (rc)
		return rc;
	if (t->ctr.runtime == RT_CTR_HOST || rt_idmap_get(&r->ctrs, id_hash(t->ctr.id))) {
		remember(r, t);
		return 0;
	}
	m = rt_state_ctrmeta(ev->state, &t->ctr);
	if (!m)
		return 0;
	mark(&r->ctrs, id_hash(t->ctr.id));
	vakt_buf_adds(&r->line, "{\"container\":{\"id\":");
	jcstr(&r->line, t->ctr.id);
	kmeta(&r->line, "name", m->name);
	kmeta(&r->line, "image", m->image);
	kmeta(&r->line, "image_repository", m->image_repository);
	kmeta(&r->line, "image_tag", m->image_tag);
	kmeta(&r->line, "image_digest", m->image_digest);
	kmeta(&r->line, "k8s_ns", m->k8s_ns);
	kmeta(&r->line, "k8s_pod", m->k8s_pod);
	kint(&r->line, "privileged", m->privileged);
	vakt_buf_adds(&r->line, "}}");
	rc = flush_line(r, err);
	if (rc == 0)
		remember(r, t);
	return rc;
}

int rt_record_event(struct rt_recorder *r, const struct rt_event *ev, struct vakt_error **err)
{
	struct vakt_buf *b = &r->line;
	const char *type = rt_evtype_name(ev->type);
	uint32_t n = ev->n_args < RT_ARGS_MAX ? ev->n_args : RT_ARGS_MAX;
	int rc;

	if (!type)
		return 0; /* nothing a reader could name */
	rc = write_context(r, ev, err);
	if (rc < 0)
		return rc;
	vakt_buf_adds(b, "{\"ts\":");
	uint_val(b, ev->ts);
	vakt_buf_addf(b, ",\"type\":\"%s\"", type);
	kint(b, "cpu", ev->cpu);
	kint(b, "tid", ev->tid);
	kint(b, "pid", ev->pid);
	kint(b, "res", ev->res);
	key(b, "args", false);
	vakt_buf_addc(b, '[');
	for (uint32_t i = 0, w = 0; i < n; i++) {
		if (!ev->args[i].name)
			continue;
		if (w++)
			vakt_buf_addc(b, ',');
		write_arg(b, ev, &ev->args[i]);
	}
	vakt_buf_adds(b, "]}");
	r->events++;
	return flush_line(r, err);
}

static void recorder_free(struct rt_recorder *r)
{
	vakt_buf_release(&r->line);
	rt_idmap_release(&r->users);
	rt_idmap_release(&r->groups);
	rt_idmap_release(&r->ctrs);
	free(r->path);
	free(r);
}

int rt_record_close(struct rt_recorder *r, uint64_t drops, struct vakt_error **err)
{
	int rc;

	if (!r)
		return 0;
	vakt_buf_addf(&r->line, "{\"end\":{\"events\":%" PRIu64 ",\"drops\":%" PRIu64 "}}",
	              r->events, drops);
	rc = flush_line(r, err);
	if (rc == 0 && fflush(r->f) != 0)
		rc = vakt_error_set(err, -EIO, "cannot write '%s': %s", r->path, strerror(errno));
	recorder_free(r);
	return rc;
}
