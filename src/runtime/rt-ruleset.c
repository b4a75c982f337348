/* SPDX-License-Identifier: MIT */
/* The rule set's public face (rt-rules.h): files in, diagnostics and rules out, settings. */
#include <errno.h>
#include <string.h>

#include "core/source.h"
#include "rt-compile.h"

static const char *const prio_names[RT_PRIO_COUNT] = {
    "Emergency", "Alert", "Critical", "Error", "Warning", "Notice", "Informational", "Debug",
};

const char *rt_priority_name(enum rt_priority p)
{
	return p < RT_PRIO_COUNT ? prio_names[p] : "?";
}

bool rt_priority_parse(const char *s, size_t n, enum rt_priority *out)
{
	for (int p = 0; p < RT_PRIO_COUNT; p++) {
		if (strlen(prio_names[p]) == n && !vakt_strncasecmp(prio_names[p], s, n)) {
			*out = (enum rt_priority)p;
			return true;
		}
	}
	if (n == 4 && !vakt_strncasecmp(s, "info", 4)) {
		*out = RT_PRIO_INFORMATIONAL;
		return true;
	}
	return false;
}

struct rt_ruleset *rt_ruleset_new(const struct rt_fieldset *fs)
{
	struct rt_ruleset *rs = vakt_xcalloc(1, sizeof(*rs));

	rs->fs = fs;
	rs->mode = RT_MATCH_FIRST;
	rs->min_prio = RT_PRIO_DEBUG;
	return rs;
}

static void rule_free(struct rt_rule_def *r)
{
	free(r->name);
	free(r->desc);
	free(r->source);
	vakt_strv_release(&r->tags);
	rt_text_release(&r->cond);
	rt_text_release(&r->output);
	for (size_t i = 0; i < r->n_exc; i++)
		rt_exception_release(&r->exc[i]);
	free(r->exc);
	if (r->pub.priv)
		rt_output_release(&r->pub.priv->out);
	free(r);
}

void rt_ruleset_free(struct rt_ruleset *rs)
{
	if (!rs)
		return;
	for (size_t i = 0; i < rs->n_checks; i++)
		rt_check_release(rs->checks[i]);
	free(rs->checks);
	for (size_t i = 0; i < rs->n_rules; i++)
		rule_free(rs->rules[i]);
	free(rs->rules);
	for (size_t i = 0; i < rs->n_macros; i++) {
		free(rs->macros[i]->name);
		rt_text_release(&rs->macros[i]->cond);
		free(rs->macros[i]);
	}
	free(rs->macros);
	for (size_t i = 0; i < rs->n_lists; i++) {
		struct rt_list_def *l = rs->lists[i];

		for (size_t k = 0; k < l->n_items; k++)
			free(l->items[k]);
		free(l->items);
		free(l->item_pos);
		free(l->name);
		free(l);
	}
	free(rs->lists);
	for (size_t i = 0; i < rs->n_files; i++) {
		free(rs->files[i]->path);
		free(rs->files[i]->data);
		free(rs->files[i]);
	}
	free(rs->files);
	rt_strmap_release(&rs->list_names);
	rt_strmap_release(&rs->macro_names);
	rt_strmap_release(&rs->rule_names);
	rt_strmap_release(&rs->skipped_names);
	rt_diags_release(&rs->diags);
	rt_arena_release(&rs->ast);
	rt_arena_release(&rs->compiled);
	free(rs->slots);
	for (size_t t = 0; rs->by_type && t < (rs->fs->n_evtypes ? rs->fs->n_evtypes : 1); t++)
		free(rs->by_type[t]);
	free(rs->by_type);
	free(rs->n_by_type);
	free(rs);
}

static struct rt_file *file_add(struct rt_ruleset *rs, const char *path, char *data, size_t len)
{
	struct rt_file *f = vakt_xcalloc(1, sizeof(*f));

	f->path = vakt_xstrdup(path);
	f->data = data;
	f->len = len;
	rs->files = vakt_xrealloc(rs->files, (rs->n_files + 1) * sizeof(*rs->files));
	rs->files[rs->n_files++] = f;
	return f;
}

void rt_ruleset_add_text(struct rt_ruleset *rs, const char *path, const char *data, size_t len)
{
	char *copy = vakt_xmalloc(len + 1);

	if (len)
		memcpy(copy, data, len);
	copy[len] = '\0';
	rt_load_text(rs, file_add(rs, path, copy, len));
}

int rt_ruleset_add_file(struct rt_ruleset *rs, const char *path, struct vakt_error **err)
{
	struct vakt_source *src = NULL;
	int r = vakt_source_read(path, RT_MAX_FILE_BYTES, &src, err);

	if (r < 0) {
		struct rt_pos at = {.file = file_add(rs, path, NULL, 0)};

		rt_diags_add(&rs->diags, false,
		             r == -EFBIG ? RT_LOAD_ERR_TOO_LARGE : RT_LOAD_ERR_FILE, &at, NULL,
		             NULL, "%s", err && *err ? (*err)->msg : "cannot read the file");
		return r;
	}
	rt_load_text(rs, file_add(rs, path, src->data, src->len));
	src->data = NULL;
	vakt_source_free(src);
	return 0;
}

void rt_ruleset_compile(struct rt_ruleset *rs)
{
	if (rs->done)
		return;
	rs->done = true;
	rt_compile_all(rs);
}

int rt_ruleset_load(const struct rt_fieldset *fs, const char *const *paths, size_t n,
                    struct rt_ruleset **out, struct vakt_error **err)
{
	struct rt_ruleset *rs = rt_ruleset_new(fs);

	*out = NULL;
	for (size_t i = 0; i < n; i++) {
		int r = rt_ruleset_add_file(rs, paths[i], err);

		if (r < 0) {
			rt_ruleset_free(rs);
			return r;
		}
	}
	rt_ruleset_compile(rs);
	*out = rs;
	return 0;
}

size_t rt_ruleset_n_diags(const struct rt_ruleset *rs)
{
	return rs->diags.n;
}

const struct rt_diag *rt_ruleset_diag(const struct rt_ruleset *rs, size_t i)
{
	return i < rs->diags.n ? &rs->diags.v[i] : NULL;
}

size_t rt_ruleset_n_errors(const struct rt_ruleset *rs)
{
	return rs->diags.n_errors;
}

void rt_ruleset_counts(const struct rt_ruleset *rs, struct rt_counts *out)
{
	memset(out, 0, sizeof(*out));
	out->rules = rs->n_rules;
	for (size_t i = 0; i < rs->n_rules; i++)
		out->compiled += rs->rules[i]->pub.compiled;
	out->failed = rs->done ? out->rules - out->compiled : 0;
	out->skipped = rs->n_skipped;
	out->macros = rs->n_macros;
	out->lists = rs->n_lists;
}

size_t rt_ruleset_n_rules(const struct rt_ruleset *rs)
{
	return rs->n_rules;
}

const struct rt_rule *rt_ruleset_rule(const struct rt_ruleset *rs, size_t i)
{
	return i < rs->n_rules ? &rs->rules[i]->pub : NULL;
}

const struct rt_rule *rt_ruleset_find(const struct rt_ruleset *rs, const char *name)
{
	size_t idx;

	return rt_strmap_get(&rs->rule_names, name, &idx) ? &rs->rules[idx]->pub : NULL;
}

const struct rt_fieldset *rt_ruleset_fieldset(const struct rt_ruleset *rs)
{
	return rs->fs;
}

void rt_ruleset_set_mode(struct rt_ruleset *rs, enum rt_match_mode mode)
{
	rs->mode = mode;
}

void rt_ruleset_set_min_priority(struct rt_ruleset *rs, enum rt_priority p)
{
	rs->min_prio = p;
	if (rs->done)
		rt_compile_index(rs);
}

bool rt_ruleset_enable(struct rt_ruleset *rs, const char *name, bool on)
{
	size_t idx;

	if (!rt_strmap_get(&rs->rule_names, name, &idx) || !rs->rules[idx]->pub.compiled)
		return false;
	rs->rules[idx]->pub.enabled = on;
	if (rs->done)
		rt_compile_index(rs);
	return true;
}

void rt_ruleset_wanted_evtypes(const struct rt_ruleset *rs, bool *out, size_t n)
{
	memset(out, 0, n * sizeof(*out));
	for (size_t i = 0; i < rs->n_rules; i++) {
		const struct rt_crule *c = rs->rules[i]->pub.priv;

		if (!c || !c->on)
			continue;
		for (size_t t = 1; t < n && t < rs->fs->n_evtypes; t++)
			if (c->all_types || ((c->types[t / 64] >> (t % 64)) & 1))
				out[t] = true;
	}
}
