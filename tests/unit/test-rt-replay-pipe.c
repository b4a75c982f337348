/* SPDX-License-Identifier: MIT */
/*
 * The replay pipe (rt-replay-pipe.c): a replay read on a second thread
 * gives what the one-thread replay gives, event for event, state for state,
 * alert for alert, error for error. Each run is written out as a transcript
 * (every event with its arguments, its thread's name and descriptor after
 * the state saw it, every alert with its output and fields, the error, the
 * counts) and the two transcripts must be the same: on the recorded cases
 * of tests/runtime/replay with their rules, and on a generated recording
 * long enough to fill every batch many times over (with proc and user
 * lines on the way, lines the fast path declines, a line longer than a
 * batch's arena, blank lines), read from memory and from a file, cut short
 * by an error or by the reader closing early.
 */
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/util.h"
#include "runtime/rt-field.h"
#include "runtime/rt-replay.h"
#include "runtime/rt-rules.h"
#include "runtime/rt-state.h"

#define MAX_UP 8

static char *root;   /* the repository, "" or "../..." */
static char *shared; /* ../shared or $VAKT_SHARED; NULL when not found */

static void locate(void)
{
	struct vakt_buf up = VAKT_BUF_INIT;
	const char *env = getenv("VAKT_SHARED");

	for (int i = 0; i <= MAX_UP && !root; i++) {
		char *mark = vakt_xasprintf("%ssrc/runtime/rt-replay.h", vakt_buf_str(&up));

		if (!access(mark, R_OK))
			root = vakt_xstrdup(vakt_buf_str(&up));
		free(mark);
		vakt_buf_adds(&up, "../");
	}
	vakt_buf_release(&up);
	if (env && *env)
		shared = vakt_xstrdup(env);
	else if (root)
		shared = vakt_xasprintf("%s../shared", root);
}

/* ---- a run, written out ----------------------------------------------------------- */

struct run {
	struct rt_state *s;
	const struct rt_ruleset *rs;
	struct rt_eval_ctx *ctx;
	struct vakt_buf out, tmp;
};

static void on_match(const struct rt_rule *rule, const void *evp, void *data)
{
	struct run *r = data;

	vakt_buf_reset(&r->tmp);
	rt_rule_render(rule, r->ctx, evp, &r->tmp);
	vakt_buf_addf(&r->out, "alert %s: %s ", rule->name, vakt_buf_str(&r->tmp));
	vakt_buf_reset(&r->tmp);
	rt_rule_output_fields_json(rule, r->ctx, evp, &r->tmp);
	vakt_buf_addf(&r->out, "%s\n", vakt_buf_str(&r->tmp));
}

/* Bytes, non-printable ones escaped (lists hold NULs: the transcript stays one C string). */
static void put_bytes(struct vakt_buf *o, const char *p, size_t n)
{
	vakt_buf_addc(o, '[');
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)p[i];

		if (c >= 0x20 && c < 0x7f && c != '\\')
			vakt_buf_addc(o, (char)c);
		else
			vakt_buf_addf(o, "\\x%02x", c);
	}
	vakt_buf_addc(o, ']');
}

static void put_event(struct vakt_buf *o, const struct rt_event *ev)
{
	vakt_buf_addf(o,
	              "%" PRIu64 " %" PRIu64 " %s cpu %d tid %" PRId64 " pid %" PRId64
	              " res %" PRId64 " thread '%s' fd '%s':",
	              ev->num, ev->ts, rt_evtype_name(ev->type), ev->cpu, ev->tid, ev->pid, ev->res,
	              ev->thread ? ev->thread->comm : "-", ev->fd ? ev->fd->name : "-");
	for (uint32_t i = 0; i < ev->n_args; i++) {
		const struct rt_arg *a = &ev->args[i];

		vakt_buf_addf(o, " %s=%d/%d/%" PRId64 "/%d:%u", a->name, a->kind, a->flags, a->num,
		              a->sa.family, a->sa.port);
		if (a->str)
			put_bytes(o, a->str, a->len);
		if (a->sa.path)
			put_bytes(o, a->sa.path, a->sa.path_len);
		if (a->peer.path)
			put_bytes(o, a->peer.path, a->peer.path_len);
	}
	vakt_buf_addc(o, '\n');
}

/*
 * Replay path (or data, len when path is NULL) with rs (NULL: none) on
 * threads threads, with rt_replay_next_ref() when ref, else rt_replay_next(),
 * stopping after stop events (0: never); the transcript is the caller's.
 */
static char *transcript(const char *path, const char *data, size_t len, const struct rt_ruleset *rs,
                        const struct rt_replay_opts *base, int threads, bool ref, size_t stop)
{
	struct rt_replay_opts o = base ? *base : (struct rt_replay_opts){0};
	struct run r = {
	    .s = rt_state_new(NULL), .rs = rs, .out = VAKT_BUF_INIT, .tmp = VAKT_BUF_INIT};
	struct rt_replay *rp = NULL;
	struct vakt_error *err = NULL;
	struct rt_event own, *ev = &own;
	size_t n = 0;
	int rc;

	o.threads = threads;
	r.ctx = rs ? rt_eval_ctx_new(rs) : NULL;
	rc = path ? rt_replay_open(path, r.s, &o, &rp, &err)
	          : rt_replay_open_mem("mem", data, len, r.s, &o, &rp, &err);
	assert_int_equal(rc, 0);
	assert_int_equal(rt_replay_pipelined(rp), threads == 2);
	while ((rc = ref ? rt_replay_next_ref(rp, &ev, &err) : rt_replay_next(rp, ev, &err)) == 1) {
		rt_state_apply(r.s, ev);
		put_event(&r.out, ev);
		if (rs)
			rt_ruleset_eval(rs, r.ctx, (size_t)ev->type, ev, on_match, &r);
		if (++n == stop)
			break;
	}
	if (rc < 0) {
		char *msg = vakt_error_format(err);

		vakt_buf_addf(&r.out, "error %d %s\n", rc, msg);
		free(msg);
		vakt_error_free(err);
		/* An error is final, on either path. */
		assert_int_equal(rt_replay_next(rp, &own, NULL), -EINVAL);
	}
	vakt_buf_addf(&r.out, "events %" PRIu64 " drops %" PRIu64 "\n", rt_replay_events(rp),
	              rt_replay_drops(rp));
	rt_replay_close(rp);
	rt_eval_ctx_free(r.ctx);
	rt_state_free(r.s);
	vakt_buf_release(&r.tmp);
	return vakt_buf_detach(&r.out);
}

static void same(const char *one, const char *two, const char *what)
{
	size_t i = 0;

	if (strcmp(one, two) == 0)
		return;
	while (one[i] && one[i] == two[i])
		i++;
	print_message("# transcripts differ (%s) at byte %zu:\n# one: %.200s\n# two: %.200s\n",
	              what, i, one + i, two + i);
	fail();
}

/*
 * The one-thread and the pipelined transcripts, with a copy of each event
 * and without, which must all be the same; the first returned.
 */
static char *both(const char *path, const char *data, size_t len, const struct rt_ruleset *rs,
                  const struct rt_replay_opts *o, size_t stop)
{
	char *one = transcript(path, data, len, rs, o, 1, false, stop);
	char *t;

	t = transcript(path, data, len, rs, o, 2, false, stop);
	same(one, t, "two threads, copied");
	free(t);
	t = transcript(path, data, len, rs, o, 2, true, stop);
	same(one, t, "two threads, by reference");
	free(t);
	t = transcript(path, data, len, rs, o, 1, true, stop);
	same(one, t, "one thread, by reference");
	free(t);
	return one;
}

/* ---- the recorded cases ----------------------------------------------------------- */

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "re");
	struct vakt_buf b = VAKT_BUF_INIT;
	char chunk[4096];
	size_t n;

	if (!f)
		return NULL;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		vakt_buf_add(&b, chunk, n);
	fclose(f);
	return vakt_buf_detach(&b);
}

/* The rules a case names (tests/runtime/replay.sh); NULL when they are not at hand. */
static struct rt_ruleset *case_rules(const char *dir)
{
	char *p = vakt_xasprintf("%s/rules", dir), *which = slurp(p), *path;
	struct rt_ruleset *rs = NULL;
	struct vakt_error *err = NULL;

	free(p);
	assert_non_null(which);
	which[strcspn(which, "\n")] = '\0';
	if (!strcmp(which, "falco"))
		path =
		    shared ? vakt_xasprintf("%s/conformance/falco/falco_rules.yaml", shared) : NULL;
	else if (!strcmp(which, "vakt"))
		path = vakt_xasprintf("%srules/vakt_rules.yaml", root);
	else
		path = vakt_xasprintf("%s/%s", dir, which);
	free(which);
	if (path && access(path, R_OK) == 0) {
		const char *paths[] = {path};

		assert_int_equal(rt_ruleset_load(&rt_fields_syscall, paths, 1, &rs, &err), 0);
	}
	free(path);
	return rs;
}

static void test_recorded_cases(void **state)
{
	char *dir;
	DIR *d;
	struct dirent *de;
	size_t cases = 0, with_alerts = 0;

	(void)state;
	if (!root)
		skip();
	dir = vakt_xasprintf("%stests/runtime/replay", root);
	d = opendir(dir);
	assert_non_null(d);
	while ((de = readdir(d))) {
		char *c, *events, *t;
		struct rt_ruleset *rs;

		if (de->d_name[0] == '.')
			continue;
		c = vakt_xasprintf("%s/%s", dir, de->d_name);
		events = vakt_xasprintf("%s/events.jsonl", c);
		if (access(events, R_OK) == 0) {
			rs = case_rules(c);
			t = both(events, NULL, 0, rs, NULL, 0);
			cases++;
			with_alerts += strstr(t, "\nalert ") != NULL;
			free(t);
			rt_ruleset_free(rs);
		}
		free(events);
		free(c);
	}
	closedir(d);
	free(dir);
	print_message("# %zu recorded cases, %zu with alerts\n", cases, with_alerts);
	assert_true(cases >= 10);
	/* The comparison covers alerts, not only events (some rules may be missing: VAKT_SHARED).
	 */
	assert_true(with_alerts >= 5);
}

/* ---- a generated recording -------------------------------------------------------- */

#define LONG_NAME (300 * 1024) /* past a batch's arena (rt-replay-pipe.c: 64 KiB) */

/* n events of a busy host, with what breaks batches on the way; bad > 0 puts a bad line there. */
static char *generate(size_t n, size_t bad, size_t *len)
{
	struct vakt_buf b = VAKT_BUF_INIT;
	uint64_t ts = 1700000000000000000ull;

	vakt_buf_adds(&b, "{\"format\":\"vakt-events\",\"version\":1,\"host\":\"gen\","
	                  "\"start_ns\":1700000000000000000}\n");
	for (size_t i = 0; i < n; i++) {
		int64_t tid = 2000 + (int64_t)(i / 500);

		if (i % 500 == 0)
			vakt_buf_addf(&b,
			              "{\"proc\":{\"tid\":%" PRId64 ",\"pid\":%" PRId64
			              ",\"ptid\":1,\"comm\":\"w%zu\",\"exe\":\"w\",\"args\":\"-x\","
			              "\"cwd\":\"/srv/\",\"uid\":%zu,\"gid\":0,\"mntns\":1}}\n",
			              tid, tid, i / 500, 1000 + i / 500);
		if (i % 1500 == 7)
			vakt_buf_addf(&b,
			              "{\"user\":{\"uid\":%zu,\"name\":\"u%zu\",\"mntns\":1}}\n",
			              1000 + i / 500, i);
		if (i % 401 == 3)
			vakt_buf_adds(&b, "  \n");
		if (bad && i == bad)
			vakt_buf_adds(&b, "{\"ts\":1,\"type\":\"openat\",\"tid\":\"x\"}\n");
		ts += 1000;
		vakt_buf_addf(&b, "{\"ts\":%" PRIu64 ",\"type\":", ts);
		switch (i % 7) {
		case 0:
			vakt_buf_addf(
			    &b,
			    "\"openat\",\"cpu\":0,\"tid\":%" PRId64 ",\"res\":%zu,\"args\":["
			    "{\"name\":\"fd\",\"int\":%zu,\"flags\":\"fd\"},{\"name\":\"name\","
			    "\"str\":\"/srv/f%zu\"},{\"name\":\"flags\",\"uint\":577,"
			    "\"flags\":\"open\"}]}\n",
			    tid, 3 + i % 40, 3 + i % 40, i);
			break;
		case 1:
			vakt_buf_addf(
			    &b,
			    "\"close\",\"cpu\":1,\"tid\":%" PRId64 ",\"res\":0,\"args\":["
			    "{\"name\":\"res\",\"int\":0,\"flags\":\"errno\"},{\"name\":\"fd\","
			    "\"int\":%zu,\"flags\":\"fd\"}]}\n",
			    tid, 3 + (i + 33) % 40);
			break;
		case 2:
			vakt_buf_addf(
			    &b,
			    "\"execve\",\"cpu\":1,\"tid\":%" PRId64 ",\"res\":0,\"args\":["
			    "{\"name\":\"res\",\"int\":0,\"flags\":\"errno\"},{\"name\":\"exe\","
			    "\"str\":\"sh\"},{\"name\":\"args\",\"list\":[\"-c\",\"x%zu\",\"\"]},"
			    "{\"name\":\"comm\",\"str\":\"sh%zu\"},{\"name\":\"filename\","
			    "\"str\":\"/bin/sh\"},{\"name\":\"env\",\"list\":[]}]}\n",
			    tid, i, i % 10);
			break;
		case 3:
			vakt_buf_addf(
			    &b,
			    "\"connect\",\"cpu\":0,\"tid\":%" PRId64 ",\"res\":0,\"args\":["
			    "{\"name\":\"res\",\"int\":0,\"flags\":\"errno\"},{\"name\":"
			    "\"tuple\",\"tuple\":{\"local\":{\"family\":\"inet\",\"addr\":"
			    "\"10.0.0.5\",\"port\":%zu},\"peer\":{\"family\":\"inet6\","
			    "\"addr\":\"2001:db8::%zx\",\"port\":443},\"l4proto\":6}},"
			    "{\"name\":\"fd\",\"int\":70,\"flags\":\"fd\"}]}\n",
			    tid, 40000 + i % 1000, i % 0xffff);
			break;
		case 4: /* an escape: the general reader's */
			vakt_buf_addf(
			    &b,
			    "\"openat\",\"tid\":%" PRId64 ",\"res\":71,\"args\":["
			    "{\"name\":\"fd\",\"int\":71,\"flags\":\"fd\"},{\"name\":\"name\","
			    "\"str\":\"/tmp/q\\\"%zu\\u00e9\"}]}\n",
			    tid, i);
			break;
		case 5: /* a unix socket and bytes */
			vakt_buf_addf(
			    &b,
			    "\"connect\",\"tid\":%" PRId64 ",\"res\":0,\"args\":["
			    "{\"name\":\"addr\",\"sockaddr\":{\"family\":\"unix\",\"path\":"
			    "\"/run/s%zu.sock\"}},{\"name\":\"data\",\"bytes\":\"00ff%02zx\"},"
			    "{\"name\":\"fd\",\"int\":72,\"flags\":\"fd\"}]}\n",
			    tid, i % 5, i % 256);
			break;
		default: /* now and then a name longer than a batch's arena */
			vakt_buf_addf(
			    &b,
			    "\"openat\",\"tid\":%" PRId64 ",\"res\":73,\"args\":["
			    "{\"name\":\"fd\",\"int\":73,\"flags\":\"fd\"},{\"name\":\"name\","
			    "\"str\":\"/",
			    tid);
			for (size_t k = 0; k < (i % 2000 == 6 ? LONG_NAME : 10); k++)
				vakt_buf_addc(&b, (char)('a' + k % 26));
			vakt_buf_adds(&b, "\"}]}\n");
			break;
		}
	}
	vakt_buf_adds(&b, "{\"end\":{\"drops\":3}}\n");
	*len = b.len;
	return vakt_buf_detach(&b);
}

static size_t count(const char *t, const char *what)
{
	size_t n = 0;

	for (const char *p = t; (p = strstr(p, what)); p++)
		n++;
	return n;
}

/* 20,000 events: eight batches of 128 events, many times over. */
#define N_EVENTS 20000

static void test_generated(void **state)
{
	size_t len;
	char *data = generate(N_EVENTS, 0, &len), *t;

	(void)state;
	t = both(NULL, data, len, NULL, NULL, 0);
	assert_non_null(strstr(t, "events 20000 drops 3\n"));
	assert_non_null(strstr(t, "thread 'w39'"));
	assert_non_null(strstr(t, "[/tmp/q\"4\\xc3\\xa9]"));
	assert_null(strstr(t, "error"));
	free(t);
	free(data);
}

static void test_generated_file(void **state)
{
	char path[] = "/tmp/vakt-test-pipe-XXXXXX";
	int fd = mkstemp(path);
	size_t len;
	char *data = generate(N_EVENTS, 0, &len), *t, *m;
	FILE *f;

	(void)state;
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
	t = both(path, NULL, 0, NULL, NULL, 0);
	m = transcript(NULL, data, len, NULL, NULL, 1, false, 0);
	assert_string_equal(t, m);
	unlink(path);
	free(m);
	free(t);
	free(data);
}

static void test_errors(void **state)
{
	size_t len;
	char *data = generate(N_EVENTS, 12345, &len), *t;
	struct rt_replay_opts small = {.max_bytes = 1000000}, short_line = {.max_line = 1000};

	(void)state;
	/* A line the general reader refuses, past many batches: the events before it, then it. */
	t = both(NULL, data, len, NULL, NULL, 0);
	assert_non_null(strstr(t, "error -22 mem:"));
	assert_non_null(strstr(t, "events 12345 drops 0\n"));
	free(t);
	/* Errors of the reading side (the pipe's thread): the file's and a line's ceilings. */
	t = both(NULL, data, len, NULL, &small, 0);
	assert_non_null(strstr(t, "event file too large"));
	free(t);
	t = both(NULL, data, len, NULL, &short_line, 0);
	assert_non_null(strstr(t, "line too long"));
	free(t);
	free(data);
}

/* The reader stops early, the pipe's thread waiting on a full queue: no hang, nothing leaks. */
static void test_close_early(void **state)
{
	size_t len;
	char *data = generate(N_EVENTS, 0, &len), *t;

	(void)state;
	t = both(NULL, data, len, NULL, NULL, 100);
	assert_int_equal(count(t, " thread '"), 100);
	free(t);
	t = transcript(NULL, data, len, NULL, NULL, 2, true, 1);
	free(t);
	free(data);
}

/* Every line through the general reader, on both paths. */
static void test_general_only(void **state)
{
	size_t len;
	char *data = generate(3000, 0, &len), *t;
	struct rt_replay_opts g = {.general_only = true};

	(void)state;
	t = both(NULL, data, len, NULL, &g, 0);
	assert_non_null(strstr(t, "events 3000 drops 3\n"));
	free(t);
	free(data);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_recorded_cases), cmocka_unit_test(test_generated),
	    cmocka_unit_test(test_generated_file), cmocka_unit_test(test_errors),
	    cmocka_unit_test(test_close_early),    cmocka_unit_test(test_general_only),
	};
	int rc;

	locate();
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	free(root);
	free(shared);
	return rc;
}
