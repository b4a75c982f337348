/* SPDX-License-Identifier: MIT */
#ifndef VAKT_SERVE_WATCH_H
#define VAKT_SERVE_WATCH_H

/*
 * The namespace watch of vakt serve: a thread that lists the cluster's
 * Namespaces through the API server and then watches them (GET
 * /api/v1/namespaces, then ?watch=1&resourceVersion=RV with bookmarks),
 * feeding serve-ns.h's cache. It reconnects with a capped backoff, relists
 * on 410 Gone or an ERROR event, re-reads the bearer token file on every
 * connection (bound service-account tokens rotate), and bounds everything it
 * reads from the API server (line length, object nesting).
 *
 * In a cluster the defaults come from the pod: KUBERNETES_SERVICE_HOST and
 * _PORT, /var/run/secrets/kubernetes.io/serviceaccount/{token,ca.crt}.
 * libcurl is loaded on first use (core/dl.h).
 */

#include <stdbool.h>
#include <stddef.h>

#include "core/error.h"
#include "serve-log.h"
#include "serve-ns.h"

/* Longest line (one watch event) read from the API server. */
#define SERVE_WATCH_MAX_LINE (4u * 1024 * 1024)
/* Deepest JSON nesting accepted in one event. */
#define SERVE_WATCH_MAX_DEPTH 64

struct serve_watch_opts {
	const char *api;        /* "https://10.0.0.1:443"; NULL: from the pod's environment */
	const char *token_file; /* NULL: the service account's; "" for none */
	const char *ca_file;    /* NULL: the service account's; "" for the system's */
	const struct serve_log *log;
};

struct serve_watch;
struct serve_kube_client;

/*
 * Where the API server is when running in a pod (KUBERNETES_SERVICE_HOST and
 * _PORT set). Returns the URL (caller frees) or NULL outside a cluster.
 */
char *serve_watch_in_cluster_url(void);

/*
 * Start the watch thread. cache is borrowed and must outlive the watch.
 * Returns 0 and *out, or a negative code with *err (libcurl missing, the
 * token or CA file unreadable, no API server URL).
 */
int serve_watch_start(const struct serve_watch_opts *o, struct serve_ns_cache *cache,
                      struct serve_watch **out, struct vakt_error **err);
/* Whether the first full list has been read (readiness). */
bool serve_watch_synced(const struct serve_watch *w);
/*
 * The watch's API server client (its URL, token and CA files), for other
 * requests to the same server; borrowed, valid until serve_watch_stop().
 * NULL for a NULL w.
 */
const struct serve_kube_client *serve_watch_client(const struct serve_watch *w);
/* Stop the thread (within a second) and free w; accepts NULL. */
void serve_watch_stop(struct serve_watch *w);

/*
 * The watch stream's parser, separate for tests and fuzzing: feed the bytes
 * of a watch response as they arrive; each complete line is one event
 * ({"type": ADDED|MODIFIED|DELETED|BOOKMARK|ERROR, "object": ...}) applied
 * to the cache. resource_version follows the newest event's.
 */
struct serve_watch_stream {
	char *buf; /* owned: the incomplete line */
	size_t len;
	size_t cap;
	char resource_version[128];
	bool gone;     /* an ERROR event (410 Gone or another): relist */
	size_t events; /* events applied (ERROR events are not: they set gone) */
	size_t bad;    /* lines that were not a valid event (logged, skipped) */
};

/*
 * Apply every complete line of data[0..n). Returns 0, or -E2BIG when a line
 * exceeds SERVE_WATCH_MAX_LINE (the stream must then be dropped and
 * reopened), -ENOMEM.
 */
int serve_watch_stream_feed(struct serve_watch_stream *s, const char *data, size_t n,
                            struct serve_ns_cache *cache, const struct serve_log *log);
void serve_watch_stream_release(struct serve_watch_stream *s);

/*
 * Apply a Namespace list (the body of GET /api/v1/namespaces) to the cache
 * as a full sync, and copy its metadata.resourceVersion to rv. Returns 0 or
 * -EINVAL with *err when body is not a NamespaceList (the cache and rv are
 * then untouched), -ENOMEM. Items without a usable name are skipped.
 */
int serve_watch_apply_list(const char *body, size_t n, struct serve_ns_cache *cache, char rv[128],
                           struct vakt_error **err);

#endif
