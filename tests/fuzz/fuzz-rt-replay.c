/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer harness for vakt's event format reader (src/runtime/rt-replay.c)
 * and what reads the events it gives: the state engine (rt-state*.c) and
 * every syscall field (rt-fields*.c). Each event is applied, every field
 * extracted (with a few arguments for those that take one) and every value
 * read. The input is read twice in step, with the reader's fast path on the
 * replay pipe's thread and with the general reader on this one: both must
 * give the same events and the same end. Each event is also
 * recorded again (rt-record.c), and that recording must replay without error
 * to the same number of events: whatever the recorder writes, the reader
 * reads.
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

static void same_bytes(const char *a, size_t an, const char *b, size_t bn)
{
	if (an != bn || (an && (!a || !b || memcmp(a, b, an) != 0)))
		__builtin_trap();
}

static void same_sa(const struct rt_sockaddr *a, const struct rt_sockaddr *b)
{
	if (a->family != b->family || a->port != b->port || memcmp(a->addr, b->addr, 16) != 0)
		__builtin_trap();
	same_bytes(a->path, a->path ? a->path_len : 0, b->path, b->path ? b->path_len : 0);
}

/* The fast path and the general reader agree on every event. */
static void same_event(const struct rt_event *a, const struct rt_event *b)
{
	if (a->type != b->type || a->ts != b->ts || a->tid != b->tid || a->pid != b->pid ||
	    a->cpu != b->cpu || a->res != b->res || a->n_args != b->n_args)
		__builtin_trap();
	for (uint32_t i = 0; i < a->n_args; i++) {
		const struct rt_arg *x = &a->args[i], *y = &b->args[i];

		if (!x->name || !y->name || strcmp(x->name, y->name) != 0 || x->kind != y->kind ||
		    x->flags != y->flags || x->num != y->num || x->l4proto != y->l4proto)
			__builtin_trap();
		same_bytes(x->str, x->str ? x->len : 0, y->str, y->str ? y->len : 0);
		same_sa(&x->sa, &y->sa);
		same_sa(&x->peer, &y->peer);
	}
}

static struct rt_replay *open_text(const char *text, size_t len, struct rt_state *s, bool general)
{
	/* The fast path on the replay pipe's thread, the general reader on this one. */
	struct rt_replay_opts o = {.general_only = general, .threads = general ? 1 : 2};
	struct rt_replay *r = NULL;
	struct vakt_error *err = NULL;

	if (rt_replay_open_mem("fuzz", text, len, s, &o, &r, &err) < 0) {
		if (!err || !err->msg)
			__builtin_trap();
		vakt_error_free(err);
		return NULL;
	}
	return r;
}

/* Replay text both ways in step, recording to rec_f. Returns the events, -1 when unreadable. */
static int64_t replay_both(const char *text, size_t len, FILE *rec_f)
{
	struct rt_state *s = rt_state_new(NULL), *s2 = rt_state_new(NULL);
	struct rt_replay *r = open_text(text, len, s, false), *r2 = open_text(text, len, s2, true);
	struct rt_recorder *rec = NULL;
	struct vakt_error *err = NULL, *err2 = NULL;
	static struct rt_event ev, ev2;
	int64_t n = 0;
	int rc = 0, rc2 = 0;

	if (!r || !r2) {
		if (r || r2)
			__builtin_trap();
		rt_state_free(s);
		rt_state_free(s2);
		return -1;
	}
	if (rt_record_open(rec_f, "fuzz-rec", s, NULL, &rec, NULL) < 0)
		__builtin_trap();
	while (n < FUZZ_MAX_EVENTS) {
		rc = rt_replay_next(r, &ev, &err);
		rc2 = rt_replay_next(r2, &ev2, &err2);
		if (rc != rc2)
			__builtin_trap();
		if (rc != 1)
			break;
		same_event(&ev, &ev2);
		rt_state_apply(s, &ev);
		rt_state_apply(s2, &ev2);
		if (!ev.state || ev.num != (uint64_t)n + 1)
			__builtin_trap();
		extract_all(&ev);
		if (rt_record_event(rec, &ev, NULL) < 0)
			__builtin_trap();
		n++;
	}
	if ((err == NULL) != (err2 == NULL) || (err && (err->line < 1 || err->line != err2->line)))
		__builtin_trap();
	if (err)
		fuzz_touch_str(err->msg);
	vakt_error_free(err);
	vakt_error_free(err2);
	rt_record_close(rec, 0, NULL);
	rt_replay_close(r);
	rt_replay_close(r2);
	rt_state_free(s);
	rt_state_free(s2);
	return n;
}

/* Replay a recording vakt wrote: it must read to the end without error. */
static int64_t replay_own(const char *text, size_t len)
{
	struct rt_state *s = rt_state_new(NULL);
	struct rt_replay *r = open_text(text, len, s, false);
	struct vakt_error *err = NULL;
	struct rt_event ev;
	int64_t n = 0;

	if (!r)
		__builtin_trap();
	while (rt_replay_next(r, &ev, &err) == 1) {
		rt_state_apply(s, &ev);
		n++;
	}
	if (err)
		__builtin_trap();
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
	n = replay_both((const char *)data, size, f);
	fclose(f);
	if (n >= 0 && replay_own(out, out_len) != n)
		__builtin_trap();
	free(out);
	return 0;
}
