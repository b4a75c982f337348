/* SPDX-License-Identifier: MIT */
/* Host-path knowledge shared by every domain that reads mounts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/util.h"
#include "knowledge/hostpath.h"

static void check_norm(const char *in, const char *want)
{
	char *got = know_hostpath_normalize(in);

	if (want)
		assert_string_equal(got ? got : "(null)", want);
	else
		assert_null(got);
	free(got);
}

static void test_normalize(void **state)
{
	check_norm("/", "/");
	check_norm("//", "/");
	check_norm("/var/run/", "/var/run");
	check_norm("//var///run//docker.sock", "/var/run/docker.sock");
	check_norm("/var/./run/../run/docker.sock", "/var/run/docker.sock");
	check_norm("/../../etc", "/etc");
	check_norm("/a/b/..", "/a");
	check_norm("relative/path", NULL);
	check_norm("./x", NULL);
	check_norm("", NULL);
	check_norm(NULL, NULL);
}

static void test_sockets(void **state)
{
	const char *sock = NULL;
	struct vakt_buf slashes = VAKT_BUF_INIT;

	assert_non_null(know_hostpath_socket("/var/run/docker.sock", &sock));
	assert_string_equal(sock, "docker.sock");
	assert_non_null(know_hostpath_socket("/srv/custom/containerd.sock", &sock));
	assert_string_equal(know_hostpath_socket("/var/run", &sock),
	                    "the directory holding the container runtime's API socket");
	assert_string_equal(sock, "/var/run/docker.sock");
	assert_non_null(know_hostpath_socket("/run/containerd/", NULL));
	assert_non_null(know_hostpath_socket("/run/containerd/io.containerd.runtime", NULL));
	assert_non_null(know_hostpath_socket("//./pipe/docker_engine", NULL));
	assert_non_null(know_hostpath_socket("\\\\.\\pipe\\docker_engine", NULL));
	assert_null(know_hostpath_socket("/", NULL));
	assert_null(know_hostpath_socket("/var/lib/app", NULL));
	assert_null(know_hostpath_socket("relative/docker.sock.txt", NULL));
	/* No length cap: 300 slashes before the socket are still the socket. */
	for (int i = 0; i < 300; i++)
		vakt_buf_addc(&slashes, '/');
	vakt_buf_adds(&slashes, "var/run/docker.sock");
	assert_non_null(know_hostpath_socket(vakt_buf_str(&slashes), &sock));
	assert_string_equal(sock, "docker.sock");
	vakt_buf_release(&slashes);
}

static void test_sensitive(void **state)
{
	static const struct {
		const char *path, *want;
	} cases[] = {
	    {"/", "/"},
	    {"//", "/"},
	    {"/etc", "/etc"},
	    {"/etc/kubernetes", "/etc/kubernetes"},
	    {"/etc/kubernetes/pki", "/etc/kubernetes"},
	    {"/etc/ssh", "/etc/ssh"},
	    {"/etc/app", NULL},
	    {"/etc/letsencrypt", NULL},
	    {"/usr", "/usr"},
	    {"/usr/lib/x86_64-linux-gnu", "/usr/lib"},
	    {"/usr/share/nginx/html", NULL},
	    {"/etc/", "/etc"},
	    {"/lib/modules", "/lib"},
	    {"/usr/src", "/usr/src"},
	    {"/home", "/home"},
	    {"/home/alice", "/home"},
	    {"/home/alice/project", NULL},
	    {"/root/.ssh", "/root"},
	    {"/var/lib/kubelet/pods", "/var/lib/kubelet"},
	    {"/var/log", "/var/log"},
	    {"/var/log/nginx", NULL},
	    {"/var/lib/app", NULL},
	    {"/srv/data", NULL},
	    {"/opt/app", NULL},
	    {"/etcetera", NULL},
	    {"/tmp", NULL},
	    {"relative", NULL},
	};

	for (size_t i = 0; i < VAKT_ARRAY_SIZE(cases); i++) {
		const char *got = know_hostpath_sensitive(cases[i].path);

		if (cases[i].want)
			assert_string_equal(got ? got : "(null)", cases[i].want);
		else if (got)
			fail_msg("%s: expected not sensitive, got %s", cases[i].path, got);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_normalize),
	    cmocka_unit_test(test_sockets),
	    cmocka_unit_test(test_sensitive),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
