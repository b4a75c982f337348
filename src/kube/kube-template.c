/* SPDX-License-Identifier: MIT */
/*
 * Helm and Go templates among manifests (kube-load.h). A template is told
 * by what YAML cannot read as a manifest, not by the mere presence of `{{`:
 * Go templates are everyday data inside manifests (PrometheusRule alert
 * text, Alertmanager templates in ConfigMaps, Argo workflow parameters).
 *
 * One pass over the text, YAML-aware enough to know where a node starts:
 * at the start of a line, after a sequence's `- `, after a key's `: `, and
 * after `[`, `{` and `,` in flow collections. There `{{` would be a flow
 * mapping, which no manifest writes and every template does (`name: {{
 * .Release.Name }}`, `{{- if .Values.x }}`, `{{ include ... | nindent 4
 * }}`). Anywhere else (inside a plain or quoted scalar, a block scalar, a
 * multi-line scalar's continuation) `{{` is data, unless it calls one of
 * Helm's own objects or functions (`.Values`, `include`, ...), which only a
 * chart's unrendered templates do.
 *
 * A file whose YAML then fails to parse and holds a `{{` before the error is
 * reported as a template too (kube_template_brace_offset()): the template's
 * text is the likelier cause than the YAML.
 */
#include "kube-load.h"

/* Helm's built-in objects and its own functions: `{{` followed by these is Helm's. */
static const char *const helm_words[] = {
    ".Values",   ".Release", ".Chart",   ".Capabilities", ".Files",    ".Template", "$.Values",
    "$.Release", "$.Chart",  "include ", "toYaml ",       "required ", "tpl ",
};

static bool is_helm_action(const char *s, const char *end)
{
	while (s < end && (*s == '-' || *s == ' ' || *s == '\t'))
		s++;
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(helm_words); i++) {
		size_t n = strlen(helm_words[i]);

		if ((size_t)(end - s) >= n && !memcmp(s, helm_words[i], n))
			return true;
	}
	return false;
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/* Whether p (before e) is followed by a blank or the end of the line. */
static bool blank_after(const char *p, const char *e)
{
	return p + 1 >= e || is_blank(p[1]);
}

/* What the scan carries from one line to the next. */
struct tscan {
	char quote;          /* inside a quoted scalar ('"' or '\''), across lines */
	int flow;            /* depth of flow collections ([...] and {...}) */
	bool flow_node;      /* in a flow collection: the next token starts a node */
	bool block;          /* inside a block scalar's content */
	size_t block_indent; /* ... whose header line has this indentation */
	bool plain;          /* a plain scalar may continue on the next lines */
	size_t plain_indent; /* ... when they are indented more than this */
	long first_brace;    /* the first `{{` outside comments, or -1 */
};

/*
 * One line [s, e) of data. Returns the offset in the line of a `{{` that
 * gives a template away, or -1.
 */
static long scan_line(struct tscan *t, const char *s, const char *e, long line_off)
{
	const char *p = s, *tok = NULL;
	size_t indent = 0, entry_col;
	bool node, in_plain = false, after_quote = false;

	while (p < e && *p == ' ')
		p++;
	indent = (size_t)(p - s);
	entry_col = indent;
	if (t->block) {
		/* Block scalar content: lines more indented than its header, or blank. */
		if (indent > t->block_indent || p == e || (*p == '\r' && p + 1 == e)) {
			for (; p + 1 < e; p++) {
				if (p[0] != '{' || p[1] != '{')
					continue;
				if (t->first_brace < 0)
					t->first_brace = line_off + (p - s);
				if (is_helm_action(p + 2, e))
					return p - s;
			}
			return -1;
		}
		t->block = false;
	}
	if (p == e || (*p == '\r' && p + 1 == e))
		return -1; /* blank: changes nothing, inside scalars included */
	if (t->quote)
		node = false;
	else if (t->flow)
		node = t->flow_node;
	else if (t->plain && indent > t->plain_indent && *p != '#') {
		node = false; /* a multi-line plain scalar goes on */
		in_plain = true;
	} else
		node = true;
	if (!t->quote && !t->flow && !in_plain)
		t->plain = false;

	for (; p < e; p++) {
		char c = *p;

		if (t->quote) {
			if (c == '\\' && t->quote == '"') {
				p++;
				continue;
			}
			if (c == '\'' && t->quote == '\'' && p + 1 < e && p[1] == '\'') {
				p++;
				continue;
			}
			if (c == t->quote) {
				t->quote = 0;
				after_quote = true;
				continue;
			}
			if (c == '{' && p + 1 < e && p[1] == '{') {
				if (t->first_brace < 0)
					t->first_brace = line_off + (p - s);
				if (is_helm_action(p + 2, e))
					return p - s;
				p++;
			}
			continue;
		}
		if (is_blank(c))
			continue;
		if (c == '#' && (p == s || is_blank(p[-1])))
			break; /* a comment ends the line */
		if (c == '{' && p + 1 < e && p[1] == '{') {
			if (t->first_brace < 0)
				t->first_brace = line_off + (p - s);
			if (node || is_helm_action(p + 2, e))
				return p - s;
			p++;
			continue;
		}
		if (node) {
			node = false;
			after_quote = false;
			if ((c == '-' || c == '?') && !t->flow && blank_after(p, e)) {
				node =
				    true; /* a sequence entry (or complex key): its node follows */
				entry_col = (size_t)(p - s);
				continue;
			}
			if (c == '&' || c == '!') {
				/* An anchor or a tag: the node follows it. */
				while (p + 1 < e && !is_blank(p[1]))
					p++;
				node = true;
				continue;
			}
			if (c == '"' || c == '\'') {
				t->quote = c;
				tok = p;
				continue;
			}
			if ((c == '|' || c == '>') && !t->flow) {
				t->block = true;
				t->block_indent = indent;
				return -1;
			}
			if (c == '[' || c == '{') {
				t->flow++;
				node = true;
				continue;
			}
			in_plain = true; /* a plain scalar (or an alias) starts */
			tok = p;
			continue;
		}
		if (t->flow) {
			if (c == '[' || c == '{') {
				t->flow++;
				node = true;
				in_plain = false;
				continue;
			}
			if (c == ']' || c == '}') {
				t->flow--;
				in_plain = false;
				continue;
			}
			if (c == ',') {
				node = true;
				in_plain = false;
				continue;
			}
		}
		/* `: ` ends a key; so does `:` right after a quoted key ("a":1 in JSON). */
		if (c == ':' && (blank_after(p, e) || after_quote ||
		                 (t->flow && p + 1 < e && strchr(",[]{}", p[1])))) {
			if (!t->flow && tok)
				entry_col = (size_t)(tok - s);
			node = true;
			in_plain = false;
			after_quote = false;
			continue;
		}
		after_quote = false;
	}
	if (t->flow)
		t->flow_node = node;
	else if (in_plain && !t->plain) {
		t->plain = true;
		t->plain_indent = entry_col;
	}
	return -1;
}

/* Scan data; *first_brace is the first `{{` outside comments before the giveaway, or -1. */
static long template_scan(const char *data, size_t len, long *first_brace)
{
	struct tscan t = {.first_brace = -1};
	const char *p = data, *end;

	*first_brace = -1;
	if (!data || !memmem(data, len, "{{", 2))
		return -1;
	end = data + len;
	while (p < end) {
		const char *e = memchr(p, '\n', (size_t)(end - p));
		long at;

		if (!e)
			e = end;
		at = scan_line(&t, p, e, (long)(p - data));
		if (at >= 0) {
			*first_brace = t.first_brace;
			return (long)(p - data) + at;
		}
		p = e + 1;
	}
	*first_brace = t.first_brace;
	return -1;
}

long kube_template_offset(const char *data, size_t len)
{
	long brace;

	return template_scan(data, len, &brace);
}

long kube_template_brace_offset(const char *data, size_t len)
{
	long brace;

	template_scan(data, len, &brace);
	return brace;
}

bool kube_looks_templated(const char *data, size_t len)
{
	return kube_template_offset(data, len) >= 0;
}
