/* SPDX-License-Identifier: MIT */
/*
 * The thread table from /proc: every PID's tasks (stat, status, cmdline,
 * exe, cwd, environ, cgroup, loginuid, namespaces), the process's
 * descriptors (fd/ links, fdinfo/ flags) and the sockets they name
 * (net/tcp, tcp6, udp, udp6, raw, raw6, unix). The proc root is a
 * parameter, so that tests read a tree of their own. Files are read with
 * size ceilings; a process that vanishes half-read is skipped.
 */
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/util.h"
#include "rt-flags.h"
#include "rt-state-priv.h"

/* Read ceilings: status and stat are small; cgroup may list many controllers. */
#define PROC_SMALL_MAX  8192
#define PROC_CGROUP_MAX 65536
/* At most this many descriptors are read per process (the table keeps max_fds). */
#define PROC_NET_LINE_MAX 4096

struct sockinfo {
	enum rt_fdtype type;
	uint8_t l4proto;
	bool listening, connected;
	struct rt_endpoint local, remote;
	char *path; /* unix; owned */
};

struct proc_ctx {
	struct rt_state *s;
	struct rt_idmap socks; /* inode -> struct sockinfo * */
	char path[RT_STATE_MAX_PATH + 64];
	char *buf; /* PROC_CGROUP_MAX + 1 */
};

static ssize_t read_file(const char *path, char *buf, size_t cap)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	size_t len = 0;

	if (fd < 0)
		return -errno;
	while (len + 1 < cap) {
		ssize_t r = read(fd, buf + len, cap - 1 - len);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		len += (size_t)r;
	}
	close(fd);
	buf[len] = '\0';
	return (ssize_t)len;
}

static ssize_t read_link(const char *path, char *buf, size_t cap)
{
	ssize_t n = readlink(path, buf, cap - 1);

	if (n < 0)
		return -errno;
	buf[n] = '\0';
	return n;
}

static const char *pfmt(struct proc_ctx *c, const char *fmt, ...) VAKT_PRINTF(2, 3);

/* A path under the proc root, in c->path (valid until the next call). */
static const char *pfmt(struct proc_ctx *c, const char *fmt, ...)
{
	size_t n = strlen(c->s->proc_root);
	va_list ap;

	if (n >= sizeof(c->path) - 1)
		n = 0;
	memcpy(c->path, c->s->proc_root, n);
	va_start(ap, fmt);
	// NOLINTNEXTLINE(clang-analyzer-valist.Uninitialized): va_start is just above
	vsnprintf(c->path + n, sizeof(c->path) - n, fmt, ap);
	va_end(ap);
	return c->path;
}

static uint64_t parse_u64(const char *p, const char **end, int base)
{
	uint64_t v = 0;
	const char *q = p;

	for (;; q++) {
		int d = vakt_hex_value(*q);

		if (d < 0 || d >= base)
			break;
		v = v * (uint64_t)base + (uint64_t)d;
	}
	if (end)
		*end = q;
	return v;
}

/* The value after "Key:" in a status file, NULL when absent. */
static const char *status_field(const char *text, const char *key)
{
	size_t kl = strlen(key);

	for (const char *p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
		if (strncmp(p, key, kl) == 0 && p[kl] == ':') {
			p += kl + 1;
			while (*p == ' ' || *p == '\t')
				p++;
			return p;
		}
	}
	return NULL;
}

/* The last number of a status list ("NSpid:\t1234\t1"): the innermost namespace's. */
static int64_t status_last(const char *text, const char *key, int64_t dflt)
{
	const char *p = status_field(text, key);
	int64_t v = dflt;

	while (p && *p && *p != '\n') {
		if (*p >= '0' && *p <= '9') {
			v = (int64_t)parse_u64(p, &p, 10);
			continue;
		}
		p++;
	}
	return v;
}

/* The nth number of a status line (Uid: real effective saved fs). */
static uint64_t status_nth(const char *text, const char *key, int nth, int base, uint64_t dflt)
{
	const char *p = status_field(text, key);

	for (int i = 0; p && *p && *p != '\n'; i++) {
		uint64_t v;

		while (*p == ' ' || *p == '\t')
			p++;
		v = parse_u64(p, &p, base);
		if (i == nth)
			return v;
	}
	return dflt;
}

static uint64_t ns_inode(struct proc_ctx *c, int64_t pid, const char *ns)
{
	char link[64];
	const char *p;

	if (read_link(pfmt(c, "/%lld/ns/%s", (long long)pid, ns), link, sizeof(link)) <= 0)
		return 0;
	p = strchr(link, '[');
	return p ? parse_u64(p + 1, NULL, 10) : 0;
}

static uint64_t stat_ns(const struct timespec *ts)
{
	return (uint64_t)ts->tv_sec * 1000000000ull + (uint64_t)ts->tv_nsec;
}

/* ---- sockets ------------------------------------------------------------- */

static void parse_addr(const char *hex, size_t hexlen, struct rt_endpoint *e, uint16_t family)
{
	const char *colon = memchr(hex, ':', hexlen);
	size_t words = family == AF_INET ? 1 : 4;

	memset(e, 0, sizeof(*e));
	if (!colon || (size_t)(colon - hex) != words * 8)
		return;
	for (size_t w = 0; w < words; w++) {
		char part[9];
		uint32_t v;

		memcpy(part, hex + w * 8, 8);
		part[8] = '\0';
		/* Each word is printed in the kernel's byte order: copied back as is. */
		v = (uint32_t)parse_u64(part, NULL, 16);
		memcpy(e->addr + w * 4, &v, 4);
	}
	e->family = family;
	e->port = (uint16_t)parse_u64(colon + 1, NULL, 16);
}

/* Split a line at blanks into at most max fields; returns the count. */
static size_t split(char *line, char **f, size_t max)
{
	size_t n = 0;

	for (char *p = line; *p && n < max;) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p || *p == '\n')
			break;
		f[n++] = p;
		while (*p && *p != ' ' && *p != '\t' && *p != '\n')
			p++;
		if (*p)
			*p++ = '\0';
	}
	return n;
}

static void sock_put(struct proc_ctx *c, uint64_t ino, struct sockinfo *si)
{
	struct sockinfo *old;

	if (ino == 0) {
		free(si->path);
		free(si);
		return;
	}
	old = rt_idmap_put(&c->socks, (int64_t)ino, si);
	if (old) {
		free(old->path);
		free(old);
	}
}

static void read_net_inet(struct proc_ctx *c, const char *file, uint16_t family, uint8_t l4)
{
	FILE *fp;
	char line[PROC_NET_LINE_MAX];
	bool first = true;

	snprintf(c->path, sizeof(c->path), "%s/net/%s", c->s->proc_root, file);
	fp = fopen(c->path, "re");
	if (!fp)
		return;
	while (fgets(line, sizeof(line), fp)) {
		char *f[12];
		struct sockinfo *si;
		unsigned st;

		if (first) { /* the header */
			first = false;
			continue;
		}
		if (split(line, f, 12) < 10)
			continue;
		si = vakt_xcalloc(1, sizeof(*si));
		si->type = family == AF_INET ? RT_FD_IPV4 : RT_FD_IPV6;
		si->l4proto = l4;
		parse_addr(f[1], strlen(f[1]), &si->local, family);
		parse_addr(f[2], strlen(f[2]), &si->remote, family);
		st = (unsigned)parse_u64(f[3], NULL, 16);
		si->listening = l4 == 6 && st == 0x0a;
		si->connected = l4 == 6 ? st == 0x01 : si->remote.port != 0;
		if (si->listening || !si->connected)
			memset(&si->remote, 0, sizeof(si->remote));
		sock_put(c, parse_u64(f[9], NULL, 10), si);
	}
	fclose(fp);
}

static void read_net_unix(struct proc_ctx *c)
{
	FILE *fp;
	char line[PROC_NET_LINE_MAX];
	bool first = true;

	snprintf(c->path, sizeof(c->path), "%s/net/unix", c->s->proc_root);
	fp = fopen(c->path, "re");
	if (!fp)
		return;
	while (fgets(line, sizeof(line), fp)) {
		char *f[8];
		size_t n;
		struct sockinfo *si;

		if (first) {
			first = false;
			continue;
		}
		n = split(line, f, 8);
		if (n < 7)
			continue;
		si = vakt_xcalloc(1, sizeof(*si));
		si->type = RT_FD_UNIX;
		si->path = vakt_xstrdup(n >= 8 ? f[7] : "");
		sock_put(c, parse_u64(f[6], NULL, 10), si);
	}
	fclose(fp);
}

static void read_sockets(struct proc_ctx *c)
{
	read_net_inet(c, "tcp", AF_INET, 6);
	read_net_inet(c, "tcp6", AF_INET6, 6);
	read_net_inet(c, "udp", AF_INET, 17);
	read_net_inet(c, "udp6", AF_INET6, 17);
	read_net_inet(c, "raw", AF_INET, 255);
	read_net_inet(c, "raw6", AF_INET6, 255);
	read_net_unix(c);
}

static void free_sockets(struct proc_ctx *c)
{
	for (size_t i = 0; i < c->socks.cap; i++) {
		struct sockinfo *si = c->socks.slots[i].val;

		if (si) {
			free(si->path);
			free(si);
		}
	}
	rt_idmap_release(&c->socks);
}

/* ---- descriptors ----------------------------------------------------------- */

static const struct {
	const char *text;
	enum rt_fdtype type;
} anon_types[] = {
    {"[eventfd]", RT_FD_EVENT},
    {"[eventpoll]", RT_FD_EVENTPOLL},
    {"[signalfd]", RT_FD_SIGNALFD},
    {"inotify", RT_FD_INOTIFY},
    {"[timerfd]", RT_FD_TIMERFD},
    {"bpf", RT_FD_BPF},
    {"[userfaultfd]", RT_FD_USERFAULTFD},
    {"[io_uring]", RT_FD_IOURING},
    {"[pidfd]", RT_FD_PIDFD},
};

/* One descriptor from its /proc link text; name points into link or si. */
static void fd_from_link(struct proc_ctx *c, const char *link, struct rt_fd_info *fi)
{
	uint64_t ino = 0;
	const char *p;

	fi->name = link;
	fi->type = RT_FD_UNKNOWN;
	if (vakt_starts_with(link, "socket:[")) {
		struct sockinfo *si;

		ino = parse_u64(link + 8, NULL, 10);
		si = rt_idmap_get(&c->socks, (int64_t)ino);
		fi->ino = ino;
		fi->name = "";
		if (!si)
			return;
		fi->type = si->type;
		fi->l4proto = si->l4proto;
		fi->local = si->local;
		fi->remote = si->remote;
		fi->connected = si->connected;
		fi->is_server = si->listening;
		if (si->path)
			fi->name = si->path;
		return;
	}
	if (vakt_starts_with(link, "pipe:[")) {
		fi->type = RT_FD_PIPE;
		fi->ino = parse_u64(link + 6, NULL, 10);
		return;
	}
	if (vakt_starts_with(link, "anon_inode:")) {
		p = link + 11;
		for (size_t i = 0; i < VAKT_ARRAY_SIZE(anon_types); i++)
			if (vakt_starts_with(p, anon_types[i].text))
				fi->type = anon_types[i].type;
		return;
	}
	if (vakt_starts_with(link, "/memfd:")) {
		fi->type = RT_FD_MEMFD;
		fi->name = link + 1;
		return;
	}
	if (link[0] == '/')
		fi->type = RT_FD_FILE;
}

struct fdlist {
	struct rt_fd_info *v;
	char **names; /* owned copies the infos point to */
	size_t n, cap;
};

static void fdlist_release(struct fdlist *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->names[i]);
	free(l->names);
	free(l->v);
}

static int cmp_fd(const void *a, const void *b)
{
	const struct rt_fd_info *x = a, *y = b;

	return x->fd < y->fd ? -1 : x->fd > y->fd;
}

static void read_fds(struct proc_ctx *c, int64_t pid, struct fdlist *out)
{
	DIR *d = opendir(pfmt(c, "/%lld/fd", (long long)pid));
	struct dirent *e;
	size_t cap_names = 0;

	if (!d)
		return;
	while ((e = readdir(d)) && out->n < c->s->max_fds) {
		char link[RT_STATE_MAX_PATH];
		struct rt_fd_info fi = {0};
		struct stat st;
		const char *q;
		int64_t fd;

		if (e->d_name[0] < '0' || e->d_name[0] > '9')
			continue;
		fd = (int64_t)parse_u64(e->d_name, &q, 10);
		if (*q || read_link(pfmt(c, "/%lld/fd/%lld", (long long)pid, (long long)fd), link,
		                    sizeof(link)) < 0)
			continue;
		fi.fd = fd;
		fd_from_link(c, link, &fi);
		if (fi.type == RT_FD_FILE && stat(c->path, &st) == 0 && S_ISDIR(st.st_mode))
			fi.type = RT_FD_DIRECTORY;
		if (read_file(pfmt(c, "/%lld/fdinfo/%lld", (long long)pid, (long long)fd), c->buf,
		              PROC_SMALL_MAX) > 0)
			fi.flags = (uint32_t)status_nth(c->buf, "flags", 0, 8, 0);
		out->v = vakt_grow(out->v, sizeof(*out->v), out->n + 1, &out->cap);
		out->names = vakt_grow(out->names, sizeof(*out->names), out->n + 1, &cap_names);
		out->names[out->n] = vakt_xstrdup(fi.name);
		fi.name = out->names[out->n];
		out->v[out->n++] = fi;
	}
	closedir(d);
	/* Directory order is the kernel's: sorted, two runs add the same table. */
	if (out->n > 1)
		qsort(out->v, out->n, sizeof(*out->v), cmp_fd);
}

/* ---- processes ------------------------------------------------------------- */

struct procdata {
	char *cmdline, *exepath, *cwd, *env, *cgroups;
	size_t cmdline_len, env_len, cgroups_len;
	struct rt_proc_info info;
	struct fdlist fds;
};

static void procdata_release(struct procdata *pd)
{
	free(pd->cmdline);
	free(pd->exepath);
	free(pd->cwd);
	free(pd->env);
	free(pd->cgroups);
	fdlist_release(&pd->fds);
}

static char *read_alloc(struct proc_ctx *c, size_t max, size_t *len)
{
	ssize_t n = read_file(c->path, c->buf, max + 1);

	if (n < 0)
		return NULL;
	*len = (size_t)n;
	return vakt_xstrndup(c->buf, (size_t)n);
}

/* What every thread of pid shares: command line, image, cwd, cgroups, namespaces, fds. */
static bool read_process(struct proc_ctx *c, int64_t pid, bool with_fds, struct procdata *pd)
{
	struct rt_proc_info *in = &pd->info;
	char link[RT_STATE_MAX_PATH];
	struct stat st;
	ssize_t n;

	pfmt(c, "/%lld/cmdline", (long long)pid);
	pd->cmdline = read_alloc(c, RT_STATE_MAX_ARGS_BYTES * 2, &pd->cmdline_len);
	if (!pd->cmdline)
		return false;
	n = read_link(pfmt(c, "/%lld/exe", (long long)pid), link, sizeof(link));
	if (n > 0) {
		if (vakt_ends_with(link, " (deleted)"))
			link[n - 10] = '\0';
		if (vakt_starts_with(link, "/memfd:"))
			in->exe_flags |= RT_EXE_FROM_MEMFD;
		pd->exepath = vakt_xstrdup(link);
		if (stat(c->path, &st) == 0) {
			in->exe_ino = st.st_ino;
			in->exe_ino_ctime = stat_ns(&st.st_ctim);
			in->exe_ino_mtime = stat_ns(&st.st_mtim);
		}
	}
	if (read_link(pfmt(c, "/%lld/cwd", (long long)pid), link, sizeof(link)) > 0)
		pd->cwd = vakt_xstrdup(link);
	pfmt(c, "/%lld/environ", (long long)pid);
	pd->env = read_alloc(c, RT_STATE_MAX_ENV_BYTES, &pd->env_len);
	pfmt(c, "/%lld/cgroup", (long long)pid);
	pd->cgroups = read_alloc(c, PROC_CGROUP_MAX, &pd->cgroups_len);
	if (read_file(pfmt(c, "/%lld/loginuid", (long long)pid), c->buf, 32) > 0)
		in->loginuid = (uint32_t)parse_u64(c->buf, NULL, 10);
	else
		in->loginuid = 0xffffffffu;
	in->pidns = ns_inode(c, pid, "pid");
	in->mntns = ns_inode(c, pid, "mnt");
	/* The pid namespace's init: /proc/PID/root/proc/1 as that namespace sees it. */
	if (stat(pfmt(c, "/%lld/root/proc/1", (long long)pid), &st) == 0)
		in->pidns_init_start_ts = stat_ns(&st.st_ctim);
	if (with_fds)
		read_fds(c, pid, &pd->fds);
	return true;
}

/* One task's own files: stat (ppid, session, tty, start) and status (ids, caps, name). */
static bool read_task(struct proc_ctx *c, int64_t pid, int64_t tid, struct procdata *pd,
                      char comm[16])
{
	struct rt_proc_info *in = &pd->info;
	const char *p;
	uint64_t start = 0;
	size_t cl;

	if (read_file(pfmt(c, "/%lld/task/%lld/stat", (long long)pid, (long long)tid), c->buf,
	              PROC_SMALL_MAX) <= 0 &&
	    (tid != pid ||
	     read_file(pfmt(c, "/%lld/stat", (long long)pid), c->buf, PROC_SMALL_MAX) <= 0))
		return false;
	/* "pid (comm) S ppid pgrp session tty_nr ...": comm may hold spaces and ')'. */
	p = strrchr(c->buf, ')');
	if (!p)
		return false;
	{
		char *f[24];
		char *rest = vakt_xstrdup(p + 1);
		size_t n = split(rest, f, 24);

		if (n >= 20) {
			in->ptid = (int64_t)parse_u64(f[1], NULL, 10);
			in->sid = (int64_t)parse_u64(f[3], NULL, 10);
			in->tty = (uint32_t)parse_u64(f[4], NULL, 10);
			start = parse_u64(f[19], NULL, 10);
		}
		free(rest);
	}
	in->start_ts = c->s->boot_ns + start * (1000000000ull / (uint64_t)c->s->clk_tck);
	if (read_file(pfmt(c, "/%lld/task/%lld/status", (long long)pid, (long long)tid), c->buf,
	              PROC_SMALL_MAX) <= 0 &&
	    read_file(pfmt(c, "/%lld/status", (long long)pid), c->buf, PROC_SMALL_MAX) <= 0)
		return false;
	p = status_field(c->buf, "Name");
	for (cl = 0; p && p[cl] && p[cl] != '\n' && cl < 15; cl++)
		comm[cl] = p[cl];
	comm[cl] = '\0';
	in->uid = (uint32_t)status_nth(c->buf, "Uid", 1, 10, 0);
	in->gid = (uint32_t)status_nth(c->buf, "Gid", 1, 10, 0);
	in->cap_inheritable = status_nth(c->buf, "CapInh", 0, 16, 0);
	in->cap_permitted = status_nth(c->buf, "CapPrm", 0, 16, 0);
	in->cap_effective = status_nth(c->buf, "CapEff", 0, 16, 0);
	in->vtid = status_last(c->buf, "NSpid", tid);
	in->vpid = status_last(c->buf, "NStgid", pid);
	in->vpgid = status_last(c->buf, "NSpgid", -1);
	in->tid = tid;
	in->pid = pid;
	return true;
}

static void add_task(struct proc_ctx *c, struct procdata *pd, int64_t pid, int64_t tid)
{
	struct rt_proc_info *in = &pd->info;
	char comm[16];
	const char *args = NULL;
	size_t args_len = 0, exe_len;

	if (!read_task(c, pid, tid, pd, comm))
		return;
	in->comm = comm;
	/* argv[0], then the arguments; a kernel thread has none, and its name as exe. */
	exe_len = strnlen(pd->cmdline, pd->cmdline_len);
	if (pd->cmdline_len > 0) {
		in->exe = pd->cmdline;
		if (exe_len < pd->cmdline_len) {
			args = pd->cmdline + exe_len + 1;
			args_len = pd->cmdline_len - exe_len - 1;
		}
	} else {
		in->exe = comm;
	}
	in->args = args;
	in->args_len = args_len;
	in->exepath = pd->exepath;
	in->cwd = pd->cwd;
	in->env = pd->env;
	in->env_len = pd->env_len;
	in->cgroups = pd->cgroups;
	in->cgroups_len = pd->cgroups_len;
	in->fds = tid == pid ? pd->fds.v : NULL;
	in->n_fds = tid == pid ? pd->fds.n : 0;
	rt_state_add_proc(c->s, in);
	in->comm = NULL; /* comm is this function's */
	in->exe = NULL;
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

/* The numeric entries of a directory, sorted; NULL when it cannot be read. */
static int64_t *list_ids(const char *dir, size_t *n)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int64_t *v = NULL;
	size_t cap = 0;

	*n = 0;
	if (!d)
		return NULL;
	while ((e = readdir(d))) {
		const char *q;
		int64_t id;

		if (e->d_name[0] < '1' || e->d_name[0] > '9')
			continue;
		id = (int64_t)parse_u64(e->d_name, &q, 10);
		if (*q)
			continue;
		v = vakt_grow(v, sizeof(*v), *n + 1, &cap);
		v[(*n)++] = id;
	}
	closedir(d);
	if (!v)
		v = vakt_xmalloc(sizeof(*v));
	qsort(v, *n, sizeof(*v), cmp_i64);
	return v;
}

static void read_pid(struct proc_ctx *c, int64_t pid, int64_t only_tid)
{
	struct procdata pd = {0};
	int64_t *tids;
	size_t n = 0;

	if (!read_process(c, pid, only_tid < 0 || only_tid == pid, &pd)) {
		procdata_release(&pd);
		return;
	}
	add_task(c, &pd, pid, pid);
	tids = list_ids(pfmt(c, "/%lld/task", (long long)pid), &n);
	for (size_t i = 0; i < n; i++)
		if (tids[i] != pid && (only_tid < 0 || tids[i] == only_tid)) {
			struct procdata td = pd;

			memset(&td.info, 0, sizeof(td.info));
			td.info.exe_flags = pd.info.exe_flags;
			td.info.exe_ino = pd.info.exe_ino;
			td.info.exe_ino_ctime = pd.info.exe_ino_ctime;
			td.info.exe_ino_mtime = pd.info.exe_ino_mtime;
			td.info.loginuid = pd.info.loginuid;
			td.info.pidns = pd.info.pidns;
			td.info.mntns = pd.info.mntns;
			td.info.pidns_init_start_ts = pd.info.pidns_init_start_ts;
			add_task(c, &td, pid, tids[i]);
		}
	free(tids);
	procdata_release(&pd);
}

static void ctx_init(struct proc_ctx *c, struct rt_state *s)
{
	memset(c, 0, sizeof(*c));
	c->s = s;
	c->buf = vakt_xmalloc(PROC_CGROUP_MAX + 1);
	if (!s->boot_ns && read_file(pfmt(c, "/stat"), c->buf, PROC_CGROUP_MAX) > 0) {
		const char *p = strstr(c->buf, "\nbtime ");

		if (p)
			s->boot_ns = parse_u64(p + 7, NULL, 10) * 1000000000ull;
	}
}

static void ctx_release(struct proc_ctx *c)
{
	free_sockets(c);
	free(c->buf);
}

int rt_state_bootstrap(struct rt_state *s, struct vakt_error **err)
{
	struct proc_ctx c;
	int64_t *pids;
	size_t n = 0;

	if (!s->proc_root)
		return 0;
	pids = list_ids(s->proc_root, &n);
	if (!pids)
		return vakt_error_set(err, -errno, "cannot read '%s': %s", s->proc_root,
		                      strerror(errno));
	ctx_init(&c, s);
	read_sockets(&c);
	for (size_t i = 0; i < n; i++)
		read_pid(&c, pids[i], -1);
	free(pids);
	ctx_release(&c);
	return 0;
}

struct rt_thread *st_proc_read_thread(struct rt_state *s, int64_t pid, int64_t tid)
{
	struct proc_ctx c;

	ctx_init(&c, s);
	/* No socket tables for one process: its sockets show their types when used. */
	read_pid(&c, pid, tid);
	ctx_release(&c);
	return st_thread_get(s, tid);
}

/* ---- adding a described thread --------------------------------------------- */

void rt_state_add_proc(struct rt_state *s, const struct rt_proc_info *in)
{
	struct rt_thread *t = st_thread_new(s, in->tid), *m;

	t->pid = in->pid > 0 ? in->pid : in->tid;
	t->ptid = in->ptid;
	t->sid = in->sid;
	t->vpgid = in->vpgid;
	t->vtid = in->vtid;
	t->vpid = in->vpid;
	if (in->comm)
		st_set_comm(t, in->comm, strlen(in->comm));
	if (in->exe)
		st_set_str(&t->exe, &t->exe_len, in->exe, strlen(in->exe), RT_STATE_MAX_ARGS_BYTES);
	if (in->exepath)
		st_set_str(&t->exepath, &t->exepath_len, in->exepath, strlen(in->exepath),
		           RT_STATE_MAX_PATH);
	if (in->args_text) {
		st_set_str(&t->args, &t->args_len, in->args_text, in->args_text_len,
		           RT_STATE_MAX_ARGS_BYTES);
		t->nargs = in->nargs;
		st_build_cmdline(t);
	} else {
		st_set_args(t, in->args ? in->args : "", in->args ? in->args_len : 0);
	}
	if (in->cwd)
		st_set_cwd(s, t, in->cwd, strlen(in->cwd));
	if (in->env)
		st_set_str(&t->env, &t->env_len, in->env, in->env_len, RT_STATE_MAX_ENV_BYTES);
	if (in->cgroups)
		st_set_cgroups(s, t, in->cgroups, in->cgroups_len);
	if (in->ctr)
		t->ctr = *in->ctr;
	t->uid = in->uid;
	t->gid = in->gid;
	t->loginuid = in->loginuid;
	t->tty = in->tty;
	t->cap_inheritable = in->cap_inheritable;
	t->cap_permitted = in->cap_permitted;
	t->cap_effective = in->cap_effective;
	t->exe_flags = in->exe_flags;
	t->exe_ino = in->exe_ino;
	t->exe_ino_ctime = in->exe_ino_ctime;
	t->exe_ino_mtime = in->exe_ino_mtime;
	t->clone_ts = in->start_ts;
	t->pidns_init_start_ts = in->pidns_init_start_ts;
	t->pidns = in->pidns;
	t->mntns = in->mntns;
	m = t->tid != t->pid ? st_thread_get(s, t->pid) : NULL;
	if (m && m->fds) {
		t->fds = m->fds;
		t->fds->refs++;
		m->nthreads++;
		return;
	}
	t->fds = st_fdtable_new();
	for (size_t i = 0; i < in->n_fds; i++) {
		const struct rt_fd_info *fi = &in->fds[i];
		struct rt_fd *f = st_fd_add(s, t, fi->fd, fi->type);

		if (!f)
			continue;
		f->flags = fi->flags;
		f->l4proto = fi->l4proto;
		f->connected = fi->connected;
		f->is_server = fi->is_server;
		f->local = fi->local;
		f->remote = fi->remote;
		f->ino = fi->ino;
		if (fi->name && fi->name[0])
			st_fd_set_name(f, fi->name, strlen(fi->name));
		else
			st_fd_name_socket(f);
	}
}
