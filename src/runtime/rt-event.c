/* SPDX-License-Identifier: MIT */
/*
 * The event type table (from the RT_EVTYPES X-macro in rt-event.h) and the
 * lookup of an event's argument by name.
 */
#include <string.h>

#include "rt-event.h"

static const char *const evtype_names[RT_EV_COUNT] = {[RT_EV_NONE] = NULL,
#define RT_EV_NAME(e, s) [RT_EV_##e] = s,
                                                      RT_EVTYPES(RT_EV_NAME)
#undef RT_EV_NAME
};

/* Name lengths, so that a lookup compares a length and a byte before any memcmp. */
static const unsigned char evtype_lens[RT_EV_COUNT] = {[RT_EV_NONE] = 0,
#define RT_EV_LEN(e, s) [RT_EV_##e] = sizeof(s) - 1,
                                                       RT_EVTYPES(RT_EV_LEN)
#undef RT_EV_LEN
};

const char *rt_evtype_name(enum rt_evtype t)
{
	if ((int)t <= RT_EV_NONE || t >= RT_EV_COUNT)
		return NULL;
	return evtype_names[t];
}

enum rt_evtype rt_evtype_lookup(const char *name, size_t len)
{
	if (!name)
		return RT_EV_NONE;
	/* 77 short names: a scan on length and first byte, a replay's every event. */
	if (len == 0)
		return RT_EV_NONE;
	for (int t = RT_EV_NONE + 1; t < RT_EV_COUNT; t++) {
		const char *n = evtype_names[t];

		if (evtype_lens[t] == len && n[0] == name[0] && memcmp(n, name, len) == 0)
			return (enum rt_evtype)t;
	}
	return RT_EV_NONE;
}

const struct rt_arg *rt_event_arg(const struct rt_event *ev, const char *name)
{
	uint32_t n;

	if (!ev || !name)
		return NULL;
	n = ev->n_args < RT_ARGS_MAX ? ev->n_args : RT_ARGS_MAX;
	for (uint32_t i = 0; i < n; i++) {
		const char *an = ev->args[i].name;

		/*
		 * Names are static strings: the same pointer is the common case
		 * live; a replay's point into its lines, where the first byte
		 * spares most calls to strcmp.
		 */
		if (an == name || (an && an[0] == name[0] && strcmp(an, name) == 0))
			return &ev->args[i];
	}
	return NULL;
}
