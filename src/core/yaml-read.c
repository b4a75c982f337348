/* SPDX-License-Identifier: MIT */
/*
 * Reading the tree of yaml.h: lookups by key and path, typed scalars, and
 * the line extents inline suppressions use. Nothing here allocates but
 * vakt_yaml_line_ends().
 */
#include <limits.h>

#include "yaml.h"

/* ---- read helpers ------------------------------------------------------------ */

static bool key_is(const struct vakt_yaml_node *k, const char *key, size_t n)
{
	return k->kind == VAKT_YAML_SCALAR && k->len == n && !memcmp(k->str, key, n);
}

const struct vakt_yaml_pair *vakt_yaml_get_pair(const struct vakt_yaml_node *map, const char *key)
{
	size_t n;

	if (!map || !key || map->kind != VAKT_YAML_MAP)
		return NULL;
	n = strlen(key);
	for (size_t i = map->n; i-- > 0;)
		if (key_is(map->pairs[i].key, key, n))
			return &map->pairs[i];
	return NULL;
}

const struct vakt_yaml_node *vakt_yaml_get(const struct vakt_yaml_node *map, const char *key)
{
	const struct vakt_yaml_pair *p = vakt_yaml_get_pair(map, key);

	return p ? p->value : NULL;
}

const struct vakt_yaml_node *vakt_yaml_path(const struct vakt_yaml_node *node, const char *dotted)
{
	const char *s = dotted;

	if (!dotted)
		return NULL;
	while (node) {
		const char *dot = strchr(s, '.');
		size_t n = dot ? (size_t)(dot - s) : strlen(s);
		const struct vakt_yaml_node *next = NULL;

		if (node->kind != VAKT_YAML_MAP)
			return NULL;
		for (size_t i = node->n; i-- > 0;) {
			if (key_is(node->pairs[i].key, s, n)) {
				next = node->pairs[i].value;
				break;
			}
		}
		node = next;
		if (!dot)
			return node;
		s = dot + 1;
	}
	return NULL;
}

const char *vakt_yaml_tag(const struct vakt_yaml_node *node)
{
	return node && node->tagged ? ((const char *const *)node)[-1] : NULL;
}

const char *vakt_yaml_str(const struct vakt_yaml_node *node)
{
	return node && node->kind == VAKT_YAML_SCALAR ? node->str : NULL;
}

bool vakt_yaml_is_null(const struct vakt_yaml_node *node)
{
	if (!node)
		return true;
	if (node->kind != VAKT_YAML_SCALAR)
		return false;
	if (node->tagged)
		return !strcmp(vakt_yaml_tag(node), "!!null");
	if (!node->plain)
		return false;
	return !node->len || !strcmp(node->str, "~") || !strcmp(node->str, "null") ||
	       !strcmp(node->str, "Null") || !strcmp(node->str, "NULL");
}

const char *vakt_yaml_text(const struct vakt_yaml_node *node)
{
	if (!node || node->kind != VAKT_YAML_SCALAR || !node->len || vakt_yaml_is_null(node))
		return NULL;
	return node->str;
}

/* Whether a scalar may be read as the core type `tag` ("!!bool"): plain, or tagged so. */
static bool typed_scalar(const struct vakt_yaml_node *node, const char *tag)
{
	if (!node || node->kind != VAKT_YAML_SCALAR)
		return false;
	if (node->tagged)
		return !strcmp(vakt_yaml_tag(node), tag);
	return node->plain;
}

bool vakt_yaml_bool(const struct vakt_yaml_node *node, bool *out)
{
	static const char *const yes[] = {"true", "yes", "on", "y"};
	static const char *const no[] = {"false", "no", "off", "n"};

	if (!typed_scalar(node, "!!bool"))
		return false;
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(yes); i++) {
		/* y/n only as go-yaml spells them (y, Y), like yes/no in any case. */
		if (!vakt_strcasecmp(node->str, yes[i])) {
			*out = true;
			return true;
		}
		if (!vakt_strcasecmp(node->str, no[i])) {
			*out = false;
			return true;
		}
	}
	return false;
}

static int digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return 99;
}

bool vakt_yaml_int(const struct vakt_yaml_node *node, long long *out)
{
	const char *s;
	unsigned long long v = 0, limit;
	bool neg = false, any = false;
	unsigned base = 10;

	if (!typed_scalar(node, "!!int") || memchr(node->str, '\0', node->len))
		return false;
	s = node->str;
	if (*s == '-' || *s == '+')
		neg = *s++ == '-';
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	} else if (s[0] == '0' && (s[1] == 'o' || s[1] == 'O')) {
		base = 8;
		s += 2;
	} else if (s[0] == '0' && (s[1] == 'b' || s[1] == 'B')) {
		base = 2;
		s += 2;
	} else if (s[0] == '0' && s[1]) {
		base = 8; /* YAML 1.1: 0755 */
		s++;
	}
	limit = neg ? (unsigned long long)LLONG_MAX + 1 : (unsigned long long)LLONG_MAX;
	for (; *s; s++) {
		int d;

		if (*s == '_' && any)
			continue; /* 1_000, as go-yaml reads it */
		d = digit_value(*s);
		if (d >= (int)base)
			return false;
		if (v > (limit - (unsigned)d) / base)
			return false;
		v = v * base + (unsigned)d;
		any = true;
	}
	if (!any)
		return false;
	if (neg)
		*out = v == (unsigned long long)LLONG_MAX + 1 ? LLONG_MIN : -(long long)v;
	else
		*out = (long long)v;
	return true;
}

bool vakt_yaml_is_seq(const struct vakt_yaml_node *node)
{
	return node && node->kind == VAKT_YAML_SEQ;
}

bool vakt_yaml_is_map(const struct vakt_yaml_node *node)
{
	return node && node->kind == VAKT_YAML_MAP;
}

/* --- line ends ------------------------------------------------------------ */

/* Record that something starting on `line` ends on `end`, keeping the largest. */
static void ends_note(int *ends, size_t n_lines, int line, int end)
{
	if (line < 1 || (size_t)line > n_lines)
		return;
	if (end < line)
		end = line;
	if (ends[line - 1] < end)
		ends[line - 1] = end;
}

/*
 * The entries of n (a key with its value, a sequence item) into ends. A
 * child outside n's lines is an alias or a merged key, whose own place the
 * walk reaches (or reached) where it is written: it is passed over.
 */
static void ends_walk(const struct vakt_yaml_node *n, int *ends, size_t n_lines, int depth)
{
	if (!n || depth > VAKT_YAML_MAX_DEPTH)
		return;
	for (size_t i = 0; i < n->n; i++) {
		const struct vakt_yaml_node *k = n->kind == VAKT_YAML_MAP ? n->pairs[i].key : NULL;
		const struct vakt_yaml_node *v =
		    n->kind == VAKT_YAML_MAP ? n->pairs[i].value : n->items[i];
		const struct vakt_yaml_node *first = k ? k : v;

		if (!first || first->line < n->line || first->line > n->end_line)
			continue;
		ends_note(ends, n_lines, first->line,
		          v && v->end_line > first->line ? v->end_line : first->line);
		if (v && v->kind != VAKT_YAML_SCALAR && v->line >= n->line &&
		    v->line <= n->end_line)
			ends_walk(v, ends, n_lines, depth + 1);
	}
}

void vakt_yaml_line_ends_add(const struct vakt_yaml_node *root, int *ends, size_t n_lines)
{
	if (!root)
		return;
	ends_note(ends, n_lines, root->line, root->end_line);
	if (root->kind != VAKT_YAML_SCALAR)
		ends_walk(root, ends, n_lines, 0);
}

int *vakt_yaml_line_ends(const struct vakt_yaml_stream *s, size_t n_lines)
{
	int *ends = vakt_xcalloc(n_lines ? n_lines : 1, sizeof(*ends));

	for (size_t d = 0; s && d < s->n_docs; d++)
		vakt_yaml_line_ends_add(s->docs[d].root, ends, n_lines);
	return ends;
}

/* --- entry extents --------------------------------------------------------- */

/* The outermost YAML entry starting at `line` within n, as its last line; 0 when none. */
static int node_extent(const struct vakt_yaml_node *n, int line, int depth)
{
	if (!n || depth > VAKT_YAML_MAX_DEPTH || line < n->line || line > n->end_line)
		return 0;
	if (n->kind == VAKT_YAML_MAP) {
		for (size_t i = 0; i < n->n; i++) {
			const struct vakt_yaml_pair *p = &n->pairs[i];
			int r;

			if (p->key && p->key->line == line)
				return p->value && p->value->end_line > line ? p->value->end_line
				                                             : line;
			if ((r = node_extent(p->value, line, depth + 1)))
				return r;
		}
	} else if (n->kind == VAKT_YAML_SEQ) {
		for (size_t i = 0; i < n->n; i++) {
			const struct vakt_yaml_node *it = n->items[i];
			int r;

			if (it && it->line == line)
				return it->end_line > line ? it->end_line : line;
			if ((r = node_extent(it, line, depth + 1)))
				return r;
		}
	}
	return 0;
}

int vakt_yaml_entry_extent(const struct vakt_yaml_stream *s, int line)
{
	for (size_t d = 0; s && d < s->n_docs; d++) {
		int r = node_extent(s->docs[d].root, line, 0);

		if (r)
			return r;
	}
	return line;
}
