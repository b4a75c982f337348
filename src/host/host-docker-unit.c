/* SPDX-License-Identifier: MIT */
/*
 * The sockets systemd opens for a socket-activated dockerd (-H fd://): the
 * ListenStream= lines of docker.socket and its drop-ins, read as systemd
 * reads them (the first unit file found in /etc, /run, /usr/lib, /lib; the
 * drop-ins of docker.socket.d in name order, one per name; an empty
 * ListenStream= clears the list). A port there ("ListenStream=2375") is a
 * TCP listener of the daemon that neither its flags nor daemon.json show.
 */
#include "host-docker.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DROPINS   64
#define MAX_LISTENERS 64

static const char *const unit_dirs[] = {"etc/systemd/system", "run/systemd/system",
                                        "usr/lib/systemd/system", "lib/systemd/system"};

struct listener {
	char *value; /* owned; "tcp://0.0.0.0:2375", "unix:///run/docker.sock" */
	char *source;
	int line;
};

struct listeners {
	struct listener v[MAX_LISTENERS];
	size_t n;
};

static void listeners_clear(struct listeners *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i].value);
		free(l->v[i].source);
	}
	l->n = 0;
}

static bool all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

/* A ListenStream= value as a dockerd host, or NULL for what is not TCP or a path. */
static char *as_host(const char *v)
{
	if (v[0] == '/')
		return vakt_xasprintf("unix://%s", v);
	if (all_digits(v))
		return vakt_xasprintf("tcp://0.0.0.0:%s", v); /* a port alone: every address */
	if (v[0] == '[' || (strchr(v, ':') && v[0] >= '0' && v[0] <= '9'))
		return vakt_xasprintf("tcp://%s", v);
	return NULL; /* @abstract, vsock:, a network interface name */
}

/* Apply the ListenStream= lines of [Socket] in text (file path) to l. */
static void parse_unit(const char *text, size_t len, const char *path, struct listeners *l)
{
	bool in_socket = false;
	int line = 0;

	for (const char *p = text; p < text + len;) {
		const char *nl = memchr(p, '\n', (size_t)(text + len - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(text + len - p);
		char *s = vakt_xstrndup(p, n), *t = s, *eq, *v, *end;

		line++;
		p = nl ? nl + 1 : text + len;
		while (*t == ' ' || *t == '\t')
			t++;
		end = t + strlen(t);
		while (end > t && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r'))
			*--end = '\0';
		if (*t == '[') {
			in_socket = !strcmp(t, "[Socket]");
		} else if (in_socket && *t != '#' && *t != ';' && (eq = strchr(t, '='))) {
			char *k_end = eq;

			while (k_end > t && (k_end[-1] == ' ' || k_end[-1] == '\t'))
				k_end--;
			*k_end = '\0';
			v = eq + 1;
			while (*v == ' ' || *v == '\t')
				v++;
			if (!strcmp(t, "ListenStream")) {
				char *host = *v ? as_host(v) : NULL;

				if (!*v)
					listeners_clear(l);
				else if (host && l->n < MAX_LISTENERS) {
					l->v[l->n].value = host;
					l->v[l->n].source = vakt_xstrdup(path);
					l->v[l->n++].line = line;
					host = NULL;
				}
				free(host);
			}
		}
		free(s);
	}
}

static void read_unit(const struct host_root *r, const char *rel, struct listeners *l,
                      struct host_observations *obs)
{
	char *text = NULL, *path = host_path(r, rel);
	size_t len;
	int rc = host_read(r, rel, HOST_DOCKER_MAX_CONFIG, &text, &len);

	if (rc < 0)
		host_observe_unreadable(obs, "docker.socket-unit", path, rc);
	else
		parse_unit(text, len, path, l);
	free(text);
	free(path);
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The drop-ins of docker.socket.d: one per name (the first directory's), in name order. */
static void read_dropins(const struct host_root *r, struct listeners *l,
                         struct host_observations *obs)
{
	struct vakt_strv names = VAKT_STRV_INIT, rels = VAKT_STRV_INIT;

	for (size_t k = 0; k < VAKT_ARRAY_SIZE(unit_dirs); k++) {
		char *dir_rel = vakt_xasprintf("%s/docker.socket.d", unit_dirs[k]);
		DIR *dir = vakt_root_opendir(&r->dir, dir_rel);
		struct dirent *de;

		while (dir && (de = readdir(dir)) && names.n < MAX_DROPINS) {
			if (!vakt_ends_with(de->d_name, ".conf") ||
			    vakt_strv_contains(&names, de->d_name, false))
				continue;
			/* "name\trel": sorted by name, the rel after the tab */
			vakt_strv_push(&names, de->d_name);
			vakt_strv_push_take(
			    &rels, vakt_xasprintf("%s\t%s/%s", de->d_name, dir_rel, de->d_name));
		}
		if (dir)
			closedir(dir);
		free(dir_rel);
	}
	if (rels.n)
		qsort(rels.v, rels.n, sizeof(*rels.v), cmp_name);
	for (size_t i = 0; i < rels.n; i++)
		read_unit(r, strchr(rels.v[i], '\t') + 1, l, obs);
	vakt_strv_release(&names);
	vakt_strv_release(&rels);
}

void host_docker_socket_units(const struct host_root *r, struct host_docker *d,
                              struct host_observations *obs)
{
	struct listeners l = {.n = 0};
	bool fd = false;
	struct stat st;

	for (size_t i = 0; i < d->n_daemons; i++)
		for (size_t k = 0; k < d->daemons[i].list[HOST_DL_HOSTS].n; k++)
			fd |= !d->daemons[i].rootless && !d->daemons[i].in_container &&
			      d->daemons[i].pid &&
			      vakt_starts_with(d->daemons[i].list[HOST_DL_HOSTS].v[k].s, "fd://");
	if (!fd)
		return;
	for (size_t k = 0; k < VAKT_ARRAY_SIZE(unit_dirs); k++) {
		char *rel = vakt_xasprintf("%s/docker.socket", unit_dirs[k]);
		bool found = host_stat(r, rel, &st) == 0;

		if (found)
			read_unit(r, rel, &l, obs);
		free(rel);
		if (found)
			break;
	}
	read_dropins(r, &l, obs);
	for (size_t i = 0; i < l.n; i++)
		host_observe(obs, "docker.socket-unit", l.v[i].source, l.v[i].line,
		             "a listener of dockerd (-H fd://)", "%s", l.v[i].value);
	for (size_t i = 0; i < d->n_daemons; i++) {
		struct host_docker_daemon *dd = &d->daemons[i];
		struct host_docker_values *h = &dd->list[HOST_DL_HOSTS];
		bool takes_fd = false;

		for (size_t k = 0; k < h->n; k++)
			takes_fd |= vakt_starts_with(h->v[k].s, "fd://");
		if (!takes_fd || dd->rootless || dd->in_container || !dd->pid)
			continue;
		for (size_t k = 0; k < l.n && h->n < HOST_DOCKER_MAX_LIST; k++) {
			h->v = vakt_grow(h->v, sizeof(*h->v), h->n + 1, &h->cap);
			memset(&h->v[h->n], 0, sizeof(h->v[0]));
			h->v[h->n].from = HOST_FROM_UNIT;
			h->v[h->n].s = vakt_xstrdup(l.v[k].value);
			h->v[h->n].source = vakt_xstrdup(l.v[k].source);
			h->v[h->n++].line = l.v[k].line;
		}
	}
	listeners_clear(&l);
}
