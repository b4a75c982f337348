/* SPDX-License-Identifier: MIT */
/*
 * The hand-written readers of the container-engine probes: the upstream
 * version comparator (runc's -rcN and -rc.N, Debian's ~rc, epochs), the
 * line finder over daemon.json texts, and the merger of dockerd's flags.
 * The probes on fake roots are tested in test-host-docker.c.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "host/host-docker.h"

static int vcmp(const char *a, const char *b)
{
	struct host_version x, y;

	assert_int_equal(host_version_parse(a, &x), 0);
	assert_int_equal(host_version_parse(b, &y), 0);
	return host_version_cmp(&x, &y);
}

static void test_version_compare(void **state)
{
	struct host_version v;

	(void)state;
	assert_true(vcmp("1.0.0-rc93", "1.0.0") < 0);
	assert_true(vcmp("1.0.0-rc6", "1.0.0-rc7") < 0);
	assert_true(vcmp("1.0.0-rc10", "1.0.0-rc93") < 0);
	assert_true(vcmp("1.0.0-rc93", "1.0.0-rc10") > 0);
	assert_true(vcmp("1.4.0-rc.1", "1.4.0-rc.3") < 0);
	assert_true(vcmp("1.4.0-rc.3", "1.4.0-rc3") == 0);
	assert_true(vcmp("1.1.12", "1.1.9") > 0);
	assert_true(vcmp("1.1.5+ds1-1+deb12u1", "1.1.5") == 0);
	assert_true(vcmp("1.0.0~rc93+ds1-5", "1.0.0-rc93") == 0);
	assert_true(vcmp("5:18.09.1~3-0~debian-stretch", "18.9.2") < 0);
	assert_true(vcmp("18.06.1~ce~3-0~debian", "18.6.1") == 0);
	assert_true(vcmp("v1.2.8", "1.2.8") == 0);
	assert_true(vcmp("1.2", "1.2.0") == 0);
	assert_true(vcmp("2", "1.9.9") > 0);
	/* a number too long for a long is held at the ceiling, not overflowed */
	assert_true(vcmp("99999999999999999999.0", "1000000.0") == 0);
	assert_int_equal(host_version_parse("", &v), -EINVAL);
	assert_int_equal(host_version_parse("dev", &v), -EINVAL);
	assert_int_equal(host_version_parse("1.", &v), -EINVAL);
	assert_int_equal(host_version_parse("1.2.", &v), -EINVAL);
	/* "-rc" without a number is not a release candidate */
	assert_int_equal(host_version_parse("1.2.0-rcx", &v), 0);
	assert_false(v.pre);
}

static void test_json_lines(void **state)
{
	static const char text[] = "{\n"
	                           "  \"log-opts\": {\"icc\": true, \"x\": \"a\\\"icc\\\"\"},\n"
	                           "  \"icc\" :\n"
	                           "    false,\n"
	                           "  \"hosts\": [\n"
	                           "    \"unix:///run/docker.sock\",\n"
	                           "    {\"nested\": [1, 2]}, \"tcp://0.0.0.0:2375\"\n"
	                           "  ],\n"
	                           "  \"empty\": []\n"
	                           "}\n";

	(void)state;
	/* the nested "icc" and the one inside a string are not the top-level key */
	assert_int_equal(host_json_key_line(text, "icc"), 3);
	assert_int_equal(host_json_key_line(text, "hosts"), 5);
	assert_int_equal(host_json_key_line(text, "x"), 0);
	assert_int_equal(host_json_key_line(text, "absent"), 0);
	assert_int_equal(host_json_elem_line(text, "hosts", 0), 6);
	assert_int_equal(host_json_elem_line(text, "hosts", 1), 7);
	assert_int_equal(host_json_elem_line(text, "hosts", 2), 7);
	assert_int_equal(host_json_elem_line(text, "hosts", 3), 0);
	assert_int_equal(host_json_elem_line(text, "empty", 0), 0);
	assert_int_equal(host_json_elem_line(text, "icc", 0), 0);
	/* a key string that is not followed by ':' (a value) does not count its lines twice */
	assert_int_equal(host_json_key_line("{\"a\": \"hosts\"\n\n, \"hosts\": 1}", "hosts"), 3);
	/* an unterminated text ends the search */
	assert_int_equal(host_json_key_line("{\"icc", "icc"), 0);
	assert_int_equal(host_json_elem_line("{\"hosts\": [\"a\"", "hosts", 1), 0);
}

static void test_flags(void **state)
{
	const char *args[] = {"/usr/bin/dockerd",
	                      "-H",
	                      "fd://",
	                      "-Htcp://0.0.0.0:2375",
	                      "--host=unix:///run/other.sock",
	                      "-H=tcp://127.0.0.1:2376",
	                      "--icc=false",
	                      "--live-restore",
	                      "--userland-proxy=maybe",
	                      "--userns-remap",
	                      "default",
	                      "-D",
	                      "-l",
	                      "warn",
	                      "--insecure-registry",
	                      "10.0.0.0/8",
	                      "--label=env=prod",
	                      "--",
	                      "--tlsverify"};
	struct host_docker_daemon dd = {0};

	(void)state;
	dd.cmdline = vakt_xstrdup("/proc/1/cmdline");
	vakt_strv_push(&dd.file_keys, "labels");
	vakt_strv_push(&dd.file_keys, "icc");
	vakt_strv_push(&dd.file_keys, "tlsverify");
	host_docker_apply_flags(&dd, args, VAKT_ARRAY_SIZE(args));
	assert_int_equal(dd.list[HOST_DL_HOSTS].n, 4);
	assert_string_equal(dd.list[HOST_DL_HOSTS].v[1].s, "tcp://0.0.0.0:2375");
	assert_string_equal(dd.list[HOST_DL_HOSTS].v[2].s, "unix:///run/other.sock");
	assert_string_equal(dd.list[HOST_DL_HOSTS].v[3].s, "tcp://127.0.0.1:2376");
	assert_int_equal(dd.list[HOST_DL_HOSTS].v[0].from, HOST_FROM_FLAG);
	assert_int_equal(dd.set[HOST_DK_ICC].from, HOST_FROM_FLAG);
	assert_false(dd.set[HOST_DK_ICC].b);
	assert_true(dd.set[HOST_DK_LIVE_RESTORE].b);
	/* not a boolean pflag accepts: left alone */
	assert_int_equal(dd.set[HOST_DK_USERLAND_PROXY].from, HOST_FROM_DEFAULT);
	assert_string_equal(dd.set[HOST_DK_USERNS_REMAP].s, "default");
	assert_true(dd.set[HOST_DK_DEBUG].b);
	assert_string_equal(dd.set[HOST_DK_LOG_LEVEL].s, "warn");
	assert_string_equal(dd.list[HOST_DL_INSECURE_REGISTRIES].v[0].s, "10.0.0.0/8");
	/* after "--" nothing is a flag */
	assert_int_equal(dd.set[HOST_DK_TLSVERIFY].from, HOST_FROM_DEFAULT);
	/* --label is "labels" in the file; --icc is "icc" */
	assert_int_equal(dd.conflicts.n, 2);
	assert_true(vakt_strv_contains(&dd.conflicts, "labels", false));
	assert_true(vakt_strv_contains(&dd.conflicts, "icc", false));
	for (size_t k = 0; k < HOST_DK_COUNT; k++) {
		free(dd.set[k].s);
		free(dd.set[k].source);
	}
	for (size_t k = 0; k < HOST_DL_COUNT; k++) {
		for (size_t i = 0; i < dd.list[k].n; i++) {
			free(dd.list[k].v[i].s);
			free(dd.list[k].v[i].source);
		}
		free(dd.list[k].v);
	}
	vakt_strv_release(&dd.file_keys);
	vakt_strv_release(&dd.conflicts);
	free(dd.cmdline);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_version_compare),
	    cmocka_unit_test(test_json_lines),
	    cmocka_unit_test(test_flags),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
