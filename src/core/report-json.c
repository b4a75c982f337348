/* SPDX-License-Identifier: MIT */
/*
 * The JSON report: a documented, versioned schema (docs/report.schema.json,
 * "schema_version" VAKT_JSON_SCHEMA_VERSION). It holds nothing that changes
 * from run to run (no timestamps, no elapsed time), so the same input gives
 * the same bytes and golden tests can compare it.
 */
#include "report-priv.h"

static json_t *json_strings(const char *const *v)
{
	json_t *a = vakt_report_json_ok(json_array());

	for (size_t i = 0; v && v[i]; i++)
		vakt_report_json_push(a, vakt_report_json_str(v[i]));
	return a;
}

/* "tool:ID" -> {"tool": "tool", "id": "ID"}. */
static json_t *json_equivalents(const char *const *v)
{
	json_t *a = vakt_report_json_ok(json_array());

	for (size_t i = 0; v && v[i]; i++) {
		const char *colon = strchr(v[i], ':');
		json_t *e = vakt_report_json_ok(json_object());
		char *tool = colon ? vakt_xstrndup(v[i], (size_t)(colon - v[i])) : NULL;

		vakt_report_json_set(e, "tool", vakt_report_json_str(tool ? tool : "unknown"));
		vakt_report_json_set(e, "id", vakt_report_json_str(colon ? colon + 1 : v[i]));
		vakt_report_json_push(a, e);
		free(tool);
	}
	return a;
}

static json_t *json_finding(const struct vakt_finding *x)
{
	json_t *j = vakt_report_json_ok(json_object());
	json_t *loc = vakt_report_json_ok(json_object());
	const struct vakt_rule *r = x->rule;

	vakt_report_json_set(j, "rule_id", vakt_report_json_str(r->id));
	vakt_report_json_set(j, "slug", vakt_report_json_str(r->slug));
	vakt_report_json_set(j, "title", vakt_report_json_str(r->title));
	vakt_report_json_set(j, "severity", vakt_report_json_str(vakt_severity_name(x->severity)));
	vakt_report_json_set(j, "message", vakt_report_json_str(x->message));
	vakt_report_json_set(loc, "file", vakt_report_json_str(x->loc.file));
	vakt_report_json_set(loc, "line", vakt_report_json_pos(x->loc.line));
	vakt_report_json_set(loc, "column", vakt_report_json_pos(x->loc.column));
	vakt_report_json_set(loc, "end_line", vakt_report_json_pos(x->loc.end_line));
	vakt_report_json_set(loc, "end_column", vakt_report_json_pos(x->loc.end_column));
	vakt_report_json_set(loc, "object", vakt_report_json_str(x->loc.object));
	vakt_report_json_set(j, "location", loc);
	vakt_report_json_set(j, "snippet", vakt_report_json_str(x->snippet));
	vakt_report_json_set(j, "remediation", vakt_report_json_str(r->remediation));
	vakt_report_json_set(j, "references", json_strings(r->references));
	vakt_report_json_set(j, "equivalents", json_equivalents(r->equivalents));
	vakt_report_json_set(j, "suppressed", json_boolean(x->suppressed));
	vakt_report_json_set(j, "suppression_reason",
	                     vakt_report_json_str(x->suppressed ? x->suppress_reason : NULL));
	return j;
}

static json_t *json_error(const struct vakt_error *e)
{
	json_t *j = vakt_report_json_ok(json_object());

	vakt_report_json_set(j, "file", vakt_report_json_str(e->file));
	vakt_report_json_set(j, "line", vakt_report_json_pos(e->line));
	vakt_report_json_set(j, "column", vakt_report_json_pos(e->column));
	vakt_report_json_set(j, "message", vakt_report_json_str(e->msg));
	return j;
}

static json_t *json_summary(const struct vakt_scan_result *res)
{
	json_t *j = vakt_report_json_ok(json_object());
	struct vakt_report_counts c;

	vakt_report_count(res, &c);
	vakt_report_json_set(j, "findings", json_integer((json_int_t)c.findings));
	/* Most severe first, as people read them. */
	for (int s = VAKT_SEV_COUNT - 1; s >= 0; s--)
		vakt_report_json_set(j, vakt_severity_name((enum vakt_severity)s),
		                     json_integer((json_int_t)c.by_sev[s]));
	vakt_report_json_set(j, "suppressed", json_integer((json_int_t)c.suppressed));
	vakt_report_json_set(j, "errors", json_integer((json_int_t)res->errors.n));
	vakt_report_json_set(j, "files_scanned", json_integer((json_int_t)res->files_scanned));
	return j;
}

/*
 * The document is streamed: the head (schema version, tool, summary) is
 * dumped whole, then each finding and error is built, written and freed in
 * turn, so a report of 100,000 findings never holds them all as a JSON tree.
 * The bytes are the same as dumping the whole tree with JSON_INDENT(2).
 */
int vakt_report_json(FILE *f, const struct vakt_scan_result *res, const struct vakt_report_opts *o)
{
	json_t *root = vakt_report_json_ok(json_object());
	json_t *tool = vakt_report_json_ok(json_object());
	char *head;
	size_t n, shown = 0;

	vakt_report_json_set(root, "schema_version", json_string(VAKT_JSON_SCHEMA_VERSION));
	vakt_report_json_set(tool, "name", json_string("vakt"));
	vakt_report_json_set(tool, "version", vakt_report_json_str(vakt_report_version(o)));
	vakt_report_json_set(root, "tool", tool);
	vakt_report_json_set(root, "summary", json_summary(res));
	head = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(root);
	if (!head)
		abort();
	n = strlen(head);
	/* Drop the closing "\n}" to append the two arrays. */
	fwrite(head, 1, n >= 2 ? n - 2 : n, f);
	free(head);

	fputs(",\n  \"findings\": [", f);
	for (size_t i = 0; i < res->findings.n; i++) {
		json_t *j;

		if (!vakt_report_shown(&res->findings.v[i], o))
			continue;
		j = json_finding(&res->findings.v[i]);
		fputs(shown++ ? ",\n    " : "\n    ", f);
		vakt_report_json_put_nested(f, j, 2);
		json_decref(j);
	}
	fputs(shown ? "\n  ],\n  \"errors\": [" : "],\n  \"errors\": [", f);
	for (size_t i = 0; i < res->errors.n; i++) {
		json_t *j = json_error(res->errors.v[i]);

		fputs(i ? ",\n    " : "\n    ", f);
		vakt_report_json_put_nested(f, j, 2);
		json_decref(j);
	}
	fputs(res->errors.n ? "\n  ]\n}\n" : "]\n}\n", f);
	return vakt_report_finish(f);
}
