/* SPDX-License-Identifier: MIT */
/*
 * Users and groups per mount namespace: passwd(5) and group(5) read through
 * /proc/PID/root, parsed in place (the fields point into the file's copy),
 * sorted by id for a binary search, and read again when they change.
 */

#include "runtime/rt-users.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "core/root.h"

enum kind { PASSWD, GROUP };

/* One file's entries, and what it was when read (to tell a change). */
struct table {
	char *text; /* owned: the file, its fields split in place */
	union {
		struct rt_user_ent *users; /* owned; sorted by uid */
		struct rt_group_ent *groups;
	};
	size_t n;
	bool exists;
	dev_t dev;
	ino_t ino;
	off_t size;
	struct timespec mtime;
};

struct ns {
	uint64_t mntns;
	int64_t pid;         /* the last process seen in it: the one read through */
	uint64_t checked_ns; /* monotonic time the files were last looked at */
	uint64_t used;       /* the tick of the last lookup, for eviction */
	struct table pw, gr;
};

struct rt_users {
	char *proc_root;
	uint64_t refresh_ns;
	struct ns *ns; /* owned; n_ns of RT_USERS_MAX_NAMESPACES */
	size_t n_ns;
	struct ns *last; /* the last namespace looked up */
	uint64_t tick;
	struct vakt_error *err;
	uint64_t err_mntns; /* the file err is about: a good read of it clears err */
	enum kind err_kind;
	struct rt_users_stats stats;
};

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

struct rt_users *rt_users_new(const char *proc_root)
{
	struct rt_users *u = vakt_xcalloc(1, sizeof(*u));

	u->proc_root = vakt_xstrdup(proc_root);
	u->refresh_ns = (uint64_t)RT_USERS_REFRESH_SECONDS * 1000000000u;
	u->ns = vakt_xcalloc(RT_USERS_MAX_NAMESPACES, sizeof(*u->ns));
	return u;
}

static void table_release(struct table *t)
{
	free(t->text);
	free(t->users); /* either member: the same pointer */
	memset(t, 0, sizeof(*t));
}

void rt_users_free(struct rt_users *u)
{
	if (!u)
		return;
	for (size_t i = 0; i < u->n_ns; i++) {
		table_release(&u->ns[i].pw);
		table_release(&u->ns[i].gr);
	}
	free(u->ns);
	free(u->proc_root);
	vakt_error_free(u->err);
	free(u);
}

void rt_users_set_refresh(struct rt_users *u, unsigned seconds)
{
	u->refresh_ns = (uint64_t)seconds * 1000000000u;
}

const struct vakt_error *rt_users_last_error(const struct rt_users *u)
{
	return u->err;
}

void rt_users_stats(const struct rt_users *u, struct rt_users_stats *out)
{
	*out = u->stats;
	out->namespaces = u->n_ns;
}

static void set_error(struct rt_users *u, uint64_t mntns, enum kind kind, struct vakt_error *e)
{
	vakt_error_free(u->err);
	u->err = e;
	u->err_mntns = mntns;
	u->err_kind = kind;
}

/* A good read of the file the last error was about clears it. */
static void clear_error(struct rt_users *u, uint64_t mntns, enum kind kind)
{
	if (u->err && u->err_mntns == mntns && u->err_kind == kind)
		set_error(u, 0, PASSWD, NULL);
}

/* A decimal id as passwd(5) writes it: digits only, at most 2^32-1. */
static bool parse_id(const char *s, uint32_t *out)
{
	uint64_t v = 0;

	if (!*s)
		return false;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return false;
		v = v * 10 + (uint64_t)(*s - '0');
		if (v > UINT32_MAX)
			return false;
	}
	*out = (uint32_t)v;
	return true;
}

/* Split line at ':' into at most max fields (the last takes the rest); the count. */
static size_t split_fields(char *line, char **f, size_t max)
{
	size_t n = 0;

	f[n++] = line;
	while (n < max) {
		char *c = strchr(f[n - 1], ':');

		if (!c)
			break;
		*c = '\0';
		f[n++] = c + 1;
	}
	return n;
}

static int cmp_user(const void *a, const void *b)
{
	const struct rt_user_ent *x = a, *y = b;

	if (x->uid != y->uid)
		return x->uid < y->uid ? -1 : 1;
	/* fields lie in file order in the text: earlier lines first */
	return x->name < y->name ? -1 : x->name > y->name;
}

static int cmp_group(const void *a, const void *b)
{
	const struct rt_group_ent *x = a, *y = b;

	if (x->gid != y->gid)
		return x->gid < y->gid ? -1 : 1;
	return x->name < y->name ? -1 : x->name > y->name;
}

/*
 * Parse t->text (len bytes) in place into t's entries. Returns false when
 * RT_USERS_MAX_ENTRIES cut it short (the first ones are kept).
 */
static bool table_parse(struct table *t, size_t len, enum kind kind)
{
	char *p = t->text, *end = t->text + len;
	size_t cap = 0, n = 0;
	bool whole = true;

	while (p < end) {
		char *nl = memchr(p, '\n', (size_t)(end - p));
		char *line = p, *f[7];
		size_t ll = nl ? (size_t)(nl - p) : (size_t)(end - p), nf;
		uint32_t id, gid = 0;

		p += ll + 1;
		if (nl)
			*nl = '\0';
		if (ll > 0 && line[ll - 1] == '\r')
			line[--ll] = '\0';
		if (ll == 0 || ll > RT_USERS_MAX_LINE_BYTES || memchr(line, '\0', ll) ||
		    line[0] == '#' || line[0] == '+' || line[0] == '-')
			continue;
		nf = split_fields(line, f, kind == PASSWD ? 7 : 4);
		if (nf < (kind == PASSWD ? 4u : 3u) || !f[0][0] || !parse_id(f[2], &id))
			continue;
		if (kind == PASSWD && !parse_id(f[3], &gid))
			continue;
		if (n == RT_USERS_MAX_ENTRIES) {
			whole = false;
			break;
		}
		if (kind == PASSWD) {
			t->users = vakt_grow(t->users, sizeof(*t->users), n + 1, &cap);
			t->users[n] = (struct rt_user_ent){
			    .uid = id,
			    .gid = gid,
			    .name = f[0],
			    .home = nf > 5 ? f[5] : "",
			    .shell = nf > 6 ? f[6] : "",
			};
		} else {
			t->groups = vakt_grow(t->groups, sizeof(*t->groups), n + 1, &cap);
			t->groups[n] = (struct rt_group_ent){.gid = id, .name = f[0]};
		}
		n++;
	}
	if (n > 0) {
		size_t k = 1;

		if (kind == PASSWD) {
			qsort(t->users, n, sizeof(*t->users), cmp_user);
			for (size_t i = 1; i < n; i++)
				if (t->users[i].uid != t->users[k - 1].uid)
					t->users[k++] = t->users[i];
		} else {
			qsort(t->groups, n, sizeof(*t->groups), cmp_group);
			for (size_t i = 1; i < n; i++)
				if (t->groups[i].gid != t->groups[k - 1].gid)
					t->groups[k++] = t->groups[i];
		}
		n = k;
	}
	t->n = n;
	return whole;
}

static bool same_file(const struct table *t, const struct stat *st)
{
	return t->exists && t->dev == st->st_dev && t->ino == st->st_ino &&
	       t->size == st->st_size && t->mtime.tv_sec == st->st_mtim.tv_sec &&
	       t->mtime.tv_nsec == st->st_mtim.tv_nsec;
}

static const char *file_of(enum kind kind)
{
	return kind == PASSWD ? "etc/passwd" : "etc/group";
}

/* Read one file into t when it changed (or was never read). */
static void table_refresh(struct rt_users *u, const struct vakt_root *root, uint64_t mntns,
                          struct table *t, enum kind kind)
{
	struct vakt_error *e = NULL;
	struct table fresh = {0};
	struct stat st;
	size_t len;
	int rc;

	rc = vakt_root_stat(root, file_of(kind), &st);
	if (rc == 0 && same_file(t, &st))
		return;
	if (rc == -ENOENT && !t->exists && !t->text)
		return; /* still none */
	u->stats.loads++;
	rc = vakt_root_read(root, file_of(kind), RT_USERS_MAX_FILE_BYTES, &fresh.text, &len, &st,
	                    &e);
	if (rc == -ENOENT) {
		/* the file is gone (or never was): no names */
		vakt_error_free(e);
		clear_error(u, mntns, kind);
		table_release(t);
		return;
	}
	if (rc < 0) {
		/* keep what we had; say why once */
		u->stats.load_errors++;
		set_error(u, mntns, kind, e);
		return;
	}
	if (!table_parse(&fresh, len, kind)) {
		u->stats.load_errors++;
		vakt_error_set(&e, -E2BIG, "'%s/%s' has more than %d entries: the first are kept",
		               root->path, file_of(kind), RT_USERS_MAX_ENTRIES);
		set_error(u, mntns, kind, e);
	} else {
		clear_error(u, mntns, kind);
	}
	fresh.exists = true;
	fresh.dev = st.st_dev;
	fresh.ino = st.st_ino;
	fresh.size = st.st_size;
	fresh.mtime = st.st_mtim;
	table_release(t);
	*t = fresh;
}

static void ns_refresh(struct rt_users *u, struct ns *ns, uint64_t now)
{
	struct vakt_root root;
	char *path = vakt_xasprintf("%s/%lld/root", u->proc_root, (long long)ns->pid);

	/*
	 * A process that is gone leaves the names as they were, and the next
	 * lookup (through another process of the namespace) tries again: a
	 * short-lived process is often gone before its first event is read.
	 */
	if (vakt_root_open(&root, path, NULL) == 0) {
		ns->checked_ns = now;
		table_refresh(u, &root, ns->mntns, &ns->pw, PASSWD);
		table_refresh(u, &root, ns->mntns, &ns->gr, GROUP);
		vakt_root_close(&root);
	}
	free(path);
}

/* The mount namespace of pid when the caller does not know it: 0 when unknown. */
static uint64_t mntns_of(const struct rt_users *u, int64_t pid)
{
	char *path = vakt_xasprintf("%s/%lld/ns/mnt", u->proc_root, (long long)pid);
	struct stat st;
	uint64_t ino = 0;

	if (stat(path, &st) == 0)
		ino = (uint64_t)st.st_ino;
	free(path);
	return ino;
}

static struct ns *ns_get(struct rt_users *u, int64_t pid, uint64_t mntns)
{
	uint64_t now = now_ns();
	struct ns *ns = NULL;

	if (pid <= 0)
		return NULL;
	if (mntns == 0)
		mntns = mntns_of(u, pid);
	if (mntns == 0)
		return NULL;
	if (u->last && u->last->mntns == mntns) {
		ns = u->last;
	} else {
		for (size_t i = 0; i < u->n_ns && !ns; i++)
			if (u->ns[i].mntns == mntns)
				ns = &u->ns[i];
	}
	if (!ns) {
		if (u->n_ns < RT_USERS_MAX_NAMESPACES) {
			ns = &u->ns[u->n_ns++];
		} else {
			ns = &u->ns[0];
			for (size_t i = 1; i < u->n_ns; i++)
				if (u->ns[i].used < ns->used)
					ns = &u->ns[i];
			table_release(&ns->pw);
			table_release(&ns->gr);
		}
		memset(ns, 0, sizeof(*ns));
		ns->mntns = mntns;
		ns->pid = pid;
		ns_refresh(u, ns, now);
	} else {
		ns->pid = pid;
		if (now - ns->checked_ns >= u->refresh_ns)
			ns_refresh(u, ns, now);
	}
	ns->used = ++u->tick;
	u->last = ns;
	return ns;
}

const struct rt_user_ent *rt_users_lookup_user(struct rt_users *u, int64_t pid, uint64_t mntns,
                                               uint32_t uid)
{
	struct ns *ns = ns_get(u, pid, mntns);
	struct rt_user_ent key = {.uid = uid};
	size_t lo = 0, hi;

	if (!ns)
		return NULL;
	hi = ns->pw.n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (ns->pw.users[mid].uid < key.uid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < ns->pw.n && ns->pw.users[lo].uid == uid ? &ns->pw.users[lo] : NULL;
}

const struct rt_group_ent *rt_users_lookup_group(struct rt_users *u, int64_t pid, uint64_t mntns,
                                                 uint32_t gid)
{
	struct ns *ns = ns_get(u, pid, mntns);
	size_t lo = 0, hi;

	if (!ns)
		return NULL;
	hi = ns->gr.n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (ns->gr.groups[mid].gid < gid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < ns->gr.n && ns->gr.groups[lo].gid == gid ? &ns->gr.groups[lo] : NULL;
}

const char *rt_users_user(struct rt_users *u, int64_t pid, uint64_t mntns, uint32_t uid)
{
	const struct rt_user_ent *e = rt_users_lookup_user(u, pid, mntns, uid);

	return e ? e->name : NULL;
}

const char *rt_users_group(struct rt_users *u, int64_t pid, uint64_t mntns, uint32_t gid)
{
	const struct rt_group_ent *e = rt_users_lookup_group(u, pid, mntns, gid);

	return e ? e->name : NULL;
}

const char *rt_users_home(struct rt_users *u, int64_t pid, uint64_t mntns, uint32_t uid)
{
	const struct rt_user_ent *e = rt_users_lookup_user(u, pid, mntns, uid);

	return e && e->home[0] ? e->home : NULL;
}

const char *rt_users_shell(struct rt_users *u, int64_t pid, uint64_t mntns, uint32_t uid)
{
	const struct rt_user_ent *e = rt_users_lookup_user(u, pid, mntns, uid);

	return e && e->shell[0] ? e->shell : NULL;
}
