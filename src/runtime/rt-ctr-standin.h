/* SPDX-License-Identifier: MIT */
#ifndef VAKT_RT_CTR_STANDIN_H
#define VAKT_RT_CTR_STANDIN_H

/*
 * TEMPORARY, DELETE AT MERGE. The ctr part's API (rt-cgroup.h, rt-ctrmeta.h,
 * rt-users.h) exactly as the brief gives it, so that the state engine and the
 * fields compile and test before that part is merged. At merge: delete this
 * file and rt-ctr-standin.c, and in rt-state.h replace
 *   #include "rt-ctr-standin.h"
 * with
 *   #include "rt-cgroup.h"
 *   #include "rt-ctrmeta.h"
 *   #include "rt-users.h"
 */

#include <stddef.h>
#include <stdint.h>

enum rt_ctr_runtime {
	RT_CTR_HOST,
	RT_CTR_DOCKER,
	RT_CTR_CRI,
	RT_CTR_CONTAINERD,
	RT_CTR_PODMAN,
	RT_CTR_LXC,
};

struct rt_ctr_ident {
	enum rt_ctr_runtime runtime;
	char id[65]; /* 12 hex, lxc name, or "host" */
	char full_id[65];
};

void rt_cgroup_ident(const char *cgroups, size_t len, struct rt_ctr_ident *out);

struct rt_ctrmeta {
	const char *name, *image, *image_repository, *image_tag, *image_digest, *k8s_ns, *k8s_pod;
	int privileged; /* -1 unknown */
};
struct rt_ctrmeta_cache;
struct rt_ctrmeta_cache *rt_ctrmeta_new(const char *root);
const struct rt_ctrmeta *rt_ctrmeta_get(struct rt_ctrmeta_cache *c, const struct rt_ctr_ident *id);
void rt_ctrmeta_free(struct rt_ctrmeta_cache *c);

struct rt_users;
struct rt_users *rt_users_new(const char *proc_root);
const char *rt_users_user(struct rt_users *u, int64_t pid, uint64_t mntns, uint32_t uid);
const char *rt_users_group(struct rt_users *u, int64_t pid, uint64_t mntns, uint32_t gid);
void rt_users_free(struct rt_users *u);

#endif
