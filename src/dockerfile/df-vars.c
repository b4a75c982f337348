/* SPDX-License-Identifier: MIT */
/*
 * ARG and ENV values with BuildKit's scoping, for expanding $VAR at any
 * instruction:
 * - a global ARG (before the first FROM) is visible in FROM lines, and inside
 *   a stage only once re-declared there as `ARG NAME` without a value;
 * - --build-arg NAME=VALUE overrides an ARG's default;
 * - ENV beats ARG, and a stage built FROM an earlier stage inherits its ENV
 *   (not its ARGs);
 * - values are expanded when defined, against what was visible before the
 *   defining instruction; anything that depends on an unknown value (the
 *   base image's environment, an undeclared or unset ARG) is undefined.
 *
 * Each (stage, ENV or ARG, name) keeps its definitions in instruction order,
 * so a lookup is a hash probe plus a binary search.
 */
#include "df-expand.h"
#include "df-parse-priv.h"

struct df_var_def {
	size_t at;         /* instruction index of the definition */
	const char *value; /* arena; NULL when undefined or unresolved */
};

struct df_var_slot {
	bool used;
	bool env;
	int stage;
	uint64_t hash;
	const char *name; /* arena, NUL-terminated */
	size_t len;
	struct df_var_def *defs; /* owned */
	size_t n, cap;
};

static uint64_t vars_hash(int stage, bool env, const char *name, size_t len)
{
	uint64_t h = 0xcbf29ce484222325ull;

	for (size_t i = 0; i < len; i++) {
		h ^= (unsigned char)name[i];
		h *= 0x100000001b3ull;
	}
	h ^= (uint64_t)(unsigned)stage * 0x9e3779b97f4a7c15ull;
	h ^= env ? 0x5bd1e995ull : 0;
	return h;
}

static struct df_var_slot *vars_find(const struct df_vars *v, int stage, bool env, const char *name,
                                     size_t len, uint64_t h)
{
	size_t mask, i;

	if (!v->cap)
		return NULL;
	mask = v->cap - 1;
	for (i = h & mask;; i = (i + 1) & mask) {
		struct df_var_slot *s = &v->slots[i];

		if (!s->used)
			return s;
		if (s->hash == h && s->stage == stage && s->env == env && s->len == len &&
		    !memcmp(s->name, name, len))
			return s;
	}
}

static void vars_grow(struct df_vars *v)
{
	struct df_var_slot *old = v->slots;
	size_t old_cap = v->cap;

	v->cap = old_cap ? old_cap * 2 : 64;
	v->slots = vakt_xcalloc(v->cap, sizeof(*v->slots));
	for (size_t i = 0; i < old_cap; i++) {
		if (!old[i].used)
			continue;
		*vars_find(v, old[i].stage, old[i].env, old[i].name, old[i].len, old[i].hash) =
		    old[i];
	}
	free(old);
}

static void vars_set(struct df_file_priv *fp, int stage, bool env, const char *name, size_t at,
                     const char *value)
{
	struct df_vars *v = &fp->vars;
	size_t len = strlen(name);
	uint64_t h = vars_hash(stage, env, name, len);
	struct df_var_slot *s;

	if ((v->n + 1) * 2 > v->cap)
		vars_grow(v);
	s = vars_find(v, stage, env, name, len, h);
	if (!s->used) {
		s->used = true;
		s->env = env;
		s->stage = stage;
		s->hash = h;
		s->name = name;
		s->len = len;
		v->n++;
	}
	s->defs = vakt_grow(s->defs, sizeof(*s->defs), s->n + 1, &s->cap);
	s->defs[s->n].at = at;
	s->defs[s->n].value = value;
	s->n++;
}

/* The last definition before instruction `before`; NULL when none. */
static const struct df_var_def *vars_get(const struct df_vars *v, int stage, bool env,
                                         const char *name, size_t len, size_t before)
{
	const struct df_var_slot *s =
	    vars_find(v, stage, env, name, len, vars_hash(stage, env, name, len));
	size_t lo = 0, hi;

	if (!s || !s->used || !s->n || s->defs[0].at >= before)
		return NULL;
	hi = s->n;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (s->defs[mid].at < before)
			lo = mid;
		else
			hi = mid;
	}
	return &s->defs[lo];
}

static const char *vars_lookup(const struct df_file *f, int stage, size_t at, const char *name,
                               size_t len)
{
	const struct df_vars *v = &df_file_priv(f)->vars;
	const struct df_var_def *d;
	int s = stage;
	size_t before = at;

	if (stage < 0) {
		d = vars_get(v, -1, false, name, len, at);
		return d ? d->value : NULL;
	}
	if ((size_t)stage >= f->n_stages)
		return NULL;
	/* ENV of this stage, then of the stages it is built FROM. */
	for (int hops = 0; s >= 0; hops++) {
		if (hops > DF_MAX_ENV_CHAIN)
			return NULL; /* too far up to follow: unknown */
		d = vars_get(v, s, true, name, len, before);
		if (d)
			return d->value;
		if (f->stages[s].parent < 0 || f->stages[s].parent >= s)
			break;
		before = f->stages[f->stages[s].parent].end;
		s = f->stages[s].parent;
	}
	d = vars_get(v, stage, false, name, len, at);
	return d ? d->value : NULL;
}

struct vars_scope {
	const struct df_file *f;
	int stage;
	size_t at;
};

static const char *vars_lookup_cb(const char *name, size_t len, void *data)
{
	const struct vars_scope *sc = data;

	return vars_lookup(sc->f, sc->stage, sc->at, name, len);
}

const char *df_file_lookup(const struct df_file *f, int stage, size_t at, const char *name)
{
	return vars_lookup(f, stage, at, name, strlen(name));
}

char *df_file_expand(const struct df_file *f, int stage, size_t at, const char *s, bool *unresolved)
{
	struct vars_scope sc = {f, stage, at};

	return df_expand(s, f->escape, vars_lookup_cb, &sc, unresolved);
}

/* The value of --build-arg NAME=VALUE for name, or NULL. */
static const char *vars_build_arg(const struct vakt_strv *ba, const char *name)
{
	size_t len = strlen(name);

	if (!ba)
		return NULL;
	/* The last one given wins, as with repeated --build-arg. */
	for (size_t i = ba->n; i-- > 0;)
		if (!strncmp(ba->v[i], name, len) && ba->v[i][len] == '=')
			return ba->v[i] + len + 1;
	return NULL;
}

/* A word's value as defined at instruction `at` of `stage`, in the arena. */
static const char *vars_value(struct df_parser *p, int stage, size_t at, const struct df_word *w)
{
	bool unresolved = false;
	char *x;
	const char *r;

	if (!strchr(w->raw, '$'))
		return w->value;
	x = df_file_expand(p->f, stage, at, w->raw, &unresolved);
	r = unresolved ? NULL : df_arena_strndup(&p->fp->arena, x, strlen(x));
	free(x);
	return r;
}

void df_vars_eval_instr(struct df_parser *p, size_t at)
{
	const struct df_instr *in = &p->f->instrs[at];
	int stage = in->stage;

	if (in->kind != DF_ARG && (in->kind != DF_ENV || stage < 0))
		return;
	/* All pairs see the values from before this instruction. */
	for (size_t i = 0; i < in->n_kvs; i++) {
		const struct df_kv *kv = &in->kvs[i];
		const char *name = kv->key.value, *val;
		const struct df_var_def *g;

		if (in->kind == DF_ENV) {
			val = kv->value.raw ? vars_value(p, stage, at, &kv->value) : NULL;
		} else if ((val = vars_build_arg(p->build_args, name))) {
			/* --build-arg wins over any default; the model keeps its own copy. */
			val = df_arena_strndup(&p->fp->arena, val, strlen(val));
		} else if (kv->value.raw) {
			val = vars_value(p, stage, at, &kv->value);
		} else if (stage >= 0 &&
		           (g = vars_get(&p->fp->vars, -1, false, name, strlen(name), SIZE_MAX))) {
			val = g->value; /* ARG NAME re-declares the global one */
		} else {
			val = NULL;
		}
		vars_set(p->fp, stage, in->kind == DF_ENV, name, at, val);
	}
}

void df_vars_release(struct df_vars *v)
{
	for (size_t i = 0; i < v->cap; i++)
		free(v->slots[i].defs);
	free(v->slots);
	memset(v, 0, sizeof(*v));
}

char *df_file_expand_known(const struct df_file *f, int stage, size_t at, const char *s)
{
	bool unresolved = false;
	char *r;

	if (!strchr(s, '$'))
		return vakt_xstrdup(s);
	if (stage < 0)
		return NULL;
	r = df_file_expand(f, stage, at, s, &unresolved);
	if (unresolved) {
		free(r);
		return NULL;
	}
	return r;
}

char *df_file_word(const struct df_file *f, int stage, size_t at, const struct df_word *w,
                   bool exec_form)
{
	const char *raw = w->raw ? w->raw : "";

	if (!strchr(raw, '$'))
		return vakt_xstrdup(w->value ? w->value : raw);
	return df_file_expand_known(f, stage, at, exec_form && w->value ? w->value : raw);
}
