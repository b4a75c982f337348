/* SPDX-License-Identifier: MIT */
/*
 * DF100: an ENV that uses a variable it sets itself. BuildKit expands every
 * value of one ENV with the environment from before the instruction, so in
 * `ENV A=1 B=$A` B gets A's previous value (empty when there was none).
 */
#include <stdlib.h>

#include "df-check-build.h"

/* Longest part of a value quoted in a message. */
#define ENV_QUOTE_MAX 40

struct env_key {
	const char *name; /* borrowed */
	size_t i;         /* index of the pair */
};

static int env_key_cmp(const void *pa, const void *pb)
{
	const struct env_key *a = pa, *b = pb;
	int c = strcmp(a->name, b->name);

	if (c)
		return c;
	return a->i < b->i ? -1 : a->i > b->i;
}

/* The first pair (lowest index) setting name[0..n), or NULL. */
static const struct env_key *env_key_find(const struct env_key *v, size_t cnt, const char *name,
                                          size_t n)
{
	size_t lo = 0, hi = cnt;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strncmp(v[mid].name, name, n);

		if (c == 0 && v[mid].name[n] != '\0')
			c = 1;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < cnt && !strncmp(v[lo].name, name, n) && v[lo].name[n] == '\0')
		return &v[lo];
	return NULL;
}

static bool name_char(char c, bool first)
{
	return c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	       (!first && c >= '0' && c <= '9');
}

/* Whether value (quotes removed) is just "$name" or "${name}": the same value again. */
static bool is_reexport(const char *value, const char *name)
{
	size_t n = strlen(name);

	if (value[0] != '$')
		return false;
	if (value[1] == '{')
		return !strncmp(value + 2, name, n) && value[2 + n] == '}' && value[3 + n] == '\0';
	return !strncmp(value + 1, name, n) && value[1 + n] == '\0';
}

/*
 * The first variable of raw (as written; single quotes and \$ do not
 * expand) that an earlier pair of the same ENV sets, other than a re-export
 * of its old value; NULL when none.
 */
static const struct env_key *env_first_self_ref(const struct df_instr *in, const char *raw,
                                                size_t j, const struct env_key *keys, size_t n,
                                                char escape)
{
	bool single = false;

	for (size_t k = 0; raw[k]; k++) {
		const struct env_key *hit;
		size_t s, e;

		if (raw[k] == escape && raw[k + 1] && !single) {
			k++;
			continue;
		}
		if (raw[k] == '\'') {
			single = !single;
			continue;
		}
		if (single || raw[k] != '$')
			continue;
		s = k + 1 + (raw[k + 1] == '{');
		for (e = s; name_char(raw[e], e == s); e++)
			;
		if (e == s)
			continue;
		hit = env_key_find(keys, n, raw + s, e - s);
		if (hit && hit->i < j &&
		    !is_reexport(in->kvs[hit->i].value.value ? in->kvs[hit->i].value.value : "",
		                 hit->name))
			return hit;
		k = e - 1;
	}
	return NULL;
}

void df_check_env_self_ref(struct vakt_check_ctx *ctx)
{
	const struct df_file *f = ctx->model;

	for (size_t i = 0; i < f->n_instrs; i++) {
		const struct df_instr *in = &f->instrs[i];
		struct env_key *keys;

		if (in->kind == DF_ONBUILD && in->onbuild)
			in = in->onbuild;
		if (in->kind != DF_ENV || in->n_kvs < 2)
			continue;
		keys = vakt_xmalloc(in->n_kvs * sizeof(*keys));
		for (size_t k = 0; k < in->n_kvs; k++)
			keys[k] =
			    (struct env_key){in->kvs[k].key.value ? in->kvs[k].key.value : "", k};
		qsort(keys, in->n_kvs, sizeof(*keys), env_key_cmp);
		for (size_t j = 1; j < in->n_kvs; j++) {
			const struct df_kv *kv = &in->kvs[j];
			const struct env_key *hit;
			const char *nv;

			if (!kv->value.raw)
				continue;
			hit = env_first_self_ref(in, kv->value.raw, j, keys, in->n_kvs, f->escape);
			if (!hit)
				continue;
			nv = in->kvs[hit->i].value.value ? in->kvs[hit->i].value.value : "";
			vakt_check_emit(
			    ctx, &kv->value.span, NULL,
			    "'$%s' in the value of %s is expanded before this ENV sets %s, so "
			    "%s gets the value %s had before (empty if none), not '%.*s%s': "
			    "set %s in an ENV of its own first",
			    hit->name, kv->key.value, hit->name, kv->key.value, hit->name,
			    (int)(strlen(nv) > ENV_QUOTE_MAX ? ENV_QUOTE_MAX : strlen(nv)), nv,
			    strlen(nv) > ENV_QUOTE_MAX ? "..." : "", hit->name);
		}
		free(keys);
	}
}
