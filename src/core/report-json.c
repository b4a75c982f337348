/* SPDX-License-Identifier: MIT */
/*
 * The JSON report: a documented, versioned schema (docs/report.schema.json,
 * "schema_version" VAKT_JSON_SCHEMA_VERSION). It holds nothing that changes
 * from run to run (no timestamps, no elapsed time), so the same input gives
 * the same bytes and golden tests can compare it.
 */
#include "report-jw.h"
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

/*
 * Findings are the bulk of a big report, so they are written directly rather
 * than built as jansson trees: the rule's fixed fields are rendered once per
 * rule through jansson (and cached), the per-finding fields are escaped here
 * exactly as jansson escapes them (so the bytes match a whole-tree dump).
 */
struct json_rule_text {
	const struct vakt_rule *rule;
	char *head; /* "rule_id", "slug", "title" lines, no trailing comma */
	char *tail; /* "remediation", "references", "equivalents" lines */
	size_t head_len, tail_len;
};

struct json_rule_cache {
	struct json_rule_text *v; /* open addressing by rule address */
	size_t cap;               /* power of two */
};

/* The members of obj as nested 2 levels deep, without the braces. Caller owns it. */
static char *json_members(json_t *obj)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	char *out;
	size_t from, to;

	if (!m)
		abort();
	vakt_report_json_put_nested(m, obj, 2);
	if (fclose(m))
		abort();
	/* "{\n" + members + "\n    }" */
	from = len > 2 ? 2 : len;
	to = len >= 6 ? len - 6 : from;
	out = vakt_xstrndup(buf + from, to > from ? to - from : 0);
	free(buf);
	json_decref(obj);
	return out;
}

static const struct json_rule_text *json_rule_text(struct json_rule_cache *c,
                                                   const struct vakt_rule *r)
{
	size_t i = ((uintptr_t)r >> 4) & (c->cap - 1);
	json_t *head, *tail;

	while (c->v[i].rule && c->v[i].rule != r)
		i = (i + 1) & (c->cap - 1);
	if (c->v[i].rule)
		return &c->v[i];
	head = vakt_report_json_ok(json_object());
	vakt_report_json_set(head, "rule_id", vakt_report_json_str(r->id));
	vakt_report_json_set(head, "slug", vakt_report_json_str(r->slug));
	vakt_report_json_set(head, "title", vakt_report_json_str(r->title));
	tail = vakt_report_json_ok(json_object());
	vakt_report_json_set(tail, "remediation", vakt_report_json_str(r->remediation));
	vakt_report_json_set(tail, "references", json_strings(r->references));
	vakt_report_json_set(tail, "equivalents", json_equivalents(r->equivalents));
	c->v[i].rule = r;
	c->v[i].head = json_members(head);
	c->v[i].tail = json_members(tail);
	c->v[i].head_len = strlen(c->v[i].head);
	c->v[i].tail_len = strlen(c->v[i].tail);
	return &c->v[i];
}

static void json_rule_cache_release(struct json_rule_cache *c)
{
	for (size_t i = 0; i < c->cap; i++) {
		free(c->v[i].head);
		free(c->v[i].tail);
	}
	free(c->v);
}

/* Append a string literal to b. */
#define BUF_LIT(b, lit) vakt_buf_add((b), (lit), sizeof(lit) - 1)

/* head (the indent and key, up to ": "), value as a JSON string, then end. */
static void json_put_member(struct vakt_buf *b, const char *head, size_t head_len,
                            const char *value, const char *end, size_t end_len)
{
	vakt_buf_add(b, head, head_len);
	vakt_jw_buf_string(b, value, (size_t)-1);
	vakt_buf_add(b, end, end_len);
}

#define PUT_MEMBER(b, head, value, end)                                                            \
	json_put_member((b), (head), sizeof(head) - 1, (value), (end), sizeof(end) - 1)

/* head, then v (null when not positive) and ",\n": printf was most of a small finding's cost. */
static void json_put_pos(struct vakt_buf *b, const char *head, size_t head_len, int v)
{
	char digits[16], *p = digits + sizeof(digits);

	vakt_buf_add(b, head, head_len);
	if (v <= 0) {
		BUF_LIT(b, "null");
	} else {
		for (unsigned u = (unsigned)v; u; u /= 10)
			*--p = (char)('0' + u % 10);
		vakt_buf_add(b, p, (size_t)(digits + sizeof(digits) - p));
	}
	BUF_LIT(b, ",\n");
}

#define PUT_POS(b, head, v) json_put_pos((b), (head), sizeof(head) - 1, (v))

/* A list of strings as member key, nested 3 levels deep, then ",\n". */
static void json_put_strings(struct vakt_buf *b, const char *head, size_t head_len, char *const *v)
{
	vakt_buf_add(b, head, head_len);
	if (!v || !*v) {
		BUF_LIT(b, "[],\n");
		return;
	}
	BUF_LIT(b, "[");
	for (char *const *p = v; *p; p++) {
		vakt_buf_add(b, p == v ? "\n        " : ",\n        ", p == v ? 9 : 10);
		vakt_jw_buf_string(b, *p, (size_t)-1);
	}
	BUF_LIT(b, "\n      ],\n");
}

/*
 * What a finding with an id of its own adds after the rule's lines: "id",
 * "aliases", "links" and "details" (HACKING, "Findings with an id of their
 * own"); a finding with details only (an image file's Dockerfile line) adds
 * "details". Ends where the rule's head ends, before ",\n".
 */
static void json_put_ext(struct vakt_buf *b, const struct vakt_finding_ext *e)
{
	if (!e->id && !e->n_details)
		return;
	if (e->id) {
		PUT_MEMBER(b, ",\n      \"id\": ", e->id, ",\n");
		json_put_strings(b, "      \"aliases\": ", sizeof("      \"aliases\": ") - 1,
		                 e->aliases);
		json_put_strings(b, "      \"links\": ", sizeof("      \"links\": ") - 1, e->links);
	} else {
		BUF_LIT(b, ",\n");
	}
	if (!e->n_details) {
		BUF_LIT(b, "      \"details\": {}");
		return;
	}
	BUF_LIT(b, "      \"details\": {");
	for (size_t i = 0; i < e->n_details; i++) {
		BUF_LIT(b, "\n        ");
		vakt_jw_buf_string(b, e->details[i].key, (size_t)-1);
		BUF_LIT(b, ": ");
		if (e->details[i].number)
			vakt_buf_add(b, e->details[i].value, strlen(e->details[i].value));
		else
			vakt_jw_buf_string(b, e->details[i].value, (size_t)-1);
		if (i + 1 < e->n_details)
			BUF_LIT(b, ",");
	}
	BUF_LIT(b, "\n      }");
}

/* One finding, put together in b (emptied first) and written to f at once. */
static void json_put_finding(FILE *f, struct json_rule_cache *c, struct vakt_buf *b,
                             const struct vakt_finding *x, const struct vakt_finding_ext *e)
{
	const struct json_rule_text *t = json_rule_text(c, x->rule);

	vakt_buf_reset(b);
	BUF_LIT(b, "{\n");
	vakt_buf_add(b, t->head, t->head_len);
	if (e)
		json_put_ext(b, e);
	PUT_MEMBER(b, ",\n      \"severity\": ", vakt_severity_name(x->severity), ",\n");
	PUT_MEMBER(b, "      \"message\": ", x->message, ",\n");
	PUT_MEMBER(b, "      \"location\": {\n        \"file\": ", x->loc.file, ",\n");
	PUT_POS(b, "        \"line\": ", x->loc.line);
	PUT_POS(b, "        \"column\": ", x->loc.column);
	PUT_POS(b, "        \"end_line\": ", x->loc.end_line);
	PUT_POS(b, "        \"end_column\": ", x->loc.end_column);
	PUT_MEMBER(b, "        \"object\": ", x->loc.object, "\n      },\n");
	PUT_MEMBER(b, "      \"snippet\": ", x->snippet, ",\n");
	vakt_buf_add(b, t->tail, t->tail_len);
	if (x->suppressed)
		BUF_LIT(b, ",\n      \"suppressed\": true,\n");
	else
		BUF_LIT(b, ",\n      \"suppressed\": false,\n");
	PUT_MEMBER(b, "      \"suppression_reason\": ", x->suppressed ? x->suppress_reason : NULL,
	           "\n    }");
	fwrite(b->data, 1, b->len, f);
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
	struct json_rule_cache cache = {0};
	struct vakt_buf one = VAKT_BUF_INIT;

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
	cache.cap = 64;
	while (cache.cap < 2 * vakt_registry_count())
		cache.cap *= 2;
	cache.v = vakt_xcalloc(cache.cap, sizeof(*cache.v));
	for (size_t i = 0; i < res->findings.n; i++) {
		if (!vakt_report_shown(&res->findings.v[i], o))
			continue;
		fputs(shown++ ? ",\n    " : "\n    ", f);
		json_put_finding(f, &cache, &one, &res->findings.v[i],
		                 vakt_findings_ext_of(&res->findings, &res->findings.v[i]));
	}
	vakt_buf_release(&one);
	json_rule_cache_release(&cache);
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
