/* SPDX-License-Identifier: MIT */
/*
 * Where things are in the text, for the YAML editor (yaml-edit-priv.h): the
 * nodes reached by several paths, node positions (libyaml's character
 * columns) as byte offsets, where a node's text starts and ends, and where
 * lines added after a collection go.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "yaml-edit-priv.h"

/* ---- nodes reached by several paths ----------------------------------------- */

static size_t slot_hash(const struct vakt_yaml_node *n)
{
	uint64_t h = (uint64_t)(uintptr_t)n;

	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	return (size_t)h;
}

struct ye_slot *ye_slot_find(const struct vakt_yedit *e, const struct vakt_yaml_node *n)
{
	size_t mask = e->n_slots - 1;

	for (size_t i = slot_hash(n) & mask;; i = (i + 1) & mask)
		if (e->slots[i].n == n || !e->slots[i].n)
			return &e->slots[i];
}

struct ye_slot *ye_slot_get(struct vakt_yedit *e, const struct vakt_yaml_node *n)
{
	struct ye_slot *s;

	if ((e->used + 1) * 2 > e->n_slots) {
		struct ye_slot *old = e->slots;
		size_t n_old = e->n_slots;

		e->n_slots = n_old ? n_old * 2 : 1024;
		e->slots = vakt_xcalloc(e->n_slots, sizeof(*e->slots));
		for (size_t i = 0; i < n_old; i++)
			if (old[i].n)
				*ye_slot_find(e, old[i].n) = old[i];
		free(old);
	}
	s = ye_slot_find(e, n);
	if (!s->n) {
		s->n = n;
		e->used++;
	}
	return s;
}

/* Note each node once; a node met again is reached by several paths. */
/*
 * Whether n has an anchor of its own (not its first key's). In a document
 * with aliases it may be the source of a merge, whose keys it shares
 * though the tree reaches it once (an empty one shares none): treated as
 * reached by several paths.
 */
static bool anchored(const struct vakt_yedit *e, const struct vakt_yaml_node *n)
{
	size_t i;

	if (ye_pos_off(e, n->line, n->col, &i) < 0 || e->data[i] != '&')
		return false;
	return n->kind != VAKT_YAML_MAP || !n->n || n->pairs[0].key->line != n->line ||
	       n->pairs[0].key->col != n->col;
}

void ye_shared_walk(struct vakt_yedit *e, const struct vakt_yaml_node *n)
{
	struct ye_slot *s = ye_slot_get(e, n);

	if (s->flags & YE_SEEN) {
		s->flags |= YE_MULTI;
		return;
	}
	s->flags |= YE_SEEN;
	if (anchored(e, n))
		s->flags |= YE_MULTI;
	for (size_t i = 0; i < n->n; i++) {
		if (n->kind == VAKT_YAML_SEQ) {
			ye_shared_walk(e, n->items[i]);
		} else {
			ye_shared_walk(e, n->pairs[i].key);
			ye_shared_walk(e, n->pairs[i].value);
		}
	}
}

/* Everything below a node reached by several paths is too. */
void ye_shared_mark(struct vakt_yedit *e, const struct vakt_yaml_node *n)
{
	struct ye_slot *s = ye_slot_find(e, n);

	if (s->flags & YE_MARKED)
		return;
	s->flags |= YE_MULTI | YE_MARKED;
	for (size_t i = 0; i < n->n; i++) {
		if (n->kind == VAKT_YAML_SEQ) {
			ye_shared_mark(e, n->items[i]);
		} else {
			ye_shared_mark(e, n->pairs[i].key);
			ye_shared_mark(e, n->pairs[i].value);
		}
	}
}

bool ye_is_multi(const struct vakt_yedit *e, const struct vakt_yaml_node *n)
{
	return e->slots && (ye_slot_find(e, n)->flags & YE_MULTI);
}

/* ---- positions -------------------------------------------------------------- */

int ye_bad_pos(const struct vakt_yedit *e, const struct vakt_yaml_node *n, struct vakt_error **err)
{
	return vakt_error_set_at(err, -EINVAL, e->src->path, n->line, n->col,
	                         "node position is not in the text");
}

/* The byte of 1-based line and character column col (col may be one past the line). */
int ye_pos_off(const struct vakt_yedit *e, int line, int col, size_t *off)
{
	size_t i;

	if (line < 1 || (size_t)line > e->src->n_lines || col < 1)
		return -EINVAL;
	i = vakt_source_line_start(e->src, line);
	if (line == 1 && e->bom)
		i += 3;
	for (int c = 1; c < col; c++) {
		if (i >= e->len || e->data[i] == '\n')
			return -EINVAL;
		for (i++; i < e->len && ((unsigned char)e->data[i] & 0xC0) == 0x80; i++)
			;
	}
	*off = i;
	return 0;
}

bool ye_is_empty(const struct vakt_yaml_node *n)
{
	return n->kind == VAKT_YAML_SCALAR && n->plain && !n->len;
}

/* Skip blanks, line breaks and comments from i. */
static size_t skip_space(const struct vakt_yedit *e, size_t i)
{
	while (i < e->len) {
		char c = e->data[i];

		if (c == '#') {
			while (i < e->len && e->data[i] != '\n')
				i++;
		} else if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
			i++;
		} else {
			break;
		}
	}
	return i;
}

/*
 * The end of the anchor or tag at i: an anchor's name is letters, digits,
 * `-` and `_` (libyaml's), a tag ends at a blank or a flow indicator.
 */
static size_t prop_end(const struct vakt_yedit *e, size_t i)
{
	bool anchor = e->data[i] == '&';

	for (i++; i < e->len; i++) {
		unsigned char c = (unsigned char)e->data[i];

		bool name = (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') ||
		            c == '-' || c == '_';

		if (anchor ? !name : !!strchr(" \t\r\n,[]{}", c))
			break;
	}
	return i;
}

/*
 * Where the value of empty scalar n goes: after its anchor and tag when it
 * has them (*props set), else at its position.
 */
int ye_empty_at(const struct vakt_yedit *e, const struct vakt_yaml_node *n, size_t *off,
                bool *props)
{
	size_t i;

	*props = false;
	if (ye_pos_off(e, n->line, n->col, &i) < 0)
		return -EINVAL;
	*off = i;
	while (i < e->len && (e->data[i] == '&' || e->data[i] == '!')) {
		i = prop_end(e, i);
		*off = i;
		*props = true;
		while (i < e->len && (e->data[i] == ' ' || e->data[i] == '\t'))
			i++;
	}
	return 0;
}

/*
 * Whether empty scalar n is where its value would be written: after its
 * anchor or tag, a `:` or a `-`. libyaml places some (an explicit key's
 * missing value) at the next token, lines later.
 */
bool ye_empty_placed(const struct vakt_yedit *e, const struct vakt_yaml_node *n)
{
	size_t i;
	bool props;

	/* Before its anchor or tag too: libyaml may have put it on the next key's tag. */
	if (ye_empty_at(e, n, &i, &props) < 0 || ye_pos_off(e, n->line, n->col, &i) < 0)
		return false;
	/* an anchor and a tag on lines apart (comments between): no place for a value */
	if (props && n->end_line != n->line)
		return false;
	while (i > 0 && (e->data[i - 1] == ' ' || e->data[i - 1] == '\t'))
		i--;
	/* an indicator is one when a blank follows it (`-,` is a scalar); `-` starts an entry */
	if (i == 0 || (i < e->len && !strchr(" \t\r\n", e->data[i])))
		return false;
	if (e->data[i - 1] == '-')
		return i == 1 || strchr(" \t\n-", e->data[i - 2]);
	return e->data[i - 1] == ':';
}

/* Where n's own text starts, after its anchor and tag. */
int ye_value_start(const struct vakt_yedit *e, const struct vakt_yaml_node *n, size_t *off)
{
	size_t i;
	bool props;

	if (ye_is_empty(n))
		return ye_empty_at(e, n, off, &props);
	if (ye_pos_off(e, n->line, n->col, &i) < 0)
		return -EINVAL;
	while (i < e->len && (e->data[i] == '&' || e->data[i] == '!')) {
		i = prop_end(e, i);
		i = skip_space(e, i);
	}
	*off = i;
	return i < e->len ? 0 : -EINVAL;
}

/* Whether collection n opens with a bracket. */
/*
 * Whether collection n opens with a bracket: one after its own anchor and
 * tag, before its first child (`&a: {b: 1}` is a block mapping whose first
 * key has an anchor and a flow value).
 */
static bool opens_flow(const struct vakt_yedit *e, const struct vakt_yaml_node *n)
{
	const struct vakt_yaml_node *first;
	size_t i, c;

	if (n->kind == VAKT_YAML_SCALAR || ye_value_start(e, n, &i) < 0 ||
	    (e->data[i] != '{' && e->data[i] != '['))
		return false;
	if (!n->n)
		return true;
	first = n->kind == VAKT_YAML_SEQ ? n->items[0] : n->pairs[0].key;
	/* an alias's position is its anchor's */
	return ye_is_multi(e, first) || ye_pos_off(e, first->line, first->col, &c) < 0 || c > i;
}

bool ye_is_implicit(const struct vakt_yedit *e, const struct vakt_yaml_node *n)
{
	return e->slots && (ye_slot_find(e, n)->flags & YE_IMPLICIT);
}

bool ye_is_flow(const struct vakt_yedit *e, const struct vakt_yaml_node *n)
{
	return opens_flow(e, n) || (n->kind == VAKT_YAML_MAP && ye_is_implicit(e, n));
}

/* Note the single-pair mappings of flow sequences below n (shared: n's document has aliases). */
void ye_flow_walk(struct vakt_yedit *e, const struct vakt_yaml_node *n, bool in_flow, bool shared)
{
	bool br;

	if (n->kind == VAKT_YAML_SCALAR)
		return;
	if (shared) {
		struct ye_slot *s = ye_slot_get(e, n);

		if (s->flags & YE_FLOW_SEEN)
			return;
		s->flags |= YE_FLOW_SEEN;
	}
	br = opens_flow(e, n);
	if (in_flow && !br)
		ye_slot_get(e, n)->flags |= YE_IMPLICIT;
	for (size_t i = 0; i < n->n; i++) {
		if (n->kind == VAKT_YAML_SEQ) {
			ye_flow_walk(e, n->items[i], in_flow || br, shared);
		} else {
			ye_flow_walk(e, n->pairs[i].key, in_flow || br, shared);
			ye_flow_walk(e, n->pairs[i].value, in_flow || br, shared);
		}
	}
}

bool ye_pair_own(const struct vakt_yedit *e, const struct vakt_yaml_node *map, size_t i)
{
	const struct vakt_yaml_node *k = map->pairs[i].key;

	if (!map->merged)
		return true;
	/* (not its end: a mapping ending with `<<: *a` ends where the anchor does) */
	return !ye_is_multi(e, k) && k->col == map->col && k->line >= map->line;
}

const struct vakt_yaml_node *ye_map_tail(const struct vakt_yedit *e,
                                         const struct vakt_yaml_node *map,
                                         const struct vakt_yaml_node **first)
{
	const struct vakt_yaml_node *tail = NULL;

	*first = NULL;
	for (size_t i = 0; i < map->n; i++) {
		if (!ye_pair_own(e, map, i))
			continue;
		if (!*first)
			*first = map->pairs[i].key;
		tail = map->pairs[i].value;
	}
	return tail;
}

/*
 * The last node written in n (n itself for scalars and flow collections), or
 * NULL when the way there meets a node reached through an alias (its
 * position is its anchor's, not where the alias is written) or a mapping
 * with merged keys (its last pair may be written anywhere).
 */
const struct vakt_yaml_node *ye_last_leaf(const struct vakt_yedit *e,
                                          const struct vakt_yaml_node *n)
{
	for (;;) {
		if (ye_is_multi(e, n) || (n->kind == VAKT_YAML_MAP && n->merged))
			return NULL;
		if (n->kind == VAKT_YAML_SCALAR || !n->n || ye_is_flow(e, n))
			return n;
		n = n->kind == VAKT_YAML_SEQ ? n->items[n->n - 1] : n->pairs[n->n - 1].value;
	}
}

/* The byte after n's last. */
int ye_node_end(const struct vakt_yedit *e, const struct vakt_yaml_node *n, size_t *end)
{
	size_t i;
	bool props;

	n = ye_last_leaf(e, n);
	if (!n)
		return -ENOTSUP;
	if (ye_is_empty(n))
		return ye_empty_placed(e, n) ? ye_empty_at(e, n, end, &props) : -ENOENT;
	if (ye_pos_off(e, n->end_line, n->end_col, &i) < 0 || i >= e->len)
		return -EINVAL;
	if (n->kind != VAKT_YAML_SCALAR) {
		if (e->data[i] != '}' && e->data[i] != ']')
			return -EINVAL;
		*end = i + 1;
		return 0;
	}
	/* a block scalar's end on line 1 counts the BOM (yaml.c): it is the line's end */
	if (e->data[i] == '\r' || e->data[i] == '\n') {
		*end = i;
		return 0;
	}
	for (i++; i < e->len && ((unsigned char)e->data[i] & 0xC0) == 0x80; i++)
		;
	*end = i;
	return 0;
}

/* Whether the end of n (where entries are added after) can be found. */
int ye_check_end(const struct vakt_yedit *e, const struct vakt_yaml_node *n,
                 struct vakt_error **err)
{
	size_t end;
	int r = ye_node_end(e, n, &end);

	if (r == -ENOTSUP)
		return vakt_error_set_at(
		    err, r, e->src->path, n->line, n->col,
		    "this collection ends with an alias or a merge key: left as "
		    "it is");
	if (r == -ENOENT)
		return vakt_error_set_at(err, -ENOTSUP, e->src->path, n->line, n->col,
		                         "this collection ends with an empty value whose place is "
		                         "not known: left as it is");
	return r < 0 ? ye_bad_pos(e, n, err) : 0;
}

int vakt_yedit_span(const struct vakt_yedit *e, const struct vakt_yaml_node *n, size_t *off,
                    size_t *end, struct vakt_error **err)
{
	int r = ye_check_end(e, n, err);

	if (r < 0)
		return r;
	if (ye_pos_off(e, n->line, n->col, off) < 0 || ye_node_end(e, n, end) < 0 || *end < *off)
		return ye_bad_pos(e, n, err);
	return 0;
}

int vakt_yedit_pair_span(const struct vakt_yedit *e, const struct vakt_yaml_node *map, size_t i,
                         size_t *off, size_t *end, struct vakt_error **err)
{
	size_t k_end;

	if (map->kind != VAKT_YAML_MAP || i >= map->n)
		return vakt_error_set_at(err, -EINVAL, e->src->path, map->line, map->col,
		                         "no pair %zu in this mapping", i);
	if (vakt_yedit_span(e, map->pairs[i].key, off, &k_end, err) < 0 ||
	    vakt_yedit_span(e, map->pairs[i].value, &k_end, end, err) < 0)
		return -EINVAL;
	if (*end < *off)
		return ye_bad_pos(e, map, err);
	return 0;
}

/* Characters before byte off on its line (the indentation of what starts there). */
int ye_indent_at(const struct vakt_yedit *e, size_t off)
{
	size_t i = off;
	int c = 0;

	while (i > 0 && e->data[i - 1] != '\n')
		i--;
	if (i == 0 && e->bom)
		i = 3;
	for (; i < off; i++)
		if (((unsigned char)e->data[i] & 0xC0) != 0x80)
			c++;
	return c;
}

/* The column (0-based, characters) of the `-` of block sequence seq. */
char ye_prev_char(const struct vakt_yedit *e, size_t off, size_t *at)
{
	size_t i = off, start;

	for (;;) {
		while (i > 0 &&
		       (e->data[i - 1] == ' ' || e->data[i - 1] == '\t' || e->data[i - 1] == '\r'))
			i--;
		if (i > 0 && e->data[i - 1] != '\n') {
			*at = i - 1;
			return e->data[i - 1];
		}
		if (i == 0)
			return 0;
		/* the line before: its text up to a comment */
		i--;
		start = i;
		while (start > 0 && e->data[start - 1] != '\n')
			start--;
		for (size_t k = start; k < i; k++)
			if (e->data[k] == '#' &&
			    (k == start || e->data[k - 1] == ' ' || e->data[k - 1] == '\t')) {
				i = k;
				break;
			}
	}
}

int ye_dash_indent(const struct vakt_yedit *e, const struct vakt_yaml_node *seq)
{
	size_t i;

	/* the first item's `-`, maybe lines before it (`-` then a mapping below) */
	if (!seq->n || ye_is_multi(e, seq->items[0]) ||
	    ye_pos_off(e, seq->items[0]->line, seq->items[0]->col, &i) < 0 ||
	    ye_prev_char(e, i, &i) != '-')
		return -1;
	return ye_indent_at(e, i);
}

/* Where lines added after node n go; *eof when n ends the text without a line break. */
int ye_after_line(const struct vakt_yedit *e, const struct vakt_yaml_node *n, size_t *off,
                  bool *eof)
{
	const struct vakt_yaml_node *leaf = ye_last_leaf(e, n);
	size_t i, v;
	const char *nl;

	if (!leaf || ye_node_end(e, n, &i) < 0)
		return -EINVAL;
	nl = memchr(e->data + i, '\n', e->len - i);
	*eof = !nl;
	if (!nl) {
		*off = e->len;
		return 0;
	}
	i = (size_t)(nl - e->data) + 1;
	/* After a block scalar, its trailing blank lines (kept with `|+`) stay its own. */
	if (leaf->kind == VAKT_YAML_SCALAR && ye_value_start(e, leaf, &v) == 0 &&
	    (e->data[v] == '|' || e->data[v] == '>')) {
		for (;;) {
			size_t k = i;

			while (k < e->len &&
			       (e->data[k] == ' ' || e->data[k] == '\t' || e->data[k] == '\r'))
				k++;
			if (k >= e->len || e->data[k] != '\n')
				break;
			i = k + 1;
		}
	}
	*off = i;
	return 0;
}
