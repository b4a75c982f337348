/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer harness for the hand-written readers of the container-engine
 * probes (src/host/host-docker-*.c): the line finder over a daemon.json
 * text, the dockerd command-line merger, and the upstream version
 * comparator. The input is read three ways:
 *   - as a daemon.json text: the line of each key the probes read and of
 *     each of a list's first elements (0 or within the text's lines);
 *   - as a NUL-separated command line merged into an empty daemon (every
 *     value it keeps is a string of the input; list sizes stay bounded);
 *   - as up to three versions, one a line: reflexivity, antisymmetry and
 *     transitivity of host_version_cmp().
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "host/host-docker.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const keys[] = {"icc",       "hosts",        "insecure-registries",
                                   "tlsverify", "userns-remap", "registry-mirrors"};

static void json_lines(const char *text, size_t size)
{
	int lines = 1;

	for (size_t i = 0; i < size; i++)
		lines += text[i] == '\n';
	for (size_t k = 0; k < VAKT_ARRAY_SIZE(keys); k++) {
		int l = host_json_key_line(text, keys[k]);

		if (l < 0 || l > lines)
			__builtin_trap();
		for (size_t e = 0; e < 4; e++) {
			int el = host_json_elem_line(text, keys[k], e);

			if (el < 0 || el > lines || (el && el < l))
				__builtin_trap();
		}
	}
}

static void flags(const char *text, size_t size)
{
	const char *args[256];
	size_t n = 0;
	struct host_docker_daemon dd;

	memset(&dd, 0, sizeof(dd));
	for (size_t i = 0; i < size && n < VAKT_ARRAY_SIZE(args);) {
		args[n++] = text + i;
		i += strlen(text + i) + 1;
	}
	dd.cmdline = vakt_xstrdup("/proc/1/cmdline");
	vakt_strv_push(&dd.file_keys, "hosts");
	vakt_strv_push(&dd.file_keys, "icc");
	host_docker_apply_flags(&dd, args, n);
	if (dd.conflicts.n > 2)
		__builtin_trap();
	for (size_t k = 0; k < HOST_DK_COUNT; k++) {
		if (dd.set[k].s && strlen(dd.set[k].s) > size)
			__builtin_trap();
		free(dd.set[k].s);
		free(dd.set[k].source);
	}
	for (size_t k = 0; k < HOST_DL_COUNT; k++) {
		if (dd.list[k].n > HOST_DOCKER_MAX_LIST)
			__builtin_trap();
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

static void versions(const char *text)
{
	struct host_version v[3];
	size_t n = 0;
	const char *p = text;

	while (n < 3 && p) {
		if (host_version_parse(p, &v[n]) == 0)
			n++;
		p = strchr(p, '\n');
		p = p ? p + 1 : NULL;
	}
	for (size_t i = 0; i < n; i++) {
		if (host_version_cmp(&v[i], &v[i]) != 0)
			__builtin_trap();
		for (size_t j = 0; j < n; j++) {
			int ij = host_version_cmp(&v[i], &v[j]);

			if (ij < -1 || ij > 1 || host_version_cmp(&v[j], &v[i]) != -ij)
				__builtin_trap();
			for (size_t k = 0; k < n; k++)
				if (ij <= 0 && host_version_cmp(&v[j], &v[k]) <= 0 &&
				    host_version_cmp(&v[i], &v[k]) > 0)
					__builtin_trap();
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = vakt_xmalloc(size + 1);

	memcpy(text, data, size);
	text[size] = '\0';
	json_lines(text, strlen(text));
	flags(text, size);
	versions(text);
	free(text);
	return 0;
}
