/* SPDX-License-Identifier: MIT */
#ifndef VAKT_KNOW_IMAGEREF_H
#define VAKT_KNOW_IMAGEREF_H

/*
 * Container image references ("nginx", "ghcr.io/o/app:1.2@sha256:...") split
 * and normalised the way Docker does it, for every domain that names images
 * (Dockerfile FROM, Kubernetes and compose `image:`, image archives).
 *
 * Normalisation: the first path component is a registry host when it contains
 * '.' or ':', is "localhost", or has an upper-case letter; otherwise the
 * registry is docker.io. "index.docker.io" and "registry-1.docker.io" become
 * "docker.io", and a docker.io repository without '/' gets "library/".
 *
 * Variables (`$VAR`, `${VAR...}`) are left opaque: a ':' or '@' inside
 * `${...}` does not split a tag or digest, and a variable first component
 * followed by '/' counts as the registry. Parts holding a variable keep it
 * as written and `has_var` is set, so callers can skip what they cannot
 * verify. The parser is lenient about characters Docker would reject (it
 * normalises, it does not validate); it refuses only what cannot be split.
 */

#include <stdbool.h>
#include <stddef.h>

#include "core/error.h"
#include "core/util.h"

/* Longest reference parsed; longer ones are refused with -E2BIG. */
#define VAKT_IMAGEREF_MAX_BYTES 1024

struct vakt_imageref {
	char *registry;        /* owned; host[:port], lower-cased; "docker.io" when not written */
	char *repository;      /* owned; path below the registry, e.g. "library/nginx" */
	char *tag;             /* owned; NULL when absent */
	char *digest;          /* owned; "sha256:..." as written, NULL when absent */
	bool registry_written; /* the reference named its registry */
	bool has_var;          /* some part holds a $ expansion left as written */
};

/*
 * Parse s into *out (which the caller then releases with
 * vakt_imageref_release(); on failure *out is left zeroed). Errors: -EINVAL
 * for an empty reference, an empty path component, tag or digest, or
 * whitespace/control bytes; -E2BIG beyond VAKT_IMAGEREF_MAX_BYTES.
 */
int vakt_imageref_parse(const char *s, struct vakt_imageref *out, struct vakt_error **err);
/* Free what r owns and zero it; accepts a zeroed ref. */
void vakt_imageref_release(struct vakt_imageref *r);

/* The last component of the repository ("nginx" for "library/nginx"). Borrowed from r. */
const char *vakt_imageref_name(const struct vakt_imageref *r);
/* Whether r is a Docker Official Image reference: docker.io/library/NAME. */
bool vakt_imageref_is_library(const struct vakt_imageref *r);
/* No digest, and no tag or the tag "latest": the image can change under you. */
bool vakt_imageref_is_latest_or_untagged(const struct vakt_imageref *r);
/* A digest of the form ALGO:HEX (at least 32 hex digits) with no variable in it. */
bool vakt_imageref_is_digest_pinned(const struct vakt_imageref *r);
/* Whether s contains a $ expansion. */
bool vakt_imageref_part_has_var(const char *s);
/*
 * Whether the image is documented to run as a non-root user by default:
 * distroless ":nonroot" tags, Chainguard images (their -dev variants aside),
 * the unprivileged nginx image, .NET chiseled images, and the Docker Official
 * Images whose Dockerfile ends with a non-root USER. Every domain that judges
 * an image's default user (Dockerfile bases, compose services) asks this.
 */
bool vakt_imageref_runs_nonroot(const struct vakt_imageref *r);

/* An official image whose entrypoint starts as root and runs its server as another user. */
struct vakt_imageref_drop {
	const char *image;  /* the official image's name ("postgres") */
	const char *server; /* the commands that get the drop, '|' between ("postgres") */
	const char *user;   /* the user the server runs as */
};

/*
 * When r is such an image, what its entrypoint does (static), else NULL.
 * The drop applies only when the container's command is the server (or its
 * options alone): the caller checks the command against ->server.
 */
const struct vakt_imageref_drop *vakt_imageref_entrypoint_drop(const struct vakt_imageref *r);

/* "registry/repository[:tag][@digest]", fully normalised. The caller frees it. */
char *vakt_imageref_format(const struct vakt_imageref *r);
/*
 * Docker's short form: "nginx:1.25" for docker.io/library, "bitnami/redis"
 * for other docker.io repositories, the full form otherwise. The caller
 * frees it.
 */
char *vakt_imageref_familiar(const struct vakt_imageref *r);

/*
 * Whether registry host `host` (as in vakt_imageref.registry) matches one of
 * `patterns`: "*" matches every host, "*.example.com" any host below
 * example.com (not example.com itself), anything else the host exactly
 * (ASCII case-insensitive, with docker.io aliases normalised on both sides).
 * An empty list matches nothing.
 */
bool vakt_registry_matches(const char *host, const struct vakt_strv *patterns);
/*
 * Whether r matches one of the fnmatch(3) `patterns` (where '*' also crosses
 * '/'): each is tried against the normalised form with and without tag and
 * digest, and against the familiar form with and without them, so the
 * patterns `nginx:*`, `docker.io/library/nginx*`, `gcr.io/distroless/ *` and
 * `bitnami/ *` (without the space) all work.
 */
bool vakt_imageref_matches(const struct vakt_imageref *r, const struct vakt_strv *patterns);

#endif
