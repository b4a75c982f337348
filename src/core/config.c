/* SPDX-License-Identifier: MIT */
/*
 * .vakt.yaml, read into the shared YAML tree (core/yaml.h) under the
 * smaller ceilings of a configuration file, then checked against the
 * schema, which fills struct vakt_config.
 * Every error names the file, line and column. Finding the file is in
 * config-find.c, the questions a scan asks of it in config-match.c.
 */
#include <errno.h>
#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "source.h"
#include "yaml.h"

/* The ceilings of a configuration file: a small hand-written mapping. */
static const struct vakt_yaml_limits config_limits = {
    .max_depth = VAKT_CONFIG_MAX_DEPTH,
    .max_nodes = VAKT_CONFIG_MAX_NODES,
    .max_expanded = VAKT_CONFIG_MAX_NODES,
    .max_aliases = VAKT_CONFIG_MAX_ALIASES,
    .max_scalar = VAKT_CONFIG_MAX_STRING,
    .max_entries = VAKT_YAML_MAX_ENTRIES,
    /* One more than allowed, so that the second one is reported as such. */
    .max_docs = 2,
};

/* ---- schema ------------------------------------------------------------- */

struct check {
	const char *path;
	struct vakt_config *c;
	size_t cap_ignores, cap_overrides;
};

/* A key a mapping may hold, and what checks its value (NULL: the caller does). */
struct key_spec {
	const char *name;
	int (*fn)(struct check *k, const struct vakt_yaml_node *v, struct vakt_error **err);
};

static const char *const severity_expected = "critical, high, medium, low or info";

static int check_fail(const struct check *k, const struct vakt_yaml_node *n,
                      struct vakt_error **err, int code, const char *fmt, ...) VAKT_PRINTF(5, 6);

static int check_fail(const struct check *k, const struct vakt_yaml_node *n,
                      struct vakt_error **err, int code, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = vakt_xvasprintf(fmt, ap);
	va_end(ap);
	vakt_error_set_at(err, code, k->path, n->line, n->col, "%s", msg);
	free(msg);
	return code;
}

static bool node_is_null(const struct vakt_yaml_node *n)
{
	return vakt_yaml_is_null(n);
}

static bool node_is_string(const struct vakt_yaml_node *n)
{
	return n->kind == VAKT_YAML_SCALAR && !node_is_null(n);
}

/* Strict severity name (vakt_severity_parse() also takes Trivy's UNKNOWN). */
static int severity_from_name(const char *s, enum vakt_severity *out)
{
	for (int i = 0; i < VAKT_SEV_COUNT; i++) {
		if (!vakt_strcasecmp(s, vakt_severity_name((enum vakt_severity)i))) {
			*out = (enum vakt_severity)i;
			return 0;
		}
	}
	return -EINVAL;
}

static int check_severity_name(const struct check *k, const struct vakt_yaml_node *n,
                               enum vakt_severity *out, struct vakt_error **err)
{
	if (severity_from_name(n->str, out) < 0)
		return check_fail(k, n, err, -EINVAL, "unknown severity '%s' (expected %s)", n->str,
		                  severity_expected);
	return 0;
}

static int check_rule_name(const struct check *k, const struct vakt_yaml_node *n,
                           struct vakt_error **err)
{
	if (!vakt_registry_find(n->str))
		return check_fail(k, n, err, -EINVAL, "unknown rule '%s'", n->str);
	return 0;
}

/*
 * Whether s is written as an advisory id is (CVE-2024-3094, GHSA-xxxx-...,
 * DSA-5678-1, ALSA-2024:0101, DEBIAN-CVE-..., openSUSE-SU-2024:0001-1): an
 * upper-case prefix of two letters or more (or OSV's one mixed-case prefix,
 * openSUSE), then '-' and more, and not a peer tool's id. Rule ids are
 * letters and digits and slugs lower case, so a misspelt rule is still an
 * error.
 */
static bool advisory_id_shape(const char *s)
{
	size_t i = 0;

	if (!strncmp(s, "openSUSE-", 9))
		i = 8;
	while (s[i] >= 'A' && s[i] <= 'Z')
		i++;
	if (i < 2 || s[i] != '-' || !s[i + 1])
		return false;
	for (i++; s[i]; i++)
		if (!((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= 'a' && s[i] <= 'z') ||
		      (s[i] >= '0' && s[i] <= '9') || strchr("-_.:", s[i])))
			return false;
	/*
	 * Trivy's AVD-KSV-0010 and DS-0002, Dockle's CIS-DI-0001: such a name
	 * that names no rule is a misspelt peer id, or a check vakt has no
	 * equivalent of; never an advisory.
	 */
	return !vakt_registry_peer_prefix(s, strcspn(s, "-"));
}

/* What an ignore entry names: a rule (0), an advisory id (1), or neither (error). */
static int check_ignore_name(const struct check *k, const struct vakt_yaml_node *n,
                             struct vakt_error **err)
{
	if (vakt_registry_find(n->str))
		return 0;
	if (advisory_id_shape(n->str))
		return 1;
	return check_fail(k, n, err, -EINVAL, "unknown rule '%s'", n->str);
}

struct key_ref {
	const struct vakt_yaml_node *key;
	size_t index;
};

static int key_ref_cmp(const void *a, const void *b)
{
	const struct key_ref *x = a, *y = b;
	int c = strcmp(x->key->str, y->key->str);

	if (c)
		return c;
	return x->index < y->index ? -1 : x->index > y->index;
}

/*
 * The index of the pair whose (string) key repeats an earlier one and comes
 * first in the document, or SIZE_MAX; *first is the earlier key. Sorts: a
 * mapping may hold thousands of keys.
 */
static size_t map_find_duplicate(const struct vakt_yaml_node *map,
                                 const struct vakt_yaml_node **first)
{
	size_t n = 0, best = SIZE_MAX;
	struct key_ref *refs;

	if (map->n < 2)
		return SIZE_MAX;
	refs = vakt_xmalloc(map->n * sizeof(*refs));
	for (size_t i = 0; i < map->n; i++)
		if (map->pairs[i].key->kind == VAKT_YAML_SCALAR)
			refs[n++] = (struct key_ref){map->pairs[i].key, i};
	qsort(refs, n, sizeof(*refs), key_ref_cmp);
	for (size_t i = 1, run = 0; i < n; i++) {
		if (strcmp(refs[i].key->str, refs[run].key->str)) {
			run = i;
			continue;
		}
		/* refs[run] is the first of equal keys, refs[run + 1] its first repeat. */
		if (i == run + 1 && refs[i].index < best) {
			best = refs[i].index;
			*first = refs[run].key;
		}
	}
	free(refs);
	return best;
}

/*
 * Called for each pair of a mapping whose key is good; spec is the index
 * of the key in the mapping's key_spec table (SIZE_MAX when it has none).
 */
typedef int (*check_pair_fn)(struct check *k, const struct vakt_yaml_node *key,
                             const struct vakt_yaml_node *v, size_t spec, void *ctx,
                             struct vakt_error **err);

/*
 * Check a mapping in document order: each key a string, one of specs when
 * specs is not NULL (where names the mapping in the message), not a repeat;
 * then its value through fn.
 */
static int check_map(struct check *k, const struct vakt_yaml_node *map,
                     const struct key_spec *specs, size_t n_specs, const char *where,
                     check_pair_fn fn, void *ctx, struct vakt_error **err)
{
	const struct vakt_yaml_node *first = NULL;
	size_t dup = map_find_duplicate(map, &first);

	for (size_t i = 0; i < map->n; i++) {
		const struct vakt_yaml_node *key = map->pairs[i].key, *v = map->pairs[i].value;
		struct vakt_buf b = VAKT_BUF_INIT;
		size_t spec = SIZE_MAX;
		int r;

		if (key->kind != VAKT_YAML_SCALAR)
			return check_fail(k, key, err, -EINVAL, "a key must be a string, not a %s",
			                  key->kind == VAKT_YAML_SEQ ? "list" : "mapping");
		if (i == dup)
			return check_fail(k, key, err, -EINVAL,
			                  "duplicate key '%s' (first at %d:%d)", key->str,
			                  first->line, first->col);
		for (size_t j = 0; specs && j < n_specs && spec == SIZE_MAX; j++)
			if (!strcmp(key->str, specs[j].name))
				spec = j;
		if (specs && spec == SIZE_MAX) {
			for (size_t j = 0; j < n_specs; j++)
				vakt_buf_addf(&b, "%s%s", j ? ", " : "", specs[j].name);
			r = check_fail(k, key, err, -EINVAL,
			               "unknown key '%s'%s (expected one of %s)", key->str, where,
			               vakt_buf_str(&b));
			vakt_buf_release(&b);
			return r;
		}
		r = fn(k, key, v, spec, ctx, err);
		if (r < 0)
			return r;
	}
	return 0;
}

/* A list of non-empty strings into sv; what names the key, expected its items. */
static int check_string_list(const struct check *k, const struct vakt_yaml_node *v,
                             const char *what, const char *expected, struct vakt_strv *sv,
                             struct vakt_error **err)
{
	if (node_is_null(v))
		return 0;
	if (v->kind != VAKT_YAML_SEQ)
		return check_fail(k, v, err, -EINVAL, "'%s' must be a list of %s", what, expected);
	for (size_t i = 0; i < v->n; i++) {
		const struct vakt_yaml_node *item = v->items[i];

		if (!node_is_string(item))
			return check_fail(k, item, err, -EINVAL, "'%s' must be a list of %s", what,
			                  expected);
		if (!item->len)
			return check_fail(k, item, err, -EINVAL, "empty entry in '%s'", what);
		vakt_strv_push(sv, item->str);
	}
	return 0;
}

static void config_add_ignore(struct check *k, const struct vakt_config_ignore *e)
{
	struct vakt_config *c = k->c;

	c->ignores = vakt_grow(c->ignores, sizeof(*c->ignores), c->n_ignores + 1, &k->cap_ignores);
	c->ignores[c->n_ignores++] = *e;
}

enum { IGNORE_RULE, IGNORE_PATHS, IGNORE_OBJECTS, IGNORE_REASON, IGNORE_EXPIRES };

static const struct key_spec ignore_keys[] = {
    [IGNORE_RULE] = {"rule", NULL},       [IGNORE_PATHS] = {"paths", NULL},
    [IGNORE_OBJECTS] = {"objects", NULL}, [IGNORE_REASON] = {"reason", NULL},
    [IGNORE_EXPIRES] = {"expires", NULL},
};

/* Kind/namespace/name/container[x]: at most VAKT_CONFIG_MAX_OBJECT_PARTS non-empty parts. */
static int check_object_globs(const struct check *k, const struct vakt_yaml_node *v,
                              struct vakt_strv *sv, size_t before, struct vakt_error **err)
{
	for (size_t i = before; i < sv->n; i++) {
		const char *g = sv->v[i];
		const struct vakt_yaml_node *item = v->items[i - before];
		size_t parts = 1;

		for (const char *p = g; *p; p++) {
			if (*p != '/')
				continue;
			parts++;
			if (p == g || !p[1] || p[1] == '/')
				return check_fail(k, item, err, -EINVAL,
				                  "empty part in object pattern '%s' (expected "
				                  "Kind/namespace/name/container[name])",
				                  g);
		}
		if (parts > VAKT_CONFIG_MAX_OBJECT_PARTS)
			return check_fail(k, item, err, -EINVAL,
			                  "object pattern '%s' has more than %d parts (expected "
			                  "Kind/namespace/name/container[name])",
			                  g, VAKT_CONFIG_MAX_OBJECT_PARTS);
	}
	return 0;
}

/*
 * expires: YYYY-MM-DD. The entry ignores through that day (UTC); after it,
 * it ignores nothing and the scan says so, so an exception cannot outlive
 * the review it was granted for.
 */
static int check_expires(struct check *k, const struct vakt_yaml_node *v,
                         struct vakt_config_ignore *e, struct vakt_error **err)
{
	char today[VAKT_DATE_LEN];

	if (!node_is_string(v) || !vakt_date_valid(v->str, v->len))
		return check_fail(k, v, err, -EINVAL,
		                  "'expires' must be a date written YYYY-MM-DD (e.g. 2027-03-31)");
	memcpy(e->expires, v->str, 11);
	vakt_date_today(today);
	e->expired = strcmp(today, e->expires) > 0;
	return 0;
}

struct ignore_ctx {
	struct vakt_config_ignore e;
	const struct vakt_yaml_node *rule;
};

static int check_ignore_pair(struct check *k, const struct vakt_yaml_node *key,
                             const struct vakt_yaml_node *v, size_t spec, void *ctx,
                             struct vakt_error **err)
{
	struct ignore_ctx *x = ctx;
	int r;

	switch (spec) {
	case IGNORE_RULE:
		if (!node_is_string(v))
			return check_fail(k, v, err, -EINVAL, "'rule' must be a rule name");
		x->rule = v;
		r = check_ignore_name(k, v, err);
		x->e.id = r == 1;
		return r < 0 ? r : 0;
	case IGNORE_PATHS:
		return check_string_list(k, v, "paths", "globs", &x->e.paths, err);
	case IGNORE_OBJECTS: {
		size_t before = x->e.objects.n;

		r = check_string_list(k, v, "objects", "object globs", &x->e.objects, err);
		return r < 0 ? r : check_object_globs(k, v, &x->e.objects, before, err);
	}
	case IGNORE_EXPIRES:
		return check_expires(k, v, &x->e, err);
	default:
		if (node_is_null(v))
			return 0;
		if (v->kind != VAKT_YAML_SCALAR)
			return check_fail(k, v, err, -EINVAL, "'reason' must be a string");
		x->e.reason = vakt_xstrdup(v->str); /* keys do not repeat: set once */
		return 0;
	}
}

/* `- rule: X` with optional paths and reason. */
static int check_ignore_entry(struct check *k, const struct vakt_yaml_node *item,
                              struct vakt_error **err)
{
	struct ignore_ctx x = {.e.line = item->line};
	int r;

	r = check_map(k, item, ignore_keys, VAKT_ARRAY_SIZE(ignore_keys), " in an ignore entry",
	              check_ignore_pair, &x, err);
	if (r < 0)
		goto out;
	if (!x.rule) {
		r = check_fail(k, item, err, -EINVAL, "ignore entry has no 'rule'");
		goto out;
	}
	x.e.rule = vakt_xstrdup(x.rule->str);
	config_add_ignore(k, &x.e);
	return 0;
out:
	vakt_strv_release(&x.e.paths);
	vakt_strv_release(&x.e.objects);
	free(x.e.reason);
	return r;
}

static int check_ignore(struct check *k, const struct vakt_yaml_node *v, struct vakt_error **err)
{
	static const char wrong[] = "'ignore' must be a list of rule names or mappings";

	if (node_is_null(v))
		return 0;
	if (v->kind != VAKT_YAML_SEQ)
		return check_fail(k, v, err, -EINVAL, "%s", wrong);
	for (size_t i = 0; i < v->n; i++) {
		const struct vakt_yaml_node *item = v->items[i];
		struct vakt_config_ignore e = {0};
		int r;

		if (item->kind == VAKT_YAML_MAP) {
			r = check_ignore_entry(k, item, err);
		} else if (!node_is_string(item)) {
			r = check_fail(k, item, err, -EINVAL, "%s", wrong);
		} else {
			r = check_ignore_name(k, item, err);
			e.id = r == 1;
			e.rule = r < 0 ? NULL : vakt_xstrdup(item->str);
			e.line = item->line;
			if (e.rule)
				config_add_ignore(k, &e);
		}
		if (r < 0)
			return r;
	}
	return 0;
}

static const char severity_wrong[] = "'severity' must be a mapping of rule names to severities";

static int check_severity_pair(struct check *k, const struct vakt_yaml_node *key,
                               const struct vakt_yaml_node *v, size_t spec, void *ctx,
                               struct vakt_error **err)
{
	struct vakt_config *c = k->c;
	enum vakt_severity s = VAKT_SEV_INFO;
	int r;

	r = check_rule_name(k, key, err);
	if (r < 0)
		return r;
	if (!node_is_string(v))
		return check_fail(k, v, err, -EINVAL, "%s", severity_wrong);
	r = check_severity_name(k, v, &s, err);
	if (r < 0)
		return r;
	c->overrides =
	    vakt_grow(c->overrides, sizeof(*c->overrides), c->n_overrides + 1, &k->cap_overrides);
	c->overrides[c->n_overrides++] = (struct vakt_config_override){
	    .rule = vakt_xstrdup(key->str),
	    .severity = s,
	    .line = key->line,
	};
	return 0;
}

static int check_severity(struct check *k, const struct vakt_yaml_node *v, struct vakt_error **err)
{
	if (node_is_null(v))
		return 0;
	if (v->kind != VAKT_YAML_MAP)
		return check_fail(k, v, err, -EINVAL, "%s", severity_wrong);
	return check_map(k, v, NULL, 0, "", check_severity_pair, NULL, err);
}

/* "registry.example.com", "*.gcr.io" (one leading label) or "*" (any). */
static bool registry_pattern_valid(const char *s)
{
	const char *star = strchr(s, '*');

	if (!star || !strcmp(s, "*"))
		return true;
	return star == s && s[1] == '.' && s[2] && !strchr(s + 1, '*');
}

static int check_registries(struct check *k, const struct vakt_yaml_node *v,
                            struct vakt_error **err)
{
	struct vakt_strv *sv = &k->c->trusted_registries;
	size_t before = sv->n;
	int r;

	r = check_string_list(k, v, "trusted-registries", "registry names", sv, err);
	if (r < 0)
		return r;
	for (size_t i = before; i < sv->n; i++) {
		if (!registry_pattern_valid(sv->v[i]))
			return check_fail(k, v->items[i - before], err, -EINVAL,
			                  "invalid registry pattern '%s' (expected a host name, "
			                  "'*.' and a domain, or '*' alone)",
			                  sv->v[i]);
	}
	return 0;
}

static int check_images(struct check *k, const struct vakt_yaml_node *v, struct vakt_error **err)
{
	return check_string_list(k, v, "allowed-base-images", "image patterns",
	                         &k->c->allowed_images, err);
}

static int check_exclude(struct check *k, const struct vakt_yaml_node *v, struct vakt_error **err)
{
	return check_string_list(k, v, "exclude", "globs", &k->c->exclude, err);
}

static int check_fail_on(struct check *k, const struct vakt_yaml_node *v, struct vakt_error **err)
{
	int r;

	if (node_is_null(v))
		return 0;
	if (!node_is_string(v))
		return check_fail(k, v, err, -EINVAL, "'fail-on' must be a severity (%s)",
		                  severity_expected);
	r = check_severity_name(k, v, &k->c->fail_on, err);
	if (r < 0)
		return r;
	k->c->has_fail_on = true;
	return 0;
}

/* Checked by the commands that use it (kube_pss_parse()): core does not know the levels. */
static int check_pss(struct check *k, const struct vakt_yaml_node *v, struct vakt_error **err)
{
	if (node_is_null(v))
		return 0;
	if (!node_is_string(v))
		return check_fail(k, v, err, -EINVAL,
		                  "'pss' must be a Pod Security Standards level, LEVEL[:VERSION] "
		                  "(e.g. restricted or baseline:v1.30)");
	free(k->c->pss);
	k->c->pss = vakt_xstrdup(v->str);
	k->c->pss_line = v->line;
	return 0;
}

enum { RESIDENCY_REGIONS, RESIDENCY_EXEMPT };

static const struct key_spec residency_keys[] = {
    [RESIDENCY_REGIONS] = {"allowed-regions", NULL},
    [RESIDENCY_EXEMPT] = {"exempt-images", NULL},
};

static int check_allowed_regions(struct check *k, const struct vakt_yaml_node *v,
                                 struct vakt_error **err)
{
	struct vakt_strv *sv = &k->c->allowed_regions;
	size_t before = sv->n;
	int r;

	r = check_string_list(k, v, "allowed-regions", "region patterns", sv, err);
	if (r < 0)
		return r;
	for (size_t i = before; i < sv->n; i++) {
		char *why = vakt_residency_pattern_error(sv->v[i]);

		if (why) {
			r = check_fail(k, v->items[i - before], err, -EINVAL, "%s", why);
			free(why);
			return r;
		}
	}
	/* Written with no value: the default stays. */
	k->c->has_allowed_regions = !node_is_null(v);
	return 0;
}

static int check_residency_pair(struct check *k, const struct vakt_yaml_node *key,
                                const struct vakt_yaml_node *v, size_t spec, void *ctx,
                                struct vakt_error **err)
{
	if (spec == RESIDENCY_REGIONS)
		return check_allowed_regions(k, v, err);
	return check_string_list(k, v, "exempt-images", "image patterns", &k->c->exempt_images,
	                         err);
}

static int check_residency(struct check *k, const struct vakt_yaml_node *v, struct vakt_error **err)
{
	if (node_is_null(v))
		return 0;
	if (v->kind != VAKT_YAML_MAP)
		return check_fail(k, v, err, -EINVAL,
		                  "'residency' must be a mapping (allowed-regions, exempt-images)");
	return check_map(k, v, residency_keys, VAKT_ARRAY_SIZE(residency_keys), " in 'residency'",
	                 check_residency_pair, NULL, err);
}

/* limits: {file-size: 64M, walk-depth: 256} (core/limits.h names them). */
static int check_limits_pair(struct check *k, const struct vakt_yaml_node *key,
                             const struct vakt_yaml_node *v, size_t spec, void *ctx,
                             struct vakt_error **err)
{
	char *why = NULL;
	int r;

	if (!node_is_string(v))
		return check_fail(k, v, err, -EINVAL, "limit '%s' must be a number or a size",
		                  key->str);
	if (vakt_limits_set(&k->c->limits, key->str, v->str, &why) == 0)
		return 0;
	/* An unknown name is the key's fault, a bad value the value's. */
	r = check_fail(k, vakt_limit_lookup(key->str) < 0 ? key : v, err, -EINVAL, "%s", why);
	free(why);
	return r;
}

static int check_limits(struct check *k, const struct vakt_yaml_node *v, struct vakt_error **err)
{
	if (node_is_null(v))
		return 0;
	if (v->kind != VAKT_YAML_MAP)
		return check_fail(k, v, err, -EINVAL,
		                  "'limits' must be a mapping of limit names to values (e.g. "
		                  "file-size: 64M)");
	return check_map(k, v, NULL, 0, "", check_limits_pair, NULL, err);
}

/* fix: {uid, images, resources, pss}: the choices vakt fix makes (docs/fix.md). */
enum { FIX_UID, FIX_IMAGES, FIX_RESOURCES, FIX_PSS };

static const struct key_spec fix_keys[] = {
    [FIX_UID] = {"uid", NULL},
    [FIX_IMAGES] = {"images", NULL},
    [FIX_RESOURCES] = {"resources", NULL},
    [FIX_PSS] = {"pss", NULL},
};

/* fix.images: "nginx:1.27": "nginx:1.27@sha256:<64 hex>". */
static int check_fix_image(struct check *k, const struct vakt_yaml_node *key,
                           const struct vakt_yaml_node *v, size_t spec, void *ctx,
                           struct vakt_error **err)
{
	const char *at;
	size_t i = 0;

	(void)spec;
	(void)ctx;
	if (!key->len || strchr(key->str, ' '))
		return check_fail(k, key, err, -EINVAL,
		                  "a key of 'fix.images' must be an image reference as the files "
		                  "write it (e.g. nginx:1.27)");
	at = node_is_string(v) ? strstr(v->str, "@sha256:") : NULL;
	if (at)
		for (at += 8; at[i] && strchr("0123456789abcdef", at[i]); i++)
			;
	if (!at || i != 64 || at[i] || v->str == at - 8 || strchr(v->str, ' '))
		return check_fail(k, v, err, -EINVAL,
		                  "'fix.images.%s' must be the reference pinned by digest "
		                  "(NAME[:TAG]@sha256: and 64 hex digits)",
		                  key->str);
	vakt_strv_push(&k->c->fix_image_from, key->str);
	vakt_strv_push(&k->c->fix_image_to, v->str);
	return 0;
}

/* A Kubernetes quantity as vakt fix writes it: digits, a fraction, a suffix. */
static bool quantity_ok(const char *s)
{
	static const char *const suffixes[] = {"",   "m",  "k",  "M",  "G",  "T",  "P", "E",
	                                       "Ki", "Mi", "Gi", "Ti", "Pi", "Ei", NULL};
	size_t i = 0, digits = 0;

	while (s[i] >= '0' && s[i] <= '9')
		i++, digits++;
	if (s[i] == '.')
		for (i++; s[i] >= '0' && s[i] <= '9'; i++)
			digits++;
	if (!digits || i > 32)
		return false;
	for (size_t j = 0; suffixes[j]; j++)
		if (!strcmp(s + i, suffixes[j]))
			return true;
	return false;
}

/* fix.resources: {limits: {cpu: 500m, memory: 256Mi}, requests: {...}}. */
static int check_fix_res_pair(struct check *k, const struct vakt_yaml_node *key,
                              const struct vakt_yaml_node *v, size_t spec, void *ctx,
                              struct vakt_error **err)
{
	char **slot = ctx;

	(void)key;
	if (!node_is_string(v) || !quantity_ok(v->str))
		return check_fail(k, v, err, -EINVAL,
		                  "a resource of 'fix.resources' must be a Kubernetes quantity "
		                  "(e.g. 500m, 256Mi)");
	free(slot[spec]);
	slot[spec] = vakt_xstrdup(v->str);
	return 0;
}

static int check_fix_res(struct check *k, const struct vakt_yaml_node *key,
                         const struct vakt_yaml_node *v, size_t spec, void *ctx,
                         struct vakt_error **err)
{
	static const struct key_spec res_keys[] = {{"cpu", NULL}, {"memory", NULL}};
	char *slot[2] = {NULL, NULL};
	int r;

	(void)ctx;
	if (v->kind != VAKT_YAML_MAP)
		return check_fail(k, v, err, -EINVAL,
		                  "'fix.resources.%s' must be a mapping (cpu, memory)", key->str);
	r = check_map(k, v, res_keys, VAKT_ARRAY_SIZE(res_keys), " in 'fix.resources'",
	              check_fix_res_pair, slot, err);
	free(k->c->fix_cpu[spec]);
	free(k->c->fix_memory[spec]);
	k->c->fix_cpu[spec] = slot[0];
	k->c->fix_memory[spec] = slot[1];
	return r;
}

static int check_fix_pair(struct check *k, const struct vakt_yaml_node *key,
                          const struct vakt_yaml_node *v, size_t spec, void *ctx,
                          struct vakt_error **err)
{
	static const struct key_spec lr_keys[] = {{"limits", NULL}, {"requests", NULL}};
	char *end = NULL;
	long uid;

	(void)key;
	(void)ctx;
	switch (spec) {
	case FIX_IMAGES:
		if (node_is_null(v))
			return 0;
		if (v->kind != VAKT_YAML_MAP)
			return check_fail(k, v, err, -EINVAL,
			                  "'fix.images' must be a mapping of image references to "
			                  "the same references pinned by digest");
		return check_map(k, v, NULL, 0, "", check_fix_image, NULL, err);
	case FIX_RESOURCES:
		if (node_is_null(v))
			return 0;
		if (v->kind != VAKT_YAML_MAP)
			return check_fail(k, v, err, -EINVAL,
			                  "'fix.resources' must be a mapping (limits, requests)");
		return check_map(k, v, lr_keys, VAKT_ARRAY_SIZE(lr_keys), " in 'fix.resources'",
		                 check_fix_res, NULL, err);
	case FIX_PSS:
		if (!node_is_string(v) ||
		    (strcmp(v->str, "privileged") && strcmp(v->str, "baseline") &&
		     strcmp(v->str, "restricted")))
			return check_fail(k, v, err, -EINVAL,
			                  "'fix.pss' must be privileged, baseline or restricted");
		free(k->c->fix_pss);
		k->c->fix_pss = vakt_xstrdup(v->str);
		return 0;
	}
	if (node_is_string(v)) {
		errno = 0;
		uid = strtol(v->str, &end, 10);
		if (v->str[0] >= '1' && v->str[0] <= '9' && !errno && end && !*end && uid > 0 &&
		    uid <= 2147483647L) {
			k->c->fix_uid = uid;
			k->c->has_fix_uid = true;
			return 0;
		}
	}
	return check_fail(k, v, err, -EINVAL,
	                  "'fix.uid' must be a user id from 1 to 2147483647 (e.g. 10001)");
}

static int check_fix(struct check *k, const struct vakt_yaml_node *v, struct vakt_error **err)
{
	if (node_is_null(v))
		return 0;
	if (v->kind != VAKT_YAML_MAP)
		return check_fail(k, v, err, -EINVAL,
		                  "'fix' must be a mapping (uid, images, resources, pss)");
	return check_map(k, v, fix_keys, VAKT_ARRAY_SIZE(fix_keys), " in 'fix'", check_fix_pair,
	                 NULL, err);
}

static const struct key_spec top_keys[] = {
    {"ignore", check_ignore},
    {"severity", check_severity},
    {"trusted-registries", check_registries},
    {"allowed-base-images", check_images},
    {"exclude", check_exclude},
    {"fail-on", check_fail_on},
    {"pss", check_pss},
    {"residency", check_residency},
    {"limits", check_limits},
    {"fix", check_fix},
};

static int check_top_pair(struct check *k, const struct vakt_yaml_node *key,
                          const struct vakt_yaml_node *v, size_t spec, void *ctx,
                          struct vakt_error **err)
{
	return top_keys[spec].fn(k, v, err);
}

static int check_root(struct check *k, const struct vakt_yaml_node *root, struct vakt_error **err)
{
	if (!root || node_is_null(root))
		return 0; /* an empty file, or one holding only comments */
	if (root->kind != VAKT_YAML_MAP)
		return check_fail(k, root, err, -EINVAL,
		                  "the configuration must be a mapping of keys (ignore, severity, "
		                  "trusted-registries, allowed-base-images, exclude, fail-on, "
		                  "pss, residency, limits, fix)");
	return check_map(k, root, top_keys, VAKT_ARRAY_SIZE(top_keys), "", check_top_pair, NULL,
	                 err);
}

/* ---- public ------------------------------------------------------------- */

struct vakt_config *vakt_config_new(void)
{
	return vakt_xcalloc(1, sizeof(struct vakt_config));
}

void vakt_config_free(struct vakt_config *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->n_ignores; i++) {
		free(c->ignores[i].rule);
		vakt_strv_release(&c->ignores[i].paths);
		vakt_strv_release(&c->ignores[i].objects);
		free(c->ignores[i].reason);
	}
	free(c->ignores);
	for (size_t i = 0; i < c->n_overrides; i++)
		free(c->overrides[i].rule);
	free(c->overrides);
	vakt_strv_release(&c->trusted_registries);
	vakt_strv_release(&c->allowed_images);
	vakt_strv_release(&c->exclude);
	vakt_strv_release(&c->allowed_regions);
	vakt_strv_release(&c->exempt_images);
	free(c->origin);
	free(c->pss);
	vakt_strv_release(&c->fix_image_from);
	vakt_strv_release(&c->fix_image_to);
	for (size_t i = 0; i < 2; i++) {
		free(c->fix_cpu[i]);
		free(c->fix_memory[i]);
	}
	free(c->fix_pss);
	free(c);
}

/*
 * Where the tree breaks a rule of the configuration that YAML allows: a
 * second document, or a string holding a NUL (a "\0" escape). Shared nodes
 * are visited once per reference, which the node ceiling bounds.
 */
static int check_shape_node(const struct check *k, const struct vakt_yaml_node *n,
                            struct vakt_error **err)
{
	int r = 0;

	if (!n)
		return 0;
	switch (n->kind) {
	case VAKT_YAML_SCALAR:
		if (memchr(n->str, '\0', n->len))
			return check_fail(k, n, err, -EINVAL, "a string contains a NUL character");
		return 0;
	case VAKT_YAML_SEQ:
		for (size_t i = 0; i < n->n && r >= 0; i++)
			r = check_shape_node(k, n->items[i], err);
		return r;
	case VAKT_YAML_MAP:
		for (size_t i = 0; i < n->n && r >= 0; i++) {
			r = check_shape_node(k, n->pairs[i].key, err);
			if (r >= 0)
				r = check_shape_node(k, n->pairs[i].value, err);
		}
		return r;
	}
	return 0;
}

int vakt_config_parse(const char *path, const char *data, size_t len, struct vakt_config **out,
                      struct vakt_error **err)
{
	struct vakt_yaml_stream *s = NULL;
	struct vakt_error *yerr = NULL;
	struct check k = {.path = path};
	int r;

	if (len > VAKT_CONFIG_MAX_BYTES)
		return vakt_error_set_at(err, -EFBIG, path, 0, 0,
		                         "file too large: %zu bytes (the limit is %u bytes)", len,
		                         VAKT_CONFIG_MAX_BYTES);
	k.c = vakt_config_new();
	k.c->origin = vakt_xstrdup(path);
	r = vakt_yaml_parse_limited(path, data ? data : "", data ? len : 0, &config_limits, &s,
	                            &yerr);
	/* A second document is the first fault, whatever the parser met after it. */
	if (s->n_docs > 1) {
		r = vakt_error_set_at(err, -EINVAL, path, s->docs[1].line, 1,
		                      "only one YAML document is allowed");
	} else if (r < 0 && err && !*err) {
		*err = yerr; /* the parser's own words and position */
		yerr = NULL;
	} else if (s->n_docs) {
		r = check_shape_node(&k, s->docs[0].root, err);
		if (r >= 0)
			r = check_root(&k, s->docs[0].root, err);
	}
	vakt_error_free(yerr);
	vakt_yaml_free(s);
	if (r < 0) {
		vakt_config_free(k.c);
		return r;
	}
	*out = k.c;
	return 0;
}

int vakt_config_load(const char *path, struct vakt_config **out, struct vakt_error **err)
{
	struct vakt_source *src = NULL;
	int r;

	r = vakt_source_read(path, VAKT_CONFIG_MAX_BYTES, &src, err);
	if (r < 0)
		return r;
	r = vakt_config_parse(src->path, src->data, src->len, out, err);
	vakt_source_free(src);
	return r;
}
