/* SPDX-License-Identifier: MIT */
#ifndef VAKT_RT_TEST_EVENTS_H
#define VAKT_RT_TEST_EVENTS_H

/*
 * Building syscall events by hand for the runtime's unit tests
 * (test-rt-state, test-rt-fields, test-rt-record): header only, one copy
 * per test program.
 */

#include <arpa/inet.h>
#include <string.h>

#include "runtime/rt-event.h"
#include "runtime/rt-flags.h"

static inline struct rt_event tev(enum rt_evtype type, int64_t tid, int64_t pid, int64_t res,
                                  uint64_t ts)
{
	struct rt_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.type = type;
	ev.tid = tid;
	ev.pid = pid;
	ev.res = res;
	ev.ts = ts;
	return ev;
}

static inline struct rt_arg *tev_arg(struct rt_event *ev, const char *name, enum rt_arg_kind k)
{
	struct rt_arg *a = &ev->args[ev->n_args++];

	memset(a, 0, sizeof(*a));
	a->name = name;
	a->kind = k;
	return a;
}

static inline void tev_int(struct rt_event *ev, const char *name, int64_t v, enum rt_flagset f)
{
	struct rt_arg *a = tev_arg(ev, name, RT_ARG_INT);

	a->num = v;
	a->flags = f;
}

static inline void tev_uint(struct rt_event *ev, const char *name, uint64_t v, enum rt_flagset f)
{
	struct rt_arg *a = tev_arg(ev, name, RT_ARG_UINT);

	a->num = (int64_t)v;
	a->flags = f;
}

static inline void tev_str(struct rt_event *ev, const char *name, const char *s)
{
	struct rt_arg *a = tev_arg(ev, name, RT_ARG_STR);

	a->str = s;
	a->len = strlen(s);
}

/* NUL-separated strings: give the length, the literal holds the NULs. */
static inline void tev_list(struct rt_event *ev, const char *name, const char *s, size_t len)
{
	struct rt_arg *a = tev_arg(ev, name, RT_ARG_STRLIST);

	a->str = s;
	a->len = len;
}

static inline void tev_sa(struct rt_sockaddr *sa, const char *ip, uint16_t port)
{
	memset(sa, 0, sizeof(*sa));
	if (strchr(ip, ':')) {
		sa->family = AF_INET6;
		inet_pton(AF_INET6, ip, sa->addr);
	} else {
		sa->family = AF_INET;
		inet_pton(AF_INET, ip, sa->addr);
	}
	sa->port = port;
}

static inline void tev_tuple(struct rt_event *ev, const char *name, const char *lip, uint16_t lport,
                             const char *rip, uint16_t rport, uint8_t l4)
{
	struct rt_arg *a = tev_arg(ev, name, RT_ARG_TUPLE);

	tev_sa(&a->sa, lip, lport);
	tev_sa(&a->peer, rip, rport);
	a->l4proto = l4;
}

static inline void tev_addr(struct rt_event *ev, const char *name, const char *ip, uint16_t port)
{
	struct rt_arg *a = tev_arg(ev, name, RT_ARG_SOCKADDR);

	tev_sa(&a->sa, ip, port);
}

static inline void tev_unix(struct rt_event *ev, const char *name, const char *path)
{
	struct rt_arg *a = tev_arg(ev, name, RT_ARG_SOCKADDR);

	a->sa.family = AF_UNIX;
	a->sa.path = path;
	a->sa.path_len = strlen(path);
}

#endif
