/* SPDX-License-Identifier: MIT */
#ifndef VAKT_YAML_PRIV_H
#define VAKT_YAML_PRIV_H

/*
 * Private to src/core/yaml*.c: the arena a stream's nodes, arrays and
 * strings live in (struct vakt_yaml_stream.arena), for the files beside
 * yaml.c that build trees.
 */

#include "yaml.h"

struct yaml_arena;

/*
 * A new arena for a tree of an input of len bytes. A plain one takes its
 * blocks from malloc, not from the thread's slabs: for trees that are freed
 * or handed over one at a time (vakt_yaml_parse_each(), copies).
 */
struct yaml_arena *yaml_arena_new(size_t len, bool plain);
/* Free everything a holds: it is empty again. */
void yaml_arena_reset(struct yaml_arena *a);
/* Hand every block and string of src (plain) to dst; src is left empty. */
void yaml_arena_move(struct yaml_arena *dst, struct yaml_arena *src);
void yaml_arena_free(struct yaml_arena *a);

/* n bytes aligned for align (a power of two), as long as the arena. Never NULL. */
void *yaml_arena_alloc_align(struct yaml_arena *a, size_t n, size_t align);
/* n bytes aligned for nodes, pairs and pointer arrays, as long as the arena. Never NULL. */
void *yaml_arena_alloc(struct yaml_arena *a, size_t n);
void *yaml_arena_dup(struct yaml_arena *a, const void *src, size_t n);
/* A NUL-terminated copy of s[0..n) (s may hold NULs). */
char *yaml_arena_strndup(struct yaml_arena *a, const char *s, size_t n);
/* A zeroed node with its tag (copied; NULL for none), as long as the arena. */
struct vakt_yaml_node *yaml_arena_node(struct yaml_arena *a, const char *tag);
/*
 * The arena's copy of s[0..n), NUL-terminated, shared with the equal
 * strings asked for since the last yaml_arena_seal().
 */
const char *yaml_arena_str(struct yaml_arena *a, const char *s, size_t n);
/*
 * yaml_arena_str() whose new copies go in the arena's blocks, beside its
 * nodes, not in its string pool: a stream's copies (vakt_yaml_copy()) then
 * fill one run of a slab, where a pool per stream left its last block half
 * used. Shared with the equal strings asked for since the last seal, either way.
 */
const char *yaml_arena_str_inline(struct yaml_arena *a, const char *s, size_t n);
/* Stop sharing strings (frees what finds them; the strings stay). */
void yaml_arena_seal(struct yaml_arena *a);

#endif
