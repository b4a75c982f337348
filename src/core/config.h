/* SPDX-License-Identifier: MIT */
#ifndef VAKT_CONFIG_H
#define VAKT_CONFIG_H

/*
 * .vakt.yaml: the project's policy. Found upward from the scanned path, or
 * named with --config. Schema in docs/configuration.md.
 */

#include <stdbool.h>

#include "error.h"
#include "limits.h"
#include "rule.h"
#include "severity.h"

#define VAKT_CONFIG_NAME      ".vakt.yaml"
#define VAKT_CONFIG_MAX_BYTES (1u * 1024 * 1024)
/* Deepest nesting of lists and mappings (the schema itself needs 4). */
#define VAKT_CONFIG_MAX_DEPTH 32
/* Most alias uses (`*name`) in one file. */
#define VAKT_CONFIG_MAX_ALIASES 64
/* Most values (scalars, lists, mappings) after expanding aliases (billion laughs). */
#define VAKT_CONFIG_MAX_NODES 10000
/* Longest string value or key, in bytes. */
#define VAKT_CONFIG_MAX_STRING 1024

/*
 * Most parts of an `objects` glob in an ignore entry: an object path is
 * Kind/namespace/name/container[name] at most.
 */
#define VAKT_CONFIG_MAX_OBJECT_PARTS 4

/*
 * An ignore entry: a rule (id, slug or peer alias), optionally limited to
 * paths and to objects (both must match when both are given).
 */
struct vakt_config_ignore {
	/* owned; a rule name, or with `id` a finding's own id (an advisory: CVE-2024-3094) */
	char *rule;
	bool id;
	struct vakt_strv paths; /* fnmatch globs; empty = everywhere */
	/* Globs over object paths (Kind/namespace/name[/container[x]]); empty = any. */
	struct vakt_strv objects;
	char *reason;     /* owned, may be NULL */
	int line;         /* where it is written in the config file */
	char expires[11]; /* "YYYY-MM-DD" (ignores through that day, UTC), "" for never */
	bool expired;     /* the date has passed: the entry ignores nothing, and says so */
};

struct vakt_config_override {
	char *rule; /* owned */
	enum vakt_severity severity;
	int line;
};

struct vakt_config {
	char *origin; /* owned; the file read, NULL for the built-in defaults */
	struct vakt_config_ignore *ignores;
	size_t n_ignores;
	struct vakt_config_override *overrides;
	size_t n_overrides;
	struct vakt_strv trusted_registries; /* "registry.example.com", "*.gcr.io", "*" */
	struct vakt_strv allowed_images;     /* fnmatch patterns over normalised refs */
	struct vakt_strv exclude;            /* fnmatch globs over paths */
	bool has_fail_on;
	enum vakt_severity fail_on;
	/* pss: LEVEL[:VERSION] as written (owned, NULL when absent); checked where used. */
	char *pss;
	int pss_line;
	/* residency: (src/knowledge/residency.h) */
	struct vakt_strv allowed_regions; /* entries as written: eea, country:GB, aws:eu-*, ... */
	bool has_allowed_regions;         /* false: the default, the EEA only */
	struct vakt_strv exempt_images;   /* image patterns RS001 does not report */
	struct vakt_limits limits;        /* limits: (only those set count) */
	/* fix: the choices vakt fix makes (core/fix.h) */
	bool has_fix_uid;
	long fix_uid; /* fix.uid: the UID a USER fix uses */
	/* fix.images: image reference as written -> the reference pinned by digest */
	struct vakt_strv fix_image_from, fix_image_to;
	/*
	 * fix.resources: the quantities a resources fix writes (NULL: not
	 * configured, that resource is not fixed); [0] limits, [1] requests.
	 */
	char *fix_cpu[2], *fix_memory[2];
	/* fix.pss: the enforce level a namespace label fix writes (NULL: baseline). */
	char *fix_pss;
};

/* A config with nothing set. The caller owns it (vakt_config_free()). */
struct vakt_config *vakt_config_new(void);
/*
 * Parse the YAML file at path. On success the caller owns *out. Errors name
 * the file, line and column and what was expected, e.g.
 * "'.vakt.yaml':4:3: unknown key 'ignroe' (expected one of ignore, severity, ...)".
 */
int vakt_config_load(const char *path, struct vakt_config **out, struct vakt_error **err);
/* Same, from memory (path only names it in errors). */
int vakt_config_parse(const char *path, const char *data, size_t len, struct vakt_config **out,
                      struct vakt_error **err);
/*
 * Look for .vakt.yaml in start (a file's directory or a directory) and its
 * parents. Returns a new path the caller owns, or NULL when there is none.
 */
char *vakt_config_find(const char *start);
/*
 * The configuration a command runs under, as its --config FILE and
 * --no-config options choose: the file path when given (not NULL), else
 * .vakt.yaml found upward from start (vakt_config_find()) unless
 * no_config, else the built-in defaults (vakt_config_new()). On success the
 * caller owns *out; on failure *err says why, as vakt_config_load() does.
 */
int vakt_config_open(const char *path, bool no_config, const char *start, struct vakt_config **out,
                     struct vakt_error **err);
void vakt_config_free(struct vakt_config *c);

/*
 * Why one `residency.allowed-regions` entry is not valid, as a message the
 * caller owns, or NULL when it is. Telling needs the region table, which is
 * knowledge, not engine: the function is src/knowledge/residency.c's and
 * documented in residency.h. Core states the contract here, and the link
 * joins the two, as registry.c lists the rule tables of the floors above:
 * core includes no header from above it, and a bad entry is still an error
 * at its line and column in .vakt.yaml.
 */
char *vakt_residency_pattern_error(const char *pattern);

/*
 * The first entry that ignores a finding of rule (by id, slug or alias)
 * reporting facets (struct vakt_finding.facets; 0: the whole rule) in file
 * about object (its object path, "Deployment/shop/web/container[app]"; NULL
 * for none: entries with `objects` globs then do not match), or NULL. A
 * peer's alias that checks only some facets of the rule
 * (kube-linter:unset-cpu-requirements) matches only findings of those.
 * Expired entries match nothing. Borrowed from c.
 */
const struct vakt_config_ignore *vakt_config_ignore_match(const struct vakt_config *c,
                                                          const struct vakt_rule *rule,
                                                          unsigned facets, const char *file,
                                                          const char *object);
/*
 * The first entry naming an advisory id (struct vakt_config_ignore.id) that
 * is x's id or one of its aliases (vakt_finding_ext_has_id()), for a finding
 * in file about object, as vakt_config_ignore_match() judges paths and
 * objects; or NULL (also when x is NULL or has no id). Borrowed from c.
 */
struct vakt_finding_ext;
const struct vakt_config_ignore *vakt_config_ignore_match_id(const struct vakt_config *c,
                                                             const struct vakt_finding_ext *x,
                                                             const char *file, const char *object);
/*
 * Whether the whole rule is ignored (by id, slug or alias) for a finding in
 * file without an object path: entries limited to `objects` do not match. Sets
 * *reason (borrowed; may be NULL).
 */
bool vakt_config_ignores(const struct vakt_config *c, const struct vakt_rule *rule,
                         const char *file, const char **reason);
/*
 * The same for a finding about object (its object path,
 * "Deployment/shop/web/container[app]"; NULL for none), which entries with
 * `objects` globs must match.
 */
bool vakt_config_ignores_object(const struct vakt_config *c, const struct vakt_rule *rule,
                                const char *file, const char *object, const char **reason);
/* The overridden severity of rule, or its default. */
enum vakt_severity vakt_config_severity(const struct vakt_config *c, const struct vakt_rule *rule);
/* Whether path matches an `exclude` glob (matched against the path and each suffix after '/'). */
bool vakt_config_excludes(const struct vakt_config *c, const char *path);

#endif
