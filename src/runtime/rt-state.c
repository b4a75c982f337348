/* SPDX-License-Identifier: MIT */
/*
 * The state engine's tables: threads (with eviction when full), descriptor
 * tables, recorded names, and rt_state_apply()'s dispatch. The handlers of
 * each kind of event are in rt-state-exec.c and rt-state-fd.c, /proc in
 * rt-state-proc.c.
 */
#include <errno.h>
#include <unistd.h>

#include "core/util.h"
#include "rt-flags.h"
#include "rt-path.h"
#include "rt-state-priv.h"

static const struct {
	const char *name;
	char ch;
} fdtypes[RT_FD_TYPE_COUNT] = {
    [RT_FD_UNKNOWN] = {"unknown", 'o'},
    [RT_FD_FILE] = {"file", 'f'},
    [RT_FD_DIRECTORY] = {"directory", 'd'},
    [RT_FD_IPV4] = {"ipv4", '4'},
    [RT_FD_IPV6] = {"ipv6", '6'},
    [RT_FD_UNIX] = {"unix", 'u'},
    [RT_FD_PIPE] = {"pipe", 'p'},
    [RT_FD_EVENT] = {"event", 'e'},
    [RT_FD_SIGNALFD] = {"signalfd", 's'},
    [RT_FD_EVENTPOLL] = {"eventpoll", 'l'},
    [RT_FD_INOTIFY] = {"inotify", 'i'},
    [RT_FD_TIMERFD] = {"timerfd", 't'},
    [RT_FD_NETLINK] = {"netlink", 'n'},
    [RT_FD_BPF] = {"bpf", 'b'},
    [RT_FD_USERFAULTFD] = {"userfaultfd", 'u'},
    [RT_FD_IOURING] = {"io_uring", 'r'},
    [RT_FD_MEMFD] = {"memfd", 'm'},
    [RT_FD_PIDFD] = {"pidfd", 'P'},
};

const char *rt_fdtype_name(enum rt_fdtype t)
{
	return (unsigned)t < RT_FD_TYPE_COUNT ? fdtypes[t].name : fdtypes[RT_FD_UNKNOWN].name;
}

char rt_fdtype_char(enum rt_fdtype t)
{
	return (unsigned)t < RT_FD_TYPE_COUNT ? fdtypes[t].ch : 'o';
}

enum rt_fdtype rt_fdtype_lookup(const char *name, size_t len)
{
	for (int i = 0; i < RT_FD_TYPE_COUNT; i++)
		if (strlen(fdtypes[i].name) == len && memcmp(fdtypes[i].name, name, len) == 0)
			return (enum rt_fdtype)i;
	return RT_FD_TYPE_COUNT;
}

static void list_push(struct st_list *l, void *p)
{
	l->v = vakt_grow(l->v, sizeof(*l->v), l->n + 1, &l->cap);
	l->v[l->n++] = p;
}

static void thread_free(struct rt_thread *t)
{
	if (!t)
		return;
	free(t->exe);
	free(t->exepath);
	free(t->args);
	free(t->cmdline);
	free(t->exeline);
	free(t->cwd);
	free(t->env);
	free(t->cgroups);
	free(t);
}

/* The name of a descriptor whose name is not known: shared, never freed. */
char st_fd_noname[1] = "";

static void fd_free_name(struct rt_fd *f)
{
	if (f->name != st_fd_noname && f->name != f->name_inl)
		free(f->name);
}

static void fd_release_strings(struct rt_fd *f)
{
	fd_free_name(f);
	free(f->nameraw);
	f->name = st_fd_noname;
	f->name_len = 0;
	f->nameraw = NULL;
	f->nameraw_len = 0;
}

void st_fd_free(struct rt_fd *f)
{
	if (!f)
		return;
	fd_release_strings(f);
	free(f);
}

/* Descriptors closed are kept for reuse (an open-close loop allocates nothing). */
#define FD_POOL_MAX 1024

static void fd_recycle(struct rt_state *s, struct rt_fd *f)
{
	if (s->fd_pool.n >= FD_POOL_MAX) {
		st_fd_free(f);
		return;
	}
	fd_release_strings(f);
	s->fd_pool.v =
	    vakt_grow(s->fd_pool.v, sizeof(*s->fd_pool.v), s->fd_pool.n + 1, &s->fd_pool.cap);
	s->fd_pool.v[s->fd_pool.n++] = f;
}

static void fdtable_free(struct rt_fdtable *ft)
{
	for (size_t i = 0; i < ft->map.cap; i++)
		st_fd_free(ft->map.slots[i].val);
	rt_idmap_release(&ft->map);
	free(ft);
}

/* Free what the previous event could still show. */
static void flush_dead(struct rt_state *s)
{
	for (size_t i = 0; i < s->dead_threads.n; i++)
		thread_free(s->dead_threads.v[i]);
	for (size_t i = 0; i < s->dead_fds.n; i++)
		fd_recycle(s, s->dead_fds.v[i]);
	for (size_t i = 0; i < s->dead_tables.n; i++)
		fdtable_free(s->dead_tables.v[i]);
	s->dead_threads.n = s->dead_fds.n = s->dead_tables.n = 0;
}

struct rt_state *rt_state_new(const struct rt_state_opts *opts)
{
	struct rt_state *s = vakt_xcalloc(1, sizeof(*s));
	struct rt_state_opts o = {0};

	if (opts)
		o = *opts;
	s->proc_root = vakt_xstrdup(o.proc_root);
	s->users = o.users;
	s->ctrmeta = o.ctrmeta;
	s->max_threads = o.max_threads ? o.max_threads : RT_STATE_MAX_THREADS;
	s->max_fds = o.max_fds ? o.max_fds : RT_STATE_MAX_FDS;
	s->stale_ns = o.stale_ns ? o.stale_ns : RT_STATE_STALE_NS;
	s->containerd = o.containerd;
	s->clk_tck = sysconf(_SC_CLK_TCK);
	if (s->clk_tck <= 0)
		s->clk_tck = 100;
	return s;
}

static void names_free(struct rt_idmap *m)
{
	for (size_t i = 0; i < m->cap; i++)
		free(m->slots[i].val);
	rt_idmap_release(m);
}

static void ctrmeta_rec_free(struct st_ctrmeta_rec *r)
{
	if (!r)
		return;
	free((char *)r->m.name);
	free((char *)r->m.image);
	free((char *)r->m.image_repository);
	free((char *)r->m.image_tag);
	free((char *)r->m.image_digest);
	free((char *)r->m.k8s_ns);
	free((char *)r->m.k8s_pod);
	free(r);
}

void rt_state_free(struct rt_state *s)
{
	if (!s)
		return;
	flush_dead(s);
	for (size_t i = 0; i < s->threads.cap; i++) {
		struct rt_thread *t = s->threads.slots[i].val;

		if (t) {
			if (t->fds && --t->fds->refs == 0)
				fdtable_free(t->fds);
			thread_free(t);
		}
	}
	rt_idmap_release(&s->threads);
	free(s->dead_threads.v);
	free(s->dead_fds.v);
	free(s->dead_tables.v);
	for (size_t i = 0; i < s->fd_pool.n; i++)
		free(s->fd_pool.v[i]);
	free(s->fd_pool.v);
	names_free(&s->users_names);
	names_free(&s->group_names);
	for (size_t i = 0; i < s->ctrs.cap; i++)
		ctrmeta_rec_free(s->ctrs.slots[i].val);
	rt_idmap_release(&s->ctrs);
	free(s->proc_root);
	free(s->hostname);
	free(s);
}

/* ---- threads ----------------------------------------------------------- */

struct rt_thread *st_thread_get(struct rt_state *s, int64_t tid)
{
	return rt_idmap_get(&s->threads, tid);
}

void st_thread_remove(struct rt_state *s, struct rt_thread *t)
{
	if (!t->in_table)
		return;
	rt_idmap_del(&s->threads, t->tid);
	t->in_table = false;
	if (t->fds) {
		st_fdtable_unref(s, t->fds);
		t->fds = NULL;
	}
	list_push(&s->dead_threads, t);
	s->stats.threads = s->threads.n;
}

struct ts_tid {
	uint64_t ts;
	int64_t tid;
};

static int cmp_ts_tid(const void *a, const void *b)
{
	const struct ts_tid *x = a, *y = b;

	if (x->ts != y->ts)
		return x->ts < y->ts ? -1 : 1;
	return x->tid < y->tid ? -1 : x->tid > y->tid;
}

/*
 * The table is full: drop the threads idle longer than stale_ns, and at
 * least a sixteenth of the table, least recently active first (ties by tid,
 * so that a replay evicts the same threads every time). O(n log n) once
 * per n/16 insertions.
 */
static void evict(struct rt_state *s)
{
	size_t want = s->max_threads / 16 ? s->max_threads / 16 : 1, n = 0;
	struct ts_tid *v = vakt_xmalloc((s->threads.n ? s->threads.n : 1) * sizeof(*v));

	for (size_t i = 0; i < s->threads.cap; i++) {
		struct rt_thread *t = s->threads.slots[i].val;

		if (t)
			v[n++] = (struct ts_tid){t->lastevent_ts, t->tid};
	}
	qsort(v, n, sizeof(*v), cmp_ts_tid);
	for (size_t i = 0, gone = 0; i < n; i++) {
		struct rt_thread *t;
		bool stale = s->now > s->stale_ns && v[i].ts < s->now - s->stale_ns;

		if (gone >= want && !stale)
			break;
		t = st_thread_get(s, v[i].tid);
		if (t && t != s->pinned) {
			st_thread_remove(s, t);
			s->stats.threads_evicted++;
			gone++;
		}
	}
	free(v);
}

struct rt_thread *st_thread_new(struct rt_state *s, int64_t tid)
{
	struct rt_thread *t, *old;

	old = st_thread_get(s, tid);
	if (old)
		st_thread_remove(s, old);
	if (s->threads.n >= s->max_threads)
		evict(s);
	t = vakt_xcalloc(1, sizeof(*t));
	t->tid = tid;
	t->pid = tid;
	t->ptid = t->sid = t->vpgid = t->vtid = t->vpid = -1;
	t->loginuid = 0xffffffffu;
	t->nthreads = 1;
	t->lastevent_ts = s->now;
	t->ctr.runtime = RT_CTR_HOST;
	memcpy(t->ctr.id, "host", 5);
	memcpy(t->ctr.full_id, "host", 5);
	t->in_table = true;
	rt_idmap_put(&s->threads, tid, t);
	s->stats.threads = s->threads.n;
	return t;
}

struct rt_thread *st_main_thread(struct rt_state *s, struct rt_thread *t)
{
	struct rt_thread *m;

	if (!t || t->tid == t->pid)
		return t;
	m = st_thread_get(s, t->pid);
	return m ? m : t;
}

struct rt_thread *st_thread_for_event(struct rt_state *s, const struct rt_event *ev)
{
	struct rt_thread *t = st_thread_get(s, ev->tid);

	if (t) {
		s->pinned = t;
		return t;
	}
	s->stats.unknown_threads++;
	if (s->proc_root) {
		t = st_proc_read_thread(s, ev->pid > 0 ? ev->pid : ev->tid, ev->tid);
		if (t) {
			s->pinned = t;
			return t;
		}
	}
	/* Not known and not readable: a bare thread, so that its descriptors can be kept. */
	t = st_thread_new(s, ev->tid);
	t->pid = ev->pid > 0 ? ev->pid : ev->tid;
	if (t->pid != t->tid) {
		struct rt_thread *m = st_thread_get(s, t->pid);

		if (m && m->fds) {
			t->fds = m->fds;
			t->fds->refs++;
			m->nthreads++;
		}
	}
	if (!t->fds)
		t->fds = st_fdtable_new();
	s->pinned = t;
	return t;
}

/* ---- thread strings ------------------------------------------------------ */

void st_set_str(char **dst, size_t *dst_len, const char *src, size_t len, size_t max)
{
	free(*dst);
	*dst = NULL;
	*dst_len = 0;
	if (!src)
		return;
	if (len > max)
		len = max;
	*dst = vakt_xstrndup(src, len);
	*dst_len = len;
}

void st_set_comm(struct rt_thread *t, const char *comm, size_t len)
{
	if (len > sizeof(t->comm) - 1)
		len = sizeof(t->comm) - 1;
	memcpy(t->comm, comm, len);
	t->comm[len] = '\0';
	t->comm_len = len;
}

void st_set_args(struct rt_thread *t, const char *args, size_t len)
{
	struct vakt_buf b = VAKT_BUF_INIT;
	uint32_t n = 0;
	size_t i = 0;

	/* A final NUL ends the last argument; it does not start an empty one. */
	if (len > 0 && args[len - 1] == '\0')
		len--;
	while (args && i <= len && len > 0) {
		size_t j = i;

		while (j < len && args[j] != '\0')
			j++;
		if (b.len + (n ? 1 : 0) + (j - i) > RT_STATE_MAX_ARGS_BYTES)
			break;
		if (n)
			vakt_buf_addc(&b, ' ');
		vakt_buf_add(&b, args + i, j - i);
		n++;
		i = j + 1;
	}
	free(t->args);
	t->args = vakt_buf_detach(&b);
	t->args_len = strlen(t->args);
	t->nargs = n;
	st_build_cmdline(t);
}

void st_build_cmdline(struct rt_thread *t)
{
	struct vakt_buf b = VAKT_BUF_INIT;

	/* Falco: proc.cmdline is the name, then ' ' before each argument. */
	vakt_buf_add(&b, t->comm, t->comm_len);
	if (t->args_len) {
		vakt_buf_addc(&b, ' ');
		vakt_buf_add(&b, t->args, t->args_len);
	}
	free(t->cmdline);
	t->cmdline_len = b.len;
	t->cmdline = vakt_buf_detach(&b);
	/* proc.exeline: exe, one space, the arguments (a space even without any). */
	if (t->exe) {
		vakt_buf_add(&b, t->exe, t->exe_len);
		vakt_buf_addc(&b, ' ');
		vakt_buf_add(&b, t->args ? t->args : "", t->args_len);
		free(t->exeline);
		t->exeline_len = b.len;
		t->exeline = vakt_buf_detach(&b);
	}
}

void st_set_cwd(struct rt_state *s, struct rt_thread *t, const char *path, size_t len)
{
	struct rt_thread *m = st_main_thread(s, t);
	char *buf = vakt_xmalloc(RT_STATE_MAX_PATH + 2);
	size_t n = rt_path_join(m->cwd, m->cwd_len, path, len, buf, RT_STATE_MAX_PATH);

	if (n > 0) {
		if (buf[n - 1] != '/')
			buf[n++] = '/';
		buf[n] = '\0';
		st_set_str(&m->cwd, &m->cwd_len, buf, n, RT_STATE_MAX_PATH + 1);
		if (t != m)
			st_set_str(&t->cwd, &t->cwd_len, buf, n, RT_STATE_MAX_PATH + 1);
	}
	free(buf);
}

/*
 * thread.cgroups as Falco shows it: "subsys=/path" records separated by
 * spaces. The event's parameter has them NUL-separated; /proc/PID/cgroup
 * text ("N:ctrl,ctrl:/path" lines) becomes one record per controller, and a
 * cgroup v2 line (no controller) "unified=/path".
 */
static void cgroups_text(struct vakt_buf *b, const char *c, size_t len)
{
	for (size_t i = 0; i < len;) {
		size_t j = i, k;
		const char *rec = c + i, *colon1, *colon2;

		while (j < len && c[j] != '\0' && c[j] != '\n')
			j++;
		k = j - i;
		colon1 = memchr(rec, ':', k);
		colon2 = colon1 ? memchr(colon1 + 1, ':', k - (size_t)(colon1 + 1 - rec)) : NULL;
		if (k > 0 && colon2 &&
		    (!memchr(rec, '=', k) || memchr(rec, '=', k) > (void *)colon2)) {
			const char *ctl = colon1 + 1, *path = colon2 + 1;
			size_t plen = k - (size_t)(path - rec);

			if (ctl == colon2) {
				if (b->len)
					vakt_buf_addc(b, ' ');
				vakt_buf_adds(b, "unified=");
				vakt_buf_add(b, path, plen);
			}
			while (ctl < colon2) {
				const char *end = memchr(ctl, ',', (size_t)(colon2 - ctl));

				if (!end)
					end = colon2;
				if (b->len)
					vakt_buf_addc(b, ' ');
				vakt_buf_add(b, ctl, (size_t)(end - ctl));
				vakt_buf_addc(b, '=');
				vakt_buf_add(b, path, plen);
				ctl = end + 1;
			}
		} else if (k > 0) {
			if (b->len)
				vakt_buf_addc(b, ' ');
			vakt_buf_add(b, rec, k);
		}
		i = j + 1;
	}
}

void st_set_cgroups(const struct rt_state *s, struct rt_thread *t, const char *cgroups, size_t len)
{
	struct vakt_buf b = VAKT_BUF_INIT;

	rt_cgroup_ident(cgroups, len, &t->ctr);
	/* The bare containerd layout names a container only where containerd runs. */
	if (t->ctr.weak && !s->containerd)
		rt_cgroup_ident(NULL, 0, &t->ctr);
	if (len > 65536)
		len = 65536;
	cgroups_text(&b, cgroups, len);
	free(t->cgroups);
	t->cgroups_len = b.len;
	t->cgroups = vakt_buf_detach(&b);
}

static char *dup_or_null(const char *p, size_t len)
{
	return p ? vakt_xstrndup(p, len) : NULL;
}

void st_copy_process(struct rt_thread *d, const struct rt_thread *src)
{
	memcpy(d->comm, src->comm, sizeof(d->comm));
	d->comm_len = src->comm_len;
#define COPY_STR(f)                                                                                \
	do {                                                                                       \
		free(d->f);                                                                        \
		d->f = dup_or_null(src->f, src->f##_len);                                          \
		d->f##_len = src->f##_len;                                                         \
	} while (0)
	COPY_STR(exe);
	COPY_STR(exepath);
	COPY_STR(args);
	COPY_STR(cmdline);
	COPY_STR(exeline);
	COPY_STR(cwd);
	COPY_STR(env);
	COPY_STR(cgroups);
#undef COPY_STR
	d->nargs = src->nargs;
	d->sid = src->sid;
	d->vpgid = src->vpgid;
	d->uid = src->uid;
	d->gid = src->gid;
	d->loginuid = src->loginuid;
	d->tty = src->tty;
	d->cap_inheritable = src->cap_inheritable;
	d->cap_permitted = src->cap_permitted;
	d->cap_effective = src->cap_effective;
	d->exe_flags = src->exe_flags;
	d->exe_ino = src->exe_ino;
	d->exe_ino_ctime = src->exe_ino_ctime;
	d->exe_ino_mtime = src->exe_ino_mtime;
	d->pidns_init_start_ts = src->pidns_init_start_ts;
	d->pidns = src->pidns;
	d->mntns = src->mntns;
	d->ctr = src->ctr;
}

/* ---- descriptor tables --------------------------------------------------- */

struct rt_fdtable *st_fdtable_new(void)
{
	struct rt_fdtable *ft = vakt_xcalloc(1, sizeof(*ft));

	ft->refs = 1;
	return ft;
}

struct rt_fd *st_fd_clone(const struct rt_fd *f)
{
	struct rt_fd *c = vakt_xmalloc(sizeof(*c));

	*c = *f;
	c->name = st_fd_noname;
	c->name_len = 0;
	st_fd_set_name(c, f->name, f->name_len);
	c->nameraw = f->nameraw ? vakt_xstrndup(f->nameraw, f->nameraw_len) : NULL;
	return c;
}

struct rt_fdtable *st_fdtable_copy(const struct rt_fdtable *src)
{
	struct rt_fdtable *ft = st_fdtable_new();

	for (size_t i = 0; src && i < src->map.cap; i++) {
		const struct rt_fd *f = src->map.slots[i].val;

		if (f)
			rt_idmap_put(&ft->map, f->fd, st_fd_clone(f));
	}
	return ft;
}

void st_fdtable_unref(struct rt_state *s, struct rt_fdtable *ft)
{
	if (ft && --ft->refs == 0)
		list_push(&s->dead_tables, ft);
}

struct rt_fd *st_fd_get(struct rt_state *s, struct rt_thread *t, int64_t fd)
{
	(void)s;
	return t && t->fds ? rt_idmap_get(&t->fds->map, fd) : NULL;
}

struct rt_fd *st_fd_add(struct rt_state *s, struct rt_thread *t, int64_t fd, enum rt_fdtype type)
{
	struct rt_fd *f, *old;

	if (!t || fd < 0)
		return NULL;
	if (!t->fds)
		t->fds = st_fdtable_new();
	if (!rt_idmap_get(&t->fds->map, fd) && t->fds->map.n >= s->max_fds) {
		s->stats.fds_dropped++;
		return NULL;
	}
	f = s->fd_pool.n ? s->fd_pool.v[--s->fd_pool.n] : vakt_xmalloc(sizeof(*f));
	memset(f, 0, sizeof(*f));
	f->fd = fd;
	f->type = type;
	f->name = st_fd_noname;
	old = rt_idmap_put(&t->fds->map, fd, f);
	if (old)
		list_push(&s->dead_fds, old);
	return f;
}

struct rt_fd *st_fd_remove(struct rt_state *s, struct rt_thread *t, int64_t fd)
{
	struct rt_fd *f;

	if (!t || !t->fds)
		return NULL;
	f = rt_idmap_del(&t->fds->map, fd);
	if (f)
		list_push(&s->dead_fds, f);
	return f;
}

void st_fd_set_name(struct rt_fd *f, const char *name, size_t len)
{
	fd_free_name(f);
	if (len > RT_STATE_MAX_PATH)
		len = RT_STATE_MAX_PATH;
	if (!name || len == 0) {
		f->name = st_fd_noname;
		f->name_len = 0;
		return;
	}
	if (len < sizeof(f->name_inl)) {
		memcpy(f->name_inl, name, len);
		f->name_inl[len] = '\0';
		f->name = f->name_inl;
	} else {
		f->name = vakt_xstrndup(name, len);
	}
	f->name_len = len;
}

/* ---- arguments ------------------------------------------------------------ */

bool st_arg_num(const struct rt_event *ev, const char *name, int64_t *out)
{
	const struct rt_arg *a = rt_event_arg(ev, name);

	if (!a || (a->kind != RT_ARG_INT && a->kind != RT_ARG_UINT))
		return false;
	*out = a->num;
	return true;
}

bool st_arg_str(const struct rt_event *ev, const char *name, const char **p, size_t *len)
{
	const struct rt_arg *a = rt_event_arg(ev, name);

	if (!a || (a->kind != RT_ARG_STR && a->kind != RT_ARG_STRLIST && a->kind != RT_ARG_BYTES) ||
	    (!a->str && a->len))
		return false;
	*p = a->str ? a->str : "";
	*len = a->len;
	return true;
}

/* ---- the public lookups ---------------------------------------------------- */

const struct rt_thread *rt_state_thread(const struct rt_state *s, int64_t tid)
{
	return s ? rt_idmap_get(&s->threads, tid) : NULL;
}

const struct rt_thread *rt_state_main_thread(const struct rt_state *s, const struct rt_thread *t)
{
	const struct rt_thread *m;

	if (!s || !t || t->tid == t->pid)
		return t;
	m = rt_idmap_get(&s->threads, t->pid);
	return m;
}

const struct rt_thread *rt_state_parent(const struct rt_state *s, const struct rt_thread *t)
{
	const struct rt_thread *p;

	if (!s || !t || t->ptid <= 0 || t->ptid == t->tid)
		return NULL;
	p = rt_idmap_get(&s->threads, t->ptid);
	return p != t ? p : NULL;
}

const struct rt_fd *rt_state_fd(const struct rt_state *s, const struct rt_thread *t, int64_t fd)
{
	(void)s;
	return t && t->fds ? rt_idmap_get(&t->fds->map, fd) : NULL;
}

const char *rt_state_cwd(const struct rt_state *s, const struct rt_thread *t, size_t *len)
{
	const struct rt_thread *m = rt_state_main_thread(s, t);

	if (!m || !m->cwd)
		m = t;
	if (!m || !m->cwd)
		return NULL;
	*len = m->cwd_len;
	return m->cwd;
}

size_t rt_state_fd_count(const struct rt_state *s, const struct rt_thread *t)
{
	(void)s;
	return t && t->fds ? t->fds->map.n : 0;
}

void rt_state_foreach_thread(const struct rt_state *s,
                             void (*fn)(const struct rt_thread *t, void *data), void *data)
{
	for (size_t i = 0; s && i < s->threads.cap; i++)
		if (s->threads.slots[i].val)
			fn(s->threads.slots[i].val, data);
}

void rt_state_foreach_fd(const struct rt_state *s, const struct rt_thread *t,
                         void (*fn)(const struct rt_fd *fd, void *data), void *data)
{
	(void)s;
	for (size_t i = 0; t && t->fds && i < t->fds->map.cap; i++)
		if (t->fds->map.slots[i].val)
			fn(t->fds->map.slots[i].val, data);
}

/* ---- names and container metadata ----------------------------------------- */

static int64_t name_key(uint64_t mntns, uint32_t id)
{
	/* Namespace inodes are 32-bit (proc inums): one 64-bit key holds both. */
	return (int64_t)(((mntns & 0xffffffffu) << 32) | id);
}

static void set_name(struct rt_state *s, struct rt_idmap *m, uint64_t mntns, uint32_t id,
                     const char *name)
{
	char *old;

	if (!name)
		return;
	if (!rt_idmap_get(m, name_key(mntns, id)) && s->n_names >= RT_STATE_MAX_NAMES)
		return;
	old = rt_idmap_put(m, name_key(mntns, id), vakt_xstrdup(name));
	if (old)
		free(old);
	else
		s->n_names++;
}

void rt_state_set_user_name(struct rt_state *s, uint64_t mntns, uint32_t uid, const char *name)
{
	set_name(s, &s->users_names, mntns, uid, name);
}

void rt_state_set_group_name(struct rt_state *s, uint64_t mntns, uint32_t gid, const char *name)
{
	set_name(s, &s->group_names, mntns, gid, name);
}

/* Ancestors tried for a process's user and group names. */
#define NAMES_ANCESTORS 4

/* t's parent when it shares t's mount namespace (it sees the same /etc/passwd), else NULL. */
static const struct rt_thread *same_mntns_parent(const struct rt_state *s,
                                                 const struct rt_thread *t)
{
	const struct rt_thread *p = rt_state_parent(s, t);

	return p && p != t && p->mntns == t->mntns ? p : NULL;
}

const char *rt_state_user_name(const struct rt_state *s, const struct rt_thread *t, uint32_t uid)
{
	const char *n;

	if (!s || !t)
		return NULL;
	n = rt_idmap_get(&s->users_names, name_key(t->mntns, uid));
	/*
	 * Read through the process's /proc/PID/root, or, when it has exited
	 * before its event is seen (cat /etc/shadow), through an ancestor's in
	 * the same mount namespace.
	 */
	for (int i = 0; !n && s->users && t && i < NAMES_ANCESTORS; i++) {
		n = rt_users_user(s->users, t->pid, t->mntns, uid);
		t = same_mntns_parent(s, t);
	}
	return n;
}

const char *rt_state_group_name(const struct rt_state *s, const struct rt_thread *t, uint32_t gid)
{
	const char *n;

	if (!s || !t)
		return NULL;
	n = rt_idmap_get(&s->group_names, name_key(t->mntns, gid));
	for (int i = 0; !n && s->users && t && i < NAMES_ANCESTORS; i++) {
		n = rt_users_group(s->users, t->pid, t->mntns, gid);
		t = same_mntns_parent(s, t);
	}
	return n;
}

static int64_t id_hash(const char *id)
{
	uint64_t h = 0xcbf29ce484222325ull;

	for (; *id; id++)
		h = (h ^ (unsigned char)*id) * 0x100000001b3ull;
	return (int64_t)h;
}

const struct rt_ctrmeta *rt_state_ctrmeta(const struct rt_state *s, const struct rt_ctr_ident *id)
{
	const struct st_ctrmeta_rec *r;

	if (!s || !id || id->runtime == RT_CTR_HOST)
		return NULL;
	r = rt_idmap_get(&s->ctrs, id_hash(id->id));
	if (r && strcmp(r->id, id->id) == 0)
		return &r->m;
	return s->ctrmeta ? rt_ctrmeta_get(s->ctrmeta, id) : NULL;
}

void rt_state_set_ctrmeta(struct rt_state *s, const char *id, const struct rt_ctrmeta *m)
{
	struct st_ctrmeta_rec *r;

	if (!id || !m || strlen(id) >= sizeof(r->id))
		return;
	if (!rt_idmap_get(&s->ctrs, id_hash(id)) && s->n_names >= RT_STATE_MAX_NAMES)
		return;
	r = vakt_xcalloc(1, sizeof(*r));
	memcpy(r->id, id, strlen(id) + 1);
	r->m.name = vakt_xstrdup(m->name);
	r->m.image = vakt_xstrdup(m->image);
	r->m.image_repository = vakt_xstrdup(m->image_repository);
	r->m.image_tag = vakt_xstrdup(m->image_tag);
	r->m.image_digest = vakt_xstrdup(m->image_digest);
	r->m.k8s_ns = vakt_xstrdup(m->k8s_ns);
	r->m.k8s_pod = vakt_xstrdup(m->k8s_pod);
	r->m.privileged = m->privileged;
	r = rt_idmap_put(&s->ctrs, id_hash(id), r);
	if (r)
		ctrmeta_rec_free(r);
	else
		s->n_names++;
}

void rt_state_set_hostname(struct rt_state *s, const char *hostname)
{
	free(s->hostname);
	s->hostname = vakt_xstrdup(hostname);
}

const char *rt_state_hostname(const struct rt_state *s)
{
	return s ? s->hostname : NULL;
}

uint64_t rt_state_boot_ns(const struct rt_state *s)
{
	return s ? s->boot_ns : 0;
}

void rt_state_stats(const struct rt_state *s, struct rt_state_stats *out)
{
	*out = s->stats;
	out->threads = s->threads.n;
}

/* ---- apply ------------------------------------------------------------------- */

void rt_state_apply(struct rt_state *s, struct rt_event *ev)
{
	struct rt_thread *t;

	flush_dead(s);
	s->pinned = NULL;
	ev->num = ++s->evnum;
	ev->state = s;
	ev->thread = NULL;
	ev->fd = NULL;
	if (ev->ts > s->now)
		s->now = ev->ts;
	s->stats.events++;
	switch (ev->type) {
	case RT_EV_CLONE:
	case RT_EV_CLONE3:
	case RT_EV_FORK:
	case RT_EV_VFORK:
		st_apply_clone(s, ev);
		break;
	case RT_EV_EXECVE:
	case RT_EV_EXECVEAT:
		st_apply_exec(s, ev);
		break;
	case RT_EV_PROCEXIT:
		st_apply_exit(s, ev);
		break;
	default:
		t = st_thread_for_event(s, ev);
		ev->thread = t;
		st_apply_thread_event(s, ev, t);
		st_apply_fd_event(s, ev, t);
		break;
	}
	if (ev->thread)
		((struct rt_thread *)ev->thread)->lastevent_ts = ev->ts;
}
