/* SPDX-License-Identifier: MIT */
/* Typo-squatted image names and registries (see typosquat.h). */
#include "typosquat.h"

/*
 * The Docker Official Images (docker-library/official-images, library/),
 * plus deprecated ones that are still published and pulled. Sorted by
 * strcmp for bsearch; a unit test keeps it sorted.
 */
/* One name after another reads better than one per line. */
/* clang-format off */
static const char *const official[] = {
	"adminer", "adoptopenjdk", "aerospike", "almalinux", "alpine", "alt", "amazoncorretto",
	"amazonlinux", "api-firewall", "arangodb", "archlinux", "backdrop", "bash", "bonita",
	"buildpack-deps", "busybox", "caddy", "cassandra", "centos", "chronograf", "cirros",
	"clearlinux", "clickhouse", "clojure", "composer", "consul", "convertigo", "couchbase",
	"couchdb", "crate", "dart", "debian", "django", "docker", "drupal", "eclipse-mosquitto",
	"eclipse-temurin", "eggdrop", "elasticsearch", "elixir", "emqx", "erlang", "fedora",
	"flink", "fluentd", "friendica", "gazebo", "gcc", "geonetwork", "ghost", "golang",
	"gradle", "groovy", "haproxy", "haskell", "haxe", "hello-world", "hitch", "httpd",
	"hylang", "ibm-semeru-runtimes", "ibmjava", "influxdb", "irssi", "java", "jenkins",
	"jetty", "joomla", "jruby", "julia", "kapacitor", "kibana", "kong", "krakend",
	"lightstreamer", "liquibase", "logstash", "mageia", "mariadb", "matomo", "maven",
	"mediawiki", "memcached", "mongo", "mongo-express", "monica", "mono", "mysql", "nats",
	"nats-streaming", "neo4j", "neurodebian", "nextcloud", "nginx", "node", "notary", "odoo",
	"open-liberty", "openjdk", "opensuse", "oraclelinux", "orientdb", "owncloud", "percona",
	"perl", "photon", "php", "php-zendserver", "phpmyadmin", "plone", "postfixadmin",
	"postgres", "pypy", "python", "r-base", "rabbitmq", "rails", "redis", "redmine",
	"registry", "rethinkdb", "rocket.chat", "rockylinux", "ros", "ruby", "rust", "sapmachine",
	"satosa", "sentry", "silverpeas", "solr", "sonarqube", "spark", "spiped", "storm",
	"swift", "swipl", "teamspeak", "telegraf", "tomcat", "tomee", "traefik", "ubuntu", "unit",
	"valkey", "varnish", "vault", "websphere-liberty", "wordpress", "xwiki", "yourls", "znc",
	"zookeeper"
};
/* clang-format on */

/*
 * Official names that are ordinary words: a local image called "base" or
 * "host" is not a typo of "bash" or "ghost", so these are never targets.
 */
static const char *const generic[] = {"alt",   "bash", "crate", "dart",  "ghost", "haxe",
                                      "hitch", "java", "kong",  "mono",  "nats",  "plone",
                                      "rails", "ros",  "spark", "storm", "unit"};

/*
 * Docker Hub namespaces worth impersonating, and the official names that
 * are compared as namespaces. Namespaces are user names, so only the most
 * impersonated official names are used ("julian" is a person, not "julia").
 */
static const char *const namespace_targets[] = {
    "library", "bitnami",   "hashicorp", "grafana",      "linuxserver",   "portainer", "rancher",
    "gitlab",  "circleci",  "selenium",  "confluentinc", "nginxinc",      "nvidia",    "jupyter",
    "google",  "microsoft", "alpine",    "ubuntu",       "debian",        "centos",    "python",
    "golang",  "nginx",     "redis",     "mysql",        "postgres",      "mariadb",   "busybox",
    "httpd",   "tomcat",    "openjdk",   "rabbitmq",     "elasticsearch", "wordpress", "traefik",
    "haproxy", "memcached", "jenkins"};

/* Real namespaces that happen to sit next to a target. */
static const char *const namespace_known[] = {
    "postgrest",  "postgis",       "mongodb",  "redislabs", "jenkinsci", "rustlang", "golangci",
    "nginxproxy", "bitnamicharts", "gitlabhq", "amazon",    "cimg",      "prom",     "kindest"};

/* Registries worth impersonating. */
static const char *const registry_targets[] = {"docker.io",
                                               "ghcr.io",
                                               "gcr.io",
                                               "quay.io",
                                               "registry.k8s.io",
                                               "mcr.microsoft.com",
                                               "public.ecr.aws",
                                               "registry.gitlab.com",
                                               "cgr.dev",
                                               "nvcr.io",
                                               "lscr.io",
                                               "docker.elastic.co",
                                               "registry.redhat.io",
                                               "registry.access.redhat.com",
                                               "k8s.gcr.io",
                                               "container-registry.oracle.com",
                                               "index.docker.io"};

/* Real registries near a target, accepted as they are. */
static const char *const registry_known[] = {"icr.io",
                                             "ocir.io",
                                             "eu.gcr.io",
                                             "us.gcr.io",
                                             "asia.gcr.io",
                                             "mirror.gcr.io",
                                             "marketplace.gcr.io",
                                             "docker.pkg.github.com",
                                             "registry-1.docker.io",
                                             "registry.hub.docker.com",
                                             "registry.suse.com",
                                             "registry.opensuse.org",
                                             "registry.fedoraproject.org",
                                             "registry.centos.org",
                                             "mcr.azure.cn"};

/* Registry domains whose subdomains are the providers' own. */
static const char *const registry_suffixes[] = {
    ".gcr.io",  ".pkg.dev", ".azurecr.io", ".azurecr.cn",   ".amazonaws.com", ".docker.io",
    ".quay.io", ".icr.io",  ".ocir.io",    ".aliyuncs.com", ".jfrog.io",      ".amazonaws.com.cn"};

/* Registries people write as a Docker Hub namespace by forgetting the domain. */
static const struct {
	const char *label;
	const char *host;
} registry_labels[] = {
    {"ghcr", "ghcr.io"}, {"gcr", "gcr.io"},   {"mcr", "mcr.microsoft.com"},
    {"nvcr", "nvcr.io"}, {"lscr", "lscr.io"},
};

/* Decorations that turn an official name into a plausible fake. */
static const char *const suffixes[] = {"js", "lang", "db", "linux", "official", "docker", "image"};

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static bool in_list(const char *const *list, size_t n, const char *s, size_t len)
{
	for (size_t i = 0; i < n; i++)
		if (strlen(list[i]) == len && !memcmp(list[i], s, len))
			return true;
	return false;
}

bool vakt_typosquat_is_official(const char *name)
{
	return bsearch(&name, official, VAKT_ARRAY_SIZE(official), sizeof(official[0]), cmp_str) !=
	       NULL;
}

const char *const *vakt_typosquat_official_list(size_t *n)
{
	*n = VAKT_ARRAY_SIZE(official);
	return official;
}

static int min3(int a, int b, int c)
{
	int m = a < b ? a : b;

	return m < c ? m : c;
}

int vakt_typo_distance(const char *a, size_t la, const char *b, size_t lb, int max)
{
	int rows[3][VAKT_TYPOSQUAT_MAX_NAME + 1];
	int *prev2 = rows[0], *prev = rows[1], *cur = rows[2];

	if (max < 0)
		return 0;
	if (la > VAKT_TYPOSQUAT_MAX_NAME || lb > VAKT_TYPOSQUAT_MAX_NAME)
		return max + 1;
	if ((la > lb ? la - lb : lb - la) > (size_t)max)
		return max + 1;
	for (size_t j = 0; j <= lb; j++)
		prev[j] = (int)j;
	for (size_t i = 1; i <= la; i++) {
		int best = (int)i;
		int *t;

		cur[0] = (int)i;
		for (size_t j = 1; j <= lb; j++) {
			int cost = a[i - 1] != b[j - 1];
			int v = min3(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);

			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    prev2[j - 2] + 1 < v)
				v = prev2[j - 2] + 1;
			cur[j] = v;
			if (v < best)
				best = v;
		}
		/* Every path goes through this row: nothing below can get cheaper. */
		if (best > max)
			return max + 1;
		t = prev2;
		prev2 = prev;
		prev = cur;
		cur = t;
	}
	return prev[lb] > max ? max + 1 : prev[lb];
}

/*
 * Canonical look-alike form: separators dropped, look-alike digits read as
 * letters. Writes at most VAKT_TYPOSQUAT_MAX_NAME bytes; returns the length.
 */
static size_t lookalike(const char *s, size_t n, char *out)
{
	size_t k = 0;

	for (size_t i = 0; i < n && k < VAKT_TYPOSQUAT_MAX_NAME; i++) {
		char c = s[i];

		switch (c) {
		case '-':
		case '_':
		case '.':
			continue;
		case '0':
			c = 'o';
			break;
		case '1':
		case 'i':
			c = 'l';
			break;
		case '3':
			c = 'e';
			break;
		case '4':
			c = 'a';
			break;
		case '5':
			c = 's';
			break;
		case '7':
			c = 't';
			break;
		default:
			break;
		}
		out[k++] = c;
	}
	return k;
}

/* a is b plus one of the decorative suffixes (all in look-alike form). */
static bool plus_suffix(const char *a, size_t la, const char *b, size_t lb)
{
	if (la <= lb || lb < 2 || memcmp(a, b, lb))
		return false;
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(suffixes); i++) {
		char sfx[VAKT_TYPOSQUAT_MAX_NAME];
		size_t n = lookalike(suffixes[i], strlen(suffixes[i]), sfx);

		if (n == la - lb && !memcmp(a + lb, sfx, n))
			return true;
	}
	return false;
}

/* Exactly one adjacent transposition apart. */
static bool one_swap(const char *a, const char *b, size_t n)
{
	size_t i = 0;

	while (i < n && a[i] == b[i])
		i++;
	if (i + 1 >= n || a[i] != b[i + 1] || a[i + 1] != b[i])
		return false;
	return !memcmp(a + i + 2, b + i + 2, n - i - 2);
}

/* Position of a key on a QWERTY keyboard; false for other bytes. */
static bool key_pos(char c, int *row, int *col)
{
	static const char *const rows[] = {"1234567890-", "qwertyuiop", "asdfghjkl", "zxcvbnm"};

	for (int r = 0; r < 4; r++) {
		const char *p = strchr(rows[r], c);

		if (c && p) {
			*row = r;
			*col = (int)(p - rows[r]);
			return true;
		}
	}
	return false;
}

/* Keys that touch on a staggered keyboard (row below is shifted right). */
static bool keys_adjacent(char a, char b)
{
	int ra, ca, rb, cb;

	if (!key_pos(a, &ra, &ca) || !key_pos(b, &rb, &cb))
		return false;
	if (ra == rb)
		return ca - cb == 1 || cb - ca == 1;
	if (rb == ra + 1)
		return cb == ca || cb == ca - 1;
	if (ra == rb + 1)
		return ca == cb || ca == cb - 1;
	return false;
}

/*
 * For short targets one edit is too loose ("mode" is one letter from
 * "node"): accept only the edits a typist makes by accident: a swap of
 * neighbours, a neighbouring key, a doubled key, a dropped key.
 */
static bool typing_slip(const char *s, size_t n, const char *t, size_t tn)
{
	size_t i = 0;

	while (i < n && i < tn && s[i] == t[i])
		i++;
	if (n == tn) {
		if (one_swap(s, t, n))
			return true;
		return i < n && keys_adjacent(s[i], t[i]) &&
		       !memcmp(s + i + 1, t + i + 1, n - i - 1);
	}
	if (n == tn + 1) /* s has an extra byte at i: only a doubled key */
		return ((i > 0 && s[i] == s[i - 1]) || (i + 1 < n && s[i] == s[i + 1])) &&
		       !memcmp(s + i + 1, t + i, tn - i);
	return n + 1 == tn; /* a dropped key (the distance already said 1) */
}

/*
 * How near candidate s[0..n) is to target t: the edit distance, 0 for a
 * look-alike or decorated form, or -1 when not near. max_short applies to
 * targets of 4..7 bytes, max_long to 8 or more; those of 3 or fewer need a
 * swap, and those of 4 or 5 a typing slip.
 */
/* A name being judged, with its look-alike form computed once. */
struct candidate {
	const char *s;
	size_t n;
	char look[VAKT_TYPOSQUAT_MAX_NAME];
	size_t look_n;
};

/* Longest decoration plus the most separators an official name has. */
#define LOOKALIKE_SLACK 12

static int nearness(const struct candidate *c, const char *t, int max_short, int max_long,
                    bool decorations)
{
	size_t tn = strlen(t), lb;
	char nb[VAKT_TYPOSQUAT_MAX_NAME];
	int max, d;

	if (c->n == tn && !memcmp(c->s, t, tn))
		return -1;
	if (tn <= 3)
		return c->n == tn && one_swap(c->s, t, tn) ? 1 : -1;
	max = tn >= 8 ? max_long : max_short;
	d = vakt_typo_distance(c->s, c->n, t, tn, max);
	if (d <= max && (tn > 5 || d != 1 || typing_slip(c->s, c->n, t, tn)))
		return d;
	/* Look-alike forms can only match when the lengths are close. */
	if (c->look_n > tn + LOOKALIKE_SLACK || tn > c->look_n + LOOKALIKE_SLACK)
		return -1;
	lb = lookalike(t, tn, nb);
	if (c->look_n == lb && !memcmp(c->look, nb, lb))
		return 0;
	if (decorations &&
	    (plus_suffix(c->look, c->look_n, nb, lb) || plus_suffix(nb, lb, c->look, c->look_n)))
		return 0;
	return -1;
}

/* Closest target to s among list (skipping generic names); NULL when none. */
static const char *closest(const char *s, size_t n, const char *const *list, size_t nlist,
                           size_t min_target, int max_short, int max_long, bool decorations,
                           int *distance)
{
	const char *best = NULL;
	int best_d = 1000;
	struct candidate c = {s, n, {0}, 0};

	c.look_n = lookalike(s, n, c.look);

	for (size_t i = 0; i < nlist; i++) {
		int d;

		if (strlen(list[i]) < min_target ||
		    in_list(generic, VAKT_ARRAY_SIZE(generic), list[i], strlen(list[i])))
			continue;
		d = nearness(&c, list[i], max_short, max_long, decorations);
		/* A look-alike (0) ranks as one edit: plain edits are likelier typos. */
		if (d >= 0 && (d ? d : 1) < best_d) {
			best = list[i];
			best_d = d ? d : 1;
			if (distance)
				*distance = d;
		}
	}
	return best;
}

const char *vakt_typosquat_near_official(const char *name, int *distance)
{
	size_t n = strlen(name);

	if (n == 0 || n > VAKT_TYPOSQUAT_MAX_NAME || vakt_typosquat_is_official(name))
		return NULL;
	return closest(name, n, official, VAKT_ARRAY_SIZE(official), 0, 1, 2, true, distance);
}

static bool has_suffix_n(const char *s, size_t n, const char *suffix)
{
	size_t k = strlen(suffix);

	return n > k && !vakt_strncasecmp(s + n - k, suffix, k);
}

const char *vakt_typosquat_near_registry(const char *host, int *distance)
{
	size_t n = strcspn(host, ":");
	char buf[VAKT_TYPOSQUAT_MAX_NAME + 1];
	const char *best;

	if (n == 0 || n > VAKT_TYPOSQUAT_MAX_NAME || strchr(host, '$'))
		return NULL;
	for (size_t i = 0; i < n; i++)
		buf[i] = (host[i] >= 'A' && host[i] <= 'Z') ? (char)(host[i] - 'A' + 'a') : host[i];
	buf[n] = '\0';
	if (!strcmp(buf, "localhost") ||
	    in_list(registry_targets, VAKT_ARRAY_SIZE(registry_targets), buf, n) ||
	    in_list(registry_known, VAKT_ARRAY_SIZE(registry_known), buf, n))
		return NULL;
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(registry_suffixes); i++)
		if (has_suffix_n(buf, n, registry_suffixes[i]))
			return NULL;
	/* "ghcr.io.example.net" borrows a trusted name as its first labels. */
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(registry_targets); i++) {
		size_t k = strlen(registry_targets[i]);

		if (n > k + 1 && !memcmp(buf, registry_targets[i], k) && buf[k] == '.') {
			if (distance)
				*distance = 0;
			return registry_targets[i];
		}
	}
	/* Hosts are compared whole: 12 or more characters allow two edits. */
	best = NULL;
	for (size_t i = 0, best_d = 1000; i < VAKT_ARRAY_SIZE(registry_targets); i++) {
		const char *t = registry_targets[i];
		size_t tn = strlen(t);
		int max = tn >= 12 ? 2 : 1;
		int d = vakt_typo_distance(buf, n, t, tn, max);

		if (d > max) {
			char na[VAKT_TYPOSQUAT_MAX_NAME], nb[VAKT_TYPOSQUAT_MAX_NAME];
			size_t la = lookalike(buf, n, na), lb = lookalike(t, tn, nb);

			if (la != lb || memcmp(na, nb, la))
				continue;
			d = 0;
		}
		if ((size_t)(d ? d : 1) < best_d) {
			best = t;
			best_d = (size_t)(d ? d : 1);
			if (distance)
				*distance = d;
		}
	}
	return best;
}

/* The Docker Hub namespace check; sets *hit and returns its kind. */
static enum vakt_typo_kind check_namespace(const char *ns, size_t n, struct vakt_typo_hit *hit)
{
	const char *t;
	int d = 0;

	for (size_t i = 0; i < VAKT_ARRAY_SIZE(registry_labels); i++) {
		if (strlen(registry_labels[i].label) == n &&
		    !memcmp(ns, registry_labels[i].label, n)) {
			hit->target = registry_labels[i].host;
			hit->distance = 0;
			return VAKT_TYPO_MISSING_DOMAIN;
		}
	}
	if (n < 5 || n > VAKT_TYPOSQUAT_MAX_NAME ||
	    in_list(namespace_targets, VAKT_ARRAY_SIZE(namespace_targets), ns, n) ||
	    in_list(namespace_known, VAKT_ARRAY_SIZE(namespace_known), ns, n))
		return VAKT_TYPO_NONE;
	{
		char buf[VAKT_TYPOSQUAT_MAX_NAME + 1];

		memcpy(buf, ns, n);
		buf[n] = '\0';
		if (vakt_typosquat_is_official(buf))
			return VAKT_TYPO_NONE;
	}
	t = closest(ns, n, namespace_targets, VAKT_ARRAY_SIZE(namespace_targets), 5, 1, 1, false,
	            &d);
	if (!t)
		return VAKT_TYPO_NONE;
	hit->target = t;
	hit->distance = d;
	return VAKT_TYPO_NAMESPACE;
}

enum vakt_typo_kind vakt_typosquat_check(const struct vakt_imageref *r, struct vakt_typo_hit *hit)
{
	struct vakt_typo_hit local;
	const char *repo = r->repository;
	const char *t;
	int d = 0;

	if (!hit)
		hit = &local;
	memset(hit, 0, sizeof(*hit));
	if (!r->registry || !repo)
		return VAKT_TYPO_NONE;

	if (r->registry_written && !strchr(r->registry, '$')) {
		t = vakt_typosquat_near_registry(r->registry, &d);
		if (t) {
			hit->suspect = r->registry;
			hit->suspect_len = strlen(r->registry);
			hit->target = t;
			hit->distance = d;
			return hit->kind = VAKT_TYPO_REGISTRY;
		}
	}
	if (strcmp(r->registry, "docker.io"))
		return VAKT_TYPO_NONE;

	if (vakt_imageref_is_library(r)) {
		const char *name = repo + 8;

		if (strchr(name, '$'))
			return VAKT_TYPO_NONE;
		t = vakt_typosquat_near_official(name, &d);
		if (!t)
			return VAKT_TYPO_NONE;
		hit->suspect = name;
		hit->suspect_len = strlen(name);
		hit->target = t;
		hit->distance = d;
		return hit->kind = VAKT_TYPO_NAME;
	}

	{
		size_t n = strcspn(repo, "/");

		if (!repo[n] || memchr(repo, '$', n))
			return VAKT_TYPO_NONE;
		hit->kind = check_namespace(repo, n, hit);
		if (hit->kind != VAKT_TYPO_NONE) {
			hit->suspect = repo;
			hit->suspect_len = n;
		}
		return hit->kind;
	}
}

char *vakt_typosquat_explain(const struct vakt_imageref *r, const struct vakt_strv *allowed)
{
	struct vakt_typo_hit hit;
	int n;

	if (vakt_typosquat_check(r, &hit) == VAKT_TYPO_NONE ||
	    (allowed && vakt_imageref_matches(r, allowed)))
		return NULL;
	n = (int)hit.suspect_len;
	switch (hit.kind) {
	case VAKT_TYPO_NAME:
		return vakt_xasprintf(
		    "'%.*s' is not a Docker Official Image but looks like a "
		    "misspelling of '%s'; a look-alike name can hold anyone's image",
		    n, hit.suspect, hit.target);
	case VAKT_TYPO_NAMESPACE:
		return vakt_xasprintf(
		    "Docker Hub namespace '%.*s' looks like a misspelling of '%s'; "
		    "anyone can register a look-alike namespace",
		    n, hit.suspect, hit.target);
	case VAKT_TYPO_REGISTRY:
		return vakt_xasprintf(
		    "registry '%.*s' looks like a misspelling of '%s'; a look-alike "
		    "domain can serve any image",
		    n, hit.suspect, hit.target);
	case VAKT_TYPO_MISSING_DOMAIN:
		return vakt_xasprintf("'%.*s' has no domain, so this is the Docker Hub namespace "
		                      "'%.*s', not the registry %s; write %s/%s",
		                      n, hit.suspect, n, hit.suspect, hit.target, hit.target,
		                      r->repository + hit.suspect_len + 1);
	case VAKT_TYPO_NONE:
		break;
	}
	return NULL;
}
