/* SPDX-License-Identifier: MIT */
/*
 * .vakt.yaml, read into the shared YAML tree (core/yaml.h) under the
 * smaller ceilings of a configuration file, then checked against the
 * schema, which fills struct vakt_config.
 * Every error names the file, line and column.
 *
 * Globs are matched by our own matcher rather than fnmatch(3): glibc's
 * fnmatch backtracks exponentially on patterns with many '*', and a
 * .vakt.yaml in a scanned pull request is untrusted input.
 */
#include <errno.h>
#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "residency.h"
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

enum { IGNORE_RULE, IGNORE_PATHS, IGNORE_OBJECTS, IGNORE_REASON };

static const struct key_spec ignore_keys[] = {
    [IGNORE_RULE] = {"rule", NULL},
    [IGNORE_PATHS] = {"paths", NULL},
    [IGNORE_OBJECTS] = {"objects", NULL},
    [IGNORE_REASON] = {"reason", NULL},
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

struct ignore_ctx {
	struct vakt_config_ignore e;
	const struct vakt_yaml_node *rule;
};

static int check_ignore_pair(struct check *k, const struct vakt_yaml_node *key,
                             const struct vakt_yaml_node *v, size_t spec, void *ctx,
                             struct vakt_error **err)
{
	struct ignore_ctx *x = ctx;

	switch (spec) {
	case IGNORE_RULE:
		if (!node_is_string(v))
			return check_fail(k, v, err, -EINVAL, "'rule' must be a rule name");
		x->rule = v;
		return check_rule_name(k, v, err);
	case IGNORE_PATHS:
		return check_string_list(k, v, "paths", "globs", &x->e.paths, err);
	case IGNORE_OBJECTS: {
		size_t before = x->e.objects.n;
		int r = check_string_list(k, v, "objects", "object globs", &x->e.objects, err);

		return r < 0 ? r : check_object_globs(k, v, &x->e.objects, before, err);
	}
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
			r = check_rule_name(k, item, err);
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

static const struct key_spec top_keys[] = {
    {"ignore", check_ignore},
    {"severity", check_severity},
    {"trusted-registries", check_registries},
    {"allowed-base-images", check_images},
    {"exclude", check_exclude},
    {"fail-on", check_fail_on},
    {"residency", check_residency},
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
		                  "residency)");
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

/* ---- finding the file --------------------------------------------------- */

/* dir/name, or name alone when dir is ".". The caller owns the result. */
static char *path_join(const char *dir, const char *name)
{
	if (!strcmp(dir, "."))
		return vakt_xstrdup(name);
	return vakt_xasprintf("%s%s%s", dir, vakt_ends_with(dir, "/") ? "" : "/", name);
}

/* Drop empty and "." components: "./a//b/" gives "a/b", "" gives ".". The caller owns it. */
static char *path_clean(const char *p)
{
	struct vakt_buf b = VAKT_BUF_INIT;
	bool abs = p[0] == '/';

	while (*p) {
		size_t n = strcspn(p, "/");

		if (n && !(n == 1 && p[0] == '.')) {
			if (b.len || abs)
				vakt_buf_addc(&b, '/');
			vakt_buf_add(&b, p, n);
		}
		p += n;
		p += *p == '/';
	}
	if (!b.len)
		vakt_buf_adds(&b, abs ? "/" : ".");
	return vakt_buf_detach(&b);
}

/*
 * The parent of a clean path, lexically: "a/b" gives "a", "a" gives ".", "."
 * gives "..", ".." gives "../..". The caller owns the result.
 */
static char *path_lexical_parent(const char *p)
{
	const char *slash = strrchr(p, '/');
	const char *last = slash ? slash + 1 : p;

	if (!strcmp(p, "/"))
		return vakt_xstrdup("/");
	if (!strcmp(p, "."))
		return vakt_xstrdup("..");
	if (!strcmp(last, ".."))
		return vakt_xasprintf("%s/..", p);
	if (!slash)
		return vakt_xstrdup(".");
	if (slash == p)
		return vakt_xstrdup("/");
	return vakt_xstrndup(p, (size_t)(slash - p));
}

static bool path_exists_in(const char *dir, const char *name)
{
	char *p = path_join(dir, name);
	struct stat st;
	bool ok = lstat(p, &st) == 0;

	free(p);
	return ok;
}

/*
 * Walk up from start's directory over the real (symlink-resolved) parents.
 * The path handed back is written the way the user wrote start ("sub/.vakt.yaml",
 * "../.vakt.yaml") while that names the same directory, else it is absolute.
 */
char *vakt_config_find(const char *start)
{
	char *dir = NULL, *phys = NULL, *lex = NULL, *found = NULL;
	struct stat st;

	if (!start || !*start || !strcmp(start, "-"))
		start = ".";
	if (stat(start, &st) == 0 && S_ISDIR(st.st_mode)) {
		dir = vakt_xstrdup(start);
	} else {
		const char *slash = strrchr(start, '/');

		dir = !slash           ? vakt_xstrdup(".")
		      : slash == start ? vakt_xstrdup("/")
		                       : vakt_xstrndup(start, (size_t)(slash - start));
	}
	phys = realpath(dir, NULL);
	if (!phys)
		goto out;
	lex = path_clean(dir);
	for (;;) {
		char *slash, *next;

		if (path_exists_in(phys, VAKT_CONFIG_NAME)) {
			found = path_join(lex ? lex : phys, VAKT_CONFIG_NAME);
			break;
		}
		/* The repository root ends the search. */
		if (path_exists_in(phys, ".git") || !strcmp(phys, "/"))
			break;
		slash = strrchr(phys, '/');
		slash[slash == phys] = '\0';
		if (lex) {
			next = path_lexical_parent(lex);
			free(lex);
			lex = next;
			next = realpath(lex, NULL);
			if (!next || strcmp(next, phys)) {
				free(lex);
				lex = NULL;
			}
			free(next);
		}
	}
out:
	free(dir);
	free(phys);
	free(lex);
	return found;
}

/* ---- matching ----------------------------------------------------------- */

/*
 * Match one pattern unit at *g (a literal, '?', "[set]" or "\x") against the
 * byte c; *g advances past the unit whatever the result.
 */
static bool glob_unit_match(const char **g, const char *ge, unsigned char c)
{
	const char *p = *g;

	if (*p == '?') {
		*g = p + 1;
		return true;
	}
	if (*p == '\\' && p + 1 < ge) {
		*g = p + 2;
		return (unsigned char)p[1] == c;
	}
	if (*p == '[') {
		const char *q = p + 1;
		bool negate = false, hit = false;

		if (q < ge && (*q == '!' || *q == '^')) {
			negate = true;
			q++;
		}
		/* A ']' first in the set is a member. */
		for (bool first = true; q < ge && (first || *q != ']'); first = false) {
			unsigned char lo = (unsigned char)*q, hi;

			if (*q == '\\' && q + 1 < ge)
				lo = (unsigned char)*++q;
			q++;
			hi = lo;
			if (q + 1 < ge && *q == '-' && q[1] != ']') {
				q++;
				if (*q == '\\' && q + 1 < ge)
					q++;
				hi = (unsigned char)*q++;
			}
			if (c >= lo && c <= hi)
				hit = true;
		}
		if (q < ge) { /* found the closing ']' */
			*g = q + 1;
			return hit != negate;
		}
		/* No closing ']': the '[' is literal. */
	}
	*g = p + 1;
	return (unsigned char)*p == c;
}

/*
 * One path component against one pattern component, '*' not crossing '/'.
 * Greedy with one backtrack point: O(pattern * name), never exponential.
 */
static bool glob_component_match(const char *g, const char *ge, const char *s, const char *se)
{
	const char *star_g = NULL, *star_s = NULL;

	while (s < se) {
		if (g < ge && *g == '*') {
			while (g < ge && *g == '*')
				g++;
			star_g = g;
			star_s = s;
			continue;
		}
		if (g < ge) {
			const char *next = g;

			if (glob_unit_match(&next, ge, (unsigned char)*s)) {
				g = next;
				s++;
				continue;
			}
		}
		if (!star_g)
			return false;
		g = star_g;
		s = ++star_s;
	}
	while (g < ge && *g == '*')
		g++;
	return g == ge;
}

struct seg {
	const char *s;
	size_t n;
};

/* Split at '/', dropping empty and "." components; out may be NULL to count. */
static size_t segs_split(const char *p, struct seg *out)
{
	size_t n = 0;

	while (*p) {
		size_t len = strcspn(p, "/");

		if (len && !(len == 1 && *p == '.')) {
			if (out)
				out[n] = (struct seg){p, len};
			n++;
		}
		p += len;
		p += *p == '/';
	}
	return n;
}

static bool seg_is_globstar(const struct seg *g)
{
	return g->n == 2 && g->s[0] == '*' && g->s[1] == '*';
}

/* Components against components, "**" standing for any number of them. */
static bool segs_match(const struct seg *g, size_t ng, const struct seg *p, size_t np)
{
	size_t gi = 0, pi = 0, star_g = SIZE_MAX, star_p = 0;

	while (pi < np) {
		if (gi < ng && seg_is_globstar(&g[gi])) {
			star_g = ++gi;
			star_p = pi;
			continue;
		}
		if (gi < ng &&
		    glob_component_match(g[gi].s, g[gi].s + g[gi].n, p[pi].s, p[pi].s + p[pi].n)) {
			gi++;
			pi++;
			continue;
		}
		if (star_g == SIZE_MAX)
			return false;
		gi = star_g;
		pi = ++star_p;
	}
	while (gi < ng && seg_is_globstar(&g[gi]))
		gi++;
	return gi == ng;
}

/*
 * Whether glob matches path or a tail of it that starts after a '/': the
 * config does not know where the scan started, so a glob for everything under
 * legacy must match "legacy/x", "./legacy/x" and "repo/legacy/x" alike. A glob that starts
 * with '/' is matched against the whole (absolute) path only.
 */
static bool glob_match(const char *glob, const char *path)
{
	size_t ng = segs_split(glob, NULL), np = segs_split(path, NULL);
	struct seg *g, *p;
	bool hit = false, globstar = false;

	if (!ng || !np)
		return false;
	g = vakt_xmalloc((ng + np) * sizeof(*g));
	p = g + ng;
	segs_split(glob, g);
	segs_split(path, p);
	for (size_t i = 0; i < ng && !globstar; i++)
		globstar = seg_is_globstar(&g[i]);
	if (glob[0] == '/')
		hit = path[0] == '/' && segs_match(g, ng, p, np);
	else if (!globstar)
		hit = np >= ng && segs_match(g, ng, p + np - ng, ng); /* only one tail fits */
	else if (seg_is_globstar(&g[0]))
		hit = segs_match(g, ng, p, np); /* a leading "**" covers every tail */
	else
		for (size_t i = 0; i < np && !hit; i++)
			hit = segs_match(g, ng, p + i, np - i);
	free(g);
	return hit;
}

static bool globs_match(const struct vakt_strv *globs, const char *path)
{
	for (size_t i = 0; i < globs->n; i++)
		if (glob_match(globs->v[i], path))
			return true;
	return false;
}

/*
 * One part of an object path against one part of an object glob: '*' any
 * run, '?' one byte, everything else literal ("container[app]" has brackets)
 * and ASCII case-insensitive. Greedy with one backtrack point: O(g * s).
 */
static bool object_part_match(const char *g, size_t gn, const char *s, size_t sn)
{
	size_t gi = 0, si = 0, star_g = SIZE_MAX, star_s = 0;

	while (si < sn) {
		if (gi < gn && g[gi] == '*') {
			star_g = ++gi;
			star_s = si;
			continue;
		}
		if (gi < gn && (g[gi] == '?' || !vakt_strncasecmp(g + gi, s + si, 1))) {
			gi++;
			si++;
			continue;
		}
		if (star_g == SIZE_MAX)
			return false;
		gi = star_g;
		si = ++star_s;
	}
	while (gi < gn && g[gi] == '*')
		gi++;
	return gi == gn;
}

/*
 * Whether glob matches object part by part, the glob possibly shorter: an
 * object's pattern covers its containers too ("Deployment/shop/web" matches
 * "Deployment/shop/web/container[app]").
 */
static bool object_glob_match(const char *glob, const char *object)
{
	const char *g = glob, *o = object;

	for (;;) {
		size_t gn = strcspn(g, "/"), on = strcspn(o, "/");

		if (!object_part_match(g, gn, o, on))
			return false;
		g += gn;
		o += on;
		if (!*g)
			return true;
		if (!*o)
			return false;
		g++;
		o++;
	}
}

static bool object_globs_match(const struct vakt_strv *globs, const char *object)
{
	for (size_t i = 0; i < globs->n; i++)
		if (object_glob_match(globs->v[i], object))
			return true;
	return false;
}

bool vakt_config_ignores_object(const struct vakt_config *c, const struct vakt_rule *rule,
                                const char *file, const char *object, const char **reason)
{
	if (!c || !rule)
		return false;
	for (size_t i = 0; i < c->n_ignores; i++) {
		const struct vakt_config_ignore *e = &c->ignores[i];

		if (!vakt_rule_matches(rule, e->rule))
			continue;
		if (e->paths.n && !(file && globs_match(&e->paths, file)))
			continue;
		if (e->objects.n && !(object && object_globs_match(&e->objects, object)))
			continue;
		if (reason)
			*reason = e->reason;
		return true;
	}
	return false;
}

bool vakt_config_ignores(const struct vakt_config *c, const struct vakt_rule *rule,
                         const char *file, const char **reason)
{
	return vakt_config_ignores_object(c, rule, file, NULL, reason);
}

enum vakt_severity vakt_config_severity(const struct vakt_config *c, const struct vakt_rule *rule)
{
	for (size_t i = c ? c->n_overrides : 0; i-- > 0;)
		if (vakt_rule_matches(rule, c->overrides[i].rule))
			return c->overrides[i].severity;
	return rule->severity;
}

bool vakt_config_excludes(const struct vakt_config *c, const char *path)
{
	return c && path && globs_match(&c->exclude, path);
}
