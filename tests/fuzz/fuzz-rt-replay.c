/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer harness for vakt's event format reader (src/runtime/rt-replay.c)
 * and what reads the events it gives: the state engine (rt-state*.c) and
 * every syscall field (rt-fields*.c). Each event is applied, every field
 * extracted (with a few arguments for those that take one) and every value
 * read; each event is also recorded again (rt-record.c), and that recording
 * must replay without error to the same number of events: whatever the
 * recorder writes, the reader reads.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "fuzz-common.h"
#include "runtime/rt-field.h"
#include "runtime/rt-record.h"
#include "runtime/rt-replay.h"
#include "runtime/rt-state.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Enough events to reach deep state, few enough that an input stays quick. */
#define FUZZ_MAX_EVENTS 400

static void touch_values(const struct rt_values *vs)
{
	if (vs->n > RT_VALUES_MAX || vs->used > RT_VALUES_BUF)
		__builtin_trap();
	for (size_t i = 0; i < vs->n; i++) {
		const struct rt_value *v = &vs->v[i];

		switch (v->type) {
		case RT_FT_STR:
		case RT_FT_BYTES:
			for (size_t k = 0; k < v->s.n; k++)
				fuzz_sink += (unsigned char)v->s.p[k];
			break;
		case RT_FT_IPADDR:
		case RT_FT_IPNET:
			fuzz_sink += v->net.ip.a[15] + v->net.bits;
			break;
		default:
			fuzz_sink += (size_t)v->u;
			break;
		}
	}
}

static void extract_all(const struct rt_event *ev)
{
	static const struct rt_field_arg args[] = {
	    {.has = false},
	    {.has = true, .is_index = true, .index = 0},
	    {.has = true, .is_index = true, .index = 2},
	    {.has = true, .key = "flags", .key_len = 5},
	    {.has = true, .key = "name", .key_len = 4},
	    {.has = true, .key = "fd", .key_len = 2},
	    {.has = true, .key = "memory", .key_len = 6},
	};
	static struct rt_values vs;

	for (size_t i = 0; i < rt_fields_syscall.n_defs; i++) {
		const struct rt_field_def *d = &rt_fields_syscall.defs[i];
		size_t n = (d->flags & (RT_FIELD_ARG_INDEX | RT_FIELD_ARG_KEY)) ? 7 : 1;

		for (size_t a = 0; a < n; a++) {
			if (a == 0 && (d->flags & RT_FIELD_ARG_REQUIRED))
				continue;
			rt_values_reset(&vs);
			d->extract(d, &args[a], ev, &vs);
			touch_values(&vs);
			for (size_t k = 0; k < vs.n; k++)
				if (vs.v[k].type != d->type)
					__builtin_trap();
		}
	}
}

/* Replay text; record each event to rec when given. Returns the events read, -1 when unreadable. */
static int64_t replay(const char *text, size_t len, FILE *rec_f, bool check)
{
	struct rt_state *s = rt_state_new(NULL);
	struct rt_replay *r = NULL;
	struct rt_recorder *rec = NULL;
	struct vakt_error *err = NULL;
	struct rt_event ev;
	int64_t n = 0;
	int rc;

	if (rt_replay_open_mem("fuzz", text, len, s, NULL, &r, &err) < 0) {
		if (!err || !err->msg)
			__builtin_trap();
		if (check) /* the recorder's own output must read */
			__builtin_trap();
		vakt_error_free(err);
		rt_state_free(s);
		return -1;
	}
	if (rec_f && rt_record_open(rec_f, "fuzz-rec", s, NULL, &rec, NULL) < 0)
		__builtin_trap();
	while (n < FUZZ_MAX_EVENTS && (rc = rt_replay_next(r, &ev, &err)) == 1) {
		rt_state_apply(s, &ev);
		if (!ev.state || ev.num != (uint64_t)n + 1)
			__builtin_trap();
		if (!check)
			extract_all(&ev);
		if (rec && rt_record_event(rec, &ev, NULL) < 0)
			__builtin_trap();
		n++;
	}
	if (err) {
		if (!err->msg || err->line < 1 || check)
			__builtin_trap();
		fuzz_touch_str(err->msg);
		vakt_error_free(err);
	}
	if (rec)
		rt_record_close(rec, 0, NULL);
	rt_replay_close(r);
	rt_state_free(s);
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *out = NULL;
	size_t out_len = 0;
	FILE *f = open_memstream(&out, &out_len);
	int64_t n;

	if (!f)
		return 0;
	n = replay((const char *)data, size, f, false);
	fclose(f);
	if (n >= 0 && replay(out, out_len, NULL, true) != n)
		__builtin_trap();
	free(out);
	return 0;
}
