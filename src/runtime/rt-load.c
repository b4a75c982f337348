/* SPDX-License-Identifier: MIT */
/*
 * Rules files into collected items, as Falco's rule loader reads them: a
 * YAML sequence of list, macro, rule, required_engine_version and
 * required_plugin_versions items, later definitions redefining earlier ones
 * or appending to them (append: true, override: {key: append|replace}).
 * Unlike Falco, a bad item is reported and skipped: the rest still loads.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "core/source.h"
#include "rt-load.h"

const char *const rt_okey_names[RT_OK_COUNT] = {
    [RT_OK_CONDITION] = "condition",
    [RT_OK_OUTPUT] = "output",
    [RT_OK_DESC] = "desc",
    [RT_OK_PRIORITY] = "priority",
    [RT_OK_TAGS] = "tags",
    [RT_OK_EXCEPTIONS] = "exceptions",
    [RT_OK_ENABLED] = "enabled",
    [RT_OK_WARN_EVTTYPES] = "warn_evttypes",
    [RT_OK_SKIP_UNKNOWN] = "skip-if-unknown-filter",
    [RT_OK_CAPTURE] = "capture",
    [RT_OK_CAPTURE_DURATION] = "capture_duration",
    [RT_OK_ITEMS] = "items",
};

struct rt_pos rt_lpos(const struct rt_lctx *lc, const struct vakt_yaml_node *n)
{
	return (struct rt_pos){.file = lc->f, .line = n ? n->line : 0, .col = n ? n->col : 0};
}

void rt_lerr(const struct rt_lctx *lc, enum rt_diag_code code, const struct vakt_yaml_node *at,
             const char *fmt, ...)
{
	struct rt_pos pos = rt_lpos(lc, at);
	va_list ap;

	va_start(ap, fmt);
	rt_diags_addv(&lc->rs->diags, false, code, &pos, lc->kind, lc->name, fmt, ap);
	va_end(ap);
}

void rt_lwarn(const struct rt_lctx *lc, enum rt_diag_code code, const struct vakt_yaml_node *at,
              const char *fmt, ...)
{
	struct rt_pos pos = rt_lpos(lc, at);
	va_list ap;

	va_start(ap, fmt);
	rt_diags_addv(&lc->rs->diags, true, code, &pos, lc->kind, lc->name, fmt, ap);
	va_end(ap);
}

bool rt_lkeys(const struct rt_lctx *lc, const struct vakt_yaml_node *map,
              const char *const *allowed)
{
	bool ok = true;

	for (size_t i = 0; i < map->n; i++) {
		const struct vakt_yaml_node *k = map->pairs[i].key;
		const char *ks = vakt_yaml_str(k);
		bool known = false;

		for (const char *const *a = allowed; ks && *a && !known; a++)
			known = !strcmp(*a, ks);
		if (!known) {
			rt_lerr(lc, RT_LOAD_ERR_YAML_VALIDATE, k, "unknown key '%s'",
			        ks ? ks : "(not a scalar)");
			ok = false;
		}
	}
	return ok;
}

bool rt_lstr(const struct rt_lctx *lc, const struct vakt_yaml_node *map, const char *key,
             bool required, const struct vakt_yaml_node **out)
{
	const struct vakt_yaml_pair *p = vakt_yaml_get_pair(map, key);

	*out = NULL;
	if (!p) {
		if (required)
			rt_lerr(lc, RT_LOAD_ERR_YAML_VALIDATE, map, "missing key '%s'", key);
		return !required;
	}
	if (vakt_yaml_is_null(p->value) || (p->value->kind == VAKT_YAML_SCALAR && !p->value->len)) {
		rt_lerr(lc, RT_LOAD_ERR_YAML_VALIDATE, p->value, "key '%s' is empty", key);
		return false;
	}
	if (p->value->kind != VAKT_YAML_SCALAR) {
		rt_lerr(lc, RT_LOAD_ERR_YAML_VALIDATE, p->value, "key '%s' must be a scalar", key);
		return false;
	}
	*out = p->value;
	return true;
}

bool rt_lbool(const struct rt_lctx *lc, const struct vakt_yaml_node *map, const char *key,
              bool *out)
{
	const struct vakt_yaml_node *v = vakt_yaml_get(map, key);

	if (!v)
		return true;
	if (!vakt_yaml_bool(v, out)) {
		rt_lerr(lc, RT_LOAD_ERR_YAML_VALIDATE, v, "key '%s' must be true or false", key);
		return false;
	}
	return true;
}

bool rt_loverride(const struct rt_lctx *lc, const struct vakt_yaml_node *map, unsigned appendable,
                  unsigned replaceable, unsigned *append, unsigned *replace)
{
	const struct vakt_yaml_node *o = vakt_yaml_get(map, "override");
	bool ok = true;

	*append = *replace = 0;
	if (!o)
		return true;
	if (!vakt_yaml_is_map(o)) {
		rt_lerr(lc, RT_LOAD_ERR_YAML_VALIDATE, o, "key 'override' must be a mapping");
		return false;
	}
	for (size_t i = 0; i < o->n; i++) {
		const char *k = vakt_yaml_str(o->pairs[i].key),
		           *v = vakt_yaml_str(o->pairs[i].value);
		int key = -1;

		for (int j = 0; k && j < RT_OK_COUNT; j++)
			if (!strcmp(rt_okey_names[j], k))
				key = j;
		if (key < 0 || !((appendable | replaceable) & (1u << key))) {
			rt_lerr(lc, RT_LOAD_ERR_YAML_VALIDATE, o->pairs[i].key,
			        "key '%s' cannot be overridden", k ? k : "?");
			ok = false;
			continue;
		}
		if ((*append | *replace) & (1u << key)) {
			rt_lerr(
			    lc, RT_LOAD_ERR_YAML_VALIDATE, o->pairs[i].key,
			    "key '%s' is overridden twice: it cannot be both appended and replaced",
			    k);
			ok = false;
		} else if (v && !strcmp(v, "append")) {
			if (!(appendable & (1u << key))) {
				rt_lerr(lc, RT_LOAD_ERR_YAML_VALIDATE, o->pairs[i].value,
				        "key '%s' cannot be appended to, use 'replace' instead", k);
				ok = false;
			}
			*append |= 1u << key;
		} else if (v && !strcmp(v, "replace")) {
			if (!(replaceable & (1u << key))) {
				rt_lerr(lc, RT_LOAD_ERR_YAML_VALIDATE, o->pairs[i].value,
				        "key '%s' cannot be replaced", k);
				ok = false;
			}
			*replace |= 1u << key;
		} else {
			rt_lerr(lc, RT_LOAD_ERR_YAML_VALIDATE, o->pairs[i].value,
			        "invalid override operation for key '%s': '%s' (expected %s)", k,
			        v ? v : "?",
			        (appendable & replaceable & (1u << key)) ? "append or replace"
			        : (appendable & (1u << key))             ? "append"
			                                                 : "replace");
			ok = false;
		}
	}
	return ok;
}

static bool item_count_ok(struct rt_lctx *lc, const struct vakt_yaml_node *at)
{
	if (lc->rs->n_lists + lc->rs->n_macros + lc->rs->n_rules + lc->rs->n_skipped < RT_MAX_ITEMS)
		return true;
	rt_lerr(lc, RT_LOAD_ERR_TOO_LARGE, at,
	        "too many items: more than %d lists, macros and rules", RT_MAX_ITEMS);
	return false;
}

/* [^()"' \t\n\r=,]+ : a list's name must be a bare string of the condition language. */
static bool bare_name(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (strchr("()\"' \t\n\r=,", *s))
			return false;
	return true;
}

static bool ident_name(const char *s)
{
	if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z')))
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || *s == '_'))
			return false;
	return true;
}

static void list_add_items(struct rt_lctx *lc, struct rt_list_def *l,
                           const struct vakt_yaml_node *items)
{
	for (size_t i = 0; i < items->n; i++) {
		const struct vakt_yaml_node *it = items->items[i];

		if (l->n_items >= RT_MAX_LIST_ITEMS) {
			rt_lerr(lc, RT_LOAD_ERR_TOO_LARGE, it, "list too large: more than %d items",
			        RT_MAX_LIST_ITEMS);
			return;
		}
		if (l->n_items == l->cap) {
			l->cap = l->cap ? l->cap * 2 : 8;
			l->items = vakt_xrealloc(l->items, l->cap * sizeof(*l->items));
			l->item_pos = vakt_xrealloc(l->item_pos, l->cap * sizeof(*l->item_pos));
		}
		l->items[l->n_items] = vakt_xstrndup(it->str, it->len);
		l->item_pos[l->n_items++] = rt_lpos(lc, it);
	}
}

static void load_list(struct rt_lctx *lc, const struct vakt_yaml_node *map)
{
	static const char *const keys[] = {"list", "items", "append", "override", NULL};
	const struct vakt_yaml_node *name, *items;
	struct rt_ruleset *rs = lc->rs;
	unsigned app, rep;
	bool append = false;
	size_t idx;
	struct rt_list_def *l;

	lc->kind = "list";
	if (!rt_lstr(lc, map, "list", true, &name))
		return;
	lc->name = name->str;
	if (!bare_name(name->str)) {
		rt_lerr(
		    lc, RT_LOAD_ERR_VALIDATE, name,
		    "list name must be a bare string of the condition language (no blanks, quotes, "
		    "parentheses, ',' or '=')");
		return;
	}
	if (!rt_lkeys(lc, map, keys) || !rt_lbool(lc, map, "append", &append) ||
	    !rt_loverride(lc, map, 1u << RT_OK_ITEMS, 1u << RT_OK_ITEMS, &app, &rep))
		return;
	items = vakt_yaml_get(map, "items");
	if (!items) {
		rt_lerr(lc, RT_LOAD_ERR_YAML_VALIDATE, map, "missing key 'items'");
		return;
	}
	if (!vakt_yaml_is_seq(items) && !vakt_yaml_is_null(items)) {
		rt_lerr(lc, RT_LOAD_ERR_YAML_VALIDATE, items, "key 'items' must be a sequence");
		return;
	}
	for (size_t i = 0; vakt_yaml_is_seq(items) && i < items->n; i++) {
		if (items->items[i]->kind != VAKT_YAML_SCALAR) {
			rt_lerr(lc, RT_LOAD_ERR_YAML_VALIDATE, items->items[i],
			        "list items must be scalars");
			return;
		}
	}
	if (append)
		rt_lwarn(lc, RT_LOAD_DEPRECATED_ITEM, map,
		         "'append: true' is deprecated; use 'override: {items: append}'");
	if (append && (app | rep)) {
		rt_lerr(lc, RT_LOAD_ERR_VALIDATE, map,
		        "keys 'append' and 'override' cannot be used together");
		return;
	}
	append |= (app & (1u << RT_OK_ITEMS)) != 0;
	if (rt_strmap_get(&rs->list_names, name->str, &idx)) {
		l = rs->lists[idx];
		if (!append) {
			for (size_t i = 0; i < l->n_items; i++)
				free(l->items[i]);
			l->n_items = 0;
			l->pos = rt_lpos(lc, map);
		}
		l->visibility = rs->next_index++;
	} else {
		if (append) {
			rt_lerr(
			    lc, RT_LOAD_ERR_VALIDATE, map,
			    "list uses 'append' or 'override: {items: append}' but no list by that "
			    "name is defined before");
			return;
		}
		if (!item_count_ok(lc, map))
			return;
		l = vakt_xcalloc(1, sizeof(*l));
		l->name = vakt_xstrdup(name->str);
		l->pos = rt_lpos(lc, map);
		l->index = l->visibility = rs->next_index++;
		rs->lists = vakt_xrealloc(rs->lists, (rs->n_lists + 1) * sizeof(*rs->lists));
		rt_strmap_put(&rs->list_names, l->name, rs->n_lists);
		rs->lists[rs->n_lists++] = l;
	}
	if (vakt_yaml_is_seq(items))
		list_add_items(lc, l, items);
}

static void load_macro(struct rt_lctx *lc, const struct vakt_yaml_node *map)
{
	static const char *const keys[] = {"macro", "condition", "append", "override", NULL};
	const struct vakt_yaml_node *name, *cond;
	struct rt_ruleset *rs = lc->rs;
	unsigned app, rep;
	bool append = false;
	size_t idx;
	struct rt_macro_def *m;

	lc->kind = "macro";
	if (!rt_lstr(lc, map, "macro", true, &name))
		return;
	lc->name = name->str;
	if (!ident_name(name->str)) {
		rt_lerr(lc, RT_LOAD_ERR_VALIDATE, name,
		        "macro name must be an identifier ([a-zA-Z][a-zA-Z0-9_]*)");
		return;
	}
	if (!rt_lkeys(lc, map, keys) || !rt_lstr(lc, map, "condition", true, &cond) ||
	    !rt_lbool(lc, map, "append", &append) ||
	    !rt_loverride(lc, map, 1u << RT_OK_CONDITION, 1u << RT_OK_CONDITION, &app, &rep))
		return;
	if (append)
		rt_lwarn(lc, RT_LOAD_DEPRECATED_ITEM, map,
		         "'append: true' is deprecated; use 'override: {condition: append}'");
	if (append && (app | rep)) {
		rt_lerr(lc, RT_LOAD_ERR_VALIDATE, map,
		        "keys 'append' and 'override' cannot be used together");
		return;
	}
	append |= (app & (1u << RT_OK_CONDITION)) != 0;
	if (rt_strmap_get(&rs->macro_names, name->str, &idx)) {
		m = rs->macros[idx];
		if (!append) {
			rt_text_release(&m->cond);
			m->pos = rt_lpos(lc, map);
		}
		m->visibility = rs->next_index++;
	} else {
		if (append) {
			rt_lerr(lc, RT_LOAD_ERR_VALIDATE, map,
			        "macro uses 'append' or 'override: {condition: append}' but no "
			        "macro by "
			        "that name is defined before");
			return;
		}
		if (!item_count_ok(lc, map))
			return;
		m = vakt_xcalloc(1, sizeof(*m));
		m->name = vakt_xstrdup(name->str);
		m->pos = rt_lpos(lc, map);
		m->index = m->visibility = rs->next_index++;
		rs->macros = vakt_xrealloc(rs->macros, (rs->n_macros + 1) * sizeof(*rs->macros));
		rt_strmap_put(&rs->macro_names, m->name, rs->n_macros);
		rs->macros[rs->n_macros++] = m;
	}
	rt_text_append(&m->cond, " ", cond->str, cond->len, lc->f, cond->line, cond->col);
}

/* "0.57.0" into three numbers; an integer N (older files) is 0.N.0. */
static bool parse_semver(const char *s, unsigned long v[3])
{
	char *end;
	const char *p = s;

	for (int i = 0; i < 3; i++) {
		if (*p < '0' || *p > '9')
			return false;
		v[i] = strtoul(p, &end, 10);
		p = end;
		if (i < 2 && *p++ != '.')
			return false;
	}
	return *p == '\0';
}

static void load_engine_version(struct rt_lctx *lc, const struct vakt_yaml_node *map)
{
	static const char *const keys[] = {"required_engine_version", NULL};
	const struct vakt_yaml_node *v;
	/* have is set from a constant parse_semver() reads whole, which the analyser cannot see. */
	unsigned long want[3], have[3] = {0};
	long long n;

	lc->kind = "required_engine_version";
	if (!rt_lkeys(lc, map, keys) || !rt_lstr(lc, map, "required_engine_version", true, &v))
		return;
	if (vakt_yaml_int(v, &n) && n >= 0) {
		want[0] = 0;
		want[1] = (unsigned long)n;
		want[2] = 0;
	} else if (!parse_semver(v->str, want)) {
		rt_lerr(
		    lc, RT_LOAD_ERR_VALIDATE, v,
		    "unable to parse engine version '%s' as a semver string (expected \"x.y.z\")",
		    v->str);
		return;
	}
	parse_semver(RT_ENGINE_VERSION, have);
	for (int i = 0; i < 3; i++) {
		if (want[i] != have[i]) {
			if (want[i] > have[i])
				rt_lerr(
				    lc, RT_LOAD_ERR_VALIDATE, v,
				    "rules require engine version %lu.%lu.%lu, but vakt implements "
				    "%s",
				    want[0], want[1], want[2], RT_ENGINE_VERSION);
			return;
		}
	}
}

/* vakt provides the container plugin's fields itself. */
static bool plugin_provided(const char *name)
{
	return !strcmp(name, "container");
}

static void load_plugin_versions(struct rt_lctx *lc, const struct vakt_yaml_node *map)
{
	static const char *const keys[] = {"required_plugin_versions", NULL};
	static const char *const pkeys[] = {"name", "version", "alternatives", NULL};
	static const char *const akeys[] = {"name", "version", NULL};
	const struct vakt_yaml_node *seq = vakt_yaml_get(map, "required_plugin_versions");

	lc->kind = "required_plugin_versions";
	if (!rt_lkeys(lc, map, keys))
		return;
	if (!vakt_yaml_is_seq(seq)) {
		rt_lerr(lc, RT_LOAD_ERR_YAML_VALIDATE, seq ? seq : map,
		        "value of required_plugin_versions must be a sequence");
		return;
	}
	for (size_t i = 0; i < seq->n; i++) {
		const struct vakt_yaml_node *p = seq->items[i], *name, *ver, *alts;
		bool met;

		if (!vakt_yaml_is_map(p)) {
			rt_lerr(lc, RT_LOAD_ERR_YAML_VALIDATE, p,
			        "plugin version must be a mapping");
			continue;
		}
		if (!rt_lkeys(lc, p, pkeys) || !rt_lstr(lc, p, "name", true, &name) ||
		    !rt_lstr(lc, p, "version", true, &ver))
			continue;
		met = plugin_provided(name->str);
		alts = vakt_yaml_get(p, "alternatives");
		if (alts && !vakt_yaml_is_seq(alts)) {
			rt_lerr(lc, RT_LOAD_ERR_YAML_VALIDATE, alts,
			        "value of plugin version alternatives must be a sequence");
			continue;
		}
		for (size_t k = 0; alts && k < alts->n; k++) {
			const struct vakt_yaml_node *a = alts->items[k], *an, *av;

			if (!vakt_yaml_is_map(a)) {
				rt_lerr(lc, RT_LOAD_ERR_YAML_VALIDATE, a,
				        "plugin version alternative must be a mapping");
				continue;
			}
			if (rt_lkeys(lc, a, akeys) && rt_lstr(lc, a, "name", true, &an) &&
			    rt_lstr(lc, a, "version", true, &av))
				met |= plugin_provided(an->str);
		}
		if (!met)
			rt_lwarn(
			    lc, RT_LOAD_UNKNOWN_PLUGIN, p,
			    "plugin '%s' (version %s) is required but vakt does not provide it: "
			    "rules using its fields or source will not load",
			    name->str, ver->str);
	}
}

static void load_item(struct rt_ruleset *rs, struct rt_file *f, const struct vakt_yaml_node *it)
{
	struct rt_lctx lc = {.rs = rs, .f = f};

	if (vakt_yaml_is_null(it))
		return;
	if (!vakt_yaml_is_map(it)) {
		lc.kind = "item";
		rt_lerr(&lc, RT_LOAD_ERR_YAML_VALIDATE, it,
		        "unexpected element type: each element should be a mapping");
		return;
	}
	if (vakt_yaml_get_pair(it, "required_engine_version"))
		load_engine_version(&lc, it);
	else if (vakt_yaml_get_pair(it, "required_plugin_versions"))
		load_plugin_versions(&lc, it);
	else if (vakt_yaml_get_pair(it, "list"))
		load_list(&lc, it);
	else if (vakt_yaml_get_pair(it, "macro"))
		load_macro(&lc, it);
	else if (vakt_yaml_get_pair(it, "rule"))
		rt_load_rule(&lc, it);
	else {
		lc.kind = "item";
		rt_lwarn(&lc, RT_LOAD_UNKNOWN_ITEM, it, "unknown top level item");
	}
}

void rt_load_text(struct rt_ruleset *rs, struct rt_file *f)
{
	struct vakt_yaml_stream *st = NULL;
	struct vakt_error *err = NULL;
	struct rt_pos at = {.file = f};

	if (f->len > RT_MAX_FILE_BYTES) {
		rt_diags_add(&rs->diags, false, RT_LOAD_ERR_TOO_LARGE, &at, NULL, NULL,
		             "rules file too large: %zu bytes (at most %u)", f->len,
		             RT_MAX_FILE_BYTES);
		return;
	}
	if (vakt_yaml_parse(f->path, f->data, f->len, &st, &err) < 0) {
		at.line = err->line;
		at.col = err->column;
		rt_diags_add(&rs->diags, false, RT_LOAD_ERR_YAML_PARSE, &at, NULL, NULL, "%s",
		             err->msg);
		vakt_error_free(err);
		err = NULL;
	}
	for (size_t d = 0; st && d < st->n_docs; d++) {
		const struct vakt_yaml_node *root = st->docs[d].root;

		if (!root || vakt_yaml_is_null(root))
			continue;
		if (!vakt_yaml_is_seq(root)) {
			at.line = root->line;
			at.col = root->col;
			rt_diags_add(&rs->diags, false, RT_LOAD_ERR_YAML_VALIDATE, &at, NULL, NULL,
			             "rules content is not a YAML sequence of items");
			continue;
		}
		for (size_t i = 0; i < root->n; i++)
			load_item(rs, f, root->items[i]);
	}
	vakt_yaml_free(st);
}
