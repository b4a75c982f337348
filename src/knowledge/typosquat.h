/* SPDX-License-Identifier: MIT */
#ifndef VAKT_KNOW_TYPOSQUAT_H
#define VAKT_KNOW_TYPOSQUAT_H

/*
 * Typo-squatted image names and registries: "ngnix" for "nginx", "ghrc.io"
 * for "ghcr.io", "libary/redis" for "library/redis". The reference data is
 * built in (the Docker Official Images, well-known Docker Hub namespaces and
 * registries), so the check is offline and costs a few microseconds.
 *
 * What counts as "near" (chosen to keep false positives rare):
 *  - a docker.io/library NAME that is not official, within restricted
 *    Damerau-Levenshtein distance 1 of an official name of 6..7 characters
 *    or 2 of one of 8 or more; for names of 4..5 only a typing slip (swapped
 *    neighbours, a neighbouring key, a doubled or a dropped key: "code" and
 *    "nodes" are words, not typos of "node"); only a swap for 3 or fewer;
 *    or equal after dropping '-', '_', '.' and reading look-alike digits as
 *    letters (0=o, 1=l=i, 3=e, 4=a, 5=s, 7=t); or differing by a decorative
 *    suffix ("node-js", "mongodb", "alpine-linux"). Generic words among the
 *    official names ("unit", "bash", "alt", ...) are never used as targets.
 *  - a Docker Hub namespace of 5 or more characters within distance 1 of a
 *    well-known namespace ("bitnami", "library", ...) or an official name of
 *    5 or more characters; or a namespace that is a registry's first label
 *    ("ghcr/app" is pulled from Docker Hub, not ghcr.io).
 *  - a registry host (port ignored) within distance 1 (2 for 12 or more
 *    characters) of a well-known registry, or starting with one followed by
 *    '.' ("ghcr.io.example.net"); subdomains of the big clouds' registry
 *    domains (*.gcr.io, *.pkg.dev, *.azurecr.io, *.amazonaws.com) are fine.
 * The last component of a namespaced repository is not compared: people
 * name their own images freely ("acme/nodes").
 */

#include <stdbool.h>
#include <stddef.h>

#include "imageref.h"

/* Names longer than this are never near a reference name. */
#define VAKT_TYPOSQUAT_MAX_NAME 64

enum vakt_typo_kind {
	VAKT_TYPO_NONE = 0,
	VAKT_TYPO_NAME,           /* docker.io/library/NAME near an official image */
	VAKT_TYPO_NAMESPACE,      /* Docker Hub namespace near a well-known one */
	VAKT_TYPO_REGISTRY,       /* registry host near a well-known registry */
	VAKT_TYPO_MISSING_DOMAIN, /* namespace is a registry name without its domain */
};

struct vakt_typo_hit {
	enum vakt_typo_kind kind;
	const char *suspect; /* borrowed from the checked ref; suspect_len bytes */
	size_t suspect_len;
	const char *target; /* static: what it resembles ("nginx", "ghcr.io") */
	int distance;       /* edit distance, 0 for look-alike/suffix matches */
};

/*
 * Check r. Returns the kind of the closest hit (VAKT_TYPO_NONE when nothing
 * is near) and fills *hit (may be NULL). Parts holding a variable are not
 * checked. The result borrows from r.
 */
enum vakt_typo_kind vakt_typosquat_check(const struct vakt_imageref *r, struct vakt_typo_hit *hit);

/*
 * Check r and say why it is suspicious, for a finding's message: NULL when
 * nothing is near or r matches one of the allowed image patterns (the
 * configuration's allowed-base-images; NULL for none), else text such as
 * "'ngnix' is not a Docker Official Image but looks like a misspelling of
 * 'nginx'; a look-alike name can hold anyone's image". The caller frees it.
 */
char *vakt_typosquat_explain(const struct vakt_imageref *r, const struct vakt_strv *allowed);

/* Whether name is a Docker Official Image (current or deprecated but still published). */
bool vakt_typosquat_is_official(const char *name);
/* The official image name `name` resembles (static), or NULL. */
const char *vakt_typosquat_near_official(const char *name, int *distance);
/* The well-known registry host resembles (static), or NULL. */
const char *vakt_typosquat_near_registry(const char *host, int *distance);
/* The official image list (static, sorted), for documentation and tests. */
const char *const *vakt_typosquat_official_list(size_t *n);

/*
 * Restricted Damerau-Levenshtein (optimal string alignment) distance of
 * a[0..la) and b[0..lb), giving up early: returns max + 1 as soon as the
 * distance must exceed max, and for inputs over VAKT_TYPOSQUAT_MAX_NAME.
 */
int vakt_typo_distance(const char *a, size_t la, const char *b, size_t lb, int max);

#endif
