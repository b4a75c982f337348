/* SPDX-License-Identifier: MIT */
#ifndef VAKT_YAML_H
#define VAKT_YAML_H

/*
 * YAML (and JSON, which is YAML) loaded into a read-only tree that keeps the
 * position of every node, for the structured domains (Kubernetes manifests,
 * compose files, CI files). Built on libyaml's event parser.
 *
 * Aliases are resolved by sharing: an alias node is the anchored node itself
 * (so its position is the anchor's). Merge keys (`<<: *base`, `<<: [*a, *b]`)
 * are applied while loading: the merged keys are added to the mapping unless
 * the mapping already has them, as YAML 1.1's merge type says. The nodes
 * that aliases add to a stream (an alias counts every node of its anchored
 * value, each time it is used) are bounded, so a billion-laughs file is an
 * error, not an OOM; so are depth, scalar length and the number of
 * documents. Nodes written out are not counted: the file size bounds them,
 * and a large plain file is read.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"

/* Deepest nesting of sequences and mappings. */
#define VAKT_YAML_MAX_DEPTH 64
/*
 * Most nodes that aliases add to one stream: an alias reaching an anchored
 * value of k nodes (its own aliases expanded) adds k each time it is used.
 */
#define VAKT_YAML_MAX_EXPANDED 2000000
/* Most alias uses in one stream. */
#define VAKT_YAML_MAX_ALIASES 10000
/* Longest scalar, in bytes. */
#define VAKT_YAML_MAX_SCALAR (1u * 1024 * 1024)
/* Most documents in one stream. */
#define VAKT_YAML_MAX_DOCS 100000
/* Most entries of one sequence or mapping (merged keys included): what vakt_yaml_node.n holds. */
#define VAKT_YAML_MAX_ENTRIES ((1u << 24) - 1)

enum vakt_yaml_kind {
	VAKT_YAML_SCALAR,
	VAKT_YAML_SEQ,
	VAKT_YAML_MAP,
};

struct vakt_yaml_node;

struct vakt_yaml_pair {
	const struct vakt_yaml_node *key;
	const struct vakt_yaml_node *value;
};

/*
 * 32 bytes: a scan keeps the trees of every manifest until its cross-file
 * pass, so the node is packed. A node is a scalar, a sequence or a mapping,
 * so str, items and pairs share their storage: read the one of the node's
 * kind (vakt_yaml_str() and friends check). The tag, rare, is kept beside
 * the node and read with vakt_yaml_tag().
 */
struct vakt_yaml_node {
	/* Sequences: items; mappings: pairs (merges applied); scalars: 0. */
	unsigned n : 24;
	unsigned kind : 2;     /* enum vakt_yaml_kind */
	bool plain : 1;        /* unquoted plain scalar (so `true`, `1`, `~` are typed) */
	bool tagged : 1;       /* has an explicit tag: see vakt_yaml_tag() */
	bool merged : 1;       /* mappings: keys were merged in by `<<` (written elsewhere) */
	int line, col;         /* 1-based start */
	int end_line, end_col; /* 1-based, inclusive where libyaml says so */
	uint32_t len;          /* scalars: exact length of str; 0 otherwise */
	union {
		/* Scalars: NUL-terminated text (may contain NULs; len is exact). */
		const char *str;
		const struct vakt_yaml_node *const *items; /* sequences: items[n] */
		const struct vakt_yaml_pair *pairs;        /* mappings: pairs[n], document order */
	};
};

struct vakt_yaml_doc {
	const struct vakt_yaml_node *root; /* NULL for an empty document */
	int line;                          /* line of the document start */
	bool shared; /* it uses aliases: a node may be reached by several paths */
};

/* A parsed stream: every node lives in its arena, freed at once. */
struct vakt_yaml_stream {
	const char *path; /* borrowed name for messages */
	struct vakt_yaml_doc *docs;
	size_t n_docs;
	void *arena; /* private */
};

/*
 * Parse data[0..len) (path only names it in errors). On success returns 0
 * and the caller owns *out (vakt_yaml_free()). On a syntax error or a
 * ceiling, returns -EINVAL and fills *err with "path:line:col: what was
 * expected"; *out then still holds the documents completed before the error
 * (possibly none), also owned by the caller, so a multi-document file keeps
 * its good documents.
 */
int vakt_yaml_parse(const char *path, const char *data, size_t len, struct vakt_yaml_stream **out,
                    struct vakt_error **err);

/* The ceilings of one parse; each is the largest value allowed. */
struct vakt_yaml_limits {
	size_t max_depth; /* nesting of sequences and mappings */
	/*
	 * Every node of the stream, written or added by an alias (each node
	 * counted once per alias reaching it); SIZE_MAX for no limit beyond
	 * the input's size.
	 */
	size_t max_nodes;
	size_t max_expanded; /* nodes added by aliases, as VAKT_YAML_MAX_EXPANDED */
	size_t max_aliases;  /* alias uses */
	size_t max_scalar;   /* bytes of one scalar */
	size_t max_docs;     /* documents */
	size_t max_entries;  /* entries of one collection, at most VAKT_YAML_MAX_ENTRIES */
};

/* The VAKT_YAML_MAX_* ceilings, which vakt_yaml_parse() applies. */
extern const struct vakt_yaml_limits vakt_yaml_default_limits;

/*
 * vakt_yaml_parse() under other ceilings (lim is borrowed for the call), for
 * inputs with a smaller shape such as .vakt.yaml. Same ownership and errors.
 */
int vakt_yaml_parse_limited(const char *path, const char *data, size_t len,
                            const struct vakt_yaml_limits *lim, struct vakt_yaml_stream **out,
                            struct vakt_error **err);
void vakt_yaml_free(struct vakt_yaml_stream *s);

/*
 * Parse data[0..len) under the default ceilings, handing each document to
 * fn as soon as it ends. The document is borrowed for the call; when fn
 * returns NULL its memory is then reused for the next one, so a stream of
 * many documents is read in the memory of its largest. To keep it, fn
 * either copies what it needs (vakt_yaml_copy()) or returns a stream made
 * by vakt_yaml_stream_new(), which then holds the document as it is, no
 * copy made, until that stream is freed. Returns 0, or the error of
 * vakt_yaml_parse() (*err filled), fn having seen the documents completed
 * before it.
 */
int vakt_yaml_parse_each(const char *path, const char *data, size_t len,
                         struct vakt_yaml_stream *(*fn)(const struct vakt_yaml_doc *doc,
                                                        void *data),
                         void *fn_data, struct vakt_error **err);

/*
 * vakt_yaml_parse() for a document that is mostly one mapping (a compose
 * file's services): the entries of the block mapping under the root key
 * `key` (of a block mapping root) go to fn one at a time as they are read,
 * borrowed for the call, and are then left out of the tree (that mapping
 * is empty in *out, with its positions right), their memory reused, unless
 * they define anchors. *whole is set when the tree and the entries handed
 * over are not what vakt_yaml_parse() would give (a merge key `<<` directly
 * in that mapping, whose written keys decide what it merges; a second
 * `key`, where a lookup would see only the last); the caller then uses
 * vakt_yaml_parse() instead. Same ceilings, errors and ownership of *out as
 * vakt_yaml_parse() (on an error fn has seen entries of the document the
 * error is in, which *out does not hold).
 */
int vakt_yaml_parse_split(const char *path, const char *data, size_t len, const char *key,
                          void (*fn)(const struct vakt_yaml_pair *entry, void *data), void *fn_data,
                          bool *whole, struct vakt_yaml_stream **out, struct vakt_error **err);

/*
 * An empty stream that holds copies (vakt_yaml_copy()) and adopted documents
 * (vakt_yaml_parse_each()) for as long as they are needed; path is
 * borrowed; len, the size of the text they come from (0: unknown), sizes
 * its first blocks. The caller owns it (vakt_yaml_free()); its docs stay
 * empty.
 */
struct vakt_yaml_stream *vakt_yaml_stream_new(const char *path, size_t len);
/*
 * Copy the tree at n into dst's memory, every position, tag and string as
 * it is, and return the copy (borrowed from dst; NULL for NULL). When
 * shared (the document used aliases: vakt_yaml_doc.shared), a node reached
 * twice (an alias, a merged key) is copied once, as the original shares it;
 * without aliases no node is reached twice and that bookkeeping is skipped.
 * pick (NULL: everything) chooses the pairs of each mapping to copy: pair i
 * of map is copied when pick(map, i, data) says so, and the copy of map has
 * those pairs only, in order. Strings equal to ones copied before into dst
 * are shared until vakt_yaml_stream_seal(dst).
 */
const struct vakt_yaml_node *vakt_yaml_copy(
    struct vakt_yaml_stream *dst, const struct vakt_yaml_node *n, bool shared,
    bool (*pick)(const struct vakt_yaml_node *map, size_t i, void *data), void *data);
/* Done copying into s for now: drop what made strings shared (copies still work). */
void vakt_yaml_stream_seal(struct vakt_yaml_stream *s);
/*
 * This thread is done parsing for now (a scan's worker at the end of its
 * files): the free room of the memory it was filling goes back to the
 * system, rather than staying resident until every tree in it is freed.
 * Trees stay valid; the thread's next parse starts on fresh memory.
 */
void vakt_yaml_slab_release(void);

/* --- read helpers; all accept NULL and return NULL/false for it ---------- */

/* The value of key in a mapping (the last one when duplicated), or NULL. */
const struct vakt_yaml_node *vakt_yaml_get(const struct vakt_yaml_node *map, const char *key);
/* The pair whose key is key (for the key's own position), or NULL. */
const struct vakt_yaml_pair *vakt_yaml_get_pair(const struct vakt_yaml_node *map, const char *key);
/* Follow a dotted path of mapping keys ("spec.template.spec"), or NULL. */
const struct vakt_yaml_node *vakt_yaml_path(const struct vakt_yaml_node *node, const char *dotted);
/* The explicit tag of node as written ("!!str", "!mine"), or NULL. Borrowed from the stream. */
const char *vakt_yaml_tag(const struct vakt_yaml_node *node);
/* A scalar's text, or NULL when node is not a scalar. Borrowed from the stream. */
const char *vakt_yaml_str(const struct vakt_yaml_node *node);
/* A scalar's text if it is a non-null string-ish scalar, else NULL (null, ~, "" excluded). */
const char *vakt_yaml_text(const struct vakt_yaml_node *node);
/* Whether node is missing, `null`, `~`, or an empty plain scalar. */
bool vakt_yaml_is_null(const struct vakt_yaml_node *node);
/*
 * A boolean scalar: plain true/false (any case) and YAML 1.1's yes/no/on/off,
 * as Kubernetes' YAML decoder accepts them. Quoted "true" is a string, not a
 * boolean (the API server would reject it). Returns false when not a boolean.
 */
bool vakt_yaml_bool(const struct vakt_yaml_node *node, bool *out);
/* An integer scalar (decimal, 0x hex, 0o octal; plain only). */
bool vakt_yaml_int(const struct vakt_yaml_node *node, long long *out);
/* Whether node is a sequence / mapping. */
bool vakt_yaml_is_seq(const struct vakt_yaml_node *node);
bool vakt_yaml_is_map(const struct vakt_yaml_node *node);

/*
 * For inline suppressions written above a line: ends[l - 1] is the last line
 * of the largest node starting on line l (a document's root, a mapping key
 * with its value, a sequence item), 0 when none starts there, for l in
 * 1..n_lines. One walk of the tree (aliases and merged keys are not walked
 * again). The caller owns the array (free()).
 */
int *vakt_yaml_line_ends(const struct vakt_yaml_stream *s, size_t n_lines);
/*
 * vakt_yaml_line_ends() one document at a time (for vakt_yaml_parse_each()):
 * add what the document at root says to ends[0..n_lines), which the caller
 * zeroed.
 */
void vakt_yaml_line_ends_add(const struct vakt_yaml_node *root, int *ends, size_t n_lines);
/*
 * For inline suppressions written above a line, as compose files and CI
 * files read them: the last line of the outermost entry (a mapping key with
 * its value, or a sequence item) starting at `line` in s, the first one in
 * document order; `line` itself when none starts there.
 */
int vakt_yaml_entry_extent(const struct vakt_yaml_stream *s, int line);

#endif
