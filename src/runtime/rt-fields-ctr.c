/* SPDX-License-Identifier: MIT */
/*
 * user.*, group.*, container.* and k8s.* fields. Names come from the
 * process's own mount namespace (rt_state_user_name()); container identity
 * from the thread's cgroups, metadata from the runtime when known: until
 * then (and for the host) the metadata fields have no value, which outputs
 * print as <NA>. container.name is "host" on the host, as Falco's.
 */
#include "rt-fields-priv.h"

static const struct rt_thread *thr(const void *vev)
{
	return fx_ev(vev)->thread;
}

FX(user_uid)
{
	if (thr(vev))
		rt_values_add_u64(out, RT_FT_U64, thr(vev)->uid);
}

FX(user_name)
{
	const struct rt_event *ev = fx_ev(vev);
	const char *n =
	    ev->thread ? rt_state_user_name(ev->state, ev->thread, ev->thread->uid) : NULL;

	if (n)
		rt_values_add_str(out, n, strlen(n));
}

FX(user_loginuid)
{
	const struct rt_thread *t = thr(vev);

	/* Not set reads -1, as Falco's INT64 field. */
	if (t)
		rt_values_add_i64(out, t->loginuid == 0xffffffffu ? -1 : (int64_t)t->loginuid);
}

FX(user_loginname)
{
	const struct rt_event *ev = fx_ev(vev);
	const char *n;

	if (!ev->thread || ev->thread->loginuid == 0xffffffffu)
		return;
	n = rt_state_user_name(ev->state, ev->thread, ev->thread->loginuid);
	if (n)
		rt_values_add_str(out, n, strlen(n));
}

FX(group_gid)
{
	if (thr(vev))
		rt_values_add_u64(out, RT_FT_U64, thr(vev)->gid);
}

FX(group_name)
{
	const struct rt_event *ev = fx_ev(vev);
	const char *n =
	    ev->thread ? rt_state_group_name(ev->state, ev->thread, ev->thread->gid) : NULL;

	if (n)
		rt_values_add_str(out, n, strlen(n));
}

static bool on_host(const struct rt_thread *t)
{
	return t->ctr.runtime == RT_CTR_HOST;
}

FX(container_id)
{
	if (thr(vev))
		rt_values_add_str(out, thr(vev)->ctr.id, strlen(thr(vev)->ctr.id));
}

FX(container_full_id)
{
	if (thr(vev))
		rt_values_add_str(out, thr(vev)->ctr.full_id, strlen(thr(vev)->ctr.full_id));
}

FX(container_type)
{
	static const char *const names[] = {
	    [RT_CTR_HOST] = "host",     [RT_CTR_DOCKER] = "docker",
	    [RT_CTR_CRI] = "cri",       [RT_CTR_CONTAINERD] = "containerd",
	    [RT_CTR_PODMAN] = "podman", [RT_CTR_LXC] = "lxc",
	};
	const struct rt_thread *t = thr(vev);

	if (t && (unsigned)t->ctr.runtime < sizeof(names) / sizeof(names[0]) &&
	    names[t->ctr.runtime])
		rt_values_add_str(out, names[t->ctr.runtime], strlen(names[t->ctr.runtime]));
}

static const struct rt_ctrmeta *meta(const void *vev)
{
	const struct rt_event *ev = fx_ev(vev);

	if (!ev->thread || on_host(ev->thread))
		return NULL;
	return rt_state_ctrmeta(ev->state, &ev->thread->ctr);
}

static void add_meta(struct rt_values *out, const char *s)
{
	/* An empty string is "not known" too: the runtime had nothing to say. */
	if (s && s[0])
		rt_values_add_str(out, s, strlen(s));
}

FX(container_name)
{
	const struct rt_thread *t = thr(vev);
	const struct rt_ctrmeta *m;

	if (!t)
		return;
	if (on_host(t)) {
		rt_values_add_str(out, "host", 4);
		return;
	}
	m = meta(vev);
	if (m)
		add_meta(out, m->name);
}

FX(container_image)
{
	const struct rt_ctrmeta *m = meta(vev);

	if (m)
		add_meta(out, m->image);
}

FX(container_image_repository)
{
	const struct rt_ctrmeta *m = meta(vev);

	if (m)
		add_meta(out, m->image_repository);
}

FX(container_image_tag)
{
	const struct rt_ctrmeta *m = meta(vev);

	if (m)
		add_meta(out, m->image_tag);
}

FX(container_image_digest)
{
	const struct rt_ctrmeta *m = meta(vev);

	if (m)
		add_meta(out, m->image_digest);
}

FX(container_privileged)
{
	const struct rt_ctrmeta *m = meta(vev);

	if (m && m->privileged >= 0)
		rt_values_add_bool(out, m->privileged != 0);
}

/* The container's start: its pid namespace's init start time, as Falco takes it. */
FX(container_start_ts)
{
	const struct rt_thread *t = thr(vev);

	if (t && !on_host(t) && t->pidns_init_start_ts)
		rt_values_add_u64(out, RT_FT_ABSTIME, t->pidns_init_start_ts);
}

FX(k8s_ns_name)
{
	const struct rt_ctrmeta *m = meta(vev);

	if (m)
		add_meta(out, m->k8s_ns);
}

FX(k8s_pod_name)
{
	const struct rt_ctrmeta *m = meta(vev);

	if (m)
		add_meta(out, m->k8s_pod);
}
