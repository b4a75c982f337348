/* SPDX-License-Identifier: MIT */
/*
 * YAML (and JSON) into the read-only tree of yaml.h, from libyaml's event
 * parser. libyaml bounds none of what makes YAML dangerous (alias expansion,
 * nesting, document count), so the tree builder does, counting as it goes:
 * a billion-laughs file stops at the alias that takes the nodes aliases add
 * past the ceiling, having
 * allocated one node per node written, never one per node expanded.
 *
 * Every node, string and array of a stream lives in one arena freed at once
 * (yaml-arena.c).
 * Collections collect their children in a per-depth scratch vector and are
 * copied to the arena, at their exact size, when they end; that is also when
 * merge keys are applied, so a merge source is always complete.
 */
#include <errno.h>
#include <limits.h>
#include <yaml.h>

#include "yaml-priv.h"

/* ---- the builder ------------------------------------------------------------- */

/* An open sequence or mapping: its children so far. */
struct frame {
	struct vakt_yaml_node *node;
	size_t first;  /* expanded count before the node itself */
	size_t anchor; /* anchor slot + 1, 0 when not anchored */
	/* Items, or keys and values alternating; scratch reused per depth. */
	const struct vakt_yaml_node **kids;
	size_t n, cap;
	bool has_merge;
	bool block;              /* block style (not flow) */
	int last_line, last_col; /* end of the last child */
};

/* An anchor of the current document. */
struct anchor {
	const char *name; /* in the arena */
	const struct vakt_yaml_node *node;
	size_t weight; /* expanded size; valid once closed */
	bool open;     /* a collection still being read: an alias to it would loop */
	size_t bucket;
};

struct builder {
	const struct vakt_yaml_limits *lim;
	const char *path;
	const char *data;
	size_t len;
	struct yaml_arena *arena;
	struct frame *stack;
	size_t depth, cap_stack;
	size_t n_frames; /* frames initialised (their scratch is kept for reuse) */
	/* Anchors: entries plus an open-addressing index (slot + 1, 0 empty). */
	struct anchor *anchors;
	size_t n_anchors, cap_anchors;
	size_t *buckets;
	size_t n_buckets; /* a power of two, or 0 */
	size_t n_values;  /* nodes so far, each counted once per alias reaching it */
	size_t n_added;   /* of those, the nodes aliases added */
	size_t n_aliases;
	size_t n_started; /* documents started */
	struct vakt_yaml_doc *docs;
	size_t n_docs, cap_docs;
	const struct vakt_yaml_node *root;
	int doc_line;
	size_t doc_aliases; /* n_aliases when the document started */
	/* vakt_yaml_parse_each(): documents go to each, and their memory is then reused. */
	struct vakt_yaml_stream *(*each)(const struct vakt_yaml_doc *doc, void *data);
	void *each_data;
	bool plain_arena; /* the arena's blocks are plain (yaml_arena_move()) */
	/*
	 * vakt_yaml_parse_split(): the entries of the block mapping under the
	 * root key split_key go to split_fn as they are read, from an arena of
	 * their own that is then cleared (or kept, when they define anchors).
	 */
	const char *split_key;
	void (*split_fn)(const struct vakt_yaml_pair *entry, void *data);
	void *split_data;
	size_t split_depth;            /* depth while in the mapping being split, 0: none */
	bool split_seen;               /* the document had one */
	bool split_whole;              /* the entries handed over are not the tree's: see the API */
	struct yaml_arena *main_arena; /* while an entry is read (b->arena is entry_arena) */
	struct yaml_arena *entry_arena;      /* plain */
	size_t n_anchor_defs, entry_anchors; /* anchors defined: in all, when the entry began */
	size_t *line_off;                    /* start of every LINE_STEP-th line, built on demand */
	size_t n_lines;
};

static int to_pos(size_t zero_based)
{
	return zero_based >= INT_MAX ? INT_MAX : (int)zero_based + 1;
}

static int to_int(size_t v)
{
	return v >= INT_MAX ? INT_MAX : (int)v;
}

static size_t hash_bytes(const char *s, size_t n)
{
	size_t h = 14695981039346656037ull & SIZE_MAX;

	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= (size_t)1099511628211ull;
	}
	return h;
}

/* Lines between two entries of the line index: it costs 8 bytes per LINE_STEP lines. */
#define LINE_STEP 64

/* The start of the line after the one at pos ('\n', '\r\n' and a lone '\r' end a line). */
static size_t builder_line_next(const struct builder *b, size_t pos)
{
	for (size_t i = pos; i < b->len; i++) {
		if (b->data[i] == '\r' && i + 1 < b->len && b->data[i + 1] == '\n')
			return i + 2;
		if (b->data[i] == '\n' || b->data[i] == '\r')
			return i + 1;
	}
	return b->len;
}

/* Count the lines, and note the start of every LINE_STEP-th (line 1, 1 + LINE_STEP, ...). */
static void builder_index_lines(struct builder *b)
{
	size_t cap = 0, n = 1;

	if (b->line_off)
		return;
	b->line_off = vakt_grow(NULL, sizeof(*b->line_off), 1, &cap);
	b->line_off[0] = 0;
	b->n_lines = 1;
	for (size_t i = 0; i < b->len; i++) {
		if (b->data[i] == '\r' && i + 1 < b->len && b->data[i + 1] == '\n')
			continue;
		if (b->data[i] != '\n' && b->data[i] != '\r')
			continue;
		if (b->n_lines++ % LINE_STEP == 0) {
			b->line_off = vakt_grow(b->line_off, sizeof(*b->line_off), n + 1, &cap);
			b->line_off[n++] = i + 1;
		}
	}
}

/* Byte range of 1-based line, without its line break. False when out of range. */
static bool builder_line(struct builder *b, int line, const char **s, size_t *n)
{
	size_t start, end;

	builder_index_lines(b);
	if (line < 1 || (size_t)line > b->n_lines)
		return false;
	start = b->line_off[(size_t)(line - 1) / LINE_STEP];
	for (size_t k = (size_t)(line - 1) % LINE_STEP; k; k--)
		start = builder_line_next(b, start);
	end = (size_t)line < b->n_lines ? builder_line_next(b, start) : b->len;
	while (end > start && (b->data[end - 1] == '\n' || b->data[end - 1] == '\r'))
		end--;
	*s = b->data + start;
	*n = end - start;
	return true;
}

/* Characters (as libyaml counts columns: UTF-8 sequences) of a 1-based line. */
static int builder_line_chars(struct builder *b, int line)
{
	const char *s;
	size_t n, chars = 0;

	if (!builder_line(b, line, &s, &n))
		return 0;
	for (size_t i = 0; i < n; i++)
		chars += ((unsigned char)s[i] & 0xC0) != 0x80;
	return to_int(chars);
}

/* The byte at a 1-based line and character column, or -1. */
static int builder_char_at(struct builder *b, int line, int col)
{
	const char *s;
	size_t n;
	int c = 0;

	if (!builder_line(b, line, &s, &n))
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (((unsigned char)s[i] & 0xC0) == 0x80)
			continue;
		if (++c == col)
			return (unsigned char)s[i];
	}
	return -1;
}

/*
 * Set n's end. libyaml's end mark is exclusive and 0-based, so its column is
 * the 1-based inclusive column of the last character, for scalars and flow
 * collections. A block collection ends where the next token starts (maybe
 * lines later, after comments): its end is its last child's. A block scalar
 * ends at the start of the line after it: its end is the last non-empty
 * line before that.
 */
static void builder_set_end(struct builder *b, struct vakt_yaml_node *n, const yaml_mark_t *end,
                            bool block, int last_line, int last_col)
{
	if (block && last_line > 0) {
		n->end_line = last_line;
		n->end_col = last_col;
	} else if (end->column > 0) {
		n->end_line = to_pos(end->line);
		n->end_col = to_int(end->column);
	} else {
		int line = to_int(end->line);

		while (line > n->line && !builder_line_chars(b, line))
			line--;
		n->end_line = line;
		n->end_col = builder_line_chars(b, line);
	}
	if (n->end_line < n->line || (n->end_line == n->line && n->end_col < n->col)) {
		n->end_line = n->line;
		n->end_col = n->col;
	}
}

/* Count one more written node against the node ceiling. */
static int builder_count(struct builder *b, const yaml_mark_t *at, struct vakt_error **err)
{
	if (b->n_values >= b->lim->max_nodes)
		return vakt_error_set_at(err, -E2BIG, b->path, to_pos(at->line), to_pos(at->column),
		                         "the stream expands to more than %zu nodes",
		                         b->lim->max_nodes);
	b->n_values++;
	return 0;
}

/* libyaml resolves "!!str" to "tag:yaml.org,2002:str": give it back as written. */
static const char *builder_tag(struct builder *b, const yaml_char_t *tag)
{
	static const char core[] = "tag:yaml.org,2002:";
	const char *t = (const char *)tag;

	if (!t)
		return NULL;
	if (vakt_starts_with(t, core)) {
		size_t rest = strlen(t) - (sizeof(core) - 1);
		char *s = yaml_arena_alloc_align(b->arena, rest + 3, 1);

		s[0] = '!';
		s[1] = '!';
		memcpy(s + 2, t + sizeof(core) - 1, rest + 1);
		return s;
	}
	return yaml_arena_strndup(b->arena, t, strlen(t));
}

static struct vakt_yaml_node *builder_new_node(struct builder *b, enum vakt_yaml_kind kind,
                                               const yaml_event_t *ev, const yaml_char_t *tag)
{
	struct vakt_yaml_node *n = yaml_arena_node(b->arena, builder_tag(b, tag));

	n->kind = kind;
	n->line = to_pos(ev->start_mark.line);
	n->col = to_pos(ev->start_mark.column);
	n->end_line = n->line;
	n->end_col = n->col;
	return n;
}

/* ---- anchors (per document) ---------------------------------------------- */

static struct anchor *anchor_find(struct builder *b, const char *name)
{
	size_t mask = b->n_buckets - 1, i;

	if (!b->n_buckets)
		return NULL;
	for (i = hash_bytes(name, strlen(name)) & mask; b->buckets[i]; i = (i + 1) & mask) {
		struct anchor *a = &b->anchors[b->buckets[i] - 1];

		if (!strcmp(a->name, name))
			return a;
	}
	return NULL;
}

static void anchor_rehash(struct builder *b, size_t n_buckets)
{
	size_t mask = n_buckets - 1;

	free(b->buckets);
	b->buckets = vakt_xcalloc(n_buckets, sizeof(*b->buckets));
	b->n_buckets = n_buckets;
	for (size_t k = 0; k < b->n_anchors; k++) {
		struct anchor *a = &b->anchors[k];
		size_t i = hash_bytes(a->name, strlen(a->name)) & mask;

		while (b->buckets[i])
			i = (i + 1) & mask;
		b->buckets[i] = k + 1;
		a->bucket = i;
	}
}

/* Define (or redefine: the latest definition wins) an anchor; returns slot + 1. */
static size_t anchor_define(struct builder *b, const yaml_char_t *name_,
                            const struct vakt_yaml_node *node, bool open)
{
	const char *name = (const char *)name_;
	struct anchor *a = anchor_find(b, name);
	size_t mask, i;

	b->n_anchor_defs++;
	if (a) {
		a->node = node;
		a->weight = 1;
		a->open = open;
		return (size_t)(a - b->anchors) + 1;
	}
	b->anchors = vakt_grow(b->anchors, sizeof(*b->anchors), b->n_anchors + 1, &b->cap_anchors);
	a = &b->anchors[b->n_anchors++];
	a->name = yaml_arena_strndup(b->arena, name, strlen(name));
	a->node = node;
	a->weight = 1;
	a->open = open;
	if (b->n_anchors * 2 > b->n_buckets) {
		anchor_rehash(b, b->n_buckets ? b->n_buckets * 2 : 64);
		return b->n_anchors;
	}
	mask = b->n_buckets - 1;
	for (i = hash_bytes(name, strlen(name)) & mask; b->buckets[i]; i = (i + 1) & mask)
		;
	b->buckets[i] = b->n_anchors;
	a->bucket = i;
	return b->n_anchors;
}

/* Anchors are scoped to their document: forget them (in time proportional to their number). */
static void anchors_reset(struct builder *b)
{
	for (size_t k = 0; k < b->n_anchors; k++)
		b->buckets[b->anchors[k].bucket] = 0;
	b->n_anchors = 0;
}

/* ---- collections and merge keys ----------------------------------------- */

static bool is_merge_key(const struct vakt_yaml_node *k)
{
	if (k->kind != VAKT_YAML_SCALAR)
		return false;
	if (k->tagged)
		return !strcmp(vakt_yaml_tag(k), "!!merge");
	return k->plain && k->len == 2 && !memcmp(k->str, "<<", 2);
}

/* ---- split mappings (vakt_yaml_parse_split()) ---------------------------- */

static bool is_split_key(const struct builder *b, const struct vakt_yaml_node *k)
{
	return k->kind == VAKT_YAML_SCALAR && k->len == strlen(b->split_key) &&
	       !memcmp(k->str, b->split_key, k->len);
}

/* Before a node of the mapping being split: a key starts an entry, read in its own arena. */
static void builder_entry_begin(struct builder *b)
{
	if (!b->split_depth || b->main_arena || b->depth != b->split_depth ||
	    b->stack[b->depth - 1].n % 2)
		return;
	b->main_arena = b->arena;
	b->arena = b->entry_arena;
	b->entry_anchors = b->n_anchor_defs;
}

/*
 * The value n of the entry whose key is f's last kid: hand the entry over
 * and forget it (true), or, for a merge key, which needs every written key
 * of the mapping, keep it in the tree (false).
 */
static bool builder_entry_end(struct builder *b, struct frame *f, const struct vakt_yaml_node *n)
{
	struct vakt_yaml_pair pair = {f->kids[f->n - 1], n};
	bool keep = is_merge_key(pair.key);
	/* n lives in the entry's arena, which the reset below may free. */
	int end_line = n->end_line, end_col = n->end_col;

	if (keep)
		b->split_whole = true;
	else
		b->split_fn(&pair, b->split_data);
	/* An anchor defined in the entry may be reached later: its memory stays. */
	if (keep || b->n_anchor_defs != b->entry_anchors)
		yaml_arena_move(b->main_arena, b->entry_arena);
	else
		yaml_arena_reset(b->entry_arena);
	b->arena = b->main_arena;
	b->main_arena = NULL;
	if (keep)
		return false;
	f->n--; /* the key goes too */
	f->last_line = end_line;
	f->last_col = end_col;
	return true;
}

/* A mapping just opened: the one to split when it is the block value of split_key at the root. */
static void builder_split_check(struct builder *b, const struct frame *f, bool anchored)
{
	const struct frame *root = &b->stack[0];
	const struct vakt_yaml_node *k;

	if (!b->split_key || b->depth != 2 || f->node->kind != VAKT_YAML_MAP || !f->block ||
	    anchored || root->node->kind != VAKT_YAML_MAP || !root->block || root->n % 2 == 0)
		return;
	k = root->kids[root->n - 1];
	if (!is_split_key(b, k))
		return;
	if (b->split_seen) {
		b->split_whole = true;
		return;
	}
	b->split_seen = true;
	b->split_depth = b->depth;
}

/* Add a finished node to the open collection, or make it the document's root. */
static void builder_attach(struct builder *b, const struct vakt_yaml_node *n)
{
	struct frame *f;

	if (!b->depth) {
		b->root = n;
		return;
	}
	f = &b->stack[b->depth - 1];
	if (b->main_arena && b->depth == b->split_depth && f->n % 2 && builder_entry_end(b, f, n))
		return;
	if (b->split_seen && b->depth == 1 && f->n % 2 == 0 && is_split_key(b, n))
		b->split_whole = true; /* a later one: the tree's lookup gives the last */
	if (f->node->kind == VAKT_YAML_MAP && f->n % 2 == 0 && is_merge_key(n))
		f->has_merge = true;
	f->kids = vakt_grow(f->kids, sizeof(*f->kids), f->n + 1, &f->cap);
	f->kids[f->n++] = n;
	f->last_line = n->end_line;
	f->last_col = n->end_col;
}

static bool merge_source_ok(const struct vakt_yaml_node *v)
{
	if (v->kind == VAKT_YAML_MAP)
		return true;
	if (v->kind != VAKT_YAML_SEQ)
		return false;
	for (size_t i = 0; i < v->n; i++)
		if (v->items[i]->kind != VAKT_YAML_MAP)
			return false;
	return true;
}

/* The error for a collection of more than max_entries entries (what a node's n can hold). */
static int builder_too_many(struct builder *b, const struct vakt_yaml_node *n,
                            struct vakt_error **err)
{
	return vakt_error_set_at(err, -E2BIG, b->path, n->line, n->col,
	                         "more than %zu entries in one sequence or mapping",
	                         b->lim->max_entries);
}

/* A temporary set of scalar keys: which result pair holds each, and from which source. */
struct keyset_entry {
	const struct vakt_yaml_node *key; /* NULL: empty */
	size_t pair;
	size_t source; /* 0: written in the mapping */
};

struct keyset {
	struct keyset_entry *v;
	size_t mask;
};

/* The entry for key (found or empty), NULL for keys that are not scalars. */
static struct keyset_entry *keyset_slot(struct keyset *ks, const struct vakt_yaml_node *key)
{
	size_t i;

	if (key->kind != VAKT_YAML_SCALAR)
		return NULL;
	for (i = hash_bytes(key->str, key->len) & ks->mask; ks->v[i].key; i = (i + 1) & ks->mask) {
		const struct vakt_yaml_node *k = ks->v[i].key;

		if (k->len == key->len && !memcmp(k->str, key->str, key->len))
			break;
	}
	return &ks->v[i];
}

/*
 * Pairs of a mapping with merge keys, YAML 1.1 style: a key written in the
 * mapping wins over merged ones, an earlier merge source over a later one;
 * merged pairs take the place of their `<<` in document order.
 */
static int builder_merge(struct builder *b, struct frame *f, struct vakt_error **err)
{
	const struct vakt_yaml_node **kids = f->kids;
	struct vakt_yaml_pair *out;
	struct keyset ks = {0};
	size_t bound = 0, n = 0, source = 0, size = 8;

	for (size_t i = 0; i < f->n; i += 2) {
		const struct vakt_yaml_node *v = kids[i + 1];

		if (!is_merge_key(kids[i])) {
			bound++;
			continue;
		}
		if (!merge_source_ok(v))
			return vakt_error_set_at(err, -EINVAL, b->path, kids[i]->line, kids[i]->col,
			                         "merge key '<<' needs a mapping or a sequence of "
			                         "mappings");
		if (v->kind == VAKT_YAML_MAP)
			bound += v->n;
		else
			for (size_t k = 0; k < v->n; k++)
				bound += v->items[k]->n;
	}
	while (size < bound * 2)
		size *= 2;
	ks.v = vakt_xcalloc(size, sizeof(*ks.v));
	ks.mask = size - 1;
	out = vakt_xmalloc((bound + 1) * sizeof(*out)); /* + 1: never NULL */

	for (size_t i = 0; i < f->n; i += 2) {
		if (is_merge_key(kids[i]))
			continue;
		struct keyset_entry *e = keyset_slot(&ks, kids[i]);

		if (e && !e->key) {
			e->key = kids[i];
			e->source = 0;
		}
	}
	for (size_t i = 0; i < f->n; i += 2) {
		const struct vakt_yaml_node *v = kids[i + 1];
		size_t n_src = v->kind == VAKT_YAML_SEQ ? v->n : 1;

		if (!is_merge_key(kids[i])) {
			out[n].key = kids[i];
			out[n++].value = v;
			continue;
		}
		for (size_t s = 0; s < n_src; s++) {
			const struct vakt_yaml_node *m = v->kind == VAKT_YAML_SEQ ? v->items[s] : v;

			source++;
			for (size_t k = 0; k < m->n; k++) {
				const struct vakt_yaml_pair *p = &m->pairs[k];
				struct keyset_entry *e = keyset_slot(&ks, p->key);

				if (e && e->key && e->source == source) {
					/* A duplicate inside one source: its last wins. */
					out[e->pair].value = p->value;
					continue;
				}
				if (e && e->key)
					continue;
				if (e) {
					e->key = p->key;
					e->pair = n;
					e->source = source;
				}
				out[n++] = *p;
			}
		}
	}
	free(ks.v);
	if (n > b->lim->max_entries) {
		free(out);
		return builder_too_many(b, f->node, err);
	}
	f->node->pairs = yaml_arena_dup(b->arena, out, n * sizeof(*out));
	f->node->n = n;
	f->node->merged = true;
	free(out);
	return 0;
}

static int builder_start(struct builder *b, const yaml_event_t *ev, enum vakt_yaml_kind kind,
                         struct vakt_error **err)
{
	const yaml_char_t *anchor, *tag;
	struct frame *f;
	bool block;
	int r;

	if (b->depth >= b->lim->max_depth)
		return vakt_error_set_at(err, -E2BIG, b->path, to_pos(ev->start_mark.line),
		                         to_pos(ev->start_mark.column),
		                         "nesting deeper than %zu levels", b->lim->max_depth);
	builder_entry_begin(b);
	r = builder_count(b, &ev->start_mark, err);
	if (r < 0)
		return r;
	if (kind == VAKT_YAML_SEQ) {
		anchor = ev->data.sequence_start.anchor;
		tag = ev->data.sequence_start.tag;
		block = ev->data.sequence_start.style != YAML_FLOW_SEQUENCE_STYLE;
	} else {
		anchor = ev->data.mapping_start.anchor;
		tag = ev->data.mapping_start.tag;
		block = ev->data.mapping_start.style != YAML_FLOW_MAPPING_STYLE;
	}
	b->stack = vakt_grow(b->stack, sizeof(*b->stack), b->depth + 1, &b->cap_stack);
	if (b->depth == b->n_frames)
		memset(&b->stack[b->n_frames++], 0, sizeof(*b->stack)); /* empty scratch */
	f = &b->stack[b->depth++];
	f->node = builder_new_node(b, kind, ev, tag);
	f->first = b->n_values - 1;
	f->anchor = anchor ? anchor_define(b, anchor, f->node, true) : 0;
	f->n = 0;
	f->has_merge = false;
	f->block = block;
	f->last_line = 0;
	f->last_col = 0;
	builder_split_check(b, f, anchor != NULL);
	return 0;
}

static int builder_end(struct builder *b, const yaml_event_t *ev, struct vakt_error **err)
{
	struct frame *f;
	struct vakt_yaml_node *n;
	int r;

	if (!b->depth)
		return 0;
	f = &b->stack[b->depth - 1];
	n = f->node;
	if (b->depth == b->split_depth)
		b->split_depth = 0;
	builder_set_end(b, n, &ev->end_mark, f->block, f->last_line, f->last_col);
	if ((n->kind == VAKT_YAML_SEQ ? f->n : f->n / 2) > b->lim->max_entries)
		return builder_too_many(b, n, err);
	if (n->kind == VAKT_YAML_SEQ) {
		n->items = yaml_arena_dup(b->arena, f->kids, f->n * sizeof(*f->kids));
		n->n = f->n;
	} else if (f->has_merge) {
		r = builder_merge(b, f, err);
		if (r < 0)
			return r;
	} else {
		struct vakt_yaml_pair *pairs =
		    yaml_arena_alloc(b->arena, f->n / 2 * sizeof(*pairs));

		for (size_t i = 0; i + 1 < f->n; i += 2) {
			pairs[i / 2].key = f->kids[i];
			pairs[i / 2].value = f->kids[i + 1];
		}
		n->pairs = pairs;
		n->n = f->n / 2;
	}
	if (f->anchor && b->anchors[f->anchor - 1].node == n) {
		b->anchors[f->anchor - 1].open = false;
		b->anchors[f->anchor - 1].weight = b->n_values - f->first;
	}
	b->depth--;
	builder_attach(b, n);
	return 0;
}

static int builder_scalar(struct builder *b, const yaml_event_t *ev, struct vakt_error **err)
{
	size_t len = ev->data.scalar.length;
	struct vakt_yaml_node *n;
	int r;

	if (len > b->lim->max_scalar)
		return vakt_error_set_at(
		    err, -E2BIG, b->path, to_pos(ev->start_mark.line),
		    to_pos(ev->start_mark.column),
		    "scalar of %zu bytes is longer than the limit of %zu bytes", len,
		    b->lim->max_scalar);
	builder_entry_begin(b);
	r = builder_count(b, &ev->start_mark, err);
	if (r < 0)
		return r;
	n = builder_new_node(b, VAKT_YAML_SCALAR, ev, ev->data.scalar.tag);
	n->str = yaml_arena_str(b->arena, (const char *)ev->data.scalar.value, len);
	n->len = (uint32_t)len;
	n->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
	builder_set_end(b, n, &ev->end_mark, false, 0, 0);
	if (ev->data.scalar.anchor)
		anchor_define(b, ev->data.scalar.anchor, n, false);
	builder_attach(b, n);
	return 0;
}

static int builder_alias(struct builder *b, const yaml_event_t *ev, struct vakt_error **err)
{
	const char *name = (const char *)ev->data.alias.anchor;
	int line = to_pos(ev->start_mark.line), col = to_pos(ev->start_mark.column);
	const struct anchor *a;

	if (b->n_aliases >= b->lim->max_aliases)
		return vakt_error_set_at(err, -E2BIG, b->path, line, col,
		                         "more than %zu aliases in the stream",
		                         b->lim->max_aliases);
	builder_entry_begin(b);
	b->n_aliases++;
	a = anchor_find(b, name);
	if (!a)
		return vakt_error_set_at(err, -EINVAL, b->path, line, col,
		                         "unknown alias '*%s' (no anchor '&%s' before it in this "
		                         "document)",
		                         name, name);
	if (a->open)
		return vakt_error_set_at(err, -EINVAL, b->path, line, col,
		                         "alias '*%s' is inside the node it refers to", name);
	if (a->weight > b->lim->max_nodes - b->n_values)
		return vakt_error_set_at(err, -E2BIG, b->path, line, col,
		                         "alias '*%s' expands to more than %zu nodes (the limit "
		                         "counts a node each time an alias reaches it)",
		                         name, b->lim->max_nodes);
	if (a->weight > b->lim->max_expanded - b->n_added)
		return vakt_error_set_at(
		    err, -E2BIG, b->path, line, col,
		    "alias '*%s' expands to more than %zu nodes with the aliases "
		    "before it (an alias counts every node of its anchored value "
		    "each time it is used; nodes written out do not count)",
		    name, b->lim->max_expanded);
	b->n_values += a->weight;
	b->n_added += a->weight;
	builder_attach(b, a->node);
	return 0;
}

/* An empty document (`---` alone) has a NULL root. */
static bool is_empty_root(const struct vakt_yaml_node *n)
{
	return n && n->kind == VAKT_YAML_SCALAR && n->plain && !n->len && !n->tagged;
}

static int builder_event(struct builder *b, const yaml_event_t *ev, struct vakt_error **err)
{
	switch (ev->type) {
	case YAML_DOCUMENT_START_EVENT:
		if (b->n_started >= b->lim->max_docs)
			return vakt_error_set_at(err, -E2BIG, b->path, to_pos(ev->start_mark.line),
			                         to_pos(ev->start_mark.column),
			                         "more than %zu documents in the stream",
			                         b->lim->max_docs);
		b->n_started++;
		b->doc_line = to_pos(ev->start_mark.line);
		b->doc_aliases = b->n_aliases;
		b->split_seen = false;
		b->root = NULL;
		anchors_reset(b);
		return 0;
	case YAML_DOCUMENT_END_EVENT:
		if (b->each) {
			struct vakt_yaml_doc doc = {is_empty_root(b->root) ? NULL : b->root,
			                            b->doc_line, b->n_aliases > b->doc_aliases};
			struct vakt_yaml_stream *keep = b->each(&doc, b->each_data);

			if (keep)
				yaml_arena_move(keep->arena, b->arena);
			/* Anchors are per document: nothing points here any more. */
			yaml_arena_reset(b->arena);
			b->root = NULL;
			return 0;
		}
		b->docs = vakt_grow(b->docs, sizeof(*b->docs), b->n_docs + 1, &b->cap_docs);
		b->docs[b->n_docs].root = is_empty_root(b->root) ? NULL : b->root;
		b->docs[b->n_docs].shared = b->n_aliases > b->doc_aliases;
		b->docs[b->n_docs++].line = b->doc_line;
		b->root = NULL;
		return 0;
	case YAML_SCALAR_EVENT:
		return builder_scalar(b, ev, err);
	case YAML_SEQUENCE_START_EVENT:
		return builder_start(b, ev, VAKT_YAML_SEQ, err);
	case YAML_MAPPING_START_EVENT:
		return builder_start(b, ev, VAKT_YAML_MAP, err);
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		return builder_end(b, ev, err);
	case YAML_ALIAS_EVENT:
		return builder_alias(b, ev, err);
	default:
		return 0;
	}
}

/* Line and column of a byte offset (libyaml's reader errors have no mark). */
static void builder_offset_pos(const struct builder *b, size_t off, int *line, int *col)
{
	size_t l = 1, c = 1;

	for (size_t i = 0; i < off && i < b->len; i++) {
		if (b->data[i] == '\n') {
			l++;
			c = 1;
		} else if (((unsigned char)b->data[i] & 0xC0) != 0x80) {
			c++;
		}
	}
	*line = to_int(l);
	*col = to_int(c);
}

/* libyaml's problem as "invalid YAML: what (while doing what, started at L:C)". */
static int builder_yaml_error(struct builder *b, const yaml_parser_t *p, struct vakt_error **err)
{
	const char *problem = p->problem ? p->problem : "syntax error";
	struct vakt_buf m = VAKT_BUF_INIT;
	int line, col, r;

	if (p->error == YAML_MEMORY_ERROR)
		abort(); /* libyaml ran out of memory: vakt's policy for OOM */
	if (p->error == YAML_READER_ERROR) {
		builder_offset_pos(b, p->problem_offset, &line, &col);
		if (p->problem_value >= 0)
			return vakt_error_set_at(err, -EINVAL, b->path, line, col,
			                         "invalid YAML: %s (byte 0x%02X)", problem,
			                         (unsigned)p->problem_value);
		return vakt_error_set_at(err, -EINVAL, b->path, line, col, "invalid YAML: %s",
		                         problem);
	}
	line = to_pos(p->problem_mark.line);
	col = to_pos(p->problem_mark.column);
	vakt_buf_addf(&m, "invalid YAML: %s", problem);
	if (builder_char_at(b, line, col) == '\t' &&
	    !strcmp(problem, "found character that cannot start any token"))
		vakt_buf_adds(&m, ": a tab (YAML indents with spaces)");
	/* A context at the problem itself says nothing more. */
	if (p->context && (p->context_mark.line != p->problem_mark.line ||
	                   p->context_mark.column != p->problem_mark.column))
		vakt_buf_addf(&m, " (%s started at %d:%d)", p->context,
		              to_pos(p->context_mark.line), to_pos(p->context_mark.column));
	r = vakt_error_set_at(err, -EINVAL, b->path, line, col, "%s", vakt_buf_str(&m));
	vakt_buf_release(&m);
	return r;
}

static int builder_run(struct builder *b, struct vakt_error **err)
{
	yaml_parser_t parser;
	yaml_event_t ev;
	bool done = false;
	int r = 0;

	if (!yaml_parser_initialize(&parser))
		abort(); /* only fails when out of memory */
	yaml_parser_set_input_string(&parser, (const unsigned char *)(b->data ? b->data : ""),
	                             b->len);
	while (!done) {
		if (!yaml_parser_parse(&parser, &ev)) {
			r = builder_yaml_error(b, &parser, err);
			break;
		}
		done = ev.type == YAML_STREAM_END_EVENT;
		r = builder_event(b, &ev, err);
		yaml_event_delete(&ev);
		if (r < 0)
			break;
	}
	yaml_parser_delete(&parser);
	return r;
}

const struct vakt_yaml_limits vakt_yaml_default_limits = {
    .max_depth = VAKT_YAML_MAX_DEPTH,
    .max_nodes = SIZE_MAX,
    .max_expanded = VAKT_YAML_MAX_EXPANDED,
    .max_aliases = VAKT_YAML_MAX_ALIASES,
    .max_scalar = VAKT_YAML_MAX_SCALAR,
    .max_docs = VAKT_YAML_MAX_DOCS,
    .max_entries = VAKT_YAML_MAX_ENTRIES,
};

int vakt_yaml_parse(const char *path, const char *data, size_t len, struct vakt_yaml_stream **out,
                    struct vakt_error **err)
{
	return vakt_yaml_parse_limited(path, data, len, &vakt_yaml_default_limits, out, err);
}

/* Parse into b (b->each set or not) under lim; the caller frees b->arena and b->docs. */
static int builder_parse(struct builder *b, const char *path, const char *data, size_t len,
                         const struct vakt_yaml_limits *lim, struct vakt_error **err)
{
	struct vakt_yaml_limits clamped = *lim;
	int r;

	/* What a node's n can hold. */
	if (clamped.max_entries > VAKT_YAML_MAX_ENTRIES)
		clamped.max_entries = VAKT_YAML_MAX_ENTRIES;
	b->lim = &clamped;
	b->path = path;
	b->data = data;
	b->len = data ? len : 0;
	b->arena = yaml_arena_new(b->len, b->plain_arena);
	if (b->split_key)
		b->entry_arena = yaml_arena_new(0, true);
	r = builder_run(b, err);
	b->lim = NULL;
	if (b->main_arena) {
		/* An error in an entry: what it held goes, the stream stays. */
		b->arena = b->main_arena;
		b->main_arena = NULL;
	}
	yaml_arena_free(b->entry_arena);
	for (size_t i = 0; i < b->n_frames; i++)
		free(b->stack[i].kids);
	free(b->stack);
	free(b->anchors);
	free(b->buckets);
	free(b->line_off);
	return r;
}

int vakt_yaml_parse_limited(const char *path, const char *data, size_t len,
                            const struct vakt_yaml_limits *lim, struct vakt_yaml_stream **out,
                            struct vakt_error **err)
{
	struct builder b = {0};
	struct vakt_yaml_stream *s;
	int r = builder_parse(&b, path, data, len, lim, err);

	yaml_arena_seal(b.arena); /* the strings stay, the index goes */
	s = vakt_xcalloc(1, sizeof(*s));
	s->path = path;
	s->arena = b.arena;
	s->n_docs = b.n_docs;
	s->docs = b.n_docs ? yaml_arena_dup(b.arena, b.docs, b.n_docs * sizeof(*b.docs)) : NULL;
	*out = s;
	free(b.docs);
	return r;
}

int vakt_yaml_parse_split(const char *path, const char *data, size_t len, const char *key,
                          void (*fn)(const struct vakt_yaml_pair *entry, void *data), void *fn_data,
                          bool *whole, struct vakt_yaml_stream **out, struct vakt_error **err)
{
	struct builder b = {0};
	struct vakt_yaml_stream *s;
	int r;

	b.split_key = key;
	b.split_fn = fn;
	b.split_data = fn_data;
	r = builder_parse(&b, path, data, len, &vakt_yaml_default_limits, err);
	yaml_arena_seal(b.arena);
	s = vakt_xcalloc(1, sizeof(*s));
	s->path = path;
	s->arena = b.arena;
	s->n_docs = b.n_docs;
	s->docs = b.n_docs ? yaml_arena_dup(b.arena, b.docs, b.n_docs * sizeof(*b.docs)) : NULL;
	*out = s;
	*whole = b.split_whole;
	free(b.docs);
	return r;
}

int vakt_yaml_parse_each(const char *path, const char *data, size_t len,
                         struct vakt_yaml_stream *(*fn)(const struct vakt_yaml_doc *doc,
                                                        void *data),
                         void *fn_data, struct vakt_error **err)
{
	struct builder b = {0};
	int r;

	b.each = fn;
	b.each_data = fn_data;
	/* Plain blocks: a document's are freed for the next one's, or kept by a stream. */
	b.plain_arena = true;
	r = builder_parse(&b, path, data, len, &vakt_yaml_default_limits, err);
	yaml_arena_free(b.arena);
	return r;
}

void vakt_yaml_free(struct vakt_yaml_stream *s)
{
	if (!s)
		return;
	yaml_arena_free(s->arena);
	free(s);
}
