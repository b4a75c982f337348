/* SPDX-License-Identifier: MIT */
#ifndef VAKT_YAML_EDIT_PRIV_H
#define VAKT_YAML_EDIT_PRIV_H

/*
 * Private to the YAML editor (yaml-edit.c, yaml-edit-val.c): the values it
 * writes, built from the flow text the fixers give, compared with the tree
 * and rendered as YAML text.
 */

#include <stdbool.h>
#include <stddef.h>

#include "util.h"
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
};

/* Parse a flow text into a value (the caller owns *out: ye_val_free()). -EINVAL when it does not
 * parse. */
int ye_val_parse(const char *text, struct ye_val **out);
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
enum ye_quote { YE_PLAIN, YE_SINGLE, YE_DOUBLE };
/* Append scalar v as YAML (flow: inside a flow collection), preferring style q when it is quoted.
 */
void ye_render_scalar(struct vakt_buf *b, const struct ye_val *v, bool flow, enum ye_quote q);
/* Append v in flow style (`{a: 1, b: [x]}`). */
void ye_render_flow(struct vakt_buf *b, const struct ye_val *v);
/*
 * Append `key: value` (key NULL: a sequence item `- value`) in block style
 * at indent spaces, each line ended by st->eol.
 */
void ye_render_entry(struct vakt_buf *b, const char *key, const struct ye_val *v, int indent,
                     const struct ye_style *st);
/* Append the block lines of a non-empty collection v under a key at indent. */
void ye_render_body(struct vakt_buf *b, const struct ye_val *v, int indent,
                    const struct ye_style *st);

#endif
