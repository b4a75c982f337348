/* SPDX-License-Identifier: MIT */
/*
 * The state engine (rt-state*.c): bootstrap from the fake /proc under
 * tests/runtime/proc, then the thread and descriptor tables as events keep
 * them (clone from either side, exec, exit, ids, cwd, descriptors, sockets),
 * and the ceilings (threads evicted, descriptors not tracked).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <unistd.h>
#include <cmocka.h>

#include "core/util.h"
#include "rt-test-events.h"
#include "runtime/rt-state.h"

#define PROC_ROOT "tests/runtime/proc"
#define T0        1700000100000000000ull

static struct rt_state *boot(void)
{
	struct rt_state_opts o = {.proc_root = PROC_ROOT};
	struct rt_state *s = rt_state_new(&o);
	struct vakt_error *err = NULL;

	assert_int_equal(rt_state_bootstrap(s, &err), 0);
	assert_null(err);
	return s;
}

static const struct rt_fd *fd_of(const struct rt_state *s, int64_t tid, int64_t fd)
{
	return rt_state_fd(s, rt_state_thread(s, tid), fd);
}

static void test_bootstrap(void **state)
{
	struct rt_state *s = boot();
	const struct rt_thread *t;
	long tck = sysconf(_SC_CLK_TCK);
	struct rt_state_stats st;

	(void)state;
	rt_state_stats(s, &st);
	assert_int_equal(st.threads, 4); /* 1, 100, 200, 201; 300 has no cmdline */
	assert_int_equal(rt_state_boot_ns(s), 1700000000000000000ull);
	t = rt_state_thread(s, 1);
	assert_non_null(t);
	assert_string_equal(t->comm, "systemd");
	assert_string_equal(t->exe, "/sbin/init");
	assert_string_equal(t->args, "splash");
	assert_string_equal(t->cmdline, "systemd splash");
	assert_string_equal(t->exepath, "/usr/lib/systemd/systemd");
	assert_string_equal(t->cwd, "/");
	assert_int_equal(t->cap_effective, 0x1ffffffffffull);
	assert_int_equal(t->loginuid, 0xffffffffu);
	assert_int_equal(t->pidns, 4026531836ull);
	assert_int_equal(t->mntns, 4026531841ull);
	assert_string_equal(t->ctr.id, "host");

	t = rt_state_thread(s, 100);
	assert_non_null(t);
	assert_string_equal(t->comm, "bash");
	assert_string_equal(t->exe, "-bash");
	assert_string_equal(t->args, "");
	assert_int_equal(t->nargs, 0);
	assert_string_equal(t->cmdline, "bash");
	assert_string_equal(t->exeline, "-bash ");
	assert_string_equal(t->cwd, "/home/alice/");
	assert_int_equal(t->ptid, 1);
	assert_int_equal(t->sid, 100);
	assert_int_equal(t->tty, 34816);
	assert_int_equal(t->uid, 1000);
	assert_int_equal(t->loginuid, 1000);
	assert_int_equal(t->clone_ts, 1700000000000000000ull + 500ull * (1000000000ull / tck));
	assert_int_equal(t->env_len, strlen("HOME=/home/alice") + 1 + strlen("TERM=xterm") + 1);
	assert_ptr_equal(rt_state_parent(s, t), rt_state_thread(s, 1));
	assert_null(rt_state_parent(s, rt_state_thread(s, 1)));
	assert_int_equal(rt_state_fd_count(s, t), 7);
	assert_int_equal(fd_of(s, 100, 0)->type, RT_FD_FILE);
	assert_string_equal(fd_of(s, 100, 0)->name, "/dev/pts/0");
	assert_int_equal(fd_of(s, 100, 0)->flags, 0100002);
	/* The TCP socket from net/tcp: 10.0.0.5:40000 -> 93.184.216.34:443, established. */
	assert_int_equal(fd_of(s, 100, 3)->type, RT_FD_IPV4);
	assert_int_equal(fd_of(s, 100, 3)->l4proto, 6);
	assert_true(fd_of(s, 100, 3)->connected);
	assert_string_equal(fd_of(s, 100, 3)->name, "10.0.0.5:40000->93.184.216.34:443");
	assert_int_equal(fd_of(s, 100, 4)->type, RT_FD_PIPE);
	assert_int_equal(fd_of(s, 100, 4)->ino, 600);
	assert_int_equal(fd_of(s, 100, 5)->type, RT_FD_EVENTPOLL);
	assert_int_equal(fd_of(s, 100, 6)->type, RT_FD_UNIX);
	assert_string_equal(fd_of(s, 100, 6)->name, "/run/dbus/system_bus_socket");

	t = rt_state_thread(s, 200);
	assert_non_null(t);
	assert_string_equal(t->exe, "nginx: master");
	assert_string_equal(t->args, "-g daemon off;");
	assert_int_equal(t->nargs, 2);
	assert_string_equal(t->cmdline, "nginx -g daemon off;");
	assert_int_equal(t->vpid, 1);
	assert_int_equal(t->pidns, 4026532200ull);
	assert_string_equal(t->ctr.id, "3f4e5d6c7b8a");
	assert_int_equal(t->cap_effective, 0xa80425fbull);
	assert_true(fd_of(s, 200, 6)->is_server);
	assert_string_equal(fd_of(s, 200, 6)->name, "0.0.0.0:80");
	assert_string_equal(fd_of(s, 200, 7)->name, "/var/log/nginx/access.log");
	/* A thread shares its process's descriptors and image; it has its own name and vtid. */
	t = rt_state_thread(s, 201);
	assert_non_null(t);
	assert_string_equal(t->comm, "nginx-worker");
	assert_int_equal(t->pid, 200);
	assert_int_equal(t->vtid, 7);
	assert_ptr_equal(rt_state_main_thread(s, t), rt_state_thread(s, 200));
	assert_ptr_equal(fd_of(s, 201, 7), fd_of(s, 200, 7));
	assert_string_equal(t->args, "-g daemon off;");
	assert_null(rt_state_thread(s, 300));
	rt_state_free(s);
}

static void test_bootstrap_errors(void **state)
{
	struct rt_state_opts o = {.proc_root = PROC_ROOT "/nope"};
	struct rt_state *s = rt_state_new(&o);
	struct vakt_error *err = NULL;

	(void)state;
	assert_int_equal(rt_state_bootstrap(s, &err), -ENOENT);
	assert_non_null(err);
	assert_non_null(strstr(err->msg, "cannot read 'tests/runtime/proc/nope'"));
	vakt_error_free(err);
	rt_state_free(s);
	/* No proc root (replay): nothing to read, no error. */
	s = rt_state_new(NULL);
	assert_int_equal(rt_state_bootstrap(s, &err), 0);
	rt_state_free(s);
}

/* bash (100) forks 400, which execs /usr/bin/cat with arguments. */
static void fork_exec(struct rt_state *s, bool child_first)
{
	struct rt_event p = tev(RT_EV_CLONE, 100, 100, 400, T0);
	struct rt_event c = tev(RT_EV_CLONE, 400, 400, 0, T0 + 1);
	struct rt_event e = tev(RT_EV_EXECVE, 400, 400, 0, T0 + 2);

	tev_uint(&p, "flags", 0x01200011, RT_FLAGS_CLONE);
	tev_str(&c, "exe", "-bash");
	tev_int(&c, "pid", 400, RT_FLAGS_NONE);
	tev_int(&c, "ptid", 100, RT_FLAGS_NONE);
	tev_str(&c, "comm", "bash");
	tev_uint(&c, "flags", 0x01200011, RT_FLAGS_CLONE);
	if (child_first) {
		rt_state_apply(s, &c);
		assert_int_equal(c.thread->tid, 400);
		rt_state_apply(s, &p);
	} else {
		rt_state_apply(s, &p);
		assert_int_equal(p.thread->tid, 100);
		rt_state_apply(s, &c);
	}
	assert_int_equal(c.thread->tid, 400);
	assert_int_equal(c.thread->ptid, 100);
	assert_int_equal(c.thread->clone_ts, child_first ? T0 + 1 : T0);
	/* The child inherits the process: cwd, tty, ids, and a copy of the descriptors. */
	assert_string_equal(c.thread->cwd, "/home/alice/");
	assert_int_equal(c.thread->tty, 34816);
	assert_int_equal(c.thread->uid, 1000);
	assert_string_equal(fd_of(s, 400, 3)->name, "10.0.0.5:40000->93.184.216.34:443");
	assert_ptr_not_equal(fd_of(s, 400, 3), fd_of(s, 100, 3));

	tev_str(&e, "exe", "cat");
	tev_list(&e, "args", "/etc/passwd\0-n\0", 15);
	tev_str(&e, "comm", "cat");
	tev_str(&e, "cwd", "/home/alice");
	tev_str(&e, "filename", "/usr/bin/cat");
	tev_uint(&e, "flags", RT_EXE_UPPER_LAYER, RT_FLAGS_EXECVE);
	tev_uint(&e, "cap_effective", 1u << 21, RT_FLAGS_CAPS);
	tev_uint(&e, "uid", 0, RT_FLAGS_NONE);
	tev_uint(&e, "exe_ino", 1234, RT_FLAGS_NONE);
	rt_state_apply(s, &e);
	assert_int_equal(e.thread->tid, 400);
	assert_string_equal(e.thread->comm, "cat");
	assert_string_equal(e.thread->exe, "cat");
	assert_string_equal(e.thread->args, "/etc/passwd -n");
	assert_string_equal(e.thread->cmdline, "cat /etc/passwd -n");
	assert_string_equal(e.thread->exeline, "cat /etc/passwd -n");
	assert_string_equal(e.thread->exepath, "/usr/bin/cat");
	assert_int_equal(e.thread->exe_flags, RT_EXE_UPPER_LAYER);
	assert_int_equal(e.thread->cap_effective, 1u << 21);
	assert_int_equal(e.thread->uid, 0);
	assert_int_equal(e.thread->exe_ino, 1234);
	/* exec closed the close-on-exec socket (fd 3) and pipe (fd 4), kept the tty. */
	assert_null(fd_of(s, 400, 3));
	assert_null(fd_of(s, 400, 4));
	assert_non_null(fd_of(s, 400, 0));
	assert_non_null(fd_of(s, 100, 3));
}

static void test_fork_exec(void **state)
{
	struct rt_state *s = boot();
	struct rt_event x = tev(RT_EV_PROCEXIT, 400, 400, 0, T0 + 10);
	struct rt_event o = tev(RT_EV_OPEN, 100, 100, 9, T0 + 11);

	(void)state;
	fork_exec(s, false);
	rt_state_apply(s, &x);
	/* The exiting thread is the event's thread until the next event. */
	assert_non_null(x.thread);
	assert_string_equal(x.thread->comm, "cat");
	assert_null(rt_state_thread(s, 400));
	tev_str(&o, "name", "x");
	rt_state_apply(s, &o);
	assert_int_equal(o.num, 5);
	rt_state_free(s);

	s = boot();
	fork_exec(s, true);
	rt_state_free(s);
}

/*
 * A cgroup path of containerd's bare /<ns>/<id> shape is a container only
 * where containerd runs: on the machines vakt is tested on, every process
 * sits in a VM agent's /process_api/<hex> memory cgroup.
 */
static void test_weak_containerd(void **state)
{
	static const char vm[] = "4:memory=/process_api/70af63ed96801f15abc70c0f1c5d9c3e\0"
	                         "0::/\0";
	for (int with = 0; with < 2; with++) {
		struct rt_state_opts o = {.containerd = with};
		struct rt_state *s = rt_state_new(&o);
		struct rt_event e = tev(RT_EV_EXECVE, 500, 500, 0, T0);

		tev_str(&e, "exe", "sh");
		tev_str(&e, "comm", "sh");
		tev_list(&e, "cgroups", vm, sizeof(vm) - 1);
		rt_state_apply(s, &e);
		assert_non_null(e.thread);
		if (with) {
			assert_int_equal(RT_CTR_CONTAINERD, e.thread->ctr.runtime);
			assert_string_equal("70af63ed9680", e.thread->ctr.id);
		} else {
			assert_int_equal(RT_CTR_HOST, e.thread->ctr.runtime);
			assert_string_equal("host", e.thread->ctr.id);
		}
		rt_state_free(s);
	}
	(void)state;
}

static void test_threads(void **state)
{
	struct rt_state *s = boot();
	struct rt_event p = tev(RT_EV_CLONE, 200, 200, 202, T0);
	struct rt_event x;
	const struct rt_thread *t;

	(void)state;
	tev_uint(&p, "flags", 0x3d0f00, RT_FLAGS_CLONE); /* pthread_create: CLONE_THREAD|... */
	rt_state_apply(s, &p);
	t = rt_state_thread(s, 202);
	assert_non_null(t);
	assert_int_equal(t->pid, 200);
	assert_int_equal(t->ptid, 100);
	assert_ptr_equal(fd_of(s, 202, 7), fd_of(s, 200, 7));
	/* The main thread exits first: kept for its threads, then gone with the last. */
	x = tev(RT_EV_PROCEXIT, 200, 200, 0, T0 + 1);
	rt_state_apply(s, &x);
	assert_non_null(rt_state_thread(s, 200));
	x = tev(RT_EV_PROCEXIT, 201, 200, 0, T0 + 2);
	rt_state_apply(s, &x);
	assert_non_null(rt_state_thread(s, 200));
	x = tev(RT_EV_PROCEXIT, 202, 200, 0, T0 + 3);
	rt_state_apply(s, &x);
	assert_null(rt_state_thread(s, 202));
	assert_null(rt_state_thread(s, 200));
	/* A clone that failed changes nothing. */
	p = tev(RT_EV_FORK, 100, 100, -11, T0 + 4);
	rt_state_apply(s, &p);
	assert_int_equal(p.thread->tid, 100);
	rt_state_free(s);
}

static void test_ids_cwd_caps(void **state)
{
	struct rt_state *s = boot();
	struct rt_event e;

	(void)state;
	e = tev(RT_EV_SETRESUID, 100, 100, 0, T0);
	tev_uint(&e, "ruid", 0xffffffffu, RT_FLAGS_NONE);
	tev_uint(&e, "euid", 0, RT_FLAGS_NONE);
	tev_uint(&e, "suid", 0xffffffffu, RT_FLAGS_NONE);
	rt_state_apply(s, &e);
	assert_int_equal(rt_state_thread(s, 100)->uid, 0);
	e = tev(RT_EV_SETUID, 100, 100, -1, T0);
	tev_uint(&e, "uid", 33, RT_FLAGS_NONE);
	rt_state_apply(s, &e);
	assert_int_equal(rt_state_thread(s, 100)->uid, 0); /* failed */
	e = tev(RT_EV_SETGID, 100, 100, 0, T0);
	tev_uint(&e, "gid", 33, RT_FLAGS_NONE);
	rt_state_apply(s, &e);
	assert_int_equal(rt_state_thread(s, 100)->gid, 33);
	e = tev(RT_EV_CHDIR, 100, 100, 0, T0);
	tev_str(&e, "path", "../bob/./src");
	rt_state_apply(s, &e);
	assert_string_equal(rt_state_thread(s, 100)->cwd, "/home/bob/src/");
	e = tev(RT_EV_CHDIR, 100, 100, -2, T0);
	tev_str(&e, "path", "/nonexistent");
	rt_state_apply(s, &e);
	assert_string_equal(rt_state_thread(s, 100)->cwd, "/home/bob/src/");
	/* fchdir to a directory descriptor. */
	e = tev(RT_EV_OPENAT, 100, 100, 8, T0);
	tev_int(&e, "fd", 8, RT_FLAGS_FD);
	tev_int(&e, "dirfd", RT_AT_FDCWD, RT_FLAGS_FD);
	tev_str(&e, "name", "/var/tmp");
	tev_uint(&e, "flags", 0200000, RT_FLAGS_OPEN);
	rt_state_apply(s, &e);
	assert_int_equal(e.fd->type, RT_FD_DIRECTORY);
	e = tev(RT_EV_FCHDIR, 100, 100, 0, T0);
	tev_int(&e, "fd", 8, RT_FLAGS_FD);
	rt_state_apply(s, &e);
	assert_string_equal(rt_state_thread(s, 100)->cwd, "/var/tmp/");
	assert_string_equal(e.fd->name, "/var/tmp");
	e = tev(RT_EV_CAPSET, 100, 100, 0, T0);
	tev_uint(&e, "cap_effective", 3, RT_FLAGS_CAPS);
	rt_state_apply(s, &e);
	assert_int_equal(rt_state_thread(s, 100)->cap_effective, 3);
	e = tev(RT_EV_PRCTL, 100, 100, 0, T0);
	tev_int(&e, "option", 15, RT_FLAGS_PRCTL_OPTION);
	tev_str(&e, "arg2_str", "a-very-long-thread-name");
	rt_state_apply(s, &e);
	assert_string_equal(rt_state_thread(s, 100)->comm, "a-very-long-thr");
	assert_string_equal(rt_state_thread(s, 100)->cmdline, "a-very-long-thr");
	e = tev(RT_EV_SETSID, 100, 100, 100, T0);
	rt_state_apply(s, &e);
	assert_int_equal(rt_state_thread(s, 100)->sid, 100);
	rt_state_free(s);
}

static void test_files(void **state)
{
	struct rt_state *s = boot();
	struct rt_event e;
	const struct rt_fd *f;

	(void)state;
	/* openat relative to cwd, with traversal: name resolved, nameraw as given. */
	e = tev(RT_EV_OPENAT, 100, 100, 10, T0);
	tev_int(&e, "fd", 10, RT_FLAGS_FD);
	tev_int(&e, "dirfd", RT_AT_FDCWD, RT_FLAGS_FD);
	tev_str(&e, "name", "../../etc//../etc/shadow");
	tev_uint(&e, "flags", 0, RT_FLAGS_OPEN);
	rt_state_apply(s, &e);
	f = e.fd;
	assert_non_null(f);
	assert_int_equal(f->type, RT_FD_FILE);
	assert_string_equal(f->name, "/etc/shadow");
	assert_string_equal(f->nameraw, "../../etc/../etc/shadow");
	/* Relative to a directory descriptor. */
	e = tev(RT_EV_OPENAT, 100, 100, 11, T0);
	tev_int(&e, "fd", 11, RT_FLAGS_FD);
	tev_int(&e, "dirfd", 10, RT_FLAGS_FD);
	tev_str(&e, "name", "x");
	rt_state_apply(s, &e);
	assert_string_equal(e.fd->name, "/etc/shadow/x");
	/* A failed open makes no descriptor. */
	e = tev(RT_EV_OPEN, 100, 100, -2, T0);
	tev_int(&e, "fd", -2, RT_FLAGS_FD);
	tev_str(&e, "name", "/nope");
	rt_state_apply(s, &e);
	assert_null(e.fd);
	assert_null(fd_of(s, 100, -2));
	/* dup2 a socket onto stdout: the copy keeps type and name. */
	e = tev(RT_EV_DUP2, 100, 100, 1, T0);
	tev_int(&e, "oldfd", 3, RT_FLAGS_FD);
	tev_int(&e, "newfd", 1, RT_FLAGS_FD);
	rt_state_apply(s, &e);
	assert_non_null(e.fd);
	assert_int_equal(e.fd->fd, 1);
	assert_int_equal(e.fd->type, RT_FD_IPV4);
	assert_string_equal(fd_of(s, 100, 1)->name, "10.0.0.5:40000->93.184.216.34:443");
	assert_int_equal(fd_of(s, 100, 1)->flags & 02000000, 0);
	/* close: the event shows the closed descriptor, the table forgets it. */
	e = tev(RT_EV_CLOSE, 100, 100, 0, T0);
	tev_int(&e, "fd", 10, RT_FLAGS_FD);
	rt_state_apply(s, &e);
	assert_non_null(e.fd);
	assert_string_equal(e.fd->name, "/etc/shadow");
	assert_null(fd_of(s, 100, 10));
	/* pipe2, memfd_create, creat. */
	e = tev(RT_EV_PIPE2, 100, 100, 0, T0);
	tev_int(&e, "fd1", 12, RT_FLAGS_FD);
	tev_int(&e, "fd2", 13, RT_FLAGS_FD);
	tev_uint(&e, "ino", 777, RT_FLAGS_NONE);
	rt_state_apply(s, &e);
	assert_string_equal(fd_of(s, 100, 13)->name, "pipe:[777]");
	e = tev(RT_EV_MEMFD_CREATE, 100, 100, 14, T0);
	tev_str(&e, "name", "payload");
	rt_state_apply(s, &e);
	assert_int_equal(e.fd->type, RT_FD_MEMFD);
	assert_string_equal(e.fd->name, "memfd:payload");
	e = tev(RT_EV_CREAT, 100, 100, 15, T0);
	tev_str(&e, "name", "/tmp/out");
	rt_state_apply(s, &e);
	assert_int_equal(e.fd->flags, 01101);
	/* An event that uses a descriptor shows it. */
	e = tev(RT_EV_WRITE, 100, 100, 5, T0);
	tev_int(&e, "fd", 15, RT_FLAGS_FD);
	rt_state_apply(s, &e);
	assert_string_equal(e.fd->name, "/tmp/out");
	rt_state_free(s);
}

static void test_sockets(void **state)
{
	struct rt_state *s = boot();
	struct rt_event e;

	(void)state;
	e = tev(RT_EV_SOCKET, 100, 100, 20, T0);
	tev_uint(&e, "domain", 2, RT_FLAGS_SOCK_DOMAIN);
	tev_uint(&e, "type", 1, RT_FLAGS_SOCK_TYPE);
	tev_uint(&e, "proto", 0, RT_FLAGS_NONE);
	rt_state_apply(s, &e);
	assert_int_equal(e.fd->type, RT_FD_IPV4);
	assert_int_equal(e.fd->l4proto, 6);
	assert_string_equal(e.fd->name, "");
	e = tev(RT_EV_CONNECT, 100, 100, -115, T0);
	tev_int(&e, "fd", 20, RT_FLAGS_FD);
	tev_tuple(&e, "tuple", "10.0.0.5", 51000, "198.51.100.7", 22, 0);
	rt_state_apply(s, &e);
	assert_string_equal(e.fd->name, "10.0.0.5:51000->198.51.100.7:22");
	assert_false(e.fd->connected);
	assert_int_equal(e.fd->name_changed_num, e.num);
	/* A UDP socket: each sendto to a new peer changes the name. */
	e = tev(RT_EV_SOCKET, 100, 100, 21, T0);
	tev_uint(&e, "domain", 10, RT_FLAGS_SOCK_DOMAIN);
	tev_uint(&e, "type", 2, RT_FLAGS_SOCK_TYPE);
	rt_state_apply(s, &e);
	assert_int_equal(e.fd->type, RT_FD_IPV6);
	assert_int_equal(e.fd->l4proto, 17);
	e = tev(RT_EV_SENDTO, 100, 100, 10, T0);
	tev_int(&e, "fd", 21, RT_FLAGS_FD);
	tev_tuple(&e, "tuple", "::ffff:10.0.0.5", 5353, "::ffff:8.8.8.8", 53, 17);
	rt_state_apply(s, &e);
	/* IPv4 mapped in IPv6 reads as IPv4. */
	assert_int_equal(e.fd->type, RT_FD_IPV4);
	assert_string_equal(e.fd->name, "10.0.0.5:5353->8.8.8.8:53");
	assert_int_equal(e.fd->name_changed_num, e.num);
	e = tev(RT_EV_SENDTO, 100, 100, 10, T0);
	tev_int(&e, "fd", 21, RT_FLAGS_FD);
	tev_tuple(&e, "tuple", "::ffff:10.0.0.5", 5353, "::ffff:8.8.8.8", 53, 17);
	rt_state_apply(s, &e);
	assert_int_not_equal(e.fd->name_changed_num, e.num);
	/* accept: this end is the server, the name reads client->server. */
	e = tev(RT_EV_ACCEPT4, 200, 200, 9, T0);
	tev_int(&e, "fd", 9, RT_FLAGS_FD);
	tev_tuple(&e, "tuple", "172.17.0.2", 80, "203.0.113.9", 40500, 6);
	rt_state_apply(s, &e);
	assert_true(e.fd->is_server);
	assert_true(e.fd->connected);
	assert_string_equal(e.fd->name, "203.0.113.9:40500->172.17.0.2:80");
	/* bind and a unix connect. */
	e = tev(RT_EV_SOCKET, 100, 100, 22, T0);
	tev_uint(&e, "domain", 2, RT_FLAGS_SOCK_DOMAIN);
	tev_uint(&e, "type", 2, RT_FLAGS_SOCK_TYPE);
	rt_state_apply(s, &e);
	e = tev(RT_EV_BIND, 100, 100, 0, T0);
	tev_int(&e, "fd", 22, RT_FLAGS_FD);
	tev_addr(&e, "addr", "0.0.0.0", 5000);
	rt_state_apply(s, &e);
	assert_string_equal(e.fd->name, "0.0.0.0:5000");
	assert_true(e.fd->is_server);
	e = tev(RT_EV_SOCKET, 100, 100, 23, T0);
	tev_uint(&e, "domain", 1, RT_FLAGS_SOCK_DOMAIN);
	tev_uint(&e, "type", 1, RT_FLAGS_SOCK_TYPE);
	rt_state_apply(s, &e);
	e = tev(RT_EV_CONNECT, 100, 100, 0, T0);
	tev_int(&e, "fd", 23, RT_FLAGS_FD);
	tev_unix(&e, "addr", "/var/run/docker.sock");
	rt_state_apply(s, &e);
	assert_int_equal(e.fd->type, RT_FD_UNIX);
	assert_string_equal(e.fd->name, "/var/run/docker.sock");
	/* connect on a socket made before vakt: created from the tuple. */
	e = tev(RT_EV_CONNECT, 100, 100, 0, T0);
	tev_int(&e, "fd", 30, RT_FLAGS_FD);
	tev_tuple(&e, "tuple", "2001:db8::1", 1000, "2001:db8::2", 443, 6);
	rt_state_apply(s, &e);
	assert_int_equal(e.fd->type, RT_FD_IPV6);
	assert_string_equal(e.fd->name, "2001:db8::1:1000->2001:db8::2:443");
	assert_true(e.fd->connected);
	rt_state_free(s);
}

static void test_unknown_thread(void **state)
{
	struct rt_state *s = rt_state_new(NULL);
	struct rt_event e = tev(RT_EV_OPEN, 77, 77, 3, T0);
	struct rt_state_stats st;

	(void)state;
	tev_str(&e, "name", "rel");
	rt_state_apply(s, &e);
	/* A bare thread: no name, no cwd, but its descriptors are kept. */
	assert_non_null(e.thread);
	assert_string_equal(e.thread->comm, "");
	assert_null(e.thread->exe);
	assert_string_equal(e.fd->name, "rel");
	rt_state_stats(s, &st);
	assert_int_equal(st.unknown_threads, 1);
	rt_state_free(s);
}

static void test_limits(void **state)
{
	struct rt_state_opts o = {.max_threads = 32, .max_fds = 4};
	struct rt_state *s = rt_state_new(&o);
	struct rt_state_stats st;
	struct rt_event e;

	(void)state;
	/* 100 threads into a table of 32: the idle ones go, the active stay. */
	for (int i = 1; i <= 100; i++) {
		e = tev(RT_EV_READ, i, i, 0, T0 + (uint64_t)i);
		rt_state_apply(s, &e);
		e = tev(RT_EV_READ, 1, 1, 0, T0 + (uint64_t)i);
		rt_state_apply(s, &e);
	}
	rt_state_stats(s, &st);
	assert_true(st.threads <= 32);
	assert_true(st.threads_evicted >= 68);
	assert_non_null(rt_state_thread(s, 1));
	assert_non_null(rt_state_thread(s, 100));
	assert_null(rt_state_thread(s, 2));
	/* 4 descriptors per process; the fifth is not tracked. */
	for (int fd = 3; fd < 8; fd++) {
		e = tev(RT_EV_OPEN, 1, 1, fd, T0 + 200);
		tev_str(&e, "name", "/f");
		rt_state_apply(s, &e);
	}
	assert_null(e.fd);
	rt_state_stats(s, &st);
	assert_int_equal(st.fds_dropped, 1);
	assert_int_equal(rt_state_fd_count(s, rt_state_thread(s, 1)), 4);
	/* The event's own thread is not evicted, even when it is the idlest. */
	rt_state_free(s);
	o.max_threads = 16;
	s = rt_state_new(&o);
	for (int i = 1; i <= 16; i++) {
		e = tev(RT_EV_OPEN, i, i, 3, T0 + (uint64_t)i);
		tev_str(&e, "name", "/f");
		rt_state_apply(s, &e);
	}
	e = tev(RT_EV_FORK, 1, 1, 99, T0 + 100);
	rt_state_apply(s, &e);
	assert_non_null(rt_state_thread(s, 1));
	assert_non_null(rt_state_thread(s, 99));
	assert_string_equal(fd_of(s, 99, 3)->name, "/f");
	assert_null(rt_state_thread(s, 2));
	for (int fd = 4; fd < 8; fd++) {
		e = tev(RT_EV_OPEN, 1, 1, fd, T0 + 200);
		tev_str(&e, "name", "/f");
		rt_state_apply(s, &e);
	}
	/* Replacing an existing number is not a new descriptor. */
	e = tev(RT_EV_OPEN, 1, 1, 3, T0 + 201);
	tev_str(&e, "name", "/g");
	rt_state_apply(s, &e);
	assert_non_null(e.fd);
	rt_state_free(s);
}

static void test_names(void **state)
{
	struct rt_state *s = boot();
	const struct rt_thread *t = rt_state_thread(s, 100);
	struct rt_ctr_ident id = {.runtime = RT_CTR_DOCKER};
	struct rt_ctrmeta m = {.name = "web", .image = "nginx:1.25", .privileged = 1};
	const struct rt_ctrmeta *got;

	(void)state;
	assert_null(rt_state_user_name(s, t, 1000));
	rt_state_set_user_name(s, t->mntns, 1000, "alice");
	rt_state_set_user_name(s, t->mntns, 1000, "alice2");
	rt_state_set_group_name(s, t->mntns, 1000, "staff");
	assert_string_equal(rt_state_user_name(s, t, 1000), "alice2");
	assert_string_equal(rt_state_group_name(s, t, 1000), "staff");
	/* Another mount namespace has its own names. */
	assert_null(rt_state_user_name(s, rt_state_thread(s, 200), 1000));
	memcpy(id.id, "3f4e5d6c7b8a", 13);
	assert_null(rt_state_ctrmeta(s, &id));
	rt_state_set_ctrmeta(s, "3f4e5d6c7b8a", &m);
	got = rt_state_ctrmeta(s, &id);
	assert_non_null(got);
	assert_string_equal(got->name, "web");
	assert_string_equal(got->image, "nginx:1.25");
	assert_null(got->k8s_ns);
	assert_int_equal(got->privileged, 1);
	memcpy(id.id, "host", 5);
	id.runtime = RT_CTR_HOST;
	assert_null(rt_state_ctrmeta(s, &id));
	rt_state_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_bootstrap),      cmocka_unit_test(test_bootstrap_errors),
	    cmocka_unit_test(test_fork_exec),      cmocka_unit_test(test_weak_containerd),
	    cmocka_unit_test(test_threads),        cmocka_unit_test(test_ids_cwd_caps),
	    cmocka_unit_test(test_files),          cmocka_unit_test(test_sockets),
	    cmocka_unit_test(test_unknown_thread), cmocka_unit_test(test_limits),
	    cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
