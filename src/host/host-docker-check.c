/* SPDX-License-Identifier: MIT */
/*
 * The judges of the container-engine facts. A setting left to dockerd's
 * default is judged only when the configuration is known (the file was
 * read or is absent) and Docker is installed; what rootless Docker makes
 * moot (userns-remap, the userland proxy, iptables, the socket's group) is
 * not asked of a rootless daemon.
 */
#include "host-docker-check.h"

#include <string.h>

#include "host-facts.h"

static const struct host_docker *docker(const struct vakt_check_ctx *ctx)
{
	return &((const struct host_facts *)ctx->model)->docker;
}

/* Whether dd's settings are known, so that a default can be judged. */
static bool known(const struct host_docker *d, const struct host_docker_daemon *dd)
{
	return d->docker_installed &&
	       (dd->config_state == HOST_FILE_ABSENT || dd->config_state == HOST_FILE_READ);
}

/* Where a default was seen: the file read, else the command line, else the host. */
static const char *default_source(const struct host_docker_daemon *dd)
{
	if (dd->config_state == HOST_FILE_READ)
		return dd->config;
	return dd->cmdline ? dd->cmdline : dd->config;
}

/* The effective boolean k of dd (def: dockerd's default). */
static bool flag_on(const struct host_docker_daemon *dd, enum host_docker_key k, bool def)
{
	return dd->set[k].from == HOST_FROM_DEFAULT ? def : dd->set[k].b;
}

/*
 * Emit for a boolean setting k whose value `bad` is a finding: at the
 * setting when it is set, at the configuration when it is the default.
 */
static void judge_bool(struct vakt_check_ctx *ctx, enum host_docker_key k, bool def, bool bad,
                       const char *key, const char *what, bool skip_rootless)
{
	const struct host_docker *d = docker(ctx);

	for (size_t i = 0; i < d->n_daemons; i++) {
		const struct host_docker_daemon *dd = &d->daemons[i];
		const struct host_docker_value *v = &dd->set[k];

		if ((skip_rootless && dd->rootless) || flag_on(dd, k, def) != bad)
			continue;
		if (v->from == HOST_FROM_FILE)
			host_emit(ctx, v->source, v->line, "\"%s\": %s in %s: %s", key,
			          bad ? "true" : "false", v->source, what);
		else if (v->from == HOST_FROM_FLAG)
			host_emit(ctx, v->source, 0, "dockerd runs with --%s=%s: %s", key,
			          bad ? "true" : "false", what);
		else if (known(d, dd))
			host_emit(ctx, default_source(dd), 0,
			          "%s is not set, and dockerd's default is %s: %s", key,
			          def ? "true" : "false", what);
	}
}

/* --- the daemon's settings -------------------------------------------------- */

void host_check_icc(struct vakt_check_ctx *ctx)
{
	judge_bool(ctx, HOST_DK_ICC, true, true, "icc",
	           "containers on the default bridge reach each other on every port", false);
}

void host_check_no_new_privileges(struct vakt_check_ctx *ctx)
{
	judge_bool(ctx, HOST_DK_NO_NEW_PRIVILEGES, false, false, "no-new-privileges",
	           "a container process may gain privileges through setuid binaries unless each "
	           "container sets it",
	           false);
}

void host_check_live_restore(struct vakt_check_ctx *ctx)
{
	const struct host_docker *d = docker(ctx);

	for (size_t i = 0; i < d->n_daemons; i++)
		if (d->daemons[i].swarm)
			return; /* live restore is incompatible with swarm mode */
	judge_bool(ctx, HOST_DK_LIVE_RESTORE, false, false, "live-restore",
	           "every container stops when dockerd stops or is upgraded", false);
}

void host_check_userland_proxy(struct vakt_check_ctx *ctx)
{
	judge_bool(ctx, HOST_DK_USERLAND_PROXY, true, true, "userland-proxy",
	           "a docker-proxy process per published port, where NAT rules suffice", true);
}

void host_check_iptables(struct vakt_check_ctx *ctx)
{
	judge_bool(ctx, HOST_DK_IPTABLES, true, false, "iptables",
	           "Docker writes no NAT or isolation rules; published ports and container "
	           "isolation depend on rules written by hand",
	           true);
}

void host_check_userns_remap(struct vakt_check_ctx *ctx)
{
	const struct host_docker *d = docker(ctx);

	for (size_t i = 0; i < d->n_daemons; i++) {
		const struct host_docker_daemon *dd = &d->daemons[i];
		const struct host_docker_value *v = &dd->set[HOST_DK_USERNS_REMAP];

		if (dd->rootless || (v->s && v->s[0]))
			continue;
		if (v->from != HOST_FROM_DEFAULT)
			host_emit(ctx, v->source, v->line,
			          "userns-remap is empty: root in a container is root on the host");
		else if (known(d, dd))
			host_emit(
			    ctx, default_source(dd), 0,
			    "userns-remap is not set: root in a container is root (uid 0) on the "
			    "host");
	}
}

void host_check_log_level(struct vakt_check_ctx *ctx)
{
	const struct host_docker *d = docker(ctx);

	for (size_t i = 0; i < d->n_daemons; i++) {
		const struct host_docker_daemon *dd = &d->daemons[i];
		const struct host_docker_value *lv = &dd->set[HOST_DK_LOG_LEVEL];
		const struct host_docker_value *dbg = &dd->set[HOST_DK_DEBUG];

		if (lv->s && !strcmp(lv->s, "debug"))
			host_emit(ctx, lv->source, lv->line, "log-level is debug%s",
			          lv->from == HOST_FROM_FLAG ? " (a flag of dockerd)" : "");
		else if (dbg->from != HOST_FROM_DEFAULT && dbg->b)
			host_emit(ctx, dbg->source, dbg->line, "debug is on%s",
			          dbg->from == HOST_FROM_FLAG ? " (a flag of dockerd)" : "");
	}
}

/* Whether host (a name or address, possibly [v6] or a CIDR) is the loopback. */
static bool loopback(const char *h, size_t n)
{
	if (n && h[0] == '[')
		h++, n -= n > 1 ? 2 : 1;
	return (n >= 9 && !strncmp(h, "localhost", 9) && (n == 9 || h[9] == ':' || h[9] == '/')) ||
	       (n >= 4 && !strncmp(h, "127.", 4)) || (n >= 3 && !strncmp(h, "::1", 3));
}

void host_check_insecure_registries(struct vakt_check_ctx *ctx)
{
	const struct host_docker *d = docker(ctx);

	for (size_t i = 0; i < d->n_daemons; i++) {
		const struct host_docker_values *l =
		    &d->daemons[i].list[HOST_DL_INSECURE_REGISTRIES];

		for (size_t k = 0; k < l->n; k++) {
			host_emit(ctx, l->v[k].source, l->v[k].line,
			          "insecure registry '%s': images are pulled over plain HTTP or "
			          "unverified "
			          "TLS",
			          l->v[k].s);
			if (loopback(l->v[k].s, strlen(l->v[k].s)))
				vakt_check_lower(ctx, 1);
		}
	}
}

void host_check_http_mirrors(struct vakt_check_ctx *ctx)
{
	const struct host_docker *d = docker(ctx);

	for (size_t i = 0; i < d->n_daemons; i++) {
		const struct host_docker_values *l = &d->daemons[i].list[HOST_DL_REGISTRY_MIRRORS];

		for (size_t k = 0; k < l->n; k++) {
			const char *s = l->v[k].s;

			if (!vakt_istarts_with(s, "http://"))
				continue;
			host_emit(
			    ctx, l->v[k].source, l->v[k].line,
			    "registry mirror '%s' is plain HTTP: a machine on the path can serve "
			    "other images",
			    s);
			if (loopback(s + 7, strlen(s + 7)))
				vakt_check_lower(ctx, 1);
		}
	}
}

void host_check_authz(struct vakt_check_ctx *ctx)
{
	const struct host_docker *d = docker(ctx);

	for (size_t i = 0; i < d->n_daemons; i++) {
		const struct host_docker_daemon *dd = &d->daemons[i];

		if (dd->rootless || dd->list[HOST_DL_AUTHZ_PLUGINS].n || !known(d, dd))
			continue;
		host_emit(ctx, default_source(dd), 0,
		          "no authorization plugin: whoever reaches the Docker API may do anything "
		          "with it");
	}
}

void host_check_config_rejected(struct vakt_check_ctx *ctx)
{
	const struct host_docker *d = docker(ctx);

	for (size_t i = 0; i < d->n_daemons; i++) {
		const struct host_docker_daemon *dd = &d->daemons[i];

		if (dd->config_state == HOST_FILE_MALFORMED)
			host_emit(
			    ctx, dd->config, dd->config_line,
			    "%s does not parse (%s at %d:%d): dockerd refuses to start with it",
			    dd->config, dd->config_error, dd->config_line, dd->config_column);
		for (size_t k = 0; k < dd->conflicts.n; k++)
			host_emit(
			    ctx, dd->cmdline, 0,
			    "'%s' is both a flag of dockerd and a key of %s: dockerd refuses to "
			    "start with both (the next restart fails)",
			    dd->conflicts.v[k], dd->config ? dd->config : "its configuration file");
	}
}

/* --- TCP -------------------------------------------------------------------- */

void host_check_docker_tcp(struct vakt_check_ctx *ctx)
{
	const struct host_docker *d = docker(ctx);

	for (size_t i = 0; i < d->n_daemons; i++) {
		const struct host_docker_daemon *dd = &d->daemons[i];
		const struct host_docker_values *l = &dd->list[HOST_DL_HOSTS];
		bool verify = flag_on(dd, HOST_DK_TLSVERIFY, false);
		/* tlsverify set at all, even to false, turns TLS on (dockerd's rule) */
		bool tls = dd->set[HOST_DK_TLSVERIFY].from != HOST_FROM_DEFAULT ||
		           flag_on(dd, HOST_DK_TLS, false);

		if (verify)
			continue;
		for (size_t k = 0; k < l->n; k++) {
			const char *s = l->v[k].s, *addr, *sep = strstr(s, "://");
			size_t n;
			int lower = 0;
			bool local;

			/* dockerd reads an address without a scheme as tcp://; "" is its default */
			if (!*s || (sep && strncmp(s, "tcp://", 6) != 0))
				continue;
			addr = sep ? sep + 3 : s;
			n = strcspn(addr, "/");
			/* no host ("tcp://", "tcp://:2375"): dockerd binds localhost */
			local = n == 0 || addr[0] == ':' || loopback(addr, n);
			if (tls)
				lower++;
			if (local)
				lower += 2;
			if (dd->rootless)
				lower++;
			if (dd->other_netns && !dd->rootless)
				lower += 2;
			host_emit(
			    ctx, l->v[k].source, l->v[k].line, "dockerd listens on %s %s%s: %s", s,
			    tls ? "with TLS but without client verification (tlsverify)"
			        : "without TLS",
			    dd->other_netns && !dd->rootless
			        ? " in its own network namespace (a container's: reachable where "
			          "its ports are published)"
			        : "",
			    local ? "every local user and process can drive the daemon"
			          : "whoever reaches the port controls the daemon, and "
			            "through it the host");
			if (lower)
				vakt_check_lower(ctx, lower);
		}
	}
}

/* --- sockets, group, files -------------------------------------------------- */

static const char *engine(enum host_engine e)
{
	return e == HOST_ENGINE_CONTAINERD ? "containerd"
	       : e == HOST_ENGINE_PODMAN   ? "podman"
	                                   : "Docker";
}

/* The members as "a, b, c" (at most 20 named); caller frees. */
static char *members(const struct vakt_strv *m)
{
	struct vakt_buf b = {0};

	for (size_t i = 0; i < m->n && i < 20; i++)
		vakt_buf_addf(&b, "%s%s", i ? ", " : "", m->v[i]);
	if (m->n > 20)
		vakt_buf_addf(&b, " and %zu more", m->n - 20);
	if (!m->n)
		vakt_buf_adds(&b, "no listed members");
	return vakt_buf_detach(&b);
}

void host_check_socket_world(struct vakt_check_ctx *ctx)
{
	const struct host_docker *d = docker(ctx);

	for (size_t i = 0; i < d->n_sockets; i++) {
		const struct host_engine_socket *s = &d->sockets[i];

		if (!(s->mode & S_IWOTH) || s->parent_closed)
			continue;
		host_emit(ctx, s->path, 0,
		          "the %s socket %s is world-writable (mode %04o): every local user and "
		          "process can drive the engine%s",
		          engine(s->engine), s->path, (unsigned)s->mode,
		          s->rootless ? " as its user" : ", which is root on the host");
		if (s->rootless)
			vakt_check_lower(ctx, 1);
	}
}

void host_check_socket_group(struct vakt_check_ctx *ctx)
{
	const struct host_docker *d = docker(ctx);

	for (size_t i = 0; i < d->n_sockets; i++) {
		const struct host_engine_socket *s = &d->sockets[i];
		char *m;

		if (s->rootless || !(s->mode & S_IWGRP) || (s->mode & S_IWOTH) || s->gid == 0 ||
		    !strcmp(s->group, "docker"))
			continue;
		m = members(&s->group_members);
		host_emit(
		    ctx, s->path, 0,
		    "the %s socket %s is writable by group '%s' (mode %04o; %s): each member is "
		    "root-equivalent",
		    engine(s->engine), s->path, s->group, (unsigned)s->mode, m);
		free(m);
	}
}

void host_check_socket_owner(struct vakt_check_ctx *ctx)
{
	const struct host_docker *d = docker(ctx);

	for (size_t i = 0; i < d->n_sockets; i++) {
		const struct host_engine_socket *s = &d->sockets[i];

		if (s->rootless || s->uid == 0)
			continue;
		host_emit(ctx, s->path, 0,
		          "the %s socket %s is owned by uid %lu, not root: that user is "
		          "root-equivalent",
		          engine(s->engine), s->path, (unsigned long)s->uid);
	}
}

void host_check_socket_mode(struct vakt_check_ctx *ctx)
{
	const struct host_docker *d = docker(ctx);

	for (size_t i = 0; i < d->n_sockets; i++) {
		const struct host_engine_socket *s = &d->sockets[i];

		if (s->rootless || (s->mode & S_IWOTH) || !(s->mode & ~(mode_t)0660))
			continue;
		host_emit(ctx, s->path, 0, "the %s socket %s has mode %04o, more than 0660",
		          engine(s->engine), s->path, (unsigned)s->mode);
	}
}

void host_check_docker_group(struct vakt_check_ctx *ctx)
{
	const struct host_docker *d = docker(ctx);
	bool docker_socket = false;
	char *m;

	for (size_t i = 0; i < d->n_sockets; i++)
		docker_socket |= !d->sockets[i].rootless && d->sockets[i].gid == d->docker_gid;
	if (!d->docker_group || !d->docker_members.n || (!d->docker_installed && !docker_socket))
		return;
	m = members(&d->docker_members);
	host_emit(
	    ctx, "/etc/group", d->docker_group_line,
	    "group 'docker' has %zu member%s (%s): each can drive the Docker daemon, which is "
	    "root on the host",
	    d->docker_members.n, d->docker_members.n == 1 ? "" : "s", m);
	free(m);
}

/* Whether path is a rootless daemon's own configuration file (owned by its user). */
static bool rootless_config(const struct host_docker *d, const char *path)
{
	for (size_t i = 0; i < d->n_daemons; i++)
		if (d->daemons[i].rootless && d->daemons[i].config &&
		    !strcmp(d->daemons[i].config, path))
			return true;
	return false;
}

void host_check_engine_files(struct vakt_check_ctx *ctx)
{
	const struct host_docker *d = docker(ctx);

	for (size_t i = 0; i < d->n_files; i++) {
		const struct host_engine_file *f = &d->files[i];

		if (rootless_config(d, f->path))
			continue;
		if (f->uid != 0)
			host_emit(
			    ctx, f->path, 0,
			    "%s is owned by uid %lu: that user can change how the engine runs as "
			    "root",
			    f->path, (unsigned long)f->uid);
		else if (f->mode & (S_IWGRP | S_IWOTH))
			host_emit(
			    ctx, f->path, 0,
			    "%s is writable by %s (mode %04o): they can change how the engine "
			    "runs as root",
			    f->path, f->mode & S_IWOTH ? "every user" : "its group",
			    (unsigned)f->mode);
	}
}

/* --- runc ------------------------------------------------------------------- */

static bool parse(const char *s, struct host_version *v)
{
	return s && host_version_parse(s, v) == 0;
}

static struct host_version ver(long a, long b, long c, long rc)
{
	return (struct host_version){.major = a, .minor = b, .patch = c, .rc = rc, .pre = rc >= 0};
}

/* Emit a runc CVE finding about component c; a distribution's build is lowered to info. */
static void runc_emit(struct vakt_check_ctx *ctx, const struct host_component *c, const char *cve,
                      const char *fixed)
{
	if (c->package)
		host_emit(
		    ctx, c->source, c->line,
		    "package %s %s (upstream %s) is potentially affected by %s (fixed upstream "
		    "in %s)%s",
		    c->package, c->package_version, c->version, cve, fixed,
		    c->distro ? "; the distribution may have backported the fix: check its "
		                "security tracker"
		              : "");
	else
		host_emit(ctx, c->source, c->line,
		          "runc %s is potentially affected by %s (fixed upstream in %s)%s",
		          c->version, cve, fixed,
		          c->distro ? "; the distribution may have backported the fix: check its "
		                      "security tracker"
		                    : "");
	if (c->distro)
		vakt_check_lower(ctx, 3);
}

void host_check_runc_2019_5736(struct vakt_check_ctx *ctx)
{
	const struct host_docker *d = docker(ctx);
	struct host_version v, fixed = ver(1, 0, 0, 7), docker_fixed = ver(18, 9, 2, -1);

	if (parse(d->runc.version, &v)) {
		if (host_version_cmp(&v, &fixed) < 0)
			runc_emit(ctx, &d->runc, "CVE-2019-5736", "runc 1.0.0-rc7");
	} else if (!d->runc.source && parse(d->docker_engine.version, &v) &&
	           !d->docker_engine.distro && host_version_cmp(&v, &docker_fixed) < 0) {
		/* before 18.09, docker-ce shipped its own docker-runc */
		runc_emit(ctx, &d->docker_engine, "CVE-2019-5736 through the runc it bundles",
		          "Docker 18.09.2");
	}
}

void host_check_runc_2024_21626(struct vakt_check_ctx *ctx)
{
	const struct host_docker *d = docker(ctx);
	struct host_version v, from = ver(1, 0, 0, 93), fixed = ver(1, 1, 12, -1);

	if (parse(d->runc.version, &v) && host_version_cmp(&v, &from) >= 0 &&
	    host_version_cmp(&v, &fixed) < 0)
		runc_emit(ctx, &d->runc, "CVE-2024-21626", "runc 1.1.12");
}

void host_check_runc_2025(struct vakt_check_ctx *ctx)
{
	const struct host_docker *d = docker(ctx);
	struct host_version v;
	const struct host_version fix12 = ver(1, 2, 8, -1), from13 = ver(1, 3, 0, 0),
	                          fix13 = ver(1, 3, 3, -1), from14 = ver(1, 4, 0, 0),
	                          fix14 = ver(1, 4, 0, 3);

	if (!parse(d->runc.version, &v))
		return;
	if (host_version_cmp(&v, &fix12) < 0 ||
	    (host_version_cmp(&v, &from13) >= 0 && host_version_cmp(&v, &fix13) < 0) ||
	    (host_version_cmp(&v, &from14) >= 0 && host_version_cmp(&v, &fix14) < 0))
		runc_emit(ctx, &d->runc, "CVE-2025-31133, CVE-2025-52565 and CVE-2025-52881",
		          "runc 1.2.8, 1.3.3 and 1.4.0-rc.3");
}
