/* SPDX-License-Identifier: MIT */
#include "core/util.h"
#include "hostpath.h"

/* Where container runtimes listen: whoever can write to one controls the host. */
static const char *const runtime_sockets[] = {
    "/var/run/docker.sock",
    "/run/docker.sock",
    "/var/run/containerd/containerd.sock",
    "/run/containerd/containerd.sock",
    "/var/run/crio/crio.sock",
    "/run/crio/crio.sock",
    "/var/run/podman/podman.sock",
    "/run/podman/podman.sock",
    "/var/run/cri-dockerd.sock",
    "/run/cri-dockerd.sock",
    "/var/run/dockershim.sock",
    "/run/k3s/containerd/containerd.sock",
    "/var/snap/microk8s/common/run/containerd.sock",
};

/* Socket file names that are a runtime's wherever they are. */
static const char *const runtime_socket_names[] = {
    "docker.sock", "containerd.sock",  "crio.sock",
    "podman.sock", "cri-dockerd.sock", "dockershim.sock",
};

/*
 * Host directories whose mount gives a container power over the host, and
 * how deep below them that holds: -1 at any depth, 0 for the directory
 * alone, 1 for it and its children. /etc and /var/log as a whole are the
 * host's; /etc/letsencrypt or /var/log/nginx shared with the one service
 * that writes them are not, while /etc/kubernetes, /etc/ssh or cron are.
 * /home/alice holds ~/.ssh and shell start-up files; /home/alice/project is
 * a project.
 */
static const struct {
	const char *dir;
	int depth;
} sensitive_dirs[] = {
    {"/", 0},
    {"/boot", -1},
    {"/dev", -1},
    {"/proc", -1},
    {"/sys", -1},
    {"/bin", -1},
    {"/sbin", -1},
    {"/lib", -1},
    {"/lib32", -1},
    {"/lib64", -1},
    {"/usr", 0},
    {"/usr/bin", -1},
    {"/usr/sbin", -1},
    {"/usr/lib", -1},
    {"/usr/lib64", -1},
    {"/usr/libexec", -1},
    {"/usr/local/bin", -1},
    {"/usr/local/sbin", -1},
    {"/usr/local/lib", -1},
    {"/usr/src", -1},
    {"/etc", 0},
    {"/etc/kubernetes", -1},
    {"/etc/ssh", -1},
    {"/etc/sudoers.d", -1},
    {"/etc/pam.d", -1},
    {"/etc/security", -1},
    {"/etc/systemd", -1},
    {"/etc/cron.d", -1},
    {"/etc/cron.daily", -1},
    {"/etc/cron.hourly", -1},
    {"/etc/crontab", -1},
    {"/etc/docker", -1},
    {"/etc/containerd", -1},
    {"/etc/passwd", -1},
    {"/etc/shadow", -1},
    {"/etc/group", -1},
    {"/etc/sudoers", -1},
    {"/etc/ld.so.preload", -1},
    {"/etc/profile.d", -1},
    {"/etc/modprobe.d", -1},
    {"/etc/init.d", -1},
    {"/root", -1},
    {"/home", 1},
    {"/var/lib/kubelet", -1},
    {"/var/lib/docker", -1},
    {"/var/lib/containerd", -1},
    {"/var/lib/containers", -1},
    {"/var/log", 0},
    {"/var/spool/cron", -1},
};

char *know_hostpath_normalize(const char *path)
{
	struct vakt_buf b = VAKT_BUF_INIT;

	if (!path || path[0] != '/')
		return NULL;
	for (const char *p = path; *p;) {
		const char *e;
		size_t n;

		while (*p == '/')
			p++;
		e = strchr(p, '/');
		n = e ? (size_t)(e - p) : strlen(p);
		if (n == 2 && p[0] == '.' && p[1] == '.') {
			while (b.len && b.data[b.len - 1] != '/')
				b.len--;
			if (b.len)
				b.len--; /* the slash before the component taken off */
		} else if (n && !(n == 1 && p[0] == '.')) {
			vakt_buf_addc(&b, '/');
			vakt_buf_add(&b, p, n);
		}
		p += n;
	}
	if (!b.len)
		vakt_buf_addc(&b, '/');
	b.data[b.len] = '\0';
	return vakt_buf_detach(&b);
}

/* Whether dir is path or one of its parent directories. */
static bool dir_covers(const char *dir, const char *path)
{
	size_t n = strlen(dir);

	if (!strcmp(dir, "/"))
		return true;
	return !strncmp(dir, path, n) && (path[n] == '\0' || path[n] == '/');
}

const char *know_hostpath_socket(const char *path, const char **sock)
{
	static const char *const runtime_dirs[] = {
	    "/run/containerd", "/var/run/containerd", "/run/podman",
	    "/var/run/podman", "/run/crio",           "/var/run/crio",
	};
	const char *what = NULL, *found = NULL, *base;
	char *norm;

	/* Docker Desktop on Windows: //./pipe/docker_engine, \\.\pipe\docker_engine. */
	if (path && (strstr(path, "pipe/docker_engine") || strstr(path, "pipe\\docker_engine"))) {
		if (sock)
			*sock = "docker_engine";
		return "the Docker engine's named pipe";
	}
	norm = know_hostpath_normalize(path);
	if (!norm)
		return NULL;
	base = strrchr(norm, '/') + 1;
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(runtime_socket_names) && !found; i++)
		if (!strcmp(base, runtime_socket_names[i]))
			found = runtime_socket_names[i];
	if (found) {
		what = "the container runtime's API socket";
	} else if (strcmp(norm, "/")) {
		/* A parent of a well-known socket ("/var/run", "/run/containerd"). */
		for (size_t i = 0; i < VAKT_ARRAY_SIZE(runtime_sockets) && !found; i++)
			if (dir_covers(norm, runtime_sockets[i]))
				found = runtime_sockets[i];
		for (size_t i = 0; i < VAKT_ARRAY_SIZE(runtime_dirs) && !found; i++)
			if (dir_covers(runtime_dirs[i], norm))
				found = runtime_dirs[i];
		if (found)
			what = "the directory holding the container runtime's API socket";
	}
	if (found && sock)
		*sock = found;
	free(norm);
	return what;
}

const char *know_hostpath_sensitive(const char *path)
{
	char *norm = know_hostpath_normalize(path);
	const char *found = NULL;

	for (size_t i = 0; norm && i < VAKT_ARRAY_SIZE(sensitive_dirs) && !found; i++) {
		const char *d = sensitive_dirs[i].dir;
		int depth = 0;

		if (!dir_covers(d, norm))
			continue;
		/* Components of norm below d. */
		if (strcmp(norm, d))
			for (const char *p = norm + (strcmp(d, "/") ? strlen(d) : 0); *p; p++)
				depth += *p == '/';
		if (sensitive_dirs[i].depth < 0 || depth <= sensitive_dirs[i].depth)
			found = d;
	}
	free(norm);
	return found;
}
