/* SPDX-License-Identifier: MIT */
/*
 * The stage graph: one stage per FROM, its base image after global ARG
 * substitution, the earlier stage it is built on, the stages it copies from
 * (COPY --from, RUN --mount=...,from=), the final stage and what it needs.
 * Name lookups go through a small hash table, kept with the file for the
 * rules (df_file_find_stage()), so that files with thousands of stages stay
 * linear.
 */
#include "df-parse-priv.h"

static uint64_t names_hash(const char *s, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ull;

	for (size_t i = 0; i < n; i++) {
		char c = s[i] >= 'A' && s[i] <= 'Z' ? (char)(s[i] - 'A' + 'a') : s[i];

		h ^= (unsigned char)c;
		h *= 0x100000001b3ull;
	}
	return h;
}

/* Slot for name (case-insensitive): holding it, or the empty one to fill. */
static int *names_slot(const struct df_stage_names *t, const struct df_file *f, const char *s,
                       size_t n)
{
	size_t mask = t->cap - 1;

	for (size_t i = names_hash(s, n) & mask;; i = (i + 1) & mask) {
		int *slot = &t->slots[i];
		const char *name;

		if (!*slot)
			return slot;
		name = f->stages[*slot - 1].name;
		if (strlen(name) == n && !vakt_strncasecmp(name, s, n))
			return slot;
	}
}

static void names_add(struct df_stage_names *t, const struct df_file *f, int index)
{
	const char *name = f->stages[index].name;
	int *slot;

	if (!name)
		return;
	slot = names_slot(t, f, name, strlen(name));
	if (!*slot)
		*slot = index + 1;
}

static int names_find(const struct df_stage_names *t, const struct df_file *f, const char *s)
{
	return *names_slot(t, f, s, strlen(s)) - 1;
}

/* A stage named by --from / from=: a name or an index, earlier than `cur`. */
static int stage_ref(const struct df_stage_names *names, const struct df_file *f, const char *ref,
                     int cur)
{
	long idx;
	int r;

	if (!*ref)
		return -1;
	if (!vakt_parse_long(ref, 0, INT32_MAX, &idx))
		return idx < cur ? (int)idx : -1;
	r = names_find(names, f, ref);
	return r < cur ? r : -1;
}

static char *stage_lower(struct df_arena *a, const char *s)
{
	size_t n = strlen(s);
	char *r = df_arena_alloc(a, n + 1);

	for (size_t i = 0; i <= n; i++)
		r[i] = s[i] >= 'A' && s[i] <= 'Z' ? (char)(s[i] - 'A' + 'a') : s[i];
	return r;
}

static void stage_open(struct df_parser *p, struct df_stage_names *names, size_t at)
{
	struct df_file *f = p->f;
	struct df_file_priv *fp = p->fp;
	struct df_instr *in = &f->instrs[at];
	struct df_stage *st;
	bool unresolved = false;
	int index = (int)f->n_stages;

	f->stages = vakt_grow(f->stages, sizeof(*f->stages), f->n_stages + 1, &fp->cap_stages);
	st = &f->stages[f->n_stages++];
	memset(st, 0, sizeof(*st));
	st->index = index;
	st->from = at;
	st->end = at + 1;
	st->parent = -1;
	st->image = in->n_args ? &in->args[0] : &fp->empty_image;
	if (in->n_args == 3 && !vakt_strcasecmp(in->args[1].value, "as"))
		st->name = stage_lower(&fp->arena, in->args[2].value);
	in->stage = index;
	if (!in->n_args) {
		st->unresolved = true;
	} else if (!strchr(st->image->raw, '$')) {
		st->base = st->image->value;
	} else {
		/* FROM sees only the global ARGs (and --build-arg). */
		char *x = df_file_expand(f, -1, at, st->image->raw, &unresolved);

		if (unresolved)
			st->unresolved = true;
		else
			st->base = df_arena_strndup(&fp->arena, x, strlen(x));
		free(x);
	}
	if (st->base && f->n_stages > 1)
		st->parent = names_find(names, f, st->base);
	names_add(names, f, index);
}

/* The from= key of a --mount value ("type=bind,from=builder,target=/x"). */
static char *stage_mount_from(const char *v)
{
	while (v && *v) {
		const char *comma = strchr(v, ',');
		size_t n = comma ? (size_t)(comma - v) : strlen(v);

		if (n > 5 && !vakt_strncasecmp(v, "from=", 5))
			return vakt_xstrndup(v + 5, n - 5);
		v = comma ? comma + 1 : NULL;
	}
	return NULL;
}

/* The stages the current stage copies from, gathered until the next FROM. */
struct stage_refs {
	int *v;
	size_t n, cap;
	int *marks; /* marks[s] == stage + 1 once s is recorded for stage */
};

static void stage_refs_flush(struct df_parser *p, struct stage_refs *r, int stage)
{
	struct df_stage *st;

	if (stage < 0 || !r->n)
		return;
	st = &p->f->stages[stage];
	st->copies_from = df_arena_memdup(&p->fp->arena, r->v, r->n * sizeof(*r->v));
	st->n_copies_from = r->n;
	r->n = 0;
}

/* Record a stage the current one copies from (each once). */
static void stage_copy_ref(struct df_parser *p, const struct df_stage_names *names,
                           struct stage_refs *r, size_t at, const char *ref)
{
	struct df_file *f = p->f;
	int cur = f->instrs[at].stage, s;
	char *x = NULL;
	bool unresolved = false;

	if (strchr(ref, '$')) {
		x = df_file_expand(f, cur, at, ref, &unresolved);
		if (unresolved) {
			free(x);
			return;
		}
		ref = x;
	}
	s = stage_ref(names, f, ref, cur);
	free(x);
	if (s < 0 || r->marks[s] == cur + 1)
		return;
	r->marks[s] = cur + 1;
	r->v = vakt_grow(r->v, sizeof(*r->v), r->n + 1, &r->cap);
	r->v[r->n++] = s;
}

static void stage_copies(struct df_parser *p, const struct df_stage_names *names,
                         struct stage_refs *r, size_t at)
{
	const struct df_instr *in = &p->f->instrs[at];

	if (in->stage < 0)
		return;
	for (size_t i = 0; i < in->n_flags; i++) {
		const struct df_flag *fl = &in->flags[i];

		if (!fl->value)
			continue;
		if (in->kind == DF_COPY && !strcmp(fl->name, "from")) {
			stage_copy_ref(p, names, r, at, fl->value);
		} else if (in->kind == DF_RUN && !strcmp(fl->name, "mount")) {
			char *from = stage_mount_from(fl->value);

			if (from)
				stage_copy_ref(p, names, r, at, from);
			free(from);
		}
	}
}

/* Mark the final stage and everything it builds on or copies from. */
static void stage_reach(struct df_file *f)
{
	int *stack;
	size_t n = 0;

	if (f->final_stage < 0)
		return;
	stack = vakt_xmalloc(f->n_stages * sizeof(*stack));
	f->stages[f->final_stage].reachable = true;
	stack[n++] = f->final_stage;
	while (n) {
		const struct df_stage *st = &f->stages[stack[--n]];

		/* Each stage is pushed once, so the stack never outgrows n_stages. */
		if (st->parent >= 0 && !f->stages[st->parent].reachable) {
			f->stages[st->parent].reachable = true;
			stack[n++] = st->parent;
		}
		for (size_t i = 0; i < st->n_copies_from; i++) {
			int c = st->copies_from[i];

			if (!f->stages[c].reachable) {
				f->stages[c].reachable = true;
				stack[n++] = c;
			}
		}
	}
	free(stack);
}

void df_stage_build(struct df_parser *p)
{
	struct df_file *f = p->f;
	struct df_stage_names names = {0};
	struct stage_refs refs = {0};
	size_t n_from = 0;
	int cur = -1;

	for (size_t i = 0; i < f->n_instrs; i++)
		n_from += f->instrs[i].kind == DF_FROM;
	names.cap = 16;
	while (names.cap < n_from * 2)
		names.cap *= 2;
	names.slots = vakt_xcalloc(names.cap, sizeof(*names.slots));
	refs.marks = vakt_xcalloc(n_from + 1, sizeof(*refs.marks));
	for (size_t i = 0; i < f->n_instrs; i++) {
		struct df_instr *in = &f->instrs[i];

		if (in->kind == DF_FROM) {
			stage_refs_flush(p, &refs, cur);
			stage_open(p, &names, i);
			cur = in->stage;
		} else {
			in->stage = cur;
			if (cur >= 0)
				f->stages[cur].end = i + 1;
		}
		df_vars_eval_instr(p, i);
		stage_copies(p, &names, &refs, i);
	}
	stage_refs_flush(p, &refs, cur);
	f->final_stage = (int)f->n_stages - 1;
	if (f->final_stage >= 0)
		f->stages[f->final_stage].is_final = true;
	stage_reach(f);
	free(refs.v);
	free(refs.marks);
	p->fp->names = names;
}

int df_file_find_stage(const struct df_file *f, const char *name)
{
	const struct df_stage_names *names = &df_file_priv(f)->names;

	if (!names->cap || !name)
		return -1;
	return names_find(names, f, name);
}

bool *df_file_shipped(const struct df_file *f)
{
	bool *ships = vakt_xcalloc(f->n_stages ? f->n_stages : 1, sizeof(*ships));

	for (size_t s = 0; s < f->n_stages; s++) {
		int k = (int)s;

		if (!f->stages[s].is_final && (int)s != f->final_stage)
			continue;
		while (k >= 0 && (size_t)k < f->n_stages && !ships[k]) {
			ships[k] = true;
			k = f->stages[k].parent;
		}
	}
	return ships;
}
