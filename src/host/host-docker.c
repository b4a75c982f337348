/* SPDX-License-Identifier: MIT */
/*
 * The container-engine probes: every running dockerd (found by its comm and
 * its executable's name, not by a command line that merely mentions
 * "dockerd"), each with the configuration file it reads merged with its
 * flags; when none runs but Docker is installed, /etc/docker/daemon.json
 * alone. Then the sockets, groups and files (host-docker-socket.c) and the
 * versions (host-docker-runc.c).
 */
#include "host-docker.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/root.h"

#define MAX_CMDLINE (128 * 1024)
#define MAX_ARGS    4096

/* The basename of path, without the " (deleted)" of a replaced executable. */
static char *exe_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;
	size_t n = strlen(base);

	if (vakt_ends_with(base, " (deleted)"))
		n -= strlen(" (deleted)");
	return vakt_xstrndup(base, n);
}

/* The target of the link proc/PID/name ("exe", "ns/pid"), or NULL when not ours to read. */
static char *read_link(const struct host_root *r, const char *pid, const char *name)
{
	const char *slash = strrchr(name, '/');
	/* the directory holding the link opened inside the root, the link read there */
	char *rel = slash ? vakt_xasprintf("proc/%s/%.*s", pid, (int)(slash - name), name)
	                  : vakt_xasprintf("proc/%s", pid),
	     buf[4096];
	int fd = vakt_root_openat(&r->dir, rel, O_PATH | O_DIRECTORY);
	ssize_t n = -1;

	free(rel);
	if (fd >= 0) {
		n = readlinkat(fd, slash ? slash + 1 : name, buf, sizeof(buf) - 1);
		close(fd);
	}
	if (n <= 0)
		return NULL;
	buf[n] = '\0';
	return vakt_xstrdup(buf);
}

/* Whether the namespace ns of pid is known to differ from PID 1's. */
static bool other_ns(const struct host_root *r, const char *pid, const char *ns)
{
	char *a = read_link(r, pid, ns), *b = read_link(r, "1", ns);
	bool differ = a && b && strcmp(a, b) != 0;

	free(a);
	free(b);
	return differ;
}

/* The real uid on the Uid: line of proc/PID/status; -1 when unknown. */
static long read_uid(const struct host_root *r, const char *pid)
{
	char *rel = vakt_xasprintf("proc/%s/status", pid), *text = NULL, *p;
	size_t len;
	long uid = -1;

	if (host_read(r, rel, 64 * 1024, &text, &len) == 0 && (p = strstr(text, "\nUid:"))) {
		char *end;

		p += 5;
		while (*p == ' ' || *p == '\t')
			p++;
		end = p;
		while (*end >= '0' && *end <= '9')
			end++;
		*end = '\0';
		if (vakt_parse_long(p, 0, 0x7fffffffL, &uid) < 0)
			uid = -1;
	}
	free(text);
	free(rel);
	return uid;
}

/* Split a NUL-separated cmdline into args (pointers into text); returns the count. */
static size_t split_cmdline(char *text, size_t len, char **args, size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < len && n < max;) {
		args[n++] = text + i;
		i += strlen(text + i) + 1;
	}
	return n;
}

/* The value of --config-file in args, or NULL. */
static const char *config_flag(char **args, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		if (!strcmp(args[i], "--config-file") && i + 1 < n)
			return args[i + 1];
		if (vakt_starts_with(args[i], "--config-file="))
			return args[i] + strlen("--config-file=");
	}
	return NULL;
}

static struct host_docker_daemon *new_daemon(struct host_docker *d)
{
	struct host_docker_daemon *dd;

	d->daemons = vakt_grow(d->daemons, sizeof(*d->daemons), d->n_daemons + 1, &d->cap_daemons);
	dd = &d->daemons[d->n_daemons++];
	memset(dd, 0, sizeof(*dd));
	dd->uid = -1;
	return dd;
}

static void note_swarm(const struct host_root *r, struct host_docker_daemon *dd,
                       struct host_observations *obs)
{
	struct stat st;

	if (dd->rootless || host_stat(r, "var/lib/docker/swarm/docker-state.json", &st) < 0)
		return;
	dd->swarm = true;
	host_observe(obs, "docker.swarm", "/var/lib/docker/swarm/docker-state.json", 0,
	             "swarm node", "%s", "a swarm state file");
}

/* Read the configuration of a dockerd with arguments args into dd. */
static void daemon_config(const struct host_root *r, const struct host_accounts *acc,
                          struct host_docker_daemon *dd, char **args, size_t n,
                          struct host_observations *obs, struct vakt_error_list *warnings)
{
	const char *flag = config_flag(args, n);
	char *rel = NULL;

	if (flag && flag[0] == '/' && flag[1]) {
		rel = vakt_xstrdup(flag + 1);
	} else if (flag) {
		host_observe(obs, "docker.config", dd->cmdline, 0, "unknown",
		             "--config-file '%s' is not an absolute path", flag);
	} else if (dd->rootless) {
		const struct host_account *u = host_accounts_user(acc, dd->uid);

		if (u && u->home && u->home[0] == '/')
			rel =
			    vakt_xasprintf("%s%s.config/docker/daemon.json", u->home + 1,
			                   u->home[1] && !vakt_ends_with(u->home, "/") ? "/" : "");
		else
			host_observe(obs, "docker.config", dd->cmdline, 0, "unknown",
			             "the home directory of uid %ld is not in /etc/passwd",
			             dd->uid);
	} else {
		rel = vakt_xstrdup("etc/docker/daemon.json");
	}
	if (rel && dd->in_container) {
		/* its files are in the container's root, which vakt does not enter */
		host_observe(obs, "docker.config", dd->cmdline, 0, "unknown",
		             "dockerd runs in a container (another pid namespace): its %s is the "
		             "container's",
		             flag ? flag : "/etc/docker/daemon.json");
		dd->config = host_path(r, rel);
		dd->config_state = HOST_FILE_UNREADABLE;
	} else if (rel)
		host_docker_read_config(r, rel, dd, obs, warnings);
	else
		dd->config_state = HOST_FILE_UNREADABLE;
	free(rel);
	host_docker_apply_flags(dd, (const char *const *)args, n);
	for (size_t i = 0; i < dd->conflicts.n; i++)
		host_observe(obs, "docker.config", dd->cmdline, 0, "dockerd would refuse to start",
		             "'%s' is both a flag and a key of %s", dd->conflicts.v[i],
		             dd->config ? dd->config : "the configuration file");
	note_swarm(r, dd, obs);
}

/* Whether proc/PID is a dockerd; fills *args from its cmdline (text owned by *cmd). */
static bool is_dockerd(const struct host_root *r, const char *pid, char **cmd, size_t *len,
                       struct host_observations *obs)
{
	char *rel = vakt_xasprintf("proc/%s/comm", pid), *comm = NULL, *exe = NULL, *name = NULL;
	size_t clen;
	bool yes = false;

	*cmd = NULL;
	if (host_read(r, rel, 256, &comm, &clen) < 0 || strcmp(comm, "dockerd\n") != 0)
		goto out;
	free(rel);
	rel = vakt_xasprintf("proc/%s/cmdline", pid);
	if (host_read(r, rel, MAX_CMDLINE, cmd, len) < 0 || *len == 0)
		goto out;
	exe = read_link(r, pid, "exe");
	/* the executable when readable, else the program the command line names */
	name = exe_name(exe ? exe : *cmd);
	yes = !strcmp(name, "dockerd");
	if (!yes) {
		char *path = host_path(r, rel);

		host_observe(obs, "docker.daemon", path, 0, "not dockerd",
		             "comm 'dockerd' but executable '%s'", exe ? exe : *cmd);
		free(path);
	}
out:
	if (!yes) {
		free(*cmd);
		*cmd = NULL;
	}
	free(name);
	free(exe);
	free(comm);
	free(rel);
	return yes;
}

static int cmp_pid(const void *a, const void *b)
{
	long x = strtol(*(char *const *)a, NULL, 10), y = strtol(*(char *const *)b, NULL, 10);

	return (x > y) - (x < y);
}

static void find_daemons(const struct host_root *r, const struct host_accounts *acc,
                         struct host_docker *d, struct host_observations *obs,
                         struct vakt_error_list *warnings)
{
	DIR *dir = vakt_root_opendir(&r->dir, "proc");
	struct dirent *de;
	size_t looked = 0;
	struct vakt_strv pids = VAKT_STRV_INIT;

	if (!dir) {
		/* No /proc at all (a tree without one) is no process, not a failure to read. */
		if (errno != ENOENT)
			host_observe_unreadable(obs, "docker.daemon", "/proc", -errno);
		return;
	}
	while ((de = readdir(dir)) && looked < HOST_DOCKER_MAX_PROCS) {
		long pid;

		if (vakt_parse_long(de->d_name, 1, 0x7fffffffL, &pid) < 0)
			continue;
		looked++;
		vakt_strv_push(&pids, de->d_name);
	}
	closedir(dir);
	/* in pid order, so the output is stable */
	if (pids.n)
		qsort(pids.v, pids.n, sizeof(*pids.v), cmp_pid);
	for (size_t i = 0; i < pids.n && d->n_daemons < HOST_DOCKER_MAX_DAEMONS; i++) {
		char *cmd, *args[MAX_ARGS];
		size_t len, n;
		struct host_docker_daemon *dd;

		if (!is_dockerd(r, pids.v[i], &cmd, &len, obs))
			continue;
		n = split_cmdline(cmd, len, args, MAX_ARGS);
		dd = new_daemon(d);
		dd->pid = (int)strtol(pids.v[i], NULL, 10);
		dd->uid = read_uid(r, pids.v[i]);
		dd->rootless = dd->uid > 0;
		/* rootlesskit gives a rootless dockerd namespaces of its own: not a container */
		dd->in_container = !dd->rootless && other_ns(r, pids.v[i], "ns/pid");
		dd->other_netns = other_ns(r, pids.v[i], "ns/net");
		dd->cmdline = vakt_xasprintf("/proc/%d/cmdline", dd->pid);
		if (dd->rootless && d->rootless_users.n < HOST_DOCKER_MAX_LIST) {
			char *label = vakt_xasprintf("uid %ld (docker)", dd->uid);

			if (vakt_strv_contains(&d->rootless_users, label, false))
				free(label);
			else
				vakt_strv_push_take(&d->rootless_users, label);
		}
		host_observe(obs, "docker.daemon", dd->cmdline, 0,
		             dd->rootless       ? "rootless dockerd"
		             : dd->in_container ? "dockerd in a container"
		             : dd->uid == 0     ? "dockerd as root"
		                                : "dockerd, uid unknown",
		             "pid %d uid %ld, %zu arguments", dd->pid, dd->uid, n);
		daemon_config(r, acc, dd, args, n, obs, warnings);
		free(cmd);
	}
	vakt_strv_release(&pids);
}

static bool dockerd_binary(const struct host_root *r)
{
	static const char *const bins[] = {"usr/bin/dockerd", "usr/sbin/dockerd",
	                                   "usr/local/bin/dockerd"};
	struct stat st;

	for (size_t i = 0; i < VAKT_ARRAY_SIZE(bins); i++)
		if (host_stat(r, bins[i], &st) == 0 && S_ISREG(st.st_mode))
			return true;
	return false;
}

void host_docker_collect(const struct host_root *r, struct host_docker *d,
                         struct host_observations *obs, struct vakt_error_list *warnings)
{
	struct host_accounts acc = {0};
	struct stat st;

	host_accounts_read(r, &acc, obs);
	find_daemons(r, &acc, d, obs, warnings);
	d->docker_installed = d->n_daemons > 0 || dockerd_binary(r);
	if (d->n_daemons == 0 &&
	    (d->docker_installed || host_stat(r, "etc/docker/daemon.json", &st) != -ENOENT)) {
		struct host_docker_daemon *dd = new_daemon(d);

		host_observe(obs, "docker.daemon", "/proc", 0,
		             d->docker_installed ? "installed, not running" : "not installed",
		             "no dockerd process");
		host_docker_read_config(r, "etc/docker/daemon.json", dd, obs, warnings);
		note_swarm(r, dd, obs);
	} else if (d->n_daemons == 0) {
		host_observe(obs, "docker.daemon", "/proc", 0, "absent",
		             "no dockerd process, binary or daemon.json");
	}
	host_docker_socket_units(r, d, obs);
	host_docker_collect_sockets(r, &acc, d, obs);
	host_docker_collect_versions(r, d, obs, warnings);
	host_accounts_release(&acc);
}

static void values_release(struct host_docker_values *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i].s);
		free(l->v[i].source);
	}
	free(l->v);
}

void host_docker_release(struct host_docker *d)
{
	for (size_t i = 0; i < d->n_daemons; i++) {
		struct host_docker_daemon *dd = &d->daemons[i];

		free(dd->cmdline);
		free(dd->config);
		free(dd->config_error);
		for (size_t k = 0; k < HOST_DK_COUNT; k++) {
			free(dd->set[k].s);
			free(dd->set[k].source);
		}
		for (size_t k = 0; k < HOST_DL_COUNT; k++)
			values_release(&dd->list[k]);
		vakt_strv_release(&dd->file_keys);
		vakt_strv_release(&dd->conflicts);
	}
	free(d->daemons);
	for (size_t i = 0; i < d->n_sockets; i++) {
		free(d->sockets[i].path);
		free(d->sockets[i].group);
		vakt_strv_release(&d->sockets[i].group_members);
	}
	free(d->sockets);
	for (size_t i = 0; i < d->n_files; i++)
		free(d->files[i].path);
	free(d->files);
	vakt_strv_release(&d->docker_members);
	vakt_strv_release(&d->rootless_users);
	host_docker_release_versions(d);
	memset(d, 0, sizeof(*d));
}
