/* SPDX-License-Identifier: MIT */
#ifndef VAKT_SERVE_HTTP_H
#define VAKT_SERVE_HTTP_H

/*
 * The HTTPS side of vakt serve (libmicrohttpd): the routes, request bodies
 * read up to a limit, the answers, and the counters that readiness and the
 * drain on SIGTERM read. serve.c owns the daemon's life.
 */

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

#include "serve-metrics.h"
#include "serve-ns.h"
#include "serve.h"

struct serve_watch;

/* What every request handler shares. */
struct serve_state {
	const struct serve_opts *opts;
	struct serve_ns_cache *cache;
	struct serve_metrics *metrics;
	struct serve_watch *watch; /* NULL when the watch is off */
	atomic_size_t in_flight;   /* requests begun and not yet completed */
	atomic_bool draining;      /* SIGTERM seen: /readyz answers 503 */
};

/*
 * Start the daemon on o->listen with st's handlers. Returns the daemon
 * (an opaque struct MHD_Daemon *) and its port in *port, or NULL with *err.
 */
void *serve_http_start(struct serve_state *st, unsigned *port, struct vakt_error **err);
/* Stop accepting new connections (the drain's first step). */
void serve_http_quiesce(void *daemon);
void serve_http_stop(void *daemon);

#endif
