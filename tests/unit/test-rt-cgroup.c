/* SPDX-License-Identifier: MIT */
/* Container identity from cgroup paths (rt-cgroup.c), on real-world layouts. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "core/util.h"
#include "runtime/rt-cgroup.h"

#define ID_A    "3f4e1b2c9d8a7f6e5d4c3b2a19080706f5e4d3c2b1a09f8e7d6c5b4a39281706"
#define ID_B    "b7c2d9e0f1a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d"
#define POD_UID "6f6b0d5e_7a2f_4c1b_9d1e_0a4a3c5b2e11"

/* Expect path (a single path) to give runtime and id; full is the full id or NULL for id. */
static void check(const char *path, enum rt_ctr_runtime rt, const char *id, const char *full)
{
	struct rt_ctr_ident out;

	rt_cgroup_ident(path, strlen(path), &out);
	if (out.runtime != rt || strcmp(out.id, id) != 0) {
		print_error("path %s: got %s '%s', want %s '%s'\n", path,
		            rt_ctr_runtime_name(out.runtime), out.id, rt_ctr_runtime_name(rt), id);
		fail();
	}
	assert_string_equal(out.full_id, full ? full : id);
}

static void test_docker(void **state)
{
	/* cgroupfs driver, v1 controller line and v2 */
	check("/docker/" ID_A, RT_CTR_DOCKER, "3f4e1b2c9d8a", ID_A);
	check("4:memory:/docker/" ID_A, RT_CTR_DOCKER, "3f4e1b2c9d8a", ID_A);
	/* systemd driver */
	check("0::/system.slice/docker-" ID_A ".scope", RT_CTR_DOCKER, "3f4e1b2c9d8a", ID_A);
	/* upper-case hex is still hex */
#define ID_UP "3F4E1B2C9D8A7F6E5D4C3B2A19080706F5E4D3C2B1A09F8E7D6C5B4A39281706"
	check("/docker/" ID_UP, RT_CTR_DOCKER, "3F4E1B2C9D8A", ID_UP);
	/* Falco's order: a bare 64-hex component is docker's first layout, even under kubepods */
	check("/kubepods/burstable/pod" POD_UID "/" ID_B, RT_CTR_DOCKER, "b7c2d9e0f1a3", ID_B);
	/* the daemon itself is on the host */
	check("0::/system.slice/docker.service", RT_CTR_HOST, "host", NULL);
	check("0::/system.slice/docker.socket", RT_CTR_HOST, "host", NULL);
	check("0::/system.slice/var-lib-docker.mount", RT_CTR_HOST, "host", NULL);
	check("0::/system.slice/dev-sda2.swap", RT_CTR_HOST, "host", NULL);
}

static void test_cri(void **state)
{
	/* containerd, systemd cgroup driver (v2), burstable and besteffort */
	check("0::/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" POD_UID
	      ".slice/cri-containerd-" ID_A ".scope",
	      RT_CTR_CRI, "3f4e1b2c9d8a", ID_A);
	check("0::/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod" POD_UID
	      ".slice/cri-containerd-" ID_B ".scope",
	      RT_CTR_CRI, "b7c2d9e0f1a3", ID_B);
	/* CRI-O with systemd, and with cgroupfs */
	check("0::/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod" POD_UID
	      ".slice/crio-" ID_A ".scope",
	      RT_CTR_CRI, "3f4e1b2c9d8a", ID_A);
	check("11:pids:/kubepods/besteffort/pod" POD_UID "/crio-" ID_B, RT_CTR_CRI, "b7c2d9e0f1a3",
	      ID_B);
	/* a systemd-style parent without SystemdCgroup = true */
	check("/kubepods-besteffort-pod" POD_UID ".slice:cri-containerd:" ID_A, RT_CTR_CRI,
	      "3f4e1b2c9d8a", ID_A);
	/* guaranteed QoS: no QoS slice */
	check("0::/kubepods.slice/kubepods-pod" POD_UID ".slice/cri-containerd-" ID_A ".scope",
	      RT_CTR_CRI, "3f4e1b2c9d8a", ID_A);
	/* CRI-O's conmon is not the container */
	check("0::/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod" POD_UID
	      ".slice/crio-conmon-" ID_A ".scope",
	      RT_CTR_HOST, "host", NULL);
	/* kind: kubelet nested in a node container */
	check("0::/kubelet.slice/kubelet-kubepods.slice/kubelet-kubepods-besteffort.slice/"
	      "kubelet-kubepods-besteffort-pod" POD_UID ".slice/cri-containerd-" ID_B ".scope",
	      RT_CTR_CRI, "b7c2d9e0f1a3", ID_B);
	/* the pod's own cgroup names no container */
	check("0::/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod" POD_UID
	      ".slice",
	      RT_CTR_HOST, "host", NULL);
	check("/kubepods/besteffort/pod" POD_UID, RT_CTR_HOST, "host", NULL);
}

static void test_podman(void **state)
{
	check("0::/machine.slice/libpod-" ID_A ".scope", RT_CTR_PODMAN, "3f4e1b2c9d8a", ID_A);
	check("0::/machine.slice/libpod-" ID_A ".scope/container", RT_CTR_PODMAN, "3f4e1b2c9d8a",
	      ID_A);
	/* rootless, under the user's manager */
	check("0::/user.slice/user-1000.slice/user@1000.service/user.slice/libpod-" ID_B ".scope",
	      RT_CTR_PODMAN, "b7c2d9e0f1a3", ID_B);
	/* cgroupfs manager (Alpine), and split mode */
	check("/libpod_parent/libpod-" ID_A, RT_CTR_PODMAN, "3f4e1b2c9d8a", ID_A);
	check("0::/machine.slice/libpod-payload-" ID_A ".scope", RT_CTR_PODMAN, "3f4e1b2c9d8a",
	      ID_A);
	/* conmon beside the container is on the host */
	check("0::/machine.slice/libpod-conmon-" ID_A ".scope", RT_CTR_HOST, "host", NULL);
}

static void test_lxc(void **state)
{
	check("0::/lxc.payload.web1", RT_CTR_LXC, "web1", NULL);
	check("0::/lxc.payload.web1/system.slice/cron.service", RT_CTR_LXC, "web1", NULL);
	check("0::/lxc.payload.web1/init.scope", RT_CTR_LXC, "web1", NULL);
	check("3:cpu:/lxc/db-server", RT_CTR_LXC, "db-server", NULL);
	check("3:cpu:/lxc/db-server/sub", RT_CTR_LXC, "db-server", NULL);
	check("1:name=systemd:/lxc.payload/web2/init.scope", RT_CTR_LXC, "web2", NULL);
	/* a long lxc name is kept whole */
	check("0::/lxc.payload.a-container-name-longer-than-twelve", RT_CTR_LXC,
	      "a-container-name-longer-than-twelve", NULL);
	/* the monitor is on the host */
	check("0::/lxc.monitor.web1", RT_CTR_HOST, "host", NULL);
	/* an empty name is none, and so is one with spaces or control bytes */
	check("0::/lxc/", RT_CTR_HOST, "host", NULL);
	check("0::/lxc.payload.we b1", RT_CTR_HOST, "host", NULL);
	check("0::/lxc.payload.web\x01", RT_CTR_HOST, "host", NULL);
}

static void test_containerd(void **state)
{
	/* `ctr run` in the default namespace, v2 and v1 */
	check("0::/default/redis", RT_CTR_CONTAINERD, "redis", NULL);
	check("9:memory:/default/redis", RT_CTR_CONTAINERD, "redis", NULL);
	/* other namespaces; long names cut to 12 as Falco cuts them */
	check("0::/buildkit/q3x2k9w1", RT_CTR_CONTAINERD, "q3x2k9w1", NULL);
	check("0::/my-ns/my-long-container-name", RT_CTR_CONTAINERD, "my-long-cont",
	      "my-long-container-name");
	/* a 64-hex id under a namespace: docker's bare layout claims it first */
	check("0::/k8s.io/" ID_A, RT_CTR_DOCKER, "3f4e1b2c9d8a", ID_A);
	/* 64 characters that are not hex: containerd, cut to 12 */
	check("0::/default/zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz",
	      RT_CTR_CONTAINERD, "zzzzzzzzzzzz",
	      "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz");
	/* 65 characters: too long for an id */
	check("0::/default/zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz",
	      RT_CTR_HOST, "host", NULL);
	/* systemd units are never short ids */
	check("0::/system.slice/containerd.service", RT_CTR_HOST, "host", NULL);
	check("0::/system.slice/system-getty.slice/getty@tty1.service", RT_CTR_HOST, "host", NULL);
	/* one component only: a deeper path is not an id */
	check("0::/default/redis/sub", RT_CTR_HOST, "host", NULL);
}

/*
 * The bare containerd layout is any two-level tree: a VM agent's memory
 * cgroup (/process_api/<32 hex>, what every process of the machines vakt
 * is tested on sits in) reads as one. It is marked weak; a container's own
 * layout on another line wins over it, in either order.
 */
static void test_containerd_weak(void **state)
{
	static const char vm_host[] = "9:name=systemd:/\n"
	                              "4:memory:/process_api/70af63ed96801f15abc70c0f1c5d9c3e\n"
	                              "0::/\n";
	static const char vm_docker[] = "4:memory:/process_api/70af63ed96801f15abc70c0f1c5d9c3e\n"
	                                "0::/vakt-test.slice/docker-" ID_A ".scope\n";
	static const char docker_first[] = "4:memory:/process_api/70af63ed96801f15abc70c0f1c5d9c3e/"
	                                   "docker/" ID_A "\n"
	                                   "1:cpu:/default/redis\n";
	struct rt_ctr_ident out;

	(void)state;
	rt_cgroup_ident(vm_host, strlen(vm_host), &out);
	assert_int_equal(RT_CTR_CONTAINERD, out.runtime);
	assert_true(out.weak);
	rt_cgroup_ident(vm_docker, strlen(vm_docker), &out);
	assert_int_equal(RT_CTR_DOCKER, out.runtime);
	assert_string_equal("3f4e1b2c9d8a", out.id);
	assert_false(out.weak);
	rt_cgroup_ident(docker_first, strlen(docker_first), &out);
	assert_int_equal(RT_CTR_DOCKER, out.runtime);
	assert_false(out.weak);
	/* Layouts of their own are never weak. */
	check("0::/system.slice/docker-" ID_A ".scope", RT_CTR_DOCKER, "3f4e1b2c9d8a", ID_A);
	rt_cgroup_ident("0::/default/redis", 17, &out);
	assert_true(out.weak);
}

static void test_nested(void **state)
{
	/* docker in docker: the innermost container */
	check("/docker/" ID_A "/docker/" ID_B, RT_CTR_DOCKER, "b7c2d9e0f1a3", ID_B);
	/* a cgroup namespace shows the path relative to the reader's */
	check("0::/../../system.slice/docker-" ID_A ".scope", RT_CTR_DOCKER, "3f4e1b2c9d8a", ID_A);
	/* podman in a pod: the last libpod- wins */
	check("0::/machine.slice/libpod-" ID_A ".scope/container/libpod-" ID_B ".scope",
	      RT_CTR_PODMAN, "b7c2d9e0f1a3", ID_B);
}

static void test_host(void **state)
{
	check("0::/user.slice/user-1000.slice/session-2.scope", RT_CTR_HOST, "host", NULL);
	check("0::/user.slice/user-1000.slice/user@1000.service/app.slice/"
	      "app-org.gnome.Terminal.slice/vte-spawn-1234.scope",
	      RT_CTR_HOST, "host", NULL);
	check("0::/user.slice/user-1000.slice/user@1000.service", RT_CTR_HOST, "host", NULL);
	check("0::/init.scope", RT_CTR_HOST, "host", NULL);
	check("0::/", RT_CTR_HOST, "host", NULL);
	check("", RT_CTR_HOST, "host", NULL);
	check("cpu=", RT_CTR_HOST, "host", NULL);
	check("garbage without a path", RT_CTR_HOST, "host", NULL);
}

/* A whole /proc/PID/cgroup of a hybrid host, and Falco's NUL-separated parameter. */
static void test_inputs(void **state)
{
	const char *hybrid = "12:pids:/docker/" ID_A "\n"
	                     "11:memory:/docker/" ID_A "\n"
	                     "10:cpu,cpuacct:/docker/" ID_A "\n"
	                     "1:name=systemd:/docker/" ID_A "\n"
	                     "0::/system.slice/containerd.service\n";
	const char *v2 = "0::/system.slice/docker-" ID_B ".scope\r\n";
	static const char falco[] = "cpuset=/\0cpu=/user.slice\0memory=/docker/" ID_A "\0pids=/";
	static const char host_falco[] = "cpuset=/\0cpu=/user.slice\0memory=/user.slice/user-0."
	                                 "slice/session-1.scope";
	const char *first;
	struct rt_ctr_ident out;

	rt_cgroup_ident(hybrid, strlen(hybrid), &out);
	assert_int_equal(out.runtime, RT_CTR_DOCKER);
	assert_string_equal(out.id, "3f4e1b2c9d8a");
	rt_cgroup_ident(v2, strlen(v2), &out);
	assert_int_equal(out.runtime, RT_CTR_DOCKER);
	assert_string_equal(out.id, "b7c2d9e0f1a3");
	rt_cgroup_ident(falco, sizeof(falco) - 1, &out);
	assert_int_equal(out.runtime, RT_CTR_DOCKER);
	assert_string_equal(out.id, "3f4e1b2c9d8a");
	rt_cgroup_ident(host_falco, sizeof(host_falco) - 1, &out);
	assert_int_equal(out.runtime, RT_CTR_HOST);
	assert_string_equal(out.id, "host");
	rt_cgroup_ident(NULL, 0, &out);
	assert_string_equal(out.id, "host");
	/* the first path that names a container by a layout of its own decides;
	 * the bare containerd layout only when no other path has one */
	first = "0::/buildkit/redis\n4:memory:/docker/" ID_A "\n";
	rt_cgroup_ident(first, strlen(first), &out);
	assert_int_equal(out.runtime, RT_CTR_DOCKER);
	first = "0::/system.slice/docker-" ID_A ".scope\n4:memory:/docker/" ID_B "\n";
	rt_cgroup_ident(first, strlen(first), &out);
	assert_string_equal(out.id, "3f4e1b2c9d8a");
	first = "0::/default/redis\n4:memory:/k8s.io/other\n";
	rt_cgroup_ident(first, strlen(first), &out);
	assert_string_equal(out.id, "redis");
}

/* RT_CGROUP_MAX_PATHS and RT_CGROUP_MAX_BYTES: what lies beyond is not read. */
static void test_ceilings(void **state)
{
	struct vakt_buf b = VAKT_BUF_INIT;
	struct rt_ctr_ident out;
	size_t i;

	for (i = 0; i < RT_CGROUP_MAX_PATHS - 1; i++)
		vakt_buf_adds(&b, "1:x:/\n");
	vakt_buf_adds(&b, "1:x:/docker/" ID_A "\n");
	rt_cgroup_ident(b.data, b.len, &out);
	assert_int_equal(out.runtime, RT_CTR_DOCKER); /* the last path within the ceiling */
	vakt_buf_reset(&b);
	for (i = 0; i < RT_CGROUP_MAX_PATHS; i++)
		vakt_buf_adds(&b, "1:x:/\n");
	vakt_buf_adds(&b, "1:x:/docker/" ID_A "\n");
	rt_cgroup_ident(b.data, b.len, &out);
	assert_int_equal(out.runtime, RT_CTR_HOST); /* one path too many */
	vakt_buf_reset(&b);
	/* one huge path that ends with an id past the byte ceiling */
	vakt_buf_adds(&b, "0::");
	while (b.len < RT_CGROUP_MAX_BYTES)
		vakt_buf_adds(&b, "/abc");
	vakt_buf_adds(&b, "/docker/" ID_A);
	rt_cgroup_ident(b.data, b.len, &out);
	assert_int_equal(out.runtime, RT_CTR_HOST);
	/* the same path under the ceiling names the container */
	rt_cgroup_ident(b.data + b.len - 200, 200, &out);
	assert_int_equal(out.runtime, RT_CTR_DOCKER);
	/* a namespace component longer than NAME_MAX is not one */
	vakt_buf_reset(&b);
	vakt_buf_adds(&b, "0::/");
	for (i = 0; i < 300; i++)
		vakt_buf_addc(&b, 'n');
	vakt_buf_adds(&b, "/redis");
	rt_cgroup_ident(b.data, b.len, &out);
	assert_int_equal(out.runtime, RT_CTR_HOST);
	vakt_buf_release(&b);
}

static char *fixture(const char *rel)
{
	const char *f = __FILE__, *slash = strrchr(f, '/');
	size_t n = slash ? (size_t)(slash - f) : 0;

	return vakt_xasprintf("%.*s%s../runtime/%s", (int)n, f, n ? "/" : "", rel);
}

static void test_pid(void **state)
{
	char *proc = fixture("proc");
	struct vakt_error *err = NULL;
	struct rt_ctr_ident out;

	assert_int_equal(rt_cgroup_ident_pid(proc, 4242, &out, &err), 0);
	assert_int_equal(out.runtime, RT_CTR_CRI);
	assert_string_equal(out.id, "3f4e1b2c9d8a");
	assert_int_equal(rt_cgroup_ident_pid(proc, 1, &out, &err), 0);
	assert_int_equal(out.runtime, RT_CTR_HOST);
	assert_int_equal(rt_cgroup_ident_pid(proc, 999999, &out, &err), -ENOENT);
	assert_non_null(err);
	assert_non_null(strstr(err->msg, "999999/cgroup"));
	assert_string_equal(out.id, "host");
	vakt_error_free(err);
	free(proc);
}

static void test_names(void **state)
{
	assert_string_equal(rt_ctr_runtime_name(RT_CTR_HOST), "host");
	assert_string_equal(rt_ctr_runtime_name(RT_CTR_DOCKER), "docker");
	assert_string_equal(rt_ctr_runtime_name(RT_CTR_CRI), "cri");
	assert_string_equal(rt_ctr_runtime_name(RT_CTR_CONTAINERD), "containerd");
	assert_string_equal(rt_ctr_runtime_name(RT_CTR_PODMAN), "podman");
	assert_string_equal(rt_ctr_runtime_name(RT_CTR_LXC), "lxc");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_docker),     cmocka_unit_test(test_cri),
	    cmocka_unit_test(test_podman),     cmocka_unit_test(test_lxc),
	    cmocka_unit_test(test_containerd), cmocka_unit_test(test_containerd_weak),
	    cmocka_unit_test(test_nested),     cmocka_unit_test(test_host),
	    cmocka_unit_test(test_inputs),     cmocka_unit_test(test_ceilings),
	    cmocka_unit_test(test_pid),        cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
