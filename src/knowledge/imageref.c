/* SPDX-License-Identifier: MIT */
/* Image references: split, normalise, compare (see imageref.h). */
#include <errno.h>
#include <fnmatch.h>

#include "imageref.h"

#define NPOS ((size_t)-1)

/*
 * Offset of the first (or last) byte c in s[0..n) that is not inside a
 * ${...} expansion, or NPOS. Nested braces are counted so "${A:-${B}}" is
 * one opaque unit; an unterminated "${" makes the rest opaque.
 */
static size_t find_outside_var(const char *s, size_t n, char c, bool last)
{
	size_t found = NPOS;
	int depth = 0;

	for (size_t i = 0; i < n; i++) {
		if (s[i] == '$' && i + 1 < n && s[i + 1] == '{') {
			depth++;
			i++;
		} else if (depth > 0 && s[i] == '}') {
			depth--;
		} else if (depth == 0 && s[i] == c) {
			found = i;
			if (!last)
				break;
		}
	}
	return found;
}

static bool mem_has(const char *s, size_t n, char c)
{
	return memchr(s, c, n) != NULL;
}

/* Docker's rule for "is the first component a registry host". */
static bool component_is_host(const char *s, size_t n)
{
	if (mem_has(s, n, '.') || mem_has(s, n, ':') || mem_has(s, n, '$'))
		return true;
	if (n == 9 && !memcmp(s, "localhost", 9))
		return true;
	for (size_t i = 0; i < n; i++)
		if (s[i] >= 'A' && s[i] <= 'Z')
			return true;
	return false;
}

static void lower_ascii(char *s)
{
	for (; *s; s++)
		if (*s >= 'A' && *s <= 'Z')
			*s = (char)(*s - 'A' + 'a');
}

/* Docker Hub's other names. Returns a static string or host itself. */
static const char *registry_canonical(const char *host)
{
	if (!vakt_strcasecmp(host, "index.docker.io") ||
	    !vakt_strcasecmp(host, "registry-1.docker.io") ||
	    !vakt_strcasecmp(host, "registry.hub.docker.com"))
		return "docker.io";
	return host;
}

/* No empty component: no leading, trailing or doubled '/'. */
static bool path_ok(const char *s)
{
	if (!*s || *s == '/')
		return false;
	for (; *s; s++)
		if (*s == '/' && (s[1] == '/' || !s[1]))
			return false;
	return true;
}

int vakt_imageref_parse(const char *s, struct vakt_imageref *out, struct vakt_error **err)
{
	size_t len, at, colon, slash, end;

	memset(out, 0, sizeof(*out));
	len = strnlen(s, VAKT_IMAGEREF_MAX_BYTES + 1);
	if (len == 0)
		return vakt_error_set(err, -EINVAL, "empty image reference");
	if (len > VAKT_IMAGEREF_MAX_BYTES)
		return vakt_error_set(err, -E2BIG, "image reference longer than %d bytes",
		                      VAKT_IMAGEREF_MAX_BYTES);
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c <= ' ' || c == 0x7f)
			return vakt_error_set(err, -EINVAL,
			                      "invalid image reference '%s': unexpected "
			                      "whitespace or control character",
			                      s);
	}

	end = len;
	at = find_outside_var(s, end, '@', false);
	if (at != NPOS) {
		if (at + 1 == len)
			goto invalid;
		out->digest = vakt_xstrndup(s + at + 1, len - at - 1);
		end = at;
	}
	slash = find_outside_var(s, end, '/', true);
	colon = find_outside_var(s, end, ':', true);
	if (colon != NPOS && (slash == NPOS || colon > slash)) {
		if (colon + 1 == end)
			goto invalid;
		out->tag = vakt_xstrndup(s + colon + 1, end - colon - 1);
		end = colon;
	}
	if (end == 0)
		goto invalid;

	slash = find_outside_var(s, end, '/', false);
	if (slash != NPOS && slash > 0 && component_is_host(s, slash)) {
		out->registry = vakt_xstrndup(s, slash);
		if (!strchr(out->registry, '$'))
			lower_ascii(out->registry);
		out->registry_written = true;
		out->repository = vakt_xstrndup(s + slash + 1, end - slash - 1);
	} else {
		out->registry = vakt_xstrdup("docker.io");
		out->repository = vakt_xstrndup(s, end);
	}
	if (!path_ok(out->repository))
		goto invalid;
	if (registry_canonical(out->registry) != out->registry) {
		free(out->registry);
		out->registry = vakt_xstrdup("docker.io");
	}
	if (!strcmp(out->registry, "docker.io") && !strchr(out->repository, '/')) {
		char *p = vakt_xasprintf("library/%s", out->repository);

		free(out->repository);
		out->repository = p;
	}
	out->has_var = memchr(s, '$', len) != NULL;
	return 0;

invalid:
	vakt_imageref_release(out);
	return vakt_error_set(err, -EINVAL, "invalid image reference '%s'", s);
}

void vakt_imageref_release(struct vakt_imageref *r)
{
	if (!r)
		return;
	free(r->registry);
	free(r->repository);
	free(r->tag);
	free(r->digest);
	memset(r, 0, sizeof(*r));
}

const char *vakt_imageref_name(const struct vakt_imageref *r)
{
	const char *slash;

	if (!r->repository)
		return "";
	slash = strrchr(r->repository, '/');
	return slash ? slash + 1 : r->repository;
}

bool vakt_imageref_is_library(const struct vakt_imageref *r)
{
	return r->registry && !strcmp(r->registry, "docker.io") && r->repository &&
	       vakt_starts_with(r->repository, "library/") && !strchr(r->repository + 8, '/');
}

bool vakt_imageref_is_latest_or_untagged(const struct vakt_imageref *r)
{
	return !r->digest && (!r->tag || !strcmp(r->tag, "latest"));
}

/*
 * Images whose own Dockerfile ends with a non-root USER, so that a container
 * started from them without --user does not run as root. Checked on
 * 2026-12-06, each against its source, named beside it:
 *
 *   - Docker Official Images: the image history that docker-library/repo-info
 *     publishes for each tag (repos/NAME/remote/latest.md and the variant
 *     tags), whose last USER instruction is quoted;
 *   - vendor images: the Dockerfile the vendor builds them from.
 *
 * Add an entry only with its source. A tag older than the USER line may
 * still start as root (haproxy before 2.4, grafana/loki 1.x): vakt then
 * stays silent instead of reporting CR003, the lesser mistake.
 */
static const char *const official_nonroot[] = {
    "adminer",           /* USER adminer */
    "elasticsearch",     /* USER 1000:0 (elasticsearch) */
    "emqx",              /* USER emqx */
    "groovy",            /* USER 1000:1000 (groovy) */
    "haproxy",           /* USER haproxy (2.4 and later) */
    "jetty",             /* USER jetty */
    "kibana",            /* USER 1000 (kibana) */
    "kong",              /* USER kong */
    "logstash",          /* USER 1000 (logstash) */
    "memcached",         /* USER memcache */
    "odoo",              /* USER odoo */
    "open-liberty",      /* USER 1001 */
    "percona",           /* USER mysql */
    "rocket.chat",       /* USER rocketchat */
    "solr",              /* USER 8983 (solr) */
    "sonarqube",         /* USER sonarqube */
    "spark",             /* USER spark, also after the -python3 and -r variants' root steps */
    "websphere-liberty", /* USER 1001 */
};

/* Vendor images (registry and repository, no tag) that start as a non-root user. */
static const struct {
	const char *registry;
	const char *repository;
} vendor_nonroot[] = {
    /* github.com/prometheus/{prometheus,alertmanager,node_exporter} Dockerfile: USER nobody */
    {"docker.io", "prom/prometheus"},
    {"docker.io", "prom/alertmanager"},
    {"docker.io", "prom/node-exporter"},
    {"quay.io", "prometheus/prometheus"},
    {"quay.io", "prometheus/alertmanager"},
    {"quay.io", "prometheus/node-exporter"},
    /* github.com/grafana/grafana Dockerfile: USER "$GF_UID" (472) */
    {"docker.io", "grafana/grafana"},
    /* github.com/grafana/loki cmd/loki/Dockerfile: USER loki (10001) */
    {"docker.io", "grafana/loki"},
    /* github.com/jenkinsci/docker debian/Dockerfile: USER ${user} (jenkins, 1000) */
    {"docker.io", "jenkins/jenkins"},
    /* github.com/bitnami/containers bitnami/NAME/VERSION/debian-12/Dockerfile: USER 1001 */
    {"docker.io", "bitnami/kafka"},
    {"docker.io", "bitnami/keycloak"},
    {"docker.io", "bitnami/mariadb"},
    {"docker.io", "bitnami/mongodb"},
    {"docker.io", "bitnami/mysql"},
    {"docker.io", "bitnami/nginx"},
    {"docker.io", "bitnami/postgresql"},
    {"docker.io", "bitnami/rabbitmq"},
    {"docker.io", "bitnami/redis"},
    {"docker.io", "bitnami/zookeeper"},
};

bool vakt_imageref_runs_nonroot(const struct vakt_imageref *r)
{
	const char *tag = r->tag ? r->tag : "latest";

	if (!strcmp(tag, "nonroot") || vakt_ends_with(tag, "-nonroot") ||
	    vakt_starts_with(tag, "nonroot-"))
		return true;
	if (!strcmp(r->registry, "cgr.dev") && vakt_starts_with(r->repository, "chainguard/"))
		return strcmp(tag, "dev") && !vakt_ends_with(tag, "-dev");
	if (!strcmp(r->registry, "docker.io") &&
	    !strcmp(r->repository, "nginxinc/nginx-unprivileged"))
		return true;
	if (!strcmp(r->registry, "mcr.microsoft.com") && vakt_starts_with(r->repository, "dotnet/"))
		return strstr(tag, "chiseled") != NULL;
	if (vakt_imageref_is_library(r))
		for (size_t i = 0; i < VAKT_ARRAY_SIZE(official_nonroot); i++)
			if (!strcmp(vakt_imageref_name(r), official_nonroot[i]))
				return true;
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(vendor_nonroot); i++)
		if (!strcmp(r->registry, vendor_nonroot[i].registry) &&
		    !strcmp(r->repository, vendor_nonroot[i].repository))
			return true;
	return false;
}

/*
 * Docker Official Images that start as root only to prepare their data
 * directory, then run the server as its own user: their
 * docker-entrypoint.sh ends in `exec gosu USER "$@"` (or the server drops
 * privileges itself, as mosquitto does with its `user` setting) when the
 * command is the server, the default. Checked on 2026-12-06 against each
 * image's docker-entrypoint.sh in github.com/docker-library/NAME (for
 * mosquitto, eclipse/mosquitto's docker/ files and mosquitto.conf(5)).
 */
static const struct vakt_imageref_drop official_drops[] = {
    {"postgres", "postgres", "postgres"},
    {"redis", "redis-server", "redis"},
    {"mysql", "mysqld", "mysql"},
    {"mariadb", "mariadbd|mysqld", "mysql"},
    {"mongo", "mongod", "mongodb"},
    {"rabbitmq", "rabbitmq-server", "rabbitmq"},
    {"cassandra", "cassandra", "cassandra"},
    {"couchdb", "couchdb", "couchdb"},
    {"zookeeper", "zkServer.sh", "zookeeper"},
    {"eclipse-mosquitto", "mosquitto", "mosquitto"},
};

const struct vakt_imageref_drop *vakt_imageref_entrypoint_drop(const struct vakt_imageref *r)
{
	if (!vakt_imageref_is_library(r))
		return NULL;
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(official_drops); i++)
		if (!strcmp(vakt_imageref_name(r), official_drops[i].image))
			return &official_drops[i];
	return NULL;
}

bool vakt_imageref_is_digest_pinned(const struct vakt_imageref *r)
{
	const char *colon, *h;
	size_t n = 0;

	if (!r->digest || strchr(r->digest, '$'))
		return false;
	colon = strchr(r->digest, ':');
	if (!colon || colon == r->digest)
		return false;
	for (h = colon + 1; *h; h++, n++)
		if (!((*h >= '0' && *h <= '9') || (*h >= 'a' && *h <= 'f') ||
		      (*h >= 'A' && *h <= 'F')))
			return false;
	return n >= 32;
}

bool vakt_imageref_part_has_var(const char *s)
{
	return s && strchr(s, '$') != NULL;
}

char *vakt_imageref_format(const struct vakt_imageref *r)
{
	struct vakt_buf b = VAKT_BUF_INIT;

	vakt_buf_addf(&b, "%s/%s", r->registry ? r->registry : "",
	              r->repository ? r->repository : "");
	if (r->tag)
		vakt_buf_addf(&b, ":%s", r->tag);
	if (r->digest)
		vakt_buf_addf(&b, "@%s", r->digest);
	return vakt_buf_detach(&b);
}

/* The familiar name without tag or digest. The caller frees it. */
static char *familiar_name(const struct vakt_imageref *r)
{
	if (vakt_imageref_is_library(r))
		return vakt_xstrdup(r->repository + 8);
	if (!strcmp(r->registry, "docker.io"))
		return vakt_xstrdup(r->repository);
	return vakt_xasprintf("%s/%s", r->registry, r->repository);
}

char *vakt_imageref_familiar(const struct vakt_imageref *r)
{
	struct vakt_buf b = VAKT_BUF_INIT;
	char *name = familiar_name(r);

	vakt_buf_adds(&b, name);
	free(name);
	if (r->tag)
		vakt_buf_addf(&b, ":%s", r->tag);
	if (r->digest)
		vakt_buf_addf(&b, "@%s", r->digest);
	return vakt_buf_detach(&b);
}

/* host without its ":port" compared to pattern, case-insensitively. */
static bool host_equals(const char *host, const char *pat)
{
	const char *colon;

	if (!vakt_strcasecmp(registry_canonical(host), registry_canonical(pat)))
		return true;
	/* A pattern without a port accepts the host on any port. */
	colon = strrchr(host, ':');
	if (!colon || strchr(pat, ':'))
		return false;
	return strlen(pat) == (size_t)(colon - host) &&
	       !vakt_strncasecmp(host, pat, (size_t)(colon - host));
}

bool vakt_registry_matches(const char *host, const struct vakt_strv *patterns)
{
	if (!host || !patterns)
		return false;
	for (size_t i = 0; i < patterns->n; i++) {
		const char *p = patterns->v[i];

		if (!strcmp(p, "*"))
			return true;
		if (p[0] == '*' && p[1] == '.') {
			size_t hn = strcspn(host, ":"), sn = strlen(p + 1);

			/* "*.example.com" matches a.example.com, not example.com. */
			if (hn > sn && !vakt_strncasecmp(host + hn - sn, p + 1, sn))
				return true;
			continue;
		}
		if (host_equals(host, p))
			return true;
	}
	return false;
}

bool vakt_imageref_matches(const struct vakt_imageref *r, const struct vakt_strv *patterns)
{
	char *forms[6];
	bool hit = false;
	char *fam;

	if (!patterns || !patterns->n || !r->registry)
		return false;
	fam = familiar_name(r);
	forms[0] = vakt_imageref_format(r);
	forms[1] = r->tag ? vakt_xasprintf("%s/%s:%s", r->registry, r->repository, r->tag) : NULL;
	forms[2] = vakt_xasprintf("%s/%s", r->registry, r->repository);
	forms[3] = vakt_imageref_familiar(r);
	forms[4] = r->tag ? vakt_xasprintf("%s:%s", fam, r->tag) : NULL;
	forms[5] = fam;
	for (size_t i = 0; i < patterns->n && !hit; i++)
		for (size_t k = 0; k < VAKT_ARRAY_SIZE(forms) && !hit; k++)
			hit = forms[k] && !fnmatch(patterns->v[i], forms[k], 0);
	for (size_t k = 0; k < VAKT_ARRAY_SIZE(forms); k++)
		free(forms[k]);
	return hit;
}
