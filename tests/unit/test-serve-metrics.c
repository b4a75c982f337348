/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for src/serve/serve-metrics.c: requests counted by kind,
 * operation and verdict (unknown kinds and operations folded into "other"),
 * denials by rule but never for dry runs, errors by reason, TLS reloads,
 * the latency histogram's cumulative buckets, the bound on label sets, a
 * few threads counting at once, and every line of the text read back as
 * Prometheus' exposition format (# HELP, # TYPE, then name{labels} value).
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/util.h"
#include "serve/serve-metrics.h"

/* ---- a reader of the exposition format ------------------------------------ */

struct sample {
	char name[128];
	char labels[256]; /* as written between the braces, "" when none */
	double value;
};

static bool name_char(char c, bool first)
{
	return isalpha((unsigned char)c) || c == '_' || c == ':' ||
	       (!first && isdigit((unsigned char)c));
}

/* Read `name` at *p; returns its length (0: none). */
static size_t read_name(const char *p)
{
	size_t n = 0;

	while (p[n] && name_char(p[n], n == 0))
		n++;
	return n;
}

/* Labels: name="value" pairs, comma-separated, values with \\ \" \n escapes only. */
static bool read_labels(const char *p, size_t *len)
{
	size_t i = 0;

	while (p[i] != '}') {
		size_t n = read_name(p + i);
		if (n == 0 || p[i + n] != '=' || p[i + n + 1] != '"')
			return false;
		i += n + 2;
		while (p[i] != '"') {
			if (!p[i] || p[i] == '\n')
				return false;
			if (p[i] == '\\') {
				if (p[i + 1] != '\\' && p[i + 1] != '"' && p[i + 1] != 'n')
					return false;
				i++;
			}
			i++;
		}
		i++;
		if (p[i] == ',')
			i++;
		else if (p[i] != '}')
			return false;
	}
	*len = i;
	return true;
}

/*
 * Parse the whole text; every sample's family must have had its # TYPE
 * line before it (a histogram's _bucket, _sum and _count belong to it).
 * Fails the test on any line that is not the format. Returns the samples.
 */
static struct sample *parse_exposition(const char *text, size_t *n_out)
{
	struct sample *v = NULL;
	size_t n = 0, cap = 0;
	char typed[64][128];
	size_t n_typed = 0;
	const char *line = text;

	assert_true(*text);
	assert_int_equal(text[strlen(text) - 1], '\n');
	while (*line) {
		const char *end = strchr(line, '\n');
		assert_non_null(end);
		char buf[1024];
		size_t len = (size_t)(end - line);
		assert_true(len < sizeof(buf));
		memcpy(buf, line, len);
		buf[len] = '\0';
		line = end + 1;
		if (strncmp(buf, "# HELP ", 7) == 0) {
			size_t k = read_name(buf + 7);
			if (k == 0 || buf[7 + k] != ' ' || !buf[8 + k])
				fail_msg("bad HELP line: %s", buf);
			continue;
		}
		if (strncmp(buf, "# TYPE ", 7) == 0) {
			size_t k = read_name(buf + 7);
			const char *type = buf + 8 + k;
			if (k == 0 || buf[7 + k] != ' ' ||
			    (strcmp(type, "counter") && strcmp(type, "gauge") &&
			     strcmp(type, "histogram")))
				fail_msg("bad TYPE line: %s", buf);
			assert_true(n_typed < 64);
			snprintf(typed[n_typed++], 128, "%.*s", (int)k, buf + 7);
			continue;
		}
		if (buf[0] == '#')
			fail_msg("unexpected comment: %s", buf);
		size_t k = read_name(buf);
		if (k == 0)
			fail_msg("no metric name: %s", buf);
		struct sample s;
		memset(&s, 0, sizeof(s));
		snprintf(s.name, sizeof(s.name), "%.*s", (int)k, buf);
		const char *p = buf + k;
		if (*p == '{') {
			size_t l;
			if (!read_labels(p + 1, &l))
				fail_msg("bad labels: %s", buf);
			snprintf(s.labels, sizeof(s.labels), "%.*s", (int)l, p + 1);
			p += l + 2;
		}
		if (*p != ' ')
			fail_msg("no space before the value: %s", buf);
		char *e;
		s.value = strtod(p + 1, &e);
		if (e == p + 1 || *e)
			fail_msg("bad value: %s", buf);
		bool known = false;
		for (size_t i = 0; i < n_typed; i++) {
			size_t tl = strlen(typed[i]);
			if (strncmp(s.name, typed[i], tl) == 0 &&
			    (!s.name[tl] || !strcmp(s.name + tl, "_bucket") ||
			     !strcmp(s.name + tl, "_sum") || !strcmp(s.name + tl, "_count")))
				known = true;
		}
		if (!known)
			fail_msg("sample before its TYPE: %s", buf);
		v = vakt_grow(v, sizeof(*v), n + 1, &cap);
		v[n++] = s;
	}
	*n_out = n;
	return v;
}

/* The value of name{labels}; -1 when absent. */
static double value_of(const struct sample *v, size_t n, const char *name, const char *labels)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i].name, name) == 0 && strcmp(v[i].labels, labels) == 0)
			return v[i].value;
	return -1;
}

static size_t count_of(const struct sample *v, size_t n, const char *name)
{
	size_t c = 0;

	for (size_t i = 0; i < n; i++)
		c += strcmp(v[i].name, name) == 0;
	return c;
}

struct scrape {
	char *text;
	struct sample *v;
	size_t n;
};

static void scrape(struct serve_metrics *m, struct scrape *s, size_t ns, int synced,
                   size_t in_flight)
{
	size_t len = 0;

	s->text = serve_metrics_render(m, ns, synced, in_flight, &len);
	assert_non_null(s->text);
	assert_int_equal(len, strlen(s->text));
	s->v = parse_exposition(s->text, &s->n);
}

static void scrape_release(struct scrape *s)
{
	free(s->text);
	free(s->v);
}

static struct serve_judgement judgement(enum serve_verdict v, const char *rule1, const char *rule2)
{
	struct serve_judgement j;

	memset(&j, 0, sizeof(j));
	j.verdict = v;
	if (rule1)
		j.deny_rules[j.n_deny_rules++] = rule1;
	if (rule2)
		j.deny_rules[j.n_deny_rules++] = rule2;
	return j;
}

/* ---- the tests --------------------------------------------------------------- */

static void test_empty(void **state)
{
	struct serve_metrics *m = serve_metrics_new();
	struct scrape s;

	(void)state;
	scrape(m, &s, 0, -1, 0);
	assert_int_equal(count_of(s.v, s.n, "vakt_admission_requests_total"), 0);
	assert_int_equal(value_of(s.v, s.n, "vakt_admission_duration_seconds_count", ""), 0);
	assert_int_equal(
	    value_of(s.v, s.n, "vakt_admission_duration_seconds_bucket", "le=\"+Inf\""), 0);
	assert_int_equal(value_of(s.v, s.n, "vakt_namespaces_known", ""), 0);
	/* No watch: no watch gauge. */
	assert_int_equal(count_of(s.v, s.n, "vakt_namespace_watch_synced"), 0);
	assert_int_equal(value_of(s.v, s.n, "vakt_tls_reloads_total", "result=\"ok\""), 0);
	char want[64];
	snprintf(want, sizeof(want), "version=\"%s\"", VAKT_VERSION);
	assert_int_equal(value_of(s.v, s.n, "vakt_build_info", want), 1);
	scrape_release(&s);
	serve_metrics_free(m);
	serve_metrics_free(NULL);
}

static void test_requests(void **state)
{
	struct serve_metrics *m = serve_metrics_new();
	struct scrape s;
	struct serve_judgement deny = judgement(SERVE_VERDICT_DENY, "PS002", "KS010");
	struct serve_judgement warn = judgement(SERVE_VERDICT_WARN, "PS014", NULL);
	struct serve_judgement allow = judgement(SERVE_VERDICT_ALLOW, NULL, NULL);
	struct serve_judgement skip = judgement(SERVE_VERDICT_SKIP, NULL, NULL);

	(void)state;
	serve_metrics_request(m, "Pod", "CREATE", &deny, false, 0.002);
	serve_metrics_request(m, "Pod", "CREATE", &deny, false, 0.002);
	serve_metrics_request(m, "Pod", "CREATE", &deny, true, 0.002); /* dry run */
	serve_metrics_request(m, "Deployment", "UPDATE", &warn, false, 0.004);
	serve_metrics_request(m, "Pod", "CREATE", &allow, false, 0.001);
	serve_metrics_request(m, "ConfigMap", "CREATE", &skip, false, 0.0001);
	serve_metrics_request(m, "Secret", "DELETE", &skip, false, 0.0001);
	serve_metrics_request(m, "Pod", "PATCH", &skip, false, 0.0001);
	serve_metrics_error(m, "bad_request");
	serve_metrics_error(m, "bad_request");
	serve_metrics_error(m, "too_large");
	serve_metrics_tls_reload(m, true);
	serve_metrics_tls_reload(m, true);
	serve_metrics_tls_reload(m, false);
	scrape(m, &s, 42, 1, 3);
	const char *rq = "vakt_admission_requests_total";
	assert_int_equal(
	    value_of(s.v, s.n, rq, "kind=\"Pod\",operation=\"CREATE\",verdict=\"deny\""), 3);
	assert_int_equal(
	    value_of(s.v, s.n, rq, "kind=\"Deployment\",operation=\"UPDATE\",verdict=\"warn\""), 1);
	assert_int_equal(
	    value_of(s.v, s.n, rq, "kind=\"Pod\",operation=\"CREATE\",verdict=\"allow\""), 1);
	/* Kinds and operations outside the known ones are one label value. */
	assert_int_equal(
	    value_of(s.v, s.n, rq, "kind=\"other\",operation=\"CREATE\",verdict=\"skip\""), 1);
	assert_int_equal(
	    value_of(s.v, s.n, rq, "kind=\"other\",operation=\"DELETE\",verdict=\"skip\""), 1);
	assert_int_equal(
	    value_of(s.v, s.n, rq, "kind=\"Pod\",operation=\"other\",verdict=\"skip\""), 1);
	assert_int_equal(count_of(s.v, s.n, rq), 6);
	/* Denials: by rule, deny and warn verdicts, the dry run not counted. */
	const char *dn = "vakt_admission_denials_total";
	assert_int_equal(value_of(s.v, s.n, dn, "rule=\"PS002\""), 2);
	assert_int_equal(value_of(s.v, s.n, dn, "rule=\"KS010\""), 2);
	assert_int_equal(value_of(s.v, s.n, dn, "rule=\"PS014\""), 1);
	assert_int_equal(count_of(s.v, s.n, dn), 3);
	const char *er = "vakt_admission_errors_total";
	assert_int_equal(value_of(s.v, s.n, er, "reason=\"bad_request\""), 2);
	assert_int_equal(value_of(s.v, s.n, er, "reason=\"too_large\""), 1);
	assert_int_equal(value_of(s.v, s.n, "vakt_tls_reloads_total", "result=\"ok\""), 2);
	assert_int_equal(value_of(s.v, s.n, "vakt_tls_reloads_total", "result=\"error\""), 1);
	assert_int_equal(value_of(s.v, s.n, "vakt_namespaces_known", ""), 42);
	assert_int_equal(value_of(s.v, s.n, "vakt_namespace_watch_synced", ""), 1);
	assert_int_equal(value_of(s.v, s.n, "vakt_requests_in_flight", ""), 3);
	scrape_release(&s);
	scrape(m, &s, 0, 0, 0);
	assert_int_equal(value_of(s.v, s.n, "vakt_namespace_watch_synced", ""), 0);
	scrape_release(&s);
	serve_metrics_free(m);
}

static void test_histogram(void **state)
{
	static const double seen[] = {0.0003, 0.0005, 0.003, 0.02, 0.3, 0.3, 5.0};
	struct serve_metrics *m = serve_metrics_new();
	struct serve_judgement allow = judgement(SERVE_VERDICT_ALLOW, NULL, NULL);
	struct scrape s;
	double sum = 0;

	(void)state;
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(seen); i++) {
		serve_metrics_request(m, "Pod", "CREATE", &allow, false, seen[i]);
		sum += seen[i];
	}
	scrape(m, &s, 0, -1, 0);
	const char *b = "vakt_admission_duration_seconds_bucket";
	/* Cumulative: each bucket counts every observation at or below its bound. */
	assert_int_equal(value_of(s.v, s.n, b, "le=\"0.0005\""), 2); /* the bound is inclusive */
	assert_int_equal(value_of(s.v, s.n, b, "le=\"0.001\""), 2);
	assert_int_equal(value_of(s.v, s.n, b, "le=\"0.0025\""), 2);
	assert_int_equal(value_of(s.v, s.n, b, "le=\"0.005\""), 3);
	assert_int_equal(value_of(s.v, s.n, b, "le=\"0.025\""), 4);
	assert_int_equal(value_of(s.v, s.n, b, "le=\"0.25\""), 4);
	assert_int_equal(value_of(s.v, s.n, b, "le=\"0.5\""), 6);
	assert_int_equal(value_of(s.v, s.n, b, "le=\"2.5\""), 6);
	assert_int_equal(value_of(s.v, s.n, b, "le=\"+Inf\""), 7);
	assert_int_equal(value_of(s.v, s.n, "vakt_admission_duration_seconds_count", ""), 7);
	assert_true(fabs(value_of(s.v, s.n, "vakt_admission_duration_seconds_sum", "") - sum) <
	            1e-6);
	/* In order, never decreasing, +Inf last. */
	double last = -1, last_le = 0;
	size_t buckets = 0;
	for (size_t i = 0; i < s.n; i++) {
		if (strcmp(s.v[i].name, b) != 0)
			continue;
		buckets++;
		assert_true(s.v[i].value >= last);
		last = s.v[i].value;
		const char *le = s.v[i].labels + 4;
		if (strncmp(le, "+Inf", 4) == 0) {
			assert_int_equal(buckets, 13);
			continue;
		}
		double bound = strtod(le, NULL);
		assert_true(bound > last_le);
		last_le = bound;
	}
	assert_int_equal(buckets, 13);
	scrape_release(&s);
	serve_metrics_free(m);
}

/* Label sets are bounded: past 256 distinct ones, new ones are not kept. */
static void test_bounded(void **state)
{
	struct serve_metrics *m = serve_metrics_new();
	static char ids[600][16];
	struct scrape s;

	(void)state;
	for (size_t i = 0; i < 600; i++) {
		snprintf(ids[i], sizeof(ids[i]), "XX%03zu", i);
		struct serve_judgement j = judgement(SERVE_VERDICT_DENY, ids[i], NULL);
		serve_metrics_request(m, "Pod", "CREATE", &j, false, 0.001);
		char reason[32];
		snprintf(reason, sizeof(reason), "reason_%zu", i);
		serve_metrics_error(m, reason);
	}
	/* A known series still counts once the set is full. */
	struct serve_judgement j = judgement(SERVE_VERDICT_DENY, ids[0], NULL);
	serve_metrics_request(m, "Pod", "CREATE", &j, false, 0.001);
	scrape(m, &s, 0, -1, 0);
	/* 256 kept, plus the one series the rest are counted in. */
	assert_int_equal(count_of(s.v, s.n, "vakt_admission_denials_total"), 257);
	assert_int_equal(count_of(s.v, s.n, "vakt_admission_errors_total"), 257);
	assert_int_equal(value_of(s.v, s.n, "vakt_admission_denials_total", "overflow=\"true\""),
	                 600 - 256);
	assert_int_equal(value_of(s.v, s.n, "vakt_admission_errors_total", "overflow=\"true\""),
	                 600 - 256);
	assert_int_equal(value_of(s.v, s.n, "vakt_admission_denials_total", "rule=\"XX000\""), 2);
	assert_int_equal(value_of(s.v, s.n, "vakt_admission_denials_total", "rule=\"XX255\""), 1);
	assert_true(value_of(s.v, s.n, "vakt_admission_denials_total", "rule=\"XX256\"") < 0);
	/* Every request is still counted. */
	assert_int_equal(value_of(s.v, s.n, "vakt_admission_requests_total",
	                          "kind=\"Pod\",operation=\"CREATE\",verdict=\"deny\""),
	                 601);
	assert_true(strlen(s.text) < 64 * 1024);
	scrape_release(&s);
	/* Every kind, operation and verdict at once: still bounded, since kinds are folded. */
	static const char *const kinds[] = {"Pod", "Deployment", "Widget", "Gadget", "Namespace"};
	static const char *const ops[] = {"CREATE", "UPDATE", "PATCH", "GET", "DELETE"};
	for (size_t k = 0; k < 200; k++) {
		char kind[16];
		snprintf(kind, sizeof(kind), "Kind%zu", k);
		for (size_t v = 0; v <= SERVE_VERDICT_SKIP; v++) {
			struct serve_judgement x = judgement((enum serve_verdict)v, NULL, NULL);
			serve_metrics_request(m, k < 5 ? kinds[k] : kind, ops[k % 5], &x, false, 0);
		}
	}
	scrape(m, &s, 0, -1, 0);
	assert_true(count_of(s.v, s.n, "vakt_admission_requests_total") <= 5 * 5 * 11);
	scrape_release(&s);
	serve_metrics_free(m);
}

#define THREADS    4
#define PER_THREAD 5000

static void *counter_thread(void *arg)
{
	struct serve_metrics *m = arg;
	struct serve_judgement j = judgement(SERVE_VERDICT_DENY, "PS002", NULL);

	for (int i = 0; i < PER_THREAD; i++) {
		serve_metrics_request(m, "Pod", "CREATE", &j, false, 0.001);
		if (i % 100 == 0) {
			size_t len;
			free(serve_metrics_render(m, 1, 1, 1, &len));
		}
	}
	return NULL;
}

/* Request threads count while /metrics is scraped: nothing is lost. */
static void test_threads(void **state)
{
	struct serve_metrics *m = serve_metrics_new();
	pthread_t t[THREADS];
	struct scrape s;

	(void)state;
	for (int i = 0; i < THREADS; i++)
		assert_int_equal(pthread_create(&t[i], NULL, counter_thread, m), 0);
	for (int i = 0; i < THREADS; i++)
		pthread_join(t[i], NULL);
	scrape(m, &s, 0, -1, 0);
	assert_int_equal(value_of(s.v, s.n, "vakt_admission_denials_total", "rule=\"PS002\""),
	                 THREADS * PER_THREAD);
	assert_int_equal(value_of(s.v, s.n, "vakt_admission_duration_seconds_count", ""),
	                 THREADS * PER_THREAD);
	scrape_release(&s);
	serve_metrics_free(m);
}

/* The reader itself refuses what is not the format (a test that cannot fail is a defect). */
static void test_reader(void **state)
{
	size_t len;

	(void)state;
	assert_true(read_labels("a=\"1\",b=\"x\\\"y\"}", &len));
	assert_int_equal(len, 14);
	assert_false(read_labels("a=1}", &len));
	assert_false(read_labels("a=\"1\" b=\"2\"}", &len));
	assert_false(read_labels("=\"1\"}", &len));
	assert_false(read_labels("a=\"1\\x\"}", &len));
	assert_int_equal(read_name("9abc"), 0);
	assert_int_equal(read_name("vakt_x{"), 6);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_reader),   cmocka_unit_test(test_empty),
	    cmocka_unit_test(test_requests), cmocka_unit_test(test_histogram),
	    cmocka_unit_test(test_bounded),  cmocka_unit_test(test_threads),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
