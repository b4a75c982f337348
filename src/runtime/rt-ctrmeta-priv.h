/* SPDX-License-Identifier: MIT */
#ifndef VAKT_RT_CTRMETA_PRIV_H
#define VAKT_RT_CTRMETA_PRIV_H

/*
 * What the metadata sources share (rt-ctrmeta-read.c): the record builder,
 * bounded JSON reading, RFC 3339 times, the OCI spec's privileged shape,
 * and finding a container's directory from its short id. Each source
 * (rt-ctrmeta-docker.c, rt-ctrmeta-oci.c) answers 0 with a record, -ENOENT
 * when its files do not know the container, or another error.
 */

#include <jansson.h>
#include <stdint.h>

#include "runtime/rt-ctrmeta.h"
#include "core/root.h"

/* A new empty record (privileged -1) for id, of type (static string). */
struct rt_ctrmeta *ctrmeta_rec_new(const struct rt_ctr_ident *id, const char *type);
/* Set *field to a copy of value (NULL, empty or over RT_CTRMETA_MAX_STRING: left as is). */
void ctrmeta_rec_set(const char **field, const char *value);
/*
 * Set the image and split it: repository as written (without ":tag" and
 * "@digest"), tag and digest, through know/imageref. An image that is an id
 * ("sha256:<64 hex>") sets image_id instead.
 */
void ctrmeta_rec_image(struct rt_ctrmeta *m, const char *image);

/*
 * Read and parse the JSON file rel below r (at most max bytes). *out is the
 * caller's (json_decref). Errors as vakt_root_read(), and -EINVAL "cannot parse
 * 'ROOT/rel': MSG" at the parser's line and column.
 */
int ctrmeta_json_read(const struct vakt_root *r, const char *rel, size_t max, json_t **out,
                      struct vakt_error **err);
/* Parse a JSON text held in a string (an annotation's value); NULL when it is not JSON. */
json_t *ctrmeta_json_parse(const char *text);
/* obj[key] when it is a string of at most RT_CTRMETA_MAX_STRING bytes, else NULL. */
const char *ctrmeta_json_str(const json_t *obj, const char *key);
/* obj[outer][key] as ctrmeta_json_str() takes it. */
const char *ctrmeta_json_str2(const json_t *obj, const char *outer, const char *key);

/* RFC 3339 ("2024-05-01T10:20:30.123456789Z", "+02:00") to ns since the epoch; 0 when not. */
uint64_t ctrmeta_parse_time(const char *s);
/*
 * Whether an OCI runtime spec has a privileged container's shape:
 * CAP_SYS_ADMIN in the bounding set and no masked or read-only paths. 1,
 * 0, or -1 when the spec says nothing of either.
 */
int ctrmeta_oci_privileged(const json_t *spec);

/* A name safe as one path component: [A-Za-z0-9._-], not "." or "..", at most 255 bytes. */
bool ctrmeta_safe_component(const char *s);
/*
 * The entry of directory dir (below r) named id, or the only one starting
 * with it, into out (at most 255 bytes + NUL). Errors: -ENOENT when none,
 * -EEXIST when two start with id, -E2BIG beyond RT_CTRMETA_MAX_DIRENTS
 * entries, the opendir error.
 */
int ctrmeta_find_entry(const struct vakt_root *r, const char *dir, const char *id, char *out,
                       size_t out_size, struct vakt_error **err);

/* The sources. */
int ctrmeta_read_docker(const struct vakt_root *r, const struct rt_ctr_ident *id,
                        struct rt_ctrmeta **out, struct vakt_error **err);
/* any_ns: look in every containerd namespace (ctr); else only k8s.io (CRI). */
int ctrmeta_read_containerd(const struct vakt_root *r, const struct rt_ctr_ident *id, bool any_ns,
                            struct rt_ctrmeta **out, struct vakt_error **err);
/* containers/storage: CRI-O's and podman's containers. */
int ctrmeta_read_storage(const struct vakt_root *r, const struct rt_ctr_ident *id,
                         struct rt_ctrmeta **out, struct vakt_error **err);

#endif
