/* SPDX-License-Identifier: MIT */
/*
 * The engines' API sockets, checked as sockets (lynis's CONT-8108 tests
 * `-f`, which a socket never passes), the docker group, rootless set-ups,
 * and the owner and mode of the engines' configuration and unit files.
 * Paths resolve inside the root: /var/run/docker.sock through the
 * /var/run -> /run link lands on /run/docker.sock, counted once.
 */
#include "host-docker.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_USER_DIRS 1024

/* Inodes already recorded (sockets and files), to count each once. */
struct seen {
	dev_t dev[256];
	ino_t ino[256];
	size_t n;
};

static bool seen_add(struct seen *s, const struct stat *st)
{
	for (size_t i = 0; i < s->n; i++)
		if (s->dev[i] == st->st_dev && s->ino[i] == st->st_ino)
			return false;
	if (s->n < VAKT_ARRAY_SIZE(s->dev)) {
		s->dev[s->n] = st->st_dev;
		s->ino[s->n++] = st->st_ino;
	}
	return true;
}

static const char *engine_name(enum host_engine e)
{
	return e == HOST_ENGINE_CONTAINERD ? "containerd"
	       : e == HOST_ENGINE_PODMAN   ? "podman"
	                                   : "docker";
}

static const char *type_name(mode_t m)
{
	return S_ISDIR(m) ? "a directory" : S_ISREG(m) ? "a regular file" : "not a socket";
}

/* The group name of gid, or its number; caller frees. */
static char *group_name(const struct host_accounts *acc, gid_t gid)
{
	const struct host_account *g = host_accounts_group(acc, (long)gid);

	return g ? vakt_xstrdup(g->name) : vakt_xasprintf("%lu", (unsigned long)gid);
}

/*
 * Look at the socket rel of engine e; quiet: say nothing when it is absent
 * (the per-user and extra paths). Returns whether a socket was recorded.
 */
static bool probe_socket(const struct host_root *r, const struct host_accounts *acc,
                         struct host_docker *d, struct seen *seen, enum host_engine e,
                         const char *rel, bool rootless, bool quiet, struct host_observations *obs)
{
	char *path = host_path(r, rel), probe[32];
	struct host_engine_socket *s;
	struct stat st, parent;
	int rc = host_stat(r, rel, &st);
	bool took = false;

	snprintf(probe, sizeof(probe), "%s.socket", engine_name(e));
	if (rc == -ENOENT || rc == -ENOTDIR) {
		if (!quiet)
			host_observe(obs, probe, path, 0, "absent", "no socket");
		goto out;
	}
	if (rc < 0) {
		host_observe_unreadable(obs, probe, path, rc);
		goto out;
	}
	if (!S_ISSOCK(st.st_mode)) {
		host_observe(obs, probe, path, 0, "not a socket", "%s, mode %04o",
		             type_name(st.st_mode), (unsigned)(st.st_mode & 07777));
		goto out;
	}
	if (!seen_add(seen, &st))
		goto out; /* /var/run/docker.sock is /run/docker.sock */
	d->sockets = vakt_grow(d->sockets, sizeof(*d->sockets), d->n_sockets + 1, &d->cap_sockets);
	s = &d->sockets[d->n_sockets++];
	memset(s, 0, sizeof(*s));
	s->engine = e;
	s->path = path;
	path = NULL;
	s->rootless = rootless;
	s->uid = st.st_uid;
	s->gid = st.st_gid;
	s->mode = st.st_mode & 07777;
	s->group = group_name(acc, st.st_gid);
	{
		const struct host_account *g = host_accounts_group(acc, (long)st.st_gid);

		if (g)
			host_accounts_members(acc, g, &s->group_members);
	}
	{
		char *dir = vakt_xstrdup(rel), *slash = strrchr(dir, '/');

		if (slash)
			*slash = '\0';
		s->parent_closed =
		    slash && host_stat(r, dir, &parent) == 0 && !(parent.st_mode & S_IXOTH);
		free(dir);
	}
	host_observe(obs, probe, s->path, 0, rootless ? "rootless socket" : "socket",
	             "socket owner %lu group %s mode %04o%s", (unsigned long)s->uid, s->group,
	             (unsigned)s->mode,
	             s->parent_closed ? " (its directory is closed to others)" : "");
	took = true;
out:
	free(path);
	return took;
}

/* Add label (taken) to the rootless users unless it is there. */
static void add_rootless(struct host_docker *d, char *label)
{
	if (vakt_strv_contains(&d->rootless_users, label, false) ||
	    d->rootless_users.n >= MAX_USER_DIRS)
		free(label);
	else
		vakt_strv_push_take(&d->rootless_users, label);
}

/* The user directories under run/user: each UID's rootless engines. */
static void probe_user_dirs(const struct host_root *r, const struct host_accounts *acc,
                            struct host_docker *d, struct seen *seen, struct host_observations *obs)
{
	DIR *dir = vakt_root_opendir(&r->dir, "run/user");
	struct dirent *de;
	size_t n = 0;

	if (!dir)
		return;
	while ((de = readdir(dir)) && n < MAX_USER_DIRS) {
		long uid;
		char *rel;

		if (vakt_parse_long(de->d_name, 0, 0x7fffffffL, &uid) < 0)
			continue;
		n++;
		rel = vakt_xasprintf("run/user/%ld/docker.sock", uid);
		if (probe_socket(r, acc, d, seen, HOST_ENGINE_DOCKER, rel, uid != 0, true, obs) &&
		    uid != 0)
			add_rootless(d, vakt_xasprintf("uid %ld (docker)", uid));
		free(rel);
		rel = vakt_xasprintf("run/user/%ld/podman/podman.sock", uid);
		if (probe_socket(r, acc, d, seen, HOST_ENGINE_PODMAN, rel, uid != 0, true, obs) &&
		    uid != 0)
			add_rootless(d, vakt_xasprintf("uid %ld (podman)", uid));
		free(rel);
	}
	closedir(dir);
}

/* Rootless storage in home directories: ~/.local/share/containers, ~/.local/share/docker. */
static void probe_homes(const struct host_root *r, const struct host_accounts *acc,
                        struct host_docker *d, struct host_observations *obs)
{
	static const char *const stores[][2] = {{".local/share/containers/storage", "podman"},
	                                        {".local/share/docker", "docker"}};

	for (size_t i = 0; i < acc->n_users; i++) {
		const struct host_account *u = &acc->users[i];

		if (u->id == 0 || !u->home || u->home[0] != '/' || !u->home[1])
			continue;
		for (size_t k = 0; k < VAKT_ARRAY_SIZE(stores); k++) {
			char *rel = vakt_xasprintf("%s/%s", u->home + 1, stores[k][0]);
			char *label = vakt_xasprintf("uid %ld (%s)", u->id, stores[k][1]);
			struct stat st;

			if (host_stat(r, rel, &st) == 0 && S_ISDIR(st.st_mode)) {
				char *path = host_path(r, rel);

				host_observe(obs, "docker.rootless", path, 0,
				             "rootless engine storage", "%s storage of user %s",
				             stores[k][1], u->name);
				free(path);
				add_rootless(d, label);
				label = NULL;
			}
			free(label);
			free(rel);
		}
	}
}

static void probe_file(const struct host_root *r, struct host_docker *d, struct seen *seen,
                       const char *rel)
{
	struct host_engine_file *f;
	struct stat st;

	if (host_stat(r, rel, &st) < 0 || !S_ISREG(st.st_mode) || !seen_add(seen, &st))
		return;
	d->files = vakt_grow(d->files, sizeof(*d->files), d->n_files + 1, &d->cap_files);
	f = &d->files[d->n_files++];
	f->path = host_path(r, rel);
	f->uid = st.st_uid;
	f->gid = st.st_gid;
	f->mode = st.st_mode & 07777;
}

static void probe_files(const struct host_root *r, struct host_docker *d,
                        struct host_observations *obs)
{
	static const char *const units[] = {"docker.service", "docker.socket",
	                                    "containerd.service"};
	/* usr/lib before lib: a merged /usr's lib -> usr/lib shows under its real name */
	static const char *const unit_dirs[] = {"etc/systemd/system", "usr/lib/systemd/system",
	                                        "lib/systemd/system"};
	static const char *const etc[] = {"etc/docker/daemon.json", "etc/containerd/config.toml",
	                                  "etc/default/docker", "etc/sysconfig/docker"};
	struct seen seen = {.n = 0};
	struct stat st;

	for (size_t i = 0; i < VAKT_ARRAY_SIZE(etc); i++)
		probe_file(r, d, &seen, etc[i]);
	for (size_t i = 0; i < d->n_daemons; i++)
		if (d->daemons[i].config && d->daemons[i].config[0] == '/')
			probe_file(r, d, &seen, d->daemons[i].config + 1);
	for (size_t u = 0; u < VAKT_ARRAY_SIZE(units); u++)
		for (size_t k = 0; k < VAKT_ARRAY_SIZE(unit_dirs); k++) {
			char *rel = vakt_xasprintf("%s/%s", unit_dirs[k], units[u]);

			probe_file(r, d, &seen, rel);
			free(rel);
		}
	for (size_t i = 0; i < d->n_files; i++)
		host_observe(obs, "docker.files", d->files[i].path, 0, "file",
		             "owner %lu group %lu mode %04o", (unsigned long)d->files[i].uid,
		             (unsigned long)d->files[i].gid, (unsigned)d->files[i].mode);
	if (host_stat(r, "etc/containerd/config.toml", &st) == 0) {
		d->containerd_config = true;
		host_observe(obs, "containerd.config", "/etc/containerd/config.toml", 0, "present",
		             "%s", "a configuration file");
	}
}

static void probe_group(const struct host_accounts *acc, struct host_docker *d,
                        struct host_observations *obs)
{
	const struct host_account *g = host_accounts_group_named(acc, "docker");

	if (!g) {
		host_observe(obs, "docker.group", "/etc/group", 0, "absent", "no group 'docker'");
		return;
	}
	d->docker_group = true;
	d->docker_gid = (gid_t)g->id;
	d->docker_group_line = g->line;
	host_accounts_members(acc, g, &d->docker_members);
	host_observe(obs, "docker.group", "/etc/group", g->line,
	             d->docker_members.n ? "members are root-equivalent" : "no members",
	             "group docker (gid %ld), %zu members", g->id, d->docker_members.n);
}

void host_docker_collect_sockets(const struct host_root *r, const struct host_accounts *acc,
                                 struct host_docker *d, struct host_observations *obs)
{
	struct seen seen = {.n = 0};

	probe_socket(r, acc, d, &seen, HOST_ENGINE_DOCKER, "run/docker.sock", false, false, obs);
	probe_socket(r, acc, d, &seen, HOST_ENGINE_DOCKER, "var/run/docker.sock", false, true, obs);
	/* the unix:// hosts dockerd listens on besides the default */
	for (size_t i = 0; i < d->n_daemons; i++) {
		const struct host_docker_values *h = &d->daemons[i].list[HOST_DL_HOSTS];

		if (d->daemons[i].in_container)
			continue; /* its sockets are in the container's filesystem */

		for (size_t k = 0; k < h->n; k++)
			if (vakt_starts_with(h->v[k].s, "unix:///") && h->v[k].s[8])
				probe_socket(r, acc, d, &seen, HOST_ENGINE_DOCKER, h->v[k].s + 8,
				             d->daemons[i].rootless, true, obs);
	}
	probe_socket(r, acc, d, &seen, HOST_ENGINE_CONTAINERD, "run/containerd/containerd.sock",
	             false, false, obs);
	probe_socket(r, acc, d, &seen, HOST_ENGINE_PODMAN, "run/podman/podman.sock", false, false,
	             obs);
	probe_user_dirs(r, acc, d, &seen, obs);
	probe_homes(r, acc, d, obs);
	probe_group(acc, d, obs);
	probe_files(r, d, obs);
}
