/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for src/runtime/rt-alert.c: Falco's text and JSON alert lines
 * (typed output fields, null for a missing value, escaping), priorities,
 * the threshold, the per-rule rate limit and an alert program.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/util.h"
#include "runtime/rt-alert.h"

/* 2026-12-06T21:30:00.000000042Z */
#define TS 1796592600000000042ull

struct capture {
	char *text;
	size_t len;
	FILE *f;
};

static void cap_open(struct capture *c)
{
	c->text = NULL;
	c->len = 0;
	c->f = open_memstream(&c->text, &c->len);
	assert_non_null(c->f);
}

static void cap_close(struct capture *c)
{
	fclose(c->f);
}

static struct rt_alerter *writer(FILE *f, enum rt_alert_format fmt, enum rt_priority min,
                                 double rate, double burst)
{
	struct rt_alert_opts o = {.format = fmt,
	                          .out = f,
	                          .min = min,
	                          .rate = rate,
	                          .burst = burst,
	                          .hostname = "node-1"};
	struct rt_alerter *w = NULL;
	struct vakt_error *err = NULL;

	assert_int_equal(0, rt_alerter_new(&o, &w, &err));
	assert_null(err);
	return w;
}

static const char *const tags[] = {"container", "T1059"};

static struct rt_alert sample(const struct rt_alert_field *f, size_t n)
{
	return (struct rt_alert){.ts = TS,
	                         .rule = "Terminal shell in container",
	                         .priority = RT_PRIO_NOTICE,
	                         .source = "syscall",
	                         .output = "A shell was spawned (user=root \"x\")",
	                         .fields = f,
	                         .n_fields = n,
	                         .tags = tags,
	                         .n_tags = 2};
}

static void test_text(void **state)
{
	struct capture c;
	struct rt_alerter *w;
	struct rt_alert a = sample(NULL, 0);

	(void)state;
	cap_open(&c);
	w = writer(c.f, RT_ALERT_TEXT, RT_PRIO_DEBUG, 0, 0);
	assert_int_equal(1, rt_alerter_emit(w, &a, NULL));
	assert_int_equal(0, rt_alerter_free(w));
	cap_close(&c);
	assert_string_equal("2026-12-06T21:30:00.000000042Z: Notice A shell was spawned (user=root "
	                    "\"x\")\n",
	                    c.text);
	free(c.text);
}

static void test_json(void **state)
{
	struct rt_value name = {.type = RT_FT_STR, .s = {"bash\n", 5}};
	struct rt_value uid = {.type = RT_FT_U64, .u = 0};
	struct rt_value res = {.type = RT_FT_I64, .i = -2};
	struct rt_value ok = {.type = RT_FT_BOOL, .b = true};
	struct rt_value ip = {.type = RT_FT_IPADDR, .ip = {.family = AF_INET, .a = {192, 0, 2, 1}}};
	struct rt_value ip6 = {.type = RT_FT_IPADDR,
	                       .ip = {.family = AF_INET6, .a = {0x20, 0x01, 0x0d, 0xb8, [15] = 1}}};
	struct rt_value net = {.type = RT_FT_IPNET,
	                       .net = {.ip = {.family = AF_INET, .a = {10, 0, 0, 0}}, .bits = 8}};
	struct rt_alert_field f[] = {
	    {"proc.name", &name}, {"user.uid", &uid}, {"evt.res", &res}, {"fd.connected", &ok},
	    {"fd.sip", &ip},      {"fd.rip", &ip6},   {"fd.snet", &net}, {"proc.aname[2]", NULL},
	};
	struct capture c;
	struct rt_alerter *w;
	struct rt_alert a = sample(f, sizeof(f) / sizeof(f[0]));

	(void)state;
	cap_open(&c);
	w = writer(c.f, RT_ALERT_JSON, RT_PRIO_DEBUG, 0, 0);
	assert_int_equal(1, rt_alerter_emit(w, &a, NULL));
	rt_alerter_free(w);
	cap_close(&c);
	assert_string_equal(
	    "{\"hostname\":\"node-1\",\"output\":\"A shell was spawned (user=root \\\"x\\\")\","
	    "\"output_fields\":{\"proc.name\":\"bash\\n\",\"user.uid\":0,\"evt.res\":-2,"
	    "\"fd.connected\":true,\"fd.sip\":\"192.0.2.1\",\"fd.rip\":\"2001:db8::1\","
	    "\"fd.snet\":\"10.0.0.0/8\",\"proc.aname[2]\":null},\"priority\":\"Notice\","
	    "\"rule\":\"Terminal shell in container\",\"source\":\"syscall\","
	    "\"tags\":[\"container\",\"T1059\"],\"time\":\"2026-12-06T21:30:00.000000042Z\"}\n",
	    c.text);
	free(c.text);
}

/* Fields the rule language wrote as JSON already go in as they are. */
static void test_json_prebuilt(void **state)
{
	struct capture c;
	struct rt_alerter *w;
	struct rt_alert a = sample(NULL, 0);

	(void)state;
	a.fields_json = "{\"fd.num\":3,\"proc.aname[2]\":null}";
	a.n_tags = 0;
	cap_open(&c);
	w = writer(c.f, RT_ALERT_JSON, RT_PRIO_DEBUG, 0, 0);
	assert_int_equal(1, rt_alerter_emit(w, &a, NULL));
	rt_alerter_free(w);
	cap_close(&c);
	assert_non_null(strstr(c.text, ",\"output_fields\":{\"fd.num\":3,\"proc.aname[2]\":null},"
	                               "\"priority\":\"Notice\","));
	assert_non_null(strstr(c.text, "\"tags\":[],"));
	free(c.text);
}

static void test_threshold(void **state)
{
	struct capture c;
	struct rt_alerter *w;
	struct rt_alert a = sample(NULL, 0);
	struct rt_alert_stats st;

	(void)state;
	cap_open(&c);
	w = writer(c.f, RT_ALERT_TEXT, RT_PRIO_WARNING, 0, 0);
	/* Notice is less severe than Warning: dropped and counted. */
	assert_int_equal(0, rt_alerter_emit(w, &a, NULL));
	a.priority = RT_PRIO_WARNING;
	assert_int_equal(1, rt_alerter_emit(w, &a, NULL));
	a.priority = RT_PRIO_CRITICAL;
	assert_int_equal(1, rt_alerter_emit(w, &a, NULL));
	rt_alerter_stats(w, &st);
	assert_int_equal(2, st.emitted);
	assert_int_equal(1, st.below);
	assert_int_equal(1, st.by_priority[RT_PRIO_WARNING]);
	assert_int_equal(1, st.by_priority[RT_PRIO_CRITICAL]);
	rt_alerter_free(w);
	cap_close(&c);
	free(c.text);
}

static void test_rate_limit(void **state)
{
	struct capture c;
	struct rt_alerter *w;
	struct rt_alert a = sample(NULL, 0), b = sample(NULL, 0);
	struct rt_alert_stats st;
	int n = 0;

	(void)state;
	b.rule = "Read sensitive file untrusted";
	cap_open(&c);
	/* A burst of 3, then 2 a second. */
	w = writer(c.f, RT_ALERT_TEXT, RT_PRIO_DEBUG, 2, 3);
	for (int i = 0; i < 10; i++)
		n += rt_alerter_emit(w, &a, NULL);
	assert_int_equal(3, n);
	/* Another rule has its own bucket. */
	assert_int_equal(1, rt_alerter_emit(w, &b, NULL));
	/* Half a second later one more token; a second later two. */
	a.ts += 500000000u;
	assert_int_equal(1, rt_alerter_emit(w, &a, NULL));
	assert_int_equal(0, rt_alerter_emit(w, &a, NULL));
	a.ts += 1000000000u;
	assert_int_equal(1, rt_alerter_emit(w, &a, NULL));
	assert_int_equal(1, rt_alerter_emit(w, &a, NULL));
	assert_int_equal(0, rt_alerter_emit(w, &a, NULL));
	/* Never more than the burst, however long the quiet. */
	a.ts += 3600 * 1000000000ull;
	n = 0;
	for (int i = 0; i < 10; i++)
		n += rt_alerter_emit(w, &a, NULL);
	assert_int_equal(3, n);
	rt_alerter_stats(w, &st);
	assert_int_equal(10, st.emitted);
	assert_int_equal(7 + 1 + 1 + 7, st.limited);
	rt_alerter_free(w);
	cap_close(&c);
	free(c.text);
}

/* Past RT_ALERT_MAX_RULES rules, a new rule is not limited rather than lost. */
static void test_many_rules(void **state)
{
	struct rt_alerter *w;
	FILE *devnull = fopen("/dev/null", "we");
	static char names[RT_ALERT_MAX_RULES + 10][16];
	struct rt_alert a = sample(NULL, 0);
	int n = 0;

	(void)state;
	assert_non_null(devnull);
	w = writer(devnull, RT_ALERT_TEXT, RT_PRIO_DEBUG, 1, 1);
	for (int i = 0; i < RT_ALERT_MAX_RULES + 10; i++) {
		snprintf(names[i], sizeof(names[i]), "rule %d", i);
		a.rule = names[i];
		n += rt_alerter_emit(w, &a, NULL);
	}
	assert_int_equal(RT_ALERT_MAX_RULES + 10, n);
	/* A tracked rule stays limited; an untracked one is not. */
	a.rule = names[0];
	assert_int_equal(0, rt_alerter_emit(w, &a, NULL));
	a.rule = names[RT_ALERT_MAX_RULES + 5];
	assert_int_equal(1, rt_alerter_emit(w, &a, NULL));
	rt_alerter_free(w);
	fclose(devnull);
}

static void test_program(void **state)
{
	char dir[] = "/tmp/vakt-alert-XXXXXX", cmd[128], path[96], got[256] = "";
	struct rt_alert_opts o = {.format = RT_ALERT_TEXT, .min = RT_PRIO_DEBUG, .hostname = "h"};
	struct rt_alerter *w = NULL;
	struct vakt_error *err = NULL;
	struct rt_alert a = sample(NULL, 0);
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/out", dir);
	snprintf(cmd, sizeof(cmd), "cat > %s; exit 3", path);
	o.program = cmd;
	assert_int_equal(0, rt_alerter_new(&o, &w, &err));
	assert_int_equal(1, rt_alerter_emit(w, &a, &err));
	/* The program's exit status comes back. */
	assert_int_equal(3, rt_alerter_free(w));
	f = fopen(path, "re");
	assert_non_null(f);
	assert_non_null(fgets(got, sizeof(got), f));
	fclose(f);
	assert_string_equal("2026-12-06T21:30:00.000000042Z: Notice A shell was spawned (user=root "
	                    "\"x\")\n",
	                    got);
	unlink(path);
	rmdir(dir);
}

/* A program that is gone: the write fails with an error naming it, vakt lives on. */
static void test_program_gone(void **state)
{
	struct rt_alert_opts o = {
	    .format = RT_ALERT_TEXT, .min = RT_PRIO_DEBUG, .hostname = "h", .program = "exit 0"};
	struct rt_alerter *w = NULL;
	struct vakt_error *err = NULL;
	struct rt_alert a = sample(NULL, 0);
	int r = 1;

	(void)state;
	assert_int_equal(0, rt_alerter_new(&o, &w, &err));
	/* The pipe buffers what the first writes hold; sooner or later one fails. */
	for (int i = 0; i < 100000 && r == 1; i++)
		r = rt_alerter_emit(w, &a, &err);
	assert_int_equal(-EPIPE, r);
	assert_non_null(err);
	assert_non_null(strstr(err->msg, "cannot write an alert to 'exit 0'"));
	vakt_error_free(err);
	rt_alerter_free(w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_text),          cmocka_unit_test(test_json),
	    cmocka_unit_test(test_json_prebuilt), cmocka_unit_test(test_threshold),
	    cmocka_unit_test(test_rate_limit),    cmocka_unit_test(test_many_rules),
	    cmocka_unit_test(test_program),       cmocka_unit_test(test_program_gone),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
