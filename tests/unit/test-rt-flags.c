/* SPDX-License-Identifier: MIT */
/* Flag rendering (rt-flags.c) as Falco renders each set, and the event type table. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/util.h"
#include "runtime/rt-event.h"
#include "runtime/rt-flags.h"

static const char *render(enum rt_flagset fs, int64_t v)
{
	static char buf[RT_FLAGS_BUF];

	if (rt_flags_render(fs, v, buf, sizeof(buf)) == 0)
		return "";
	return buf;
}

static void test_open_flags(void **state)
{
	(void)state;
	/* O_RDONLY is 0 in the kernel; Falco still names it. */
	assert_string_equal(render(RT_FLAGS_OPEN, 0), "O_RDONLY");
	assert_string_equal(render(RT_FLAGS_OPEN, 02000000), "O_RDONLY|O_CLOEXEC");
	/* O_WRONLY|O_CREAT|O_TRUNC in Falco's table order. */
	assert_string_equal(render(RT_FLAGS_OPEN, 01 | 0100 | 01000), "O_TRUNC|O_CREAT|O_WRONLY");
	/* O_RDWR hides its parts. */
	assert_string_equal(render(RT_FLAGS_OPEN, 02 | 0100), "O_CREAT|O_RDWR");
	assert_string_equal(render(RT_FLAGS_OPEN, 0200000 | 02000000 | 04000),
	                    "O_DIRECTORY|O_NONBLOCK|O_RDONLY|O_CLOEXEC");
	assert_string_equal(render(RT_FLAGS_OPEN, 02000 | 01), "O_APPEND|O_WRONLY");
	assert_string_equal(render(RT_FLAGS_OPEN, 01 | 0100 | 0200 | RT_O_F_CREATED),
	                    "O_EXCL|O_CREAT|O_WRONLY|O_F_CREATED");
	/* Access mode 3 (ioctl only) has none of Falco's access bits: O_NONE, as Falco shows it. */
	assert_string_equal(render(RT_FLAGS_OPEN, 3), "O_NONE");
	assert_int_equal(rt_open_flags_ppm(0), RT_PPM_O_RDONLY);
	assert_int_equal(rt_open_flags_ppm(1), RT_PPM_O_WRONLY);
	assert_int_equal(rt_open_flags_ppm(2), RT_PPM_O_RDONLY | RT_PPM_O_WRONLY);
	assert_true(rt_open_flags_ppm(020200000) & RT_PPM_O_TMPFILE);
}

static void test_mode_errno_fd(void **state)
{
	(void)state;
	assert_string_equal(render(RT_FLAGS_FILE_MODE, 0644), "0644");
	assert_string_equal(render(RT_FLAGS_FILE_MODE, 0), "0");
	assert_string_equal(render(RT_FLAGS_FILE_MODE, 04755), "04755");
	assert_string_equal(render(RT_FLAGS_ERRNO, -2), "ENOENT");
	assert_string_equal(render(RT_FLAGS_ERRNO, -115), "EINPROGRESS");
	assert_string_equal(render(RT_FLAGS_ERRNO, -13), "EACCES");
	assert_string_equal(render(RT_FLAGS_ERRNO, -512), "ERESTARTSYS");
	/* A success or an unknown code has no name: the caller shows the number. */
	assert_string_equal(render(RT_FLAGS_ERRNO, 0), "");
	assert_string_equal(render(RT_FLAGS_ERRNO, 3), "");
	assert_string_equal(render(RT_FLAGS_ERRNO, -41), "");
	assert_string_equal(render(RT_FLAGS_ERRNO, -100000), "");
	assert_string_equal(rt_errno_name(11), "EAGAIN");
	assert_null(rt_errno_name(0));
	assert_string_equal(render(RT_FLAGS_FD, -100), "AT_FDCWD");
	assert_string_equal(render(RT_FLAGS_FD, -9), "EBADF");
	assert_string_equal(render(RT_FLAGS_FD, 3), "");
	assert_string_equal(render(RT_FLAGS_SIGNAL, 9), "SIGKILL");
	assert_string_equal(render(RT_FLAGS_SIGNAL, 64), "");
	assert_string_equal(render(RT_FLAGS_NONE, 7), "");
}

static void test_sockets_ptrace(void **state)
{
	(void)state;
	assert_string_equal(render(RT_FLAGS_SOCK_DOMAIN, 17), "AF_PACKET");
	assert_string_equal(render(RT_FLAGS_SOCK_DOMAIN, 2), "AF_INET");
	assert_string_equal(render(RT_FLAGS_SOCK_DOMAIN, 10), "AF_INET6");
	/* Aliases of one value are all named, as Falco does. */
	assert_string_equal(render(RT_FLAGS_SOCK_DOMAIN, 1), "AF_LOCAL|AF_UNIX");
	assert_string_equal(render(RT_FLAGS_SOCK_DOMAIN, 16), "AF_ROUTE|AF_NETLINK");
	assert_string_equal(render(RT_FLAGS_SOCK_DOMAIN, 0), "AF_UNSPEC");
	assert_string_equal(render(RT_FLAGS_SOCK_DOMAIN, 99), "");
	assert_string_equal(render(RT_FLAGS_SOCK_TYPE, 1), "SOCK_STREAM");
	assert_string_equal(render(RT_FLAGS_SOCK_TYPE, 3 | 02000000), "SOCK_RAW|SOCK_CLOEXEC");
	assert_string_equal(render(RT_FLAGS_SOCK_TYPE, 2 | 04000 | 02000000),
	                    "SOCK_DGRAM|SOCK_NONBLOCK|SOCK_CLOEXEC");
	assert_string_equal(render(RT_FLAGS_SOCK_TYPE, 9), "");
	assert_string_equal(render(RT_FLAGS_PTRACE_REQ, 16), "PTRACE_ATTACH");
	assert_string_equal(render(RT_FLAGS_PTRACE_REQ, 0), "PTRACE_TRACEME");
	assert_string_equal(render(RT_FLAGS_PTRACE_REQ, 0x4206), "PTRACE_SEIZE");
	assert_string_equal(render(RT_FLAGS_PTRACE_REQ, 4), "PTRACE_POKETEXT");
	assert_string_equal(render(RT_FLAGS_PTRACE_REQ, 1000), "");
}

static void test_process_flags(void **state)
{
	(void)state;
	/* SIGCHLD (17) in the low byte is the exit signal, not a flag. */
	assert_string_equal(render(RT_FLAGS_CLONE, 0x01200000 | 17),
	                    "CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID");
	assert_string_equal(render(RT_FLAGS_CLONE, 0x20000000 | 0x00020000 | 0x40000000),
	                    "CLONE_NEWNET|CLONE_NEWNS|CLONE_NEWPID");
	assert_string_equal(render(RT_FLAGS_CLONE, 0x10000 | 0x100 | 0x800 | 0x400 | 0x200),
	                    "CLONE_FILES|CLONE_FS|CLONE_SIGHAND|CLONE_THREAD|CLONE_VM");
	assert_string_equal(render(RT_FLAGS_CLONE, 17), "");
	assert_string_equal(render(RT_FLAGS_MOUNT, 0x1000 | 0x4000), "BIND|REC");
	assert_string_equal(render(RT_FLAGS_MOUNT, 0xc0ed0000 | 1), "RDONLY");
	assert_string_equal(render(RT_FLAGS_EXECVE, RT_EXE_WRITABLE | RT_EXE_UPPER_LAYER),
	                    "EXE_WRITABLE|EXE_UPPER_LAYER");
	assert_string_equal(render(RT_FLAGS_EXECVE, RT_EXE_FROM_MEMFD), "EXE_FROM_MEMFD");
	assert_string_equal(render(RT_FLAGS_EXECVE, 0), "");
	assert_string_equal(render(RT_FLAGS_PRCTL_OPTION, 15), "PR_SET_NAME");
	assert_string_equal(render(RT_FLAGS_PRCTL_OPTION, 33), "PR_MCE_KILL");
	assert_string_equal(render(RT_FLAGS_PROT, 1 | 4), "PROT_READ|PROT_EXEC");
	assert_string_equal(render(RT_FLAGS_PROT, 0), "PROT_NONE");
	assert_string_equal(render(RT_FLAGS_AT, 0x200), "AT_REMOVEDIR");
	assert_string_equal(render(RT_FLAGS_AT, 0x400 | 0x1000), "AT_SYMLINK_FOLLOW|AT_EMPTY_PATH");
	assert_string_equal(render(RT_FLAGS_RENAME, 1), "RENAME_NOREPLACE");
	assert_string_equal(render(RT_FLAGS_MEMFD, 1 | 2), "MFD_CLOEXEC|MFD_ALLOW_SEALING");
}

static void test_caps(void **state)
{
	char buf[RT_FLAGS_BUF];
	char small[20];

	(void)state;
	/* Falco's thread.cap_effective: names lowest bit first, one space apart. */
	assert_int_equal(rt_caps_render(0x3, buf, sizeof(buf)),
	                 strlen("CAP_CHOWN CAP_DAC_OVERRIDE"));
	assert_string_equal(buf, "CAP_CHOWN CAP_DAC_OVERRIDE");
	rt_caps_render((1ull << 21) | (1ull << 16), buf, sizeof(buf));
	assert_string_equal(buf, "CAP_SYS_MODULE CAP_SYS_ADMIN");
	assert_int_equal(rt_caps_render(0, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "");
	/* Bits beyond CAP_CHECKPOINT_RESTORE (40) are not named. */
	rt_caps_render((1ull << 40) | (1ull << 41) | (1ull << 63), buf, sizeof(buf));
	assert_string_equal(buf, "CAP_CHECKPOINT_RESTORE");
	/* The full root set (0x1ffffffffff) fits the buffer (584 bytes). */
	assert_true(rt_caps_render(0x1ffffffffffull, buf, sizeof(buf)) == 584);
	assert_true(vakt_starts_with(buf, "CAP_CHOWN CAP_DAC_OVERRIDE CAP_DAC_READ_SEARCH"));
	assert_true(vakt_ends_with(buf, "CAP_PERFMON CAP_BPF CAP_CHECKPOINT_RESTORE"));
	/* A short buffer keeps whole names only. */
	rt_caps_render(0x3, small, sizeof(small));
	assert_string_equal(small, "CAP_CHOWN");
	assert_string_equal(render(RT_FLAGS_CAPS, 1ull << 19), "CAP_SYS_PTRACE");
}

static void test_small_buffer(void **state)
{
	char buf[10];

	(void)state;
	/* Names that do not fit are left out whole, never cut. */
	assert_int_equal(rt_flags_render(RT_FLAGS_OPEN, 01 | 0100 | 01000, buf, sizeof(buf)), 7);
	assert_string_equal(buf, "O_TRUNC");
	assert_int_equal(rt_flags_render(RT_FLAGS_OPEN, 0, buf, 0), 0);
	assert_int_equal(rt_flags_render(RT_FLAGS_FILE_MODE, 0644, buf, 3), 0);
}

static void test_flagset_names(void **state)
{
	(void)state;
	for (int i = 0; i < RT_FLAGS_COUNT; i++) {
		const char *n = rt_flagset_name((enum rt_flagset)i);

		assert_non_null(n);
		assert_int_equal(rt_flagset_lookup(n, strlen(n)), i);
	}
	assert_int_equal(rt_flagset_lookup("nope", 4), RT_FLAGS_COUNT);
	assert_null(rt_flagset_name(RT_FLAGS_COUNT));
}

static void test_evtypes(void **state)
{
	(void)state;
	assert_null(rt_evtype_name(RT_EV_NONE));
	assert_null(rt_evtype_name(RT_EV_COUNT));
	assert_string_equal(rt_evtype_name(RT_EV_EXECVE), "execve");
	assert_string_equal(rt_evtype_name(RT_EV_KILL), "kill");
	for (int t = RT_EV_NONE + 1; t < RT_EV_COUNT; t++) {
		const char *n = rt_evtype_name((enum rt_evtype)t);

		assert_int_equal(rt_evtype_lookup(n, strlen(n)), t);
	}
	assert_int_equal(rt_evtype_lookup("openat", 6), RT_EV_OPENAT);
	/* A prefix is not the type. */
	assert_int_equal(rt_evtype_lookup("openat2", 4), RT_EV_OPEN);
	assert_int_equal(rt_evtype_lookup("opena", 5), RT_EV_NONE);
	assert_int_equal(rt_evtype_lookup(NULL, 0), RT_EV_NONE);
}

static void test_event_arg(void **state)
{
	struct rt_event ev = {.type = RT_EV_OPENAT, .n_args = 2};
	char name[] = "flags";

	(void)state;
	ev.args[0] = (struct rt_arg){.name = "fd", .kind = RT_ARG_INT, .num = 3};
	ev.args[1] = (struct rt_arg){.name = "flags", .kind = RT_ARG_UINT, .num = 1};
	assert_ptr_equal(rt_event_arg(&ev, "fd"), &ev.args[0]);
	/* Found by content, not only by the static pointer. */
	assert_ptr_equal(rt_event_arg(&ev, name), &ev.args[1]);
	assert_null(rt_event_arg(&ev, "mode"));
	assert_null(rt_event_arg(NULL, "fd"));
	/* n_args beyond the array is not read past it. */
	ev.n_args = 1000;
	assert_null(rt_event_arg(&ev, "mode"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_open_flags),     cmocka_unit_test(test_mode_errno_fd),
	    cmocka_unit_test(test_sockets_ptrace), cmocka_unit_test(test_process_flags),
	    cmocka_unit_test(test_caps),           cmocka_unit_test(test_small_buffer),
	    cmocka_unit_test(test_flagset_names),  cmocka_unit_test(test_evtypes),
	    cmocka_unit_test(test_event_arg),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
