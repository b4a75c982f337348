/* SPDX-License-Identifier: MIT */
/* vakt rules --source: what a set of Falco-syntax rules files loads into. */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "cli-rules-source.h"
#include "cli.h"
#include "core/report.h"
#include "runtime/rt-rules.h"

static json_t *jstr(const char *s)
{
	json_t *j = json_string(s ? s : "");

	return j ? j : json_string("");
}

static json_t *diag_json(const struct rt_diag *d)
{
	json_t *o = json_object();

	json_object_set_new(o, "file", d->file ? jstr(d->file) : json_null());
	json_object_set_new(o, "line", json_integer(d->line));
	json_object_set_new(o, "column", json_integer(d->col));
	json_object_set_new(o, "code", jstr(rt_diag_code_name(d->code)));
	json_object_set_new(o, "kind", d->item_kind ? jstr(d->item_kind) : json_null());
	json_object_set_new(o, "name", d->item_name ? jstr(d->item_name) : json_null());
	json_object_set_new(o, "message", jstr(d->msg));
	return o;
}

static void print_json(const struct rt_ruleset *rs, const char *const *paths, size_t n)
{
	json_t *root = json_object(), *files = json_array(), *rules = json_array();
	json_t *errors = json_array(), *warnings = json_array(), *counts = json_object();
	struct rt_counts c;

	for (size_t i = 0; i < n; i++)
		json_array_append_new(files, jstr(paths[i]));
	for (size_t i = 0; i < rt_ruleset_n_rules(rs); i++) {
		const struct rt_rule *r = rt_ruleset_rule(rs, i);
		json_t *o, *tags;

		if (!r->compiled)
			continue;
		o = json_object();
		tags = json_array();
		json_object_set_new(o, "name", jstr(r->name));
		json_object_set_new(o, "priority", jstr(rt_priority_name(r->priority)));
		json_object_set_new(o, "source", jstr(r->source));
		for (size_t k = 0; k < r->n_tags; k++)
			json_array_append_new(tags, jstr(r->tags[k]));
		json_object_set_new(o, "tags", tags);
		json_object_set_new(o, "enabled", json_boolean(r->enabled));
		json_object_set_new(o, "file", jstr(r->file));
		json_object_set_new(o, "line", json_integer(r->line));
		json_array_append_new(rules, o);
	}
	for (size_t i = 0; i < rt_ruleset_n_diags(rs); i++) {
		const struct rt_diag *d = rt_ruleset_diag(rs, i);

		json_array_append_new(d->warning ? warnings : errors, diag_json(d));
	}
	rt_ruleset_counts(rs, &c);
	json_object_set_new(counts, "rules", json_integer((json_int_t)c.compiled));
	json_object_set_new(counts, "failed", json_integer((json_int_t)c.failed));
	json_object_set_new(counts, "skipped", json_integer((json_int_t)c.skipped));
	json_object_set_new(counts, "macros", json_integer((json_int_t)c.macros));
	json_object_set_new(counts, "lists", json_integer((json_int_t)c.lists));
	json_object_set_new(root, "files", files);
	json_object_set_new(root, "rules", rules);
	json_object_set_new(root, "counts", counts);
	json_object_set_new(root, "errors", errors);
	json_object_set_new(root, "warnings", warnings);
	json_dumpf(root, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	fputc('\n', stdout);
	json_decref(root);
}

static void print_text(const struct rt_ruleset *rs)
{
	size_t w = strlen("RULE");
	struct rt_counts c;

	for (size_t i = 0; i < rt_ruleset_n_rules(rs); i++) {
		const struct rt_rule *r = rt_ruleset_rule(rs, i);

		if (r->compiled && strlen(r->name) > w)
			w = strlen(r->name);
	}
	printf("%-*s  %-13s  %-8s  %-7s  %s\n", (int)w, "RULE", "PRIORITY", "SOURCE", "ENABLED",
	       "TAGS");
	for (size_t i = 0; i < rt_ruleset_n_rules(rs); i++) {
		const struct rt_rule *r = rt_ruleset_rule(rs, i);
		struct vakt_buf line = VAKT_BUF_INIT;

		if (!r->compiled)
			continue;
		vakt_buf_addf(&line, "%-*s  %-13s  %-8s  %-7s  ", (int)w, r->name,
		              rt_priority_name(r->priority), r->source, r->enabled ? "yes" : "no");
		for (size_t k = 0; k < r->n_tags; k++)
			vakt_buf_addf(&line, "%s%s", k ? "," : "", r->tags[k]);
		if (!r->n_tags)
			vakt_buf_addc(&line, '-');
		vakt_fputs_safe(stdout, vakt_buf_str(&line), 0);
		fputc('\n', stdout);
		vakt_buf_release(&line);
	}
	rt_ruleset_counts(rs, &c);
	printf("%zu rule%s, %zu macro%s, %zu list%s", c.compiled, c.compiled == 1 ? "" : "s",
	       c.macros, c.macros == 1 ? "" : "s", c.lists, c.lists == 1 ? "" : "s");
	if (c.failed)
		printf("; %zu rule%s did not compile", c.failed, c.failed == 1 ? "" : "s");
	if (c.skipped)
		printf("; %zu rule%s of other sources skipped", c.skipped,
		       c.skipped == 1 ? "" : "s");
	fputc('\n', stdout);
}

struct rt_ruleset *cli_rules_load(const char *const *paths, size_t n, const char *text_name,
                                  const char *text, size_t text_len, bool *unreadable)
{
	struct rt_ruleset *rs = rt_ruleset_new(&rt_fields_syscall);

	*unreadable = false;
	if (text)
		rt_ruleset_add_text(rs, text_name, text, text_len);
	for (size_t i = 0; i < n; i++) {
		struct vakt_error *err = NULL;

		/* The ruleset keeps the file's diagnostic; err only says it failed. */
		if (rt_ruleset_add_file(rs, paths[i], &err) < 0)
			*unreadable = true;
		vakt_error_free(err);
	}
	rt_ruleset_compile(rs);
	for (size_t i = 0; i < rt_ruleset_n_diags(rs); i++) {
		const struct rt_diag *d = rt_ruleset_diag(rs, i);
		char *s = rt_diag_format(d);

		cli_error("%s%s", d->warning ? "warning: " : "", s);
		free(s);
	}
	return rs;
}

int cli_rules_source(const char *const *paths, size_t n, bool json)
{
	bool unreadable;
	struct rt_ruleset *rs = cli_rules_load(paths, n, NULL, NULL, 0, &unreadable);
	int code;

	if (json)
		print_json(rs, paths, n);
	else
		print_text(rs);
	code = unreadable || rt_ruleset_n_errors(rs) ? CLI_EXIT_INPUT : CLI_EXIT_OK;
	rt_ruleset_free(rs);
	if (fflush(stdout))
		return CLI_EXIT_ENVIRONMENT;
	return code;
}
