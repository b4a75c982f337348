/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer harness for container identity (rt-cgroup.c): the input is read
 * as Falco's cgroups parameter or /proc/PID/cgroup text, whole and as one
 * path. Whatever it says, the id is "host" or at most 64 bytes of the
 * input, and a runc-style id is 12 characters.
 */
#include <stdint.h>
#include <string.h>

#include "runtime/rt-cgroup.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(const struct rt_ctr_ident *id)
{
	size_t n = strnlen(id->id, sizeof(id->id)), f = strnlen(id->full_id, sizeof(id->full_id));

	if (n == 0 || n > 64 || f == 0 || f > 64 || n > f)
		__builtin_trap();
	if (id->runtime == RT_CTR_HOST && (strcmp(id->id, "host") || strcmp(id->full_id, "host")))
		__builtin_trap();
	if (id->runtime != RT_CTR_HOST && id->runtime != RT_CTR_LXC && n > 12)
		__builtin_trap();
	if (strncmp(id->id, id->full_id, n) != 0)
		__builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rt_ctr_ident id;

	rt_cgroup_ident((const char *)data, size, &id);
	check(&id);
	rt_cgroup_match_path((const char *)data, size, &id);
	check(&id);
	return 0;
}
