/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer harness for what vakt reads from a container's or a runtime's
 * files: the input is written as a process's /etc/passwd and /etc/group
 * (rt-users.c) and as every JSON file the metadata sources read
 * (rt-ctrmeta*.c: docker's config.v2.json, hostconfig.json and
 * repositories.json, containerd's and CRI-O's OCI specs, containers.json)
 * in a scratch tree, which is then looked up. Every string a record holds
 * is bounded.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "runtime/rt-ctrmeta.h"
#include "runtime/rt-users.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define ID "3f4e1b2c9d8a7f6e5d4c3b2a19080706f5e4d3c2b1a09f8e7d6c5b4a39281706"

static char dir[64];
static volatile size_t sink;

static const char *const files[] = {
    "proc/1/root/etc/passwd",
    "proc/1/root/etc/group",
    "var/lib/docker/containers/" ID "/config.v2.json",
    "var/lib/docker/containers/" ID "/hostconfig.json",
    "var/lib/docker/image/overlay2/repositories.json",
    "run/containerd/io.containerd.runtime.v2.task/k8s.io/" ID "/config.json",
    "run/containerd/io.containerd.runtime.v2.task/default/redis/config.json",
    "var/lib/containers/storage/overlay-containers/" ID "/userdata/config.json",
    "var/lib/containers/storage/overlay-containers/containers.json",
};

static void cleanup(void)
{
	char *cmd = vakt_xasprintf("rm -rf '%s'", dir);

	if (system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", dir);
	free(cmd);
}

static void setup(void)
{
	char *cmd;

	snprintf(dir, sizeof(dir), "/tmp/vakt-fuzz-rt-files-XXXXXX");
	if (!mkdtemp(dir))
		abort();
	cmd = vakt_xasprintf("cd '%s' && mkdir -p proc/1/root/etc "
	                     "var/lib/docker/containers/" ID " var/lib/docker/image/overlay2 "
	                     "run/containerd/io.containerd.runtime.v2.task/k8s.io/" ID " "
	                     "run/containerd/io.containerd.runtime.v2.task/default/redis "
	                     "var/lib/containers/storage/overlay-containers/" ID "/userdata",
	                     dir);
	if (system(cmd) != 0)
		abort();
	free(cmd);
	atexit(cleanup);
}

static void put(const char *rel, const uint8_t *data, size_t size)
{
	char *p = vakt_xasprintf("%s/%s", dir, rel);
	FILE *f = fopen(p, "wb");

	if (!f || fwrite(data, 1, size, f) != size)
		abort();
	fclose(f);
	free(p);
}

static void touch(const char *s)
{
	if (s && strlen(s) > RT_CTRMETA_MAX_STRING)
		__builtin_trap();
	sink += s ? strlen(s) : 0;
}

static void record(const char *root, enum rt_ctr_runtime rt, const char *full)
{
	struct rt_ctr_ident id = {.runtime = rt};
	struct rt_ctrmeta *m = NULL;
	struct vakt_error *err = NULL;

	snprintf(id.full_id, sizeof(id.full_id), "%s", full);
	snprintf(id.id, sizeof(id.id), "%.12s", full);
	if (rt_ctrmeta_lookup(root, &id, &m, &err) < 0) {
		if (!err || m)
			__builtin_trap();
		vakt_error_free(err);
		return;
	}
	touch(m->name);
	touch(m->image);
	touch(m->image_repository);
	touch(m->image_tag);
	touch(m->image_digest);
	touch(m->k8s_ns);
	touch(m->k8s_pod);
	touch(m->image_id);
	if (m->privileged < -1 || m->privileged > 1)
		__builtin_trap();
	rt_ctrmeta_record_free(m);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rt_users *u;
	char *proc;

	if (!dir[0])
		setup();
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++)
		put(files[i], data, size);
	proc = vakt_xasprintf("%s/proc", dir);
	u = rt_users_new(proc);
	for (uint32_t id = 0; id < 4; id++) {
		touch(rt_users_user(u, 1, 7, id));
		touch(rt_users_group(u, 1, 7, id));
		touch(rt_users_home(u, 1, 7, id));
		touch(rt_users_shell(u, 1, 7, id));
	}
	touch(rt_users_user(u, 1, 7, 65534));
	rt_users_free(u);
	free(proc);
	record(dir, RT_CTR_DOCKER, ID);
	record(dir, RT_CTR_CRI, ID);
	record(dir, RT_CTR_PODMAN, ID);
	record(dir, RT_CTR_CONTAINERD, "redis");
	return 0;
}
