/* SPDX-License-Identifier: MIT */
/*
 * vakt's event format: a recording replays into the same state and the same
 * field values (without /proc), twice alike; and the reader's errors, each
 * ceiling, with file:line.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>
#include <cmocka.h>

#include "core/util.h"
#include "rt-test-events.h"
#include "rt-test-fields.h"
#include "runtime/rt-fields.h"
#include "runtime/rt-record.h"
#include "runtime/rt-replay.h"
#include "runtime/rt-state.h"

#define PROC_ROOT "tests/runtime/proc"
#define T0        1700000100000000000ull

/* The fields compared between the live run and the replay. */
static const char *const sig_fields[] = {
    "evt.num",
    "evt.type",
    "evt.args",
    "evt.res",
    "evt.arg.name",
    "proc.name",
    "proc.cmdline",
    "proc.pname",
    "proc.aname",
    "proc.exe",
    "proc.exepath",
    "proc.cwd",
    "proc.tty",
    "proc.duration",
    "proc.env",
    "proc.sname",
    "proc.cmdnargs",
    "user.name",
    "user.loginname",
    "group.name",
    "thread.cap_effective",
    "thread.cgroups",
    "container.id",
    "container.name",
    "container.image.repository",
    "container.privileged",
    "k8s.pod.name",
    "fd.num",
    "fd.name",
    "fd.nameraw",
    "fd.type",
    "fd.sip",
    "fd.sport",
    "fd.lport",
    "fd.l4proto",
    "fd.connected",
    "fd.name_changed",
    "evt.hostname",
    "proc.exe_ino",
    "evt.buffer",
};

static void signature(const struct rt_event *ev, struct vakt_buf *out)
{
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(sig_fields); i++)
		vakt_buf_addf(out, "%s=%s\n", sig_fields[i], S(ev, sig_fields[i]));
	vakt_buf_adds(out, "--\n");
}

/* The events of the recording: a fork and exec in a container, files, sockets, odd strings. */
static size_t make_events(struct rt_event *v)
{
	size_t n = 0;
	struct rt_event *e;

	e = &v[n++];
	*e = tev(RT_EV_CLONE, 200, 200, 500, T0);
	tev_uint(e, "flags", 0x01200011, RT_FLAGS_CLONE);
	e = &v[n++];
	*e = tev(RT_EV_EXECVE, 500, 500, 0, T0 + 10);
	tev_str(e, "exe", "/bin/sh");
	tev_list(e, "args", "-c\0echo 'a b'\0", 14);
	tev_str(e, "comm", "sh");
	tev_str(e, "cwd", "/srv");
	tev_list(e, "env", "PATH=/bin\0X=\xff\0", 14);
	tev_uint(e, "cap_effective", 0xffffffffffffffffull, RT_FLAGS_CAPS);
	tev_uint(e, "exe_ino", 42, RT_FLAGS_NONE);
	tev_uint(e, "flags", RT_EXE_UPPER_LAYER, RT_FLAGS_EXECVE);
	tev_str(e, "filename", "/bin/sh");
	e = &v[n++];
	*e = tev(RT_EV_OPENAT, 500, 500, 3, T0 + 20);
	tev_int(e, "fd", 3, RT_FLAGS_FD);
	tev_int(e, "dirfd", RT_AT_FDCWD, RT_FLAGS_FD);
	tev_str(e, "name", "data/\x80\x81.bin");
	tev_uint(e, "flags", 02 | 0100, RT_FLAGS_OPEN);
	tev_uint(e, "mode", 0600, RT_FLAGS_FILE_MODE);
	e = &v[n++];
	*e = tev(RT_EV_WRITE, 500, 500, 5, T0 + 30);
	tev_int(e, "fd", 3, RT_FLAGS_FD);
	{
		struct rt_arg *a = tev_arg(e, "data", RT_ARG_BYTES);

		a->str = "\x00\x01hi\n";
		a->len = 5;
	}
	e = &v[n++];
	*e = tev(RT_EV_SOCKET, 500, 500, 4, T0 + 40);
	tev_uint(e, "domain", 10, RT_FLAGS_SOCK_DOMAIN);
	tev_uint(e, "type", 2, RT_FLAGS_SOCK_TYPE);
	e = &v[n++];
	*e = tev(RT_EV_SENDTO, 500, 500, 12, T0 + 50);
	tev_int(e, "fd", 4, RT_FLAGS_FD);
	tev_tuple(e, "tuple", "2001:db8::5", 40000, "2001:db8::53", 53, 17);
	e = &v[n++];
	*e = tev(RT_EV_CONNECT, 500, 500, -115, T0 + 60);
	tev_int(e, "fd", 7, RT_FLAGS_FD);
	tev_tuple(e, "tuple", "172.17.0.2", 41000, "198.51.100.9", 8443, 6);
	e = &v[n++];
	*e = tev(RT_EV_CONNECT, 500, 500, 0, T0 + 70);
	tev_int(e, "fd", 8, RT_FLAGS_FD);
	tev_unix(e, "addr", "/run/docker.sock");
	e = &v[n++];
	*e = tev(RT_EV_DUP2, 500, 500, 1, T0 + 80);
	tev_int(e, "oldfd", 7, RT_FLAGS_FD);
	tev_int(e, "newfd", 1, RT_FLAGS_FD);
	e = &v[n++];
	*e = tev(RT_EV_PROCEXIT, 201, 200, 0, T0 + 90);
	e = &v[n++];
	*e = tev(RT_EV_READ, 100, 100, 0, T0 + 100);
	e->cpu = 1;
	tev_int(e, "fd", 0, RT_FLAGS_FD);
	return n;
}

static void test_round_trip(void **state)
{
	struct rt_state_opts o = {.proc_root = PROC_ROOT};
	struct rt_state *live = rt_state_new(&o), *re;
	struct rt_ctrmeta m = {
	    .name = "web", .image_repository = "nginx", .k8s_pod = "web-1", .privileged = 1};
	struct rt_record_info info = {.hostname = "node-1", .start_ns = T0, .boot_ns = 1700000000};
	struct rt_event evs[16], ev;
	struct vakt_buf want = VAKT_BUF_INIT, got = VAKT_BUF_INIT, again = VAKT_BUF_INIT;
	struct rt_recorder *rec = NULL;
	struct rt_replay *rp = NULL;
	struct vakt_error *err = NULL;
	char *data = NULL;
	size_t len = 0, n;
	FILE *f = open_memstream(&data, &len);

	(void)state;
	assert_int_equal(rt_state_bootstrap(live, NULL), 0);
	rt_state_set_hostname(live, "node-1");
	rt_state_set_user_name(live, 4026531841ull, 1000, "alice");
	rt_state_set_user_name(live, 4026532201ull, 0, "root");
	rt_state_set_group_name(live, 4026532201ull, 0, "root");
	assert_int_equal(rt_record_open(f, "mem", live, &info, &rec, &err), 0);
	n = make_events(evs);
	for (size_t i = 0; i < n; i++) {
		if (i == 3) /* the metadata comes in while events flow */
			rt_state_set_ctrmeta(live, "3f4e5d6c7b8a", &m);
		rt_state_apply(live, &evs[i]);
		signature(&evs[i], &want);
		assert_int_equal(rt_record_event(rec, &evs[i], &err), 0);
	}
	assert_int_equal(rt_record_close(rec, 7, &err), 0);
	fclose(f);
	if (getenv("VAKT_TEST_DUMP"))
		fputs(data, stderr);
	rt_state_free(live);
	/* Readable: one object a line, the header first, the proc lines next. */
	assert_true(vakt_starts_with(data, "{\"format\":\"vakt-events\",\"version\":1,"));
	assert_non_null(strstr(data, "\"host\":\"node-1\""));
	assert_non_null(strstr(data, "\n{\"proc\":{\"tid\":1,\"pid\":1,"));
	assert_non_null(strstr(data, "\"str\":{\"hex\":\"646174612f8081"));
	assert_non_null(strstr(data, "\"cap_effective\",\"uint\":\"0xffffffffffffffff\""));
	assert_non_null(
	    strstr(data, "{\"user\":{\"mntns\":4026532201,\"uid\":0,\"name\":\"root\"}}"));
	assert_non_null(strstr(data, "{\"container\":{\"id\":\"3f4e5d6c7b8a\",\"name\":\"web\""));
	assert_non_null(strstr(data, "{\"end\":{\"events\":11,\"drops\":7}}\n"));

	/* Twice alike; the second time without the fast path, which must read the same. */
	for (int round = 0; round < 2; round++) {
		struct vakt_buf *b = round ? &again : &got;
		struct rt_replay_opts ro = {.general_only = round == 1};

		re = rt_state_new(NULL);
		assert_int_equal(rt_replay_open_mem("mem", data, len, re, &ro, &rp, &err), 0);
		assert_string_equal(rt_replay_header(rp)->host, "node-1");
		assert_int_equal(rt_replay_header(rp)->start_ns, T0);
		while (rt_replay_next(rp, &ev, &err) == 1) {
			rt_state_apply(re, &ev);
			signature(&ev, b);
		}
		assert_null(err);
		assert_int_equal(rt_replay_events(rp), 11);
		assert_int_equal(rt_replay_drops(rp), 7);
		rt_replay_close(rp);
		rt_state_free(re);
	}
	assert_string_equal(vakt_buf_str(&got), vakt_buf_str(&want));
	assert_string_equal(vakt_buf_str(&again), vakt_buf_str(&got));
	/* Spot checks that the signature saw real values. */
	assert_non_null(strstr(vakt_buf_str(&got), "container.name=web\n"));
	assert_non_null(strstr(vakt_buf_str(&got), "proc.cmdline=sh -c echo 'a b'\n"));
	assert_non_null(strstr(vakt_buf_str(&got), "proc.cmdnargs=2\n"));
	assert_non_null(strstr(vakt_buf_str(&got), "fd.name=/srv/data/\x80\x81.bin\n"));
	assert_non_null(
	    strstr(vakt_buf_str(&got), "fd.name=172.17.0.2:41000->198.51.100.9:8443\n"));
	assert_non_null(strstr(vakt_buf_str(&got), "user.name=root\n"));
	vakt_buf_release(&want);
	vakt_buf_release(&got);
	vakt_buf_release(&again);
	free(data);
}

static void test_replay_file(void **state)
{
	char path[] = "/tmp/vakt-test-rt-record-XXXXXX";
	int fd = mkstemp(path);
	FILE *f;
	struct rt_state *s = rt_state_new(NULL);
	struct rt_replay *rp = NULL;
	struct vakt_error *err = NULL;
	struct rt_event ev;

	(void)state;
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	fputs("{\"format\":\"vakt-events\",\"version\":1}\n\n"
	      "{\"proc\":{\"tid\":5,\"comm\":\"sh\",\"args\":\"-c x\",\"nargs\":2,"
	      "\"fds\":[{\"fd\":1,\"type\":\"ipv4\",\"name\":\"a->b\",\"l4proto\":6,"
	      "\"local\":{\"family\":\"inet\",\"addr\":\"10.0.0.1\",\"port\":1},"
	      "\"remote\":{\"family\":\"inet\",\"addr\":\"10.0.0.2\",\"port\":2}}]}}\n"
	      "{\"ts\":5,\"type\":\"write\",\"tid\":5,\"res\":1,"
	      "\"args\":[{\"name\":\"fd\",\"int\":1,\"flags\":\"fd\"}]}",
	      f);
	fclose(f);
	assert_int_equal(rt_replay_open(path, s, NULL, &rp, &err), 0);
	assert_null(rt_replay_header(rp)->host);
	/* The last line needs no newline. */
	assert_int_equal(rt_replay_next(rp, &ev, &err), 1);
	rt_state_apply(s, &ev);
	assert_string_equal(S(&ev, "proc.cmdline"), "sh -c x");
	assert_string_equal(S(&ev, "fd.sip"), "10.0.0.2");
	assert_string_equal(S(&ev, "evt.arg.fd"), "<4t>a->b");
	assert_int_equal(rt_replay_next(rp, &ev, &err), 0);
	rt_replay_close(rp);
	unlink(path);
	assert_int_equal(rt_replay_open(path, s, NULL, &rp, &err), -ENOENT);
	assert_non_null(strstr(err->msg, "cannot open"));
	vakt_error_free(err);
	rt_state_free(s);
}

/* Replay text and expect the error code and "name:line[:col]: ...msg..." of the first failure. */
static void expect_error(const char *text, const struct rt_replay_opts *o, int code, int line,
                         const char *msg)
{
	struct rt_state *s = rt_state_new(NULL);
	struct rt_replay *rp = NULL;
	struct vakt_error *err = NULL;
	struct rt_event ev;
	int rc;
	char *full;

	rc = rt_replay_open_mem("t.events", text, strlen(text), s, o, &rp, &err);
	if (rc == 0)
		while ((rc = rt_replay_next(rp, &ev, &err)) == 1)
			rt_state_apply(s, &ev);
	if (rc != code)
		fail_msg("'%s': got %d, want %d (%s)", text, rc, code, err ? err->msg : "no error");
	assert_non_null(err);
	full = vakt_error_format(err);
	if (!strstr(full, msg) || err->line != line || strcmp(err->file, "t.events") != 0)
		fail_msg("'%s': got error '%s' (line %d), want line %d and '%s'", text, full,
		         err->line, line, msg);
	free(full);
	vakt_error_free(err);
	if (rp) /* an error after the header: further calls refuse */
		assert_int_equal(rt_replay_next(rp, &ev, NULL), -EINVAL);
	rt_replay_close(rp);
	rt_state_free(s);
}

#define HDR "{\"format\":\"vakt-events\",\"version\":1}\n"

static void test_errors(void **state)
{
	struct rt_replay_opts small_line = {.max_line = 60};
	struct rt_replay_opts small_file = {.max_bytes = 80};
	struct rt_replay_opts few_items = {.max_items = 2};
	struct rt_replay_opts one_proc = {.max_procs = 1};
	struct vakt_buf b = VAKT_BUF_INIT;

	(void)state;
	expect_error("", NULL, -EINVAL, 1, "empty event file");
	expect_error("{\"format\":\"pcap\"}\n", NULL, -EINVAL, 1, "not a vakt event file");
	expect_error("{\"format\":\"vakt-events\",\"version\":2}\n", NULL, -EINVAL, 1,
	             "unsupported event format version 2 (this vakt reads version 1)");
	expect_error(HDR "{\"ts\":1,\"type\":\"open\",\"tid\":1}\n{\"ts\":", NULL, -EINVAL, 3,
	             "invalid JSON");
	expect_error(HDR "[1,2]\n", NULL, -EINVAL, 2, "must be a JSON object");
	/* Malformed in ways the fast path must not let through. */
	expect_error(
	    HDR
	    "{\"ts\":1,\"type\":\"open\",\"tid\":1,\"args\":[{\"name\":\"a\",\"int\":1,\"b\"}]}\n",
	    NULL, -EINVAL, 2, "invalid JSON");
	expect_error(HDR "{\"ts\":1,\"type\":\"open\",\"tid\":1,}\n", NULL, -EINVAL, 2,
	             "invalid JSON");
	expect_error(HDR "{\"ts\":1,\"type\":\"open\",\"tid\":1} x\n", NULL, -EINVAL, 2,
	             "invalid JSON");
	expect_error(HDR "{\"ts\":1,\"type\":\"open\",\"tid\":1,\"tid\":2}\n", NULL, -EINVAL, 2,
	             "invalid JSON");
	expect_error(HDR "{\"ts\":01,\"type\":\"open\",\"tid\":1}\n", NULL, -EINVAL, 2,
	             "invalid JSON");
	expect_error(HDR "{\"ts\":1,\"type\":\"nope\",\"tid\":1}\n", NULL, -EINVAL, 2,
	             "unknown event type 'nope'");
	expect_error(HDR "{\"ts\":1,\"type\":7,\"tid\":1}\n", NULL, -EINVAL, 2,
	             "unknown event type (none)");
	expect_error(HDR "{\"type\":\"open\",\"tid\":1}\n", NULL, -EINVAL, 2, "no \"ts\"");
	expect_error(HDR "{\"ts\":-5,\"type\":\"open\",\"tid\":1}\n", NULL, -EINVAL, 2,
	             "no \"ts\"");
	expect_error(HDR "{\"ts\":1,\"type\":\"open\"}\n", NULL, -EINVAL, 2, "no \"tid\"");
	expect_error(HDR "{\"ts\":1,\"type\":\"open\",\"tid\":1,\"res\":\"x\"}\n", NULL, -EINVAL, 2,
	             "\"res\" is not an integer");
	expect_error(HDR "{\"ts\":1,\"type\":\"open\",\"tid\":1,\"args\":{}}\n", NULL, -EINVAL, 2,
	             "\"args\" is not a list");
	expect_error(HDR "{\"ts\":1,\"type\":\"open\",\"tid\":1,\"args\":[{\"int\":1}]}\n", NULL,
	             -EINVAL, 2, "argument 1 has no name");
	expect_error(HDR "{\"ts\":1,\"type\":\"open\",\"tid\":1,\"args\":[{\"name\":\"a\"}]}\n",
	             NULL, -EINVAL, 2, "argument 'a' has no value");
	expect_error(
	    HDR "{\"ts\":1,\"type\":\"open\",\"tid\":1,\"args\":[{\"name\":\"a\",\"str\":1}]}\n",
	    NULL, -EINVAL, 2, "argument 'a' has a malformed value");
	expect_error(HDR "{\"ts\":1,\"type\":\"open\",\"tid\":1,"
	                 "\"args\":[{\"name\":\"a\",\"bytes\":\"abc\"}]}\n",
	             NULL, -EINVAL, 2, "argument 'a' has a malformed value");
	expect_error(HDR "{\"ts\":1,\"type\":\"open\",\"tid\":1,"
	                 "\"args\":[{\"name\":\"a\",\"uint\":\"0xzz\"}]}\n",
	             NULL, -EINVAL, 2, "argument 'a' has a malformed value");
	expect_error(HDR "{\"ts\":1,\"type\":\"open\",\"tid\":1,"
	                 "\"args\":[{\"name\":\"a\",\"int\":1,\"flags\":\"bogus\"}]}\n",
	             NULL, -EINVAL, 2, "argument 'a' has an unknown flag set");
	expect_error(HDR "{\"ts\":1,\"type\":\"connect\",\"tid\":1,\"args\":[{\"name\":\"t\","
	                 "\"sockaddr\":{\"family\":\"inet\",\"addr\":\"1.2.3\",\"port\":1}}]}\n",
	             NULL, -EINVAL, 2, "argument 't' has a malformed value");
	expect_error(HDR
	             "{\"ts\":1,\"type\":\"connect\",\"tid\":1,\"args\":[{\"name\":\"t\","
	             "\"tuple\":{\"local\":{\"family\":\"inet\",\"addr\":\"1.2.3.4\",\"port\":1},"
	             "\"peer\":{\"family\":\"inet\",\"addr\":\"1.2.3.4\",\"port\":70000}}}]}\n",
	             NULL, -EINVAL, 2, "argument 't' has a malformed value");
	expect_error(HDR "{\"ts\":1,\"type\":\"execve\",\"tid\":1,"
	                 "\"args\":[{\"name\":\"args\",\"list\":[\"a\",2]}]}\n",
	             NULL, -EINVAL, 2, "argument 'args' is not a list of strings");
	expect_error(HDR "{\"nope\":1}\n", NULL, -EINVAL, 2, "unknown line");
	expect_error(HDR HDR, NULL, -EINVAL, 2, "a second header");
	expect_error(HDR "{\"proc\":{\"pid\":1}}\n", NULL, -EINVAL, 2, "proc line has no \"tid\"");
	expect_error(HDR "{\"proc\":{\"tid\":1,\"fds\":[{\"fd\":1,\"type\":\"tape\"}]}}\n", NULL,
	             -EINVAL, 2, "descriptor 1 is malformed");
	expect_error(HDR "{\"proc\":{\"tid\":1,\"ctr\":{\"runtime\":\"docker\"}}}\n", NULL, -EINVAL,
	             2, "proc's \"ctr\" is malformed");
	expect_error(HDR "{\"user\":{\"uid\":1}}\n", NULL, -EINVAL, 2, "user line is malformed");
	expect_error(HDR "{\"group\":{\"gid\":99999999999,\"name\":\"g\"}}\n", NULL, -EINVAL, 2,
	             "group line is malformed");
	expect_error(HDR "{\"container\":{\"name\":\"x\"}}\n", NULL, -EINVAL, 2,
	             "container line is malformed");

	/* Each ceiling, with its own "too large" error. */
	expect_error(HDR "{\"ts\":1,\"type\":\"open\",\"tid\":1,\"args\":[{\"name\":\"name\","
	                 "\"str\":\"a long path name\"}]}\n",
	             &small_line, -EFBIG, 2, "line too long (more than 60 bytes)");
	expect_error(HDR "{\"ts\":1,\"type\":\"open\",\"tid\":1}\n{\"ts\":2,\"type\":\"open\","
	                 "\"tid\":1}\n",
	             &small_file, -EFBIG, 3, "event file too large (more than 80 bytes)");
	expect_error(HDR "{\"ts\":1,\"type\":\"execve\",\"tid\":1,"
	                 "\"args\":[{\"name\":\"args\",\"list\":[\"a\",\"b\",\"c\"]}]}\n",
	             &few_items, -E2BIG, 2, "argument 'args' has too many items (more than 2)");
	expect_error(HDR "{\"proc\":{\"tid\":1,\"env\":[\"A=1\",\"B=2\",\"C=3\"]}}\n", &few_items,
	             -E2BIG, 2, "proc's \"env\" has too many items");
	expect_error(HDR "{\"proc\":{\"tid\":1}}\n{\"proc\":{\"tid\":2}}\n", &one_proc, -E2BIG, 3,
	             "too many proc lines (more than 1)");
	vakt_buf_adds(&b, HDR "{\"ts\":1,\"type\":\"open\",\"tid\":1,\"args\":[");
	for (int i = 0; i <= RT_ARGS_MAX; i++)
		vakt_buf_addf(&b, "%s{\"name\":\"a%d\",\"int\":%d}", i ? "," : "", i, i);
	vakt_buf_adds(&b, "]}\n");
	expect_error(vakt_buf_str(&b), NULL, -E2BIG, 2, "too many arguments (33, at most 32)");
	vakt_buf_reset(&b);
	vakt_buf_adds(&b, HDR "{\"proc\":{\"tid\":1,\"fds\":[");
	for (int i = 0; i <= RT_STATE_MAX_FDS; i++)
		vakt_buf_addf(&b, "%s{\"fd\":%d,\"type\":\"file\"}", i ? "," : "", i);
	vakt_buf_adds(&b, "]}}\n");
	expect_error(vakt_buf_str(&b), NULL, -E2BIG, 2,
	             "too many descriptors (4097, at most 4096)");
	vakt_buf_release(&b);
}

/* What replay accepts that the recorder does not write: defaults, hex strings, unknown keys. */
static void test_lenient(void **state)
{
	const char *text =
	    HDR "{\"proc\":{\"tid\":9,\"pid\":9,\"comm\":\"x\",\"cwd\":\"/\",\"future\":1}}\n"
	        "  \n"
	        "{\"ts\":1,\"type\":\"openat\",\"tid\":9,\"res\":3,\"extra\":[1],"
	        "\"args\":[{\"name\":\"fd\",\"int\":3,\"flags\":\"fd\"},"
	        "{\"name\":\"name\",\"str\":{\"hex\":\"2f746d70\"}},"
	        "{\"name\":\"flags\",\"uint\":1,\"flags\":\"open\"}]}\n"
	        "{\"end\":{}}\n";
	struct rt_state *s = rt_state_new(NULL);
	struct rt_replay *rp = NULL;
	struct rt_event ev;

	(void)state;
	assert_int_equal(rt_replay_open_mem("t", text, strlen(text), s, NULL, &rp, NULL), 0);
	assert_int_equal(rt_replay_next(rp, &ev, NULL), 1);
	rt_state_apply(s, &ev);
	assert_int_equal(ev.pid, 9);
	assert_int_equal(ev.cpu, 0);
	assert_string_equal(S(&ev, "fd.name"), "/tmp");
	assert_string_equal(S(&ev, "evt.arg.flags"), "O_WRONLY");
	assert_string_equal(S(&ev, "proc.name"), "x");
	assert_int_equal(rt_replay_next(rp, &ev, NULL), 0);
	rt_replay_close(rp);
	rt_state_free(s);
}

/* Lines the fast path declines read the same through the general reader. */
static void test_fast_declines(void **state)
{
	static const char *const lines[] = {
	    /* an escaped quote, a UTF-8 name, a real number, a repeated key, spaces */
	    "{\"ts\":1,\"type\":\"open\",\"tid\":2,\"args\":[{\"name\":\"name\",\"str\":\"a\\\"b\"}"
	    "]}",
	    "{\"ts\":1,\"type\":\"open\",\"tid\":2,\"args\":[{\"name\":\"name\",\"str\":"
	    "\"caf\u00e9\"}]}",
	    "{ \"type\" : \"open\" , \"tid\" : 2 , \"ts\" : 1 , \"args\" : [ ] }",
	    "{\"ts\":1,\"type\":\"open\",\"tid\":2,\"args\":[{\"name\":\"fd\",\"int\":3,\"str\":"
	    "\"x\"}]}",
	    "{\"ts\":1,\"type\":\"open\",\"tid\":2,\"res\":-0,\"cpu\":99999999999}",
	};
	const char *want[] = {"a\"b", "caf\xc3\xa9", "", "3", ""};

	(void)state;
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(lines); i++) {
		for (int general = 0; general < 2; general++) {
			struct rt_replay_opts o = {.general_only = general};
			struct vakt_buf b = VAKT_BUF_INIT;
			struct rt_state *s = rt_state_new(NULL);
			struct rt_replay *rp = NULL;
			struct rt_event ev;

			vakt_buf_addf(&b, HDR "%s\n", lines[i]);
			assert_int_equal(rt_replay_open_mem("t", b.data, b.len, s, &o, &rp, NULL),
			                 0);
			assert_int_equal(rt_replay_next(rp, &ev, NULL), 1);
			assert_int_equal(ev.type, RT_EV_OPEN);
			assert_int_equal(ev.tid, 2);
			assert_int_equal(ev.ts, 1);
			if (ev.n_args)
				assert_string_equal(
				    ev.args[0].kind == RT_ARG_INT ? "3" : ev.args[0].str, want[i]);
			else
				assert_string_equal("", want[i]);
			if (i == 4)
				assert_int_equal(ev.cpu, 0);
			rt_replay_close(rp);
			rt_state_free(s);
			vakt_buf_release(&b);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_round_trip),    cmocka_unit_test(test_replay_file),
	    cmocka_unit_test(test_errors),        cmocka_unit_test(test_lenient),
	    cmocka_unit_test(test_fast_declines),
	};

	setenv("TZ", "UTC", 1);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
