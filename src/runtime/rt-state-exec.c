/* SPDX-License-Identifier: MIT */
/*
 * Process events: clone/fork/vfork/clone3 (either side first), execve and
 * execveat, procexit, and the thread's own changes (setuid family,
 * setsid/setpgid, chdir/fchdir, capset, prctl(PR_SET_NAME)). Arguments are
 * Falco's exit-event parameters (docs/runtime.md, "Event format").
 */
#include "core/util.h"
#include "rt-flags.h"
#include "rt-path.h"
#include "rt-state-priv.h"

#define K_CLONE_VM     0x00000100
#define K_CLONE_FS     0x00000200
#define K_CLONE_FILES  0x00000400
#define K_CLONE_VFORK  0x00004000
#define K_CLONE_PARENT 0x00008000
#define K_CLONE_THREAD 0x00010000
#define K_CLONE_NEWPID 0x20000000
#define K_PR_SET_NAME  15
#define K_NO_ID        0xffffffffu /* -1 as a uid or gid argument: unchanged */

static void set_str_arg(const struct rt_event *ev, const char *name, char **dst, size_t *len,
                        size_t max)
{
	const char *p;
	size_t n;

	if (st_arg_str(ev, name, &p, &n)) {
		/* A string argument may carry its terminating NUL. */
		while (n > 0 && p[n - 1] == '\0')
			n--;
		st_set_str(dst, len, p, n, max);
	}
}

/*
 * What the event says of the thread it describes (a clone's child side, an
 * execve): every argument present overrides what the thread had.
 */
static void fill_from_event(struct rt_state *s, struct rt_thread *t, const struct rt_event *ev)
{
	const char *p;
	size_t n;
	int64_t v;
	bool rebuild = false;

	if (st_arg_str(ev, "comm", &p, &n)) {
		while (n > 0 && p[n - 1] == '\0')
			n--;
		st_set_comm(t, p, n);
		rebuild = true;
	}
	if (rt_event_arg(ev, "exe")) {
		set_str_arg(ev, "exe", &t->exe, &t->exe_len, RT_STATE_MAX_ARGS_BYTES);
		rebuild = true;
	}
	if (st_arg_str(ev, "args", &p, &n))
		st_set_args(t, p, n);
	else if (rebuild)
		st_build_cmdline(t);
	if (st_arg_str(ev, "cwd", &p, &n)) {
		while (n > 0 && p[n - 1] == '\0')
			n--;
		st_set_cwd(s, t, p, n);
	}
	if (st_arg_str(ev, "env", &p, &n))
		st_set_str(&t->env, &t->env_len, p, n, RT_STATE_MAX_ENV_BYTES);
	if (st_arg_str(ev, "cgroups", &p, &n))
		st_set_cgroups(s, t, p, n);
	if (st_arg_num(ev, "uid", &v))
		t->uid = (uint32_t)v;
	if (st_arg_num(ev, "gid", &v))
		t->gid = (uint32_t)v;
	if (st_arg_num(ev, "loginuid", &v))
		t->loginuid = (uint32_t)v;
	if (st_arg_num(ev, "tty", &v))
		t->tty = (uint32_t)v;
	if (st_arg_num(ev, "vtid", &v))
		t->vtid = v;
	if (st_arg_num(ev, "vpid", &v))
		t->vpid = v;
	if (st_arg_num(ev, "vpgid", &v))
		t->vpgid = v;
	if (st_arg_num(ev, "sid", &v))
		t->sid = v;
	if (st_arg_num(ev, "cap_inheritable", &v))
		t->cap_inheritable = (uint64_t)v;
	if (st_arg_num(ev, "cap_permitted", &v))
		t->cap_permitted = (uint64_t)v;
	if (st_arg_num(ev, "cap_effective", &v))
		t->cap_effective = (uint64_t)v;
	if (st_arg_num(ev, "pidns_init_start_ts", &v))
		t->pidns_init_start_ts = (uint64_t)v;
	/* vakt's own additions to Falco's parameters: the namespace inodes. */
	if (st_arg_num(ev, "pidns", &v))
		t->pidns = (uint64_t)v;
	if (st_arg_num(ev, "mntns", &v))
		t->mntns = (uint64_t)v;
}

/* The executable's path: trusted_exepath, else filename resolved, else exe resolved. */
static void set_exepath(struct rt_state *s, struct rt_thread *t, const struct rt_event *ev)
{
	static const char *const names[] = {"trusted_exepath", "filename", "exe"};
	size_t cwd_len = 0;
	const char *cwd = rt_state_cwd(s, t, &cwd_len);

	for (size_t i = 0; i < VAKT_ARRAY_SIZE(names); i++) {
		const char *p;
		size_t n;
		char *buf;

		if (!st_arg_str(ev, names[i], &p, &n))
			continue;
		while (n > 0 && p[n - 1] == '\0')
			n--;
		if (n == 0)
			continue;
		buf = vakt_xmalloc(RT_STATE_MAX_PATH + 1);
		n = rt_path_join(cwd, cwd_len, p, n, buf, RT_STATE_MAX_PATH + 1);
		if (n > 0)
			st_set_str(&t->exepath, &t->exepath_len, buf, n, RT_STATE_MAX_PATH);
		free(buf);
		return;
	}
}

static void share_fds(struct rt_thread *child, struct rt_thread *owner)
{
	child->fds = owner->fds;
	child->fds->refs++;
}

/* Give a new child its descriptors: the parent's table shared (threads, CLONE_FILES) or copied. */
static void child_fds(struct rt_state *s, struct rt_thread *child, struct rt_thread *parent,
                      uint64_t flags)
{
	struct rt_thread *owner = parent ? st_main_thread(s, parent) : NULL;

	if (owner && !owner->fds)
		owner = parent;
	if (owner && owner->fds && (flags & (K_CLONE_THREAD | K_CLONE_FILES)))
		share_fds(child, owner);
	else if (owner && owner->fds)
		child->fds = st_fdtable_copy(owner->fds);
	else
		child->fds = st_fdtable_new();
}

static void count_thread(struct rt_state *s, struct rt_thread *child)
{
	struct rt_thread *m;

	if (child->tid == child->pid)
		return;
	m = st_thread_get(s, child->pid);
	if (m)
		m->nthreads++;
}

/*
 * A clone seen from the parent (res = the child's tid): the child is the
 * caller's copy. ptid follows the kernel's real_parent: the caller, or the
 * caller's parent for CLONE_PARENT and CLONE_THREAD.
 */
static void clone_parent_side(struct rt_state *s, struct rt_event *ev, uint64_t flags)
{
	struct rt_thread *caller = st_thread_for_event(s, ev), *child;

	ev->thread = caller;
	if (st_thread_get(s, ev->res))
		return; /* the child's own event came first */
	child = st_thread_new(s, ev->res);
	st_copy_process(child, st_main_thread(s, caller));
	if (caller->tid != caller->pid) {
		/* The caller's own comm (a thread may have renamed itself). */
		memcpy(child->comm, caller->comm, sizeof(child->comm));
		child->comm_len = caller->comm_len;
		st_build_cmdline(child);
	}
	child->clone_ts = ev->ts;
	if (flags & K_CLONE_THREAD) {
		child->pid = caller->pid;
		child->ptid = caller->ptid;
		child->vpid = caller->vpid;
	} else {
		child->pid = child->tid;
		child->ptid = (flags & K_CLONE_PARENT) ? caller->ptid : caller->tid;
	}
	if (flags & K_CLONE_NEWPID) {
		child->vtid = child->vpid = 1;
		child->pidns_init_start_ts = ev->ts;
		child->pidns = 0; /* a new namespace whose inode the event does not tell */
	}
	child_fds(s, child, caller, flags);
	count_thread(s, child);
}

/* A clone seen from the child (res = 0): the event's ids and strings are the child's. */
static void clone_child_side(struct rt_state *s, struct rt_event *ev, uint64_t flags)
{
	struct rt_thread *t = st_thread_get(s, ev->tid), *parent;
	int64_t v;
	bool fresh = !t;

	if (fresh)
		t = st_thread_new(s, ev->tid);
	t->pid = st_arg_num(ev, "pid", &v) ? v : (ev->pid > 0 ? ev->pid : ev->tid);
	if (st_arg_num(ev, "ptid", &v))
		t->ptid = v;
	if (fresh) {
		parent = st_thread_get(s, (flags & K_CLONE_THREAD) ? t->pid : t->ptid);
		if (parent && parent != t)
			st_copy_process(t, st_main_thread(s, parent));
		t->clone_ts = ev->ts;
		child_fds(s, t, parent != t ? parent : NULL, flags);
		count_thread(s, t);
	}
	fill_from_event(s, t, ev);
	ev->thread = t;
}

void st_apply_clone(struct rt_state *s, struct rt_event *ev)
{
	int64_t flags = 0;

	if (!st_arg_num(ev, "flags", &flags)) {
		if (ev->type == RT_EV_VFORK)
			flags = K_CLONE_VM | K_CLONE_VFORK;
	}
	if (ev->res > 0)
		clone_parent_side(s, ev, (uint64_t)flags);
	else if (ev->res == 0)
		clone_child_side(s, ev, (uint64_t)flags);
	else
		ev->thread = st_thread_for_event(s, ev);
}

void st_apply_exec(struct rt_state *s, struct rt_event *ev)
{
	struct rt_thread *t = st_thread_for_event(s, ev);
	int64_t v;

	ev->thread = t;
	if (ev->res != 0)
		return;
	if (st_arg_num(ev, "pid", &v) && v > 0)
		t->pid = v;
	if (st_arg_num(ev, "ptid", &v))
		t->ptid = v;
	/* Facts of the new image: cleared, then what the event tells. */
	t->exe_flags = 0;
	t->exe_ino = t->exe_ino_ctime = t->exe_ino_mtime = 0;
	fill_from_event(s, t, ev);
	if (st_arg_num(ev, "flags", &v))
		t->exe_flags = (uint32_t)v;
	if (st_arg_num(ev, "exe_ino", &v))
		t->exe_ino = (uint64_t)v;
	if (st_arg_num(ev, "exe_ino_ctime", &v))
		t->exe_ino_ctime = (uint64_t)v;
	if (st_arg_num(ev, "exe_ino_mtime", &v))
		t->exe_ino_mtime = (uint64_t)v;
	set_exepath(s, t, ev);
	st_fd_exec(s, t);
}

void st_apply_exit(struct rt_state *s, struct rt_event *ev)
{
	struct rt_thread *t = st_thread_get(s, ev->tid), *m;

	ev->thread = t;
	if (!t)
		return;
	if (t->tid == t->pid) {
		if (t->nthreads > 1) {
			/* Its other threads still run: keep the process's record for them. */
			t->exited = true;
			t->nthreads--;
			return;
		}
		st_thread_remove(s, t);
		return;
	}
	st_thread_remove(s, t);
	/* nthreads counts the main thread too while it lives: 0 only once all are gone. */
	m = st_thread_get(s, t->pid);
	if (m && m->nthreads > 0)
		m->nthreads--;
	if (m && m->exited && m->nthreads == 0)
		st_thread_remove(s, m);
}

static void set_id(uint32_t *dst, const struct rt_event *ev, const char *name)
{
	int64_t v;

	if (st_arg_num(ev, name, &v) && (uint32_t)v != K_NO_ID)
		*dst = (uint32_t)v;
}

void st_apply_thread_event(struct rt_state *s, struct rt_event *ev, struct rt_thread *t)
{
	const char *p;
	size_t n;
	int64_t v;

	if (!t)
		return;
	switch (ev->type) {
	case RT_EV_SETUID:
		if (ev->res == 0)
			set_id(&t->uid, ev, "uid");
		break;
	case RT_EV_SETREUID:
	case RT_EV_SETRESUID:
		/* Falco's user.uid follows the effective uid. */
		if (ev->res == 0)
			set_id(&t->uid, ev, "euid");
		break;
	case RT_EV_SETGID:
		if (ev->res == 0)
			set_id(&t->gid, ev, "gid");
		break;
	case RT_EV_SETREGID:
	case RT_EV_SETRESGID:
		if (ev->res == 0)
			set_id(&t->gid, ev, "egid");
		break;
	case RT_EV_SETSID:
		if (ev->res > 0)
			t->sid = ev->res;
		break;
	case RT_EV_SETPGID:
		if (ev->res == 0 && st_arg_num(ev, "pid", &v) &&
		    (v == 0 || v == t->pid || v == t->vpid)) {
			int64_t pgid = 0;

			st_arg_num(ev, "pgid", &pgid);
			t->vpgid = pgid ? pgid : (t->vpid > 0 ? t->vpid : t->pid);
		}
		break;
	case RT_EV_CHDIR:
		if (ev->res == 0 && st_arg_str(ev, "path", &p, &n)) {
			while (n > 0 && p[n - 1] == '\0')
				n--;
			st_set_cwd(s, t, p, n);
		}
		break;
	case RT_EV_FCHDIR:
		if (ev->res == 0 && st_arg_num(ev, "fd", &v)) {
			const struct rt_fd *f = st_fd_get(s, t, v);

			if (f && (f->type == RT_FD_DIRECTORY || f->type == RT_FD_FILE) &&
			    f->name_len)
				st_set_cwd(s, t, f->name, f->name_len);
		}
		break;
	case RT_EV_CAPSET:
		if (ev->res == 0) {
			if (st_arg_num(ev, "cap_inheritable", &v))
				t->cap_inheritable = (uint64_t)v;
			if (st_arg_num(ev, "cap_permitted", &v))
				t->cap_permitted = (uint64_t)v;
			if (st_arg_num(ev, "cap_effective", &v))
				t->cap_effective = (uint64_t)v;
		}
		break;
	case RT_EV_PRCTL:
		if (ev->res == 0 && st_arg_num(ev, "option", &v) && v == K_PR_SET_NAME &&
		    st_arg_str(ev, "arg2_str", &p, &n)) {
			size_t k = 0;

			while (k < n && p[k] != '\0')
				k++;
			st_set_comm(t, p, k);
			st_build_cmdline(t);
		}
		break;
	default:
		break;
	}
}
