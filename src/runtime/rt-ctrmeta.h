/* SPDX-License-Identifier: MIT */
#ifndef VAKT_RT_CTRMETA_H
#define VAKT_RT_CTRMETA_H

/*
 * Container metadata (name, image, Kubernetes pod) from the container
 * runtimes' own files, never blocking the caller: the first rt_ctrmeta_get()
 * of a container queues it for a worker thread and answers NULL (the fields
 * read <NA>, as Falco's do until its worker answers); once the worker has
 * read the files, the cached record. docs/runtime.md, "Containers and
 * users", lists the files read:
 *
 *   docker      ROOT/var/lib/docker/containers/<id>/config.v2.json and
 *               hostconfig.json (Privileged); the image digest from
 *               ROOT/var/lib/docker/image/<driver>/repositories.json
 *   containerd  ROOT/run/containerd/io.containerd.runtime.v2.task/<ns>/<id>/
 *               config.json, the OCI spec with the CRI annotations
 *               (io.kubernetes.cri.sandbox-namespace, sandbox-name,
 *               image-name, container-name, container-type)
 *   CRI-O       ROOT/var/lib/containers/storage/overlay-containers/<id>/
 *               userdata/config.json (io.kubernetes.pod.namespace,
 *               io.kubernetes.pod.name, io.kubernetes.cri-o.ImageName, ...)
 *   podman      the same storage: overlay-containers/containers.json (names,
 *               image-name) and the container's userdata/config.json
 *
 * Every file is untrusted: resolved inside ROOT (root.h), a regular file
 * under a size ceiling, parsed with jansson, each string bounded.
 */

#include <stdbool.h>
#include <stdint.h>

#include "core/error.h"
#include "runtime/rt-cgroup.h"

/* Ceilings. A larger file is an error of its own ("too large"). */
#define RT_CTRMETA_MAX_FILE_BYTES  (1u * 1024 * 1024)  /* one container's JSON */
#define RT_CTRMETA_MAX_INDEX_BYTES (16u * 1024 * 1024) /* repositories.json, containers.json */
/* A string longer than this (a name, an image) is not taken. */
#define RT_CTRMETA_MAX_STRING 4096
/* Directory entries looked at to find a container from its 12-digit id. */
#define RT_CTRMETA_MAX_DIRENTS 65536
/* Containers cached; beyond, the least recently used known one is dropped. */
#define RT_CTRMETA_MAX_ENTRIES 4096
/* Lookups waiting for the worker; beyond, rt_ctrmeta_get() asks again later. */
#define RT_CTRMETA_MAX_PENDING 256
/* A lookup that found nothing is tried again this many times, the wait doubling. */
#define RT_CTRMETA_MAX_TRIES 5
#define RT_CTRMETA_RETRY_NS  (2ull * 1000000000u)

struct rt_ctrmeta {
	const char *name;             /* docker's name, the CRI container name */
	const char *image;            /* as the runtime names it: "nginx:1.25" */
	const char *image_repository; /* the image as written without tag and digest */
	const char *image_tag;        /* NULL without one */
	const char *image_digest;     /* "sha256:..."; NULL when unknown */
	const char *k8s_ns;           /* the pod's namespace (CRI sandbox labels) */
	const char *k8s_pod;          /* the pod's name */
	int privileged;               /* 1, 0, or -1 unknown */
	/* Added beyond the contract: */
	const char *id;          /* the id looked up (12 hex digits, or the name) */
	const char *full_id;     /* the runtime's whole id */
	const char *type;        /* who answered: "docker", "containerd", "cri-o", "podman",
	                            "lxc"; "host" for the host */
	const char *image_id;    /* the image id's hex digits, without "sha256:" */
	const char *k8s_pod_uid; /* the pod's uid when the files give it */
	bool is_pod_sandbox;     /* a pod's infrastructure ("pause") container */
	uint64_t start_ts;       /* ns since the epoch the runtime says it started; 0 unknown */
};

struct rt_ctrmeta_cache;

/*
 * A cache reading the runtime files below root ("/" live, a fixture tree in
 * tests), with its worker thread started. The caller frees it. NULL (and
 * errno) only when the thread cannot start.
 */
struct rt_ctrmeta_cache *rt_ctrmeta_new(const char *root);
/* Stop the worker, free every record. Accepts NULL. */
void rt_ctrmeta_free(struct rt_ctrmeta_cache *c);

/*
 * Never blocks on I/O: NULL until known (the lookup runs on the worker
 * thread), then the cached record. The host (RT_CTR_HOST) has a static
 * record at once: name "host", type "host", nothing else. A container no
 * file knows stays NULL; it is asked for again after RT_CTRMETA_RETRY_NS,
 * then twice that, up to RT_CTRMETA_MAX_TRIES times. The record is owned by
 * the cache and valid until rt_ctrmeta_free(), or until the cache drops it,
 * which only an rt_ctrmeta_get() of a new container does when
 * RT_CTRMETA_MAX_ENTRIES are held, and never to the record the previous
 * call returned. Call from one thread (the state engine's).
 */
const struct rt_ctrmeta *rt_ctrmeta_get(struct rt_ctrmeta_cache *c, const struct rt_ctr_ident *id);

/*
 * The lookup the worker runs, synchronously: read the files for id below
 * root. On success *out is a new record the caller frees with
 * rt_ctrmeta_record_free(). Errors: -ENOENT when no file knows the
 * container, -EFBIG for a file over its ceiling, -EINVAL for a file that is
 * not the JSON expected (with its line and column), -E2BIG for a directory
 * with more than RT_CTRMETA_MAX_DIRENTS entries, -EEXIST for a 12-digit id
 * two containers start with; other -errno. The first error met is reported
 * when no source answers.
 */
int rt_ctrmeta_lookup(const char *root, const struct rt_ctr_ident *id, struct rt_ctrmeta **out,
                      struct vakt_error **err);
/* Free a record from rt_ctrmeta_lookup(); accepts NULL. */
void rt_ctrmeta_record_free(struct rt_ctrmeta *m);

/* --- for tests and diagnostics --- */

/* Wait until the worker has nothing queued and nothing in hand. */
void rt_ctrmeta_wait_idle(struct rt_ctrmeta_cache *c);
/* Hold the worker (it takes no new lookup) or let it go on. */
void rt_ctrmeta_hold(struct rt_ctrmeta_cache *c, bool hold);
/* The first wait before a failed lookup is tried again (0: at the next get). */
void rt_ctrmeta_set_retry(struct rt_ctrmeta_cache *c, uint64_t ns);
/* The message of the last failed lookup (other than "not found"); the caller frees it. */
char *rt_ctrmeta_last_error(struct rt_ctrmeta_cache *c);

struct rt_ctrmeta_stats {
	uint64_t lookups; /* run by the worker */
	uint64_t found;
	uint64_t not_found;
	uint64_t errors;  /* failed otherwise (too large, bad JSON, ...) */
	uint64_t dropped; /* records dropped to stay under RT_CTRMETA_MAX_ENTRIES */
	uint64_t entries; /* held now */
};
void rt_ctrmeta_stats(struct rt_ctrmeta_cache *c, struct rt_ctrmeta_stats *out);

#endif
