/* SPDX-License-Identifier: MIT */
#ifndef VAKT_LIMITS_H
#define VAKT_LIMITS_H

/*
 * The ceilings a user may need to raise for a big but legitimate input: a
 * 40 MB rendered Helm release, a minified manifest on one line, an image
 * with a 20 GB layer. Each has a documented default (docs/configuration.md,
 * "Limits"), a name used both in `.vakt.yaml` (`limits:`) and on the command
 * line (`--limit NAME=VALUE`, which wins), and every "too large" error says
 * how to raise it. The other ceilings (nesting, alias bombs, instruction
 * counts) only stop hostile input and stay compile-time constants.
 */

#include <stdbool.h>
#include <stdint.h>

#include "error.h"

enum vakt_limit {
	VAKT_LIMIT_FILE_SIZE,     /* bytes of one input file */
	VAKT_LIMIT_LINE_LENGTH,   /* bytes of one line of an input file */
	VAKT_LIMIT_WALK_DEPTH,    /* directory levels followed below a PATH */
	VAKT_LIMIT_IMAGE_LAYER,   /* decompressed bytes of one image layer */
	VAKT_LIMIT_IMAGE_ENTRIES, /* tar entries over all layers of an image */
	VAKT_LIMIT_IMAGE_STDIN,   /* bytes of an image archive read from standard input */
	VAKT_LIMIT_COUNT,
};

struct vakt_limits {
	uint64_t v[VAKT_LIMIT_COUNT];
	unsigned set; /* bit (1u << limit): given explicitly (config or flag) */
};

/* The limit called name ("file-size"), or -1. */
int vakt_limit_lookup(const char *name);
/* The defaults. */
void vakt_limits_init(struct vakt_limits *l);
/* The name ("file-size") and a short description of limit. Static strings. */
const char *vakt_limit_name(enum vakt_limit limit);
const char *vakt_limit_what(enum vakt_limit limit);
/* The limit's default value. */
uint64_t vakt_limit_default(enum vakt_limit limit);
/* Whether the limit is a size in bytes (written with K, M, G suffixes). */
bool vakt_limit_is_bytes(enum vakt_limit limit);

/*
 * Set one limit by name from text: a count, or for sizes a number with an
 * optional K, M, G or T suffix (powers of 1024; "16M", "1.5G" is refused).
 * 0, or -EINVAL with *why (owned by the caller) saying what was expected.
 */
int vakt_limits_set(struct vakt_limits *l, const char *name, const char *value, char **why);
/* The same for "NAME=VALUE" (the --limit flag). */
int vakt_limits_set_arg(struct vakt_limits *l, const char *arg, char **why);
/* Take every limit set in from (a config's, then the flags', which so win). */
void vakt_limits_take(struct vakt_limits *l, const struct vakt_limits *from);

/*
 * How to raise limit, for the end of a "too large" message: "raise it with
 * --limit file-size=SIZE or 'limits: {file-size: SIZE}' in .vakt.yaml".
 * Static.
 */
const char *vakt_limit_hint(enum vakt_limit limit);

#endif
