/* SPDX-License-Identifier: MIT */
/*
 * The text-preserving YAML editor (yaml-edit.h): the checks that refuse an
 * edit that would be wrong, the changes gathered, and the edits written
 * from them. Where things are in the text: yaml-edit-text.c.
 */
#include "yaml-edit.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "yaml-edit-priv.h"

/* ---- refusals --------------------------------------------------------------- */

static int check_node(const struct vakt_yedit *e, const struct vakt_yaml_node *n,
                      struct vakt_error **err)
{
	if (ye_is_multi(e, n))
		return vakt_error_set_at(
		    err, -ENOTSUP, e->src->path, n->line, n->col,
		    "this node is reached by several paths (an anchor with "
		    "aliases or a merge key): editing it would change them all");
	if (n->tagged)
		return vakt_error_set_at(err, -ENOTSUP, e->src->path, n->line, n->col,
		                         "this node has a tag ('%s'): left as it is",
		                         vakt_yaml_tag(n));
	return 0;
}

/*
 * A block mapping holding only merge keys, written `<<: *a` or `<<: [*a, *b]`
 * on its first line (a comment after it allowed): where the line after it
 * starts (*eof: the text ends on that line) and the byte of its `<<`, for
 * keys added after it. -ENOTSUP for any other shape.
 */
static int merge_only_end(const struct vakt_yedit *e, const struct vakt_yaml_node *map, size_t *off,
                          bool *eof, size_t *at)
{
	const char *d = e->data;
	size_t i, n = e->len;
	bool list;

	if (ye_pos_off(e, map->line, map->col, &i) < 0 || n - i < 3 || memcmp(d + i, "<<", 2))
		return -ENOTSUP;
	*at = i;
	for (i += 2; i < n && (d[i] == ' ' || d[i] == '\t'); i++)
		;
	if (i >= n || d[i++] != ':')
		return -ENOTSUP;
	for (; i < n && (d[i] == ' ' || d[i] == '\t'); i++)
		;
	list = i < n && d[i] == '[';
	i += list;
	for (;;) {
		for (; i < n && (d[i] == ' ' || d[i] == '\t'); i++)
			;
		if (i >= n || d[i] != '*')
			return -ENOTSUP;
		/* an alias name runs to a blank, a line break or (in a flow list) , ] */
		for (i++; i < n && !strchr(" \t\r\n", d[i]) && !(list && strchr(",]", d[i])); i++)
			;
		for (; i < n && (d[i] == ' ' || d[i] == '\t'); i++)
			;
		if (!list)
			break;
		if (i < n && d[i] == ']') {
			i++;
			break;
		}
		if (i >= n || d[i++] != ',')
			return -ENOTSUP;
	}
	for (; i < n && (d[i] == ' ' || d[i] == '\t'); i++)
		;
	if (i < n && d[i] == '#' && (d[i - 1] == ' ' || d[i - 1] == '\t'))
		while (i < n && d[i] != '\n')
			i++;
	if (i < n && d[i] == '\r')
		i++;
	if (i < n && d[i] != '\n')
		return -ENOTSUP;
	*eof = i >= n;
	*off = i < n ? i + 1 : n;
	return 0;
}

/*
 * Where pairs added to block mapping map go: after the last line of what it
 * writes (for one with merge keys, its last own pair, or the line of a
 * lone `<<: *a`), at the indentation in *in.
 */
static int map_add_place(const struct vakt_yedit *e, const struct vakt_yaml_node *map, size_t *off,
                         bool *eof, int *in)
{
	const struct vakt_yaml_node *first = map->n ? map->pairs[0].key : NULL, *end = map;
	size_t at;

	if (map->merged && !(end = ye_map_tail(e, map, &first))) {
		if (merge_only_end(e, map, off, eof, &at) < 0)
			return -ENOTSUP;
		*in = ye_indent_at(e, at);
		return 0;
	}
	if (!first || ye_after_line(e, end, off, eof) < 0 ||
	    ye_pos_off(e, first->line, first->col, &at) < 0)
		return -EINVAL;
	*in = ye_indent_at(e, at);
	return 0;
}

/* A tab indenting the blank lines from off on (see check_tabs()). */
static int tabs_from(const struct vakt_yedit *e, size_t i, const struct vakt_yaml_node *n,
                     struct vakt_error **err)
{
	bool bol = true;

	for (; i < e->len && strchr(" \t\r\n", e->data[i]); i++) {
		if (e->data[i] == '\n')
			bol = true;
		else if (e->data[i] == '\t' && bol)
			return vakt_error_set_at(err, -ENOTSUP, e->src->path, n->line, n->col,
			                         "a tab indents the blank lines after this node: "
			                         "left as it is");
	}
	return 0;
}

static int check_map(const struct vakt_yedit *e, const struct vakt_yaml_node *map,
                     struct vakt_error **err)
{
	const struct vakt_yaml_node *first;
	int r = check_node(e, map, err);

	if (r < 0)
		return r;
	if (map->kind != VAKT_YAML_MAP)
		return vakt_error_set_at(err, -EEXIST, e->src->path, map->line, map->col,
		                         "expected a mapping here");
	/*
	 * A block mapping with merge keys takes keys after the last it writes
	 * itself, or after a lone `<<: *a` line.
	 */
	if (map->merged && ye_is_flow(e, map))
		return vakt_error_set_at(err, -ENOTSUP, e->src->path, map->line, map->col,
		                         "a flow mapping with a merge key ('<<') is left as it is");
	if (map->merged && !ye_map_tail(e, map, &first)) {
		size_t off, at;
		bool eof;

		if (merge_only_end(e, map, &off, &eof, &at) < 0)
			return vakt_error_set_at(
			    err, -ENOTSUP, e->src->path, map->line, map->col,
			    "a mapping holding only merge keys ('<<') not written "
			    "as '<<: *name' on one line is left as it is");
		return 0;
	}
	if (ye_is_implicit(e, map))
		return vakt_error_set_at(
		    err, -ENOTSUP, e->src->path, map->line, map->col,
		    "a single-pair mapping in a flow sequence is left as it is");
	for (size_t i = 0; i < map->n; i++) {
		const struct vakt_yaml_node *k = map->pairs[i].key;
		size_t off;

		if (k->kind != VAKT_YAML_SCALAR)
			return vakt_error_set_at(err, -ENOTSUP, e->src->path, k->line, k->col,
			                         "a mapping with a complex key is left as it is");
		if (ye_pos_off(e, k->line, k->col, &off) < 0)
			return ye_bad_pos(e, k, err);
		if (ye_prev_char(e, off, &off) == '?')
			return vakt_error_set_at(
			    err, -ENOTSUP, e->src->path, k->line, k->col,
			    "a mapping with an explicit ('?') key is left as it is");
	}
	if (ye_is_flow(e, map) && map->n && ye_is_empty(map->pairs[map->n - 1].value))
		return vakt_error_set_at(
		    err, -ENOTSUP, e->src->path, map->line, map->col,
		    "a flow mapping whose last value is empty is left as it is");
	if (map->merged)
		return ye_check_end(e, ye_map_tail(e, map, &first), err);
	return map->n
	           ? ye_check_end(e, ye_is_flow(e, map) ? map->pairs[map->n - 1].value : map, err)
	           : 0;
}

/* An empty value must sit after a `:` (or a `-`) for a value to be written there. */
static int check_empty(const struct vakt_yedit *e, const struct vakt_yaml_node *n,
                       struct vakt_error **err)
{
	if (ye_is_empty(n) && !ye_empty_placed(e, n))
		return vakt_error_set_at(err, -ENOTSUP, e->src->path, n->line, n->col,
		                         "cannot place a value for this empty node");
	return 0;
}

/* ---- the editor ------------------------------------------------------------- */

/* Find the file's indent step and sequence style from its first nested collections. */
static void style_walk(struct vakt_yedit *e, const struct vakt_yaml_node *n, int depth,
                       bool *step_done, bool *seq_done, size_t *budget)
{
	if (n->kind != VAKT_YAML_MAP || ye_is_flow(e, n) || depth > VAKT_YAML_MAX_DEPTH)
		return;
	for (size_t i = 0; i < n->n && !(*step_done && *seq_done) && *budget; i++, --*budget) {
		const struct vakt_yaml_node *k = n->pairs[i].key, *v = n->pairs[i].value;

		if (v->kind == VAKT_YAML_MAP && v->n && !ye_is_flow(e, v) && !*step_done &&
		    v->pairs[0].key->line > k->line && v->pairs[0].key->col > k->col) {
			e->st.step = v->pairs[0].key->col - k->col;
			*step_done = e->st.step <= 8;
			if (!*step_done)
				e->st.step = 2;
		}
		if (v->kind == VAKT_YAML_SEQ && v->n && !ye_is_flow(e, v) && !*seq_done &&
		    v->line > k->line) {
			e->st.seq_off = ye_dash_indent(e, v) - (k->col - 1);
			/* (a first item whose `-` is not found gives below 0) */
			if (e->st.seq_off < 0 || e->st.seq_off > 8)
				e->st.seq_off = 0;
			*seq_done = true;
		}
		if (v->kind == VAKT_YAML_SEQ && !ye_is_flow(e, v)) {
			for (size_t j = 0; j < v->n && *budget; j++, --*budget)
				style_walk(e, v->items[j], depth + 1, step_done, seq_done, budget);
		} else {
			style_walk(e, v, depth + 1, step_done, seq_done, budget);
		}
	}
}

/*
 * Whether a text is JSON by its start: `{` then a quoted key, or `[`, `{`
 * and a quoted key (`{a: 1}` is YAML's flow style, and stays so).
 */
static bool looks_json(const char *p, size_t n)
{
	size_t i = 0;
	int opened = 0;

	for (;;) {
		while (i < n && strchr(" \t\r\n", p[i]))
			i++;
		if (i >= n)
			return false;
		if (p[i] == '"')
			return opened > 0 && p[i - 1] != '[';
		if ((p[i] != '{' && p[i] != '[') || ++opened > 2)
			return false;
		i++;
	}
}

int vakt_yedit_new(const struct vakt_source *src, const struct vakt_yaml_stream *s,
                   struct vakt_yedit **out, struct vakt_error **err)
{
	struct vakt_yedit *e;
	bool step_done = false, seq_done = false;
	size_t budget = 100000, bad;
	const char *nl, *first;

	*out = NULL;
	if (!src->data)
		return vakt_error_set(err, -EINVAL, "'%s': the source's text is packed", src->path);
	/* libyaml reads UTF-16 too: its columns would not be the bytes' */
	if (!vakt_utf8_valid(src->data, src->len, &bad) || memchr(src->data, '\0', src->len))
		return vakt_error_set(err, -ENOTSUP,
		                      "'%s': not UTF-8 text: the file is left as it is", src->path);
	/* libyaml skips a byte-order mark anywhere; the editor knows the first one only */
	if (src->len > 3 && memmem(src->data + 1, src->len - 1, "\xEF\xBB\xBF", 3))
		return vakt_error_set(
		    err, -ENOTSUP,
		    "'%s': a byte-order mark inside the text: the file is left as it "
		    "is",
		    src->path);
	for (size_t i = 0; i < src->len; i++) {
		const unsigned char *d = (const unsigned char *)src->data + i;
		size_t left = src->len - i;
		size_t line = 1;

		if ((d[0] == '\r' && (left < 2 || d[1] != '\n')) ||
		    (d[0] == 0xC2 && left > 1 && d[1] == 0x85) ||
		    (d[0] == 0xE2 && left > 2 && d[1] == 0x80 && (d[2] == 0xA8 || d[2] == 0xA9))) {
			for (size_t k = 0; k < i; k++)
				line += src->data[k] == '\n';
			return vakt_error_set_at(err, -ENOTSUP, src->path, (int)line, 0,
			                         "a line break other than LF or CRLF: the file is "
			                         "left as it is");
		}
	}
	e = vakt_xcalloc(1, sizeof(*e));
	e->src = src;
	e->data = src->data;
	e->len = src->len;
	e->bom = src->len >= 3 && !memcmp(src->data, "\xEF\xBB\xBF", 3);
	e->st.step = 2;
	e->st.eol = "\n";
	nl = memchr(e->data, '\n', e->len);
	if (nl && nl > e->data && nl[-1] == '\r')
		e->st.eol = "\r\n";
	first = e->data + (e->bom ? 3 : 0);
	e->st.json = looks_json(first, (size_t)(e->data + e->len - first)) ||
	             (src->path && vakt_ends_with(src->path, ".json"));
	for (size_t d = 0; d < s->n_docs; d++) {
		if (s->docs[d].root)
			style_walk(e, s->docs[d].root, 1, &step_done, &seq_done, &budget);
		if (s->docs[d].shared && s->docs[d].root)
			ye_shared_walk(e, s->docs[d].root);
		if (s->docs[d].root)
			ye_flow_walk(e, s->docs[d].root, false, s->docs[d].shared);
	}
	for (size_t i = 0; i < e->n_slots; i++)
		if (e->slots[i].n && (e->slots[i].flags & YE_MULTI) &&
		    !(e->slots[i].flags & YE_MARKED))
			ye_shared_mark(e, e->slots[i].n);
	*out = e;
	return 0;
}

static void change_release(struct ye_change *c)
{
	ye_val_free(c->val);
	vakt_buf_release(&c->ent.note);
}

void vakt_yedit_free(struct vakt_yedit *e)
{
	if (!e)
		return;
	for (size_t i = 0; i < e->n_ch; i++)
		change_release(&e->ch[i]);
	free(e->ch);
	free(e->slots);
	free(e);
}

/* The change of op on target, or NULL (one look-up: a fix of a 10 MB List makes thousands). */
static struct ye_change *change_find(struct vakt_yedit *e, enum ye_op op,
                                     const struct vakt_yaml_node *target)
{
	const struct ye_slot *s;

	if (!e->slots)
		return NULL;
	s = ye_slot_find(e, target);
	return s->n && s->change && e->ch[s->change - 1].op == op ? &e->ch[s->change - 1] : NULL;
}

static struct ye_change *change_add(struct vakt_yedit *e, enum ye_op op,
                                    const struct vakt_yaml_node *target, struct ye_val *val,
                                    const struct vakt_rule *rule, const char *note)
{
	struct ye_change *c;

	e->ch = vakt_grow(e->ch, sizeof(*e->ch), e->n_ch + 1, &e->cap_ch);
	c = &e->ch[e->n_ch++];
	memset(c, 0, sizeof(*c));
	c->op = op;
	c->target = target;
	c->val = val;
	c->ent.rule = rule;
	ye_ent_note(&c->ent, note);
	/* SET and FILL (scalars) exclude each other, ADD_MAP and ADD_SEQ have their kinds */
	ye_slot_get(e, target)->change = e->n_ch;
	return c;
}

static const char *kind_name(enum vakt_yaml_kind k)
{
	return k == VAKT_YAML_SCALAR ? "a scalar" : k == VAKT_YAML_SEQ ? "a sequence" : "a mapping";
}

/*
 * A tab in the indentation of the blank lines after n (the end of a scalar
 * set, or where lines are added after a block collection) is read as
 * whitespace only inside a plain scalar: text written there would not parse.
 */
static int check_tabs(const struct vakt_yedit *e, const struct vakt_yaml_node *n, bool lines,
                      struct vakt_error **err)
{
	size_t i;
	bool eof, bol = lines;

	if (lines ? ye_after_line(e, n, &i, &eof) < 0 : ye_node_end(e, n, &i) < 0)
		return ye_bad_pos(e, n, err);
	for (; i < e->len && strchr(" \t\r\n", e->data[i]); i++) {
		if (e->data[i] == '\n')
			bol = true;
		else if (e->data[i] == '\t' && bol)
			return vakt_error_set_at(err, -ENOTSUP, e->src->path, n->line, n->col,
			                         "a tab indents the blank lines after this node: "
			                         "left as it is");
	}
	return 0;
}

/*
 * A block scalar whose indicator starts its line may sit at its key's
 * column, where another scalar would read as a key.
 */
static int check_block_alone(const struct vakt_yedit *e, const struct vakt_yaml_node *n,
                             struct vakt_error **err)
{
	size_t i;

	if (ye_is_empty(n) || ye_value_start(e, n, &i) < 0)
		return 0;
	if (e->data[i] != '|' && e->data[i] != '>')
		return 0;
	while (i > 0 && (e->data[i - 1] == ' ' || e->data[i - 1] == '\t'))
		i--;
	if (i == 0 || e->data[i - 1] == '\n')
		return vakt_error_set_at(err, -ENOTSUP, e->src->path, n->line, n->col,
		                         "a block scalar on a line of its own is left as it is");
	return 0;
}

static int set_val(struct vakt_yedit *e, const struct vakt_yaml_node *n, struct ye_val *v, bool any,
                   const struct vakt_rule *rule, const char *note, struct vakt_error **err)
{
	struct ye_change *c;
	int r = check_node(e, n, err);

	if (!r)
		r = check_empty(e, n, err);
	if (!r && n->kind == VAKT_YAML_SCALAR)
		r = check_tabs(e, n, false, err);
	if (!r && n->kind == VAKT_YAML_SCALAR)
		r = check_block_alone(e, n, err);
	if (!r && (n->kind != VAKT_YAML_SCALAR || (!any && v->kind != VAKT_YAML_SCALAR) ||
	           change_find(e, YE_CH_FILL, n)))
		r = vakt_error_set_at(err, -EEXIST, e->src->path, n->line, n->col,
		                      "expected a scalar here");
	if (r < 0) {
		ye_val_free(v);
		return r;
	}
	c = change_find(e, YE_CH_SET, n);
	if (c) {
		ye_ent_note(&c->ent, note);
		return ye_val_merge(c->val, v, NULL, NULL);
	}
	if (ye_node_eq(n, v)) {
		ye_val_free(v);
		return 0;
	}
	change_add(e, YE_CH_SET, n, v, rule, note);
	return 0;
}

int vakt_yedit_set_scalar(struct vakt_yedit *e, const struct vakt_yaml_node *n, const char *value,
                          bool string, const struct vakt_rule *rule, const char *note,
                          struct vakt_error **err)
{
	return set_val(e, n, ye_val_scalar(value, !string), false, rule, note, err);
}

static int parse_value(const struct vakt_yedit *e, const char *value, struct ye_val **v,
                       struct vakt_error **err);

int vakt_yedit_set_value(struct vakt_yedit *e, const struct vakt_yaml_node *n, const char *value,
                         const struct vakt_rule *rule, const char *note, struct vakt_error **err)
{
	struct ye_val *v;
	int r = parse_value(e, value, &v, err);

	if (r < 0)
		return r;
	if (n->kind != VAKT_YAML_SCALAR && ye_node_eq(n, v) && !change_find(e, YE_CH_ADD_MAP, n) &&
	    !change_find(e, YE_CH_ADD_SEQ, n)) {
		ye_val_free(v);
		return 0; /* holds it already */
	}
	return set_val(e, n, v, true, rule, note, err);
}

static int append_val(struct vakt_yedit *e, const struct vakt_yaml_node *seq, struct ye_val *v,
                      const struct vakt_rule *rule, const char *note, struct vakt_error **err);

/*
 * A key merged into a mapping by `<<` (pair p) asked to hold *v: *v becomes
 * the merged value with *v merged in, so that the key written in the
 * mapping, which wins over the merged one, loses nothing the merge gave.
 * 1: write it; 0: the merged value holds it already (*v freed); or an error
 * (*v freed).
 */
static int merged_value(const struct vakt_yedit *e, const struct vakt_yaml_pair *p,
                        struct ye_val **v, const char *key, struct vakt_error **err)
{
	const struct vakt_yaml_node *x = p->value;
	struct ye_val *have;

	if (x->kind == VAKT_YAML_SCALAR && ye_scalar_null(x->str, x->len, x->plain))
		return 1;
	if (ye_val_of_node(x, &have) < 0) {
		ye_val_free(*v);
		return vakt_error_set_at(err, -ENOTSUP, e->src->path, x->line, x->col,
		                         "'%s' is merged in ('<<') with a value that is not plain "
		                         "data: left as it is",
		                         key);
	}
	if (ye_val_merge(have, *v, NULL, NULL) < 0) {
		ye_val_free(have);
		return vakt_error_set_at(err, -EEXIST, e->src->path, x->line, x->col,
		                         "'%s' merged in ('<<') holds %s", key, kind_name(x->kind));
	}
	if (ye_node_eq(x, have)) {
		ye_val_free(have);
		return 0;
	}
	*v = have;
	return 1;
}

/* ensure with a parsed value (taken). */
static int ensure_val(struct vakt_yedit *e, const struct vakt_yaml_node *map, const char *key,
                      struct ye_val *v, const struct vakt_rule *rule, const char *note,
                      struct vakt_error **err)
{
	const struct vakt_yaml_pair *p;
	const struct vakt_yaml_node *x;
	struct ye_change *c;
	int r = check_map(e, map, err);

	if (r < 0) {
		ye_val_free(v);
		return r;
	}
	p = vakt_yaml_get_pair(map, key);
	if (p && !ye_pair_own(e, map, (size_t)(p - map->pairs))) {
		r = merged_value(e, p, &v, key, err);
		if (r <= 0)
			return r;
		p = NULL; /* written in map, where it wins over the merged key */
	}
	if (!p) {
		struct ye_ent *ent;
		size_t at = 0;
		bool eof = false;
		int in = 0;

		if (!ye_is_flow(e, map) && (r = map_add_place(e, map, &at, &eof, &in)) < 0)
			r = ye_bad_pos(e, map, err);
		else if (!ye_is_flow(e, map))
			r = tabs_from(e, at, map, err);
		if (r < 0) {
			ye_val_free(v);
			return r;
		}
		c = change_find(e, YE_CH_ADD_MAP, map);
		if (!c)
			c = change_add(e, YE_CH_ADD_MAP, map, vakt_xcalloc(1, sizeof(*c->val)),
			               NULL, NULL);
		c->val->kind = VAKT_YAML_MAP;
		ent = ye_val_get(c->val, key);
		if (!ent) {
			ye_val_add(c->val, key, v, rule, note);
			return 0;
		}
		r = ye_val_merge(ent->val, v, ent, note);
		goto out;
	}
	x = p->value;
	if (x->kind == VAKT_YAML_SCALAR && v->kind != VAKT_YAML_SCALAR &&
	    ye_scalar_null(x->str, x->len, x->plain)) {
		r = check_node(e, x, err);
		if (!r)
			r = check_empty(e, x, err);
		if (!r)
			r = check_tabs(e, x, false, err);
		if (r < 0 || change_find(e, YE_CH_SET, x)) {
			ye_val_free(v);
			return r < 0
			           ? r
			           : vakt_error_set_at(err, -EEXIST, e->src->path, x->line, x->col,
			                               "'%s' is set to a scalar already", key);
		}
		c = change_find(e, YE_CH_FILL, x);
		if (c) {
			r = ye_val_merge(c->val, v, &c->ent, note);
			goto out;
		}
		c = change_add(e, YE_CH_FILL, x, v, rule, note);
		c->map = map;
		c->pair = (size_t)(p - map->pairs);
		return 0;
	}
	if (x->kind != v->kind) {
		r = vakt_error_set_at(err, -EEXIST, e->src->path, x->line, x->col,
		                      "'%s' holds %s, not %s", key, kind_name(x->kind),
		                      kind_name(v->kind));
		ye_val_free(v);
		return r;
	}
	if (x->kind == VAKT_YAML_SCALAR)
		return set_val(e, x, v, false, rule, note, err);
	for (size_t i = 0; i < v->n && !r; i++) {
		struct ye_val *sub = v->ents[i].val;

		v->ents[i].val = NULL;
		r = x->kind == VAKT_YAML_MAP
		        ? ensure_val(e, x, v->ents[i].key, sub, rule, note, err)
		        : append_val(e, x, sub, rule, note, err);
	}
	ye_val_free(v);
	return r;
out:
	if (r == -EEXIST)
		vakt_error_set_at(err, r, e->src->path, map->line, map->col,
		                  "'%s' is being given values of different kinds", key);
	return r;
}

/* Whether items can be appended to seq. */
static int check_seq(const struct vakt_yedit *e, const struct vakt_yaml_node *seq,
                     struct vakt_error **err)
{
	int r = check_node(e, seq, err);

	if (!r && seq->kind != VAKT_YAML_SEQ)
		r = vakt_error_set_at(err, -EEXIST, e->src->path, seq->line, seq->col,
		                      "expected a sequence here");
	if (!r && seq->n && ye_is_empty(seq->items[seq->n - 1]))
		r = vakt_error_set_at(err, -ENOTSUP, e->src->path, seq->line, seq->col,
		                      "a sequence whose last item is empty is left as it is");
	if (!r && seq->n)
		r = ye_check_end(e, ye_is_flow(e, seq) ? seq->items[seq->n - 1] : seq, err);
	if (!r && seq->n && !ye_is_flow(e, seq))
		r = check_tabs(e, seq, true, err);
	if (!r && seq->n && !ye_is_flow(e, seq) && ye_dash_indent(e, seq) < 0)
		r = vakt_error_set_at(err, -ENOTSUP, e->src->path, seq->line, seq->col,
		                      "the '-' of this sequence's first item is not found: left as "
		                      "it is");
	return r;
}

int vakt_yedit_check(const struct vakt_yedit *e, const struct vakt_yaml_node *n,
                     struct vakt_error **err)
{
	int r;

	if (!n)
		return 0;
	if (n->kind == VAKT_YAML_SEQ)
		return check_seq(e, n, err);
	if (n->kind == VAKT_YAML_SCALAR) {
		r = check_node(e, n, err);
		return r < 0 || !ye_scalar_null(n->str, n->len, n->plain) ? r
		                                                          : check_empty(e, n, err);
	}
	r = check_map(e, n, err);
	if (!r && !ye_is_flow(e, n))
		r = check_tabs(e, n, true, err);
	return r;
}

static int append_val(struct vakt_yedit *e, const struct vakt_yaml_node *seq, struct ye_val *v,
                      const struct vakt_rule *rule, const char *note, struct vakt_error **err)
{
	struct ye_change *c;
	int r = check_seq(e, seq, err);

	if (r < 0) {
		ye_val_free(v);
		return r;
	}
	for (size_t i = 0; i < seq->n; i++)
		if (ye_node_eq(seq->items[i], v)) {
			ye_val_free(v);
			return 0;
		}
	c = change_find(e, YE_CH_ADD_SEQ, seq);
	if (!c) {
		c = change_add(e, YE_CH_ADD_SEQ, seq, vakt_xcalloc(1, sizeof(*c->val)), NULL, NULL);
		c->val->kind = VAKT_YAML_SEQ;
	}
	for (size_t i = 0; i < c->val->n; i++)
		if (ye_val_eq(c->val->ents[i].val, v)) {
			ye_ent_note(&c->val->ents[i], note);
			ye_val_free(v);
			return 0;
		}
	ye_val_add(c->val, NULL, v, rule, note);
	return 0;
}

static int parse_value(const struct vakt_yedit *e, const char *value, struct ye_val **v,
                       struct vakt_error **err)
{
	if (ye_val_parse(value, v) < 0)
		return vakt_error_set(
		    err, -EINVAL, "'%s': cannot write the value '%s': it is not plain YAML data",
		    e->src->path, value);
	return 0;
}

int vakt_yedit_ensure(struct vakt_yedit *e, const struct vakt_yaml_node *map, const char *key,
                      const char *value, const struct vakt_rule *rule, const char *note,
                      struct vakt_error **err)
{
	struct ye_val *v;
	int r = parse_value(e, value, &v, err);

	return r < 0 ? r : ensure_val(e, map, key, v, rule, note, err);
}

/* Most keys in a dotted path. */
#define PATH_MAX_KEYS VAKT_YAML_MAX_DEPTH

/*
 * Split dotted into keys at the dots not escaped by a backslash (`\.` is a
 * dot in a key), in place. Returns the number of keys, 0 when there are too
 * many or one is empty.
 */
static size_t path_split(char *dotted, char **keys)
{
	size_t n = 0;
	char *w = dotted;

	keys[n++] = w;
	for (const char *r = dotted; *r; r++) {
		if (r[0] == '\\' && r[1] == '.') {
			*w++ = *++r;
		} else if (*r == '.') {
			*w++ = '\0';
			if (n == PATH_MAX_KEYS)
				return 0;
			keys[n++] = w;
		} else {
			*w++ = *r;
		}
	}
	*w = '\0';
	for (size_t i = 0; i < n; i++)
		if (!*keys[i])
			return 0;
	return n;
}

int vakt_yedit_ensure_path(struct vakt_yedit *e, const struct vakt_yaml_node *node,
                           const char *dotted, const char *value, const struct vakt_rule *rule,
                           const char *note, struct vakt_error **err)
{
	struct ye_val *v;
	char *path, *keys[PATH_MAX_KEYS];
	size_t n, i = 0;
	int r = parse_value(e, value, &v, err);

	if (r < 0)
		return r;
	path = vakt_xstrdup(dotted);
	n = path_split(path, keys);
	if (!n) {
		free(path);
		ye_val_free(v);
		return vakt_error_set(err, -EINVAL, "'%s': a path of keys expected", dotted);
	}
	/* Walk the mappings there are; the first key missing takes the rest as a value. */
	for (; i + 1 < n; i++) {
		const struct vakt_yaml_node *x = vakt_yaml_get(node, keys[i]);

		if (!x || node->kind != VAKT_YAML_MAP || x->kind != VAKT_YAML_MAP)
			break;
		node = x;
	}
	for (size_t k = n - 1; k > i; k--)
		v = ye_val_wrap(keys[k], v);
	r = ensure_val(e, node, keys[i], v, rule, note, err);
	free(path);
	return r;
}

int vakt_yedit_append(struct vakt_yedit *e, const struct vakt_yaml_node *seq, const char *value,
                      const struct vakt_rule *rule, const char *note, struct vakt_error **err)
{
	struct ye_val *v;
	int r = parse_value(e, value, &v, err);

	return r < 0 ? r : append_val(e, seq, v, rule, note, err);
}

/* ---- writing the edits -------------------------------------------------------- */

struct out_edit {
	size_t off, del;
	char *ins;
	const struct ye_ent *ent;
	int cls, indent;
	size_t seq;
};

/* Lines for the end of the text when it has no final line break: the break goes first. */
static char *eof_text(const struct vakt_yedit *e, struct vakt_buf *b, bool eof)
{
	size_t el = strlen(e->st.eol);

	if (eof && b->len >= el) {
		struct vakt_buf t = VAKT_BUF_INIT;

		vakt_buf_adds(&t, e->st.eol);
		vakt_buf_add(&t, b->data, b->len - el);
		vakt_buf_release(b);
		return vakt_buf_detach(&t);
	}
	return vakt_buf_detach(b);
}

static void out_add(struct out_edit **v, size_t *n, size_t *cap, size_t off, size_t del, char *ins,
                    const struct ye_ent *ent, int cls, int indent)
{
	struct out_edit *o;

	*v = vakt_grow(*v, sizeof(**v), *n + 1, cap);
	o = &(*v)[*n];
	o->off = off;
	o->del = del;
	o->ins = ins;
	o->ent = ent;
	o->cls = cls;
	o->indent = indent;
	o->seq = (*n)++;
}

static int out_cmp(const void *a, const void *b)
{
	const struct out_edit *x = a, *y = b;

	if (x->off != y->off)
		return x->off < y->off ? -1 : 1;
	if (x->cls != y->cls)
		return x->cls - y->cls;
	if (x->indent != y->indent)
		return y->indent - x->indent; /* deeper first: they end the inner block */
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* A scalar or a collection written where a (null) scalar n is. */
static int write_value(const struct vakt_yedit *e, const struct ye_change *c, struct out_edit **v,
                       size_t *n, size_t *cap)
{
	const struct vakt_yaml_node *x = c->target;
	struct vakt_buf b = VAKT_BUF_INIT;
	size_t off, end;
	enum ye_quote q = YE_PLAIN;

	if (ye_value_start(e, x, &off) < 0 || ye_node_end(e, x, &end) < 0 || end < off)
		return -EINVAL;
	if (c->op == YE_CH_FILL && c->val->n && !ye_is_flow(e, c->map)) {
		size_t kpos;
		int in;

		if (ye_pos_off(e, c->map->pairs[c->pair].key->line, c->map->pairs[c->pair].key->col,
		               &kpos) < 0)
			return -EINVAL;
		in = ye_indent_at(e, kpos);
		vakt_buf_adds(&b, e->st.eol);
		ye_render_body(&b, c->val, in, &e->st);
		b.len -= strlen(e->st.eol);
		b.data[b.len] = '\0';
		if (ye_is_empty(x)) {
			const char *nl = memchr(e->data + off, '\n', e->len - off);

			off = nl ? (size_t)(nl - e->data) : e->len;
			if (off > 0 && nl && e->data[off - 1] == '\r')
				off--;
			end = off;
		} else {
			while (off > 0 && (e->data[off - 1] == ' ' || e->data[off - 1] == '\t'))
				off--;
		}
		out_add(v, n, cap, off, end - off, vakt_buf_detach(&b), &c->ent, 0, 0);
		return 0;
	}
	if (e->data[off] == '\'')
		q = YE_SINGLE;
	else if (e->data[off] == '"' || e->data[off] == '|' || e->data[off] == '>')
		q = YE_DOUBLE;
	/* After `key:` of an empty value, or an anchor libyaml let touch its scalar (`&a:y`) */
	if (off > 0 && !strchr(off == end ? " \t" : " \t\r\n,[{:", e->data[off - 1]))
		vakt_buf_addc(&b, ' ');
	if (e->st.json)
		q = YE_JSON;
	if (c->val->kind == VAKT_YAML_SCALAR)
		ye_render_scalar(&b, c->val, true, q);
	else
		ye_render_flow(&b, c->val, q);
	/* A quoted scalar may touch what follows (`"a"#b`): a plain one would take it in */
	if (end < e->len && !strchr(" \t\r\n,]}", e->data[end]))
		vakt_buf_addc(&b, ' ');
	out_add(v, n, cap, off, end - off, vakt_buf_detach(&b), &c->ent, 0, 0);
	return 0;
}

/* New entries of a mapping or items of a sequence. */
static int write_add(const struct vakt_yedit *e, const struct ye_change *c, struct out_edit **v,
                     size_t *n, size_t *cap)
{
	const struct vakt_yaml_node *t = c->target;
	bool map = c->op == YE_CH_ADD_MAP, eof = false;
	size_t off;
	int in;

	if (ye_is_flow(e, t)) {
		if (t->n ? ye_node_end(e, map ? t->pairs[t->n - 1].value : t->items[t->n - 1],
		                       &off) < 0
		         : ye_value_start(e, t, &off) < 0)
			return -EINVAL;
		off += !t->n;
		for (size_t i = 0; i < c->val->n; i++) {
			struct vakt_buf b = VAKT_BUF_INIT;
			struct ye_val k = {.kind = VAKT_YAML_SCALAR, .str = c->val->ents[i].key};

			if (t->n || i)
				vakt_buf_adds(&b, ", ");
			if (map) {
				k.len = strlen(k.str);
				ye_render_scalar(&b, &k, true, e->st.json ? YE_JSON : YE_PLAIN);
				vakt_buf_adds(&b, ": ");
			}
			ye_render_flow(&b, c->val->ents[i].val, e->st.json ? YE_JSON : YE_PLAIN);
			/* what follows may touch the insertion (`[# c`): keep them apart */
			if (i + 1 == c->val->n && off < e->len &&
			    !strchr(" \t\r\n,]}", e->data[off]))
				vakt_buf_addc(&b, ' ');
			out_add(v, n, cap, off, 0, vakt_buf_detach(&b), &c->val->ents[i], 1, 1000);
		}
		return 0;
	}
	if (map) {
		if (map_add_place(e, t, &off, &eof, &in) < 0)
			return -EINVAL;
	} else {
		if (!t->n || ye_after_line(e, t, &off, &eof) < 0)
			return -EINVAL;
		in = ye_dash_indent(e, t);
		if (in < 0)
			return -EINVAL;
	}
	for (size_t i = 0; i < c->val->n; i++) {
		struct vakt_buf b = VAKT_BUF_INIT;

		ye_render_entry(&b, c->val->ents[i].key, c->val->ents[i].val, in, &e->st);
		out_add(v, n, cap, off, 0, eof_text(e, &b, eof), &c->val->ents[i], 1,
		        map ? 2 * in : 2 * in + 1);
	}
	return 0;
}

/* Whether text parses; E2BIG (a ceiling) counts as parsing. */
static bool parses(const char *text, size_t len)
{
	struct vakt_yaml_stream *s = NULL;
	struct vakt_error *err = NULL;
	int r = vakt_yaml_parse("edited", text, len, &s, &err);

	vakt_error_free(err);
	vakt_yaml_free(s);
	return r == 0 || r == -E2BIG;
}

/*
 * The last guard: the edits in order, not overlapping, and the edited text
 * parses when the original does. -EPROTO when not (an editor bug: the
 * fuzzer looks for it).
 */
static int verify(const struct vakt_yedit *e, const struct out_edit *v, size_t n,
                  struct vakt_error **err)
{
	struct vakt_buf b = VAKT_BUF_INIT;
	size_t at = 0;
	bool ok = true;

	for (size_t i = 0; i < n && ok; i++) {
		ok = v[i].off >= at && v[i].off + v[i].del <= e->len;
		if (ok) {
			vakt_buf_add(&b, e->data + at, v[i].off - at);
			vakt_buf_adds(&b, v[i].ins);
			at = v[i].off + v[i].del;
		}
	}
	if (ok) {
		vakt_buf_add(&b, e->data + at, e->len - at);
		ok = parses(b.data, b.len) || !parses(e->data, e->len);
	}
	vakt_buf_release(&b);
	if (!ok)
		return vakt_error_set(
		    err, -EPROTO,
		    "'%s': the edited text would not be valid YAML: left as it is "
		    "(a bug in vakt's YAML editor)",
		    e->src->path);
	return 0;
}

int vakt_yedit_finish(struct vakt_yedit *e, struct vakt_edits *out, struct vakt_error **err)
{
	struct out_edit *v = NULL;
	size_t n = 0, cap = 0;
	int r = 0;

	for (size_t i = 0; i < e->n_ch; i++) {
		const struct ye_change *c = &e->ch[i];

		if (c->op == YE_CH_SET && ye_node_eq(c->target, c->val))
			continue;
		if ((c->op == YE_CH_SET || c->op == YE_CH_FILL
		         ? write_value(e, c, &v, &n, &cap)
		         : write_add(e, c, &v, &n, &cap)) < 0 &&
		    !r)
			r = ye_bad_pos(e, c->target, err);
	}
	if (n)
		qsort(v, n, sizeof(*v), out_cmp);
	if (!r && n)
		r = verify(e, v, n, err);
	for (size_t i = 0; i < n; i++) {
		if (!r)
			vakt_edits_add(out, v[i].off, v[i].del, v[i].ins, v[i].ent->rule,
			               v[i].ent->note.len ? v[i].ent->note.data : NULL);
		free(v[i].ins);
	}
	free(v);
	for (size_t i = 0; i < e->n_ch; i++) {
		ye_slot_find(e, e->ch[i].target)->change = 0;
		change_release(&e->ch[i]);
	}
	e->n_ch = 0;
	return r < 0 ? r : (int)(n > INT32_MAX ? INT32_MAX : n);
}
