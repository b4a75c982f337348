/* SPDX-License-Identifier: MIT */
/*
 * The versions of runc and the engine: read from dpkg's status file without
 * running anything, else (live) from `runc --version` with a timeout, or
 * under --root from the recorded .vakt-probe/runc-version. A small
 * comparator of upstream versions that knows runc's "-rcN" and "-rc.N"
 * (the package comparators live in pkg/, which host may not include).
 */
#include "host-docker.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/command.h"

#define RUNC_TIMEOUT_MS 2000
#define RUNC_MAX_OUT    (64 * 1024)
#define MAX_COMPONENT   1000000L /* largest number in a version part */

/* Digits at *p as a number (at most MAX_COMPONENT); -1 when none. */
static long number(const char **p)
{
	long n = 0;

	if (!isdigit((unsigned char)**p))
		return -1;
	for (; isdigit((unsigned char)**p); (*p)++)
		if (n <= MAX_COMPONENT)
			n = n * 10 + (**p - '0');
	return n > MAX_COMPONENT ? MAX_COMPONENT : n;
}

/* host_version_parse() that also says where the version ends. */
static int version_parse(const char *s, struct host_version *v, const char **end)
{
	const char *p = s, *colon;
	long n;

	memset(v, 0, sizeof(*v));
	/* an epoch: digits and ':' */
	colon = strchr(s, ':');
	if (colon) {
		const char *q = s;

		while (isdigit((unsigned char)*q))
			q++;
		if (q == colon && q != s)
			p = colon + 1;
	}
	if (*p == 'v')
		p++;
	if ((v->major = number(&p)) < 0)
		return -EINVAL;
	if (*p == '.') {
		p++;
		if ((v->minor = number(&p)) < 0)
			return -EINVAL;
		if (*p == '.') {
			p++;
			if ((n = number(&p)) < 0)
				return -EINVAL;
			v->patch = n;
		}
	}
	if ((*p == '-' || *p == '~') && !strncmp(p + 1, "rc", 2)) {
		const char *q = p + 3;

		if (*q == '.')
			q++;
		if ((n = number(&q)) >= 0) {
			v->pre = true;
			v->rc = n;
			p = q;
		}
	}
	*end = p;
	return 0;
}

int host_version_parse(const char *s, struct host_version *v)
{
	const char *end;

	return version_parse(s, v, &end);
}

static int cmp_long(long a, long b)
{
	return (a > b) - (a < b);
}

int host_version_cmp(const struct host_version *a, const struct host_version *b)
{
	int c;

	if ((c = cmp_long(a->major, b->major)) || (c = cmp_long(a->minor, b->minor)) ||
	    (c = cmp_long(a->patch, b->patch)))
		return c;
	if (a->pre != b->pre)
		return a->pre ? -1 : 1; /* 1.0.0-rc93 < 1.0.0 */
	return a->pre ? cmp_long(a->rc, b->rc) : 0;
}

/* Whether what follows an upstream version marks a distribution's build. */
static bool distro_suffix(const char *rest)
{
	static const char *const marks[] = {"ubuntu", "deb", "+ds", "dfsg", ".el", ".fc", "suse"};

	for (size_t i = 0; i < VAKT_ARRAY_SIZE(marks); i++)
		if (strstr(rest, marks[i]))
			return true;
	return false;
}

/* The upstream part of version text s ("1.1.5" of "1.1.5+ds1-1"), or NULL. */
static char *upstream(const char *s, bool *distro)
{
	struct host_version v;
	const char *end, *start = s;

	if (version_parse(s, &v, &end) < 0)
		return NULL;
	*distro = distro_suffix(end);
	/* the text from after the epoch to end, with Debian's ~rc written -rc */
	if (strchr(s, ':') && strchr(s, ':') < end)
		start = strchr(s, ':') + 1;
	char *out = vakt_xstrndup(start, (size_t)(end - start));
	for (char *t = out; *t; t++)
		if (*t == '~')
			*t = '-';
	return out;
}

static void component_release(struct host_component *c)
{
	free(c->package);
	free(c->package_version);
	free(c->version);
	free(c->source);
	memset(c, 0, sizeof(*c));
}

/* --- dpkg's status file ---------------------------------------------------- */

/* Which component a package carries, or NULL. */
static struct host_component *slot(struct host_docker *d, const char *pkg, bool *upstream_build)
{
	*upstream_build = false;
	if (!strcmp(pkg, "runc"))
		return &d->runc;
	if (!strcmp(pkg, "docker-ce") || !strcmp(pkg, "moby-engine")) {
		*upstream_build = true;
		return &d->docker_engine;
	}
	if (!strcmp(pkg, "docker.io"))
		return &d->docker_engine;
	if (!strcmp(pkg, "containerd.io")) {
		*upstream_build = true;
		return &d->containerd;
	}
	if (!strcmp(pkg, "containerd"))
		return &d->containerd;
	return NULL;
}

struct para {
	char pkg[128];
	char version[256];
	int version_line;
	bool installed;
};

static void para_take(struct host_docker *d, const struct para *p, const char *source,
                      struct host_observations *obs)
{
	struct host_component *c;
	bool up, distro = false;
	char *ver;

	if (!p->installed || !p->pkg[0] || !p->version[0])
		return;
	c = slot(d, p->pkg, &up);
	if (!c || c->source)
		return;
	ver = upstream(p->version, &distro);
	if (!ver) {
		host_observe(obs, "docker.version", source, p->version_line, "unknown",
		             "package %s version '%s' is not an upstream version", p->pkg,
		             p->version);
		return;
	}
	c->package = vakt_xstrdup(p->pkg);
	c->package_version = vakt_xstrdup(p->version);
	c->version = ver;
	c->distro = !up;
	c->source = vakt_xstrdup(source);
	c->line = p->version_line;
	host_observe(obs, "docker.version", source, p->version_line,
	             up ? "upstream build" : "distribution build: fixes may be backported",
	             "package %s %s (upstream %s)", p->pkg, p->version, ver);
	(void)distro;
}

/* Copy the value of field line l (after "Name:") into out, trimmed. */
static void field(const char *l, size_t n, size_t name_len, char *out, size_t cap)
{
	const char *v = l + name_len;
	size_t k;

	n -= name_len;
	while (n && (*v == ' ' || *v == '\t'))
		v++, n--;
	while (n && (v[n - 1] == ' ' || v[n - 1] == '\t' || v[n - 1] == '\r'))
		n--;
	k = n < cap - 1 ? n : cap - 1;
	memcpy(out, v, k);
	out[k] = '\0';
}

static void read_dpkg(const struct host_root *r, struct host_docker *d,
                      struct host_observations *obs, struct vakt_error_list *warnings)
{
	const char *rel = "var/lib/dpkg/status";
	char *text = NULL, *source = host_path(r, rel);
	size_t len;
	struct para p = {0};
	int rc = host_read(r, rel, HOST_DOCKER_MAX_DPKG, &text, &len), line = 0;

	if (rc == -ENOENT)
		goto out;
	if (rc < 0) {
		struct vakt_error *e = NULL;

		host_observe_unreadable(obs, "docker.version", source, rc);
		vakt_error_set(&e, VAKT_WARNING_CODE, "cannot read '%s': %s", source,
		               rc == -EFBIG ? "too large" : strerror(-rc));
		vakt_error_list_add(warnings, e);
		goto out;
	}
	for (const char *l = text; l < text + len;) {
		const char *nl = memchr(l, '\n', (size_t)(text + len - l));
		size_t n = nl ? (size_t)(nl - l) : (size_t)(text + len - l);

		line++;
		if (n == 0 || (n == 1 && l[0] == '\r')) {
			para_take(d, &p, source, obs);
			memset(&p, 0, sizeof(p));
		} else if (n > 8 && !strncmp(l, "Package:", 8)) {
			field(l, n, 8, p.pkg, sizeof(p.pkg));
		} else if (n > 8 && !strncmp(l, "Version:", 8)) {
			field(l, n, 8, p.version, sizeof(p.version));
			p.version_line = line;
		} else if (n > 7 && !strncmp(l, "Status:", 7)) {
			char st[128];

			field(l, n, 7, st, sizeof(st));
			p.installed = vakt_ends_with(st, " installed");
		}
		l = nl ? nl + 1 : text + len;
	}
	para_take(d, &p, source, obs);
out:
	free(text);
	free(source);
}

/* --- runc --version -------------------------------------------------------- */

/* The version on the "runc version X" line of out; sets *line. NULL when none. */
static char *runc_output_version(const char *out, int *line, bool *distro)
{
	int n = 1;

	for (const char *l = out; l && *l; n++) {
		if (!strncmp(l, "runc version ", 13)) {
			const char *nl = strchr(l, '\n');
			char *t =
			    vakt_xstrndup(l + 13, nl ? (size_t)(nl - l - 13) : strlen(l + 13));
			char *v = upstream(t, distro);

			free(t);
			*line = n;
			return v;
		}
		l = strchr(l, '\n');
		l = l ? l + 1 : NULL;
	}
	return NULL;
}

static void read_runc_command(const struct host_root *r, struct host_docker *d,
                              struct host_observations *obs, struct vakt_error_list *warnings)
{
	/* the system directories, then where runc's own `make install` and static bundles put it */
	static const char *const progs[] = {"runc", "/usr/local/sbin/runc", "/usr/local/bin/runc"};
	struct vakt_command_result res = {0};
	const char *source = "runc --version";
	char *out = NULL;
	size_t len;
	int rc, line = 0;
	bool distro = false;

	if (r->live) {
		struct vakt_error *err = NULL;

		rc = -ENOENT;
		for (size_t i = 0; i < VAKT_ARRAY_SIZE(progs) && rc == -ENOENT; i++) {
			const char *argv[] = {progs[i], "--version", NULL};

			rc = vakt_command_run(argv, RUNC_TIMEOUT_MS, RUNC_MAX_OUT, &res, &err);
		}
		if (rc == -ENOENT) {
			host_observe(obs, "docker.runc", source, 0, "absent", "no runc installed");
			return;
		}
		if (rc < 0) {
			host_observe_unreadable(obs, "docker.runc", source, rc);
			if (err) {
				err->code = VAKT_WARNING_CODE;
				vakt_error_list_add(warnings, err);
			}
			return;
		}
		if (res.timed_out || res.status != 0) {
			host_observe(obs, "docker.runc", source, 0, "unknown",
			             res.timed_out ? "timed out after %d ms" : "exit status %d",
			             res.timed_out ? RUNC_TIMEOUT_MS : res.status);
			vakt_command_result_release(&res);
			return;
		}
		out = res.out;
		res.out = NULL;
		vakt_command_result_release(&res);
	} else {
		rc = host_read_recorded(r, "runc-version", RUNC_MAX_OUT, &out, &len);
		if (rc == -ENOENT) {
			host_observe(obs, "docker.runc", ".vakt-probe/runc-version", 0, "absent",
			             "no recorded runc --version");
			return;
		}
		if (rc < 0) {
			host_observe_unreadable(obs, "docker.runc", ".vakt-probe/runc-version", rc);
			return;
		}
	}
	d->runc.version = runc_output_version(out, &line, &distro);
	if (!d->runc.version) {
		host_observe(obs, "docker.runc", source, 0, "unknown",
		             "no 'runc version' line in its output");
	} else {
		d->runc.distro = distro;
		d->runc.source = vakt_xstrdup(source);
		d->runc.line = line;
		host_observe(obs, "docker.runc", source, line,
		             distro ? "distribution build: fixes may be backported"
		                    : "upstream build",
		             "runc version %s", d->runc.version);
	}
	free(out);
}

void host_docker_collect_versions(const struct host_root *r, struct host_docker *d,
                                  struct host_observations *obs, struct vakt_error_list *warnings)
{
	read_dpkg(r, d, obs, warnings);
	if (!d->runc.source)
		read_runc_command(r, d, obs, warnings);
}

void host_docker_release_versions(struct host_docker *d)
{
	component_release(&d->runc);
	component_release(&d->docker_engine);
	component_release(&d->containerd);
}
