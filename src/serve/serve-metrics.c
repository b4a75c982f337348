/* SPDX-License-Identifier: MIT */
/* The webhook's metrics (serve-metrics.h). */
#include "serve-metrics.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"

/* Latency buckets, in seconds: an admission webhook is expected to answer in milliseconds. */
static const double buckets[] = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                 0.05,   0.1,   0.25,   0.5,   1.0,  2.5};
#define N_BUCKETS VAKT_ARRAY_SIZE(buckets)

/* Label values are bounded: kinds come from a fixed list or become "other". */
#define MAX_SERIES 256

struct series {
	char *labels; /* owned: `kind="Pod",operation="CREATE",verdict="deny"` */
	unsigned long long n;
};

struct series_set {
	struct series v[MAX_SERIES];
	size_t n;
	unsigned long long overflow; /* increments beyond MAX_SERIES distinct label sets */
};

struct serve_metrics {
	pthread_mutex_t lock;
	struct series_set requests, denials, errors;
	unsigned long long hist[N_BUCKETS];
	unsigned long long count;
	double sum;
	unsigned long long reloads, reload_failures;
};

struct serve_metrics *serve_metrics_new(void)
{
	struct serve_metrics *m = calloc(1, sizeof(*m));

	if (m)
		pthread_mutex_init(&m->lock, NULL);
	return m;
}

static void series_set_release(struct series_set *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i].labels);
	s->n = 0;
}

void serve_metrics_free(struct serve_metrics *m)
{
	if (!m)
		return;
	series_set_release(&m->requests);
	series_set_release(&m->denials);
	series_set_release(&m->errors);
	pthread_mutex_destroy(&m->lock);
	free(m);
}

/* Add one to the series of labels (borrowed; copied when new). Under the lock. */
static void bump(struct series_set *s, const char *labels)
{
	for (size_t i = 0; i < s->n; i++) {
		if (strcmp(s->v[i].labels, labels) == 0) {
			s->v[i].n++;
			return;
		}
	}
	if (s->n == MAX_SERIES) {
		s->overflow++;
		return;
	}
	s->v[s->n].labels = vakt_xstrdup(labels);
	s->v[s->n++].n = 1;
}

/* Kinds outside the judged ones are one label value, so series stay bounded. */
static const char *kind_label(const char *kind)
{
	static const char *const known[] = {
	    "Pod", "Deployment", "StatefulSet",           "DaemonSet",   "ReplicaSet",
	    "Job", "CronJob",    "ReplicationController", "PodTemplate", "Namespace"};

	for (size_t i = 0; i < VAKT_ARRAY_SIZE(known); i++)
		if (strcmp(kind, known[i]) == 0)
			return known[i];
	return "other";
}

static const char *operation_label(const char *op)
{
	static const char *const known[] = {"CREATE", "UPDATE", "DELETE", "CONNECT"};

	for (size_t i = 0; i < VAKT_ARRAY_SIZE(known); i++)
		if (strcmp(op, known[i]) == 0)
			return known[i];
	return "other";
}

void serve_metrics_request(struct serve_metrics *m, const char *kind, const char *operation,
                           const struct serve_judgement *j, bool dry_run, double seconds)
{
	char labels[128];

	snprintf(labels, sizeof(labels), "kind=\"%s\",operation=\"%s\",verdict=\"%s\"",
	         kind_label(kind), operation_label(operation), serve_verdict_name(j->verdict));
	pthread_mutex_lock(&m->lock);
	bump(&m->requests, labels);
	if (!dry_run && (j->verdict == SERVE_VERDICT_DENY || j->verdict == SERVE_VERDICT_WARN)) {
		for (size_t i = 0; i < j->n_deny_rules; i++) {
			char l[64];
			snprintf(l, sizeof(l), "rule=\"%s\"", j->deny_rules[i]);
			bump(&m->denials, l);
		}
	}
	for (size_t i = 0; i < N_BUCKETS; i++)
		if (seconds <= buckets[i])
			m->hist[i]++;
	m->count++;
	m->sum += seconds;
	pthread_mutex_unlock(&m->lock);
}

void serve_metrics_error(struct serve_metrics *m, const char *reason)
{
	char labels[64];

	snprintf(labels, sizeof(labels), "reason=\"%s\"", reason);
	pthread_mutex_lock(&m->lock);
	bump(&m->errors, labels);
	pthread_mutex_unlock(&m->lock);
}

void serve_metrics_tls_reload(struct serve_metrics *m, bool ok)
{
	pthread_mutex_lock(&m->lock);
	if (ok)
		m->reloads++;
	else
		m->reload_failures++;
	pthread_mutex_unlock(&m->lock);
}

static void put_set(struct vakt_buf *b, const char *name, const char *help,
                    const struct series_set *s)
{
	vakt_buf_addf(b, "# HELP %s %s\n# TYPE %s counter\n", name, help, name);
	for (size_t i = 0; i < s->n; i++)
		vakt_buf_addf(b, "%s{%s} %llu\n", name, s->v[i].labels, s->v[i].n);
	/* Past the bound on label sets, counts go to one series rather than nowhere. */
	if (s->overflow)
		vakt_buf_addf(b, "%s{overflow=\"true\"} %llu\n", name, s->overflow);
}

/* Returns the text, owned by the caller. */
char *serve_metrics_render(struct serve_metrics *m, size_t namespaces_known, int watch_synced,
                           size_t in_flight, size_t *len)
{
	struct vakt_buf b = {0};

	pthread_mutex_lock(&m->lock);
	put_set(&b, "vakt_admission_requests_total",
	        "Admission requests answered, by kind, operation and verdict.", &m->requests);
	put_set(&b, "vakt_admission_denials_total",
	        "Rules behind refused (or, in warn and audit mode, would-be refused) requests; dry "
	        "runs are not counted.",
	        &m->denials);
	put_set(&b, "vakt_admission_errors_total", "Requests answered with an error, by reason.",
	        &m->errors);
	vakt_buf_addf(
	    &b, "# HELP vakt_admission_duration_seconds Time to judge one admission request.\n");
	vakt_buf_addf(&b, "# TYPE vakt_admission_duration_seconds histogram\n");
	for (size_t i = 0; i < N_BUCKETS; i++)
		vakt_buf_addf(&b, "vakt_admission_duration_seconds_bucket{le=\"%g\"} %llu\n",
		              buckets[i], m->hist[i]);
	vakt_buf_addf(&b, "vakt_admission_duration_seconds_bucket{le=\"+Inf\"} %llu\n", m->count);
	vakt_buf_addf(&b, "vakt_admission_duration_seconds_sum %.6f\n", m->sum);
	vakt_buf_addf(&b, "vakt_admission_duration_seconds_count %llu\n", m->count);
	vakt_buf_addf(&b, "# HELP vakt_tls_reloads_total Certificate reloads, by result.\n");
	vakt_buf_addf(&b, "# TYPE vakt_tls_reloads_total counter\n");
	vakt_buf_addf(&b, "vakt_tls_reloads_total{result=\"ok\"} %llu\n", m->reloads);
	vakt_buf_addf(&b, "vakt_tls_reloads_total{result=\"error\"} %llu\n", m->reload_failures);
	pthread_mutex_unlock(&m->lock);
	vakt_buf_addf(
	    &b, "# HELP vakt_namespaces_known Namespaces whose Pod Security labels are known.\n");
	vakt_buf_addf(&b, "# TYPE vakt_namespaces_known gauge\nvakt_namespaces_known %zu\n",
	              namespaces_known);
	if (watch_synced >= 0) {
		vakt_buf_addf(&b,
		              "# HELP vakt_namespace_watch_synced 1 once the namespace watch has "
		              "listed every Namespace.\n");
		vakt_buf_addf(
		    &b,
		    "# TYPE vakt_namespace_watch_synced gauge\nvakt_namespace_watch_synced %d\n",
		    watch_synced);
	}
	vakt_buf_addf(&b, "# HELP vakt_requests_in_flight Requests being read or answered.\n");
	vakt_buf_addf(&b, "# TYPE vakt_requests_in_flight gauge\nvakt_requests_in_flight %zu\n",
	              in_flight);
	vakt_buf_addf(&b,
	              "# HELP vakt_build_info The running vakt.\n# TYPE vakt_build_info gauge\n");
	vakt_buf_addf(&b, "vakt_build_info{version=\"%s\"} 1\n", VAKT_VERSION);
	*len = b.len;
	return b.data;
}
