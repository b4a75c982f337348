/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer harness for the probe's record decoder (src/runtime/rt-probe-decode.c).
 * The input is one ring record, its header's length patched to the input's
 * so that the fuzzer reaches the parameters. Checked:
 *   - a failure is -EBADMSG, -E2BIG (only above RT_PROBE_REC_CEILING) or
 *     -ENOENT;
 *   - a success has at most RT_ARGS_MAX arguments, each named, and every
 *     string, list and unix path it points to lies inside the input, which
 *     is read through so that the sanitizers see a bad pointer.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/bpf/vakt-probe.h"
#include "runtime/rt-probe.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static volatile size_t sink;

/* n bytes at p lie inside the record: read them. */
static void check_span(const uint8_t *buf, size_t size, const char *p, size_t n)
{
	if (!p || (const uint8_t *)p < buf || (const uint8_t *)p + n > buf + size)
		__builtin_trap();
	for (size_t i = 0; i < n; i++)
		sink += (unsigned char)p[i];
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rt_event ev;
	uint8_t *buf = malloc(size ? size : 1);
	int rc;

	memcpy(buf, data, size);
	if (size >= sizeof(struct vakt_rec)) {
		uint32_t len = (uint32_t)size;

		memcpy(buf + offsetof(struct vakt_rec, len), &len, sizeof(len));
	}
	rc = rt_probe_decode(buf, size, 0, &ev);
	if (rc != 0) {
		if (rc != -EBADMSG && rc != -E2BIG && rc != -ENOENT)
			__builtin_trap();
		if (rc == -E2BIG && size <= RT_PROBE_REC_CEILING)
			__builtin_trap();
		free(buf);
		return 0;
	}
	if (ev.n_args > RT_ARGS_MAX || ev.type <= RT_EV_NONE || ev.type >= RT_EV_COUNT)
		__builtin_trap();
	for (uint32_t i = 0; i < ev.n_args; i++) {
		const struct rt_arg *a = &ev.args[i];

		if (!a->name || !a->name[0])
			__builtin_trap();
		if (a->kind == RT_ARG_STR || a->kind == RT_ARG_STRLIST || a->kind == RT_ARG_BYTES) {
			if (a->len)
				check_span(buf, size, a->str, a->len);
		}
		if (a->sa.path_len)
			check_span(buf, size, a->sa.path, a->sa.path_len);
		if (a->peer.path_len)
			check_span(buf, size, a->peer.path, a->peer.path_len);
		sink += (size_t)a->num;
	}
	free(buf);
	return 0;
}
