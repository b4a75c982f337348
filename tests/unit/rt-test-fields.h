/* SPDX-License-Identifier: MIT */
#ifndef VAKT_RT_TEST_FIELDS_H
#define VAKT_RT_TEST_FIELDS_H

/*
 * Reading a syscall field of an event in the runtime's unit tests
 * (test-rt-fields, test-rt-record): S(ev, "proc.aname[2]") is the value as
 * text, "<NA>" when the field has none, "a|b" when it has several. Include
 * after cmocka.h. Header only, one copy per test program.
 */

#include <arpa/inet.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "runtime/rt-field.h"

static struct rt_values vals;

/* Extract "name", "name[arg]" or a dotted "evt.arg.flags" for ev into vals. */
static inline const struct rt_values *fx(const struct rt_event *ev, const char *spec)
{
	const char *br = strchr(spec, '[');
	size_t nlen = br ? (size_t)(br - spec) : strlen(spec), dl = 0;
	const char *dk = NULL;
	const struct rt_field_def *d = rt_fieldset_lookup(&rt_fields_syscall, spec, nlen, &dk, &dl);
	struct rt_field_arg a = {0};
	static char key[128];

	if (!d)
		fail_msg("no field '%s'", spec);
	if (dk) {
		a.has = true;
		memcpy(key, dk, dl);
		key[dl] = '\0';
		a.key = key;
		a.key_len = dl;
	} else if (br) {
		size_t kl = strlen(br + 1) - 1;
		char *end;

		memcpy(key, br + 1, kl);
		key[kl] = '\0';
		a.has = true;
		a.index = strtol(key, &end, 10);
		a.is_index = *end == '\0' && kl > 0;
		a.key = key;
		a.key_len = kl;
	}
	rt_values_reset(&vals);
	d->extract(d, &a, ev, &vals);
	for (size_t i = 0; i < vals.n; i++)
		if (vals.v[i].type != d->type)
			fail_msg("field '%s' gave a value of type %d, not %d", spec, vals.v[i].type,
			         d->type);
	return &vals;
}

/* One value as text ("<NA>" when none, "a|b" for several). */
static inline const char *S(const struct rt_event *ev, const char *spec)
{
	static char buf[8192];
	const struct rt_values *v = fx(ev, spec);
	size_t len = 0;

	if (v->n == 0)
		return "<NA>";
	buf[0] = '\0';
	for (size_t i = 0; i < v->n; i++) {
		const struct rt_value *x = &v->v[i];
		char ip[64];

		if (i)
			len += (size_t)snprintf(buf + len, sizeof(buf) - len, "|");
		switch (x->type) {
		case RT_FT_STR:
		case RT_FT_BYTES:
			len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%.*s", (int)x->s.n,
			                        x->s.p);
			break;
		case RT_FT_U64:
		case RT_FT_ABSTIME:
		case RT_FT_RELTIME:
			len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%" PRIu64, x->u);
			break;
		case RT_FT_I64:
			len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%" PRId64, x->i);
			break;
		case RT_FT_BOOL:
			len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s",
			                        x->b ? "true" : "false");
			break;
		case RT_FT_IPADDR:
		case RT_FT_IPNET:
			inet_ntop(x->ip.family == AF_INET6 ? AF_INET6 : AF_INET, x->ip.a, ip,
			          sizeof(ip));
			len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s", ip);
			if (x->type == RT_FT_IPNET)
				len += (size_t)snprintf(buf + len, sizeof(buf) - len, "/%u",
				                        x->net.bits);
			break;
		}
	}
	return buf;
}

#endif
