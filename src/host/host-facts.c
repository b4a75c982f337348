/* SPDX-License-Identifier: MIT */
/*
 * Collecting the host's facts: the system probes and the container-engine
 * probes wait on different things (a steal-time sample, a command with a
 * timeout), so they run on two threads, each into its own observations and
 * warnings, joined afterwards in a fixed order so the output is stable.
 */
#include "host-facts.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

struct part {
	const struct host_root *root;
	struct host_facts *f;
	struct host_observations obs;
	struct vakt_error_list warnings;
};

static void *collect_docker(void *arg)
{
	struct part *p = arg;

	host_docker_collect(p->root, &p->f->docker, &p->obs, &p->warnings);
	return NULL;
}

/* Move every entry of from to the end of to. */
static void join_parts(struct host_observations *to, struct host_observations *from)
{
	for (size_t i = 0; i < from->n; i++) {
		to->v = vakt_grow(to->v, sizeof(*to->v), to->n + 1, &to->cap);
		to->v[to->n++] = from->v[i];
	}
	free(from->v);
	memset(from, 0, sizeof(*from));
}

void host_facts_collect(const struct host_root *root, struct host_facts *f,
                        struct vakt_error_list *warnings)
{
	struct part docker = {.root = root, .f = f};
	struct host_observations sys_obs = {0};
	struct vakt_error_list sys_warn = {0};
	pthread_t t;
	bool threaded;

	f->root = root;
	threaded = pthread_create(&t, NULL, collect_docker, &docker) == 0;
	host_sys_collect(root, &f->sys, &sys_obs, &sys_warn);
	if (threaded)
		pthread_join(t, NULL);
	else
		collect_docker(&docker);
	join_parts(&f->obs, &sys_obs);
	join_parts(&f->obs, &docker.obs);
	vakt_error_list_take(warnings, &sys_warn);
	vakt_error_list_take(warnings, &docker.warnings);
	vakt_error_list_release(&sys_warn);
	vakt_error_list_release(&docker.warnings);
}

void host_facts_release(struct host_facts *f)
{
	host_observations_release(&f->obs);
	host_sys_release(&f->sys);
	host_docker_release(&f->docker);
	memset(f, 0, sizeof(*f));
}
