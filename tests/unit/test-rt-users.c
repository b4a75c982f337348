/* SPDX-License-Identifier: MIT */
/* Users and groups per mount namespace (rt-users.c), over a fake /proc in tests/runtime/users. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "core/util.h"
#include "runtime/rt-users.h"

/* Mount namespaces the tests make up: the host's, a container's. */
#define NS_HOST 4026531841u
#define NS_CTR  4026532999u

static char *fixture(const char *rel)
{
	const char *f = __FILE__, *slash = strrchr(f, '/');
	size_t n = slash ? (size_t)(slash - f) : 0;

	return vakt_xasprintf("%.*s%s../runtime/users/%s", (int)n, f, n ? "/" : "", rel);
}

static void test_host_and_container(void **state)
{
	char *proc = fixture("proc");
	struct rt_users *u = rt_users_new(proc);
	const struct rt_user_ent *e;

	assert_string_equal(rt_users_user(u, 100, NS_HOST, 0), "root");
	assert_string_equal(rt_users_user(u, 100, NS_HOST, 1000), "alice");
	assert_string_equal(rt_users_home(u, 100, NS_HOST, 1000), "/home/alice");
	assert_string_equal(rt_users_shell(u, 100, NS_HOST, 1000), "/bin/zsh");
	assert_string_equal(rt_users_group(u, 100, NS_HOST, 4), "adm");
	assert_null(rt_users_user(u, 100, NS_HOST, 4242));
	assert_null(rt_users_group(u, 100, NS_HOST, 4242));
	e = rt_users_lookup_user(u, 100, NS_HOST, 1);
	assert_non_null(e);
	assert_int_equal(e->gid, 1);
	assert_string_equal(e->name, "daemon");

	/* the container's own uid 1000 is not the host's */
	assert_string_equal(rt_users_user(u, 200, NS_CTR, 1000), "app");
	assert_string_equal(rt_users_home(u, 200, NS_CTR, 1000), "/app");
	assert_null(rt_users_shell(u, 200, NS_CTR, 1000)); /* empty shell field */
	assert_string_equal(rt_users_user(u, 200, NS_CTR, 0), "root");
	assert_string_equal(rt_users_shell(u, 200, NS_CTR, 0), "/bin/ash");
	assert_string_equal(rt_users_group(u, 200, NS_CTR, 1000), "app");
	/* of two groups with one gid the first counts */
	assert_string_equal(rt_users_group(u, 200, NS_CTR, 10), "wheel");
	/* cached per namespace: another process of the host's namespace reads the host's */
	assert_string_equal(rt_users_user(u, 200, NS_HOST, 1000), "alice");
	rt_users_free(u);
	free(proc);
}

/* The line forms passwd(5) allows, and those it does not. */
/*
 * The first lookup of a namespace comes through a process already gone
 * (a short-lived `cat` whose event is read after it exited): nothing is
 * known yet, and the next lookup through a live process of the same
 * namespace reads the files at once, not a refresh period later.
 */
static void test_first_process_gone(void **state)
{
	char *proc = fixture("proc");
	struct rt_users *u = rt_users_new(proc);

	(void)state;
	assert_null(rt_users_user(u, 999, NS_HOST, 0));
	assert_string_equal(rt_users_user(u, 100, NS_HOST, 0), "root");
	assert_null(rt_users_group(u, 998, NS_CTR, 1000));
	assert_string_equal(rt_users_group(u, 200, NS_CTR, 1000), "app");
	rt_users_free(u);
	free(proc);
}

static void test_lines(void **state)
{
	char *proc = fixture("proc");
	struct rt_users *u = rt_users_new(proc);
	const struct rt_user_ent *e;

	assert_string_equal(rt_users_user(u, 200, NS_CTR, 65534), "nobody");
	/* first of two entries for one uid, as getpwuid() */
	assert_string_equal(rt_users_user(u, 200, NS_CTR, 1000), "app");
	/* four fields: no home, no shell */
	e = rt_users_lookup_user(u, 200, NS_CTR, 1001);
	assert_non_null(e);
	assert_string_equal(e->name, "short");
	assert_string_equal(e->home, "");
	assert_null(rt_users_home(u, 200, NS_CTR, 1001));
	/* the largest uid; one beyond is not a uid */
	assert_string_equal(rt_users_user(u, 200, NS_CTR, 4294967295u), "max");
	/* an empty name is passed over */
	assert_null(rt_users_user(u, 200, NS_CTR, 1002));
	/* CRLF line ends */
	assert_string_equal(rt_users_shell(u, 200, NS_CTR, 1003), "/bin/sh");
	/* a seventh ':' belongs to the shell */
	assert_string_equal(rt_users_shell(u, 200, NS_CTR, 1004), "/bin/sh:more");
	/* a gid that is not a number spoils the line */
	assert_null(rt_users_user(u, 200, NS_CTR, 1005));
	/* NIS lines and comments name nobody; "12a" and "-5" are not uids */
	assert_null(rt_users_user(u, 200, NS_CTR, 12));
	assert_null(rt_users_user(u, 200, NS_CTR, 5));
	rt_users_free(u);
	free(proc);
}

static void test_missing(void **state)
{
	char *proc = fixture("proc");
	struct rt_users *u = rt_users_new(proc);
	struct rt_users_stats st;

	/* a scratch image has no /etc/passwd: nothing is known, and that is no error */
	assert_null(rt_users_user(u, 300, 3, 0));
	assert_null(rt_users_group(u, 300, 3, 0));
	assert_null(rt_users_last_error(u));
	/* a process gone before its files were read */
	assert_null(rt_users_user(u, 999, 9, 0));
	/* no pid */
	assert_null(rt_users_user(u, 0, 9, 0));
	assert_null(rt_users_user(u, -1, 9, 0));
	/* mntns 0: found from /proc/PID/ns/mnt; unknown when that is missing */
	assert_string_equal(rt_users_user(u, 100, 0, 1000), "alice");
	assert_null(rt_users_user(u, 999, 0, 1000));
	rt_users_stats(u, &st);
	assert_int_equal(st.load_errors, 0);
	assert_int_equal(st.namespaces, 3); /* 3, 9 and 100's */
	rt_users_free(u);
	rt_users_free(NULL);
	free(proc);
}

/* /etc/passwd a symlink inside the container: resolved inside it. */
static void test_symlink(void **state)
{
	char *proc = fixture("proc");
	struct rt_users *u = rt_users_new(proc);

	assert_string_equal(rt_users_user(u, 400, 4, 500), "svc");
	assert_string_equal(rt_users_shell(u, 400, 4, 500), "/bin/false");
	rt_users_free(u);
	free(proc);
}

/* A writable copy of the fake /proc. */
static char tmp[64];

static int setup_tmp(void **state)
{
	char *src = fixture("proc"), *cmd;

	snprintf(tmp, sizeof(tmp), "/tmp/vakt-rt-users-XXXXXX");
	assert_non_null(mkdtemp(tmp));
	cmd = vakt_xasprintf("cp -a '%s/.' '%s/'", src, tmp);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	free(src);
	return 0;
}

static int teardown_tmp(void **state)
{
	char *cmd = vakt_xasprintf("rm -rf '%s'", tmp);

	assert_int_equal(system(cmd), 0);
	free(cmd);
	return 0;
}

static void write_file(const char *rel, const char *text)
{
	char *p = vakt_xasprintf("%s/%s", tmp, rel);
	FILE *f = fopen(p, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	free(p);
}

static void test_refresh(void **state)
{
	struct rt_users *u = rt_users_new(tmp);
	struct rt_users_stats st;

	rt_users_set_refresh(u, 3600);
	assert_string_equal(rt_users_user(u, 100, NS_HOST, 1000), "alice");
	/* changed, but looked at again only after an hour */
	write_file("100/root/etc/passwd",
	           "root:x:0:0::/root:/bin/sh\nbob:x:1000:1000::/b:/bin/sh\n");
	assert_string_equal(rt_users_user(u, 100, NS_HOST, 1000), "alice");
	/* looked at every time: the change is seen */
	rt_users_set_refresh(u, 0);
	assert_string_equal(rt_users_user(u, 100, NS_HOST, 1000), "bob");
	rt_users_stats(u, &st);
	assert_int_equal(st.loads, 3); /* passwd, group, passwd again */
	/* unchanged: not read again */
	assert_string_equal(rt_users_user(u, 100, NS_HOST, 1000), "bob");
	rt_users_stats(u, &st);
	assert_int_equal(st.loads, 3);
	/* a file that appears, and one that goes */
	write_file("300/root/etc/passwd", "late:x:7:7::/:/bin/sh\n");
	assert_string_equal(rt_users_user(u, 300, 3, 7), "late");
	{
		char *p = vakt_xasprintf("%s/300/root/etc/passwd", tmp);
		assert_int_equal(unlink(p), 0);
		free(p);
	}
	assert_null(rt_users_user(u, 300, 3, 7));
	/* the process gone: the names stay as they were */
	{
		char *cmd = vakt_xasprintf("rm -rf '%s/100'", tmp);
		assert_int_equal(system(cmd), 0);
		free(cmd);
	}
	assert_string_equal(rt_users_user(u, 100, NS_HOST, 1000), "bob");
	rt_users_free(u);
}

/* RT_USERS_MAX_FILE_BYTES, RT_USERS_MAX_ENTRIES, RT_USERS_MAX_LINE_BYTES. */
static void test_ceilings(void **state)
{
	struct rt_users *u = rt_users_new(tmp);
	struct vakt_buf b = VAKT_BUF_INIT;
	const struct vakt_error *e;

	rt_users_set_refresh(u, 0);
	/* too many entries: the first are kept */
	for (unsigned i = 0; i <= RT_USERS_MAX_ENTRIES; i++)
		vakt_buf_addf(&b, "u%u:x:%u:0::/:/bin/sh\n", i, i);
	write_file("200/root/etc/passwd", b.data);
	assert_string_equal(rt_users_user(u, 200, NS_CTR, 0), "u0");
	assert_string_equal(rt_users_user(u, 200, NS_CTR, RT_USERS_MAX_ENTRIES - 1), "u65535");
	assert_null(rt_users_user(u, 200, NS_CTR, RT_USERS_MAX_ENTRIES));
	e = rt_users_last_error(u);
	assert_non_null(e);
	assert_int_equal(e->code, -E2BIG);
	assert_non_null(strstr(e->msg, "200/root/etc/passwd' has more than 65536 entries"));
	/* too large: the names read before stay */
	vakt_buf_reset(&b);
	while (b.len <= RT_USERS_MAX_FILE_BYTES)
		vakt_buf_adds(&b, "# padding padding padding padding padding padding padding\n");
	vakt_buf_adds(&b, "late:x:1:0::/:/bin/sh\n");
	write_file("200/root/etc/passwd", b.data);
	assert_string_equal(rt_users_user(u, 200, NS_CTR, 0), "u0");
	assert_null(rt_users_user(u, 200, NS_CTR, 70000));
	e = rt_users_last_error(u);
	assert_non_null(e);
	assert_int_equal(e->code, -EFBIG);
	assert_non_null(strstr(e->msg, "etc/passwd' is too large"));
	assert_non_null(strstr(e->msg, "at most 4194304)"));
	/* a line over RT_USERS_MAX_LINE_BYTES is passed over, the next is read */
	vakt_buf_reset(&b);
	vakt_buf_adds(&b, "long:x:5:5:");
	while (b.len <= RT_USERS_MAX_LINE_BYTES)
		vakt_buf_addc(&b, 'g');
	vakt_buf_adds(&b, ":/:/bin/sh\nok:x:6:6::/:/bin/sh\n");
	write_file("200/root/etc/passwd", b.data);
	assert_string_equal(rt_users_user(u, 200, NS_CTR, 6), "ok");
	assert_null(rt_users_user(u, 200, NS_CTR, 5));
	assert_null(rt_users_last_error(u)); /* a good read clears it */
	vakt_buf_release(&b);
	rt_users_free(u);
}

/* RT_USERS_MAX_NAMESPACES: the least recently used is dropped, and read again when needed. */
static void test_eviction(void **state)
{
	char *proc = fixture("proc");
	struct rt_users *u = rt_users_new(proc);
	struct rt_users_stats st;

	assert_string_equal(rt_users_user(u, 100, NS_HOST, 1000), "alice");
	for (uint64_t ns = 1; ns <= RT_USERS_MAX_NAMESPACES; ns++)
		assert_string_equal(rt_users_user(u, 200, ns, 1000), "app");
	rt_users_stats(u, &st);
	assert_int_equal(st.namespaces, RT_USERS_MAX_NAMESPACES);
	uint64_t loads = st.loads;
	assert_string_equal(rt_users_user(u, 100, NS_HOST, 1000), "alice");
	rt_users_stats(u, &st);
	assert_int_equal(st.loads, loads + 2); /* it was dropped: read again */
	rt_users_free(u);
	free(proc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_host_and_container),
	    cmocka_unit_test(test_first_process_gone),
	    cmocka_unit_test(test_lines),
	    cmocka_unit_test(test_missing),
	    cmocka_unit_test(test_symlink),
	    cmocka_unit_test_setup_teardown(test_refresh, setup_tmp, teardown_tmp),
	    cmocka_unit_test_setup_teardown(test_ceilings, setup_tmp, teardown_tmp),
	    cmocka_unit_test(test_eviction),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
