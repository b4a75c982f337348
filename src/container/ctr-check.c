/* SPDX-License-Identifier: MIT */
/*
 * The container rules' checks (CR001-CR021; the secret rules CR016 and CR017
 * are in ctr-check-secret.c), over one struct ctr_settings:
 * a compose service or a docker/podman run command line, and the values
 * of the same that the families judge (data residency). Messages name the
 * setting the way its author wrote it (`cap_drop:` or `--cap-drop`).
 */
#include <stdarg.h>
#include <strings.h>

#include "core/config.h"
#include "ctr-check.h"
#include "knowledge/hostpath.h"
#include "knowledge/imageref.h"
#include "knowledge/typosquat.h"

/* Capability names are short; a longer one is not dangerous by name. */
#define CTR_CAP_NAME_MAX 64

void ctr_emit(struct vakt_check_ctx *ctx, const struct vakt_span *sp, const char *fmt, ...)
{
	const struct ctr_settings *c = ctx->model;
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = vakt_xvasprintf(fmt, ap);
	va_end(ap);
	vakt_check_emit(ctx, sp ? sp : &c->where, c->object, "%s", msg);
	free(msg);
}

/* The compose spelling or the command-line spelling of a setting. */
static const char *key(const struct ctr_settings *c, const char *compose, const char *run)
{
	return c->origin == CTR_COMPOSE ? compose : run;
}

/* --- CR001 privileged ------------------------------------------------------------ */

void ctr_check_privileged(struct vakt_check_ctx *ctx)
{
	const struct ctr_settings *c = ctx->model;

	if (!c->privileged.set || !c->privileged.on || c->privileged.dynamic)
		return;
	ctr_emit(ctx, &c->privileged.span,
	         "%s runs privileged (%s): the container gets every capability and every host "
	         "device with seccomp and AppArmor off, so root in it is root on the host",
	         c->label, key(c, "privileged: true", "--privileged"));
}

/* --- CR002-CR004 user --------------------------------------------------------------- */

void ctr_check_user_root(struct vakt_check_ctx *ctx)
{
	const struct ctr_settings *c = ctx->model;

	if (!c->user.text || c->user.dynamic || !ctr_user_is_root(c->user.text))
		return;
	ctr_emit(ctx, &c->user.span,
	         "%s runs as '%.*s' (%s): a process exploited through a remote-code-execution bug "
	         "is root in the container, one kernel bug away from root on the host; run as a "
	         "numeric non-root user such as 10001:10001",
	         c->label, CTR_MSG_MAX, c->user.text, key(c, "user:", "--user"));
}

void ctr_check_user_missing_root(struct vakt_check_ctx *ctx)
{
	const struct ctr_settings *c = ctx->model;
	const char *drops;

	if (c->user.text || c->partial || ctr_image_default_user(c, &drops) != CTR_IMAGE_ROOT)
		return;
	if (drops) {
		/* The server itself is not root: what is left is the start-up and docker exec. */
		ctr_emit(ctx, NULL,
		         "%s sets no user: %.*s starts as root and its entrypoint then runs the "
		         "server as user '%s', so only the entrypoint's first steps and docker "
		         "exec run as root; set %s to run everything unprivileged",
		         c->label, CTR_MSG_MAX, c->image.text, drops,
		         key(c, "user: \"10001:10001\"", "--user 10001:10001"));
		vakt_check_lower(ctx, 2);
		return;
	}
	ctr_emit(ctx, NULL,
	         "%s sets no user and %.*s is a Docker Official Image that starts as root, so the "
	         "container runs as root; set %s",
	         c->label, CTR_MSG_MAX, c->image.text,
	         key(c, "user: \"10001:10001\"", "--user 10001:10001"));
}

void ctr_check_user_missing(struct vakt_check_ctx *ctx)
{
	const struct ctr_settings *c = ctx->model;

	if (c->user.text || c->partial || ctr_image_default_user(c, NULL) != CTR_IMAGE_UNKNOWN)
		return;
	if (c->builds) {
		/* The Dockerfile rules judge that image's USER (DF001): a hint, not a finding. */
		ctr_emit(ctx, NULL,
		         "%s sets no user: it runs as whatever USER the image built from its "
		         "Dockerfile ends with, root unless that says otherwise (the Dockerfile "
		         "rules judge that, DF001); set %s to be sure",
		         c->label, key(c, "user: \"10001:10001\"", "--user 10001:10001"));
		vakt_check_lower(ctx, 2);
	} else
		ctr_emit(ctx, NULL,
		         "%s sets no user: it runs as the default user of %.*s, which is root "
		         "unless that image sets a non-root USER; set %s",
		         c->label, CTR_MSG_MAX, c->image.text ? c->image.text : "its image",
		         key(c, "user: \"10001:10001\"", "--user 10001:10001"));
}

/* --- CR005, CR006 capabilities -------------------------------------------------------- */

void ctr_check_cap_drop(struct vakt_check_ctx *ctx)
{
	const struct ctr_settings *c = ctx->model;
	char buf[CTR_CAP_NAME_MAX];

	if (c->partial)
		return;
	for (size_t i = 0; i < c->cap_drop.n; i++)
		if (c->cap_drop.v[i].dynamic ||
		    !strcmp(ctr_cap_name(c->cap_drop.v[i].text, buf, sizeof(buf)), "ALL"))
			return;
	ctr_emit(ctx, c->cap_drop.n ? &c->cap_drop.v[0].span : NULL,
	         "%s does not drop all capabilities: it keeps Docker's default set (CHOWN, "
	         "DAC_OVERRIDE, FOWNER, NET_RAW, SETUID, SETGID, ...); add %s and add back only "
	         "what it needs",
	         c->label, key(c, "cap_drop: [ALL]", "--cap-drop=ALL"));
}

static const struct {
	const char *name;
	const char *why;
} dangerous_caps[] = {
    {"ALL", "every capability, as good as privileged"},
    {"SYS_ADMIN",
     "mount, namespaces and cgroup release agents, where most container escapes start"},
    {"SYS_MODULE", "loading kernel modules into the host kernel"},
    {"SYS_PTRACE", "tracing and injecting code into other processes"},
    {"SYS_RAWIO", "raw I/O ports and /dev/mem"},
    {"SYS_BOOT", "rebooting the host"},
    {"SYS_TIME", "setting the host's clock"},
    {"DAC_READ_SEARCH", "open_by_handle_at, which reads any host file (the Shocker escape)"},
    {"NET_ADMIN", "reconfiguring interfaces, routes and firewall rules"},
    {"BPF", "loading eBPF programs into the kernel"},
    {"PERFMON", "perf events and kernel tracing"},
    {"MAC_ADMIN", "changing the AppArmor or SELinux policy"},
    {"MAC_OVERRIDE", "bypassing AppArmor or SELinux"},
    {"SYSLOG", "reading kernel logs and kernel addresses"},
};

void ctr_check_cap_add(struct vakt_check_ctx *ctx)
{
	const struct ctr_settings *c = ctx->model;
	char buf[CTR_CAP_NAME_MAX];

	for (size_t i = 0; i < c->cap_add.n; i++) {
		const struct ctr_str *s = &c->cap_add.v[i];

		if (s->dynamic)
			continue;
		ctr_cap_name(s->text, buf, sizeof(buf));
		for (size_t k = 0; k < VAKT_ARRAY_SIZE(dangerous_caps); k++)
			if (!strcmp(buf, dangerous_caps[k].name))
				ctr_emit(ctx, &s->span,
				         "%s adds capability %s (%s): it allows %s; add at most "
				         "NET_BIND_SERVICE",
				         c->label, buf, key(c, "cap_add", "--cap-add"),
				         dangerous_caps[k].why);
	}
}

/* --- CR007, CR020 read-only root filesystem ------------------------------------------- */

void ctr_check_read_only(struct vakt_check_ctx *ctx)
{
	const struct ctr_settings *c = ctx->model;

	if (c->read_only.dynamic || (c->read_only.set && c->read_only.on))
		return;
	if (c->read_only.set)
		ctr_emit(ctx, &c->read_only.span,
		         "%s turns the read-only root filesystem off: an attacker can write "
		         "scripts and tools into the container; set %s",
		         c->label, key(c, "read_only: true", "--read-only"));
	else if (!c->partial)
		ctr_emit(ctx, NULL,
		         "%s has a writable root filesystem: an attacker can write scripts and "
		         "tools into the container; set %s with a tmpfs at /tmp",
		         c->label, key(c, "read_only: true", "--read-only"));
}

/* Whether path is /tmp (with any trailing slashes). */
static bool is_tmp(const char *path)
{
	size_t n = path ? strlen(path) : 0;

	while (n > 1 && path[n - 1] == '/')
		n--;
	return n == 4 && !memcmp(path, "/tmp", 4);
}

void ctr_check_ro_tmp(struct vakt_check_ctx *ctx)
{
	const struct ctr_settings *c = ctx->model;

	if (!c->read_only.set || !c->read_only.on || c->read_only.dynamic || c->partial)
		return;
	for (size_t i = 0; i < c->n_mounts; i++)
		if (c->mounts[i].dynamic || is_tmp(c->mounts[i].target))
			return;
	ctr_emit(ctx, &c->read_only.span,
	         "%s has a read-only root filesystem and nothing writable at /tmp: software that "
	         "writes temporary files will fail; add %s",
	         c->label, key(c, "tmpfs: [/tmp]", "--tmpfs /tmp"));
}

/* --- CR008, CR012 security options ----------------------------------------------------- */

/* Split a security option "name=value" / "name:value"; returns the name's length. */
static size_t opt_split(const char *s, const char **value)
{
	size_t n = strcspn(s, "=:");

	*value = s[n] ? s + n + 1 : NULL;
	return n;
}

void ctr_check_no_new_privs(struct vakt_check_ctx *ctx)
{
	const struct ctr_settings *c = ctx->model;

	for (size_t i = 0; i < c->security_opt.n; i++) {
		const struct ctr_str *s = &c->security_opt.v[i];
		const char *v;
		size_t n;

		if (s->dynamic)
			return;
		n = opt_split(s->text, &v);
		if (n != 17 || memcmp(s->text, "no-new-privileges", 17))
			continue;
		if (!v || ctr_parse_bool(v) != 0)
			return;
		ctr_emit(ctx, &s->span,
		         "%s turns no-new-privileges off: setuid binaries in the image can raise "
		         "a process's privileges; set %s",
		         c->label,
		         key(c, "security_opt: [\"no-new-privileges:true\"]",
		             "--security-opt no-new-privileges"));
		return;
	}
	if (!c->partial)
		ctr_emit(ctx, NULL,
		         "%s does not set no-new-privileges: a process can gain privileges "
		         "through setuid binaries (sudo, su, ping); add %s",
		         c->label,
		         key(c, "security_opt: [\"no-new-privileges:true\"]",
		             "--security-opt no-new-privileges"));
}

void ctr_check_profile_off(struct vakt_check_ctx *ctx)
{
	static const struct {
		const char *name;
		const char *off;
		const char *what;
	} profiles[] = {
	    {"seccomp", "unconfined",
	     "the seccomp filter, which blocks about 50 risky system calls"},
	    {"apparmor", "unconfined", "the AppArmor profile"},
	    {"label", "disable", "SELinux labelling"},
	    {"systempaths", "unconfined", "the masking of /proc and /sys paths"},
	};
	const struct ctr_settings *c = ctx->model;

	for (size_t i = 0; i < c->security_opt.n; i++) {
		const struct ctr_str *s = &c->security_opt.v[i];
		const char *v;
		size_t n;

		if (s->dynamic)
			continue;
		n = opt_split(s->text, &v);
		for (size_t k = 0; v && k < VAKT_ARRAY_SIZE(profiles); k++)
			if (strlen(profiles[k].name) == n &&
			    !memcmp(s->text, profiles[k].name, n) && !strcmp(v, profiles[k].off))
				ctr_emit(ctx, &s->span,
				         "%s turns off %s (%.*s): the kernel is left open to the "
				         "attacks the default profile stops; remove the option",
				         c->label, profiles[k].what, CTR_MSG_MAX, s->text);
	}
}

/* --- CR009 host namespaces ---------------------------------------------------------- */

void ctr_check_host_ns(struct vakt_check_ctx *ctx)
{
	const struct ctr_settings *c = ctx->model;
	const struct {
		const struct ctr_str *s;
		const char *compose, *run, *what;
	} ns[] = {
	    {&c->network, "network_mode: host", "--network host",
	     "sees every host interface and can reach services bound to localhost"},
	    {&c->pid, "pid: host", "--pid host", "sees and can signal every host process"},
	    {&c->ipc, "ipc: host", "--ipc host", "shares the host's shared memory and semaphores"},
	    {&c->userns, "userns_mode: host", "--userns host",
	     "runs without user-namespace remapping, so its root is the host's root"},
	};

	for (size_t i = 0; i < VAKT_ARRAY_SIZE(ns); i++)
		if (ns[i].s->text && !ns[i].s->dynamic && !strcmp(ns[i].s->text, "host"))
			ctr_emit(ctx, &ns[i].s->span,
			         "%s shares a host namespace (%s): the container %s", c->label,
			         key(c, ns[i].compose, ns[i].run), ns[i].what);
}

/* --- CR010, CR011 mounts ------------------------------------------------------------------ */

/* Whether a path holds an interpolation or expansion (its value is unknown). */
static bool unknown(const char *path)
{
	return path && (strchr(path, '$') || strchr(path, '`'));
}

void ctr_check_socket(struct vakt_check_ctx *ctx)
{
	const struct ctr_settings *c = ctx->model;

	for (size_t i = 0; i < c->n_mounts; i++) {
		const struct ctr_mount *m = &c->mounts[i];
		const char *what = NULL, *path = NULL;

		if (m->tmpfs)
			continue;
		if (m->host_path && !unknown(m->source) &&
		    (what = know_hostpath_socket(m->source, NULL)))
			path = m->source;
		else if ((m->host_path || !m->source || unknown(m->source)) && m->target &&
		         !unknown(m->target) &&
		         (strstr(m->target, ".sock") || strstr(m->target, "docker_engine")) &&
		         (what = know_hostpath_socket(m->target, NULL)))
			path = m->target;
		if (!path)
			continue;
		ctr_emit(ctx, &m->span,
		         "%s mounts %.*s, %s: whoever controls the container can start a "
		         "privileged container and own the host%s",
		         c->label, CTR_MSG_MAX, path, what,
		         m->read_only ? " (read-only does not help: the API still works)" : "");
	}
}

void ctr_check_host_dir(struct vakt_check_ctx *ctx)
{
	const struct ctr_settings *c = ctx->model;

	for (size_t i = 0; i < c->n_mounts; i++) {
		const struct ctr_mount *m = &c->mounts[i];
		const char *dir;
		char *p;

		if (!m->host_path || m->read_only || m->tmpfs || !m->source || unknown(m->source) ||
		    !(dir = know_hostpath_sensitive(m->source)) ||
		    know_hostpath_socket(m->source, NULL))
			continue;
		p = know_hostpath_normalize(m->source);
		if (!strcmp(p, dir))
			ctr_emit(ctx, &m->span,
			         "%s mounts the host's %s read-write: the container can change the "
			         "host's system files; mount only what it needs, read-only (:ro)",
			         c->label, dir);
		else
			ctr_emit(
			    ctx, &m->span,
			    "%s mounts the host's %.*s (under %s) read-write: the container can "
			    "change the host's system files; mount only what it needs, "
			    "read-only (:ro)",
			    c->label, CTR_MSG_MAX, p, dir);
		free(p);
	}
}

/* --- CR013-CR015 published ports ---------------------------------------------------------- */

static const struct {
	unsigned port;
	const char *what;
} admin_ports[] = {
    {22, "SSH"},
    {23, "Telnet"},
    {111, "rpcbind"},
    {389, "LDAP"},
    {445, "SMB"},
    {1433, "SQL Server"},
    {1521, "Oracle Database"},
    {2049, "NFS"},
    {2181, "ZooKeeper"},
    {2379, "etcd"},
    {2380, "etcd peer"},
    {3306, "MySQL/MariaDB"},
    {3389, "RDP"},
    {5432, "PostgreSQL"},
    {5601, "Kibana"},
    {5672, "RabbitMQ"},
    {5900, "VNC"},
    {5984, "CouchDB"},
    {6379, "Redis"},
    {6443, "the Kubernetes API"},
    {8086, "InfluxDB"},
    {8500, "Consul"},
    {9042, "Cassandra"},
    {9092, "Kafka"},
    {9200, "Elasticsearch"},
    {9300, "Elasticsearch transport"},
    {10250, "the kubelet API"},
    {11211, "Memcached"},
    {15672, "RabbitMQ management"},
    {27017, "MongoDB"},
    {27018, "MongoDB"},
    {27019, "MongoDB"},
};

/* Whether a published port listens on every host interface. */
static bool all_interfaces(const struct ctr_port *p)
{
	return !p->host_ip || !*p->host_ip || !strcmp(p->host_ip, "0.0.0.0") ||
	       !strcmp(p->host_ip, "::");
}

/* The Docker API port in the container range, or 0. */
static unsigned docker_port(const struct ctr_port *p)
{
	for (unsigned port = 2375; port <= 2376; port++)
		if (p->ctr_lo <= port && port <= p->ctr_hi)
			return port;
	return 0;
}

/* The first admin or database port in the container range, or -1. */
static int admin_port(const struct ctr_port *p)
{
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(admin_ports); i++)
		if (p->ctr_lo <= admin_ports[i].port && admin_ports[i].port <= p->ctr_hi)
			return (int)i;
	return -1;
}

/* ", host port N" / ", a random host port" for messages. Caller frees. */
static char *host_note(const struct ctr_port *p)
{
	if (p->host_dynamic)
		return vakt_xstrdup(", on an interpolated host port");
	if (!p->host_lo)
		return vakt_xstrdup(", on a random host port");
	if (p->host_lo != p->host_hi)
		return vakt_xasprintf(", host ports %u-%u", p->host_lo, p->host_hi);
	return vakt_xasprintf(", host port %u", p->host_lo);
}

void ctr_check_port_admin(struct vakt_check_ctx *ctx)
{
	const struct ctr_settings *c = ctx->model;

	for (size_t i = 0; i < c->n_ports; i++) {
		const struct ctr_port *p = &c->ports[i];
		int a;
		char *note;

		if (p->dynamic || !all_interfaces(p) || docker_port(p) || (a = admin_port(p)) < 0)
			continue;
		note = host_note(p);
		ctr_emit(
		    ctx, &p->span,
		    "%s publishes %s (port %u%s) on every host interface with '%.*s': anyone "
		    "who reaches the host can try it; bind it to loopback (127.0.0.1:%u:%u) or "
		    "leave it unpublished on an internal network",
		    c->label, admin_ports[a].what, admin_ports[a].port, note, CTR_MSG_MAX, p->text,
		    admin_ports[a].port, admin_ports[a].port);
		free(note);
	}
}

void ctr_check_port_docker(struct vakt_check_ctx *ctx)
{
	const struct ctr_settings *c = ctx->model;

	for (size_t i = 0; i < c->n_ports; i++) {
		const struct ctr_port *p = &c->ports[i];
		unsigned port;

		if (p->dynamic || !all_interfaces(p) || !(port = docker_port(p)))
			continue;
		ctr_emit(ctx, &p->span,
		         "%s publishes the Docker API port %u on every host interface with '%.*s': "
		         "whoever reaches it can start a privileged container and own the host%s",
		         c->label, port, CTR_MSG_MAX, p->text,
		         port == 2375 ? " (2375 is plain HTTP without authentication)" : "");
	}
}

void ctr_check_port_any(struct vakt_check_ctx *ctx)
{
	const struct ctr_settings *c = ctx->model;

	for (size_t i = 0; i < c->n_ports; i++) {
		const struct ctr_port *p = &c->ports[i];

		if (p->dynamic || !all_interfaces(p) || docker_port(p) || admin_port(p) >= 0)
			continue;
		ctr_emit(ctx, &p->span,
		         "%s publishes '%.*s' on every host interface, and Docker's own firewall "
		         "rules bypass the host's; bind it to the interface that should receive "
		         "the traffic (127.0.0.1:... behind a reverse proxy)",
		         c->label, CTR_MSG_MAX, p->text);
	}
	if (c->publish_all.set && c->publish_all.on && !c->publish_all.dynamic)
		ctr_emit(ctx, &c->publish_all.span,
		         "%s publishes every port the image EXPOSEs on every host interface (-P): "
		         "publish only what must be reached, on a specific interface",
		         c->label);
}

/* --- CR021 databases without authentication ------------------------------------------ */

/*
 * Settings of the official and Bitnami database images that turn their
 * authentication off, with the value that does it ("" : any of yes, true,
 * 1, on). From the images' documentation on Docker Hub.
 */
static const struct {
	const char *name;
	const char *value;
	const char *what;
} no_auth_env[] = {
    {"POSTGRES_HOST_AUTH_METHOD", "trust",
     "PostgreSQL accepts every connection without a password"},
    {"MYSQL_ALLOW_EMPTY_PASSWORD", "", "MySQL's root account has no password"},
    {"MARIADB_ALLOW_EMPTY_ROOT_PASSWORD", "", "MariaDB's root account has no password"},
    {"MARIADB_ALLOW_EMPTY_PASSWORD", "", "MariaDB's root account has no password"},
    {"ALLOW_EMPTY_PASSWORD", "", "the Bitnami image runs without a password"},
    {"xpack.security.enabled", "false", "Elasticsearch's security (authentication) is off"},
};

static bool no_auth_value(const char *want, const char *v)
{
	if (*want)
		return !strcasecmp(v, want);
	return !strcasecmp(v, "yes") || !strcasecmp(v, "true") || !strcmp(v, "1") ||
	       !strcasecmp(v, "on");
}

void ctr_check_db_no_auth(struct vakt_check_ctx *ctx)
{
	const struct ctr_settings *c = ctx->model;

	for (size_t i = 0; i < c->n_env; i++) {
		const struct ctr_env *e = &c->env[i];

		/* A value taken from the environment is the deployer's choice, not the file's. */
		if (!e->literal)
			continue;
		for (size_t k = 0; k < VAKT_ARRAY_SIZE(no_auth_env); k++) {
			if (strcmp(e->name, no_auth_env[k].name) ||
			    !no_auth_value(no_auth_env[k].value, e->literal))
				continue;
			ctr_emit(
			    ctx, &e->value_span,
			    "%s sets %s=%.*s%s: %s, so anything that reaches its port (every "
			    "container on its networks, and every host interface where the port is "
			    "published) reads and changes the data",
			    c->label, e->name, CTR_MSG_MAX, e->literal,
			    e->dynamic ? " (the default of its interpolation)" : "",
			    no_auth_env[k].what);
			break;
		}
	}
}

/* --- CR018, CR019 images -------------------------------------------------------------- */

void ctr_check_latest(struct vakt_check_ctx *ctx)
{
	const struct ctr_settings *c = ctx->model;
	struct vakt_imageref r;

	if (!c->image.text || c->builds || c->image.dynamic ||
	    vakt_imageref_parse(c->image.text, &r, NULL))
		return;
	if (!r.has_var && vakt_imageref_is_latest_or_untagged(&r)) {
		if (r.tag)
			ctr_emit(ctx, &c->image.span,
			         "%s uses %.*s, the moving tag 'latest': each pull may run a "
			         "different image; pin a version tag (and a digest)",
			         c->label, CTR_MSG_MAX, c->image.text);
		else
			ctr_emit(ctx, &c->image.span,
			         "%s uses %.*s with no tag, which means 'latest': each pull may "
			         "run a different image; pin a version, e.g. %.*s:<version> (and a "
			         "digest)",
			         c->label, CTR_MSG_MAX, c->image.text, CTR_MSG_MAX, c->image.text);
	}
	vakt_imageref_release(&r);
}

void ctr_check_typosquat(struct vakt_check_ctx *ctx)
{
	const struct ctr_settings *c = ctx->model;
	const struct vakt_config *cfg = ctx->opts ? ctx->opts->config : NULL;
	const char *img = c->image.text;
	struct vakt_imageref r;
	char *why;

	if (!img || c->builds || vakt_imageref_parse(img, &r, NULL))
		return;
	why = vakt_typosquat_explain(&r, cfg ? &cfg->allowed_images : NULL);
	if (why)
		ctr_emit(ctx, &c->image.span, "%s runs %.*s: %s", c->label, CTR_MSG_MAX, img, why);
	free(why);
	vakt_imageref_release(&r);
}

/* --- values the families judge (data residency, src/knowledge/residency.h) ---------- */

/*
 * Whether an endpoint URL or host[:port] names a host on this machine or
 * the compose network: localhost, a loopback address, host.docker.internal,
 * or a name of one label (a service name, such as minio).
 */
static bool endpoint_local(const char *v)
{
	const char *h = strstr(v, "://");
	size_t n;

	h = h ? h + 3 : v;
	if (*h == '[')
		return !strncmp(h, "[::1]", 5);
	n = strcspn(h, ":/?#");
	if (!n || memchr(h, '@', n))
		return false;
	if ((n == 9 && !strncasecmp(h, "localhost", 9)) || !strncmp(h, "127.", 4) ||
	    (n == 20 && !strncasecmp(h, "host.docker.internal", 20)))
		return true;
	return !memchr(h, '.', n) && strspn(h, "abcdefghijklmnopqrstuvwxyz"
	                                       "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_") >= n;
}

/*
 * An object store endpoint set to a local service (MinIO, LocalStack): its
 * clients still need a region name, and us-east-1 is MinIO's default, but
 * the data stays where the service runs, not in that region.
 */
static bool has_local_endpoint(const struct ctr_settings *c)
{
	for (size_t i = 0; i < c->n_env; i++)
		if (c->env[i].literal && strcasestr(c->env[i].name, "ENDPOINT") &&
		    endpoint_local(c->env[i].literal))
			return true;
	return false;
}

/*
 * An interpolated image is read as the file itself writes it (defaults
 * kept, variables empty), as the Dockerfile rules read ARG defaults.
 * Region settings of a client whose object store endpoint is local are not
 * where the data is.
 */
void ctr_values(struct vakt_check_ctx *ctx)
{
	const struct ctr_settings *c = ctx->model;
	enum ctr_interp mode = c->origin == CTR_COMPOSE ? CTR_INTERP_COMPOSE : CTR_INTERP_SHELL;
	bool local = has_local_endpoint(c);

	if (c->image.text) {
		bool dynamic = false;
		char *image = c->image.dynamic ? ctr_literal_view(c->image.text, mode, &dynamic)
		                               : vakt_xstrdup(c->image.text);

		vakt_values_judge_str(ctx, VAKT_VALUE_IMAGE, image, &c->image.span, c->object);
		free(image);
	}
	for (size_t i = 0; i < c->n_env; i++) {
		if (local && strcasestr(c->env[i].name, "REGION"))
			continue;
		vakt_values_judge_str(ctx, VAKT_VALUE_TEXT, c->env[i].literal,
		                      &c->env[i].value_span, c->object);
	}
	for (size_t i = 0; i < c->args.n; i++)
		vakt_values_judge_str(ctx, VAKT_VALUE_TEXT, c->args.v[i].text, &c->args.v[i].span,
		                      c->object);
}

/* --- running the table -------------------------------------------------------------- */

void ctr_run_rules(const struct vakt_domain *d, const struct ctr_settings *c,
                   const struct vakt_source *src, const struct vakt_scan_opts *o,
                   struct vakt_findings *out)
{
	struct vakt_check_ctx ctx = {0};

	ctx.model = c;
	ctx.src = src;
	ctx.opts = o;
	ctx.out = out;
	vakt_rules_run(&ctx, d, VAKT_SCOPE_UNIT);
}
