/* SPDX-License-Identifier: MIT */
#ifndef VAKT_SERVE_METRICS_H
#define VAKT_SERVE_METRICS_H

/*
 * The webhook's metrics, in Prometheus' text exposition format (GET
 * /metrics): requests by kind, operation and verdict, denials by rule, a
 * latency histogram, errors by reason, and a few gauges. Thread-safe; the
 * hot path takes one mutex for a few additions.
 */

#include <stddef.h>

#include "serve-judge.h"

struct serve_metrics;

/* A new set, owned by the caller (serve_metrics_free()); NULL on allocation failure. */
struct serve_metrics *serve_metrics_new(void);
void serve_metrics_free(struct serve_metrics *m);

/* One judged request (not counted as a denial when dry_run). */
void serve_metrics_request(struct serve_metrics *m, const char *kind, const char *operation,
                           const struct serve_judgement *j, bool dry_run, double seconds);
/* One request answered with an error: "bad_request", "too_large", "not_found", ... */
void serve_metrics_error(struct serve_metrics *m, const char *reason);
void serve_metrics_tls_reload(struct serve_metrics *m, bool ok);

/*
 * The exposition text, with the gauges given. The caller owns the result
 * (free()); *len is its length.
 */
char *serve_metrics_render(struct serve_metrics *m, size_t namespaces_known, int watch_synced,
                           size_t in_flight, size_t *len);

#endif
