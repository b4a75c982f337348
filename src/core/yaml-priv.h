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

/* n bytes aligned for nodes, pairs and pointer arrays, as long as the arena. Never NULL. */
void *yaml_arena_alloc(struct yaml_arena *a, size_t n);
/* A zeroed node with its tag (copied; NULL for none), as long as the arena. */
struct vakt_yaml_node *yaml_arena_node(struct yaml_arena *a, const char *tag);
/* The arena's copy of s[0..n), NUL-terminated, shared with equal strings copied before. */
const char *yaml_arena_str(struct yaml_arena *a, const char *s, size_t n);

#endif
