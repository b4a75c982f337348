/* SPDX-License-Identifier: MIT */
/* The helpers rt-field.h declares: field and event type lookup, value lists. */
#include <string.h>

#include "rt-field.h"

void rt_values_reset(struct rt_values *vs)
{
	vs->n = 0;
	vs->used = 0;
}

char *rt_values_alloc(struct rt_values *vs, size_t len)
{
	char *p;

	if (len >= RT_VALUES_BUF || vs->used > RT_VALUES_BUF - 1 - len)
		return NULL;
	p = vs->buf + vs->used;
	vs->used += len + 1;
	p[len] = '\0';
	return p;
}

bool rt_values_add(struct rt_values *vs, const struct rt_value *v)
{
	if (vs->n >= RT_VALUES_MAX)
		return false;
	vs->v[vs->n++] = *v;
	return true;
}

bool rt_values_add_str(struct rt_values *vs, const char *p, size_t n)
{
	struct rt_value v = {.type = RT_FT_STR};

	v.s.p = p;
	v.s.n = n;
	return rt_values_add(vs, &v);
}

bool rt_values_add_u64(struct rt_values *vs, enum rt_ftype type, uint64_t u)
{
	struct rt_value v = {.type = type};

	v.u = u;
	return rt_values_add(vs, &v);
}

bool rt_values_add_i64(struct rt_values *vs, int64_t i)
{
	struct rt_value v = {.type = RT_FT_I64};

	v.i = i;
	return rt_values_add(vs, &v);
}

bool rt_values_add_bool(struct rt_values *vs, bool b)
{
	struct rt_value v = {.type = RT_FT_BOOL};

	v.b = b;
	return rt_values_add(vs, &v);
}

const struct rt_field_def *rt_fieldset_lookup(const struct rt_fieldset *fs, const char *name,
                                              size_t len, const char **dotted_key,
                                              size_t *dotted_len)
{
	const struct rt_field_def *best = NULL;
	size_t best_len = 0;

	if (dotted_key)
		*dotted_key = NULL;
	if (dotted_len)
		*dotted_len = 0;
	for (size_t i = 0; i < fs->n_defs; i++) {
		const struct rt_field_def *d = &fs->defs[i];
		size_t dl = strlen(d->name);

		if (dl == len && !memcmp(d->name, name, len))
			return d;
		/* evt.arg.flags: the longest dotted field followed by '.' and a key. */
		if ((d->flags & RT_FIELD_ARG_DOTTED) && dl + 1 < len && name[dl] == '.' &&
		    !memcmp(d->name, name, dl) && dl > best_len) {
			best = d;
			best_len = dl;
		}
	}
	if (best) {
		if (dotted_key)
			*dotted_key = name + best_len + 1;
		if (dotted_len)
			*dotted_len = len - best_len - 1;
	}
	return best;
}

size_t rt_fieldset_evtype(const struct rt_fieldset *fs, const char *name, size_t len)
{
	for (size_t i = 1; i < fs->n_evtypes; i++) {
		const char *t = fs->evtypes[i];

		if (t && strlen(t) == len && !memcmp(t, name, len))
			return i;
	}
	return 0;
}
