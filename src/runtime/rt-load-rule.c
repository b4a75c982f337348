/* SPDX-License-Identifier: MIT */
/*
 * `rule` items: a definition, a redefinition, an append (append: true or
 * override: {key: append}), a selective replace (override: {key:
 * replace}), or the deprecated lone `enabled`; and their exceptions in all
 * of Falco's forms (fields and comps lists with tuples of values, the
 * short form of one field, values that name lists).
 */
#include <string.h>

#include "rt-load.h"

#define BIT(k) (1u << (k))
#define APPENDABLE                                                                                 \
	(BIT(RT_OK_CONDITION) | BIT(RT_OK_OUTPUT) | BIT(RT_OK_DESC) | BIT(RT_OK_TAGS) |            \
	 BIT(RT_OK_EXCEPTIONS))
#define REPLACEABLE                                                                                \
	(APPENDABLE | BIT(RT_OK_PRIORITY) | BIT(RT_OK_ENABLED) | BIT(RT_OK_WARN_EVTTYPES) |        \
	 BIT(RT_OK_SKIP_UNKNOWN) | BIT(RT_OK_CAPTURE) | BIT(RT_OK_CAPTURE_DURATION))

static const char *const rule_keys[] = {"rule",
                                        "desc",
                                        "condition",
                                        "output",
                                        "priority",
                                        "tags",
                                        "enabled",
                                        "exceptions",
                                        "source",
                                        "warn_evttypes",
                                        "capture",
                                        "capture_duration",
                                        "skip-if-unknown-filter",
                                        "override",
                                        "append",
                                        NULL};

/* What one rule item says, before it is applied. */
struct item {
	const struct vakt_yaml_node *map, *cond, *output, *desc, *prio, *source;
	bool has_tags, has_enabled, enabled, warn_evttypes, skip_unknown, append;
	struct vakt_strv tags;
	enum rt_priority priority;
	struct rt_exception *exc;
	size_t n_exc;
	bool has_exc;
};

static void entry_release(struct rt_entry *e)
{
	for (size_t i = 0; i < e->n; i++)
		entry_release(&e->items[i]);
	free(e->items);
	free((char *)e->item);
	memset(e, 0, sizeof(*e));
}

void rt_exception_release(struct rt_exception *e)
{
	free(e->name);
	entry_release(&e->fields);
	entry_release(&e->comps);
	for (size_t i = 0; i < e->n_values; i++)
		entry_release(&e->values[i]);
	free(e->values);
	memset(e, 0, sizeof(*e));
}

/* A scalar, or a list of scalars (depth 1) or of such lists (depth 2). */
static bool read_entry(struct rt_lctx *lc, const struct vakt_yaml_node *n, int depth,
                       struct rt_entry *out)
{
	out->pos = rt_lpos(lc, n);
	if (n->kind == VAKT_YAML_SCALAR) {
		if (!n->len) {
			rt_lerr(lc, RT_LOAD_ERR_YAML_VALIDATE, n,
			        "exception value must be non-empty");
			return false;
		}
		out->item = vakt_xstrndup(n->str, n->len);
		return true;
	}
	if (n->kind != VAKT_YAML_SEQ || !depth) {
		rt_lerr(lc, RT_LOAD_ERR_YAML_VALIDATE, n,
		        "exception entries must be scalars or lists of scalars");
		return false;
	}
	out->is_list = true;
	out->items = vakt_xcalloc(n->n ? n->n : 1, sizeof(*out->items));
	for (size_t i = 0; i < n->n; i++) {
		/* A list that failed half-way is not counted in out->n: release it here. */
		if (!read_entry(lc, n->items[i], depth - 1, &out->items[out->n])) {
			entry_release(&out->items[out->n]);
			return false;
		}
		out->n++;
	}
	return true;
}

static bool read_exceptions(struct rt_lctx *lc, const struct vakt_yaml_node *map, bool appending,
                            struct item *it)
{
	static const char *const keys[] = {"name", "fields", "comps", "values", NULL};
	const struct vakt_yaml_node *exs = vakt_yaml_get(map, "exceptions");

	if (!exs)
		return true;
	it->has_exc = true;
	if (vakt_yaml_is_null(exs))
		return true;
	if (!vakt_yaml_is_seq(exs)) {
		rt_lerr(lc, RT_LOAD_ERR_YAML_VALIDATE, exs, "rule exceptions must be a sequence");
		return false;
	}
	it->exc = vakt_xcalloc(exs->n ? exs->n : 1, sizeof(*it->exc));
	for (size_t i = 0; i < exs->n; i++) {
		const struct vakt_yaml_node *ex = exs->items[i], *name, *v;
		struct rt_exception *e = &it->exc[it->n_exc];

		if (!vakt_yaml_is_map(ex)) {
			rt_lerr(lc, RT_LOAD_ERR_YAML_VALIDATE, ex,
			        "rule exception must be a mapping");
			return false;
		}
		if (!rt_lkeys(lc, ex, keys) || !rt_lstr(lc, ex, "name", true, &name))
			return false;
		for (size_t k = 0; k < it->n_exc; k++) {
			if (!strcmp(it->exc[k].name, name->str)) {
				rt_lerr(lc, RT_LOAD_ERR_VALIDATE, ex,
				        "exception names in the same rule must be unique: '%s' is "
				        "defined twice",
				        name->str);
				return false;
			}
		}
		e->name = vakt_xstrdup(name->str);
		e->pos = rt_lpos(lc, ex);
		it->n_exc++;
		if ((v = vakt_yaml_get(ex, "fields"))) {
			if (!read_entry(lc, v, 1, &e->fields))
				return false;
			e->has_fields = true;
		} else if (!appending) {
			rt_lerr(lc, RT_LOAD_ERR_YAML_VALIDATE, ex, "exception '%s' has no 'fields'",
			        name->str);
			return false;
		}
		if ((v = vakt_yaml_get(ex, "comps"))) {
			if (!read_entry(lc, v, 1, &e->comps))
				return false;
			e->has_comps = true;
		}
		v = vakt_yaml_get(ex, "values");
		if (v && !vakt_yaml_is_null(v)) {
			if (!vakt_yaml_is_seq(v)) {
				rt_lerr(lc, RT_LOAD_ERR_YAML_VALIDATE, v,
				        "rule exception values must be a sequence");
				return false;
			}
			e->values = vakt_xcalloc(v->n ? v->n : 1, sizeof(*e->values));
			for (size_t k = 0; k < v->n; k++) {
				if (!read_entry(lc, v->items[k], 2, &e->values[e->n_values])) {
					entry_release(&e->values[e->n_values]);
					return false;
				}
				e->n_values++;
			}
		} else if (appending) {
			rt_lwarn(lc, RT_LOAD_APPEND_NO_VALUES, ex,
			         "overriding or appending exception '%s' with no values",
			         name->str);
		}
	}
	return true;
}

static bool read_tags(struct rt_lctx *lc, const struct vakt_yaml_node *map, struct item *it)
{
	const struct vakt_yaml_node *t = vakt_yaml_get(map, "tags");

	if (!t)
		return true;
	it->has_tags = true;
	if (!vakt_yaml_is_seq(t)) {
		rt_lerr(lc, RT_LOAD_ERR_YAML_VALIDATE, t, "key 'tags' must be a sequence");
		return false;
	}
	for (size_t i = 0; i < t->n; i++) {
		if (t->items[i]->kind != VAKT_YAML_SCALAR) {
			rt_lerr(lc, RT_LOAD_ERR_YAML_VALIDATE, t->items[i], "tags must be scalars");
			return false;
		}
		vakt_strv_push(&it->tags, t->items[i]->str);
	}
	return true;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Falco keeps tags as a set: sorted, each once. */
static void tags_merge(struct vakt_strv *dst, struct vakt_strv *add)
{
	for (size_t i = 0; i < add->n; i++)
		if (!vakt_strv_contains(dst, add->v[i], false))
			vakt_strv_push(dst, add->v[i]);
	if (dst->n)
		qsort(dst->v, dst->n, sizeof(*dst->v), cmp_str);
}

static bool read_priority(struct rt_lctx *lc, struct item *it)
{
	if (!rt_priority_parse(it->prio->str, it->prio->len, &it->priority)) {
		rt_lerr(
		    lc, RT_LOAD_ERR_VALIDATE, it->prio,
		    "invalid priority '%s' (expected emergency, alert, critical, error, warning, "
		    "notice, informational or info, debug)",
		    it->prio->str);
		return false;
	}
	return true;
}

static void text_set(struct rt_text *t, struct rt_lctx *lc, const struct vakt_yaml_node *n,
                     bool append)
{
	if (!append)
		rt_text_release(t);
	rt_text_append(t, " ", n->str, n->len, lc->f, n->line, n->col);
}

static char *trimmed(const char *s, size_t n, size_t *off)
{
	size_t a = 0;

	while (a < n && (s[a] == ' ' || s[a] == '\t' || s[a] == '\n' || s[a] == '\r'))
		a++;
	while (n > a &&
	       (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' || s[n - 1] == '\r'))
		n--;
	*off = a;
	return vakt_xstrndup(s + a, n - a);
}

static void rule_sync_pub(struct rt_rule_def *r)
{
	r->pub.name = r->name;
	r->pub.desc = r->desc ? r->desc : "";
	r->pub.source = r->source;
	r->pub.tags = (const char *const *)r->tags.v;
	r->pub.n_tags = r->tags.n;
	r->pub.output = r->output.s ? r->output.s : "";
}

static void output_set(struct rt_rule_def *r, struct rt_lctx *lc, const struct vakt_yaml_node *n,
                       bool append)
{
	size_t off;
	char *t = trimmed(n->str, n->len, &off);

	/* Falco trims the output; the piece still starts at the scalar for positions. */
	if (!append)
		rt_text_release(&r->output);
	rt_text_append(&r->output, " ", t, strlen(t), lc->f, n->line, n->col);
	free(t);
}

static void desc_set(struct rt_rule_def *r, const struct vakt_yaml_node *n, bool append)
{
	if (append && r->desc) {
		char *d = vakt_xasprintf("%s %s", r->desc, n->str);

		free(r->desc);
		r->desc = d;
	} else {
		free(r->desc);
		r->desc = vakt_xstrdup(n->str);
	}
}

/* Exceptions appended: values added to those of the same name, new ones added. */
static bool exceptions_append(struct rt_lctx *lc, struct rt_rule_def *r, struct item *it)
{
	for (size_t i = 0; i < it->n_exc; i++) {
		struct rt_exception *e = &it->exc[i], *prev = NULL;

		for (size_t k = 0; k < r->n_exc && !prev; k++)
			if (!strcmp(r->exc[k].name, e->name))
				prev = &r->exc[k];
		if (prev) {
			if (e->has_fields || e->has_comps) {
				struct rt_pos p = e->pos;

				rt_diags_add(
				    &lc->rs->diags, false, RT_LOAD_ERR_VALIDATE, &p, lc->kind,
				    lc->name,
				    "cannot append fields or comps to existing exception '%s', "
				    "only values",
				    e->name);
				return false;
			}
			prev->values =
			    vakt_xrealloc(prev->values, (prev->n_values + e->n_values + 1) *
			                                    sizeof(*prev->values));
			memcpy(prev->values + prev->n_values, e->values,
			       e->n_values * sizeof(*e->values));
			prev->n_values += e->n_values;
			free(e->values);
			e->values = NULL;
			e->n_values = 0;
			continue;
		}
		if (!e->has_fields) {
			struct rt_pos p = e->pos;

			rt_diags_add(&lc->rs->diags, false, RT_LOAD_ERR_VALIDATE, &p, lc->kind,
			             lc->name, "new exception '%s' must have 'fields'", e->name);
			return false;
		}
		r->exc = vakt_grow(r->exc, sizeof(*r->exc), r->n_exc + 1, &r->exc_cap);
		r->exc[r->n_exc++] = *e;
		memset(e, 0, sizeof(*e));
	}
	return true;
}

static void exceptions_replace(struct rt_rule_def *r, struct item *it)
{
	for (size_t k = 0; k < r->n_exc; k++)
		rt_exception_release(&r->exc[k]);
	r->n_exc = 0;
	for (size_t i = 0; i < it->n_exc; i++) {
		r->exc = vakt_grow(r->exc, sizeof(*r->exc), r->n_exc + 1, &r->exc_cap);
		r->exc[r->n_exc++] = it->exc[i];
		memset(&it->exc[i], 0, sizeof(it->exc[i]));
	}
}

static struct rt_rule_def *find_rule(struct rt_ruleset *rs, const char *name)
{
	size_t idx;

	return rt_strmap_get(&rs->rule_names, name, &idx) ? rs->rules[idx] : NULL;
}

/* A new rule, or a redefinition in place (it keeps its place in the evaluation order). */
static void rule_define(struct rt_lctx *lc, struct item *it)
{
	struct rt_ruleset *rs = lc->rs;
	struct rt_rule_def *r = find_rule(rs, lc->name);
	const char *source = it->source ? it->source->str : "syscall";
	size_t off;

	if (strcmp(source, rs->fs->source)) {
		rt_lwarn(lc, RT_LOAD_UNKNOWN_SOURCE, it->map, "unknown source '%s', skipping",
		         source);
		if (!rt_strmap_get(&rs->skipped_names, lc->name, &off)) {
			rt_strmap_put(&rs->skipped_names, lc->name, rs->n_skipped);
			rs->n_skipped++;
		}
		return;
	}
	if (!r) {
		if (rs->n_lists + rs->n_macros + rs->n_rules + rs->n_skipped >= RT_MAX_ITEMS) {
			rt_lerr(lc, RT_LOAD_ERR_TOO_LARGE, it->map,
			        "too many items: more than %d lists, macros and rules",
			        RT_MAX_ITEMS);
			return;
		}
		r = vakt_xcalloc(1, sizeof(*r));
		r->name = vakt_xstrdup(lc->name);
		r->index = rs->n_rules;
		r->pos = rt_lpos(lc, it->map);
		rs->rules = vakt_xrealloc(rs->rules, (rs->n_rules + 1) * sizeof(*rs->rules));
		rt_strmap_put(&rs->rule_names, r->name, rs->n_rules);
		rs->rules[rs->n_rules++] = r;
	} else {
		for (size_t k = 0; k < r->n_exc; k++)
			rt_exception_release(&r->exc[k]);
		r->n_exc = 0;
		vakt_strv_release(&r->tags);
		free(r->source);
	}
	r->source = vakt_xstrdup(source);
	text_set(&r->cond, lc, it->cond, false);
	output_set(r, lc, it->output, false);
	desc_set(r, it->desc, false);
	r->pub.priority = it->priority;
	r->pub.enabled = it->has_enabled ? it->enabled : true;
	r->warn_evttypes = it->warn_evttypes;
	r->skip_if_unknown_filter = it->skip_unknown;
	tags_merge(&r->tags, &it->tags);
	r->pub.file = r->pos.file->path;
	r->pub.line = r->pos.line;
	r->pub.col = r->pos.col;
	for (size_t i = 0; i < it->n_exc; i++) {
		r->exc = vakt_grow(r->exc, sizeof(*r->exc), r->n_exc + 1, &r->exc_cap);
		r->exc[r->n_exc++] = it->exc[i];
		memset(&it->exc[i], 0, sizeof(it->exc[i]));
	}
	rule_sync_pub(r);
}

/* The rule an append or replace applies to; NULL after an error (or when it was skipped). */
static struct rt_rule_def *rule_target(struct rt_lctx *lc, struct item *it, const char *what)
{
	struct rt_rule_def *r = find_rule(lc->rs, lc->name);
	size_t idx;

	if (r)
		return r;
	/* A rule of a source vakt skips: its appends are skipped with it. */
	if (rt_strmap_get(&lc->rs->skipped_names, lc->name, &idx))
		return NULL;
	rt_lerr(lc, RT_LOAD_ERR_VALIDATE, it->map,
	        "rule uses %s but no rule by that name is defined before", what);
	return NULL;
}

/* override: the keys written must be those overridden, and the other way round. */
static bool override_keys_match(struct rt_lctx *lc, const struct vakt_yaml_node *map, unsigned app,
                                unsigned rep)
{
	bool ok = true;

	for (int k = 0; k < RT_OK_COUNT; k++) {
		const struct vakt_yaml_pair *p = vakt_yaml_get_pair(map, rt_okey_names[k]);
		bool over = ((app | rep) & BIT(k)) != 0;

		if (!((APPENDABLE | REPLACEABLE) & BIT(k)))
			continue;
		if (over && !p) {
			rt_lerr(lc, RT_LOAD_ERR_VALIDATE, map,
			        "an %s override for '%s' was specified but '%s' is not defined",
			        (app & BIT(k)) ? "append" : "replace", rt_okey_names[k],
			        rt_okey_names[k]);
			ok = false;
		} else if (!over && p) {
			rt_lerr(lc, RT_LOAD_ERR_VALIDATE, p->key,
			        "unexpected key '%s': no corresponding entry under 'override' is "
			        "defined",
			        rt_okey_names[k]);
			ok = false;
		}
	}
	return ok;
}

static void rule_override(struct rt_lctx *lc, struct item *it, unsigned app, unsigned rep)
{
	struct rt_rule_def *r;

	if (!override_keys_match(lc, it->map, app, rep))
		return;
	r = rule_target(lc, it, app ? "an append override" : "a replace override");
	if (!r)
		return;
	if ((rep & BIT(RT_OK_PRIORITY)) && !read_priority(lc, it))
		return;
	if ((app | rep) & BIT(RT_OK_EXCEPTIONS)) {
		if ((app & BIT(RT_OK_EXCEPTIONS)) && !exceptions_append(lc, r, it))
			return;
		if (rep & BIT(RT_OK_EXCEPTIONS))
			exceptions_replace(r, it);
	}
	if ((app | rep) & BIT(RT_OK_CONDITION))
		text_set(&r->cond, lc, it->cond, app & BIT(RT_OK_CONDITION));
	if ((app | rep) & BIT(RT_OK_OUTPUT))
		output_set(r, lc, it->output, app & BIT(RT_OK_OUTPUT));
	if ((app | rep) & BIT(RT_OK_DESC))
		desc_set(r, it->desc, app & BIT(RT_OK_DESC));
	if ((app | rep) & BIT(RT_OK_TAGS)) {
		if (rep & BIT(RT_OK_TAGS))
			vakt_strv_release(&r->tags);
		tags_merge(&r->tags, &it->tags);
	}
	if (rep & BIT(RT_OK_PRIORITY))
		r->pub.priority = it->priority;
	if (rep & BIT(RT_OK_ENABLED))
		r->pub.enabled = it->enabled;
	if (rep & BIT(RT_OK_WARN_EVTTYPES))
		r->warn_evttypes = it->warn_evttypes;
	if (rep & BIT(RT_OK_SKIP_UNKNOWN))
		r->skip_if_unknown_filter = it->skip_unknown;
	rule_sync_pub(r);
}

static void rule_append(struct rt_lctx *lc, struct item *it)
{
	struct rt_rule_def *r = rule_target(lc, it, "'append: true'");

	if (!r)
		return;
	if (it->has_exc && !exceptions_append(lc, r, it))
		return;
	if (it->cond)
		text_set(&r->cond, lc, it->cond, true);
	rule_sync_pub(r);
}

void rt_load_rule(struct rt_lctx *lc, const struct vakt_yaml_node *map)
{
	const struct vakt_yaml_node *name;
	struct item it = {.map = map, .warn_evttypes = true};
	unsigned app = 0, rep = 0;

	lc->kind = "rule";
	if (!rt_lstr(lc, map, "rule", true, &name))
		return;
	lc->name = name->str;
	if (!rt_lkeys(lc, map, rule_keys) || !rt_lbool(lc, map, "append", &it.append) ||
	    !rt_loverride(lc, map, APPENDABLE, REPLACEABLE, &app, &rep))
		goto out;
	if (it.append)
		rt_lwarn(lc, RT_LOAD_DEPRECATED_ITEM, map,
		         "'append: true' is deprecated; use 'override: {KEY: append}'");
	if (it.append && (app | rep)) {
		rt_lerr(lc, RT_LOAD_ERR_VALIDATE, map,
		        "keys 'append' and 'override' cannot be used together");
		goto out;
	}
	if (!rt_lstr(lc, map, "condition", false, &it.cond) ||
	    !rt_lstr(lc, map, "output", false, &it.output) ||
	    !rt_lstr(lc, map, "desc", false, &it.desc) ||
	    !rt_lstr(lc, map, "priority", false, &it.prio) ||
	    !rt_lstr(lc, map, "source", false, &it.source) || !read_tags(lc, map, &it) ||
	    !rt_lbool(lc, map, "warn_evttypes", &it.warn_evttypes) ||
	    !rt_lbool(lc, map, "skip-if-unknown-filter", &it.skip_unknown) ||
	    !read_exceptions(lc, map, it.append || app || rep, &it))
		goto out;
	if (vakt_yaml_get(map, "enabled")) {
		it.has_enabled = true;
		if (!rt_lbool(lc, map, "enabled", &it.enabled))
			goto out;
	}
	if (vakt_yaml_get(map, "capture") && !rt_lbool(lc, map, "capture", &(bool){0}))
		goto out;
	if (app | rep) {
		rule_override(lc, &it, app, rep);
	} else if (it.append) {
		rule_append(lc, &it);
	} else if (!it.cond && !it.output && !it.desc && !it.prio) {
		struct rt_rule_def *r;

		if (!it.has_enabled) {
			rt_lerr(lc, RT_LOAD_ERR_YAML_VALIDATE, map, "missing key 'condition'");
			goto out;
		}
		rt_lwarn(lc, RT_LOAD_DEPRECATED_ITEM, map,
		         "a lone 'enabled' key is deprecated; use 'override: {enabled: replace}'");
		r = rule_target(lc, &it, "a lone 'enabled' key");
		if (r)
			r->pub.enabled = it.enabled;
	} else {
		static const char *const required[] = {"condition", "output", "desc", "priority"};
		const struct vakt_yaml_node *got[] = {it.cond, it.output, it.desc, it.prio};
		bool ok = true;

		for (size_t k = 0; k < VAKT_ARRAY_SIZE(required); k++) {
			if (!got[k]) {
				rt_lerr(lc, RT_LOAD_ERR_YAML_VALIDATE, map, "missing key '%s'",
				        required[k]);
				ok = false;
			}
		}
		if (ok && read_priority(lc, &it))
			rule_define(lc, &it);
	}
out:
	for (size_t i = 0; i < it.n_exc; i++)
		rt_exception_release(&it.exc[i]);
	free(it.exc);
	vakt_strv_release(&it.tags);
}
