/* SPDX-License-Identifier: MIT */
#ifndef VAKT_YAML_EDIT_PRIV_H
#define VAKT_YAML_EDIT_PRIV_H

/*
 * Private to the YAML editor (yaml-edit.c, yaml-edit-val.c,
 * yaml-edit-text.c): the values it writes, built from the flow text the
 * fixers give, compared with the tree and rendered as YAML text; the
 * editor's state; where things are in the text.
 */

#include <stdbool.h>
#include <stddef.h>

#include "util.h"
#include "yaml-edit.h"
#include "yaml.h"

struct vakt_rule;
struct ye_val;

/* An entry of a new mapping (key set) or sequence (key NULL). */
struct ye_ent {
	char *key;                    /* owned; NULL in a sequence */
	struct ye_val *val;           /* owned */
	const struct vakt_rule *rule; /* the call that added it */
	struct vakt_buf note;         /* notes of the calls that added to it, "; " between */
};

/* A value to write: a scalar, or a mapping or sequence of entries. */
struct ye_val {
	enum vakt_yaml_kind kind;
	char *str; /* owned; scalars */
	size_t len;
	bool plain;          /* a token typed by how it reads (`true`, `10`); else a string */
	struct ye_ent *ents; /* owned; mappings and sequences */
	size_t n, cap;
};

/* How a style of the file is written. */
struct ye_style {
	int step;    /* indent step of block mappings */
	int seq_off; /* columns from a key to the `- ` of its block sequence (0: at its column) */
	const char *eol; /* "\n" or "\r\n" */
	/* The text is JSON (it opens with `{` or `[`): new text is JSON too, keys and strings
	 * quoted. */
	bool json;
};

/* Parse a flow text into a value (the caller owns *out: ye_val_free()). -EINVAL when it does not
 * parse. */
int ye_val_parse(const char *text, struct ye_val **out);
/*
 * A copy of the data of tree node n (the caller owns *out: ye_val_free()).
 * -ENOTSUP when n's tree is not plain data (a tag, a key that is not a string).
 */
int ye_val_of_node(const struct vakt_yaml_node *n, struct ye_val **out);
/* A scalar value (str copied); plain: typed by how it reads. The caller owns it. */
struct ye_val *ye_val_scalar(const char *str, bool plain);
/* A mapping of one key holding val (both taken). The caller owns it. */
struct ye_val *ye_val_wrap(const char *key, struct ye_val *val);
void ye_val_free(struct ye_val *v);
/* Add an entry (key copied or NULL; val taken); returns it. */
struct ye_ent *ye_val_add(struct ye_val *to, const char *key, struct ye_val *val,
                          const struct vakt_rule *rule, const char *note);
/* The entry of mapping v with key, or NULL. */
struct ye_ent *ye_val_get(struct ye_val *v, const char *key);
/* Append note to ent's notes ("; " between, duplicates once). */
void ye_ent_note(struct ye_ent *ent, const char *note);

/* Whether the tree's node n and v are equal as data (scalars by type and text). */
bool ye_node_eq(const struct vakt_yaml_node *n, const struct ye_val *v);
/* Whether two values are equal as data. */
bool ye_val_eq(const struct ye_val *a, const struct ye_val *b);
/* Whether a scalar reads as a null. */
bool ye_scalar_null(const char *s, size_t len, bool plain);

/*
 * Merge v into have (v taken): mappings key by key, sequences by the items
 * have lacks, a scalar replaced. -EEXIST when the kinds differ.
 */
int ye_val_merge(struct ye_val *have, struct ye_val *v, struct ye_ent *owner, const char *note);

/* Quoting of a scalar written over an existing one: how the original was written. */
/* YE_JSON: a string always in double quotes, escaped as JSON reads it. */
enum ye_quote { YE_PLAIN, YE_SINGLE, YE_DOUBLE, YE_JSON };
/* Append scalar v as YAML (flow: inside a flow collection), preferring style q when it is quoted.
 */
void ye_render_scalar(struct vakt_buf *b, const struct ye_val *v, bool flow, enum ye_quote q);
/* Append v in flow style (`{a: 1, b: [x]}`; with YE_JSON `{"a": 1, "b": ["x"]}`). */
void ye_render_flow(struct vakt_buf *b, const struct ye_val *v, enum ye_quote q);
/*
 * Append `key: value` (key NULL: a sequence item `- value`) in block style
 * at indent spaces, each line ended by st->eol.
 */
void ye_render_entry(struct vakt_buf *b, const char *key, const struct ye_val *v, int indent,
                     const struct ye_style *st);
/* Append the block lines of a non-empty collection v under a key at indent. */
void ye_render_body(struct vakt_buf *b, const struct ye_val *v, int indent,
                    const struct ye_style *st);

/* The editor's state (yaml-edit.c, yaml-edit-text.c). */

enum ye_op { YE_CH_SET, YE_CH_FILL, YE_CH_ADD_MAP, YE_CH_ADD_SEQ };

/*
 * One change: SET a scalar to val; FILL a null value (of pair `pair` of
 * map) with the collection val; ADD_MAP the entries of val to a mapping;
 * ADD_SEQ the items of val to a sequence.
 */
struct ye_change {
	enum ye_op op;
	const struct vakt_yaml_node *target;
	const struct vakt_yaml_node *map; /* FILL */
	size_t pair;                      /* FILL */
	struct ye_val *val;               /* owned */
	struct ye_ent ent;                /* SET and FILL: the rule and notes */
};

/*
 * Flags of nodes: seen, reached by several paths, marked so (documents with
 * aliases); a mapping written as a single pair inside a flow sequence
 * (`[a: 1]`), which is flow without a brace; walked for that.
 */
enum { YE_SEEN = 1, YE_MULTI = 2, YE_MARKED = 4, YE_IMPLICIT = 8, YE_FLOW_SEEN = 16 };

struct ye_slot {
	const struct vakt_yaml_node *n;
	unsigned flags;
	/* 1 + the index of the node's change, 0: none (a node has one: see change_add()) */
	size_t change;
};

struct vakt_yedit {
	const struct vakt_source *src;
	const char *data;
	size_t len;
	bool bom;
	struct ye_style st;
	struct ye_slot *slots; /* open addressing on node pointers; NULL without aliases */
	size_t n_slots, used;
	struct ye_change *ch;
	size_t n_ch, cap_ch;
};

/* Where things are in the text (yaml-edit-text.c). */

/* n's slot, or the empty one where it would go (e->slots must be non-NULL). */
struct ye_slot *ye_slot_find(const struct vakt_yedit *e, const struct vakt_yaml_node *n);
/* n's slot, added when missing (the table grows). */
struct ye_slot *ye_slot_get(struct vakt_yedit *e, const struct vakt_yaml_node *n);
/*
 * Note the nodes below n reached twice, or with an anchor of their own
 * (YE_MULTI), then all below those (ye_shared_mark()).
 */
void ye_shared_walk(struct vakt_yedit *e, const struct vakt_yaml_node *n);
void ye_shared_mark(struct vakt_yedit *e, const struct vakt_yaml_node *n);
bool ye_is_multi(const struct vakt_yedit *e, const struct vakt_yaml_node *n);
/* Note the single-pair mappings of flow sequences below n (YE_IMPLICIT). */
void ye_flow_walk(struct vakt_yedit *e, const struct vakt_yaml_node *n, bool in_flow, bool shared);
bool ye_is_implicit(const struct vakt_yedit *e, const struct vakt_yaml_node *n);
/* Whether collection n is written in flow style. */
bool ye_is_flow(const struct vakt_yedit *e, const struct vakt_yaml_node *n);
/* Fill *err: n's position is not in the text (-EINVAL). */
int ye_bad_pos(const struct vakt_yedit *e, const struct vakt_yaml_node *n, struct vakt_error **err);
/* The byte of a 1-based line and character column (one past the line's end allowed). */
int ye_pos_off(const struct vakt_yedit *e, int line, int col, size_t *off);
/* Whether n is an empty plain scalar (`key:` with no value). */
bool ye_is_empty(const struct vakt_yaml_node *n);
/* Where the value of empty scalar n goes; *props: after its anchor or tag. */
int ye_empty_at(const struct vakt_yedit *e, const struct vakt_yaml_node *n, size_t *off,
                bool *props);
/* Whether empty scalar n is where its value would be written (libyaml puts some elsewhere). */
bool ye_empty_placed(const struct vakt_yedit *e, const struct vakt_yaml_node *n);
/* Where n's own text starts, after its anchor and tag. */
int ye_value_start(const struct vakt_yedit *e, const struct vakt_yaml_node *n, size_t *off);
/*
 * Whether pair i of map was written in map: always, unless map has merge
 * keys; then a pair merged in by `<<` is not (its key reached by several
 * paths, or written away from map's column or above it).
 */
bool ye_pair_own(const struct vakt_yedit *e, const struct vakt_yaml_node *map, size_t i);
/*
 * Where a block mapping ends for adding pairs to it: the value of its last
 * pair written in it (for a mapping with merge keys, the last it holds of
 * its own), and in *first the first key written in it (its indentation).
 * NULL when it has none.
 */
const struct vakt_yaml_node *ye_map_tail(const struct vakt_yedit *e,
                                         const struct vakt_yaml_node *map,
                                         const struct vakt_yaml_node **first);
/* The last node written in n, NULL past an alias or a merged mapping. */
const struct vakt_yaml_node *ye_last_leaf(const struct vakt_yedit *e,
                                          const struct vakt_yaml_node *n);
/* The byte after n's last: -ENOTSUP past an alias or merge, -ENOENT an empty value misplaced. */
int ye_node_end(const struct vakt_yedit *e, const struct vakt_yaml_node *n, size_t *end);
/* ye_node_end() with its errors said in *err. */
int ye_check_end(const struct vakt_yedit *e, const struct vakt_yaml_node *n,
                 struct vakt_error **err);
/* Characters before byte off on its line. */
int ye_indent_at(const struct vakt_yedit *e, size_t off);
/*
 * The last character before off that is not a blank, a line break or in a
 * comment, and its offset in *at; 0 when there is none.
 */
char ye_prev_char(const struct vakt_yedit *e, size_t off, size_t *at);
/* The column (0-based) of the `-` of block sequence seq's first item, -1 when not found. */
int ye_dash_indent(const struct vakt_yedit *e, const struct vakt_yaml_node *seq);
/* Where lines added after block collection n go; *eof: at the end of a text without a final break.
 */
int ye_after_line(const struct vakt_yedit *e, const struct vakt_yaml_node *n, size_t *off,
                  bool *eof);

#endif
