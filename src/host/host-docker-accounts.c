/* SPDX-License-Identifier: MIT */
/*
 * Users and groups as /etc/passwd and /etc/group list them: who is in the
 * docker group (root-equivalent), whose home holds a rootless daemon.json,
 * the name of a socket's group. Read from the files, never through NSS:
 * under --root the tree is the truth, and live a directory service's
 * members are not seen (the observation says which files were read).
 */
#include "host-docker.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define MAX_ACCOUNTS 65536
#define MAX_MEMBERS  4096

/* Split line[0..n) at ':' into at most max fields (pointers into a copy the caller frees). */
static size_t split(const char *line, size_t n, char **copy, char **f, size_t max)
{
	size_t k = 0;
	char *p;

	*copy = vakt_xstrndup(line, n);
	p = *copy;
	while (k < max) {
		f[k++] = p;
		p = strchr(p, ':');
		if (!p)
			break;
		*p++ = '\0';
	}
	return k;
}

static void add_account(struct host_account **v, size_t *n, size_t *cap, const char *name, long id,
                        long gid, const char *home, int line)
{
	struct host_account *a;

	*v = vakt_grow(*v, sizeof(**v), *n + 1, cap);
	a = &(*v)[(*n)++];
	memset(a, 0, sizeof(*a));
	a->name = vakt_xstrdup(name);
	a->id = id;
	a->gid = gid;
	a->home = home ? vakt_xstrdup(home) : NULL;
	a->line = line;
}

static void parse_file(const char *text, size_t len, bool groups, struct host_accounts *a)
{
	int line = 0;

	for (const char *l = text; l < text + len;) {
		const char *nl = memchr(l, '\n', (size_t)(text + len - l));
		size_t n = nl ? (size_t)(nl - l) : (size_t)(text + len - l);
		char *copy, *f[7];
		size_t k;
		long id, gid = -1;

		const char *start = l;

		line++;
		l = nl ? nl + 1 : text + len;
		if (n == 0 || start[0] == '#' ||
		    (groups ? a->n_groups : a->n_users) >= MAX_ACCOUNTS)
			continue;
		k = split(start, n, &copy, f, 7);
		if (k >= 3 && f[0][0] && vakt_parse_long(f[2], 0, 0x7fffffffL, &id) == 0) {
			if (groups) {
				add_account(&a->groups, &a->n_groups, &a->cap_groups, f[0], id, -1,
				            NULL, line);
				for (char *m = k >= 4 ? f[3] : NULL, *next; m && *m; m = next) {
					struct host_account *g = &a->groups[a->n_groups - 1];

					next = strchr(m, ',');
					if (next)
						*next++ = '\0';
					if (*m && g->members.n < MAX_MEMBERS &&
					    !vakt_strv_contains(&g->members, m, false))
						vakt_strv_push(&g->members, m);
				}
			} else {
				if (k < 4 || vakt_parse_long(f[3], 0, 0x7fffffffL, &gid) < 0)
					gid = -1;
				add_account(&a->users, &a->n_users, &a->cap_users, f[0], id, gid,
				            k >= 6 ? f[5] : NULL, line);
			}
		}
		free(copy);
	}
}

static void read_one(const struct host_root *r, const char *rel, bool groups,
                     struct host_accounts *a, struct host_observations *obs)
{
	char *text = NULL, *path = host_path(r, rel);
	size_t len;
	int rc = host_read(r, rel, HOST_DOCKER_MAX_CONFIG, &text, &len);

	if (rc == -ENOENT)
		host_observe(obs, "docker.accounts", path, 0, "absent", "no %s file",
		             groups ? "group" : "passwd");
	else if (rc < 0)
		host_observe_unreadable(obs, "docker.accounts", path, rc);
	else
		parse_file(text, len, groups, a);
	free(text);
	free(path);
}

void host_accounts_read(const struct host_root *r, struct host_accounts *a,
                        struct host_observations *obs)
{
	read_one(r, "etc/passwd", false, a, obs);
	read_one(r, "etc/group", true, a, obs);
}

static void release_v(struct host_account *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].name);
		free(v[i].home);
		vakt_strv_release(&v[i].members);
	}
	free(v);
}

void host_accounts_release(struct host_accounts *a)
{
	release_v(a->users, a->n_users);
	release_v(a->groups, a->n_groups);
	memset(a, 0, sizeof(*a));
}

const struct host_account *host_accounts_user(const struct host_accounts *a, long uid)
{
	for (size_t i = 0; i < a->n_users; i++)
		if (a->users[i].id == uid)
			return &a->users[i];
	return NULL;
}

const struct host_account *host_accounts_group(const struct host_accounts *a, long gid)
{
	for (size_t i = 0; i < a->n_groups; i++)
		if (a->groups[i].id == gid)
			return &a->groups[i];
	return NULL;
}

const struct host_account *host_accounts_group_named(const struct host_accounts *a,
                                                     const char *name)
{
	for (size_t i = 0; i < a->n_groups; i++)
		if (!strcmp(a->groups[i].name, name))
			return &a->groups[i];
	return NULL;
}

void host_accounts_members(const struct host_accounts *a, const struct host_account *g,
                           struct vakt_strv *out)
{
	for (size_t i = 0; i < g->members.n && out->n < MAX_MEMBERS; i++)
		if (!vakt_strv_contains(out, g->members.v[i], false))
			vakt_strv_push(out, g->members.v[i]);
	for (size_t i = 0; i < a->n_users && out->n < MAX_MEMBERS; i++)
		if (a->users[i].gid == g->id && !vakt_strv_contains(out, a->users[i].name, false))
			vakt_strv_push(out, a->users[i].name);
}
