/* SPDX-License-Identifier: MIT */
/*
 * TEMPORARY, DELETE AT MERGE (with rt-ctr-standin.h). Trivial stand-ins for
 * what other parts implement, so that this part links and tests alone:
 *   - the ctr part's rt_cgroup_ident() (here: only "/docker/<64 hex>" and
 *     "docker-<64 hex>.scope"), rt_ctrmeta_* (nothing is ever known) and
 *     rt_users_* (no names);
 *   - the lang part's rt-field.c helpers (rt_values_*, rt_fieldset_lookup(),
 *     rt_fieldset_evtype()).
 * The state engine's tests give names and container metadata through
 * rt_state_set_user_name() and rt_state_set_ctrmeta(), not through these.
 */
#include <string.h>

#include "rt-ctr-standin.h"
#include "rt-field.h"

static int hexval(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ? 1 : 0;
}

void rt_cgroup_ident(const char *cgroups, size_t len, struct rt_ctr_ident *out)
{
	memset(out, 0, sizeof(*out));
	out->runtime = RT_CTR_HOST;
	memcpy(out->id, "host", 5);
	memcpy(out->full_id, "host", 5);
	for (size_t i = 0; cgroups && i + 64 <= len; i++) {
		size_t k = 0;

		if (!((i >= 7 && memcmp(cgroups + i - 7, "docker/", 7) == 0) ||
		      (i >= 7 && memcmp(cgroups + i - 7, "docker-", 7) == 0)))
			continue;
		while (k < 64 && hexval(cgroups[i + k]))
			k++;
		if (k != 64)
			continue;
		out->runtime = RT_CTR_DOCKER;
		memcpy(out->id, cgroups + i, 12);
		out->id[12] = '\0';
		memcpy(out->full_id, cgroups + i, 64);
		out->full_id[64] = '\0';
		return;
	}
}

struct rt_ctrmeta_cache {
	int unused;
};

struct rt_ctrmeta_cache *rt_ctrmeta_new(const char *root)
{
	static struct rt_ctrmeta_cache one;

	(void)root;
	return &one;
}

const struct rt_ctrmeta *rt_ctrmeta_get(struct rt_ctrmeta_cache *c, const struct rt_ctr_ident *id)
{
	(void)c;
	(void)id;
	return NULL;
}

void rt_ctrmeta_free(struct rt_ctrmeta_cache *c)
{
	(void)c;
}

struct rt_users {
	int unused;
};

struct rt_users *rt_users_new(const char *proc_root)
{
	static struct rt_users one;

	(void)proc_root;
	return &one;
}

const char *rt_users_user(struct rt_users *u, int64_t pid, uint64_t mntns, uint32_t uid)
{
	(void)u;
	(void)pid;
	(void)mntns;
	(void)uid;
	return NULL;
}

const char *rt_users_group(struct rt_users *u, int64_t pid, uint64_t mntns, uint32_t gid)
{
	(void)u;
	(void)pid;
	(void)mntns;
	(void)gid;
	return NULL;
}

void rt_users_free(struct rt_users *u)
{
	(void)u;
}

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

		if (dl == len && memcmp(d->name, name, len) == 0)
			return d;
		if ((d->flags & RT_FIELD_ARG_DOTTED) && dl + 1 < len && name[dl] == '.' &&
		    memcmp(d->name, name, dl) == 0 && dl > best_len) {
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

		if (t && strlen(t) == len && memcmp(t, name, len) == 0)
			return i;
	}
	return 0;
}
