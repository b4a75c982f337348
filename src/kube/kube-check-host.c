/* SPDX-License-Identifier: MIT */
/*
 * Host access rules (KS030-KS035): the node's network, PID and IPC
 * namespaces, hostPath volumes (the container runtime's socket above all)
 * and host ports.
 */
#include "core/util.h"
#include "knowledge/hostpath.h"
#include "kube-check.h"

/* Containers named in one hostPath message before "...". */
#define HOST_MAX_LISTED 4

static void host_namespace(struct vakt_check_ctx *ctx, const char *key, const char *what)
{
	const struct kube_object *o = kube_check_pod(ctx);
	const struct vakt_yaml_pair *p;
	bool b;

	if (!o)
		return;
	p = vakt_yaml_get_pair(o->pod_spec, key);
	if (!p || !vakt_yaml_bool(p->value, &b) || !b)
		return;
	kube_emit(ctx, o, NULL, p->key, "the pod sets %s.%s=true: %s",
	          o->pod_spec_path ? o->pod_spec_path : "spec", key, what);
}

/* KS030: hostNetwork. */
void kube_check_host_network(struct vakt_check_ctx *ctx)
{
	host_namespace(ctx, "hostNetwork",
	               "its containers share the node's network stack, see every interface and "
	               "reach services bound to the node's localhost; NetworkPolicies may not "
	               "apply to them");
}

/* KS031: hostPID. */
void kube_check_host_pid(struct vakt_check_ctx *ctx)
{
	host_namespace(ctx, "hostPID",
	               "its containers see every process of the node, read their environment "
	               "and command lines, and can signal or trace them");
}

/* KS032: hostIPC. */
void kube_check_host_ipc(struct vakt_check_ctx *ctx)
{
	host_namespace(ctx, "hostIPC",
	               "its containers share the node's System V IPC and POSIX shared memory "
	               "with every process on it");
}

/* The runtime socket a hostPath exposes (static), or NULL (knowledge/hostpath.h). */
static const char *runtime_socket(const char *path)
{
	const char *sock = NULL;

	return know_hostpath_socket(path, &sock) ? sock : NULL;
}

/* Whether the hostPath is, or lies inside, a sensitive host directory. */
static bool sensitive_path(const char *path)
{
	return know_hostpath_sensitive(path) != NULL;
}

/*
 * Which containers mount volume name, and how: "mounted read-write by
 * container \"app\"", "not mounted by any container". mounts indexes the
 * volumeMounts of every container (owner: the container's index); each
 * container counts with its first mount of the volume. Caller frees.
 */
static char *mounted_by(const struct kube_object *o, const struct kube_names *mounts,
                        const char *name)
{
	struct vakt_buf b = VAKT_BUF_INIT;
	char *out;
	size_t listed = 0, more = 0, lo = 0, hi = name ? kube_names_find(mounts, name, &lo) : 0;
	bool rw = false;

	for (size_t i = name ? lo : 0; i < hi; i++) {
		const struct kube_named *m = &mounts->v[i];
		bool ro = false;
		char *desc;

		if (i > lo && m->owner == mounts->v[i - 1].owner)
			continue;
		if (!vakt_yaml_bool(vakt_yaml_get(m->node, "readOnly"), &ro) || !ro)
			rw = true;
		if (listed == HOST_MAX_LISTED) {
			more++;
			continue;
		}
		desc = kube_ctr_desc(&o->containers[m->owner]);
		vakt_buf_addf(&b, "%s%s", listed ? ", " : "", desc);
		free(desc);
		listed++;
	}
	if (!listed) {
		vakt_buf_release(&b);
		return vakt_xstrdup("not mounted by any container yet");
	}
	if (more)
		vakt_buf_addf(&b, " and %zu more", more);
	out = vakt_xasprintf("mounted %s by %s", rw ? "read-write" : "read-only", vakt_buf_str(&b));
	vakt_buf_release(&b);
	return out;
}

/* Report the pod's hostPath volumes: the runtime sockets (sockets) or the others. */
static void host_paths(struct vakt_check_ctx *ctx, bool sockets)
{
	const struct kube_object *o = kube_check_pod(ctx);
	const struct vakt_yaml_node *vols = o ? vakt_yaml_get(o->pod_spec, "volumes") : NULL;
	struct kube_names mounts = {0};
	bool indexed = false;

	if (!vols || !vakt_yaml_is_seq(vols))
		return;
	for (size_t i = 0; i < vols->n; i++) {
		const struct vakt_yaml_node *v = vols->items[i];
		const struct vakt_yaml_pair *hp = vakt_yaml_get_pair(v, "hostPath");
		const struct vakt_yaml_pair *pp;
		const char *path, *sock;
		char *how;

		if (!hp)
			continue;
		pp = vakt_yaml_get_pair(hp->value, "path");
		path = pp ? vakt_yaml_text(pp->value) : NULL;
		sock = path ? runtime_socket(path) : NULL;
		if ((sock != NULL) != sockets)
			continue;
		/* Once per pod: a walk of every mount per volume was V * M. */
		if (!indexed) {
			for (size_t c = 0; c < o->n_containers; c++)
				kube_names_add(&mounts,
				               vakt_yaml_get(o->containers[c].node, "volumeMounts"),
				               c);
			kube_names_sort(&mounts);
			indexed = true;
		}
		how = mounted_by(o, &mounts, vakt_yaml_text(vakt_yaml_get(v, "name")));
		if (sock && strcmp(sock, path) && strchr(sock, '/'))
			kube_emit(
			    ctx, o, NULL, pp->key,
			    "hostPath volume '%.*s' exposes the container runtime's socket "
			    "%s (%s): whoever can talk to it starts privileged containers and "
			    "owns the node",
			    KUBE_MSG_MAX, path, sock, how);
		else if (sock)
			kube_emit(
			    ctx, o, NULL, pp->key,
			    "hostPath volume '%.*s' is the container runtime's socket (%s): "
			    "whoever can talk to it starts privileged containers and owns the "
			    "node",
			    KUBE_MSG_MAX, path, how);
		else
			kube_emit(ctx, o, NULL, pp ? pp->key : hp->key,
			          "hostPath volume '%.*s'%s, %s: the pod can read%s the node's own "
			          "files, where most container escapes start",
			          KUBE_MSG_MAX, path ? path : "",
			          path && sensitive_path(path) ? " (a sensitive host directory)"
			                                       : "",
			          how, strstr(how, "read-write") ? " and change" : "");
		free(how);
	}
	kube_names_release(&mounts);
}

/* KS033: hostPath volumes (runtime sockets are KS034). */
void kube_check_host_path(struct vakt_check_ctx *ctx)
{
	host_paths(ctx, false);
}

/* KS034: hostPath volumes exposing docker.sock, containerd.sock, crio.sock, ... */
void kube_check_runtime_sock(struct vakt_check_ctx *ctx)
{
	host_paths(ctx, true);
}

static void host_port_one(struct vakt_check_ctx *ctx, const struct kube_object *o,
                          const struct kube_container *c)
{
	const struct vakt_yaml_node *ports = vakt_yaml_get(c->node, "ports");
	char *desc = NULL;

	for (size_t i = 0; vakt_yaml_is_seq(ports) && i < ports->n; i++) {
		const struct vakt_yaml_pair *p = vakt_yaml_get_pair(ports->items[i], "hostPort");
		long long port;

		if (!p || !vakt_yaml_int(p->value, &port) || port == 0)
			continue;
		if (!desc)
			desc = kube_ctr_desc(c);
		kube_emit(ctx, o, c, p->key,
		          "%s binds hostPort %lld: the port opens on the node's own address, "
		          "outside any Service, and only one such pod fits on each node",
		          desc, port);
	}
	free(desc);
}

/* KS035: ports[].hostPort. */
void kube_check_host_port(struct vakt_check_ctx *ctx)
{
	kube_each_container(ctx, false, host_port_one);
}
