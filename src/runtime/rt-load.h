/* SPDX-License-Identifier: MIT */
#ifndef VAKT_RT_LOAD_H
#define VAKT_RT_LOAD_H

/* What the loader's two files share: the item being read and its YAML helpers. */

#include "core/yaml.h"
#include "rt-lang.h"

struct rt_lctx {
	struct rt_ruleset *rs;
	struct rt_file *f;
	const char *kind; /* "rule", "macro", "list", ... */
	const char *name; /* NULL until known */
};

/* Keys of override maps and what they may do. */
enum rt_okey {
	RT_OK_CONDITION,
	RT_OK_OUTPUT,
	RT_OK_DESC,
	RT_OK_PRIORITY,
	RT_OK_TAGS,
	RT_OK_EXCEPTIONS,
	RT_OK_ENABLED,
	RT_OK_WARN_EVTTYPES,
	RT_OK_SKIP_UNKNOWN,
	RT_OK_CAPTURE,
	RT_OK_CAPTURE_DURATION,
	RT_OK_ITEMS,
	RT_OK_COUNT
};

extern const char *const rt_okey_names[RT_OK_COUNT];

struct rt_pos rt_lpos(const struct rt_lctx *lc, const struct vakt_yaml_node *n);
void rt_lerr(const struct rt_lctx *lc, enum rt_diag_code code, const struct vakt_yaml_node *at,
             const char *fmt, ...) VAKT_PRINTF(4, 5);
void rt_lwarn(const struct rt_lctx *lc, enum rt_diag_code code, const struct vakt_yaml_node *at,
              const char *fmt, ...) VAKT_PRINTF(4, 5);
/* Every key of map is in allowed (NULL-terminated); else an error for each other one. */
bool rt_lkeys(const struct rt_lctx *lc, const struct vakt_yaml_node *map,
              const char *const *allowed);
/* A non-empty scalar under key: missing (when required), empty or not a scalar is an error. */
bool rt_lstr(const struct rt_lctx *lc, const struct vakt_yaml_node *map, const char *key,
             bool required, const struct vakt_yaml_node **out);
bool rt_lbool(const struct rt_lctx *lc, const struct vakt_yaml_node *map, const char *key,
              bool *out);
/* The override map: masks of keys appended and replaced; false after an error. */
bool rt_loverride(const struct rt_lctx *lc, const struct vakt_yaml_node *map, unsigned appendable,
                  unsigned replaceable, unsigned *append, unsigned *replace);

/* rt-load-rule.c: one `rule` item. */
void rt_load_rule(struct rt_lctx *lc, const struct vakt_yaml_node *map);

#endif
