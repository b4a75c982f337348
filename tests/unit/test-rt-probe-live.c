/* SPDX-License-Identifier: MIT */
/*
 * The probe loaded into the running kernel: children of this test run
 * `cat /etc/hostname`, open a temporary file, connect to a closed port, and
 * their events must arrive in order with the right arguments. Skips, saying
 * why, without root (or CAP_BPF and CAP_PERFMON), without kernel BTF, or in
 * a vakt built without the probe.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netinet/in.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "runtime/rt-probe.h"

static struct rt_probe *probe;
static char why_not[512];

/* A copy of one event of a watched process: the ring's memory is lent for the callback only. */
struct seen {
	enum rt_evtype type;
	int64_t tid, pid, res;
	char dump[3072]; /* " name=value" for each argument; lists joined with '|' */
};

#define SEEN_MAX 256
static struct seen seen[SEEN_MAX];
static size_t n_seen;
static pid_t watched;

static void dump_arg(char *out, size_t cap, const struct rt_arg *a)
{
	size_t n = strlen(out);
	char addr[2][INET6_ADDRSTRLEN];

	if (n + 8 >= cap)
		return;
	switch (a->kind) {
	case RT_ARG_STR:
	case RT_ARG_STRLIST:
	case RT_ARG_BYTES:
		n += (size_t)snprintf(out + n, cap - n, " %s=", a->name);
		for (size_t i = 0; i < a->len && n + 2 < cap; i++)
			out[n++] = a->str[i] ? a->str[i] : '|';
		out[n] = '\0';
		break;
	case RT_ARG_TUPLE:
		inet_ntop(a->sa.family, a->sa.addr, addr[0], sizeof(addr[0]));
		inet_ntop(a->peer.family, a->peer.addr, addr[1], sizeof(addr[1]));
		snprintf(out + n, cap - n, " %s=%d:%s:%u->%s:%u/%u", a->name, a->sa.family, addr[0],
		         a->sa.port, addr[1], a->peer.port, a->l4proto);
		break;
	case RT_ARG_SOCKADDR:
		inet_ntop(a->sa.family, a->sa.addr, addr[0], sizeof(addr[0]));
		snprintf(out + n, cap - n, " %s=%d:%s:%u", a->name, a->sa.family, addr[0],
		         a->sa.port);
		break;
	default:
		snprintf(out + n, cap - n, " %s=%lld", a->name, (long long)a->num);
		break;
	}
}

static void on_event(struct rt_event *ev, void *data)
{
	struct seen *s;
	const struct rt_arg *ptid = NULL;

	for (uint32_t i = 0; i < ev->n_args; i++)
		if (!strcmp(ev->args[i].name, "ptid"))
			ptid = &ev->args[i];
	/* the watched child's events, and its parent's side of the clone */
	if (ev->pid != watched && !(ev->type == RT_EV_CLONE && ev->res == watched) &&
	    !(ptid && ptid->num == watched))
		return;
	if (n_seen >= SEEN_MAX)
		return;
	s = &seen[n_seen++];
	s->type = ev->type;
	s->tid = ev->tid;
	s->pid = ev->pid;
	s->res = ev->res;
	s->dump[0] = '\0';
	for (uint32_t i = 0; i < ev->n_args; i++)
		dump_arg(s->dump, sizeof(s->dump), &ev->args[i]);
	(void)data;
}

/* Poll until the child's procexit is in, or 10 s. */
static void collect(pid_t child)
{
	struct vakt_error *err = NULL;
	time_t end = time(NULL) + 10;

	while (time(NULL) < end) {
		int rc = rt_probe_poll(probe, 100, on_event, NULL, &err);

		assert_true(rc >= 0);
		for (size_t i = 0; i < n_seen; i++)
			if (seen[i].type == RT_EV_PROCEXIT && seen[i].tid == child)
				return;
	}
	fail_msg("no procexit of child %d within 10 s (%zu of its events seen)", (int)child,
	         n_seen);
}

/* Empty the ring of what came before, then watch a new child. */
static void start(void)
{
	struct vakt_error *err = NULL;

	watched = -1;
	while (rt_probe_poll(probe, 0, on_event, NULL, &err) > 0)
		;
	n_seen = 0;
}

static pid_t run_child(void (*body)(void *), void *arg)
{
	pid_t pid;
	int st;

	start();
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		body(arg);
		_exit(0);
	}
	watched = pid;
	assert_int_equal(waitpid(pid, &st, 0), pid);
	collect(pid);
	return pid;
}

/* The first event of type t of thread tid whose dump holds every needle; its index or -1. */
static int find(enum rt_evtype t, int64_t tid, const char *needles[])
{
	for (size_t i = 0; i < n_seen; i++) {
		bool all = true;

		if (seen[i].type != t || (tid && seen[i].tid != tid))
			continue;
		for (const char **n = needles; n && *n && all; n++)
			all = strstr(seen[i].dump, *n) != NULL;
		if (all)
			return (int)i;
	}
	return -1;
}

/* rt_evtype_name() is the state engine's (rt-event.c): a local copy of the names. */
static const char *rt_evtype_name_local(enum rt_evtype t)
{
	static const char *const names[] = {"none",
#define NAME(e, s) s,
	                                    RT_EVTYPES(NAME)
#undef NAME
	};

	return (size_t)t < sizeof(names) / sizeof(names[0]) ? names[t] : "?";
}

static void show(void)
{
	for (size_t i = 0; i < n_seen; i++)
		print_message("# %s tid=%lld res=%lld%s\n", rt_evtype_name_local(seen[i].type),
		              (long long)seen[i].tid, (long long)seen[i].res, seen[i].dump);
}

static int find_or_fail(enum rt_evtype t, int64_t tid, const char *needles[])
{
	int i = find(t, tid, needles);

	if (i < 0) {
		show();
		fail_msg("no event of type %d with '%s'...", t, needles[0]);
	}
	return i;
}

#define NEED(...) ((const char *[]){__VA_ARGS__, NULL})

static void exec_cat(void *arg)
{
	int null = open("/dev/null", O_WRONLY);

	dup2(null, 1);
	execl("/bin/cat", "cat", "/etc/hostname", (char *)NULL);
	_exit(127);
}

static uint64_t ns_ino(const char *ns)
{
	char p[64];
	struct stat st;

	snprintf(p, sizeof(p), "/proc/self/ns/%s", ns);
	return stat(p, &st) == 0 ? (uint64_t)st.st_ino : 0;
}

static void test_exec_cat(void **state)
{
	char want[PATH_MAX + 64], exe[PATH_MAX], cwd[PATH_MAX];
	pid_t child;
	int fork_at, exec_at, open_at, exit_at;

	if (!probe) {
		print_message("# SKIP: %s\n", why_not);
		skip();
	}
	child = run_child(exec_cat, NULL);
	/* the child's clone record comes first, from sched_process_fork */
	snprintf(want, sizeof(want), " ptid=%d", (int)getpid());
	fork_at = find_or_fail(RT_EV_CLONE, child, NEED(" res=0", want));
	assert_non_null(realpath("/bin/cat", exe));
	assert_non_null(getcwd(cwd, sizeof(cwd)));
	snprintf(want, sizeof(want), " trusted_exepath=%s", exe);
	exec_at = find_or_fail(RT_EV_EXECVE, child,
	                       NEED(" res=0", " exe=cat ", " args=/etc/hostname|", " comm=cat ",
	                            want, " filename=/bin/cat", " cgroups=", "unified=/"));
	snprintf(want, sizeof(want), " cwd=%s ", cwd);
	assert_non_null(strstr(seen[exec_at].dump, want));
	snprintf(want, sizeof(want), " ptid=%d ", (int)getpid());
	assert_non_null(strstr(seen[exec_at].dump, want));
	snprintf(want, sizeof(want), " uid=%d ", (int)geteuid());
	assert_non_null(strstr(seen[exec_at].dump, want));
	snprintf(want, sizeof(want), " vpid=%d ", (int)child);
	assert_non_null(strstr(seen[exec_at].dump, want));
	snprintf(want, sizeof(want), " pidns_ino=%llu ", (unsigned long long)ns_ino("pid"));
	assert_non_null(strstr(seen[exec_at].dump, want));
	snprintf(want, sizeof(want), " mntns_ino=%llu", (unsigned long long)ns_ino("mnt"));
	assert_non_null(strstr(seen[exec_at].dump, want));
	open_at = find_or_fail(RT_EV_OPENAT, child, NEED(" name=/etc/hostname", " dirfd=-100"));
	assert_true(seen[open_at].res >= 0);
	exit_at = find_or_fail(RT_EV_PROCEXIT, child, NEED(" status=0", " sig=0"));
	/* in the order they happened */
	assert_true(fork_at < exec_at);
	assert_true(exec_at < open_at);
	assert_true(open_at < exit_at);
}

static char tmp_path[PATH_MAX];

static void open_tmp(void *arg)
{
	int fd = openat(AT_FDCWD, tmp_path, O_CREAT | O_WRONLY | O_TRUNC, 0640);

	if (fd >= 0)
		close(fd);
}

static void check_open_tmp(void)
{
	char want[PATH_MAX + 16], fdarg[32];
	pid_t child;
	int open_at, close_at;

	child = run_child(open_tmp, NULL);
	snprintf(want, sizeof(want), " name=%s ", tmp_path);
	snprintf(fdarg, sizeof(fdarg), " flags=%d ", O_CREAT | O_WRONLY | O_TRUNC);
	open_at = find_or_fail(RT_EV_OPENAT, child, NEED(want, fdarg, " mode=416", " dirfd=-100"));
	assert_true(seen[open_at].res >= 3);
	snprintf(fdarg, sizeof(fdarg), " fd=%lld", (long long)seen[open_at].res);
	close_at = find_or_fail(RT_EV_CLOSE, child, NEED(" res=0", fdarg));
	assert_true(open_at < close_at);
	unlink(tmp_path);
}

static void test_openat_tmp(void **state)
{
	if (!probe) {
		print_message("# SKIP: %s\n", why_not);
		skip();
	}
	check_open_tmp();
}

static void connect_closed(void *arg)
{
	struct sockaddr_in sin = {.sin_family = AF_INET, .sin_port = htons(1)};
	int s = socket(AF_INET, SOCK_STREAM, 0);

	inet_pton(AF_INET, "127.0.0.1", &sin.sin_addr);
	connect(s, (struct sockaddr *)&sin, sizeof(sin));
}

static void test_connect(void **state)
{
	char want[64];
	pid_t child;
	int sock_at, conn_at;

	if (!probe) {
		print_message("# SKIP: %s\n", why_not);
		skip();
	}
	child = run_child(connect_closed, NULL);
	snprintf(want, sizeof(want), " domain=%d ", AF_INET);
	sock_at = find_or_fail(RT_EV_SOCKET, child, NEED(want));
	snprintf(want, sizeof(want), " res=%d ", -ECONNREFUSED);
	conn_at = find_or_fail(RT_EV_CONNECT, child,
	                       NEED(want, "->127.0.0.1:1/6", " addr=2:127.0.0.1:1"));
	assert_true(sock_at < conn_at);
}

static void bad_closes(void *arg)
{
	for (int i = 0; i < 3; i++)
		close(-1);
}

static void exec_sh_closes(void *arg)
{
	execl("/bin/sh", "sh", "-c", "exec 9<&-; exec 9<&-", (char *)NULL);
	_exit(127);
}

/* Failing syscalls are events too, from a forked child and from an exec'd shell. */
static void test_failing_syscalls(void **state)
{
	char want[32];
	pid_t child;
	int n = 0;

	if (!probe) {
		print_message("# SKIP: %s\n", why_not);
		skip();
	}
	child = run_child(bad_closes, NULL);
	snprintf(want, sizeof(want), " res=%d ", -EBADF);
	for (size_t i = 0; i < n_seen; i++)
		n += seen[i].type == RT_EV_CLOSE && seen[i].tid == child &&
		     strstr(seen[i].dump, want);
	if (n < 3) {
		show();
		fail_msg("%d of the 3 failing closes seen", n);
	}
	child = run_child(exec_sh_closes, NULL);
	find_or_fail(RT_EV_EXECVE, child, NEED(" exe=sh "));
	find_or_fail(RT_EV_FCNTL, child, NEED(" fd=9"));
}

/* Last: the probe keeps working once this process holds only what polling needs. */
static void test_drop_privileges(void **state)
{
	struct vakt_error *err = NULL;
	struct rt_probe_stats st;
	uint64_t eff, prm;

	if (!probe) {
		print_message("# SKIP: %s\n", why_not);
		skip();
	}
	if (rt_probe_drop_privileges(&err) != 0)
		fail_msg("%s", err->msg);
	assert_int_equal(rt_caps_read(&eff, &prm), 0);
	assert_int_equal(eff & ~rt_caps_watch_set(), 0);
	assert_int_equal(prm & ~rt_caps_watch_set(), 0);
	check_open_tmp();
	rt_probe_stats(probe, &st);
	assert_true(st.events > 0);
	assert_true(st.n_cpus > 0);
	assert_int_equal(st.undecoded, 0);
	print_message("# probe: %llu events, %llu drops, %llu faults, %llu misses\n",
	              (unsigned long long)st.events, (unsigned long long)st.drops,
	              (unsigned long long)st.faults, (unsigned long long)st.misses);
}

static int setup(void **state)
{
	struct rt_probe_opts o;
	struct vakt_error *err = NULL;
	uint64_t eff = 0, prm = 0;
	char dir[] = "/tmp/vakt-probe-live-XXXXXX";

	rt_caps_read(&eff, &prm);
	if (!rt_probe_built_in()) {
		snprintf(why_not, sizeof(why_not), "this vakt was built without the eBPF probe");
		return 0;
	}
	if (access("/sys/kernel/btf/vmlinux", R_OK) != 0) {
		snprintf(why_not, sizeof(why_not),
		         "the kernel has no BTF (/sys/kernel/btf/vmlinux)");
		return 0;
	}
	if (!((eff >> RT_CAP_BPF & 1) && (eff >> RT_CAP_PERFMON & 1)) && !(eff >> 21 & 1)) {
		snprintf(why_not, sizeof(why_not), "needs root, or CAP_BPF and CAP_PERFMON");
		return 0;
	}
	memset(&o, 0, sizeof(o));
	o.evtypes[RT_EV_OPENAT] = true;
	o.evtypes[RT_EV_CONNECT] = true;
	if (rt_probe_open(&o, &probe, &err) != 0) {
		snprintf(why_not, sizeof(why_not), "BPF unavailable: %s", err->msg);
		vakt_error_free(err);
		probe = NULL;
		return 0;
	}
	assert_non_null(mkdtemp(dir));
	snprintf(tmp_path, sizeof(tmp_path), "%s/f", dir);
	return 0;
}

static int teardown(void **state)
{
	rt_probe_close(probe);
	if (tmp_path[0]) {
		unlink(tmp_path);
		*strrchr(tmp_path, '/') = '\0';
		rmdir(tmp_path);
	}
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_exec_cat),        cmocka_unit_test(test_openat_tmp),
	    cmocka_unit_test(test_connect),         cmocka_unit_test(test_failing_syscalls),
	    cmocka_unit_test(test_drop_privileges),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
