/* SPDX-License-Identifier: MIT */
/*
 * The JSON report: a documented, versioned schema (docs/report.schema.json,
 * "schema_version" VAKT_JSON_SCHEMA_VERSION). It holds nothing that changes
 * from run to run (no timestamps, no elapsed time), so the same input gives
 * the same bytes and golden tests can compare it. The findings array, the
 * bulk of a big report, is report-json-findings.c's.
 */
#include "report-priv.h"

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

static json_t *json_environment(const struct vakt_report_opts *o)
{
	json_t *arr = vakt_report_json_ok(json_array());

	for (size_t i = 0; i < o->n_observations; i++) {
		const struct vakt_report_observation *ob = &o->observations[i];
		json_t *j = vakt_report_json_ok(json_object());

		vakt_report_json_set(j, "probe", vakt_report_json_str(ob->probe));
		vakt_report_json_set(j, "source", vakt_report_json_str(ob->source));
		vakt_report_json_set(j, "line", vakt_report_json_pos(ob->line));
		vakt_report_json_set(j, "seen", vakt_report_json_str(ob->seen));
		vakt_report_json_set(j, "verdict", vakt_report_json_str(ob->verdict));
		json_array_append_new(arr, j);
	}
	return arr;
}

/*
 * The document is streamed: the head (schema version, tool, summary) is
 * dumped whole, then each finding and error is built, written and freed in
 * turn, so a report of 100,000 findings never holds them all as a JSON tree.
 * The bytes are the same as dumping the whole tree with JSON_INDENT(2).
 */
int vakt_report_json_tuned(FILE *f, const struct vakt_scan_result *res,
                           const struct vakt_report_opts *o,
                           const struct vakt_report_json_tuning *t)
{
	json_t *root = vakt_report_json_ok(json_object());
	json_t *tool = vakt_report_json_ok(json_object());
	char *head;
	size_t n;
	bool shown;

	vakt_report_json_set(root, "schema_version", json_string(VAKT_JSON_SCHEMA_VERSION));
	vakt_report_json_set(tool, "name", json_string("vakt"));
	vakt_report_json_set(tool, "version", vakt_report_json_str(vakt_report_version(o)));
	vakt_report_json_set(root, "tool", tool);
	vakt_report_json_set(root, "summary", json_summary(res));
	if (o->n_observations)
		vakt_report_json_set(root, "environment", json_environment(o));
	head = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(root);
	if (!head)
		abort();
	n = strlen(head);
	/* Drop the closing "\n}" to append the two arrays. */
	fwrite(head, 1, n >= 2 ? n - 2 : n, f);
	free(head);

	fputs(",\n  \"findings\": [", f);
	shown = vakt_report_json_findings(f, res, o, t);
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

int vakt_report_json(FILE *f, const struct vakt_scan_result *res, const struct vakt_report_opts *o)
{
	struct vakt_report_json_tuning t;

	vakt_report_json_tuning_default(res, &t);
	return vakt_report_json_tuned(f, res, o, &t);
}
