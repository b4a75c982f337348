/* SPDX-License-Identifier: MIT */
#ifndef VAKT_YAML_EDIT_H
#define VAKT_YAML_EDIT_H

/*
 * A text-preserving YAML editor for `vakt fix` (docs/HACKING.md, "Editing
 * YAML"): changes asked of the tree of a source parsed with vakt_yaml_parse()
 * become edits (core/edit.h) against the source's original bytes, so that
 * comments, key order, quoting, indentation, anchors, document separators,
 * CRLF line endings and a BOM stay as they were outside the edited spans.
 *
 * Nodes carry character columns (libyaml's); the editor maps them to bytes
 * through the source's lines. New text follows the file: its indent step,
 * whether block sequences under a key are indented, its line ending; block
 * collections get block text, flow collections flow text.
 *
 * Changes are gathered, then vakt_yedit_finish() writes them as edits: keys
 * added to one mapping by several calls (securityContext created by one,
 * a key added inside it by the next) are merged first, so the result never
 * holds a key twice. Every operation is idempotent: asking for what the
 * tree (with the changes gathered so far) already holds adds nothing.
 *
 * A block mapping with merge keys (`<<: *common`) takes new keys after the
 * last pair written in it (or after its `<<: *common` line when that is all
 * it writes); a key it only gets through the merge is
 * overridden by one written in it, holding the merged value with the new
 * one merged in (vakt_yedit_ensure()), so nothing the merge gave is lost
 * and the merged nodes themselves are never edited.
 *
 * Refused, with an error saying why (and the tree left as it was): a node
 * reached by several paths (an anchor with aliases, keys merged by `<<`), a
 * node with a tag, a flow mapping with a merge key, a mapping holding only
 * merge keys not written `<<: *a` on one line, a complex (`?`) key, a source with line breaks other
 * than LF and CRLF, a value of the wrong kind.
 */

#include <stdbool.h>
#include <stddef.h>

#include "edit.h"
#include "error.h"
#include "source.h"
#include "yaml.h"

struct vakt_rule;
struct vakt_yedit;

/*
 * An editor of src, whose text s was parsed from (both borrowed, and must
 * outlive the editor; src must not be packed). The caller owns *out
 * (vakt_yedit_free()). Errors: -ENOTSUP for line breaks libyaml counts that
 * the source's line index does not (a lone CR, NEL, LS, PS).
 */
int vakt_yedit_new(const struct vakt_source *src, const struct vakt_yaml_stream *s,
                   struct vakt_yedit **out, struct vakt_error **err);
void vakt_yedit_free(struct vakt_yedit *e);

/*
 * The bytes [*off, *end) of node n in the original text: a scalar with its
 * quotes or its block indicator and lines, its anchor and tag; a collection
 * from its first character (a flow collection's bracket) to its last. An
 * empty plain scalar (`key:` with no value) has an empty span where its
 * value would be. Errors: -EINVAL for a node whose position is not in the
 * text.
 */
int vakt_yedit_span(const struct vakt_yedit *e, const struct vakt_yaml_node *n, size_t *off,
                    size_t *end, struct vakt_error **err);
/* The bytes of pair i of map, from its key to the end of its value. Same errors. */
int vakt_yedit_pair_span(const struct vakt_yedit *e, const struct vakt_yaml_node *map, size_t i,
                         size_t *off, size_t *end, struct vakt_error **err);

/*
 * Give scalar n the value `value`. string: the value is a string (quoted
 * when a plain scalar would read as something else or cannot hold it, in
 * the original's quoting style where it can); otherwise it is written
 * plain, as a YAML token (`false`, `10001`). Nothing changes when n already
 * holds it. rule and note (copied, may be NULL) go on the edit.
 */
int vakt_yedit_set_scalar(struct vakt_yedit *e, const struct vakt_yaml_node *n, const char *value,
                          bool string, const struct vakt_rule *rule, const char *note,
                          struct vakt_error **err);

/*
 * Replace scalar n with the value written in `value` (flow text; a
 * collection is written in flow style: `tmpfs: /run` -> `tmpfs: [/run,
 * /tmp]`). Nothing changes when n already holds it. Errors as
 * vakt_yedit_set_scalar(), and -EINVAL for a value text that does not parse.
 */
int vakt_yedit_set_value(struct vakt_yedit *e, const struct vakt_yaml_node *n, const char *value,
                         const struct vakt_rule *rule, const char *note, struct vakt_error **err);

/*
 * Make map hold key with the value written in `value`, a YAML flow text
 * ("true", "RuntimeDefault", "{drop: [ALL]}", "[]"), merged with what is
 * there: a missing key is added after the mapping's last pair (a null
 * value is replaced); a scalar is set (vakt_yedit_set_scalar(), as typed
 * in value); a mapping gets each key of a mapping value, recursively; a
 * sequence gets each item of a sequence value that it does not hold; a
 * key map gets only through a merge key is written in map, holding the
 * merged value merged with `value` (nothing when that holds it already).
 * Errors: -EINVAL for a value text that does not parse, -EEXIST for an
 * existing value of another kind, the refusals above (-ENOTSUP).
 */
int vakt_yedit_ensure(struct vakt_yedit *e, const struct vakt_yaml_node *map, const char *key,
                      const char *value, const struct vakt_rule *rule, const char *note,
                      struct vakt_error **err);
/*
 * vakt_yedit_ensure() along a dotted path of keys below node
 * ("spec.template.spec.securityContext.runAsNonRoot"), creating the
 * mappings that are missing. `\.` is a dot inside a key
 * ("metadata.labels.pod-security\\.kubernetes\\.io/enforce" in C).
 * -EINVAL for an empty key or more than VAKT_YAML_MAX_DEPTH keys.
 */
int vakt_yedit_ensure_path(struct vakt_yedit *e, const struct vakt_yaml_node *node,
                           const char *dotted, const char *value, const struct vakt_rule *rule,
                           const char *note, struct vakt_error **err);
/*
 * Add the item written in `value` (flow text) at the end of sequence seq,
 * unless an item equal to it as data is there already.
 */
int vakt_yedit_append(struct vakt_yedit *e, const struct vakt_yaml_node *seq, const char *value,
                      const struct vakt_rule *rule, const char *note, struct vakt_error **err);

/*
 * Whether node n can take changes: keys added to a mapping, items appended
 * to a sequence, a value written into an empty scalar (NULL: nothing to
 * check, 0). The checks vakt_yedit_ensure() and vakt_yedit_append() make
 * on their target, without a change: a fix that makes several changes
 * checks each target first, so that it is made whole or not at all. 0, or
 * the refusal those calls would give.
 */
int vakt_yedit_check(const struct vakt_yedit *e, const struct vakt_yaml_node *n,
                     struct vakt_error **err);

/*
 * Write the changes gathered into out (edits appended, in order of offset;
 * a change made of several calls carries the first call's rule and their
 * notes joined by "; "), and forget them. Returns the number of edits
 * added, or an error, nothing added: -EINVAL when a node's position is not
 * in the text, -EPROTO when the edited text would not parse (checked on
 * every call: a bug of the editor never reaches a file).
 */
int vakt_yedit_finish(struct vakt_yedit *e, struct vakt_edits *out, struct vakt_error **err);

#endif
