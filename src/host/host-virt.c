/* SPDX-License-Identifier: MIT */
/*
 * Are we in a container, and which kind? The sources of systemd's
 * detect_container() (reference host.md §3.2) in its order, then a
 * weighing that systemd does not do: /.dockerenv is a file an image can
 * carry by accident, so alone it proves nothing. It is corroborated by our
 * cgroup path, an overlay root, a pid namespace other than the initial one
 * or /proc/1/sched naming a global pid, and refuted when our pid namespace
 * is the initial one (its inode is the kernel's constant 0xEFFFFFFC).
 * Without either it gives "unknown", never a confident "docker".
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "host-sys-probe.h"

#define PID_NS_INIT_INO 4026531836UL /* PROC_PID_INIT_INO */
#define NS_NAME_MAX     64

static const struct {
	const char *value, *name;
	enum host_ctr_class cls;
} managers[] = {
    {"lxc", "lxc", HOST_CTR_SYSTEM},
    {"lxc-libvirt", "lxc-libvirt", HOST_CTR_SYSTEM},
    {"systemd-nspawn", "systemd-nspawn", HOST_CTR_SYSTEM},
    {"openvz", "openvz", HOST_CTR_SYSTEM},
    {"docker", "docker", HOST_CTR_APP},
    {"podman", "podman", HOST_CTR_APP},
    {"rkt", "rkt", HOST_CTR_APP},
    {"pouch", "pouch", HOST_CTR_APP},
    {"proot", "proot", HOST_CTR_APP},
    {"wsl", "wsl", HOST_CTR_WSL},
};

static void set_ctr(struct hs_ctx *c, const char *name, enum host_ctr_class cls,
                    enum host_conf conf)
{
	hs_copy(c->s->virt.container, sizeof(c->s->virt.container), name);
	c->s->virt.ctr_class = cls;
	c->s->virt.ctr_conf = conf;
}

/* Map a manager's value (container=VALUE) to a verdict; "oci" gives false (files decide). */
static bool set_manager(struct hs_ctx *c, const char *value)
{
	if (!*value || !strcmp(value, "oci"))
		return false;
	for (size_t i = 0; i < sizeof(managers) / sizeof(managers[0]); i++)
		if (!strcmp(value, managers[i].value)) {
			set_ctr(c, managers[i].name, managers[i].cls, HOST_CONF_STRONG);
			return true;
		}
	set_ctr(c, "container-other", HOST_CTR_APP, HOST_CONF_STRONG);
	return true;
}

/* A file written by the manager holding its name. true when it decided. */
static bool manager_file(struct hs_ctx *c, const char *rel)
{
	char *v = NULL;
	bool decided = false;

	if (hs_read_value(c, "virt.container", rel, &v) == 0) {
		decided = set_manager(c, v);
		hs_observe(c, "virt.container", rel, 1, decided ? c->s->virt.container : "oci",
		           "'%s'", v);
		if (decided)
			hs_evidence(&c->s->virt.ctr_ev, rel, 1, "/%s says '%s'", rel, v);
	}
	free(v);
	return decided;
}

/* container= in /proc/1/environ (NUL-separated). */
static bool pid1_environ(struct hs_ctx *c)
{
	const char *rel = "proc/1/environ";
	char *env = NULL;
	size_t len;
	bool decided = false;

	if (hs_read(c, "virt.container", rel, 1024 * 1024, &env, &len) < 0)
		return false;
	for (size_t i = 0; i < len; i += strlen(env + i) + 1) {
		if (strncmp(env + i, "container=", 10))
			continue;
		decided = set_manager(c, env + i + 10);
		hs_observe(c, "virt.container", rel, 0, decided ? c->s->virt.container : "oci",
		           "%.64s", env + i);
		if (decided)
			hs_evidence(&c->s->virt.ctr_ev, rel, 0, "%.64s in the environment of PID 1",
			            env + i);
		break;
	}
	free(env);
	return decided;
}

/* Our pid namespace inode, live from readlink(), else from the recorded "ns". 0: unknown. */
static unsigned long pid_ns(struct hs_ctx *c, const char **from)
{
	unsigned long ino = 0;
	char *rec = NULL, line[128];
	const char *p;
	size_t len;

	if (c->r->live) {
		char buf[NS_NAME_MAX];
		ssize_t n = readlink("/proc/self/ns/pid", buf, sizeof(buf) - 1);

		*from = "/proc/self/ns/pid";
		if (n > 0) {
			buf[n] = '\0';
			if (sscanf(buf, "pid:[%lu]", &ino) != 1)
				ino = 0;
		}
		return ino;
	}
	*from = ".vakt-probe/ns";
	if (hs_recorded(c, "virt.container", "ns", &rec, &len) < 0)
		return 0;
	for (p = rec; hs_next_line(&p, line, sizeof(line));)
		if (sscanf(line, "pid %lu", &ino) == 1)
			break;
	free(rec);
	return ino;
}

/* A container manager named by our cgroup path, or NULL. */
static const char *cgroup_manager(const char *path)
{
	if (strstr(path, "/docker/") || (strstr(path, "/docker-") && strstr(path, ".scope")))
		return "docker";
	if (strstr(path, "/libpod-") || strstr(path, "/machine.slice/libpod"))
		return "podman";
	if (strstr(path, "/lxc/") || strstr(path, "/lxc.payload"))
		return "lxc";
	if (strstr(path, "/kubepods") || strstr(path, "/cri-containerd-") || strstr(path, "/crio-"))
		return "container-other";
	return NULL;
}

struct corro {
	char what[256];
	const char *source;
	int line;
	const char *manager; /* from the cgroup path */
	int manager_line;
};

static void corro_add(struct corro *k, const char *rel, int line, const char *what)
{
	size_t n = strlen(k->what);

	if (!k->source) {
		k->source = rel;
		k->line = line;
	}
	snprintf(k->what + n, sizeof(k->what) - n, "%s%s", n ? "; " : "", what);
}

static void cgroup_path(struct hs_ctx *c, struct corro *k)
{
	const char *rel = "proc/self/cgroup";
	char *text = NULL, line[512];
	const char *p;
	size_t len;
	int n = 0;

	if (hs_read(c, "virt.container", rel, 1024 * 1024, &text, &len) < 0)
		return;
	for (p = text; hs_next_line(&p, line, sizeof(line));) {
		const char *path = strchr(line, ':');
		const char *m;

		n++;
		path = path ? strchr(path + 1, ':') : NULL;
		if (!path || !(m = cgroup_manager(path + 1)))
			continue;
		k->manager = m;
		k->manager_line = n;
		hs_observe(c, "virt.container", rel, n, m, "cgroup '%.200s'", path + 1);
		corro_add(k, rel, n, "our cgroup path names a container");
		break;
	}
	free(text);
}

/* The filesystem type of the "/" mount in mountinfo. */
static void root_mount(struct hs_ctx *c, struct corro *k)
{
	const char *rel = "proc/self/mountinfo";
	char *text = NULL, line[1024], mnt[512], type[64];
	const char *p;
	size_t len;
	int n = 0;

	if (hs_read(c, "virt.container", rel, HOST_MAX_FILE, &text, &len) < 0)
		return;
	for (p = text; hs_next_line(&p, line, sizeof(line));) {
		const char *dash = strstr(line, " - ");

		n++;
		if (!dash || sscanf(line, "%*s %*s %*s %*s %511s", mnt) != 1 || strcmp(mnt, "/") ||
		    sscanf(dash + 3, "%63s", type) != 1)
			continue;
		if (!strcmp(type, "overlay") || !strcmp(type, "fuse-overlayfs")) {
			hs_observe(c, "virt.container", rel, n, "container-style root", "/ is %s",
			           type);
			corro_add(k, rel, n, "the root filesystem is an overlay");
		} else {
			hs_observe(c, "virt.container", rel, n, "not an overlay", "/ is %s", type);
		}
	}
	free(text);
}

/* /proc/1/sched names PID 1's pid: a global pid other than 1 means a pid namespace. */
static void pid1_sched(struct hs_ctx *c, struct corro *k)
{
	const char *rel = "proc/1/sched";
	char *v = NULL;
	const char *open;
	long pid;

	if (hs_read_value(c, "virt.container", rel, &v) < 0)
		return;
	open = strrchr(v, '(');
	if (open && sscanf(open, "(%ld,", &pid) == 1 && pid != 1) {
		hs_observe(c, "virt.container", rel, 1, "pid namespace", "PID 1 is pid %ld", pid);
		corro_add(k, rel, 1, "PID 1 has another pid outside our pid namespace");
	}
	free(v);
}

/*
 * Live, in the initial pid namespace: PID 1 is the host's init, so a mount
 * namespace other than its own means a container sharing the host's pids.
 * Reading PID 1's link needs ptrace rights; without them nothing is said.
 */
static void mount_ns(struct hs_ctx *c, struct corro *k)
{
	char self[NS_NAME_MAX], init[NS_NAME_MAX];
	ssize_t a = readlink("/proc/self/ns/mnt", self, sizeof(self) - 1);
	ssize_t b = readlink("/proc/1/ns/mnt", init, sizeof(init) - 1);

	if (b < 0) {
		host_observe_unreadable(c->obs, "virt.container", "/proc/1/ns/mnt", -errno);
		return;
	}
	if (a <= 0)
		return;
	self[a] = '\0';
	init[b] = '\0';
	hs_observe(c, "virt.container", "/proc/1/ns/mnt", 0,
	           strcmp(self, init) ? "a mount namespace of its own" : "PID 1's mount namespace",
	           "ours %s, PID 1's %s", self, init);
	if (strcmp(self, init))
		corro_add(k, "/proc/1/ns/mnt", 0, "our mount namespace is not PID 1's");
}

/* systemd's cgroup-namespace heuristics (reference §3.2 step 7). */
static void cgroupns_heuristic(struct hs_ctx *c, struct corro *k)
{
	if (hs_exists(c, "virt.container", "sys/fs/cgroup/cgroup.events") == 1 &&
	    (hs_exists(c, "virt.container", "sys/fs/cgroup/cgroup.type") == 1 ||
	     hs_exists(c, "virt.container", "sys/kernel/cgroup/features") == 0)) {
		hs_observe(c, "virt.container", "sys/fs/cgroup/cgroup.events", 0, "non-root cgroup",
		           "cgroup v2 root is not the host's");
		corro_add(k, "sys/fs/cgroup/cgroup.events", 0, "cgroup v2 root is a child cgroup");
	} else if (hs_exists(c, "virt.container", "sys/fs/cgroup/systemd") == 1 &&
	           hs_exists(c, "virt.container", "sys/fs/cgroup/systemd/release_agent") == 0) {
		hs_observe(c, "virt.container", "sys/fs/cgroup/systemd", 0, "non-root cgroup",
		           "no release_agent in the v1 systemd hierarchy");
		corro_add(k, "sys/fs/cgroup/systemd", 0, "cgroup v1 root is a child cgroup");
	}
}

/* Weigh /.dockerenv and the weaker hints, once no manager has spoken. */
static void weigh(struct hs_ctx *c, bool dockerenv)
{
	struct host_virt *v = &c->s->virt;
	struct corro k;
	const char *ns_from = NULL;
	unsigned long ino;

	memset(&k, 0, sizeof(k));
	ino = pid_ns(c, &ns_from);

	if (ino) {
		v->init_pidns = ino == PID_NS_INIT_INO;
		hs_observe(c, "virt.container", ns_from, 0,
		           v->init_pidns ? "initial pid namespace" : "pid namespace of its own",
		           "pid:[%lu]", ino);
		if (!v->init_pidns)
			corro_add(&k, ns_from, 0, "we are not in the initial pid namespace");
	}
	if (c->r->live && v->init_pidns == 1)
		mount_ns(c, &k);
	cgroup_path(c, &k);
	root_mount(c, &k);
	pid1_sched(c, &k);
	cgroupns_heuristic(c, &k);
	if (k.manager && (!dockerenv || !strcmp(k.manager, "docker"))) {
		set_ctr(c, k.manager, !strcmp(k.manager, "lxc") ? HOST_CTR_SYSTEM : HOST_CTR_APP,
		        HOST_CONF_STRONG);
		hs_evidence(&v->ctr_ev, "proc/self/cgroup", k.manager_line, "%s", k.what);
	} else if (dockerenv && k.source) {
		/* corroborated, even in the host's pid namespace (docker run --pid=host) */
		set_ctr(c, "docker", HOST_CTR_APP, HOST_CONF_STRONG);
		hs_evidence(&v->ctr_ev, ".dockerenv", 0, "/.dockerenv, corroborated: %s%s", k.what,
		            v->init_pidns == 1 ? " (sharing the host's pid namespace)" : "");
	} else if (v->init_pidns == 1) {
		/* The initial pid namespace and nothing else: no container manager isolated us. */
		set_ctr(c, "none", HOST_CTR_NONE, HOST_CONF_STRONG);
		v->dockerenv_contradicted = dockerenv;
		hs_evidence(
		    &v->ctr_ev, ns_from, 0,
		    "our pid namespace is the initial one and no cgroup path, overlay root or "
		    "mount namespace says otherwise");
	} else if (dockerenv) {
		set_ctr(c, "unknown", HOST_CTR_UNKNOWN, HOST_CONF_WEAK);
		hs_evidence(
		    &v->ctr_ev, ".dockerenv", 0,
		    "/.dockerenv exists but nothing corroborates it (cgroup, overlay root, pid "
		    "namespace)");
	} else if (k.source) {
		set_ctr(c, "container-other", HOST_CTR_APP, HOST_CONF_WEAK);
		hs_evidence(&v->ctr_ev, k.source, k.line, "%s", k.what);
	} else {
		set_ctr(c, "none", HOST_CTR_NONE, HOST_CONF_NONE);
	}
}

void hs_probe_container(struct hs_ctx *c)
{
	struct host_virt *v = &c->s->virt;
	const char *rel = c->s->kernel.osrelease;
	int vz = hs_exists(c, "virt.container", "proc/vz");
	int dockerenv;

	if (vz == 1 && hs_exists(c, "virt.container", "proc/bc") == 0) {
		set_ctr(c, "openvz", HOST_CTR_SYSTEM, HOST_CONF_STRONG);
		hs_evidence(&v->ctr_ev, "proc/vz", 0, "/proc/vz exists and /proc/bc does not");
	} else if (rel && (strstr(rel, "Microsoft") || strstr(rel, "WSL"))) {
		set_ctr(c, "wsl", HOST_CTR_WSL, HOST_CONF_STRONG);
		hs_evidence(&v->ctr_ev, "proc/sys/kernel/osrelease", 1, "kernel release '%s'", rel);
	} else if (manager_file(c, "run/host/container-manager") ||
	           manager_file(c, "run/systemd/container") || pid1_environ(c)) {
		/* decided by what the manager wrote */
	} else if (hs_exists(c, "virt.container", "run/.containerenv") == 1) {
		set_ctr(c, "podman", HOST_CTR_APP, HOST_CONF_STRONG);
		hs_evidence(&v->ctr_ev, "run/.containerenv", 0, "/run/.containerenv exists");
	}
	dockerenv = hs_exists(c, "virt.container", ".dockerenv");
	v->dockerenv = dockerenv == 1;
	if (v->dockerenv)
		hs_observe(c, "virt.container", ".dockerenv", 0,
		           "weak hint (may be left in an image)", "/.dockerenv exists");
	if (!v->container[0])
		weigh(c, v->dockerenv);
	if (v->dockerenv_contradicted)
		hs_observe(c, "virt.container", ".dockerenv", 0, "refuted: a leftover of the image",
		           "/.dockerenv exists, %s", v->ctr_ev.why);
	hs_observe(c, "virt.container", v->ctr_ev.source, v->ctr_ev.line, v->container,
	           "container=%s (%s)", v->container,
	           v->ctr_ev.why ? v->ctr_ev.why : "no evidence of a container");
}
