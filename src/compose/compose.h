/* SPDX-License-Identifier: MIT */
#ifndef VAKT_COMPOSE_H
#define VAKT_COMPOSE_H

/*
 * Compose files (v2, v3 and the Compose specification; podman-compose reads
 * the same) loaded from the YAML tree into one struct ctr_settings per
 * service. Anchors and merge keys are applied by the YAML loader; `x-`
 * extension fields are ignored; `extends` within the file is followed
 * (scalars from the nearest service that sets them, lists joined,
 * environment merged by name), `extends` from another file marks the
 * service partial. Values keep their `${VAR}` interpolation as written.
 */

#include "container/ctr-settings.h"
#include "core/yaml.h"

/* Longest chain of `extends` followed. */
#define COMPOSE_MAX_EXTENDS 16

struct compose_file {
	struct ctr_settings *services; /* owned, in file order */
	size_t n;
	size_t cap;
};

/*
 * Load the services of the document root into out (which the caller zeroes
 * and releases with compose_file_release()). A document that is not a
 * compose file (no services) adds nothing. Structural errors (services not
 * a mapping, a service that is neither a mapping nor empty) are appended to
 * errs, naming src->path, and the other services are still loaded.
 */
void compose_load(const struct vakt_source *src, const struct vakt_yaml_node *root,
                  struct compose_file *out, struct vakt_error_list *errs);
/*
 * compose_load() one service at a time: each is loaded into a ctr_settings
 * that fn borrows for the call and that is released after it, so a file of
 * 100,000 services never holds more than one. Same services, same order,
 * same errors.
 */
void compose_load_each(const struct vakt_source *src, const struct vakt_yaml_node *root,
                       struct vakt_error_list *errs, void (*fn)(struct ctr_settings *c, void *data),
                       void *data);
void compose_file_release(struct compose_file *f);

/*
 * One entry of a services mapping (what compose_load_each() does for each):
 * an `x-` key is skipped, a value that is neither a mapping nor empty is an
 * error, a service is loaded and handed to fn. services is the whole
 * mapping, for `extends`; NULL when the entries come one at a time
 * (vakt_yaml_parse_split()), which a file with `extends` must not do.
 */
void compose_load_service(const struct vakt_source *src, const struct vakt_yaml_node *services,
                          const struct vakt_yaml_pair *pr, struct vakt_error_list *errs,
                          void (*fn)(struct ctr_settings *c, void *data), void *data);
/*
 * For an entry of the services mapping that is not kept in the tree: note
 * in ends[line - 1] (line 1..n_lines, zeroed by the caller) what
 * vakt_yaml_entry_extent() would give for the lines of the entry.
 */
void compose_entry_extents(const struct vakt_yaml_pair *entry, int *ends, size_t n_lines);

struct vakt_fix_ctx;
struct vakt_finding;

/*
 * The fix hook of compose_domain (core/domain.h, vakt fix): parse ctx->src,
 * load its services and run the container rules' fixes (container/ctr-fix.h)
 * on the findings todo[0..n) (borrowed), their edits made by the YAML editor
 * into ctx->edits. A file the editor refuses has every finding skipped with
 * the reason.
 */
void compose_fix(struct vakt_fix_ctx *ctx, const struct vakt_finding *const *todo, size_t n);

/*
 * Whether a file name is a compose file's: docker-compose*.yml|yaml,
 * compose.yml|yaml and compose.*, compose-* variants, podman-compose*,
 * container-compose*.
 */
bool compose_match_basename(const char *base);
/* Whether content looks like a compose file: a top-level `services:` and no apiVersion/kind. */
bool compose_match_content(const char *data, size_t len);

#endif
