/* SPDX-License-Identifier: MIT */
/*
 * The proc.* and thread.* fields, with Falco's ancestry: proc.pname is the
 * thread ptid names, proc.aname[N] walks N parents from the process's main
 * thread (proc.aname[0] is the process itself), proc.aname without an index
 * yields every ancestor (not the process), so a comparison matches when any
 * does. The strings are the state's (cmdline built at exec), never copied.
 */
#include <inttypes.h>
#include <stdio.h>

#include "core/util.h"
#include "rt-fields-priv.h"
#include "rt-flags.h"

static const struct rt_thread *thr(const void *vev)
{
	return fx_ev(vev)->thread;
}

static const struct rt_thread *parent_of(const void *vev)
{
	const struct rt_event *ev = fx_ev(vev);

	return rt_state_parent(ev->state, ev->thread);
}

enum pfield {
	P_PID,
	P_NAME,
	P_EXE,
	P_EXEPATH,
	P_CMDLINE,
};

static void add_pfield(struct rt_values *out, const struct rt_thread *t, enum pfield f)
{
	switch (f) {
	case P_PID:
		rt_values_add_i64(out, t->pid);
		break;
	case P_NAME:
		if (t->comm_len)
			rt_values_add_str(out, t->comm, t->comm_len);
		break;
	case P_EXE:
		fx_str(out, t->exe, t->exe_len);
		break;
	case P_EXEPATH:
		fx_str(out, t->exepath, t->exepath_len);
		break;
	case P_CMDLINE:
		fx_str(out, t->cmdline, t->cmdline_len);
		break;
	}
}

/*
 * proc.aname and its kin: with [N], the Nth ancestor of the main thread
 * (0: the process); without, every ancestor (a value each).
 */
static void ancestors(const void *vev, const struct rt_field_arg *arg, struct rt_values *out,
                      enum pfield f)
{
	const struct rt_event *ev = fx_ev(vev);
	const struct rt_thread *t = rt_state_main_thread(ev->state, ev->thread);
	long n = fx_index(arg);

	if (!t)
		return;
	if (n >= 0) {
		if (n > FX_MAX_DEPTH)
			return;
		for (long i = 0; i < n && t; i++)
			t = rt_state_parent(ev->state, t);
		if (t)
			add_pfield(out, t, f);
		return;
	}
	for (int i = 0; i < RT_VALUES_MAX && (t = rt_state_parent(ev->state, t)); i++)
		add_pfield(out, t, f);
}

FX(proc_pid)
{
	if (thr(vev))
		rt_values_add_i64(out, thr(vev)->pid);
}

FX(proc_ppid)
{
	const struct rt_event *ev = fx_ev(vev);
	const struct rt_thread *m = rt_state_main_thread(ev->state, ev->thread);

	if (m && m->ptid >= 0)
		rt_values_add_i64(out, m->ptid);
}

FX(proc_apid)
{
	ancestors(vev, arg, out, P_PID);
}

FX(proc_vpid)
{
	if (thr(vev) && thr(vev)->vpid >= 0)
		rt_values_add_i64(out, thr(vev)->vpid);
}

FX(proc_pvpid)
{
	const struct rt_thread *p = parent_of(vev);

	if (p && p->vpid >= 0)
		rt_values_add_i64(out, p->vpid);
}

FX(proc_sid)
{
	if (thr(vev) && thr(vev)->sid >= 0)
		rt_values_add_i64(out, thr(vev)->sid);
}

FX(proc_vpgid)
{
	if (thr(vev) && thr(vev)->vpgid >= 0)
		rt_values_add_i64(out, thr(vev)->vpgid);
}

FX(proc_name)
{
	if (thr(vev))
		add_pfield(out, thr(vev), P_NAME);
}

FX(proc_pname)
{
	const struct rt_thread *p = parent_of(vev);

	if (p)
		add_pfield(out, p, P_NAME);
}

FX(proc_aname)
{
	ancestors(vev, arg, out, P_NAME);
}

FX(proc_exe)
{
	if (thr(vev))
		add_pfield(out, thr(vev), P_EXE);
}

FX(proc_pexe)
{
	const struct rt_thread *p = parent_of(vev);

	if (p)
		add_pfield(out, p, P_EXE);
}

FX(proc_aexe)
{
	ancestors(vev, arg, out, P_EXE);
}

FX(proc_exepath)
{
	if (thr(vev))
		add_pfield(out, thr(vev), P_EXEPATH);
}

FX(proc_pexepath)
{
	const struct rt_thread *p = parent_of(vev);

	if (p)
		add_pfield(out, p, P_EXEPATH);
}

FX(proc_aexepath)
{
	ancestors(vev, arg, out, P_EXEPATH);
}

FX(proc_args)
{
	if (thr(vev))
		fx_str(out, thr(vev)->args, thr(vev)->args_len);
}

FX(proc_cmdline)
{
	if (thr(vev))
		add_pfield(out, thr(vev), P_CMDLINE);
}

FX(proc_pcmdline)
{
	const struct rt_thread *p = parent_of(vev);

	if (p)
		add_pfield(out, p, P_CMDLINE);
}

FX(proc_acmdline)
{
	ancestors(vev, arg, out, P_CMDLINE);
}

FX(proc_cmdnargs)
{
	if (thr(vev))
		rt_values_add_u64(out, RT_FT_U64, thr(vev)->nargs);
}

FX(proc_cmdlenargs)
{
	const struct rt_thread *t = thr(vev);

	/* The arguments' characters without the spaces between them. */
	if (t)
		rt_values_add_u64(out, RT_FT_U64, t->args_len - (t->nargs > 1 ? t->nargs - 1 : 0));
}

FX(proc_exeline)
{
	if (thr(vev))
		fx_str(out, thr(vev)->exeline, thr(vev)->exeline_len);
}

/* proc.env: "A=1 B=2"; proc.env[NAME]: NAME's value. */
FX(proc_env)
{
	const struct rt_thread *t = thr(vev);
	const char *e;
	size_t n;

	if (!t || !t->env)
		return;
	e = t->env;
	n = t->env_len;
	if (arg && arg->has && !arg->is_index && arg->key) {
		for (size_t i = 0; i < n;) {
			size_t j = i;

			while (j < n && e[j])
				j++;
			if (j - i > arg->key_len && e[i + arg->key_len] == '=' &&
			    memcmp(e + i, arg->key, arg->key_len) == 0) {
				rt_values_add_str(out, e + i + arg->key_len + 1,
				                  j - i - arg->key_len - 1);
				return;
			}
			i = j + 1;
		}
		return;
	}
	while (n > 0 && e[n - 1] == '\0')
		n--;
	{
		char *p = rt_values_alloc(out, n);

		if (!p)
			return;
		for (size_t i = 0; i < n; i++)
			p[i] = e[i] ? e[i] : ' ';
		rt_values_add_str(out, p, n);
	}
}

FX(proc_cwd)
{
	const struct rt_event *ev = fx_ev(vev);
	size_t n;
	const char *c = ev->thread ? rt_state_cwd(ev->state, ev->thread, &n) : NULL;

	if (c)
		rt_values_add_str(out, c, n);
}

/* The pid of the oldest shell (a name ending in "sh") among the process and its ancestors. */
FX(proc_loginshellid)
{
	const struct rt_event *ev = fx_ev(vev);
	const struct rt_thread *t = rt_state_main_thread(ev->state, ev->thread);
	int64_t found = -1;

	for (int i = 0; t && i < FX_MAX_DEPTH; i++, t = rt_state_parent(ev->state, t))
		if (t->comm_len >= 2 && memcmp(t->comm + t->comm_len - 2, "sh", 2) == 0)
			found = t->pid;
	if (found >= 0)
		rt_values_add_i64(out, found);
}

FX(proc_tty)
{
	if (thr(vev))
		rt_values_add_u64(out, RT_FT_U64, thr(vev)->tty);
}

static bool in_pidns(const struct rt_thread *t)
{
	return t->vpid > 0 && t->vpid != t->pid;
}

/*
 * The leader of t's session (or process group): the thread whose pid is
 * the id when t is on the host, else the eldest ancestor sharing the id.
 */
static const struct rt_thread *leader(const struct rt_event *ev, bool group)
{
	const struct rt_thread *t = ev->thread, *best, *p;
	int64_t id;

	if (!t)
		return NULL;
	id = group ? t->vpgid : t->sid;
	if (id < 0)
		return NULL;
	if (!in_pidns(t)) {
		p = rt_state_thread(ev->state, id);
		if (p)
			return p;
	}
	best = t;
	p = t;
	for (int i = 0; i < FX_MAX_DEPTH && (p = rt_state_parent(ev->state, p)); i++) {
		if ((group ? p->vpgid : p->sid) != id)
			break;
		best = p;
	}
	return best;
}

FX(proc_sname)
{
	const struct rt_thread *l = leader(fx_ev(vev), false);

	if (l)
		add_pfield(out, l, P_NAME);
}

FX(proc_sid_exe)
{
	const struct rt_thread *l = leader(fx_ev(vev), false);

	if (l)
		add_pfield(out, l, P_EXE);
}

FX(proc_sid_exepath)
{
	const struct rt_thread *l = leader(fx_ev(vev), false);

	if (l)
		add_pfield(out, l, P_EXEPATH);
}

FX(proc_vpgid_name)
{
	const struct rt_thread *l = leader(fx_ev(vev), true);

	if (l)
		add_pfield(out, l, P_NAME);
}

FX(proc_vpgid_exe)
{
	const struct rt_thread *l = leader(fx_ev(vev), true);

	if (l)
		add_pfield(out, l, P_EXE);
}

FX(proc_vpgid_exepath)
{
	const struct rt_thread *l = leader(fx_ev(vev), true);

	if (l)
		add_pfield(out, l, P_EXEPATH);
}

static void add_duration(const struct rt_event *ev, const struct rt_thread *t,
                         struct rt_values *out)
{
	if (t && t->clone_ts && ev->ts >= t->clone_ts)
		rt_values_add_u64(out, RT_FT_RELTIME, ev->ts - t->clone_ts);
}

FX(proc_duration)
{
	add_duration(fx_ev(vev), thr(vev), out);
}

FX(proc_ppid_duration)
{
	add_duration(fx_ev(vev), parent_of(vev), out);
}

FX(proc_pid_ts)
{
	if (thr(vev) && thr(vev)->clone_ts)
		rt_values_add_u64(out, RT_FT_ABSTIME, thr(vev)->clone_ts);
}

FX(proc_ppid_ts)
{
	const struct rt_thread *p = parent_of(vev);

	if (p && p->clone_ts)
		rt_values_add_u64(out, RT_FT_ABSTIME, p->clone_ts);
}

static void exe_flag(const void *vev, uint32_t bit, struct rt_values *out)
{
	if (thr(vev))
		rt_values_add_bool(out, (thr(vev)->exe_flags & bit) != 0);
}

FX(proc_is_exe_writable)
{
	exe_flag(vev, RT_EXE_WRITABLE, out);
}

FX(proc_is_exe_upper_layer)
{
	exe_flag(vev, RT_EXE_UPPER_LAYER, out);
}

FX(proc_is_exe_lower_layer)
{
	exe_flag(vev, RT_EXE_LOWER_LAYER, out);
}

FX(proc_is_exe_from_memfd)
{
	exe_flag(vev, RT_EXE_FROM_MEMFD, out);
}

FX(proc_is_sid_leader)
{
	const struct rt_thread *t = thr(vev);

	if (t)
		rt_values_add_bool(out, t->sid == (t->vpid >= 0 ? t->vpid : t->pid));
}

FX(proc_is_vpgid_leader)
{
	const struct rt_thread *t = thr(vev);

	if (t)
		rt_values_add_bool(out, t->vpgid == (t->vpid >= 0 ? t->vpid : t->pid));
}

FX(proc_exe_ino)
{
	if (thr(vev) && thr(vev)->exe_ino)
		rt_values_add_i64(out, (int64_t)thr(vev)->exe_ino);
}

FX(proc_exe_ino_ctime)
{
	if (thr(vev) && thr(vev)->exe_ino_ctime)
		rt_values_add_u64(out, RT_FT_ABSTIME, thr(vev)->exe_ino_ctime);
}

FX(proc_exe_ino_mtime)
{
	if (thr(vev) && thr(vev)->exe_ino_mtime)
		rt_values_add_u64(out, RT_FT_ABSTIME, thr(vev)->exe_ino_mtime);
}

/* How long after the executable's last change the process started (0: missing, as Falco). */
FX(proc_exe_ino_ctime_duration_proc_start)
{
	const struct rt_thread *t = thr(vev);

	if (t && t->exe_ino_ctime && t->clone_ts > t->exe_ino_ctime)
		rt_values_add_u64(out, RT_FT_ABSTIME, t->clone_ts - t->exe_ino_ctime);
}

/* How long after the pid namespace started the executable changed (a file dropped in a container).
 */
FX(proc_exe_ino_ctime_duration_pidns_start)
{
	const struct rt_thread *t = thr(vev);

	if (t && t->pidns_init_start_ts && t->exe_ino_ctime > t->pidns_init_start_ts)
		rt_values_add_u64(out, RT_FT_ABSTIME, t->exe_ino_ctime - t->pidns_init_start_ts);
}

FX(proc_pidns_init_start_ts)
{
	if (thr(vev) && thr(vev)->pidns_init_start_ts)
		rt_values_add_u64(out, RT_FT_U64, thr(vev)->pidns_init_start_ts);
}

FX(proc_fdopencount)
{
	const struct rt_event *ev = fx_ev(vev);

	if (ev->thread)
		rt_values_add_u64(out, RT_FT_U64, rt_state_fd_count(ev->state, ev->thread));
}

FX(proc_nthreads)
{
	const struct rt_event *ev = fx_ev(vev);
	const struct rt_thread *m = rt_state_main_thread(ev->state, ev->thread);

	if (m)
		rt_values_add_u64(out, RT_FT_U64, m->nthreads);
}

FX(proc_pidns)
{
	if (thr(vev) && thr(vev)->pidns)
		rt_values_add_u64(out, RT_FT_U64, thr(vev)->pidns);
}

FX(proc_mntns)
{
	if (thr(vev) && thr(vev)->mntns)
		rt_values_add_u64(out, RT_FT_U64, thr(vev)->mntns);
}

FX(thread_tid)
{
	rt_values_add_i64(out, fx_ev(vev)->tid);
}

FX(thread_vtid)
{
	if (thr(vev) && thr(vev)->vtid >= 0)
		rt_values_add_i64(out, thr(vev)->vtid);
}

FX(thread_ismain)
{
	if (thr(vev))
		rt_values_add_bool(out, thr(vev)->tid == thr(vev)->pid);
}

static void add_caps(struct rt_values *out, uint64_t caps)
{
	char buf[RT_FLAGS_BUF];
	size_t n = rt_caps_render(caps, buf, sizeof(buf));

	fx_copy(out, buf, n);
}

FX(thread_cap_permitted)
{
	if (thr(vev))
		add_caps(out, thr(vev)->cap_permitted);
}

FX(thread_cap_inheritable)
{
	if (thr(vev))
		add_caps(out, thr(vev)->cap_inheritable);
}

FX(thread_cap_effective)
{
	if (thr(vev))
		add_caps(out, thr(vev)->cap_effective);
}

FX(thread_cgroups)
{
	if (thr(vev))
		fx_str(out, thr(vev)->cgroups, thr(vev)->cgroups_len);
}

/* thread.cgroup.SUBSYS: the path of one controller ("name=systemd" has its own). */
FX(thread_cgroup)
{
	const struct rt_thread *t = thr(vev);
	const char *c;
	size_t n;

	if (!t || !t->cgroups || !arg || !arg->has || !arg->key)
		return;
	c = t->cgroups;
	n = t->cgroups_len;
	for (size_t i = 0; i < n;) {
		size_t j = i;

		while (j < n && c[j] != ' ')
			j++;
		if (j - i > arg->key_len && c[i + arg->key_len] == '=' &&
		    memcmp(c + i, arg->key, arg->key_len) == 0) {
			rt_values_add_str(out, c + i + arg->key_len + 1, j - i - arg->key_len - 1);
			return;
		}
		i = j + 1;
	}
}

FX(thread_nametid)
{
	const struct rt_thread *t = thr(vev);
	char buf[48];
	int n;

	if (!t)
		return;
	n = snprintf(buf, sizeof(buf), "%s%" PRId64, t->comm, fx_ev(vev)->tid);
	if (n > 0 && (size_t)n < sizeof(buf))
		fx_copy(out, buf, (size_t)n);
}
